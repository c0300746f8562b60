//! Apply and validate (R36–R37, R44, R53): what the API server answers when Argo CD validates,
//! dry-runs and applies a task.

use super::*;

impl SyncOp {
    /// R26 (`getSyncTasks`): every task's kind is looked up through discovery and checked by the
    /// project. A kind the cluster does not know fails the task unless it is tolerated
    /// (`SkipDryRunOnMissingResource`, or a CRD for it among the manifests), which skips its dry
    /// run; the project's permission check fails it with its message. Any failure writes the
    /// task's result (`SyncFailed`, no operation state) and fails the operation: no dry run, no
    /// SyncFail hooks. Returns true when the operation failed.
    pub(super) fn validate(&mut self, world: &mut World) -> bool {
        let served = self.served.get(world).clone();
        let crd_targets: Vec<(String, String)> = world
            .manifests
            .iter()
            .enumerate()
            .filter(|(i, _)| self.req.in_source(*i))
            .map(|(_, m)| m)
            .filter(|m| {
                !m.ann.delete_hook_only() && !crate::argocd::delete_hooks::left_out_of_syncs(&m.ann, &self.caps)
            })
            .filter_map(|m| crd_group_kind(&m.group, &m.kind, &m.node))
            .collect();
        let mut raw: Vec<String> = Vec::new();
        for i in 0..self.tasks.len() {
            let t = &self.tasks[i];
            let (api_version, annotated_skip) = match t.manifest {
                Some(mi) => {
                    let m = &world.manifests[mi];
                    (m.api_version.clone(), m.ann.sync_options.skip_dry_run_on_missing_resource)
                }
                None if t.auto_namespace => ("v1".to_string(), false),
                None => {
                    let node = t.prune_uid.and_then(|u| world.cluster.get(u)).map(|l| l.node(world.manifests));
                    let api = node.and_then(|n| n.get("apiVersion")).and_then(|n| n.as_str()).unwrap_or("");
                    (api.to_string(), false)
                }
            };
            let (group, kind) = (t.key.group.clone(), t.key.kind.clone());
            let mut error: Option<String> = None;
            if kind_missing(world, &served, &group, &kind) {
                let tolerated = self.req.skip_dry_run_on_missing_resource
                    || annotated_skip
                    || crd_targets.iter().any(|(g, k)| *g == group && *k == kind);
                if tolerated {
                    self.tasks[i].skip_dry_run = true;
                } else if plan::builtin_group(&group) || served.iter().any(|(g, _)| *g == group) {
                    // The group is served, the kind is not (`apierrors.NewNotFound`).
                    let resource = if group.is_empty() { kind.clone() } else { format!("{kind}.{group}") };
                    error = Some(format!("{resource} \"\" not found"));
                } else {
                    error = Some(format!(
                        "failed to discover server resources for group version {api_version}: the server could not find the requested resource"
                    ));
                }
            }
            if error.is_none() {
                error = self.outcome(&self.tasks[i].selector).and_then(|o| o.validation_error.clone());
            }
            let Some(err) = error else { continue };
            // The controller rewrites this message in the result (`AugmentSyncMsg`); the
            // operation message (Argo CD 3.5) is made of the engine's.
            let shown = if err.contains("the server could not find the requested resource") {
                format!(
                    "The Kubernetes API could not find {group}/{kind} for requested resource {}/{}. Make sure the \"{kind}\" CRD is installed on the destination cluster.",
                    self.tasks[i].key.namespace, self.tasks[i].key.name
                )
            } else {
                err.clone()
            };
            self.set_invalid(i, &shown);
            let e = ev_task(world, EventType::ApplyFailed, &self.tasks[i])
                .message(format!("not valid: {shown}"))
                .rule("R26");
            world.emit(e);
            if !raw.contains(&err) {
                raw.push(err);
            }
        }
        if raw.is_empty() {
            return false;
        }
        let mut msg = "one or more synchronization tasks are not valid".to_string();
        if self.caps.lists_invalid_task_causes {
            // Argo CD 3.5 (f460a3ca4c) names the causes: sorted, distinct, joined by "; ".
            crate::common::sort::sort(&mut raw);
            msg = format!("{msg}: {}", raw.join("; "));
        }
        self.finish(world, Phase::Failed, msg);
        true
    }

    pub(super) fn dry_run_error(&self, world: &World, i: usize) -> Option<String> {
        let t = &self.tasks[i];
        let m = &world.manifests[t.manifest?];
        if let Some(err) = self.outcome(&t.selector).and_then(|o| o.dry_run_error.clone()) {
            return Some(err);
        }
        static_apply_error(m, t, true, world.settings.kube_minor, self.req.validate)
    }

    pub(super) fn outcome(&self, selector: &str) -> Option<&crate::input::scenario::Outcome> {
        self.outcomes.get(selector)
    }

    /// Applies one task's target. False on failure.
    pub(super) fn apply(&mut self, world: &mut World, i: usize) -> bool {
        let t = &self.tasks[i];
        if t.auto_namespace {
            return self.create_namespace(world, i);
        }
        let Some(mi) = t.manifest else { return true };
        let m = &world.manifests[mi];
        let outcome = self.outcomes.get(&t.selector).cloned();
        // A dry run that did not run (R26, R37c) leaves what it would have found to the apply.
        let skipped_dry_run =
            || if t.dry_run_skipped { outcome.as_ref().and_then(|o| o.dry_run_error.clone()) } else { None };
        let err = outcome
            .as_ref()
            .and_then(|o| o.apply_error.clone())
            .or_else(skipped_dry_run)
            .or_else(|| static_apply_error(m, t, false, world.settings.kube_minor, self.req.validate))
            // J37, J39: the namespace exists, a bare Pod's ServiceAccount exists.
            .or_else(|| {
                t.live.is_none().then(|| crate::world::prerequisites::apply_refusal(world, m, &t.key)).flatten()
            });
        let err = match err {
            None if self.tasks[i].skip_dry_run => {
                missing_kind_apply_error(world, self.served.get(world), m, &self.tasks[i].key)
            }
            err => err,
        };
        if let Some(err) = err {
            self.set_result(i, Some(ResultCode::SyncFailed), OpState::Failed, &err);
            let e = ev_task(world, EventType::ApplyFailed, &self.tasks[i]).message(err).rule("R44");
            world.emit(e);
            return false;
        }
        // R44.4: kubectl apply acts on the object that exists now. The live objects were looked
        // up at the start of the tick, so a hook with two phases whose other task created it
        // earlier in this tick (a named Sync,SyncFail hook when R50 starts SyncFail) is applied
        // over, not created a second time.
        if self.tasks[i].live.is_none() {
            self.tasks[i].live = world.cluster.lookup(&self.tasks[i].key);
        }
        if let Some(err) = self.tasks[i].live.and_then(|u| immutable_job_error(world, u, m, &self.tasks[i].key.name)) {
            self.set_result(i, Some(ResultCode::SyncFailed), OpState::Failed, &err);
            let e = ev_task(world, EventType::ApplyFailed, &self.tasks[i]).message(err).rule("R53");
            world.emit(e);
            return false;
        }
        let t = &self.tasks[i];
        let verb;
        match t.live {
            Some(u) => {
                let same = world.cluster.get(u).is_some_and(|l| unmodified(l.node(world.manifests), &m.node));
                verb = if same && !t.is_hook { "unchanged" } else { "configured" };
                let before = world.cluster.get(u).and_then(|l| l.own_health(world.now)).map(|h| h.status);
                // An unchanged apply over what this simulation applied before changes nothing in
                // the cluster (no new rollout): a scripted health goes on from the earlier apply.
                // A `live:` object applied unchanged takes its outcome from now.
                let applied_here =
                    world.cluster.get(u).is_some_and(|l| matches!(l.node, crate::world::cluster::NodeRef::Manifest(_)));
                let restart = if verb == "unchanged" && applied_here { None } else { outcome.as_ref() };
                world.reapply(u, mi, restart, t.is_hook && self.caps.hook_finalizer);
                // An outcome restarts the object's health: a new health from the first second
                // (a `healthOverTime` that starts Healthy) is a health change, as at a creation.
                let after = world.cluster.get(u).and_then(|l| l.own_health(world.now)).map(|h| h.status);
                if after != before {
                    world.initial_health_event(u);
                }
                if m.group == "apiextensions.k8s.io" && m.kind == "CustomResourceDefinition" {
                    // The CRD's spec may have changed the kind it defines.
                    self.served.at = None;
                }
            }
            None => {
                verb = "created";
                let mut key = t.key.clone();
                if plan::cluster_scoped(&key.kind) {
                    key.namespace.clear();
                }
                // R23: the hook finalizer (Argo CD 3.0 and later, J35).
                let uid = world.create(mi, key, outcome.as_ref(), t.is_hook && self.caps.hook_finalizer);
                world.initial_health_event(uid);
                self.tasks[i].live = Some(uid);
            }
        }
        let msg = format!("{}/{} {verb}", m.kubectl_type(), self.tasks[i].key.name);
        self.set_result(i, Some(ResultCode::Synced), OpState::Running, &msg);
        let e = ev_task(world, EventType::Applied, &self.tasks[i]).message(msg).rule("R44");
        world.emit(e);
        true
    }

    /// R37a: applies CreateNamespace's namespace (kubectl's output "namespace/<name> created"),
    /// or fails with the scripted `applyError` of `Namespace/<name>`.
    pub(super) fn create_namespace(&mut self, world: &mut World, i: usize) -> bool {
        let name = self.tasks[i].key.name.clone();
        if let Some(err) = self.outcomes.get(&self.tasks[i].selector).and_then(|o| o.apply_error.clone()) {
            self.set_result(i, Some(ResultCode::SyncFailed), OpState::Failed, &err);
            let e = ev_task(world, EventType::ApplyFailed, &self.tasks[i]).message(err).rule("R37");
            world.emit(e);
            return false;
        }
        let uid = world.create_namespace(&name);
        self.tasks[i].live = Some(uid);
        let msg = format!("namespace/{name} created");
        self.set_result(i, Some(ResultCode::Synced), OpState::Running, &msg);
        let e = ev_task(world, EventType::Applied, &self.tasks[i]).message(msg).rule("R37");
        world.emit(e);
        true
    }
}

/// R26: the (group, kind) pairs the cluster serves besides the built-in ones, kept up to date
/// without a scan of the cluster per apply (which made many applies quadratic): objects that
/// came since are added; a removal, or a CustomResourceDefinition applied over, rebuilds it.
#[derive(Default)]
pub(super) struct ServedKinds {
    /// The cluster generation and next uid it was computed at; None: never, or stale.
    pub(super) at: Option<(u64, Uid)>,
    kinds: std::collections::HashSet<(String, String)>,
}

impl ServedKinds {
    pub(super) fn get(&mut self, world: &World) -> &std::collections::HashSet<(String, String)> {
        if world.settings.missing_kinds.is_empty() {
            // Every kind is known: nothing to look up.
            self.at = None;
            self.kinds.clear();
            return &self.kinds;
        }
        let now = (world.cluster.generation(), world.cluster.next_uid());
        match self.at {
            Some(at) if at == now => {}
            // Each insert adds one to the generation and to the next uid, each removal to the
            // generation only: equal steps mean objects only came.
            Some((generation, from)) if now.1.checked_sub(from).map(|n| n as u64) == now.0.checked_sub(generation) => {
                add_served(world, world.cluster.iter_from(from), &mut self.kinds);
            }
            _ => {
                self.kinds.clear();
                add_served(world, world.cluster.iter(), &mut self.kinds);
            }
        }
        self.at = Some(now);
        &self.kinds
    }
}

/// Apply errors the API server would give whatever the scenario says. `validate` is false with
/// the Application's `Validate=false` (R17).
pub(super) fn static_apply_error(
    m: &Manifest,
    t: &Task,
    dry_run: bool,
    kube_minor: u32,
    validate: bool,
) -> Option<String> {
    if m.ann.raw.is_empty() && annotations_unreadable(m) {
        return Some(format!(
            "error validating \"{}\": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.annotations of type string",
            m.selector
        ));
    }
    if t.key.name.is_empty() {
        // R22: only hooks get a name from generateName.
        return Some("resource name may not be empty".into());
    }
    if !dry_run && validate {
        // Strict field validation happens on the server, so only the real apply fails.
        if let Some(err) = spec::strict_decoding_error(m, kube_minor) {
            return Some(err);
        }
    }
    if !dry_run && m.group == "batch" && m.kind == "Job" {
        // J2, J23–J26: checked by the API server, so only the real apply fails (the dry run is
        // client-side).
        let rejections = job_validation::rejections(m, kube_minor);
        return job_validation::invalid_message(&t.key.name, &rejections);
    }
    None
}

/// R26: adds the (group, kind) pairs these objects make the cluster serve: their own, and the
/// one a CRD among them defines.
pub(super) fn add_served<'w>(
    world: &World,
    objects: impl Iterator<Item = &'w crate::world::cluster::Live>,
    out: &mut std::collections::HashSet<(String, String)>,
) {
    for l in objects {
        out.insert((l.key.group.clone(), l.key.kind.clone()));
        if let Some(gk) = crd_group_kind(&l.key.group, &l.key.kind, l.node(world.manifests)) {
            out.insert(gk);
        }
    }
}

/// The `spec.group` and `spec.names.kind` a CustomResourceDefinition defines.
pub(super) fn crd_group_kind(group: &str, kind: &str, node: &crate::input::yaml::Node) -> Option<(String, String)> {
    if !(group == "apiextensions.k8s.io" && kind == "CustomResourceDefinition") {
        return None;
    }
    let g = node.path(&["spec", "group"]).and_then(|n| n.as_str())?;
    let k = node.path(&["spec", "names", "kind"]).and_then(|n| n.as_str())?;
    Some((g.to_string(), k.to_string()))
}

/// R26: the scenario says the API server does not know this kind (`settings.missingKinds`), and
/// no CRD in the cluster defines it (nor does any object of it exist).
pub(super) fn kind_missing(
    world: &World,
    served: &std::collections::HashSet<(String, String)>,
    group: &str,
    kind: &str,
) -> bool {
    let listed = world.settings.missing_kinds.iter().any(|m| match m.as_str() {
        "*" => !plan::builtin_kind(group, kind),
        m => match m.rsplit_once('/') {
            Some((g, k)) => g == group && k == kind,
            None => m == kind,
        },
    });
    listed && !served.contains(&(group.to_string(), kind.to_string()))
}

/// R26: the real apply of a task whose dry run was skipped for a missing kind, when its CRD still
/// does not exist: kubectl cannot map the kind (cli-runtime's message; the manifest file Argo CD
/// writes has a temporary name).
pub(super) fn missing_kind_apply_error(
    world: &World,
    served: &std::collections::HashSet<(String, String)>,
    m: &Manifest,
    key: &Key,
) -> Option<String> {
    if !kind_missing(world, served, &m.group, &m.kind) {
        return None;
    }
    Some(format!(
        "resource mapping not found for name: \"{}\" namespace: \"{}\" from \"/dev/shm/<temporary file>\": no matches for kind \"{}\" in version \"{}\"\nensure CRDs are installed first",
        key.name, key.namespace, m.kind, m.api_version
    ))
}

/// R37b: the live object is what the manifest says (Argo CD's diff finds no modification).
/// `status` and `metadata.namespace` are not compared: the API server writes the one, Argo CD
/// fills in the other (R24). Everything else must be equal, so that an object counts as in sync
/// only when it surely is.
pub fn unmodified(live: &crate::input::yaml::Node, target: &crate::input::yaml::Node) -> bool {
    use crate::input::yaml::{Node, Value};
    /// A mapping's entries by key, but the skipped ones (the last of duplicated keys wins).
    pub(super) fn entries<'n>(n: Option<&'n Node>, skip: &[&str]) -> Option<HashMap<String, &'n Node>> {
        match n.map(|n| &n.value) {
            Some(Value::Map(e)) => e
                .iter()
                .filter(|(k, _)| !k.as_str().is_some_and(|k| skip.contains(&k)))
                .map(|(k, v)| k.scalar_text().map(|k| (k, v)))
                .collect(),
            Some(Value::Null) | None => Some(HashMap::new()),
            Some(_) => None,
        }
    }
    let same = |a: Option<HashMap<String, &Node>>, b: Option<HashMap<String, &Node>>| match (a, b) {
        (Some(a), Some(b)) => a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|v2| v.same_as(v2))),
        _ => false,
    };
    same(entries(Some(live), &["status", "metadata"]), entries(Some(target), &["status", "metadata"]))
        && same(entries(live.get("metadata"), &["namespace"]), entries(target.get("metadata"), &["namespace"]))
}

/// R53 (user story #7430): a Job's `spec.template` is immutable. Applying a changed template over
/// a Job that still exists (a named hook without BeforeHookCreation, or a plain Job) is rejected
/// by the API server.
pub(super) fn immutable_job_error(world: &World, uid: Uid, m: &Manifest, name: &str) -> Option<String> {
    if !(m.group == "batch" && m.kind == "Job") {
        return None;
    }
    let live = world.cluster.get(uid)?;
    let old = live.node(world.manifests).path(&["spec", "template"]);
    let new = m.node.path(&["spec", "template"]);
    let same = match (old, new) {
        (Some(a), Some(b)) => a.same_as(b),
        (None, None) => true,
        _ => false,
    };
    if same {
        return None;
    }
    Some(format!("Job.batch \"{name}\" is invalid: spec.template: Invalid value: core.PodTemplateSpec{{...}}: field is immutable"))
}

/// An annotation value the API server cannot decode as a string (a null is decoded as "").
pub(super) fn annotations_unreadable(m: &Manifest) -> bool {
    m.node
        .path(&["metadata", "annotations"])
        .and_then(|a| a.as_map())
        .is_some_and(|entries| entries.iter().any(|(_, v)| v.as_str().is_none() && !v.is_null()))
}
