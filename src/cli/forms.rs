//! `planmeet forms [--unit U]... [--as-of DATE] -o DIR`: one report form (.xlsx) per
//! responsible unit, named by the unit (see [`crate::export::forms`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::output::{EXIT_IO, Failure, finish, say};
use super::{Cli, context};
use crate::export::{forms, ledger};
use crate::i18n::Strings;
use crate::store::{export_file, status_file};

#[derive(Debug, Args)]
pub struct FormsArgs {
    /// The units to write forms for (id, name, alias, pinyin; repeatable or a list).
    /// Default: every unit with items.
    #[arg(long, value_name = "UNIT")]
    pub unit: Vec<String>,
    /// The form's date: the state it shows is the state at the end of that day.
    /// Default: today.
    #[arg(long, value_name = "DATE", value_parser = crate::input::parse_as_of)]
    pub as_of: Option<jiff::civil::Date>,
    /// The folder the forms are written into (created if missing).
    #[arg(long, short = 'o', value_name = "DIR", required = true)]
    pub output: PathBuf,
    /// Replace forms of the same names already in the folder.
    #[arg(long)]
    pub force: bool,
}

pub fn run(cli: &Cli, args: &FormsArgs, strings: &Strings) -> ExitCode {
    finish(execute(cli, args, strings))
}

fn execute(cli: &Cli, args: &FormsArgs, strings: &Strings) -> Result<String, Failure> {
    let loaded = context::plan(cli, strings)?;
    let units = if args.unit.is_empty() {
        Vec::new()
    } else {
        context::units(&loaded, "--unit", &args.unit, strings)?
    };
    let store = context::open_status(cli, &loaded)?;
    let as_of = args.as_of.or(cli.as_of);
    let log = crate::model::as_of::log_as_of(store.log(), as_of);
    let log = &*log;
    let date = as_of.unwrap_or_else(status_file::today);
    let owners: Vec<&crate::model::Owner> = loaded
        .plan
        .owners
        .iter()
        .filter(|o| {
            if units.is_empty() {
                !ledger::unit_rows(&loaded.plan, &loaded.index, log, &o.id, date, strings)
                    .is_empty()
            } else {
                units.contains(&o.id)
            }
        })
        .collect();
    let dir = &args.output;
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure(
            EXIT_IO,
            strings.format(
                "cli.cannot_write",
                &[("file", &dir.display()), ("error", &e)],
            ),
        )
    })?;
    let protected: Vec<&Path> = [cli.plan.as_deref(), cli.status_file.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let mut written = String::new();
    for owner in owners {
        let bytes = forms::workbook(&loaded.plan, &loaded.index, log, owner, date, strings)
            .map_err(|m| Failure(EXIT_IO, m))?;
        let path = dir.join(forms::file_name(owner));
        let file = path.display().to_string();
        export_file::write_to(&path, &bytes, args.force, &protected).map_err(|e| {
            Failure(
                EXIT_IO,
                strings.format("cli.cannot_write", &[("file", &file), ("error", &e)]),
            )
        })?;
        say(&strings.format("cli.wrote", &[("file", &file)]));
        written.push_str(&file);
        written.push('\n');
    }
    Ok(written)
}
