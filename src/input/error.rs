//! The one error of every input reader, with its message in the user's language.

use std::fmt;

use crate::i18n::{Lang, Strings};

/// Why a typed value was refused. [`InputError::message`] says it in the interface
/// language, from the `input.*` strings.
/// A unit offered in a message: its id, its name and its English name if the plan gives one.
pub type UnitChoice = (String, String, Option<String>);

#[derive(Debug, Clone, PartialEq)]
pub enum InputError {
    /// Nothing was typed where a value is needed.
    Empty,
    /// Not a date in any form we read.
    NotADate {
        text: String,
    },
    /// A month other than 1–12.
    NoSuchMonth {
        text: String,
        month: u32,
    },
    /// A day the month does not have (2月没有30日), or 29 February of a common year.
    NoSuchDay {
        text: String,
        year: i16,
        month: u32,
        day: u32,
    },
    /// A month (`2022年6月`) where a day is needed.
    DayNeeded {
        text: String,
    },
    NotANumber {
        text: String,
    },
    /// Commas or spaces that are not thousands separators (`1,5`: is it 15 or 1.5?).
    BadGrouping {
        text: String,
    },
    /// NaN, an infinity, or a number too large for a double.
    NotFinite {
        text: String,
    },
    /// More digits than a double keeps: it would be stored as `stored`.
    NotExact {
        text: String,
        stored: String,
    },
    /// A unit of measure other than the target's.
    WrongUnit {
        text: String,
        unit: String,
        expected: String,
    },
    /// Progress outside 0–100 %.
    PercentOutOfRange {
        text: String,
    },
    /// Not one of the statuses; `choices` are (name, i18n key) of each.
    UnknownStatus {
        text: String,
        choices: Vec<(&'static str, &'static str)>,
    },
    /// Units no unit of the registry goes by; `listed` are the units that look closest
    /// (`near`), or every unit.
    UnknownUnits {
        texts: Vec<String>,
        listed: Vec<UnitChoice>,
        near: bool,
    },
    /// A name several units go by: each of them.
    AmbiguousUnit {
        text: String,
        candidates: Vec<UnitChoice>,
    },
    /// Neither an item id nor the document's numbering; `near` are ids (with a title) that
    /// look closest.
    UnknownItem {
        text: String,
        near: Vec<String>,
    },
    /// Numbering that goes one step too far (`六.9`): `parts` are the numbers there are.
    NoSuchPart {
        text: String,
        parent: PartOf,
        parts: Vec<String>,
    },
    /// Not a time of day in any form we read (`9:30`, `9点30分`).
    NotATime {
        text: String,
    },
}

/// Where a number was looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartOf {
    /// The programmes of 主要任务.
    Programmes,
    /// 保障措施.
    Safeguards,
    /// An annex, by its number.
    Annex(u8),
    /// An item, by its numbered title.
    Item(String),
}

impl InputError {
    /// The key of the message in the interface strings.
    pub fn key(&self) -> &'static str {
        match self {
            InputError::Empty => "input.empty",
            InputError::NotADate { .. } => "input.not_a_date",
            InputError::NoSuchMonth { .. } => "input.no_such_month",
            InputError::NoSuchDay {
                year, month, day, ..
            } if *month == 2 && *day == 29 && !is_leap(*year) => "input.not_a_leap_year",
            InputError::NoSuchDay { .. } => "input.no_such_day",
            InputError::DayNeeded { .. } => "input.day_needed",
            InputError::NotANumber { .. } => "input.not_a_number",
            InputError::BadGrouping { .. } => "input.bad_grouping",
            InputError::NotFinite { .. } => "input.not_finite",
            InputError::NotExact { .. } => "input.not_exact",
            InputError::WrongUnit { .. } => "input.wrong_unit",
            InputError::PercentOutOfRange { .. } => "input.percent_range",
            InputError::UnknownStatus { .. } => "input.unknown_status",
            InputError::UnknownUnits { texts, .. } if texts.len() > 1 => "input.unknown_units",
            InputError::UnknownUnits { .. } => "input.unknown_unit",
            InputError::AmbiguousUnit { .. } => "input.ambiguous_unit",
            InputError::UnknownItem { .. } => "input.unknown_item",
            InputError::NoSuchPart { parts, .. } if parts.is_empty() => "input.no_parts",
            InputError::NoSuchPart { .. } => "input.no_such_part",
            InputError::NotATime { .. } => "input.not_a_time",
        }
    }

    /// The message, in the language of `strings`.
    pub fn message(&self, strings: &Strings) -> String {
        let lang = strings.lang();
        let list = |items: Vec<String>| items.join(strings.get("input.separator"));
        // Under English a unit is named by its English name where the plan gives one.
        let units = |units: &[UnitChoice]| {
            list(
                units
                    .iter()
                    .map(|(id, name, name_en)| {
                        let name = match (lang, name_en) {
                            (Lang::En, Some(en)) => en,
                            _ => name,
                        };
                        strings.format("input.unit_choice", &[("id", id), ("name", name)])
                    })
                    .collect(),
            )
        };
        let key = self.key();
        match self {
            InputError::Empty => strings.get(key).to_owned(),
            InputError::NotADate { text }
            | InputError::DayNeeded { text }
            | InputError::NotANumber { text }
            | InputError::BadGrouping { text }
            | InputError::NotFinite { text }
            | InputError::PercentOutOfRange { text }
            | InputError::NotATime { text } => strings.format(key, &[("text", text)]),
            InputError::NoSuchMonth { text, month } => {
                strings.format(key, &[("text", text), ("month", month)])
            }
            InputError::NoSuchDay {
                text,
                year,
                month,
                day,
            } => {
                let (month, day) = match lang {
                    Lang::En => (
                        strings.get(&format!("input.month.{month}")).to_owned(),
                        ordinal(*day),
                    ),
                    Lang::Zh => (month.to_string(), day.to_string()),
                };
                strings.format(
                    key,
                    &[
                        ("text", text),
                        ("year", year),
                        ("month", &month),
                        ("day", &day),
                    ],
                )
            }
            InputError::NotExact { text, stored } => {
                strings.format(key, &[("text", text), ("stored", stored)])
            }
            InputError::WrongUnit {
                text,
                unit,
                expected,
            } => strings.format(
                key,
                &[("text", text), ("unit", unit), ("expected", expected)],
            ),
            InputError::UnknownStatus { text, choices } => {
                let choices = list(
                    choices
                        .iter()
                        .map(|(name, label)| {
                            strings.format(
                                "input.status_choice",
                                &[("name", name), ("label", &strings.get(label))],
                            )
                        })
                        .collect(),
                );
                strings.format(key, &[("text", text), ("choices", &choices)])
            }
            InputError::UnknownUnits {
                texts,
                listed,
                near,
            } => {
                let quoted: Vec<String> = texts
                    .iter()
                    .map(|t| strings.format("input.quoted", &[("text", t)]))
                    .collect();
                let listing = if *near {
                    "input.did_you_mean"
                } else {
                    "input.units_are"
                };
                let listing = strings.format(listing, &[("choices", &units(listed))]);
                strings.format(key, &[("text", &list(quoted)), ("list", &listing)])
            }
            InputError::AmbiguousUnit { text, candidates } => {
                strings.format(key, &[("text", text), ("choices", &units(candidates))])
            }
            InputError::UnknownItem { text, near } => {
                strings.format(key, &[("text", text), ("choices", &list(near.clone()))])
            }
            InputError::NoSuchPart {
                text,
                parent,
                parts,
            } => {
                let parent = match parent {
                    PartOf::Programmes => strings.get("nav.tasks").to_owned(),
                    PartOf::Safeguards => strings.get("nav.safeguards").to_owned(),
                    PartOf::Annex(n) => strings.format("input.annex", &[("number", n)]),
                    PartOf::Item(title) => title.clone(),
                };
                strings.format(
                    key,
                    &[
                        ("text", text),
                        ("parent", &parent),
                        ("choices", &list(parts.clone())),
                    ],
                )
            }
        }
    }
}

/// In English, for logs and tests; the interface uses [`InputError::message`].
impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(super::strings(Lang::En)))
    }
}

impl std::error::Error for InputError {}

fn is_leap(year: i16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// 1st, 2nd, 3rd, 4th, 11th, 21st, 30th.
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 30, 31]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "30th",
                "31st"
            ]
        );
    }
}
