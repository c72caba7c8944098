//! The interface's own marks, in ASCII under `--ascii`: the cut mark of a truncated text
//! (… → ~), the separator (· → |), tree lines (└ → `-), bounds (≥ → >=), arrows in key
//! names (↑ → Up). Only what the interface adds is changed; the plan's own text is
//! shown as written.

use std::borrow::Cow;

use crate::app::App;
use crate::text::width::{self, Align, ELLIPSIS};

thread_local! {
    /// Whether the frame being drawn on this thread is in ASCII: set by `ui::draw` for the
    /// helpers that fit text without the app at hand (`list::fit_spans`, `columns_row`).
    static FRAME_ASCII: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Called by `ui::draw` before anything is drawn.
pub fn begin_frame(app: &App) {
    FRAME_ASCII.with(|a| a.set(app.theme.ascii));
}

/// The cut mark of the frame being drawn.
pub fn frame_cut_mark() -> &'static str {
    if FRAME_ASCII.with(std::cell::Cell::get) {
        "~"
    } else {
        "…"
    }
}

/// [`width::fit`] with the frame's cut mark.
pub fn frame_fit(s: &str, columns: usize, align: Align) -> Cow<'_, str> {
    let fitted = width::fit(s, columns, align);
    if FRAME_ASCII.with(std::cell::Cell::get) && width::display_width(s) > columns {
        Cow::Owned(ascii_cut(&fitted))
    } else {
        fitted
    }
}

/// [`width::truncate_to_width`] with the frame's cut mark.
pub fn frame_truncate(s: &str, columns: usize) -> Cow<'_, str> {
    match width::truncate_to_width(s, columns) {
        Cow::Owned(text) if FRAME_ASCII.with(std::cell::Cell::get) => Cow::Owned(ascii_cut(&text)),
        other => other,
    }
}

/// What a cut text ends with in ASCII.
pub const ASCII_CUT: char = '~';

/// [`width::fit`], with the cut mark in ASCII under `--ascii`.
pub fn fit<'a>(app: &App, s: &'a str, columns: usize, align: Align) -> Cow<'a, str> {
    let fitted = width::fit(s, columns, align);
    if app.theme.ascii && width::display_width(s) > columns {
        Cow::Owned(ascii_cut(&fitted))
    } else {
        fitted
    }
}

/// [`width::truncate_to_width`], with the cut mark in ASCII under `--ascii`.
pub fn truncate<'a>(app: &App, s: &'a str, columns: usize) -> Cow<'a, str> {
    let cut = width::truncate_to_width(s, columns);
    match cut {
        Cow::Owned(text) if app.theme.ascii => Cow::Owned(ascii_cut(&text)),
        other => other,
    }
}

/// The last `…` (the one a cut added) as `~`; padding after it is kept.
fn ascii_cut(text: &str) -> String {
    match text.rfind(ELLIPSIS) {
        Some(at) => {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..at]);
            out.push(ASCII_CUT);
            out.push_str(&text[at + ELLIPSIS.len_utf8()..]);
            out
        }
        None => text.to_owned(),
    }
}

/// The cut mark alone.
pub fn cut_mark(app: &App) -> &'static str {
    if app.theme.ascii { "~" } else { "…" }
}

/// The separator between parts of a line: " · ".
pub fn dot(app: &App) -> &'static str {
    crate::text::Marks::for_ascii(app.theme.ascii).separator
}

/// What an empty cell shows: "—" (nothing recorded, nothing due).
pub fn none(app: &App) -> &'static str {
    if app.theme.ascii { "-" } else { "—" }
}

/// A tree line before a child: "└".
pub fn tree(app: &App) -> &'static str {
    if app.theme.ascii { "`-" } else { "└" }
}

/// A key's name as the hint lines show it: arrows by name under `--ascii` (↑ → Up).
pub fn key(app: &App, name: &str) -> String {
    if !app.theme.ascii {
        return name.to_owned();
    }
    match name {
        "↑" => "Up".to_owned(),
        "↓" => "Down".to_owned(),
        "←" => "Left".to_owned(),
        "→" => "Right".to_owned(),
        other => own(app, other).into_owned(),
    }
}

/// A bound as the model writes it (`≥ 750 家`), its sign in ASCII under `--ascii`; the
/// figure and the plan's unit as they are.
pub fn bound(app: &App, text: String) -> String {
    if !app.theme.ascii {
        return text;
    }
    for (sign, ascii) in [("≥", ">="), ("≤", "<=")] {
        if let Some(rest) = text.strip_prefix(sign) {
            return format!("{ascii}{rest}");
        }
    }
    text
}

/// An interface-made text (a bound, key names, a hint line) in ASCII under `--ascii`.
/// Never given the plan's own text.
pub fn own<'a>(app: &App, text: &'a str) -> Cow<'a, str> {
    if !app.theme.ascii {
        return Cow::Borrowed(text);
    }
    crate::text::marks::ascii_marks(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_cut_mark_becomes_ascii() {
        assert_eq!(ascii_cut("市科…  "), "市科~  ");
        assert_eq!(ascii_cut("a…b…"), "a…b~");
    }
}
