//! List rows kept between frames (`app::row_memo`): a frame drawn with the rows the memo
//! kept is the frame drawn building every row, cell for cell and style for style, whatever
//! came before; and a ↓ builds only the rows whose look changed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use planmeet::app::row_memo::MAX_ROWS;
use planmeet::app::{App, AppOptions, FrameLayout, ListSlot, Pane, View};
use planmeet::i18n::{Lang, Strings};
use planmeet::keymap::Action;
use planmeet::model::annotation::{AnnotationLog, Change, Key, Record, Stamp, Status};
use planmeet::model::meeting::MeetingLog;
use planmeet::store::status_sync::Reply;
use planmeet::store::{LoadedPlan, load_embedded, load_plan_str};
use planmeet::synthetic::{self, History, Shape};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The frame `app` draws now at its size, and what it measured.
fn frame(app: &App) -> (Buffer, FrameLayout) {
    let (width, height) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut layout = None;
    let buffer = terminal
        .draw(|frame| layout = Some(planmeet::ui::draw(frame, app)))
        .unwrap()
        .buffer
        .clone();
    (buffer, layout.unwrap())
}

/// The first cell where two frames differ, for the failure's message.
fn first_difference(a: &Buffer, b: &Buffer) -> String {
    let width = usize::from(a.area.width.max(1));
    a.content
        .iter()
        .zip(&b.content)
        .position(|(x, y)| x != y)
        .map(|at| {
            format!(
                "at column {} row {}: kept {:?}, built {:?}",
                at % width,
                at / width,
                a.content[at],
                b.content[at]
            )
        })
        .unwrap_or_else(|| format!("areas {:?} and {:?}", a.area, b.area))
}

fn key(code: KeyCode) -> Action {
    Action::DialogKey(KeyEvent::new(code, KeyModifiers::NONE))
}

fn history(plan: &LoadedPlan, records: usize) -> Vec<Record> {
    let seed = load_embedded().unwrap().plan;
    synthetic::status_records(
        &seed,
        &plan.plan,
        History {
            records,
            authors: 5,
            meetings: 4,
            undos_per_mille: 10,
        },
        11,
    )
}

fn loaded(app: &mut App, records: Vec<Record>) {
    app.update(Action::Store(Box::new(Reply::Loaded {
        log: Box::new(AnnotationLog::from_records(records)),
        meetings: Box::new(MeetingLog::new()),
        problems: Vec::new(),
        refusal: None,
    })));
}

/// A status change another coordinator made (or one written into the log behind the
/// app's back), to the `n`-th entry.
fn change(app: &App, n: usize, status: Status, id: &str) -> Record {
    let entries = &app.index().entries;
    let entry = &entries[n % entries.len()];
    let mut change = Change::new(&Key::new(&entry.id, None));
    change.status = Some(status);
    let stamp = Stamp::parse("2026-01-05T09:00:00+08:00").unwrap();
    change.into_record(id.into(), stamp, "别人".into())
}

/// What happens between two frames.
#[derive(Debug, Clone)]
enum Step {
    /// Through `update`, as the event loop hands it over.
    Act(Action),
    /// The language switched by setting the app's fields, not through `update`.
    Lang(Lang),
    /// ASCII marks switched by setting the app's fields.
    Ascii(bool),
    /// A status change put into the log directly, not through `update`.
    LogDirect(usize, Status),
    /// Another coordinator's status change, as the status file's worker reports it.
    Appended(usize, Status),
}

fn steps() -> impl proptest::strategy::Strategy<Value = Vec<Step>> {
    use proptest::prelude::*;
    let moves = proptest::sample::select(vec![
        Action::MoveUp,
        Action::MoveDown,
        Action::MoveDown,
        Action::PageUp,
        Action::PageDown,
        Action::Home,
        Action::End,
    ]);
    let focus = proptest::sample::select(vec![
        Action::FocusNext,
        Action::FocusPrev,
        Action::Open,
        Action::Back,
        Action::MoveLeft,
        Action::MoveRight,
    ]);
    let views = proptest::sample::select(vec![
        Action::ShowPlan,
        Action::ShowPlan,
        Action::ShowPlan,
        Action::ShowOwners,
        Action::ShowTargets,
        Action::ShowChanges,
        Action::ShowDashboard,
    ]);
    let annotate = proptest::sample::select(vec![
        Action::CycleStatus,
        Action::CycleStatus,
        Action::Undo,
        Action::Redo,
    ]);
    let search = proptest::sample::select(vec![
        Action::Search,
        Action::SearchInput('k'),
        Action::SearchInput('j'),
        Action::SearchInput('科'),
        Action::SearchInput('技'),
        Action::SearchInput('1'),
        Action::SearchInput('x'),
        Action::SearchBackspace,
        Action::SearchConfirm,
        Action::SearchCancel,
        Action::SearchNext,
    ]);
    let sizes = proptest::sample::select(vec![(200u16, 50u16), (120, 40), (80, 24), (59, 20)]);
    let status = proptest::sample::select(vec![
        Status::NotStarted,
        Status::OnTrack,
        Status::AtRisk,
        Status::Behind,
        Status::Done,
    ]);
    let step = prop_oneof![
        12 => moves.prop_map(Step::Act),
        5 => focus.prop_map(Step::Act),
        3 => views.prop_map(Step::Act),
        2 => annotate.prop_map(Step::Act),
        5 => search.prop_map(Step::Act),
        1 => sizes.prop_map(|(w, h)| Step::Act(Action::Resize(w, h))),
        // The filter dialog: a status box ticked (1–5), then Enter; or the filter cleared.
        1 => (1u8..6).prop_map(|n| Step::Act(key(KeyCode::Char(char::from(b'0' + n))))),
        1 => Just(Step::Act(Action::Filter)),
        1 => Just(Step::Act(key(KeyCode::Enter))),
        1 => Just(Step::Act(Action::ClearFilter)),
        1 => Just(Step::Act(Action::Cancel)),
        1 => proptest::sample::select(vec![Lang::Zh, Lang::En]).prop_map(Step::Lang),
        1 => proptest::bool::ANY.prop_map(Step::Ascii),
        1 => (0usize..500, status.clone()).prop_map(|(n, s)| Step::LogDirect(n, s)),
        1 => (0usize..500, status).prop_map(|(n, s)| Step::Appended(n, s)),
    ];
    proptest::collection::vec(step, 1..70)
}

/// How many rows of the kept lists frames showed, and how many of them they built.
#[derive(Default, Debug)]
struct Tally {
    shown: usize,
    built: usize,
    plan_frames: usize,
    /// Frames that copied at least one row from the memo.
    kept_frames: usize,
    steps: usize,
}

/// After every step, the frame drawn with the memo is the frame drawn building every row
/// (the memo switched off) and the frame drawn from an empty memo, cell for cell; the
/// kept frame's measurements go back to the app as the event loop hands them back.
fn check(app: &mut App, steps: &[Step], tally: &mut Tally) -> Result<(), String> {
    let mut records = 0;
    for (n, step) in steps.iter().enumerate() {
        match step {
            Step::Act(action) => {
                app.update(action.clone());
            }
            Step::Lang(lang) => {
                app.lang = *lang;
                app.strings = if app.theme.ascii {
                    Strings::new(*lang).with_ascii_marks()
                } else {
                    Strings::new(*lang)
                };
            }
            Step::Ascii(on) => {
                app.theme.ascii = *on;
                app.strings = if *on {
                    Strings::new(app.lang).with_ascii_marks()
                } else {
                    Strings::new(app.lang)
                };
            }
            Step::LogDirect(entry, status) => {
                records += 1;
                let record = change(app, *entry, *status, &format!("direct{records}"));
                app.annotations.log.insert(record);
            }
            Step::Appended(entry, status) => {
                records += 1;
                let record = change(app, *entry, *status, &format!("other{records}"));
                app.update(Action::Store(Box::new(Reply::Appended {
                    records: vec![record],
                    events: Vec::new(),
                    problems: Vec::new(),
                })));
            }
        }
        let (kept, layout) = frame(app);
        app.row_memo.set_enabled(false);
        let (built, built_layout) = frame(app);
        app.row_memo.set_enabled(true);
        let memo = std::mem::take(&mut app.row_memo);
        let (fresh, fresh_layout) = frame(app);
        app.row_memo = memo;
        let at = || format!("after step {n} ({step:?}) of {steps:?}");
        if kept != built {
            return Err(format!(
                "kept rows differ from built ones {}, {}",
                first_difference(&kept, &built),
                at()
            ));
        }
        if kept != fresh {
            return Err(format!(
                "kept rows differ from a fresh memo's {}, {}",
                first_difference(&kept, &fresh),
                at()
            ));
        }
        if (&layout.offsets, &layout.panes) != (&built_layout.offsets, &built_layout.panes) {
            return Err(format!("the layouts differ {}", at()));
        }
        if !built_layout.rows.is_empty() {
            return Err(format!("a frame without the memo reported rows {}", at()));
        }
        tally.shown += fresh_layout.rows.len();
        tally.built += layout.rows.len();
        tally.plan_frames += usize::from(app.view == View::Plan);
        tally.kept_frames += usize::from(layout.rows.len() < fresh_layout.rows.len());
        tally.steps += 1;
        if app.row_memo.len() > MAX_ROWS {
            return Err(format!("{} rows kept {}", app.row_memo.len(), at()));
        }
        app.update(Action::Drawn(Box::new(layout)));
    }
    Ok(())
}

/// Random walks through the bundled plan with a history: moves, focus, views, status
/// changes and undo, the search line, resizes, the filter, the language and ASCII marks
/// switched behind `update`'s back, changes written into the log directly and reported by
/// the status file's worker. After each step the frame drawn with kept rows is the frame
/// drawn building every one.
#[test]
fn kept_rows_draw_the_frame_that_building_every_row_draws() {
    use proptest::test_runner::{Config, TestRng, TestRunner};
    let plan = load_embedded().unwrap();
    let records = history(&plan, 3_000);
    let mut tally = Tally::default();
    // A fixed seed: the same walks each run, so the checks below on how much was kept
    // cannot fall short by chance.
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: 48,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    let tally_cell = std::cell::RefCell::new(&mut tally);
    let result = runner.run(&steps(), |steps| {
        let mut app = App::new(load_embedded().unwrap(), AppOptions::new(Lang::Zh));
        app.update(Action::Resize(200, 50));
        loaded(&mut app, records.clone());
        check(&mut app, &steps, &mut tally_cell.borrow_mut())
            .map_err(proptest::test_runner::TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    println!("{tally:?}");
    assert!(tally.steps > 1000, "{tally:?}");
    assert!(tally.plan_frames > 300, "{tally:?}");
    // Many frames copied rows from the memo (most steps here are not plain moves, and
    // each of those builds every row again).
    assert!(tally.kept_frames > 300, "{tally:?}");
    assert!(tally.built + tally.shown / 5 < tally.shown, "{tally:?}");
}

fn large_app() -> App {
    let seed = load_embedded().unwrap().plan;
    let plan = synthetic::plan(&seed, Shape::LARGE);
    let loaded_plan = load_plan_str(&synthetic::plan_text(&plan), "synthetic").unwrap();
    let records = history(&loaded_plan, 20_000);
    let mut app = App::new(loaded_plan, AppOptions::new(Lang::Zh));
    app.update(Action::Resize(200, 50));
    loaded(&mut app, records);
    // The first programme's items, focused.
    app.update(Action::MoveDown);
    app.update(Action::Open);
    assert_eq!(app.plan_view.focus, Pane::Items);
    app
}

/// A frame drawn and handed back; the rows it built, as (list, position, selected).
fn drawn(app: &mut App) -> Vec<(ListSlot, usize, bool)> {
    let (_, layout) = frame(app);
    let built = layout
        .rows
        .iter()
        .map(|r| (r.key.slot, r.key.position, r.key.selected))
        .collect();
    app.update(Action::Drawn(Box::new(layout)));
    built
}

/// ↓ in the items pane: the row left and the row reached are built, nothing else; ↓ and ↑
/// in turn build nothing once both looks of both rows are kept. Anything that may change
/// a row (a status change, a resize) builds every row shown again, and a frame drawn
/// before such a change cannot put its rows into the memo.
#[test]
fn a_move_builds_only_the_rows_whose_look_changed() {
    let mut app = large_app();
    let items = ListSlot::PlanItems(app.plan_view.section.selected);
    let first = drawn(&mut app);
    // The navigator's rows and a pane of items (48 rows inside the border at 200x50).
    assert!(
        first.iter().filter(|r| r.0 == items).count() >= 40,
        "{first:?}"
    );
    assert!(first.iter().any(|r| r.0 == ListSlot::PlanSections));
    // 20 ↓ in a row, past the bottom of the pane: each builds the row it leaves
    // (unselected, unless it was drawn so before) and the row it reaches (selected).
    for _ in 0..60 {
        let before = app.plan_view.row();
        app.update(Action::MoveDown);
        let after = app.plan_view.row();
        assert_eq!(after, before + 1);
        let built = drawn(&mut app);
        assert!(built.contains(&(items, after, true)), "{built:?}");
        for row in &built {
            assert!(
                *row == (items, after, true) || *row == (items, before, false),
                "{row:?} built on ↓ from {before}: {built:?}"
            );
        }
    }
    // ↓↑ in turn: once each look was drawn, nothing is built.
    for n in 0..10 {
        app.update(if n % 2 == 0 {
            Action::MoveDown
        } else {
            Action::MoveUp
        });
        let built = drawn(&mut app);
        if n >= 2 {
            assert!(built.is_empty(), "{built:?}");
        }
    }
    // Into the navigator and back: the focus shows on the two selected rows alone.
    app.update(Action::Back);
    let built = drawn(&mut app);
    assert_eq!(built.len(), 2, "{built:?}");
    app.update(Action::Open);
    drawn(&mut app);
    // A status change: every row shown is built again.
    app.update(Action::CycleStatus);
    let built = drawn(&mut app);
    assert!(
        built.iter().filter(|r| r.0 == items).count() >= 40,
        "{built:?}"
    );
    // A frame drawn before a change that moves the revision on: its rows are refused.
    app.update(Action::MoveDown);
    let (_, stale) = frame(&app);
    assert!(!stale.rows.is_empty());
    app.update(Action::Resize(200, 50));
    app.update(Action::Drawn(Box::new(stale)));
    assert!(app.row_memo.is_empty());
    // ↓↑ in turn in the navigator: each section's items are kept under its own slot, so
    // once both sections were drawn nothing is built.
    drawn(&mut app);
    app.update(Action::Back);
    drawn(&mut app);
    for n in 0..8 {
        app.update(if n % 2 == 0 {
            Action::MoveDown
        } else {
            Action::MoveUp
        });
        let built = drawn(&mut app);
        if n >= 2 {
            assert!(built.is_empty(), "{built:?}");
        } else if n == 0 {
            assert!(built.len() >= 40, "another section's items: {built:?}");
        }
    }
    app.update(Action::Open);
    // Holding PageDown through the list keeps the memo within its bound.
    for _ in 0..300 {
        app.update(Action::PageDown);
        drawn(&mut app);
        assert!(app.row_memo.len() <= MAX_ROWS);
    }
}

/// Switching views forgets the kept rows. In the Owners view the units are kept and a ↓
/// among them builds the two rows whose look changed; the selected unit's items (which
/// change with the unit) are never kept.
#[test]
fn switching_views_forgets_kept_rows_and_the_owners_units_are_kept() {
    let mut app = large_app();
    drawn(&mut app);
    assert!(!app.row_memo.is_empty());
    app.update(Action::ShowOwners);
    assert!(app.row_memo.is_empty());
    let built = drawn(&mut app);
    assert!(built.len() >= 40, "{built:?}");
    assert!(built.iter().all(|r| r.0 == ListSlot::Owners), "{built:?}");
    for _ in 0..3 {
        let before = app.owners_view.owner.selected;
        app.update(Action::MoveDown);
        let after = app.owners_view.owner.selected;
        let built = drawn(&mut app);
        // The row reached, selected; the row left, unselected, unless drawn so before
        // (every row but the first was, on the view's first frame).
        let mut want = vec![(ListSlot::Owners, after, true)];
        if before == 0 {
            want.insert(0, (ListSlot::Owners, before, false));
        }
        assert_eq!(built, want);
    }
    // Into the unit's items: only the unit's selected row changes its look.
    app.update(Action::FocusNext);
    let built = drawn(&mut app);
    assert_eq!(built.len(), 1, "{built:?}");
    app.update(Action::ShowPlan);
    let built = drawn(&mut app);
    assert!(built.len() >= 40, "{built:?}");
}

/// CPU time this thread has run (nanoseconds).
fn thread_cpu() -> u64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to fill in.
    let done = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(done, 0);
    u64::try_from(now.tv_sec).unwrap() * 1_000_000_000 + u64::try_from(now.tv_nsec).unwrap()
}

/// Key to frame in the plan view's items pane at 200x50, English, on the 10,000 sub-task
/// plan with a 100,000-record history, as the event loop draws (only changed cells sent,
/// the frame's measurements handed back): ↓ 20 times in a row (a new item each time) and
/// ↓↑ in turn, with the memo and without it, alternately. Prints the medians per key of
/// CPU time and wall time. A measurement, not a check:
/// `cargo test --release --test row_memo -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_key_to_frame_with_and_without_kept_rows() {
    use ratatui::backend::CrosstermBackend;
    use ratatui::layout::Rect;
    use ratatui::{TerminalOptions, Viewport};
    let seed = load_embedded().unwrap().plan;
    let plan = synthetic::plan(&seed, Shape::LARGE);
    let loaded_plan = load_plan_str(&synthetic::plan_text(&plan), "synthetic").unwrap();
    let records = synthetic::status_records(&seed, &loaded_plan.plan, History::LARGE, 7);
    let mut app = App::new(
        loaded_plan,
        AppOptions {
            theme: planmeet::ui::theme::Theme::new(planmeet::ui::theme::ColorLevel::Indexed, false),
            ..AppOptions::new(Lang::En)
        },
    );
    app.update(Action::Resize(200, 50));
    loaded(&mut app, records);
    app.finish_background_work();
    app.update(Action::MoveDown);
    app.update(Action::FocusNext);
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(std::io::sink()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 200, 50)),
        },
    )
    .unwrap();
    let mut key = |app: &mut App, action: Action| -> (u64, u64) {
        let (cpu, wall) = (thread_cpu(), std::time::Instant::now());
        app.update(action);
        let mut layout = None;
        terminal
            .draw(|frame| layout = Some(planmeet::ui::draw(frame, app)))
            .unwrap();
        app.update(Action::Drawn(Box::new(layout.unwrap())));
        (
            thread_cpu() - cpu,
            u64::try_from(wall.elapsed().as_nanos()).unwrap(),
        )
    };
    let median = |mut v: Vec<u64>| {
        v.sort_unstable();
        v[v.len() / 2] as f64 / 1000.0
    };
    for (name, alternate) in [("↓ 20 in a row", false), ("↓↑ in turn", true)] {
        let mut times: [(Vec<u64>, Vec<u64>); 2] = Default::default();
        for round in 0..16 {
            for (mode, on) in [(0, true), (1, false)] {
                app.row_memo.set_enabled(on);
                // A frame to start from, in this mode.
                key(&mut app, Action::MoveDown);
                for n in 0..20 {
                    let action = if alternate && n % 2 == 1 {
                        Action::MoveUp
                    } else {
                        Action::MoveDown
                    };
                    let (cpu, wall) = key(&mut app, action);
                    if round > 0 {
                        times[mode].0.push(cpu);
                        times[mode].1.push(wall);
                    }
                }
            }
        }
        let [(on_cpu, on_wall), (off_cpu, off_wall)] = times;
        println!(
            "{name}: kept rows {:.0} µs CPU ({:.0} µs wall), every row built {:.0} µs CPU ({:.0} µs wall), median of {} keys each",
            median(on_cpu.clone()),
            median(on_wall),
            median(off_cpu),
            median(off_wall),
            on_cpu.len()
        );
    }
}
