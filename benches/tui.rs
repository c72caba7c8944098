//! Drawing and searching (issue 3 goals, release build, 2-core machine):
//! - a full frame of the plan view at 200x50: under 1 ms, Liuzhou and the 10,000 sub-task plan;
//! - one search keystroke over the 10,000 sub-task plan: under 10 ms;
//! - bytes written for one selection move, against the UTF-8 bytes of the changed cells
//!   (printed once, before the timings).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use criterion::{Criterion, criterion_group, criterion_main};
use planmeet::app::{App, AppOptions};
use planmeet::i18n::Lang;
use planmeet::keymap::Action;
use planmeet::runtime::Driver;
use planmeet::store::{LoadedPlan, load_embedded, load_plan_str};
use planmeet::synthetic::{self, Shape};
use planmeet::ui::theme::{ColorLevel, Theme};
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::{TerminalOptions, Viewport};

fn app(loaded: LoadedPlan, width: u16, height: u16) -> App {
    let mut app = App::new(
        loaded,
        AppOptions {
            theme: Theme::new(ColorLevel::Indexed, false),
            ..AppOptions::new(Lang::Zh)
        },
    );
    app.update(Action::Resize(width, height));
    app
}

fn large() -> LoadedPlan {
    let seed = load_embedded().unwrap().plan;
    let text = synthetic::plan_text(&synthetic::plan(&seed, Shape::LARGE));
    load_plan_str(&text, "synthetic").unwrap()
}

/// A full frame as the app produces it: every cell built and encoded for the terminal
/// (crossterm's escape sequences into a sink), as after a resize or on the first frame.
fn frames(c: &mut Criterion) {
    for (name, loaded, records) in [
        ("liuzhou", load_embedded().unwrap(), 0),
        ("10k tasks 100k records", large(), 100_000),
    ] {
        let mut app = app(loaded, 200, 50);
        if records > 0 {
            app = with_history(app, records);
        }
        // A programme with many items, its second item selected, focus in the items.
        app.update(Action::MoveDown);
        app.update(Action::Open);
        app.update(Action::MoveDown);
        let area = Rect::new(0, 0, 200, 50);
        let mut terminal = sink_terminal(area);
        c.bench_function(&format!("frame plan view 200x50 {name}"), |b| {
            b.iter(|| {
                full_frame(&mut terminal, &app);
            })
        });
    }
}

/// The plan view in English with the 100,000-record history, a sub-task selected in the
/// items pane (as the pty test drives it): a full frame, and a key to its frame. Every
/// row names its lead unit by its short English name, which once computed the units'
/// common prefix per row (8.8 ms a key through the pty).
fn plan_frames_english(c: &mut Criterion) {
    let mut app = with_history(
        App::new(
            large(),
            AppOptions {
                theme: Theme::new(ColorLevel::Indexed, false),
                ..AppOptions::new(Lang::En)
            },
        ),
        100_000,
    );
    app.update(Action::Resize(200, 50));
    app.update(Action::MoveDown);
    app.update(Action::FocusNext);
    app.update(Action::MoveDown);
    assert!(app.selected_plan_entry().is_some());
    let area = Rect::new(0, 0, 200, 50);
    let mut terminal = sink_terminal(area);
    c.bench_function("frame plan view 200x50 en 10k tasks 100k records", |b| {
        b.iter(|| {
            full_frame(&mut terminal, &app);
        })
    });
    let mut down = true;
    c.bench_function(
        "key to frame plan view 200x50 en 10k tasks 100k records",
        |b| {
            b.iter(|| {
                app.update(if down {
                    Action::MoveDown
                } else {
                    Action::MoveUp
                });
                down = !down;
                frame_as_the_loop_draws(&mut terminal, &mut app);
            })
        },
    );
}

/// A whole frame, as a first one: the previous frame forgotten, every cell drawn and sent.
fn full_frame(terminal: &mut Terminal<CrosstermBackend<std::io::Sink>>, app: &App) {
    terminal.current_buffer_mut().reset();
    terminal.swap_buffers();
    terminal
        .draw(|frame| {
            planmeet::ui::draw(frame, app);
        })
        .unwrap();
}

/// A frame as the event loop draws it after a key: only the changed cells sent, and what
/// the frame measured (the text it wrapped, for the wrap cache) handed back to the app.
fn frame_as_the_loop_draws(
    terminal: &mut Terminal<CrosstermBackend<std::io::Sink>>,
    app: &mut App,
) {
    let mut layout = None;
    terminal
        .draw(|frame| {
            layout = Some(planmeet::ui::draw(frame, app));
        })
        .unwrap();
    if let Some(layout) = layout {
        app.update(Action::Drawn(Box::new(layout)));
    }
}

fn search(c: &mut Criterion) {
    let mut app = with_history(app(large(), 200, 50), 100_000);
    app.update(Action::Search);
    for ch in "kej".chars() {
        app.update(Action::SearchInput(ch));
    }
    // Each iteration is one keystroke: alternately typing "i" (kej → keji) and erasing it.
    let mut typed = false;
    c.bench_function("search keystroke 10k tasks 100k records", |b| {
        b.iter(|| {
            app.update(if typed {
                Action::SearchBackspace
            } else {
                Action::SearchInput('i')
            });
            typed = !typed;
        })
    });
}

/// Queries typed from an empty search line, one key at a time (`\u{8}`: Backspace, a typo
/// put right). Each starts with a different key, so none is typed on top of the previous
/// one's results: the first key searches everything, the next ones narrow down.
const TYPED_QUERIES: &[&str] = &[
    "kjj",
    "gaoxin",
    "shikejiju",
    "zhongdian",
    "yinhang",
    "csj",
    "高新技术",
    "lvse",
    "nongye",
    "2023",
    "fazhan",
    "jiaoyi\u{8}u",
    "xiangcun",
    "tuijin",
];

/// Typing real queries: each iteration is one keystroke of `TYPED_QUERIES`, timed alone
/// (opening and cancelling the search line between queries is not timed).
fn search_typing(c: &mut Criterion) {
    let mut app = with_history(app(large(), 200, 50), 100_000);
    typing(
        c,
        &mut app,
        "search typing 10k tasks 100k records",
        |ch| match ch {
            '\u{8}' => Action::SearchBackspace,
            ch => Action::SearchInput(ch),
        },
        |app| {
            if app.searching() {
                app.update(Action::SearchCancel);
            }
            app.update(Action::Search);
        },
    );
}

/// Each iteration one keystroke of `TYPED_QUERIES` (`key` makes its action), timed alone;
/// `start` opens the line typed into before each query (closing the last one), untimed.
fn typing(
    c: &mut Criterion,
    app: &mut App,
    name: &str,
    key: impl Fn(char) -> Action,
    start: impl Fn(&mut App),
) {
    let queries: Vec<Vec<Action>> = TYPED_QUERIES
        .iter()
        .map(|q| q.chars().map(&key).collect())
        .collect();
    let (mut query, mut at) = (0, 0);
    c.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut spent = std::time::Duration::ZERO;
            for _ in 0..iters {
                if at == 0 {
                    start(app);
                }
                let started = std::time::Instant::now();
                app.update(queries[query][at].clone());
                spent += started.elapsed();
                at += 1;
                if at == queries[query].len() {
                    (query, at) = ((query + 1) % queries.len(), 0);
                }
            }
            spent
        })
    });
}

/// UTF-8 bytes of the cells that differ between two frames.
fn changed_cell_bytes(before: &Buffer, after: &Buffer) -> usize {
    before
        .diff(after)
        .iter()
        .map(|(_, _, cell)| cell.symbol().len())
        .sum()
}

fn bytes_per_move() {
    let mut app = app(load_embedded().unwrap(), 200, 50);
    app.update(Action::MoveDown);
    app.update(Action::Open);
    let area = Rect::new(0, 0, 200, 50);
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(Vec::<u8>::new()),
        TerminalOptions {
            viewport: Viewport::Fixed(area),
        },
    )
    .unwrap();
    terminal
        .draw(|f| {
            planmeet::ui::draw(f, &app);
        })
        .unwrap();
    let before = terminal.current_buffer_mut().clone();
    terminal.backend_mut().writer_mut().clear();
    app.update(Action::MoveDown);
    terminal
        .draw(|f| {
            planmeet::ui::draw(f, &app);
        })
        .unwrap();
    let written = terminal.backend().writer().len();
    let mut after = Buffer::empty(area);
    let mut check = Terminal::new(TestBackend::new(200, 50)).unwrap();
    check
        .draw(|f| {
            planmeet::ui::draw(f, &app);
        })
        .unwrap();
    after.merge(check.backend().buffer());
    let changed = changed_cell_bytes(&before, &after);
    println!(
        "selection move in the items pane: {written} bytes written for {changed} bytes of changed cells (ratio {:.2})",
        written as f64 / changed.max(1) as f64
    );
}

/// The synthetic history of `records` records over the 10,000 sub-task plan, in the app
/// as the status file's worker hands it over (`Reply::Loaded`).
fn with_history(mut app: App, records: usize) -> App {
    use planmeet::model::annotation::AnnotationLog;
    use planmeet::model::meeting::MeetingLog;
    use planmeet::store::status_sync::Reply;
    let seed = load_embedded().unwrap().plan;
    let history = synthetic::History {
        records,
        ..synthetic::History::LARGE
    };
    let log = AnnotationLog::from_records(synthetic::status_records(
        &seed,
        &app.loaded.plan,
        history,
        7,
    ));
    app.update(Action::Store(Box::new(Reply::Loaded {
        log: Box::new(log),
        meetings: Box::new(MeetingLog::new()),
        problems: Vec::new(),
        refusal: None,
    })));
    assert_eq!(app.annotations.log.len(), records);
    // The notes prepared for search on their thread, as a moment after start.
    app.finish_background_work();
    app
}

/// History sizes the view benchmarks run with: 100,000 records, and 1,000,000 unless
/// `PLANMEET_BENCH_HISTORY` names others (`100000`, or `100000,1000000`): a million
/// records take about a gigabyte and a minute to make.
fn history_sizes() -> Vec<usize> {
    std::env::var("PLANMEET_BENCH_HISTORY")
        .ok()
        .map(|list| {
            list.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![100_000, 1_000_000])
}

/// The key that shows view `n` (1–7), as a person switches.
fn view_key(app: &App, n: usize) -> Action {
    let key = char::from(b'1' + n as u8);
    app.keymap
        .action_for(&ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Char(key),
        ))
        .unwrap()
}

/// A full frame of every view at 80x24 and 200x50 on the 10,000 sub-task plan with the
/// history loaded (goal: under 1 ms each), and a key to its frame: the selection moved
/// down (or up, alternately) and the frame drawn (goal: Plan ≤ 1 ms, Changes and
/// Dashboard ≤ 2 ms).
fn view_frames(c: &mut Criterion) {
    use planmeet::app::View;
    for records in history_sizes() {
        let mut app = with_history(app(large(), 200, 50), records);
        let history = if records % 1000 == 0 {
            format!("{}k records", records / 1000)
        } else {
            format!("{records} records")
        };
        for (n, view) in View::ALL.into_iter().enumerate() {
            for (width, height) in [(80u16, 24u16), (200, 50)] {
                app.update(Action::Resize(width, height));
                app.update(view_key(&app, n));
                assert_eq!(app.view, view);
                let area = Rect::new(0, 0, width, height);
                let mut terminal = sink_terminal(area);
                let name = format!("frame {view:?} {width}x{height} 10k tasks {history}");
                c.bench_function(&name, |b| {
                    b.iter(|| {
                        full_frame(&mut terminal, &app);
                    })
                });
                if (width, height) != (200, 50) {
                    continue;
                }
                // A key to its frame, as the loop does it: only the cells that changed sent.
                let name = format!("key to frame {view:?} 200x50 10k tasks {history}");
                let mut down = true;
                c.bench_function(&name, |b| {
                    b.iter(|| {
                        app.update(if down {
                            Action::MoveDown
                        } else {
                            Action::MoveUp
                        });
                        down = !down;
                        frame_as_the_loop_draws(&mut terminal, &mut app);
                    })
                });
            }
        }
        // Dashboard and Changes in turn, as the pty test (`e2e_memory`) switches: each key
        // draws one whole view.
        app.update(Action::Resize(200, 50));
        let (dashboard, changes) = (view_key(&app, 4), view_key(&app, 6));
        let mut terminal = sink_terminal(Rect::new(0, 0, 200, 50));
        let mut to_dashboard = true;
        let name = format!("key to frame Dashboard and Changes in turn 200x50 10k tasks {history}");
        c.bench_function(&name, |b| {
            b.iter(|| {
                app.update(if to_dashboard {
                    dashboard.clone()
                } else {
                    changes.clone()
                });
                to_dashboard = !to_dashboard;
                frame_as_the_loop_draws(&mut terminal, &mut app);
            })
        });
    }
}

/// Start to first frame: the 10k-task plan read from its file (through the plan cache, as
/// `--plan` does, the cache written before; and from its RON alone), the app built, a
/// status file of 100,000 records handed to its worker (read in the background: the first
/// frame does not wait for it), and the first full frame drawn.
fn first_frame(c: &mut Criterion) {
    use planmeet::store::plan_cache::{CacheUse, load_plan_file_cached};
    use planmeet::store::status_file::Location;
    use planmeet::store::status_sync::StatusSync;
    let seed = load_embedded().unwrap().plan;
    let plan = synthetic::plan(&seed, Shape::LARGE);
    let records = synthetic::status_records(&seed, &plan, synthetic::History::LARGE, 7);
    let dir = tempfile::tempdir().unwrap();
    let status = dir.path().join("synthetic.status.ron");
    std::fs::write(&status, synthetic::status_text(&plan.meta.id, &records)).unwrap();
    let plan_file = dir.path().join("synthetic.plan.ron");
    std::fs::write(&plan_file, synthetic::plan_text(&plan)).unwrap();
    let cache = dir.path().join("cache");
    let used = load_plan_file_cached(&plan_file, Some(&cache)).unwrap().1;
    assert_eq!(used, CacheUse::Written);
    let area = Rect::new(0, 0, 200, 50);
    for (name, cache) in [
        (
            "start to first frame 10k tasks + 100k records",
            Some(cache.as_path()),
        ),
        (
            "start to first frame 10k tasks + 100k records, no plan cache",
            None,
        ),
    ] {
        c.bench_function(name, |b| {
            // Timed to the first frame; the threads it started (the status file, the search
            // index) are let finish untimed, so they do not slow the next start.
            b.iter_custom(|iterations| {
                let mut total = std::time::Duration::ZERO;
                for _ in 0..iterations {
                    let started = std::time::Instant::now();
                    let mut app = Driver::new(first(&plan_file, cache, area));
                    total += started.elapsed();
                    // What the app starts once the first frame is out (see runtime::run).
                    app.start_background_work();
                    app.attach(StatusSync::start(
                        Location {
                            path: status.to_path_buf(),
                            create_dir: false,
                        },
                        &plan.meta.id,
                        std::time::Duration::from_secs(1),
                    ));
                    app.update(Action::Search);
                    app.update(Action::SearchInput('a'));
                    app.update(Action::SearchCancel);
                    app.shut_down(std::time::Duration::from_secs(30));
                }
                total
            })
        });
    }
}

/// The plan read (through the cache in `cache`, if any) and checked, the app built, its
/// first frame drawn and encoded.
fn first(plan_file: &std::path::Path, cache: Option<&std::path::Path>, area: Rect) -> App {
    let (loaded, used) =
        planmeet::store::plan_cache::load_plan_file_cached(plan_file, cache).unwrap();
    assert_eq!(
        cache.is_some(),
        used == planmeet::store::plan_cache::CacheUse::Hit
    );
    let app = app(loaded, 200, 50);
    let mut terminal = sink_terminal(area);
    terminal
        .draw(|frame| {
            planmeet::ui::draw(frame, &app);
        })
        .unwrap();
    app
}

/// `s` on an item with 100,000 records in the log: the change made, shown and handed to
/// the writer, and the frame drawn — what the coordinator waits for (the disk is the
/// writer thread's).
fn annotate_keystroke(c: &mut Criterion) {
    use planmeet::store::status_file::Location;
    use planmeet::store::status_sync::StatusSync;
    use std::time::{Duration, Instant};
    let seed = load_embedded().unwrap().plan;
    let plan = synthetic::plan(&seed, Shape::LARGE);
    let records = synthetic::status_records(&seed, &plan, synthetic::History::LARGE, 7);
    let dir = tempfile::tempdir().unwrap();
    let status = dir.path().join("synthetic.status.ron");
    std::fs::write(&status, synthetic::status_text(&plan.meta.id, &records)).unwrap();
    let loaded = load_plan_str(&synthetic::plan_text(&plan), "synthetic").unwrap();
    let mut app = Driver::new(app(loaded, 200, 50));
    app.attach(StatusSync::start(
        Location {
            path: status,
            create_dir: false,
        },
        &plan.meta.id,
        Duration::from_secs(1),
    ));
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.annotations.file_state != planmeet::app::annotate::FileState::Ready {
        assert!(Instant::now() < deadline, "status file not loaded");
        if app.wait_for_worker(Duration::from_millis(100)) {
            app.pump();
        }
    }
    app.update(Action::MoveDown);
    app.update(Action::Open);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("annotate keystroke (s) to frame, 100k records", |b| {
        b.iter(|| {
            app.update(Action::CycleStatus);
            terminal
                .draw(|frame| {
                    planmeet::ui::draw(frame, &app);
                })
                .unwrap();
            // Take the writer's replies so the unsaved list stays short, as in the loop.
            app.pump();
        })
    });
}

fn report(_: &mut Criterion) {
    bytes_per_move();
}

/// The go-to palette over the 10k sub-task plan with a 100,000-record history: opening it
/// (gathering decisions and notes; the plan's names are prepared on the first opening
/// only), and typing into it a key at a time, each key ranking units, items, targets,
/// district rows, decisions and notes.
fn palette_typing(c: &mut Criterion) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = with_history(app(large(), 200, 50), 100_000);
    let press = |code| Action::DialogKey(KeyEvent::new(code, KeyModifiers::NONE));
    c.bench_function("palette open 10k tasks 100k records", |b| {
        b.iter(|| {
            app.update(Action::GoTo);
            app.update(press(KeyCode::Esc));
        })
    });
    typing(
        c,
        &mut app,
        "palette typing 10k tasks 100k records",
        |ch| match ch {
            '\u{8}' => press(KeyCode::Backspace),
            ch => press(KeyCode::Char(ch)),
        },
        |app| {
            if app.annotations.dialog.is_some() {
                app.update(press(KeyCode::Esc));
            }
            app.update(Action::GoTo);
        },
    );
}

/// What one keystroke cost before the narrowing and the notes index, in the same run for
/// comparison: each prefix of `TYPED_QUERIES` searched from scratch — the plan view's
/// search (the whole corpus, every note in force matched on the spot) and the palette
/// (every name, the corpus and every note).
fn typing_from_scratch(c: &mut Criterion) {
    let mut app = with_history(app(large(), 200, 50), 100_000);
    let mut prefixes: Vec<String> = Vec::new();
    for query in TYPED_QUERIES {
        let mut typed = String::new();
        for ch in query.chars() {
            match ch {
                '\u{8}' => {
                    typed.pop();
                }
                ch => typed.push(ch),
            }
            prefixes.push(typed.clone());
        }
    }
    let mut at = 0;
    c.bench_function("search typing from scratch 10k tasks 100k records", |b| {
        b.iter(|| {
            at = (at + 1) % prefixes.len();
            app.find_in_plan_fresh(&prefixes[at])
        })
    });
    app.update(Action::GoTo);
    let Some(planmeet::app::annotate::Dialog::Palette(palette)) = &app.annotations.dialog else {
        panic!("the palette did not open");
    };
    let palette = palette.clone();
    c.bench_function("palette typing from scratch 10k tasks 100k records", |b| {
        b.iter(|| {
            at = (at + 1) % prefixes.len();
            app.palette_search_fresh(&palette, &prefixes[at])
        })
    });
}

criterion_group!(
    benches,
    report,
    frames,
    plan_frames_english,
    search,
    search_typing,
    first_frame,
    annotate_keystroke,
    view_frames,
    palette_typing,
    typing_from_scratch
);
criterion_main!(benches);

/// A terminal of `area` that draws into nothing: a frame's whole cost up to the bytes.
fn sink_terminal(area: Rect) -> Terminal<CrosstermBackend<std::io::Sink>> {
    Terminal::with_options(
        CrosstermBackend::new(std::io::sink()),
        TerminalOptions {
            viewport: Viewport::Fixed(area),
        },
    )
    .unwrap()
}
