//! View 7: every change since the last meeting (all of them before the first), grouped
//! by programme or (Tab) by responsible unit — what the meeting should hear about.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::views::changes::{ChangeRow, NetChanges, NetKey};
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

/// Below this height the list keeps the whole screen; from it on, the selected change is
/// written out in full under the list (a line of the list cuts a long one).
const SELECTED_BELOW_FROM: u16 = 14;
const SELECTED_LINES: u16 = 4;

pub fn draw(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let theme = app.theme;
    let since = match app.last_meeting() {
        Some(m) => app.strings.format(
            "ui.changes.since",
            &[("title", &for_terminal(&m.title)), ("date", &m.date)],
        ),
        None => app.strings.get("ui.changes.all").to_owned(),
    };
    // The changes gathered by item and unit: the view's own, kept up to the log once per
    // change of it (gathered here only for a log it has not seen).
    let records = app.annotations.log.records();
    let gathered;
    let (keys, steps): (&[NetKey], usize) = if app.net_changes_current() {
        (&app.changes_view.net.keys, app.changes_view.net.steps)
    } else {
        let history = history(app);
        gathered = NetChanges::gather(history.changes(app.changes_grouping()), records);
        (&gathered, gathered.iter().map(|k| k.records.len()).sum())
    };
    let rows = app.changes_view.lines_of(keys);
    let (area, selected_area) = if area.height >= SELECTED_BELOW_FROM && !rows.is_empty() {
        let [list, below] = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Fill(1),
            ratatui::layout::Constraint::Length(SELECTED_LINES + 2),
        ])
        .areas(area);
        (list, Some(below))
    } else {
        (area, None)
    };
    let grouping = app.strings.format(
        if app.changes_view.by_unit {
            "ui.changes.by_unit"
        } else {
            "ui.changes.by_programme"
        },
        &[("key", &app.key_name(crate::app::Action::FocusNext))],
    );
    let counts = app.strings.format(
        if steps == 1 {
            "ui.changes.counts_one"
        } else {
            "ui.changes.counts"
        },
        &[("items", &keys.len()), ("steps", &steps)],
    );
    let spec = ListSpec {
        title: {
            let dot = crate::ui::glyph::dot(app);
            format!(
                "{}{dot}{counts}{dot}{since}{dot}{grouping}",
                app.strings.get("view.changes"),
            )
        },
        focused: true,
        pane: Pane::Items,
        len: rows.len(),
        cursor: &app.changes_view.row,
        slot: ListSlot::Changes,
    };
    let dot = crate::ui::glyph::dot(app);
    draw_list(frame, app, area, spec, out, |row, width| {
        let (n, step) = match rows.get(row) {
            Some(ChangeRow::Step(n, r)) => (n, Some(&records[r])),
            Some(ChangeRow::Net(n)) => (n, None),
            None => return Line::default(),
        };
        let net = &keys[n];
        let last = &records[net.records[net.records.len() - 1]];
        let group = if app.changes_view.by_unit {
            crate::ui::names::unit(app, &app.change_unit(last)).to_owned()
        } else {
            match app.change_programme(last) {
                usize::MAX => String::new(),
                p => section_title(app, crate::app::navigation::SectionKind::Programme(p)),
            }
        };
        let (text, who, when, style) = match step {
            // A step: what that one record did, under its net change.
            Some(record) => {
                let mark = if theme.ascii { "  - " } else { "  └ " };
                (
                    format!("{mark}{}", app.describe(record)),
                    record.author.to_string(),
                    record.at.local_minute(),
                    theme.dim(),
                )
            }
            None => {
                let title = app
                    .index()
                    .position(&net.key.item)
                    .and_then(|e| app.node(e))
                    .map(|n| crate::ui::names::numbered_title(app, &n))
                    .unwrap_or_else(|| net.key.item.clone());
                // A unit's part names the unit first: at 80 columns the title is cut, and
                // the part must not read as the item's own change.
                let title = match &net.key.owner {
                    Some(unit) => {
                        let unit = crate::ui::names::unit_short(app, unit);
                        // The item's number first: a long unit name still leaves which
                        // item it is visible.
                        let index = app.index();
                        match index
                            .position(&net.key.item)
                            .and_then(|e| crate::ui::names::number(app, index.entries[e].path))
                        {
                            Some(number) => format!("{number} {unit}{dot}{title}"),
                            None => format!("{unit}{dot}{title}"),
                        }
                    }
                    None => title,
                };
                // How many steps made it, and that Enter shows them.
                let count = net.records.len();
                let steps = if count > 1 {
                    let open = if app.changes_view.expanded.contains(&net.key) {
                        if theme.ascii { "v" } else { "▾" }
                    } else if theme.ascii {
                        ">"
                    } else {
                        "▸"
                    };
                    format!(
                        " {open}{}",
                        app.strings.format("ui.changes.steps", &[("count", &count)])
                    )
                } else {
                    String::new()
                };
                let mut authors: Vec<&str> = Vec::new();
                for &r in &net.records {
                    if !authors.contains(&records[r].author.as_str()) {
                        authors.push(&records[r].author);
                    }
                }
                (
                    // The steps before the description: a long one is cut, they are not.
                    format!("{title}{steps}: {}", app.net_description_of(n, net)),
                    authors.join(crate::ui::names::list_separator(app)),
                    last.at.local_minute(),
                    ratatui::style::Style::new(),
                )
            }
        };
        let text = for_terminal(&text).into_owned();
        let right = [
            (for_terminal(&group).into_owned(), 16, theme.dim()),
            (for_terminal(&who).into_owned(), 14, theme.lead()),
            (when, 16, theme.dim()),
        ];
        let take = if width >= 90 {
            3
        } else if width >= 60 {
            2
        } else {
            1
        };
        columns_row(width, vec![Span::styled(text, style)], &right[3 - take..])
    });
    if let Some(below) = selected_area {
        let row = rows.get(app.changes_view.row.selected);
        selected(frame, app, below, row, keys, out);
    }
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

/// The selected change in full: the item (and unit), then its net change, or the step.
fn selected(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    row: Option<ChangeRow>,
    keys: &[NetKey],
    out: &mut FrameLayout,
) {
    let theme = app.theme;
    let block = crate::ui::list::pane_block(app, app.strings.get("ui.changes.selected"), false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(row) = row else {
        return;
    };
    let (n, step) = match row {
        ChangeRow::Net(n) => (n, None),
        ChangeRow::Step(n, r) => (n, app.annotations.log.records().get(r)),
    };
    let net = &keys[n];
    let dot = crate::ui::glyph::dot(app);
    let mut title = app
        .index()
        .position(&net.key.item)
        .and_then(|e| app.node(e))
        .map(|n| crate::ui::names::numbered_title(app, &n))
        .unwrap_or_else(|| net.key.item.clone());
    if let Some(unit) = &net.key.owner {
        title = format!("{title}{dot}{}", crate::ui::names::unit(app, unit));
    }
    let what = match step {
        Some(record) => format!(
            "{} {}: {}",
            record.at.local_minute(),
            record.author,
            app.describe(record)
        ),
        None => app.net_description_of(n, net),
    };
    let width = inner.width.max(1);
    let mut lines: Vec<Line> = Vec::new();
    for (n, text) in [title, what].into_iter().enumerate() {
        let text = for_terminal(&text).into_owned();
        let key = format!("{}#changes{n}", net.key);
        let style = if n == 0 {
            theme.title()
        } else {
            ratatui::style::Style::new()
        };
        for line in crate::ui::measure::wrapped(app, out, &key, &text, width) {
            lines.push(Line::styled(line, style));
        }
    }
    crate::ui::list::render_lines(frame, lines, inner);
}
