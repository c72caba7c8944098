//! The app on `TestBackend` with its real status-file worker: for tests that drive it
//! through actions and read what it draws and what it writes.

use std::path::Path;
use std::time::{Duration, Instant};

use planmeet::app::annotate::FileState;
use planmeet::app::{App, AppOptions};
use planmeet::i18n::Lang;
use planmeet::keymap::Action;
use planmeet::runtime::Driver;
use planmeet::store::load_embedded;
use planmeet::store::status_file::Location;
use planmeet::store::status_sync::StatusSync;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub const PLAN: &str = "liuzhou-2021-2023";

/// A status file the user named (its folder is not created for it).
pub fn location(path: &Path) -> Location {
    Location {
        path: path.to_path_buf(),
        create_dir: false,
    }
}

/// The bundled plan at 120x40, following `path` (polled every 50 ms), with the file read:
/// the app with its effects carried out, as the event loop runs it.
pub fn app_on(path: &Path, lang: Lang, author: &str) -> Driver {
    let app = App::new(
        load_embedded().unwrap(),
        AppOptions {
            author: author.into(),
            ..AppOptions::new(lang)
        },
    );
    let mut app = Driver::new(app);
    app.update(Action::Resize(120, 40));
    app.attach(StatusSync::start(
        location(path),
        PLAN,
        Duration::from_millis(50),
    ));
    settle(&mut app, |app| {
        app.annotations.file_state != FileState::Loading
    });
    app
}

/// Feeds the worker's replies to the app until `done` holds (at most 5 s).
pub fn settle(app: &mut Driver, done: impl Fn(&App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !done(app) {
        assert!(
            Instant::now() < deadline,
            "the status-file worker did not answer"
        );
        if app.wait_for_worker(Duration::from_millis(100)) {
            app.pump();
        }
    }
}

/// A key pressed while a dialog is open.
pub fn key(code: KeyCode) -> Action {
    Action::DialogKey(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Text typed into a dialog, key by key.
pub fn typed(text: &str) -> Vec<Action> {
    text.chars().map(|c| key(KeyCode::Char(c))).collect()
}

pub fn run(app: &mut Driver, actions: &[Action]) {
    for action in actions {
        app.update(action.clone());
    }
}

/// The whole screen as text, a line per row.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            planmeet::ui::draw(frame, app);
        })
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        out.push_str(&row_text(buffer, y, width));
        out.push('\n');
    }
    out
}

/// A row of the buffer as text; the blank cell after a wide character is skipped.
pub fn row_text(buffer: &Buffer, y: u16, width: u16) -> String {
    let mut out = String::new();
    let mut skip = 0;
    for x in 0..width {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let symbol = buffer[(x, y)].symbol();
        skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        out.push_str(symbol);
    }
    out
}
