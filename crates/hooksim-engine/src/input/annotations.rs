//! Annotation parsing (argocd-sync.md R9–R17): hook types, Skip, the Helm mapping, sync waves,
//! delete policies and sync options, with a diagnostic wherever Argo CD would silently do
//! something the author probably did not mean.

use std::collections::BTreeMap;

use crate::common::diagnostics::{codes, similar, Diagnostic, Pos};
use crate::input::yaml::{Node, Value};

pub use crate::input::annotation_keys::{
    HELM_DELETE_POLICY, HELM_HOOK, HELM_RESOURCE_POLICY, HELM_WEIGHT, HOOK, HOOK_DELETE_POLICY, SYNC_OPTIONS, SYNC_WAVE,
};

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
    /// The value of the first `Prune=` item (`GetAnnotationOptionValue`): any value, even one
    /// Argo CD does not know (`Prune=False`), overrides the Application's `Prune=` option.
    pub prune: Option<String>,
    /// `PruneLast=true`.
    pub prune_last: bool,
    /// The value of the first `Delete=` item: `Delete=false` keeps the object when the
    /// Application is deleted; it overrides the Application's `Delete=` option.
    pub delete: Option<String>,
    /// `Validate=false`: applied without strict field validation, so unknown fields are dropped.
    pub validate_disabled: bool,
    /// `SkipDryRunOnMissingResource=true` (R26): a kind the cluster does not know yet is tolerated.
    pub skip_dry_run_on_missing_resource: bool,
}

impl SyncOptions {
    /// R17 `isPruningDisabled`: `Prune=false` on the object, else in the Application's options.
    pub fn prune_disabled(&self, app_prune: Option<&str>) -> bool {
        self.prune.as_deref().or(app_prune) == Some("false")
    }

    /// R17 `objRequiresPruneConfirmation`: `Prune=confirm` on the object, else in the
    /// Application's options.
    pub fn prune_confirm(&self, app_prune: Option<&str>) -> bool {
        self.prune.as_deref().or(app_prune) == Some("confirm")
    }

    /// R66 `shouldBeDeleted`: `Delete=false` on the object, else in the Application's options.
    pub fn delete_disabled(&self, app_delete: Option<&str>) -> bool {
        self.delete.as_deref().or(app_delete) == Some("false")
    }
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
        crate::common::sort::sort(&mut out);
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
/// object in diagnostics. Each annotation key has its function below (R10–R17).
pub fn parse(node: Option<&Node>, reference: &str, diags: &mut Vec<Diagnostic>) -> Annotations {
    // An annotation map with a non-string value cannot be read as map[string]string: Argo CD's
    // unstructured accessors then see no annotations at all.
    let Some((raw, positions)) = read_map(node, reference, diags) else {
        return Annotations {
            delete_policies: vec![DeletePolicy::BeforeHookCreation],
            default_delete_policy: true,
            ..Annotations::default()
        };
    };
    crate::input::annotation_keys::check(&raw, &positions, reference, diags);
    let mut a = Annotations { raw: raw.clone(), ..Annotations::default() };
    hook(&mut a, &raw, &positions, reference, diags);
    a.wave = wave(&raw, &positions, reference, diags);
    delete_policy(&mut a, &raw, &positions, reference, diags);
    sync_options(&mut a, &raw, &positions, reference, diags);
    a.helm_keep = raw.get(HELM_RESOURCE_POLICY).is_some_and(|v| v == "keep");
    a
}

/// Reads the annotations mapping as strings with their positions; None when Argo CD cannot read
/// it as `map[string]string` (a non-string value, or not a mapping), with the diagnostics.
fn read_map(
    node: Option<&Node>,
    reference: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(BTreeMap<String, String>, BTreeMap<String, Pos>)> {
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
                        Value::Null => {
                            // The API server stores a null annotation as an empty string, but
                            // Argo CD's accessor (NestedStringMap) fails on the whole map.
                            unreadable = true;
                            diags.push(
                                Diagnostic::error(
                                    codes::ANNOTATION_NOT_STRING,
                                    format!(
                                        "annotation {key} is null: Kubernetes stores it as an empty string, but Argo CD cannot read an annotation map with a null value and sees none of this object's annotations (not a hook, wave 0)"
                                    ),
                                )
                                .at(Some(v.pos))
                                .reference(reference)
                                .hint(format!("write an empty string: {key}: \"\"")),
                            );
                        }
                        _ => {
                            unreadable = true;
                            // A scalar is shown as written; a mapping or a list has no one value to quote.
                            let (what, hint) = match v.scalar_text() {
                                Some(shown) => (
                                    format!("{} ({shown})", v.type_name()),
                                    format!("quote the value: {key}: \"{shown}\""),
                                ),
                                None => (
                                    v.type_name().to_string(),
                                    format!("write the value as one string: {key}: \"...\""),
                                ),
                            };
                            diags.push(
                                Diagnostic::error(
                                    codes::ANNOTATION_NOT_STRING,
                                    format!(
                                        "annotation {key} is {what}, not a string: Kubernetes rejects the object and Argo CD cannot read any of its annotations"
                                    ),
                                )
                                .at(Some(v.pos))
                                .reference(reference)
                                .hint(hint),
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
                        format!(
                            "metadata.annotations is {}, expected a mapping: the API server rejects the object and Argo CD reads no annotations",
                            node.type_name()
                        ),
                    )
                    .at(Some(node.pos))
                    .reference(reference)
                    .hint("write annotations as key: \"value\" lines, not as a list"),
                );
            }
        }
    }
    if unreadable {
        return None;
    }
    Some((raw, positions))
}

/// R10–R14: `argocd.argoproj.io/hook`, and `helm.sh/hook`, read only when no Argo CD type is
/// valid (both keys decide the hook types together).
fn hook(
    a: &mut Annotations,
    raw: &BTreeMap<String, String>,
    positions: &BTreeMap<String, Pos>,
    reference: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let pos = |k: &str| positions.get(k).copied();
    // R10 step 1: the Argo CD annotation.
    let mut argo_types = Vec::new();
    let mut argo_unknown: Vec<String> = Vec::new();
    if let Some(v) = raw.get(HOOK) {
        for item in csv(v) {
            match HookType::parse_exact(&item) {
                Some(t) => argo_types.push(t),
                None => argo_unknown.push(item),
            }
        }
    }
    let argo_has_valid = !argo_types.is_empty();
    // R10 step 2: Helm, only when no Argo CD type is valid.
    let mut helm_types = Vec::new();
    let mut helm_unknown: Vec<String> = Vec::new();
    if let Some(v) = raw.get(HELM_HOOK).filter(|_| !argo_has_valid) {
        for item in csv(v) {
            match helm_hook_type(&item) {
                Some(t) => {
                    if !helm_types.contains(&t) {
                        helm_types.push(t)
                    }
                }
                None if item == "crd-install" => {}
                None => helm_unknown.push(item),
            }
        }
    }
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
    // R14: a hook without a type is dropped. One diagnostic says why, at the annotation that decides.
    let dropped = a.is_hook && a.types.iter().all(|t| *t == HookType::Skip);
    let argo_decides = raw.contains_key(HOOK);
    if !(dropped && argo_decides) {
        for item in &argo_unknown {
            let also = if argo_has_valid { "" } else { " and reads helm.sh/hook instead" };
            diags.push(
                Diagnostic::warning(
                    codes::HOOK_TYPE_UNKNOWN,
                    format!("\"{item}\" is not a hook type: Argo CD ignores it{also} (types are case-sensitive)"),
                )
                .at(pos(HOOK))
                .reference(reference)
                .hint(hook_type_hint(item)),
            );
        }
    }
    if dropped && argo_decides {
        let listed = argo_unknown.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ");
        if !argo_unknown.is_empty() && argo_unknown.iter().all(|i| i.eq_ignore_ascii_case("Skip")) {
            // Argo CD leaves a typeless hook alone exactly as it leaves a Skip object (R14, R62).
            diags.push(
                Diagnostic::info(
                    codes::HOOK_TYPE_UNKNOWN,
                    format!("{listed} is not a hook type (types are case-sensitive), but the effect is the one of Skip: a hook with no valid type is never applied and never pruned"),
                )
                .at(pos(HOOK))
                .reference(reference)
                .hint("write Skip"),
            );
        } else {
            let why = match argo_unknown.len() {
                0 => "argocd.argoproj.io/hook is empty, but the key alone makes this object a hook".to_string(),
                1 => format!("{listed} is not a hook type (types are case-sensitive)"),
                _ => format!("{listed} are not hook types (types are case-sensitive)"),
            };
            let hint = argo_unknown
                .iter()
                .find_map(|i| hook_type_suggestion(i))
                .map(|s| format!("did you mean {}?", s.as_str()))
                .unwrap_or_else(|| "set argocd.argoproj.io/hook to PreSync, Sync, PostSync or SyncFail".to_string());
            diags.push(
                Diagnostic::warning(
                    codes::HOOK_DROPPED,
                    format!(
                        "{why}: a hook with no valid type is silently dropped by Argo CD (never applied, never pruned)"
                    ),
                )
                .at(pos(HOOK))
                .reference(reference)
                .hint(hint),
            );
        }
    }
    for item in &helm_unknown {
        let consequence = if dropped && !argo_decides {
            ", so this hook has no type and Argo CD silently drops it (never applied, never pruned)"
        } else {
            ": Argo CD ignores it"
        };
        let hint = match helm_hook_suggestion(item) {
            Some(s) => format!("did you mean {s}?"),
            None if item.starts_with("test") => {
                "Argo CD runs no Helm tests: to run it after every sync, use argocd.argoproj.io/hook: PostSync"
                    .to_string()
            }
            None => "Argo CD maps only pre-/post-install, pre-/post-upgrade (and pre-/post-delete on app deletion)"
                .to_string(),
        };
        diags.push(
            Diagnostic::warning(
                codes::HELM_HOOK_IGNORED,
                format!("Helm hook \"{item}\" has no Argo CD equivalent{consequence}"),
            )
            .at(pos(HELM_HOOK))
            .reference(reference)
            .hint(hint),
        );
    }
    if dropped && !argo_decides && helm_unknown.is_empty() {
        diags.push(
            Diagnostic::warning(
                codes::HOOK_DROPPED,
                "helm.sh/hook is empty, but it makes this object a hook: a hook with no valid type is silently dropped by Argo CD (never applied, never pruned)",
            )
            .at(pos(HELM_HOOK))
            .reference(reference)
            .hint("remove the annotation, or set it to pre-install, pre-upgrade, post-install or post-upgrade"),
        );
    }
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
    if !dropped && a.delete_hook_only() {
        diags.push(
            Diagnostic::info(
                codes::HOOK_DELETE_ONLY,
                "a PreDelete/PostDelete hook: it is not part of syncs and runs only when the Application is deleted",
            )
            .at(pos(HOOK).or(pos(HELM_HOOK)))
            .reference(reference),
        );
    }
}

/// R15: `argocd.argoproj.io/sync-wave`, with the `helm.sh/hook-weight` fallback.
fn wave(
    raw: &BTreeMap<String, String>,
    positions: &BTreeMap<String, Pos>,
    reference: &str,
    diags: &mut Vec<Diagnostic>,
) -> i64 {
    let pos = |k: &str| positions.get(k).copied();
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
    wave.unwrap_or(0)
}

/// R16: `argocd.argoproj.io/hook-delete-policy` and `helm.sh/hook-delete-policy`: the union of
/// both, BeforeHookCreation when neither names a policy.
fn delete_policy(
    a: &mut Annotations,
    raw: &BTreeMap<String, String>,
    positions: &BTreeMap<String, Pos>,
    reference: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let pos = |k: &str| positions.get(k).copied();
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
}

/// R17: `argocd.argoproj.io/sync-options`.
fn sync_options(
    a: &mut Annotations,
    raw: &BTreeMap<String, String>,
    positions: &BTreeMap<String, Pos>,
    reference: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let pos = |k: &str| positions.get(k).copied();
    // R17: sync options.
    if let Some(v) = raw.get(SYNC_OPTIONS) {
        for item in csv(v) {
            // `Prune=` and `Delete=` are read as values: the first item with the prefix counts.
            if let Some(value) = item.strip_prefix("Prune=") {
                a.sync_options.prune.get_or_insert_with(|| value.to_string());
            }
            if let Some(value) = item.strip_prefix("Delete=") {
                a.sync_options.delete.get_or_insert_with(|| value.to_string());
            }
            match item.as_str() {
                "PruneLast=true" => a.sync_options.prune_last = true,
                "Validate=false" => a.sync_options.validate_disabled = true,
                "SkipDryRunOnMissingResource=true" => a.sync_options.skip_dry_run_on_missing_resource = true,
                _ => {
                    if let Some(d) = unknown_sync_option(&item) {
                        diags.push(d.at(pos(SYNC_OPTIONS)).reference(reference));
                    }
                }
            }
        }
    }
}

/// R10 step 2 (and R65 for the delete hooks): the Argo CD type of a Helm hook.
fn helm_hook_type(item: &str) -> Option<HookType> {
    match item {
        "pre-install" | "pre-upgrade" => Some(HookType::PreSync),
        "post-install" | "post-upgrade" => Some(HookType::PostSync),
        "pre-delete" => Some(HookType::PreDelete),
        "post-delete" => Some(HookType::PostDelete),
        _ => None,
    }
}

fn helm_hook_suggestion(item: &str) -> Option<&'static str> {
    ["pre-install", "pre-upgrade", "post-install", "post-upgrade", "pre-delete", "post-delete"]
        .into_iter()
        .find(|h| similar(h, &item.replace('_', "-")))
}

fn hook_type_suggestion(item: &str) -> Option<HookType> {
    HookType::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(item) || similar(t.as_str(), item))
}

fn hook_type_hint(item: &str) -> String {
    match hook_type_suggestion(item) {
        Some(s) => format!("did you mean {}?", s.as_str()),
        None => "valid types: PreSync, Sync, PostSync, SyncFail, Skip, PreDelete, PostDelete".to_string(),
    }
}

/// R17: the values Argo CD compares resource sync options with (exactly, case included).
const SYNC_OPTION_VALUES: &[(&str, &[&str])] = &[
    ("Prune", &["false", "confirm", "true"]),
    ("PruneLast", &["true", "false"]),
    ("Delete", &["false", "confirm", "true"]),
    ("Validate", &["false", "true"]),
    ("SkipDryRunOnMissingResource", &["true", "false"]),
    ("Replace", &["true", "false"]),
    ("Force", &["true", "false"]),
    ("ServerSideApply", &["true", "false"]),
    ("CreateNamespace", &["true", "false"]),
    ("ApplyOutOfSyncOnly", &["true", "false"]),
    ("PrunePropagationPolicy", &["foreground", "background", "orphan"]),
    ("RespectIgnoreDifferences", &["true", "false"]),
    ("FailOnSharedResource", &["true", "false"]),
    ("ClientSideApplyMigration", &["true", "false"]),
];

/// A sync option Argo CD would not recognise: an unknown name, or a known one with a value it
/// does not compare equal (`Prune=False`).
fn unknown_sync_option(item: &str) -> Option<Diagnostic> {
    let (name, value) = item.split_once('=').unwrap_or((item, ""));
    if let Some((known, values)) = SYNC_OPTION_VALUES.iter().find(|(k, _)| *k == name) {
        if values.contains(&value) {
            return None;
        }
        let hint = match values.iter().find(|v| v.eq_ignore_ascii_case(value)) {
            Some(v) => format!("did you mean {known}={v}?"),
            None => format!(
                "valid values: {}",
                values.iter().map(|v| format!("{known}={v}")).collect::<Vec<_>>().join(", ")
            ),
        };
        return Some(
            Diagnostic::warning(
                codes::SYNC_OPTION_UNKNOWN,
                format!("\"{item}\" is not a value Argo CD knows for {known}: options are compared exactly, so it does nothing"),
            )
            .hint(hint),
        );
    }
    let hint = match SYNC_OPTION_VALUES.iter().find(|(k, _)| similar(k, name)) {
        Some((k, values)) => {
            let v = if values.contains(&value) { value } else { values[0] };
            format!("did you mean {k}={v}?")
        }
        None => "resource options: Prune=false, Prune=confirm, PruneLast=true, Delete=false, Validate=false, SkipDryRunOnMissingResource=true, Replace=true, Force=true, ServerSideApply=true".to_string(),
    };
    Some(
        Diagnostic::warning(
            codes::SYNC_OPTION_UNKNOWN,
            format!("\"{item}\" is not a sync option Argo CD knows: it is ignored"),
        )
        .hint(hint),
    )
}

/// R17: the Application-level sync options (`spec.syncPolicy.syncOptions`, or an operation's
/// `syncOptions`) Argo CD's controller reads, compared as exact strings (`HasOption`), with what
/// hooksim does with them. `Prune=` and `Delete=` are read as values (`GetOptionValue`).
const APP_SYNC_OPTIONS: &[(&str, AppOption)] = &[
    ("Prune=false", AppOption::Modelled),
    ("Prune=confirm", AppOption::Modelled),
    ("Prune=true", AppOption::Default),
    ("PruneLast=true", AppOption::Modelled),
    ("PruneLast=false", AppOption::Default),
    ("ApplyOutOfSyncOnly=true", AppOption::Modelled),
    ("ApplyOutOfSyncOnly=false", AppOption::Default),
    ("CreateNamespace=true", AppOption::Modelled),
    ("CreateNamespace=false", AppOption::Default),
    ("SkipDryRunOnMissingResource=true", AppOption::Modelled),
    ("SkipDryRunOnMissingResource=false", AppOption::Default),
    ("Validate=false", AppOption::Modelled),
    ("Validate=true", AppOption::Default),
    ("Delete=false", AppOption::Modelled),
    ("Delete=true", AppOption::Default),
    ("Delete=confirm", AppOption::NotModelled("deletion confirmation of the Application's resources")),
    ("Replace=true", AppOption::NotModelled("kubectl replace/create instead of apply")),
    ("Replace=false", AppOption::Default),
    ("ServerSideApply=true", AppOption::NotModelled("server-side apply")),
    ("ServerSideApply=false", AppOption::Default),
    ("ClientSideApplyMigration=false", AppOption::NotModelled("the client-side apply migration switch")),
    ("ClientSideApplyMigration=true", AppOption::Default),
    ("PrunePropagationPolicy=foreground", AppOption::Default),
    ("PrunePropagationPolicy=background", AppOption::NotModelled("the background propagation of prunes")),
    ("PrunePropagationPolicy=orphan", AppOption::NotModelled("the orphan propagation of prunes")),
    ("RespectIgnoreDifferences=true", AppOption::NotModelled("ignoreDifferences")),
    ("RespectIgnoreDifferences=false", AppOption::Default),
    ("FailOnSharedResource=true", AppOption::NotModelled("shared-resource detection")),
    ("FailOnSharedResource=false", AppOption::Default),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AppOption {
    /// hooksim simulates it.
    Modelled,
    /// Argo CD's default: it changes nothing.
    Default,
    /// Argo CD reads it, hooksim does not simulate what it does.
    NotModelled(&'static str),
}

/// R17: the diagnostic for an Application-level sync option, if it needs one: a warning for an
/// option Argo CD does not know (it is ignored), an info for one hooksim does not simulate. The
/// caller places it.
pub fn app_sync_option_diagnostic(item: &str) -> Option<Diagnostic> {
    match APP_SYNC_OPTIONS.iter().find(|(o, _)| *o == item).map(|(_, k)| *k) {
        Some(AppOption::Modelled | AppOption::Default) => return None,
        Some(AppOption::NotModelled(what)) => {
            return Some(
                Diagnostic::info(
                    codes::NOT_MODELLED,
                    format!("sync option {item}: Argo CD reads it, but hooksim does not simulate {what}: the sync is simulated without it"),
                )
                .hint("read the timeline as a sync without this option"),
            )
        }
        None => {}
    }
    let (name, value) = item.split_once('=').unwrap_or((item, ""));
    if name == "Force" {
        return Some(
            Diagnostic::warning(
                codes::SYNC_OPTION_UNKNOWN,
                format!("\"{item}\" is a resource option: in the Application's sync options Argo CD ignores it"),
            )
            .hint("force is a setting of the sync itself (syncStrategy), or the resource annotation argocd.argoproj.io/sync-options: Force=true,Replace=true"),
        );
    }
    let names: Vec<&str> = APP_SYNC_OPTIONS.iter().map(|(o, _)| o.split('=').next().unwrap_or("")).collect();
    if let Some(known) = names.iter().find(|n| **n == name) {
        let values: Vec<&str> =
            APP_SYNC_OPTIONS.iter().filter(|(o, _)| o.split('=').next() == Some(*known)).map(|(o, _)| *o).collect();
        let hint = match values.iter().find(|v| v.eq_ignore_ascii_case(item)) {
            Some(v) => format!("did you mean {v}?"),
            None => format!("valid values: {}", values.join(", ")),
        };
        return Some(
            Diagnostic::warning(
                codes::SYNC_OPTION_UNKNOWN,
                format!("\"{item}\" is not a value Argo CD knows for {known}: options are compared exactly, so it does nothing"),
            )
            .hint(hint),
        );
    }
    let hint = match APP_SYNC_OPTIONS.iter().find(|(o, _)| similar(o.split('=').next().unwrap_or(""), name)) {
        Some((o, _)) => {
            let k = o.split('=').next().unwrap_or("");
            let with_value = format!("{k}={value}");
            let v = if APP_SYNC_OPTIONS.iter().any(|(x, _)| *x == with_value) { with_value } else { o.to_string() };
            format!("did you mean {v}?")
        }
        None => "Application options: CreateNamespace=true, ApplyOutOfSyncOnly=true, PruneLast=true, Prune=false, Prune=confirm, SkipDryRunOnMissingResource=true, Validate=false, Delete=false, Replace=true, ServerSideApply=true".to_string(),
    };
    Some(
        Diagnostic::warning(
            codes::SYNC_OPTION_UNKNOWN,
            format!("\"{item}\" is not a sync option Argo CD knows: it is ignored"),
        )
        .hint(hint),
    )
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
    use crate::input::yaml::parse_document;

    fn ann(yaml: &str) -> (Annotations, Vec<Diagnostic>) {
        let node = parse_document(yaml, 0).unwrap();
        let mut d = Vec::new();
        let a = parse(Some(&node), "Job/x", &mut d);
        (a, d)
    }

    fn codes_of(d: &[Diagnostic]) -> Vec<crate::common::diagnostics::Code> {
        d.iter().map(|d| d.code).collect()
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
    fn a_dropped_hook_gets_one_diagnostic() {
        for (yaml, code) in [
            ("argocd.argoproj.io/hook: presync", codes::HOOK_DROPPED),
            ("argocd.argoproj.io/hook: \"\"", codes::HOOK_DROPPED),
            ("helm.sh/hook: test", codes::HELM_HOOK_IGNORED),
            ("helm.sh/hook: \"\"", codes::HOOK_DROPPED),
        ] {
            let (a, d) = ann(yaml);
            assert!(a.is_hook && a.phases().is_empty(), "{yaml}");
            assert_eq!(codes_of(&d), vec![code], "{yaml}");
        }
        // Lower-case skip leaves the object alone exactly like Skip: an info.
        let (_, d) = ann("argocd.argoproj.io/hook: skip");
        assert_eq!(codes_of(&d), vec![codes::HOOK_TYPE_UNKNOWN]);
        assert_eq!(d[0].severity, crate::common::diagnostics::Severity::Info);
        // A Helm hook that a valid Argo CD type shadows is not read.
        let (_, d) = ann("argocd.argoproj.io/hook: PostSync\nhelm.sh/hook: test");
        assert_eq!(codes_of(&d), vec![codes::HELM_HOOK_SHADOWED]);
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
        assert!(a.sync_options.prune_disabled(None) && a.sync_options.prune_last && d.is_empty());
        let (a, _) = ann("argocd.argoproj.io/sync-options: Prune=confirm");
        assert!(a.sync_options.prune_confirm(None));
        // The object's Prune= value overrides the Application's, and the first one counts.
        assert!(!a.sync_options.prune_disabled(Some("false")));
        let (a, _) = ann("argocd.argoproj.io/sync-options: Prune=true");
        assert!(!a.sync_options.prune_confirm(Some("confirm")) && !a.sync_options.prune_disabled(Some("false")));
        let (a, _) = ann("argocd.argoproj.io/sync-options: Prune=false,Prune=confirm");
        assert!(a.sync_options.prune_disabled(None) && !a.sync_options.prune_confirm(None));
        let (a, _) = ann("{}");
        assert!(a.sync_options.prune_confirm(Some("confirm")) && a.sync_options.delete_disabled(Some("false")));
        let (a, _) = ann("argocd.argoproj.io/sync-options: SkipDryRunOnMissingResource=true,Delete=false");
        assert!(a.sync_options.skip_dry_run_on_missing_resource && a.sync_options.delete_disabled(None));
        let (_, d) = ann("argocd.argoproj.io/sync-options: PurneLast=true");
        assert_eq!(codes_of(&d), vec![codes::SYNC_OPTION_UNKNOWN]);
        // Options are compared exactly: a known name with another value does nothing.
        let (a, d) = ann("argocd.argoproj.io/sync-options: Prune=False,PrunLast=true,Validate=false");
        assert!(!a.sync_options.prune_disabled(None) && !a.sync_options.prune_last && a.sync_options.validate_disabled);
        let hints: Vec<_> = d.iter().map(|d| d.hint.as_deref().unwrap_or("")).collect();
        assert_eq!(hints, vec!["did you mean Prune=false?", "did you mean PruneLast=true?"]);
    }

    #[test]
    fn r17_app_level_sync_options() {
        for ok in ["CreateNamespace=true", "ApplyOutOfSyncOnly=true", "Prune=confirm", "PruneLast=false"] {
            assert_eq!(app_sync_option_diagnostic(ok), None, "{ok}");
        }
        let d = app_sync_option_diagnostic("CreateNamespace=True").unwrap();
        assert_eq!(
            (d.code, d.hint.as_deref()),
            (codes::SYNC_OPTION_UNKNOWN, Some("did you mean CreateNamespace=true?"))
        );
        let d = app_sync_option_diagnostic("CreateNamspace=true").unwrap();
        assert_eq!(d.hint.as_deref(), Some("did you mean CreateNamespace=true?"));
        let d = app_sync_option_diagnostic("ServerSideApply=true").unwrap();
        assert_eq!((d.code, d.severity), (codes::NOT_MODELLED, crate::common::diagnostics::Severity::Info));
        let d = app_sync_option_diagnostic("Force=true").unwrap();
        assert_eq!(d.code, codes::SYNC_OPTION_UNKNOWN);
        // Exact strings: no trimming at the Application level.
        assert!(app_sync_option_diagnostic(" CreateNamespace=true").is_some());
    }

    /// Ports of pkg/sync/hook/hook_test.go, delete_policy_test.go, helm/*_test.go,
    /// syncwaves/waves_test.go and sync_phase_test.go (upstream-tests.md B.68, C0.69–72) for the
    /// assertions the tests above do not make.
    #[test]
    fn c0_upstream_hook_phase_policy_and_wave_tests() {
        // TestSkipHook, TestSkipAndHook.
        let (a, _) = ann("argocd.argoproj.io/hook: Skip");
        assert_eq!(a.types, vec![HookType::Skip]);
        let (a, _) = ann("argocd.argoproj.io/hook: Skip,PreSync,PostSync");
        for t in [HookType::Skip, HookType::PreSync, HookType::PostSync] {
            assert!(a.types.contains(&t), "{t:?}");
        }
        // TestGarbageHelmHook; helm Types for the unsupported values.
        for v in ["garbage", "pre-rollback", "post-rollback", "test-success", "test-failure"] {
            let (a, _) = ann(&format!("helm.sh/hook: {v}"));
            assert!(a.is_hook && a.types.is_empty() && a.phases().is_empty(), "{v}");
        }
        let (a, _) = ann("helm.sh/hook: pre-upgrade");
        assert_eq!(a.phases(), vec![SyncPhase::PreSync]);
        let (a, _) = ann("helm.sh/hook: post-install");
        assert_eq!(a.phases(), vec![SyncPhase::PostSync]);
        // sync_phase_test.go.
        for (v, want) in [
            ("PreSync", vec![SyncPhase::PreSync]),
            ("Sync", vec![SyncPhase::Sync]),
            ("PostSync", vec![SyncPhase::PostSync]),
            ("SyncFail", vec![SyncPhase::SyncFail]),
            ("PreSync,PreSync", vec![SyncPhase::PreSync]),
            ("Skip", vec![]),
            ("Garbage", vec![]),
        ] {
            assert_eq!(ann(&format!("argocd.argoproj.io/hook: {v}")).0.phases(), want, "{v}");
        }
        // delete_policy_test.go and the helm mapping.
        for (v, want) in [
            ("argocd.argoproj.io/hook-delete-policy: BeforeHookCreation", DeletePolicy::BeforeHookCreation),
            ("argocd.argoproj.io/hook-delete-policy: HookSucceeded", DeletePolicy::HookSucceeded),
            ("argocd.argoproj.io/hook-delete-policy: HookFailed", DeletePolicy::HookFailed),
            ("helm.sh/hook-delete-policy: before-hook-creation", DeletePolicy::BeforeHookCreation),
            ("helm.sh/hook-delete-policy: hook-succeeded", DeletePolicy::HookSucceeded),
            ("helm.sh/hook-delete-policy: hook-failed", DeletePolicy::HookFailed),
        ] {
            assert_eq!(ann(v).0.delete_policies, vec![want], "{v}");
        }
        // waves_test.go / helm weight: default 0.
        assert_eq!(ann("{}").0.wave, 0);
        assert_eq!(ann("helm.sh/hook-weight: \"1\"").0.wave, 1);
    }
}
