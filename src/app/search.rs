//! Incremental search over titles, body text and unit names, by characters and by pinyin.
//! The searchable text of every item is prepared once, when the plan loads, so a keystroke
//! only matches; and as the query grows, only the previous hits are searched again (they
//! are kept, so Backspace costs nothing).

use std::num::NonZeroUsize;
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
}

/// Queries kept in [`SearchCorpus::history`]; older ones are forgotten.
const HISTORY: usize = 64;

/// Fewer candidates than this are searched on one thread (starting a thread costs tens of
/// microseconds; 1,000 texts take a fraction of a millisecond).
const PARALLEL_MIN: usize = 2_000;

impl SearchCorpus {
    pub fn build(plan: &Plan, index: &PlanIndex) -> Self {
        let mut texts = SearchIndex::new();
        for entry in &index.entries {
            let node = entry.path.resolve(plan);
            let title = node.map(|n| n.title()).unwrap_or("");
            let en = node.and_then(|n| n.title_en()).unwrap_or("");
            let body = match node {
                // The overview's title is generic; its texts are what one searches.
                Some(Node::Overview(o)) => {
                    format!("{}\n{}\n{}", o.guiding_ideology, o.work_goals, o.main_goals_text)
                }
                Some(n) => n.body().to_owned(),
                None => String::new(),
            };
            texts.push(&format!("{} {title} {en}", entry.id));
            texts.push(&body);
        }
        for o in &plan.owners {
            texts.push(&format!("{} {}", o.id, o.name));
        }
        Self {
            texts,
            entries: index.entries.len(),
            owners: plan.owners.len(),
            history: Vec::new(),
            threads: thread::available_parallelism().map_or(1, NonZeroUsize::get),
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
    fn filter(&self, matcher: &Matcher<'_>, candidates: Option<&[u32]>) -> Vec<u32> {
        let Ok(count) = u32::try_from(self.entries + self.owners) else {
            return Vec::new();
        };
        let total = candidates.map_or(count as usize, <[u32]>::len);
        let matches = |item: u32| self.item_matches(matcher, item);
        let parts = self.threads.min(total / PARALLEL_MIN).max(1);
        if parts == 1 {
            return match candidates {
                Some(list) => list.iter().copied().filter(|&i| matches(i)).collect(),
                None => (0..count).filter(|&i| matches(i)).collect(),
            };
        }
        // Contiguous shares, one per thread, joined in order.
        let share = |k: usize| -> Vec<u32> {
            let range = total * k / parts..total * (k + 1) / parts;
            match candidates {
                Some(list) => list
                    .get(range)
                    .unwrap_or_default()
                    .iter()
                    .copied()
                    .filter(|&i| matches(i))
                    .collect(),
                None => (range.start as u32..range.end as u32)
                    .filter(|&i| matches(i))
                    .collect(),
            }
        };
        thread::scope(|scope| {
            let others: Vec<_> = (1..parts)
                .map(|k| scope.spawn(move || share(k)))
                .collect();
            let mut items = share(0);
            for (k, other) in (1..).zip(others) {
                // Matching does not panic; if it did, this thread would search the share.
                items.extend(other.join().unwrap_or_else(|_| share(k)));
            }
            items
        })
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
