//! One module per subcommand, all of the same shape: `run(settings, …)`. Commands never call
//! each other; what they share is here, in the modules that are not commands — `apply` (the
//! ways to change the register), `by_hand` (a customer changed or added by hand), `said` (what
//! a change says), `card` (a customer as printed), `given` (the list a command is given),
//! `request` (a change asked of the primary), `settings` — or in the domain modules.

pub(crate) mod add;
pub mod apply;
pub(crate) mod by_hand;
pub(crate) mod card;
pub(crate) mod duplicates;
pub(crate) mod export;
pub(crate) mod find;
pub(crate) mod forget;
pub(crate) mod get;
pub(crate) mod given;
pub(crate) mod history;
pub(crate) mod import;
pub(crate) mod preview;
pub(crate) mod promote;
pub(crate) mod rekey;
pub mod request;
pub(crate) mod rollback;
pub(crate) mod said;
pub(crate) mod set;
mod settings;
pub(crate) mod show;
pub(crate) mod status;
pub(crate) mod ui;
pub mod watch;

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;

use unicode_width::UnicodeWidthStr;

use crate::customer::Values;
use crate::error::Error;
use crate::field::FIELD_COUNT;
use crate::input::Input;
use crate::plan::{MemoryRegister, Plan, Purpose, Status, plan};
use crate::report::{FULL_LIST_LIMIT, Preview, write_html, write_json, write_text};
use crate::search::SearchIndex;
use crate::search::duplicates::{Alike, NoCustomers, among_new};
use crate::store::{Access, Store, StoreError, Version};

pub(crate) use settings::{Format, Settings};

/// A plan made for a preview, and the version that already imported the same bytes.
pub(crate) type Planned = (Plan, Option<Version>);

/// Plans `input` for a preview (unless it has file errors) and prints the preview to
/// standard output. Returns the plan; a file with file errors ends in [`Error::FileErrors`]
/// after its report is printed.
pub(crate) fn print_preview(
    settings: &Settings,
    file: &Path,
    input: &Input,
    format: Format,
    next_steps: &[String],
) -> Result<Planned, Error> {
    let planned = if input.parsed.file_errors.is_empty() {
        // Text and HTML list unchanged rows only for small files; JSON always does.
        let unchanged = format == Format::Json || input.parsed.rows_read <= FULL_LIST_LIMIT;
        Some(plan_preview(settings, input, unchanged)?)
    } else {
        None
    };
    let preview = Preview {
        already: planned.as_ref().and_then(|(_, already)| already.as_ref()),
        next_steps,
        ..Preview::of(
            input,
            planned.as_ref().map(|(plan, _)| plan),
            settings.texts,
        )
    };
    let (mut out, color) = stdout();
    written(match format {
        Format::Text => write_text(&preview, &mut out, color),
        Format::Json => write_json(&preview, &mut out),
        Format::Html => write_html(&preview, &mut out),
    })?;
    finish(out)?;
    planned.ok_or_else(|| Error::FileErrors {
        path: file.to_path_buf(),
    })
}

/// Opens the register, saying so on standard error while waiting for another kundreg.
/// `Ok(None)` when there is no register yet and only reading was asked for.
pub(crate) fn open(settings: &Settings, access: Access) -> Result<Option<Store>, Error> {
    let path = settings.db.display().to_string();
    let mut on_wait = || {
        note(&format!(
            "kundreg: {}",
            (settings.texts.waiting_for_register)(&path, settings.busy_wait.as_secs())
        ))
    };
    Ok(Store::open(
        &settings.db,
        access,
        settings.busy_wait,
        &mut on_wait,
    )?)
}

/// The version this computer's register holds; `None` when there is none yet. Not waited
/// on longer than the busy wait.
pub(crate) fn held_version(settings: &Settings) -> Result<Option<u64>, StoreError> {
    let store = Store::open(&settings.db, Access::Read, settings.busy_wait, &mut || {})?;
    store
        .map(|store| store.read().map(|view| view.version()))
        .transpose()
}

/// Opens this computer's register for `access` (for writing, made if there is none), without
/// a word while it waits: for work that is not a person's command.
pub(crate) fn opener(
    settings: &Settings,
    access: Access,
) -> impl Fn() -> Result<Store, StoreError> + '_ {
    move || {
        Store::open(&settings.db, access, settings.busy_wait, &mut || {})?.ok_or_else(|| {
            StoreError::NotARegister {
                path: settings.db.clone(),
            }
        })
    }
}

/// Opens an existing register for writing; `Ok(None)` when there is none (none is created:
/// only an import creates a register).
pub(crate) fn open_existing(settings: &Settings) -> Result<Option<Store>, Error> {
    if !settings.db.exists() {
        return Ok(None);
    }
    open(settings, Access::Write)
}

/// Compacts the register after a change, if it grew sparse. A failure (a full disk, say) is
/// only said: the change is made and the register whole; the next change tries again.
pub(crate) fn compact(settings: &Settings, store: &mut Store) {
    if let Err(e) = store.compact_if_sparse() {
        let why = Error::from(e).message(settings.texts);
        note(&format!(
            "kundreg: {}",
            (settings.texts.faults.not_compacted)(&why)
        ));
    }
}

/// Plans `input` against the register without writing it, and finds whether its bytes were
/// already imported. The register is closed again before this returns.
pub(crate) fn plan_preview(
    settings: &Settings,
    input: &Input,
    unchanged: bool,
) -> Result<(Plan, Option<Version>), Error> {
    let sha = &input.inspection.sha256;
    let Some(store) = open(settings, Access::Read)? else {
        let mut plan = plan(
            sha,
            &input.parsed,
            &mut MemoryRegister::default(),
            Purpose::Report { unchanged },
            &mut |_| {},
        )
        .map_err(StoreError::from)?;
        let Ok(found) = alike(&NoCustomers, input, &plan);
        plan.duplicates = found;
        return Ok((plan, None));
    };
    let mut view = store.read()?;
    let already = view.imported_as(sha)?;
    let purpose = Purpose::Report { unchanged };
    let mut plan = plan(sha, &input.parsed, &mut view, purpose, &mut |_| {})?;
    plan.duplicates = alike(&view, input, &plan)?;
    Ok((plan, already))
}

/// The rows of `input` that `plan` makes new customers that look like a customer of `index`
/// or a row before them.
fn alike<I: SearchIndex>(index: &I, input: &Input, plan: &Plan) -> Result<Vec<Alike>, I::Error> {
    let rows = &input.parsed.rows;
    let new: Vec<usize> = plan
        .outcomes
        .iter()
        .filter(|o| o.status == Status::New)
        .map(|o| o.row as usize)
        .collect();
    among_new(index, new.len(), |i| {
        let mut values: Values<'_> = [None; FIELD_COUNT];
        for (field, value) in rows.values(new[i]) {
            values[field.index()] = value;
        }
        (rows.line(new[i]), values)
    })
}

/// What a preview on the command line suggests doing next.
pub(crate) fn next_steps(settings: &Settings, file: &Path) -> Vec<String> {
    let t = settings.texts;
    vec![
        (t.how_to_import)(&crate::inert::shell_word(&file.display().to_string())),
        t.how_to_edit.to_string(),
    ]
}

/// Rows as lines of columns aligned by their width on screen, two spaces apart, each line
/// starting with `indent`.
pub(crate) fn aligned<const N: usize>(rows: &[[String; N]], indent: &str) -> Vec<String> {
    let widths: Vec<usize> = (0..N)
        .map(|i| rows.iter().map(|r| r[i].width()).max().unwrap_or(0))
        .collect();
    rows.iter()
        .map(|row| {
            let mut line = String::from(indent);
            for (cell, w) in row.iter().zip(&widths) {
                line.push_str(cell);
                line.push_str(&" ".repeat(w - cell.width() + 2));
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// Standard output, buffered; with colours only on a terminal and without `NO_COLOR`.
pub(crate) fn stdout() -> (io::BufWriter<io::StdoutLock<'static>>, bool) {
    let out = io::stdout();
    let color = out.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    (io::BufWriter::new(out.lock()), color)
}

/// Turns a failed write to standard output into an error.
pub(crate) fn written(result: io::Result<()>) -> Result<(), Error> {
    result.map_err(|source| Error::Output {
        path: "-".into(),
        source,
    })
}

/// Prints a line on standard output.
pub(crate) fn say(line: &str) -> Result<(), Error> {
    written(writeln!(io::stdout(), "{line}"))
}

/// Prints a line on standard error; when even that cannot be written, nothing more can be
/// done about it.
pub(crate) fn note(line: &str) {
    let _ = writeln!(io::stderr(), "{line}");
}

/// Prints what a command says: its output, then its notes on standard error.
pub(crate) fn tell(said: &said::Said) -> Result<(), Error> {
    written(write!(io::stdout(), "{}", said.out))?;
    let _ = write!(io::stderr(), "{}", said.err);
    Ok(())
}

/// Flushes standard output.
pub(crate) fn finish(mut out: impl Write) -> Result<(), Error> {
    written(out.flush())
}

/// Asks a yes/no question on the terminal; anything but a yes is a no.
pub(crate) fn ask(question: &str, yes: &[&str]) -> Result<bool, Error> {
    ask_on(question, yes, &mut io::stdin().lock())
}

/// Asks a yes/no question, the answer read from `answers`; anything but a yes is a no.
pub(crate) fn ask_on(
    question: &str,
    yes: &[&str],
    answers: &mut dyn BufRead,
) -> Result<bool, Error> {
    let failed = |source| Error::Output {
        path: "-".into(),
        source,
    };
    let mut out = io::stdout();
    write!(out, "{question}")
        .and_then(|()| out.flush())
        .map_err(failed)?;
    let mut answer = String::new();
    answers.read_line(&mut answer).map_err(failed)?;
    Ok(yes.contains(&answer.trim().to_lowercase().as_str()))
}

/// The terminal itself, for an answer when standard input is the list being imported.
pub(crate) fn terminal() -> io::Result<io::BufReader<std::fs::File>> {
    // The console's input on Windows is opened for reading and writing, as its own docs ask.
    let path = if cfg!(windows) { "CONIN$" } else { "/dev/tty" };
    std::fs::OpenOptions::new()
        .read(true)
        .write(cfg!(windows))
        .open(path)
        .map(io::BufReader::new)
}
