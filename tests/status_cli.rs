//! `planmeet status …` and `planmeet merge` run as a user would, on a status file in a
//! temporary directory: exit codes, what is written, what is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::cli::{BINARY, Cli, stderr};

use planmeet::store::plan_file::EMBEDDED_PLAN;
use serde_json::Value;

/// The object's keys, in the order the test lists them (serde_json's map sorts them).
fn keys(object: &Value) -> Vec<&str> {
    object
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

fn sorted(mut keys: Vec<&str>) -> Vec<&str> {
    keys.sort_unstable();
    keys
}

#[test]
fn set_then_show_and_log_in_json_with_stable_keys() {
    let env = Cli::new();
    // A change names a meeting of the file (`meeting new`); closed at once, so the later
    // changes are not stamped with it.
    let meeting = env.ok(&[
        "meeting",
        "new",
        "--title",
        "五月调度会",
        "--date",
        "2026-05-14",
    ]);
    let meeting = meeting.trim();
    env.ok(&["meeting", "close", meeting]);
    let id = env.ok(&[
        "status",
        "set",
        "p1.t1",
        "--status",
        "on-track",
        "--progress",
        "40",
        "--note",
        "第一行\n第二行",
        "--author",
        "王芳",
        "--meeting",
        meeting,
    ]);
    assert_eq!(id.trim().len(), 16, "{id}");
    env.ok(&[
        "status", "set", "p1.t1", "--owner", "kjj", "--status", "at-risk",
    ]);
    env.ok(&[
        "status",
        "set",
        "p1.t1.g2",
        "--actual",
        "88",
        "--as-of",
        "2026-03-31",
    ]);
    env.ok(&[
        "status",
        "set",
        "p1.t1.g2",
        "--actual",
        "95.5",
        "--as-of",
        "2026-06-30",
    ]);

    // One header, the meeting's two lines, and one line per change, a multi-line note on
    // one line.
    let text = env.text();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("Meeting("))
        .collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(
        lines[0],
        "Header(format_version: 1, plan: \"liuzhou-2021-2023\")"
    );
    assert!(lines[1].contains("note: \"第一行\\n第二行\""), "{text}");
    assert!(
        lines[1].ends_with(&format!("id: \"{}\")", id.trim())),
        "{text}"
    );

    let shown = env.json(&["status", "show", "--format", "json"]);
    assert_eq!(shown.len(), 3, "{shown:?}");
    assert_eq!(
        keys(&shown[0]),
        sorted(vec![
            "item",
            "owner",
            "title",
            "orphan",
            "status",
            "progress",
            "note",
            "progress_text",
            "problems",
            "next_steps",
            "actuals",
            "updated_at",
            "updated_by",
            "changes"
        ])
    );
    assert_eq!(shown[0]["item"], "p1.t1");
    assert_eq!(shown[0]["owner"], Value::Null);
    assert_eq!(shown[0]["title"], "Build high-level innovation platforms");
    assert_eq!(shown[0]["status"], "on-track");
    assert_eq!(shown[0]["progress"], 40);
    assert_eq!(shown[0]["note"], "第一行\n第二行");
    assert_eq!(shown[0]["updated_by"], "王芳");
    assert_eq!(shown[1]["owner"], "kjj");
    assert_eq!(shown[1]["status"], "at-risk");
    // The author came from the login name.
    assert_eq!(shown[1]["updated_by"], "tester");
    let actuals = shown[2]["actuals"].as_array().unwrap();
    assert_eq!(actuals.len(), 2);
    assert_eq!(
        keys(&actuals[0]),
        sorted(vec!["value", "as_of", "at", "author", "record"])
    );
    assert_eq!(actuals[1]["value"], 95.5);
    assert_eq!(actuals[1]["as_of"], "2026-06-30");

    let log = env.json(&["status", "log", "p1.t1", "--format", "json"]);
    assert_eq!(log.len(), 2);
    assert_eq!(
        keys(&log[0]),
        sorted(vec![
            "id",
            "at",
            "author",
            "item",
            "owner",
            "status",
            "progress",
            "actual",
            "note",
            "progress_text",
            "problems",
            "next_steps",
            "clear",
            "undoes",
            "meeting",
            "effective",
            "private",
            "source",
            "active"
        ])
    );
    assert_eq!(log[0]["id"], id.trim());
    assert_eq!(log[0]["meeting"], meeting);
    assert_eq!(log[0]["active"], true);
    assert_eq!(env.json(&["status", "log", "--format", "json"]).len(), 4);
}

#[test]
fn tables_are_aligned_by_display_width() {
    let env = Cli::new();
    env.ok(&[
        "status",
        "set",
        "p1.t1",
        "--status",
        "behind",
        "--note",
        "资金未到位",
    ]);
    env.ok(&[
        "status", "set", "p2.t1", "--owner", "czj", "--status", "done",
    ]);
    env.ok(&["status", "set", "s1", "--progress", "5"]);
    let table = env.ok(&["status", "show"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    // Each row's status column starts at the same display column as its header.
    let column = |line: &str, word: &str| {
        let at = line
            .find(word)
            .unwrap_or_else(|| panic!("{word} in {line}"));
        unicode_width::UnicodeWidthStr::width(&line[..at])
    };
    let header = column(lines[0], "Status");
    assert_eq!(column(lines[1], "Behind"), header, "{table}");
    assert_eq!(column(lines[2], "Done"), header, "{table}");
    let log = env.ok(&["status", "log"]);
    assert_eq!(log.lines().count(), 4, "{log}");
    assert!(log.contains("p2.t1 [czj]"), "{log}");
}

#[test]
fn unknown_ids_statuses_and_units_are_refused_with_the_valid_ones() {
    let env = Cli::new();
    let out = env.run(&["status", "set", "p1.t9", "--status", "done"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("unknown id \"p1.t9\"") && err.contains("p1.t1"),
        "{err}"
    );

    let out = env.run(&["status", "set", "p1.t1", "--status", "fine"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for name in [
        "not-started",
        "on-track",
        "at-risk",
        "behind",
        "done",
        "deferred",
    ] {
        assert!(err.contains(name), "{err}");
    }

    // A unit the registry does not have, with the registry listed; a unit it has (by its
    // name) that is not responsible, with the item's units listed.
    let out = env.run(&[
        "status", "set", "p1.t1", "--owner", "nobody", "--status", "done",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("--owner: unknown unit \"nobody\""), "{err}");
    assert!(
        err.contains("kjj (Liuzhou Municipal Bureau of Science and Technology)")
            && err.contains("czj (Liuzhou Municipal Bureau of Finance)"),
        "{err}"
    );
    let out = env.run(&[
        "status",
        "set",
        "p1.t1",
        "--owner",
        "市财政局",
        "--status",
        "done",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("unit czj (Liuzhou Municipal Bureau of Finance) is not responsible for p1.t1"),
        "{err}"
    );
    assert!(
        err.contains("kjj (Liuzhou Municipal Bureau of Science and Technology)")
            && err.contains("fgw"),
        "{err}"
    );

    // A target's units are those of the item it belongs to.
    env.ok(&[
        "status", "set", "p1.t1.g2", "--owner", "kjj", "--status", "done",
    ]);
    let out = env.run(&["status", "set", "p1", "--owner", "kjj", "--status", "done"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no responsible units of its own"));

    let out = env.run(&[
        "status",
        "set",
        "p1.t1",
        "--actual",
        "3",
        "--as-of",
        "2026-01-01",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("actual values are recorded on targets"));
    for bad in [
        vec!["status", "set", "p1.t1", "--progress", "101"],
        vec!["status", "set", "p1.t1"],
        vec!["status", "set", "p1.t1", "--note", "x", "--clear", "note"],
        vec!["status", "set", "p1.t1.g2", "--actual", "3"],
        vec![
            "status",
            "set",
            "p1.t1.g2",
            "--actual",
            "NaN",
            "--as-of",
            "2026-01-01",
        ],
        vec![
            "status",
            "set",
            "p1.t1.g2",
            "--actual",
            "3",
            "--as-of",
            "2026-13-01",
        ],
        vec!["status", "show", "p7"],
        vec!["status", "log", "nope"],
    ] {
        let out = env.run(&bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", stderr(&out));
    }
    // Only the one valid change reached the file.
    assert_eq!(env.text().lines().count(), 2, "{}", env.text());
}

#[test]
fn the_author_comes_from_the_flag_then_the_environment_then_the_login() {
    let env = Cli::new();
    env.ok(&[
        "status", "set", "p1.t1", "--status", "done", "--author", "旗",
    ]);
    let out = env
        .command(&["status", "set", "p1.t2", "--status", "done"])
        .env("PLANMEET_AUTHOR", "环境")
        .output()
        .unwrap();
    assert!(out.status.success());
    env.ok(&["status", "set", "p1.t3", "--status", "done"]);
    let out = env
        .command(&["status", "set", "p1.t4", "--status", "done"])
        .env_remove("USER")
        .env_remove("LOGNAME")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--author"), "{}", stderr(&out));
    let authors: Vec<Value> = env
        .json(&["status", "log", "--format", "json"])
        .into_iter()
        .map(|r| r["author"].clone())
        .collect();
    assert_eq!(authors, ["旗", "环境", "tester"]);
}

#[test]
fn time_is_local_with_its_offset_and_injectable() {
    let env = Cli::new();
    let out = env.at(
        "2026-05-14T10:00:00+08:00",
        &["status", "set", "p1.t1", "--status", "behind"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // Another coordinator in another zone, an hour later.
    let out = env.at(
        "2026-05-14T04:00:00+01:00",
        &[
            "status", "set", "p1.t1", "--status", "on-track", "--author", "b",
        ],
    );
    assert!(out.status.success());
    let shown = env.json(&["status", "show", "p1.t1", "--format", "json"]);
    assert_eq!(shown[0]["status"], "on-track");
    assert_eq!(shown[0]["updated_at"], "2026-05-14T04:00:00+01:00");
    // A clock behind the latest change: the new change still comes after it.
    let out = env.at(
        "2026-05-14T09:00:00+08:00",
        &["status", "set", "p1.t1", "--status", "done"],
    );
    assert!(out.status.success());
    let shown = env.json(&["status", "show", "p1.t1", "--format", "json"]);
    assert_eq!(shown[0]["status"], "done");
    let out = env.at("yesterday", &["status", "set", "p1.t1", "--status", "done"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn undo_is_a_recorded_change_and_undoing_it_redoes() {
    let env = Cli::new();
    env.ok(&["status", "set", "p1.t1", "--status", "on-track"]);
    let second = env.ok(&[
        "status", "set", "p1.t1", "--status", "behind", "--note", "慢",
    ]);
    let undo = env.ok(&["status", "undo", second.trim()]);
    let shown = env.json(&["status", "show", "p1.t1", "--format", "json"]);
    assert_eq!(shown[0]["status"], "on-track");
    assert_eq!(shown[0]["note"], Value::Null);
    let log = env.json(&["status", "log", "--format", "json"]);
    assert_eq!(log.len(), 3);
    assert_eq!(log[1]["active"], false);
    assert_eq!(log[2]["undoes"], second.trim());
    assert_eq!(log[2]["clear"], serde_json::json!(["note"]));
    env.ok(&["status", "undo", undo.trim()]);
    let shown = env.json(&["status", "show", "p1.t1", "--format", "json"]);
    assert_eq!(shown[0]["status"], "behind");
    assert_eq!(shown[0]["note"], "慢");
    let out = env.run(&["status", "undo", "nosuchrecord"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn orphans_are_kept_listed_and_never_dropped() {
    let env = Cli::new();
    env.ok(&["status", "set", "p1.t1", "--status", "done"]);
    env.ok(&[
        "status", "set", "p1.t2", "--owner", "kjj", "--status", "behind",
    ]);
    let before = env.text();
    // A plan revision renames p1.t1 (and its targets).
    let revised = EMBEDDED_PLAN
        .replacen("id: \"p1.t1\"", "id: \"p1.t1x\"", 1)
        .replacen("id: \"p1.t1.g", "id: \"p1.t1x.g", 9);
    let plan = env.dir.path().join("revised.ron");
    std::fs::write(&plan, revised).unwrap();
    let plan = plan.to_str().unwrap();
    let orphans = env.json(&["--plan", plan, "status", "orphans", "--format", "json"]);
    assert_eq!(orphans.len(), 1, "{orphans:?}");
    assert_eq!(orphans[0]["item"], "p1.t1");
    assert_eq!(orphans[0]["reason"], "unknown-item");
    // A record for a unit that is not (or no longer) responsible: written by hand here.
    let line = "Change(at: \"2026-05-14T10:00:00+08:00\", author: \"x\", item: \"p1.t2\", owner: \"gone\", status: Done, id: \"handwritten1\")\n";
    std::fs::write(&env.file, before.clone() + line).unwrap();
    let orphans = env.json(&["status", "orphans", "--format", "json"]);
    assert_eq!(orphans.len(), 1, "{orphans:?}");
    assert_eq!(orphans[0]["owner"], "gone");
    assert_eq!(orphans[0]["reason"], "unit-not-responsible");
    assert!(
        orphans[0]["units"]
            .as_array()
            .unwrap()
            .contains(&Value::from("kjj"))
    );
    let table = env.ok(&["--plan", plan, "status", "orphans"]);
    assert!(
        table.contains("p1.t1") && table.contains("unknown item"),
        "{table}"
    );
    // show still lists the orphan, marked; a new change keeps every line.
    let shown = env.json(&["--plan", plan, "status", "show", "--format", "json"]);
    let orphan = shown.iter().find(|a| a["item"] == "p1.t1").unwrap();
    assert_eq!(orphan["orphan"], true);
    env.ok(&[
        "--plan", plan, "status", "set", "p1.t1x", "--status", "done",
    ]);
    assert!(env.text().starts_with(&(before + line)));
}

#[test]
fn a_damaged_line_is_reported_with_its_place_and_kept() {
    let env = Cli::new();
    env.ok(&["status", "set", "p1.t1", "--status", "done"]);
    let damaged = env.text() + "Change(at: \"2026-05-14\", garbage\n";
    std::fs::write(&env.file, &damaged).unwrap();
    let out = env.run(&["status", "show"]);
    assert!(out.status.success());
    let err = stderr(&out);
    let place = format!("{}:3: ", env.file.display());
    assert!(err.contains(&place) && err.contains("skipped"), "{err}");
    env.ok(&["status", "set", "p1.t2", "--status", "done"]);
    assert!(env.text().starts_with(&damaged));
    assert_eq!(env.json(&["status", "show", "--format", "json"]).len(), 2);
}

#[test]
fn a_newer_format_or_foreign_file_is_never_written() {
    let env = Cli::new();
    let newer = "Header(format_version: 3, plan: \"liuzhou-2021-2023\")\n";
    std::fs::write(&env.file, newer).unwrap();
    let out = env.run(&["status", "set", "p1.t1", "--status", "done"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("newer planmeet"), "{}", stderr(&out));
    assert_eq!(env.text(), newer);

    std::fs::write(&env.file, EMBEDDED_PLAN).unwrap();
    let out = env.run(&["status", "set", "p1.t1", "--status", "done"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("does not look like"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.text(), EMBEDDED_PLAN);
}

#[test]
fn a_full_disk_or_missing_directory_is_a_clear_error_and_changes_nothing() {
    let env = Cli::new();
    for n in 0..12 {
        env.ok(&["status", "set", "p1.t1", "--progress", &n.to_string()]);
    }
    let before = env.text();
    assert!(before.len() > 1024);
    // bash's `ulimit -f` counts 1024-byte blocks: the file is past the limit already.
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -f 1 && exec {BINARY} status set p1.t1 --status done"
        ))
        .env("PLANMEET_STATUS_FILE", &env.file)
        .env("LANG", "C")
        .env("USER", "tester")
        .env_remove("PLANMEET_PLAN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("File too large") && err.contains("not saved"),
        "{err}"
    );
    assert_eq!(env.text(), before);

    let missing = env.dir.path().join("no/such/dir/s.status.ron");
    let out = env
        .command(&["status", "set", "p1.t1", "--status", "done"])
        .env("PLANMEET_STATUS_FILE", &missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    assert!(!env.dir.path().join("no").exists());
}

#[test]
fn the_default_file_is_in_the_data_directory() {
    let env = Cli::new();
    let data = env.dir.path().join("data");
    let out = env
        .command(&["status", "set", "p1.t1", "--status", "done"])
        .env_remove("PLANMEET_STATUS_FILE")
        .env("PLANMEET_DATA_DIR", &data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(data.join("liuzhou-2021-2023.status.ron").is_file());
    // --status-file wins over the environment.
    let other = env.dir.path().join("other.status.ron");
    env.ok(&[
        "status",
        "set",
        "p1.t1",
        "--status",
        "done",
        "--status-file",
        other.to_str().unwrap(),
    ]);
    assert!(other.is_file());
    assert!(!env.file.exists());
}

#[test]
fn a_note_file_is_read_as_utf8_with_its_line_ends_normalised() {
    let env = Cli::new();
    let note = env.dir.path().join("note.txt");
    std::fs::write(&note, "\u{feff}第一行\r\n第二行\r\n").unwrap();
    env.ok(&[
        "status",
        "set",
        "p1.t1",
        "--note-file",
        note.to_str().unwrap(),
    ]);
    let shown = env.json(&["status", "show", "--format", "json"]);
    assert_eq!(shown[0]["note"], "第一行\n第二行");
    std::fs::write(&note, b"\xff\xfe").unwrap();
    let out = env.run(&[
        "status",
        "set",
        "p1.t1",
        "--note-file",
        note.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

fn merge(env: &Cli, files: &[&Path], out: &Path) -> Output {
    let mut args: Vec<&str> = vec!["merge"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend(["-o", out.to_str().unwrap()]);
    env.run(&args)
}

#[test]
fn merge_takes_the_union_and_refuses_to_lose_records() {
    let env = Cli::new();
    let a = env.dir.path().join("a.status.ron");
    let b = env.dir.path().join("b.status.ron");
    let with = |file: &Path, args: &[&str]| {
        let out = env
            .command(args)
            .env("PLANMEET_STATUS_FILE", file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    };
    with(&a, &["status", "set", "p1.t1", "--status", "done"]);
    std::fs::copy(&a, &b).unwrap();
    with(&a, &["status", "set", "p1.t2", "--status", "behind"]);
    with(&b, &["status", "set", "p1.t3", "--status", "at-risk"]);
    let out = merge(&env, &[&a, &b], &a);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("merged 3 records"),
        "{}",
        stderr(&out)
    );
    let merged = std::fs::read_to_string(&a).unwrap();
    assert_eq!(merged.lines().count(), 4, "{merged}");
    assert_eq!(merged.matches("Header(").count(), 1);
    // Merging again changes nothing.
    let out = merge(&env, &[&a, &b], &a);
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&a).unwrap(), merged);
    // An existing output that is not an input would lose its records.
    let out = merge(&env, &[&a], &b);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not one of the inputs"),
        "{}",
        stderr(&out)
    );
    let out = merge(
        &env,
        &[&a, &env.dir.path().join("missing")],
        &env.dir.path().join("c"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!env.dir.path().join("c").exists());
}

#[test]
fn status_show_as_of_a_date_gives_the_state_then() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.status.ron");
    let run = |args: &[&str], now: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_planmeet"))
            .args(args)
            .arg("--status-file")
            .arg(&file)
            .env("PLANMEET_NOW", now)
            .env("PLANMEET_AUTHOR", "王芳")
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    run(
        &["status", "set", "p1.t2", "--status", "at-risk"],
        "2022-06-01T10:00:00+08:00",
    );
    run(
        &["status", "set", "p1.t2", "--status", "done"],
        "2026-11-20T10:00:00+08:00",
    );
    let now = "2026-11-27T10:00:00+08:00";
    let then = run(
        &[
            "status",
            "show",
            "p1.t2",
            "--format",
            "json",
            "--as-of",
            "2022-12-31",
        ],
        now,
    );
    assert!(then.contains("\"at-risk\""), "{then}");
    assert!(!then.contains("\"done\""), "{then}");
    let today = run(&["status", "show", "p1.t2", "--format", "json"], now);
    assert!(today.contains("\"done\""), "{today}");
    // Before anything was recorded: nothing to show.
    let before = run(
        &[
            "status",
            "show",
            "--format",
            "json",
            "--as-of",
            "2021-01-01",
        ],
        now,
    );
    assert_eq!(before.trim(), "[]");
}
