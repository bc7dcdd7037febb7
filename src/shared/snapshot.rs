//! A snapshot: the whole register, customers and history, as one file for a computer that
//! joins the folder or must rebuild its register. The register is first copied into a fresh,
//! compact file beside it ([`Store::copy_to`]: nothing the register no longer holds, no
//! computer's own entries), then streamed into the folder in frames (see [`super::frames`]).
//! A computer restores it into a new file beside its own register and checks it — whole, this
//! folder's register, the version its header names, the checksum worked out afresh from the
//! customers — before a rename puts it in place. Until then its own register is untouched.

use std::fs;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::folder::{hex, new_id, remove_file};
use super::frames::{FrameReader, FrameWriter, Kind, LogFileError, read_full};
use super::ids::{ComputerId, RegisterId};
use super::key::ShopKey;
use super::replay::ReplayError;
use crate::store::{Access, Local, Store, StoreError, sync_folder};

const KIND: Kind = Kind {
    what: "snapshot",
    magic: b"kundreg snapshot\n",
    format: 2,
};
/// Bytes of the register file in a frame before it is compressed.
const FRAME_BYTES: usize = 1 << 20;

/// What a snapshot holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotHeader {
    pub register: RegisterId,
    /// The primary's term when it was taken.
    pub epoch: u64,
    /// The register's version in it.
    pub version: u64,
    pub customers: u64,
    /// The register's checksum at that version.
    pub checksum: [u8; 32],
}

/// Writes a snapshot of `store` to `out`. Returns the output, what it holds, and its hash.
pub fn write_snapshot<W: Write>(
    store: &Store,
    register: RegisterId,
    epoch: u64,
    out: W,
    key: &ShopKey,
) -> Result<(W, SnapshotHeader, [u8; 32]), ReplayError> {
    let view = store.read()?;
    let header = SnapshotHeader {
        register,
        epoch,
        version: view.version(),
        customers: view.len(),
        checksum: view.checksum()?.to_bytes(),
    };
    drop(view);
    let copy = beside(store.path(), "snapshot");
    remove_stale(&copy)?;
    let written = store
        .copy_to(&copy)
        .map_err(ReplayError::from)
        .and_then(|()| stream(&copy, &header, out, key).map_err(ReplayError::from));
    let _ = fs::remove_file(&copy);
    let (out, sha256) = written?;
    Ok((out, header, sha256))
}

fn stream<W: Write>(
    copy: &Path,
    header: &SnapshotHeader,
    out: W,
    key: &ShopKey,
) -> Result<(W, [u8; 32]), LogFileError> {
    let header_bytes = postcard::to_allocvec(header).map_err(io::Error::other)?;
    let mut out = FrameWriter::new(out, KIND, &header_bytes, key)?;
    let mut file = fs::File::open(copy)?;
    let mut buf = vec![0u8; FRAME_BYTES];
    let mut total = 0u64;
    loop {
        let n = read_full(&mut file, &mut buf)?;
        if n == 0 {
            break;
        }
        out.frame(&buf[..n])?;
        total += n as u64;
    }
    Ok(out.finish(&total.to_le_bytes())?)
}

/// This computer's own entries, which a restored register is given.
#[derive(Clone)]
pub struct Own<'a> {
    pub computer: ComputerId,
    pub folder: &'a str,
    /// The mark of this computer's last run of `kundreg watch` (see [`super::twin`]).
    pub run: Option<u64>,
    /// Other entries it is given (the snapshot's term, this computer's fenced work).
    pub carry: Vec<(Local, Vec<u8>)>,
}

/// Restores the snapshot read from `snapshot` (a file whose MAC was checked, see
/// [`SharedFolder::open_sealed`](super::folder::SharedFolder)) as the register at `db`,
/// replacing what is there only once the copy is whole and checked (and, when its name gives
/// the start of its hash, `named`, has it). Returns what it holds.
pub fn restore(
    snapshot: impl io::Read,
    named: Option<&[u8; 6]>,
    register: RegisterId,
    db: &Path,
    own: &Own,
) -> Result<SnapshotHeader, ReplayError> {
    // Two processes of this computer may restore at once (the daemon, and a command waiting
    // for its change): each into a file of its own; either copy is the whole register.
    remove_abandoned(db);
    let temp = beside(db, &format!("{JOINING}{}", &hex(new_id())[..8]));
    let restored = unpack(snapshot, named, register, &temp, own);
    match restored {
        Ok(header) => match put_in_place(&temp, db) {
            Ok(()) => {
                sync_folder(db);
                Ok(header)
            }
            Err(source) => {
                let _ = fs::remove_file(&temp);
                let path = db.to_path_buf();
                Err(StoreError::Io { path, source }.into())
            }
        },
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Renames the restored copy `temp` over the register `db`. Windows without POSIX rename
/// semantics (FAT, Wine) refuses while another process has the register open — this
/// computer's daemon or a command reading it for a moment — so there it is tried again for a
/// few seconds. Replacing is safe at any moment: a replica's register only ever holds what the
/// primary published, and it replays on from the copy's version.
fn put_in_place(temp: &Path, db: &Path) -> io::Result<()> {
    let mut tries = 0;
    loop {
        match fs::rename(temp, db) {
            Err(e)
                if cfg!(windows) && e.kind() == io::ErrorKind::PermissionDenied && tries < 50 =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            done => return done,
        }
    }
}

fn unpack(
    snapshot: impl io::Read,
    named: Option<&[u8; 6]>,
    register: RegisterId,
    temp: &Path,
    own: &Own,
) -> Result<SnapshotHeader, ReplayError> {
    let (mut input, header) = FrameReader::open(BufReader::new(snapshot), KIND)?;
    let header: SnapshotHeader =
        postcard::from_bytes(&header).map_err(|_| LogFileError::Damaged("header"))?;
    if header.register != register {
        return Err(ReplayError::OtherRegister);
    }
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)
        .map_err(|source| StoreError::Io {
            path: temp.to_path_buf(),
            source,
        })?;
    let mut out = BufWriter::new(file);
    let mut total = 0u64;
    while let Some(frame) = input.next_frame()? {
        out.write_all(&frame).map_err(LogFileError::from)?;
        total += frame.len() as u64;
    }
    if u64::from_le_bytes(input.end()?) != total {
        return Err(LogFileError::Damaged("the register's length").into());
    }
    let sha256 = input.finish()?;
    if named.is_some_and(|hash| sha256[..6] != hash[..]) {
        return Err(LogFileError::Damaged("its name does not match its contents").into());
    }
    out.into_inner()
        .map_err(|e| LogFileError::from(e.into_error()))?
        .sync_all()
        .map_err(LogFileError::from)?;
    let store = Store::open(temp, Access::Write, std::time::Duration::ZERO, &mut || {})?
        .ok_or(ReplayError::SnapshotMismatch)?;
    let view = store.read()?;
    let holds = store.local_id(Local::Register)? == Some(register)
        && view.version() == header.version
        && view.len() == header.customers
        && store.recount_checksum()?.to_bytes() == header.checksum;
    drop(view);
    if !holds {
        return Err(ReplayError::SnapshotMismatch);
    }
    // This computer's own entries, in one transaction.
    let run = own.run.map(u64::to_le_bytes);
    let mut notes: Vec<(Local, &[u8])> = vec![
        (Local::Computer, own.computer.as_ref()),
        (Local::Folder, own.folder.as_bytes()),
    ];
    notes.extend(run.as_ref().map(|run| (Local::Run, run.as_slice())));
    notes.extend(
        own.carry
            .iter()
            .map(|(what, value)| (*what, value.as_slice())),
    );
    store.set_locals(&notes)?;
    Ok(header)
}

/// `NAME.what` beside the register `path`.
fn beside(path: &Path, what: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(what);
    PathBuf::from(name)
}

/// How the files a register is restored into are named, after the register's own name.
const JOINING: &str = "joining-";
/// A restore's file this old was left by one that was interrupted.
const ABANDONED: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the files interrupted restores of `db` left behind.
fn remove_abandoned(db: &Path) {
    let (Some(folder), Some(name)) = (db.parent(), db.file_name()) else {
        return;
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let prefix = format!("{}.{JOINING}", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|at| at.elapsed().is_ok_and(|age| age > ABANDONED));
        if old && entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A file left by an interrupted copy is started afresh.
fn remove_stale(path: &Path) -> Result<(), StoreError> {
    remove_file(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })
}
