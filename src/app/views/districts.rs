//! View 4, the district table (附件1): one row per district, scrolled sideways when its
//! columns do not fit.

use super::{ListCursor, Measures, ViewSearch};
use crate::app::Action;

#[derive(Debug, Clone, Default)]
pub struct DistrictsView {
    pub row: ListCursor,
    /// First column shown after the frozen label column, for tables wider than the screen.
    pub column_offset: usize,
    pub search: ViewSearch,
}

impl DistrictsView {
    pub fn handle(&mut self, action: &Action, rows: usize, columns: usize, m: Measures) {
        if self.row.moved(action, rows, m.page) {
            return;
        }
        match action {
            Action::MoveRight | Action::ScrollRight => {
                self.column_offset = (self.column_offset + 1).min(columns.saturating_sub(1));
            }
            Action::MoveLeft | Action::ScrollLeft => {
                self.column_offset = self.column_offset.saturating_sub(1);
            }
            _ => {}
        }
    }
}
