//! Input files as users make them: encodings, delimiters, quotes, line endings, blank rows.

mod common;

use common::{Workdir, statuses};

fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'å' => 0xE5,
            'ä' => 0xE4,
            'ö' => 0xF6,
            'Å' => 0xC5,
            'Ä' => 0xC4,
            'Ö' => 0xD6,
            c if c.is_ascii() => c as u8,
            c => panic!("{c} not in test table"),
        })
        .collect()
}

#[test]
fn windows_1252_from_swedish_excel_is_read_and_said() {
    let w = Workdir::new();
    w.write(
        "kunder.csv",
        cp1252("kundnummer;förnamn;stad\r\n1;Åsa;Örebro\r\n2;Björn;Malmö\r\n"),
    );
    let p = w.preview_json("kunder.csv");
    assert_eq!(p["encoding"], "windows-1252");
    assert_eq!(p["delimiter"], ";");
    assert_eq!(p["rows"][0]["changes"]["first_name"]["new"], "Åsa");
    assert_eq!(p["rows"][1]["changes"]["city"]["new"], "Malmö");
    let text = w.expect(0, &["preview", "kunder.csv"]).stdout;
    assert!(text.contains("Windows-1252"), "{text}");
}

#[test]
fn a_utf8_bom_and_crlf_are_invisible() {
    let w = Workdir::new();
    w.write(
        "k.csv",
        "\u{feff}kundnummer,epost\r\n1,a@b.se\r\n".as_bytes(),
    );
    let p = w.preview_json("k.csv");
    assert_eq!(p["encoding"], "utf-8-bom");
    assert_eq!(p["columns"][0]["field"], "customer_number");
    assert_eq!(p["rows"][0]["customer_number"], "1");
    assert_eq!(p["rows"][0]["email"], "a@b.se");
}

#[test]
fn utf16_unicode_text_from_excel_is_read() {
    let w = Workdir::new();
    let text = "epost\tförnamn\r\nnils@epost.com\tNils\r\nstina@epost.com\tStina\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    w.write("klistrat.txt", bytes);
    let p = w.preview_json("klistrat.txt");
    assert_eq!(p["encoding"], "utf-16le");
    assert_eq!(p["delimiter"], "\t");
    assert_eq!(p["summary"]["new"], 2);
    assert_eq!(p["rows"][1]["changes"]["first_name"]["new"], "Stina");
}

#[test]
fn a_paste_with_tabs_and_the_help_pages_typos() {
    let w = Workdir::new();
    w.write(
        "paste.TXT",
        "epost\tförnamn\teftenamn\ttelefonnummer\nnils@epost.com\tNils\tKarlsson\t070123456\n",
    );
    let p = w.preview_json("paste.TXT");
    assert_eq!(p["columns"][2]["header"], "eftenamn");
    assert_eq!(p["columns"][2]["field"], "last_name");
    assert_eq!(p["columns"][2]["corrected"], true);
    assert_eq!(p["rows"][0]["changes"]["last_name"]["new"], "Karlsson");
    w.write("b.csv", "epost,kundummer,förnamn\nnils@epost.com,5,Nils\n");
    let p = w.preview_json("b.csv");
    assert_eq!(p["columns"][1]["field"], "customer_number");
    assert_eq!(p["columns"][1]["corrected"], true);
    let text = w.expect(0, &["preview", "b.csv"]).stdout;
    assert!(
        text.contains("\"kundummer\" was read as customer number"),
        "{text}"
    );
}

#[test]
fn quoted_cells_hold_delimiters_and_newlines_and_lines_are_physical() {
    let w = Workdir::new();
    w.write(
        "k.csv",
        "\r\nkundnr,anteckning,stad\r\n1,\"Ring, efter 17\r\nandra raden\",Lund\r\n\r\n,,,\r\n2,\"sa \"\"hej\"\"\",Ystad\r\n3,a,b,c\r\n",
    );
    let p = w.preview_json("k.csv");
    assert_eq!(
        statuses(&p),
        vec![(3, "new".into()), (7, "new".into()), (8, "error".into())]
    );
    assert_eq!(
        p["rows"][0]["changes"]["note"]["new"],
        "Ring, efter 17\nandra raden"
    );
    assert_eq!(p["rows"][1]["changes"]["note"]["new"], "sa \"hej\"");
    assert_eq!(p["rows"][2]["problem"], "extra_cells");
    assert!(p["rows"][2]["error"].as_str().unwrap().contains("4 values"));
}

#[test]
fn old_mac_line_endings_count_lines() {
    let w = Workdir::new();
    w.write("k.csv", "kundnr,stad\r1,Lund\r\r2,Ystad\r");
    let p = w.preview_json("k.csv");
    assert_eq!(statuses(&p), vec![(2, "new".into()), (4, "new".into())]);
}

#[test]
fn excel_trailing_empty_cells_are_tolerated_and_values_trimmed() {
    let w = Workdir::new();
    w.write("k.csv", "kundnr;stad;;;\n  7  ;  Lund ;;;\n");
    let p = w.preview_json("k.csv");
    assert_eq!(p["file_errors"].as_array().unwrap().len(), 0);
    assert_eq!(p["rows"][0]["customer_number"], "7");
    assert_eq!(p["rows"][0]["changes"]["city"]["new"], "Lund");
}

#[test]
fn an_empty_cell_never_clears_a_field() {
    let w = Workdir::new();
    w.import("a.csv", "kundnr,stad,telefon\n1,Lund,0701\n");
    w.import("b.csv", "kundnr,stad,telefon\n1,,0702\n");
    let got = w.customer("1");
    assert_eq!(got["city"], "Lund");
    assert_eq!(got["phone"], "0702");
}

#[test]
fn unknown_columns_are_ignored_and_listed() {
    let w = Workdir::new();
    w.write("k.csv", "kundnr,favoritfärg\n1,blå\n");
    let p = w.preview_json("k.csv");
    assert_eq!(p["ignored_columns"][0], "favoritfärg");
    let text = w.expect(0, &["preview", "k.csv"]).stdout;
    assert!(
        text.contains("Column \"favoritfärg\" is not recognised"),
        "{text}"
    );
    assert!(
        text.contains("the reference lists the column names"),
        "{text}"
    );
    // Several unknown columns are one note, and no table of names fills the preview.
    w.write(
        "m.csv",
        "kundnr,favoritfärg,skostorlek,husdjur\n1,blå,42,katt\n",
    );
    let text = w.expect(0, &["preview", "m.csv"]).stdout;
    let notes = text
        .lines()
        .filter(|l| l.starts_with("NOTE:") && l.contains("not recognised"))
        .count();
    assert_eq!(notes, 1, "{text}");
    assert!(
        text.contains("Columns \"favoritfärg\", \"skostorlek\", \"husdjur\" are not recognised"),
        "{text}"
    );
    assert!(!text.contains("kundnummer: kundnr"), "{text}");
}

#[test]
fn file_errors_refuse_the_whole_file() {
    let w = Workdir::new();
    for (name, content, says) in [
        (
            "dubbel.csv",
            "epost,mejl\na@b.se,a@b.se\n",
            "both mean email",
        ),
        (
            "nyckel.csv",
            "förnamn,stad\nNils,Lund\n",
            "neither a customer number nor an email",
        ),
        ("tom.csv", "\n\n", "empty"),
    ] {
        w.write(name, content);
        let run = w.expect(1, &["preview", name]);
        assert!(run.stdout.contains(says), "{name}: {}", run.stdout);
        let p = w.run(&["preview", name, "--json"]).json();
        assert_eq!(p["file_errors"].as_array().unwrap().len(), 1, "{name}");
        w.expect(1, &["import", name, "--yes"]);
    }
    assert!(!w.path("kundreg.redb").exists());
}

#[test]
fn an_unreadable_file_says_which_and_exits_1() {
    let w = Workdir::new();
    let run = w.expect(1, &["preview", "saknas.csv"]);
    assert!(run.stderr.contains("saknas.csv"), "{}", run.stderr);
}

#[test]
fn excel_error_values_are_row_errors_and_never_land_in_the_register() {
    let w = Workdir::new();
    let text = "Kundnummer;E-post;Förnamn;Ort\r\n\
                1;a@ex.se;Åsa;#SAKNAS!\r\n\
                2;#N/A;Pär;Umeå\r\n\
                3;c@ex.se;#value!;Örebro\r\n\
                4;d@ex.se;Dan;Lund\r\n";
    w.write("uppslag.csv", cp1252(text));
    let preview = w.preview_json("uppslag.csv");
    let errors: Vec<(u64, String, String)> = preview["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "error")
        .map(|r| {
            let field = r["field"].as_str().unwrap_or_default().to_string();
            (
                r["line"].as_u64().unwrap(),
                r["problem"].as_str().unwrap().into(),
                field,
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (2, "excel_error".into(), "city".into()),
            (3, "excel_error".into(), "email".into()),
            (4, "excel_error".into(), "first_name".into()),
        ],
        "{preview}"
    );
    let text = w.expect(0, &["preview", "uppslag.csv"]).stdout;
    assert!(
        text.contains("city \"#SAKNAS!\": the cell holds one of Excel's error values"),
        "{text}"
    );
    w.expect(0, &["import", "uppslag.csv", "--yes"]);
    let export = w.expect(0, &["export"]).stdout;
    assert!(!export.contains('#'), "{export}");
    assert_eq!(w.customer("4")["city"], "Lund");
    w.expect(1, &["get", "1"]);
}
