//! Hostile text in the data: a plan and a status file whose titles, bodies, unit names,
//! notes and authors carry terminal escape sequences (clear screen, window title, clipboard
//! write, hyperlink), a C1 CSI, BEL, backspaces, carriage returns, a bidi override and
//! zero-width characters. The raw bytes planmeet writes to its pty — the full-screen
//! browser and every command that prints plan or status text — must contain none of them,
//! only planmeet's own cursor, colour and mode sequences.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::pty::{self, Pty, Token};
use common::tmux::BINARY;

/// Every trick at once: CSI 2J, OSC 0 (title), OSC 52 (clipboard), OSC 8 (link, ST-ended),
/// C1 CSI (U+009B), BEL, backspaces, a bare CR, RLO … PDF, ZWSP, ZWJ, WJ, BOM.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\
                       \u{1b}]8;;http://evil.example/\u{1b}\\link\u{1b}]8;;\u{1b}\\\
                       \u{9b}31m\u{7}\u{8}\u{8}\rX\u{202e}evil\u{202c}zero\u{200b}wi\u{200d}d\u{2060}th\u{feff}";

/// Characters that must never reach the terminal (C0 other than LF/CR are tokens already).
fn forbidden_char(c: char) -> bool {
    matches!(c,
        '\u{80}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{2060}'
        | '\u{feff}'
        | '\u{061c}')
}

/// Mode switches planmeet itself makes: alternate screen, synchronized output, bracketed
/// paste, cursor visibility, mouse reporting.
const OWN_MODES: &[&str] = &[
    "?1049", "?2026", "?2004", "?25", "?1000", "?1002", "?1003", "?1006", "?1015",
];

/// Everything in `bytes` that is not text or one of planmeet's own sequences. `screen`:
/// the full-screen browser (cursor moves, SGR, modes); otherwise plain command output.
fn violations(bytes: &[u8], screen: bool) -> Vec<String> {
    let mut found = Vec::new();
    // The start-up probe's own write, whole (its ESC 7 / ESC 8 would otherwise read as
    // bare escapes): it is planmeet's, not the data's.
    let probe = "\x1b7\x1b[1;1H─\x1b[6n\x1b[2;1H○\x1b[6n\x1b[1;1H  \x1b[2;1H  \x1b[c\x1b8";
    let mut rest = bytes.to_vec();
    if screen && let Some(at) = pty::find(&rest, probe.as_bytes()) {
        rest.drain(at..at + probe.len());
    }
    let bytes = &rest[..];
    for token in pty::tokens(bytes) {
        match token {
            Token::Text(text) => {
                for c in text.chars().filter(|&c| forbidden_char(c)) {
                    found.push(format!("character U+{:04X}", c as u32));
                }
                // The tty turns LF into CR LF; any other CR came from the data.
                if text.replace("\r\n", "").contains('\r') {
                    found.push("a carriage return".into());
                }
            }
            Token::Csi(params, final_byte) => {
                let own = screen
                    && match final_byte {
                        'H' | 'm' => params.bytes().all(|b| b.is_ascii_digit() || b == b';'),
                        'h' | 'l' => OWN_MODES.contains(&params.as_str()),
                        // The start-up probe: cursor position and device attributes.
                        'n' => params == "6",
                        'c' => params.is_empty(),
                        // The whole screen cleared, for the repaint after the probe.
                        'J' => params == "2",
                        _ => false,
                    };
                if !own {
                    found.push(format!("CSI {params}{final_byte}"));
                }
            }
            Token::Other(raw) => found.push(format!("{raw:?}")),
        }
    }
    let mut unique = Vec::new();
    for v in found {
        if !unique.contains(&v) {
            unique.push(v);
        }
    }
    unique
}

/// The bundled plan with the hostile text in a sub-task's title and body, a target's
/// measure and a unit's name.
fn hostile_plan(dir: &Path) -> PathBuf {
    let plan = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/liuzhou-2021-2023.ron"),
    )
    .unwrap();
    // RON strings take control characters as they are; only \ and " need escaping.
    let ron = HOSTILE.replace('\\', "\\\\").replace('"', "\\\"");
    let mut replaced = 0;
    let mut plan = plan;
    for (from, to) in [
        (
            "title: \"建设高水平创新平台\"".to_owned(),
            format!("title: \"建设高水平创新平台{ron}\""),
        ),
        (
            "body: \"积极培育".to_owned(),
            format!("body: \"{ron}积极培育"),
        ),
        (
            "measure: \"建成自治区级以上技术创新平台\"".to_owned(),
            format!("measure: \"建成自治区级以上技术创新平台{ron}\""),
        ),
        (
            "name: \"市科技局\"".to_owned(),
            format!("name: \"市科技局{ron}\""),
        ),
    ] {
        assert!(plan.contains(&from), "{from} is in the bundled plan");
        plan = plan.replacen(&from, &to, 1);
        replaced += 1;
    }
    assert_eq!(replaced, 4);
    let path = dir.join("hostile.ron");
    std::fs::write(&path, plan).unwrap();
    path
}

/// A status file with the hostile text as a note and as the author, made with the CLI.
fn hostile_status(dir: &Path, plan: &Path) -> PathBuf {
    let status = dir.join("hostile.status.ron");
    let output = Command::new(BINARY)
        .args([
            "status", "set", "p1.t1", "--owner", "kjj", "--status", "at-risk",
        ])
        .args(["--note", &format!("人才公寓{HOSTILE}\n未交付")])
        .args(["--author", &format!("王芳{HOSTILE}")])
        .arg("--plan")
        .arg(plan)
        .arg("--status-file")
        .arg(&status)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    status
}

struct Files {
    _dir: tempfile::TempDir,
    plan: PathBuf,
    status: PathBuf,
}

fn files() -> Files {
    let dir = tempfile::tempdir().unwrap();
    let plan = hostile_plan(dir.path());
    let status = hostile_status(dir.path(), &plan);
    Files {
        _dir: dir,
        plan,
        status,
    }
}

/// Run a command on a pty; everything it wrote to the terminal (stdout and stderr).
fn on_a_terminal(args: &[&str], files: &Files) -> Vec<u8> {
    let mut all: Vec<&str> = args.to_vec();
    let (plan, status) = (files.plan.to_str().unwrap(), files.status.to_str().unwrap());
    all.extend(["--plan", plan, "--status-file", status]);
    let mut pty = Pty::planmeet(&all, &[("LANG", "zh_CN.UTF-8")], 200, 50);
    pty.wait_exit();
    pty.wait_closed()
}

/// The same command into a pipe: the data as it is (the hostile bytes are really there).
fn into_a_pipe(args: &[&str], files: &Files) -> Vec<u8> {
    let output = Command::new(BINARY)
        .args(args)
        .arg("--plan")
        .arg(&files.plan)
        .arg("--status-file")
        .arg(&files.status)
        .output()
        .unwrap();
    output.stdout
}

#[test]
fn command_line_output_on_a_terminal_is_neutralised() {
    let files = files();
    let commands: &[&[&str]] = &[
        &["show", "p1.t1"],
        &["show", "kjj"],
        &["show", "p1.t1.g1"],
        &["owners"],
        &["export", "--format", "md"],
        &["export", "--format", "json"],
        &["export", "--format", "csv"],
        &["status", "show"],
        &["status", "show", "--format", "json"],
        &["status", "log"],
        &["status", "log", "--format", "json"],
        &["validate"],
        // An unknown id made of the hostile text is echoed in the error message.
        &["show", HOSTILE],
    ];
    let mut failures = Vec::new();
    for args in commands {
        let bytes = on_a_terminal(args, &files);
        assert!(!bytes.is_empty(), "{args:?} printed something");
        let found = violations(&bytes, false);
        if !found.is_empty() {
            failures.push(format!("planmeet {args:?}: {found:?}"));
        }
    }
    assert!(failures.is_empty(), "leaks:\n{}", failures.join("\n"));

    // The data does carry the sequences: into a pipe, `show` and `status log` pass them on.
    for args in [&["show", "p1.t1"][..], &["status", "log"]] {
        let raw = into_a_pipe(args, &files);
        assert!(
            pty::contains(&raw, b"\x1b]52;c;"),
            "{args:?} into a pipe is the data as it is"
        );
    }
    // The Markdown export escapes Markdown's own characters (`]` → `\]`, as every export
    // does) and keeps the rest, control characters included.
    let raw = into_a_pipe(&["export", "--format", "md"], &files);
    assert!(
        pty::contains(&raw, b"\x1b\\]52;c;"),
        "export --format md into a pipe is the data, escaped for Markdown only"
    );
    // … and the check above would have caught it.
    let caught = violations(&into_a_pipe(&["show", "p1.t1"], &files), false);
    for sequence in [
        "CSI 2J",
        "[27]",
        "[7]",
        "[8]",
        "a carriage return",
        "character U+009B",
        "character U+202E",
        "character U+200B",
    ] {
        assert!(
            caught.iter().any(|v| v == sequence),
            "{sequence} is caught in {caught:?}"
        );
    }
}

#[test]
fn the_browser_draws_hostile_items_inertly() {
    let files = files();
    let (cols, rows) = (120, 40);
    let mut pty = Pty::planmeet(
        &[
            "--plan",
            files.plan.to_str().unwrap(),
            "--status-file",
            files.status.to_str().unwrap(),
        ],
        &[("LANG", "zh_CN.UTF-8")],
        cols,
        rows,
    );
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(rows).unwrap(),
        std::num::NonZeroU16::new(cols).unwrap(),
        0,
    );
    let mut fed = 0;
    let mut step = |pty: &mut Pty, keys: &[u8], expect: &str| {
        pty.send(keys);
        loop {
            let end = pty.wait_frame(fed);
            parser.process(&pty.bytes()[fed..end]);
            fed = end;
            if parser.screen().contents().contains(expect) {
                return parser.screen().contents();
            }
        }
    };
    step(&mut pty, b"", "详情");
    // Programme 一, into its items: the hostile sub-task is selected and shown in full.
    step(&mut pty, b"\x1b[B", "（一）科技创新能力提升工程");
    // (vt100 does not draw U+FFFD, so the screens it shows lack the replacement marks.)
    step(&mut pty, b"\t", "一.1 · ");
    assert!(
        pty::contains(&pty.bytes(), "\u{fffd}[2J\u{fffd}]0;pwned".as_bytes()),
        "the hostile title is drawn, its ESC as U+FFFD"
    );
    // The detail to its end: the units, the hostile one among them (the lead's name wraps
    // like any other text, so its hostile tail may start the next line).
    step(&mut pty, b"\tG", "★ 市科技局");
    // Owners: the hostile unit selected, its items beside it.
    step(&mut pty, b"2", "市委政法委");
    step(&mut pty, b"\x1b[B\x1b[B", "市科技局[2J");
    // Targets, with the hostile measure's source below when selected.
    step(&mut pty, b"3", "出处 · ");
    // A search for the hostile unit by its pinyin initials.
    step(&mut pty, b"1/kjj", "/kjj");
    // Esc and q apart: sent together they would read as Alt-q.
    step(&mut pty, b"\x1b", "/ 搜索");
    pty.send(b"q");
    pty.wait_exit();
    let bytes = pty.wait_closed();
    let found = violations(&bytes, true);
    assert!(found.is_empty(), "the browser wrote {found:?}");
    // The hostile text was drawn: its sanitised form is in the output.
    assert!(pty::contains(&bytes, "\u{fffd}]52;c;".as_bytes()));
}
