//! Search that understands pinyin: `kjj` finds 市科技局, `gaoxin` finds 高新区, `shikeji`
//! finds 市科技局, and plain `高新` finds 高新技术企业.
//!
//! Coordinators type owner names on keyboards without a Chinese input method at hand, and
//! abbreviations by initials are how people already refer to units (`kjj` for 市科技局).
//!
//! A query matches a run of consecutive characters of the haystack when each character
//! consumes, from the query, one of:
//! * itself (`高新` matches literally, also across stray spaces: `市科技局` finds `市科 技局`);
//! * one of its full pinyin readings (`gao`), for any reading of a polyphonic character
//!   (长 is `chang` in 长三角 and `zhang` in 局长, 行 is `hang` in 银行);
//! * its initial (`g`, or `zh`/`ch`/`sh`);
//! * for the last character only, any prefix of a reading (`shikej` while typing `shikeji`).
//!
//! Spaces and punctuation in the haystack are skipped, so a match may span them; the
//! reported [`MatchSpan`] covers the original characters so the UI can highlight them.
//! Where the text contains the query as typed (ignoring case and full-width forms), that
//! place wins over an earlier pinyin match: `kj` in `科技 kj` finds "kj".
//!
//! Keys are prepared once per string in a [`SearchText`] (which also says where a match
//! is, for highlighting), and once per keystroke in a [`Query`]. To filter many texts,
//! put them in a [`SearchIndex`]: it answers yes or no with one table look-up per
//! character, about 1–2 ns, so a whole 10,000 sub-task plan (2 million characters) takes
//! 1–4 ms on one core of a busy 2-core machine. [`Query::covers`] says when the hits of
//! a shorter query can be searched instead of everything.

use std::collections::HashMap;
use std::ops::Range;

use pinyin::{ToPinyin, ToPinyinMulti};

/// Pinyin of a string with each character's most common reading: `full` = `shikejiju`,
/// `initials` = `skjj` for 市科技局. ASCII letters and digits are kept (lower-cased);
/// spaces and punctuation are left out; ü is written `v`, as on pinyin keyboards.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PinyinKeys {
    pub full: String,
    pub initials: String,
}

/// See [`PinyinKeys`]. Polyphonic characters get their first reading only (长 → `zhang`);
/// matching uses all readings, use [`SearchText`] for that.
pub fn pinyin_keys(s: &str) -> PinyinKeys {
    let mut keys = PinyinKeys::default();
    for c in s.chars().map(fold_char) {
        if is_skipped(c) {
            continue;
        }
        if let Some(p) = c.to_pinyin() {
            let plain = p.plain();
            keys.full.extend(plain.chars().map(ascii_u));
            keys.initials.extend(plain.chars().next().map(ascii_u));
        } else if c.is_alphanumeric() {
            keys.full.push(c);
            keys.initials.push(c);
        }
    }
    keys
}

/// Whether `query` spells the whole of `text` in pinyin, as a name is typed without a
/// Chinese input method: every character's full reading (`shikejiju`, `kejiju`) or every
/// character's initial (`skjj`, `kjj`), any reading of a polyphonic character counting
/// (`yinhang` and `yh` for 银行). Case is ignored, spaces and punctuation on either side
/// are skipped; letters and digits in `text` stand for themselves. A prefix or a part is
/// not a spelling: that is what [`matches`] is for.
pub fn spells(text: &str, query: &str) -> bool {
    let query: Vec<u8> = query
        .chars()
        .map(fold_char)
        .filter(|&c| !is_skipped(c) && c != '\'')
        .map(|c| if c == 'ü' { 'v' } else { c })
        .map(|c| if c.is_ascii() { c as u8 } else { 0 })
        .collect();
    if query.is_empty() || query.contains(&0) {
        return false;
    }
    let units: Vec<char> = text
        .chars()
        .map(fold_char)
        .filter(|&c| !is_skipped(c))
        .collect();
    if units.is_empty() {
        return false;
    }
    // What each character may be typed as: its readings whole, or their initials.
    let steps = |c: char, initials: bool| -> Vec<String> {
        match c.to_pinyin_multi() {
            Some(multi) => multi
                .into_iter()
                .map(|p| {
                    let reading: String = p.plain().chars().map(ascii_u).collect();
                    if initials {
                        reading.chars().take(1).collect()
                    } else {
                        reading
                    }
                })
                .collect(),
            None => vec![c.to_string()],
        }
    };
    [false, true].into_iter().any(|initials| {
        // Positions of the query reachable after the characters so far.
        let mut reach = vec![false; query.len() + 1];
        reach[0] = true;
        for &c in &units {
            let mut next = vec![false; query.len() + 1];
            for step in steps(c, initials) {
                let step = step.as_bytes();
                for at in (0..query.len()).filter(|&at| reach[at]) {
                    if query[at..].starts_with(step) {
                        next[at + step.len()] = true;
                    }
                }
            }
            if !next.contains(&true) {
                return false;
            }
            reach = next;
        }
        reach[query.len()]
    })
}

fn ascii_u(c: char) -> char {
    if c == 'ü' { 'v' } else { c }
}

/// How a match was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The query occurs in the text as typed (ignoring case and full-width forms).
    Text,
    /// The query matched through pinyin, initials, or across skipped spaces/punctuation.
    Pinyin,
}

/// Where a query matched: `start..end` indexes the haystack's characters, `bytes` its UTF-8
/// bytes (for slicing the `&str` into highlighted and plain spans without re-counting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchSpan {
    /// First matched character (index into `chars()`).
    pub start: usize,
    /// One past the last matched character.
    pub end: usize,
    pub bytes: Range<usize>,
    pub kind: MatchKind,
}

impl MatchSpan {
    /// The matched characters as a range of char indices.
    pub fn chars(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// A query for [`SearchText::find`]: prepared once ([`Query`]) when searching many texts,
/// or a plain `&str` for a one-off search.
#[derive(Debug, Clone, Copy)]
pub enum QueryArg<'q> {
    Prepared(&'q Query),
    Text(&'q str),
}

impl<'q> From<&'q Query> for QueryArg<'q> {
    fn from(q: &'q Query) -> Self {
        QueryArg::Prepared(q)
    }
}

impl<'q> From<&'q str> for QueryArg<'q> {
    fn from(q: &'q str) -> Self {
        QueryArg::Text(q)
    }
}

impl<'q> From<&'q String> for QueryArg<'q> {
    fn from(q: &'q String) -> Self {
        QueryArg::Text(q)
    }
}

/// A search query prepared once per keystroke.
#[derive(Debug, Clone)]
pub struct Query {
    /// Trimmed and folded, for the plain substring match.
    text: String,
    /// Folded with spaces, apostrophes and punctuation removed, for character-by-character
    /// matching. Empty if it would be too long to track (then only `text` is used).
    units: String,
    /// ASCII letters and digits the query needs (bit per letter/digit).
    needs: u64,
    /// The query has characters that unit matching skips, so only the plain match can
    /// honour them.
    has_skips: bool,
}

/// Longest unit query in bytes; positions are tracked as bits of a `u128`.
const MAX_UNIT_QUERY: usize = 127;

impl Query {
    pub fn new(q: &str) -> Self {
        let text: String = q.trim().chars().map(fold_char).collect();
        let mut units: String = text
            .chars()
            .filter(|&c| !is_skipped(c) && c != '\'')
            .collect();
        if units.len() > MAX_UNIT_QUERY {
            units.clear();
        }
        let needs = units.bytes().fold(0, |m, b| m | letter_bit(b));
        let has_skips = units != text;
        Self {
            text,
            units,
            needs,
            has_skips,
        }
    }

    /// True for a query that matches nothing (empty or only spaces).
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when every text that `longer` matches is sure to match `self` as well, so a
    /// search for `longer` need only look among the hits for `self` (the user typed on).
    ///
    /// That holds when `self`'s text is a prefix of `longer`'s (`kej` → `keji`, also
    /// `ke` → `ke j`), because every way of matching `longer` contains one of matching the
    /// prefix:
    /// * a plain occurrence of `longer` contains one of `self`, and where `self` is not
    ///   searched plainly its characters are all units, which consume themselves;
    /// * a unit match of `longer` consumes a prefix of its units that is `self`'s units (a
    ///   prefix too): the characters before the cut consume what they did, and the
    ///   character at the cut, now the last, consumes the cut-off part of what it consumed,
    ///   which is a prefix of a reading (or one of its initials `zh`, `ch`, `sh`: `z`…);
    ///   the literal characters and ASCII steps are a single query character, never cut.
    ///
    /// Except when `self` has no units (only spaces or punctuation, matched plainly only)
    /// and `longer` has: then `-k` finds 科, which does not contain `-`. And an empty
    /// query matches nothing, so it covers nothing.
    pub fn covers(&self, longer: &Query) -> bool {
        !self.is_empty()
            && longer.text.starts_with(&self.text)
            && (!self.units.is_empty() || longer.units.is_empty())
    }
}

/// A haystack prepared for repeated searching: the original text, its case-folded form,
/// and for each searchable character its position and possible initials. Full readings are
/// looked up in the `pinyin` crate's static tables only where the initials already fit, so
/// preparing costs 12 bytes a character and no per-character strings.
#[derive(Debug, Clone)]
pub struct SearchText {
    original: String,
    /// Folded copy with one char per original char; `None` when identical to the original.
    folded: Option<String>,
    /// Every character that is not skipped.
    units: Vec<Unit>,
    /// ASCII letters/digits that some unit can consume (bit per letter/digit).
    offers: u64,
    /// ASCII letters/digits that occur literally.
    literal: u64,
}

/// A searchable character.
#[derive(Debug, Clone, Copy)]
struct Unit {
    /// Index among the original's chars.
    index: u32,
    /// The folded character.
    ch: char,
    /// Bit per letter a–z that can start this character's consumption (its own letter, or
    /// the initials of its readings): a cheap test before looking readings up.
    initials: u32,
}

impl Unit {
    /// Whether this character could consume the start of `rest` at all.
    fn may_start(self, rest: &str) -> bool {
        match rest.as_bytes().first() {
            None => false,
            Some(&b) if b.is_ascii_lowercase() => self.initials & (1 << (b - b'a')) != 0,
            Some(&b) if b.is_ascii() => self.ch == char::from(b),
            Some(_) => rest.starts_with(self.ch),
        }
    }
}

/// What one (folded, searchable) character offers to the quick tests.
#[derive(Debug, Clone, Copy)]
struct CharKeys {
    /// See [`Unit::initials`].
    initials: u32,
    /// ASCII letters/digits that the character can consume (bit per letter/digit).
    offers: u64,
    /// The character itself as a letter/digit bit, if it is one.
    literal: u64,
}

impl CharKeys {
    fn of(c: char) -> Self {
        let mut keys = CharKeys {
            initials: 0,
            offers: 0,
            literal: 0,
        };
        if c.is_ascii_lowercase() {
            keys.initials = 1 << (c as u8 - b'a');
        }
        if c.is_ascii() {
            keys.offers = letter_bit(c as u8);
            keys.literal = letter_bit(c as u8);
        } else if let Some(multi) = c.to_pinyin_multi() {
            for p in multi {
                let reading = p.plain();
                if let Some(&b) = reading.as_bytes().first()
                    && b.is_ascii_lowercase()
                {
                    keys.initials |= 1 << (b - b'a');
                }
                for b in reading.chars() {
                    keys.offers |= match b {
                        'ü' => letter_bit(b'u') | letter_bit(b'v'),
                        b if b.is_ascii() => letter_bit(b as u8),
                        _ => 0,
                    };
                }
            }
        }
        keys
    }
}

impl SearchText {
    pub fn new(text: &str) -> Self {
        let original = text.to_owned();
        let folded: String = original.chars().map(fold_char).collect();
        let mut units = Vec::new();
        let mut offers = 0u64;
        let mut literal = 0u64;
        for (i, c) in folded.chars().enumerate() {
            if is_skipped(c) {
                continue;
            }
            let Ok(index) = u32::try_from(i) else { break };
            let keys = CharKeys::of(c);
            offers |= keys.offers;
            literal |= keys.literal;
            units.push(Unit {
                index,
                ch: c,
                initials: keys.initials,
            });
        }
        let folded = (folded != original).then_some(folded);
        Self {
            original,
            folded,
            units,
            offers,
            literal,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.original
    }

    /// The leftmost match of `query`, preferring a plain substring match. `None` for an
    /// empty query. Pass a [`Query`] when searching many texts for the same query.
    pub fn find<'q>(&self, query: impl Into<QueryArg<'q>>) -> Option<MatchSpan> {
        match query.into() {
            QueryArg::Prepared(q) => self.find_prepared(q),
            QueryArg::Text(q) => self.find_prepared(&Query::new(q)),
        }
    }

    fn find_prepared(&self, query: &Query) -> Option<MatchSpan> {
        if query.is_empty() {
            return None;
        }
        // The plain substring search is the costly part of a miss, so it runs only when it
        // could find something the unit matcher would not: a query with punctuation or
        // spaces, or ASCII that the text really contains (`kj` in `科技 kj` should find "kj",
        // not 科技). For a query of Chinese characters the unit matcher finds the same
        // places, and also across stray spaces.
        let plain_first = query.units.is_empty()
            || query.has_skips
            || (query.needs != 0 && query.needs & !self.literal == 0);
        if plain_first && let Some(span) = self.find_plain(query) {
            return Some(span);
        }
        if query.units.is_empty() || query.needs & !self.offers != 0 {
            return None;
        }
        let q = query.units.as_str();
        (0..self.units.len()).find_map(|first| {
            if !self.units[first].may_start(q) {
                return None;
            }
            let last = self.match_from(first, q)?;
            let chars = self.units[first].index as usize..self.units[last].index as usize + 1;
            let kind = if self.folded_chars(chars.clone()).eq(query.text.chars()) {
                MatchKind::Text
            } else {
                MatchKind::Pinyin
            };
            Some(self.span(chars, kind))
        })
    }

    fn find_plain(&self, query: &Query) -> Option<MatchSpan> {
        let folded = self.folded.as_deref().unwrap_or(&self.original);
        let at = folded.find(query.text.as_str())?;
        let start = folded[..at].chars().count();
        let len = query.text.chars().count();
        Some(self.span(start..start + len, MatchKind::Text))
    }

    fn folded_chars(&self, chars: Range<usize>) -> impl Iterator<Item = char> + '_ {
        let folded = self.folded.as_deref().unwrap_or(&self.original);
        folded.chars().skip(chars.start).take(chars.len())
    }

    /// Runs the query from unit `first`; returns the unit where the whole query is consumed.
    /// `states` has bit `p` set when the first `p` bytes of the query can be consumed by
    /// the units so far.
    fn match_from(&self, first: usize, q: &str) -> Option<usize> {
        let done = q.len();
        let mut states: u128 = 1;
        for (j, &unit) in self.units.iter().enumerate().skip(first) {
            let mut next: u128 = 0;
            let mut bits = states;
            while bits != 0 {
                let p = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                // Positions only ever advance by whole characters or ASCII bytes.
                let Some(rest) = q.get(p..) else { continue };
                if !unit.may_start(rest) {
                    continue;
                }
                for end in consume(unit.ch, rest) {
                    if p + end == done {
                        return Some(j);
                    }
                    next |= 1 << (p + end);
                }
            }
            if next == 0 {
                return None;
            }
            states = next;
        }
        None
    }

    fn span(&self, chars: Range<usize>, kind: MatchKind) -> MatchSpan {
        let Range {
            start: first,
            end: last,
        } = chars;
        let mut start = self.original.len();
        let mut end = self.original.len();
        for (n, (i, _)) in self.original.char_indices().enumerate() {
            if n == first {
                start = i;
            }
            if n == last {
                end = i;
                break;
            }
        }
        MatchSpan {
            start: first,
            end: last,
            bytes: start..end,
            kind,
        }
    }
}

/// Match `query` in `haystack` (prepares both; use [`SearchText`] and [`Query`] in loops).
pub fn matches(haystack: &str, query: &str) -> Option<MatchSpan> {
    SearchText::new(haystack).find(query)
}

/// Many haystacks prepared together for yes/no matching, as an incremental search over
/// thousands of texts needs it on every keystroke. [`SearchIndex::is_match`] answers
/// exactly what `SearchText::new(text).find(query).is_some()` answers, without computing
/// where.
///
/// All texts share one arena: the folded characters in one string (for the plain
/// substring match) and the searchable characters as ids into an alphabet of the distinct
/// characters (2 bytes a character while the alphabet has at most 65,536 characters, 4
/// beyond: see [`Ids`]). A [`Matcher`] works out once per query, for every
/// character of the alphabet, which query positions it can advance from and by how much;
/// scanning a text is then one table look-up per character, with no pinyin look-ups.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// The folded texts, one after the other.
    folded: String,
    /// The searchable characters of the texts, as alphabet ids.
    ids: Ids,
    texts: Vec<IndexedText>,
    alphabet: Alphabet,
}

/// The alphabet ids of a [`SearchIndex`]'s characters: two bytes each while every id fits
/// (the 10,000 sub-task plan and its notes use a few thousand distinct characters), four
/// once one does not (all of them widened then, so a text's ids are one slice).
#[derive(Debug, Clone)]
enum Ids {
    Short(Vec<u16>),
    Long(Vec<u32>),
}

impl Default for Ids {
    fn default() -> Self {
        Ids::Short(Vec::new())
    }
}

impl Ids {
    fn len(&self) -> usize {
        match self {
            Ids::Short(ids) => ids.len(),
            Ids::Long(ids) => ids.len(),
        }
    }

    fn push(&mut self, id: u32) {
        match self {
            Ids::Short(ids) => match u16::try_from(id) {
                Ok(short) => ids.push(short),
                Err(_) => {
                    let mut long: Vec<u32> = Vec::with_capacity(ids.len() * 2 + 1);
                    long.extend(ids.iter().map(|&short| u32::from(short)));
                    long.push(id);
                    *self = Ids::Long(long);
                }
            },
            Ids::Long(ids) => ids.push(id),
        }
    }

    fn shrink_to_fit(&mut self) {
        match self {
            Ids::Short(ids) => ids.shrink_to_fit(),
            Ids::Long(ids) => ids.shrink_to_fit(),
        }
    }

    /// Whether the ids of `units` hold a run that `table` says consumes the whole query.
    fn scan<P: Positions>(&self, table: &StepTable<P>, units: Range<usize>) -> bool {
        match self {
            Ids::Short(ids) => table.scan(ids.get(units).unwrap_or_default()),
            Ids::Long(ids) => table.scan(ids.get(units).unwrap_or_default()),
        }
    }
}

/// One text of a [`SearchIndex`]: what [`SearchText`] keeps, as ranges into the arena.
#[derive(Debug, Clone)]
struct IndexedText {
    folded: Range<usize>,
    units: Range<usize>,
    offers: u64,
    literal: u64,
    /// The letters its characters can start on (see [`Unit::initials`]): whether a query
    /// of one letter matches.
    starts: u32,
}

/// The distinct searchable characters of a [`SearchIndex`].
#[derive(Debug, Clone, Default)]
struct Alphabet {
    chars: Vec<char>,
    initials: Vec<u32>,
    offers: Vec<u64>,
    /// Id + 1 of each Basic Multilingual Plane character (0: not seen); allocated on the
    /// first push.
    bmp: Vec<u32>,
    /// Ids of the other characters.
    astral: HashMap<char, u32>,
    /// For each letter a–z, the characters whose consumption it can start.
    by_initial: [Vec<u32>; 26],
}

impl Alphabet {
    fn len(&self) -> usize {
        self.chars.len()
    }

    fn get(&self, c: char) -> Option<u32> {
        match self.bmp.get(c as usize) {
            Some(&id) => id.checked_sub(1),
            None => self.astral.get(&c).copied(),
        }
    }

    fn intern(&mut self, c: char) -> u32 {
        if let Some(id) = self.get(c) {
            return id;
        }
        let Ok(id) = u32::try_from(self.chars.len()) else {
            // Unreachable: there are fewer than 2^32 characters.
            return 0;
        };
        let keys = CharKeys::of(c);
        self.chars.push(c);
        self.initials.push(keys.initials);
        self.offers.push(keys.offers);
        for (letter, ids) in self.by_initial.iter_mut().enumerate() {
            if keys.initials & (1 << letter) != 0 {
                ids.push(id);
            }
        }
        if self.bmp.is_empty() {
            self.bmp = vec![0; 0x1_0000];
        }
        match self.bmp.get_mut(c as usize) {
            Some(slot) => *slot = id + 1,
            None => {
                self.astral.insert(c, id);
            }
        }
        id
    }
}

impl SearchIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text; returns its number (0, 1, 2… in the order of pushing).
    pub fn push(&mut self, text: &str) -> usize {
        let folded_start = self.folded.len();
        let units_start = self.ids.len();
        let mut offers = 0u64;
        let mut literal = 0u64;
        let mut starts = 0u32;
        let mut searchable = true;
        for (i, c) in text.chars().map(fold_char).enumerate() {
            self.folded.push(c);
            // As in `SearchText::new`: characters past u32::MAX are not searchable.
            searchable &= u32::try_from(i).is_ok();
            if !searchable || is_skipped(c) {
                continue;
            }
            let id = self.alphabet.intern(c);
            self.ids.push(id);
            offers |= self.alphabet.offers.get(id as usize).copied().unwrap_or(0);
            starts |= self
                .alphabet
                .initials
                .get(id as usize)
                .copied()
                .unwrap_or(0);
            if c.is_ascii() {
                literal |= letter_bit(c as u8);
            }
        }
        self.texts.push(IndexedText {
            folded: folded_start..self.folded.len(),
            units: units_start..self.ids.len(),
            offers,
            literal,
            starts,
        });
        self.texts.len() - 1
    }

    /// Number of texts.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Gives back the room its lists grew into beyond what they hold (call once every
    /// text is pushed: the next push grows them again).
    pub fn shrink_to_fit(&mut self) {
        self.folded.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.texts.shrink_to_fit();
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Searchable characters of text `text` (a measure of the work of matching it).
    pub fn units(&self, text: usize) -> usize {
        self.texts.get(text).map_or(0, |t| t.units.len())
    }

    /// Prepares `query` for matching against the texts of this index.
    pub fn matcher<'a>(&'a self, query: &'a Query) -> Matcher<'a> {
        let units = query.units.as_str();
        let steps = if query.is_empty() || units.is_empty() {
            Steps::None
        } else if units.len() <= 64 {
            Steps::Narrow(StepTable::new(&self.alphabet, units))
        } else {
            Steps::Wide(StepTable::new(&self.alphabet, units))
        };
        Matcher {
            index: self,
            query,
            steps,
        }
    }

    /// Whether text `text` matches `query` (false for a text number out of range). For
    /// many texts, prepare a [`Matcher`] once.
    pub fn is_match(&self, text: usize, query: &Query) -> bool {
        self.matcher(query).is_match(text)
    }
}

/// A query prepared against a [`SearchIndex`]; see [`SearchIndex::matcher`].
#[derive(Debug)]
pub struct Matcher<'a> {
    index: &'a SearchIndex,
    query: &'a Query,
    steps: Steps,
}

#[derive(Debug)]
enum Steps {
    /// Only the plain substring match applies.
    None,
    /// Query positions fit a `u64`.
    Narrow(StepTable<u64>),
    /// Up to [`MAX_UNIT_QUERY`] positions.
    Wide(StepTable<u128>),
}

impl Matcher<'_> {
    /// Whether text number `text` matches: the same answer as [`SearchText::find`] gives,
    /// as a yes or no.
    pub fn is_match(&self, text: usize) -> bool {
        let query = self.query;
        let Some(t) = self.index.texts.get(text) else {
            return false;
        };
        if query.is_empty() {
            return false;
        }
        // One letter or digit (the first key of a search, matched against everything): a
        // letter matches where a character can start on it (itself, or a reading's
        // initial: the rest of the reading is the part the query ends in), a digit where
        // it is written; plainly or by units, the answer is the same.
        if !query.has_skips
            && let [b] = query.units.as_bytes()
        {
            if b.is_ascii_lowercase() {
                return t.starts & (1 << (b - b'a')) != 0;
            }
            if b.is_ascii_digit() {
                return t.literal & letter_bit(*b) != 0;
            }
        }
        // The same decisions, in the same terms, as `SearchText::find_prepared`.
        let plain_first = query.units.is_empty()
            || query.has_skips
            || (query.needs != 0 && query.needs & !t.literal == 0);
        if plain_first
            && self
                .index
                .folded
                .get(t.folded.clone())
                .is_some_and(|f| f.contains(query.text.as_str()))
        {
            return true;
        }
        if query.units.is_empty() || query.needs & !t.offers != 0 {
            return false;
        }
        let ids = &self.index.ids;
        match &self.steps {
            Steps::None => false,
            Steps::Narrow(table) => ids.scan(table, t.units.clone()),
            Steps::Wide(table) => ids.scan(table, t.units.clone()),
        }
    }
}

/// A set of query positions: bit `p` for "the first `p` bytes of the query are consumed".
trait Positions:
    Copy
    + Default
    + Eq
    + std::fmt::Debug
    + std::ops::BitAnd<Output = Self>
    + std::ops::BitOr<Output = Self>
    + std::ops::BitOrAssign
    + std::ops::Shl<usize, Output = Self>
    + From<u8>
{
}

impl Positions for u64 {}
impl Positions for u128 {}

/// Longest step a character can take through the query without finishing it: a full
/// reading (`zhuang`, 6 letters) or the character itself (up to 4 UTF-8 bytes). Steps that
/// reach the end of the query, partial readings included, are kept apart (`finish`).
const MAX_STEP: usize = 6;

/// For one query, what each character of an alphabet can do at each query position: the
/// [`consume`] rule worked out once per (character, position) instead of once per
/// character of every text.
#[derive(Debug)]
struct StepTable<P> {
    /// Per character id, the positions from which it consumes anything.
    any: Vec<P>,
    steps: Vec<Step<P>>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Step<P> {
    /// Positions from which the character consumes the rest of the query.
    finish: P,
    /// `by[k]`: positions from which it consumes `k + 1` bytes, not reaching the end.
    by: [P; MAX_STEP],
}

impl<P: Positions> StepTable<P> {
    /// `units`: the query's unit string, non-empty and no longer than `P` has bits.
    fn new(alphabet: &Alphabet, units: &str) -> Self {
        let zero = P::default();
        let mut any = vec![zero; alphabet.len()];
        let mut steps = vec![Step::default(); alphabet.len()];
        let done = units.len();
        for (p, first) in units.char_indices() {
            let rest = &units[p..];
            let from = P::from(1) << p;
            // The characters that `Unit::may_start` lets start on `rest`.
            let single;
            let candidates: &[u32] = if first.is_ascii_lowercase() {
                let letter = first as usize - 'a' as usize;
                alphabet.by_initial.get(letter).map_or(&[], Vec::as_slice)
            } else {
                single = alphabet.get(first);
                single.as_slice()
            };
            for &id in candidates {
                let id = id as usize;
                let (Some(&ch), Some(&initials), Some(step), Some(any)) = (
                    alphabet.chars.get(id),
                    alphabet.initials.get(id),
                    steps.get_mut(id),
                    any.get_mut(id),
                ) else {
                    continue;
                };
                let unit = Unit {
                    index: 0,
                    ch,
                    initials,
                };
                if !unit.may_start(rest) {
                    continue;
                }
                for end in consume(ch, rest) {
                    // `readings_fit_max_step` checks this for every character.
                    debug_assert!(p + end == done || end <= MAX_STEP, "{ch:?} steps {end}");
                    if p + end == done {
                        step.finish |= from;
                    } else if let Some(by) = step.by.get_mut(end - 1) {
                        *by |= from;
                    } else {
                        continue;
                    }
                    *any |= from;
                }
            }
        }
        Self { any, steps }
    }

    /// Whether some run of consecutive units consumes the whole query. All starting units
    /// are followed at once: bit 0 is always set, so a match may start at every unit.
    fn scan<I: Copy + Into<u32>>(&self, ids: &[I]) -> bool {
        let zero = P::default();
        let start = P::from(1);
        let mut states = start;
        for &id in ids {
            let id = id.into() as usize;
            let Some(&any) = self.any.get(id) else {
                states = start;
                continue;
            };
            let active = states & any;
            if active == zero {
                states = start;
                continue;
            }
            let Some(step) = self.steps.get(id) else {
                states = start;
                continue;
            };
            if active & step.finish != zero {
                return true;
            }
            let mut next = start;
            for (k, &by) in step.by.iter().enumerate() {
                next |= (active & by) << (k + 1);
            }
            states = next;
        }
        false
    }
}

/// The numbers of query bytes that character `c` can consume from the start of `rest`
/// (each between 1 and `rest.len()`). A value equal to `rest.len()` may be a partial
/// reading: the query ends inside this character's syllable.
fn consume(c: char, rest: &str) -> impl Iterator<Item = usize> {
    let mut ends: [usize; 8] = [0; 8];
    let mut n = 0;
    let mut add = |e: usize| {
        if e > 0 && !ends[..n].contains(&e) && n < ends.len() {
            ends[n] = e;
            n += 1;
        }
    };
    if rest.starts_with(c) {
        add(c.len_utf8());
    }
    if !c.is_ascii()
        && rest.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && let Some(multi) = c.to_pinyin_multi()
    {
        for p in multi {
            let reading = p.plain();
            let k = common_prefix(reading, rest.as_bytes());
            if k == 0 {
                continue;
            }
            let whole = k == reading.chars().count();
            if whole || k == rest.len() {
                add(k);
            }
            add(1);
            let two = reading.as_bytes().get(..2);
            if k >= 2 && matches!(two, Some(b"zh" | b"ch" | b"sh")) {
                add(2);
            }
        }
    }
    ends.into_iter().take(n)
}

/// How many query bytes match the start of a pinyin reading (ü matches `v` or `u`).
fn common_prefix(reading: &str, rest: &[u8]) -> usize {
    reading
        .chars()
        .zip(rest)
        .take_while(|&(r, &q)| {
            q.is_ascii() && (r == q as char || (r == 'ü' && matches!(q, b'v' | b'u')))
        })
        .count()
}

fn letter_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 0,
    }
}

/// Folds a character for comparison: full-width ASCII to ASCII, then lower case (only where
/// lower case is a single character, so char positions stay aligned with the original).
fn fold_char(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Characters a match may pass over: spaces, punctuation, invisible formatting.
fn is_skipped(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || c.is_ascii_punctuation()
        || matches!(c,
            '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
            | '\u{2010}'..='\u{205E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3001}'..='\u{3004}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301F}'
            | '\u{3030}'
            | '\u{303D}'
            | '\u{FE10}'..='\u{FE1F}'
            | '\u{FE30}'..='\u{FE6F}'
            | '\u{FEFF}'
            | '\u{FF61}'..='\u{FF65}')
}

#[cfg(test)]
mod spell_tests {
    use super::spells;

    #[test]
    fn a_name_is_spelled_whole_in_pinyin_or_initials() {
        for (text, query) in [
            ("市科技局", "shikejiju"),
            ("市科技局", "SKJJ"),
            ("科技局", "kjj"),
            ("科技局", "KeJiJu"),
            ("人民银行柳州市中心支行", "rmyhlzszxzh"),
            ("银行", "yinhang"),
            ("银行", "yh"),
            ("市住房城乡建设局", "szfcxjsj"),
            ("柳州银保监分局", "liuzhouyinbaojianfenju"),
        ] {
            assert!(spells(text, query), "{query} for {text}");
        }
        for (text, query) in [
            ("市科技局", "kjj"),
            ("市科技局", "shikeji"),
            ("市科技局", "skj"),
            ("市科技局", "shikjju"),
            ("市科技局", ""),
            ("市科技局", "市科技局"),
            ("", "a"),
        ] {
            assert!(!spells(text, query), "{query} for {text}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(h: &str, q: &str) -> Option<(String, MatchKind)> {
        matches(h, q).map(|m| (h[m.bytes.clone()].to_owned(), m.kind))
    }

    fn text(h: &str, q: &str) -> Option<String> {
        hit(h, q).map(|(s, _)| s)
    }

    #[test]
    fn keys_of_owner_names() {
        let k = pinyin_keys("市科技局");
        assert_eq!(k.full, "shikejiju");
        assert_eq!(k.initials, "skjj");
        let k = pinyin_keys("市发展改革委（牵头）");
        assert_eq!(k.full, "shifazhangaigeweiqiantou");
        assert_eq!(k.initials, "sfzggwqt");
        let k = pinyin_keys("5G基站、ＡＩ");
        assert_eq!(k.full, "5gjizhanai");
        assert_eq!(k.initials, "5gjzai");
        assert_eq!(pinyin_keys("绿色").full, "lvse");
        assert_eq!(pinyin_keys(""), PinyinKeys::default());
    }

    #[test]
    fn required_examples() {
        assert_eq!(text("市科技局", "kjj").as_deref(), Some("科技局"));
        assert_eq!(text("高新区", "gaoxin").as_deref(), Some("高新"));
        assert_eq!(text("高新技术企业", "高新"), Some("高新".into()));
        assert_eq!(text("市科技局", "shikeji").as_deref(), Some("市科技"));
        assert_eq!(text("市科技局", "skjj").as_deref(), Some("市科技局"));
        assert_eq!(text("市科技局", "shikejiju").as_deref(), Some("市科技局"));
    }

    #[test]
    fn spans_are_in_chars_and_bytes() {
        let m = matches("责任单位：市科技局、市财政局", "kjj").unwrap_or_else(|| unreachable!());
        assert_eq!((m.start, m.end), (6, 9));
        assert_eq!(m.chars(), 6..9);
        assert_eq!(m.bytes, 18..27);
        assert_eq!(m.kind, MatchKind::Pinyin);
        let m = matches("abc 高新区", "高新").unwrap_or_else(|| unreachable!());
        assert_eq!(m.chars(), 4..6);
        assert_eq!(m.bytes, 4..10);
        assert_eq!(m.kind, MatchKind::Text);
    }

    #[test]
    fn case_and_full_width_are_ignored() {
        assert_eq!(text("建设 5G 基站", "5g").as_deref(), Some("5G"));
        assert_eq!(text("ＡＩ产业", "ai").as_deref(), Some("ＡＩ"));
        assert_eq!(text("Liuzhou", "LIUZ").as_deref(), Some("Liuz"));
        assert_eq!(text("市科技局", "KJJ").as_deref(), Some("科技局"));
    }

    #[test]
    fn partial_last_syllable_while_typing() {
        for q in [
            "s", "sh", "shi", "shik", "shike", "shikej", "shikeji", "shikejij",
        ] {
            assert!(text("市科技局", q).is_some(), "{q}");
        }
        assert_eq!(text("市科技局", "shikej").as_deref(), Some("市科技"));
        // Only the last character may be cut short: "ga" is neither 高's reading nor its
        // initial.
        assert_eq!(text("高新区", "gaxin"), None);
        assert_eq!(text("高新区", "gaox").as_deref(), Some("高新"));
    }

    #[test]
    fn mixed_full_and_initials() {
        assert_eq!(text("高新技术企业", "gaoxjs").as_deref(), Some("高新技术"));
        assert_eq!(text("重点实验室", "zhdsys").as_deref(), Some("重点实验室"));
        assert_eq!(text("市市场监管局", "scjg").as_deref(), Some("市场监管"));
    }

    #[test]
    fn polyphonic_characters_match_any_reading() {
        assert_eq!(
            text("长三角城市群", "changsanjiao").as_deref(),
            Some("长三角")
        );
        assert_eq!(text("长三角城市群", "csj").as_deref(), Some("长三角"));
        assert_eq!(
            text("人民银行柳州市中心支行", "yinhang").as_deref(),
            Some("银行")
        );
        assert_eq!(
            text("人民银行柳州市中心支行", "zhihang").as_deref(),
            Some("支行")
        );
        assert_eq!(text("重庆", "chongqing").as_deref(), Some("重庆"));
        assert_eq!(text("绿色农药", "lvse").as_deref(), Some("绿色"));
        assert_eq!(text("绿色农药", "lse").as_deref(), Some("绿色"));
    }

    #[test]
    fn matches_across_spaces_and_punctuation() {
        assert_eq!(text("市科 技局", "市科技局").as_deref(), Some("市科 技局"));
        assert_eq!(
            text("市科技局、市财政局", "jjs").as_deref(),
            Some("技局、市")
        );
        assert_eq!(text("到 2023年", "2023n").as_deref(), Some("2023年"));
        let m = matches("市科 技局", "市科技局").unwrap_or_else(|| unreachable!());
        assert_eq!(m.kind, MatchKind::Pinyin);
    }

    #[test]
    fn leftmost_match_wins() {
        assert_eq!(matches("局市技市技", "sj").map(|m| m.chars()), Some(1..3));
        assert_eq!(text("市科技局、市财政局", "sj"), None);
        assert_eq!(
            matches("市科技局、市财政局、市科技局", "kjj").map(|m| m.chars()),
            Some(1..4)
        );
        // A plain match wins over an earlier pinyin one.
        assert_eq!(hit("科技 kj", "kj"), Some(("kj".into(), MatchKind::Text)));
    }

    #[test]
    fn non_matches() {
        assert_eq!(matches("市科技局", ""), None);
        assert_eq!(matches("市科技局", "   "), None);
        assert_eq!(matches("市科技局", "x"), None);
        assert_eq!(matches("市科技局", "kjjx"), None);
        assert_eq!(matches("", "kjj"), None);
        assert_eq!(matches("市科技局", "财政"), None);
        assert_eq!(matches("市科技局", "jk"), None);
        // Characters must be consecutive (skipping only spaces and punctuation).
        assert_eq!(matches("市科技局", "sj"), None);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let long = "很长".repeat(200);
        assert!(matches(&long, &long).is_some());
        // Longer than the unit matcher tracks: only the plain match is tried.
        assert_eq!(matches(&long, &"hen".repeat(100)), None);
        assert_eq!(matches("abc", &"a".repeat(500)), None);
        // Upper case with a two-char lower case form stays as is, positions stay aligned.
        let m = matches("İstanbul", "stan").unwrap_or_else(|| unreachable!());
        assert_eq!((m.chars(), m.bytes), (1..5, 2..6));
        for h in [
            "\u{1b}[31m",
            "\u{FFFD}",
            "🎉🎉",
            "\u{301}",
            "'''",
            "’’",
            "Ü",
        ] {
            for q in ["'", "e", "🎉", "\u{301}", "'a", "ü", "v", "\u{1b}", "Ã"] {
                if let Some(m) = matches(h, q) {
                    assert!(h.get(m.bytes.clone()).is_some(), "{h:?} {q:?}");
                }
            }
        }
        assert_eq!(matches("🎉🎉", "🎉").map(|m| m.bytes), Some(0..4));
        assert_eq!(text("西安", "xi'an").as_deref(), Some("西安"));
    }

    #[test]
    fn random_input_gives_valid_spans() {
        const PIECES: &[&str] = &[
            "市", "长", "行", "绿", "重", "ＡＩ", "a", "Z", " ", "、", "（", "İ", "ü", "\u{301}",
            "'", "z", "sh", "chang", "lv", "1", "🎉",
        ];
        let mut seed: u64 = 42;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        for _ in 0..3000 {
            let h: String = (0..next() % 12)
                .map(|_| PIECES[next() % PIECES.len()])
                .collect();
            let q: String = (0..next() % 4)
                .map(|_| PIECES[next() % PIECES.len()])
                .collect();
            if let Some(m) = matches(&h, &q) {
                assert!(m.start < m.end, "{h:?} {q:?}");
                assert!(h.get(m.bytes.clone()).is_some(), "{h:?} {q:?} {m:?}");
                assert_eq!(h[m.bytes.clone()].chars().count(), m.end - m.start);
                assert_eq!(h[..m.bytes.start].chars().count(), m.start);
            }
        }
    }

    #[test]
    fn query_is_reusable_over_many_items() {
        let items: Vec<SearchText> = (0..2000)
            .map(|i| SearchText::new(&format!("第{i}项：市科技局、市财政局，有关县区人民政府")))
            .collect();
        let q = Query::new("czj");
        assert!(!q.is_empty());
        assert_eq!(q.as_str(), "czj");
        let found = items.iter().filter(|t| t.find(&q).is_some()).count();
        assert_eq!(found, 2000);
        // A plain &str works too, and gives the same answer.
        assert_eq!(items[7].find("czj"), items[7].find(&q));
        assert_eq!(items[7].find(&String::from("czj")), items[7].find(&q));
        let q = Query::new("zzzz");
        assert_eq!(items.iter().filter(|t| t.find(&q).is_some()).count(), 0);
        assert_eq!(
            items[0].as_str(),
            "第0项：市科技局、市财政局，有关县区人民政府"
        );
    }

    /// A small deterministic generator for the randomised tests.
    fn lcg(mut seed: u64) -> impl FnMut() -> usize {
        move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        }
    }

    /// Pieces of haystacks and queries: characters with several readings, initials,
    /// partial syllables, skipped characters, case and width variants.
    const MIX: &[&str] = &[
        "市", "科", "技", "局", "长", "行", "绿", "重", "高", "新", "区", "庆", "西", "安", "ＡＩ",
        "a", "Z", "k", "j", "x", "s", "g", " ", "、", "（", "'", "-", "İ", "ü", "\u{301}", "z",
        "sh", "zh", "ke", "ji", "gao", "xin", "chang", "zhang", "lv", "lü", "1", "5G", "🎉",
        "\u{3000}", "Ｋ",
    ];

    fn random_string(next: &mut impl FnMut() -> usize, pieces: usize) -> String {
        (0..pieces).map(|_| MIX[next() % MIX.len()]).collect()
    }

    #[test]
    fn index_answers_as_search_text_does() {
        let mut next = lcg(7);
        let texts: Vec<String> = (0..400)
            .map(|_| {
                let n = next() % 14;
                random_string(&mut next, n)
            })
            .collect();
        let mut index = SearchIndex::new();
        for (i, t) in texts.iter().enumerate() {
            assert_eq!(index.push(t), i);
        }
        assert_eq!(index.len(), texts.len());
        let prepared: Vec<SearchText> = texts.iter().map(|t| SearchText::new(t)).collect();
        let mut queries: Vec<String> = (0..600)
            .map(|_| {
                let n = next() % 5;
                random_string(&mut next, n)
            })
            .collect();
        queries.extend(
            [
                "kjj",
                "gaoxin",
                "gaox",
                "gax",
                "shikej",
                "zhang",
                "zh",
                "chang",
                "csj",
                "lv",
                "lu",
                "lü",
                "xi'an",
                "ke ji",
                "科技",
                "市科 技",
                "5g",
                "ai",
                "k",
                "",
                "  ",
            ]
            .map(String::from),
        );
        let mut found = 0;
        for q in &queries {
            let query = Query::new(q);
            let matcher = index.matcher(&query);
            for (i, text) in prepared.iter().enumerate() {
                let want = text.find(&query).is_some();
                assert_eq!(matcher.is_match(i), want, "{:?} in {:?}", q, texts[i]);
                found += usize::from(want);
            }
        }
        assert!(
            found > 1000,
            "the test should see many matches, saw {found}"
        );
        assert!(!index.is_match(texts.len(), &Query::new("k")));
    }

    /// Past 65,536 distinct characters the ids widen to four bytes: texts pushed before and
    /// after answer as `SearchText` does.
    #[test]
    fn an_alphabet_past_two_byte_ids_answers_the_same() {
        let distinct: Vec<char> = [
            0x4E00..0xA000u32,
            0x3400..0x4DC0,
            0xAC00..0xD7A4,
            0x2_0000..0x2_A6E0,
        ]
        .into_iter()
        .flatten()
        .filter_map(char::from_u32)
        .collect();
        assert!(distinct.len() > 70_000);
        let mut texts: Vec<String> = vec!["市科技局推进高新区".into(), "xi'an 长安".into()];
        texts.extend(distinct.chunks(997).map(|c| c.iter().collect::<String>()));
        texts.push("科技局 gaoxin 高新 𠀀𠀁".into());
        let mut index = SearchIndex::new();
        for t in &texts {
            index.push(t);
        }
        assert!(matches!(index.ids, Ids::Long(_)));
        assert!(index.alphabet.len() > 0x1_0000);
        let last = texts.len() - 1;
        let queries = [
            "kejiju", "kjj", "科技", "gaoxin", "gx", "xian", "xi'an", "changan", "𠀀𠀁", "𠀁",
            "ke", "zz", "한",
        ];
        let mut found = 0;
        for q in queries {
            let query = Query::new(q);
            let matcher = index.matcher(&query);
            for (i, text) in texts.iter().enumerate() {
                if i > 3 && i + 3 < last {
                    continue;
                }
                let want = SearchText::new(text).find(&query).is_some();
                assert_eq!(matcher.is_match(i), want, "{q:?} in text {i}");
                found += usize::from(want);
            }
        }
        assert!(found >= 10, "{found}");
    }

    #[test]
    fn index_handles_long_queries_and_texts() {
        let long = "很长".repeat(40);
        let mut index = SearchIndex::new();
        index.push(&long);
        index.push("很长很长");
        index.push("");
        // 64 bytes and fewer fit the narrow tables, up to 127 the wide ones, beyond that
        // only the plain match applies.
        for q in [
            "hen".repeat(2),
            "henchang".repeat(8),
            "henchang".repeat(8) + "h",
            "hc".repeat(40),
            "hc".repeat(41),
            "hc".repeat(63) + "h",
            "hc".repeat(64),
            "hen".repeat(100),
            "很长".repeat(21),
            "很长".repeat(22),
            long.clone(),
        ] {
            let query = Query::new(&q);
            for (i, text) in [long.as_str(), "很长很长", ""].into_iter().enumerate() {
                assert_eq!(
                    index.is_match(i, &query),
                    matches(text, &q).is_some(),
                    "{q:?} in text {i}"
                );
            }
        }
        assert!(index.is_match(0, &Query::new(&"hc".repeat(40))));
        assert!(!index.is_match(0, &Query::new(&"hc".repeat(41))));
        assert!(index.is_match(0, &Query::new(&long)));
        assert_eq!(index.units(0), 80);
        assert_eq!(index.units(9), 0);
    }

    #[test]
    fn readings_fit_max_step() {
        // The step tables have room for steps of up to MAX_STEP bytes that do not finish
        // the query: a whole reading, or a character itself (at most 4 bytes).
        let longest = (0..=char::MAX as u32)
            .filter_map(char::from_u32)
            .filter_map(|c| c.to_pinyin_multi())
            .flat_map(|multi| multi.into_iter().map(|p| p.plain().chars().count()))
            .max();
        assert_eq!(longest, Some(MAX_STEP));
    }

    #[test]
    fn longer_queries_are_covered_by_their_prefixes() {
        let covers = |a: &str, b: &str| Query::new(a).covers(&Query::new(b));
        assert!(covers("kej", "keji"));
        assert!(covers("kej", "kej"));
        assert!(covers("ke", "ke ji"));
        assert!(covers("ke ", "ke j"));
        assert!(covers("xi", "xi'an"));
        assert!(covers("KE", "keji"));
        assert!(covers("高", "高新"));
        assert!(!covers("keji", "kej"));
        assert!(!covers("kej", "kei"));
        assert!(!covers("", "k"));
        assert!(!covers("  ", "k"));
        // Only punctuation: matched plainly, while `-k` matches 科 by its units.
        assert!(!covers("-", "-k"));
        assert!(matches("科", "-k").is_some() && matches("科", "-").is_none());
        assert!(covers("-", "--"));
    }

    #[test]
    fn what_a_longer_query_finds_its_prefix_finds() {
        // The rule search narrowing relies on, checked on random texts and queries,
        // including partial last syllables (`gaox`), initials (`zh`) and skipped characters.
        let mut next = lcg(11);
        let mut checked = 0;
        for _ in 0..4000 {
            let pieces: Vec<&str> = (0..next() % 12).map(|_| MIX[next() % MIX.len()]).collect();
            let text = SearchText::new(&pieces.concat());
            // Mostly a run of the text's own pieces, some spelled in pinyin, so that many
            // queries match.
            let from = next() % (pieces.len() + 1);
            let to = (from + 1 + next() % 4).min(pieces.len());
            let mut longer = String::new();
            if next().is_multiple_of(4) {
                longer.push_str(["、", "-", "'", "（"][next() % 4]);
            }
            for piece in pieces.get(from..to).unwrap_or_default() {
                let keys = pinyin_keys(piece);
                longer.push_str(match next() % 4 {
                    0 => &keys.full,
                    1 => &keys.initials,
                    _ => piece,
                });
            }
            if next().is_multiple_of(4) {
                longer.push_str(MIX[next() % MIX.len()]);
            }
            let long_query = Query::new(&longer);
            if text.find(&long_query).is_none() {
                continue;
            }
            for cut in longer.char_indices().map(|(i, _)| i) {
                let short_query = Query::new(&longer[..cut]);
                if short_query.covers(&long_query) {
                    checked += 1;
                    assert!(
                        text.find(&short_query).is_some(),
                        "{:?} finds {:?}, {:?} does not",
                        longer,
                        text.as_str(),
                        &longer[..cut]
                    );
                }
            }
        }
        assert!(checked > 2000, "only {checked} pairs checked");
    }
}
