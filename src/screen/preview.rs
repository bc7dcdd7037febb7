//! A preview drawn on the screen, as the help page describes it: the glance's warnings and
//! per-column summary, then the rows, new values green, same values `/`, changed ones old →
//! new, error rows red with their reason. Rows and cells carry the `data-` attributes the
//! reference lists as a contract (`data-line`, `data-status`, `data-field`, `data-mark`).

use maud::{Markup, html};

use crate::plan::Status;
use crate::report::{Cell, Line, PAGE_ROWS, Preview};

/// A row's `data-status`.
fn status_key(status: Status) -> &'static str {
    match status {
        Status::New => "new",
        Status::Update => "update",
        Status::Unchanged => "unchanged",
    }
}

/// The preview `p`, without its page.
pub fn draw(p: &Preview<'_>) -> Markup {
    let t = p.texts;
    let g = t.glance;
    let glance = p.glance();
    let columns = p.columns();
    let all = p.lists_unchanged();
    html! {
        @for warning in p.warnings { p.warning role="alert" { (warning) } }
        @for accident in &glance.accidents {
            p.warning data-warning=(accident.kind.key()) { strong { (g.warning) ": " } (accident.text) }
        }
        p.facts {
            (t.rows_read) ": " (p.parsed.rows_read)
            @for (label, value) in p.source_facts() { " · " (label) ": " (value) }
            @if let Some(plan) = p.plan { " · " (t.register_version) ": " (plan.register_version) }
        }
        @if p.plan.is_some() {
            p.counts {
                @for (word, n) in p.counts() { span.count { strong { (n) } " " (word) } }
            }
        }
        @if !p.parsed.file_errors.is_empty() {
            div.problem role="alert" {
                strong { (t.file_errors_title) }
                ul { @for error in &p.parsed.file_errors { li { ((t.file_error)(error)) } } }
                p { (t.how_to_fix) }
            }
        }
        @for note in p.notes() { p.note { (note) } }
        @let section = p.column_section();
        h2 { (section.title) }
        ul { @for line in &section.lines { li { (line) } } }
        @if !glance.columns.is_empty() {
            h2 { (g.summary_title) }
            table.glance {
                thead { tr { @for head in g.summary_heads { th { (head) } } } }
                tbody {
                    @for c in &glance.columns {
                        tr data-field=(c.field.key()) {
                            td { ((t.field_name)(c.field)) }
                            td.n { (c.new) } td.n { (c.changed) } td.n { (c.cleared) }
                            td { (crate::report::glance::top_text(&c.top)) }
                        }
                    }
                }
            }
        }
        @if p.plan.is_some() { (rows(p, &columns, all)) }
    }
}

/// The rows: of each kind the first [`PAGE_ROWS`], in line order.
fn rows(p: &Preview<'_>, columns: &[crate::field::Field], all: bool) -> Markup {
    let t = p.texts;
    let mut shown = [0usize; 4];
    let mut left_out = [0u64; 4];
    let lines: Vec<Line<'_>> = p
        .lines(all)
        .filter(|line| {
            let kind = match line {
                Line::Row(o) => o.status as usize,
                Line::Error(_) => 3,
            };
            let keep = shown[kind] < PAGE_ROWS;
            if keep {
                shown[kind] += 1;
            } else {
                left_out[kind] += 1;
            }
            keep
        })
        .collect();
    html! {
        table.preview {
            thead { tr { th { (t.line) } th { (t.status) } @for f in columns { th data-field=(f.key()) { ((t.field_name)(*f)) } } } }
            tbody {
                @for line in &lines {
                    @let number = p.line_number(line);
                    @match line {
                        Line::Error(e) => tr.error data-line=(number) data-status="error" {
                            td { (number) } td { (t.status_error) }
                            td colspan=(columns.len()) { (p.error_text(e)) }
                        },
                        Line::Row(o) => tr data-line=(number) data-status=(status_key(o.status)) {
                            td { (number) } td { (t.status_word(Some(o.status))) }
                            @for f in columns { (cell(p, p.cell(o, *f), f.key())) }
                        },
                    }
                }
            }
        }
        @if left_out.iter().any(|&n| n > 0) {
            @let [new, update, unchanged, error] = left_out;
            p.facts { ((t.page_left_out)(new, update, unchanged, error, p.file)) }
        }
        @if !all {
            p.facts { ((t.unchanged_not_listed)(p.plan.map_or(0, |plan| plan.counts.unchanged))) }
        }
        p.same { (t.same_legend) }
    }
}

/// One cell, marked as the contract says.
fn cell(p: &Preview<'_>, cell: Cell<'_>, field: &str) -> Markup {
    html! {
        @match cell {
            Cell::Blank => td data-field=(field) {},
            Cell::Same => td.same data-field=(field) data-mark="same" { "/" },
            Cell::Plain(v) => td data-field=(field) { (v) },
            Cell::New(v) => td data-field=(field) data-mark="new" { span.new { (v) } },
            Cell::Changed { old, new } => td data-field=(field) data-mark="changed" {
                del { (old) } " → " span.new { (new) }
            },
            Cell::Cleared { old } => td data-field=(field) data-mark="cleared" {
                del { (old) } " → " span.same { (p.texts.fix.cleared) }
            },
        }
    }
}
