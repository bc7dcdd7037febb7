//! A workbook's cell as the text a customer list holds: text as written, whole numbers
//! without `.0`, other numbers in their shortest exact decimal form, dates as `YYYY-MM-DD`
//! (a time after them where there is one), booleans as `TRUE`/`FALSE`, a formula by its
//! saved value, an error by Excel's own word for it (`#N/A`), which a row's check then
//! refuses.

use calamine::{Data, DataRef, ExcelDateTime};

/// A cell's text, and whether the workbook stores it as a number.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CellText {
    pub text: String,
    pub number: bool,
}

/// The text of `cell`.
pub fn cell_text(cell: DataRef<'_>) -> CellText {
    let (text, number) = match cell {
        DataRef::Empty => (String::new(), false),
        DataRef::String(s) => (s, false),
        DataRef::SharedString(s) => (s.to_string(), false),
        DataRef::Int(i) => (i.to_string(), true),
        DataRef::Float(f) => (number_text(f), true),
        DataRef::Bool(b) => ((if b { "TRUE" } else { "FALSE" }).to_string(), false),
        DataRef::DateTime(d) => (date_text(&d), false),
        DataRef::DateTimeIso(s) => (s.replacen('T', " ", 1), false),
        DataRef::DurationIso(s) => (s, false),
        DataRef::Error(e) => (e.to_string(), false),
    };
    CellText { text, number }
}

/// The text of a laid-out cell, as [`cell_text`] gives a streamed one's.
pub fn data_text(cell: &Data) -> CellText {
    cell_text(match cell {
        Data::Empty => DataRef::Empty,
        Data::String(s) => DataRef::SharedString(s),
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
    })
}

/// A number as a person writes it: `101`, not `101.0`; `0.1`, not `0.1000000000000000055`.
pub(super) fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        // Rust writes the shortest decimal that reads back as the same number.
        format!("{f}")
    }
}

/// A date as `YYYY-MM-DD`, with ` HH:MM` (and `:SS`) where the cell has a time of day; a
/// duration as its number of days.
fn date_text(d: &ExcelDateTime) -> String {
    if d.is_duration() {
        return number_text(d.as_f64());
    }
    let (year, month, day, hour, minute, second, _) = d.to_ymd_hms_milli();
    let date = format!("{year:04}-{month:02}-{day:02}");
    match (hour, minute, second) {
        (0, 0, 0) => date,
        (h, m, 0) => format!("{date} {h:02}:{m:02}"),
        (h, m, s) => format!("{date} {h:02}:{m:02}:{s:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTimeType};

    fn text(cell: DataRef<'_>) -> String {
        cell_text(cell).text
    }

    #[test]
    fn cells_read_as_a_person_wrote_them() {
        assert_eq!(text(DataRef::Float(101.0)), "101");
        assert_eq!(text(DataRef::Float(702223344.0)), "702223344");
        assert_eq!(text(DataRef::Float(1.5)), "1.5");
        assert_eq!(text(DataRef::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(text(DataRef::Float(0.1)), "0.1");
        assert_eq!(text(DataRef::Int(-7)), "-7");
        assert_eq!(text(DataRef::SharedString("0701234567")), "0701234567");
        assert_eq!(text(DataRef::Bool(true)), "TRUE");
        assert_eq!(text(DataRef::Error(CellErrorType::NA)), "#N/A");
        assert_eq!(
            text(DataRef::DateTimeIso("2024-03-15".into())),
            "2024-03-15"
        );
        let date = |value| {
            DataRef::DateTime(ExcelDateTime::new(
                value,
                ExcelDateTimeType::DateTime,
                false,
            ))
        };
        assert_eq!(text(date(45366.0)), "2024-03-15");
        assert_eq!(text(date(45366.5)), "2024-03-15 12:00");
        assert!(cell_text(DataRef::Float(1.0)).number);
        assert!(!cell_text(DataRef::String("1".into())).number);
    }
}
