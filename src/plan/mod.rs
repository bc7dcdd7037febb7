//! Planning the changes a file would make, with the plan's fingerprint. Pure: the register is
//! reached through [`Register`], and the same code plans a preview (read-only) and an apply
//! (inside the write transaction, its changes handed to a sink). `targets` matches rows to
//! customers; `register` is the trait and the in-memory register.
//!
//! Rows are handled in key order, never in file order: lookups then visit the register's
//! blocks front to back, once each, which is what makes a million-row file fast.

mod outcome;
mod pipeline;
mod register;
mod sorted;
mod targets;

use crate::search::duplicates::Alike;
use sha2::{Digest, Sha256};

use crate::customer::Change;
use crate::parse::{ParsedFile, RowError};

pub use outcome::{OutcomeTexts, RowOutcome, Status};
use pipeline::{Planner, pipeline};
pub use register::{MemoryRegister, Register};
use targets::Targets;

/// How many customers are fetched, planned and handed to the sink at a time.
pub const BATCH: usize = 4096;

/// Number of rows per status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: u64,
    pub update: u64,
    pub unchanged: u64,
    pub error: u64,
}

/// A plan's fingerprint: SHA-256 of the file's bytes and of every change it would make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Fingerprint(pub [u8; 32]);

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// A planned import.
#[derive(Clone, Debug)]
pub struct Plan {
    pub register_version: u64,
    pub fingerprint: Fingerprint,
    pub counts: Counts,
    /// One per valid row, in file order; empty when the plan was made to be applied.
    pub outcomes: Vec<RowOutcome>,
    /// The texts of the outcomes.
    pub texts: OutcomeTexts,
    /// Every row that is not applied, in file order (parse errors included).
    pub errors: Vec<RowError>,
    /// The new rows like a customer the register holds or a row before them: worked out for
    /// a preview, beside the plan (see [`crate::search::duplicates`]).
    pub duplicates: Vec<Alike>,
}

/// Where planned changes go, batch by batch, in customer-number order (the apply's writer).
pub type Sink<'a, R> = &'a mut dyn FnMut(&mut R, &[Change]) -> Result<(), <R as Register>::Error>;

/// What a plan is made for.
pub enum Purpose<'a, R: Register> {
    /// A report: the outcome of every valid row is kept, of unchanged rows only if `unchanged`.
    Report { unchanged: bool },
    /// An apply: every change is handed to the sink, and no outcomes are kept.
    Apply(Sink<'a, R>),
}

/// Plans `parsed` (whose bytes hash to `file_sha`) against `register`, for `purpose`.
/// `progress` is called with the number of rows planned so far.
pub fn plan<R: Register>(
    file_sha: &[u8; 32],
    parsed: &ParsedFile,
    register: &mut R,
    mut purpose: Purpose<'_, R>,
    progress: &mut dyn FnMut(usize),
) -> Result<Plan, R::Error> {
    let mut errors = parsed.row_errors.clone();
    let (mut targets, by_number) = Targets::resolve(parsed, register, &mut errors)?;
    let order = targets.in_number_order(parsed, register, by_number)?;

    let planner = Planner::new(file_sha, errors.len() as u64, &purpose);
    let Planner {
        hasher,
        counts,
        mut outcomes,
        texts,
        ..
    } = pipeline(
        parsed,
        &targets,
        &order,
        register,
        planner,
        &mut purpose,
        progress,
    )?;
    outcomes.sort_unstable_by_key(|o| o.row);
    let texts = texts.in_order_of(&mut outcomes);
    errors.sort_by_key(|e| e.line);
    Ok(Plan {
        register_version: register.version(),
        fingerprint: Fingerprint(hasher.finalize().into()),
        counts,
        outcomes,
        texts,
        errors,
        duplicates: Vec::new(),
    })
}

/// Adds one change to a fingerprint; a missing record hashes as `-`, which no record is.
pub fn hash_change(hasher: &mut Sha256, number: &str, before: Option<&[u8]>, after: Option<&[u8]>) {
    for part in [
        number.as_bytes(),
        before.unwrap_or(b"-"),
        after.unwrap_or(b"-"),
    ] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::RecordError;
    use crate::field::Field;
    use crate::parse::RowProblem;

    fn register_with(rows: &str) -> MemoryRegister {
        let mut register = MemoryRegister::default();
        let parsed = crate::input::Input::from_bytes("r.csv", rows.as_bytes())
            .unwrap()
            .parsed;
        let mut sink = |r: &mut MemoryRegister, c: &[Change]| r.apply(c);
        plan(
            &[0; 32],
            &parsed,
            &mut register,
            Purpose::Apply(&mut sink),
            &mut |_| {},
        )
        .unwrap();
        register
    }

    fn plan_for(register: &mut MemoryRegister, text: &str) -> Plan {
        let parsed = crate::input::Input::from_bytes("f.csv", text.as_bytes())
            .unwrap()
            .parsed;
        plan(
            &[0; 32],
            &parsed,
            register,
            Purpose::Report { unchanged: true },
            &mut |_| {},
        )
        .unwrap()
    }

    fn problems(plan: &Plan) -> Vec<(u32, RowProblem)> {
        plan.errors
            .iter()
            .map(|e| (e.line, e.problem.clone()))
            .collect()
    }

    #[test]
    fn the_matching_table() {
        let mut register =
            register_with("kundnr,epost,förnamn\n1,a@x.se,Anna\n2,b@x.se,Bo\n3,,Cecilia\n");
        let p = plan_for(
            &mut register,
            "kundnr,epost,förnamn\n1,a@x.se,Anna\n1,b@x.se,Anna\n3,c@x.se,Cissi\n\
             9,a@x.se,\n4,,Dan\n,d@x.se,Dora\n,b@x.se,Bosse\n",
        );
        assert_eq!(
            problems(&p),
            vec![
                (
                    2,
                    RowProblem::SameCustomerAs {
                        lines: vec![3, 5],
                        more: 0
                    }
                ),
                (
                    3,
                    RowProblem::NumberAndEmailDiffer {
                        by_number: "1".into(),
                        by_email: "2".into()
                    }
                ),
                (
                    5,
                    RowProblem::EmailHasOtherNumber {
                        email: "a@x.se".into(),
                        number: "1".into()
                    }
                ),
                (
                    8,
                    RowProblem::SameCustomerAs {
                        lines: vec![3],
                        more: 0
                    }
                ),
            ]
        );
        let statuses: Vec<_> = p
            .outcomes
            .iter()
            .map(|o| (o.status, p.texts.number(o)))
            .collect();
        assert_eq!(
            statuses,
            vec![
                (Status::Update, None),
                (Status::New, None),
                (Status::New, Some("10")),
            ]
        );
        // Row 4 sets customer 3's email (it had none) and changes the name.
        assert_eq!(p.outcomes[0].changed, (1 << 1) | (1 << 2));
        assert_eq!(
            p.texts.old(&p.outcomes[0], Field::FirstName),
            Some("Cecilia")
        );
    }

    #[test]
    fn same_values_are_not_changes() {
        let mut register =
            register_with("kundnr,epost,telefon,postnr\n17,s@x.se,070-123 45 67,123 45\n");
        let p = plan_for(
            &mut register,
            "kundnr,e-post,mobil,zip\n17,S@X.se,+46701234567,12345\n",
        );
        assert_eq!(p.counts.unchanged, 1);
        assert_eq!(p.outcomes[0].same, (1 << 9) | (1 << 6));
    }

    #[test]
    fn email_only_customers_get_the_next_free_number() {
        let mut register = register_with("kundnr\n0099\nabc\n7\n");
        let p = plan_for(&mut register, "epost,kundnr\nny@x.se,\nnu@x.se,\n,120\n");
        let numbers: Vec<_> = p.outcomes.iter().map(|o| p.texts.number(o)).collect();
        assert_eq!(numbers, vec![Some("121"), Some("122"), None]);
    }

    #[test]
    fn a_failure_in_any_batch_ends_the_plan_with_it() {
        let rows: String = (0..10_000).map(|i| format!("{i},Stad{i}\n")).collect();
        let mut register = register_with(&format!("kundnr,stad\n{rows}"));
        let file = format!("kundnr,stad\n{}", rows.replace("Stad", "Ort"));
        let parsed = crate::input::Input::from_bytes("f.csv", file.as_bytes())
            .unwrap()
            .parsed;
        // A sink that fails on the second batch, while the third is being worked out.
        let mut batches = 0;
        let mut failing = |_: &mut MemoryRegister, _: &[Change]| {
            batches += 1;
            if batches == 2 {
                Err(RecordError { number: "x".into() })
            } else {
                Ok(())
            }
        };
        let apply = plan(
            &[0; 32],
            &parsed,
            &mut register,
            Purpose::Apply(&mut failing),
            &mut |_| {},
        );
        assert!(apply.is_err());
        assert_eq!(batches, 2, "nothing more is written after a failure");
        // A record that cannot be read, in the third batch of the plan.
        register.customers.insert("9000".into(), vec![0xff]);
        let report = plan(
            &[0; 32],
            &parsed,
            &mut register,
            Purpose::Report { unchanged: true },
            &mut |_| {},
        );
        assert!(report.is_err());
    }

    #[test]
    fn the_fingerprint_follows_the_changes() {
        let mut register = register_with("kundnr,stad\n1,Lund\n");
        let a = plan_for(&mut register, "kundnr,stad\n1,Malmö\n");
        let b = plan_for(&mut register, "kundnr,stad\n1,Malmö\n");
        let c = plan_for(&mut register, "kundnr,stad\n1,Ystad\n");
        assert_eq!(a.fingerprint, b.fingerprint);
        assert_ne!(a.fingerprint, c.fingerprint);
    }
}
