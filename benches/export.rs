//! Exports of the 10,000 sub-task synthetic plan (issue 7): Markdown, JSON and CSV, each
//! rendered to bytes in memory (writing the file is the caller's).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use criterion::{Criterion, criterion_group, criterion_main};
use planmeet::export;
use planmeet::i18n::{Lang, Strings};
use planmeet::model::PlanIndex;
use planmeet::store::load_embedded;
use planmeet::synthetic::{self, Shape};

fn exports(c: &mut Criterion) {
    let seed = load_embedded().unwrap().plan;
    let plan = synthetic::plan(&seed, Shape::LARGE);
    let index = PlanIndex::build(&plan);
    let strings = Strings::new(Lang::Zh);
    let label = |key: &str| strings.get(key).to_owned();
    eprintln!(
        "10k plan exports: md {:.1} MB, json {:.1} MB, csv {:.1} MB",
        export::markdown::render(&plan, &label).len() as f64 / 1e6,
        export::json::render(&plan).unwrap().len() as f64 / 1e6,
        export::csv::render(&plan, &index).unwrap().len() as f64 / 1e6,
    );
    let mut group = c.benchmark_group("export 10k tasks");
    group.sample_size(20);
    group.bench_function("md", |b| {
        b.iter(|| export::markdown::render(std::hint::black_box(&plan), &label))
    });
    group.bench_function("json", |b| {
        b.iter(|| export::json::render(std::hint::black_box(&plan)).unwrap())
    });
    group.bench_function("csv", |b| {
        b.iter(|| export::csv::render(std::hint::black_box(&plan), &index).unwrap())
    });
    group.finish();
}

criterion_group!(benches, exports);
criterion_main!(benches);
