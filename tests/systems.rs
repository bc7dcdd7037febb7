//! Lists from the systems shops use, read as they come, through the binary: each export's
//! real header with a few invented people; every field lands where it belongs, the preview
//! says which system it read and what it keeps nothing of, and an export of the register
//! previews back as all unchanged.

mod common;

use common::Workdir;
use serde_json::Value;

/// One export: its file, what the preview calls the system, the columns not kept, and the
/// customers (found by email) with the fields each must have.
struct Export<'a> {
    key: &'a str,
    name: &'a str,
    file: &'a str,
    text: &'a str,
    not_kept: &'a [&'a str],
    customers: &'a [(&'a str, &'a [(&'a str, &'a str)])],
}

/// Previews `export` in text and JSON, in English and Swedish, imports it, and checks every
/// customer's fields; then the register's own export previews back as all unchanged.
fn check(export: &Export) -> Workdir {
    let w = Workdir::new();
    w.write(export.file, export.text);
    let json = w.preview_json(export.file);
    assert_eq!(json["read_as"], export.key, "{json}");
    assert_eq!(json["file_errors"], serde_json::json!([]), "{json}");
    assert_eq!(json["ignored_columns"], serde_json::json!([]), "{json}");
    let not_kept: Vec<&str> = json["not_kept_columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(not_kept, export.not_kept);
    assert_eq!(json["summary"]["error"], 0, "{json}");
    let text = w.expect(0, &["preview", export.file]).stdout;
    assert!(
        text.contains(&format!(
            "NOTE: Read as a customer export from {}.",
            export.name
        )),
        "{text}"
    );
    if let Some(first) = export.not_kept.first() {
        assert!(
            text.contains("NOTE: Not kept (kundreg has no field for them): "),
            "{text}"
        );
        assert!(text.contains(&format!("  {first} → not kept")), "{text}");
    }
    assert!(!text.contains("not recognised"), "{text}");
    let swedish = w
        .expect(0, &["--lang", "sv", "preview", export.file])
        .stdout;
    assert!(
        swedish.contains(&format!(
            "OBS: Läst som en kundexport från {}.",
            export.name
        )),
        "{swedish}"
    );
    w.expect(0, &["import", export.file, "--yes"]);
    for (email, fields) in export.customers {
        let customer = w.customer(email);
        for (field, value) in *fields {
            assert_eq!(customer[field], *value, "{email} {field}: {customer}");
        }
    }
    w.expect(0, &["export", "--out", "back.csv"]);
    let back = w.preview_json("back.csv");
    assert_eq!(
        back["summary"]["unchanged"],
        export.customers.len(),
        "{back}"
    );
    assert_eq!(back["summary"]["new"], 0, "{back}");
    assert_eq!(back["summary"]["update"], 0, "{back}");
    w
}

/// A row of a comma-separated `header` with `cells` in their columns, the rest empty.
fn row(header: &str, cells: &[(&str, &str)]) -> String {
    let row: Vec<&str> = header
        .split(',')
        .map(|h| cells.iter().find(|(c, _)| *c == h).map_or("", |(_, v)| *v))
        .collect();
    assert_eq!(
        cells.len(),
        row.iter().filter(|v| !v.is_empty()).count(),
        "a cell's column is not in the header"
    );
    row.join(",")
}

/// The column entry of `header` in a JSON preview.
fn column<'a>(json: &'a Value, header: &str) -> &'a Value {
    json["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["header"] == header)
        .unwrap_or_else(|| panic!("no column {header}: {json}"))
}

#[test]
fn a_shopify_customer_export_keeps_its_addresses() {
    let w = check(&Export {
        key: "shopify",
        name: "Shopify",
        file: "customers_export.csv",
        text: "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,Tags\n\
               7012345678901,Anna,Berg,anna@example.se,yes,,Lillgatan 2,lgh 1101,Göteborg,,SE,411 01,031-123456,+46701234567,no,1200.00,3,Stamkund,no,vip\n\
               7012345678902,Bo,Ek,bo@example.se,no,Ek AB,Storgatan 1,,Lund,,SE,22100,0701112233,,no,0.00,0,,no,\n",
        not_kept: &[
            "Customer ID",
            "Accepts Email Marketing",
            "Default Address Province Code",
            "Accepts SMS Marketing",
            "Total Spent",
            "Total Orders",
            "Tax Exempt",
            "Tags",
        ],
        customers: &[
            (
                "anna@example.se",
                &[
                    ("first_name", "Anna"),
                    ("last_name", "Berg"),
                    ("address", "Lillgatan 2, lgh 1101"),
                    ("city", "Göteborg"),
                    ("postal_code", "411 01"),
                    ("country", "SE"),
                    ("phone", "+46701234567"),
                    ("note", "Stamkund"),
                ],
            ),
            (
                "bo@example.se",
                &[
                    ("company", "Ek AB"),
                    ("address", "Storgatan 1"),
                    ("city", "Lund"),
                    ("postal_code", "22100"),
                    // No phone of the customer's own: the default address's.
                    ("phone", "0701112233"),
                ],
            ),
        ],
    });
    let json = w.preview_json("customers_export.csv");
    let phone = column(&json, "Phone");
    assert_eq!(
        (phone["choice"].as_u64(), phone["rows"].as_u64()),
        (Some(1), Some(1))
    );
    let second = column(&json, "Default Address Phone");
    assert_eq!(
        (second["choice"].as_u64(), second["rows"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        column(&json, "Default Address Address2")["read"],
        "further_line"
    );
    let text = w.expect(0, &["preview", "customers_export.csv"]).stdout;
    assert!(
        text.contains(
            "Default Address Phone → phone (as Shopify names it; choice 2 where those before are empty, 1 row)"
        ),
        "{text}"
    );
}

#[test]
fn a_woocommerce_export_takes_the_billing_address_before_the_shipping_one() {
    check(&Export {
        key: "woocommerce",
        name: "WooCommerce",
        file: "woo.csv",
        text: "customer_id,username,email,first_name,last_name,date_created,orders_count,total_spent,billing_first_name,billing_last_name,billing_company,billing_address_1,billing_address_2,billing_city,billing_state,billing_postcode,billing_country,billing_email,billing_phone,shipping_first_name,shipping_last_name,shipping_company,shipping_address_1,shipping_address_2,shipping_city,shipping_state,shipping_postcode,shipping_country\n\
               12,hanna,hanna@example.se,Hanna,Berg,2024-03-01,4,1999.00,Hanna,Berg,,Åvägen 4,,Umeå,,903 30,SE,hanna@example.se,070-444 55 66,,,,,,,,,\n\
               13,ivar,,,,2024-04-01,1,99.00,Ivar,Nord,Nord AB,,,,,,,ivar@example.se,,Ivar,Nord,,Lagergatan 5,1 tr,Malmö,,212 15,SE\n",
        not_kept: &[
            "customer_id",
            "username",
            "date_created",
            "orders_count",
            "total_spent",
            "billing_state",
            "shipping_state",
        ],
        customers: &[
            (
                "hanna@example.se",
                &[
                    ("first_name", "Hanna"),
                    ("address", "Åvägen 4"),
                    ("postal_code", "903 30"),
                    ("city", "Umeå"),
                    ("phone", "070-444 55 66"),
                ],
            ),
            (
                "ivar@example.se",
                &[
                    ("first_name", "Ivar"),
                    ("last_name", "Nord"),
                    ("company", "Nord AB"),
                    // No billing address at all: the whole shipping address, never a mix.
                    ("address", "Lagergatan 5, 1 tr"),
                    ("postal_code", "212 15"),
                    ("city", "Malmö"),
                    ("country", "SE"),
                ],
            ),
        ],
    });
}

#[test]
fn a_mailchimp_address_is_split_where_its_parts_are_clear() {
    let w = check(&Export {
        key: "mailchimp",
        name: "Mailchimp",
        file: "members_export.csv",
        text: "Email Address,First Name,Last Name,Address,Phone Number,Birthday,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS\n\
               cia@example.se,Cia,Lund,\"Lillgatan 2  Göteborg 41101 SE\",0701234567,03/14,2,2024-01-02 10:00:00,,2024-01-02 10:01:00,,,,,,,SE,,2024-05-01 12:00:00,123,abc,Gillar te,\"vip\"\n\
               dan@example.se,Dan,Ås,\"Box 12  lgh 3  Malmö  21100  SE\",,,2,,,,,,,,,,,,,124,abd,,\n",
        not_kept: &[
            "Birthday",
            "MEMBER_RATING",
            "OPTIN_TIME",
            "OPTIN_IP",
            "CONFIRM_TIME",
            "CONFIRM_IP",
            "LATITUDE",
            "LONGITUDE",
            "GMTOFF",
            "DSTOFF",
            "TIMEZONE",
            "CC",
            "REGION",
            "LAST_CHANGED",
            "LEID",
            "EUID",
            "TAGS",
        ],
        customers: &[
            (
                "cia@example.se",
                &[
                    ("address", "Lillgatan 2"),
                    ("postal_code", "41101"),
                    ("city", "Göteborg"),
                    ("country", "SE"),
                    ("phone", "0701234567"),
                    ("note", "Gillar te"),
                ],
            ),
            (
                "dan@example.se",
                &[("address", "Box 12  lgh 3  Malmö  21100  SE")],
            ),
        ],
    });
    let json = w.preview_json("members_export.csv");
    assert_eq!(json["unclear_address_lines"], serde_json::json!([3]));
    let address = column(&json, "Address");
    assert_eq!(address["read"], "whole_address");
    assert_eq!(
        address["fields"],
        serde_json::json!(["address", "postal_code", "city", "country"])
    );
    let text = w.expect(0, &["preview", "members_export.csv"]).stdout;
    assert!(
        text.contains(
            "NOTE: The address in column \"Address\" on line 3 was kept whole as the street"
        ),
        "{text}"
    );
}

#[test]
fn google_contacts_keep_the_first_email_and_phone_and_the_middle_name() {
    let w = check(&Export {
        key: "google",
        name: "Google Contacts",
        file: "contacts.csv",
        text: "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,Website 1 - Label,Website 1 - Value\n\
               Eva,Maria,Lind,,,,,,,,Lind Design AB,,,,Kund sedan 2019,,* myContacts,* Work,eva@example.se,Home,eva.lind@example.com,Mobile,070-111 22 33,Work,08-123 456,Home,\"Lillgatan 2\nGöteborg\",Lillgatan 2,Göteborg,,,411 01,Sverige,,,\n\
               ,,Holm,,,,,,,,,,,,,,* myContacts,,,* Home,per@example.se,,,Home,031-22 33 44,,,,,,,,,,,\n",
        not_kept: &[
            "Phonetic First Name",
            "Phonetic Middle Name",
            "Phonetic Last Name",
            "Name Prefix",
            "Name Suffix",
            "Nickname",
            "File As",
            "Organization Title",
            "Organization Department",
            "Birthday",
            "Photo",
            "Labels",
            "E-mail 1 - Label",
            "E-mail 2 - Label",
            "Phone 1 - Label",
            "Phone 2 - Label",
            "Address 1 - Label",
            "Address 1 - Formatted",
            "Address 1 - PO Box",
            "Address 1 - Region",
            "Website 1 - Label",
            "Website 1 - Value",
        ],
        customers: &[
            (
                "eva@example.se",
                &[
                    ("first_name", "Eva Maria"),
                    ("last_name", "Lind"),
                    ("company", "Lind Design AB"),
                    ("phone", "070-111 22 33"),
                    ("address", "Lillgatan 2"),
                    ("postal_code", "411 01"),
                    ("city", "Göteborg"),
                    ("country", "Sverige"),
                    ("note", "Kund sedan 2019"),
                ],
            ),
            (
                "per@example.se",
                &[("last_name", "Holm"), ("phone", "031-22 33 44")],
            ),
        ],
    });
    // The older export's names, a whole name beside its parts: the parts are read.
    w.write(
        "old.csv",
        "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name\n\
         Ola Ek,Ola,Ek,* Home,ola@example.se,Mobile,0705556677,Ek AB\n",
    );
    let json = w.preview_json("old.csv");
    assert_eq!(json["read_as"], "google");
    assert_eq!(
        json["not_kept_columns"],
        serde_json::json!(["Name", "E-mail 1 - Type", "Phone 1 - Type"])
    );
    w.expect(0, &["import", "old.csv", "--yes"]);
    let ola = w.customer("ola@example.se");
    assert_eq!(
        (ola["first_name"].as_str(), ola["company"].as_str()),
        (Some("Ola"), Some("Ek AB"))
    );
}

#[test]
fn outlook_contacts_take_the_home_address_before_the_business_one() {
    let header = "First Name,Middle Name,Last Name,Title,Suffix,Nickname,Given Yomi,Surname Yomi,E-mail Address,E-mail 2 Address,E-mail 3 Address,Home Phone,Home Phone 2,Business Phone,Business Phone 2,Mobile Phone,Car Phone,Other Phone,Primary Phone,Pager,Business Fax,Home Fax,Other Fax,Company Main Phone,Callback,Radio Phone,Telex,TTY/TDD Phone,IMAddress,Job Title,Department,Company,Office Location,Manager's Name,Assistant's Name,Assistant's Phone,Company Yomi,Business Street,Business City,Business State,Business Postal Code,Business Country/Region,Home Street,Home City,Home State,Home Postal Code,Home Country/Region,Other Street,Other City,Other State,Other Postal Code,Other Country/Region,Personal Web Page,Spouse,Schools,Hobby,Location,Web Page,Birthday,Anniversary,Notes";
    let text = format!(
        "{header}\n{}\n{}\n",
        row(
            header,
            &[
                ("First Name", "Fia"),
                ("Last Name", "Ek"),
                ("E-mail Address", "fia@example.se"),
                ("Home Phone", "08-111 222"),
                ("Business Phone", "08-999 000"),
                ("Mobile Phone", "0702223344"),
                ("Company", "Ek & Co"),
                ("Business Street", "Kungsgatan 1"),
                ("Business City", "Stockholm"),
                ("Business Postal Code", "111 22"),
                ("Business Country/Region", "Sverige"),
            ]
        ),
        row(
            header,
            &[
                ("First Name", "Gus"),
                ("Last Name", "Al"),
                ("E-mail Address", "gus@example.se"),
                ("Business Phone", "08-555 666"),
                ("Business Street", "Sveavägen 9"),
                ("Business City", "Stockholm"),
                ("Business Postal Code", "113 50"),
                ("Business Country/Region", "Sverige"),
                ("Home Street", "Hemvägen 3"),
                ("Home City", "Solna"),
                ("Home Postal Code", "171 00"),
                ("Home Country/Region", "Sverige"),
                ("Notes", "Ringer efter fem"),
            ]
        )
    );
    check(&Export {
        key: "outlook",
        name: "Outlook",
        file: "contacts.csv",
        text: &text,
        not_kept: &[
            "Title",
            "Suffix",
            "Nickname",
            "Given Yomi",
            "Surname Yomi",
            "Car Phone",
            "Pager",
            "Business Fax",
            "Home Fax",
            "Other Fax",
            "Callback",
            "Radio Phone",
            "Telex",
            "TTY/TDD Phone",
            "IMAddress",
            "Job Title",
            "Department",
            "Office Location",
            "Manager's Name",
            "Assistant's Name",
            "Assistant's Phone",
            "Company Yomi",
            "Business State",
            "Home State",
            "Other State",
            "Personal Web Page",
            "Spouse",
            "Schools",
            "Hobby",
            "Location",
            "Web Page",
            "Birthday",
            "Anniversary",
        ],
        customers: &[
            (
                "fia@example.se",
                &[
                    ("company", "Ek & Co"),
                    ("phone", "0702223344"),
                    ("address", "Kungsgatan 1"),
                    ("postal_code", "111 22"),
                    ("city", "Stockholm"),
                ],
            ),
            (
                "gus@example.se",
                &[
                    ("phone", "08-555 666"),
                    ("address", "Hemvägen 3"),
                    ("postal_code", "171 00"),
                    ("city", "Solna"),
                    ("note", "Ringer efter fem"),
                ],
            ),
        ],
    });
}

#[test]
fn a_fortnox_register_splits_whole_names_and_says_so() {
    let w = check(&Export {
        key: "fortnox",
        name: "Fortnox",
        file: "kundregister.csv",
        text: "Kundnummer;Namn;Organisationsnummer;Adress;Adress 2;Postnummer;Ort;Land;Telefon;E-post;Er referens\n\
               1001;Jonas Ström;19800101-1234;Bergsgatan 7;c/o Ström;852 30;Sundsvall;Sverige;060-12 34 56;jonas@example.se;\n\
               1002;Karin af Klint;;Havsvägen 1;;972 31;Luleå;Sverige;0920-11 22 33;karin@example.se;Karin\n",
        not_kept: &["Organisationsnummer", "Er referens"],
        customers: &[
            (
                "jonas@example.se",
                &[
                    ("customer_number", "1001"),
                    ("first_name", "Jonas"),
                    ("last_name", "Ström"),
                    ("address", "Bergsgatan 7, c/o Ström"),
                    ("city", "Sundsvall"),
                ],
            ),
            (
                "karin@example.se",
                &[("first_name", "Karin"), ("last_name", "af Klint")],
            ),
        ],
    });
    let text = w.expect(0, &["preview", "kundregister.csv"]).stdout;
    assert!(
        text.contains("NOTE: Column \"Namn\" holds whole names"),
        "{text}"
    );
    assert!(text.contains("\"Namn = company\""), "{text}");
    // The shop says the names are companies: kolumner.txt decides.
    w.write("kolumner.txt", "Namn = företag\n");
    let json = w.preview_json("kundregister.csv");
    assert_eq!(column(&json, "Namn")["field"], "company");
    assert_eq!(json["summary"]["update"], 2, "{json}");
}

#[test]
fn a_whole_name_column_outside_any_system_is_split_with_a_note() {
    let w = Workdir::new();
    w.write(
        "lista.csv",
        "kundnr;namn;telefon\n1;Lisa Holm;0701\n2;Kalle;0702\n",
    );
    let json = w.preview_json("lista.csv");
    assert_eq!(json["read_as"], Value::Null);
    assert_eq!(column(&json, "namn")["read"], "full_name");
    w.expect(0, &["import", "lista.csv", "--yes"]);
    let lisa = w.customer("1");
    assert_eq!(
        (lisa["first_name"].as_str(), lisa["last_name"].as_str()),
        (Some("Lisa"), Some("Holm"))
    );
    let kalle = w.customer("2");
    assert_eq!(
        (kalle["first_name"].as_str(), kalle["last_name"].as_str()),
        (Some("Kalle"), None)
    );
    let swedish = w
        .expect(0, &["--lang", "sv", "preview", "lista.csv"])
        .stdout;
    assert!(
        swedish.contains("OBS: Kolumnen \"namn\" har hela namn"),
        "{swedish}"
    );
}

#[test]
fn two_columns_of_one_field_outside_a_system_are_still_refused() {
    let w = Workdir::new();
    // Both are kundreg's names for the email: which to read is not clear.
    w.write("k.csv", "kundnr,mail,epost\n1,a@example.se,b@example.se\n");
    let json = w.expect(1, &["preview", "k.csv", "--json"]).json();
    assert!(
        json["file_errors"][0].as_str().unwrap().contains("mail"),
        "{json}"
    );
    // Shopify's two phone columns are in an order; two of its address lines are one field.
    w.write(
        "s.csv",
        "Email,Phone,Default Address Phone,Accepts Email Marketing\na@example.se,,0701\n",
    );
    let json = w.preview_json("s.csv");
    assert_eq!(json["file_errors"], serde_json::json!([]), "{json}");
}

#[test]
fn a_rows_address_never_mixes_two_addresses() {
    let w = Workdir::new();
    // The home address has no country column: a row with a home street takes no country
    // from the business address.
    w.write(
        "outlook.csv",
        "E-mail Address,Mobile Phone,Home Street,Home City,Business Street,Business City,Business Country/Region\n\
         a@example.se,0701,Hemvägen 3,Solna,Sveavägen 9,Stockholm,Sverige\n\
         b@example.se,0702,,,Sveavägen 9,Stockholm,Sverige\n",
    );
    w.expect(0, &["import", "outlook.csv", "--yes"]);
    let a = w.customer("a@example.se");
    assert_eq!(
        (
            a["address"].as_str(),
            a["city"].as_str(),
            a["country"].as_str()
        ),
        (Some("Hemvägen 3"), Some("Solna"), None)
    );
    let b = w.customer("b@example.se");
    assert_eq!(
        (b["address"].as_str(), b["country"].as_str()),
        (Some("Sveavägen 9"), Some("Sverige"))
    );
}
