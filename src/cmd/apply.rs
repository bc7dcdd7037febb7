//! The three ways to change the register, as a command here or a request on the primary makes
//! them: an import or a rollback, planned on the [`Writer`] inside the one write transaction
//! and held there to the fingerprint the person saw (so what is applied is exactly what was
//! checked), and a forget. The store only applies.

use crate::archive::{self, Person};
use crate::customer::{Change, Customer};
use crate::error::Error;
use crate::input::Input;
use crate::plan::{self, Fingerprint, Plan, Purpose};
use crate::rollback::{self, Undo, UndoPlan};
use crate::shared::outcome::Erasure;
use crate::shared::place::Place;
use crate::store::{Draft, Source, Store, StoreError, Version, Writer};

/// Hands a batch of planned changes to the writer.
fn write_batch(writer: &mut Writer<'_>, changes: &[Change]) -> Result<(), StoreError> {
    writer.apply(changes)
}

/// Plans `input` again inside one write transaction and applies it as a new version. Refused
/// when its bytes were already imported, or when `expected` is given and the plan's
/// fingerprint differs from it. Returns the plan and the new version (none when the file
/// changes nothing).
pub fn import(
    store: &Store,
    input: &Input,
    expected: Option<Fingerprint>,
    progress: &mut dyn FnMut(usize),
) -> Result<(Plan, Option<Version>), Error> {
    let source = Source {
        name: input.name.clone(),
        sha256: input.inspection.sha256,
    };
    let parsed = &input.parsed;
    store.write(|writer| {
        if let Some(version) = writer.imported_as(&source.sha256)? {
            return Err(Error::AlreadyImported {
                version: version.number,
                at: version.at,
            });
        }
        let purpose = Purpose::Apply(&mut write_batch);
        let plan = plan::plan(&source.sha256, parsed, writer, purpose, progress)?;
        if expected.is_some_and(|f| f != plan.fingerprint) {
            return Err(Error::StalePlan);
        }
        let counts = plan.counts;
        let draft = (counts.new + counts.update > 0)
            .then(|| Draft::import(&source, counts.new, counts.update, plan.fingerprint));
        Ok((plan, draft))
    })
}

/// Works `undo` out inside one write transaction and applies it as a new version. Refused,
/// with nothing changed, when conflicts stand in the way or when `expected` is given and the
/// rollback's fingerprint differs from it. Returns the plan and the new version (none when
/// there is nothing to undo).
pub fn rollback(
    store: &Store,
    undo: Undo,
    force: bool,
    expected: Option<Fingerprint>,
) -> Result<(UndoPlan, Option<Version>), Error> {
    store.write(|writer| {
        let plan = rollback::plan(writer, undo, force, Some(&mut write_batch))?;
        if !plan.applicable() {
            return Err(Error::Conflicts {
                plan: Box::new(plan),
            });
        }
        if expected.is_some_and(|f| f != plan.fingerprint) {
            return Err(Error::StaleRollback);
        }
        let draft = plan.draft();
        Ok((plan, draft))
    })
}

/// Forgets `customer` in the register, then in what kundreg keeps in the register's shared
/// folder, if it has one (see [`archive`]). Returns the version and what was erased there.
pub(crate) fn forget(
    store: Store,
    customer: &Customer,
) -> Result<(Version, Option<Erasure>), Error> {
    let person = Person::of(&store.read()?, customer)?;
    let inbox = Place::of(&store)?.map(|place| place.inbox);
    let db = store.path().to_path_buf();
    let version = store.forget(customer)?;
    // The copies kept before rebuilds may hold the person too.
    crate::shared::kept::remove_all(&db);
    let erased = inbox.map(|inbox| {
        let erased = archive::erase(&inbox, &person);
        let shown = |path: &std::path::Path| {
            let shown = path.strip_prefix(&inbox).unwrap_or(path).display();
            crate::inert::visible(&shown.to_string()).into_owned()
        };
        Erasure {
            rewritten: erased.rewritten.len() as u64,
            waiting: erased.waiting,
            failed: erased
                .failed
                .iter()
                .map(|(path, why)| (shown(path), why.clone()))
                .collect(),
        }
    });
    Ok((version, erased))
}
