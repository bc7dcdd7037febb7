//! Workbooks: the texts in English.

use crate::lang::workbook::WorkbookTexts;
use crate::workbook::WorkbookProblem;

pub static TEXTS: WorkbookTexts = WorkbookTexts {
    sheet: "Sheet",
    other_sheets: |sheets| {
        let named: Vec<String> = sheets
            .iter()
            .map(|(name, hidden)| match hidden {
                true => format!("{name} (hidden)"),
                false => name.clone(),
            })
            .collect();
        format!(
            "Other sheets with data, not read: {}. To read one instead, name it with --sheet, or move it first in the workbook.",
            named.join(", ")
        )
    },
    problem: |p| {
        match p {
        WorkbookProblem::Unreadable(why) => format!(
            "The workbook cannot be read ({why}). Open it in Excel and save it again as an Excel workbook (.xlsx)."
        ),
        WorkbookProblem::NoSuchSheet { asked, sheets } => format!(
            "The workbook has no sheet named \"{asked}\"; its sheets are: {}.",
            sheets.join(", ")
        ),
        WorkbookProblem::TooManyCells { cells } => format!(
            "The workbook's sheets span {cells} cells, more than the {} an .xls is read with (is a cell far from the others?). Open it in Excel and save it as an Excel workbook (.xlsx).",
            crate::workbook::MAX_XLS_CELLS
        ),
        WorkbookProblem::Encrypted => "The workbook is protected by a password. Open it in Excel, remove the password (File → Info → Protect Workbook → Encrypt with Password) and save it again.".to_string(),
        WorkbookProblem::TooLarge { part, bytes } => format!(
            "The workbook's part {part} unpacks to {} MB, more than the 512 MB kundreg reads (is it damaged?). Open it in Excel and save it again, or save it as CSV.",
            bytes >> 20
        ),
        WorkbookProblem::NoData => {
            "The workbook has no visible sheet with anything in it.".to_string()
        }
    }
    },
    sheet_ignored: |file| {
        format!("{file} is a text, not a workbook: it has no sheets, and --sheet is left unused.")
    },
    number_has_fraction: "a customer number is a whole number: the workbook holds one with decimals",
    stored_as_number: |field, lines| {
        format!(
            "{field}: the workbook stores it as a number, not as text ({lines}). A number loses leading zeros and spaces: format the column as text in Excel and save again."
        )
    },
    by_hand: |paths| {
        format!(
            "These workbooks name the customer, and kundreg does not rewrite a workbook: delete them or remove the customer from them by hand: {}",
            paths.join(", ")
        )
    },
};
