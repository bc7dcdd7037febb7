//! The ways to change the register, as a command here or a request on the primary makes them:
//! an import, a customer changed or added by hand, or a rollback, planned on the [`Writer`]
//! inside the one write transaction and held there to the fingerprint the person saw (so what
//! is applied is exactly what was checked), and a forget. The store only applies.

use sha2::{Digest, Sha256};

use crate::archive::{self, Person};
use crate::customer::{Change, Customer};
use crate::edit;
use crate::error::Error;
use crate::input::Input;
use crate::parse::ParsedFile;
use crate::plan::{self, Fingerprint, Plan, Purpose};
use crate::rollback::{self, Undo, UndoPlan};
use crate::shared::outcome::Erasure;
use crate::shared::place::Place;
use crate::store::{Draft, Kind, Source, Store, StoreError, Version, Writer};

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

/// Applies `list`, one customer changed (`Kind::Edit`) or added (`Kind::Add`) by hand (see
/// [`crate::edit`]), as a new version, planned inside one write transaction by the import's
/// rules. Refused, with nothing changed, when its row cannot be applied, when a change would
/// add a customer or an addition change one, or when `expected` is given and the plan's
/// fingerprint differs from it. Returns the number of the customer (none when nothing
/// changes), the plan and the new version.
pub fn by_hand(
    store: &Store,
    kind: Kind,
    list: &str,
    expected: Option<Fingerprint>,
) -> Result<(Option<String>, Plan, Option<Version>), Error> {
    let (parsed, sha) = read_by_hand(kind, list)?;
    let mut number = None;
    let mut sink = |writer: &mut Writer<'_>, changes: &[Change]| {
        number = changes.first().map(|c| c.number.clone()).or(number.take());
        writer.apply(changes)
    };
    let (plan, version) = store.write(|writer| {
        let purpose = Purpose::Apply(&mut sink);
        let plan = plan::plan(&sha, &parsed, writer, purpose, &mut |_| {})?;
        by_hand_applicable(kind, &plan)?;
        if expected.is_some_and(|f| f != plan.fingerprint) {
            return Err(Error::StalePlan);
        }
        let counts = plan.counts;
        let draft = (counts.new + counts.update > 0)
            .then(|| Draft::by_hand(kind, counts.new, counts.update, plan.fingerprint));
        Ok((plan, draft))
    })?;
    Ok((number, plan, version))
}

/// The list of one row a change by hand makes, read as an import reads a file, and the
/// SHA-256 its plan's fingerprint starts from.
pub(crate) fn read_by_hand(kind: Kind, list: &str) -> Result<(ParsedFile, [u8; 32]), Error> {
    let parsed = edit::read_list(list).map_err(|source| Error::Input {
        path: kind.key().into(),
        source,
    })?;
    Ok((parsed, Sha256::digest(list.as_bytes()).into()))
}

/// Whether a plan of a change by hand may be applied: its row is, and a change changes a
/// customer there is, an addition adds one.
pub(crate) fn by_hand_applicable(kind: Kind, plan: &Plan) -> Result<(), Error> {
    if let Some(error) = plan.errors.first() {
        return Err(Error::NotApplicable {
            problem: error.problem.clone(),
        });
    }
    match kind {
        Kind::Add if plan.counts.update + plan.counts.unchanged > 0 => Err(Error::CustomerExists),
        Kind::Edit if plan.counts.new > 0 => Err(Error::CustomerGone),
        _ => Ok(()),
    }
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
            by_hand: erased.by_hand.iter().map(|path| shown(path)).collect(),
        }
    });
    Ok((version, erased))
}
