//! The preview as JSON, in the shape the README's "JSON output" gives. Rows are streamed, so a large
//! file's report is never held in memory as one value.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use super::{Cell, Line, Preview};
use crate::field::Field;
use crate::parse::{RowError, RowProblem};

/// Writes the JSON preview (one object, then a newline).
pub fn write_json(p: &Preview<'_>, out: &mut impl Write) -> io::Result<()> {
    let t = p.texts;
    let columns: Vec<Value> = p
        .parsed
        .columns
        .iter()
        .filter_map(|c| {
            c.field
                .map(|f| json!({"header": c.header, "field": f.key(), "corrected": c.corrected}))
        })
        .collect();
    let ignored: Vec<&str> = p.parsed.ignored_columns().collect();
    let file_errors: Vec<String> = p
        .parsed
        .file_errors
        .iter()
        .map(|e| (t.file_error)(e))
        .collect();
    let counts = p.plan.map(|plan| plan.counts).unwrap_or_default();
    let head = json!({
        "file": p.file,
        "encoding": p.encoding.label(),
        "delimiter": char::from(p.parsed.delimiter).to_string(),
        "columns": columns,
        "ignored_columns": ignored,
        "file_errors": file_errors,
        "register_version": p.plan.map(|plan| plan.register_version),
        "fingerprint": p.plan.map(|plan| plan.fingerprint.to_string()),
        "already_imported_as": p.already.map(|v| v.number),
        "summary": {"new": counts.new, "update": counts.update,
                    "unchanged": counts.unchanged, "error": counts.error},
    });
    // The head object without its closing brace, then the rows one by one.
    let head = serde_json::to_string(&head).map_err(io::Error::other)?;
    write!(out, "{},\"rows\":[", &head[..head.len() - 1])?;
    for (i, line) in p.lines(true).enumerate() {
        if i > 0 {
            write!(out, ",")?;
        }
        let row = row_json(p, &line);
        serde_json::to_writer(&mut *out, &row).map_err(io::Error::other)?;
    }
    writeln!(out, "]}}")
}

/// An error row: the stable `problem` key, what it names (the field, the customers, the
/// other lines), and the reason in the reader's language.
fn error_json(p: &Preview<'_>, line: u32, error: &RowError) -> Value {
    let mut row = Map::new();
    row.insert("line".into(), line.into());
    row.insert("status".into(), "error".into());
    row.insert("problem".into(), error.problem.key().into());
    match &error.problem {
        RowProblem::BadValue { field, .. } => {
            row.insert("field".into(), field.key().into());
        }
        RowProblem::NumberAndEmailDiffer {
            by_number,
            by_email,
        } => {
            row.insert("customers".into(), json!([by_number, by_email]));
        }
        RowProblem::EmailHasOtherNumber { number, .. } => {
            row.insert("customers".into(), json!([number]));
        }
        RowProblem::SameCustomerAs { lines } => {
            row.insert("lines".into(), json!(lines));
        }
        RowProblem::NoKey | RowProblem::ExtraCells { .. } => {}
    }
    row.insert("error".into(), p.error_text(error).into());
    Value::Object(row)
}

fn row_json(p: &Preview<'_>, line: &Line<'_>) -> Value {
    let number = p.line_number(line);
    let o = match line {
        Line::Error(e) => return error_json(p, number, e),
        Line::Row(o) => o,
    };
    let mut changes = Map::new();
    let mut same = Vec::new();
    for &field in p.parsed.rows.fields() {
        let change = match p.cell(o, field) {
            Cell::New(new) if !(field.is_key() && o.changed & (1 << field.index()) == 0) => {
                json!({"old": null, "new": new})
            }
            Cell::Changed { old, new } => json!({"old": old, "new": new}),
            Cell::Same => {
                same.push(field.key());
                continue;
            }
            _ => continue,
        };
        changes.insert(field.key().to_string(), change);
    }
    let status = match o.status {
        crate::plan::Status::New => "new",
        crate::plan::Status::Update => "update",
        crate::plan::Status::Unchanged => "unchanged",
    };
    json!({
        "line": number,
        "status": status,
        Field::CustomerNumber.key(): p.number(o),
        Field::Email.key(): p.email(o),
        "changes": changes,
        "same": same,
    })
}
