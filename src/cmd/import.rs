//! `kundreg import FILE [--yes]`: preview, ask, then apply as one new version.

use std::io::{self, IsTerminal};
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::Settings;
use crate::cmd::{Format, ask, next_steps, open, print_preview};
use crate::error::Error;
use crate::input::Input;
use crate::plan::Plan;
use crate::store::Access;
use crate::store::StoreError;

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
    let input = Input::load(file)?;
    let mut expected = None;
    if !input.parsed.file_errors.is_empty() || !yes {
        let steps = &next_steps(settings, file)[1..];
        let (plan, already) = print_preview(settings, file, &input, Format::Text, steps)?;
        if let Some(version) = already {
            return Err(StoreError::AlreadyImported {
                version: version.version,
                at: version.at,
            }
            .into());
        }
        if plan.counts.new + plan.counts.update == 0 {
            println!("{}", t.nothing_to_import);
            return Ok(());
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
    let result = store.import(&input.source(), &input.parsed, expected, &mut |done| {
        bar.set_position(done as u64)
    });
    bar.finish_and_clear();
    let (plan, version) = result?;
    report(settings, &plan, version.map(|v| v.version));
    store.compact_if_sparse()?;
    Ok(())
}

fn report(settings: &Settings, plan: &Plan, version: Option<u64>) {
    let t = settings.texts;
    match version {
        Some(v) => println!("{}", (t.imported)(v, plan.counts.new, plan.counts.update)),
        None => println!("{}", t.nothing_to_import),
    }
    if plan.errors.is_empty() {
        return;
    }
    eprintln!("{}", (t.rows_not_applied)(plan.counts.error));
    for error in plan.errors.iter().take(ERRORS_LISTED) {
        eprintln!(
            "  {} {}: {}",
            t.line,
            error.line,
            (t.row_problem)(&error.problem)
        );
    }
    if plan.errors.len() > ERRORS_LISTED {
        eprintln!("  …");
    }
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
