//! Semantic checks on a parsed plan. Errors make a plan unusable (a reference that points
//! nowhere, an id used twice); warnings are inconsistencies the source document itself
//! contains, which we report but never "fix", since the plan must stay faithful to it.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::fmt;

use super::index::PlanIndex;
use super::plan::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// What kind of problem a finding is, so tests and tools can match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    FormatVersion,
    BadId,
    DuplicateId,
    DuplicateOwner,
    UnknownOwner,
    MissingLead,
    MissingOwners,
    DuplicateUnit,
    YearOutsidePeriod,
    DuplicateMilestone,
    BadBound,
    BadDate,
    CellCount,
    BadCell,
    UnknownTarget,
    /// The document's own figures disagree (districts vs city, annex vs main goals…).
    Inconsistent,
    UnusedOwner,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub kind: FindingKind,
    /// The item the finding is about, when there is one.
    pub item: Option<String>,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.item {
            Some(id) => write!(f, "{level}: [{id}] {}", self.message),
            None => write!(f, "{level}: {}", self.message),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }

    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }

    fn push(&mut self, severity: Severity, kind: FindingKind, item: Option<&str>, message: String) {
        self.findings.push(Finding {
            severity,
            kind,
            item: item.map(str::to_owned),
            message,
        });
    }

    fn error(&mut self, kind: FindingKind, item: &str, message: String) {
        self.push(Severity::Error, kind, Some(item), message);
    }

    fn warn(&mut self, kind: FindingKind, item: &str, message: String) {
        self.push(Severity::Warning, kind, Some(item), message);
    }
}

/// Sums that differ by less than this are rounding in the document, not a mismatch.
const SUM_TOLERANCE: f64 = 0.005;

pub fn validate(plan: &Plan) -> Report {
    let index = PlanIndex::build(plan);
    validate_with_index(plan, &index)
}

pub fn validate_with_index(plan: &Plan, index: &PlanIndex) -> Report {
    let mut checker = Checker {
        plan,
        report: Report::default(),
        owners: HashMap::new(),
        referenced: Vec::new(),
    };
    checker.run(index);
    checker.report
}

struct Checker<'a> {
    plan: &'a Plan,
    report: Report,
    /// Unit id → its position in the registry.
    owners: HashMap<&'a str, usize>,
    /// Per registry position: does any item refer to the unit?
    referenced: Vec<bool>,
}

/// Ids must be short and typable: they are what a coordinator types on the command line.
pub fn is_typable_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

impl<'a> Checker<'a> {
    fn run(&mut self, index: &PlanIndex) {
        let plan = self.plan;
        if plan.format_version != FORMAT_VERSION {
            self.report.push(
                Severity::Error,
                FindingKind::FormatVersion,
                None,
                format!(
                    "format_version {} is not supported (this build reads version {FORMAT_VERSION})",
                    plan.format_version
                ),
            );
        }
        self.meta();
        self.registry();
        for entry in &index.entries {
            if !is_typable_id(&entry.id) {
                self.report.error(
                    FindingKind::BadId,
                    &entry.id,
                    "ids must be 1–64 ASCII letters, digits, '.', '_' or '-'".into(),
                );
            }
        }
        let mut reported = HashSet::new();
        for id in &index.duplicates {
            if reported.insert(id) {
                self.report.error(
                    FindingKind::DuplicateId,
                    id,
                    "id is used by more than one item".into(),
                );
            }
        }
        self.targets(&plan.overview.targets);
        for programme in &plan.programmes {
            for task in &programme.tasks {
                self.task(task);
            }
        }
        for measure in &plan.safeguards {
            self.task(measure);
        }
        if let Some(table) = &plan.district_table {
            self.district_table(table);
        }
        if let Some(table) = &plan.department_table {
            self.department_table(table, index);
        }
        for owner in &plan.owners {
            let position = self.owners.get(owner.id.as_str()).copied();
            if position.is_some_and(|p| !self.referenced[p]) {
                self.report.warn(
                    FindingKind::UnusedOwner,
                    &owner.id,
                    format!(
                        "unit {} is in the registry but no item refers to it",
                        owner.name
                    ),
                );
            }
        }
    }

    fn meta(&mut self) {
        let meta = &self.plan.meta;
        if meta.period.start > meta.period.end {
            self.report.push(
                Severity::Error,
                FindingKind::BadDate,
                None,
                format!(
                    "period {}–{} ends before it starts",
                    meta.period.start, meta.period.end
                ),
            );
        }
        if !is_iso_date(&meta.issue_date) {
            self.report.push(
                Severity::Error,
                FindingKind::BadDate,
                None,
                format!(
                    "issue_date {:?} is not a date of the form YYYY-MM-DD",
                    meta.issue_date
                ),
            );
        }
        if !is_typable_id(&meta.id) {
            self.report.push(
                Severity::Error,
                FindingKind::BadId,
                None,
                format!(
                    "plan id {:?} must be ASCII letters, digits, '.', '_' or '-'",
                    meta.id
                ),
            );
        }
    }

    fn registry(&mut self) {
        for owner in &self.plan.owners {
            if !is_typable_id(&owner.id) {
                self.report.error(
                    FindingKind::BadId,
                    &owner.id,
                    "unit ids must be ASCII letters, digits, '.', '_' or '-'".into(),
                );
            }
            let position = self.referenced.len();
            self.referenced.push(false);
            if self.owners.insert(owner.id.as_str(), position).is_some() {
                self.report.error(
                    FindingKind::DuplicateOwner,
                    &owner.id,
                    "unit id is listed more than once in the registry".into(),
                );
            }
        }
        let mut names = HashMap::new();
        for owner in &self.plan.owners {
            if let Some(first) = names.insert(owner.name.as_str(), owner.id.as_str()) {
                self.report.error(
                    FindingKind::DuplicateOwner,
                    &owner.id,
                    format!("unit name {} is already registered as {first}", owner.name),
                );
            }
        }
    }

    fn owner_ref(&mut self, item: &str, unit: &'a str) {
        if let Some(&position) = self.owners.get(unit) {
            self.referenced[position] = true;
        } else {
            self.report.error(
                FindingKind::UnknownOwner,
                item,
                format!("unit {unit:?} is not in the owner registry"),
            );
        }
    }

    fn responsibility(&mut self, item: &str, owners: &'a Responsibility) {
        if owners.lead.trim().is_empty() {
            self.report.error(
                FindingKind::MissingLead,
                item,
                "no lead unit is given".into(),
            );
        } else {
            self.owner_ref(item, &owners.lead);
        }
        // Unit lists are short: a linear look-back beats hashing.
        let mut seen: Vec<&str> = Vec::new();
        for unit in owners.groups.iter().flatten() {
            self.owner_ref(item, unit);
            if seen.contains(&unit.as_str()) {
                self.report.warn(
                    FindingKind::DuplicateUnit,
                    item,
                    format!("unit {unit} is listed twice"),
                );
            }
            seen.push(unit);
        }
    }

    fn task(&mut self, task: &'a Task) {
        match &task.owners {
            Some(owners) => self.responsibility(&task.id, owners),
            None if task.items.is_empty() => self.report.error(
                FindingKind::MissingOwners,
                &task.id,
                "no responsible units: give `owners` (with its lead) or sub-items that have them"
                    .into(),
            ),
            None => {}
        }
        self.targets(&task.targets);
        for item in &task.items {
            self.responsibility(&item.id, &item.owners);
            self.targets(&item.targets);
        }
    }

    fn targets(&mut self, targets: &'a [Target]) {
        let period = self.plan.meta.period;
        for target in targets {
            let id = target.id.as_str();
            self.bound(id, &target.bound);
            if !period.contains(target.deadline) {
                self.report.warn(
                    FindingKind::YearOutsidePeriod,
                    id,
                    format!(
                        "deadline {} is outside the plan period {}–{}",
                        target.deadline, period.start, period.end
                    ),
                );
            }
            self.milestones(id, &target.milestones);
            for component in &target.components {
                self.bound(id, &component.bound);
            }
            self.component_sum(target);
        }
    }

    fn milestones(&mut self, id: &str, milestones: &[Milestone]) {
        let period = self.plan.meta.period;
        let mut years = HashSet::new();
        for milestone in milestones {
            if !period.contains(milestone.year) {
                self.report.error(
                    FindingKind::YearOutsidePeriod,
                    id,
                    format!(
                        "milestone year {} is outside the plan period {}–{}",
                        milestone.year, period.start, period.end
                    ),
                );
            }
            if !years.insert(milestone.year) {
                self.report.error(
                    FindingKind::DuplicateMilestone,
                    id,
                    format!("two milestones for {}", milestone.year),
                );
            }
            self.bound(id, &milestone.bound);
        }
    }

    fn bound(&mut self, id: &str, bound: &Bound) {
        let problem = match bound {
            // NaN compares as nothing: it is caught here too.
            Bound::Range(low, high)
                if !matches!(
                    low.partial_cmp(high),
                    Some(Ordering::Less | Ordering::Equal)
                ) =>
            {
                Some(format!("range {low}–{high} runs backwards"))
            }
            Bound::Qualitative(text) if text.trim().is_empty() => {
                Some("a qualitative bar needs its words".to_owned())
            }
            other => other
                .figures()
                .any(|v| !v.is_finite())
                .then(|| "a figure is not a finite number".to_owned()),
        };
        if let Some(message) = problem {
            self.report.error(FindingKind::BadBound, id, message);
        }
    }

    /// "100 items, of which 20 … and 80 …": when the parts are meant to add up, say if not.
    fn component_sum(&mut self, target: &Target) {
        let Bound::Exactly(total) = target.bound else {
            return;
        };
        if target.components.len() < 2 || target.components.iter().any(|c| c.unit != target.unit) {
            return;
        }
        let parts: Option<Vec<f64>> = target
            .components
            .iter()
            .map(|c| match c.bound {
                Bound::Exactly(v) => Some(v),
                _ => None,
            })
            .collect();
        if let Some(parts) = parts {
            let sum: f64 = parts.iter().sum();
            if (sum - total).abs() > SUM_TOLERANCE {
                self.report.warn(
                    FindingKind::Inconsistent,
                    &target.id,
                    format!("components add up to {sum}, the target says {total}"),
                );
            }
        }
    }

    fn district_table(&mut self, table: &'a DistrictTable) {
        let columns = table.columns.len();
        let mut column_ids = HashSet::new();
        for column in &table.columns {
            if !column_ids.insert(column.id.as_str()) {
                self.report.error(
                    FindingKind::DuplicateId,
                    &table.id,
                    format!("column id {} is used twice", column.id),
                );
            }
        }
        if !self.plan.meta.period.contains(table.year) {
            self.report.error(
                FindingKind::YearOutsidePeriod,
                &table.id,
                format!("table year {} is outside the plan period", table.year),
            );
        }
        for row in &table.rows {
            if let Some(owner) = &row.owner {
                self.owner_ref(&row.id, owner);
            }
            if row.cells.len() != columns {
                self.report.error(
                    FindingKind::CellCount,
                    &row.id,
                    format!(
                        "row has {} cells, the table has {columns} columns",
                        row.cells.len()
                    ),
                );
            }
            for (cell, column) in row.cells.iter().zip(&table.columns) {
                if let Cell::Num(text) = cell
                    && cell.value().is_none()
                {
                    self.report.error(
                        FindingKind::BadCell,
                        &row.id,
                        format!("{}: {text:?} is not a number", column.name),
                    );
                }
            }
        }
        let totals: Vec<&DistrictRow> = table.rows.iter().filter(|r| r.total).collect();
        if totals.len() > 1 {
            self.report.error(
                FindingKind::CellCount,
                &table.id,
                "more than one row is marked as the total".into(),
            );
        }
        if let [total] = totals.as_slice() {
            for sum in district_sums(table) {
                let (Some(city), Some(districts)) = (sum.city, sum.districts) else {
                    continue;
                };
                if (city - districts).abs() > SUM_TOLERANCE {
                    let column = &table.columns[sum.column];
                    self.report.warn(
                        FindingKind::Inconsistent,
                        &total.id,
                        format!(
                            "{} ({}): the districts add up to {}, the {} row says {}",
                            column.name,
                            column.unit,
                            format_figure(districts),
                            total.label,
                            format_figure(city)
                        ),
                    );
                }
            }
        }
    }

    fn department_table(&mut self, table: &'a DepartmentTable, index: &PlanIndex) {
        for year in &table.years {
            if !self.plan.meta.period.contains(*year) {
                self.report.error(
                    FindingKind::YearOutsidePeriod,
                    &table.id,
                    format!("table year {year} is outside the plan period"),
                );
            }
        }
        for row in &table.rows {
            self.responsibility(&row.id, &row.owners);
            self.milestones(&row.id, &row.milestones);
            let years: Vec<u16> = row.milestones.iter().map(|m| m.year).collect();
            if years != table.years {
                self.report.error(
                    FindingKind::CellCount,
                    &row.id,
                    format!(
                        "row gives years {years:?}, the table's columns are {:?}",
                        table.years
                    ),
                );
            }
            let Some(target_id) = &row.target else {
                continue;
            };
            let target = index
                .get(target_id)
                .and_then(|e| e.path.resolve(self.plan))
                .and_then(|node| match node {
                    super::Node::Target(t) => Some(t),
                    _ => None,
                });
            let Some(target) = target else {
                self.report.error(
                    FindingKind::UnknownTarget,
                    &row.id,
                    format!("`target: {target_id:?}` is not the id of a target"),
                );
                continue;
            };
            for milestone in &row.milestones {
                let stated = target.milestones.iter().find(|m| m.year == milestone.year);
                if let Some(stated) = stated
                    && stated.bound != milestone.bound
                {
                    self.report.warn(
                        FindingKind::Inconsistent,
                        &row.id,
                        format!(
                            "{}: this row gives {:?}, target {} gives {:?}",
                            milestone.year, milestone.bound, target.id, stated.bound
                        ),
                    );
                }
            }
        }
    }
}

/// One column of 附件1: the city row's figure beside the sum of the district rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnSum {
    pub column: usize,
    /// The total row's figure; `None` when it is "/" or there is no total row.
    pub city: Option<f64>,
    /// Sum over the district rows ("/" counts as nothing); `None` for a column that does
    /// not add up (a rate) or where every district is "/".
    pub districts: Option<f64>,
}

pub fn district_sums(table: &DistrictTable) -> Vec<ColumnSum> {
    let total = table.rows.iter().find(|r| r.total);
    table
        .columns
        .iter()
        .enumerate()
        .map(|(column, spec)| {
            let city = total
                .and_then(|r| r.cells.get(column))
                .and_then(Cell::value);
            let values: Vec<f64> = table
                .rows
                .iter()
                .filter(|r| !r.total)
                .filter_map(|r| r.cells.get(column).and_then(Cell::value))
                .collect();
            let districts = (spec.additive && !values.is_empty()).then(|| values.iter().sum());
            ColumnSum {
                column,
                city,
                districts,
            }
        })
        .collect()
}

/// A figure without float noise: 1352.98 + 0.01 shows as 1352.99, 3.0 as 3.
pub fn format_figure(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let mut text = format!("{rounded:.2}");
    while text.contains('.') && (text.ends_with('0') || text.ends_with('.')) {
        text.pop();
    }
    if text == "-0" { "0".into() } else { text }
}

fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return false;
    }
    let month: u32 = m.parse().unwrap_or(0);
    let day: u32 = d.parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

impl Bound {
    /// The numbers in a bound, for checks and sums.
    pub fn figures(&self) -> impl Iterator<Item = f64> {
        let (a, b) = match self {
            Bound::AtLeast(v)
            | Bound::MoreThan(v)
            | Bound::AtMost(v)
            | Bound::LessThan(v)
            | Bound::Exactly(v) => (Some(*v), None),
            Bound::Range(low, high) => (Some(*low), Some(*high)),
            Bound::Qualitative(_) => (None, None),
        };
        a.into_iter().chain(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_print_without_float_noise() {
        assert_eq!(format_figure(2622.0), "2622");
        assert_eq!(format_figure(303.35 + 425.75), "729.1");
        assert_eq!(format_figure(0.1 + 0.2), "0.3");
        assert_eq!(format_figure(-0.0001), "0");
    }

    #[test]
    fn typable_ids() {
        assert!(is_typable_id("p1.t2.g1"));
        assert!(is_typable_id("xq_youguan"));
        assert!(!is_typable_id(""));
        assert!(!is_typable_id("p1 t2"));
        assert!(!is_typable_id("市科技局"));
    }

    #[test]
    fn dates() {
        assert!(is_iso_date("2021-11-02"));
        assert!(!is_iso_date("2021-13-02"));
        assert!(!is_iso_date("2021-1-2"));
        assert!(!is_iso_date("2021年11月2日"));
    }
}
