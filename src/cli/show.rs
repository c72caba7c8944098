//! `planmeet show ID`: one item and its children, or one unit and its items, as text.

use std::fmt::Write;

use crate::i18n::Strings;
use crate::input::{self, InputError};
use crate::model::numbering::bracketed;
use crate::model::query::{Role, assignments, figure_with_unit, target_owner};
use crate::model::{Cell, Node, Responsibility, Target};
use crate::store::LoadedPlan;

/// `show TEXT`: the item TEXT names (an id or the document's numbering), else the unit it
/// names (an id, a name, an alias, pinyin).
pub fn render(loaded: &LoadedPlan, text: &str, strings: &Strings) -> Result<String, String> {
    let item_error = match input::resolve_item(&loaded.plan, &loaded.index, text) {
        Ok(position) => return Ok(Show { loaded, strings }.item(position)),
        Err(e) => e,
    };
    match input::resolve_unit(&loaded.plan, text) {
        Ok(owner) => Ok(Show { loaded, strings }.unit(&owner.id)),
        // Numbering that goes too far is about items; a name of several units, or one
        // close to some, about units; anything else about items.
        Err(
            e @ (InputError::AmbiguousUnit { .. } | InputError::UnknownUnits { near: true, .. }),
        ) if !matches!(item_error, InputError::NoSuchPart { .. }) => Err(e.message(strings)),
        Err(_) => Err(item_error.message(strings)),
    }
}

struct Show<'a> {
    loaded: &'a LoadedPlan,
    strings: &'a Strings,
}

impl Show<'_> {
    fn s(&self, key: &str) -> &str {
        self.strings.get(key)
    }

    fn owner_name(&self, id: &str) -> String {
        self.loaded
            .plan
            .owners
            .iter()
            .find(|o| o.id == id)
            .map_or_else(
                || id.to_owned(),
                |o| super::context::owner_name(o, self.strings).to_owned(),
            )
    }

    /// Heading of an entry: `p1.t2  2．引育高层次创新人才 — Attract …`
    fn heading(&self, position: usize) -> String {
        let entry = &self.loaded.index.entries[position];
        let Some(node) = entry.path.resolve(&self.loaded.plan) else {
            return entry.id.clone();
        };
        let number = match node {
            Node::Programme(p) => bracketed(p.number),
            Node::Task(t) => format!("{}．", t.number),
            Node::Safeguard(t) => bracketed(t.number),
            _ => String::new(),
        };
        let en = node
            .title_en()
            .map(|e| format!(" — {e}"))
            .unwrap_or_default();
        format!("{}  {number}{}{en}", entry.id, node.title())
    }

    fn item(&self, position: usize) -> String {
        let plan = &self.loaded.plan;
        let index = &self.loaded.index;
        let entry = &index.entries[position];
        let mut out = String::new();
        // Breadcrumb: where the item sits.
        let mut trail = Vec::new();
        let mut at = entry.parent;
        while let Some(parent) = at {
            trail.push(self.heading(parent));
            at = index.entries[parent].parent;
        }
        for crumb in trail.iter().rev() {
            writeln!(out, "{crumb} ›").ok();
        }
        writeln!(out, "{}", self.heading(position)).ok();
        let Some(node) = entry.path.resolve(plan) else {
            return out;
        };
        match node {
            Node::Overview(o) => {
                self.section(&mut out, "label.guiding_ideology", &o.guiding_ideology);
                self.section(&mut out, "label.work_goals", &o.work_goals);
                self.section(&mut out, "label.main_goals", &o.main_goals_text);
            }
            Node::Target(target) => {
                self.target(&mut out, target);
                if let Some(owners) = target_owner(plan, index, position) {
                    self.owners(&mut out, owners);
                }
                return out;
            }
            Node::DistrictTable(table) => {
                writeln!(out, "\n{}: {}", self.s("label.year"), table.year).ok();
                for column in &table.columns {
                    writeln!(out, "  {}  {}（{}）", column.id, column.name, column.unit).ok();
                }
            }
            Node::DistrictRow(row) => {
                if let Some(table) = &plan.district_table {
                    writeln!(out).ok();
                    for (cell, column) in row.cells.iter().zip(&table.columns) {
                        // Each figure by the id that records its actual values.
                        let id = crate::model::district_cell_id(&row.id, &column.id);
                        let value = self.cell_value(cell, &column.unit);
                        writeln!(out, "  {}: {value}  [{id}]", column.name).ok();
                    }
                }
            }
            Node::DistrictCell(_, column, cell) => {
                let value = self.cell_value(cell, &column.unit);
                writeln!(out, "\n  {}: {value}", column.name).ok();
            }
            Node::DepartmentRow(row) => {
                writeln!(out).ok();
                for milestone in &row.milestones {
                    writeln!(
                        out,
                        "  {}: {}",
                        milestone.year,
                        milestone.bound.with_unit(&row.unit)
                    )
                    .ok();
                }
                if let Some(target) = &row.target {
                    writeln!(out, "  → {target}").ok();
                }
            }
            _ => {}
        }
        let body = node.body();
        if !body.is_empty() && !matches!(node, Node::Overview(_)) {
            writeln!(out, "\n{body}").ok();
        }
        let targets = node.targets();
        if !targets.is_empty() {
            writeln!(out, "\n{}:", self.s("label.targets")).ok();
            for target in targets {
                self.target(&mut out, target);
            }
        }
        if let Some(owners) = node.owners() {
            self.owners(&mut out, owners);
        }
        let children: Vec<usize> = index
            .children(position)
            .filter(|(_, e)| {
                !matches!(
                    e.path.resolve(plan),
                    Some(Node::Target(_) | Node::DistrictCell(..))
                )
            })
            .map(|(p, _)| p)
            .collect();
        if !children.is_empty() {
            writeln!(out, "\n{}:", self.s("label.children")).ok();
            for child in children {
                let lead = index.entries[child]
                    .path
                    .resolve(plan)
                    .and_then(|n| n.owners())
                    .map(|o| format!("  [{}]", self.owner_name(&o.lead)))
                    .unwrap_or_default();
                writeln!(out, "  {}{lead}", self.heading(child)).ok();
            }
        }
        out
    }

    /// A 附件1 figure with its unit, or "/" (not applicable).
    fn cell_value(&self, cell: &Cell, unit: &str) -> String {
        match cell {
            Cell::Num(text) => figure_with_unit(text, unit),
            Cell::NotApplicable => format!("/ ({})", self.s("label.not_applicable")),
        }
    }

    fn section(&self, out: &mut String, label: &str, text: &str) {
        writeln!(out, "\n{}\n{text}", self.s(label)).ok();
    }

    fn target(&self, out: &mut String, target: &Target) {
        writeln!(
            out,
            "  {}  {}: {}  ({} {}, {})",
            target.id,
            target.measure,
            target.bound.with_unit(&target.unit),
            self.s("label.deadline"),
            target.deadline,
            self.s(&format!("basis.{}", target.basis.key())),
        )
        .ok();
        for component in &target.components {
            writeln!(
                out,
                "      └ {}: {}",
                component.measure,
                component.bound.with_unit(&component.unit)
            )
            .ok();
        }
        if !target.milestones.is_empty() {
            let milestones: Vec<String> = target
                .milestones
                .iter()
                .map(|m| format!("{}: {}", m.year, m.bound.with_unit(&target.unit)))
                .collect();
            writeln!(
                out,
                "      {}: {}",
                self.s("label.milestones"),
                milestones.join(" · ")
            )
            .ok();
        }
    }

    fn owners(&self, out: &mut String, owners: &Responsibility) {
        let lead = self.owner_name(&owners.lead);
        let others: Vec<String> = owners.sharing().map(|u| self.owner_name(u)).collect();
        writeln!(
            out,
            "\n{}: {lead} ({})",
            self.s("label.lead_unit"),
            self.s("label.lead")
        )
        .ok();
        if !others.is_empty() {
            writeln!(out, "{}: {}", self.s("label.shares"), others.join("、")).ok();
        }
    }

    /// `show kjj`: the unit, and every item it leads or shares, in document order.
    fn unit(&self, id: &str) -> String {
        let plan = &self.loaded.plan;
        let index = &self.loaded.index;
        let mut out = String::new();
        if let Some(owner) = plan.owners.iter().find(|o| o.id == id) {
            // The name in the interface language first, the other after it.
            let first = super::context::owner_name(owner, self.strings);
            let other = [Some(owner.name.as_str()), owner.name_en.as_deref()]
                .into_iter()
                .flatten()
                .find(|name| *name != first)
                .map(|e| format!(" — {e}"))
                .unwrap_or_default();
            writeln!(out, "{id}  {first}{other}").ok();
        }
        let by_unit = assignments(plan, index);
        let items = by_unit.get(id).map(Vec::as_slice).unwrap_or_default();
        for (role, key) in [(Role::Lead, "label.leads"), (Role::Shares, "label.shares")] {
            let list: Vec<_> = items.iter().filter(|a| a.role == role).collect();
            writeln!(out, "\n{} ({}):", self.s(key), list.len()).ok();
            for assignment in list {
                writeln!(out, "  {}", self.heading(assignment.entry)).ok();
            }
        }
        out
    }
}
