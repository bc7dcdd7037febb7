//! What a name in the inbox is: an input, a confirm or cancel, one of kundreg's previews, or
//! something never read (temp, lock and metadata files of editors, sync clients and operating
//! systems). Names only: no file is touched here.

/// Suffixes of kundreg's previews beside an input.
pub const PREVIEW_TXT: &str = ".preview.txt";
pub const PREVIEW_HTML: &str = ".preview.html";

/// What a person asks for by creating a file next to an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Signal {
    Confirm,
    Cancel,
}

/// What a name in the inbox is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Name {
    /// A customer file (`.csv`, `.txt`, or a workbook `.xlsx`, `.xlsm`, `.xls`, `.ods`);
    /// `conflict_copy` when a sync client made it.
    Input { conflict_copy: bool },
    /// A spreadsheet kundreg cannot read (Apple's Numbers): it gets a preview saying how to
    /// save it as a workbook kundreg reads.
    Spreadsheet,
    /// `TARGET.confirm` or `TARGET.cancel` (also with `.txt` after it, as Windows names a new
    /// text file); TARGET is an input's full name or its stem.
    Signal {
        signal: Signal,
        target: String,
        conflict_copy: bool,
    },
    /// kundreg's own preview of the input named `input`.
    Preview { input: String },
    /// Never read.
    Ignored,
}

/// Classifies a file name found in the inbox.
pub fn classify(name: &str) -> Name {
    let lower = name.to_lowercase();
    if is_ignored(&lower) {
        return Name::Ignored;
    }
    for suffix in [PREVIEW_TXT, PREVIEW_HTML] {
        if let Some(input) = strip_suffix_ci(name, suffix) {
            return Name::Preview {
                input: input.to_string(),
            };
        }
    }
    if lower.ends_with(".receipt.txt") {
        return Name::Ignored;
    }
    let signal_name = strip_suffix_ci(name, ".txt").unwrap_or(name);
    for (suffix, signal) in [(".confirm", Signal::Confirm), (".cancel", Signal::Cancel)] {
        if let Some(target) = strip_suffix_ci(signal_name, suffix).filter(|t| !t.is_empty()) {
            return Name::Signal {
                signal,
                target: target.to_string(),
                conflict_copy: is_conflict_copy(&lower),
            };
        }
    }
    match extension(&lower) {
        Some("csv" | "txt" | "xlsx" | "xlsm" | "xls" | "ods") => Name::Input {
            conflict_copy: is_conflict_copy(&lower),
        },
        Some("numbers") => Name::Spreadsheet,
        _ => Name::Ignored,
    }
}

/// The names of the previews of `input`.
pub fn previews(input: &str) -> [String; 2] {
    [
        format!("{input}{PREVIEW_TXT}"),
        format!("{input}{PREVIEW_HTML}"),
    ]
}

/// A name without its last extension.
pub fn stem(name: &str) -> &str {
    match name.rfind('.') {
        Some(0) | None => name,
        Some(dot) => &name[..dot],
    }
}

/// Whether `target` (from `TARGET.confirm`) names `input`: its full name, or its stem when no
/// other of `inputs` shares that stem. Letter case is not significant (Windows shares).
pub fn names_input<'a>(target: &str, input: &str, inputs: impl Iterator<Item = &'a str>) -> bool {
    let target = target.to_lowercase();
    if target == input.to_lowercase() {
        return true;
    }
    let same_stem = |name: &str| stem(name).to_lowercase() == target;
    same_stem(input) && inputs.filter(|name| same_stem(name)).count() == 1
}

/// The lock files an editor keeps beside `input` while it is open: Excel's `~$NAME` (for long
/// names Excel drops the first two letters) and LibreOffice's `.~lock.NAME#`.
pub fn editor_locks(input: &str) -> Vec<String> {
    let mut locks = vec![format!("~${input}"), format!(".~lock.{input}#")];
    let mut chars = input.chars();
    chars.next();
    chars.next();
    if !chars.as_str().is_empty() {
        locks.push(format!("~${}", chars.as_str()));
    }
    locks
}

/// Names of temp, lock and metadata files (`lower` is the name in lowercase).
fn is_ignored(lower: &str) -> bool {
    const NAMES: [&str; 7] = [
        crate::columns::FILE_NAME,
        "desktop.ini",
        "thumbs.db",
        "icon\r",
        "readme.md",
        "readme.txt",
        "done",
    ];
    const ENDINGS: [&str; 14] = [
        ".tmp",
        ".temp",
        ".part",
        ".partial",
        ".crdownload",
        ".download",
        ".filepart",
        ".swp",
        ".bak",
        ".lnk",
        ".!sync",
        ".laccdb",
        "~",
        "#",
    ];
    lower.starts_with('.')
        || lower.starts_with('~')
        || NAMES.contains(&lower)
        || ENDINGS.iter().any(|e| lower.ends_with(e))
        || lower.contains(".tmp.drive")
        || lower.contains(".nextcloud")
        || lower.contains(".owncloud")
}

/// Copies a sync client makes when two computers changed one file (`lower` in lowercase):
/// Syncthing, Dropbox, Nextcloud and ownCloud, in English and Swedish.
fn is_conflict_copy(lower: &str) -> bool {
    const MARKS: [&str; 6] = [
        ".sync-conflict-",
        "conflicted copy",
        "conflict copy",
        "(case conflict",
        "konfliktkopia",
        "motstridig kopia",
    ];
    MARKS.iter().any(|m| lower.contains(m))
}

fn extension(lower: &str) -> Option<&str> {
    lower.rsplit_once('.').map(|(_, ext)| ext)
}

/// `name` without `suffix`, compared without regard to letter case.
fn strip_suffix_ci<'a>(name: &'a str, suffix: &str) -> Option<&'a str> {
    let split = name.len().checked_sub(suffix.len())?;
    (name.is_char_boundary(split) && name[split..].eq_ignore_ascii_case(suffix))
        .then(|| &name[..split])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> Name {
        Name::Input {
            conflict_copy: false,
        }
    }

    #[test]
    fn inputs_in_any_case() {
        assert_eq!(classify("kunder.csv"), input());
        assert_eq!(classify("Kunder.CSV"), input());
        assert_eq!(classify("inklistrat.txt"), input());
        assert_eq!(classify("kunder.numbers"), Name::Spreadsheet);
        assert!(matches!(classify("kunder.xlsx"), Name::Input { .. }));
        assert_eq!(classify("bild.png"), Name::Ignored);
    }

    #[test]
    fn temp_lock_and_metadata_names_are_never_read() {
        for name in [
            "~$kunder.csv",
            ".~lock.kunder.csv#",
            ".kunder.csv.swp",
            "kunder.csv.tmp",
            "kunder.csv.part",
            "kunder.csv.crdownload",
            "kunder.csv.filepart",
            ".syncthing.kunder.csv.tmp",
            "desktop.ini",
            "Thumbs.db",
            ".DS_Store",
            "._kunder.csv",
            "kunder.csv~",
            "README.md",
            "kunder.csv.receipt.txt",
            "~kunder.csv",
        ] {
            assert_eq!(classify(name), Name::Ignored, "{name}");
        }
    }

    #[test]
    fn previews_and_signals() {
        assert_eq!(
            classify("kunder.csv.preview.txt"),
            Name::Preview {
                input: "kunder.csv".into()
            }
        );
        for (name, target) in [
            ("kunder.csv.confirm", "kunder.csv"),
            ("kunder.confirm", "kunder"),
            ("kunder.csv.CONFIRM.txt", "kunder.csv"),
        ] {
            assert_eq!(
                classify(name),
                Name::Signal {
                    signal: Signal::Confirm,
                    target: target.into(),
                    conflict_copy: false
                },
                "{name}"
            );
        }
        assert!(matches!(
            classify("kunder.cancel"),
            Name::Signal {
                signal: Signal::Cancel,
                ..
            }
        ));
        assert_eq!(classify(".confirm"), Name::Ignored);
    }

    #[test]
    fn conflict_copies() {
        for name in [
            "kunder.sync-conflict-20261124-101010-ABCDEFG.csv",
            "kunder (Kassans konfliktkopia 2026-11-24).csv",
            "kunder (Till's conflicted copy 2026-11-24).csv",
        ] {
            assert_eq!(
                classify(name),
                Name::Input {
                    conflict_copy: true
                },
                "{name}"
            );
        }
        assert!(matches!(
            classify("kunder.csv.sync-conflict-20261124-101010-ABCDEFG.confirm"),
            Name::Signal {
                conflict_copy: true,
                ..
            }
        ));
    }

    #[test]
    fn a_stem_names_an_input_only_when_no_other_shares_it() {
        let inputs = ["kunder.csv", "nya.csv", "nya.txt"];
        assert!(names_input("kunder", "kunder.csv", inputs.into_iter()));
        assert!(names_input("Kunder.csv", "kunder.csv", inputs.into_iter()));
        assert!(!names_input("nya", "nya.csv", inputs.into_iter()));
        assert!(names_input("nya.csv", "nya.csv", inputs.into_iter()));
        assert!(!names_input("kund", "kunder.csv", inputs.into_iter()));
    }

    #[test]
    fn editor_locks_of_long_and_short_names() {
        let locks = editor_locks("kundlista.csv");
        assert!(locks.contains(&"~$kundlista.csv".to_string()));
        assert!(locks.contains(&"~$ndlista.csv".to_string()));
        assert!(locks.contains(&".~lock.kundlista.csv#".to_string()));
    }
}
