//! A view's own search: `/` looks through what the view lists and moves its selection
//! there; `n`/`N` step through the hits; Esc in the search line goes back to where the
//! view was when the search began.
//!
//! The rows a view offers are given as texts per field, so a hit can say why it matched
//! (a note, an actual value, a unit's alias) and the detail pane can mark it.

use crate::text::pinyin::{Query, SearchText};

use super::plan::PlanPlace;
use super::{ListCursor, Pane};

/// Which field of a row the query was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Matched {
    /// The row's id, numbering or title.
    Title,
    /// Its body text.
    Text,
    /// A unit's name, short name, alias or id.
    Unit,
    /// A note recorded on it.
    Note,
    /// An actual value recorded on it.
    Actual,
    /// A decision's text.
    Decision,
    /// Who made a change.
    Author,
    /// A plan item found by its id, title or text: which of them is told only for the hit
    /// shown ([`crate::app::App::matched`]), not for each of thousands of hits per keystroke.
    Item,
}

impl Matched {
    /// The i18n key of its name, shown beside the hit count.
    pub fn key(self) -> &'static str {
        match self {
            Matched::Title => "search.in.title",
            Matched::Text => "search.in.text",
            Matched::Unit => "search.in.unit",
            Matched::Note => "search.in.note",
            Matched::Actual => "search.in.actual",
            Matched::Decision => "search.in.decision",
            Matched::Author => "search.in.author",
            // Told apart before it is shown (see `App::matched`); its text when it is not.
            Matched::Item => "search.in.text",
        }
    }
}

/// One hit: a row of the view's list, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub row: usize,
    pub matched: Matched,
}

/// Where a view stood when its search began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Plan(PlanPlace),
    Owners {
        focus: Pane,
        owner: ListCursor,
        item: ListCursor,
    },
    Row(ListCursor),
}

/// The search line of one view, and its results.
#[derive(Debug, Clone, Default)]
pub struct ViewSearch {
    /// True while the user is typing the query.
    pub editing: bool,
    pub query: String,
    pub hits: Vec<Found>,
    /// Index into `hits` of the hit shown now.
    pub current: Option<usize>,
    /// Where Esc goes back to, while the query is typed.
    pub origin: Option<Origin>,
}

impl ViewSearch {
    /// Starts a new query from `origin`.
    pub fn begin(&mut self, origin: Origin) {
        *self = ViewSearch {
            editing: true,
            origin: Some(origin),
            ..ViewSearch::default()
        };
    }

    pub fn current_hit(&self) -> Option<Found> {
        self.hits.get(self.current?).copied()
    }

    /// Step to the next (or previous) hit, wrapping around.
    pub fn step(&mut self, forward: bool) -> Option<Found> {
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

    /// The query as typed, when one is shown (typed, or kept after Enter).
    pub fn active_query(&self) -> Option<&str> {
        let query = self.query.trim();
        (!query.is_empty()).then_some(query)
    }
}

/// Rows whose fields match `query`, in list order, the first matching field of each
/// naming why; rows where `exact` holds come first (a unit typed by its exact name).
pub fn find_rows<'t, R>(query: &str, rows: R, exact: impl Fn(usize) -> bool) -> Vec<Found>
where
    R: IntoIterator<Item = (usize, Vec<(Matched, &'t str)>)>,
{
    let prepared = Query::new(query);
    if prepared.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<Found> = rows
        .into_iter()
        .filter_map(|(row, fields)| {
            fields
                .into_iter()
                .find(|(_, text)| SearchText::new(text).find(&prepared).is_some())
                .map(|(matched, _)| Found { row, matched })
        })
        .collect();
    // Stable: list order within each rank.
    found.sort_by_key(|f| !exact(f.row));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_found_by_any_field_and_say_which() {
        let rows = vec![
            (0, vec![(Matched::Title, "科技创新"), (Matched::Note, "")]),
            (
                1,
                vec![(Matched::Title, "人才"), (Matched::Note, "已完成创新平台")],
            ),
            (2, vec![(Matched::Title, "财政")]),
        ];
        let found = find_rows("创新", rows.clone(), |_| false);
        assert_eq!(
            found,
            vec![
                Found {
                    row: 0,
                    matched: Matched::Title
                },
                Found {
                    row: 1,
                    matched: Matched::Note
                },
            ]
        );
        // By pinyin initials too.
        let found = find_rows("cz", rows.clone(), |_| false);
        assert_eq!(
            found,
            vec![Found {
                row: 2,
                matched: Matched::Title
            }]
        );
        // An exact match goes first.
        let found = find_rows("创新", rows, |row| row == 1);
        assert_eq!(found[0].row, 1);
    }

    #[test]
    fn stepping_wraps_both_ways() {
        let mut search = ViewSearch {
            hits: vec![
                Found {
                    row: 3,
                    matched: Matched::Title,
                },
                Found {
                    row: 7,
                    matched: Matched::Title,
                },
            ],
            ..ViewSearch::default()
        };
        assert_eq!(search.step(false).map(|f| f.row), Some(7));
        assert_eq!(search.step(true).map(|f| f.row), Some(3));
        assert_eq!(search.step(true).map(|f| f.row), Some(7));
    }
}
