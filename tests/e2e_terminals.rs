//! The terminals our users have (issue 18): the release binary on a pty of the test's own
//! that answers planmeet's start-up questions as a given terminal would — the background
//! (OSC 11), the cursor position after an ambiguous character (CSI 6n), device attributes
//! (DA1) — or answers nothing at all. The screen is emulated by `vt100`; a terminal that
//! draws East Asian Ambiguous characters two columns wide is emulated by giving each such
//! character to the emulator as a wide one. Every pane border must line up there, and every
//! colour used must keep 4.5:1 contrast against the background it is drawn on.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use std::time::{Duration, Instant};

use common::pty::{self, Pty};
use planmeet::runtime::probe::TIMEOUT;
use planmeet::text::width::is_ambiguous;
use planmeet::ui::theme::{Background, contrast, xterm_rgb};
use ratatui::style::Color;

const ZH: &[(&str, &str)] = &[("LANG", "zh_CN.UTF-8")];
const EN: &[(&str, &str)] = &[("LANG", "en_US.UTF-8")];

/// How the emulated terminal answers.
#[derive(Debug, Clone, Copy)]
struct Terminal {
    /// Answers at all (a bare pty answers nothing).
    answers: bool,
    background: Background,
    ambiguous_wide: bool,
    /// How long its first answer takes (a slow link).
    delay: Duration,
}

const LIGHT_CJK: Terminal = Terminal {
    answers: true,
    background: Background::Light,
    ambiguous_wide: true,
    delay: Duration::ZERO,
};

const SILENT: Terminal = Terminal {
    answers: false,
    background: Background::Dark,
    ambiguous_wide: false,
    delay: Duration::ZERO,
};

/// A character the wide emulator draws in an ambiguous character's place: two columns.
const WIDE_STAND_IN: char = '〓';

/// planmeet on a pty, the emulated screens of a narrow and of the emulated terminal, and
/// the answers to its questions sent as the terminal would send them.
struct Session {
    pty: Pty,
    terminal: Terminal,
    /// What a terminal drawing ambiguous characters narrow shows.
    narrow: vt100::Parser,
    /// What the emulated terminal shows.
    screen: vt100::Parser,
    fed: usize,
    /// The questions seen: OSC 11, CSI 6n, DA1.
    asked: Vec<&'static str>,
    /// How much planmeet had written when the last answer was sent.
    written_at_last_answer: usize,
}

const QUERIES: [(&str, &[u8]); 3] = [
    ("OSC 11", b"\x1b]11;?"),
    ("CSI 6n", b"\x1b[6n"),
    ("DA1", b"\x1b[c"),
];

impl Session {
    fn start(args: &[&str], env: &[(&str, &str)], terminal: Terminal, size: (u16, u16)) -> Self {
        let (cols, rows) = size;
        let parser = || vt100::Parser::new(nonzero(rows), nonzero(cols), 0);
        Session {
            pty: Pty::planmeet(args, env, cols, rows),
            terminal,
            narrow: parser(),
            screen: parser(),
            fed: 0,
            asked: Vec::new(),
            written_at_last_answer: 0,
        }
    }

    /// Feed the emulators up to `end`; in the wide one every ambiguous character takes
    /// two columns. Called at ASCII boundaries (an escape sequence starts or ends there).
    fn feed(&mut self, end: usize) {
        let bytes = self.pty.bytes()[self.fed..end].to_vec();
        self.narrow.process(&bytes);
        if self.terminal.ambiguous_wide {
            let text = String::from_utf8_lossy(&bytes);
            let widened: String = text
                .chars()
                .map(|c| if is_ambiguous(c) { WIDE_STAND_IN } else { c })
                .collect();
            self.screen.process(widened.as_bytes());
        } else {
            self.screen.process(&bytes);
        }
        self.fed = end;
    }

    /// Read up to the end of the next frame, answering every question on the way.
    fn next_frame(&mut self) {
        loop {
            let bytes = self.pty.wait_until(self.fed, "a question or a frame", |b| {
                QUERIES.iter().any(|(_, q)| pty::contains(b, q)) || pty::contains(b, pty::FRAME_END)
            });
            let rest = &bytes[self.fed..];
            let frame_end = pty::find(rest, pty::FRAME_END).map(|at| at + pty::FRAME_END.len());
            let query = QUERIES
                .iter()
                .filter_map(|(name, q)| pty::find(rest, q).map(|at| (at, *name, q.len())))
                .min();
            match (query, frame_end) {
                (Some((at, name, len)), end) if end.is_none_or(|end| at < end) => {
                    let mut end = self.fed + at + len;
                    if name == "OSC 11" {
                        // Through its terminator (BEL or ST).
                        let tail = self.pty.wait_until(end, "the end of OSC 11", |b| {
                            b.contains(&0x07) || pty::contains(b, b"\x1b\\")
                        });
                        let tail = &tail[end..];
                        end += match tail.iter().position(|&b| b == 0x07) {
                            Some(bel) => bel + 1,
                            None => pty::find(tail, b"\x1b\\").unwrap() + 2,
                        };
                    }
                    self.feed(end);
                    self.asked.push(name);
                    self.answer(name);
                }
                (_, Some(end)) => {
                    self.feed(self.fed + end);
                    return;
                }
                _ => unreachable!(),
            }
        }
    }

    fn answer(&mut self, question: &str) {
        if !self.terminal.answers {
            return;
        }
        if self.asked.len() == 1 {
            std::thread::sleep(self.terminal.delay);
        }
        let reply = match question {
            "OSC 11" => match self.terminal.background {
                Background::Light => "\x1b]11;rgb:ffff/ffff/ffff\x1b\\".to_owned(),
                Background::Dark => "\x1b]11;rgb:0000/0000/0000\x1b\\".to_owned(),
            },
            "CSI 6n" => {
                let (row, col) = self.screen.screen().cursor_position();
                format!("\x1b[{};{}R", row + 1, col + 1)
            }
            _ => "\x1b[?62;22c".to_owned(),
        };
        self.pty.send(reply.as_bytes());
        self.written_at_last_answer = self.pty.len();
    }

    fn text(&self) -> String {
        self.screen.screen().contents()
    }

    /// Frames until the plan is up with its status file read.
    fn wait_ready(&mut self, detail: &str) {
        for _ in 0..50 {
            self.next_frame();
            // As planmeet meant it: on a wide terminal a misaligned line may leave remnants.
            let text = self.narrow.screen().contents();
            if text.contains(detail) && !text.contains("读取中") && !text.contains("reading") {
                return;
            }
        }
        panic!("never ready:\n{}", self.text());
    }

    /// Frames until the probe's `questions` have been asked and answered and the screen
    /// shows `done` (the first frame no longer waits for the answers).
    fn wait_probed(&mut self, questions: usize, done: impl Fn(&Session) -> bool) {
        for _ in 0..50 {
            if self.asked.len() >= questions && done(self) {
                return;
            }
            self.next_frame();
        }
        panic!("asked {:?}, never done:\n{}", self.asked, self.text());
    }

    /// Whether planmeet draws no ambiguous character (its ASCII frames and markers).
    fn drawn_ascii(&self) -> bool {
        !self.narrow.screen().contents().chars().any(is_ambiguous)
    }

    fn keys(&mut self, keys: &[u8]) {
        self.pty.send(keys);
        self.next_frame();
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

/// Each row's cells as text: a blank is a space, the right half of a wide character "".
fn grid(screen: &vt100::Screen) -> Vec<Vec<String>> {
    let (rows, cols) = screen.size();
    (0..rows.get())
        .map(|row| {
            (0..cols.get())
                .map(|col| {
                    let cell = screen.cell(row, col).unwrap();
                    if cell.is_wide_continuation() {
                        String::new()
                    } else if cell.contents().is_empty() {
                        " ".into()
                    } else {
                        cell.contents().to_owned()
                    }
                })
                .collect()
        })
        .collect()
}

/// Every ASCII-framed pane on the screen: its right border must stand in one column from
/// its top corner to its bottom one, and its bottom corners under its top ones. The number
/// of panes, or what is out of line.
fn aligned_panes(screen: &vt100::Screen) -> Result<usize, String> {
    let grid = grid(screen);
    let at = |r: usize, c: usize| grid.get(r).and_then(|row| row.get(c)).map(String::as_str);
    let corner = |s: Option<&str>| matches!(s, Some("+") | Some("#"));
    let vertical = |s: Option<&str>| matches!(s, Some("|") | Some("#"));
    let mut panes = 0;
    for r in 0..grid.len() {
        for c in 0..grid[r].len() {
            // A top-left corner: a corner with a border below and not above, and a line
            // or a title (after a space) to its right, not the end of a line to its left.
            let line = |s: Option<&str>| matches!(s, Some("-") | Some("="));
            if !corner(at(r, c))
                || !vertical(at(r + 1, c))
                || (r > 0 && vertical(at(r - 1, c)))
                || !(line(at(r, c + 1)) || at(r, c + 1) == Some(" "))
                || (c > 0 && line(at(r, c - 1)))
            {
                continue;
            }
            let Some(right) =
                (c + 1..grid[r].len()).find(|&x| corner(at(r, x)) && vertical(at(r + 1, x)))
            else {
                return Err(format!("no top-right corner for the pane at {r},{c}"));
            };
            // The bottom: a corner with a line to its right ('#' is also a side).
            let Some(bottom) =
                (r + 1..grid.len()).find(|&y| corner(at(y, c)) && line(at(y, c + 1)))
            else {
                return Err(format!("the pane at {r},{c} has no bottom"));
            };
            if let Some(y) = (r + 1..bottom).find(|&y| !vertical(at(y, c))) {
                return Err(format!(
                    "the pane at {r},{c}: left border broken in row {y}"
                ));
            }
            if !corner(at(bottom, c)) {
                return Err(format!("the pane at {r},{c}: no bottom-left corner"));
            }
            if let Some(y) = (r + 1..bottom).find(|&y| !vertical(at(y, right))) {
                return Err(format!(
                    "the pane at {r},{c}: right border out of line in row {y}: {:?}",
                    grid[y].concat()
                ));
            }
            if !corner(at(bottom, right)) {
                return Err(format!(
                    "the pane at {r},{c}: bottom-right corner not under the top one: {:?}",
                    grid[bottom].concat()
                ));
            }
            panes += 1;
        }
    }
    Ok(panes)
}

fn rgb(color: vt100::Color, default: (u8, u8, u8)) -> (u8, u8, u8) {
    match color {
        vt100::Color::Default => default,
        vt100::Color::Idx(n) => xterm_rgb(Color::Indexed(n)).unwrap(),
        vt100::Color::Rgb(r, g, b) => (r, g, b),
    }
}

/// Cells (row, col, text, ratio) whose colours have less than 4.5:1 contrast on a
/// terminal with this background; and how many cells carry a colour at all.
fn poor_contrast(
    screen: &vt100::Screen,
    background: Background,
) -> (Vec<(u16, u16, String, f64)>, usize) {
    let (default_fg, default_bg) = match background {
        Background::Dark => ((0xff, 0xff, 0xff), (0, 0, 0)),
        Background::Light => ((0, 0, 0), (0xff, 0xff, 0xff)),
    };
    let (rows, cols) = screen.size();
    let mut poor = Vec::new();
    let mut coloured = 0;
    for row in 0..rows.get() {
        for col in 0..cols.get() {
            let cell = screen.cell(row, col).unwrap();
            let text = cell.contents();
            if text.trim().is_empty() {
                continue;
            }
            let (mut fg, mut bg) = (cell.fgcolor(), cell.bgcolor());
            if cell.inverse() {
                std::mem::swap(&mut fg, &mut bg);
            }
            if fg == vt100::Color::Default && bg == vt100::Color::Default {
                continue;
            }
            coloured += 1;
            let ratio = contrast(rgb(fg, default_fg), rgb(bg, default_bg));
            if ratio < 4.5 {
                poor.push((row, col, text.to_owned(), ratio));
            }
        }
    }
    (poor, coloured)
}

/// Everything planmeet drew after the probe, as text (escape sequences left out).
fn drawn_text(bytes: &[u8]) -> String {
    pty::tokens(bytes)
        .into_iter()
        .filter_map(|token| match token {
            pty::Token::Text(text) => Some(text),
            _ => None,
        })
        .collect()
}

/// Every view, help and presenter mode on `session`: borders in line on the emulated
/// terminal, the same screen as a narrow terminal shows, every colour readable.
fn check_every_view(session: &mut Session, what: &str) {
    let views: [(&str, &[u8]); 9] = [
        ("plan", b"1"),
        ("owners", b"2"),
        ("targets", b"3"),
        ("districts", b"4"),
        ("dashboard", b"5"),
        ("decisions", b"6"),
        ("changes", b"7"),
        ("plan, items focused", b"1\t"),
        ("help", b"?"),
    ];
    let mut panes = 0;
    for (view, keys) in views {
        session.keys(keys);
        let screen = session.screen.screen();
        // The help lies over the panes, cutting their borders: it is checked by the
        // comparison with the narrow terminal's screen only.
        if view != "help" {
            let found = aligned_panes(screen)
                .unwrap_or_else(|e| panic!("{what}, {view}: {e}\n{}", session.text()));
            panes += found;
        }
        assert_eq!(
            session.narrow.screen().contents(),
            session.text(),
            "{what}, {view}: a terminal drawing ambiguous characters wide shows another screen"
        );
        let (poor, coloured) = poor_contrast(screen, session.terminal.background);
        assert!(
            poor.is_empty(),
            "{what}, {view}: colours under 4.5:1: {poor:?}\n{}",
            session.text()
        );
        assert!(coloured > 0, "{what}, {view}: no colour at all");
    }
    session.keys(b"?");
    assert!(panes >= 9, "{what}: only {panes} framed panes found");
}

#[test]
fn a_light_cjk_terminal_gets_the_light_palette_and_frames_in_line() {
    let true_colour: &[(&str, &str)] = &[("LANG", "zh_CN.UTF-8"), ("COLORTERM", "truecolor")];
    let basic: &[(&str, &str)] = &[("LANG", "en_US.UTF-8"), ("TERM", "xterm")];
    for (env, size, detail, accent) in [
        (ZH, (120, 40), "详情", vt100::Color::Idx(25)),
        (
            basic,
            (80, 24),
            "General requirements",
            vt100::Color::Idx(4),
        ),
        (
            true_colour,
            (100, 30),
            "总体要求",
            vt100::Color::Rgb(0x0b, 0x5c, 0xad),
        ),
    ] {
        let what = format!("{env:?} at {}x{}", size.0, size.1);
        let mut session = Session::start(&[], env, LIGHT_CJK, size);
        session.wait_ready(detail);
        // Once the terminal has answered, the screen is repainted with ASCII frames and
        // markers (the first frame did not wait for the answers).
        session.wait_probed(5, Session::drawn_ascii);
        assert_eq!(session.asked, ["CSI 6n", "CSI 6n", "DA1", "OSC 11", "DA1"]);
        // The light palette: the focused pane's border in its accent.
        let accent = (0..size.0)
            .any(|col| session.screen.screen().cell(1, col).unwrap().fgcolor() == accent);
        assert!(accent, "{what}: no light accent in\n{}", session.text());
        // Nothing more arrives: no reply was taken for a key.
        let idle = session.pty.len();
        std::thread::sleep(Duration::from_millis(500));
        assert_eq!(session.pty.len(), idle, "{what}: a frame nobody asked for");
        check_every_view(&mut session, &what);
        // Presenter mode on a known light background: the terminal's own background.
        session.keys(b"1P");
        let (poor, coloured) = poor_contrast(session.screen.screen(), Background::Light);
        assert!(
            poor.is_empty() && coloured > 0,
            "{what}, presenter: {poor:?}"
        );
    }
}

#[test]
fn the_checks_see_what_the_overrides_turn_off() {
    // The same terminal told it is narrow and dark: lines pushed out of alignment, and
    // colours unreadable on white. The checks above would fail here.
    let mut session = Session::start(
        &["--ambiguous", "narrow", "--theme", "dark"],
        ZH,
        LIGHT_CJK,
        (120, 40),
    );
    session.wait_ready("详情");
    assert!(session.asked.is_empty(), "asked {:?}", session.asked);
    assert_ne!(session.narrow.screen().contents(), session.text());
    let (poor, _) = poor_contrast(session.screen.screen(), Background::Light);
    assert!(!poor.is_empty(), "{}", session.text());
    // `--ascii` alone keeps the frame in line, the text's own “ ” … would still not be.
    let mut session = Session::start(&["--ambiguous", "wide"], ZH, LIGHT_CJK, (120, 40));
    session.wait_ready("详情");
    // Until the answers' repaint (the light palette's accent on the focused pane's
    // border), the screen may still show the probe's blanked cells over the first frame.
    session.wait_probed(5, |session| {
        let screen = session.screen.screen();
        (0..120).any(|col| screen.cell(1, col).unwrap().fgcolor() == vt100::Color::Idx(25))
    });
    assert_eq!(session.asked, ["CSI 6n", "CSI 6n", "DA1", "OSC 11", "DA1"]);
    let aligned = aligned_panes(session.screen.screen());
    assert!(
        aligned.as_ref().is_ok_and(|&n| n >= 3),
        "{aligned:?}\n{}",
        session.text()
    );
}

/// Milliseconds from start to the first frame, and the session.
fn first_frame_ms(args: &[&str], env: &[(&str, &str)]) -> (u128, Session) {
    let started = Instant::now();
    let mut session = Session::start(args, env, SILENT, (80, 24));
    session.next_frame();
    (started.elapsed().as_millis(), session)
}

#[test]
fn a_terminal_that_never_answers_starts_as_fast_as_without_the_probe() {
    let runs = 5;
    let mut forced = Vec::new();
    let mut probed = Vec::new();
    let mut dumb = Vec::new();
    for _ in 0..runs {
        let (ms, session) = first_frame_ms(&["--theme", "dark", "--ambiguous", "narrow"], EN);
        assert!(session.asked.is_empty(), "{:?}", session.asked);
        forced.push(ms);
        let (ms, session) = first_frame_ms(&[], EN);
        probed.push(ms);
        // The width was asked (before or after the first frame); it times out, and the
        // background is then not asked at all.
        let bytes = session
            .pty
            .wait_until(0, "the probe's questions", |b| pty::contains(b, b"\x1b[c"));
        assert!(pty::contains(&bytes, b"\x1b[6n"));
        std::thread::sleep(TIMEOUT + Duration::from_millis(200));
        assert!(!pty::contains(&session.pty.bytes(), b"\x1b]11;?"));
        let mut env = EN.to_vec();
        env.push(("TERM", "dumb"));
        let (ms, session) = first_frame_ms(&[], &env);
        assert!(
            session.asked.is_empty(),
            "TERM=dumb was asked {:?}",
            session.asked
        );
        std::thread::sleep(Duration::from_millis(100));
        assert!(!pty::contains(&session.pty.bytes(), b"\x1b[6n"));
        dumb.push(ms);
    }
    for list in [&mut forced, &mut probed, &mut dumb] {
        list.sort_unstable();
    }
    let median = |list: &[u128]| list[list.len() / 2];
    println!(
        "first frame on a terminal that never answers, median of {runs}: {} ms with \
         --theme dark --ambiguous narrow, {} ms probing (timeout {} ms), {} ms with TERM=dumb \
         (all: {forced:?} / {probed:?} / {dumb:?})",
        median(&forced),
        median(&probed),
        TIMEOUT.as_millis(),
        median(&dumb)
    );
    let cost = median(&probed).saturating_sub(median(&forced));
    assert!(cost <= 50, "the probe delayed the first frame by {cost} ms");
    assert!(median(&dumb) < median(&forced) + 50);
}

#[test]
fn a_slow_terminal_switches_palette_and_glyphs_when_it_answers() {
    // A slow link: the answers come after the first frame, within the timeout.
    let slow = Terminal {
        delay: Duration::from_millis(120),
        ..LIGHT_CJK
    };
    let mut session = Session::start(&[], ZH, slow, (120, 40));
    // A key typed at once, while the probe awaits its answers, is not lost.
    session.pty.send(b"2");
    let bytes = session
        .pty
        .wait_until(0, "the first frame", |b| pty::contains(b, pty::FRAME_END));
    // The first frame did not wait: the defaults (narrow, so the heavy frame corners).
    let first = &bytes[..pty::find(&bytes, pty::FRAME_END).unwrap()];
    assert!(drawn_text(first).contains('┏'), "{}", drawn_text(first));
    session.wait_ready("责任单位");
    // After the answers: ASCII frames and markers, the light palette, every pane in line.
    session.wait_probed(5, Session::drawn_ascii);
    assert_eq!(session.asked, ["CSI 6n", "CSI 6n", "DA1", "OSC 11", "DA1"]);
    assert!(aligned_panes(session.screen.screen()).unwrap() >= 1);
    assert_eq!(session.narrow.screen().contents(), session.text());
    let (poor, coloured) = poor_contrast(session.screen.screen(), Background::Light);
    assert!(
        poor.is_empty() && coloured > 0,
        "{poor:?}\n{}",
        session.text()
    );
}

#[test]
fn presenter_on_an_unknown_background_is_light() {
    let mut session = Session::start(&[], ZH, SILENT, (120, 40));
    session.wait_ready("详情");
    // Unknown background: the browser is drawn for dark (checked on black) …
    let (poor, _) = poor_contrast(session.screen.screen(), Background::Dark);
    assert!(poor.is_empty(), "{poor:?}");
    session.keys(b"P");
    // … the presenter paints white under dark text, whatever the terminal's background.
    let screen = session.screen.screen();
    let (rows, cols) = screen.size();
    for row in 0..rows.get() {
        for col in 0..cols.get() {
            let cell = screen.cell(row, col).unwrap();
            if cell.is_wide_continuation() {
                continue;
            }
            let bg = cell.bgcolor();
            assert_eq!(
                bg,
                vt100::Color::Idx(231),
                "{row},{col}\n{}",
                session.text()
            );
        }
    }
    for background in [Background::Dark, Background::Light] {
        let (poor, coloured) = poor_contrast(screen, background);
        assert!(poor.is_empty() && coloured > 0, "{poor:?}");
    }
}

#[test]
fn no_color_wins_and_the_width_is_still_measured() {
    let mut env = ZH.to_vec();
    env.push(("NO_COLOR", "1"));
    let mut session = Session::start(&[], &env, LIGHT_CJK, (80, 24));
    session.wait_ready("总体要求");
    session.wait_probed(3, Session::drawn_ascii);
    assert_eq!(session.asked, ["CSI 6n", "CSI 6n", "DA1"]);
    assert!(aligned_panes(session.screen.screen()).unwrap() >= 1);
    assert_eq!(session.narrow.screen().contents(), session.text());
    let (_, coloured) = poor_contrast(session.screen.screen(), Background::Light);
    assert_eq!(coloured, 0, "{}", session.text());
}

#[test]
fn answers_after_the_timeout_are_never_read_as_keys() {
    // A slow link: the answers come well after the probe gave up, and after planmeet
    // has drawn its first frames and read its status file.
    let slow = Terminal {
        delay: Duration::from_millis(1500),
        ..LIGHT_CJK
    };
    let mut session = Session::start(&[], ZH, slow, (120, 40));
    session.wait_ready("详情");
    // The background was not asked of a terminal that had not answered in time: its
    // reply is one the input reader would take for keys. It is drawn as unknown (dark),
    // narrow, and the late cursor reports and device attributes change nothing: no frame
    // is drawn after them.
    assert_eq!(session.asked, ["CSI 6n", "CSI 6n", "DA1"]);
    std::thread::sleep(Duration::from_millis(500));
    let after = session.pty.len();
    assert_eq!(
        after,
        session.written_at_last_answer,
        "planmeet drew after the late answers: {:?}",
        String::from_utf8_lossy(&session.pty.bytes()[session.written_at_last_answer..])
    );
    // Everything written so far (the repaint after the probe's timeout among it).
    session.feed(after);
    let text = session.narrow.screen().contents();
    assert!(text.contains("┏ 目录"), "{text}");
    // And keys still work as keys.
    session.keys(b"2");
    assert!(session.narrow.screen().contents().contains("责任单位"));
}

#[test]
fn config_ron_sets_the_theme_and_the_width_and_then_nothing_is_asked() {
    let config = tempfile::tempdir().unwrap();
    std::fs::write(
        config.path().join("config.ron"),
        "(lang: \"zh\", theme: \"light\", ambiguous: \"wide\")",
    )
    .unwrap();
    let dir = config.path().to_str().unwrap();
    let env = [("LANG", "zh_CN.UTF-8"), ("PLANMEET_CONFIG_DIR", dir)];
    // A terminal that would say dark and narrow, were it asked.
    let dark_narrow = Terminal {
        background: Background::Dark,
        ambiguous_wide: false,
        ..LIGHT_CJK
    };
    let mut session = Session::start(&[], &env, dark_narrow, (120, 40));
    session.wait_ready("详情");
    assert!(session.asked.is_empty(), "asked {:?}", session.asked);
    assert!(aligned_panes(session.screen.screen()).unwrap() >= 3);
    let accent = (0..120).any(|col| {
        session.screen.screen().cell(1, col).unwrap().fgcolor() == vt100::Color::Idx(25)
    });
    assert!(accent, "{}", session.text());
    // The command line wins over the file.
    let mut session = Session::start(&["--theme", "dark"], &env, dark_narrow, (120, 40));
    session.wait_ready("详情");
    assert!(session.asked.is_empty(), "asked {:?}", session.asked);
    let accent = (0..120).any(|col| {
        session.screen.screen().cell(1, col).unwrap().fgcolor() == vt100::Color::Idx(74)
    });
    assert!(accent, "{}", session.text());
}
