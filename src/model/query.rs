//! Questions the views and commands ask of a plan: who carries what, every target.

use std::collections::HashMap;

use super::index::{Node, PlanIndex};
use super::plan::{Bound, Plan, Responsibility, Target};

/// How a unit takes part in an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Lead,
    Shares,
}

/// One item a unit is responsible for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignment {
    /// Position in [`PlanIndex::entries`].
    pub entry: usize,
    pub role: Role,
}

/// Every item with responsible units, in document order, with its units.
pub fn responsibilities<'a>(plan: &'a Plan, index: &PlanIndex) -> Vec<(usize, &'a Responsibility)> {
    index
        .entries
        .iter()
        .enumerate()
        .filter_map(|(position, entry)| {
            let owners = entry.path.resolve(plan)?.owners()?;
            Some((position, owners))
        })
        .collect()
}

/// For each unit id, the items it leads or shares, in document order.
///
/// Each unit's list is found by its name as the plan holds it (FxHash, borrowed): no
/// `String` is made per (item, unit) pair, only one per unit at the end (a third of the
/// app's start-up work at 10,000 sub-tasks went to those and to `Responsibility::units`'
/// lists).
pub fn assignments(plan: &Plan, index: &PlanIndex) -> HashMap<String, Vec<Assignment>> {
    let mut slots: rustc_hash::FxHashMap<&str, usize> = Default::default();
    let mut lists: Vec<(&str, Vec<Assignment>)> = Vec::new();
    for (entry, owners) in responsibilities(plan, index) {
        let lead = owners.lead.as_str();
        let listed = || owners.groups.iter().flatten().map(String::as_str);
        // As `Responsibility::units`: the lead first when the groups do not name it.
        let first = (!lead.is_empty() && !listed().any(|u| u == lead)).then_some(lead);
        for unit in first.into_iter().chain(listed()) {
            let role = if unit == lead {
                Role::Lead
            } else {
                Role::Shares
            };
            let slot = *slots.entry(unit).or_insert_with(|| {
                lists.push((unit, Vec::new()));
                lists.len() - 1
            });
            let list = &mut lists[slot].1;
            // A unit listed twice on one item counts once, in its strongest role.
            match list.last_mut() {
                Some(last) if last.entry == entry => last.role = last.role.min(role),
                _ => list.push(Assignment { entry, role }),
            }
        }
    }
    lists
        .into_iter()
        .map(|(unit, list)| (unit.to_owned(), list))
        .collect()
}

/// (items led, items shared) for one unit's assignments.
pub fn role_counts(assignments: &[Assignment]) -> (usize, usize) {
    let leads = assignments.iter().filter(|a| a.role == Role::Lead).count();
    (leads, assignments.len() - leads)
}

/// Every quantitative target in document order, with the entry it belongs to.
pub fn targets<'a>(plan: &'a Plan, index: &PlanIndex) -> Vec<(usize, &'a Target)> {
    index
        .entries
        .iter()
        .enumerate()
        .filter_map(|(position, entry)| match entry.path.resolve(plan)? {
            Node::Target(target) => Some((position, target)),
            _ => None,
        })
        .collect()
}

/// A target's yearly milestones, and where they come from.
#[derive(Debug, Clone, Copy)]
pub struct Milestones<'a> {
    pub list: &'a [super::Milestone],
    /// The unit the milestones are in (an annex row's may differ from the target's: a
    /// share in % for a goal of "5 个百分点 more").
    pub unit: &'a str,
    /// The 附件2 row they come from (its position), when the target has none of its own.
    pub from_row: Option<usize>,
}

/// A target's milestones: its own, else those of the 附件2 row that breaks it down (a
/// main goal's yearly figures are given there, not beside the goal).
pub fn milestones<'a>(plan: &'a Plan, target: &'a super::Target) -> Milestones<'a> {
    let own = Milestones {
        list: &target.milestones,
        unit: &target.unit,
        from_row: None,
    };
    if !target.milestones.is_empty() {
        return own;
    }
    let Some(table) = &plan.department_table else {
        return own;
    };
    table
        .rows
        .iter()
        .position(|row| {
            row.target.as_deref() == Some(target.id.as_str()) && !row.milestones.is_empty()
        })
        .map_or(own, |at| Milestones {
            list: &table.rows[at].milestones,
            unit: &table.rows[at].unit,
            from_row: Some(at),
        })
}

/// Who is responsible for a target: the units of the item it belongs to, or for a main
/// goal, those of the 附件2 row that breaks it down.
pub fn target_owner<'a>(
    plan: &'a Plan,
    index: &PlanIndex,
    position: usize,
) -> Option<&'a Responsibility> {
    let entry = index.entries.get(position)?;
    let mut at = entry.parent;
    while let Some(parent) = at {
        if let Some(owners) = index.entries[parent].path.resolve(plan)?.owners() {
            return Some(owners);
        }
        at = index.entries[parent].parent;
    }
    // A main goal has no units of its own; 附件2 names them for the goals it breaks down.
    plan.department_table
        .as_ref()?
        .rows
        .iter()
        .find(|row| row.target.as_deref() == Some(entry.id.as_str()))
        .map(|row| &row.owners)
}

impl Bound {
    /// Compact, language-neutral form: `≥ 750`, `> 40`, `3–5`, or the words of the bar.
    pub fn compact(&self) -> String {
        use super::validate::format_figure as n;
        match self {
            Bound::AtLeast(v) => format!("≥ {}", n(*v)),
            Bound::MoreThan(v) => format!("> {}", n(*v)),
            Bound::AtMost(v) => format!("≤ {}", n(*v)),
            Bound::LessThan(v) => format!("< {}", n(*v)),
            Bound::Exactly(v) => n(*v),
            Bound::Range(low, high) => format!("{}–{}", n(*low), n(*high)),
            Bound::Qualitative(text) => text.clone(),
        }
    }

    /// The bound and its unit together: `≥ 750 家`, `> 40%`.
    pub fn with_unit(&self, unit: &str) -> String {
        match self {
            Bound::Qualitative(text) => text.clone(),
            _ => figure_with_unit(&self.compact(), unit),
        }
    }
}

/// A figure and its unit as the document writes them: `750 家`, but `40%` (no space).
pub fn figure_with_unit(figure: &str, unit: &str) -> String {
    if unit == "%" || unit.is_empty() {
        format!("{figure}{unit}")
    } else {
        format!("{figure} {unit}")
    }
}

/// The words most of the city's units' English names start with ("Liuzhou Municipal "):
/// lists leave them out so the part that tells units apart shows. Empty when no such
/// words are shared by at least half of them (and two). Computed once per plan: it looks
/// at every unit, and a list used to compute it for each row it drew.
pub fn english_city_prefix(plan: &Plan) -> String {
    let names: Vec<&str> = plan
        .owners
        .iter()
        .filter(|o| o.name.starts_with('市'))
        .filter_map(|o| o.name_en.as_deref())
        .collect();
    for words in (1..=3).rev() {
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        for name in &names {
            let parts: Vec<&str> = name.split(' ').collect();
            if parts.len() > words {
                *counts.entry(parts[..words].join(" ") + " ").or_default() += 1;
            }
        }
        if let Some((prefix, count)) = counts.into_iter().max_by_key(|(_, n)| *n)
            && count >= 2
            && count * 2 >= names.len()
        {
            return prefix;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// The assignments as they were computed before (a `String` per pair, through
    /// `Responsibility::units`): the reference the faster one is held to.
    fn assignments_reference(plan: &Plan, index: &PlanIndex) -> HashMap<String, Vec<Assignment>> {
        let mut by_unit: HashMap<String, Vec<Assignment>> = HashMap::new();
        for (entry, owners) in responsibilities(plan, index) {
            for unit in owners.units() {
                let role = if unit == owners.lead {
                    Role::Lead
                } else {
                    Role::Shares
                };
                let list = by_unit.entry(unit.to_owned()).or_default();
                match list.last_mut() {
                    Some(last) if last.entry == entry => last.role = last.role.min(role),
                    _ => list.push(Assignment { entry, role }),
                }
            }
        }
        by_unit
    }

    #[test]
    fn assignments_are_the_references_on_real_and_synthetic_plans() {
        let mut plan = crate::store::load_embedded().unwrap().plan;
        let synthetic = crate::synthetic::plan(
            &plan,
            crate::synthetic::Shape {
                tasks: 300,
                targets: 60,
                ..crate::synthetic::Shape::LARGE
            },
        );
        // The odd cases: a lead the groups do not name, a unit listed twice, no lead.
        let owners = plan.programmes[0].tasks[0].owners.as_mut().unwrap();
        owners.lead = "not_listed".into();
        let twice = owners.groups[0][0].clone();
        owners.groups.push(vec![twice]);
        let other = plan.programmes[0].tasks[1].owners.as_mut().unwrap();
        other.lead = String::new();
        for plan in [plan, synthetic] {
            let index = PlanIndex::build(&plan);
            let got = assignments(&plan, &index);
            assert!(!got.is_empty());
            assert_eq!(got, assignments_reference(&plan, &index));
        }
    }
}
