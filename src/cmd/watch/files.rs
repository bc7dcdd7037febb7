//! The files kundreg writes in the inbox and in `done/`: previews (written as
//! [`crate::guarded`] writes, so no one opens half a preview and no link is followed), the
//! marks a preview carries, receipts, and moving a finished input away without ever
//! overwriting a file.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::guarded;
use crate::plan::Fingerprint;
use crate::report::{
    GENERATOR, META_COLUMNS, META_FINGERPRINT, META_SHA256, Preview, write_html, write_text,
};

use super::names::previews;

/// Bytes of a preview read to find its marks (they are in its first lines).
const HEAD: u64 = 8 * 1024;

/// What a preview page showed: the file's SHA-256 and the plan's fingerprint (none for a file
/// that cannot be imported).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marks {
    pub sha256: [u8; 32],
    pub fingerprint: Option<Fingerprint>,
    /// The SHA-256 of the columns file the input was read by, if there was one.
    pub columns: Option<[u8; 32]>,
}

/// Writes both previews of the input `name` in `inbox`.
/// `shown` runs once the first page (the HTML, which carries the marks a confirm is held to)
/// is in place, before the text page is written.
pub fn write_previews(
    inbox: &Path,
    name: &str,
    preview: &Preview<'_>,
    shown: impl FnOnce(),
) -> io::Result<()> {
    let [txt, html] = previews(name);
    guarded::write(&inbox.join(html), |out| write_html(preview, out))?;
    shown();
    guarded::write(&inbox.join(txt), |out| write_text(preview, out, false))
}

/// Writes both previews of `name` as a message only: for a file kundreg does not read.
pub fn write_message(
    inbox: &Path,
    name: &str,
    title: &str,
    lines: &[String],
    lang: &str,
) -> io::Result<()> {
    let [txt, html] = previews(name);
    guarded::write(&inbox.join(html), |out| {
        let escape = crate::report::escape;
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <meta name=\"generator\" content=\"{GENERATOR}\"><title>{}</title></head>\
             <body style=\"font-family:system-ui,sans-serif;margin:2em\">\n<h1>{}</h1>\n",
            escape(title),
            escape(title)
        )?;
        for line in lines {
            writeln!(out, "<p>{}</p>", escape(line))?;
        }
        writeln!(out, "</body></html>")
    })?;
    guarded::write(&inbox.join(txt), |out| {
        writeln!(out, "{title}\n")?;
        lines.iter().try_for_each(|line| writeln!(out, "{line}"))
    })
}

/// The marks of the HTML preview at `path`; `None` when there is none or it is not kundreg's.
pub fn read_marks(path: &Path) -> Option<Marks> {
    let head = read_head(path)?;
    if !head.contains(&format!("name=\"generator\" content=\"{GENERATOR}\"")) {
        return None;
    }
    Some(Marks {
        sha256: meta(&head, META_SHA256)?,
        fingerprint: meta(&head, META_FINGERPRINT).map(Fingerprint),
        columns: meta(&head, META_COLUMNS),
    })
}

/// Whether the preview at `path` was written by kundreg (an HTML page with kundreg's mark, a
/// text starting with one of `titles`): only those are ever removed.
pub fn is_ours(path: &Path, titles: &[String]) -> bool {
    let Some(head) = read_head(path) else {
        return false;
    };
    if path.extension().is_some_and(|e| e == "html") {
        return head.contains(&format!("name=\"generator\" content=\"{GENERATOR}\""));
    }
    head.lines()
        .take(20)
        .any(|line| titles.iter().any(|t| line == t))
}

fn read_head(path: &Path) -> Option<String> {
    let mut head = Vec::new();
    guarded::open(path)
        .ok()?
        .0
        .take(HEAD)
        .read_to_end(&mut head)
        .ok()?;
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// The 32 bytes in hex of `<meta name="NAME" content="…">`.
fn meta(head: &str, name: &str) -> Option<[u8; 32]> {
    let key = format!("name=\"{name}\" content=\"");
    let start = head.find(&key)? + key.len();
    let hex = head.get(start..start + 64)?;
    let mut bytes = [0u8; 32];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(bytes)
}

/// The folder `done/<date>` in `inbox`, created if needed. A `done` that is a symbolic link or
/// not a folder is refused: nothing is moved through it.
pub fn done_folder(inbox: &Path, date: &str) -> io::Result<PathBuf> {
    let done = inbox.join("done");
    for folder in [done.clone(), done.join(date)] {
        match fs::symlink_metadata(&folder) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} is not a folder", folder.display()),
                ));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir(&folder)?,
            Err(e) => return Err(e),
        }
    }
    Ok(done.join(date))
}

/// A prefix under which none of `names` exists in `folder`: `PREFIX_`, else `PREFIX-2_`, ….
pub fn free_prefix(folder: &Path, prefix: &str, names: &[&str]) -> String {
    (1..)
        .map(|n| match n {
            1 => format!("{prefix}_"),
            n => format!("{prefix}-{n}_"),
        })
        .find(|p| {
            names
                .iter()
                .all(|name| fs::symlink_metadata(folder.join(format!("{p}{name}"))).is_err())
        })
        .unwrap_or_else(|| format!("{prefix}_"))
}

/// Moves `name` from `inbox` to `folder` as `prefix + name`; a file already gone is skipped,
/// a name already taken is never overwritten.
pub fn move_file(inbox: &Path, name: &str, folder: &Path, prefix: &str) -> io::Result<()> {
    let from = inbox.join(name);
    if fs::symlink_metadata(&from).is_err() {
        return Ok(());
    }
    // Checked again at each move: `done/` or its day could have been made a link since.
    for part in [folder, folder.parent().unwrap_or(folder)] {
        if !fs::symlink_metadata(part).is_ok_and(|meta| meta.is_dir()) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} is not a folder", part.display()),
            ));
        }
    }
    let to = folder.join(format!("{prefix}{name}"));
    if fs::symlink_metadata(&to).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists", to.display()),
        ));
    }
    fs::rename(from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_read_back_from_a_page() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.csv.preview.html");
        let sha = [7u8; 32];
        let fp = Fingerprint([9u8; 32]);
        fs::write(
            &path,
            format!(
                "<html><head><meta name=\"generator\" content=\"kundreg\">\
                 <meta name=\"{META_SHA256}\" content=\"{}\">\
                 <meta name=\"{META_FINGERPRINT}\" content=\"{fp}\">",
                Fingerprint(sha)
            ),
        )
        .unwrap();
        assert_eq!(
            read_marks(&path),
            Some(Marks {
                sha256: sha,
                fingerprint: Some(fp),
                columns: None,
            })
        );
        fs::write(&path, "<html>someone else's page</html>").unwrap();
        assert_eq!(read_marks(&path), None);
    }

    #[test]
    fn free_prefix_never_reuses_a_name() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(free_prefix(dir.path(), "v3", &["k.csv"]), "v3_");
        fs::write(dir.path().join("v3_k.csv"), "").unwrap();
        assert_eq!(free_prefix(dir.path(), "v3", &["k.csv"]), "v3-2_");
    }
}
