//! Taking a confirm: applying an input whose plan still has the fingerprint its preview showed,
//! or removing confirms that are not taken, with the reason for the top of the next preview.

use super::inbox::Inbox;
use super::judge::Refusal;
use crate::cmd::{apply, open, plan_preview};
use crate::error::Error;
use crate::input::Input;
use crate::lang::local_time;
use crate::plan::Fingerprint;
use crate::report::Preview;
use crate::store::Access;

/// What became of a confirm that was held to a matching preview.
pub(super) enum Applied {
    /// Applied (or found applied before a stop) and moved to `done/`.
    Finished,
    /// Not taken, for this reason.
    Refused(Refusal),
    /// Not done now (the register is busy, or failed); the log says why.
    Failed,
}

/// A confirm applied, or found applied: finished when its files were `moved` to `done/`,
/// else tried again later (never applied twice: its bytes are in the history).
fn finished(moved: bool) -> Applied {
    if moved {
        Applied::Finished
    } else {
        Applied::Failed
    }
}

impl Inbox<'_> {
    /// Applies `input` if its plan still has `fingerprint`, the one the confirmed preview
    /// showed, then moves it to `done/` with a receipt.
    /// The receipt repeats `glance`, the preview's summary and warnings (worked out again
    /// when the preview was written by an earlier run).
    pub(super) fn apply(
        &mut self,
        name: &str,
        input: &Input,
        fingerprint: Fingerprint,
        glance: Option<Vec<String>>,
    ) -> Applied {
        let sha = input.inspection.sha256;
        // Worked out before the register is held for writing; the import is then held to the
        // same fingerprint, so it is the import's glance.
        let glance = match glance {
            Some(glance) => glance,
            None => self.glance(name, input),
        };
        let mut store = match open(self.settings, Access::Write) {
            Ok(Some(store)) => store,
            Ok(None) => return Applied::Failed,
            Err(e) => {
                self.failed(name, &e);
                return Applied::Failed;
            }
        };
        match store.read().and_then(|view| view.imported_as(&sha)) {
            Ok(Some(version)) if version.fingerprint == fingerprint.0 => {
                // Applied before a stop, not yet moved: finished now, not applied again.
                drop(store);
                return finished(self.finish(name, input, &version, None, &[]));
            }
            Ok(Some(version)) => {
                return Applied::Refused(Refusal::Already {
                    version: version.number,
                    at: version.at,
                });
            }
            Ok(None) => {}
            Err(e) => {
                self.failed(name, &e.into());
                return Applied::Failed;
            }
        }
        self.log(&(self.settings.texts.watch.applying)(name));
        match apply::import(&store, input, Some(fingerprint), &mut |_| {}) {
            Ok((plan, Some(version))) => {
                let moved = self.finish(name, input, &version, Some(&plan), &glance);
                if let Err(e) = store.compact_if_sparse() {
                    self.failed(name, &e.into());
                }
                finished(moved)
            }
            Ok((plan, None)) => {
                drop(store);
                finished(self.finish_unchanged(name, input, &plan))
            }
            Err(Error::StalePlan) => Applied::Refused(Refusal::Stale),
            Err(Error::AlreadyImported { version, at }) => {
                Applied::Refused(Refusal::Already { version, at })
            }
            Err(e) => {
                self.failed(name, &e);
                Applied::Failed
            }
        }
    }

    /// The summary and warnings of `input`'s preview, as text, planned afresh.
    fn glance(&mut self, name: &str, input: &Input) -> Vec<String> {
        let t = self.settings.texts;
        match plan_preview(self.settings, input, false) {
            Ok((plan, _)) => Preview::of(input, Some(&plan), t).glance().lines(t),
            Err(e) => {
                self.failed(name, &e);
                Vec::new()
            }
        }
    }

    /// Removes confirms that are not taken; returns the warnings that say why, for the top of
    /// the preview written next.
    pub(super) fn discard(
        &mut self,
        name: &str,
        confirms: &[String],
        refusal: Refusal,
    ) -> Vec<String> {
        let w = &self.settings.texts.watch;
        let why = self.reason(refusal);
        let mut warnings = Vec::new();
        for confirm in confirms {
            match std::fs::remove_file(self.path.join(confirm)) {
                Ok(()) => {
                    warnings.push((w.confirm_not_taken)(confirm, &why));
                    self.log(&(w.log_not_taken)(name, confirm, &why));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => self.log(&(w.cannot_remove)(confirm, &e.to_string())),
            }
        }
        warnings
    }

    fn reason(&self, refusal: Refusal) -> String {
        let w = &self.settings.texts.watch;
        match refusal {
            Refusal::BeforePreview => w.before_preview.to_string(),
            Refusal::NoPreview => w.no_preview.to_string(),
            Refusal::Stale => w.stale.to_string(),
            Refusal::FileErrors => w.cannot_import.to_string(),
            Refusal::Already { version, at } => (w.already)(version, &local_time(at)),
        }
    }
}
