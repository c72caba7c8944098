//! What a frame measured, handed back to the app as [`Action::Drawn`](super::Action::Drawn).
//!
//! Drawing only reads the app. What only drawing can know — where each tab and pane landed
//! (for clicks), which row each list starts at (so the selection stays in view without
//! jumping), how far the detail pane and the help can scroll, the text it had to wrap and
//! the list rows it had to build — it returns here, and `update` keeps it for the next key press and the next frame.

use ratatui::layout::Rect;

use super::{Pane, View};

/// A list whose first visible row the app keeps between frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListSlot {
    PlanSections,
    /// The items of the plan view's section at this position.
    PlanItems(usize),
    Owners,
    OwnerItems,
    Targets,
    Districts,
    Decisions,
    Changes,
}

/// Lines of a text wrapped at a width, for the app's wrap cache.
#[derive(Debug, Clone, PartialEq)]
pub struct Wrapped {
    pub key: String,
    pub text: String,
    pub width: u16,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrameLayout {
    pub tabs: Vec<(Rect, View)>,
    /// Pane rectangles and the first list row drawn in each.
    pub panes: Vec<(Rect, Pane, usize)>,
    /// The first row drawn of each list.
    pub offsets: Vec<(ListSlot, usize)>,
    /// How far the detail pane could scroll (its length depends on the wrap width).
    pub detail_max_scroll: Option<u16>,
    /// How far the help overlay could scroll.
    pub help_max_scroll: Option<u16>,
    /// Text wrapped for this frame that the cache did not have.
    pub wrapped: Vec<Wrapped>,
    /// The first figure column the district table showed (moved on to keep the selected
    /// column in view).
    pub district_first_column: Option<usize>,
    /// List rows built for this frame that the app's row memo did not have, and the stamp
    /// they were built under (see `row_memo`).
    pub rows: Vec<super::row_memo::DrawnRow>,
    pub rows_stamp: Option<super::row_memo::RowStamp>,
}

impl FrameLayout {
    /// The area clicked at, if the frame put something clickable there.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<(Rect, Pane, usize)> {
        let at = ratatui::layout::Position::new(column, row);
        self.panes.iter().find(|(r, _, _)| r.contains(at)).copied()
    }

    pub fn tab_at(&self, column: u16, row: u16) -> Option<View> {
        let at = ratatui::layout::Position::new(column, row);
        self.tabs.iter().find(|(r, _)| r.contains(at)).map(|t| t.1)
    }
}
