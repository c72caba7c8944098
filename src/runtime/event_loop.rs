//! The event loop: one channel carries terminal input, the status file's replies and
//! signals; each wakes the loop at once. A frame is drawn only after something changed, so
//! an idle planmeet writes nothing and uses no CPU.

use std::io;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use ratatui::crossterm::event;

use super::Driver;
use super::input::actions_for;
use super::probe::{self, ProbeRequest, Probed};
use super::terminal::{StopSignal, TerminalOptions, Tui, Watchdog};
use crate::app::{Action, App, AppOptions};
use crate::store::LoadedPlan;
use crate::store::status_file::{LOCK_TIMEOUT, Location};
use crate::store::status_sync::{POLL as STATUS_POLL, Rescued, StatusSync};

/// How long quitting waits for the last changes to reach the disk (a writer may wait
/// for another's lock for up to [`LOCK_TIMEOUT`]).
const SHUTDOWN_WAIT: Duration = LOCK_TIMEOUT.saturating_add(Duration::from_secs(2));

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub app: AppOptions,
    /// The status file to read and write; none keeps changes in memory only.
    pub status_file: Option<Location>,
    /// What to ask the terminal once its screen is up (see [`super::probe`]); none: ask
    /// nothing.
    pub probe: Option<ProbeRequest>,
}

/// What happened to changes that could not be written, for the message after the
/// terminal is restored.
#[derive(Debug, Clone, Default)]
pub struct RunOutcome {
    pub rescued: Rescued,
    /// Where the user chose to write unsaved changes.
    pub copied_to: Option<std::path::PathBuf>,
}

/// What wakes the loop.
enum Wake {
    Input(event::Event),
    /// Reading the terminal failed: it is gone.
    InputGone,
    /// The status file's worker has replies.
    Store,
    /// SIGTERM, SIGHUP or SIGINT.
    Stop,
    /// What the terminal answered to the probe.
    Probed(Probed),
    /// The notes in force are prepared for search.
    Indexed,
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
        app.annotations.file_state = crate::app::annotate::FileState::Loading;
    }
    let mut driver = Driver::new(app);
    let (wake, woken) = mpsc::channel();
    forward_signals(&wake);
    let result = event_loop(
        &mut driver,
        &stop,
        options.status_file,
        options.probe,
        &watchdog,
        wake,
        woken,
    );
    watchdog.finish();
    let rescued = driver.shut_down(SHUTDOWN_WAIT);
    result.map(|()| RunOutcome {
        rescued,
        copied_to: driver.annotations.copied_to.take(),
    })
}

/// SIGTERM, SIGHUP and SIGINT wake the loop (the [`StopSignal`] flag is for the watchdog).
fn forward_signals(wake: &Sender<Wake>) {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) {
            let wake = wake.clone();
            let _ = std::thread::Builder::new()
                .name("planmeet-signals".into())
                .spawn(move || {
                    if signals.forever().next().is_some() {
                        let _ = wake.send(Wake::Stop);
                    }
                });
        }
    }
}

/// Terminal input on a thread of its own, so the loop waits on one channel for everything.
/// The terminal probe runs there first, so there is only ever one reader of the terminal.
fn forward_input(wake: Sender<Wake>, probe: Option<ProbeRequest>) {
    let _ = std::thread::Builder::new()
        .name("planmeet-input".into())
        .spawn(move || {
            if let Some(request) = probe {
                let (probed, typed) = probe::probe_in_place(request);
                let _ = wake.send(Wake::Probed(probed));
                for event in typed {
                    let _ = wake.send(Wake::Input(event));
                }
            }
            loop {
                let next = match event::read() {
                    Ok(event) => Wake::Input(event),
                    Err(_) => Wake::InputGone,
                };
                let gone = matches!(next, Wake::InputGone);
                if wake.send(next).is_err() || gone {
                    return;
                }
            }
        });
}

/// After the first frame: the status file's worker and the search index start then, so
/// the first frame waits for neither.
fn start_background_work(
    driver: &mut Driver,
    status_file: Option<Location>,
    watchdog: &Watchdog,
    wake: &Sender<Wake>,
) {
    driver.start_background_work();
    if let Some(location) = status_file {
        // A file-size limit (`ulimit -f`) must fail a write, not kill the process.
        crate::store::status_file::survive_file_size_limit();
        let plan_id = driver.loaded.plan.meta.id.clone();
        let waker = wake.clone();
        let sync = StatusSync::start_with_waker(
            location,
            &plan_id,
            STATUS_POLL,
            Some(Box::new(move || {
                let _ = waker.send(Wake::Store);
            })),
        );
        driver.attach(sync);
        if let Some(stopper) = driver.stopper() {
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
    driver: &mut Driver,
    stop: &StopSignal,
    status_file: Option<Location>,
    probe: Option<ProbeRequest>,
    watchdog: &Watchdog,
    wake: Sender<Wake>,
    woken: Receiver<Wake>,
) -> io::Result<()> {
    let mut status_file = Some(status_file);
    let mut tui = Tui::enter(TerminalOptions {
        mouse: driver.mouse,
    })?;
    let size = tui.terminal.size()?;
    driver.update(Action::Resize(size.width, size.height));
    forward_input(wake.clone(), probe);
    let waker = wake.clone();
    driver.set_waker(std::sync::Arc::new(move || {
        let _ = waker.send(Wake::Indexed);
    }));
    let mut dirty = true;
    let mut mouse = driver.mouse;
    let result = (|| {
        while driver.running && !stop.raised() {
            if dirty {
                // The terminal may have changed size before its resize event arrived (a
                // frame for a key typed just before): ratatui draws at the new size, so the
                // app lays the frame out for it now, as the event would have it.
                let size = tui.terminal.size()?;
                if (size.width, size.height) != driver.app().size {
                    driver.update(Action::Resize(size.width, size.height));
                }
                let mut layout = None;
                tui.draw(|frame| layout = Some(crate::ui::draw(frame, driver.app())))?;
                if let Some(layout) = layout {
                    // What the frame measured changes nothing on screen: no redraw for it.
                    driver.update(Action::Drawn(Box::new(layout)));
                }
                dirty = false;
            }
            if let Some(status_file) = status_file.take() {
                start_background_work(driver, status_file, watchdog, &wake);
            }
            // Everything that arrived since the last frame, then one frame for all of it.
            let Ok(first) = woken.recv() else {
                break;
            };
            for event in std::iter::once(first).chain(woken.try_iter()) {
                match event {
                    Wake::Input(event) => {
                        for action in actions_for(driver.app(), event) {
                            driver.update(action);
                        }
                        dirty = true;
                    }
                    Wake::Store => dirty |= driver.pump(),
                    Wake::Probed(probed) => {
                        if let Some(wide) = probed.ambiguous_wide {
                            tui.set_ambiguous_wide(wide);
                        }
                        driver.update(Action::TerminalProbed {
                            background: probed.background,
                            ambiguous_wide: probed.ambiguous_wide,
                        });
                        // The probe's cells were drawn behind ratatui's back.
                        tui.invalidate()?;
                        dirty = true;
                    }
                    Wake::Indexed => {
                        driver.update(Action::NotesIndexed);
                        dirty = true;
                    }
                    Wake::InputGone | Wake::Stop => return Ok(()),
                }
            }
            if driver.mouse != mouse {
                mouse = driver.mouse;
                tui.set_mouse(mouse)?;
            }
        }
        Ok(())
    })();
    tui.leave();
    result
}
