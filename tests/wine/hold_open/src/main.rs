//! `hold_open SOURCE TARGET`: creates TARGET with SOURCE's bytes, opened with share mode 0 (no
//! other process may open it to read, write or delete), prints `held`, and keeps it open until
//! its standard input closes. This is how Excel holds a workbook or CSV file it has open.

use std::io::{Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, source, target] = args.as_slice() else {
        eprintln!("usage: hold_open SOURCE TARGET");
        return ExitCode::from(2);
    };
    match hold(source, target) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hold_open: {e}");
            ExitCode::FAILURE
        }
    }
}

fn hold(source: &str, target: &str) -> std::io::Result<()> {
    let bytes = std::fs::read(source)?;
    let mut file = open_unshared(target)?;
    file.write_all(&bytes)?;
    file.flush()?;
    println!("held");
    std::io::stdout().flush()?;
    // Held until the test closes standard input.
    let mut rest = Vec::new();
    std::io::stdin().read_to_end(&mut rest)?;
    drop(file);
    Ok(())
}

#[cfg(windows)]
fn open_unshared(target: &str) -> std::io::Result<std::fs::File> {
    use std::os::windows::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .share_mode(0)
        .open(target)
}

#[cfg(not(windows))]
fn open_unshared(_target: &str) -> std::io::Result<std::fs::File> {
    Err(std::io::Error::other(
        "a Windows program: share modes exist only there",
    ))
}
