//! The shop key: the secret that says a file in `.kundreg/` was written by one of the shop's
//! own computers. It is made when a computer starts a shared folder, kept beside each
//! computer's register (`<register>.key`, readable by its owner only) and never in the shared
//! folder; another computer gets it as a join code (`kundreg status` shows it, `kundreg watch
//! --join CODE` takes it). Every file kundreg writes in `.kundreg/` carries an HMAC-SHA-256
//! of its bytes under the key, and nothing in a file is believed before its MAC is checked:
//! whoever can write into the folder without the key can propose imports in the inbox, but
//! cannot speak for a computer of the shop.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use super::ids::{from_hex, hex};

/// An HMAC-SHA-256 being computed.
pub type Sealer = Hmac<Sha256>;

/// How long a MAC is, in bytes.
pub const MAC_LEN: usize = 32;
/// What a key file holds at most (64 hex digits and a line end; more is not a key file).
const FILE_LIMIT: u64 = 256;
/// The line a sealed text file ends with, before its MAC's hex digits.
const MAC_LINE: &str = "mac: ";
/// The letters of a join code (Crockford's base 32: no I, L, O or U to misread).
const LETTERS: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// A join code's check bytes: a mistyped code is told apart from another shop's.
const CHECK: usize = 2;

/// The shop's secret key.
#[derive(Clone, PartialEq, Eq)]
pub struct ShopKey([u8; 32]);

impl std::fmt::Debug for ShopKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ShopKey({})", self.fingerprint())
    }
}

/// Why a computer's key cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: not a shop key", path.display())]
    NotAKey { path: PathBuf },
}

impl ShopKey {
    /// A new key, from the operating system's randomness.
    pub fn new() -> io::Result<ShopKey> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(io::Error::other)?;
        Ok(ShopKey(key))
    }

    /// Where the key of the register at `db` is kept.
    pub fn path(db: &Path) -> PathBuf {
        let mut name = db.as_os_str().to_owned();
        name.push(".key");
        PathBuf::from(name)
    }

    /// The key kept beside the register at `db`; `None` when it has none.
    pub fn load(db: &Path) -> Result<Option<ShopKey>, KeyError> {
        let path = ShopKey::path(db);
        let text = match crate::guarded::read_text(&path, FILE_LIMIT) {
            Ok(text) => text,
            Err(e) if e.is_not_found() => return Ok(None),
            Err(crate::guarded::ReadError::Io(source)) => {
                return Err(KeyError::Io { path, source });
            }
            Err(_) => return Err(KeyError::NotAKey { path }),
        };
        match from_hex(text.trim()) {
            Some(key) => Ok(Some(ShopKey(key))),
            None => Err(KeyError::NotAKey { path }),
        }
    }

    /// Keeps the key beside the register at `db`, readable by its owner only (on Windows, a
    /// new file in the user's own folder is theirs alone).
    pub fn save(&self, db: &Path) -> io::Result<()> {
        let path = ShopKey::path(db);
        let mut file = crate::guarded::NewFile::private(&path)?;
        writeln!(file, "{}", hex(self.0))?;
        file.replace(&path)
    }

    /// The key as a person types it: 55 letters and digits in groups of five.
    pub fn join_code(&self) -> String {
        let mut bytes = self.0.to_vec();
        bytes.extend_from_slice(&Sha256::digest(self.0)[..CHECK]);
        let letters = base32(&bytes);
        letters
            .as_bytes()
            .chunks(5)
            .map(|group| String::from_utf8_lossy(group).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// The key a join code holds; `None` for a code mistyped (any case, dashes and spaces
    /// anywhere; `O`, `I` and `L` read as `0`, `1`, `1`).
    pub fn from_join_code(code: &str) -> Option<ShopKey> {
        let mut bits = 0u32;
        let mut held = 0u32;
        let mut bytes = Vec::new();
        for c in code.chars().filter(|c| !matches!(c, '-' | ' ')) {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let value = LETTERS.iter().position(|&l| char::from(l) == c)?;
            bits = (bits << 5) | value as u32;
            held += 5;
            if held >= 8 {
                held -= 8;
                bytes.push((bits >> held) as u8);
                bits &= (1 << held) - 1;
            }
        }
        let (key, check) = bytes.split_at_checked(32)?;
        let key: [u8; 32] = key.try_into().ok()?;
        (check == &Sha256::digest(key)[..CHECK]).then_some(ShopKey(key))
    }

    /// A short name of the key, the same on every computer that holds it (never the key).
    pub fn fingerprint(&self) -> String {
        let mut sealer = self.sealer();
        sealer.update(b"kundreg fingerprint");
        hex(&sealer.finalize().into_bytes()[..4])
    }

    /// A MAC being computed under the key.
    pub fn sealer(&self) -> Sealer {
        // HMAC takes a key of any length.
        <Sealer as KeyInit>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!())
    }

    /// `text` with its MAC as a last line (a text that does not end its last line is given a
    /// line end first: the MAC is a line of its own).
    pub fn seal_text(&self, text: &str) -> String {
        let mut body = text.to_string();
        if !body.is_empty() && !body.ends_with('\n') {
            body.push('\n');
        }
        let mut sealer = self.sealer();
        sealer.update(body.as_bytes());
        format!("{body}{MAC_LINE}{}\n", hex(sealer.finalize().into_bytes()))
    }

    /// The text a sealed text holds; `None` when it was not sealed under this key (or was
    /// changed since).
    pub fn open_text<'a>(&self, sealed: &'a str) -> Option<&'a str> {
        let body_end = sealed.strip_suffix('\n')?.rfind('\n').map_or(0, |i| i + 1);
        let (body, last) = sealed.split_at(body_end);
        let mac: [u8; MAC_LEN] = from_hex(last.strip_prefix(MAC_LINE)?.trim_end())?;
        let mut sealer = self.sealer();
        sealer.update(body.as_bytes());
        sealer.verify_slice(&mac).ok().map(|()| body)
    }
}

/// `bytes` in Crockford's base 32, without padding.
fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut bits, mut held) = (0u32, 0u32);
    for &byte in bytes {
        bits = (bits << 8) | u32::from(byte);
        held += 8;
        while held >= 5 {
            held -= 5;
            out.push(char::from(LETTERS[((bits >> held) & 31) as usize]));
        }
        bits &= (1 << held) - 1;
    }
    if held > 0 {
        out.push(char::from(LETTERS[((bits << (5 - held)) & 31) as usize]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_join_code_gives_back_its_key_and_a_mistyped_one_nothing() {
        let key = ShopKey::new().unwrap();
        let code = key.join_code();
        assert_eq!(code.len(), 55 + 10);
        assert_eq!(ShopKey::from_join_code(&code), Some(key.clone()));
        let typed = code.to_lowercase().replace('-', " ").replace('0', "o");
        assert_eq!(ShopKey::from_join_code(&typed), Some(key.clone()));
        let first = code.chars().next().unwrap();
        let other = if first == 'A' { 'B' } else { 'A' };
        let mistyped = format!("{other}{}", &code[1..]);
        assert_eq!(ShopKey::from_join_code(&mistyped), None);
        assert_eq!(ShopKey::from_join_code(&code[..code.len() - 6]), None);
        assert_eq!(ShopKey::from_join_code("ÅÄÖ"), None);
    }

    #[test]
    fn a_sealed_text_opens_only_under_its_key_and_unchanged() {
        let (key, other) = (ShopKey::new().unwrap(), ShopKey::new().unwrap());
        let sealed = key.seal_text("kundreg epoch\nepoch: 1\nend\n");
        assert_eq!(
            key.open_text(&sealed),
            Some("kundreg epoch\nepoch: 1\nend\n")
        );
        assert_eq!(other.open_text(&sealed), None);
        assert_eq!(key.open_text(&sealed.replace("1", "2")), None);
        assert_eq!(key.open_text("kundreg epoch\nepoch: 1\nend\n"), None);
        assert_eq!(key.open_text(""), None);
        // A last line without its end is given one; an empty text stays empty.
        assert_eq!(key.open_text(&key.seal_text("R\u{3}")), Some("R\u{3}\n"));
        assert_eq!(key.open_text(&key.seal_text("")), Some(""));
    }

    #[test]
    fn a_key_is_kept_beside_its_register() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kunder.redb");
        assert_eq!(ShopKey::load(&db).unwrap(), None);
        let key = ShopKey::new().unwrap();
        key.save(&db).unwrap();
        assert_eq!(ShopKey::load(&db).unwrap(), Some(key));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(ShopKey::path(&db))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "the key is readable by its owner only");
        }
        std::fs::write(ShopKey::path(&db), "not a key").unwrap();
        assert!(matches!(ShopKey::load(&db), Err(KeyError::NotAKey { .. })));
    }
}
