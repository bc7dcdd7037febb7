//! Bytes → a workbook (Excel's, Excel 97–2003's or OpenDocument's) read as a customer list: no panic, an answer for every input — a file error for what is no workbook —
//! and every row read is a row or a row error.
#![no_main]

use kundreg::columns::ShopColumns;
use kundreg::input::Input;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let names = [("f.xlsx", None), ("f.xlsx", Some("Kunder")), ("f.xls", None), ("f.ods", None)];
    for (name, sheet) in names {
        let Ok(input) = Input::from_bytes_sheet(name, bytes, &ShopColumns::default(), sheet)
        else {
            continue;
        };
        let parsed = &input.parsed;
        if parsed.file_errors.is_empty() {
            assert_eq!(
                parsed.rows.len() + parsed.row_errors.len(),
                parsed.rows_read
            );
            assert!(parsed.sheet.is_some());
        }
    }
});
