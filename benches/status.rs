//! Status annotations (issue 4). Goals, release build:
//! - a status file of 100,000 records: load and compute the state under 150 ms;
//! - one change persisted (lock, append, fdatasync, unlock): under 5 ms median.
//!
//! The records are generated: 50 authors over three years (2021–2023), on the items of the
//! 10,000 sub-task synthetic plan, a fifth of them one unit's part, notes cut from the real
//! plan's sentences, actual values on targets.

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::{Timestamp, tz::Offset};
use planmeet::model::annotation::{Actual, Change, Key, Record, Stamp, Status, responsible_units};
use planmeet::model::{Node, PlanIndex};
use planmeet::store::plan_file::{EMBEDDED_PLAN, load_plan_str};
use planmeet::store::status::{merged_text, scan};
use planmeet::store::status_file::{Location, StatusStore, new_record_id};
use planmeet::synthetic::{self, Rng, Shape};

const RECORDS: usize = 100_000;

fn records() -> Vec<Record> {
    let seed = load_plan_str(EMBEDDED_PLAN, "liuzhou").unwrap().plan;
    let plan = synthetic::plan(&seed, Shape::LARGE);
    let index = PlanIndex::build(&plan);
    let sentences: Vec<&str> = seed
        .programmes
        .iter()
        .flat_map(|p| &p.tasks)
        .flat_map(|t| t.body.split_inclusive('。'))
        .collect();
    let authors: Vec<String> = (0..50).map(|i| format!("协调员{i:02}")).collect();
    let start = Timestamp::from_second(1_609_459_200).unwrap().as_second(); // 2021-01-01
    let span = 3 * 365 * 24 * 3600;
    let beijing = Offset::from_seconds(8 * 3600).unwrap();
    let mut rng = Rng(0x5747);
    (0..RECORDS)
        .map(|_| {
            let position = rng.below(index.entries.len());
            let entry = &index.entries[position];
            let units = responsible_units(&plan, &index, position);
            let owner =
                (!units.is_empty() && rng.below(5) == 0).then(|| units[rng.below(units.len())]);
            let mut change = Change::new(&Key::new(&entry.id, owner));
            let is_target = matches!(entry.path.resolve(&plan), Some(Node::Target(_)));
            match rng.below(10) {
                0..=4 => change.status = Some(Status::ALL[rng.below(6)]),
                5 | 6 => change.progress = Some(rng.below(101) as u8),
                7 if is_target => {
                    change.actual = Some(Actual {
                        value: rng.below(100_000) as f64 / 100.0,
                        as_of: jiff::civil::date(
                            2021 + rng.below(3) as i16,
                            1 + rng.below(12) as i8,
                            1,
                        ),
                    })
                }
                _ => {
                    let first = rng.below(sentences.len());
                    let n = 1 + rng.below(3);
                    let note: Vec<&str> = sentences
                        .iter()
                        .cycle()
                        .skip(first)
                        .take(n)
                        .copied()
                        .collect();
                    change.note = Some(note.join("\n"));
                }
            }
            if rng.below(4) == 0 && change.status.is_none() {
                change.status = Some(Status::ALL[rng.below(6)]);
            }
            let second = start + rng.below(span) as i64;
            let at = Stamp::new(
                Timestamp::new(second, rng.below(1_000_000_000) as i32).unwrap(),
                beijing,
            );
            change.into_record(
                new_record_id(),
                at,
                authors[rng.below(authors.len())].clone(),
            )
        })
        .collect()
}

fn status(c: &mut Criterion) {
    let records = records();
    // Written in the order they were made up, not sorted: as a shared file fills.
    let mut text = merged_text("synthetic", &[]).unwrap();
    for record in &records {
        text.push_str(&planmeet::store::status::encode_record(record).unwrap());
        text.push('\n');
    }
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
