//! Filtering every list: the plan view's items, each unit's items, the targets. The
//! unfiltered lists are kept aside; the shown ones are rebuilt when the filter changes or
//! an annotation does (an item set to "on track" leaves an "at risk" filter at once), and
//! each list keeps its selected item where it can.

use std::sync::Arc;

use super::dialog::filter_form::{input, text};
use super::dialog::{Dialog, DialogInput, FILTER_ROWS, FilterDraft};
use super::{Action, App, Effect};
use crate::model::annotation::Status;
use crate::model::filter::{Context, Filter};
use crate::model::progress::Light;

fn toggle<T: PartialEq>(list: &mut Vec<T>, value: T) {
    match list.iter().position(|v| *v == value) {
        Some(at) => {
            list.remove(at);
        }
        None => list.push(value),
    }
}

impl App {
    /// Rebuilds the shown lists from the unfiltered ones under the current filter.
    pub(super) fn apply_filter(&mut self) {
        let selected: Vec<Option<usize>> = (0..self.sections.len())
            .map(|s| {
                let row = self.plan_view.items.get(s).map_or(0, |c| c.selected);
                self.sections[s].items.get(row).copied()
            })
            .collect();
        let selected_target = self.targets.get(self.targets_view.row.selected).copied();
        let owner_item = self.selected_owner_entry();
        match self.filter.clone().filter(|f| !f.is_empty()) {
            None => {
                self.sections = self.all_sections.clone();
                self.targets = self.all_targets.clone();
                self.assignments = Arc::clone(&self.all_assignments);
            }
            Some(filter) => {
                let cx = Context {
                    plan: &self.loaded.plan,
                    index: &self.loaded.index,
                    log: &self.annotations.log,
                    review: self.review_date,
                    margin: self.light_margin,
                };
                let keep = |entry: &usize| filter.matches(&cx, *entry);
                let mut sections = self.all_sections.clone();
                for section in &mut sections {
                    section.items.retain(keep);
                }
                let targets = self.all_targets.iter().copied().filter(keep).collect();
                let assignments = self
                    .all_assignments
                    .iter()
                    .map(|(unit, list)| {
                        let kept = list.iter().filter(|a| keep(&a.entry)).copied().collect();
                        (unit.clone(), kept)
                    })
                    .collect();
                self.sections = sections;
                self.targets = targets;
                self.assignments = Arc::new(assignments);
            }
        }
        // Keep each list on the item it was on, or as near as the list allows.
        for (s, entry) in selected.into_iter().enumerate() {
            let items = &self.sections[s].items;
            let cursor = &mut self.plan_view.items[s];
            let row = entry
                .and_then(|e| items.iter().position(|&i| i == e))
                .unwrap_or(cursor.selected);
            cursor.select(row, items.len());
        }
        let row = selected_target
            .and_then(|e| self.targets.iter().position(|&t| t == e))
            .unwrap_or(self.targets_view.row.selected);
        self.targets_view.row.select(row, self.targets.len());
        let items = self.owner_items();
        let row = owner_item
            .and_then(|e| items.iter().position(|a| a.entry == e))
            .unwrap_or(self.owners_view.item.selected);
        let len = items.len();
        self.owners_view.item.select(row, len);
    }

    /// How many items the filter shows of how many, for the status bar.
    pub fn filter_counts(&self) -> (usize, usize) {
        let count = |sections: &[super::Section]| sections.iter().map(|s| s.items.len()).sum();
        (count(&self.sections), count(&self.all_sections))
    }

    pub(super) fn open_filter_dialog(&mut self) {
        let filter = self.filter.clone().unwrap_or_default();
        let unit = filter
            .unit
            .as_deref()
            .map(|u| self.owner_name(u).to_owned());
        let draft = FilterDraft::new(filter, unit.as_deref().unwrap_or(""));
        self.annotations.dialog = Some(Dialog::Filter(Box::new(draft)));
    }

    pub(super) fn clear_filter(&mut self) {
        if self.filter.take().is_some() {
            self.apply_filter();
            self.notice = Some(self.strings.get("filter.cleared").to_owned());
        }
    }

    /// A key in the filter dialog; returns the draft while the dialog stays open.
    pub(super) fn filter_key(
        &mut self,
        mut draft: Box<FilterDraft>,
        key: &DialogInput,
    ) -> Option<Box<FilterDraft>> {
        draft.error = None;
        match key.action {
            Some(Action::Cancel) => return None,
            // On the unit field, ↓ / Tab walk the suggestions under it, then leave; ↑ walks
            // back; Enter takes the one chosen.
            Some(Action::MoveDown) if draft.row == 2 && !draft.suggestions.is_empty() => {
                draft.suggestion = match draft.suggestion {
                    None => Some(0),
                    Some(at) if at + 1 < draft.suggestions.len() => Some(at + 1),
                    Some(_) => {
                        draft.row = 3;
                        None
                    }
                };
            }
            Some(Action::MoveUp) if draft.row == 2 && draft.suggestion.is_some() => {
                draft.suggestion = draft.suggestion.and_then(|at| at.checked_sub(1));
            }
            Some(Action::Confirm) if draft.row == 2 && draft.suggestion.is_some() => {
                self.take_suggestion(&mut draft);
            }
            Some(Action::MoveUp) => draft.row = draft.row.saturating_sub(1),
            Some(Action::MoveDown) => draft.row = (draft.row + 1).min(FILTER_ROWS - 1),
            Some(Action::PageDown | Action::PageUp) if !self.saved_filters.is_empty() => {
                let count = self.saved_filters.len();
                let forward = key.action == Some(Action::PageDown);
                let next = match (draft.saved, forward) {
                    (None, true) => 0,
                    (None, false) => count - 1,
                    (Some(n), true) => (n + 1) % count,
                    (Some(n), false) => (n + count - 1) % count,
                };
                if let Some((name, filter)) = self.saved_filters.iter().nth(next) {
                    let unit = filter
                        .unit
                        .as_deref()
                        .map(|u| self.owner_name(u).to_owned());
                    let mut loaded =
                        FilterDraft::new(filter.clone(), unit.as_deref().unwrap_or(""));
                    loaded.name = input(name);
                    loaded.saved = Some(next);
                    loaded.row = draft.row;
                    draft = Box::new(loaded);
                }
            }
            Some(Action::ClearField) => {
                let unit = String::new();
                draft = Box::new(FilterDraft::new(Filter::default(), &unit));
            }
            Some(Action::Confirm) => return self.finish_filter(draft, false),
            Some(Action::Save) => return self.finish_filter(draft, true),
            _ => self.filter_row_key(&mut draft, key),
        }
        Some(draft)
    }

    fn filter_row_key(&mut self, draft: &mut FilterDraft, key: &DialogInput) {
        let filter = &mut draft.filter;
        match (draft.row, &key.action) {
            // Statuses: 1–6 toggle one, 0 toggles "no status yet".
            (0, Some(Action::Choose(0))) => filter.unannotated = !filter.unannotated,
            (0, Some(Action::Choose(n))) => {
                if let Some(&status) = Status::ALL.get(usize::from(*n) - 1) {
                    toggle(&mut filter.statuses, status);
                }
            }
            (1, Some(Action::Choose(n))) if *n > 0 => {
                if let Some(&light) = Light::ALL.get(usize::from(*n) - 1) {
                    toggle(&mut filter.lights, light);
                }
            }
            (3, Some(Action::MoveLeft)) => {
                filter.programme = match filter.programme {
                    None => self.loaded.plan.programmes.len().checked_sub(1),
                    Some(0) => None,
                    Some(p) => Some(p - 1),
                };
            }
            (3, Some(Action::MoveRight | Action::Toggle)) => {
                let count = self.loaded.plan.programmes.len();
                filter.programme = match filter.programme {
                    None if count > 0 => Some(0),
                    Some(p) if p + 1 < count => Some(p + 1),
                    _ => None,
                };
            }
            (2, _) => {
                draft.unit.input(key.key);
                self.suggest_units(draft);
            }
            // ← / → pick a meeting: changed since it was held.
            (4, Some(Action::MoveLeft | Action::MoveRight)) => {
                let meetings = self.annotations.meetings.meetings();
                if meetings.is_empty() {
                    return;
                }
                let last = meetings.len() - 1;
                let left = key.action == Some(Action::MoveLeft);
                let next = match (draft.meeting, left) {
                    (None, _) => last,
                    (Some(0), true) => 0,
                    (Some(n), true) => n - 1,
                    (Some(n), false) => (n + 1).min(last),
                };
                draft.meeting = Some(next);
                draft.since = input(&meetings[next].date.to_string());
            }
            (4, _) => {
                draft.meeting = None;
                draft.since.input(key.key);
            }
            (5, _) => {
                draft.name.input(key.key);
            }
            _ => {}
        }
    }

    /// The units the unit field may mean as typed (read as the command line reads a unit:
    /// `crate::input`), while it names none for sure.
    fn suggest_units(&self, draft: &mut FilterDraft) {
        let typed = text(&draft.unit);
        let plan = &self.loaded.plan;
        draft.suggestion = None;
        draft.suggestions = if crate::input::resolve_unit(plan, &typed).is_ok() {
            Vec::new()
        } else {
            crate::input::suggest_units(plan, &typed)
                .into_iter()
                .filter_map(|o| self.owner_positions.get(&o.id).copied())
                .take(super::dialog::MAX_SUGGESTIONS)
                .collect()
        };
    }

    /// The chosen suggestion's name into the unit field.
    fn take_suggestion(&self, draft: &mut FilterDraft) {
        let chosen = draft
            .suggestion
            .and_then(|at| draft.suggestions.get(at))
            .and_then(|&p| self.loaded.plan.owners.get(p));
        if let Some(owner) = chosen {
            let name = match (&owner.name_en, self.lang) {
                (Some(en), crate::i18n::Lang::En) => en.as_str(),
                _ => owner.name.as_str(),
            };
            draft.unit = input(name);
        }
        self.suggest_units(draft);
    }

    /// Checks the typed fields, applies the filter, and saves it under its name if asked.
    fn finish_filter(
        &mut self,
        mut draft: Box<FilterDraft>,
        save: bool,
    ) -> Option<Box<FilterDraft>> {
        let unit = text(&draft.unit);
        draft.filter.unit = if unit.is_empty() {
            None
        } else {
            // Any name people use (id, name, alias, pinyin), read as the command line reads it.
            match crate::input::resolve_unit(&self.loaded.plan, &unit) {
                Ok(owner) => Some(owner.id.clone()),
                Err(error) => {
                    draft.error = Some(error.message(&self.strings));
                    draft.row = 2;
                    return Some(draft);
                }
            }
        };
        let since = text(&draft.since);
        draft.filter.changed_since = if since.is_empty() {
            None
        } else {
            match crate::input::parse_date_or_month(&since) {
                Ok(date) => Some(date.first_day()),
                Err(error) => {
                    draft.error = Some(error.message(&self.strings));
                    draft.row = 4;
                    return Some(draft);
                }
            }
        };
        if save {
            let name = text(&draft.name);
            if name.is_empty() {
                draft.error = Some(self.strings.get("filter.name_needed").to_owned());
                draft.row = 5;
                return Some(draft);
            }
            self.saved_filters
                .insert(name.clone(), draft.filter.clone());
            self.emit(Effect::SaveFilters(self.saved_filters.clone()));
            self.saved_filter_name = Some(name);
        }
        self.filter = Some(draft.filter.clone()).filter(|f| !f.is_empty());
        self.apply_filter();
        // Off a section the filter emptied, onto the first with something to show.
        let here = self.plan_view.section.selected;
        if self.sections.get(here).is_some_and(|s| s.items.is_empty())
            && let Some(first) = self.sections.iter().position(|s| !s.items.is_empty())
        {
            self.plan_view.section.select(first, self.sections.len());
        }
        if self.filter.is_some() && !save {
            let (shown, all) = self.filter_counts();
            self.notice = Some(self.strings.format(
                "filter.applied",
                &[
                    ("shown", &shown),
                    ("all", &all),
                    ("key", &self.key_name(Action::ClearFilter)),
                ],
            ));
        }
        None
    }
}

impl App {
    /// The saved filters reached `filters.ron`, or not (the filter applies either way).
    pub(super) fn filters_saved(&mut self, saved: Result<std::path::PathBuf, String>) {
        let name = self.saved_filter_name.take().unwrap_or_default();
        self.notice = Some(match saved {
            Ok(path) => self.strings.format(
                "filter.saved",
                &[("name", &name), ("path", &path.display())],
            ),
            Err(error) => self
                .strings
                .format("filter.save_failed", &[("error", &error)]),
        });
    }
}
