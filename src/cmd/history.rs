//! `kundreg history [--json]`: the versions, newest first.

use std::io::Write;

use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use crate::cli::Settings;
use crate::cmd::{finish, open, stdout, written};
use crate::error::Error;
use crate::lang::Texts;
use crate::report::local_time;
use crate::store::Access;
use crate::store::{Kind, Version};

/// Prints the history.
pub fn run(settings: &Settings, json: bool) -> Result<(), Error> {
    let t = settings.texts;
    let versions = match open(settings, Access::Read)? {
        Some(store) => store.read()?.history()?,
        None => Vec::new(),
    };
    let (mut out, _) = stdout();
    if json {
        let list: Vec<Value> = versions.iter().map(version_json).collect();
        written(writeln!(out, "{}", Value::Array(list)))?;
        return finish(out);
    }
    if versions.is_empty() {
        written(writeln!(out, "{}", t.history_empty))?;
        return finish(out);
    }
    let rows: Vec<[String; 6]> = versions.iter().map(|v| text_row(t, v)).collect();
    let header = t.history_header.map(str::to_string);
    let widths: Vec<usize> = (0..6)
        .map(|i| {
            rows.iter()
                .chain([&header])
                .map(|r| r[i].width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (cell, w) in row.iter().zip(&widths) {
            line.push_str(cell);
            line.push_str(&" ".repeat(w - cell.width() + 2));
        }
        written(writeln!(out, "{}", line.trim_end()))?;
    }
    finish(out)
}

fn kind_word(t: &Texts, kind: Kind) -> &'static str {
    match kind {
        Kind::Import => t.kind_import,
        Kind::Rollback => t.kind_rollback,
        Kind::Forget => t.kind_forget,
    }
}

fn text_row(t: &Texts, v: &Version) -> [String; 6] {
    [
        format!("v{}", v.version),
        local_time(v.at),
        kind_word(t, v.kind).to_string(),
        v.file.clone().unwrap_or_default(),
        format!("{} / {} / {}", v.new, v.update, v.removed),
        v.rolled_back_by.map(t.rolled_back_by).unwrap_or_default(),
    ]
}

fn version_json(v: &Version) -> Value {
    let at = chrono::DateTime::from_timestamp(v.at, 0).map(|t| t.to_rfc3339());
    let sha = v
        .sha256
        .map(|s| s.iter().map(|b| format!("{b:02x}")).collect::<String>());
    json!({
        "version": v.version, "kind": v.kind.key(), "at": at, "file": v.file, "sha256": sha,
        "new": v.new, "update": v.update, "removed": v.removed, "rolled_back_by": v.rolled_back_by,
    })
}
