//! What a change says, in the person's language, whether it was made here or by the primary
//! (see [`crate::shared::outcome`]): an import's version and counts and the rows it did
//! not apply, a rollback's report and result, a forget's version and what it erased.

use std::io::{self, Write};

use crate::cmd::{aligned, written};
use crate::error::Error;
use crate::lang::Texts;
use crate::parse::RowError;
use crate::report::changes::{field_changes, version_list, write_change};
use crate::report::one_line;
use crate::rollback::{Conflict, Undo, UndoPlan};
use crate::shared::outcome::{Outcome, Refusal};
use crate::store::{Kind, StoreError};

/// Row errors listed after an import; the preview lists them all.
const ERRORS_LISTED: usize = 20;

/// What a change says: its output, its notes (standard error), and an import's rows not
/// applied with their reasons, for the error file.
#[derive(Debug, Default)]
pub(crate) struct Said {
    pub out: String,
    pub err: String,
    pub not_applied: Vec<(u32, String)>,
}

/// What `outcome` says for the input `file` (an import's); a rollback refused for its
/// conflicts shows its report when `report` (the person saw none before asking).
pub(crate) fn said(t: &Texts, outcome: &Outcome, file: &str, report: bool) -> Said {
    let line = |text: String| text + "\n";
    match outcome {
        Outcome::Imported {
            version,
            new,
            update,
            not_applied: errors,
        } => Said {
            out: line(match version {
                Some(v) => (t.imported)(*v, *new, *update),
                None => t.nothing_to_import.to_string(),
            }),
            err: errors_listed(t, errors),
            not_applied: not_applied(t, errors, file),
        },
        Outcome::ImportedBefore {
            version,
            new,
            update,
        } => Said {
            out: line((t.imported)(*version, *new, *update)),
            ..Said::default()
        },
        Outcome::RolledBack {
            version,
            register_version,
            report,
        } => {
            let mut out = report
                .as_deref()
                .map_or_else(String::new, |plan| report_text(t, plan));
            out += &line(match version {
                Some(v) => (t.rolled_back)(*v),
                None => (t.nothing_to_undo)(*register_version),
            });
            Said {
                out,
                ..Said::default()
            }
        }
        Outcome::Forgot {
            number,
            version,
            erased,
        } => {
            let mut said = Said {
                out: line((t.forgotten)(number, *version)),
                ..Said::default()
            };
            let Some(erased) = erased else {
                return said;
            };
            if erased.rewritten > 0 {
                said.out += &line((t.shared.archive_rewritten)(erased.rewritten as usize));
            }
            if !erased.waiting.is_empty() {
                let rows: Vec<String> = erased
                    .waiting
                    .iter()
                    .map(|(file, row)| format!("{file} {} {row}", t.line))
                    .collect();
                said.out += &line((t.shared.archive_waiting)(&rows.join(", ")));
            }
            if !erased.by_hand.is_empty() {
                said.out += &line((t.workbook.by_hand)(&erased.by_hand));
            }
            for (path, why) in &erased.failed {
                said.err += &line((t.shared.archive_failed)(path, why));
            }
            said
        }
        Outcome::ByHand {
            kind,
            number,
            version,
        } => Said {
            out: line(match (version, kind) {
                (None, _) => t.register.edit_changes_nothing.to_string(),
                (Some(v), Kind::Add) => (t.register.added)(number, *v),
                (Some(v), _) => (t.register.edited)(number, *v),
            }),
            ..Said::default()
        },
        Outcome::Refused(Refusal::Conflicts { plan }) if report => Said {
            out: report_text(t, plan),
            ..Said::default()
        },
        Outcome::Refused(_) => Said::default(),
    }
}

/// The rows not applied, each with its line and its reason as the error file says it (the
/// input being `file`).
pub(crate) fn not_applied(t: &Texts, errors: &[RowError], file: &str) -> Vec<(u32, String)> {
    errors
        .iter()
        .map(|e| {
            let reason = (t.fix.error_reason)(file, e.line, &(t.row_problem)(&e.problem));
            (e.line, reason)
        })
        .collect()
}

/// How many rows were not applied, then the first of them with their reasons.
fn errors_listed(t: &Texts, errors: &[RowError]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let mut lines = vec![(t.rows_not_applied)(errors.len() as u64)];
    lines.extend(errors.iter().take(ERRORS_LISTED).map(|e| error_line(t, e)));
    if errors.len() > ERRORS_LISTED {
        lines.push("  …".to_string());
    }
    lines.join("\n") + "\n"
}

/// A row not applied, as a change's notes and a receipt list it: its line and why.
pub(crate) fn error_line(t: &Texts, error: &RowError) -> String {
    format!(
        "  {} {}: {}",
        t.line,
        error.line,
        (t.row_problem)(&error.problem)
    )
}

/// A rollback's report as text, without colour.
fn report_text(t: &Texts, plan: &UndoPlan) -> String {
    let mut out = Vec::new();
    let _ = write_report(&mut out, t, plan, false);
    String::from_utf8_lossy(&out).into_owned()
}

/// The report of a rollback: what it undoes, its counts, what stands in its way (or, with
/// `--force`, what it overwrites), then the customers it changes.
pub(crate) fn write_report(
    out: &mut impl Write,
    t: &Texts,
    plan: &UndoPlan,
    color: bool,
) -> Result<(), Error> {
    let title = match plan.undo {
        Undo::Version(v) => (t.undo_one_title)(v),
        Undo::To(v) => (t.undo_to_title)(v),
    };
    written(writeln!(out, "{title}"))?;
    if matches!(plan.undo, Undo::To(_)) && !plan.undone.is_empty() {
        written(writeln!(
            out,
            "{}",
            (t.undo_versions)(&version_list(&plan.undone))
        ))?;
    }
    if !plan.redone.is_empty() {
        written(writeln!(
            out,
            "{}",
            (t.redo_versions)(&version_list(&plan.redone))
        ))?;
    }
    written(writeln!(
        out,
        "{}",
        (t.undo_counts)(plan.update, plan.removed, plan.new)
    ))?;
    written(writeln!(out, "{}: {}", t.fingerprint, plan.fingerprint))?;
    if !plan.conflicts.is_empty() {
        let title = if plan.applicable() {
            t.overwritten_title
        } else {
            t.conflicts_title
        };
        written(writeln!(out, "\n{title}"))?;
        written(write_conflicts(out, t, &plan.conflicts))?;
    }
    written(writeln!(out))?;
    if plan.total() == 0 {
        written(writeln!(out, "{}", t.no_changes))?;
    }
    for change in &plan.shown {
        let fields = field_changes(change).map_err(StoreError::from)?;
        written(write_change(out, t, change, &fields, color))?;
    }
    let more = plan.total() - plan.shown.len() as u64;
    if more > 0 {
        written(writeln!(out, "{}", (t.more_customers)(more)))?;
    }
    Ok(())
}

/// The conflicts as a table (customer, field, value now, value the version left), then the
/// emails that are taken.
fn write_conflicts(out: &mut impl Write, t: &Texts, conflicts: &[Conflict]) -> io::Result<()> {
    let value = |v: &Option<String>| one_line(v.as_deref().unwrap_or("–")).into_owned();
    let mut rows = vec![t.conflicts_header.map(str::to_string)];
    for conflict in conflicts {
        if let Conflict::Changed {
            number,
            field,
            now,
            left,
        } = conflict
        {
            rows.push([
                number.clone(),
                (t.field_name)(*field).to_string(),
                value(now),
                value(left),
            ]);
        }
    }
    if rows.len() > 1 {
        for line in aligned(&rows, "  ") {
            writeln!(out, "{line}")?;
        }
    }
    for conflict in conflicts {
        if let Conflict::EmailTaken {
            number,
            email,
            owner,
        } = conflict
        {
            writeln!(out, "  - {}", (t.email_taken)(number, email, owner))?;
        }
    }
    Ok(())
}
