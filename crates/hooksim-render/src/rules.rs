//! One line per rule, for the playground's hover text: the R rules of Argo CD's sync engine
//! (argocd-sync.md) and the J rules of the Kubernetes Job controller (k8s-job.md) that the engine
//! cites in its events (only those: every line costs the page's wasm). A test checks that every
//! rule the engine names has its line.

/// (rule, one-line explanation), in rule order.
pub const RULES: &[(&str, &str)] = &[
    ("R12", "Skip alone keeps an object out of the sync: never applied, never pruned."),
    ("R18", "A selective sync applies only the resources it names."),
    ("R21", "Hooks run only when hooks are not skipped: a selective sync or the apply strategy runs none."),
    ("R26", "Every task's kind must be known to the cluster (or tolerated): else the tasks are not valid."),
    ("R32", "Each tick works on one step: the (phase, wave) of the first pending task."),
    ("R35", "After every step but the last, Argo CD sleeps the wave delay (2 s, ARGOCD_SYNC_WAVE_DELAY)."),
    ("R37", "On the first tick Argo CD dry-runs every task; one failure fails the operation."),
    ("R39", "Argo CD waits while any hook (or, multi-step, any resource) of the step is running."),
    ("R42", "A failed task ends the operation Failed: later steps never start (SyncFail hooks run first)."),
    ("R44", "In a step: stale finalizers, prunes, BeforeHookCreation deletes, then applies."),
    ("R47", "A hook's phase follows its health: Healthy = Succeeded, Degraded = Failed."),
    ("R48", "Argo CD's built-in health checks: Job conditions, Pod phase, Deployment rollout and more."),
    ("R49", "On failure the SyncFail hooks run (all at once), then the operation ends Failed."),
    ("R53", "BeforeHookCreation: the old hook is deleted before the new one is created."),
    ("R54", "HookSucceeded and HookFailed are applied when the whole operation ends, not when the hook does."),
    ("R55", "Terminate: running hooks are deleted and the operation fails with \"Operation terminated\"."),
    ("R57", "Prune tasks delete live objects that have no manifest (unless Prune=false)."),
    ("R61", "SyncFail hooks run only on a failed sync, and not for validation, the dry run or Terminate."),
    ("R64", "A failed operation is retried after a backoff (syncPolicy.retry), keeping startedAt."),
    ("R66", "Application deletion: PreDelete hooks, the cascade, then PostDelete hooks."),
    ("J5", "The Job fails when its failed pods exceed backoffLimit (BackoffLimitExceeded)."),
    ("J6", "With OnFailure, container restarts count towards backoffLimit."),
    ("J7", "When the Job fails, its running pods are deleted."),
    ("J8", "A work-queue Job is complete after its first success."),
    ("J10", "The next pod waits 10 s × 2^(failures−1), counted from the failed pod's finish."),
    ("J12", "With backoffLimitPerIndex each index waits its own backoff after its own failures."),
    ("J13", "The Job's terminal condition is Complete or Failed, with a reason and a message."),
    ("J15", "From 1.31, Complete/Failed wait until the Job's pods are gone."),
    ("J17", "activeDeadlineSeconds counts from the Job's start, backoffs included (DeadlineExceeded)."),
    ("J19", "The TTL controller deletes a finished Job ttlSecondsAfterFinished after it finished."),
    ("J22", "completions and parallelism: how many pods run at once, how many must succeed."),
    ("J23", "An Indexed Job needs one succeeded pod per index, 0 to completions−1."),
    ("J24", "backoffLimitPerIndex fails an index after its own failures; maxFailedIndexes fails the Job."),
    ("J25", "podFailurePolicy: exit-code rules can fail the Job at once, ignore a failure or count it."),
    ("J26", "successPolicy: the Job succeeds once the listed indexes (or enough of them) succeeded."),
    ("J29", "An attempt ends when its containers exit: 0 = Succeeded, else Failed."),
    ("J30", "With OnFailure the kubelet restarts the container after 10 s, 20 s, … (max 300 s)."),
    ("J31", "An image that cannot be pulled leaves the pod Pending: the Job never fails by itself."),
    ("J33", "Job health: Failed condition = Degraded, Complete = Healthy, otherwise Progressing."),
    ("J34", "A bare Pod hook: Succeeded = Healthy, Failed = Degraded."),
];

/// The one-line explanation of a rule ("R35", "J10"), if known.
pub fn rule_line(rule: &str) -> Option<&'static str> {
    RULES.iter().find(|(r, _)| *r == rule).map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_the_engine_names_has_a_line() {
        let mut ids: Vec<&str> = RULES.iter().map(|(r, _)| *r).collect();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len(), "a rule is listed twice");
        for (r, l) in RULES {
            assert!(l.ends_with('.') && l.len() < 120, "{r}: {l}");
        }
        // The rules in the engine's source: every "R12" or "J3" string literal.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../hooksim-engine/src");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for part in text.split('"').skip(1).step_by(2) {
                let is_rule = part.len() >= 2
                    && matches!(part.as_bytes()[0], b'R' | b'J')
                    && part[1..].chars().all(|c| c.is_ascii_digit());
                if is_rule && rule_line(part).is_none() && !missing.contains(&part.to_string()) {
                    missing.push(part.to_string());
                }
            }
        }
        assert!(missing.is_empty(), "rules the engine cites without a line in rules.rs: {missing:?}");
        assert!(rule_line("R35").unwrap().contains("wave delay"));
        assert_eq!(rule_line("X1"), None);
    }
}
