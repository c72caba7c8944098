//! The event loop: the loop's thread waits on the terminal itself and on one channel for
//! the status file's replies, signals and the other threads' news; each wakes it at once. A
//! frame is drawn only after something changed, so an idle planmeet writes nothing and uses
//! no CPU.
//!
//! Keys are read on the loop's own thread: it waits in one `poll` (mio: epoll) for the
//! terminal to have input or for another thread's [`Wakes::send`], then takes every event
//! the terminal has through crossterm's `event::poll(0)` / `event::read()`. A key then
//! wakes one thread, not two (an input thread passing each key down a channel cost a second
//! wake-up and a second core's attention per key).

use std::io;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use mio::{Events, Interest, Poll, Token, Waker};
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

/// What wakes the loop, besides the terminal's input.
enum Wake {
    /// Terminal input read on a thread (where the loop cannot wait on the terminal itself).
    #[cfg_attr(unix, allow(dead_code))]
    Input(event::Event),
    /// Reading the terminal failed: it is gone.
    #[cfg_attr(unix, allow(dead_code))]
    InputGone,
    /// The status file's worker has replies.
    Store,
    /// SIGTERM, SIGHUP or SIGINT.
    Stop,
    /// SIGWINCH: the terminal's size changed (crossterm has its `Resize` event ready).
    Resized,
    /// What the terminal answered to the probe, and the keys typed while it waited.
    Probed(Probed, Vec<event::Event>),
    /// The notes in force are prepared for search.
    Indexed,
}

/// The poll's tokens: the terminal, and [`Wakes`].
const TERMINAL: Token = Token(0);
const WOKEN: Token = Token(1);

/// How the other threads wake the loop: their news on the channel, then a poke of the
/// loop's poll. The loop empties the channel after every wake-up, so nothing waits in it.
#[derive(Clone)]
struct Wakes {
    sender: Sender<Wake>,
    waker: Arc<Waker>,
}

impl Wakes {
    /// False once the loop has ended.
    fn send(&self, wake: Wake) -> bool {
        let sent = self.sender.send(wake).is_ok();
        let _ = self.waker.wake();
        sent
    }
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
    let poll = Poll::new()?;
    let (sender, woken) = mpsc::channel();
    let wake = Wakes {
        sender,
        waker: Arc::new(Waker::new(poll.registry(), WOKEN)?),
    };
    forward_signals(&wake);
    let result = event_loop(
        &mut driver,
        &stop,
        options.status_file,
        options.probe,
        &watchdog,
        (poll, wake, woken),
    );
    watchdog.finish();
    let rescued = driver.shut_down(SHUTDOWN_WAIT);
    result.map(|()| RunOutcome {
        rescued,
        copied_to: driver.annotations.copied_to.take(),
    })
}

/// SIGTERM, SIGHUP and SIGINT wake the loop (the [`StopSignal`] flag is for the watchdog);
/// so does SIGWINCH, whose `Resize` event crossterm has ready by then.
fn forward_signals(wake: &Wakes) {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGWINCH};
        if let Ok(mut signals) =
            signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGWINCH])
        {
            let wake = wake.clone();
            let _ = std::thread::Builder::new()
                .name("planmeet-signals".into())
                .spawn(move || {
                    for signal in signals.forever() {
                        let resized = signal == SIGWINCH;
                        let sent = wake.send(if resized { Wake::Resized } else { Wake::Stop });
                        if !sent || !resized {
                            return;
                        }
                    }
                });
        }
    }
}

/// The terminal probe runs on a thread of its own while the first frames are drawn; the
/// loop reads no input until it is done, so there is only ever one reader of the terminal.
/// Where the loop cannot wait on the terminal (not Unix), input is read on that thread
/// afterwards and passed on.
fn start_input(wake: Wakes, probe: Option<ProbeRequest>) {
    if probe.is_none() && cfg!(unix) {
        return;
    }
    let _ = std::thread::Builder::new()
        .name("planmeet-input".into())
        .spawn(move || {
            if let Some(request) = probe {
                let (probed, typed) = probe::probe_in_place(request);
                if !wake.send(Wake::Probed(probed, typed)) {
                    return;
                }
            }
            forward_input(&wake);
        });
}

/// Where the loop cannot wait on the terminal (not Unix): every event passed on as read.
fn forward_input(wake: &Wakes) {
    #[cfg(not(unix))]
    loop {
        let next = match event::read() {
            Ok(event) => Wake::Input(event),
            Err(_) => Wake::InputGone,
        };
        let gone = matches!(next, Wake::InputGone);
        if !wake.send(next) || gone {
            return;
        }
    }
    #[cfg(unix)]
    let _ = wake;
}

/// Start waiting on the terminal's input in `poll` (Unix; elsewhere input comes from the
/// input thread). Input already waiting is reported too.
fn watch_terminal(poll: &Poll) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::io::IsTerminal;
        use std::os::fd::{AsRawFd, IntoRawFd};
        // The descriptor crossterm reads: standard input when it is the terminal, else
        // /dev/tty (kept open for the process's life: crossterm keeps its own too).
        let fd = if io::stdin().is_terminal() {
            io::stdin().as_raw_fd()
        } else {
            std::fs::File::open("/dev/tty")?.into_raw_fd()
        };
        poll.registry()
            .register(&mut mio::unix::SourceFd(&fd), TERMINAL, Interest::READABLE)?;
    }
    #[cfg(not(unix))]
    let _ = poll;
    Ok(())
}

/// How many times in a row crossterm's `event::poll(0)` must say "nothing" before it is
/// believed. It also says so when what it took from the terminal was a reply to a question
/// (a cursor report, device attributes), which it sets aside, one per call, even with keys
/// behind it: the probe's late replies are three (two cursor reports and DA1).
const NOTHING_IN_A_ROW: u32 = 4;

/// Every event the terminal has ready, as actions: whether there was one, or `None` when
/// the terminal is gone.
fn read_terminal(driver: &mut Driver) -> Option<bool> {
    let mut any = false;
    let mut nothing = 0;
    while nothing < NOTHING_IN_A_ROW {
        if event::poll(Duration::ZERO).ok()? {
            let event = event::read().ok()?;
            for action in actions_for(driver.app(), event) {
                driver.update(action);
            }
            any = true;
            nothing = 0;
        } else {
            nothing += 1;
        }
    }
    Some(any)
}

/// After the first frame: the status file's worker and the search index start then, so
/// the first frame waits for neither.
fn start_background_work(
    driver: &mut Driver,
    status_file: Option<Location>,
    watchdog: &Watchdog,
    wake: &Wakes,
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
                waker.send(Wake::Store);
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
    (mut poll, wake, woken): (Poll, Wakes, Receiver<Wake>),
) -> io::Result<()> {
    let mut status_file = Some(status_file);
    let mut tui = Tui::enter(TerminalOptions {
        mouse: driver.mouse,
    })?;
    let size = tui.terminal.size()?;
    driver.update(Action::Resize(size.width, size.height));
    // Whether the loop reads the terminal (not while the probe does), and whether it may
    // have input: a wake-up said so, or nothing was read yet.
    let mut reading = probe.is_none() && cfg!(unix);
    let mut input_ready = reading;
    if reading {
        watch_terminal(&poll)?;
    }
    start_input(wake.clone(), probe);
    let waker = wake.clone();
    driver.set_waker(std::sync::Arc::new(move || {
        waker.send(Wake::Indexed);
    }));
    let mut events = Events::with_capacity(4);
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
            // Everything that arrived since the last frame, then one frame for all of it:
            // wait only when nothing is known to be waiting.
            let mut batch: Vec<Wake> = woken.try_iter().collect();
            if batch.is_empty() && !input_ready {
                match poll.poll(&mut events, None) {
                    Ok(()) => {}
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
                for event in events.iter() {
                    if event.token() == TERMINAL {
                        // A hung-up terminal is not read: crossterm would spin on it.
                        if event.is_error() || (event.is_read_closed() && !event.is_readable()) {
                            return Ok(());
                        }
                        input_ready = reading;
                    }
                }
                batch.extend(woken.try_iter());
            }
            for event in batch {
                match event {
                    Wake::Input(event) => {
                        for action in actions_for(driver.app(), event) {
                            driver.update(action);
                        }
                        dirty = true;
                    }
                    Wake::Store => dirty |= driver.pump(),
                    Wake::Resized => {
                        // The next frame is laid out for the new size in any case.
                        input_ready |= reading;
                        dirty = true;
                    }
                    Wake::Probed(probed, typed) => {
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
                        // Keys typed while the probe waited come first, then the terminal
                        // is read here (whatever it holds already included).
                        for event in typed {
                            for action in actions_for(driver.app(), event) {
                                driver.update(action);
                            }
                        }
                        if cfg!(unix) && !reading {
                            watch_terminal(&poll)?;
                            reading = true;
                            input_ready = true;
                        }
                    }
                    Wake::Indexed => {
                        driver.update(Action::NotesIndexed);
                        dirty = true;
                    }
                    Wake::InputGone | Wake::Stop => return Ok(()),
                }
            }
            if input_ready {
                input_ready = false;
                match read_terminal(driver) {
                    Some(any) => dirty |= any,
                    None => return Ok(()),
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
