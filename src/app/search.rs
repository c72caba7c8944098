//! Incremental search over titles, body text and unit names, by characters and by pinyin.
//! The searchable text of every item is prepared once, when the plan loads, so a keystroke
//! only matches; and as the query grows, only the previous hits are searched again (they
//! are kept, so Backspace costs nothing).

use std::num::NonZeroUsize;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use crate::model::history_index::{NoteMatch, NotesIndex};
use crate::model::{Node, Plan, PlanIndex};
use crate::text::pinyin::{Matcher, Query, SearchIndex};

/// Something a search can land on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// An entry of the plan index (an item, a target, an annex row).
    Entry(usize),
    /// A unit of the owner registry, by position.
    Owner(usize),
}

/// The prepared haystacks: for each entry its title and its body, for each unit its name.
///
/// Items are numbered entries first, then units: item `i < entries` is entry `i`, with
/// texts `2i` (title) and `2i + 1` (body); item `entries + j` is unit `j`, with text
/// `2 * entries + j`.
pub struct SearchCorpus {
    texts: SearchIndex,
    entries: usize,
    owners: usize,
    /// The queries typed so far and their hits (as item numbers), each query covering the
    /// next (see [`Query::covers`]): the results to narrow down from, or to go back to.
    history: Vec<(Query, Vec<u32>)>,
    /// Threads to split a large search over.
    threads: usize,
    /// Fewest candidates per thread.
    parallel_min: usize,
    /// Candidates per chunk of a split search.
    chunk: usize,
}

/// Queries kept in [`SearchCorpus::history`]; older ones are forgotten.
const HISTORY: usize = 64;

/// Fewer candidates than this are searched on one thread (starting a thread costs tens of
/// microseconds; 1,000 texts take a fraction of a millisecond).
const PARALLEL_MIN: usize = 2_000;

/// Candidates per chunk of a search split over threads.
const CHUNK: usize = 256;

impl SearchCorpus {
    pub fn build(plan: &Plan, index: &PlanIndex) -> Self {
        Self::from_texts(
            Self::texts(plan, index),
            index.entries.len(),
            plan.owners.len(),
        )
    }

    /// Builds the corpus on another thread, texts and all (taking the texts on this
    /// thread first cost the loop 23 million instructions at 10,000 sub-tasks, a key
    /// typed right after the first frame waited for them), so neither the first frame nor
    /// the first keys wait for it. The plan is shared with the thread, not copied.
    pub fn build_in_background(loaded: &std::sync::Arc<crate::store::LoadedPlan>) -> CorpusSlot {
        let shared = std::sync::Arc::clone(loaded);
        let building = thread::Builder::new()
            .name("search-index".into())
            .spawn(move || Self::build(&shared.plan, &shared.index));
        match building {
            Ok(handle) => CorpusSlot::Building(Some(handle)),
            // No thread to spare: build it here.
            Err(_) => CorpusSlot::Ready(Box::new(Self::build(&loaded.plan, &loaded.index))),
        }
    }

    /// What is searched, per entry (id and titles, then body) and per unit.
    fn texts(plan: &Plan, index: &PlanIndex) -> Vec<String> {
        let mut texts = Vec::with_capacity(index.entries.len() * 2 + plan.owners.len());
        for entry in &index.entries {
            let node = entry.path.resolve(plan);
            let title = node.map(|n| n.title()).unwrap_or("");
            let en = node.and_then(|n| n.title_en()).unwrap_or("");
            let body = match node {
                // The overview's title is generic; its texts are what one searches.
                Some(Node::Overview(o)) => {
                    format!(
                        "{}\n{}\n{}",
                        o.guiding_ideology, o.work_goals, o.main_goals_text
                    )
                }
                Some(n) => n.body().to_owned(),
                None => String::new(),
            };
            texts.push(format!("{} {title} {en}", entry.id));
            texts.push(body);
        }
        for o in &plan.owners {
            texts.push(format!("{} {}", o.id, o.name));
        }
        texts
    }

    fn from_texts(texts: Vec<String>, entries: usize, owners: usize) -> Self {
        let mut index = SearchIndex::new();
        // Each text is let go of once prepared: the copies taken from the plan do not all
        // stay beside the prepared corpus while it is built.
        for text in texts {
            index.push(&text);
        }
        index.shrink_to_fit();
        Self {
            texts: index,
            entries,
            owners,
            history: Vec::new(),
            threads: thread::available_parallelism().map_or(1, NonZeroUsize::get),
            parallel_min: PARALLEL_MIN,
            chunk: CHUNK,
        }
    }

    /// Every hit for a query, in document order (items first, then units). Empty for an
    /// empty query.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let query = Query::new(query);
        let items = self.filter(&self.texts.matcher(&query), None);
        self.hits(&items)
    }

    /// The same as [`search`](Self::search), for a query typed one keystroke at a time:
    /// when it extends an earlier query, only that query's hits are searched, and going
    /// back to an earlier query (Backspace) finds its hits kept.
    pub fn search_incremental(&mut self, query: &str) -> Vec<Hit> {
        let query = Query::new(query);
        if query.is_empty() {
            return Vec::new();
        }
        while self
            .history
            .last()
            .is_some_and(|(earlier, _)| !earlier.covers(&query))
        {
            self.history.pop();
        }
        if let Some((earlier, items)) = self.history.last()
            && earlier.as_str() == query.as_str()
        {
            return self.hits(items);
        }
        let candidates = self.history.last().map(|(_, items)| items.as_slice());
        let items = self.filter(&self.texts.matcher(&query), candidates);
        let hits = self.hits(&items);
        if self.history.len() == HISTORY {
            self.history.remove(0);
        }
        self.history.push((query, items));
        hits
    }

    /// The items among `candidates` (all if `None`) that match, in order.
    ///
    /// A large search is cut into chunks that this thread and helpers claim one at a
    /// time, so that a helper the scheduler starts late (the machine is busy compiling)
    /// costs little: this thread takes the chunks meanwhile.
    fn filter(&self, matcher: &Matcher<'_>, candidates: Option<&[u32]>) -> Vec<u32> {
        let Ok(count) = u32::try_from(self.entries + self.owners) else {
            return Vec::new();
        };
        let total = candidates.map_or(count as usize, <[u32]>::len);
        let search = |range: Range<usize>| -> Vec<u32> {
            let matches = |&item: &u32| self.item_matches(matcher, item);
            match candidates {
                Some(list) => list
                    .get(range)
                    .unwrap_or_default()
                    .iter()
                    .copied()
                    .filter(matches)
                    .collect(),
                None => (range.start as u32..range.end as u32)
                    .filter(matches)
                    .collect(),
            }
        };
        let helpers = self
            .threads
            .saturating_sub(1)
            .min(total / self.parallel_min.max(1));
        if helpers == 0 {
            return search(0..total);
        }
        let size = self.chunk.max(1);
        let chunks = total.div_ceil(size);
        let chunk = |c: usize| c * size..((c + 1) * size).min(total);
        let next = AtomicUsize::new(0);
        let work = || {
            let mut done = Vec::new();
            loop {
                let c = next.fetch_add(1, Ordering::Relaxed);
                if c >= chunks {
                    return done;
                }
                done.push((c, search(chunk(c))));
            }
        };
        let mut found: Vec<Option<Vec<u32>>> = vec![None; chunks];
        thread::scope(|scope| {
            let helpers: Vec<_> = (0..helpers).map(|_| scope.spawn(work)).collect();
            let mut done = work();
            for helper in helpers {
                // Matching does not panic; if it did, its chunks are searched again below.
                done.extend(helper.join().unwrap_or_default());
            }
            for (c, items) in done {
                if let Some(slot) = found.get_mut(c) {
                    *slot = Some(items);
                }
            }
        });
        (0..chunks)
            .zip(found)
            .flat_map(|(c, items)| items.unwrap_or_else(|| search(chunk(c))))
            .collect()
    }

    fn item_matches(&self, matcher: &Matcher<'_>, item: u32) -> bool {
        let item = item as usize;
        if item < self.entries {
            matcher.is_match(2 * item) || matcher.is_match(2 * item + 1)
        } else {
            matcher.is_match(self.entries + item)
        }
    }

    fn hits(&self, items: &[u32]) -> Vec<Hit> {
        items
            .iter()
            .map(|&item| {
                let item = item as usize;
                if item < self.entries {
                    Hit::Entry(item)
                } else {
                    Hit::Owner(item - self.entries)
                }
            })
            .collect()
    }
}

/// The search corpus: not yet built, being built on its thread, or ready.
pub enum CorpusSlot {
    NotStarted,
    Building(Option<thread::JoinHandle<SearchCorpus>>),
    Ready(Box<SearchCorpus>),
}

impl CorpusSlot {
    /// The corpus, waiting for its thread the first time if it is still building (a
    /// search typed in the first moment after start).
    pub fn get(&mut self, plan: &Plan, index: &PlanIndex) -> &mut SearchCorpus {
        if let CorpusSlot::NotStarted = self {
            *self = CorpusSlot::Ready(Box::new(SearchCorpus::build(plan, index)));
        }
        if let CorpusSlot::Building(handle) = self {
            let built = handle
                .take()
                .and_then(|h| h.join().ok())
                .unwrap_or_else(|| SearchCorpus::from_texts(Vec::new(), 0, 0));
            *self = CorpusSlot::Ready(Box::new(built));
        }
        match self {
            CorpusSlot::Ready(corpus) => corpus,
            CorpusSlot::NotStarted | CorpusSlot::Building(_) => unreachable!("built above"),
        }
    }
}

/// The notes in force being prepared for search on a thread of their own, started when
/// the history is read (preparing 100,000 records' notes took 0.2–0.4 s, which the first
/// `/` keystroke used to wait for).
#[derive(Default)]
pub enum NotesBuild {
    /// Nothing being prepared: a search brings the index up to the log itself.
    #[default]
    Idle,
    Building(thread::JoinHandle<NotesIndex>),
}

/// Notes in force of fewer bytes than this are prepared at once when the history is read
/// (well under a millisecond), not on a thread of their own.
const PREPARE_HERE: usize = 64 * 1024;

/// Wakes the runtime from another thread (the notes prepared): it answers with
/// [`Action::NotesIndexed`].
pub type Waker = std::sync::Arc<dyn Fn() + Send + Sync>;

// ---- each view's own search ------------------------------------------------------------

use super::views::search::{Origin, find_rows};
use super::views::{Found, Matched, ViewSearch};
use super::{Action, App, View};

impl App {
    /// The search of the view in front; `None` where a view has nothing to search.
    pub fn search(&self) -> Option<&ViewSearch> {
        Some(match self.view {
            View::Plan => &self.plan_view.search,
            View::Owners => &self.owners_view.search,
            View::Targets => &self.targets_view.search,
            View::Districts => &self.districts_view.search,
            View::Decisions => &self.decisions_view.search,
            View::Changes => &self.changes_view.search,
            View::Dashboard => return None,
        })
    }

    pub(super) fn search_mut(&mut self) -> Option<&mut ViewSearch> {
        Some(match self.view {
            View::Plan => &mut self.plan_view.search,
            View::Owners => &mut self.owners_view.search,
            View::Targets => &mut self.targets_view.search,
            View::Districts => &mut self.districts_view.search,
            View::Decisions => &mut self.decisions_view.search,
            View::Changes => &mut self.changes_view.search,
            View::Dashboard => return None,
        })
    }

    /// The search line is being typed into.
    pub fn searching(&self) -> bool {
        self.search().is_some_and(|s| s.editing)
    }

    /// The query of the view in front, while one is shown: the detail pane marks it.
    pub fn search_query(&self) -> Option<&str> {
        self.search().and_then(ViewSearch::active_query)
    }

    /// Where the view in front stands now.
    fn origin(&self) -> Origin {
        match self.view {
            View::Plan => Origin::Plan(self.plan_view.place()),
            View::Owners => Origin::Owners {
                focus: self.owners_view.focus,
                owner: self.owners_view.owner.clone(),
                item: self.owners_view.item.clone(),
            },
            View::Targets => Origin::Row(self.targets_view.row.clone()),
            View::Districts => Origin::Row(self.districts_view.row.clone()),
            View::Decisions => Origin::Row(self.decisions_view.row.clone()),
            View::Changes | View::Dashboard => Origin::Row(self.changes_view.row.clone()),
        }
    }

    fn go_back_to(&mut self, origin: Origin) {
        match (self.view, origin) {
            (View::Plan, Origin::Plan(place)) => self.plan_view.restore(&place, &self.sections),
            (View::Owners, Origin::Owners { focus, owner, item }) => {
                let view = &mut self.owners_view;
                (view.focus, view.owner, view.item) = (focus, owner, item);
            }
            (View::Targets, Origin::Row(row)) => self.targets_view.row = row,
            (View::Districts, Origin::Row(row)) => self.districts_view.row = row,
            (View::Decisions, Origin::Row(row)) => self.decisions_view.row = row,
            (View::Changes, Origin::Row(row)) => self.changes_view.row = row,
            _ => {}
        }
    }

    pub(super) fn begin_search(&mut self) {
        let origin = self.origin();
        match self.search_mut() {
            Some(search) => search.begin(origin),
            None => self.notice = Some(self.strings.get("search.not_here").to_owned()),
        }
    }

    pub(super) fn update_search_input(&mut self, action: Action) {
        let Some(search) = self.search_mut() else {
            return;
        };
        match action {
            Action::SearchInput(c) => {
                search.query.push(c);
                self.run_search();
            }
            Action::SearchBackspace => {
                search.query.pop();
                self.run_search();
            }
            Action::SearchConfirm => {
                search.editing = false;
                search.origin = None;
            }
            Action::SearchCancel => {
                let origin = search.origin.take();
                *search = ViewSearch::default();
                if let Some(origin) = origin {
                    self.go_back_to(origin);
                }
            }
            Action::Resize(w, h) => self.size = (w, h),
            Action::Quit => self.request_quit(),
            _ => {}
        }
    }

    pub(super) fn step_search(&mut self, forward: bool) {
        match self.search_mut().and_then(|s| s.step(forward)) {
            Some(found) => {
                self.show_found(found);
            }
            None => self.notice = Some(self.strings.get("search.no_matches").to_owned()),
        }
    }

    /// Incremental: every keystroke runs the query again over what the view lists and
    /// shows the first hit; no hit leaves the view where it was when the search began.
    fn run_search(&mut self) {
        let Some(query) = self.search().map(|s| s.query.clone()) else {
            return;
        };
        let hits = self.find_in_view(&query);
        let origin = self.search().and_then(|s| s.origin.clone());
        if let Some(search) = self.search_mut() {
            search.hits = hits;
            search.current = None;
        }
        match self.search_mut().and_then(|s| s.step(true)) {
            Some(found) => self.show_found(found),
            None => {
                if let Some(origin) = origin {
                    self.go_back_to(origin);
                }
                if !query.trim().is_empty() {
                    self.notice = Some(self.strings.get("search.no_matches").to_owned());
                }
            }
        }
    }

    /// Selects a hit in the view in front.
    fn show_found(&mut self, found: Found) {
        match self.view {
            View::Plan => {
                self.select_entry(found.row);
            }
            View::Owners => {
                let owners = self.loaded.plan.owners.len();
                self.owners_view.select_owner(found.row, owners);
                self.owners_view.focus = super::Pane::Navigator;
            }
            View::Targets => self.targets_view.row.select(found.row, self.targets.len()),
            View::Districts => {
                let rows = self.district_row_count();
                self.districts_view.row.select(found.row, rows);
            }
            View::Decisions => {
                let shown = self.shown_decisions().len();
                self.decisions_view.row.select(found.row, shown);
            }
            View::Changes => {
                let view = &self.changes_view;
                let shown = view.lines_of(&view.net.keys).len();
                self.changes_view.row.select(found.row, shown);
            }
            View::Dashboard => {}
        }
    }

    /// The rows of the view in front that match `query`, in the order the view lists them.
    pub fn find_in_view(&mut self, query: &str) -> Vec<Found> {
        if query.trim().is_empty() {
            return Vec::new();
        }
        match self.view {
            View::Plan => self.find_in_plan(query),
            View::Owners => self.find_units(query),
            View::Targets => self.find_targets(query),
            View::Districts => self.find_district_rows(query),
            View::Decisions => self.find_decisions(query),
            View::Changes => self.find_changes(query),
            View::Dashboard => Vec::new(),
        }
    }

    /// Why a hit of the view in front matched, as the status line names it: a plan item
    /// found by the corpus ([`Matched::Item`]) by its id or title when they hold the typed
    /// characters, else by its text (or by pinyin).
    pub fn matched(&self, found: Found) -> Matched {
        let query = self.search().map_or("", |s| s.query.as_str());
        self.matched_for(found, query)
    }

    /// Why `found`, a hit for `query`, matched: [`Matched::Item`] told apart as the
    /// status line shows it, anything else as it is.
    pub fn matched_for(&self, found: Found, query: &str) -> Matched {
        if found.matched != Matched::Item {
            return found.matched;
        }
        let entry = found.row;
        let query = query.trim();
        let holds = |text: &str| text.contains(query);
        let in_title = self
            .loaded
            .index
            .entries
            .get(entry)
            .is_some_and(|e| holds(&e.id))
            || self
                .node(entry)
                .is_some_and(|n| holds(n.title()) || n.title_en().is_some_and(holds));
        if in_title {
            Matched::Title
        } else {
            Matched::Text
        }
    }

    /// Who to tell when work on another thread is done (the runtime's event loop).
    pub fn set_waker(&mut self, waker: Waker) {
        self.waker = Some(waker);
    }

    /// The history was read: its notes in force are prepared for search on a thread of
    /// their own; searches meanwhile find items by their texts and say the notes are not
    /// searched yet, and [`Action::NotesIndexed`] brings them in.
    pub(super) fn prepare_notes_in_background(&mut self) {
        let snapshot = NotesIndex::snapshot(&self.annotations.log, &self.loaded.index);
        if snapshot.note_bytes() < PREPARE_HERE {
            // A few notes: prepared at once (a thread would cost more than they do).
            self.notes_build = NotesBuild::Idle;
            self.notes = NotesIndex::from_snapshot(snapshot);
            return;
        }
        let waker = self.waker.clone();
        let spawned = thread::Builder::new()
            .name("notes-index".into())
            .spawn(move || {
                let built = NotesIndex::from_snapshot(snapshot);
                if let Some(wake) = waker {
                    wake();
                }
                built
            });
        // No thread to spare: the first search prepares them itself, as before.
        self.notes_build = match spawned {
            Ok(handle) => NotesBuild::Building(handle),
            Err(_) => NotesBuild::Idle,
        };
    }

    /// Whether the notes are still being prepared (a search does not find notes yet).
    pub fn notes_pending(&self) -> bool {
        matches!(self.notes_build, NotesBuild::Building(_))
    }

    /// Takes in the prepared notes once their thread is done (or, with `wait`, waiting
    /// for it): the index is built from them for the log as it is now.
    fn take_prepared_notes(&mut self, wait: bool) {
        let done = match &self.notes_build {
            NotesBuild::Building(handle) => wait || handle.is_finished(),
            NotesBuild::Idle => false,
        };
        if !done {
            return;
        }
        if let NotesBuild::Building(handle) = std::mem::take(&mut self.notes_build) {
            // A thread that failed leaves the index to be built by the next search.
            // Built on the thread for the log as it was; records appended since are
            // filed here, a few keys.
            if let Ok(built) = handle.join() {
                self.notes = built;
                self.notes.sync(&self.annotations.log, &self.loaded.index);
            }
        }
    }

    /// Waits for work begun on other threads (the notes being prepared): for tests and
    /// benchmarks that need the app as a person finds it a moment after start.
    pub fn finish_background_work(&mut self) {
        self.take_prepared_notes(true);
    }

    /// The notes are prepared: what is being searched is searched again, with them. The
    /// hit shown stays where it is; a search that had none shows the first.
    pub(super) fn notes_indexed(&mut self) {
        self.take_prepared_notes(true);
        if let Some(super::dialog::Dialog::Palette(mut palette)) = self.annotations.dialog.take() {
            let typed = palette.searched.clone();
            let (hits, total) = self.palette_search(&mut palette, &typed);
            palette.selected = palette.selected.min(hits.len().saturating_sub(1));
            palette.hits = hits;
            palette.total = total;
            self.annotations.dialog = Some(super::dialog::Dialog::Palette(palette));
            return;
        }
        if self.view != View::Plan {
            return;
        }
        let Some(query) = self.plan_view.search.active_query().map(str::to_owned) else {
            return;
        };
        let shown = self.plan_view.search.current_hit().map(|f| f.row);
        let hits = self.find_in_plan(&query);
        let search = &mut self.plan_view.search;
        match shown.and_then(|row| hits.iter().position(|f| f.row == row)) {
            Some(at) => {
                search.hits = hits;
                search.current = Some(at);
            }
            None if search.editing => self.run_search(),
            None => {
                search.hits = hits;
                search.current = None;
            }
        }
    }

    /// Items by their id, title and text (the prepared corpus), and by the notes and
    /// actual values recorded on them; only items the plan view lists (through the
    /// filter).
    pub(super) fn find_in_plan(&mut self, query: &str) -> Vec<Found> {
        self.find_in_plan_with(query, false)
    }

    /// The same as [`find_in_plan`](Self::find_in_plan) from scratch: the whole corpus
    /// searched and every note in force matched on the spot, with nothing narrowed or
    /// kept from earlier keystrokes. What the quick way is tested against.
    pub fn find_in_plan_fresh(&mut self, query: &str) -> Vec<Found> {
        self.find_in_plan_with(query, true)
    }

    fn find_in_plan_with(&mut self, query: &str, fresh: bool) -> Vec<Found> {
        let corpus = self.corpus.get(&self.loaded.plan, &self.loaded.index);
        let hits = if fresh {
            corpus.search(query)
        } else {
            corpus.search_incremental(query)
        };
        // Why (title or text) is told only for the hit shown (`App::matched`): checking
        // each of thousands of hits took a third of a first letter's keystroke.
        let mut found: Vec<Found> = hits
            .into_iter()
            .filter_map(|hit| match hit {
                Hit::Entry(entry) => Some(Found {
                    row: entry,
                    matched: Matched::Item,
                }),
                Hit::Owner(_) => None,
            })
            .collect();
        // Items found by their text are not looked at again for their notes.
        let mut seen = vec![false; self.loaded.index.entries.len()];
        for f in &found {
            if let Some(s) = seen.get_mut(f.row) {
                *s = true;
            }
        }
        // Notes and actual values in force, from their prepared index (a scan of every
        // record per keystroke took 8.7 ms at 100,000 records, and found notes only by
        // their characters as typed).
        let notes = if fresh {
            crate::model::history_index::notes_from_log(
                &self.annotations.log,
                &self.loaded.index,
                query,
            )
        } else {
            self.take_prepared_notes(false);
            if self.notes_pending() {
                // Not prepared yet: the status line says so, and they come in when ready.
                Vec::new()
            } else {
                self.notes.sync(&self.annotations.log, &self.loaded.index);
                self.notes.find(query)
            }
        };
        for (entry, matched) in notes {
            if seen.get(entry).is_some_and(|s| !s) {
                seen[entry] = true;
                found.push(Found {
                    row: entry,
                    matched: match matched {
                        NoteMatch::Note => Matched::Note,
                        NoteMatch::Actual => Matched::Actual,
                    },
                });
            }
        }
        // Without a filter the plan view lists every item; through one, only hits it shows
        // (an item listed, or inside one) can be selected.
        if self.filter.is_some() {
            let shown: std::collections::HashSet<usize> = self
                .sections
                .iter()
                .flat_map(|s| s.items.iter().copied())
                .collect();
            let index = &self.loaded.index;
            found.retain(|f| {
                let listed = std::iter::successors(Some(f.row), |&p| index.entries[p].parent)
                    .any(|p| shown.contains(&p));
                listed
                    || super::navigation::locate(&self.sections, index, &self.loaded.plan, f.row)
                        .is_some()
            });
        }
        found.sort_by_key(|f| f.row);
        found
    }

    /// Units by name, short name (without 市), alias, English name, id, pinyin or initials;
    /// a unit typed exactly as it is called comes first.
    fn find_units(&self, query: &str) -> Vec<Found> {
        let owners = &self.loaded.plan.owners;
        let texts: Vec<String> = owners
            .iter()
            .map(|o| {
                let mut names = vec![o.name.as_str(), o.id.as_str()];
                names.extend(o.aliases.iter().map(String::as_str));
                names.extend(o.name_en.as_deref());
                names.join(" ")
            })
            .collect();
        let rows = texts
            .iter()
            .enumerate()
            .map(|(row, text)| (row, vec![(Matched::Unit, text.as_str())]));
        let typed = query.trim().to_lowercase();
        let exact = |row: usize| {
            owners.get(row).is_some_and(|o| {
                let short = o.name.strip_prefix('市').unwrap_or(&o.name);
                [o.name.as_str(), short, o.id.as_str()]
                    .into_iter()
                    .chain(o.aliases.iter().map(String::as_str))
                    .any(|name| name.to_lowercase() == typed)
            })
        };
        find_rows(query, rows, exact)
    }

    /// Target rows by their title and id, their lead unit and their recorded actuals.
    fn find_targets(&self, query: &str) -> Vec<Found> {
        let texts: Vec<[String; 3]> = self
            .targets
            .iter()
            .map(|&entry| {
                let id = &self.loaded.index.entries[entry].id;
                let title = self.node(entry).map_or(String::new(), |n| {
                    format!("{id} {} {}", n.title(), n.title_en().unwrap_or(""))
                });
                let lead =
                    crate::model::query::target_owner(&self.loaded.plan, &self.loaded.index, entry)
                        .map_or(String::new(), |o| self.owner_name(&o.lead).to_owned());
                let actuals = self
                    .annotations
                    .log
                    .annotation(id, None)
                    .map_or(String::new(), |a| {
                        a.actuals.iter().map(|p| format!("{} ", p.value)).collect()
                    });
                [title, lead, actuals]
            })
            .collect();
        let rows = texts
            .iter()
            .enumerate()
            .map(|(row, [title, lead, actuals])| {
                (
                    row,
                    vec![
                        (Matched::Title, title.as_str()),
                        (Matched::Unit, lead.as_str()),
                        (Matched::Actual, actuals.as_str()),
                    ],
                )
            });
        find_rows(query, rows, |_| false)
    }

    /// District rows by their label and their unit's name.
    fn find_district_rows(&self, query: &str) -> Vec<Found> {
        let Some(table) = &self.loaded.plan.district_table else {
            return Vec::new();
        };
        let units: Vec<String> = table
            .rows
            .iter()
            .map(|r| {
                r.owner
                    .as_deref()
                    .map_or(String::new(), |o| self.owner_name(o).to_owned())
            })
            .collect();
        let rows = table
            .rows
            .iter()
            .zip(&units)
            .enumerate()
            .map(|(i, (r, unit))| {
                (
                    i,
                    vec![
                        (Matched::Title, r.label.as_str()),
                        (Matched::Unit, unit.as_str()),
                    ],
                )
            });
        find_rows(query, rows, |_| false)
    }

    /// Decisions by their text and their units.
    fn find_decisions(&self, query: &str) -> Vec<Found> {
        let shown = self.shown_decisions();
        let units: Vec<String> = shown
            .iter()
            .map(|d| {
                d.units
                    .iter()
                    .map(|u| self.owner_name(u))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let rows = shown.iter().zip(&units).enumerate().map(|(i, (d, units))| {
            (
                i,
                vec![
                    (Matched::Decision, d.text.as_str()),
                    (Matched::Unit, units.as_str()),
                ],
            )
        });
        find_rows(query, rows, |_| false)
    }

    /// Changes by the item's title, what changed (the note included) and who changed it:
    /// each net change by its steps, each step shown under an expanded one by itself.
    fn find_changes(&self, query: &str) -> Vec<Found> {
        use super::views::changes::ChangeRow;
        use crate::model::annotation::Record;
        let records = self.annotations.log.records();
        let keys = &self.changes_view.net.keys;
        let texts: Vec<(String, String, String)> = self
            .change_rows()
            .into_iter()
            .map(|row| {
                let (net, steps): (usize, Vec<usize>) = match row {
                    ChangeRow::Net(n) => (n, keys[n].records.clone()),
                    ChangeRow::Step(n, r) => (n, vec![r]),
                };
                let item = &keys[net].key.item;
                let title = self
                    .loaded
                    .index
                    .position(item)
                    .and_then(|e| self.node(e))
                    .map_or_else(
                        || item.clone(),
                        |n| crate::model::numbering::numbered_title(&n),
                    );
                let steps: Vec<&Record> = steps.iter().filter_map(|&r| records.get(r)).collect();
                let what: Vec<String> = steps.iter().map(|r| self.describe(r)).collect();
                let who: Vec<&str> = steps.iter().map(|r| r.author.as_str()).collect();
                (format!("{item} {title}"), what.join(" "), who.join(" "))
            })
            .collect();
        let rows = texts.iter().enumerate().map(|(i, (title, what, who))| {
            (
                i,
                vec![
                    (Matched::Title, title.as_str()),
                    (Matched::Note, what.as_str()),
                    (Matched::Author, who.as_str()),
                ],
            )
        });
        find_rows(query, rows, |_| false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::load_embedded;

    fn corpus() -> SearchCorpus {
        let loaded = load_embedded().unwrap_or_else(|e| panic!("{e}"));
        SearchCorpus::build(&loaded.plan, &loaded.index)
    }

    /// Typing, erasing and retyping: every step gives what a search from scratch gives.
    const TYPED: &[&str] = &[
        "k",
        "ke",
        "kej",
        "keji",
        "kej",
        "keji",
        "kejij",
        "kejiju",
        "keji",
        "kej",
        "ke",
        "kex",
        "kexue",
        "k",
        "",
        "g",
        "ga",
        "gao",
        "gaox",
        "gaoxin",
        "gaoxin ",
        "gaoxin j",
        "gaoxin jishu",
        "gaoxin",
        "gax",
        "-",
        "-k",
        "-",
        "—",
        "—科",
        "高",
        "高新",
        "高新区",
        "高",
        "  ",
        " k",
        " kj",
        " kjj",
        "KJJ",
        "kjj",
        "yinbaojian",
        "yinbaoj",
        "xi'an",
        "xi",
        "xi'",
        "Ω",
        "Ωk",
        "2023",
        "2023n",
        "p1",
        "p1.t1",
        "u1",
        "zh",
        "zhd",
        "zhdsys",
    ];

    #[test]
    fn narrowing_gives_the_same_hits_as_searching_everything() {
        let mut corpus = corpus();
        let mut nonempty = 0;
        for q in TYPED {
            let full = corpus.search(q);
            nonempty += usize::from(!full.is_empty());
            assert_eq!(corpus.search_incremental(q), full, "{q:?}");
        }
        assert!(nonempty > TYPED.len() / 2);
        assert!(corpus.history.len() <= HISTORY);
    }

    #[test]
    fn threads_give_the_same_hits_in_the_same_order() {
        let mut single = corpus();
        single.threads = 1;
        let mut split = corpus();
        split.threads = 3;
        split.parallel_min = 1;
        split.chunk = 7;
        for q in TYPED {
            let want = single.search(q);
            assert_eq!(split.search(q), want, "{q:?}");
            assert_eq!(split.search_incremental(q), want, "{q:?}");
        }
    }

    #[test]
    fn hits_are_entries_then_units() {
        let corpus = corpus();
        let hits = corpus.search("shi");
        let first_unit = hits.iter().position(|h| matches!(h, Hit::Owner(_)));
        assert!(first_unit.is_some_and(|k| k > 0));
        let units = &hits[first_unit.unwrap_or(0)..];
        assert!(units.iter().all(|h| matches!(h, Hit::Owner(_))));
        assert!(hits.windows(2).all(|w| match (w[0], w[1]) {
            (Hit::Entry(a), Hit::Entry(b)) | (Hit::Owner(a), Hit::Owner(b)) => a < b,
            _ => true,
        }));
        assert!(corpus.search("").is_empty() && corpus.search("   ").is_empty());
    }

    #[test]
    fn a_long_history_forgets_its_oldest_queries() {
        let mut corpus = corpus();
        let long = "s".repeat(HISTORY + 10);
        for n in 1..=long.len() {
            let q = &long[..n];
            assert_eq!(corpus.search_incremental(q), corpus.search(q));
        }
        assert_eq!(corpus.history.len(), HISTORY);
        for n in (1..=long.len()).rev() {
            let q = &long[..n];
            assert_eq!(corpus.search_incremental(q), corpus.search(q));
        }
    }
}
