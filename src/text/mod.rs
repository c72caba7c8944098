//! Text handling for the terminal: making untrusted text safe to print, measuring it in
//! display columns, wrapping Chinese correctly, and searching it by pinyin.
//!
//! Nothing here knows about ratatui or the plan model, so every function can be tested on
//! plain strings.

pub mod marks;
pub mod pinyin;
pub mod sanitize;
pub mod width;
pub mod wrap;

pub use marks::Marks;
pub use pinyin::{
    MatchKind, MatchSpan, PinyinKeys, Query, QueryArg, SearchText, matches, pinyin_keys,
};
pub use sanitize::{for_terminal, for_terminal_multiline};
pub use width::{Align, display_width, fit, pad_to_width, truncate_to_width};
pub use wrap::{WrapCache, wrap};
