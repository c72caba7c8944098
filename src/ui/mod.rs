//! Drawing. Each view has its own file; every function here reads the [`App`] and draws,
//! and none of them changes it: what a frame measures (click areas, list offsets, scroll
//! limits, text it wrapped) is returned as a [`FrameLayout`] for the app to keep.

pub mod badge;
pub mod cells;
pub mod changes_view;
pub mod dashboard_view;
pub mod decisions_view;
pub mod detail;
pub mod dialog;
pub mod districts_view;
pub mod glyph;
pub mod help;
pub mod hints;
pub mod list;
pub mod measure;
pub mod names;
pub mod owners_view;
pub mod palette;
pub mod plan_view;
pub mod presenter;
pub mod target_chart;
pub mod targets_view;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{Action, App, FrameLayout, View};
use crate::text::sanitize::for_terminal;
use crate::text::width::display_width;
use crate::ui::list::fit_spans;

/// Below this the screen shows only a request to enlarge the terminal.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// Draws the whole screen; returns what the frame measured, for
/// [`Action::Drawn`](crate::app::Action::Drawn).
pub fn draw(frame: &mut Frame, app: &App) -> FrameLayout {
    glyph::begin_frame(app);
    let mut out = FrameLayout::default();
    draw_into(frame, app, &mut out);
    out
}

fn draw_into(frame: &mut Frame, app: &App, out: &mut FrameLayout) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, app, area);
        return;
    }
    if let Some(programme) = app.presenter {
        presenter::draw(frame, app, area, programme);
        paint(frame, theme_of(app).base(), area);
        dialog::draw(frame, app, area, out);
        return;
    }
    let [tabs, body, bar] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    tab_bar(frame, app, tabs, out);
    match app.view {
        View::Plan => plan_view::draw(frame, app, body, out),
        View::Owners => owners_view::draw(frame, app, body, out),
        View::Targets => targets_view::draw(frame, app, body, out),
        View::Districts => districts_view::draw(frame, app, body, out),
        View::Dashboard => dashboard_view::draw(frame, app, body),
        View::Decisions => decisions_view::draw(frame, app, body, out),
        View::Changes => changes_view::draw(frame, app, body, out),
    }
    status_bar(frame, app, bar);
    if app.show_help {
        help::draw(frame, app, body, out);
    }
    dialog::draw(frame, app, body, out);
}

/// The theme a frame is drawn with: in presenter mode, the presenter's (light, painting its
/// own background, when the terminal's background is unknown).
pub fn theme_of(app: &App) -> theme::Theme {
    if app.presenter.is_some() {
        app.theme.presenter()
    } else {
        app.theme
    }
}

/// Give every cell of `area` still in the terminal's own colours the colours of `base`
/// (a theme that paints its background: presenter mode on an unknown background).
fn paint(frame: &mut Frame, base: ratatui::style::Style, area: Rect) {
    use ratatui::style::Color;
    let (Some(fg), Some(bg)) = (base.fg, base.bg) else {
        return;
    };
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if let Some(cell) = buffer.cell_mut((x, y)) {
                if cell.fg == Color::Reset {
                    cell.fg = fg;
                }
                if cell.bg == Color::Reset {
                    cell.bg = bg;
                }
            }
        }
    }
}

fn too_small(frame: &mut Frame, app: &App, area: Rect) {
    let message = format!(
        "{} ({MIN_WIDTH}×{MIN_HEIGHT})",
        app.strings.get("message.enlarge")
    );
    let paragraph = Paragraph::new(message).wrap(Wrap { trim: true });
    frame.render_widget(paragraph, area);
}

/// ` 1 计划 │ 2 责任单位 │ …` with the plan's document number at the right.
fn tab_bar(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let theme = app.theme;
    let mut spans = Vec::new();
    let mut x = area.x;
    // Every tab named in full where they fit; else by its short name (`view.short.*`);
    // only where not even those fit, the tabs not shown are numbers only.
    #[derive(Clone, Copy, PartialEq)]
    enum Names {
        Full,
        Short,
        Numbers,
    }
    let label = |n: usize, view: View, names: Names| match names {
        Names::Full => format!(" {} {} ", n + 1, app.strings.get(view.key())),
        Names::Numbers if view != app.view => format!(" {} ", n + 1),
        Names::Short if view == app.view => {
            format!(" {} {} ", n + 1, app.strings.get(view.key()))
        }
        _ => {
            let short = format!("view.short.{}", view.key().trim_start_matches("view."));
            format!(" {} {} ", n + 1, app.strings.get(&short))
        }
    };
    // Each set of labels made once: the first that fits is drawn (every key draws the bar).
    let labels = |names: Names| -> Vec<String> {
        View::ALL
            .iter()
            .enumerate()
            .map(|(n, &v)| label(n, v, names))
            .collect()
    };
    let fits = |labels: &[String]| {
        labels.iter().map(|l| display_width(l) + 1).sum::<usize>() <= area.width as usize
    };
    let mut chosen = labels(Names::Full);
    if !fits(&chosen) {
        chosen = labels(Names::Short);
        if !fits(&chosen) {
            chosen = labels(Names::Numbers);
        }
    }
    for (view, label) in View::ALL.iter().zip(chosen) {
        let width = display_width(&label) as u16;
        out.tabs.push((
            Rect::new(x, area.y, width.min(area.right().saturating_sub(x)), 1),
            *view,
        ));
        x = x.saturating_add(width + 1);
        spans.push(Span::styled(label, theme.tab(*view == app.view)));
        spans.push(Span::raw(" "));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let doc = &app.loaded.plan.meta.doc_number;
    let room = (area.width as usize).saturating_sub(used + 1);
    if display_width(doc) <= room {
        spans.push(Span::raw(" ".repeat(room - display_width(doc))));
        spans.push(Span::styled(doc.clone(), theme.dim()));
    }
    cells::render_line(frame.buffer_mut(), area, &Line::from(spans));
}

/// The bottom line: the search being typed, a notice, or hints built from the keymap.
fn status_bar(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    // Right: who changes are recorded as, and whether they are on disk (made once: the
    // hints at the left fit beside it).
    let state = save_state(app);
    let state_width = state
        .iter()
        .map(|s| display_width(&s.content))
        .sum::<usize>();
    let search = app.search().filter(|s| s.editing || !s.query.is_empty());
    let line = if let Some(search) = search {
        let count = match (search.current_hit(), search.current, search.hits.len()) {
            (_, _, 0) if search.query.trim().is_empty() => String::new(),
            (_, _, 0) => app.strings.get("search.no_matches").to_owned(),
            // Which hit, and where the query was found in it.
            (Some(hit), Some(c), n) => {
                let dot = crate::ui::glyph::dot(app);
                format!(
                    "{}/{n}{dot}{}",
                    c + 1,
                    app.strings.get(app.matched(hit).key())
                )
            }
            (_, _, n) => format!("{n}"),
        };
        // Notes not yet searched (being prepared after the history was read): said, so
        // a hit missing for now is not taken for none.
        let count = if app.view == crate::app::View::Plan && app.notes_pending() {
            let dot = crate::ui::glyph::dot(app);
            let pending = app.strings.get("search.notes_pending");
            if count.is_empty() {
                pending.to_owned()
            } else {
                format!("{count}{dot}{pending}")
            }
        } else {
            count
        };
        let prompt = format!("/{}", for_terminal(&search.query));
        let cursor_x = area.x + display_width(&prompt) as u16;
        if search.editing && cursor_x < area.right() {
            // The caret where the terminal's input method expects it.
            frame.set_cursor_position((cursor_x, area.y));
        }
        Line::from(vec![
            Span::styled(prompt, theme.title()),
            Span::raw("  "),
            Span::styled(count, theme.dim()),
        ])
    } else if let Some(notice) = &app.notice {
        Line::from(Span::styled(
            for_terminal(notice).into_owned(),
            theme.warning(),
        ))
    } else if let Some(error) = &app.annotations.save_error {
        Line::from(Span::styled(
            for_terminal(error).into_owned(),
            theme.warning(),
        ))
    } else {
        // Only the hints that fit whole beside the save state (never one cut in half).
        hint_line(app, (area.width as usize).saturating_sub(state_width + 1))
    };
    let left_width = (area.width as usize).saturating_sub(state_width + 1);
    let mut spans = fit_spans(line.spans, left_width);
    if left_width > 0 {
        spans.push(Span::raw(" "));
        spans.extend(state);
    }
    cells::render_paragraph_line(frame.buffer_mut(), area, &Line::from(spans), theme.bar());
}

/// "✎ 张三 · 已保存 10:02", "保存中…", or "未保存 2" in the warning colour.
fn save_state(app: &App) -> Vec<Span<'static>> {
    use crate::app::annotate::FileState;
    use ratatui::style::Style;
    let theme = app.theme;
    let notes = &app.annotations;
    let s = |key| app.strings.get(key).to_owned();
    let pen = if theme.ascii { "@" } else { "✎" };
    // Nobody known yet: say so (the first change asks for a name).
    let name = if notes.author.trim().is_empty() {
        s("annotate.author_unknown")
    } else {
        for_terminal(&notes.author).into_owned()
    };
    let author = Span::styled(format!("{pen} {name} "), theme.key());
    let (text, style) = if !notes.unsaved.is_empty() && notes.save_error.is_some() {
        let count = notes.unsaved.len();
        let text = app
            .strings
            .format("annotate.unsaved_count", &[("count", &count)]);
        (text, theme.warning())
    } else if !notes.unsaved.is_empty() {
        (s("annotate.saving"), Style::new())
    } else {
        match &notes.file_state {
            FileState::Loading => (s("annotate.loading_short"), theme.dim()),
            FileState::Unreadable(_) => (s("annotate.unreadable_short"), theme.warning()),
            FileState::None => (s("annotate.memory_only"), theme.warning()),
            FileState::Ready if notes.refusal.is_some() => {
                (s("annotate.read_only"), theme.warning())
            }
            FileState::Ready => match &notes.last_saved {
                Some(at) => {
                    let time = at.rsplit(' ').next().unwrap_or(at);
                    (format!("{} {time}", s("annotate.saved")), Style::new())
                }
                None => (String::new(), Style::new()),
            },
        }
    };
    let mut spans = Vec::new();
    if let Some(meeting) = app.annotations.meetings.current() {
        let dot = if theme.ascii { "*" } else { "●" };
        let text = app.strings.format(
            "ui.meeting.in_progress",
            &[("title", &for_terminal(&meeting.title))],
        );
        spans.push(Span::styled(format!("{dot} {text} "), theme.lead()));
        if let Some(agenda) = &app.agenda {
            let discussed = agenda
                .entries
                .iter()
                .filter(|&&e| {
                    let id = &app.index().entries[e].id;
                    meeting.discussed.iter().any(|(item, _)| item == id)
                })
                .count();
            let text = app.strings.format(
                "ui.agenda.position",
                &[
                    ("n", &(agenda.position + 1)),
                    ("total", &agenda.entries.len()),
                    ("discussed", &discussed),
                ],
            );
            spans.push(Span::styled(format!("{text} "), theme.key()));
        }
    }
    if let Some(date) = app.as_of {
        let text = app
            .strings
            .format("annotate.as_of_short", &[("date", &date)]);
        spans.push(Span::styled(format!("{text} "), theme.warning()));
    }
    if app.filter.is_some() {
        let (shown, all) = app.filter_counts();
        let text = app
            .strings
            .format("filter.active", &[("shown", &shown), ("all", &all)]);
        spans.push(Span::styled(format!("{text} "), theme.key()));
    }
    spans.push(author);
    if !text.is_empty() {
        spans.push(Span::styled(format!("{text} "), style));
    }
    spans
}

/// The most useful keys that fit, each shown with the key the keymap really binds.
fn hint_line(app: &App, width: usize) -> Line<'static> {
    let theme = app.theme;
    let hints = [
        (Action::MoveDown, "hint.move"),
        (Action::FocusNext, "hint.pane"),
        (Action::Open, "hint.open"),
        (Action::Search, "hint.search"),
        (Action::Help, "hint.help"),
        (Action::Quit, "hint.quit"),
        (Action::GoTo, "hint.goto"),
    ];
    let mut spans = Vec::new();
    let mut used = 0;
    for (action, label) in hints {
        let Some(key) = app.keymap.keys_for(action).into_iter().next() else {
            continue;
        };
        let key = crate::ui::glyph::key(app, &key);
        let label = app.strings.get(label);
        let piece = display_width(&key) + 1 + display_width(label) + 2;
        if used + piece > width {
            break;
        }
        used += piece;
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    Line::from(spans)
}
