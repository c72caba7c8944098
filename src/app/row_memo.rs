//! List rows kept between frames, so a key redraws only the rows whose look changed.
//!
//! A ↓ in the plan view's items pane changes two rows (the selection marker moves), yet
//! building the ~48 rows of a pane at 200x50 — titles, unit names, badges, the search's
//! marks — and setting them into the buffer was a third of the frame. Rows are kept here
//! as their finished cells (the selection marker and styles included), and a frame copies
//! a kept row's cells instead of building it again.
//!
//! Drawing stays read-only, as for the wrap cache ([`FrameLayout::wrapped`]): a frame reads
//! the memo, builds the rows it lacks and reports them in [`FrameLayout::rows`] with the
//! [`RowStamp`] they were built under; `update` files them when the frame comes back as
//! [`Action::Drawn`](super::Action::Drawn).
//!
//! A row is looked up by [`RowKey`] — which list, which position, its width, selected,
//! focused, the list's length — under a [`RowStamp`]: the memo's **revision**, which
//! `App::update` moves on (emptying the memo) for every action except the few that only
//! move a cursor in the plan view (see [`App::keeps_rows`]), and cheap fingerprints of
//! what rows read besides (language, theme, the log's length, the search query, whether the
//! history index is current), so state changed without an action (a test setting a field)
//! never shows a stale row either. Rows from a frame drawn under another stamp than the
//! memo's are dropped. The memo holds at most [`MAX_ROWS`] rows and is emptied when full.
//!
//! [`FrameLayout::wrapped`]: super::FrameLayout::wrapped
//! [`FrameLayout::rows`]: super::FrameLayout::rows

use ratatui::buffer::Cell;
use rustc_hash::FxHashMap;

use super::{Action, App, ListSlot, View};
use crate::i18n::Lang;
use crate::ui::theme::{Background, ColorLevel};

/// How many rows the memo keeps at most: two lists of ~50 rows, each row in its selected
/// and unselected look, focused or not, with room to spare (about 1.3 MB at 200 columns).
pub const MAX_ROWS: usize = 512;

/// One row of one list as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RowKey {
    pub slot: ListSlot,
    /// The row's position in the list (not on the screen: a scrolled list keeps its rows).
    pub position: usize,
    /// The list's length: a list whose rows were narrowed (a filter) never reads another's.
    pub len: usize,
    /// The width of the row: the list's inner width, the marker's columns included.
    pub width: u16,
    pub selected: bool,
    /// Whether the list is focused, for the selected row (the only one it changes: a row's
    /// own text never reads the focus).
    pub focused: bool,
}

/// What every row may read beyond its [`RowKey`]: a frame's rows are kept only under the
/// stamp the memo holds.
#[derive(Debug, Clone, PartialEq)]
pub struct RowStamp {
    /// Moved on by `update` whenever anything a row shows may have changed.
    pub revision: u64,
    pub lang: Lang,
    pub colors: ColorLevel,
    pub ascii: bool,
    pub background: Option<Background>,
    pub painted: bool,
    /// The log's records and conflicts (statuses and their marks).
    pub log: (usize, usize),
    /// Whether the history index is up to the log (rows read statuses from it, else from
    /// the log).
    pub history_current: bool,
    /// The search's query, marked in the rows.
    pub query: Option<String>,
}

/// A row a frame built because the memo lacked it: its cells, the row's width long.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnRow {
    pub key: RowKey,
    pub cells: Vec<Cell>,
}

/// The rows kept, and the revision they are valid for.
#[derive(Debug, Default)]
pub struct RowMemo {
    revision: u64,
    /// The stamp the kept rows were drawn under; `None` while empty.
    stamp: Option<RowStamp>,
    rows: FxHashMap<RowKey, Vec<Cell>>,
    /// Every row built as if nothing were kept (for tests and measurements that compare).
    off: bool,
}

impl RowMemo {
    /// The revision frames stamp their rows with.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Something a row shows may have changed: every kept row is forgotten, and rows of a
    /// frame drawn before now are refused when they come back.
    pub fn invalidate(&mut self) {
        self.revision = self.revision.wrapping_add(1);
        self.clear();
    }

    /// Forgets every row (the revision stays).
    pub fn clear(&mut self) {
        self.rows.clear();
        self.stamp = None;
    }

    /// The cells of a row drawn under `stamp`, if kept.
    pub fn get(&self, stamp: &RowStamp, key: &RowKey) -> Option<&[Cell]> {
        if self.stamp.as_ref() != Some(stamp) {
            return None;
        }
        self.rows.get(key).map(Vec::as_slice)
    }

    /// Keeps the rows a frame built under `stamp`: none from a frame drawn before the
    /// revision moved on; the memo emptied first when they were drawn under another stamp
    /// or would fill it past [`MAX_ROWS`].
    pub fn store(&mut self, stamp: RowStamp, rows: Vec<DrawnRow>) {
        if stamp.revision != self.revision || rows.is_empty() {
            return;
        }
        if self.stamp.as_ref() != Some(&stamp) || self.rows.len() + rows.len() > MAX_ROWS {
            self.clear();
        }
        for row in rows.into_iter().take(MAX_ROWS) {
            self.rows.insert(row.key, row.cells);
        }
        self.stamp = Some(stamp);
    }

    /// Whether frames read and fill the memo (they do unless told otherwise).
    pub fn enabled(&self) -> bool {
        !self.off
    }

    /// Frames build every row (`false`), as before there was a memo, or keep them. The
    /// rows kept stay (a frame drawn without the memo reports none).
    pub fn set_enabled(&mut self, on: bool) {
        self.off = !on;
    }

    /// How many rows are kept.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

impl App {
    /// What rows read beyond their key, as of now.
    pub fn row_stamp(&self) -> RowStamp {
        RowStamp {
            revision: self.row_memo.revision(),
            lang: self.lang,
            colors: self.theme.colors,
            ascii: self.theme.ascii,
            background: self.theme.background,
            painted: self.theme.painted,
            log: (
                self.annotations.log.len(),
                self.annotations.log.conflicts().len(),
            ),
            history_current: self.history().is_some(),
            query: self.search_query().map(str::to_owned),
        }
    }

    /// Whether `action` leaves every kept row as it looks: only a cursor moved in the plan
    /// view or the owners view, where nothing else is open. A move there changes which row
    /// is selected and which pane is focused — both in the rows' keys — and, in the plan
    /// view, which section's items show (their slot names the section); it records nothing
    /// and searches nothing. In the owners view a move changes whose items the middle list
    /// shows (that list is not kept), and Enter on an item opens it in the plan view: not
    /// counted. Anything else (the Changes view, whose moves describe rows ahead; dialogs;
    /// the search line; the store's replies; resizes; pastes) may change what a row shows.
    pub(crate) fn keeps_rows(&self, action: &Action) -> bool {
        match action {
            Action::Drawn(_) => true,
            Action::MoveUp
            | Action::MoveDown
            | Action::PageUp
            | Action::PageDown
            | Action::Home
            | Action::End
            | Action::FocusNext
            | Action::FocusPrev
            | Action::MoveLeft
            | Action::MoveRight
            | Action::Open
            | Action::Back => {
                (self.view == View::Plan || (self.view == View::Owners && *action != Action::Open))
                    && self.annotations.dialog.is_none()
                    && !self.searching()
                    && self.presenter.is_none()
                    && !self.show_help
            }
            _ => false,
        }
    }
}
