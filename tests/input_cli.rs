//! The table of typed forms (`tests/common/input_forms.rs`) through the command line: each
//! accepted form given to the command that takes it and read back from what it wrote;
//! each refused form refused with exit code 2 and its message, in English and in Chinese,
//! with nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

#[path = "common/input_forms.rs"]
mod input_forms;

mod common;

use std::process::Output;

use common::cli::{Cli, stderr, stdout};

use input_forms::{Expect, FORMS, Form, Kind};
use planmeet::model::Node;
use planmeet::store::load_embedded;
use serde_json::Value;

const NOW: &str = "2026-11-27T09:00:00+08:00";

/// Commands by 测试 at `NOW`, in the language each names.
trait InLanguage {
    fn run_in(&self, lang: &str, args: &[&str]) -> Output;
    /// The latest record of `item` in `status log --format json`.
    fn last_change(&self, item: &str) -> Value;
}

impl InLanguage for Cli {
    fn run_in(&self, lang: &str, args: &[&str]) -> Output {
        let mut full = vec!["--lang", lang];
        full.extend_from_slice(args);
        self.command(&full).output().expect("planmeet runs")
    }

    fn last_change(&self, item: &str) -> Value {
        let out = self.run_in("en", &["status", "log", item, "--format", "json"]);
        let log: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        log.last().cloned().unwrap()
    }
}

fn cli() -> Cli {
    Cli::new().author("测试").now(NOW)
}

/// A target or 附件2 row counted in `unit`.
fn counted_in(unit: &str) -> String {
    let loaded = load_embedded().unwrap();
    loaded
        .index
        .entries
        .iter()
        .find(|e| match e.path.resolve(&loaded.plan) {
            Some(Node::Target(t)) => t.unit == unit,
            Some(Node::DepartmentRow(r)) => r.unit == unit,
            _ => false,
        })
        .map(|e| e.id.clone())
        .unwrap_or_else(|| panic!("no target in {unit}"))
}

/// How to read back what a command made of a form.
type ReadBack = Box<dyn Fn(&Cli, &Output) -> String>;

/// The command that takes the form, and how to read back what it made of it.
fn command(form: &Form) -> (Vec<String>, ReadBack) {
    let s = |v: &[&str]| v.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
    let input = form.input;
    match form.kind {
        Kind::Date => (
            s(&[
                "meeting", "new", "--title", "会", "--force", "--date", input,
            ]),
            Box::new(|_, out| stdout(out)[1..11].to_owned()),
        ),
        Kind::AsOf => (
            s(&["status", "set", "o.g3", "--actual", "1", "--as-of", input]),
            Box::new(|env, _| {
                env.last_change("o.g3")["actual"]["as_of"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            }),
        ),
        Kind::Actual { unit } => {
            let item = counted_in(unit);
            let args = s(&[
                "status",
                "set",
                &item,
                "--as-of",
                "2022-06-30",
                "--actual",
                input,
            ]);
            (
                args,
                Box::new(move |env, _| {
                    env.last_change(&item)["actual"]["value"]
                        .as_f64()
                        .unwrap()
                        .to_string()
                }),
            )
        }
        Kind::Progress => (
            s(&["status", "set", "p1.t1", "--progress", input]),
            Box::new(|env, _| env.last_change("p1.t1")["progress"].to_string()),
        ),
        Kind::Status => (
            s(&["status", "set", "p1.t1", "--status", input]),
            Box::new(|env, _| {
                env.last_change("p1.t1")["status"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            }),
        ),
        Kind::Unit | Kind::Units => (
            s(&[
                "meeting",
                "new",
                "--title",
                "会",
                "--force",
                "--attendee",
                input,
            ]),
            Box::new(|env, out| {
                let id = stdout(out).trim().to_owned();
                let shown = env.run_in("en", &["meeting", "show", &id, "--format", "json"]);
                let meeting: Value = serde_json::from_slice(&shown.stdout).unwrap();
                meeting["attendees"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a["id"].as_str().unwrap().to_owned())
                    .collect::<Vec<_>>()
                    .join(",")
            }),
        ),
        Kind::Item => (
            s(&["show", input]),
            Box::new(|_, out| {
                let text = stdout(out);
                let heading = text
                    .lines()
                    .find(|l| !l.ends_with(" ›"))
                    .unwrap_or_default();
                heading
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            }),
        ),
    }
}

#[test]
fn every_form_of_the_table_is_taken_or_refused_by_the_command_line() {
    let env = cli();
    let mut wrong = Vec::new();
    for form in FORMS {
        let (args, read_back) = command(form);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        match form.expect {
            Expect::Accepted(expected) => {
                let out = env.run_in("zh", &args);
                if !out.status.success() {
                    wrong.push(format!(
                        "{:?} {:?} refused: {}",
                        form.kind,
                        form.input,
                        stderr(&out)
                    ));
                    continue;
                }
                let got = read_back(&env, &out);
                if got != expected {
                    wrong.push(format!(
                        "{:?} {:?}: {got}, expected {expected}",
                        form.kind, form.input
                    ));
                }
            }
            Expect::Refused { en, zh } => {
                for (lang, words) in [("en", en), ("zh", zh)] {
                    let before = env.text();
                    let out = env.run_in(lang, &args);
                    let err = stderr(&out);
                    let refused = out.status.code() == Some(2)
                        && err.contains(words)
                        && stdout(&out).is_empty()
                        && env.text() == before;
                    if !refused {
                        wrong.push(format!(
                            "{:?} {:?} ({lang}): exit {:?}, {err}",
                            form.kind,
                            form.input,
                            out.status.code()
                        ));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn a_unit_list_also_comes_from_repeated_flags() {
    let env = cli();
    let out = env.run_in(
        "zh",
        &[
            "decision",
            "add",
            "--text",
            "月底前完成",
            "--unit",
            "kjj",
            "--unit",
            "市财政局，工信局",
            "--item",
            "六.1",
            "--item",
            "一.2、附件2.4",
            "--due",
            "2026年12月31日",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let list = env.run_in(
        "en",
        &["decision", "list", "--unit", "财政局", "--format", "json"],
    );
    let decisions: Vec<Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(decisions.len(), 1, "{}", stderr(&list));
    let d = &decisions[0];
    let ids = |key: &str| -> Vec<String> {
        d[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                v.as_str()
                    .map_or_else(|| v["id"].as_str().unwrap().to_owned(), str::to_owned)
            })
            .collect()
    };
    assert_eq!(ids("units"), ["kjj", "czj", "gxj"]);
    assert_eq!(ids("items"), ["p6.t1", "p1.t2", "a2.r4"]);
    assert_eq!(d["due"], "2026-12-31");
}
