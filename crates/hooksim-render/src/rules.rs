//! One line per rule, for the playground's hover text: the R rules of Argo CD's sync engine
//! (argocd-sync.md), the J rules of the Kubernetes Job controller (k8s-job.md) and the A rules of
//! the Application controller (argocd-app.md) that the engine
//! cites in its events (only those: every line costs the page's wasm). A test checks that every
//! rule the engine names has its line.

use hooksim_engine::report::Report;

use crate::escape;

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
    ("R67", "A manifest Argo CD cannot decode fails the manifest generation: syncs end in Error (ComparisonError)."),
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
    ("J35", "Without the hook finalizer (before 3.0), the TTL controller may delete a finished hook Job before Argo CD sees it."),
    ("J36", "A missing Secret or ConfigMap keeps the pod Pending; kubelet retries every 10 s."),
    ("J37", "A missing ServiceAccount: the Job gets no pod (FailedCreate), a bare Pod's apply fails."),
    ("J38", "A missing PersistentVolumeClaim keeps the pod Pending, Unschedulable."),
    ("A2", "Auto-sync starts only if automated, no operation runs, and the app is OutOfSync."),
    ("A5", "A revision whose last sync failed is never auto-synced again (SyncError)."),
    ("A7", "The controller creates the automated operation: event \"Initiated automated sync to …\"."),
    ("A8", "A new commit waits for the running operation; then a new sync starts at once."),
    ("A11", "A changed live object makes the app OutOfSync: with selfHeal, a self-heal follows."),
    ("A12", "Self-heal n+1 waits 2·3^(n−1) s (max 300 s) after the last operation finished."),
    ("A13", "A self-heal syncs only the OutOfSync resources: a partial sync, so no hook runs."),
    ("A20", "A retry starts one backoff step later than its message says (+10 s, not +5 s)."),
    ("A21", "A retry starts from the first tick, keeping startedAt (and so the hook names)."),
    ("A27", "The sync timeout terminates the operation, retry waits included, with no retry."),
    ("A39", "RollingSync turns off the Applications' automated sync and syncs each when its step's turn comes."),
];

/// The one-line explanation of a rule ("R35", "J10"), if known.
pub fn rule_line(rule: &str) -> Option<&'static str> {
    RULES.iter().find(|(r, _)| *r == rule).map(|(_, l)| *l)
}

/// The rule book page, built from `docs/rules/*.md` next to the playground (`web/rules/build.mjs`);
/// each rule is the anchor of its id (`rules.html#R44.1`). The texts stay there, out of the wasm.
pub const RULE_BOOK: &str = "rules.html";

/// The address of a rule's entry in the rule book, relative to the playground.
pub fn rule_href(rule: &str) -> String {
    format!("{RULE_BOOK}#{rule}")
}

/// A rule id as a link to its entry in the rule book (a new tab), with its one line as the hover.
pub fn rule_link(rule: &str, class: &str) -> String {
    format!(
        r#"<a class="{class}" href="{}" target="_blank" rel="noopener" title="{}">{}</a>"#,
        escape(&rule_href(rule)),
        escape(rule_line(rule).unwrap_or("The rule in hooksim's rule book")),
        escape(rule)
    )
}

/// A teaching text as HTML (the lessons' texts, explanations and hints, in the playground and the
/// embed): paragraphs at blank lines, every word escaped, rule ids (R12, J35, A13) as
/// [`rule_link`]s with the `class` given.
pub fn rich_html(out: &mut String, text: &str, class: &str) {
    for p in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        out.push_str("<p>");
        for word in p.split_whitespace() {
            let core = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            let cited = hooksim_engine::lesson::cited_rules(core);
            match word.find(core).filter(|_| cited.first().is_some_and(|r| r == core)) {
                Some(at) => {
                    out.push_str(&escape(&word[..at]));
                    out.push_str(&rule_link(core, class));
                    out.push_str(&escape(&word[at + core.len()..]));
                }
                None => out.push_str(&escape(word)),
            }
            out.push(' ');
        }
        out.push_str("</p>");
    }
}

/// The rules behind a report's events, in the order they first occur, each a link to the rule
/// book: the embed's "Rules:" line (the timeline's hover texts cannot hold links). Empty when no
/// event names a rule.
pub fn rules_html(report: &Report) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for rule in report.operations.iter().flat_map(|o| &o.events).filter_map(|e| e.rule.as_deref()) {
        if !seen.contains(&rule) {
            seen.push(rule);
        }
    }
    if seen.is_empty() {
        return String::new();
    }
    let links: Vec<String> = seen.iter().map(|r| rule_link(r, "hs-rule")).collect();
    format!(r#"<div class="hs-rules">Rules: {}</div>"#, links.join(" "))
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
        // The rules in the engine's source (its folders too): every "R12" or "J3" string literal.
        let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../hooksim-engine/src")];
        let mut files = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 20, "the engine's source files: {files:?}");
        let mut missing = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(file).unwrap();
            for part in text.split('"').skip(1).step_by(2) {
                let is_rule = part.len() >= 2
                    && matches!(part.as_bytes()[0], b'R' | b'J' | b'A')
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
