//! The detail pane's history and the lists' status badges, as they were written before they
//! were made cheaper (issue 15): each history line one `format!` after another, each badge
//! formatted and then fitted. The pane must show the same lines in the same styles, for a
//! long history with units' parts, undos, notes of several lines, changes since the last
//! meeting and a change not yet saved — in both languages, in Unicode and in ASCII, at
//! several widths.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use planmeet::app::{App, AppOptions, FrameLayout};
use planmeet::i18n::Lang;
use planmeet::keymap::Action;
use planmeet::model::annotation::{AnnotationLog, Record, Stamp, Status};
use planmeet::model::meeting::{Event, MeetingDetails, MeetingEvent, MeetingLog, MeetingRecord};
use planmeet::store::load_embedded;
use planmeet::store::status_sync::Reply;
use planmeet::synthetic::{History, status_records};
use planmeet::text::sanitize::{for_terminal, for_terminal_multiline};
use planmeet::text::width::{Align, display_width};
use planmeet::ui::theme::{ColorLevel, Theme};
use ratatui::style::Style;
use ratatui::text::Line;

/// One meeting, held in the middle of the synthetic history: later changes are "new".
fn one_meeting() -> MeetingLog {
    let at = |text: &str| Stamp::parse(text).unwrap();
    MeetingLog::from_events([
        Event::Meeting(MeetingRecord {
            at: at("2022-06-29T09:00:00+08:00"),
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
        Event::Meeting(MeetingRecord {
            at: at("2022-06-29T11:00:00+08:00"),
            author: "王芳".into(),
            meeting: "m1".into(),
            event: MeetingEvent::Close,
            id: "e2".into(),
        }),
    ])
}

/// The bundled plan with 6,000 synthetic records (units' parts, notes, undos), one meeting,
/// and one change made in the app and not saved yet.
fn app(lang: Lang, ascii: bool) -> App {
    let loaded = load_embedded().unwrap();
    let history = History {
        records: 6_000,
        ..History::LARGE
    };
    let mut records = status_records(&loaded.plan, &loaded.plan, history, 15);
    // Notes of several lines, long enough to wrap, on some records.
    for (n, record) in records.iter_mut().enumerate().filter(|(n, _)| n % 5 == 0) {
        record.note = Some(
            format!(
                "第{n}条：人才公寓尚未交付，需要市住建局协调用地和资金。\n第二行 second line, \
                 with words long enough to wrap at a narrow width"
            )
            .into(),
        );
    }
    let mut app = App::new(
        loaded,
        AppOptions {
            theme: Theme::new(ColorLevel::Basic, ascii),
            author: "王芳".into(),
            ..AppOptions::new(lang)
        },
    );
    app.update(Action::Resize(200, 50));
    app.follow_status_file("test.status.ron".into());
    app.update(Action::Store(Box::new(Reply::Loaded {
        log: Box::new(AnnotationLog::from_records(records)),
        meetings: Box::new(one_meeting()),
        problems: Vec::new(),
        refusal: None,
    })));
    app.finish_background_work();
    // A change made here and not yet saved: marked as such in the history.
    for action in [Action::MoveDown, Action::Open, Action::MoveDown] {
        app.update(action);
    }
    app.update(Action::CycleStatus);
    assert!(
        !app.annotations.unsaved.is_empty(),
        "a change waits to be saved"
    );
    app
}

/// The history lines as the pane wrote them before: a string per part, then wrapped.
fn history_as_before(app: &App, id: &str, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme;
    let history = app.annotations.log.history(id);
    let mut lines = Vec::new();
    let since_last = app.last_meeting().map(|m| m.opened_at);
    for record in history.into_iter().rev().take(50) {
        let mut who = for_terminal(&record.author).into_owned();
        if let Some(unit) = &record.owner {
            let dot = planmeet::ui::glyph::dot(app);
            who = format!(
                "{who}{dot}{}",
                for_terminal(planmeet::ui::names::unit(app, unit))
            );
        }
        let mut text = format!(
            "{} {who}: {}",
            record.at.local_minute(),
            app.describe(record)
        );
        if since_last.is_some_and(|at| record.at >= at) {
            text = format!("{} {text}", app.strings.get("history.new"));
        }
        if app.annotations.is_unsaved(&record.id) {
            text = format!("{text} [{}]", app.strings.get("annotate.unsaved_mark"));
        }
        let style = if app.annotations.log.is_active(&record.id) {
            Style::new()
        } else {
            theme.dim()
        };
        let text = for_terminal_multiline(&text).into_owned();
        for line in planmeet::text::wrap(&text, usize::from(width)) {
            lines.push(Line::styled(line, style));
        }
    }
    lines
}

fn records_of(app: &App, id: &str) -> Vec<Record> {
    app.annotations
        .log
        .history(id)
        .into_iter()
        .cloned()
        .collect()
}

#[test]
fn the_history_in_the_detail_is_as_it_was_written_before() {
    let mut checked = 0;
    let mut kinds = [false; 5];
    for lang in [Lang::Zh, Lang::En] {
        for ascii in [false, true] {
            let app = app(lang, ascii);
            let since_last = app.last_meeting().map(|m| m.opened_at).unwrap();
            for (entry, e) in app.index().entries.iter().enumerate() {
                let records = records_of(&app, &e.id);
                if records.is_empty() {
                    continue;
                }
                for width in [24u16, 57, 82] {
                    let mut out = FrameLayout::default();
                    let lines = planmeet::ui::detail::lines(&app, entry, width, &mut out);
                    let expected = history_as_before(&app, &e.id, width);
                    // The history is the run of lines after its heading.
                    let heading =
                        format!("{} ({})", app.strings.get("label.history"), records.len());
                    let at = lines
                        .iter()
                        .position(|l| l.to_string() == heading)
                        .unwrap_or_else(|| panic!("{}: no history heading", e.id));
                    let shown = &lines[at + 1..at + 1 + expected.len()];
                    assert_eq!(shown, expected.as_slice(), "{} at {width}", e.id);
                    checked += 1;
                }
                for r in records.iter().rev().take(50) {
                    kinds[0] |= r.owner.is_some();
                    kinds[1] |= r.undoes().is_some();
                    kinds[2] |= !app.annotations.log.is_active(&r.id);
                    kinds[3] |= r.at >= since_last;
                    kinds[4] |= app.annotations.is_unsaved(&r.id);
                }
            }
        }
    }
    assert!(checked > 400, "{checked} histories compared");
    assert_eq!(
        kinds, [true; 5],
        "units' parts, undos, undone, new since the meeting, unsaved"
    );
}

/// A badge: the symbol and the word, fitted to the column, as it was made before.
fn badge_as_before(app: &App, status: Option<Status>, width: usize) -> (String, Style) {
    let theme = planmeet::ui::theme_of(app);
    let Some(status) = status else {
        let none = planmeet::ui::glyph::own(app, app.strings.get("status.none_short"));
        return (
            planmeet::ui::glyph::frame_fit(&none, width, Align::Left).into_owned(),
            theme.dim(),
        );
    };
    let symbol = theme.status_symbol(status);
    let word = app.strings.get(status.short_key());
    let text = if display_width(symbol) + 1 + display_width(word) <= width {
        format!("{symbol} {word}")
    } else {
        symbol.to_owned()
    };
    (
        planmeet::ui::glyph::frame_fit(&text, width, Align::Left).into_owned(),
        theme.status(status),
    )
}

#[test]
fn badges_are_as_they_were_made_before() {
    for lang in [Lang::Zh, Lang::En] {
        for ascii in [false, true] {
            let app = App::new(
                load_embedded().unwrap(),
                AppOptions {
                    theme: Theme::new(ColorLevel::Basic, ascii),
                    ..AppOptions::new(lang)
                },
            );
            planmeet::ui::glyph::begin_frame(&app);
            let statuses = Status::ALL.iter().copied().map(Some).chain([None]);
            for status in statuses {
                for width in 0..24 {
                    assert_eq!(
                        planmeet::ui::badge::badge(&app, status, width),
                        badge_as_before(&app, status, width),
                        "{lang:?} ascii {ascii} {status:?} at {width}"
                    );
                }
            }
        }
    }
}
