//! View 6, 议定事项: decisions and action items — what, which units, by when, how it
//! stands, and the meeting that made it, under column headers. Overdue ones are marked;
//! `O` shows only those, and a filter's unit (`f`) narrows the list to that unit's. Enter
//! opens the selected decision beside the list (in its place when the screen is narrow):
//! its text, units, due date, the items it is about by the document's numbering, the
//! meeting, and every change made to it; `e` edits it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::{Action, App, FrameLayout, ListSlot, Pane};
use crate::model::meeting::{Decision, DecisionRecord, DecisionStatus};
use crate::text::sanitize::for_terminal;
use crate::text::width::display_width;
use crate::ui::list::{columns_row, pane_block, render_lines};

/// Widths of the fixed columns: units (shown from [`UNITS_FROM`] columns), due, status.
const UNITS_WIDTH: usize = 24;
const DUE_WIDTH: usize = 10;
const STATUS_WIDTH: usize = 8;
const UNITS_FROM: usize = 70;

/// Below this width the open decision takes the list's place.
const SIDE_BY_SIDE_FROM: u16 = 100;

pub fn draw(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let decisions = app.shown_decisions();
    let selected = decisions.get(app.decisions_view.row.selected).copied();
    match (app.decisions_view.open, selected) {
        (true, Some(decision)) if area.width >= SIDE_BY_SIDE_FROM => {
            let [list, detail] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(area);
            draw_list(frame, app, list, out, &decisions, false);
            draw_detail(frame, app, detail, decision, out);
        }
        (true, Some(decision)) => draw_detail(frame, app, area, decision, out),
        _ => draw_list(frame, app, area, out, &decisions, true),
    }
}

/// The list under its column headers.
fn draw_list(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    out: &mut FrameLayout,
    decisions: &[&Decision],
    focused: bool,
) {
    let theme = app.theme;
    let dot = crate::ui::glyph::dot(app);
    let mut title = format!(
        "{}{dot}{}",
        app.strings.get("view.decisions"),
        decisions.len()
    );
    if app.decisions_view.overdue_only {
        title = format!(
            "{title}{dot}{}",
            app.strings.get("ui.decision.overdue_only")
        );
    }
    let cursor = &app.decisions_view.row;
    let position = if decisions.is_empty() {
        String::new()
    } else {
        format!(" {}/{} ", cursor.selected + 1, decisions.len())
    };
    let block = pane_block(app, &title, focused)
        .title_bottom(Line::from(Span::styled(position, theme.dim())).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let marker = theme.marker();
    let marker_width = display_width(marker) + 1;
    let width = (inner.width as usize).saturating_sub(marker_width);
    // The header takes the first row under the border.
    let header = header_line(app, width);
    let mut lines = vec![Line::from(
        std::iter::once(Span::raw(" ".repeat(marker_width)))
            .chain(header.spans)
            .collect::<Vec<_>>(),
    )];
    let height = (inner.height as usize).saturating_sub(1);
    let offset = cursor.visible_offset(height, decisions.len());
    let rows = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    out.panes.push((rows, Pane::Items, offset));
    out.offsets.push((ListSlot::Decisions, offset));
    for (position, decision) in decisions.iter().enumerate().skip(offset).take(height) {
        let here = position == cursor.selected;
        let mut line = row_line(app, decision, width);
        let lead = if here {
            format!("{marker} ")
        } else {
            " ".repeat(marker_width)
        };
        line.spans.insert(0, Span::raw(lead));
        if here {
            let style = theme.selected(focused);
            if style.bg.is_some() {
                for span in &mut line.spans {
                    span.style = span.style.patch(style);
                }
            }
            line = line.style(style);
        }
        lines.push(line);
    }
    if decisions.is_empty() {
        lines.push(Line::styled(
            format!("{}{}", " ".repeat(marker_width), empty_message(app)),
            theme.dim(),
        ));
    }
    render_lines(frame, lines, inner);
}

/// The fixed columns of a row: units where there is room, due date, status.
fn right_columns(
    width: usize,
    units: String,
    due: String,
    status: (String, Style),
    dim: Style,
    lead: Style,
) -> Vec<(String, usize, Style)> {
    let mut right = vec![(due, DUE_WIDTH, dim), (status.0, STATUS_WIDTH, status.1)];
    if width >= UNITS_FROM {
        right.insert(0, (units, UNITS_WIDTH, lead));
    }
    right
}

fn header_line(app: &App, width: usize) -> Line<'static> {
    let theme = app.theme;
    let s = |key: &str| app.strings.get(key).to_owned();
    let style = theme.dim();
    let right = right_columns(
        width,
        s("ui.decision.col_units"),
        s("ui.decision.col_due"),
        (s("ui.decision.col_status"), style),
        style,
        style,
    );
    columns_row(
        width,
        vec![Span::styled(s("ui.decision.col_text"), style)],
        &right,
    )
}

fn row_line(app: &App, decision: &Decision, width: usize) -> Line<'static> {
    let theme = app.theme;
    let units: Vec<&str> = decision
        .units
        .iter()
        .map(|u| crate::ui::names::unit(app, u))
        .collect();
    let units = for_terminal(&units.join(crate::ui::names::list_separator(app))).into_owned();
    let due = decision
        .due
        .map_or(crate::ui::glyph::none(app).to_owned(), |d| d.to_string());
    let due = if app.theme.ascii && decision.due.is_none() {
        "-".to_owned()
    } else {
        due
    };
    let text = for_terminal(&decision.text.replace('\n', " ")).into_owned();
    let right = right_columns(
        width,
        units,
        due,
        status_cell(app, decision),
        theme.dim(),
        theme.lead(),
    );
    columns_row(width, vec![Span::raw(text)], &right)
}

/// The status as shown: "逾期" for an open decision past its date.
fn status_cell(app: &App, decision: &Decision) -> (String, Style) {
    let theme = app.theme;
    let overdue = decision.is_overdue(app.review_date);
    let text = if overdue {
        app.strings.get("ui.decision.overdue").to_owned()
    } else {
        app.strings.get(decision.status.key()).to_owned()
    };
    let style = match (overdue, decision.status) {
        (true, _) => theme.warning(),
        (_, DecisionStatus::Done) => theme.figure(),
        (_, DecisionStatus::Dropped) => theme.dim(),
        (_, DecisionStatus::Open) => Style::new(),
    };
    (text, style)
}

/// What an empty list says, fitting what narrows it: only overdue ones, a unit's.
pub fn empty_message(app: &App) -> String {
    let overdue = app.decisions_view.overdue_only;
    let unit = app.filter.as_ref().and_then(|f| f.unit.as_deref());
    let any = !app.annotations.meetings.decisions().is_empty();
    let toggle = app.key_name(Action::ToggleOverdue);
    let clear = app.key_name(Action::ClearFilter);
    match (overdue, unit) {
        (true, Some(unit)) => app.strings.format(
            "ui.decision.none_overdue_for_unit",
            &[
                ("unit", &crate::ui::names::unit(app, unit)),
                ("key", &toggle),
            ],
        ),
        (true, None) => app
            .strings
            .format("ui.decision.none_overdue", &[("key", &toggle)]),
        (false, Some(unit)) => app.strings.format(
            "ui.decision.none_for_unit",
            &[
                ("unit", &crate::ui::names::unit(app, unit)),
                ("key", &clear),
            ],
        ),
        (false, None) if any => app.strings.get("ui.decision.none_shown").to_owned(),
        (false, None) => {
            let key = app.key_name(Action::Decide);
            app.strings.format("ui.decision.none", &[("key", &key)])
        }
    }
    .replace(['\n', '\r'], " ")
}

/// The open decision: text, units, due date, items, meeting, then its history.
fn draw_detail(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    decision: &Decision,
    out: &mut FrameLayout,
) {
    let theme = app.theme;
    let title = format!(
        "{}{}{}",
        app.strings.get("ui.decision.detail"),
        crate::ui::glyph::dot(app),
        status_cell(app, decision).0
    );
    let hint = format!(
        "{} {}{}{} {}",
        key_of(app, Action::EditDecision),
        app.strings.get("hint.edit_decision"),
        crate::ui::glyph::dot(app),
        key_of(app, Action::Back),
        app.strings.get("hint.back"),
    );
    let block = pane_block(app, &title, true)
        .title_bottom(Line::from(Span::styled(format!(" {hint} "), theme.dim())).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    out.panes.push((area, Pane::Detail, 0));
    let width = inner.width.saturating_sub(1) as usize;
    if width == 0 || inner.height == 0 {
        return;
    }
    let mut lines: Vec<Line<'static>> = Vec::new();
    for piece in decision.text.split('\n') {
        for line in crate::text::wrap::wrap(&for_terminal(piece), width) {
            lines.push(Line::styled(line, theme.title()));
        }
    }
    lines.push(Line::default());
    let s = |key: &str| app.strings.get(key).to_owned();
    let units: Vec<&str> = decision
        .units
        .iter()
        .map(|u| crate::ui::names::unit(app, u))
        .collect();
    let none = crate::ui::glyph::none(app);
    let or_none = |text: String| {
        if text.is_empty() {
            none.to_owned()
        } else {
            text
        }
    };
    let mut due = decision.due.map(|d| d.to_string()).unwrap_or_default();
    if decision.is_overdue(app.review_date) {
        due = format!("{due} ({})", s("ui.decision.overdue"));
    }
    let meeting = match decision
        .meeting
        .as_deref()
        .and_then(|m| app.annotations.meetings.meeting(m))
    {
        // The date, unless the title already says it (the default title does).
        Some(m) if m.title.contains(&m.date.to_string()) => m.title.clone(),
        Some(m) => format!("{} {}", m.date, m.title),
        None => decision
            .meeting
            .clone()
            .unwrap_or_else(|| s("ui.decision.no_meeting")),
    };
    let facts = [
        (
            s("ui.decision.units"),
            or_none(units.join(crate::ui::names::list_separator(app))),
        ),
        (s("ui.decision.due"), or_none(due)),
        (s("ui.decision.meeting"), meeting),
    ];
    let label_width = facts
        .iter()
        .map(|(l, _)| display_width(l))
        .chain([display_width(&s("ui.decision.items"))])
        .max()
        .unwrap_or(0);
    let fact = |label: &str, value: &str| -> Vec<Line<'static>> {
        let label =
            crate::ui::glyph::frame_fit(label, label_width, crate::text::width::Align::Left)
                .into_owned();
        let room = width.saturating_sub(label_width + 1).max(1);
        crate::text::wrap::wrap(&for_terminal(value), room)
            .into_iter()
            .enumerate()
            .map(|(at, part)| {
                let head = if at == 0 {
                    label.clone()
                } else {
                    " ".repeat(label_width)
                };
                Line::from(vec![
                    Span::styled(format!("{head} "), theme.dim()),
                    Span::raw(part),
                ])
            })
            .collect()
    };
    for (label, value) in &facts {
        lines.extend(fact(label, value));
    }
    // Items by the document's numbering and title.
    let items: Vec<String> = decision.items.iter().map(|i| item_line(app, i)).collect();
    let items_label = s("ui.decision.items");
    if items.is_empty() {
        lines.extend(fact(&items_label, none));
    }
    for (at, item) in items.iter().enumerate() {
        let label = if at == 0 { items_label.as_str() } else { "" };
        lines.extend(fact(label, item));
    }
    lines.push(Line::default());
    lines.push(Line::styled(s("ui.decision.history"), theme.title()));
    let mut history: Vec<Line<'static>> = Vec::new();
    let records = app.annotations.meetings.decision_history(&decision.id);
    for (at, record) in records.iter().enumerate() {
        let text = format!(
            "{} {}: {}",
            record.at.local_minute(),
            record.author,
            describe(app, record, at == 0)
        );
        let room = width.saturating_sub(2).max(1);
        for (n, line) in crate::text::wrap::wrap(&for_terminal(&text), room)
            .into_iter()
            .enumerate()
        {
            let lead = match (n, theme.ascii) {
                (0, false) => "· ",
                (0, true) => "- ",
                _ => "  ",
            };
            history.push(Line::raw(format!("{lead}{line}")));
        }
    }
    let body = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    // The newest changes are at the end: when the history does not fit, its oldest lines
    // give way, and the screen says how many.
    let height = body.height as usize;
    let room = height.saturating_sub(lines.len());
    if history.len() > room && room >= 2 {
        let hidden = history.len() - (room - 1);
        lines.push(Line::styled(
            app.strings
                .format("ui.decision.more_above", &[("count", &hidden)]),
            theme.dim(),
        ));
        lines.extend(history.drain(hidden..));
    } else {
        lines.extend(history);
    }
    render_lines(frame, lines, body);
}

/// The first key that does `action` in the decisions view.
fn key_of(app: &App, action: Action) -> String {
    app.keymap
        .keys_in(crate::app::keymap::Mode::Decisions, &action)
        .into_iter()
        .next()
        .map(|k| crate::ui::glyph::key(app, &k))
        .unwrap_or_else(|| app.strings.get("keys.unbound").to_owned())
}

/// An item as the document numbers it, with its title: `六.1 引育高层次创新人才`.
fn item_line(app: &App, id: &str) -> String {
    let Some(entry) = app.index().position(id) else {
        return id.to_owned();
    };
    let title = app
        .node(entry)
        .map(|n| crate::ui::names::title(app, &n).to_owned())
        .unwrap_or_default();
    let number = app.item_number(id);
    format!("{number} {title}")
}

/// What one record did to the decision, in words.
fn describe(app: &App, record: &DecisionRecord, first: bool) -> String {
    let s = |key: &str| app.strings.get(key).to_owned();
    // The arrow is the interface's; the decision's own text keeps any arrow it has.
    let arrow = crate::text::Marks::for_ascii(app.theme.ascii).arrow;
    let mut parts: Vec<String> = Vec::new();
    if first {
        parts.push(s("ui.decision.made"));
    }
    if let Some(text) = &record.text
        && !first
    {
        parts.push(format!(
            "{} {arrow} {}",
            s("ui.decision.text"),
            crate::ui::glyph::truncate(app, &text.replace('\n', " "), 40)
        ));
    }
    if let Some(units) = &record.units {
        let names: Vec<&str> = units
            .iter()
            .map(|u| crate::ui::names::unit(app, u))
            .collect();
        parts.push(format!(
            "{} {arrow} {}",
            s("ui.decision.units"),
            names.join(crate::ui::names::list_separator(app))
        ));
    }
    if record.clear_due && record.due.is_none() {
        parts.push(s("ui.decision.due_removed"));
    }
    if let Some(due) = record.due {
        parts.push(format!("{} {arrow} {due}", s("ui.decision.due")));
    }
    if let Some(status) = record.status
        && !(first && status == DecisionStatus::Open)
    {
        parts.push(format!(
            "{} {arrow} {}",
            s("ui.decision.col_status"),
            s(status.key())
        ));
    }
    if let Some(items) = &record.items {
        let numbers: Vec<String> = items.iter().map(|i| app.item_number(i)).collect();
        parts.push(format!(
            "{} {arrow} {}",
            s("ui.decision.items"),
            numbers.join(crate::ui::names::list_separator(app))
        ));
    }
    parts.join(crate::ui::glyph::dot(app))
}
