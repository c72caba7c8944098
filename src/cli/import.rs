//! `planmeet import DOC [-o DRAFT.ron] [--force]`: a plan document to a draft plan file.
//!
//! Exit codes: 0 the draft was written (whatever it marks for review); 2 the document is
//! not a plan or not in a format read here, or the output exists without --force; 1 the
//! draft could not be written.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::output::{EXIT_INVALID, print_untrusted};
use crate::i18n::Strings;
use crate::import::{self, Imported, Stage};
use crate::store::draft_file::{self, WriteError};
use crate::text::sanitize;

/// Documents longer than this get a progress bar (on a terminal).
const LONG_DOCUMENT_BYTES: usize = 200 * 1024;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The plan document: text extracted from its PDF (UTF-8), or a .docx.
    pub document: PathBuf,
    /// The draft plan file to write; default: standard output.
    #[arg(long, short = 'o', value_name = "DRAFT.ron")]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &ImportArgs, strings: &Strings) -> ExitCode {
    let fail = |code: u8, message: &str| {
        eprintln!("planmeet: {}", sanitize::for_terminal_multiline(message));
        ExitCode::from(code)
    };
    // Checked first, so a long import is not wasted on a file that will not be replaced.
    if let Some(output) = &args.output
        && !args.force
        && output.exists()
    {
        return fail(
            EXIT_INVALID,
            &super::errors::write(&WriteError::Exists(output.display().to_string()), strings),
        );
    }
    let bytes = match draft_file::read_document(&args.document) {
        Ok(bytes) => bytes,
        Err(message) => return fail(EXIT_INVALID, &message),
    };
    let name = args.document.display().to_string();
    let bar = (std::io::stderr().is_terminal() && bytes.len() > LONG_DOCUMENT_BYTES).then(|| {
        let bar = indicatif::ProgressBar::new(Stage::COUNT);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        bar
    });
    let mut progress = |stage: Stage| {
        if let Some(bar) = &bar {
            bar.set_position(stage.position());
            bar.set_message(stage.describe());
        }
    };
    let result = import::import_bytes(&bytes, &mut progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let imported = match result {
        Ok(imported) => imported,
        Err(error) => {
            return fail(
                EXIT_INVALID,
                &strings.format("cli.import.failed", &[("file", &name), ("error", &error)]),
            );
        }
    };
    let draft = import::render_in(&imported, &name, strings);
    match &args.output {
        None => print_untrusted(&draft),
        Some(output) => match draft_file::write_draft(output, &draft, args.force) {
            Ok(()) => {}
            Err(error @ WriteError::Exists(_)) => {
                return fail(EXIT_INVALID, &super::errors::write(&error, strings));
            }
            Err(error) => return fail(1, &super::errors::write(&error, strings)),
        },
    }
    let target = args
        .output
        .as_ref()
        .map_or(strings.get("cli.import.stdout").to_owned(), |p| {
            p.display().to_string()
        });
    eprintln!(
        "{}",
        sanitize::for_terminal_multiline(&summary(&imported, &name, &target, strings))
    );
    if let Some(output) = &args.output {
        eprintln!(
            "{}",
            sanitize::for_terminal(
                &strings.format("cli.import.next", &[("file", &output.display())])
            )
        );
    }
    ExitCode::SUCCESS
}

/// What was found and how many of each guess, in the interface language.
fn summary(imported: &Imported, name: &str, target: &str, strings: &Strings) -> String {
    let tally = imported.tally();
    let mut out = strings.format(
        "cli.import.summary",
        &[
            ("document", &name),
            ("target", &target),
            ("programmes", &tally.programmes),
            ("tasks", &tally.tasks),
            ("items", &tally.items),
            ("safeguards", &tally.safeguards),
            ("targets", &tally.targets),
            ("units", &tally.units),
            ("annexes", &tally.annexes),
        ],
    );
    let counts = imported.counts();
    if counts.is_empty() {
        out.push_str(strings.get("cli.import.no_review"));
    } else {
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        out.push_str(&strings.format("cli.import.review", &[("count", &total)]));
        for (kind, n) in counts {
            let key = format!("cli.import.review.{kind:?}");
            out.push_str(&format!("\n  {n:>3}  {}", strings.get(&key)));
        }
    }
    out
}
