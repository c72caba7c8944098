//! A decision opened from the decisions view (`6`, Enter) and edited there (`e`): the same
//! form that records a decision, filled with the decision as it stands. Only what the edit
//! changes is recorded, as a decision record like any other, so merges and the command
//! line see it as they see `decision set`; `u` in the decisions view takes it back.

use super::App;
use super::annotate::{Committed, Undoable};
use super::dialog::{Dialog, Form};
use crate::input::{parse_date, resolve_items};
use crate::model::meeting::{Decision, DecisionRecord, Event};

/// What an edit can change of a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionFields {
    pub text: String,
    pub units: Vec<String>,
    pub due: Option<jiff::civil::Date>,
    pub items: Vec<String>,
}

impl DecisionFields {
    pub fn of(decision: &Decision) -> DecisionFields {
        DecisionFields {
            text: decision.text.clone(),
            units: decision.units.clone(),
            due: decision.due,
            items: decision.items.clone(),
        }
    }
}

impl App {
    /// The decision selected in the decisions view.
    pub fn selected_decision(&self) -> Option<&Decision> {
        self.shown_decisions()
            .get(self.decisions_view.row.selected)
            .copied()
    }

    /// An item as the document numbers it (`六.1`, `附件2.4`), in the form the item field
    /// reads back; its id where the document gives it no number (a target).
    pub fn item_number(&self, id: &str) -> String {
        self.loaded
            .index
            .position(id)
            .and_then(|p| {
                let path = self.loaded.index.entries[p].path;
                crate::model::numbering::document_number(&self.loaded.plan, path)
            })
            .unwrap_or_else(|| id.to_owned())
    }

    /// The items named in the form's third field, by id; `None` (the form says why, the
    /// field focused) when one names no item.
    /// The decision form's text, due date and items, read as the command line reads them;
    /// `None` (the form saying what is wrong, its field focused) when one is missing or
    /// cannot be read. The one reading of the form, for a new decision and an edit alike.
    pub(super) fn decision_in_form(
        &self,
        form: &mut Form,
    ) -> Option<(String, Option<jiff::civil::Date>, Vec<String>)> {
        let text = form.text(0);
        if text.is_empty() {
            form.error = Some(self.strings.get("ui.decision.text_needed").to_owned());
            form.focus = 0;
            return None;
        }
        let due_text = form.text(1);
        let due = if due_text.is_empty() {
            None
        } else {
            match parse_date(&due_text) {
                Ok(date) => Some(date),
                Err(error) => {
                    form.error = Some(error.message(&self.strings));
                    form.focus = 1;
                    return None;
                }
            }
        };
        let items = self.items_in_form(form)?;
        Some((text, due, items))
    }

    pub(super) fn items_in_form(&self, form: &mut Form) -> Option<Vec<String>> {
        let text = form.text(2);
        if text.is_empty() {
            return Some(Vec::new());
        }
        match resolve_items(&self.loaded.plan, &self.loaded.index, &[text]) {
            Ok(items) => Some(items),
            Err(error) => {
                form.error = Some(error.message(&self.strings));
                form.focus = 2;
                None
            }
        }
    }

    /// `e` in the decisions view: the decision form, filled with the selected decision.
    pub(super) fn edit_decision(&mut self) {
        let Some(decision) = self.selected_decision().cloned() else {
            self.notice = Some(self.strings.get("ui.decision.none_selected").to_owned());
            return;
        };
        if let Some(reason) = self.cannot_change() {
            self.notice = Some(reason);
            return;
        }
        let due = decision.due.map(|d| d.to_string()).unwrap_or_default();
        let items: Vec<String> = decision.items.iter().map(|i| self.item_number(i)).collect();
        let owners = &self.loaded.plan.owners;
        let mut form = Form::new(&[&decision.text, &due, &items.join("、")], owners.len());
        for (at, owner) in owners.iter().enumerate() {
            form.units[at] = decision.units.contains(&owner.id);
        }
        if let Some(first) = form.units.iter().position(|on| *on) {
            form.unit_cursor = first;
        }
        self.annotations.dialog = Some(Dialog::EditDecision(decision.id, Box::new(form)));
    }

    /// Records what the edit changed; the form back (saying why) when something cannot be
    /// read.
    pub(super) fn save_decision_edit(
        &mut self,
        id: &str,
        mut form: Box<Form>,
    ) -> Option<Box<Form>> {
        let decision = self.annotations.meetings.decision(id).cloned()?;
        let Some((text, due, items)) = self.decision_in_form(&mut form) else {
            return Some(form);
        };
        let after = DecisionFields {
            text,
            units: form.ticked(&self.loaded.plan.owners),
            due,
            items,
        };
        let before = DecisionFields::of(&decision);
        if before == after {
            self.notice = Some(self.strings.get("ui.decision.unchanged").to_owned());
            return None;
        }
        if self.change_decision(id, &before, &after, Committed::Change) {
            self.notice = Some(self.strings.get("ui.decision.changed").to_owned());
        }
        None
    }

    /// Records the fields of `after` that differ from `before`, and what `u` / Ctrl-r need
    /// to take it back or make it again.
    pub(super) fn change_decision(
        &mut self,
        id: &str,
        before: &DecisionFields,
        after: &DecisionFields,
        kind: Committed,
    ) -> bool {
        let changed = |same: bool| !same;
        let recorded = self.commit_event(|record, at, author| {
            Event::Decision(DecisionRecord {
                at,
                author,
                decision: id.to_owned(),
                meeting: None,
                text: changed(before.text == after.text).then(|| after.text.clone()),
                units: changed(before.units == after.units).then(|| after.units.clone()),
                due: after.due.filter(|_| before.due != after.due),
                clear_due: before.due.is_some() && after.due.is_none(),
                status: None,
                items: changed(before.items == after.items).then(|| after.items.clone()),
                id: record,
            })
        });
        if !recorded {
            return false;
        }
        // Kept the way the edit was made: an undo records it backwards.
        let (from, to) = match kind {
            Committed::Undo => (after, before),
            Committed::Change | Committed::Redo => (before, after),
        };
        let done = Undoable::DecisionEdit {
            id: id.to_owned(),
            before: Box::new(from.clone()),
            after: Box::new(to.clone()),
        };
        let notes = &mut self.annotations;
        match kind {
            Committed::Change => {
                notes.undo_stack.push(done);
                notes.redo_stack.clear();
            }
            Committed::Undo => notes.redo_stack.push(done),
            Committed::Redo => notes.undo_stack.push(done),
        }
        true
    }
}
