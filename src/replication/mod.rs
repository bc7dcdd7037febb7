//! Several computers, one shared folder (being built): the folder carries `.kundreg/`, with
//! the register's identity, an append-only log of change-set files (one per version) and
//! snapshots, each file written by one computer under a temporary name, renamed into place,
//! and checked before it is used. One computer, the primary, changes the register; the others
//! replay the log into their own.
//!
//! So far: `changeset`, the file one version becomes, streamed both ways; `replay`, its two
//! ends (a primary publishing a version, a replica replaying it into its own register);
//! `folder`, `.kundreg/` itself (the identity, the log, catching up from it).

pub mod changeset;
mod computers;
pub mod folder;
pub mod frames;
mod ids;
pub mod member;
pub mod place;
pub mod replay;
pub mod replica;
pub mod request;
pub mod snapshot;
pub mod status;
pub mod twin;
