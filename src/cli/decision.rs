//! `planmeet decision add|set|list`: decisions and action items (议定事项) — text,
//! responsible units, due date, status — stored with the meetings in the status file.
//!
//! Exit codes as for `status` (see [`super::output`]): 0 done; 2 bad input (an unknown
//! decision, unit, item or meeting, nothing to change), the valid choices listed; 1 the
//! file could not be written.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use jiff::civil::Date;

use super::Cli;
use super::context::{self, find_meeting};
use super::json::DecisionJson;
use super::output::{Failure, OutputFormat, finish, invalid, json, say};
use super::table::Table;
use crate::i18n::Strings;
use crate::input;
use crate::model::meeting::{Decision, DecisionRecord, DecisionStatus, Event, MeetingLog};
use crate::store::status_file::{self, StatusStore};

#[derive(Debug, Subcommand)]
pub enum DecisionCommand {
    /// Record a decision; prints its id.
    Add(AddArgs),
    /// Change a decision: its status, due date, text, units or items.
    Set(DecisionSetArgs),
    /// Decisions, in the order they were made.
    List {
        /// Only those this unit is responsible for.
        #[arg(long, value_name = "UNIT")]
        unit: Option<String>,
        /// Only those open and due before today.
        #[arg(long)]
        overdue: bool,
        /// Only those made in this meeting.
        #[arg(long, value_name = "ID")]
        meeting: Option<String>,
        #[arg(long, short = 'f', value_enum, default_value_t)]
        format: OutputFormat,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// What was decided (may hold line breaks).
    #[arg(long, value_name = "TEXT")]
    pub text: String,
    /// A responsible unit (repeatable, or a list).
    #[arg(long = "unit", value_name = "UNIT")]
    pub units: Vec<String>,
    /// Due date.
    #[arg(long, value_name = "DATE", value_parser = input::parse_date)]
    pub due: Option<Date>,
    /// The meeting it was made in.
    #[arg(long, value_name = "ID")]
    pub meeting: Option<String>,
    /// A plan item it is about (repeatable, or a list).
    #[arg(long = "item", value_name = "ID")]
    pub items: Vec<String>,
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
}

#[derive(Debug, Args)]
pub struct DecisionSetArgs {
    /// The decision's id (from `decision list`).
    pub id: String,
    #[arg(long, value_name = "STATUS", value_parser = input::parse_decision_status)]
    pub status: Option<DecisionStatus>,
    #[arg(long, value_name = "DATE", value_parser = input::parse_date)]
    pub due: Option<Date>,
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// The responsible units, replacing the list.
    #[arg(long = "unit", value_name = "UNIT")]
    pub units: Vec<String>,
    /// The plan items it is about, replacing the list.
    #[arg(long = "item", value_name = "ID")]
    pub items: Vec<String>,
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
}

pub fn run(cli: &Cli, command: &DecisionCommand, strings: &Strings) -> ExitCode {
    finish(execute(cli, command, strings))
}

/// A new decision id: `d` and eight hex digits.
fn new_decision_id(log: &MeetingLog) -> String {
    loop {
        let random = status_file::new_record_id();
        let id = format!("d{}", &random[..8]);
        if log.decision(&id).is_none() {
            return id;
        }
    }
}

/// The decision named `id`, or an error listing the decisions there are.
fn find_decision<'a>(
    log: &'a MeetingLog,
    id: &str,
    strings: &Strings,
) -> Result<&'a Decision, Failure> {
    log.decision(id).ok_or_else(|| {
        let listed: Vec<String> = log
            .decisions()
            .iter()
            .map(|d| format!("{} ({})", d.id, short(&d.text)))
            .collect();
        if listed.is_empty() {
            invalid(strings.format("cli.decision.none_yet", &[("id", &id)]))
        } else {
            invalid(strings.format(
                "cli.decision.unknown",
                &[
                    ("id", &id),
                    ("decisions", &listed.join(strings.get("input.separator"))),
                ],
            ))
        }
    })
}

/// The first twenty characters of a decision, on one line.
fn short(text: &str) -> String {
    text.replace(['\n', '\r'], " ").chars().take(20).collect()
}

fn text_of(text: &str, strings: &Strings) -> Result<String, Failure> {
    let text = text.replace("\r\n", "\n");
    if text.trim().is_empty() {
        return Err(invalid(strings.get("cli.decision.text_empty")));
    }
    Ok(text)
}

fn execute(cli: &Cli, command: &DecisionCommand, strings: &Strings) -> Result<String, Failure> {
    let writes = !matches!(command, DecisionCommand::List { .. });
    let (loaded, mut store) = context::open(cli, strings, writes)?;
    match command {
        DecisionCommand::Add(args) => {
            let text = text_of(&args.text, strings)?;
            let units = context::units(&loaded, "--unit", &args.units, strings)?;
            let items = context::items(&loaded, "--item", &args.items, strings)?;
            let today = context::today(strings)?;
            let meeting =
                context::meeting_for(store.meetings(), args.meeting.as_deref(), today, strings)?;
            let author = context::author_of(args.author.as_deref(), strings)?;
            let at = store.meetings().time_for(context::now(strings)?);
            let id = new_decision_id(store.meetings());
            save(
                &mut store,
                DecisionRecord {
                    at,
                    author,
                    decision: id.clone(),
                    meeting,
                    text: Some(text.clone()),
                    units: (!units.is_empty()).then_some(units),
                    due: args.due,
                    clear_due: false,
                    status: None,
                    items: (!items.is_empty()).then_some(items),
                    id: status_file::new_record_id(),
                },
                strings,
            )?;
            say(&strings.format(
                "cli.decision.recorded",
                &[("id", &id), ("text", &short(&text))],
            ));
            Ok(format!("{id}\n"))
        }
        DecisionCommand::Set(args) => {
            let decision = find_decision(store.meetings(), &args.id, strings)?;
            let before = short(&decision.text);
            let text = args
                .text
                .as_deref()
                .map(|t| text_of(t, strings))
                .transpose()?;
            let units = context::units(&loaded, "--unit", &args.units, strings)?;
            let items = context::items(&loaded, "--item", &args.items, strings)?;
            let record = DecisionRecord {
                at: context::now(strings)?,
                author: String::new(),
                decision: args.id.clone(),
                meeting: None,
                text,
                units: (!units.is_empty()).then_some(units),
                due: args.due,
                clear_due: false,
                status: args.status,
                items: (!items.is_empty()).then_some(items),
                id: status_file::new_record_id(),
            };
            let empty = record.text.is_none()
                && record.units.is_none()
                && record.due.is_none()
                && record.status.is_none()
                && record.items.is_none();
            if empty {
                return Err(invalid(strings.get("cli.decision.nothing")));
            }
            let author = context::author_of(args.author.as_deref(), strings)?;
            let at = store.meetings().time_for(record.at);
            save(
                &mut store,
                DecisionRecord {
                    at,
                    author,
                    ..record
                },
                strings,
            )?;
            say(&strings.format(
                "cli.decision.changed",
                &[("id", &args.id), ("text", &before)],
            ));
            Ok(String::new())
        }
        DecisionCommand::List {
            unit,
            overdue,
            meeting,
            format,
        } => {
            let unit = match unit {
                Some(text) => Some(context::unit(&loaded, "--unit", text, strings)?.id.clone()),
                None => None,
            };
            if let Some(id) = meeting {
                find_meeting(store.meetings(), id, strings)?;
            }
            let today = context::today(strings)?;
            let decisions: Vec<&Decision> = store
                .meetings()
                .decisions()
                .iter()
                .filter(|d| unit.as_ref().is_none_or(|u| d.units.contains(u)))
                .filter(|d| !overdue || d.is_overdue(today))
                .filter(|d| meeting.is_none() || d.meeting == *meeting)
                .collect();
            match format {
                OutputFormat::Json => json(
                    &decisions
                        .iter()
                        .map(|d| DecisionJson::new(&loaded, d, Some(today)))
                        .collect::<Vec<_>>(),
                    strings,
                ),
                OutputFormat::Table => {
                    Ok(Table::new(strings).decisions(&loaded, &decisions, Some(today)))
                }
            }
        }
    }
}

fn save(store: &mut StatusStore, record: DecisionRecord, strings: &Strings) -> Result<(), Failure> {
    store
        .save_event(Event::Decision(record))
        .map(|_| ())
        .map_err(|e| context::save_error(&e, strings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_ids_are_d_and_eight_hex_digits() {
        let id = new_decision_id(&MeetingLog::new());
        assert_eq!(id.len(), 9, "{id}");
        assert!(id.starts_with('d'));
        assert!(id[1..].bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    }
}
