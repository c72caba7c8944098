//! The forms' unit lists find units as they are typed (the meeting's attendees, a
//! decision's responsible units): the list narrows to what the find line may mean, the
//! best first; ticks are kept while it shows others and are named under it; Esc empties
//! the find line before it cancels the form; Tab still moves between the fields. Driven
//! through actions alone (no terminal, no disk, a fixed clock).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use planmeet::app::annotate::Dialog;
use planmeet::app::dialog::Form;
use planmeet::app::{Action, App, AppOptions, Effect, Keymap};
use planmeet::i18n::Lang;
use planmeet::model::meeting::{DecisionRecord, Event, MeetingEvent, MeetingLog};
use planmeet::store::status_sync::Pending;
use ratatui::crossterm::event::KeyCode;

use common::app::{FixedClock, app_read, drawn as screen, key, type_into as typed};

fn app_in(lang: Lang) -> App {
    let options = AppOptions {
        keymap: Keymap::default(),
        clock: FixedClock::at("2022-06-30T10:00:00+08:00"),
        review_date: jiff::civil::date(2022, 6, 30),
        author: "王芳".into(),
        ..AppOptions::new(lang)
    };
    app_read(options, MeetingLog::default())
}

/// The open form (meeting or decision).
fn form(app: &App) -> &Form {
    match &app.annotations.dialog {
        Some(
            Dialog::StartMeeting(form) | Dialog::Decision(form) | Dialog::EditDecision(_, form),
        ) => form,
        _ => panic!("a form is open"),
    }
}

/// The ids of the units the list shows, in its order.
fn shown(app: &App) -> Vec<String> {
    let owners = &app.loaded.plan.owners;
    form(app)
        .shown
        .iter()
        .map(|&at| owners[at].id.clone())
        .collect()
}

fn ticked(app: &App) -> Vec<String> {
    form(app).ticked(&app.loaded.plan.owners)
}

fn highlighted(app: &App) -> String {
    app.loaded.plan.owners[form(app).unit_cursor].id.clone()
}

/// The meeting form with its attendee list in focus (Shift-Tab from the title wraps to it).
fn meeting_form_on_list(lang: Lang) -> App {
    let mut app = app_in(lang);
    app.update(Action::StartMeeting);
    app.update(key(KeyCode::BackTab));
    assert!(form(&app).list_focused());
    app
}

#[test]
fn typing_in_the_unit_list_narrows_it_best_first() {
    let mut app = meeting_form_on_list(Lang::Zh);
    let all = app.loaded.plan.owners.len();
    assert_eq!(shown(&app).len(), all);
    // Characters typed (an input method sends them one by one) go to the find line, not
    // to the title.
    typed(&mut app, "科技");
    assert_eq!(form(&app).find_text(), "科技");
    assert_eq!(form(&app).text(0), "2022-06-30 调度会");
    let list = shown(&app);
    assert!(list.contains(&"kjj".to_owned()) && list.contains(&"kjlx".to_owned()));
    assert!(!list.contains(&"czj".to_owned()), "{list:?}");
    assert!(list.len() < all);
    assert_eq!(highlighted(&app), list[0]);
    // The same ranking as the filter's unit field and the command line: initials name
    // 市科技局 exactly, so it comes first.
    for _ in 0..2 {
        app.update(key(KeyCode::Backspace));
    }
    assert_eq!(
        shown(&app).len(),
        all,
        "an emptied find line shows every unit"
    );
    typed(&mut app, "kjj");
    assert_eq!(shown(&app)[0], "kjj");
    assert_eq!(highlighted(&app), "kjj");
    // An alias, pinyin of the name, and a part of the English name.
    for (text, unit) in [
        ("发改委", "fgw"),
        ("shicaizhengju", "czj"),
        ("Finance", "czj"),
    ] {
        app.update(key(KeyCode::Esc));
        typed(&mut app, text);
        assert_eq!(shown(&app).first(), Some(&unit.to_owned()), "{text}");
    }
    // Nothing matches: the list says so, and Space ticks nothing.
    app.update(key(KeyCode::Esc));
    typed(&mut app, "zzzz");
    assert!(shown(&app).is_empty());
    app.update(key(KeyCode::Char(' ')));
    assert!(ticked(&app).is_empty());
    assert!(screen(&mut app, 120, 40).contains("没有相符的单位"));
}

#[test]
fn ticks_are_kept_while_the_list_is_narrowed_and_named_under_it() {
    let mut app = meeting_form_on_list(Lang::Zh);
    typed(&mut app, "kjj");
    app.update(key(KeyCode::Char(' ')));
    assert_eq!(ticked(&app), ["kjj"]);
    // Another name: 市科技局 is not in the list now, and stays ticked.
    app.update(key(KeyCode::Esc));
    typed(&mut app, "发改委");
    assert!(!shown(&app).contains(&"kjj".to_owned()));
    // Enter on what was found ticks it and empties the find line for the next name.
    app.update(key(KeyCode::Enter));
    assert!(
        app.annotations.dialog.is_some(),
        "Enter on a found unit ticks it"
    );
    assert_eq!(form(&app).find_text(), "");
    assert_eq!(ticked(&app), ["kjj", "fgw"]);
    let at_120 = screen(&mut app, 120, 40);
    assert!(at_120.contains("已选：市科技局、市发展改革委"), "{at_120}");
    assert!(at_120.contains("(2)"), "{at_120}");
    // Space on a ticked unit found again unticks it.
    typed(&mut app, "科技局");
    assert_eq!(highlighted(&app), "kjj");
    app.update(key(KeyCode::Char(' ')));
    assert_eq!(ticked(&app), ["fgw"]);
    app.update(key(KeyCode::Char(' ')));
    // Moving in the narrowed list stays in it.
    app.update(key(KeyCode::Esc));
    typed(&mut app, "科技");
    let list = shown(&app);
    app.update(key(KeyCode::Down));
    assert_eq!(highlighted(&app), list[1]);
    for _ in 0..list.len() + 3 {
        app.update(key(KeyCode::Down));
    }
    assert_eq!(&highlighted(&app), list.last().unwrap());
    // With the find line empty, Enter starts the meeting with the units ticked.
    app.update(key(KeyCode::Esc));
    let effects = app.update(key(KeyCode::Enter));
    assert!(app.annotations.dialog.is_none(), "{:?}", app.notice);
    let meeting = app.annotations.meetings.current().expect("open");
    assert_eq!(meeting.attendees, ["kjj", "fgw"]);
    let opened = effects.iter().any(|e| {
        matches!(e, Effect::Persist(p) if matches!(&**p,
            Pending::Event(Event::Meeting(m)) if matches!(&m.event,
                MeetingEvent::Open { attendees, .. } if attendees == &["kjj", "fgw"])))
    });
    assert!(opened, "the meeting with its attendees goes to the file");
}

#[test]
fn esc_empties_the_find_line_first_then_cancels() {
    let mut app = meeting_form_on_list(Lang::Zh);
    typed(&mut app, "kjj");
    app.update(key(KeyCode::Char(' ')));
    app.update(key(KeyCode::Esc));
    assert!(app.annotations.dialog.is_some(), "the first Esc empties");
    assert_eq!(form(&app).find_text(), "");
    assert_eq!(shown(&app).len(), app.loaded.plan.owners.len());
    assert_eq!(ticked(&app), ["kjj"], "ticks stay");
    assert_eq!(
        highlighted(&app),
        "kjj",
        "the highlight stays on the unit found"
    );
    app.update(key(KeyCode::Esc));
    assert!(app.annotations.dialog.is_none(), "the second Esc cancels");
    assert!(app.annotations.meetings.current().is_none());
}

#[test]
fn tab_moves_between_the_fields_and_a_paste_goes_to_the_find_line() {
    let mut app = meeting_form_on_list(Lang::Zh);
    typed(&mut app, "kj");
    // Tab leaves the list for the title: typed text is the title's again.
    app.update(key(KeyCode::Tab));
    assert_eq!(form(&app).focus, 0);
    typed(&mut app, "科技调度会");
    assert_eq!(form(&app).text(0), "科技调度会");
    assert_eq!(form(&app).find_text(), "kj");
    // Shift-Tab back to the list: the find line as it was; Backspace edits it.
    app.update(key(KeyCode::BackTab));
    app.update(key(KeyCode::Backspace));
    assert_eq!(form(&app).find_text(), "k");
    app.update(key(KeyCode::Esc));
    // A paste on the list goes whole into the find line (its spaces too: Space typed
    // there ticks), on one line.
    app.update(Action::Paste("Science and\nTechnology".into()));
    assert_eq!(form(&app).find_text(), "Science and Technology");
    assert!(ticked(&app).is_empty());
    assert_eq!(shown(&app)[0], "kjj");
}

#[test]
fn the_decision_form_finds_its_responsible_units_too() {
    let mut app = app_in(Lang::En);
    app.update(Action::Decide);
    // Text, due date, items, then the units.
    typed(&mut app, "Talent flats by July");
    for _ in 0..3 {
        app.update(key(KeyCode::Tab));
    }
    assert!(form(&app).list_focused());
    let before = ticked(&app);
    typed(&mut app, "kjj");
    assert_eq!(shown(&app)[0], "kjj");
    app.update(key(KeyCode::Enter));
    let mut expected = before.clone();
    expected.push("kjj".into());
    let registry = |ids: &mut Vec<String>| {
        let owners = &app.loaded.plan.owners;
        ids.sort_by_key(|id| owners.iter().position(|o| &o.id == id));
        ids.dedup();
    };
    registry(&mut expected);
    assert_eq!(ticked(&app), expected);
    let shown_en = screen(&mut app, 120, 40);
    assert!(shown_en.contains("Ticked: "), "{shown_en}");
    assert!(
        shown_en.contains("Bureau of Science and Technology"),
        "{shown_en}"
    );
    let effects = app.update(key(KeyCode::Enter));
    assert!(app.annotations.dialog.is_none(), "{:?}", app.notice);
    let records: Vec<DecisionRecord> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Persist(p) => match &**p {
                Pending::Event(Event::Decision(d)) => Some(d.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(records[0].units.as_deref(), Some(&expected[..]));
}

/// The meeting form at 80x24 with 科技 typed and 市科技局 ticked, in both languages, in
/// colour and in ASCII: the find line, the narrowed list and the ticked line fit.
#[test]
fn the_form_with_a_find_line_at_80x24() {
    for (lang, code) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let mut app = meeting_form_on_list(lang);
        typed(&mut app, "科技");
        app.update(key(KeyCode::Char(' ')));
        let shown = screen(&mut app, 80, 24);
        insta::assert_snapshot!(format!("unit_picker_{code}_80x24"), shown);
        let ticked_line = match lang {
            Lang::Zh => "已选：市科技局",
            Lang::En => "Ticked: Bureau of Science and Technology",
        };
        assert!(shown.contains(ticked_line), "{shown}");
        let mut ascii = app_read(
            AppOptions {
                theme: planmeet::ui::theme::Theme::new(planmeet::ui::theme::ColorLevel::None, true),
                author: "王芳".into(),
                clock: FixedClock::at("2022-06-30T10:00:00+08:00"),
                ..AppOptions::new(lang)
            },
            MeetingLog::default(),
        );
        ascii.update(Action::StartMeeting);
        ascii.update(key(KeyCode::BackTab));
        typed(&mut ascii, "科技");
        ascii.update(key(KeyCode::Char(' ')));
        let drawn = screen(&mut ascii, 80, 24);
        assert!(drawn.contains("[x]"), "{drawn}");
        for c in drawn.chars() {
            assert!(
                c.is_ascii() || !crate_ascii_mark(c),
                "{c:?} in ASCII:\n{drawn}"
            );
        }
    }
}

/// A mark of the interface's own that `--ascii` must not draw.
fn crate_ascii_mark(c: char) -> bool {
    [
        '↓', '←', '→', '↑', '…', '—', '·', '▶', '━', '┃', '●', '☐', '☑',
    ]
    .contains(&c)
}
