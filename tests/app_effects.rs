//! The app as a state machine, driven through actions alone: no terminal, no disk, no
//! clock. Each test feeds actions and asserts the effects `update` asks for, and what the
//! screen then shows.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use std::sync::Arc;

use planmeet::app::annotate::Dialog;
use planmeet::app::{Action, App, AppOptions, Effect, Keymap, Outcome, View};
use planmeet::i18n::Lang;
use planmeet::model::annotation::{Stamp, Status};
use planmeet::model::clock::Clock;
use planmeet::store::load_embedded;
use planmeet::store::status_sync::{Pending, Reply};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A clock that reads the same time always, and counts its ids.
#[derive(Debug, Default)]
struct FixedClock(std::sync::atomic::AtomicU64);

impl Clock for FixedClock {
    fn now(&self) -> Stamp {
        Stamp::parse("2022-06-30T10:00:00+08:00").unwrap()
    }
    fn today(&self) -> jiff::civil::Date {
        jiff::civil::date(2022, 6, 30)
    }
    fn fresh_id(&self) -> String {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        format!("{n:016x}")
    }
}

fn app_with(lang: Lang, keymap: Keymap) -> App {
    let mut app = App::new(
        load_embedded().unwrap(),
        AppOptions {
            keymap,
            clock: Arc::new(FixedClock::default()),
            ..AppOptions::new(lang)
        },
    );
    // As if a status file were followed and read: changes become effects to persist.
    app.follow_status_file("test.status.ron".into());
    app.update(Action::Store(Box::new(Reply::Loaded {
        log: Box::default(),
        meetings: Box::default(),
        problems: Vec::new(),
        refusal: None,
    })));
    app.update(Action::Resize(120, 40));
    app
}

fn app() -> App {
    app_with(Lang::Zh, Keymap::default())
}

fn key(code: KeyCode) -> Action {
    Action::DialogKey(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Action::DialogKey(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| app.update(key(KeyCode::Char(c))))
        .collect()
}

fn screen(app: &mut App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut layout = None;
    terminal
        .draw(|f| layout = Some(planmeet::ui::draw(f, app)))
        .unwrap();
    app.update(Action::Drawn(Box::new(layout.unwrap())));
    let buffer = terminal.backend().buffer();
    (0..40)
        .map(|y| common::app::row_text(buffer, y, 120) + "\n")
        .collect()
}

/// The first sub-task selected in the plan view.
fn on_first_task(app: &mut App) {
    for action in [Action::MoveDown, Action::Open] {
        assert!(app.update(action).is_empty());
    }
    assert_eq!(app.subject().unwrap().item, "p1.t1");
}

fn persisted(effects: &[Effect]) -> Vec<&Pending> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Persist(line) => Some(line.as_ref()),
            _ => None,
        })
        .collect()
}

#[test]
fn moving_around_every_view_asks_nothing_of_the_world() {
    let mut app = app();
    for view in [
        Action::ShowPlan,
        Action::ShowOwners,
        Action::ShowTargets,
        Action::ShowDistricts,
        Action::ShowDashboard,
        Action::ShowDecisions,
        Action::ShowChanges,
    ] {
        for action in [
            view.clone(),
            Action::MoveDown,
            Action::MoveDown,
            Action::FocusNext,
            Action::PageDown,
            Action::End,
            Action::Home,
            Action::MoveRight,
            Action::MoveLeft,
            Action::Back,
        ] {
            assert_eq!(
                app.update(action.clone()),
                Vec::new(),
                "{view:?} {action:?}"
            );
        }
        screen(&mut app);
    }
    assert_eq!(app.view, View::Changes);
}

#[test]
fn a_status_key_is_a_record_to_persist_stamped_by_the_clock() {
    let mut app = app();
    on_first_task(&mut app);
    let effects = app.update(Action::CycleStatus);
    let [Pending::Record(record)] = persisted(&effects)[..] else {
        panic!("one record to persist: {effects:?}");
    };
    assert_eq!(record.item, "p1.t1");
    assert_eq!(record.status, Some(Status::ALL[0]));
    assert_eq!(
        record.at,
        Stamp::parse("2022-06-30T10:00:00+08:00").unwrap()
    );
    assert_eq!(record.id, "0000000000000000");
    // Shown at once, unsaved until the worker says otherwise.
    assert!(app.annotations.is_unsaved(&record.id));
    let id = record.id.clone();
    assert!(
        app.update(Action::Store(Box::new(Reply::Saved(id.clone()))))
            .is_empty()
    );
    assert!(!app.annotations.is_unsaved(&id));
}

#[test]
fn each_dialog_asks_for_its_effect_only_when_done() {
    let mut app = app();
    on_first_task(&mut app);
    // Status picker: moving is nothing, choosing is a record.
    assert!(app.update(Action::PickStatus).is_empty());
    assert!(app.update(key(KeyCode::Down)).is_empty());
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(persisted(&effects).len(), 1);
    // Progress: typing is nothing, Enter records it.
    app.update(Action::SetProgress);
    assert!(typed(&mut app, "４０%").is_empty());
    let effects = app.update(key(KeyCode::Enter));
    let [Pending::Record(record)] = persisted(&effects)[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(record.progress, Some(40));
    // The note editor: Enter is a new line, Ctrl-s saves.
    app.update(Action::EditNote);
    assert!(typed(&mut app, "第一行").is_empty());
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    typed(&mut app, "第二行");
    let effects = app.update(ctrl('s'));
    let [Pending::Record(record)] = persisted(&effects)[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(record.note.as_deref(), Some("第一行\n第二行"));
    // A meeting: the form is nothing until it is confirmed, then an event.
    app.update(Action::StartMeeting);
    let effects = app.update(key(KeyCode::Enter));
    assert!(
        matches!(persisted(&effects)[..], [Pending::Event(_)]),
        "{effects:?}"
    );
    assert!(app.annotations.meetings.current().is_some());
}

#[test]
fn exports_filters_and_the_mouse_are_effects_whose_results_come_back() {
    let mut app = app();
    // The export menu: the document is built here, written by the runtime.
    app.update(Action::Export);
    // 3: the ledger by programme, as HTML.
    let effects = app.update(key(KeyCode::Char('3')));
    let [Effect::WriteExport { name, bytes }] = &effects[..] else {
        panic!("{effects:?} {:?}", app.notice);
    };
    assert!(name.starts_with("ledger-"), "{name}");
    assert!(!bytes.is_empty());
    let path = std::path::PathBuf::from("/somewhere/ledger.html");
    app.update(Action::Done(Outcome::Exported(Ok(path))));
    assert!(
        app.notice
            .as_deref()
            .unwrap()
            .contains("/somewhere/ledger.html")
    );
    // A filter saved under a name: the filters go to the runtime to write.
    app.update(Action::Filter);
    typed(&mut app, "3");
    for _ in 0..5 {
        app.update(key(KeyCode::Down));
    }
    typed(&mut app, "风险");
    let effects = app.update(ctrl('s'));
    assert!(
        matches!(&effects[..], [Effect::SaveFilters(f)] if f.len() == 1),
        "{effects:?}"
    );
    app.update(Action::Done(Outcome::FiltersSaved(Err("disk full".into()))));
    assert!(app.notice.as_deref().unwrap().contains("disk full"));
    assert!(app.filter.is_some(), "the filter applies all the same");
    // The mouse.
    let on = app.mouse;
    assert_eq!(app.update(Action::ToggleMouse), vec![Effect::SetMouse(!on)]);
}

#[test]
fn quitting_with_unsaved_changes_asks_and_the_answers_are_effects() {
    let mut app = app();
    on_first_task(&mut app);
    let effects = app.update(Action::CycleStatus);
    let id = match persisted(&effects)[..] {
        [Pending::Record(r)] => r.id.clone(),
        _ => panic!("{effects:?}"),
    };
    app.update(Action::Store(Box::new(Reply::SaveFailed {
        id,
        error: "No space left on device".into(),
    })));
    app.update(Action::Quit);
    assert!(app.running);
    assert!(matches!(app.annotations.dialog, Some(Dialog::Unsaved)));
    assert_eq!(
        app.update(key(KeyCode::Char('r'))),
        vec![Effect::RetrySaves]
    );
    app.update(Action::Quit);
    // Where to write them instead is the runtime's to find; the prompt opens on its answer.
    assert_eq!(
        app.update(key(KeyCode::Char('w'))),
        vec![Effect::SuggestCopyPath]
    );
    let offered = std::path::PathBuf::from("/data/unsaved-x.status.ron");
    app.update(Action::Done(Outcome::CopySuggested(offered)));
    assert!(matches!(app.annotations.dialog, Some(Dialog::SaveCopy(_))));
    let effects = app.update(key(KeyCode::Enter));
    assert!(matches!(&effects[..], [Effect::WriteCopy { lines, .. }] if lines.len() == 1));
}

#[test]
fn clicks_and_list_offsets_come_from_what_the_frame_measured() {
    let mut app = app();
    app.update(Action::ShowTargets);
    let shown = screen(&mut app);
    let row = shown.lines().position(|l| l.contains("o.g3")).unwrap();
    assert!(app.update(Action::Click(10, row as u16)).is_empty());
    let entry = app.targets[app.targets_view.row.selected];
    assert_eq!(app.index().entries[entry].id, "o.g3");
    // Far down the list, the offset the frame drew from is kept for the next frame.
    app.update(Action::End);
    screen(&mut app);
    assert!(app.targets_view.row.offset > 0);
}

#[test]
fn a_users_keys_rebind_dialog_keys_and_the_hints_follow() {
    let user = r#"(
        note: { "Ctrl-s": None, "F5": Save, "Ctrl-p": None, "F6": TogglePrivate },
        status_picker: { "Enter": None, "Space": None, "x": Confirm },
    )"#;
    let mut app = app_with(Lang::Zh, Keymap::load(Some(user)).unwrap());
    on_first_task(&mut app);
    // The note editor: the hint line and the title name the new keys.
    app.update(Action::EditNote);
    let shown = screen(&mut app);
    assert!(shown.contains("F5 保存"), "{shown}");
    assert!(shown.contains("F6 内部/公开"), "{shown}");
    assert!(!shown.contains("Ctrl-s"), "{shown}");
    typed(&mut app, "改过的键");
    assert!(
        persisted(&app.update(ctrl('s'))).is_empty(),
        "Ctrl-s no longer saves"
    );
    let effects = app.update(key(KeyCode::F(5)));
    assert_eq!(persisted(&effects).len(), 1, "F5 saves");
    // The status picker: x confirms, Enter does not; the hint says x.
    app.update(Action::PickStatus);
    let shown = screen(&mut app);
    assert!(shown.contains("x 确定"), "{shown}");
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert!(app.annotations.dialog.is_some());
    assert_eq!(persisted(&app.update(key(KeyCode::Char('x')))).len(), 1);
}

#[test]
fn english_hints_are_built_from_the_same_keys() {
    let mut app = app_with(Lang::En, Keymap::default());
    on_first_task(&mut app);
    app.update(Action::PickStatus);
    let shown = screen(&mut app);
    assert!(
        shown.contains("↑↓ choose · Enter set · 1–7 pick · Esc cancel"),
        "{shown}"
    );
}

#[test]
fn the_agendas_keys_come_first_while_one_is_walked() {
    use ratatui::crossterm::event::Event;
    let user = r#"(agenda: { "n": AgendaNext })"#;
    let mut app = app_with(Lang::Zh, Keymap::load(Some(user)).unwrap());
    let n = || Event::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE));
    assert_eq!(
        planmeet::runtime::actions_for(&app, n()),
        vec![Action::SearchNext]
    );
    app.update(Action::Agenda);
    app.update(key(KeyCode::Enter));
    assert!(app.agenda.is_some(), "the whole plan's agenda is walked");
    assert_eq!(
        planmeet::runtime::actions_for(&app, n()),
        vec![Action::AgendaNext]
    );
    // Keys the agenda does not bind are the view's as before.
    let j = Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    assert_eq!(
        planmeet::runtime::actions_for(&app, j),
        vec![Action::MoveDown]
    );
}
