//! Annotation parsing (argocd-sync.md R9–R17): hook types, Skip, the Helm mapping, sync waves,
//! delete policies and sync options, with a diagnostic wherever Argo CD would silently do
//! something the author probably did not mean.

use std::collections::BTreeMap;

use crate::diagnostics::{codes, similar, Diagnostic, Pos};
use crate::yaml::{Node, Value};

pub const HOOK: &str = "argocd.argoproj.io/hook";
pub const HOOK_DELETE_POLICY: &str = "argocd.argoproj.io/hook-delete-policy";
pub const SYNC_WAVE: &str = "argocd.argoproj.io/sync-wave";
pub const SYNC_OPTIONS: &str = "argocd.argoproj.io/sync-options";
pub const HELM_HOOK: &str = "helm.sh/hook";
pub const HELM_WEIGHT: &str = "helm.sh/hook-weight";
pub const HELM_DELETE_POLICY: &str = "helm.sh/hook-delete-policy";
pub const HELM_RESOURCE_POLICY: &str = "helm.sh/resource-policy";

/// The hook types of the engine (R2) plus the controller's delete hooks (R65).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HookType {
    PreSync,
    Sync,
    PostSync,
    SyncFail,
    Skip,
    PreDelete,
    PostDelete,
}

impl HookType {
    pub fn as_str(self) -> &'static str {
        match self {
            HookType::PreSync => "PreSync",
            HookType::Sync => "Sync",
            HookType::PostSync => "PostSync",
            HookType::SyncFail => "SyncFail",
            HookType::Skip => "Skip",
            HookType::PreDelete => "PreDelete",
            HookType::PostDelete => "PostDelete",
        }
    }

    const ALL: [HookType; 7] = [
        HookType::PreSync,
        HookType::Sync,
        HookType::PostSync,
        HookType::SyncFail,
        HookType::Skip,
        HookType::PreDelete,
        HookType::PostDelete,
    ];

    fn parse_exact(s: &str) -> Option<HookType> {
        HookType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The sync phase a hook type runs in (R13); None for Skip and the delete hooks.
    pub fn phase(self) -> Option<SyncPhase> {
        match self {
            HookType::PreSync => Some(SyncPhase::PreSync),
            HookType::Sync => Some(SyncPhase::Sync),
            HookType::PostSync => Some(SyncPhase::PostSync),
            HookType::SyncFail => Some(SyncPhase::SyncFail),
            _ => None,
        }
    }
}

/// Sync phases with their sort ranks (R1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SyncPhase {
    PreSync,
    Sync,
    PostSync,
    SyncFail,
}

impl SyncPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncPhase::PreSync => "PreSync",
            SyncPhase::Sync => "Sync",
            SyncPhase::PostSync => "PostSync",
            SyncPhase::SyncFail => "SyncFail",
        }
    }

    /// R1: -1, 0, 1, 2.
    pub fn rank(self) -> i32 {
        match self {
            SyncPhase::PreSync => -1,
            SyncPhase::Sync => 0,
            SyncPhase::PostSync => 1,
            SyncPhase::SyncFail => 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeletePolicy {
    HookSucceeded,
    HookFailed,
    BeforeHookCreation,
}

impl DeletePolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            DeletePolicy::HookSucceeded => "HookSucceeded",
            DeletePolicy::HookFailed => "HookFailed",
            DeletePolicy::BeforeHookCreation => "BeforeHookCreation",
        }
    }
}

/// What the sync-options annotation says (R17). Only the options the simulation reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncOptions {
    /// `Prune=false`.
    pub prune_disabled: bool,
    /// `Prune=confirm`.
    pub prune_confirm: bool,
    /// `PruneLast=true`.
    pub prune_last: bool,
    /// `Delete=false`: kept when the Application is deleted.
    pub delete_disabled: bool,
}

/// Everything Argo CD reads from one object's annotations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotations {
    /// R11: the object is a hook (it may still have no types, R14).
    pub is_hook: bool,
    /// R12: `Skip` is the only type.
    pub skip: bool,
    /// Parsed types (R10), in annotation order, deduplicated; includes Skip and delete hooks.
    pub types: Vec<HookType>,
    /// R15.
    pub wave: i64,
    /// R16, never empty.
    pub delete_policies: Vec<DeletePolicy>,
    /// True when no valid policy was written and BeforeHookCreation is the default (R16).
    pub default_delete_policy: bool,
    pub sync_options: SyncOptions,
    /// `helm.sh/resource-policy: keep`.
    pub helm_keep: bool,
    /// The raw annotations (string values only).
    pub raw: BTreeMap<String, String>,
}

impl Annotations {
    /// The sync phases of the object (R13): none for Skip-only and for hooks without types.
    pub fn phases(&self) -> Vec<SyncPhase> {
        if self.skip {
            return Vec::new();
        }
        if !self.is_hook {
            return vec![SyncPhase::Sync];
        }
        let mut out: Vec<SyncPhase> = self.types.iter().filter_map(|t| t.phase()).collect();
        out.sort();
        out.dedup();
        out
    }

    pub fn has_policy(&self, p: DeletePolicy) -> bool {
        self.delete_policies.contains(&p)
    }

    /// R65: the object is a PreDelete or PostDelete hook of the controller.
    pub fn delete_hook(&self, t: HookType) -> bool {
        self.types.contains(&t)
    }

    /// R65: the only hook types are delete hooks, so the controller keeps it out of syncs.
    pub fn delete_hook_only(&self) -> bool {
        self.is_hook
            && !self.types.is_empty()
            && self.types.iter().all(|t| matches!(t, HookType::PreDelete | HookType::PostDelete))
    }
}

/// R9: split on commas, trim, drop empties, keep the first of duplicates.
pub fn csv(value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in value.split(',') {
        let item = item.trim();
        if !item.is_empty() && !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
    }
    out
}

/// R15: Go's `strconv.Atoi`: an optional sign and decimal digits, nothing else, in range.
pub fn atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// Parses the annotations mapping (`metadata.annotations`) of one object. `reference` names the
/// object in diagnostics.
pub fn parse(node: Option<&Node>, reference: &str, diags: &mut Vec<Diagnostic>) -> Annotations {
    let mut raw = BTreeMap::new();
    let mut positions: BTreeMap<String, Pos> = BTreeMap::new();
    let mut unreadable = false;
    if let Some(node) = node {
        match &node.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    let Some(key) = k.scalar_text() else { continue };
                    match &v.value {
                        Value::Str(s) => {
                            raw.insert(key.clone(), s.clone());
                        }
                        _ => {
                            unreadable = true;
                            let shown = v.scalar_text().unwrap_or_else(|| v.type_name().to_string());
                            diags.push(
                                Diagnostic::error(
                                    codes::ANNOTATION_NOT_STRING,
                                    format!(
                                        "annotation {key} is {} ({shown}), not a string: Kubernetes rejects the object and Argo CD cannot read any of its annotations",
                                        v.type_name()
                                    ),
                                )
                                .at(Some(v.pos))
                                .reference(reference)
                                .hint(format!("quote the value: {key}: \"{shown}\"")),
                            );
                        }
                    }
                    positions.insert(key, v.pos);
                }
            }
            Value::Null => {}
            _ => {
                unreadable = true;
                diags.push(
                    Diagnostic::error(
                        codes::WRONG_TYPE,
                        format!("metadata.annotations is {}, expected a mapping", node.type_name()),
                    )
                    .at(Some(node.pos))
                    .reference(reference),
                );
            }
        }
    }
    // An annotation map with a non-string value cannot be read as map[string]string: Argo CD's
    // unstructured accessors then see no annotations at all.
    if unreadable {
        return Annotations {
            delete_policies: vec![DeletePolicy::BeforeHookCreation],
            default_delete_policy: true,
            ..Annotations::default()
        };
    }
    let pos = |k: &str| positions.get(k).copied();
    let mut a = Annotations { raw: raw.clone(), ..Annotations::default() };

    // R10 step 1: the Argo CD annotation.
    let mut argo_types = Vec::new();
    if let Some(v) = raw.get(HOOK) {
        for item in csv(v) {
            match HookType::parse_exact(&item) {
                Some(t) => argo_types.push(t),
                None => {
                    let suggestion = HookType::ALL
                        .into_iter()
                        .find(|t| t.as_str().eq_ignore_ascii_case(&item) || similar(t.as_str(), &item));
                    let mut d = Diagnostic::warning(
                        codes::HOOK_TYPE_UNKNOWN,
                        format!("\"{item}\" is not a hook type: Argo CD ignores it (types are case-sensitive)"),
                    )
                    .at(pos(HOOK))
                    .reference(reference);
                    d = match suggestion {
                        Some(s) => d.hint(format!("did you mean {}?", s.as_str())),
                        None => d.hint("valid types: PreSync, Sync, PostSync, SyncFail, Skip, PreDelete, PostDelete"),
                    };
                    diags.push(d);
                }
            }
        }
    }
    // R10 step 2: Helm, only when no Argo CD type is valid.
    let mut helm_types = Vec::new();
    if let Some(v) = raw.get(HELM_HOOK) {
        for item in csv(v) {
            let t = match item.as_str() {
                "pre-install" | "pre-upgrade" => Some(HookType::PreSync),
                "post-install" | "post-upgrade" => Some(HookType::PostSync),
                "pre-delete" => Some(HookType::PreDelete),
                "post-delete" => Some(HookType::PostDelete),
                _ => None,
            };
            match t {
                Some(t) => {
                    if !helm_types.contains(&t) {
                        helm_types.push(t)
                    }
                }
                None if item == "crd-install" => {}
                None => diags.push(
                    Diagnostic::warning(
                        codes::HELM_HOOK_IGNORED,
                        format!("Helm hook \"{item}\" has no Argo CD equivalent: Argo CD ignores it"),
                    )
                    .at(pos(HELM_HOOK))
                    .reference(reference)
                    .hint(
                        "Argo CD maps only pre-/post-install, pre-/post-upgrade (and pre-/post-delete on app deletion)",
                    ),
                ),
            }
        }
    }
    let argo_has_valid = !argo_types.is_empty();
    if argo_has_valid && raw.contains_key(HELM_HOOK) {
        diags.push(
            Diagnostic::info(
                codes::HELM_HOOK_SHADOWED,
                "both argocd.argoproj.io/hook and helm.sh/hook are set: the Argo CD hook type wins, but the delete policies of both apply",
            )
            .at(pos(HELM_HOOK))
            .reference(reference),
        );
    }
    a.types = if argo_has_valid { argo_types } else { helm_types };

    // R11, R12.
    let only_skip = a.types.contains(&HookType::Skip) && a.types.len() == 1;
    a.skip = only_skip;
    a.is_hook =
        if raw.contains_key(HOOK) { !only_skip } else { raw.get(HELM_HOOK).is_some_and(|v| v != "crd-install") };
    if a.types.contains(&HookType::Skip) && a.types.len() > 1 {
        diags.push(
            Diagnostic::warning(
                codes::HOOK_SKIP_MIXED,
                "Skip together with other hook types is not a skip: the object runs as a hook of the other types",
            )
            .at(pos(HOOK))
            .reference(reference)
            .hint("use Skip alone to keep Argo CD from applying the object"),
        );
    }
    if a.is_hook && a.types.iter().all(|t| *t == HookType::Skip) {
        let at = pos(HOOK).or(pos(HELM_HOOK));
        diags.push(
            Diagnostic::warning(
                codes::HOOK_DROPPED,
                "this hook has no valid hook type: Argo CD silently drops it (never applied, never pruned)",
            )
            .at(at)
            .reference(reference)
            .hint("set argocd.argoproj.io/hook to PreSync, Sync, PostSync or SyncFail"),
        );
    } else if a.delete_hook_only() {
        diags.push(
            Diagnostic::info(
                codes::HOOK_DELETE_ONLY,
                "a PreDelete/PostDelete hook: it is not part of syncs and runs only when the Application is deleted",
            )
            .at(pos(HOOK).or(pos(HELM_HOOK)))
            .reference(reference),
        );
    }

    // R15: wave, with the hook-weight fallback.
    let mut wave = None;
    for key in [SYNC_WAVE, HELM_WEIGHT] {
        if wave.is_some() {
            break;
        }
        if let Some(v) = raw.get(key) {
            match atoi(v) {
                Some(w) => wave = Some(w),
                None => {
                    let fallback = if key == SYNC_WAVE && raw.get(HELM_WEIGHT).and_then(|w| atoi(w)).is_some() {
                        "helm.sh/hook-weight"
                    } else {
                        "wave 0"
                    };
                    let trimmed = v.trim();
                    let hint = if atoi(trimmed).is_some() {
                        format!("remove the spaces: \"{trimmed}\"")
                    } else {
                        "write a whole number such as \"1\" or \"-1\"".to_string()
                    };
                    diags.push(
                        Diagnostic::warning(
                            codes::SYNC_WAVE_INVALID,
                            format!("{key} \"{v}\" is not an integer Argo CD can read: it uses {fallback} instead"),
                        )
                        .at(pos(key))
                        .reference(reference)
                        .hint(hint),
                    );
                }
            }
        }
    }
    a.wave = wave.unwrap_or(0);

    // R16: delete policies, the union of both annotations.
    let mut policies = Vec::new();
    if let Some(v) = raw.get(HOOK_DELETE_POLICY) {
        for item in csv(v) {
            let p = match item.as_str() {
                "HookSucceeded" => Some(DeletePolicy::HookSucceeded),
                "HookFailed" => Some(DeletePolicy::HookFailed),
                "BeforeHookCreation" => Some(DeletePolicy::BeforeHookCreation),
                _ => None,
            };
            match p {
                Some(p) => {
                    if !policies.contains(&p) {
                        policies.push(p)
                    }
                }
                None => diags.push(unknown_policy(&item, HOOK_DELETE_POLICY, pos(HOOK_DELETE_POLICY), reference)),
            }
        }
    }
    if let Some(v) = raw.get(HELM_DELETE_POLICY) {
        for item in csv(v) {
            let p = match item.as_str() {
                "hook-succeeded" => Some(DeletePolicy::HookSucceeded),
                "hook-failed" => Some(DeletePolicy::HookFailed),
                "before-hook-creation" => Some(DeletePolicy::BeforeHookCreation),
                _ => None,
            };
            match p {
                Some(p) => {
                    if !policies.contains(&p) {
                        policies.push(p)
                    }
                }
                None => diags.push(unknown_policy(&item, HELM_DELETE_POLICY, pos(HELM_DELETE_POLICY), reference)),
            }
        }
    }
    a.default_delete_policy = policies.is_empty();
    if policies.is_empty() {
        policies.push(DeletePolicy::BeforeHookCreation);
    }
    a.delete_policies = policies;

    // R17: sync options.
    if let Some(v) = raw.get(SYNC_OPTIONS) {
        for item in csv(v) {
            match item.as_str() {
                "Prune=false" => a.sync_options.prune_disabled = true,
                "Prune=confirm" => a.sync_options.prune_confirm = true,
                "PruneLast=true" => a.sync_options.prune_last = true,
                "Delete=false" => a.sync_options.delete_disabled = true,
                _ => {
                    let known = [
                        "Prune=",
                        "PruneLast=",
                        "Delete=",
                        "Validate=",
                        "SkipDryRunOnMissingResource=",
                        "Replace=",
                        "Force=",
                        "ServerSideApply=",
                        "CreateNamespace=",
                        "ApplyOutOfSyncOnly=",
                        "PrunePropagationPolicy=",
                        "RespectIgnoreDifferences=",
                        "FailOnSharedResource=",
                        "ClientSideApplyMigration=",
                    ];
                    if !known.iter().any(|k| item.starts_with(k)) {
                        diags.push(
                            Diagnostic::warning(
                                codes::SYNC_OPTION_UNKNOWN,
                                format!("\"{item}\" is not a sync option Argo CD knows"),
                            )
                            .at(pos(SYNC_OPTIONS))
                            .reference(reference),
                        );
                    }
                }
            }
        }
    }
    a.helm_keep = raw.get(HELM_RESOURCE_POLICY).is_some_and(|v| v == "keep");
    a
}

fn unknown_policy(item: &str, key: &str, at: Option<Pos>, reference: &str) -> Diagnostic {
    let names = if key == HOOK_DELETE_POLICY {
        ["HookSucceeded", "HookFailed", "BeforeHookCreation"]
    } else {
        ["hook-succeeded", "hook-failed", "before-hook-creation"]
    };
    let norm = |s: &str| s.to_ascii_lowercase().replace(['-', '_'], "");
    let suggestion = names.iter().find(|n| norm(n) == norm(item) || similar(n, item));
    let d = Diagnostic::warning(
        codes::DELETE_POLICY_UNKNOWN,
        format!("\"{item}\" is not a delete policy of {key}: Argo CD ignores it"),
    )
    .at(at)
    .reference(reference);
    match suggestion {
        Some(s) => d.hint(format!("did you mean {s}?")),
        None => d.hint(format!("valid values: {}", names.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_document;

    fn ann(yaml: &str) -> (Annotations, Vec<Diagnostic>) {
        let node = parse_document(yaml, 0).unwrap();
        let mut d = Vec::new();
        let a = parse(Some(&node), "Job/x", &mut d);
        (a, d)
    }

    fn codes_of(d: &[Diagnostic]) -> Vec<&str> {
        d.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn r9_csv_trims_dedups_and_drops_empties() {
        assert_eq!(csv(" PreSync, ,PostSync,PreSync "), vec!["PreSync", "PostSync"]);
    }

    #[test]
    fn r10_test_no_hooks_one_hook_two_hooks_dup() {
        let (a, d) = ann("{}");
        assert!(!a.is_hook && !a.skip && a.types.is_empty() && d.is_empty());
        assert_eq!(a.phases(), vec![SyncPhase::Sync]);
        for t in ["PreSync", "Sync", "PostSync", "SyncFail"] {
            let (a, _) = ann(&format!("argocd.argoproj.io/hook: {t}"));
            assert!(a.is_hook);
            assert_eq!(a.types.len(), 1);
        }
        let (a, _) = ann("argocd.argoproj.io/hook: PreSync,PostSync");
        assert_eq!(a.phases(), vec![SyncPhase::PreSync, SyncPhase::PostSync]);
        let (a, _) = ann("argocd.argoproj.io/hook: Sync,Sync");
        assert_eq!(a.types, vec![HookType::Sync]);
    }

    #[test]
    fn r12_skip_alone_vs_skip_with_hooks() {
        let (a, d) = ann("argocd.argoproj.io/hook: Skip");
        assert!(a.skip && !a.is_hook && a.phases().is_empty() && d.is_empty());
        let (a, d) = ann("argocd.argoproj.io/hook: Skip,PreSync,PostSync");
        assert!(!a.skip && a.is_hook);
        assert_eq!(a.phases(), vec![SyncPhase::PreSync, SyncPhase::PostSync]);
        assert_eq!(codes_of(&d), vec![codes::HOOK_SKIP_MIXED]);
    }

    #[test]
    fn r14_garbage_and_empty_hook_values_drop_the_object() {
        for v in ["Garbage", "\"\"", "presync"] {
            let (a, d) = ann(&format!("argocd.argoproj.io/hook: {v}"));
            assert!(a.is_hook && a.phases().is_empty(), "{v}");
            assert!(codes_of(&d).contains(&codes::HOOK_DROPPED), "{v}: {d:?}");
        }
        let (_, d) = ann("argocd.argoproj.io/hook: presync");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean PreSync?"));
        let (a, _) = ann("argocd.argoproj.io/hook: Sync,Garbage");
        assert_eq!(a.types, vec![HookType::Sync]);
    }

    #[test]
    fn r10_helm_mapping_and_precedence() {
        let (a, _) = ann("helm.sh/hook: pre-install,pre-upgrade");
        assert!(a.is_hook);
        assert_eq!(a.phases(), vec![SyncPhase::PreSync]);
        let (a, _) = ann("helm.sh/hook: post-upgrade");
        assert_eq!(a.phases(), vec![SyncPhase::PostSync]);
        let (a, d) = ann("helm.sh/hook: crd-install");
        assert!(!a.is_hook && d.is_empty());
        assert_eq!(a.phases(), vec![SyncPhase::Sync]);
        let (a, d) = ann("helm.sh/hook: test-success");
        assert!(a.is_hook && a.phases().is_empty());
        assert!(codes_of(&d).contains(&codes::HELM_HOOK_IGNORED));
        let (a, d) = ann("argocd.argoproj.io/hook: Sync\nhelm.sh/hook: pre-install");
        assert_eq!(a.types, vec![HookType::Sync]);
        assert_eq!(codes_of(&d), vec![codes::HELM_HOOK_SHADOWED]);
        let (a, _) = ann("argocd.argoproj.io/hook: Garbage\nhelm.sh/hook: pre-install");
        assert_eq!(a.types, vec![HookType::PreSync]);
    }

    #[test]
    fn r65_delete_hooks_leave_the_sync() {
        let (a, d) = ann("argocd.argoproj.io/hook: PostDelete");
        assert!(a.delete_hook_only() && a.phases().is_empty());
        assert_eq!(codes_of(&d), vec![codes::HOOK_DELETE_ONLY]);
        let (a, _) = ann("argocd.argoproj.io/hook: PostSync,PreDelete");
        assert!(!a.delete_hook_only() && a.delete_hook(HookType::PreDelete));
        assert_eq!(a.phases(), vec![SyncPhase::PostSync]);
        let (a, _) = ann("helm.sh/hook: post-delete");
        assert!(a.delete_hook_only());
    }

    #[test]
    fn r15_wave_is_strict_atoi_with_hook_weight_fallback() {
        assert_eq!(ann("argocd.argoproj.io/sync-wave: \"1\"").0.wave, 1);
        assert_eq!(ann("argocd.argoproj.io/sync-wave: \"-5\"").0.wave, -5);
        assert_eq!(ann("helm.sh/hook-weight: \"3\"").0.wave, 3);
        let (a, d) = ann("argocd.argoproj.io/sync-wave: \" 1\"\nhelm.sh/hook-weight: \"2\"");
        assert_eq!(a.wave, 2);
        assert_eq!(codes_of(&d), vec![codes::SYNC_WAVE_INVALID]);
        assert_eq!(d[0].hint.as_deref(), Some("remove the spaces: \"1\""));
        let (a, d) = ann("argocd.argoproj.io/sync-wave: \"1.5\"");
        assert_eq!(a.wave, 0);
        assert_eq!(d.len(), 1);
        assert_eq!(ann("argocd.argoproj.io/sync-wave: \"007\"").0.wave, 7);
    }

    #[test]
    fn unquoted_annotation_values_are_errors_and_hide_every_annotation() {
        let (a, d) = ann("argocd.argoproj.io/sync-wave: -1\nargocd.argoproj.io/hook: PreSync");
        assert_eq!(codes_of(&d), vec![codes::ANNOTATION_NOT_STRING]);
        assert_eq!(d[0].line, Some(1));
        assert!(!a.is_hook);
        assert_eq!(a.wave, 0);
        let (_, d) = ann("argocd.argoproj.io/sync-wave: \"-1\"");
        assert!(d.is_empty());
    }

    #[test]
    fn r16_delete_policies_union_and_default() {
        let (a, _) = ann("{}");
        assert_eq!(a.delete_policies, vec![DeletePolicy::BeforeHookCreation]);
        assert!(a.default_delete_policy);
        let (a, d) = ann("argocd.argoproj.io/hook-delete-policy: garbage");
        assert_eq!(a.delete_policies, vec![DeletePolicy::BeforeHookCreation]);
        assert_eq!(codes_of(&d), vec![codes::DELETE_POLICY_UNKNOWN]);
        let (a, _) = ann("helm.sh/hook-delete-policy: hook-succeeded");
        assert_eq!(a.delete_policies, vec![DeletePolicy::HookSucceeded]);
        let (a, _) = ann(
            "argocd.argoproj.io/hook-delete-policy: BeforeHookCreation\nhelm.sh/hook-delete-policy: hook-succeeded",
        );
        assert_eq!(a.delete_policies, vec![DeletePolicy::BeforeHookCreation, DeletePolicy::HookSucceeded]);
        let (_, d) = ann("argocd.argoproj.io/hook-delete-policy: hooksucceeded");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean HookSucceeded?"));
    }

    #[test]
    fn r17_sync_options() {
        let (a, d) = ann("argocd.argoproj.io/sync-options: Prune=false,PruneLast=true");
        assert!(a.sync_options.prune_disabled && a.sync_options.prune_last && d.is_empty());
        let (a, _) = ann("argocd.argoproj.io/sync-options: Prune=confirm");
        assert!(a.sync_options.prune_confirm);
        let (_, d) = ann("argocd.argoproj.io/sync-options: PurneLast=true");
        assert_eq!(codes_of(&d), vec![codes::SYNC_OPTION_UNKNOWN]);
    }
}
