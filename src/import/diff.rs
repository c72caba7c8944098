//! What a revision of a plan changes: items added, removed, renumbered, retitled,
//! reworded, given other units or another figure. Items are matched by their text, so a
//! sub-task that moved keeps its identity even though its id (its number) changed; what
//! matched under another id becomes a suggested id mapping for the status file.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::numbering::bracketed;
use crate::model::{Plan, Responsibility, Target};

use super::build::similarity;
use super::mapping::Mapping;

/// What an item is, for matching like with like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Programme,
    Task,
    SubItem,
    Safeguard,
    Target,
    DistrictRow,
    DepartmentRow,
}

/// One item of a plan, flattened for comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub kind: Kind,
    /// Where the document puts it, in its own numbering: `（二）3．`, `保障措施（五）`.
    pub place: String,
    pub title: String,
    /// Body, a target's source sentence, a row's figures.
    pub text: String,
    /// Lead and groups, by unit name.
    pub units: Option<(String, Vec<Vec<String>>)>,
    /// A target's bound as written in a plan file.
    pub figure: Option<String>,
    /// Position in document order.
    pub order: usize,
}

/// One difference.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Added(Item),
    Removed(Item),
    /// Matched by text, under another id or number.
    Renumbered {
        old: Item,
        new: Item,
    },
    Retitled {
        old: Item,
        new: Item,
    },
    /// The text differs; `alike` is how much of it is the same (0–1).
    Reworded {
        old: Item,
        new: Item,
        alike: f64,
    },
    Units {
        old: Item,
        new: Item,
    },
    Figure {
        old: Item,
        new: Item,
    },
}

impl Change {
    /// The item in the new plan, else the old one.
    pub fn item(&self) -> &Item {
        match self {
            Change::Added(i) | Change::Removed(i) => i,
            Change::Renumbered { new, .. }
            | Change::Retitled { new, .. }
            | Change::Reworded { new, .. }
            | Change::Units { new, .. }
            | Change::Figure { new, .. } => new,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Change::Added(_) => "added",
            Change::Removed(_) => "removed",
            Change::Renumbered { .. } => "renumbered",
            Change::Retitled { .. } => "retitled",
            Change::Reworded { .. } => "reworded",
            Change::Units { .. } => "units",
            Change::Figure { .. } => "figure",
        }
    }
}

/// Everything a revision changes, and how old ids map to new ones.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanDiff {
    pub changes: Vec<Change>,
    /// Old id → new id, for every matched item whose id changed.
    pub mapping: Mapping,
    /// Matched items (old id → new id), all of them.
    pub matched: BTreeMap<String, String>,
}

fn unit_names(plan: &Plan, r: &Responsibility) -> (String, Vec<Vec<String>>) {
    let names: HashMap<&str, &str> = plan
        .owners
        .iter()
        .map(|o| (o.id.as_str(), o.name.as_str()))
        .collect();
    let name = |id: &str| names.get(id).map_or(id.to_owned(), |n| (*n).to_owned());
    (
        name(&r.lead),
        r.groups
            .iter()
            .map(|g| g.iter().map(|u| name(u)).collect())
            .collect(),
    )
}

/// The items of a plan in document order.
pub fn items(plan: &Plan) -> Vec<Item> {
    let mut out = Vec::new();
    let mut push = |mut item: Item| {
        item.order = out.len();
        out.push(item);
    };
    let target = |t: &Target, place: String| Item {
        id: t.id.clone(),
        kind: Kind::Target,
        place,
        title: t.measure.clone(),
        text: t.source.clone(),
        units: None,
        figure: Some(format!("{} {}", super::writer::bound(&t.bound), t.unit)),
        order: 0,
    };
    for t in &plan.overview.targets {
        push(target(t, "主要目标".into()));
    }
    for p in &plan.programmes {
        let pp = bracketed(p.number);
        push(Item {
            id: p.id.clone(),
            kind: Kind::Programme,
            place: pp.clone(),
            title: p.title.clone(),
            text: p
                .tasks
                .iter()
                .map(|t| t.title.as_str())
                .collect::<Vec<_>>()
                .join("；"),
            units: None,
            figure: None,
            order: 0,
        });
        for t in &p.tasks {
            let tp = format!("{pp}{}．", t.number);
            push(Item {
                id: t.id.clone(),
                kind: Kind::Task,
                place: tp.clone(),
                title: t.title.clone(),
                text: t.body.clone(),
                units: t.owners.as_ref().map(|r| unit_names(plan, r)),
                figure: None,
                order: 0,
            });
            for g in &t.targets {
                push(target(g, tp.clone()));
            }
            for (k, s) in t.items.iter().enumerate() {
                let sp = format!("{tp}({})", k + 1);
                push(Item {
                    id: s.id.clone(),
                    kind: Kind::SubItem,
                    place: sp.clone(),
                    title: s.title.clone(),
                    text: s.body.clone(),
                    units: Some(unit_names(plan, &s.owners)),
                    figure: None,
                    order: 0,
                });
                for g in &s.targets {
                    push(target(g, sp.clone()));
                }
            }
        }
    }
    for s in &plan.safeguards {
        let sp = format!("保障措施{}", bracketed(s.number));
        push(Item {
            id: s.id.clone(),
            kind: Kind::Safeguard,
            place: sp.clone(),
            title: s.title.clone(),
            text: s.body.clone(),
            units: s.owners.as_ref().map(|r| unit_names(plan, r)),
            figure: None,
            order: 0,
        });
        for g in &s.targets {
            push(target(g, sp.clone()));
        }
    }
    if let Some(table) = &plan.district_table {
        for row in &table.rows {
            push(Item {
                id: row.id.clone(),
                kind: Kind::DistrictRow,
                place: "附件1".into(),
                title: row.label.clone(),
                text: String::new(),
                units: None,
                figure: Some(
                    row.cells
                        .iter()
                        .map(|c| match c {
                            crate::model::Cell::Num(n) => n.clone(),
                            crate::model::Cell::NotApplicable => "/".into(),
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                order: 0,
            });
        }
    }
    if let Some(table) = &plan.department_table {
        for row in &table.rows {
            push(Item {
                id: row.id.clone(),
                kind: Kind::DepartmentRow,
                place: "附件2".into(),
                title: row.task.clone(),
                text: String::new(),
                units: Some(unit_names(plan, &row.owners)),
                figure: Some(
                    row.milestones
                        .iter()
                        .map(|m| format!("{}: {}", m.year, super::writer::bound(&m.bound)))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                order: 0,
            });
        }
    }
    out
}

/// How alike two items are, 0–1: title and text, and a little for the same id.
fn pair_score(a: &Item, b: &Item) -> f64 {
    let title = if a.title == b.title {
        1.0
    } else {
        similarity(&a.title, &b.title)
    };
    let text = match (a.text.is_empty(), b.text.is_empty()) {
        (true, true) => title,
        _ if a.text == b.text => 1.0,
        _ => similarity(&a.text, &b.text),
    };
    let base = match a.kind {
        Kind::Target => 0.3 * title + 0.7 * text,
        Kind::DistrictRow | Kind::DepartmentRow | Kind::Programme => 0.8 * title + 0.2 * text,
        _ => 0.5 * title + 0.5 * text,
    };
    base + if a.id == b.id { 0.05 } else { 0.0 }
}

/// How much of a text is the same, 0–1 (edit distance for texts of a readable size).
pub fn alike(a: &str, b: &str) -> f64 {
    if a.chars().count() + b.chars().count() <= 6000 {
        strsim::normalized_levenshtein(a, b)
    } else {
        strsim::sorensen_dice(a, b)
    }
}

/// Compares two plans.
pub fn diff(old: &Plan, new: &Plan) -> PlanDiff {
    let old_items = items(old);
    let new_items = items(new);
    let mut old_used = vec![None; old_items.len()];
    let mut new_used = vec![false; new_items.len()];
    // Items unchanged in every way pair at once (most of a revision), in order, so only
    // the rest is compared pair by pair.
    let key = |x: &Item| (x.kind, x.title.clone(), x.text.clone(), x.figure.clone());
    let mut unchanged: HashMap<_, Vec<usize>> = HashMap::new();
    for (j, b) in new_items.iter().enumerate().rev() {
        unchanged.entry(key(b)).or_default().push(j);
    }
    for (i, a) in old_items.iter().enumerate() {
        if let Some(j) = unchanged.get_mut(&key(a)).and_then(Vec::pop) {
            old_used[i] = Some(j);
            new_used[j] = true;
        }
    }
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, a) in old_items
        .iter()
        .enumerate()
        .filter(|(i, _)| old_used[*i].is_none())
    {
        for (j, b) in new_items.iter().enumerate().filter(|(j, _)| !new_used[*j]) {
            if a.kind == b.kind {
                let score = pair_score(a, b);
                if score >= 0.55 {
                    pairs.push((score, i, j));
                }
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, i, j) in pairs {
        if old_used[i].is_none() && !new_used[j] {
            old_used[i] = Some(j);
            new_used[j] = true;
        }
    }
    let mut result = PlanDiff::default();
    let mut changes = Vec::new();
    for (i, a) in old_items.iter().enumerate() {
        let Some(j) = old_used[i] else {
            changes.push(Change::Removed(a.clone()));
            continue;
        };
        let b = &new_items[j];
        result.matched.insert(a.id.clone(), b.id.clone());
        if a.id != b.id {
            result.mapping.items.insert(a.id.clone(), b.id.clone());
        }
        if a.id != b.id || a.place != b.place {
            changes.push(Change::Renumbered {
                old: a.clone(),
                new: b.clone(),
            });
        }
        if a.title != b.title {
            changes.push(Change::Retitled {
                old: a.clone(),
                new: b.clone(),
            });
        }
        if a.text != b.text {
            changes.push(Change::Reworded {
                old: a.clone(),
                new: b.clone(),
                alike: alike(&a.text, &b.text),
            });
        }
        if a.units != b.units {
            changes.push(Change::Units {
                old: a.clone(),
                new: b.clone(),
            });
        }
        if a.figure != b.figure {
            changes.push(Change::Figure {
                old: a.clone(),
                new: b.clone(),
            });
        }
    }
    for (j, b) in new_items.iter().enumerate() {
        if !new_used[j] {
            changes.push(Change::Added(b.clone()));
        }
    }
    // In the new document's order; removed items where they stood.
    let position = |c: &Change| match c {
        Change::Removed(a) => (
            old_used[..a.order]
                .iter()
                .rev()
                .flatten()
                .next()
                .map_or(0, |&j| j + 1),
            0,
        ),
        other => (other.item().order, 1),
    };
    changes.sort_by_key(position);
    result.changes = changes;
    // Units: the same name under another id.
    let new_by_name: HashMap<&str, &str> = new
        .owners
        .iter()
        .map(|o| (o.name.as_str(), o.id.as_str()))
        .collect();
    for owner in &old.owners {
        if let Some(&id) = new_by_name.get(owner.name.as_str())
            && id != owner.id
        {
            result.mapping.units.insert(owner.id.clone(), id.to_owned());
        }
    }
    result
}

/// The kinds of change (`Change::name`), in the order the summary gives them.
pub const KINDS: [&str; 7] = [
    "added",
    "removed",
    "renumbered",
    "retitled",
    "reworded",
    "units",
    "figure",
];

/// Counts by kind of change, for the summary line.
pub fn counts(diff: &PlanDiff) -> Vec<(&'static str, usize)> {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for change in &diff.changes {
        *counts.entry(change.name()).or_default() += 1;
    }
    KINDS
        .into_iter()
        .filter_map(|name| counts.get(name).map(|n| (name, *n)))
        .collect()
}

/// What changed in an item's units, for the command line to word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitChange {
    /// The item had no units and has some now.
    Given,
    /// The item had units and has none now.
    Removed,
    /// The lead unit, before and after.
    Lead(String, String),
    /// Units added to the item.
    Added(Vec<String>),
    /// Units dropped from it.
    Dropped(Vec<String>),
    /// The same units, grouped differently.
    Regrouped,
}

/// The units a unit list adds and drops, by name.
pub fn unit_changes(old: &Item, new: &Item) -> Vec<UnitChange> {
    let (Some((old_lead, old_groups)), Some((new_lead, new_groups))) = (&old.units, &new.units)
    else {
        return match (&old.units, &new.units) {
            (None, Some(_)) => vec![UnitChange::Given],
            (Some(_), None) => vec![UnitChange::Removed],
            _ => Vec::new(),
        };
    };
    let mut parts = Vec::new();
    if old_lead != new_lead {
        parts.push(UnitChange::Lead(old_lead.clone(), new_lead.clone()));
    }
    let old_all: HashSet<&String> = old_groups.iter().flatten().collect();
    let new_all: HashSet<&String> = new_groups.iter().flatten().collect();
    let added: Vec<String> = new_groups
        .iter()
        .flatten()
        .filter(|u| !old_all.contains(u))
        .cloned()
        .collect();
    let dropped: Vec<String> = old_groups
        .iter()
        .flatten()
        .filter(|u| !new_all.contains(u))
        .cloned()
        .collect();
    if !added.is_empty() {
        parts.push(UnitChange::Added(added));
    }
    if !dropped.is_empty() {
        parts.push(UnitChange::Dropped(dropped));
    }
    if parts.is_empty() {
        parts.push(UnitChange::Regrouped);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::plan_file::{EMBEDDED_PLAN, parse_plan};

    #[test]
    fn rewording_units_figures_and_removal() {
        let old = parse_plan(EMBEDDED_PLAN, "old").unwrap();
        let mut new = old.clone();
        let task = &mut new.programmes[1].tasks[0];
        task.body.push_str("新增一句。");
        if let Some(owners) = task.owners.as_mut() {
            owners.lead = "fgw".into();
        }
        task.targets[1].bound = crate::model::Bound::Exactly(2.0);
        new.safeguards.remove(5);
        let result = diff(&old, &new);
        let names: Vec<(&str, &str)> = result
            .changes
            .iter()
            .map(|c| (c.name(), c.item().id.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("reworded", "p2.t1"),
                ("units", "p2.t1"),
                ("figure", "p2.t1.g2"),
                ("removed", "s6"),
            ]
        );
        assert!(result.mapping.is_empty());
        let Change::Units { old: a, new: b } = &result.changes[1] else {
            panic!()
        };
        assert_eq!(
            unit_changes(a, b),
            [UnitChange::Lead("市科技局".into(), "市发展改革委".into())]
        );
        assert!(diff(&old, &old).changes.is_empty());
    }
}
