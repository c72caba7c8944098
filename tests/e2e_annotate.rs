//! Annotating in the release binary in a real terminal: a change made on screen is on disk,
//! survives a restart, reaches a colleague's screen on the same file, and is not lost when
//! the disk refuses it or the process is told to stop.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::tmux::{self, BINARY, Tmux, wrapped};

fn env(author: &str) -> Vec<(&str, &str)> {
    vec![("LANG", "zh_CN.UTF-8"), ("PLANMEET_AUTHOR", author)]
}

/// What `planmeet status show --format json` says about the file.
fn status_json(file: &Path) -> String {
    let output = std::process::Command::new(BINARY)
        .args(["status", "show", "--format", "json", "--status-file"])
        .arg(file)
        .output()
        .expect("planmeet runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// Into programme 一's items: 1．建设高水平创新平台 is selected.
fn select_first_task(t: &Tmux) {
    t.keys(&["Down", "Enter"]);
    t.wait_for("一.1 · ");
}

#[test]
fn annotate_quit_and_find_it_again() {
    if !tmux::available() {
        return;
    }
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("meeting.status.ron");
    let args = format!("--status-file '{}'", file.display());
    let t = Tmux::start(120, 40, &env("张三"), &wrapped(&args));
    t.wait_ready();
    select_first_task(&t);
    t.keys(&["s", "s"]);
    t.wait_for("● 正常");
    t.keys(&["p"]);
    t.wait_for("进度（%）");
    t.type_text("60");
    t.keys(&["Enter"]);
    t.wait_for("进度 60%");
    t.keys(&["e"]);
    t.wait_for("Ctrl-s 保存");
    t.type_text("资金已到位，按期推进");
    t.keys(&["C-s"]);
    // Shown at once; marked saved once the writer has it on disk.
    let screen = t.wait_until("the note, saved", |s| {
        s.contains("备注: 资金已到位，按期推进") && s.contains("✎ 张三 已保存")
    });
    assert!(screen.contains("修改记录 (4)"), "{screen}");
    t.keys(&["q"]);
    t.wait_for("PLANMEET-EXITED");
    assert_eq!(t.wait_for_file(&t.path("exit.code")).trim(), "0");
    let json = status_json(&file);
    assert!(json.contains("\"status\": \"on-track\""), "{json}");
    assert!(json.contains("资金已到位"), "{json}");

    // A new session on the same file shows it all.
    let again = Tmux::start(120, 40, &env("李四"), &wrapped(&args));
    again.wait_ready();
    select_first_task(&again);
    let screen = again.wait_for("备注: 资金已到位，按期推进");
    assert!(screen.contains("● 正常推进 · 进度 60%"), "{screen}");
    assert!(screen.contains("张三"), "{screen}");
}

#[test]
fn two_coordinators_on_one_file_see_each_others_changes() {
    if !tmux::available() {
        return;
    }
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("shared.status.ron");
    let args = format!("--status-file '{}'", file.display());
    let a = Tmux::start(120, 40, &env("张三"), &wrapped(&args));
    let b = Tmux::start(120, 40, &env("李四"), &wrapped(&args));
    a.wait_ready();
    b.wait_ready();
    select_first_task(&a);
    select_first_task(&b);
    // B starts a note and is still typing when A's change arrives.
    b.keys(&["e"]);
    b.wait_for("Ctrl-s 保存");
    b.type_text("李四正在写");
    a.keys(&["S"]);
    a.wait_for("设置状态");
    a.keys(&["3"]);
    a.wait_for("已保存");
    let saved_at = Instant::now();
    let screen = b.wait_for("张三 修改了 1．");
    assert!(
        saved_at.elapsed() < Duration::from_millis(2500),
        "arrived after {:?}",
        saved_at.elapsed()
    );
    assert!(screen.contains("存在风险"), "{screen}");
    assert!(screen.contains("李四正在写"), "typed text kept:\n{screen}");
    b.keys(&["C-s"]);
    // And back the other way.
    a.wait_for("李四 修改了 1．");
    let screen = a.wait_for("备注: 李四正在写");
    assert!(screen.contains("▲ 存在风险"), "{screen}");
}

#[test]
fn a_full_disk_is_reported_and_quitting_asks_first() {
    if !tmux::available() {
        return;
    }
    // A file-size limit of zero blocks: every write that grows a file fails (EFBIG).
    // Only planmeet runs under the limit; the script around it must still write files.
    let command = wrapped("--status-file limited.status.ron").replacen(
        &format!("{BINARY} --status-file"),
        &format!("(ulimit -f 0; exec {BINARY} --status-file"),
        1,
    );
    let command = command.replacen("limited.status.ron;", "limited.status.ron);", 1);
    let t = Tmux::start(120, 40, &env("张三"), &command);
    t.wait_ready();
    select_first_task(&t);
    t.keys(&["s"]);
    let screen = t.wait_for("未保存 1 条");
    assert!(screen.contains("File too large"), "{screen}");
    // Shown, kept, retried; quitting asks what to do with it.
    assert!(screen.contains("○ 未启动"), "{screen}");
    t.keys(&["q"]);
    let screen = t.wait_for("有修改未保存");
    assert!(screen.contains("另存到其他文件"), "{screen}");
    t.keys(&["Escape"]);
    t.wait_until("the dialog closed", |s| !s.contains("有修改未保存"));
    t.keys(&["q", "Q"]);
    // Nowhere to write under the limit: the process says so and fails.
    let screen = t.wait_for("PLANMEET-EXITED");
    // After the terminal is back, in the interface language (zh_CN here).
    let joined: String = screen.lines().map(str::trim_end).collect();
    assert!(joined.contains("条修改无法写入任何文件"), "{screen}");
    assert_eq!(t.wait_for_file(&t.path("exit.code")).trim(), "1");
}

#[test]
fn a_change_that_cannot_be_written_is_rescued_when_told_to_stop() {
    if !tmux::available() {
        return;
    }
    // The shared folder is gone (unmounted): the change stays unsaved.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_text = data.display().to_string();
    let mut environment = env("张三");
    environment.push(("PLANMEET_DATA_DIR", &data_text));
    let command = wrapped("--status-file gone/shared.status.ron");
    let t = Tmux::start_in(dir, 120, 40, &environment, &command);
    t.wait_ready();
    select_first_task(&t);
    t.keys(&["s"]);
    t.wait_for("未保存 1 条");
    let pid = std::process::Command::new("pgrep")
        .args(["-f", "-n", "gone/shared.status.ron"])
        .output()
        .unwrap();
    let pid = String::from_utf8_lossy(&pid.stdout).trim().to_owned();
    assert!(!pid.is_empty(), "planmeet is running");
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let screen = t.wait_for("PLANMEET-EXITED");
    // The line may wrap anywhere (the path's length varies): read it joined.
    let joined: String = screen.lines().map(str::trim_end).collect();
    assert!(
        joined.contains("未能写入状态文件") && joined.contains("合并回来"),
        "{screen}"
    );
    let rescued: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".status.ron"))
        .collect();
    assert_eq!(rescued.len(), 1, "{rescued:?}");
    let json = status_json(&rescued[0]);
    assert!(json.contains("\"item\": \"p1.t1\""), "{json}");
    assert!(json.contains("not-started"), "{json}");
}

#[test]
fn x_exports_the_ledger_to_the_file_it_names() {
    if !tmux::available() {
        return;
    }
    let t = Tmux::start(
        120,
        40,
        &env("张三"),
        &wrapped("--status-file meeting.status.ron --as-of 2026-11-27"),
    );
    t.wait_ready();
    // No meeting yet: no minutes, and the message says why.
    t.keys(&["x"]);
    t.wait_for("台账（按工程）HTML");
    t.keys(&["1"]);
    t.wait_for("还没有会议，没有纪要可导出");
    t.keys(&["x"]);
    t.wait_for("台账（按工程）HTML");
    t.keys(&["3"]);
    let screen = t.wait_for("已导出：");
    let path = t.path("ledger-by-programme-2026-11-27.html");
    assert!(
        screen.contains("ledger-by-programme-2026-11-27.html"),
        "{screen}"
    );
    let html = std::fs::read_to_string(&path).unwrap();
    // The printed 台账: the document's numbering in 序号, the title in 工作任务.
    assert!(
        html.contains("一.1<br>") && html.contains(">建设高水平创新平台<"),
        "{html}"
    );
    // A second export never overwrites the first.
    t.keys(&["x"]);
    t.wait_for("台账（按工程）HTML");
    t.keys(&["3"]);
    t.wait_for("ledger-by-programme-2026-11-27-2.html");
    assert!(t.path("ledger-by-programme-2026-11-27-2.html").exists());
}

#[test]
fn reviewing_a_past_date_shows_the_plan_as_it_stood_and_changes_nothing() {
    if !tmux::available() {
        return;
    }
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("history.status.ron");
    for (now, status) in [
        ("2022-06-01T10:00:00+08:00", "at-risk"),
        ("2026-11-20T10:00:00+08:00", "done"),
    ] {
        let status = std::process::Command::new(BINARY)
            .args([
                "status", "set", "p1.t1", "--status", status, "--author", "王芳",
            ])
            .arg("--status-file")
            .arg(&file)
            .env("PLANMEET_NOW", now)
            .status()
            .unwrap();
        assert!(status.success());
    }
    let args = format!("--status-file '{}' --as-of 2022-12-31", file.display());
    let t = Tmux::start(120, 40, &env("张三"), &wrapped(&args));
    t.wait_for("截至 2022-12-31（只读）");
    select_first_task(&t);
    let screen = t.wait_for("▲ 存在风险");
    assert!(
        !screen.contains("已完成"),
        "the later change is not seen:\n{screen}"
    );
    t.keys(&["s"]);
    t.wait_for("正在查看 2022-12-31 的情况（--as-of）：只读");
    t.keys(&["q"]);
    t.wait_for("PLANMEET-EXITED");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap().lines().count(),
        3,
        "header and the two changes, nothing added"
    );
}

#[test]
fn a_saved_filter_is_there_after_a_restart() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let file = dir.path().join("f.status.ron");
    let command = wrapped(&format!("--status-file '{}'", file.display()));
    let mut environment = env("张三");
    let config_text = config.display().to_string();
    environment.push(("PLANMEET_CONFIG_DIR", &config_text));
    let t = Tmux::start(120, 40, &environment, &command);
    t.wait_ready();
    t.keys(&["f"]);
    t.wait_for("保存为");
    // Programme 二 only, saved as 二.
    t.keys(&["Down", "Down", "Down", "Right", "Right", "Down", "Down"]);
    t.type_text("产业链");
    t.keys(&["C-s"]);
    let screen = t.wait_for("筛选“产业链”已保存到");
    assert!(screen.contains("filters.ron"), "{screen}");
    t.keys(&["q"]);
    t.wait_for("PLANMEET-EXITED");
    let saved = std::fs::read_to_string(config.join("filters.ron")).unwrap();
    assert!(saved.contains("\"产业链\""), "{saved}");

    let again = Tmux::start(120, 40, &environment, &command);
    again.wait_ready();
    again.keys(&["f", "PageDown", "Enter"]);
    let screen = again.wait_for("筛选 3/66");
    // The navigator moved to the one programme with items left.
    assert!(screen.contains("▶ （二）产业链创新链融"), "{screen}");
    assert!(screen.contains("1．围绕产业链部署创新链"), "{screen}");
}
