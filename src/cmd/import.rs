//! `kundreg import FILE [--columns FILE] [--sheet NAME] [--yes]`: preview, ask, then apply as one new
//! version; the rows not applied are written beside FILE as an error file. FILE `-` is a
//! list on standard input (the question is then asked on the terminal itself).

use std::io::{self, IsTerminal};
use std::path::Path;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::cmd::given::Given;
use crate::cmd::request::{self, Route};
use crate::cmd::said::said;
use crate::cmd::{
    Format, Settings, apply, ask, ask_on, compact, next_steps, open, print_preview, say, tell,
    terminal,
};
use crate::error::Error;
use crate::input::InputError;
use crate::shared::outcome::Outcome;
use crate::shared::request::Asked;
use crate::store::Access;

/// Files with more rows than this show a progress bar while they are applied.
const PROGRESS_FROM_ROWS: usize = 50_000;

/// Imports `file` (read by the columns file `columns`). On a terminal (without `yes`) it
/// shows the preview and asks first. On a computer that follows another, the primary is
/// asked to import it (waiting for up to `wait`, or not at all).
pub fn run(
    settings: &Settings,
    file: &Path,
    columns: Option<&Path>,
    sheet: Option<&str>,
    yes: bool,
    wait: Option<Duration>,
) -> Result<(), Error> {
    let t = settings.texts;
    // A pasted list takes standard input: the answer comes from the terminal itself.
    let pasted = file == Path::new("-");
    let mut answers = match (yes, pasted) {
        (true, _) => None,
        (false, true) => Some(terminal().map_err(|_| Error::NeedsYes)?),
        (false, false) if io::stdin().is_terminal() => None,
        (false, false) => return Err(Error::NeedsYes),
    };
    let route = request::route(settings)?;
    let given = Given::of(settings, file, columns, sheet)?;
    let input = given.load()?;
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
        let question = (t.confirm_import)(plan.counts.new, plan.counts.update);
        let agreed = match &mut answers {
            Some(terminal) => ask_on(&question, t.yes, terminal)?,
            None => ask(&question, t.yes)?,
        };
        if !agreed {
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
        let path = &given.path;
        let mut bytes =
            std::fs::File::open(path).map_err(|source| InputError::reading(path, source))?;
        let columns = given.columns.text().map_err(|source| Error::Input {
            path: given.columns.path.clone().unwrap_or_default(),
            source,
        })?;
        let asked = Asked::Import {
            file: input.name.clone(),
            expected: expected.map(|f| f.0),
            columns,
            sheet: given.sheet.clone(),
        };
        if let Some(said) = request::ask(settings, &place, asked, &mut bytes, wait)? {
            given.after_import(settings, &input, &said.not_applied);
        }
        return Ok(());
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
    let outcome = Outcome::imported(plan, version);
    let said = said(t, &outcome, &input.name, false);
    tell(&said)?;
    given.after_import(settings, &input, &said.not_applied);
    compact(settings, &mut store);
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
