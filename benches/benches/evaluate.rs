//! Deciding cases of the generated 20-item benchmark table, against the same rules written by
//! hand in plain Rust.
//!
//! Run: `cargo bench -p mete-benches --bench evaluate`. Groups:
//! - `evaluate/single`: one pre-parsed case: mete with trace, mete without trace, the baseline;
//! - `evaluate/batch_1000`: 1,000 pre-parsed cases (throughput in cases);
//! - `json/single`, `json/batch_1000`: JSON text in → `evaluate_json` → `serde_json::to_string`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mete_benches::baseline::Baseline;
use mete_benches::{TableCase, table_book, table_cases};
use mete_core::case::{Case, CaseOptions};
use mete_core::compile::Rulebook;
use mete_core::eval::EvalOptions;

struct Fixture {
    book: Rulebook,
    baseline: Baseline,
    plain: Vec<TableCase>,
    parsed: Vec<Case>,
    json: Vec<String>,
}

fn fixture() -> Fixture {
    let book = match table_book() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("the table rulebook does not compile:\n{e}");
            std::process::exit(1);
        }
    };
    let plain = table_cases(1000, 42);
    let json: Vec<String> = plain.iter().map(TableCase::to_json).collect();
    let parsed: Vec<Case> = json
        .iter()
        .filter_map(|j| book.read_case(j.as_bytes(), &CaseOptions::default()).ok())
        .collect();
    if parsed.len() != plain.len() {
        eprintln!("some generated cases are invalid");
        std::process::exit(1);
    }
    Fixture {
        book,
        baseline: Baseline::new(),
        plain,
        parsed,
        json,
    }
}

/// A representative single case: alternatives by goods value, five tiers, priors to count.
fn pick(f: &Fixture) -> usize {
    f.plain
        .iter()
        .position(|c| c.item == 8 && c.priors.len() >= 2 && !c.minor_harmless && !c.coerced)
        .unwrap_or(0)
}

fn evaluate(c: &mut Criterion) {
    let f = fixture();
    let trace = EvalOptions { trace: true };
    let quiet = EvalOptions { trace: false };
    let one = pick(&f);

    let mut g = c.benchmark_group("evaluate/single");
    g.throughput(Throughput::Elements(1));
    if let (Some(case), Some(plain)) = (f.parsed.get(one), f.plain.get(one)) {
        g.bench_function("mete_trace", |b| {
            b.iter(|| f.book.evaluate(black_box(case), &trace).is_ok())
        });
        g.bench_function("mete_no_trace", |b| {
            b.iter(|| f.book.evaluate(black_box(case), &quiet).is_ok())
        });
        g.bench_function("baseline", |b| {
            b.iter(|| f.baseline.decide(black_box(plain)).is_ok())
        });
    }
    g.finish();

    let mut g = c.benchmark_group("evaluate/batch_1000");
    g.throughput(Throughput::Elements(f.parsed.len() as u64));
    for (name, opts) in [("mete_trace", &trace), ("mete_no_trace", &quiet)] {
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                let mut ok = 0usize;
                for case in black_box(&f.parsed) {
                    if let Ok(d) = f.book.evaluate(case, opts) {
                        ok += usize::from(d.fine().is_some());
                    }
                }
                ok
            })
        });
    }
    g.bench_function("baseline", |b| {
        b.iter(|| {
            let mut ok = 0usize;
            for case in black_box(&f.plain) {
                if let Ok(d) = f.baseline.decide(case) {
                    ok += usize::from(d.band.is_some());
                }
            }
            ok
        })
    });
    g.finish();

    let json_out = |src: &str, opts: &EvalOptions| -> usize {
        match f
            .book
            .evaluate_json(src.as_bytes(), opts, &CaseOptions::default())
        {
            Ok(d) => serde_json::to_string(&d).map_or(0, |s| s.len()),
            Err(_) => 0,
        }
    };
    let mut g = c.benchmark_group("json/single");
    g.throughput(Throughput::Elements(1));
    if let Some(src) = f.json.get(one) {
        g.bench_function("mete_trace", |b| {
            b.iter(|| json_out(black_box(src), &trace))
        });
        g.bench_function("mete_no_trace", |b| {
            b.iter(|| json_out(black_box(src), &quiet))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("json/batch_1000");
    g.throughput(Throughput::Elements(f.json.len() as u64));
    for (name, opts) in [("mete_trace", &trace), ("mete_no_trace", &quiet)] {
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                black_box(&f.json)
                    .iter()
                    .map(|s| json_out(s, opts))
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = evaluate
}
criterion_main!(benches);
