//! Decides the 1,000 generated table cases many times, without trace: a small binary to run
//! under a profiler (`valgrind --tool=callgrind target/release/examples/profile_eval`).

use mete_benches::{TableCase, table_book, table_cases};
use mete_core::case::{Case, CaseOptions};
use mete_core::eval::EvalOptions;

fn main() {
    let book = match table_book() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let cases: Vec<Case> = table_cases(1000, 42)
        .iter()
        .map(TableCase::to_json)
        .filter_map(|j| book.read_case(j.as_bytes(), &CaseOptions::default()).ok())
        .collect();
    let opts = EvalOptions { trace: false };
    let mut banded = 0usize;
    for _ in 0..rounds {
        for c in &cases {
            if let Ok(d) = book.evaluate(c, &opts) {
                banded += usize::from(d.fine().is_some());
            }
        }
    }
    println!("{banded}");
}
