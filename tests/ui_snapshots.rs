//! What the user sees, drawn on ratatui's TestBackend: a snapshot of every view at 80x24 and
//! 120x40 in both languages, the help overlay, the small-terminal layouts, and cell-level
//! checks of what a snapshot cannot see (colour, attributes, the caret).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use planmeet::app::{App, AppOptions, Pane, View};
use planmeet::i18n::Lang;
use planmeet::keymap::Action;
use planmeet::store::load_embedded;
use planmeet::ui::theme::{ColorLevel, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn app(lang: Lang, colors: ColorLevel) -> App {
    App::new(
        load_embedded().unwrap(),
        AppOptions {
            theme: Theme::new(colors, false),
            ..AppOptions::new(lang)
        },
    )
}

fn draw(app: &mut App, width: u16, height: u16) -> Buffer {
    app.update(Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut layout = None;
    terminal
        .draw(|f| layout = Some(planmeet::ui::draw(f, app)))
        .unwrap();
    // What the frame measured goes back to the app, as in the event loop.
    app.update(Action::Drawn(Box::new(layout.unwrap())));
    terminal.backend().buffer().clone()
}

/// The buffer as lines of text; the blank cell after a wide character is skipped.
fn text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            out.push_str(symbol);
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

/// Put the app in a state that shows something of each view: a sub-task selected, a unit
/// with items, a target row, a scrolled annex.
fn prepare(app: &mut App, view: View) {
    match view {
        View::Plan => {
            for action in [Action::MoveDown, Action::Open, Action::MoveDown] {
                app.update(action);
            }
        }
        View::Owners => {
            app.update(Action::ShowOwners);
            app.update(Action::MoveDown);
            app.update(Action::MoveDown);
        }
        View::Targets => {
            app.update(Action::ShowTargets);
            app.update(Action::MoveDown);
            app.update(Action::MoveDown);
        }
        View::Districts => {
            app.update(Action::ShowDistricts);
        }
        View::Dashboard => {
            app.update(Action::ShowDashboard);
        }
        // Empty without a status file: the views say so.
        View::Decisions => {
            app.update(Action::ShowDecisions);
        }
        View::Changes => {
            app.update(Action::ShowChanges);
        }
    }
}

#[test]
fn every_view_in_both_languages_at_80x24_and_120x40() {
    for (lang, code) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for view in View::ALL {
            for (width, height) in [(80, 24), (120, 40)] {
                let mut app = app(lang, ColorLevel::Basic);
                prepare(&mut app, view);
                let shown = text(&draw(&mut app, width, height));
                let name = format!(
                    "{}_{code}_{width}x{height}",
                    view.key().trim_start_matches("view.")
                );
                insta::assert_snapshot!(name, shown);
            }
        }
    }
}

#[test]
fn help_overlay_in_both_languages() {
    for (lang, code) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let mut app = app(lang, ColorLevel::Basic);
        app.update(Action::Help);
        let shown = text(&draw(&mut app, 120, 40));
        insta::assert_snapshot!(format!("help_{code}_120x40"), shown);
    }
}

#[test]
fn small_terminals_get_one_pane_then_a_request_to_enlarge() {
    let mut app = app(Lang::Zh, ColorLevel::Basic);
    prepare(&mut app, View::Plan);
    let one_pane = text(&draw(&mut app, 50, 16));
    insta::assert_snapshot!("plan_zh_50x16_one_pane", one_pane);
    assert!(
        one_pane
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("计划 › （一）")
    );
    let tiny = text(&draw(&mut app, 30, 8));
    assert!(tiny.contains("请放大终端窗口"), "{tiny}");
}

#[test]
fn no_size_panics() {
    for view in View::ALL {
        let mut app = app(Lang::Zh, ColorLevel::Basic);
        prepare(&mut app, view);
        app.update(Action::Help);
        for width in [1, 2, 5, 10, 39, 40, 41, 59, 60, 61, 99, 100, 101, 200] {
            for height in [1, 2, 5, 9, 10, 11, 24, 50] {
                draw(&mut app, width, height);
            }
        }
    }
}

#[test]
fn selection_and_focus_are_visible_without_colour() {
    let mut app = app(Lang::Zh, ColorLevel::None);
    prepare(&mut app, View::Plan);
    let buffer = draw(&mut app, 120, 40);
    for cell in buffer.content() {
        assert_eq!(cell.fg, Color::Reset, "NO_COLOR: no foreground colour");
        assert_eq!(cell.bg, Color::Reset, "NO_COLOR: no background colour");
    }
    let shown = text(&buffer);
    let selected = shown
        .lines()
        .find(|l| l.contains("▶ 2．引育高层次创新人才"));
    assert!(selected.is_some(), "the selection has a marker:\n{shown}");
    // The focused pane has the heavy border.
    assert!(shown.contains('┏'));
}

#[test]
fn selected_row_is_highlighted_in_colour_and_bold() {
    let mut app = app(Lang::Zh, ColorLevel::Basic);
    prepare(&mut app, View::Plan);
    let buffer = draw(&mut app, 120, 40);
    let shown = text(&buffer);
    let y = shown
        .lines()
        .position(|l| l.contains("▶ 2．引育高层次创新人才"))
        .unwrap() as u16;
    // The navigator's selection is on the same row; the items pane's marker is the last.
    let x = (0..buffer.area.width)
        .rev()
        .find(|&x| buffer[(x, y)].symbol() == "▶")
        .unwrap();
    let cell = &buffer[(x + 2, y)];
    assert_ne!(cell.bg, Color::Reset, "focused selection has a background");
    assert!(cell.modifier.contains(Modifier::BOLD));
}

#[test]
fn clicking_a_row_selects_it_and_focuses_its_pane() {
    let mut app = app(Lang::Zh, ColorLevel::Basic);
    let buffer = draw(&mut app, 120, 40);
    let shown = text(&buffer);
    // Click on programme 三 in the navigator.
    let y = shown
        .lines()
        .position(|l| l.contains("（三）企业科技创新"))
        .unwrap() as u16;
    app.update(Action::Click(5, y));
    assert_eq!(app.plan_view.focus, Pane::Navigator);
    draw(&mut app, 120, 40);
    let id = &app.index().entries[app.selected_plan_entry().unwrap()].id;
    assert_eq!(id, "p3.t1");
    // Click a tab.
    let x = shown.lines().next().unwrap().find("3 指标").unwrap();
    let column = unicode_width::UnicodeWidthStr::width(&shown.lines().next().unwrap()[..x]) as u16;
    app.update(Action::Click(column + 1, 0));
    assert_eq!(app.view, View::Targets);
}

#[test]
fn search_places_the_caret_where_the_input_method_expects_it() {
    let mut app = app(Lang::Zh, ColorLevel::Basic);
    app.update(Action::Resize(100, 30));
    app.update(Action::Search);
    for c in "高新".chars() {
        app.update(Action::SearchInput(c));
    }
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|f| {
            planmeet::ui::draw(f, &app);
        })
        .unwrap();
    // "/高新" is 5 columns wide; the caret stands right after it on the bottom line.
    terminal.backend_mut().assert_cursor_position((5, 29));
    let shown = text(terminal.backend().buffer());
    assert!(
        shown.lines().last().unwrap().starts_with("/高新"),
        "{shown}"
    );
}

#[test]
fn hostile_plan_text_never_reaches_the_screen_as_control_characters() {
    let text_with_escapes = planmeet::store::plan_file::EMBEDDED_PLAN.replacen(
        "title: \"建设高水平创新平台\"",
        "title: \"建设\\u{1b}[2J\\u{1b}]52;c;SGVsbG8=\\u{7}\\u{9b}31m\\u{202e}平台\"",
        1,
    );
    let loaded = planmeet::store::load_plan_str(&text_with_escapes, "hostile.ron").unwrap();
    let mut app = App::new(loaded, AppOptions::new(Lang::Zh));
    prepare(&mut app, View::Plan);
    app.update(Action::MoveUp);
    let buffer = draw(&mut app, 120, 40);
    for cell in buffer.content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || c == '\u{202e}'),
            "control character in a cell: {:?}",
            cell.symbol()
        );
    }
}

#[test]
fn search_matches_are_marked_in_the_list_without_colour_too() {
    let mut app = app(Lang::Zh, ColorLevel::None);
    app.update(Action::Resize(120, 40));
    app.update(Action::Search);
    for c in "引育".chars() {
        app.update(Action::SearchInput(c));
    }
    let buffer = draw(&mut app, 120, 40);
    let shown = text(&buffer);
    let y = shown
        .lines()
        .position(|l| l.contains("▶ 2．引育高层次创新人才"))
        .expect("the match is selected in the items list") as u16;
    let marked: String = (0..buffer.area.width)
        .map(|x| &buffer[(x, y)])
        .filter(|cell| cell.modifier.contains(Modifier::UNDERLINED))
        .map(|cell| cell.symbol())
        .collect();
    assert!(marked.starts_with("引育"), "underlined: {marked:?}");
}

#[test]
fn scrolling_the_detail_stops_at_its_end_so_up_moves_at_once() {
    let mut app = app(Lang::Zh, ColorLevel::Basic);
    prepare(&mut app, View::Plan);
    app.update(Action::FocusNext);
    draw(&mut app, 80, 24);
    let end = app.detail_max_scroll;
    assert!(end > 0, "p1.t2's detail is longer than the pane at 80x24");
    for _ in 0..200 {
        app.update(Action::MoveDown);
    }
    assert_eq!(app.plan_view.detail_scroll, end);
    app.update(Action::MoveUp);
    assert_eq!(app.plan_view.detail_scroll, end - 1);
}

/// `--ascii` at 80x24: every view in ASCII marks of its own (cut marks, separators in the
/// hint line, tree lines, bounds, markers, borders); the plan's text as written. A mark
/// the interface draws is refused unless the plan's own text has it.
#[test]
fn every_view_in_ascii_at_80x24_draws_only_ascii_marks_of_its_own() {
    let plan_text = include_str!("../plans/liuzhou-2021-2023.ron");
    let marks = [
        '↓', '←', '→', '↑', '…', '≥', '≤', '└', '▶', '•', '★', '✎', '⚠', '─', '│', '┃', '━', '┏',
        '┓', '┗', '┛', '┌', '┐', '┘', '█', '○', '●', '—', '–', '·',
    ];
    for (lang, code) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for view in View::ALL {
            let mut app = App::new(
                load_embedded().unwrap(),
                AppOptions {
                    theme: Theme::new(ColorLevel::Basic, true),
                    ..AppOptions::new(lang)
                },
            );
            prepare(&mut app, view);
            let shown = text(&draw(&mut app, 80, 24));
            let name = format!(
                "{}_{code}_ascii_80x24",
                view.key().trim_start_matches("view.")
            );
            insta::assert_snapshot!(name.clone(), shown);
            for mark in marks {
                if !plan_text.contains(mark) {
                    assert!(
                        !shown.contains(mark),
                        "{name}: {mark:?} drawn under --ascii:\n{shown}"
                    );
                }
            }
        }
    }
}

/// At 80 columns every tab keeps a name (short where the full names do not fit).
#[test]
fn tabs_shorten_rather_than_vanish_at_80_columns() {
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app(lang, ColorLevel::Basic);
        let shown = text(&draw(&mut app, 80, 24));
        let tabs = shown.lines().next().unwrap().to_owned();
        for n in 1..=7 {
            let at = tabs.find(&format!(" {n} ")).unwrap();
            let after = tabs[at + 3..].chars().next().unwrap();
            assert!(after != ' ', "tab {n} has no name at 80 columns: {tabs:?}");
        }
    }
}

/// Under English the plan's English names are shown: units, titles, the annex's columns.
#[test]
fn english_shows_the_plans_english_names() {
    let mut app = app(Lang::En, ColorLevel::Basic);
    prepare(&mut app, View::Owners);
    let owners = text(&draw(&mut app, 120, 40));
    assert!(owners.contains("┃▶ Bureau of Science and"), "{owners}");
    // The units' list has no Chinese names (the document's text in the detail does).
    assert!(
        !owners
            .lines()
            .any(|l| l.starts_with("┃  市") || l.starts_with("┃▶ 市")),
        "{owners}"
    );
    let mut app = self::app(Lang::En, ColorLevel::Basic);
    prepare(&mut app, View::Districts);
    let districts = text(&draw(&mut app, 120, 40));
    assert!(districts.contains("Liuzhou City"), "{districts}");
    assert!(districts.contains("Yufeng District"), "{districts}");
    assert!(!districts.contains("（2021年）（2021）"), "{districts}");
}

/// A meeting of 2022-06-29 with a chair and a place, and a decision made in it (changed
/// once since), for the decisions view and the meeting dialogs.
fn meeting_and_decision(open: bool) -> planmeet::model::meeting::MeetingLog {
    use planmeet::model::annotation::Stamp;
    use planmeet::model::meeting::{
        DecisionRecord, DecisionStatus, Event, MeetingDetails, MeetingEvent, MeetingLog,
        MeetingRecord,
    };
    let at = |text: &str| Stamp::parse(text).unwrap();
    let mut events = vec![
        Event::Meeting(MeetingRecord {
            at: at("2022-06-29T09:00:00+08:00"),
            author: "王芳".into(),
            meeting: "m1".into(),
            event: MeetingEvent::Open {
                title: "六月科技工作调度会".into(),
                date: jiff::civil::date(2022, 6, 29),
                attendees: vec!["kjj".into()],
                details: MeetingDetails {
                    chair: Some("李明".into()),
                    recorder: Some("王芳".into()),
                    place: Some("三楼会议室".into()),
                    time: Some(jiff::civil::time(9, 0, 0, 0)),
                },
            },
            id: "e1".into(),
        }),
        Event::Decision(DecisionRecord {
            at: at("2022-06-29T09:30:00+08:00"),
            author: "王芳".into(),
            decision: "d1".into(),
            meeting: Some("m1".into()),
            text: Some("人才公寓月底前交付使用，市科技局牵头，市住建局配合".into()),
            units: Some(vec!["kjj".into(), "zjj".into()]),
            due: Some(jiff::civil::date(2022, 6, 15)),
            clear_due: false,
            status: Some(DecisionStatus::Open),
            items: Some(vec!["p1.t1".into(), "o.g3".into()]),
            id: "e2".into(),
        }),
        Event::Decision(DecisionRecord {
            at: at("2022-06-29T10:10:00+08:00"),
            author: "李明".into(),
            decision: "d2".into(),
            meeting: Some("m1".into()),
            text: Some("补报技术合同登记数据".into()),
            units: Some(vec!["kjj".into()]),
            due: None,
            clear_due: false,
            status: Some(DecisionStatus::Open),
            items: None,
            id: "e3".into(),
        }),
        Event::Decision(DecisionRecord {
            at: at("2022-06-29T10:20:00+08:00"),
            author: "李明".into(),
            decision: "d1".into(),
            meeting: None,
            text: None,
            units: None,
            due: Some(jiff::civil::date(2022, 7, 31)),
            clear_due: false,
            status: None,
            items: None,
            id: "e4".into(),
        }),
    ];
    if !open {
        events.push(Event::Meeting(MeetingRecord {
            at: at("2022-06-29T11:00:00+08:00"),
            author: "王芳".into(),
            meeting: "m1".into(),
            event: MeetingEvent::Close,
            id: "e5".into(),
        }));
    }
    MeetingLog::from_events(events)
}

/// The decisions view with a decision open (Enter), in both languages at both sizes and
/// in ASCII; the start-meeting form and the question on quitting with a meeting open.
#[test]
fn a_decision_opened_and_the_meeting_dialogs() {
    let marks = [
        '↓', '←', '→', '↑', '…', '—', '·', '▶', '━', '┃', '●', '☐', '☑',
    ];
    for (lang, code) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for (width, height, ascii) in [(80, 24, false), (120, 40, false), (80, 24, true)] {
            let mut app = App::new(
                load_embedded().unwrap(),
                AppOptions {
                    theme: Theme::new(ColorLevel::Basic, ascii),
                    review_date: jiff::civil::date(2022, 6, 30),
                    ..AppOptions::new(lang)
                },
            );
            app.annotations.meetings = meeting_and_decision(false);
            app.update(Action::ShowDecisions);
            app.update(Action::Open);
            let shown = text(&draw(&mut app, width, height));
            let suffix = if ascii { "_ascii" } else { "" };
            let name = format!("decision_open_{code}{suffix}_{width}x{height}");
            insta::assert_snapshot!(name.clone(), shown);
            if ascii {
                for mark in marks {
                    assert!(!shown.contains(mark), "{name}: {mark:?}\n{shown}");
                }
            }
        }
        // The new meeting is named after today: a stopped clock, so the snapshot holds on
        // any day.
        let mut app = App::new(
            load_embedded().unwrap(),
            AppOptions {
                theme: Theme::new(ColorLevel::Basic, false),
                clock: common::app::FixedClock::at("2026-11-30T10:00:00+08:00"),
                ..AppOptions::new(lang)
            },
        );
        app.update(Action::StartMeeting);
        insta::assert_snapshot!(
            format!("start_meeting_{code}_80x24"),
            text(&draw(&mut app, 80, 24))
        );
        let mut app = app_open(lang);
        app.update(Action::Quit);
        insta::assert_snapshot!(
            format!("quit_meeting_{code}_80x24"),
            text(&draw(&mut app, 80, 24))
        );
    }
}

fn app_open(lang: Lang) -> App {
    let mut app = app(lang, ColorLevel::Basic);
    app.annotations.meetings = meeting_and_decision(true);
    app
}

/// `--ascii` with a history, a meeting and a decision: every view, at 80x24 and 120x40, in
/// both languages, draws only ASCII marks of its own — the changes described, the status
/// bar's "saving", the dashboard's counts, the decision's history. (The test above has no
/// history, so the Changes view and the detail's history are empty there.)
#[test]
fn every_view_with_a_history_in_ascii_draws_only_ascii_marks_of_its_own() {
    use planmeet::store::status_sync::Reply;
    let plan_text = include_str!("../plans/liuzhou-2021-2023.ron");
    let marks = [
        '↓', '←', '→', '↑', '…', '≥', '≤', '└', '▶', '•', '★', '✎', '⚠', '─', '│', '┃', '━', '┏',
        '┓', '┗', '┛', '┌', '┐', '┘', '█', '○', '●', '—', '–', '·', '“', '”', '☐', '☑', '▸', '▾',
    ];
    for lang in [Lang::Zh, Lang::En] {
        let mut app = App::new(
            load_embedded().unwrap(),
            AppOptions {
                theme: Theme::new(ColorLevel::Basic, true),
                author: "王芳".into(),
                review_date: jiff::civil::date(2022, 6, 30),
                ..AppOptions::new(lang)
            },
        );
        app.follow_status_file("test.status.ron".into());
        app.update(Action::Store(Box::new(Reply::Loaded {
            log: Box::default(),
            meetings: Box::new(meeting_and_decision(false)),
            problems: Vec::new(),
            refusal: None,
        })));
        // Changes to two sub-tasks: statuses cycled, a note, progress cleared.
        prepare(&mut app, View::Plan);
        for _ in 0..3 {
            app.update(Action::CycleStatus);
        }
        app.update(Action::EditNote);
        for c in "人才公寓尚未交付".chars() {
            app.update(Action::DialogKey(ratatui::crossterm::event::KeyEvent::new(
                ratatui::crossterm::event::KeyCode::Char(c),
                ratatui::crossterm::event::KeyModifiers::NONE,
            )));
        }
        app.update(Action::DialogKey(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char('s'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        )));
        app.update(Action::MoveDown);
        app.update(Action::CycleStatus);
        assert!(
            app.annotations.log.records().len() >= 5,
            "the changes were recorded"
        );
        for view in View::ALL {
            for (width, height) in [(80, 24), (120, 40)] {
                prepare(&mut app, view);
                if view == View::Changes {
                    // The first change's steps shown.
                    app.update(Action::Home);
                    app.update(Action::Open);
                }
                if view == View::Decisions {
                    app.update(Action::Open);
                }
                let shown = text(&draw(&mut app, width, height));
                if view == View::Changes {
                    assert!(shown.contains(" -> ") && shown.contains("..."), "{shown}");
                }
                for mark in marks {
                    if !plan_text.contains(mark) {
                        assert!(
                            !shown.contains(mark),
                            "{view:?} {lang:?} {width}x{height}: {mark:?} drawn under --ascii:\n{shown}"
                        );
                    }
                }
                app.update(Action::Back);
            }
        }
    }
}
