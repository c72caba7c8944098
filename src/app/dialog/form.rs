//! A form with text fields and a list of units to tick: a meeting's title, date and
//! attendees; a decision's text, due date and responsible units.

use ratatui_textarea::TextArea;

use super::field::{default_input, line_text};
use super::{DialogInput, Reaction};
use crate::app::Action;
use crate::model::Owner;

pub struct Form {
    pub fields: Vec<TextArea<'static>>,
    /// Ticked units, by registry position.
    pub units: Vec<bool>,
    /// The focused row: a field, or `fields.len()` for the unit list.
    pub focus: usize,
    /// The highlighted unit in the list.
    pub unit_cursor: usize,
    pub error: Option<String>,
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
        }
    }

    /// Whether a text field (not the unit list) has the focus.
    pub fn text_focused(&self) -> bool {
        self.focus < self.fields.len()
    }

    /// The text of field `n`, on one line.
    pub fn text(&self, n: usize) -> String {
        self.fields.get(n).map(line_text).unwrap_or_default()
    }

    pub fn handle(&mut self, input: &DialogInput) -> Reaction {
        self.error = None;
        let rows = self.fields.len() + 1;
        let on_units = !self.text_focused();
        match input.action {
            Some(Action::Cancel) => return Reaction::Close,
            Some(Action::Confirm) => return Reaction::Submit,
            Some(Action::NextField) => self.focus = (self.focus + 1) % rows,
            Some(Action::PrevField) => self.focus = (self.focus + rows - 1) % rows,
            Some(Action::MoveUp) if on_units => {
                self.unit_cursor = self.unit_cursor.saturating_sub(1);
            }
            Some(Action::MoveDown) if on_units => {
                self.unit_cursor = (self.unit_cursor + 1).min(self.units.len().saturating_sub(1));
            }
            Some(Action::Toggle) if on_units => {
                if let Some(on) = self.units.get_mut(self.unit_cursor) {
                    *on = !*on;
                }
            }
            _ => {
                if let Some(field) = self.fields.get_mut(self.focus) {
                    super::field::single_line_key(field, input.key);
                }
            }
        }
        Reaction::Stay
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
