//! What planmeet asks the terminal at start: its background (OSC 11, through
//! `terminal-colorsaurus`) and whether it draws East Asian Ambiguous characters two
//! columns wide (an ambiguous character printed at a known place, then the cursor position
//! asked for with CSI 6n).
//!
//! The first frame waits for none of it: it is drawn at once with the defaults (dark,
//! narrow, or what `--theme`, `--ambiguous` and `config.ron` say), while a thread of its
//! own asks before the event loop starts reading keys — it is then the only reader of the
//! terminal, so no reply is lost to another reader, and keys typed while the replies are
//! awaited are handed on. What the terminal says reaches the app as
//! [`Action::TerminalProbed`](crate::app::Action::TerminalProbed) and the screen is
//! repainted whole.
//!
//! Both questions are fenced by a Primary Device Attributes request (DA1, `CSI c`), which
//! nearly every terminal answers, and answers in order: once its reply is in, every reply
//! the terminal will give is in, and none is left in the input queue. The width is asked
//! first: a terminal that answers nothing (a bare pty, an old console) is not asked for its
//! background, whose late reply the input reader would take for keys. Nothing is asked
//! when standard input or output is not a terminal or `TERM` is `dumb` or unset.

use std::io::{self, IsTerminal};
use std::time::Duration;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use crate::ui::theme::Background;

/// How long the probe waits for a terminal that does not answer. Local terminals answer
/// within a few milliseconds; `--theme` and `--ambiguous` skip the questions altogether.
pub const TIMEOUT: Duration = Duration::from_millis(200);

/// What to find out.
#[derive(Debug, Clone, Copy)]
pub struct ProbeRequest {
    pub background: bool,
    pub ambiguous: bool,
    pub timeout: Duration,
}

/// What the terminal told us; `None` where it did not say (or was not asked).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Probed {
    /// From the terminal's answer to OSC 11, else from `COLORFGBG`.
    pub background: Option<Background>,
    /// Whether an ambiguous character moved the cursor two columns.
    pub ambiguous_wide: Option<bool>,
    /// Whether a question went unanswered within the timeout.
    pub timed_out: bool,
}

/// Whether the terminal can be asked at all: standard input and output are a terminal
/// and `TERM` is set and not `dumb`.
pub fn answerable(env: impl Fn(&str) -> Option<String>) -> bool {
    let term = env("TERM").unwrap_or_default();
    !term.is_empty() && term != "dumb" && io::stdin().is_terminal() && io::stdout().is_terminal()
}

/// Ask the terminal what `request` wants to know, while planmeet's screen is up: from a
/// thread of its own, before the event loop reads keys, so it is the only reader of the
/// terminal (raw mode is on already). The first frame never waits for this. Returns what was
/// found and the keys typed while the replies were awaited, which the caller hands on.
/// Never blocks longer than about twice the timeout.
pub fn probe_in_place(request: ProbeRequest) -> (Probed, Vec<Event>) {
    let mut probed = Probed::default();
    let mut typed = Vec::new();
    // The width first, also when only the background is wanted: its replies (CSI 6n, DA1)
    // are ones the terminal input reader knows and drops, should they come after the
    // timeout. The background's reply is not (it would be read as Alt-] and keys), so it
    // is asked only of a terminal that has just shown it answers within the timeout.
    let mut answers = false;
    if request.ambiguous || request.background {
        match measure_ambiguous(request.timeout) {
            Ok((Some(columns), keys)) => {
                answers = true;
                typed = keys;
                if request.ambiguous && !columns.is_empty() {
                    probed.ambiguous_wide = Some(wide_from_columns(&columns));
                }
            }
            Ok((None, keys)) => {
                typed = keys;
                probed.timed_out = true;
            }
            // Where the width cannot be measured (not a Unix terminal), the background
            // is asked all the same.
            Err(_) => answers = !cfg!(unix),
        }
    }
    if request.background && answers {
        let mut options = terminal_colorsaurus::QueryOptions::default();
        options.timeout = request.timeout;
        match terminal_colorsaurus::background_color(options) {
            Ok(color) => {
                probed.background = Some(if color.perceived_lightness() > 0.5 {
                    Background::Light
                } else {
                    Background::Dark
                });
            }
            Err(terminal_colorsaurus::Error::Timeout(_)) => probed.timed_out = true,
            Err(_) => {}
        }
    }
    (probed, typed)
}

/// `COLORFGBG` as rxvt, Konsole and others set it: `fg;bg` or `fg;default;bg`, colour
/// numbers of the 16-colour palette. Light backgrounds are 7 (light grey) and 9–15.
pub fn colorfgbg(value: &str) -> Option<Background> {
    let bg = value.rsplit(';').next()?.trim();
    match bg.parse::<u8>().ok()? {
        0..=6 | 8 => Some(Background::Dark),
        7 | 9..=15 => Some(Background::Light),
        _ => None,
    }
}

/// The two characters measured: a line-drawing one and a geometric one, since some
/// terminals widen only some of the ambiguous characters.
const PROBES: [char; 2] = ['─', '○'];

/// The replies, if they came in time, and the keys typed meanwhile.
type Measured = (Option<Vec<u16>>, Vec<Event>);

/// Print each probe character at the start of a line and ask where the cursor went: the
/// columns reported. All of it goes out in one write that saves the cursor first and
/// restores it last, so a frame being drawn at the same time is not disturbed (frames are
/// single writes too); the probe's cells are blanked in the same write, and the caller
/// repaints the whole screen afterwards. `None`: no answer within `timeout`.
#[cfg(unix)]
fn measure_ambiguous(timeout: Duration) -> io::Result<Measured> {
    use std::io::Write;
    let mut query = String::from("\x1b7");
    for (row, c) in PROBES.iter().enumerate() {
        query.push_str(&format!("\x1b[{};1H{c}\x1b[6n", row + 1));
    }
    for row in 1..=PROBES.len() {
        query.push_str(&format!("\x1b[{row};1H  "));
    }
    query.push_str("\x1b[c\x1b8");
    {
        let mut stdout = io::stdout().lock();
        stdout.write_all(query.as_bytes())?;
        stdout.flush()?;
    }
    let (columns, rest) = read_replies(timeout, PROBES.len());
    Ok((columns, keys_from_bytes(&rest)))
}

#[cfg(not(unix))]
fn measure_ambiguous(_timeout: Duration) -> io::Result<Measured> {
    Err(io::ErrorKind::Unsupported.into())
}

/// A character starting in column 1 leaves the cursor in column 2 when it is narrow, 3
/// when wide.
fn wide_from_columns(columns: &[u16]) -> bool {
    columns.iter().any(|&column| column >= 3)
}

/// Read the cursor-position replies until the DA1 reply closes them, or the timeout; the
/// columns reported, and every byte that was not part of a reply (keys typed meanwhile).
#[cfg(unix)]
fn read_replies(timeout: Duration, expected: usize) -> (Option<Vec<u16>>, Vec<u8>) {
    use std::io::Read;
    use std::os::fd::AsRawFd;
    use std::time::Instant;
    let deadline = Instant::now() + timeout;
    let mut stdin = io::stdin().lock();
    let fd = stdin.as_raw_fd();
    let mut seen = Vec::new();
    loop {
        if let Some(columns) = parse_replies(&seen, expected) {
            return (Some(columns), without_replies(&seen));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || !readable(fd, left) {
            return (None, without_replies(&seen));
        }
        let mut buffer = [0u8; 256];
        match stdin.read(&mut buffer) {
            Ok(0) | Err(_) => return (None, without_replies(&seen)),
            Ok(n) => seen.extend_from_slice(&buffer[..n]),
        }
    }
}

/// `bytes` without the cursor-position and device-attribute replies in it.
fn without_replies(bytes: &[u8]) -> Vec<u8> {
    let mut rest = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0x1b && bytes.get(i + 1) == Some(&b'[') {
            let mut end = i + 2;
            while end < bytes.len() && (0x20..0x40).contains(&bytes[end]) {
                end += 1;
            }
            let params = &bytes[i + 2..end];
            match bytes.get(end) {
                Some(b'R') => {
                    i = end + 1;
                    continue;
                }
                Some(b'c') if params.first() == Some(&b'?') => {
                    i = end + 1;
                    continue;
                }
                _ => {}
            }
        }
        rest.push(bytes[i]);
        i += 1;
    }
    rest
}

/// The keys in bytes typed while the probe awaited its replies, as crossterm would read
/// them: characters, Enter, Tab, Backspace, Esc, Ctrl-letters and the arrow keys. Other
/// escape sequences (rare in the milliseconds the probe takes) are dropped whole.
fn keys_from_bytes(bytes: &[u8]) -> Vec<Event> {
    let text = String::from_utf8_lossy(bytes);
    let mut keys = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let key = match c {
            '\x1b' => match chars.peek() {
                None => Some(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
                Some('[' | 'O') => {
                    chars.next();
                    let mut last = None;
                    for next in chars.by_ref() {
                        if ('\x40'..='\x7e').contains(&next) {
                            last = Some(next);
                            break;
                        }
                    }
                    let code = match last {
                        Some('A') => Some(KeyCode::Up),
                        Some('B') => Some(KeyCode::Down),
                        Some('C') => Some(KeyCode::Right),
                        Some('D') => Some(KeyCode::Left),
                        Some('H') => Some(KeyCode::Home),
                        Some('F') => Some(KeyCode::End),
                        _ => None,
                    };
                    code.map(|code| KeyEvent::new(code, KeyModifiers::NONE))
                }
                Some(_) => {
                    chars.next();
                    None
                }
            },
            '\r' | '\n' => Some(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
            '\t' => Some(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)),
            '\x7f' | '\x08' => Some(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
            '\x01'..='\x1a' => {
                let letter = char::from(b'a' + (c as u8 - 1));
                Some(KeyEvent::new(KeyCode::Char(letter), KeyModifiers::CONTROL))
            }
            c if c.is_control() || c == char::REPLACEMENT_CHARACTER => None,
            c if c.is_uppercase() => Some(KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT)),
            c => Some(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        };
        keys.extend(key.map(Event::Key));
    }
    keys
}

/// Wait until `fd` has input or `timeout` has passed.
#[cfg(unix)]
fn readable(fd: i32, timeout: Duration) -> bool {
    let mut pollfd = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = i32::try_from(timeout.as_millis().max(1)).unwrap_or(i32::MAX);
    // SAFETY: poll reads and writes one pollfd we own, for the length we pass.
    let ready = unsafe { libc::poll(&mut pollfd, 1, millis) };
    ready > 0 && pollfd.revents & libc::POLLIN != 0
}

/// The columns of the cursor-position reports (`ESC [ row ; col R`) in `bytes`, once the
/// DA1 reply (`ESC [ ? … c`) has come after them; `None` while it has not. A terminal that
/// answers DA1 but not CSI 6n gives no columns.
fn parse_replies(bytes: &[u8], expected: usize) -> Option<Vec<u16>> {
    let mut columns = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != 0x1b || bytes[i + 1] != b'[' {
            i += 1;
            continue;
        }
        let start = i + 2;
        let mut end = start;
        while end < bytes.len() && (0x20..0x40).contains(&bytes[end]) {
            end += 1;
        }
        let &last = bytes.get(end)?;
        let params = std::str::from_utf8(&bytes[start..end]).unwrap_or("");
        match last {
            b'R' => {
                if let Some(column) = params
                    .split_once(';')
                    .and_then(|(_, column)| column.parse().ok())
                {
                    columns.push(column);
                }
            }
            b'c' if params.starts_with('?') => {
                return Some(columns.into_iter().take(expected).collect());
            }
            _ => {}
        }
        i = end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorfgbg_names_the_background() {
        assert_eq!(colorfgbg("15;0"), Some(Background::Dark));
        assert_eq!(colorfgbg("0;15"), Some(Background::Light));
        assert_eq!(colorfgbg("0;default;7"), Some(Background::Light));
        assert_eq!(colorfgbg("15;default;8"), Some(Background::Dark));
        assert_eq!(colorfgbg("default;default"), None);
        assert_eq!(colorfgbg(""), None);
    }

    #[test]
    fn replies_are_read_up_to_the_fence() {
        // Narrow: the cursor is in column 2 after each character.
        let narrow = b"\x1b[1;2R\x1b[2;2R\x1b[?62;22c";
        assert_eq!(parse_replies(narrow, 2), Some(vec![2, 2]));
        assert!(!wide_from_columns(&[2, 2]));
        // Wide: column 3.
        assert_eq!(
            parse_replies(b"\x1b[1;3R\x1b[2;3R\x1b[?1;2c", 2),
            Some(vec![3, 3])
        );
        assert!(wide_from_columns(&[3, 3]));
        // Only the circle wide still means wide.
        assert!(wide_from_columns(&[2, 3]));
        // Not yet fenced: keep reading.
        assert_eq!(parse_replies(b"\x1b[1;3R\x1b[2;3R", 2), None);
        assert_eq!(parse_replies(b"\x1b[1;3R\x1b[", 2), None);
        // A terminal that answers DA1 only.
        assert_eq!(parse_replies(b"\x1b[?6c", 2), Some(vec![]));
        assert!(!wide_from_columns(&[]));
        // A key typed meanwhile does not confuse it.
        assert_eq!(
            parse_replies(b"j\x1b[A\x1b[1;2R\x1b[2;3R\x1b[?62c", 2),
            Some(vec![2, 3])
        );
    }

    #[test]
    fn nothing_is_asked_of_a_dumb_terminal() {
        assert!(!answerable(|key| match key {
            "TERM" => Some("dumb".into()),
            _ => None,
        }));
        assert!(!answerable(|_| None));
    }

    #[test]
    fn keys_typed_during_the_probe_are_kept() {
        let rest = without_replies(b"2\x1b[1;3Rj\x1b[2;3R\x1b[A\x1b[?62;22cQ\r\x03");
        assert_eq!(rest, b"2j\x1b[AQ\r\x03");
        let key = |code, modifiers| Event::Key(KeyEvent::new(code, modifiers));
        assert_eq!(
            keys_from_bytes(&rest),
            vec![
                key(KeyCode::Char('2'), KeyModifiers::NONE),
                key(KeyCode::Char('j'), KeyModifiers::NONE),
                key(KeyCode::Up, KeyModifiers::NONE),
                key(KeyCode::Char('Q'), KeyModifiers::SHIFT),
                key(KeyCode::Enter, KeyModifiers::NONE),
                key(KeyCode::Char('c'), KeyModifiers::CONTROL),
            ]
        );
        assert_eq!(
            keys_from_bytes("中".as_bytes()),
            vec![key(KeyCode::Char('中'), KeyModifiers::NONE)]
        );
        assert_eq!(keys_from_bytes(b"\x1b[15~"), vec![]);
    }
}
