//! planmeet over a real SSH connection (an sshd of the test's own on 127.0.0.1), inside
//! tmux as a coordinator would run it: annotate, lose the connection, and find the
//! annotation kept and no planmeet left behind; two coordinators on one status file see
//! each other's changes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::sshd::{self, Sshd};
use common::tmux::{self, Tmux};

/// The statuses as the Chinese interface shows them, with their command-line names.
const STATUSES: &[(&str, &str)] = &[
    ("未启动", "not-started"),
    ("正常推进", "on-track"),
    ("存在风险", "at-risk"),
    ("进度滞后", "behind"),
    ("已完成", "done"),
    ("暂缓", "deferred"),
];

/// A tmux session whose pane runs planmeet on the far side of `ssh -tt`, its status file
/// `status`. The ssh client's pid is written to `ssh.pid` in the session's directory.
fn ssh_session(sshd: &Sshd, link: &str, status: &Path, author: &str) -> Tmux {
    let dir = tempfile::tempdir().unwrap();
    let remote = format!(
        "env LANG=zh_CN.UTF-8 PLANMEET_AUTHOR={author} PLANMEET_CONFIG_DIR={config} \
         {link} --status-file {status}",
        config = dir.path().join("config").display(),
        status = status.display(),
    );
    let command = format!("echo $$ > ssh.pid; exec {}", sshd.ssh_command(&remote));
    Tmux::start_in(dir, 120, 32, &[], &command)
}

/// The status shown on the items-list row of `title`: after the title, before the pane's
/// right border (the detail pane may show the same title on another row's line).
fn row_status(screen: &str, title: &str) -> Option<&'static str> {
    screen
        .lines()
        .flat_map(|line| line.split(title).skip(1))
        .filter_map(|after| after.split(['│', '┃']).next())
        .find_map(|row| {
            STATUSES
                .iter()
                .find(|(label, _)| row.contains(label))
                .map(|(_, name)| *name)
        })
}

/// Open programme 一's items and annotate the selected one with `s`; the status it shows.
fn annotate_first_item(t: &Tmux) -> &'static str {
    t.wait_for("详情");
    t.wait_ready();
    t.keys(&["Down", "Enter"]);
    t.wait_for("一.1 · ");
    t.keys(&["s"]);
    let screen = t.wait_until("a status on the row of p1.t1", |s| {
        row_status(s, "1．建设高水平创新平台").is_some()
    });
    row_status(&screen, "1．建设高水平创新平台").unwrap()
}

/// `planmeet status show --format json` of the status file: (item, status) pairs.
fn statuses_on_disk(status: &Path) -> Vec<(String, String)> {
    let output = Command::new(tmux::BINARY)
        .args(["status", "show", "--format", "json", "--status-file"])
        .arg(status)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the status file loads: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    rows.as_array()
        .expect("an array")
        .iter()
        .map(|row| {
            (
                row["item"].as_str().unwrap_or_default().to_owned(),
                row["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_dropped_connection_keeps_the_annotation_and_leaves_no_planmeet_behind() {
    if !tmux::available() {
        return;
    }
    let Some(sshd) = sshd::start() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let link = tmux::private_binary(work.path(), "planmeet-ssh-drop");
    let status = work.path().join("meeting.status.ron");
    let t = ssh_session(&sshd, &link, &status, "coordinator-a");
    let shown = annotate_first_item(&t);
    // Acknowledged on screen means on disk, before the connection is cut.
    assert!(
        statuses_on_disk(&status).contains(&("p1.t1".into(), shown.into())),
        "{:?}",
        statuses_on_disk(&status)
    );
    let ssh_pid = t.wait_for_file(&t.path("ssh.pid")).trim().to_owned();
    let killed = Command::new("kill")
        .args(["-9", &ssh_pid])
        .status()
        .unwrap();
    assert!(killed.success(), "the ssh client {ssh_pid} was killed");
    // sshd sees the connection close, hangs up the pty; planmeet must end by itself.
    tmux::wait_gone(&link, Duration::from_secs(5));
    let after = statuses_on_disk(&status);
    assert!(
        after.contains(&("p1.t1".into(), shown.into())),
        "the annotation survived the drop: {after:?}"
    );
    // Nothing was torn: every line of the log is read.
    let log = Command::new(tmux::BINARY)
        .args(["status", "log", "--format", "json", "--status-file"])
        .arg(&status)
        .output()
        .unwrap();
    assert!(log.status.success());
    assert!(
        log.stderr.is_empty(),
        "no damaged line reported: {}",
        String::from_utf8_lossy(&log.stderr)
    );
    // Logging in again, the annotation is on the row.
    let again = ssh_session(&sshd, &link, &status, "coordinator-a");
    again.wait_for("详情");
    again.keys(&["Down", "Enter"]);
    again.wait_until("the annotation after logging in again", |s| {
        row_status(s, "1．建设高水平创新平台") == Some(shown)
    });
    again.keys(&["q"]);
    tmux::wait_gone(&link, Duration::from_secs(5));
}

#[test]
fn two_coordinators_over_ssh_see_each_others_changes() {
    if !tmux::available() {
        return;
    }
    let Some(sshd) = sshd::start() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let link = tmux::private_binary(work.path(), "planmeet-ssh-pair");
    let status = work.path().join("meeting.status.ron");
    let a = ssh_session(&sshd, &link, &status, "coordinator-a");
    let b = ssh_session(&sshd, &link, &status, "coordinator-b");
    // B looks at the same items list.
    b.wait_for("详情");
    b.wait_ready();
    b.keys(&["Down", "Enter"]);
    b.wait_for("一.1 · ");
    // A annotates the first sub-task; B sees it without touching a key.
    let by_a = annotate_first_item(&a);
    b.wait_until_within(Duration::from_secs(3), "A's change on B's screen", |s| {
        row_status(s, "1．建设高水平创新平台") == Some(by_a)
    });
    // B annotates the second; A sees that.
    b.keys(&["Down"]);
    b.wait_for("一.2 · ");
    b.keys(&["s"]);
    let screen = b.wait_until("a status on the row of p1.t2", |s| {
        row_status(s, "2．引育高层次创新人才").is_some()
    });
    let by_b = row_status(&screen, "2．引育高层次创新人才").unwrap();
    a.wait_until_within(Duration::from_secs(3), "B's change on A's screen", |s| {
        row_status(s, "2．引育高层次创新人才") == Some(by_b)
    });
    let on_disk = statuses_on_disk(&status);
    assert!(
        on_disk.contains(&("p1.t1".into(), by_a.into())),
        "{on_disk:?}"
    );
    assert!(
        on_disk.contains(&("p1.t2".into(), by_b.into())),
        "{on_disk:?}"
    );
    for t in [&a, &b] {
        t.keys(&["q"]);
    }
    tmux::wait_gone(&link, Duration::from_secs(5));
}
