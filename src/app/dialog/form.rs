//! A form with text fields and a list of units to tick: a meeting's title, date and
//! attendees; a decision's text, due date and responsible units.
//!
//! The unit list finds units as they are typed: while it has the focus, what is typed (a
//! name, the name without 市, an alias, the English name, pinyin or initials: what
//! [`crate::input::suggest_units`] reads) goes into the find line over the list, and the
//! list narrows to the units it may mean, the best first. Space ticks the highlighted
//! unit; Enter ticks it and empties the find line (with nothing typed, Enter submits the
//! form); Esc empties the find line before it cancels the form. Ticks are kept by registry
//! position, so a unit ticked stays ticked while the list shows others.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::field::{default_input, line_input, line_text, single_line_key};
use super::{DialogInput, Reaction};
use crate::app::Action;
use crate::model::{Owner, Plan};

pub struct Form {
    pub fields: Vec<TextArea<'static>>,
    /// Ticked units, by registry position.
    pub units: Vec<bool>,
    /// The focused row: a field, or `fields.len()` for the unit list.
    pub focus: usize,
    /// The highlighted unit in the list, by registry position.
    pub unit_cursor: usize,
    pub error: Option<String>,
    /// What is typed to find a unit in the list.
    pub find: TextArea<'static>,
    /// The units the list shows, by registry position: every unit in registry order while
    /// nothing is typed, else those the find line may mean, the best first.
    pub shown: Vec<usize>,
}

impl Form {
    pub fn new(fields: &[&str], units: usize) -> Form {
        Form {
            // Pre-filled fields (a meeting's title and date) are selected: typing replaces.
            fields: fields.iter().map(|f| default_input(f)).collect(),
            units: vec![false; units],
            focus: 0,
            unit_cursor: 0,
            error: None,
            find: line_input(""),
            shown: (0..units).collect(),
        }
    }

    /// Whether a text field (not the unit list) has the focus.
    pub fn text_focused(&self) -> bool {
        self.focus < self.fields.len()
    }

    /// Whether the unit list (and its find line) has the focus.
    pub fn list_focused(&self) -> bool {
        !self.text_focused()
    }

    /// The text of field `n`, on one line.
    pub fn text(&self, n: usize) -> String {
        self.fields.get(n).map(line_text).unwrap_or_default()
    }

    /// What the find line holds, trimmed.
    pub fn find_text(&self) -> String {
        line_text(&self.find)
    }

    pub fn handle(&mut self, input: &DialogInput, plan: &Plan) -> Reaction {
        self.error = None;
        let rows = self.fields.len() + 1;
        let on_units = self.list_focused();
        let finding = !self.find_text().is_empty();
        match input.action {
            // A first Esc empties the find line; the next one cancels.
            Some(Action::Cancel) if finding => self.set_find("", plan),
            Some(Action::Cancel) => return Reaction::Close,
            // Enter on what was found ticks it, for the next name to be typed.
            Some(Action::Confirm) if on_units && finding && input.key.code == KeyCode::Enter => {
                if self.shown.contains(&self.unit_cursor) {
                    self.toggle();
                }
                self.set_find("", plan);
            }
            Some(Action::Confirm) => return Reaction::Submit,
            Some(Action::NextField) => self.focus = (self.focus + 1) % rows,
            Some(Action::PrevField) => self.focus = (self.focus + rows - 1) % rows,
            Some(Action::MoveUp) if on_units => self.move_cursor(false),
            Some(Action::MoveDown) if on_units => self.move_cursor(true),
            Some(Action::Toggle) if on_units => {
                if self.shown.contains(&self.unit_cursor) {
                    self.toggle();
                }
            }
            _ if on_units => {
                if finds(input.key) {
                    let before = self.find_text();
                    single_line_key(&mut self.find, input.key);
                    if self.find_text() != before {
                        self.refind(plan);
                    }
                }
            }
            _ => {
                if let Some(field) = self.fields.get_mut(self.focus) {
                    single_line_key(field, input.key);
                }
            }
        }
        Reaction::Stay
    }

    /// Puts `text` in the find line and narrows the list to it.
    pub fn set_find(&mut self, text: &str, plan: &Plan) {
        self.find = line_input(text);
        self.refind(plan);
    }

    /// A paste into the find line, on one line and without control characters.
    pub fn paste_find(&mut self, text: &str, plan: &Plan) {
        for key in super::field::pasted_keys(text, false) {
            single_line_key(&mut self.find, key);
        }
        self.refind(plan);
    }

    /// The list for what the find line holds, the highlight on its best unit (on the one
    /// it was on when the find line is emptied).
    fn refind(&mut self, plan: &Plan) {
        let typed = self.find_text();
        if typed.is_empty() {
            self.shown = (0..self.units.len()).collect();
        } else {
            self.shown = crate::input::suggest_unit_positions(plan, &typed);
            self.shown.retain(|&at| at < self.units.len());
            if let Some(&best) = self.shown.first() {
                self.unit_cursor = best;
            }
        }
    }

    fn toggle(&mut self) {
        if let Some(on) = self.units.get_mut(self.unit_cursor) {
            *on = !*on;
        }
    }

    /// The highlight one row down or up the list as shown.
    fn move_cursor(&mut self, down: bool) {
        let Some(row) = self.shown.iter().position(|&at| at == self.unit_cursor) else {
            if let Some(&first) = self.shown.first() {
                self.unit_cursor = first;
            }
            return;
        };
        let row = if down {
            (row + 1).min(self.shown.len() - 1)
        } else {
            row.saturating_sub(1)
        };
        self.unit_cursor = self.shown[row];
    }

    /// The ids of the ticked units, in registry order.
    pub fn ticked(&self, owners: &[Owner]) -> Vec<String> {
        self.units
            .iter()
            .zip(owners)
            .filter(|(on, _)| **on)
            .map(|(_, o)| o.id.clone())
            .collect()
    }
}

/// Whether a key edits the find line: a character typed (an input method's too), or a key
/// that edits or moves in a line, without Ctrl or Alt.
fn finds(key: KeyEvent) -> bool {
    let plain = !key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    plain
        && matches!(
            key.code,
            KeyCode::Char(_)
                | KeyCode::Backspace
                | KeyCode::Delete
                | KeyCode::Left
                | KeyCode::Right
                | KeyCode::Home
                | KeyCode::End
        )
}
