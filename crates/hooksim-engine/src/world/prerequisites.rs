//! What a pod needs before it can start (k8s-job.md J36–J39): the Secrets and ConfigMaps its
//! containers and volumes name, its ServiceAccount, its PersistentVolumeClaims, and the namespace
//! every object is applied into.
//!
//! Each is checked against the simulated cluster (the Application's live objects, the manifests
//! applied so far, and the scenario's `existing:` objects) at the moment the pod would start:
//! - J36: a Secret or ConfigMap named by `env[].valueFrom`, `envFrom[]` (kubelet: the container
//!   cannot be created, `CreateContainerConfigError`, `secret "x" not found`), or by a `secret`,
//!   `configMap` or `projected` volume (kubelet: `FailedMount`), unless `optional: true`. The pod
//!   stays Pending and starts at kubelet's first retry after the object appears.
//! - J37: a `serviceAccountName` that does not exist: the ServiceAccount admission plugin refuses
//!   the pod. A Job gets no pod (the Job controller records FailedCreate and retries with its own
//!   backoff); a bare Pod hook's apply fails.
//! - J38: a PersistentVolumeClaim that does not exist: the pod is Pending, Unschedulable, until the
//!   claim appears.
//! - J39: the namespace of a namespaced object must exist when it is applied, else the apply fails
//!   with `namespaces "x" not found` ([`apply_refusal`]).
//!
//! Part of the world: the waiting pods are the world's state (`World::waiting`), their retries
//! its queue's (`Action::PodRetry`). What a pod spec names is `k8s::pod_refs`'s.
//!
//! A waiting Job is a state of its controller, stepped live in the world's queue: from its
//! creation the controller runs with pods whose containers never start (at the Admission stage,
//! pods the API server refused: never shown, and nothing after the Job's deadline), and when the
//! wait ends it starts again from what it recorded (`JobController::restart`), with the deadline
//! left. The world does not report the waits its pods' own events would show (`JobRun::hides`):
//! this module reports them. A bare Pod has no controller: its kubelet timeline is computed
//! ahead, and spliced when the wait ends.

use crate::common::diagnostics::{codes, Diagnostic};
use crate::input::manifest::Manifest;
use crate::input::scenario::Outcome;
use crate::input::yaml::Node;
use crate::k8s::job::Script;
use crate::k8s::job::{Attempt, ConditionType, JobEvent, JobEventKind, JobSpec, JobTimeline};
use crate::k8s::object::Key;
use crate::k8s::pod_refs::{pod_refs, pod_spec, Blocker, PodRef, RefKind, Stage};
use crate::report::{EventType, Time};
use crate::world::cluster::{Behaviour, Uid};
use crate::world::World;

use std::rc::Rc;

use crate::input::existing::EXISTING_SHORT;
pub use crate::input::existing::{read_existing, read_namespaces};

/// The namespaces every cluster has.
const BUILT_IN_NAMESPACES: &[&str] = &["default", "kube-system", "kube-public", "kube-node-lease"];

fn ref_key(kind: RefKind, ns: &str, name: &str) -> Key {
    Key { group: String::new(), kind: kind.kind().to_string(), namespace: ns.to_string(), name: name.to_string() }
}

/// The keys a Secret or ConfigMap holds, when its manifest says (`data`, `stringData`,
/// `binaryData`). None: not known (an `existing:` entry written as `Kind/name`).
fn data_keys(node: &Node) -> Option<Vec<&str>> {
    if node.get("data").is_none() && node.get("stringData").is_none() && node.get("binaryData").is_none() {
        // A manifest written in full without data holds no key; a short `existing:` entry is
        // marked by hooksim as unknown (see `read_existing`).
        if node.path(&["metadata", "annotations", EXISTING_SHORT]).is_some() {
            return None;
        }
    }
    let mut keys = Vec::new();
    for field in ["data", "stringData", "binaryData"] {
        if let Some(entries) = node.get(field).and_then(Node::as_map) {
            keys.extend(entries.iter().filter_map(|(k, _)| k.as_str()));
        }
    }
    Some(keys)
}

/// The first reference that stops the pod (J36–J38), checked against the cluster now. `admission`:
/// check the ServiceAccount (a bare Pod's is checked at its apply instead, [`apply_refusal`]).
pub fn first_missing(world: &World, ns: &str, refs: &[PodRef], admission: bool) -> Option<Blocker> {
    for r in refs {
        if r.stage == Stage::Admission && !admission {
            continue;
        }
        let found = world.cluster.lookup(&ref_key(r.kind, ns, &r.name)).and_then(|u| world.cluster.get(u));
        let message = match found {
            None => r.missing_message(ns),
            Some(live) => {
                // J36: a key the Secret or ConfigMap does not hold.
                let Some(key) = &r.key else { continue };
                let node = live.node(world.manifests);
                match data_keys(node) {
                    Some(keys) if !keys.contains(&key.as_str()) => r.missing_key_message(ns, key),
                    _ => continue,
                }
            }
        };
        return Some(Blocker { stage: r.stage, kind: r.kind, name: r.name.clone(), message });
    }
    None
}

/// How to compute the pod timeline again once the pod can start.
#[derive(Debug, Clone)]
enum Restart {
    Job { spec: Rc<JobSpec>, script: Rc<Script> },
    Pod { mi: usize, outcome: Option<Box<Outcome>> },
}

/// A Job or bare Pod whose pods wait for something (J36–J38).
#[derive(Debug, Clone)]
pub struct Waiting {
    pub uid: Uid,
    pub blocker: Blocker,
    /// When the current stage first failed (the retry schedules count from it).
    since: Time,
    refs: Vec<PodRef>,
    restart: Restart,
    /// The pods that exist and wait (attempt, name); none at the Admission stage.
    pods: Vec<(u32, String)>,
    /// The Pending events are not reported yet (they come after the apply's event).
    reported: bool,
    retry_at: Option<Time>,
    is_job: bool,
}

/// Called when a Job or Pod was just created, before its timeline is scheduled: when something it
/// needs is missing, its timeline becomes the waiting one.
pub(crate) fn on_create(world: &mut World, uid: Uid, mi: usize, outcome: Option<&Outcome>) {
    let manifests = world.manifests;
    let m = &manifests[mi];
    let Some(spec_node) = pod_spec(m) else { return };
    let refs = pod_refs(spec_node);
    if refs.is_empty() {
        return;
    }
    let Some(live) = world.cluster.get(uid) else { return };
    // Only a timeline that starts a pod at once waits (not a suspended Job, nor one the API
    // server refused, J2).
    let (starts_at_once, job_spec) = match &live.behaviour {
        Behaviour::Timeline(tl) => (starts_a_pod(tl), None),
        // What its controller does at once, run ahead by another.
        Behaviour::Job(run) => (starts_a_pod(&run.ctl.peek(0, super::MAX_EVENTS)), Some(run.ctl.spec())),
        _ => (false, None),
    };
    if !starts_at_once {
        return;
    }
    let key = live.key.clone();
    let is_job = job_spec.is_some();
    let Some(blocker) = first_missing(world, &key.namespace, &refs, is_job) else { return };
    let restart = match job_spec {
        Some(spec) => Restart::Job { spec, script: Rc::new(outcome.map(Outcome::script).unwrap_or_default()) },
        None => Restart::Pod { mi, outcome: outcome.cloned().map(Box::new) },
    };
    let mut w = Waiting {
        uid,
        blocker,
        since: world.now,
        refs,
        restart,
        pods: Vec::new(),
        reported: false,
        retry_at: None,
        is_job,
    };
    if let Restart::Job { spec, .. } = &w.restart {
        // The controller's pods cannot start (or, J37, cannot be created): they wait. Their waits
        // are reported here, not by the controller's own events.
        let admission = w.blocker.stage == Stage::Admission;
        let spec = Rc::clone(spec);
        let Some(Behaviour::Job(run)) = world.cluster.get_mut(uid).map(|l| &mut l.behaviour) else { return };
        run.ctl.restart(spec, hang(), 0, admission, super::MAX_EVENTS);
        // As the controller's own timeline when it was computed ahead: no attempt sources.
        run.ctl.timeline_mut().sources = Default::default();
        run.hide_pending = true;
        run.hide_pods = admission;
        if !admission {
            w.pods = created_at(&run.ctl.peek(0, super::MAX_EVENTS), 0, 0);
        }
    } else {
        let tl = waiting_timeline(world, &mut w, &key);
        if let Some(live) = world.cluster.get_mut(uid) {
            live.behaviour = Behaviour::Timeline(tl);
        }
    }
    world.waiting.push(w);
}

/// The pods created at `t`, from event `from` on: (attempt, name).
fn created_at(tl: &JobTimeline, from: usize, t: Time) -> Vec<(u32, String)> {
    tl.events
        .iter()
        .skip(from)
        .filter_map(|e| match &e.kind {
            JobEventKind::PodCreated { attempt, pod, .. } if e.t == t => Some((*attempt, pod.clone())),
            _ => None,
        })
        .collect()
}

/// What a pod that cannot start does: its container never starts, as an image never pulled.
fn hang() -> Rc<Script> {
    Rc::new(Script::new(vec![Attempt::ImagePullBackOff]))
}

fn starts_a_pod(tl: &JobTimeline) -> bool {
    matches!(tl.events.first(), Some(JobEvent { t: 0, kind: JobEventKind::PodCreated { .. }, .. }))
}

/// Called after a new object's timeline is scheduled: reports the waits of the object itself (after
/// its apply), and lets the pods that wait for this object retry.
pub(crate) fn after_create(world: &mut World, uid: Uid) {
    if world.waiting.is_empty() {
        return;
    }
    let now = world.now;
    if let Some(w) = world.waiting.iter_mut().find(|w| w.uid == uid && !w.reported) {
        w.retry_at = Some(now);
        world.schedule_pod_retry(now, uid);
    }
    appeared(world);
}

/// An object appeared in the cluster other than by [`World::create`] (a scenario change).
pub(crate) fn object_appeared(world: &mut World) {
    if !world.waiting.is_empty() {
        appeared(world);
    }
}

/// Something appeared in the cluster: each waiting pod whose blocker may be gone retries at its
/// next retry.
fn appeared(world: &mut World) {
    let now = world.now;
    let mut due = Vec::new();
    for w in world.waiting.iter().filter(|w| w.reported && w.retry_at.is_none()) {
        let ns = world.cluster.get(w.uid).map(|l| l.key.namespace.as_str()).unwrap_or("");
        if first_missing(world, ns, &w.refs, w.is_job).as_ref() != Some(&w.blocker) {
            due.push((w.uid, w.blocker.stage.next_retry(w.since, now)));
        }
    }
    for (uid, at) in due {
        if let Some(w) = world.waiting.iter_mut().find(|w| w.uid == uid) {
            w.retry_at = Some(at);
        }
        world.schedule_pod_retry(at, uid);
    }
}

/// The timeline of a bare Pod that waits from now: kubelet's own timeline of the pod with its
/// container never started (an image never pulled), those image-pull waits taken out (the waits
/// are reported by [`retry`]). A Job's controller waits live instead (`on_create`).
fn waiting_timeline(world: &mut World, w: &mut Waiting, key: &Key) -> JobTimeline {
    let Restart::Pod { mi, .. } = &w.restart else { return JobTimeline::default() };
    let mut tl = world.pod_timeline(*mi, key, &[Attempt::ImagePullBackOff]);
    // A bare Pod's ServiceAccount is checked at its apply: it never waits at the Admission stage.
    let admission = w.blocker.stage == Stage::Admission;
    tl.events.retain(|e| match &e.kind {
        JobEventKind::PodPending { .. } => false,
        JobEventKind::Condition { .. } | JobEventKind::BackoffWait { .. } => true,
        _ => !admission,
    });
    w.pods = if admission {
        Vec::new()
    } else {
        tl.events
            .iter()
            .filter_map(|e| match &e.kind {
                JobEventKind::PodCreated { attempt, pod, .. } if e.t == 0 => Some((*attempt, pod.clone())),
                _ => None,
            })
            .collect()
    };
    // Argo CD's health of a waiting bare Pod (health_pod.go): with restartPolicy Always a
    // container waiting with a reason ending in "Error" is Degraded with kubelet's message;
    // otherwise Pending is Progressing.
    let degraded = !w.is_job && w.blocker.stage == Stage::ContainerConfig;
    for (_, h) in tl.health.iter_mut() {
        if h.message == crate::k8s::pod::MSG_BACK_OFF_PULLING {
            if degraded {
                h.message = w.blocker.message.clone();
            } else {
                *h = crate::common::health::Health::new(crate::common::health::HealthStatus::Progressing, "");
            }
        }
    }
    tl
}

/// J36–J38: a waiting pod's retry (or the first report of its wait).
pub(crate) fn retry(world: &mut World, uid: Uid) {
    let Some(i) = world.waiting.iter().position(|w| w.uid == uid) else { return };
    let now = world.now;
    if world.waiting[i].retry_at != Some(now) {
        return; // a later retry replaced this one
    }
    world.waiting[i].retry_at = None;
    let gone = world.cluster.get(uid).is_none_or(|l| l.deletion.is_some() || l.finished_at.is_some());
    if gone {
        world.waiting.remove(i);
        return;
    }
    if !world.waiting[i].reported {
        world.waiting[i].reported = true;
        report_wait(world, i);
        appeared(world);
        return;
    }
    let Some(key) = world.cluster.get(uid).map(|l| l.key.clone()) else { return };
    let w = &world.waiting[i];
    match first_missing(world, &key.namespace, &w.refs, w.is_job) {
        None => start(world, i, &key),
        Some(b) if b == w.blocker => {}
        Some(b) => {
            let w = &mut world.waiting[i];
            if b.stage != w.blocker.stage {
                w.since = now;
            }
            let pods_exist = w.blocker.stage != Stage::Admission;
            let to_pods = b.stage != Stage::Admission;
            w.blocker = b;
            if !pods_exist && to_pods {
                // The pods can be created now, and wait at their next stage.
                start(world, i, &key);
            } else {
                report_wait(world, i);
            }
        }
    }
}

/// Reports the wait of entry `i`: the Job controller's FailedCreate, or each pod's Pending.
fn report_wait(world: &mut World, i: usize) {
    let w = &world.waiting[i];
    let Some(live) = world.cluster.get(w.uid) else { return };
    let b = &w.blocker;
    let rule = b.stage.rule();
    let mut events = Vec::new();
    if b.stage == Stage::Admission {
        let prefix = format!("{}-", live.key.name);
        let msg = format!(
            "Error creating: pods \"{prefix}\" is forbidden: {} (the Job controller retries after 1 s, doubling up to 60 s)",
            b.message
        );
        events.push(world.object_event(EventType::PodPending, live).reason(b.stage.reason()).message(msg).rule(rule));
    } else {
        let retry = match b.stage {
            Stage::Scheduling => "the scheduler tries again when the claim appears",
            Stage::Mount => "kubelet retries the mount after 0.5 s, doubling up to 2 min 2 s",
            _ => "kubelet retries every 10 s",
        };
        for (attempt, pod) in &w.pods {
            let msg = format!("pod {pod} cannot start: {}: {} ({retry})", b.stage.reason(), b.message);
            events.push(
                world
                    .object_event(EventType::PodPending, live)
                    .attempt(*attempt)
                    .reason(b.stage.reason())
                    .message(msg)
                    .rule(rule),
            );
        }
    }
    for e in events {
        world.emit(e);
    }
    world.dirty = true;
}

/// The wait of entry `i` is over: its pods start now (or, at the Admission stage, are created
/// now), and its timeline goes on from here. A bare Pod's precomputed timeline is spliced: what
/// it showed up to now, then kubelet's timeline of the pod from now.
fn start(world: &mut World, i: usize, key: &Key) {
    if world.waiting[i].is_job {
        start_job(world, i, key);
        return;
    }
    let now = world.now;
    let mut w = world.waiting.remove(i);
    let Some(live) = world.cluster.get(w.uid) else { return };
    let d = now - live.created_at;
    let Behaviour::Timeline(old) = &live.behaviour else { return };
    // The Job failed by its deadline before (J17): nothing starts.
    let failed = old.events.iter().any(|e| {
        e.t <= d
            && matches!(e.kind, JobEventKind::Condition { ty: ConditionType::Failed | ConditionType::Complete, .. })
    });
    if failed {
        return;
    }
    let old = old.clone();
    let was_admission = w.pods.is_empty();
    let next = first_missing(world, &key.namespace, &w.refs, w.is_job);
    // The timeline from now on, relative to now.
    let mut fresh = match &w.restart {
        Restart::Job { .. } => return,
        Restart::Pod { mi, outcome } => {
            let attempts = outcome.as_ref().and_then(|o| o.attempts.clone()).unwrap_or_default();
            world.pod_timeline(*mi, key, &attempts)
        }
    };
    let mut started = Vec::new();
    if !was_admission {
        // The pods exist: they start their containers now instead of being created.
        fresh.events.retain(|e| match &e.kind {
            JobEventKind::PodCreated { attempt, pod, .. } if e.t == 0 => {
                started.push((*attempt, pod.clone()));
                false
            }
            _ => true,
        });
    }
    if next.is_some() {
        fresh.events.retain(|e| !matches!(e.kind, JobEventKind::PodPending { .. }));
    }
    let mut tl = JobTimeline {
        events: Vec::new(),
        health: Vec::new(),
        truncated: old.truncated || fresh.truncated,
        sources: old.sources.clone(),
    };
    tl.events.extend(old.events.iter().filter(|e| e.t <= d).cloned());
    let from_event = tl.events.len();
    tl.events.extend(fresh.events.into_iter().map(|mut e| {
        e.t = e.t.saturating_add(d);
        e
    }));
    tl.health.extend(old.health.iter().filter(|(t, _)| *t <= d).cloned());
    let from_health = tl.health.len();
    for (t, h) in fresh.health {
        if tl.health.last().is_some_and(|(_, last)| *last == h) {
            continue;
        }
        tl.health.push((t.saturating_add(d), h));
    }
    report_started(world, &w, &started);
    world.replace_timeline(w.uid, tl, from_event, from_health);
    if let Some(b) = next {
        // Admission passed, the pods wait at their next stage.
        w.since = now;
        w.blocker = b;
        w.reported = true;
        w.pods = Vec::new();
        if let Some(Behaviour::Timeline(tl)) = world.cluster.get(w.uid).map(|l| &l.behaviour) {
            w.pods = tl
                .events
                .iter()
                .skip(from_event)
                .filter_map(|e| match &e.kind {
                    JobEventKind::PodCreated { attempt, pod, .. } if e.t == d => Some((*attempt, pod.clone())),
                    _ => None,
                })
                .collect();
        }
        world.waiting.push(w);
        let i = world.waiting.len() - 1;
        report_wait(world, i);
    }
}

/// Reports that the pods of entry `w` that waited start now (`started`: attempt, name).
fn report_started(world: &mut World, w: &Waiting, started: &[(u32, String)]) {
    let what = w.blocker.object();
    let why = match w.blocker.stage {
        Stage::Admission => format!("{what} exists now: the Job controller's retry creates the pods"),
        Stage::Scheduling => format!("{what} exists now: the pod is scheduled"),
        _ => format!("{what} exists now: kubelet's retry creates the container"),
    };
    let rule = w.blocker.stage.rule();
    if let Some(live) = world.cluster.get(w.uid) {
        let events: Vec<_> = started
            .iter()
            .map(|(attempt, pod)| {
                world
                    .object_event(EventType::PodStarted, live)
                    .attempt(*attempt)
                    .message(format!("pod {pod} starts: {why}"))
                    .rule(rule)
            })
            .collect();
        for e in events {
            world.emit(e);
        }
    }
}

/// [`start`] for a Job: its controller starts again now, from what it recorded so far (the
/// pods that waited start their containers; at the Admission stage, the pods are created now).
fn start_job(world: &mut World, i: usize, key: &Key) {
    let now = world.now;
    let mut w = world.waiting.remove(i);
    let Restart::Job { spec, script } = &w.restart else { return };
    let Some(live) = world.cluster.get(w.uid) else { return };
    let d = now - live.created_at;
    let Behaviour::Job(run) = &live.behaviour else { return };
    // The Job failed by its deadline before (J17): nothing starts.
    let finished = run.ctl.timeline().events.iter().any(|e| {
        e.t <= d
            && matches!(e.kind, JobEventKind::Condition { ty: ConditionType::Failed | ConditionType::Complete, .. })
    });
    if finished {
        return;
    }
    let was_admission = w.pods.is_empty();
    let next = first_missing(world, &key.namespace, &w.refs, w.is_job);
    let spec = Rc::clone(spec);
    let script = if next.is_some() { hang() } else { Rc::clone(script) };
    let first = world.restart_job(w.uid, spec, script, next.is_some(), !was_admission);
    // The pods exist: they start their containers now instead of being created.
    let started = if was_admission { Vec::new() } else { created_at(&first, 0, d) };
    report_started(world, &w, &started);
    if let Some(b) = next {
        // Admission passed, the pods wait at their next stage.
        w.since = now;
        w.blocker = b;
        w.reported = true;
        w.pods = created_at(&first, 0, d);
        world.waiting.push(w);
        let i = world.waiting.len() - 1;
        report_wait(world, i);
    }
}

/// J37, J39: why the API server refuses to create this object now, if it does: its namespace
/// does not exist (or is being deleted), or a bare Pod names a ServiceAccount that does not exist.
pub fn apply_refusal(world: &World, m: &Manifest, key: &Key) -> Option<String> {
    if !key.namespace.is_empty() && !crate::k8s::object::cluster_scoped(&key.kind) {
        let ns = key.namespace.as_str();
        let live_ns = Key { group: String::new(), kind: "Namespace".into(), namespace: String::new(), name: ns.into() };
        match world.cluster.lookup(&live_ns).and_then(|u| world.cluster.get(u)) {
            Some(l) if l.deletion.is_some() => {
                let group = if key.group.is_empty() { String::new() } else { format!(".{}", key.group) };
                return Some(format!(
                    "{}s{group} \"{}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                    key.kind.to_ascii_lowercase(),
                    key.name
                ));
            }
            Some(_) => {}
            None if namespace_listed(world, ns) => {}
            None => return Some(format!("namespaces \"{ns}\" not found")),
        }
    }
    if m.group.is_empty() && m.kind == "Pod" {
        let refs = pod_spec(m).map(pod_refs).unwrap_or_default();
        let sa: Vec<PodRef> = refs.into_iter().filter(|r| r.stage == Stage::Admission).collect();
        if let Some(b) = first_missing(world, &key.namespace, &sa, true) {
            return Some(format!("pods \"{}\" is forbidden: {}", key.name, b.message));
        }
    }
    None
}

/// J39: whether the namespace exists without a Namespace object in the simulated cluster: the
/// destination, a built-in one, one `settings.namespaces` lists, or any when the scenario lists
/// none.
fn namespace_listed(world: &World, ns: &str) -> bool {
    // The destination is taken to exist, as users expect (issue 10).
    if BUILT_IN_NAMESPACES.contains(&ns) || ns == world.settings.namespace {
        return true;
    }
    match &world.settings.namespaces {
        None => true,
        Some(list) => list.iter().any(|n| n == ns),
    }
}

/// Where an object is applied in a sync: its first phase and its wave (R1, R15).
fn position(m: &Manifest) -> Option<(crate::input::annotations::SyncPhase, i64)> {
    m.ann.phases().first().map(|p| (*p, m.ann.wave))
}

fn phase_wave(p: (crate::input::annotations::SyncPhase, i64)) -> String {
    format!("{} wave {}", p.0.as_str(), p.1)
}

/// The diagnostics of J36–J39: a Job or Pod that needs an object the sync applies later or never
/// (`pod-needs-missing`), an object applied into a namespace nothing provides (`namespace-missing`).
pub fn lint(manifests: &[Manifest], sc: &crate::input::scenario::Scenario, diags: &mut Vec<Diagnostic>) {
    use std::collections::HashMap;
    let dest = sc.settings.namespace.as_str();
    let ns_of = |m: &Manifest| m.namespace.clone().unwrap_or_else(|| dest.to_string());
    // (kind, namespace, name) of what the manifests, live and existing objects provide.
    let mut by_manifest: HashMap<(String, String, String), &Manifest> = HashMap::new();
    for m in manifests {
        let ns = if crate::k8s::object::cluster_scoped(&m.kind) { String::new() } else { ns_of(m) };
        by_manifest.entry((m.kind.clone(), ns, m.name.clone())).or_insert(m);
    }
    let mut in_cluster: std::collections::HashSet<(String, String, String)> = std::collections::HashSet::new();
    for n in sc.live.iter().chain(&sc.existing) {
        let kind = n.get("kind").and_then(Node::as_str).unwrap_or("").to_string();
        let name = n.path(&["metadata", "name"]).and_then(Node::as_str).unwrap_or("").to_string();
        let ns = if crate::k8s::object::cluster_scoped(&kind) {
            String::new()
        } else {
            n.path(&["metadata", "namespace"]).and_then(Node::as_str).unwrap_or(dest).to_string()
        };
        in_cluster.insert((kind, ns, name));
    }
    // What someone else applies later (`changes:`), and when.
    let mut by_change: HashMap<(String, String, String), Time> = HashMap::new();
    for c in &sc.changes {
        if let crate::input::changes::ChangeKind::Apply(n) = &c.kind {
            let kind = n.get("kind").and_then(Node::as_str).unwrap_or("").to_string();
            let name = n.path(&["metadata", "name"]).and_then(Node::as_str).unwrap_or("").to_string();
            let ns = n.path(&["metadata", "namespace"]).and_then(Node::as_str).unwrap_or(dest).to_string();
            by_change.entry((kind, ns, name)).or_insert(c.at);
        }
    }
    for m in manifests {
        let Some(spec) = pod_spec(m) else { continue };
        let Some(pos) = position(m) else { continue };
        let ns = ns_of(m);
        let who = if m.ann.is_hook { format!("{} {}", pos.0.as_str(), m.selector) } else { m.selector.clone() };
        let mut seen = std::collections::HashSet::new();
        for r in pod_refs(spec) {
            if !seen.insert((r.kind, r.name.clone())) {
                continue;
            }
            let k = (r.kind.kind().to_string(), ns.clone(), r.name.clone());
            if in_cluster.contains(&k) {
                continue;
            }
            let what = format!("{}/{}", r.kind.kind(), r.name);
            let effect = match (r.stage, m.kind.as_str()) {
                (Stage::Admission, "Pod") => "the API server refuses the Pod and its apply fails".to_string(),
                (Stage::Admission, _) => {
                    "the Job controller cannot create its pod (FailedCreate) and the Job waits".to_string()
                }
                (Stage::Scheduling, _) => "its pod stays Pending (Unschedulable)".to_string(),
                (Stage::Mount, _) => "its pod stays Pending (FailedMount)".to_string(),
                (Stage::ContainerConfig, "Pod")
                    if spec.get("restartPolicy").and_then(Node::as_str).is_none_or(|p| p == "Always") =>
                {
                    "its container waits in CreateContainerConfigError and Argo CD sees the Pod Degraded".to_string()
                }
                (Stage::ContainerConfig, _) => "its pod stays Pending (CreateContainerConfigError)".to_string(),
            };
            let later = by_change
                .get(&k)
                .map(|at| format!(" (a change of the scenario creates it at {at} s)"))
                .unwrap_or_default();
            let message = match by_manifest.get(&k).map(|p| (p, position(p))) {
                // Applied before, or in the same step (the kind order puts it first, R27).
                Some((_, Some(p))) if p <= pos => continue,
                Some((_, Some(p))) => {
                    format!("{who} needs {what}, which is applied later, in {}{later}: {effect}", phase_wave(p))
                }
                Some((_, None)) => {
                    format!("{who} needs {what}, which no sync applies (Skip or no hook type){later}: {effect}")
                }
                None if by_change.contains_key(&k) => format!(
                    "{who} needs {what}, which only a change of the scenario creates, at {} s: {effect} until then",
                    by_change[&k]
                ),
                None => format!("{who} needs {what}, which no manifest, live or existing object provides: {effect}"),
            };
            // A bare Pod's ServiceAccount fails its apply; an Always Pod whose container config
            // fails is Degraded at once (health_pod.go): neither waits.
            let always =
                m.kind == "Pod" && spec.get("restartPolicy").and_then(Node::as_str).is_none_or(|p| p == "Always");
            let fails_at_once =
                m.kind == "Pod" && (r.stage == Stage::Admission || (always && r.stage == Stage::ContainerConfig));
            let hook_waits = m.ann.is_hook && !fails_at_once;
            let hint = if hook_waits {
                format!("Argo CD waits for the hook until Terminate; apply {what} earlier (as a hook of an earlier phase or wave), or list it under the scenario's existing: if another tool makes it (argo-cd #9891)")
            } else {
                format!("apply {what} earlier, or list it under the scenario's existing: if another tool makes it")
            };
            diags.push(
                Diagnostic::warning(codes::POD_NEEDS_MISSING, message)
                    .at(Some(r.pos))
                    .reference(m.selector.clone())
                    .hint(hint),
            );
        }
    }
    // J39: namespaces.
    let mut reported = std::collections::HashSet::new();
    for m in manifests {
        if crate::k8s::object::cluster_scoped(&m.kind) || m.kind.is_empty() {
            continue;
        }
        let ns = ns_of(m);
        let listed = |ns: &str| {
            BUILT_IN_NAMESPACES.contains(&ns)
                || sc.settings.namespaces.as_ref().is_some_and(|l| l.iter().any(|n| n == ns))
        };
        let provided = listed(&ns)
            || ns == dest
            || by_manifest.contains_key(&("Namespace".to_string(), String::new(), ns.clone()))
            || in_cluster.contains(&("Namespace".to_string(), String::new(), ns.clone()));
        if provided || !reported.insert(ns.clone()) {
            continue;
        }
        let message = if sc.settings.namespaces.is_some() {
            format!("{} is applied into namespace \"{ns}\", which does not exist (settings.namespaces) and no manifest or CreateNamespace creates: the apply fails with namespaces \"{ns}\" not found", m.selector)
        } else {
            format!("{} is applied into namespace \"{ns}\", which no manifest, live object or CreateNamespace provides: if it does not exist in the cluster, the apply fails with namespaces \"{ns}\" not found", m.selector)
        };
        diags.push(
            Diagnostic::warning(codes::NAMESPACE_MISSING, message)
                .at(m.node.path(&["metadata", "namespace"]).map(|n| n.pos).or(Some(m.pos)))
                .reference(m.selector.clone())
                .hint(format!("add a Namespace manifest for {ns}, or say in the scenario that it exists: settings.namespaces: [{ns}]")),
        );
    }
}

/// What the waiting pods need of the world (kept here so that world.rs stays the clock and queue).
impl World<'_> {
    /// A bare Pod's timeline from now with these attempts, relative to now.
    fn pod_timeline(&mut self, mi: usize, key: &Key, attempts: &[Attempt]) -> JobTimeline {
        let manifests = self.manifests;
        let outcome = Outcome { attempts: Some(attempts.to_vec()), ..Outcome::default() };
        match self.behaviour_for(&manifests[mi], key, Some(&outcome)).0 {
            Behaviour::Timeline(tl) => tl,
            _ => JobTimeline::default(),
        }
    }

    /// Drops what is queued of the timeline of `uid` (it is replaced).
    pub(crate) fn drop_scheduled_timeline(&mut self, uid: Uid) {
        use crate::world::Action;
        self.queue.retain(
            |a| !matches!(a, Action::Timeline { uid: u, .. } | Action::TimelineHealth { uid: u, .. } if *u == uid),
        );
    }

    /// J36–J38: the controller of Job `uid` starts again now with `spec` and `script` (see
    /// `JobController::restart`): what it had queued is dropped, its new happenings queued where
    /// a Job created now would have them. `waits`: its pods wait again (their Pending events are
    /// not reported); `pods_existed`: the pods it creates now existed and waited (their creation
    /// is not reported). Returns what its new run does now (run ahead by another controller).
    fn restart_job(
        &mut self,
        uid: Uid,
        spec: Rc<JobSpec>,
        script: Rc<Script>,
        waits: bool,
        pods_existed: bool,
    ) -> JobTimeline {
        use crate::world::Action;
        let now = self.now;
        self.queue.retain(|a| !matches!(a, Action::Job { uid: u, .. } | Action::JobHealth { uid: u } if *u == uid));
        let major = self.queue.reserve();
        let Some(live) = self.cluster.get_mut(uid) else { return JobTimeline::default() };
        let created = live.created_at;
        let d = now - created;
        let Behaviour::Job(run) = &mut live.behaviour else { return JobTimeline::default() };
        let from = run.ctl.timeline().events.len();
        run.shown_health = run.ctl.timeline().health.len();
        run.ctl.restart(spec, script, d, false, super::MAX_EVENTS);
        let first = run.ctl.peek(d, super::MAX_EVENTS);
        run.major = major;
        run.hide_from = from;
        run.hide_pending = waits;
        run.hide_pods = false;
        run.hide_created = pods_existed.then_some(d);
        run.health_due = None;
        let health_due = run.ctl.timeline().health.len() > run.shown_health;
        if health_due {
            run.health_due = Some(now);
        }
        let scheduled: Vec<_> = run.ctl.take_scheduled().collect();
        for (t, h) in scheduled {
            self.queue.push(created.saturating_add(t), (major, h.class()), Action::Job { uid, h });
        }
        if health_due {
            self.queue.push(now, (major, u8::MAX), Action::JobHealth { uid });
        }
        self.dirty = true;
        first
    }

    fn schedule_pod_retry(&mut self, at: Time, uid: Uid) {
        self.schedule(at.max(self.now), crate::world::Action::PodRetry { uid });
    }

    /// Replaces the timeline of `uid` (times relative to its creation): what was scheduled of the
    /// old one is dropped, events from `from_event` and health entries from `from_health` on are
    /// scheduled.
    fn replace_timeline(&mut self, uid: Uid, tl: JobTimeline, from_event: usize, from_health: usize) {
        use crate::world::Action;
        let Some(live) = self.cluster.get_mut(uid) else { return };
        let created = live.created_at;
        let mut todo = Vec::new();
        for (i, e) in tl.events.iter().enumerate().skip(from_event) {
            todo.push((created.saturating_add(e.t), Action::Timeline { uid, idx: i }));
        }
        for (i, (t, _)) in tl.health.iter().enumerate().skip(from_health) {
            todo.push((created.saturating_add(*t), Action::TimelineHealth { uid, idx: i }));
        }
        live.behaviour = Behaviour::Timeline(tl);
        self.drop_scheduled_timeline(uid);
        let now = self.now;
        for (t, a) in todo {
            self.schedule(t.max(now), a);
        }
        self.dirty = true;
    }
}
