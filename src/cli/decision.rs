//! `planmeet decision add|set|list`: decisions and action items (议定事项) — text,
//! responsible units, due date, status — stored with the meetings in the status file.
//!
//! Exit codes as for `status`: 0 done; 2 bad input (an unknown decision, unit, item or
//! meeting, nothing to change), the valid choices listed; 1 the file could not be written.

use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Subcommand};
use jiff::civil::Date;

use super::meeting::{
    DecisionJson, Table, after, author_of, check_items, check_units, find_meeting,
    implicit_meeting, json, latest_event, now, open, today,
};
use super::status::OutputFormat;
use super::{Cli, Failure, finish, invalid};
use crate::i18n::Strings;
use crate::model::meeting::{Decision, DecisionRecord, DecisionStatus, Event, MeetingLog};
use crate::store::status_file::{self, StatusStore};

#[derive(Debug, Subcommand)]
pub enum DecisionCommand {
    /// Record a decision; prints its id. It belongs to --meeting, else to the one open
    /// meeting (if exactly one is open).
    Add(AddArgs),
    /// Change a decision: its status, due date, text, units or items.
    Set(DecisionSetArgs),
    /// Decisions, in the order they were made.
    List {
        /// Only those this unit is responsible for.
        #[arg(long, value_name = "UNIT")]
        unit: Option<String>,
        /// Only those open and due before today (PLANMEET_NOW's date in tests).
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
    /// A responsible unit, by id (repeatable, or comma-separated).
    #[arg(long = "unit", value_name = "UNIT", value_delimiter = ',')]
    pub units: Vec<String>,
    /// Due date: YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = super::date_arg)]
    pub due: Option<Date>,
    /// The meeting it was made in. Default: the open meeting, if exactly one is open.
    #[arg(long, value_name = "ID")]
    pub meeting: Option<String>,
    /// A plan item it is about (repeatable, or comma-separated).
    #[arg(long = "item", value_name = "ID", value_delimiter = ',')]
    pub items: Vec<String>,
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
}

#[derive(Debug, Args)]
pub struct DecisionSetArgs {
    /// The decision's id (from `decision list`).
    pub id: String,
    #[arg(long, value_name = "STATUS", value_parser = status_parser())]
    pub status: Option<DecisionStatus>,
    #[arg(long, value_name = "DATE", value_parser = super::date_arg)]
    pub due: Option<Date>,
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// The responsible units, replacing the list (repeatable, or comma-separated).
    #[arg(long = "unit", value_name = "UNIT", value_delimiter = ',')]
    pub units: Vec<String>,
    /// The plan items it is about, replacing the list.
    #[arg(long = "item", value_name = "ID", value_delimiter = ',')]
    pub items: Vec<String>,
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
}

fn status_parser() -> impl TypedValueParser<Value = DecisionStatus> {
    PossibleValuesParser::new(DecisionStatus::ALL.map(DecisionStatus::cli_name))
        .map(|name| DecisionStatus::from_cli_name(&name).unwrap_or(DecisionStatus::Open))
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
fn find_decision<'a>(log: &'a MeetingLog, id: &str) -> Result<&'a Decision, Failure> {
    log.decision(id).ok_or_else(|| {
        let listed: Vec<String> = log
            .decisions()
            .iter()
            .map(|d| {
                let text: String = d.text.replace(['\n', '\r'], " ").chars().take(20).collect();
                format!("{} ({text})", d.id)
            })
            .collect();
        if listed.is_empty() {
            invalid(format!(
                "unknown decision {id:?}: there are no decisions yet \
                 (record one with `planmeet decision add --text T`)"
            ))
        } else {
            invalid(format!(
                "unknown decision {id:?}. The decisions are: {}",
                listed.join(", ")
            ))
        }
    })
}

fn text_of(text: &str) -> Result<String, Failure> {
    let text = text.replace("\r\n", "\n");
    if text.trim().is_empty() {
        return Err(invalid("--text is empty: say what was decided"));
    }
    Ok(text)
}

fn deduplicated(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        if !out.contains(value) {
            out.push(value.clone());
        }
    }
    out
}

fn execute(cli: &Cli, command: &DecisionCommand, strings: &Strings) -> Result<String, Failure> {
    let writes = !matches!(command, DecisionCommand::List { .. });
    let (loaded, mut store) = open(cli, writes)?;
    match command {
        DecisionCommand::Add(args) => {
            let text = text_of(&args.text)?;
            check_units(&loaded, &args.units)?;
            check_items(&loaded, &args.items)?;
            let meeting = match &args.meeting {
                Some(id) => Some(find_meeting(store.meetings(), id)?.id.clone()),
                None => implicit_meeting(store.meetings()).map(|m| m.id.clone()),
            };
            let author = author_of(args.author.as_deref())?;
            let at = after(latest_event(store.meetings()), now()?);
            let id = new_decision_id(store.meetings());
            let units = deduplicated(&args.units);
            let items = deduplicated(&args.items);
            save(
                &mut store,
                DecisionRecord {
                    at,
                    author,
                    decision: id.clone(),
                    meeting,
                    text: Some(text),
                    units: (!units.is_empty()).then_some(units),
                    due: args.due,
                    status: None,
                    items: (!items.is_empty()).then_some(items),
                    id: status_file::new_record_id(),
                },
            )?;
            Ok(format!("{id}\n"))
        }
        DecisionCommand::Set(args) => {
            find_decision(store.meetings(), &args.id)?;
            let text = args.text.as_deref().map(text_of).transpose()?;
            check_units(&loaded, &args.units)?;
            check_items(&loaded, &args.items)?;
            let units = deduplicated(&args.units);
            let items = deduplicated(&args.items);
            let record = DecisionRecord {
                at: now()?,
                author: String::new(),
                decision: args.id.clone(),
                meeting: None,
                text,
                units: (!units.is_empty()).then_some(units),
                due: args.due,
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
                return Err(invalid(
                    "nothing to change: give --status open|done|dropped, --due, --text, --unit \
                     or --item",
                ));
            }
            let author = author_of(args.author.as_deref())?;
            let at = after(latest_event(store.meetings()), record.at);
            save(
                &mut store,
                DecisionRecord {
                    at,
                    author,
                    ..record
                },
            )?;
            Ok(String::new())
        }
        DecisionCommand::List {
            unit,
            overdue,
            meeting,
            format,
        } => {
            if let Some(unit) = unit {
                check_units(&loaded, std::slice::from_ref(unit))?;
            }
            if let Some(id) = meeting {
                find_meeting(store.meetings(), id)?;
            }
            let today = today()?;
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
                ),
                OutputFormat::Table => {
                    Ok(Table::new(strings).decisions(&loaded, &decisions, Some(today)))
                }
            }
        }
    }
}

fn save(store: &mut StatusStore, record: DecisionRecord) -> Result<(), Failure> {
    store
        .save_event(Event::Decision(record))
        .map(|_| ())
        .map_err(super::not_saved)
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
