//! The synthetic workload of issue 7 as files, and what loading them costs.
//!
//! ```text
//! cargo run --release --example workload -- write DIR   # DIR/synthetic.plan.ron, DIR/synthetic.status.ron
//! cargo run --release --example workload -- write DIR 50000 1000000  # other sizes: sub-tasks, records
//! cargo run --release --example workload -- load DIR    # plan + app + 100,000 records: time, resident memory
//! cargo run --release --example workload -- status DIR [N]  # the status file alone, N times
//! ```
//!
//! `load` runs in a fresh process, so its peak resident memory (`VmHWM` in
//! `/proc/self/status`) is that of loading the files, not of generating them.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::path::{Path, PathBuf};
use std::time::Instant;

use planmeet::app::{App, AppOptions};
use planmeet::i18n::Lang;
use planmeet::keymap::Action;
use planmeet::store::plan_file::{load_embedded, load_plan_file};
use planmeet::store::status_file::{Location, StatusStore};
use planmeet::synthetic::{self, History, Shape};
use planmeet::ui::theme::{ColorLevel, Theme};

const SEED: u64 = 7;

fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .map_or("?".to_owned(), |l| {
                l[name.len()..].trim().trim_end_matches(" kB").to_owned()
            })
    };
    let mb = |kb: String| {
        kb.parse::<f64>()
            .map_or(kb.clone(), |kb| format!("{:.1} MB", kb / 1024.0))
    };
    format!(
        "resident now {}, peak {}",
        mb(field("VmRSS:")),
        mb(field("VmHWM:"))
    )
}

fn files(dir: &Path) -> (PathBuf, PathBuf) {
    (
        dir.join("synthetic.plan.ron"),
        dir.join("synthetic.status.ron"),
    )
}

fn open_status(path: PathBuf) -> StatusStore {
    let location = Location {
        path,
        create_dir: false,
    };
    StatusStore::open(location, "synthetic").expect("status file")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(command), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("usage: workload write|load|status DIR");
        std::process::exit(2);
    };
    let (plan_path, status_path) = files(Path::new(dir));
    match command.as_str() {
        "write" => {
            // Other sizes (the README's scaling table): `write DIR TASKS RECORDS`.
            let number = |n: usize| args.get(n).and_then(|t| t.replace('_', "").parse().ok());
            let shape = match number(2) {
                Some(tasks) => Shape {
                    tasks,
                    targets: tasks / 5,
                    ..Shape::LARGE
                },
                None => Shape::LARGE,
            };
            let history = History {
                records: number(3).unwrap_or(History::LARGE.records),
                ..History::LARGE
            };
            let seed = load_embedded().expect("embedded plan").plan;
            let plan = synthetic::plan(&seed, shape);
            let records = synthetic::status_records(&seed, &plan, history, SEED);
            let plan_text = synthetic::plan_text(&plan);
            let status_text = synthetic::status_text(&plan.meta.id, &records);
            std::fs::create_dir_all(dir).expect("directory");
            std::fs::write(&plan_path, &plan_text).expect("plan file");
            std::fs::write(&status_path, &status_text).expect("status file");
            println!(
                "{}: {:.1} MB; {}: {} records, {:.1} MB",
                plan_path.display(),
                plan_text.len() as f64 / 1e6,
                status_path.display(),
                records.len(),
                status_text.len() as f64 / 1e6
            );
        }
        "phases" => {
            // Where the time and memory of `status` go: reading and scanning, the state.
            println!("at start: {}", memory());
            let t = Instant::now();
            let file = std::fs::File::open(&status_path).expect("status file");
            let len = file.metadata().map_or(0, |m| m.len() as usize);
            let scan = planmeet::store::status::scan_reader(file, len, 1, "f").expect("read");
            println!(
                "read and scanned in {:.1} ms: {} records of {} bytes each: {}",
                t.elapsed().as_secs_f64() * 1e3,
                scan.records.len(),
                std::mem::size_of::<planmeet::model::annotation::Record>(),
                memory()
            );
            let t = Instant::now();
            let log = planmeet::model::annotation::AnnotationLog::from_records(scan.records);
            println!(
                "state in {:.1} ms: {}",
                t.elapsed().as_secs_f64() * 1e3,
                memory()
            );
            let t = Instant::now();
            drop(log);
            println!("dropped in {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
        }
        "status" => {
            let times: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1);
            for _ in 1..times {
                let started = Instant::now();
                let store = open_status(status_path.clone());
                let ms = started.elapsed().as_secs_f64() * 1e3;
                let started = Instant::now();
                drop(store);
                println!(
                    "loaded in {ms:.1} ms, dropped in {:.1} ms",
                    started.elapsed().as_secs_f64() * 1e3
                );
            }
            let started = Instant::now();
            let store = open_status(status_path);
            println!(
                "{} records, {} problems in {:.1} ms; {}",
                store.log().len(),
                store.problems().len(),
                started.elapsed().as_secs_f64() * 1e3,
                memory()
            );
        }
        "load" => {
            println!("at start: {}", memory());
            let started = Instant::now();
            let loaded = load_plan_file(&plan_path).expect("plan file");
            let plan_ms = started.elapsed().as_secs_f64() * 1e3;
            println!("plan loaded in {plan_ms:.1} ms: {}", memory());
            let mut app = App::new(
                loaded,
                AppOptions {
                    theme: Theme::new(ColorLevel::Indexed, false),
                    ..AppOptions::new(Lang::Zh)
                },
            );
            app.update(Action::Resize(200, 50));
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 50)).unwrap();
            terminal
                .draw(|frame| {
                    planmeet::ui::draw(frame, &app);
                })
                .unwrap();
            println!("app and a first frame: {}", memory());
            let started = Instant::now();
            let store = open_status(status_path);
            println!(
                "{} records loaded in {:.1} ms: {}",
                store.log().len(),
                started.elapsed().as_secs_f64() * 1e3,
                memory()
            );
            // Both stay alive to here: what a session holds.
            drop((app, store));
        }
        other => {
            eprintln!("unknown command {other:?}: write, load or status");
            std::process::exit(2);
        }
    }
}
