//! View 2, by responsible unit: every unit → the items it leads or shares → detail.

use super::{ListCursor, Measures, Pane, Request, ViewSearch, delta_of, scrolled};
use crate::app::Action;

#[derive(Debug, Clone)]
pub struct OwnersView {
    pub focus: Pane,
    pub owner: ListCursor,
    pub item: ListCursor,
    pub detail_scroll: u16,
    pub search: ViewSearch,
}

/// What the owners view reads of the app while handling a key.
pub struct OwnersContext {
    pub owners: usize,
    /// Items of the unit selected.
    pub items: usize,
    /// The plan entry of the item selected, if any.
    pub selected_entry: Option<usize>,
    pub measures: Measures,
}

impl Default for OwnersView {
    fn default() -> Self {
        OwnersView {
            focus: Pane::Navigator,
            owner: ListCursor::default(),
            item: ListCursor::default(),
            detail_scroll: 0,
            search: ViewSearch::default(),
        }
    }
}

impl OwnersView {
    pub fn handle(&mut self, action: &Action, cx: &OwnersContext) -> Request {
        if let Some(delta) = delta_of(action, cx.measures.page) {
            match self.focus {
                Pane::Navigator => {
                    self.owner.step(delta, cx.owners);
                    self.item = ListCursor::default();
                    self.detail_scroll = 0;
                }
                Pane::Items => {
                    self.item.step(delta, cx.items);
                    self.detail_scroll = 0;
                }
                Pane::Detail => {
                    self.detail_scroll =
                        scrolled(self.detail_scroll, delta).min(cx.measures.detail_max);
                }
            }
            return Request::Done;
        }
        match action {
            Action::MoveRight
            | Action::FocusNext
            | Action::MoveLeft
            | Action::Back
            | Action::FocusPrev => self.focus = self.focus.after(action),
            // Enter on an item opens it where it lives in the plan.
            Action::Open => match self.focus {
                Pane::Navigator => self.focus = Pane::Items,
                _ => {
                    if let Some(entry) = cx.selected_entry {
                        return Request::OpenEntry(entry);
                    }
                }
            },
            _ => {}
        }
        Request::Done
    }

    pub fn click(&mut self, pane: Pane, clicked: usize, cx: &OwnersContext) {
        self.focus = pane;
        match pane {
            Pane::Navigator if clicked < cx.owners => self.select_owner(clicked, cx.owners),
            Pane::Items if clicked < cx.items => self.item.select(clicked, cx.items),
            _ => {}
        }
    }

    /// Selects a unit, on the first of its items.
    pub fn select_owner(&mut self, owner: usize, owners: usize) {
        self.owner.select(owner, owners);
        self.item = ListCursor::default();
        self.detail_scroll = 0;
    }
}
