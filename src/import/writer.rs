//! The draft plan file: the plan in the plan files' own RON dialect and layout, with a
//! `// REVIEW:` comment above every item the importer was unsure about.
//!
//! Written by hand rather than through the serializer so the comments can sit above the
//! items they are about; a test checks that what is written reads back as the same plan.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use crate::model::*;

use super::Review;

struct Writer<'a> {
    out: String,
    notes: BTreeMap<&'a str, Vec<&'a Review>>,
    written: HashSet<&'a str>,
    /// The language the review notes are worded in.
    strings: &'a crate::i18n::Strings,
}

/// A RON string literal.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A figure as a plan file writes it: `100`, `1.9`.
pub fn figure(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

pub fn bound(b: &Bound) -> String {
    match b {
        Bound::AtLeast(v) => format!("AtLeast({})", figure(*v)),
        Bound::MoreThan(v) => format!("MoreThan({})", figure(*v)),
        Bound::AtMost(v) => format!("AtMost({})", figure(*v)),
        Bound::LessThan(v) => format!("LessThan({})", figure(*v)),
        Bound::Exactly(v) => format!("Exactly({})", figure(*v)),
        Bound::Range(a, z) => format!("Range({}, {})", figure(*a), figure(*z)),
        Bound::Qualitative(text) => format!("Qualitative({})", quote(text)),
    }
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    format!("[{}]", items.into_iter().collect::<Vec<_>>().join(", "))
}

fn responsibility(r: &Responsibility) -> String {
    format!(
        "(lead: {}, groups: {})",
        quote(&r.lead),
        list(r.groups.iter().map(|g| list(g.iter().map(|u| quote(u)))))
    )
}

fn milestones(ms: &[Milestone]) -> String {
    list(
        ms.iter()
            .map(|m| format!("(year: {}, bound: {})", m.year, bound(&m.bound))),
    )
}

impl<'a> Writer<'a> {
    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// The review comments about `anchor`, above what follows.
    fn notes(&mut self, indent: usize, anchor: &'a str) {
        let Some(notes) = self.notes.get(anchor).cloned() else {
            return;
        };
        self.written.insert(anchor);
        for note in notes {
            let message = note.words.render(self.strings).replace(['\n', '\r'], " ");
            self.line(indent, &format!("// REVIEW: {message}"));
        }
    }

    fn field(&mut self, indent: usize, name: &str, value: &str) {
        self.line(indent, &format!("{name}: {value},"));
    }

    fn target(&mut self, indent: usize, t: &'a Target) {
        self.notes(indent, &t.id);
        self.line(indent, "(");
        let i = indent + 1;
        self.field(i, "id", &quote(&t.id));
        self.field(i, "measure", &quote(&t.measure));
        if let Some(en) = &t.measure_en {
            self.field(i, "measure_en", &quote(en));
        }
        self.field(i, "bound", &bound(&t.bound));
        self.field(i, "unit", &quote(&t.unit));
        self.field(i, "deadline", &t.deadline.to_string());
        self.field(i, "basis", &format!("{:?}", t.basis));
        if !t.components.is_empty() {
            self.line(i, "components: [");
            for c in &t.components {
                self.line(
                    i + 1,
                    &format!(
                        "(measure: {}, bound: {}, unit: {}),",
                        quote(&c.measure),
                        bound(&c.bound),
                        quote(&c.unit)
                    ),
                );
            }
            self.line(i, "],");
        }
        if !t.milestones.is_empty() {
            self.field(i, "milestones", &milestones(&t.milestones));
        }
        self.field(i, "source", &quote(&t.source));
        self.line(indent, "),");
    }

    fn targets(&mut self, indent: usize, targets: &'a [Target], always: bool) {
        if targets.is_empty() {
            if always {
                self.line(indent, "targets: [],");
            }
            return;
        }
        self.line(indent, "targets: [");
        for t in targets {
            self.target(indent + 1, t);
        }
        self.line(indent, "],");
    }

    fn task(&mut self, indent: usize, task: &'a Task) {
        self.notes(indent, &task.id);
        self.line(indent, "(");
        let i = indent + 1;
        self.field(i, "id", &quote(&task.id));
        self.field(i, "number", &task.number.to_string());
        self.field(i, "title", &quote(&task.title));
        if !task.body.is_empty() {
            self.field(i, "body", &quote(&task.body));
        }
        self.targets(i, &task.targets, false);
        if let Some(owners) = &task.owners {
            self.field(i, "owners", &responsibility(owners));
        }
        if !task.items.is_empty() {
            self.line(i, "items: [");
            for item in &task.items {
                self.notes(i + 1, &item.id);
                self.line(i + 1, "(");
                let j = i + 2;
                self.field(j, "id", &quote(&item.id));
                self.field(j, "title", &quote(&item.title));
                if !item.body.is_empty() {
                    self.field(j, "body", &quote(&item.body));
                }
                self.targets(j, &item.targets, false);
                self.field(j, "owners", &responsibility(&item.owners));
                self.line(i + 1, "),");
            }
            self.line(i, "],");
        }
        self.line(indent, "),");
    }
}

/// The draft file for `plan`, with `reviews` as comments.
pub fn render(
    plan: &Plan,
    reviews: &[Review],
    source_name: &str,
    strings: &crate::i18n::Strings,
) -> String {
    let mut notes: BTreeMap<&str, Vec<&Review>> = BTreeMap::new();
    for review in reviews {
        notes
            .entry(review.anchor.as_str())
            .or_default()
            .push(review);
    }
    let mut w = Writer {
        out: String::new(),
        notes,
        written: HashSet::new(),
        strings,
    };
    w.line(0, "#![enable(implicit_some)]");
    w.line(
        0,
        &format!(
            "// Draft plan imported by `planmeet import` from {}.",
            source_name.replace(['\n', '\r'], " ")
        ),
    );
    w.line(
        0,
        "// Each `// REVIEW:` comment marks a guess: check it against the document, correct the",
    );
    w.line(
        0,
        "// item if needed and delete the comment. `planmeet validate` checks the result; the",
    );
    w.line(
        0,
        "// English names (title_en, name_en, measure_en) are left for a translator.",
    );
    w.line(0, "(");
    w.field(1, "format_version", &plan.format_version.to_string());
    let meta = &plan.meta;
    w.notes(1, "meta");
    w.line(1, "meta: (");
    w.field(2, "id", &quote(&meta.id));
    w.field(2, "title", &quote(&meta.title));
    if let Some(en) = &meta.title_en {
        w.field(2, "title_en", &quote(en));
    }
    w.field(2, "doc_number", &quote(&meta.doc_number));
    w.field(2, "issuers", &list(meta.issuers.iter().map(|s| quote(s))));
    w.field(2, "issue_date", &quote(&meta.issue_date));
    w.field(
        2,
        "period",
        &format!("(start: {}, end: {})", meta.period.start, meta.period.end),
    );
    if !meta.preamble.is_empty() {
        w.field(2, "preamble", &quote(&meta.preamble));
    }
    w.line(1, "),");
    w.line(1, "owners: [");
    for owner in &plan.owners {
        w.notes(2, &owner.id);
        let en = owner
            .name_en
            .as_ref()
            .map_or(String::new(), |en| format!(", name_en: {}", quote(en)));
        w.line(
            2,
            &format!(
                "(id: {}, name: {}{en}, kind: {:?}),",
                quote(&owner.id),
                quote(&owner.name),
                owner.kind
            ),
        );
    }
    w.line(1, "],");
    let overview = &plan.overview;
    w.notes(1, &overview.id);
    w.line(1, "overview: (");
    w.field(2, "id", &quote(&overview.id));
    w.field(2, "guiding_ideology", &quote(&overview.guiding_ideology));
    w.field(2, "work_goals", &quote(&overview.work_goals));
    w.field(2, "main_goals_text", &quote(&overview.main_goals_text));
    w.targets(2, &overview.targets, true);
    w.line(1, "),");
    w.line(1, "programmes: [");
    for programme in &plan.programmes {
        w.notes(2, &programme.id);
        w.line(2, "(");
        w.field(3, "id", &quote(&programme.id));
        w.field(3, "number", &programme.number.to_string());
        w.field(3, "title", &quote(&programme.title));
        if let Some(en) = &programme.title_en {
            w.field(3, "title_en", &quote(en));
        }
        w.line(3, "tasks: [");
        for task in &programme.tasks {
            w.task(4, task);
        }
        w.line(3, "],");
        w.line(2, "),");
    }
    w.line(1, "],");
    if !plan.safeguards.is_empty() {
        w.line(1, "safeguards: [");
        for task in &plan.safeguards {
            w.task(2, task);
        }
        w.line(1, "],");
    }
    if let Some(table) = &plan.district_table {
        w.notes(1, &table.id);
        w.line(1, "district_table: (");
        w.field(2, "id", &quote(&table.id));
        w.field(2, "title", &quote(&table.title));
        w.field(2, "year", &table.year.to_string());
        w.field(2, "label_header", &quote(&table.label_header));
        w.line(2, "columns: [");
        for c in &table.columns {
            let group = c
                .group
                .as_ref()
                .map_or(String::new(), |g| format!(", group: {}", quote(g)));
            let additive = if c.additive { "" } else { ", additive: false" };
            w.line(
                3,
                &format!(
                    "(id: {}{group}, name: {}, unit: {}{additive}),",
                    quote(&c.id),
                    quote(&c.name),
                    quote(&c.unit)
                ),
            );
        }
        w.line(2, "],");
        w.line(2, "rows: [");
        for row in &table.rows {
            w.notes(3, &row.id);
            w.line(3, "(");
            w.field(4, "id", &quote(&row.id));
            w.field(4, "label", &quote(&row.label));
            if let Some(owner) = &row.owner {
                w.field(4, "owner", &quote(owner));
            }
            if row.total {
                w.field(4, "total", "true");
            }
            let cells = row.cells.iter().map(|c| match c {
                Cell::Num(text) => format!("Num({})", quote(text)),
                Cell::NotApplicable => "NotApplicable".to_owned(),
            });
            w.field(4, "cells", &list(cells));
            w.line(3, "),");
        }
        w.line(2, "],");
        w.line(1, "),");
    }
    if let Some(table) = &plan.department_table {
        w.notes(1, &table.id);
        w.line(1, "department_table: (");
        w.field(2, "id", &quote(&table.id));
        w.field(2, "title", &quote(&table.title));
        w.field(2, "years", &list(table.years.iter().map(u16::to_string)));
        w.line(2, "rows: [");
        for row in &table.rows {
            w.notes(3, &row.id);
            w.line(3, "(");
            w.field(4, "id", &quote(&row.id));
            w.field(4, "task", &quote(&row.task));
            w.field(4, "unit", &quote(&row.unit));
            w.field(4, "milestones", &milestones(&row.milestones));
            w.field(4, "owners", &responsibility(&row.owners));
            if let Some(target) = &row.target {
                w.field(4, "target", &quote(target));
            }
            w.line(3, "),");
        }
        w.line(2, "],");
        w.line(1, "),");
    }
    w.line(0, ")");
    // Notes whose item is not in the file (should not happen): kept at the end.
    let missing: Vec<String> = w
        .notes
        .iter()
        .filter(|(anchor, _)| !w.written.contains(*anchor))
        .flat_map(|(anchor, notes)| {
            notes.iter().map(move |n| {
                format!(
                    "// REVIEW: [{anchor}] {}",
                    n.words.render(strings).replace(['\n', '\r'], " ")
                )
            })
        })
        .collect();
    for line in missing {
        w.line(0, &line);
    }
    w.out
}
