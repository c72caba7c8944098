//! The `?` overlay: every bound action with the keys that really do it (read from the
//! keymap, so a user's own bindings show), then how the mouse works. Scrolls when the
//! terminal is too small to show it all.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use crate::app::{App, FrameLayout};
use crate::keymap::Action;
use crate::text::sanitize::for_terminal;
use crate::text::width::{Align, display_width};
use crate::ui::glyph::{frame_fit as fit, frame_truncate as truncate_to_width};
use crate::ui::list::{pane_block, render_lines};

const MAX_WIDTH: u16 = 76;
/// From this width on the keys are listed in two columns, so the whole list fits a
/// 120×40 terminal without scrolling.
const TWO_COLUMNS_FROM: u16 = 100;
const MAX_TWO_COLUMN_WIDTH: u16 = 150;
const MAX_KEY_COLUMN: usize = 22;
const GAP: usize = 2;

/// The overlay's width in `area`.
fn overlay_width(area: Rect) -> u16 {
    if area.width >= TWO_COLUMNS_FROM {
        area.width.min(MAX_TWO_COLUMN_WIDTH)
    } else {
        area.width.min(MAX_WIDTH)
    }
}

/// The overlay's lines for its inner `width`: one column, or two side by side.
fn laid_out(app: &App, width: usize) -> Vec<Line<'static>> {
    if width + 2 < TWO_COLUMNS_FROM as usize {
        return lines(app, width);
    }
    let half = (width - 3) / 2;
    let all = lines(app, half);
    let split = all.len().div_ceil(2);
    let (left, right) = all.split_at(split);
    left.iter()
        .enumerate()
        .map(|(n, line)| {
            let used: usize = line.spans.iter().map(|s| display_width(&s.content)).sum();
            let mut spans = line.spans.clone();
            spans.push(Span::raw(" ".repeat(half.saturating_sub(used) + 3)));
            if let Some(other) = right.get(n) {
                spans.extend(other.spans.iter().cloned());
            }
            Line::from(spans)
        })
        .collect()
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let theme = app.theme;
    let width = overlay_width(area);
    let lines = laid_out(app, width.saturating_sub(2) as usize);
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(area.height);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    // Clear one more column each side: a wide character cut by the popup's edge would
    // otherwise leave half a glyph against the border.
    let left = popup.x.saturating_sub(1).max(area.x);
    let right = (popup.right() + 1).min(area.right());
    frame.render_widget(
        Clear,
        Rect {
            x: left,
            width: right - left,
            ..popup
        },
    );
    let visible = height.saturating_sub(2) as usize;
    // `help_scroll` only grows in `update`; never scroll past the last screenful.
    let max_scroll = lines.len().saturating_sub(visible);
    out.help_max_scroll = Some(u16::try_from(max_scroll).unwrap_or(u16::MAX));
    let scroll = (app.help_scroll as usize).min(max_scroll);
    let close = app
        .strings
        .format("help.close", &[("keys", &close_keys(app))]);
    let mut block = pane_block(app, app.strings.get("help.title"), true).title_bottom(Line::from(
        Span::styled(format!(" {} ", for_terminal(&close)), theme.dim()),
    ));
    if max_scroll > 0 {
        let more = if theme.ascii {
            ("^", "v")
        } else {
            ("▲", "▼")
        };
        let up = if scroll > 0 { more.0 } else { " " };
        let down = if scroll < max_scroll { more.1 } else { " " };
        let position = format!(" {up}{down} {}/{} ", scroll + visible, lines.len());
        block = block.title_bottom(Line::from(Span::styled(position, theme.dim())).right_aligned());
    }
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(visible).collect();
    render_lines(frame, shown, inner);
}

/// How far the overlay can scroll when drawn over `area` (the body between the bars), so
/// `update` can stop `help_scroll` at the end instead of counting presses past it.
pub fn max_scroll(app: &App, area: Rect) -> u16 {
    let width = overlay_width(area);
    let lines = laid_out(app, width.saturating_sub(2) as usize).len();
    let visible = area.height.saturating_sub(2) as usize;
    u16::try_from(lines.saturating_sub(visible)).unwrap_or(u16::MAX)
}

/// The keys that close the overlay (any key does; these are the ones people look for).
fn close_keys(app: &App) -> String {
    [Action::Back, Action::Help]
        .into_iter()
        .filter_map(|a| app.keymap.keys_for(a).into_iter().next())
        .collect::<Vec<_>>()
        .join("/")
}

/// Everything the overlay shows, laid out for `width` columns: key column, description
/// wrapped beside it.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
    let s = |key| app.strings.get(key);
    let mut rows: Vec<(Vec<String>, String)> = app
        .keymap
        .help_entries()
        .into_iter()
        .map(|(action, keys)| {
            let keys = keys.iter().map(|k| for_terminal(k).into_owned()).collect();
            (keys, s(action.description_key()).to_owned())
        })
        .collect();
    let key_width = rows
        .iter()
        .map(|(keys, _)| display_width(&keys.join(", ")))
        .chain([display_width(s("help.key"))])
        .max()
        .unwrap_or(0)
        .min(MAX_KEY_COLUMN)
        .min(width.saturating_sub(GAP) * 2 / 5);
    let description_width = width.saturating_sub(1 + key_width + GAP).max(1);

    let mut out = Vec::new();
    out.push(Line::from(vec![
        Span::raw(" "),
        Span::styled(
            fit(s("help.key"), key_width, Align::Left).into_owned(),
            theme.title(),
        ),
        Span::raw(" ".repeat(GAP)),
        Span::styled(
            truncate_to_width(s("help.action"), description_width).into_owned(),
            theme.title(),
        ),
    ]));
    let push_row = |out: &mut Vec<Line<'static>>, keys: &[String], text: &str, key_style: Style| {
        let key_lines = pack(keys, key_width);
        let text_lines = crate::text::wrap::wrap(&for_terminal(text), description_width);
        for n in 0..key_lines.len().max(text_lines.len()) {
            let key = key_lines.get(n).map(String::as_str).unwrap_or("");
            let text = text_lines.get(n).cloned().unwrap_or_default();
            out.push(Line::from(vec![
                Span::raw(" "),
                Span::styled(fit(key, key_width, Align::Left).into_owned(), key_style),
                Span::raw(" ".repeat(GAP)),
                Span::raw(text),
            ]));
        }
    };
    for (keys, text) in rows.drain(..) {
        push_row(&mut out, &keys, &text, theme.key());
    }
    out.push(Line::default());
    let heading = truncate_to_width(s("help.mouse"), width.saturating_sub(1)).into_owned();
    out.push(Line::from(Span::styled(
        format!(" {heading}"),
        theme.heading(),
    )));
    let state = if app.mouse {
        s("message.mouse_on")
    } else {
        s("message.mouse_off")
    };
    let mouse = [
        (s("help.mouse_click_key"), s("help.mouse_click")),
        (s("help.mouse_wheel_key"), s("help.mouse_wheel")),
        ("--no-mouse", s("help.mouse_flag")),
    ];
    for (key, text) in mouse {
        push_row(&mut out, &[key.to_owned()], text, theme.key());
    }
    let state = truncate_to_width(state, width.saturating_sub(1)).into_owned();
    out.push(Line::from(Span::styled(format!(" {state}"), theme.dim())));
    out
}

/// Keys joined with ", ", as many to a line as fit in `width`; a key wider than the
/// column gets a line of its own, cut with ….
fn pack(keys: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for key in keys {
        let candidate = if current.is_empty() {
            key.clone()
        } else {
            format!("{current}, {key}")
        };
        if display_width(&candidate) <= width || current.is_empty() {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = key.clone();
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
        .into_iter()
        .map(|l| truncate_to_width(&l, width).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::ui::targets_view::testing::{app, render};

    fn help_app(lang: Lang) -> App {
        let mut app = app(lang);
        app.update(Action::Help);
        app
    }

    #[test]
    fn lists_keys_with_descriptions() {
        let mut app = help_app(Lang::Zh);
        let screen = render(&mut app, 120, 40);
        let all = screen.join("\n");
        assert!(all.contains("快捷键"), "{all}");
        let quit = screen
            .iter()
            .find(|l| l.contains(" q, Ctrl-c") || l.contains(" q "));
        let Some(quit) = quit else {
            panic!("q not listed:\n{all}")
        };
        assert!(quit.contains("退出"), "{quit}");
        assert!(all.contains("显示帮助"), "{all}");
        assert!(all.contains("--no-mouse"), "{all}");
    }

    #[test]
    fn fits_and_scrolls_at_the_smallest_size() {
        let mut app = help_app(Lang::Zh);
        let first = render(&mut app, 40, 10);
        assert_eq!(first.len(), 10);
        assert!(first.join("\n").contains("快捷键"));
        assert!(
            first.iter().any(|l| l.contains('▼')),
            "{}",
            first.join("\n")
        );
        for _ in 0..200 {
            app.update(Action::MoveDown);
        }
        assert!(app.show_help);
        let last = render(&mut app, 40, 10);
        let all = last.join("\n");
        // Scrolled to the end: the mouse section is in view, and nothing beyond.
        assert!(all.contains("--no-mouse") || all.contains("鼠标"), "{all}");
        assert!(last.iter().any(|l| l.contains('▲')), "{all}");
    }

    #[test]
    fn max_scroll_shows_the_last_line_at_the_bottom() {
        let mut app = help_app(Lang::Zh);
        let body = Rect::new(0, 1, 40, 8);
        let max = max_scroll(&app, body);
        assert!(max > 0);
        assert_eq!(max_scroll(&app, Rect::new(0, 1, 120, 38)), 0);
        app.help_scroll = max;
        let screen = render(&mut app, 40, 10);
        let state = app.strings.get("message.mouse_on");
        assert!(screen[7].contains(state), "{}", screen.join("\n"));
    }

    #[test]
    fn follows_the_keymap() {
        let app = help_app(Lang::En);
        let lines = lines(&app, 74);
        let text: Vec<String> = lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        for (action, keys) in app.keymap.help_entries() {
            let description = app.strings.get(action.description_key());
            assert!(
                text.iter()
                    .any(|l| l.contains(&keys[0]) && l.contains(description)),
                "{action:?} {keys:?}"
            );
        }
    }

    #[test]
    fn every_line_fits_its_width() {
        let app = help_app(Lang::Zh);
        for width in [0, 1, 5, 10] {
            assert!(!lines(&app, width).is_empty());
        }
        // The popup's text area is at least 38 columns (the terminal at least 40).
        for width in [20, 38, 74] {
            for line in lines(&app, width) {
                assert!(line.width() <= width, "{width}: {line:?}");
            }
        }
        for (w, h) in [(40, 10), (60, 20), (200, 50)] {
            let mut app = help_app(Lang::En);
            assert_eq!(render(&mut app, w, h).len(), h as usize);
        }
    }

    #[test]
    fn keys_are_packed_into_the_column() {
        let keys: Vec<String> = ["PgDn", "Ctrl-f", "Space"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(pack(&keys, 30), ["PgDn, Ctrl-f, Space"]);
        assert_eq!(pack(&keys, 12), ["PgDn, Ctrl-f", "Space"]);
        assert_eq!(pack(&keys, 6), ["PgDn", "Ctrl-f", "Space"]);
        for line in pack(&keys, 3) {
            assert!(display_width(&line) <= 3);
        }
    }
}
