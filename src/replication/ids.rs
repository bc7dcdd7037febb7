//! Identities of registers and computers: 128 random bits, written as 32 hex digits; and the
//! hex digits themselves, as names in `.kundreg/` carry them.

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

/// Bytes (an identity, the start of a hash) as lowercase hex digits, two a byte.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `N` bytes from exactly `2 × N` hex digits.
pub fn from_hex<const N: usize>(hex: &str) -> Option<[u8; N]> {
    if hex.len() != 2 * N || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut bytes = [0u8; N];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(bytes)
}

/// An identity from its 32 hex digits.
pub fn parse_id(hex: &str) -> Option<[u8; 16]> {
    from_hex(hex.trim())
}
