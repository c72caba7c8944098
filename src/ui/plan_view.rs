//! View 1, the plan: navigator → items → detail. Three panes at 100 columns and more, two
//! under 100, one (with a breadcrumb) under 60.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::navigation::SectionKind;
use crate::app::{App, FrameLayout, ListSlot, Pane};
use crate::i18n::Lang;
use crate::model::Node;
use crate::model::numbering::bracketed;
use crate::text::sanitize::for_terminal;
use crate::ui::badge::{badge, badge_width};
use crate::ui::detail::{self, numbered_title};
use crate::ui::list::{ListSpec, columns_row, draw_kept_list};

pub fn draw(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let focus = app.plan_view.focus;
    match app.pane_count() {
        3 => {
            let [nav, items, detail] = Layout::horizontal([
                Constraint::Percentage(24),
                Constraint::Percentage(34),
                Constraint::Fill(1),
            ])
            .areas(area);
            navigator(frame, app, nav, out);
            items_pane(frame, app, items, out);
            detail_pane(frame, app, detail, out);
        }
        2 => {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(40), Constraint::Fill(1)]).areas(area);
            if focus == Pane::Navigator {
                navigator(frame, app, left, out);
                items_pane(frame, app, right, out);
            } else {
                items_pane(frame, app, left, out);
                detail_pane(frame, app, right, out);
            }
        }
        _ => {
            let [crumb, body] =
                Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
            breadcrumb(frame, app, crumb);
            match focus {
                Pane::Navigator => navigator(frame, app, body, out),
                Pane::Items => items_pane(frame, app, body, out),
                Pane::Detail => detail_pane(frame, app, body, out),
            }
        }
    }
}

/// The navigator's label for a section; with English chosen, a programme's English title
/// follows its Chinese one.
pub fn section_label(app: &App, kind: SectionKind) -> String {
    section_label_with(app, kind, app.lang == Lang::En)
}

/// A section's label for pane titles and breadcrumbs: the same as the navigator's.
pub fn section_title(app: &App, kind: SectionKind) -> String {
    section_label(app, kind)
}

fn section_label_with(app: &App, kind: SectionKind, english: bool) -> String {
    match kind {
        SectionKind::Overview => app.strings.get("nav.overview").to_owned(),
        SectionKind::Programme(p) => {
            let programme = &app.loaded.plan.programmes[p];
            if english {
                crate::ui::names::programme_heading(
                    app,
                    programme.number,
                    &programme.title,
                    programme.title_en.as_deref(),
                )
            } else {
                format!("{}{}", bracketed(programme.number), programme.title)
            }
        }
        SectionKind::Safeguards => app.strings.get("nav.safeguards").to_owned(),
        SectionKind::DistrictTable => app.strings.get("nav.annex1").to_owned(),
        SectionKind::DepartmentTable => app.strings.get("nav.annex2").to_owned(),
    }
}

fn navigator(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let theme = app.theme;
    let spec = ListSpec {
        title: app.strings.get("pane.navigator").to_owned(),
        focused: app.plan_view.focus == Pane::Navigator,
        pane: Pane::Navigator,
        len: app.sections.len(),
        cursor: &app.plan_view.section,
        slot: ListSlot::PlanSections,
    };
    draw_kept_list(frame, app, area, spec, out, |row, width| {
        let section = &app.sections[row];
        let label = for_terminal(&section_label(app, section.kind)).into_owned();
        let count = section.items.len().to_string();
        columns_row(width, vec![Span::raw(label)], &[(count, 3, theme.dim())])
    });
}

fn items_pane(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let theme = app.theme;
    let Some(section) = app.current_section() else {
        return;
    };
    let s = app.plan_view.section.selected;
    let spec = ListSpec {
        title: section_title(app, section.kind),
        focused: app.plan_view.focus == Pane::Items,
        pane: Pane::Items,
        len: section.items.len(),
        cursor: &app.plan_view.items[s],
        slot: ListSlot::PlanItems(s),
    };
    let history = app.history();
    draw_kept_list(frame, app, area, spec, out, |row, width| {
        let entry = section.items[row];
        let Some(node) = app.node(entry) else {
            return Line::default();
        };
        let indent = match node {
            Node::SubItem(_) | Node::Target(_) => {
                if app.theme.ascii {
                    "  `- "
                } else {
                    "  └ "
                }
            }
            _ => "",
        };
        let mut title = numbered_title(app, &node);
        if let Node::Target(t) = node {
            title = format!(
                "{}  {}",
                crate::ui::names::title(app, &node),
                crate::ui::glyph::bound(app, t.bound.with_unit(&t.unit))
            );
        }
        let title = for_terminal(&title).into_owned();
        let lead = node
            .owners()
            .map(|o| crate::ui::names::unit_short(app, &o.lead).to_owned())
            .unwrap_or_default();
        // Lead and status columns only where there is room for the title too.
        let mut right = Vec::new();
        if width >= 44 {
            right.push((for_terminal(&lead).into_owned(), 12, theme.lead()));
        }
        // By plan position from the history index (a hash of the id and a look-up in the
        // log per row otherwise); the log itself only for a log the index was not brought
        // up to (never after `App::update`).
        let status = match history {
            Some(history) => history.status(entry),
            None => app
                .index()
                .entries
                .get(entry)
                .and_then(|e| app.annotations.status_of(&e.id, None)),
        };
        let badge_width = if width >= 30 { badge_width(app) } else { 1 };
        if width >= 16 {
            let (text, style) = badge(app, status, badge_width);
            right.push((text, badge_width, style));
        }
        // The search's match is marked in the list too, so the eye finds why a row matched.
        let mut spans = vec![Span::raw(indent)];
        spans.extend(detail::highlighted(app, title, Style::new()).spans);
        columns_row(width, spans, &right)
    });
}

fn detail_pane(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    detail::draw(
        frame,
        app,
        area,
        app.selected_plan_entry(),
        app.plan_view.focus == Pane::Detail,
        app.plan_view.detail_scroll,
        out,
    );
}

/// One-pane layout: where am I — 计划 › （一）… › 2．…
fn breadcrumb(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let mut parts = vec![app.strings.get("view.plan").to_owned()];
    if let Some(section) = app.current_section() {
        parts.push(section_title(app, section.kind));
    }
    if app.plan_view.focus == Pane::Detail
        && let Some(node) = app.selected_plan_entry().and_then(|e| app.node(e))
    {
        parts.push(numbered_title(app, &node));
    }
    let text = for_terminal(&parts.join(theme.crumb())).into_owned();
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(text, theme.dim()))),
        area,
    );
}
