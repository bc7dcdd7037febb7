//! `kundreg ui`: the address of the screen the daemon serves for this register (with the
//! per-start secret that lets this computer's owner in), opened in the default browser where
//! there is one.

use crate::cmd::{Settings, note, say};
use crate::error::Error;
use crate::screen::{Problem, address_file};

/// The longest address file read (it holds one line).
const LIMIT: u64 = 1024;

/// Prints the running screen's address and opens it.
pub fn run(settings: &Settings) -> Result<(), Error> {
    let file = address_file(&settings.db);
    // No file (or one that is not the screen's) is no screen running.
    let Ok(text) = crate::guarded::read_text(&file, LIMIT) else {
        return Err(Error::Screen(Problem::NotRunning));
    };
    let url = text.trim().to_string();
    if !answers(&url) {
        return Err(Error::Screen(Problem::NotRunning));
    }
    say(&url)?;
    if !open_in_browser(&url) {
        note(settings.texts.screen.no_browser);
    }
    Ok(())
}

/// Whether a screen answers at `url` (a daemon stopped without a word leaves its file).
fn answers(url: &str) -> bool {
    let address = ["http://127.0.0.1:", "http://[::1]:"]
        .iter()
        .find_map(|start| {
            let rest = url.strip_prefix(start)?;
            let port: u16 = rest.split('/').next()?.parse().ok()?;
            let ip = if start.contains('[') {
                std::net::Ipv6Addr::LOCALHOST.into()
            } else {
                std::net::Ipv4Addr::LOCALHOST.into()
            };
            Some(std::net::SocketAddr::new(ip, port))
        });
    address.is_some_and(|a| {
        std::net::TcpStream::connect_timeout(&a, std::time::Duration::from_secs(2)).is_ok()
    })
}

/// Opens `url` in the default browser, where this computer has a screen to show it on.
fn open_in_browser(url: &str) -> bool {
    let mut command = if cfg!(windows) {
        let mut c = std::process::Command::new("rundll32");
        c.args(["url.dll,FileProtocolHandler", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let desktop = ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|v| !v.is_empty()));
        if !desktop {
            return false;
        }
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}
