//! Loading and validating plan files: error messages with their places, hostile inputs,
//! and the round trip load → write → load.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use planmeet::model::validate::{FindingKind, Severity};
use planmeet::store::plan_file::{self, EMBEDDED_PLAN, parse_plan, to_ron};
use planmeet::store::{PlanError, load_embedded, load_plan_file, load_plan_str};

/// The embedded plan with one substring replaced: each semantic error is introduced into
/// an otherwise valid, real plan.
fn edited(from: &str, to: &str) -> String {
    assert!(
        EMBEDDED_PLAN.contains(from),
        "fixture text {from:?} not in the plan"
    );
    EMBEDDED_PLAN.replacen(from, to, 1)
}

fn invalid(
    text: &str,
) -> (
    planmeet::model::validate::Report,
    Vec<Option<(usize, usize)>>,
    String,
) {
    match load_plan_str(text, "test.ron") {
        Err(PlanError::Invalid {
            report, locations, ..
        }) => {
            let shown = load_plan_str(text, "test.ron").unwrap_err().to_string();
            (report, locations, shown)
        }
        Err(other) => panic!("expected a validation error, got {other}"),
        Ok(_) => panic!("expected a validation error, the plan loaded"),
    }
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle in text")
        + 1
}

#[test]
fn embedded_plan_is_valid_with_the_documents_own_inconsistencies_as_warnings() {
    let loaded = load_embedded().expect("embedded plan loads");
    assert!(loaded.report.is_valid());
    let warnings: Vec<String> = loaded.report.warnings().map(|w| w.to_string()).collect();
    // 附件1: the districts' 高新技术企业数量 add up to 707, the city row says 701.
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("707") && w.contains("701")),
        "{warnings:#?}"
    );
    assert!(
        loaded
            .report
            .warnings()
            .all(|w| w.kind == FindingKind::Inconsistent),
        "only the document's own inconsistencies are warned about: {warnings:#?}"
    );
}

#[test]
fn round_trip_gives_an_equal_plan() {
    let plan = load_embedded().unwrap().plan;
    let text = to_ron(&plan).expect("serialises");
    let again = parse_plan(&text, "roundtrip.ron").expect("re-reads");
    assert_eq!(plan, again);
    // And once more through the validator, as a user's file would go.
    assert!(load_plan_str(&text, "roundtrip.ron").is_ok());
}

#[test]
fn syntax_error_gives_file_line_column_and_a_caret() {
    let text = edited("format_version: 1,", "format_version: 1,,");
    let error = load_plan_str(&text, "plans/bad.ron").unwrap_err();
    let PlanError::Syntax { line, column, .. } = &error else {
        panic!("expected a syntax error, got {error}");
    };
    assert_eq!(*line, line_of(&text, "format_version: 1,,"));
    let shown = error.to_string();
    let mut lines = shown.lines();
    let first = lines.next().unwrap();
    assert!(
        first.starts_with(&format!("plans/bad.ron:{line}:{column}: ")),
        "{shown}"
    );
    let source = lines.next().unwrap();
    let caret = lines.next().unwrap();
    assert!(source.contains("format_version: 1,,"));
    // The caret stands under the column the error names.
    let caret_at = caret.find('^').unwrap();
    assert_eq!(caret_at, 2 + column - 1, "{shown}");
}

#[test]
fn caret_is_placed_by_display_width_under_chinese_text() {
    let shown = plan_file::caret_under("title: \"柳州\" x", 13);
    let caret = shown.lines().nth(1).unwrap();
    // `title: "` is 8 columns, 柳州 4 more, `" ` 2: column 13 is at display offset 14.
    assert_eq!(caret.find('^').unwrap(), 2 + 14);
}

#[test]
fn unknown_field_is_an_error_not_silently_dropped() {
    let text = edited("doc_number:", "doc_nubmer:");
    let error = load_plan_str(&text, "typo.ron").unwrap_err();
    let PlanError::Syntax { line, message, .. } = &error else {
        panic!("expected an unknown-field error, got {error}");
    };
    assert_eq!(*line, line_of(&text, "doc_nubmer:"));
    assert!(message.contains("doc_nubmer"), "{message}");
}

#[test]
fn duplicate_id_is_reported_with_the_id_and_its_line() {
    let text = edited("id: \"p1.t2\"", "id: \"p1.t1\"");
    let (report, locations, shown) = invalid(&text);
    let (i, finding) = report
        .findings
        .iter()
        .enumerate()
        .find(|(_, f)| f.kind == FindingKind::DuplicateId)
        .expect("duplicate id reported");
    assert_eq!(finding.item.as_deref(), Some("p1.t1"));
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(
        locations[i].map(|l| l.0),
        Some(line_of(&text, "id: \"p1.t1\""))
    );
    assert!(shown.contains("[p1.t1]"), "{shown}");
}

#[test]
fn unknown_owner_reference_names_the_item() {
    let text = edited("lead: \"sw_zfw\"", "lead: \"sw_zfx\"");
    let (report, _, shown) = invalid(&text);
    let finding = report
        .errors()
        .find(|f| f.kind == FindingKind::UnknownOwner)
        .expect("unknown owner reported");
    assert_eq!(finding.item.as_deref(), Some("p5.t3"));
    assert!(shown.contains("sw_zfx"), "{shown}");
}

#[test]
fn milestone_outside_the_period_is_an_error() {
    let text = edited("year: 2021,", "year: 2025,");
    let (report, _, _) = invalid(&text);
    assert!(
        report
            .errors()
            .any(|f| f.kind == FindingKind::YearOutsidePeriod && f.message.contains("2025"))
    );
}

#[test]
fn annex_row_with_a_missing_cell_is_an_error() {
    // Drop the first cell of 鱼峰区's row.
    let row = EMBEDDED_PLAN.find("id: \"a1.yufeng\"").expect("yufeng row");
    let cells = EMBEDDED_PLAN[row..].find("Num(").unwrap() + row;
    let end = EMBEDDED_PLAN[cells..].find(',').unwrap() + cells + 1;
    let text = format!("{}{}", &EMBEDDED_PLAN[..cells], &EMBEDDED_PLAN[end..]);
    let (report, _, _) = invalid(&text);
    let finding = report
        .errors()
        .find(|f| f.kind == FindingKind::CellCount)
        .expect("cell count reported");
    assert_eq!(finding.item.as_deref(), Some("a1.yufeng"));
    assert!(finding.message.contains("9 cells"), "{}", finding.message);
}

#[test]
fn missing_lead_is_an_error() {
    let text = edited("lead: \"sw_zfw\"", "lead: \"\"");
    let (report, _, _) = invalid(&text);
    let finding = report
        .errors()
        .find(|f| f.kind == FindingKind::MissingLead)
        .expect("missing lead reported");
    assert_eq!(finding.item.as_deref(), Some("p5.t3"));
}

#[test]
fn missing_owners_field_on_a_task_without_sub_items_is_an_error() {
    // p5.t3's owners line removed entirely.
    let text: String = EMBEDDED_PLAN
        .lines()
        .filter(|line| !line.contains("owners: (lead: \"sw_zfw\""))
        .map(|line| format!("{line}\n"))
        .collect();
    let (report, _, _) = invalid(&text);
    assert!(
        report
            .errors()
            .any(|f| f.kind == FindingKind::MissingOwners && f.item.as_deref() == Some("p5.t3")),
        "{report:#?}"
    );
}

// ---- hostile input: never a panic, never a hang, always a message with a place ----------

fn write_temp(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

#[test]
fn empty_file_is_a_syntax_error() {
    let (_dir, path) = write_temp(b"");
    let error = load_plan_file(&path).unwrap_err();
    assert!(
        matches!(error, PlanError::Syntax { line: 1, .. }),
        "{error}"
    );
}

#[test]
fn byte_order_mark_is_accepted() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(EMBEDDED_PLAN.as_bytes());
    let (_dir, path) = write_temp(&bytes);
    let loaded = load_plan_file(&path).expect("a BOM does not stop the plan loading");
    assert_eq!(loaded.plan.programmes.len(), 6);
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let mut bytes = b"(\n  format_version: 1,\n  meta: (id: \"x".to_vec();
    bytes.push(0xff);
    let (_dir, path) = write_temp(&bytes);
    let error = load_plan_file(&path).unwrap_err();
    assert_eq!(
        error,
        PlanError::NotUtf8 {
            file: path.display().to_string(),
            line: 3,
            column: 16
        }
    );
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let text = "[".repeat(100_000);
    let error = load_plan_str(&text, "deep.ron").unwrap_err();
    assert!(matches!(error, PlanError::Syntax { .. }), "{error}");
    let text = format!("(format_version: {})", "(".repeat(100_000));
    assert!(load_plan_str(&text, "deep.ron").is_err());
}

#[test]
fn fifty_megabytes_of_junk_is_an_error_not_a_hang() {
    let junk = "柳州 ".repeat(50 * 1024 * 1024 / 7);
    let (_dir, path) = write_temp(junk.as_bytes());
    assert!(matches!(
        load_plan_file(&path).unwrap_err(),
        PlanError::Syntax { line: 1, .. }
    ));
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(plan_file::MAX_PLAN_BYTES + 10).unwrap();
    assert!(matches!(
        load_plan_file(&path).unwrap_err(),
        PlanError::TooLarge { .. }
    ));
}

#[test]
fn missing_file_and_directory_are_io_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = load_plan_file(&dir.path().join("nope.ron")).unwrap_err();
    assert!(matches!(missing, PlanError::Io { .. }));
    let directory = load_plan_file(dir.path()).unwrap_err();
    assert!(directory.to_string().contains("directory"), "{directory}");
}

#[test]
fn synthetic_plan_of_ten_thousand_tasks_is_valid_and_round_trips() {
    let seed = load_embedded().unwrap().plan;
    let plan = planmeet::synthetic::plan(&seed, planmeet::synthetic::Shape::LARGE);
    let tasks: usize = plan.programmes.iter().map(|p| p.tasks.len()).sum();
    assert_eq!(tasks, 10_000);
    assert_eq!(plan.owners.len(), 300);
    let targets: usize = plan
        .programmes
        .iter()
        .flat_map(|p| &p.tasks)
        .map(|t| t.targets.len())
        .sum();
    assert_eq!(targets, 2_000);
    let text = planmeet::synthetic::plan_text(&plan);
    let loaded = load_plan_str(&text, "synthetic.ron").expect("valid");
    assert_eq!(loaded.plan, plan);
}
