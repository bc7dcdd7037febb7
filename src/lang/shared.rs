//! The texts of several computers on one shared folder: the daemon's log, `status`, and the
//! refusals (each language's are beside its file, in its folder).

/// Several computers, one shared folder: the daemon's log, `status`, and the refusals.
pub struct SharedTexts {
    pub started: fn(folder: &str) -> String,
    pub primary: &'static str,
    pub replica: fn(primary: &str) -> String,
    pub waiting_for_folder: &'static str,
    pub twin_yields: &'static str,
    pub twin_renamed: fn(primary: &str, was_primary: bool) -> String,
    pub published: fn(version: u64) -> String,
    pub published_snapshot: fn(version: u64) -> String,
    pub erased_log: fn(files: usize) -> String,
    pub compacted_log: fn(files: usize) -> String,
    pub replayed: fn(version: u64, what: &str) -> String,
    pub rebuilt: fn(version: u64, why: &str) -> String,
    pub why_joined: &'static str,
    pub why_behind: &'static str,
    pub why_diverged: fn(version: u64) -> String,
    pub waiting_version: fn(version: u64) -> String,
    pub arriving: fn(version: u64) -> String,
    pub waiting_snapshot: &'static str,
    pub failed: fn(detail: &str) -> String,
    /// A command's (not the daemon's) trouble with the shared folder.
    pub folder_failed: fn(detail: &str) -> String,
    pub log_file_damaged: fn(detail: &str) -> String,
    pub foreign: fn(db: &str, folder: &str, customers: u64, version: u64) -> String,
    pub archive_rewritten: fn(files: usize) -> String,
    pub archive_waiting: fn(rows: &str) -> String,
    pub archive_failed: fn(path: &str, why: &str) -> String,
    pub queued: fn(primary: &str) -> String,
    pub asked: fn(primary: &str, seconds: u64) -> String,
    pub no_answer: fn(primary: &str, seconds: u64, seen: &str) -> String,
    pub not_arrived: fn(primary: &str, version: u64) -> String,
    /// The primary's log: a request carried out (`version`) or refused (`why`).
    pub request_done: fn(from: &str, what: &str, version: u64) -> String,
    pub request_nothing: fn(from: &str, what: &str) -> String,
    pub request_refused: fn(from: &str, what: &str, why: &str) -> String,
    /// A request file larger than `--max-size` allows: not read (again).
    pub request_too_large: fn(file: &str, limit_mb: u64) -> String,
    /// `status`: the labels and values of the shared folder's lines.
    pub status_role: &'static str,
    pub role_primary: &'static str,
    pub role_replica: &'static str,
    pub role_alone: &'static str,
    pub status_folder: &'static str,
    pub status_primary: &'static str,
    pub seen: fn(name: &str, when: &str) -> String,
    pub not_seen: &'static str,
    pub status_behind: &'static str,
    pub up_to_date: &'static str,
    pub behind: fn(versions: u64) -> String,
}
