//! Near misses of the annotation keys Argo CD and Helm read for hooks (issue 10, item 3).
//!
//! Argo CD reads its hook annotations by their exact keys (R9–R17): a key written
//! `argocd.argoproj.io/hooks`, `…/hook-deletion-policy`, `…/syncwave`, `argoproj.io/hook` or
//! `helm.sh/hooks` is an ordinary annotation that nothing reads, and the object silently runs as
//! a plain resource, in wave 0, or is never deleted. A key is a near miss of one of the keys
//! below when it is not a key some tool owns ([`OWNED`]) and
//! - its prefix (before the last `/`) is the key's, or a near miss of it: at most two edits
//!   apart, or a piece of it (`argoproj.io`, `argocd.argoproj`, `argocd`), case aside;
//! - and its name is the key's, or a near miss of it: at most 1, 2 or 3 edits apart for names of
//!   up to 5, 11 and more letters (optimal string alignment: a swap of two neighbouring letters
//!   is one edit), case aside (annotation keys are case-sensitive).

use std::collections::BTreeMap;

use crate::common::diagnostics::{codes, Diagnostic, Pos};

/// The annotation keys Argo CD and Helm read for hooks (R9–R17).
pub const HOOK: &str = "argocd.argoproj.io/hook";
pub const HOOK_DELETE_POLICY: &str = "argocd.argoproj.io/hook-delete-policy";
pub const SYNC_WAVE: &str = "argocd.argoproj.io/sync-wave";
pub const SYNC_OPTIONS: &str = "argocd.argoproj.io/sync-options";
pub const HELM_HOOK: &str = "helm.sh/hook";
pub const HELM_WEIGHT: &str = "helm.sh/hook-weight";
pub const HELM_DELETE_POLICY: &str = "helm.sh/hook-delete-policy";
pub const HELM_RESOURCE_POLICY: &str = "helm.sh/resource-policy";

/// The keys whose near misses are reported, with what is lost when the key is not read.
const READ: &[(&str, &str)] = &[
    (HOOK, "the object is not an Argo CD hook: it is applied as an ordinary resource"),
    (HOOK_DELETE_POLICY, "the hook keeps the default delete policy, BeforeHookCreation"),
    (SYNC_WAVE, "the object stays in wave 0"),
    (SYNC_OPTIONS, "none of these sync options applies to the object"),
    (HELM_HOOK, "the object is not a Helm hook: Argo CD applies it as an ordinary resource"),
    (HELM_WEIGHT, "the hook weight does not set the wave"),
    (HELM_DELETE_POLICY, "the hook keeps the default delete policy, BeforeHookCreation"),
    (HELM_RESOURCE_POLICY, "the object is not kept when it is pruned or the Application is deleted"),
];

/// Keys that Argo CD, Helm and kubectl own for other purposes: never a near miss.
const OWNED: &[&str] = &[
    "argocd.argoproj.io/compare-options",
    "argocd.argoproj.io/managed-by",
    "argocd.argoproj.io/instance",
    "argocd.argoproj.io/tracking-id",
    "argocd.argoproj.io/refresh",
    "argocd.argoproj.io/skip-reconcile",
    "argocd.argoproj.io/manifest-generate-paths",
    "argocd.argoproj.io/application-set-refresh",
    "argocd.argoproj.io/auto-label-cluster-info",
    "argocd.argoproj.io/secret-type",
    "argocd.argoproj.io/kubernetes-version",
    "argocd.argoproj.io/ignore-restart-policy",
    "argocd.argoproj.io/hook-finalizer",
    "helm.sh/chart",
    "helm.sh/hook-output-log-policy",
    "helm.sh/resource-policy",
];

/// Edits allowed in a name of `len` letters.
fn allowance(len: usize) -> usize {
    match len {
        0..=5 => 1,
        6..=11 => 2,
        _ => 3,
    }
}

fn prefix_near(p: &str, target: &str) -> bool {
    p == target
        || p == "argocd"
        || strsim::osa_distance(p, target) <= 2
        || (p.len() >= 6 && p.contains('.') && (target.starts_with(p) || target.ends_with(p)))
}

/// The key `key` is a near miss of, if any.
pub fn near_miss(key: &str) -> Option<&'static str> {
    if READ.iter().any(|(k, _)| *k == key) || OWNED.contains(&key) {
        return None;
    }
    let lower = key.to_ascii_lowercase();
    let (p, n) = lower.rsplit_once('/')?;
    let mut best: Option<(usize, &'static str)> = None;
    for (target, _) in READ {
        let (tp, tn) = target.rsplit_once('/').unwrap_or(("", target));
        if !prefix_near(p, tp) {
            continue;
        }
        let d = strsim::osa_distance(n, tn);
        if d <= allowance(tn.len()) && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, target));
        }
    }
    best.map(|(_, t)| t)
}

/// Warns at each annotation key that is a near miss of a key Argo CD or Helm reads.
pub fn check(
    raw: &BTreeMap<String, String>,
    positions: &BTreeMap<String, Pos>,
    reference: &str,
    diags: &mut Vec<Diagnostic>,
) {
    for key in raw.keys() {
        let Some(meant) = near_miss(key) else { continue };
        let lost = if raw.contains_key(meant) {
            format!("{meant} is also set, and only it counts")
        } else {
            READ.iter().find(|(k, _)| *k == meant).map_or("", |(_, l)| l).to_string()
        };
        let why = if key.eq_ignore_ascii_case(meant) { " (annotation keys are case-sensitive)" } else { "" };
        diags.push(
            Diagnostic::warning(
                codes::ANNOTATION_KEY_TYPO,
                format!("annotation \"{key}\" is not a key Argo CD or Helm reads{why}: it does nothing, so {lost}"),
            )
            .at(positions.get(key).copied())
            .reference(reference)
            .hint(format!("did you mean {meant}?")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::diagnostics::Code;

    #[test]
    fn r9_r17_near_misses_of_the_keys_argo_cd_and_helm_read() {
        for (typo, meant) in [
            ("argocd.argoproj.io/hooks", HOOK),
            ("argocd.argoproj.io/Hook", HOOK),
            ("Argocd.Argoproj.io/hook", HOOK),
            ("argoproj.io/hook", HOOK),
            ("argocd.argoproj/hook", HOOK),
            ("argocd.argproj.io/hook", HOOK),
            ("argocd/hook", HOOK),
            ("argocd.argoproj.io/hook-deletion-policy", HOOK_DELETE_POLICY),
            ("argocd.argoproj.io/hook-delete-policies", HOOK_DELETE_POLICY),
            ("argocd.argoproj.io/hook-delete-polciy", HOOK_DELETE_POLICY),
            ("argoproj.io/hook-delete-policy", HOOK_DELETE_POLICY),
            ("argocd.argoproj.io/syncwave", SYNC_WAVE),
            ("argocd.argoproj.io/sync-waves", SYNC_WAVE),
            ("argocd.argoproj.io/sync_wave", SYNC_WAVE),
            ("argocd.argoproj.io/syncWave", SYNC_WAVE),
            ("argocd.argoproj.io/sync-option", SYNC_OPTIONS),
            ("helm.sh/hooks", HELM_HOOK),
            ("helm.io/hook", HELM_HOOK),
            ("helm.sh/hook-weigth", HELM_WEIGHT),
            ("helm.sh/hook-deletion-policy", HELM_DELETE_POLICY),
            ("helm.sh/resource-polcy", HELM_RESOURCE_POLICY),
        ] {
            assert_eq!(near_miss(typo), Some(meant), "{typo}");
        }
    }

    fn hints(yaml: &str) -> Vec<(Code, String)> {
        let node = crate::input::yaml::parse_document(yaml, 0).unwrap();
        let mut d = Vec::new();
        crate::input::annotations::parse(Some(&node), "Job/x", &mut d);
        d.into_iter().map(|d| (d.code, d.hint.unwrap_or_default())).collect()
    }

    #[test]
    fn r10_r16_near_misses_of_values_name_the_value_meant_also_in_comma_lists() {
        let meant = |yaml: &str, code: Code, hint: &str| {
            let h = hints(yaml);
            assert!(h.iter().any(|(c, x)| *c == code && x == hint), "{yaml}: {h:?}");
        };
        // Two letters swapped is one edit.
        meant("argocd.argoproj.io/hook: PreSycn", codes::HOOK_DROPPED, "did you mean PreSync?");
        meant("argocd.argoproj.io/hook: PreSync,PostSycn", codes::HOOK_TYPE_UNKNOWN, "did you mean PostSync?");
        meant("argocd.argoproj.io/hook: Sync, SycnFail", codes::HOOK_TYPE_UNKNOWN, "did you mean SyncFail?");
        meant(
            "{argocd.argoproj.io/hook: PreSync, argocd.argoproj.io/hook-delete-policy: 'HookSuccedeed,BeforeHookCreation'}",
            codes::DELETE_POLICY_UNKNOWN,
            "did you mean HookSucceeded?",
        );
        meant("helm.sh/hook: pre-isntall", codes::HELM_HOOK_IGNORED, "did you mean pre-install?");
        meant("helm.sh/hook: post-install,pre-ugprade", codes::HELM_HOOK_IGNORED, "did you mean pre-upgrade?");
        // The value of a misspelt key is not read: only the key is named.
        let h = hints("argocd.argoproj.io/hooks: PreSycn");
        assert_eq!(h, vec![(codes::ANNOTATION_KEY_TYPO, format!("did you mean {HOOK}?"))]);
    }

    #[test]
    fn keys_other_tools_own_are_no_near_miss() {
        let others = [
            "link.argocd.argoproj.io/dashboard",
            "workflows.argoproj.io/description",
            "rollouts.argoproj.io/revision",
            "kubectl.kubernetes.io/last-applied-configuration",
            "kubectl.kubernetes.io/restartedAt",
            "kubectl.kubernetes.io/default-container",
            "meta.helm.sh/release-name",
            "meta.helm.sh/release-namespace",
            "app.kubernetes.io/instance",
            "example.com/hook",
            "hook",
            "sidecar.istio.io/inject",
            "deployment.kubernetes.io/revision",
        ];
        for key in READ.iter().map(|(k, _)| *k).chain(OWNED.iter().copied()).chain(others) {
            assert_eq!(near_miss(key), None, "{key}");
        }
    }
}
