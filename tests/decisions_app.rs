//! Meeting work in the browser, driven through actions alone (no terminal, no disk, a
//! fixed clock): a decision opened from the decisions view and edited there, the list's
//! empty message under a filter, the meeting form's chair, recorder, place and time, and
//! quitting with a meeting open.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use planmeet::app::annotate::Dialog;
use planmeet::app::{Action, App, AppOptions, Effect, Keymap};
use planmeet::i18n::Lang;
use planmeet::model::annotation::Stamp;
use planmeet::model::meeting::{
    DecisionRecord, DecisionStatus, Event, MeetingDetails, MeetingEvent, MeetingLog, MeetingRecord,
};
use planmeet::store::status_sync::Pending;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use common::app::{FixedClock, app_read, drawn as screen, key, type_into as typed};

fn stamp(text: &str) -> Stamp {
    Stamp::parse(text).unwrap()
}

/// A meeting of 2022-06-29 (open or closed) and, made in it, a decision for 市科技局 about
/// sub-task p1.t1, due 2022-07-15.
fn meeting_with_a_decision(closed: bool) -> MeetingLog {
    let mut events = vec![
        Event::Meeting(MeetingRecord {
            at: stamp("2022-06-29T09:00:00+08:00"),
            author: "王芳".into(),
            meeting: "m1".into(),
            event: MeetingEvent::Open {
                title: "六月科技工作调度会".into(),
                date: jiff::civil::date(2022, 6, 29),
                attendees: vec!["kjj".into()],
                details: MeetingDetails::default(),
            },
            id: "e1".into(),
        }),
        Event::Decision(DecisionRecord {
            at: stamp("2022-06-29T09:30:00+08:00"),
            author: "王芳".into(),
            decision: "d1".into(),
            meeting: Some("m1".into()),
            text: Some("人才公寓月底前交付使用".into()),
            units: Some(vec!["kjj".into()]),
            due: Some(jiff::civil::date(2022, 7, 15)),
            clear_due: false,
            status: Some(DecisionStatus::Open),
            items: Some(vec!["p1.t1".into()]),
            id: "e2".into(),
        }),
    ];
    if closed {
        events.push(Event::Meeting(MeetingRecord {
            at: stamp("2022-06-29T11:00:00+08:00"),
            author: "王芳".into(),
            meeting: "m1".into(),
            event: MeetingEvent::Close,
            id: "e3".into(),
        }));
    }
    MeetingLog::from_events(events)
}

fn app_with(lang: Lang, meetings: MeetingLog) -> App {
    let options = AppOptions {
        keymap: Keymap::default(),
        clock: FixedClock::at("2022-06-30T10:00:00+08:00"),
        review_date: jiff::civil::date(2022, 6, 30),
        ..AppOptions::new(lang)
    };
    app_read(options, meetings)
}

/// The decision records among the effects.
fn decision_records(effects: &[Effect]) -> Vec<DecisionRecord> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Persist(p) => match &**p {
                Pending::Event(Event::Decision(d)) => Some(d.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn meeting_events(effects: &[Effect]) -> Vec<MeetingRecord> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Persist(p) => match &**p {
                Pending::Event(Event::Meeting(m)) => Some(m.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Empties the focused one-line field of the open form.
fn clear_field(app: &mut App) {
    for _ in 0..40 {
        app.update(key(KeyCode::Backspace));
    }
}

#[test]
fn the_list_has_column_headers_and_enter_opens_a_decision() {
    let mut app = app_with(Lang::Zh, meeting_with_a_decision(true));
    app.update(Action::ShowDecisions);
    let list = screen(&mut app, 120, 40);
    let header = list.lines().nth(2).unwrap();
    for heading in ["议定事项", "责任单位", "完成时限", "状态"] {
        assert!(header.contains(heading), "{header}");
    }
    assert!(!app.decisions_view.open);
    app.update(Action::Open);
    assert!(app.decisions_view.open);
    let shown = screen(&mut app, 120, 40);
    // Beside the list: text, units by name, due date, item by the document's numbering
    // and title, the meeting, the history.
    for part in [
        "人才公寓月底前交付使用",
        "市科技局",
        "2022-07-15",
        "一.1 建设高水平创新平台",
        "2022-06-29 六月科技工作调度会",
        "变更记录",
        "2022-06-29 09:30 王芳: 记录",
    ] {
        assert!(shown.contains(part), "{part}\n{shown}");
    }
    assert!(
        shown.contains("e 修改"),
        "the keys come from the keymap\n{shown}"
    );
    // At 80x24 the decision takes the list's place; Esc goes back to the list.
    let narrow = screen(&mut app, 80, 24);
    assert!(narrow.contains("一.1 建设高水平创新平台"), "{narrow}");
    assert!(!narrow.contains("完成时限   状态"), "{narrow}");
    app.update(Action::Back);
    assert!(!app.decisions_view.open);
    let back = screen(&mut app, 80, 24);
    assert!(!back.contains("变更记录"), "{back}");
}

#[test]
fn the_due_date_is_edited_in_the_decision_form_and_u_takes_it_back() {
    let mut app = app_with(Lang::Zh, meeting_with_a_decision(true));
    app.update(Action::ShowDecisions);
    app.update(Action::Open);
    assert!(app.update(Action::EditDecision).is_empty());
    // The same form that records a decision, filled with this one.
    let Some(Dialog::EditDecision(id, form)) = &app.annotations.dialog else {
        panic!("the edit form is open");
    };
    assert_eq!(id, "d1");
    assert_eq!(form.text(0), "人才公寓月底前交付使用");
    assert_eq!(form.text(1), "2022-07-15");
    assert_eq!(form.text(2), "一.1");
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("修改议定事项"), "{shown}");
    app.update(key(KeyCode::Tab));
    clear_field(&mut app);
    typed(&mut app, "2022年8月1日");
    let effects = app.update(key(KeyCode::Enter));
    assert!(app.annotations.dialog.is_none(), "{:?}", app.notice);
    // Only the due date is recorded: a decision record like `decision set --due`.
    let records = decision_records(&effects);
    assert_eq!(records.len(), 1, "{effects:?}");
    let record = &records[0];
    assert_eq!(record.decision, "d1");
    assert_eq!(record.due, Some(jiff::civil::date(2022, 8, 1)));
    assert!(record.text.is_none() && record.units.is_none() && record.items.is_none());
    assert!(record.status.is_none() && !record.clear_due);
    let decision = app.annotations.meetings.decision("d1").unwrap();
    assert_eq!(decision.due, Some(jiff::civil::date(2022, 8, 1)));
    assert_eq!(decision.text, "人才公寓月底前交付使用");
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("完成时限 → 2022-08-01"), "{shown}");
    // u in the decisions view takes the edit back; Ctrl-r makes it again.
    let effects = app.update(Action::Undo);
    assert_eq!(
        decision_records(&effects)[0].due,
        Some(jiff::civil::date(2022, 7, 15))
    );
    let due = |app: &App| app.annotations.meetings.decision("d1").unwrap().due;
    assert_eq!(due(&app), Some(jiff::civil::date(2022, 7, 15)));
    assert!(
        app.notice.as_deref().unwrap().contains("人才公寓"),
        "{:?}",
        app.notice
    );
    app.update(Action::Redo);
    assert_eq!(due(&app), Some(jiff::civil::date(2022, 8, 1)));
}

#[test]
fn text_units_and_items_are_edited_and_an_emptied_due_date_is_cleared() {
    let mut app = app_with(Lang::En, meeting_with_a_decision(true));
    app.update(Action::ShowDecisions);
    app.update(Action::EditDecision);
    clear_field(&mut app);
    typed(&mut app, "Flats handed over by July");
    app.update(key(KeyCode::Tab));
    clear_field(&mut app);
    app.update(key(KeyCode::Tab));
    clear_field(&mut app);
    // An item that is not there: the form says so and records nothing.
    typed(&mut app, "九.9");
    let effects = app.update(key(KeyCode::Enter));
    assert!(decision_records(&effects).is_empty());
    let Some(Dialog::EditDecision(_, form)) = &app.annotations.dialog else {
        panic!("the form stays open");
    };
    assert!(form.error.is_some());
    assert_eq!(form.focus, 2);
    clear_field(&mut app);
    typed(&mut app, "六.1、p1.t2");
    // The unit list: untick 市科技局, tick the first unit.
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Char(' ')));
    app.update(key(KeyCode::Home));
    for _ in 0..40 {
        app.update(key(KeyCode::Up));
    }
    app.update(key(KeyCode::Char(' ')));
    let effects = app.update(key(KeyCode::Enter));
    assert!(app.annotations.dialog.is_none(), "{:?}", app.notice);
    let record = &decision_records(&effects)[0];
    assert_eq!(record.text.as_deref(), Some("Flats handed over by July"));
    assert!(record.clear_due && record.due.is_none());
    assert_eq!(
        record.items.as_deref(),
        Some(&["p6.t1".to_owned(), "p1.t2".to_owned()][..])
    );
    let first_unit = app.loaded.plan.owners[0].id.clone();
    assert_eq!(
        record.units.as_deref(),
        Some(std::slice::from_ref(&first_unit))
    );
    let decision = app.annotations.meetings.decision("d1").unwrap();
    assert_eq!(decision.due, None);
    assert_eq!(decision.items, ["p6.t1", "p1.t2"]);
    // Saving the form unchanged records nothing.
    app.update(Action::EditDecision);
    let effects = app.update(key(KeyCode::Enter));
    assert!(decision_records(&effects).is_empty());
    assert_eq!(app.notice.as_deref(), Some("Nothing changed"));
}

#[test]
fn the_empty_list_says_what_the_filter_hides() {
    // Nothing overdue: the decision is due 2022-07-15, reviewed 2022-06-30.
    let mut app = app_with(Lang::Zh, meeting_with_a_decision(true));
    app.update(Action::ShowDecisions);
    app.update(Action::ToggleOverdue);
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("没有逾期的议定事项（O 显示全部）"),
        "{shown}"
    );
    app.update(Action::ToggleOverdue);
    app.filter = Some(planmeet::model::filter::Filter {
        unit: Some("czj".into()),
        ..Default::default()
    });
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("市财政局没有议定事项（F 清除筛选）"),
        "{shown}"
    );
    let mut app = app_with(Lang::En, MeetingLog::new());
    app.update(Action::ShowDecisions);
    app.update(Action::ToggleOverdue);
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("No overdue decisions (O shows them all)"),
        "{shown}"
    );
}

#[test]
fn the_meeting_form_records_chair_recorder_place_and_time() {
    let mut app = app_with(Lang::Zh, MeetingLog::new());
    app.update(Action::StartMeeting);
    let shown = screen(&mut app, 80, 24);
    for label in ["时间", "地点", "主持人", "记录人", "参会单位"] {
        assert!(shown.contains(label), "{label}\n{shown}");
    }
    for _ in 0..2 {
        app.update(key(KeyCode::Tab));
    }
    // A time that is none: the form says so, on that field.
    typed(&mut app, "25:00");
    let effects = app.update(key(KeyCode::Enter));
    assert!(meeting_events(&effects).is_empty());
    let Some(Dialog::StartMeeting(form)) = &app.annotations.dialog else {
        panic!("the form stays open");
    };
    assert_eq!(form.focus, 2);
    assert!(form.error.as_deref().unwrap().contains("25:00"));
    clear_field(&mut app);
    typed(&mut app, "9点30分");
    app.update(key(KeyCode::Tab));
    typed(&mut app, "市政府三楼会议室");
    app.update(key(KeyCode::Tab));
    typed(&mut app, "李明");
    app.update(key(KeyCode::Tab));
    typed(&mut app, "王芳");
    let effects = app.update(key(KeyCode::Enter));
    let opened = meeting_events(&effects);
    let MeetingEvent::Open { details, .. } = &opened[0].event else {
        panic!("{opened:?}");
    };
    assert_eq!(
        details,
        &MeetingDetails {
            chair: Some("李明".into()),
            recorder: Some("王芳".into()),
            place: Some("市政府三楼会议室".into()),
            time: Some(jiff::civil::time(9, 30, 0, 0)),
        }
    );
    let meeting = app.annotations.meetings.current().unwrap();
    assert_eq!(meeting.details.chair.as_deref(), Some("李明"));
}

#[test]
fn quitting_with_a_meeting_open_asks_whether_to_close_it() {
    // No meeting open: q quits at once.
    let mut app = app_with(Lang::Zh, meeting_with_a_decision(true));
    app.update(Action::Quit);
    assert!(!app.running);

    // Open: q asks; Esc stays.
    let mut app = app_with(Lang::Zh, meeting_with_a_decision(false));
    app.update(Action::Quit);
    assert!(app.running);
    assert!(matches!(app.annotations.dialog, Some(Dialog::QuitMeeting)));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("会议仍在进行"), "{shown}");
    // The hints are the keymap's keys.
    assert!(shown.contains("c 结束会议并退出"), "{shown}");
    assert!(shown.contains("Q 退出，会议保持进行"), "{shown}");
    app.update(key(KeyCode::Esc));
    assert!(app.running && app.annotations.dialog.is_none());

    // Close and quit: the close is recorded (the exit waits for the writer).
    app.update(Action::Quit);
    let effects = app.update(key(KeyCode::Char('c')));
    let closed = meeting_events(&effects);
    assert_eq!(closed.len(), 1, "{effects:?}");
    assert_eq!(closed[0].event, MeetingEvent::Close);
    assert!(!app.running);
    assert!(app.annotations.meetings.current().is_none());

    // Quit leaving it open: nothing recorded.
    let mut app = app_with(Lang::En, meeting_with_a_decision(false));
    app.update(Action::Quit);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("A meeting is open"), "{shown}");
    let effects = app.update(key(KeyCode::Char('Q')));
    assert!(meeting_events(&effects).is_empty());
    assert!(!app.running);
    assert!(app.annotations.meetings.current().is_some());

    // Ctrl-c at the question quits too, leaving it open.
    let mut app = app_with(Lang::Zh, meeting_with_a_decision(false));
    app.update(Action::Quit);
    let ctrl_c = Action::DialogKey(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    let effects = app.update(ctrl_c);
    assert!(meeting_events(&effects).is_empty());
    assert!(!app.running);
}

#[test]
fn a_meeting_line_written_before_the_details_existed_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.status.ron");
    std::fs::write(
        &path,
        "Meeting(at: \"2022-06-29T09:00:00+08:00\", author: \"王芳\", meeting: \"m1\", event: Open(title: \"调度会\", date: \"2022-06-29\", attendees: [\"kjj\"]), id: \"e1\")\n",
    )
    .unwrap();
    let store = planmeet::store::status_file::StatusStore::open(
        common::app::location(&path),
        common::app::PLAN,
    )
    .unwrap();
    let meeting = store.meetings().meeting("m1").unwrap();
    assert_eq!(meeting.title, "调度会");
    assert!(meeting.details.is_empty());
}
