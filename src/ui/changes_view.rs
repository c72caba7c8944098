//! View 7: every change since the last meeting (all of them before the first), grouped
//! by programme or (Tab) by responsible unit — what the meeting should hear about.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{App, FrameLayout, ListSlot, Pane};
use crate::text::sanitize::for_terminal;
use crate::ui::list::{ListSpec, columns_row, draw_list};
use crate::ui::plan_view::section_title;

pub fn draw(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
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
    // Or by unit (Tab switches): the unit whose part it is, else the item's lead unit.
    let unit_of = |record: &crate::model::annotation::Record| -> String {
        record.owner.clone().unwrap_or_else(|| {
            index
                .position(&record.item)
                .and_then(|p| {
                    app.node(p)
                        .and_then(|n| n.owners())
                        .map(|o| o.lead.clone())
                        .or_else(|| {
                            crate::model::query::target_owner(&app.loaded.plan, index, p)
                                .map(|o| o.lead.clone())
                        })
                })
                .unwrap_or_default()
        })
    };
    let unit_rank = |record: &crate::model::annotation::Record| {
        let unit = unit_of(record);
        app.loaded
            .plan
            .owners
            .iter()
            .position(|o| o.id == unit)
            .unwrap_or(usize::MAX)
    };
    let mut rows: Vec<_> = changes.into_iter().collect();
    if app.changes_by_unit {
        rows.sort_by_key(|r| unit_rank(r));
    } else {
        rows.sort_by_key(|r| programme_of(&r.item));
    }
    let grouping = app.strings.get(if app.changes_by_unit {
        "ui.changes.by_unit"
    } else {
        "ui.changes.by_programme"
    });
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
        let record = rows[row];
        let group = if app.changes_by_unit {
            crate::ui::names::unit(app, &unit_of(record)).to_owned()
        } else {
            match programme_of(&record.item) {
                usize::MAX => String::new(),
                p => section_title(app, crate::app::navigation::SectionKind::Programme(p)),
            }
        };
        let title = index
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
