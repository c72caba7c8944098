//! `planmeet status rekey MAP`: carry annotations over to new ids after a plan revision.
//!
//! MAP is a mapping file (`p2.t2 -> p2.t3`, `unit kjj -> kj`), as `planmeet diff --map`
//! writes it. Each annotation under an old id is recorded again, as new records, under
//! its new id; a key that now names another item is reset first. Nothing is rewritten or
//! removed: `status log` keeps the whole history. Run it with the revised plan
//! (`planmeet --plan NEW.ron status rekey MAP`).

use std::path::PathBuf;

use clap::Args;

use super::output::{EXIT_IO, Failure, invalid};

use crate::i18n::Strings;
use crate::import::mapping::{Mapping, Step, rekey_steps};
use crate::model::annotation::Stamp;
use crate::store::LoadedPlan;
use crate::store::draft_file;
use crate::store::status_file::{self, SaveError, StatusStore};

#[derive(Debug, Args)]
pub struct RekeyArgs {
    /// The mapping file: `OLD -> NEW` and `unit OLD -> NEW` lines.
    pub map: PathBuf,
    /// Who makes the changes. Default: PLANMEET_AUTHOR, else the login name.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// List what would be recorded, record nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn execute(
    loaded: &LoadedPlan,
    store: &mut StatusStore,
    args: &RekeyArgs,
    strings: &Strings,
) -> Result<String, Failure> {
    let map = args.map.display().to_string();
    status_file::survive_file_size_limit();
    let bytes = draft_file::read_document(&args.map).map_err(invalid)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| invalid(strings.format("cli.error.not_utf8", &[("file", &map)])))?;
    let mapping = Mapping::parse(&text).map_err(|e| {
        invalid(strings.format(
            "cli.rekey.bad_map",
            &[("file", &map), ("error", &e.message(strings))],
        ))
    })?;
    let unknown: Vec<&str> = mapping
        .items
        .values()
        .filter(|id| loaded.index.position(id).is_none())
        .chain(
            mapping
                .units
                .values()
                .filter(|u| !loaded.plan.owners.iter().any(|o| &o.id == *u)),
        )
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(invalid(strings.format(
            "cli.rekey.unknown_ids",
            &[
                ("file", &map),
                ("plan", &loaded.source),
                ("ids", &unknown.join(", ")),
            ],
        )));
    }
    let steps = rekey_steps(store.log(), &mapping);
    if steps.is_empty() {
        return Ok(format!("{}\n", strings.get("cli.rekey.nothing")));
    }
    if args.dry_run {
        return Ok(steps
            .iter()
            .map(|s| format!("{}\n", describe(s, strings)))
            .collect());
    }
    let author = super::context::author_of(args.author.as_deref(), strings)?;
    let now: Stamp = super::context::now(strings)?;
    let mut out = String::new();
    let mut count = 0;
    for step in steps {
        let line = describe(&step, strings);
        let written = match step {
            Step::Undo(record) => match store.undo(&record, &author, now) {
                Ok(r) => r.id,
                // Undone already (by someone else meanwhile): nothing left to reset.
                Err(SaveError::Undo(_)) => continue,
                Err(e) => return Err(Failure(EXIT_IO, super::errors::save(&e, strings))),
            },
            Step::Record(change) => {
                store
                    .record(change, &author, now)
                    .map_err(|e| Failure(EXIT_IO, super::errors::save(&e, strings)))?
                    .id
            }
        };
        out.push_str(&format!("{written}  {line}\n"));
        count += 1;
    }
    out.push_str(&strings.format("cli.rekey.done", &[("count", &count)]));
    out.push('\n');
    Ok(out)
}

fn describe(step: &Step, strings: &Strings) -> String {
    match step {
        Step::Undo(record) => strings.format("cli.rekey.undo", &[("record", record)]),
        Step::Record(change) => {
            let mut parts = Vec::new();
            if let Some(s) = change.status {
                // The name `status set --status` takes, as the mapping file is for scripts too.
                parts.push(s.cli_name().to_owned());
            }
            if let Some(p) = change.progress {
                parts.push(format!("{p}%"));
            }
            if let Some(a) = &change.actual {
                parts.push(strings.format(
                    "cli.rekey.actual",
                    &[("value", &a.value), ("as_of", &a.as_of)],
                ));
            }
            if change.note.is_some() {
                parts.push(strings.get("label.note").to_owned());
            }
            if !change.clear.is_empty() {
                parts.push(strings.get("cli.rekey.reset").to_owned());
            }
            format!(
                "{}: {}",
                change.key(),
                parts.join(strings.get("cli.list_separator"))
            )
        }
    }
}
