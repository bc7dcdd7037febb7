//! kundreg keeps a shop's customer register and imports customer lists into it, with a
//! preview first and a history that can be rolled back.
//!
//! The data flow is the architecture:
//!
//! ```text
//! file ──► read (bytes, encoding, SHA-256) ──► parse (header → fields, rows + row errors)
//!      ──► plan (match rows to customers, changes, fingerprint) ──► report (text / html / json)
//!      ──► cmd::apply (the plan made again in the write transaction, held to the fingerprint)
//!      ──► store (one write transaction: changes + history entry = a new version)
//! history ──► rollback (worked out like a plan, applied through the same path)
//! ```
//!
//! `read`, `parse`, `plan` and `rollback` are pure (the register is reached through the
//! `plan::Register` and `store::History` traits); only `store` touches the register file.
//! Other files are touched by the commands in `cmd` (the inbox, `done/`, the pages), by
//! `shared` (the shared folder's `.kundreg/` and the shop key beside the register), by
//! `archive` (erasing a forgotten customer from `done/`), by `not_imported` (the rows not
//! imported, written beside their file) and by `columns` (the shop's column names file); every
//! one of them through `guarded` where others can write.
//!
//! Beside the flow: `input` is a file read and parsed once for every step after; `field` and
//! `customer` the register's fields and records; `lang` every text a user sees; `inert` text
//! that cannot act on a terminal or shell; `cli` the command line, and `error` the errors a
//! command ends with.

pub mod archive;
pub mod cli;
pub mod cmd;
pub mod columns;
pub mod customer;
pub mod edit;
mod error;
pub mod field;
pub mod guarded;
pub mod inert;
pub mod input;
pub mod lang;
pub mod not_imported;
pub mod parse;
pub mod plan;
pub mod read;
pub mod report;
pub mod rollback;
pub mod screen;
pub mod search;
pub mod shared;
pub mod store;
pub mod systems;
pub mod workbook;

pub use error::Error;
