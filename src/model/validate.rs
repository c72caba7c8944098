//! Semantic checks on a parsed plan. Errors make a plan unusable (a reference that points
//! nowhere, an id used twice); warnings are inconsistencies the source document itself
//! contains, which we report but never "fix", since the plan must stay faithful to it.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::fmt;

use super::index::PlanIndex;
use super::plan::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

/// What kind of problem a finding is, so tests and tools can match on it. (Serialized
/// for the plan cache only, which is keyed by this file's text.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// The message in English.
    pub message: String,
    /// The message's key in the interface strings (one of [`MESSAGES`]) and the values of
    /// its `{placeholders}`, so the command line can say it in the user's language.
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// Every message validation gives: its key in the interface strings and its English text,
/// with `{name}` placeholders. `assets/i18n/en.ron` holds the same texts (a test checks).
pub const MESSAGES: &[(&str, &str)] = &[
    (
        "finding.format_version",
        "format_version {version} is not supported (this build reads version {supported})",
    ),
    (
        "finding.bad_id",
        "ids must be 1–64 ASCII letters, digits, '.', '_' or '-'",
    ),
    ("finding.duplicate_id", "id is used by more than one item"),
    (
        "finding.period_backwards",
        "period {start}–{end} ends before it starts",
    ),
    (
        "finding.issue_date",
        "issue_date \"{date}\" is not a date of the form YYYY-MM-DD",
    ),
    (
        "finding.plan_id",
        "plan id \"{id}\" must be ASCII letters, digits, '.', '_' or '-'",
    ),
    (
        "finding.unit_id",
        "unit ids must be ASCII letters, digits, '.', '_' or '-'",
    ),
    (
        "finding.duplicate_unit_id",
        "unit id is listed more than once in the registry",
    ),
    (
        "finding.duplicate_unit_name",
        "unit name {name} is already registered as {first}",
    ),
    ("finding.alias_empty", "an alias is empty"),
    (
        "finding.alias_is_id",
        "alias {alias} is the id of unit {other}",
    ),
    (
        "finding.alias_is_name",
        "alias {alias} is the name of unit {other}",
    ),
    (
        "finding.alias_repeated",
        "alias {alias} is also an alias of unit {other}",
    ),
    (
        "finding.unknown_owner",
        "unit \"{unit}\" is not in the owner registry",
    ),
    ("finding.missing_lead", "no lead unit is given"),
    ("finding.unit_twice", "unit {unit} is listed twice"),
    (
        "finding.missing_owners",
        "no responsible units: give `owners` (with its lead) or sub-items that have them",
    ),
    (
        "finding.deadline_outside",
        "deadline {year} is outside the plan period {start}–{end}",
    ),
    (
        "finding.milestone_outside",
        "milestone year {year} is outside the plan period {start}–{end}",
    ),
    ("finding.milestone_twice", "two milestones for {year}"),
    (
        "finding.range_backwards",
        "range {low}–{high} runs backwards",
    ),
    (
        "finding.qualitative_empty",
        "a qualitative bar needs its words",
    ),
    ("finding.not_finite", "a figure is not a finite number"),
    (
        "finding.components_sum",
        "components add up to {sum}, the target says {total}",
    ),
    ("finding.column_twice", "column id {column} is used twice"),
    (
        "finding.table_year_outside",
        "table year {year} is outside the plan period",
    ),
    (
        "finding.cell_count",
        "row has {cells} cells, the table has {columns} columns",
    ),
    ("finding.bad_cell", "{column}: \"{text}\" is not a number"),
    ("finding.totals", "more than one row is marked as the total"),
    (
        "finding.district_sum",
        "{column} ({unit}): the districts add up to {districts}, the {row} row says {city}",
    ),
    (
        "finding.row_years",
        "row gives years {years}, the table's columns are {columns}",
    ),
    (
        "finding.unknown_target",
        "`target: \"{target}\"` is not the id of a target",
    ),
    (
        "finding.annex_differs",
        "{year}: this row gives {row}, target {target} gives {stated}",
    ),
    (
        "finding.unused_owner",
        "unit {name} is in the registry but no item refers to it",
    ),
];

/// `template` with each `{name}` replaced by its value; a placeholder without a value
/// stays as written, and a value is never read as a template itself.
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let (_, value) = args.iter().find(|(n, _)| *n == name)?;
            Some((value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A finding's message: its key and the values of its placeholders.
type Message = (&'static str, Vec<(&'static str, String)>);

fn english(key: &str) -> &'static str {
    MESSAGES
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, text)| text)
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

    fn push(
        &mut self,
        severity: Severity,
        kind: FindingKind,
        item: Option<&str>,
        message: Message,
    ) {
        let (key, args) = message;
        self.findings.push(Finding {
            severity,
            kind,
            item: item.map(str::to_owned),
            message: fill(english(key), &args),
            key,
            args,
        });
    }

    fn error(&mut self, kind: FindingKind, item: &str, message: Message) {
        self.push(Severity::Error, kind, Some(item), message);
    }

    fn warn(&mut self, kind: FindingKind, item: &str, message: Message) {
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
                (
                    "finding.format_version",
                    vec![
                        ("version", plan.format_version.to_string()),
                        ("supported", FORMAT_VERSION.to_string()),
                    ],
                ),
            );
        }
        self.meta();
        self.registry();
        for entry in &index.entries {
            if !is_typable_id(&entry.id) {
                self.report
                    .error(FindingKind::BadId, &entry.id, ("finding.bad_id", vec![]));
            }
        }
        let mut reported = HashSet::new();
        for id in &index.duplicates {
            if reported.insert(id) {
                self.report.error(
                    FindingKind::DuplicateId,
                    id,
                    ("finding.duplicate_id", vec![]),
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
                    ("finding.unused_owner", vec![("name", owner.name.clone())]),
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
                (
                    "finding.period_backwards",
                    vec![
                        ("start", meta.period.start.to_string()),
                        ("end", meta.period.end.to_string()),
                    ],
                ),
            );
        }
        if !is_iso_date(&meta.issue_date) {
            self.report.push(
                Severity::Error,
                FindingKind::BadDate,
                None,
                (
                    "finding.issue_date",
                    vec![("date", meta.issue_date.clone())],
                ),
            );
        }
        if !is_typable_id(&meta.id) {
            self.report.push(
                Severity::Error,
                FindingKind::BadId,
                None,
                ("finding.plan_id", vec![("id", meta.id.clone())]),
            );
        }
    }

    fn registry(&mut self) {
        for owner in &self.plan.owners {
            if !is_typable_id(&owner.id) {
                self.report
                    .error(FindingKind::BadId, &owner.id, ("finding.unit_id", vec![]));
            }
            let position = self.referenced.len();
            self.referenced.push(false);
            if self.owners.insert(owner.id.as_str(), position).is_some() {
                self.report.error(
                    FindingKind::DuplicateOwner,
                    &owner.id,
                    ("finding.duplicate_unit_id", vec![]),
                );
            }
        }
        let mut names = HashMap::new();
        for owner in &self.plan.owners {
            if let Some(first) = names.insert(owner.name.as_str(), owner.id.as_str()) {
                self.report.error(
                    FindingKind::DuplicateOwner,
                    &owner.id,
                    (
                        "finding.duplicate_unit_name",
                        vec![("name", owner.name.clone()), ("first", first.to_owned())],
                    ),
                );
            }
        }
        self.aliases();
    }

    /// Aliases name one unit each: never empty, never another unit's id (in any case), name
    /// or name without 市, and never an alias of two units.
    fn aliases(&mut self) {
        let owners = &self.plan.owners;
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for owner in owners {
            for alias in &owner.aliases {
                let alias = alias.as_str();
                let message = |key: &'static str, other: &str| {
                    (
                        key,
                        vec![("alias", alias.to_owned()), ("other", other.to_owned())],
                    )
                };
                let clash = if alias.trim().is_empty() {
                    Some(("finding.alias_empty", vec![]))
                } else if let Some(other) = owners
                    .iter()
                    .find(|o| o.id != owner.id && o.id.eq_ignore_ascii_case(alias))
                {
                    Some(message("finding.alias_is_id", &other.id))
                } else if let Some(other) = owners.iter().find(|o| {
                    o.id != owner.id && (o.name == alias || o.short_name() == Some(alias))
                }) {
                    Some(message("finding.alias_is_name", &other.id))
                } else {
                    seen.insert(alias, &owner.id)
                        .map(|other| message("finding.alias_repeated", other))
                };
                if let Some(clash) = clash {
                    self.report
                        .error(FindingKind::DuplicateOwner, &owner.id, clash);
                }
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
                ("finding.unknown_owner", vec![("unit", unit.to_owned())]),
            );
        }
    }

    fn responsibility(&mut self, item: &str, owners: &'a Responsibility) {
        if owners.lead.trim().is_empty() {
            self.report.error(
                FindingKind::MissingLead,
                item,
                ("finding.missing_lead", vec![]),
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
                    ("finding.unit_twice", vec![("unit", unit.clone())]),
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
                ("finding.missing_owners", vec![]),
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
                    (
                        "finding.deadline_outside",
                        vec![
                            ("year", target.deadline.to_string()),
                            ("start", period.start.to_string()),
                            ("end", period.end.to_string()),
                        ],
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
                    (
                        "finding.milestone_outside",
                        vec![
                            ("year", milestone.year.to_string()),
                            ("start", period.start.to_string()),
                            ("end", period.end.to_string()),
                        ],
                    ),
                );
            }
            if !years.insert(milestone.year) {
                self.report.error(
                    FindingKind::DuplicateMilestone,
                    id,
                    (
                        "finding.milestone_twice",
                        vec![("year", milestone.year.to_string())],
                    ),
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
                Some((
                    "finding.range_backwards",
                    vec![("low", low.to_string()), ("high", high.to_string())],
                ))
            }
            Bound::Qualitative(text) if text.trim().is_empty() => {
                Some(("finding.qualitative_empty", vec![]))
            }
            other => other
                .figures()
                .any(|v| !v.is_finite())
                .then(|| ("finding.not_finite", vec![])),
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
                    (
                        "finding.components_sum",
                        vec![("sum", sum.to_string()), ("total", total.to_string())],
                    ),
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
                    ("finding.column_twice", vec![("column", column.id.clone())]),
                );
            }
        }
        if !self.plan.meta.period.contains(table.year) {
            self.report.error(
                FindingKind::YearOutsidePeriod,
                &table.id,
                (
                    "finding.table_year_outside",
                    vec![("year", table.year.to_string())],
                ),
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
                    (
                        "finding.cell_count",
                        vec![
                            ("cells", row.cells.len().to_string()),
                            ("columns", columns.to_string()),
                        ],
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
                        (
                            "finding.bad_cell",
                            vec![("column", column.name.clone()), ("text", text.clone())],
                        ),
                    );
                }
            }
        }
        let totals: Vec<&DistrictRow> = table.rows.iter().filter(|r| r.total).collect();
        if totals.len() > 1 {
            self.report.error(
                FindingKind::CellCount,
                &table.id,
                ("finding.totals", vec![]),
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
                        (
                            "finding.district_sum",
                            vec![
                                ("column", column.name.clone()),
                                ("unit", column.unit.clone()),
                                ("districts", format_figure(districts)),
                                ("row", total.label.clone()),
                                ("city", format_figure(city)),
                            ],
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
                    (
                        "finding.table_year_outside",
                        vec![("year", year.to_string())],
                    ),
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
                    (
                        "finding.row_years",
                        vec![
                            ("years", format!("{years:?}")),
                            ("columns", format!("{:?}", table.years)),
                        ],
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
                    (
                        "finding.unknown_target",
                        vec![("target", target_id.clone())],
                    ),
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
                        (
                            "finding.annex_differs",
                            vec![
                                ("year", milestone.year.to_string()),
                                ("row", format!("{:?}", milestone.bound)),
                                ("target", target.id.clone()),
                                ("stated", format!("{:?}", stated.bound)),
                            ],
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
    fn fill_replaces_each_placeholder_once() {
        let args = [("a", "{b}".to_owned()), ("b", "2".to_owned())];
        assert_eq!(fill("{a} and {b}, {c}", &args), "{b} and 2, {c}");
        assert_eq!(fill("no holes {", &args), "no holes {");
    }

    #[test]
    fn aliases_name_one_unit_each() {
        let plan = crate::store::load_embedded().unwrap().plan;
        assert!(validate(&plan).is_valid());
        let with_alias = |unit: &str, alias: &str| {
            let mut plan = plan.clone();
            let owner = plan.owners.iter_mut().find(|o| o.id == unit).unwrap();
            owner.aliases.push(alias.to_owned());
            validate(&plan)
                .errors()
                .map(|f| (f.item.clone().unwrap_or_default(), f.key))
                .collect::<Vec<_>>()
        };
        let expect = |key: &'static str| vec![("kjj".to_owned(), key)];
        assert_eq!(with_alias("kjj", "CZJ"), expect("finding.alias_is_id"));
        assert_eq!(
            with_alias("kjj", "市财政局"),
            expect("finding.alias_is_name")
        );
        assert_eq!(with_alias("kjj", "财政局"), expect("finding.alias_is_name"));
        assert_eq!(with_alias("kjj", " "), expect("finding.alias_empty"));
        // The second unit to claim an alias is the one reported.
        assert_eq!(
            with_alias("kjj", "工信局"),
            vec![("gxj".to_owned(), "finding.alias_repeated")]
        );
        // Its own name without 市 is no clash, only redundant.
        assert_eq!(with_alias("kjj", "科技局"), vec![]);
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
