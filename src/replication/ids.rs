//! Identities of registers and computers: 128 random bits, written as 32 hex digits.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

/// A new identity (of a register or a computer): 128 bits from the system's randomness.
pub fn new_id() -> [u8; 16] {
    let half = || RandomState::new().build_hasher().finish().to_le_bytes();
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&half());
    id[8..].copy_from_slice(&half());
    id
}

/// An identity as 32 hex digits.
pub fn hex(id: &[u8; 16]) -> String {
    id.iter().map(|b| format!("{b:02x}")).collect()
}

/// An identity from its 32 hex digits.
pub fn parse_id(hex: &str) -> Option<[u8; 16]> {
    let hex = hex.trim();
    if hex.len() != 32 {
        return None;
    }
    let mut id = [0u8; 16];
    for (i, byte) in id.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(id)
}
