//! 附件1 in the release binary, in a real terminal, in both languages: a district's actual
//! value is recorded in the districts view, seen against its figure, on disk, and undone.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use std::path::Path;

use common::tmux::{self, BINARY, Tmux, wrapped};

fn status_json(file: &Path) -> String {
    let output = std::process::Command::new(BINARY)
        .args(["status", "show", "--format", "json", "--status-file"])
        .arg(file)
        .output()
        .expect("planmeet runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

struct Words {
    lang: &'static str,
    dialog: &'static str,
    no_actual: &'static str,
    shown: &'static str,
    verdict: &'static str,
    undone: &'static str,
}

fn record_see_and_undo(width: u16, height: u16, words: &Words, extra: &str, no_color: bool) {
    if !tmux::available() {
        return;
    }
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("districts.status.ron");
    let args = format!("--status-file '{}' {extra}", file.display());
    let mut env = vec![("LANG", words.lang), ("PLANMEET_AUTHOR", "tester")];
    if no_color {
        env.push(("NO_COLOR", "1"));
    }
    let t = Tmux::start(width, height, &env, &wrapped(&args));
    // At 80 columns the document number is not on the tab line: wait for the file read.
    t.wait_until("the plan, with its status file read", |s| {
        (s.contains("目录") || s.contains("Navigator"))
            && !s.contains("读取中…")
            && !s.contains("reading…")
    });
    // View 4; 柳南区 is the third row, 高新技术企业数量 the second column.
    t.keys(&["4"]);
    t.keys(&["Down", "Down", "Right"]);
    t.wait_for(words.no_actual);
    t.keys(&["a"]);
    t.wait_for(words.dialog);
    t.type_text("90");
    t.keys(&["Tab"]);
    for _ in 0..12 {
        t.keys(&["BSpace"]);
    }
    t.type_text("2021-06-30");
    t.keys(&["Enter"]);
    let screen = t.wait_until("the actual against its figure", |s| {
        s.contains(words.shown) && s.contains(words.verdict)
    });
    assert!(screen.contains("90"), "{screen}");
    let json = t.wait_until("saved", |_| {
        status_json(&file).contains("a1.liunan.hitech_firms")
    });
    drop(json);
    let json = status_json(&file);
    assert!(json.contains("\"as_of\": \"2021-06-30\""), "{json}");
    // u in this view takes the district actual back.
    t.keys(&["u"]);
    let screen = t.wait_for(words.undone);
    assert!(screen.contains(words.no_actual), "{screen}");
    t.keys(&["q"]);
    t.wait_for("PLANMEET-EXITED");
    let json = status_json(&file);
    assert!(!json.contains("\"value\": 90.0"), "{json}");
}

const ZH: Words = Words {
    lang: "zh_CN.UTF-8",
    dialog: "登记实际值",
    no_actual: "尚无实际值",
    shown: "实际 90 家（截至 2021-06-30）",
    verdict: "未达到",
    undone: "已撤销",
};

const EN: Words = Words {
    lang: "en_US.UTF-8",
    dialog: "Record an actual value",
    no_actual: "no actual value yet",
    shown: "2021-06-30)",
    verdict: "not met",
    undone: "Undid the change",
};

#[test]
fn a_district_actual_in_chinese_at_120x40() {
    record_see_and_undo(120, 40, &ZH, "", false);
}

#[test]
fn a_district_actual_in_english_at_80x24_in_ascii() {
    record_see_and_undo(80, 24, &EN, "--ascii", false);
}

#[test]
fn a_district_actual_without_colour() {
    record_see_and_undo(80, 24, &ZH, "", true);
}
