//! Many writers at once, and writers killed at random moments: nothing acknowledged is lost,
//! the file always loads.

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use planmeet::store::status_file::{Location, StatusStore};

const BINARY: &str = env!("CARGO_BIN_EXE_planmeet");
const PLAN_ID: &str = "liuzhou-2021-2023";

fn set(file: &Path, item: &str, note: &str) -> Command {
    let mut command = Command::new(BINARY);
    command
        .args([
            "status", "set", item, "--status", "on-track", "--note", note,
        ])
        .args(["--author", "tester"])
        .env("PLANMEET_STATUS_FILE", file)
        .env("PLANMEET_CONFIG_DIR", "/nonexistent-planmeet-config")
        .env_remove("PLANMEET_PLAN")
        .env_remove("PLANMEET_NOW")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn load(file: &Path) -> StatusStore {
    let location = Location {
        path: file.to_path_buf(),
        create_dir: false,
    };
    StatusStore::open(location, PLAN_ID).expect("the status file loads")
}

fn notes(store: &StatusStore) -> HashSet<String> {
    store
        .log()
        .records()
        .iter()
        .filter_map(|r| r.note.clone())
        .collect()
}

#[test]
fn four_processes_of_250_changes_each_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.status.ron");
    let items = ["p1.t1", "p1.t2", "p2.t1", "s1"];
    std::thread::scope(|scope| {
        for (worker, item) in items.iter().enumerate() {
            let file = &file;
            scope.spawn(move || {
                for i in 0..250 {
                    let status = set(file, item, &format!("w{worker}-{i}")).status().unwrap();
                    assert!(status.success(), "writer {worker}, change {i}: {status}");
                }
            });
        }
    });
    let store = load(&file);
    assert!(store.problems().is_empty(), "{:?}", store.problems());
    assert_eq!(store.log().len(), 1000);
    let notes = notes(&store);
    for worker in 0..4 {
        for i in 0..250 {
            assert!(
                notes.contains(&format!("w{worker}-{i}")),
                "w{worker}-{i} lost"
            );
        }
    }
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().count(), 1001);
    assert_eq!(text.matches("Header(").count(), 1);
    assert!(store.write_refusal().is_none());
}

/// A small deterministic generator: the kill moments vary, the test is reproducible.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn writers_killed_at_random_moments_lose_no_acknowledged_change() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.status.ron");
    // How long one change takes here, so kills land anywhere from start-up to exit.
    let start = Instant::now();
    assert!(set(&file, "p1.t1", "first").status().unwrap().success());
    let lifetime = start.elapsed().as_micros() as u64;

    let target_kills = 220;
    let budget = Duration::from_secs(25);
    let began = Instant::now();
    let results: Vec<(Vec<String>, Vec<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4u64)
            .map(|worker| {
                let file = &file;
                scope.spawn(move || {
                    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ ((worker + 1) * 0x1234_5678));
                    let mut acknowledged = Vec::new();
                    let mut killed = Vec::new();
                    let mut i = 0;
                    // The window kills are drawn from adapts until about half the writers
                    // finish: then kills land all along a writer's life, its last moments
                    // (lock, append, fdatasync, exit) included, whatever the machine's load.
                    let mut window = lifetime;
                    while killed.len() < target_kills / 4 && began.elapsed() < budget {
                        let note = format!("k{worker}-{i}");
                        i += 1;
                        let mut child = set(file, "p1.t2", &note).spawn().unwrap();
                        let delay = rng.below(window);
                        std::thread::sleep(Duration::from_micros(delay));
                        let _ = child.kill();
                        let status = child.wait().unwrap();
                        if status.success() {
                            acknowledged.push(note);
                            window = window * 19 / 20;
                        } else {
                            killed.push(note);
                            window = window * 21 / 20;
                        }
                    }
                    (acknowledged, killed)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let kills: usize = results.iter().map(|(_, k)| k.len()).sum();
    let acknowledged: Vec<&String> = results.iter().flat_map(|(a, _)| a).collect();
    assert!(kills >= 200, "only {kills} kills in the time budget");
    assert!(!acknowledged.is_empty());

    let store = load(&file);
    let notes = notes(&store);
    let written_then_killed = results
        .iter()
        .flat_map(|(_, k)| k)
        .filter(|note| notes.contains(*note))
        .count();
    eprintln!(
        "{kills} writers killed ({written_then_killed} of them after their line was written), \
         {} acknowledged, {} problems, in {:?}",
        acknowledged.len(),
        store.problems().len(),
        began.elapsed()
    );
    for note in &acknowledged {
        assert!(
            notes.contains(*note),
            "acknowledged change {note} is not in the file"
        );
    }
    // A write cut short can leave a torn line; it is reported, costs only itself, and the
    // file stays writable.
    for problem in store.problems() {
        assert!(
            problem.message.contains("incomplete last line")
                || problem.message.contains("cannot read the record"),
            "{problem}"
        );
    }
    assert!(store.write_refusal().is_none());
    assert!(set(&file, "p1.t3", "after").status().unwrap().success());
    let store = load(&file);
    assert!(notes_contains(&store, "after"));
    assert!(notes_contains(&store, "first"));
}

fn notes_contains(store: &StatusStore, note: &str) -> bool {
    notes(store).contains(note)
}
