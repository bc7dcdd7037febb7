//! A parsed file planned against an in-memory register made from another: no panic, the
//! plan's counts add up to the rows read, and the fingerprint is the same when planned again.
#![no_main]

use kundreg::customer::Change;
use kundreg::input::Input;
use kundreg::plan::{MemoryRegister, Purpose, plan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // The register's file, then the file to plan, split at the first 0 byte.
    let (register, file) = match bytes.iter().position(|&b| b == 0) {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (&b""[..], bytes),
    };
    let mut memory = MemoryRegister::default();
    if let Ok(first) = Input::from_bytes("r.csv", register)
        && first.parsed.file_errors.is_empty()
    {
        let mut sink = |r: &mut MemoryRegister, c: &[Change]| r.apply(c);
        let applied = plan(
            &[1; 32],
            &first.parsed,
            &mut memory,
            Purpose::Apply(&mut sink),
            &mut |_| {},
        );
        assert!(applied.is_ok(), "a register made by plans reads back");
    }
    let Ok(input) = Input::from_bytes("f.csv", file) else {
        return;
    };
    if !input.parsed.file_errors.is_empty() {
        return;
    }
    let report = |memory: &mut MemoryRegister| {
        plan(
            &[2; 32],
            &input.parsed,
            memory,
            Purpose::Report { unchanged: true },
            &mut |_| {},
        )
        .expect("the register reads")
    };
    let (a, b) = (report(&mut memory), report(&mut memory));
    let c = a.counts;
    assert_eq!(
        (c.new + c.update + c.unchanged + c.error) as usize,
        input.parsed.rows_read
    );
    assert_eq!(a.outcomes.len() as u64, c.new + c.update + c.unchanged);
    assert_eq!(a.fingerprint, b.fingerprint);
});
