//! The release binary in a real terminal (tmux), used as a coordinator would: open the plan,
//! walk to a sub-task, read it, search, resize, quit — and find the terminal as it was.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use common::tmux::{self, Tmux, wrapped};

const ZH: &[(&str, &str)] = &[("LANG", "zh_CN.UTF-8")];
const C: &[(&str, &str)] = &[("LANG", "C.UTF-8")];

fn assert_restored(t: &Tmux) {
    t.wait_for("PLANMEET-EXITED");
    assert!(
        !t.alternate_screen(),
        "the screen is back to the main buffer"
    );
    let before = t.wait_for_file(&t.path("stty.before"));
    let after = t.wait_for_file(&t.path("stty.after"));
    assert_eq!(before, after, "terminal settings restored exactly");
    assert_eq!(t.wait_for_file(&t.path("exit.code")).trim(), "0");
}

#[test]
fn open_walk_to_a_sub_task_read_it_and_quit_at_120x40_in_chinese() {
    if !tmux::available() {
        return;
    }
    let t = Tmux::start(120, 40, ZH, &wrapped(""));
    let screen = t.wait_for("柳办发〔2021〕18号");
    assert!(t.alternate_screen());
    for tab in ["1 计划", "2 责任单位", "3 指标", "4 县区分解", "5 总览"] {
        assert!(screen.contains(tab), "tab {tab} in:\n{screen}");
    }
    // Three panes at 120 columns: navigator, items, detail.
    assert!(
        screen.contains("目录") && screen.contains("详情"),
        "{screen}"
    );
    // Programme 一, into its items, second sub-task.
    t.keys(&["Down", "Tab", "Down"]);
    // The detail pane's breadcrumb names the selected item once the last key is handled.
    let screen = t.wait_for("一.2 · ");
    assert!(screen.contains("2．引育高层次创新人才"), "{screen}");
    assert!(
        screen.contains("高精尖缺"),
        "the body text is shown:\n{screen}"
    );
    // Into the detail, to its end (End saturates, drawing stops at the last line): the
    // units are there, the lead marked.
    t.keys(&["Tab", "End"]);
    let screen = t.wait_for("市委组织部（牵头）");
    assert!(screen.contains("★"), "{screen}");
    t.keys(&["q"]);
    assert_restored(&t);
}

#[test]
fn english_at_80x24_has_two_panes_and_english_titles() {
    if !tmux::available() {
        return;
    }
    let t = Tmux::start(80, 24, C, &wrapped(""));
    let screen = t.wait_for("1 Plan");
    // Seven full English tab names do not fit in 80 columns: the others are shortened,
    // never bare numbers.
    let tabs = screen.lines().next().unwrap_or("");
    assert!(
        tabs.contains(" 2 Owners ") && tabs.contains(" 4 Distr. "),
        "{screen}"
    );
    assert!(
        !screen.contains("Detail"),
        "two panes at 80 columns:\n{screen}"
    );
    t.keys(&["Down", "Enter"]);
    // Focus moves to the items: the two panes are now items and detail.
    let screen = t.wait_for("Detail");
    // The plan's English titles, numbered as in English; the document's heading below.
    assert!(
        screen.contains("1. Build high-level") && screen.contains("1．建设高水平创新平台"),
        "items and detail:\n{screen}"
    );
    t.keys(&["q"]);
    assert_restored(&t);
}

#[test]
fn resizing_re_lays_the_screen_at_once() {
    if !tmux::available() {
        return;
    }
    let t = Tmux::start(120, 40, ZH, &wrapped(""));
    t.wait_for("详情");
    t.resize(80, 24);
    t.wait_until("two panes", |s| s.contains("目录") && !s.contains("详情"));
    t.resize(50, 20);
    // One pane, with a breadcrumb naming the view.
    t.wait_until("one pane with a breadcrumb", |s| {
        s.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("计划 › 总体要求"))
            && s.contains("目录")
    });
    t.resize(30, 8);
    t.wait_for("请放大终端窗口");
    t.resize(120, 40);
    t.wait_for("详情");
    t.keys(&["q"]);
    assert_restored(&t);
}

#[test]
fn search_by_pinyin_initials_jumps_to_the_unit() {
    if !tmux::available() {
        return;
    }
    let t = Tmux::start(120, 40, ZH, &wrapped(""));
    t.wait_for("详情");
    t.keys(&["/"]);
    t.type_text("gaoxin");
    let screen = t.wait_for("/gaoxin");
    assert!(screen.contains("高新"), "{screen}");
    // Esc and / sent together read as Alt-/ (an escape sequence): wait between them,
    // as a person does.
    t.keys(&["Escape"]);
    t.wait_until("the search closed", |s| {
        !s.lines().last().is_some_and(|l| l.starts_with("/gaoxin"))
    });
    // In the owners view, / looks through units: kjj is 市科技局 (its id and its initials),
    // and the status line says the hit matched a unit.
    t.keys(&["2"]);
    t.wait_for("责任单位 ·");
    t.keys(&["/"]);
    t.type_text("kjj");
    t.keys(&["Enter"]);
    let screen = t.wait_until("the search confirmed", |s| {
        s.lines().last().is_some_and(|l| l.starts_with("/kjj  1/"))
    });
    assert!(screen.lines().last().unwrap().contains("单位"), "{screen}");
    let screen = t.wait_for("▶ 市科技局");
    assert!(
        screen.contains("责任单位 ·"),
        "the owners view is still shown:\n{screen}"
    );
    t.keys(&["q"]);
    assert_restored(&t);
}

#[test]
fn a_plan_that_fails_to_load_is_reported_before_the_screen_is_taken() {
    if !tmux::available() {
        return;
    }
    let t = Tmux::start(100, 30, ZH, &wrapped("--plan missing.ron"));
    let screen = t.wait_for("PLANMEET-EXITED");
    assert!(screen.contains("missing.ron"), "{screen}");
    assert_eq!(t.wait_for_file(&t.path("exit.code")).trim(), "2");
}

/// Run planmeet through a link of the test's own, so a signal can be sent to this test's
/// process alone (`pkill -f` on a path no other test uses).
fn start_signal_target(t_env: &[(&str, &str)]) -> (Tmux, String) {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("planmeet-under-test");
    std::os::unix::fs::symlink(tmux::BINARY, &link).unwrap();
    let link = link.display().to_string();
    let command = wrapped("").replacen(tmux::BINARY, &link, 1);
    (Tmux::start_in(dir, 100, 30, t_env, &command), link)
}

fn signal_restores_the_terminal(signal: &str) {
    if !tmux::available() {
        return;
    }
    let (t, link) = start_signal_target(ZH);
    t.wait_for("详情");
    t.keys(&["Down", "Tab"]);
    t.wait_for("1．建设高水平创新平台");
    let status = std::process::Command::new("pkill")
        // Anchored, so the shell whose script mentions the path is not matched.
        .args([&format!("-{signal}"), "-f", &format!("^{link}")])
        .status()
        .unwrap();
    assert!(status.success(), "the process was found and signalled");
    t.wait_for("PLANMEET-EXITED");
    assert!(
        !t.alternate_screen(),
        "back to the main screen after SIG{signal}"
    );
    let before = t.wait_for_file(&t.path("stty.before"));
    let after = t.wait_for_file(&t.path("stty.after"));
    assert_eq!(
        before, after,
        "terminal settings restored after SIG{signal}"
    );
    // No planmeet left behind.
    let left = std::process::Command::new("pgrep")
        .args(["-f", &format!("^{link}")])
        .output()
        .unwrap();
    assert!(
        left.stdout.is_empty(),
        "process still running after SIG{signal}"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("HUP");
}

#[test]
fn sigint_restores_the_terminal() {
    signal_restores_the_terminal("INT");
}

/// The terminal disappears under planmeet (the tmux server is killed, as when an SSH
/// connection dies with its pty): planmeet must end by itself, not spin on a dead tty.
#[test]
fn a_vanished_terminal_ends_the_process() {
    if !tmux::available() {
        return;
    }
    let (t, link) = start_signal_target(ZH);
    t.wait_for("详情");
    drop(t);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let left = std::process::Command::new("pgrep")
            .args(["-f", &format!("^{link}")])
            .output()
            .unwrap();
        if left.stdout.is_empty() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "planmeet still running 5 s after its terminal vanished"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
