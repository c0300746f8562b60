//! What the engine reads of Job and Pod manifests (k8s-job.md J1, J2, J25, J34), with the
//! defaults Kubernetes applies and a diagnostic for fields it would not understand: a misspelt
//! `backofLimit` silently means six retries.

use crate::common::diagnostics::{codes, similar, Diagnostic};
use crate::input::manifest::Manifest;
use crate::input::yaml::{Node, Value};
use crate::k8s::field_validation::FieldValidation;
use crate::k8s::job::index::{parse_indexes, SuccessRule};
use crate::k8s::job::types::{ExitCodeRule, JobSpec, PfpAction, PfpRule, RestartPolicy};
use crate::k8s::job::validation::{absent_fields, Availability, BACKOFF_LIMIT_PER_INDEX, SUCCESS_POLICY};
use crate::report::Time;

const METADATA_FIELDS: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "labels",
    "annotations",
    "finalizers",
    "ownerReferences",
    "uid",
    "resourceVersion",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "generation",
    "managedFields",
    "selfLink",
];
const OBJECT_FIELDS: &[&str] = &["apiVersion", "kind", "metadata", "spec", "status"];
const JOB_SPEC_FIELDS: &[&str] = &[
    "activeDeadlineSeconds",
    "backoffLimit",
    "backoffLimitPerIndex",
    "completionMode",
    "completions",
    "managedBy",
    "manualSelector",
    "maxFailedIndexes",
    "parallelism",
    "podFailurePolicy",
    "podReplacementPolicy",
    "selector",
    "successPolicy",
    "suspend",
    "template",
    "ttlSecondsAfterFinished",
];
const TEMPLATE_FIELDS: &[&str] = &["metadata", "spec"];
const POD_SPEC_FIELDS: &[&str] = &[
    "activeDeadlineSeconds",
    "affinity",
    "automountServiceAccountToken",
    "containers",
    "dnsConfig",
    "dnsPolicy",
    "enableServiceLinks",
    "ephemeralContainers",
    "hostAliases",
    "hostIPC",
    "hostNetwork",
    "hostPID",
    "hostUsers",
    "hostname",
    "hostnameOverride",
    "imagePullSecrets",
    "initContainers",
    "nodeName",
    "nodeSelector",
    "os",
    "overhead",
    "preemptionPolicy",
    "priority",
    "priorityClassName",
    "readinessGates",
    "resourceClaims",
    "resources",
    "restartPolicy",
    "runtimeClassName",
    "schedulerName",
    "schedulingGates",
    "securityContext",
    "serviceAccount",
    "serviceAccountName",
    "setHostnameAsFQDN",
    "shareProcessNamespace",
    "subdomain",
    "terminationGracePeriodSeconds",
    "tolerations",
    "topologySpreadConstraints",
    "volumes",
];
const PFP_RULE_FIELDS: &[&str] = &["action", "onExitCodes", "onPodConditions"];
const SUCCESS_POLICY_FIELDS: &[&str] = &["rules"];
const SUCCESS_RULE_FIELDS: &[&str] = &["succeededCount", "succeededIndexes"];
const EXIT_CODES_FIELDS: &[&str] = &["containerName", "operator", "values"];

/// Unknown keys of a mapping the engine reads, with a "did you mean" hint, or where the field
/// belongs when it is written one level off. Under strict field validation the API server
/// rejects the object: an error. With `Validate=false` the field is silently dropped: a warning.
fn unknown_fields(
    node: &Node,
    known: &[&str],
    within: &str,
    m: &Manifest,
    v: FieldValidation,
    diags: &mut Vec<Diagnostic>,
) {
    unknown_fields_or(node, known, within, m, &[], v, diags)
}

fn unknown_fields_or(
    node: &Node,
    known: &[&str],
    within: &str,
    m: &Manifest,
    elsewhere: &[(&[&str], &str)],
    v: FieldValidation,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(entries) = node.as_map() else { return };
    for (k, _) in entries {
        let Some(key) = k.as_str() else { continue };
        if known.contains(&key) {
            continue;
        }
        let d = if let Some(because) = v.lenient_because() {
            Diagnostic::warning(
                codes::UNKNOWN_FIELD,
                format!("unknown field \"{key}\" in {within}: {because} Kubernetes silently drops it"),
            )
        } else {
            Diagnostic::error(
                codes::UNKNOWN_FIELD,
                format!(
                    "unknown field \"{key}\" in {within}: Argo CD applies with strict field validation, so the API server rejects this {} when it is applied (\"strict decoding error: unknown field\")",
                    m.kind
                ),
            )
        };
        let hint = if let Some(s) = known.iter().find(|f| similar(f, key)) {
            format!("did you mean {s}?")
        } else if let Some((_, place)) = elsewhere.iter().find(|(fields, _)| fields.contains(&key)) {
            format!("{key} belongs in {place}")
        } else {
            "remove it, or check its spelling against the Kubernetes API reference".to_string()
        };
        diags.push(d.at(Some(k.pos)).reference(m.selector.as_str()).hint(hint));
    }
}

/// The top-level and metadata fields of any object.
pub fn lint_object(m: &Manifest, v: FieldValidation, diags: &mut Vec<Diagnostic>) {
    // Other kinds have other top-level fields (data, rules, ...): only Jobs and Pods are checked.
    let elsewhere: &[(&[&str], &str)] = match (m.group.as_str(), m.kind.as_str()) {
        ("batch", "Job") => &[(JOB_SPEC_FIELDS, "spec"), (METADATA_FIELDS, "metadata")],
        ("", "Pod") => &[(POD_SPEC_FIELDS, "spec"), (METADATA_FIELDS, "metadata")],
        _ => &[],
    };
    if matches!(m.kind.as_str(), "Job" | "Pod") {
        unknown_fields_or(&m.node, OBJECT_FIELDS, &m.kind, m, elsewhere, v, diags);
    }
    if let Some(meta) = m.node.get("metadata") {
        unknown_fields(meta, METADATA_FIELDS, "metadata", m, v, diags);
    }
}

fn int_field(n: &Node, path: &str, reference: &str, min: i64, diags: &mut Vec<Diagnostic>) -> Option<i64> {
    match &n.value {
        Value::Int(i) if *i >= min && *i <= i32::MAX as i64 => Some(*i),
        Value::Int(i) => {
            diags.push(
                Diagnostic::error(
                    codes::WRONG_TYPE,
                    format!("{path} is {i}: the API server rejects it (it must be {min} to 2147483647)"),
                )
                .at(Some(n.pos))
                .reference(reference)
                .hint(format!("use a value from {min} to 2147483647, or leave the field out for the default")),
            );
            None
        }
        Value::Null => None,
        _ => {
            diags.push(
                Diagnostic::error(
                    codes::WRONG_TYPE,
                    format!(
                        "{path} is {}, expected an integer: the API server cannot decode it and rejects the object (hooksim goes on with the default)",
                        n.type_name()
                    ),
                )
                .at(Some(n.pos))
                .reference(reference)
                .hint("write it as a plain number, without quotes"),
            );
            None
        }
    }
}

/// A field the engine reads that is not of the type Kubernetes decodes: the API server rejects the
/// object (hooksim goes on as if the field were not there). `expected` names the type.
fn wrong_shape(n: &Node, path: &str, expected: &str, reference: &str, diags: &mut Vec<Diagnostic>) {
    diags.push(
        Diagnostic::error(
            codes::WRONG_TYPE,
            format!(
                "{path} is {}, expected {expected}: the API server cannot decode it and rejects the object (hooksim goes on without it)",
                n.type_name()
            ),
        )
        .at(Some(n.pos))
        .reference(reference)
        .hint(format!("write {path} as {expected}")),
    );
}

/// The node when it has the shape `ok` accepts (null counts as absent), else a `wrong-type` error.
fn shaped<'a>(
    n: Option<&'a Node>,
    ok: fn(&Node) -> bool,
    path: &str,
    expected: &str,
    reference: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'a Node> {
    let n = n.filter(|n| !n.is_null())?;
    if ok(n) {
        Some(n)
    } else {
        wrong_shape(n, path, expected, reference, diags);
        None
    }
}

fn is_map(n: &Node) -> bool {
    n.as_map().is_some()
}
fn is_seq(n: &Node) -> bool {
    n.as_seq().is_some()
}
fn is_str(n: &Node) -> bool {
    n.as_str().is_some()
}
fn is_bool(n: &Node) -> bool {
    n.as_bool().is_some()
}

/// The shape of `containers`, which the engine reads (a list of mappings with a string `name`);
/// `restartPolicy` is checked by the lints (`job-restart-policy-always`, `wrong-type`).
fn check_pod_spec(pod_spec: Option<&Node>, prefix: &str, reference: &str, diags: &mut Vec<Diagnostic>) {
    let Some(ps) = pod_spec else { return };
    let path = format!("{prefix}.containers");
    if let Some(containers) = shaped(ps.get("containers"), is_seq, &path, "a list of containers", reference, diags) {
        for (i, c) in containers.as_seq().unwrap_or(&[]).iter().enumerate() {
            let item = format!("{path}[{i}]");
            if let Some(c) = shaped(Some(c), is_map, &item, "a mapping (name, image, …)", reference, diags) {
                shaped(c.get("name"), is_str, &format!("{item}.name"), "a string", reference, diags);
            }
        }
    }
}

fn restart_policy(n: Option<&Node>) -> RestartPolicy {
    match n.and_then(Node::as_str) {
        Some("Never") => RestartPolicy::Never,
        Some("OnFailure") => RestartPolicy::OnFailure,
        Some("Always") => RestartPolicy::Always,
        _ => RestartPolicy::Unset,
    }
}

fn first_container(pod_spec: Option<&Node>) -> String {
    pod_spec
        .and_then(|s| s.get("containers"))
        .and_then(Node::as_seq)
        .and_then(|c| c.first())
        .and_then(|c| c.get("name"))
        .and_then(Node::as_str)
        .unwrap_or("main")
        .to_string()
}

/// What a Job manifest says, with Kubernetes' defaults (J1). `ttl` is returned beside the spec.
pub struct JobManifest {
    pub spec: JobSpec,
    pub ttl_seconds_after_finished: Option<Time>,
}

/// Reads a Job (name: the object's real name, namespace: its effective namespace) as the API
/// server of Kubernetes 1.`kube_minor` stores it: defaulted (J1), then without the fields whose
/// feature gate is off (J24, J26; `job_validation`).
pub fn read_job(
    m: &Manifest,
    name: &str,
    namespace: &str,
    kube_minor: u32,
    v: FieldValidation,
    diags: &mut Vec<Diagnostic>,
) -> JobManifest {
    let r = m.selector.as_str();
    let spec = m.node.get("spec");
    let empty = Node { value: Value::Map(Vec::new()), pos: m.pos, raw: None, quoted: false };
    let spec = spec.unwrap_or(&empty);
    unknown_fields_or(spec, JOB_SPEC_FIELDS, "Job spec", m, &[(POD_SPEC_FIELDS, "spec.template.spec")], v, diags);
    let template = spec.get("template");
    if let Some(t) = template {
        unknown_fields_or(
            t,
            TEMPLATE_FIELDS,
            "Job spec.template",
            m,
            &[(POD_SPEC_FIELDS, "spec.template.spec"), (JOB_SPEC_FIELDS, "spec")],
            v,
            diags,
        );
    }
    let pod_spec = template.and_then(|t| t.get("spec"));
    if let Some(ps) = pod_spec {
        unknown_fields(ps, POD_SPEC_FIELDS, "Job spec.template.spec", m, v, diags);
    }
    let get = |k: &str, min: i64, diags: &mut Vec<Diagnostic>| {
        spec.get(k).and_then(|n| int_field(n, &format!("spec.{k}"), r, min, diags))
    };
    let per_index_gate = BACKOFF_LIMIT_PER_INDEX.at(kube_minor);
    let backoff_limit_per_index = get("backoffLimitPerIndex", 0, diags);
    let max_failed_indexes = get("maxFailedIndexes", 0, diags);
    // J1: 6, or 2147483647 when backoffLimitPerIndex is written. Defaulting comes before the
    // feature gate drops the field (1.28), but after decoding drops a field the version lacks.
    let backoff_limit = get("backoffLimit", 0, diags).unwrap_or(
        if backoff_limit_per_index.is_some() && per_index_gate != Availability::Absent { i32::MAX as i64 } else { 6 },
    );
    let per_index_on = per_index_gate == Availability::On;
    let completions = get("completions", 0, diags);
    let parallelism = get("parallelism", 0, diags);
    let active_deadline_seconds = get("activeDeadlineSeconds", 1, diags);
    let ttl = get("ttlSecondsAfterFinished", 0, diags);
    let suspend = shaped(spec.get("suspend"), is_bool, "spec.suspend", "true or false", r, diags)
        .and_then(Node::as_bool)
        .unwrap_or(false);
    let managed_by_other = shaped(spec.get("managedBy"), is_str, "spec.managedBy", "a string", r, diags)
        .and_then(Node::as_str)
        .is_some_and(|v| v != "kubernetes.io/job-controller");
    let indexed = shaped(spec.get("completionMode"), is_str, "spec.completionMode", "NonIndexed or Indexed", r, diags)
        .and_then(Node::as_str)
        == Some("Indexed");
    if let Some(ps) = template {
        shaped(Some(ps), is_map, "spec.template", "a mapping (metadata, spec)", r, diags);
    }
    check_pod_spec(
        shaped(pod_spec, is_map, "spec.template.spec", "a mapping", r, diags),
        "spec.template.spec",
        r,
        diags,
    );
    let mut rules = Vec::new();
    let pfp = shaped(spec.get("podFailurePolicy"), is_map, "spec.podFailurePolicy", "a mapping with rules", r, diags);
    if let Some(pfp) = pfp {
        unknown_fields(pfp, &["rules"], "podFailurePolicy", m, v, diags);
    }
    let items =
        pfp.and_then(|p| shaped(p.get("rules"), is_seq, "spec.podFailurePolicy.rules", "a list of rules", r, diags));
    for (i, rule) in items.and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate() {
        let at = format!("spec.podFailurePolicy.rules[{i}]");
        let Some(rule) = shaped(Some(rule), is_map, &at, "a mapping (action, onExitCodes)", r, diags) else {
            continue;
        };
        unknown_fields(rule, PFP_RULE_FIELDS, "podFailurePolicy rule", m, v, diags);
        let action = match shaped(rule.get("action"), is_str, &format!("{at}.action"), "a string", r, diags)
            .and_then(Node::as_str)
        {
            Some("FailJob") => PfpAction::FailJob,
            Some("Ignore") => PfpAction::Ignore,
            // J24: dropped with its feature gate (1.28); unknown before (a validation error).
            Some("FailIndex") if !per_index_on => continue,
            Some("FailIndex") => PfpAction::FailIndex,
            _ => PfpAction::Count,
        };
        let exit_codes = format!("{at}.onExitCodes");
        let on_exit_codes =
            shaped(rule.get("onExitCodes"), is_map, &exit_codes, "a mapping (operator, values)", r, diags).map(|e| {
                unknown_fields(e, EXIT_CODES_FIELDS, "onExitCodes", m, v, diags);
                let path = format!("{exit_codes}.values");
                let values = shaped(e.get("values"), is_seq, &path, "a list of exit codes", r, diags)
                    .and_then(Node::as_seq)
                    .unwrap_or(&[])
                    .iter()
                    .enumerate()
                    .filter_map(|(j, v)| int_field(v, &format!("{path}[{j}]"), r, i32::MIN as i64, diags))
                    .map(|x| x.clamp(i32::MIN as i64, i32::MAX as i64) as i32)
                    .collect();
                ExitCodeRule {
                    container_name: shaped(
                        e.get("containerName"),
                        is_str,
                        &format!("{exit_codes}.containerName"),
                        "a string",
                        r,
                        diags,
                    )
                    .and_then(Node::as_str)
                    .map(str::to_string),
                    operator_in: shaped(
                        e.get("operator"),
                        is_str,
                        &format!("{exit_codes}.operator"),
                        "In or NotIn",
                        r,
                        diags,
                    )
                    .and_then(Node::as_str)
                        != Some("NotIn"),
                    values,
                }
            });
        rules.push(PfpRule { action, on_exit_codes });
    }
    let success_policy = read_success_policy(spec, m, completions, v, diags);
    let success_policy =
        if indexed && SUCCESS_POLICY.at(kube_minor) == Availability::On { success_policy } else { Vec::new() };
    JobManifest {
        spec: JobSpec {
            generation: 0,
            name: name.to_string(),
            namespace: namespace.to_string(),
            backoff_limit,
            completions,
            parallelism,
            active_deadline_seconds,
            restart_policy: restart_policy(pod_spec.and_then(|s| s.get("restartPolicy"))),
            pod_failure_policy: rules,
            suspend,
            managed_by_other,
            container_name: first_container(pod_spec),
            pod_active_deadline_seconds: pod_spec
                .and_then(|s| s.get("activeDeadlineSeconds"))
                .and_then(|n| int_field(n, "spec.template.spec.activeDeadlineSeconds", r, 1, diags)),
            indexed,
            backoff_limit_per_index: backoff_limit_per_index.filter(|_| per_index_on),
            max_failed_indexes: max_failed_indexes.filter(|_| per_index_on),
            success_policy,
        },
        ttl_seconds_after_finished: ttl,
    }
}

/// J26: the `successPolicy` rules, checked for shape (`wrong-type`, `unknown-field`). A rule whose
/// `succeededIndexes` does not parse is left out (the API server rejects the Job:
/// `job-spec-invalid`).
fn read_success_policy(
    spec: &Node,
    m: &Manifest,
    completions: Option<i64>,
    v: FieldValidation,
    diags: &mut Vec<Diagnostic>,
) -> Vec<SuccessRule> {
    let r = m.selector.as_str();
    let Some(sp) = shaped(spec.get("successPolicy"), is_map, "spec.successPolicy", "a mapping with rules", r, diags)
    else {
        return Vec::new();
    };
    unknown_fields(sp, SUCCESS_POLICY_FIELDS, "successPolicy", m, v, diags);
    let items = shaped(sp.get("rules"), is_seq, "spec.successPolicy.rules", "a list of rules", r, diags);
    let mut out = Vec::new();
    for (i, rule) in items.and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate() {
        let at = format!("spec.successPolicy.rules[{i}]");
        let expected = "a mapping (succeededIndexes, succeededCount)";
        let Some(rule) = shaped(Some(rule), is_map, &at, expected, r, diags) else { continue };
        unknown_fields(rule, SUCCESS_RULE_FIELDS, "successPolicy rule", m, v, diags);
        let path = format!("{at}.succeededIndexes");
        let indexes = shaped(rule.get("succeededIndexes"), is_str, &path, "a string such as \"0,2-4\"", r, diags)
            .and_then(Node::as_str);
        let count = rule.get("succeededCount").and_then(|n| int_field(n, &format!("{at}.succeededCount"), r, 0, diags));
        let succeeded_indexes = match (indexes, completions) {
            (Some(s), Some(c)) => match parse_indexes(s, c) {
                Ok((iv, _)) => Some(iv),
                Err(_) => continue,
            },
            (Some(_), None) => continue,
            (None, _) => None,
        };
        out.push(SuccessRule { succeeded_indexes, succeeded_count: count });
    }
    out
}

/// A bare Pod: its restart policy and first container.
pub fn read_pod(m: &Manifest, v: FieldValidation, diags: &mut Vec<Diagnostic>) -> (RestartPolicy, String) {
    let spec = m.node.get("spec");
    if let Some(s) = spec {
        unknown_fields(s, POD_SPEC_FIELDS, "Pod spec", m, v, diags);
    }
    let r = m.selector.as_str();
    check_pod_spec(shaped(spec, is_map, "spec", "a mapping", r, diags), "spec", r, diags);
    (restart_policy(spec.and_then(|s| s.get("restartPolicy"))), first_container(spec))
}

/// J2: whether the API server rejects a Job whose pods would restart always.
pub fn job_restart_policy_invalid(p: &RestartPolicy) -> bool {
    matches!(p, RestartPolicy::Always | RestartPolicy::Unset)
}

/// The fields the API server's strict decoding rejects (dotted paths from the object's root),
/// for the Job and Pod parts the engine knows, and the Job fields Kubernetes 1.`kube_minor` does
/// not have yet (J24, J26). Argo CD applies with `fieldValidation=Strict` unless the object says
/// `Validate=false` (gitops-engine `newApplyOptionsCommon`); the client-side dry run does not see
/// it, the real apply fails.
pub fn unknown_field_paths(m: &Manifest, kube_minor: u32) -> Vec<String> {
    let mut out = Vec::new();
    if m.ann.sync_options.validate_disabled {
        return out;
    }
    fn walk(node: Option<&Node>, known: &[&str], prefix: &str, out: &mut Vec<String>) {
        let Some(entries) = node.and_then(Node::as_map) else { return };
        for (k, _) in entries {
            if let Some(key) = k.as_str() {
                if !known.contains(&key) {
                    out.push(if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") });
                }
            }
        }
    }
    let root = Some(&m.node);
    match (m.group.as_str(), m.kind.as_str()) {
        ("batch", "Job") => {
            walk(root, OBJECT_FIELDS, "", &mut out);
            walk(m.node.get("metadata"), METADATA_FIELDS, "metadata", &mut out);
            walk(m.node.get("spec"), JOB_SPEC_FIELDS, "spec", &mut out);
            walk(m.node.path(&["spec", "template"]), TEMPLATE_FIELDS, "spec.template", &mut out);
            walk(m.node.path(&["spec", "template", "spec"]), POD_SPEC_FIELDS, "spec.template.spec", &mut out);
            out.extend(absent_fields(m, kube_minor));
            if let Some(sp) = m.node.path(&["spec", "successPolicy"]) {
                walk(Some(sp), SUCCESS_POLICY_FIELDS, "spec.successPolicy", &mut out);
                for (i, r) in sp.get("rules").and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate() {
                    walk(Some(r), SUCCESS_RULE_FIELDS, &format!("spec.successPolicy.rules[{i}]"), &mut out);
                }
            }
            if let Some(rules) = m.node.path(&["spec", "podFailurePolicy", "rules"]).and_then(Node::as_seq) {
                for (i, r) in rules.iter().enumerate() {
                    walk(Some(r), PFP_RULE_FIELDS, &format!("spec.podFailurePolicy.rules[{i}]"), &mut out);
                    walk(
                        r.get("onExitCodes"),
                        EXIT_CODES_FIELDS,
                        &format!("spec.podFailurePolicy.rules[{i}].onExitCodes"),
                        &mut out,
                    );
                }
            }
        }
        ("", "Pod") => {
            walk(root, OBJECT_FIELDS, "", &mut out);
            walk(m.node.get("metadata"), METADATA_FIELDS, "metadata", &mut out);
            walk(m.node.get("spec"), POD_SPEC_FIELDS, "spec", &mut out);
        }
        _ => {}
    }
    out
}

/// The API server's answer to an object with unknown fields, under strict field validation.
pub fn strict_decoding_error(m: &Manifest, kube_minor: u32) -> Option<String> {
    let paths = unknown_field_paths(m, kube_minor);
    if paths.is_empty() {
        return None;
    }
    let version = m.api_version.rsplit('/').next().unwrap_or(&m.api_version);
    let fields: Vec<String> = paths.iter().map(|p| format!("unknown field \"{p}\"")).collect();
    Some(format!(
        "{kind} in version \"{version}\" cannot be handled as a {kind}: strict decoding error: {}",
        fields.join(", "),
        kind = m.kind
    ))
}
