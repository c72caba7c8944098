//! The table of typed forms (`tests/common/input_forms.rs`) through the input readers
//! themselves, in both languages; and the forms the browser's own readers took
//! (`app::annotate::parse_number`, `parse_date`) taken the same by the shared ones.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

#[path = "common/input_forms.rs"]
mod input_forms;

use input_forms::{Expect, FORMS, Kind};
use planmeet::i18n::{Lang, Strings};
use planmeet::input::{self, InputError};
use planmeet::store::{LoadedPlan, load_embedded};
use proptest::prelude::*;

/// The form read as its kind, written as the table writes values.
fn read(loaded: &LoadedPlan, kind: Kind, text: &str) -> Result<String, InputError> {
    let plan = &loaded.plan;
    Ok(match kind {
        Kind::Date => input::parse_date(text)?.to_string(),
        Kind::AsOf => input::parse_as_of(text)?.to_string(),
        Kind::Actual { unit } => input::parse_quantity(text, unit)?.to_string(),
        Kind::Progress => input::parse_percent(text)?.to_string(),
        Kind::Status => input::parse_status(text)?.cli_name().to_owned(),
        Kind::Unit => input::resolve_unit(plan, text)?.id.clone(),
        Kind::Units => input::resolve_units(plan, &[text])?.join(","),
        Kind::Item => {
            let position = input::resolve_item(plan, &loaded.index, text)?;
            loaded.index.entries[position].id.clone()
        }
    })
}

#[test]
fn every_form_of_the_table_is_read_as_it_says() {
    let loaded = load_embedded().unwrap();
    let (en, zh) = (Strings::new(Lang::En), Strings::new(Lang::Zh));
    let mut wrong = Vec::new();
    for form in FORMS {
        let got = read(&loaded, form.kind, form.input);
        let fine = match (&got, form.expect) {
            (Ok(value), Expect::Accepted(expected)) => value == expected,
            (Err(error), Expect::Refused { en: e, zh: z }) => {
                let (in_en, in_zh) = (error.message(&en), error.message(&zh));
                // Every placeholder filled.
                in_en.contains(e)
                    && in_zh.contains(z)
                    && !in_en.contains('{')
                    && !in_zh.contains('{')
            }
            _ => false,
        };
        if !fine {
            let got = got.map_err(|e| format!("{} | {}", e.message(&en), e.message(&zh)));
            wrong.push(format!(
                "{:?} {:?}: {got:?}, expected {:?}",
                form.kind, form.input, form.expect
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// Digits as typed, half or full width.
fn digits(text: &str, full: bool) -> String {
    if !full {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
            '.' => '．',
            ',' => '，',
            '-' => '－',
            '%' => '％',
            c => c,
        })
        .collect()
}

proptest! {
    /// A number as people write one (a sign, thousands in groups of three or none, a
    /// fraction, a trailing %, either width, spaces around): what the browser's reader
    /// took, the shared one takes as the same number.
    #[test]
    fn numbers_the_browser_read_are_read_the_same(
        negative in any::<bool>(),
        whole in 0u64..1_000_000_000,
        grouped in any::<bool>(),
        comma in any::<bool>(),
        fraction in proptest::option::of("[0-9]{1,6}"),
        percent in any::<bool>(),
        full in any::<bool>(),
        pad in "[ ]{0,2}",
    ) {
        let mut text = whole.to_string();
        if grouped {
            let bytes: Vec<char> = text.chars().collect();
            let mut out = String::new();
            for (i, c) in bytes.iter().enumerate() {
                if i > 0 && (bytes.len() - i).is_multiple_of(3) {
                    out.push(if comma { ',' } else { ' ' });
                }
                out.push(*c);
            }
            text = out;
        }
        if let Some(fraction) = &fraction {
            text = format!("{text}.{fraction}");
        }
        if negative {
            text = format!("-{text}");
        }
        if percent {
            text.push('%');
        }
        let text = format!("{pad}{}{pad}", digits(&text, full));
        let old = old_parse_number(&text);
        let new = if percent {
            input::parse_quantity(&text, "%")
        } else {
            input::parse_number(&text)
        };
        prop_assert!(old.is_some(), "{text}");
        prop_assert_eq!(new.ok(), old, "{}", text);
    }

    /// A date as people write one: what the browser's reader took, the shared one takes
    /// as the same day; the impossible ones both refuse.
    #[test]
    fn dates_the_browser_read_are_read_the_same(
        year in 1000i16..=9999,
        month in 0u8..=13,
        day in 0u8..=32,
        style in 0usize..5,
        padded in any::<bool>(),
    ) {
        let (m, d) = if padded {
            (format!("{month:02}"), format!("{day:02}"))
        } else {
            (month.to_string(), day.to_string())
        };
        let text = match style {
            0 => format!("{year}-{m}-{d}"),
            1 => format!("{year}/{m}/{d}"),
            2 => format!("{year}.{m}.{d}"),
            3 => format!("{year}年{m}月{d}日"),
            _ => format!("{year} {m} {d}"),
        };
        let old = old_parse_date(&text);
        let new = input::parse_date(&text).ok();
        prop_assert_eq!(new, old, "{}", text);
    }
}

/// The browser's readers before the shared module replaced them, kept as the oracle the
/// properties above hold the shared readers to: nothing people typed before is refused now.
fn old_parse_number(text: &str) -> Option<f64> {
    let ascii: String = text
        .trim()
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10),
            '．' | '。' => Some('.'),
            '－' => Some('-'),
            ',' | '，' | ' ' | '%' | '％' => None,
            c => Some(c),
        })
        .collect();
    ascii.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn old_parse_date(text: &str) -> Option<jiff::civil::Date> {
    let parts: Vec<i64> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match parts[..] {
        [y, m, d] => jiff::civil::Date::new(
            i16::try_from(y).ok()?,
            i8::try_from(m).ok()?,
            i8::try_from(d).ok()?,
        )
        .ok(),
        _ => None,
    }
}
