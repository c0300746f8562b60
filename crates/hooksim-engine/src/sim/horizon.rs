//! What the end of the simulation left out: operations of the scenario that never started, because
//! they start after the horizon, wait behind an operation still running at the horizon, or come
//! after the point where a limit stopped the run. They are not in the report, so a diagnostic
//! says which and why (issue 16, item 10).

use crate::common::diagnostics::{codes, Diagnostic};
use crate::input::scenario::{OpType, Operation};
use crate::report::Time;

/// The diagnostic for the operations from `first` on, which never started. `running` is the
/// operation still running when the simulation ended, `start_at` when the next one was due.
pub fn not_started(
    ops: &[Operation],
    first: usize,
    running: Option<usize>,
    start_at: Option<Time>,
    now: Time,
    horizon: Time,
) -> Option<Diagnostic> {
    let op = ops.get(first)?;
    let n = ops.len() - first;
    let what = |i: usize, o: &Operation| {
        let ty = match o.ty {
            OpType::Sync => "sync",
            OpType::Delete => "delete",
        };
        match o.at {
            Some(at) => format!("operation {} ({ty} at {at} s)", i + 1),
            None => format!("operation {} ({ty})", i + 1),
        }
    };
    let first_one = what(first, op);
    let why = match (running, start_at) {
        (Some(r), _) => {
            format!("it waits for operation {}, which is still running at the end of the simulation (t={now} s)", r + 1)
        }
        (None, Some(s)) if s > horizon => format!("it starts at {s} s, after the horizon of {horizon} s"),
        _ => format!("the simulation stopped at t={now} s, before it started (a limit was reached)"),
    };
    let others = if n > 1 { format!(" and the {} after it are", n - 1) } else { " is".to_string() };
    Some(
        Diagnostic::warning(codes::OPERATION_NOT_SIMULATED, format!("{first_one}{others} not simulated: {why}"))
            .at((op.pos.line > 0).then_some(op.pos))
            .hint("raise settings.horizonSeconds (at most 30 days), or start the operations earlier"),
    )
}
