//! The texts of the shop key: joining a shop with its code, files in the shared folder not
//! sealed with the key, replacing it (each language's are beside its file, in its folder).

/// The shop key's texts.
pub struct KeyTexts {
    /// `--join CODE` given something that is not a join code.
    pub bad_code: &'static str,
    /// This computer has no shop key, and the shared folder `folder` belongs to a shop.
    pub needs_code: fn(folder: &str) -> String,
    /// The records in `folder` are not sealed with this computer's key.
    pub not_our_key: fn(folder: &str) -> String,
    /// The daemon's log: a file in `.kundreg/` not sealed with the shop key, not used.
    pub unsealed: fn(file: &str) -> String,
    /// The daemon's log: the primary of a folder from before the key sealed it with a new one.
    pub took_over: &'static str,
    /// The daemon's log: the key was replaced on this computer (`kundreg rekey`).
    pub replaced: fn(fingerprint: &str) -> String,
    /// `status`: the labels of the key's lines, and what a computer without one shows.
    pub status_key: &'static str,
    pub status_code: &'static str,
    pub status_unsealed: &'static str,
    pub no_key: &'static str,
    /// `rekey` done: the new code, and what the other computers do.
    pub rekeyed: fn(fingerprint: &str, code: &str) -> String,
    /// `rekey` on a register that shares no folder.
    pub rekey_not_shared: &'static str,
    /// `rekey` on a computer that is not the primary.
    pub rekey_not_primary: fn(primary: &str) -> String,
}
