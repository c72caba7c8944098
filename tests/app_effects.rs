//! The app as a state machine, driven through actions alone: no terminal, no disk, no
//! clock. Each test feeds actions and asserts the effects `update` asks for, and what the
//! screen then shows.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use planmeet::app::annotate::Dialog;
use planmeet::app::{Action, App, AppOptions, Effect, Keymap, Outcome, View};
use planmeet::i18n::Lang;
use planmeet::model::annotation::{Stamp, Status};
use planmeet::model::clock::Clock;
use planmeet::model::meeting::{DecisionRecord, DecisionStatus, Event, MeetingLog};
use planmeet::store::status_sync::{Pending, Reply};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use common::app::{FixedClock, app_read, key};

/// The moment every change of these tests is made.
const NOW: &str = "2022-06-30T10:00:00+08:00";

fn app_with(lang: Lang, keymap: Keymap) -> App {
    app_with_meetings(lang, keymap, MeetingLog::new())
}

fn app_with_meetings(lang: Lang, keymap: Keymap, meetings: MeetingLog) -> App {
    let options = AppOptions {
        keymap,
        clock: FixedClock::at(NOW),
        ..AppOptions::new(lang)
    };
    app_read(options, meetings)
}

fn app() -> App {
    app_with(Lang::Zh, Keymap::default())
}

fn ctrl(c: char) -> Action {
    Action::DialogKey(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(app: &mut App, text: &str) -> Vec<Effect> {
    common::app::type_into(app, text)
}

fn screen(app: &mut App) -> String {
    common::app::drawn(app, 120, 40)
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
    let id = record.id.to_string();
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
        [Pending::Record(r)] => r.id.to_string(),
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
    let row = shown.lines().position(|l| l.contains("≥ 750 家")).unwrap();
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

/// A decision recorded before the session, open, for 市科技局.
fn one_open_decision() -> MeetingLog {
    MeetingLog::from_events([Event::Decision(DecisionRecord {
        at: FixedClock::at(NOW).now(),
        author: "秘书".into(),
        decision: "d1".into(),
        meeting: None,
        text: Some("修订科技项目管理办法".into()),
        units: Some(vec!["kjj".into()]),
        due: None,
        clear_due: false,
        status: Some(DecisionStatus::Open),
        items: None,
        id: "e1".into(),
    })])
}

#[test]
fn undo_takes_back_the_latest_change_of_what_the_view_shows() {
    let mut app = app_with_meetings(Lang::Zh, Keymap::default(), one_open_decision());
    let status = |app: &App| app.annotations.status_of("p1.t1", None);
    let decision = |app: &App| app.annotations.meetings.decision("d1").unwrap().status;
    on_first_task(&mut app);
    app.update(Action::CycleStatus);
    let set = status(&app);
    assert!(set.is_some());
    // In the decisions view, s moves the decision on, and u takes back that, not the
    // sub-task's status changed before it.
    app.update(Action::ShowDecisions);
    app.update(Action::CycleStatus);
    assert_eq!(decision(&app), DecisionStatus::Done);
    let effects = app.update(Action::Undo);
    assert!(
        matches!(persisted(&effects)[..], [Pending::Event(_)]),
        "{effects:?}"
    );
    assert_eq!(decision(&app), DecisionStatus::Open);
    assert_eq!(status(&app), set, "the sub-task's status is untouched");
    let notice = app.notice.clone().unwrap();
    assert!(notice.contains("修订科技项目管理办法"), "{notice}");
    // Nothing more to undo among decisions, though the plan has a change.
    app.update(Action::Undo);
    assert_eq!(decision(&app), DecisionStatus::Open);
    // Ctrl-r makes it again.
    app.update(Action::Redo);
    assert_eq!(decision(&app), DecisionStatus::Done);
    // Back in the plan, u undoes the sub-task's status, named by its title, not a hash.
    app.update(Action::ShowPlan);
    app.update(Action::Undo);
    assert_eq!(status(&app), None);
    assert_eq!(decision(&app), DecisionStatus::Done);
    let notice = app.notice.clone().unwrap();
    assert!(notice.contains("1．"), "the document's numbering: {notice}");
    assert!(!notice.contains("p1.t1"), "no internal id: {notice}");
}

#[test]
fn undo_in_the_owners_view_is_the_selected_units_own() {
    let mut app = app();
    on_first_task(&mut app);
    app.update(Action::CycleStatus);
    // A unit that is not responsible for p1.t1 has nothing to undo.
    app.update(Action::ShowOwners);
    let lead = app
        .node(app.loaded.index.position("p1.t1").unwrap())
        .unwrap()
        .owners()
        .unwrap()
        .lead
        .clone();
    let others = app
        .loaded
        .plan
        .owners
        .iter()
        .position(|o| {
            o.id != lead
                && app.all_assignments.get(&o.id).is_none_or(|items| {
                    items
                        .iter()
                        .all(|a| app.loaded.index.entries[a.entry].id != "p1.t1")
                })
        })
        .unwrap();
    for _ in 0..others {
        app.update(Action::MoveDown);
    }
    app.update(Action::Undo);
    assert!(app.annotations.status_of("p1.t1", None).is_some());
    // Its lead unit has.
    let lead_row = app
        .loaded
        .plan
        .owners
        .iter()
        .position(|o| o.id == lead)
        .unwrap();
    app.update(Action::Home);
    for _ in 0..lead_row {
        app.update(Action::MoveDown);
    }
    app.update(Action::Undo);
    assert_eq!(app.annotations.status_of("p1.t1", None), None);
}

/// The minutes in Markdown, as `x` then `2` writes them.
fn minutes_md(app: &mut App) -> String {
    app.update(Action::Export);
    let effects = app.update(key(KeyCode::Char('2')));
    let [Effect::WriteExport { bytes, .. }] = &effects[..] else {
        panic!("{effects:?} {:?}", app.notice);
    };
    String::from_utf8(bytes.clone()).unwrap()
}

#[test]
fn minutes_report_the_net_change_of_a_meeting() {
    let mut app = app();
    app.update(Action::StartMeeting);
    app.update(key(KeyCode::Enter));
    on_first_task(&mut app);
    // A note written, undone and redone is that note, once.
    app.update(Action::EditNote);
    typed(&mut app, "平台建设按期推进");
    app.update(ctrl('s'));
    app.update(Action::Undo);
    app.update(Action::Redo);
    // A status set and undone is no change at all; cycled five times, one change from
    // before to after.
    app.update(Action::MoveDown);
    let second = app.subject().unwrap().item;
    app.update(Action::CycleStatus);
    app.update(Action::CycleStatus);
    app.update(Action::Undo);
    app.update(Action::Undo);
    assert_eq!(
        app.annotations.status_of(&second, None),
        None,
        "u twice takes back two"
    );
    app.update(Action::MoveDown);
    let third = app.subject().unwrap().item;
    for _ in 0..5 {
        app.update(Action::CycleStatus);
    }
    let minutes = minutes_md(&mut app);
    assert_eq!(minutes.matches("平台建设按期推进").count(), 1, "{minutes}");
    let title = |item: &str| {
        let node = app.node(app.loaded.index.position(item).unwrap()).unwrap();
        planmeet::model::numbering::numbered_title(&node)
    };
    assert!(
        !minutes.contains(&title(&second)),
        "a change that cancels out: {minutes}"
    );
    let third_rows: Vec<&str> = minutes
        .lines()
        .filter(|l| l.contains(&title(&third)))
        .collect();
    assert_eq!(third_rows.len(), 1, "{minutes}");
    assert_eq!(third_rows[0].matches('→').count(), 1, "{}", third_rows[0]);
}

#[test]
fn every_agenda_step_shows_what_it_is_about_and_s_annotates_that() {
    let mut app = app();
    app.update(Action::Agenda);
    app.update(key(KeyCode::Enter));
    let steps = app.agenda.as_ref().unwrap().entries.clone();
    let mut subjects = Vec::new();
    for (n, &entry) in steps.iter().enumerate().take(12) {
        if n > 0 {
            app.update(Action::AgendaNext);
        }
        let id = app.loaded.index.entries[entry].id.clone();
        let subject = app.subject().map(|s| s.item);
        assert_eq!(subject.as_deref(), Some(id.as_str()), "step {}", n + 1);
        subjects.push(id);
    }
    // Targets are steps of their own (o.g1, o.g2…), each shown on its row.
    assert!(
        subjects.iter().any(|s| s.starts_with("o.g")),
        "{subjects:?}"
    );
    let effects = app.update(Action::CycleStatus);
    let [Pending::Record(record)] = persisted(&effects)[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(&record.item, subjects.last().unwrap());
}

#[test]
fn with_nobody_known_the_first_change_asks_for_a_name_saves_it_and_is_then_made() {
    let mut app = app();
    app.annotations.author = String::new();
    on_first_task(&mut app);
    // `s` records nothing yet: it asks who is making the change.
    let effects = app.update(Action::CycleStatus);
    assert!(persisted(&effects).is_empty(), "{effects:?}");
    assert!(
        matches!(app.annotations.dialog, Some(Dialog::Author(_))),
        "{:?}",
        app.notice
    );
    assert!(screen(&mut app).contains("config.ron"));
    let mut effects = typed(&mut app, "王芳");
    effects.extend(app.update(key(KeyCode::Enter)));
    // The name goes to config.ron (the CLI reads it there), and the change is made by it.
    assert!(
        effects.contains(&Effect::SaveAuthor("王芳".into())),
        "{effects:?}"
    );
    let [Pending::Record(record)] = persisted(&effects)[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(
        (record.author.as_str(), record.item.as_str()),
        ("王芳", "p1.t1")
    );
    assert!(record.status.is_some());
    assert!(app.annotations.dialog.is_none());
    // From then on nothing is asked.
    assert!(!persisted(&app.update(Action::CycleStatus)).is_empty());
    // Cancelling the prompt records nothing and forgets the change asked for.
    let mut app = self::app();
    app.annotations.author = String::new();
    on_first_task(&mut app);
    app.update(Action::CycleStatus);
    let effects = app.update(key(KeyCode::Esc));
    assert!(persisted(&effects).is_empty() && app.annotations.dialog.is_none());
    // A note asked for opens its editor once the name is given.
    app.update(Action::EditNote);
    typed(&mut app, "李四");
    app.update(key(KeyCode::Enter));
    assert!(matches!(app.annotations.dialog, Some(Dialog::Note(_))));
}

#[test]
fn changes_view_lists_each_items_net_change_with_its_steps_on_enter() {
    let mut app = app();
    on_first_task(&mut app);
    // A status cycled five times is one change: from nothing to where it ended.
    for _ in 0..5 {
        assert_eq!(persisted(&app.update(Action::CycleStatus)).len(), 1);
    }
    // The next sub-task: a change and its undo cancel out.
    app.update(Action::MoveDown);
    app.update(Action::CycleStatus);
    app.update(Action::Undo);
    app.update(Action::ShowChanges);
    let shown = screen(&mut app);
    // (The pane under the list writes the selected change out again, in full.)
    let first: Vec<&str> = shown
        .lines()
        .filter(|l| l.contains("1．建设") && l.contains('┃'))
        .collect();
    assert_eq!(first.len(), 1, "one line for the item:\n{shown}");
    assert!(
        first[0].contains("状态 未标注 → 已完成") && first[0].contains("5 步"),
        "{shown}"
    );
    assert!(shown.contains("无净变化（2 步相互抵消）"), "{shown}");
    assert!(shown.contains("2 项，7 步"), "{shown}");
    // Enter shows the steps under the selected change, Enter again hides them.
    app.update(Action::Home);
    app.update(Action::Open);
    let shown = screen(&mut app);
    let steps = shown.lines().filter(|l| l.contains("└ 状态 → ")).count();
    assert_eq!(steps, 5, "{shown}");
    assert!(shown.contains("└ 状态 → 正常推进"), "{shown}");
    app.update(Action::Open);
    let shown = screen(&mut app);
    assert!(!shown.contains("└ 状态"), "{shown}");
    // The net changes near the selection are described by `update`, ahead of the frame,
    // as the frame would describe them; a change to the log describes them again.
    let described = |app: &planmeet::app::App| {
        let net = &app.changes_view.net;
        assert!(!net.descriptions.is_empty());
        for (&n, text) in &net.descriptions {
            assert_eq!(text, &app.net_description(&net.keys[n]));
        }
    };
    described(&app);
    app.update(Action::ShowPlan);
    app.update(Action::CycleStatus);
    app.update(Action::ShowChanges);
    described(&app);
    let shown = screen(&mut app);
    assert!(shown.contains("2 项，8 步"), "{shown}");
    assert!(
        !shown.contains("无净变化"),
        "the new step is in the second item's net change:\n{shown}"
    );
    // English says the same.
    let mut app = app_with(Lang::En, Keymap::default());
    on_first_task(&mut app);
    app.update(Action::CycleStatus);
    app.update(Action::CycleStatus);
    app.update(Action::ShowChanges);
    let shown = screen(&mut app);
    assert!(shown.contains("▸2 steps: Status Not anno"), "{shown}");
    assert!(shown.contains("2 steps"), "{shown}");
}

/// Under `--ascii` a change is described in ASCII marks wherever the browser shows it — the
/// Changes view's net change and its steps, the pane under it, the detail pane's history —
/// while a note's own arrows, dots and quotes are shown as written.
#[test]
fn changes_are_described_in_ascii_marks_under_ascii() {
    use planmeet::ui::theme::{ColorLevel, Theme};
    let options = AppOptions {
        clock: FixedClock::at(NOW),
        theme: Theme::new(ColorLevel::Basic, true),
        ..AppOptions::new(Lang::Zh)
    };
    let mut app = app_read(options, MeetingLog::new());
    on_first_task(&mut app);
    app.update(Action::CycleStatus);
    app.update(Action::CycleStatus);
    app.update(Action::EditNote);
    typed(&mut app, "甲→乙·“丙”");
    app.update(ctrl('s'));
    let interface_marks = ['→', '·', '“', '”', '└', '…'];
    let drawn_without_the_note = |shown: &str| {
        shown
            .replace("甲→乙·“丙”", "<note>")
            .replace("甲→乙~", "<the note cut>")
            .chars()
            .filter(|c| interface_marks.contains(c))
            .collect::<String>()
    };
    // The detail pane's history (newest first): the note as typed, in ASCII quotes.
    let shown = screen(&mut app);
    assert!(shown.contains("备注 \"甲→乙·“丙”\""), "{shown}");
    assert_eq!(drawn_without_the_note(&shown), "", "{shown}");
    // The Changes view: the net change, its steps (Enter), the pane under the list.
    app.update(Action::ShowChanges);
    app.update(Action::Home);
    app.update(Action::Open);
    let shown = screen(&mut app);
    assert!(shown.contains("状态 未标注 -> "), "{shown}");
    assert!(shown.contains(" | 备注 \"甲→乙·“丙”\""), "{shown}");
    assert!(shown.contains("  - 状态 -> 正常推进"), "{shown}");
    assert_eq!(drawn_without_the_note(&shown), "", "{shown}");
}

/// A terminal that turns out to draw ambiguous characters wide switches the interface to
/// ASCII marks, its own strings too ("保存中…" → "保存中...").
#[test]
fn a_probe_finding_a_wide_terminal_puts_the_interface_strings_in_ascii() {
    let mut app = app();
    assert_eq!(app.strings.get("annotate.saving"), "保存中…");
    // A change already described in the Changes view (ahead of the frame) when the answer
    // comes: described again, in ASCII.
    on_first_task(&mut app);
    app.update(Action::CycleStatus);
    app.update(Action::ShowChanges);
    assert!(screen(&mut app).contains("未标注 → "));
    app.update(Action::TerminalProbed {
        background: None,
        ambiguous_wide: Some(true),
    });
    assert!(app.theme.ascii);
    let shown = screen(&mut app);
    assert!(
        shown.contains("未标注 -> ") && !shown.contains('→'),
        "{shown}"
    );
    assert_eq!(app.strings.get("annotate.saving"), "保存中...");
    assert_eq!(
        app.strings
            .format("ui.meeting.closed", &[("title", &"调度会")]),
        "会议\"调度会\"已结束"
    );
    // A second answer changes nothing more.
    app.update(Action::TerminalProbed {
        background: None,
        ambiguous_wide: Some(true),
    });
    assert_eq!(app.strings.get("annotate.saving"), "保存中...");
}

/// One step is "1 step" in English, not "1 steps".
#[test]
fn the_changes_view_counts_one_step_in_the_singular() {
    let mut app = app_with(Lang::En, Keymap::default());
    on_first_task(&mut app);
    app.update(Action::CycleStatus);
    app.update(Action::ShowChanges);
    let shown = screen(&mut app);
    assert!(shown.contains("1 changed, 1 step "), "{shown}");
    assert!(!shown.contains("1 steps"), "{shown}");
    app.update(Action::ShowPlan);
    app.update(Action::CycleStatus);
    app.update(Action::ShowChanges);
    assert!(screen(&mut app).contains("1 changed, 2 steps"));
}
