//! Decides the 1,000 generated table cases many times, without trace: a small binary to run
//! under a profiler.
//!
//! `profile_eval [ROUNDS] [mete|baseline]` (default: 20 rounds of mete). To count instructions
//! per decided case the same way for both:
//!
//! ```sh
//! valgrind --tool=callgrind --toggle-collect='mete_core::eval::decide::decide' \
//!     target/release/examples/profile_eval 5 mete
//! valgrind --tool=callgrind --toggle-collect='mete_benches::baseline::Baseline::decide' \
//!     target/release/examples/profile_eval 5 baseline
//! ```
//!
//! and divide the collected instruction count by 5,000.

use mete_benches::baseline::Baseline;
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
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let baseline = args.next().is_some_and(|m| m == "baseline");
    let plain = table_cases(1000, 42);
    let mut banded = 0usize;
    if baseline {
        let b = Baseline::new();
        for _ in 0..rounds {
            for c in &plain {
                if let Ok(d) = b.decide(std::hint::black_box(c)) {
                    banded += usize::from(d.band.is_some());
                }
            }
        }
    } else {
        let cases: Vec<Case> = plain
            .iter()
            .map(TableCase::to_json)
            .filter_map(|j| book.read_case(j.as_bytes(), &CaseOptions::default()).ok())
            .collect();
        let opts = EvalOptions { trace: false };
        for _ in 0..rounds {
            for c in &cases {
                if let Ok(d) = book.evaluate(std::hint::black_box(c), &opts) {
                    banded += usize::from(d.fine().is_some());
                }
            }
        }
    }
    println!("{banded}");
}
