//! What the plan view lists: the navigator's sections and, for each, its items. Derived
//! once from the plan index when the plan loads, so drawing and moving never re-walk it.

use crate::model::{ItemPath, Node, Plan, PlanIndex};

/// One line of the navigator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    /// Entry positions listed in the items pane, in document order.
    pub items: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// 总体要求 / 主要目标
    Overview,
    /// One programme, by position.
    Programme(usize),
    /// 保障措施
    Safeguards,
    /// 附件1
    DistrictTable,
    /// 附件2
    DepartmentTable,
}

/// Build the navigator: overview, each programme, safeguards, then the annexes present.
pub fn sections(plan: &Plan, index: &PlanIndex) -> Vec<Section> {
    let mut sections = Vec::new();
    let listed = |wanted: &dyn Fn(&ItemPath) -> bool| -> Vec<usize> {
        index
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| wanted(&e.path))
            .map(|(p, _)| p)
            .collect()
    };
    sections.push(Section {
        kind: SectionKind::Overview,
        items: listed(&|p| matches!(p, ItemPath::Overview | ItemPath::OverviewTarget(_))),
    });
    for (number, _) in plan.programmes.iter().enumerate() {
        sections.push(Section {
            kind: SectionKind::Programme(number),
            items: listed(&|p| match *p {
                ItemPath::Task(p, _) | ItemPath::SubItem(p, _, _) => p == number,
                _ => false,
            }),
        });
    }
    if !plan.safeguards.is_empty() {
        sections.push(Section {
            kind: SectionKind::Safeguards,
            items: listed(&|p| matches!(p, ItemPath::Safeguard(_))),
        });
    }
    if plan.district_table.is_some() {
        sections.push(Section {
            kind: SectionKind::DistrictTable,
            items: listed(&|p| matches!(p, ItemPath::DistrictRow(_))),
        });
    }
    if plan.department_table.is_some() {
        sections.push(Section {
            kind: SectionKind::DepartmentTable,
            items: listed(&|p| matches!(p, ItemPath::DepartmentRow(_))),
        });
    }
    sections
}

/// Where an entry is shown in the plan view: (section, row in its items). A target is
/// shown through the item it belongs to.
pub fn locate(
    sections: &[Section],
    index: &PlanIndex,
    plan: &Plan,
    entry: usize,
) -> Option<(usize, usize)> {
    let mut at = Some(entry);
    while let Some(position) = at {
        for (s, section) in sections.iter().enumerate() {
            if let Some(row) = section.items.iter().position(|&i| i == position) {
                return Some((s, row));
            }
        }
        // A programme itself, or a table: its section, first row.
        let target_section = match index.entries[position].path.resolve(plan)? {
            Node::Programme(_) => sections.iter().position(|s| {
                matches!(s.kind, SectionKind::Programme(p) if Some(p) == index.entries[position].path.programme())
            }),
            Node::DistrictTable(_) => sections.iter().position(|s| s.kind == SectionKind::DistrictTable),
            Node::DepartmentTable(_) => {
                sections.iter().position(|s| s.kind == SectionKind::DepartmentTable)
            }
            _ => None,
        };
        if let Some(section) = target_section {
            return Some((section, 0));
        }
        at = index.entries[position].parent;
    }
    None
}
