//! What a meeting must be able to trust, in the release binary in a real terminal, in
//! Chinese and in English: items named by the document's numbers (never internal ids),
//! a name asked for (and kept for the command line) when nobody is known, a pasted title
//! that does not submit its form, and the Changes view's net change with its steps.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use common::tmux::{self, BINARY, Tmux, wrapped};

struct Words {
    lang: &'static str,
    first_where: &'static str,
    name_prompt: &'static str,
    on_track: &'static str,
    three_steps: &'static str,
    net: &'static str,
    step: &'static str,
    meeting_form: &'static str,
    id_line: &'static str,
}

const ZH: Words = Words {
    lang: "zh_CN.UTF-8",
    first_where: "一.1 · ",
    name_prompt: "先告诉我们您的姓名",
    on_track: "未启动",
    three_steps: "3 步",
    net: "状态 未标注 → 存在风险",
    step: "└ 状态 → 正常推进",
    meeting_form: "开始会议",
    id_line: "命令行编号：p1.t1",
};

const EN: Words = Words {
    lang: "en_US.UTF-8",
    first_where: "1.1 · ",
    name_prompt: "First, your name",
    on_track: "Not started",
    three_steps: "3 steps",
    net: "Status Not annotated → At risk",
    step: "└ Status → On track",
    meeting_form: "Start a meeting",
    id_line: "Id for the command line: p1.t1",
};

#[test]
fn numbers_not_ids_a_name_asked_for_and_net_changes_in_both_languages() {
    if !tmux::available() {
        return;
    }
    for words in [ZH, EN] {
        // No login name, no author anywhere: the first change asks for one.
        let env = [("LANG", words.lang), ("USER", "")];
        let t = Tmux::start(120, 40, &env, &wrapped(""));
        t.wait_ready();
        t.keys(&["Down", "Enter"]);
        let screen = t.wait_for(words.first_where);
        // The id shows once, where it is said to be the command line's.
        let with_id: Vec<&str> = screen.lines().filter(|l| l.contains("p1.t1")).collect();
        assert!(
            with_id.iter().all(|l| l.contains(words.id_line)),
            "no internal id elsewhere:\n{screen}"
        );
        t.keys(&["s"]);
        t.wait_for(words.name_prompt);
        t.type_text("王芳");
        t.keys(&["Enter"]);
        // The change asked for is made once the name is given, under that name.
        let screen = t.wait_for(words.on_track);
        assert!(screen.contains("王芳"), "{screen}");
        // The name is kept where the command line reads it.
        let config = t.path("config/config.ron");
        let saved = (0..50)
            .find_map(|_| {
                std::thread::sleep(std::time::Duration::from_millis(100));
                std::fs::read_to_string(&config).ok()
            })
            .unwrap_or_default();
        assert!(saved.contains("王芳"), "{saved}");
        let status = t.path("cli.status.ron");
        let cli = std::process::Command::new(BINARY)
            .args([
                "status",
                "set",
                "p1.t2",
                "--status",
                "on_track",
                "--status-file",
            ])
            .arg(&status)
            .env_clear()
            .env("PLANMEET_CONFIG_DIR", t.path("config"))
            .env("LANG", words.lang)
            .output()
            .unwrap();
        assert!(cli.status.success(), "{cli:?}");
        let written = std::fs::read_to_string(&status).unwrap();
        assert!(written.contains("author: \"王芳\""), "{written}");

        // Two more steps, then the Changes view: one line, its net change, 3 steps.
        t.keys(&["s", "s"]);
        t.keys(&["7"]);
        let screen = t.wait_for(words.three_steps);
        assert!(screen.contains(words.net), "{screen}");
        t.keys(&["Enter"]);
        let screen = t.wait_for(words.step);
        assert_eq!(screen.matches("    └ ").count(), 3, "{screen}");

        // A title pasted over two lines does not submit the meeting form: it becomes one
        // line, in place of the selected default.
        t.keys(&["1", "m"]);
        t.wait_for(words.meeting_form);
        t.paste("第一次\n推进会\n");
        let screen = t.wait_for("第一次 推进会");
        assert!(
            screen.contains(words.meeting_form),
            "form still open:\n{screen}"
        );
        // (Esc alone: Esc then q at once reads as Alt-q.)
        t.keys(&["Escape"]);
        t.wait_until("the form closed", |s| !s.contains(words.meeting_form));
        t.keys(&["q"]);
        t.wait_for("PLANMEET-EXITED");
    }
}
