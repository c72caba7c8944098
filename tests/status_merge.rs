//! Merging status files: the algebra (property tests) and the real thing (two git clones
//! with `merge=union`, and `planmeet merge`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::path::Path;
use std::process::{Command, Output};

use planmeet::model::annotation::{
    Actual, Annotation, AnnotationLog, Field, Record, RecordExtra, Stamp, Status, merge,
};
use planmeet::store::status::{merged_text, scan};
use proptest::prelude::*;

const BINARY: &str = env!("CARGO_BIN_EXE_planmeet");

// ---------------------------------------------------------------------------------------
// Properties

fn record() -> impl Strategy<Value = Record> {
    let ids = 0..14u8;
    let minutes = 0..6u8;
    let authors = prop::sample::select(vec!["王芳", "李雷", "b"]);
    let items = prop::sample::select(vec!["p1.t1", "p1.t1.g2", "s3"]);
    let owners = prop::option::of(prop::sample::select(vec!["kjj", "fgw"]));
    let status = prop::option::of(prop::sample::select(Status::ALL.to_vec()));
    let progress = prop::option::of(0..=100u8);
    let note = prop::option::of(prop::sample::select(vec!["", "慢", "a\nb", "\"q\""]));
    let actual = prop::option::of((0..3u8, 1..28i8));
    let clear = prop::collection::vec(prop::sample::select(Field::ALL.to_vec()), 0..2);
    let undoes = prop::option::of(0..14u8);
    (
        (ids, minutes, authors, items, owners),
        (status, progress, note, actual, clear, undoes),
    )
        .prop_map(
            |(
                (id, minute, author, item, owner),
                (status, progress, note, actual, clear, undoes),
            )| {
                let mut record = Record {
                    at: Stamp::parse(&format!("2026-05-14T10:{minute:02}:00+08:00")).unwrap(),
                    author: author.into(),
                    item: item.into(),
                    owner: owner.map(Into::into),
                    status,
                    progress,
                    actual: actual.map(|(value, day)| Actual {
                        value: f64::from(value) * 2.5,
                        as_of: jiff::civil::date(2026, 4, day),
                    }),
                    note: note.map(Into::into),
                    meeting: None,
                    private: false,
                    id: format!("r{id}").into(),
                    extra: RecordExtra {
                        undoes: undoes.map(|u| format!("r{u}").into()),
                        ..RecordExtra::default()
                    }
                    .boxed(),
                };
                let mut clear: Vec<Field> =
                    clear.into_iter().filter(|f| !record.touches(*f)).collect();
                clear.sort();
                clear.dedup();
                record.extra_mut().clear = clear;
                if record.check().is_err() {
                    record.status = Some(Status::Done);
                    record.extra_mut().clear.retain(|f| *f != Field::Status);
                }
                record
            },
        )
}

fn set() -> impl Strategy<Value = Vec<Record>> {
    prop::collection::vec(record(), 0..10)
}

fn merged(sets: &[&[Record]]) -> Vec<Record> {
    merge(sets.iter().copied()).records
}

fn state(records: impl IntoIterator<Item = Record>) -> Vec<Annotation> {
    let log = AnnotationLog::from_records(records);
    log.annotations().into_iter().cloned().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn merge_is_commutative(a in set(), b in set()) {
        prop_assert_eq!(merged(&[&a, &b]), merged(&[&b, &a]));
    }

    #[test]
    fn merge_is_associative(a in set(), b in set(), c in set()) {
        let left = merged(&[&merged(&[&a, &b]), &c]);
        let right = merged(&[&a, &merged(&[&b, &c])]);
        prop_assert_eq!(&left, &right);
        prop_assert_eq!(left, merged(&[&a, &b, &c]));
    }

    #[test]
    fn merge_is_idempotent(a in set(), b in set()) {
        let once = merged(&[&a, &b]);
        prop_assert_eq!(merged(&[&once]), once.clone());
        prop_assert_eq!(merged(&[&once, &a]), once.clone());
        prop_assert_eq!(merged(&[&once, &once]), once);
    }

    /// What git's union merge does is concatenate both sides' lines, in either order, with
    /// lines both sides have possibly twice: the state is the same in every case, and the
    /// same as after `planmeet merge`.
    #[test]
    fn the_state_does_not_depend_on_the_order_of_lines(a in set(), b in set()) {
        let ab: Vec<Record> = a.iter().chain(&b).cloned().collect();
        let ba: Vec<Record> = b.iter().chain(&a).chain(&b).cloned().collect();
        let expected = state(merged(&[&a, &b]));
        prop_assert_eq!(state(ab), expected.clone());
        prop_assert_eq!(state(ba), expected);
    }

    /// The merged file reads back as exactly the merged records.
    #[test]
    fn the_merged_file_round_trips(a in set(), b in set()) {
        let records = merged(&[&a, &b]);
        let text = merged_text("plan", &records).unwrap();
        prop_assert_eq!(&text, &merged_text("plan", &merged(&[&b, &a])).unwrap());
        let read = scan(text.as_bytes(), 1, "merged");
        prop_assert!(read.problems.is_empty(), "{:?}", read.problems);
        prop_assert_eq!(read.records, records);
    }
}

// ---------------------------------------------------------------------------------------
// Two laptops, one git repository

struct Repo<'a> {
    dir: &'a Path,
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl Repo<'_> {
    fn file(&self) -> std::path::PathBuf {
        self.dir.join("liuzhou.status.ron")
    }

    fn configure(&self, name: &str) {
        git(self.dir, &["config", "user.name", name]);
        git(
            self.dir,
            &["config", "user.email", &format!("{name}@example.invalid")],
        );
        git(self.dir, &["config", "commit.gpgsign", "false"]);
    }

    fn planmeet(&self, now: &str, args: &[&str]) -> Output {
        let out = Command::new(BINARY)
            .args(args)
            .env("PLANMEET_STATUS_FILE", self.file())
            .env("PLANMEET_NOW", now)
            .env("PLANMEET_CONFIG_DIR", "/nonexistent-planmeet-config")
            .env("LANG", "C")
            .env_remove("PLANMEET_PLAN")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn set(&self, now: &str, author: &str, args: &[&str]) {
        let mut all = vec!["status", "set"];
        all.extend_from_slice(args);
        all.extend(["--author", author]);
        self.planmeet(now, &all);
    }

    fn state(&self) -> String {
        let out = self.planmeet(
            "2026-01-01T00:00:00Z",
            &["status", "show", "--format", "json"],
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn commit(&self, message: &str) {
        git(self.dir, &["add", "-A"]);
        git(self.dir, &["commit", "-q", "-m", message]);
    }
}

#[test]
fn two_clones_merge_through_git_to_the_same_state_in_either_order() {
    let root = tempfile::tempdir().unwrap();
    let origin = root.path().join("origin.git");
    git(root.path(), &["init", "-q", "--bare", "origin.git"]);
    let origin = origin.to_str().unwrap();

    // Alice sets up the repository: the union merge setting, and a first change.
    let alice_dir = root.path().join("alice");
    git(root.path(), &["clone", "-q", origin, "alice"]);
    let alice = Repo { dir: &alice_dir };
    alice.configure("alice");
    std::fs::write(
        alice_dir.join(".gitattributes"),
        "*.status.ron merge=union\n",
    )
    .unwrap();
    std::fs::write(alice_dir.join(".gitignore"), "*.status.ron.lock\n").unwrap();
    alice.set(
        "2026-05-01T09:00:00+08:00",
        "王芳",
        &["p1.t1", "--status", "on-track"],
    );
    alice.commit("base");
    git(&alice_dir, &["push", "-q", "origin", "HEAD:main"]);

    let bob_dir = root.path().join("bob");
    git(root.path(), &["clone", "-q", "-b", "main", origin, "bob"]);
    let bob = Repo { dir: &bob_dir };
    bob.configure("bob");

    // Both change p1.t1 (Bob later), and each something else; Alice also Bob's item.
    alice.set(
        "2026-05-02T09:00:00+08:00",
        "王芳",
        &["p1.t1", "--status", "at-risk", "--note", "资金"],
    );
    alice.set(
        "2026-05-02T09:05:00+08:00",
        "王芳",
        &["p2.t1", "--status", "done"],
    );
    alice.set(
        "2026-05-02T09:06:00+08:00",
        "王芳",
        &["p3.t1", "--progress", "30"],
    );
    alice.commit("alice's meeting");
    bob.set(
        "2026-05-02T10:00:00+01:00",
        "李雷",
        &["p1.t1", "--status", "behind"],
    );
    bob.set(
        "2026-05-02T10:01:00+01:00",
        "李雷",
        &["p3.t1", "--status", "at-risk"],
    );
    bob.set(
        "2026-05-02T10:02:00+01:00",
        "李雷",
        &["p1.t1.g2", "--actual", "88", "--as-of", "2026-04-30"],
    );
    bob.commit("bob's meeting");
    git(&alice_dir, &["push", "-q", "origin", "HEAD:alice"]);
    git(&bob_dir, &["push", "-q", "origin", "HEAD:bob"]);
    let alice_file = std::fs::read(alice.file()).unwrap();
    let bob_file = std::fs::read(bob.file()).unwrap();

    // Each pulls the other's branch: git merges the file by itself, without a conflict.
    git(
        &alice_dir,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "bob"],
    );
    git(
        &bob_dir,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "alice"],
    );
    assert!(!git(&alice_dir, &["ls-files"]).contains(".lock"));
    let alice_state = alice.state();
    let bob_state = bob.state();
    assert_eq!(alice_state, bob_state);

    let text = std::fs::read_to_string(alice.file()).unwrap();
    assert_eq!(text.matches("Header(").count(), 1, "{text}");
    assert_eq!(text.lines().count(), 8, "{text}");
    let state: serde_json::Value = serde_json::from_str(&alice_state).unwrap();
    let find = |item: &str| {
        state
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["item"] == item)
            .cloned()
            .unwrap()
    };
    // Bob's change to p1.t1 is the later one (10:00+01:00 is 17:00+08:00); Alice's note stays.
    assert_eq!(find("p1.t1")["status"], "behind");
    assert_eq!(find("p1.t1")["note"], "资金");
    assert_eq!(find("p1.t1")["changes"], 3);
    assert_eq!(find("p2.t1")["status"], "done");
    assert_eq!(find("p3.t1")["status"], "at-risk");
    assert_eq!(find("p3.t1")["progress"], 30);
    assert_eq!(find("p1.t1.g2")["actuals"][0]["value"], 88.0);

    // `planmeet merge` of the two sides gives the same state, in either order.
    for (first, second, name) in [
        (&alice_file, &bob_file, "ab.status.ron"),
        (&bob_file, &alice_file, "ba.status.ron"),
    ] {
        let a = root.path().join("first.ron");
        let b = root.path().join("second.ron");
        std::fs::write(&a, first).unwrap();
        std::fs::write(&b, second).unwrap();
        let out_path = root.path().join(name);
        let out = Command::new(BINARY)
            .args(["merge", a.to_str().unwrap(), b.to_str().unwrap(), "-o"])
            .arg(&out_path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let merged = Repo { dir: root.path() };
        std::fs::rename(&out_path, merged.file()).unwrap();
        assert_eq!(merged.state(), alice_state);
        std::fs::remove_file(merged.file()).unwrap();
    }
}
