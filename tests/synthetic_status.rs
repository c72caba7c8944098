//! The synthetic status history of issue 7 (shared with the benchmarks): it loads cleanly
//! and has the shape it claims.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::collections::HashSet;

use planmeet::model::PlanIndex;
use planmeet::model::annotation::{orphan, takes_actuals};
use planmeet::store::load_embedded;
use planmeet::store::status_file::{Location, StatusStore};
use planmeet::synthetic::{self, History, Shape};

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "generates and reads 100,000 records: run with --release"
)]
fn the_synthetic_history_loads_and_has_its_shape() {
    let seed = load_embedded().unwrap().plan;
    let plan = synthetic::plan(&seed, Shape::LARGE);
    let index = PlanIndex::build(&plan);
    let history = History::LARGE;
    let records = synthetic::status_records(&seed, &plan, history, 7);
    assert_eq!(records.len(), 100_000);

    let authors: HashSet<&str> = records.iter().map(|r| r.author.as_str()).collect();
    assert_eq!(authors.len(), 50);
    let meetings: HashSet<&str> = records
        .iter()
        .filter_map(|r| r.meeting.as_deref())
        .collect();
    assert_eq!(meetings.len(), 40);
    for meeting in &meetings {
        let date: jiff::civil::Date = meeting.strip_prefix('m').unwrap().parse().unwrap();
        assert!((2021..=2023).contains(&date.year()), "{meeting}");
    }
    let in_meetings = records.iter().filter(|r| r.meeting.is_some()).count();
    assert!((55_000..65_000).contains(&in_meetings), "{in_meetings}");

    let first = jiff::Timestamp::from_second(1_609_430_400).unwrap(); // 2021-01-01+08:00
    let last = jiff::Timestamp::from_second(1_704_038_400).unwrap(); // 2024-01-01+08:00
    assert!(
        records
            .iter()
            .all(|r| (first..last).contains(&r.at.timestamp()))
    );
    // As a shared file fills: in the order they were made.
    assert!(records.windows(2).all(|w| w[0].at <= w[1].at));

    // Every key fits the plan; actual values only on targets.
    for record in &records {
        assert_eq!(
            orphan(&plan, &index, &record.key()),
            None,
            "{}",
            record.key()
        );
        if record.actual.is_some() {
            let position = index.position(&record.item).unwrap();
            assert!(takes_actuals(&plan, &index, position), "{}", record.item);
        }
        record.check().unwrap();
    }
    let parts = records.iter().filter(|r| r.owner.is_some()).count();
    assert!((15_000..25_000).contains(&parts), "{parts}");
    let actuals = records.iter().filter(|r| r.actual.is_some()).count();
    assert!(actuals > 1_000, "{actuals}");
    let notes: Vec<&str> = records.iter().filter_map(|r| r.note.as_deref()).collect();
    assert!(notes.len() > 30_000, "{}", notes.len());
    assert!(
        notes
            .iter()
            .all(|n| n.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
    );
    assert!(notes.iter().any(|n| n.contains('\n')));
    let undos = records.iter().filter(|r| r.undoes().is_some()).count();
    assert!((500..1_500).contains(&undos), "{undos}");
    let ids: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), records.len());

    // Through the file, as the app reads it: every record, nothing wrong, writable.
    let text = synthetic::status_text(&plan.meta.id, &records);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("synthetic.status.ron");
    std::fs::write(&path, &text).unwrap();
    let store = StatusStore::open(
        Location {
            path,
            create_dir: false,
        },
        &plan.meta.id,
    )
    .unwrap();
    assert!(store.problems().is_empty(), "{:?}", &store.problems()[..1]);
    assert_eq!(store.write_refusal(), None);
    let log = store.log();
    assert_eq!(log.len(), 100_000);
    assert!(log.conflicts().is_empty());
    assert_eq!(log.records(), &records[..]);
    // Every undo is in force or undone by a later one (a redo): none is a dud.
    let undone = records
        .iter()
        .filter(|r| r.undoes().is_some())
        .filter(|r| !log.is_active(r.undoes().map(|u| u.as_str()).unwrap()))
        .count();
    assert!(undone > 0);
    let keys = log.annotations().len();
    assert!((20_000..40_000).contains(&keys), "{keys}");

    // Deterministic by seed.
    let small = History {
        records: 2_000,
        ..history
    };
    let again = synthetic::status_records(&seed, &plan, small, 7);
    assert_eq!(again, synthetic::status_records(&seed, &plan, small, 7));
    assert_ne!(again, synthetic::status_records(&seed, &plan, small, 8));
}

/// A large first batch is filed by several threads; records added later, one batch at a
/// time, by one. Both give the same state, duplicates and conflicting ids included.
#[test]
fn a_large_log_computes_the_same_state_however_it_is_built() {
    use planmeet::model::annotation::AnnotationLog;
    let seed = load_embedded().unwrap().plan;
    let shape = Shape {
        programmes: 2,
        tasks: 300,
        units: 20,
        targets: 60,
    };
    let plan = synthetic::plan(&seed, shape);
    let history = History {
        records: 30_000,
        authors: 12,
        meetings: 6,
        undos_per_mille: 40,
    };
    let mut records = synthetic::status_records(&seed, &plan, history, 3);
    for with_duplicates in [false, true] {
        if with_duplicates {
            // The same record twice, and another claiming an id already taken.
            records.push(records[17].clone());
            let mut other = records[4_000].clone();
            other.progress = Some(other.progress.map_or(1, |p| (p + 1) % 101));
            other.status = None;
            other.note = Some("另一份记录".into());
            records.push(other);
        }
        let whole = AnnotationLog::from_records(records.clone());
        let mut batches = AnnotationLog::from_records(records[..5].to_vec());
        for chunk in records[5..].chunks(7_000) {
            batches.extend(chunk.to_vec());
        }
        assert_eq!(whole.len(), batches.len());
        assert_eq!(whole.conflicts(), batches.conflicts());
        assert_eq!(whole.annotations(), batches.annotations());
        for record in &records {
            assert_eq!(whole.is_active(&record.id), batches.is_active(&record.id));
            assert_eq!(whole.get(&record.id), batches.get(&record.id));
        }
        for item in ["p1.t1", "p2.t150", "p1.t7.g1", "p2"] {
            assert_eq!(whole.history(item), batches.history(item), "{item}");
            assert_eq!(whole.parts(item), batches.parts(item), "{item}");
        }
        let undo = records.iter().rev().find(|r| r.undoes().is_none()).unwrap();
        assert_eq!(whole.undo_change(&undo.id), batches.undo_change(&undo.id));
    }
}
