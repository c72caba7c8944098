//! Presenter mode (`P`): one programme at a time, for the projector. Each sub-task with its
//! status, progress and note, each target with its light and latest actual; roomy and
//! uncluttered. A note marked private (`Ctrl-P` in the editor) is left out: it can hold
//! what is not for the whole room.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::app::navigation::SectionKind;
use crate::model::Node;
use crate::model::progress::disagrees;
use crate::model::validate::format_figure;
use crate::text::sanitize::for_terminal;
use crate::ui::badge::{badge, light_badge};
use crate::ui::detail::numbered_title;
use crate::ui::list::{fit_spans, render_lines};
use crate::ui::plan_view::section_title;

pub fn draw(frame: &mut Frame, app: &App, area: Rect, programme: usize) {
    let theme = crate::ui::theme_of(app);
    let Some(section) = app
        .sections
        .iter()
        .find(|s| s.kind == SectionKind::Programme(programme))
    else {
        return;
    };
    let width = area.width.saturating_sub(4) as usize;
    let count = app.loaded.plan.programmes.len();
    let mut lines: Vec<Line> = Vec::new();
    let title = for_terminal(&section_title(app, section.kind)).into_owned();
    let position = format!(
        "{}/{count}{}{}",
        programme + 1,
        crate::ui::glyph::dot(app),
        app.review_date
    );
    lines.push(Line::default());
    lines.push(Line::from(fit_spans(
        vec![
            Span::styled(
                title,
                theme
                    .heading()
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            ),
            Span::raw("   "),
            Span::styled(position, theme.dim()),
        ],
        width,
    )));
    lines.push(Line::default());
    // Each sub-task (or sub-item), then its targets.
    let index = app.index();
    let entries = section.items.iter().flat_map(|&item| {
        let targets = index
            .children(item)
            .map(|(position, _)| position)
            .filter(|&p| matches!(app.node(p), Some(Node::Target(_))));
        std::iter::once(item).chain(targets)
    });
    for entry in entries {
        let Some(node) = app.node(entry) else {
            continue;
        };
        let id = &app.index().entries[entry].id;
        match node {
            Node::Target(target) => {
                let mut spans = vec![Span::raw("      ")];
                let status = app.annotations.status_of(id, None);
                if let Some(assessment) = app.assessment(entry) {
                    let (text, style) =
                        light_badge(app, assessment.light, disagrees(assessment.light, status));
                    spans.push(Span::styled(format!("{text}  "), style));
                    if let Some((date, value)) = assessment.actual {
                        spans.push(Span::styled(
                            format!("{}{} ({date})  ", format_figure(value), target.unit),
                            theme.figure(),
                        ));
                    }
                }
                spans.push(Span::raw(format!(
                    "{}  {}",
                    for_terminal(crate::ui::names::title(app, &node)),
                    for_terminal(&crate::ui::glyph::bound(
                        app,
                        target.bound.with_unit(&target.unit)
                    ))
                )));
                lines.push(Line::from(fit_spans(spans, width)));
            }
            _ => {
                let status = app.annotations.status_of(id, None);
                let (badge_text, style) = badge(app, status, crate::ui::badge::badge_width(app));
                let mut spans = vec![
                    Span::raw("  "),
                    Span::styled(badge_text, style),
                    Span::raw("  "),
                    Span::styled(
                        for_terminal(&numbered_title(app, &node)).into_owned(),
                        Style::new().add_modifier(Modifier::BOLD),
                    ),
                ];
                let progress = app
                    .annotations
                    .log
                    .annotation(id, None)
                    .and_then(|a| a.progress.as_ref());
                if let Some(progress) = progress {
                    spans.push(Span::styled(
                        format!("   {}%", progress.value),
                        theme.figure(),
                    ));
                }
                // A blank line before each sub-task: room to point at on a projector.
                lines.push(Line::default());
                lines.push(Line::from(fit_spans(spans, width)));
                // Its note, unless it was marked private: the room sees the public ones.
                let note = app
                    .annotations
                    .log
                    .annotation(id, None)
                    .and_then(|a| a.note.as_ref())
                    .filter(|n| !app.annotations.is_private(&n.record));
                if let Some(note) = note {
                    let first = note.value.lines().next().unwrap_or_default();
                    lines.push(Line::from(fit_spans(
                        vec![Span::styled(
                            format!("              {}", for_terminal(first)),
                            theme.dim(),
                        )],
                        width,
                    )));
                }
            }
        }
    }
    let inner = Rect {
        x: area.x + 2,
        width: area.width.saturating_sub(4),
        ..area
    };
    let hint = crate::ui::hints::presenter_hints(app);
    frame.render_widget(
        Paragraph::new(Line::styled(hint.to_owned(), theme.dim())),
        Rect {
            y: area.bottom().saturating_sub(1),
            height: 1,
            ..inner
        },
    );
    let body = Rect {
        height: area.height.saturating_sub(1),
        ..inner
    };
    render_lines(frame, lines, body);
}
