//! One line per rule, for the playground's hover text: the R rules of Argo CD's sync engine
//! (argocd-sync.md) and the J rules of the Kubernetes Job controller (k8s-job.md) that the engine
//! cites in its events.

/// (rule, one-line explanation), in rule order.
pub const RULES: &[(&str, &str)] = &[
    ("R1", "The sync phases are PreSync, Sync, PostSync and SyncFail, in that order."),
    ("R2", "Hook types: PreSync, Sync, PostSync, SyncFail and Skip (PreDelete/PostDelete on deletion)."),
    ("R3", "An operation is Running, Terminating, Failed, Error or Succeeded."),
    ("R4", "Each task's result is Synced, SyncFailed, Pruned or PruneSkipped."),
    ("R5", "A task carries a result code, an operation state and a message."),
    ("R6", "After an apply or prune, Argo CD records the task's operation state."),
    ("R7", "Results are kept per (group, kind, namespace, name, phase) and listed in Argo CD's order."),
    ("R8", "The operation has started once at least one result exists."),
    ("R9", "Annotation values are comma-separated lists; items are trimmed."),
    ("R10", "Hook types are read from argocd.argoproj.io/hook, or from helm.sh/hook when that is absent."),
    ("R11", "An object is a hook when it has a hook annotation (and is not only Skip)."),
    ("R12", "Skip skips the object only when Skip is its only hook type."),
    ("R13", "A hook runs in the phases its types name; any other object runs in Sync."),
    ("R14", "A hook annotation with no known type makes Argo CD ignore the object entirely."),
    ("R15", "The sync wave is an integer annotation; anything unreadable is wave 0."),
    ("R16", "Delete policies: BeforeHookCreation (the default), HookSucceeded, HookFailed."),
    ("R17", "Sync options (Prune=false, Validate=false, …) come from argocd.argoproj.io/sync-options."),
    ("R18", "Only the Application's resources take part in the sync."),
    ("R19", "Every manifest or live object becomes a resource task; live objects without a manifest are pruned."),
    ("R20", "Hooks are never resource tasks and are never pruned."),
    ("R21", "Each hook manifest becomes a hook task in each of its phases."),
    ("R22", "A generateName hook is named <generateName><revision, 7 chars>-<phase>-<startedAt>."),
    ("R23", "Argo CD puts its hook finalizer on every hook it creates."),
    ("R24", "Objects without a namespace get the Application's destination namespace."),
    ("R25", "Argo CD looks up the live object of every hook."),
    ("R26", "Every task is validated (dry run) before the first apply."),
    ("R27", "Tasks are sorted by phase, wave, kind order and name."),
    ("R28", "The kind order: Namespaces and CRDs first, Jobs and Pods late."),
    ("R29", "Namespaces and CRDs bubble before the tasks that need them."),
    ("R30", "Prunes run in reversed waves."),
    ("R31", "A retried operation restores its tasks from the stored results."),
    ("R32", "Each tick works on one step: the (phase, wave) of the first pending task."),
    ("R33", "PruneLast prunes after every other step."),
    ("R34", "A sync with more than one step waits for every resource, not only hooks."),
    ("R35", "After every step but the last, Argo CD sleeps the wave delay (2 s, ARGOCD_SYNC_WAVE_DELAY)."),
    ("R36", "Each tick starts by building the tasks again."),
    ("R37", "On the first tick Argo CD dry-runs every task; one failure fails the operation."),
    ("R38", "Running tasks are refreshed from their live objects."),
    ("R39", "Argo CD waits while any hook (or, multi-step, any resource) of the step is running."),
    ("R40", "Argo CD waits for prunes to finish."),
    ("R41", "Completed tasks are tidied up."),
    ("R42", "A failed task fails the operation."),
    ("R43", "The next step is the first with pending tasks."),
    ("R44", "In a step: stale finalizers, prunes, BeforeHookCreation deletes, then applies."),
    ("R45", "The hook finalizer is removed when the hook completes or the operation ends."),
    ("R46", "The run state of a step is merged from its tasks."),
    ("R47", "A hook's phase follows its health: Healthy = Succeeded, Degraded = Failed."),
    ("R48", "Argo CD's built-in health checks: Job conditions, Pod phase, Deployment rollout and more."),
    ("R49", "On failure the SyncFail hooks run (all at once), then the operation ends Failed."),
    ("R50", "A step whose apply failed ends the operation."),
    ("R51", "A step with both failed and running tasks waits for the running ones."),
    ("R52", "While running, the message says what Argo CD waits for."),
    ("R53", "BeforeHookCreation: the old hook is deleted before the new one is created."),
    ("R54", "HookSucceeded and HookFailed are applied when the whole operation ends, not when the hook does."),
    ("R55", "Terminate: running hooks are deleted and the operation fails with \"Operation terminated\"."),
    ("R56", "An error in the wave callback fails the operation."),
    ("R57", "Prune tasks delete live objects that have no manifest (unless Prune=false)."),
    ("R58", "PreSync hooks run before anything is applied."),
    ("R59", "Sync hooks run with the resources."),
    ("R60", "PostSync hooks run only after every resource is healthy."),
    ("R61", "SyncFail hooks run only when the sync failed."),
    ("R62", "Skip: the object is not applied."),
    ("R63", "A hook with several types runs once per phase."),
    ("R64", "A failed operation is retried after a backoff (syncPolicy.retry), keeping startedAt."),
    ("R65", "Which manifests reach the sync engine."),
    ("R66", "Application deletion: PreDelete hooks, the cascade, then PostDelete hooks."),
    ("J1", "Job defaults: backoffLimit 6, completions 1, parallelism 1."),
    ("J2", "A Job's restartPolicy must be Never or OnFailure."),
    ("J3", "The Job controller runs every Job that has no managedBy."),
    ("J4", "A pod counts as failed when its phase is Failed (or it is deleted before finishing)."),
    ("J5", "The Job fails when its failed pods exceed backoffLimit (BackoffLimitExceeded)."),
    ("J6", "With OnFailure, container restarts count towards backoffLimit."),
    ("J7", "When the Job fails, its running pods are deleted."),
    ("J8", "A work-queue Job is complete after its first success."),
    ("J9", "Backoff: 10 s base, capped at 600 s (360 s before Kubernetes 1.28)."),
    ("J10", "The next pod waits 10 s × 2^(failures−1), counted from the failed pod's finish."),
    ("J11", "A success resets the backoff."),
    ("J12", "Indexed Jobs can back off per index."),
    ("J13", "The Job's terminal condition is Complete or Failed, with a reason and a message."),
    ("J14", "The order of checks in one sync of the Job controller."),
    ("J15", "From 1.31, Complete/Failed wait until the Job's pods are gone."),
    ("J16", "A Job is finished when it has a Complete or Failed condition."),
    ("J17", "activeDeadlineSeconds counts from the Job's start, backoffs included (DeadlineExceeded)."),
    ("J18", "Whichever of the deadline and backoffLimit comes first fails the Job."),
    ("J19", "The TTL controller deletes a finished Job ttlSecondsAfterFinished after it finished."),
    ("J20", "ttlSecondsAfterFinished: 0 deletes the Job as soon as it finishes."),
    ("J21", "TTL after finished is GA since Kubernetes 1.23."),
    ("J22", "completions and parallelism: how many pods run at once, how many must succeed."),
    ("J23", "Indexed completion mode gives each pod an index."),
    ("J24", "backoffLimitPerIndex and maxFailedIndexes."),
    ("J25", "podFailurePolicy: exit-code rules can fail the Job at once, ignore a failure or count it."),
    ("J26", "successPolicy can complete an Indexed Job early."),
    ("J27", "podReplacementPolicy: when a replacement pod is created."),
    ("J28", "Other feature gates that change the timing."),
    ("J29", "An attempt ends when its containers exit: 0 = Succeeded, else Failed."),
    ("J30", "With OnFailure the kubelet restarts the container after 10 s, 20 s, … (max 300 s)."),
    ("J31", "An image that cannot be pulled leaves the pod Pending: the Job never fails by itself."),
    ("J32", "Argo CD maps a hook's health to its hook phase."),
    ("J33", "Job health: Failed condition = Degraded, Complete = Healthy, otherwise Progressing."),
    ("J34", "A bare Pod hook: Succeeded = Healthy, Failed = Degraded."),
    ("J35", "Deletion: the hook finalizer, TTL races and delete policies."),
];

/// The one-line explanation of a rule ("R35", "J10"), if known.
pub fn rule_line(rule: &str) -> Option<&'static str> {
    RULES.iter().find(|(r, _)| *r == rule).map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_once() {
        assert_eq!(RULES.len(), 66 + 35);
        for (i, (r, l)) in RULES.iter().enumerate() {
            let want = if i < 66 { format!("R{}", i + 1) } else { format!("J{}", i - 65) };
            assert_eq!(*r, want);
            assert!(l.ends_with('.') && l.len() < 120, "{r}: {l}");
        }
        assert!(rule_line("R35").unwrap().contains("wave delay"));
        assert_eq!(rule_line("X1"), None);
    }
}
