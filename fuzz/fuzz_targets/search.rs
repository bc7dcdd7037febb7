//! A search and FIELD=VALUE settings, from any text: no panic; a query that parses matches a
//! customer whose first name is its own text, and settings that parse make a list of one row
//! that reads back without a file error.
#![no_main]

use kundreg::customer::Customer;
use kundreg::edit::{Settings, read_list};
use kundreg::field::Field;
use kundreg::search::Query;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(query) = Query::parse(text) {
        let mut customer = Customer::default();
        customer.values[Field::CustomerNumber.index()] = Some("1".into());
        customer.values[Field::FirstName.index()] = Some(text.into());
        customer.values[Field::Phone.index()] = Some(text.into());
        // Every part of every word is a word of the first name: the text itself.
        assert!(query.matches(&customer), "{text:?}");
        let _ = query.names_exactly(&customer);
    }
    let args: Vec<String> = text.lines().map(str::to_string).collect();
    let Ok(settings) = Settings::parse(&args) else {
        return;
    };
    // As `set` and `add` make their lists.
    let lists = [
        settings.clone().for_change().map(|s| s.as_list(Some("1"))),
        settings.for_new().map(|s| s.as_list(None)),
    ];
    for list in lists.into_iter().flatten() {
        let parsed = read_list(&list).expect("a list in memory reads");
        assert!(parsed.file_errors.is_empty(), "{list:?}: {:?}", parsed.file_errors);
    }
});
