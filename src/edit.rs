//! One customer changed or added by hand (`kundreg set`, `kundreg add`): the `FIELD=VALUE`
//! settings read, and made into a list of one row that is planned and applied as an import is,
//! by the same rules (a bad email is refused, an email another customer holds is a conflict),
//! as a version of its own kind.

use std::io::BufReader;

use crate::columns::ShopColumns;
use crate::field::{Field, HeaderMatch, match_header};
use crate::parse::{ParsedFile, parse};

/// Why the settings cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    #[error("{0:?} is not FIELD=VALUE")]
    NotASetting(String),
    #[error("no field is called {0:?}")]
    UnknownField(String),
    #[error("{0:?} is given twice")]
    Twice(Field),
    #[error("{0:?} is given no value")]
    NoValue(Field),
    #[error("a customer number cannot be changed")]
    NumberCannotChange,
    #[error("a new customer needs an email or a customer number")]
    NeedsKey,
    #[error("nothing to set")]
    Nothing,
}

/// The values a person gives, by field, in the order given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings(pub Vec<(Field, String)>);

impl Settings {
    /// Reads `FIELD=VALUE` arguments: FIELD is any name an import header accepts, in Swedish or
    /// English, or the JSON key; a value `#TÖM` or `#CLEAR` clears the field.
    pub fn parse(args: &[String]) -> Result<Settings, SettingError> {
        let mut values: Vec<(Field, String)> = Vec::new();
        for arg in args {
            let (name, value) = arg
                .split_once('=')
                .ok_or_else(|| SettingError::NotASetting(arg.clone()))?;
            let field = field_named(name)?;
            if values.iter().any(|(f, _)| *f == field) {
                return Err(SettingError::Twice(field));
            }
            let value = value.trim();
            if value.is_empty() {
                return Err(SettingError::NoValue(field));
            }
            values.push((field, value.to_string()));
        }
        if values.is_empty() {
            return Err(SettingError::Nothing);
        }
        Ok(Settings(values))
    }

    /// The settings for a change of the customer `number`: the number is not among them.
    pub fn for_change(self) -> Result<Settings, SettingError> {
        if self.0.iter().any(|(f, _)| *f == Field::CustomerNumber) {
            return Err(SettingError::NumberCannotChange);
        }
        Ok(self)
    }

    /// The settings for a new customer: a number or an email among them.
    pub fn for_new(self) -> Result<Settings, SettingError> {
        let keyed = self
            .0
            .iter()
            .any(|(f, _)| matches!(f, Field::CustomerNumber | Field::Email));
        if !keyed {
            return Err(SettingError::NeedsKey);
        }
        Ok(self)
    }

    /// The value given for `field`.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }

    /// The list of one row these settings make, for the customer `number` when one is given:
    /// a header of the fields' Swedish names, then the values, as an import reads it.
    pub fn as_list(&self, number: Option<&str>) -> String {
        let mut fields: Vec<(Field, &str)> = Vec::new();
        if let Some(number) = number {
            fields.push((Field::CustomerNumber, number));
        }
        fields.extend(self.0.iter().map(|(f, v)| (*f, v.as_str())));
        let mut out = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(Vec::new());
        // Writing into memory cannot fail.
        let _ = out.write_record(fields.iter().map(|(f, _)| f.swedish()));
        let _ = out.write_record(fields.iter().map(|(_, v)| *v));
        let bytes = out.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// Reads a list made by [`Settings::as_list`], as an import reads a file.
pub fn read_list(list: &str) -> std::io::Result<ParsedFile> {
    parse(BufReader::new(list.as_bytes()), &ShopColumns::default())
}

/// The field a setting names: a name an import header accepts (Swedish or English; case,
/// spaces and å/ä/ö do not matter) or the JSON key.
fn field_named(name: &str) -> Result<Field, SettingError> {
    let name = name.trim();
    if let Some(field) = Field::ALL.into_iter().find(|f| f.key() == name) {
        return Ok(field);
    }
    match match_header(name) {
        HeaderMatch::Exact(field) => Ok(field),
        _ => Err(SettingError::UnknownField(name.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn settings_are_read_by_every_name_a_header_accepts() {
        let settings = Settings::parse(&args(&["telefon=070-1", "City=Umeå", "first_name=Å"]));
        assert_eq!(
            settings.unwrap().0,
            [
                (Field::Phone, "070-1".to_string()),
                (Field::City, "Umeå".to_string()),
                (Field::FirstName, "Å".to_string())
            ]
        );
        let err = |list: &[&str]| Settings::parse(&args(list)).unwrap_err();
        assert_eq!(
            err(&["telefon"]),
            SettingError::NotASetting("telefon".into())
        );
        assert_eq!(
            err(&["färg=röd"]),
            SettingError::UnknownField("färg".into())
        );
        assert_eq!(err(&["ort=a", "stad=b"]), SettingError::Twice(Field::City));
        assert_eq!(err(&["ort= "]), SettingError::NoValue(Field::City));
        assert_eq!(err(&[]), SettingError::Nothing);
        let number = Settings::parse(&args(&["kundnummer=5"])).unwrap();
        assert_eq!(number.for_change(), Err(SettingError::NumberCannotChange));
        let nameless = Settings::parse(&args(&["ort=Umeå"])).unwrap();
        assert_eq!(nameless.for_new(), Err(SettingError::NeedsKey));
    }

    #[test]
    fn a_list_of_one_row_reads_back_as_given() {
        let settings =
            Settings::parse(&args(&["anteckning=rad ett\nrad \"två\"; tre", "ort=#TÖM"])).unwrap();
        let parsed = read_list(&settings.as_list(Some("17"))).unwrap();
        assert!(parsed.file_errors.is_empty(), "{:?}", parsed.file_errors);
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(parsed.rows.get(0, Field::CustomerNumber), Some("17"));
        assert_eq!(
            parsed.rows.get(0, Field::Note),
            Some("rad ett\nrad \"två\"; tre")
        );
    }
}
