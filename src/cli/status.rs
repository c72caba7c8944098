//! `planmeet status set|show|log|orphans|undo`: status annotations from the command line.
//!
//! Exit codes: 0 done (for `set` and `undo`: the change is on disk, `fdatasync`ed); 2 bad
//! input (an unknown id, status or unit, nothing to record); 1 the file could not be
//! written or read.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use super::{
    Cli, Failure, finish, invalid, load_plan, open_status, show::unknown_id_message, table,
};
use crate::i18n::Strings;
use crate::model::annotation::{
    self, Actual, Annotation, Change, Field, Key, Orphan, Record, Stamp, Status,
};
use crate::store::LoadedPlan;
use crate::store::status_file::{self, MAX_NOTE_BYTES, StatusStore};
use crate::text::width::Align;

/// Exit code when the status file cannot be read or written.
pub const EXIT_IO: u8 = 1;

#[derive(Debug, Subcommand)]
pub enum StatusCommand {
    /// Record a change to an item, or to one unit's part of it (--owner).
    Set(SetArgs),
    /// The current annotations: of every item, or of one.
    Show {
        /// An item id (p1.t2, p1.t1.g2, s3, a2.r1 …); default: every annotated item.
        id: Option<String>,
        #[arg(long, short = 'f', value_enum, default_value_t)]
        format: OutputFormat,
        /// The state as it stood at the end of DATE: changes made by then, actual values
        /// as of then.
        #[arg(long, value_name = "DATE", value_parser = super::date_arg)]
        as_of: Option<jiff::civil::Date>,
    },
    /// Every recorded change, oldest first: of every item, or of one.
    Log {
        id: Option<String>,
        #[arg(long, short = 'f', value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Annotations whose item, or unit, is not in the plan (kept, never dropped).
    Orphans {
        #[arg(long, short = 'f', value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Undo a change, by its record id (from `status log`): a new change restores what it
    /// replaced. Undoing an undo redoes.
    Undo {
        record: String,
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// An item id: p1.t2, p1.t1.g2 (a target), p6.t1.s1, s3, a2.r1 …
    pub id: String,
    /// The unit whose part of the item this is (one of the item's responsible units).
    #[arg(long, value_name = "UNIT")]
    pub owner: Option<String>,
    #[arg(long, value_name = "STATUS", value_parser = status_parser())]
    pub status: Option<Status>,
    /// Percent done, 0–100.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub progress: Option<u8>,
    /// A note (may hold line breaks; at most 64 KiB).
    #[arg(long, value_name = "TEXT", conflicts_with = "note_file")]
    pub note: Option<String>,
    /// Read the note from a UTF-8 file (`-`: standard input); at most 64 KiB.
    #[arg(long, value_name = "FILE")]
    pub note_file: Option<PathBuf>,
    /// A measured value of a target, with --as-of.
    #[arg(
        long,
        value_name = "VALUE",
        requires = "as_of",
        allow_negative_numbers = true
    )]
    pub actual: Option<f64>,
    /// The date the actual value is for: YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = super::date_arg, requires = "actual")]
    pub as_of: Option<jiff::civil::Date>,
    /// Reset a field to "not set": status, progress or note (repeatable).
    #[arg(long, value_name = "FIELD", value_parser = field_parser())]
    pub clear: Vec<Field>,
    /// Who makes the change. Default: PLANMEET_AUTHOR, else the login name.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// The meeting the change is made in (one in the status file, from `meeting list`).
    /// Default: the open meeting, when exactly one is open.
    #[arg(long, value_name = "ID")]
    pub meeting: Option<String>,
    /// The date the change records, when it is not today (minutes typed in after the
    /// meeting): `--as-of` reviews count it from this date. YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = super::date_arg)]
    pub effective: Option<jiff::civil::Date>,
}

fn status_parser() -> impl TypedValueParser<Value = Status> {
    PossibleValuesParser::new(Status::ALL.map(Status::cli_name))
        .map(|name| Status::from_cli_name(&name).unwrap_or(Status::NotStarted))
}

fn field_parser() -> impl TypedValueParser<Value = Field> {
    PossibleValuesParser::new(Field::ALL.map(Field::name)).map(|name| {
        Field::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .unwrap_or(Field::Note)
    })
}

pub fn run(cli: &Cli, command: &StatusCommand, strings: &Strings) -> ExitCode {
    finish(execute(cli, command, strings))
}

fn execute(cli: &Cli, command: &StatusCommand, strings: &Strings) -> Result<String, Failure> {
    if matches!(command, StatusCommand::Set(_) | StatusCommand::Undo { .. }) {
        status_file::survive_file_size_limit();
    }
    let loaded = load_plan(cli).map_err(|e| invalid(e.to_string()))?;
    let mut store = open_status(cli, &loaded)?;
    let table = Table {
        loaded: &loaded,
        strings,
        terminal: std::io::stdout().is_terminal(),
    };
    match command {
        StatusCommand::Set(args) => set(&loaded, &mut store, args),
        StatusCommand::Undo { record, author } => {
            let author = author_of(author.as_deref())?;
            let now = now()?;
            match store.undo(record, &author, now) {
                Ok(record) => Ok(format!("{}\n", record.id)),
                Err(e) => Err(super::not_saved(e)),
            }
        }
        StatusCommand::Show { id, format, as_of } => {
            check_known(&loaded, &store, id.as_deref())?;
            let cut;
            let log = match as_of.or(cli.as_of) {
                Some(date) => {
                    cut = crate::model::as_of::as_of_log(store.log().records(), date);
                    &cut
                }
                None => store.log(),
            };
            let rows = shown(&loaded, log, id.as_deref());
            match format {
                OutputFormat::Table => Ok(table.show(&rows)),
                OutputFormat::Json => json(
                    &rows
                        .iter()
                        .map(|a| ShowJson::new(&loaded, a))
                        .collect::<Vec<_>>(),
                ),
            }
        }
        StatusCommand::Log { id, format } => {
            check_known(&loaded, &store, id.as_deref())?;
            let log = store.log();
            let records: Vec<&Record> = match id {
                Some(id) => log.history(id),
                None => log.sorted(),
            };
            match format {
                OutputFormat::Table => Ok(table.log(&records)),
                OutputFormat::Json => json(
                    &records
                        .iter()
                        .map(|r| LogJson::new(r, log.is_active(&r.id)))
                        .collect::<Vec<_>>(),
                ),
            }
        }
        StatusCommand::Orphans { format } => {
            let orphans: Vec<(&Annotation, Orphan)> = store
                .log()
                .annotations()
                .into_iter()
                .filter_map(|a| {
                    annotation::orphan(&loaded.plan, &loaded.index, &a.key).map(|o| (a, o))
                })
                .collect();
            match format {
                OutputFormat::Table => Ok(table.orphans(&orphans)),
                OutputFormat::Json => json(
                    &orphans
                        .iter()
                        .map(|(a, o)| OrphanJson::new(a, o))
                        .collect::<Vec<_>>(),
                ),
            }
        }
    }
}

fn json<T: Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| Failure(EXIT_IO, format!("cannot write JSON: {e}")))
}

/// `--author`, then the settings file's `author`, then `PLANMEET_AUTHOR`, then the login
/// name.
fn author_of(explicit: Option<&str>) -> Result<String, Failure> {
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

/// The time of a change: now, or `PLANMEET_NOW` (RFC 3339 with offset), which tests use.
fn now() -> Result<Stamp, Failure> {
    status_file::now_or_env().map_err(|e| invalid(format!("PLANMEET_NOW: {e}")))
}

/// An id given to `show` or `log` must be an item of the plan or have annotations.
fn check_known(loaded: &LoadedPlan, store: &StatusStore, id: Option<&str>) -> Result<(), Failure> {
    match id {
        Some(id) if loaded.index.position(id).is_none() && store.log().parts(id).is_empty() => {
            Err(invalid(unknown_id_message(&loaded.index, id)))
        }
        _ => Ok(()),
    }
}

fn set(loaded: &LoadedPlan, store: &mut StatusStore, args: &SetArgs) -> Result<String, Failure> {
    let plan = &loaded.plan;
    let index = &loaded.index;
    let Some(position) = index.position(&args.id) else {
        return Err(invalid(unknown_id_message(index, &args.id)));
    };
    if let Some(unit) = &args.owner {
        let units = annotation::responsible_units(plan, index, position);
        if !units.contains(&unit.as_str()) {
            let message = if units.is_empty() {
                format!(
                    "{} has no responsible units of its own: annotate it as a whole \
                     (without --owner), or annotate one of its sub-tasks",
                    args.id
                )
            } else {
                let listed: Vec<String> = units
                    .iter()
                    .map(|u| format!("{u} ({})", unit_name(loaded, u)))
                    .collect();
                format!(
                    "unit {unit:?} is not responsible for {}. Its units are: {}",
                    args.id,
                    listed.join(", ")
                )
            };
            return Err(invalid(message));
        }
    }
    let actual = match (args.actual, args.as_of) {
        (Some(value), Some(as_of)) => {
            if !value.is_finite() {
                return Err(invalid("--actual must be a number"));
            }
            if !annotation::takes_actuals(plan, index, position) {
                return Err(invalid(format!(
                    "actual values are recorded on targets and 附件2 rows (ids like p1.t1.g2, \
                     a2.r1); {} is not one",
                    args.id
                )));
            }
            Some(Actual { value, as_of })
        }
        _ => None,
    };
    let note = match (&args.note, &args.note_file) {
        (Some(text), _) => Some(text.clone()),
        (None, Some(path)) => Some(read_note(path)?),
        (None, None) => None,
    };
    if let Some(note) = &note
        && note.len() > MAX_NOTE_BYTES
    {
        return Err(invalid(crate::store::status::format::note_too_long(
            note.len(),
        )));
    }
    let mut change = Change::new(&Key::new(&args.id, args.owner.as_deref()));
    change.status = args.status;
    change.progress = args.progress;
    change.note = note;
    change.actual = actual;
    change.clear = args.clear.clone();
    // A meeting named must be one of the file's; without one, the one open meeting (if
    // exactly one is open) is where the change is made.
    change.meeting = match args.meeting.as_deref().filter(|m| !m.trim().is_empty()) {
        Some(id) => Some(
            super::meeting::find_meeting(store.meetings(), id)?
                .id
                .clone(),
        ),
        None => super::meeting::implicit_meeting(store.meetings()).map(|m| m.id.clone()),
    };
    change.effective = args.effective;
    for field in &change.clear {
        let sets = match field {
            Field::Status => change.status.is_some(),
            Field::Progress => change.progress.is_some(),
            Field::Note => change.note.is_some(),
        };
        if sets {
            return Err(invalid(format!(
                "--clear {0} and a new {0} in one change: choose one",
                field.name()
            )));
        }
    }
    if change.is_empty() {
        return Err(invalid(
            "nothing to record: give --status, --progress, --note, --actual/--as-of or --clear",
        ));
    }
    let author = author_of(args.author.as_deref())?;
    let now = now()?;
    let record = store
        .record(change, &author, now)
        .map_err(super::not_saved)?;
    Ok(format!("{}\n", record.id))
}

/// Reads a note file: at most one byte more than a note may be (with room for a byte order
/// mark, which is dropped), so `/dev/zero` or a huge file costs no memory.
fn read_note(path: &Path) -> Result<String, Failure> {
    let limit = (MAX_NOTE_BYTES + 3 + 1) as u64;
    let mut bytes = Vec::new();
    let result = if path == Path::new("-") {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    result.map_err(|e| invalid(format!("{}: cannot read the note: {e}", path.display())))?;
    if bytes.len() as u64 == limit {
        return Err(invalid(format!(
            "{}: more than a note may be (at most {MAX_NOTE_BYTES} bytes, 64 KiB)",
            path.display()
        )));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| invalid(format!("{}: the note is not UTF-8 text", path.display())))?;
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .replace("\r\n", "\n");
    Ok(text.strip_suffix('\n').unwrap_or(&text).to_owned())
}

fn unit_name<'a>(loaded: &'a LoadedPlan, id: &'a str) -> &'a str {
    loaded
        .plan
        .owners
        .iter()
        .find(|o| o.id == id)
        .map_or(id, |o| o.name.as_str())
}

fn item_title<'a>(loaded: &'a LoadedPlan, id: &str) -> Option<&'a str> {
    let entry = loaded.index.get(id)?;
    Some(entry.path.resolve(&loaded.plan)?.title())
}

/// The annotations `show` lists, non-blank ones only: items in document order, each as a
/// whole first, then its units in the plan's order; orphans last, by id.
fn shown<'a>(
    loaded: &LoadedPlan,
    log: &'a crate::model::annotation::AnnotationLog,
    id: Option<&str>,
) -> Vec<&'a Annotation> {
    let mut rows: Vec<&Annotation> = match id {
        Some(id) => log.parts(id),
        None => log.annotations(),
    };
    rows.retain(|a| !a.is_blank());
    let place = |a: &Annotation| {
        let position = loaded.index.position(&a.key.item);
        let unit = match (position, &a.key.owner) {
            (_, None) => 0,
            (Some(p), Some(owner)) => annotation::responsible_units(&loaded.plan, &loaded.index, p)
                .iter()
                .position(|u| u == owner)
                .map_or(usize::MAX, |i| i + 1),
            (None, Some(_)) => usize::MAX,
        };
        (position.unwrap_or(usize::MAX), unit)
    };
    rows.sort_by(|a, b| place(a).cmp(&place(b)).then_with(|| a.key.cmp(&b.key)));
    rows
}

/// One annotation in `status show --format json`.
#[derive(Serialize)]
struct ShowJson<'a> {
    item: &'a str,
    owner: Option<&'a str>,
    /// The item's title in the plan; null for an orphan.
    title: Option<&'a str>,
    orphan: bool,
    status: Option<&'static str>,
    progress: Option<u8>,
    note: Option<&'a str>,
    actuals: Vec<ActualJson<'a>>,
    updated_at: String,
    updated_by: &'a str,
    changes: usize,
}

#[derive(Serialize)]
struct ActualJson<'a> {
    value: f64,
    as_of: String,
    at: String,
    author: &'a str,
    record: &'a str,
}

impl<'a> ShowJson<'a> {
    fn new(loaded: &'a LoadedPlan, a: &'a Annotation) -> Self {
        ShowJson {
            item: &a.key.item,
            owner: a.key.owner.as_deref(),
            title: item_title(loaded, &a.key.item),
            orphan: annotation::orphan(&loaded.plan, &loaded.index, &a.key).is_some(),
            status: a.status.as_ref().map(|s| s.value.cli_name()),
            progress: a.progress.as_ref().map(|p| p.value),
            note: a.note.as_ref().map(|n| n.value.as_str()),
            actuals: a
                .actuals
                .iter()
                .map(|p| ActualJson {
                    value: p.value,
                    as_of: p.as_of.to_string(),
                    at: p.at.to_string(),
                    author: &p.author,
                    record: &p.record,
                })
                .collect(),
            updated_at: a.updated_at.to_string(),
            updated_by: &a.updated_by,
            changes: a.changes,
        }
    }
}

/// One record in `status log --format json`: every key always present.
#[derive(Serialize)]
struct LogJson<'a> {
    id: &'a str,
    at: String,
    author: &'a str,
    item: &'a str,
    owner: Option<&'a str>,
    status: Option<&'static str>,
    progress: Option<u8>,
    actual: Option<ValueJson>,
    note: Option<&'a str>,
    clear: Vec<&'static str>,
    undoes: Option<&'a str>,
    meeting: Option<&'a str>,
    /// False when an undo in force undid it.
    active: bool,
}

#[derive(Serialize)]
struct ValueJson {
    value: f64,
    as_of: String,
}

impl<'a> LogJson<'a> {
    fn new(r: &'a Record, active: bool) -> Self {
        LogJson {
            id: &r.id,
            at: r.at.to_string(),
            author: &r.author,
            item: &r.item,
            owner: r.owner.as_deref(),
            status: r.status.map(Status::cli_name),
            progress: r.progress,
            actual: r.actual.as_ref().map(|a| ValueJson {
                value: a.value,
                as_of: a.as_of.to_string(),
            }),
            note: r.note.as_deref(),
            clear: r.clear.iter().map(|f| f.name()).collect(),
            undoes: r.undoes.as_deref(),
            meeting: r.meeting.as_deref(),
            active,
        }
    }
}

/// One orphan in `status orphans --format json`.
#[derive(Serialize)]
struct OrphanJson<'a> {
    item: &'a str,
    owner: Option<&'a str>,
    /// `unknown-item` or `unit-not-responsible`.
    reason: &'static str,
    /// For `unit-not-responsible`: the item's units now.
    units: Vec<&'a str>,
    changes: usize,
    updated_at: String,
    updated_by: &'a str,
}

impl<'a> OrphanJson<'a> {
    fn new(a: &'a Annotation, orphan: &'a Orphan) -> Self {
        let (reason, units) = match orphan {
            Orphan::UnknownItem => ("unknown-item", Vec::new()),
            Orphan::NotResponsible { units } => (
                "unit-not-responsible",
                units.iter().map(String::as_str).collect(),
            ),
        };
        OrphanJson {
            item: &a.key.item,
            owner: a.key.owner.as_deref(),
            reason,
            units,
            changes: a.changes,
            updated_at: a.updated_at.to_string(),
            updated_by: &a.updated_by,
        }
    }
}

/// Tables for people: columns aligned by display width, one line per row.
struct Table<'a> {
    loaded: &'a LoadedPlan,
    strings: &'a Strings,
    terminal: bool,
}

impl Table<'_> {
    /// An interface string, or `fallback` while the i18n files lack the key.
    fn label<'s>(&'s self, key: &str, fallback: &'s str) -> &'s str {
        table::label(self.strings, key, fallback)
    }

    fn status(&self, status: Status) -> String {
        self.label(status.key(), status.cli_name()).to_owned()
    }

    /// One line of untrusted text for a cell.
    fn cell(&self, text: &str) -> String {
        table::cell(self.terminal, text)
    }

    /// Columns of `rows` under `headers`; see [`table::render`].
    fn render(&self, headers: &[table::Header], rows: Vec<Vec<String>>) -> String {
        table::render(headers, &rows)
    }

    fn show(&self, rows: &[&Annotation]) -> String {
        let body = rows
            .iter()
            .map(|a| {
                let title = item_title(self.loaded, &a.key.item).unwrap_or("?");
                let unit = a.key.owner.as_deref().map_or_else(String::new, |u| {
                    format!("{u} {}", unit_name(self.loaded, u))
                });
                let actual = a.latest_actual().map_or_else(String::new, |p| {
                    format!(
                        "{} ({})",
                        crate::model::validate::format_figure(p.value),
                        p.as_of
                    )
                });
                vec![
                    self.cell(&a.key.item),
                    self.cell(title),
                    self.cell(&unit),
                    a.status
                        .as_ref()
                        .map_or_else(String::new, |s| self.status(s.value)),
                    a.progress
                        .as_ref()
                        .map_or_else(String::new, |p| format!("{}%", p.value)),
                    actual,
                    self.cell(a.note.as_ref().map_or("", |n| n.value.as_str())),
                    a.updated_at.local_minute(),
                    self.cell(&a.updated_by),
                ]
            })
            .collect();
        self.render(
            &[
                (self.label("column.id", "ID"), 24, Align::Left),
                (self.label("column.item", "Item"), 24, Align::Left),
                (self.label("column.unit", "Unit"), 20, Align::Left),
                (self.label("label.status", "Status"), 12, Align::Left),
                (self.label("column.progress", "Progress"), 8, Align::Right),
                (self.label("column.actual", "Actual"), 22, Align::Left),
                (self.label("column.note", "Note"), 30, Align::Left),
                (self.label("column.updated", "Updated"), 16, Align::Left),
                (self.label("column.author", "By"), 12, Align::Left),
            ],
            body,
        )
    }

    fn log(&self, records: &[&Record]) -> String {
        let body = records
            .iter()
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
                    r.id.clone(),
                ]
            })
            .collect();
        self.render(
            &[
                (self.label("column.time", "Time"), 16, Align::Left),
                (self.label("column.author", "By"), 12, Align::Left),
                (self.label("column.id", "ID"), 30, Align::Left),
                (self.label("column.change", "Change"), 60, Align::Left),
                (self.label("column.record", "Record"), 16, Align::Left),
            ],
            body,
        )
    }

    fn summary(&self, r: &Record) -> String {
        let mut parts = Vec::new();
        if let Some(status) = r.status {
            parts.push(self.status(status));
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

    fn orphans(&self, orphans: &[(&Annotation, Orphan)]) -> String {
        let body = orphans
            .iter()
            .map(|(a, orphan)| {
                let reason = match orphan {
                    Orphan::UnknownItem => "unknown item".to_owned(),
                    Orphan::NotResponsible { units } => {
                        format!("unit not responsible (units: {})", units.join(", "))
                    }
                };
                vec![
                    self.cell(&a.key.item),
                    self.cell(a.key.owner.as_deref().unwrap_or("")),
                    self.cell(&reason),
                    a.changes.to_string(),
                    a.updated_at.local_minute(),
                    self.cell(&a.updated_by),
                ]
            })
            .collect();
        self.render(
            &[
                (self.label("column.id", "ID"), 24, Align::Left),
                (self.label("column.unit", "Unit"), 16, Align::Left),
                (self.label("column.reason", "Why"), 50, Align::Left),
                (self.label("column.changes", "Changes"), 8, Align::Right),
                (self.label("column.updated", "Updated"), 16, Align::Left),
                (self.label("column.author", "By"), 12, Align::Left),
            ],
            body,
        )
    }
}
