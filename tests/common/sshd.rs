//! An OpenSSH server of the test's own: 127.0.0.1, a free port, a throwaway host key,
//! key-only login with a client key made for the test, and a config in a temporary
//! directory. Killed when dropped.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const SSHD: &str = "/usr/sbin/sshd";

pub struct Sshd {
    child: Child,
    pub port: u16,
    pub user: String,
    pub dir: tempfile::TempDir,
}

/// Start a server, or say why not. Under CI a server that cannot start fails the test;
/// elsewhere the test is skipped with the reason printed.
pub fn start() -> Option<Sshd> {
    match Sshd::start() {
        Ok(sshd) => Some(sshd),
        Err(reason) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "the SSH tests need an OpenSSH server under CI (.ci/run installs \
                 openssh-server): {reason}"
            );
            eprintln!("SSH end-to-end test skipped: {reason}");
            None
        }
    }
}

fn keygen(path: &Path) -> Result<(), String> {
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "planmeet-test", "-f"])
        .arg(path)
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("ssh-keygen: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("ssh-keygen failed for {}", path.display()))
    }
}

impl Sshd {
    fn start() -> Result<Sshd, String> {
        if !Path::new(SSHD).exists() {
            return Err(format!("{SSHD} not found"));
        }
        if Command::new("ssh").arg("-V").output().is_err() {
            return Err("the ssh client is not installed".into());
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let d = dir.path();
        keygen(&d.join("host_key"))?;
        keygen(&d.join("client_key"))?;
        std::fs::copy(d.join("client_key.pub"), d.join("authorized_keys"))
            .map_err(|e| e.to_string())?;
        let user = String::from_utf8_lossy(
            &Command::new("id")
                .arg("-un")
                .output()
                .map_err(|e| e.to_string())?
                .stdout,
        )
        .trim()
        .to_owned();
        // The privilege separation directory sshd insists on (as root).
        let _ = std::fs::create_dir_all("/run/sshd");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nPidFile {d}/sshd.pid\n\
             AuthorizedKeysFile {d}/authorized_keys\nUsePAM no\nStrictModes no\n\
             PermitRootLogin prohibit-password\nPubkeyAuthentication yes\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\n\
             PermitUserEnvironment no\nX11Forwarding no\nPrintMotd no\nPrintLastLog no\n\
             LogLevel ERROR\n",
            d = d.display()
        );
        let config_path = d.join("sshd_config");
        std::fs::write(&config_path, config).map_err(|e| e.to_string())?;
        let log = std::fs::File::create(d.join("sshd.log")).map_err(|e| e.to_string())?;
        let child = Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("{SSHD}: {e}"))?;
        let mut sshd = Sshd {
            child,
            port,
            user,
            dir,
        };
        sshd.wait_ready()?;
        Ok(sshd)
    }

    /// Ready once it greets a connection with its version banner.
    fn wait_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("sshd exited ({status}): {}", self.log()));
            }
            if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let mut banner = [0u8; 8];
                if stream.read_exact(&mut banner).is_ok() && banner.starts_with(b"SSH-") {
                    return Ok(());
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!("sshd did not answer within 10 s: {}", self.log()))
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("sshd.log")).unwrap_or_default()
    }

    pub fn key(&self) -> PathBuf {
        self.dir.path().join("client_key")
    }

    /// The `ssh` command line (for a shell) that runs `remote` over a forced terminal.
    pub fn ssh_command(&self, remote: &str) -> String {
        assert!(
            !remote.contains('\''),
            "the remote command is single-quoted"
        );
        format!(
            "ssh -tt -i '{}' -p {} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
             -o LogLevel=ERROR -o BatchMode=yes {}@127.0.0.1 '{remote}'",
            self.key().display(),
            self.port,
            self.user,
        )
    }

    /// Run `remote` over SSH without a terminal; its output.
    pub fn run(&self, remote: &str) -> std::process::Output {
        Command::new("ssh")
            .arg("-i")
            .arg(self.key())
            .args(["-p", &self.port.to_string()])
            .args([
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "LogLevel=ERROR",
                "-o",
                "BatchMode=yes",
            ])
            .arg(format!("{}@127.0.0.1", self.user))
            .arg(remote)
            .stdin(Stdio::null())
            .output()
            .expect("ssh runs")
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
