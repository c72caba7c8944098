//! Run a program on a pseudo-terminal of our own and keep every byte it writes, so a test
//! can read the raw output (escape sequences included) and feed it to a terminal emulator
//! (`vt100`). tmux would interpret the bytes first; here nothing stands between the program
//! and the test.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Everything the program wrote, and whether its side of the terminal is closed.
#[derive(Default)]
struct Output {
    bytes: Vec<u8>,
    closed: bool,
    /// When each read from the terminal returned, and the output's length after it: what
    /// a terminal emulator reading the pty would have had, and when (a test's own thread
    /// learns of it one wake-up later).
    arrivals: Vec<(usize, Instant)>,
}

pub struct Pty {
    master: File,
    /// The terminal's settings before the program started (`stty -g` before).
    pub initial_termios: String,
    pub child: Child,
    output: Arc<(Mutex<Output>, Condvar)>,
    /// Config and data directories of the program's own, when [`Pty::planmeet`] started it.
    pub home: Option<tempfile::TempDir>,
}

fn winsize(cols: u16, rows: u16) -> libc::winsize {
    libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    }
}

impl Pty {
    /// Start `command` as the session leader of a new terminal of `cols` x `rows`, the
    /// terminal being its controlling tty and its stdin, stdout and stderr.
    pub fn spawn(mut command: Command, cols: u16, rows: u16) -> Pty {
        let (mut master, mut slave) = (0, 0);
        let size = winsize(cols, rows);
        // SAFETY: openpty writes two descriptors; the name and termios pointers may be null.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(rc, 0, "openpty failed: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just opened by openpty and are owned here.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        // SAFETY: setting FD_CLOEXEC on a descriptor we own.
        unsafe { libc::fcntl(master.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC) };
        let initial_termios = termios_of(&File::from(master.try_clone().expect("dup")));
        let io = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("dup pty"));
        command
            .stdin(io(&slave))
            .stdout(io(&slave))
            .stderr(io(&slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("program starts on the pty");
        drop(slave);
        let master = File::from(master);
        let output = Arc::new((Mutex::new(Output::default()), Condvar::new()));
        let mut reader = master.try_clone().expect("dup master");
        let shared = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 65536];
            loop {
                // EIO once the last slave descriptor is closed (the program has ended).
                let n = reader.read(&mut buffer).unwrap_or(0);
                let (lock, signal) = &*shared;
                let mut out = lock.lock().unwrap();
                if n == 0 {
                    out.closed = true;
                    signal.notify_all();
                    return;
                }
                out.bytes.extend_from_slice(&buffer[..n]);
                let len = out.bytes.len();
                out.arrivals.push((len, Instant::now()));
                signal.notify_all();
            }
        });
        Pty {
            master,
            initial_termios,
            child,
            output,
            home: None,
        }
    }

    /// The release binary with `args`, in a clean environment plus `env`.
    pub fn planmeet(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Pty {
        Pty::planmeet_at(super::tmux::BINARY, args, env, cols, rows)
    }

    /// [`Pty::planmeet`] with another build of planmeet (an older one, to compare).
    pub fn planmeet_at(
        binary: &str,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Pty {
        let mut command = Command::new(binary);
        command
            .args(args)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", "/tmp")
            .env("TERM", "xterm-256color")
            // A login name, as a session has; a test may set USER to "" for "nobody known".
            .env("USER", "tester");
        // Settings and annotations of the test's own, not the machine's.
        let home = tempfile::tempdir().expect("temp dir");
        command
            .env("PLANMEET_CONFIG_DIR", home.path().join("config"))
            .env("PLANMEET_DATA_DIR", home.path().join("data"))
            .env("PLANMEET_CACHE_DIR", home.path().join("cache"));
        for (key, value) in env {
            command.env(key, value);
        }
        let mut pty = Pty::spawn(command, cols, rows);
        pty.home = Some(home);
        pty
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).expect("write to the pty");
    }

    /// How many bytes the program has written so far.
    pub fn len(&self) -> usize {
        self.output.0.lock().unwrap().bytes.len()
    }

    /// When the reader of the terminal had the output up to `offset` (inclusive): the time
    /// its read that brought that byte returned.
    pub fn arrived(&self, offset: usize) -> Option<Instant> {
        let out = self.output.0.lock().unwrap();
        out.arrivals
            .iter()
            .find(|(len, _)| *len > offset)
            .map(|(_, at)| *at)
    }

    /// A copy of everything written so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.output.0.lock().unwrap().bytes.clone()
    }

    /// Wait until the output after `from` satisfies `check`; returns the whole output.
    pub fn wait_until(&self, from: usize, what: &str, check: impl Fn(&[u8]) -> bool) -> Vec<u8> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let (lock, signal) = &*self.output;
        let mut out = lock.lock().unwrap();
        loop {
            if check(&out.bytes[from.min(out.bytes.len())..]) {
                return out.bytes.clone();
            }
            let now = Instant::now();
            if now > deadline || out.closed {
                panic!(
                    "{} waiting for {what}; the program wrote:\n{}",
                    if out.closed {
                        "terminal closed"
                    } else {
                        "timed out"
                    },
                    String::from_utf8_lossy(&out.bytes)
                );
            }
            out = signal.wait_timeout(out, deadline - now).unwrap().0;
        }
    }

    /// Wait for `text` to appear in the output after `from`.
    pub fn wait_for(&self, from: usize, text: &str) -> Vec<u8> {
        self.wait_until(from, text, |b| contains(b, text.as_bytes()))
    }

    /// Wait for the end of the next frame after `from` (planmeet wraps every frame in
    /// synchronized output, so `CSI ? 2026 l` closes it). Returns the new end of output.
    pub fn wait_frame(&self, from: usize) -> usize {
        self.wait_until(from, "the end of a frame", |b| contains(b, FRAME_END));
        self.len()
    }

    /// Wait until the program's side of the terminal is closed; everything it wrote.
    pub fn wait_closed(&self) -> Vec<u8> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let (lock, signal) = &*self.output;
        let mut out = lock.lock().unwrap();
        while !out.closed {
            let now = Instant::now();
            assert!(now < deadline, "the terminal was not closed within 10 s");
            out = signal.wait_timeout(out, deadline - now).unwrap().0;
        }
        out.bytes.clone()
    }

    /// Wait until the program has ended and closed the terminal; its exit status.
    pub fn wait_exit(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the program did not exit within 10 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        let size = winsize(cols, rows);
        // SAFETY: TIOCSWINSZ reads a winsize; the kernel sends SIGWINCH to the program.
        let rc = unsafe { libc::ioctl(self.master.as_raw_fd(), libc::TIOCSWINSZ, &size) };
        assert_eq!(rc, 0, "TIOCSWINSZ");
    }

    /// The terminal's settings, as `stty -g` would report them (master and slave share them).
    pub fn termios(&self) -> String {
        termios_of(&self.master)
    }

    pub fn signal(&self, signal: i32) {
        // SAFETY: kill on our own child's pid.
        let rc = unsafe { libc::kill(self.child.id() as i32, signal) };
        assert_eq!(rc, 0, "kill");
    }
}

fn termios_of(master: &File) -> String {
    // SAFETY: tcgetattr fills a zeroed termios.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::tcgetattr(master.as_raw_fd(), &mut t) };
    assert_eq!(rc, 0, "tcgetattr");
    format!(
        "{:x}:{:x}:{:x}:{:x}:{:?}",
        t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag, t.c_cc
    )
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub const FRAME_END: &[u8] = b"\x1b[?2026l";

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// One piece of a terminal output stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// Printable text (may include LF, and CR as the tty's own `ONLCR` produces it).
    Text(String),
    /// `ESC [ params final`: the parameter and intermediate bytes and the final byte.
    Csi(String, char),
    /// Any other escape sequence, or a control character, as raw bytes.
    Other(Vec<u8>),
}

/// Split raw terminal output into text, CSI sequences and everything else, the way a
/// terminal would read it. Invalid UTF-8 comes out as `Other`.
pub fn tokens(bytes: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut text = Vec::new();
    let mut i = 0;
    let flush = |text: &mut Vec<u8>, out: &mut Vec<Token>| {
        if !text.is_empty() {
            match String::from_utf8(std::mem::take(text)) {
                Ok(s) => out.push(Token::Text(s)),
                Err(e) => out.push(Token::Other(e.into_bytes())),
            }
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b == 0x1b && bytes.get(i + 1) == Some(&b'[') {
            flush(&mut text, &mut out);
            let start = i + 2;
            let mut j = start;
            while j < bytes.len() && (0x20..0x40).contains(&bytes[j]) {
                j += 1;
            }
            match bytes.get(j) {
                Some(&f) if (0x40..0x7f).contains(&f) => {
                    let params = String::from_utf8_lossy(&bytes[start..j]).into_owned();
                    out.push(Token::Csi(params, f as char));
                    i = j + 1;
                }
                _ => {
                    out.push(Token::Other(bytes[i..j.min(bytes.len())].to_vec()));
                    i = j;
                }
            }
        } else if b == 0x1b || (b < 0x20 && b != b'\n' && b != b'\r') || b == 0x7f {
            flush(&mut text, &mut out);
            out.push(Token::Other(vec![b]));
            i += 1;
        } else {
            text.push(b);
            i += 1;
        }
    }
    flush(&mut text, &mut out);
    out
}
