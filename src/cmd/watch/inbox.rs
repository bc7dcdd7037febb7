//! The inbox as the daemon's jobs see it: where it is, the settings, and the log (each
//! situation logged once while it lasts). Reading an input is here too: only the regular file
//! that was listed is read.

use std::collections::HashSet;
use std::path::PathBuf;

use super::Options;
use super::identity::FileId;
use super::listing::{Found, Stamp};
use super::situation::Situation;
use crate::cmd::{Settings, note};
use crate::columns::{FILE_NAME, ShopColumns};
use crate::error::Error;
use crate::input::Input;
use crate::shared::folder::SharedFolder;
use crate::shared::key::ShopKey;
use crate::store::StoreError;

/// The inbox and what every job on it needs.
pub(super) struct Inbox<'a> {
    pub(super) settings: &'a Settings,
    pub(super) options: &'a Options,
    /// The inbox, as an absolute path.
    pub(super) path: PathBuf,
    /// Situations already logged (logged again once they end and come back).
    logged: HashSet<Situation>,
    /// The shop key, once this computer has joined the shared folder.
    pub(super) key: Option<ShopKey>,
}

/// Why a settled input is not read at all.
pub(super) enum Unread {
    TooLarge,
    Spreadsheet,
    Failed(String),
}

/// What reading a settled input gave.
pub(super) enum Reading {
    Input(Box<Input>),
    /// It is not read; its preview says why.
    Unread(Unread),
    /// It changed while it was read: it settles again first.
    Changing,
    /// Another program holds it open and lets no one read it: it is tried again later.
    HeldOpen,
    /// Its permissions do not let kundreg read it: it is tried again later, since they may
    /// change without the file changing (a sync client finishing, a person setting them).
    NotPermitted,
}

/// How a failure to write is said: in general (for the input's name and the error), and
/// for a full disk (where the inbox is).
pub(super) type Wording = (fn(&str, &str) -> String, fn(&str) -> String);

impl<'a> Inbox<'a> {
    pub(super) fn new(settings: &'a Settings, options: &'a Options, path: PathBuf) -> Self {
        Inbox {
            settings,
            options,
            path,
            logged: HashSet::new(),
            key: None,
        }
    }

    /// The shared folder's `.kundreg/`, as this computer reads it.
    pub(super) fn shared(&self) -> SharedFolder {
        SharedFolder::of(&self.path, self.key.clone())
    }

    /// One log line, with the time, on standard error.
    pub(super) fn log(&self, message: &str) {
        // One line each, whatever the names and values in it hold.
        note(&format!(
            "{} {}",
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
            crate::inert::visible(message)
        ));
    }

    /// Logs `message` once while the situation lasts.
    pub(super) fn log_once(&mut self, situation: Situation, message: &str) {
        if self.logged.insert(situation) {
            self.log(message);
        }
    }

    /// Logs, once while it lasts, that writing for the input `name` failed with `e`: `say`
    /// words it, and `full` a full disk where the inbox is (nothing is lost: it is tried
    /// again).
    pub(super) fn cannot_write(&mut self, name: &str, e: &std::io::Error, (say, full): Wording) {
        let message = if crate::store::is_disk_full(e) {
            format!("{name}: {}", full(&self.path.display().to_string()))
        } else {
            say(name, &e.to_string())
        };
        self.log_once(Situation::Write(name.to_string()), &message);
    }

    /// Forgets that the situation was logged: it has ended.
    pub(super) fn clear(&mut self, situation: &Situation) {
        self.logged.remove(situation);
    }

    /// Forgets the situations of names that are gone, so they are logged again if they return.
    pub(super) fn forget_gone(&mut self, names: &HashSet<String>) {
        self.logged
            .retain(|situation| situation.name().is_none_or(|name| names.contains(name)));
    }

    /// Logs why work on `name` failed; a busy register is tried again at the next scan.
    pub(super) fn failed(&mut self, name: &str, error: &Error) {
        let message = error.message(self.settings.texts);
        if matches!(error, Error::Store(StoreError::Busy { .. })) {
            self.log_once(Situation::Busy(name.to_string()), &message);
            return;
        }
        self.log_once(
            Situation::Failed(name.to_string()),
            &format!("{name}: {message}"),
        );
    }

    /// Reads the settled input `name`, unless it is a spreadsheet or too large.
    pub(super) fn read(&self, name: &str, found: &Found) -> Reading {
        if found.spreadsheet {
            return Reading::Unread(Unread::Spreadsheet);
        }
        if found.stamp.len > self.options.max_size {
            return Reading::Unread(Unread::TooLarge);
        }
        match self.load(name, found) {
            Ok(input) => Reading::Input(Box::new(input)),
            Err(Error::Changed { .. }) => Reading::Changing,
            Err(Error::HeldOpen { .. }) => Reading::HeldOpen,
            Err(Error::Input { source, .. })
                if source.kind() == std::io::ErrorKind::PermissionDenied =>
            {
                Reading::NotPermitted
            }
            Err(e) => Reading::Unread(Unread::Failed(e.message(self.settings.texts))),
        }
    }

    /// The shop's column names: `kolumner.txt` in the inbox.
    pub(super) fn columns(&self) -> ShopColumns {
        ShopColumns::read(&self.path.join(FILE_NAME))
    }

    /// Reads an input, making sure it is still the regular file that was listed.
    fn load(&self, name: &str, found: &Found) -> Result<Input, Error> {
        let path = self.path.join(name);
        let input = Input::load(&path, &self.columns())?;
        let now = std::fs::symlink_metadata(&path).map_err(|source| Error::Input {
            path: path.clone(),
            source,
        })?;
        let identity = FileId::of(&path, &now);
        if !now.is_file() || identity.links > 1 || Stamp::of(&now, identity) != found.stamp {
            return Err(Error::Changed { path });
        }
        Ok(input)
    }
}
