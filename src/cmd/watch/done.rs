//! Where finished inputs go: `done/<date>/` with a prefix (`vN_`, `cancelled_`,
//! `unchanged_`), beside a receipt for an import. The receipt is written first and the input
//! moved last, so a stop in between is recognised and finished at the next start.

use std::path::PathBuf;

use super::files;
use super::inbox::Inbox;
use super::listing::InboxListing;
use super::names::{self, Signal};
use crate::archive;
use crate::cmd::given::{learn, write_not_imported};
use crate::cmd::open;
use crate::cmd::said::{error_line, not_applied};
use crate::input::Input;
use crate::lang::local_time;
use crate::not_imported::{self, Returned};
use crate::parse::RowError;
use crate::plan::Plan;
use crate::report::hex;
use crate::store::{Access, Version};

impl Inbox<'_> {
    /// An input whose bytes `version` imported, found with its receipt already in `done/`: a
    /// stop between the apply and the move. The move is finished; nothing is applied again.
    pub(super) fn finish_unmoved(&mut self, name: &str, input: &Input) -> bool {
        let imported = open(self.settings, Access::Read).and_then(|store| match store {
            Some(store) => Ok(store.read()?.imported_as(&input.inspection.sha256)?),
            None => Ok(None),
        });
        let version = match imported {
            Ok(Some(version)) => version,
            Ok(None) => return false,
            Err(e) => {
                self.failed(name, &e);
                return false;
            }
        };
        let (date, prefix) = archive::done_place(&version);
        let receipt = self
            .path
            .join("done")
            .join(date)
            .join(format!("{prefix}_{name}.receipt.txt"));
        if std::fs::symlink_metadata(receipt).is_err() {
            return false;
        }
        self.finish(name, input, &version, None, &[])
    }

    /// Writes the receipt of `version` into `done/<date>/` and moves the input, its previews
    /// and its confirms beside it (the input last, so a stop in between is finished later).
    pub(super) fn finish(
        &mut self,
        name: &str,
        input: &Input,
        version: &Version,
        plan: Option<&Plan>,
        glance: &[String],
    ) -> bool {
        // Without the applying plan it was applied before a stop: finished now.
        let resumed = plan.is_none();
        let t = self.settings.texts;
        let (date, prefix) = archive::done_place(version);
        let errors = match plan {
            Some(plan) => plan.errors.as_slice(),
            None => input.parsed.row_errors.as_slice(),
        };
        // Resumed after a stop, the error file and the learned headers were seen to then.
        let mut said = Vec::new();
        if let Some(plan) = plan {
            said = self.give_back_rows(name, input, &plan.errors);
            said.extend(learn(self.settings, &self.columns(), &input.parsed, name));
        }
        for line in &said {
            self.log(line);
        }
        let receipt = self.receipt(name, version, plan, (errors, &said), glance);
        // A file given back after a newer term fenced its import is applied now.
        self.shared().remove_returned(&input.inspection.sha256);
        let moved = self.move_away(name, &date, &prefix, Some(&receipt));
        match moved {
            Ok(folder) => {
                let message = if resumed {
                    (t.watch.finished_after_stop)(name, version.number)
                } else {
                    (t.watch.applied)(name, version.number, version.new, version.update)
                };
                self.log(&format!("{message} → {}", folder.display()));
                true
            }
            Err(e) => {
                self.cannot_write(name, &e, (t.watch.cannot_move, t.faults.not_moved));
                false
            }
        }
    }

    /// Writes the rows of `input` that `errors` name into an error file in the inbox, to be
    /// fixed and dropped again; returns what to say about it (nothing when there are none).
    fn give_back_rows(&mut self, name: &str, input: &Input, errors: &[RowError]) -> Vec<String> {
        let t = self.settings.texts;
        let returned = Returned {
            input: &self.path.join(name),
            encoding: input.inspection.encoding,
            parsed: &input.parsed,
            folder: &self.path,
            stem: not_imported::stem(name),
            column: t.fix.error_column,
        };
        let reasons = not_applied(t, errors, name);
        // Staff find it in the inbox, beside where the input was: named without its folder.
        let shown = |path: &std::path::Path| {
            let file = path.file_name().map(|n| n.to_string_lossy().into_owned());
            file.unwrap_or_default()
        };
        write_not_imported(self.settings, &returned, &reasons, shown)
            .into_iter()
            .collect()
    }

    /// A confirmed file that changes nothing: moved away with a receipt that says so.
    /// Returns whether it was.
    pub(super) fn finish_unchanged(&mut self, name: &str, input: &Input, plan: &Plan) -> bool {
        let w = &self.settings.texts.watch;
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        let mut receipt = vec![
            (w.receipt_title)(name),
            String::new(),
            w.nothing.to_string(),
        ];
        receipt.extend(self.error_lines(&plan.errors));
        for line in self.give_back_rows(name, input, &plan.errors) {
            self.log(&line);
            receipt.extend([String::new(), line]);
        }
        match self.move_away(name, &today, "unchanged", Some(&receipt)) {
            Ok(_) => self.log(&(w.nothing_applied)(name)),
            Err(e) => {
                let t = self.settings.texts;
                self.cannot_write(name, &e, (w.cannot_move, t.faults.disk_full));
                return false;
            }
        }
        true
    }

    /// A cancel: the input, its previews, confirms and the cancel move to `done/<date>/`.
    pub(super) fn cancel(&mut self, name: &str, cancel: &str) {
        let w = &self.settings.texts.watch;
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        match self.move_away(name, &today, "cancelled", None) {
            Ok(folder) => self.log(&format!(
                "{} → {}",
                (w.cancelled)(name, cancel),
                folder.display()
            )),
            Err(e) => {
                let full = self.settings.texts.faults.disk_full;
                self.cannot_write(name, &e, (w.cannot_move, full));
            }
        }
    }

    /// Moves the input `name` with its previews, confirms and cancels to `done/<date>/` under
    /// a prefix, writing `receipt` there first. Returns the folder.
    fn move_away(
        &mut self,
        name: &str,
        date: &str,
        prefix: &str,
        receipt: Option<&[String]>,
    ) -> std::io::Result<PathBuf> {
        let folder = files::done_folder(&self.path, date)?;
        let listing = InboxListing::of(&self.path)?;
        let mut group: Vec<String> = names::previews(name).into_iter().collect();
        for signal in [Signal::Confirm, Signal::Cancel] {
            group.extend(listing.signals_for(name, signal));
        }
        group.push(name.to_string());
        let receipt_name = format!("{name}.receipt.txt");
        let mut all: Vec<&str> = group.iter().map(String::as_str).collect();
        all.push(&receipt_name);
        let taken = |n: &str| std::fs::symlink_metadata(folder.join(format!("{prefix}_{n}")));
        // A receipt already there is this move's own, written before a stop.
        let prefix = if receipt.is_some() && taken(&receipt_name).is_ok() {
            format!("{prefix}_")
        } else {
            files::free_prefix(&folder, prefix, &all)
        };
        if let Some(lines) = receipt {
            let path = folder.join(format!("{prefix}{receipt_name}"));
            if std::fs::symlink_metadata(&path).is_err() {
                crate::guarded::write(&path, |out| {
                    use std::io::Write;
                    lines.iter().try_for_each(|line| writeln!(out, "{line}"))
                })?;
            }
        }
        for file in &group {
            files::move_file(&self.path, file, &folder, &prefix)?;
        }
        Ok(folder)
    }

    /// The receipt of an applied version, in the user's language.
    fn receipt(
        &self,
        name: &str,
        version: &Version,
        plan: Option<&Plan>,
        (errors, said): (&[RowError], &[String]),
        glance: &[String],
    ) -> Vec<String> {
        let t = self.settings.texts;
        let w = &t.watch;
        let mut lines = vec![(w.receipt_title)(name), String::new()];
        let db =
            std::path::absolute(&self.settings.db).unwrap_or_else(|_| self.settings.db.clone());
        let facts = [
            (w.receipt_version, version.number.to_string()),
            (w.receipt_time, local_time(version.at)),
            (w.receipt_file, name.to_string()),
            (
                w.receipt_sha256,
                version.sha256.as_ref().map(hex).unwrap_or_default(),
            ),
            (w.receipt_register, db.display().to_string()),
        ];
        lines.extend(crate::cmd::aligned(
            &facts.map(|(label, value)| [format!("{label}:"), value]),
            "",
        ));
        lines.push(String::new());
        let counts = plan.map(|p| p.counts);
        lines.push((w.receipt_counts)(
            version.new,
            version.update,
            counts.map(|c| c.unchanged),
            errors.len() as u64,
        ));
        if !glance.is_empty() {
            lines.push(String::new());
            lines.extend_from_slice(glance);
        }
        lines.extend(self.error_lines(errors));
        for line in said {
            lines.extend([String::new(), line.clone()]);
        }
        lines.push(String::new());
        lines.push(w.receipt_undo.to_string());
        lines.push(format!(
            "  kundreg --db {} rollback {}",
            crate::inert::shell_word(&db.display().to_string()),
            version.number
        ));
        if plan.is_none() {
            lines.push(String::new());
            lines.push(w.receipt_resumed.to_string());
        }
        lines
    }

    /// The rows not applied and why, for a receipt.
    fn error_lines(&self, errors: &[RowError]) -> Vec<String> {
        let t = self.settings.texts;
        if errors.is_empty() {
            return Vec::new();
        }
        let mut lines = vec![String::new(), (t.rows_not_applied)(errors.len() as u64)];
        lines.extend(errors.iter().map(|e| error_line(t, e)));
        lines
    }
}
