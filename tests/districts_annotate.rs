//! 附件1 in the districts view: a cell (district row × column) takes an actual value with
//! its as-of date, shown against the row's figure; undo there undoes district actuals.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::path::{Path, PathBuf};

use planmeet::app::View;
use planmeet::i18n::Lang;
use planmeet::keymap::Action;
use planmeet::model::annotation::Status;
use planmeet::runtime::Driver;
use planmeet::store::status_file::StatusStore;
use ratatui::crossterm::event::KeyCode;

mod common;

use common::app::{PLAN, key, location, run, screen, settle, typed};

const CELL: &str = "a1.liunan.hitech_firms";

fn temp_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.status.ron");
    (dir, path)
}

fn saved(app: &mut Driver) {
    settle(app, |app| app.annotations.unsaved.is_empty());
}

fn on_disk(path: &Path) -> StatusStore {
    StatusStore::open(location(path), PLAN).unwrap()
}

/// 柳南区 (the third row) × 高新技术企业数量 (the second column), figure 97 家.
fn select_liunan_high_tech(app: &mut Driver) {
    run(
        app,
        &[
            Action::ShowDistricts,
            Action::MoveDown,
            Action::MoveDown,
            Action::MoveRight,
        ],
    );
    assert_eq!(app.view, View::Districts);
    assert_eq!(app.subject().unwrap().item, CELL);
}

/// `a`, the value, Tab, the date over today's, Enter.
fn record(app: &mut Driver, value: &str, date: &str) {
    app.update(Action::RecordActual);
    assert!(
        app.annotations.dialog.is_some(),
        "{}",
        app.notice.clone().unwrap_or_default()
    );
    run(app, &typed(value));
    app.update(key(KeyCode::Tab));
    run(app, &vec![key(KeyCode::Backspace); 12]);
    run(app, &typed(date));
    app.update(key(KeyCode::Enter));
    assert!(
        app.annotations.dialog.is_none(),
        "the dialog stays open:\n{}",
        screen(app, 120, 40)
    );
}

fn line_with<'a>(screen: &'a str, text: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text} not on screen:\n{screen}"))
}

#[test]
fn a_district_cell_takes_an_actual_shown_against_its_figure() {
    let (_dir, path) = temp_file();
    let mut app = common::app::app_on(&path, Lang::Zh, "张三");
    select_liunan_high_tech(&mut app);
    let shown = screen(&app, 120, 40);
    assert!(
        line_with(&shown, "目标 97 家").contains("尚无实际值，按 a 登记"),
        "{shown}"
    );
    record(&mut app, "90家", "2021年6月30日");
    saved(&mut app);
    let store = on_disk(&path);
    let point = store
        .log()
        .annotation(CELL, None)
        .unwrap()
        .latest_actual()
        .unwrap()
        .clone();
    assert_eq!(
        (point.value, point.as_of),
        (90.0, jiff::civil::date(2021, 6, 30))
    );
    let shown = screen(&app, 120, 40);
    // Under the row, the actual, marked as short of the figure; at the foot, the details.
    let rows: Vec<&str> = shown.lines().collect();
    let liunan = rows.iter().position(|l| l.contains("柳南区")).unwrap();
    assert!(
        rows[liunan + 1].contains("实际") && rows[liunan + 1].contains("✗ 90"),
        "{shown}"
    );
    assert!(
        line_with(&shown, "目标 97 家").contains("实际 90 家（截至 2021-06-30） · ✗ 未达到"),
        "{shown}"
    );
    // A later value that meets the figure takes over.
    record(&mut app, "101", "2021-12-31");
    let shown = screen(&app, 120, 40);
    assert!(
        line_with(&shown, "目标 97 家").contains("✓ 已达到"),
        "{shown}"
    );
    assert!(shown.contains("✓ 101"), "{shown}");
    // Other rows have no line of actuals.
    let rows: Vec<&str> = shown.lines().collect();
    let liubei = rows.iter().position(|l| l.contains("柳北区")).unwrap();
    assert!(rows[liubei - 1].contains("✓ 101"), "{shown}");
}

#[test]
fn english_and_ascii_say_the_same() {
    let (_dir, path) = temp_file();
    let mut app = common::app::app_on(&path, Lang::En, "tester");
    select_liunan_high_tech(&mut app);
    record(&mut app, "90", "2021-06-30");
    app.theme.ascii = true;
    let shown = screen(&app, 80, 24);
    // At 80 columns the selected cell's details take two lines.
    assert!(
        line_with(&shown, "target 97").contains("Liunan District"),
        "{shown}"
    );
    assert!(shown.contains("actual 90"), "{shown}");
    assert!(shown.contains("x not met"), "{shown}");
    assert!(shown.contains("x 90"), "{shown}");
    assert!(shown.contains("+ met · x not met"), "{shown}");
    assert!(shown.is_ascii() || !shown.contains('✗'), "{shown}");
}

#[test]
fn undo_in_the_districts_view_undoes_district_actuals_only() {
    let (_dir, path) = temp_file();
    let mut app = common::app::app_on(&path, Lang::Zh, "张三");
    // A status change in the plan view, then a district actual.
    run(
        &mut app,
        &[Action::MoveDown, Action::Open, Action::CycleStatus],
    );
    assert_eq!(app.subject().unwrap().item, "p1.t1");
    select_liunan_high_tech(&mut app);
    record(&mut app, "90", "2021-06-30");
    // Back in the plan view and changed again: the latest change is not a district's.
    run(&mut app, &[Action::ShowPlan, Action::CycleStatus]);
    run(&mut app, &[Action::ShowDistricts, Action::Undo]);
    let actual = |app: &Driver| {
        app.annotations
            .log
            .annotation(CELL, None)
            .and_then(|a| a.latest_actual())
            .map(|p| p.value)
    };
    assert_eq!(actual(&app), None, "the district actual is undone");
    assert!(
        app.notice
            .as_deref()
            .unwrap()
            .contains("柳南区 高新技术企业数量")
    );
    assert_eq!(
        app.annotations.status_of("p1.t1", None),
        Some(Status::OnTrack),
        "the plan's changes stay"
    );
    app.update(Action::Undo);
    assert!(app.notice.as_deref().unwrap().contains("没有可撤销"));
    app.update(Action::Redo);
    assert_eq!(actual(&app), Some(90.0));
    saved(&mut app);
    assert_eq!(
        on_disk(&path)
            .log()
            .annotation(CELL, None)
            .and_then(|a| a.latest_actual())
            .map(|p| p.value),
        Some(90.0)
    );
}

#[test]
fn a_cell_takes_actuals_only_and_a_slash_cell_none() {
    let (_dir, path) = temp_file();
    let mut app = common::app::app_on(&path, Lang::Zh, "张三");
    select_liunan_high_tech(&mut app);
    app.update(Action::CycleStatus);
    assert!(app.notice.as_deref().unwrap().contains("只登记实际值"));
    // 技术合同成交额总额 is "/" for 柳南区.
    app.update(Action::MoveRight);
    assert_eq!(app.subject().unwrap().item, "a1.liunan.tech_contracts");
    app.update(Action::RecordActual);
    assert!(app.annotations.dialog.is_none());
    assert!(app.notice.as_deref().unwrap().contains("不适用"));
    assert!(app.annotations.log.is_empty(), "nothing recorded");
}

#[test]
fn the_selected_column_stays_on_screen() {
    let (_dir, path) = temp_file();
    let mut app = common::app::app_on(&path, Lang::Zh, "张三");
    app.update(Action::ShowDistricts);
    for _ in 0..20 {
        app.update(Action::MoveRight);
    }
    assert_eq!(app.districts_view.column, 9);
    let shown = screen(&app, 80, 24);
    assert!(
        line_with(&shown, "柳州市 ·").contains("营业收入同比增速"),
        "{shown}"
    );
    assert!(line_with(&shown, "柳州市").contains("30"), "{shown}");
}
