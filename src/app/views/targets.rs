//! View 3, every quantitative target in one table.

use super::{ListCursor, Measures, Request, ViewSearch};
use crate::app::Action;

#[derive(Debug, Clone, Default)]
pub struct TargetsView {
    pub row: ListCursor,
    pub search: ViewSearch,
}

impl TargetsView {
    /// `targets` are the entries of the rows shown.
    pub fn handle(&mut self, action: &Action, targets: &[usize], m: Measures) -> Request {
        if self.row.moved(action, targets.len(), m.page) {
            return Request::Done;
        }
        match (action, targets.get(self.row.selected)) {
            (Action::Open, Some(&entry)) => Request::OpenEntry(entry),
            _ => Request::Done,
        }
    }

    /// A click on the table's row `clicked` (its header is row 0).
    pub fn click(&mut self, clicked: usize, rows: usize) {
        if let Some(row) = clicked.checked_sub(1).filter(|&r| r < rows) {
            self.row.select(row, rows);
        }
    }
}
