//! Parses every file of a directory (a fuzz corpus, say) and lists the slowest: a backtracking
//! fault shows here as an input far slower per byte than the rest, long before it is slow
//! enough to be a fuzzer's timeout.
//!
//! `slowest_inputs DIR [MAX_BYTES] [COUNT]` cuts each file to MAX_BYTES (default: whole files,
//! as with libFuzzer's `-max_len`), parses it three times and prints the mean and the COUNT
//! slowest (default 10), e.g.
//!
//! ```sh
//! cargo run --release -p mete-benches --example slowest_inputs -- fuzz/corpus/parse 1024
//! ```

#![allow(
    clippy::disallowed_methods,
    reason = "a measuring tool outside the core: it reads files and the clock"
)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use mete_core::FileId;
use mete_core::parser::{ParseOptions, parse_bytes};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: slowest_inputs DIR [MAX_BYTES] [COUNT]");
        std::process::exit(2);
    };
    let max_bytes: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(usize::MAX);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{dir}: {e}");
            std::process::exit(2);
        }
    };
    let options = ParseOptions::default();
    let mut timed: Vec<(Duration, usize, PathBuf)> = Vec::new();
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        let Ok(mut bytes) = std::fs::read(&path) else {
            continue;
        };
        bytes.truncate(max_bytes);
        let start = Instant::now();
        for _ in 0..3 {
            std::hint::black_box(parse_bytes(FileId(0), &bytes, &options).is_ok());
        }
        timed.push((start.elapsed() / 3, bytes.len(), path));
    }
    if timed.is_empty() {
        eprintln!("{dir}: no files");
        std::process::exit(2);
    }
    let total: Duration = timed.iter().map(|t| t.0).sum();
    let files = u32::try_from(timed.len()).unwrap_or(u32::MAX);
    println!("{} files, mean {:.1?} a parse", timed.len(), total / files);
    // Slowest first; ties by path, so the listing is stable.
    timed.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
    for (time, len, path) in timed.iter().take(count) {
        println!("{time:>10.2?} {len:>7} bytes  {}", path.display());
    }
}
