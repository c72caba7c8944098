//! Many writers at once, and writers killed at random moments: nothing acknowledged is lost,
//! the file always loads. The same with in-place merges running alongside the writers,
//! merges killed at random moments, and writers that reach the file through a second name
//! (a symbolic link).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use planmeet::model::annotation::{Change, Key, Stamp, Status};
use planmeet::store::status::merged_text;
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
        .filter_map(|r| r.note.as_deref().map(str::to_owned))
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

/// `planmeet merge FILE -o FILE`, quietly.
fn merge_in_place(file: &Path) -> Command {
    let mut command = Command::new(BINARY);
    command
        .arg("merge")
        .arg(file)
        .arg("-o")
        .arg(file)
        .env("PLANMEET_CONFIG_DIR", "/nonexistent-planmeet-config")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// A status file with a history of `count` records (a few MB: a merge of it takes long
/// enough for writers to arrive while it runs), and a second name for it.
fn shared_file(dir: &Path, count: usize) -> (PathBuf, PathBuf) {
    let real = dir.join("a.status.ron");
    let records: Vec<_> = (0..count)
        .map(|i| {
            let mut change =
                Change::new(&Key::new(&format!("p{}.t{}", i % 6 + 1, i % 5 + 1), None));
            change.status = Some(Status::ALL[i % 6]);
            change.note = Some(format!(
                "历史记录 {i}：资金已到位，按期推进，人才公寓已交付使用。"
            ));
            let at = Stamp::parse(&format!(
                "2025-{:02}-{:02}T10:{:02}:{:02}+08:00",
                i % 12 + 1,
                i % 28 + 1,
                i / 60 % 60,
                i % 60
            ))
            .unwrap();
            change.into_record(format!("{i:016x}").into(), at, "历史".into())
        })
        .collect();
    std::fs::write(&real, merged_text(PLAN_ID, &records).unwrap()).unwrap();
    let link = dir.join("s.status.ron");
    std::os::unix::fs::symlink("a.status.ron", &link).unwrap();
    (real, link)
}

/// Writers through both names of one file while `merger` runs (and is maybe killed) in a
/// loop: what each writer had acknowledged, and how many merges ran.
fn writers_and_merges(
    real: &Path,
    link: &Path,
    per_writer: usize,
    merger: impl Fn(&mut Rng) -> bool + Sync,
) -> (Vec<String>, usize) {
    let done = AtomicBool::new(false);
    let merges = AtomicUsize::new(0);
    let acknowledged = std::thread::scope(|scope| {
        let merging = scope.spawn(|| {
            let mut rng = Rng(0x2545_f491_4f6c_dd1d);
            while !done.load(Ordering::Relaxed) {
                if merger(&mut rng) {
                    merges.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
        let writers: Vec<_> = (0..3)
            .map(|worker| {
                // Two writers know the file by its second name, one by its own.
                let file = if worker < 2 { link } else { real };
                scope.spawn(move || {
                    let mut acknowledged = Vec::new();
                    for i in 0..per_writer {
                        let note = format!("m{worker}-{i}");
                        if set(file, "p1.t2", &note).status().unwrap().success() {
                            acknowledged.push(note);
                        }
                    }
                    acknowledged
                })
            })
            .collect();
        let acknowledged: Vec<String> = writers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect();
        done.store(true, Ordering::Relaxed);
        merging.join().unwrap();
        acknowledged
    });
    (acknowledged, merges.load(Ordering::Relaxed))
}

#[test]
fn in_place_merges_and_writers_through_a_second_name_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (real, link) = shared_file(dir.path(), 25_000);
    // The merge by the file's own name, two writers by the other: one file, one lock.
    let (acknowledged, merges) = writers_and_merges(&real, &link, 40, |_| {
        let status = merge_in_place(&real).status().unwrap();
        assert!(status.success(), "merge: {status}");
        true
    });
    assert!(
        merges >= 3,
        "only {merges} merges ran alongside the writers"
    );
    assert_eq!(acknowledged.len(), 120, "every change was acknowledged");
    assert!(
        std::fs::symlink_metadata(&link).unwrap().is_symlink(),
        "the second name is still a link to the file"
    );
    let store = load(&real);
    assert!(store.problems().is_empty(), "{:?}", store.problems());
    let notes = notes(&store);
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|n| !notes.contains(*n))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged changes lost alongside {merges} merges: {lost:?}",
        lost.len(),
        acknowledged.len()
    );
    assert_eq!(store.log().len(), 25_000 + 120);
}

#[test]
fn merges_killed_at_random_moments_lose_no_acknowledged_change() {
    let dir = tempfile::tempdir().unwrap();
    let (real, link) = shared_file(dir.path(), 10_000);
    let start = Instant::now();
    assert!(merge_in_place(&real).status().unwrap().success());
    let lifetime = start.elapsed().as_micros() as u64;
    let killed = AtomicUsize::new(0);
    let (acknowledged, merges) = writers_and_merges(&real, &link, 30, |rng| {
        let name = if rng.below(2) == 0 { &real } else { &link };
        let mut child = merge_in_place(name).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(lifetime * 3 / 2)));
        let _ = child.kill();
        let finished = child.wait().unwrap().success();
        if !finished {
            killed.fetch_add(1, Ordering::Relaxed);
        }
        true
    });
    let killed = killed.load(Ordering::Relaxed);
    eprintln!("{merges} merges, {killed} of them killed");
    assert!(killed >= 3, "only {killed} merges were killed");
    let store = load(&real);
    assert!(store.problems().is_empty(), "{:?}", store.problems());
    let notes = notes(&store);
    for note in &acknowledged {
        assert!(
            notes.contains(note),
            "acknowledged change {note} is not in the file"
        );
    }
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    // Merged through the second name too (the killed test merges by either name): the
    // link stays a link, the file itself is merged.
    assert!(merge_in_place(&link).status().unwrap().success());
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(load(&real).log().len(), store.log().len());
    // A killed merge leaves the file as it was or as merged, never half of it; its
    // unfinished copy is nameless, gone with the process.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(left.len() <= 1, "temporary files left behind: {left:?}");
}

/// A history past the size from which `status set` reads through the line index beside the
/// file: four processes changing items at once lose nothing, and each change is stamped
/// after its item's latest record — records dated years ahead, found only through the index.
#[test]
fn writers_through_the_line_index_lose_nothing_and_stamp_after_the_history() {
    use planmeet::model::annotation::Header;
    use planmeet::store::status::{encode_header, encode_record};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.status.ron");
    let items = ["p1.t1", "p1.t2", "p2.t1", "s1"];
    let ahead = Stamp::parse("2030-01-01T00:00:00+08:00").unwrap();
    let mut text = encode_header(&Header::new(PLAN_ID)).unwrap() + "\n";
    let mut i = 0u64;
    while text.len() < 1_300_000 {
        i += 1;
        let item = ["p1.t3", "p2.t2", "p3.t1", items[(i / 4 % 4) as usize]][(i % 4) as usize];
        let mut change = Change::new(&Key::new(item, None));
        change.status = Some(Status::Behind);
        change.note = Some(format!("历史记录 {i}"));
        let at = Stamp::new(
            ahead.timestamp() - jiff::SignedDuration::from_mins(i as i64),
            ahead.offset(),
        );
        let record = change.into_record(format!("h{i:08}").into(), at, "王芳".into());
        text.push_str(&encode_record(&record).unwrap());
        text.push('\n');
    }
    std::fs::write(&file, &text).unwrap();
    let before = load(&file);
    let history = before.log().len();
    std::thread::scope(|scope| {
        for (worker, item) in items.iter().enumerate() {
            let file = &file;
            scope.spawn(move || {
                for i in 0..40 {
                    let status = set(file, item, &format!("w{worker}-{i}")).status().unwrap();
                    assert!(status.success(), "writer {worker}, change {i}: {status}");
                }
            });
        }
    });
    let mut index = file.as_os_str().to_owned();
    index.push(".idx");
    assert!(Path::new(&index).exists(), "no index was written");
    let store = load(&file);
    assert!(store.problems().is_empty(), "{:?}", store.problems());
    assert_eq!(store.log().len(), history + 160);
    for (worker, item) in items.iter().enumerate() {
        // Each item's latest record is in 2029, years after the changes made now.
        let mut last = before
            .log()
            .history(item)
            .iter()
            .map(|r| r.at)
            .max()
            .unwrap();
        assert!(last.to_string().starts_with("2029"), "{last}");
        for i in 0..40 {
            let note = format!("w{worker}-{i}");
            let record = store
                .log()
                .records()
                .iter()
                .find(|r| r.note.as_deref() == Some(note.as_str()))
                .unwrap_or_else(|| panic!("{note} lost"));
            assert!(
                record.at > last,
                "{note} stamped {} after {}",
                record.at,
                last
            );
            last = record.at;
        }
        // A read through the index gives the item's history as the whole read.
        let location = Location {
            path: file.clone(),
            create_dir: false,
        };
        let focused = StatusStore::open_focused(location, PLAN_ID, &[item]).unwrap();
        assert_eq!(focused.log().history(item), store.log().history(item));
        assert!(focused.log().len() < store.log().len() / 2);
    }
    assert_eq!(text.matches("Header(").count(), 1);
    assert!(store.write_refusal().is_none());
}
