//! View 5, dashboard: for each programme how many sub-tasks, sub-items, targets and
//! units it has, with totals; the rest of the document (main goals, safeguards, annexes)
//! in a line each, with how many items have each status and any annotations for items
//! the plan no longer has; and the targets per programme as bars. The status column
//! counts items with a status of all that can carry one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::App;
use crate::app::navigation::SectionKind;
use crate::app::views::dashboard::{Counts, DashboardCounts as Stats};
use crate::model::annotation::Status;
use crate::model::history_index::{HistoryIndex, Tally};
use crate::model::progress::Light;
use crate::model::validate::district_sums;
use crate::text::sanitize::for_terminal;
use crate::text::width::{Align, display_width};
use crate::ui::glyph::frame_fit as fit;
use crate::ui::list::{fit_spans, pane_block, render_lines};
use crate::ui::plan_view::section_label;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let history = crate::ui::changes_view::history(app);
    let stats = app.dashboard_counts(&history);
    let programmes = stats.programmes.len();
    // Header, programmes, totals, borders.
    let table_height = u16::try_from(programmes + 4).unwrap_or(u16::MAX);
    if area.height >= table_height.saturating_add(6) {
        // The lower panels as tall as their content (two lines per part when narrow).
        let bottom = u16::try_from(programmes.max(8) + 2).unwrap_or(u16::MAX);
        let [top, rest, _] = Layout::vertical([
            Constraint::Length(table_height),
            Constraint::Max(bottom),
            Constraint::Fill(1),
        ])
        .areas(area);
        table(frame, app, &stats, top);
        let units_area = Rect {
            y: rest.bottom(),
            height: area.bottom().saturating_sub(rest.bottom()),
            ..rest
        };
        if units_area.height < 4 {
            // No room for the units below (80x24): they take the place of the bars, which
            // repeat the table's target counts, in all the height that is left.
            let rest = Rect {
                height: area.bottom().saturating_sub(rest.y),
                ..rest
            };
            let [left, right] = if rest.width >= 70 {
                Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(rest)
            } else {
                Layout::vertical([Constraint::Percentage(50), Constraint::Fill(1)]).areas(rest)
            };
            others(frame, app, &history, &stats, left);
            units(frame, app, &history, &stats, right);
            return;
        }
        units(frame, app, &history, &stats, units_area);
        if rest.width >= 70 {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(rest);
            others(frame, app, &history, &stats, left);
            bars(frame, app, &stats, right);
        } else {
            others(frame, app, &history, &stats, rest);
        }
    } else {
        table(frame, app, &stats, area);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Tasks,
    SubItems,
    Targets,
    Units,
    Leads,
    Status,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::Tasks,
        Kind::SubItems,
        Kind::Targets,
        Kind::Units,
        Kind::Leads,
        Kind::Status,
    ];

    fn key(self) -> &'static str {
        match self {
            Kind::Tasks => "column.tasks",
            Kind::SubItems => "column.sub_items",
            Kind::Targets => "label.targets",
            Kind::Units => "column.units",
            Kind::Leads => "column.lead_units",
            // "0/12": items with a status of those there are; the heading says so.
            Kind::Status => "dashboard.col_annotated",
        }
    }

    fn value(self, counts: &Counts) -> String {
        match self {
            Kind::Tasks => counts.tasks.to_string(),
            Kind::SubItems => counts.sub_items.to_string(),
            Kind::Targets => counts.targets.to_string(),
            Kind::Units => counts.units.to_string(),
            Kind::Leads => counts.leads.to_string(),
            Kind::Status => format!("{}/{}", counts.annotated, counts.items()),
        }
    }
}

const MIN_NAME: usize = 12;

/// The count columns that fit beside a name of at least `MIN_NAME` columns; the least
/// telling go first when they do not (status, leads, units, sub-items).
fn count_columns(app: &App, width: usize) -> Vec<(Kind, usize)> {
    let mut columns: Vec<(Kind, usize)> = Kind::ALL
        .iter()
        .map(|&k| (k, display_width(app.strings.get(k.key())).max(4)))
        .collect();
    for drop in [
        Kind::Status,
        Kind::Leads,
        Kind::Units,
        Kind::SubItems,
        Kind::Tasks,
    ] {
        let used: usize = columns.iter().map(|(_, w)| w + 1).sum();
        if used + MIN_NAME <= width {
            break;
        }
        columns.retain(|(k, _)| *k != drop);
    }
    columns
}

fn table(frame: &mut Frame, app: &App, stats: &Stats, area: Rect) {
    let theme = app.theme;
    let dot = crate::ui::glyph::dot(app);
    let title = format!(
        "{}{dot}{}",
        app.strings.get("view.dashboard"),
        for_terminal(match (&app.loaded.plan.meta.title_en, app.lang) {
            (Some(en), crate::i18n::Lang::En) => en,
            _ => &app.loaded.plan.meta.title,
        })
    );
    // Programmes that fit between the header and the totals; the rest are counted below.
    let room = (area.height as usize).saturating_sub(4);
    let shown = stats.programmes.len().min(room);
    let hidden = stats.programmes.len() - shown;
    let mut block = pane_block(app, &title, true);
    if hidden > 0 {
        let more = format!(" +{hidden} {} ", if theme.ascii { "v" } else { "▼" });
        block = block.title_bottom(Line::from(Span::styled(more, theme.dim())).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let width = inner.width as usize;
    let columns = count_columns(app, width.saturating_sub(1));
    let name_width = width
        .saturating_sub(1)
        .saturating_sub(columns.iter().map(|(_, w)| w + 1).sum());
    let row = |name: Vec<Span<'static>>, values: Vec<String>, style: Style| {
        let mut spans = vec![Span::raw(" ")];
        spans.extend(fit_spans(name, name_width));
        for ((_, w), value) in columns.iter().zip(values) {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(
                fit(&value, *w, Align::Right).into_owned(),
                style,
            ));
        }
        Line::from(spans).style(style)
    };
    let mut lines = Vec::new();
    let headings = columns
        .iter()
        .map(|(k, _)| app.strings.get(k.key()).to_owned())
        .collect();
    lines.push(row(
        vec![Span::raw(app.strings.get("column.programme").to_owned())],
        headings,
        theme.title(),
    ));
    for (p, counts) in stats.programmes.iter().enumerate().take(shown) {
        let name = for_terminal(&section_label(app, SectionKind::Programme(p))).into_owned();
        let values = columns.iter().map(|(k, _)| k.value(counts)).collect();
        lines.push(row(vec![Span::raw(name)], values, Style::new()));
    }
    if inner.height >= 2 {
        let values = columns.iter().map(|(k, _)| k.value(&stats.total)).collect();
        let total = vec![Span::raw(app.strings.get("label.total").to_owned())];
        lines.push(row(total, values, theme.title()));
    }
    render_lines(frame, lines, inner);
}

/// Main goals, safeguards and the two annexes, one line each (two when narrow).
fn others(frame: &mut Frame, app: &App, history: &HistoryIndex, stats: &Stats, area: Rect) {
    let theme = app.theme;
    let plan = &app.loaded.plan;
    let s = &app.strings;
    let block = pane_block(app, s.get("label.other_parts"), false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let mut rows: Vec<(String, String, Style)> = Vec::new();
    rows.push((
        s.get("nav.main_goals").to_owned(),
        s.format(
            "dashboard.main_goals",
            &[("targets", &plan.overview.targets.len())],
        ),
        Style::new(),
    ));
    let safeguard_targets: usize = plan.safeguards.iter().map(|t| t.targets.len()).sum();
    rows.push((
        s.get("nav.safeguards").to_owned(),
        s.format(
            "dashboard.safeguards",
            &[
                ("measures", &plan.safeguards.len()),
                ("targets", &safeguard_targets),
                ("units", &stats.safeguard_units),
            ],
        ),
        Style::new(),
    ));
    if let Some(table) = &plan.district_table {
        let mismatches = district_sums(table)
            .iter()
            .filter(
                |c| matches!((c.city, c.districts), (Some(a), Some(b)) if (a - b).abs() > 0.005),
            )
            .count();
        let mut text = s.format(
            "dashboard.annex1",
            &[
                ("rows", &table.rows.len()),
                ("columns", &table.columns.len()),
            ],
        );
        let mut style = Style::new();
        if mismatches > 0 {
            let mark = if theme.ascii { "!" } else { "⚠" };
            let dot = crate::ui::glyph::dot(app);
            text = format!(
                "{text}{dot}{mark} {}",
                s.format("dashboard.mismatches", &[("count", &mismatches)])
            );
            style = theme.warning();
        }
        rows.push((s.get("nav.annex1").to_owned(), text, style));
    }
    if let Some(table) = &plan.department_table {
        let text = s.format("dashboard.annex2", &[("rows", &table.rows.len())]);
        rows.push((s.get("nav.annex2").to_owned(), text, Style::new()));
    }
    // What the meeting needs comes first; the parts of the document after it.
    let structural = rows.len();
    let counts: Vec<String> = Status::ALL
        .iter()
        .zip(stats.by_status)
        .filter(|(_, n)| *n > 0)
        .map(|(&status, n)| {
            format!(
                "{} {} {n}",
                theme.status_symbol(status),
                s.get(status.short_key())
            )
        })
        .collect();
    // Only once there is something to count: a fresh plan shows its parts instead.
    if !counts.is_empty() {
        rows.push((
            s.get("label.status").to_owned(),
            counts.join(crate::ui::glyph::dot(app)),
            Style::new(),
        ));
    }
    // Targets by light at the review date; the ones off pace by name, as many as a line
    // shows (the app keeps them all, counted).
    let lights = stats.lights;
    let mut off_pace = Vec::new();
    let mut named = 0;
    for &entry in &stats.off_pace {
        if named > inner.width as usize {
            break;
        }
        // Named by the measure, as the Targets view lists it, not by its id.
        if let Some(node) = app.node(entry) {
            let name = crate::ui::names::title(app, &node).to_owned();
            named += display_width(&name) + 1;
            off_pace.push(name);
        }
    }
    let counts: Vec<String> = Light::ALL
        .iter()
        .zip(lights)
        .map(|(&light, n)| {
            let short = format!("{}_short", light.key());
            format!("{} {} {n}", theme.light_symbol(light), s.get(&short))
        })
        .collect();
    if lights[..Light::ALL.len() - 1].iter().any(|&n| n > 0) {
        rows.push((
            s.get("label.light").to_owned(),
            counts.join(crate::ui::glyph::dot(app)),
            Style::new(),
        ));
    }
    if !stats.off_pace.is_empty() {
        let text = format!(
            "{}{}{}",
            stats.off_pace.len(),
            crate::ui::glyph::dot(app),
            for_terminal(&off_pace.join(crate::ui::names::list_separator(app)))
        );
        rows.push((
            s.get("dashboard.off_pace").to_owned(),
            text,
            theme.warning(),
        ));
    }
    let overdue: Vec<String> = app
        .annotations
        .meetings
        .decisions()
        .iter()
        .filter(|d| d.is_overdue(app.review_date))
        .map(|d| for_terminal(&d.text.replace('\n', " ")).into_owned())
        .collect();
    if !overdue.is_empty() {
        let dot = crate::ui::glyph::dot(app);
        let text = format!("{}{dot}{}", overdue.len(), overdue.join("；"));
        rows.push((s.get("dashboard.overdue").to_owned(), text, theme.warning()));
    }
    if history.orphan_count() > 0 {
        let keys: Vec<String> = history.orphans().map(|k| k.to_string()).collect();
        let dot = crate::ui::glyph::dot(app);
        let text = format!(
            "{}{dot}{}",
            history.orphan_count(),
            for_terminal(&keys.join("、"))
        );
        rows.push((
            s.get("annotate.orphans_heading").to_owned(),
            text,
            theme.warning(),
        ));
    }
    rows.rotate_left(structural);
    let width = inner.width as usize;
    let label_width = rows
        .iter()
        .map(|(l, _, _)| display_width(l))
        .max()
        .unwrap_or(0)
        .min(width / 2);
    let one_line = rows
        .iter()
        .all(|(_, t, _)| label_width + 3 + display_width(t) <= width)
        || inner.height as usize <= rows.len();
    let mut lines = Vec::new();
    for (label, text, style) in rows {
        let label = Span::styled(
            format!(" {}", fit(&label, label_width, Align::Left)),
            theme.heading(),
        );
        if one_line {
            let spans = vec![label, Span::raw("  "), Span::styled(text, style)];
            lines.push(Line::from(fit_spans(spans, width)));
        } else {
            lines.push(Line::from(label));
            let spans = vec![Span::raw("   "), Span::styled(text, style)];
            lines.push(Line::from(fit_spans(spans, width)));
        }
    }
    render_lines(frame, lines, inner);
}

/// Each programme's items by status and its targets by light, as a stacked bar and counts;
/// then the same for each lead unit, the units with the most items at risk, behind or red
/// first.
fn units<'a>(frame: &mut Frame, app: &'a App, history: &HistoryIndex, stats: &Stats, area: Rect) {
    let theme = app.theme;
    let block = pane_block(app, app.strings.get("dashboard.units"), false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width < 20 || inner.height == 0 {
        return;
    }
    struct Unit<'n> {
        name: std::borrow::Cow<'n, str>,
        position: usize,
        statuses: [usize; Status::ALL.len()],
        none: usize,
        lights: [usize; Light::ALL.len()],
    }
    let blank = |name: std::borrow::Cow<'a, str>, position: usize| Unit {
        name,
        position,
        statuses: [0; Status::ALL.len()],
        none: 0,
        lights: [0; Light::ALL.len()],
    };
    // Counted by the history index once per change of the log, not per frame.
    let counted = |name: std::borrow::Cow<'a, str>, position: usize, tally: &Tally| Unit {
        name,
        position,
        statuses: tally.statuses,
        none: tally.none,
        lights: tally.lights,
    };
    // First each programme, in order: its sub-tasks, sub-items and their targets.
    let mut programmes: Vec<Unit> = Vec::new();
    for section in &app.all_sections {
        let SectionKind::Programme(p) = section.kind else {
            continue;
        };
        let name = std::borrow::Cow::Owned(section_label(app, section.kind));
        programmes.push(match history.programme_tally(p) {
            Some(tally) => counted(name, p, tally),
            None => blank(name, p),
        });
    }
    // In the order the app keeps them (most trouble first); named only as far as they
    // can be shown.
    let room_for = (inner.height as usize).saturating_sub(programmes.len());
    let units: Vec<Unit> = stats
        .units_by_trouble
        .iter()
        .take(room_for)
        .filter_map(|&position| {
            let owner = app.loaded.plan.owners.get(position)?;
            let tally = history.unit_tally(position)?;
            Some(counted(
                std::borrow::Cow::Borrowed(crate::ui::names::owner(app, owner)),
                position,
                tally,
            ))
        })
        .collect();
    let all_units = stats.units_by_trouble.len();
    let width = inner.width as usize;
    let name_width = 14.min(width / 3);
    let bar_width = 16.min(width.saturating_sub(name_width + 4) / 2);
    let block_glyph = if theme.ascii { "#" } else { "█" };
    // The programmes, a rule, then the units, as many as fit.
    let rule = blank(std::borrow::Cow::Borrowed(""), usize::MAX);
    let rows: Vec<&Unit> = programmes
        .iter()
        .chain(std::iter::once(&rule))
        .chain(units.iter())
        .collect();
    // A legend of the marks first, when there is room for it (not at 80x24, where every
    // row is a unit the user came for).
    // Every row there is, named or not: the programmes, the rule and all the units.
    let all_rows = programmes.len() + 1 + all_units;
    let legend = inner.height >= 12 || inner.height as usize > all_rows;
    let room = (inner.height as usize).saturating_sub(usize::from(legend));
    // Units that do not fit are counted on the border, so the screen says more exist.
    let left_out = all_rows.saturating_sub(room);
    if left_out > 0 && area.height > 0 {
        let text = app
            .strings
            .format("dashboard.more_units", &[("count", &left_out)]);
        let bottom = Rect {
            y: area.bottom() - 1,
            height: 1,
            x: area.x + 1,
            width: area.width.saturating_sub(2),
        };
        frame.render_widget(
            Line::from(Span::styled(format!(" {text} "), theme.dim())).right_aligned(),
            bottom,
        );
    }
    let legend_line = {
        let mut spans = vec![Span::raw(" ")];
        for status in Status::ALL {
            spans.push(Span::styled(
                format!(
                    "{}{} ",
                    theme.status_symbol(status),
                    app.strings.get(status.short_key())
                ),
                theme.status(status),
            ));
        }
        spans.push(Span::styled(
            app.strings
                .format("dashboard.none_count", &[("count", &"N")])
                + " ",
            theme.dim(),
        ));
        for light in Light::ALL.into_iter().take(3) {
            spans.push(Span::styled(
                format!(
                    "{}{} ",
                    theme.light_symbol(light),
                    app.strings.get(&format!("{}_short", light.key()))
                ),
                theme.light(light),
            ));
        }
        Line::from(fit_spans(spans, width))
    };
    let lines: Vec<Line> = legend
        .then_some(legend_line)
        .into_iter()
        .chain(rows.into_iter().take(room).map(|unit| {
            if unit.position == usize::MAX {
                return Line::styled(
                    format!(
                        " {}",
                        (if theme.ascii { "-" } else { "─" }).repeat(width.saturating_sub(2))
                    ),
                    theme.dim(),
                );
            }
            let total = unit.statuses.iter().sum::<usize>() + unit.none;
            let mut spans = vec![
                Span::raw(" "),
                Span::raw(fit(&for_terminal(&unit.name), name_width, Align::Left).into_owned()),
                Span::raw(" "),
            ];
            // The stacked bar: each status its share of the unit's items, in its colour.
            let mut used = 0;
            for (n, &count) in unit.statuses.iter().enumerate() {
                let cells = (count * bar_width).checked_div(total).unwrap_or(0);
                let cells = if count > 0 { cells.max(1) } else { 0 };
                let cells = cells.min(bar_width - used);
                used += cells;
                spans.push(Span::styled(
                    block_glyph.repeat(cells),
                    theme.status(Status::ALL[n]),
                ));
            }
            let empty = if theme.ascii { "." } else { "·" };
            spans.push(Span::styled(empty.repeat(bar_width - used), theme.dim()));
            spans.push(Span::raw(" "));
            for (n, &count) in unit.statuses.iter().enumerate() {
                if count > 0 {
                    let status = Status::ALL[n];
                    spans.push(Span::styled(
                        format!("{}{count} ", theme.status_symbol(status)),
                        theme.status(status),
                    ));
                }
            }
            if unit.none > 0 {
                // "—12" read as minus twelve: the items without a status, in words.
                let none = app
                    .strings
                    .format("dashboard.none_count", &[("count", &unit.none)]);
                spans.push(Span::styled(none + " ", theme.dim()));
            }
            let lit: usize = unit.lights[..3].iter().sum();
            if lit > 0 {
                spans.push(Span::raw(" "));
                for (n, &count) in unit.lights.iter().enumerate().take(3) {
                    if count > 0 {
                        let light = Light::ALL[n];
                        spans.push(Span::styled(
                            format!("{}{count} ", theme.light_symbol(light)),
                            theme.light(light),
                        ));
                    }
                }
            }
            Line::from(fit_spans(spans, width))
        }))
        .collect();
    render_lines(frame, lines, inner);
}

/// Targets per programme as horizontal bars (`#` in ASCII mode), scaled to the largest.
fn bars(frame: &mut Frame, app: &App, stats: &Stats, area: Rect) {
    let theme = app.theme;
    let block = pane_block(app, app.strings.get("label.targets_per_programme"), false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let width = inner.width as usize;
    let most = stats
        .programmes
        .iter()
        .map(|c| c.targets)
        .max()
        .unwrap_or(0);
    let count_width = most.to_string().len();
    let label_width = stats
        .programmes
        .iter()
        .enumerate()
        .map(|(p, _)| display_width(&section_label(app, SectionKind::Programme(p))))
        .max()
        .unwrap_or(0)
        .min(width * 2 / 5);
    let bar_room = width.saturating_sub(label_width + count_width + 3);
    let glyph = if theme.ascii { "#" } else { "█" };
    let lines: Vec<Line> = stats
        .programmes
        .iter()
        .enumerate()
        .take(inner.height as usize)
        .map(|(p, counts)| {
            let label = for_terminal(&section_label(app, SectionKind::Programme(p))).into_owned();
            let length = (counts.targets * bar_room).checked_div(most).unwrap_or(0);
            // Any target at all shows at least a sliver.
            let length = if counts.targets > 0 { length.max(1) } else { 0 };
            let spans = vec![
                Span::raw(" "),
                Span::raw(fit(&label, label_width, Align::Left).into_owned()),
                Span::raw(" "),
                Span::styled(glyph.repeat(length), theme.figure()),
                Span::raw(" "),
                Span::styled(counts.targets.to_string(), theme.title()),
            ];
            Line::from(fit_spans(spans, width))
        })
        .collect();
    render_lines(frame, lines, inner);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::views::dashboard::count as stats;
    use crate::i18n::Lang;
    use crate::keymap::Action;
    use crate::ui::targets_view::testing::{app, draw_view, render};

    fn dashboard_app(lang: Lang) -> App {
        let mut app = app(lang);
        app.update(Action::ShowDashboard);
        app
    }

    #[test]
    fn counts_agree_with_the_plan() {
        let app = dashboard_app(Lang::Zh);
        let stats = stats(&app, &crate::ui::changes_view::history(&app));
        let plan = &app.loaded.plan;
        assert_eq!(stats.programmes.len(), plan.programmes.len());
        let tasks: usize = plan.programmes.iter().map(|p| p.tasks.len()).sum();
        assert_eq!(stats.total.tasks, tasks);
        // Every target of the document is in a programme, the main goals or a safeguard.
        let safeguard_targets: usize = plan.safeguards.iter().map(|t| t.targets.len()).sum();
        assert_eq!(
            stats.total.targets + plan.overview.targets.len() + safeguard_targets,
            app.targets.len()
        );
        for counts in &stats.programmes {
            assert!(counts.leads >= 1 && counts.leads <= counts.units);
            assert!(counts.units <= stats.total.units);
        }
        // 市科技局 leads in every programme and is counted once in the total.
        assert!(stats.total.units < stats.programmes.iter().map(|c| c.units).sum::<usize>());
    }

    #[test]
    fn shows_programmes_totals_annexes_and_bars() {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = dashboard_app(Lang::Zh);
            let screen = render(&mut app, w, h);
            let all = screen.join("\n");
            assert!(all.contains("科技创新能力提升工程"), "{w}x{h}:\n{all}");
            let total_label = app.strings.get("label.total").to_owned();
            assert!(all.contains(&total_label), "{all}");
            if w >= 100 {
                assert!(all.contains("状态"), "{all}");
            }
            assert!(all.contains("附件1"), "{all}");
            assert!(all.contains("保障措施"), "{all}");
            if h >= 40 {
                assert!(all.contains('█'), "{all}");
            } else {
                // No room for the bars and the units both: the units, and how many more.
                assert!(all.contains("市科技局") && all.contains("另有"), "{all}");
            }
            let stats = stats(&app, &crate::ui::changes_view::history(&app));
            let targets = format!(" {} ", stats.total.targets);
            let total = screen
                .iter()
                .find(|l| l.contains(&total_label) && l.contains(&targets));
            assert!(total.is_some(), "no totals row:\n{all}");
        }
    }

    #[test]
    #[ignore]
    fn stats_time_on_a_large_plan() {
        let app = crate::ui::targets_view::testing::large_app();
        let mut best = std::time::Duration::MAX;
        for _ in 0..20 {
            let start = std::time::Instant::now();
            for _ in 0..25 {
                std::hint::black_box(stats(&app, &crate::ui::changes_view::history(&app)));
            }
            best = best.min(start.elapsed() / 25);
        }
        let s = stats(&app, &crate::ui::changes_view::history(&app));
        println!(
            "stats: {best:?}, {} tasks, {} units",
            s.total.tasks, s.total.units
        );
    }

    #[test]
    fn never_panics() {
        let mut app = dashboard_app(Lang::En);
        for w in [40, 50, 69, 70, 80, 120, 200] {
            for h in [10, 12, 14, 16, 24, 50] {
                assert_eq!(render(&mut app, w, h).len(), h as usize);
            }
        }
        for (w, h) in [(0, 0), (1, 1), (3, 2), (10, 3), (14, 6)] {
            let screen = draw_view(&app, Rect::new(0, 0, w, h), draw);
            assert_eq!(screen.len(), h.max(1) as usize);
        }
    }
}
