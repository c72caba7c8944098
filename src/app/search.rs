//! Incremental search over titles, body text and unit names, by characters and by pinyin.
//! The searchable text of every item is prepared once, when the plan loads, so a keystroke
//! only matches; and as the query grows, only the previous hits are searched again (they
//! are kept, so Backspace costs nothing).

use std::num::NonZeroUsize;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

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

    /// Builds the corpus on another thread from texts taken now (cheap: the pinyin of
    /// every character is the slow part), so the first frame does not wait for it.
    pub fn build_in_background(plan: &Plan, index: &PlanIndex) -> CorpusSlot {
        let texts = Self::texts(plan, index);
        let (entries, owners) = (index.entries.len(), plan.owners.len());
        let building = thread::Builder::new()
            .name("search-index".into())
            .spawn(move || Self::from_texts(texts, entries, owners));
        match building {
            Ok(handle) => CorpusSlot::Building(Some(handle)),
            // No thread to spare: build it here.
            Err(_) => CorpusSlot::Ready(Box::new(Self::build(plan, index))),
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
        for text in &texts {
            index.push(text);
        }
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

/// The search line and its results.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    /// True while the user is typing the query.
    pub editing: bool,
    pub query: String,
    pub hits: Vec<Hit>,
    /// Index into `hits` of the hit shown now.
    pub current: Option<usize>,
}

impl SearchState {
    pub fn current_hit(&self) -> Option<Hit> {
        self.hits.get(self.current?).copied()
    }

    /// Step to the next (or previous) hit, wrapping around.
    pub fn step(&mut self, forward: bool) -> Option<Hit> {
        if self.hits.is_empty() {
            return None;
        }
        let len = self.hits.len();
        let next = match (self.current, forward) {
            (None, true) => 0,
            (None, false) => len - 1,
            (Some(c), true) => (c + 1) % len,
            (Some(c), false) => (c + len - 1) % len,
        };
        self.current = Some(next);
        self.current_hit()
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
