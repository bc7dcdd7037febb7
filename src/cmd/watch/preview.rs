//! Writing the previews of an input into the inbox: the full preview (text and HTML) with
//! warnings and what changed since the last one at the top, the short page for a file that is
//! not read, and removing the previews of inputs that were deleted.

use super::decide::Shown;
use super::delta::{self, Snapshot};
use super::files;
use super::inbox::{Inbox, Unread};
use super::judge::Refusal;
use super::listing::{Found, PreviewFile};
use super::names;
use super::situation::Situation;
use crate::cmd::plan_preview;
use crate::input::Input;
use crate::lang::local_time;
use crate::report::{FULL_LIST_LIMIT, Preview, Section};

impl Inbox<'_> {
    /// Writes the previews of `input`, with `warnings` at the top and, when the bytes differ
    /// from what `previous` showed, what changed since. Returns what they show; `None` when
    /// nothing was written.
    pub(super) fn write_preview(
        &mut self,
        name: &str,
        found: &Found,
        input: &Input,
        mut warnings: Vec<String>,
        previous: Option<&Shown>,
    ) -> Option<Shown> {
        let t = self.settings.texts;
        let planned = if input.parsed.file_errors.is_empty() {
            let unchanged = input.parsed.rows_read <= FULL_LIST_LIMIT;
            match plan_preview(self.settings, input, unchanged) {
                Ok(planned) => Some(planned),
                Err(e) => {
                    self.failed(name, &e);
                    return None;
                }
            }
        } else {
            None
        };
        let (plan, already) = match &planned {
            Some((plan, already)) => (Some(plan), already.as_ref()),
            None => (None, None),
        };
        if found.conflict_copy {
            warnings.push(t.watch.conflict_copy.to_string());
        }
        let sha256 = input.inspection.sha256;
        let note = self.shared().returned(&sha256);
        let noted = note.is_some();
        if let Some(note) = note {
            let at = local_time(note.at.timestamp());
            let text = (t.failover.returned_note)(&note.computer, &at, note.version);
            warnings.insert(0, text);
        }
        let rows = Snapshot::of(&input.parsed, self.settings.texts.fix.cleared);
        let sections: Vec<Section> = match previous {
            Some(shown) if shown.sha256 != sha256 => {
                vec![delta::since(shown.rows.as_ref(), rows.as_ref(), t)]
            }
            _ => Vec::new(),
        };
        let next_steps = self.next_steps(name, found);
        // Worked out for the first page written, kept for the ones after.
        let mut glance = std::cell::OnceCell::new();
        loop {
            let preview = Preview {
                already,
                next_steps: &next_steps,
                warnings: &warnings,
                sections: &sections,
                glance: std::mem::take(&mut glance),
                ..Preview::of(input, plan, t)
            };
            // A confirm made before this preview's first page was in place was made after
            // reading the one before: it is not taken, and the preview is written again to say
            // so. One made after it is held to its marks like any other.
            let mut arrived = Vec::new();
            let shown = || arrived = self.confirms_now(name, found);
            if let Err(e) = files::write_previews(&self.path, name, &preview, shown) {
                self.cannot_write(name, &e, (t.watch.cannot_write, t.faults.disk_full));
                return None;
            }
            glance = preview.glance;
            if arrived.is_empty() {
                break;
            }
            warnings.extend(self.discard(name, &arrived, Refusal::BeforePreview));
        }
        self.clear(&Situation::Write(name.to_string()));
        self.log(&match plan {
            Some(plan) => {
                let c = plan.counts;
                (t.watch.previewed)(name, c.new, c.update, c.unchanged, c.error)
            }
            None => (t.watch.previewed_errors)(name),
        });
        Some(Shown {
            sha256,
            rows,
            noted,
            glance: plan.and(glance.get()).map(|g| g.lines(t)),
        })
    }

    /// Writes a preview that says why `name` is not read. Returns whether it was written.
    pub(super) fn write_unread(
        &mut self,
        name: &str,
        found: &Found,
        unread: &Unread,
        warnings: &[String],
    ) -> bool {
        let t = self.settings.texts;
        let w = &t.watch;
        let message = match unread {
            Unread::TooLarge => (w.too_large)(found.stamp.len, self.options.max_size),
            Unread::Spreadsheet => w.spreadsheet.to_string(),
            Unread::Failed(why) => why.clone(),
        };
        let mut lines = warnings.to_vec();
        lines.push(message.clone());
        let title = (t.preview_title)(name);
        if let Err(e) = files::write_message(&self.path, name, &title, &lines, t.code) {
            self.cannot_write(name, &e, (w.cannot_write, t.faults.disk_full));
            return false;
        }
        self.clear(&Situation::Write(name.to_string()));
        self.log(&format!("{name}: {message}"));
        true
    }

    /// Removes the previews of inputs that were deleted (only previews kundreg wrote).
    pub(super) fn remove_orphans(&mut self, orphans: &[PreviewFile]) {
        let mut removed: Vec<&str> = orphans
            .iter()
            .filter(|p| {
                let path = self.path.join(&p.name);
                files::is_ours(&path, &titles(&p.input)) && std::fs::remove_file(&path).is_ok()
            })
            .map(|p| p.input.as_str())
            .collect();
        removed.sort_unstable();
        removed.dedup();
        for input in removed {
            self.log(&(self.settings.texts.watch.previews_removed)(input));
        }
    }

    /// The confirms for `name` in the inbox right now, by their usual names.
    fn confirms_now(&self, name: &str, found: &Found) -> Vec<String> {
        let stem = found.stem_unique.then_some(names::stem(name));
        [Some(name), stem]
            .into_iter()
            .flatten()
            .flat_map(|target| [format!("{target}.confirm"), format!("{target}.confirm.txt")])
            .filter(|confirm| std::fs::symlink_metadata(self.path.join(confirm)).is_ok())
            .collect()
    }

    /// What the preview in the inbox tells people to do.
    fn next_steps(&self, name: &str, found: &Found) -> Vec<String> {
        let stem = found.stem_unique.then_some(names::stem(name));
        (self.settings.texts.watch.next_steps)(name, stem)
    }
}

/// The titles a text preview of `input` starts with, in every language.
fn titles(input: &str) -> Vec<String> {
    [crate::lang::Lang::Sv, crate::lang::Lang::En]
        .iter()
        .map(|lang| (lang.texts().preview_title)(input))
        .collect()
}
