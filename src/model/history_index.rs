//! What the Changes view and the Dashboard show of the status history, computed once per
//! change of the log instead of once per frame (issue 15): at 100,000 records the Changes
//! view sorted every record on every frame (122–140 ms) and the Dashboard sorted every
//! annotated key twice (24–42 ms).
//!
//! [`HistoryIndex::sync`] brings it up to a log: records appended since the last call are
//! filed one by one (a binary search each), anything else (a log read again, a conflict
//! that replaced a record, a meeting that moved "since") rebuilds it from the log. What
//! it holds are positions in [`AnnotationLog::records`] and statuses by plan position;
//! the views read the records themselves.
//!
//! [`HistoryIndex::is_current`] says whether it was synced with exactly this log, so a
//! view can fall back to computing from the log (the same functions the tests compare
//! the index with) should a log ever be drawn that it was not synced with.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use rustc_hash::FxHasher;

use crate::model::annotation::{AnnotationLog, Key, Record, Stamp, Status};
use crate::model::progress::{self, Light};
use crate::model::{Node, Plan, PlanIndex, query};
use crate::text::pinyin::{Query, SearchIndex, SearchText};

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// How the Changes view groups its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// By programme, in the plan's order (records of items outside any programme last).
    Programme,
    /// By responsible unit, in the plan's order of units: the record's unit, else its
    /// item's lead unit (unknown units last).
    Unit,
}

/// Which log the index was last brought up to, told apart cheaply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Seen {
    records: usize,
    conflicts: usize,
    /// Where the log keeps its records: another log (read again, cut at a date) is
    /// almost always elsewhere. Together with the ids below, a replaced log is noticed.
    address: usize,
    first: Option<String>,
    last: Option<String>,
}

impl Seen {
    fn of(log: &AnnotationLog) -> Seen {
        let records = log.records();
        Seen {
            records: records.len(),
            conflicts: log.conflicts().len(),
            address: records.as_ptr() as usize,
            first: records.first().map(|r| r.id.to_string()),
            last: records.last().map(|r| r.id.to_string()),
        }
    }

    /// Whether `log` is this one with records appended (or exactly this one). A log whose
    /// records moved (another log, or this one grown past its room, now and then) is
    /// not: it is indexed again.
    fn is_prefix_of(&self, log: &AnnotationLog) -> bool {
        let records = log.records();
        records.len() >= self.records
            && (self.records == 0 || records.as_ptr() as usize == self.address)
            && log.conflicts().len() == self.conflicts
            && records.first().map(|r| r.id.as_str()) == self.first.as_deref()
            && self
                .records
                .checked_sub(1)
                .map(|last| records[last].id.as_str())
                == self.last.as_deref()
    }

    fn is(&self, log: &AnnotationLog) -> bool {
        let records = log.records();
        records.len() == self.records && self.is_prefix_of(log)
    }
}

/// The plan's side of the ranks: each item's programme and lead unit, each unit's place.
#[derive(Debug, Clone, Default)]
struct Ranks {
    /// By item id: (programme, the position of its lead unit), `usize::MAX` for none.
    items: FxMap<String, (usize, usize)>,
    /// Unit id → position in the plan's list of units.
    units: FxMap<String, usize>,
}

impl Ranks {
    fn new(plan: &Plan, index: &PlanIndex) -> Ranks {
        let mut units: FxMap<String, usize> = FxMap::default();
        for (position, owner) in plan.owners.iter().enumerate() {
            // The first, should an id repeat.
            units.entry(owner.id.clone()).or_insert(position);
        }
        let mut items: FxMap<String, (usize, usize)> = FxMap::default();
        for entry in &index.entries {
            if items.contains_key(&entry.id) {
                continue;
            }
            // The position the plan's index gives the id (its first, should it repeat).
            let Some(position) = index.position(&entry.id) else {
                continue;
            };
            let programme = entry.path.programme().unwrap_or(usize::MAX);
            let lead = lead_unit(plan, index, position)
                .and_then(|unit| units.get(unit).copied())
                .unwrap_or(usize::MAX);
            items.insert(entry.id.clone(), (programme, lead));
        }
        Ranks { items, units }
    }

    fn of(&self, record: &Record) -> (usize, usize) {
        let (programme, lead) = self
            .items
            .get(record.item.as_str())
            .copied()
            .unwrap_or((usize::MAX, usize::MAX));
        let unit = match &record.owner {
            Some(unit) => self.units.get(unit.as_str()).copied().unwrap_or(usize::MAX),
            None => lead,
        };
        (programme, unit)
    }
}

/// The lead unit of the item at `position`: its own, or (a target) its parent's.
fn lead_unit<'a>(plan: &'a Plan, index: &PlanIndex, position: usize) -> Option<&'a str> {
    index.entries.get(position)?;
    index.entries[position]
        .path
        .resolve(plan)
        .and_then(|n| n.owners())
        .or_else(|| query::target_owner(plan, index, position))
        .map(|o| o.lead.as_str())
}

/// What a target's light is judged against: the review date and the margin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Review {
    pub date: jiff::civil::Date,
    pub margin: f64,
}

/// The plan a history is indexed for, and how its targets are judged.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub plan: &'a Plan,
    pub index: &'a PlanIndex,
    pub review: Review,
}

/// How many items of a group have each status (none: `none`) and each light.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// In [`Status::ALL`] order.
    pub statuses: [usize; Status::ALL.len()],
    pub none: usize,
    /// In [`Light::ALL`] order (targets only).
    pub lights: [usize; Light::ALL.len()],
}

/// The Dashboard's groups: each programme's sub-tasks, sub-items and their targets, then
/// each unit's lead items (a unit's part's status, else the item's).
#[derive(Debug, Clone, Default)]
struct Groups {
    /// (plan position, the unit whose part counts) of each member, per group.
    members: Vec<Vec<(usize, Option<usize>)>>,
    programmes: usize,
    /// Plan position → the groups it is a member of.
    of_entry: FxMap<usize, Vec<usize>>,
    tallies: Vec<Tally>,
}

impl Groups {
    fn new(
        plan: &Plan,
        index: &PlanIndex,
        units: &FxMap<String, usize>,
        assignments: &HashMap<String, Vec<query::Assignment>>,
    ) -> Groups {
        let targets: std::collections::HashSet<usize> = query::targets(plan, index)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        let mut members: Vec<Vec<(usize, Option<usize>)>> = vec![Vec::new(); plan.programmes.len()];
        for (position, entry) in index.entries.iter().enumerate() {
            let programme = match entry.path {
                crate::model::ItemPath::Task(p, _) | crate::model::ItemPath::SubItem(p, _, _) => p,
                _ => continue,
            };
            let Some(group) = members.get_mut(programme) else {
                continue;
            };
            group.push((position, None));
            for (child, _) in index.children(position) {
                if targets.contains(&child) {
                    group.push((child, None));
                }
            }
        }
        let programmes = members.len();
        for owner in &plan.owners {
            let unit = units.get(&owner.id).copied();
            let leads = assignments
                .get(&owner.id)
                .into_iter()
                .flatten()
                .filter(|a| a.role == query::Role::Lead)
                .map(|a| (a.entry, unit))
                .collect();
            members.push(leads);
        }
        let mut of_entry: FxMap<usize, Vec<usize>> = FxMap::default();
        for (group, list) in members.iter().enumerate() {
            for &(position, _) in list {
                let groups = of_entry.entry(position).or_default();
                if groups.last() != Some(&group) {
                    groups.push(group);
                }
            }
        }
        let tallies = vec![Tally::default(); members.len()];
        Groups {
            members,
            programmes,
            of_entry,
            tallies,
        }
    }
}

/// The Changes view's rows and the Dashboard's counts for one log and one plan.
#[derive(Debug, Clone, Default)]
pub struct HistoryIndex {
    seen: Seen,
    since: Option<Stamp>,
    ranks: Ranks,
    /// Positions of the records since `since`, by programme then in log order
    /// ([`Record::order`]), and by unit then in log order.
    by_programme: Vec<usize>,
    by_unit: Vec<usize>,
    /// Per plan position, the status of the item as a whole.
    whole: Vec<Option<Status>>,
    /// (plan position, unit position) → the status of that unit's part.
    parts: FxMap<(usize, usize), Status>,
    /// Annotated keys whose item, or unit, the plan does not have.
    orphans: BTreeSet<Key>,
    /// Per plan position, a target's light at `review` (none for what is not a target).
    lights: Vec<Option<Light>>,
    review: Option<Review>,
    groups: Groups,
}

/// What an index takes from the plan alone: each item's programme and lead unit, each
/// unit's place, the Dashboard's groups. Most of an index's cost for a large plan (the
/// plan's assignments, a map of every item): the app builds it on a thread after the first
/// frame, which needs none of it.
#[derive(Debug, Clone, Default)]
pub struct PlanSide {
    ranks: Ranks,
    groups: Groups,
}

impl PlanSide {
    pub fn new(plan: &Plan, index: &PlanIndex) -> PlanSide {
        PlanSide::with_assignments(plan, index, &query::assignments(plan, index))
    }

    /// [`PlanSide::new`] with the plan's [`query::assignments`] computed already (the
    /// app has them: computed once, not again for the index).
    pub fn with_assignments(
        plan: &Plan,
        index: &PlanIndex,
        assignments: &HashMap<String, Vec<query::Assignment>>,
    ) -> PlanSide {
        let ranks = Ranks::new(plan, index);
        let groups = Groups::new(plan, index, &ranks.units, assignments);
        PlanSide { ranks, groups }
    }
}

impl HistoryIndex {
    /// An index for `plan`, of no records yet.
    pub fn new(plan: &Plan, index: &PlanIndex) -> HistoryIndex {
        HistoryIndex::from_plan_side(PlanSide::new(plan, index), index)
    }

    /// An index of no records yet from its plan side, built for the plan of `index`.
    pub fn from_plan_side(side: PlanSide, index: &PlanIndex) -> HistoryIndex {
        let mut history = HistoryIndex {
            ranks: side.ranks,
            whole: vec![None; index.entries.len()],
            groups: side.groups,
            ..HistoryIndex::default()
        };
        history.recount_all();
        history
    }

    /// Brings the index up to `log`, changes since `since` (all of them when `None`).
    /// Cheap when nothing changed; a record appended costs a binary search and the
    /// re-reading of its key's state.
    pub fn sync(&mut self, log: &AnnotationLog, since: Option<Stamp>, context: Context) {
        if self.review != Some(context.review) {
            self.review = Some(context.review);
            self.lights = (0..context.index.entries.len())
                .map(|position| light(log, context, position))
                .collect();
            self.recount_all();
        }
        if self.since == since && self.seen.is(log) {
            return;
        }
        let index = context.index;
        if self.since != since || !self.seen.is_prefix_of(log) {
            self.rebuild(log, since, context);
            return;
        }
        let records = log.records();
        let new = self.seen.records..records.len();
        if new.len() > records.len() / 4 + 64 {
            // Most of the log is new: sorting it all is quicker than inserting each.
            self.rebuild(log, since, context);
            return;
        }
        let mut touched: Vec<usize> = Vec::new();
        for at in new {
            let record = &records[at];
            if let Some(position) = index.position(&record.item)
                && let Some(groups) = self.groups.of_entry.get(&position)
            {
                touched.extend(groups);
            }
            if since.is_none_or(|s| record.at >= s) {
                let (programme, unit) = self.ranks.of(record);
                insert_sorted(
                    &mut self.by_programme,
                    records,
                    at,
                    |p| self.ranks.of(&records[p]).0,
                    programme,
                );
                insert_sorted(
                    &mut self.by_unit,
                    records,
                    at,
                    |p| self.ranks.of(&records[p]).1,
                    unit,
                );
            }
            self.file_state(log, &record.key(), index);
            if record.owner.is_none()
                && let Some(position) = index.position(&record.item)
            {
                self.lights[position] = light(log, context, position);
            }
        }
        touched.sort_unstable();
        touched.dedup();
        for group in touched {
            self.recount(group);
        }
        self.seen = Seen::of(log);
    }

    /// Counts a group's members again.
    fn recount(&mut self, group: usize) {
        let mut tally = Tally::default();
        for &(position, unit) in &self.groups.members[group] {
            match self.status_of(position, unit) {
                Some(status) => {
                    let n = Status::ALL.iter().position(|&s| s == status).unwrap_or(0);
                    tally.statuses[n] += 1;
                }
                None => tally.none += 1,
            }
            if let Some(light) = self.light(position) {
                let n = Light::ALL.iter().position(|&l| l == light).unwrap_or(0);
                tally.lights[n] += 1;
            }
        }
        self.groups.tallies[group] = tally;
    }

    fn recount_all(&mut self) {
        for group in 0..self.groups.members.len() {
            self.recount(group);
        }
    }

    /// Programme `p`'s sub-tasks, sub-items and their targets, by status and light.
    pub fn programme_tally(&self, programme: usize) -> Option<&Tally> {
        (programme < self.groups.programmes)
            .then(|| self.groups.tallies.get(programme))
            .flatten()
    }

    /// The items unit `n` (its place in the plan's list of units) leads, by the status of
    /// its part (else the item's) and light; none when it leads nothing.
    pub fn unit_tally(&self, unit: usize) -> Option<&Tally> {
        let group = self.groups.programmes + unit;
        self.groups
            .members
            .get(group)
            .filter(|m| !m.is_empty())
            .and(self.groups.tallies.get(group))
    }

    /// Everything again from the log.
    fn rebuild(&mut self, log: &AnnotationLog, since: Option<Stamp>, context: Context) {
        let index = context.index;
        let records = log.records();
        let mut changes: Vec<(usize, usize, usize)> = records
            .iter()
            .enumerate()
            .filter(|(_, r)| since.is_none_or(|s| r.at >= s))
            .map(|(at, r)| {
                let (programme, unit) = self.ranks.of(r);
                (programme, unit, at)
            })
            .collect();
        // A file is mostly in time order already: the stable sort finds its runs.
        changes.sort_by(|a, b| Record::order(&records[a.2], &records[b.2]));
        // Stable: log order within each group.
        let mut by_unit = changes.clone();
        changes.sort_by_key(|&(programme, _, _)| programme);
        self.by_programme = changes.iter().map(|&(_, _, at)| at).collect();
        drop(changes);
        by_unit.sort_by_key(|&(_, unit, _)| unit);
        self.by_unit = by_unit.iter().map(|&(_, _, at)| at).collect();
        self.whole = vec![None; index.entries.len()];
        self.parts.clear();
        self.orphans.clear();
        for annotation in log.annotations() {
            self.file_key_state(annotation, index);
        }
        self.lights = (0..index.entries.len())
            .map(|position| light(log, context, position))
            .collect();
        self.recount_all();
        self.since = since;
        self.seen = Seen::of(log);
    }

    /// Re-reads the state of one key from the log.
    fn file_state(&mut self, log: &AnnotationLog, key: &Key, index: &PlanIndex) {
        match log.annotation(&key.item, key.owner.as_deref()) {
            Some(annotation) => self.file_key_state(annotation, index),
            None => self.forget(key, index),
        }
    }

    fn file_key_state(
        &mut self,
        annotation: &crate::model::annotation::Annotation,
        index: &PlanIndex,
    ) {
        let key = &annotation.key;
        let status = annotation.status.as_ref().map(|s| s.value);
        let position = index.position(&key.item);
        let unit = key.owner.as_ref().map(|u| self.ranks.units.get(u).copied());
        match (position, unit) {
            (Some(position), None) => self.whole[position] = status,
            (Some(position), Some(Some(unit))) => match status {
                Some(status) => {
                    self.parts.insert((position, unit), status);
                }
                None => {
                    self.parts.remove(&(position, unit));
                }
            },
            _ => {
                self.orphans.insert(key.clone());
            }
        }
    }

    fn forget(&mut self, key: &Key, index: &PlanIndex) {
        let position = index.position(&key.item);
        let unit = key.owner.as_ref().map(|u| self.ranks.units.get(u).copied());
        match (position, unit) {
            (Some(position), None) => self.whole[position] = None,
            (Some(position), Some(Some(unit))) => {
                self.parts.remove(&(position, unit));
            }
            _ => {
                self.orphans.remove(key);
            }
        }
    }

    /// Whether the index was brought up to exactly this log and this "since".
    pub fn is_current(&self, log: &AnnotationLog, since: Option<Stamp>, review: Review) -> bool {
        self.since == since && self.review == Some(review) && self.seen.is(log)
    }

    /// Positions (in the log's records) of the changes since "since", grouped.
    pub fn changes(&self, grouping: Grouping) -> &[usize] {
        match grouping {
            Grouping::Programme => &self.by_programme,
            Grouping::Unit => &self.by_unit,
        }
    }

    /// The status of the item at plan position `position` as a whole.
    pub fn status(&self, position: usize) -> Option<Status> {
        self.whole.get(position).copied().flatten()
    }

    /// The status shown for a unit's part: its own, else the item's as a whole.
    pub fn status_of(&self, position: usize, unit: Option<usize>) -> Option<Status> {
        unit.and_then(|u| self.parts.get(&(position, u)).copied())
            .or_else(|| self.status(position))
    }

    /// Per plan position, the item's status as a whole.
    pub fn statuses(&self) -> &[Option<Status>] {
        &self.whole
    }

    /// The light of the target at plan position `position` (none for anything else).
    pub fn light(&self, position: usize) -> Option<Light> {
        self.lights.get(position).copied().flatten()
    }

    /// Annotated keys the plan does not have (item or unit), sorted.
    pub fn orphans(&self) -> impl Iterator<Item = &Key> {
        self.orphans.iter()
    }

    pub fn orphan_count(&self) -> usize {
        self.orphans.len()
    }
}

/// The light of the item at `position` if it is a target: its actual values in the log
/// against its path to the goal, at the review date.
pub fn light(log: &AnnotationLog, context: Context, position: usize) -> Option<Light> {
    let entry = context.index.entries.get(position)?;
    let Some(Node::Target(target)) = entry.path.resolve(context.plan) else {
        return None;
    };
    let actuals: Vec<(jiff::civil::Date, f64)> = log
        .annotation(&target.id, None)
        .map(|a| a.actuals.iter().map(|p| (p.as_of, p.value)).collect())
        .unwrap_or_default();
    Some(
        progress::assess(
            target,
            context.plan.meta.period.start,
            &actuals,
            context.review.date,
            context.review.margin,
        )
        .light,
    )
}

/// Inserts record position `at` into `rows`, sorted by (rank, [`Record::order`]).
fn insert_sorted(
    rows: &mut Vec<usize>,
    records: &[Record],
    at: usize,
    rank_of: impl Fn(usize) -> usize,
    rank: usize,
) {
    let record = &records[at];
    let place = rows.partition_point(|&p| match rank_of(p).cmp(&rank) {
        Ordering::Less => true,
        Ordering::Greater => false,
        Ordering::Equal => Record::order(&records[p], record) == Ordering::Less,
    });
    rows.insert(place, at);
}

/// The changes since `since`, grouped, computed from the log alone: what the Changes view
/// computed on every frame before the index, and what the index is tested against.
pub fn changes_from_log<'a>(
    log: &'a AnnotationLog,
    since: Option<Stamp>,
    plan: &Plan,
    index: &PlanIndex,
    grouping: Grouping,
) -> Vec<&'a Record> {
    let ranks = Ranks::new(plan, index);
    let mut records: Vec<&Record> = log
        .records()
        .iter()
        .filter(|r| since.is_none_or(|at| r.at >= at))
        .collect();
    records.sort_by(|a, b| Record::order(a, b));
    match grouping {
        Grouping::Programme => records.sort_by_key(|r| ranks.of(r).0),
        Grouping::Unit => records.sort_by_key(|r| ranks.of(r).1),
    }
    records
}

// ---- the notes in force, prepared for search ---------------------------------------------

/// How a key matched a search in [`NotesIndex::find`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoteMatch {
    /// Its note in force, by characters, full pinyin or initials.
    Note,
    /// One of its actual values in force, by the figure's characters.
    Actual,
}

/// Every key's note in force and actual values, prepared for searching (the Plan view's
/// `/` and the go-to palette): a keystroke used to scan every record of the history for a
/// plain substring (8.7 ms at 100,000 records against 0.55 ms for the plan alone), and
/// notes could not be found by pinyin. Brought up to the log by [`NotesIndex::sync`] —
/// appended records re-read only their keys' state — and searched as the plan's corpus
/// is: a query typed on from an earlier one looks only among the earlier one's hits.
#[derive(Debug, Clone, Default)]
pub struct NotesIndex {
    built: bool,
    seen: Seen,
    /// The notes' prepared texts; a key whose note changes gets a new text (the old one
    /// stays, unused, until the index is built again).
    texts: SearchIndex,
    /// The text prepared for each note as written: a note many keys carry (the same
    /// words recorded on several items) is prepared, and matched, once. The key is the
    /// note the records hold, shared, not a copy.
    text_of: FxMap<crate::model::annotation::Text, usize>,
    keys: Vec<KeyNotes>,
    slots: FxMap<Key, usize>,
    /// Earlier queries of this typing (each covering the next) and the keys they found,
    /// by note or by a figure holding the characters typed.
    narrowed: Vec<(Query, String, Vec<u32>)>,
}

/// A key, its item's plan position, its note in force and its actual values.
type KeySnapshot = (
    Key,
    Option<usize>,
    Option<crate::model::annotation::Text>,
    Vec<f64>,
);

/// What the notes index needs of a log, taken on the app's thread (cheap: each key with
/// its plan position, its note in force shared with the record, its actual values) so
/// that the index can be built on another ([`NotesIndex::from_snapshot`]).
#[derive(Debug, Default)]
pub struct NotesSnapshot {
    keys: Vec<KeySnapshot>,
    seen: Seen,
}

impl NotesSnapshot {
    /// The bytes of the notes it holds (a note several keys carry, as often).
    pub fn note_bytes(&self) -> usize {
        self.keys
            .iter()
            .filter_map(|(_, _, note, _)| note.as_ref().map(|n| n.len()))
            .sum()
    }
}

#[derive(Debug, Clone)]
struct KeyNotes {
    /// The plan position of the key's item; `None` for an item the plan does not have.
    position: Option<usize>,
    /// Its note in force, as a text of [`NotesIndex::texts`].
    note: Option<usize>,
    /// Its actual values in force, formatted as the screens show them.
    figures: Vec<String>,
}

/// Queries kept for narrowing; older ones are forgotten.
const NARROWED: usize = 64;

impl NotesIndex {
    /// Brings the index up to `log`: records appended since the last call re-read their
    /// keys; another log (read again, a conflict that replaced a record) builds it again.
    pub fn sync(&mut self, log: &AnnotationLog, index: &PlanIndex) {
        if self.built && self.seen.is(log) {
            return;
        }
        self.narrowed.clear();
        if !self.built || !self.seen.is_prefix_of(log) {
            *self = NotesIndex {
                built: true,
                ..NotesIndex::default()
            };
            for annotation in log.annotations() {
                self.file(annotation.key.clone(), Some(annotation), index);
            }
        } else {
            let records = log.records();
            let mut keys: Vec<Key> = records[self.seen.records..]
                .iter()
                .map(Record::key)
                .collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let annotation = log.annotation(&key.item, key.owner.as_deref());
                self.file(key, annotation, index);
            }
        }
        self.seen = Seen::of(log);
    }

    /// What [`NotesIndex::from_snapshot`] needs of `log`, to build the index on another
    /// thread: the slow part (preparing each note's characters and pinyin, formatting the
    /// figures, filing every key) happens there.
    pub fn snapshot(log: &AnnotationLog, index: &PlanIndex) -> NotesSnapshot {
        NotesSnapshot {
            keys: log
                .annotations()
                .into_iter()
                .map(|a| {
                    (
                        a.key.clone(),
                        index.position(&a.key.item),
                        a.note.as_ref().map(|n| n.value.clone()),
                        a.actuals.iter().map(|p| p.value).collect(),
                    )
                })
                .collect(),
            seen: Seen::of(log),
        }
    }

    /// The index of the log `snapshot` was taken of, on any thread; [`NotesIndex::sync`]
    /// then brings it up to the log as it is now (records appended meanwhile).
    pub fn from_snapshot(snapshot: NotesSnapshot) -> NotesIndex {
        let mut built = NotesIndex {
            built: true,
            ..NotesIndex::default()
        };
        for (key, position, note, actuals) in snapshot.keys {
            built.file_parts(key, position, note.as_ref(), &actuals);
        }
        built.seen = snapshot.seen;
        built
    }

    fn file(
        &mut self,
        key: Key,
        annotation: Option<&crate::model::annotation::Annotation>,
        index: &PlanIndex,
    ) {
        let position = index.position(&key.item);
        let note = annotation.and_then(|a| a.note.as_ref()).map(|n| &n.value);
        let actuals: Vec<f64> =
            annotation.map_or_else(Vec::new, |a| a.actuals.iter().map(|p| p.value).collect());
        self.file_parts(key, position, note, &actuals);
    }

    /// Files `key`'s note in force (prepared once per distinct note) and its actual values.
    fn file_parts(
        &mut self,
        key: Key,
        position: Option<usize>,
        note: Option<&crate::model::annotation::Text>,
        actuals: &[f64],
    ) {
        let note = note.map(|value| match self.text_of.get(value) {
            Some(&text) => text,
            None => {
                let text = self.texts.push(value);
                self.text_of.insert(value.clone(), text);
                text
            }
        });
        let figures = actuals
            .iter()
            .map(|&value| crate::model::validate::format_figure(value))
            .collect();
        let slot = match self.slots.get(&key) {
            Some(&slot) => slot,
            None => {
                self.keys.push(KeyNotes {
                    position,
                    note: None,
                    figures: Vec::new(),
                });
                self.slots.insert(key, self.keys.len() - 1);
                self.keys.len() - 1
            }
        };
        if let Some(entry) = self.keys.get_mut(slot) {
            entry.note = note;
            entry.figures = figures;
        }
    }

    /// The plan positions whose notes in force match `query` (characters, pinyin or
    /// initials, as the plan's texts are searched), or whose actual values in force hold
    /// its characters (a query with a digit only); a position once, by its note where
    /// both match. In plan order.
    pub fn find(&mut self, query: &str) -> Vec<(usize, NoteMatch)> {
        let prepared = Query::new(query);
        if prepared.is_empty() {
            return Vec::new();
        }
        let typed = query.trim().to_owned();
        while self
            .narrowed
            .last()
            .is_some_and(|(earlier, earlier_typed, _)| {
                !(earlier.covers(&prepared) && typed.starts_with(earlier_typed.as_str()))
            })
        {
            self.narrowed.pop();
        }
        let matcher = self.texts.matcher(&prepared);
        // Each text matched once per keystroke however many keys carry it (0: not yet).
        let mut memo = vec![0u8; self.texts.len()];
        let mut note_matches = |text: usize| match memo.get(text).copied() {
            Some(0) => {
                let hit = matcher.is_match(text);
                memo[text] = 1 + u8::from(hit);
                hit
            }
            Some(known) => known == 2,
            None => false,
        };
        let mut matches = |slot: u32| -> Option<NoteMatch> {
            let key = self.keys.get(slot as usize)?;
            if key.note.is_some_and(&mut note_matches) {
                Some(NoteMatch::Note)
            } else if key.figures.iter().any(|f| f.contains(typed.as_str())) {
                Some(NoteMatch::Actual)
            } else {
                None
            }
        };
        let same = self
            .narrowed
            .last()
            .is_some_and(|(earlier, earlier_typed, _)| {
                earlier.as_str() == prepared.as_str() && *earlier_typed == typed
            });
        let mut hits: Vec<(u32, NoteMatch)> = Vec::new();
        match self.narrowed.last() {
            Some((_, _, slots)) => {
                hits.extend(slots.iter().filter_map(|&s| matches(s).map(|m| (s, m))))
            }
            None => {
                let count = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
                hits.extend((0..count).filter_map(|s| matches(s).map(|m| (s, m))));
            }
        }
        if !same {
            if self.narrowed.len() == NARROWED {
                self.narrowed.remove(0);
            }
            let slots = hits.iter().map(|&(s, _)| s).collect();
            self.narrowed.push((prepared, typed.clone(), slots));
        }
        // Only a query with a digit is looked for in a figure.
        let numeric = typed.chars().any(|c| c.is_ascii_digit());
        let mut found: Vec<(usize, NoteMatch)> = hits
            .into_iter()
            .filter(|&(_, m)| numeric || m == NoteMatch::Note)
            .filter_map(|(s, m)| Some((self.keys.get(s as usize)?.position?, m)))
            .collect();
        // By position, the note first: one per position.
        found.sort_unstable();
        found.dedup_by_key(|&mut (position, _)| position);
        found
    }
}

/// What [`NotesIndex::find`] answers, computed from the log alone: every key's note in
/// force prepared and matched on the spot, every actual in force formatted. What the
/// index is tested against.
pub fn notes_from_log(
    log: &AnnotationLog,
    index: &PlanIndex,
    query: &str,
) -> Vec<(usize, NoteMatch)> {
    let prepared = Query::new(query);
    if prepared.is_empty() {
        return Vec::new();
    }
    let typed = query.trim();
    let numeric = typed.chars().any(|c| c.is_ascii_digit());
    let mut found: Vec<(usize, NoteMatch)> = log
        .annotations()
        .into_iter()
        .filter_map(|a| {
            let position = index.position(&a.key.item)?;
            let note = a
                .note
                .as_ref()
                .is_some_and(|n| SearchText::new(&n.value).find(&prepared).is_some());
            let actual = numeric
                && a.actuals
                    .iter()
                    .any(|p| crate::model::validate::format_figure(p.value).contains(typed));
            match (note, actual) {
                (true, _) => Some((position, NoteMatch::Note)),
                (false, true) => Some((position, NoteMatch::Actual)),
                (false, false) => None,
            }
        })
        .collect();
    found.sort_unstable();
    found.dedup_by_key(|&mut (position, _)| position);
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::model::annotation::{Change, Field};

    fn context<'a>(plan: &'a Plan, index: &'a PlanIndex) -> Context<'a> {
        Context {
            plan,
            index,
            review: Review {
                date: jiff::civil::date(2023, 6, 30),
                margin: progress::DEFAULT_MARGIN,
            },
        }
    }

    fn plan() -> (Plan, PlanIndex) {
        let plan = crate::store::load_embedded().unwrap().plan;
        let index = PlanIndex::build(&plan);
        (plan, index)
    }

    /// Everything the index answers, computed from the log as the views did per frame.
    fn check(
        history: &HistoryIndex,
        log: &AnnotationLog,
        since: Option<Stamp>,
        plan: &Plan,
        index: &PlanIndex,
    ) {
        assert!(history.is_current(log, since, context(plan, index).review));
        for grouping in [Grouping::Programme, Grouping::Unit] {
            let expected: Vec<&str> = changes_from_log(log, since, plan, index, grouping)
                .iter()
                .map(|r| r.id.as_str())
                .collect();
            let got: Vec<&str> = history
                .changes(grouping)
                .iter()
                .map(|&p| log.records()[p].id.as_str())
                .collect();
            assert_eq!(got, expected, "{grouping:?}");
        }
        // The dashboard's per-frame loop over every annotated key.
        let mut whole = vec![None; index.entries.len()];
        let mut orphans = Vec::new();
        let units: HashMap<&str, usize> = plan
            .owners
            .iter()
            .enumerate()
            .map(|(p, o)| (o.id.as_str(), p))
            .collect();
        for annotation in log.annotations() {
            let key = &annotation.key;
            let known = index.position(&key.item).is_some()
                && key.owner.as_deref().is_none_or(|o| units.contains_key(o));
            if !known {
                orphans.push(key.clone());
                continue;
            }
            let position = index.position(&key.item).unwrap();
            let status = annotation.status.as_ref().map(|s| s.value);
            match &key.owner {
                None => whole[position] = status,
                Some(unit) => {
                    let unit = units[unit.as_str()];
                    assert_eq!(
                        history.parts.get(&(position, unit)).copied(),
                        status,
                        "{key}"
                    );
                }
            }
        }
        assert_eq!(history.statuses(), &whole[..]);
        // The lights the app assessed per target per frame.
        for (position, entry) in index.entries.iter().enumerate() {
            let expected = match entry.path.resolve(plan) {
                Some(Node::Target(target)) => {
                    let actuals: Vec<(jiff::civil::Date, f64)> = log
                        .annotation(&target.id, None)
                        .map(|a| a.actuals.iter().map(|p| (p.as_of, p.value)).collect())
                        .unwrap_or_default();
                    let review = context(plan, index).review;
                    let start = plan.meta.period.start;
                    Some(
                        progress::assess(target, start, &actuals, review.date, review.margin).light,
                    )
                }
                _ => None,
            };
            assert_eq!(history.light(position), expected, "{}", entry.id);
        }
        // The Dashboard's groups, counted from scratch from the answers above.
        let mut fresh = history.clone();
        fresh.recount_all();
        assert_eq!(fresh.groups.tallies, history.groups.tallies);
        assert_eq!(history.orphans().cloned().collect::<Vec<_>>(), orphans);
    }

    fn stamp(n: usize) -> Stamp {
        Stamp::parse(&format!(
            "2024-03-{:02}T{:02}:{:02}:00+08:00",
            1 + n / 1440 % 28,
            n / 60 % 24,
            n % 60
        ))
        .unwrap()
    }

    /// A log made of random changes (statuses, notes, units' parts, undos, unknown items
    /// and units, times out of order), fed to the index a few records at a time and as a
    /// whole; after each step it answers what the per-frame computation answers.
    #[test]
    fn the_index_answers_what_the_log_computed_per_frame() {
        let (plan, index) = plan();
        let ids: Vec<String> = index.entries.iter().map(|e| e.id.clone()).collect();
        let units: Vec<String> = plan.owners.iter().map(|o| o.id.clone()).collect();
        let targets: Vec<String> = index
            .entries
            .iter()
            .filter(|e| matches!(e.path.resolve(&plan), Some(Node::Target(_))))
            .map(|e| e.id.clone())
            .collect();
        assert!(!targets.is_empty());
        for seed in 1..=6u64 {
            let mut rng = crate::synthetic::Rng(seed);
            let mut log = AnnotationLog::new();
            let mut history = HistoryIndex::new(&plan, &index);
            let mut since = None;
            let mut made: Vec<String> = Vec::new();
            for step in 0..400 {
                let item = match rng.below(20) {
                    0 => format!("gone.{}", rng.below(3)),
                    1..=6 => targets[rng.below(targets.len())].clone(),
                    _ => ids[rng.below(ids.len())].clone(),
                };
                let owner = match rng.below(6) {
                    0 => Some(units[rng.below(units.len())].clone()),
                    1 => Some("no-such-unit".to_owned()),
                    _ => None,
                };
                let key = Key::new(&item, owner.as_deref());
                let mut change = Change::new(&key);
                match rng.below(5) {
                    0 => change.note = Some(format!("n{step}")),
                    4 => {
                        change.actual = Some(crate::model::annotation::Actual {
                            value: rng.below(200) as f64,
                            as_of: jiff::civil::date(2021 + rng.below(3) as i16, 6, 30),
                        })
                    }
                    1 => change.clear = vec![Field::Status],
                    _ => change.status = Some(Status::ALL[rng.below(Status::ALL.len())]),
                }
                // Now and then an undo of an earlier change, or a time before the others.
                let undo = (rng.below(10) == 0 && !made.is_empty())
                    .then(|| made[rng.below(made.len())].clone())
                    .and_then(|id| log.undo_change(&id).ok());
                let change = undo.unwrap_or(change);
                let at = if rng.below(8) == 0 {
                    rng.below(step + 1)
                } else {
                    step * 7
                };
                let author = ["甲", "乙", "丙"][rng.below(3)].to_owned();
                let record =
                    change.into_record(format!("r{seed}-{step}").into(), stamp(at), author.into());
                made.push(record.id.to_string());
                log.insert(record);
                if rng.below(3) == 0 {
                    history.sync(&log, since, context(&plan, &index));
                    check(&history, &log, since, &plan, &index);
                }
                if step == 250 {
                    // A meeting: only what came after it.
                    since = Some(stamp(step * 7 - 300));
                }
            }
            history.sync(&log, since, context(&plan, &index));
            check(&history, &log, since, &plan, &index);
            // The same log read again (another allocation): rebuilt, the same answers.
            let again = AnnotationLog::from_records(log.records().to_vec());
            history.sync(&again, since, context(&plan, &index));
            check(&history, &again, since, &plan, &index);
            // A shorter log (another file) is not mistaken for this one.
            let short = AnnotationLog::from_records(log.records()[..100].to_vec());
            history.sync(&short, None, context(&plan, &index));
            check(&history, &short, None, &plan, &index);
        }
    }

    #[test]
    fn a_log_it_was_not_synced_with_is_not_current() {
        let (plan, index) = plan();
        let mut history = HistoryIndex::new(&plan, &index);
        let mut log = AnnotationLog::new();
        assert!(!history.is_current(&log, None, context(&plan, &index).review) || log.is_empty());
        history.sync(&log, None, context(&plan, &index));
        assert!(history.is_current(&log, None, context(&plan, &index).review));
        let id = &index.entries[3].id;
        let mut change = Change::new(&Key::new(id, None));
        change.status = Some(Status::Done);
        log.insert(change.into_record("x1".into(), stamp(1), "甲".into()));
        assert!(!history.is_current(&log, None, context(&plan, &index).review));
        history.sync(&log, None, context(&plan, &index));
        assert!(history.is_current(&log, None, context(&plan, &index).review));
        assert!(!history.is_current(&log, Some(stamp(0)), context(&plan, &index).review));
        assert_eq!(history.status(3), Some(Status::Done));
        assert_eq!(history.changes(Grouping::Programme).len(), 1);
    }
}
