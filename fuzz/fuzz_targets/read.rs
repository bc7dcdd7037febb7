//! Bytes → decoded text: the encoding is found and the text decoded without a panic, as
//! UTF-8 with `\n` line ends only, ending in a line break.
#![no_main]

use std::io::Read;

use kundreg::read::{Decoded, inspect};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(found) = inspect(bytes) else { return };
    assert_eq!(found.size, bytes.len() as u64);
    let mut text = String::new();
    Decoded::new(bytes, found.encoding)
        .read_to_string(&mut text)
        .expect("bytes in memory always decode");
    assert!(!text.contains('\r'));
    assert!(text.is_empty() || text.ends_with('\n'));
});
