//! The command line, run as a user would: exit codes, messages with places, and exports.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::process::{Command, Output};

use planmeet::store::plan_file::EMBEDDED_PLAN;

const BINARY: &str = env!("CARGO_BIN_EXE_planmeet");

fn planmeet(args: &[&str]) -> Output {
    Command::new(BINARY)
        .args(args)
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("PLANMEET_CONFIG_DIR", "/nonexistent-planmeet-config")
        .output()
        .expect("planmeet runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn temp_plan(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    std::fs::write(&path, text).unwrap();
    let path = path.display().to_string();
    (dir, path)
}

#[test]
fn validate_the_bundled_plan_exits_0_with_the_documents_warnings() {
    let out = planmeet(&["validate"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("有效（103 个事项，42 个单位，2 条警告）"),
        "{err}"
    );
    assert!(err.contains("警告: [a1.city]"), "{err}");
    let out = planmeet(&["validate", "--lang", "en"]);
    let err = stderr(&out);
    assert!(
        err.contains("valid (103 items, 42 units, 2 warnings)"),
        "{err}"
    );
    assert!(err.contains("warning: [a1.city]"), "{err}");
}

#[test]
fn validate_reports_each_file_and_exits_2_when_one_is_bad() {
    let (_good_dir, good) = temp_plan(EMBEDDED_PLAN);
    let bad_text = EMBEDDED_PLAN.replacen("lead: \"sw_zfw\"", "lead: \"nobody\"", 1);
    let (_bad_dir, bad) = temp_plan(&bad_text);
    let out = planmeet(&["validate", &good, &bad]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let line = bad_text
        .lines()
        .position(|l| l.contains("id: \"p5.t3\""))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("{bad}:{line}:")), "{err}");
    assert!(err.contains("[p5.t3]") && err.contains("nobody"), "{err}");
    assert!(err.contains(&format!("{good}：有效")), "{err}");
}

#[test]
fn validate_shows_a_caret_under_a_syntax_error() {
    let (_dir, path) = temp_plan("(\n  format_version: 1,\n  meta: (id: 5),\n)");
    let out = planmeet(&["validate", &path]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with(&format!("{path}:3:")), "{err}");
    assert!(err.contains("  meta: (id: 5),\n"), "{err}");
    assert!(err.contains('^'), "{err}");
}

#[test]
fn a_broken_plan_is_never_opened_and_says_where() {
    let (_dir, path) = temp_plan("(format_version: 1,");
    let out = planmeet(&["--plan", &path, "owners"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(&format!("{path}:1:")));
}

#[test]
fn show_a_sub_task_with_targets_units_and_lead() {
    let out = planmeet(&["show", "p1.t2"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("2．引育高层次创新人才"), "{text}");
    assert!(text.contains("p1.t2.g1"), "{text}");
    assert!(text.contains("≥ 15 人"), "{text}");
    assert!(text.contains("市委组织部"), "{text}");
    assert!(
        text.contains("（一）科技创新能力提升工程"),
        "breadcrumb: {text}"
    );
}

#[test]
fn show_a_unit_lists_what_it_leads_and_shares() {
    let out = planmeet(&["show", "sw_zfw"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("市委政法委"));
    assert!(text.contains("p5.t3"), "{text}");
}

#[test]
fn show_an_unknown_id_exits_2_with_suggestions() {
    let out = planmeet(&["show", "p1.t9"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("p1.t9") && err.contains("p1.t1"), "{err}");
}

#[test]
fn owners_counts_leads_and_shares() {
    let out = planmeet(&["owners"]);
    assert!(out.status.success());
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.starts_with("sw_zzb "))
        .expect("市委组织部 listed");
    // Leads p1.t2 and 附件2's a2.r2; shares p4.t5 and p6.t1's sub-items s1 and p6.t4.
    let numbers: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(numbers[1], "市委组织部");
    assert_eq!(numbers[2], "2", "{line}");
    assert_eq!(text.lines().count(), 43, "header + 42 units");
}

#[test]
fn export_md_has_every_programme_task_and_both_annexes() {
    let out = planmeet(&["export", "--format", "md"]);
    assert!(out.status.success());
    let md = stdout(&out);
    let plan = planmeet::store::load_embedded().unwrap().plan;
    for programme in &plan.programmes {
        assert!(md.contains(&programme.title), "{}", programme.title);
        for task in &programme.tasks {
            assert!(md.contains(&format!("{}．{}", task.number, task.title)));
            // Full text, not a summary.
            assert!(md.contains(&task.body.replace('*', "\\*")), "{}", task.id);
        }
    }
    assert!(md.contains("**市委组织部**（牵头）"), "lead marked");
    assert!(md.contains("| 柳东新区 |"));
    assert!(md.contains("1352.98"));
    assert!(
        md.contains("707"),
        "the districts' sum is shown with the mismatch"
    );
    assert!(md.contains("90%以上") || md.contains("≥ 90%"));
}

#[test]
fn export_json_is_the_complete_structure() {
    let out = planmeet(&["export", "--format", "json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["meta"]["doc_number"], "柳办发〔2021〕18号");
    assert_eq!(json["programmes"].as_array().unwrap().len(), 6);
    assert_eq!(
        json["programmes"][0]["tasks"][1]["owners"]["lead"],
        "sw_zzb"
    );
    assert_eq!(
        json["district_table"]["rows"][2]["cells"][4],
        "NotApplicable"
    );
    assert_eq!(json["overview"]["targets"][2]["bound"]["AtLeast"], 750.0);
}

#[test]
fn export_csv_opens_in_excel_on_chinese_windows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("targets.csv");
    let out = planmeet(&["export", "--format", "csv", "-o", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte order mark");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.contains("\r\n"), "CRLF line ends");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 42 + 5, "every target and every 附件2 row");
    let g3 = rows.iter().find(|r| &r[0] == "o.g3").unwrap();
    assert_eq!(&g3[4], "at_least");
    assert_eq!(&g3[5], "750");
    assert_eq!(&g3[8], "家");
    let range = rows.iter().find(|r| &r[4] == "range").unwrap();
    assert_eq!((&range[5], &range[6]), ("3", "5"));
    let talent = rows.iter().find(|r| &r[0] == "o.g4").unwrap();
    assert_eq!(
        &talent[12], "市委组织部",
        "a main goal's lead comes from 附件2"
    );
}

#[test]
fn english_interface_from_the_locale() {
    let out = Command::new(BINARY)
        .args(["owners"])
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.lines().next().unwrap().contains("Unit"), "{text}");
    assert!(
        text.contains("Government department") || text.contains("government department"),
        "{text}"
    );
}
