//! Terminal events as actions, by the mode the app is in: the keymap's section for the
//! view, the presenter, the help or the search line; in a dialog the key itself, which the
//! dialog reads through its own section of the keymap (text fields take what is not bound).

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use crate::app::keymap::Mode;
use crate::app::{Action, App};

/// Turn one terminal event into the actions it means, given the app's mode.
pub fn actions_for(app: &App, event: Event) -> Vec<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_actions(app, key),
        Event::Paste(text) if app.annotations.dialog.is_some() || app.searching() => {
            vec![Action::Paste(text)]
        }
        Event::Mouse(mouse) if app.mouse => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => vec![Action::Click(mouse.column, mouse.row)],
            MouseEventKind::ScrollDown => vec![Action::ScrollWheel(true, mouse.column, mouse.row)],
            MouseEventKind::ScrollUp => vec![Action::ScrollWheel(false, mouse.column, mouse.row)],
            _ => Vec::new(),
        },
        Event::Resize(width, height) => vec![Action::Resize(width, height)],
        _ => Vec::new(),
    }
}

fn key_actions(app: &App, key: KeyEvent) -> Vec<Action> {
    if app.annotations.dialog.is_some() {
        return vec![Action::DialogKey(key)];
    }
    if app.searching() {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let action = match app.keymap.action_in(Mode::Search, &key) {
            Some(action) => action,
            None => match key.code {
                KeyCode::Char(c) if !ctrl => Action::SearchInput(c),
                _ => return Vec::new(),
            },
        };
        return vec![action];
    }
    // While an agenda is walked, its own keys first.
    let agenda = app
        .agenda
        .as_ref()
        .and_then(|_| app.keymap.action_in(Mode::Agenda, &key));
    agenda
        .or_else(|| app.keymap.action_in(app.mode(), &key))
        .into_iter()
        .collect()
}
