//! `kundreg history [--json]`: the versions, newest first.

use std::io::Write;

use serde_json::Value;

use crate::cmd::{Settings, aligned, finish, open, stdout, written};
use crate::error::Error;
use crate::lang::Texts;
use crate::lang::local_time;
use crate::report::changes::{version_json, version_list};
use crate::shared::fenced::fenced_work;
use crate::store::Access;
use crate::store::{Kind, Version};

/// Prints the history.
pub fn run(settings: &Settings, json: bool) -> Result<(), Error> {
    let t = settings.texts;
    let (versions, fenced) = match open(settings, Access::Read)? {
        Some(store) => (store.read()?.history()?, fenced_work(&store)?),
        None => (Vec::new(), Vec::new()),
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
    let c = &t.history_columns;
    let header = [c.version, c.time, c.kind, c.file, c.counts, c.remark].map(str::to_string);
    let rows: Vec<[String; 6]> = std::iter::once(header)
        .chain(versions.iter().map(|v| text_row(t, v)))
        .collect();
    for line in aligned(&rows, "") {
        written(writeln!(out, "{line}"))?;
    }
    if !fenced.is_empty() {
        // Versions a newer epoch did not keep: this computer made them while cut off.
        written(writeln!(out, "\n{}:", t.failover.status_fenced))?;
        let rows: Vec<[String; 6]> = fenced
            .iter()
            .map(|w| {
                let mut row = text_row(t, &w.version);
                row[5] = (t.failover.fenced_remark)(&w.computer, w.epoch);
                row
            })
            .collect();
        for line in aligned(&rows, "") {
            written(writeln!(out, "{line}"))?;
        }
    }
    finish(out)
}

pub(crate) fn text_row(t: &Texts, v: &Version) -> [String; 6] {
    let source = match v.kind {
        Kind::Rollback => (t.undoes)(&version_list(&v.undid)),
        _ => crate::inert::visible(v.file.as_deref().unwrap_or_default()).into_owned(),
    };
    [
        format!("v{}", v.number),
        local_time(v.at),
        t.kind_word(v.kind).to_string(),
        source,
        format!("{} / {} / {}", v.new, v.update, v.removed),
        v.rolled_back_by.map(t.rolled_back_by).unwrap_or_default(),
    ]
}
