//! The detail pane: one item in full — title, text, targets with milestones, responsible
//! units with the lead marked. Shared by the plan and owners views.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::{App, FrameLayout, Pane};
use crate::i18n::Lang;
use crate::model::progress::{disagrees, reached};
use crate::model::query::{figure_with_unit, target_owner};
use crate::model::validate::format_figure;
use crate::model::{Cell, Node, Responsibility, Target};
use crate::text::sanitize::for_terminal;
use crate::text::width::display_width;
use crate::ui::badge::{badge_long, gauge, light_badge};
use crate::ui::list::{fit_spans, pane_block, render_lines};
pub use crate::ui::names::numbered_title;
use crate::ui::{measure, target_chart};

/// The most recent changes shown in the detail pane; `planmeet status log` has them all.
const HISTORY_SHOWN: usize = 50;

pub fn draw(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    entry: Option<usize>,
    focused: bool,
    scroll: u16,
    out: &mut FrameLayout,
) {
    let block = pane_block(app, app.strings.get("pane.detail"), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    out.panes.push((area, Pane::Detail, 0));
    let Some(entry) = entry else {
        return;
    };
    // A target with actual values gets its chart at the bottom, where there is room.
    let chart_height = target_chart::MIN_HEIGHT + 2;
    let inner = if target_chart::has_chart(app, entry) && inner.height >= 2 * chart_height {
        let chart = Rect {
            y: inner.bottom() - chart_height,
            height: chart_height,
            ..inner
        };
        target_chart::draw(frame, app, chart, entry);
        Rect {
            height: inner.height - chart_height,
            ..inner
        }
    } else {
        inner
    };
    let lines = lines(app, entry, inner.width, out);
    // Never scroll past the end: the last screenful stays in view.
    let max_scroll = lines.len().saturating_sub(inner.height as usize) as u16;
    out.detail_max_scroll = Some(max_scroll);
    let scroll = scroll.min(max_scroll) as usize;
    let visible: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(inner.height as usize)
        .collect();
    render_lines(frame, visible, inner);
}

/// Everything the detail pane shows for an entry, wrapped to `width` columns.
pub fn lines(app: &App, entry: usize, width: u16, out: &mut FrameLayout) -> Vec<Line<'static>> {
    let mut detail = Detail {
        app,
        width: width.max(1),
        lines: Vec::new(),
        out,
    };
    detail.entry(entry);
    detail.lines
}

struct Detail<'a, 'o> {
    app: &'a App,
    width: u16,
    lines: Vec<Line<'static>>,
    /// Where the frame reports the text it wrapped.
    out: &'o mut FrameLayout,
}

impl<'a> Detail<'a, '_> {
    fn s(&self, key: &'static str) -> &'a str {
        self.app.strings.get(key)
    }

    /// Wrap a paragraph of untrusted text, marking every place the search matches in it,
    /// also where a match runs on over a line break.
    fn paragraph(&mut self, key: &str, text: &str, style: Style) {
        // Borrowed when the text is clean (most are): no copy per paragraph.
        let clean = crate::text::sanitize::for_terminal_multiline(text);
        let wrapped = measure::wrapped(self.app, self.out, key, &clean, self.width);
        let Some(query) = self.app.search_query() else {
            self.lines
                .extend(wrapped.into_iter().map(|l| Line::styled(l, style)));
            return;
        };
        let marks = crate::ui::palette::match_ranges(&clean, query);
        let mark = self.app.theme.highlight();
        let mut lines = crate::ui::palette::marked_lines(&clean, wrapped, &marks, style, mark);
        self.lines.append(&mut lines);
    }

    fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    fn heading(&mut self, text: &str) {
        self.blank();
        self.lines.push(Line::from(Span::styled(
            text.to_owned(),
            self.app.theme.heading(),
        )));
    }

    fn entry(&mut self, entry: usize) {
        let app = self.app;
        let theme = app.theme;
        let index = app.index();
        let Some(node) = app.node(entry) else {
            return;
        };
        let id = index.entries[entry].id.clone();
        self.paragraph(
            &format!("{id}#title"),
            &numbered_title(app, &node),
            theme.title(),
        );
        // Under English the title above is the plan's English one; the document's own
        // Chinese heading follows, as the text below it is the document's.
        if app.lang == Lang::En && node.title_en().is_some() {
            self.paragraph(
                &format!("{id}#title_zh"),
                &crate::model::numbering::numbered_title(&node),
                theme.dim(),
            );
        }
        // Where the item sits: its number as the document gives it · programme › sub-task.
        // The internal id is for the command line and exports; it closes the pane.
        let mut trail = Vec::new();
        let mut at = index.entries[entry].parent;
        while let Some(parent) = at {
            if let Some(node) = app.node(parent) {
                trail.push(numbered_title(app, &node));
            }
            at = index.entries[parent].parent;
        }
        trail.reverse();
        let dot = crate::ui::glyph::dot(app);
        let number = crate::ui::names::number(app, index.entries[entry].path);
        let trail = trail.join(theme.crumb());
        let crumb = match number {
            Some(number) if trail.is_empty() => number,
            Some(number) => format!("{number}{dot}{trail}"),
            None => trail,
        };
        if !crumb.is_empty() {
            self.paragraph(&format!("{id}#crumb"), &crumb, theme.dim());
        }
        self.annotation_summary(&id);
        self.parts(&id);
        match node {
            Node::Overview(o) => {
                for (label, key, text) in [
                    ("label.guiding_ideology", "ideology", &o.guiding_ideology),
                    ("label.work_goals", "goals", &o.work_goals),
                    ("label.main_goals", "main", &o.main_goals_text),
                ] {
                    self.heading(self.s(label));
                    self.paragraph(&format!("{id}#{key}"), text, Style::new());
                }
            }
            Node::DistrictRow(row) => self.district_row(row),
            Node::DepartmentRow(row) => {
                self.heading(self.s("label.milestones"));
                for milestone in &row.milestones {
                    self.lines.push(Line::from(vec![
                        Span::raw(format!("  {}  ", milestone.year)),
                        Span::styled(
                            for_terminal(&crate::ui::glyph::bound(
                                app,
                                milestone.bound.with_unit(&row.unit),
                            ))
                            .into_owned(),
                            theme.figure(),
                        ),
                    ]));
                }
                // The main goal this row breaks down, by its measure (its id is a detail).
                if let Some(target) = &row.target {
                    let name = app
                        .index()
                        .position(target)
                        .and_then(|p| app.node(p))
                        .map(|n| crate::ui::names::title(app, &n).to_owned())
                        .unwrap_or_else(|| target.clone());
                    self.lines.push(Line::styled(
                        format!(
                            "  {} {}",
                            crate::text::Marks::for_ascii(theme.ascii).arrow,
                            for_terminal(&name)
                        ),
                        theme.dim(),
                    ));
                }
            }
            _ => {
                let body = node.body();
                if !body.is_empty() && !matches!(node, Node::Target(_)) {
                    self.blank();
                    self.paragraph(&format!("{id}#body"), body, Style::new());
                }
            }
        }
        if let Node::Target(target) = node {
            self.heading(self.s("label.target"));
            self.target(target);
            self.blank();
            self.paragraph(&format!("{id}#source"), &target.source, theme.dim());
        }
        let targets = node.targets();
        if !targets.is_empty() {
            self.heading(&format!("{} ({})", self.s("label.targets"), targets.len()));
            for target in targets {
                self.target(target);
            }
        }
        let owners = node.owners().or_else(|| match node {
            Node::Target(_) => target_owner(&app.loaded.plan, index, entry),
            _ => None,
        });
        if let Some(owners) = owners {
            self.owners(owners);
        }
        self.history(&id);
        // Sub-items (programme 六's first sub-task) and a programme's tasks, by title.
        let children: Vec<usize> = index
            .children(entry)
            .filter(|(_, e)| !matches!(e.path.resolve(&app.loaded.plan), Some(Node::Target(_))))
            .map(|(p, _)| p)
            .collect();
        if !children.is_empty()
            && !matches!(node, Node::DistrictTable(_) | Node::DepartmentTable(_))
        {
            self.heading(self.s("label.children"));
            for child in children {
                let Some(child_node) = app.node(child) else {
                    continue;
                };
                let lead = child_node
                    .owners()
                    .map(|o| {
                        format!(
                            "  {} {}",
                            theme.lead_mark(),
                            crate::ui::names::unit(app, &o.lead)
                        )
                    })
                    .unwrap_or_default();
                let text = format!(
                    "{} {}{lead}",
                    theme.bullet(),
                    numbered_title(app, &child_node)
                );
                self.paragraph(
                    &format!("{}#child", index.entries[child].id),
                    &text,
                    Style::new(),
                );
            }
        }
        // The id the command line, the exports and the report forms name the item by.
        self.blank();
        let id_line = app.strings.format("label.item_id", &[("id", &id)]);
        self.paragraph(&format!("{id}#id"), &id_line, theme.dim());
    }

    /// `• 高新技术企业数量  ≥ 750 家  2023 · 累计` and its parts and milestones.
    fn target(&mut self, target: &Target) {
        let app = self.app;
        let theme = app.theme;
        let basis = app
            .strings
            .get(&format!("basis.{}", target.basis.key()))
            .to_owned();
        let deadline = format!("{} {}", self.s("label.deadline"), target.deadline);
        let dot = crate::ui::glyph::dot(app);
        let head = format!(
            "{} {}  {}  ({deadline}{dot}{basis})",
            theme.bullet(),
            match (&target.measure_en, app.lang == Lang::En) {
                (Some(en), true) => en,
                _ => &target.measure,
            },
            crate::ui::glyph::bound(app, target.bound.with_unit(&target.unit))
        );
        let figure = crate::ui::glyph::bound(app, target.bound.with_unit(&target.unit));
        let key = format!("{}#target", target.id);
        let wrapped = measure::wrapped(app, self.out, &key, &for_terminal(&head), self.width);
        for line in wrapped {
            // The figure is what the eye looks for: show it in its own colour.
            let spans = match line.find(&figure) {
                Some(at) if !figure.is_empty() => vec![
                    Span::raw(line[..at].to_owned()),
                    Span::styled(figure.clone(), theme.figure()),
                    Span::raw(line[at + figure.len()..].to_owned()),
                ],
                _ => vec![Span::raw(line)],
            };
            self.lines.push(Line::from(spans));
        }
        for component in &target.components {
            let text = format!(
                "    {} {}: {}",
                if theme.ascii { "`-" } else { "└" },
                match (&component.measure_en, app.lang == Lang::En) {
                    (Some(en), true) => en,
                    _ => &component.measure,
                },
                crate::ui::glyph::bound(app, component.bound.with_unit(&component.unit))
            );
            self.paragraph(
                &format!("{}#{}", target.id, component.measure),
                &text,
                theme.dim(),
            );
        }
        let milestones = crate::model::query::milestones(&self.app.loaded.plan, target);
        if !milestones.list.is_empty() {
            let text = milestones
                .list
                .iter()
                .map(|m| {
                    format!(
                        "{}: {}",
                        m.year,
                        crate::ui::glyph::bound(app, m.bound.with_unit(milestones.unit))
                    )
                })
                .collect::<Vec<_>>()
                .join(crate::ui::glyph::dot(app));
            // Say where a main goal's yearly figures are given.
            let source = milestones.from_row.map_or(String::new(), |row| {
                let number = (row + 1).to_string();
                format!(
                    " {}",
                    self.app
                        .strings
                        .format("label.milestones_from_annex", &[("row", &number)])
                )
            });
            let text = format!("    {}{source} {text}", self.s("label.milestones"));
            self.paragraph(&format!("{}#milestones", target.id), &text, Style::new());
        }
        self.actuals(&target.id, &target.unit);
        self.light(target);
    }

    /// `● 绿 · 预期 675 · ██████▊░ 91%`: the target's light at the review date.
    fn light(&mut self, target: &Target) {
        let app = self.app;
        let theme = app.theme;
        let Some(entry) = app.index().position(&target.id) else {
            return;
        };
        let Some(assessment) = app.assessment(entry) else {
            return;
        };
        let status = app.annotations.status_of(&target.id, None);
        let disagrees = disagrees(assessment.light, status);
        let (badge, style) = light_badge(app, assessment.light, disagrees);
        let mut spans = vec![Span::raw("    "), Span::styled(badge, style)];
        if let Some(expected) = assessment.expected {
            let dot = crate::ui::glyph::dot(app);
            spans.push(Span::raw(format!(
                "{dot}{} {}{}",
                self.s("label.expected"),
                format_figure(expected),
                target.unit
            )));
        }
        if let Some(share) = assessment
            .actual
            .and_then(|(_, value)| reached(target, value))
        {
            spans.push(Span::raw(crate::ui::glyph::dot(app)));
            spans.push(Span::styled(gauge(app, share, 8), theme.figure()));
            spans.push(Span::raw(format!(" {:.0}%", share * 100.0)));
        }
        self.lines
            .push(Line::from(fit_spans(spans, self.width as usize)));
        if disagrees {
            let text = format!("    {}", self.s("light.disagrees"));
            self.lines.push(Line::from(fit_spans(
                vec![Span::styled(text, theme.warning())],
                self.width as usize,
            )));
        }
    }

    /// The item's own status, progress and note, and who set them when.
    fn annotation_summary(&mut self, id: &str) {
        let app = self.app;
        let theme = app.theme;
        let label = Span::styled(format!("{}: ", self.s("label.status")), theme.dim());
        let unset = format!("{} {}", crate::ui::glyph::none(app), self.s("status.none"));
        let Some(annotation) = app.annotations.log.annotation(id, None) else {
            self.lines.push(Line::from(vec![label, Span::raw(unset)]));
            return;
        };
        let mut spans = vec![label];
        match &annotation.status {
            Some(status) => spans.push(badge_long(app, status.value)),
            None => spans.push(Span::raw(unset)),
        }
        if let Some(progress) = &annotation.progress {
            let dot = crate::ui::glyph::dot(app);
            spans.push(Span::raw(format!(
                "{dot}{} {}%",
                self.s("label.progress"),
                progress.value
            )));
        }
        self.lines
            .push(Line::from(fit_spans(spans, self.width as usize)));
        let dot = crate::ui::glyph::dot(app);
        let by = format!(
            "{} {}{dot}{}",
            " ".repeat(display_width(self.s("label.status")) + 1),
            for_terminal(&annotation.updated_by),
            annotation.updated_at.local_minute()
        );
        self.lines.push(Line::from(fit_spans(
            vec![Span::styled(by, theme.dim())],
            self.width as usize,
        )));
        if let Some(note) = &annotation.note {
            let label = if app.annotations.is_private(&note.record) {
                self.s("label.note_private")
            } else {
                self.s("label.note")
            };
            self.paragraph(
                &format!("{}#note", note.record),
                &format!("{label}: {}", note.value),
                Style::new(),
            );
        }
    }

    /// Each unit's own part of the item, as the units reported it.
    fn parts(&mut self, id: &str) {
        let app = self.app;
        let parts: Vec<_> = app
            .annotations
            .log
            .parts(id)
            .into_iter()
            .filter(|p| p.key.owner.is_some() && !p.is_blank())
            .collect();
        if parts.is_empty() {
            return;
        }
        self.heading(self.s("label.parts"));
        for part in parts {
            let unit = part.key.owner.as_deref().unwrap_or_default();
            let mut spans = vec![Span::raw(format!(
                "{} {}  ",
                app.theme.bullet(),
                for_terminal(crate::ui::names::unit(app, unit))
            ))];
            if let Some(status) = &part.status {
                spans.push(badge_long(app, status.value));
            }
            if let Some(progress) = &part.progress {
                let dot = crate::ui::glyph::dot(app);
                spans.push(Span::raw(format!("{dot}{}%", progress.value)));
            }
            self.lines
                .push(Line::from(fit_spans(spans, self.width as usize)));
            if let Some(note) = &part.note {
                self.paragraph(
                    &format!("{}#note", note.record),
                    &format!("    {}", note.value),
                    app.theme.dim(),
                );
            }
        }
    }

    /// A target's measured values over time.
    fn actuals(&mut self, id: &str, unit: &str) {
        let app = self.app;
        let theme = app.theme;
        let points: Vec<_> = app
            .annotations
            .log
            .parts(id)
            .into_iter()
            .flat_map(|p| p.actuals.iter())
            .collect();
        if points.is_empty() {
            return;
        }
        let series = points
            .iter()
            .map(|p| format!("{} {}{}", p.as_of, format_figure(p.value), unit))
            .collect::<Vec<_>>()
            .join(crate::ui::glyph::dot(app));
        let text = format!("    {}: {series}", self.s("label.actual"));
        let key = format!("{id}#actuals:{}", points.len());
        let key = format!("{key}:{}", points.last().map_or("", |p| p.record.as_str()));
        let wrapped = measure::wrapped(app, self.out, &key, &for_terminal(&text), self.width);
        for line in wrapped {
            self.lines.push(Line::styled(line, theme.figure()));
        }
    }

    /// Every change of the item and its units' parts, newest first.
    fn history(&mut self, id: &str) {
        let app = self.app;
        let theme = app.theme;
        let history = app.annotations.log.history(id);
        if history.is_empty() {
            return;
        }
        self.heading(&format!("{} ({})", self.s("label.history"), history.len()));
        let since_last = app.last_meeting().map(|m| m.opened_at);
        // What each line needs that is the same for every line: looked up and written once.
        let dot = crate::ui::glyph::dot(app);
        let new_mark = self.s("history.new");
        let unsaved_mark = self.s("annotate.unsaved_mark");
        let since_key = format!("{since_last:?}");
        let mut text = String::new();
        let mut key = String::new();
        for record in history.into_iter().rev().take(HISTORY_SHOWN) {
            let unsaved = app.annotations.is_unsaved(&record.id);
            // `[新] 2026-05-14 10:03 张三 · 市科技局: 状态 → 正常推进 [未保存]`
            text.clear();
            // What the meeting should hear: changes since the last one are marked.
            if since_last.is_some_and(|at| record.at >= at) {
                text.push_str(new_mark);
                text.push(' ');
            }
            record.at.write_local_minute(&mut text);
            text.push(' ');
            text.push_str(&for_terminal(&record.author));
            if let Some(unit) = &record.owner {
                text.push_str(dot);
                text.push_str(&for_terminal(crate::ui::names::unit(app, unit)));
            }
            text.push_str(": ");
            app.describe_into(&mut text, record);
            if unsaved {
                text.push_str(" [");
                text.push_str(unsaved_mark);
                text.push(']');
            }
            let style = if app.annotations.log.is_active(&record.id) {
                Style::new()
            } else {
                theme.dim()
            };
            key.clear();
            key.push_str(&record.id);
            key.push_str(if unsaved {
                "#historytrue"
            } else {
                "#historyfalse"
            });
            key.push_str(&since_key);
            let text = crate::text::sanitize::for_terminal_multiline(&text);
            let wrapped = measure::wrapped(app, self.out, &key, &text, self.width);
            for line in wrapped {
                self.lines.push(Line::styled(line, style));
            }
        }
    }

    /// `★ 市科技局（牵头）` then the other units, group by group.
    fn owners(&mut self, owners: &Responsibility) {
        let app = self.app;
        let theme = app.theme;
        self.heading(self.s("label.units"));
        let lead = format!(
            "{} {}（{}）",
            theme.lead_mark(),
            for_terminal(crate::ui::names::unit(app, &owners.lead)),
            self.s("label.lead")
        );
        // Wrapped like the rest: an English name is longer than the pane.
        let key = format!("{}#lead", owners.lead);
        self.paragraph(&key, &lead, theme.lead());
        for (n, group) in owners.groups.iter().enumerate() {
            let names: Vec<&str> = group
                .iter()
                .filter(|u| **u != owners.lead)
                .map(|u| crate::ui::names::unit(app, u))
                .collect();
            if names.is_empty() {
                continue;
            }
            let text = format!("  {}", names.join("、"));
            let key = format!("{}#group{n}", owners.lead);
            let key = format!("{key}:{}", group.join(","));
            self.paragraph(&key, &text, Style::new());
        }
    }

    fn district_row(&mut self, row: &crate::model::DistrictRow) {
        let app = self.app;
        let theme = app.theme;
        let Some(table) = &app.loaded.plan.district_table else {
            return;
        };
        self.heading(&for_terminal(&crate::ui::names::district_table_title(
            app, table,
        )));
        let name_width = table
            .columns
            .iter()
            .map(|c| display_width(crate::ui::names::column(app, c)))
            .max()
            .unwrap_or(0)
            .min(self.width as usize / 2);
        for (cell, column) in row.cells.iter().zip(&table.columns) {
            let value = match cell {
                Cell::Num(text) => Span::styled(
                    for_terminal(&figure_with_unit(text, &column.unit)).into_owned(),
                    theme.figure(),
                ),
                Cell::NotApplicable => {
                    Span::styled(format!("/ {}", self.s("label.not_applicable")), theme.dim())
                }
            };
            let name = crate::text::width::fit(
                crate::ui::names::column(app, column),
                name_width,
                crate::text::width::Align::Left,
            );
            self.lines.push(Line::from(vec![
                Span::raw(format!("  {}  ", for_terminal(&name))),
                value,
            ]));
        }
    }
}

/// Underline the first place on a line where the current search matches.
pub fn highlighted(app: &App, line: String, style: Style) -> Line<'static> {
    match app.search_query() {
        Some(query) => Line::from(crate::ui::palette::marked(
            &line,
            query,
            style,
            app.theme.highlight(),
        )),
        None => Line::from(Span::styled(line, style)),
    }
}
