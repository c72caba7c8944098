//! The filter being edited, as the dialog shows it.

use ratatui_textarea::TextArea;

use super::field::line_input;
use crate::model::filter::Filter;

/// The filter dialog's rows.
pub const FILTER_ROWS: usize = 6;

/// The filter being edited, as the dialog shows it.
pub struct FilterDraft {
    pub filter: Filter,
    pub row: usize,
    pub unit: TextArea<'static>,
    pub since: TextArea<'static>,
    pub name: TextArea<'static>,
    pub error: Option<String>,
    /// Which saved filter was loaded last (PgUp/PgDn step through them).
    pub saved: Option<usize>,
    /// The meeting whose date "changed since" holds, when picked with ← / →.
    pub meeting: Option<usize>,
    /// Units the unit field's text may mean, best first (registry positions), while it
    /// names none for sure: shown under the field.
    pub suggestions: Vec<usize>,
    /// The suggestion ↓ moved to; Enter takes it into the field.
    pub suggestion: Option<usize>,
}

/// Suggestions shown under a unit field, at most.
pub const MAX_SUGGESTIONS: usize = 6;

pub fn input(text: &str) -> TextArea<'static> {
    line_input(text)
}

pub fn text(input: &TextArea) -> String {
    input.lines().join("").trim().to_owned()
}

impl FilterDraft {
    /// The rows that are text fields: the unit, "changed since", the name to save under.
    pub fn text_focused(&self) -> bool {
        matches!(self.row, 2 | 4 | 5)
    }

    pub fn new(filter: Filter, unit_label: &str) -> FilterDraft {
        let since = filter
            .changed_since
            .map_or(String::new(), |d| d.to_string());
        FilterDraft {
            filter,
            row: 0,
            unit: input(unit_label),
            since: input(&since),
            name: input(""),
            error: None,
            saved: None,
            meeting: None,
            suggestions: Vec::new(),
            suggestion: None,
        }
    }
}
