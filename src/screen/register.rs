//! The register's pages: the customers (searched by `kundreg find`'s rules, paged), its
//! likely duplicates (as `kundreg duplicates` lists them), and a customer's card with the
//! versions that changed them (changing them is `by_hand`'s).

use axum::extract::Query;
use axum::response::Response;
use maud::{Markup, html};

use super::page::{Ctx, Section, blocking, encode};
use crate::cmd::open;
use crate::customer::Customer;
use crate::error::Error;
use crate::field::Field;
use crate::report::changes::field_changes;
use crate::search::Query as Search;
use crate::store::Access;

/// Customers on one page of the register.
pub const PAGE: usize = 50;

/// The register page's query.
#[derive(Default, serde::Deserialize)]
pub struct Listing {
    #[serde(default)]
    q: String,
    /// The customer number a page of the whole register starts from.
    #[serde(default)]
    from: String,
    /// The page of a search, from 1.
    page: Option<usize>,
}

/// The register: its size and version, a search box, and a page of customers.
pub async fn list(ctx: Ctx, Query(listing): Query<Listing>) -> Response {
    blocking(move || match listed(&ctx, &listing) {
        Ok(page) => page,
        Err(e) => ctx.failed(Section::Register, &e),
    })
    .await
}

fn listed(ctx: &Ctx, listing: &Listing) -> Result<Response, Error> {
    let s = ctx.t.screen;
    let r = ctx.t.register;
    let settings = ctx.settings();
    let words = listing.q.trim();
    let page = listing.page.unwrap_or(1).clamp(1, 1000);
    let Some(store) = open(&settings, Access::Read)? else {
        let body =
            html! { p.note { (s.no_register) } p { a.button href="/import" { (s.import) } } };
        return Ok(ctx.page(Section::Register, s.register, body));
    };
    let view = store.read()?;
    let (count, version) = (view.len(), view.version());
    let (customers, next, total) = if words.is_empty() {
        let mut customers = view.customers_from(&listing.from, PAGE + 1)?;
        let next = (customers.len() > PAGE).then(|| customers.remove(PAGE).number().to_string());
        (
            customers,
            next.map(|n| format!("/?from={}", encode(&n))),
            None,
        )
    } else {
        let found = view.search(&Search::parse(words)?, page * PAGE)?;
        let more =
            found.total > page * PAGE || !found.complete && found.customers.len() == page * PAGE;
        let next = more.then(|| format!("/?q={}&page={}", encode(words), page + 1));
        let customers = found
            .customers
            .into_iter()
            .skip((page - 1) * PAGE)
            .collect();
        (customers, next, Some((found.total, found.complete)))
    };
    drop(view);
    let body = html! {
        p.facts data-customers=(count) data-version=(version) { ((s.register_facts)(count, version)) }
        form.search method="get" action="/" role="search" {
            label for="q" { (s.search_label) }
            input #q type="search" name="q" value=(words) autofocus;
            " " button type="submit" { (s.search) }
            " " a.button.quiet href="/customer/new" { (s.new_customer) }
            " " a.button.quiet href="/duplicates" { (s.duplicates) }
        }
        @if let Some((total, complete)) = total {
            p.facts { @if complete { ((s.found)(total)) } @else { ((s.found_more_than)(total)) } }
        }
        @if customers.is_empty() {
            p { (if words.is_empty() { s.no_customers } else { r.found_none }) }
        } @else {
            table.customers {
                thead { tr { @for head in r.find_columns { th { (head) } } } }
                tbody { @for c in &customers { (row(c)) } }
            }
        }
        @if let Some(next) = next { p { a rel="next" href=(next) { (s.next_page) } } }
    };
    Ok(ctx.page(Section::Register, s.register, body))
}

/// Groups of likely duplicates listed on one page; `kundreg duplicates` lists them all.
const GROUPS_LISTED: usize = 200;

/// The register's likely duplicates: customers who share a phone, or a first name, last name
/// and postal code, each group with its customers linked to their cards.
pub async fn duplicates(ctx: Ctx) -> Response {
    blocking(move || {
        let s = ctx.t.screen;
        let r = ctx.t.register;
        let groups = match crate::cmd::duplicates::groups(&ctx.settings()) {
            Ok(groups) => groups,
            Err(e) => return ctx.failed(Section::Register, &e),
        };
        let body = html! {
            p.facts { (s.duplicates_explained) }
            @if groups.is_empty() { p { (r.no_duplicates) } } @else {
                p.facts { ((r.duplicate_groups)(groups.len())) }
                @for (shared, customers) in groups.iter().take(GROUPS_LISTED) {
                    h2 { ((r.shared)(*shared)) }
                    table.customers data-shared=(shared.key()) {
                        thead { tr { @for head in r.find_columns { th { (head) } } } }
                        tbody { @for c in customers { (row(c)) } }
                    }
                }
                @if groups.len() > GROUPS_LISTED {
                    p.facts { ((s.more_duplicates)(groups.len() - GROUPS_LISTED)) }
                }
            }
        };
        ctx.page(Section::Register, s.duplicates, body)
    })
    .await
}

/// A customer as a row of the register's tables, linked to their card.
fn row(c: &Customer) -> Markup {
    html! {
        tr data-number=(c.number()) {
            td { a href=(card_link(c.number())) { (c.number()) } }
            td { (name_of(c)) }
            td { (c.get(Field::Email).unwrap_or_default()) }
            td { (c.get(Field::Phone).unwrap_or_default()) }
            td { (c.get(Field::City).unwrap_or_default()) }
        }
    }
}

/// A customer's name as the list shows it: first and last name, else the company.
fn name_of(c: &Customer) -> String {
    let [first, last, company] =
        [Field::FirstName, Field::LastName, Field::Company].map(|f| c.get(f).unwrap_or_default());
    match format!("{first} {last}").trim() {
        "" => company.to_string(),
        name => name.to_string(),
    }
}

/// The address of a customer's card.
fn card_link(number: &str) -> String {
    format!("/customer?number={}", encode(number))
}

/// A customer asked for by number.
#[derive(serde::Deserialize)]
pub struct Numbered {
    pub(super) number: String,
}

/// The customer with `number`, or the error saying there is none.
pub(super) fn customer(
    ctx: &Ctx,
    number: &str,
) -> Result<(Customer, crate::store::ReadView), Error> {
    let not_found = || Error::NoSuchCustomer { key: number.into() };
    let store = open(&ctx.settings(), Access::Read)?.ok_or_else(not_found)?;
    let view = store.read()?;
    let customer = view.find(number)?.ok_or_else(not_found)?;
    Ok((customer, view))
}

/// A customer's card: every field, the versions that changed them, a change and forgetting.
pub async fn card(ctx: Ctx, Query(asked): Query<Numbered>) -> Response {
    blocking(move || match carded(&ctx, &asked.number) {
        Ok(page) => page,
        Err(e) => ctx.failed(Section::Register, &e),
    })
    .await
}

fn carded(ctx: &Ctx, number: &str) -> Result<Response, Error> {
    let s = ctx.t.screen;
    let r = ctx.t.register;
    let (customer, view) = customer(ctx, number)?;
    let versions = view.versions_of(customer.number())?;
    drop(view);
    let number = customer.number();
    let body = html! {
        dl.card data-number=(number) {
            @for field in Field::ALL {
                @if let Some(value) = customer.get(field) {
                    dt { ((ctx.t.field_name)(field)) }
                    dd data-field=(field.key()) { (value) }
                }
            }
        }
        p.buttons { a.button href=(format!("/customer/edit?number={}", encode(number))) { (s.edit) } }
        h2 { (r.versions_title) }
        table.versions {
            thead { tr { @for head in r.versions_columns { th { (head) } } } }
            tbody {
                @for (v, change) in &versions {
                    tr {
                        td { a href=(format!("/history/version?v={}", v.number)) { "v" (v.number) } }
                        td { (crate::lang::local_time(v.at)) }
                        td { (ctx.t.kind_word(v.kind)) }
                        td { (v.file.as_deref().unwrap_or_default()) }
                        td { (changed_fields(ctx, change)) }
                    }
                }
            }
        }
        h2 { (s.forget_title) }
        form.forget method="post" action=(ctx.action(&format!("/customer/forget?number={}", encode(number)))) {
            p.warning { ((s.forget_explained)(number)) }
            label for="typed" { ((s.forget_type_number)(number)) }
            input #typed type="text" name="typed" autocomplete="off" required;
            p { button.danger type="submit" name="forget" { (s.forget) } }
        }
    };
    Ok(ctx.page(Section::Register, &name_or_number(&customer), body))
}

/// The names of the fields a version changed.
fn changed_fields(ctx: &Ctx, change: &crate::customer::Change) -> String {
    field_changes(change)
        .map(|fields| {
            let names: Vec<&str> = fields
                .iter()
                .map(|(f, _, _)| (ctx.t.field_name)(*f))
                .collect();
            names.join(", ")
        })
        .unwrap_or_default()
}

fn name_or_number(c: &Customer) -> String {
    match name_of(c) {
        name if name.is_empty() => c.number().to_string(),
        name => format!("{name} ({})", c.number()),
    }
}
