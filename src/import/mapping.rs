//! Id mappings from one plan to its revision, and what `planmeet status rekey` writes to
//! carry annotations over.
//!
//! A mapping file is plain text, one mapping a line, `#` starts a comment:
//!
//! ```text
//! p2.t2 -> p2.t3
//! unit kjj -> kjj2
//! ```
//!
//! Carrying over never rewrites history: each annotation's current state is recorded
//! again, as new records, under its new key. The old key is reset — its actual values
//! undone, its fields cleared — and so is a new key that held something before (the
//! numbers shifted and it named another item), so the state is in one place only and
//! nothing of one item lands on another. The old records stay in the file: `status log`
//! still shows everything that was ever recorded.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::annotation::{Actual, AnnotationLog, Change, Field, Key};

/// Old id → new id, for items and for units.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    pub items: BTreeMap<String, String>,
    pub units: BTreeMap<String, String>,
}

impl Mapping {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.units.is_empty()
    }

    /// Where a key goes.
    pub fn key(&self, key: &Key) -> Key {
        Key {
            item: self
                .items
                .get(&key.item)
                .cloned()
                .unwrap_or_else(|| key.item.clone()),
            owner: key
                .owner
                .as_ref()
                .map(|o| self.units.get(o).cloned().unwrap_or_else(|| o.clone())),
        }
    }

    /// The mapping as a file.
    pub fn to_text(&self) -> String {
        let mut out = String::from(
            "# planmeet id mapping: old -> new (apply with `planmeet status rekey FILE`)\n",
        );
        for (old, new) in &self.items {
            out.push_str(&format!("{old} -> {new}\n"));
        }
        for (old, new) in &self.units {
            out.push_str(&format!("unit {old} -> {new}\n"));
        }
        out
    }

    /// Reads a mapping file; an error names the line.
    pub fn parse(text: &str) -> Result<Mapping, MapError> {
        let mut mapping = Mapping::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (unit, rest) = match line.strip_prefix("unit ") {
                Some(rest) => (true, rest),
                None => (false, line),
            };
            let parts: Vec<&str> = rest.split("->").map(str::trim).collect();
            let [old, new] = parts.as_slice() else {
                return Err(MapError::Shape { line: n + 1 });
            };
            if old.is_empty()
                || new.is_empty()
                || old.contains(char::is_whitespace)
                || new.contains(char::is_whitespace)
            {
                return Err(MapError::BadId { line: n + 1 });
            }
            let map = if unit {
                &mut mapping.units
            } else {
                &mut mapping.items
            };
            if let Some(previous) = map.insert((*old).to_owned(), (*new).to_owned())
                && previous != *new
            {
                return Err(MapError::Twice {
                    line: n + 1,
                    old: (*old).to_owned(),
                    first: previous,
                    second: (*new).to_owned(),
                });
            }
        }
        let targets: BTreeSet<&String> = mapping.items.values().collect();
        if targets.len() != mapping.items.len() {
            return Err(MapError::SameTarget);
        }
        Ok(mapping)
    }
}

/// Why a mapping file cannot be read, in words of the interface language by
/// [`MapError::message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapError {
    /// A line that is not `OLD -> NEW` or `unit OLD -> NEW`.
    Shape { line: usize },
    /// An id empty or with spaces.
    BadId { line: usize },
    /// One old id mapped to two new ones.
    Twice {
        line: usize,
        old: String,
        first: String,
        second: String,
    },
    /// Two items mapped to one new id.
    SameTarget,
}

impl MapError {
    pub fn message(&self, strings: &crate::i18n::Strings) -> String {
        match self {
            MapError::Shape { line } => strings.format("map.shape", &[("line", line)]),
            MapError::BadId { line } => strings.format("map.bad_id", &[("line", line)]),
            MapError::Twice {
                line,
                old,
                first,
                second,
            } => strings.format(
                "map.twice",
                &[
                    ("line", line),
                    ("old", old),
                    ("first", first),
                    ("second", second),
                ],
            ),
            MapError::SameTarget => strings.get("map.same_target").to_owned(),
        }
    }
}

/// One write of a rekey, in order.
#[derive(Debug, Clone, PartialEq)]
// A handful per revision: a `Change` (with its report texts) is not worth boxing.
#[allow(clippy::large_enum_variant)]
pub enum Step {
    /// Undo this record: an actual value that moves to another key.
    Undo(String),
    Record(Change),
}

/// The writes that carry the annotations of `log` over by `mapping`.
pub fn rekey_steps(log: &AnnotationLog, mapping: &Mapping) -> Vec<Step> {
    let moves: Vec<(Key, Key)> = log
        .annotations()
        .into_iter()
        .filter(|a| !a.is_blank())
        .map(|a| (a.key.clone(), mapping.key(&a.key)))
        .filter(|(from, to)| from != to)
        .collect();
    let resets: BTreeSet<Key> = moves
        .iter()
        .flat_map(|(from, to)| [from.clone(), to.clone()])
        .collect();
    let mut steps = Vec::new();
    for key in &resets {
        let Some(state) = log
            .annotation(&key.item, key.owner.as_deref())
            .filter(|a| !a.is_blank())
        else {
            continue;
        };
        for point in &state.actuals {
            steps.push(Step::Undo(point.record.to_string()));
        }
        // Every field, set or not: an undo above may bring back one the state did not show.
        let mut change = Change::new(key);
        change.clear = Field::ALL.to_vec();
        if !change.is_empty() {
            steps.push(Step::Record(change));
        }
    }
    for (from, to) in &moves {
        let Some(state) = log.annotation(&from.item, from.owner.as_deref()) else {
            continue;
        };
        let mut change = Change::new(to);
        change.status = state.status.as_ref().map(|l| l.value);
        change.progress = state.progress.as_ref().map(|l| l.value);
        if let Some(note) = &state.note {
            change.note = Some(note.value.to_string());
            change.private = log.get(&note.record).is_some_and(|r| r.private);
        }
        if !change.is_empty() {
            steps.push(Step::Record(change));
        }
        for point in &state.actuals {
            let mut change = Change::new(to);
            change.actual = Some(Actual {
                value: point.value,
                as_of: point.as_of,
            });
            steps.push(Step::Record(change));
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_files() {
        let m = Mapping::parse("# c\np1.t1 -> p1.t2\nunit kjj -> kj # x\n\n").unwrap();
        assert_eq!(m.items.get("p1.t1").map(String::as_str), Some("p1.t2"));
        assert_eq!(m.units.get("kjj").map(String::as_str), Some("kj"));
        assert_eq!(Mapping::parse(&m.to_text()).unwrap(), m);
        assert!(Mapping::parse("p1 p2").is_err());
        assert!(Mapping::parse("a -> c\nb -> c").is_err());
    }
}
