//! The benchmark's floor: the csv crate merely parsing a file, nothing else.
//!
//! `cargo run --release --example bare_parse -- FILE` prints the number of records.

use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args().nth(1).ok_or("usage: bare_parse FILE")?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(path)?;
    let mut record = csv::StringRecord::new();
    let mut records = 0u64;
    while reader.read_record(&mut record)? {
        records += 1;
    }
    println!("{records}");
    Ok(())
}
