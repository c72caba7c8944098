//! `planmeet collect FORM.xlsx... [--yes]`: filled report forms read back (see
//! [`crate::export::collect`]). First what each form would record, per unit and item,
//! before → after; with `--yes` it is recorded, authored by the unit
//! (`市科技局（报送表）`) and tagged with the form's file name and date. What cannot be
//! taken is said with its file and cell, and makes the exit code 2.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::output::{EXIT_INVALID, Failure, finish, say};
use super::{Cli, context};
use crate::export::collect;
use crate::i18n::Strings;

/// A filled form larger than this is not a form planmeet wrote.
const MAX_FORM_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// Filled report forms (.xlsx), as `planmeet forms` wrote them and the units saved them.
    #[arg(required = true, value_name = "FORM")]
    pub files: Vec<PathBuf>,
    /// Record what the forms change (without it, only show it).
    #[arg(long)]
    pub yes: bool,
}

pub fn run(cli: &Cli, args: &CollectArgs, strings: &Strings) -> ExitCode {
    finish(execute(cli, args, strings))
}

fn execute(cli: &Cli, args: &CollectArgs, strings: &Strings) -> Result<String, Failure> {
    let (loaded, mut store) = context::open(cli, strings, args.yes)?;
    let mut out = String::new();
    let mut problems = 0usize;
    let mut pending = 0usize;
    let mut recorded = 0usize;
    for path in &args.files {
        let file = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut bytes = Vec::new();
        let read =
            crate::store::files::open_regular(path, crate::store::files::Access::Read, "file")
                .and_then(|f| f.take(MAX_FORM_BYTES + 1).read_to_end(&mut bytes));
        if let Err(e) = read {
            say(&format!("{}: {e}", path.display()));
            problems += 1;
            continue;
        }
        if bytes.len() as u64 > MAX_FORM_BYTES {
            say(&strings.format("collect.too_large", &[("file", &file)]));
            problems += 1;
            continue;
        }
        let (form, found) = match collect::read(&file, &bytes, &loaded.plan, &loaded.index, strings)
        {
            Ok(read) => read,
            Err(found) => {
                for p in &found {
                    say(&format!("{}: {}", p.place, p.message));
                }
                problems += found.len();
                continue;
            }
        };
        let (planned, stale) =
            collect::plan_changes(&form, &loaded.plan, &loaded.index, store.log(), strings);
        for p in found.iter().chain(&stale) {
            say(&format!("{}: {}", p.place, p.message));
        }
        problems += found.len() + stale.len();
        out.push_str(&strings.format(
            "collect.form_heading",
            &[
                ("file", &form.file),
                ("unit", &form.unit_name),
                ("date", &form.date),
                ("count", &planned.len()),
            ],
        ));
        out.push('\n');
        let author = collect::author(&form, strings);
        let now = context::now(strings)?;
        for plan in planned {
            let mut subject = context::item_label(&loaded, &plan.key.item);
            if let Some(unit) = &plan.key.owner {
                subject = format!("{subject} [{}]", context::unit_name(&loaded, unit));
            }
            out.push_str(&format!("  {subject}\n"));
            for (label, before, after) in &plan.fields {
                let (before, after) = (before.replace('\n', " "), after.replace('\n', " "));
                out.push_str(&format!("    {}: {before} → {after}\n", strings.get(label)));
            }
            if args.yes {
                store
                    .record(plan.change, &author, now)
                    .map_err(|e| context::save_error(&e, strings))?;
                recorded += 1;
            } else {
                pending += 1;
            }
        }
    }
    if args.yes {
        say(&strings.format("collect.recorded", &[("count", &recorded)]));
    } else if pending > 0 {
        say(&strings.format("collect.dry_run", &[("count", &pending)]));
    } else {
        say(strings.get("collect.nothing"));
    }
    if problems > 0 {
        super::output::print_untrusted(&out);
        return Err(Failure(
            EXIT_INVALID,
            strings.format("collect.problems", &[("count", &problems)]),
        ));
    }
    Ok(out)
}
