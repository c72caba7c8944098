//! Annotating through the app: actions in, the status file and the screen out. The app
//! runs with its real status-file worker on a temporary file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::path::{Path, PathBuf};
use std::time::Duration;

use planmeet::app::annotate::{Dialog, FileState, Prompt};
use planmeet::app::{App, AppOptions, View};
use planmeet::i18n::Lang;
use planmeet::keymap::Action;
use planmeet::model::annotation::{Change, Status};
use planmeet::runtime::Driver;
use planmeet::runtime::actions_for;
use planmeet::store::load_embedded;
use planmeet::store::status_file::StatusStore;
use planmeet::store::status_sync::StatusSync;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

mod common;

use common::app::{PLAN, key, location, row_text, run, screen, settle, typed};

/// An app following `path`, recording changes as 张三.
fn app_on(path: &Path, lang: Lang) -> Driver {
    common::app::app_on(path, lang, "张三")
}

fn saved(app: &mut Driver) {
    settle(app, |app| app.annotations.unsaved.is_empty());
}

/// What another process reads from the file.
fn on_disk(path: &Path) -> StatusStore {
    StatusStore::open(location(path), PLAN).unwrap()
}

fn temp_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.status.ron");
    (dir, path)
}

/// Select p1.t1 (建设高水平创新平台) in the items pane.
fn select_first_task(app: &mut Driver) {
    run(app, &[Action::MoveDown, Action::Open]);
    assert_eq!(app.subject().unwrap().item, "p1.t1");
}

#[test]
fn a_status_change_is_shown_at_once_and_is_on_disk_when_marked_saved() {
    let (_dir, path) = temp_file();
    let mut app = app_on(&path, Lang::Zh);
    select_first_task(&mut app);
    app.update(Action::CycleStatus);
    app.update(Action::CycleStatus);
    assert_eq!(
        app.annotations.status_of("p1.t1", None),
        Some(Status::OnTrack)
    );
    saved(&mut app);
    let store = on_disk(&path);
    let annotation = store.log().annotation("p1.t1", None).unwrap();
    assert_eq!(annotation.status.as_ref().unwrap().value, Status::OnTrack);
    assert_eq!(annotation.status.as_ref().unwrap().author, "张三");
    let shown = screen(&app, 120, 40);
    let row = shown
        .lines()
        .find(|l| l.contains("1．建设高水平创新平台"))
        .unwrap();
    assert!(row.contains("● 正常"), "{row}");
    assert!(shown.contains("状态: ● 正常推进"), "{shown}");
    assert!(shown.contains("修改记录 (2)"), "{shown}");
    assert!(shown.contains("✎ 张三 已保存"), "{shown}");
}

#[test]
fn the_picker_sets_and_clears_the_status() {
    let (_dir, path) = temp_file();
    let mut app = app_on(&path, Lang::En);
    select_first_task(&mut app);
    app.update(Action::PickStatus);
    assert!(screen(&app, 120, 40).contains("Clear the status"));
    run(&mut app, &[key(KeyCode::Down), key(KeyCode::Down)]);
    app.update(key(KeyCode::Enter));
    assert!(app.annotations.dialog.is_none());
    assert_eq!(
        app.annotations.status_of("p1.t1", None),
        Some(Status::AtRisk)
    );
    // 7 clears it; picking the same status again records nothing.
    run(&mut app, &[Action::PickStatus, key(KeyCode::Char('7'))]);
    assert_eq!(app.annotations.status_of("p1.t1", None), None);
    run(&mut app, &[Action::PickStatus, key(KeyCode::Char('7'))]);
    saved(&mut app);
    assert_eq!(on_disk(&path).log().len(), 2);
}

#[test]
fn progress_is_checked_before_it_is_recorded() {
    let (_dir, path) = temp_file();
    let mut app = app_on(&path, Lang::Zh);
    select_first_task(&mut app);
    app.update(Action::SetProgress);
    run(&mut app, &typed("120"));
    app.update(key(KeyCode::Enter));
    assert!(
        matches!(
            app.annotations.dialog,
            Some(Dialog::Progress(_, Prompt { error: Some(_), .. }))
        ),
        "an out-of-range value keeps the dialog open with a message"
    );
    assert!(screen(&app, 120, 40).contains("0 到 100"));
    run(&mut app, &vec![key(KeyCode::Backspace); 3]);
    run(&mut app, &typed("６０"));
    app.update(key(KeyCode::Enter));
    assert!(app.annotations.dialog.is_none());
    saved(&mut app);
    let store = on_disk(&path);
    let progress = &store.log().annotation("p1.t1", None).unwrap().progress;
    assert_eq!(progress.as_ref().unwrap().value, 60);
}

#[test]
fn an_actual_value_goes_to_the_chosen_target_with_its_date() {
    let (_dir, path) = temp_file();
    let mut app = app_on(&path, Lang::Zh);
    select_first_task(&mut app);
    app.update(Action::RecordActual);
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("登记实际值"), "{shown}");
    // Targets by what they measure (the document does not number them), not by id.
    assert!(shown.contains("建成自治区级以上技术创新平台"), "{shown}");
    assert!(!shown.contains("p1.t1.g1"), "{shown}");
    // The task has two targets: ↓ picks the second.
    app.update(key(KeyCode::Down));
    run(&mut app, &typed("１,２３４．５"));
    app.update(key(KeyCode::Tab));
    run(&mut app, &vec![key(KeyCode::Backspace); 10]);
    run(&mut app, &typed("2022年6月30日"));
    app.update(key(KeyCode::Enter));
    if app.annotations.dialog.is_some() {
        panic!("the dialog stays open:\n{}", screen(&app, 120, 40));
    }
    saved(&mut app);
    let store = on_disk(&path);
    let annotation = store.log().annotation("p1.t1.g2", None).unwrap();
    let point = annotation.latest_actual().unwrap();
    assert_eq!(point.value, 1234.5);
    assert_eq!(point.as_of, jiff::civil::date(2022, 6, 30));
    // The detail pane shows the series under the target.
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("实际值: 2022-06-30 1234.5"), "{shown}");
    // A sub-task without targets has nothing to record against.
    // p2.t2 is the second sub-task of the second programme.
    run(
        &mut app,
        &[
            Action::MoveLeft,
            Action::MoveDown,
            Action::Open,
            Action::MoveDown,
        ],
    );
    assert_eq!(app.subject().unwrap().item, "p2.t2");
    app.update(Action::RecordActual);
    assert!(app.annotations.dialog.is_none());
    assert!(app.notice.as_deref().unwrap().contains("没有量化指标"));
}

#[test]
fn the_note_editor_takes_chinese_new_lines_and_pastes() {
    let (_dir, path) = temp_file();
    let mut app = app_on(&path, Lang::Zh);
    select_first_task(&mut app);
    app.update(Action::EditNote);
    run(&mut app, &typed("资金已到位"));
    app.update(key(KeyCode::Enter));
    // A paste: line ends normalised, escape sequences dropped.
    let paste = Event::Paste("第二行\r\n\u{1b}[2J第三行\u{7}".into());
    for action in actions_for(&app, paste) {
        app.update(action);
    }
    // The caret is where the input method will open its window: after 第三行.
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|frame| {
            planmeet::ui::draw(frame, &app);
        })
        .unwrap();
    let caret = terminal.get_cursor_position().unwrap();
    let before = row_text(terminal.backend().buffer(), caret.y, caret.x);
    assert!(before.ends_with("[2J第三行"), "{before:?}");
    app.update(Action::DialogKey(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    assert!(app.annotations.dialog.is_none());
    saved(&mut app);
    let store = on_disk(&path);
    let note = &store.log().annotation("p1.t1", None).unwrap().note;
    assert_eq!(
        &*note.as_ref().unwrap().value,
        "资金已到位\n第二行\n[2J第三行"
    );
}

#[test]
fn a_changed_note_needs_two_escapes_to_discard() {
    let (_dir, path) = temp_file();
    let mut app = app_on(&path, Lang::Zh);
    select_first_task(&mut app);
    app.update(Action::EditNote);
    run(&mut app, &typed("草稿"));
    app.update(key(KeyCode::Esc));
    assert!(app.annotations.dialog.is_some(), "one Esc keeps the text");
    assert!(app.notice.is_some());
    app.update(key(KeyCode::Esc));
    assert!(app.annotations.dialog.is_none());
    assert!(app.annotations.log.is_empty());
}

#[test]
fn undo_and_redo_are_new_records() {
    let (_dir, path) = temp_file();
    let mut app = app_on(&path, Lang::Zh);
    app.update(Action::Undo);
    assert!(app.notice.as_deref().unwrap().contains("没有可撤销"));
    select_first_task(&mut app);
    run(&mut app, &[Action::CycleStatus, Action::CycleStatus]);
    app.update(Action::Undo);
    assert_eq!(
        app.annotations.status_of("p1.t1", None),
        Some(Status::NotStarted)
    );
    app.update(Action::Redo);
    assert_eq!(
        app.annotations.status_of("p1.t1", None),
        Some(Status::OnTrack)
    );
    saved(&mut app);
    let store = on_disk(&path);
    assert_eq!(store.log().len(), 4, "two changes, an undo and a redo");
    assert_eq!(
        store
            .log()
            .annotation("p1.t1", None)
            .unwrap()
            .status
            .as_ref()
            .unwrap()
            .value,
        Status::OnTrack
    );
}

#[test]
fn in_the_owners_view_a_change_is_the_units_part() {
    let (_dir, path) = temp_file();
    let mut app = app_on(&path, Lang::Zh);
    app.update(Action::ShowOwners);
    // Focus the first unit's items.
    app.update(Action::Open);
    let unit = app.selected_owner().unwrap().clone();
    let subject = app.subject().unwrap();
    assert_eq!(subject.owner.as_deref(), Some(unit.id.as_str()));
    app.update(Action::CycleStatus);
    saved(&mut app);
    let store = on_disk(&path);
    let part = store
        .log()
        .annotation(&subject.item, Some(&unit.id))
        .unwrap();
    assert_eq!(part.status.as_ref().unwrap().value, Status::NotStarted);
    assert!(store.log().annotation(&subject.item, None).is_none());
    // The plan view's detail pane lists the unit's part.
    app.update(Action::Open);
    assert_eq!(app.view, View::Plan);
    let shown = screen(&app, 120, 40);
    // Right under the item's own status: in a meeting each unit reports its share.
    assert!(shown.contains("各单位进展"), "{shown}");
    assert!(
        shown.contains(&format!("{}  ○ 未启动", unit.name)),
        "{shown}"
    );
}

#[test]
fn another_coordinators_change_appears_without_losing_typed_text() {
    let (_dir, path) = temp_file();
    let mut app = app_on(&path, Lang::Zh);
    select_first_task(&mut app);
    app.update(Action::EditNote);
    run(&mut app, &typed("正在输入"));
    // Another coordinator, another process: changes the same item's note.
    let mut other = on_disk(&path);
    let mut change = Change::new(&planmeet::model::annotation::Key::new("p1.t1", None));
    change.note = Some("李四的备注".into());
    change.status = Some(Status::Behind);
    other
        .record(change, "李四", planmeet::store::status_file::now())
        .unwrap();
    settle(&mut app, |app| {
        app.annotations.status_of("p1.t1", None).is_some()
    });
    let notice = app.notice.clone().unwrap();
    assert!(notice.contains("李四 修改了 1．"), "{notice}");
    assert!(notice.contains("进度滞后"), "{notice}");
    assert!(notice.contains("保存将覆盖"), "{notice}");
    let Some(Dialog::Note(note)) = &app.annotations.dialog else {
        panic!("the editor stays open");
    };
    assert_eq!(note.editor.lines(), ["正在输入"]);
}

#[test]
fn a_failed_save_is_kept_retried_and_guards_quitting() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("shared");
    let path = missing.join("plan.status.ron");
    let mut app = app_on(&path, Lang::Zh);
    select_first_task(&mut app);
    app.update(Action::CycleStatus);
    settle(&mut app, |app| app.annotations.save_error.is_some());
    assert_eq!(app.annotations.unsaved.len(), 1);
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("未保存 1 条"), "{shown}");
    assert!(shown.contains("does not exist"), "{shown}");
    // Quitting asks first.
    app.update(Action::Quit);
    assert!(app.running);
    assert!(matches!(app.annotations.dialog, Some(Dialog::Unsaved)));
    assert!(screen(&app, 120, 40).contains("另存到其他文件"));
    // The folder comes back (a network share remounted): the retry writes the change.
    std::fs::create_dir(&missing).unwrap();
    app.update(key(KeyCode::Char('r')));
    saved(&mut app);
    assert!(app.annotations.save_error.is_none());
    assert_eq!(on_disk(&path).log().len(), 1);
    app.update(Action::Quit);
    assert!(!app.running);
}

#[test]
fn unsaved_changes_can_be_written_to_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gone").join("plan.status.ron");
    let copy = dir.path().join("rescued.status.ron");
    let mut app = app_on(&path, Lang::En);
    select_first_task(&mut app);
    app.update(Action::CycleStatus);
    settle(&mut app, |app| app.annotations.save_error.is_some());
    run(&mut app, &[Action::Quit, key(KeyCode::Char('w'))]);
    assert!(matches!(
        app.annotations.dialog,
        Some(Dialog::SaveCopy { .. })
    ));
    // Replace the suggested path with ours.
    run(&mut app, &vec![key(KeyCode::Backspace); 300]);
    run(&mut app, &typed(&copy.display().to_string()));
    app.update(key(KeyCode::Enter));
    settle(&mut app, |app| !app.running);
    assert_eq!(app.annotations.copied_to.as_deref(), Some(copy.as_path()));
    let store = on_disk(&copy);
    assert_eq!(store.log().len(), 1);
    assert_eq!(store.log().records()[0].item, "p1.t1");
}

#[test]
fn annotations_for_items_not_in_the_plan_are_kept_and_listed() {
    let (_dir, path) = temp_file();
    let mut store = on_disk(&path);
    let change = |item: &str| {
        let mut c = Change::new(&planmeet::model::annotation::Key::new(item, None));
        c.status = Some(Status::Done);
        c
    };
    let now = planmeet::store::status_file::now();
    store.record(change("p9.t9"), "王五", now).unwrap();
    store.record(change("p1.t1"), "王五", now).unwrap();
    let mut app = app_on(&path, Lang::Zh);
    assert_eq!(app.orphans().len(), 1);
    assert!(app.notice.as_deref().unwrap().contains("1 条标注"));
    app.update(Action::ShowDashboard);
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("计划中不存在的标注"), "{shown}");
    assert!(shown.contains("p9.t9"), "{shown}");
}

#[test]
fn the_author_can_be_changed_for_the_next_changes() {
    let (_dir, path) = temp_file();
    let mut app = app_on(&path, Lang::Zh);
    app.update(Action::SetAuthor);
    run(&mut app, &vec![key(KeyCode::Backspace); 2]);
    run(&mut app, &typed("赵六"));
    app.update(key(KeyCode::Enter));
    assert_eq!(app.annotations.author, "赵六");
    assert!(screen(&app, 120, 40).contains("✎ 赵六"));
    select_first_task(&mut app);
    app.update(Action::CycleStatus);
    saved(&mut app);
    assert_eq!(on_disk(&path).log().records()[0].author, "赵六");
}

#[test]
fn dialogs_fit_small_terminals() {
    let (_dir, path) = temp_file();
    let mut app = app_on(&path, Lang::Zh);
    select_first_task(&mut app);
    for open in [
        Action::PickStatus,
        Action::SetProgress,
        Action::RecordActual,
        Action::EditNote,
        Action::SetAuthor,
    ] {
        app.update(open.clone());
        for (w, h) in [(40, 10), (80, 24), (200, 50)] {
            app.update(Action::Resize(w, h));
            let shown = screen(&app, w, h);
            assert_eq!(shown.lines().count(), h as usize);
        }
        app.update(key(KeyCode::Esc));
        app.update(key(KeyCode::Esc));
        assert!(app.annotations.dialog.is_none(), "{open:?}");
    }
}

#[test]
fn targets_show_a_light_for_the_review_date_and_a_chart_of_actuals() {
    let (_dir, path) = temp_file();
    let mut store = on_disk(&path);
    let now = planmeet::store::status_file::now();
    let key = planmeet::model::annotation::Key::new("o.g4", None);
    for (as_of, value) in [((2021, 12, 31), 10.0), ((2022, 12, 31), 13.0)] {
        let mut change = Change::new(&key);
        change.actual = Some(planmeet::model::annotation::Actual {
            value,
            as_of: jiff::civil::date(as_of.0, as_of.1, as_of.2),
        });
        store.record(change, "王五", now).unwrap();
    }
    let mut change = Change::new(&key);
    change.status = Some(Status::OnTrack);
    store.record(change, "王五", now).unwrap();
    // o.g4: 国家级高层次创新人才数量, milestones 11 / 13 / 15 for 2021–2023.
    let light_row = |review: jiff::civil::Date| {
        let mut app = Driver::new(App::new(
            load_embedded().unwrap(),
            AppOptions {
                review_date: review,
                ..AppOptions::new(Lang::Zh)
            },
        ));
        app.update(Action::Resize(120, 40));
        app.attach(StatusSync::start(
            location(&path),
            PLAN,
            Duration::from_millis(50),
        ));
        settle(&mut app, |app| {
            app.annotations.file_state == FileState::Ready
        });
        app.update(Action::ShowTargets);
        let shown = screen(&app, 120, 40);
        let row = shown
            .lines()
            .find(|l| l.contains("国家级高层"))
            .unwrap_or_else(|| panic!("{shown}"))
            .to_owned();
        (app, row)
    };
    // Mid-2022: 13 against 2022's milestone of 13 is on pace.
    let (_, row) = light_row(jiff::civil::date(2022, 12, 31));
    assert!(row.contains("● 绿"), "{row}");
    assert!(!row.contains('≠'), "{row}");
    // Early 2023: 13 against 15 is more than 10% short — red, while marked on track.
    let (mut app, row) = light_row(jiff::civil::date(2023, 3, 1));
    assert!(row.contains("● 红≠"), "{row}");
    // Before any actual: grey.
    let (_, row) = light_row(jiff::civil::date(2021, 6, 30));
    assert!(row.contains("○ 灰"), "{row}");
    // The detail pane: the light, the disagreement in words, the chart.
    run(
        &mut app,
        &[Action::MoveDown, Action::MoveDown, Action::MoveDown],
    );
    app.update(Action::Open);
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("与人工状态不一致"), "{shown}");
    assert!(shown.contains("预期 15人"), "{shown}");
    assert!(shown.contains("87%"), "{shown}");
    assert!(
        shown.contains("实际值 · 国家级高层次创新人才数量"),
        "{shown}"
    );
    // The dashboard counts the lights and names the target off pace.
    app.update(Action::ShowDashboard);
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("● 红 1"), "{shown}");
    assert!(shown.contains("偏离进度的指标"), "{shown}");
    // Named by its measure, never by its id.
    assert!(shown.contains("1 · 国家级高层次创新人才数量"), "{shown}");
    assert!(!shown.contains("o.g4"), "{shown}");
    // And per lead unit: 市委组织部 leads p1.t2, here marked on track by nobody: no status.
    assert!(shown.contains("各牵头单位"), "{shown}");
    assert!(shown.contains("各工程"), "{shown}");
    assert!(shown.contains("市委组织部"), "{shown}");
}

#[test]
fn presenter_mode_shows_one_programme_with_public_notes_only() {
    let (_dir, path) = temp_file();
    let mut app = app_on(&path, Lang::Zh);
    let ctrl = |c| Action::DialogKey(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    select_first_task(&mut app);
    app.update(Action::CycleStatus);
    app.update(Action::EditNote);
    run(&mut app, &typed("平台已挂牌"));
    app.update(ctrl('s'));
    // The second sub-task's note is for the coordinators only: Ctrl-P in the editor.
    app.update(Action::MoveDown);
    app.update(Action::EditNote);
    run(&mut app, &typed("内部意见，不宜投影"));
    app.update(ctrl('p'));
    assert!(screen(&app, 120, 40).contains("内部（不投影"));
    app.update(ctrl('s'));
    saved(&mut app);
    assert!(screen(&app, 120, 40).contains("备注（内部）: 内部意见"));
    app.update(Action::Present);
    assert_eq!(app.presenter, Some(0));
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("（一）科技创新能力提升工程"), "{shown}");
    assert!(shown.contains("○ 未启动  1．建设高水平创新平台"), "{shown}");
    // Targets under their sub-task, with their light.
    assert!(
        shown.contains("○ 灰  建成自治区级以上技术创新平台"),
        "{shown}"
    );
    assert!(shown.contains("平台已挂牌"), "the public note:\n{shown}");
    assert!(
        !shown.contains("内部意见"),
        "no private note on the projector:\n{shown}"
    );
    assert!(
        !shown.contains("目录"),
        "nothing but the programme:\n{shown}"
    );
    // The privacy is in the file: another copy of the app sees it.
    let other = app_on(&path, Lang::Zh);
    let note = other
        .annotations
        .log
        .annotation("p1.t2", None)
        .and_then(|a| a.note.clone())
        .unwrap();
    assert!(other.annotations.is_private(&note.record));
    run(&mut app, &[Action::MoveRight, Action::MoveRight]);
    assert!(screen(&app, 120, 40).contains("（三）"));
    run(&mut app, &[Action::End, Action::MoveRight]);
    assert_eq!(app.presenter, Some(5), "stops at the last programme");
    app.update(Action::Back);
    assert_eq!(app.presenter, None);
    assert!(screen(&app, 120, 40).contains("目录"));
}

#[test]
fn a_filter_narrows_every_list_and_follows_status_changes() {
    let (_dir, path) = temp_file();
    let mut app = app_on(&path, Lang::Zh);
    select_first_task(&mut app);
    // p1.t1 and p1.t3 at risk (cycle: 未启动 → 正常推进 → 存在风险).
    run(&mut app, &vec![Action::CycleStatus; 3]);
    run(&mut app, &[Action::MoveDown, Action::MoveDown]);
    run(&mut app, &vec![Action::CycleStatus; 3]);
    assert_eq!(app.subject().unwrap().item, "p1.t3");
    app.update(Action::Filter);
    assert!(!screen(&app, 120, 40).contains("☑3 风险"));
    app.update(key(KeyCode::Char('3')));
    assert!(screen(&app, 120, 40).contains("☑3 风险"));
    app.update(key(KeyCode::Enter));
    assert!(app.annotations.dialog.is_none());
    let items: Vec<&str> = app.sections[1]
        .items
        .iter()
        .map(|&e| app.index().entries[e].id.as_str())
        .collect();
    assert_eq!(items, ["p1.t1", "p1.t3"]);
    // The selection stayed on p1.t3.
    assert_eq!(app.subject().unwrap().item, "p1.t3");
    assert!(screen(&app, 120, 40).contains("筛选 2/66"));
    // Other sections are empty; the targets view too.
    assert!(app.sections[2].items.is_empty());
    assert!(app.targets.is_empty());
    // On track now: it leaves the filter at once.
    run(&mut app, &[Action::PickStatus, key(KeyCode::Char('2'))]);
    let items: Vec<&str> = app.sections[1]
        .items
        .iter()
        .map(|&e| app.index().entries[e].id.as_str())
        .collect();
    assert_eq!(items, ["p1.t1"]);
    // By unit and programme: 市委组织部 leads p1.t2 in programme 一.
    app.update(Action::ClearFilter);
    assert_eq!(app.filter_counts().0, app.filter_counts().1);
    app.update(Action::Filter);
    run(&mut app, &[key(KeyCode::Down), key(KeyCode::Down)]);
    run(&mut app, &typed("组织部"));
    run(&mut app, &[key(KeyCode::Down), key(KeyCode::Right)]);
    app.update(key(KeyCode::Enter));
    let filter = app.filter.clone().unwrap();
    assert_eq!(filter.programme, Some(0));
    let shown: Vec<&str> = app.sections[1]
        .items
        .iter()
        .map(|&e| app.index().entries[e].id.as_str())
        .collect();
    assert!(shown.contains(&"p1.t2"), "{shown:?}");
    assert!(
        app.sections[2].items.is_empty(),
        "programme 二 is filtered out"
    );
    // An unknown unit is refused with a message, the dialog stays.
    app.update(Action::Filter);
    run(&mut app, &[key(KeyCode::Down), key(KeyCode::Down)]);
    run(&mut app, &vec![key(KeyCode::Backspace); 10]);
    run(&mut app, &typed("不存在的单位"));
    app.update(key(KeyCode::Enter));
    assert!(app.annotations.dialog.is_some());
    assert!(screen(&app, 120, 40).contains("没有名为“不存在的单位”的单位"));
}

#[test]
fn the_note_editor_holds_progress_problems_and_next_steps() {
    let (_dir, path) = temp_file();
    let mut app = app_on(&path, Lang::Zh);
    select_first_task(&mut app);
    app.update(Action::EditNote);
    // Tab to 进展情况, type; Tab to 存在问题, type; the note stays as it was (empty).
    app.update(key(KeyCode::Tab));
    run(&mut app, &typed("新增平台6个"));
    app.update(key(KeyCode::Tab));
    run(&mut app, &typed("用地未落实"));
    // Each field is labelled, the one with the caret marked, at 80x24 as at 120x40.
    for (w, h) in [(80, 24), (120, 40)] {
        app.update(Action::Resize(w, h));
        let shown = screen(&app, w, h);
        for label in ["备注", "进展情况", "存在问题", "下一步计划"] {
            assert!(shown.contains(label), "{w}x{h}: {label} missing\n{shown}");
        }
        assert!(
            shown.contains("新增平台6个") && shown.contains("用地未落实"),
            "{shown}"
        );
    }
    app.update(Action::DialogKey(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    assert!(app.annotations.dialog.is_none());
    saved(&mut app);
    let store = on_disk(&path);
    let state = store.log().annotation("p1.t1", None).unwrap();
    assert!(state.note.is_none());
    assert_eq!(&*state.progress_text().unwrap().value, "新增平台6个");
    assert_eq!(&*state.problems().unwrap().value, "用地未落实");
    assert!(state.next_steps().is_none());
    // Opened again, the fields hold what was saved; emptying one clears it.
    app.update(Action::EditNote);
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    for _ in 0.."用地未落实".chars().count() {
        app.update(key(KeyCode::Backspace));
    }
    app.update(Action::DialogKey(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    saved(&mut app);
    let store = on_disk(&path);
    let state = store.log().annotation("p1.t1", None).unwrap();
    assert!(state.problems().is_none());
    assert_eq!(&*state.progress_text().unwrap().value, "新增平台6个");
}
