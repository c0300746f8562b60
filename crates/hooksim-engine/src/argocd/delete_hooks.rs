//! Which manifests the Argo CD controller treats as PreDelete or PostDelete hooks (R65, R66), in
//! the release simulated.
//!
//! The controller does not read the engine's parsed hook types (R10): `controller/hook.go`
//! `isHookOfType` looks at `argocd.argoproj.io/hook` and `helm.sh/hook` each on its own, for the
//! value `PreDelete`/`pre-delete` or `PostDelete`/`post-delete`. What it accepts, and whether such
//! a manifest still reaches syncs, changed between releases (`version::Caps`).

use crate::common::argocd_version::{ArgoCd, Caps};
use crate::common::diagnostics::{codes, Diagnostic, Pos};
use crate::input::annotations::{Annotations, HookType, HELM_HOOK, HOOK};
use crate::input::manifest::Manifest;

/// The values Argo CD's and Helm's annotation carry for a delete hook type.
fn values(ty: HookType) -> Option<(&'static str, &'static str)> {
    match ty {
        HookType::PreDelete => Some(("PreDelete", "pre-delete")),
        HookType::PostDelete => Some(("PostDelete", "post-delete")),
        _ => None,
    }
}

/// The release knows delete hooks of this type at all (PostDelete from 2.10, PreDelete from 3.3).
pub fn type_exists(ty: HookType, caps: &Caps) -> bool {
    match ty {
        HookType::PreDelete => caps.pre_delete_hooks,
        HookType::PostDelete => caps.post_delete_hooks,
        _ => false,
    }
}

/// What the annotations say, read as the controller of any release could: the exact value, or
/// one comma-separated item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Not a delete hook of this type by either reading.
    No,
    /// The whole value of one annotation (`PostDelete`, `post-delete`): every release that has
    /// the type knows it.
    Exact,
    /// One item of a list (`PostSync,PostDelete`): known only from 3.3.3 / 3.4.0 (R65).
    Item,
}

/// How the annotations name the delete hook type `ty`.
pub fn written(ann: &Annotations, ty: HookType) -> Written {
    let Some((argo, helm)) = values(ty) else { return Written::No };
    let mut out = Written::No;
    for (key, want) in [(HOOK, argo), (HELM_HOOK, helm)] {
        let Some(v) = ann.raw.get(key) else { continue };
        if v == want {
            return Written::Exact;
        }
        if v.split(',').any(|item| item.trim() == want) {
            out = Written::Item;
        }
    }
    out
}

/// R65, R66: the controller of the release simulated runs this manifest as a delete hook of
/// type `ty` when the Application is deleted.
pub fn is_delete_hook(ann: &Annotations, ty: HookType, caps: &Caps) -> bool {
    type_exists(ty, caps)
        && match written(ann, ty) {
            Written::No => false,
            Written::Exact => true,
            Written::Item => caps.delete_hooks_by_any_item,
        }
}

/// The manifest also runs in a sync phase (gitops-engine's hook types, R10; not Skip).
fn has_sync_phase(ann: &Annotations) -> bool {
    ann.is_hook && !ann.phases().is_empty()
}

/// R65: the controller keeps this manifest out of the sync set although the engine would run it
/// in a sync phase: Argo CD 3.3.3 and 3.3.4 take a manifest that is also a delete hook
/// (`PostSync,PostDelete`) for a delete hook only (argo-cd #26996). Manifests whose only types
/// are delete hooks never run in a sync in any release (`Annotations::delete_hook_only`).
pub fn left_out_of_syncs(ann: &Annotations, caps: &Caps) -> bool {
    // The filter came with PreDelete hooks (3.3.0); before, the controller passed every manifest.
    if !caps.pre_delete_hooks || caps.syncs_delete_hooks_with_sync_types || !has_sync_phase(ann) {
        return false;
    }
    [HookType::PreDelete, HookType::PostDelete].into_iter().any(|ty| is_delete_hook(ann, ty, caps))
}

/// The release that first knows the delete hook type `ty`.
fn first_release(ty: HookType) -> &'static str {
    match ty {
        HookType::PreDelete => "3.3 (argo-cd #22288)",
        _ => "2.10 (argo-cd #16595, #8321)",
    }
}

/// `delete-hook-ignored` and `delete-hook-left-out`: what the release simulated does with the
/// delete hook annotations of `m`, where it differs from the rules of argocd-sync.md (3.4).
/// `health_scripted`: the Scenario gives this object a health, which stands for a (custom) health
/// check of its kind.
pub fn lint(m: &Manifest, argocd: ArgoCd, caps: &Caps, health_scripted: bool, diags: &mut Vec<Diagnostic>) {
    let pos = |key: &str| m.node.path(&["metadata", "annotations", key]).map(|v| v.pos);
    let at: Option<Pos> = pos(HOOK).or(pos(HELM_HOOK));
    let mut ignored = false;
    for ty in [HookType::PreDelete, HookType::PostDelete] {
        let written = written(&m.ann, ty);
        if written == Written::No || is_delete_hook(&m.ann, ty, caps) {
            continue;
        }
        let (what, why) = if !type_exists(ty, caps) {
            (format!("Argo CD {argocd} has no {} hooks", ty.as_str()), format!("they came with {}", first_release(ty)))
        } else {
            (
                format!("Argo CD {argocd} knows a {0} hook only by the exact annotation value {0}", ty.as_str()),
                "a comma-separated item counts from 3.3.3 and 3.4.0 (argo-cd #26420)".to_string(),
            )
        };
        let follows = match m.ann.phases().is_empty() || !m.ann.is_hook {
            true => "it is never applied, neither in a sync nor when the Application is deleted",
            false => "it runs only in its sync phases, not when the Application is deleted",
        };
        diags.push(
            Diagnostic::warning(
                codes::DELETE_HOOK_IGNORED,
                format!("{what}: this hook type is ignored, and {follows}"),
            )
            .at(at)
            .reference(m.selector.as_str())
            .hint(why),
        );
        ignored = true;
    }
    if ignored && m.ann.delete_hook_only() {
        // `hook-delete-only` says it runs at deletion: not in this release.
        diags.retain(|d| !(d.code == codes::HOOK_DELETE_ONLY && d.reference.as_deref() == Some(m.selector.as_str())));
    }
    // R66 on 2.10.x–2.11.x: a PostDelete hook of a kind without a health check panics the
    // controller on every attempt (argo-cd #17191).
    let no_health = !health_scripted && !crate::common::health::has_health_check(&m.group, &m.kind);
    if !caps.delete_hook_health_nil_checked && no_health && is_delete_hook(&m.ann, HookType::PostDelete, caps) {
        diags.push(
            Diagnostic::warning(
                codes::DELETE_HOOK_WITHOUT_HEALTH,
                format!(
                    "Argo CD {argocd} reads the health of every PostDelete hook without checking that its kind has one: this {} makes the controller panic on every attempt, and the Application stays Deleting (argo-cd #17191)",
                    m.kind
                ),
            )
            .at(at)
            .reference(m.selector.as_str())
            .hint("fixed in 2.12.0; before, give PostDelete hooks only kinds with a health check (a Job, a Pod), or create this object another way"),
        );
    }
    if left_out_of_syncs(&m.ann, caps) {
        diags.push(
            Diagnostic::warning(
                codes::DELETE_HOOK_LEFT_OUT,
                format!(
                    "Argo CD {argocd} takes a delete hook that is also a sync hook for a delete hook only and leaves it out of every sync: its sync phases never run (argo-cd #26996)"
                ),
            )
            .at(at)
            .reference(m.selector.as_str())
            .hint("fixed in 3.3.5 and 3.4.0; before, use two manifests: one sync hook, one delete hook"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::argocd_version::ArgoCd;

    fn ann(pairs: &[(&str, &str)]) -> Annotations {
        let text = pairs.iter().map(|(k, v)| format!("{k}: \"{v}\"\n")).collect::<String>();
        let node = crate::input::yaml::parse_document(&text, 0).expect("yaml");
        crate::input::annotations::parse(Some(&node), "Job/x", &mut Vec::new())
    }

    fn caps(v: &str) -> Caps {
        ArgoCd::parse(v).expect("version").caps()
    }

    /// R65 (argo-cd #8321, dcc17f70bf, 3bf3d8a212): PostDelete from 2.10, PreDelete from 3.3.
    #[test]
    fn r65_delete_hook_types_by_release() {
        let post = ann(&[(HOOK, "PostDelete")]);
        let pre = ann(&[(HELM_HOOK, "pre-delete")]);
        assert!(!is_delete_hook(&post, HookType::PostDelete, &caps("2.9")));
        assert!(is_delete_hook(&post, HookType::PostDelete, &caps("2.10.0")));
        assert!(!is_delete_hook(&pre, HookType::PreDelete, &caps("3.2")));
        assert!(is_delete_hook(&pre, HookType::PreDelete, &caps("3.3.0")));
    }

    /// R65 (#26420, #26996): a list item is a delete hook from 3.3.3 / 3.4.0; 3.3.3 and 3.3.4
    /// leave such a manifest out of syncs, 3.3.5 and 3.4.0 keep it.
    #[test]
    fn r65_comma_separated_delete_hooks_by_release() {
        let mixed = ann(&[(HOOK, "PostSync,PostDelete")]);
        assert_eq!(written(&mixed, HookType::PostDelete), Written::Item);
        for (v, delete_hook, left_out) in [
            ("3.2", false, false),
            ("3.3.2", false, false),
            ("3.3.3", true, true),
            ("3.3.4", true, true),
            ("3.3.5", true, false),
            ("3.3", true, false),
            ("3.4.0", true, false),
        ] {
            assert_eq!(is_delete_hook(&mixed, HookType::PostDelete, &caps(v)), delete_hook, "{v}");
            assert_eq!(left_out_of_syncs(&mixed, &caps(v)), left_out, "{v}");
        }
        // Only the exact value before 3.3.3; whitespace around an item is trimmed after.
        let spaced = ann(&[(HOOK, " PostDelete")]);
        assert!(!is_delete_hook(&spaced, HookType::PostDelete, &caps("3.2")));
        assert!(is_delete_hook(&spaced, HookType::PostDelete, &caps("3.4")));
        // Each annotation on its own: Argo CD's PostSync does not hide Helm's post-delete here.
        let both = ann(&[(HOOK, "PostSync"), (HELM_HOOK, "post-delete")]);
        assert!(is_delete_hook(&both, HookType::PostDelete, &caps("2.10")));
        assert!(!left_out_of_syncs(&both, &caps("3.4")));
        assert!(left_out_of_syncs(&both, &caps("3.3.4")));
    }
}
