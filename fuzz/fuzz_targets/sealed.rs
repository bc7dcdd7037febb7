//! The shop key's formats on arbitrary bytes: a framed file's MAC checked, a sealed text
//! opened, a join code read — refused or accepted, never a panic — and what is sealed with the
//! key (a text, a framed file of the bytes) always opens again as it was.
#![no_main]

use std::sync::OnceLock;

use kundreg::shared::frames::{FrameReader, FrameWriter, Kind, verify};
use kundreg::shared::key::ShopKey;
use libfuzzer_sys::fuzz_target;

const KIND: Kind = Kind {
    what: "fuzz",
    magic: b"kundreg fuzz\n",
    format: 1,
};

fn key() -> &'static ShopKey {
    static KEY: OnceLock<ShopKey> = OnceLock::new();
    KEY.get_or_init(|| ShopKey::new().expect("a key from the system's randomness"))
}

fuzz_target!(|bytes: &[u8]| {
    let key = key();
    assert!(verify(bytes, key).is_err(), "arbitrary bytes carried the key's MAC");
    let text = String::from_utf8_lossy(bytes);
    assert_eq!(key.open_text(&text), None, "an arbitrary text carried the key's MAC");
    if let Some(read) = ShopKey::from_join_code(&text) {
        assert_eq!(ShopKey::from_join_code(&read.join_code()), Some(read));
    }
    let sealed = key.seal_text(&text);
    let ended = if text.is_empty() || text.ends_with('\n') {
        text.to_string()
    } else {
        format!("{text}\n")
    };
    assert_eq!(key.open_text(&sealed), Some(ended.as_str()));

    let mut writer = FrameWriter::new(Vec::new(), KIND, bytes, key).expect("written");
    writer.frame(bytes).expect("a frame");
    let (file, _) = writer.finish(&[]).expect("finished");
    verify(file.as_slice(), key).expect("sealed with the key");
    let (mut reader, header) = FrameReader::open(file.as_slice(), KIND).expect("opened");
    assert_eq!(header, bytes);
    let frame = reader.next_frame().expect("a frame read");
    assert_eq!(frame.unwrap_or_default(), bytes);
    let []: [u8; 0] = reader.end().expect("the end part");
    reader.finish().expect("whole");
});
