//! Shared by the integration tests that read rulebooks from the repository.

use std::path::{Path, PathBuf};

use mete_core::check::{LoadedFile, Loader, join_path};

/// A directory of the repository, given relative to its root (`"rulebooks"`).
pub fn repo_dir(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

/// Reads imports from one directory; file names are relative to it, so they (and the content
/// hash built from them) do not depend on where the repository is checked out.
pub struct DirLoader(pub PathBuf);

impl Loader for DirLoader {
    fn load(&self, importer: &str, path: &str) -> Result<LoadedFile, String> {
        let name = join_path(importer, path)?;
        let bytes = std::fs::read(self.0.join(&name)).map_err(|e| format!("{name}: {e}"))?;
        Ok(LoadedFile { name, bytes })
    }
}

/// Compiles `name` (relative to `root`) with its imports from `root`; panics listing every
/// diagnostic when it does not check.
#[allow(
    dead_code,
    reason = "not every test binary that includes this module compiles rulebooks"
)]
pub fn compile(root: &Path, name: &str) -> mete_core::compile::Rulebook {
    let bytes = std::fs::read(root.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let loader = DirLoader(root.to_path_buf());
    let options = mete_core::check::CheckOptions::default();
    match mete_core::compile::Rulebook::from_source(name, &bytes, &loader, &options) {
        Ok((book, _warnings)) => book,
        Err(e) => panic!(
            "{name} does not check:\n{}",
            e.diagnostics
                .iter()
                .map(|d| format!("  {:?}", d.to_dto(&e.sources)))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}
