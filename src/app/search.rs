//! Incremental search over titles, body text and unit names, by characters and by pinyin.
//! The searchable text of every item is prepared once, when the plan loads, so a keystroke
//! only matches.

use crate::model::{Node, Plan, PlanIndex};
use crate::text::pinyin::SearchText;

/// Something a search can land on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// An entry of the plan index (an item, a target, an annex row).
    Entry(usize),
    /// A unit of the owner registry, by position.
    Owner(usize),
}

/// The prepared haystacks: for each entry its title and its body, for each unit its name.
pub struct SearchCorpus {
    entries: Vec<(SearchText, SearchText)>,
    owners: Vec<SearchText>,
}

impl SearchCorpus {
    pub fn build(plan: &Plan, index: &PlanIndex) -> Self {
        let entries = index
            .entries
            .iter()
            .map(|entry| {
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
                (
                    SearchText::new(&format!("{} {title} {en}", entry.id)),
                    SearchText::new(&body),
                )
            })
            .collect();
        let owners = plan
            .owners
            .iter()
            .map(|o| SearchText::new(&format!("{} {}", o.id, o.name)))
            .collect();
        Self { entries, owners }
    }

    /// Every hit for a query, in document order (items first, then units). Empty for an
    /// empty query.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, (title, body))| title.find(query).is_some() || body.find(query).is_some())
            .map(|(position, _)| Hit::Entry(position))
            .collect();
        hits.extend(
            self.owners
                .iter()
                .enumerate()
                .filter(|(_, name)| name.find(query).is_some())
                .map(|(position, _)| Hit::Owner(position)),
        );
        hits
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
