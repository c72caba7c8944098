//! What people type, read one way for the command line and the browser alike: dates,
//! numbers with their units, percentages, statuses, responsible units and plan items.
//!
//! Coordinators write `2022年6月30日`, `１２３．５`, `1.5亿元`, `存在风险`, `工信局` and `六.1`;
//! every reader here takes those as well as the plain forms (`2022-06-30`, `123.5`,
//! `at-risk`, `gxj`, `p6.t1`), and every refusal is one [`InputError`] whose message comes
//! from the interface strings, so the same mistake reads the same in both places.
//!
//! Depends on `model` (the plan, its numbering, the statuses), `text` (pinyin) and `i18n`.

mod choice;
mod date;
mod error;
mod item;
mod number;
mod unit;

pub use choice::{parse_decision_status, parse_status};
pub use date::{DateOrMonth, parse_as_of, parse_date, parse_date_or_month, parse_time};
pub use error::{InputError, PartOf, UnitChoice};
pub use item::{resolve_item, resolve_items};
pub use number::{parse_number, parse_percent, parse_quantity};
pub use unit::{
    resolve_unit, resolve_units, split_list, suggest_unit_positions, suggest_units, unit_name_rank,
    unit_rank,
};

use crate::i18n::{Lang, Strings};

/// Full-width forms made ASCII (`１２３．５` → `123.5`, `（六）` → `(六)`), the ideographic
/// space and other spaces made plain spaces, `。` made `.`; trimmed.
pub(crate) fn fold(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{00A0}' | '\u{2009}' | '\u{202F}' => ' ',
            '。' => '.',
            '−' => '-',
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The interface strings of a language, parsed once.
pub(crate) fn strings(lang: Lang) -> &'static Strings {
    Strings::shared(lang)
}
