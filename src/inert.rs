//! Text that cannot act: what others wrote (cells, file names, computer names) reaches a
//! terminal or the log with its control characters shown, never obeyed (an escape sequence in
//! a file name could recolour a terminal or forge a log line), and a command kundreg suggests
//! quotes each word so that pasting it runs nothing else.

use std::borrow::Cow;

/// Whether `c` would act rather than show: C0 and C1 control characters, DEL, and the
/// characters that reorder text (a name could show as another).
fn acts(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character that would act shown as an escape (`\x1b`, `\u{202e}`).
pub fn visible(text: &str) -> Cow<'_, str> {
    shown(text, acts)
}

/// [`visible`], but line breaks are kept: for a whole message of several lines.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    shown(text, |c| c != '\n' && acts(c))
}

fn shown(text: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escape) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !escape(c) => out.push(c),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    out.into()
}

/// `word` as one word a shell takes literally: on Unix in single quotes (inside which no
/// shell expands anything) unless it is plain; on Windows in double quotes, with PowerShell's
/// `$` and backtick escaped (cmd.exe runs nothing inside double quotes, and Windows names hold
/// no double quote).
pub fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-:,+=@".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        return word.to_string();
    }
    if cfg!(windows) {
        let mut out = String::from("\"");
        for c in visible(word).chars() {
            match c {
                '$' | '`' => out.extend(['`', c]),
                '"' => out.push_str("`\""),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    } else {
        // Control characters are shown, not kept: a pasted command must not carry them.
        format!("'{}'", visible(word).replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_reordering_are_shown_not_obeyed() {
        assert_eq!(visible("Anna"), "Anna");
        assert!(matches!(visible("Åsa Öberg"), Cow::Borrowed(_)));
        assert_eq!(visible("evil\x1b[31m.csv"), r"evil\x1b[31m.csv");
        assert_eq!(visible("a\nb\r"), r"a\x0ab\x0d");
        assert_eq!(visible_lines("a\nb\x07"), "a\nb\\x07");
        assert_eq!(visible("fil\u{202e}vsc.exe"), r"fil\u{202e}vsc.exe");
        assert_eq!(visible("\u{9b}2J"), r"\u{9b}2J");
    }

    #[cfg(unix)]
    #[test]
    fn a_suggested_word_runs_nothing_when_pasted() {
        assert_eq!(shell_word("/srv/kundreg.redb"), "/srv/kundreg.redb");
        assert_eq!(shell_word("a$(touch PWNED).csv"), "'a$(touch PWNED).csv'");
        assert_eq!(shell_word("it's.csv"), r"'it'\''s.csv'");
        assert_eq!(shell_word("kunder 2.csv"), "'kunder 2.csv'");
        assert_eq!(shell_word(""), "''");
        for word in [
            "a$(touch PWNED).csv",
            "x`id`",
            "it's",
            "a\"b",
            "$HOME",
            "a;b&c|d",
            "ä ö",
        ] {
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("printf %s {}", shell_word(word)))
                .output()
                .unwrap();
            assert_eq!(String::from_utf8(out.stdout).unwrap(), word);
        }
    }
}
