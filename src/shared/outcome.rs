//! What a request came to on the primary, as data (see [`super::request`]): the computer that
//! asked says it in its own language, and ends with the exit code the command has, as if the
//! change had been made there. Nothing in it is text already written for a person, except what
//! a system said of a failure no rule names.

use serde::{Deserialize, Serialize};

use crate::parse::RowError;
use crate::rollback::UndoPlan;
use crate::store::Kind;

/// What a request came to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// The file was imported: the version it made (none when it changed nothing), how many
    /// customers are new and changed, and the rows not applied.
    Imported {
        version: Option<u64>,
        new: u64,
        update: u64,
        not_applied: Vec<RowError>,
    },
    /// This request's import was made already (the primary stopped before it answered).
    ImportedBefore { version: u64, new: u64, update: u64 },
    /// The rollback was made: the version it made (none when there was nothing to undo at
    /// `register_version`), and its report when the person saw none before asking.
    RolledBack {
        version: Option<u64>,
        register_version: u64,
        report: Option<Box<UndoPlan>>,
    },
    /// The customer `number` was forgotten as `version`, and what that erased in the shared
    /// folder.
    Forgot {
        number: String,
        version: u64,
        erased: Option<Erasure>,
    },
    /// The customer `number` was changed or added by hand (`kind`) as `version` (none when
    /// nothing changed).
    ByHand {
        kind: Kind,
        number: String,
        version: Option<u64>,
    },
    /// Nothing was made, and why.
    Refused(Refusal),
}

impl Outcome {
    /// What an import applied as `plan` came to: the version it made (none when it changed
    /// nothing), its counts and the rows it did not apply.
    pub fn imported(plan: crate::plan::Plan, version: Option<crate::store::Version>) -> Outcome {
        Outcome::Imported {
            version: version.map(|v| v.number),
            new: plan.counts.new,
            update: plan.counts.update,
            not_applied: plan.errors,
        }
    }

    /// The version the request made, which the asking computer holds before it says so.
    pub fn version(&self) -> Option<u64> {
        match self {
            Outcome::Imported { version, .. }
            | Outcome::RolledBack { version, .. }
            | Outcome::ByHand { version, .. } => *version,
            Outcome::ImportedBefore { version, .. } | Outcome::Forgot { version, .. } => {
                Some(*version)
            }
            Outcome::Refused(_) => None,
        }
    }
}

/// What a forget erased in the shared folder besides the register.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erasure {
    /// How many files were rewritten without the person.
    pub rewritten: u64,
    /// Rows in files waiting in the inbox that name the person: (file name, line).
    pub waiting: Vec<(String, u32)>,
    /// Files that could not be read or rewritten (as the folder names them), and why.
    pub failed: Vec<(String, String)>,
    /// Workbooks that name the person, which kundreg does not rewrite (as the folder names
    /// them): to delete or edit by hand.
    pub by_hand: Vec<String>,
}

/// Why the primary made no change: the rule that refused it, as the command has it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// These bytes were imported already, as `version` at `at` (Unix seconds).
    AlreadyImported {
        version: u64,
        at: i64,
    },
    /// The import's plan changed since the preview the person confirmed.
    StalePlan,
    /// The rollback conflicts with later changes: its plan says where.
    Conflicts {
        plan: Box<UndoPlan>,
    },
    /// The rollback changed since the report the person confirmed.
    StaleRollback,
    NoSuchVersion {
        version: u64,
    },
    /// A forget cannot be rolled back.
    ForgetIsFinal {
        version: u64,
    },
    AlreadyRolledBack {
        version: u64,
        by: u64,
    },
    NoSuchCustomer {
        key: String,
    },
    /// A failure no rule names (the file could not be read there, its disk): the exit code
    /// the command has, and what was said of it in each language (`sv`, `en`).
    Failed {
        code: u8,
        sv: String,
        en: String,
    },
}
