//! Status annotations (issues 4 and 7). Goals, release build:
//! - a status file of 100,000 records: load and compute the state under 150 ms;
//! - one change persisted (lock, append, fdatasync, unlock): under 5 ms median;
//! - merging two 50,000-record files (`planmeet merge`): reported.
//!
//! The records are the synthetic history ([`synthetic::status_records`]): 50 authors over
//! three years (2021–2023) in and between 40 meetings, on the items of the 10,000 sub-task
//! synthetic plan, a fifth of them one unit's part, notes cut from the real plan's
//! sentences, actual values on targets, one in a hundred an undo.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::path::PathBuf;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use planmeet::model::annotation::{Change, Key, Record};
use planmeet::store::plan_file::{EMBEDDED_PLAN, load_plan_str};
use planmeet::store::status::{merge_files, scan};
use planmeet::store::status_file::{Location, StatusStore};
use planmeet::synthetic::{self, History, Shape};

const RECORDS: usize = 100_000;

fn records() -> Vec<Record> {
    let seed = load_plan_str(EMBEDDED_PLAN, "liuzhou").unwrap().plan;
    let plan = synthetic::plan(&seed, Shape::LARGE);
    synthetic::status_records(&seed, &plan, History::LARGE, 7)
}

fn status(c: &mut Criterion) {
    let records = records();
    // In the order they were made: as a shared file fills.
    let text = synthetic::status_text("synthetic", &records);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("synthetic.status.ron");
    std::fs::write(&path, &text).unwrap();
    eprintln!(
        "status file: {} records, {:.1} MB",
        records.len(),
        text.len() as f64 / 1e6
    );
    let location = Location {
        path: path.clone(),
        create_dir: false,
    };

    let mut group = c.benchmark_group("status");
    group.sample_size(20);
    // Dropping the store is not part of loading it.
    group.bench_function("load+state 100k records", |b| {
        b.iter_with_large_drop(|| {
            let store = StatusStore::open(location.clone(), "synthetic").unwrap();
            assert_eq!(store.log().len(), RECORDS);
            store
        })
    });
    group.bench_function("parse only 100k records", |b| {
        b.iter(|| {
            scan(std::hint::black_box(text.as_bytes()), 1, "bench")
                .records
                .len()
        })
    });
    group.finish();

    // Two laptops' files of 50,000 records each, sharing their first 25,000 (the union
    // has 75,000), merged into a new file.
    let half = RECORDS / 2;
    let quarter = RECORDS / 4;
    let laptop_a = &records[..half];
    let laptop_b: Vec<Record> = records[..quarter]
        .iter()
        .chain(&records[half..half + quarter])
        .cloned()
        .collect();
    let inputs: Vec<PathBuf> = [("a", laptop_a), ("b", &laptop_b[..])]
        .into_iter()
        .map(|(name, records)| {
            let path = dir.path().join(format!("{name}.status.ron"));
            std::fs::write(&path, synthetic::status_text("synthetic", records)).unwrap();
            path
        })
        .collect();
    let out = dir.path().join("merged.status.ron");
    let mut group = c.benchmark_group("status");
    group.sample_size(10);
    group.bench_function("merge two 50k-record files", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_file(&out);
            },
            |()| {
                let report = merge_files(&inputs, &out).unwrap();
                assert_eq!(report.records, half + quarter);
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();

    let mut store = StatusStore::open(location, "synthetic").unwrap();
    let key = Key::new(&records[0].item, None);
    let mut n = 0u8;
    let mut group = c.benchmark_group("status");
    group.sample_size(200);
    group.bench_function("persist one change (append+fdatasync)", |b| {
        b.iter(|| {
            n = (n + 1) % 100;
            let mut change = Change::new(&key);
            change.progress = Some(n);
            store
                .record(change, "协调员00", planmeet::store::status_file::now())
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, status);
criterion_main!(benches);
