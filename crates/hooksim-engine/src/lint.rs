//! Diagnostics beyond what Argo CD says (issue "engine" item 7): manifests that will not do what
//! their author expects. Each is tested on a manifest that raises it and one that does not.

use std::collections::{HashMap, HashSet};

use crate::argocd::sync::SyncRequest;
use crate::common::diagnostics::{codes, Diagnostic, Pos};
use crate::common::health::has_health_check;
use crate::common::health::HealthStatus;
use crate::input::annotations::{self, DeletePolicy, SyncPhase};
use crate::input::manifest::Manifest;
use crate::input::scenario::{Outcome, Scenario};
use crate::input::yaml::Node;
use crate::k8s::field_validation::FieldValidation;
use crate::k8s::job::types::RestartPolicy;
use crate::k8s::job::validation as job_validation;
use crate::k8s::spec;
use crate::report::Time;

fn ann_pos(m: &Manifest, key: &str) -> Option<Pos> {
    m.node.path(&["metadata", "annotations", key]).map(|v| v.pos)
}

fn field_pos(m: &Manifest, path: &[&str]) -> Option<Pos> {
    m.node.path(path).map(|n| n.pos)
}

/// Where the key of the last element of `path` is written (the place to add a missing field).
fn key_pos(m: &Manifest, path: &[&str]) -> Option<Pos> {
    let (last, parent) = path.split_last()?;
    m.node.path(parent)?.entry(last).map(|(k, _)| k.pos)
}

pub fn lint(manifests: &[Manifest], sc: &Scenario, diags: &mut Vec<Diagnostic>) {
    // R17: with the Application's Validate=false in every sync, unknown fields are dropped, as
    // with the object's own Validate=false.
    let syncs: Vec<_> = sc.operations.iter().filter(|op| op.ty == crate::input::scenario::OpType::Sync).collect();
    let app_validate_off = !syncs.is_empty() && syncs.iter().all(|op| !SyncRequest::new(&sc.settings, op).validate);
    for m in manifests {
        let validation = FieldValidation::of(m, app_validate_off);
        let job_ttl = lint_manifest(m, sc.settings.kube_minor, validation, diags);
        lint_for_version(m, sc, job_ttl, diags);
    }
    crate::argocd::sync::skipped::lint_live(manifests, sc, diags);
    let lookups = Lookups::new(manifests, sc);
    lint_outcomes(manifests, sc, &lookups, diags);
    lint_operations(manifests, sc, &lookups, diags);
    lint_commits(sc, &lookups, diags);
    crate::world::prerequisites::lint(manifests, sc, diags);
}

/// Lookups by selector and by kind, built once, so that many outcomes and selected resources
/// over many manifests stay linear.
struct Lookups<'a> {
    /// The first manifest of each selector.
    by_selector: HashMap<&'a str, &'a Manifest>,
    /// The selectors of each kind, in manifest order.
    by_kind: HashMap<&'a str, Vec<&'a Manifest>>,
    /// `Kind/name` of the scenario's live objects.
    live_selectors: HashSet<String>,
}

impl<'a> Lookups<'a> {
    fn new(manifests: &'a [Manifest], sc: &Scenario) -> Lookups<'a> {
        let mut by_selector: HashMap<&str, &Manifest> = HashMap::new();
        let mut by_kind: HashMap<&str, Vec<&Manifest>> = HashMap::new();
        for m in manifests {
            by_selector.entry(m.selector.as_str()).or_insert(m);
            by_kind.entry(m.kind.as_str()).or_default().push(m);
        }
        let live_selectors = sc
            .live
            .iter()
            .filter_map(|n| {
                let k = n.get("kind").and_then(Node::as_str)?;
                let name = n.path(&["metadata", "name"]).and_then(Node::as_str)?;
                Some(format!("{k}/{name}"))
            })
            .collect();
        Lookups { by_selector, by_kind, live_selectors }
    }

    fn of_kind(&self, kind: &str) -> &[&'a Manifest] {
        self.by_kind.get(kind).map(Vec::as_slice).unwrap_or_default()
    }
}

/// R18, R21: what a selective sync or the apply strategy leaves out without a word.
fn lint_operations(manifests: &[Manifest], sc: &Scenario, lookups: &Lookups, diags: &mut Vec<Diagnostic>) {
    use crate::input::scenario::{OpType, Strategy};
    let hooks: Vec<&Manifest> = manifests.iter().filter(|m| m.ann.is_hook && !sync_phases(m).is_empty()).collect();
    for op in sc.operations.iter().filter(|op| op.ty == OpType::Sync) {
        let selective = !op.resources.is_empty();
        if (selective || op.strategy == Strategy::Apply) && !hooks.is_empty() {
            let mut names: Vec<String> = hooks
                .iter()
                .take(5)
                .map(|m| {
                    format!(
                        "{} {}",
                        sync_phases(m).iter().map(|p| p.as_str()).collect::<Vec<_>>().join(","),
                        m.selector
                    )
                })
                .collect();
            if hooks.len() > 5 {
                names.push(format!("… ({} more)", hooks.len() - 5));
            }
            let (what, at) =
                if selective { ("a selective sync", op.resources[0].1) } else { ("the apply strategy", op.pos) };
            diags.push(
                Diagnostic::info(
                    codes::HOOKS_SKIPPED,
                    format!(
                        "{what} runs no hooks (skipHooks, R21): {} {} not run",
                        names.join(", "),
                        if hooks.len() == 1 { "is" } else { "are" }
                    ),
                )
                .at(Some(at)),
            );
        }
        for (sel, pos) in &op.resources {
            let m = lookups.by_selector.get(sel.as_str()).copied();
            let why = match m {
                Some(m) if m.ann.is_hook => {
                    format!("{sel} is a hook: a selective sync runs no hooks (R21), so it is not synced")
                }
                Some(m) if m.ann.skip => format!("{sel} is annotated Skip: Argo CD never applies it (R62)"),
                Some(_) => continue,
                None if lookups.live_selectors.contains(sel) => continue,
                None => format!("{sel} selects no manifest and no live object: the selective sync ignores it"),
            };
            let kind = sel.split('/').next().unwrap_or("");
            let close: Vec<&str> = lookups
                .of_kind(kind)
                .iter()
                .filter(|m| !m.ann.is_hook && !m.ann.skip)
                .map(|m| m.selector.as_str())
                .take(5)
                .collect();
            let hint = if m.is_some_and(|m| m.ann.is_hook) {
                "run hooks with a full sync (no resources)".to_string()
            } else if close.is_empty() {
                "resources are Kind/name, as the manifests' kind and metadata.name".to_string()
            } else {
                format!("resources of that kind: {}", close.join(", "))
            };
            diags.push(
                Diagnostic::warning(codes::SYNC_RESOURCE_IGNORED, why).at(Some(*pos)).reference(sel.clone()).hint(hint),
            );
        }
    }
}

/// A8, A9: a commit's `changes`, `adds` or `removes` entry that names no manifest of the stream
/// changes nothing (a manifest a commit adds is pasted with the others).
fn lint_commits(sc: &Scenario, lookups: &Lookups, diags: &mut Vec<Diagnostic>) {
    for c in &sc.commits {
        let changes = c.changes.iter().flatten().map(|s| ("changes", s, c.pos));
        let adds = c.adds.iter().map(|(s, p)| ("adds", s, *p));
        let removes = c.removes.iter().map(|(s, p)| ("removes", s, *p));
        for (key, sel, pos) in changes.chain(adds).chain(removes) {
            if lookups.by_selector.contains_key(sel.as_str()) {
                continue;
            }
            let kind = sel.split('/').next().unwrap_or("");
            let close: Vec<&str> = lookups.of_kind(kind).iter().map(|m| m.selector.as_str()).take(5).collect();
            let hint = if close.is_empty() {
                "name a manifest of the stream: Kind/name, or Kind/generateName for generateName hooks; a manifest a commit adds is pasted with the others".to_string()
            } else {
                format!("manifests of that kind: {}", close.join(", "))
            };
            diags.push(
                Diagnostic::warning(
                    codes::COMMIT_UNMATCHED,
                    format!("commit {} {key} {sel}, which selects no manifest: it is ignored", c.revision),
                )
                .at(Some(pos))
                .reference(sel.clone())
                .hint(hint),
            );
        }
    }
}

/// A TTL shorter than this is the stuck-hook risk of Argo CD before 3.0; 60 s is the workaround
/// charts adopted (argo-helm #2861, karpenter #6825).
const TTL_RACE_SAFE_SECONDS: i64 = 60;

/// Diagnostics that depend on the simulated Argo CD release (`settings.argocdVersion`).
/// `job_ttl`: a Job's `ttlSecondsAfterFinished`, as [`lint_manifest`] read it.
fn lint_for_version(m: &Manifest, sc: &Scenario, job_ttl: Option<Time>, diags: &mut Vec<Diagnostic>) {
    let caps = sc.settings.caps;
    // R10: Helm's install/upgrade moments collapse into syncs (helm_hooks.rs).
    crate::argocd::helm_hooks::lint(m, diags);
    // R65, R66: the delete hooks this release knows (delete_hooks.rs).
    // A health the Scenario scripts stands for a health check (a custom one, in Argo CD).
    let health_scripted =
        sc.outcomes.get(&m.selector).is_some_and(|o| o.health.is_some() || !o.health_over_time.is_empty());
    crate::argocd::delete_hooks::lint(m, sc.settings.argocd, &caps, health_scripted, diags);
    let sync_hook = m.ann.is_hook && !m.ann.phases().is_empty();
    // J35: without the hook finalizer the TTL controller may delete a hook Job before Argo CD has
    // seen it finish; the hook then waits for ever.
    if sync_hook && !caps.hook_finalizer && m.group == "batch" && m.kind == "Job" {
        if let Some(ttl) = job_ttl.filter(|t| *t < TTL_RACE_SAFE_SECONDS) {
            diags.push(
                Diagnostic::warning(
                    codes::HOOK_TTL_RACE,
                    format!(
                        "Argo CD {} puts no finalizer on hooks: with ttlSecondsAfterFinished: {ttl} the TTL controller can delete this Job before Argo CD has seen it finish, and the hook then waits for ever (\"waiting for completion of hook\", argo-cd #6880, #18884)",
                        sc.settings.argocd
                    ),
                )
                .at(field_pos(m, &["spec", "ttlSecondsAfterFinished"]))
                .reference(m.selector.as_str())
                .hint(format!(
                    "keep the Job at least {TTL_RACE_SAFE_SECONDS} s, or delete it with HookSucceeded instead; Argo CD 3.0 and later (and 2.14.3 alone of the 2.14 patches) hold it with the hook finalizer"
                )),
            );
        }
    }
}

/// Returns a Job's `ttlSecondsAfterFinished` (read here once, for [`lint_for_version`]).
fn lint_manifest(
    m: &Manifest,
    kube_minor: u32,
    validation: FieldValidation,
    diags: &mut Vec<Diagnostic>,
) -> Option<Time> {
    let r = m.selector.as_str();
    spec::lint_object(m, validation, diags);
    let is_hook = m.ann.is_hook && !m.ann.phases().is_empty() || m.ann.delete_hook_only();
    // R22: only hooks are named by Argo CD.
    if !m.ann.is_hook && m.name.is_empty() && m.generate_name.is_some() && !m.ann.skip {
        diags.push(
            Diagnostic::error(
                codes::GENERATE_NAME_NON_HOOK,
                "generateName works only on hooks: Argo CD applies this object without a name and the sync fails",
            )
            .at(field_pos(m, &["metadata", "generateName"]))
            .reference(r)
            .hint("give it a metadata.name, or make it a hook (argocd.argoproj.io/hook)"),
        );
    }
    // R53: a named hook without BeforeHookCreation is applied over its old self. That matters for
    // the kinds that run once and keep their result (a re-applied ConfigMap is just updated), and
    // only when a sync can end without deleting it (HookSucceeded and HookFailed together always
    // delete it, R54).
    let runs_once =
        matches!((m.group.as_str(), m.kind.as_str()), ("batch", "Job") | ("", "Pod") | ("argoproj.io", "Workflow"));
    let always_deleted = m.ann.has_policy(DeletePolicy::HookSucceeded) && m.ann.has_policy(DeletePolicy::HookFailed);
    if is_hook
        && runs_once
        && !m.name.is_empty()
        && !m.ann.has_policy(DeletePolicy::BeforeHookCreation)
        && !m.ann.delete_hook_only()
        && !always_deleted
    {
        let kept = if m.ann.has_policy(DeletePolicy::HookSucceeded) {
            "a failed sync leaves it in place (HookSucceeded)"
        } else {
            "a successful sync leaves it in place (HookFailed)"
        };
        let kind = m.kind.as_str();
        let after = match kind {
            "Job" => "its old result counts without a new run, and a changed spec is rejected as immutable",
            "Pod" => "its old result counts without a new run, and a changed spec is rejected",
            _ => "its old result counts without a new run",
        };
        diags.push(
            Diagnostic::warning(
                codes::NAMED_HOOK_NO_BHC,
                format!("a named hook {kind} without BeforeHookCreation: {kept}, and the next sync applies over the old {kind}: {after}"),
            )
            .at(ann_pos(m, annotations::HOOK_DELETE_POLICY).or(ann_pos(m, annotations::HELM_DELETE_POLICY)).or(ann_pos(m, annotations::HOOK)))
            .reference(r)
            .hint("add BeforeHookCreation to the delete policy, or use generateName"),
        );
    }
    match (m.group.as_str(), m.kind.as_str()) {
        ("batch", "Job") => {
            let jm = spec::read_job(m, &m.name, "", kube_minor, validation, diags);
            job_validation::lint(m, kube_minor, validation, diags);
            if spec::job_restart_policy_invalid(&jm.spec.restart_policy) {
                const RP: [&str; 4] = ["spec", "template", "spec", "restartPolicy"];
                let written = m.node.path(&RP).filter(|n| !n.is_null());
                let message = match written.and_then(Node::as_str) {
                    Some("Always") => "restartPolicy: Always is not allowed in a Job (only Never or OnFailure): the API server rejects this Job".to_string(),
                    Some(other) => format!("restartPolicy \"{other}\" is not Never or OnFailure: the API server rejects this Job"),
                    None if written.is_some() => "restartPolicy is not a string: the API server rejects this Job".to_string(),
                    None => "the Job's pod template has no restartPolicy, so it defaults to Always, which a Job may not have: the API server rejects this Job".to_string(),
                };
                diags.push(
                    Diagnostic::error(codes::JOB_RESTART_ALWAYS, message)
                        .at(written
                            .map(|n| n.pos)
                            .or(key_pos(m, &RP[..3]))
                            .or(key_pos(m, &RP[..2]))
                            .or(key_pos(m, &RP[..1]))
                            .or(Some(m.pos)))
                        .reference(r)
                        .hint("set spec.template.spec.restartPolicy: Never"),
                );
            }
            if let Some(ttl) = jm.ttl_seconds_after_finished {
                let ttl_pos = field_pos(m, &["spec", "ttlSecondsAfterFinished"]);
                if ttl == 0 {
                    diags.push(
                        Diagnostic::warning(
                            codes::TTL_ZERO,
                            "ttlSecondsAfterFinished: 0 deletes the Job and its pods (and their logs) the moment it finishes; before Argo CD 3.0 a hook could then wait forever",
                        )
                        .at(ttl_pos)
                        .reference(r)
                        .hint("keep it for a while (e.g. 600) to read the logs; Argo CD 3.x holds it with the hook finalizer until it has read the result"),
                    );
                }
                if is_hook && m.ann.has_policy(DeletePolicy::HookSucceeded) {
                    diags.push(
                        Diagnostic::info(
                            codes::HOOK_SUCCEEDED_WITH_TTL,
                            "both HookSucceeded and ttlSecondsAfterFinished delete this Job: whichever comes first wins (HookSucceeded acts only when the whole sync succeeds)",
                        )
                        .at(ttl_pos)
                        .reference(r)
                        .hint("one is enough: HookSucceeded alone keeps a failed Job for its logs; the TTL alone deletes failed Jobs too"),
                    );
                }
            }
            return jm.ttl_seconds_after_finished;
        }
        ("", "Pod") => {
            let (rp, _) = spec::read_pod(m, validation, diags);
            let written = m.node.path(&["spec", "restartPolicy"]).filter(|n| !n.is_null());
            let invalid = written.is_some() && rp == RestartPolicy::Unset;
            if invalid {
                let shown = written.and_then(|n| n.scalar_text()).unwrap_or_default();
                diags.push(
                    Diagnostic::error(
                        codes::WRONG_TYPE,
                        format!("spec.restartPolicy \"{shown}\" is not Always, OnFailure or Never: the API server rejects this Pod"),
                    )
                    .at(written.map(|n| n.pos))
                    .reference(r)
                    .hint(if is_hook { "set spec.restartPolicy: Never" } else { "use Always, OnFailure or Never (case matters)" }),
                );
            } else if is_hook && matches!(rp, RestartPolicy::Always | RestartPolicy::Unset) {
                let which = if written.is_some() { "restartPolicy: Always" } else { "no restartPolicy (so Always)" };
                diags.push(
                    Diagnostic::warning(
                        codes::POD_HOOK_RESTART_ALWAYS,
                        format!("a Pod hook with {which} is Healthy, and the hook Succeeded, as soon as its container is Ready, not when its command finishes"),
                    )
                    .at(written.map(|n| n.pos).or(key_pos(m, &["spec"])).or(Some(m.pos)))
                    .reference(r)
                    .hint("set spec.restartPolicy: Never (or use a Job)"),
                );
            }
        }
        _ => {}
    }
    None
}

/// Does this manifest run in a sync, and in which phases.
fn sync_phases(m: &Manifest) -> Vec<SyncPhase> {
    if m.ann.delete_hook_only() {
        return Vec::new();
    }
    m.ann.phases()
}

fn selects(m: &Manifest, key: &str) -> bool {
    m.selector == key
}

fn lint_outcomes(manifests: &[Manifest], sc: &Scenario, lookups: &Lookups, diags: &mut Vec<Diagnostic>) {
    let mut all: Vec<(&String, &Outcome)> = sc.outcomes.iter().collect();
    for op in &sc.operations {
        all.extend(op.outcomes.iter());
    }
    // R37a: the destination namespace that CreateNamespace=true creates takes outcomes too.
    let creates_namespace = sc
        .operations
        .iter()
        .any(|op| op.ty == crate::input::scenario::OpType::Sync && SyncRequest::new(&sc.settings, op).create_namespace);
    let auto_namespace = format!("Namespace/{}", sc.settings.namespace);
    let has_postsync = manifests.iter().any(|m| sync_phases(m).contains(&SyncPhase::PostSync));
    for (key, o) in all {
        let Some(&m) = lookups.by_selector.get(key.as_str()).filter(|m| selects(m, key)) else {
            let namespace_outcome = creates_namespace && *key == auto_namespace;
            if !lookups.live_selectors.contains(key) && !namespace_outcome {
                let kind = key.split('/').next().unwrap_or("");
                let all_close = lookups.of_kind(kind);
                let mut close: Vec<String> = all_close.iter().take(5).map(|m| m.selector.clone()).collect();
                if all_close.len() > 5 {
                    close.push(format!("… ({} more)", all_close.len() - 5));
                }
                let mut d = Diagnostic::warning(
                    codes::OUTCOME_UNMATCHED,
                    format!("outcome {key} selects no manifest: it is ignored"),
                )
                .at(Some(o.pos))
                .reference(key.clone());
                d = if close.is_empty() {
                    d.hint("keys are Kind/name, or Kind/generateName for generateName hooks")
                } else {
                    d.hint(format!("manifests of that kind: {}", close.join(", ")))
                };
                diags.push(d);
            }
            continue;
        };
        let runs = matches!((m.group.as_str(), m.kind.as_str()), ("batch", "Job") | ("", "Pod"));
        if o.attempts.is_some() && !runs {
            diags.push(
                Diagnostic::warning(
                    codes::OUTCOME_IGNORED,
                    format!("attempts apply to Jobs and Pods; {key} is a {}: they are ignored", m.kind),
                )
                .at(Some(o.pos))
                .reference(key.clone())
                .hint(format!("script a {} with health (and afterSeconds), e.g. health: Degraded", m.kind)),
            );
        }
        if !o.indexes.is_empty() {
            lint_index_outcomes(m, key, o, diags);
        }
        if o.health.is_some() && runs {
            diags.push(
                Diagnostic::warning(
                    codes::OUTCOME_IGNORED,
                    format!("the health of {key} follows its attempts: the scripted health is ignored"),
                )
                .at(Some(o.pos))
                .reference(key.clone())
                .hint("use attempts instead: [fail] for a failing run, [hang] for one that never ends"),
            );
        } else if o.health.is_some() && !has_health_check(&m.group, &m.kind) && m.kind != "Workflow" {
            diags.push(
                Diagnostic::info(
                    codes::OUTCOME_IGNORED,
                    format!("Argo CD has no built-in health check for {}: the scripted health stands for a custom (Lua) health check", m.kind),
                )
                .at(Some(o.pos))
                .reference(key.clone()),
            );
        }
        // A PostSync hook waits for every Sync resource to be Healthy (R60).
        if has_postsync && !m.ann.is_hook && sync_phases(m).contains(&SyncPhase::Sync) {
            if let Some(h) = o.health {
                if h != HealthStatus::Healthy {
                    let what = if h == HealthStatus::Degraded {
                        "fails the sync before the PostSync hooks can run".to_string()
                    } else {
                        format!("stays {} and blocks the PostSync hooks until the sync is terminated", h.as_str())
                    };
                    diags.push(
                        Diagnostic::warning(codes::POSTSYNC_BLOCKED, format!("{key} {what}"))
                            .at(Some(o.pos))
                            .reference(key.clone())
                            .hint("PostSync runs only after every Sync-phase resource is Healthy (R60)"),
                    );
                }
            }
        }
    }
}

/// J23: `indexes` outcomes apply to Indexed Jobs, and only to indexes below `completions`.
fn lint_index_outcomes(m: &Manifest, key: &str, o: &Outcome, diags: &mut Vec<Diagnostic>) {
    let is_job = m.group == "batch" && m.kind == "Job";
    let indexed = is_job && m.node.path(&["spec", "completionMode"]).and_then(Node::as_str) == Some("Indexed");
    if !indexed {
        let what = if is_job {
            "a NonIndexed Job (every pod takes the next entry of attempts)".to_string()
        } else {
            format!("a {}", m.kind)
        };
        diags.push(
            Diagnostic::warning(
                codes::OUTCOME_IGNORED,
                format!("indexes apply to Indexed Jobs; {key} is {what}: they are ignored"),
            )
            .at(Some(o.indexes[0].pos))
            .reference(key.to_string())
            .hint("script the pods with attempts, or set spec.completionMode: Indexed"),
        );
        return;
    }
    let Some(completions) = m.node.path(&["spec", "completions"]).and_then(Node::as_i64) else { return };
    if completions < 0 {
        // The API server rejects the Job (a wrong-type error says so); `completions - 1` below
        // would overflow for i64::MIN.
        return;
    }
    for ia in &o.indexes {
        if let Some(&(first, _)) = ia.indexes.iter().find(|&&(_, last)| last >= completions) {
            let ix = first.max(completions);
            diags.push(
                Diagnostic::warning(
                    codes::OUTCOME_IGNORED,
                    format!(
                        "index {ix} of {key} does not exist (completions is {completions}, indexes 0 to {}): the attempts of \"{}\" are not used for it",
                        completions - 1,
                        ia.key
                    ),
                )
                .at(Some(ia.pos))
                .reference(key.to_string())
                .hint(format!("script indexes from 0 to {}", completions - 1)),
            );
        }
    }
}

#[cfg(test)]
mod commit_tests {
    use crate::common::diagnostics::codes;

    /// A8, A9: `changes`, `adds` and `removes` entries that name no manifest are said, each at
    /// its place (`changes` at its commit); a generateName hook is named by its generateName.
    #[test]
    fn commit_selectors_that_name_no_manifest_are_said() {
        let input = "apiVersion: hooksim/v1\nkind: Scenario\ncommits:\n  - {at: 1, revision: r1, changes: [Deployment/webb], adds: [Job/x-, Job/y-]}\n  - {at: 2, revision: r2, removes: [ConfigMap/old]}\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: x-\n  annotations: {argocd.argoproj.io/hook: PreSync}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n";
        let read = crate::input::manifest::read(input);
        let mut d = Vec::new();
        let sc = crate::input::scenario::parse(read.scenario.as_ref(), &mut d);
        super::lint(&read.manifests, &sc, &mut d);
        let got: Vec<(String, usize, usize)> = d
            .iter()
            .filter(|d| d.code == codes::COMMIT_UNMATCHED)
            .map(|d| (d.message.clone(), d.line.unwrap_or(0), d.column.unwrap_or(0)))
            .collect();
        assert_eq!(
            got,
            [
                ("commit r1 changes Deployment/webb, which selects no manifest: it is ignored".to_string(), 4, 5),
                ("commit r1 adds Job/y-, which selects no manifest: it is ignored".to_string(), 4, 70),
                ("commit r2 removes ConfigMap/old, which selects no manifest: it is ignored".to_string(), 5, 37),
            ]
        );
        let hint = d.iter().find(|d| d.message.contains("Deployment/webb")).and_then(|d| d.hint.clone());
        assert_eq!(hint.as_deref(), Some("manifests of that kind: Deployment/web"));
    }
}
