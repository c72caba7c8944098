//! View 7: every change since the last meeting (all of them before the first), grouped
//! by programme, newest last — what the meeting should hear about.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{App, Pane};
use crate::text::sanitize::for_terminal;
use crate::ui::list::{ListSpec, columns_row, draw_list};
use crate::ui::plan_view::section_title;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let changes = app.changes_since_last_meeting();
    let since = match app.last_meeting() {
        Some(m) => app.strings.format(
            "ui.changes.since",
            &[("title", &for_terminal(&m.title)), ("date", &m.date)],
        ),
        None => app.strings.get("ui.changes.all").to_owned(),
    };
    // Grouped by programme: the order of the plan, then time within each.
    let index = app.index();
    let programme_of = |item: &str| {
        index
            .get(item)
            .and_then(|e| e.path.programme())
            .map_or(usize::MAX, |p| p)
    };
    let mut rows: Vec<_> = changes.into_iter().collect();
    rows.sort_by_key(|r| programme_of(&r.item));
    let spec = ListSpec {
        title: format!(
            "{} · {} · {since}",
            app.strings.get("view.changes"),
            rows.len()
        ),
        focused: true,
        pane: Pane::Items,
        len: rows.len(),
        cursor: &app.changes_view.row,
    };
    draw_list(frame, app, area, spec, |row, width| {
        let record = rows[row];
        let group = match programme_of(&record.item) {
            usize::MAX => String::new(),
            p => section_title(app, crate::app::navigation::SectionKind::Programme(p)),
        };
        let title = index
            .position(&record.item)
            .and_then(|e| app.node(e))
            .map(|n| crate::model::numbering::numbered_title(&n))
            .unwrap_or_else(|| record.item.clone());
        let mut who = record.author.clone();
        if let Some(unit) = &record.owner {
            who = format!("{who} · {}", app.owner_name(unit));
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
