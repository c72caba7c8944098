//! Status annotations (issues 4 and 7). Goals, release build:
//! - a status file of 100,000 records: load and compute the state under 150 ms;
//! - one change persisted (lock, append, fdatasync, unlock): under 5 ms median;
//! - merging two 50,000-record files (`planmeet merge`): reported;
//! - `status set` at 1,000,000 records (issue 15): the read for one item through the line
//!   index beside the file and the append, against the same on an empty file (goal: ≤ 1.2×
//!   the whole command; the plan's load, the same in both, is not in these figures).
//!
//! The records are the synthetic history ([`synthetic::status_records`]): 50 authors over
//! three years (2021–2023) in and between 40 meetings, on the items of the 10,000 sub-task
//! synthetic plan, a fifth of them one unit's part, notes cut from the real plan's
//! sentences, actual values on targets, one in a hundred an undo.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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

/// What `status set` does with the status file: read it for the item, append the change.
fn set_one(path: &Path, item: &str, n: u8) -> Record {
    let location = Location {
        path: path.to_path_buf(),
        create_dir: false,
    };
    let mut store = StatusStore::open_focused(location, "synthetic", &[item]).unwrap();
    let mut change = Change::new(&Key::new(item, None));
    change.progress = Some(n % 100);
    store
        .record(change, "协调员00", planmeet::store::status_file::now())
        .unwrap()
}

/// A 1,000,000-record file (about 290 MB), made only when its benchmark runs.
fn million() -> &'static (tempfile::TempDir, PathBuf, String) {
    static FILE: OnceLock<(tempfile::TempDir, PathBuf, String)> = OnceLock::new();
    FILE.get_or_init(|| {
        let seed = load_plan_str(EMBEDDED_PLAN, "liuzhou").unwrap().plan;
        let plan = synthetic::plan(&seed, Shape::LARGE);
        let history = History {
            records: 1_000_000,
            ..History::LARGE
        };
        let records = synthetic::status_records(&seed, &plan, history, 7);
        let item = records[records.len() / 2].item.to_string();
        let text = synthetic::status_text("synthetic", &records);
        drop(records);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("synthetic.status.ron");
        std::fs::write(&path, &text).unwrap();
        eprintln!(
            "status file: 1,000,000 records, {:.1} MB",
            text.len() as f64 / 1e6
        );
        // The index is built by the first read (the cold run), not in the figures.
        set_one(&path, &item, 0);
        (dir, path, item)
    })
}

fn status_set(c: &mut Criterion) {
    let empty = tempfile::tempdir().unwrap();
    let empty_path = empty.path().join("synthetic.status.ron");
    let mut n = 0u8;
    let mut group = c.benchmark_group("status");
    group.sample_size(30);
    group.bench_function("set, empty file", |b| {
        b.iter(|| {
            n = n.wrapping_add(1);
            set_one(&empty_path, "p1.t1", n)
        })
    });
    group.bench_function("set, 1M records (line index)", |b| {
        let (_, path, item) = million();
        b.iter(|| {
            n = n.wrapping_add(1);
            set_one(path, item, n)
        })
    });
    group.finish();
}

criterion_group!(benches, status, status_set);
criterion_main!(benches);
