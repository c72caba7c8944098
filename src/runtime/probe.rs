//! What planmeet asks the terminal at start, before it takes the screen: its background
//! (OSC 11, through `terminal-colorsaurus`) and whether it draws East Asian Ambiguous
//! characters two columns wide (an ambiguous character printed at a known place, then the
//! cursor position asked for with CSI 6n).
//!
//! Both questions are fenced by a Primary Device Attributes request (DA1, `CSI c`), which
//! nearly every terminal answers, and answers in order: once its reply is in, every reply
//! the terminal will give is in, and none is left for the input thread (which starts only
//! after the probe). The width is asked first: a terminal that answers nothing (a bare
//! pty, an old console) costs its timeout once and is not asked for its background, whose
//! late reply the input reader would take for keys. Nothing is asked when standard input
//! or output is not a terminal or `TERM` is `dumb` or unset.
//! The probe draws on the alternate screen, which it leaves again, so nothing of it shows.

use std::io::{self, IsTerminal};
use std::time::Duration;

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

/// Ask the terminal what `request` wants to know. Never blocks longer than about the
/// timeout, and leaves the terminal as it found it.
pub fn probe(request: ProbeRequest, env: impl Fn(&str) -> Option<String>) -> Probed {
    let mut probed = Probed::default();
    let term = env("TERM").unwrap_or_default();
    let answerable = !term.is_empty()
        && term != "dumb"
        && io::stdin().is_terminal()
        && io::stdout().is_terminal();
    // The width first, also when only the background is wanted: its replies (CSI 6n, DA1)
    // are ones the terminal input reader knows and drops, should they come after the
    // timeout. The background's reply is not (it would be read as Alt-] and keys), so it
    // is asked only of a terminal that has just shown it answers within the timeout.
    let mut answers = false;
    if answerable && (request.ambiguous || request.background) {
        match measure_ambiguous(request.timeout) {
            Ok(Some(columns)) => {
                answers = true;
                if request.ambiguous && !columns.is_empty() {
                    probed.ambiguous_wide = Some(wide_from_columns(&columns));
                }
            }
            Ok(None) => probed.timed_out = true,
            // Where the width cannot be measured (not a Unix terminal), the background
            // is asked all the same.
            Err(_) => answers = !cfg!(unix),
        }
    }
    if request.background {
        if answers {
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
        if probed.background.is_none() {
            probed.background = env("COLORFGBG").as_deref().and_then(colorfgbg);
        }
    }
    probed
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

/// Print each probe character at the start of a line of the alternate screen and ask
/// where the cursor went: the columns reported. `Ok(None)`: no answer within `timeout`.
#[cfg(unix)]
fn measure_ambiguous(timeout: Duration) -> io::Result<Option<Vec<u16>>> {
    use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode};
    use std::io::Write;
    enable_raw_mode()?;
    let result = (|| -> io::Result<Option<Vec<u16>>> {
        let mut query = String::from("\x1b[?1049h\x1b[?25l");
        for (row, c) in PROBES.iter().enumerate() {
            query.push_str(&format!("\x1b[{};1H{c}\x1b[6n", row + 1));
        }
        query.push_str("\x1b[c");
        let mut stdout = io::stdout().lock();
        stdout.write_all(query.as_bytes())?;
        stdout.flush()?;
        let replies = read_replies(timeout, PROBES.len());
        // Whatever happened, the screen goes back as it was: the probe's cells blanked
        // (for a console without an alternate screen), the main screen back.
        stdout.write_all(b"\x1b[1;1H  \x1b[2;1H  \x1b[?25h\x1b[?1049l")?;
        stdout.flush()?;
        Ok(replies)
    })();
    let restored = disable_raw_mode();
    let answer = result?;
    restored?;
    Ok(answer)
}

#[cfg(not(unix))]
fn measure_ambiguous(_timeout: Duration) -> io::Result<Option<Vec<u16>>> {
    Err(io::ErrorKind::Unsupported.into())
}

/// A character starting in column 1 leaves the cursor in column 2 when it is narrow, 3
/// when wide.
fn wide_from_columns(columns: &[u16]) -> bool {
    columns.iter().any(|&column| column >= 3)
}

/// Read the cursor-position replies until the DA1 reply closes them, or the timeout; the
/// columns reported. Bytes typed meanwhile are dropped (the probe takes milliseconds).
#[cfg(unix)]
fn read_replies(timeout: Duration, expected: usize) -> Option<Vec<u16>> {
    use std::io::Read;
    use std::os::fd::AsRawFd;
    use std::time::Instant;
    let deadline = Instant::now() + timeout;
    let mut stdin = io::stdin().lock();
    let fd = stdin.as_raw_fd();
    let mut seen = Vec::new();
    loop {
        if let Some(columns) = parse_replies(&seen, expected) {
            return Some(columns);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || !readable(fd, left) {
            return None;
        }
        let mut buffer = [0u8; 256];
        match stdin.read(&mut buffer) {
            Ok(0) | Err(_) => return None,
            Ok(n) => seen.extend_from_slice(&buffer[..n]),
        }
    }
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
    use std::time::Instant;

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
        let started = Instant::now();
        let request = ProbeRequest {
            background: true,
            ambiguous: true,
            timeout: Duration::from_secs(5),
        };
        let probed = probe(request, |key| match key {
            "TERM" => Some("dumb".into()),
            "COLORFGBG" => Some("0;15".into()),
            _ => None,
        });
        assert!(started.elapsed() < Duration::from_secs(1));
        assert_eq!(probed.background, Some(Background::Light));
        assert_eq!(probed.ambiguous_wide, None);
        assert!(!probed.timed_out);
    }
}
