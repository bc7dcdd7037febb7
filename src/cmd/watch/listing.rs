//! One listing of the inbox: what every name is (input, confirm or cancel, preview, ignored),
//! and for inputs their size, time and identity. Only regular files with one link are ever
//! read; the rest is listed as skipped, for the log.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::SystemTime;

use super::identity::FileId;
use super::names::{self, Name, Signal};

/// Size, modification time and identity of a file: a change in any means it is still changing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) len: u64,
    pub(crate) modified: Option<SystemTime>,
    pub(super) id: u64,
}

impl Stamp {
    pub(super) fn of(meta: &std::fs::Metadata, identity: FileId) -> Stamp {
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            id: identity.id,
        }
    }
}

/// An input found in the inbox.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub(crate) stamp: Stamp,
    pub(crate) conflict_copy: bool,
    pub(crate) spreadsheet: bool,
    /// No other input shares this one's stem, so `STEM.confirm` names it.
    pub(super) stem_unique: bool,
}

/// A confirm or cancel file.
#[derive(Clone, Debug)]
pub(super) struct SignalFile {
    pub(super) name: String,
    pub(super) signal: Signal,
    /// The input it names: a full name or a stem.
    pub(super) target: String,
    /// Made by a sync client: it confirms nothing (unless its stem is the input's name).
    pub(super) conflict_copy: bool,
}

/// One of kundreg's previews, and the input it belongs to.
#[derive(Clone, Debug)]
pub(crate) struct PreviewFile {
    pub(crate) name: String,
    pub(crate) input: String,
}

/// Why an entry of the inbox is never read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NotRead {
    Symlink,
    NotAFile,
    HardLink,
}

/// One listing of the inbox.
#[derive(Default)]
pub(crate) struct InboxListing {
    pub(crate) inputs: BTreeMap<String, Found>,
    pub(super) signals: Vec<SignalFile>,
    pub(crate) previews: Vec<PreviewFile>,
    /// Every name in the folder.
    pub(super) names: HashSet<String>,
    /// Entries that are never read, and why.
    pub(super) not_read: Vec<(String, NotRead)>,
    /// Names that are not valid Unicode, as shown.
    pub(super) unreadable_names: Vec<String>,
}

impl InboxListing {
    /// Lists `inbox`. An entry that vanishes while it is looked at is simply not there.
    pub(crate) fn of(inbox: &std::path::Path) -> std::io::Result<InboxListing> {
        let mut listing = InboxListing::default();
        for entry in std::fs::read_dir(inbox)?.flatten() {
            let Ok(name) = entry.file_name().into_string() else {
                let shown = entry.file_name().to_string_lossy().into_owned();
                listing.unreadable_names.push(shown);
                continue;
            };
            listing.names.insert(name.clone());
            let kind = match names::classify(&name) {
                Name::Ignored => continue,
                Name::Preview { input } => {
                    listing.previews.push(PreviewFile { name, input });
                    continue;
                }
                kind => kind,
            };
            // Not followed: `DirEntry::metadata` describes a link itself, not what it points to.
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            let identity = FileId::of(&entry.path(), &meta);
            listing.add(name, kind, &meta, identity);
        }
        listing.mark_unique_stems();
        Ok(listing)
    }

    /// Adds the input, spreadsheet or signal `name`, whose own metadata is `meta`.
    fn add(&mut self, name: String, kind: Name, meta: &std::fs::Metadata, identity: FileId) {
        let (conflict_copy, spreadsheet) = match kind {
            Name::Ignored | Name::Preview { .. } => return,
            _ if meta.file_type().is_symlink() => {
                return self.not_read.push((name, NotRead::Symlink));
            }
            _ if !meta.is_file() => return self.not_read.push((name, NotRead::NotAFile)),
            _ if identity.links > 1 => return self.not_read.push((name, NotRead::HardLink)),
            Name::Signal {
                signal,
                target,
                conflict_copy,
            } => {
                return self.signals.push(SignalFile {
                    name,
                    signal,
                    target,
                    conflict_copy,
                });
            }
            Name::Input { conflict_copy } => (conflict_copy, false),
            Name::Spreadsheet => (false, true),
        };
        let found = Found {
            stamp: Stamp::of(meta, identity),
            conflict_copy,
            spreadsheet,
            stem_unique: false,
        };
        self.inputs.insert(name, found);
    }

    fn mark_unique_stems(&mut self) {
        let mut stems: HashMap<String, usize> = HashMap::new();
        for name in self.inputs.keys() {
            *stems.entry(names::stem(name).to_lowercase()).or_default() += 1;
        }
        for (name, found) in &mut self.inputs {
            found.stem_unique = stems[&names::stem(name).to_lowercase()] == 1;
        }
    }

    /// The confirm or cancel files for `input` (conflict copies confirm nothing).
    pub(super) fn signals_for(&self, input: &str, signal: Signal) -> Vec<String> {
        self.signals
            .iter()
            .filter(|s| {
                s.signal == signal
                    && names::names_input(&s.target, input, self.inputs.keys().map(String::as_str))
                    && (!s.conflict_copy || names::stem(&s.name).eq_ignore_ascii_case(input))
            })
            .map(|s| s.name.clone())
            .collect()
    }

    /// Whether an editor's lock file says `input` is still open.
    pub(super) fn is_locked(&self, input: &str) -> bool {
        names::editor_locks(input)
            .iter()
            .any(|lock| self.names.contains(lock))
    }
}
