//! `export ledger`: the 台账 that goes round after a meeting — one row per item (sub-task,
//! sub-item, target, safeguard, annex row) with its units, its target, the latest actual,
//! the traffic light at the review date, the coordinator's status and latest note, and when
//! it was last changed and by whom.
//!
//! Two groupings: by programme (document order; the overview's main goals, the safeguards
//! and the two annexes are groups of their own), and by responsible unit (registry order;
//! an item appears under each of its units with the unit's role, and where the unit has its
//! own part annotated, that part's status, progress and note are shown, field by field).
//!
//! [`build`] computes the rows; [`render`] writes them as CSV (UTF-8 with a BOM, CRLF, for
//! Excel on a Chinese-locale Windows), Markdown or one self-contained HTML page.

use std::fmt::Write;

use clap::ValueEnum;
use jiff::civil::Date;

use super::{html, md};
use crate::i18n::Strings;
use crate::model::annotation::{Annotation, AnnotationLog, Field, Stamp, Status};
use crate::model::progress::{self, DEFAULT_MARGIN, Light};
use crate::model::query::{Role, figure_with_unit, target_owner};
use crate::model::validate::format_figure;
use crate::model::{ItemPath, Node, Plan, PlanIndex};

/// How the ledger is grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum By {
    /// By programme, in document order.
    #[default]
    Programme,
    /// By responsible unit, in the registry's order; each item under each of its units.
    Unit,
}

/// The formats the ledger is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerFormat {
    Csv,
    Md,
    Html,
    /// A workbook with the printed ledger's columns, for Excel and WPS.
    Xlsx,
}

/// The ledger, ready to be written: labels are already in the reader's language.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// `zh-CN` or `en`.
    pub lang: &'static str,
    pub plan_title: String,
    pub doc_number: String,
    pub by: By,
    /// The date the lights are computed for (and, with `--as-of`, the last day whose
    /// changes count).
    pub review: Date,
    pub groups: Vec<Group>,
    /// The decisions (议定事项) and where they stand, in the order made: a section of
    /// their own (a sheet in the workbook). Empty until [`add_decisions`] fills it.
    pub decisions: Vec<DecisionLine>,
}

/// A decision as the ledger lists it, in the reader's words.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionLine {
    pub id: String,
    pub text: String,
    /// Unit names.
    pub units: Vec<String>,
    pub due: Option<Date>,
    pub status: crate::model::meeting::DecisionStatus,
    /// Open and due before the review date.
    pub overdue: bool,
    /// The items it is about, by the document's numbering (the id where there is none).
    pub items: Vec<String>,
    /// The meeting's date and title; empty for one recorded outside a meeting.
    pub meeting: String,
}

/// Adds the decisions of `meetings` as they stood at the end of `review` (the ledger's
/// review date) to the ledger.
pub fn add_decisions(
    ledger: &mut Ledger,
    plan: &Plan,
    index: &PlanIndex,
    meetings: &crate::model::meeting::MeetingLog,
) {
    let review = ledger.review;
    let log = meetings.as_of(review);
    let english = ledger.lang == crate::i18n::Lang::En.code();
    let unit = |id: &str| {
        plan.owners
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| id.to_owned(), |o| o.name_in(english).to_owned())
    };
    let item = |id: &str| {
        index
            .position(id)
            .and_then(|p| crate::model::numbering::document_number(plan, index.entries[p].path))
            .unwrap_or_else(|| id.to_owned())
    };
    ledger.decisions = log
        .decisions()
        .iter()
        .map(|d| DecisionLine {
            id: d.id.clone(),
            text: d.text.clone(),
            units: d.units.iter().map(|u| unit(u)).collect(),
            due: d.due,
            status: d.status,
            overdue: d.is_overdue(review),
            items: d.items.iter().map(|i| item(i)).collect(),
            meeting: d
                .meeting
                .as_deref()
                .and_then(|m| log.meeting(m))
                .map(|m| format!("{} {}", m.date, m.title))
                .unwrap_or_default(),
        })
        .collect();
}

/// A programme (or the main goals, the safeguards, an annex), or a unit.
#[derive(Debug, Clone)]
pub struct Group {
    /// `p1`, `o`, `a2`, a unit id; `None` for the safeguards, which have no id as a whole.
    pub id: Option<String>,
    pub title: String,
    /// For a unit: how many of its rows it leads and shares.
    pub roles: Option<(usize, usize)>,
    pub rows: Vec<Row>,
}

/// One item (in a unit's group: one item as that unit sees it).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: String,
    /// Numbered as the document numbers it: `2．引育高层次创新人才`, `（一）加强组织领导`.
    pub title: String,
    /// The document's numbering alone (`一.2`, `附件2.4`), and the title without it.
    pub number: String,
    pub name: String,
    /// The unit's role, in a unit's group.
    pub role: Option<Role>,
    /// The lead unit's name.
    pub lead: String,
    /// The other units' names, in document order.
    pub others: Vec<String>,
    /// The same units by their shortest everyday name (an alias from the registry, the
    /// name without 市), for the printed ledger's narrow column.
    pub others_short: Vec<String>,
    /// Unit ids of the lead and of the others (document order), for the report forms.
    pub lead_id: Option<String>,
    /// For a target or an 附件2 row: the figure with its unit and the year (`≥ 100 个 · 2023年`).
    pub target: String,
    /// The unit actual values are measured in (targets and 附件2 rows).
    pub unit: String,
    /// The milestone of the review date's year, where the plan gives one (`≥ 13 人`).
    pub milestone: String,
    /// The latest actual value and its as-of date.
    pub actual: Option<(f64, Date)>,
    /// A target's light at the review date.
    pub light: Option<Light>,
    /// The light and the status say different things.
    pub disagrees: bool,
    pub status: Option<Status>,
    pub progress: Option<u8>,
    pub note: Option<String>,
    /// 进展情况, 存在问题, 下一步计划 (field by field as the note).
    pub reports: [Option<String>; 3],
    /// In the programme ledger: the units' own parts, where annotated, in the item's order
    /// of units (the unit ledger shows each on its unit's row instead).
    pub parts: Vec<Part>,
    /// The last change that counts (to the item, or to a part shown), and who made it.
    pub updated: Option<(Stamp, String)>,
}

/// One unit's own part of an item, as annotated.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The unit's name.
    pub unit: String,
    pub status: Option<Status>,
    pub progress: Option<u8>,
    pub note: Option<String>,
    /// 进展情况, 存在问题, 下一步计划.
    pub reports: [Option<String>; 3],
}

/// What an item of the ledger is, before any unit's view of it.
struct Item<'a> {
    position: usize,
    node: Node<'a>,
    /// Lead unit id and every unit id, the lead included.
    lead: Option<&'a str>,
    units: Vec<&'a str>,
}

/// Which group of the programme ledger an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    MainGoals,
    Programme(usize),
    Safeguards,
    Annex1,
    Annex2,
}

fn section(path: ItemPath) -> Option<Section> {
    Some(match path {
        ItemPath::Overview | ItemPath::OverviewTarget(_) => Section::MainGoals,
        ItemPath::Programme(p)
        | ItemPath::Task(p, _)
        | ItemPath::TaskTarget(p, _, _)
        | ItemPath::SubItem(p, _, _)
        | ItemPath::SubItemTarget(p, _, _, _) => Section::Programme(p),
        ItemPath::Safeguard(_) | ItemPath::SafeguardTarget(_, _) => Section::Safeguards,
        ItemPath::DistrictTable | ItemPath::DistrictRow(_) | ItemPath::DistrictCell(_, _) => {
            Section::Annex1
        }
        ItemPath::DepartmentTable | ItemPath::DepartmentRow(_) => Section::Annex2,
    })
}

/// The items that are rows: everything with an id except the group headings (the
/// overview, the programmes, the annex tables as a whole), in document order; a figure of
/// a 附件1 row only once an actual value is recorded for it (under its row).
fn items<'a>(plan: &'a Plan, index: &PlanIndex, log: &AnnotationLog) -> Vec<Item<'a>> {
    index
        .entries
        .iter()
        .enumerate()
        .filter_map(|(position, entry)| {
            let node = entry.path.resolve(plan)?;
            let (lead, units) = match node {
                Node::Overview(_)
                | Node::Programme(_)
                | Node::DistrictTable(_)
                | Node::DepartmentTable(_) => return None,
                Node::Target(_) => match target_owner(plan, index, position) {
                    Some(r) => (Some(r.lead.as_str()), r.units()),
                    None => (None, Vec::new()),
                },
                Node::DistrictRow(row) => {
                    let owner = row.owner.as_deref();
                    (owner, owner.into_iter().collect())
                }
                Node::DistrictCell(row, _, _) => {
                    let owner = row.owner.as_deref();
                    let measured = [None, owner]
                        .into_iter()
                        .filter_map(|unit| log.annotation(&entry.id, unit))
                        .any(|a| a.latest_actual().is_some());
                    if !measured {
                        return None;
                    }
                    (owner, owner.into_iter().collect())
                }
                other => match other.owners() {
                    Some(r) => (Some(r.lead.as_str()), r.units()),
                    None => (None, Vec::new()),
                },
            };
            Some(Item {
                position,
                node,
                lead,
                units,
            })
        })
        .collect()
}

struct Builder<'a> {
    plan: &'a Plan,
    index: &'a PlanIndex,
    log: &'a AnnotationLog,
    strings: &'a Strings,
    review: Date,
    /// The words most of the city's units' English names start with ("Liuzhou Municipal "),
    /// left out of short names in English; computed once per ledger.
    city_prefix: String,
}

impl Builder<'_> {
    /// Whether the reader reads English: a 附件1 cell is then named by the plan's English
    /// names of its district and column.
    fn english(&self) -> bool {
        self.strings.lang() == crate::i18n::Lang::En
    }

    fn unit_name(&self, id: &str) -> String {
        self.plan
            .owners
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| id.to_owned(), |o| o.name_in(self.english()).to_owned())
    }

    /// The unit's shortest name the plan gives (the browser's, [`crate::model::plan::Owner::shortest_name`]); in
    /// English its English name without the city's common prefix.
    fn short_name(&self, id: &str) -> String {
        let Some(owner) = self.plan.owners.iter().find(|o| o.id == id) else {
            return id.to_owned();
        };
        if let Some(en) = owner
            .short_name_en(&self.city_prefix)
            .filter(|_| self.english())
        {
            return en.to_owned();
        }
        owner.shortest_name().to_owned()
    }

    fn with_year(&self, figure: String, year: u16) -> String {
        let year = self.strings.format("ledger.deadline", &[("year", &year)]);
        format!("{figure} · {year}")
    }

    /// The row of `item`, as a whole (`unit: None`) or as `unit` sees it.
    fn row(&self, item: &Item, unit: Option<&str>) -> Row {
        let id = self.index.entries[item.position].id.as_str();
        let whole = self.log.annotation(id, None).filter(|a| a.changes > 0);
        let part = unit
            .and_then(|u| self.log.annotation(id, Some(u)))
            .filter(|a| a.changes > 0);
        let year = self.review.year();
        let milestone_of = |milestones: &[crate::model::Milestone], unit: &str| {
            milestones
                .iter()
                .find(|m| i32::from(m.year) == i32::from(year))
                .map_or_else(String::new, |m| m.bound.with_unit(unit))
        };
        let milestone = match item.node {
            Node::Target(t) => milestone_of(&t.milestones, &t.unit),
            Node::DepartmentRow(r) => milestone_of(&r.milestones, &r.unit),
            _ => String::new(),
        };
        let (target, measure_unit, light) = match item.node {
            Node::Target(t) => {
                let actuals: Vec<(Date, f64)> = whole
                    .map(|a| a.actuals.iter().map(|p| (p.as_of, p.value)).collect())
                    .unwrap_or_default();
                let assessment = progress::assess(
                    t,
                    self.plan.meta.period.start,
                    &actuals,
                    self.review,
                    DEFAULT_MARGIN,
                );
                (
                    self.with_year(t.bound.with_unit(&t.unit), t.deadline),
                    t.unit.clone(),
                    Some(assessment.light),
                )
            }
            Node::DepartmentRow(r) => {
                let target = r.milestones.last().map_or_else(String::new, |m| {
                    self.with_year(m.bound.with_unit(&r.unit), m.year)
                });
                (target, r.unit.clone(), None)
            }
            Node::DistrictCell(_, column, crate::model::Cell::Num(figure)) => {
                let year = self.plan.district_table.as_ref().map_or(0, |t| t.year);
                let target = self.with_year(figure_with_unit(figure, &column.unit), year);
                (target, column.unit.clone(), None)
            }
            _ => (String::new(), String::new(), None),
        };
        let takes_actuals = matches!(
            item.node,
            Node::Target(_) | Node::DepartmentRow(_) | Node::DistrictCell(..)
        );
        // A district's figure may be measured as a whole or as the district's own part.
        let own_part = match item.node {
            Node::DistrictCell(row, _, _) => row
                .owner
                .as_deref()
                .and_then(|u| self.log.annotation(id, Some(u))),
            _ => None,
        };
        let actual = whole
            .filter(|_| takes_actuals)
            .and_then(Annotation::latest_actual)
            .into_iter()
            .chain(own_part.and_then(Annotation::latest_actual))
            .max_by_key(|p| (p.as_of, p.at))
            .map(|p| (p.value, p.as_of));
        let pick = |field: fn(&Annotation) -> bool| {
            part.filter(|a| field(a))
                .or_else(|| whole.filter(|a| field(a)))
        };
        let status = pick(|a| a.status.is_some())
            .and_then(|a| a.status.as_ref())
            .map(|l| l.value);
        let progress = pick(|a| a.progress.is_some())
            .and_then(|a| a.progress.as_ref())
            .map(|l| l.value);
        let note = pick(|a| a.note.is_some())
            .and_then(|a| a.note.as_ref())
            .map(|l| l.value.to_string());
        let report = |field: Field| {
            part.filter(|a| a.text(field).is_some())
                .or(whole)
                .and_then(|a| a.text(field))
                .map(|l| l.value.to_string())
        };
        let reports = Field::REPORT.map(report);
        // The programme ledger shows every unit's part beside the item's own state.
        let parts: Vec<&Annotation> = match unit {
            Some(_) => Vec::new(),
            None => item
                .units
                .iter()
                .filter_map(|u| self.log.annotation(id, Some(u)))
                .filter(|a| {
                    a.status.is_some()
                        || a.progress.is_some()
                        || a.note.is_some()
                        || Field::REPORT.iter().any(|&f| a.text(f).is_some())
                })
                .collect(),
        };
        let updated = [whole, part]
            .into_iter()
            .flatten()
            .chain(parts.iter().copied())
            .max_by_key(|a| a.updated_at)
            .map(|a| (a.updated_at, a.updated_by.to_string()));
        let parts = parts
            .into_iter()
            .map(|a| Part {
                unit: self.unit_name(a.key.owner.as_deref().unwrap_or_default()),
                status: a.status.as_ref().map(|l| l.value),
                progress: a.progress.as_ref().map(|l| l.value),
                note: a.note.as_ref().map(|l| l.value.to_string()),
                reports: Field::REPORT.map(|f| a.text(f).map(|l| l.value.to_string())),
            })
            .collect();
        let role = unit.map(|u| {
            if item.lead == Some(u) {
                Role::Lead
            } else {
                Role::Shares
            }
        });
        Row {
            id: id.to_owned(),
            title: crate::model::numbering::numbered_title_in(
                self.plan,
                &item.node,
                self.english(),
            ),
            number: crate::model::numbering::document_number_in(
                self.plan,
                self.index.entries[item.position].path,
                self.english(),
            )
            .unwrap_or_default(),
            name: crate::model::numbering::title_in(self.plan, &item.node, self.english())
                .to_owned(),
            role,
            lead: item.lead.map(|u| self.unit_name(u)).unwrap_or_default(),
            others: item
                .units
                .iter()
                .filter(|u| Some(**u) != item.lead)
                .map(|u| self.unit_name(u))
                .collect(),
            others_short: item
                .units
                .iter()
                .filter(|u| Some(**u) != item.lead)
                .map(|u| self.short_name(u))
                .collect(),
            lead_id: item.lead.map(str::to_owned),
            target,
            unit: measure_unit,
            milestone,
            actual,
            light,
            disagrees: light.is_some_and(|l| progress::disagrees(l, status)),
            status,
            progress,
            note,
            reports,
            parts,
            updated,
        }
    }

    fn by_programme(&self, items: &[Item]) -> Vec<Group> {
        let mut groups: Vec<(Section, Group)> = Vec::new();
        for item in items {
            let entry = &self.index.entries[item.position];
            let Some(section) = section(entry.path) else {
                continue;
            };
            if groups.last().is_none_or(|(s, _)| *s != section) {
                groups.push((section, self.group(section)));
            }
            if let Some((_, group)) = groups.last_mut() {
                group.rows.push(self.row(item, None));
            }
        }
        groups.into_iter().map(|(_, g)| g).collect()
    }

    fn group(&self, section: Section) -> Group {
        let plan = self.plan;
        let (id, title) = match section {
            Section::MainGoals => (
                Some(plan.overview.id.clone()),
                self.strings.get("nav.main_goals").to_owned(),
            ),
            Section::Programme(p) => {
                let programme = &plan.programmes[p];
                (
                    Some(programme.id.clone()),
                    crate::model::numbering::numbered_title_in(
                        plan,
                        &Node::Programme(programme),
                        self.english(),
                    ),
                )
            }
            Section::Safeguards => (None, self.strings.get("nav.safeguards").to_owned()),
            Section::Annex1 => (
                plan.district_table.as_ref().map(|t| t.id.clone()),
                self.strings.get("nav.annex1").to_owned(),
            ),
            Section::Annex2 => (
                plan.department_table.as_ref().map(|t| t.id.clone()),
                self.strings.get("nav.annex2").to_owned(),
            ),
        };
        Group {
            id,
            title,
            roles: None,
            rows: Vec::new(),
        }
    }

    fn by_unit(&self, items: &[Item]) -> Vec<Group> {
        self.plan
            .owners
            .iter()
            .filter_map(|owner| {
                let rows: Vec<Row> = items
                    .iter()
                    .filter(|item| item.units.contains(&owner.id.as_str()))
                    .map(|item| self.row(item, Some(&owner.id)))
                    .collect();
                if rows.is_empty() {
                    return None;
                }
                let leads = rows.iter().filter(|r| r.role == Some(Role::Lead)).count();
                Some(Group {
                    id: Some(owner.id.clone()),
                    title: owner.name_in(self.english()).to_owned(),
                    roles: Some((leads, rows.len() - leads)),
                    rows,
                })
            })
            .collect()
    }
}

/// The ledger of `plan` from `log` (already cut at the as-of date where one was given),
/// with lights at `review`.
pub fn build(
    plan: &Plan,
    index: &PlanIndex,
    log: &AnnotationLog,
    by: By,
    review: Date,
    strings: &Strings,
) -> Ledger {
    let builder = Builder {
        plan,
        index,
        log,
        strings,
        review,
        city_prefix: crate::model::query::english_city_prefix(plan),
    };
    let items = items(plan, index, log);
    let groups = match by {
        By::Programme => builder.by_programme(&items),
        By::Unit => builder.by_unit(&items),
    };
    Ledger {
        lang: strings.lang().code(),
        plan_title: plan
            .meta
            .title_in(strings.lang() == crate::i18n::Lang::En)
            .to_owned(),
        doc_number: plan.meta.doc_number.clone(),
        by,
        review,
        groups,
        decisions: Vec::new(),
    }
}

/// The rows of one unit's items as that unit sees them (its part's fields where it has
/// annotated them, else the item's), in document order: what its report form lists.
pub fn unit_rows(
    plan: &Plan,
    index: &PlanIndex,
    log: &AnnotationLog,
    unit: &str,
    review: Date,
    strings: &Strings,
) -> Vec<Row> {
    let builder = Builder {
        plan,
        index,
        log,
        strings,
        review,
        city_prefix: crate::model::query::english_city_prefix(plan),
    };
    items(plan, index, log)
        .iter()
        .filter(|item| item.units.contains(&unit))
        .map(|item| builder.row(item, Some(unit)))
        .collect()
}

/// The ledger as the bytes of a file.
pub fn render(ledger: &Ledger, format: LedgerFormat, strings: &Strings) -> Result<Vec<u8>, String> {
    let cells = Cells { strings };
    match format {
        LedgerFormat::Csv => csv(ledger, &cells).map_err(|e| format!("cannot write CSV: {e}")),
        LedgerFormat::Md => Ok(markdown(ledger, &cells).into_bytes()),
        LedgerFormat::Html => Ok(html_page(ledger, &cells).into_bytes()),
        LedgerFormat::Xlsx => xlsx(ledger, &cells).map_err(|e| format!("cannot write .xlsx: {e}")),
    }
}

/// The words of cells, in the reader's language, before any format's escaping.
struct Cells<'a> {
    strings: &'a Strings,
}

impl Cells<'_> {
    /// Between the names of a list: 、 in Chinese, a comma in English.
    fn separator(&self) -> &str {
        self.strings.get("input.separator")
    }

    fn l(&self, key: &str) -> String {
        self.strings.get(key).to_owned()
    }

    fn role(&self, role: Option<Role>) -> String {
        match role {
            Some(Role::Lead) => self.l("label.lead"),
            Some(Role::Shares) => self.l("label.shares"),
            None => String::new(),
        }
    }

    fn light(&self, light: Option<Light>) -> String {
        light.map_or_else(String::new, |l| {
            self.l(&format!("light.{}_short", l.cli_name()))
        })
    }

    fn status(&self, status: Option<Status>) -> String {
        status.map_or_else(String::new, |s| self.l(s.key()))
    }

    /// Status with progress: `存在风险 · 40%`.
    fn status_progress(&self, status: Option<Status>, progress: Option<u8>) -> String {
        let status = self.status(status);
        match (status.is_empty(), progress) {
            (_, None) => status,
            (true, Some(p)) => format!("{p}%"),
            (false, Some(p)) => format!("{status} · {p}%"),
        }
    }

    /// One unit's part on a line: `【市科技局】存在风险 · 40%：note`.
    fn part(&self, part: &Part) -> String {
        let state = self.status_progress(part.status, part.progress);
        let mut line = self.strings.format("ledger.part", &[("unit", &part.unit)]);
        line.push_str(&state);
        if let Some(note) = &part.note {
            if !state.is_empty() {
                line.push_str(self.strings.get("ledger.part_note"));
            }
            line.push_str(note);
        }
        line
    }

    /// The item's note and its 进展情况/存在问题/下一步计划, then each unit's part on lines of
    /// its own.
    fn note_and_parts(&self, row: &Row) -> String {
        let mut lines: Vec<String> = row.note.iter().cloned().collect();
        for (text, key) in
            row.reports
                .iter()
                .zip(["label.progress_text", "label.problems", "label.next_steps"])
        {
            if let Some(text) = text {
                lines.push(format!(
                    "{}{}{text}",
                    self.l(key),
                    self.strings.get("ledger.part_note")
                ));
            }
        }
        lines.extend(row.parts.iter().map(|p| self.part(p)));
        lines.join("\n")
    }

    /// `96 个（2022-12-31）`.
    fn actual(&self, row: &Row) -> String {
        row.actual.map_or_else(String::new, |(value, as_of)| {
            self.strings.format(
                "ledger.actual_on",
                &[
                    ("value", &figure_with_unit(&format_figure(value), &row.unit)),
                    ("date", &as_of),
                ],
            )
        })
    }

    fn updated(&self, row: &Row) -> String {
        row.updated.as_ref().map_or_else(String::new, |(at, by)| {
            format!(
                "{} {}",
                at.local_minute(),
                html::clean(by).replace('\n', " ")
            )
        })
    }

    fn heading(&self, ledger: &Ledger) -> String {
        self.strings
            .format("ledger.heading", &[("title", &ledger.plan_title)])
    }

    fn subtitle(&self, ledger: &Ledger) -> String {
        let by = match ledger.by {
            By::Programme => self.l("ledger.by_programme"),
            By::Unit => self.l("ledger.by_unit"),
        };
        let review = self
            .strings
            .format("ledger.review", &[("date", &ledger.review)]);
        format!("{} · {by} · {review}", ledger.doc_number)
    }

    /// The decisions' column headings.
    fn decision_headers(&self) -> Vec<String> {
        [
            "ledger.col_id",
            "minutes.col_decision",
            "minutes.col_units",
            "minutes.col_due",
            "minutes.col_decision_status",
            "ledger.col_items",
            "ledger.col_meeting",
        ]
        .into_iter()
        .map(|k| self.l(k))
        .collect()
    }

    /// A decision's cells, before any format's escaping: id, text, units, due, status
    /// (逾期 for one open past its date), items, meeting.
    fn decision_cells(&self, d: &DecisionLine) -> Vec<String> {
        let status = if d.overdue {
            self.l("decision.overdue")
        } else {
            self.l(d.status.key())
        };
        vec![
            d.id.clone(),
            d.text.clone(),
            d.units.join(self.separator()),
            d.due.map_or_else(String::new, |due| due.to_string()),
            status,
            d.items.join(self.separator()),
            d.meeting.clone(),
        ]
    }

    fn roles(&self, roles: Option<(usize, usize)>) -> Option<String> {
        roles.map(|(leads, shares)| {
            self.strings.format(
                "ledger.unit_counts",
                &[("leads", &leads), ("shares", &shares)],
            )
        })
    }
}

/// Whether `row` has the same units as the row above it in its group: Markdown and HTML
/// then say 同上 ("as above") instead of repeating a long list of units — a target under
/// its sub-task, a sub-task's targets one after another.
fn same_units(rows: &[Row], at: usize) -> bool {
    at > 0 && {
        let (above, row) = (&rows[at - 1], &rows[at]);
        !row.lead.is_empty() && above.lead == row.lead && above.others == row.others
    }
}

/// Excel runs a cell that starts with `=`, `+`, `-` or `@` as a formula: untrusted text is
/// kept as text by a leading apostrophe (OWASP's advice for CSV injection).
fn csv_text(text: &str) -> String {
    let text = html::clean(text);
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text
    }
}

fn csv(ledger: &Ledger, cells: &Cells) -> Result<Vec<u8>, csv::Error> {
    let unit_mode = ledger.by == By::Unit;
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let mut header = vec![cells.l("ledger.col_group"), cells.l("ledger.col_id")];
        header.push(cells.l("ledger.col_item"));
        if unit_mode {
            header.push(cells.l("ledger.col_role"));
        }
        for key in [
            "ledger.col_lead",
            "ledger.col_others",
            "ledger.col_target",
            "ledger.col_actual",
            "ledger.col_unit",
            "ledger.col_actual_date",
            "ledger.col_light",
            "ledger.col_status",
            "ledger.col_progress",
            "ledger.col_note",
        ] {
            header.push(cells.l(key));
        }
        if !unit_mode {
            header.push(cells.l("ledger.col_parts"));
        }
        header.push(cells.l("ledger.col_updated"));
        header.push(cells.l("ledger.col_author"));
        for key in ["label.progress_text", "label.problems", "label.next_steps"] {
            header.push(cells.l(key));
        }
        writer.write_record(&header)?;
        for group in &ledger.groups {
            for row in &group.rows {
                let mut record = vec![csv_text(&group.title), csv_text(&row.id)];
                record.push(csv_text(&row.title));
                if unit_mode {
                    record.push(cells.role(row.role));
                }
                record.extend([
                    csv_text(&row.lead),
                    csv_text(&row.others.join(cells.separator())),
                    csv_text(&row.target),
                    row.actual
                        .map_or_else(String::new, |(value, _)| format_figure(value)),
                    csv_text(&row.unit),
                    row.actual
                        .map_or_else(String::new, |(_, date)| date.to_string()),
                    cells.light(row.light),
                    cells.status(row.status),
                    row.progress.map_or_else(String::new, |p| format!("{p}%")),
                    csv_text(row.note.as_deref().unwrap_or("")),
                ]);
                if !unit_mode {
                    let parts: Vec<String> = row.parts.iter().map(|p| cells.part(p)).collect();
                    record.push(csv_text(&parts.join("\n")));
                }
                record.extend([
                    row.updated
                        .as_ref()
                        .map_or_else(String::new, |(at, _)| at.local_minute()),
                    csv_text(row.updated.as_ref().map_or("", |(_, by)| by.as_str())),
                ]);
                for text in &row.reports {
                    record.push(csv_text(text.as_deref().unwrap_or("")));
                }
                writer.write_record(&record)?;
            }
        }
        writer.flush()?;
    }
    if !ledger.decisions.is_empty() {
        // The decisions after an empty line, under a heading row of their own.
        out.extend_from_slice(b"\r\n");
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(&mut out);
        writer.write_record([csv_text(&cells.l("ledger.decisions"))])?;
        writer.write_record(cells.decision_headers())?;
        for d in &ledger.decisions {
            let record: Vec<String> = cells
                .decision_cells(d)
                .iter()
                .map(|c| csv_text(c))
                .collect();
            writer.write_record(&record)?;
        }
        writer.flush()?;
    }
    Ok(out)
}

fn markdown(ledger: &Ledger, cells: &Cells) -> String {
    let unit_mode = ledger.by == By::Unit;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md::clean(&cells.heading(ledger)));
    let _ = writeln!(out, "{}", md::clean(&cells.subtitle(ledger)));
    let mut header = vec![cells.l("ledger.col_id"), cells.l("ledger.col_item")];
    if unit_mode {
        header.push(cells.l("ledger.col_role"));
    }
    for key in [
        "ledger.col_lead",
        "ledger.col_others",
        "ledger.col_target",
        "ledger.col_actual",
        "ledger.col_light",
        "ledger.col_status",
        "ledger.col_note",
        "ledger.col_updated",
    ] {
        header.push(cells.l(key));
    }
    let differs = cells.l("light.disagrees");
    for group in &ledger.groups {
        let id = group
            .id
            .as_deref()
            .map(|id| format!(" {}", md::id(id)))
            .unwrap_or_default();
        let _ = writeln!(out, "\n## {}{id}\n", md::clean(&group.title));
        if let Some(roles) = cells.roles(group.roles) {
            let _ = writeln!(out, "{}\n", md::clean(&roles));
        }
        let header: Vec<String> = header.iter().map(|h| md::clean(h)).collect();
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
        for (at, row) in group.rows.iter().enumerate() {
            let mut light = cells.light(row.light);
            if row.disagrees {
                light = format!("{light} ≠ {differs}");
            }
            let mut line = vec![md::id(&row.id), md::clean(&row.title)];
            if unit_mode {
                line.push(md::clean(&cells.role(row.role)));
            }
            let (lead, others) = if same_units(&group.rows, at) {
                (cells.l("ledger.as_above"), String::new())
            } else {
                (row.lead.clone(), row.others.join(cells.separator()))
            };
            line.extend([
                md::clean(&lead),
                md::clean(&others),
                md::clean(&row.target),
                md::clean(&cells.actual(row)),
                md::clean(&light),
                md::clean(&cells.status_progress(row.status, row.progress)),
                md::clean(&cells.note_and_parts(row)),
                md::clean(&cells.updated(row)),
            ]);
            let _ = writeln!(out, "| {} |", line.join(" | "));
        }
    }
    if !ledger.decisions.is_empty() {
        let _ = writeln!(out, "\n## {}\n", md::clean(&cells.l("ledger.decisions")));
        let headers: Vec<String> = cells
            .decision_headers()
            .iter()
            .map(|h| md::clean(h))
            .collect();
        out.push_str(&md::row(&headers));
        out.push_str(&md::row(&vec!["---".to_owned(); headers.len()]));
        for d in &ledger.decisions {
            let line: Vec<String> = cells
                .decision_cells(d)
                .iter()
                .map(|c| md::clean(c))
                .collect();
            out.push_str(&md::row(&line));
        }
    }
    out
}

/// The ledger as a workbook: one sheet, the 督办台账's columns with the group first (and
/// the unit's role in the unit ledger), status, progress and light in columns of their own
/// so they filter; A4 landscape, one page wide, the heading row on every page.
fn xlsx(ledger: &Ledger, cells: &Cells) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook};
    let unit_mode = ledger.by == By::Unit;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(cells.l("ledger.sheet"))?;
    let wrap = Format::new()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let head = wrap
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0xD9D9D9));
    let mut columns: Vec<(String, f64)> = vec![
        (cells.l("ledger.col_group"), 14.0),
        (cells.l("ledger.col_no"), 8.0),
        (cells.l("ledger.col_id"), 9.0),
        (cells.l("ledger.col_task"), 28.0),
    ];
    if unit_mode {
        columns.push((cells.l("ledger.col_role"), 6.0));
    }
    columns.extend([
        (cells.l("ledger.col_lead"), 12.0),
        (cells.l("ledger.col_others"), 18.0),
        (cells.l("ledger.col_goal"), 16.0),
        (cells.l("label.progress_text"), 30.0),
        (cells.l("label.problems"), 22.0),
        (cells.l("label.next_steps"), 22.0),
        (cells.l("ledger.col_status"), 10.0),
        (cells.l("ledger.col_progress"), 7.0),
        (cells.l("ledger.col_light"), 6.0),
    ]);
    for (c, (title, width)) in columns.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
        sheet.write_string_with_format(
            0,
            c as u16,
            crate::text::sanitize::for_cell(title),
            &head,
        )?;
    }
    let mut r = 1u32;
    for group in &ledger.groups {
        for row in &group.rows {
            let mut values = vec![
                group.title.clone(),
                row.number.clone(),
                row.id.clone(),
                row.name.clone(),
            ];
            if unit_mode {
                values.push(cells.role(row.role));
            }
            let mut goal = row.target.clone();
            if !row.milestone.is_empty() {
                goal.push('\n');
                goal.push_str(&cells.strings.format(
                    "ledger.milestone",
                    &[("year", &ledger.review.year()), ("value", &row.milestone)],
                ));
            }
            let mut light = cells.light(row.light);
            if row.disagrees {
                light.push_str(" ≠");
            }
            values.extend([
                row.lead.clone(),
                row.others.join(cells.separator()),
                goal,
                progress_cell(row, cells),
                report_cell(row, 1, cells),
                report_cell(row, 2, cells),
                cells.status(row.status),
                row.progress.map_or_else(String::new, |p| format!("{p}%")),
                light,
            ]);
            for (c, value) in values.iter().enumerate() {
                // Untrusted text: written as a string, never as a formula.
                sheet.write_string_with_format(
                    r,
                    c as u16,
                    crate::text::sanitize::for_cell(value),
                    &wrap,
                )?;
            }
            r += 1;
        }
    }
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_freeze_panes(1, 4)?;
    sheet.autofilter(0, 0, r.saturating_sub(1).max(1), columns.len() as u16 - 1)?;
    if !ledger.decisions.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name(cells.l("ledger.decision_sheet"))?;
        let widths = [10.0, 40.0, 20.0, 11.0, 9.0, 14.0, 24.0];
        for (c, (title, width)) in cells.decision_headers().iter().zip(widths).enumerate() {
            sheet.set_column_width(c as u16, width)?;
            sheet.write_string_with_format(
                0,
                c as u16,
                crate::text::sanitize::for_cell(title),
                &head,
            )?;
        }
        for (r, d) in ledger.decisions.iter().enumerate() {
            for (c, value) in cells.decision_cells(d).iter().enumerate() {
                sheet.write_string_with_format(
                    r as u32 + 1,
                    c as u16,
                    crate::text::sanitize::for_cell(value),
                    &wrap,
                )?;
            }
        }
        sheet.set_paper_size(9);
        sheet.set_landscape();
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, 0)?;
        sheet.set_freeze_panes(1, 2)?;
        sheet.autofilter(0, 0, ledger.decisions.len() as u32, widths.len() as u16 - 1)?;
    }
    book.save_to_buffer()
}

/// Co-units listed by name in the printed ledger; more are "等N个单位".
pub const UNITS_SHOWN: usize = 4;

/// The ledger's own additions to the shared page style: A4 landscape, the columns of a
/// 督办台账, and "第N页 共M页" at the foot of every page (`FOOTER` is the CSS `content`).
const LEDGER_CSS: &str = r#"@page { size: A4 landscape; margin: 12mm 10mm 14mm 10mm;
  @bottom-center { content: FOOTER; font-size: 8pt; color: #333; } }
table { font-size: 8pt; table-layout: fixed; }
.c-no { width: 5%; }
.c-item { width: 15%; }
.c-lead { width: 8%; }
.c-units { width: 10%; }
.c-target { width: 10%; }
.c-progress { width: 16%; }
.c-problems { width: 12%; }
.c-next { width: 12%; }
.c-status { width: 12%; }
.role { color: #333; font-size: 7.5pt; }
.c-no .id { font-size: 6.5pt; white-space: normal; word-break: break-all; }
"#;

/// The co-units as the printed ledger shows them: short names, at most [`UNITS_SHOWN`],
/// then "等N个单位" counting them all.
fn shortened(row: &Row, cells: &Cells) -> String {
    let names = &row.others_short;
    if names.len() <= UNITS_SHOWN {
        return names.join(cells.separator());
    }
    cells.strings.format(
        "ledger.and_others",
        &[
            ("units", &names[..UNITS_SHOWN - 1].join(cells.separator())),
            ("count", &names.len()),
        ],
    )
}

/// 进展情况 as the printed ledger fills it: the progress in words, the note, the latest
/// actual, and each unit's part.
fn progress_cell(row: &Row, cells: &Cells) -> String {
    let mut lines: Vec<String> = row.reports[0].iter().cloned().collect();
    if let Some(note) = &row.note {
        lines.push(format!("{}{}", cells.l("ledger.note_prefix"), note));
    }
    let actual = cells.actual(row);
    if !actual.is_empty() {
        lines.push(format!("{}{actual}", cells.l("ledger.actual_prefix")));
    }
    for part in &row.parts {
        let mut line = cells.part(part);
        if let Some(text) = &part.reports[0] {
            line.push_str(cells.strings.get("ledger.part_note"));
            line.push_str(text);
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// 存在问题 (`at` 1) or 下一步计划 (`at` 2): the item's, then each unit's part's with the
/// unit named (`【市科技局】…`).
fn report_cell(row: &Row, at: usize, cells: &Cells) -> String {
    let mut lines: Vec<String> = row.reports[at].iter().cloned().collect();
    for part in &row.parts {
        if let Some(text) = &part.reports[at] {
            let unit = cells.strings.format("ledger.part", &[("unit", &part.unit)]);
            lines.push(format!("{unit}{text}"));
        }
    }
    lines.join("\n")
}

fn html_page(ledger: &Ledger, cells: &Cells) -> String {
    let unit_mode = ledger.by == By::Unit;
    let heading = cells.heading(ledger);
    let mut body = String::new();
    let _ = writeln!(body, "<header>\n<h1>{}</h1>", html::text(&heading));
    let _ = writeln!(
        body,
        "<p class=\"meta\">{}</p>\n</header>",
        html::text(&cells.subtitle(ledger))
    );
    let spec: Vec<(String, &str)> = vec![
        (cells.l("ledger.col_no"), "c-no"),
        (cells.l("ledger.col_task"), "c-item"),
        (cells.l("ledger.col_lead"), "c-lead"),
        (cells.l("ledger.col_others"), "c-units"),
        (cells.l("ledger.col_goal"), "c-target"),
        (cells.l("label.progress_text"), "c-progress"),
        (cells.l("label.problems"), "c-problems"),
        (cells.l("label.next_steps"), "c-next"),
        (cells.l("ledger.col_status_light"), "c-status"),
    ];
    let columns: Vec<html::Column> = spec
        .iter()
        .map(|(heading, class)| html::Column { heading, class })
        .collect();
    let differs = cells.l("light.disagrees");
    for group in &ledger.groups {
        body.push_str("<section>\n");
        let id = group
            .id
            .as_deref()
            .map(|id| format!(" <span class=\"id\">{}</span>", html::text(id)))
            .unwrap_or_default();
        let _ = writeln!(body, "<h2>{}{id}</h2>", html::text(&group.title));
        if let Some(roles) = cells.roles(group.roles) {
            let _ = writeln!(body, "<p class=\"meta\">{}</p>", html::text(&roles));
        }
        let rows: Vec<Vec<String>> = group
            .rows
            .iter()
            .enumerate()
            .map(|(at, row)| {
                let number = if row.number.is_empty() {
                    format!("<span class=\"id\">{}</span>", html::text(&row.id))
                } else {
                    format!(
                        "{}<br><span class=\"id\">{}</span>",
                        html::text(&row.number),
                        html::text(&row.id)
                    )
                };
                let mut task = html::text(&row.name);
                if unit_mode {
                    let _ = write!(
                        task,
                        "<br><span class=\"role\">{}</span>",
                        html::text(&cells.role(row.role))
                    );
                }
                let (lead, others) = if same_units(&group.rows, at) {
                    (html::text(&cells.l("ledger.as_above")), String::new())
                } else {
                    (html::text(&row.lead), html::text(&shortened(row, cells)))
                };
                let mut goal = html::text(&row.target);
                if !row.milestone.is_empty() {
                    let _ = write!(
                        goal,
                        "<br>{}",
                        html::text(&cells.strings.format(
                            "ledger.milestone",
                            &[("year", &ledger.review.year()), ("value", &row.milestone)],
                        ))
                    );
                }
                let mut status = html::text(&cells.status_progress(row.status, row.progress));
                if let Some(l) = row.light {
                    if !status.is_empty() {
                        status.push_str("<br>");
                    }
                    status.push_str(&html::light(l, &cells.light(Some(l))));
                }
                if row.disagrees {
                    let _ = write!(
                        status,
                        " <span class=\"differs\" title=\"{}\">≠</span>",
                        html::attribute(&differs)
                    );
                }
                vec![
                    number,
                    task,
                    lead,
                    others,
                    goal,
                    html::text(&progress_cell(row, cells)),
                    html::text(&report_cell(row, 1, cells)),
                    html::text(&report_cell(row, 2, cells)),
                    status,
                ]
            })
            .collect();
        body.push_str(&html::table(&columns, &rows));
        body.push_str("</section>\n");
    }
    if !ledger.decisions.is_empty() {
        body.push_str("<section class=\"decisions\">\n");
        let _ = writeln!(
            body,
            "<h2>{}</h2>",
            html::text(&cells.l("ledger.decisions"))
        );
        let headers = cells.decision_headers();
        let classes = [
            "d-id",
            "d-text",
            "d-units",
            "d-due",
            "d-status",
            "d-items",
            "d-meeting",
        ];
        let columns: Vec<html::Column> = headers
            .iter()
            .zip(classes)
            .map(|(heading, class)| html::Column { heading, class })
            .collect();
        let rows: Vec<Vec<String>> = ledger
            .decisions
            .iter()
            .map(|d| {
                cells
                    .decision_cells(d)
                    .iter()
                    .map(|c| html::text(c))
                    .collect()
            })
            .collect();
        body.push_str(&html::table(&columns, &rows));
        body.push_str("</section>\n");
    }
    body.push_str("<footer class=\"legend\">");
    for light in Light::ALL {
        let _ = write!(
            body,
            "<span>{}</span>",
            html::light(light, &cells.l(light.key()))
        );
    }
    let _ = writeln!(
        body,
        "<span><b>≠</b> {}</span></footer>",
        html::text(&differs)
    );
    // "第N页 共M页" as CSS content: the words quoted, the counters between them.
    let footer = cells.l("ledger.page_footer");
    let quoted = |text: &str| format!("\"{}\"", text.replace(['"', '\\'], ""));
    let footer = footer
        .split("{page}")
        .map(|piece| {
            piece
                .split("{pages}")
                .map(quoted)
                .collect::<Vec<_>>()
                .join(" counter(pages) ")
        })
        .collect::<Vec<_>>()
        .join(" counter(page) ");
    let css = LEDGER_CSS.replace("FOOTER", &footer);
    html::page(ledger.lang, &heading, &css, &body)
}
