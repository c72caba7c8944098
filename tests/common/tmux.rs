//! Drive planmeet in a real terminal: a private tmux server per test (its own socket, so
//! tests run in parallel without seeing each other), keys sent with `send-keys`, the
//! screen read with `capture-pane`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const BINARY: &str = env!("CARGO_BIN_EXE_planmeet");

/// Is tmux here? Under CI its absence is a failure, never a silent skip.
pub fn available() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required for the end-to-end tests under CI (.ci/run installs it)"
        );
        eprintln!("tmux not found: end-to-end test skipped (install tmux to run it)");
    }
    found
}

pub struct Tmux {
    socket: String,
    pub dir: tempfile::TempDir,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl Tmux {
    /// Start `command` (a shell command line) in a detached session of the given size.
    /// The environment is cleared down to what a login over SSH would have, plus `env`.
    pub fn start(width: u16, height: u16, env: &[(&str, &str)], command: &str) -> Tmux {
        let dir = tempfile::tempdir().expect("temp dir");
        Self::start_in(dir, width, height, env, command)
    }

    /// Start in a directory the test has prepared (files the command needs are there).
    pub fn start_in(
        dir: tempfile::TempDir,
        width: u16,
        height: u16,
        env: &[(&str, &str)],
        command: &str,
    ) -> Tmux {
        let socket = format!(
            "planmeet-test-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let mut exports = String::new();
        for (key, value) in env {
            exports.push_str(&format!("export {key}='{value}'; "));
        }
        // A config directory of the test's own, so a developer's settings don't leak in.
        let config = dir.path().join("config");
        if !env.iter().any(|(key, _)| *key == "PLANMEET_CONFIG_DIR") {
            exports.push_str(&format!(
                "export PLANMEET_CONFIG_DIR='{}'; ",
                config.display()
            ));
        }
        // A login name, as an SSH session has (a test of "nobody known" sets USER to "").
        if !env.iter().any(|(key, _)| *key == "USER") {
            exports.push_str("export USER='tester'; ");
        }
        // And a data directory: annotations made by one test never meet another's.
        if !env.iter().any(|(key, _)| *key == "PLANMEET_DATA_DIR") {
            let data = dir.path().join("data");
            exports.push_str(&format!("export PLANMEET_DATA_DIR='{}'; ", data.display()));
        }
        // And a plan cache: a test's plans are cached in its own directory.
        if !env.iter().any(|(key, _)| *key == "PLANMEET_CACHE_DIR") {
            let cache = dir.path().join("cache");
            exports.push_str(&format!(
                "export PLANMEET_CACHE_DIR='{}'; ",
                cache.display()
            ));
        }
        let script = format!("{exports}cd '{}'; {command}", dir.path().display());
        let status = Command::new("tmux")
            .args([
                "-u",
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "t",
            ])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .args([
                "env",
                "-i",
                "HOME=/tmp",
                "PATH=/usr/bin:/bin:/usr/local/bin",
            ])
            .args(["TERM=xterm-256color", "sh", "-c", &script])
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux new-session failed");
        let tmux = Tmux { socket, dir };
        tmux.tmux(&["set-option", "-g", "remain-on-exit", "on"]);
        tmux
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn tmux(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-u", "-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Send keys as tmux names them: "Down", "Tab", "Enter", "q", "C-c".
    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.tmux(&["send-keys", "-t", "t", key]);
        }
    }

    /// Type text literally.
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", text]);
    }

    /// Pastes `text` as a terminal does: in bracketed-paste markers when the program
    /// asked for them, line ends and all.
    pub fn paste(&self, text: &str) {
        self.tmux(&["set-buffer", "-b", "test-paste", text]);
        self.tmux(&["paste-buffer", "-p", "-d", "-b", "test-paste", "-t", "t"]);
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    /// The screen with colours and attributes as escape sequences.
    pub fn screen_with_attributes(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-e", "-t", "t"])
    }

    pub fn resize(&self, width: u16, height: u16) {
        self.tmux(&[
            "resize-window",
            "-t",
            "t",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }

    /// Whether the pane shows the alternate screen (a full-screen program is running).
    pub fn alternate_screen(&self) -> bool {
        self.tmux(&["display-message", "-p", "-t", "t", "#{alternate_on}"])
            .trim()
            == "1"
    }

    /// Wait until the screen satisfies `check`; panic with the screen if it never does.
    pub fn wait_until(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        self.wait_until_within(Duration::from_secs(10), what, check)
    }

    /// [`Tmux::wait_until`] with a deadline of the test's choosing.
    pub fn wait_until_within(
        &self,
        within: Duration,
        what: &str,
        check: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + within;
        loop {
            let screen = self.screen();
            if check(&screen) {
                // tmux before 3.4 ignores synchronized output, so a capture can catch a
                // frame half drawn: the screen counts once a second capture agrees.
                std::thread::sleep(Duration::from_millis(30));
                if self.screen() == screen {
                    return screen;
                }
                continue;
            }
            if Instant::now() > deadline {
                panic!("waited {within:?} for {what} in vain; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Wait for the plan on screen and its status file read (the status bar no longer
    /// says "reading…"): annotation keys are refused until then.
    pub fn wait_ready(&self) -> String {
        self.wait_until("the plan, with its status file read", |s| {
            s.contains("柳办发〔2021〕18号") && !s.contains("读取中…") && !s.contains("reading…")
        })
    }

    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Wait for a file the test's shell script writes.
    pub fn wait_for_file(&self, path: &Path) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(text) = std::fs::read_to_string(path)
                && !text.is_empty()
            {
                return text;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "{} never appeared; the screen shows:\n{}",
            path.display(),
            self.screen()
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// A shell command line that records the terminal settings before and after planmeet,
/// so a test can check they are restored exactly.
pub fn wrapped(args: &str) -> String {
    format!(
        "stty -g > stty.before; {BINARY} {args}; echo $? > exit.code; stty -g > stty.after; \
         echo PLANMEET-EXITED; sleep 600"
    )
}

/// Wait until no process's command line starts with `prefix` (a path no other test uses);
/// panic, naming what is left, if one is still there after `within`.
pub fn wait_gone(prefix: &str, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        let left = Command::new("pgrep")
            .args(["-a", "-f", &format!("^{prefix}")])
            .output()
            .expect("pgrep runs");
        if left.stdout.is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "still running {within:?} later: {}",
            String::from_utf8_lossy(&left.stdout)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A link to the release binary under a name of the test's own, so `pgrep`/`pkill` can
/// find this test's planmeet and nothing else.
pub fn private_binary(dir: &Path, name: &str) -> String {
    let link = dir.join(name);
    std::os::unix::fs::symlink(BINARY, &link).expect("symlink to the binary");
    link.display().to_string()
}
