//! The release binary with a real history (issue 15): the 10,000 sub-task plan and a
//! 100,000-record status file, on a pty of the test's own at 200x50. Its peak resident
//! memory (`VmHWM` of the running process, read from `/proc/PID/status` once the history
//! is loaded and every view has been drawn from it), and how long a key takes to its
//! frame in the Plan, Dashboard and Changes views, and the bytes each frame wrote (printed;
//! `-- --nocapture` shows them). Beside them, Plan ↓ on the bundled Liuzhou plan (a frame
//! of about half a millisecond): what the way through the pty itself costs. Each time is
//! given twice: to the test's thread seeing the frame's end, and to the pty's reader
//! having it (the time a terminal emulator would have it).
//! Plan ↓ is timed twice: ↓ ↑ in turn, and ↓ twenty times onward (a new item each key).
//! `PLANMEET_KEYS_BEFORE=/path/to/an/older/planmeet` runs that build three times alternately with this one on the same files and prints both.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use std::time::{Duration, Instant};

use common::pty::{self, Pty};
use planmeet::store::load_embedded;
use planmeet::synthetic::{self, History, Shape};

const EN: &[(&str, &str)] = &[("LANG", "en_US.UTF-8")];
const DOWN: &[u8] = b"\x1b[B";
const UP: &[u8] = b"\x1b[A";

/// Peak resident memory of a running process, in kB.
fn peak_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line["VmHWM:".len()..]
        .trim()
        .trim_end_matches(" kB")
        .parse()
        .unwrap()
}

/// Everything written after `from`, as the screen shows it at the end.
fn screen(parser: &mut vt100::Parser, pty: &Pty, fed: &mut usize) -> String {
    let bytes = pty.bytes();
    parser.process(&bytes[*fed..]);
    *fed = bytes.len();
    parser.screen().contents()
}

/// How long keys took to their frames, and what the frames wrote.
#[derive(Clone, Copy)]
struct Keys {
    /// From the key written to the test's thread seeing its frame end (median, max ms).
    median: f64,
    max: f64,
    /// From the key written to the pty's reader having the frame's last byte (median, max
    /// ms): what a terminal emulator reading the pty gets, without the test's own wake-up
    /// of its waiting thread.
    read_median: f64,
    read_max: f64,
    /// Median bytes of a frame.
    bytes: usize,
}

impl Keys {
    fn show(&self) -> String {
        format!(
            "{:.2} / {:.2} ms (read by the pty's reader {:.2} / {:.2} ms), {} bytes",
            self.median, self.max, self.read_median, self.read_max, self.bytes
        )
    }
}

/// Each key's time to the end of the frame it caused, and the bytes it wrote.
fn key_to_frame(pty: &mut Pty, keys: &[&[u8]], times: usize) -> Keys {
    let mut spent = Vec::new();
    let mut read = Vec::new();
    let mut written = Vec::new();
    for n in 0..times {
        let from = pty.len();
        let start = Instant::now();
        pty.send(keys[n % keys.len()]);
        let bytes = pty.wait_until(from, "the key's frame", |b| {
            pty::contains(b, pty::FRAME_END)
        });
        spent.push(start.elapsed().as_secs_f64() * 1000.0);
        let end = from + pty::find(&bytes[from..], pty::FRAME_END).unwrap() + pty::FRAME_END.len();
        let arrived = pty.arrived(end - 1).unwrap();
        read.push(arrived.duration_since(start).as_secs_f64() * 1000.0);
        // Let the frame's last bytes arrive before the next key.
        std::thread::sleep(Duration::from_millis(20));
        written.push(pty.len() - from);
    }
    spent.sort_by(f64::total_cmp);
    read.sort_by(f64::total_cmp);
    written.sort_unstable();
    Keys {
        median: spent[spent.len() / 2],
        max: spent[spent.len() - 1],
        read_median: read[read.len() / 2],
        read_max: read[read.len() - 1],
        bytes: written[written.len() / 2],
    }
}

/// What one run of a build measured.
struct Run {
    peak_kb: u64,
    /// Changes ↓, Dashboard ⇄ Changes, Plan ↓ ↑ in turn, and Plan ↓ twenty times (a new
    /// item each time: nothing of its detail or its row was drawn before).
    changes: Keys,
    switch: Keys,
    plan: Keys,
    plan_onward: Keys,
    /// Plan ↓ on the bundled Liuzhou plan, no history: a frame of about half a millisecond,
    /// the rest is the way through the pty (the yardstick for the pty's own cost).
    liuzhou: Keys,
}

impl Run {
    fn print(&self, what: &str) {
        println!(
            "{what}: peak resident memory {:.1} MB; key to frame (median / max, through the \
             pty; median bytes of a frame): Changes ↓ {}, Dashboard ⇄ Changes {}, Plan ↓ ↑ {}, \
             Plan ↓ onward {}; the Liuzhou plan, Plan ↓ {}",
            self.peak_kb as f64 / 1024.0,
            self.changes.show(),
            self.switch.show(),
            self.plan.show(),
            self.plan_onward.show(),
            self.liuzhou.show(),
        );
    }
}

/// `binary` on the bundled plan at 200x50, no history: Plan ↓ in the items pane.
fn liuzhou(binary: &str) -> Keys {
    let mut pty = Pty::planmeet_at(binary, &[], EN, 200, 50);
    pty.wait_frame(0);
    // The terminal probe gives up on a bare pty after its timeout.
    std::thread::sleep(Duration::from_millis(500));
    pty.send(b"\t");
    std::thread::sleep(Duration::from_millis(100));
    let keys = key_to_frame(&mut pty, &[DOWN, UP], 20);
    pty.send(b"q");
    pty.wait_exit();
    keys
}

/// `binary` on a pty at 200x50 with the plan and the status file: the history shown in
/// the Changes view, keys timed in each view, the peak memory read before quitting.
fn run(binary: &str, plan_path: &std::path::Path, status_path: &std::path::Path) -> Run {
    let (cols, rows) = (200, 50);
    let mut pty = Pty::planmeet_at(
        binary,
        &[
            "--plan",
            plan_path.to_str().unwrap(),
            "--status-file",
            status_path.to_str().unwrap(),
        ],
        EN,
        cols,
        rows,
    );
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(rows).unwrap(),
        std::num::NonZeroU16::new(cols).unwrap(),
        0,
    );
    let mut fed = 0;
    // The history is read on its own thread: wait until the Changes view counts it all.
    pty.wait_frame(0);
    pty.send(b"7");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let shown = screen(&mut parser, &pty, &mut fed);
        if shown.contains("100000 steps") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the history never showed in the Changes view:\n{shown}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // Each view drawn with the history in: Plan (into the items), Dashboard, Changes.
    let changes = key_to_frame(&mut pty, &[DOWN, UP], 20);
    pty.send(b"5");
    std::thread::sleep(Duration::from_millis(300));
    let shown = screen(&mut parser, &pty, &mut fed);
    assert!(shown.contains("Targets per programme"), "{shown}");
    let switch = key_to_frame(&mut pty, &[b"5", b"7"], 20);
    pty.send(b"1");
    std::thread::sleep(Duration::from_millis(100));
    pty.send(DOWN);
    std::thread::sleep(Duration::from_millis(100));
    pty.send(b"\t");
    std::thread::sleep(Duration::from_millis(100));
    let plan = key_to_frame(&mut pty, &[DOWN, UP], 20);
    let plan_onward = key_to_frame(&mut pty, &[DOWN], 20);
    let peak_kb = peak_kb(pty.child.id());
    pty.send(b"q");
    pty.wait_exit();
    Run {
        peak_kb,
        changes,
        switch,
        plan,
        plan_onward,
        liuzhou: liuzhou(binary),
    }
}

#[test]
fn a_100k_record_history_fits_in_memory_and_every_view_draws_from_it() {
    let seed = load_embedded().unwrap().plan;
    let plan = synthetic::plan(&seed, Shape::LARGE);
    let records = synthetic::status_records(&seed, &plan, History::LARGE, 7);
    let workload = common::workload::write(&plan, &records);
    let (plan_path, status_path) = (&workload.plan, &workload.status);
    drop(records);
    if let Ok(before) = std::env::var("PLANMEET_KEYS_BEFORE") {
        for round in 1..=3 {
            run(&before, plan_path, status_path).print(&format!("{before}, run {round}"));
            run(common::tmux::BINARY, plan_path, status_path)
                .print(&format!("this build, run {round}"));
        }
    }
    let measured = run(common::tmux::BINARY, plan_path, status_path);
    measured.print("10,000 sub-tasks + 100,000 records at 200x50");
    let (peak, changes) = (measured.peak_kb, measured.changes.median);
    // Goal 120 MB (issue 15), asserted. Measured 118.0–118.6 MB at session 7's end
    // (141.6–141.9 MB before it): records of 200 bytes (their rare fields boxed), notes
    // shared between the records and their state, a key's report texts boxed, the notes'
    // search index prepared on a thread as soon as the history is read. Session 8: 114.1–
    // 114.6 MB, the search indexes' character ids in two bytes. A peak is not load-sensitive,
    // but the search corpus and the notes are prepared on threads while the history is
    // read: the bound leaves 5 MB for that timing. Records of 352 bytes again (100,000 ×
    // 152 bytes, +14.5 MB), a second copy of the log, or glibc's default arenas fail it.
    assert!(
        peak < 120 * 1024,
        "peak resident memory {:.1} MB",
        peak as f64 / 1024.0
    );
    // Not one of those keys waited for a walk over the history (it took 122–140 ms per
    // frame in the Changes view before the index).
    assert!(changes < 60.0, "Changes ↓ took {changes:.1} ms (median)");
}
