//! Expectations: what a scenario says its simulation must end with, and the check of a
//! [`Report`] against them. Pure: no I/O, never panics. Used by `hooksim test`, and by anything
//! else that grades a run (the playground's lesson goals).
//!
//! # The `expect:` block
//!
//! It is a key of the `kind: Scenario` document (a file beside the manifests is the Scenario
//! given separately, `--scenario FILE`, which may hold it too):
//!
//! ```yaml
//! expect:
//!   phase: Failed                     # the final phase of the last operation
//!   message: {contains: backoff}      # its message: a string is exact, {contains: …} a part
//!   operation: 1                      # optional: phase and message of operation 1 (1-based), not the last
//!   ran: [Job/db-migrate]             # applied (created) in some operation
//!   notRan: [Job/smoke-test]          # never applied
//!   left: [Job/db-migrate]            # still in the cluster at the end
//!   notLeft: [Job/smoke-test]         # not in the cluster at the end
//!   events:                           # each one must happen at least once
//!     - {type: JobFailed, ref: Job/db-migrate, by: 50}   # at or before second 50
//!     - {type: PodCreated, ref: Job/db-migrate, at: 15}  # at second 15 exactly
//!     - {type: Applied, ref: Deployment/web, after: 6}  # at or after second 6
//!     - {type: HookCompleted, message: {contains: backoff limit}}
//!   podAttempts:                      # pods created for a Job, over all operations
//!     Job/db-migrate: 3
//! ```
//!
//! An object is named `Kind/name` as the manifests name it (`Kind/generateName` for a
//! `generateName` hook, as in `outcomes:`), or by the name it was created with. `phase` may
//! also be `{contains: …}`. Event types are the report's (`PodFailed`, `JobComplete`, …).
//!
//! # The API
//!
//! - [`parse`]: reads the value of an `expect:` key (a YAML [`Node`]). What it cannot read is an
//!   `expect-invalid` error diagnostic at the entry, and left out; the rest is kept.
//! - [`read`]: finds the `kind: Scenario` document of a YAML stream (or its first document) and
//!   reads its `expect:` key: `None` when it has none. For callers holding only text.
//! - [`check`]: `check(&Report, &Expectations) -> Vec<Failure>`, empty when every expectation
//!   holds. Each [`Failure`] says what was expected, what happened instead, where the
//!   expectation stands in the scenario, and which events of the report show why.
//!
//! The Scenario reader (`scenario::parse`) calls [`parse`] for its `expect:` key, so the
//! expectations of a simulated input are also in `sim::prepare(..).scenario.expect`, and lint
//! reports their diagnostics.

use serde::Serialize;

pub use crate::input::expectations::{parse, read, Check, Expect, Expectations, Text};
use crate::report::{Event, EventType, OperationReport, Report};

/// An expectation that does not hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// The expectation as written ([`Check::describe`]).
    pub expected: String,
    /// What the simulation did instead.
    pub got: String,
    /// Where the expectation stands in the scenario document.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The events that show why, as (operation index, event index) into the report, in time
    /// order: the timeline excerpt to print with the failure. At most [`MAX_EVIDENCE`].
    pub evidence: Vec<(usize, usize)>,
}

/// Events a failure cites at most.
pub const MAX_EVIDENCE: usize = 12;

/// Whether an event or a result names `r`: the manifest's selector or the created name.
fn names(reference: Option<&str>, kind: Option<&str>, name: Option<&str>, r: &str) -> bool {
    reference == Some(r) || matches!((kind, name), (Some(k), Some(n)) if r.split_once('/') == Some((k, n)))
}

fn of(e: &Event, r: &str) -> bool {
    names(e.reference.as_deref(), e.kind.as_deref(), e.name.as_deref(), r)
}

/// The report's events with their (operation, event) index.
fn all_events(report: &Report) -> impl Iterator<Item = ((usize, usize), &Event)> {
    report.operations.iter().enumerate().flat_map(|(o, op)| op.events.iter().enumerate().map(move |(i, e)| ((o, i), e)))
}

fn evidence(report: &Report, keep: impl Fn(&Event) -> bool) -> Vec<(usize, usize)> {
    all_events(report).filter(|(_, e)| keep(e)).map(|(at, _)| at).take(MAX_EVIDENCE).collect()
}

/// The events that end an operation, for phase and message failures.
fn ending(report: &Report, o: usize) -> Vec<(usize, usize)> {
    let Some(op) = report.operations.get(o) else { return Vec::new() };
    let n = op.events.len();
    (n.saturating_sub(3)..n).map(|i| (o, i)).collect()
}

/// Checks `report` against `exp`: one [`Failure`] for each expectation that does not hold, in
/// the order written.
pub fn check(report: &Report, exp: &Expectations) -> Vec<Failure> {
    let mut out = Vec::new();
    for item in &exp.items {
        if let Some((got, evidence)) = fails(report, &item.check) {
            out.push(Failure { expected: item.check.describe(), got, line: item.line, column: item.column, evidence });
        }
    }
    out
}

type Why = (String, Vec<(usize, usize)>);

fn fails(report: &Report, check: &Check) -> Option<Why> {
    let op = |o: &Option<usize>| -> Result<(usize, &OperationReport), Why> {
        let i = o.unwrap_or(report.operations.len().saturating_sub(1));
        match report.operations.get(i) {
            Some(op) => Ok((i, op)),
            None => Err((format!("the simulation ran {} operation(s)", report.operations.len()), Vec::new())),
        }
    };
    let ran = |r: &str| all_events(report).any(|(_, e)| e.ty == EventType::Applied && of(e, r));
    let left = |r: &str| report.remaining.iter().any(|x| names(Some(&x.reference), Some(&x.kind), Some(&x.name), r));
    let about = |r: &str| evidence(report, |e| of(e, r));
    match check {
        Check::Phase { operation, text } => match op(operation) {
            Err(why) => Some(why),
            Ok((_, o)) if text.matches(&o.phase) => None,
            Ok((i, o)) => Some((format!("phase {} (message: {})", o.phase, o.message), ending(report, i))),
        },
        Check::Message { operation, text } => match op(operation) {
            Err(why) => Some(why),
            Ok((_, o)) if text.matches(&o.message) => None,
            Ok((i, o)) => Some((format!("message \"{}\" (phase {})", o.message, o.phase), ending(report, i))),
        },
        Check::Ran(r) if !ran(r) => {
            let seen = about(r);
            let got = if seen.is_empty() {
                format!("{r} was never applied, and no event names it")
            } else {
                format!("{r} was never applied")
            };
            Some((got, seen))
        }
        Check::NotRan(r) if ran(r) => {
            Some((format!("{r} was applied"), evidence(report, |e| e.ty == EventType::Applied && of(e, r))))
        }
        Check::Left(r) if !left(r) => Some((format!("{r} is not in the cluster at the end"), about(r))),
        Check::NotLeft(r) if left(r) => Some((format!("{r} is still in the cluster at the end"), about(r))),
        Check::Event { ty, reference, at, by, after, message } => {
            let kind = |e: &Event| {
                e.ty == *ty
                    && reference.as_deref().is_none_or(|r| of(e, r))
                    && message.as_ref().is_none_or(|m| m.matches(e.message.as_deref().unwrap_or("")))
            };
            let when = |e: &Event| {
                at.is_none_or(|t| e.t == t) && by.is_none_or(|t| e.t <= t) && after.is_none_or(|t| e.t >= t)
            };
            if all_events(report).any(|(_, e)| kind(e) && when(e)) {
                return None;
            }
            let same: Vec<&Event> = all_events(report).map(|(_, e)| e).filter(|e| kind(e)).collect();
            let got = match same.first() {
                None => format!(
                    "no {} event{}",
                    ty.as_str(),
                    reference.as_ref().map(|r| format!(" of {r}")).unwrap_or_default()
                ),
                Some(_) => format!(
                    "{} at {}",
                    ty.as_str(),
                    same.iter().map(|e| format!("{} s", e.t)).collect::<Vec<_>>().join(", ")
                ),
            };
            let shown = match reference {
                Some(r) => about(r),
                None => evidence(report, |e| e.ty == *ty),
            };
            Some((got, shown))
        }
        Check::PodAttempts { reference, count } => {
            let pods = all_events(report).filter(|(_, e)| e.ty == EventType::PodCreated && of(e, reference)).count();
            (pods != *count as usize).then(|| {
                (
                    format!("{pods} pod(s) created for {reference}"),
                    evidence(report, |e| {
                        matches!(
                            e.ty,
                            EventType::PodCreated
                                | EventType::PodFailed
                                | EventType::PodSucceeded
                                | EventType::JobFailed
                                | EventType::JobComplete
                        ) && of(e, reference)
                    }),
                )
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::diagnostics::{codes, Code, Diagnostic};
    use crate::sim::{simulate, Options};

    const FAILING: &str = "\
apiVersion: batch/v1
kind: Job
metadata:
  name: db-migrate
  annotations:
    argocd.argoproj.io/hook: PreSync
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: m, image: m, command: [./migrate]}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web}
---
apiVersion: hooksim/v1
kind: Scenario
outcomes:
  Job/db-migrate:
    attempts: [fail, fail, fail]
";

    fn run(expect: &str) -> (Vec<Failure>, Vec<Diagnostic>) {
        let input = format!("{FAILING}expect:\n{expect}");
        let (exp, diags) = read(&input);
        let report = simulate(&input, &Options::default());
        (check(&report, &exp.unwrap_or_default()), diags)
    }

    #[test]
    fn holding_expectations_give_no_failure() {
        let (f, d) = run(
            "  phase: Failed\n  message: {contains: unsuccessfully}\n  ran: [Job/db-migrate]\n  notRan: ConfigMap/web\n  left: [Job/db-migrate]\n  notLeft: [ConfigMap/web]\n  events:\n    - {type: JobFailed, ref: Job/db-migrate, by: 60}\n    - {type: PodCreated, ref: Job/db-migrate, at: 0}\n    - {type: JobFailed, after: 40}\n  podAttempts: {Job/db-migrate: 3}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn each_kind_of_expectation_can_fail() {
        let (f, d) = run(
            "  phase: Succeeded\n  message: one\n  ran: [ConfigMap/web]\n  notRan: [Job/db-migrate]\n  left: [ConfigMap/web]\n  notLeft: [Job/db-migrate]\n  events:\n    - {type: JobFailed, ref: Job/db-migrate, by: 10}\n    - {type: JobComplete}\n    - {type: PodCreated, ref: Job/db-migrate, after: 41}\n  podAttempts: {Job/db-migrate: 2}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let got: Vec<&str> = f.iter().map(|f| f.expected.as_str()).collect();
        assert_eq!(
            got,
            [
                "phase: \"Succeeded\"",
                "message: \"one\"",
                "ran: ConfigMap/web",
                "notRan: Job/db-migrate",
                "left: ConfigMap/web",
                "notLeft: Job/db-migrate",
                "event JobFailed of Job/db-migrate by 10 s",
                "event JobComplete",
                "event PodCreated of Job/db-migrate after 41 s",
                "podAttempts: Job/db-migrate: 2",
            ]
        );
        assert_eq!(f[0].line, Some(24));
        assert!(f[6].got.starts_with("JobFailed at "), "{}", f[6].got);
        assert_eq!(f[8].got, "PodCreated at 0 s, 15 s, 40 s");
        assert!(!f[6].evidence.is_empty() && f[9].got.starts_with("3 pod"), "{f:?}");
    }

    #[test]
    fn malformed_expectations_are_located_errors() {
        let (_, d) = run("  phase: [a]\n  ran: [db-migrate]\n  events:\n    - {type: Nope}\n    - {ref: Job/x}\n    - {type: Applied, by: -1}\n  podAttempts: {Job/x: many}\n  frobnicate: 1\n  operation: 0\n");
        let at: Vec<(usize, Code)> = d.iter().map(|d| (d.line.unwrap_or(0), d.code)).collect();
        assert!(at.iter().all(|(_, c)| *c == codes::EXPECT_INVALID), "{d:?}");
        let lines: Vec<usize> = at.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [32, 24, 25, 27, 28, 29, 30, 31], "{d:?}");
    }

    #[test]
    fn operation_selects_which_phase() {
        let (f, _) = run("  operation: 2\n  phase: Failed\n");
        assert_eq!(f.len(), 1);
        assert!(f[0].got.contains("1 operation"), "{f:?}");
    }
}
