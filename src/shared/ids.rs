//! Identities of registers and computers: 128 random bits, written as 32 hex digits; and the
//! hex digits themselves, as names in `.kundreg/` carry them.

use serde::{Deserialize, Serialize};

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

/// An identity of 16 bytes, as a type of its own (a register's is never a computer's).
macro_rules! identity {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(Serialize, Deserialize)]
        pub struct $name(pub [u8; 16]);

        impl $name {
            /// A new identity, from the system's randomness.
            pub fn new() -> $name {
                $name(new_id())
            }

            /// The identity from its 32 hex digits.
            pub fn parse(hex: &str) -> Option<$name> {
                parse_id(hex).map($name)
            }

            /// The identity as 32 hex digits.
            pub fn hex(&self) -> String {
                hex(&self.0)
            }
        }

        impl From<[u8; 16]> for $name {
            fn from(bytes: [u8; 16]) -> $name {
                $name(bytes)
            }
        }

        impl AsRef<[u8]> for $name {
            fn as_ref(&self) -> &[u8] {
                &self.0
            }
        }
    };
}

identity!(
    /// A register's identity: the one a shared folder carries, made when it was started.
    RegisterId
);
identity!(
    /// A computer's identity in a shared folder, made when it first joined.
    ComputerId
);

impl ComputerId {
    /// The start of the identity, as log file names carry it.
    pub fn author(&self) -> [u8; 8] {
        let mut author = [0u8; 8];
        author.copy_from_slice(&self.0[..8]);
        author
    }
}

/// Bytes (an identity, the start of a hash) as lowercase hex digits, two a byte.
pub fn hex(bytes: impl AsRef<[u8]>) -> String {
    bytes.as_ref().iter().map(|b| format!("{b:02x}")).collect()
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
