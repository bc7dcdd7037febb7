//! The shared folder's small files on arbitrary bytes — epoch records (and the chain of terms
//! they make), computer status files, notes of returned imports, requests, answers, and the
//! fenced work a register keeps: read or refused, never a panic. The text files are read from
//! the bytes as text; records are cut at NUL bytes, so one input may hold several.
#![no_main]

use kundreg::shared::chain::Chain;
use kundreg::shared::epochs::{HeldTerm, Term};
use kundreg::shared::fenced::{self, ReturnedNote};
use kundreg::shared::request::{read_answer, read_request};
use kundreg::shared::status::ComputerStatus;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = read_request(bytes, 1 << 20);
    let _ = read_answer(bytes);
    let _ = fenced::decode(bytes);
    let text = String::from_utf8_lossy(bytes);
    let _ = ComputerStatus::parse(&text);
    let _ = ReturnedNote::parse(&text);
    let terms: Vec<Term> = text.split('\0').filter_map(Term::parse).collect();
    let Some(chain) = Chain::of(terms.clone()) else {
        return;
    };
    let _ = chain.current();
    let _ = chain.next_epoch();
    for term in &terms {
        let author = term.author();
        for version in [term.from, term.from.saturating_add(1), u64::MAX] {
            let _ = chain.holds_change_set(term.epoch, &author, version);
            let _ = chain.holds_snapshot(term.epoch, &author, version);
            let _ = chain.keeps(term.epoch, &author, version);
        }
        let _ = chain.knows(term.epoch, &author);
        let _ = chain.keeps_up_to(&HeldTerm::of(term));
        let _ = chain.term(term.epoch, &author);
    }
});
