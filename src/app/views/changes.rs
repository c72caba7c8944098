//! View 7: every change since the previous meeting, grouped by programme or by unit.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use super::{ListCursor, Measures, ViewSearch};
use crate::app::Action;
use crate::model::annotation::{Key, Record, Stamp};
use crate::model::history_index::Grouping;

#[derive(Debug, Clone, Default)]
pub struct ChangesView {
    pub row: ListCursor,
    /// Grouped by responsible unit instead of by programme (Tab switches).
    pub by_unit: bool,
    pub search: ViewSearch,
    /// Items (or units' parts) whose steps are shown under their net change (Enter).
    pub expanded: BTreeSet<Key>,
    /// The changes gathered by item and unit, kept up to the log by `App::update`.
    pub net: NetChanges,
}

/// One line of the view: an item's (or a unit's part's) net change over the period, or,
/// when it is expanded, one of the steps that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeRow {
    /// `NetChanges::keys[n]`.
    Net(usize),
    /// A step of `keys[n]`: the record at this position of the log.
    Step(usize, usize),
}

/// The period's changes gathered by key (item and unit), in the order the view lists them:
/// a key where its first change is listed, its records in log order.
#[derive(Debug, Clone, Default)]
pub struct NetChanges {
    /// What the gathering was made from: the log's length and ends, the period, grouping.
    seen: Option<(usize, Option<String>, Option<Stamp>, bool)>,
    pub keys: Vec<NetKey>,
    /// The steps of all keys (counted once, not per frame).
    pub steps: usize,
    /// What each key's net change was, for the keys around the selection (by position in
    /// `keys`): made in `App::update`, so a frame reads them instead of replaying each
    /// visible key's history (a third of a key in this view).
    pub descriptions: FxHashMap<usize, String>,
}

/// How many lines around the selection have their net change described ahead of the frame:
/// more than a list shows on a screen of 60 rows either way.
const DESCRIBED_AROUND: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub struct NetKey {
    pub key: Key,
    /// Positions in the log, in the view's (log) order.
    pub records: Vec<usize>,
}

impl NetChanges {
    /// Gathers `order` (positions of `records`, as the view lists them) by key.
    pub fn gather(order: &[usize], records: &[Record]) -> Vec<NetKey> {
        let mut at: FxHashMap<(&str, Option<&str>), usize> = FxHashMap::default();
        let mut keys: Vec<NetKey> = Vec::new();
        for &position in order {
            let Some(record) = records.get(position) else {
                continue;
            };
            let id = (record.item.as_str(), record.owner.as_deref());
            match at.get(&id) {
                Some(&k) => keys[k].records.push(position),
                None => {
                    at.insert(id, keys.len());
                    keys.push(NetKey {
                        key: record.key(),
                        records: vec![position],
                    });
                }
            }
        }
        // Held for as long as the view is in front: no spare room per key.
        for key in &mut keys {
            key.records.shrink_to_fit();
        }
        keys.shrink_to_fit();
        keys
    }
}

impl ChangesView {
    /// Moves, expands and regroups the list of the lines it shows now.
    pub fn handle(&mut self, action: &Action, m: Measures) {
        match action {
            Action::FocusNext | Action::FocusPrev => {
                self.by_unit = !self.by_unit;
                self.row = ListCursor::default();
            }
            // Enter shows (or hides) the steps of the selected change, and stays on it.
            Action::Open => {
                let net = match self.lines_of(&self.net.keys).get(self.row.selected) {
                    Some(ChangeRow::Net(n) | ChangeRow::Step(n, _)) => n,
                    None => return,
                };
                let Some(key) = self.net.keys.get(net).map(|k| k.key.clone()) else {
                    return;
                };
                if !self.expanded.remove(&key) {
                    self.expanded.insert(key);
                }
                let rows = self.lines_of(&self.net.keys);
                let (selected, len) = (rows.row_of_net(net), rows.len());
                self.row.select(selected, len);
            }
            _ => {
                let len = self.lines_of(&self.net.keys).len();
                self.row.moved(action, len, m.page);
            }
        }
    }

    /// The lines the list shows: each key's net change, with its steps under it when
    /// expanded.
    pub fn rows(&self) -> Vec<ChangeRow> {
        self.rows_of(&self.net.keys)
    }

    /// The lines for `keys` (the view's own, or gathered for one frame).
    pub fn rows_of(&self, keys: &[NetKey]) -> Vec<ChangeRow> {
        self.lines_of(keys).iter().collect()
    }

    /// The lines for `keys`, found by position without listing them: a frame and a key
    /// need a screenful and the count, and the list has a line per item changed (28,000
    /// at 100,000 records: listing them, and looking each up among the expanded ones, was
    /// a fifth of a key in this view).
    pub fn lines_of<'a>(&self, keys: &'a [NetKey]) -> ChangeRows<'a> {
        let open: Vec<usize> = if self.expanded.is_empty() {
            Vec::new()
        } else {
            (0..keys.len())
                .filter(|&n| self.expanded.contains(&keys[n].key))
                .collect()
        };
        let len = keys.len() + open.iter().map(|&n| keys[n].records.len()).sum::<usize>();
        ChangeRows { keys, open, len }
    }
}

/// The Changes view's lines: each key's net change, and the steps of the expanded ones
/// under it ([`ChangesView::lines_of`]).
#[derive(Debug, Clone)]
pub struct ChangeRows<'a> {
    keys: &'a [NetKey],
    /// The expanded keys' positions in `keys`, in order.
    open: Vec<usize>,
    len: usize,
}

impl ChangeRows<'_> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The line at `row`.
    pub fn get(&self, row: usize) -> Option<ChangeRow> {
        if row >= self.len {
            return None;
        }
        // Lines before an expanded key: one per key, plus the steps of those before it.
        let mut steps_before = 0;
        for &n in &self.open {
            let at = n + steps_before;
            if row < at {
                break;
            }
            let steps = &self.keys[n].records;
            if row == at {
                return Some(ChangeRow::Net(n));
            }
            if row <= at + steps.len() {
                return Some(ChangeRow::Step(n, steps[row - at - 1]));
            }
            steps_before += steps.len();
        }
        Some(ChangeRow::Net(row - steps_before))
    }

    /// The line of key `n`'s net change.
    pub fn row_of_net(&self, n: usize) -> usize {
        let steps_before: usize = self
            .open
            .iter()
            .take_while(|&&open| open < n)
            .map(|&open| self.keys[open].records.len())
            .sum();
        n + steps_before
    }

    /// Every line in order, in one pass over the keys (finding each by position would
    /// walk the expanded keys once per line).
    pub fn iter(&self) -> impl Iterator<Item = ChangeRow> + '_ {
        let mut open = self.open.iter().peekable();
        self.keys.iter().enumerate().flat_map(move |(n, net)| {
            let steps = match open.next_if(|&&o| o == n) {
                Some(_) => &net.records[..],
                None => &[][..],
            };
            std::iter::once(ChangeRow::Net(n))
                .chain(steps.iter().map(move |&r| ChangeRow::Step(n, r)))
        })
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

    /// How many changes the period holds (steps, not net changes).
    pub fn changes_count(&self) -> usize {
        match self.history() {
            Some(history) => history.changes(self.changes_grouping()).len(),
            None => self.changes_since_last_meeting().len(),
        }
    }

    /// Gathers the period's changes by key again when the log, the period or the grouping
    /// changed since the last time (once per change of the log, not per frame); only while
    /// the view is in front.
    pub(crate) fn sync_net_changes(&mut self) {
        if self.net_changes_current() {
            return;
        }
        let seen = self.net_changes_seen();
        if self.history().is_none() {
            return;
        }
        // Straight from the index (no copy of its rows: this runs with the whole history).
        let grouping = self.changes_grouping();
        let keys = NetChanges::gather(
            self.history.changes(grouping),
            self.annotations.log.records(),
        );
        let steps = keys.iter().map(|k| k.records.len()).sum();
        self.changes_view.net = NetChanges {
            seen,
            keys,
            steps,
            descriptions: FxHashMap::default(),
        };
        let rows = self
            .changes_view
            .lines_of(&self.changes_view.net.keys)
            .len();
        let selected = self.changes_view.row.selected;
        self.changes_view.row.select(selected, rows);
    }

    /// Describes the net changes of the lines around the selection that are not described
    /// yet (after a move, the one or two lines that came into reach), and forgets those far
    /// from it.
    pub(crate) fn describe_changes_near_selection(&mut self) {
        if !self.net_changes_current() {
            return;
        }
        let view = &self.changes_view;
        let rows = view.lines_of(&view.net.keys);
        let selected = view.row.selected;
        let near = selected.saturating_sub(DESCRIBED_AROUND)
            ..(selected + DESCRIBED_AROUND).min(rows.len());
        let mut missing: Vec<usize> = Vec::new();
        for row in near {
            if let Some(ChangeRow::Net(n)) = rows.get(row)
                && !view.net.descriptions.contains_key(&n)
            {
                missing.push(n);
            }
        }
        let centre = match rows.get(selected) {
            Some(ChangeRow::Net(n) | ChangeRow::Step(n, _)) => n,
            None => 0,
        };
        let described: Vec<(usize, String)> = missing
            .into_iter()
            .map(|n| (n, self.net_description(&self.changes_view.net.keys[n])))
            .collect();
        let descriptions = &mut self.changes_view.net.descriptions;
        descriptions.extend(described);
        if descriptions.len() > 4 * DESCRIBED_AROUND {
            descriptions.retain(|&n, _| n.abs_diff(centre) <= 2 * DESCRIBED_AROUND);
        }
    }

    /// Key `n`'s net change (`net`): as described ahead of the frame, when the view's own
    /// keys are drawn and it is, else described now.
    pub fn net_description_of(&self, n: usize, net: &NetKey) -> String {
        let ahead = self
            .net_changes_current()
            .then(|| self.changes_view.net.descriptions.get(&n));
        match ahead.flatten() {
            Some(described) => described.clone(),
            None => self.net_description(net),
        }
    }

    fn net_changes_seen(&self) -> Option<(usize, Option<String>, Option<Stamp>, bool)> {
        let records = self.annotations.log.records();
        Some((
            records.len(),
            records.last().map(|r| r.id.to_string()),
            self.last_meeting().map(|m| m.opened_at),
            self.changes_view.by_unit,
        ))
    }

    /// Whether the view's gathering is up to the log (always after `update`, while the
    /// view is in front).
    pub fn net_changes_current(&self) -> bool {
        self.changes_view.net.seen == self.net_changes_seen()
    }

    /// The lines the Changes view lists now.
    pub fn change_rows(&self) -> Vec<ChangeRow> {
        self.changes_view.rows()
    }

    /// The net change of one key over the period, in words: "状态 未标注 → 正常推进 · 进度
    /// 40% → 60% · 备注 “…”" — however many steps it took (a status cycled five times is one
    /// change; a note written, undone and redone is that note once). Changes that cancel
    /// out say so.
    pub fn net_description(&self, net: &NetKey) -> String {
        use crate::model::annotation::{AnnotationLog, Field};
        let log = &self.annotations.log;
        let records = log.records();
        let in_period: Vec<&Record> = net.records.iter().filter_map(|&p| records.get(p)).collect();
        let Some(first) = in_period.first() else {
            return String::new();
        };
        let key = &net.key;
        // The key's state before the period: its records that come before the first one.
        let earlier = log
            .history(&key.item)
            .into_iter()
            .filter(|r| {
                r.owner.as_deref() == key.owner.as_deref() && Record::order(r, first).is_lt()
            })
            .cloned();
        let before_log = AnnotationLog::from_records(earlier);
        let was = before_log.annotation(&key.item, key.owner.as_deref());
        let now = log.annotation(&key.item, key.owner.as_deref());
        let measure = self
            .loaded
            .index
            .get(&key.item)
            .and_then(|e| e.path.resolve(&self.loaded.plan))
            .map(|node| match node {
                crate::model::Node::Target(t) => t.unit.clone(),
                crate::model::Node::DepartmentRow(r) => r.unit.clone(),
                _ => String::new(),
            })
            .unwrap_or_default();
        let part = crate::export::minutes::net_change(
            &self.loaded.plan,
            key,
            was,
            now,
            &in_period,
            &measure,
            self.lang == crate::i18n::Lang::En,
        );
        let s = |k: &str| self.strings.get(k).to_owned();
        let marks = crate::text::Marks::for_ascii(self.theme.ascii);
        let status = |v: Option<crate::model::annotation::Status>| {
            v.map_or_else(|| s("status.none"), |v| s(v.key()))
        };
        let percent = |v: Option<u8>| v.map_or_else(|| s("status.none"), |v| format!("{v}%"));
        let mut parts = Vec::new();
        if part.status_before != part.status_after {
            parts.push(format!(
                "{} {} {} {}",
                s("label.status"),
                status(part.status_before),
                marks.arrow,
                status(part.status_after)
            ));
        }
        if part.progress_before != part.progress_after {
            parts.push(format!(
                "{} {} {} {}",
                s("label.progress"),
                percent(part.progress_before),
                marks.arrow,
                percent(part.progress_after)
            ));
        }
        for (figure, as_of) in &part.actuals {
            parts.push(format!("{} {figure} ({as_of})", s("label.actual")));
        }
        let shown =
            |text: &str| -> String { text.lines().next().unwrap_or("").chars().take(24).collect() };
        let text = |a: Option<&crate::model::annotation::Annotation>, field: Field| {
            a.and_then(|a| a.text(field)).map(|l| l.value.clone())
        };
        for field in [
            Field::Note,
            Field::ProgressText,
            Field::Problems,
            Field::NextSteps,
        ] {
            let (before, after) = (text(was, field), text(now, field));
            match (before, after) {
                (b, Some(a)) if b.as_ref() != Some(&a) => {
                    parts.push(format!(
                        "{} {}",
                        s(field.label_key()),
                        marks.quote(&shown(&a))
                    ));
                }
                (Some(_), None) => {
                    parts.push(format!(
                        "{} {} {}",
                        s(field.label_key()),
                        marks.arrow,
                        s("history.cleared")
                    ));
                }
                _ => {}
            }
        }
        if parts.is_empty() {
            return self
                .strings
                .format("ui.changes.cancelled", &[("count", &in_period.len())]);
        }
        parts.join(marks.separator)
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
        let owner = record.owner.as_deref().map(str::to_owned);
        owner.unwrap_or_else(|| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The lines as the view listed them before: every key, and the steps of the expanded
    /// ones under it.
    fn listed(view: &ChangesView) -> Vec<ChangeRow> {
        let mut rows = Vec::new();
        for (n, net) in view.net.keys.iter().enumerate() {
            rows.push(ChangeRow::Net(n));
            if view.expanded.contains(&net.key) {
                rows.extend(net.records.iter().map(|&r| ChangeRow::Step(n, r)));
            }
        }
        rows
    }

    proptest! {
        /// Keys of one to four steps, any of them expanded: each line found by position is
        /// the listed line, the count is the list's, and a key's net change is where the
        /// list has it.
        #[test]
        fn lines_by_position_are_the_listed_lines(
            keys in proptest::collection::vec((1usize..5, any::<bool>()), 0..40),
        ) {
            let mut view = ChangesView::default();
            let mut position = 0;
            for (n, (steps, open)) in keys.iter().enumerate() {
                let key = Key::new(&format!("item{n}"), None);
                if *open {
                    view.expanded.insert(key.clone());
                }
                view.net.keys.push(NetKey {
                    key,
                    records: (position..position + steps).collect(),
                });
                position += steps;
            }
            let listed = listed(&view);
            let rows = view.lines_of(&view.net.keys);
            prop_assert_eq!(rows.len(), listed.len());
            prop_assert_eq!(rows.iter().collect::<Vec<_>>(), listed.clone());
            prop_assert_eq!(rows.get(listed.len()), None);
            for (row, line) in listed.iter().enumerate() {
                if let ChangeRow::Net(n) = line {
                    prop_assert_eq!(rows.row_of_net(*n), row);
                }
            }
        }
    }
}
