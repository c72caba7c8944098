//! The command line in the interface language: clap's `Command` built from [`Cli`], then
//! every about, every argument's help, the headings and the usage errors set from the
//! `cli.*` strings before anything is parsed.
//!
//! Keys: `cli.about` for the program, `cli.<command>.about` and
//! `cli.<command>.<sub>.about` for the commands, `cli.arg.<id>` and
//! `cli.<command>[.<sub>].arg.<id>` for their arguments (a test checks that every one
//! exists in both languages).

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches};

use super::Cli;
use super::output::EXIT_INVALID;
use crate::i18n::{Lang, Strings};
use crate::input::InputError;
use crate::text::sanitize;

/// clap's command for [`Cli`], with every text in the language of `strings`.
pub fn command(strings: &'static Strings) -> clap::Command {
    let options = strings.get("cli.heading.options");
    let cmd = localize(Cli::command().disable_version_flag(true), "cli", strings);
    let mut cmd = cmd
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(strings.get("cli.flag.version").to_owned())
                .help_heading(options),
        )
        .long_about(strings.get("cli.long_about").to_owned())
        .subcommand(help_command(strings));
    cmd.build();
    localize_usage(&mut cmd, strings);
    cmd
}

/// clap writes `[OPTIONS]` into every usage line in English: each command's usage is
/// rendered once and set back with it in the interface language (`cli.usage.options`).
/// The command must be built (its subcommands then know their full names).
fn localize_usage(cmd: &mut clap::Command, strings: &'static Strings) {
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .strip_prefix("Usage: ")
        .unwrap_or(&usage)
        .replace("[OPTIONS]", strings.get("cli.usage.options"));
    let taken = std::mem::take(cmd);
    *cmd = taken.override_usage(usage);
    for sub in cmd.get_subcommands_mut() {
        localize_usage(sub, strings);
    }
}

/// Every path of a command and its subcommands (`["status", "set"]`), the program's own
/// first (empty), with the key prefix of its strings.
pub fn paths(cmd: &clap::Command) -> Vec<(Vec<String>, String)> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
        let key = std::iter::once("cli".to_owned())
            .chain(path.iter().cloned())
            .collect::<Vec<_>>()
            .join(".");
        out.push((path.clone(), key));
        for sub in cmd.get_subcommands() {
            let mut sub_path = path.clone();
            sub_path.push(sub.get_name().to_owned());
            walk(sub, sub_path, out);
        }
    }
    let mut out = Vec::new();
    walk(cmd, Vec::new(), &mut out);
    out
}

fn template(strings: &Strings) -> String {
    format!(
        "{{before-help}}{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
        strings.get("cli.heading.usage")
    )
}

/// Sets the texts of `cmd` (whose strings start with `key`) and of its subcommands.
fn localize(cmd: clap::Command, key: &str, strings: &'static Strings) -> clap::Command {
    let options = strings.get("cli.heading.options");
    let arguments = strings.get("cli.heading.arguments");
    // The texts say the choices, the default and the environment variable themselves, in
    // the user's language. `mut_args` keeps the arguments' order (`mut_arg` would move
    // each to the end), so the headings come in the order of their first argument.
    let mut cmd = cmd
        .about(strings.get(&format!("{key}.about")).to_owned())
        .long_about(None)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading(strings.get("cli.heading.commands"))
        .subcommand_value_name(value_name("COMMAND", strings).unwrap_or("COMMAND"))
        .help_template(template(strings))
        .mut_args(|arg| {
            let help = strings
                .get(&format!("{key}.arg.{}", arg.get_id()))
                .to_owned();
            let heading = if arg.is_positional() {
                arguments
            } else {
                options
            };
            let takes_values = arg.get_action().takes_values();
            let arg = if takes_values {
                localize_value_names(arg, strings)
            } else {
                arg
            };
            let arg = arg
                .help(help)
                .long_help(None)
                .help_heading(heading)
                .hide_env(true);
            if takes_values {
                arg.hide_possible_values(true).hide_default_value(true)
            } else {
                arg
            }
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(strings.get("cli.flag.help").to_owned())
                .help_heading(options),
        );
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in &names {
        let sub_key = format!("{key}.{name}");
        cmd = cmd.mut_subcommand(name, |sub| localize(sub, &sub_key, strings));
    }
    // `planmeet status help set`: a command with subcommands has its own `help`, as the
    // program has (clap's own is turned off, as its texts are English).
    if !names.is_empty() && key != "cli" {
        cmd = cmd.subcommand(help_command(strings));
    }
    cmd
}

/// The `help [COMMAND]...` subcommand.
fn help_command(strings: &'static Strings) -> clap::Command {
    clap::Command::new("help")
        .about(strings.get("cli.help.about").to_owned())
        .help_template(template(strings))
        .disable_help_flag(true)
        .arg(
            Arg::new("command")
                .num_args(0..)
                .value_name(value_name("COMMAND", strings).unwrap_or("COMMAND"))
                .help(strings.get("cli.help.arg.command").to_owned())
                .help_heading(strings.get("cli.heading.arguments")),
        )
}

/// A value's name in the interface language (`<DATE>` → `<日期>`): `cli.value.<NAME>`;
/// `None` where no string is given.
fn value_name(name: &str, strings: &'static Strings) -> Option<&'static str> {
    let key = format!("cli.value.{name}");
    Some(strings.get(&key)).filter(|text| *text != key)
}

/// An argument's value names, translated; a positional argument without one is named
/// after its id, as clap would (`<ID>`). Names without a string stay as they are.
fn localize_value_names(arg: Arg, strings: &'static Strings) -> Arg {
    let names: Vec<String> = match arg.get_value_names() {
        Some(names) => names.iter().map(ToString::to_string).collect(),
        None => vec![arg.get_id().as_str().to_uppercase()],
    };
    let local: Option<Vec<&'static str>> = names.iter().map(|n| value_name(n, strings)).collect();
    match local {
        Some(local) => arg.value_names(local),
        None => arg,
    }
}

/// The language asked for on the command line (`--lang X`, `--lang=X`), else the
/// locale's.
fn lang_of(args: &[OsString]) -> Lang {
    let mut asked = None;
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            asked = args.next().map(|v| v.into_owned());
        } else if let Some(value) = arg.strip_prefix("--lang=") {
            asked = Some(value.to_owned());
        }
    }
    Lang::detect(asked.as_deref(), |key| std::env::var(key).ok())
}

/// Parses `args` (the program's name first); prints help, the version or a usage error in
/// the interface language and exits where clap would.
pub fn parse(args: Vec<OsString>) -> Cli {
    let strings = Strings::shared(lang_of(&args));
    let matches = match command(strings).try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(error) => exit_with(error, strings),
    };
    // `help` at any level: the commands before it, then the ones it names.
    let mut path: Vec<String> = Vec::new();
    let mut at = &matches;
    while let Some((name, sub)) = at.subcommand() {
        if name == "help" {
            path.extend(
                sub.get_many::<String>("command")
                    .map(|names| names.cloned().collect::<Vec<_>>())
                    .unwrap_or_default(),
            );
            show_help(&path, strings);
        }
        path.push(name.to_owned());
        at = sub;
    }
    Cli::from_arg_matches(&matches).unwrap_or_else(|error| exit_with(error, strings))
}

/// `planmeet help status set`: the help of that command.
fn show_help(path: &[String], strings: &'static Strings) -> ! {
    let mut cmd = command(strings);
    cmd.build();
    let mut at = &mut cmd;
    for name in path {
        let Some(sub) = at.find_subcommand_mut(name) else {
            let message = strings.format("cli.error.no_command", &[("command", name)]);
            eprintln!("{}", sanitize::for_terminal(&message));
            std::process::exit(i32::from(EXIT_INVALID));
        };
        at = sub;
    }
    let _ = at.print_help();
    std::process::exit(0);
}

/// An argument as clap names it in an error, without its value name: `--due <DATE>` →
/// `--due`, `<ID>` stays.
fn name_of(arg: &str) -> String {
    match arg.split_whitespace().next() {
        Some(first) if first.starts_with('-') => first.to_owned(),
        _ => arg.to_owned(),
    }
}

/// Reports a parse error (or help, or the version) and exits: a refused value with the
/// input module's message, in both languages; the other usage errors in the interface
/// language.
fn exit_with(error: clap::Error, strings: &Strings) -> ! {
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    // Arguments without their value names: `--effective <DATE>` → `--effective`.
    let names = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => name_of(s),
        Some(ContextValue::Strings(v)) => {
            v.iter().map(|s| name_of(s)).collect::<Vec<_>>().join(", ")
        }
        _ => String::new(),
    };
    let arg = names(ContextKind::InvalidArg);
    if error.kind() == ErrorKind::ValueValidation
        && let Some(input) =
            std::error::Error::source(&error).and_then(|source| source.downcast_ref::<InputError>())
    {
        let message = format!("{arg}: {}", input.message(strings));
        eprintln!("planmeet: {}", sanitize::for_terminal(&message));
        std::process::exit(i32::from(EXIT_INVALID));
    }
    let key = match error.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => error.exit(),
        _ if strings.lang() == Lang::En => error.exit(),
        ErrorKind::InvalidValue => "cli.error.invalid_value",
        ErrorKind::UnknownArgument => "cli.error.unknown_argument",
        ErrorKind::InvalidSubcommand => "cli.error.invalid_subcommand",
        ErrorKind::MissingRequiredArgument => "cli.error.missing_argument",
        ErrorKind::MissingSubcommand => "cli.error.missing_subcommand",
        ErrorKind::ArgumentConflict => "cli.error.conflict",
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => "cli.error.values",
        ErrorKind::ValueValidation => "cli.error.invalid_value",
        _ => error.exit(),
    };
    let mut message = strings.format(
        key,
        &[
            ("arg", &arg),
            ("value", &text(ContextKind::InvalidValue)),
            ("subcommand", &text(ContextKind::InvalidSubcommand)),
            ("prior", &names(ContextKind::PriorArg)),
        ],
    );
    let valid = text(ContextKind::ValidValue);
    if !valid.is_empty() {
        message.push_str(&strings.format("cli.error.valid_values", &[("values", &valid)]));
    }
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(text)
    .find(|s| !s.is_empty());
    if let Some(suggested) = suggested {
        message.push_str(&strings.format("cli.error.did_you_mean", &[("suggested", &suggested)]));
    }
    let usage = text(ContextKind::Usage);
    let usage = match usage.strip_prefix("Usage: ").unwrap_or(&usage) {
        "" => String::new(),
        usage => format!("{}{usage}\n\n", strings.get("cli.heading.usage")),
    };
    eprintln!(
        "{}{message}\n\n{usage}{}",
        strings.get("cli.error.prefix"),
        strings.get("cli.error.more")
    );
    std::process::exit(i32::from(EXIT_INVALID));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key the localized command line asks for, in `cmd`'s tree.
    fn keys() -> Vec<String> {
        let cmd = Cli::command();
        let mut keys = vec![
            "cli.long_about".to_owned(),
            "cli.flag.help".to_owned(),
            "cli.flag.version".to_owned(),
            "cli.help.about".to_owned(),
            "cli.help.arg.command".to_owned(),
        ];
        for (path, key) in paths(&cmd) {
            keys.push(format!("{key}.about"));
            let mut at = &cmd;
            for name in &path {
                at = at.find_subcommand(name).unwrap();
            }
            for arg in at.get_arguments() {
                keys.push(format!("{key}.arg.{}", arg.get_id()));
            }
        }
        keys
    }

    #[test]
    fn every_command_and_argument_has_its_help_in_both_languages() {
        let missing: Vec<String> = keys()
            .into_iter()
            .filter(|key| {
                [Lang::Zh, Lang::En]
                    .into_iter()
                    .any(|lang| Strings::shared(lang).get(key) == key)
            })
            .collect();
        assert!(
            missing.is_empty(),
            "missing help texts:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_of(&args(&["planmeet", "--lang", "zh", "owners"])),
            Lang::Zh
        );
        assert_eq!(
            lang_of(&args(&["planmeet", "owners", "--lang=en"])),
            Lang::En
        );
    }

    #[test]
    fn the_command_builds_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            command(Strings::shared(lang)).debug_assert();
        }
    }
}
