//! Reading rulebooks from disk: finding inputs, naming files, loading imports.
//!
//! File names shown to people (and used by the checker as file identities) are paths relative
//! to the current directory, with `/` separators, so output is the same on every machine that
//! runs the same command from the same place.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use mete_core::check::{LoadedFile, Loader};

/// A file to process: where it is and what to call it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Canonical path on disk.
    pub path: PathBuf,
    /// Display name, relative to the current directory when possible.
    pub name: String,
}

/// A problem with a path given on the command line or met while reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoProblem {
    /// The path as the user wrote it (or as it was found).
    pub path: String,
    /// What went wrong, lowercase, one line.
    pub message: String,
}

/// Why reading a file failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The operating system refused or failed.
    Io(String),
    /// The file is larger than the limit (in bytes).
    TooLarge(usize),
}

/// A lowercase, one-line description of an I/O error, without the OS error number.
pub fn describe_io(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file or directory".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        other => other.to_string(),
    }
}

/// Reads at most `limit` bytes of `path`; a longer file is [`ReadError::TooLarge`] so that a
/// huge file is refused without being read whole.
pub fn read_limited(path: &Path, limit: usize) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(describe_io(&e)))?;
    let mut bytes = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    file.take(cap)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(describe_io(&e)))?;
    if bytes.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// `path` relative to `base` (both absolute and canonical), with `/` separators; `..` steps are
/// used when `path` is outside `base`. Falls back to the absolute path across drive roots.
pub fn display_name(path: &Path, base: &Path) -> String {
    let p: Vec<Component<'_>> = path.components().collect();
    let b: Vec<Component<'_>> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return slashed(path.components());
    }
    let ups = b.len().saturating_sub(common);
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), ups).collect();
    parts.extend(
        p.iter()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

fn slashed<'a>(components: impl Iterator<Item = Component<'a>>) -> String {
    let mut out = String::new();
    for c in components {
        match c {
            Component::RootDir => out.push('/'),
            Component::Prefix(p) => out.push_str(&p.as_os_str().to_string_lossy()),
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

/// Expands the command line's paths into files: a file stands for itself, a directory for every
/// `*.mete` file below it in sorted order (symbolic links to directories are not followed). Each
/// file appears once, at its first mention.
pub fn collect_inputs(paths: &[PathBuf], cwd: &Path) -> (Vec<Input>, Vec<IoProblem>) {
    let mut inputs: Vec<Input> = Vec::new();
    let mut problems = Vec::new();
    for given in paths {
        let shown = given.to_string_lossy().into_owned();
        let full = cwd.join(given);
        let canonical = match full.canonicalize() {
            Ok(c) => c,
            Err(e) => {
                problems.push(IoProblem {
                    path: shown,
                    message: describe_io(&e),
                });
                continue;
            }
        };
        let mut found = Vec::new();
        if canonical.is_dir() {
            if let Err(problem) = walk(&canonical, cwd, &mut found) {
                problems.push(problem);
            }
            if found.is_empty() {
                problems.push(IoProblem {
                    path: shown,
                    message: "no `.mete` files in this directory".to_string(),
                });
            }
        } else {
            found.push(canonical);
        }
        for path in found {
            if inputs.iter().all(|i| i.path != path) {
                let name = display_name(&path, cwd);
                inputs.push(Input { path, name });
            }
        }
    }
    (inputs, problems)
}

fn walk(dir: &Path, cwd: &Path, out: &mut Vec<PathBuf>) -> Result<(), IoProblem> {
    let problem = |e: std::io::Error| IoProblem {
        path: display_name(dir, cwd),
        message: describe_io(&e),
    };
    let mut entries: Vec<(PathBuf, bool)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(problem)? {
        let entry = entry.map_err(problem)?;
        let kind = entry.file_type().map_err(problem)?;
        entries.push((entry.path(), kind.is_dir()));
    }
    entries.sort();
    for (path, is_dir) in entries {
        if is_dir {
            walk(&path, cwd, out)?;
        } else if path.extension().is_some_and(|e| e == "mete") {
            out.push(path);
        }
    }
    Ok(())
}

/// Loads imports from disk, relative to the importing file.
///
/// Import paths must be relative; the result is canonicalised (symbolic links resolved) and
/// named relative to `cwd`, so the same file reached by two spellings has one name (which is
/// what cycle detection needs). With a `root`, an import whose canonical path lies outside it
/// is refused: a rulebook from elsewhere cannot make mete read `../../home/…` or follow a
/// symbolic link out of its directory.
#[derive(Debug, Clone)]
pub struct DiskLoader {
    /// The canonical current directory; display names are relative to it.
    pub cwd: PathBuf,
    /// Largest file accepted, in bytes.
    pub max_bytes: usize,
    /// Canonical directory every import must stay inside; `None` allows any file.
    pub root: Option<PathBuf>,
}

/// Which directory imports must stay inside.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ImportRoot {
    /// The default: the current directory when the rulebook named on the command line lies
    /// inside it (so a project's test files may import `../book.mete`), else the rulebook's own
    /// directory.
    #[default]
    Project,
    /// A directory given with `--import-root`.
    Dir(PathBuf),
    /// Anywhere (`--allow-imports-outside-root`).
    Anywhere,
}

impl DiskLoader {
    /// A loader for the rulebook at `rulebook` (a path on disk) under the `policy`.
    pub fn for_rulebook(
        cwd: &Path,
        max_bytes: usize,
        policy: &ImportRoot,
        rulebook: &Path,
    ) -> Self {
        let dir = |p: &Path| {
            let full = cwd.join(p);
            full.canonicalize().unwrap_or(full)
        };
        let root = match policy {
            ImportRoot::Project => {
                let own = rulebook
                    .parent()
                    .map(dir)
                    .unwrap_or_else(|| cwd.to_path_buf());
                Some(if own.starts_with(cwd) {
                    cwd.to_path_buf()
                } else {
                    own
                })
            }
            ImportRoot::Dir(d) => Some(dir(d)),
            ImportRoot::Anywhere => None,
        };
        DiskLoader {
            cwd: cwd.to_path_buf(),
            max_bytes,
            root,
        }
    }
}

impl Loader for DiskLoader {
    fn load(&self, importer: &str, path: &str) -> Result<LoadedFile, String> {
        let written = Path::new(path);
        if written.has_root() || written.is_absolute() || path.starts_with('\\') {
            return Err(format!(
                "import `{path}` is absolute; write it relative to the importing file"
            ));
        }
        let importer_dir = self
            .cwd
            .join(importer)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.cwd.clone());
        let target = importer_dir.join(written);
        let canonical = target
            .canonicalize()
            .map_err(|e| format!("cannot read `{path}`: {}", describe_io(&e)))?;
        if let Some(root) = &self.root {
            if !canonical.starts_with(root) {
                return Err(format!(
                    "import `{path}` leads outside the rulebook root `{}`; pass --import-root DIR or --allow-imports-outside-root to allow it",
                    display_name(root, &self.cwd)
                ));
            }
        }
        if canonical.is_dir() {
            return Err(format!("cannot read `{path}`: it is a directory"));
        }
        let bytes = read_limited(&canonical, self.max_bytes).map_err(|e| match e {
            ReadError::Io(m) => format!("cannot read `{path}`: {m}"),
            ReadError::TooLarge(limit) => {
                format!("cannot read `{path}`: larger than the limit of {limit} bytes")
            }
        })?;
        Ok(LoadedFile {
            name: display_name(&canonical, &self.cwd),
            bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_relative_with_slashes() {
        let base = Path::new("/a/b");
        assert_eq!(display_name(Path::new("/a/b/c/d.mete"), base), "c/d.mete");
        assert_eq!(display_name(Path::new("/a/x.mete"), base), "../x.mete");
        assert_eq!(display_name(Path::new("/z/y.mete"), base), "../../z/y.mete");
        assert_eq!(display_name(Path::new("/a/b"), base), ".");
    }

    #[test]
    fn absolute_imports_are_refused() {
        let loader = DiskLoader {
            cwd: std::env::temp_dir(),
            max_bytes: 100,
            root: None,
        };
        let err = loader.load("a.mete", "/etc/passwd").unwrap_err();
        assert!(err.contains("is absolute"), "{err}");
    }

    #[test]
    fn imports_resolve_against_the_importer() {
        let dir = std::env::temp_dir().join(format!("mete-loader-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub/general")).unwrap();
        std::fs::write(dir.join("sub/general/law.mete"), "x").unwrap();
        let cwd = dir.canonicalize().unwrap();
        let loader = DiskLoader {
            cwd: cwd.clone(),
            max_bytes: 100,
            root: None,
        };
        let file = loader
            .load("sub/a.mete", "general/../general/law.mete")
            .unwrap();
        assert_eq!(file.name, "sub/general/law.mete");
        assert_eq!(file.bytes, b"x");
        let missing = loader.load("sub/a.mete", "nope.mete").unwrap_err();
        assert_eq!(
            missing,
            "cannot read `nope.mete`: no such file or directory"
        );
        std::fs::write(dir.join("big.mete"), "0123456789").unwrap();
        let small = DiskLoader {
            cwd,
            max_bytes: 4,
            root: None,
        };
        let big = small.load("a.mete", "big.mete").unwrap_err();
        assert!(big.contains("larger than the limit of 4 bytes"), "{big}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A scratch directory: `root/book/` holds the rulebook, `root/outside.mete` is outside it,
    /// `root/book/link.mete` is a symbolic link to it.
    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("mete-root-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("book/sub")).unwrap();
        std::fs::write(dir.join("outside.mete"), "o").unwrap();
        std::fs::write(dir.join("book/sub/in.mete"), "i").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("outside.mete"), dir.join("book/link.mete")).unwrap();
        dir.canonicalize().unwrap()
    }

    #[test]
    fn imports_stay_inside_the_rulebook_directory() {
        let dir = scratch("confined");
        // Run from inside `book/`: the current directory is the root.
        let here = dir.join("book");
        let loader =
            DiskLoader::for_rulebook(&here, 100, &ImportRoot::Project, Path::new("main.mete"));
        assert_eq!(loader.load("main.mete", "sub/in.mete").unwrap().bytes, b"i");
        // Climbing out and back in is fine: only where the file is counts.
        assert_eq!(
            loader.load("sub/in.mete", "../sub/in.mete").unwrap().bytes,
            b"i"
        );
        for path in ["../outside.mete", "sub/../../outside.mete"] {
            let err = loader.load("main.mete", path).unwrap_err();
            assert!(err.contains("leads outside the rulebook root `.`"), "{err}");
        }
        #[cfg(unix)]
        {
            let err = loader.load("main.mete", "link.mete").unwrap_err();
            assert!(err.contains("leads outside"), "a symbolic link out: {err}");
        }
        let err = loader.load("main.mete", "/etc/passwd").unwrap_err();
        assert!(err.contains("is absolute"), "{err}");
        // A rulebook outside the current directory is confined to its own directory.
        let elsewhere = DiskLoader::for_rulebook(
            &here.join("sub"),
            100,
            &ImportRoot::Project,
            &here.join("main.mete"),
        );
        let err = elsewhere
            .load("../main.mete", "../outside.mete")
            .unwrap_err();
        assert!(
            err.contains("leads outside the rulebook root `..`"),
            "{err}"
        );
        // From the directory above, `outside.mete` is inside the project.
        let above =
            DiskLoader::for_rulebook(&dir, 100, &ImportRoot::Project, Path::new("book/main.mete"));
        assert_eq!(
            above
                .load("book/main.mete", "../outside.mete")
                .unwrap()
                .bytes,
            b"o"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_caller_can_widen_or_lift_the_root() {
        let dir = scratch("widened");
        let book = Path::new("book/main.mete");
        let wide = DiskLoader::for_rulebook(&dir, 100, &ImportRoot::Dir(dir.clone()), book);
        assert_eq!(
            wide.load("book/main.mete", "../outside.mete")
                .unwrap()
                .bytes,
            b"o"
        );
        let narrow =
            DiskLoader::for_rulebook(&dir, 100, &ImportRoot::Dir(dir.join("book/sub")), book);
        assert!(narrow.load("book/main.mete", "../outside.mete").is_err());
        let open = DiskLoader::for_rulebook(&dir, 100, &ImportRoot::Anywhere, book);
        assert_eq!(
            open.load("book/main.mete", "../outside.mete")
                .unwrap()
                .bytes,
            b"o"
        );
        #[cfg(unix)]
        assert_eq!(
            open.load("book/main.mete", "link.mete").unwrap().bytes,
            b"o"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
