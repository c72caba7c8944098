//! What the command line says, in Chinese and in English, as snapshots: every command's
//! `--help`, and a meeting run from start to finish with the mistakes a new user makes
//! along the way (each refusal, each "done" line, the tables).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use std::process::{Command, Stdio};

use common::cli::{BINARY, Cli};

use planmeet::cli::help;
use planmeet::i18n::{Lang, Strings};

/// Every command's help, as `planmeet … --help` prints it.
fn all_help(lang: Lang) -> String {
    let mut cmd = help::command(Strings::shared(lang));
    cmd.build();
    let mut out = String::new();
    for (path, _) in help::paths(&cmd) {
        let mut at = &mut cmd;
        for name in &path {
            at = at.find_subcommand_mut(name).unwrap();
        }
        let command: Vec<&str> = std::iter::once("planmeet")
            .chain(path.iter().map(String::as_str))
            .chain(["--help"])
            .collect();
        out.push_str(&format!("$ {}\n", command.join(" ")));
        out.push_str(&at.render_long_help().to_string());
        out.push_str("\n\n");
    }
    out
}

#[test]
fn help_in_chinese() {
    insta::assert_snapshot!("help_zh", all_help(Lang::Zh));
}

#[test]
fn help_in_english() {
    insta::assert_snapshot!("help_en", all_help(Lang::En));
}

#[test]
fn the_binary_prints_the_same_help() {
    for (lang, words) in [
        ("zh", "用法：planmeet status set"),
        ("en", "Usage: planmeet status set"),
    ] {
        let out = Command::new(BINARY)
            .args(["--lang", lang, "status", "set", "--help"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(words), "{text}");
    }
    // The locale decides without --lang; `help` works as a command too.
    let out = Command::new(BINARY)
        .args(["help", "meeting", "new"])
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("即使另一个会议尚未结束也开始"), "{text}");
}

/// A session of commands on one status file, at a fixed time; ids (random) replaced by
/// names in the order they appear.
struct Session {
    cli: Cli,
    lang: &'static str,
    transcript: String,
    ids: Vec<(String, String)>,
    /// Commands run so far: each runs a minute after the one before, from 09:00.
    step: u32,
}

impl Session {
    fn new(lang: &'static str) -> Session {
        Session {
            cli: Cli::new().author("王芳"),
            lang,
            transcript: String::new(),
            ids: Vec::new(),
            step: 0,
        }
    }

    /// Runs `planmeet ARGS` on 27 November 2026, a minute after the command before; its
    /// id-like first line of stdout is remembered.
    fn run(&mut self, args: &[&str]) -> String {
        let now = format!(
            "2026-11-27T{:02}:{:02}:00+08:00",
            9 + self.step / 60,
            self.step % 60
        );
        self.step += 1;
        let args: Vec<String> = args.iter().map(|a| self.with_ids(a)).collect();
        let mut full = vec!["--lang", self.lang];
        full.extend(args.iter().map(String::as_str));
        let out = self
            .cli
            .command(&full)
            .env("PLANMEET_NOW", &now)
            .current_dir(self.cli.dir.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let first = stdout.lines().next().unwrap_or_default().trim().to_owned();
        let looks_like_id = !first.is_empty()
            && !first.contains(' ')
            && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if out.status.success() && looks_like_id && !self.ids.iter().any(|(id, _)| *id == first) {
            let name = format!("<id{}>", self.ids.len() + 1);
            self.ids.push((first.clone(), name));
        }
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let shown = args
            .iter()
            .map(|a| {
                if a.contains(' ') {
                    format!("'{a}'")
                } else {
                    a.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        self.transcript.push_str(&format!("$ planmeet {shown}\n"));
        for (stream, text) in [("", &stdout), ("! ", &stderr)] {
            for line in text.lines() {
                self.transcript.push_str(&format!("{stream}{line}\n"));
            }
        }
        self.transcript
            .push_str(&format!("(exit {})\n\n", out.status.code().unwrap_or(-1)));
        first
    }

    /// `<id2>` in an argument stands for the second id remembered.
    fn with_ids(&self, arg: &str) -> String {
        let mut arg = arg.to_owned();
        for (id, name) in &self.ids {
            arg = arg.replace(name, id);
        }
        arg
    }

    fn transcript(&self) -> String {
        let mut text = self.transcript.clone();
        for (id, name) in &self.ids {
            text = text.replace(id, name);
        }
        // Record ids in tables, not printed alone.
        let mut out = String::new();
        for word in text.split_inclusive(|c: char| c.is_whitespace() || c == '）' || c == ')') {
            let bare = word.trim_end_matches(|c: char| c.is_whitespace() || c == '）' || c == ')');
            if bare.len() == 16 && bare.bytes().all(|b| b.is_ascii_hexdigit()) {
                out.push_str(&word.replacen(bare, "<record>", 1));
            } else {
                out.push_str(word);
            }
        }
        out.replace(&self.cli.dir.path().display().to_string(), "<dir>")
    }
}

fn a_meeting(lang: &'static str) -> String {
    let mut s = Session::new(lang);
    s.run(&[
        "meeting",
        "new",
        "--title",
        "十一月调度会",
        "--date",
        "2026年11月27日",
        "--attendee",
        "市科技局，工信局",
        "--attendee",
        "rsj",
    ]);
    s.run(&["meeting", "new", "--title", "第二个会"]);
    s.run(&[
        "status",
        "set",
        "六.1",
        "--status",
        "存在风险",
        "--progress",
        "40%",
        "--note",
        "园区用地未落实",
        "--private",
    ]);
    s.run(&[
        "status",
        "set",
        "一.2",
        "--owner",
        "市财政局",
        "--status",
        "正常推进",
    ]);
    s.run(&[
        "status",
        "set",
        "一.2",
        "--owner",
        "组织部",
        "--status",
        "zctj",
    ]);
    s.run(&[
        "status",
        "set",
        "o.g3",
        "--actual",
        "96个",
        "--as-of",
        "2022年6月",
    ]);
    s.run(&[
        "status",
        "set",
        "o.g3",
        "--actual",
        "７５０家",
        "--as-of",
        "2022年6月",
    ]);
    s.run(&[
        "status",
        "set",
        "p1.t1",
        "--status",
        "done",
        "--effective",
        "2022-02-30",
    ]);
    s.run(&["status", "set", "p1.t1", "--progress", "120"]);
    s.run(&["status", "set", "六.9", "--status", "done"]);
    s.run(&["status", "undo", "<id3>"]);
    s.run(&["meeting", "discussed", "<id1>", "（六）1"]);
    s.run(&[
        "decision",
        "add",
        "--text",
        "月底前落实园区用地",
        "--unit",
        "住建局、自然资源局",
        "--item",
        "六.1",
        "--due",
        "2026/12/31",
    ]);
    s.run(&["decision", "set", "<id6>", "--status", "已办结"]);
    s.run(&["decision", "list", "--unit", "sswj"]);
    s.run(&["meeting", "close", "<id1>"]);
    s.run(&[
        "meeting",
        "new",
        "--title",
        "上周的会",
        "--date",
        "2026-11-20",
    ]);
    s.run(&["status", "set", "p1.t3", "--status", "jdzh"]);
    s.run(&["meeting", "close", "<id7>"]);
    s.run(&["status", "log"]);
    s.run(&["meeting", "show", "<id1>"]);
    s.run(&["meeting", "close", "nosuch"]);
    s.run(&["show", "科技"]);
    s.run(&[
        "meeting",
        "new",
        "--title",
        "会",
        "--attendee",
        "kjj,nosuch",
    ]);
    s.run(&["decision", "list", "--overdue"]);
    s.run(&["export", "ledger", "--format", "csv", "-o", "ledger.csv"]);
    s.run(&["validate"]);
    s.transcript()
}

#[test]
fn a_meeting_in_chinese() {
    insta::assert_snapshot!("meeting_zh", a_meeting("zh"));
}

#[test]
fn a_meeting_in_english() {
    insta::assert_snapshot!("meeting_en", a_meeting("en"));
}

fn run_in(lang: &str, args: &[&str], dir: &std::path::Path) -> (bool, String, String) {
    let out = Command::new(BINARY)
        .args(["--lang", lang])
        .args(args)
        .current_dir(dir)
        .env("PLANMEET_AUTHOR", "tester")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `planmeet status help set` is `planmeet help status set`; value names are translated.
#[test]
fn help_works_under_a_command_and_names_values_in_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, nested, _) = run_in("zh", &["status", "help", "set"], dir.path());
    assert!(ok);
    let (_, top, _) = run_in("zh", &["help", "status", "set"], dir.path());
    assert_eq!(nested, top);
    assert!(
        nested.contains("<编号>") && nested.contains("<日期>"),
        "{nested}"
    );
    assert!(!nested.contains("<DATE>"), "{nested}");
    let (ok, en, _) = run_in("en", &["meeting", "help", "new"], dir.path());
    assert!(ok && en.contains("<DATE>"), "{en}");
}

/// `diff`, `import` and the store's errors speak the interface language, with the file,
/// line and column kept.
#[test]
fn diff_import_and_file_errors_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let plan = include_str!("../plans/liuzhou-2021-2023.ron");
    std::fs::write(dir.path().join("old.ron"), plan).unwrap();
    std::fs::write(
        dir.path().join("new.ron"),
        plan.replace(
            "title: \"建设高水平创新平台\"",
            "title: \"建设高水平科技创新平台\"",
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("bad.ron"), "(\n  format_version: x,\n)\n").unwrap();
    let mut out = String::new();
    for lang in ["zh", "en"] {
        for args in [
            &["diff", "old.ron", "new.ron"][..],
            &["diff", "old.ron", "old.ron"],
            &["validate", "bad.ron"],
            &["--plan", "bad.ron", "owners"],
        ] {
            let (_, stdout, stderr) = run_in(lang, args, dir.path());
            out.push_str(&format!(
                "$ planmeet --lang {lang} {}\n{stdout}{stderr}\n",
                args.join(" ")
            ));
        }
    }
    assert!(out.contains("改标题 1 处"), "{out}");
    assert!(out.contains("1 retitled"), "{out}");
    assert!(out.contains("bad.ron:2:"), "{out}");
    insta::assert_snapshot!("diff_and_errors", out);
}

/// Usage lines in Chinese say `[选项]`, not clap's `[OPTIONS]`; English keeps it. Value
/// names clap would print in English (`[WHAT]`, `<FORM>`, `<DIR>`) are translated.
#[test]
fn usage_lines_are_in_the_language_too() {
    let zh = all_help(Lang::Zh);
    let usages: Vec<&str> = zh.lines().filter(|l| l.starts_with("用法：")).collect();
    assert!(usages.len() > 20, "{zh}");
    for line in &usages {
        assert!(!line.contains("OPTIONS"), "{line}");
        assert!(
            !line.contains(|c: char| c.is_ascii_uppercase()),
            "an English value name: {line}"
        );
    }
    assert!(
        zh.contains("用法：planmeet status set [选项] <编号>"),
        "{zh}"
    );
    assert!(
        zh.contains("用法：planmeet export [选项] --format <格式> [内容]"),
        "{zh}"
    );
    let en = all_help(Lang::En);
    assert!(
        en.contains("Usage: planmeet status set [OPTIONS] <ID>"),
        "{en}"
    );
    // A usage error prints the same usage line.
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, err) = run_in("zh", &["collect"], dir.path());
    assert!(!ok);
    assert!(err.contains("用法：planmeet collect"), "{err}");
    assert!(!err.contains("OPTIONS") && !err.contains("<FORM>"), "{err}");
}

/// Under English the command line names units by their English names: the owners list,
/// `show` of a unit, a meeting's attendees and a refusal listing the responsible units.
#[test]
fn english_lines_name_units_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, owners, _) = run_in("en", &["owners"], dir.path());
    assert!(ok);
    let kjj = owners.lines().find(|l| l.starts_with("kjj ")).unwrap();
    assert!(
        kjj.contains("Liuzhou Municipal Bureau of Science and Technology"),
        "{kjj}"
    );
    let (_, zh_owners, _) = run_in("zh", &["owners"], dir.path());
    let kjj = zh_owners.lines().find(|l| l.starts_with("kjj ")).unwrap();
    assert!(kjj.contains("市科技局") && !kjj.contains("Bureau"), "{kjj}");
    let (ok, shown, _) = run_in("en", &["show", "市科技局"], dir.path());
    assert!(ok);
    assert!(
        shown.starts_with("kjj  Liuzhou Municipal Bureau of Science and Technology — 市科技局"),
        "{shown}"
    );
    let file = dir.path().join("s.status.ron");
    let file = file.to_str().unwrap();
    let (ok, _, said) = run_in(
        "en",
        &[
            "--status-file",
            file,
            "meeting",
            "new",
            "--title",
            "x",
            "--attendee",
            "kjj",
        ],
        dir.path(),
    );
    assert!(ok, "{said}");
    assert!(said.contains("Science and Technology"), "{said}");
    assert!(!said.contains("市科技局"), "{said}");
    let (ok, _, said) = run_in(
        "en",
        &[
            "--status-file",
            file,
            "status",
            "set",
            "p1.t1",
            "--owner",
            "rsj",
            "--status",
            "done",
        ],
        dir.path(),
    );
    assert!(!ok);
    assert!(
        said.contains("Human Resources and Social Security"),
        "{said}"
    );
    assert!(said.contains("Science and Technology"), "{said}");
    assert!(!said.contains("市科技局"), "{said}");
    // A name two units go by lists them by their English names; in Chinese by theirs.
    let (ok, _, said) = run_in("en", &["show", "sswj"], dir.path());
    assert!(!ok);
    assert!(
        said.contains("Bureau of Commerce") && said.contains("Tax Service"),
        "{said}"
    );
    let (_, _, said) = run_in("zh", &["show", "sswj"], dir.path());
    assert!(
        said.contains("市商务局") && said.contains("市税务局"),
        "{said}"
    );
}

/// What `diff` says of changed units, and a bad mapping file for `status rekey`, in the
/// interface language.
#[test]
fn diff_units_and_mapping_errors_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let plan = include_str!("../plans/liuzhou-2021-2023.ron");
    std::fs::write(dir.path().join("old.ron"), plan).unwrap();
    std::fs::write(
        dir.path().join("new.ron"),
        plan.replace(
            "owners: (lead: \"sw_zzb\", groups: [[\"sw_zzb\"], [\"kjj\", \"jyj\", \"rsj\", \"zjj\"], [\"xq_youguan\"]])",
            "owners: (lead: \"kjj\", groups: [[\"kjj\"], [\"jyj\", \"rsj\", \"zjj\", \"czj\"], [\"xq_youguan\"]])",
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("bad.map"), "p1.t1 -> p1.t2\np1 p2\n").unwrap();
    let file = dir.path().join("s.status.ron");
    let file = file.to_str().unwrap();
    let (_, zh, _) = run_in("zh", &["diff", "old.ron", "new.ron"], dir.path());
    assert!(zh.contains("牵头 市委组织部 → 市科技局"), "{zh}");
    assert!(zh.contains("增加 市财政局"), "{zh}");
    assert!(!zh.contains("lead "), "{zh}");
    let (_, en, _) = run_in("en", &["diff", "old.ron", "new.ron"], dir.path());
    assert!(en.contains("lead 市委组织部 → 市科技局"), "{en}");
    let rekey = ["--status-file", file, "status", "rekey", "bad.map"];
    let (ok, _, zh) = run_in("zh", &rekey, dir.path());
    assert!(!ok);
    assert!(zh.contains("第 2 行：应为"), "{zh}");
    let (_, _, en) = run_in("en", &rekey, dir.path());
    assert!(en.contains("line 2: expected `OLD -> NEW`"), "{en}");
}
