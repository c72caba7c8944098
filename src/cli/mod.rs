//! The command line: argument parsing and the non-interactive commands.

mod decision;
mod export;
mod meeting;
mod merge;
mod owners;
mod show;
mod status;
mod table;

pub use decision::DecisionCommand;
pub use export::{ExportArgs, What};
pub use meeting::MeetingCommand;
pub use status::{OutputFormat, SetArgs, StatusCommand};

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::i18n::{Lang, Strings};
use crate::store::{self, LoadedPlan, PlanError};
use crate::text::sanitize;

/// Exit code for bad input: an invalid plan, an unknown id (clap uses 2 for usage errors too).
pub const EXIT_INVALID: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "planmeet",
    version,
    about = "Review and annotate a government action plan in the terminal",
    long_about = "Review and annotate a government action plan in the terminal.\n\n\
                  Without a command, opens the plan browser on the bundled Liuzhou plan \
                  (or --plan FILE)."
)]
pub struct Cli {
    /// Plan file (RON). Default: the bundled 柳州市 plan.
    #[arg(long, global = true, value_name = "FILE", env = "PLANMEET_PLAN")]
    pub plan: Option<PathBuf>,

    /// Interface language: zh (中文) or en. Default: from LC_ALL / LC_MESSAGES / LANG.
    #[arg(long, global = true, value_name = "LANG", value_parser = lang_arg)]
    pub lang: Option<String>,

    /// Status annotations file. Default: <data dir>/<plan id>.status.ron.
    #[arg(long, global = true, value_name = "FILE", env = "PLANMEET_STATUS_FILE")]
    pub status_file: Option<PathBuf>,

    /// Don't capture the mouse, so the terminal's own text selection works.
    #[arg(long)]
    pub no_mouse: bool,

    /// Draw boxes with ASCII (for terminals that draw line characters wide).
    #[arg(long)]
    pub ascii: bool,

    /// Who your changes are recorded as. Default: `author` in config.ron, else
    /// PLANMEET_AUTHOR, else the login name. `A` in the browser changes it.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,

    /// Review the plan as it stood on DATE (YYYY-MM-DD): traffic lights are computed for
    /// that date. Default: today.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub as_of: Option<jiff::civil::Date>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check plan files (default: --plan / PLANMEET_PLAN, else the bundled plan). Exit 0
    /// when valid, 2 when not.
    Validate {
        /// Plan files to check.
        files: Vec<PathBuf>,
    },
    /// Show one item (programme, sub-task, target, safeguard, annex row) or one unit.
    Show {
        /// An item id such as p1, p1.t2, p1.t2.g1, s5, a1.city — or a unit id such as kjj.
        id: String,
    },
    /// Every responsible unit with how many items it leads and shares.
    Owners,
    /// Export the whole plan (md, json, csv), or the ledger (台账: csv, md, html).
    Export(ExportArgs),
    /// Status annotations: record a change, show the current state, the log, the orphans.
    Status {
        #[command(subcommand)]
        command: StatusCommand,
    },
    /// Meetings: start one, mark items discussed, close it, list them, show one.
    Meeting {
        #[command(subcommand)]
        command: MeetingCommand,
    },
    /// Decisions and action items (议定事项): add, change, list (by unit, overdue, meeting).
    Decision {
        #[command(subcommand)]
        command: DecisionCommand,
    },
    /// Merge status files (the union of their records) into OUT, which may be one of them.
    Merge {
        /// Status files to merge.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The merged file (replaced atomically).
        #[arg(long, short = 'o', value_name = "OUT")]
        output: PathBuf,
    },
}

/// What the binary does once arguments are parsed; the TUI is started by `main`.
pub fn run(cli: &Cli) -> ExitCode {
    let strings = Strings::new(lang_of(cli));
    let Some(command) = &cli.command else {
        return ExitCode::SUCCESS;
    };
    let result = match command {
        Command::Validate { files } => return validate(files, cli.plan.as_deref()),
        Command::Status { command } => return status::run(cli, command, &strings),
        Command::Meeting { command } => return meeting::run(cli, command, &strings),
        Command::Decision { command } => return decision::run(cli, command, &strings),
        Command::Merge { files, output } => return merge::run(files, output),
        Command::Export(args) => return export::run(cli, args, &strings),
        Command::Show { id } => with_plan(cli, |loaded| show::render(loaded, id, &strings)),
        Command::Owners => with_plan(cli, |loaded| Ok(owners::render(loaded, &strings))),
    };
    match result {
        Ok(text) => {
            print_untrusted(&text);
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("planmeet: {}", sanitize::for_terminal_multiline(&message));
            ExitCode::from(EXIT_INVALID)
        }
    }
}

pub fn lang_of(cli: &Cli) -> Lang {
    Lang::detect(cli.lang.as_deref(), |key| std::env::var(key).ok())
}

/// Load the plan a command works on; a plan that does not load is the command's error.
pub fn load_plan(cli: &Cli) -> Result<LoadedPlan, PlanError> {
    let loaded = store::load(cli.plan.as_deref())?;
    // The bundled plan's warnings are the document's own, known and shown by `validate`;
    // for a user's file, one line says there is something to look at.
    let warnings = loaded.report.warnings().count();
    if cli.plan.is_some() && warnings > 0 {
        eprintln!(
            "{}",
            sanitize::for_terminal(&format!(
                "{}: {warnings} warning(s); `planmeet validate {}` lists them",
                loaded.source, loaded.source
            ))
        );
    }
    Ok(loaded)
}

/// Warnings go to stderr with the place of the item they name: `FILE:LINE:COL: warning: …`.
pub fn print_warnings(loaded: &LoadedPlan) {
    for warning in loaded.report.warnings() {
        let place = match loaded.locate(warning) {
            Some((line, column)) => format!("{}:{line}:{column}: ", loaded.source),
            None => format!("{}: ", loaded.source),
        };
        eprintln!("{}", sanitize::for_terminal(&format!("{place}{warning}")));
    }
}

fn with_plan(
    cli: &Cli,
    command: impl FnOnce(&LoadedPlan) -> Result<String, String>,
) -> Result<String, String> {
    let loaded = load_plan(cli).map_err(|e| e.to_string())?;
    command(&loaded)
}

/// A failed command: its exit code and its message.
struct Failure(u8, String);

/// Bad input: exit code 2.
fn invalid(message: impl Into<String>) -> Failure {
    Failure(EXIT_INVALID, message.into())
}

/// A change that was not saved: bad input (a change that could never be written, an undo
/// that cannot be made) exits 2, a file that cannot be written 1.
fn not_saved(error: store::status_file::SaveError) -> Failure {
    use store::status_file::SaveError;
    match error {
        SaveError::Invalid { .. } | SaveError::Undo(_) => invalid(error.to_string()),
        other => Failure(status::EXIT_IO, other.to_string()),
    }
}

/// A date on the command line: `YYYY-MM-DD` exactly (a time after it is an error, not
/// dropped).
fn date_arg(text: &str) -> Result<jiff::civil::Date, String> {
    let shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return Err(format!("{text:?} is not a date: give YYYY-MM-DD"));
    }
    text.parse()
        .map_err(|e| format!("{text:?} is not a date: {e}"))
}

/// `--lang`: zh or en (a locale name such as zh_CN.UTF-8 or en-US says the same).
fn lang_arg(text: &str) -> Result<String, String> {
    let lower = text.trim().to_ascii_lowercase();
    let known = ["zh", "en"].iter().any(|lang| {
        lower == *lang
            || lower
                .strip_prefix(lang)
                .is_some_and(|rest| rest.starts_with(['_', '-', '.']))
    });
    if known {
        Ok(text.trim().to_owned())
    } else {
        Err(format!(
            "{text:?} is not a language planmeet speaks: give zh (中文) or en"
        ))
    }
}

/// Prints what a command produced, or its error; the exit code.
fn finish(result: Result<String, Failure>) -> ExitCode {
    match result {
        Ok(text) => {
            print_untrusted(&text);
            ExitCode::SUCCESS
        }
        Err(Failure(code, message)) => {
            eprintln!("planmeet: {}", sanitize::for_terminal_multiline(&message));
            ExitCode::from(code)
        }
    }
}

/// The plan's status file (`--status-file`, `PLANMEET_STATUS_FILE`, else the data
/// directory's), read; the lines it could not read are reported on stderr.
fn open_status(cli: &Cli, loaded: &LoadedPlan) -> Result<store::status_file::StatusStore, Failure> {
    use store::status_file::{self, StatusStore};
    let plan_id = &loaded.plan.meta.id;
    let location = status_file::locate(cli.status_file.as_deref(), plan_id)
        .map_err(|m| Failure(status::EXIT_IO, m))?;
    let store = StatusStore::open(location, plan_id)
        .map_err(|e| Failure(status::EXIT_IO, e.to_string()))?;
    for problem in store.problems() {
        eprintln!("planmeet: {}", sanitize::for_terminal(&problem.to_string()));
    }
    Ok(store)
}

/// Plan text is untrusted: on a terminal, control sequences in it are neutralised; into a
/// pipe or file it goes as it is, so an export is the data, byte for byte.
fn print_untrusted(text: &str) {
    let mut stdout = io::stdout().lock();
    let result = if stdout.is_terminal() {
        stdout.write_all(sanitize::for_terminal_multiline(text).as_bytes())
    } else {
        stdout.write_all(text.as_bytes())
    };
    // A closed pipe (`planmeet export | head`) is not an error worth a message.
    let _ = result.and_then(|()| stdout.flush());
}

/// `planmeet validate [FILE...]`: every file is checked, each problem printed with its
/// place. Without files: the plan the other commands use (`--plan`, `PLANMEET_PLAN`), else
/// the bundled one.
fn validate(files: &[PathBuf], plan: Option<&std::path::Path>) -> ExitCode {
    let results: Vec<(String, Result<LoadedPlan, PlanError>)> = if files.is_empty() {
        match plan {
            Some(plan) => vec![(plan.display().to_string(), store::load_plan_file(plan))],
            None => vec![(
                store::plan_file::EMBEDDED_NAME.to_owned(),
                store::load_embedded(),
            )],
        }
    } else {
        files
            .iter()
            .map(|f| (f.display().to_string(), store::load_plan_file(f)))
            .collect()
    };
    let mut all_valid = true;
    for (name, result) in results {
        match result {
            Ok(loaded) => {
                let warnings = loaded.report.warnings().count();
                print_warnings(&loaded);
                let summary = format!(
                    "{name}: valid ({} items, {} units, {warnings} warning{})",
                    loaded.index.entries.len(),
                    loaded.plan.owners.len(),
                    if warnings == 1 { "" } else { "s" }
                );
                eprintln!("{}", sanitize::for_terminal(&summary));
            }
            Err(error) => {
                all_valid = false;
                eprintln!("{}", sanitize::for_terminal_multiline(&error.to_string()));
            }
        }
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    }
}
