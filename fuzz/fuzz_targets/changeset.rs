//! The shared folder's change-set files on arbitrary bytes: read to the end or refused,
//! never a panic.
#![no_main]

use kundreg::shared::changeset::ChangeSetReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(mut reader) = ChangeSetReader::open(bytes) else {
        return;
    };
    for _ in 0..10_000 {
        match reader.next_batch() {
            Ok(Some(_)) => {}
            Ok(None) => {
                let _ = reader.finish();
                return;
            }
            Err(_) => return,
        }
    }
});
