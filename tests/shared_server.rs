//! Safe on a shared server: coordinators of several accounts on one machine, in shared
//! folders. One file under any name, exports that cannot clobber the log, private data
//! kept private, planted links not followed, bounded input, FIFOs refused, the end of the
//! clock, and the smaller points of the same review (issue 14, each numbered here as
//! there).
//!
//! The permission tests hold when the suite runs as root (as CI does): modes and owners
//! are checked with `stat`, and where an access check is needed the command runs as
//! another user through `setpriv`. Run as another user, the parts that need root are
//! skipped, and say so.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_planmeet");
const PLAN_ID: &str = "liuzhou-2021-2023";
/// Users the tests act as (nobody's ids need not exist in /etc/passwd for setpriv).
const ALICE: u32 = 4101;
const BOB: u32 = 4102;
const STRANGER: u32 = 4103;
/// The group Alice and Bob share.
const TEAM: u32 = 4100;

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn skipped(what: &str) -> bool {
    if is_root() {
        return false;
    }
    eprintln!("not root: {what} skipped (it needs to act as other users)");
    true
}

/// Mode bits, owner and group, as `stat` gives them (of the path itself, not a link's
/// target).
fn stat(path: &Path) -> (u32, u32, u32) {
    let meta = fs::symlink_metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (meta.mode() & 0o7777, meta.uid(), meta.gid())
}

fn chmod(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// planmeet with an environment of the test's own.
fn planmeet(args: &[&str]) -> Command {
    let mut command = Command::new(BINARY);
    command
        .args(args)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("PLANMEET_PLAN")
        .env_remove("PLANMEET_NOW")
        .env_remove("PLANMEET_STATUS_FILE")
        .env("PLANMEET_DATA_DIR", "/nonexistent-planmeet-data")
        .env("PLANMEET_AUTHOR", "tester")
        .env("PLANMEET_CONFIG_DIR", "/nonexistent-planmeet-config")
        .stdin(Stdio::null());
    command
}

/// The same, run as another user (uid, gid, supplementary groups) with umask `umask`.
fn planmeet_as(uid: u32, gid: u32, groups: &[u32], umask: &str, args: &[&str]) -> Command {
    let mut command = Command::new("setpriv");
    command
        .arg(format!("--reuid={uid}"))
        .arg(format!("--regid={gid}"));
    if groups.is_empty() {
        command.arg("--clear-groups");
    } else {
        let list: Vec<String> = groups.iter().map(u32::to_string).collect();
        command.arg(format!("--groups={}", list.join(",")));
    }
    command
        .args([
            "sh",
            "-c",
            &format!("umask {umask}; exec \"$0\" \"$@\""),
            BINARY,
        ])
        .args(args)
        .env("LANG", "C")
        .env_remove("PLANMEET_PLAN")
        .env_remove("PLANMEET_NOW")
        .env_remove("PLANMEET_STATUS_FILE")
        .env("PLANMEET_DATA_DIR", "/nonexistent-planmeet-data")
        .env("PLANMEET_AUTHOR", format!("user{uid}"))
        .env("PLANMEET_CONFIG_DIR", "/nonexistent-planmeet-config")
        .stdin(Stdio::null());
    command
}

/// Runs `command`, which must finish within `limit` (it is killed, and the test fails,
/// if it does not).
fn within(command: &mut Command, limit: Duration) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn run(command: &mut Command) -> Output {
    within(command, Duration::from_secs(60))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn ok(output: Output) -> String {
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

fn set(file: &Path, item: &str, status: &str) -> Output {
    run(planmeet(&["status", "set", item, "--status", status, "--status-file"]).arg(file))
}

/// A folder others may enter (a temporary directory is its owner's alone).
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o755);
    dir
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn status_json(file: &Path) -> serde_json::Value {
    let out = ok(run(planmeet(&[
        "status",
        "show",
        "--format",
        "json",
        "--status-file",
    ])
    .arg(file)));
    serde_json::from_str(&out).unwrap()
}

fn status_of(file: &Path, item: &str) -> String {
    let shown = status_json(file);
    shown
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["item"] == item && a["owner"].is_null())
        .map(|a| a["status"].as_str().unwrap_or("").to_owned())
        .unwrap_or_default()
}

// 1. Changes lost through a second name.

#[test]
fn one_file_under_two_names_has_one_lock() {
    let dir = folder();
    let real = dir.path().join("a.status.ron");
    let link = dir.path().join("s.status.ron");
    symlink("a.status.ron", &link).unwrap();
    ok(set(&link, "p1.t1", "done"));
    ok(set(&real, "p1.t2", "behind"));
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    // The lock is the file's, whatever name reached it.
    assert_eq!(
        names_in(dir.path()),
        ["a.status.ron", "a.status.ron.lock", "s.status.ron"]
    );
    assert_eq!(status_of(&real, "p1.t1"), "done");
}

#[test]
fn an_in_place_merge_takes_the_appends_lock_and_does_not_wait_on_its_own() {
    let dir = folder();
    let real = dir.path().join("a.status.ron");
    let link = dir.path().join("s.status.ron");
    symlink("a.status.ron", &link).unwrap();
    ok(set(&real, "p1.t1", "done"));
    ok(set(&real, "p1.t2", "done"));
    // 10. Not a second's wait on its own lock (nor, meanwhile, for writers).
    for name in [&real, &link] {
        let start = Instant::now();
        ok(run(planmeet(&["merge"]).arg(name).arg("-o").arg(name)));
        let took = start.elapsed();
        assert!(
            took < Duration::from_millis(800),
            "an in-place merge took {took:?}"
        );
    }
    // A writer holds the file's lock: a merge through the other name waits for it.
    let lock = fs::File::open(dir.path().join("a.status.ron.lock")).unwrap();
    lock.lock().unwrap();
    let mut merge = planmeet(&["merge"])
        .arg(&link)
        .arg("-o")
        .arg(&link)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        merge.try_wait().unwrap().is_none(),
        "the merge went ahead while a writer held the file's lock"
    );
    lock.unlock().unwrap();
    assert!(merge.wait().unwrap().success());
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
}

// 2. `export … -o` overwrites anything.

#[test]
fn an_export_never_clobbers_the_log_a_plan_or_a_link() {
    let dir = folder();
    let status = dir.path().join("a.status.ron");
    ok(set(&status, "p1.t1", "done"));
    let log = fs::read_to_string(&status).unwrap();
    let export = |args: &[&str], output: &Path| {
        let mut all = vec!["export"];
        all.extend_from_slice(args);
        run(planmeet(&all)
            .arg("-o")
            .arg(output)
            .arg("--status-file")
            .arg(&status))
    };
    // Onto the status file in use, by its own name or another: refused, even with --force.
    let other_name = dir.path().join("other.status.ron");
    symlink("a.status.ron", &other_name).unwrap();
    for (output, force) in [(&status, false), (&status, true), (&other_name, true)] {
        let args: &[&str] = if force {
            &["ledger", "--format", "csv", "--force"]
        } else {
            &["ledger", "--format", "csv"]
        };
        let out = export(args, output);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert_eq!(
            fs::read_to_string(&status).unwrap(),
            log,
            "{}",
            stderr(&out)
        );
    }
    // Onto another status file, or a plan: refused, even with --force.
    let copy = dir.path().join("copy.status.ron");
    fs::copy(&status, &copy).unwrap();
    let plan = dir.path().join("plan.ron");
    fs::write(&plan, planmeet::store::plan_file::EMBEDDED_PLAN).unwrap();
    for protected in [&copy, &plan] {
        let before = fs::read(protected).unwrap();
        let out = export(&["--format", "md", "--force"], protected);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("never replaces"), "{}", stderr(&out));
        assert_eq!(fs::read(protected).unwrap(), before);
    }
    // An existing file only with --force, keeping its mode; a new one is written whole.
    let report = dir.path().join("report.md");
    fs::write(&report, "my notes").unwrap();
    chmod(&report, 0o640);
    let out = export(&["--format", "md"], &report);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&report).unwrap(), "my notes");
    ok(export(&["--format", "md", "--force"], &report));
    assert!(fs::read_to_string(&report).unwrap().starts_with("# "));
    assert_eq!(stat(&report).0, 0o640);
    // Never through a link, with or without --force: the file it names is untouched.
    let target = dir.path().join("elsewhere.txt");
    fs::write(&target, "precious").unwrap();
    let link = dir.path().join("link.md");
    symlink(&target, &link).unwrap();
    let dangling = dir.path().join("dangling.md");
    symlink(dir.path().join("created-through-a-link"), &dangling).unwrap();
    for output in [&link, &dangling] {
        for args in [&["--format", "md"][..], &["--format", "md", "--force"]] {
            let out = export(args, output);
            assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
            assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
        }
    }
    assert_eq!(fs::read_to_string(&target).unwrap(), "precious");
    assert!(!dir.path().join("created-through-a-link").exists());
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    // Nothing half-written or temporary is left beside them.
    assert!(
        names_in(dir.path()).iter().all(|n| !n.ends_with(".tmp")),
        "{:?}",
        names_in(dir.path())
    );
}

// 3. `merge S -o S` with S a symbolic link.

#[test]
fn a_merge_through_a_link_writes_the_file_and_keeps_its_mode_and_owner() {
    let dir = folder();
    let real = dir.path().join("a.status.ron");
    let theirs = dir.path().join("b.status.ron");
    ok(set(&real, "p1.t1", "done"));
    fs::copy(&real, &theirs).unwrap();
    ok(set(&theirs, "p1.t2", "behind"));
    chmod(&real, 0o640);
    if is_root() {
        std::os::unix::fs::chown(&real, Some(ALICE), Some(TEAM)).unwrap();
    }
    let before = stat(&real);
    let link = dir.path().join("s.status.ron");
    symlink("a.status.ron", &link).unwrap();
    ok(run(planmeet(&["merge"])
        .arg(&link)
        .arg(&theirs)
        .arg("-o")
        .arg(&link)));
    assert!(
        fs::symlink_metadata(&link).unwrap().is_symlink(),
        "the link was replaced by a file"
    );
    assert_eq!(stat(&real), before, "mode, owner and group kept");
    assert_eq!(
        status_of(&real, "p1.t2"),
        "behind",
        "the file itself was merged"
    );
    assert_eq!(
        names_in(dir.path()),
        [
            "a.status.ron",
            "a.status.ron.lock",
            "b.status.ron",
            "b.status.ron.lock",
            "s.status.ron"
        ]
    );
}

#[test]
fn a_merge_whose_rename_fails_leaves_no_temporary_file() {
    if skipped("a merge refused its rename") {
        return;
    }
    // A sticky shared folder: Bob may write Alice's file, not rename over it.
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o1777);
    let file = dir.path().join("a.status.ron");
    ok(set(&file, "p1.t1", "done"));
    let lock = dir.path().join("a.status.ron.lock");
    for path in [&file, &lock] {
        chmod(path, 0o666);
        std::os::unix::fs::chown(path, Some(ALICE), Some(ALICE)).unwrap();
    }
    let before = fs::read(&file).unwrap();
    let out = run(&mut planmeet_as(
        BOB,
        BOB,
        &[],
        "022",
        &[
            "merge",
            file.to_str().unwrap(),
            "-o",
            file.to_str().unwrap(),
        ],
    ));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
    assert_eq!(fs::read(&file).unwrap(), before);
    assert_eq!(
        names_in(dir.path()),
        ["a.status.ron", "a.status.ron.lock"],
        "a temporary file was left behind"
    );
}

// 4. Private data readable by everyone.

#[test]
fn the_data_directory_and_its_files_are_the_users_alone() {
    let dir = folder();
    let data = dir.path().join("data");
    let out = run(planmeet(&["status", "set", "p1.t1", "--status", "done"])
        .args(["--note", "内部：人选未定"])
        .env("PLANMEET_DATA_DIR", &data));
    ok(out);
    let file = data.join(format!("{PLAN_ID}.status.ron"));
    let lock = data.join(format!("{PLAN_ID}.status.ron.lock"));
    assert_eq!(stat(&data).0, 0o700, "the data directory");
    assert_eq!(stat(&file).0, 0o600, "the status file");
    assert_eq!(stat(&lock).0, 0o600, "the lock file");
    if skipped("reading the data as another user") {
        return;
    }
    // Even with the directory opened up by hand, the file stays unreadable to others.
    chmod(&data, 0o755);
    let peek = run(Command::new("setpriv")
        .args([
            &format!("--reuid={STRANGER}"),
            &format!("--regid={STRANGER}"),
        ])
        .args(["--clear-groups", "cat"])
        .arg(&file));
    assert!(!peek.status.success(), "another user read the status file");
    assert!(!stdout(&peek).contains("人选未定"));
}

#[test]
fn a_group_shared_folder_keeps_its_group_and_the_files_mode() {
    if skipped("a folder shared by a group") {
        return;
    }
    // The README's recipe: a set-group-id folder of the team's, and a umask of 002.
    let dir = folder();
    let shared = dir.path().join("shared");
    fs::create_dir(&shared).unwrap();
    std::os::unix::fs::chown(&shared, Some(0), Some(TEAM)).unwrap();
    chmod(&shared, 0o2770);
    let file = shared.join("plan.status.ron");
    let path = file.to_str().unwrap();
    let as_member = |uid: u32, args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--status-file", path]);
        ok(run(&mut planmeet_as(uid, uid, &[TEAM], "002", &all)));
    };
    as_member(ALICE, &["status", "set", "p1.t1", "--status", "done"]);
    assert_eq!(stat(&file), (0o664, ALICE, TEAM));
    assert_eq!(stat(&shared.join("plan.status.ron.lock")).2, TEAM);
    as_member(BOB, &["status", "set", "p1.t2", "--status", "behind"]);
    assert_eq!(
        stat(&file),
        (0o664, ALICE, TEAM),
        "an append changes nothing"
    );
    as_member(BOB, &["merge", path, "-o", path]);
    let (mode, _, group) = stat(&file);
    assert_eq!(
        (mode, group),
        (0o664, TEAM),
        "a merge keeps the mode and group"
    );
    // Someone outside the team cannot read it.
    let out = run(&mut planmeet_as(
        STRANGER,
        STRANGER,
        &[],
        "022",
        &["status", "show", "--status-file", path],
    ));
    assert!(!out.status.success());
    assert_eq!(status_of(&file, "p1.t2"), "behind");
}

// 5. Planted symlinks and predictable names.

#[test]
fn links_planted_by_another_user_are_not_followed() {
    if skipped("links planted by another user") {
        return;
    }
    let dir = folder();
    // A folder everyone may write to (not sticky: the kernel's own protection is off there).
    let open = dir.path().join("open");
    fs::create_dir(&open).unwrap();
    chmod(&open, 0o777);
    let victim = dir.path().join("victim");
    fs::create_dir(&victim).unwrap();
    let planted = open.join("s.status.ron");
    symlink(victim.join("created.status.ron"), &planted).unwrap();
    std::os::unix::fs::lchown(&planted, Some(STRANGER), Some(STRANGER)).unwrap();
    let out = set(&planted, "p1.t1", "done");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("another user"), "{}", stderr(&out));
    assert!(names_in(&victim).is_empty(), "{:?}", names_in(&victim));
    // The same link made by the user, or by the folder's owner, is theirs to follow.
    fs::remove_file(&planted).unwrap();
    symlink(victim.join("mine.status.ron"), &planted).unwrap();
    ok(set(&planted, "p1.t1", "done"));
    assert_eq!(
        names_in(&victim),
        ["mine.status.ron", "mine.status.ron.lock"]
    );
}

#[test]
fn a_planted_lock_link_is_refused_and_creates_nothing() {
    let dir = folder();
    let victim = dir.path().join("victim");
    fs::create_dir(&victim).unwrap();
    let file = dir.path().join("s.status.ron");
    symlink(victim.join("x"), dir.path().join("s.status.ron.lock")).unwrap();
    let out = set(&file, "p1.t1", "done");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    assert!(names_in(&victim).is_empty(), "{:?}", names_in(&victim));
    assert!(!file.exists());
}

#[test]
fn rescued_changes_go_to_a_private_file_no_one_could_plant() {
    if !common::tmux::available() {
        return;
    }
    use common::tmux::{Tmux, wrapped};
    let dir = tempfile::tempdir().unwrap();
    // The data directory cannot be made (a file is where its parent would be), so the
    // rescue falls back to the temporary directory, a folder everyone may write to.
    fs::write(dir.path().join("not-a-dir"), "").unwrap();
    let data = dir.path().join("not-a-dir/data");
    let tmp = dir.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    chmod(&tmp, 0o777);
    let victim = dir.path().join("victim");
    fs::create_dir(&victim).unwrap();
    let (data_text, tmp_text) = (data.display().to_string(), tmp.display().to_string());
    let env = [
        ("LANG", "zh_CN.UTF-8"),
        ("PLANMEET_AUTHOR", "张三"),
        ("PLANMEET_DATA_DIR", data_text.as_str()),
        ("TMPDIR", tmp_text.as_str()),
    ];
    let t = Tmux::start_in(
        dir,
        120,
        40,
        &env,
        &wrapped("--status-file gone/x.status.ron"),
    );
    t.wait_ready();
    t.keys(&["Down", "Enter"]);
    t.wait_for("一.1 · ");
    t.keys(&["s"]);
    t.wait_for("未保存 1 条");
    let pid = Command::new("pgrep")
        .args(["-f", "-n", "gone/x.status.ron"])
        .output()
        .unwrap();
    let pid = String::from_utf8_lossy(&pid.stdout).trim().to_owned();
    assert!(!pid.is_empty(), "planmeet is running");
    // Another user plants links at every name a rescue file once had: time and pid.
    let now = jiff::Timestamp::now().as_second();
    for second in now - 2..now + 60 {
        let name = format!("unsaved-{second}-{pid}-{PLAN_ID}.status.ron");
        symlink(victim.join(format!("{second}.status.ron")), tmp.join(name)).unwrap();
    }
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let screen = t.wait_for("PLANMEET-EXITED");
    assert!(screen.contains("planmeet merge"), "{screen}");
    assert!(
        names_in(&victim).is_empty(),
        "written through a planted link"
    );
    let folders: Vec<PathBuf> = fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !fs::symlink_metadata(p).unwrap().is_symlink())
        .collect();
    assert_eq!(folders.len(), 1, "{folders:?}");
    assert_eq!(stat(&folders[0]).0, 0o700, "a folder of the user's alone");
    let rescued: Vec<PathBuf> = fs::read_dir(&folders[0])
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(rescued.len(), 1, "{rescued:?}");
    assert_eq!(stat(&rescued[0]).0, 0o600);
    let name = rescued[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        !name.contains(&format!("-{pid}-")),
        "a name that can be guessed: {name}"
    );
    assert_eq!(status_of(&rescued[0], "p1.t1"), "not-started");
}

// 6. One note can make the log unreadable for everyone.

#[test]
fn notes_are_capped_and_read_with_a_bound() {
    let dir = folder();
    let file = dir.path().join("s.status.ron");
    ok(set(&file, "p1.t1", "done"));
    let before = fs::read(&file).unwrap();
    let cap = planmeet::store::status_file::MAX_NOTE_BYTES;
    let big = "备".repeat(cap / 3 + 1);
    let out =
        run(planmeet(&["status", "set", "p1.t1", "--note", &big, "--status-file"]).arg(&file));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("at most 65536 bytes"),
        "{}",
        stderr(&out)
    );
    // A file past the cap, and one that never ends: refused after reading the cap.
    let note = dir.path().join("note.txt");
    fs::write(&note, "a".repeat(cap + 1)).unwrap();
    for source in [note.as_path(), Path::new("/dev/zero")] {
        let out = within(
            planmeet(&["status", "set", "p1.t1", "--note-file"])
                .arg(source)
                .arg("--status-file")
                .arg(&file),
            Duration::from_secs(2),
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    }
    assert_eq!(fs::read(&file).unwrap(), before, "nothing was written");
    // A note of the cap exactly is written.
    fs::write(&note, "a".repeat(cap)).unwrap();
    ok(run(planmeet(&["status", "set", "p1.t1", "--note-file"])
        .arg(&note)
        .arg("--status-file")
        .arg(&file)));
}

// 7. FIFOs and devices hang.

#[test]
fn a_fifo_or_a_device_is_refused_without_blocking() {
    let dir = folder();
    let fifo = dir.path().join("f.status.ron");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let quick = Duration::from_secs(10);
    let merged = dir.path().join("m.status.ron");
    let checks: Vec<(Vec<&str>, i32)> = vec![
        (vec!["status", "show", "--status-file"], 1),
        (
            vec![
                "status",
                "set",
                "p1.t1",
                "--status",
                "done",
                "--status-file",
            ],
            1,
        ),
        (vec!["show", "p1", "--plan"], 2),
        (vec!["validate"], 2),
        (vec!["merge", "-o", merged.to_str().unwrap()], 1),
    ];
    for (args, code) in checks {
        let out = within(planmeet(&args).arg(&fifo), quick);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("not a regular file"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let out = within(
        &mut planmeet(&["status", "show", "--status-file", "/dev/zero"]),
        quick,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
}

// 8. The end of the clock.

#[test]
fn a_line_at_the_end_of_the_clock_is_a_problem_and_the_last_change_wins() {
    let dir = folder();
    let file = dir.path().join("s.status.ron");
    fs::write(
        &file,
        format!(
            "Header(format_version: 1, plan: \"{PLAN_ID}\")\n\
             Change(at: \"9999-12-30T22:00:00.999999999Z\", author: \"x\", item: \"p1.t1\", \
             status: Done, id: \"ffffffffffffffff\")\n"
        ),
    )
    .unwrap();
    // Several rounds: with two changes sharing one time, the earlier won half the time.
    for (first, last) in [("behind", "at-risk"), ("at-risk", "behind")].repeat(4) {
        ok(set(&file, "p1.t1", first));
        let out = set(&file, "p1.t1", last);
        assert!(out.status.success());
        let place = format!("{}:2: ", file.display());
        assert!(stderr(&out).contains(&place), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("past the year 9000"),
            "{}",
            stderr(&out)
        );
        assert_eq!(status_of(&file, "p1.t1"), last);
    }
    // Nor can a change be written at such a time.
    let out = run(planmeet(&[
        "status",
        "set",
        "p1.t2",
        "--status",
        "done",
        "--status-file",
    ])
    .arg(&file)
    .env("PLANMEET_NOW", "9999-12-30T10:00:00+00:00"));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

// 9. `validate` ignores `--plan` and `PLANMEET_PLAN`.

#[test]
fn validate_checks_the_plan_named_by_flag_or_environment() {
    let dir = folder();
    let broken = dir.path().join("broken.ron");
    fs::write(&broken, "(format_version: 1, meta: (").unwrap();
    let out = run(planmeet(&["validate", "--plan"]).arg(&broken));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("broken.ron"), "{}", stderr(&out));
    let out = run(planmeet(&["validate"]).env("PLANMEET_PLAN", &broken));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // Files named on the line are what is checked; without any, the bundled plan.
    ok(run(&mut planmeet(&["validate"])));
}

// 10. Smaller.

#[test]
fn a_duplicate_id_with_different_contents_is_reported() {
    let dir = folder();
    let file = dir.path().join("s.status.ron");
    ok(set(&file, "p1.t1", "done"));
    let text = fs::read_to_string(&file).unwrap();
    let line = text.lines().nth(1).unwrap();
    let twin = line.replace("status: Done", "status: Behind");
    fs::write(&file, format!("{text}{twin}\n")).unwrap();
    let out = run(planmeet(&["status", "show", "--status-file"]).arg(&file));
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("more than once with different contents"),
        "{}",
        stderr(&out)
    );
    // Merging says so too.
    let out = run(planmeet(&["merge"])
        .arg(&file)
        .arg("-o")
        .arg(dir.path().join("m.status.ron")));
    assert!(
        stderr(&out).contains("differs between the inputs"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn refused_input_exits_2_and_creates_nothing() {
    let dir = folder();
    let file = dir.path().join("s.status.ron");
    let long = "长".repeat(201);
    let out = run(planmeet(&[
        "status", "set", "p1.t1", "--status", "done", "--author", &long,
    ])
    .arg("--status-file")
    .arg(&file));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        names_in(dir.path()).is_empty(),
        "{:?}",
        names_in(dir.path())
    );
    let data = dir.path().join("data");
    let out = run(
        planmeet(&["decision", "add", "--text", &"决".repeat(10_001)])
            .env("PLANMEET_DATA_DIR", &data),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!data.exists());
}

#[test]
fn an_unknown_language_or_a_time_for_a_date_is_refused() {
    for args in [
        &["--lang", "fr", "owners"][..],
        &["owners", "--lang", "de_DE.UTF-8"],
        &["--as-of", "2022-06-30T10:00", "owners"],
        &["status", "show", "--as-of", "2022-06-30T10:00"],
        &[
            "export",
            "ledger",
            "--format",
            "csv",
            "--as-of",
            "2022-06-30 10:00",
        ],
        &[
            "decision",
            "add",
            "--text",
            "x",
            "--due",
            "2022-06-30T10:00",
        ],
    ] {
        let out = run(&mut planmeet(args));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    for args in [
        &["--lang", "en", "owners"][..],
        &["--lang", "zh_CN.UTF-8", "owners"],
        &["--as-of", "2022-06-30", "owners"],
    ] {
        ok(run(&mut planmeet(args)));
    }
}

// The line index in a folder the user cannot write (issue 15).

/// A status file past the size from which `status set` reads through a line index beside
/// it (1 MiB): `items` changed in turn, ten years ago.
fn large_history(file: &Path, items: &[&str]) {
    use planmeet::model::annotation::{Change, Header, Key, Stamp, Status};
    use planmeet::store::status::{encode_header, encode_record};
    let old = Stamp::parse("2016-01-01T00:00:00+08:00").unwrap();
    let mut text = encode_header(&Header::new(PLAN_ID)).unwrap() + "\n";
    let mut i = 0usize;
    while text.len() < 1_300_000 {
        i += 1;
        let mut change = Change::new(&Key::new(items[i % items.len()], None));
        change.status = Some(Status::Behind);
        change.note = Some(format!("历史记录 {i}"));
        let at = Stamp::new(
            old.timestamp() + jiff::SignedDuration::from_mins(i as i64),
            old.offset(),
        );
        let record = change.into_record(format!("h{i:08}").into(), at, "王芳".into());
        text.push_str(&encode_record(&record).unwrap());
        text.push('\n');
    }
    fs::write(file, text).unwrap();
}

#[test]
fn a_folder_the_user_cannot_write_gets_no_index_and_loses_no_change() {
    if skipped("the line index in a read-only folder") {
        return;
    }
    // The folder is root's; the status file and its lock are Alice's to write.
    let dir = folder();
    let file = dir.path().join("big.status.ron");
    large_history(&file, &["p1.t1", "p1.t2", "p2.t1"]);
    let lock = dir.path().join("big.status.ron.lock");
    fs::write(&lock, "").unwrap();
    for path in [&file, &lock] {
        std::os::unix::fs::chown(path, Some(ALICE), Some(ALICE)).unwrap();
        chmod(path, 0o644);
    }
    let index = dir.path().join("big.status.ron.idx");
    let set_as_alice = |item: &str, status: &str| {
        let mut command = planmeet_as(
            ALICE,
            ALICE,
            &[],
            "022",
            &["status", "set", item, "--status", status, "--status-file"],
        );
        ok(run(command.arg(&file)))
    };
    // No index can be written: the change is made reading the file the ordinary way.
    set_as_alice("p1.t1", "done");
    assert!(
        !index.exists(),
        "an index appeared in a folder Alice cannot write"
    );
    assert_eq!(status_of(&file, "p1.t1"), "done");
    // An index root wrote goes stale under Alice's appends; she reads through it (and
    // cannot rewrite it), and no change is lost or misread.
    ok(set(&file, "p1.t2", "on-track"));
    assert!(index.exists(), "root's set wrote no index");
    set_as_alice("p1.t2", "done");
    set_as_alice("p2.t1", "at-risk");
    let last = set_as_alice("p1.t2", "behind");
    assert_eq!(status_of(&file, "p1.t1"), "done");
    assert_eq!(status_of(&file, "p1.t2"), "behind");
    assert_eq!(status_of(&file, "p2.t1"), "at-risk");
    // Undo through the stale index takes back Alice's last change, not another.
    let mut undo = planmeet_as(ALICE, ALICE, &[], "022", &["status", "undo", last.trim()]);
    ok(run(undo.arg("--status-file").arg(&file)));
    assert_eq!(status_of(&file, "p1.t2"), "done");
    assert_eq!(status_of(&file, "p2.t1"), "at-risk");
    // The folder holds nothing Alice made.
    assert_eq!(
        names_in(dir.path()),
        [
            "big.status.ron",
            "big.status.ron.idx",
            "big.status.ron.lock"
        ]
    );
}
