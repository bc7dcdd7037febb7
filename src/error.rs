//! The errors a command ends with: each knows its exit code and its message in both languages.
//! Every stage's typed error is carried as it is, never turned into text on the way.

use std::path::PathBuf;

use crate::input::InputError;
use crate::lang::{Lang, Texts, local_time};
use crate::rollback::{Conflict, RollbackError, UndoPlan};
use crate::shared::frames::LogFileError;
use crate::shared::outcome::Refusal;
use crate::shared::promote::PromoteError;
use crate::shared::replay::ReplayError;
use crate::store::StoreError;

/// Why a command did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("there is no version {version}")]
    NoSuchVersion { version: u64 },
    #[error("version {version} is a forget, which cannot be rolled back")]
    ForgetIsFinal { version: u64 },
    #[error("version {version} was already rolled back by version {by}")]
    AlreadyRolledBack { version: u64, by: u64 },
    /// The arguments do not say what to do.
    #[error(transparent)]
    Usage(#[from] clap::Error),
    /// The input file could not be read.
    #[error("{path}: {source}")]
    Input {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The input file changed while it was read: its hash and its rows may not match.
    #[error("{path} changed while it was read")]
    Changed { path: PathBuf },
    /// Another program holds the input open without letting others read it.
    #[error("{path} is open in another program")]
    HeldOpen { path: PathBuf },
    /// The input file has file errors; its report says which.
    #[error("{path}: the file cannot be imported")]
    FileErrors { path: PathBuf },
    /// These exact bytes were imported as `version`, at `at`, and that still stands.
    #[error("these bytes were already imported as version {version}")]
    AlreadyImported { version: u64, at: i64 },
    /// The plan changed between the preview that was confirmed and the apply.
    #[error("the plan changed since it was shown")]
    StalePlan,
    /// The rollback conflicts with later changes; `plan` says where.
    #[error("the rollback conflicts with later changes")]
    Conflicts { plan: Box<UndoPlan> },
    /// The rollback changed between the report that was confirmed and the apply.
    #[error("the rollback changed since it was shown")]
    StaleRollback,
    /// An output could not be written.
    #[error("{path}: {source}")]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `export --out` names a file that exists.
    #[error("{path} exists")]
    WouldOverwrite { path: PathBuf },
    #[error(transparent)]
    BadQuery(#[from] crate::search::QueryError),
    #[error(transparent)]
    Setting(#[from] crate::edit::SettingError),
    /// A change by hand breaks an import's rule: nothing was changed.
    #[error("not applicable: {problem:?}")]
    NotApplicable { problem: crate::parse::RowProblem },
    /// `add` of a customer the register holds (by the number or email given).
    #[error("the customer exists")]
    CustomerExists,
    /// `set` of a customer the register no longer holds.
    #[error("the customer is gone")]
    CustomerGone,
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
    /// `watch` on a shared folder whose register is not the one this computer holds.
    #[error("the register {db} is not the register of the shared folder {inbox}")]
    ForeignRegister {
        db: PathBuf,
        inbox: PathBuf,
        customers: u64,
        version: u64,
    },
    /// `--join` given something that is not a join code.
    #[error("not a join code")]
    BadJoinCode,
    /// `watch` on a shop's shared folder without its key.
    #[error("{inbox} belongs to a shop; join it with its code")]
    NeedsCode { inbox: PathBuf },
    /// `watch` on a shared folder whose records are not sealed with this computer's key.
    #[error("{inbox}: not sealed with this computer's shop key")]
    NotOurKey { inbox: PathBuf },
    /// The shop key kept beside the register cannot be read.
    #[error(transparent)]
    Key(#[from] crate::shared::key::KeyError),
    /// `rekey` on a register that does not share a folder.
    #[error("the register does not share a folder")]
    RekeyNotShared,
    /// `rekey` on a computer that is not the primary.
    #[error("only the primary ({primary}) replaces the shop key")]
    RekeyNotPrimary { primary: String },
    /// The shared folder's `.kundreg/` could not be read or written.
    #[error("{path}: {source}")]
    SharedFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Sharing(#[from] ReplayError),
    /// A request the primary has not answered within the wait (it stays queued).
    #[error("{primary} has not answered in {waited} s")]
    NoAnswer {
        primary: String,
        waited: u64,
        seen: Option<i64>,
    },
    /// The primary answered, but the version it made has not arrived here within the wait.
    #[error("version {version} from {primary} has not arrived")]
    NotArrived { primary: String, version: u64 },
    /// The primary could not carry out a request for a failure no rule names: what was said
    /// of it in each language, and the exit code the command has.
    #[error("{en}")]
    Answered { code: u8, sv: String, en: String },
    /// `promote` refused or failed.
    #[error(transparent)]
    Promote(#[from] PromoteError),
    /// The screen refused (see [`crate::screen::Problem`]).
    #[error("{0:?}")]
    Screen(crate::screen::Problem),
    /// The person answered no; `nothing` says what was not done.
    #[error("not confirmed")]
    Declined { nothing: &'static str },
}

impl Error {
    /// The process exit code (the reference's "Commands" lists them).
    pub fn exit_code(&self) -> u8 {
        match self {
            _ if self.is_closed_output() => 0,
            Error::Store(StoreError::Busy { .. }) => 4,
            Error::ForgetIsFinal { .. }
            | Error::AlreadyRolledBack { .. }
            | Error::AlreadyImported { .. }
            | Error::StalePlan
            | Error::Conflicts { .. }
            | Error::StaleRollback
            | Error::NotApplicable { .. }
            | Error::CustomerExists
            | Error::CustomerGone
            | Error::NeedsYes
            | Error::ForeignRegister { .. }
            | Error::NeedsCode { .. }
            | Error::NotOurKey { .. }
            | Error::RekeyNotPrimary { .. }
            | Error::RekeyNotShared
            | Error::Promote(PromoteError::NotShared | PromoteError::AlreadyPrimary) => 3,
            Error::Promote(PromoteError::PrimaryAlive { .. } | PromoteError::NotArrived { .. }) => {
                5
            }
            Error::Declined { .. } => 0,
            Error::Screen(crate::screen::Problem::NotRunning) => 5,
            Error::Screen(crate::screen::Problem::NotLoopback(_)) => 2,
            Error::Screen(_) => 3,
            Error::Answered { code, .. } => *code,
            Error::NoAnswer { .. } | Error::NotArrived { .. } => 5,
            Error::Usage(_)
            | Error::BadQuery(_)
            | Error::Setting(_)
            | Error::BadJoinCode
            | Error::RegisterInInbox { .. }
            | Error::NotAFolder { .. } => 2,
            _ => 1,
        }
    }

    /// True when standard output was closed by its reader (`kundreg export | head`): the
    /// command stops, and there is nothing to say.
    pub fn is_closed_output(&self) -> bool {
        matches!(self, Error::Output { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The message for a person, in their language.
    pub fn message(&self, t: &Texts) -> String {
        let shown = |p: &PathBuf| p.display().to_string();
        match self {
            Error::Store(e) => store_message(e, t),
            Error::NoSuchVersion { version } => (t.no_such_version)(*version),
            Error::ForgetIsFinal { version } => (t.forget_is_final)(*version),
            Error::AlreadyRolledBack { version, by } => (t.already_rolled_back)(*version, *by),
            Error::Usage(e) => e.render().to_string().trim_end().to_string(),
            Error::AlreadyImported { version, at } => {
                (t.already_imported)(*version, &local_time(*at))
            }
            Error::StalePlan => t.stale_plan.to_string(),
            Error::Conflicts { plan }
                if plan
                    .conflicts
                    .iter()
                    .any(|c| matches!(c, Conflict::EmailTaken { .. })) =>
            {
                t.email_taken_refused.to_string()
            }
            Error::Conflicts { .. } => t.conflicts_refused.to_string(),
            Error::StaleRollback => t.stale_undo.to_string(),
            Error::Input { path, source } | Error::Output { path, source } => match source.kind() {
                std::io::ErrorKind::NotFound => (t.no_such_file)(&shown(path)),
                std::io::ErrorKind::PermissionDenied => (t.no_access)(&shown(path)),
                _ if crate::store::is_disk_full(source) => (t.faults.output_full)(&shown(path)),
                _ => (t.io_error)(&shown(path), &source.to_string()),
            },
            Error::Changed { path } => (t.file_changed)(&shown(path)),
            Error::HeldOpen { path } => (t.held_open)(&shown(path)),
            Error::FileErrors { .. } => t.how_to_fix.to_string(),
            Error::WouldOverwrite { path } => (t.would_overwrite)(&shown(path)),
            Error::NoSuchCustomer { key } => (t.no_such_customer)(key),
            Error::BadQuery(e) => (t.register.bad_query)(e),
            Error::Setting(e) => (t.register.bad_setting)(e),
            Error::NotApplicable { problem } => {
                (t.register.not_applicable)(&(t.row_problem)(problem))
            }
            Error::CustomerExists => t.register.customer_exists.to_string(),
            Error::CustomerGone => t.register.customer_gone.to_string(),
            Error::NeedsYes => t.needs_yes.to_string(),
            Error::Declined { nothing } => nothing.to_string(),
            Error::Screen(problem) => (t.screen.problem)(problem),
            Error::NotAFolder { path } => (t.not_a_folder)(&shown(path)),
            Error::RegisterInInbox { db, inbox } => {
                (t.register_in_inbox)(&shown(db), &shown(inbox))
            }
            Error::ForeignRegister {
                db,
                inbox,
                customers,
                version,
            } => (t.shared.foreign)(&shown(db), &shown(inbox), *customers, *version),
            Error::BadJoinCode => t.key.bad_code.to_string(),
            Error::NeedsCode { inbox } => (t.key.needs_code)(&shown(inbox)),
            Error::NotOurKey { inbox } => (t.key.not_our_key)(&shown(inbox)),
            Error::Key(crate::shared::key::KeyError::Io { path, source }) => {
                (t.io_error)(&shown(path), &source.to_string())
            }
            Error::Key(e) => e.to_string(),
            Error::RekeyNotPrimary { primary } => (t.key.rekey_not_primary)(primary),
            Error::RekeyNotShared => t.key.rekey_not_shared.to_string(),
            Error::SharedFolder { path, source } if crate::store::is_disk_full(source) => {
                (t.faults.disk_full)(&shown(path))
            }
            Error::SharedFolder { path, source } => (t.io_error)(&shown(path), &source.to_string()),
            Error::Sharing(e) => replay_message(e, t),
            Error::NoAnswer {
                primary,
                waited,
                seen,
            } => (t.shared.no_answer)(
                primary,
                *waited,
                &seen
                    .map(local_time)
                    .unwrap_or_else(|| t.shared.not_seen.to_string()),
            ),
            Error::NotArrived { primary, version } => (t.shared.not_arrived)(primary, *version),
            Error::Answered { sv, en, .. } => match t.code {
                "sv" => sv.clone(),
                _ => en.clone(),
            },
            Error::Promote(e) => promote_message(e, t),
        }
    }
}

impl Error {
    /// The refusal a request gets on the primary for this error, as data the asking computer
    /// says in its own language (see [`Outcome`](crate::shared::outcome::Outcome)).
    pub fn refusal(self) -> Refusal {
        match self {
            Error::AlreadyImported { version, at } => Refusal::AlreadyImported { version, at },
            Error::StalePlan => Refusal::StalePlan,
            Error::Conflicts { plan } => Refusal::Conflicts { plan },
            Error::StaleRollback => Refusal::StaleRollback,
            Error::NoSuchVersion { version } => Refusal::NoSuchVersion { version },
            Error::ForgetIsFinal { version } => Refusal::ForgetIsFinal { version },
            Error::AlreadyRolledBack { version, by } => Refusal::AlreadyRolledBack { version, by },
            Error::NoSuchCustomer { key } => Refusal::NoSuchCustomer { key },
            Error::Answered { code, sv, en } => Refusal::Failed { code, sv, en },
            e => Refusal::Failed {
                code: e.exit_code(),
                sv: e.message(Lang::Sv.texts()),
                en: e.message(Lang::En.texts()),
            },
        }
    }
}

impl From<Refusal> for Error {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::AlreadyImported { version, at } => Error::AlreadyImported { version, at },
            Refusal::StalePlan => Error::StalePlan,
            Refusal::Conflicts { plan } => Error::Conflicts { plan },
            Refusal::StaleRollback => Error::StaleRollback,
            Refusal::NoSuchVersion { version } => Error::NoSuchVersion { version },
            Refusal::ForgetIsFinal { version } => Error::ForgetIsFinal { version },
            Refusal::AlreadyRolledBack { version, by } => Error::AlreadyRolledBack { version, by },
            Refusal::NoSuchCustomer { key } => Error::NoSuchCustomer { key },
            Refusal::Failed { code, sv, en } => Error::Answered { code, sv, en },
        }
    }
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Self {
        match e {
            InputError::Unreadable { path, source } => Error::Input { path, source },
            InputError::Changed { path } => Error::Changed { path },
            InputError::HeldOpen { path } => Error::HeldOpen { path },
        }
    }
}

impl From<RollbackError> for Error {
    fn from(e: RollbackError) -> Self {
        match e {
            RollbackError::Store(e) => Error::Store(e),
            RollbackError::NoSuchVersion { version } => Error::NoSuchVersion { version },
            RollbackError::ForgetIsFinal { version } => Error::ForgetIsFinal { version },
            RollbackError::AlreadyRolledBack { version, by } => {
                Error::AlreadyRolledBack { version, by }
            }
        }
    }
}

fn replay_message(e: &ReplayError, t: &Texts) -> String {
    match e {
        ReplayError::Store(e) => store_message(e, t),
        ReplayError::LogFile(LogFileError::Io(source)) if crate::store::is_disk_full(source) => {
            t.faults.folder_full.to_string()
        }
        ReplayError::LogFile(LogFileError::Io(source)) => {
            (t.shared.folder_failed)(&source.to_string())
        }
        ReplayError::LogFile(e) => (t.shared.log_file_damaged)(&e.to_string()),
        ReplayError::LostStart => t.failover.lost_start.to_string(),
        e => (t.shared.folder_failed)(&e.to_string()),
    }
}

fn store_message(e: &StoreError, t: &Texts) -> String {
    let shown = |p: &PathBuf| p.display().to_string();
    match e {
        StoreError::EmptyFile { path } => (t.register_empty_file)(&shown(path)),
        StoreError::NotARegister { path } => (t.register_not_ours)(&shown(path)),
        StoreError::UnsupportedSchema { path, found } => (t.register_schema)(&shown(path), *found),
        StoreError::Busy { path } => (t.register_busy)(&shown(path)),
        StoreError::Io { path, source } => (t.io_error)(&shown(path), &source.to_string()),
        StoreError::Damaged { path, detail } => (t.register_damaged)(&shown(path), detail),
        StoreError::Newer { path } => (t.register_newer)(&shown(path)),
        StoreError::DiskFull { path } => (t.faults.disk_full)(&shown(path)),
    }
}

fn promote_message(e: &PromoteError, t: &Texts) -> String {
    let f = t.failover;
    match e {
        PromoteError::NotShared => f.not_shared.to_string(),
        PromoteError::AlreadyPrimary => f.already_primary.to_string(),
        PromoteError::PrimaryAlive { name, seen } => {
            let ago = (chrono::Utc::now() - *seen).num_seconds().max(0);
            let ago = match ago {
                0..60 => format!("{ago} s"),
                _ => format!("{} min", ago / 60),
            };
            (f.primary_alive)(name, &ago)
        }
        PromoteError::NotArrived { version } => (f.not_all_arrived)(*version),
        PromoteError::Replay(e) => replay_message(e, t),
    }
}
