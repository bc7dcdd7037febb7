//! Text → header and rows, and the shop's columns file: no panic, and every row read is
//! either a valid row or a row error; the same bytes as rows of each system's export too
//! (its choices between columns, further lines and split cells).
#![no_main]

use kundreg::columns::ShopColumns;
use kundreg::input::Input;
use kundreg::parse::{ParsedFile, parse};
use kundreg::read::{Decoded, Encoding};
use kundreg::systems::{Meaning, SYSTEMS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // The same bytes as a columns file, then as a list read by it.
    let shop = ShopColumns::parse("kolumner.txt", bytes);
    for shop in [ShopColumns::default(), shop] {
        if let Ok(input) = Input::from_bytes_by("f.csv", bytes, &shop) {
            holds(&input.parsed);
        }
    }
    // The bytes as rows under each system's header (one of its names for each meaning: the
    // older and newer names of one column are never in one file).
    for system in SYSTEMS {
        let mut seen = Vec::new();
        let header: Vec<&str> = system
            .columns()
            .filter(|(name, meaning)| {
                let first = !seen.contains(meaning);
                seen.push(*meaning);
                !name.ends_with('*') && (first || matches!(meaning, Meaning::NotKept))
            })
            .map(|(name, _)| name)
            .collect();
        let text = [header.join(",").as_bytes(), b"\n", bytes].concat();
        let decoded = Decoded::new(&text[..], Encoding::Utf8);
        if let Ok(parsed) = parse(decoded, &ShopColumns::default()) {
            holds(&parsed);
        }
    }
});

/// Every row read is a row or a row error; no more addresses kept whole than rows.
fn holds(parsed: &ParsedFile) {
    if parsed.file_errors.is_empty() {
        assert_eq!(
            parsed.rows.len() + parsed.row_errors.len(),
            parsed.rows_read
        );
    }
    assert!(parsed.unclear_address_count <= parsed.rows.len() as u64);
}
