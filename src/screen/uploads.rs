//! The lists the screen reads: those given on it, kept for "Ändra importdata" and "Bekräfta
//! import", and copies of the inbox's files, made as the daemon reads them. In a folder of the
//! screen's own (only its owner can read it, removed when the screen stops), each under a name
//! of the screen's own, the last few only. The rows an import did not apply are written beside
//! their list, to download.

use std::collections::VecDeque;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::cmd::watch::identity::FileId;
use crate::error::Error;
use crate::guarded::{self, ReadError};

/// How many lists given on the screen are kept for "Ändra importdata" and the confirm.
const KEPT: usize = 8;
/// The kinds of list the inbox reads, by their names' ends.
const READ: [&str; 6] = ["csv", "txt", "xlsx", "xlsm", "xls", "ods"];
/// The longest file name kept of an upload (in characters).
const NAME_LIMIT: usize = 120;

/// One list given on the screen.
#[derive(Clone)]
pub(super) struct Given {
    pub id: String,
    /// Its name as shown and as the history keeps it.
    pub name: String,
    /// Where its bytes are kept.
    pub path: PathBuf,
    /// Pasted rather than a file.
    pub pasted: bool,
    pub sheet: Option<String>,
}

/// The lists the screen reads, newest last, in a folder of the screen's own.
pub struct Uploads {
    folder: PathBuf,
    given: Mutex<VecDeque<Given>>,
}

impl Uploads {
    /// The lists kept in `folder` (beside the register); what a screen stopped without a word
    /// left there is removed.
    pub(super) fn in_folder(folder: PathBuf) -> Uploads {
        Uploads::remove(&folder);
        Uploads {
            folder,
            given: Mutex::default(),
        }
    }

    /// Removes the folder `folder` and what is in it (never through a link at its name).
    pub(super) fn remove(folder: &Path) {
        if std::fs::symlink_metadata(folder).is_ok_and(|m| m.is_dir()) {
            let _ = std::fs::remove_dir_all(folder);
        }
    }

    /// Keeps `bytes` as a new list named `name`.
    pub(super) fn keep(
        &self,
        name: &str,
        bytes: &[u8],
        pasted: bool,
        sheet: Option<String>,
    ) -> std::io::Result<Given> {
        self.keep_from(name, &mut &bytes[..], pasted, sheet)
    }

    /// Keeps what `bytes` reads as a new list named `name`.
    fn keep_from(
        &self,
        name: &str,
        bytes: &mut dyn Read,
        pasted: bool,
        sheet: Option<String>,
    ) -> std::io::Result<Given> {
        let root = &self.folder;
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(root)?;
        let mut id = [0u8; 12];
        getrandom::fill(&mut id).map_err(std::io::Error::other)?;
        let id = crate::shared::ids::hex(id);
        let dir = root.join(&id);
        std::fs::create_dir(&dir)?;
        // Kept under a name of the screen's own: only its kind comes from the name given.
        let extension = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .filter(|e| READ.contains(&e.as_str()))
            .unwrap_or_else(|| "csv".into());
        let path = dir.join(format!("list.{extension}"));
        std::io::copy(bytes, &mut std::fs::File::create(&path)?)?;
        let given = Given {
            id,
            name: name.to_string(),
            path,
            pasted,
            sheet,
        };
        let mut list = self
            .given
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        list.push_back(given.clone());
        while list.len() > KEPT {
            if let Some(old) = list.pop_front() {
                let _ = std::fs::remove_dir_all(root.join(&old.id));
            }
        }
        Ok(given)
    }

    /// Keeps a copy of the inbox's input `name` at `path`, read as the daemon reads it: a
    /// plain file with one name (never a link, a pipe, or a second name of a file elsewhere),
    /// of at most `limit` bytes.
    pub(super) fn copy_of(&self, path: &Path, name: &str, limit: u64) -> Result<Given, Error> {
        let unread = |source| Error::Input {
            path: path.to_path_buf(),
            source,
        };
        let not_a_file = || unread(std::io::Error::other(ReadError::NotAFile));
        let (file, size) = guarded::open(path).map_err(|e| match e {
            ReadError::Io(source) => unread(source),
            e => unread(std::io::Error::other(e)),
        })?;
        if size > limit {
            return Err(unread(std::io::Error::other(ReadError::TooLarge { limit })));
        }
        let meta = std::fs::symlink_metadata(path).map_err(unread)?;
        if !meta.is_file() || FileId::of(path, &meta).links > 1 {
            return Err(not_a_file());
        }
        self.keep_from(name, &mut file.take(limit), false, None)
            .map_err(unread)
    }

    /// The file kept as `id`, from now on read from its sheet `sheet`.
    pub(super) fn with_sheet(&self, id: &str, sheet: Option<String>) -> Option<Given> {
        let mut list = self.given.lock().ok()?;
        let given = list.iter_mut().find(|g| g.id == id)?;
        given.sheet = sheet;
        Some(given.clone())
    }

    /// The list kept as `id`.
    pub(super) fn get(&self, id: &str) -> Option<Given> {
        self.given.lock().ok()?.iter().find(|g| g.id == id).cloned()
    }
}

/// A file name given by a browser as a name of its own: no folders, nothing unseen, bounded.
pub(super) fn upload_name(given: &str) -> String {
    let base = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = crate::inert::visible(base)
        .chars()
        .take(NAME_LIMIT)
        .collect();
    match name.trim() {
        "" | "." | ".." => "lista.csv".to_string(),
        name => name.to_string(),
    }
}
