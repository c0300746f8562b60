//! Argo CD versions (`settings.argocdVersion`) and what the sync engine does differently in each
//! (argocd-sync.md §16, k8s-job.md J35).
//!
//! The engine asks a [`Caps`] where behaviour differs between releases, never the version string.
//! Each capability names the upstream commit that introduced it and the first Argo CD release
//! that shipped it (read from the `go.mod` of the argo-cd release tags: gitops-engine was a
//! separate module until Argo CD 3.3, which ships a copy inside the argo-cd repository).

/// An Argo CD release line, optionally with its patch number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgoCd {
    pub major: u32,
    pub minor: u32,
    /// None: the latest patch release of that line.
    pub patch: Option<u32>,
}

/// The release lines hooksim simulates. Newest last. The one list of versions: the playground's
/// selector and the scenario's diagnostics read it.
pub const SUPPORTED: &[(u32, u32)] = &[
    (2, 0),
    (2, 1),
    (2, 2),
    (2, 3),
    (2, 4),
    (2, 5),
    (2, 6),
    (2, 7),
    (2, 8),
    (2, 9),
    (2, 10),
    (2, 11),
    (2, 12),
    (2, 13),
    (2, 14),
    (3, 0),
    (3, 1),
    (3, 2),
    (3, 3),
    (3, 4),
    (3, 5),
];

/// What the sync engine of one Argo CD release does where releases differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caps {
    /// R23, R45, J35: every hook gets the finalizer `argocd.argoproj.io/hook-finalizer`, so that a
    /// hook deleted by someone else (the TTL controller) stays readable until Argo CD has judged
    /// it. gitops-engine 65db274 (PR #646, 2025-02-07); first in Argo CD 3.0.0. Of the 2.14
    /// patches only 2.14.3 shipped it (its `go.mod` pins 65db274b8d73; 2.14.4 went back to the
    /// release-2.14 branch, 43fce7ce19f1, argo-cd #22163, #21804).
    pub hook_finalizer: bool,
    /// R44.1: a hook left over from an earlier operation loses its hook finalizer when its step
    /// runs, before BeforeHookCreation deletes it. gitops-engine dab4cc0 (#770, 2025-09-02),
    /// back-ported as #761/#762: Argo CD 3.0.16, 3.1.4, 3.2.0. Without it a finalizer leaked by
    /// an earlier operation holds the BeforeHookCreation deletion forever (argo-cd #23226).
    pub removes_stale_finalizers: bool,
    /// R49: a SyncFail hook that fails to apply adds the line "one or more SyncFail hooks
    /// failed, reason: …" to the operation message. 65db274; Argo CD 3.0.0 and 2.14.3.
    pub reports_syncfail_apply_failure: bool,
    /// R49, R50: after an apply failure, Argo CD waits for the hooks still running in the failed
    /// step and for the SyncFail hooks before it fails the operation (and removes their
    /// finalizers). Before: the operation failed at once, failure-deletions were deleted at once,
    /// and a SyncFail hook that failed to apply failed the operation while the others ran
    /// (§16). argo-cd 228378474a (#25916); Argo CD 3.4.0.
    pub waits_for_hooks_after_failure: bool,
    /// R55: Terminate acts on running hooks only and marks them Failed "Terminated". Before,
    /// every hook with a live object was read again: a running one was deleted and recorded
    /// Succeeded "Deleted", the others recorded with their health (§16). 228378474a; 3.4.0.
    pub terminates_running_hooks_only: bool,
    /// R39: a running task whose object is gone becomes Error "Resource … is missing, it might
    /// have been deleted". Before, it stayed Running for ever (J35's stuck hook). argo-cd
    /// f8c0d7efcf (#26286); Argo CD 3.4.0.
    pub checks_missing_resources: bool,
    /// R52: the running message names the first hook of the list it waits for ("deletion of
    /// hook", "pruning confirmation of"). Before, it named the first task of the list, whatever
    /// its type, and after a successful step the list was the remaining tasks (§16). argo-cd
    /// 95d19f2eda (#25668) and 228378474a; Argo CD 3.4.0.
    pub names_hooks_in_running_message: bool,
    /// R65, R66: PreDelete hooks (argo-cd 3bf3d8a212, #22288; Argo CD 3.3.0). Before, the
    /// controller does not know the type: a PreDelete hook is never run (`delete-hook-ignored`).
    /// The same commit made a Degraded delete hook fail the deletion ("PostDelete hook(s) failed:
    /// …"); before, a Degraded PostDelete hook counted as done.
    pub pre_delete_hooks: bool,
    /// R65, R66: PostDelete hooks (argo-cd dcc17f70bf, #16595; Argo CD 2.10.0). Before, the
    /// controller runs no PostDelete hook (Argo CD's or Helm's `post-delete`, argo-cd #8321).
    pub post_delete_hooks: bool,
    /// R66: a delete hook of a kind without a health check (ServiceAccount, Role) counts as
    /// Healthy. 2.10.x and 2.11.x read its nil health and panic on every attempt, so the
    /// Application stays Deleting (argo-cd #17191, #18270). argo-cd 444d332d0a (#18828, the
    /// cherry-pick of #18767); Argo CD 2.12.0.
    pub delete_hook_health_nil_checked: bool,
    /// R65: the controller knows a delete hook by any comma-separated item of
    /// `argocd.argoproj.io/hook` or `helm.sh/hook` (`PostSync,PostDelete`). Before, only by the
    /// exact value `PostDelete` / `post-delete`. argo-cd 956a6a1352 (#26420; 3.4.0), cherry-pick
    /// 968c6338a7 (3.3.3).
    pub delete_hooks_by_any_item: bool,
    /// R65: a manifest that is a delete hook and also a sync hook stays in syncs. 3.3.3 and 3.3.4
    /// know it as a delete hook (above) and leave it out of every sync (argo-cd #26996). Fixed by
    /// 269e0b850b (3.5.0) and its cherry-picks b66dea4282 (3.4.0) and 494b44ca5b (3.3.5).
    pub syncs_delete_hooks_with_sync_types: bool,
    /// R37a: the destination namespace (CreateNamespace's, or a manifest's own Namespace) is
    /// applied alone before the dry run. gitops-engine 8007df5 (#731), first in Argo CD 3.1.0
    /// (engine 093aef0); no 3.0.x has it. Before, it is an ordinary PreSync wave-0 task, dry-run
    /// with the rest and followed by the wave delay (argocd-sync.md §16).
    pub creates_namespace_before_dry_run: bool,
    /// R17, R57, R66: the Application's `Prune=false`, `Prune=confirm` and `Delete=false` are the
    /// default of every resource. argo-cd b7e2027f35 (#23370); Argo CD 3.4.0. Before, only the
    /// resource's own sync-options annotation counts.
    pub app_level_prune_and_delete: bool,
    /// R7, §16: a hook's result keeps its status (`Synced`) when its health is read or when
    /// Terminate records it. Before, those writes cleared the status. argo-cd 1dc85e564b
    /// (#25692); Argo CD 3.4.0.
    pub keeps_hook_status: bool,
    /// R26: when tasks are not valid, the operation message lists their causes ("one or more
    /// synchronization tasks are not valid: …", sorted, distinct, joined by "; "). Before, the
    /// message stopped at "not valid". argo-cd f460a3ca4c; Argo CD 3.5.0.
    pub lists_invalid_task_causes: bool,
}

impl ArgoCd {
    /// The contract's default, "3.4".
    pub const DEFAULT: ArgoCd = ArgoCd { major: 3, minor: 4, patch: None };

    /// Reads "3.4", "v3.4" or "3.0.15". None when it is not a version number.
    pub fn parse(text: &str) -> Option<ArgoCd> {
        let v = text.trim().trim_start_matches('v');
        let mut parts = v.split('.');
        let number = |p: Option<&str>| -> Option<u32> {
            let p = p?;
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 6 {
                return None;
            }
            p.parse().ok()
        };
        let major = number(parts.next())?;
        let minor = number(parts.next())?;
        let patch = match parts.next() {
            None => None,
            p => Some(number(p)?),
        };
        if parts.next().is_some() {
            return None;
        }
        Some(ArgoCd { major, minor, patch })
    }

    pub fn supported(self) -> bool {
        SUPPORTED.contains(&(self.major, self.minor))
    }

    /// At least `major.minor.patch`; a version without a patch is its line's latest release.
    fn at_least(self, major: u32, minor: u32, patch: u32) -> bool {
        (self.major, self.minor, self.patch.unwrap_or(u32::MAX)) >= (major, minor, patch)
    }

    /// A fix first released in `first` (major, minor) and back-ported to the patches `backports`
    /// of older lines.
    fn fixed_in(self, first: (u32, u32), backports: &[(u32, u32, u32)]) -> bool {
        match backports.iter().find(|(a, b, _)| (*a, *b) == (self.major, self.minor)) {
            Some((a, b, p)) => self.at_least(*a, *b, *p),
            None => self.at_least(first.0, first.1, 0),
        }
    }

    /// Exactly the release `major.minor.patch` (not the line's latest).
    fn is(self, major: u32, minor: u32, patch: u32) -> bool {
        self == ArgoCd { major, minor, patch: Some(patch) }
    }

    pub fn caps(self) -> Caps {
        let v34 = self.at_least(3, 4, 0);
        // 65db274: 3.0.0, and 2.14.3 alone among the 2.14 patches.
        let engine_65db274 = self.at_least(3, 0, 0) || self.is(2, 14, 3);
        Caps {
            hook_finalizer: engine_65db274,
            removes_stale_finalizers: self.fixed_in((3, 2), &[(3, 0, 16), (3, 1, 4)]),
            reports_syncfail_apply_failure: engine_65db274,
            waits_for_hooks_after_failure: v34,
            terminates_running_hooks_only: v34,
            checks_missing_resources: v34,
            names_hooks_in_running_message: v34,
            keeps_hook_status: v34,
            pre_delete_hooks: self.at_least(3, 3, 0),
            post_delete_hooks: self.at_least(2, 10, 0),
            delete_hook_health_nil_checked: self.at_least(2, 12, 0),
            delete_hooks_by_any_item: self.fixed_in((3, 4), &[(3, 3, 3)]),
            syncs_delete_hooks_with_sync_types: self.fixed_in((3, 4), &[(3, 3, 5)]),
            creates_namespace_before_dry_run: self.at_least(3, 1, 0),
            app_level_prune_and_delete: v34,
            lists_invalid_task_causes: self.at_least(3, 5, 0),
        }
    }
}

impl std::fmt::Display for ArgoCd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.patch {
            Some(p) => write!(f, "{}.{}.{p}", self.major, self.minor),
            None => write!(f, "{}.{}", self.major, self.minor),
        }
    }
}

impl Default for Caps {
    fn default() -> Caps {
        ArgoCd::DEFAULT.caps()
    }
}

/// Patch releases that differ from their line's latest (the line alone means its latest patch):
/// 2.14.3 has the hook finalizer, 3.0.15 and 3.1.3 leak it (R44.1), 3.3.2 knows delete hooks by
/// the exact value only, 3.3.4 leaves delete hooks that are also sync hooks out of syncs (R65).
pub const DIFFERING_PATCHES: &[(u32, u32, u32)] = &[(2, 14, 3), (3, 0, 15), (3, 1, 3), (3, 3, 2), (3, 3, 4)];

/// What a user may select, oldest first: every line of [`SUPPORTED`], each followed by its
/// [`DIFFERING_PATCHES`]. The playground's version list.
pub fn selectable() -> Vec<String> {
    let mut out = Vec::new();
    for &(a, b) in SUPPORTED {
        out.push(format!("{a}.{b}"));
        out.extend(
            DIFFERING_PATCHES.iter().filter(|(x, y, _)| (*x, *y) == (a, b)).map(|(x, y, p)| format!("{x}.{y}.{p}")),
        );
    }
    out
}

/// "2.0–3.5": the lines of [`SUPPORTED`], for messages.
pub fn supported_range() -> String {
    match (SUPPORTED.first(), SUPPORTED.last()) {
        (Some((a, b)), Some((c, d))) => format!("{a}.{b}–{c}.{d}"),
        _ => String::new(),
    }
}

/// What a written `argocdVersion` selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// A release line hooksim simulates.
    Supported(ArgoCd),
    /// A 2.x release before 2.14: simulated with its own capabilities (delete hooks, the nil
    /// health of 2.10–2.11), but for the differences [`OLDER_2X_DIFFERENCES`] names, which run as
    /// 2.14's.
    Older2x(ArgoCd),
    /// A version hooksim does not know (1.x, a future release): the default is used.
    Unknown(ArgoCd),
    /// Not a version number: the default is used.
    Invalid,
}

/// What Argo CD 2.0–2.13 do differently from 2.14 that hooksim does not gate by version.
pub const OLDER_2X_DIFFERENCES: &str =
    "prune waves are mirrored (R30) only from 2.10.10/2.11, and a Suspended Job condition counts only from 2.6 (J33)";

pub fn choose(text: &str) -> Choice {
    let Some(v) = ArgoCd::parse(text) else { return Choice::Invalid };
    if v.major == 2 && v.minor < 14 {
        Choice::Older2x(v)
    } else if v.supported() {
        Choice::Supported(v)
    } else {
        Choice::Unknown(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the release `version` does.
    fn caps(version: &str) -> Caps {
        ArgoCd::parse(version).expect("version").caps()
    }

    #[test]
    fn parses_lines_and_patches() {
        assert_eq!(ArgoCd::parse("3.4"), Some(ArgoCd { major: 3, minor: 4, patch: None }));
        assert_eq!(ArgoCd::parse("v3.0.15"), Some(ArgoCd { major: 3, minor: 0, patch: Some(15) }));
        assert_eq!(ArgoCd::parse("2.14"), Some(ArgoCd { major: 2, minor: 14, patch: None }));
        for bad in ["", "3", "3.", "3.x", "latest", "3.4.1.2", "3.4-rc1", "+3.4", "3.4.", "99999999.1"] {
            assert_eq!(ArgoCd::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn choices() {
        assert!(matches!(choose("3.3"), Choice::Supported(_)));
        assert!(matches!(choose("3.5.1"), Choice::Supported(_)));
        assert!(matches!(choose("2.13"), Choice::Older2x(_)));
        assert!(matches!(choose("1.8"), Choice::Unknown(_)));
        assert!(matches!(choose("3.6"), Choice::Unknown(_)));
        assert!(matches!(choose("4.0"), Choice::Unknown(_)));
        assert_eq!(choose("three"), Choice::Invalid);
    }

    /// J35, R23: the hook finalizer came with 3.0.0 (gitops-engine 65db274 is in no 2.14.x).
    #[test]
    fn j35_hook_finalizer_from_3_0() {
        assert!(!caps("2.14").hook_finalizer);
        assert!(!caps("2.14.21").hook_finalizer);
        assert!(caps("3.0.0").hook_finalizer);
        assert!(caps("3.3").hook_finalizer);
    }

    /// J35 (argo-cd #21804, #22163): 2.14.3 alone among the 2.14 patches shipped 65db274.
    #[test]
    fn j35_argocd_2_14_3_has_the_hook_finalizer() {
        for v in ["2.14.0", "2.14.2", "2.14.4", "2.14"] {
            assert!(!caps(v).hook_finalizer && !caps(v).reports_syncfail_apply_failure, "{v}");
        }
        let c = caps("2.14.3");
        assert!(c.hook_finalizer && c.reports_syncfail_apply_failure);
        assert_eq!(c, Caps { hook_finalizer: true, reports_syncfail_apply_failure: true, ..caps("2.14") });
    }

    /// R37a (§16): the namespace is created before the dry run from 3.1.0; R17: the Application's
    /// Prune=/Delete= count from 3.4.0.
    #[test]
    fn s16_namespace_and_app_level_options() {
        assert!(!caps("3.0").creates_namespace_before_dry_run);
        assert!(caps("3.1.0").creates_namespace_before_dry_run);
        assert!(!caps("3.3").app_level_prune_and_delete);
        assert!(caps("3.4.0").app_level_prune_and_delete);
    }

    /// R65, R66: delete hooks by release (argo-cd #8321, #17191, #26420, #26996).
    #[test]
    fn r65_r66_delete_hooks_by_release() {
        assert!(!caps("2.9").post_delete_hooks && caps("2.10.0").post_delete_hooks);
        assert!(!caps("2.11").delete_hook_health_nil_checked && caps("2.12.0").delete_hook_health_nil_checked);
        assert!(!caps("3.3.2").delete_hooks_by_any_item && caps("3.3.3").delete_hooks_by_any_item);
        assert!(!caps("3.3.4").syncs_delete_hooks_with_sync_types && caps("3.3.5").syncs_delete_hooks_with_sync_types);
        assert!(caps("3.4.0").delete_hooks_by_any_item && caps("3.4.0").syncs_delete_hooks_with_sync_types);
        assert!(matches!(choose("2.9"), Choice::Older2x(ArgoCd { major: 2, minor: 9, patch: None })));
        assert_eq!(supported_range(), "2.0–3.5");
        let list = selectable();
        assert!(list.iter().all(|v| matches!(choose(v), Choice::Supported(_) | Choice::Older2x(_))));
        assert_eq!(list.iter().filter(|v| v.starts_with("2.14")).count(), 2);
    }

    /// R44.1 (argo-cd #23226): stale finalizers are removed from 3.0.16, 3.1.4 and 3.2.0 on.
    #[test]
    fn r44_stale_finalizer_removal_patches() {
        assert!(!caps("3.0.15").removes_stale_finalizers);
        assert!(caps("3.0.16").removes_stale_finalizers);
        assert!(caps("3.0").removes_stale_finalizers);
        assert!(!caps("3.1.3").removes_stale_finalizers);
        assert!(caps("3.1.4").removes_stale_finalizers);
        assert!(caps("3.2.0").removes_stale_finalizers);
        assert!(!caps("2.14").removes_stale_finalizers);
    }

    /// §16: everything else changed together in 3.4.0.
    #[test]
    fn s16_legacy_until_3_3() {
        let legacy = caps("3.3.14");
        let current = caps("3.4.0");
        assert!(!legacy.checks_missing_resources && current.checks_missing_resources);
        assert!(!legacy.waits_for_hooks_after_failure && current.waits_for_hooks_after_failure);
        assert!(!legacy.terminates_running_hooks_only && current.terminates_running_hooks_only);
        assert!(!legacy.names_hooks_in_running_message && current.names_hooks_in_running_message);
        assert!(!legacy.keeps_hook_status && current.keeps_hook_status);
        assert!(legacy.pre_delete_hooks && current.pre_delete_hooks);
        assert!(!caps("3.2").pre_delete_hooks);
        assert_eq!(Caps::default(), current);
        assert_eq!(caps("3.5"), Caps { lists_invalid_task_causes: true, ..current });
    }

    /// R26: the operation message lists the invalid tasks' causes from 3.5.0 on only.
    #[test]
    fn r26_invalid_task_causes_from_3_5() {
        assert!(!caps("3.4").lists_invalid_task_causes);
        assert!(!caps("3.4.99").lists_invalid_task_causes);
        assert!(caps("3.5.0").lists_invalid_task_causes);
        assert!(caps("3.5").lists_invalid_task_causes);
    }
}
