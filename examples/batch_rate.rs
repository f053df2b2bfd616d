//! The native batch rate: cases per second through `Rulebook::evaluate_json` on one thread, for
//! comparison with the Python package (`benches/python_bench.py` runs this on the same cases).
//!
//! ```sh
//! cargo run --release -p mete-core --example batch_rate -- RULEBOOK CASES.jsonl [ROUNDS]
//! ```
//!
//! Each case line is read, decided and turned into the decision contract (trace off, as in the
//! Python batch functions; then trace on), every round; the best round counts. Prints one JSON
//! line: `{"cases": N, "decided": D, "trace_off": cases/s, "trace_on": cases/s}`.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::Instant;

use mete_core::case::CaseOptions;
use mete_core::check::{CheckOptions, LoadedFile, Loader, join_path};
use mete_core::compile::Rulebook;
use mete_core::eval::EvalOptions;

/// Reads imports from the rulebook's directory.
struct DirLoader(PathBuf);

impl Loader for DirLoader {
    fn load(&self, importer: &str, path: &str) -> Result<LoadedFile, String> {
        let name = join_path(importer, path)?;
        let bytes = std::fs::read(self.0.join(&name)).map_err(|e| format!("{name}: {e}"))?;
        Ok(LoadedFile { name, bytes })
    }
}

#[allow(
    clippy::disallowed_methods,
    reason = "a benchmark reads the clock; the library itself never does"
)]
fn rate(book: &Rulebook, cases: &[Vec<u8>], trace: bool, rounds: usize) -> (usize, f64) {
    let options = EvalOptions { trace };
    let case_options = CaseOptions::default();
    let mut best = f64::MAX;
    let mut decided = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        decided = 0;
        for c in cases {
            if std::hint::black_box(book.evaluate_json(c, &options, &case_options)).is_ok() {
                decided += 1;
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    (decided, cases.len() as f64 / best)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(book_path), Some(cases_path)) = (args.first(), args.get(1)) else {
        return Err("usage: batch_rate RULEBOOK CASES.jsonl [ROUNDS]".into());
    };
    let rounds: usize = args.get(2).map_or(Ok(3), |r| r.parse())?;
    let book_path = Path::new(book_path);
    let dir = book_path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let name = book_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or("no file name")?;
    let bytes = std::fs::read(book_path)?;
    let (book, _) = Rulebook::from_source(&name, &bytes, &DirLoader(dir), &CheckOptions::default())
        .map_err(|e| format!("{} diagnostics", e.diagnostics.len()))?;
    let text = std::fs::read(cases_path)?;
    let cases: Vec<Vec<u8>> = text
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect();
    let (decided, off) = rate(&book, &cases, false, rounds);
    let (_, on) = rate(&book, &cases, true, rounds);
    println!(
        "{{\"cases\": {}, \"decided\": {decided}, \"trace_off\": {off:.0}, \"trace_on\": {on:.0}}}",
        cases.len()
    );
    Ok(())
}
