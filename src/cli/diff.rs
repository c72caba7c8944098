//! `planmeet diff OLD.ron NEW.ron [--status-file F] [--map MAP]`: what a revision changes,
//! in the document's numbering; with a status file, which annotations would become
//! orphans (or silently land on another item) and the id mapping that carries them over.
//!
//! Exit codes: 0 compared (whatever the differences); 2 a plan could not be read; 1 the
//! status file could not be read or the mapping not written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::Cli;
use super::output::{EXIT_INVALID, print_untrusted};
use crate::import::diff::{self, Change, PlanDiff};
use crate::import::mapping::Mapping;
use crate::model::annotation::{self, Key};
use crate::model::{Plan, PlanIndex};
use crate::store::draft_file;
use crate::store::status_file::{Location, StatusStore};
use crate::text::sanitize;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The plan as it was.
    pub old: PathBuf,
    /// The revised plan (a draft from `planmeet import` will do).
    pub new: PathBuf,
    /// Write the suggested id mapping to MAP (for `planmeet status rekey MAP`).
    #[arg(long, value_name = "MAP")]
    pub map: Option<PathBuf>,
}

pub fn run(cli: &Cli, args: &DiffArgs) -> ExitCode {
    let fail = |code: u8, message: &str| {
        eprintln!("planmeet: {}", sanitize::for_terminal_multiline(message));
        ExitCode::from(code)
    };
    let old = match draft_file::parse_plan_file(&args.old) {
        Ok(plan) => plan,
        Err(message) => return fail(EXIT_INVALID, &message),
    };
    let new = match draft_file::parse_plan_file(&args.new) {
        Ok(plan) => plan,
        Err(message) => return fail(EXIT_INVALID, &message),
    };
    let result = diff::diff(&old, &new);
    let mut out = render(&args.old, &args.new, &result);
    let mut mapping = result.mapping.clone();
    if let Some(status_file) = &cli.status_file {
        match status_section(status_file, &old, &new, &result) {
            Ok((text, needed)) => {
                out.push_str(&text);
                mapping = needed;
            }
            Err(message) => return fail(1, &message),
        }
    }
    if let Some(path) = &args.map {
        if let Err(e) = draft_file::write_draft(path, &mapping.to_text(), true) {
            return fail(1, &e.to_string());
        }
        eprintln!(
            "{}",
            sanitize::for_terminal(&format!(
                "mapping written to {} ({} items, {} units)",
                path.display(),
                mapping.items.len(),
                mapping.units.len()
            ))
        );
    }
    print_untrusted(&out);
    ExitCode::SUCCESS
}

fn describe(change: &Change) -> String {
    let item = change.item();
    let label = format!("{}{}", item.place, clip(&item.title, 40));
    match change {
        Change::Added(_) => format!("+ added       {label}  [{}]", item.id),
        Change::Removed(_) => format!("- removed     {label}  [{}]", item.id),
        Change::Renumbered { old, new } => format!(
            "~ renumbered  {}{} → {}{}  [{} → {}]",
            old.place,
            clip(&old.title, 40),
            new.place,
            if new.title == old.title {
                String::new()
            } else {
                clip(&new.title, 40)
            },
            old.id,
            new.id
        ),
        Change::Retitled { old, new } => format!(
            "~ retitled    {}{} → {}  [{}]",
            new.place,
            clip(&old.title, 40),
            clip(&new.title, 40),
            new.id
        ),
        Change::Reworded { new, alike, .. } => format!(
            "~ reworded    {label}: {:.0}% of the text alike  [{}]",
            alike * 100.0,
            new.id
        ),
        Change::Units { old, new } => format!(
            "~ units       {label}: {}  [{}]",
            diff::unit_changes(old, new),
            new.id
        ),
        Change::Figure { old, new } => format!(
            "~ figure      {label}: {} → {}  [{}]",
            old.figure.as_deref().unwrap_or(""),
            new.figure.as_deref().unwrap_or(""),
            new.id
        ),
    }
}

fn clip(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        out.push('…');
    }
    out
}

fn render(old: &Path, new: &Path, result: &PlanDiff) -> String {
    let counts = diff::counts(result);
    let mut out = format!("{} → {}: ", old.display(), new.display());
    if counts.is_empty() {
        out.push_str("no differences\n");
        return out;
    }
    out.push_str(
        &counts
            .iter()
            .map(|(name, n)| format!("{n} {name}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    out.push('\n');
    for change in &result.changes {
        out.push_str("  ");
        out.push_str(&describe(change));
        out.push('\n');
    }
    if !result.mapping.is_empty() {
        out.push_str(&format!(
            "{} item id(s) and {} unit id(s) change; `--map MAP` writes the mapping\n",
            result.mapping.items.len(),
            result.mapping.units.len()
        ));
    }
    out
}

/// What the revision does to the annotations of a status file; the mapping they need.
fn status_section(
    path: &Path,
    old: &Plan,
    new: &Plan,
    result: &PlanDiff,
) -> Result<(String, Mapping), String> {
    if !path.is_file() {
        return Err(format!("{}: no such status file", path.display()));
    }
    let store = StatusStore::open(
        Location {
            path: path.to_path_buf(),
            create_dir: false,
        },
        &old.meta.id,
    )
    .map_err(|e| e.to_string())?;
    let old_index = PlanIndex::build(old);
    let new_index = PlanIndex::build(new);
    let mut orphans: Vec<String> = Vec::new();
    let mut misplaced: Vec<String> = Vec::new();
    let mut needed = Mapping::default();
    let mut annotated = 0;
    for a in store.log().annotations() {
        let Key { item, owner } = &a.key;
        if old_index.position(item).is_none() {
            continue;
        }
        annotated += 1;
        let shown = a.key.to_string();
        let Some(new_id) = result.matched.get(item) else {
            orphans.push(format!("{shown} (the item is gone)"));
            continue;
        };
        if new_id != item {
            needed.items.insert(item.clone(), new_id.clone());
            if new_index.position(item).is_some() {
                let title = new_index
                    .get(item)
                    .and_then(|e| e.path.resolve(new))
                    .map_or(String::new(), |n| n.title().to_owned());
                misplaced.push(format!(
                    "{shown} would land on {item} {}; it moved to {new_id}",
                    clip(&title, 30)
                ));
            } else {
                orphans.push(format!("{shown} (moved to {new_id})"));
            }
        }
        if let Some(unit) = owner {
            let unit_now = result.mapping.units.get(unit).unwrap_or(unit);
            if unit_now != unit {
                needed.units.insert(unit.clone(), unit_now.clone());
            }
            let responsible = new_index
                .position(new_id)
                .map(|p| annotation::responsible_units(new, &new_index, p))
                .unwrap_or_default();
            if !responsible.contains(&unit_now.as_str()) {
                orphans.push(format!(
                    "{shown} (unit {unit_now} is not responsible for {new_id} any more)"
                ));
            }
        }
    }
    let mut out = format!(
        "\nstatus file {}: {annotated} annotation(s) of {}\n",
        path.display(),
        old.meta.id
    );
    let mut lists: BTreeMap<&str, &Vec<String>> = BTreeMap::new();
    lists.insert("would become orphans", &orphans);
    lists.insert("would land on another item", &misplaced);
    for (what, list) in lists {
        out.push_str(&format!("  {} {what}\n", list.len()));
        for line in list {
            out.push_str(&format!("    {line}\n"));
        }
    }
    if needed.is_empty() {
        out.push_str("  no id mapping is needed\n");
    } else {
        out.push_str(&format!(
            "  suggested mapping (`--map MAP`, then `planmeet --plan {} status rekey MAP`):\n",
            "NEW.ron"
        ));
        for line in needed.to_text().lines().skip(1) {
            out.push_str(&format!("    {line}\n"));
        }
    }
    Ok((out, needed))
}
