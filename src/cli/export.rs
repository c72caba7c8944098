//! `planmeet export [WHAT] --format F [-o FILE]`: the plan (the default), the ledger or a
//! meeting's minutes.
//!
//! WHAT is a value enum so that another export (the minutes) is one more variant, its own
//! options and one more arm in [`run`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{Cli, Failure, finish, invalid, open_status};
use crate::export::ledger::{self, By, LedgerFormat};
use crate::export::minutes::{self, MinutesFormat};
use crate::export::{self, Format};
use crate::i18n::Strings;
use crate::store::LoadedPlan;
use crate::store::{export_file, status_file};
use crate::text::sanitize;

/// Exit code when a file cannot be read or written (as for `status`).
const EXIT_IO: u8 = 1;

/// What `export` writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum What {
    /// The whole plan (md, json, csv).
    #[default]
    Plan,
    /// The 台账: one row per item with units, target, latest actual, light, status, note
    /// (csv, md, html).
    Ledger,
    /// The 会议纪要 of a meeting (--meeting, default the latest): attendees, each item
    /// discussed or changed with its status before and after, the decisions (md, html).
    Minutes,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export: plan (default), ledger (台账) or minutes (会议纪要).
    #[arg(value_enum, default_value_t)]
    pub what: What,
    /// plan: md (a readable report), json (the complete structure), csv (one row per
    /// target). ledger: csv (for Excel), md, html (one page that prints on A4). minutes: md,
    /// html.
    #[arg(long, short = 'f', value_enum)]
    pub format: Format,
    /// Ledger: group by programme (document order, the default) or by responsible unit.
    #[arg(long, value_enum)]
    pub by: Option<By>,
    /// Ledger: as it stood on DATE (YYYY-MM-DD) — only changes made and actuals dated up to
    /// that day count, and the lights are computed for it. Default: today, every change.
    #[arg(long, value_name = "DATE", value_parser = crate::input::parse_as_of)]
    pub as_of: Option<jiff::civil::Date>,
    /// Minutes: the meeting (from `planmeet meeting list`). Default: the latest meeting.
    #[arg(long, value_name = "ID")]
    pub meeting: Option<String>,
    /// Write to FILE instead of standard output: a new file, written whole or not at all.
    /// Never through a symbolic link, never over a status file or a plan.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With -o: replace FILE if it exists (keeping its mode).
    #[arg(long, requires = "output")]
    pub force: bool,
}

pub fn run(cli: &Cli, args: &ExportArgs, strings: &Strings) -> ExitCode {
    let result = bytes(cli, args, strings).and_then(|bytes| match &args.output {
        Some(path) => write_file(cli, path, &bytes, args.force, strings).map(|()| String::new()),
        None => Ok(String::from_utf8_lossy(&bytes).into_owned()),
    });
    finish(result)
}

fn bytes(cli: &Cli, args: &ExportArgs, strings: &Strings) -> Result<Vec<u8>, Failure> {
    if args.meeting.is_some() && args.what != What::Minutes {
        return Err(invalid(strings.get("cli.export.meeting_for_minutes")));
    }
    match args.what {
        What::Minutes => {
            if args.by.is_some() || args.as_of.is_some() {
                return Err(invalid(strings.get("cli.export.ledger_options_minutes")));
            }
            let format = match args.format {
                Format::Md => MinutesFormat::Md,
                Format::Html => MinutesFormat::Html,
                Format::Csv | Format::Json | Format::Xlsx => {
                    return Err(invalid(strings.get("cli.export.minutes_formats")));
                }
            };
            let loaded = super::context::plan(cli, strings)?;
            minutes_bytes(cli, &loaded, args.meeting.as_deref(), format, strings)
        }
        What::Plan => {
            if args.by.is_some() || args.as_of.is_some() {
                return Err(invalid(strings.get("cli.export.ledger_options_plan")));
            }
            let loaded = super::context::plan(cli, strings)?;
            plan(&loaded, args.format, strings)
        }
        What::Ledger => {
            let format = match args.format {
                Format::Csv => LedgerFormat::Csv,
                Format::Md => LedgerFormat::Md,
                Format::Html => LedgerFormat::Html,
                Format::Xlsx if args.output.is_none() => {
                    return Err(invalid(strings.get("cli.export.xlsx_needs_output")));
                }
                Format::Xlsx => LedgerFormat::Xlsx,
                Format::Json => {
                    return Err(invalid(strings.get("cli.export.ledger_formats")));
                }
            };
            let loaded = super::context::plan(cli, strings)?;
            // `planmeet --as-of D export ledger` says the same as `export ledger --as-of D`.
            let as_of = args.as_of.or(cli.as_of);
            ledger_bytes(
                cli,
                &loaded,
                args.by.unwrap_or_default(),
                as_of,
                format,
                strings,
            )
        }
    }
}

fn plan(loaded: &LoadedPlan, format: Format, strings: &Strings) -> Result<Vec<u8>, Failure> {
    match format {
        Format::Md => {
            let label = |key: &str| strings.get(key).to_owned();
            Ok(export::markdown::render(&loaded.plan, &label).into_bytes())
        }
        Format::Json => export::json::render(&loaded.plan)
            .map(String::into_bytes)
            .map_err(|e| Failure(EXIT_IO, strings.format("cli.json_failed", &[("error", &e)]))),
        Format::Csv => export::csv::render(&loaded.plan, &loaded.index)
            .map_err(|e| Failure(EXIT_IO, strings.format("cli.csv_failed", &[("error", &e)]))),
        Format::Html | Format::Xlsx => Err(invalid(strings.get("cli.export.plan_formats"))),
    }
}

fn ledger_bytes(
    cli: &Cli,
    loaded: &LoadedPlan,
    by: By,
    as_of: Option<jiff::civil::Date>,
    format: LedgerFormat,
    strings: &Strings,
) -> Result<Vec<u8>, Failure> {
    let store = open_status(cli, loaded)?;
    let log = crate::model::as_of::log_as_of(store.log(), as_of);
    let log = &*log;
    let review = as_of.unwrap_or_else(status_file::today);
    let mut built = ledger::build(&loaded.plan, &loaded.index, log, by, review, strings);
    ledger::add_decisions(&mut built, &loaded.plan, &loaded.index, store.meetings());
    ledger::render(&built, format, strings).map_err(|m| Failure(EXIT_IO, m))
}

fn minutes_bytes(
    cli: &Cli,
    loaded: &LoadedPlan,
    meeting: Option<&str>,
    format: MinutesFormat,
    strings: &Strings,
) -> Result<Vec<u8>, Failure> {
    let store = open_status(cli, loaded)?;
    let log = store.meetings();
    let meeting = match meeting {
        Some(id) => super::context::find_meeting(log, id, strings)?,
        None => log.previous(None).ok_or_else(|| {
            invalid(strings.format(
                "cli.export.no_minutes",
                &[("meetings", &super::context::meetings_listed(log, strings))],
            ))
        })?,
    };
    let built = minutes::build(
        &loaded.plan,
        &loaded.index,
        store.log().records(),
        log,
        meeting,
        strings,
    );
    Ok(minutes::render(&built, format, strings))
}

fn write_file(
    cli: &Cli,
    path: &Path,
    bytes: &[u8],
    force: bool,
    strings: &Strings,
) -> Result<(), Failure> {
    // The plan and status file in use, by whatever name they were given.
    let protected: Vec<&Path> = [cli.plan.as_deref(), cli.status_file.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let file = path.display().to_string();
    export_file::write_to(path, bytes, force, &protected)
        .map_err(|e| Failure(EXIT_IO, super::errors::export(&e, strings)))?;
    eprintln!(
        "{}",
        sanitize::for_terminal(&strings.format("cli.wrote", &[("file", &file)]))
    );
    Ok(())
}
