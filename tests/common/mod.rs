//! A temporary folder to run the real `kundreg` binary in, as a user would.

#![allow(dead_code)]

pub mod browser;
pub mod computers;
pub mod daemon;
pub mod ops;
pub mod register;
pub mod screen;
pub mod syncthing;
pub mod till;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct Workdir {
    dir: tempfile::TempDir,
}

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The standard output parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

impl Workdir {
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file of exactly these bytes.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).expect("write file");
        path
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).expect("read file")
    }

    /// A command in this folder: register `kundreg.redb` here, English unless changed.
    pub fn command(&self, args: &[&str]) -> Command {
        self.command_under(&[], args)
    }

    /// The same, run by the program `wrapper` names (its name, then its arguments), which runs
    /// kundreg in its turn.
    pub fn command_under(&self, wrapper: &[&str], args: &[&str]) -> Command {
        let kundreg = env!("CARGO_BIN_EXE_kundreg");
        let mut cmd = match wrapper.split_first() {
            Some((program, rest)) => {
                let mut cmd = Command::new(program);
                cmd.args(rest).arg(kundreg);
                cmd
            }
            None => Command::new(kundreg),
        };
        cmd.current_dir(self.dir.path())
            .args(args)
            .env_remove("KUNDREG_DB")
            .env("KUNDREG_LANG", "en")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs kundreg with `args` and no terminal.
    pub fn run(&self, args: &[&str]) -> Run {
        finish(self.command(args).output().expect("run kundreg"))
    }

    /// Runs kundreg and expects exit code `code`.
    pub fn expect(&self, code: i32, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(
            run.code, code,
            "kundreg {args:?}\nstdout:\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        );
        assert_no_panic(&run);
        run
    }

    /// Writes `name` and imports it with `--yes`, expecting success.
    pub fn import(&self, name: &str, content: &str) -> Run {
        self.write(name, content);
        self.expect(0, &["import", name, "--yes"])
    }

    /// The customer with number or email `key`, as `get --json` prints them: their fields.
    pub fn customer(&self, key: &str) -> serde_json::Value {
        fields(self.expect(0, &["get", key, "--json"]).json())
    }

    /// The customer with number or email `key` in the register `db`: their fields.
    pub fn customer_in(&self, db: &str, key: &str) -> serde_json::Value {
        fields(self.expect(0, &["--db", db, "get", key, "--json"]).json())
    }

    /// The preview of `name` as JSON.
    pub fn preview_json(&self, name: &str) -> serde_json::Value {
        self.expect(0, &["preview", name, "--json"]).json()
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

pub fn finish(output: Output) -> Run {
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// No Rust panic, backtrace or debug formatting ever reaches a user.
pub fn assert_no_panic(run: &Run) {
    for text in [&run.stdout, &run.stderr] {
        for sign in [
            "panicked",
            "RUST_BACKTRACE",
            "stack backtrace",
            "Os {",
            "Error {",
            "kind:",
        ] {
            assert!(
                !text.contains(sign),
                "internal text {sign:?} shown to a user:\n{text}"
            );
        }
    }
}

/// The statuses of a JSON preview's rows, as (line, status).
pub fn statuses(preview: &serde_json::Value) -> Vec<(u64, String)> {
    preview["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A customer as `get --json` gives them, without the versions that changed them: their fields.
pub fn fields(mut customer: serde_json::Value) -> serde_json::Value {
    if let Some(object) = customer.as_object_mut() {
        object.remove("versions");
    }
    customer
}
