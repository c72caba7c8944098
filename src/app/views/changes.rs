//! View 7: every change since the previous meeting, grouped by programme or by unit.

use super::{ListCursor, Measures, ViewSearch};
use crate::app::Action;
use crate::model::annotation::Record;
use crate::model::history_index::Grouping;

#[derive(Debug, Clone, Default)]
pub struct ChangesView {
    pub row: ListCursor,
    /// Grouped by responsible unit instead of by programme (Tab switches).
    pub by_unit: bool,
    pub search: ViewSearch,
}

impl ChangesView {
    /// `shown` is how many changes the list shows.
    pub fn handle(&mut self, action: &Action, shown: usize, m: Measures) {
        if matches!(action, Action::FocusNext | Action::FocusPrev) {
            self.by_unit = !self.by_unit;
            self.row = ListCursor::default();
        } else {
            self.row.moved(action, shown, m.page);
        }
    }
}

impl crate::app::App {
    /// How the changes are grouped now.
    pub fn changes_grouping(&self) -> Grouping {
        if self.changes_view.by_unit {
            Grouping::Unit
        } else {
            Grouping::Programme
        }
    }

    /// How many changes the view lists.
    pub fn changes_count(&self) -> usize {
        match self.history() {
            Some(history) => history.changes(self.changes_grouping()).len(),
            None => self.changes_since_last_meeting().len(),
        }
    }

    /// The changes the view lists, in its order: by programme in the plan's order (or, by
    /// unit, in the registry's order), by time within each — from the history index, which
    /// keeps that order as records arrive.
    pub fn changes_shown(&self) -> Vec<&Record> {
        let records = self.annotations.log.records();
        if let Some(history) = self.history() {
            return history
                .changes(self.changes_grouping())
                .iter()
                .filter_map(|&at| records.get(at))
                .collect();
        }
        let mut rows = self.changes_since_last_meeting();
        if self.changes_view.by_unit {
            let rank = |record: &Record| {
                let unit = self.change_unit(record);
                self.loaded
                    .plan
                    .owners
                    .iter()
                    .position(|o| o.id == unit)
                    .unwrap_or(usize::MAX)
            };
            rows.sort_by_cached_key(|r| rank(r));
        } else {
            rows.sort_by_cached_key(|r| self.change_programme(r));
        }
        rows
    }

    /// The programme a change belongs to (`usize::MAX` for none).
    pub fn change_programme(&self, record: &Record) -> usize {
        self.loaded
            .index
            .get(&record.item)
            .and_then(|e| e.path.programme())
            .unwrap_or(usize::MAX)
    }

    /// The unit a change belongs to: the unit whose part it is, else the item's lead unit.
    pub fn change_unit(&self, record: &Record) -> String {
        let index = &self.loaded.index;
        record.owner.clone().unwrap_or_else(|| {
            index
                .position(&record.item)
                .and_then(|p| {
                    self.node(p)
                        .and_then(|n| n.owners())
                        .map(|o| o.lead.clone())
                        .or_else(|| {
                            crate::model::query::target_owner(&self.loaded.plan, index, p)
                                .map(|o| o.lead.clone())
                        })
                })
                .unwrap_or_default()
        })
    }
}
