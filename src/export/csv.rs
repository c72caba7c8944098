//! `export --format csv`: one row per target, for spreadsheets.
//!
//! Excel on a Chinese-locale Windows reads a CSV without a byte order mark as GBK and
//! garbles it; with a UTF-8 BOM it opens correctly. Lines end with CRLF, as RFC 4180 says.

use crate::model::query::{self, target_owner};
use crate::model::{Bound, DepartmentRow, Plan, PlanIndex, Responsibility, Target};

pub const HEADER: [&str; 16] = [
    "id",
    "item_id",
    "item",
    "measure",
    "comparator",
    "value",
    "value_max",
    "bar",
    "unit",
    "deadline",
    "basis",
    "milestones",
    "lead",
    "units",
    "display",
    "source",
];

pub fn render(plan: &Plan, index: &PlanIndex) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        writer.write_record(HEADER)?;
        let names = OwnerNames(plan);
        for (position, target) in query::targets(plan, index) {
            let parent = index.entries[position].parent;
            let (item_id, item) = parent
                .and_then(|p| {
                    let node = index.entries[p].path.resolve(plan)?;
                    Some((index.entries[p].id.as_str(), node.title()))
                })
                .unwrap_or(("", ""));
            let owners = target_owner(plan, index, position);
            writer.write_record(target_row(target, item_id, item, owners, &names))?;
        }
        if let Some(table) = &plan.department_table {
            for row in &table.rows {
                writer.write_record(department_row(row, &table.id, &table.title, &names))?;
            }
        }
        writer.flush()?;
    }
    Ok(out)
}

struct OwnerNames<'a>(&'a Plan);

impl OwnerNames<'_> {
    fn name(&self, id: &str) -> String {
        self.0
            .owners
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| id.to_owned(), |o| o.name.clone())
    }

    fn lead_and_units(&self, owners: Option<&Responsibility>) -> (String, String) {
        let Some(owners) = owners else {
            return (String::new(), String::new());
        };
        let units: Vec<String> = owners.units().iter().map(|u| self.name(u)).collect();
        (self.name(&owners.lead), units.join("、"))
    }
}

fn bound_columns(bound: &Bound) -> [String; 4] {
    use crate::model::validate::format_figure as n;
    let (comparator, value, max, bar) = match bound {
        Bound::AtLeast(v) => ("at_least", n(*v), String::new(), String::new()),
        Bound::MoreThan(v) => ("more_than", n(*v), String::new(), String::new()),
        Bound::AtMost(v) => ("at_most", n(*v), String::new(), String::new()),
        Bound::LessThan(v) => ("less_than", n(*v), String::new(), String::new()),
        Bound::Exactly(v) => ("exactly", n(*v), String::new(), String::new()),
        Bound::Range(a, b) => ("range", n(*a), n(*b), String::new()),
        Bound::Qualitative(text) => ("qualitative", String::new(), String::new(), text.clone()),
    };
    [comparator.to_owned(), value, max, bar]
}

fn milestones_column(milestones: &[crate::model::Milestone], unit: &str) -> String {
    milestones
        .iter()
        .map(|m| format!("{}: {}", m.year, m.bound.with_unit(unit)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn target_row(
    target: &Target,
    item_id: &str,
    item: &str,
    owners: Option<&Responsibility>,
    names: &OwnerNames,
) -> Vec<String> {
    let [comparator, value, max, bar] = bound_columns(&target.bound);
    let (lead, units) = names.lead_and_units(owners);
    vec![
        target.id.clone(),
        item_id.to_owned(),
        item.to_owned(),
        target.measure.clone(),
        comparator,
        value,
        max,
        bar,
        target.unit.clone(),
        target.deadline.to_string(),
        target.basis.key().to_owned(),
        milestones_column(&target.milestones, &target.unit),
        lead,
        units,
        target.bound.with_unit(&target.unit),
        target.source.clone(),
    ]
}

fn department_row(
    row: &DepartmentRow,
    table_id: &str,
    table: &str,
    names: &OwnerNames,
) -> Vec<String> {
    let last = row.milestones.last();
    let [comparator, value, max, bar] =
        last.map_or_else(Default::default, |m| bound_columns(&m.bound));
    let (lead, units) = names.lead_and_units(Some(&row.owners));
    vec![
        row.id.clone(),
        table_id.to_owned(),
        table.to_owned(),
        row.task.clone(),
        comparator,
        value,
        max,
        bar,
        row.unit.clone(),
        last.map(|m| m.year.to_string()).unwrap_or_default(),
        "level".to_owned(),
        milestones_column(&row.milestones, &row.unit),
        lead,
        units,
        last.map(|m| m.bound.with_unit(&row.unit))
            .unwrap_or_default(),
        String::new(),
    ]
}
