//! How every command ends: its exit code, its output on stdout, its message on stderr, the
//! table-or-JSON choice. The command files import these from here, never from each other.
//!
//! Exit codes: 0 done (for the commands that write: on disk, `fdatasync`ed); 2 bad input
//! (an unknown id, unit, status or meeting, a date that does not exist, nothing to do),
//! the valid choices listed; 1 a file could not be read or written.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::ValueEnum;
use serde::Serialize;

use crate::i18n::Strings;
use crate::text::sanitize;

/// Exit code for bad input: an invalid plan, an unknown id (clap uses 2 for usage errors too).
pub const EXIT_INVALID: u8 = 2;

/// Exit code when a file cannot be read or written.
pub const EXIT_IO: u8 = 1;

/// `--format`: a table for people, JSON for programs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
}

/// A failed command: its exit code and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure(pub u8, pub String);

/// Bad input: exit code 2.
pub fn invalid(message: impl Into<String>) -> Failure {
    Failure(EXIT_INVALID, message.into())
}

/// A file that could not be read or written: exit code 1.
pub fn io(message: impl Into<String>) -> Failure {
    Failure(EXIT_IO, message.into())
}

/// Prints what a command produced, or its error; the exit code.
pub fn finish(result: Result<String, Failure>) -> ExitCode {
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

/// One line on stderr, after `planmeet: `: what a command did, or a warning. stdout stays
/// what scripts read (an id, a table, JSON).
pub fn say(message: &str) {
    eprintln!("planmeet: {}", sanitize::for_terminal(message));
}

/// Plan text is untrusted: on a terminal, control sequences in it are neutralised; into a
/// pipe or file it goes as it is, so an export is the data, byte for byte.
pub fn print_untrusted(text: &str) {
    let mut stdout = io::stdout().lock();
    let result = if stdout.is_terminal() {
        stdout.write_all(sanitize::for_terminal_multiline(text).as_bytes())
    } else {
        stdout.write_all(text.as_bytes())
    };
    // A closed pipe (`planmeet export | head`) is not an error worth a message.
    let _ = result.and_then(|()| stdout.flush());
}

/// `value` as pretty JSON with a final line break.
pub fn json<T: Serialize>(value: &T, strings: &Strings) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| io(strings.format("cli.json_failed", &[("error", &e)])))
}
