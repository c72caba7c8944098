//! View 6, 议定事项: the meeting's decisions and action items.

use super::{ListCursor, Measures, ViewSearch};
use crate::app::Action;

#[derive(Debug, Clone, Default)]
pub struct DecisionsView {
    pub row: ListCursor,
    /// Only overdue decisions are shown.
    pub overdue_only: bool,
    pub search: ViewSearch,
    /// The selected decision is open (Enter): its details and history beside the list.
    pub open: bool,
}

impl DecisionsView {
    /// `shown` is how many decisions the list shows.
    pub fn handle(&mut self, action: &Action, shown: usize, m: Measures) {
        match action {
            Action::ToggleOverdue => {
                self.overdue_only = !self.overdue_only;
                self.row = ListCursor::default();
            }
            Action::Open | Action::MoveRight if shown > 0 => self.open = true,
            Action::Back | Action::MoveLeft => self.open = false,
            _ => {
                self.row.moved(action, shown, m.page);
            }
        }
    }
}
