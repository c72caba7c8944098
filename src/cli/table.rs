//! Tables for people, shared by the `status`, `meeting` and `decision` commands: columns
//! aligned by display width, untrusted text made safe for the terminal, labels from the
//! i18n files.

use std::io::IsTerminal;

use jiff::civil::Date;

use super::context::unit_names;
use crate::i18n::Strings;
use crate::model::annotation::Record;
use crate::model::meeting::Decision;
use crate::store::LoadedPlan;
use crate::text::width::{Align, display_width, fit};
use crate::text::{Marks, sanitize};

/// A column: its title, the widest it may grow, its alignment.
pub type Header<'a> = (&'a str, usize, Align);

/// What the tables of one command need: the labels, and whether stdout is a terminal.
pub struct Table<'a> {
    pub strings: &'a Strings,
    pub terminal: bool,
}

impl<'a> Table<'a> {
    pub fn new(strings: &'a Strings) -> Table<'a> {
        Table {
            strings,
            terminal: std::io::stdout().is_terminal(),
        }
    }

    /// An interface string.
    pub fn label(&self, key: &str) -> &'a str {
        self.strings.get(key)
    }

    /// One line of untrusted text for a cell: neutralised on a terminal, else line breaks
    /// and tabs made spaces (a table row stays one line either way).
    pub fn cell(&self, text: &str) -> String {
        if self.terminal {
            sanitize::for_terminal(text).into_owned()
        } else {
            text.replace(['\n', '\r', '\t'], " ")
        }
    }

    /// Columns of `rows` under `headers`. No rows: no table, a line on stderr says so.
    pub fn render(&self, headers: &[Header], rows: &[Vec<String>]) -> String {
        if rows.is_empty() {
            super::output::say(self.label("cli.nothing_to_list"));
            return String::new();
        }
        columns(headers, rows)
    }

    /// What a change record changed, in words (the one description of a change, see
    /// [`Record::describe`]).
    pub fn change(&self, record: &Record) -> String {
        self.cell(&describe(record, self.strings))
    }

    /// Units by name, joined.
    pub fn units(&self, loaded: &LoadedPlan, units: &[String]) -> String {
        self.cell(&unit_names(loaded, units, self.strings))
    }

    /// Decisions as a table; `today` marks the overdue ones.
    pub fn decisions(
        &self,
        loaded: &LoadedPlan,
        decisions: &[&Decision],
        today: Option<Date>,
    ) -> String {
        let overdue = self.label("decision.overdue");
        let rows: Vec<Vec<String>> = decisions
            .iter()
            .map(|d| {
                let mut status = self.label(d.status.key()).to_owned();
                if today.is_some_and(|t| d.is_overdue(t)) {
                    status = format!("{status} · {overdue}");
                }
                vec![
                    d.id.clone(),
                    d.due.map_or_else(String::new, |d| d.to_string()),
                    status,
                    self.units(loaded, &d.units),
                    self.cell(&d.text),
                    self.cell(d.meeting.as_deref().unwrap_or("")),
                ]
            })
            .collect();
        self.render(
            &[
                (self.label("column.id"), 10, Align::Left),
                (self.label("decision.due"), 10, Align::Left),
                (self.label("label.status"), 16, Align::Left),
                (self.label("decision.units"), 30, Align::Left),
                (self.label("decision.text"), 50, Align::Left),
                (self.label("decision.meeting"), 20, Align::Left),
            ],
            &rows,
        )
    }
}

/// A change in words, in the interface language, the note whole.
pub fn describe(record: &Record, strings: &Strings) -> String {
    record.describe(&|key| strings.get(key).to_owned(), None, Marks::UNICODE)
}

/// The change in one short line, for "recorded …" messages: a note by its first words (a
/// note may be 64 KiB; the message is a line).
pub fn summary(record: &Record, strings: &Strings) -> String {
    record.describe(&|key| strings.get(key).to_owned(), Some(40), Marks::UNICODE)
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
