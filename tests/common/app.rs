//! The app on `TestBackend` with its real status-file worker: for tests that drive it
//! through actions and read what it draws and what it writes.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use planmeet::app::annotate::FileState;
use planmeet::app::{App, AppOptions, Effect};
use planmeet::i18n::Lang;
use planmeet::keymap::Action;
use planmeet::model::annotation::Stamp;
use planmeet::model::clock::Clock;
use planmeet::model::meeting::MeetingLog;
use planmeet::runtime::Driver;
use planmeet::store::load_embedded;
use planmeet::store::status_file::Location;
use planmeet::store::status_sync::{Reply, StatusSync};
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

/// A clock that always reads the same moment, and numbers the ids it hands out.
#[derive(Debug)]
pub struct FixedClock {
    at: Stamp,
    today: jiff::civil::Date,
    ids: AtomicU64,
}

impl FixedClock {
    /// A clock stopped at `at` (RFC 3339 with an offset); today is that moment's date.
    pub fn at(at: &str) -> Arc<FixedClock> {
        let at = Stamp::parse(at).unwrap();
        let today = at.offset().to_datetime(at.timestamp()).date();
        Arc::new(FixedClock {
            at,
            today,
            ids: AtomicU64::new(0),
        })
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Stamp {
        self.at
    }
    fn today(&self) -> jiff::civil::Date {
        self.today
    }
    fn fresh_id(&self) -> String {
        format!("{:016x}", self.ids.fetch_add(1, Ordering::Relaxed))
    }
}

/// The bundled plan at 120x40 with no runtime: the status file is followed and read (an
/// empty history and `meetings`), so every change comes out of `update` as an effect.
pub fn app_read(options: AppOptions, meetings: MeetingLog) -> App {
    let mut app = App::new(load_embedded().unwrap(), options);
    app.follow_status_file("test.status.ron".into());
    app.update(Action::Store(Box::new(Reply::Loaded {
        log: Box::default(),
        meetings: Box::new(meetings),
        problems: Vec::new(),
        refusal: None,
    })));
    app.update(Action::Resize(120, 40));
    app
}

/// Text typed into a dialog of an app without a runtime: the effects the keys asked for.
pub fn type_into(app: &mut App, text: &str) -> Vec<Effect> {
    typed(text)
        .into_iter()
        .flat_map(|a| app.update(a))
        .collect()
}

/// Draws the app at `width`x`height` as the runtime does (the frame's layout goes back to
/// the app, so clicks and list offsets follow it) and returns the screen as text.
pub fn drawn(app: &mut App, width: u16, height: u16) -> String {
    app.update(Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut layout = None;
    terminal
        .draw(|f| layout = Some(planmeet::ui::draw(f, app)))
        .unwrap();
    app.update(Action::Drawn(Box::new(layout.unwrap())));
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| row_text(buffer, y, width) + "\n")
        .collect()
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
