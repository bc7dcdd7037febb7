//! Joining the shared folder: with the shop key kept beside the register or a join code,
//! starting the folder as the primary, following it as a replica, taking over a folder from
//! before the key, or refusing a register that is not the folder's.

use std::io;
use std::path::{Path, PathBuf};

use super::epochs::Term;
use super::folder::{Identity, SharedFolder, new_id};
use super::ids::{ComputerId, RegisterId};
use super::key::{KeyError, ShopKey};
use super::member::Member;
use super::replay::ReplayError;
use super::status::Run;
use super::twin::twin_or;
use super::upgrade::TakeOverError;
use crate::store::{Local, Store, StoreError};

/// The epoch every folder starts in.
const FIRST_EPOCH: u64 = 1;
/// How a computer joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joined {
    /// It started the folder for its register, as the primary.
    Started,
    /// It is the folder's primary.
    Primary,
    /// It is the primary of a folder started before the shop key, and sealed it with a new
    /// one (see [`super::upgrade`]).
    TookOver,
    /// It follows the primary.
    Replica,
    /// Another computer running now had this one's identity (a copied disk): this one took a
    /// new identity and follows the primary (it no longer is the primary, if it was).
    Twin { was_primary: bool },
}

/// Why a computer cannot join.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    /// Its register holds data, and it is not the register the folder carries.
    #[error(
        "the register holds another register's data ({customers} customers, version {version})"
    )]
    Foreign { version: u64, customers: u64 },
    /// No computer has started the folder yet (and this one was told to wait for it).
    #[error("the shared folder has no register yet")]
    NotStarted,
    /// The folder belongs to a shop, and this computer has no shop key: it joins with the
    /// code (see [`super::key`]).
    #[error("the shared folder belongs to a shop; join it with its code")]
    NeedsCode,
    /// The folder's records are not sealed with this computer's key (the key was replaced,
    /// or the folder is another shop's).
    #[error("the shared folder's records are not sealed with this computer's shop key")]
    NotOurKey,
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Replay(#[from] ReplayError),
    #[error("{}: {source}", path.display())]
    Folder { path: PathBuf, source: io::Error },
}

impl JoinError {
    /// Whether joining failed for a full disk (the folder's or the register's): it may work
    /// once there is space.
    pub fn is_disk_full(&self) -> bool {
        match self {
            JoinError::Folder { source, .. } => crate::store::is_disk_full(source),
            JoinError::Store(StoreError::DiskFull { .. }) => true,
            _ => false,
        }
    }
}

impl Member {
    /// Joins the shared folder `inbox` with the register at `db` (opened, or created, by
    /// `open`), as the computer called `name`, with the shop key kept beside the register or
    /// the one a join `code` gives (which is kept from then on). Without a code, a folder no
    /// computer has started yet is started with this register and a new shop key; with one,
    /// it is waited for ([`JoinError::NotStarted`]).
    pub fn join(
        inbox: &Path,
        db: &Path,
        name: String,
        code: Option<&ShopKey>,
        open: &dyn Fn() -> Result<Store, StoreError>,
    ) -> Result<(Member, Joined), JoinError> {
        let folder_error = |source| JoinError::Folder {
            path: inbox.to_path_buf(),
            source,
        };
        let start = code.is_none();
        let kept = ShopKey::load(db)?;
        let mut took_over = false;
        // A code's key is kept once the folder's records are seen sealed with it: a wrong
        // code never replaces the key this computer holds.
        let new_code = code.filter(|code| kept.as_ref() != Some(*code));
        let key = match (kept, code) {
            (_, Some(code)) => code.clone(),
            (Some(kept), None) => kept,
            (None, None) if SharedFolder::of(inbox, None).has_records() => {
                took_over = true;
                super::upgrade::take_over(inbox, db, open)
                    .map_err(|e| match e {
                        TakeOverError::Store(e) => JoinError::Store(e),
                        TakeOverError::Folder { path, source } => {
                            JoinError::Folder { path, source }
                        }
                    })?
                    .ok_or(JoinError::NeedsCode)?
            }
            (None, None) => {
                let key = ShopKey::new().map_err(folder_error)?;
                key.save(db).map_err(folder_error)?;
                key
            }
        };
        let folder = SharedFolder::of(inbox, Some(key));
        let Held {
            register: own_register,
            computer: own_computer,
            version,
            customers,
            last_run,
        } = Held::of(db, open)?;
        let computer = own_computer.unwrap_or_else(ComputerId::new);
        let (chain, joined) = match folder.chain().map_err(folder_error)? {
            Some(chain) if own_register == Some(chain.register) => {
                let joined = if chain.current().primary == computer {
                    Joined::Primary
                } else {
                    Joined::Replica
                };
                (chain, joined)
            }
            Some(chain) if version == 0 || lost_start(&folder, own_register, computer) => {
                (chain, Joined::Replica)
            }
            Some(_) => return Err(JoinError::Foreign { version, customers }),
            // Records are there, none of them sealed with this computer's key.
            None if (start && folder.has_records()) || !folder.take_unsealed().is_empty() => {
                return Err(JoinError::NotOurKey);
            }
            None if !start => return Err(JoinError::NotStarted),
            None => {
                let term = Term {
                    register: own_register.unwrap_or_else(RegisterId::new),
                    epoch: FIRST_EPOCH,
                    primary: computer,
                    name: name.clone(),
                    from: version,
                    at: chrono::Utc::now(),
                };
                // The register the folder will carry knows it first.
                open()?.set_locals(&[
                    (Local::Register, term.register.as_ref()),
                    (Local::Term, &term.to_bytes()),
                ])?;
                folder.start(&term).map_err(folder_error)?;
                let chain = folder.chain().map_err(folder_error)?;
                let chain = chain.ok_or_else(|| folder_error(io::ErrorKind::NotFound.into()))?;
                (chain, Joined::Started)
            }
        };
        if let Some(code) = new_code {
            code.save(db).map_err(folder_error)?;
        }
        let identity = Identity {
            register: chain.register,
            primary: chain.current().primary,
        };
        let (computer, joined) = match joined {
            Joined::Started => (computer, joined),
            joined => match twin_or(&folder, computer, last_run) {
                renamed if renamed != computer => (
                    renamed,
                    Joined::Twin {
                        was_primary: joined == Joined::Primary,
                    },
                ),
                _ => (computer, joined),
            },
        };
        let primary = matches!(joined, Joined::Started | Joined::Primary)
            && chain.current().primary == computer;
        // Another computer started the folder at the same moment, and its start won.
        let joined = match joined {
            Joined::Started if !primary => Joined::Replica,
            Joined::Primary if took_over => Joined::TookOver,
            joined => joined,
        };
        let member = Member {
            shared: folder,
            identity,
            computer,
            name,
            term: primary.then(|| chain.current().clone()),
            run: Run {
                // As the status file writes it.
                started: chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 3),
                mark: u64::from_le_bytes(new_id()[..8].try_into().unwrap_or_default()),
            },
            db: db.to_path_buf(),
            inbox: inbox.display().to_string(),
            checked: Default::default(),
        };
        if db.exists() {
            let store = open()?;
            let run = member.run.mark.to_le_bytes();
            let mut notes: Vec<(Local, &[u8])> = vec![
                (Local::Computer, computer.as_ref()),
                (Local::Folder, member.inbox.as_bytes()),
                (Local::Run, &run),
                (Local::Primary, identity.primary.as_ref()),
            ];
            // A register that lost a start keeps its own identity until it is rebuilt.
            if own_register.is_none() || primary {
                notes.push((Local::Register, identity.register.as_ref()));
            }
            // A register from before epochs were kept (one term only) is of the term now.
            let held = store.local_bytes::<32>(Local::Term)?;
            let known = member
                .term
                .as_ref()
                .or(held.is_none().then(|| chain.current()))
                .map(Term::to_bytes)
                .filter(|term| held != Some(*term));
            if let Some(term) = &known {
                notes.push((Local::Term, term));
            }
            // This computer's notes of its membership, in one transaction.
            store.set_locals(&notes)?;
        }
        if let (Joined::Started, Some(term)) = (joined, &member.term) {
            member.shared.publish_snapshot(&open()?, term)?;
        }
        // Others know this computer by name from the start.
        member.write_status(version, None).map_err(folder_error)?;
        Ok((member, joined))
    }
}

/// True when this computer started the folder with its register at the same moment as another
/// computer did with another, and the other's start won: its register, still empty when it
/// started, follows the winner's (and its work comes back, see [`super::fenced`]).
fn lost_start(
    folder: &SharedFolder,
    own_register: Option<RegisterId>,
    computer: ComputerId,
) -> bool {
    let Some(own_register) = own_register else {
        return false;
    };
    folder.terms().is_ok_and(|terms| {
        terms.iter().any(|t| {
            t.register == own_register && t.primary == computer && t.epoch == 1 && t.from == 0
        })
    })
}

/// What this computer's register holds of its own, before it joins.
#[derive(Default)]
struct Held {
    register: Option<RegisterId>,
    computer: Option<ComputerId>,
    version: u64,
    customers: u64,
    last_run: Option<u64>,
}

impl Held {
    fn of(db: &Path, open: &dyn Fn() -> Result<Store, StoreError>) -> Result<Held, StoreError> {
        if !db.exists() {
            return Ok(Held::default());
        }
        let store = open()?;
        let view = store.read()?;
        Ok(Held {
            register: store.local_id(Local::Register)?,
            computer: store.local_id(Local::Computer)?,
            version: view.version(),
            customers: view.len(),
            last_run: store.last_run()?,
        })
    }
}
