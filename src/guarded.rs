//! Files in folders that others can write into (the inbox, `done/`, `.kundreg/`): kundreg
//! never writes or reads through a link someone put there, and never reads more than it
//! expects.
//!
//! A file is written as a new file under a random hidden name beside its place (created, never
//! opened: a link or a file someone made at a name kundreg would use is never written through),
//! made durable, and renamed into place (a link at the place itself is replaced, not followed).
//! A file is read only if it is a regular file and not a link, opened without waiting (a pipe
//! under a file's name would block an open for reading forever), and only up to a limit known
//! before anything is allocated.

use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

/// A file being written, not yet in its place.
pub struct NewFile {
    out: BufWriter<tempfile::NamedTempFile>,
}

impl NewFile {
    /// A new file beside `path` (see [`temp_beside`]).
    pub fn beside(path: &Path) -> io::Result<NewFile> {
        NewFile::with_mode(path, 0o666)
    }

    /// A new file beside `path` that only its owner may read (on Windows, a file in the
    /// user's own folders is theirs alone).
    pub fn private(path: &Path) -> io::Result<NewFile> {
        NewFile::with_mode(path, 0o600)
    }

    fn with_mode(path: &Path, mode: u32) -> io::Result<NewFile> {
        Ok(NewFile {
            out: BufWriter::new(temp_with_mode(path, ".kundreg-tmp", mode)?),
        })
    }

    /// Makes the file durable and renames it to `path`, replacing what is there.
    pub fn replace(self, path: &Path) -> io::Result<()> {
        self.durable()?.persist(path).map_err(|e| e.error)?;
        Ok(())
    }

    /// Makes the file durable and puts it at `path` only if nothing is there
    /// (`AlreadyExists` otherwise).
    pub fn place_new(self, path: &Path) -> io::Result<()> {
        match self.durable()?.persist_noclobber(path) {
            Ok(_) => Ok(()),
            // Some network shares have no way to refuse an existing name in one step (no
            // hard links): a rename once it is seen to be absent.
            Err(e) if e.error.kind() != io::ErrorKind::AlreadyExists && !exists(path) => {
                e.file.persist(path).map(|_| ()).map_err(|e| e.error)
            }
            Err(e) => Err(e.error),
        }
    }

    fn durable(self) -> io::Result<tempfile::NamedTempFile> {
        let temp = self
            .out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        temp.as_file().sync_all()?;
        Ok(temp)
    }
}

impl Write for NewFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.out.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A new, empty file beside `path`: in its folder, under a hidden random name that starts
/// with its own and ends with `suffix`, created (never opened: nothing already there is
/// used), with the usual permissions of a new file (a temporary file is private to its owner;
/// on Windows a new file takes its folder's permissions whatever makes it, and persisting it
/// clears the "temporary" attribute tempfile gives it).
pub fn temp_beside(path: &Path, suffix: &str) -> io::Result<tempfile::NamedTempFile> {
    temp_with_mode(path, suffix, 0o666)
}

/// [`temp_beside`] with the Unix permissions `mode` (less the umask).
fn temp_with_mode(path: &Path, suffix: &str, mode: u32) -> io::Result<tempfile::NamedTempFile> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(suffix);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(mode));
    #[cfg(not(unix))]
    let _ = mode;
    builder.tempfile_in(folder)
}

/// Writes `path` whole or not at all with what `write` writes (see the module's first lines).
pub fn write(path: &Path, write: impl FnOnce(&mut NewFile) -> io::Result<()>) -> io::Result<()> {
    let mut file = NewFile::beside(path)?;
    write(&mut file)?;
    file.replace(path)
}

/// Whether anything, a link included, is at `path`.
fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] io::Error),
    /// A link, a folder, a pipe or a device under a file's name.
    #[error("not a plain file")]
    NotAFile,
    #[error("larger than {limit} bytes")]
    TooLarge { limit: u64 },
}

impl ReadError {
    /// Whether nothing is there (or it went while being opened).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

/// Opens `path` for reading if it is a regular file and not a link, with its size.
pub fn open(path: &Path) -> Result<(File, u64), ReadError> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        /// FILE_FLAG_OPEN_REPARSE_POINT: the link itself, not what it points to.
        const OPEN_REPARSE_POINT: u32 = 0x0020_0000;
        options.custom_flags(OPEN_REPARSE_POINT);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Err(ReadError::NotAFile),
        Err(e) => return Err(e.into()),
    };
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotAFile);
    }
    Ok((file, meta.len()))
}

/// The bytes of `path` (see [`open`]), if there are at most `limit`.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open(path)?;
    if len > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // The file may grow while it is read: never past the limit.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// The text of `path` (see [`open`]), if it is UTF-8 of at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    String::from_utf8(read(path, limit)?)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_whole_under_its_name_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv.preview.txt");
        write(&path, |out| out.write_all(b"one")).unwrap();
        write(&path, |out| out.write_all(b"two")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        let failed = write(&path, |_| Err(io::Error::other("full")));
        assert!(failed.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temp left");
    }

    #[test]
    fn placing_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.kepoch");
        let mut file = NewFile::beside(&path).unwrap();
        file.write_all(b"first").unwrap();
        file.place_new(&path).unwrap();
        let mut file = NewFile::beside(&path).unwrap();
        file.write_all(b"second").unwrap();
        let refused = file.place_new(&path).unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"first");
    }

    #[test]
    fn reading_stops_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("status");
        fs::write(&path, [b'x'; 100]).unwrap();
        assert_eq!(read(&path, 100).unwrap().len(), 100);
        assert!(matches!(
            read(&path, 99),
            Err(ReadError::TooLarge { limit: 99 })
        ));
        assert!(
            read(&dir.path().join("none"), 9)
                .unwrap_err()
                .is_not_found()
        );
        assert!(matches!(read(dir.path(), 9), Err(ReadError::NotAFile)));
    }

    #[cfg(unix)]
    #[test]
    fn links_and_pipes_are_never_followed_or_waited_on() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("secret");
        fs::write(&target, "hunter2").unwrap();
        let link = dir.path().join("kolumner.txt");
        symlink(&target, &link).unwrap();
        assert!(matches!(read(&link, 1000), Err(ReadError::NotAFile)));
        symlink("/dev/zero", dir.path().join("zero")).unwrap();
        assert!(matches!(
            read(&dir.path().join("zero"), 1000),
            Err(ReadError::NotAFile)
        ));
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        assert!(matches!(read(&fifo, 1000), Err(ReadError::NotAFile)));
        // Written, a link at the place is replaced; one at a temporary name is never used.
        write(&link, |out| out.write_all(b"a = b")).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "hunter2");
        assert_eq!(fs::read_to_string(&link).unwrap(), "a = b");
    }
}
