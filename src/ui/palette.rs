//! The go-to palette: the line being typed, then the ranked hits, each with its kind, its
//! name as the document writes it (never an internal id) and where it sits; the characters
//! that matched are marked (bold and underlined, so they show without colour too).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::App;
use crate::app::palette::{Goto, Kind, Palette, PaletteHit};
use crate::model::Node;
use crate::text::pinyin::SearchText;
use crate::text::sanitize::for_terminal;
use crate::text::width::{Align, display_width};
use crate::ui::dialog::{place_caret, popup, render_body};
use crate::ui::glyph::frame_fit as fit;
use crate::ui::list::{fit_spans, render_lines};

pub fn draw(frame: &mut Frame, app: &App, area: Rect, palette: &Palette, keys: &str) {
    let s = |key: &'static str| app.strings.get(key);
    let width = area.width.saturating_sub(4).clamp(20, 100) as usize;
    let height = area.height.saturating_sub(4).clamp(4, 30) as usize;
    let inner = popup(frame, app, area, s("dialog.palette"), width, height);
    let label = format!("{}: ", s("label.goto"));
    let count = if palette.searched.is_empty() {
        s("palette.empty").to_owned()
    } else if palette.total == 0 {
        s("palette.none").to_owned()
    } else if palette.total > palette.hits.len() {
        app.strings.format(
            "palette.count_cut",
            &[("shown", &palette.hits.len()), ("total", &palette.total)],
        )
    } else {
        app.strings
            .format("palette.count", &[("total", &palette.total)])
    };
    // Notes not yet searched (being prepared after the history was read): said.
    let count = if app.notes_pending() && !palette.searched.is_empty() {
        format!(
            "{count}{}{}",
            crate::ui::glyph::dot(app),
            s("search.notes_pending")
        )
    } else {
        count
    };
    let lines = vec![
        Line::styled(label.clone(), app.theme.title()),
        Line::styled(count, app.theme.dim()),
    ];
    let list = render_body(frame, app, inner, lines, keys);
    // The field after its label on the first row, with the caret for the input method.
    let label_width = (display_width(&label) as u16).min(inner.width);
    let field = Rect {
        x: inner.x + label_width,
        width: inner.width - label_width,
        height: 1.min(inner.height),
        ..inner
    };
    frame.render_widget(&palette.input, field);
    place_caret(frame, &palette.input, field);

    let rows = list.height as usize;
    if rows == 0 {
        return;
    }
    let kind_width = Kind::ALL
        .iter()
        .map(|k| display_width(s(k.key())))
        .max()
        .unwrap_or(0);
    let first = palette.selected.saturating_sub(rows - 1);
    let mark = app.theme.highlight();
    let lines: Vec<Line> = palette
        .hits
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(at, hit)| {
            let here = at == palette.selected;
            let marker = if here { app.theme.marker() } else { " " };
            let (name, place) = describe(app, hit, &palette.searched);
            let mut spans = vec![
                Span::raw(format!("{marker} ")),
                Span::styled(
                    format!("{} ", fit(s(hit.kind.key()), kind_width, Align::Left)),
                    app.theme.dim(),
                ),
            ];
            spans.extend(marked(&name, &palette.searched, Style::new(), mark));
            if !place.is_empty() {
                spans.push(Span::styled(
                    format!("{}{place}", crate::ui::glyph::dot(app)),
                    app.theme.dim(),
                ));
            }
            let line = Line::from(fit_spans(spans, list.width as usize));
            if here {
                line.style(app.theme.selected(true))
            } else {
                line
            }
        })
        .collect();
    render_lines(frame, lines, list);
}

/// A hit's name as the document writes it (in the interface language where the plan gives
/// one), and where it sits; both safe for the terminal.
fn describe(app: &App, hit: &PaletteHit, typed: &str) -> (String, String) {
    let plan = &app.loaded.plan;
    let index = app.index();
    let entry_name = |entry: usize| {
        app.node(entry)
            .map(|n| crate::ui::names::numbered_title(app, &n))
            .unwrap_or_default()
    };
    // The document's numbering of an entry, or of the item it belongs to.
    let place_of = |entry: usize| -> String {
        std::iter::successors(Some(entry), |&e| index.entries.get(e)?.parent)
            .find_map(|e| {
                let path = index.entries.get(e)?.path;
                crate::model::numbering::document_number(plan, path)
            })
            .unwrap_or_default()
    };
    let (name, place) = match &hit.goto {
        Goto::Unit(at) => (
            plan.owners
                .get(*at)
                .map(|o| crate::ui::names::owner(app, o).to_owned())
                .unwrap_or_default(),
            String::new(),
        ),
        Goto::Entry(entry) => {
            let place = match app.node(*entry) {
                // A target by the item it measures.
                Some(Node::Target(_)) => index.entries[*entry]
                    .parent
                    .map(&entry_name)
                    .unwrap_or_default(),
                _ => place_of(*entry),
            };
            (entry_name(*entry), place)
        }
        Goto::Decision(id) => (
            app.annotations
                .meetings
                .decisions()
                .iter()
                .find(|d| &d.id == id)
                .map(|d| d.text.lines().next().unwrap_or_default().to_owned())
                .unwrap_or_default(),
            String::new(),
        ),
        Goto::Note(entry) => {
            let note = app
                .loaded
                .index
                .entries
                .get(*entry)
                .and_then(|e| app.annotations.log.annotation(&e.id, None))
                .and_then(|a| a.note.as_ref().map(|n| n.value.clone()))
                .or_else(|| {
                    // A unit's part of the item: the first part whose note holds it.
                    let id = &index.entries.get(*entry)?.id;
                    app.annotations
                        .log
                        .parts(id)
                        .into_iter()
                        .filter_map(|p| p.note.as_ref().map(|n| n.value.clone()))
                        .find(|n| n.to_lowercase().contains(&typed.to_lowercase()))
                })
                .unwrap_or_default();
            (excerpt(app, &note, typed), entry_name(*entry))
        }
    };
    // A programme's number is already in its name.
    let place = if name.contains(&place) {
        String::new()
    } else {
        place
    };
    (
        for_terminal(&name).into_owned(),
        for_terminal(&place).into_owned(),
    )
}

/// A note on one line, from a little before where `typed` occurs in it.
fn excerpt(app: &App, note: &str, typed: &str) -> String {
    let flat: String = note
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let lower = flat.to_lowercase();
    let at = lower
        .find(&typed.trim().to_lowercase())
        .map_or(0, |byte| lower[..byte].chars().count());
    // Lower-casing keeps the character count of this text's scripts; a stray difference
    // only moves the start a little.
    let skip = at.saturating_sub(8);
    let head: String = flat.chars().skip(skip).collect();
    if skip > 0 {
        format!("{}{head}", crate::ui::glyph::cut_mark(app))
    } else {
        head
    }
}

/// `text` with the first place `query` matches (by characters or pinyin) in `mark`, the
/// rest in `style`.
pub fn marked(text: &str, query: &str, style: Style, mark: Style) -> Vec<Span<'static>> {
    let found = (!query.trim().is_empty())
        .then(|| SearchText::new(text).find(query))
        .flatten();
    let Some(span) = found else {
        return vec![Span::styled(text.to_owned(), style)];
    };
    let bytes = span.bytes.start.min(text.len())..span.bytes.end.min(text.len());
    match (
        text.get(..bytes.start),
        text.get(bytes.clone()),
        text.get(bytes.end..),
    ) {
        (Some(before), Some(hit), Some(after)) => vec![
            Span::styled(before.to_owned(), style),
            Span::styled(hit.to_owned(), mark),
            Span::styled(after.to_owned(), style),
        ],
        _ => vec![Span::styled(text.to_owned(), style)],
    }
}

/// Every place `query` matches in `text` (by characters or pinyin), as ranges of its
/// characters, in order and not overlapping.
pub fn match_ranges(text: &str, query: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    if query.trim().is_empty() {
        return ranges;
    }
    let query = crate::text::pinyin::Query::new(query);
    let mut from = 0;
    let mut rest = text;
    while let Some(span) = SearchText::new(rest).find(&query) {
        if span.end <= span.start {
            break;
        }
        ranges.push(from + span.start..from + span.end);
        from += span.end;
        rest = rest.get(span.bytes.end..).unwrap_or_default();
    }
    ranges
}

/// The wrapped lines of `text` with the characters in `marks` (ranges of `text`'s
/// characters) in `mark`. Wrapping drops the spaces and line breaks it breaks at, so each
/// line's characters are found again in `text` by walking both; a character not found
/// near where it should be is left unmarked rather than shifting the rest.
pub fn marked_lines(
    text: &str,
    lines: Vec<String>,
    marks: &[std::ops::Range<usize>],
    style: Style,
    mark: Style,
) -> Vec<Line<'static>> {
    /// How far ahead a wrapped line's character is looked for.
    const LOOKAHEAD: usize = 8;
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    lines
        .into_iter()
        .map(|line| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            let mut run = String::new();
            let mut run_marked = false;
            for c in line.chars() {
                let found = (at..chars.len().min(at + LOOKAHEAD)).find(|&i| chars[i] == c);
                let marked = match found {
                    Some(i) => {
                        at = i + 1;
                        marks.iter().any(|r| r.contains(&i))
                    }
                    None => false,
                };
                if marked != run_marked && !run.is_empty() {
                    let style = if run_marked { mark } else { style };
                    spans.push(Span::styled(std::mem::take(&mut run), style));
                }
                run_marked = marked;
                run.push(c);
            }
            if !run.is_empty() {
                spans.push(Span::styled(run, if run_marked { mark } else { style }));
            }
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_match_is_marked_also_across_a_line_break() {
        let text = "资金已到位，孵化器名单周五前报送，孵化器名单另附";
        let marks = match_ranges(text, "孵化器名单");
        assert_eq!(marks, vec![6..11, 17..22]);
        // Wrapped inside the first match.
        let lines = vec![
            "资金已到位，孵化器".to_owned(),
            "名单周五前报送，孵化器名单另附".to_owned(),
        ];
        let mark = Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED);
        let out = marked_lines(text, lines, &marks, Style::new(), mark);
        let marked: Vec<String> = out
            .iter()
            .flat_map(|l| l.spans.iter())
            .filter(|s| s.style == mark)
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(marked, ["孵化器", "名单", "孵化器名单"]);
        // A space wrapping dropped does not shift what follows.
        let text = "alpha beta gamma";
        let marks = match_ranges(text, "gamma");
        let out = marked_lines(
            text,
            vec!["alpha beta".into(), "gamma".into()],
            &marks,
            Style::new(),
            mark,
        );
        assert_eq!(out[1].spans.len(), 1);
        assert_eq!(out[1].spans[0].style, mark);
        assert!(out[0].spans.iter().all(|s| s.style != mark));
        // By pinyin initials too.
        assert_eq!(match_ranges("市科技局和市财政局", "czj"), vec![6..9]);
        assert!(match_ranges("abc", "  ").is_empty());
    }
}
