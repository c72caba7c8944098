//! Collecting filled report forms in the browser, driven through actions alone (as
//! tests/app_effects.rs drives the app): the export menu's last row asks for the forms,
//! `update` asks the runtime to read them, the preview shows what they would record, and
//! Enter records exactly what `planmeet collect --yes` records — Esc nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use planmeet::app::annotate::Dialog;
use planmeet::app::{Action, App, AppOptions, Effect, Outcome};
use planmeet::export::collect;
use planmeet::i18n::{Lang, Strings};
use planmeet::model::annotation::{AnnotationLog, Record};
use planmeet::model::meeting::MeetingLog;
use planmeet::store::form_file::read_forms;
use planmeet::store::load_embedded;
use planmeet::store::status_sync::Pending;
use ratatui::crossterm::event::KeyCode;
use serde_json::json;

use common::app::{FixedClock, app_read, key};

fn app(lang: Lang) -> App {
    let options = AppOptions {
        clock: FixedClock::at("2026-12-01T10:00:00+08:00"),
        ..AppOptions::new(lang)
    };
    app_read(options, MeetingLog::new())
}

fn screen(app: &mut App) -> String {
    common::app::drawn(app, 120, 40)
}

/// The form of 市科技局 written as `planmeet forms` writes it, filled by openpyxl
/// (tests/fill_form.py), in `dir`; `None` where openpyxl is missing outside CI.
fn filled_form(dir: &Path) -> Option<PathBuf> {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "openpyxl is needed");
        eprintln!("skipped: python3 with openpyxl is not installed");
        return None;
    }
    let loaded = load_embedded().unwrap();
    let strings = Strings::new(Lang::Zh);
    let unit = loaded.plan.owners.iter().find(|o| o.id == "kjj").unwrap();
    let bytes = planmeet::export::forms::workbook(
        &loaded.plan,
        &loaded.index,
        &AnnotationLog::new(),
        unit,
        jiff::civil::date(2026, 11, 30),
        &strings,
    )
    .unwrap();
    let blank = dir.join("blank.xlsx");
    std::fs::write(&blank, bytes).unwrap();
    let mut book: Xlsx<_> = open_workbook(&blank).unwrap();
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
        // A locked cell edited: reported with its cell, the row not taken.
        {"cell": format!("C{}", row("p1.t3")), "value": "改过的标题"},
    ]);
    let list = dir.join("edits.json");
    std::fs::write(&list, edits.to_string()).unwrap();
    let filled = dir.join("市科技局.xlsx");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fill_form.py");
    let out = Command::new("python3")
        .arg(script)
        .args([&blank, &filled, &list])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(&blank).unwrap();
    std::fs::remove_file(&list).unwrap();
    Some(filled)
}

/// `x`, the last row, the path typed and Enter: the effect asking for the files.
fn ask_for(app: &mut App, path: &Path) -> Vec<PathBuf> {
    assert!(app.update(Action::Export).is_empty());
    assert!(app.update(key(KeyCode::Char('8'))).is_empty());
    assert!(matches!(
        app.annotations.dialog,
        Some(Dialog::CollectPath(_))
    ));
    // Enter on an empty path asks again.
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert!(matches!(
        app.annotations.dialog,
        Some(Dialog::CollectPath(_))
    ));
    for c in path.to_str().unwrap().chars() {
        assert!(app.update(key(KeyCode::Char(c))).is_empty());
    }
    let effects = app.update(key(KeyCode::Enter));
    assert!(app.annotations.dialog.is_none());
    match effects.as_slice() {
        [Effect::ReadForms(paths)] => paths.clone(),
        other => panic!("{other:?}"),
    }
}

fn records(effects: &[Effect]) -> Vec<Record> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Persist(line) => match &**line {
                Pending::Record(r) => Some(r.clone()),
                Pending::Event(_) => None,
            },
            _ => None,
        })
        .collect()
}

#[test]
fn a_folder_of_forms_is_previewed_then_recorded_as_the_cli_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let Some(_form) = filled_form(dir.path()) else {
        return;
    };
    let mut app = app(Lang::Zh);
    let paths = ask_for(&mut app, dir.path());
    assert_eq!(paths, [dir.path().to_path_buf()]);
    // The runtime reads them; the app only hears the bytes.
    let files = read_forms(&paths);
    assert_eq!(files.len(), 1);
    assert!(
        app.update(Action::Done(Outcome::FormsRead(files.clone())))
            .is_empty()
    );
    let shown = screen(&mut app);
    assert!(
        shown.contains("市科技局.xlsx · 市科技局 · 2026-11-30：2 项修改"),
        "{shown}"
    );
    assert!(shown.contains("状态: — → 存在风险"), "{shown}");
    assert!(shown.contains("进度: — → 60%"), "{shown}");
    assert!(shown.contains("存在问题: — → “人才公寓未交付”"), "{shown}");
    assert!(shown.contains("实际值: — → 96 个 (2026-11-30)"), "{shown}");
    assert!(shown.contains("市科技局.xlsx!C"), "{shown}");
    assert!(shown.contains("锁定的单元格被改动"), "{shown}");
    assert!(shown.contains("记录以上 2 项修改？"), "{shown}");
    // Esc: nothing recorded.
    assert!(app.update(key(KeyCode::Esc)).is_empty());
    assert!(app.annotations.dialog.is_none());
    assert!(app.annotations.log.is_empty());
    // Again, and `y`: every change, by the unit, tagged with the form.
    app.update(Action::Done(Outcome::FormsRead(files.clone())));
    let written = records(&app.update(key(KeyCode::Char('y'))));
    assert!(app.annotations.dialog.is_none());
    assert_eq!(written.len(), 2, "{written:?}");
    assert_eq!(app.notice.as_deref(), Some("已记录 2 项修改"));
    // What the command line would record from the same files, field by field.
    let loaded = load_embedded().unwrap();
    let strings = Strings::new(Lang::Zh);
    let expected = collect::gather(
        &files,
        &loaded.plan,
        &loaded.index,
        &AnnotationLog::new(),
        &strings,
    );
    let changes: Vec<_> = expected.forms.iter().flat_map(|f| &f.planned).collect();
    assert_eq!(changes.len(), written.len());
    for (record, planned) in written.iter().zip(changes) {
        let same = planned.change.clone().into_record(
            record.id.clone(),
            record.at,
            "市科技局（报送表）".into(),
        );
        assert_eq!(record, &same);
        assert_eq!(record.source(), Some("市科技局.xlsx · 2026-11-30"));
        assert_eq!(record.meeting, None);
    }
    // Collected again: nothing new.
    app.update(Action::Done(Outcome::FormsRead(files)));
    let shown = screen(&mut app);
    assert!(shown.contains("没有新的修改可记录"), "{shown}");
    assert!(records(&app.update(key(KeyCode::Enter))).is_empty());
}

#[test]
fn the_preview_speaks_english_and_a_read_only_review_collects_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let Some(form) = filled_form(dir.path()) else {
        return;
    };
    let mut app = app(Lang::En);
    let paths = ask_for(&mut app, &form);
    app.update(Action::Done(Outcome::FormsRead(read_forms(&paths))));
    let shown = screen(&mut app);
    assert!(
        shown.contains("What the report forms would record"),
        "{shown}"
    );
    assert!(shown.contains("Science and Technology"), "{shown}");
    assert!(shown.contains("Record these 2 changes?"), "{shown}");
    assert!(!shown.contains("2 项修改"), "{shown}");
    assert!(app.update(key(KeyCode::Char('n'))).is_empty());
    assert!(app.annotations.log.is_empty());
    // A folder without forms, and a file that is not there, are said in the preview.
    let empty = tempfile::tempdir().unwrap();
    let files = read_forms(&[empty.path().to_path_buf(), dir.path().join("none.xlsx")]);
    app.update(Action::Done(Outcome::FormsRead(files)));
    let shown = screen(&mut app);
    assert!(
        shown.contains("no .xlsx report form in this folder"),
        "{shown}"
    );
    assert!(shown.contains("none.xlsx"), "{shown}");
    assert!(records(&app.update(key(KeyCode::Enter))).is_empty());
    // Reviewing the past (--as-of): the prompt does not open.
    let mut past = App::new(
        load_embedded().unwrap(),
        AppOptions {
            as_of: Some(jiff::civil::date(2022, 6, 30)),
            ..AppOptions::new(Lang::En)
        },
    );
    past.update(Action::Export);
    past.update(key(KeyCode::Char('8')));
    assert!(past.annotations.dialog.is_none());
    assert!(past.notice.is_some());
}
