//! The preview as JSON, in the shape the reference's "JSON output" gives. Rows are streamed, each
//! written straight to the output as it is listed: a large file's report is never held in
//! memory, neither as one value nor row by row.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use super::{Cell, Line, Preview};
use crate::parse::{Origin, Reading, RowError, RowProblem};
use crate::plan::{RowOutcome, Status};

/// Writes the JSON preview (one object, then a newline).
pub fn write_json(p: &Preview<'_>, out: &mut impl Write) -> io::Result<()> {
    let t = p.texts;
    let columns: Vec<Value> = p
        .parsed
        .columns
        .iter()
        .filter(|c| {
            !matches!(
                c.origin,
                Origin::Unknown | Origin::ErrorColumn | Origin::NotKept
            )
        })
        .map(|c| {
            let (from, line) = match c.origin {
                Origin::Line(line) => ("columns_file", Some(line)),
                Origin::Corrected => ("corrected", None),
                Origin::System => ("system", None),
                _ => ("name", None),
            };
            let (read, choice) = match c.reading {
                Reading::Whole { rank } => (
                    "whole",
                    p.parsed.has_choice(c).then_some(u32::from(rank) + 1),
                ),
                Reading::More { rank } => ("further_line", Some(u32::from(rank) + 1)),
                Reading::FullName => ("full_name", None),
                Reading::Address => ("whole_address", None),
                Reading::Ignored => ("ignored", None),
            };
            let fields: Vec<&str> = c.fields().into_iter().map(|f| f.key()).collect();
            json!({
                "header": c.header, "field": c.field.map(|f| f.key()),
                "corrected": c.corrected(), "from": from, "line": line,
                "read": read, "fields": fields, "choice": choice,
                "rows": (read != "further_line").then_some(c.used),
            })
        })
        .collect();
    let ignored: Vec<&str> = p.parsed.ignored_columns().collect();
    let not_kept: Vec<&str> = p.parsed.not_kept_columns().collect();
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
        "read_as": p.parsed.system.map(|s| s.key),
        "sheet": p.parsed.sheet.as_ref().map(|s| &s.name),
        "other_sheets": p.parsed.sheet.as_ref().map_or(Vec::new(), |s| {
            s.others.iter().map(|(name, _)| name.as_str()).collect()
        }),
        "not_kept_columns": not_kept,
        "unclear_address_lines": p.parsed.unclear_addresses,
        "unclear_address_count": p.parsed.unclear_address_count,
        "file_errors": file_errors,
        "register_version": p.plan.map(|plan| plan.register_version),
        "fingerprint": p.plan.map(|plan| plan.fingerprint.to_string()),
        "already_imported_as": p.already.map(|v| v.number),
        "summary": {"new": counts.new, "update": counts.update,
                    "unchanged": counts.unchanged, "error": counts.error},
        "summary_by_field": summary_by_field(p),
        "warnings": warnings(p),
    });
    // The head object without its closing brace, then the rows one by one.
    let head = serde_json::to_string(&head).map_err(io::Error::other)?;
    write!(out, "{},\"rows\":[", &head[..head.len() - 1])?;
    for (i, line) in p.lines(true).enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let number = p.line_number(&line);
        match line {
            Line::Error(e) => serde_json::to_writer(&mut *out, &error_json(p, number, e))?,
            Line::Row(o) => write_row(p, number, o, out)?,
        }
    }
    writeln!(out, "]}}")
}

/// `{field: {"new", "changed", "cleared", "top": [[value, count], …]}}`.
fn summary_by_field(p: &Preview<'_>) -> Value {
    let columns = p.glance().columns.iter().map(|c| {
        let top: Vec<Value> = c.top.iter().map(|(v, n)| json!([v, n])).collect();
        let summary = json!({"new": c.new, "changed": c.changed, "cleared": c.cleared, "top": top});
        (c.field.key().to_string(), summary)
    });
    Value::Object(columns.collect())
}

/// `[{"kind", "field", "rows", "example_lines", "text"}]`.
fn warnings(p: &Preview<'_>) -> Value {
    let warnings = p.glance().accidents.iter().map(|a| {
        json!({"kind": a.kind.key(), "field": a.field.key(), "rows": a.rows,
               "example_lines": a.example_lines, "text": a.text})
    });
    Value::Array(warnings.collect())
}

/// An error row: the stable `problem` key, what it names (the field, the customers, the
/// other lines), and the reason in the reader's language.
fn error_json(p: &Preview<'_>, line: u32, error: &RowError) -> Value {
    let mut row = Map::new();
    row.insert("line".into(), line.into());
    row.insert("status".into(), "error".into());
    row.insert("problem".into(), error.problem.key().into());
    match &error.problem {
        RowProblem::BadValue { field, .. } | RowProblem::CellTooLong { field, .. } => {
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
        RowProblem::SameCustomerAs { lines, more } => {
            row.insert("lines".into(), json!(lines));
            row.insert("more_lines".into(), json!(more));
        }
        RowProblem::NoKey
        | RowProblem::ExtraCells { .. }
        | RowProblem::ClearsNumber
        | RowProblem::ClearsEmailWithoutNumber => {}
    }
    row.insert("error".into(), p.error_text(error).into());
    Value::Object(row)
}

/// A valid row: `{"line", "status", "customer_number", "email", "changes", "same"}`.
fn write_row(p: &Preview<'_>, line: u32, o: &RowOutcome, out: &mut impl Write) -> io::Result<()> {
    let status = match o.status {
        Status::New => "new",
        Status::Update => "update",
        Status::Unchanged => "unchanged",
    };
    write!(
        out,
        "{{\"line\":{line},\"status\":\"{status}\",\"customer_number\":"
    )?;
    serde_json::to_writer(&mut *out, &p.number(o))?;
    out.write_all(b",\"email\":")?;
    serde_json::to_writer(&mut *out, &p.email(o))?;
    out.write_all(b",\"changes\":{")?;
    let fields = p.parsed.rows.fields();
    let mut first = true;
    for &field in fields {
        let (old, new) = match p.cell(o, field) {
            Cell::New(new) if !(field.is_key() && o.changed & (1 << field.index()) == 0) => {
                (None, Some(new))
            }
            Cell::Changed { old, new } => (Some(old), Some(new)),
            Cell::Cleared { old } => (Some(old), None),
            _ => continue,
        };
        if !std::mem::take(&mut first) {
            out.write_all(b",")?;
        }
        write!(out, "\"{}\":{{\"old\":", field.key())?;
        serde_json::to_writer(&mut *out, &old)?;
        out.write_all(b",\"new\":")?;
        serde_json::to_writer(&mut *out, &new)?;
        out.write_all(b"}")?;
    }
    out.write_all(b"},\"same\":[")?;
    let same = fields.iter().filter(|f| o.same & (1 << f.index()) != 0);
    for (i, field) in same.enumerate() {
        let comma = if i > 0 { "," } else { "" };
        write!(out, "{comma}\"{}\"", field.key())?;
    }
    out.write_all(b"]}")
}
