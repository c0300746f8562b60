//! What a scenario scripts for the pods of one Job or Pod (contract.md §1, `attempts`, and an
//! Indexed Job's `indexes`): read from the input, run by the Job controller (`k8s::job`).

use crate::common::time::Time;

/// One scripted pod attempt (contract.md §1, `attempts`). For `restartPolicy: OnFailure` one
/// attempt is one container run inside the same pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The container exits with `exit_code` after `seconds` (None: the `podSeconds` setting).
    /// `oom` marks exit 137 with reason OOMKilled.
    Run { exit_code: i32, seconds: Option<Time>, oom: bool },
    /// The image cannot be pulled: the pod stays Pending forever (J31).
    ImagePullBackOff,
    /// The container runs forever.
    Hang,
}

/// The scripted attempt number `k` (1-based): `attempts[k-1]`, the last entry repeating, and
/// `Run { exit_code: 0, seconds: None, oom: false }` for an empty list (contract.md §1).
pub fn attempt_at(attempts: &[Attempt], k: u64) -> Attempt {
    match attempts.len() {
        0 => Attempt::Run { exit_code: 0, seconds: None, oom: false },
        len => {
            let i = usize::try_from(k.saturating_sub(1)).unwrap_or(usize::MAX).min(len - 1);
            attempts[i].clone()
        }
    }
}

/// What a scenario scripts for one Job or Pod: the attempt list, and for Indexed Jobs lists that
/// replace it for some indexes (`indexes: {"0": [fail, succeed], "2-4": [fail]}`).
///
/// Contract: for a NonIndexed Job (and a bare Pod) run k takes `attempts[k-1]`, counted over the
/// whole Job. For an Indexed Job every index counts its own runs: run k of index i takes entry k
/// of the list scripted for i, else `attempts[k-1]`; in both lists the last entry repeats, and an
/// empty list succeeds after `podSeconds`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    pub attempts: Vec<Attempt>,
    /// Disjoint `(first, last, attempts)` in increasing order.
    pub indexes: Vec<(i64, i64, Vec<Attempt>)>,
}

impl Script {
    pub fn new(attempts: Vec<Attempt>) -> Script {
        Script { attempts, indexes: Vec::new() }
    }

    /// Run `k` (1-based) of index `index` (None: a NonIndexed Job, k counted over the Job).
    pub fn attempt(&self, index: Option<i64>, k: u64) -> Attempt {
        let list = index
            .and_then(|ix| {
                let i = self.indexes.partition_point(|(_, last, _)| *last < ix);
                self.indexes.get(i).filter(|(first, _, _)| *first <= ix).map(|(_, _, a)| a.as_slice())
            })
            .unwrap_or(&self.attempts);
        attempt_at(list, k)
    }
}
