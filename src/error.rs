//! The errors a command ends with: each knows its exit code and its message in both languages.

use std::path::PathBuf;

use crate::lang::Texts;
use crate::report::local_time;
use crate::store::StoreError;

/// Why a command did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The input file could not be read.
    #[error("{path}: {source}")]
    Input {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The input file changed while it was read: its hash and its rows may not match.
    #[error("{path} changed while it was read")]
    Changed { path: PathBuf },
    /// The input file has file errors; its report says which.
    #[error("{path}: the file cannot be imported")]
    FileErrors { path: PathBuf },
    /// An output could not be written.
    #[error("{path}: {source}")]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `export --out` names a file that exists.
    #[error("{path} exists")]
    WouldOverwrite { path: PathBuf },
    #[error("no customer {key:?}")]
    NoSuchCustomer { key: String },
    /// Asked to change the register without a terminal and without `--yes`.
    #[error("no terminal and no --yes")]
    NeedsYes,
    /// `watch` was given something that is not a folder.
    #[error("{path} is not a folder")]
    NotAFolder { path: PathBuf },
    /// `watch` was given a register inside its inbox.
    #[error("the register {db} is inside the inbox {inbox}")]
    RegisterInInbox { db: PathBuf, inbox: PathBuf },
    /// The person answered no; `nothing` says what was not done.
    #[error("not confirmed")]
    Declined { nothing: &'static str },
}

impl Error {
    /// The process exit code (SPEC section 2).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Store(StoreError::Busy { .. }) => 4,
            Error::Store(
                StoreError::AlreadyImported { .. }
                | StoreError::Stale { .. }
                | StoreError::ForgetIsFinal { .. }
                | StoreError::AlreadyRolledBack { .. }
                | StoreError::Conflicts { .. }
                | StoreError::StaleUndo { .. },
            )
            | Error::NeedsYes => 3,
            Error::Declined { .. } => 0,
            Error::RegisterInInbox { .. } | Error::NotAFolder { .. } => 2,
            _ => 1,
        }
    }

    /// The message for a person, in their language.
    pub fn message(&self, t: &Texts) -> String {
        let shown = |p: &PathBuf| p.display().to_string();
        match self {
            Error::Store(e) => match e {
                StoreError::EmptyFile { path } => (t.register_empty_file)(&shown(path)),
                StoreError::NotARegister { path } => (t.register_not_ours)(&shown(path)),
                StoreError::UnsupportedSchema { path, found } => {
                    (t.register_schema)(&shown(path), *found)
                }
                StoreError::Busy { path } => (t.register_busy)(&shown(path)),
                StoreError::Io { path, source } => (t.io_error)(&shown(path), &source.to_string()),
                StoreError::Damaged { path, detail } => (t.register_damaged)(&shown(path), detail),
                StoreError::AlreadyImported { version, at } => {
                    (t.already_imported)(*version, &local_time(*at))
                }
                StoreError::Stale { .. } => t.stale_plan.to_string(),
                StoreError::NoSuchVersion { version } => (t.no_such_version)(*version),
                StoreError::ForgetIsFinal { version } => (t.forget_is_final)(*version),
                StoreError::AlreadyRolledBack { version, by } => {
                    (t.already_rolled_back)(*version, *by)
                }
                StoreError::Conflicts { plan }
                    if plan
                        .conflicts
                        .iter()
                        .any(|c| matches!(c, crate::store::Conflict::EmailTaken { .. })) =>
                {
                    t.email_taken_refused.to_string()
                }
                StoreError::Conflicts { .. } => t.conflicts_refused.to_string(),
                StoreError::StaleUndo { .. } => t.stale_undo.to_string(),
                StoreError::NoSuchCustomer { key } => (t.no_such_customer)(key),
            },
            Error::Input { path, source } | Error::Output { path, source } => match source.kind() {
                std::io::ErrorKind::NotFound => (t.no_such_file)(&shown(path)),
                std::io::ErrorKind::PermissionDenied => (t.no_access)(&shown(path)),
                _ => (t.io_error)(&shown(path), &source.to_string()),
            },
            Error::Changed { path } => (t.file_changed)(&shown(path)),
            Error::FileErrors { .. } => t.how_to_fix.to_string(),
            Error::WouldOverwrite { path } => (t.would_overwrite)(&shown(path)),
            Error::NoSuchCustomer { key } => (t.no_such_customer)(key),
            Error::NeedsYes => t.needs_yes.to_string(),
            Error::Declined { nothing } => nothing.to_string(),
            Error::NotAFolder { path } => (t.not_a_folder)(&shown(path)),
            Error::RegisterInInbox { db, inbox } => {
                (t.register_in_inbox)(&shown(db), &shown(inbox))
            }
        }
    }
}
