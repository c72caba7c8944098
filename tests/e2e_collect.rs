//! Collecting a filled report form in the browser, in a real terminal (tmux), in both
//! languages: a form written by `planmeet forms`, filled by openpyxl (tests/fill_form.py,
//! which rewrites the file as Excel, WPS and LibreOffice do), collected through `x`, its
//! preview read, Esc recording nothing, `y` recording it; and the status file then holds
//! the same changes as `planmeet collect --yes` writes from the same form.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use std::path::Path;
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::tmux::{self, BINARY, Tmux, wrapped};
use serde_json::{Value, json};

fn planmeet(args: &[&str], status: &Path) -> Output {
    Command::new(BINARY)
        .args(args)
        .arg("--status-file")
        .arg(status)
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("PLANMEET_PLAN")
        .env("PLANMEET_CONFIG_DIR", "/nonexistent-planmeet-config")
        .output()
        .expect("planmeet runs")
}

/// Every record of the status file, as `status log --format json` gives it, without what
/// differs between two writers of the same change (its id and time), in one order.
fn changes(status: &Path) -> Vec<Value> {
    let out = planmeet(&["status", "log", "--format", "json"], status);
    assert!(out.status.success(), "{out:?}");
    let Value::Array(records) = serde_json::from_slice(&out.stdout).unwrap() else {
        panic!("not an array");
    };
    let mut records: Vec<Value> = records
        .into_iter()
        .map(|mut r| {
            let o = r.as_object_mut().unwrap();
            for key in ["id", "at"] {
                o.remove(key);
            }
            r
        })
        .collect();
    // Two changes made in the same instant are in the order of their random ids.
    records.sort_by_key(|r| r.to_string());
    records
}

/// openpyxl is there (or the test is skipped, saying so, outside CI).
fn openpyxl() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "openpyxl is needed");
        eprintln!("skipped: python3 with openpyxl is not installed");
    }
    ok
}

/// The form of 市科技局 in `dir/forms/`, filled: a status, a progress and a problem for
/// p1.t2, an actual value for p1.t1.g2.
fn fill_form(dir: &Path) -> std::path::PathBuf {
    let blank = dir.join("blank");
    let scratch = dir.join("scratch.status.ron");
    let out = planmeet(
        &["forms", "--unit", "kjj", "-o", blank.to_str().unwrap()],
        &scratch,
    );
    assert!(out.status.success(), "{out:?}");
    let form = blank.join("市科技局.xlsx");
    let mut book: Xlsx<_> = open_workbook(&form).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    let row = |id: &str| {
        (0..range.height() as u32)
            .find(|&r| range.get_value((r, 0)) == Some(&Data::String(id.into())))
            .map(|r| r + 1)
            .unwrap()
    };
    let (task, target) = (row("p1.t2"), row("p1.t1.g2"));
    let edits = json!([
        {"cell": format!("L{task}"), "value": "存在风险"},
        {"cell": format!("M{task}"), "value": "６０％"},
        {"cell": format!("Q{task}"), "value": "人才公寓未交付"},
        {"cell": format!("N{target}"), "value": "96个"},
    ]);
    let list = dir.join("edits.json");
    std::fs::write(&list, edits.to_string()).unwrap();
    let forms = dir.join("forms");
    std::fs::create_dir(&forms).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fill_form.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(&form)
        .arg(forms.join("市科技局.xlsx"))
        .arg(&list)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    forms
}

struct Words {
    lang: &'static str,
    /// The same language for `--lang`.
    code: &'static str,
    /// Who the changes are recorded as.
    author: &'static str,
    /// The first tab, on screen once the plan is shown.
    ready: &'static str,
    size: (u16, u16),
    menu_row: &'static str,
    prompt: &'static str,
    preview: &'static str,
    change: &'static str,
    ask: &'static str,
    cancelled: &'static str,
    recorded: &'static str,
}

fn collect_in_the_browser(words: &Words) {
    if !tmux::available() || !openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let forms = fill_form(dir.path());
    let browser_file = dir.path().join("browser.status.ron");
    let cli_file = dir.path().join("cli.status.ron");
    let args = format!("--status-file '{}'", browser_file.display());
    let env = [("LANG", words.lang), ("PLANMEET_AUTHOR", "张三")];
    let (w, h) = words.size;
    let t = Tmux::start(w, h, &env, &wrapped(&args));
    t.wait_until("the plan, with its status file read", |s| {
        s.contains(words.ready) && !s.contains("读取中…") && !s.contains("reading…")
    });
    t.keys(&["x"]);
    t.wait_for(words.menu_row);
    t.keys(&["8"]);
    t.wait_for(words.prompt);
    t.type_text(forms.to_str().unwrap());
    t.keys(&["Enter"]);
    let screen = t.wait_for(words.preview);
    assert!(screen.contains(words.change), "{screen}");
    assert!(screen.contains(words.ask), "{screen}");
    // Esc: nothing is recorded.
    t.keys(&["Escape"]);
    t.wait_for(words.cancelled);
    assert!(!browser_file.exists() || changes(&browser_file).is_empty());
    // Again, and y.
    t.keys(&["x", "8"]);
    t.wait_for(words.prompt);
    t.type_text(forms.to_str().unwrap());
    t.keys(&["Enter"]);
    t.wait_for(words.preview);
    t.keys(&["y"]);
    t.wait_for(words.recorded);
    t.keys(&["q"]);
    t.wait_for("PLANMEET-EXITED");
    assert_eq!(t.wait_for_file(&t.path("exit.code")).trim(), "0");
    // The command line in the same language, from the same folder into another file: the
    // same changes (the author names the unit in the interface language's words).
    let out = planmeet(
        &[
            "--lang",
            words.code,
            "collect",
            forms.to_str().unwrap(),
            "--yes",
        ],
        &cli_file,
    );
    assert!(out.status.success(), "{out:?}");
    let (browser, cli) = (changes(&browser_file), changes(&cli_file));
    assert_eq!(browser.len(), 2, "{browser:?}");
    assert_eq!(browser, cli);
    for record in &browser {
        assert_eq!(record["author"], words.author, "{record}");
        assert!(
            record["source"]
                .as_str()
                .unwrap()
                .starts_with("市科技局.xlsx · "),
            "{record}"
        );
    }
    // The status file says format 2: it holds a form's source.
    let text = std::fs::read_to_string(&browser_file).unwrap();
    assert!(text.starts_with("Header(format_version: 2, "), "{text}");
}

#[test]
fn collect_a_filled_form_in_the_browser_in_chinese() {
    collect_in_the_browser(&Words {
        lang: "zh_CN.UTF-8",
        code: "zh",
        author: "市科技局（报送表）",
        ready: "1 计划",
        size: (120, 40),
        menu_row: "收集填好的报送表",
        prompt: "文件或文件夹",
        preview: "报送表将记录的修改",
        change: "状态: — → 存在风险",
        ask: "记录以上 2 项修改？",
        cancelled: "未记录报送表中的任何修改",
        recorded: "已记录 2 项修改",
    });
}

#[test]
fn collect_a_filled_form_in_the_browser_in_english_at_80x24() {
    collect_in_the_browser(&Words {
        lang: "en_US.UTF-8",
        code: "en",
        author: "市科技局 (report form)",
        ready: "1 Plan",
        size: (80, 24),
        menu_row: "Collect filled report forms",
        prompt: "File or folder",
        preview: "What the report forms would record",
        change: "At risk",
        ask: "Record these 2 changes?",
        cancelled: "Nothing from the report forms was recorded",
        recorded: "recorded 2 changes",
    });
}
