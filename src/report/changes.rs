//! What a version changed (or a rollback would change), customer by customer and field by
//! field: the body of `show` and of a rollback's report.

use std::io::{self, Write};

use serde_json::{Map, Value, json};
use similar::{ChangeTag, TextDiff};
use unicode_width::UnicodeWidthStr;

use crate::customer::{self, Change, RecordError};
use crate::field::Field;
use crate::lang::Texts;
use crate::store::Version;

use super::text::one_line;
use crate::lang::local_time;

/// Values longer than this many characters show what changed inside them (an inline diff)
/// instead of the whole old and new value.
const INLINE_FROM: usize = 24;

const GREEN: &str = "\x1b[32m";
const RED_STRUCK: &str = "\x1b[31;9m";
const RESET: &str = "\x1b[0m";

/// How a change left a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    New,
    Update,
    Removed,
    /// A forgotten customer's place in the history.
    Erased,
}

impl What {
    pub fn of(change: &Change) -> What {
        match (&change.before, &change.after) {
            _ if change.is_erased() => What::Erased,
            (None, _) => What::New,
            (_, None) => What::Removed,
            _ => What::Update,
        }
    }

    /// Name in JSON.
    pub fn key(self) -> &'static str {
        match self {
            What::New => "new",
            What::Update => "update",
            What::Removed => "removed",
            What::Erased => "erased",
        }
    }

    pub fn word(self, t: &Texts) -> &'static str {
        match self {
            What::New => t.status_new,
            What::Update => t.status_update,
            What::Removed => t.status_removed,
            What::Erased => t.erased_customer,
        }
    }
}

/// The fields a change sets differently: (field, old, new).
pub type FieldChange<'a> = (Field, Option<&'a str>, Option<&'a str>);

/// Every field whose value differs before and after `change` (the customer number, which
/// names the customer, aside).
pub fn field_changes(change: &Change) -> Result<Vec<FieldChange<'_>>, RecordError> {
    let before = customer::decode_or_none(&change.number, change.before.as_deref())?;
    let after = customer::decode_or_none(&change.number, change.after.as_deref())?;
    Ok(Field::ALL[1..]
        .iter()
        .filter(|f| before[f.index()] != after[f.index()])
        .map(|&f| (f, before[f.index()], after[f.index()]))
        .collect())
}

/// Writes one change as text: a line naming the customer, then a line per changed field.
pub fn write_change(
    out: &mut impl Write,
    t: &Texts,
    change: &Change,
    fields: &[FieldChange<'_>],
    color: bool,
) -> io::Result<()> {
    let what = What::of(change);
    if what == What::Erased {
        return writeln!(out, "{}", t.erased_customer);
    }
    writeln!(out, "{} {} ({})", t.customer, change.number, what.word(t))?;
    let width = Field::ALL
        .iter()
        .map(|f| (t.field_name)(*f).width())
        .max()
        .unwrap_or(0);
    for &(field, old, new) in fields {
        let name = (t.field_name)(field);
        let pad = " ".repeat(width - name.width() + 2);
        writeln!(out, "    {name}{pad}{}", value_change(old, new, color))?;
    }
    Ok(())
}

/// A field's change on one line: the new value (green on a terminal) for a new value,
/// `old → new` for a short one, and for long values the changed words marked inside the
/// value (`[-removed-]{+added+}`, or struck red and green on a terminal).
pub fn value_change(old: Option<&str>, new: Option<&str>, color: bool) -> String {
    let (ins, del, end) = if color {
        (GREEN, RED_STRUCK, RESET)
    } else {
        ("", "", "")
    };
    match (old, new) {
        (None, Some(new)) => format!("{ins}{}{end}", one_line(new)),
        (Some(old), Some(new)) if old.chars().count().max(new.chars().count()) > INLINE_FROM => {
            let diff = TextDiff::from_words(old, new);
            let mut line = String::new();
            for part in diff.iter_all_changes() {
                let value = one_line(part.value());
                match (part.tag(), color) {
                    (ChangeTag::Equal, _) => line.push_str(&value),
                    (ChangeTag::Delete, true) => line.push_str(&format!("{del}{value}{end}")),
                    (ChangeTag::Insert, true) => line.push_str(&format!("{ins}{value}{end}")),
                    (ChangeTag::Delete, false) => line.push_str(&format!("[-{value}-]")),
                    (ChangeTag::Insert, false) => line.push_str(&format!("{{+{value}+}}")),
                }
            }
            line
        }
        (old, new) => format!(
            "{del}{}{end} → {ins}{}{end}",
            old.map_or("–".into(), one_line),
            new.map_or("–".into(), one_line)
        ),
    }
}

/// One change as JSON: `{"customer_number", "status", "changes": {field: {"old", "new"}}}`.
pub fn change_json(change: &Change, fields: &[FieldChange<'_>]) -> Value {
    let what = What::of(change);
    let changes: Map<String, Value> = fields
        .iter()
        .map(|(f, old, new)| (f.key().to_string(), json!({"old": old, "new": new})))
        .collect();
    json!({
        Field::CustomerNumber.key(): (what != What::Erased).then_some(&change.number),
        "status": what.key(),
        "changes": changes,
    })
}

/// A history entry as JSON (the reference's `history --json`), plus what a rollback undid.
pub fn version_json(v: &Version) -> Value {
    let at = chrono::DateTime::from_timestamp(v.at, 0).map(|t| t.to_rfc3339());
    let sha = v.sha256.as_ref().map(super::hex);
    json!({
        "version": v.number, "kind": v.kind.key(), "at": at, "file": v.file, "sha256": sha,
        "new": v.new, "update": v.update, "removed": v.removed, "rolled_back_by": v.rolled_back_by,
        "undid": v.undid,
    })
}

/// A history entry's headline: number, kind and local time.
pub fn version_title(t: &Texts, v: &Version) -> String {
    (t.show_title)(v.number, t.kind_word(v.kind), &local_time(v.at))
}

/// Versions as a list for a sentence: `v5, v4`.
pub fn version_list(versions: &[u64]) -> String {
    let names: Vec<String> = versions.iter().map(|v| format!("v{v}")).collect();
    names.join(", ")
}
