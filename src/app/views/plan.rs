//! View 1, the plan: sections (navigator) → their items → the selected item in full.

use super::{ListCursor, Measures, Pane, Request, ViewSearch, delta_of, scrolled};
use crate::app::Action;
use crate::app::navigation::Section;

#[derive(Debug, Clone)]
pub struct PlanView {
    pub focus: Pane,
    pub section: ListCursor,
    /// Selected row in each section's items, so coming back to a section keeps its place.
    pub items: Vec<ListCursor>,
    pub detail_scroll: u16,
    pub search: ViewSearch,
}

/// Where the plan view stood: what Esc in the search line goes back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanPlace {
    focus: Pane,
    section: usize,
    row: usize,
    detail_scroll: u16,
}

impl PlanView {
    pub fn new(sections: usize) -> PlanView {
        PlanView {
            focus: Pane::Navigator,
            section: ListCursor::default(),
            items: vec![ListCursor::default(); sections],
            detail_scroll: 0,
            search: ViewSearch::default(),
        }
    }

    /// The row selected in the section shown.
    pub fn row(&self) -> usize {
        self.items
            .get(self.section.selected)
            .map_or(0, |c| c.selected)
    }

    pub fn handle(&mut self, action: &Action, sections: &[Section], m: Measures) -> Request {
        if let Some(delta) = delta_of(action, m.page) {
            let section = self.section.selected;
            match self.focus {
                Pane::Navigator => {
                    self.section.step(delta, sections.len());
                    self.detail_scroll = 0;
                }
                Pane::Items => {
                    let len = sections.get(section).map_or(0, |s| s.items.len());
                    if let Some(cursor) = self.items.get_mut(section) {
                        cursor.step(delta, len);
                    }
                    self.detail_scroll = 0;
                }
                Pane::Detail => {
                    self.detail_scroll = scrolled(self.detail_scroll, delta).min(m.detail_max);
                }
            }
            return Request::Done;
        }
        if matches!(
            action,
            Action::MoveRight
                | Action::Open
                | Action::FocusNext
                | Action::MoveLeft
                | Action::Back
                | Action::FocusPrev
        ) {
            self.focus = self.focus.after(action);
        }
        Request::Done
    }

    /// A click on row `clicked` of a pane.
    pub fn click(&mut self, pane: Pane, clicked: usize, sections: &[Section]) {
        self.focus = pane;
        match pane {
            Pane::Navigator if clicked < sections.len() => {
                self.section.select(clicked, sections.len());
                self.detail_scroll = 0;
            }
            Pane::Items => {
                let s = self.section.selected;
                let len = sections.get(s).map_or(0, |s| s.items.len());
                if let Some(cursor) = self.items.get_mut(s).filter(|_| clicked < len) {
                    cursor.select(clicked, len);
                    self.detail_scroll = 0;
                }
            }
            _ => {}
        }
    }

    /// Selects row `row` of section `section`, focused on the items.
    pub fn select(&mut self, section: usize, row: usize, sections: &[Section]) {
        self.section.select(section, sections.len());
        let len = sections.get(section).map_or(0, |s| s.items.len());
        if let Some(cursor) = self.items.get_mut(section) {
            cursor.select(row, len);
        }
        self.focus = Pane::Items;
        self.detail_scroll = 0;
    }

    pub fn place(&self) -> PlanPlace {
        PlanPlace {
            focus: self.focus,
            section: self.section.selected,
            row: self.row(),
            detail_scroll: self.detail_scroll,
        }
    }

    pub fn restore(&mut self, place: &PlanPlace, sections: &[Section]) {
        self.select(place.section, place.row, sections);
        self.focus = place.focus;
        self.detail_scroll = place.detail_scroll;
    }
}
