//! Several computers, one shared folder (the guide's "Several computers"): the folder carries
//! `.kundreg/` — the register's identity and primary, an append-only log of change-sets (one
//! per version), snapshots, each computer's status, and requests with their answers — each
//! file written by one computer under a temporary name, renamed into place, sealed with the
//! shop key and checked before it is used. One computer, the primary, changes the register; the others replay the log into
//! their own and send it their changes as requests.
//!
//! `key` is the shop key and `sealed` reading and writing files under it; `frames` is the
//! framing every framed file shares; `changeset` and `snapshot` the two kinds of log
//! file; `replay` a version's two ends; `folder` (with `computers` and `ids`) `.kundreg/`
//! itself; `epochs` the primary's terms and what they fence; `fenced` the work a newer term
//! fenced, and `give_back` giving it back; `promote` a replica made the primary; `replica`
//! following the log; `member` joining, `publish` the primary's step; `twin` two computers
//! with one identity; `place` a register's standing for any command; `status` and `request`
//! the other files.

pub mod changeset;
mod computers;
pub mod epochs;
pub mod fenced;
pub mod folder;
pub mod frames;
pub mod give_back;
mod ids;
pub mod join;
pub mod kept;
pub mod key;
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
