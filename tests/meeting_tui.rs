//! A whole meeting driven through the app's actions, with its real status-file worker:
//! start, agenda, status changes, a decision, items discussed, close — then what the
//! file holds, what the views show, and what a colleague's copy of the app sees.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::path::Path;

use planmeet::app::{App, View};
use planmeet::i18n::Lang;
use planmeet::keymap::Action;
use planmeet::model::annotation::Status;
use planmeet::model::meeting::DecisionStatus;
use planmeet::runtime::Driver;
use planmeet::store::status_file::StatusStore;
use ratatui::crossterm::event::KeyCode;

mod common;

use common::app::{PLAN, key, location, settle};

fn app_on(path: &Path, author: &str) -> Driver {
    common::app::app_on(path, Lang::Zh, author)
}

fn typed(app: &mut Driver, text: &str) {
    common::app::run(app, &common::app::typed(text));
}

fn screen(app: &App) -> String {
    common::app::screen(app, 120, 40)
}

fn subject(app: &App) -> String {
    app.subject().expect("an item is selected").item
}

#[test]
fn a_whole_meeting_through_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("meeting.status.ron");
    let mut app = app_on(&path, "王芳");

    // A change before the meeting: not part of it.
    app.update(Action::MoveDown);
    app.update(Action::Open);
    assert_eq!(subject(&app), "p1.t1");
    app.update(Action::CycleStatus);

    // m: the meeting, with 市科技局 attending (the third unit of the registry).
    app.update(Action::StartMeeting);
    assert!(screen(&app).contains("开始会议"));
    for _ in 0..7 {
        app.update(key(KeyCode::BackTab));
    }
    for _ in 0..20 {
        app.update(key(KeyCode::Backspace));
    }
    typed(&mut app, "十一月科技工作调度会");
    // Past the date, time, place, chair and recorder to the attendees.
    for _ in 0..6 {
        app.update(key(KeyCode::Tab));
    }
    for _ in 0..2 {
        app.update(key(KeyCode::Down));
    }
    app.update(key(KeyCode::Char(' ')));
    app.update(key(KeyCode::Enter));
    assert!(app.annotations.dialog.is_none(), "{:?}", app.notice);
    let meeting = app.annotations.meetings.current().expect("open").clone();
    assert_eq!(meeting.title, "十一月科技工作调度会");
    assert_eq!(meeting.attendees, ["kjj"]);
    assert!(screen(&app).contains("会议中：十一月科技工作调度会"));

    // t 2: the agenda of the attending unit's items; walk, annotate, mark discussed.
    app.update(Action::Agenda);
    app.update(key(KeyCode::Char('2')));
    let agenda = app.agenda.clone().expect("agenda under way");
    assert!(agenda.entries.len() > 5);
    let first = subject(&app);
    assert_eq!(first, app.index().entries[agenda.entries[0]].id);
    run_status(&mut app, Status::AtRisk);
    app.update(Action::MarkDiscussed);
    let second = subject(&app);
    assert_ne!(second, first, "marking discussed moves the agenda on");
    app.update(Action::CycleStatus);
    app.update(Action::MarkDiscussed);
    app.update(Action::AgendaPrev);
    assert_eq!(subject(&app), second);
    let shown = screen(&app);
    assert!(shown.contains("已讨论 2"), "{shown}");

    // d: a decision for the item, due at the month's end (the end of the month after
    // today's: the meeting runs on the real clock, and a due date already past would show
    // the decision as overdue).
    let today = planmeet::model::clock::Clock::today(&planmeet::store::clock::SystemClock);
    let due = today
        .first_of_month()
        .checked_add(jiff::Span::new().months(2))
        .unwrap()
        .yesterday()
        .unwrap()
        .to_string();
    app.update(Action::Decide);
    typed(&mut app, "月底前完成人才公寓交付");
    app.update(key(KeyCode::Tab));
    typed(&mut app, &due);
    app.update(key(KeyCode::Enter));
    assert!(app.annotations.dialog.is_none(), "{:?}", app.notice);

    // M: close.
    app.update(Action::CloseMeeting);
    app.update(key(KeyCode::Char('y')));
    assert!(app.annotations.meetings.current().is_none());
    settle(&mut app, |app| app.annotations.unsaved.is_empty());

    // The file: the meeting, its changes carrying its id, the decision.
    let store = StatusStore::open(location(&path), PLAN).unwrap();
    let meetings = store.meetings();
    let held = meetings.meeting(&meeting.id).unwrap();
    assert!(!held.is_open());
    let discussed: Vec<&str> = held.discussed.iter().map(|(i, _)| i.as_str()).collect();
    assert_eq!(discussed, [first.as_str(), second.as_str()]);
    let in_meeting: Vec<&str> = store
        .log()
        .records()
        .iter()
        .filter(|r| r.meeting.as_deref() == Some(meeting.id.as_str()))
        .map(|r| r.item.as_str())
        .collect();
    assert_eq!(in_meeting.len(), 2, "{in_meeting:?}");
    assert!(in_meeting.contains(&first.as_str()) && in_meeting.contains(&second.as_str()));
    let before = &store.log().records()[0];
    assert_eq!(
        before.meeting, None,
        "the change before the meeting is not part of it"
    );
    let decision = &meetings.decisions()[0];
    assert_eq!(decision.text, "月底前完成人才公寓交付");
    assert_eq!(decision.due.map(|d| d.to_string()), Some(due.clone()));
    assert_eq!(decision.meeting.as_deref(), Some(meeting.id.as_str()));
    assert_eq!(decision.items, std::slice::from_ref(&second));

    // The minutes of the meeting, as `planmeet export minutes` writes them.
    let strings = planmeet::i18n::Strings::new(Lang::Zh);
    let minutes = planmeet::export::minutes::build(
        &app.loaded.plan,
        &app.loaded.index,
        store.log().records(),
        meetings,
        held,
        &strings,
    );
    let md = String::from_utf8(planmeet::export::minutes::render(
        &minutes,
        planmeet::export::minutes::MinutesFormat::Md,
        &strings,
    ))
    .unwrap();
    assert!(md.contains("十一月科技工作调度会"), "{md}");
    assert!(md.contains("市科技局"), "the attendee:\n{md}");
    for item in [&first, &second] {
        assert!(md.contains(item.as_str()), "{item} discussed:\n{md}");
    }
    assert!(md.contains("存在风险"), "the status change:\n{md}");
    assert!(md.contains("月底前完成人才公寓交付"), "the decision:\n{md}");
    assert!(md.contains(&due), "its due date {due}:\n{md}");

    // The decisions view, and s moves a decision on.
    app.update(Action::ShowDecisions);
    assert_eq!(app.view, View::Decisions);
    let shown = screen(&app);
    assert!(shown.contains("月底前完成人才公寓交付"), "{shown}");
    assert!(shown.contains("办理中"), "{shown}");
    app.update(Action::CycleStatus);
    assert_eq!(
        app.annotations.meetings.decisions()[0].status,
        DecisionStatus::Done
    );

    // The changes view: everything since the last meeting (this one, now closed).
    app.update(Action::ShowChanges);
    let shown = screen(&app);
    assert!(shown.contains("十一月科技工作调度会"), "{shown}");
    assert!(shown.contains("存在风险"), "{shown}");
    assert!(shown.contains("按工程"), "{shown}");
    // Tab: the same changes by responsible unit.
    app.update(Action::FocusNext);
    let shown = screen(&app);
    assert!(shown.contains("按单位"), "{shown}");
    assert!(
        shown.contains("市财政局"),
        "the lead unit of o.g1:\n{shown}"
    );

    // f, then ← / → on "changed since": the meeting's date, and only what changed since.
    app.update(Action::ShowPlan);
    app.update(Action::Filter);
    for _ in 0..4 {
        app.update(key(KeyCode::Down));
    }
    app.update(key(KeyCode::Right));
    let shown = screen(&app);
    assert!(shown.contains("自会议“十一月科技工作调度会”"), "{shown}");
    app.update(key(KeyCode::Enter));
    let filter = app.filter.clone().expect("a filter");
    assert_eq!(filter.changed_since, Some(meeting.date));
    let (shown_items, all_items) = app.filter_counts();
    assert!(
        shown_items >= 2 && shown_items < all_items,
        "{shown_items}/{all_items}"
    );
    app.update(Action::ClearFilter);

    // A colleague opening the file sees the meeting closed and the decision done.
    settle(&mut app, |app| app.annotations.unsaved.is_empty());
    let colleague = app_on(&path, "李雷");
    assert!(colleague.annotations.meetings.current().is_none());
    assert_eq!(
        colleague.annotations.meetings.decisions()[0].status,
        DecisionStatus::Done
    );
}

/// Picks `status` for the selected item with the picker.
fn run_status(app: &mut Driver, status: Status) {
    app.update(Action::PickStatus);
    let row = Status::ALL.iter().position(|&s| s == status).unwrap();
    app.update(key(KeyCode::Char(char::from(b'1' + row as u8))));
}

#[test]
fn meeting_keys_explain_themselves_when_they_cannot_act() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir.path().join("x.status.ron"), "王芳");
    app.update(Action::CloseMeeting);
    assert!(app.notice.as_deref().unwrap().contains("没有进行中的会议"));
    app.update(Action::AgendaNext);
    assert!(app.notice.as_deref().unwrap().contains("尚未开始议程"));
    app.update(Action::MarkDiscussed);
    assert!(app.notice.as_deref().unwrap().contains("没有进行中的会议"));
    // A meeting without a title is refused with a message.
    app.update(Action::StartMeeting);
    for _ in 0..7 {
        app.update(key(KeyCode::BackTab));
    }
    for _ in 0..40 {
        app.update(key(KeyCode::Backspace));
    }
    app.update(key(KeyCode::Enter));
    assert!(app.annotations.dialog.is_some());
    assert!(screen(&app).contains("请填写会议名称"));
}
