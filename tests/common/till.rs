//! A small shop's customers, and what `find` lists, for the tests of the register itself.

use super::Workdir;

/// Four customers: names with å/ä/ö and a hyphen, phones written four ways, postal codes with
/// their space, one without an email.
pub const CUSTOMERS: &str = "kundnummer;epost;förnamn;efternamn;adress;postnummer;ort;telefon\n\
    1001;nils@exempel.se;Nils;Karlsson;Storgatan 12;831 30;Östersund;070-123 45 67\n\
    1002;ak@exempel.se;Anna-Karin;Berg;Lillgatan 2;411 01;Göteborg;+46 70 999 11 22\n\
    1003;karl@exempel.se;Karl;Nilsson;Vasagatan 1;111 22;Stockholm;08-555 123\n\
    1004;;Åsa;Öberg;Ågatan 3;831 31;Östersund;0046 70 111 22 33\n";

/// The customer numbers `find` lists for `words`, in order.
pub fn found(w: &Workdir, words: &[&str]) -> Vec<String> {
    let mut args = vec!["find", "--json"];
    args.extend(words);
    let list = w.expect(0, &args).json();
    list.as_array()
        .expect("a list")
        .iter()
        .map(|c| c["customer_number"].as_str().expect("a number").to_string())
        .collect()
}
