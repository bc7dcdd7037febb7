//! The console examples in the README, the guide and `docs/` run as written: every line that
//! starts with `$ kundreg` in a ```` ```console ```` block is run through the binary (in a
//! folder of its own per document, holding a copy of `examples/`), and what it prints must be
//! the lines below it, up to the next command. Times (`2026-11-24 18:31`) may differ; nothing
//! else may.

mod common;

use std::fs;
use std::path::Path;

use common::Workdir;

/// The documents whose console examples are checked.
const DOCUMENTS: &[&str] = &[
    "README.md",
    "GUIDE.md",
    "docs/reference.md",
    "docs/design.md",
    "docs/benchmarks.md",
];

/// One command of an example and what it prints.
struct Example {
    line: usize,
    command: String,
    prints: Vec<String>,
}

/// The examples of `text`'s console blocks, in order.
fn examples(text: &str) -> Vec<Example> {
    let mut found: Vec<Example> = Vec::new();
    let mut in_block = false;
    for (i, line) in text.lines().enumerate() {
        match (in_block, line.trim_end()) {
            (false, "```console") => in_block = true,
            (true, "```") => in_block = false,
            (true, line) => match line.strip_prefix("$ ") {
                Some(command) => found.push(Example {
                    line: i + 1,
                    command: command.to_string(),
                    prints: Vec::new(),
                }),
                None => {
                    if let Some(example) = found.last_mut() {
                        example.prints.push(line.to_string());
                    }
                }
            },
            _ => {}
        }
    }
    for example in &mut found {
        // A blank line separates one command's output from the next command.
        while example.prints.last().is_some_and(String::is_empty) {
            example.prints.pop();
        }
    }
    found
}

/// `text` with every time of day (`YYYY-MM-DD HH:MM`) the same.
fn timeless(text: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    let shape = "dddd-dd-dd dd:dd";
    let mut i = 0;
    while i < chars.len() {
        let fits = chars.len() - i >= shape.len()
            && shape.chars().zip(&chars[i..]).all(|(s, c)| match s {
                'd' => c.is_ascii_digit(),
                s => s == *c,
            });
        if fits {
            out.push_str("YYYY-MM-DD HH:MM");
            i += shape.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn every_console_example_prints_what_the_docs_say() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for document in DOCUMENTS {
        let text = fs::read_to_string(root.join(document)).unwrap();
        let w = Workdir::new();
        copy_folder(&root.join("examples"), &w.path("examples"));
        for example in examples(&text) {
            let words: Vec<&str> = example.command.split_whitespace().collect();
            let Some(("kundreg", args)) = words.split_first().map(|(p, a)| (*p, a)) else {
                panic!("{document}:{}: not a kundreg command", example.line);
            };
            let run = w.run(args);
            let printed = format!("{}{}", run.stdout, run.stderr);
            let printed: Vec<&str> = printed.lines().map(str::trim_end).collect();
            let expected = example.prints.join("\n");
            assert_eq!(
                timeless(&printed.join("\n")),
                timeless(&expected),
                "{document}:{}: $ {}",
                example.line,
                example.command
            );
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} examples found");
}

#[test]
fn the_reference_lists_every_column_name_kundreg_reads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = fs::read_to_string(root.join("docs/reference.md")).unwrap();
    for field in kundreg::field::Field::ALL {
        let key = format!("(`{}`)", field.key());
        let row = reference
            .lines()
            .find(|l| l.trim_start().starts_with('|') && l.contains(&key))
            .unwrap_or_else(|| panic!("no row for {key}"));
        let listed: Vec<&str> = row
            .rsplit('|')
            .nth(1)
            .unwrap()
            .split(',')
            .map(str::trim)
            .collect();
        assert_eq!(listed, field.names(), "{row}");
    }
}

#[test]
fn the_reference_lists_every_system_and_its_columns() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = fs::read_to_string(root.join("docs/reference.md")).unwrap();
    for system in kundreg::systems::SYSTEMS {
        let head = format!("**{}** (`{}`), columns as of ", system.name, system.key);
        let at = reference
            .find(&head)
            .unwrap_or_else(|| panic!("no entry {head}"));
        let entry = &reference[at..];
        let entry = &entry[..entry.find("\n  - ").unwrap_or(entry.len())];
        for (name, _) in system.columns() {
            assert!(
                entry.contains(&format!("`{name}`")),
                "{} {name}",
                system.key
            );
        }
    }
}
