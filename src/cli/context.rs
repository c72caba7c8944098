//! What the commands share besides their output: the plan and the status file opened,
//! who and when a change is, and what the user typed read through [`crate::input`] with the
//! flag it came from named in the message.

use jiff::civil::Date;

use super::Cli;
use super::output::{EXIT_IO, Failure, invalid, io, say};
use crate::i18n::Strings;
use crate::input::{self, InputError};
use crate::model::Owner;
use crate::model::annotation::Stamp;
use crate::model::meeting::{Implicit, Meeting, MeetingLog};
use crate::model::validate::{Finding, Severity, fill};
use crate::store::status_file::{self, SaveError, StatusStore};
use crate::store::{self, LoadedPlan, PlanError};
use crate::text::sanitize;

/// Load the plan a command works on; a plan that does not load is the command's error.
pub fn load_plan(cli: &Cli) -> Result<LoadedPlan, PlanError> {
    let loaded = store::load(cli.plan.as_deref())?;
    // The bundled plan's warnings are the document's own, known and shown by `validate`;
    // for a user's file, one line says there is something to look at.
    let warnings = loaded.report.warnings().count();
    if cli.plan.is_some() && warnings > 0 {
        let strings = Strings::shared(super::lang_of(cli));
        eprintln!(
            "{}",
            sanitize::for_terminal(&strings.format(
                "cli.plan_warnings",
                &[("file", &loaded.source), ("count", &warnings)]
            ))
        );
    }
    Ok(loaded)
}

/// The plan's status file (`--status-file`, `PLANMEET_STATUS_FILE`, else the data
/// directory's), read; the lines it could not read are reported on stderr.
pub fn open_status(cli: &Cli, loaded: &LoadedPlan) -> Result<StatusStore, Failure> {
    open_status_focused(cli, loaded, None)
}

/// [`open_status`] for a command that appends to the history of a few items or records
/// only: with `texts` (their ids), the other items' change lines are passed over unread
/// ([`StatusStore::open_focused`]).
pub fn open_status_focused(
    cli: &Cli,
    loaded: &LoadedPlan,
    texts: Option<&[&str]>,
) -> Result<StatusStore, Failure> {
    let plan_id = &loaded.plan.meta.id;
    let location = status_file::locate(cli.status_file.as_deref(), plan_id)
        .map_err(|m| Failure(EXIT_IO, m))?;
    let strings = crate::i18n::Strings::shared(super::lang_of(cli));
    let store = match texts {
        Some(texts) => StatusStore::open_focused(location, plan_id, texts),
        None => StatusStore::open(location, plan_id),
    }
    .map_err(|e| io(super::errors::read(&e, strings)))?;
    for problem in store.problems() {
        say(&problem.to_string());
    }
    Ok(store)
}

/// The plan, for a command that reads it only; a plan that does not load is the error.
pub fn plan(cli: &Cli, strings: &Strings) -> Result<LoadedPlan, Failure> {
    load_plan(cli).map_err(|e| invalid(plan_error(&e, strings)))
}

/// The plan and its status file, as every status, meeting and decision command needs them.
pub fn open(
    cli: &Cli,
    strings: &Strings,
    writes: bool,
) -> Result<(LoadedPlan, StatusStore), Failure> {
    if writes {
        status_file::survive_file_size_limit();
    }
    let loaded = plan(cli, strings)?;
    let store = open_status(cli, &loaded)?;
    Ok((loaded, store))
}

/// A plan that could not be loaded, in the interface language: each finding of an invalid
/// plan with its place.
pub fn plan_error(error: &PlanError, strings: &Strings) -> String {
    match error {
        PlanError::Invalid {
            file,
            report,
            locations,
        } => report
            .findings
            .iter()
            .zip(locations)
            .map(|(finding, location)| {
                let place = match location {
                    Some((line, column)) => format!("{file}:{line}:{column}: "),
                    None => format!("{file}: "),
                };
                format!("{place}{}", finding_text(finding, strings))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        other => super::errors::plan(other, strings),
    }
}

/// A validation finding in the interface language: `warning: [a1.city] …`.
pub fn finding_text(finding: &Finding, strings: &Strings) -> String {
    let level = match finding.severity {
        Severity::Error => strings.get("finding.error"),
        Severity::Warning => strings.get("finding.warning"),
    };
    let message = fill(strings.get(finding.key), &finding.args);
    match &finding.item {
        Some(id) => format!("{level}: [{id}] {message}"),
        None => format!("{level}: {message}"),
    }
}

/// A store that could not write, in the interface language where the store says why in
/// parts; its own words otherwise.
pub fn save_error(error: &SaveError, strings: &Strings) -> Failure {
    match error {
        // A change that could never be written, an undo that cannot be made: bad input.
        SaveError::Undo(_) | SaveError::Invalid { .. } => {
            invalid(super::errors::save(error, strings))
        }
        SaveError::Locked { lock } => io(strings.format("cli.locked", &[("lock", lock)])),
        other => io(super::errors::save(other, strings)),
    }
}

/// `--author`, then the settings file's `author`, then `PLANMEET_AUTHOR`, then the login
/// name.
pub fn author_of(explicit: Option<&str>, strings: &Strings) -> Result<String, Failure> {
    if explicit.is_some_and(|name| name.trim().is_empty()) {
        return Err(invalid(strings.get("cli.author_empty")));
    }
    let configured = crate::store::config::load_settings().config.author;
    status_file::resolve_author(explicit, configured.as_deref(), |key| {
        std::env::var(key).ok()
    })
    .ok_or_else(|| invalid(strings.get("cli.author_needed")))
}

/// Now, or `PLANMEET_NOW` (RFC 3339 with offset), which tests use.
pub fn now(strings: &Strings) -> Result<Stamp, Failure> {
    status_file::now_or_env().map_err(|e| invalid(strings.format("cli.bad_now", &[("error", &e)])))
}

/// Today where the user is (or `PLANMEET_NOW`'s date).
pub fn today(strings: &Strings) -> Result<Date, Failure> {
    let now = now(strings)?;
    Ok(now.offset().to_datetime(now.timestamp()).date())
}

/// A refused input, with the flag it was given to: `--owner: unknown unit "x". …`.
pub fn input_error(flag: Option<&str>, error: &InputError, strings: &Strings) -> Failure {
    let message = error.message(strings);
    invalid(match flag {
        Some(flag) => format!("{flag}: {message}"),
        None => message,
    })
}

/// The unit `text` names (an id, a name, an alias, pinyin).
pub fn unit<'a>(
    loaded: &'a LoadedPlan,
    flag: &str,
    text: &str,
    strings: &Strings,
) -> Result<&'a Owner, Failure> {
    input::resolve_unit(&loaded.plan, text).map_err(|e| input_error(Some(flag), &e, strings))
}

/// The ids of the units named in `values` (repeated flags, lists split on `,` `，` `、`).
pub fn units(
    loaded: &LoadedPlan,
    flag: &str,
    values: &[String],
    strings: &Strings,
) -> Result<Vec<String>, Failure> {
    input::resolve_units(&loaded.plan, values).map_err(|e| input_error(Some(flag), &e, strings))
}

/// The position of the item `text` names (an id or the document's numbering).
pub fn item(
    loaded: &LoadedPlan,
    flag: Option<&str>,
    text: &str,
    strings: &Strings,
) -> Result<usize, Failure> {
    input::resolve_item(&loaded.plan, &loaded.index, text)
        .map_err(|e| input_error(flag, &e, strings))
}

/// The ids of the items named in `values`.
pub fn items(
    loaded: &LoadedPlan,
    flag: &str,
    values: &[String],
    strings: &Strings,
) -> Result<Vec<String>, Failure> {
    input::resolve_items(&loaded.plan, &loaded.index, values)
        .map_err(|e| input_error(Some(flag), &e, strings))
}

/// A unit's name in the interface language (its `name_en` under English, where the plan
/// gives one), or its id when the registry lacks it.
pub fn unit_name<'a>(loaded: &'a LoadedPlan, id: &'a str, strings: &Strings) -> &'a str {
    loaded
        .plan
        .owners
        .iter()
        .find(|o| o.id == id)
        .map_or(id, |o| owner_name(o, strings))
}

/// An owner's name in the interface language.
pub fn owner_name<'a>(owner: &'a crate::model::Owner, strings: &Strings) -> &'a str {
    owner.name_in(strings.lang() == crate::i18n::Lang::En)
}

/// Units by name, as a cell or a message shows them: `市科技局、市财政局`, or in English
/// `…, …`.
pub fn unit_names(loaded: &LoadedPlan, units: &[String], strings: &Strings) -> String {
    units
        .iter()
        .map(|u| unit_name(loaded, u, strings))
        .collect::<Vec<_>>()
        .join(strings.get("input.separator"))
}

/// An item's title as the plan gives it; a 附件1 row's or cell's (its column) in English
/// under English.
pub fn item_title<'a>(loaded: &'a LoadedPlan, id: &str, strings: &Strings) -> Option<&'a str> {
    let entry = loaded.index.get(id)?;
    let node = entry.path.resolve(&loaded.plan)?;
    Some(crate::model::numbering::title_in(
        &loaded.plan,
        &node,
        strings.lang() == crate::i18n::Lang::En,
    ))
}

/// An item for a message: `p1.t2 引育高层次创新人才`.
pub fn item_label(loaded: &LoadedPlan, id: &str, strings: &Strings) -> String {
    match item_title(loaded, id, strings) {
        Some(title) => format!("{id} {title}"),
        None => id.to_owned(),
    }
}

/// The meetings there are, for a message: `m2026-11-27-3fa1 (2026-11-27 十一月调度会, open)`.
pub fn meetings_listed(log: &MeetingLog, strings: &Strings) -> String {
    if log.meetings().is_empty() {
        return strings.get("cli.meeting.none_yet").to_owned();
    }
    let listed: Vec<String> = log
        .meetings()
        .iter()
        .map(|m| {
            strings.format(
                "cli.meeting.listed",
                &[
                    ("id", &m.id),
                    ("date", &m.date),
                    ("title", &m.title.replace(['\n', '\r'], " ")),
                    ("state", &state(m, strings)),
                ],
            )
        })
        .collect();
    strings.format(
        "cli.meeting.meetings_are",
        &[("meetings", &listed.join(strings.get("input.separator")))],
    )
}

/// `open` or `closed`, in the interface language.
pub fn state<'s>(meeting: &Meeting, strings: &'s Strings) -> &'s str {
    if meeting.is_open() {
        strings.get("meeting.open")
    } else {
        strings.get("meeting.closed")
    }
}

/// The meeting named `id`, or an error listing the meetings there are.
pub fn find_meeting<'a>(
    log: &'a MeetingLog,
    id: &str,
    strings: &Strings,
) -> Result<&'a Meeting, Failure> {
    log.find_meeting(id).map_err(|unknown| {
        invalid(strings.format(
            "cli.meeting.unknown",
            &[
                ("id", &unknown.id),
                ("meetings", &meetings_listed(log, strings)),
            ],
        ))
    })
}

/// The meeting a change or decision is made in: the one `--meeting` names, else the one
/// open meeting when it is of today. One open since another day is not joined: a line
/// says so, and the change is made outside any meeting.
pub fn meeting_for(
    log: &MeetingLog,
    named: Option<&str>,
    today: Date,
    strings: &Strings,
) -> Result<Option<String>, Failure> {
    if let Some(id) = named.filter(|m| !m.trim().is_empty()) {
        return Ok(Some(find_meeting(log, id, strings)?.id.clone()));
    }
    Ok(match log.implicit_meeting(today) {
        Implicit::Joined(meeting) => Some(meeting.id.clone()),
        Implicit::NotToday(meeting) => {
            say(&strings.format(
                "cli.meeting.not_today",
                &[
                    ("id", &meeting.id),
                    ("title", &meeting.title),
                    ("date", &meeting.date),
                ],
            ));
            None
        }
        Implicit::None => None,
    })
}
