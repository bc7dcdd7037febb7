//! `kundreg show VERSION [--json]`: what a version changed, customer by customer.

use std::io::Write;

use crate::cmd::{Settings, finish, open, stdout, written};
use crate::error::Error;
use crate::report::changes::{
    change_json, field_changes, version_json, version_list, version_title, write_change,
};
use crate::store::{Access, StoreError};

/// Prints what `version` changed. The changes are streamed from the history.
pub fn run(settings: &Settings, version: u64, json: bool) -> Result<(), Error> {
    let t = settings.texts;
    let missing = || Error::NoSuchVersion { version };
    let store = open(settings, Access::Read)?.ok_or_else(missing)?;
    let view = store.read()?;
    let entry = view.entry(version)?.ok_or_else(missing)?;
    let (mut out, color) = stdout();
    if json {
        // The entry's object without its closing brace, then the customers one by one.
        let head = version_json(&entry).to_string();
        written(write!(out, "{},\"customers\":[", &head[..head.len() - 1]))?;
        let mut first = true;
        view.for_each_change(&entry, |change| {
            let fields = field_changes(change).map_err(StoreError::from)?;
            let comma = if std::mem::take(&mut first) { "" } else { "," };
            written(write!(out, "{comma}{}", change_json(change, &fields)))
        })?;
        written(writeln!(out, "]}}"))?;
        return finish(out);
    }
    written(writeln!(out, "{}", version_title(t, &entry)))?;
    if let Some(file) = &entry.file {
        written(writeln!(
            out,
            "{}: {}",
            t.source_file,
            crate::inert::visible(file)
        ))?;
    }
    if !entry.undid.is_empty() {
        written(writeln!(
            out,
            "{}",
            (t.undo_versions)(&version_list(&entry.undid))
        ))?;
    }
    written(writeln!(
        out,
        "{}: {} / {} / {}",
        t.history_columns.counts, entry.new, entry.update, entry.removed
    ))?;
    if let Some(by) = entry.rolled_back_by {
        written(writeln!(out, "{}", (t.rolled_back_by)(by)))?;
    }
    written(writeln!(out))?;
    view.for_each_change(&entry, |change| {
        let fields = field_changes(change).map_err(StoreError::from)?;
        written(write_change(&mut out, t, change, &fields, color))
    })?;
    finish(out)
}
