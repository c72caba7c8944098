//! The views of the tab bar, one file each. A view owns its state — selection, scroll,
//! its own search — and handles the keys meant for it; what it cannot do alone (open an
//! item where it lives in the plan) it asks of the app as a [`Request`].
//!
//! A view's handler is given a small context of what it reads from the rest of the app
//! (list lengths, the page size, how far the detail pane scrolls), so it can be driven
//! and tested without the whole app.

pub mod changes;
pub mod dashboard;
pub mod decisions;
pub mod districts;
pub mod owners;
pub mod plan;
pub mod search;
pub mod targets;

pub use changes::ChangesView;
pub use decisions::DecisionsView;
pub use districts::DistrictsView;
pub use owners::OwnersView;
pub use plan::PlanView;
pub use search::{Found, Matched, ViewSearch};
pub use targets::TargetsView;

use super::Action;

/// The panes of a master–detail view, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pane {
    Navigator,
    Items,
    Detail,
}

impl Pane {
    fn next(self) -> Pane {
        match self {
            Pane::Navigator => Pane::Items,
            Pane::Items | Pane::Detail => Pane::Detail,
        }
    }

    fn previous(self) -> Pane {
        match self {
            Pane::Navigator | Pane::Items => Pane::Navigator,
            Pane::Detail => Pane::Items,
        }
    }

    /// The pane focused after a move: → / Enter and ← / Esc stop at the ends; Tab and
    /// Shift-Tab go round.
    pub(crate) fn after(self, action: &Action) -> Pane {
        match (action, self) {
            (Action::FocusNext, Pane::Detail) => Pane::Navigator,
            (Action::FocusPrev, Pane::Navigator) => Pane::Detail,
            (Action::MoveRight | Action::Open | Action::FocusNext, _) => self.next(),
            (Action::MoveLeft | Action::Back | Action::FocusPrev, _) => self.previous(),
            _ => self,
        }
    }
}

/// A selectable list's position. `offset` is the first row drawn last time: drawing keeps
/// the selection in view from there, as ratatui's `ListState` does, and reports the row it
/// started at in its [`FrameLayout`](super::FrameLayout).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListCursor {
    pub selected: usize,
    pub offset: usize,
}

impl ListCursor {
    pub fn select(&mut self, row: usize, len: usize) {
        self.selected = row.min(len.saturating_sub(1));
    }

    pub(crate) fn step(&mut self, delta: isize, len: usize) {
        let row = self.selected.saturating_add_signed(delta);
        self.select(row, len);
    }

    /// Up, down, page, home and end in a plain list of `len` rows; false for any other
    /// action.
    pub(crate) fn moved(&mut self, action: &Action, len: usize, page: isize) -> bool {
        match action {
            Action::MoveDown => self.step(1, len),
            Action::MoveUp => self.step(-1, len),
            Action::PageDown => self.step(page, len),
            Action::PageUp => self.step(-page, len),
            Action::Home => self.select(0, len),
            Action::End => self.select(len, len),
            _ => return false,
        }
        true
    }

    /// The first row to draw so that the selection is visible in `height` rows.
    pub fn visible_offset(&self, height: usize, len: usize) -> usize {
        let height = height.max(1);
        let mut offset = self.offset.min(len.saturating_sub(1));
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        // Don't leave blank rows at the bottom when the list could fill them.
        offset.min(len.saturating_sub(height))
    }
}

/// How far a movement key moves, in rows: ±1, a page, or to either end.
pub(crate) fn delta_of(action: &Action, page: isize) -> Option<isize> {
    Some(match action {
        Action::MoveDown => 1,
        Action::MoveUp => -1,
        Action::PageDown => page,
        Action::PageUp => -page,
        Action::Home => isize::MIN / 2,
        Action::End => isize::MAX / 2,
        _ => return None,
    })
}

/// A scroll offset moved by `delta` lines; Home and End move by huge amounts, which must
/// saturate rather than wrap when narrowed to the offset's type. Drawing clamps the end.
pub(crate) fn scrolled(offset: u16, delta: isize) -> u16 {
    let delta = delta.clamp(i16::MIN as isize, i16::MAX as isize) as i16;
    offset.saturating_add_signed(delta)
}

/// What a view asks of the app after handling an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Nothing more.
    Done,
    /// Open this plan entry where it lives: the Plan view, on its item.
    OpenEntry(usize),
}

/// The list-and-detail measures every view's handler reads.
#[derive(Debug, Clone, Copy)]
pub struct Measures {
    /// Rows a page key moves.
    pub page: isize,
    /// How far the detail pane can scroll, as last drawn.
    pub detail_max: u16,
}
