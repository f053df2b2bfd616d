//! The native counterpart of `benches/wasm_bench.mjs`: decides the same cases (the single-rulebook
//! entries of `tests/conformance`) through the same glue function the WASM package calls
//! (`answers::evaluate`: case JSON text in, answer JSON text out) and prints cases per second.
//!
//! `cargo run --release -p mete-wasm --example native_bench [seconds]`

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use mete_core::api;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("native_bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

// A benchmark measures time; the glue and the core never read the clock.
#[allow(clippy::disallowed_methods)]
fn run() -> Result<(), String> {
    let seconds: f64 = std::env::args()
        .nth(1)
        .map(|s| s.parse().map_err(|e| format!("seconds: {e}")))
        .transpose()?
        .unwrap_or(3.0);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&dir.join("manifest.json"))?).map_err(|e| e.to_string())?;
    let entries = manifest.as_array().ok_or("manifest is not an array")?;
    // Sources named as the manifest names them; books/ holds every import.
    let mut sources = BTreeMap::new();
    let books_dir = dir.join("books");
    for f in std::fs::read_dir(&books_dir).map_err(|e| e.to_string())? {
        let name = f.map_err(|e| e.to_string())?.file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".mete") {
            sources.insert(format!("books/{name}"), read(&books_dir.join(&*name))?);
        }
    }
    let mut cases = Vec::new();
    let mut books = BTreeMap::new();
    for e in entries {
        let Some([book]) = e["rulebooks"].as_array().map(Vec::as_slice) else {
            continue;
        };
        let book = book.as_str().ok_or("rulebook name")?.to_string();
        if !sources.contains_key(&book) {
            sources.insert(book.clone(), read(&dir.join(&book))?);
        }
        if !books.contains_key(&book) {
            let (_, compiled) = api::compile_rulebook(&sources, &book);
            books.insert(
                book.clone(),
                compiled.ok_or(format!("{book} does not compile"))?,
            );
        }
        let case = read(&dir.join(e["case"].as_str().ok_or("case path")?))?;
        cases.push((book, case));
    }
    let budget = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut decided = 0u64;
    let mut bytes = 0usize;
    while start.elapsed() < budget {
        for (book, case) in &cases {
            let b = books.get(book).ok_or("book")?;
            bytes += mete_wasm::answers::evaluate(b, case).len();
            decided += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "native: {} cases ({} distinct) in {secs:.2} s: {:.0} cases/s ({bytes} answer bytes)",
        decided,
        cases.len(),
        decided as f64 / secs
    );
    Ok(())
}
