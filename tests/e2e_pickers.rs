//! Unit pickers that find units as they are typed, in the release binary in a real
//! terminal: in the meeting form the attendee list takes 科技 (the list narrows to the
//! units so named) and kjj (市科技局 first), Space ticks 市科技局, the ticked line names it,
//! Esc empties the find line and Enter starts the meeting: the status file holds its
//! attendee. The same in the decision form. In Chinese at 120x40, and in English at
//! 80x24 with `--ascii` and NO_COLOR.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use common::tmux::{self, Tmux, wrapped};

struct Words {
    lang: &'static str,
    size: (u16, u16),
    args: &'static str,
    no_color: bool,
    start: &'static str,
    in_meeting: &'static str,
    decision: &'static str,
    recorded: &'static str,
    /// The find line's count of what 科技 finds.
    found: &'static str,
    /// 市科技局 and 市科技领导小组成员单位 as the list names them.
    kjj: &'static str,
    kjlx: &'static str,
    /// A unit 科技 does not find.
    other: &'static str,
    ticked: &'static str,
    tick_mark: &'static str,
}

const ZH: Words = Words {
    lang: "zh_CN.UTF-8",
    size: (120, 40),
    args: "",
    no_color: false,
    start: "开始会议",
    in_meeting: "会议中：",
    decision: "完成时限",
    recorded: "议定事项已记录",
    found: "找到 2 个",
    kjj: "市科技局",
    kjlx: "市科技领导小组成员单位",
    other: "市委组织部",
    ticked: "已选：市科技局",
    tick_mark: "☑",
};

const EN: Words = Words {
    lang: "en_US.UTF-8",
    size: (80, 24),
    args: "--ascii",
    no_color: true,
    start: "Start a meeting",
    in_meeting: "in meeting: ",
    decision: "Due   ",
    recorded: "Decision recorded",
    found: "2 found",
    kjj: "Bureau of Science and Technology",
    kjlx: "Member units of the Municipal Science",
    other: "Organisation Department",
    ticked: "Ticked: Bureau of Science and Technology",
    tick_mark: "[x]",
};

/// In the open form, on its unit list: 科技 narrows it, kjj puts 市科技局 first, Space
/// ticks it, Esc empties the find line (the tick stays).
fn find_and_tick(t: &Tmux, words: &Words) {
    t.type_text("科技");
    let shown = t.wait_for(words.found);
    assert!(
        shown.contains(words.kjj) && shown.contains(words.kjlx),
        "{shown}"
    );
    assert!(!shown.contains(words.other), "the list narrowed:\n{shown}");
    // Esc empties the find line; the form stays.
    t.keys(&["Escape"]);
    t.wait_until("every unit listed again", |s| s.contains(words.other));
    t.type_text("kjj");
    t.wait_until("kjj finds 市科技局 alone", |s| {
        !s.contains(words.kjlx) && s.contains(words.kjj)
    });
    t.keys(&["Space"]);
    let shown = t.wait_for(words.ticked);
    assert!(shown.contains(words.tick_mark), "{shown}");
    t.keys(&["Escape"]);
    let shown = t.wait_until("every unit listed, 市科技局 still ticked", |s| {
        s.contains(words.other) && s.contains(words.ticked)
    });
    assert!(!shown.contains(words.found), "{shown}");
}

fn walk(words: &Words) {
    if !tmux::available() {
        return;
    }
    let mut env = vec![("LANG", words.lang), ("PLANMEET_AUTHOR", "王芳")];
    if words.no_color {
        env.push(("NO_COLOR", "1"));
    }
    let (width, height) = words.size;
    let t = Tmux::start(
        width,
        height,
        &env,
        &wrapped(&format!("--status-file pick.status.ron {}", words.args)),
    );
    t.wait_until("the plan, with its status file read", |s| {
        s.contains(" 1/10 ") && !s.contains("读取中…") && !s.contains("reading…")
    });
    // m, then Shift-Tab from the title to the attendees.
    t.keys(&["m"]);
    t.wait_for(words.start);
    t.keys(&["BTab"]);
    find_and_tick(&t, words);
    t.keys(&["Enter"]);
    t.wait_for(words.in_meeting);
    // d on the overview (no lead unit ticked to start with): text, then Shift-Tab to the
    // responsible units.
    t.keys(&["d"]);
    t.wait_for(words.decision);
    t.type_text("人才公寓交付");
    t.keys(&["BTab"]);
    find_and_tick(&t, words);
    t.keys(&["Enter"]);
    t.wait_for(words.recorded);
    t.keys(&["q"]);
    t.wait_until("the question on quitting", |s| s.contains("Esc"));
    t.keys(&["y"]);
    t.wait_for("PLANMEET-EXITED");
    assert_eq!(t.wait_for_file(&t.path("exit.code")).trim(), "0");
    let file = std::fs::read_to_string(t.path("pick.status.ron")).unwrap();
    assert!(file.contains("attendees: [\"kjj\"]"), "{file}");
    assert!(file.contains("units: [\"kjj\"]"), "{file}");
}

#[test]
fn units_found_as_typed_in_the_meeting_and_decision_forms_in_chinese() {
    walk(&ZH);
}

#[test]
fn units_found_as_typed_in_english_at_80x24_in_ascii_without_colour() {
    walk(&EN);
}
