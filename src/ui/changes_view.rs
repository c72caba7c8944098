//! View 7: every change since the last meeting (all of them before the first), grouped
//! by programme or (Tab) by responsible unit — what the meeting should hear about.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{App, FrameLayout, ListSlot, Pane};
use crate::model::history_index::HistoryIndex;
use crate::text::sanitize::for_terminal;
use crate::ui::list::{ListSpec, columns_row, draw_list};
use crate::ui::plan_view::section_title;

/// The app's history index; for a log it was not brought up to (never after
/// `App::update`), one made for the frame from the log.
pub(crate) fn history(app: &App) -> Cow<'_, HistoryIndex> {
    match app.history() {
        Some(history) => Cow::Borrowed(history),
        None => {
            let since = app.last_meeting().map(|m| m.opened_at);
            let mut history = HistoryIndex::new(&app.loaded.plan, app.index());
            history.sync(&app.annotations.log, since, app.history_context());
            Cow::Owned(history)
        }
    }
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let theme = app.theme;
    let since = match app.last_meeting() {
        Some(m) => app.strings.format(
            "ui.changes.since",
            &[("title", &for_terminal(&m.title)), ("date", &m.date)],
        ),
        None => app.strings.get("ui.changes.all").to_owned(),
    };
    // The rows, grouped and in log order within each group: from the history index,
    // computed once per change of the log (computed here only for a log it has not seen).
    let grouping = app.changes_grouping();
    let records = app.annotations.log.records();
    let history = history(app);
    let rows = history.changes(grouping);
    let grouping = app.strings.format(
        if app.changes_view.by_unit {
            "ui.changes.by_unit"
        } else {
            "ui.changes.by_programme"
        },
        &[("key", &app.key_name(crate::app::Action::FocusNext))],
    );
    let spec = ListSpec {
        title: {
            let dot = crate::ui::glyph::dot(app);
            format!(
                "{}{dot}{}{dot}{since}{dot}{grouping}",
                app.strings.get("view.changes"),
                rows.len()
            )
        },
        focused: true,
        pane: Pane::Items,
        len: rows.len(),
        cursor: &app.changes_view.row,
        slot: ListSlot::Changes,
    };
    draw_list(frame, app, area, spec, out, |row, width| {
        let record = &records[rows[row]];
        let group = if app.changes_view.by_unit {
            crate::ui::names::unit(app, &app.change_unit(record)).to_owned()
        } else {
            match app.change_programme(record) {
                usize::MAX => String::new(),
                p => section_title(app, crate::app::navigation::SectionKind::Programme(p)),
            }
        };
        let title = app
            .index()
            .position(&record.item)
            .and_then(|e| app.node(e))
            .map(|n| crate::ui::names::numbered_title(app, &n))
            .unwrap_or_else(|| record.item.clone());
        let mut who = record.author.clone();
        if let Some(unit) = &record.owner {
            who = format!("{who} · {}", crate::ui::names::unit(app, unit));
        }
        let text = for_terminal(&format!("{title}: {}", app.describe(record))).into_owned();
        let right = [
            (for_terminal(&group).into_owned(), 16, theme.dim()),
            (for_terminal(&who).into_owned(), 14, theme.lead()),
            (record.at.local_minute(), 16, theme.dim()),
        ];
        let take = if width >= 90 {
            3
        } else if width >= 60 {
            2
        } else {
            1
        };
        columns_row(width, vec![Span::raw(text)], &right[3 - take..])
    });
    if rows.is_empty() {
        let row = Rect {
            x: area.x + 2,
            y: area.y + 1,
            width: area.width.saturating_sub(4),
            height: 1,
        };
        let message = app.strings.get("ui.changes.none");
        frame.render_widget(Line::styled(message.to_owned(), theme.dim()), row);
    }
}
