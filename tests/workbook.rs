//! Excel's own files through the binary: a workbook saved by LibreOffice read as it is (the
//! sheet chosen, the others named, row numbers as the sheet's, cells as written), the same
//! rows as a CSV preview the same, the rows not imported given back as a workbook, an export
//! as a workbook, a workbook in the inbox, and a far-away cell that must not make a grid.

mod common;

use std::path::Path;

use common::Workdir;
use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};

/// The workbook LibreOffice saved as `name` (see tests/fixtures/workbooks/README.md), copied
/// in.
fn saved(w: &Workdir, name: &str) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workbooks");
    std::fs::copy(from.join(name), w.path(name)).unwrap();
}

fn libreoffice(w: &Workdir) {
    saved(w, "kunder.xlsx");
}

/// An OpenDocument spreadsheet whose `content.xml` body is `tables`, saved as `name`.
fn ods(w: &Workdir, name: &str, tables: &str) {
    use std::io::Write;
    let file = std::fs::File::create(w.path(name)).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    write!(
        zip,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">\
         <office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>\
         </office:document-content>"
    )
    .unwrap();
    zip.finish().unwrap();
}

/// A workbook of one sheet `sheet` with `rows` written as text cells, saved as `name`.
fn workbook(w: &Workdir, name: &str, sheet: &str, rows: &[&[&str]]) {
    let mut book = Workbook::new();
    let page = book.add_worksheet();
    page.set_name(sheet).unwrap();
    for (r, row) in (0u32..).zip(rows) {
        for (c, cell) in (0u16..).zip(row.iter()) {
            if !cell.is_empty() {
                page.write_string(r, c, *cell).unwrap();
            }
        }
    }
    book.save(w.path(name)).unwrap();
}

/// The row of a JSON preview at `line`.
fn row(json: &Value, line: u64) -> &Value {
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["line"] == line)
        .unwrap_or_else(|| panic!("no line {line}: {json}"))
}

#[test]
fn a_libreoffice_workbook_is_read_from_its_customer_sheet() {
    let w = Workdir::new();
    libreoffice(&w);
    let json = w.expect(0, &["preview", "kunder.xlsx", "--json"]).json();
    assert_eq!(json["sheet"], "Kunder", "{json}");
    assert_eq!(
        json["other_sheets"],
        json!(["Anteckningar", "Gamla kunder"])
    );
    // Line numbers are the sheet's row numbers; text stays text; a date is a date.
    let asa = &row(&json, 2)["changes"];
    assert_eq!(asa["phone"]["new"], "0701234567", "{json}");
    assert_eq!(asa["postal_code"]["new"], "411 01");
    assert_eq!(asa["first_name"]["new"], "Åsa");
    assert_eq!(asa["note"]["new"], "2024-03-15");
    // A number is a number without `.0`; a formula is its saved value.
    let bo = &row(&json, 3)["changes"];
    assert_eq!(bo["phone"]["new"], "702223344");
    assert_eq!(row(&json, 3)["customer_number"], "102");
    assert_eq!(bo["note"]["new"], "Bo Ek");
    // A hidden row is read like any other, as Excel's own CSV saves it.
    assert_eq!(row(&json, 4)["email"], "dold@example.se");
    // An error cell is the row's error.
    assert_eq!(row(&json, 5)["problem"], "excel_error", "{json}");
    // Numbers in the phone and postal code columns are flagged: they lose leading zeros.
    let kinds: Vec<(&str, &str)> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["kind"].as_str().unwrap(),
                w["field"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(kinds.contains(&("stored_as_number", "phone")), "{kinds:?}");
    assert!(
        kinds.contains(&("stored_as_number", "postal_code")),
        "{kinds:?}"
    );
    let text = w.expect(0, &["preview", "kunder.xlsx"]).stdout;
    assert!(text.contains("Sheet: Kunder"), "{text}");
    assert!(
        text.contains("Other sheets with data, not read: Anteckningar, Gamla kunder"),
        "{text}"
    );
    assert!(text.contains("stores it as a number"), "{text}");
}

#[test]
fn another_sheet_is_read_by_name() {
    let w = Workdir::new();
    libreoffice(&w);
    let json = w
        .expect(
            0,
            &[
                "preview",
                "kunder.xlsx",
                "--sheet",
                "gamla KUNDER",
                "--json",
            ],
        )
        .json();
    assert_eq!(json["sheet"], "Gamla kunder");
    assert_eq!(row(&json, 2)["email"], "gammal@example.se");
    let run = w.expect(1, &["preview", "kunder.xlsx", "--sheet", "Nya"]);
    assert!(
        run.stdout.contains("has no sheet named \"Nya\"")
            && run.stdout.contains("Anteckningar, Kunder, Gamla kunder"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_workbook_and_a_csv_of_the_same_rows_preview_the_same() {
    let w = Workdir::new();
    let rows: &[&[&str]] = &[
        &["kundnr", "epost", "förnamn", "telefon", "ort"],
        &["1", "a@example.se", "Anna", "070-111 22 33", "Lund"],
        &["", "b@example.se", "Bo", "0702223344", ""],
        &["3", "inte-en-adress", "Cia", "", "Umeå"],
    ];
    workbook(&w, "lista.xlsx", "Blad1", rows);
    let csv: String = rows.iter().map(|r| r.join(";") + "\n").collect();
    w.write("lista.csv", &csv);
    let from_book = w.preview_json("lista.xlsx");
    let from_csv = w.preview_json("lista.csv");
    assert_eq!(from_book["rows"], from_csv["rows"]);
    assert_eq!(from_book["summary"], from_csv["summary"]);
    assert_eq!(from_book["sheet"], "Blad1");
    assert_eq!(
        from_book["warnings"],
        json!([]),
        "text cells are never flagged"
    );
}

#[test]
fn the_rows_not_imported_come_back_as_a_workbook_that_reads_back() {
    let w = Workdir::new();
    libreoffice(&w);
    w.expect(0, &["import", "kunder.xlsx", "--yes"]);
    let errors = w.path("kunder.errors.xlsx");
    assert!(errors.exists(), "no error workbook");
    let json = w.preview_json("kunder.errors.xlsx");
    assert_eq!(json["sheet"], "Kunder");
    let reasons: Vec<&Value> = json["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["header"] == "error")
        .collect();
    assert!(
        reasons.is_empty(),
        "the reasons are not read as data: {json}"
    );
    assert_eq!(row(&json, 2)["problem"], "excel_error", "{json}");
    // The row with the error cell, its customer number a text cell, its reason last.
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(&errors).unwrap();
    let sheet = book.worksheet_range("Kunder").unwrap();
    let header: Vec<&Data> = sheet.rows().next().unwrap().iter().collect();
    assert_eq!(header.last(), Some(&&Data::String("error".into())));
    let cells: Vec<&Data> = sheet.rows().nth(1).unwrap().iter().collect();
    assert_eq!(cells[0], &Data::String("104".into()));
    match cells.last() {
        Some(Data::String(reason)) => assert!(reason.contains("Line 5"), "{reason}"),
        other => panic!("no reason: {other:?}"),
    }
}

#[test]
fn an_export_workbook_previews_back_as_all_unchanged() {
    let w = Workdir::new();
    w.import(
        "k.csv",
        "kundnr;epost;telefon;postnummer;anteckning\n\
         007;a@example.se;0701234567;011 01;=SUMMA(1)\n",
    );
    w.expect(0, &["export", "--xlsx", "--out", "export.xlsx"]);
    let back = w.preview_json("export.xlsx");
    assert_eq!(back["sheet"], "Kunder");
    assert_eq!(back["summary"]["unchanged"], 1, "{back}");
    assert_eq!(back["summary"]["update"], 0, "{back}");
    assert_eq!(
        back["warnings"],
        json!([]),
        "every value a text cell: {back}"
    );
    let run = w.expect(2, &["export", "--xlsx"]);
    assert!(run.stderr.contains("--out"), "{}", run.stderr);
    w.expect(1, &["export", "--xlsx", "--out", "export.xlsx"]);
}

#[test]
fn a_number_with_a_fraction_is_no_customer_number() {
    let w = Workdir::new();
    let mut book = Workbook::new();
    let page = book.add_worksheet();
    page.write_string(0, 0, "kundnr").unwrap();
    page.write_string(0, 1, "epost").unwrap();
    page.write_number(1, 0, 12.5).unwrap();
    page.write_string(1, 1, "a@example.se").unwrap();
    page.write_number(2, 0, 13).unwrap();
    page.write_string(2, 1, "b@example.se").unwrap();
    book.save(w.path("n.xlsx")).unwrap();
    let json = w.preview_json("n.xlsx");
    assert_eq!(row(&json, 2)["problem"], "number_has_fraction", "{json}");
    assert_eq!(row(&json, 3)["customer_number"], "13");
}

#[test]
fn a_far_away_cell_makes_no_grid() {
    let w = Workdir::new();
    let mut book = Workbook::new();
    let page = book.add_worksheet();
    page.write_string(0, 0, "epost").unwrap();
    page.write_string(1, 0, "a@example.se").unwrap();
    page.write_string(1_048_575, 16_383, "långt bort").unwrap();
    book.save(w.path("far.xlsx")).unwrap();
    let json = w.preview_json("far.xlsx");
    assert_eq!(json["summary"]["new"], 1, "{json}");
    assert_eq!(row(&json, 1_048_576)["problem"], "extra_cells", "{json}");
}

#[test]
fn a_workbook_in_the_inbox_is_previewed_and_confirmed() {
    let w = Workdir::new();
    std::fs::create_dir(w.path("watch")).unwrap();
    workbook(
        &w,
        "watch/kunder.xlsx",
        "Kunder",
        &[&["epost", "förnamn"], &["a@example.se", "Anna"]],
    );
    w.expect(0, &["watch", "watch", "--once", "--settle", "0"]);
    let preview = std::fs::read_to_string(w.path("watch/kunder.xlsx.preview.txt")).unwrap();
    assert!(preview.contains("Sheet: Kunder"), "{preview}");
    w.write("watch/kunder.confirm", "");
    w.expect(0, &["watch", "watch", "--once", "--settle", "0"]);
    assert_eq!(w.customer("a@example.se")["first_name"], "Anna");
    // A forget never rewrites the archived workbook: it says to remove it by hand. One it
    // cannot search is said in plain words.
    saved(&w, "spridd.xls");
    std::fs::rename(w.path("spridd.xls"), w.path("watch/spridd.xls")).unwrap();
    let run = w.expect(0, &["forget", "a@example.se", "--yes"]);
    assert!(
        run.stdout.contains("kundreg does not rewrite a workbook")
            && run.stdout.contains("kunder.xlsx"),
        "{}",
        run.stdout
    );
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains("spridd.xls") && said.contains("the workbook's sheets span 15060753 cells"),
        "{said}"
    );
}

#[test]
fn an_opendocument_and_an_old_excel_workbook_read_as_their_twin() {
    let w = Workdir::new();
    libreoffice(&w);
    let xlsx = w.preview_json("kunder.xlsx");
    for name in ["kunder.ods", "kunder.xls"] {
        saved(&w, name);
        let twin = w.preview_json(name);
        assert_eq!(twin["sheet"], "Kunder", "{name}");
        assert_eq!(twin["other_sheets"], xlsx["other_sheets"], "{name}");
        assert_eq!(twin["rows"], xlsx["rows"], "{name}: {twin}");
        assert_eq!(twin["warnings"], xlsx["warnings"], "{name}");
    }
}

#[test]
fn an_old_excel_workbook_spanning_millions_of_cells_is_refused_before_it_is_laid_out() {
    let w = Workdir::new();
    saved(&w, "spridd.xls");
    let run = w.expect(1, &["preview", "spridd.xls", "--json"]);
    let json = run.json();
    let error = json["file_errors"][0].as_str().unwrap();
    assert!(error.contains("span 15060753 cells"), "{error}");
}

#[test]
fn repeated_rows_and_cells_are_counted_not_laid_out() {
    let w = Workdir::new();
    let cell = |text: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell>"
        )
    };
    let tables = format!(
        "<table:table table:name=\"Kunder\">\
         <table:table-row>{}{}</table:table-row>\
         <table:table-row table:number-rows-repeated=\"1000000\">\
         <table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>\
         <table:table-row>{}<table:table-cell table:number-columns-repeated=\"3\"/>{}</table:table-row>\
         <table:table-row table:number-rows-repeated=\"2\">{}{}</table:table-row>\
         <table:table-row table:number-rows-repeated=\"48000\"><table:table-cell/></table:table-row>\
         </table:table>",
        cell("epost"),
        cell("anteckning"),
        cell("a@example.se"),
        cell("fyra steg bort"),
        cell("b@example.se"),
        cell("två gånger"),
    );
    ods(&w, "lång.ods", &tables);
    let json = w.preview_json("lång.ods");
    // The empty rows in between count as lines; the row after them is line 1,000,002.
    assert_eq!(row(&json, 1_000_002)["problem"], "extra_cells", "{json}");
    // A row repeated is every one of its rows: the same customer twice.
    assert_eq!(
        row(&json, 1_000_003)["problem"],
        "duplicate_in_file",
        "{json}"
    );
    assert_eq!(json["summary"]["error"], 3, "{json}");
}

#[test]
fn a_hidden_sheet_is_not_read_but_named() {
    let w = Workdir::new();
    let mut book = Workbook::new();
    let hidden = book.add_worksheet();
    hidden.set_name("Gammal").unwrap();
    hidden.write_string(0, 0, "epost").unwrap();
    hidden.write_string(1, 0, "gammal@example.se").unwrap();
    hidden.set_hidden(true);
    let shown = book.add_worksheet();
    shown.set_name("Blad2").unwrap();
    shown.write_string(0, 0, "epost").unwrap();
    shown.write_string(1, 0, "ny@example.se").unwrap();
    shown.set_active(true);
    book.save(w.path("dold.xlsx")).unwrap();
    let json = w.preview_json("dold.xlsx");
    assert_eq!(json["sheet"], "Blad2", "{json}");
    assert_eq!(json["other_sheets"], json!(["Gammal"]));
    let text = w.expect(0, &["preview", "dold.xlsx"]).stdout;
    assert!(text.contains("not read: Gammal (hidden)"), "{text}");
}

#[test]
fn a_damaged_workbook_its_reader_panics_on_is_a_file_error() {
    // Found by the workbook fuzz target: the old-Excel reader panicked on this file.
    let w = Workdir::new();
    saved(&w, "trasig.xls");
    let run = w.expect(1, &["preview", "trasig.xls"]);
    assert!(
        run.stdout.contains("The workbook cannot be read"),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_compound_file_named_xlsx_is_never_given_to_its_reader() {
    // Found by the workbook fuzz target: a damaged compound file named .xlsx (the container
    // a password-protected workbook is) made the reader ask for gigabytes.
    let w = Workdir::new();
    saved(&w, "sammansatt.xlsx");
    let run = w.expect(1, &["preview", "sammansatt.xlsx"]);
    assert!(
        run.stdout.contains("protected by a password"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Delimiter"), "{}", run.stdout);
}

#[test]
fn an_old_excel_sheet_stating_a_size_it_has_not_is_refused_before_room_is_made() {
    // Found by the workbook fuzz target: a sheet whose stated size (its DIMENSIONS record)
    // made the reader ask for terabytes before reading a cell.
    let w = Workdir::new();
    saved(&w, "uppgiven.xls");
    let run = w.expect(1, &["preview", "uppgiven.xls"]);
    assert!(
        run.stdout.contains("cells, more than the 2000000"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_empty_sheet_written_as_one_tag_is_passed_over() {
    let w = Workdir::new();
    ods(
        &w,
        "tom.ods",
        "<table:table table:name=\"Tom\"/>\
         <table:table table:name=\"Blad2\"><table:table-row>\
         <table:table-cell office:value-type=\"string\"><text:p>epost</text:p></table:table-cell>\
         </table:table-row><table:table-row>\
         <table:table-cell office:value-type=\"string\"><text:p>a@example.se</text:p></table:table-cell>\
         </table:table-row></table:table>",
    );
    let json = w.preview_json("tom.ods");
    assert_eq!(json["sheet"], "Blad2", "{json}");
    assert_eq!(json["summary"]["new"], 1, "{json}");
    // Asked for by name, it is read: there is nothing in it.
    let run = w.expect(1, &["preview", "tom.ods", "--sheet", "Tom", "--json"]);
    let error = run.json()["file_errors"][0].as_str().unwrap().to_string();
    assert!(error.contains("The file is empty"), "{error}");
}

#[test]
fn a_part_read_whole_that_unpacks_to_gigabytes_is_refused_unread() {
    // The shared text of a workbook is held whole by its reader: one that states it unpacks
    // to 4 GB (as a compression bomb does) is refused before anything is unpacked.
    let w = Workdir::new();
    libreoffice(&w);
    let mut bytes = std::fs::read(w.path("kunder.xlsx")).unwrap();
    let name = b"xl/sharedStrings.xml";
    let header = (0..bytes.len() - 46)
        .find(|&i| bytes[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] && bytes[i + 46..].starts_with(name))
        .expect("the part's central directory entry");
    bytes[header + 24..header + 28].copy_from_slice(&0xFFFF_FF00u32.to_le_bytes());
    w.write("bomb.xlsx", &bytes);
    let run = w.expect(1, &["preview", "bomb.xlsx"]);
    assert!(
        run.stdout
            .contains("xl/sharedStrings.xml unpacks to 4095 MB"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_sheet_named_for_a_text_is_said_to_be_unused() {
    let w = Workdir::new();
    w.write("kunder.csv", "kundnummer;förnamn\n1;Anna\n");
    let run = w.expect(0, &["preview", "kunder.csv", "--sheet", "Kunder"]);
    assert!(
        run.stderr.contains("kunder.csv is a text, not a workbook")
            && run.stderr.contains("--sheet"),
        "{}",
        run.stderr
    );
    let run = w.expect(0, &["import", "kunder.csv", "--sheet", "Kunder", "--yes"]);
    assert!(run.stderr.contains("not a workbook"), "{}", run.stderr);
    let run = w.expect(0, &["preview", "kunder.csv"]);
    assert!(!run.stderr.contains("not a workbook"));
}
