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
use ratatui::backend::{ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::style::{
    Attribute, Color as CrosstermColor, Colors, SetAttribute, SetBackgroundColor, SetColors,
    SetForegroundColor, SetUnderlineColor,
};
use ratatui::crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute, queue};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

use crate::text::width::{has_ambiguous, narrow_ambiguous};

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

    /// Writes what was collected to `out` and empties the buffer, keeping its room for the
    /// next frame (a fresh buffer grew again each frame, by reallocations).
    pub fn send_to(&mut self, out: &mut impl Write) -> io::Result<()> {
        let sent = out.write_all(&self.buffer);
        self.buffer.clear();
        sent
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

pub type Backend = WideCellBackend;

/// crossterm's backend moves the cursor before every cell that does not follow the previous
/// one by exactly one column. ratatui's diff skips the cell under the right half of a wide
/// character, so in Chinese text every character after the first costs a cursor move
/// (`ESC [ row ; col H`, 6–8 bytes) on top of its own 3 bytes — more than half of what a
/// frame sends. The terminal's cursor is already in the right place after a wide character;
/// this backend says so by bridging the gap with an empty cell of the same style, which
/// prints nothing and needs neither a move nor an SGR change.
///
/// Only CJK characters are bridged: terminals have agreed on their width for decades, while
/// for newer wide characters (emoji) a terminal may still advance one column, and there the
/// cursor move keeps the rest of the line in place.
///
/// On a terminal that draws East Asian Ambiguous characters two columns wide (see
/// [`set_ambiguous_wide`]) it also sends every such character that is still in a cell —
/// `…` ending a cut line, `“ ”` and `·` in the plan's text — as a one-column stand-in
/// ([`narrow_stand_in`](crate::text::width::narrow_stand_in)), so no line is pushed out of
/// alignment. planmeet's own frames and markers are ASCII there already.
#[derive(Debug)]
pub struct WideCellBackend {
    inner: CrosstermBackend<FrameWriter>,
    narrow_ambiguous: bool,
    /// The escape sequence of each pair of colours met so far, as crossterm writes it:
    /// formatting it again for every change of colour was most of this backend's own time
    /// on a frame that redraws a whole view.
    color_codes: rustc_hash::FxHashMap<(Color, Color), Box<[u8]>>,
}

/// Whether the terminal draws ambiguous characters wide: set at start from the settings,
/// and again when the probe has measured it.
static AMBIGUOUS_WIDE: AtomicBool = AtomicBool::new(false);

/// Tell the backend the terminal draws East Asian Ambiguous characters two columns wide.
pub fn set_ambiguous_wide(wide: bool) {
    AMBIGUOUS_WIDE.store(wide, Ordering::Relaxed);
}

impl WideCellBackend {
    pub fn new(writer: FrameWriter) -> Self {
        Self::for_ambiguous(writer, AMBIGUOUS_WIDE.load(Ordering::Relaxed))
    }

    /// A backend for a terminal that draws ambiguous characters wide (`true`) or not.
    pub fn for_ambiguous(writer: FrameWriter, wide: bool) -> Self {
        Self {
            inner: CrosstermBackend::new(writer),
            narrow_ambiguous: wide,
            color_codes: rustc_hash::FxHashMap::default(),
        }
    }

    pub fn writer_mut(&mut self) -> &mut FrameWriter {
        self.inner.writer_mut()
    }
}

/// A character whose double width every terminal agrees on (Hangul Jamo, CJK radicals to Yi,
/// Hangul syllables, compatibility ideographs, vertical and full-width forms, planes 2–3).
fn settled_wide(symbol: &str) -> bool {
    let mut chars = symbol.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// crossterm's `MoveTo(x, y)`, written without formatting: `ESC [ row ; column H`, both
/// counted from one.
fn move_to(w: &mut impl Write, x: u16, y: u16) -> io::Result<()> {
    let (mut row, mut column) = (itoa::Buffer::new(), itoa::Buffer::new());
    w.write_all(b"\x1b[")?;
    w.write_all(row.format(u32::from(y) + 1).as_bytes())?;
    w.write_all(b";")?;
    w.write_all(column.format(u32::from(x) + 1).as_bytes())?;
    w.write_all(b"H")
}

/// crossterm's `SetColors` for a pair of colours, as the bytes it writes (nothing at all
/// under `NO_COLOR`, which crossterm honours).
fn color_code(fg: Color, bg: Color) -> Box<[u8]> {
    let mut code = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = queue!(
        code,
        SetColors(Colors::new(fg.into_crossterm(), bg.into_crossterm()))
    );
    code.into_boxed_slice()
}

/// The attributes that take `from` to `to`, in the order ratatui's crossterm backend sends
/// them (its `ModifierDiff`, which it keeps private).
fn queue_modifier_change(w: &mut impl Write, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        queue!(w, SetAttribute(Attribute::NoReverse))?;
    }
    let reset_intensity = removed.contains(Modifier::BOLD) || removed.contains(Modifier::DIM);
    if reset_intensity {
        // Normal intensity ends both bold and dim: what stays is set again.
        queue!(w, SetAttribute(Attribute::NormalIntensity))?;
        if to.contains(Modifier::DIM) {
            queue!(w, SetAttribute(Attribute::Dim))?;
        }
        if to.contains(Modifier::BOLD) {
            queue!(w, SetAttribute(Attribute::Bold))?;
        }
    }
    for (modifier, off) in [
        (Modifier::ITALIC, Attribute::NoItalic),
        (Modifier::UNDERLINED, Attribute::NoUnderline),
        (Modifier::CROSSED_OUT, Attribute::NotCrossedOut),
        (Modifier::HIDDEN, Attribute::NoHidden),
    ] {
        if removed.contains(modifier) {
            queue!(w, SetAttribute(off))?;
        }
    }
    if removed.contains(Modifier::SLOW_BLINK) || removed.contains(Modifier::RAPID_BLINK) {
        queue!(w, SetAttribute(Attribute::NoBlink))?;
    }
    let added = to - from;
    for (modifier, on) in [
        (Modifier::REVERSED, Attribute::Reverse),
        (Modifier::BOLD, Attribute::Bold),
        (Modifier::ITALIC, Attribute::Italic),
        (Modifier::UNDERLINED, Attribute::Underlined),
        (Modifier::DIM, Attribute::Dim),
        (Modifier::CROSSED_OUT, Attribute::CrossedOut),
        (Modifier::HIDDEN, Attribute::Hidden),
        (Modifier::SLOW_BLINK, Attribute::SlowBlink),
        (Modifier::RAPID_BLINK, Attribute::RapidBlink),
    ] {
        let set_already =
            reset_intensity && (modifier == Modifier::BOLD || modifier == Modifier::DIM);
        if added.contains(modifier) && !set_already {
            queue!(w, SetAttribute(on))?;
        }
    }
    Ok(())
}

impl ratatui::backend::Backend for WideCellBackend {
    type Error = io::Error;

    /// ratatui's crossterm backend, cell for cell (the same bytes: a test compares them),
    /// written straight into the frame's buffer as the diff hands the cells over: no list
    /// of the frame's cells is built first (a list of every changed cell, re-grown each
    /// frame, was a quarter of a Plan-view key through a pty: at 56 bytes a cell it passes
    /// the allocator's mmap threshold, and every frame paid for fresh pages).
    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let narrow = self.narrow_ambiguous;
        let w = self.inner.writer_mut();
        let (mut fg, mut bg, mut underline) = (Color::Reset, Color::Reset, Color::Reset);
        let mut modifier = Modifier::empty();
        // The last cell written, and whether it was a CJK character whose width every
        // terminal agrees on: the cursor then stands after its right half already.
        let mut last: Option<(u16, u16, bool)> = None;
        let mut narrowed = String::new();
        for (x, y, cell) in content {
            let symbol = if narrow && has_ambiguous(cell.symbol()) {
                narrowed.clear();
                narrowed.push_str(&narrow_ambiguous(cell.symbol()));
                narrowed.as_str()
            } else {
                cell.symbol()
            };
            let follows = matches!(last, Some((px, py, wide))
                if py == y && (x == px + 1 || (wide && x == px + 2)));
            if !follows {
                move_to(w, x, y)?;
            }
            last = Some((x, y, settled_wide(symbol)));
            if cell.modifier != modifier {
                queue_modifier_change(w, modifier, cell.modifier)?;
                modifier = cell.modifier;
            }
            if cell.fg != fg || cell.bg != bg {
                let code = self
                    .color_codes
                    .entry((cell.fg, cell.bg))
                    .or_insert_with(|| color_code(cell.fg, cell.bg));
                w.write_all(code)?;
                fg = cell.fg;
                bg = cell.bg;
            }
            if cell.underline_color != underline {
                queue!(w, SetUnderlineColor(cell.underline_color.into_crossterm()))?;
                underline = cell.underline_color;
            }
            w.write_all(symbol.as_bytes())?;
        }
        queue!(
            w,
            SetForegroundColor(CrosstermColor::Reset),
            SetBackgroundColor(CrosstermColor::Reset),
            SetUnderlineColor(CrosstermColor::Reset),
            SetAttribute(Attribute::Reset),
        )
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    /// Never asks the terminal (crossterm would send CSI 6n and read the reply itself, a
    /// second reader beside the event loop, waiting up to 2 s on a terminal that does not
    /// answer). ratatui asks only to put the cursor back after clearing the screen; the
    /// cursor is hidden, and every frame that shows it places it.
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(Position::ORIGIN)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    /// Asked before every frame (ratatui resizes its buffers to it). crossterm opens
    /// `/dev/tty` for each question; the terminal is standard output here, so it is asked
    /// there first, and crossterm's way is the fallback.
    fn size(&self) -> io::Result<Size> {
        #[cfg(unix)]
        {
            let mut size = libc::winsize {
                ws_row: 0,
                ws_col: 0,
                ws_xpixel: 0,
                ws_ypixel: 0,
            };
            // SAFETY: TIOCGWINSZ writes one winsize into the struct it is given.
            let asked = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) };
            if asked == 0 && size.ws_col > 0 && size.ws_row > 0 {
                return Ok(Size::new(size.ws_col, size.ws_row));
            }
        }
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        ratatui::backend::Backend::flush(&mut self.inner)
    }
}

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
            Terminal::new(WideCellBackend::new(FrameWriter::default()))
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

    /// The terminal turned out to draw ambiguous characters wide (`true`) or not.
    pub fn set_ambiguous_wide(&mut self, wide: bool) {
        set_ambiguous_wide(wide);
        self.terminal.backend_mut().narrow_ambiguous = wide;
    }

    /// Forget what the terminal shows, so the next frame repaints every cell (after a resize,
    /// or when another program has drawn over us).
    pub fn invalidate(&mut self) -> io::Result<()> {
        self.terminal.clear()
    }

    fn present(&mut self) -> io::Result<()> {
        let writer = self.terminal.backend_mut().writer_mut();
        queue!(writer, EndSynchronizedUpdate)?;
        let mut stdout = io::stdout().lock();
        writer.send_to(&mut stdout)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::Backend as _;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn drawn(text: &str) -> String {
        let area = Rect::new(0, 0, 12, 1);
        let mut next = Buffer::empty(area);
        next.set_string(0, 0, text, Style::new());
        let mut backend = WideCellBackend::new(FrameWriter::default());
        backend
            .draw(Buffer::empty(area).diff(&next).into_iter())
            .unwrap();
        String::from_utf8(backend.writer_mut().take()).unwrap()
    }

    #[test]
    fn chinese_text_is_one_run_without_cursor_moves() {
        let out = drawn("柳州市ab，c");
        assert_eq!(out.matches("\u{1b}[1;").count(), 1, "{out:?}");
        assert!(out.contains("柳州市ab，c"), "{out:?}");
    }

    #[test]
    fn ambiguous_characters_leave_as_stand_ins_on_a_wide_terminal() {
        let area = Rect::new(0, 0, 12, 1);
        let mut next = Buffer::empty(area);
        next.set_string(0, 0, "“市”…─a", Style::new());
        let diff = Buffer::empty(area).diff(&next);
        let mut wide = WideCellBackend::for_ambiguous(FrameWriter::default(), true);
        wide.draw(diff.clone().into_iter()).unwrap();
        let out = String::from_utf8(wide.writer_mut().take()).unwrap();
        assert!(out.contains("\"市\"~-a"), "{out:?}");
        let mut narrow = WideCellBackend::for_ambiguous(FrameWriter::default(), false);
        narrow.draw(diff.into_iter()).unwrap();
        let out = String::from_utf8(narrow.writer_mut().take()).unwrap();
        assert!(out.contains("“市”…─a"), "{out:?}");
    }

    /// The backend as it was before it wrote cells itself: bridges and stand-ins as cells
    /// of their own in a list, then ratatui's crossterm backend.
    fn drawn_by_ratatui(diff: Vec<(u16, u16, &Cell)>, narrow: bool) -> Vec<u8> {
        let mut cells: Vec<(u16, u16, Cell)> = Vec::new();
        for (x, y, cell) in diff {
            if let Some((px, py, previous)) = cells.last()
                && *py == y
                && *px + 2 == x
                && settled_wide(previous.symbol())
            {
                let mut bridge = previous.clone();
                bridge.set_symbol("");
                cells.push((px + 1, y, bridge));
            }
            let mut cell = cell.clone();
            if narrow && has_ambiguous(cell.symbol()) {
                let symbol = narrow_ambiguous(cell.symbol()).to_string();
                cell.set_symbol(&symbol);
            }
            cells.push((x, y, cell));
        }
        let mut backend = CrosstermBackend::new(FrameWriter::default());
        backend
            .draw(cells.iter().map(|(x, y, cell)| (*x, *y, cell)))
            .unwrap();
        backend.writer_mut().take()
    }

    proptest::proptest! {
        /// Random screens of Chinese, ASCII, ambiguous and emoji text in random colours and
        /// attributes, drawn over each other: the same bytes as ratatui's backend wrote.
        #[test]
        fn cells_leave_as_ratatuis_backend_wrote_them(
            spans in proptest::collection::vec(
                (0u16..20, 0u16..4, 0usize..8, 0u8..6, 0u8..6, 0u16..0x200, proptest::bool::ANY),
                1..30,
            ),
            split in 0usize..30,
            narrow in proptest::bool::ANY,
        ) {
            use ratatui::style::{Color, Modifier, Style};
            const TEXTS: [&str; 8] = ["柳州市", "ab", "“市”…", "😀x", "，c", "─┐", "d", "한글"];
            const COLORS: [Color; 6] = [
                Color::Reset, Color::Red, Color::Indexed(244), Color::Rgb(1, 2, 3),
                Color::Blue, Color::Gray,
            ];
            let area = Rect::new(0, 0, 20, 4);
            let mut before = Buffer::empty(area);
            let mut after = Buffer::empty(area);
            for (n, (x, y, text, fg, bg, modifier, underline)) in spans.iter().enumerate() {
                let mut style = Style::new()
                    .fg(COLORS[*fg as usize])
                    .bg(COLORS[*bg as usize])
                    .add_modifier(Modifier::from_bits_truncate(*modifier));
                if *underline {
                    style = style.underline_color(COLORS[(*fg as usize + 1) % 6]);
                }
                let buffer = if n < split { &mut before } else { &mut after };
                buffer.set_string(*x, *y, TEXTS[*text], style);
            }
            let diff = before.diff(&after);
            let mut backend = WideCellBackend::for_ambiguous(FrameWriter::default(), narrow);
            backend.draw(diff.clone().into_iter()).unwrap();
            let ours = backend.writer_mut().take();
            let theirs = drawn_by_ratatui(diff, narrow);
            proptest::prop_assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs)
            );
        }
    }

    #[test]
    fn an_emoji_keeps_its_cursor_move() {
        // A terminal may advance one column for it: the next cell is placed explicitly.
        let out = drawn("😀x");
        assert_eq!(out.matches("\u{1b}[1;").count(), 2, "{out:?}");
    }
}
