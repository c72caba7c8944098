//! View 4, 附件1: targets by district as a table. The row labels stay put while the figure
//! columns scroll sideways; under the city row, the districts' own sum, with a marker
//! wherever it disagrees with the city figure (the document's figures do not always add up,
//! and a meeting should see where). One cell is selected (row and column); under a row whose
//! figures have actual values recorded, a line of those values, each marked as meeting its
//! figure or not, and at the foot the selected cell's figure, actual and as-of date.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{App, FrameLayout, ListSlot, Pane};
use crate::keymap::Action;
use crate::model::progress::Light;
use crate::model::validate::{ColumnSum, district_sums, format_figure};
use crate::model::{Cell, DistrictColumn, DistrictRow, DistrictTable};
use crate::text::sanitize::for_terminal;
use crate::text::width::{Align, display_width};
use crate::ui::glyph::{frame_fit as fit, frame_truncate as truncate_to_width};
use crate::ui::list::{pane_block, render_lines};

/// Sums closer to the city figure than this are equal (the document rounds to cents).
const TOLERANCE: f64 = 0.005;
/// A figure column is at most this wide unless its figures need more; long names wrap.
const MAX_COLUMN: usize = 14;
const MIN_COLUMN: usize = 4;
const MAX_LABEL: usize = 16;
/// A comfortable length for one line of a column name.
const NAME_LINE: usize = 10;
/// Between figure columns.
const GAP: usize = 2;
/// ` │ ` between the frozen label column and the figures.
const RULE_WIDTH: usize = 3;

pub fn draw(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let theme = app.theme;
    let Some(table) = &app.loaded.plan.district_table else {
        let block = pane_block(app, app.strings.get("view.districts"), true);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let text = Span::styled(app.strings.get("label.no_district_table"), theme.dim());
        frame.render_widget(Paragraph::new(Line::from(text)), inner);
        return;
    };
    let inner_width = area.width.saturating_sub(2) as usize;
    let inner_height = area.height.saturating_sub(2) as usize;
    let grid = Grid::new(app, table, inner_width, inner_height);

    let title = for_terminal(&crate::ui::names::district_table_title(app, table)).into_owned();
    let block = pane_block(app, &title, true)
        .title_top(Line::from(Span::styled(grid.scroll_label(app), theme.dim())).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let cursor = &app.districts_view.row;
    let len = table.rows.len();
    // The selected cell's details, in two lines where one is too narrow and there is room.
    let footer: Vec<String> = if grid.footer {
        let (text, _) = grid.footer_text(app, table);
        let most = if inner_height >= 16 { 2 } else { 1 };
        let mut lines = crate::text::wrap::wrap(&text, inner_width.saturating_sub(1).max(1));
        if lines.len() > most {
            let rest = lines[most - 1..].concat();
            lines.truncate(most);
            lines[most - 1] = truncate_to_width(&rest, inner_width.saturating_sub(1)).into_owned();
        }
        lines.into_iter().map(|l| format!(" {l}")).collect()
    } else {
        Vec::new()
    };
    let body_height =
        inner_height.saturating_sub(grid.header_height + grid.legend as usize + footer.len());
    let offset = grid.row_offset(cursor.offset, cursor.selected, len, body_height);
    out.panes.push((area, Pane::Items, offset));
    out.offsets.push((ListSlot::Districts, offset));
    out.district_first_column = Some(grid.first);
    if inner.width == 0 || inner.height == 0 {
        return;
    }

    let mut lines = grid.header(app, table, out);
    let marker = theme.marker();
    let mut body = 0;
    for (r, row) in table.rows.iter().enumerate().skip(offset) {
        if body >= body_height {
            break;
        }
        let selected = r == cursor.selected;
        let lead = if selected {
            format!("{marker} ")
        } else {
            " ".repeat(grid.lead)
        };
        let mut spans = vec![Span::raw(lead)];
        spans.push(Span::raw(
            fit(
                &for_terminal(crate::ui::names::row_label(app, row)),
                grid.label,
                Align::Left,
            )
            .into_owned(),
        ));
        spans.push(Span::styled(grid.frozen_rule(theme.ascii), theme.dim()));
        let mut chosen = None;
        for (n, shown) in grid.shown.iter().enumerate() {
            if n > 0 {
                spans.push(Span::raw(" ".repeat(GAP)));
            }
            let (text, style) = match row.cells.get(shown.column) {
                Some(Cell::Num(text)) => (for_terminal(text).into_owned(), Style::new()),
                Some(Cell::NotApplicable) => ("/".to_owned(), theme.dim()),
                None => (String::new(), Style::new()),
            };
            if selected && shown.column == app.districts_view.column {
                chosen = Some(spans.len());
            }
            spans.push(Span::styled(
                fit(&text, shown.width, Align::Right).into_owned(),
                style,
            ));
        }
        let mut line = Line::from(spans);
        if row.total {
            line = line.style(theme.title());
        }
        if selected {
            // The selection's colours win over the cells' own, so the row reads as one.
            let style = theme.selected(true);
            for span in &mut line.spans {
                span.style = span.style.patch(style);
            }
            line = line.style(style);
            // The selected cell stands out of its row, without colour too.
            if let Some(span) = chosen.and_then(|at| line.spans.get_mut(at)) {
                span.style = span
                    .style
                    .add_modifier(Modifier::REVERSED | Modifier::UNDERLINED);
            }
        }
        lines.push(line);
        body += 1;
        if grid.has_actuals(r) && body < body_height {
            lines.push(grid.actual_line(app, r));
            body += 1;
        }
        if row.total && body < body_height {
            lines.push(grid.sum_line(app));
            body += 1;
        }
    }
    let mut paragraph_area = inner;
    if !footer.is_empty() {
        let height = footer.len() as u16;
        let footer_area = Rect {
            y: inner.bottom() - height - grid.legend as u16,
            height,
            ..inner
        };
        paragraph_area.height -= height;
        let style = grid.footer_text(app, table).1;
        let lines: Vec<Line> = footer
            .into_iter()
            .map(|l| Line::from(Span::styled(l, style)))
            .collect();
        frame.render_widget(Paragraph::new(lines), footer_area);
    }
    if grid.legend {
        let legend_area = Rect {
            y: inner.bottom() - 1,
            height: 1,
            ..inner
        };
        paragraph_area.height -= 1;
        frame.render_widget(Paragraph::new(grid.legend_line(app)), legend_area);
    }
    render_lines(frame, lines, paragraph_area);
}

/// An actual value recorded for a cell: the latest, and whether it meets the figure.
#[derive(Debug, Clone, PartialEq)]
struct Recorded {
    value: f64,
    as_of: jiff::civil::Date,
    met: Option<bool>,
}

/// The latest actual of a row's figure in a column: of the cell as a whole or of the
/// district's own part, whichever is dated later.
fn recorded(
    app: &App,
    row: &DistrictRow,
    column: &DistrictColumn,
    cell: &Cell,
) -> Option<Recorded> {
    let id = crate::model::district_cell_id(&row.id, &column.id);
    let log = &app.annotations.log;
    let whole = log.annotation(&id, None).and_then(|a| a.latest_actual());
    let part = row
        .owner
        .as_deref()
        .and_then(|unit| log.annotation(&id, Some(unit)))
        .and_then(|a| a.latest_actual());
    let latest = match (whole, part) {
        (Some(a), Some(b)) => Some(if (b.as_of, b.at) > (a.as_of, a.at) {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    }?;
    Some(Recorded {
        value: latest.value,
        as_of: latest.as_of,
        met: cell.value().map(|figure| latest.value >= figure),
    })
}

/// One figure column on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shown {
    column: usize,
    width: usize,
}

/// How the table is laid out in the space it has: what is shown, how wide, how tall the
/// header is.
struct Grid {
    sums: Vec<ColumnSum>,
    /// Selection marker and its space.
    lead: usize,
    label: usize,
    shown: Vec<Shown>,
    first: usize,
    columns: usize,
    name_lines: usize,
    has_group: bool,
    has_total: bool,
    /// Per row, whether it is the city row (a sum line follows it).
    totals: Vec<bool>,
    header_height: usize,
    legend: bool,
    /// The selected cell's figure, actual and as-of date, above the legend.
    footer: bool,
    mismatch_mark: &'static str,
    /// Per row, per column: the actual recorded, if any.
    actuals: Vec<Vec<Option<Recorded>>>,
    met_mark: &'static str,
    unmet_mark: &'static str,
}

impl Grid {
    fn new(app: &App, table: &DistrictTable, width: usize, height: usize) -> Self {
        let theme = app.theme;
        let sums = district_sums(table);
        let mismatch_mark = if theme.ascii { "!" } else { "⚠" };
        // Taller screens give long column names more lines rather than more width.
        let name_lines = match height {
            16.. => 3,
            11.. => 2,
            _ => 1,
        };
        let has_group = table.columns.iter().any(|c| c.group.is_some());
        let has_total = table.rows.iter().any(|r| r.total);
        let legend = height >= 8;
        let footer = height >= 10;
        let actuals = table
            .rows
            .iter()
            .map(|row| {
                table
                    .columns
                    .iter()
                    .zip(&row.cells)
                    .map(|(column, cell)| recorded(app, row, column, cell))
                    .collect()
            })
            .collect();
        let (met_mark, unmet_mark) = if theme.ascii {
            ("+", "x")
        } else {
            ("✓", "✗")
        };
        let header_height = has_group as usize + name_lines + 1;
        let lead = display_width(theme.marker()) + 1;
        let sum_label = app.strings.get("label.district_sum");
        let label = table
            .rows
            .iter()
            .map(|r| display_width(&for_terminal(crate::ui::names::row_label(app, r))))
            .chain([
                display_width(sum_label),
                display_width(crate::ui::names::label_header(app, table)),
            ])
            .max()
            .unwrap_or(0)
            .min(MAX_LABEL)
            .min(width.saturating_sub(lead) / 3);
        let mut grid = Grid {
            sums,
            lead,
            label,
            shown: Vec::new(),
            first: 0,
            columns: table.columns.len(),
            name_lines,
            has_group,
            has_total,
            totals: table.rows.iter().map(|r| r.total).collect(),
            header_height,
            legend,
            footer,
            mismatch_mark,
            actuals,
            met_mark,
            unmet_mark,
        };
        let mut room = width.saturating_sub(lead + label + RULE_WIDTH);
        let selected = app
            .districts_view
            .column
            .min(grid.columns.saturating_sub(1));
        grid.first = app
            .districts_view
            .column_offset
            .min(grid.columns.saturating_sub(1))
            .min(selected);
        // Move on until the selected column is shown whole (or is the first shown).
        while grid.first < selected && !grid.fits(app, table, grid.first, selected, room) {
            grid.first += 1;
        }
        for column in grid.first..grid.columns {
            let wanted = grid.column_width(app, table, column);
            let gap = if grid.shown.is_empty() { 0 } else { GAP };
            if wanted + gap <= room {
                grid.shown.push(Shown {
                    column,
                    width: wanted,
                });
                room -= wanted + gap;
            } else {
                if grid.shown.is_empty() && room > 0 {
                    // Not even one column fits whole: show what there is room for.
                    grid.shown.push(Shown {
                        column,
                        width: room,
                    });
                }
                break;
            }
        }
        grid
    }

    /// Whether the columns `first..=last` fit side by side in `room`.
    fn fits(
        &self,
        app: &App,
        table: &DistrictTable,
        first: usize,
        last: usize,
        room: usize,
    ) -> bool {
        let needed: usize = (first..=last)
            .map(|c| self.column_width(app, table, c))
            .sum::<usize>()
            + GAP * (last - first);
        needed <= room
    }

    /// The first row to draw so the selected row shows whole: rows with actual values take
    /// a second line, the city row its sum line.
    fn row_offset(&self, kept: usize, selected: usize, len: usize, height: usize) -> usize {
        let Some(table_rows) = len.checked_sub(1) else {
            return 0;
        };
        let selected = selected.min(table_rows);
        let lines = |r: usize| {
            1 + usize::from(self.has_actuals(r)) + usize::from(self.has_total && self.total_at(r))
        };
        let mut offset = kept.min(selected);
        while offset < selected && (offset..=selected).map(lines).sum::<usize>() > height.max(1) {
            offset += 1;
        }
        // Don't leave blank lines at the bottom when earlier rows could fill them.
        while offset > 0 && (offset - 1..len).map(lines).sum::<usize>() <= height {
            offset -= 1;
        }
        offset
    }

    fn total_at(&self, r: usize) -> bool {
        self.totals.get(r).copied().unwrap_or(false)
    }

    fn has_actuals(&self, r: usize) -> bool {
        self.actuals
            .get(r)
            .is_some_and(|row| row.iter().any(Option::is_some))
    }

    fn actual_text(&self, recorded: &Recorded) -> String {
        let mark = match recorded.met {
            Some(true) => self.met_mark,
            Some(false) => self.unmet_mark,
            None => "",
        };
        let value = format_figure(recorded.value);
        if mark.is_empty() {
            value
        } else {
            format!("{mark} {value}")
        }
    }

    /// The line under a row: its actual values, marked as meeting their figures or not.
    fn actual_line(&self, app: &App, r: usize) -> Line<'static> {
        let theme = app.theme;
        let mut spans = vec![
            Span::raw(" ".repeat(self.lead + 1)),
            Span::styled(
                fit(
                    app.strings.get("districts.actual_row"),
                    self.label.saturating_sub(1),
                    Align::Left,
                )
                .into_owned(),
                theme.dim(),
            ),
            Span::styled(self.frozen_rule(theme.ascii), theme.dim()),
        ];
        for (n, shown) in self.shown.iter().enumerate() {
            if n > 0 {
                spans.push(Span::raw(" ".repeat(GAP)));
            }
            let recorded = self.actuals.get(r).and_then(|row| row.get(shown.column));
            let (text, style) = match recorded {
                Some(Some(recorded)) => (
                    self.actual_text(recorded),
                    match recorded.met {
                        Some(true) => theme.light(Light::Green),
                        Some(false) => theme.light(Light::Red),
                        None => theme.dim(),
                    },
                ),
                _ => (String::new(), Style::new()),
            };
            spans.push(Span::styled(
                fit(&text, shown.width, Align::Right).into_owned(),
                style,
            ));
        }
        Line::from(spans)
    }

    /// `柳南区 高新技术企业数量：目标 97 家 · 实际 90 家（截至 2026-06-30）· 未达到`.
    fn footer_text(&self, app: &App, table: &DistrictTable) -> (String, Style) {
        let theme = app.theme;
        let view = &app.districts_view;
        let (Some(row), Some(column)) = (
            table.rows.get(view.row.selected),
            table.columns.get(view.column),
        ) else {
            return (String::new(), Style::new());
        };
        let unit = &column.unit;
        let figure = match row.cells.get(view.column) {
            Some(Cell::Num(text)) => format!("{text} {unit}"),
            Some(Cell::NotApplicable) => format!("/ ({})", app.strings.get("label.not_applicable")),
            None => String::new(),
        };
        let head = app.strings.format(
            "districts.cell",
            &[
                ("row", &crate::ui::names::row_label(app, row)),
                ("column", &crate::ui::names::column(app, column)),
                ("figure", &figure),
                ("dot", &crate::ui::glyph::dot(app)),
            ],
        );
        let recorded = self
            .actuals
            .get(view.row.selected)
            .and_then(|r| r.get(view.column))
            .and_then(Option::as_ref);
        let mut parts = vec![head];
        let mut style = theme.dim();
        match recorded {
            Some(recorded) => {
                parts.push(app.strings.format(
                    "districts.cell_actual",
                    &[
                        (
                            "actual",
                            &format!("{} {unit}", format_figure(recorded.value)),
                        ),
                        ("date", &recorded.as_of),
                    ],
                ));
                match recorded.met {
                    Some(true) => {
                        parts.push(format!(
                            "{} {}",
                            self.met_mark,
                            app.strings.get("districts.met")
                        ));
                        style = theme.light(Light::Green);
                    }
                    Some(false) => {
                        parts.push(format!(
                            "{} {}",
                            self.unmet_mark,
                            app.strings.get("districts.not_met")
                        ));
                        style = theme.light(Light::Red);
                    }
                    None => {}
                }
            }
            None if matches!(row.cells.get(view.column), Some(Cell::Num(_))) => {
                let key = app
                    .keymap
                    .keys_for(Action::RecordActual)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                parts.push(
                    app.strings
                        .format("districts.cell_no_actual", &[("key", &key)]),
                );
            }
            None => {}
        }
        (
            for_terminal(&parts.join(crate::ui::glyph::dot(app))).into_owned(),
            style,
        )
    }

    /// Wide enough for every figure (never cut), the unit, and the name in its lines.
    fn column_width(&self, app: &App, table: &DistrictTable, column: usize) -> usize {
        let spec = &table.columns[column];
        let figures = table
            .rows
            .iter()
            .filter_map(|r| match r.cells.get(column) {
                Some(Cell::Num(text)) => Some(display_width(&for_terminal(text))),
                Some(Cell::NotApplicable) => Some(1),
                None => None,
            })
            .chain([display_width(&self.sum_text(spec, column).0)])
            .chain(self.actuals.iter().filter_map(|row| {
                let recorded = row.get(column)?.as_ref()?;
                Some(display_width(&self.actual_text(recorded)))
            }))
            .max()
            .unwrap_or(0);
        let unit = display_width(&for_terminal(&spec.unit));
        let floor = figures.max(unit).max(MIN_COLUMN);
        floor.max(self.name_width(&for_terminal(crate::ui::names::column(app, spec)), floor))
    }

    /// The narrowest width, from `floor` up to `MAX_COLUMN`, at which the name wraps into
    /// as few lines as its length calls for (about `NAME_LINE` columns a line, at most
    /// `name_lines`), so lines come out balanced: 高新技术/企业数量, not 高新技术企/业数量.
    fn name_width(&self, name: &str, floor: usize) -> usize {
        let total = display_width(name);
        if total <= floor {
            return floor;
        }
        let lines = total.div_ceil(NAME_LINE).clamp(1, self.name_lines);
        let mut width = total.div_ceil(lines).max(floor);
        while width < MAX_COLUMN && crate::text::wrap::wrap(name, width).len() > lines {
            width += 1;
        }
        width.min(MAX_COLUMN)
    }

    /// The computed cell under the city row: text, style, whether it disagrees.
    fn sum_text(&self, spec: &DistrictColumn, column: usize) -> (String, bool) {
        let Some(sum) = self.sums.get(column) else {
            return (String::new(), false);
        };
        match (sum.districts, sum.city) {
            (Some(districts), Some(city)) if (districts - city).abs() > TOLERANCE => (
                format!("{} {}", self.mismatch_mark, format_figure(districts)),
                true,
            ),
            (Some(districts), _) => (format_figure(districts), false),
            // A rate does not add up: there is no sum to show.
            (None, _) if !spec.additive => ("-".to_owned(), false),
            (None, _) => (String::new(), false),
        }
    }

    fn frozen_rule(&self, ascii: bool) -> String {
        if ascii { " | ".into() } else { " │ ".into() }
    }

    fn last_shown(&self) -> Option<usize> {
        self.shown.last().map(|s| s.column)
    }

    /// `◀ 3–6/10 ▶`: which columns are on screen, and which way there are more.
    fn scroll_label(&self, app: &App) -> String {
        let ascii = app.theme.ascii;
        let (left, right) = if ascii { ("<", ">") } else { ("◀", "▶") };
        let Some(last) = self.last_shown() else {
            return String::new();
        };
        let more_left = if self.first > 0 { left } else { " " };
        let more_right = if last + 1 < self.columns { right } else { " " };
        let to = if ascii { "-" } else { "–" };
        format!(
            " {more_left} {} {}{to}{}/{} {more_right} ",
            app.strings.get("label.columns"),
            self.first + 1,
            last + 1,
            self.columns
        )
    }

    /// Group line (when the table has groups), the names wrapped over `name_lines` lines
    /// (bottom-aligned), then the units.
    fn header(
        &self,
        app: &App,
        table: &DistrictTable,
        out: &mut FrameLayout,
    ) -> Vec<Line<'static>> {
        let theme = app.theme;
        let rule = self.frozen_rule(theme.ascii);
        let blank_label = " ".repeat(self.lead + self.label);
        let label_header = format!(
            "{}{}",
            " ".repeat(self.lead),
            fit(
                &for_terminal(crate::ui::names::label_header(app, table)),
                self.label,
                Align::Left
            )
        );
        let mut lines: Vec<Vec<Span<'static>>> = Vec::new();
        if self.has_group {
            let mut spans = Vec::new();
            let mut n = 0;
            while n < self.shown.len() {
                let group =
                    crate::ui::names::column_group(app, &table.columns[self.shown[n].column]);
                let mut end = n + 1;
                while end < self.shown.len()
                    && group.is_some()
                    && crate::ui::names::column_group(app, &table.columns[self.shown[end].column])
                        == group
                {
                    end += 1;
                }
                let width: usize =
                    self.shown[n..end].iter().map(|s| s.width).sum::<usize>() + GAP * (end - n - 1);
                if n > 0 {
                    spans.push(Span::raw(" ".repeat(GAP)));
                }
                let text = group
                    .map(|g| for_terminal(g).into_owned())
                    .unwrap_or_default();
                spans.push(Span::styled(
                    fit(&text, width, Align::Center).into_owned(),
                    theme.heading(),
                ));
                n = end;
            }
            lines.push(spans);
        }
        let names: Vec<Vec<String>> = self
            .shown
            .iter()
            .map(|s| self.name_lines(app, table, s, out))
            .collect();
        for line in 0..self.name_lines {
            let mut spans = Vec::new();
            for (n, shown) in self.shown.iter().enumerate() {
                if n > 0 {
                    spans.push(Span::raw(" ".repeat(GAP)));
                }
                let text = names[n].get(line).map(String::as_str).unwrap_or("");
                spans.push(Span::styled(
                    fit(text, shown.width, Align::Center).into_owned(),
                    theme.title(),
                ));
            }
            lines.push(spans);
        }
        let mut units = Vec::new();
        for (n, shown) in self.shown.iter().enumerate() {
            if n > 0 {
                units.push(Span::raw(" ".repeat(GAP)));
            }
            let unit = for_terminal(&table.columns[shown.column].unit).into_owned();
            units.push(Span::styled(
                fit(&unit, shown.width, Align::Center).into_owned(),
                theme.dim(),
            ));
        }
        lines.push(units);
        lines
            .into_iter()
            .enumerate()
            .map(|(n, spans)| {
                let label = if n == 0 {
                    label_header.clone()
                } else {
                    blank_label.clone()
                };
                let mut all = vec![
                    Span::styled(label, theme.title()),
                    Span::styled(rule.clone(), theme.dim()),
                ];
                all.extend(spans);
                Line::from(all)
            })
            .collect()
    }

    /// A column's name wrapped to its width in at most `name_lines` lines, the last cut
    /// with … when the name is longer; padded at the top so names sit on the unit line.
    fn name_lines(
        &self,
        app: &App,
        table: &DistrictTable,
        shown: &Shown,
        out: &mut FrameLayout,
    ) -> Vec<String> {
        let spec = &table.columns[shown.column];
        let name = for_terminal(crate::ui::names::column(app, spec));
        let key = format!("{}#column:{}", table.id, spec.id);
        let mut wrapped =
            crate::ui::measure::wrapped(app, out, &key, &name, shown.width.max(1) as u16);
        if wrapped.len() > self.name_lines {
            // Lines of words were broken at a space: put it back between them.
            let rest =
                wrapped[self.name_lines - 1..]
                    .iter()
                    .fold(String::new(), |mut rest, line| {
                        if rest.ends_with(|c: char| c.is_ascii_graphic())
                            && line.starts_with(|c: char| c.is_ascii_graphic())
                        {
                            rest.push(' ');
                        }
                        rest.push_str(line);
                        rest
                    });
            wrapped.truncate(self.name_lines);
            wrapped[self.name_lines - 1] = truncate_to_width(&rest, shown.width).into_owned();
        }
        let mut lines = vec![String::new(); self.name_lines - wrapped.len()];
        lines.extend(wrapped);
        lines
    }

    /// 各县区合计: the sum of the district rows for each column on screen.
    fn sum_line(&self, app: &App) -> Line<'static> {
        let theme = app.theme;
        let Some(table) = &app.loaded.plan.district_table else {
            return Line::default();
        };
        let mut spans = vec![
            Span::raw(" ".repeat(self.lead)),
            Span::styled(
                fit(
                    app.strings.get("label.district_sum"),
                    self.label,
                    Align::Left,
                )
                .into_owned(),
                theme.dim(),
            ),
            Span::styled(self.frozen_rule(theme.ascii), theme.dim()),
        ];
        for (n, shown) in self.shown.iter().enumerate() {
            if n > 0 {
                spans.push(Span::raw(" ".repeat(GAP)));
            }
            let (text, mismatch) = self.sum_text(&table.columns[shown.column], shown.column);
            let style = if mismatch {
                theme.warning()
            } else {
                theme.dim()
            };
            spans.push(Span::styled(
                fit(&text, shown.width, Align::Right).into_owned(),
                style,
            ));
        }
        Line::from(spans)
    }

    /// `/ = 不适用 · ⚠ = 各县区合计与全市数不一致 · < > 左右滚动`
    fn legend_line(&self, app: &App) -> Line<'static> {
        let theme = app.theme;
        let s = |key| app.strings.get(key);
        let keys = |action| {
            app.keymap
                .keys_for(action)
                .into_iter()
                .next()
                .unwrap_or_default()
        };
        let mut parts = vec![
            format!("/ = {}", s("label.not_applicable")),
            format!("{} = {}", self.mismatch_mark, s("label.sum_mismatch")),
        ];
        if (0..self.actuals.len()).any(|r| self.has_actuals(r)) {
            parts.push(app.strings.format(
                "districts.legend_actual",
                &[("met", &self.met_mark), ("unmet", &self.unmet_mark)],
            ));
        }
        let (left, right) = (keys(Action::ScrollLeft), keys(Action::ScrollRight));
        if self.columns > self.shown.len() && !left.is_empty() && !right.is_empty() {
            parts.push(format!("{left} {right} {}", s("label.scroll_columns")));
        }
        let text = for_terminal(&parts.join(crate::ui::glyph::dot(app))).into_owned();
        Line::from(Span::styled(format!(" {text}"), theme.dim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::ui::targets_view::testing::{app, draw_view, render};

    fn districts_app(lang: Lang) -> App {
        let mut app = app(lang);
        app.update(Action::ShowDistricts);
        app
    }

    fn line_with<'a>(screen: &'a [String], text: &str) -> &'a str {
        match screen.iter().find(|l| l.contains(text)) {
            Some(l) => l,
            None => panic!("{text} not on screen:\n{}", screen.join("\n")),
        }
    }

    #[test]
    fn districts_and_figures_are_shown_as_written() {
        let mut app = districts_app(Lang::Zh);
        let screen = render(&mut app, 120, 40);
        assert!(line_with(&screen, "柳东新区").contains("225"));
        // Scroll right until 高新技术企业工业总产值 is on screen.
        let mut found = false;
        for _ in 0..10 {
            let screen = render(&mut app, 80, 24);
            if screen.iter().any(|l| l.contains("1352.98")) {
                found = true;
                assert!(line_with(&screen, "1352.98").contains("柳东新区"));
                break;
            }
            app.update(Action::ScrollRight);
        }
        assert!(found, "1352.98 never shown");
    }

    #[test]
    fn sum_row_marks_the_high_tech_firm_mismatch() {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = districts_app(Lang::Zh);
            let screen = render(&mut app, w, h);
            let sum = line_with(&screen, "各县区合计");
            assert!(sum.contains("⚠ 707"), "{w}x{h}: {sum}");
            let city = line_with(&screen, "柳州市");
            assert!(city.contains("701"), "{city}");
            // The sum row sits directly below the city row.
            let city_y = screen
                .iter()
                .position(|l| l.contains("柳州市"))
                .unwrap_or(0);
            assert!(screen[city_y + 1].contains("各县区合计"));
            assert!(screen.iter().any(|l| l.contains("/ = 不适用")), "legend");
        }
    }

    #[test]
    fn mismatch_is_visible_in_ascii_and_coloured_as_a_warning() {
        let mut app = districts_app(Lang::En);
        app.theme.ascii = true;
        let screen = render(&mut app, 80, 24);
        let sum = line_with(&screen, "Sum of districts");
        assert!(sum.contains("! 707"), "{sum}");
        let buffer = crate::ui::targets_view::testing::render_buffer(&mut app, 80, 24);
        let Some((x, y)) = crate::ui::targets_view::testing::find_symbol(&buffer, "!") else {
            panic!("no mismatch marker");
        };
        let warning = app.theme.warning();
        for cell in [&buffer[(x, y)], &buffer[(x + 2, y)]] {
            assert_eq!(cell.fg, warning.fg.unwrap_or_default());
            assert!(cell.modifier.contains(ratatui::style::Modifier::BOLD));
        }
        // The first column is at the left edge: more to the right only.
        assert!(
            screen[1].contains('>') && !screen[1].contains(" < "),
            "{}",
            screen[1]
        );
    }

    #[test]
    fn header_wraps_names_and_shows_units_and_groups() {
        let mut app = districts_app(Lang::Zh);
        let screen = render(&mut app, 120, 40);
        // 高新技术企业数量 wraps into two balanced lines over its unit.
        let wrapped = screen.windows(3).any(|w| {
            w[0].contains("高新技术 ") && w[1].contains("企业数量") && w[2].contains("家")
        });
        assert!(wrapped, "{}", screen.join("\n"));
        assert!(screen.iter().any(|l| l.contains("亿元")));
        app.districts_view.column = 9;
        let screen = render(&mut app, 120, 40);
        assert!(
            screen.iter().any(|l| l.contains("科技服务业")),
            "{}",
            screen.join("\n")
        );
        assert!(screen[1].contains('◀'), "{}", screen[1]);
    }

    #[test]
    fn rows_scroll_and_keep_the_selection_visible() {
        let mut app = districts_app(Lang::Zh);
        app.update(Action::End);
        let screen = render(&mut app, 60, 12);
        let last = app
            .loaded
            .plan
            .district_table
            .as_ref()
            .map(|t| t.rows.len())
            .unwrap_or(0);
        assert!(last > 0);
        let label = app
            .loaded
            .plan
            .district_table
            .as_ref()
            .map(|t| t.rows[last - 1].label.clone());
        let label = label.unwrap_or_default();
        assert!(line_with(&screen, &label).contains('▶'));
    }

    #[test]
    fn never_panics() {
        let mut app = districts_app(Lang::En);
        for offset in [0, 3, 9, 50] {
            app.districts_view.column_offset = offset;
            for w in [40, 45, 60, 80, 120, 200] {
                for h in [10, 11, 12, 16, 24, 50] {
                    assert_eq!(render(&mut app, w, h).len(), h as usize);
                }
            }
        }
        for (w, h) in [(0, 0), (1, 1), (3, 2), (10, 3), (14, 6)] {
            let screen = draw_view(&app, Rect::new(0, 0, w, h), |f, a, r| {
                draw(f, a, r, &mut FrameLayout::default())
            });
            assert_eq!(screen.len(), h.max(1) as usize);
        }
        // The app's only holder of the plan (no background work started).
        std::sync::Arc::get_mut(&mut app.loaded)
            .unwrap()
            .plan
            .district_table = None;
        assert_eq!(render(&mut app, 80, 24).len(), 24);
    }
}
