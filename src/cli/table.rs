//! Tables for people, shared by the `status`, `meeting` and `decision` commands: columns
//! aligned by display width, untrusted text made safe for the terminal, labels from the
//! i18n files.

use crate::i18n::Strings;
use crate::text::sanitize;
use crate::text::width::{Align, display_width, fit};

/// A column: its title, the widest it may grow, its alignment.
pub type Header<'a> = (&'a str, usize, Align);

/// An interface string, or `fallback` while the i18n files lack the key.
pub fn label<'s>(strings: &'s Strings, key: &str, fallback: &'s str) -> &'s str {
    let text = strings.get(key);
    if text == key { fallback } else { text }
}

/// One line of untrusted text for a cell: neutralised on a terminal, else line breaks
/// and tabs made spaces (a table row stays one line either way).
pub fn cell(terminal: bool, text: &str) -> String {
    if terminal {
        sanitize::for_terminal(text).into_owned()
    } else {
        text.replace(['\n', '\r', '\t'], " ")
    }
}

/// Columns of `rows` under `headers`. No rows: no table, a line on stderr says so.
pub fn render(headers: &[Header], rows: &[Vec<String>]) -> String {
    if rows.is_empty() {
        eprintln!("planmeet: nothing to list");
        return String::new();
    }
    columns(headers, rows)
}

/// Columns of `rows` under `headers`, each as wide as its widest cell up to its cap.
pub fn columns(headers: &[Header], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, (title, cap, _))| {
            rows.iter()
                .map(|row| display_width(&row[i]))
                .chain([display_width(title)])
                .max()
                .unwrap_or(0)
                .min(*cap)
        })
        .collect();
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells
            .iter()
            .zip(headers)
            .zip(&widths)
            .map(|((cell, (_, _, align)), width)| fit(cell, *width, *align).into_owned())
            .collect();
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(headers.iter().map(|(title, _, _)| *title).collect());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
    out
}
