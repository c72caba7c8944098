//! `planmeet import`, `planmeet diff` and `planmeet status rekey` run as a user would.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use std::path::Path;

use common::cli::Cli;

use planmeet::model::{Plan, Task};
use planmeet::store::plan_file::{EMBEDDED_PLAN, parse_plan, to_ron};
use serde_json::Value;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/liuzhou-2021-18.txt"
);

/// Commands under `LANG=C` by `tester`, with the temporary directory as the data directory.
fn cli() -> Cli {
    let cli = Cli::new();
    let data = cli.dir.path().to_owned();
    cli.env("PLANMEET_DATA_DIR", data)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn import_writes_a_draft_and_never_overwrites_without_force() {
    let env = cli();
    let draft = env.path("draft.ron");
    let (_, stderr) = env.said(&["import", SEED, "-o", s(&draft)]);
    assert!(stderr.contains("6 programmes, 25 sub-tasks"), "{stderr}");
    assert!(stderr.contains("marked // REVIEW:"), "{stderr}");
    assert!(
        stderr.contains("table rows with a cell count that does not match"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(&draft).unwrap();
    assert!(written.contains("// REVIEW:"));
    // Refused without --force; the file is untouched.
    std::fs::write(&draft, "mine").unwrap();
    let out = env.run(&["import", SEED, "-o", s(&draft)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), "mine");
    env.said(&["import", SEED, "-o", s(&draft), "--force"]);
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), written);
    // The draft fails validation only where it says so: the damaged annex row.
    let out = env.run(&["validate", s(&draft)]);
    let errors: Vec<String> = text(&out.stderr)
        .lines()
        .filter(|l| l.contains("error:"))
        .map(str::to_owned)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("a1.liunan"));
    // Without -o the draft goes to standard output.
    let (stdout, _) = env.said(&["import", SEED]);
    assert_eq!(stdout, written);
}

#[test]
fn import_refuses_what_is_not_a_plan() {
    let env = cli();
    let notes = env.path("notes.txt");
    std::fs::write(&notes, "会议纪要\n今天讨论了三件事。\n").unwrap();
    let out = env.run(&["import", s(&notes), "-o", s(&env.path("x.ron"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not a plan document"),
        "{}",
        text(&out.stderr)
    );
    assert!(!env.path("x.ron").exists());
    let out = env.run(&["import", s(&env.path("missing.txt"))]);
    assert_eq!(out.status.code(), Some(2));
}

/// The bundled plan with a sub-task inserted as （一）2．: every later sub-task of
/// programme 1 moves one number down, and its id with it.
fn revised() -> Plan {
    let mut plan = parse_plan(EMBEDDED_PLAN, "bundled").unwrap();
    let tasks = &mut plan.programmes[0].tasks;
    let mut inserted: Task = tasks[3].clone();
    inserted.title = "建设科技创新示范区".into();
    inserted.body = "建设一批科技创新示范区，发挥示范带动作用。".into();
    inserted.targets.clear();
    tasks.insert(1, inserted);
    for (j, task) in tasks.iter_mut().enumerate() {
        task.number = j as u16 + 1;
        task.id = format!("p1.t{}", j + 1);
        for (g, target) in task.targets.iter_mut().enumerate() {
            target.id = format!("p1.t{}.g{}", j + 1, g + 1);
        }
    }
    plan
}

#[test]
fn diff_finds_the_moves_and_rekey_carries_annotations_over() {
    let env = cli();
    let old = env.path("old.ron");
    let new = env.path("new.ron");
    std::fs::write(&old, EMBEDDED_PLAN).unwrap();
    std::fs::write(&new, to_ron(&revised()).unwrap()).unwrap();
    // Annotations on the plan as it was.
    env.said(&[
        "status",
        "set",
        "p1.t2",
        "--status",
        "at-risk",
        "--note",
        "人才引进滞后",
    ]);
    env.said(&[
        "status",
        "set",
        "p1.t2.g1",
        "--actual",
        "12",
        "--as-of",
        "2022-12-31",
    ]);
    env.said(&[
        "status",
        "set",
        "p1.t3",
        "--owner",
        "kjj",
        "--progress",
        "40",
    ]);
    env.said(&["status", "set", "p1.t1", "--status", "on-track"]);

    let (plain, _) = env.said(&["diff", s(&old), s(&new)]);
    assert!(
        plain.contains("+ added       （一）2．建设科技创新示范区  [p1.t2]"),
        "{plain}"
    );
    assert!(
        plain.contains("renumbered  （一）2．引育高层次创新人才 → （一）3．  [p1.t2 → p1.t3]"),
        "{plain}"
    );

    let map = env.path("map.txt");
    let (report, _) = env.said(&[
        "diff",
        s(&old),
        s(&new),
        "--status-file",
        s(&env.file),
        "--map",
        s(&map),
    ]);
    assert!(report.contains("would land on another item"), "{report}");
    assert!(
        report.contains("p1.t2 would land on p1.t2 建设科技创新示范区; it moved to p1.t3"),
        "{report}"
    );
    let mapping = std::fs::read_to_string(&map).unwrap();
    assert!(mapping.contains("p1.t2 -> p1.t3\n"), "{mapping}");
    assert!(mapping.contains("p1.t2.g1 -> p1.t3.g1\n"), "{mapping}");
    assert!(mapping.contains("p1.t3 -> p1.t4\n"), "{mapping}");
    assert!(
        !mapping.contains("p1.t1 ->"),
        "unchanged ids are not mapped: {mapping}"
    );

    let (dry, _) = env.said(&["--plan", s(&new), "status", "rekey", s(&map), "--dry-run"]);
    assert!(dry.contains("p1.t3: at-risk"), "{dry}");
    let log_before = std::fs::read_to_string(&env.file).unwrap();
    env.said(&["--plan", s(&new), "status", "rekey", s(&map)]);
    let log_after = std::fs::read_to_string(&env.file).unwrap();
    assert!(
        log_after.starts_with(&log_before),
        "history is kept: records are only appended"
    );

    let show = |id: &str| -> Vec<Value> {
        let (out, _) = env.said(&["--plan", s(&new), "status", "show", id, "--format", "json"]);
        serde_json::from_str(&out).unwrap()
    };
    let moved = show("p1.t3");
    assert_eq!(moved[0]["status"], "at-risk");
    assert_eq!(moved[0]["note"], "人才引进滞后");
    assert_eq!(show("p1.t3.g1")[0]["actuals"][0]["value"], 12.0);
    let unit = show("p1.t4");
    assert_eq!(unit[0]["owner"], "kjj");
    assert_eq!(unit[0]["progress"], 40);
    // The inserted sub-task does not inherit what was recorded under its id before.
    assert!(show("p1.t2").is_empty(), "{:?}", show("p1.t2"));
    assert_eq!(show("p1.t1")[0]["status"], "on-track");
    // The old records are still in the log.
    let (log, _) = env.said(&["--plan", s(&new), "status", "log", "p1.t2"]);
    assert!(log.contains("人才引进滞后"), "{log}");
    // The only orphan is the old key of the target whose sub-task moved: kept with its
    // history, its state reset (it now lives under p1.t3.g1).
    let (orphans, _) = env.said(&["--plan", s(&new), "status", "orphans", "--format", "json"]);
    let orphans: Vec<Value> = serde_json::from_str(&orphans).unwrap();
    let items: Vec<&str> = orphans
        .iter()
        .map(|o| o["item"].as_str().unwrap())
        .collect();
    assert_eq!(items, ["p1.t2.g1"]);
    assert!(show("p1.t2.g1").is_empty());
}

#[test]
fn rekey_refuses_ids_the_plan_does_not_have() {
    let env = cli();
    let map = env.path("map.txt");
    std::fs::write(&map, "p1.t2 -> p9.t9\n").unwrap();
    let out = env.run(&["status", "rekey", s(&map)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("p9.t9"), "{}", text(&out.stderr));
    std::fs::write(&map, "p1.t2 p1.t3\n").unwrap();
    let out = env.run(&["status", "rekey", s(&map)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("line 1"),
        "{}",
        text(&out.stderr)
    );
}
