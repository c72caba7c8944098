//! The `planmeet` binary run as a user runs it from a shell, on a status file in a temporary
//! directory of its own, with an environment that nothing on the machine leaks into: no
//! plan, author, clock, data or config directory from outside unless the test sets it.
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub const BINARY: &str = env!("CARGO_BIN_EXE_planmeet");

/// A temporary directory holding `liuzhou.status.ron` (`file`), and how commands run on it.
pub struct Cli {
    pub dir: tempfile::TempDir,
    pub file: PathBuf,
    lang: &'static str,
    author: Option<&'static str>,
    now: Option<&'static str>,
    /// Set after the sealing, so they win over it.
    extra_env: Vec<(&'static str, std::ffi::OsString)>,
}

impl Cli {
    /// Commands under `LANG=C` by the user `tester` (no `PLANMEET_AUTHOR`), at the real time.
    pub fn new() -> Cli {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("liuzhou.status.ron");
        Cli {
            dir,
            file,
            lang: "C",
            author: None,
            now: None,
            extra_env: Vec::new(),
        }
    }

    /// Commands run under this `LANG`.
    pub fn lang(mut self, lang: &'static str) -> Cli {
        self.lang = lang;
        self
    }

    /// Commands run with `PLANMEET_AUTHOR` set.
    pub fn author(mut self, author: &'static str) -> Cli {
        self.author = Some(author);
        self
    }

    /// Commands run at this time (RFC 3339) unless [`Cli::at`] gives another.
    pub fn now(mut self, now: &'static str) -> Cli {
        self.now = Some(now);
        self
    }

    /// Commands run with this variable set (e.g. `PLANMEET_DATA_DIR`).
    pub fn env(mut self, key: &'static str, value: impl Into<std::ffi::OsString>) -> Cli {
        self.extra_env.push((key, value.into()));
        self
    }

    /// `planmeet ARGS`, not yet run.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BINARY);
        command
            .args(args)
            .env("LANG", self.lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("PLANMEET_PLAN")
            .env_remove("PLANMEET_AUTHOR")
            .env_remove("PLANMEET_NOW")
            .env_remove("PLANMEET_DATA_DIR")
            .env("USER", "tester")
            .env("PLANMEET_CONFIG_DIR", "/nonexistent-planmeet-config")
            .env("PLANMEET_STATUS_FILE", &self.file)
            .stdin(Stdio::null());
        if let Some(author) = self.author {
            command.env("PLANMEET_AUTHOR", author);
        }
        if let Some(now) = self.now {
            command.env("PLANMEET_NOW", now);
        }
        command.envs(self.extra_env.iter().map(|(key, value)| (key, value)));
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("planmeet runs")
    }

    /// The command at `now` (RFC 3339).
    pub fn at(&self, now: &str, args: &[&str]) -> Output {
        self.command(args)
            .env("PLANMEET_NOW", now)
            .output()
            .expect("planmeet runs")
    }

    /// Succeeds; its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        succeeded(args, &self.run(args))
    }

    /// Succeeds at `now`; its standard output.
    pub fn ok_at(&self, now: &str, args: &[&str]) -> String {
        succeeded(args, &self.at(now, args))
    }

    /// Succeeds, printing a JSON array; its items.
    pub fn json(&self, args: &[&str]) -> Vec<serde_json::Value> {
        match serde_json::from_str(&self.ok(args)).unwrap() {
            serde_json::Value::Array(items) => items,
            other => panic!("{args:?} printed no array: {other}"),
        }
    }

    /// Succeeds; what it printed on stdout and on stderr.
    pub fn said(&self, args: &[&str]) -> (String, String) {
        let out = self.run(args);
        let err = stderr(&out);
        assert!(out.status.success(), "{args:?}: {err}");
        (stdout(&out), err)
    }

    /// The status file's text, empty while there is none.
    pub fn text(&self) -> String {
        std::fs::read_to_string(&self.file).unwrap_or_default()
    }

    /// A file in the temporary directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn succeeded(args: &[&str], out: &Output) -> String {
    assert!(out.status.success(), "{args:?}: {}", stderr(out));
    stdout(out)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
