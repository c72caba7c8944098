//! A bordered, scrolling list that builds only the rows it shows: drawing a list of
//! 10,000 items costs what drawing 40 does.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use ratatui::buffer::{Buffer, Cell};

use crate::app::row_memo::{DrawnRow, RowKey};
use crate::app::{App, FrameLayout, ListCursor, ListSlot, Pane};
use crate::text::width::{Align, display_width};
use crate::ui::cells::{PaneBlock, set_line};

pub struct ListSpec<'a> {
    pub title: String,
    pub focused: bool,
    pub pane: Pane,
    pub len: usize,
    pub cursor: &'a ListCursor,
    /// Which of the app's lists this is, so its first row is kept for the next frame.
    pub slot: ListSlot,
}

/// A pane's frame: a border, heavier when focused, with a title.
pub fn pane_block(app: &App, title: &str, focused: bool) -> PaneBlock {
    let theme = app.theme;
    PaneBlock::new(
        theme.border_set(focused),
        theme.border(focused),
        Line::from(Span::styled(format!(" {title} "), theme.title())),
    )
}

/// Draw the list; `row(position, width)` builds the line for one visible row, given the
/// columns it may use (the selection marker is drawn before it).
pub fn draw_list(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    spec: ListSpec,
    out: &mut FrameLayout,
    row: impl Fn(usize, usize) -> Line<'static>,
) {
    draw_rows(frame, app, area, spec, out, row, false);
}

/// [`draw_list`], its rows kept between frames in the app's row memo (`app::row_memo`): a
/// row the memo holds is copied, not built. Only for a list whose `row` reads nothing but
/// its position and what the memo's key and stamp name — the list's slot must tell apart
/// whatever else changes which rows it shows (the plan view's items are per section).
pub fn draw_kept_list(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    spec: ListSpec,
    out: &mut FrameLayout,
    row: impl Fn(usize, usize) -> Line<'static>,
) {
    draw_rows(frame, app, area, spec, out, row, true);
}

fn draw_rows(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    spec: ListSpec,
    out: &mut FrameLayout,
    row: impl Fn(usize, usize) -> Line<'static>,
    kept: bool,
) {
    let theme = app.theme;
    let position = if spec.len == 0 {
        String::new()
    } else {
        format!(" {}/{} ", spec.cursor.selected + 1, spec.len)
    };
    let block = pane_block(app, &spec.title, spec.focused)
        .title_bottom(Line::from(Span::styled(position, theme.dim())).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let offset = spec.cursor.visible_offset(height, spec.len);
    out.panes.push((area, spec.pane, offset));
    out.offsets.push((spec.slot, offset));
    if inner.width == 0 || height == 0 {
        return;
    }
    let marker = theme.marker();
    let marker_width = display_width(marker) + 1;
    let text_width = (inner.width as usize).saturating_sub(marker_width);
    let finished = |position: usize| {
        let selected = position == spec.cursor.selected;
        let mut line = row(position, text_width);
        let lead = if selected {
            format!("{marker} ")
        } else {
            " ".repeat(marker_width)
        };
        line.spans.insert(0, Span::raw(lead));
        if selected {
            let style = theme.selected(spec.focused);
            if style.bg.is_some() {
                // On the selection's background the cells' own colours would lose
                // their contrast: the selection's colours win.
                for span in &mut line.spans {
                    span.style = span.style.patch(style);
                }
            }
            line = line.style(style);
        }
        line
    };
    let shown = offset..spec.len.min(offset + height);
    if !kept || !app.row_memo.enabled() {
        let lines: Vec<Line> = shown.map(finished).collect();
        render_lines(frame, lines, inner);
        return;
    }
    let stamp = app.row_stamp();
    let buffer = frame.buffer_mut();
    for (position, y) in shown.zip(inner.y..inner.bottom()) {
        let selected = position == spec.cursor.selected;
        let key = RowKey {
            slot: spec.slot,
            position,
            len: spec.len,
            width: inner.width,
            selected,
            // Only the selection's look says whether its list is focused.
            focused: selected && spec.focused,
        };
        if let Some(cells) = app.row_memo.get(&stamp, &key) {
            put_cells(buffer, inner.x, y, cells);
            continue;
        }
        let cells = line_cells(&finished(position), inner.width);
        put_cells(buffer, inner.x, y, &cells);
        out.rows.push(DrawnRow { key, cells });
    }
    out.rows_stamp = Some(stamp);
}

/// A line's cells in a row of `width` columns, as [`set_line`] puts them into a blank row.
fn line_cells(line: &Line<'_>, width: u16) -> Vec<Cell> {
    let mut row = Buffer::empty(Rect::new(0, 0, width, 1));
    set_line(&mut row, 0, 0, line, width);
    row.content
}

/// A row's cells into the buffer from (`x`, `y`) on: what drawing its line there does on
/// a frame's blank buffer.
fn put_cells(buffer: &mut Buffer, x: u16, y: u16, cells: &[Cell]) {
    let area = buffer.area;
    if area.contains(ratatui::layout::Position::new(x, y)) {
        let start = usize::from(y - area.y) * usize::from(area.width) + usize::from(x - area.x);
        let room = usize::from(area.right() - x);
        if let Some(target) = buffer.content.get_mut(start..start + cells.len().min(room)) {
            target.clone_from_slice(&cells[..target.len()]);
        }
    }
}

/// Each line straight into its row of `area`: lines here are already cut to width, and a
/// `Paragraph` would reflow every one of them on every frame.
pub fn render_lines(frame: &mut Frame, lines: Vec<Line<'_>>, area: Rect) {
    let buffer = frame.buffer_mut();
    for (line, y) in lines.iter().zip(area.y..area.bottom()) {
        set_line(buffer, area.x, y, line, area.width);
    }
}

/// A row made of a flexible text column and fixed columns at the right, each fitted to
/// its display width (wide characters never cut in half, truncation marked with …).
pub fn columns_row(
    width: usize,
    main: Vec<Span<'static>>,
    right: &[(String, usize, ratatui::style::Style)],
) -> Line<'static> {
    let fixed: usize = right.iter().map(|(_, w, _)| w + 1).sum();
    let main_width = width.saturating_sub(fixed);
    let mut spans = fit_spans(main, main_width);
    for (text, column_width, style) in right {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            crate::ui::glyph::frame_fit(text, *column_width, Align::Left).into_owned(),
            *style,
        ));
    }
    Line::from(spans)
}

/// Fit styled spans into `width` columns: cut with … where they overflow (never in the
/// middle of a wide character), pad where they fall short, so later columns line up.
pub fn fit_spans(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    use unicode_width::UnicodeWidthChar;
    let total: usize = spans.iter().map(|s| display_width(&s.content)).sum();
    let mut out = Vec::new();
    let mut used = 0;
    if total <= width {
        out.extend(spans);
        used = total;
    } else if width > 0 {
        let limit = width - 1;
        for span in spans {
            let mut kept = String::new();
            for c in span.content.chars() {
                let w = c.width().unwrap_or(0);
                if used + w > limit {
                    break;
                }
                used += w;
                kept.push(c);
            }
            let cut = kept.len() < span.content.len();
            out.push(Span::styled(kept, span.style));
            if cut {
                break;
            }
        }
        out.push(Span::raw(crate::ui::glyph::frame_cut_mark()));
        used += 1;
    }
    if used < width {
        out.push(Span::raw(" ".repeat(width - used)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn spans_are_cut_at_character_boundaries_and_marked() {
        let spans = vec![Span::raw("1．"), Span::raw("建设高水平创新平台")];
        let fitted = fit_spans(spans.clone(), 10);
        assert_eq!(text(&fitted), "1．建设高…");
        assert_eq!(display_width(&text(&fitted)), 10);
        let fitted = fit_spans(spans.clone(), 40);
        assert_eq!(display_width(&text(&fitted)), 40);
        assert!(text(&fitted).starts_with("1．建设高水平创新平台"));
        assert_eq!(text(&fit_spans(spans, 0)), "");
    }
}
