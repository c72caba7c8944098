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
) -> Result<String, Failure> {
    status_file::survive_file_size_limit();
    let bytes = draft_file::read_document(&args.map).map_err(invalid)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| invalid(format!("{}: not UTF-8 text", args.map.display())))?;
    let mapping =
        Mapping::parse(&text).map_err(|e| invalid(format!("{}: {e}", args.map.display())))?;
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
        return Err(invalid(format!(
            "{}: not ids of {} ({}): run with the revised plan, `planmeet --plan NEW.ron status rekey MAP`",
            args.map.display(),
            loaded.source,
            unknown.join(", ")
        )));
    }
    let steps = rekey_steps(store.log(), &mapping);
    if steps.is_empty() {
        return Ok("nothing to carry over: no annotation is under a mapped id\n".into());
    }
    if args.dry_run {
        return Ok(steps.iter().map(|s| format!("{}\n", describe(s))).collect());
    }
    let author = author(args.author.as_deref())?;
    let now: Stamp =
        status_file::now_or_env().map_err(|e| invalid(format!("PLANMEET_NOW: {e}")))?;
    let mut out = String::new();
    for step in steps {
        let line = describe(&step);
        let written = match step {
            Step::Undo(record) => match store.undo(&record, &author, now) {
                Ok(r) => r.id,
                // Undone already (by someone else meanwhile): nothing left to reset.
                Err(SaveError::Undo(_)) => continue,
                Err(e) => return Err(Failure(EXIT_IO, e.to_string())),
            },
            Step::Record(change) => {
                store
                    .record(change, &author, now)
                    .map_err(|e| Failure(EXIT_IO, e.to_string()))?
                    .id
            }
        };
        out.push_str(&format!("{written}  {line}\n"));
    }
    Ok(out)
}

fn describe(step: &Step) -> String {
    match step {
        Step::Undo(record) => format!("undo {record} (an actual value left on a reused id)"),
        Step::Record(change) => {
            let mut parts = Vec::new();
            if let Some(s) = change.status {
                parts.push(s.cli_name().to_owned());
            }
            if let Some(p) = change.progress {
                parts.push(format!("{p}%"));
            }
            if let Some(a) = &change.actual {
                parts.push(format!("actual {} as of {}", a.value, a.as_of));
            }
            if change.note.is_some() {
                parts.push("note".into());
            }
            if !change.clear.is_empty() {
                parts.push("reset".into());
            }
            format!("{}: {}", change.key(), parts.join(", "))
        }
    }
}

/// `--author`, then the settings file's `author`, then `PLANMEET_AUTHOR`, then the login.
fn author(explicit: Option<&str>) -> Result<String, Failure> {
    let configured = crate::store::config::load_settings().config.author;
    status_file::resolve_author(explicit, configured.as_deref(), |key| {
        std::env::var(key).ok()
    })
    .ok_or_else(|| invalid("who is making this change? Give --author NAME or set PLANMEET_AUTHOR"))
}
