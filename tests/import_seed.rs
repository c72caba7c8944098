//! Acceptance of `planmeet import` (issue 16): importing the source text of 柳办发〔2021〕18号
//! must reproduce the hand-made `plans/liuzhou-2021-2023.ron`. The score is computed
//! part by part and printed (`cargo test --release --test import_seed -- --nocapture`);
//! the README quotes it.
//!
//! `tests/fixtures/liuzhou-2021-18.txt` is a byte-for-byte copy of the seed document
//! (`../shared/seed/000_2d8cf891e2a8f1d9.txt`), kept here so the test runs anywhere.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::collections::HashMap;

use planmeet::import::{self, Imported, ReviewKind};
use planmeet::model::validate::{self, Severity};
use planmeet::model::{Bound, Cell, Plan, Responsibility, Target, Task};
use planmeet::store::plan_file::{EMBEDDED_PLAN, parse_plan};

const SEED: &str = include_str!("fixtures/liuzhou-2021-18.txt");

fn bundled() -> Plan {
    parse_plan(EMBEDDED_PLAN, "bundled").expect("the bundled plan parses")
}

fn imported() -> Imported {
    import::import_text(SEED).expect("the seed imports")
}

/// A fraction, shown as `n/m (p%)`.
#[derive(Debug, Clone, Copy, Default)]
struct Ratio {
    hit: usize,
    of: usize,
}

impl Ratio {
    fn add(&mut self, ok: bool) {
        self.hit += usize::from(ok);
        self.of += 1;
    }

    fn share(self) -> f64 {
        if self.of == 0 {
            1.0
        } else {
            self.hit as f64 / self.of as f64
        }
    }
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{} ({:.1}%)", self.hit, self.of, self.share() * 100.0)
    }
}

/// Owner ids differ between the two plans: compare by the units' names.
fn named(plan: &Plan, r: &Responsibility) -> (String, Vec<Vec<String>>) {
    let names: HashMap<&str, &str> = plan
        .owners
        .iter()
        .map(|o| (o.id.as_str(), o.name.as_str()))
        .collect();
    let name = |id: &String| {
        names
            .get(id.as_str())
            .map_or(format!("?{id}"), |n| (*n).to_owned())
    };
    (
        name(&r.lead),
        r.groups
            .iter()
            .map(|g| g.iter().map(name).collect())
            .collect(),
    )
}

fn tasks(plan: &Plan) -> Vec<&Task> {
    plan.programmes.iter().flat_map(|p| &p.tasks).collect()
}

/// Every target with the id of the item it belongs to.
fn targets_by_parent(plan: &Plan) -> Vec<(String, &Target)> {
    let mut out: Vec<(String, &Target)> = plan
        .overview
        .targets
        .iter()
        .map(|t| ("o".to_owned(), t))
        .collect();
    for task in tasks(plan).into_iter().chain(&plan.safeguards) {
        out.extend(task.targets.iter().map(|t| (task.id.clone(), t)));
        for item in &task.items {
            out.extend(item.targets.iter().map(|t| (item.id.clone(), t)));
        }
    }
    out
}

fn same_bound(a: &Bound, b: &Bound) -> bool {
    match (a, b) {
        (Bound::Qualitative(x), Bound::Qualitative(y)) => x == y,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b) && a.figures().eq(b.figures()),
    }
}

/// The same sentence, read whole or in part.
fn same_source(a: &str, b: &str) -> bool {
    a.contains(b) || b.contains(a) || strsim::sorensen_dice(a, b) > 0.5
}

struct Score {
    programmes: Ratio,
    task_counts: Ratio,
    task_titles: Ratio,
    task_owners: Ratio,
    sub_items: Ratio,
    safeguards: Ratio,
    targets: Ratio,
    annex1: Ratio,
    annex2: Ratio,
    bodies: (usize, usize),
}

fn score(want: &Plan, got: &Plan) -> Score {
    let mut s = Score {
        programmes: Ratio::default(),
        task_counts: Ratio::default(),
        task_titles: Ratio::default(),
        task_owners: Ratio::default(),
        sub_items: Ratio::default(),
        safeguards: Ratio::default(),
        targets: Ratio::default(),
        annex1: Ratio::default(),
        annex2: Ratio::default(),
        bodies: (0, 0),
    };
    for (i, p) in want.programmes.iter().enumerate() {
        let other = got.programmes.get(i);
        s.programmes.add(other.is_some_and(|o| o.title == p.title));
        s.task_counts
            .add(other.is_some_and(|o| o.tasks.len() == p.tasks.len()));
        for (j, t) in p.tasks.iter().enumerate() {
            let o = other.and_then(|o| o.tasks.get(j));
            s.task_titles.add(o.is_some_and(|o| o.title == t.title));
            if let Some(owners) = &t.owners {
                s.task_owners.add(
                    o.and_then(|o| o.owners.as_ref())
                        .is_some_and(|r| named(got, r) == named(want, owners)),
                );
            }
            for (k, item) in t.items.iter().enumerate() {
                let oi = o.and_then(|o| o.items.get(k));
                s.sub_items.add(oi.is_some_and(|oi| {
                    oi.title == item.title && named(got, &oi.owners) == named(want, &item.owners)
                }));
            }
        }
    }
    for (i, t) in want.safeguards.iter().enumerate() {
        let o = got.safeguards.get(i);
        s.safeguards.add(o.is_some_and(|o| {
            o.title == t.title
                && o.owners.as_ref().map(|r| named(got, r))
                    == t.owners.as_ref().map(|r| named(want, r))
        }));
    }
    // Targets: each of the bundled plan's, in the same item, with the same bound.
    let got_targets = targets_by_parent(got);
    for (parent, t) in targets_by_parent(want) {
        s.targets.add(got_targets.iter().any(|(p, g)| {
            *p == parent && same_bound(&g.bound, &t.bound) && same_source(&g.source, &t.source)
        }));
    }
    if let (Some(w), Some(g)) = (&want.district_table, &got.district_table) {
        for row in &w.rows {
            let other = g.rows.iter().find(|r| r.label == row.label);
            for (c, cell) in row.cells.iter().enumerate() {
                let same = other
                    .and_then(|o| o.cells.get(c))
                    .is_some_and(|oc| match (oc, cell) {
                        (Cell::Num(a), Cell::Num(b)) => a == b,
                        (a, b) => a == b,
                    });
                s.annex1.add(same);
            }
        }
    }
    if let (Some(w), Some(g)) = (&want.department_table, &got.department_table) {
        for (i, row) in w.rows.iter().enumerate() {
            for m in &row.milestones {
                let same = g
                    .rows
                    .get(i)
                    .and_then(|r| r.milestones.iter().find(|x| x.year == m.year))
                    .is_some_and(|x| same_bound(&x.bound, &m.bound));
                s.annex2.add(same);
            }
        }
    }
    // Bodies: every text of the plan, by edit distance.
    let mut pairs: Vec<(&str, &str)> = vec![
        (&want.meta.preamble, &got.meta.preamble),
        (
            &want.overview.guiding_ideology,
            &got.overview.guiding_ideology,
        ),
        (&want.overview.work_goals, &got.overview.work_goals),
        (
            &want.overview.main_goals_text,
            &got.overview.main_goals_text,
        ),
    ];
    let got_tasks = tasks(got);
    for (i, t) in tasks(want).into_iter().enumerate() {
        let o = got_tasks.get(i);
        pairs.push((&t.body, o.map_or("", |o| o.body.as_str())));
        for (k, item) in t.items.iter().enumerate() {
            pairs.push((
                &item.body,
                o.and_then(|o| o.items.get(k))
                    .map_or("", |x| x.body.as_str()),
            ));
        }
    }
    for (i, t) in want.safeguards.iter().enumerate() {
        pairs.push((
            &t.body,
            got.safeguards.get(i).map_or("", |o| o.body.as_str()),
        ));
    }
    for (a, b) in pairs {
        s.bodies.0 += strsim::levenshtein(a, b);
        s.bodies.1 += a.chars().count().max(b.chars().count());
    }
    s
}

#[test]
fn importing_the_seed_reproduces_the_bundled_plan() {
    let want = bundled();
    let imported = imported();
    let got = &imported.plan;
    let s = score(&want, got);
    let bodies = 1.0 - s.bodies.0 as f64 / s.bodies.1.max(1) as f64;
    let counts: Vec<usize> = got.programmes.iter().map(|p| p.tasks.len()).collect();
    println!("import score against plans/liuzhou-2021-2023.ron");
    println!("  programmes (titles)            {}", s.programmes);
    println!("  sub-task counts {counts:?}   {}", s.task_counts);
    println!("  sub-task titles                {}", s.task_titles);
    println!("  sub-task owner groups and lead {}", s.task_owners);
    println!("  sub-items (title and owners)   {}", s.sub_items);
    println!("  safeguards (title and owners)  {}", s.safeguards);
    println!("  targets, same bound and value  {}", s.targets);
    println!("  附件1 cells                    {}", s.annex1);
    println!("  附件2 cells                    {}", s.annex2);
    println!(
        "  bodies (edit similarity)       {:.2}% ({} edits in {} characters)",
        bodies * 100.0,
        s.bodies.0,
        s.bodies.1
    );
    println!("{:?}", imported.tally());
    assert_eq!(s.programmes.share(), 1.0, "programmes");
    assert_eq!(counts, vec![4, 3, 5, 5, 4, 4]);
    assert_eq!(s.task_titles.share(), 1.0, "sub-task titles");
    assert_eq!(s.task_owners.share(), 1.0, "sub-task owners");
    assert_eq!(
        (s.sub_items.hit, s.sub_items.of),
        (3, 3),
        "sub-items of p6.t1"
    );
    assert_eq!((s.safeguards.hit, s.safeguards.of), (6, 6), "safeguards");
    assert!(s.targets.share() >= 0.90, "targets {}", s.targets);
    let annex1 = got.district_table.as_ref().expect("附件1");
    assert_eq!((annex1.rows.len(), annex1.columns.len()), (13, 10));
    let annex2 = got.department_table.as_ref().expect("附件2");
    assert_eq!((annex2.rows.len(), annex2.years.len()), (5, 3));
    assert!(s.annex1.share() >= 0.95, "附件1 {}", s.annex1);
    assert!(s.annex2.share() >= 0.95, "附件2 {}", s.annex2);
    assert!(bodies >= 0.98, "bodies {bodies}");
    // The metadata.
    assert_eq!(got.meta.id, want.meta.id);
    assert_eq!(got.meta.title, want.meta.title);
    assert_eq!(got.meta.doc_number, want.meta.doc_number);
    assert_eq!(got.meta.issuers, want.meta.issuers);
    assert_eq!(got.meta.issue_date, want.meta.issue_date);
    assert_eq!(got.meta.period, want.meta.period);
    assert_eq!(got.meta.preamble, want.meta.preamble);
}

#[test]
fn the_damaged_row_is_kept_and_flagged_never_shifted() {
    let imported = imported();
    let table = imported.plan.district_table.as_ref().unwrap();
    let liunan = table.rows.iter().find(|r| r.label == "柳南区").unwrap();
    assert_eq!(liunan.cells.len(), 9, "the extracted cells, as they are");
    assert_eq!(liunan.cells[6], Cell::Num("2".into()));
    let review = imported
        .reviews
        .iter()
        .find(|r| r.anchor == liunan.id && r.kind == ReviewKind::CellCount)
        .expect("the row is marked for review");
    assert!(
        review.message.contains("9 cells for 10 columns"),
        "{}",
        review.message
    );
    // Labels split over two lines are joined.
    assert!(table.rows.iter().any(|r| r.label == "柳东新区"));
    assert!(table.rows.iter().any(|r| r.label == "北部生态新区"));
    assert!(table.rows[0].total);
}

#[test]
fn the_draft_reads_back_and_validates_apart_from_what_it_marks() {
    let imported = imported();
    let draft = import::render(&imported, "tests/fixtures/liuzhou-2021-18.txt");
    let back = parse_plan(&draft, "draft").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, imported.plan, "what is written is what was imported");
    let report = validate::validate(&back);
    let marked: Vec<&str> = imported.reviews.iter().map(|r| r.anchor.as_str()).collect();
    for finding in report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
    {
        let item = finding.item.as_deref().unwrap_or("meta");
        assert!(
            marked.contains(&item),
            "an error the draft does not mark: {finding}"
        );
    }
    for review in &imported.reviews {
        assert!(
            draft.contains(&format!("// REVIEW: {}", review.message)),
            "{review:?}"
        );
    }
}

#[test]
fn the_fixture_is_the_seed_document() {
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seed/000_2d8cf891e2a8f1d9.txt"
    );
    match std::fs::read_to_string(shared) {
        Ok(seed) => assert_eq!(
            seed, SEED,
            "tests/fixtures/liuzhou-2021-18.txt differs from {shared}"
        ),
        Err(e) => eprintln!("{shared}: {e}; the copy in tests/fixtures is used as it is"),
    }
}
