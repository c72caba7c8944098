//! A short meeting in the release binary, in a real terminal: start it, walk the agenda,
//! change a status, record a decision, close it — then the status file holds it all, and
//! a restart finds the decision.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use common::tmux::{self, Tmux, wrapped};

#[test]
fn a_short_meeting_in_the_terminal() {
    if !tmux::available() {
        return;
    }
    let env = [("LANG", "zh_CN.UTF-8"), ("PLANMEET_AUTHOR", "王芳")];
    let t = Tmux::start(120, 40, &env, &wrapped("--status-file meeting.status.ron"));
    t.wait_ready();
    t.keys(&["m"]);
    t.wait_for("开始会议");
    // Title as proposed; past date, time, place, chair and recorder, tick the first unit
    // in the list; start.
    t.keys(&["Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Space", "Enter"]);
    t.wait_for("● 会议中：");
    // The agenda of every item: the first is the overview, then each of its targets.
    t.keys(&["t"]);
    t.wait_for("全部事项（按文件顺序）");
    t.keys(&["1"]);
    t.wait_for("议程 1/");
    t.keys(&["]"]);
    t.wait_for("议程 2/");
    t.keys(&["S"]);
    t.wait_for("设置状态");
    t.keys(&["3"]);
    // Step 2 is the overview's first target, shown on its row of the targets view: the
    // status is the target's.
    t.wait_until("the status shown", |s| {
        s.lines()
            .any(|l| l.contains("▶") && l.contains("全社会研发") && l.contains("▲ 风险"))
    });
    t.keys(&["D"]);
    t.wait_for("已讨论 1");
    t.keys(&["d"]);
    t.wait_for("议定事项");
    t.type_text("十二月前报送数据");
    t.keys(&["Tab"]);
    t.type_text("2026-12-15");
    t.keys(&["Enter"]);
    t.wait_for("议定事项已记录");
    t.keys(&["6"]);
    let screen = t.wait_for("十二月前报送数据");
    assert!(screen.contains("2026-12-15"), "{screen}");
    t.keys(&["M"]);
    t.wait_for("结束会议？");
    t.keys(&["y"]);
    t.wait_until("the meeting closed", |s| !s.contains("● 会议中："));
    // x 1: the minutes of the meeting just held, as a page to print.
    t.keys(&["x"]);
    t.wait_for("会议纪要 HTML");
    t.keys(&["1"]);
    let screen = t.wait_for("已导出：");
    assert!(screen.contains("minutes-m"), "{screen}");
    let minutes = std::fs::read_dir(t.path("."))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("minutes-m"))
        .expect("the minutes file");
    let html = std::fs::read_to_string(minutes).unwrap();
    assert!(html.contains("十二月前报送数据"), "{html}");
    assert!(html.contains("存在风险"), "{html}");
    t.keys(&["q"]);
    t.wait_for("PLANMEET-EXITED");
    assert_eq!(t.wait_for_file(&t.path("exit.code")).trim(), "0");

    let text = std::fs::read_to_string(t.path("meeting.status.ron")).unwrap();
    assert!(text.contains("event: Open("), "{text}");
    assert!(text.contains("event: Close"), "{text}");
    assert!(text.contains("Discussed(item: "), "{text}");
    assert!(text.contains("status: AtRisk, meeting: \"m"), "{text}");
    assert!(text.contains("text: \"十二月前报送数据\""), "{text}");

    // Started again: the decision is there, the meeting closed.
    let again = Tmux::start_in(
        tempfile::tempdir().unwrap(),
        120,
        40,
        &env,
        &wrapped(&format!(
            "--status-file '{}'",
            t.path("meeting.status.ron").display()
        )),
    );
    again.wait_ready();
    again.keys(&["6"]);
    let screen = again.wait_for("十二月前报送数据");
    assert!(!screen.contains("● 会议中："), "{screen}");
}
