//! The glance's texts in English.

use crate::lang::glance::{GlanceTexts, Looks, Shared};

pub static TEXTS: GlanceTexts = GlanceTexts {
    summary_title: "Column by column",
    summary_heads: [
        "column",
        "new",
        "changed",
        "cleared",
        "most frequent new values",
    ],
    warning: "WARNING",
    fill_down: |field, rows, value, olds, lines| {
        format!(
            "{field}: {rows} customers get \"{value}\", replacing {olds} different values ({lines}). Did Excel's fill-down or a paste run too far? Check the column before confirming."
        )
    },
    short_postal_code: |field, rows, example, lines| {
        format!(
            "{field}: {rows} customers get a postal code of 4 digits, such as {example} ({lines}); Swedish ones have 5. Excel may have dropped a digit or a leading zero: format the column as text and save again."
        )
    },
    lost_zero_phone: |field, rows, example, lines| {
        format!(
            "{field}: {rows} customers get a number without its leading 0 or +, such as {example} ({lines}). Excel removes it from a column it reads as numbers: format the column as text and save again."
        )
    },
    scientific: |field, example, lines| {
        format!(
            "{field}: values in Excel's scientific notation, such as {example} ({lines}): their digits are lost. Format the column as text in Excel and save again."
        )
    },
    shifted: |field, rows, of, looks, lines| {
        format!(
            "{field}: {rows} of {of} values look like {looks} ({lines}). Does the column's header match its data?"
        )
    },
    possible_duplicate: |shared, rows, examples, more| {
        let what = match shared {
            Shared::Phone => "the same phone number",
            Shared::Name => "the same first name, last name and postal code",
        };
        let rows = match rows {
            1 => "1 new customer has".to_string(),
            n => format!("{n} new customers have"),
        };
        let more = if more { "; …" } else { "" };
        format!(
            "{rows} {what} as a customer of the register or a line before: {}{more}. Could it be the same person? Then give the line that customer's number (or email), so they are updated rather than added again.",
            examples.join("; ")
        )
    },
    alike: |line, customers, lines| {
        let mut like: Vec<String> = customers.iter().map(|c| format!("customer {c}")).collect();
        like.extend(lines.iter().map(|l| format!("line {l}")));
        format!("line {line} like {}", like.join(", "))
    },
    lines: |list, many| {
        if many {
            format!("lines {list}")
        } else {
            format!("line {list}")
        }
    },
    looks: |looks| match looks {
        Looks::Email => "email addresses",
        Looks::PostalCode => "postal codes",
        Looks::Phone => "phone numbers",
    },
};
