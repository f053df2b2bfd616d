//! Parse and check cost of generated rulebooks of 100, 1,000 and 10,000 items.
//!
//! Run: `cargo bench -p mete-benches --bench front_end`. Cost should grow linearly with the item
//! count; compare the per-item times of the three sizes within one run.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mete_core::check::{CheckOptions, MemoryLoader, check};
use mete_core::parser::{ParseOptions, parse_with};
use mete_core::span::FileId;

fn front_end(c: &mut Criterion) {
    let mut group = c.benchmark_group("front_end");
    group.sample_size(10);
    for items in [100usize, 1_000, 10_000] {
        let src = mete_benches::rulebook(items);
        let parse_opts = ParseOptions {
            max_source_bytes: 64 * 1024 * 1024,
            ..ParseOptions::default()
        };
        let check_opts = CheckOptions {
            parse: parse_opts.clone(),
            ..CheckOptions::default()
        };
        group.throughput(Throughput::Elements(items as u64));
        group.bench_with_input(BenchmarkId::new("parse", items), &src, |b, src| {
            b.iter(|| parse_with(FileId(0), src, &parse_opts).is_ok())
        });
        group.bench_with_input(BenchmarkId::new("parse+check", items), &src, |b, src| {
            let loader = MemoryLoader::default();
            b.iter(|| {
                check("bench.mete", src.as_bytes(), &loader, &check_opts)
                    .rulebook
                    .is_some()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, front_end);
criterion_main!(benches);
