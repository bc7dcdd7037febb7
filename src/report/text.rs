//! The preview as plain text: readable in a terminal (with colours) and in Notepad.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{Cell, Line, Preview};

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const STRUCK: &str = "\x1b[2;9m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";
const ARROW: &str = " → ";

/// Writes the text preview; `color` adds terminal colours (new values green).
pub fn write_text(p: &Preview<'_>, out: &mut impl Write, color: bool) -> io::Result<()> {
    let t = p.texts;
    let paint = |code: &'static str| if color { code } else { "" };
    let reset = paint(RESET);
    for warning in p.warnings {
        writeln!(out, "{}!! {warning}{reset}", paint(RED))?;
    }
    if !p.warnings.is_empty() {
        writeln!(out)?;
    }
    writeln!(
        out,
        "{}{}{reset}",
        paint(BOLD),
        (t.preview_title)(&one_line(p.file))
    )?;
    let source: Vec<String> = p
        .source_facts()
        .iter()
        .map(|(label, value)| format!("{label}: {}", one_line(value)))
        .collect();
    let mut facts = vec![format!("{}: {}", t.rows_read, p.parsed.rows_read)];
    facts.extend(source);
    facts.push(format!(
        "{}: {}",
        t.register_version,
        p.plan.map_or(0, |plan| plan.register_version)
    ));
    writeln!(out, "{}", facts.join("   "))?;
    if let Some(plan) = p.plan {
        writeln!(out, "{}: {}", t.fingerprint, plan.fingerprint)?;
        let counts: Vec<String> = p
            .counts()
            .iter()
            .map(|(word, n)| format!("{word}: {n}"))
            .collect();
        writeln!(out, "{}", counts.join("   "))?;
    }
    writeln!(out)?;
    let glance = p.glance().lines(t);
    for line in &glance {
        let warning = line.starts_with(t.glance.warning);
        let (on, off) = if warning {
            (paint(YELLOW), reset)
        } else {
            ("", "")
        };
        writeln!(out, "{on}{line}{off}")?;
    }
    if !glance.is_empty() {
        writeln!(out)?;
    }
    if !p.parsed.file_errors.is_empty() {
        writeln!(out, "{}{}:{reset}", paint(RED), t.file_errors_title)?;
        for error in &p.parsed.file_errors {
            writeln!(out, "  - {}", (t.file_error)(error))?;
        }
        writeln!(out, "{}", t.how_to_fix)?;
        writeln!(out)?;
    }
    for note in p.notes() {
        writeln!(out, "{}: {note}", t.note)?;
    }
    for step in p.next_steps {
        writeln!(out, "{step}")?;
    }
    let columns = p.column_section();
    for section in std::iter::once(&columns).chain(p.sections) {
        writeln!(out)?;
        writeln!(out, "{}{}{reset}", paint(BOLD), section.title)?;
        for line in &section.lines {
            writeln!(out, "  {line}")?;
        }
    }
    if p.plan.is_none() {
        return Ok(());
    }
    writeln!(out)?;
    write_table(p, out, paint)
}

/// A value on one line: a line break inside a value shows as `↵`, and other control
/// characters as escapes (see [`crate::inert`]).
pub fn one_line(value: &str) -> std::borrow::Cow<'_, str> {
    if value.contains('\n') {
        crate::inert::visible(&value.replace('\n', " ↵ "))
            .into_owned()
            .into()
    } else {
        crate::inert::visible(value)
    }
}

/// Columns a value takes on screen (`↵` and its spaces included).
fn text_width(value: &str) -> usize {
    if value.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        value.len()
    } else {
        one_line(value).width()
    }
}

/// Columns a cell takes on screen; `cleared` is the word a cleared value shows.
fn width(cell: &Cell<'_>, cleared: &str) -> usize {
    match cell {
        Cell::Blank => 0,
        Cell::Same => 1,
        Cell::Plain(v) | Cell::New(v) => text_width(v),
        Cell::Changed { old, new } => text_width(old) + ARROW.width() + text_width(new),
        Cell::Cleared { old } => text_width(old) + ARROW.width() + cleared.width(),
    }
}

/// Appends `value` on one line.
fn push(row: &mut Vec<u8>, value: &str) {
    row.extend_from_slice(one_line(value).as_bytes());
}

fn write_table(
    p: &Preview<'_>,
    out: &mut impl Write,
    paint: impl Fn(&'static str) -> &'static str,
) -> io::Result<()> {
    let t = p.texts;
    let all = p.lists_unchanged();
    let columns = p.columns();
    let mut widths: Vec<usize> = columns.iter().map(|f| (t.field_name)(*f).width()).collect();
    let mut line_width = t.line.width();
    let status_width = [
        t.status,
        t.status_new,
        t.status_update,
        t.status_unchanged,
        t.status_error,
    ]
    .iter()
    .map(|w| w.width())
    .max()
    .unwrap_or(0);
    for line in p.lines(all) {
        line_width = line_width.max(p.line_number(&line).to_string().len());
        if let Line::Row(o) = line {
            for (w, f) in widths.iter_mut().zip(&columns) {
                *w = (*w).max(width(&p.cell(o, *f), t.fix.cleared));
            }
        }
    }
    // Pads a cell to its column's width (`end_line` trims what the last cells leave).
    let pad =
        |out: &mut Vec<u8>, used: usize, to: usize| out.resize(out.len() + to - used + 2, b' ');
    let mut row = Vec::new();
    write!(
        row,
        "{:<line_width$}  {:<status_width$}  ",
        t.line, t.status
    )?;
    for (f, w) in columns.iter().zip(&widths) {
        let name = (t.field_name)(*f);
        write!(row, "{name}")?;
        pad(&mut row, name.width(), *w);
    }
    end_line(out, &mut row)?;
    let (green, red, struck, reset) = (paint(GREEN), paint(RED), paint(STRUCK), paint(RESET));
    for line in p.lines(all) {
        let number = p.line_number(&line);
        match line {
            Line::Error(e) => {
                let word = t.status_error;
                writeln!(
                    out,
                    "{number:<line_width$}  {red}{word:<status_width$}{reset}  {}",
                    p.error_text(e)
                )?;
            }
            Line::Row(o) => {
                let word = t.status_word(Some(o.status));
                write!(row, "{number:<line_width$}  {word:<status_width$}  ")?;
                for (f, w) in columns.iter().zip(&widths) {
                    let cell = p.cell(o, *f);
                    let paint = |row: &mut Vec<u8>, code: &str, value: &str| {
                        row.extend_from_slice(code.as_bytes());
                        push(row, value);
                        row.extend_from_slice(reset.as_bytes());
                    };
                    match cell {
                        Cell::Blank => {}
                        Cell::Same => row.push(b'/'),
                        Cell::Plain(v) => push(&mut row, v),
                        Cell::New(v) => paint(&mut row, green, v),
                        Cell::Changed { old, new } => {
                            paint(&mut row, struck, old);
                            row.extend_from_slice(ARROW.as_bytes());
                            paint(&mut row, green, new);
                        }
                        Cell::Cleared { old } => {
                            paint(&mut row, struck, old);
                            row.extend_from_slice(ARROW.as_bytes());
                            paint(&mut row, red, t.fix.cleared);
                        }
                    }
                    pad(&mut row, width(&cell, t.fix.cleared), *w);
                }
                end_line(out, &mut row)?;
            }
        }
    }
    if !all {
        let unchanged = p.plan.map_or(0, |plan| plan.counts.unchanged);
        writeln!(out, "{}", (t.unchanged_not_listed)(unchanged))?;
    }
    writeln!(out, "{}", t.same_legend)
}

/// Writes `row` as one line without trailing spaces, and empties it for the next.
fn end_line(out: &mut impl Write, row: &mut Vec<u8>) -> io::Result<()> {
    let end = row.iter().rposition(|b| *b != b' ').map_or(0, |i| i + 1);
    row.truncate(end);
    row.push(b'\n');
    out.write_all(row)?;
    row.clear();
    Ok(())
}
