//! The event loop: read an input, turn it into actions, update, draw — and draw only when
//! something happened, so an idle planmeet writes nothing and uses no CPU.

use std::io;
use std::time::Duration;

use ratatui::crossterm::event::{
    self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::terminal::{StopSignal, TerminalOptions, Tui, Watchdog};
use super::{App, AppOptions};
use crate::keymap::Action;
use crate::store::LoadedPlan;
use crate::store::status_file::{LOCK_TIMEOUT, Location};
use crate::store::status_sync::{POLL as STATUS_POLL, Rescued, StatusSync};

/// How long the loop sleeps waiting for input before it looks at the signal flag again.
const POLL: Duration = Duration::from_millis(200);

/// How long the loop waits for input while a change is on its way to disk, so the
/// "saved" mark follows within a frame or two.
const POLL_WHILE_SAVING: Duration = Duration::from_millis(15);
/// How long quitting waits for the last changes to reach the disk (a writer may wait
/// for another's lock for up to [`LOCK_TIMEOUT`]).
const SHUTDOWN_WAIT: Duration = LOCK_TIMEOUT.saturating_add(Duration::from_secs(2));

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub app: AppOptions,
    /// The status file to read and write; none keeps changes in memory only.
    pub status_file: Option<Location>,
}

/// What happened to changes that could not be written, for the message after the
/// terminal is restored.
#[derive(Debug, Clone, Default)]
pub struct RunOutcome {
    pub rescued: Rescued,
    /// Where the user chose to write unsaved changes.
    pub copied_to: Option<std::path::PathBuf>,
}

/// Run the plan browser until the user quits or a signal arrives; the terminal is restored
/// on every way out, and changes not yet on disk are written (or rescued to a file of
/// their own) before the process ends.
pub fn run(loaded: LoadedPlan, options: RunOptions) -> io::Result<RunOutcome> {
    let stop = StopSignal::install()?;
    let watchdog = Watchdog::start(stop.clone());
    let mut app = App::new(loaded, options.app);
    if options.status_file.is_some() {
        // Read right after the first frame; until then it is "reading…", not "memory only".
        app.annotations.file_state = super::annotate::FileState::Loading;
    }
    let result = event_loop(&mut app, &stop, options.status_file, &watchdog);
    watchdog.finish();
    let rescued = app.annotations.shut_down(SHUTDOWN_WAIT);
    result.map(|()| RunOutcome {
        rescued,
        copied_to: app.annotations.copied_to.take(),
    })
}

/// After the first frame: the status file's worker and the search index start then, so
/// the first frame waits for neither.
fn start_background_work(app: &mut App, status_file: Option<Location>, watchdog: &Watchdog) {
    app.start_background_work();
    if let Some(location) = status_file {
        // A file-size limit (`ulimit -f`) must fail a write, not kill the process.
        crate::store::status_file::survive_file_size_limit();
        let plan_id = app.loaded.plan.meta.id.clone();
        app.attach_status_file(StatusSync::start(location, &plan_id, STATUS_POLL));
        if let Some(stopper) = app.annotations.stopper() {
            watchdog.before_exit(move || {
                if let Some(Rescued {
                    to: Some(Ok(path)),
                    count,
                }) = stopper.stop_and_rescue(Duration::from_secs(3))
                {
                    eprintln!(
                        "planmeet: {count} unsaved change(s) written to {}; bring them back with `planmeet merge`",
                        path.display()
                    );
                }
            });
        }
    }
}

fn event_loop(
    app: &mut App,
    stop: &StopSignal,
    status_file: Option<Location>,
    watchdog: &Watchdog,
) -> io::Result<()> {
    let mut status_file = Some(status_file);
    let mut tui = Tui::enter(TerminalOptions { mouse: app.mouse })?;
    let size = tui.terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut dirty = true;
    let mut mouse = app.mouse;
    let result = (|| {
        while app.running && !stop.raised() {
            if app.annotations.has_news() {
                app.update(Action::StoreChanged);
                dirty = true;
            }
            if dirty {
                tui.draw(|frame| crate::ui::draw(frame, app))?;
                dirty = false;
            }
            if let Some(status_file) = status_file.take() {
                start_background_work(app, status_file, watchdog);
            }
            let saving =
                !app.annotations.unsaved.is_empty() && app.annotations.save_error.is_none();
            if !event::poll(if saving { POLL_WHILE_SAVING } else { POLL })? {
                continue;
            }
            for action in actions_for(app, event::read()?) {
                app.update(action);
                dirty = true;
            }
            if app.mouse != mouse {
                mouse = app.mouse;
                tui.set_mouse(mouse)?;
            }
        }
        Ok(())
    })();
    tui.leave();
    result
}

/// Turn one terminal event into the actions it means, given the app's mode: while a
/// search is being typed, keys are text; otherwise the keymap decides.
pub fn actions_for(app: &App, event: Event) -> Vec<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_actions(app, key),
        Event::Paste(text) if app.annotations.dialog.is_some() => pasted_keys(&text),
        Event::Paste(text) if app.search.editing => text
            .chars()
            .filter(|c| !c.is_control())
            .map(Action::SearchInput)
            .collect(),
        Event::Mouse(mouse) if app.mouse => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => vec![Action::Click(mouse.column, mouse.row)],
            MouseEventKind::ScrollDown => vec![Action::ScrollWheel(true, mouse.column, mouse.row)],
            MouseEventKind::ScrollUp => vec![Action::ScrollWheel(false, mouse.column, mouse.row)],
            _ => Vec::new(),
        },
        Event::Resize(width, height) => vec![Action::Resize(width, height)],
        _ => Vec::new(),
    }
}

/// A paste into a dialog, as the keys that type it: line breaks become Enter (a new line
/// in the note editor), other control characters are dropped so pasted escape sequences
/// never reach the text.
fn pasted_keys(text: &str) -> Vec<Action> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some(KeyCode::Enter),
            '\t' => Some(KeyCode::Char(' ')),
            c if c.is_control() => None,
            c => Some(KeyCode::Char(c)),
        })
        .map(|code| Action::DialogKey(KeyEvent::new(code, KeyModifiers::NONE)))
        .collect()
}

fn key_actions(app: &App, key: KeyEvent) -> Vec<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if app.annotations.dialog.is_some() {
        return vec![if ctrl && key.code == KeyCode::Char('c') {
            Action::Quit
        } else {
            Action::DialogKey(key)
        }];
    }
    if app.search.editing {
        let action = match key.code {
            KeyCode::Char('c') if ctrl => Action::Quit,
            KeyCode::Char(c) if !ctrl => Action::SearchInput(c),
            KeyCode::Backspace => Action::SearchBackspace,
            KeyCode::Enter => Action::SearchConfirm,
            KeyCode::Esc => Action::SearchCancel,
            _ => return Vec::new(),
        };
        return vec![action];
    }
    app.keymap.action_for(&key).into_iter().collect()
}
