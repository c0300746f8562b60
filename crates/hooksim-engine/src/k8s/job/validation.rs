//! What the API server does with a Job spec before the Job controller sees it (k8s-job.md J1,
//! J2, J23–J26): the feature gates of the selected Kubernetes version, and the validation that
//! rejects the Job at apply.
//!
//! Upstream: `pkg/registry/batch/job/strategy.go` (`PrepareForCreate` drops the fields whose
//! feature gate is off, after `SetDefaults_Job` has defaulted them) and
//! `pkg/apis/batch/validation/validation.go` (`validateJobSpec`, `validatePodFailurePolicyRule`,
//! `validateSuccessPolicy`). A rejected Job fails its apply (Argo CD: SyncFailed) and never gets
//! a pod, like a Job with `restartPolicy: Always` (J2). The client-side dry run does not validate,
//! so only the real apply fails.

use crate::common::diagnostics::{codes, Diagnostic, Pos};
use crate::input::manifest::Manifest;
use crate::input::yaml::Node;
use crate::k8s::field_validation::FieldValidation;
use crate::k8s::job::index::{go_quote, parse_indexes};
use crate::k8s::job::types::RestartPolicy;

/// Where a Job field stands in a Kubernetes version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// The version's API does not have the field: strict decoding rejects it (J28 table).
    Absent,
    /// The field exists behind an alpha feature gate, off by default: the API server drops it.
    GateOff,
    /// On by default (beta or GA).
    On,
}

/// A feature of the version table (k8s-job.md "Version / feature summary").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feature {
    pub gate: &'static str,
    pub alpha: u32,
    pub beta: u32,
}

/// J24: `backoffLimitPerIndex`, `maxFailedIndexes`, the `FailIndex` action: alpha 1.28, beta 1.29.
pub const BACKOFF_LIMIT_PER_INDEX: Feature = Feature { gate: "JobBackoffLimitPerIndex", alpha: 28, beta: 29 };
/// J26: `successPolicy`: alpha 1.30, beta 1.31.
pub const SUCCESS_POLICY: Feature = Feature { gate: "JobSuccessPolicy", alpha: 30, beta: 31 };
/// J27: `podReplacementPolicy`: alpha 1.28, beta 1.29.
pub const POD_REPLACEMENT_POLICY: Feature = Feature { gate: "JobPodReplacementPolicy", alpha: 28, beta: 29 };

impl Feature {
    pub fn at(self, kube_minor: u32) -> Availability {
        if kube_minor < self.alpha {
            Availability::Absent
        } else if kube_minor < self.beta {
            Availability::GateOff
        } else {
            Availability::On
        }
    }
}

/// The Job spec fields of [`Feature`]s the version lacks (strict decoding rejects them), as dotted
/// paths from the object's root.
pub fn absent_fields(m: &Manifest, kube_minor: u32) -> Vec<String> {
    let Some(spec) = m.node.get("spec").and_then(Node::as_map) else { return Vec::new() };
    let mut out = Vec::new();
    for (k, _) in spec {
        let feature = match k.as_str() {
            Some("backoffLimitPerIndex" | "maxFailedIndexes") => BACKOFF_LIMIT_PER_INDEX,
            Some("successPolicy") => SUCCESS_POLICY,
            Some("podReplacementPolicy") => POD_REPLACEMENT_POLICY,
            _ => continue,
        };
        if feature.at(kube_minor) == Availability::Absent {
            out.push(format!("spec.{}", k.as_str().unwrap_or_default()));
        }
    }
    out
}

/// One reason the API server rejects a Job: upstream's `field.Error` text, where it is written,
/// and what the lint says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub error: String,
    pub pos: Option<Pos>,
    pub message: String,
    pub hint: String,
    /// J2's restartPolicy checks (reported by the `job-restart-policy-always` lint).
    pub restart_policy: bool,
}

fn int_at(n: Option<&Node>) -> Option<i64> {
    n.and_then(Node::as_i64)
}

fn pos_of(m: &Manifest, path: &[&str]) -> Option<Pos> {
    m.node.path(path).map(|n| n.pos)
}

/// Where the key `key` of mapping `n` is written (for fields whose value is a mapping).
fn key_pos(n: &Node, key: &str) -> Option<Pos> {
    n.entry(key).map(|(k, _)| k.pos)
}

/// J2, J23–J26: why the API server (of version `kube_minor`) rejects this Job, in upstream's order
/// (`validateJobSpec`); empty when it accepts it. Fields whose gate is off were dropped before
/// validation and are not checked; fields the version lacks fail earlier, at decoding
/// ([`absent_fields`]).
pub fn rejections(m: &Manifest, kube_minor: u32) -> Vec<Rejection> {
    let mut out = Vec::new();
    if let Some(spec) = m.node.get("spec") {
        spec_rejections(m, spec, kube_minor, &mut out);
    }
    // J2: the restartPolicy checks come last in `validateJobSpec`.
    let restart_pos = pos_of(m, &["spec", "template", "spec", "restartPolicy"]);
    match restart_policy_of(m) {
        RestartPolicy::Always | RestartPolicy::Unset => out.push(Rejection {
            error: "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"".into(),
            pos: restart_pos,
            message: String::new(),
            hint: String::new(),
            restart_policy: true,
        }),
        RestartPolicy::OnFailure if m.node.path(&["spec", "podFailurePolicy"]).is_some_and(|n| !n.is_null()) => {
            out.push(Rejection {
                error: "spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified".into(),
                pos: restart_pos,
                message: "podFailurePolicy needs restartPolicy: Never: the API server rejects this Job".into(),
                hint: "set spec.template.spec.restartPolicy: Never".into(),
                restart_policy: false,
            })
        }
        _ => {}
    }
    out
}

fn spec_rejections(m: &Manifest, spec: &Node, kube_minor: u32, out: &mut Vec<Rejection>) {
    let per_index_on = BACKOFF_LIMIT_PER_INDEX.at(kube_minor) == Availability::On;
    let success_on = SUCCESS_POLICY.at(kube_minor) == Availability::On;
    let mode = spec.get("completionMode").and_then(Node::as_str);
    let indexed = mode == Some("Indexed");
    let completions = int_at(spec.get("completions"));
    let parallelism = int_at(spec.get("parallelism"));
    let per_index = spec.get("backoffLimitPerIndex").filter(|n| per_index_on && !n.is_null());
    let max_failed = spec.get("maxFailedIndexes").filter(|n| per_index_on && !n.is_null());
    let mut reject = |error: String, pos: Option<Pos>, message: String, hint: &str| {
        out.push(Rejection { error, pos, message, hint: hint.to_string(), restart_policy: false });
    };
    if let (Some(mf), None) = (max_failed, per_index) {
        reject(
            "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified".into(),
            Some(mf.pos),
            "maxFailedIndexes without backoffLimitPerIndex: the API server rejects this Job".into(),
            "set spec.backoffLimitPerIndex too (maxFailedIndexes caps the indexes it fails)",
        );
    }
    if let Some(mode_node) = spec.get("completionMode").filter(|n| !n.is_null()) {
        match mode {
            Some("NonIndexed" | "Indexed") => {}
            _ => {
                let shown = mode.map(go_quote).unwrap_or_else(|| "\"\"".into());
                let hint = match mode.map(str::to_ascii_lowercase).as_deref() {
                    Some("indexed") => "did you mean Indexed? (values are case-sensitive)",
                    Some("nonindexed") => "did you mean NonIndexed? (values are case-sensitive)",
                    _ => "use NonIndexed (the default) or Indexed",
                };
                reject(
                    format!(
                        "spec.completionMode: Unsupported value: {shown}: supported values: \"NonIndexed\", \"Indexed\""
                    ),
                    Some(mode_node.pos),
                    format!("completionMode {shown} is not NonIndexed or Indexed: the API server rejects this Job"),
                    hint,
                );
            }
        }
        if indexed {
            if completions.is_none() {
                reject(
                    "spec.completions: Required value: when completion mode is Indexed".into(),
                    Some(mode_node.pos),
                    "an Indexed Job needs completions (the number of indexes): the API server rejects this Job".into(),
                    "set spec.completions",
                );
            }
            if let Some(p) = parallelism.filter(|&p| p > 100_000) {
                reject(
                    format!(
                        "spec.parallelism: Invalid value: {p}: must be less than or equal to 100000 when completion mode is Indexed"
                    ),
                    pos_of(m, &["spec", "parallelism"]),
                    format!("parallelism {p} is more than an Indexed Job may have (100000): the API server rejects this Job"),
                    "lower spec.parallelism to 100000 or less",
                );
            }
            if let (Some(c), Some(mf)) = (completions, max_failed) {
                if let Some(v) = mf.as_i64().filter(|&v| v > c) {
                    reject(
                        format!("spec.maxFailedIndexes: Invalid value: {v}: must be less than or equal to completions"),
                        Some(mf.pos),
                        format!("maxFailedIndexes {v} is more than the {c} indexes: the API server rejects this Job"),
                        "lower spec.maxFailedIndexes to completions or less",
                    );
                }
            }
            if let Some(mf) = max_failed {
                if let Some(v) = mf.as_i64().filter(|&v| v > 100_000) {
                    reject(
                        format!("spec.maxFailedIndexes: Invalid value: {v}: must be less than or equal to 100000"),
                        Some(mf.pos),
                        format!("maxFailedIndexes {v} is more than 100000: the API server rejects this Job"),
                        "lower spec.maxFailedIndexes to 100000 or less",
                    );
                }
            }
        }
    }
    if mode.is_none() || mode == Some("NonIndexed") {
        for (field, node) in [("backoffLimitPerIndex", per_index), ("maxFailedIndexes", max_failed)] {
            if let Some(n) = node {
                let v = n.scalar_text().unwrap_or_default();
                reject(
                    format!("spec.{field}: Invalid value: {v}: requires indexed completion mode"),
                    Some(n.pos),
                    format!("{field} works only for Indexed Jobs: the API server rejects this Job"),
                    "set spec.completionMode: Indexed (and spec.completions), or remove it",
                );
            }
        }
    }
    let rules = spec.path(&["podFailurePolicy", "rules"]).and_then(Node::as_seq).unwrap_or(&[]);
    for (i, rule) in rules.iter().enumerate() {
        let Some(action) = rule.get("action").filter(|n| n.as_str().is_some()) else { continue };
        let at = Some(action.pos);
        let path = format!("spec.podFailurePolicy.rules[{i}].action");
        match action.as_str().unwrap_or_default() {
            "Count" | "FailJob" | "Ignore" => {}
            "FailIndex" => match BACKOFF_LIMIT_PER_INDEX.at(kube_minor) {
                Availability::On if per_index.is_none() => reject(
                    format!("{path}: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set"),
                    at,
                    "the FailIndex action needs backoffLimitPerIndex: the API server rejects this Job".into(),
                    "set spec.backoffLimitPerIndex (and completionMode: Indexed), or use FailJob",
                ),
                Availability::Absent => reject(
                    format!("{path}: Unsupported value: \"FailIndex\": supported values: \"Count\", \"FailJob\", \"Ignore\""),
                    at,
                    format!("Kubernetes 1.{kube_minor} has no FailIndex action (it came in 1.28): the API server rejects this Job"),
                    "use FailJob, or a Kubernetes version of 1.29 or later",
                ),
                _ => {}
            },
            other => {
                let (supported, hint) = if BACKOFF_LIMIT_PER_INDEX.at(kube_minor) == Availability::Absent {
                    ("\"Count\", \"FailJob\", \"Ignore\"", "use Count, FailJob or Ignore (case-sensitive)")
                } else {
                    (
                        "\"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"",
                        "use Count, FailIndex, FailJob or Ignore (case-sensitive)",
                    )
                };
                reject(
                    format!("{path}: Unsupported value: {}: supported values: {supported}", go_quote(other)),
                    at,
                    format!("{} is not a podFailurePolicy action: the API server rejects this Job", go_quote(other)),
                    hint,
                );
            }
        }
    }
    if let Some(sp) = spec.get("successPolicy").filter(|n| success_on && !n.is_null()) {
        if !indexed {
            reject(
                "spec.successPolicy: Invalid value: batch.SuccessPolicy{...}: requires indexed completion mode".into(),
                key_pos(spec, "successPolicy"),
                "successPolicy works only for Indexed Jobs: the API server rejects this Job".into(),
                "set spec.completionMode: Indexed (and spec.completions), or remove successPolicy",
            );
        } else {
            success_policy_rejections(sp, completions, &mut reject);
        }
    }
    // J27 (`validatePodReplacementPolicy`): Failed is the only value with a podFailurePolicy.
    let replacement_on = POD_REPLACEMENT_POLICY.at(kube_minor) == Availability::On;
    if let Some(n) = spec.get("podReplacementPolicy").filter(|n| replacement_on && !n.is_null()) {
        let value = n.as_str().unwrap_or_default();
        let pfp = spec.get("podFailurePolicy").is_some_and(|p| !p.is_null());
        let supported = if pfp {
            (value != "Failed").then_some("\"Failed\"")
        } else {
            (!matches!(value, "Failed" | "TerminatingOrFailed")).then_some("\"Failed\", \"TerminatingOrFailed\"")
        };
        if let Some(supported) = supported {
            let why = if pfp { " with a podFailurePolicy" } else { "" };
            reject(
                format!(
                    "spec.podReplacementPolicy: Unsupported value: {}: supported values: {supported}",
                    go_quote(value)
                ),
                Some(n.pos),
                format!(
                    "podReplacementPolicy {} is not allowed{why}: the API server rejects this Job",
                    go_quote(value)
                ),
                if pfp {
                    "use podReplacementPolicy: Failed (or leave it out: it defaults to Failed)"
                } else {
                    "use Failed or TerminatingOrFailed"
                },
            );
        }
    }
}

/// J26 (`validateSuccessPolicy`, `validateSuccessPolicyRule`) for an Indexed Job.
fn success_policy_rejections(
    sp: &Node,
    completions: Option<i64>,
    reject: &mut impl FnMut(String, Option<Pos>, String, &str),
) {
    let rules_node = sp.get("rules");
    let rules = rules_node.and_then(Node::as_seq).unwrap_or(&[]);
    if rules.is_empty() {
        reject(
            "spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified".into(),
            Some(rules_node.map_or(sp.pos, |n| n.pos)),
            "a successPolicy without rules: the API server rejects this Job".into(),
            "add a rule such as {succeededCount: 1}, or remove successPolicy",
        );
    }
    if rules.len() > 20 {
        reject(
            format!("spec.successPolicy.rules: Too many: {}: must have at most 20 items", rules.len()),
            rules_node.map(|n| n.pos),
            format!("{} successPolicy rules, at most 20 are allowed: the API server rejects this Job", rules.len()),
            "keep at most 20 rules",
        );
    }
    let Some(completions) = completions else { return };
    // A rule that is not a mapping cannot be decoded (`wrong-type`): nothing to validate.
    for (i, rule) in rules.iter().enumerate().filter(|(_, r)| r.as_map().is_some()) {
        let path = format!("spec.successPolicy.rules[{i}]");
        let indexes = rule.get("succeededIndexes").filter(|n| !n.is_null());
        let count = rule.get("succeededCount").filter(|n| !n.is_null());
        if indexes.is_none() && count.is_none() {
            reject(
                format!("{path}: Required value: at least one of succeededCount or succeededIndexes must be specified"),
                Some(rule.pos),
                "a successPolicy rule needs succeededIndexes or succeededCount: the API server rejects this Job".into(),
                "add succeededIndexes (such as \"0,2-4\") or succeededCount",
            );
        }
        let mut total = 0;
        if let Some(n) = indexes {
            if let Some(s) = n.as_str() {
                match parse_indexes(s, completions) {
                    Ok((_, t)) => total = t,
                    Err(e) => reject(
                        format!(
                            "{path}.succeededIndexes: Invalid value: {}: error parsing succeededIndexes: {e}",
                            go_quote(s)
                        ),
                        Some(n.pos),
                        format!("succeededIndexes {}: {e}: the API server rejects this Job", go_quote(s)),
                        &format!(
                            "write indexes below completions ({completions}) in increasing order, such as \"0,2-4\""
                        ),
                    ),
                }
            }
        }
        if let Some(c) = count.and_then(|n| n.as_i64().map(|v| (v, n.pos))) {
            if c.0 > completions {
                reject(
                    format!(
                        "{path}.succeededCount: Invalid value: {}: must be less than or equal to {completions} (the number of specified completions)",
                        c.0
                    ),
                    Some(c.1),
                    format!("succeededCount {} is more than completions ({completions}): the API server rejects this Job", c.0),
                    "lower succeededCount to completions or less",
                );
            }
            if indexes.is_some() && c.0 > total {
                reject(
                    format!(
                        "{path}.succeededCount: Invalid value: {}: must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)",
                        c.0
                    ),
                    Some(c.1),
                    format!(
                        "succeededCount {} is more than the {total} indexes of succeededIndexes: the API server rejects this Job",
                        c.0
                    ),
                    "lower succeededCount, or list more succeededIndexes",
                );
            }
        }
    }
}

/// The restart policy of a Job's pod template.
pub fn restart_policy_of(m: &Manifest) -> RestartPolicy {
    match m.node.path(&["spec", "template", "spec", "restartPolicy"]).and_then(Node::as_str) {
        Some("Never") => RestartPolicy::Never,
        Some("OnFailure") => RestartPolicy::OnFailure,
        Some("Always") => RestartPolicy::Always,
        _ => RestartPolicy::Unset,
    }
}

/// The API server's answer to a rejected Job: `Job.batch "<name>" is invalid: <error>`, or with
/// several errors `[<e1>, <e2>]` (apimachinery `NewInvalid`, `ToAggregate`).
pub fn invalid_message(name: &str, rejections: &[Rejection]) -> Option<String> {
    let mut errors: Vec<&str> = Vec::new();
    for r in rejections {
        if !errors.contains(&r.error.as_str()) {
            errors.push(&r.error);
        }
    }
    match errors.as_slice() {
        [] => None,
        [one] => Some(format!("Job.batch \"{name}\" is invalid: {one}")),
        many => Some(format!("Job.batch \"{name}\" is invalid: [{}]", many.join(", "))),
    }
}

/// The lints of this module: `job-spec-invalid` for every rejection but J2's (which
/// `job-restart-policy-always` reports), `job-feature-unavailable` for fields the version lacks
/// or drops, and `per-index-backoff-on-failure`.
pub fn lint(m: &Manifest, kube_minor: u32, validation: FieldValidation, diags: &mut Vec<Diagnostic>) {
    let r = m.selector.as_str();
    for rej in rejections(m, kube_minor).into_iter().filter(|x| !x.restart_policy) {
        diags.push(
            Diagnostic::error(codes::JOB_SPEC_INVALID, format!("{} (\"{}\")", rej.message, rej.error))
                .at(rej.pos.or(Some(m.pos)))
                .reference(r)
                .hint(rej.hint),
        );
    }
    let Some(spec) = m.node.get("spec") else { return };
    let backoff_limit_written = spec.get("backoffLimit").is_some_and(|n| !n.is_null());
    let mut features: Vec<(&str, Pos, Feature)> = Vec::new();
    for key in ["backoffLimitPerIndex", "maxFailedIndexes"] {
        if let Some(n) = spec.get(key).filter(|n| !n.is_null()) {
            features.push((key, n.pos, BACKOFF_LIMIT_PER_INDEX));
        }
    }
    let rules = spec.path(&["podFailurePolicy", "rules"]).and_then(Node::as_seq).unwrap_or(&[]);
    for rule in rules {
        if let Some(a) = rule.get("action").filter(|a| a.as_str() == Some("FailIndex")) {
            features.push(("FailIndex", a.pos, BACKOFF_LIMIT_PER_INDEX));
        }
    }
    if spec.get("successPolicy").is_some_and(|n| !n.is_null()) {
        features.push(("successPolicy", key_pos(spec, "successPolicy").unwrap_or(m.pos), SUCCESS_POLICY));
    }
    if let Some(n) = spec.get("podReplacementPolicy").filter(|n| !n.is_null()) {
        features.push(("podReplacementPolicy", n.pos, POD_REPLACEMENT_POLICY));
    }
    for (what, pos, feature) in features {
        let shown = if what == "FailIndex" { "the FailIndex action".to_string() } else { format!("spec.{what}") };
        let what_follows = match feature.gate {
            "JobSuccessPolicy" => ": the Job completes only when every index has succeeded".to_string(),
            "JobPodReplacementPolicy" => {
                ": a pod the Job deletes is replaced as soon as it is terminating (no difference in hooksim, J27)".to_string()
            }
            _ if what == "FailIndex" => ": the rule is removed from the podFailurePolicy".to_string(),
            _ if backoff_limit_written => ": the Job runs without per-index limits, under its backoffLimit alone".to_string(),
            _ if spec.get("backoffLimitPerIndex").is_some_and(|n| !n.is_null()) => {
                ", but backoffLimit was already defaulted to 2147483647 because backoffLimitPerIndex was written (J1): failing pods are retried without limit".to_string()
            }
            _ => ": the Job runs without per-index limits".to_string(),
        };
        let d = match feature.at(kube_minor) {
            Availability::On => continue,
            // The FailIndex action is an enum value, not a field: validation rejects it (above).
            Availability::Absent if what == "FailIndex" => continue,
            // R17: without strict field validation the API server drops the field it lacks.
            Availability::Absent => match validation.lenient_because() {
                Some(because) => Diagnostic::warning(
                    codes::JOB_FEATURE_UNAVAILABLE,
                    format!(
                        "Kubernetes 1.{kube_minor} has no {shown} (it came in 1.{}): {because} the API server drops it, and the Job runs without it (backoffLimit defaults to 6)",
                        feature.alpha
                    ),
                ),
                None => Diagnostic::error(
                    codes::JOB_FEATURE_UNAVAILABLE,
                    format!(
                        "Kubernetes 1.{kube_minor} has no {shown} (it came in 1.{}): Argo CD applies with strict field validation, so the API server rejects this Job (\"strict decoding error: unknown field\")",
                        feature.alpha
                    ),
                ),
            },
            Availability::GateOff => Diagnostic::warning(
                codes::JOB_FEATURE_UNAVAILABLE,
                format!(
                    "{shown} needs the {} feature gate, alpha and off by default in Kubernetes 1.{kube_minor}: the API server silently drops it{what_follows}",
                    feature.gate
                ),
            ),
        };
        let hint = format!(
            "set settings.kubernetesVersion to your cluster's version: 1.{} and later have it on by default",
            feature.beta
        );
        diags.push(d.at(Some(pos)).reference(r).hint(hint));
    }
    // J24 + J6: OnFailure pods never fail by themselves, so per-index limits never count.
    if let Some(n) = spec.get("backoffLimitPerIndex").filter(|n| !n.is_null()) {
        let on = BACKOFF_LIMIT_PER_INDEX.at(kube_minor) == Availability::On;
        if on && restart_policy_of(m) == RestartPolicy::OnFailure {
            let stop = if backoff_limit_written {
                "only backoffLimit (restarts of all pods, J6) stops it".to_string()
            } else {
                "and backoffLimit defaults to 2147483647 with backoffLimitPerIndex, so a crash-looping index restarts forever".to_string()
            };
            diags.push(
                Diagnostic::warning(
                    codes::PER_INDEX_BACKOFF_ON_FAILURE,
                    format!(
                        "backoffLimitPerIndex counts failed pods, but with restartPolicy: OnFailure a failing container restarts inside its pod, which does not fail: no index ever fails, {stop}"
                    ),
                )
                .at(Some(n.pos))
                .reference(r)
                .hint("use restartPolicy: Never with backoffLimitPerIndex (the API reference says so; the API server does not check it)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::manifest;

    fn job(spec: &str) -> Manifest {
        let text = format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata: {{name: j}}\nspec:\n{spec}\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{{name: main, image: x}}]\n"
        );
        manifest::read(&text).manifests.into_iter().next().expect("one manifest")
    }

    fn errors(spec: &str, minor: u32) -> Vec<String> {
        rejections(&job(spec), minor).into_iter().map(|r| r.error).collect()
    }

    #[test]
    fn j23_j24_j26_rejections_in_upstream_order() {
        assert!(errors("  completionMode: Indexed\n  completions: 3", 31).is_empty());
        assert_eq!(
            errors("  completionMode: Indexed", 31),
            vec!["spec.completions: Required value: when completion mode is Indexed"]
        );
        assert_eq!(
            errors("  backoffLimitPerIndex: 1\n  maxFailedIndexes: 2", 31),
            vec![
                "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
                "spec.maxFailedIndexes: Invalid value: 2: requires indexed completion mode"
            ]
        );
        assert_eq!(
            errors("  completionMode: Indexed\n  completions: 2\n  maxFailedIndexes: 3", 31),
            vec![
                "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified",
                "spec.maxFailedIndexes: Invalid value: 3: must be less than or equal to completions"
            ]
        );
        assert_eq!(
            errors("  podFailurePolicy:\n    rules: [{action: FailIndex, onExitCodes: {operator: In, values: [1]}}]", 31),
            vec!["spec.podFailurePolicy.rules[0].action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set"]
        );
        assert_eq!(
            errors("  successPolicy: {rules: [{succeededCount: 1}]}", 31),
            vec!["spec.successPolicy: Invalid value: batch.SuccessPolicy{...}: requires indexed completion mode"]
        );
        assert_eq!(
            errors(
                "  completionMode: Indexed\n  completions: 3\n  successPolicy: {rules: [{succeededIndexes: \"1-3\"}, {}, {succeededIndexes: \"0\", succeededCount: 2}]}",
                31
            ),
            vec![
                "spec.successPolicy.rules[0].succeededIndexes: Invalid value: \"1-3\": error parsing succeededIndexes: too large index: \"3\"",
                "spec.successPolicy.rules[1]: Required value: at least one of succeededCount or succeededIndexes must be specified",
                "spec.successPolicy.rules[2].succeededCount: Invalid value: 2: must be less than or equal to 1 (the number of indexes in the specified succeededIndexes field)"
            ]
        );
        assert_eq!(
            errors("  completionMode: indexed\n  completions: 3", 31),
            vec!["spec.completionMode: Unsupported value: \"indexed\": supported values: \"NonIndexed\", \"Indexed\""]
        );
    }

    #[test]
    fn gated_fields_are_dropped_before_validation() {
        // 1.28: backoffLimitPerIndex is dropped, so a NonIndexed Job with it is accepted.
        assert!(errors("  backoffLimitPerIndex: 1", 28).is_empty());
        assert!(errors("  successPolicy: {rules: [{succeededCount: 1}]}", 30).is_empty());
        // 1.27 has no FailIndex action.
        assert_eq!(
            errors("  podFailurePolicy:\n    rules: [{action: FailIndex, onExitCodes: {operator: In, values: [1]}}]", 27),
            vec!["spec.podFailurePolicy.rules[0].action: Unsupported value: \"FailIndex\": supported values: \"Count\", \"FailJob\", \"Ignore\""]
        );
        assert_eq!(absent_fields(&job("  backoffLimitPerIndex: 1\n  successPolicy: {}"), 27).len(), 2);
        assert_eq!(
            absent_fields(&job("  backoffLimitPerIndex: 1\n  successPolicy: {}"), 29),
            vec!["spec.successPolicy"]
        );
        assert!(absent_fields(&job("  backoffLimitPerIndex: 1\n  successPolicy: {}"), 30).is_empty());
        assert_eq!(absent_fields(&job("  podReplacementPolicy: Failed"), 27), vec!["spec.podReplacementPolicy"]);
        // J27: Failed is the only value with a podFailurePolicy.
        assert_eq!(
            errors("  podReplacementPolicy: TerminatingOrFailed\n  podFailurePolicy:\n    rules: [{action: Ignore, onExitCodes: {operator: In, values: [1]}}]", 31),
            vec!["spec.podReplacementPolicy: Unsupported value: \"TerminatingOrFailed\": supported values: \"Failed\""]
        );
        assert!(errors("  podReplacementPolicy: TerminatingOrFailed", 31).is_empty());
        assert!(errors("  podReplacementPolicy: TerminatingOrFailed\n  podFailurePolicy: {rules: []}", 28).is_empty());
    }

    #[test]
    fn the_api_message_aggregates() {
        let m = job("  completionMode: Indexed");
        let rej = rejections(&m, 31);
        assert_eq!(
            invalid_message("j", &rej).unwrap(),
            "Job.batch \"j\" is invalid: spec.completions: Required value: when completion mode is Indexed"
        );
        let rej = rejections(&job("  backoffLimitPerIndex: 1\n  maxFailedIndexes: 2"), 31);
        assert!(invalid_message("j", &rej)
            .unwrap()
            .starts_with("Job.batch \"j\" is invalid: [spec.backoffLimitPerIndex"));
        assert_eq!(invalid_message("j", &[]), None);
    }
}
