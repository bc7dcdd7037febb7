//! Where a row's value of each field is found among its cells: in one column (the common
//! case), in the first of several that is not empty (a system's two phone columns), with
//! further lines added (`Address2`), or in a part of one cell (a whole name, Mailchimp's
//! whole address). Where a list gives two addresses, a row's address is all from the first
//! one it has, never a street from one and a city from the other.

use std::borrow::Cow;

use super::header::{Column, Reading};
use crate::field::{FIELD_COUNT, Field};
use crate::systems::{AddressParts, is_address, split_address, split_full_name};

/// How the rows' values are found in their cells.
#[derive(Debug, Default)]
pub(super) struct Layout {
    /// The number of header cells.
    pub width: usize,
    slots: Vec<Slot>,
    /// The column of a whole address, if any.
    address: Option<usize>,
    /// Whether an address field has columns of more than one rank.
    ranked_address: bool,
}

/// One field of the rows and the cells its value comes from, first choice first.
#[derive(Debug)]
struct Slot {
    field: Field,
    sources: Vec<Source>,
}

#[derive(Clone, Copy, Debug)]
struct Source {
    /// The column's place among the header's columns, and its cell's among the row's.
    column: usize,
    cell: usize,
    rank: u8,
    /// A further line of the value of the same rank.
    more: bool,
    part: Part,
}

/// Which part of a cell a source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Whole,
    FirstName,
    LastName,
    Street,
    PostalCode,
    City,
    Country,
}

/// A value found for a field, and the column it came from (its place among the header's).
pub(super) type Found<'r> = Option<(Cow<'r, str>, usize)>;

impl Layout {
    /// The layout of `columns`: fields in the order their first column comes.
    pub fn new(columns: &[Column], width: usize) -> Layout {
        let mut layout = Layout {
            width,
            ..Layout::default()
        };
        for (at, column) in columns.iter().enumerate() {
            let source = |rank, more, part| Source {
                column: at,
                cell: column.index,
                rank,
                more,
                part,
            };
            let sources: Vec<(Field, Source)> = match column.reading {
                Reading::Ignored => vec![],
                Reading::Whole { rank } | Reading::More { rank } => {
                    let Some(field) = column.field else { continue };
                    let more = matches!(column.reading, Reading::More { .. });
                    vec![(field, source(rank, more, Part::Whole))]
                }
                Reading::FullName => vec![
                    (Field::FirstName, source(0, false, Part::FirstName)),
                    (Field::LastName, source(0, false, Part::LastName)),
                ],
                Reading::Address => {
                    layout.address = Some(column.index);
                    vec![
                        (Field::Address, source(0, false, Part::Street)),
                        (Field::PostalCode, source(0, false, Part::PostalCode)),
                        (Field::City, source(0, false, Part::City)),
                        (Field::Country, source(0, false, Part::Country)),
                    ]
                }
            };
            for (field, source) in sources {
                match layout.slots.iter_mut().find(|s| s.field == field) {
                    Some(slot) => slot.sources.push(source),
                    None => layout.slots.push(Slot {
                        field,
                        sources: vec![source],
                    }),
                }
            }
        }
        for slot in &mut layout.slots {
            slot.sources.sort_by_key(|s| (s.rank, s.more));
            layout.ranked_address |=
                is_address(slot.field) && slot.sources.iter().any(|s| s.rank > 0);
        }
        layout
    }

    /// The fields of the rows, in order.
    pub fn fields(&self) -> Vec<Field> {
        self.slots.iter().map(|s| s.field).collect()
    }

    /// The value of each field in a row whose trimmed cells `cell` gives, into `found` (one
    /// per field, in order: a field has one slot). Returns false where the row's whole
    /// address was not clear and was kept whole as the street.
    pub fn read<'r>(
        &self,
        cell: &dyn Fn(usize) -> &'r str,
        found: &mut [Found<'r>; FIELD_COUNT],
    ) -> bool {
        let address = self.address.map(|c| (cell(c), split_address(cell(c))));
        let clear = !matches!(address, Some((whole, None)) if !whole.is_empty());
        let part = |s: &Source| -> Option<Cow<'r, str>> {
            let text = match s.part {
                Part::Whole => Some(Cow::Borrowed(cell(s.cell))),
                Part::FirstName => split_full_name(cell(s.cell)).0.map(Cow::Borrowed),
                Part::LastName => split_full_name(cell(s.cell)).1.map(Cow::Borrowed),
                address_part => address_part_of(address.as_ref()?, address_part),
            };
            text.filter(|t| !t.is_empty())
        };
        let address_rank = if self.ranked_address {
            self.slots
                .iter()
                .filter(|slot| is_address(slot.field))
                .flat_map(|slot| &slot.sources)
                .filter(|s| part(s).is_some())
                .map(|s| s.rank)
                .min()
        } else {
            None
        };
        for (slot, found) in self.slots.iter().zip(found.iter_mut()) {
            let chosen =
                |s: &&Source| address_rank.is_none_or(|r| !is_address(slot.field) || s.rank == r);
            if let [only] = slot.sources.as_slice() {
                *found = Some(only)
                    .filter(chosen)
                    .and_then(|s| part(s).map(|v| (v, s.column)));
                continue;
            }
            let mut value: Found<'r> = None;
            let mut rank = None;
            for s in slot.sources.iter().filter(chosen) {
                if rank.is_some_and(|r| r != s.rank) {
                    break;
                }
                let Some(text) = part(s) else { continue };
                value = Some(match value {
                    None => (text, s.column),
                    Some((before, column)) => {
                        let joint = if slot.field == Field::FirstName {
                            " "
                        } else {
                            ", "
                        };
                        (Cow::Owned(format!("{before}{joint}{text}")), column)
                    }
                });
                rank = Some(s.rank);
            }
            *found = value;
        }
        clear
    }
}

/// One part of a whole address (`None` where it has none); an address whose parts are not
/// clear is all street.
fn address_part_of<'r>(
    (whole, parts): &(&'r str, Option<AddressParts<'r>>),
    part: Part,
) -> Option<Cow<'r, str>> {
    let Some(parts) = parts else {
        return (part == Part::Street).then_some(Cow::Borrowed(*whole));
    };
    match part {
        Part::Street => Some(Cow::Borrowed(parts.street)),
        Part::PostalCode => parts.postal_code.clone().map(Cow::Owned),
        Part::City => parts.city.clone().map(Cow::Owned),
        Part::Country => parts.country.map(Cow::Borrowed),
        _ => None,
    }
}
