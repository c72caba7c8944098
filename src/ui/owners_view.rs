//! View 2, owners: every unit with the count of items it leads and shares; the selected
//! unit's items grouped by programme; the selected item in full.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use crate::app::navigation::SectionKind;
use crate::app::{App, FrameLayout, ListSlot, Pane};
use crate::model::query::{Role, role_counts};
use crate::text::sanitize::for_terminal;
use crate::text::width::display_width;
use crate::ui::badge::{badge, badge_width};
use crate::ui::detail::{self, numbered_title};
use crate::ui::list::{ListSpec, columns_row, draw_kept_list, draw_list};
use crate::ui::plan_view::section_title;

pub fn draw(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let focus = app.owners_view.focus;
    match app.pane_count() {
        3 => {
            let [units, items, detail] = Layout::horizontal([
                Constraint::Percentage(28),
                Constraint::Percentage(34),
                Constraint::Fill(1),
            ])
            .areas(area);
            units_pane(frame, app, units, out);
            items_pane(frame, app, items, out);
            detail_pane(frame, app, detail, out);
        }
        2 => {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(45), Constraint::Fill(1)]).areas(area);
            if focus == Pane::Navigator {
                units_pane(frame, app, left, out);
                items_pane(frame, app, right, out);
            } else {
                items_pane(frame, app, left, out);
                detail_pane(frame, app, right, out);
            }
        }
        _ => match focus {
            Pane::Navigator => units_pane(frame, app, area, out),
            Pane::Items => items_pane(frame, app, area, out),
            Pane::Detail => detail_pane(frame, app, area, out),
        },
    }
}

fn units_pane(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let theme = app.theme;
    let owners = &app.loaded.plan.owners;
    let spec = ListSpec {
        title: format!(
            "{}{}{}/{}",
            app.strings.get("view.owners"),
            crate::ui::glyph::dot(app),
            app.strings.get("column.leads"),
            app.strings.get("column.shares")
        ),
        focused: app.owners_view.focus == Pane::Navigator,
        pane: Pane::Navigator,
        len: owners.len(),
        cursor: &app.owners_view.owner,
        slot: ListSlot::Owners,
    };
    // A unit's row reads the unit, its counts (through the filter) and the language: kept
    // between frames. The unit's items below depend on which unit is selected: not kept.
    draw_kept_list(frame, app, area, spec, out, |row, width| {
        let owner = &owners[row];
        let (leads, shares) = app
            .assignments
            .get(&owner.id)
            .map_or((0, 0), |a| role_counts(a));
        columns_row(
            width,
            vec![Span::raw(
                for_terminal(crate::ui::names::owner_short(app, owner)).into_owned(),
            )],
            &[
                (format!("{leads:>3}"), 3, theme.lead()),
                (format!("{shares:>3}"), 3, theme.dim()),
            ],
        )
    });
}

/// The unit's items, each prefixed by the programme it belongs to when that changes, so
/// the list reads grouped by programme.
fn items_pane(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let theme = app.theme;
    let items = app.owner_items();
    if items.is_empty()
        && let Some(row) = district_row(app)
    {
        district_pane(frame, app, area, row);
        return;
    }
    let title = app
        .selected_owner()
        .map(|o| for_terminal(crate::ui::names::owner(app, o)).into_owned())
        .unwrap_or_default();
    let spec = ListSpec {
        title,
        focused: app.owners_view.focus == Pane::Items,
        pane: Pane::Items,
        len: items.len(),
        cursor: &app.owners_view.item,
        slot: ListSlot::OwnerItems,
    };
    let lead = app.strings.get("label.lead").to_owned();
    let share = app.strings.get("label.shares").to_owned();
    // As wide as the longer label in the current language (牵头 / Supports).
    let role_width = display_width(&lead).max(display_width(&share));
    draw_list(frame, app, area, spec, out, |row, width| {
        let assignment = items[row];
        let Some(node) = app.node(assignment.entry) else {
            return Line::default();
        };
        let group = group_label(app, assignment.entry);
        let previous = row.checked_sub(1).map(|r| group_label(app, items[r].entry));
        let mut spans = Vec::new();
        // A programme's own row carries its number already.
        if previous.as_ref() != Some(&group) && !matches!(node, crate::model::Node::Programme(_)) {
            spans.push(Span::styled(
                format!("{group}{}", theme.crumb().trim_start()),
                theme.dim(),
            ));
        }
        spans.push(Span::raw(
            for_terminal(&numbered_title(app, &node)).into_owned(),
        ));
        let (role, style) = match assignment.role {
            Role::Lead => (lead.clone(), theme.lead()),
            Role::Shares => (share.clone(), theme.dim()),
        };
        let mut right = vec![(role, role_width, style)];
        if width >= 30 {
            // The unit's own part; the item's status when the unit has not reported.
            let id = &app.index().entries[assignment.entry].id;
            let unit = app.selected_owner().map(|o| o.id.as_str());
            let width = badge_width(app);
            let (text, style) = badge(app, app.annotations.status_of(id, unit), width);
            right.push((text, width, style));
        }
        columns_row(width, spans, &right)
    });
}

/// The programme (or section) an item is listed under: a programme by its number alone
/// (（一）, in English (1)), so the item's own title keeps the room.
fn group_label(app: &App, entry: usize) -> String {
    crate::app::navigation::locate(&app.sections, app.index(), &app.loaded.plan, entry)
        .map(|(section, _)| match app.sections[section].kind {
            SectionKind::Programme(p) => {
                let number = app.loaded.plan.programmes[p].number;
                if app.lang == crate::i18n::Lang::En {
                    format!("({number})")
                } else {
                    crate::model::numbering::bracketed(number)
                }
            }
            kind => section_title(app, kind),
        })
        .unwrap_or_default()
}

/// A district's (or new area's) own row of 附件1, for a unit that has no items of its
/// own: the unit's part of the plan is its row of the district table.
fn district_row(app: &App) -> Option<(usize, usize)> {
    let owner = app.selected_owner()?;
    let table = app.loaded.plan.district_table.as_ref()?;
    let (number, row) = table
        .rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.owner.as_deref() == Some(owner.id.as_str()))?;
    Some((app.index().position(&row.id)?, number + 1))
}

/// The items pane of a district: its 附件1 row, shown in the detail pane.
fn district_pane(frame: &mut Frame, app: &App, area: Rect, (entry, number): (usize, usize)) {
    let theme = app.theme;
    let title = app
        .selected_owner()
        .map(|o| for_terminal(crate::ui::names::owner(app, o)).into_owned())
        .unwrap_or_default();
    let block = crate::ui::list::pane_block(app, &title, app.owners_view.focus == Pane::Items);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label = app
        .node(entry)
        .map(|n| crate::ui::names::title(app, &n).to_owned())
        .unwrap_or_default();
    let row = app
        .strings
        .format("owners.district_row", &[("row", &number)]);
    let lines = vec![
        Line::from(vec![
            Span::raw(format!("{} ", theme.marker())),
            Span::styled(row, theme.lead()),
            Span::raw(format!(" {}", for_terminal(&label))),
        ]),
        Line::from(Span::styled(
            app.strings.get("owners.district_row_hint").to_owned(),
            theme.dim(),
        )),
    ];
    crate::ui::list::render_lines(frame, lines, inner);
}

fn detail_pane(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    detail::draw(
        frame,
        app,
        area,
        app.selected_owner_entry()
            .or_else(|| district_row(app).map(|(entry, _)| entry)),
        app.owners_view.focus == Pane::Detail,
        app.owners_view.detail_scroll,
        out,
    );
}
