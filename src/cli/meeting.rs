//! `planmeet meeting new|close|discussed|list|show`: meetings from the command line.
//!
//! A meeting is stored as events in the status file (see [`crate::model::meeting`]). Exit
//! codes as for `status` (see [`super::output`]): 0 done; 2 bad input (an unknown meeting,
//! unit or item, an empty title, a meeting still open), the valid choices listed; 1 the
//! file could not be read or written.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use jiff::civil::Date;
use serde::Serialize;

use super::Cli;
use super::context::{self, find_meeting, item_label, item_title, state};
use super::json::{DecisionJson, UnitJson, units_json};
use super::output::{Failure, OutputFormat, finish, invalid, json, say};
use super::table::{Table, columns};
use crate::i18n::Strings;
use crate::input;
use crate::model::annotation::Record;
use crate::model::meeting::{
    Decision, Event, Meeting, MeetingDetails, MeetingEvent, MeetingLog, MeetingRecord,
};
use crate::store::LoadedPlan;
use crate::store::status_file::{self, StatusStore};
use crate::text::width::Align;

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Start a meeting; prints its id.
    New(NewArgs),
    /// Close a meeting.
    Close {
        /// The meeting's id (from `meeting list`).
        id: String,
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
    },
    /// Mark an agenda item as discussed in a meeting.
    Discussed {
        /// The meeting's id.
        id: String,
        /// An item: p1.t2, 六.1, …
        item: String,
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
    },
    /// Every meeting: date, title, attendees, open or closed, its changes and decisions.
    List {
        #[arg(long, short = 'f', value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// One meeting: attendees, items discussed, the changes made in it, its decisions.
    Show {
        id: String,
        #[arg(long, short = 'f', value_enum, default_value_t)]
        format: OutputFormat,
    },
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The meeting's title, e.g. 十一月调度会.
    #[arg(long, value_name = "TITLE")]
    pub title: String,
    /// The meeting's date. Default: today.
    #[arg(long, value_name = "DATE", value_parser = input::parse_date)]
    pub date: Option<Date>,
    /// A unit present (repeatable, or a list: kjj,市财政局、工信局).
    #[arg(long = "attendee", value_name = "UNIT")]
    pub attendees: Vec<String>,
    /// Who opens it.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// Start it although another meeting is still open.
    #[arg(long)]
    pub force: bool,
    /// Who chairs it (主持人).
    #[arg(long, value_name = "NAME")]
    pub chair: Option<String>,
    /// Who keeps the minutes (记录人).
    #[arg(long, value_name = "NAME")]
    pub recorder: Option<String>,
    /// Where it is held (地点).
    #[arg(long, value_name = "PLACE")]
    pub place: Option<String>,
    /// When it starts: 9:30, 14:00, 9点30分.
    #[arg(long, value_name = "TIME", value_parser = input::parse_time)]
    pub time: Option<jiff::civil::Time>,
}

/// An optional text argument, trimmed; an empty one is none.
fn given(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// A new meeting id: `m2026-11-27-3fa1`.
fn new_meeting_id(date: Date) -> String {
    let random = status_file::new_record_id();
    format!("m{date}-{}", &random[..4])
}

pub fn run(cli: &Cli, command: &MeetingCommand, strings: &Strings) -> ExitCode {
    finish(execute(cli, command, strings))
}

fn execute(cli: &Cli, command: &MeetingCommand, strings: &Strings) -> Result<String, Failure> {
    let writes = matches!(
        command,
        MeetingCommand::New(_) | MeetingCommand::Close { .. } | MeetingCommand::Discussed { .. }
    );
    let (loaded, mut store) = context::open(cli, strings, writes)?;
    match command {
        MeetingCommand::New(args) => {
            let title = args.title.trim();
            if title.is_empty() {
                return Err(invalid(strings.get("cli.meeting.title_empty")));
            }
            let attendees = context::units(&loaded, "--attendee", &args.attendees, strings)?;
            if !args.force
                && let Some(open) = store.meetings().meetings().iter().find(|m| m.is_open())
            {
                return Err(invalid(strings.format(
                    "cli.meeting.still_open",
                    &[
                        ("id", &open.id),
                        ("title", &open.title),
                        ("date", &open.date),
                    ],
                )));
            }
            let author = context::author_of(args.author.as_deref(), strings)?;
            let date = match args.date {
                Some(date) => date,
                None => context::today(strings)?,
            };
            let mut id = new_meeting_id(date);
            while store.meetings().meeting(&id).is_some() {
                id = new_meeting_id(date);
            }
            let at = store.meetings().time_for(context::now(strings)?);
            save(
                &mut store,
                MeetingRecord {
                    at,
                    author,
                    meeting: id.clone(),
                    event: MeetingEvent::Open {
                        title: title.to_owned(),
                        date,
                        attendees: attendees.clone(),
                        details: MeetingDetails {
                            chair: given(&args.chair),
                            recorder: given(&args.recorder),
                            place: given(&args.place),
                            time: args.time,
                        },
                    },
                    id: status_file::new_record_id(),
                },
                strings,
            )?;
            let key = if attendees.is_empty() {
                "cli.meeting.started"
            } else {
                "cli.meeting.started_with"
            };
            say(&strings.format(
                key,
                &[
                    ("title", &title),
                    ("date", &date),
                    ("id", &id),
                    ("units", &context::unit_names(&loaded, &attendees, strings)),
                ],
            ));
            Ok(format!("{id}\n"))
        }
        MeetingCommand::Close { id, author } => {
            let meeting = find_meeting(store.meetings(), id, strings)?.clone();
            if let Some(closed) = meeting.closed_at {
                return Err(invalid(strings.format(
                    "cli.meeting.already_closed",
                    &[("id", id), ("at", &closed.local_minute())],
                )));
            }
            let author = context::author_of(author.as_deref(), strings)?;
            let at = store.meetings().time_for(context::now(strings)?);
            save(
                &mut store,
                MeetingRecord {
                    at,
                    author,
                    meeting: id.clone(),
                    event: MeetingEvent::Close,
                    id: status_file::new_record_id(),
                },
                strings,
            )?;
            say(&strings.format(
                "cli.meeting.closed",
                &[("title", &meeting.title), ("id", id)],
            ));
            Ok(String::new())
        }
        MeetingCommand::Discussed { id, item, author } => {
            let meeting = find_meeting(store.meetings(), id, strings)?.clone();
            let position = context::item(&loaded, None, item, strings)?;
            let item = loaded.index.entries[position].id.clone();
            let author = context::author_of(author.as_deref(), strings)?;
            let at = store.meetings().time_for(context::now(strings)?);
            save(
                &mut store,
                MeetingRecord {
                    at,
                    author,
                    meeting: id.clone(),
                    event: MeetingEvent::Discussed { item: item.clone() },
                    id: status_file::new_record_id(),
                },
                strings,
            )?;
            say(&strings.format(
                "cli.meeting.discussed",
                &[
                    ("item", &item_label(&loaded, &item, strings)),
                    ("title", &meeting.title),
                ],
            ));
            Ok(String::new())
        }
        MeetingCommand::List { format } => {
            let log = store.meetings();
            let records = store.log().records();
            match format {
                OutputFormat::Json => json(
                    &log.meetings()
                        .iter()
                        .map(|m| MeetingJson::new(&loaded, m, records, log))
                        .collect::<Vec<_>>(),
                    strings,
                ),
                OutputFormat::Table => {
                    Ok(meetings_table(&Table::new(strings), &loaded, log, records))
                }
            }
        }
        MeetingCommand::Show { id, format } => {
            let log = store.meetings();
            let meeting = find_meeting(log, id, strings)?;
            let records = store.log().records();
            match format {
                OutputFormat::Json => json(
                    &MeetingShowJson::new(&loaded, meeting, records, log, strings),
                    strings,
                ),
                OutputFormat::Table => Ok(meeting_table(
                    &Table::new(strings),
                    &loaded,
                    meeting,
                    records,
                    log,
                )),
            }
        }
    }
}

fn save(store: &mut StatusStore, record: MeetingRecord, strings: &Strings) -> Result<(), Failure> {
    store
        .save_event(Event::Meeting(record))
        .map(|_| ())
        .map_err(|e| context::save_error(&e, strings))
}

/// Changes recorded in meeting `id`.
fn changes_in<'a>(records: &'a [Record], id: &str) -> Vec<&'a Record> {
    let mut changes: Vec<&Record> = records
        .iter()
        .filter(|r| r.meeting.as_deref() == Some(id))
        .collect();
    changes.sort_by(|a, b| Record::order(a, b));
    changes
}

fn decisions_in<'a>(log: &'a MeetingLog, id: &str) -> Vec<&'a Decision> {
    log.decisions()
        .iter()
        .filter(|d| d.meeting.as_deref() == Some(id))
        .collect()
}

/// One meeting in `meeting list --format json`.
#[derive(Serialize)]
struct MeetingJson<'a> {
    id: &'a str,
    date: String,
    title: &'a str,
    time: Option<String>,
    place: Option<&'a str>,
    chair: Option<&'a str>,
    recorder: Option<&'a str>,
    attendees: Vec<UnitJson<'a>>,
    open: bool,
    opened_at: String,
    opened_by: &'a str,
    closed_at: Option<String>,
    discussed: Vec<&'a str>,
    changes: usize,
    decisions: usize,
}

impl<'a> MeetingJson<'a> {
    fn new(
        loaded: &'a LoadedPlan,
        m: &'a Meeting,
        records: &[Record],
        log: &MeetingLog,
    ) -> MeetingJson<'a> {
        MeetingJson {
            id: &m.id,
            date: m.date.to_string(),
            title: &m.title,
            time: m.details.time_text(),
            place: m.details.place.as_deref(),
            chair: m.details.chair.as_deref(),
            recorder: m.details.recorder.as_deref(),
            attendees: units_json(loaded, &m.attendees),
            open: m.is_open(),
            opened_at: m.opened_at.to_string(),
            opened_by: &m.opened_by,
            closed_at: m.closed_at.map(|c| c.to_string()),
            discussed: m.discussed.iter().map(|(i, _)| i.as_str()).collect(),
            changes: changes_in(records, &m.id).len(),
            decisions: decisions_in(log, &m.id).len(),
        }
    }
}

/// `meeting show --format json`.
#[derive(Serialize)]
struct MeetingShowJson<'a> {
    id: &'a str,
    date: String,
    title: &'a str,
    time: Option<String>,
    place: Option<&'a str>,
    chair: Option<&'a str>,
    recorder: Option<&'a str>,
    attendees: Vec<UnitJson<'a>>,
    open: bool,
    opened_at: String,
    opened_by: &'a str,
    closed_at: Option<String>,
    discussed: Vec<DiscussedJson<'a>>,
    changes: Vec<ChangeJson<'a>>,
    decisions: Vec<DecisionJson<'a>>,
}

#[derive(Serialize)]
struct DiscussedJson<'a> {
    item: &'a str,
    title: Option<&'a str>,
    at: String,
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    id: &'a str,
    at: String,
    author: &'a str,
    item: &'a str,
    owner: Option<&'a str>,
    status: Option<&'static str>,
    progress: Option<u8>,
    actual: Option<f64>,
    actual_as_of: Option<String>,
    note: Option<&'a str>,
    effective: Option<String>,
}

impl<'a> MeetingShowJson<'a> {
    fn new(
        loaded: &'a LoadedPlan,
        m: &'a Meeting,
        records: &'a [Record],
        log: &'a MeetingLog,
        strings: &Strings,
    ) -> MeetingShowJson<'a> {
        MeetingShowJson {
            id: &m.id,
            date: m.date.to_string(),
            title: &m.title,
            time: m.details.time_text(),
            place: m.details.place.as_deref(),
            chair: m.details.chair.as_deref(),
            recorder: m.details.recorder.as_deref(),
            attendees: units_json(loaded, &m.attendees),
            open: m.is_open(),
            opened_at: m.opened_at.to_string(),
            opened_by: &m.opened_by,
            closed_at: m.closed_at.map(|c| c.to_string()),
            discussed: m
                .discussed
                .iter()
                .map(|(item, at)| DiscussedJson {
                    item,
                    title: item_title(loaded, item, strings),
                    at: at.to_string(),
                })
                .collect(),
            changes: changes_in(records, &m.id)
                .into_iter()
                .map(|r| ChangeJson {
                    id: &r.id,
                    at: r.at.to_string(),
                    author: &r.author,
                    item: &r.item,
                    owner: r.owner.as_deref(),
                    status: r.status.map(|s| s.cli_name()),
                    progress: r.progress,
                    actual: r.actual.as_ref().map(|a| a.value),
                    actual_as_of: r.actual.as_ref().map(|a| a.as_of.to_string()),
                    note: r.note.as_deref(),
                    effective: r.effective().map(|d| d.to_string()),
                })
                .collect(),
            decisions: decisions_in(log, &m.id)
                .into_iter()
                .map(|d| DecisionJson::new(loaded, d, None))
                .collect(),
        }
    }
}

fn meetings_table(
    table: &Table,
    loaded: &LoadedPlan,
    log: &MeetingLog,
    records: &[Record],
) -> String {
    let label = |key| table.label(key);
    // Time, place, chair and recorder: a column each that some meeting gives.
    let given: Vec<Vec<(&str, String)>> =
        log.meetings().iter().map(|m| m.details.given()).collect();
    let details: Vec<&'static str> = MeetingDetails::LABELS
        .into_iter()
        .filter(|key| given.iter().flatten().any(|(k, _)| k == key))
        .collect();
    let rows: Vec<Vec<String>> = log
        .meetings()
        .iter()
        .zip(&given)
        .map(|(m, given)| {
            let mut row = vec![m.id.clone(), m.date.to_string(), table.cell(&m.title)];
            row.extend(details.iter().map(|key| {
                given
                    .iter()
                    .find(|(k, _)| k == key)
                    .map_or_else(String::new, |(_, value)| table.cell(value))
            }));
            row.extend([
                table.units(loaded, &m.attendees),
                state(m, table.strings).to_owned(),
                changes_in(records, &m.id).len().to_string(),
                decisions_in(log, &m.id).len().to_string(),
            ]);
            row
        })
        .collect();
    let mut headers = vec![
        (label("column.id"), 24, Align::Left),
        (label("meeting.date"), 10, Align::Left),
        (label("meeting.title"), 30, Align::Left),
    ];
    headers.extend(details.iter().map(|key| (label(key), 16, Align::Left)));
    headers.extend([
        (label("meeting.attendees"), 40, Align::Left),
        (label("meeting.state"), 8, Align::Left),
        (label("meeting.changes"), 8, Align::Right),
        (label("meeting.decisions"), 9, Align::Right),
    ]);
    table.render(&headers, &rows)
}

fn meeting_table(
    table: &Table,
    loaded: &LoadedPlan,
    m: &Meeting,
    records: &[Record],
    log: &MeetingLog,
) -> String {
    let label = |key| table.label(key);
    let mut out = format!(
        "{}  {}  {}  {}\n",
        m.id,
        m.date,
        table.cell(&m.title),
        state(m, table.strings)
    );
    for (key, value) in m.details.given() {
        out.push_str(&format!("{}: {}\n", label(key), table.cell(&value)));
    }
    out.push_str(&format!(
        "{}: {}\n",
        label("meeting.attendees"),
        table.units(loaded, &m.attendees)
    ));
    out.push_str(&format!(
        "{}: {} {}{}\n",
        label("meeting.opened"),
        m.opened_at.local_minute(),
        table.cell(&m.opened_by),
        m.closed_at.map_or_else(String::new, |c| format!(
            " · {}: {}",
            label("meeting.closed_at"),
            c.local_minute()
        ))
    ));
    let discussed: Vec<Vec<String>> = m
        .discussed
        .iter()
        .map(|(item, at)| {
            vec![
                table.cell(item),
                table.cell(item_title(loaded, item, table.strings).unwrap_or("?")),
                at.local_minute(),
            ]
        })
        .collect();
    out.push_str(&format!(
        "\n{} ({})\n",
        label("meeting.discussed"),
        discussed.len()
    ));
    if !discussed.is_empty() {
        out.push_str(&columns(
            &[
                (label("column.id"), 24, Align::Left),
                (label("column.item"), 40, Align::Left),
                (label("column.time"), 16, Align::Left),
            ],
            &discussed,
        ));
    }
    let changes: Vec<Vec<String>> = changes_in(records, &m.id)
        .into_iter()
        .map(|r| {
            vec![
                r.at.local_minute(),
                table.cell(&r.author),
                table.cell(&r.key().to_string()),
                table.change(r),
            ]
        })
        .collect();
    out.push_str(&format!(
        "\n{} ({})\n",
        label("meeting.changes"),
        changes.len()
    ));
    if !changes.is_empty() {
        out.push_str(&columns(
            &[
                (label("column.time"), 16, Align::Left),
                (label("column.author"), 12, Align::Left),
                (label("column.id"), 30, Align::Left),
                (label("column.change"), 60, Align::Left),
            ],
            &changes,
        ));
    }
    let decisions: Vec<&Decision> = decisions_in(log, &m.id);
    out.push_str(&format!(
        "\n{} ({})\n",
        label("meeting.decisions"),
        decisions.len()
    ));
    if !decisions.is_empty() {
        out.push_str(&table.decisions(loaded, &decisions, None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_ids_carry_the_date_and_four_hex_digits() {
        let id = new_meeting_id(jiff::civil::date(2026, 11, 27));
        assert_eq!(id.len(), "m2026-11-27-3fa1".len(), "{id}");
        assert!(id.starts_with("m2026-11-27-"), "{id}");
        assert!(id[12..].bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    }
}
