//! The annotation dialogs drawn over the view: status picker, progress, actual value,
//! note editor, author, and the unsaved-changes question on quit.
//!
//! Every text field puts the terminal's real cursor at its caret, because a Chinese input
//! method opens its candidate window where the cursor is.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui_textarea::TextArea;

use crate::app::collect::CollectPreview;
use crate::app::dialog::{
    ActualForm, Dialog, FILTER_ROWS, FilterDraft, Form, Menu, NoteEditor, PICKER_ROWS, Prompt,
    StatusPicker, Subject,
};
use crate::app::keymap::Mode;
use crate::app::navigation::SectionKind;
use crate::app::{Action, App, FrameLayout};
use crate::model::annotation::Status;
use crate::model::progress::Light;
use crate::text::sanitize::for_terminal;
use crate::text::width::Align;
use crate::text::width::display_width;
use crate::ui::badge::badge_long;
use crate::ui::detail::numbered_title;
use crate::ui::glyph::frame_fit as fit;
use crate::ui::hints::dialog_hints;
use crate::ui::list::{fit_spans, pane_block, render_lines};
use crate::ui::plan_view::section_title;

pub fn draw(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout) {
    let Some(dialog) = &app.annotations.dialog else {
        return;
    };
    let keys = dialog_hints(app, dialog);
    match dialog {
        Dialog::StatusPicker(picker) => status_picker(frame, app, area, picker, &keys),
        Dialog::Progress(subject, prompt) => {
            let lines = vec![subject_line(app, subject), Line::default()];
            let label = app.strings.get("label.progress");
            prompt_dialog(
                frame,
                app,
                area,
                "dialog.progress",
                (44, lines),
                label,
                prompt,
                &keys,
            );
        }
        Dialog::Actual(form) => actual_dialog(frame, app, area, form, &keys),
        Dialog::Note(note) => note_editor(frame, app, area, note, &keys),
        Dialog::Author(prompt) => {
            let lines = vec![
                Line::styled(
                    app.strings.get("dialog.author_why").to_owned(),
                    app.theme.dim(),
                ),
                Line::default(),
            ];
            let label = app.strings.get("label.author");
            prompt_dialog(
                frame,
                app,
                area,
                "dialog.author",
                (50, lines),
                label,
                prompt,
                &keys,
            );
        }
        Dialog::Unsaved => unsaved(frame, app, area, out, &keys),
        Dialog::Filter(draft) => filter_dialog(frame, app, area, draft, &keys),
        Dialog::Palette(palette) => crate::ui::palette::draw(frame, app, area, palette, &keys),
        Dialog::StartMeeting(form) => form_dialog(
            frame,
            app,
            area,
            app.strings.get("dialog.start_meeting"),
            &[
                "ui.meeting.title",
                "ui.meeting.date",
                "ui.meeting.time",
                "ui.meeting.place",
                "ui.meeting.chair",
                "ui.meeting.recorder",
            ],
            "ui.meeting.attendees",
            form,
            &keys,
        ),
        // A new decision and an edited one: the same form under its own title.
        Dialog::Decision(form) | Dialog::EditDecision(_, form) => form_dialog(
            frame,
            app,
            area,
            app.strings.get(if matches!(dialog, Dialog::Decision(_)) {
                "dialog.decision"
            } else {
                "dialog.edit_decision"
            }),
            &["ui.decision.text", "ui.decision.due", "ui.decision.items"],
            "ui.decision.units",
            form,
            &keys,
        ),
        Dialog::QuitMeeting => {
            let title = app
                .annotations
                .meetings
                .current()
                .map(|m| for_terminal(&m.title).into_owned())
                .unwrap_or_default();
            let lines = vec![
                Line::raw(title),
                Line::styled(
                    app.strings.get("dialog.quit_meeting_why").to_owned(),
                    app.theme.dim(),
                ),
                Line::default(),
            ];
            let title = app.strings.get("dialog.quit_meeting");
            let popup = popup(frame, app, area, title, 56, 4);
            render_body(frame, app, popup, lines, &keys);
        }
        Dialog::CloseMeeting => {
            let title = app
                .annotations
                .meetings
                .current()
                .map(|m| for_terminal(&m.title).into_owned())
                .unwrap_or_default();
            let lines = vec![Line::raw(title), Line::default()];
            let title = app.strings.get("dialog.close_meeting");
            let popup = popup(frame, app, area, title, 44, 3);
            render_body(frame, app, popup, lines, &keys);
        }
        Dialog::AgendaScope(menu) => {
            let labels: Vec<&str> = crate::app::meeting::AgendaScope::ALL
                .iter()
                .map(|scope| app.strings.get(scope.key()))
                .chain([app.strings.get("ui.agenda.stop")])
                .collect();
            let mut lines = vec![Line::default()];
            lines.extend(menu_lines(app, menu, &labels));
            let title = app.strings.get("dialog.agenda");
            let popup = popup(frame, app, area, title, 44, lines.len() + 1);
            render_body(frame, app, popup, lines, &keys);
        }
        Dialog::Export(menu) => {
            let labels: Vec<&str> = crate::app::export::CHOICES
                .iter()
                .map(|(_, label)| app.strings.get(label))
                .collect();
            let mut lines = vec![
                Line::styled(
                    app.strings
                        .format("export.review", &[("date", &app.review_date)]),
                    app.theme.dim(),
                ),
                Line::default(),
            ];
            lines.extend(menu_lines(app, menu, &labels));
            let title = app.strings.get("dialog.export");
            let popup = popup(frame, app, area, title, 60, lines.len() + 1);
            render_body(frame, app, popup, lines, &keys);
        }
        Dialog::CollectPath(prompt) => {
            let texts = (
                "collect.ui.title",
                "collect.ui.path_why",
                "collect.ui.path_label",
            );
            path_prompt(frame, app, area, texts, prompt, &keys);
        }
        Dialog::CollectPreview(preview) => collect_preview(frame, app, area, preview, &keys),
        Dialog::SaveCopy(prompt) => {
            let texts = ("dialog.copy", "dialog.copy_why", "label.file");
            path_prompt(frame, app, area, texts, prompt, &keys);
        }
    }
}

/// A prompt for a path: why it is asked, then the field. `texts` are the i18n keys of the
/// title, the why and the field's label.
fn path_prompt(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    (title, why, label): (&'static str, &str, &str),
    prompt: &Prompt,
    keys: &str,
) {
    let lines = vec![
        Line::styled(app.strings.get(why).to_owned(), app.theme.dim()),
        Line::default(),
    ];
    let width = (area.width.saturating_sub(4)).clamp(20, 90) as usize;
    let label = app.strings.get(label);
    prompt_dialog(frame, app, area, title, (width, lines), label, prompt, keys);
}

fn status_picker(frame: &mut Frame, app: &App, area: Rect, picker: &StatusPicker, keys: &str) {
    let mut lines = vec![subject_line(app, &picker.subject), Line::default()];
    for row in 0..PICKER_ROWS {
        let marker = if row == picker.selected {
            app.theme.marker()
        } else {
            " "
        };
        let mut spans = vec![Span::raw(format!("{marker} {} ", row + 1))];
        match Status::ALL.get(row) {
            Some(&status) => spans.push(badge_long(app, status)),
            None => spans.push(Span::raw(app.strings.get("annotate.clear_status"))),
        }
        let mut line = Line::from(spans);
        if row == picker.selected {
            line = line.style(app.theme.selected(true));
        }
        lines.push(line);
    }
    let title = app.strings.get("dialog.status");
    let popup = popup(frame, app, area, title, 46, lines.len() + 1);
    render_body(frame, app, popup, lines, keys);
}

/// A one-line prompt under a few lines of context: `(width, lines)` of the box.
#[allow(clippy::too_many_arguments)]
fn prompt_dialog(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    title: &'static str,
    (width, lines): (usize, Vec<Line<'static>>),
    label: &str,
    prompt: &Prompt,
    keys: &str,
) {
    let popup = popup(frame, app, area, app.strings.get(title), width, 6);
    let field = render_body(frame, app, popup, lines, keys);
    text_field(frame, app, field, label, &prompt.input, true);
    error_line(frame, app, popup, prompt.error.as_deref());
}

fn actual_dialog(frame: &mut Frame, app: &App, area: Rect, form: &ActualForm, keys: &str) {
    let s = |key| app.strings.get(key);
    let mut lines = vec![subject_line(app, &form.targets[form.which])];
    if form.targets.len() > 1 {
        let arrows = if app.theme.ascii { "^v" } else { "↑↓" };
        lines.push(Line::styled(
            format!("{arrows} {}/{}", form.which + 1, form.targets.len()),
            app.theme.dim(),
        ));
    } else {
        lines.push(Line::default());
    }
    let popup = popup(frame, app, area, s("dialog.actual"), 52, 7);
    let field = render_body(frame, app, popup, lines, keys);
    let rows = Layout::vertical([Constraint::Length(1), Constraint::Length(1)])
        .split(Rect { height: 2, ..field });
    text_field(
        frame,
        app,
        rows[0],
        s("label.actual"),
        &form.value,
        !form.on_date,
    );
    text_field(
        frame,
        app,
        rows[1],
        s("label.as_of"),
        &form.date,
        form.on_date,
    );
    error_line(frame, app, popup, form.error.as_deref());
}

fn note_editor(frame: &mut Frame, app: &App, area: Rect, note: &NoteEditor, keys: &str) {
    let width = (area.width.saturating_sub(4)).clamp(20, 100) as usize;
    let height = (area.height.saturating_sub(4)).clamp(6, 30) as usize;
    let toggle = app
        .keymap
        .keys_in(Mode::Note, &Action::TogglePrivate)
        .into_iter()
        .next()
        .unwrap_or_default();
    let kind = app.strings.format(
        if note.private {
            "dialog.note_private"
        } else {
            "dialog.note_public"
        },
        &[("key", &toggle)],
    );
    let dot = crate::ui::glyph::dot(app);
    let title = format!(
        "{}{dot}{kind}{dot}{}",
        app.strings.get("dialog.note"),
        for_terminal(&app.annotations.author)
    );
    let popup = popup(frame, app, area, &title, width, height);
    let lines = vec![subject_line(app, &note.subject)];
    let body = render_body(frame, app, popup, lines, keys);
    // The note, then 进展情况, 存在问题, 下一步计划: a label row each, the note taking
    // what the report's fields leave.
    let rows = if body.height >= 20 {
        3
    } else if body.height >= 12 {
        2
    } else {
        1
    };
    let labels = [
        app.strings.get("label.note"),
        app.strings.get("label.progress_text"),
        app.strings.get("label.problems"),
        app.strings.get("label.next_steps"),
    ];
    let editors = [
        &note.editor,
        &note.reports[0],
        &note.reports[1],
        &note.reports[2],
    ];
    let reports = 3 * (1 + rows);
    let note_rows = body.height.saturating_sub(reports + 1).max(1);
    let mut y = body.y;
    for (at, (label, editor)) in labels.into_iter().zip(editors).enumerate() {
        let height = if at == 0 { note_rows } else { rows };
        if y + 1 + height > body.bottom() {
            break;
        }
        let focused = note.focus == at;
        let marker = if focused { app.theme.marker() } else { " " };
        let style = if focused {
            app.theme.title()
        } else {
            app.theme.dim()
        };
        let label_row = Rect {
            y,
            height: 1,
            ..body
        };
        frame.render_widget(
            Paragraph::new(Line::styled(format!("{marker} {label}"), style)),
            label_row,
        );
        let field = Rect {
            y: y + 1,
            height,
            ..body
        };
        frame.render_widget(editor, field);
        if focused {
            place_caret(frame, editor, field);
        }
        y += 1 + height;
    }
}

fn unsaved(frame: &mut Frame, app: &App, area: Rect, out: &mut FrameLayout, keys: &str) {
    let notes = &app.annotations;
    let count = notes.unsaved.len();
    let mut text = app
        .strings
        .format("dialog.unsaved_count", &[("count", &count)]);
    if let Some(error) = &notes.save_error {
        text = format!("{text}\n{}", for_terminal(error));
    }
    let width = (area.width.saturating_sub(4)).clamp(20, 72) as usize;
    let key = format!("unsaved#{count}:{text}");
    let wrapped = crate::ui::measure::wrapped(app, out, &key, &text, width as u16 - 4);
    let mut lines: Vec<Line> = wrapped
        .into_iter()
        .map(|l| Line::styled(l, app.theme.warning()))
        .collect();
    lines.push(Line::default());
    for (action, label) in [
        (Action::WriteElsewhere, "dialog.unsaved_write"),
        (Action::RetrySave, "dialog.unsaved_retry"),
        (Action::QuitAnyway, "dialog.unsaved_quit"),
    ] {
        let key = app
            .keymap
            .keys_in(Mode::Unsaved, &action)
            .into_iter()
            .next()
            .unwrap_or_default();
        lines.push(Line::raw(app.strings.format(label, &[("key", &key)])));
    }
    let title = app.strings.get("dialog.unsaved");
    let popup = popup(frame, app, area, title, width, lines.len() + 1);
    render_body(frame, app, popup, lines, keys);
}

/// A list to choose from, numbered, the selected row marked.
fn menu_lines(app: &App, menu: &Menu, labels: &[&str]) -> Vec<Line<'static>> {
    labels
        .iter()
        .enumerate()
        .map(|(row, label)| {
            let marker = if row == menu.selected {
                app.theme.marker()
            } else {
                " "
            };
            let line = Line::raw(format!("{marker} {} {label}", row + 1));
            if row == menu.selected {
                line.style(app.theme.selected(true))
            } else {
                line
            }
        })
        .collect()
}

/// The filter form: a row per condition; the focused row is marked.
fn filter_dialog(frame: &mut Frame, app: &App, area: Rect, draft: &FilterDraft, keys: &str) {
    let theme = app.theme;
    let s = |key: &'static str| app.strings.get(key);
    let filter = &draft.filter;
    let chosen = |on: bool, text: String, style: Style| -> Span<'static> {
        let mark = tick_box(app, on);
        let style = if on {
            style.add_modifier(Modifier::BOLD)
        } else {
            theme.dim()
        };
        Span::styled(format!("{mark}{text} "), style)
    };
    let label_width = (0..FILTER_ROWS)
        .map(|row| display_width(s(ROW_LABELS[row])))
        .max()
        .unwrap_or(0);
    let label = |row: usize| -> Span<'static> {
        let marker = if row == draft.row {
            theme.marker()
        } else {
            " "
        };
        let text = format!(
            "{marker} {} ",
            fit(s(ROW_LABELS[row]), label_width, Align::Left)
        );
        let style = if row == draft.row {
            theme.title()
        } else {
            Style::new()
        };
        Span::styled(text, style)
    };
    let mut statuses = vec![label(0)];
    for (n, &status) in Status::ALL.iter().enumerate() {
        let text = format!("{} {}", n + 1, s(status.short_key()));
        statuses.push(chosen(
            filter.statuses.contains(&status),
            text,
            theme.status(status),
        ));
    }
    statuses.push(chosen(
        filter.unannotated,
        format!("0 {}", s("status.none")),
        Style::new(),
    ));
    let mut lights = vec![label(1)];
    for (n, &light) in Light::ALL.iter().enumerate() {
        let short = format!("{}_short", light.key());
        let text = format!("{} {}", n + 1, app.strings.get(&short));
        lights.push(chosen(
            filter.lights.contains(&light),
            text,
            theme.light(light),
        ));
    }
    let programme = match filter.programme {
        Some(p) => for_terminal(&section_title(app, SectionKind::Programme(p))).into_owned(),
        None => s("filter.all").to_owned(),
    };
    let lines = vec![
        Line::from(statuses),
        Line::from(lights),
        Line::from(label(2)),
        Line::from(vec![label(3), {
            let (left, right) = if app.theme.ascii {
                ("<", ">")
            } else {
                ("←", "→")
            };
            Span::raw(format!("{left} {programme} {right}"))
        }]),
        Line::from(label(4)),
        Line::from(label(5)),
        // Which meeting "changed since" is, when one was picked.
        Line::styled(
            draft
                .meeting
                .and_then(|n| app.annotations.meetings.meetings().get(n))
                .map(|m| {
                    app.strings.format(
                        "filter.since_meeting",
                        &[("title", &for_terminal(&m.title)), ("date", &m.date)],
                    )
                })
                .unwrap_or_default(),
            theme.dim(),
        ),
    ];
    let width = (area.width.saturating_sub(4)).clamp(20, 96) as usize;
    let popup = popup(frame, app, area, s("dialog.filter"), width, lines.len() + 3);
    render_body(frame, app, popup, lines, keys);
    // The text fields sit after their labels on rows 2, 4 and 5.
    let fields = [(2, &draft.unit), (4, &draft.since), (5, &draft.name)];
    place_fields(frame, popup, label_width, &fields, draft.row);
    if draft.row == 2 {
        unit_suggestions(frame, app, popup, label_width, draft);
    }
    error_line(frame, app, popup, draft.error.as_deref());
}

/// The units the unit field may mean, under it (over the rows below while it is typed
/// into), the one ↓ chose marked; the typed part of each name marked as in a search.
fn unit_suggestions(
    frame: &mut Frame,
    app: &App,
    popup: Rect,
    label_width: usize,
    draft: &FilterDraft,
) {
    let x = (popup.x + label_width as u16 + 3).min(popup.right());
    let y = popup.y + 3;
    let area = Rect {
        x,
        y,
        width: popup.right().saturating_sub(x),
        height: (draft.suggestions.len() as u16).min(popup.bottom().saturating_sub(y)),
    };
    if area.width == 0 || area.height == 0 {
        return;
    }
    let typed = crate::app::dialog::filter_form::text(&draft.unit);
    let lines: Vec<Line> = draft
        .suggestions
        .iter()
        .enumerate()
        .filter_map(|(at, &p)| Some((at, app.loaded.plan.owners.get(p)?)))
        .map(|(at, owner)| {
            let here = draft.suggestion == Some(at);
            let marker = if here { app.theme.marker() } else { " " };
            let name = for_terminal(crate::ui::names::owner(app, owner)).into_owned();
            let mut spans = vec![Span::raw(format!("{marker} "))];
            spans.extend(crate::ui::palette::marked(
                &name,
                &typed,
                Style::new(),
                app.theme.highlight(),
            ));
            let line = Line::from(fit_spans(spans, area.width as usize));
            if here {
                line.style(app.theme.selected(true))
            } else {
                line.style(app.theme.dim())
            }
        })
        .collect();
    frame.render_widget(Clear, area);
    render_lines(frame, lines, area);
}

#[allow(clippy::too_many_arguments)]
/// A form: labelled text fields, then units to tick: the find line, the units it finds (a
/// window around the highlighted one; every unit while nothing is typed), and the units
/// ticked so far, named.
fn form_dialog(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    title: &str,
    field_labels: &[&'static str],
    units_label: &'static str,
    form: &Form,
    keys: &str,
) {
    let theme = app.theme;
    let s = |key: &'static str| app.strings.get(key);
    let label_width = field_labels
        .iter()
        .chain([&units_label])
        .map(|k| display_width(s(k)))
        .max()
        .unwrap_or(0);
    let label = |row: usize, key: &'static str| -> Span<'static> {
        let focused = row == form.focus;
        let marker = if focused { theme.marker() } else { " " };
        let text = format!("{marker} {} ", fit(s(key), label_width, Align::Left));
        Span::styled(text, if focused { theme.title() } else { Style::new() })
    };
    let on_list = form.list_focused();
    let height = (area.height.saturating_sub(4)).clamp(8, 20) as usize;
    // The fields, the list's label, its find line and the ticked line around the list.
    let list_rows = height.saturating_sub(field_labels.len() + 5).max(1);
    let mut lines: Vec<Line> = field_labels
        .iter()
        .enumerate()
        .map(|(row, key)| Line::from(label(row, key)))
        .collect();
    let ticked = form.units.iter().filter(|on| **on).count();
    lines.push(Line::from(vec![
        label(field_labels.len(), units_label),
        Span::styled(format!("({ticked})"), theme.dim()),
    ]));
    // The find line: what is typed, or what may be typed.
    let find_row = lines.len();
    let find_label = format!("   {}", s("ui.form.find"));
    let typed = form.find_text();
    let mut find_spans = vec![Span::styled(
        find_label.clone(),
        if on_list { theme.title() } else { theme.dim() },
    )];
    if typed.is_empty() {
        find_spans.push(Span::styled(s("ui.form.find_hint").to_owned(), theme.dim()));
    } else {
        find_spans.push(Span::raw(for_terminal(&typed).into_owned()));
        find_spans.push(Span::styled(
            format!(
                "  {}",
                app.strings
                    .format("ui.form.found", &[("count", &form.shown.len())])
            ),
            theme.dim(),
        ));
    }
    lines.push(Line::from(find_spans));
    let owners = &app.loaded.plan.owners;
    let cursor_row = form
        .shown
        .iter()
        .position(|&at| at == form.unit_cursor)
        .unwrap_or(0);
    let first = cursor_row
        .saturating_sub(list_rows / 2)
        .min(form.shown.len().saturating_sub(list_rows));
    let window = list_rows.min(owners.len());
    let mut shown_rows = 0;
    for &position in form.shown.iter().skip(first).take(list_rows) {
        let Some(owner) = owners.get(position) else {
            continue;
        };
        let on = form.units.get(position).copied().unwrap_or(false);
        let mark = tick_box(app, on);
        let here = position == form.unit_cursor && on_list;
        let marker = if here { theme.marker() } else { " " };
        let name = for_terminal(crate::ui::names::owner(app, owner)).into_owned();
        let mut spans = vec![Span::raw(format!("   {marker} {mark} "))];
        spans.extend(crate::ui::palette::marked(
            &name,
            &typed,
            Style::new(),
            theme.highlight(),
        ));
        let mut line = Line::from(spans);
        if here {
            line = line.style(theme.selected(true));
        }
        lines.push(line);
        shown_rows += 1;
    }
    if form.shown.is_empty() {
        lines.push(Line::styled(
            format!("     {}", s("ui.form.no_match")),
            theme.dim(),
        ));
        shown_rows += 1;
    }
    // The list keeps its height while it narrows, so the form does not jump.
    lines.extend((shown_rows..window).map(|_| Line::default()));
    // The units ticked, named: those the narrowed list hides too.
    let names: Vec<String> = form
        .units
        .iter()
        .zip(owners)
        .filter(|(on, _)| **on)
        .map(|(_, o)| for_terminal(crate::ui::names::owner_short(app, o)).into_owned())
        .collect();
    lines.push(if names.is_empty() {
        Line::styled(format!("   {}", s("ui.form.none_ticked")), theme.dim())
    } else {
        Line::raw(format!(
            "   {}",
            app.strings.format(
                "ui.form.ticked",
                &[("units", &names.join(s("input.separator")))]
            )
        ))
    });
    let width = (area.width.saturating_sub(4)).clamp(20, 72) as usize;
    let popup = popup(frame, app, area, title, width, lines.len() + 2);
    render_body(frame, app, popup, lines, keys);
    let fields: Vec<(usize, &TextArea<'static>)> = form.fields.iter().enumerate().collect();
    place_fields(frame, popup, label_width, &fields, form.focus);
    // The find line's text after its label, the caret in it while the list has the focus
    // (where an input method opens its window).
    let find_x = popup.x + display_width(&find_label) as u16;
    let find_area = Rect {
        x: find_x.min(popup.right()),
        y: popup.y + find_row as u16,
        width: popup.right().saturating_sub(find_x),
        height: 1,
    };
    if on_list && find_area.y < popup.bottom() && find_area.width > 0 {
        place_caret(frame, &form.find, find_area);
    }
    error_line(frame, app, popup, form.error.as_deref());
}

/// One-line text fields drawn after their labels (a marker, the label, a space), each on
/// its row of `popup`; the focused one gets the caret.
fn place_fields(
    frame: &mut Frame,
    popup: Rect,
    label_width: usize,
    fields: &[(usize, &TextArea<'static>)],
    focus: usize,
) {
    let field_x = popup.x + label_width as u16 + 3;
    for &(row, input) in fields {
        let field = Rect {
            x: field_x.min(popup.right()),
            y: popup.y + row as u16,
            width: popup.right().saturating_sub(field_x),
            height: 1,
        };
        if field.y < popup.bottom() && field.width > 0 {
            frame.render_widget(input, field);
            if focus == row {
                place_caret(frame, input, field);
            }
        }
    }
}

/// A ticked or empty box (`[x]` / `[ ]` in ASCII).
fn tick_box(app: &App, on: bool) -> &'static str {
    match (on, app.theme.ascii) {
        (true, false) => "☑",
        (true, true) => "[x]",
        (false, false) => "☐",
        (false, true) => "[ ]",
    }
}

const ROW_LABELS: [&str; FILTER_ROWS] = [
    "label.status",
    "label.light",
    "label.unit",
    "filter.programme",
    "filter.changed_since",
    "filter.save_as",
];

/// "p1.t2 · 2．引育高层次创新人才 · 市科技局": what the change is for.
fn subject_line(app: &App, subject: &Subject) -> Line<'static> {
    let title = app
        .node(subject.entry)
        .map(|node| numbered_title(app, &node))
        .unwrap_or_default();
    // The item by the document's number (its id is the command line's), then its unit.
    let dot = crate::ui::glyph::dot(app);
    let number = app
        .index()
        .entries
        .get(subject.entry)
        .and_then(|e| crate::ui::names::number(app, e.path));
    let mut text = match number {
        Some(number) => format!("{number}{dot}{title}"),
        None => title,
    };
    if let Some(unit) = &subject.owner {
        text = format!("{text}{dot}{}", crate::ui::names::unit(app, unit));
    }
    Line::styled(for_terminal(&text).into_owned(), app.theme.title())
}

/// A bordered box of `width` × `height` inner rows centred in `area` (cleared first);
/// returns its inner area.
pub(crate) fn popup(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    title: &str,
    width: usize,
    height: usize,
) -> Rect {
    let width = (width as u16 + 2).min(area.width);
    let height = (height as u16 + 2).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let block = pane_block(app, title, true);
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    inner
}

/// The dialog's fixed lines at the top, its keys on the last row; returns the room left
/// between them (for a text field or the editor).
pub(crate) fn render_body(
    frame: &mut Frame,
    app: &App,
    inner: Rect,
    lines: Vec<Line<'_>>,
    keys: &str,
) -> Rect {
    let width = inner.width as usize;
    let top = (lines.len() as u16).min(inner.height);
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| {
            Line::from(fit_spans(l.spans.into_iter().map(owned).collect(), width)).style(l.style)
        })
        .collect();
    render_lines(
        frame,
        lines,
        Rect {
            height: top,
            ..inner
        },
    );
    if inner.height > top {
        let keys_row = Rect {
            y: inner.bottom() - 1,
            height: 1,
            ..inner
        };
        frame.render_widget(
            Paragraph::new(Line::styled(keys.to_owned(), app.theme.dim())),
            keys_row,
        );
    }
    Rect {
        y: inner.y + top,
        height: inner.height.saturating_sub(top + 1),
        ..inner
    }
}

fn owned(span: Span<'_>) -> Span<'static> {
    Span::styled(span.content.into_owned(), span.style)
}

/// `label: [text]` on one row; the caret is placed when the field has the focus.
fn text_field(
    frame: &mut Frame,
    app: &App,
    row: Rect,
    label: &str,
    input: &TextArea<'static>,
    focused: bool,
) {
    if row.height == 0 {
        return;
    }
    let label = format!("{label}: ");
    let label_width = (display_width(&label) as u16).min(row.width);
    let style = if focused {
        app.theme.title()
    } else {
        app.theme.dim()
    };
    frame.render_widget(Paragraph::new(Span::styled(label, style)), row);
    let field = Rect {
        x: row.x + label_width,
        width: row.width - label_width,
        height: 1,
        ..row
    };
    frame.render_widget(input, field);
    if focused {
        place_caret(frame, input, field);
    }
}

/// The terminal's cursor on the text area's caret, for the input method's window.
pub(crate) fn place_caret(frame: &mut Frame, input: &TextArea<'static>, area: Rect) {
    let caret = input.screen_cursor();
    let (top_row, top_col) = input.scroll_offset();
    let x = caret.col.saturating_sub(top_col as usize) as u16;
    let y = caret.row.saturating_sub(top_row as usize) as u16;
    if x < area.width && y < area.height {
        frame.set_cursor_position((area.x + x, area.y + y));
    }
}

fn error_line(frame: &mut Frame, app: &App, inner: Rect, error: Option<&str>) {
    let Some(error) = error else {
        return;
    };
    if inner.height < 2 {
        return;
    }
    let row = Rect {
        y: inner.bottom() - 2,
        height: 1,
        ..inner
    };
    let spans = fit_spans(
        vec![Span::styled(
            for_terminal(error).into_owned(),
            app.theme.warning(),
        )],
        row.width as usize,
    );
    frame.render_widget(Paragraph::new(Line::from(spans)).style(Style::new()), row);
}

/// The lines of the collect preview: per form its heading, per item its name and each
/// field before → after; then what was not taken, by file and cell; then the question.
/// As many as [`CollectPreview::line_count`] says.
pub fn collect_preview_lines(app: &App, preview: &CollectPreview) -> Vec<Line<'static>> {
    let s = &app.strings;
    let clean = |text: String| for_terminal(&text).into_owned();
    let mut lines = Vec::new();
    for form in &preview.collected.forms {
        let heading = s.format(
            "collect.form_heading",
            &[
                ("file", &form.form.file),
                ("unit", &crate::ui::names::unit(app, &form.form.unit)),
                ("date", &form.form.date),
                ("count", &form.planned.len()),
            ],
        );
        lines.push(Line::styled(clean(heading), app.theme.title()));
        for planned in &form.planned {
            let item = &planned.key.item;
            let mut label = app
                .loaded
                .index
                .position(item)
                .and_then(|entry| app.node(entry))
                .map_or_else(
                    || item.clone(),
                    |node| crate::ui::names::numbered_title(app, &node),
                );
            if let Some(unit) = &planned.key.owner {
                label = format!("{label} [{}]", crate::ui::names::unit(app, unit));
            }
            lines.push(Line::raw(clean(format!("  {label}"))));
            for (field, before, after) in &planned.fields {
                let (before, after) = (before.replace('\n', " "), after.replace('\n', " "));
                let arrow = crate::text::Marks::for_ascii(app.theme.ascii).arrow;
                let text = format!("    {}: {before} {arrow} {after}", s.get(field));
                lines.push(Line::raw(clean(text)));
            }
        }
    }
    let problems = &preview.collected.problems;
    if !problems.is_empty() {
        lines.push(Line::default());
        let heading = s.format("collect.ui.not_taken", &[("count", &problems.len())]);
        lines.push(Line::styled(heading, app.theme.warning()));
        for problem in problems {
            lines.push(Line::styled(
                clean(format!("  {problem}")),
                app.theme.warning(),
            ));
        }
    }
    lines.push(Line::default());
    let count = preview.collected.changes();
    lines.push(Line::styled(
        if count == 0 {
            s.get("collect.ui.nothing").to_owned()
        } else {
            s.format("collect.ui.ask", &[("count", &count)])
        },
        app.theme.title(),
    ));
    lines
}

fn collect_preview(frame: &mut Frame, app: &App, area: Rect, preview: &CollectPreview, keys: &str) {
    let lines = collect_preview_lines(app, preview);
    let width = area.width.saturating_sub(4).clamp(20, 110) as usize;
    let height = (lines.len() + 1).min(area.height.saturating_sub(2) as usize);
    let title = app.strings.get("collect.ui.preview_title");
    let inner = popup(frame, app, area, title, width, height);
    let room = inner.height.saturating_sub(1) as usize;
    // Scrolled no further than the last screenful.
    let first = preview.scroll.min(lines.len().saturating_sub(room));
    let shown: Vec<Line> = lines.into_iter().skip(first).take(room).collect();
    render_body(frame, app, inner, shown, keys);
}
