//! The preview as one self-contained HTML page: inline CSS, no scripts, no external links,
//! every value escaped. New values are green, as on the help page kundreg grew from.

use std::io::{self, Write};

use super::{Cell, Line, PAGE_ROWS, Preview};

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.5em}table{border-collapse:collapse;margin-top:1em}\
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top;white-space:pre-wrap}\
th{background:#f2f2f2}.new{color:#17833a;font-weight:600}del{color:#999}\
.error{color:#b00020}.same{color:#888}.note{background:#fff8d6;padding:.4em .8em;margin:.3em 0}\
.fileerror,.warning{background:#fde7ea;padding:.6em .8em}.warning{font-weight:600}dl{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}\
dt{font-weight:600}dd{margin:0}code{word-break:break-all}\
.accidents{background:#fff3cd;border-left:.4em solid #e0a800;padding:.4em .8em;margin:1em 0}\
.accidents p{margin:.3em 0}table.glance td.n{text-align:right}";

/// The page's `generator`: marks a preview as written by kundreg.
pub const GENERATOR: &str = "kundreg";
/// Names of the page's `meta` elements that hold the file's SHA-256 and the plan's
/// fingerprint, so a later confirm can be held to exactly what the page showed.
pub const META_SHA256: &str = "kundreg-sha256";
pub const META_FINGERPRINT: &str = "kundreg-fingerprint";
/// The SHA-256 of the shop's columns file the input was read by, when there was one.
pub const META_COLUMNS: &str = "kundreg-columns";

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes the HTML preview.
pub fn write_html(p: &Preview<'_>, out: &mut impl Write) -> io::Result<()> {
    let t = p.texts;
    let lang = t.code;
    let title = escape(&(t.preview_title)(p.file));
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"generator\" content=\"{GENERATOR}\">\
         <meta name=\"{META_SHA256}\" content=\"{}\">",
        super::hex(p.sha256)
    )?;
    if let Some(plan) = p.plan {
        write!(
            out,
            "<meta name=\"{META_FINGERPRINT}\" content=\"{}\">",
            plan.fingerprint
        )?;
    }
    if let Some(columns) = &p.parsed.columns_sha256 {
        write!(
            out,
            "<meta name=\"{META_COLUMNS}\" content=\"{}\">",
            super::hex(columns)
        )?;
    }
    writeln!(
        out,
        "<title>{title}</title><style>{STYLE}</style></head><body>"
    )?;
    for warning in p.warnings {
        writeln!(out, "<p class=\"warning\">{}</p>", escape(warning))?;
    }
    writeln!(out, "<h1>{title}</h1>\n<dl>")?;
    let mut fact = |label: &str, value: &str| {
        writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(label), escape(value))
    };
    fact(t.rows_read, &p.parsed.rows_read.to_string())?;
    for (label, value) in p.source_facts() {
        fact(label, &value)?;
    }
    if let Some(plan) = p.plan {
        fact(t.register_version, &plan.register_version.to_string())?;
        fact(t.fingerprint, &plan.fingerprint.to_string())?;
        for (word, n) in p.counts() {
            fact(word, &n.to_string())?;
        }
    }
    writeln!(out, "</dl>")?;
    write_glance(p, out)?;
    if !p.parsed.file_errors.is_empty() {
        writeln!(
            out,
            "<div class=\"fileerror\"><strong>{}</strong><ul>",
            escape(t.file_errors_title)
        )?;
        for error in &p.parsed.file_errors {
            writeln!(out, "<li>{}</li>", escape(&(t.file_error)(error)))?;
        }
        writeln!(out, "</ul>{}</div>", escape(t.how_to_fix))?;
    }
    for note in p.notes() {
        writeln!(
            out,
            "<p class=\"note\">{}: {}</p>",
            escape(t.note),
            escape(&note)
        )?;
    }
    for step in p.next_steps {
        writeln!(out, "<p>{}</p>", escape(step))?;
    }
    let columns = p.column_section();
    for section in std::iter::once(&columns).chain(p.sections) {
        writeln!(out, "<h2>{}</h2>\n<ul>", escape(&section.title))?;
        for line in &section.lines {
            writeln!(out, "<li>{}</li>", escape(line))?;
        }
        writeln!(out, "</ul>")?;
    }
    if p.plan.is_some() {
        write_table(p, out)?;
    }
    writeln!(out, "</body></html>")
}

/// The warnings in an amber box, then the small table of what each column changes.
fn write_glance(p: &Preview<'_>, out: &mut impl Write) -> io::Result<()> {
    let t = p.texts;
    let g = t.glance;
    let glance = p.glance();
    if !glance.accidents.is_empty() {
        writeln!(out, "<div class=\"accidents\">")?;
        for accident in &glance.accidents {
            writeln!(
                out,
                "<p><strong>{}:</strong> {}</p>",
                escape(g.warning),
                escape(&accident.text)
            )?;
        }
        writeln!(out, "</div>")?;
    }
    if glance.columns.is_empty() {
        return Ok(());
    }
    write!(
        out,
        "<h2>{}</h2>\n<table class=\"glance\">\n<tr>",
        escape(g.summary_title)
    )?;
    for head in g.summary_heads {
        write!(out, "<th>{}</th>", escape(head))?;
    }
    writeln!(out, "</tr>")?;
    for c in &glance.columns {
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td>{}</td></tr>",
            escape((t.field_name)(c.field)),
            c.new,
            c.changed,
            c.cleared,
            escape(&super::glance::top_text(&c.top))
        )?;
    }
    writeln!(out, "</table>")
}

fn write_table(p: &Preview<'_>, out: &mut impl Write) -> io::Result<()> {
    let t = p.texts;
    let columns = p.columns();
    write!(
        out,
        "<table>\n<tr><th>{}</th><th>{}</th>",
        escape(t.line),
        escape(t.status)
    )?;
    for f in &columns {
        write!(out, "<th>{}</th>", escape((t.field_name)(*f)))?;
    }
    writeln!(out, "</tr>")?;
    let all = p.lists_unchanged();
    // Of each kind (new, changed, unchanged, error), the first PAGE_ROWS rows in line order;
    // the text preview lists every row.
    let mut shown = [0usize; 4];
    let mut left_out = [0u64; 4];
    for line in p.lines(all) {
        let kind = match &line {
            Line::Row(o) => o.status as usize,
            Line::Error(_) => 3,
        };
        if shown[kind] >= PAGE_ROWS {
            left_out[kind] += 1;
            continue;
        }
        shown[kind] += 1;
        let number = p.line_number(&line);
        match line {
            Line::Error(e) => writeln!(
                out,
                "<tr class=\"error\"><td>{number}</td><td>{}</td><td colspan=\"{}\">{}</td></tr>",
                escape(t.status_error),
                columns.len(),
                escape(&p.error_text(e))
            )?,
            Line::Row(o) => {
                write!(
                    out,
                    "<tr><td>{number}</td><td>{}</td>",
                    escape(t.status_word(Some(o.status)))
                )?;
                for f in &columns {
                    match p.cell(o, *f) {
                        Cell::Blank => write!(out, "<td></td>")?,
                        Cell::Same => write!(out, "<td class=\"same\">/</td>")?,
                        Cell::Plain(v) => write!(out, "<td>{}</td>", escape(v))?,
                        Cell::New(v) => {
                            write!(out, "<td><span class=\"new\">{}</span></td>", escape(v))?
                        }
                        Cell::Changed { old, new } => write!(
                            out,
                            "<td><del>{}</del> → <span class=\"new\">{}</span></td>",
                            escape(old),
                            escape(new)
                        )?,
                        Cell::Cleared { old } => write!(
                            out,
                            "<td><del>{}</del> → <span class=\"cleared\">{}</span></td>",
                            escape(old),
                            escape(t.fix.cleared)
                        )?,
                    }
                }
                writeln!(out, "</tr>")?;
            }
        }
    }
    writeln!(out, "</table>")?;
    if left_out.iter().any(|&n| n > 0) {
        let [new, update, unchanged, error] = left_out;
        writeln!(
            out,
            "<p class=\"left-out\">{}</p>",
            escape(&(t.page_left_out)(new, update, unchanged, error, p.file))
        )?;
    }
    if !all {
        let unchanged = p.plan.map_or(0, |plan| plan.counts.unchanged);
        writeln!(
            out,
            "<p>{}</p>",
            escape(&(t.unchanged_not_listed)(unchanged))
        )?;
    }
    writeln!(out, "<p class=\"same\">{}</p>", escape(t.same_legend))
}
