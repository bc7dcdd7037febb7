//! `kundreg import FILE [--yes]`: preview, ask, then apply as one new version.

use std::io::{self, IsTerminal};
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use crate::cmd::{
    Format, Settings, apply, ask, next_steps, note, open, print_preview, refuse_on_replica, say,
};
use crate::error::Error;
use crate::input::Input;
use crate::plan::Plan;
use crate::store::Access;

/// Files with more rows than this show a progress bar while they are applied.
const PROGRESS_FROM_ROWS: usize = 50_000;
/// Row errors listed after an import; the preview lists them all.
const ERRORS_LISTED: usize = 20;

/// Imports `file`. On a terminal (without `yes`) it shows the preview and asks first.
pub fn run(settings: &Settings, file: &Path, yes: bool) -> Result<(), Error> {
    let t = settings.texts;
    if !yes && !io::stdin().is_terminal() {
        return Err(Error::NeedsYes);
    }
    refuse_on_replica(settings)?;
    let input = Input::load(file)?;
    let mut expected = None;
    if !input.parsed.file_errors.is_empty() || !yes {
        let steps = &next_steps(settings, file)[1..];
        let (plan, already) = print_preview(settings, file, &input, Format::Text, steps)?;
        if let Some(version) = already {
            return Err(Error::AlreadyImported {
                version: version.number,
                at: version.at,
            });
        }
        if plan.counts.new + plan.counts.update == 0 {
            return say(t.nothing_to_import);
        }
        if !ask(
            &(t.confirm_import)(plan.counts.new, plan.counts.update),
            t.yes,
        )? {
            return Err(Error::Declined {
                nothing: t.not_imported,
            });
        }
        expected = Some(plan.fingerprint);
    }
    let mut store = open(settings, Access::Write)?.ok_or_else(|| Error::Input {
        path: settings.db.clone(),
        source: io::ErrorKind::NotFound.into(),
    })?;
    let bar = progress_bar(input.parsed.rows.len());
    let result = apply::import(&store, &input, expected, &mut |done| {
        bar.set_position(done as u64)
    });
    bar.finish_and_clear();
    let (plan, version) = result?;
    report(settings, &plan, version.map(|v| v.number))?;
    store.compact_if_sparse()?;
    Ok(())
}

fn report(settings: &Settings, plan: &Plan, version: Option<u64>) -> Result<(), Error> {
    let t = settings.texts;
    match version {
        Some(v) => say(&(t.imported)(v, plan.counts.new, plan.counts.update))?,
        None => say(t.nothing_to_import)?,
    }
    if plan.errors.is_empty() {
        return Ok(());
    }
    note(&(t.rows_not_applied)(plan.counts.error));
    for error in plan.errors.iter().take(ERRORS_LISTED) {
        note(&format!(
            "  {} {}: {}",
            t.line,
            error.line,
            (t.row_problem)(&error.problem)
        ));
    }
    if plan.errors.len() > ERRORS_LISTED {
        note("  …");
    }
    Ok(())
}

fn progress_bar(rows: usize) -> ProgressBar {
    if rows < PROGRESS_FROM_ROWS || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(rows as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {eta}") {
        bar.set_style(style);
    }
    bar
}
