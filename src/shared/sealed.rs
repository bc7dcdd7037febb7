//! Sealed files in `.kundreg/`: every file there is written with the shop key's MAC (see
//! [`super::key`]) and read only once the MAC is checked — plain-text files (epoch records,
//! status files, notes) with a last `mac:` line, framed files (change-sets, snapshots,
//! requests, answers) with a MAC trailer checked in one pass before anything is decoded. A
//! file that fails is not used, not read again while it stays as it is, and reported once.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::folder::{
    ANSWERS, ANY_SIZE, COMPUTERS, EPOCHS, LOG, REQUESTS, RETURNED, SNAPSHOTS, SharedFolder,
};
use super::frames::LogFileError;
use crate::guarded::NewFile;

/// The most a plain-text file in `.kundreg/` (an epoch record, a status file, a note) may
/// hold: kundreg writes a few hundred bytes.
const TEXT_LIMIT: u64 = 16 << 10;

/// How long a file must have stood unchanged before a failed MAC is reported: a file a sync
/// client is still writing in place fails it until it is whole.
const SETTLED: Duration = Duration::from_secs(5);
/// How many such files are remembered.
const MAX_UNSEALED: usize = 10_000;

impl SharedFolder {
    /// Writes a plain-text file of `.kundreg/`, sealed with the shop key.
    pub(super) fn write_sealed(&self, path: &Path, text: &str) -> io::Result<()> {
        let sealed = self.key()?.seal_text(text);
        crate::guarded::write(path, |out| io::Write::write_all(out, sealed.as_bytes()))
    }

    /// Places a new plain-text file of `.kundreg/`, sealed with the shop key; refused
    /// (`AlreadyExists`) when a file has the name.
    pub(super) fn place_sealed(&self, path: &Path, text: &str) -> io::Result<()> {
        let sealed = self.key()?.seal_text(text);
        let mut file = NewFile::beside(path)?;
        io::Write::write_all(&mut file, sealed.as_bytes())?;
        file.place_new(path)
    }

    /// The text of a plain-text file in `.kundreg/`: if it is a plain file (no link, no pipe)
    /// of UTF-8 within [`TEXT_LIMIT`], sealed with the shop key.
    pub(super) fn read_sealed(&self, path: &Path) -> Option<String> {
        let (file, len) = crate::guarded::open(path).ok()?;
        let stamp = self.stamp(path, &file, len);
        if len > TEXT_LIMIT || self.is_unsealed(&stamp) {
            return None;
        }
        let mut text = String::new();
        io::Read::read_to_string(&mut io::Read::take(file, TEXT_LIMIT), &mut text).ok()?;
        let body = self.shop_key().and_then(|key| key.open_text(&text));
        if body.is_none() {
            self.found_unsealed(stamp);
        }
        body.map(str::to_string)
    }

    /// Opens a framed file of `.kundreg/` of at most `limit` bytes, once it is known to be a
    /// plain file (no link, no pipe) sealed with the shop key (see [`super::frames::verify`]).
    pub(super) fn open_sealed(&self, path: &Path, limit: u64) -> Result<fs::File, LogFileError> {
        let (mut file, len) = crate::guarded::open(path).map_err(|e| match e {
            crate::guarded::ReadError::Io(e) => LogFileError::Io(e),
            e => LogFileError::Io(io::Error::new(io::ErrorKind::InvalidData, e)),
        })?;
        if len > limit {
            return Err(LogFileError::TooLarge { limit });
        }
        let stamp = self.stamp(path, &file, len);
        if self.is_unsealed(&stamp) {
            return Err(LogFileError::NotSealed);
        }
        let Some(key) = self.shop_key() else {
            return Err(LogFileError::NotSealed);
        };
        match super::frames::verify(io::BufReader::new(&file), key) {
            Ok(()) => {}
            Err(LogFileError::Io(e)) => return Err(LogFileError::Io(e)),
            Err(e) => {
                self.found_unsealed(stamp);
                return Err(e);
            }
        }
        io::Seek::rewind(&mut file)?;
        Ok(file)
    }

    /// Every file in `.kundreg/` not sealed with the shop key (once it has stood a while:
    /// one still arriving is not counted yet).
    pub fn unsealed_files(&self) -> Vec<PathBuf> {
        let text = [EPOCHS, COMPUTERS, RETURNED];
        for (dir, framed) in text
            .map(|d| (d, false))
            .into_iter()
            .chain([LOG, SNAPSHOTS, REQUESTS, ANSWERS].map(|d| (d, true)))
        {
            for name in self.names(dir, "").unwrap_or_default() {
                let path = self.file(dir, &name);
                if framed {
                    let _ = self.open_sealed(&path, ANY_SIZE);
                } else {
                    let _ = self.read_sealed(&path);
                }
            }
        }
        let mut files = self.take_unsealed();
        files.sort();
        files
    }

    /// The files found not sealed with the shop key since this was last asked, each once.
    pub fn take_unsealed(&self) -> Vec<PathBuf> {
        match self.unsealed.lock() {
            Ok(mut unsealed) => std::mem::take(&mut unsealed.new),
            Err(_) => Vec::new(),
        }
    }

    /// What tells a file apart from itself changed: its path, length and time.
    fn stamp(&self, path: &Path, file: &fs::File, len: u64) -> (PathBuf, u64, Option<SystemTime>) {
        let modified = file.metadata().and_then(|m| m.modified()).ok();
        (path.to_path_buf(), len, modified)
    }

    fn is_unsealed(&self, stamp: &(PathBuf, u64, Option<SystemTime>)) -> bool {
        self.unsealed
            .lock()
            .is_ok_and(|unsealed| unsealed.seen.contains(stamp))
    }

    /// Notes a file not sealed with the shop key, once it has stood unchanged a while (until
    /// then it may be a file still arriving, and is looked at again).
    fn found_unsealed(&self, stamp: (PathBuf, u64, Option<SystemTime>)) {
        let settled = stamp
            .2
            .and_then(|t| t.elapsed().ok())
            .is_none_or(|age| age >= SETTLED);
        if !settled {
            return;
        }
        if let Ok(mut unsealed) = self.unsealed.lock()
            && !unsealed.seen.contains(&stamp)
        {
            // Bounded, whatever is written into the folder: past it, files are reported again.
            if unsealed.seen.len() >= MAX_UNSEALED || unsealed.said.len() >= MAX_UNSEALED {
                unsealed.seen.clear();
                unsealed.said.clear();
            }
            if unsealed.said.insert(stamp.0.clone()) {
                unsealed.new.push(stamp.0.clone());
            }
            unsealed.seen.insert(stamp);
        }
    }
}
