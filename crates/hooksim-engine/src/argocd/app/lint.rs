//! What the Application's sync status will show that the manifests already tell (issue 17,
//! item 6).

use crate::diagnostics::{codes, Diagnostic};
use crate::manifest::Manifest;

/// A plain (non-hook) Job with `ttlSecondsAfterFinished`: the TTL controller deletes it after it
/// finishes (J19), Argo CD then finds it Missing and the Application OutOfSync (argo-cd #8586,
/// #13851); with automated sync and self-heal the Job is created again and runs again (A11–A13).
pub fn plain_job_ttl(manifests: &[Manifest], diags: &mut Vec<Diagnostic>) {
    for m in manifests {
        if m.kind != "Job" || m.group != "batch" || m.ann.is_hook || m.ann.skip {
            continue;
        }
        let Some(ttl) = m.node.path(&["spec", "ttlSecondsAfterFinished"]) else { continue };
        let Some(secs) = ttl.as_i64().filter(|s| *s >= 0) else { continue };
        let when = if secs == 0 { "as soon as it finishes".to_string() } else { format!("{secs} s after it finishes") };
        diags.push(
            Diagnostic::warning(
                codes::PLAIN_JOB_TTL,
                format!(
                    "this Job is not a hook and has ttlSecondsAfterFinished: {secs}: the TTL controller deletes it {when}, and Argo CD then shows it Missing and the Application OutOfSync (argo-cd #8586, #13851); with automated sync and self-heal it is created and run again"
                ),
            )
            .at(Some(ttl.pos))
            .reference(m.selector.clone())
            .hint("make it a hook with a delete policy (argocd.argoproj.io/hook: PostSync, hook-delete-policy: HookSucceeded), or remove ttlSecondsAfterFinished"),
        );
    }
}
