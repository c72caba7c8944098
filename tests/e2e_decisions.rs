//! The secretary's meeting work in the release binary, in a real terminal, in Chinese at
//! 120x40 and in English at 80x24: a meeting started with its chair, recorder, place and
//! time; a decision recorded, opened from the decisions view and its due date edited; then
//! `q` asks whether to close the meeting, and the answer is what the status file holds.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use common::tmux::{self, Tmux, wrapped};

/// What each language shows at each step.
struct Words {
    lang: &'static str,
    size: (u16, u16),
    start: &'static str,
    in_meeting: &'static str,
    /// The hint line of a form (the decision form's, once the meeting form is gone).
    form_hint: &'static str,
    recorded: &'static str,
    history: &'static str,
    edit: &'static str,
    edited: &'static str,
    quit: &'static str,
    /// The key that answers the question: close it and quit, or quit leaving it open.
    answer: &'static str,
    closes: bool,
}

const ZH: Words = Words {
    lang: "zh_CN.UTF-8",
    size: (120, 40),
    start: "开始会议",
    in_meeting: "会议中：",
    form_hint: "勾选单位",
    recorded: "议定事项已记录",
    history: "变更记录",
    edit: "修改议定事项",
    edited: "完成时限 → 2027-01-20",
    quit: "会议仍在进行",
    answer: "y",
    closes: true,
};

const EN: Words = Words {
    lang: "en_US.UTF-8",
    size: (80, 24),
    start: "Start a meeting",
    in_meeting: "in meeting: ",
    form_hint: "tick a unit",
    recorded: "Decision recorded",
    history: "History",
    edit: "Edit decision",
    edited: "Due → 2027-01-20",
    quit: "A meeting is open",
    answer: "n",
    closes: false,
};

fn walk(words: &Words) {
    if !tmux::available() {
        return;
    }
    let env = [("LANG", words.lang), ("PLANMEET_AUTHOR", "王芳")];
    let (width, height) = words.size;
    let t = Tmux::start(
        width,
        height,
        &env,
        &wrapped("--status-file meeting.status.ron"),
    );
    // The plan drawn (at 80 columns the document number has no room) and its status file
    // read.
    t.wait_until("the plan, with its status file read", |s| {
        s.contains(" 1/10 ") && !s.contains("读取中…") && !s.contains("reading…")
    });
    // m: title and date as proposed; time, place, chair, recorder typed.
    t.keys(&["m"]);
    t.wait_for(words.start);
    t.keys(&["Tab", "Tab"]);
    t.type_text("9:30");
    t.keys(&["Tab"]);
    t.type_text("三楼会议室");
    t.keys(&["Tab"]);
    t.type_text("李明");
    t.keys(&["Tab"]);
    t.type_text("王芳");
    t.keys(&["Enter"]);
    t.wait_for(words.in_meeting);
    // d on the first sub-task: a decision due 2026-12-15.
    t.keys(&["j", "Enter", "d"]);
    t.wait_for(words.form_hint);
    t.type_text("人才公寓交付");
    t.keys(&["Tab"]);
    t.type_text("2026-12-15");
    t.keys(&["Enter"]);
    t.wait_for(words.recorded);
    // 6, Enter: the decision opened; e: its due date edited.
    t.keys(&["6"]);
    t.wait_for("人才公寓交付");
    t.keys(&["Enter"]);
    let shown = t.wait_for(words.history);
    assert!(shown.contains("2026-12-15"), "{shown}");
    assert!(shown.contains("一.1"), "the item by its numbering\n{shown}");
    t.keys(&["e"]);
    t.wait_for(words.edit);
    t.keys(&["Tab"]);
    for _ in 0..12 {
        t.keys(&["BSpace"]);
    }
    t.type_text("2027-01-20");
    t.keys(&["Enter"]);
    t.wait_for(words.edited);
    // q: the question, with the keymap's keys; the answer.
    t.keys(&["q"]);
    let shown = t.wait_for(words.quit);
    assert!(shown.contains("Esc"), "{shown}");
    t.keys(&[words.answer]);
    t.wait_for("PLANMEET-EXITED");
    assert_eq!(t.wait_for_file(&t.path("exit.code")).trim(), "0");
    let file = std::fs::read_to_string(t.path("meeting.status.ron")).unwrap();
    assert!(file.contains("chair: \"李明\""), "{file}");
    assert!(file.contains("recorder: \"王芳\""), "{file}");
    assert!(file.contains("place: \"三楼会议室\""), "{file}");
    assert!(file.contains("time: \"09:30:00\""), "{file}");
    assert!(file.contains("due: \"2027-01-20\""), "{file}");
    assert_eq!(
        file.contains("event: Close"),
        words.closes,
        "closed only when asked to: {file}"
    );
}

#[test]
fn a_decision_edited_and_the_meeting_closed_on_quit_in_chinese() {
    walk(&ZH);
}

#[test]
fn a_decision_edited_and_the_meeting_left_open_on_quit_in_english() {
    walk(&EN);
}
