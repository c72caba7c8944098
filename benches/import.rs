//! `planmeet import` of the seed document (柳办发〔2021〕18号, 35 KB of extracted text):
//! healing, structure, owners, targets, annexes, and the draft written as RON.
//! Goal (issue 16): under 100 ms, release build.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use criterion::{Criterion, criterion_group, criterion_main};
use planmeet::import;

const SEED: &str = include_str!("../tests/fixtures/liuzhou-2021-18.txt");

fn bench(c: &mut Criterion) {
    c.bench_function("import seed", |b| {
        b.iter(|| import::import_text(std::hint::black_box(SEED)).unwrap())
    });
    c.bench_function("import seed + write draft", |b| {
        b.iter(|| {
            let imported = import::import_text(std::hint::black_box(SEED)).unwrap();
            import::render(&imported, "seed")
        })
    });
    let imported = import::import_text(SEED).unwrap();
    let bundled = planmeet::store::load_embedded().unwrap().plan;
    c.bench_function("diff bundled plan vs imported draft", |b| {
        b.iter(|| import::diff::diff(std::hint::black_box(&bundled), &imported.plan))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
