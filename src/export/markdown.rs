//! `export --format md`: the whole plan as a readable report — every programme and
//! sub-task with its full text, targets, responsible units (lead marked) and both annexes.

use std::fmt::Write;

use crate::model::numbering::bracketed;
use crate::model::validate::{district_sums, format_figure};
use crate::model::{
    Cell, DepartmentTable, DistrictTable, Plan, Responsibility, SubItem, Target, Task,
};

/// Interface words, looked up by key (see `assets/i18n/`).
pub type Label<'a> = &'a dyn Fn(&str) -> String;

pub fn render(plan: &Plan, label: Label) -> String {
    let mut out = String::new();
    let mut md = Markdown {
        plan,
        label,
        out: &mut out,
    };
    md.document();
    out
}

struct Markdown<'a> {
    plan: &'a Plan,
    label: Label<'a>,
    out: &'a mut String,
}

/// Text from the plan, escaped as every export escapes it (see [`super::md`]).
fn inline(text: &str) -> String {
    super::md::escape(text)
}

fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(|p| inline(&p.replace('\n', " ")))
        .collect::<Vec<_>>()
        .join("\n\n")
}

impl Markdown<'_> {
    fn l(&self, key: &str) -> String {
        (self.label)(key)
    }

    fn line(&mut self, text: impl AsRef<str>) {
        self.out.push_str(text.as_ref());
        self.out.push('\n');
    }

    fn document(&mut self) {
        let plan = self.plan;
        let meta = &plan.meta;
        self.line(format!("# {}", inline(&meta.title)));
        if let Some(en) = &meta.title_en {
            self.line(format!("\n*{}*", inline(en)));
        }
        self.line("");
        self.line(format!(
            "{} · {} · {} · {}–{}",
            inline(&meta.doc_number),
            inline(&meta.issuers.join("、")),
            meta.issue_date,
            meta.period.start,
            meta.period.end
        ));
        if !meta.preamble.is_empty() {
            self.line(format!("\n{}", paragraphs(&meta.preamble)));
        }
        self.overview();
        self.line(format!("\n## 二、{}", self.l("label.main_tasks")));
        for programme in &plan.programmes {
            let en = programme
                .title_en
                .as_deref()
                .map(|e| format!(" — {}", inline(e)))
                .unwrap_or_default();
            self.line(format!(
                "\n### {}{}{en} `{}`",
                bracketed(programme.number),
                inline(&programme.title),
                programme.id
            ));
            for task in &programme.tasks {
                self.task(task, &format!("{}．", task.number));
            }
        }
        self.line(format!("\n## 三、{}", self.l("label.safeguards")));
        for measure in &plan.safeguards {
            self.task(measure, &bracketed(measure.number));
        }
        if let Some(table) = &plan.district_table {
            self.district_table(table);
        }
        if let Some(table) = &plan.department_table {
            self.department_table(table);
        }
    }

    fn overview(&mut self) {
        let overview = &self.plan.overview;
        self.line(format!(
            "\n## 一、{} `{}`",
            self.l("label.overview"),
            overview.id
        ));
        self.line(format!(
            "\n### （一）{}\n",
            self.l("label.guiding_ideology")
        ));
        self.line(paragraphs(&overview.guiding_ideology));
        self.line(format!("\n### （二）{}\n", self.l("label.work_goals")));
        self.line(paragraphs(&overview.work_goals));
        self.line(format!("\n### （三）{}\n", self.l("label.main_goals")));
        self.line(paragraphs(&overview.main_goals_text));
        self.targets(&overview.targets);
    }

    fn task(&mut self, task: &Task, number: &str) {
        let en = task
            .title_en
            .as_deref()
            .map(|e| format!(" — {}", inline(e)))
            .unwrap_or_default();
        self.line(format!(
            "\n#### {number}{}{en} `{}`",
            inline(&task.title),
            task.id
        ));
        if !task.body.is_empty() {
            self.line(format!("\n{}", paragraphs(&task.body)));
        }
        self.targets(&task.targets);
        if let Some(owners) = &task.owners {
            self.owners(owners);
        }
        for item in &task.items {
            self.sub_item(item);
        }
    }

    fn sub_item(&mut self, item: &SubItem) {
        let en = item
            .title_en
            .as_deref()
            .map(|e| format!(" — {}", inline(e)))
            .unwrap_or_default();
        self.line(format!("\n##### {}{en} `{}`", inline(&item.title), item.id));
        if !item.body.is_empty() {
            self.line(format!("\n{}", paragraphs(&item.body)));
        }
        self.targets(&item.targets);
        self.owners(&item.owners);
    }

    fn owner_name(&self, id: &str) -> String {
        self.plan
            .owners
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| id.to_owned(), |o| o.name.clone())
    }

    /// 责任单位: **市科技局**（牵头）、市发展改革委；有关县区人民政府和新区管委会
    fn owners(&mut self, owners: &Responsibility) {
        let lead_mark = self.l("label.lead");
        let mut groups: Vec<String> = Vec::new();
        let lead_listed = owners.groups.iter().flatten().any(|u| *u == owners.lead);
        if !lead_listed {
            groups.push(format!(
                "**{}**（{lead_mark}）",
                inline(&self.owner_name(&owners.lead))
            ));
        }
        for group in &owners.groups {
            let names: Vec<String> = group
                .iter()
                .map(|unit| {
                    let name = inline(&self.owner_name(unit));
                    if *unit == owners.lead {
                        format!("**{name}**（{lead_mark}）")
                    } else {
                        name
                    }
                })
                .collect();
            groups.push(names.join("、"));
        }
        self.line(format!(
            "\n{}：{}",
            self.l("label.units"),
            groups.join("；")
        ));
    }

    fn targets(&mut self, targets: &[Target]) {
        if targets.is_empty() {
            return;
        }
        let years: Vec<u16> = (self.plan.meta.period.start..=self.plan.meta.period.end).collect();
        self.line(format!("\n**{}**\n", self.l("label.targets")));
        let mut header = format!(
            "| id | {} | {} | {} |",
            self.l("label.measure"),
            self.l("label.target"),
            self.l("label.deadline")
        );
        for year in &years {
            write!(header, " {year} |").ok();
        }
        self.line(&header);
        self.line(format!("|{}", "---|".repeat(4 + years.len())));
        for target in targets {
            let mut measure = inline(&target.measure);
            for component in &target.components {
                write!(
                    measure,
                    "<br>└ {}: {}",
                    inline(&component.measure),
                    inline(&component.bound.with_unit(&component.unit))
                )
                .ok();
            }
            let basis = self.l(&format!("basis.{}", target.basis.key()));
            let mut row = format!(
                "| `{}` | {measure} | {} ({basis}) | {} |",
                target.id,
                inline(&target.bound.with_unit(&target.unit)),
                target.deadline
            );
            for year in &years {
                let cell = target
                    .milestones
                    .iter()
                    .find(|m| m.year == *year)
                    .map(|m| inline(&m.bound.with_unit(&target.unit)))
                    .unwrap_or_default();
                write!(row, " {cell} |").ok();
            }
            self.line(row);
        }
    }

    fn district_table(&mut self, table: &DistrictTable) {
        self.line(format!("\n## {} `{}`\n", inline(&table.title), table.id));
        let mut header = format!("| {} |", inline(&table.label_header));
        for column in &table.columns {
            let group = column
                .group
                .as_deref()
                .map(|g| format!("{}：", inline(g)))
                .unwrap_or_default();
            write!(
                header,
                " {group}{}（{}） |",
                inline(&column.name),
                inline(&column.unit)
            )
            .ok();
        }
        self.line(header);
        self.line(format!("|---|{}", "---:|".repeat(table.columns.len())));
        let na = self.l("label.not_applicable");
        for row in &table.rows {
            let mut line = if row.total {
                format!("| **{}** |", inline(&row.label))
            } else {
                format!("| {} |", inline(&row.label))
            };
            for cell in &row.cells {
                match cell {
                    Cell::Num(text) => write!(line, " {} |", inline(text)).ok(),
                    Cell::NotApplicable => write!(line, " / ({na}) |").ok(),
                };
            }
            self.line(line);
        }
        let mut sums = format!("| *{}* |", self.l("label.district_sum"));
        for sum in district_sums(table) {
            let cell = match (sum.districts, sum.city) {
                (Some(d), Some(c)) if (d - c).abs() > 0.005 => {
                    format!("*{}* ⚠ {}", format_figure(d), self.l("label.mismatch"))
                }
                (Some(d), _) => format!("*{}*", format_figure(d)),
                (None, _) => String::new(),
            };
            write!(sums, " {cell} |").ok();
        }
        self.line(sums);
    }

    fn department_table(&mut self, table: &DepartmentTable) {
        self.line(format!("\n## {} `{}`\n", inline(&table.title), table.id));
        let mut header = format!("| id | {} |", self.l("label.task"));
        for year in &table.years {
            write!(header, " {year} |").ok();
        }
        write!(
            header,
            " {} | {} |",
            self.l("label.lead_unit"),
            self.l("label.units")
        )
        .ok();
        self.line(header);
        self.line(format!("|{}", "---|".repeat(4 + table.years.len())));
        for row in &table.rows {
            let mut line = format!(
                "| `{}` | {}（{}） |",
                row.id,
                inline(&row.task),
                inline(&row.unit)
            );
            for year in &table.years {
                let cell = row
                    .milestones
                    .iter()
                    .find(|m| m.year == *year)
                    .map(|m| inline(&m.bound.with_unit(&row.unit)))
                    .unwrap_or_default();
                write!(line, " {cell} |").ok();
            }
            let others: Vec<String> = row
                .owners
                .sharing()
                .map(|u| inline(&self.owner_name(u)))
                .collect();
            write!(
                line,
                " **{}** | {} |",
                inline(&self.owner_name(&row.owners.lead)),
                others.join("、")
            )
            .ok();
            self.line(line);
        }
    }
}
