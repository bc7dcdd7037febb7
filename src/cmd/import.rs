//! `kundreg import FILE [--yes]`: preview, ask, then apply as one new version.

use std::io::{self, IsTerminal};
use std::path::Path;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::cmd::request::{self, Route};
use crate::cmd::{Format, Settings, apply, ask, next_steps, open, print_preview, say, tell};
use crate::error::Error;
use crate::input::{Input, InputError};
use crate::lang::Texts;
use crate::plan::Plan;
use crate::replication::request::{Asked, Told};
use crate::store::Access;

/// Files with more rows than this show a progress bar while they are applied.
const PROGRESS_FROM_ROWS: usize = 50_000;
/// Row errors listed after an import; the preview lists them all.
const ERRORS_LISTED: usize = 20;

/// Imports `file`. On a terminal (without `yes`) it shows the preview and asks first. On a
/// computer that follows another, the primary is asked to import it (waiting for up to
/// `wait`, or not at all).
pub fn run(
    settings: &Settings,
    file: &Path,
    yes: bool,
    wait: Option<Duration>,
) -> Result<(), Error> {
    let t = settings.texts;
    if !yes && !io::stdin().is_terminal() {
        return Err(Error::NeedsYes);
    }
    let route = request::route(settings)?;
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
    if let Route::Primary(place) = route {
        // This computer's copy knows what the primary has imported (as far as it has
        // arrived), as the primary's register would.
        let sha = &input.inspection.sha256;
        if let Some(version) = open(settings, Access::Read)?
            .map(|store| store.read().and_then(|view| view.imported_as(sha)))
            .transpose()?
            .flatten()
        {
            return Err(Error::AlreadyImported {
                version: version.number,
                at: version.at,
            });
        }
        let mut bytes =
            std::fs::File::open(file).map_err(|source| InputError::reading(file, source))?;
        let asked = Asked::Import {
            file: input.name.clone(),
            expected: expected.map(|f| f.0),
        };
        return request::ask(settings, &place, asked, &mut bytes, wait);
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
    tell(&told(t, &plan, version.map(|v| v.number)))?;
    store.compact_if_sparse()?;
    Ok(())
}

/// What an import says: its version and counts, then the rows not applied.
pub(crate) fn told(t: &Texts, plan: &Plan, version: Option<u64>) -> Told {
    let mut told = Told {
        out: match version {
            Some(v) => (t.imported)(v, plan.counts.new, plan.counts.update),
            None => t.nothing_to_import.to_string(),
        } + "\n",
        ..Told::default()
    };
    if plan.errors.is_empty() {
        return told;
    }
    let mut lines = vec![(t.rows_not_applied)(plan.counts.error)];
    for error in plan.errors.iter().take(ERRORS_LISTED) {
        lines.push(format!(
            "  {} {}: {}",
            t.line,
            error.line,
            (t.row_problem)(&error.problem)
        ));
    }
    if plan.errors.len() > ERRORS_LISTED {
        lines.push("  …".to_string());
    }
    told.err = lines.join("\n") + "\n";
    told
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
