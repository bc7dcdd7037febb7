//! The texts of failover: `kundreg promote`, a computer that is no longer the primary, and
//! the work a newer term fenced (each language's are beside its file, in its folder).

/// Failover's texts.
pub struct FailoverTexts {
    /// `promote`.
    pub promoted: fn(name: &str, epoch: u64, version: u64) -> String,
    pub old_primary: fn(name: &str, seen: &str) -> String,
    pub already_primary: &'static str,
    pub lost_start: &'static str,
    pub not_shared: &'static str,
    pub primary_alive: fn(name: &str, ago: &str) -> String,
    pub not_all_arrived: fn(version: u64) -> String,
    /// The daemon's log.
    pub now_primary: fn(epoch: u64) -> String,
    pub demoted: fn(by: &str, epoch: u64) -> String,
    pub why_fenced: fn(version: u64) -> String,
    pub fenced: fn(count: usize, by: &str) -> String,
    pub returned: fn(file: &str, version: u64, name: &str) -> String,
    pub missing: fn(file: &str, version: u64) -> String,
    pub reissued: fn(version: u64, by: &str) -> String,
    pub rollback_fenced: fn(version: u64, undid: &str) -> String,
    /// At the top of a returned file's preview.
    pub returned_note: fn(computer: &str, at: &str, version: u64) -> String,
    /// `status`.
    pub status_epoch: &'static str,
    pub status_fenced: &'static str,
    /// A rebuild went back: the register it replaced is kept at this path.
    pub copy_kept: fn(path: &str) -> String,
    /// A rebuild went back, and no copy was kept: the new register erased a customer.
    pub copy_erased: &'static str,
    /// `status`: the copies kept before rebuilds.
    pub status_copies: &'static str,
    /// `history`: the remark of a version a newer epoch did not keep.
    pub fenced_remark: fn(computer: &str, epoch: u64) -> String,
    /// A piece of fenced work in `status`: what it was, then where it stands.
    pub fenced_item: fn(what: &str, computer: &str, at: &str) -> String,
    pub state_waiting: &'static str,
    pub state_returned: fn(name: &str) -> String,
    pub state_missing: &'static str,
    pub state_rollback: &'static str,
}
