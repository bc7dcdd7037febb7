//! What a file in the inbox is apart from its name: an identity that stays with it through a
//! rename (a different one means another file now has the name), and how many names (hard
//! links) it has. Unix keeps both in the metadata; on Windows the file's handle tells.

use std::fs::Metadata;
use std::path::Path;

/// A file's identity and its number of names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FileId {
    pub(crate) id: u64,
    pub(crate) links: u64,
}

impl FileId {
    /// The identity of the file at `path`, whose own metadata (not followed) is `meta`.
    #[cfg(unix)]
    pub(crate) fn of(_path: &Path, meta: &Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId {
            id: meta.ino(),
            links: meta.nlink(),
        }
    }

    /// The identity of the file at `path`. Windows' metadata holds neither (std keeps them
    /// behind an unstable feature), so the file is opened for no access at all: that is
    /// allowed even while another program holds it without sharing, as Excel does. A file
    /// that cannot be opened (gone meanwhile) counts as one name; reading it checks again.
    #[cfg(windows)]
    pub(crate) fn of(path: &Path, _meta: &Metadata) -> FileId {
        use std::os::windows::fs::OpenOptionsExt;
        const SHARE_ALL: u32 = 0x1 | 0x2 | 0x4; // FILE_SHARE_READ | _WRITE | _DELETE
        const OPEN_REPARSE_POINT: u32 = 0x0020_0000; // FILE_FLAG_OPEN_REPARSE_POINT
        let information = std::fs::OpenOptions::new()
            .access_mode(0)
            .share_mode(SHARE_ALL)
            .custom_flags(OPEN_REPARSE_POINT)
            .open(path)
            .and_then(|file| winapi_util::file::information(&file));
        match information {
            Ok(information) => FileId {
                id: information.file_index(),
                links: information.number_of_links(),
            },
            Err(_) => FileId { id: 0, links: 1 },
        }
    }

    /// Elsewhere nothing tells: every file has one name.
    #[cfg(not(any(unix, windows)))]
    pub(crate) fn of(_path: &Path, _meta: &Metadata) -> FileId {
        FileId { id: 0, links: 1 }
    }
}
