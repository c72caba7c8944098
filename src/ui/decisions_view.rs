//! View 6, 议定事项: decisions and action items — what, which units, by when, how it
//! stands, and the meeting that made it. Overdue ones are marked; `O` shows only those,
//! and a filter's unit (`f`) narrows the list to that unit's.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{App, FrameLayout, ListSlot, Pane};
use crate::model::meeting::DecisionStatus;
use crate::text::sanitize::for_terminal;
use crate::ui::list::{ListSpec, columns_row, draw_list};

pub fn draw(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let theme = app.theme;
    let decisions = app.shown_decisions();
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
    let spec = ListSpec {
        title,
        focused: true,
        pane: Pane::Items,
        len: decisions.len(),
        cursor: &app.decisions_view.row,
        slot: ListSlot::Decisions,
    };
    let today = app.review_date;
    let overdue_mark = app.strings.get("ui.decision.overdue").to_owned();
    draw_list(frame, app, area, spec, out, |row, width| {
        let decision = decisions[row];
        let units: Vec<&str> = decision
            .units
            .iter()
            .map(|u| crate::ui::names::unit(app, u))
            .collect();
        let units = for_terminal(&units.join("、")).into_owned();
        let due = decision.due.map_or("—".to_owned(), |d| d.to_string());
        let overdue = decision.is_overdue(today);
        let status = if overdue {
            overdue_mark.clone()
        } else {
            app.strings.get(decision.status.key()).to_owned()
        };
        let status_style = match (overdue, decision.status) {
            (true, _) => theme.warning(),
            (_, DecisionStatus::Done) => theme.figure(),
            (_, DecisionStatus::Dropped) => theme.dim(),
            (_, DecisionStatus::Open) => ratatui::style::Style::new(),
        };
        let text = for_terminal(&decision.text.replace('\n', " ")).into_owned();
        let mut right = vec![(due, 10, theme.dim()), (status, 6, status_style)];
        if width >= 70 {
            right.insert(0, (units, 24, theme.lead()));
        }
        columns_row(width, vec![Span::raw(text)], &right)
    });
    if decisions.is_empty() {
        let key = app.key_name(crate::app::Action::Decide);
        let message = app.strings.format("ui.decision.none", &[("key", &key)]);
        let row = Rect {
            x: area.x + 2,
            y: area.y + 1,
            width: area.width.saturating_sub(4),
            height: 1,
        };
        frame.render_widget(Line::styled(message, theme.dim()), row);
    }
}
