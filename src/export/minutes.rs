//! `export minutes`: the 会议纪要 sent round after a meeting — its title, date and
//! attendees; every item discussed or changed in it, with the status before the meeting and
//! after it, progress, the notes and the actual values recorded; and the decisions made in
//! it with their units, due dates and status.
//!
//! "Before" is the state from the changes made outside the meeting before it was opened;
//! "after" adds the meeting's own changes to that — so a colleague's change made elsewhere during the meeting does not show
//! as the meeting's doing, and an undo in the meeting is counted.
//!
//! [`build`] computes the content; [`render`] writes it as Markdown or one self-contained
//! HTML page that prints on A4 (see [`super::html`]). All text from the plan and the status
//! file is untrusted and escaped.

use std::fmt::Write;

use jiff::civil::Date;

use super::{html, md};
use crate::i18n::Strings;
use crate::model::annotation::{Annotation, AnnotationLog, Field, Key, Record, Status};
use crate::model::meeting::{DecisionStatus, Meeting, MeetingLog};
use crate::model::numbering::numbered_title_in;
use crate::model::query::figure_with_unit;
use crate::model::validate::format_figure;
use crate::model::{Node, Plan, PlanIndex};

/// The formats the minutes are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinutesFormat {
    Md,
    Html,
}

/// The minutes, ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct Minutes {
    /// `zh-CN` or `en`.
    pub lang: &'static str,
    pub plan_title: String,
    pub meeting: String,
    pub title: String,
    pub date: Date,
    /// Unit names, in the order they were entered.
    pub attendees: Vec<String>,
    /// Chair, recorder, place and start time, as the meeting was opened with them.
    pub details: crate::model::meeting::MeetingDetails,
    /// Not closed yet.
    pub open: bool,
    /// In document order (items no longer in the plan last, by id).
    pub items: Vec<Item>,
    pub decisions: Vec<DecisionRow>,
}

/// An item discussed or changed in the meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    /// Numbered as the document numbers it; the id for an item the plan no longer has.
    pub title: String,
    /// Marked discussed in the meeting.
    pub discussed: bool,
    /// The item as a whole first, then each unit's part changed in the meeting.
    pub parts: Vec<ItemPart>,
}

/// What the meeting did to an item as a whole, or to one unit's part of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemPart {
    /// The unit's name, for a unit's part.
    pub unit: Option<String>,
    /// The meeting left it different from how it found it.
    pub changed: bool,
    pub status_before: Option<Status>,
    pub status_after: Option<Status>,
    pub progress_before: Option<u8>,
    pub progress_after: Option<u8>,
    /// The note the meeting left, when it changed the note (once, however often it was
    /// edited, undone or redone).
    pub notes: Vec<String>,
    /// 进展情况, 存在问题, 下一步计划 as the meeting left them, those it changed.
    pub reports: Vec<(crate::model::annotation::Field, String)>,
    /// Actual values recorded in the meeting and still standing: the figure with its unit,
    /// and its date.
    pub actuals: Vec<(String, Date)>,
}

/// A decision made in the meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRow {
    pub id: String,
    pub text: String,
    /// Unit names.
    pub units: Vec<String>,
    pub due: Option<Date>,
    pub status: DecisionStatus,
    /// Item ids it is about.
    pub items: Vec<String>,
}

/// A unit's name in the reader's language, or its id where the plan lacks it.
fn unit_name(plan: &Plan, id: &str, english: bool) -> String {
    plan.owners
        .iter()
        .find(|o| o.id == id)
        .map_or_else(|| id.to_owned(), |o| o.name_in(english).to_owned())
}

/// What the meeting did to one key, net: the state before it against the state after it,
/// however many steps it took (a status cycled five times is one change; a note written,
/// undone and redone is that note, once); the actual values it recorded that still stand.
/// The Changes view says the same of the period since the last meeting.
pub(crate) fn net_change(
    plan: &Plan,
    key: &Key,
    was: Option<&Annotation>,
    now: Option<&Annotation>,
    in_meeting: &[&Record],
    measure: &str,
    english: bool,
) -> ItemPart {
    let status = |a: Option<&Annotation>| a.and_then(|a| a.status.as_ref()).map(|l| l.value);
    let progress = |a: Option<&Annotation>| a.and_then(|a| a.progress.as_ref()).map(|l| l.value);
    let note =
        |a: Option<&Annotation>| a.and_then(|a| a.note.as_ref()).map(|l| l.value.to_string());
    let recorded_here = |record: &str| in_meeting.iter().any(|r| r.id == record);
    let actuals: Vec<(String, Date)> = now
        .map(|a| a.actuals.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|a| recorded_here(&a.record))
        .map(|a| (figure_with_unit(&format_figure(a.value), measure), a.as_of))
        .collect();
    let notes: Vec<String> = match note(now) {
        Some(after) if note(was).as_ref() != Some(&after) => vec![after],
        _ => Vec::new(),
    };
    let text =
        |a: Option<&Annotation>, field| a.and_then(|a| a.text(field)).map(|l| l.value.to_string());
    let reports: Vec<(Field, String)> = Field::REPORT
        .into_iter()
        .filter_map(|field| match text(now, field) {
            Some(after) if text(was, field).as_ref() != Some(&after) => Some((field, after)),
            _ => None,
        })
        .collect();
    let changed = status(was) != status(now)
        || progress(was) != progress(now)
        || note(was) != note(now)
        || Field::REPORT
            .into_iter()
            .any(|f| text(was, f) != text(now, f))
        || !actuals.is_empty();
    ItemPart {
        unit: key.owner.as_deref().map(|u| unit_name(plan, u, english)),
        changed,
        status_before: status(was),
        status_after: status(now),
        progress_before: progress(was),
        progress_after: progress(now),
        notes,
        reports,
        actuals,
    }
}

/// The minutes of `meeting`, from every change `records` and every meeting event `log`.
pub fn build(
    plan: &Plan,
    index: &PlanIndex,
    records: &[Record],
    log: &MeetingLog,
    meeting: &Meeting,
    strings: &Strings,
) -> Minutes {
    let english = strings.lang() == crate::i18n::Lang::En;
    let mine = |r: &&Record| r.meeting.as_deref() == Some(meeting.id.as_str());
    let in_meeting: Vec<&Record> = records.iter().filter(mine).collect();
    let cutoff = meeting.opened_at;
    let earlier: Vec<Record> = records
        .iter()
        .filter(|r| r.meeting.as_deref() != Some(meeting.id.as_str()) && r.at < cutoff)
        .cloned()
        .collect();
    let before = AnnotationLog::from_records(earlier.iter().cloned());
    let after = AnnotationLog::from_records(
        earlier
            .into_iter()
            .chain(in_meeting.iter().map(|r| (*r).clone())),
    );

    // The items: discussed ones and changed ones, each once.
    let mut ids: Vec<&str> = meeting.discussed.iter().map(|(i, _)| i.as_str()).collect();
    for record in &in_meeting {
        if !ids.contains(&record.item.as_str()) {
            ids.push(&record.item);
        }
    }
    ids.sort_by_key(|id| (index.position(id).unwrap_or(usize::MAX), *id));

    let items = ids
        .into_iter()
        .filter_map(|id| {
            let node = index.get(id).and_then(|e| e.path.resolve(plan));
            let measure = match node {
                Some(Node::Target(t)) => t.unit.clone(),
                Some(Node::DepartmentRow(r)) => r.unit.clone(),
                Some(Node::DistrictCell(_, column, _)) => column.unit.clone(),
                _ => String::new(),
            };
            let mut keys: Vec<Key> = vec![Key::new(id, None)];
            for record in in_meeting.iter().filter(|r| r.item == id) {
                let key = record.key();
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            // The whole item, then units in the order the meeting changed them; the whole
            // item is left out when only units' parts changed.
            let parts_changed = in_meeting.iter().any(|r| r.item == id && r.owner.is_some());
            let whole_changed = in_meeting.iter().any(|r| r.item == id && r.owner.is_none());
            if parts_changed && !whole_changed {
                keys.remove(0);
            }
            let parts: Vec<ItemPart> = keys
                .into_iter()
                .filter_map(|key| {
                    let touched = in_meeting.iter().any(|r| r.key() == key);
                    let was = before.annotation(&key.item, key.owner.as_deref());
                    let now = after.annotation(&key.item, key.owner.as_deref());
                    let part = net_change(plan, &key, was, now, &in_meeting, &measure, english);
                    // A unit's part is listed when the meeting left it changed; the item as
                    // a whole whenever it is listed (it was discussed, or changed).
                    if key.owner.is_some() && !(touched && part.changed) {
                        return None;
                    }
                    Some(part)
                })
                .collect();
            let discussed = meeting.discussed.iter().any(|(i, _)| i == id);
            // Changes that cancel out (a status cycled back, a note undone) leave nothing
            // to report.
            if !discussed && parts.iter().all(|p| !p.changed) {
                return None;
            }
            Some(Item {
                id: id.to_owned(),
                title: node.map_or_else(|| id.to_owned(), |n| numbered_title_in(plan, &n, english)),
                discussed,
                parts,
            })
        })
        .collect();

    let decisions = log
        .decisions()
        .iter()
        .filter(|d| d.meeting.as_deref() == Some(meeting.id.as_str()))
        .map(|d| DecisionRow {
            id: d.id.clone(),
            text: d.text.clone(),
            units: d
                .units
                .iter()
                .map(|u| unit_name(plan, u, english))
                .collect(),
            due: d.due,
            status: d.status,
            items: d.items.clone(),
        })
        .collect();

    Minutes {
        lang: strings.lang().code(),
        plan_title: plan.meta.title_in(english).to_owned(),
        meeting: meeting.id.clone(),
        title: meeting.title.clone(),
        date: meeting.date,
        attendees: meeting
            .attendees
            .iter()
            .map(|u| unit_name(plan, u, english))
            .collect(),
        details: meeting.details.clone(),
        open: meeting.is_open(),
        items,
        decisions,
    }
}

/// The minutes as the bytes of a file.
pub fn render(minutes: &Minutes, format: MinutesFormat, strings: &Strings) -> Vec<u8> {
    let words = Words { strings };
    match format {
        MinutesFormat::Md => markdown(minutes, &words).into_bytes(),
        MinutesFormat::Html => html_page(minutes, &words).into_bytes(),
    }
}

/// The words of the minutes in the reader's language, before any format's escaping.
struct Words<'a> {
    strings: &'a Strings,
}

impl Words<'_> {
    fn l(&self, key: &str) -> String {
        self.strings.get(key).to_owned()
    }

    /// What follows a label: a full-width colon in Chinese.
    fn colon(&self) -> &'static str {
        match self.strings.lang() {
            crate::i18n::Lang::Zh => "：",
            crate::i18n::Lang::En => ": ",
        }
    }

    fn status(&self, status: Option<Status>) -> String {
        status.map_or_else(|| self.l("status.none"), |s| self.l(s.key()))
    }

    /// `存在风险 → 正常推进`, or `正常推进（未变）`.
    fn status_change(&self, part: &ItemPart) -> String {
        if part.status_before == part.status_after {
            self.strings.format(
                "minutes.unchanged",
                &[("status", &self.status(part.status_after))],
            )
        } else {
            format!(
                "{} → {}",
                self.status(part.status_before),
                self.status(part.status_after)
            )
        }
    }

    fn progress(&self, part: &ItemPart) -> String {
        match (part.progress_before, part.progress_after) {
            (Some(b), Some(a)) if a != b => format!("{b}% → {a}%"),
            (None, Some(a)) if part.changed => format!("— → {a}%"),
            (_, Some(a)) => format!("{a}%"),
            (Some(b), None) => format!("{b}% → —"),
            (None, None) => String::new(),
        }
    }

    fn actuals(&self, part: &ItemPart) -> String {
        part.actuals
            .iter()
            .map(|(figure, date)| {
                self.strings.format(
                    "ledger.actual_on",
                    &[("value", figure as &dyn std::fmt::Display), ("date", date)],
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn notes(&self, item: &Item, part: &ItemPart) -> String {
        if !part.changed && item.discussed {
            return self.l("minutes.discussed_only");
        }
        let mut lines = part.notes.clone();
        for (field, text) in &part.reports {
            lines.push(format!(
                "{}{}{text}",
                self.l(field.label_key()),
                self.colon()
            ));
        }
        lines.join("\n")
    }

    fn unit(&self, part: &ItemPart) -> String {
        part.unit.clone().unwrap_or_else(|| self.l("minutes.whole"))
    }

    fn decision_status(&self, status: DecisionStatus) -> String {
        self.l(status.key())
    }

    /// Between the names of a list: 、 in Chinese, a comma in English.
    fn separator(&self) -> &str {
        self.strings.get("input.separator")
    }

    fn due(&self, due: Option<Date>) -> String {
        due.map_or_else(String::new, |d| d.to_string())
    }

    fn heading(&self, minutes: &Minutes) -> String {
        self.strings
            .format("minutes.heading", &[("title", &minutes.title)])
    }

    /// The lines under the heading: `label: value`.
    fn facts(&self, minutes: &Minutes) -> Vec<(String, String)> {
        let mut date = minutes.date.to_string();
        if minutes.open {
            date = format!("{date} {}", self.l("minutes.in_progress"));
        }
        let attendees = if minutes.attendees.is_empty() {
            "—".to_owned()
        } else {
            minutes.attendees.join(self.separator())
        };
        let details = &minutes.details;
        let mut facts = vec![(self.l("minutes.date"), date)];
        // Time, place, chair and recorder where the meeting gave them (a 会议纪要's header).
        for (key, value) in details.given() {
            facts.push((self.l(key), value));
        }
        facts.extend([
            (self.l("minutes.attendees"), attendees),
            (self.l("minutes.meeting_id"), minutes.meeting.clone()),
            (self.l("minutes.plan"), minutes.plan_title.clone()),
        ]);
        facts
    }

    fn item_headers(&self) -> Vec<String> {
        [
            "minutes.col_id",
            "minutes.col_item",
            "minutes.col_unit",
            "minutes.col_status",
            "minutes.col_progress",
            "minutes.col_actual",
            "minutes.col_note",
        ]
        .into_iter()
        .map(|k| self.l(k))
        .collect()
    }

    fn decision_headers(&self) -> Vec<String> {
        [
            "minutes.col_no",
            "minutes.col_decision",
            "minutes.col_units",
            "minutes.col_due",
            "minutes.col_decision_status",
        ]
        .into_iter()
        .map(|k| self.l(k))
        .collect()
    }

    fn decision_text(&self, d: &DecisionRow) -> String {
        if d.items.is_empty() {
            d.text.clone()
        } else {
            format!("{}\n({})", d.text, d.items.join(", "))
        }
    }
}

fn markdown(minutes: &Minutes, words: &Words) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md::clean(&words.heading(minutes)));
    for (label, value) in words.facts(minutes) {
        let _ = writeln!(
            out,
            "- {}{}{}",
            md::clean(&label),
            words.colon(),
            md::clean(&value)
        );
    }
    let _ = writeln!(out, "\n## {}\n", md::clean(&words.l("minutes.items")));
    if minutes.items.is_empty() {
        let _ = writeln!(out, "{}", md::clean(&words.l("minutes.no_items")));
    } else {
        let headers: Vec<String> = words.item_headers().iter().map(|h| md::clean(h)).collect();
        out.push_str(&md::row(&headers));
        let _ = writeln!(out, "|{}", "---|".repeat(headers.len()));
        for item in &minutes.items {
            for part in &item.parts {
                out.push_str(&md::row(&[
                    md::id(&item.id),
                    md::clean(&item.title),
                    md::clean(&words.unit(part)),
                    md::clean(&words.status_change(part)),
                    md::clean(&words.progress(part)),
                    md::clean(&words.actuals(part)),
                    md::clean(&words.notes(item, part)),
                ]));
            }
        }
    }
    let _ = writeln!(out, "\n## {}\n", md::clean(&words.l("minutes.decisions")));
    if minutes.decisions.is_empty() {
        let _ = writeln!(out, "{}", md::clean(&words.l("minutes.no_decisions")));
    } else {
        let headers: Vec<String> = words
            .decision_headers()
            .iter()
            .map(|h| md::clean(h))
            .collect();
        out.push_str(&md::row(&headers));
        let _ = writeln!(out, "|{}", "---|".repeat(headers.len()));
        for (n, d) in minutes.decisions.iter().enumerate() {
            out.push_str(&md::row(&[
                (n + 1).to_string(),
                md::clean(&words.decision_text(d)),
                md::clean(&d.units.join(words.separator())),
                md::clean(&words.due(d.due)),
                md::clean(&words.decision_status(d.status)),
            ]));
        }
    }
    out
}

/// The minutes' own additions to the shared page style: column widths for A4.
const MINUTES_CSS: &str = r#".facts { margin: 0 0 10pt; padding: 0; list-style: none; }
.facts li { margin: 0 0 2pt; }
.facts .label { font-weight: bold; margin-right: 4pt; }
.c-id { width: 7%; }
.c-item { width: 20%; }
.c-unit { width: 10%; }
.c-status { width: 16%; }
.c-progress { width: 8%; }
.c-actual { width: 12%; }
.c-note { width: 27%; }
.c-no { width: 5%; }
.c-decision { width: 50%; }
.c-units { width: 22%; }
.c-due { width: 11%; }
.c-dstatus { width: 12%; }
.discussed { color: #333; font-style: italic; }
"#;

fn html_page(minutes: &Minutes, words: &Words) -> String {
    let heading = words.heading(minutes);
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<header>\n<h1>{}</h1>\n<ul class=\"facts\">",
        html::text(&heading)
    );
    for (label, value) in words.facts(minutes) {
        let _ = writeln!(
            body,
            "<li><span class=\"label\">{}{}</span>{}</li>",
            html::text(&label),
            words.colon().trim_end(),
            html::text(&value)
        );
    }
    body.push_str("</ul>\n</header>\n<section>\n");
    let _ = writeln!(body, "<h2>{}</h2>", html::text(&words.l("minutes.items")));
    if minutes.items.is_empty() {
        let _ = writeln!(body, "<p>{}</p>", html::text(&words.l("minutes.no_items")));
    } else {
        let headers = words.item_headers();
        let classes = [
            "c-id",
            "c-item",
            "c-unit",
            "c-status",
            "c-progress",
            "c-actual",
            "c-note",
        ];
        let columns: Vec<html::Column> = headers
            .iter()
            .zip(classes)
            .map(|(heading, class)| html::Column { heading, class })
            .collect();
        let mut rows = Vec::new();
        for item in &minutes.items {
            for part in &item.parts {
                let notes = words.notes(item, part);
                let notes = if part.changed {
                    html::text(&notes)
                } else {
                    format!("<span class=\"discussed\">{}</span>", html::text(&notes))
                };
                rows.push(vec![
                    format!("<span class=\"id\">{}</span>", html::text(&item.id)),
                    html::text(&item.title),
                    html::text(&words.unit(part)),
                    html::text(&words.status_change(part)),
                    html::text(&words.progress(part)),
                    html::text(&words.actuals(part)),
                    notes,
                ]);
            }
        }
        body.push_str(&html::table(&columns, &rows));
    }
    body.push_str("</section>\n<section>\n");
    let _ = writeln!(
        body,
        "<h2>{}</h2>",
        html::text(&words.l("minutes.decisions"))
    );
    if minutes.decisions.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            html::text(&words.l("minutes.no_decisions"))
        );
    } else {
        let headers = words.decision_headers();
        let classes = ["c-no", "c-decision", "c-units", "c-due", "c-dstatus"];
        let columns: Vec<html::Column> = headers
            .iter()
            .zip(classes)
            .map(|(heading, class)| html::Column { heading, class })
            .collect();
        let rows: Vec<Vec<String>> = minutes
            .decisions
            .iter()
            .enumerate()
            .map(|(n, d)| {
                vec![
                    (n + 1).to_string(),
                    html::text(&words.decision_text(d)),
                    html::text(&d.units.join(words.separator())),
                    html::text(&words.due(d.due)),
                    html::text(&words.decision_status(d.status)),
                ]
            })
            .collect();
        body.push_str(&html::table(&columns, &rows));
    }
    body.push_str("</section>\n");
    html::page(minutes.lang, &heading, MINUTES_CSS, &body)
}
