//! Go to anything: one line typed — characters, pinyin or initials — over one ranked list of
//! units, plan items, targets, district rows, decisions and notes, each labelled with its
//! kind. Enter opens the hit in its own view (with the view's search set to what was
//! typed, so the detail pane marks why it matched); Esc leaves everything as it was.
//!
//! What cannot change while the app runs, the plan's names, is prepared once, the first
//! time the palette opens ([`PaletteNames`]); decisions are gathered when it opens. A
//! keystroke then matches names through one [`SearchIndex`] — typed on from an earlier
//! query, only among the entries that query's names matched — units through it and
//! [`crate::input::unit_rank`] (as the command line and unit fields resolve them),
//! decisions through their prepared texts, and item texts, notes and actual values as the
//! plan view's `/` finds them (the plan's search corpus and the notes index, both
//! narrowed as the query grows).

use std::ops::Range;

use ratatui_textarea::TextArea;

use super::dialog::field::{line_input, line_text, single_line_key};
use super::dialog::{Dialog, DialogInput, Reaction};
use super::views::{Matched, ViewSearch};
use super::{Action, App, Pane, View};
use crate::model::{ItemPath, Node, Plan, PlanIndex};
use crate::text::pinyin::{Query, SearchIndex, SearchText};

/// What a hit is, shown beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Unit,
    Programme,
    Task,
    SubItem,
    Safeguard,
    Target,
    DistrictRow,
    AnnexRow,
    Table,
    Overview,
    Decision,
    Note,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::Unit,
        Kind::Programme,
        Kind::Task,
        Kind::SubItem,
        Kind::Safeguard,
        Kind::Target,
        Kind::DistrictRow,
        Kind::AnnexRow,
        Kind::Table,
        Kind::Overview,
        Kind::Decision,
        Kind::Note,
    ];

    /// The i18n key of its name.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Unit => "palette.kind.unit",
            Kind::Programme => "palette.kind.programme",
            Kind::Task => "palette.kind.task",
            Kind::SubItem => "palette.kind.subitem",
            Kind::Safeguard => "palette.kind.safeguard",
            Kind::Target => "palette.kind.target",
            Kind::DistrictRow => "palette.kind.district_row",
            Kind::AnnexRow => "palette.kind.annex_row",
            Kind::Table => "palette.kind.table",
            Kind::Overview => "palette.kind.overview",
            Kind::Decision => "palette.kind.decision",
            Kind::Note => "palette.kind.note",
        }
    }

    fn of(node: &Node) -> Kind {
        match node {
            Node::Overview(_) => Kind::Overview,
            Node::Programme(_) => Kind::Programme,
            Node::Task(_) => Kind::Task,
            Node::SubItem(_) => Kind::SubItem,
            Node::Safeguard(_) => Kind::Safeguard,
            Node::Target(_) => Kind::Target,
            Node::DistrictTable(_) | Node::DepartmentTable(_) => Kind::Table,
            Node::DistrictRow(_) | Node::DistrictCell(..) => Kind::DistrictRow,
            Node::DepartmentRow(_) => Kind::AnnexRow,
        }
    }
}

/// Where a hit leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Goto {
    /// A unit of the registry, by position.
    Unit(usize),
    /// A plan entry (item, target, annex row), by position in the index.
    Entry(usize),
    /// A decision, by id.
    Decision(String),
    /// A note in force on this entry.
    Note(usize),
}

/// Why a hit ranks where it does, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rank {
    /// Named exactly: a unit by any of its names or their pinyin, an item by its title or
    /// the document's numbering.
    Exact,
    /// A name or numbering that starts with what was typed.
    Prefix,
    /// A name that holds what was typed, as written.
    Name,
    /// A name that matches by pinyin or initials.
    Pinyin,
    /// An item's text (not its title).
    Text,
    /// A note recorded on an item.
    Note,
}

/// One line of the palette's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaletteHit {
    pub kind: Kind,
    pub goto: Goto,
    pub rank: Rank,
}

/// Hits kept for the list; the count says how many there were in all.
pub const MAX_HITS: usize = 200;

/// The plan's names, prepared once: per index entry its numbering and titles.
pub struct PaletteNames {
    names: SearchIndex,
    /// Per unit: its id and every name it goes by, to find the few units worth ranking.
    units: SearchIndex,
    /// Per entry: its titles and numbering, folded and lower-cased, for ranking a hit
    /// without preparing its pinyin.
    plain: PlainNames,
    kinds: Vec<Kind>,
}

/// Every entry's names, folded and lower-cased, in one string: the names of an entry one
/// after the other, each followed by a line break, entry after entry.
struct PlainNames {
    text: String,
    /// Byte range of each name in `text`.
    names: Vec<Range<usize>>,
    /// Per entry, the first of its names in `names`; one more at the end.
    first: Vec<usize>,
}

/// What follows each name in [`PlainNames::text`].
const SEPARATOR: char = '\n';

impl PlainNames {
    fn len(&self) -> usize {
        self.first.len().saturating_sub(1)
    }

    /// The names of `entry`.
    fn of(&self, entry: usize) -> impl Iterator<Item = &str> {
        let names = match (self.first.get(entry), self.first.get(entry + 1)) {
            (Some(&from), Some(&to)) => self.names.get(from..to).unwrap_or_default(),
            _ => &[],
        };
        names
            .iter()
            .map(|r| self.text.get(r.clone()).unwrap_or_default())
    }

    /// The text of all names of `entry` (separators included).
    fn whole(&self, entry: usize) -> &str {
        let range = match (self.first.get(entry), self.first.get(entry + 1)) {
            (Some(&from), Some(&to)) if from < to => {
                let start = self.names.get(from).map_or(0, |r| r.start);
                let end = self.names.get(to - 1).map_or(0, |r| r.end);
                start..end
            }
            _ => 0..0,
        };
        self.text.get(range).unwrap_or_default()
    }

    /// How well `entry`'s names hold `typed` (folded and lower-cased), for an entry the
    /// index says matches: the straightforward way, name by name.
    fn rank(&self, entry: usize, typed: &str) -> Rank {
        if self.of(entry).any(|t| t == typed) {
            Rank::Exact
        } else if self.of(entry).any(|t| t.starts_with(typed)) {
            Rank::Prefix
        } else if self.of(entry).any(|t| t.contains(typed)) {
            Rank::Name
        } else {
            Rank::Pinyin
        }
    }
}

fn plain(text: &str) -> String {
    crate::input::fold(text).to_lowercase()
}

impl PaletteNames {
    pub fn build(plan: &Plan, index: &PlanIndex) -> PaletteNames {
        let mut names = SearchIndex::new();
        let mut plains = PlainNames {
            text: String::new(),
            names: Vec::new(),
            first: Vec::with_capacity(index.entries.len() + 1),
        };
        let mut kinds = Vec::with_capacity(index.entries.len());
        for entry in &index.entries {
            let node = entry.path.resolve(plan);
            let number = crate::model::numbering::document_number(plan, entry.path);
            let mut own: Vec<String> = Vec::new();
            if let Some(node) = &node {
                own.push(node.title().to_owned());
                own.push(crate::model::numbering::numbered_title(node));
                own.extend(node.title_en().map(str::to_owned));
            }
            own.extend(number);
            names.push(&own.join(" "));
            plains.first.push(plains.names.len());
            for name in &own {
                let start = plains.text.len();
                plains.text.push_str(&plain(name));
                plains.names.push(start..plains.text.len());
                plains.text.push(SEPARATOR);
            }
            kinds.push(node.as_ref().map_or(Kind::Table, Kind::of));
        }
        plains.first.push(plains.names.len());
        plains.text.shrink_to_fit();
        plains.names.shrink_to_fit();
        let mut units = SearchIndex::new();
        for o in &plan.owners {
            let mut all = vec![o.id.as_str(), o.name.as_str()];
            all.extend(o.name_en.as_deref());
            all.extend(o.aliases.iter().map(String::as_str));
            units.push(&all.join(" "));
        }
        PaletteNames {
            names,
            units,
            plain: plains,
            kinds,
        }
    }

    /// The entries whose names match, with how well, straightforwardly: every entry
    /// matched, each hit ranked name by name. What [`PaletteNames::find`] is tested against.
    fn find_fresh(&self, query: &Query, typed: &str) -> Vec<(usize, Rank)> {
        let matcher = self.names.matcher(query);
        (0..self.plain.len())
            .filter(|&entry| matcher.is_match(entry))
            .map(|entry| (entry, self.plain.rank(entry, typed)))
            .collect()
    }

    /// The entries whose names match, with how well: among the entries `earlier` (a query
    /// covering this one) matched or, without it, among all. A name holding `typed` holds
    /// every part of it, so an entry no name of which held the earlier typed text (ranked
    /// by pinyin) holds no longer one either, and stays ranked by pinyin unlooked at; the
    /// others are ranked name by name only if the text of all their names holds `typed`
    /// (one search in one string, where most hits, matched by pinyin, hold nothing).
    fn find(&self, query: &Query, typed: &str, earlier: Option<&Narrowed>) -> Vec<(u32, Rank)> {
        let matcher = self.names.matcher(query);
        let rank = |entry: usize| {
            // Every name is in the whole text: a name holding `typed` makes it hold it.
            if self.plain.whole(entry).contains(typed) {
                self.plain.rank(entry, typed)
            } else {
                Rank::Pinyin
            }
        };
        match earlier {
            Some(earlier) => {
                let grew = typed.contains(earlier.typed.as_str());
                earlier
                    .entries
                    .iter()
                    .filter(|&&(entry, _)| matcher.is_match(entry as usize))
                    .map(|&(entry, was)| match was {
                        Rank::Pinyin if grew => (entry, Rank::Pinyin),
                        _ => (entry, rank(entry as usize)),
                    })
                    .collect()
            }
            None => (0..self.plain.len())
                .filter(|&entry| matcher.is_match(entry))
                .filter_map(|entry| Some((u32::try_from(entry).ok()?, rank(entry))))
                .collect(),
        }
    }
}

/// An earlier query of the typing and what its names matched: the entries, with their
/// ranks.
#[derive(Debug, Clone)]
struct Narrowed {
    query: Query,
    /// What was typed, folded and lower-cased.
    typed: String,
    entries: Vec<(u32, Rank)>,
}

/// Earlier queries of one typing kept for narrowing (each covering the next).
const NARROWED: usize = 64;

/// The palette while it is open.
#[derive(Debug, Clone)]
pub struct Palette {
    pub input: TextArea<'static>,
    /// The best hits, best first (at most [`MAX_HITS`]).
    pub hits: Vec<PaletteHit>,
    /// How many there were in all.
    pub total: usize,
    pub selected: usize,
    /// The query the hits are for.
    pub searched: String,
    /// Decisions as they stood when the palette opened: id and prepared text.
    decisions: Vec<(String, SearchText)>,
    /// The queries typed so far (each covering the next) and the entries their names
    /// matched: a longer query looks only among those (see [`Query::covers`]).
    narrowed: Vec<Narrowed>,
}

impl Palette {
    pub fn selected_hit(&self) -> Option<&PaletteHit> {
        self.hits.get(self.selected)
    }

    fn step(&mut self, delta: isize) {
        let last = self.hits.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    pub fn handle(&mut self, input: &DialogInput) -> Reaction {
        match input.action {
            Some(Action::Cancel) => return Reaction::Close,
            Some(Action::Confirm) => {
                return if self.hits.is_empty() {
                    Reaction::Warn("palette.none")
                } else {
                    Reaction::Submit
                };
            }
            Some(Action::MoveUp) => self.step(-1),
            Some(Action::MoveDown) => self.step(1),
            Some(Action::PageUp) => self.step(-10),
            Some(Action::PageDown) => self.step(10),
            _ => single_line_key(&mut self.input, input.key),
        }
        Reaction::Stay
    }
}

impl App {
    /// Opens the palette over the view in front.
    pub(super) fn open_palette(&mut self) {
        if self.palette_names.is_none() {
            self.palette_names = Some(Box::new(PaletteNames::build(
                &self.loaded.plan,
                &self.loaded.index,
            )));
        }
        let decisions = self
            .annotations
            .meetings
            .decisions()
            .iter()
            .map(|d| (d.id.clone(), SearchText::new(&d.text)))
            .collect();
        self.annotations.dialog = Some(Dialog::Palette(Box::new(Palette {
            input: line_input(""),
            hits: Vec::new(),
            total: 0,
            selected: 0,
            searched: String::new(),
            decisions,
            narrowed: Vec::new(),
        })));
    }

    pub(super) fn palette_key(
        &mut self,
        mut palette: Box<Palette>,
        input: &DialogInput,
    ) -> Option<Dialog> {
        match palette.handle(input) {
            Reaction::Close => None,
            Reaction::Submit => {
                let hit = palette.selected_hit().cloned();
                if let Some(hit) = hit {
                    self.go_to(&hit, &palette.searched);
                }
                None
            }
            Reaction::Warn(key) => {
                self.notice = Some(self.strings.get(key).to_owned());
                Some(Dialog::Palette(palette))
            }
            Reaction::Stay => {
                let typed = line_text(&palette.input);
                if typed != palette.searched {
                    let (hits, total) = self.palette_search(&mut palette, &typed);
                    palette.hits = hits;
                    palette.total = total;
                    palette.selected = 0;
                    palette.searched = typed;
                }
                Some(Dialog::Palette(palette))
            }
        }
    }

    /// Every hit for `typed`, best first, cut to [`MAX_HITS`]; and how many there were.
    /// Typed on from an earlier query, only the entries whose names matched it are
    /// matched again, and the plan's texts and notes are narrowed likewise.
    pub fn palette_search(
        &mut self,
        palette: &mut Palette,
        typed: &str,
    ) -> (Vec<PaletteHit>, usize) {
        let decisions = std::mem::take(&mut palette.decisions);
        let found = self.palette_found(&decisions, Some(&mut palette.narrowed), typed);
        palette.decisions = decisions;
        found
    }

    /// The same hits computed from scratch: every name, the plan's whole corpus and every
    /// note in force matched again. What the narrowing is tested against.
    pub fn palette_search_fresh(
        &mut self,
        palette: &Palette,
        typed: &str,
    ) -> (Vec<PaletteHit>, usize) {
        self.palette_found(&palette.decisions, None, typed)
    }

    fn palette_found(
        &mut self,
        decisions: &[(String, SearchText)],
        narrowed: Option<&mut Vec<Narrowed>>,
        typed: &str,
    ) -> (Vec<PaletteHit>, usize) {
        let query = Query::new(typed);
        let fresh = narrowed.is_none();
        if query.is_empty() {
            if let Some(history) = narrowed {
                history.clear();
            }
            return (Vec::new(), 0);
        }
        let lower = plain(typed);
        // (rank, kind, order within the kind, hit)
        let mut found: Vec<(Rank, Kind, usize, Goto)> = Vec::new();
        let Some(names) = self.palette_names.take() else {
            return (Vec::new(), 0);
        };
        let units = names.units.matcher(&query);
        for (at, owner) in self.loaded.plan.owners.iter().enumerate() {
            if !units.is_match(at) {
                continue;
            }
            // The index says it matches; how well is all that is left to ask.
            let rank = match crate::input::unit_name_rank(owner, typed) {
                Some(0) => Rank::Exact,
                Some(1) => Rank::Prefix,
                Some(2) => Rank::Name,
                _ => Rank::Pinyin,
            };
            found.push((rank, Kind::Unit, at, Goto::Unit(at)));
        }
        let by_name: Vec<(usize, Rank)> = match narrowed {
            Some(history) => {
                while history
                    .last()
                    .is_some_and(|earlier| !earlier.query.covers(&query))
                {
                    history.pop();
                }
                let by_name = names.find(&query, &lower, history.last());
                let listed = by_name
                    .iter()
                    .map(|&(e, rank)| (e as usize, rank))
                    .collect();
                if history
                    .last()
                    .is_none_or(|earlier| earlier.query.as_str() != query.as_str())
                {
                    if history.len() == NARROWED {
                        history.remove(0);
                    }
                    history.push(Narrowed {
                        query: query.clone(),
                        typed: lower.clone(),
                        entries: by_name,
                    });
                }
                listed
            }
            None => names.find_fresh(&query, &lower),
        };
        let mut named = vec![false; self.loaded.index.entries.len()];
        for (entry, rank) in by_name {
            let Some(seen) = named.get_mut(entry) else {
                continue;
            };
            *seen = true;
            let kind = names.kinds.get(entry).copied().unwrap_or(Kind::Table);
            found.push((rank, kind, entry, Goto::Entry(entry)));
        }
        // Items by their text, and notes and actual values, as the plan view finds them.
        let in_plan = if fresh {
            self.find_in_plan_fresh(typed)
        } else {
            self.find_in_plan(typed)
        };
        for hit in in_plan {
            if named.get(hit.row).copied().unwrap_or(true) {
                continue;
            }
            named[hit.row] = true;
            let kind = names.kinds.get(hit.row).copied().unwrap_or(Kind::Table);
            found.push(match hit.matched {
                Matched::Note => (Rank::Note, Kind::Note, hit.row, Goto::Note(hit.row)),
                _ => (Rank::Text, kind, hit.row, Goto::Entry(hit.row)),
            });
        }
        self.palette_names = Some(names);
        for (at, (id, text)) in decisions.iter().enumerate() {
            if let Some(span) = text.find(&query) {
                let rank = match span.kind {
                    crate::text::pinyin::MatchKind::Text if span.start == 0 => Rank::Prefix,
                    crate::text::pinyin::MatchKind::Text => Rank::Name,
                    crate::text::pinyin::MatchKind::Pinyin => Rank::Pinyin,
                };
                found.push((rank, Kind::Decision, at, Goto::Decision(id.clone())));
            }
        }
        let total = found.len();
        let by = |f: &(Rank, Kind, usize, Goto)| (f.0, f.1, f.2);
        if found.len() > MAX_HITS {
            found.select_nth_unstable_by_key(MAX_HITS, by);
            found.truncate(MAX_HITS);
        }
        found.sort_by_key(by);
        let hits = found
            .into_iter()
            .map(|(rank, kind, _, goto)| PaletteHit { kind, goto, rank })
            .collect();
        (hits, total)
    }

    /// Opens a hit in its own view: a unit in Owners, a target in Targets, a district row
    /// in Districts, a decision in Decisions, anything else (and a note's item) in the
    /// Plan view. The view's search is set to what was typed, on this hit, so `n`/`N` go
    /// on from it and the detail pane marks what matched — when the view's search finds
    /// this hit; otherwise the view's search is cleared.
    fn go_to(&mut self, hit: &PaletteHit, typed: &str) {
        let index = &self.loaded.index;
        let row = match &hit.goto {
            Goto::Unit(at) => {
                self.view = View::Owners;
                let owners = self.loaded.plan.owners.len();
                self.owners_view.select_owner(*at, owners);
                self.owners_view.focus = Pane::Navigator;
                Some(*at)
            }
            Goto::Entry(entry) if hit.kind == Kind::Target => {
                match self.targets.iter().position(|t| t == entry) {
                    Some(row) => {
                        self.view = View::Targets;
                        self.targets_view.row.select(row, self.targets.len());
                        Some(row)
                    }
                    None => self.open_in_plan(*entry),
                }
            }
            Goto::Entry(entry) => match index.entries.get(*entry).map(|e| e.path) {
                Some(ItemPath::DistrictRow(row)) => {
                    self.view = View::Districts;
                    let rows = self.district_row_count();
                    self.districts_view.row.select(row, rows);
                    Some(row)
                }
                _ => self.open_in_plan(*entry),
            },
            Goto::Note(entry) => self.open_in_plan(*entry),
            Goto::Decision(id) => {
                let shown = self.shown_decisions();
                match shown.iter().position(|d| &d.id == id) {
                    Some(row) => {
                        let len = shown.len();
                        self.view = View::Decisions;
                        self.decisions_view.row.select(row, len);
                        Some(row)
                    }
                    None => {
                        self.notice = Some(self.strings.get("palette.hidden").to_owned());
                        None
                    }
                }
            }
        };
        let Some(row) = row else {
            return;
        };
        let hits = self.find_in_view(typed);
        let current = hits.iter().position(|f| f.row == row);
        if let Some(search) = self.search_mut() {
            *search = match current {
                Some(_) => ViewSearch {
                    editing: false,
                    query: typed.to_owned(),
                    hits,
                    current,
                    origin: None,
                },
                // What the palette matched, the view's `/` does not (a number such as 六.1):
                // no search is left saying "no match" on the hit just opened.
                None => ViewSearch::default(),
            };
        }
    }

    /// The Plan view on an entry; `None` (and a notice) when the filter hides it.
    fn open_in_plan(&mut self, entry: usize) -> Option<usize> {
        let located =
            super::navigation::locate(&self.sections, &self.loaded.index, &self.loaded.plan, entry);
        if located.is_none() {
            self.notice = Some(self.strings.get("palette.hidden").to_owned());
            return None;
        }
        self.select_entry(entry);
        Some(entry)
    }
}
