//! Reading the app's caches while drawing, and reporting what they lacked.
//!
//! Drawing never writes into the app. Text the wrap cache does not hold yet is wrapped here
//! and reported in the frame's [`FrameLayout`]; `update` files it for the next frame.

use crate::app::App;
use crate::app::layout::{FrameLayout, Wrapped};
use crate::text::wrap::{one_line, wrap};

/// The lines of `text` wrapped at `width`: from the app's cache, or wrapped now and reported.
pub fn wrapped(app: &App, out: &mut FrameLayout, key: &str, text: &str, width: u16) -> Vec<String> {
    // A text that fits is its own line: cheaper to see than to look up (and not kept).
    if let Some(line) = one_line(text, usize::from(width)) {
        return vec![line.to_owned()];
    }
    if let Some(lines) = app.wrap_cache.peek(key, text, width) {
        return lines.to_vec();
    }
    if let Some(done) = out
        .wrapped
        .iter()
        .find(|w| w.key == key && w.width == width && w.text == text)
    {
        return done.lines.clone();
    }
    let lines = wrap(text, usize::from(width));
    out.wrapped.push(Wrapped {
        key: key.to_owned(),
        text: text.to_owned(),
        width,
        lines: lines.clone(),
    });
    lines
}
