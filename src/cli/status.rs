//! `planmeet status set|show|log|orphans|undo`: status annotations from the command line.
//!
//! Exit codes (see [`super::output`]): 0 done (for `set` and `undo`: the change is on disk,
//! `fdatasync`ed); 2 bad input (an unknown item, status or unit, nothing to record); 1 the
//! file could not be written or read.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::Cli;
use super::context::{self, item_label, item_title, unit_name};
use super::output::{Failure, OutputFormat, finish, invalid, json, say};
use super::table::{self, Table};
use crate::i18n::Strings;
use crate::input;
use crate::model::annotation::{
    self, Actual, Annotation, Change, Field, Key, Orphan, Record, Status,
};
use crate::store::LoadedPlan;
use crate::store::status_file::{MAX_NOTE_BYTES, StatusStore};
use crate::text::width::Align;

#[derive(Debug, Subcommand)]
// Parsed once per run: the size of `Set`'s arguments costs nothing worth boxing for.
#[allow(clippy::large_enum_variant)]
pub enum StatusCommand {
    /// Record a change to an item, or to one unit's part of it (--owner).
    Set(SetArgs),
    /// The current annotations: of every item, or of one.
    Show {
        /// An item: p1.t2, 六.1, …; default: every annotated item.
        id: Option<String>,
        #[arg(long, short = 'f', value_enum, default_value_t)]
        format: OutputFormat,
        /// The state as it stood at the end of DATE (or of a month).
        #[arg(long, value_name = "DATE", value_parser = input::parse_as_of)]
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
    /// Undo a change, by its record id (from `status log`).
    Undo {
        record: String,
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
    },
    /// Carry annotations over to new ids after a plan revision (MAP from `planmeet diff
    /// --map`): new records, history kept.
    Rekey(super::rekey::RekeyArgs),
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// An item: p1.t2, p1.t1.g2, 六.1, （六）1, 附件2.4 …
    pub id: String,
    /// The unit whose part of the item this is (id, name or alias).
    #[arg(long, value_name = "UNIT")]
    pub owner: Option<String>,
    #[arg(long, value_name = "STATUS", value_parser = input::parse_status)]
    pub status: Option<Status>,
    /// Percent done, 0–100.
    #[arg(
        long,
        value_name = "N",
        value_parser = input::parse_percent,
        allow_negative_numbers = true
    )]
    pub progress: Option<u8>,
    /// A note (may hold line breaks; at most 64 KiB).
    #[arg(long, value_name = "TEXT", conflicts_with = "note_file")]
    pub note: Option<String>,
    /// Read the note from a UTF-8 file (`-`: standard input); at most 64 KiB.
    #[arg(long, value_name = "FILE")]
    pub note_file: Option<PathBuf>,
    /// The note is private: not shown in presenter mode.
    #[arg(long)]
    pub private: bool,
    /// 进展情况: the progress made, in words (at most 64 KiB).
    #[arg(long, value_name = "TEXT")]
    pub progress_text: Option<String>,
    /// 存在问题: the problems (at most 64 KiB).
    #[arg(long, value_name = "TEXT")]
    pub problems: Option<String>,
    /// 下一步计划: the next steps (at most 64 KiB).
    #[arg(long = "next", value_name = "TEXT")]
    pub next_steps: Option<String>,
    /// A measured value of a target, with --as-of.
    #[arg(
        long,
        value_name = "VALUE",
        requires = "as_of",
        allow_hyphen_values = true
    )]
    pub actual: Option<String>,
    /// The date the actual value is for (a month means its last day).
    #[arg(long, value_name = "DATE", requires = "actual", value_parser = input::parse_as_of)]
    pub as_of: Option<jiff::civil::Date>,
    /// Reset a field to "not set": status, progress or note (repeatable).
    #[arg(long, value_name = "FIELD", value_parser = field_parser())]
    pub clear: Vec<Field>,
    /// Who makes the change.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// The meeting the change is made in.
    #[arg(long, value_name = "ID")]
    pub meeting: Option<String>,
    /// The date the change records, when it is not today.
    #[arg(long, value_name = "DATE", value_parser = input::parse_date)]
    pub effective: Option<jiff::civil::Date>,
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
    let (loaded, mut store) = match command {
        StatusCommand::Set(_) | StatusCommand::Undo { .. } => {
            open_to_append(cli, command, strings)?
        }
        _ => context::open(cli, strings, false)?,
    };
    let table = Table::new(strings);
    match command {
        StatusCommand::Set(args) => set(&loaded, &mut store, args, strings),
        StatusCommand::Rekey(args) => super::rekey::execute(&loaded, &mut store, args, strings),
        StatusCommand::Undo { record, author } => {
            let author = context::author_of(author.as_deref(), strings)?;
            let now = context::now(strings)?;
            let done = store
                .undo(record, &author, now)
                .map_err(|e| context::save_error(&e, strings))?;
            say(&strings.format(
                "cli.status.undone",
                &[
                    ("record", record),
                    ("item", &item_label(&loaded, &done.item, strings)),
                    ("change", &table::summary(&done, strings)),
                ],
            ));
            Ok(format!("{}\n", done.id))
        }
        StatusCommand::Show { id, format, as_of } => {
            let id = known(&loaded, &store, id.as_deref(), strings)?;
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
                OutputFormat::Table => Ok(show_table(&table, &loaded, &rows)),
                OutputFormat::Json => json(
                    &rows
                        .iter()
                        .map(|a| ShowJson::new(&loaded, a, strings))
                        .collect::<Vec<_>>(),
                    strings,
                ),
            }
        }
        StatusCommand::Log { id, format } => {
            let id = known(&loaded, &store, id.as_deref(), strings)?;
            let log = store.log();
            let records: Vec<&Record> = match &id {
                Some(id) => log.history(id),
                None => log.sorted(),
            };
            match format {
                OutputFormat::Table => Ok(log_table(&table, &records)),
                OutputFormat::Json => json(
                    &records
                        .iter()
                        .map(|r| LogJson::new(r, log.is_active(&r.id)))
                        .collect::<Vec<_>>(),
                    strings,
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
                OutputFormat::Table => Ok(orphans_table(&table, &orphans)),
                OutputFormat::Json => json(
                    &orphans
                        .iter()
                        .map(|(a, o)| OrphanJson::new(a, o))
                        .collect::<Vec<_>>(),
                    strings,
                ),
            }
        }
    }
}

/// The plan and the status file for `set` and `undo`, which append one line: only the
/// history of the item changed (of the record undone and its item) is read, so they take
/// about as long with a large history as with none. An item or record not found this way
/// has the whole file read, and `set` or `undo` then says what is wrong as before.
fn open_to_append(
    cli: &Cli,
    command: &StatusCommand,
    strings: &Strings,
) -> Result<(LoadedPlan, StatusStore), Failure> {
    crate::store::status_file::survive_file_size_limit();
    let loaded = context::plan(cli, strings)?;
    match command {
        StatusCommand::Set(args) => {
            let item = context::item(&loaded, None, &args.id, strings)
                .ok()
                .map(|position| loaded.index.entries[position].id.clone());
            let texts = item.as_ref().map(|item| [item.as_str()]);
            let store = context::open_status_focused(cli, &loaded, texts.as_ref().map(|t| &t[..]))?;
            Ok((loaded, store))
        }
        StatusCommand::Undo { record, .. } => {
            let mut store = context::open_status_focused(cli, &loaded, Some(&[record.as_str()]))?;
            // The record's item's whole history: what the undo restores is decided by the
            // records of its key.
            let item = store.log().get(record).map(|r| r.item.clone());
            let texts = item.as_ref().map(|item| [record.as_str(), item.as_str()]);
            let told: Vec<String> = store.problems().iter().map(|p| p.to_string()).collect();
            store
                .refocus(texts.as_ref().map(|t| &t[..]))
                .map_err(|e| super::output::io(super::errors::read(&e, strings)))?;
            for problem in store.problems() {
                let problem = problem.to_string();
                if !told.contains(&problem) {
                    say(&problem);
                }
            }
            Ok((loaded, store))
        }
        _ => {
            let store = context::open_status(cli, &loaded)?;
            Ok((loaded, store))
        }
    }
}

/// The item `show` or `log` is asked about: one of the plan (by id or numbering), or an
/// orphan id the status file has annotations for.
fn known(
    loaded: &LoadedPlan,
    store: &StatusStore,
    id: Option<&str>,
    strings: &Strings,
) -> Result<Option<String>, Failure> {
    let Some(id) = id else { return Ok(None) };
    if !store.log().parts(id).is_empty() {
        return Ok(Some(id.to_owned()));
    }
    let position = context::item(loaded, None, id, strings)?;
    Ok(Some(loaded.index.entries[position].id.clone()))
}

fn set(
    loaded: &LoadedPlan,
    store: &mut StatusStore,
    args: &SetArgs,
    strings: &Strings,
) -> Result<String, Failure> {
    let plan = &loaded.plan;
    let index = &loaded.index;
    let position = context::item(loaded, None, &args.id, strings)?;
    let item = index.entries[position].id.clone();
    let owner = match &args.owner {
        None => None,
        Some(text) => {
            let unit = context::unit(loaded, "--owner", text, strings)?;
            let units = annotation::responsible_units(plan, index, position);
            if !units.contains(&unit.id.as_str()) {
                return Err(invalid(if units.is_empty() {
                    strings.format("cli.status.no_units", &[("item", &item)])
                } else {
                    let listed: Vec<String> = units
                        .iter()
                        .map(|u| {
                            strings.format(
                                "input.unit_choice",
                                &[("id", u), ("name", &unit_name(loaded, u, strings))],
                            )
                        })
                        .collect();
                    strings.format(
                        "cli.status.not_responsible",
                        &[
                            (
                                "unit",
                                &strings.format(
                                    "input.unit_choice",
                                    &[
                                        ("id", &unit.id),
                                        ("name", &context::owner_name(unit, strings)),
                                    ],
                                ),
                            ),
                            ("item", &item),
                            ("units", &listed.join(strings.get("input.separator"))),
                        ],
                    )
                }));
            }
            Some(unit.id.clone())
        }
    };
    let actual = match (&args.actual, args.as_of) {
        (Some(text), Some(as_of)) => {
            if !annotation::takes_actuals(plan, index, position) {
                return Err(invalid(
                    strings.format("cli.status.no_actuals", &[("item", &item)]),
                ));
            }
            let unit = annotation::actual_unit(plan, index, position).unwrap_or("");
            let value = input::parse_quantity(text, unit)
                .map_err(|e| context::input_error(Some("--actual"), &e, strings))?;
            Some(Actual { value, as_of })
        }
        _ => None,
    };
    let note = match (&args.note, &args.note_file) {
        (Some(text), _) => Some(text.clone()),
        (None, Some(path)) => Some(read_note(path, strings)?),
        (None, None) => None,
    };
    if args.private && note.is_none() {
        return Err(invalid(strings.get("cli.status.private_needs_note")));
    }
    if let Some(note) = &note
        && note.len() > MAX_NOTE_BYTES
    {
        return Err(invalid(crate::store::status::format::note_too_long(
            note.len(),
        )));
    }
    for (field, text) in [
        (Field::ProgressText, &args.progress_text),
        (Field::Problems, &args.problems),
        (Field::NextSteps, &args.next_steps),
    ] {
        if let Some(text) = text
            && text.len() > MAX_NOTE_BYTES
        {
            return Err(invalid(format!(
                "{}: {}",
                strings.get(field.label_key()),
                crate::store::status::format::note_too_long(text.len())
            )));
        }
    }
    let mut change = Change::new(&Key::new(&item, owner.as_deref()));
    change.progress_text = args.progress_text.clone();
    change.problems = args.problems.clone();
    change.next_steps = args.next_steps.clone();
    change.status = args.status;
    change.progress = args.progress;
    change.note = note;
    change.private = args.private;
    change.actual = actual;
    change.clear = args.clear.clone();
    change.effective = args.effective;
    for field in &change.clear {
        let sets = match field {
            Field::Status => change.status.is_some(),
            Field::Progress => change.progress.is_some(),
            Field::Note => change.note.is_some(),
            Field::ProgressText => change.progress_text.is_some(),
            Field::Problems => change.problems.is_some(),
            Field::NextSteps => change.next_steps.is_some(),
        };
        if sets {
            return Err(invalid(
                strings.format("cli.status.set_and_clear", &[("field", &field.name())]),
            ));
        }
    }
    if change.is_empty() {
        return Err(invalid(strings.get("cli.status.nothing")));
    }
    let today = context::today(strings)?;
    change.meeting =
        context::meeting_for(store.meetings(), args.meeting.as_deref(), today, strings)?;
    let author = context::author_of(args.author.as_deref(), strings)?;
    let now = context::now(strings)?;
    let record = store
        .record(change, &author, now)
        .map_err(|e| context::save_error(&e, strings))?;
    let mut subject = item_label(loaded, &record.item, strings);
    if let Some(owner) = &record.owner {
        subject = format!("{subject} [{}]", unit_name(loaded, owner, strings));
    }
    let key = if record.meeting.is_some() {
        "cli.status.recorded_in_meeting"
    } else {
        "cli.status.recorded"
    };
    say(&strings.format(
        key,
        &[
            ("item", &subject),
            ("change", &table::summary(&record, strings)),
            ("record", &record.id),
            ("meeting", &record.meeting.as_deref().unwrap_or("")),
        ],
    ));
    Ok(format!("{}\n", record.id))
}

/// Reads a note file: at most one byte more than a note may be (with room for a byte order
/// mark, which is dropped), so `/dev/zero` or a huge file costs no memory.
fn read_note(path: &Path, strings: &Strings) -> Result<String, Failure> {
    let limit = (MAX_NOTE_BYTES + 3 + 1) as u64;
    let mut bytes = Vec::new();
    let result = if path == Path::new("-") {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    let file = path.display().to_string();
    result.map_err(|e| {
        invalid(strings.format(
            "cli.status.note_unreadable",
            &[("file", &file), ("error", &e)],
        ))
    })?;
    if bytes.len() as u64 == limit {
        return Err(invalid(crate::store::status::format::note_too_long(
            bytes.len(),
        )));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| invalid(strings.format("cli.status.note_not_utf8", &[("file", &file)])))?;
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .replace("\r\n", "\n");
    Ok(text.strip_suffix('\n').unwrap_or(&text).to_owned())
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
    /// 进展情况, 存在问题, 下一步计划.
    progress_text: Option<&'a str>,
    problems: Option<&'a str>,
    next_steps: Option<&'a str>,
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
    fn new(loaded: &'a LoadedPlan, a: &'a Annotation, strings: &Strings) -> Self {
        ShowJson {
            item: &a.key.item,
            owner: a.key.owner.as_deref(),
            title: item_title(loaded, &a.key.item, strings),
            orphan: annotation::orphan(&loaded.plan, &loaded.index, &a.key).is_some(),
            status: a.status.as_ref().map(|s| s.value.cli_name()),
            progress: a.progress.as_ref().map(|p| p.value),
            note: a.note.as_ref().map(|n| &*n.value),
            progress_text: a.progress_text().map(|n| &*n.value),
            problems: a.problems().map(|n| &*n.value),
            next_steps: a.next_steps().map(|n| &*n.value),
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
    /// 进展情况, 存在问题, 下一步计划.
    progress_text: Option<&'a str>,
    problems: Option<&'a str>,
    next_steps: Option<&'a str>,
    clear: Vec<&'static str>,
    undoes: Option<&'a str>,
    meeting: Option<&'a str>,
    /// The date the change records, when it is not the day it was made.
    effective: Option<String>,
    /// The note is private (not projected).
    private: bool,
    /// Where the change came from (a report form), or null.
    source: Option<&'a str>,
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
            progress_text: r.progress_text(),
            problems: r.problems(),
            next_steps: r.next_steps(),
            clear: r.clear().iter().map(|f| f.name()).collect(),
            undoes: r.undoes().map(|u| u.as_str()),
            meeting: r.meeting.as_deref(),
            effective: r.effective().map(|d| d.to_string()),
            private: r.private,
            source: r.source(),
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

/// `status show` as a table.
fn show_table(table: &Table, loaded: &LoadedPlan, rows: &[&Annotation]) -> String {
    let label = |key| table.label(key);
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|a| {
            let title = item_title(loaded, &a.key.item, table.strings).unwrap_or("?");
            let unit = a.key.owner.as_deref().map_or_else(String::new, |u| {
                format!("{u} {}", unit_name(loaded, u, table.strings))
            });
            let actual = a.latest_actual().map_or_else(String::new, |p| {
                format!(
                    "{} ({})",
                    crate::model::validate::format_figure(p.value),
                    p.as_of
                )
            });
            vec![
                table.cell(&a.key.item),
                table.cell(title),
                table.cell(&unit),
                a.status
                    .as_ref()
                    .map_or_else(String::new, |s| label(s.value.key()).to_owned()),
                a.progress
                    .as_ref()
                    .map_or_else(String::new, |p| format!("{}%", p.value)),
                actual,
                table.cell(a.note.as_ref().map_or("", |n| &*n.value)),
                a.updated_at.local_minute(),
                table.cell(&a.updated_by),
            ]
        })
        .collect();
    table.render(
        &[
            (label("column.id"), 24, Align::Left),
            (label("column.item"), 24, Align::Left),
            (label("column.unit"), 20, Align::Left),
            (label("label.status"), 12, Align::Left),
            (label("label.progress"), 8, Align::Right),
            (label("column.actual"), 22, Align::Left),
            (label("column.note"), 30, Align::Left),
            (label("column.updated"), 16, Align::Left),
            (label("column.author"), 12, Align::Left),
        ],
        &body,
    )
}

/// `status log` as a table.
fn log_table(table: &Table, records: &[&Record]) -> String {
    let label = |key| table.label(key);
    let body: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            vec![
                r.at.local_minute(),
                r.effective().map_or_else(String::new, |d| d.to_string()),
                table.cell(&r.author),
                table.cell(&r.key().to_string()),
                table.change(r),
                r.id.to_string(),
            ]
        })
        .collect();
    table.render(
        &[
            (label("column.time"), 16, Align::Left),
            (label("column.effective"), 10, Align::Left),
            (label("column.author"), 12, Align::Left),
            (label("column.id"), 30, Align::Left),
            (label("column.change"), 60, Align::Left),
            (label("column.record"), 16, Align::Left),
        ],
        &body,
    )
}

/// `status orphans` as a table.
fn orphans_table(table: &Table, orphans: &[(&Annotation, Orphan)]) -> String {
    let label = |key| table.label(key);
    let body: Vec<Vec<String>> = orphans
        .iter()
        .map(|(a, orphan)| {
            let reason = match orphan {
                Orphan::UnknownItem => label("cli.status.orphan_item").to_owned(),
                Orphan::NotResponsible { units } => table
                    .strings
                    .format("cli.status.orphan_unit", &[("units", &units.join(", "))]),
            };
            vec![
                table.cell(&a.key.item),
                table.cell(a.key.owner.as_deref().unwrap_or("")),
                table.cell(&reason),
                a.changes.to_string(),
                a.updated_at.local_minute(),
                table.cell(&a.updated_by),
            ]
        })
        .collect();
    table.render(
        &[
            (label("column.id"), 24, Align::Left),
            (label("column.unit"), 16, Align::Left),
            (label("column.reason"), 50, Align::Left),
            (label("column.changes"), 8, Align::Right),
            (label("column.updated"), 16, Align::Left),
            (label("column.author"), 12, Align::Left),
        ],
        &body,
    )
}
