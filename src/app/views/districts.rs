//! View 4, the district table (附件1): one row per district, scrolled sideways when its
//! columns do not fit. A cell is selected (row and column): `a` records an actual value
//! for that district's figure in that column.

use super::{ListCursor, Measures, ViewSearch};
use crate::app::Action;

#[derive(Debug, Clone, Default)]
pub struct DistrictsView {
    pub row: ListCursor,
    /// The selected figure column (0 = the first after the frozen label column).
    pub column: usize,
    /// First column shown after the frozen label column, for tables wider than the screen;
    /// the frame moves it on so the selected column is always shown.
    pub column_offset: usize,
    pub search: ViewSearch,
}

impl DistrictsView {
    pub fn handle(&mut self, action: &Action, rows: usize, columns: usize, m: Measures) {
        if self.row.moved(action, rows, m.page) {
            return;
        }
        let last = columns.saturating_sub(1);
        match action {
            // Left/Right move the selected cell; the view follows it.
            Action::MoveRight | Action::ScrollRight => {
                self.column = (self.column + 1).min(last);
            }
            Action::MoveLeft | Action::ScrollLeft => {
                self.column = self.column.saturating_sub(1).min(last);
                self.column_offset = self.column_offset.min(self.column);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measures() -> Measures {
        Measures {
            page: 10,
            detail_max: 0,
        }
    }

    #[test]
    fn left_and_right_move_the_selected_column_within_the_table() {
        let mut view = DistrictsView::default();
        view.handle(&Action::MoveLeft, 5, 3, measures());
        assert_eq!(view.column, 0);
        for _ in 0..5 {
            view.handle(&Action::MoveRight, 5, 3, measures());
        }
        assert_eq!(view.column, 2);
        view.column_offset = 2;
        view.handle(&Action::ScrollLeft, 5, 3, measures());
        assert_eq!((view.column, view.column_offset), (1, 1));
        view.handle(&Action::MoveDown, 5, 3, measures());
        assert_eq!((view.row.selected, view.column), (1, 1));
    }
}
