//! A register opened in the test itself, and what two registers must agree on.

use std::path::Path;
use std::time::Duration;

use kundreg::customer::Customer;
use kundreg::store::{Access, Store, StoreError, Version};

/// The register at `path`, opened for writing (made if there is none), without waiting.
pub fn open(path: &Path) -> Result<Store, StoreError> {
    Store::open(path, Access::Write, Duration::ZERO, &mut || {})?
        .ok_or_else(|| StoreError::NotARegister { path: path.into() })
}

/// Everything two copies of one register must agree on: the customers, the whole history and
/// the checksum.
pub fn state(path: &Path) -> (Vec<Customer>, Vec<Version>, [u8; 32]) {
    let store = open(path).unwrap();
    let view = store.read().unwrap();
    let mut customers = Vec::new();
    view.for_each_customer(|c| {
        customers.push(c);
        Ok::<(), StoreError>(())
    })
    .unwrap();
    let checksum = view.checksum().unwrap().to_bytes();
    (customers, view.history().unwrap(), checksum)
}
