//! What names a customer in a file: their customer number, and every email and phone number
//! the register has held for them (now, or in any version of the history), and the versions
//! that changed them. Gathered before
//! the forget erases the history.

use crate::customer::{Customer, decode};
use crate::field::Field;
use crate::store::{ReadView, StoreError};

/// A customer to erase, by what names them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    pub number: String,
    /// Lowercase.
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    /// The versions that changed them: their pages in `done/` (`vN_…`) may hold their other
    /// values in the summary per column.
    pub versions: Vec<u64>,
}

impl Person {
    /// `customer` as the register and its whole history know them.
    pub fn of(view: &ReadView, customer: &Customer) -> Result<Person, StoreError> {
        let mut person = Person {
            number: customer.number().to_string(),
            ..Person::default()
        };
        person.add(customer.get(Field::Email), customer.get(Field::Phone));
        for entry in view.history()? {
            view.for_each_change(&entry, |change| {
                if change.number != person.number {
                    return Ok::<(), StoreError>(());
                }
                if person.versions.last() != Some(&entry.number) {
                    person.versions.push(entry.number);
                }
                for record in [&change.before, &change.after].into_iter().flatten() {
                    if let Ok(values) = decode(&change.number, record) {
                        person.add(values[Field::Email.index()], values[Field::Phone.index()]);
                    }
                }
                Ok(())
            })?;
        }
        Ok(person)
    }

    fn add(&mut self, email: Option<&str>, phone: Option<&str>) {
        let email = email
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty());
        if let Some(email) = email.filter(|e| !self.emails.contains(e)) {
            self.emails.push(email);
        }
        let phone = phone
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty());
        if let Some(phone) = phone.filter(|p| !self.phones.contains(p)) {
            self.phones.push(phone);
        }
    }

    /// True when `text` (any case) holds one of the person's emails or phone numbers.
    pub fn named_in(&self, text: &str) -> bool {
        let lower = text.to_lowercase();
        self.emails.iter().any(|e| lower.contains(e.as_str()))
            || self.phones.iter().any(|p| text.contains(p.as_str()))
    }
}
