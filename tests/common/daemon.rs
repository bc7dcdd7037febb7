//! `kundreg watch` as a running process, its log in a file, and waiting for what it does
//! (bounded: a wait that takes a minute fails the test).

use std::fs;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::Workdir;

pub struct Daemon {
    child: Child,
    log: PathBuf,
}

impl Daemon {
    /// Runs `kundreg ARGS` in `w`, its standard error into the file `log`.
    pub fn start(w: &Workdir, args: &[&str], log: &str) -> Daemon {
        Daemon::spawn(w.command(args), w.path(log))
    }

    /// Runs `command` (kundreg, as [`Workdir::command`] makes it), its standard error into
    /// the file `log`.
    pub fn spawn(mut command: Command, log: PathBuf) -> Daemon {
        let child = command
            .stdout(Stdio::null())
            .stderr(fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        Daemon { child, log }
    }

    /// The daemon's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn wait_for_log(&self, text: &str) {
        wait_until(&format!("log line {text:?}"), || self.log().contains(text));
    }

    /// Stops the daemon with SIGTERM and returns its exit code and log.
    #[cfg(unix)]
    pub fn terminate(mut self) -> (i32, String) {
        let pid = self.child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = self.child.wait().unwrap();
        (status.code().unwrap_or(-1), self.log())
    }

    /// Kills the daemon (SIGKILL: no chance to finish anything).
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits for the daemon to exit by itself; its exit code and log.
    pub fn wait(mut self) -> (i32, String) {
        let status = self.child.wait().unwrap();
        (status.code().unwrap_or(-1), self.log())
    }
}

impl Drop for Daemon {
    /// Stops the daemon; when a test failed with it running, its log goes to the test's
    /// output, so that a rare failure can be read.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("--- {}:\n{}", self.log.display(), self.log());
        }
    }
}

/// Waits until `done`, at most a minute.
pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
