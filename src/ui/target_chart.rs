//! A target's actual values against its milestones and final figure, as a small chart:
//! where the series stands against the path the plan set.

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Chart, Dataset, GraphType};

use crate::app::App;
use crate::model::Node;
use crate::model::progress::{figure, year_end};
use crate::model::validate::format_figure;
use crate::ui::list::pane_block;

/// Rows the chart needs to say anything (border, axes, a few rows of plot).
pub const MIN_HEIGHT: u16 = 8;

/// Days from the plan's first day, the chart's x coordinate.
fn x_of(start: Date, date: Date) -> f64 {
    start.until(date).map_or(0.0, |span| span.get_days() as f64)
}

/// Whether `entry` is a target with at least one actual value: then it has a chart.
pub fn has_chart(app: &App, entry: usize) -> bool {
    let Some(Node::Target(target)) = app.node(entry) else {
        return false;
    };
    app.annotations
        .log
        .annotation(&target.id, None)
        .is_some_and(|a| !a.actuals.is_empty())
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect, entry: usize) {
    let Some(Node::Target(target)) = app.node(entry) else {
        return;
    };
    let theme = app.theme;
    let Some(start) = Date::new(app.loaded.plan.meta.period.start as i16, 1, 1).ok() else {
        return;
    };
    let actuals: Vec<(f64, f64)> = app
        .annotations
        .log
        .annotation(&target.id, None)
        .map(|a| {
            a.actuals
                .iter()
                .filter(|p| p.as_of <= app.review_date)
                .map(|p| (x_of(start, p.as_of), p.value))
                .collect()
        })
        .unwrap_or_default();
    let mut plan_path: Vec<(f64, f64)> = target
        .milestones
        .iter()
        .filter_map(|m| Some((x_of(start, year_end(m.year)?), figure(&m.bound)?)))
        .collect();
    if let (Some(end), Some(goal)) = (year_end(target.deadline), figure(&target.bound)) {
        plan_path.push((x_of(start, end), goal));
    }
    let end_x = plan_path
        .iter()
        .chain(&actuals)
        .map(|p| p.0)
        .fold(365.0_f64, f64::max);
    let values = plan_path.iter().chain(&actuals).map(|p| p.1);
    let (low, high) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if low > high {
        return;
    }
    let low = if low >= 0.0 { 0.0 } else { low };
    let high = if high <= low { low + 1.0 } else { high * 1.05 };
    let marker = if theme.ascii {
        Marker::Dot
    } else {
        Marker::Braille
    };
    let datasets = vec![
        Dataset::default()
            .name(app.strings.get("label.target").to_owned())
            .marker(marker)
            .graph_type(GraphType::Scatter)
            .style(theme.lead())
            .data(&plan_path),
        Dataset::default()
            .name(app.strings.get("label.actual").to_owned())
            .marker(marker)
            .graph_type(GraphType::Line)
            .style(theme.figure())
            .data(&actuals),
    ];
    let first_year = app.loaded.plan.meta.period.start;
    let last_year = target.deadline.max(first_year);
    let x_labels = vec![
        Span::styled(first_year.to_string(), theme.dim()),
        Span::styled(last_year.to_string(), theme.dim()),
    ];
    let y_labels = vec![
        Span::styled(format_figure(low), theme.dim()),
        Span::styled(format_figure(high / 1.05), theme.dim()),
    ];
    let dot = crate::ui::glyph::dot(app);
    let title = format!(
        "{}{dot}{}",
        app.strings.get("label.actual"),
        crate::text::sanitize::for_terminal(&target.measure)
    );
    let chart = Chart::new(datasets)
        .block(pane_block(app, &title, false).into_block())
        .x_axis(
            Axis::default()
                .bounds([0.0, end_x])
                .labels(x_labels)
                .style(Style::new()),
        )
        .y_axis(Axis::default().bounds([low, high]).labels(y_labels));
    frame.render_widget(chart, area);
}
