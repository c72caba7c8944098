//! The ledger (台账) export: snapshots of md, csv and html on the bundled plan with a small
//! status log at a fixed review date, checks that can fail on what a snapshot would let
//! slip (every item present, every unit's items with their roles, escaping, BOM and CRLF,
//! the as-of cut), and the command line run as a user would.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::collections::{BTreeSet, HashMap};
use std::process::{Command, Output};

use jiff::civil::{Date, date};
use planmeet::export::ledger::{self, By, Ledger, LedgerFormat, Row};
use planmeet::i18n::{Lang, Strings};
use planmeet::model::annotation::{Actual, AnnotationLog, Record, Stamp, Status};
use planmeet::model::progress::Light;
use planmeet::model::query::{self, Role};
use planmeet::store::{LoadedPlan, load_embedded};

const BINARY: &str = env!("CARGO_BIN_EXE_planmeet");

/// The review date of every snapshot: the 2022 mid-year review.
const AS_OF: Date = date(2022, 6, 30);

const HOSTILE_NOTE: &str =
    "人才公寓<script>alert(\"x\")</script>未交付\n待市住建局协调 | 下周复核\u{1b}[2J\u{9b}31m";

fn record(id: &str, at: &str, author: &str, item: &str, owner: Option<&str>) -> Record {
    Record {
        at: Stamp::parse(at).unwrap(),
        author: author.into(),
        item: item.into(),
        owner: owner.map(Into::into),
        status: None,
        progress: None,
        actual: None,
        note: None,
        meeting: None,
        private: false,
        id: id.into(),
        extra: None,
    }
}

/// A small log: statuses on a sub-task and on one unit's part of it, a hostile note, a
/// target's actuals (one dated after the review), a safeguard, an 附件2 row — and two
/// changes made after the review date.
fn records() -> Vec<Record> {
    let mut r1 = record("r1", "2022-03-01T10:00:00+08:00", "王芳", "p1.t1", None);
    r1.status = Some(Status::OnTrack);
    r1.progress = Some(30);
    let mut r2 = record(
        "r2",
        "2022-05-10T09:00:00+08:00",
        "王芳",
        "p1.t2",
        Some("kjj"),
    );
    r2.status = Some(Status::AtRisk);
    r2.progress = Some(40);
    r2.note = Some(HOSTILE_NOTE.into());
    let mut r3 = record("r3", "2022-05-11T09:00:00+08:00", "李雷", "p1.t1.g2", None);
    r3.actual = Some(Actual {
        value: 96.0,
        as_of: date(2022, 3, 31),
    });
    let mut r4 = record("r4", "2022-05-11T09:05:00+08:00", "李雷", "p1.t1.g2", None);
    r4.status = Some(Status::Done);
    let mut r5 = record("r5", "2022-06-20T15:30:00+08:00", "张三", "p1.t2", None);
    r5.status = Some(Status::OnTrack);
    r5.note = Some("=HYPERLINK(\"http://example.com\")".into());
    // Recorded before the review, but the value is as of the end of the year.
    let mut r6 = record("r6", "2022-06-25T11:00:00+08:00", "李雷", "p1.t1.g2", None);
    r6.actual = Some(Actual {
        value: 101.0,
        as_of: date(2022, 12, 31),
    });
    let mut r7 = record("r7", "2022-05-12T08:30:00+08:00", "王芳", "s1", None);
    r7.status = Some(Status::Done);
    r7.note = Some("领导小组已成立".into());
    let mut r8 = record("r8", "2022-01-15T16:45:00+08:00", "李雷", "a2.r2", None);
    r8.actual = Some(Actual {
        value: 11.0,
        as_of: date(2021, 12, 31),
    });
    r8.status = Some(Status::OnTrack);
    // After the review date: must not count in the 2022-06-30 ledger. 23:30 in UTC on
    // 30 June is already 1 July in Beijing, where it was recorded.
    let mut r9 = record("r9", "2022-08-11T09:00:00+08:00", "李雷", "p1.t2", None);
    r9.status = Some(Status::Behind);
    r9.note = Some("八月复核：滞后".into());
    let mut r10 = record("r10", "2022-07-01T07:30:00+08:00", "李雷", "s1", None);
    r10.status = Some(Status::Deferred);
    vec![r1, r2, r3, r4, r5, r6, r7, r8, r9, r10]
}

fn strings(lang: Lang) -> Strings {
    Strings::new(lang)
}

fn ledger_at(loaded: &LoadedPlan, by: By, lang: Lang, as_of: Date) -> Ledger {
    let log = planmeet::model::as_of::as_of_log(&records(), as_of);
    ledger::build(&loaded.plan, &loaded.index, &log, by, as_of, &strings(lang))
}

fn render(ledger: &Ledger, format: LedgerFormat, lang: Lang) -> String {
    let bytes = ledger::render(ledger, format, &strings(lang)).unwrap();
    String::from_utf8(bytes).unwrap()
}

fn find<'a>(ledger: &'a Ledger, group: &str, id: &str) -> &'a Row {
    ledger
        .groups
        .iter()
        .find(|g| g.id.as_deref() == Some(group))
        .unwrap_or_else(|| panic!("no group {group}"))
        .rows
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no row {id} in {group}"))
}

#[test]
fn snapshot_markdown_by_programme() {
    let loaded = load_embedded().unwrap();
    let ledger = ledger_at(&loaded, By::Programme, Lang::Zh, AS_OF);
    insta::assert_snapshot!(render(&ledger, LedgerFormat::Md, Lang::Zh));
}

#[test]
fn snapshot_markdown_by_unit_in_english() {
    let loaded = load_embedded().unwrap();
    let ledger = ledger_at(&loaded, By::Unit, Lang::En, AS_OF);
    insta::assert_snapshot!(render(&ledger, LedgerFormat::Md, Lang::En));
}

#[test]
fn snapshot_csv_by_unit() {
    let loaded = load_embedded().unwrap();
    let ledger = ledger_at(&loaded, By::Unit, Lang::Zh, AS_OF);
    // CRLF shown as ␍ so the snapshot keeps them visibly.
    let text = render(&ledger, LedgerFormat::Csv, Lang::Zh).replace('\r', "␍");
    insta::assert_snapshot!(text);
}

#[test]
fn snapshot_html_by_programme() {
    let loaded = load_embedded().unwrap();
    let ledger = ledger_at(&loaded, By::Programme, Lang::Zh, AS_OF);
    insta::assert_snapshot!(render(&ledger, LedgerFormat::Html, Lang::Zh));
}

#[test]
fn every_item_of_the_plan_is_in_the_programme_ledger() {
    let loaded = load_embedded().unwrap();
    let ledger = ledger_at(&loaded, By::Programme, Lang::Zh, AS_OF);
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for group in &ledger.groups {
        seen.extend(group.id.as_deref());
        for row in &group.rows {
            assert!(seen.insert(&row.id), "{} appears twice", row.id);
        }
    }
    // A 附件1 figure is in its district's row; it has a row of its own only once an actual
    // is recorded for it.
    let all: BTreeSet<&str> = loaded
        .index
        .entries
        .iter()
        .filter(|e| !matches!(e.path, planmeet::model::ItemPath::DistrictCell(..)))
        .map(|e| e.id.as_str())
        .collect();
    let missing: Vec<&&str> = all.difference(&seen).collect();
    assert!(missing.is_empty(), "missing from the ledger: {missing:?}");
    // And in the written documents, each id as it is shown.
    let md = render(&ledger, LedgerFormat::Md, Lang::Zh);
    let html = render(&ledger, LedgerFormat::Html, Lang::Zh);
    let csv = render(&ledger, LedgerFormat::Csv, Lang::Zh);
    for id in &all {
        assert!(md.contains(&format!("`{id}`")), "md lacks {id}");
        assert!(
            html.contains(&format!("<span class=\"id\">{id}</span>")),
            "html lacks {id}"
        );
    }
    for row in ledger.groups.iter().flat_map(|g| &g.rows) {
        assert!(
            csv.contains(&format!(",{},", row.id)),
            "csv lacks {}",
            row.id
        );
    }
    // Programmes in document order, numbered; sub-tasks numbered as the document does.
    let titles: Vec<&str> = ledger.groups.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(titles[0], "主要目标");
    assert_eq!(titles[1], "（一）科技创新能力提升工程");
    assert_eq!(titles[7], "保障措施");
    assert_eq!(find(&ledger, "p1", "p1.t2").title, "2．引育高层次创新人才");
}

#[test]
fn the_unit_ledger_lists_each_item_under_each_of_its_units_with_its_role() {
    let loaded = load_embedded().unwrap();
    let by_programme = ledger_at(&loaded, By::Programme, Lang::Zh, AS_OF);
    let by_unit = ledger_at(&loaded, By::Unit, Lang::Zh, AS_OF);
    let mut rows: HashMap<(&str, &str), &Row> = HashMap::new();
    for group in &by_unit.groups {
        let unit = group.id.as_deref().unwrap();
        for row in &group.rows {
            assert!(rows.insert((unit, &row.id), row).is_none());
        }
    }
    // Every (unit, item) pair the plan has, and no other.
    let plan = &loaded.plan;
    let index = &loaded.index;
    let mut expected = 0;
    for row in by_programme.groups.iter().flat_map(|g| &g.rows) {
        let position = index.position(&row.id).unwrap();
        let units = planmeet::model::annotation::responsible_units(plan, index, position);
        for unit in units {
            expected += 1;
            assert!(
                rows.contains_key(&(unit, row.id.as_str())),
                "{} is missing under {unit}",
                row.id
            );
        }
    }
    assert_eq!(rows.len(), expected);
    // Roles as the plan gives them (every item with units of its own).
    for (unit, assignments) in query::assignments(plan, index) {
        for a in assignments {
            let id = index.entries[a.entry].id.as_str();
            let row = rows[&(unit.as_str(), id)];
            assert_eq!(row.role, Some(a.role), "{unit} on {id}");
        }
    }
    // Registry order of the groups.
    let order: Vec<&str> = by_unit
        .groups
        .iter()
        .map(|g| g.id.as_deref().unwrap())
        .collect();
    let registry: Vec<&str> = plan
        .owners
        .iter()
        .map(|o| o.id.as_str())
        .filter(|id| order.contains(id))
        .collect();
    assert_eq!(order, registry);
    // A unit's own part wins for that unit; the others see the item's.
    let kjj = rows[&("kjj", "p1.t2")];
    assert_eq!(kjj.role, Some(Role::Shares));
    assert_eq!(kjj.status, Some(Status::AtRisk));
    assert_eq!(kjj.progress, Some(40));
    assert_eq!(kjj.note.as_deref(), Some(HOSTILE_NOTE));
    let lead = rows[&("sw_zzb", "p1.t2")];
    assert_eq!(lead.role, Some(Role::Lead));
    assert_eq!(lead.status, Some(Status::OnTrack));
    assert_eq!(lead.progress, None);
    // The unit ledger says each role in words.
    let md = render(&by_unit, LedgerFormat::Md, Lang::Zh);
    assert!(md.contains("| `p1.t2` | 2．引育高层次创新人才 | 牵头 |"));
    assert!(md.contains("| `p1.t2` | 2．引育高层次创新人才 | 配合 |"));
    assert!(md.contains("## 市科技局 `kjj`"));
}

#[test]
fn html_escapes_everything_untrusted() {
    let loaded = load_embedded().unwrap();
    for by in [By::Programme, By::Unit] {
        let html = render(
            &ledger_at(&loaded, by, Lang::Zh, AS_OF),
            LedgerFormat::Html,
            Lang::Zh,
        );
        assert!(!html.to_ascii_lowercase().contains("<script"), "{by:?}");
        assert!(html.contains("人才公寓&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;未交付<br>待市住建局协调 | 下周复核[2J31m"));
        assert!(!html.chars().any(|c| c.is_control() && c != '\n'));
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("@page { size: A4; margin: 15mm; }"));
        assert!(html.contains("<thead>"));
        assert!(html.contains("\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",\"SimSun\",sans-serif"));
        for external in ["<link", "src=", "href=", "@import", "url("] {
            assert!(!html.contains(external), "{external}");
        }
    }
    let en = render(
        &ledger_at(&loaded, By::Programme, Lang::En, AS_OF),
        LedgerFormat::Html,
        Lang::En,
    );
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
}

#[test]
fn lights_are_a_dot_and_a_word() {
    let loaded = load_embedded().unwrap();
    let ledger = ledger_at(&loaded, By::Programme, Lang::Zh, AS_OF);
    let target = find(&ledger, "p1", "p1.t1.g2");
    // 96 of 100 platforms by mid-2022, marked done: the light disagrees.
    assert_eq!(target.actual, Some((96.0, date(2022, 3, 31))));
    assert_ne!(target.light, Some(Light::Grey));
    let html = render(&ledger, LedgerFormat::Html, Lang::Zh);
    let word = match target.light.unwrap() {
        Light::Green => "绿",
        Light::Amber => "黄",
        Light::Red => "红",
        Light::Grey => "灰",
    };
    let class = target.light.unwrap().cli_name();
    assert!(html.contains(&format!(
        "<span class=\"light light-{class}\"><span class=\"dot\" aria-hidden=\"true\">●</span> {word}</span>"
    )));
    assert!(html.contains("<span class=\"dot\" aria-hidden=\"true\">○</span> 灰"));
}

#[test]
fn csv_has_a_bom_and_crlf_and_keeps_formulas_as_text() {
    let loaded = load_embedded().unwrap();
    for by in [By::Programme, By::Unit] {
        let ledger = ledger_at(&loaded, by, Lang::Zh, AS_OF);
        let bytes = ledger::render(&ledger, LedgerFormat::Csv, &strings(Lang::Zh)).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{by:?}: no BOM");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(text.ends_with("\r\n"));
        // Every line ends with CRLF; the only bare LF is the line break inside the note.
        let bare: Vec<&str> = text
            .split("\r\n")
            .filter(|line| line.contains('\n'))
            .collect();
        assert!(
            bare.iter().all(|line| line.contains("人才公寓")),
            "{bare:?}"
        );
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let width = reader.headers().unwrap().len();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let expected: usize = ledger.groups.iter().map(|g| g.rows.len()).sum();
        assert_eq!(rows.len(), expected);
        assert!(rows.iter().all(|r| r.len() == width));
        let first_group = match by {
            By::Programme => "主要目标",
            By::Unit => "市委组织部",
        };
        assert_eq!(&rows[0][0], first_group);
        let formula = rows
            .iter()
            .find(|r| r.iter().any(|c| c.contains("HYPERLINK")))
            .unwrap();
        assert!(formula.iter().any(|c| c.starts_with("'=HYPERLINK")));
        assert!(!text.contains('\u{1b}'));
    }
}

#[test]
fn as_of_excludes_later_changes_and_later_actuals() {
    let loaded = load_embedded().unwrap();
    let mid_year = ledger_at(&loaded, By::Programme, Lang::Zh, AS_OF);
    let task = find(&mid_year, "p1", "p1.t2");
    assert_eq!(task.status, Some(Status::OnTrack));
    assert!(task.note.as_deref().unwrap().contains("HYPERLINK"));
    let (at, by) = task.updated.as_ref().unwrap();
    assert_eq!(
        (at.local_minute().as_str(), by.as_str()),
        ("2022-06-20 15:30", "张三")
    );
    // Recorded on 25 June, but dated 31 December: not yet an actual on 30 June.
    assert_eq!(
        find(&mid_year, "p1", "p1.t1.g2").actual,
        Some((96.0, date(2022, 3, 31)))
    );
    // Recorded at 07:30 on 1 July Beijing time (23:30 UTC on 30 June): not counted.
    let safeguard = mid_year
        .groups
        .iter()
        .find(|g| g.id.is_none())
        .unwrap()
        .rows
        .iter()
        .find(|r| r.id == "s1")
        .unwrap();
    assert_eq!(safeguard.status, Some(Status::Done));
    let md = render(&mid_year, LedgerFormat::Md, Lang::Zh);
    assert!(!md.contains("八月复核") && !md.contains("进度滞后") && !md.contains("暂缓"));
    assert!(md.contains("截至 2022-06-30"));

    // Later in the year the same log says more.
    let autumn = ledger_at(&loaded, By::Programme, Lang::Zh, date(2022, 9, 1));
    let task = find(&autumn, "p1", "p1.t2");
    assert_eq!(task.status, Some(Status::Behind));
    assert_eq!(task.note.as_deref(), Some("八月复核：滞后"));
    let md = render(&autumn, LedgerFormat::Md, Lang::Zh);
    assert!(md.contains("八月复核") && md.contains("暂缓"));
    // The whole log, unfiltered, with lights after the deadline.
    let log = AnnotationLog::from_records(records());
    let all = ledger::build(
        &loaded.plan,
        &loaded.index,
        &log,
        By::Programme,
        date(2024, 1, 1),
        &strings(Lang::Zh),
    );
    let target = find(&all, "p1", "p1.t1.g2");
    assert_eq!(target.actual, Some((101.0, date(2022, 12, 31))));
    assert_eq!(target.light, Some(Light::Green));
}

// The command line.

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn status_file(&self) -> String {
        self.dir.path().join("s.status.ron").display().to_string()
    }

    fn run(&self, now: Option<&str>, args: &[&str]) -> Output {
        let mut command = Command::new(BINARY);
        command
            .arg("--status-file")
            .arg(self.status_file())
            .args(args)
            .env("LANG", "zh_CN.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("PLANMEET_PLAN")
            .env_remove("PLANMEET_STATUS_FILE")
            .env_remove("PLANMEET_AUTHOR")
            .env("PLANMEET_CONFIG_DIR", "/nonexistent-planmeet-config")
            .env("PLANMEET_DATA_DIR", self.dir.path().join("data"));
        match now {
            Some(now) => command.env("PLANMEET_NOW", now),
            None => command.env_remove("PLANMEET_NOW"),
        };
        command.output().expect("planmeet runs")
    }

    fn ok(&self, now: Option<&str>, args: &[&str]) -> Output {
        let out = self.run(now, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

#[test]
fn the_command_line_writes_the_ledger_to_a_file() {
    let cli = Cli::new();
    cli.ok(
        Some("2022-05-10T09:00:00+08:00"),
        &[
            "status",
            "set",
            "p1.t2",
            "--owner",
            "kjj",
            "--status",
            "at-risk",
            "--note",
            "<script>x</script>\n第二行",
            "--author",
            "王芳",
        ],
    );
    cli.ok(
        Some("2022-05-11T09:00:00+08:00"),
        &[
            "status",
            "set",
            "p1.t1.g2",
            "--actual",
            "96",
            "--as-of",
            "2022-03-31",
            "--author",
            "李雷",
        ],
    );
    cli.ok(
        Some("2022-08-11T09:00:00+08:00"),
        &[
            "status", "set", "p1.t2", "--status", "behind", "--author", "李雷",
        ],
    );

    let html = cli.dir.path().join("台账.html");
    let out = cli.ok(
        None,
        &[
            "export",
            "ledger",
            "--by",
            "unit",
            "--format",
            "html",
            "--as-of",
            "2022-06-30",
            "-o",
            html.to_str().unwrap(),
        ],
    );
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("台账.html"));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    assert!(page.contains("&lt;script&gt;x&lt;/script&gt;<br>第二行"));
    assert!(!page.contains("<script"));
    assert!(page.contains("存在风险") && !page.contains("进度滞后"));
    assert!(page.contains("截至 2022-06-30"));

    // The global --as-of says the same; the CSV goes to a file with its BOM.
    let csv = cli.dir.path().join("ledger.csv");
    cli.ok(
        None,
        &[
            "--as-of",
            "2022-06-30",
            "--lang",
            "en",
            "export",
            "ledger",
            "-f",
            "csv",
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("Group,ID,Item,Lead unit,"));
    assert!(text.contains("\r\n") && !text.contains("Behind"));

    // Without --as-of: every change, lights for today.
    let out = cli.ok(None, &["export", "ledger", "--format", "md"]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("进度滞后"), "{md}");

    // The plan export is unchanged, and the ledger's options are refused on it.
    let out = cli.ok(None, &["export", "--format", "md"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("科技创新能力提升工程"));
    let out = cli.ok(None, &["export", "plan", "--format", "json"]);
    assert!(out.stdout.starts_with(b"{"));
    for args in [
        &["export", "--format", "html"][..],
        &["export", "ledger", "--format", "json"],
        &["export", "--format", "md", "--by", "unit"],
    ] {
        let out = cli.run(None, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

/// Decisions in the ledger: a section (md, html), a table after the items (csv) and a
/// sheet of their own (xlsx), each with its status, due date and units — as they stood at
/// the review date (a decision made later, or a change made later, is not there).
#[test]
fn decisions_are_listed_with_status_due_and_units() {
    use planmeet::model::meeting::{DecisionRecord, DecisionStatus, Event, MeetingLog};
    let decision = |id: &str, at: &str, decision: &str| DecisionRecord {
        at: Stamp::parse(at).unwrap(),
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
    };
    let mut made = decision("e1", "2022-06-10T10:00:00+08:00", "d1");
    made.text = Some("=人才公寓月底前交付<b>".into());
    made.units = Some(vec!["kjj".into(), "zjj".into()]);
    made.due = Some(date(2022, 6, 20));
    made.status = Some(DecisionStatus::Open);
    made.items = Some(vec!["p1.t1".into()]);
    let mut later_done = decision("e2", "2022-07-02T10:00:00+08:00", "d1");
    later_done.status = Some(DecisionStatus::Done);
    let mut second = decision("e3", "2022-06-12T10:00:00+08:00", "d2");
    second.text = Some("补报技术合同登记数据".into());
    second.units = Some(vec!["czj".into()]);
    second.status = Some(DecisionStatus::Done);
    let mut after = decision("e4", "2022-07-05T10:00:00+08:00", "d3");
    after.text = Some("复盘会之后的事项".into());
    let meetings = MeetingLog::from_events(
        [made, later_done, second, after]
            .into_iter()
            .map(Event::Decision),
    );
    let loaded = load_embedded().unwrap();
    let mut built = ledger_at(&loaded, By::Programme, Lang::Zh, AS_OF);
    ledger::add_decisions(&mut built, &loaded.plan, &loaded.index, &meetings);
    let ids: Vec<&str> = built.decisions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["d1", "d2"], "d3 was made after the review date");
    let first = &built.decisions[0];
    assert_eq!(
        first.status,
        DecisionStatus::Open,
        "done only after the review"
    );
    assert!(first.overdue);
    assert_eq!(first.units, ["市科技局", "市住房城乡建设局"]);
    assert_eq!(first.items, ["一.1"]);

    let md = render(&built, LedgerFormat::Md, Lang::Zh);
    let section = &md[md.find("## 议定事项").expect("a decisions section")..];
    assert!(
        section.contains("| d1 | =人才公寓月底前交付&lt;b> | 市科技局、市住房城乡建设局 | 2022-06-20 | 已逾期 | 一.1 |"),
        "{section}"
    );
    assert!(
        section.contains("| d2 | 补报技术合同登记数据 | 市财政局 |  | 已办结 |"),
        "{section}"
    );
    assert!(!md.contains("复盘会之后的事项"));

    let html = render(&built, LedgerFormat::Html, Lang::Zh);
    let section = &html[html
        .find("<section class=\"decisions\">")
        .expect("html section")..];
    assert!(
        section.contains("=人才公寓月底前交付&lt;b&gt;"),
        "{section}"
    );
    assert!(section.contains("已逾期") && section.contains("2022-06-20"));

    let csv = render(&built, LedgerFormat::Csv, Lang::Zh);
    let tail = &csv[csv.find("\r\n\r\n议定事项\r\n").expect("csv table")..];
    // A formula-like text is kept as text.
    assert!(
        tail.contains(
            "d1,'=人才公寓月底前交付<b>,市科技局、市住房城乡建设局,2022-06-20,已逾期,一.1,"
        ),
        "{tail}"
    );

    let bytes = ledger::render(&built, LedgerFormat::Xlsx, &strings(Lang::Zh)).unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    use calamine::Reader;
    assert_eq!(book.sheet_names().len(), 2);
    let sheet = book.worksheet_range("议定事项").unwrap();
    let row: Vec<String> = sheet
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(row[0], "d1");
    assert_eq!(row[2], "市科技局、市住房城乡建设局");
    assert_eq!(row[3], "2022-06-20");
    assert_eq!(row[4], "已逾期");

    // No decisions: no section, and the workbook keeps its one sheet.
    let plain = ledger_at(&loaded, By::Programme, Lang::Zh, AS_OF);
    assert!(!render(&plain, LedgerFormat::Md, Lang::Zh).contains("## 议定事项"));
}
