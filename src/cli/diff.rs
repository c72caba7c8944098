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
use crate::i18n::Strings;
use crate::import::diff::{self, Change, PlanDiff};
use crate::import::mapping::Mapping;
use crate::model::annotation::{self, Key};
use crate::model::{Plan, PlanIndex};
use crate::store::draft_file;
use crate::store::status_file::{Location, StatusStore};
use crate::text::sanitize;
use crate::text::width::{Align, display_width, fit};

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

pub fn run(cli: &Cli, args: &DiffArgs, strings: &Strings) -> ExitCode {
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
    let mut out = render(&args.old, &args.new, &result, strings);
    let mut mapping = result.mapping.clone();
    if let Some(status_file) = &cli.status_file {
        match status_section(status_file, &old, &new, &result, strings) {
            Ok((text, needed)) => {
                out.push_str(&text);
                mapping = needed;
            }
            Err(message) => return fail(1, &message),
        }
    }
    if let Some(path) = &args.map {
        if let Err(e) = draft_file::write_draft(path, &mapping.to_text(), true) {
            return fail(1, &super::errors::write(&e, strings));
        }
        eprintln!(
            "{}",
            sanitize::for_terminal(&strings.format(
                "cli.diff.map_written",
                &[
                    ("file", &path.display()),
                    ("items", &mapping.items.len()),
                    ("units", &mapping.units.len()),
                ],
            ))
        );
    }
    print_untrusted(&out);
    ExitCode::SUCCESS
}

fn describe(change: &Change, strings: &Strings) -> String {
    let item = change.item();
    let label = format!("{}{}", item.place, clip(&item.title, 40));
    // The kind, padded to the longest kind's name in the interface language.
    let width = CHANGES
        .iter()
        .map(|c| display_width(strings.get(&format!("cli.diff.change.{c}"))))
        .max()
        .unwrap_or(0);
    let kind = fit(
        strings.get(&format!("cli.diff.change.{}", change.name())),
        width,
        Align::Left,
    );
    match change {
        Change::Added(_) => format!("+ {kind}  {label}  [{}]", item.id),
        Change::Removed(_) => format!("- {kind}  {label}  [{}]", item.id),
        Change::Renumbered { old, new } => format!(
            "~ {kind}  {}{} → {}{}  [{} → {}]",
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
            "~ {kind}  {}{} → {}  [{}]",
            new.place,
            clip(&old.title, 40),
            clip(&new.title, 40),
            new.id
        ),
        Change::Reworded { new, alike, .. } => format!(
            "~ {kind}  {label}: {}  [{}]",
            strings.format(
                "cli.diff.alike",
                &[("percent", &format!("{:.0}", alike * 100.0))]
            ),
            new.id
        ),
        Change::Units { old, new } => format!(
            "~ {kind}  {label}: {}  [{}]",
            unit_changes(old, new, strings),
            new.id
        ),
        Change::Figure { old, new } => format!(
            "~ {kind}  {label}: {} → {}  [{}]",
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

/// The kinds of change, in the order `diff::counts` gives them.
const CHANGES: [&str; 7] = crate::import::diff::KINDS;

fn render(old: &Path, new: &Path, result: &PlanDiff, strings: &Strings) -> String {
    let counts = diff::counts(result);
    let mut out = format!("{} → {}: ", old.display(), new.display());
    if counts.is_empty() {
        out.push_str(strings.get("cli.diff.none"));
        out.push('\n');
        return out;
    }
    out.push_str(
        &counts
            .iter()
            .map(|(name, n)| {
                strings.format(
                    "cli.diff.count",
                    &[
                        ("count", n),
                        ("kind", &strings.get(&format!("cli.diff.change.{name}"))),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(strings.get("cli.list_separator")),
    );
    out.push('\n');
    for change in &result.changes {
        out.push_str("  ");
        out.push_str(&describe(change, strings));
        out.push('\n');
    }
    if !result.mapping.is_empty() {
        out.push_str(&strings.format(
            "cli.diff.ids_change",
            &[
                ("items", &result.mapping.items.len()),
                ("units", &result.mapping.units.len()),
            ],
        ));
        out.push('\n');
    }
    out
}

/// What the revision does to the annotations of a status file; the mapping they need.
fn status_section(
    path: &Path,
    old: &Plan,
    new: &Plan,
    result: &PlanDiff,
    strings: &Strings,
) -> Result<(String, Mapping), String> {
    if !path.is_file() {
        return Err(strings.format("cli.diff.no_status_file", &[("file", &path.display())]));
    }
    let store = StatusStore::open(
        Location {
            path: path.to_path_buf(),
            create_dir: false,
        },
        &old.meta.id,
    )
    .map_err(|e| super::errors::read(&e, strings))?;
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
            orphans.push(strings.format("cli.diff.gone", &[("key", &shown)]));
            continue;
        };
        if new_id != item {
            needed.items.insert(item.clone(), new_id.clone());
            if new_index.position(item).is_some() {
                let title = new_index
                    .get(item)
                    .and_then(|e| e.path.resolve(new))
                    .map_or(String::new(), |n| n.title().to_owned());
                misplaced.push(strings.format(
                    "cli.diff.would_land",
                    &[
                        ("key", &shown),
                        ("item", item),
                        ("title", &clip(&title, 30)),
                        ("new", new_id),
                    ],
                ));
            } else {
                orphans.push(strings.format("cli.diff.moved", &[("key", &shown), ("new", new_id)]));
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
                orphans.push(strings.format(
                    "cli.diff.not_responsible",
                    &[("key", &shown), ("unit", unit_now), ("new", new_id)],
                ));
            }
        }
    }
    let mut out = format!(
        "\n{}\n",
        strings.format(
            "cli.diff.status_file",
            &[
                ("file", &path.display()),
                ("count", &annotated),
                ("plan", &old.meta.id),
            ],
        )
    );
    let mut lists: BTreeMap<&str, &Vec<String>> = BTreeMap::new();
    lists.insert("cli.diff.orphans", &orphans);
    lists.insert("cli.diff.misplaced", &misplaced);
    for (what, list) in lists {
        out.push_str(&format!(
            "  {}\n",
            strings.format(what, &[("count", &list.len())])
        ));
        for line in list {
            out.push_str(&format!("    {line}\n"));
        }
    }
    if needed.is_empty() {
        out.push_str(&format!("  {}\n", strings.get("cli.diff.no_mapping")));
    } else {
        out.push_str(&format!("  {}\n", strings.get("cli.diff.suggested")));
        for line in needed.to_text().lines().skip(1) {
            out.push_str(&format!("    {line}\n"));
        }
    }
    Ok((out, needed))
}

/// What changed in an item's units, in words: `牵头 市科技局 → 市发展改革委；增加 …`.
fn unit_changes(old: &diff::Item, new: &diff::Item, strings: &Strings) -> String {
    let names = |units: &[String]| units.join(strings.get("input.separator"));
    diff::unit_changes(old, new)
        .iter()
        .map(|change| match change {
            diff::UnitChange::Given => strings.get("cli.diff.units_given").to_owned(),
            diff::UnitChange::Removed => strings.get("cli.diff.units_removed").to_owned(),
            diff::UnitChange::Lead(was, now) => {
                strings.format("cli.diff.units_lead", &[("old", was), ("new", now)])
            }
            diff::UnitChange::Added(units) => {
                strings.format("cli.diff.units_added", &[("units", &names(units))])
            }
            diff::UnitChange::Dropped(units) => {
                strings.format("cli.diff.units_dropped", &[("units", &names(units))])
            }
            diff::UnitChange::Regrouped => strings.get("cli.diff.units_regrouped").to_owned(),
        })
        .collect::<Vec<_>>()
        .join(strings.get("cli.diff.units_separator"))
}
