//! Go to anything and the unit field's suggestions, on the release binary in tmux, in
//! Chinese and in English: 市科技局 and kjj open the unit in Owners, a note's words open
//! its item with the words marked; a unit typed into the filter is taken from the list.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use common::tmux::{self, Tmux, wrapped};

struct Words {
    lang: &'static str,
    ready: &'static str,
    palette: &'static str,
    unit: &'static str,
    owners_tab: &'static str,
    note_kind: &'static str,
    unit_kind: &'static str,
    saved: &'static str,
    filtered: &'static str,
}

const ZH: Words = Words {
    lang: "zh_CN.UTF-8",
    ready: "详情",
    palette: "查找:",
    unit: "市科技局",
    owners_tab: "责任单位 ·",
    note_kind: "备注",
    unit_kind: "单位",
    saved: "已保存",
    filtered: "筛选",
};

const EN: Words = Words {
    lang: "en_US.UTF-8",
    ready: "Detail",
    palette: "Find:",
    unit: "Bureau of Science and",
    owners_tab: "Owners ·",
    note_kind: "Note",
    unit_kind: "Unit",
    saved: "saved",
    filtered: "filter ",
};

fn start(words: &Words, dir: &std::path::Path) -> Tmux {
    let file = dir.join("meeting.status.ron");
    let args = format!("--status-file '{}'", file.display());
    let env = [("LANG", words.lang), ("PLANMEET_AUTHOR", "张三")];
    let t = Tmux::start(120, 40, &env, &wrapped(&args));
    t.wait_for(words.ready);
    t
}

fn go_to_anything(words: &Words) {
    let dir = tempfile::tempdir().unwrap();
    let t = start(words, dir.path());
    // A note on the first sub-task, to be found again by its words.
    t.keys(&["Down", "Enter", "e"]);
    t.wait_for("Ctrl-s");
    t.type_text("孵化器名单周五前报送");
    t.keys(&["C-s"]);
    t.wait_for(words.saved);

    // 市科技局 by its name: the unit first, Enter opens it in Owners.
    for typed in ["市科技局", "kjj"] {
        t.keys(&[":"]);
        t.wait_for(words.palette);
        t.type_text(typed);
        let screen = t.wait_until("the unit listed first", |s| {
            s.lines()
                .any(|l| l.contains("▶ ") && l.contains(words.unit_kind) && l.contains(words.unit))
        });
        assert!(!screen.contains("kjj ·"), "no internal id shown:\n{screen}");
        t.keys(&["Enter"]);
        let screen = t.wait_for(words.owners_tab);
        assert!(
            screen
                .lines()
                .any(|l| l.contains("▶") && l.contains(words.unit)),
            "{screen}"
        );
        t.keys(&["1"]);
        t.wait_for(words.ready);
    }

    // The note's words: its item opens in the plan with the note shown.
    t.keys(&["C-p"]);
    t.wait_for(words.palette);
    t.type_text("孵化器名单");
    let chosen = |s: &str| {
        s.lines()
            .any(|l| l.contains('▶') && l.contains(words.note_kind) && l.contains("孵化器名单"))
    };
    t.wait_until("the note listed", |s| {
        s.lines()
            .any(|l| l.contains(words.note_kind) && l.contains("孵化器名单"))
    });
    for _ in 0..20 {
        if chosen(&t.screen()) {
            break;
        }
        t.keys(&["Down"]);
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    t.wait_until("the note chosen", chosen);
    t.keys(&["Enter"]);
    let screen = t.wait_until("the item with its note", |s| {
        !s.contains(words.palette) && s.contains("孵化器名单周五前报送")
    });
    assert!(screen.contains("1．"), "{screen}");

    // Esc leaves everything as it was.
    let before = t.screen();
    t.keys(&[":"]);
    t.wait_for(words.palette);
    t.type_text("kjj");
    t.wait_for(words.unit);
    t.keys(&["Escape"]);
    t.wait_until("the palette closed", |s| !s.contains(words.palette));
    assert_eq!(
        t.screen().lines().take(38).collect::<Vec<_>>(),
        before.lines().take(38).collect::<Vec<_>>()
    );
    t.keys(&["q"]);
}

fn filter_unit_suggestions(words: &Words) {
    let dir = tempfile::tempdir().unwrap();
    let t = start(words, dir.path());
    t.keys(&["f"]);
    t.keys(&["Down", "Down"]);
    t.type_text("kej");
    t.wait_for(words.unit);
    // Down to the first suggestion, Enter takes it into the field, Enter applies.
    let screen = t.screen();
    let at = screen
        .lines()
        .skip_while(|l| !l.contains("kej"))
        .skip(1)
        .position(|l| l.contains(words.unit))
        .unwrap();
    for _ in 0..=at {
        t.keys(&["Down"]);
    }
    t.wait_until("the unit chosen", |s| {
        s.lines().any(|l| l.contains("▶") && l.contains(words.unit))
    });
    t.keys(&["Enter"]);
    t.wait_until("the unit taken", |s| !s.contains("kej"));
    t.keys(&["Enter"]);
    let screen = t.wait_for(words.filtered);
    assert!(
        screen.lines().last().unwrap().contains(words.filtered),
        "{screen}"
    );
    t.keys(&["q"]);
}

#[test]
fn go_to_anything_in_chinese() {
    if !tmux::available() {
        return;
    }
    go_to_anything(&ZH);
}

#[test]
fn go_to_anything_in_english() {
    if !tmux::available() {
        return;
    }
    go_to_anything(&EN);
}

#[test]
fn the_filters_unit_field_suggests_in_chinese() {
    if !tmux::available() {
        return;
    }
    filter_unit_suggestions(&ZH);
}

#[test]
fn the_filters_unit_field_suggests_in_english() {
    if !tmux::available() {
        return;
    }
    filter_unit_suggestions(&EN);
}
