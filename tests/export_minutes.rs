//! The minutes (会议纪要) export: snapshots of md and html from a scripted meeting on the
//! bundled plan, checks that can fail on what a snapshot would let slip (every item
//! discussed or changed present and nothing else, the status before → after, decisions with
//! their units and due dates, hostile text inert), and the command line run as a user would.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::process::{Command, Output};

use jiff::civil::date;
use planmeet::export::minutes::{self, Minutes, MinutesFormat};
use planmeet::i18n::{Lang, Strings};
use planmeet::model::annotation::{Actual, Record, Stamp, Status};
use planmeet::model::meeting::{
    DecisionRecord, DecisionStatus, Event, MeetingDetails, MeetingEvent, MeetingLog, MeetingRecord,
};
use planmeet::store::load_embedded;

const BINARY: &str = env!("CARGO_BIN_EXE_planmeet");

/// The meeting the minutes are of.
const MEETING: &str = "m2026-11-27-a1b2";
/// An earlier one, whose changes and decisions must stay out.
const EARLIER: &str = "m2026-10-30-0c0d";

const HOSTILE_TITLE: &str = "十一月调度会<script>alert(1)</script>";
const HOSTILE_RECORDER: &str = "王芳<b>|记录</b>\u{1b}[2J";
const HOSTILE_NOTE: &str =
    "已引进<script>alert(\"x\")</script>两名\n待市住建局协调 | **下周**复核\u{1b}[2J\u{202e}";

fn stamp(text: &str) -> Stamp {
    Stamp::parse(text).unwrap()
}

fn record(id: &str, at: &str, item: &str, owner: Option<&str>, meeting: Option<&str>) -> Record {
    Record {
        at: stamp(at),
        author: "王芳".into(),
        item: item.into(),
        owner: owner.map(Into::into),
        status: None,
        progress: None,
        actual: None,
        note: None,
        meeting: meeting.map(Into::into),
        private: false,
        id: id.into(),
        extra: None,
    }
}

/// Before the meeting: p1.t1 at risk 30%, kjj's part of p1.t2 behind, p1.t3 on track. In
/// the earlier meeting: p1.t5 changed. In this one: p1.t1 on track 60% with a hostile note,
/// kjj's part of p1.t2 done, an actual for p1.t1.g2; p1.t3 only discussed. During it, a
/// colleague changed p1.t4 outside the meeting.
fn records() -> Vec<Record> {
    let mut r1 = record("r1", "2026-11-01T10:00:00+08:00", "p1.t1", None, None);
    r1.status = Some(Status::AtRisk);
    r1.progress = Some(30);
    r1.note = Some("人才公寓未交付".into());
    let mut r2 = record(
        "r2",
        "2026-11-02T10:00:00+08:00",
        "p1.t2",
        Some("kjj"),
        None,
    );
    r2.status = Some(Status::Behind);
    let mut r3 = record("r3", "2026-11-03T10:00:00+08:00", "p1.t3", None, None);
    r3.status = Some(Status::OnTrack);
    let mut r4 = record(
        "r4",
        "2026-10-30T10:00:00+08:00",
        "p1.t5",
        None,
        Some(EARLIER),
    );
    r4.status = Some(Status::Done);
    let mut r5 = record(
        "r5",
        "2026-11-27T09:10:00+08:00",
        "p1.t1",
        None,
        Some(MEETING),
    );
    r5.status = Some(Status::OnTrack);
    r5.progress = Some(60);
    r5.note = Some(HOSTILE_NOTE.into());
    let mut r6 = record(
        "r6",
        "2026-11-27T09:20:00+08:00",
        "p1.t2",
        Some("kjj"),
        Some(MEETING),
    );
    r6.status = Some(Status::Done);
    r6.note = Some("两名领军人才已到岗".into());
    let mut r7 = record(
        "r7",
        "2026-11-27T09:25:00+08:00",
        "p1.t1.g2",
        None,
        Some(MEETING),
    );
    r7.actual = Some(Actual {
        value: 96.0,
        as_of: date(2026, 10, 31),
    });
    let mut r8 = record("r8", "2026-11-27T09:30:00+08:00", "p1.t4", None, None);
    r8.status = Some(Status::Behind);
    vec![r1, r2, r3, r4, r5, r6, r7, r8]
}

fn meeting_event(id: &str, at: &str, meeting: &str, event: MeetingEvent) -> Event {
    Event::Meeting(MeetingRecord {
        at: stamp(at),
        author: "王芳".into(),
        meeting: meeting.into(),
        event,
        id: id.into(),
    })
}

fn decision(id: &str, at: &str, decision: &str) -> DecisionRecord {
    DecisionRecord {
        at: stamp(at),
        author: "王芳".into(),
        decision: decision.into(),
        meeting: None,
        text: None,
        units: None,
        due: None,
        clear_due: false,
        status: None,
        items: None,
        id: id.into(),
    }
}

fn events() -> Vec<Event> {
    let discussed = |id: &str, at: &str, item: &str| {
        meeting_event(
            id,
            at,
            MEETING,
            MeetingEvent::Discussed { item: item.into() },
        )
    };
    let mut d1 = decision("e7", "2026-11-27T09:40:00+08:00", "d0000aaaa");
    d1.meeting = Some(MEETING.into());
    d1.text = Some("年底前完成人才公寓交付<script>x</script>".into());
    d1.units = Some(vec!["kjj".into(), "zjj".into()]);
    d1.due = Some(date(2026, 12, 31));
    d1.items = Some(vec!["p1.t1".into()]);
    let mut d2 = decision("e8", "2026-11-27T09:45:00+08:00", "d0000bbbb");
    d2.meeting = Some(MEETING.into());
    d2.text = Some("市财政局落实配套资金".into());
    d2.units = Some(vec!["czj".into()]);
    d2.due = Some(date(2026, 12, 15));
    let mut d2_done = decision("e9", "2026-12-10T09:00:00+08:00", "d0000bbbb");
    d2_done.status = Some(DecisionStatus::Done);
    let mut d3 = decision("e10", "2026-10-30T10:30:00+08:00", "d0000cccc");
    d3.meeting = Some(EARLIER.into());
    d3.text = Some("上次会议的事项".into());
    vec![
        meeting_event(
            "e0",
            "2026-10-30T09:00:00+08:00",
            EARLIER,
            MeetingEvent::Open {
                title: "十月调度会".into(),
                date: date(2026, 10, 30),
                attendees: vec![],
                details: MeetingDetails::default(),
            },
        ),
        meeting_event(
            "e1",
            "2026-11-27T09:00:00+08:00",
            MEETING,
            MeetingEvent::Open {
                title: HOSTILE_TITLE.into(),
                date: date(2026, 11, 27),
                attendees: vec!["kjj".into(), "zjj".into(), "czj".into()],
                details: MeetingDetails {
                    chair: Some("李明".into()),
                    recorder: Some(HOSTILE_RECORDER.into()),
                    place: Some("市政府三楼会议室".into()),
                    time: Some(jiff::civil::time(9, 0, 0, 0)),
                },
            },
        ),
        discussed("e2", "2026-11-27T09:05:00+08:00", "p1.t1"),
        discussed("e3", "2026-11-27T09:15:00+08:00", "p1.t3"),
        discussed("e4", "2026-11-27T09:18:00+08:00", "p1.t2"),
        Event::Decision(d1),
        Event::Decision(d2),
        Event::Decision(d2_done),
        Event::Decision(d3),
        meeting_event(
            "e11",
            "2026-11-27T11:30:00+08:00",
            MEETING,
            MeetingEvent::Close,
        ),
    ]
}

fn minutes(lang: Lang) -> Minutes {
    let loaded = load_embedded().unwrap();
    let log = MeetingLog::from_events(events());
    let meeting = log.meeting(MEETING).unwrap();
    minutes::build(
        &loaded.plan,
        &loaded.index,
        &records(),
        &log,
        meeting,
        &Strings::new(lang),
    )
}

fn render(lang: Lang, format: MinutesFormat) -> String {
    String::from_utf8(minutes::render(&minutes(lang), format, &Strings::new(lang))).unwrap()
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!(render(Lang::Zh, MinutesFormat::Md));
}

#[test]
fn snapshot_markdown_in_english() {
    insta::assert_snapshot!(render(Lang::En, MinutesFormat::Md));
}

#[test]
fn snapshot_html() {
    insta::assert_snapshot!(render(Lang::Zh, MinutesFormat::Html));
}

#[test]
fn every_item_discussed_or_changed_is_there_in_document_order_and_nothing_else() {
    let m = minutes(Lang::Zh);
    let ids: Vec<&str> = m.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["p1.t1", "p1.t1.g2", "p1.t2", "p1.t3"]);
    let discussed: Vec<&str> = m
        .items
        .iter()
        .filter(|i| i.discussed)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(discussed, ["p1.t1", "p1.t2", "p1.t3"]);
    for format in [MinutesFormat::Md, MinutesFormat::Html] {
        let text = render(Lang::Zh, format);
        for id in ["p1.t1", "p1.t1.g2", "p1.t2", "p1.t3"] {
            assert!(text.contains(id), "{id} missing from {format:?}");
        }
        // Changed outside the meeting (during it), or in another meeting: not here.
        assert!(!text.contains("p1.t4") && !text.contains("p1.t5"), "{text}");
        assert!(!text.contains("上次会议的事项"), "{text}");
        assert!(text.contains("建设高水平创新平台"), "{text}");
        assert!(
            text.contains("市科技局、市住房城乡建设局、市财政局"),
            "{text}"
        );
    }
}

#[test]
fn the_status_before_and_after_the_meeting_is_right() {
    let m = minutes(Lang::Zh);
    let item = |id: &str| m.items.iter().find(|i| i.id == id).unwrap();
    let t1 = &item("p1.t1").parts;
    assert_eq!(t1.len(), 1);
    assert_eq!(t1[0].status_before, Some(Status::AtRisk));
    assert_eq!(t1[0].status_after, Some(Status::OnTrack));
    assert_eq!(
        (t1[0].progress_before, t1[0].progress_after),
        (Some(30), Some(60))
    );
    assert_eq!(t1[0].notes, [HOSTILE_NOTE]);
    // Only kjj's part changed (behind → done): the whole item has no row of its own.
    let t2 = &item("p1.t2").parts;
    assert_eq!(t2.len(), 1);
    assert_eq!(t2[0].unit.as_deref(), Some("市科技局"));
    assert_eq!(t2[0].status_before, Some(Status::Behind));
    assert_eq!(t2[0].status_after, Some(Status::Done));
    // Discussed, not changed: as it was.
    let t3 = &item("p1.t3").parts;
    assert!(!t3[0].changed);
    assert_eq!(t3[0].status_before, Some(Status::OnTrack));
    assert_eq!(t3[0].status_after, Some(Status::OnTrack));
    let g2 = &item("p1.t1.g2").parts;
    assert_eq!(g2[0].actuals, [("96 个".to_owned(), date(2026, 10, 31))]);

    let md = render(Lang::Zh, MinutesFormat::Md);
    let row = |id: &str, unit: &str| {
        md.lines()
            .find(|l| l.starts_with(&format!("| `{id}` |")) && l.contains(unit))
            .unwrap_or_else(|| panic!("no row {id} {unit} in {md}"))
            .to_owned()
    };
    assert!(row("p1.t1", "整体").contains("存在风险 → 正常推进"));
    assert!(row("p1.t1", "整体").contains("30% → 60%"));
    assert!(row("p1.t2", "市科技局").contains("进度滞后 → 已完成"));
    assert!(row("p1.t3", "整体").contains("正常推进（未变）"));
    assert!(row("p1.t3", "整体").contains("已讨论，未作变更"));
    assert!(row("p1.t1.g2", "整体").contains("96 个（2026-10-31）"));
    let en = render(Lang::En, MinutesFormat::Md);
    assert!(en.contains("At risk → On track"), "{en}");
    assert!(en.contains("Behind → Done"), "{en}");
}

#[test]
fn decisions_carry_their_units_due_dates_and_status() {
    let m = minutes(Lang::Zh);
    let ids: Vec<&str> = m.decisions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["d0000aaaa", "d0000bbbb"]);
    assert_eq!(m.decisions[1].status, DecisionStatus::Done);
    let md = render(Lang::Zh, MinutesFormat::Md);
    let line = md
        .lines()
        .find(|l| l.contains("年底前完成人才公寓交付"))
        .unwrap();
    assert!(line.contains("市科技局、市住房城乡建设局"), "{line}");
    assert!(line.contains("2026-12-31"), "{line}");
    let zh = Strings::new(Lang::Zh);
    let word = |status: DecisionStatus| format!("| {} |", zh.get(status.key()));
    assert!(line.ends_with(&word(DecisionStatus::Open)), "{line}");
    let line = md.lines().find(|l| l.contains("落实配套资金")).unwrap();
    assert!(
        line.contains("| 市财政局 |") && line.contains("2026-12-15"),
        "{line}"
    );
    assert!(line.ends_with(&word(DecisionStatus::Done)), "{line}");
}

#[test]
fn untrusted_text_is_inert() {
    let html = render(Lang::Zh, MinutesFormat::Html);
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("已引进&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;两名<br>"));
    assert!(!html.contains('\u{1b}') && !html.contains('\u{202e}'));
    for external in ["<link", "src=", "@import", "url("] {
        assert!(!html.contains(external), "{external}");
    }
    assert!(html.contains("@page { size: A4"));
    let md = render(Lang::Zh, MinutesFormat::Md);
    assert!(!md.contains("<script"), "{md}");
    assert!(!md.contains('\u{1b}') && !md.contains('\u{202e}'));
    // A `|` in a note does not end the cell; `**` does not start bold.
    assert!(
        md.contains("待市住建局协调 \\| \\*\\*下周\\*\\*复核"),
        "{md}"
    );
}

/// The header names the chair, the recorder, the place and the start time the meeting was
/// opened with, in md and html, escaped; a meeting opened without them prints none.
#[test]
fn the_header_names_chair_recorder_place_and_time() {
    let md = render(Lang::Zh, MinutesFormat::Md);
    let header: String = md.lines().take_while(|l| !l.starts_with("## ")).collect();
    for line in [
        "- 会议时间：09:00",
        "- 会议地点：市政府三楼会议室",
        "- 主持人：李明",
        "- 记录人：王芳&lt;b>\\|记录&lt;/b>\\[2J",
    ] {
        assert!(header.contains(line), "{line}\n{md}");
    }
    let html = render(Lang::Zh, MinutesFormat::Html);
    let header = &html[..html.find("</header>").unwrap()];
    assert!(header.contains("主持人：</span>李明"), "{header}");
    assert!(header.contains("会议时间：</span>09:00"), "{header}");
    assert!(header.contains("王芳&lt;b&gt;|记录&lt;/b&gt;"), "{header}");
    assert!(!html.contains('\u{1b}'));
    let en = render(Lang::En, MinutesFormat::Md);
    assert!(en.contains("- Chair: 李明"), "{en}");
    assert!(en.contains("- Time: 09:00"), "{en}");
    // The earlier meeting was opened without them.
    let loaded = load_embedded().unwrap();
    let log = MeetingLog::from_events(events());
    let earlier = minutes::build(
        &loaded.plan,
        &loaded.index,
        &records(),
        &log,
        log.meeting(EARLIER).unwrap(),
        &Strings::new(Lang::Zh),
    );
    let md = String::from_utf8(minutes::render(
        &earlier,
        MinutesFormat::Md,
        &Strings::new(Lang::Zh),
    ))
    .unwrap();
    for label in ["主持人", "记录人", "会议地点", "会议时间"] {
        assert!(!md.contains(label), "{label}\n{md}");
    }
}

/// `meeting new --chair --recorder --place --time`: stored with the meeting, printed in its
/// minutes; a time that is none is refused with exit 2 and nothing written.
#[test]
fn meeting_new_takes_chair_recorder_place_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let now = "2026-11-27T09:00:00+08:00";
    let out = run(
        dir,
        now,
        &["meeting", "new", "--title", "调度会", "--time", "25点"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("25点"));
    assert!(!dir.join("s.status.ron").exists());
    let id = ok(
        dir,
        now,
        &[
            "meeting",
            "new",
            "--title",
            "调度会",
            "--chair",
            "李明",
            "--recorder",
            "王芳",
            "--place",
            "三楼会议室",
            "--time",
            "9:30",
        ],
    );
    let file = std::fs::read_to_string(dir.join("s.status.ron")).unwrap();
    assert!(file.contains("chair: \"李明\""), "{file}");
    assert!(file.contains("time: \"09:30:00\""), "{file}");
    let md = ok(
        dir,
        "2026-11-27T10:00:00+08:00",
        &[
            "export",
            "minutes",
            "--meeting",
            id.trim(),
            "--format",
            "md",
        ],
    );
    for line in [
        "- Chair: 李明",
        "- Recorder: 王芳",
        "- Place: 三楼会议室",
        "- Time: 09:30",
    ] {
        assert!(md.contains(line), "{line}\n{md}");
    }
}

fn run(dir: &std::path::Path, now: &str, args: &[&str]) -> Output {
    Command::new(BINARY)
        .args(args)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("PLANMEET_PLAN")
        .env_remove("PLANMEET_AUTHOR")
        .env("PLANMEET_NOW", now)
        .env("USER", "tester")
        .env("PLANMEET_CONFIG_DIR", "/nonexistent-planmeet-config")
        .env("PLANMEET_STATUS_FILE", dir.join("s.status.ron"))
        .current_dir(dir)
        .output()
        .expect("planmeet runs")
}

fn ok(dir: &std::path::Path, now: &str, args: &[&str]) -> String {
    let out = run(dir, now, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_meeting_run_from_the_command_line_gives_its_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    // Nothing to write minutes of yet.
    let out = run(
        dir,
        "2026-11-27T08:00:00+08:00",
        &["export", "minutes", "--format", "md"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("meeting new"));

    ok(
        dir,
        "2026-11-20T10:00:00+08:00",
        &["status", "set", "p1.t1", "--status", "at-risk"],
    );
    let old = ok(
        dir,
        "2026-11-20T10:00:00+08:00",
        &["meeting", "new", "--title", "上次"],
    );
    ok(
        dir,
        "2026-11-20T11:00:00+08:00",
        &["meeting", "close", old.trim()],
    );
    let id = ok(
        dir,
        "2026-11-27T09:00:00+08:00",
        &[
            "meeting",
            "new",
            "--title",
            "十一月调度会",
            "--attendee",
            "kjj,zjj",
        ],
    );
    let id = id.trim();
    ok(
        dir,
        "2026-11-27T09:05:00+08:00",
        &["meeting", "discussed", id, "p1.t1"],
    );
    ok(
        dir,
        "2026-11-27T09:06:00+08:00",
        &[
            "status",
            "set",
            "p1.t1",
            "--status",
            "on-track",
            "--note",
            "已推进",
        ],
    );
    ok(
        dir,
        "2026-11-27T09:10:00+08:00",
        &["meeting", "discussed", id, "p1.t3"],
    );
    ok(
        dir,
        "2026-11-27T09:20:00+08:00",
        &[
            "decision",
            "add",
            "--text",
            "补充材料",
            "--unit",
            "kjj",
            "--due",
            "2026-12-05",
        ],
    );
    ok(dir, "2026-11-27T11:00:00+08:00", &["meeting", "close", id]);

    // The latest meeting by default; to a file.
    let out = run(
        dir,
        "2026-11-28T09:00:00+08:00",
        &[
            "--lang",
            "zh",
            "export",
            "minutes",
            "--format",
            "html",
            "-o",
            "纪要.html",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(dir.join("纪要.html")).unwrap();
    assert!(html.contains("会议纪要：十一月调度会"), "{html}");
    assert!(html.contains("存在风险 → 正常推进"), "{html}");
    assert!(html.contains("已讨论，未作变更"), "{html}");
    assert!(
        html.contains("补充材料") && html.contains("2026-12-05"),
        "{html}"
    );
    assert!(html.contains("市科技局、市住房城乡建设局"), "{html}");
    // The earlier meeting, by id.
    let md = ok(
        dir,
        "2026-11-28T09:00:00+08:00",
        &[
            "export",
            "minutes",
            "--format",
            "md",
            "--meeting",
            old.trim(),
        ],
    );
    assert!(md.contains("Minutes: 上次"), "{md}");
    assert!(md.contains(&format!(
        "{}\n",
        "No item was discussed or changed in this meeting."
    )));

    for (args, says) in [
        (vec!["export", "minutes", "--format", "csv"], "md or html"),
        (
            vec!["export", "minutes", "--format", "md", "--by", "unit"],
            "--by",
        ),
        (
            vec!["export", "ledger", "--format", "md", "--meeting", id],
            "--meeting",
        ),
    ] {
        let out = run(dir, "2026-11-28T09:00:00+08:00", &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

#[test]
fn the_report_fields_recorded_in_the_meeting_are_in_its_minutes() {
    let (plan, index) = {
        let loaded = load_embedded().unwrap();
        (loaded.plan, loaded.index)
    };
    let mut records = records();
    let mut report = record(
        "r9",
        "2026-11-27T09:40:00+08:00",
        "p1.t3",
        None,
        Some(MEETING),
    );
    report.extra_mut().progress_text = Some("已建成两家".into());
    report.extra_mut().problems = Some("用地<未>落实".into());
    report.extra_mut().next_steps = Some("十二月开工".into());
    records.push(report);
    let log = MeetingLog::from_events(events());
    let meeting = log.meeting(MEETING).unwrap();
    for (lang, labels) in [
        (
            Lang::Zh,
            [
                "进展情况：已建成两家",
                "存在问题：用地",
                "下一步计划：十二月开工",
            ],
        ),
        (
            Lang::En,
            [
                "Progress: 已建成两家",
                "Problems: 用地",
                "Next steps: 十二月开工",
            ],
        ),
    ] {
        let strings = &Strings::new(lang);
        let built = minutes::build(&plan, &index, &records, &log, meeting, strings);
        let md = String::from_utf8(minutes::render(&built, MinutesFormat::Md, strings)).unwrap();
        for label in labels {
            assert!(md.contains(label), "{lang:?}: {label} missing in\n{md}");
        }
        let html =
            String::from_utf8(minutes::render(&built, MinutesFormat::Html, strings)).unwrap();
        assert!(html.contains("用地&lt;未&gt;落实"), "{lang:?}");
    }
}
