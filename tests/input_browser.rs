//! The browser half of the table of typed forms (`tests/common/input_forms.rs`): every date,
//! as-of date, actual value, progress and unit the command line accepts, the browser's
//! dialogs accept as the same value, and what it refuses they refuse with the same words.
//! (Statuses are picked from a list and items selected in the browser, not typed.)
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

#[path = "common/input_forms.rs"]
mod input_forms;

use input_forms::{Expect, FORMS, Kind};
use planmeet::app::annotate::Dialog;
use planmeet::app::{Action, App, AppOptions};
use planmeet::i18n::Lang;
use planmeet::model::Node;
use planmeet::store::load_embedded;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app(lang: Lang) -> App {
    let mut app = App::new(load_embedded().unwrap(), AppOptions::new(lang));
    app.update(Action::Resize(120, 40));
    app
}

fn press(app: &mut App, code: KeyCode) {
    app.update(Action::DialogKey(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Empties the focused one-line field.
fn clear_field(app: &mut App) {
    for _ in 0..40 {
        press(app, KeyCode::Backspace);
    }
}

/// The open dialog's error, if it shows one.
fn dialog_error(app: &App) -> Option<String> {
    match app.annotations.dialog.as_ref()? {
        Dialog::Progress(_, prompt) => prompt.error.clone(),
        Dialog::Actual(form) => form.error.clone(),
        Dialog::StartMeeting(form) => form.error.clone(),
        Dialog::Filter(draft) => draft.error.clone(),
        _ => None,
    }
}

/// The first target counted in `unit`, selected in the plan view.
fn select_target(app: &mut App, unit: &str) -> String {
    let entry = (0..app.index().entries.len())
        .find(|&e| matches!(app.node(e), Some(Node::Target(t)) if t.unit == unit))
        .unwrap_or_else(|| panic!("no target counted in {unit}"));
    app.select_entry(entry);
    app.index().entries[entry].id.clone()
}

/// Types `input` where the browser takes a form of `kind`; the value recorded, or the
/// dialog's error.
fn through_the_browser(lang: Lang, kind: Kind, input: &str) -> Result<String, String> {
    let mut app = app(lang);
    let result = |app: &App| dialog_error(app).ok_or_else(|| "no error shown".to_owned());
    match kind {
        Kind::Progress => {
            app.select_entry(3);
            let item = app.subject().unwrap().item;
            app.update(Action::SetProgress);
            type_text(&mut app, input);
            press(&mut app, KeyCode::Enter);
            if app.annotations.dialog.is_some() {
                return Err(result(&app)?);
            }
            let annotation = app.annotations.log.annotation(&item, None).unwrap();
            Ok(annotation.progress.as_ref().unwrap().value.to_string())
        }
        Kind::Actual { .. } | Kind::AsOf => {
            let (unit, value, date) = match kind {
                Kind::Actual { .. } => (unit_of(kind), input, "2022-06-30"),
                _ => ("家", "750", input),
            };
            let item = select_target(&mut app, unit);
            app.update(Action::RecordActual);
            type_text(&mut app, value);
            press(&mut app, KeyCode::Tab);
            clear_field(&mut app);
            type_text(&mut app, date);
            press(&mut app, KeyCode::Enter);
            if app.annotations.dialog.is_some() {
                return Err(result(&app)?);
            }
            let annotation = app.annotations.log.annotation(&item, None).unwrap();
            let actual = annotation.actuals.last().unwrap();
            Ok(match kind {
                Kind::AsOf => actual.as_of.to_string(),
                _ => planmeet::model::validate::format_figure(actual.value),
            })
        }
        Kind::Date => {
            app.update(Action::StartMeeting);
            press(&mut app, KeyCode::Tab);
            clear_field(&mut app);
            type_text(&mut app, input);
            press(&mut app, KeyCode::Enter);
            if app.annotations.dialog.is_some() {
                return Err(result(&app)?);
            }
            let meeting = app.annotations.meetings.current().unwrap();
            Ok(meeting.date.to_string())
        }
        Kind::Unit => {
            app.update(Action::Filter);
            press(&mut app, KeyCode::Down);
            press(&mut app, KeyCode::Down);
            clear_field(&mut app);
            type_text(&mut app, input);
            press(&mut app, KeyCode::Enter);
            if app.annotations.dialog.is_some() {
                return Err(result(&app)?);
            }
            Ok(app.filter.as_ref().and_then(|f| f.unit.clone()).unwrap())
        }
        _ => unreachable!("not typed in the browser"),
    }
}

fn unit_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Actual { unit } => unit,
        _ => "",
    }
}

fn typed_in_the_browser(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Progress | Kind::Actual { .. } | Kind::AsOf | Kind::Date | Kind::Unit
    )
}

#[test]
fn every_form_reads_in_the_browser_as_on_the_command_line() {
    let mut checked = 0;
    for form in FORMS.iter().filter(|f| typed_in_the_browser(f.kind)) {
        for lang in [Lang::Zh, Lang::En] {
            let got = through_the_browser(lang, form.kind, form.input);
            match form.expect {
                Expect::Accepted(value) => {
                    assert_eq!(
                        got.as_deref(),
                        Ok(value),
                        "{:?} {:?}",
                        form.kind,
                        form.input
                    );
                }
                Expect::Refused { en, zh } => {
                    let words = if lang == Lang::Zh { zh } else { en };
                    let message = got
                        .err()
                        .unwrap_or_else(|| panic!("{:?} {:?} was accepted", form.kind, form.input));
                    assert!(
                        message.contains(words),
                        "{:?} {:?}: {message:?} lacks {words:?}",
                        form.kind,
                        form.input
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 60, "only {checked} forms checked");
}
