//! Several computers, one shared folder (the guide's "Several computers"): the folder carries
//! `.kundreg/` — the register's identity and primary, an append-only log of change-sets (one
//! per version), snapshots, each computer's status, and requests with their answers — each
//! file written by one computer under a temporary name, renamed into place, sealed with the
//! shop key and checked before it is used. One computer, the primary, changes the register;
//! the others replay the log into their own and send it their changes as requests.
//!
//! In layers, each using only those below it (no module imports one that imports it back):
//!
//! 1. `.kundreg/` itself: `folder` (paths, the atomic put, listing by name), `ids` (identity
//!    types), `key` (the shop key), `sealed` (every file read and written under the key).
//! 2. One module per kind of file: `frames` (the framing of framed files), `changeset`,
//!    `snapshot` and `replay` (a version's two ends), `epochs` (epoch records), `chain` (the
//!    chain of terms they make), `computers` and `status` (status files), `request` and
//!    `outcome` (requests, and answers with what a request came to).
//! 3. The log: `log` (listing by the chain, publishing into it, compacting it).
//! 4. The roles: `replica` (following the log), `member` and `join` (this computer in the
//!    folder), `publish` (the primary's step), `promote`, `fenced` and `give_back` (work a
//!    newer term did not keep, given back), `twin` (two computers with one identity),
//!    `upgrade` (a folder from before the key), `kept` (copies of a register before a
//!    rebuild), `place` (a register's standing, for any command).

pub mod chain;
pub mod changeset;
mod computers;
pub mod epochs;
pub mod fenced;
pub mod folder;
pub mod frames;
pub mod give_back;
pub(crate) mod ids;
pub mod join;
pub mod kept;
pub mod key;
pub mod log;
pub mod member;
pub mod outcome;
pub mod place;
pub mod promote;
pub mod publish;
pub mod replay;
pub mod replica;
pub mod request;
mod sealed;
pub mod snapshot;
pub mod status;
pub mod twin;
mod upgrade;
