//! View 3, targets: one table of every quantitative target with its item, figure,
//! deadline, yearly milestones and lead unit; the selected target's source sentence below
//! (or beside, on a wide screen). Only the rows on screen are built.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::{App, FrameLayout, ListSlot, Pane};
use crate::i18n::Lang;
use crate::model::Node;
use crate::model::progress::{disagrees, reached};
use crate::model::query::target_owner;
use crate::model::validate::format_figure;
use crate::text::sanitize::{for_terminal, for_terminal_multiline};
use crate::text::width::{Align, display_width};
use crate::ui::badge::{badge, badge_width, gauge, light_badge, light_width};
use crate::ui::detail::numbered_title;
use crate::ui::glyph::{frame_fit as fit, frame_truncate as truncate_to_width};
use crate::ui::list::{pane_block, render_lines};

/// A column of the table; the order here is the order on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Item,
    Measure,
    Target,
    Deadline,
    Year(u16),
    Lead,
    Status,
    Light,
    Actual,
    Gauge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Column {
    kind: Kind,
    width: usize,
}

/// Flexible columns never get narrower than this; fixed ones are dropped first.
const MIN_MEASURE: usize = 10;
const MIN_ITEM: usize = 10;
const TARGET_WIDTH: usize = 12;
const YEAR_WIDTH: usize = 7;
/// A plan period longer than this (a typo in a plan file) does not get a column a year.
const MAX_YEARS: usize = 10;
const LEAD_WIDTH: usize = 12;
/// The item's title takes at most this much of the spare room; the measure the rest.
const MAX_ITEM: usize = 40;
const ACTUAL_WIDTH: usize = 8;
const GAUGE_WIDTH: usize = 9;
/// Beside the table rather than below it from this width on.
const DETAIL_BESIDE_FROM: u16 = 160;
const DETAIL_BESIDE_WIDTH: u16 = 40;
/// Below this height the source sentence is left out: the rows matter more.
const DETAIL_BELOW_FROM: u16 = 12;
const DETAIL_MAX_LINES: usize = 3;

pub fn draw(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let selected = app.targets.get(app.targets_view.row.selected).copied();
    if area.width >= DETAIL_BESIDE_FROM {
        let [table_area, detail_area] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(DETAIL_BESIDE_WIDTH)])
                .areas(area);
        table(frame, app, table_area, out);
        // The selected target's actual values as a chart under its source sentence.
        let chart_height = crate::ui::target_chart::MIN_HEIGHT + 4;
        match selected.filter(|&e| crate::ui::target_chart::has_chart(app, e)) {
            Some(entry) if detail_area.height >= chart_height * 2 => {
                let [text, chart] =
                    Layout::vertical([Constraint::Fill(1), Constraint::Length(chart_height)])
                        .areas(detail_area);
                source(frame, app, text, selected, usize::MAX, out);
                crate::ui::target_chart::draw(frame, app, chart, entry);
            }
            _ => source(frame, app, detail_area, selected, usize::MAX, out),
        }
    } else if area.height >= DETAIL_BELOW_FROM {
        // Columns the table has no room for are shown for the selected row below it.
        let hidden = hidden_kinds(app, table_width(app, area));
        let extra = selected.and_then(|e| hidden_line(app, e, &hidden));
        let lines = selected.map_or(1, |e| {
            source_lines(app, e, area.width.saturating_sub(3), out).len()
        });
        let height = (lines.clamp(1, DETAIL_MAX_LINES) + usize::from(extra.is_some())) as u16 + 2;
        let [table_area, detail_area] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(height)]).areas(area);
        table_with(frame, app, table_area, hidden.len(), out);
        source_with(
            frame,
            app,
            detail_area,
            selected,
            DETAIL_MAX_LINES,
            extra,
            out,
        );
    } else {
        table(frame, app, area, out);
    }
}

/// The columns' room inside the table's border and marker.
fn table_width(app: &App, area: Rect) -> usize {
    (area.width.saturating_sub(2) as usize).saturating_sub(display_width(app.theme.marker()) + 1)
}

/// The columns a table of `width` leaves out, of those a wide one shows.
fn hidden_kinds(app: &App, width: usize) -> Vec<Kind> {
    let shown: Vec<Kind> = layout(app, width).into_iter().map(|c| c.kind).collect();
    layout(app, usize::MAX / 4)
        .into_iter()
        .map(|c| c.kind)
        .filter(|k| !shown.contains(k))
        .collect()
}

/// The hidden columns' values for one target: `2021: 1.9 · 2022: 2.2 · 牵头: 财政局`.
fn hidden_line(app: &App, entry: usize, hidden: &[Kind]) -> Option<String> {
    if hidden.is_empty() {
        return None;
    }
    let columns: Vec<Column> = hidden
        .iter()
        .map(|&kind| Column { kind, width: 60 })
        .collect();
    let row = app.targets.iter().position(|&e| e == entry).unwrap_or(0);
    let line = row_line(app, &columns, row, entry);
    // The cells are every other span (a space between them).
    let parts: Vec<String> = line
        .spans
        .iter()
        .step_by(2)
        .zip(hidden)
        .filter(|(span, _)| !span.content.trim().is_empty())
        .map(|(span, &kind)| format!("{}: {}", header_text(app, kind), span.content.trim()))
        .collect();
    (!parts.is_empty()).then(|| parts.join(crate::ui::glyph::dot(app)))
}

fn table(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    table_with(frame, app, area, 0, out);
}

/// The table; `hidden` columns are said to be shown below it.
fn table_with(frame: &mut Frame, app: &App, area: Rect, hidden: usize, out: &mut FrameLayout) {
    let theme = app.theme;
    let len = app.targets.len();
    let cursor = &app.targets_view.row;
    let position = if len == 0 {
        String::new()
    } else {
        format!(" {}/{len} ", cursor.selected + 1)
    };
    let mut title = format!(
        "{}{}{len}",
        app.strings.get("view.targets"),
        crate::ui::glyph::dot(app)
    );
    if hidden > 0 {
        title.push_str(crate::ui::glyph::dot(app));
        title.push_str(
            &app.strings
                .format("targets.more_columns", &[("count", &hidden)]),
        );
    }
    let block = pane_block(app, &title, true)
        .title_bottom(Line::from(Span::styled(position, theme.dim())).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The header takes the first row under the border; the click handler counts on it.
    let body_height = (inner.height as usize).saturating_sub(1);
    let offset = cursor.visible_offset(body_height, len);
    out.panes.push((area, Pane::Items, offset));
    out.offsets.push((ListSlot::Targets, offset));
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let marker = theme.marker();
    let lead_width = display_width(marker) + 1;
    let columns = layout(app, (inner.width as usize).saturating_sub(lead_width));
    let mut lines = Vec::with_capacity(body_height + 1);
    lines.push(header(app, &columns, lead_width));
    for row in offset..len.min(offset + body_height) {
        let mut line = row_line(app, &columns, row, app.targets[row]);
        if row == cursor.selected {
            // The selection's colours win over the cells' own, so the row reads as one.
            let selected = theme.selected(true);
            for span in &mut line.spans {
                span.style = span.style.patch(selected);
            }
            line.spans.insert(0, Span::raw(format!("{marker} ")));
            line = line.style(selected);
        } else {
            line.spans.insert(0, Span::raw(" ".repeat(lead_width)));
        }
        lines.push(line);
    }
    if len == 0 {
        lines.push(Line::styled(
            format!(
                "{}{}",
                " ".repeat(lead_width),
                app.strings.get("label.no_targets")
            ),
            theme.dim(),
        ));
    }
    render_lines(frame, lines, inner);
}

/// Which columns fit in `width`, and how wide each is. When they do not all fit, the
/// least important go first: the gauge (the actual and the target say it too), the lead
/// unit, the years, the item, then status, light and actual; the measure and its figure
/// always stay.
fn layout(app: &App, width: usize) -> Vec<Column> {
    let heading = |kind: Kind| display_width(&header_text(app, kind));
    let period = app.loaded.plan.meta.period;
    let number_width = app
        .targets
        .len()
        .to_string()
        .len()
        .max(heading(Kind::Number));
    // A long heading (a translation) may widen a column a little, then it is cut.
    let fixed = |kind: Kind, base: usize| Column {
        kind,
        width: base.max(heading(kind)).min(base + 4),
    };
    let mut columns = vec![
        fixed(Kind::Number, number_width),
        Column {
            kind: Kind::Item,
            width: 0,
        },
    ];
    columns.push(Column {
        kind: Kind::Measure,
        width: 0,
    });
    columns.push(fixed(Kind::Target, TARGET_WIDTH));
    columns.push(fixed(Kind::Deadline, 4));
    let years = (period.start..=period.end).take(MAX_YEARS);
    columns.extend(years.map(|y| fixed(Kind::Year(y), YEAR_WIDTH)));
    columns.push(fixed(Kind::Lead, LEAD_WIDTH));
    columns.push(fixed(Kind::Status, badge_width(app)));
    columns.push(fixed(Kind::Light, light_width(app)));
    columns.push(fixed(Kind::Actual, ACTUAL_WIDTH));
    columns.push(fixed(Kind::Gauge, GAUGE_WIDTH));

    let needed = |columns: &[Column]| -> usize {
        let flexible: usize = columns
            .iter()
            .map(|c| match c.kind {
                Kind::Item => MIN_ITEM,
                Kind::Measure => MIN_MEASURE,
                _ => c.width,
            })
            .sum();
        flexible + columns.len().saturating_sub(1)
    };
    let drop_order: [fn(&Kind) -> bool; 9] = [
        |k| *k == Kind::Gauge,
        |k| *k == Kind::Lead,
        |k| matches!(k, Kind::Year(_)),
        |k| *k == Kind::Item,
        |k| *k == Kind::Status,
        |k| *k == Kind::Light,
        |k| *k == Kind::Actual,
        |k| *k == Kind::Deadline,
        |k| *k == Kind::Number,
    ];
    for drop in drop_order {
        if needed(&columns) <= width {
            break;
        }
        columns.retain(|c| !drop(&c.kind));
    }
    if needed(&columns) > width {
        // Only the measure and its figure are left and even they do not fit: share.
        let target = TARGET_WIDTH.min(width / 2);
        return vec![
            Column {
                kind: Kind::Measure,
                width: width.saturating_sub(target + 1),
            },
            Column {
                kind: Kind::Target,
                width: target,
            },
        ];
    }
    // What is left over goes to the text columns, a little more to the item's title.
    let used: usize =
        columns.iter().map(|c| c.width).sum::<usize>() + columns.len().saturating_sub(1);
    let spare = width.saturating_sub(used);
    let has_item = columns.iter().any(|c| c.kind == Kind::Item);
    let item_width = if has_item {
        (spare * 9 / 20).min(MAX_ITEM)
    } else {
        0
    };
    for column in &mut columns {
        match column.kind {
            Kind::Item => column.width = item_width,
            Kind::Measure => column.width = spare - item_width,
            _ => {}
        }
    }
    columns
}

fn header_text(app: &App, kind: Kind) -> String {
    let key = match kind {
        Kind::Number => "minutes.col_no",
        Kind::Item => "column.item",
        Kind::Measure => "column.measure",
        Kind::Target => "column.target_value",
        Kind::Deadline => "column.deadline",
        Kind::Year(year) => return year.to_string(),
        Kind::Lead => "label.lead",
        Kind::Status => "label.status",
        Kind::Light => "label.light",
        Kind::Actual => "column.actual",
        Kind::Gauge => "column.progress",
    };
    app.strings.get(key).to_owned()
}

fn align(kind: Kind) -> Align {
    match kind {
        Kind::Year(_) | Kind::Deadline | Kind::Number => Align::Right,
        Kind::Actual | Kind::Gauge => Align::Center,
        _ => Align::Left,
    }
}

fn header(app: &App, columns: &[Column], lead_width: usize) -> Line<'static> {
    let style = app.theme.title();
    let mut spans = vec![Span::raw(" ".repeat(lead_width))];
    for (n, column) in columns.iter().enumerate() {
        if n > 0 {
            spans.push(Span::raw(" "));
        }
        let text = header_text(app, column.kind);
        spans.push(Span::styled(
            fit(&text, column.width, align(column.kind)).into_owned(),
            style,
        ));
    }
    Line::from(spans)
}

/// One target's row, the `row`th of the table; every cell is fitted to its column's
/// display width.
fn row_line(app: &App, columns: &[Column], row: usize, entry: usize) -> Line<'static> {
    let theme = app.theme;
    let Some(Node::Target(target)) = app.node(entry) else {
        return Line::default();
    };
    let index = app.index();
    let annotation = index
        .entries
        .get(entry)
        .and_then(|e| app.annotations.log.annotation(&e.id, None));
    let mut spans = Vec::with_capacity(columns.len() * 2);
    for (n, column) in columns.iter().enumerate() {
        if n > 0 {
            spans.push(Span::raw(" "));
        }
        let (text, style): (String, Style) = match column.kind {
            // The row's number in the table (序号): ids are for the command line.
            Kind::Number => ((row + 1).to_string(), theme.dim()),
            Kind::Item => {
                let parent = index.entries.get(entry).and_then(|e| e.parent);
                let title = match parent.and_then(|p| app.node(p)) {
                    // The overview's targets are its 主要目标 section.
                    Some(Node::Overview(_)) => app.strings.get("nav.main_goals").to_owned(),
                    Some(node) => numbered_title(app, &node),
                    None => String::new(),
                };
                (title, Style::new())
            }
            Kind::Measure => {
                let measure = match (&target.measure_en, app.lang == Lang::En) {
                    (Some(en), true) => en.clone(),
                    _ => target.measure.clone(),
                };
                (measure, Style::new())
            }
            Kind::Target => (
                crate::ui::glyph::bound(app, target.bound.with_unit(&target.unit)),
                theme.figure(),
            ),
            Kind::Deadline => (target.deadline.to_string(), Style::new()),
            Kind::Year(year) => {
                // A main goal's milestones come from the 附件2 row that breaks it down, in
                // that row's unit, which is then written out.
                let milestones = crate::model::query::milestones(&app.loaded.plan, target);
                let text = milestones
                    .list
                    .iter()
                    .find(|m| m.year == year)
                    .map(|m| match milestones.from_row {
                        Some(_) if milestones.unit != target.unit => {
                            crate::ui::glyph::bound(app, m.bound.with_unit(milestones.unit))
                        }
                        _ => crate::ui::glyph::bound(app, m.bound.compact()),
                    })
                    .unwrap_or_default();
                (text, Style::new())
            }
            Kind::Lead => (
                target_owner(&app.loaded.plan, index, entry)
                    .map(|o| crate::ui::names::unit_short(app, &o.lead).to_owned())
                    .unwrap_or_else(|| crate::ui::glyph::none(app).to_owned()),
                theme.lead(),
            ),
            Kind::Status => badge(
                app,
                annotation.and_then(|a| a.status.as_ref()).map(|s| s.value),
                column.width,
            ),
            Kind::Actual => match annotation.and_then(|a| a.latest_actual()) {
                Some(point) => (format_figure(point.value), theme.figure()),
                None => (crate::ui::glyph::none(app).to_owned(), theme.dim()),
            },
            Kind::Light => match app.assessment(entry) {
                Some(assessment) => {
                    let status = annotation.and_then(|a| a.status.as_ref()).map(|s| s.value);
                    light_badge(app, assessment.light, disagrees(assessment.light, status))
                }
                None => (crate::ui::glyph::none(app).to_owned(), theme.dim()),
            },
            // How much of the target the latest actual reaches.
            Kind::Gauge => match annotation
                .and_then(|a| a.latest_actual())
                .and_then(|p| reached(target, p.value))
            {
                Some(share) => {
                    let percent = format!("{:>3.0}%", share * 100.0);
                    let bar_width = column.width.saturating_sub(percent.len() + 1);
                    (
                        format!("{} {percent}", gauge(app, share, bar_width)),
                        theme.figure(),
                    )
                }
                None => (crate::ui::glyph::none(app).to_owned(), theme.dim()),
            },
        };
        let text = for_terminal(&text);
        spans.push(Span::styled(
            fit(&text, column.width, align(column.kind)).into_owned(),
            style,
        ));
    }
    Line::from(spans)
}

/// The selected target's source sentence, wrapped (shared cache key with the detail pane).
fn source_lines(app: &App, entry: usize, width: u16, out: &mut FrameLayout) -> Vec<String> {
    let Some(Node::Target(target)) = app.node(entry) else {
        return Vec::new();
    };
    let text = for_terminal_multiline(&target.source);
    let key = format!("{}#source", target.id);
    crate::ui::measure::wrapped(app, out, &key, &text, width.max(1))
}

fn source(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    entry: Option<usize>,
    max_lines: usize,
    out: &mut FrameLayout,
) {
    source_with(frame, app, area, entry, max_lines, None, out);
}

/// The source sentence, after `extra` (the hidden columns' values) when given.
fn source_with(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    entry: Option<usize>,
    max_lines: usize,
    extra: Option<String>,
    out: &mut FrameLayout,
) {
    let theme = app.theme;
    // Named by its measure in full (the table cuts it), not by its id.
    let measure = entry
        .and_then(|e| app.node(e))
        .map(|node| for_terminal(crate::ui::names::title(app, &node)).into_owned())
        .unwrap_or_default();
    let title = if measure.is_empty() {
        app.strings.get("label.source").to_owned()
    } else {
        format!(
            "{}{}{measure}",
            app.strings.get("label.source"),
            crate::ui::glyph::dot(app)
        )
    };
    let block = pane_block(app, &title, false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let Some(entry) = entry else {
        return;
    };
    // One column of margin on the left, as the table's marker column gives its rows.
    let width = inner.width.saturating_sub(1).max(1);
    let mut wrapped = source_lines(app, entry, width, out);
    let mut lines: Vec<Line> = Vec::new();
    let mut room = inner.height as usize;
    if let Some(extra) = extra {
        lines.push(Line::from(Span::raw(format!(
            " {}",
            truncate_to_width(&for_terminal(&extra), width as usize)
        ))));
        room = room.saturating_sub(1);
    }
    let room = room.min(max_lines);
    if wrapped.len() > room && room > 0 {
        // Mark that the sentence goes on (the plan's detail pane shows all of it).
        let last = format!("{}{}", wrapped[room - 1], crate::ui::glyph::cut_mark(app));
        wrapped.truncate(room);
        wrapped[room - 1] = truncate_to_width(&last, width as usize).into_owned();
    }
    lines.extend(
        wrapped
            .into_iter()
            .map(|l| Line::from(Span::styled(format!(" {l}"), theme.dim()))),
    );
    render_lines(frame, lines, inner);
}

/// Helpers shared by the view tests of this directory.
#[cfg(test)]
pub(crate) mod testing {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;

    use crate::app::{App, AppOptions};
    use crate::i18n::Lang;
    use crate::keymap::Action;

    pub fn app(lang: Lang) -> App {
        let loaded = match crate::store::load_embedded() {
            Ok(loaded) => loaded,
            Err(e) => panic!("embedded plan: {e}"),
        };
        App::new(loaded, AppOptions::new(lang))
    }

    /// Draw the whole app at `width`×`height` and return the screen as text lines.
    pub fn render(app: &mut App, width: u16, height: u16) -> Vec<String> {
        text(&render_buffer(app, width, height))
    }

    /// Draw the whole app and return the buffer, for asserting on styles.
    pub fn render_buffer(app: &mut App, width: u16, height: u16) -> Buffer {
        app.update(Action::Resize(width, height));
        let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
            Ok(t) => t,
            Err(e) => panic!("terminal: {e}"),
        };
        let mut layout = None;
        if let Err(e) = terminal.draw(|f| layout = Some(crate::ui::draw(f, app))) {
            panic!("draw: {e}");
        }
        // What the frame measured goes back to the app, as in the event loop.
        if let Some(layout) = layout {
            app.update(Action::Drawn(Box::new(layout)));
        }
        terminal.backend().buffer().clone()
    }

    /// Where `symbol` is first drawn.
    pub fn find_symbol(buffer: &Buffer, symbol: &str) -> Option<(u16, u16)> {
        let area = buffer.area;
        (area.y..area.bottom())
            .flat_map(|y| (area.x..area.right()).map(move |x| (x, y)))
            .find(|&(x, y)| buffer[(x, y)].symbol() == symbol)
    }

    /// The app on a provincial-scale synthetic plan (10,000 sub-tasks, 2,000 targets).
    pub fn large_app() -> App {
        use crate::store::plan_file::{EMBEDDED_PLAN, load_plan_str};
        use crate::synthetic::{self, Shape};
        let Ok(seed) = load_plan_str(EMBEDDED_PLAN, "liuzhou") else {
            panic!("seed");
        };
        let text = synthetic::plan_text(&synthetic::plan(&seed.plan, Shape::LARGE));
        let Ok(loaded) = load_plan_str(&text, "synthetic") else {
            panic!("synthetic plan");
        };
        App::new(loaded, AppOptions::new(Lang::Zh))
    }

    /// Draw one view straight into an area of a `width`×`height` screen (no tab bar), for
    /// areas smaller than the top level ever gives.
    pub fn draw_view(
        app: &App,
        area: ratatui::layout::Rect,
        view: impl Fn(&mut ratatui::Frame, &App, ratatui::layout::Rect),
    ) -> Vec<String> {
        let backend = TestBackend::new(area.right().max(1), area.bottom().max(1));
        let mut terminal = match Terminal::new(backend) {
            Ok(t) => t,
            Err(e) => panic!("terminal: {e}"),
        };
        if let Err(e) = terminal.draw(|f| view(f, app, area)) {
            panic!("draw: {e}");
        }
        text(terminal.backend().buffer())
    }

    /// The buffer as lines, skipping the blank cell that follows each wide character.
    pub fn text(buffer: &Buffer) -> Vec<String> {
        use unicode_width::UnicodeWidthStr;
        let area = buffer.area;
        (area.y..area.bottom())
            .map(|y| {
                let mut line = String::new();
                let mut skip = 0;
                for x in area.x..area.right() {
                    let symbol = buffer[(x, y)].symbol();
                    // The cell after a wide character is blank, unless something was
                    // drawn over it since (a popup's border).
                    if skip > 0 && (symbol.is_empty() || symbol == " ") {
                        skip -= 1;
                        continue;
                    }
                    skip = symbol.width().saturating_sub(1);
                    line.push_str(symbol);
                }
                line
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{app, draw_view, render};
    use super::*;
    use crate::i18n::Lang;
    use crate::keymap::Action;

    fn targets_app(lang: Lang) -> App {
        let mut app = app(lang);
        app.update(Action::ShowTargets);
        app
    }

    fn select(app: &mut App, id: &str) {
        let Some(row) = app
            .targets
            .iter()
            .position(|&e| app.index().entries[e].id == id)
        else {
            panic!("no target {id}");
        };
        let len = app.targets.len();
        app.targets_view.row.select(row, len);
    }

    #[test]
    fn row_of_o_g3_shows_its_figure() {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = targets_app(Lang::Zh);
            let screen = render(&mut app, w, h);
            let row = screen.iter().find(|l| l.contains("≥ 750 家"));
            let Some(row) = row else {
                panic!("o.g3 not on screen at {w}x{h}:\n{}", screen.join("\n"));
            };
            assert!(row.contains("高新技术"), "{row}");
            // Rows are numbered as the table counts them; the internal id is not shown.
            assert!(!screen.iter().any(|l| l.contains("o.g3")), "{row}");
            // The header is the first row under the border (the click handler counts on it).
            assert!(
                screen[2].contains(app.strings.get("minutes.col_no")),
                "{}",
                screen[2]
            );
        }
    }

    #[test]
    fn wide_screen_shows_years_and_lead_narrow_drops_them() {
        let mut app = targets_app(Lang::Zh);
        let screen = render(&mut app, 120, 40);
        let lead = app.strings.get("label.lead").to_owned();
        let header = screen[2].clone();
        assert!(
            header.contains("2021") && header.contains("2023"),
            "{header}"
        );
        assert!(header.contains(&lead), "{header}");
        // o.g1's milestones (R&D intensity per year) sit in the year columns.
        let row = screen
            .iter()
            .find(|l| l.contains("全社会研发"))
            .cloned()
            .unwrap_or_default();
        assert!(row.contains("全社会研发") && row.contains("2.2"), "{row}");

        let screen = render(&mut app, 80, 24);
        let header = screen[2].clone();
        assert!(
            !header.contains(&lead) && !header.contains("2021"),
            "{header}"
        );
        let row = screen
            .iter()
            .find(|l| l.contains("≥ 750 家"))
            .cloned()
            .unwrap_or_default();
        assert!(row.contains("≥ 750 家") && row.contains("2023"), "{row}");
    }

    #[test]
    fn selection_is_marked_and_kept_in_view() {
        let mut app = targets_app(Lang::Zh);
        app.update(Action::End);
        let screen = render(&mut app, 80, 24);
        let last = app.targets[app.targets.len() - 1];
        let len = app.targets.len();
        let row = screen.iter().find(|l| {
            l.split_once('▶')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with(&format!("{len} ")))
        });
        assert!(row.is_some(), "{}", screen.join("\n"));
        assert!(
            row.is_some_and(|r| !r.contains(&app.index().entries[last].id)),
            "{row:?}"
        );
        assert!(screen.iter().any(|l| l.contains(&format!("{len}/{len}"))));
    }

    #[test]
    fn selected_row_is_highlighted_not_only_by_colour() {
        let mut app = targets_app(Lang::Zh);
        select(&mut app, "o.g3");
        let buffer = super::testing::render_buffer(&mut app, 80, 24);
        let Some((x, y)) = super::testing::find_symbol(&buffer, "▶") else {
            panic!("no marker");
        };
        // The row's number column, right after the marker: styled as the row is.
        let id_cell = &buffer[(x + 2, y)];
        let selected = app.theme.selected(true);
        assert_eq!(id_cell.bg, selected.bg.unwrap_or_default());
        assert!(id_cell.modifier.contains(ratatui::style::Modifier::BOLD));
    }

    /// Time this thread has spent on a CPU (Linux), unaffected by other processes.
    fn cpu_time() -> Option<std::time::Duration> {
        let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        let nanos = stat.split_whitespace().next()?.parse().ok()?;
        Some(std::time::Duration::from_nanos(nanos))
    }

    /// A whole frame (tab bar, view, status bar, `TestBackend` included) of each of these
    /// views on a 10,000 sub-task plan stays under 1 ms at 200x50 in a release build:
    /// `cargo test --release --lib large_plan -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn large_plan_frames_are_fast() {
        let mut app = super::testing::large_app();
        app.update(Action::Resize(200, 50));
        let backend = ratatui::backend::TestBackend::new(200, 50);
        let mut terminal = match ratatui::Terminal::new(backend) {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        for view in [
            Action::ShowTargets,
            Action::ShowDistricts,
            Action::ShowDashboard,
            Action::Help,
        ] {
            app.update(view.clone());
            if view != Action::Help {
                app.update(Action::End);
            }
            // The quickest of several batches, in time on the CPU where Linux tells it:
            // the machine may be busy with other work.
            let mut per_frame = std::time::Duration::MAX;
            for _ in 0..20 {
                let (wall, cpu) = (std::time::Instant::now(), cpu_time());
                for _ in 0..25 {
                    if let Err(e) = terminal.draw(|f| {
                        crate::ui::draw(f, &app);
                    }) {
                        panic!("{e}");
                    }
                }
                let spent = match (cpu, cpu_time()) {
                    (Some(before), Some(after)) => after.saturating_sub(before),
                    _ => wall.elapsed(),
                };
                per_frame = per_frame.min(spent / 25);
            }
            println!(
                "{view:?}: {per_frame:?} per frame ({} targets)",
                app.targets.len()
            );
            assert!(
                per_frame < std::time::Duration::from_millis(1),
                "{view:?}: {per_frame:?}"
            );
            app.show_help = false;
        }
    }

    #[test]
    fn source_sentence_is_shown_for_the_selection() {
        let mut app = targets_app(Lang::Zh);
        select(&mut app, "o.g3");
        for (w, h) in [(80, 24), (120, 40), (200, 50)] {
            let screen = render(&mut app, w, h);
            assert!(
                screen
                    .iter()
                    .any(|l| l.contains("高新技术企业数量达到750家")),
                "{w}x{h}:\n{}",
                screen.join("\n")
            );
        }
    }

    #[test]
    fn click_selects_the_row_under_the_pointer() {
        let mut app = targets_app(Lang::Zh);
        let screen = render(&mut app, 100, 30);
        let Some(y) = screen.iter().position(|l| l.contains("≥ 750 家")) else {
            panic!("o.g3 not shown");
        };
        app.update(Action::Click(10, y as u16));
        let entry = app.targets[app.targets_view.row.selected];
        assert_eq!(app.index().entries[entry].id, "o.g3");
    }

    #[test]
    fn never_panics_and_never_overflows() {
        let mut app = targets_app(Lang::En);
        for w in [40, 41, 50, 59, 60, 79, 99, 100, 159, 160, 200] {
            for h in [10, 11, 12, 13, 24, 50] {
                let screen = render(&mut app, w, h);
                assert_eq!(screen.len(), h as usize);
            }
        }
        // Tiny areas given directly to the view.
        for (w, h) in [(0, 0), (1, 1), (3, 2), (10, 3), (12, 12)] {
            let screen = draw_view(&app, Rect::new(0, 0, w, h), |f, a, r| {
                draw(f, a, r, &mut FrameLayout::default())
            });
            assert_eq!(screen.len(), h.max(1) as usize);
        }
    }

    #[test]
    fn columns_fit_the_width_they_are_given() {
        let app = targets_app(Lang::Zh);
        for width in 0..220 {
            let columns = layout(&app, width);
            let used: usize =
                columns.iter().map(|c| c.width).sum::<usize>() + columns.len().saturating_sub(1);
            assert!(used <= width.max(1), "{width}: {columns:?}");
            assert!(columns.iter().any(|c| c.kind == Kind::Measure));
            assert!(columns.iter().any(|c| c.kind == Kind::Target));
        }
        let wide = layout(&app, 200);
        assert!(wide.iter().any(|c| c.kind == Kind::Lead));
        assert_eq!(
            wide.iter()
                .filter(|c| matches!(c.kind, Kind::Year(_)))
                .count(),
            3
        );
    }
}
