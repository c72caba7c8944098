//! `planmeet meeting new|close|discussed|list|show`: meetings from the command line, and the
//! helpers `decision` and `status set --meeting` share with them.
//!
//! A meeting is stored as events in the status file (see [`crate::model::meeting`]). Exit
//! codes as for `status`: 0 done (for the writing commands: on disk, `fdatasync`ed); 2 bad
//! input (an unknown meeting, unit or item, an empty title), the valid choices listed; 1 the
//! file could not be read or written.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use jiff::civil::Date;
use serde::Serialize;

use super::status::{EXIT_IO, OutputFormat};
use super::{
    Cli, Failure, finish, invalid, load_plan, open_status, show::unknown_id_message, table,
};
use crate::i18n::Strings;
use crate::model::annotation::{Record, Stamp};
use crate::model::meeting::{Decision, Event, Meeting, MeetingEvent, MeetingLog, MeetingRecord};
use crate::store::LoadedPlan;
use crate::store::status_file::{self, StatusStore};
use crate::text::width::Align;

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Start a meeting; prints its id. Changes made while it is the only open meeting carry
    /// its id.
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
        /// An item id: p1.t2, p1.t1.g2, s3, a2.r1 …
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
    /// The meeting's date: YYYY-MM-DD. Default: today.
    #[arg(long, value_name = "DATE", value_parser = super::date_arg)]
    pub date: Option<Date>,
    /// A unit present, by id (repeatable, or comma-separated: kjj,zjj).
    #[arg(long = "attendee", value_name = "UNIT", value_delimiter = ',')]
    pub attendees: Vec<String>,
    /// Who opens it. Default: as for `status set`.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
}

/// The plan and its status file, as every meeting and decision command needs them.
pub(super) fn open(cli: &Cli, writes: bool) -> Result<(LoadedPlan, StatusStore), Failure> {
    if writes {
        status_file::survive_file_size_limit();
    }
    let loaded = load_plan(cli).map_err(|e| invalid(e.to_string()))?;
    let store = open_status(cli, &loaded)?;
    Ok((loaded, store))
}

/// `--author`, then the settings file's `author`, then `PLANMEET_AUTHOR`, then the login
/// name.
pub(super) fn author_of(explicit: Option<&str>) -> Result<String, Failure> {
    if explicit.is_some_and(|name| name.trim().is_empty()) {
        return Err(invalid("--author is empty"));
    }
    let configured = crate::store::config::load_settings().config.author;
    status_file::resolve_author(explicit, configured.as_deref(), |key| {
        std::env::var(key).ok()
    })
    .ok_or_else(|| {
        invalid(
            "who is making this change? Give --author NAME, set author in config.ron, \
             or set PLANMEET_AUTHOR",
        )
    })
}

/// Now, or `PLANMEET_NOW` (RFC 3339 with offset), which tests use.
pub(super) fn now() -> Result<Stamp, Failure> {
    status_file::now_or_env().map_err(|e| invalid(format!("PLANMEET_NOW: {e}")))
}

/// Today where the user is (or `PLANMEET_NOW`'s date).
pub(super) fn today() -> Result<Date, Failure> {
    let now = now()?;
    Ok(now.offset().to_datetime(now.timestamp()).date())
}

/// A time for a new event: `now`, or just after `last` when that is not earlier (a clock
/// behind, or several commands within one `PLANMEET_NOW`: the later command must win).
pub(super) fn after(last: Option<Stamp>, now: Stamp) -> Stamp {
    match last {
        Some(last) if last >= now => Stamp::new(last.successor().timestamp(), now.offset()),
        _ => now,
    }
}

/// The latest event's time in the log.
pub(super) fn latest_event(log: &MeetingLog) -> Option<Stamp> {
    log.events().iter().map(Event::at).max()
}

pub(super) fn unit_name<'a>(loaded: &'a LoadedPlan, id: &'a str) -> &'a str {
    loaded
        .plan
        .owners
        .iter()
        .find(|o| o.id == id)
        .map_or(id, |o| o.name.as_str())
}

pub(super) fn item_title<'a>(loaded: &'a LoadedPlan, id: &str) -> Option<&'a str> {
    let entry = loaded.index.get(id)?;
    Some(entry.path.resolve(&loaded.plan)?.title())
}

/// Every unit id must be in the plan's registry; the message lists the registry.
pub(super) fn check_units(loaded: &LoadedPlan, units: &[String]) -> Result<(), Failure> {
    let unknown: Vec<&str> = units
        .iter()
        .map(String::as_str)
        .filter(|u| !loaded.plan.owners.iter().any(|o| o.id == *u))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let valid: Vec<String> = loaded
        .plan
        .owners
        .iter()
        .map(|o| format!("{} ({})", o.id, o.name))
        .collect();
    Err(invalid(format!(
        "unknown unit{} {}. The units are: {}",
        if unknown.len() == 1 { "" } else { "s" },
        unknown
            .iter()
            .map(|u| format!("{u:?}"))
            .collect::<Vec<_>>()
            .join(", "),
        valid.join(", ")
    )))
}

/// Every item id must be in the plan.
pub(super) fn check_items(loaded: &LoadedPlan, items: &[String]) -> Result<(), Failure> {
    match items.iter().find(|i| loaded.index.position(i).is_none()) {
        Some(item) => Err(invalid(unknown_id_message(&loaded.index, item))),
        None => Ok(()),
    }
}

/// The meetings there are, for a message: `m2026-11-27-3fa1 (2026-11-27 十一月调度会, open)`.
pub(super) fn meetings_listed(log: &MeetingLog) -> String {
    if log.meetings().is_empty() {
        return "there are no meetings in the status file yet (start one with \
                `planmeet meeting new --title T`)"
            .into();
    }
    let listed: Vec<String> = log
        .meetings()
        .iter()
        .map(|m| {
            format!(
                "{} ({} {}, {})",
                m.id,
                m.date,
                m.title.replace(['\n', '\r'], " "),
                if m.is_open() { "open" } else { "closed" }
            )
        })
        .collect();
    format!("The meetings are: {}", listed.join(", "))
}

/// The meeting named `id`, or an error listing the meetings there are.
pub(super) fn find_meeting<'a>(log: &'a MeetingLog, id: &str) -> Result<&'a Meeting, Failure> {
    log.meeting(id)
        .ok_or_else(|| invalid(format!("unknown meeting {id:?}. {}", meetings_listed(log))))
}

/// The one open meeting, when exactly one is open: changes and decisions made without
/// naming a meeting belong to it.
pub fn implicit_meeting(log: &MeetingLog) -> Option<&Meeting> {
    let mut open = log.meetings().iter().filter(|m| m.is_open());
    match (open.next(), open.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
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
    let (loaded, mut store) = open(cli, writes)?;
    match command {
        MeetingCommand::New(args) => {
            let title = args.title.trim();
            if title.is_empty() {
                return Err(invalid("--title is empty: name the meeting"));
            }
            check_units(&loaded, &args.attendees)?;
            let mut attendees: Vec<String> = Vec::new();
            for unit in &args.attendees {
                if !attendees.contains(unit) {
                    attendees.push(unit.clone());
                }
            }
            let author = author_of(args.author.as_deref())?;
            let date = match args.date {
                Some(date) => date,
                None => today()?,
            };
            let mut id = new_meeting_id(date);
            while store.meetings().meeting(&id).is_some() {
                id = new_meeting_id(date);
            }
            let at = after(latest_event(store.meetings()), now()?);
            save(
                &mut store,
                MeetingRecord {
                    at,
                    author,
                    meeting: id.clone(),
                    event: MeetingEvent::Open {
                        title: title.to_owned(),
                        date,
                        attendees,
                    },
                    id: status_file::new_record_id(),
                },
            )?;
            Ok(format!("{id}\n"))
        }
        MeetingCommand::Close { id, author } => {
            let meeting = find_meeting(store.meetings(), id)?;
            if let Some(closed) = meeting.closed_at {
                return Err(invalid(format!(
                    "meeting {id} is already closed (at {})",
                    closed.local_minute()
                )));
            }
            let author = author_of(author.as_deref())?;
            let at = after(latest_event(store.meetings()), now()?);
            save(
                &mut store,
                MeetingRecord {
                    at,
                    author,
                    meeting: id.clone(),
                    event: MeetingEvent::Close,
                    id: status_file::new_record_id(),
                },
            )?;
            Ok(String::new())
        }
        MeetingCommand::Discussed { id, item, author } => {
            find_meeting(store.meetings(), id)?;
            check_items(&loaded, std::slice::from_ref(item))?;
            let author = author_of(author.as_deref())?;
            let at = after(latest_event(store.meetings()), now()?);
            save(
                &mut store,
                MeetingRecord {
                    at,
                    author,
                    meeting: id.clone(),
                    event: MeetingEvent::Discussed { item: item.clone() },
                    id: status_file::new_record_id(),
                },
            )?;
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
                ),
                OutputFormat::Table => Ok(Table::new(strings).meetings(&loaded, log, records)),
            }
        }
        MeetingCommand::Show { id, format } => {
            let log = store.meetings();
            let meeting = find_meeting(log, id)?;
            let records = store.log().records();
            match format {
                OutputFormat::Json => json(&MeetingShowJson::new(&loaded, meeting, records, log)),
                OutputFormat::Table => {
                    Ok(Table::new(strings).meeting(&loaded, meeting, records, log))
                }
            }
        }
    }
}

fn save(store: &mut StatusStore, record: MeetingRecord) -> Result<(), Failure> {
    store
        .save_event(Event::Meeting(record))
        .map(|_| ())
        .map_err(super::not_saved)
}

pub(super) fn json<T: Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| Failure(EXIT_IO, format!("cannot write JSON: {e}")))
}

/// Changes recorded in meeting `id`.
pub(super) fn changes_in<'a>(records: &'a [Record], id: &str) -> Vec<&'a Record> {
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

#[derive(Serialize)]
pub(super) struct UnitJson<'a> {
    id: &'a str,
    /// Null for a unit not in the plan's registry.
    name: Option<&'a str>,
}

pub(super) fn units_json<'a>(loaded: &'a LoadedPlan, units: &'a [String]) -> Vec<UnitJson<'a>> {
    units
        .iter()
        .map(|u| UnitJson {
            id: u,
            name: loaded
                .plan
                .owners
                .iter()
                .find(|o| o.id == *u)
                .map(|o| o.name.as_str()),
        })
        .collect()
}

/// One meeting in `meeting list --format json`.
#[derive(Serialize)]
struct MeetingJson<'a> {
    id: &'a str,
    date: String,
    title: &'a str,
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
    ) -> MeetingShowJson<'a> {
        MeetingShowJson {
            id: &m.id,
            date: m.date.to_string(),
            title: &m.title,
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
                    title: item_title(loaded, item),
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
                    effective: r.effective.map(|d| d.to_string()),
                })
                .collect(),
            decisions: decisions_in(log, &m.id)
                .into_iter()
                .map(|d| DecisionJson::new(loaded, d, None))
                .collect(),
        }
    }
}

/// One decision in JSON (`decision list`, `meeting show`).
#[derive(Serialize)]
pub(super) struct DecisionJson<'a> {
    id: &'a str,
    text: &'a str,
    units: Vec<UnitJson<'a>>,
    due: Option<String>,
    status: &'static str,
    /// Open and due before today; null where today was not asked.
    overdue: Option<bool>,
    meeting: Option<&'a str>,
    items: Vec<&'a str>,
    created_at: String,
    created_by: &'a str,
    updated_at: String,
    updated_by: &'a str,
}

impl<'a> DecisionJson<'a> {
    pub(super) fn new(
        loaded: &'a LoadedPlan,
        d: &'a Decision,
        today: Option<Date>,
    ) -> DecisionJson<'a> {
        DecisionJson {
            id: &d.id,
            text: &d.text,
            units: units_json(loaded, &d.units),
            due: d.due.map(|d| d.to_string()),
            status: d.status.cli_name(),
            overdue: today.map(|t| d.is_overdue(t)),
            meeting: d.meeting.as_deref(),
            items: d.items.iter().map(String::as_str).collect(),
            created_at: d.created_at.to_string(),
            created_by: &d.created_by,
            updated_at: d.updated_at.to_string(),
            updated_by: &d.updated_by,
        }
    }
}

/// Tables for people: columns aligned by display width, one line per row.
pub(super) struct Table<'a> {
    strings: &'a Strings,
    terminal: bool,
}

impl<'a> Table<'a> {
    pub(super) fn new(strings: &'a Strings) -> Table<'a> {
        Table {
            strings,
            terminal: std::io::stdout().is_terminal(),
        }
    }

    /// An interface string, or `fallback` while the i18n files lack the key.
    pub(super) fn label<'s>(&'s self, key: &str, fallback: &'s str) -> &'s str {
        table::label(self.strings, key, fallback)
    }

    /// One line of untrusted text for a cell.
    pub(super) fn cell(&self, text: &str) -> String {
        table::cell(self.terminal, text)
    }

    /// Columns of `rows` under `headers`; see [`table::render`].
    pub(super) fn render(&self, headers: &[table::Header], rows: &[Vec<String>]) -> String {
        table::render(headers, rows)
    }

    fn columns(&self, headers: &[table::Header], rows: &[Vec<String>]) -> String {
        table::columns(headers, rows)
    }

    pub(super) fn units(&self, loaded: &LoadedPlan, units: &[String]) -> String {
        self.cell(
            &units
                .iter()
                .map(|u| unit_name(loaded, u))
                .collect::<Vec<_>>()
                .join("、"),
        )
    }

    fn state(&self, m: &Meeting) -> String {
        if m.is_open() {
            self.label("meeting.open", "open").to_owned()
        } else {
            self.label("meeting.closed", "closed").to_owned()
        }
    }

    fn meetings(&self, loaded: &LoadedPlan, log: &MeetingLog, records: &[Record]) -> String {
        let rows: Vec<Vec<String>> = log
            .meetings()
            .iter()
            .map(|m| {
                vec![
                    m.id.clone(),
                    m.date.to_string(),
                    self.cell(&m.title),
                    self.units(loaded, &m.attendees),
                    self.state(m),
                    changes_in(records, &m.id).len().to_string(),
                    decisions_in(log, &m.id).len().to_string(),
                ]
            })
            .collect();
        self.render(
            &[
                (self.label("column.id", "ID"), 24, Align::Left),
                (self.label("meeting.date", "Date"), 10, Align::Left),
                (self.label("meeting.title", "Title"), 30, Align::Left),
                (
                    self.label("meeting.attendees", "Attendees"),
                    40,
                    Align::Left,
                ),
                (self.label("meeting.state", "State"), 8, Align::Left),
                (self.label("meeting.changes", "Changes"), 8, Align::Right),
                (
                    self.label("meeting.decisions", "Decisions"),
                    9,
                    Align::Right,
                ),
            ],
            &rows,
        )
    }

    fn meeting(
        &self,
        loaded: &LoadedPlan,
        m: &Meeting,
        records: &[Record],
        log: &MeetingLog,
    ) -> String {
        let mut out = format!(
            "{}  {}  {}  {}\n",
            m.id,
            m.date,
            self.cell(&m.title),
            self.state(m)
        );
        out.push_str(&format!(
            "{}: {}\n",
            self.label("meeting.attendees", "Attendees"),
            self.units(loaded, &m.attendees)
        ));
        out.push_str(&format!(
            "{}: {} {}{}\n",
            self.label("meeting.opened", "Opened"),
            m.opened_at.local_minute(),
            self.cell(&m.opened_by),
            m.closed_at.map_or_else(String::new, |c| format!(
                " · {}: {}",
                self.label("meeting.closed_at", "closed"),
                c.local_minute()
            ))
        ));
        let discussed: Vec<Vec<String>> = m
            .discussed
            .iter()
            .map(|(item, at)| {
                vec![
                    self.cell(item),
                    self.cell(item_title(loaded, item).unwrap_or("?")),
                    at.local_minute(),
                ]
            })
            .collect();
        out.push_str(&format!(
            "\n{} ({})\n",
            self.label("meeting.discussed", "Discussed"),
            discussed.len()
        ));
        if !discussed.is_empty() {
            out.push_str(&self.columns(
                &[
                    (self.label("column.id", "ID"), 24, Align::Left),
                    (self.label("column.item", "Item"), 40, Align::Left),
                    (self.label("column.time", "Time"), 16, Align::Left),
                ],
                &discussed,
            ));
        }
        let changes: Vec<Vec<String>> = changes_in(records, &m.id)
            .into_iter()
            .map(|r| {
                let key = match &r.owner {
                    Some(owner) => format!("{} [{owner}]", r.item),
                    None => r.item.clone(),
                };
                vec![
                    r.at.local_minute(),
                    self.cell(&r.author),
                    self.cell(&key),
                    self.cell(&self.summary(r)),
                ]
            })
            .collect();
        out.push_str(&format!(
            "\n{} ({})\n",
            self.label("meeting.changes", "Changes"),
            changes.len()
        ));
        if !changes.is_empty() {
            out.push_str(&self.columns(
                &[
                    (self.label("column.time", "Time"), 16, Align::Left),
                    (self.label("column.author", "By"), 12, Align::Left),
                    (self.label("column.id", "ID"), 30, Align::Left),
                    (self.label("column.change", "Change"), 60, Align::Left),
                ],
                &changes,
            ));
        }
        let decisions: Vec<&Decision> = decisions_in(log, &m.id);
        out.push_str(&format!(
            "\n{} ({})\n",
            self.label("meeting.decisions", "Decisions"),
            decisions.len()
        ));
        if !decisions.is_empty() {
            out.push_str(&self.decisions(loaded, &decisions, None));
        }
        out
    }

    fn summary(&self, r: &Record) -> String {
        let mut parts = Vec::new();
        if let Some(status) = r.status {
            parts.push(self.label(status.key(), status.cli_name()).to_owned());
        }
        if let Some(progress) = r.progress {
            parts.push(format!("{progress}%"));
        }
        if let Some(actual) = &r.actual {
            parts.push(format!(
                "= {} ({})",
                crate::model::validate::format_figure(actual.value),
                actual.as_of
            ));
        }
        if let Some(note) = &r.note {
            parts.push(format!("“{note}”"));
        }
        for field in &r.clear {
            parts.push(format!("−{}", field.name()));
        }
        if let Some(undoes) = &r.undoes {
            parts.push(format!("↶ {undoes}"));
        }
        parts.join(" · ")
    }

    /// Decisions as a table; `today` marks the overdue ones.
    pub(super) fn decisions(
        &self,
        loaded: &LoadedPlan,
        decisions: &[&Decision],
        today: Option<Date>,
    ) -> String {
        let overdue = self.label("decision.overdue", "overdue");
        let rows: Vec<Vec<String>> = decisions
            .iter()
            .map(|d| {
                let mut status = self.label(d.status.key(), d.status.cli_name()).to_owned();
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
                (self.label("column.id", "ID"), 10, Align::Left),
                (self.label("decision.due", "Due"), 10, Align::Left),
                (self.label("label.status", "Status"), 16, Align::Left),
                (self.label("decision.units", "Units"), 30, Align::Left),
                (self.label("decision.text", "Decision"), 50, Align::Left),
                (self.label("decision.meeting", "Meeting"), 20, Align::Left),
            ],
            &rows,
        )
    }
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

    #[test]
    fn a_new_event_is_never_before_the_last() {
        let at = Stamp::parse("2026-11-27T10:00:00+08:00").unwrap();
        assert_eq!(after(None, at), at);
        assert!(after(Some(at), at) > at);
        let later = Stamp::parse("2026-11-27T11:00:00+08:00").unwrap();
        assert_eq!(after(Some(at), later), later);
    }
}
