//! The command line: argument parsing and the non-interactive commands.
//!
//! Each command is a file of its own (`status`, `meeting`, `decision`, `export`, `merge`,
//! `show`, `owners`); they share [`output`] (exit codes, `--format`, how a result or an
//! error is printed), [`context`] (the plan and status file opened, what was typed read
//! through [`crate::input`]), [`table`] and [`json`], and never import each other. Every
//! message, table header and `--help` text comes from the i18n files ([`help`] sets clap's
//! texts at run time).

mod context;
mod decision;
mod diff;
mod errors;
mod export;
pub mod help;
mod import;
mod json;
mod meeting;
mod merge;
mod output;
mod owners;
mod rekey;
mod show;
mod status;
mod table;
// Report forms out (.xlsx) and filled forms back in.
mod collect;
mod forms;

pub use context::{load_plan, open_status};
pub use decision::DecisionCommand;
pub use diff::DiffArgs;
pub use export::{ExportArgs, What};
pub use import::ImportArgs;
pub use meeting::MeetingCommand;
pub use output::{EXIT_INVALID, EXIT_IO, OutputFormat};
pub use status::{SetArgs, StatusCommand};

pub(crate) use output::{Failure, finish, invalid};

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::i18n::{Lang, Strings};
use crate::store::{self, LoadedPlan, PlanError};
use crate::text::sanitize;

/// The arguments. The texts of `--help` are not the doc comments here but the `cli.*`
/// strings of the interface language (see [`help`]); parse with [`parse`].
#[derive(Debug, Parser)]
#[command(name = "planmeet", version)]
pub struct Cli {
    /// Plan file (RON). Default: the bundled 柳州市 plan.
    #[arg(long, global = true, value_name = "FILE", env = "PLANMEET_PLAN")]
    pub plan: Option<PathBuf>,

    /// Interface language: zh (中文) or en. Default: from LC_ALL / LC_MESSAGES / LANG.
    #[arg(long, global = true, value_name = "LANG", value_parser = lang_arg)]
    pub lang: Option<String>,

    /// Status annotations file.
    #[arg(long, global = true, value_name = "FILE", env = "PLANMEET_STATUS_FILE")]
    pub status_file: Option<PathBuf>,

    /// Don't capture the mouse.
    #[arg(long)]
    pub no_mouse: bool,

    /// Draw boxes with ASCII.
    #[arg(long)]
    pub ascii: bool,

    /// Who your changes are recorded as.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,

    /// Review the plan as it stood on DATE (a month means its last day).
    #[arg(long, value_name = "DATE", value_parser = crate::input::parse_as_of)]
    pub as_of: Option<jiff::civil::Date>,

    /// The terminal's background: light, dark or auto (ask the terminal).
    #[arg(long, value_name = "THEME")]
    pub theme: Option<crate::store::config::ThemeSetting>,

    /// How wide the terminal draws ambiguous characters: narrow, wide or auto (measure).
    #[arg(long, value_name = "WIDTH")]
    pub ambiguous: Option<crate::store::config::AmbiguousSetting>,

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
    /// Show one item or one unit.
    Show {
        /// An item (p1.t2, 六.1, 附件2.4 …) or a unit (kjj, 市科技局, 工信局 …).
        id: String,
    },
    /// Every responsible unit with how many items it leads and shares.
    Owners,
    /// Export the plan, the ledger or a meeting's minutes.
    Export(ExportArgs),
    /// Status annotations.
    Status {
        #[command(subcommand)]
        command: StatusCommand,
    },
    /// Meetings.
    Meeting {
        #[command(subcommand)]
        command: MeetingCommand,
    },
    /// Decisions and action items (议定事项).
    Decision {
        #[command(subcommand)]
        command: DecisionCommand,
    },
    /// Turn a plan document (text extracted from its PDF, or a .docx) into a draft plan
    /// file, with a `// REVIEW:` comment at every guess.
    Import(ImportArgs),
    /// What a revised plan changes; with --status-file, the annotations it would orphan
    /// and the id mapping for `status rekey`.
    Diff(DiffArgs),
    /// Merge status files into OUT.
    Merge {
        /// Status files to merge.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The merged file (replaced atomically).
        #[arg(long, short = 'o', value_name = "OUT")]
        output: PathBuf,
    },
    /// One report form (.xlsx) per responsible unit, for the units to fill in.
    Forms(forms::FormsArgs),
    /// Read filled report forms back: show what they change, record it with --yes.
    Collect(collect::CollectArgs),
}

/// The arguments of this process, parsed with the help and the usage errors in the
/// interface language (`--lang`, else the locale). Prints help, the version or an error
/// and exits where clap would.
pub fn parse() -> Cli {
    help::parse(std::env::args_os().collect())
}

/// What the binary does once arguments are parsed; the TUI is started by `main`.
pub fn run(cli: &Cli) -> ExitCode {
    let strings = Strings::shared(lang_of(cli));
    let Some(command) = &cli.command else {
        return ExitCode::SUCCESS;
    };
    let result = match command {
        Command::Validate { files } => return validate(files, cli.plan.as_deref(), strings),
        Command::Status { command } => return status::run(cli, command, strings),
        Command::Meeting { command } => return meeting::run(cli, command, strings),
        Command::Decision { command } => return decision::run(cli, command, strings),
        Command::Merge { files, output } => return merge::run(files, output, strings),
        Command::Import(args) => return import::run(args, strings),
        Command::Diff(args) => return diff::run(cli, args, strings),
        Command::Export(args) => return export::run(cli, args, strings),
        Command::Forms(args) => return forms::run(cli, args, strings),
        Command::Collect(args) => return collect::run(cli, args, strings),
        Command::Show { id } => context::plan(cli, strings)
            .and_then(|loaded| show::render(&loaded, id, strings).map_err(invalid)),
        Command::Owners => {
            context::plan(cli, strings).map(|loaded| owners::render(&loaded, strings))
        }
    };
    finish(result)
}

pub fn lang_of(cli: &Cli) -> Lang {
    Lang::detect(cli.lang.as_deref(), |key| std::env::var(key).ok())
}

/// A plan that could not be loaded, in the interface language.
pub fn plan_error(error: &PlanError, strings: &Strings) -> String {
    context::plan_error(error, strings)
}

/// Warnings go to stderr with the place of the item they name: `FILE:LINE:COL: warning: …`.
pub fn print_warnings(loaded: &LoadedPlan, strings: &Strings) {
    for warning in loaded.report.warnings() {
        let place = match loaded.locate(warning) {
            Some((line, column)) => format!("{}:{line}:{column}: ", loaded.source),
            None => format!("{}: ", loaded.source),
        };
        let text = context::finding_text(warning, strings);
        eprintln!("{}", sanitize::for_terminal(&format!("{place}{text}")));
    }
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

/// `planmeet validate [FILE...]`: every file is checked, each problem printed with its place;
/// without files, the plan in use (`--plan`, `PLANMEET_PLAN`, else the bundled one).
fn validate(files: &[PathBuf], plan: Option<&std::path::Path>, strings: &Strings) -> ExitCode {
    // Each file is read, reported and let go before the next (one plan in memory at a time).
    let sources: Vec<Option<&std::path::Path>> = if files.is_empty() {
        vec![plan]
    } else {
        files.iter().map(|f| Some(f.as_path())).collect()
    };
    let last = sources.len().saturating_sub(1);
    let mut all_valid = true;
    for (n, source) in sources.into_iter().enumerate() {
        let (name, result): (String, Result<LoadedPlan, PlanError>) = match source {
            Some(path) => (path.display().to_string(), store::load_plan_file(path)),
            None => (
                store::plan_file::EMBEDDED_NAME.to_owned(),
                store::load_embedded(),
            ),
        };
        match result {
            Ok(loaded) => {
                let warnings = loaded.report.warnings().count();
                print_warnings(&loaded, strings);
                let key = if warnings == 1 {
                    "cli.validate.valid_one"
                } else {
                    "cli.validate.valid"
                };
                // The document's items: a 附件1 figure is indexed (it takes actuals) but is
                // a cell of its row, not an item of the plan.
                let items = loaded
                    .index
                    .entries
                    .iter()
                    .filter(|e| !matches!(e.path, crate::model::ItemPath::DistrictCell(..)))
                    .count();
                let summary = strings.format(
                    key,
                    &[
                        ("file", &name),
                        ("items", &items),
                        ("units", &loaded.plan.owners.len()),
                        ("warnings", &warnings),
                    ],
                );
                eprintln!("{}", sanitize::for_terminal(&summary));
                if n == last {
                    // The process ends next, which gives the memory back at once: freeing
                    // a large plan's millions of strings one by one took an eighth of
                    // `validate` (perf, 50,000 sub-tasks).
                    std::mem::forget(loaded);
                }
            }
            Err(error) => {
                all_valid = false;
                eprintln!(
                    "{}",
                    sanitize::for_terminal_multiline(&plan_error(&error, strings))
                );
            }
        }
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    }
}
