//! `planmeet meeting …`, `planmeet decision …` and `status set --meeting/--effective` run as
//! a user would, on a status file in a temporary directory, at known times (PLANMEET_NOW):
//! what is printed, what is written, what is refused and with which exit code.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use common::cli::{Cli, stderr, stdout};
use serde_json::Value;

/// What the meeting tests ask of a command besides running it.
trait MeetingCli {
    /// Fails with exit code 2, printing nothing and leaving the file as it was; the message.
    fn invalid(&self, now: &str, args: &[&str]) -> String;
    fn json_at(&self, now: &str, args: &[&str]) -> Value;
}

impl MeetingCli for Cli {
    fn invalid(&self, now: &str, args: &[&str]) -> String {
        let before = self.text();
        let out = self.at(now, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{args:?}");
        assert_eq!(self.text(), before, "{args:?} wrote to the file");
        stderr(&out)
    }

    fn json_at(&self, now: &str, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok_at(now, args)).unwrap()
    }
}

const T0: &str = "2026-11-27T09:00:00+08:00";
const T1: &str = "2026-11-27T09:05:00+08:00";
const T2: &str = "2026-11-27T09:10:00+08:00";
const T3: &str = "2026-11-27T09:15:00+08:00";
const T4: &str = "2026-11-27T09:20:00+08:00";
const T5: &str = "2026-11-27T11:30:00+08:00";

#[test]
fn a_meeting_is_opened_used_listed_shown_and_closed() {
    let env = Cli::new();
    let id = env.ok_at(
        T0,
        &[
            "meeting",
            "new",
            "--title",
            "十一月调度会",
            "--attendee",
            "kjj",
            "--attendee",
            "zjj",
            "--author",
            "王芳",
        ],
    );
    let id = id.trim().to_owned();
    // m + the date (today, from PLANMEET_NOW) + 4 hex digits.
    assert!(id.starts_with("m2026-11-27-"), "{id}");
    assert_eq!(id.len(), "m2026-11-27-3fa1".len(), "{id}");
    assert!(id[12..].bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    let text = env.text();
    assert!(text.starts_with("Header("), "{text}");
    assert!(
        text.contains(&format!("meeting: \"{id}\", event: Open(title: \"十一月调度会\", date: \"2026-11-27\", attendees: [\"kjj\", \"zjj\"])")),
        "{text}"
    );

    // With exactly one meeting open, a change without --meeting is made in it.
    env.ok_at(T1, &["status", "set", "p1.t1", "--status", "at-risk"]);
    env.ok_at(T2, &["meeting", "discussed", &id, "p1.t2"]);
    env.ok_at(T2, &["meeting", "discussed", &id, "p1.t2"]);
    let log = env.json_at(T2, &["status", "log", "--format", "json"]);
    assert_eq!(log[0]["meeting"], id.as_str(), "{log}");

    let list = env.json_at(T3, &["meeting", "list", "--format", "json"]);
    let meetings = list.as_array().unwrap();
    assert_eq!(meetings.len(), 1);
    let m = &meetings[0];
    assert_eq!(m["id"], id.as_str());
    assert_eq!(m["date"], "2026-11-27");
    assert_eq!(m["title"], "十一月调度会");
    assert_eq!(m["attendees"][0]["id"], "kjj");
    assert_eq!(m["attendees"][0]["name"], "市科技局");
    assert_eq!(m["attendees"][1]["id"], "zjj");
    assert_eq!(m["open"], true);
    assert_eq!(m["opened_by"], "王芳");
    assert_eq!(m["changes"], 1);
    assert_eq!(m["decisions"], 0);
    // Marked twice, listed once.
    assert_eq!(m["discussed"], serde_json::json!(["p1.t2"]));

    let table = env.ok_at(T3, &["meeting", "list"]);
    assert!(
        table.contains(&id) && table.contains("十一月调度会"),
        "{table}"
    );
    // English names under English (the cell is cut at its width).
    assert!(
        table.contains("Liuzhou Municipal Bureau of Science and"),
        "{table}"
    );
    assert!(table.contains("open"), "{table}");

    env.ok_at(T4, &["meeting", "close", &id]);
    let shown = env.json_at(T5, &["meeting", "show", &id, "--format", "json"]);
    assert_eq!(shown["open"], false);
    assert_eq!(shown["closed_at"], "2026-11-27T09:20:00+08:00");
    assert_eq!(shown["discussed"][0]["item"], "p1.t2");
    // Titled in the interface language (LANG=C is English), as the plan gives it.
    assert_eq!(
        shown["discussed"][0]["title"],
        "Attract and cultivate high-level innovation talent"
    );
    assert_eq!(shown["changes"][0]["item"], "p1.t1");
    assert_eq!(shown["changes"][0]["status"], "at-risk");
    let table = env.ok_at(T5, &["meeting", "show", &id]);
    assert!(table.contains("closed"), "{table}");
    assert!(table.contains("Attract and cultivate"), "{table}");

    // Closed: changes are no longer stamped with it, and it cannot be closed twice.
    env.ok_at(T5, &["status", "set", "p1.t3", "--status", "on-track"]);
    let log = env.json_at(T5, &["status", "log", "p1.t3", "--format", "json"]);
    assert_eq!(log[0]["meeting"], Value::Null);
    let message = env.invalid(T5, &["meeting", "close", &id]);
    assert!(message.contains("already closed"), "{message}");
}

#[test]
fn bad_meeting_input_is_refused_with_the_valid_choices() {
    let env = Cli::new();
    let message = env.invalid(
        T0,
        &[
            "meeting",
            "new",
            "--title",
            "会",
            "--attendee",
            "kjj,nosuch",
        ],
    );
    assert!(message.contains("\"nosuch\""), "{message}");
    assert!(
        message.contains("kjj (Liuzhou Municipal Bureau of Science and Technology)"),
        "{message}"
    );
    assert!(
        message.contains("zjj (Liuzhou Municipal Bureau of Housing and Urban-Rural Development)"),
        "{message}"
    );
    let message = env.invalid(T0, &["meeting", "new", "--title", "  "]);
    assert!(message.contains("--title"), "{message}");
    // Nothing to list yet: the message says how to start one.
    let message = env.invalid(T0, &["meeting", "close", "m2026-01-01-abcd"]);
    assert!(message.contains("meeting new"), "{message}");

    let id = env.ok_at(
        T0,
        &["meeting", "new", "--title", "会", "--date", "2026-11-20"],
    );
    let id = id.trim();
    assert!(id.starts_with("m2026-11-20-"), "{id}");
    for args in [
        vec!["meeting", "close", "m-nope"],
        vec!["meeting", "show", "m-nope"],
        vec!["meeting", "discussed", "m-nope", "p1.t1"],
        vec![
            "status",
            "set",
            "p1.t1",
            "--status",
            "done",
            "--meeting",
            "m-nope",
        ],
        vec!["decision", "add", "--text", "x", "--meeting", "m-nope"],
        vec!["decision", "list", "--meeting", "m-nope"],
        vec!["export", "minutes", "--format", "md", "--meeting", "m-nope"],
    ] {
        let message = env.invalid(T1, &args);
        assert!(
            message.contains("unknown meeting \"m-nope\""),
            "{args:?}: {message}"
        );
        // The meetings there are, listed.
        assert!(
            message.contains(id) && message.contains("open"),
            "{message}"
        );
    }
    let message = env.invalid(T1, &["meeting", "discussed", id, "p1.t99"]);
    assert!(message.contains("unknown id \"p1.t99\""), "{message}");
}

#[test]
fn a_change_names_a_meeting_explicitly_or_none_when_several_are_open() {
    let env = Cli::new();
    let a = env.ok_at(T0, &["meeting", "new", "--title", "A"]);
    // A second meeting while one is open takes --force.
    let message = env.invalid(T1, &["meeting", "new", "--title", "B"]);
    assert!(
        message.contains("--force") && message.contains(a.trim()),
        "{message}"
    );
    let b = env.ok_at(T1, &["meeting", "new", "--title", "B", "--force"]);
    let (a, b) = (a.trim(), b.trim());
    // Two open: no implicit meeting.
    env.ok_at(T2, &["status", "set", "p1.t1", "--status", "done"]);
    env.ok_at(
        T3,
        &["status", "set", "p1.t2", "--status", "done", "--meeting", a],
    );
    let log = env.json_at(T3, &["status", "log", "--format", "json"]);
    assert_eq!(log[0]["meeting"], Value::Null, "{log}");
    assert_eq!(log[1]["meeting"], a, "{log}");
    // One closed: the other is the implicit one.
    env.ok_at(T3, &["meeting", "close", a]);
    env.ok_at(T4, &["status", "set", "p1.t3", "--status", "done"]);
    let log = env.json_at(T4, &["status", "log", "p1.t3", "--format", "json"]);
    assert_eq!(log[0]["meeting"], b, "{log}");
    // A closed meeting can still be named (minutes typed in afterwards).
    env.ok_at(
        T5,
        &["status", "set", "p1.t4", "--status", "done", "--meeting", a],
    );
    let log = env.json_at(T5, &["status", "log", "p1.t4", "--format", "json"]);
    assert_eq!(log[0]["meeting"], a, "{log}");
}

#[test]
fn an_effective_date_is_recorded_and_counts_in_reviews_of_the_past() {
    let env = Cli::new();
    // Typed in on 3 December for the meeting of 27 November.
    env.ok_at(
        "2026-12-03T09:00:00+08:00",
        &[
            "status",
            "set",
            "p1.t1",
            "--status",
            "behind",
            "--effective",
            "2026-11-27",
        ],
    );
    assert!(
        env.text().contains("effective: \"2026-11-27\""),
        "{}",
        env.text()
    );
    let md = |as_of: &str| {
        env.ok_at(
            "2026-12-03T10:00:00+08:00",
            &["export", "ledger", "--format", "md", "--as-of", as_of],
        )
    };
    let row = |text: &str| {
        text.lines()
            .find(|l| l.contains("`p1.t1`"))
            .unwrap()
            .to_owned()
    };
    assert!(
        row(&md("2026-11-30")).contains("Behind"),
        "{}",
        md("2026-11-30")
    );
    assert!(!row(&md("2026-11-26")).contains("Behind"));
    let message = env.invalid(
        T0,
        &[
            "status",
            "set",
            "p1.t1",
            "--status",
            "done",
            "--effective",
            "27/11",
        ],
    );
    assert!(message.contains("--effective"), "{message}");
}

#[test]
fn decisions_are_added_changed_and_listed_by_unit_meeting_and_overdue() {
    let env = Cli::new();
    let m = env.ok_at(
        T0,
        &["meeting", "new", "--title", "调度会", "--attendee", "kjj"],
    );
    let m = m.trim();
    let d1 = env.ok_at(
        T1,
        &[
            "decision",
            "add",
            "--text",
            "月底前完成人才公寓交付",
            "--unit",
            "kjj",
            "--unit",
            "zjj",
            "--due",
            "2026-11-30",
            "--item",
            "p1.t2",
        ],
    );
    let d1 = d1.trim().to_owned();
    assert!(d1.starts_with('d') && d1.len() == 9, "{d1}");
    assert!(d1[1..].bytes().all(|b| b.is_ascii_hexdigit()), "{d1}");
    let d2 = env.ok_at(
        T2,
        &[
            "decision",
            "add",
            "--text",
            "补充材料",
            "--unit",
            "czj",
            "--due",
            "2026-12-15",
        ],
    );
    let d2 = d2.trim().to_owned();
    env.ok_at(T3, &["meeting", "close", m]);
    // No meeting open: a decision made outside one.
    let d3 = env.ok_at(
        T4,
        &[
            "decision",
            "add",
            "--text",
            "会后补充",
            "--due",
            "2026-11-01",
        ],
    );
    let d3 = d3.trim().to_owned();

    let all = env.json_at(T4, &["decision", "list", "--format", "json"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0]["id"], d1.as_str());
    assert_eq!(all[0]["text"], "月底前完成人才公寓交付");
    assert_eq!(all[0]["units"][1]["name"], "市住房城乡建设局");
    assert_eq!(all[0]["due"], "2026-11-30");
    assert_eq!(all[0]["status"], "open");
    assert_eq!(all[0]["meeting"], m, "the open meeting by default");
    assert_eq!(all[0]["items"], serde_json::json!(["p1.t2"]));
    assert_eq!(all[2]["meeting"], Value::Null);

    let ids = |list: Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // Overdue: open and due before today — 1 December here.
    let dec1 = "2026-12-01T08:00:00+08:00";
    let overdue = ids(env.json_at(dec1, &["decision", "list", "--overdue", "--format", "json"]));
    assert_eq!(overdue, [d1.as_str(), d3.as_str()]);
    // Due today is not overdue.
    let nov30 = "2026-11-30T08:00:00+08:00";
    let overdue = ids(env.json_at(
        nov30,
        &["decision", "list", "--overdue", "--format", "json"],
    ));
    assert_eq!(overdue, [d3.as_str()]);
    let by_unit = ids(env.json_at(
        dec1,
        &["decision", "list", "--unit", "zjj", "--format", "json"],
    ));
    assert_eq!(by_unit, [d1.as_str()]);
    let in_meeting = ids(env.json_at(
        dec1,
        &["decision", "list", "--meeting", m, "--format", "json"],
    ));
    assert_eq!(in_meeting, [d1.as_str(), d2.as_str()]);

    // Done is no longer overdue; a later due date takes it out of the list too. Changes
    // made at the same PLANMEET_NOW still come after the ones before them.
    env.ok_at(dec1, &["decision", "set", &d1, "--status", "done"]);
    env.ok_at(
        dec1,
        &[
            "decision",
            "set",
            &d3,
            "--due",
            "2026-12-31",
            "--unit",
            "kjj",
        ],
    );
    env.ok_at(dec1, &["decision", "set", &d3, "--text", "会后补充材料"]);
    let overdue = ids(env.json_at(dec1, &["decision", "list", "--overdue", "--format", "json"]));
    assert!(overdue.is_empty(), "{overdue:?}");
    let all = env.json_at(dec1, &["decision", "list", "--format", "json"]);
    assert_eq!(all[0]["status"], "done");
    assert_eq!(all[2]["due"], "2026-12-31");
    assert_eq!(all[2]["text"], "会后补充材料");
    assert_eq!(all[2]["units"][0]["id"], "kjj");
    let table = env.ok_at(
        "2027-01-05T08:00:00+08:00",
        &["decision", "list", "--overdue"],
    );
    assert!(
        table.contains("会后补充材料") && table.contains("overdue"),
        "{table}"
    );
    assert!(!table.contains("月底前完成人才公寓交付"), "{table}");

    // The meeting counts its decisions.
    let list = env.json_at(dec1, &["meeting", "list", "--format", "json"]);
    assert_eq!(list[0]["decisions"], 2);

    // Refused, with the valid choices.
    let message = env.invalid(dec1, &["decision", "set", "dnope", "--status", "done"]);
    assert!(
        message.contains("unknown decision") && message.contains(&d1),
        "{message}"
    );
    let message = env.invalid(dec1, &["decision", "set", &d1]);
    assert!(message.contains("nothing to change"), "{message}");
    let message = env.invalid(dec1, &["decision", "set", &d1, "--status", "finished"]);
    assert!(
        message.contains("open") && message.contains("dropped"),
        "{message}"
    );
    let message = env.invalid(dec1, &["decision", "add", "--text", "x", "--unit", "nope"]);
    assert!(
        message.contains("kjj (Liuzhou Municipal Bureau of Science and Technology)"),
        "{message}"
    );
    let message = env.invalid(dec1, &["decision", "list", "--unit", "nope"]);
    assert!(
        message.contains("kjj (Liuzhou Municipal Bureau of Science and Technology)"),
        "{message}"
    );
    let message = env.invalid(dec1, &["decision", "add", "--text", "x", "--item", "p77"]);
    assert!(message.contains("unknown id"), "{message}");
    let message = env.invalid(dec1, &["decision", "add", "--text", " "]);
    assert!(message.contains("--text"), "{message}");
}

#[test]
fn list_and_show_print_time_place_chair_and_recorder_when_given() {
    let env = Cli::new();
    let id = env.ok_at(
        T0,
        &[
            "meeting",
            "new",
            "--title",
            "十一月调度会",
            "--attendee",
            "kjj",
            "--chair",
            "张三",
            "--recorder",
            "李四",
            "--place",
            "三楼会议室",
            "--time",
            "9:30",
        ],
    );
    let id = id.trim().to_owned();
    // A second meeting without them: its cells stay empty.
    let bare = env.ok_at(
        T1,
        &[
            "meeting",
            "new",
            "--force",
            "--title",
            "第二次",
            "--attendee",
            "czj",
        ],
    );
    let bare = bare.trim().to_owned();
    for (lang, labels) in [
        ("zh", ["会议时间", "会议地点", "主持人", "记录人"]),
        ("en", ["Time", "Place", "Chair", "Recorder"]),
    ] {
        let list = env.ok_at(T2, &["--lang", lang, "meeting", "list"]);
        let header = list.lines().next().unwrap();
        for label in labels {
            assert!(header.contains(label), "{lang}: {label}\n{list}");
        }
        let row = list.lines().find(|l| l.starts_with(&id)).unwrap();
        for value in ["09:30", "三楼会议室", "张三", "李四"] {
            assert!(row.contains(value), "{lang}: {value}\n{list}");
        }
        let bare_row = list.lines().find(|l| l.starts_with(&bare)).unwrap();
        assert!(!bare_row.contains("张三"), "{list}");
        let shown = env.ok_at(T2, &["--lang", lang, "meeting", "show", &id]);
        for (label, value) in labels.iter().zip(["09:30", "三楼会议室", "张三", "李四"]) {
            assert!(
                shown.contains(&format!("{label}: {value}\n")),
                "{lang}: {label}\n{shown}"
            );
        }
        // Not given, not printed.
        let shown = env.ok_at(T2, &["--lang", lang, "meeting", "show", &bare]);
        for label in labels {
            assert!(
                !shown.contains(&format!("{label}: ")),
                "{lang}: {label}\n{shown}"
            );
        }
    }
    // Without any meeting giving them, the list has no such columns.
    let other = Cli::new();
    other.ok_at(T0, &["meeting", "new", "--title", "第一次"]);
    let list = other.ok_at(T1, &["meeting", "list"]);
    assert!(!list.contains("Chair"), "{list}");
    // JSON: the four fields, null where not given.
    let list = env.json_at(T2, &["meeting", "list", "--format", "json"]);
    let m = &list.as_array().unwrap()[0];
    assert_eq!(m["time"], "09:30");
    assert_eq!(m["place"], "三楼会议室");
    assert_eq!(m["chair"], "张三");
    assert_eq!(m["recorder"], "李四");
    assert_eq!(list[1]["chair"], Value::Null);
    let shown = env.json_at(T2, &["meeting", "show", &id, "--format", "json"]);
    assert_eq!(shown["time"], "09:30");
    assert_eq!(shown["recorder"], "李四");
}
