//! The workbook benchmark's floor, and its data: calamine merely reading a sheet's cells,
//! nothing else; and a CSV written out as a workbook of text cells.
//!
//! `cargo run --release --example bare_workbook -- read FILE.xlsx` prints the number of cells
//! with something in them (the first sheet's, streamed);
//! `cargo run --release --example bare_workbook -- make FILE.csv FILE.xlsx` writes the CSV's
//! rows as a workbook.

use std::error::Error;

use calamine::{DataRef, Reader, Xlsx, open_workbook};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [mode, file] if mode == "read" => read(file),
        [mode, csv, xlsx] if mode == "make" => make(csv, xlsx),
        _ => Err("usage: bare_workbook read FILE.xlsx | make FILE.csv FILE.xlsx".into()),
    }
}

fn read(file: &str) -> Result<(), Box<dyn Error>> {
    let mut workbook: Xlsx<_> = open_workbook(file)?;
    let sheet = workbook.sheet_names().first().cloned().ok_or("no sheet")?;
    let mut cells = workbook.worksheet_cells_reader(&sheet)?;
    let mut filled = 0u64;
    while let Some(cell) = cells.next_cell()? {
        if *cell.get_value() != DataRef::Empty {
            filled += 1;
        }
    }
    println!("{filled}");
    Ok(())
}

fn make(csv: &str, xlsx: &str) -> Result<(), Box<dyn Error>> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("Kunder")?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(csv)?;
    for (row, record) in (0u32..).zip(reader.records()) {
        for (column, cell) in (0u16..).zip(record?.iter()) {
            if !cell.is_empty() {
                sheet.write_string(row, column, cell)?;
            }
        }
    }
    workbook.save(xlsx)?;
    Ok(())
}
