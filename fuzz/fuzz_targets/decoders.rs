//! The register's decoders on arbitrary bytes — a history entry, a block of customers or
//! emails, a customer record: an answer (decoded or not), never a panic.
#![no_main]

use kundreg::store::decoders;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    decoders::history_entry(bytes);
    decoders::block(bytes);
    let _ = kundreg::customer::decode("1", bytes);
});
