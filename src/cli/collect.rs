//! `planmeet collect FORM.xlsx... [--yes]`: filled report forms read back (see
//! [`crate::export::collect`]). First what each form would record, per unit and item,
//! before → after; with `--yes` it is recorded, authored by the unit
//! (`市科技局（报送表）`) and tagged with the form's file name and date. What cannot be
//! taken is said with its file and cell, and makes the exit code 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::output::{EXIT_INVALID, Failure, finish, say};
use super::{Cli, context};
use crate::export::collect;
use crate::i18n::Strings;
use crate::store::form_file;

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// Filled report forms (.xlsx), or folders of them, as `planmeet forms` wrote them and
    /// the units saved them.
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
    let files = form_file::read_forms(&args.files);
    let collected = collect::gather(&files, &loaded.plan, &loaded.index, store.log(), strings);
    for problem in &collected.problems {
        say(&problem.to_string());
    }
    let problems = collected.problems.len();
    let pending = collected.changes();
    let mut out = String::new();
    let mut recorded = 0usize;
    let now = context::now(strings)?;
    for form in collected.forms {
        out.push_str(&strings.format(
            "collect.form_heading",
            &[
                ("file", &form.form.file),
                (
                    "unit",
                    &context::unit_name(&loaded, &form.form.unit, strings),
                ),
                ("date", &form.form.date),
                ("count", &form.planned.len()),
            ],
        ));
        out.push('\n');
        for plan in form.planned {
            let mut subject = context::item_label(&loaded, &plan.key.item, strings);
            if let Some(unit) = &plan.key.owner {
                subject = format!("{subject} [{}]", context::unit_name(&loaded, unit, strings));
            }
            out.push_str(&format!("  {subject}\n"));
            for (label, before, after) in &plan.fields {
                let (before, after) = (before.replace('\n', " "), after.replace('\n', " "));
                out.push_str(&format!("    {}: {before} → {after}\n", strings.get(label)));
            }
            if args.yes {
                store
                    .record(plan.change, &form.author, now)
                    .map_err(|e| context::save_error(&e, strings))?;
                recorded += 1;
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
