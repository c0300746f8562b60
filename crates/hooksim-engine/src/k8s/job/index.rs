//! Indexed Jobs (k8s-job.md J12, J23, J24, J26): completion indexes and their interval strings,
//! the per-index bookkeeping of the Job controller and the success policy. Per-index scripting of
//! a scenario's attempts (`Script`) is in `types`, the controller loop in `controller`.
//!
//! Upstream: `pkg/controller/job/indexed_job_utils.go` (`firstPendingIndexes`,
//! `calculateFailedIndexes`, `isIndexFailed`, `getNewIndexFailureCounts`,
//! `podGenerateNameWithIndex`), `backoff_utils.go` (`getRemainingTimePerIndex`),
//! `success_policy.go` (`matchSuccessPolicy`, `matchSucceededIndexesRule`) and
//! `pkg/apis/batch/validation/validation.go` (`validateIndexesFormat`).

use std::collections::{BTreeMap, BTreeSet};

use crate::report::Time;

pub use crate::input::index_list::{parse_indexes, Intervals};

/// Go's `%q` for the strings of these messages (ASCII printable kept, the rest escaped).
pub(crate) use crate::common::escape::double_quoted as go_quote;

/// Does `iv` hold `ix` (binary search).
pub fn intervals_contain(iv: &[(i64, i64)], ix: i64) -> bool {
    let i = iv.partition_point(|&(_, last)| last < ix);
    iv.get(i).is_some_and(|&(first, _)| first <= ix)
}

/// The interval string of a set of indexes, as `status.completedIndexes` writes it: "1,3-5,7"
/// (two neighbours are written "3,4").
pub fn format_indexes(set: &BTreeSet<i64>) -> String {
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for &ix in set {
        match runs.last_mut() {
            Some(r) if r.1.checked_add(1) == Some(ix) => r.1 = ix,
            _ => runs.push((ix, ix)),
        }
    }
    let parts: Vec<String> = runs
        .iter()
        .map(|&(a, b)| match b - a {
            0 => a.to_string(),
            1 => format!("{a},{b}"),
            _ => format!("{a}-{b}"),
        })
        .collect();
    parts.join(",")
}

/// J23: the generateName prefix of an index's pods, `<job>-<index>-` (`podGenerateNameWithIndex`:
/// the Job name is cut so that the prefix fits the 58 characters a generated name may start with).
pub fn indexed_pod_prefix(job_name: &str, index: i64) -> String {
    const MAX_GENERATED_NAME_LENGTH: usize = 58;
    let append = format!("-{index}-");
    let prefix = format!("{job_name}{append}");
    if prefix.len() <= MAX_GENERATED_NAME_LENGTH {
        return prefix;
    }
    let mut cut = MAX_GENERATED_NAME_LENGTH.saturating_sub(append.len()).min(job_name.len());
    while !job_name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{append}", &job_name[..cut])
}

// ---------------------------------------------------------------------------------------------
// The success policy (J26)
// ---------------------------------------------------------------------------------------------

/// One `successPolicy` rule as the API server accepted it (J26): `succeededIndexes` already
/// parsed (None when not written), `succeededCount` when written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuccessRule {
    pub succeeded_indexes: Option<Intervals>,
    pub succeeded_count: Option<i64>,
}

/// J26 (`matchSuccessPolicy`), kept up to date one succeeded index at a time so that each sync
/// checks the rules in O(rules).
#[derive(Debug, Clone)]
pub(crate) struct SuccessTracker {
    rules: Vec<SuccessRule>,
    /// Per rule: how many succeeded indexes lie in its `succeededIndexes`, and how many that set
    /// holds.
    inside: Vec<(i64, i64)>,
    succeeded: i64,
}

impl SuccessTracker {
    pub(crate) fn new(rules: &[SuccessRule]) -> SuccessTracker {
        let inside = rules
            .iter()
            .map(|r| {
                let total = r.succeeded_indexes.as_ref().map_or(0, |iv| {
                    iv.iter().fold(0i64, |acc, &(a, b)| acc.saturating_add(b.saturating_sub(a).saturating_add(1)))
                });
                (0, total)
            })
            .collect();
        SuccessTracker { rules: rules.to_vec(), inside, succeeded: 0 }
    }

    /// Index `ix` succeeded (each index once).
    pub(crate) fn add(&mut self, ix: i64) {
        self.succeeded = self.succeeded.saturating_add(1);
        for (rule, inside) in self.rules.iter().zip(self.inside.iter_mut()) {
            if rule.succeeded_indexes.as_deref().is_some_and(|iv| intervals_contain(iv, ix)) {
                inside.0 += 1;
            }
        }
    }

    /// The first rule that matches: its position in the list (for "Matched rules at index N").
    /// A rule with `succeededIndexes` matches when all of those indexes succeeded, or, with
    /// `succeededCount`, when that many of them did; a rule with only `succeededCount` when that
    /// many indexes succeeded. Nothing matches before the first success, and a rule whose
    /// `succeededIndexes` is empty never matches (upstream skips it).
    pub(crate) fn matched(&self) -> Option<usize> {
        if self.succeeded == 0 {
            return None;
        }
        self.rules.iter().zip(&self.inside).position(|(rule, &(inside, total))| match &rule.succeeded_indexes {
            Some(iv) if iv.is_empty() => false,
            Some(_) => inside == total || rule.succeeded_count.is_some_and(|c| inside >= c),
            None => rule.succeeded_count.is_some_and(|c| self.succeeded >= c),
        })
    }
}

/// J13/J26: the message of `SuccessCriteriaMet`/`Complete` for a success-policy match.
pub fn success_policy_message(rule: usize) -> String {
    format!("Matched rules at index {rule}")
}

// ---------------------------------------------------------------------------------------------
// Per-index bookkeeping of the Job controller (J23, J24, J12)
// ---------------------------------------------------------------------------------------------

/// What the controller knows of one index that has had a pod.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IndexState {
    /// J24: counted failures so far (`job-index-failure-count` of the next pod).
    pub failures: u64,
    /// J24: failures an `Ignore` rule matched (`job-index-ignored-failure-count`).
    pub ignored: u64,
    /// J12: the finish time of the index's last failed pod (the backoff anchor).
    pub last_failure: Option<Time>,
    /// Container runs of this index so far (the per-index attempt counter of [`Script`]).
    pub runs: u64,
    /// Pods of this index so far (names the next one).
    pub pods: u64,
}

/// The indexes of an Indexed Job: which ones succeeded, failed (J24), run, or wait for a pod.
///
/// Indexes from `next_fresh` on have never had a pod; `waiting` holds the lower ones that need a
/// new pod (their last pod failed and the index is neither succeeded nor failed). So the
/// controller's "lowest pending indexes" (`firstPendingIndexes`) are `waiting` in order, then
/// `next_fresh`, `next_fresh + 1`, … below `completions`, and every step is O(log n).
#[derive(Debug, Clone)]
pub(crate) struct Indexes {
    pub completions: i64,
    pub states: BTreeMap<i64, IndexState>,
    pub waiting: BTreeSet<i64>,
    pub next_fresh: i64,
    pub succeeded: BTreeSet<i64>,
    pub failed: BTreeSet<i64>,
}

impl Indexes {
    pub(crate) fn new(completions: i64) -> Indexes {
        Indexes {
            completions: completions.max(0),
            states: BTreeMap::new(),
            waiting: BTreeSet::new(),
            next_fresh: 0,
            succeeded: BTreeSet::new(),
            failed: BTreeSet::new(),
        }
    }

    /// J23 (`firstPendingIndexes`): the `count` lowest indexes without a pod that are neither
    /// succeeded nor failed.
    pub(crate) fn first_pending(&self, count: usize) -> Vec<i64> {
        let mut out: Vec<i64> = self.waiting.iter().copied().take(count).collect();
        let mut next = self.next_fresh;
        while out.len() < count && next < self.completions {
            out.push(next);
            next += 1;
        }
        out
    }

    /// A pod is created for index `ix`.
    pub(crate) fn started(&mut self, ix: i64) -> &mut IndexState {
        self.waiting.remove(&ix);
        if ix >= self.next_fresh {
            self.next_fresh = ix.saturating_add(1);
        }
        self.states.entry(ix).or_default()
    }

    /// J12 (`getRemainingTimePerIndex`): when index `ix` may have its next pod, and the failure
    /// count the backoff uses (counted plus ignored failures: the annotations of its last failed
    /// pod, plus one). None: no failed pod yet, no wait.
    pub(crate) fn backoff_anchor(&self, ix: i64) -> Option<(Time, u64)> {
        let st = self.states.get(&ix)?;
        let at = st.last_failure?;
        Some((at, st.failures.saturating_add(st.ignored)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k8s::job::types::{Attempt, Script};

    #[test]
    fn j26_index_strings_parse_like_the_api_server() {
        assert_eq!(parse_indexes("0,2-4,7", 10), Ok((vec![(0, 0), (2, 4), (7, 7)], 5)));
        assert_eq!(parse_indexes("", 3), Ok((vec![], 0)));
        assert_eq!(parse_indexes("+1", 3), Ok((vec![(1, 1)], 1)));
        assert_eq!(parse_indexes("3", 3), Err("too large index: \"3\"".into()));
        assert_eq!(parse_indexes("0-5", 3), Err("too large index: \"5\"".into()));
        assert_eq!(parse_indexes("2,1", 3), Err("non-increasing order, previous: 2, current: 1".into()));
        assert_eq!(parse_indexes("0-1,1", 3), Err("non-increasing order, previous: 1, current: 1".into()));
        assert_eq!(parse_indexes("2-1", 3), Err("non-increasing order, previous: 2, current: 1".into()));
        assert_eq!(parse_indexes("0, 1", 3), Err("cannot convert string to integer for index: \" 1\"".into()));
        assert_eq!(parse_indexes("0-", 3), Err("cannot convert string to integer for index: \"\"".into()));
        assert_eq!(
            parse_indexes("0-1-2", 3),
            Err("the fragment \"0-1-2\" violates the requirement that an index interval can have at most two parts separated by '-'".into())
        );
        assert!(parse_indexes("99999999999999999999", 3).is_err());
    }

    #[test]
    fn j23_interval_strings_and_lookup() {
        let set: BTreeSet<i64> = [1, 3, 4, 5, 7, 9, 10].into_iter().collect();
        assert_eq!(format_indexes(&set), "1,3-5,7,9,10");
        assert_eq!(format_indexes(&BTreeSet::new()), "");
        let iv = vec![(0, 0), (2, 4), (7, 7)];
        let inside: Vec<i64> = (0..9).filter(|&i| intervals_contain(&iv, i)).collect();
        assert_eq!(inside, vec![0, 2, 3, 4, 7]);
    }

    #[test]
    fn j23_pod_names_carry_the_index() {
        assert_eq!(indexed_pod_prefix("sharded", 2), "sharded-2-");
        let long = "a".repeat(60);
        let p = indexed_pod_prefix(&long, 12);
        assert_eq!(p.len(), 58);
        assert!(p.ends_with("a-12-"));
    }

    #[test]
    fn j26_success_rules_match_in_order() {
        let rules = vec![
            SuccessRule { succeeded_indexes: Some(vec![(0, 0), (2, 2)]), succeeded_count: None },
            SuccessRule { succeeded_indexes: None, succeeded_count: Some(2) },
            SuccessRule { succeeded_indexes: Some(vec![(3, 5)]), succeeded_count: Some(1) },
        ];
        let mut s = SuccessTracker::new(&rules);
        assert_eq!(s.matched(), None);
        s.add(4);
        assert_eq!(s.matched(), Some(2), "one of 3-5 is enough for rule 2");
        let mut s = SuccessTracker::new(&rules);
        s.add(0);
        assert_eq!(s.matched(), None);
        s.add(2);
        assert_eq!(s.matched(), Some(0), "rule 0 comes first although rule 1 matches too");
        let mut s = SuccessTracker::new(&[SuccessRule { succeeded_indexes: Some(vec![]), succeeded_count: None }]);
        s.add(0);
        assert_eq!(s.matched(), None, "an empty succeededIndexes never matches");
    }

    #[test]
    fn j23_first_pending_takes_waiting_then_fresh() {
        let mut ix = Indexes::new(5);
        assert_eq!(ix.first_pending(2), vec![0, 1]);
        ix.started(0);
        ix.started(1);
        assert_eq!(ix.first_pending(2), vec![2, 3]);
        ix.waiting.insert(1);
        assert_eq!(ix.first_pending(2), vec![1, 2]);
        ix.started(2);
        ix.started(3);
        ix.started(4);
        assert_eq!(ix.first_pending(3), vec![1]);
    }

    #[test]
    fn per_index_scripts_override_the_default() {
        let fail = Attempt::Run { exit_code: 1, seconds: None, oom: false };
        let ok = Attempt::Run { exit_code: 0, seconds: None, oom: false };
        let s = Script { attempts: vec![fail.clone(), ok.clone()], indexes: vec![(2, 3, vec![ok.clone()])] };
        assert_eq!(s.attempt(Some(0), 1), fail);
        assert_eq!(s.attempt(Some(0), 2), ok);
        assert_eq!(s.attempt(Some(2), 1), ok);
        assert_eq!(s.attempt(Some(3), 1), ok);
        assert_eq!(s.attempt(Some(4), 1), fail);
        assert_eq!(s.attempt(None, 1), fail);
    }
}
