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

/// How long the loop sleeps waiting for input before it looks at the signal flag again.
const POLL: Duration = Duration::from_millis(200);

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub app: AppOptions,
}

/// Run the plan browser until the user quits or a signal arrives; the terminal is restored
/// on every way out.
pub fn run(loaded: LoadedPlan, options: RunOptions) -> io::Result<()> {
    let stop = StopSignal::install()?;
    let watchdog = Watchdog::start(stop.clone());
    let mut app = App::new(loaded, options.app);
    let mut tui = Tui::enter(TerminalOptions { mouse: app.mouse })?;
    let size = tui.terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut dirty = true;
    let mut mouse = app.mouse;
    while app.running && !stop.raised() {
        if dirty {
            tui.draw(|frame| crate::ui::draw(frame, &app))?;
            dirty = false;
        }
        if !event::poll(POLL)? {
            continue;
        }
        for action in actions_for(&app, event::read()?) {
            app.update(action);
            dirty = true;
        }
        if app.mouse != mouse {
            mouse = app.mouse;
            tui.set_mouse(mouse)?;
        }
    }
    tui.leave();
    watchdog.finish();
    Ok(())
}

/// Turn one terminal event into the actions it means, given the app's mode: while a
/// search is being typed, keys are text; otherwise the keymap decides.
pub fn actions_for(app: &App, event: Event) -> Vec<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_actions(app, key),
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

fn key_actions(app: &App, key: KeyEvent) -> Vec<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
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
