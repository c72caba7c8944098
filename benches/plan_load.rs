//! Plan loading: parse + validate the Liuzhou plan and a 10,000 sub-task synthetic plan.
//! Goals (issue 2): Liuzhou under 5 ms, synthetic under 100 ms, release build.
//! Issue 15: the 10,000 sub-task plan from its file through the plan cache in at most 3×
//! the time of reading and checking its bytes (`read + utf-8 check`, measured alongside).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use criterion::{Criterion, criterion_group, criterion_main};
use planmeet::store::plan_cache::{CacheUse, load_plan_file_cached};
use planmeet::store::plan_file::{EMBEDDED_PLAN, load_plan_file, load_plan_str};
use planmeet::synthetic::{self, Shape};

fn load(c: &mut Criterion) {
    c.bench_function("load+validate liuzhou", |b| {
        b.iter(|| load_plan_str(std::hint::black_box(EMBEDDED_PLAN), "liuzhou").unwrap())
    });
    let seed = load_plan_str(EMBEDDED_PLAN, "liuzhou").unwrap().plan;
    let text = synthetic::plan_text(&synthetic::plan(&seed, Shape::LARGE));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("synthetic.plan.ron");
    std::fs::write(&file, &text).unwrap();
    let cache = dir.path().join("cache");
    let mut group = c.benchmark_group("synthetic");
    group.sample_size(20);
    group.bench_function("load+validate 10k tasks", |b| {
        b.iter(|| load_plan_str(std::hint::black_box(&text), "synthetic").unwrap())
    });
    group.bench_function("read + utf-8 check 10k tasks", |b| {
        b.iter(|| String::from_utf8(std::fs::read(&file).unwrap()).unwrap())
    });
    group.bench_function("file load+validate 10k tasks", |b| {
        b.iter(|| load_plan_file(&file).unwrap())
    });
    assert_ne!(
        load_plan_file_cached(&file, Some(&cache)).unwrap().1,
        CacheUse::Skipped
    );
    group.bench_function("file load+validate 10k tasks from the cache", |b| {
        b.iter(|| {
            let (loaded, used) = load_plan_file_cached(&file, Some(&cache)).unwrap();
            assert_eq!(used, CacheUse::Hit);
            loaded
        })
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
