//! Plan loading: parse + validate the Liuzhou plan and a 10,000 sub-task synthetic plan.
//! Goals (issue 2): Liuzhou under 5 ms, synthetic under 100 ms, release build.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use criterion::{Criterion, criterion_group, criterion_main};
use planmeet::store::plan_file::{EMBEDDED_PLAN, load_plan_str};
use planmeet::synthetic::{self, Shape};

fn load(c: &mut Criterion) {
    c.bench_function("load+validate liuzhou", |b| {
        b.iter(|| load_plan_str(std::hint::black_box(EMBEDDED_PLAN), "liuzhou").unwrap())
    });
    let seed = load_plan_str(EMBEDDED_PLAN, "liuzhou").unwrap().plan;
    let text = synthetic::plan_text(&synthetic::plan(&seed, Shape::LARGE));
    let mut group = c.benchmark_group("synthetic");
    group.sample_size(20);
    group.bench_function("load+validate 10k tasks", |b| {
        b.iter(|| load_plan_str(std::hint::black_box(&text), "synthetic").unwrap())
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
