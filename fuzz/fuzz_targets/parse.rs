//! Text → header and rows, and the shop's columns file: no panic, and every row read is
//! either a valid row or a row error.
#![no_main]

use kundreg::columns::ShopColumns;
use kundreg::input::Input;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // The same bytes as a columns file, then as a list read by it.
    let shop = ShopColumns::parse("kolumner.txt", bytes);
    for shop in [ShopColumns::default(), shop] {
        let Ok(input) = Input::from_bytes_by("f.csv", bytes, &shop) else {
            return;
        };
        let parsed = &input.parsed;
        if parsed.file_errors.is_empty() {
            assert_eq!(
                parsed.rows.len() + parsed.row_errors.len(),
                parsed.rows_read
            );
        }
    }
});
