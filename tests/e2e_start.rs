//! Start to first frame of the release binary on a pty of the test's own at 200x50
//! (issue 15): the 10,000 sub-task plan given with `--plan` and a 100,000-record status
//! file (read after the first frame). The first start reads the plan's RON and writes the
//! plan cache; the next ones read the cache and draw the same first screen. The times are
//! printed (`-- --nocapture`); `PLANMEET_START_SIZES=1000,10000,50000` measures other plan
//! sizes, and `PLANMEET_START_BEFORE=/path/to/an/older/planmeet` alternates its starts with
//! this build's, for before/after figures taken in the same minutes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use common::pty::{self, Pty};
use planmeet::store::load_embedded;
use planmeet::synthetic::{self, History, Shape};

const COLS: u16 = 200;
const ROWS: u16 = 50;

/// CPU time the process's main thread has had, in milliseconds (`/proc/PID/task/PID/
/// schedstat`, nanoseconds on the CPU): a figure the other work on the machine does not
/// stretch, as it does the wall time. None where the kernel does not say.
fn main_thread_cpu(pid: u32) -> Option<f64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/schedstat")).ok()?;
    let nanoseconds: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanoseconds / 1e6)
}

/// A start of `binary`: milliseconds from starting it to the end of its first frame, the
/// CPU time its main thread had by then (read as the frame is seen: the main thread then
/// waits for the status file's history, read on a thread of its own), and that frame's
/// screen.
fn start(binary: &str, plan: &Path, status: &Path, home: &Path) -> (f64, Option<f64>, String) {
    let mut command = Command::new(binary);
    command
        .args([
            "--plan",
            plan.to_str().unwrap(),
            "--status-file",
            status.to_str().unwrap(),
        ])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home)
        .env("TERM", "xterm-256color")
        .env("USER", "tester")
        .env("LANG", "en_US.UTF-8")
        .env("PLANMEET_CONFIG_DIR", home.join("config"))
        .env("PLANMEET_DATA_DIR", home.join("data"))
        .env("PLANMEET_CACHE_DIR", home.join("cache"));
    let started = Instant::now();
    let mut pty = Pty::spawn(command, COLS, ROWS);
    let end = pty.wait_frame(0);
    let spent = started.elapsed().as_secs_f64() * 1000.0;
    let cpu = main_thread_cpu(pty.child.id());
    let bytes = pty.bytes();
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(ROWS).unwrap(),
        std::num::NonZeroU16::new(COLS).unwrap(),
        0,
    );
    let first = pty::find(&bytes, pty::FRAME_END).unwrap() + pty::FRAME_END.len();
    assert!(first <= end);
    parser.process(&bytes[..first]);
    let screen = parser.screen().contents();
    pty.send(b"q");
    assert!(pty.wait_exit().success());
    (spent, cpu, screen)
}

fn median(mut times: Vec<f64>) -> (f64, f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[0], times[times.len() / 2], times[times.len() - 1])
}

#[test]
fn a_cached_plan_starts_with_the_same_first_frame() {
    let sizes: Vec<usize> = std::env::var("PLANMEET_START_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000]);
    let before = std::env::var("PLANMEET_START_BEFORE").ok();
    let runs = 5;
    let seed = load_embedded().unwrap().plan;
    for tasks in sizes {
        let plan = synthetic::plan(
            &seed,
            Shape {
                tasks,
                targets: tasks / 5,
                ..Shape::LARGE
            },
        );
        let records = synthetic::status_records(&seed, &plan, History::LARGE, 7);
        let workload = common::workload::write(&plan, &records);
        let (dir, plan_path, status_path) = (&workload.dir, &workload.plan, &workload.status);
        // Its first words: a long title is cut to its pane.
        let first_programme: String = (plan.programmes[0].title_en.as_deref())
            .unwrap_or_default()
            .chars()
            .take(12)
            .collect();
        drop((plan, records));
        let home = dir.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        let cache = home.join("cache");
        let (cold, _, cold_screen) = start(common::tmux::BINARY, plan_path, status_path, &home);
        let cached: Vec<_> = std::fs::read_dir(&cache).unwrap().collect();
        assert_eq!(cached.len(), 1, "the first start wrote the plan's cache");
        assert!(
            !first_programme.is_empty() && cold_screen.contains(&first_programme),
            "a first frame of the plan view names {first_programme:?}:\n{cold_screen}"
        );
        let (mut warm, mut old) = (Vec::new(), Vec::new());
        let (mut warm_cpu, mut old_cpu) = (Vec::new(), Vec::new());
        // An older build has a cache folder of its own (another cache format would make
        // each build throw the other's away), written by a first start not counted.
        let home_before = dir.path().join("home-before");
        std::fs::create_dir_all(&home_before).unwrap();
        if let Some(before) = &before {
            start(before, plan_path, status_path, &home_before);
        }
        for _ in 0..runs {
            if let Some(before) = &before {
                let (spent, cpu, _) = start(before, plan_path, status_path, &home_before);
                old.push(spent);
                old_cpu.extend(cpu);
            }
            let (spent, cpu, screen) = start(common::tmux::BINARY, plan_path, status_path, &home);
            warm_cpu.extend(cpu);
            assert_eq!(
                screen, cold_screen,
                "the cached plan's first frame is the RON's"
            );
            warm.push(spent);
        }
        let (low, mid, high) = median(warm);
        println!(
            "{tasks} sub-tasks + 100,000 records, start to first frame through the pty at \
             {COLS}x{ROWS}: first start (RON read, cache written) {cold:.0} ms; from the cache \
             {low:.0} / {mid:.0} / {high:.0} ms (min / median / max of {runs})"
        );
        let cpu = |times: Vec<f64>| {
            if times.is_empty() {
                return String::new();
            }
            let (low, mid, high) = median(times);
            format!("; main thread's CPU by then {low:.1} / {mid:.1} / {high:.1} ms")
        };
        println!("  {}", cpu(warm_cpu));
        if !old.is_empty() {
            let (low, mid, high) = median(old);
            println!(
                "  {}: {low:.0} / {mid:.0} / {high:.0} ms{}, alternated with the above",
                before.as_deref().unwrap_or_default(),
                cpu(old_cpu)
            );
        }
    }
}
