//! Taking over the terminal and giving it back exactly as it was: on quit, on panic, and on
//! SIGTERM, SIGHUP (the SSH connection dropped) and SIGINT.
//!
//! Frames leave in one write each: ratatui's output is collected in a [`FrameWriter`] and
//! sent, wrapped in synchronized-output markers, by [`Tui::present`]. Over a slow link that
//! means no tearing and no dribble of 1 KiB writes.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute, queue};

/// Collects everything ratatui writes for one frame; [`FrameWriter::take`] hands it over.
/// `flush` deliberately does nothing: the frame is sent whole by [`Tui::present`].
#[derive(Debug, Default)]
pub struct FrameWriter {
    buffer: Vec<u8>,
}

impl FrameWriter {
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.buffer)
    }
}

impl Write for FrameWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub type Backend = CrosstermBackend<FrameWriter>;

/// Options that change how the terminal is set up.
#[derive(Debug, Clone, Copy)]
pub struct TerminalOptions {
    pub mouse: bool,
}

/// The terminal while planmeet owns it. Dropping it restores the terminal.
pub struct Tui {
    pub terminal: Terminal<Backend>,
    options: TerminalOptions,
    restored: bool,
}

/// Set by a signal handler; the event loop checks it and quits cleanly.
#[derive(Debug, Clone, Default)]
pub struct StopSignal(Arc<AtomicBool>);

impl StopSignal {
    /// Route SIGTERM, SIGHUP and SIGINT to this flag instead of killing the process, so the
    /// loop can restore the terminal and keep the user's data.
    pub fn install() -> io::Result<Self> {
        let flag = Arc::new(AtomicBool::new(false));
        #[cfg(unix)]
        for signal in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            signal_hook::flag::register(signal, Arc::clone(&flag))?;
        }
        Ok(Self(flag))
    }

    pub fn raised(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Exit code after a signal, as a shell reports it: 128 + the signal number (SIGTERM: 143).
const EXIT_AFTER_SIGNAL: i32 = 128 + 15;

/// Guards against the event loop being stuck where it cannot see a signal or a hangup.
///
/// crossterm's Unix event source spins inside `event::poll` once the terminal is gone
/// (crossterm-rs/crossterm#793): `poll` never returns, even with a timeout, so the loop
/// never looks at [`StopSignal`]. This thread does, twice a second: when a stop was asked
/// for and the loop has not finished within a second, or when standard input is no longer
/// a terminal (a hung-up pty answers every ioctl with EIO), it restores what it can and
/// ends the process. Every change the user saw acknowledged is already on disk by then.
pub struct Watchdog {
    finished: Arc<AtomicBool>,
    last_words: LastWords,
}

/// What the watchdog runs before it ends the process: writing what is not yet saved.
type LastWords = Arc<std::sync::Mutex<Option<Box<dyn FnOnce() + Send>>>>;

impl Watchdog {
    pub fn start(stop: StopSignal) -> Self {
        use std::io::IsTerminal;
        use std::time::{Duration, Instant};
        let finished = Arc::new(AtomicBool::new(false));
        let loop_finished = Arc::clone(&finished);
        let last_words: LastWords = Arc::default();
        let words = Arc::clone(&last_words);
        let watching_terminal = io::stdin().is_terminal();
        let spawned = std::thread::Builder::new()
            .name("planmeet-watchdog".into())
            .spawn(move || {
                let mut stop_seen: Option<Instant> = None;
                loop {
                    std::thread::sleep(Duration::from_millis(500));
                    if loop_finished.load(Ordering::Relaxed) {
                        return;
                    }
                    let hung_up = watching_terminal && !io::stdin().is_terminal();
                    if stop.raised() {
                        stop_seen.get_or_insert_with(Instant::now);
                    }
                    let stuck = stop_seen.is_some_and(|at| at.elapsed() > Duration::from_secs(1));
                    if hung_up || stuck {
                        restore(TerminalOptions { mouse: true });
                        let last = words.lock().ok().and_then(|mut w| w.take());
                        if let Some(last) = last {
                            last();
                        }
                        std::process::exit(EXIT_AFTER_SIGNAL);
                    }
                }
            });
        // Without the thread planmeet still works; it only loses this safety net.
        drop(spawned);
        Self {
            finished,
            last_words,
        }
    }

    /// Something to do before the watchdog ends the process (save what is unsaved).
    pub fn before_exit(&self, last_words: impl FnOnce() + Send + 'static) {
        if let Ok(mut slot) = self.last_words.lock() {
            *slot = Some(Box::new(last_words));
        }
    }

    /// The loop ended normally: the watchdog stops at its next wake-up.
    pub fn finish(&self) {
        self.finished.store(true, Ordering::Relaxed);
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Tui {
    pub fn enter(options: TerminalOptions) -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        let setup = (|| {
            execute!(
                stdout,
                EnterAlternateScreen,
                EnableBracketedPaste,
                cursor::Hide
            )?;
            if options.mouse {
                execute!(stdout, EnableMouseCapture)?;
            }
            Terminal::new(CrosstermBackend::new(FrameWriter::default()))
        })();
        match setup {
            Ok(terminal) => Ok(Self {
                terminal,
                options,
                restored: false,
            }),
            Err(error) => {
                restore(options);
                Err(error)
            }
        }
    }

    /// Draw one frame and send it in a single write, wrapped in synchronized output.
    pub fn draw(&mut self, render: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        queue!(
            self.terminal.backend_mut().writer_mut(),
            BeginSynchronizedUpdate
        )?;
        self.terminal.draw(render)?;
        self.present()
    }

    /// Forget what the terminal shows, so the next frame repaints every cell (after a resize,
    /// or when another program has drawn over us).
    pub fn invalidate(&mut self) -> io::Result<()> {
        self.terminal.clear()
    }

    fn present(&mut self) -> io::Result<()> {
        let writer = self.terminal.backend_mut().writer_mut();
        queue!(writer, EndSynchronizedUpdate)?;
        let frame = writer.take();
        let mut stdout = io::stdout().lock();
        stdout.write_all(&frame)?;
        stdout.flush()
    }

    pub fn set_mouse(&mut self, on: bool) -> io::Result<()> {
        self.options.mouse = on;
        let mut stdout = io::stdout();
        if on {
            execute!(stdout, EnableMouseCapture)
        } else {
            execute!(stdout, DisableMouseCapture)
        }
    }

    pub fn leave(mut self) {
        self.restore_once();
    }

    fn restore_once(&mut self) {
        if !self.restored {
            self.restored = true;
            // Whatever ratatui still holds goes out before the screen is switched back.
            let pending = self.terminal.backend_mut().writer_mut().take();
            let _ = io::stdout().write_all(&pending);
            restore(self.options);
        }
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        self.restore_once();
    }
}

/// Undo everything [`Tui::enter`] did. Errors are ignored: after an SSH drop there is no
/// terminal to write to, and nothing must hang or panic here.
pub fn restore(options: TerminalOptions) {
    let mut stdout = io::stdout();
    if options.mouse {
        let _ = execute!(stdout, DisableMouseCapture);
    }
    let _ = execute!(
        stdout,
        DisableBracketedPaste,
        EndSynchronizedUpdate,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = stdout.flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Restore first, so the panic message lands on a usable screen. Mouse capture may
        // have been toggled since, so it is always switched off.
        restore(TerminalOptions { mouse: true });
        previous(info);
    }));
}
