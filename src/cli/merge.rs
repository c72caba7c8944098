//! `planmeet merge FILE... -o OUT`: the union of status files, by record id.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::i18n::Strings;
use crate::store::status::merge_files;
use crate::store::status_file;
use crate::text::sanitize;

/// Exit 0 when OUT was written; 1 when it was not (an input unreadable, of a newer format
/// or of another plan; OUT an existing file that is not an input; a write error).
pub fn run(files: &[PathBuf], output: &Path, strings: &Strings) -> ExitCode {
    status_file::survive_file_size_limit();
    match merge_files(files, output) {
        Ok(report) => {
            for problem in &report.problems {
                eprintln!("planmeet: {}", sanitize::for_terminal(&problem.to_string()));
            }
            for id in &report.conflicts {
                eprintln!(
                    "planmeet: {}",
                    sanitize::for_terminal(&strings.format("cli.merge.conflict", &[("id", id)]))
                );
            }
            let inputs: Vec<String> = report
                .inputs
                .iter()
                .map(|(name, count)| format!("{name} ({count})"))
                .collect();
            eprintln!(
                "{}",
                sanitize::for_terminal(&strings.format(
                    "cli.merge.merged",
                    &[
                        ("records", &report.records),
                        ("plan", &report.plan),
                        ("inputs", &inputs.join(", ")),
                        ("output", &output.display()),
                    ]
                ))
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!(
                "planmeet: {}",
                sanitize::for_terminal_multiline(&super::errors::merge(&error, strings))
            );
            ExitCode::FAILURE
        }
    }
}
