//! The simulated world: a virtual clock, a queue of what happens next in the cluster, the live
//! objects, and the report events. Argo CD's sync logic (argocd::sync, argocd::app_delete) acts on it; the
//! Kubernetes side (Job controller, TTL controller, garbage collection) runs inside it.

pub mod cluster;
pub mod cluster_changes;
pub mod deletion;
pub mod prerequisites;

use crate::common::diagnostics::{codes, Diagnostic};
use crate::common::health::{default_health_message, has_health_check, Health, HealthStatus};
use crate::common::queue::Queue;
use crate::input::annotations::Annotations;
use crate::input::command::{self, AttemptSources, OutcomeSource};
use crate::input::manifest::Manifest;
use crate::input::scenario::{Outcome, Settings};
use crate::input::yaml::{Node, Value};
use crate::k8s::field_validation::FieldValidation;
use crate::k8s::job::{self, ConditionType, JobEventKind, Timing};
use crate::k8s::object::Key;
use crate::k8s::spec;
use crate::report::{Event, EventType, Time};
use cluster::{Behaviour, Cluster, Deletion, Live, NodeRef, Uid};

/// Events one simulation may produce before it stops (a huge backoffLimit must not freeze a tab).
pub const MAX_EVENTS: usize = 50_000;
/// Pod and Job events the timelines of all Jobs and Pods of one simulation may hold in all (a
/// Job's counted as its controller records them, a bare Pod's when it is created). 5,000 Jobs
/// with a huge backoffLimit must not compute 50,000 events each: once this is spent, the Jobs
/// stop and later Pods get no pods.
pub const MAX_TIMELINE_EVENTS: usize = 2 * MAX_EVENTS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Action {
    /// Event `idx` of the object's timeline.
    Timeline { uid: Uid, idx: usize },
    /// Entry `idx` of the object's timeline health.
    TimelineHealth { uid: Uid, idx: usize },
    /// A scripted health reaches its final status.
    ScriptedHealth { uid: Uid },
    /// The object disappears, unless something holds it.
    Gone { uid: Uid },
    /// The TTL-after-finished controller deletes the Job (J19).
    TtlExpire { uid: Uid },
    /// A pod that waits for a missing object retries (J36–J38).
    PodRetry { uid: Uid },
    /// Argo CD's controller has something to do (operation start, wave delay end, retry, ...).
    Wake,
    /// The Job controller of Job `uid` handles `h` (k8s::job::JobController).
    Job { uid: Uid, h: job::Happening },
    /// The health changes of Job `uid` at this second, reported after its events of the second.
    JobHealth { uid: Uid },
}

/// The order of the world's queue at one second: `(major, class)`, then insertion. A world entry's
/// major is its own insertion number (class 0), so world entries keep their insertion order; a
/// Job's happenings share the insertion number its creation took (`JobRun::major`), with the
/// controller's own class, so that they sit together where the Job was created, in the
/// controller's order (docs/decisions.md, "One event queue").
type Order = (u64, u8);

/// A Job of the world: its controller, and what of it the world has reported.
#[derive(Debug)]
pub struct JobRun {
    pub(crate) ctl: job::JobController,
    /// Where the Job's manifest is (its diagnostics' position).
    pos: crate::common::diagnostics::Pos,
    /// The queue's order of this Job's happenings ([`Order`]).
    major: u64,
    /// Health entries reported so far (its events are reported as it records them).
    shown_health: usize,
    /// The second a `JobHealth` entry is queued for.
    health_due: Option<Time>,
    /// J36–J38: what of its events the world does not report, from event `hide_from` on (the
    /// current run of the controller): the waits of pods that wait for a missing object (their
    /// wait is reported by `prerequisites`), and the creation, at `hide_created`, of pods that
    /// existed and waited (they start instead); `hide_pods`: every pod event (J37, the pods were
    /// refused).
    pub(crate) hide_from: usize,
    pub(crate) hide_pending: bool,
    pub(crate) hide_pods: bool,
    pub(crate) hide_created: Option<Time>,
}

impl JobRun {
    fn hides(&self, idx: usize) -> bool {
        if idx < self.hide_from {
            return false;
        }
        let Some(e) = self.ctl.timeline().events.get(idx) else { return true };
        match e.kind {
            JobEventKind::Condition { .. } => false,
            _ if self.hide_pods => true,
            JobEventKind::PodPending { .. } => self.hide_pending,
            JobEventKind::PodCreated { .. } => self.hide_created == Some(e.t),
            _ => false,
        }
    }
}

pub struct World<'a> {
    pub now: Time,
    pub settings: &'a Settings,
    pub manifests: &'a [Manifest],
    pub cluster: Cluster,
    /// The one event queue: the cluster's happenings, Argo CD's wake-ups and each Job
    /// controller's happenings.
    pub(crate) queue: Queue<Order, Action>,
    pub events: Vec<Event>,
    pub diags: Vec<Diagnostic>,
    /// Something Argo CD watches changed since its last look.
    pub dirty: bool,
    /// How many Jobs of each (namespace, name) were created so far (pod names, k8s::job::names).
    pub(crate) job_generations: std::collections::HashMap<(String, String), u64>,
    /// Jobs and Pods whose pods wait for a missing object (J36–J38, `prerequisites`).
    pub waiting: Vec<crate::world::prerequisites::Waiting>,
    /// How many times each selector's object was created (`creations`, `outcome_script`).
    pub(crate) creations: std::collections::HashMap<String, usize>,
    pub event_cap_hit: bool,
    /// R67: a document Argo CD cannot decode: the comparison fails (`argocd::generation`).
    pub comparison_error: Option<crate::input::manifest::Undecodable>,
    /// Timeline events computed so far (bounded by [`MAX_TIMELINE_EVENTS`]).
    timeline_events: usize,
    timeline_cap_hit: bool,
    /// Reused between Job steps (what a step scheduled).
    scratch: Vec<(Time, job::Happening)>,
}

impl<'a> World<'a> {
    pub fn new(settings: &'a Settings, manifests: &'a [Manifest]) -> World<'a> {
        World {
            now: 0,
            settings,
            manifests,
            cluster: Cluster::default(),
            queue: Queue::new(),
            events: Vec::new(),
            diags: Vec::new(),
            dirty: false,
            job_generations: std::collections::HashMap::new(),
            waiting: Vec::new(),
            creations: std::collections::HashMap::new(),
            event_cap_hit: false,
            comparison_error: None,
            timeline_events: 0,
            timeline_cap_hit: false,
            scratch: Vec::new(),
        }
    }

    pub(crate) fn schedule(&mut self, t: Time, a: Action) {
        let major = self.queue.next_seq();
        self.queue.push(t, (major, 0), a);
    }

    /// Wakes Argo CD's controller at `t`.
    pub fn wake_at(&mut self, t: Time) {
        self.schedule(t, Action::Wake);
    }

    /// The time of the next scheduled happening.
    pub fn next_time(&self) -> Option<Time> {
        self.queue.next_time()
    }

    pub fn emit(&mut self, ev: Event) {
        if self.events.len() >= MAX_EVENTS {
            if !self.event_cap_hit {
                self.event_cap_hit = true;
                self.diags.push(
                    Diagnostic::warning(
                        codes::LIMIT_EXCEEDED,
                        format!(
                            "the simulation stopped after {MAX_EVENTS} events at t={} s: what follows is not simulated",
                            self.now
                        ),
                    )
                    .hint("a huge backoffLimit, completions or horizon makes too many events; lower them"),
                );
            }
            return;
        }
        self.events.push(ev);
    }

    /// An event about a live object.
    pub fn object_event(&self, ty: EventType, live: &Live) -> Event {
        let mut e = Event::new(self.now, ty);
        e.reference = Some(live.selector.clone());
        e.kind = Some(live.key.kind.clone());
        e.name = Some(live.key.name.clone());
        e.namespace = Some(live.key.namespace.clone());
        e
    }

    /// Runs what has been scheduled for the current instant since the last `step_cluster` (the
    /// cluster's immediate reaction to what Argo CD just did).
    pub fn run_now(&mut self) {
        while let Some((t, &a)) = self.queue.peek() {
            if t > self.now || self.event_cap_hit {
                break;
            }
            self.queue.pop();
            self.run(a);
        }
    }

    /// Runs everything scheduled at the next instant. Returns false when nothing is left or the
    /// next instant is past the horizon.
    pub fn step_cluster(&mut self, horizon: Time) -> bool {
        let Some(t) = self.next_time() else { return false };
        if t > horizon || self.event_cap_hit {
            return false;
        }
        self.now = t;
        while let Some((t2, &a)) = self.queue.peek() {
            if t2 != t {
                break;
            }
            self.queue.pop();
            self.run(a);
        }
        true
    }

    fn run(&mut self, a: Action) {
        match a {
            Action::Wake => self.dirty = true,
            Action::Timeline { uid, idx } => self.timeline_event(uid, idx),
            Action::Job { uid, h } => self.job_step(uid, h),
            Action::JobHealth { uid } => self.job_health(uid),
            Action::TimelineHealth { uid, idx } => {
                let Some(live) = self.cluster.get(uid) else { return };
                let Behaviour::Timeline(tl) = &live.behaviour else { return };
                let Some((_, h)) = tl.health.get(idx) else { return };
                // A Job's or Pod's health (J33), or a scripted healthOverTime (R48).
                let rule = if tl.events.is_empty() { "R48" } else { "J33" };
                let ev = self.object_event(EventType::HealthChanged, live).health(h.status).rule(rule);
                self.emit(ev);
                self.dirty = true;
            }
            Action::ScriptedHealth { uid } => {
                let Some(live) = self.cluster.get(uid) else { return };
                if let Some(h) = live.own_health(self.now) {
                    let mut ev = self.object_event(EventType::HealthChanged, live).health(h.status).rule("R48");
                    ev.health_source = live.health_source();
                    self.emit(ev);
                }
                self.dirty = true;
            }
            Action::Gone { uid } => {
                let ready = self.cluster.get(uid).is_some_and(|l| !l.hook_finalizer && l.deletion.is_some());
                if ready {
                    if let Some(live) = self.cluster.remove(uid) {
                        let reason = live.deletion.as_ref().map(|d| d.reason).unwrap_or("");
                        let ev = self.object_event(EventType::Deleted, &live).reason(reason);
                        self.emit(ev);
                        self.dirty = true;
                    }
                }
            }
            Action::PodRetry { uid } => crate::world::prerequisites::retry(self, uid),
            Action::TtlExpire { uid } => {
                let ok = self.cluster.get(uid).is_some_and(|l| l.deletion.is_none());
                if ok {
                    self.request_delete(uid, "TTLAfterFinished", "J19");
                }
            }
        }
    }

    fn timeline_event(&mut self, uid: Uid, idx: usize) {
        let Some(live) = self.cluster.get(uid) else { return };
        // A deleted Job's controller stops: nothing after the delete request happens (J19 GC).
        if let Some(d) = &live.deletion {
            if d.requested_at < self.now {
                return;
            }
        }
        let Some(tl) = live.behaviour.timeline() else { return };
        let Some(je) = tl.events.get(idx) else { return };
        let rule = je.rule;
        let index = je.index;
        let source = tl.sources.of(index);
        let mut finished = false;
        let ev = match &je.kind {
            JobEventKind::PodCreated { attempt, pod, note } => {
                let msg =
                    if note.is_empty() { format!("pod {pod} created") } else { format!("pod {pod} created: {note}") };
                Some(self.object_event(EventType::PodCreated, live).attempt(*attempt).message(msg))
            }
            JobEventKind::ContainerRestarted { attempt, pod, restart_count, note } => {
                let mut msg = format!("container of pod {pod} restarted in place (restartCount {restart_count})");
                if !note.is_empty() {
                    msg = format!("{msg}: {note}");
                }
                Some(self.object_event(EventType::PodCreated, live).attempt(*attempt).message(msg))
            }
            JobEventKind::PodPending { attempt, pod, reason } => Some(
                self.object_event(EventType::PodPending, live)
                    .attempt(*attempt)
                    .reason(reason.clone())
                    .message(format!("pod {pod} cannot start its container: {reason}")),
            ),
            JobEventKind::PodSucceeded { attempt, pod } => Some(
                self.object_event(EventType::PodSucceeded, live)
                    .attempt(*attempt)
                    .exit_code(0)
                    .message(format!("pod {pod} succeeded")),
            ),
            JobEventKind::PodFailed { attempt, pod, exit_code, reason, message } => {
                let msg = if message.is_empty() { format!("pod {pod} failed") } else { message.clone() };
                Some(
                    self.object_event(EventType::PodFailed, live)
                        .attempt(*attempt)
                        .exit_code(*exit_code)
                        .reason(reason.clone())
                        .message(msg),
                )
            }
            JobEventKind::Condition { ty: ConditionType::Complete, reason, message } => {
                finished = true;
                let mut e = self.object_event(EventType::JobComplete, live);
                if !reason.is_empty() {
                    e = e.reason(reason.clone());
                }
                Some(e.message(if message.is_empty() { "Job completed".to_string() } else { message.clone() }))
            }
            JobEventKind::Condition { ty: ConditionType::Failed, reason, message } => {
                finished = true;
                Some(self.object_event(EventType::JobFailed, live).reason(reason.clone()).message(message.clone()))
            }
            _ => None,
        };
        if let Some(mut ev) = ev {
            if matches!(
                ev.ty,
                EventType::PodCreated | EventType::PodSucceeded | EventType::PodFailed | EventType::PodPending
            ) {
                ev = ev.outcome_source(source);
            }
            self.emit(ev.rule(rule).index(index));
        }
        if finished {
            let now = self.now;
            let ttl = {
                let live = self.cluster.get_mut(uid).expect("checked above");
                live.finished_at = Some(now);
                live.ttl_seconds_after_finished
            };
            if let Some(ttl) = ttl {
                self.schedule(now.saturating_add(ttl), Action::TtlExpire { uid });
            }
        }
        self.dirty = true;
    }

    /// Creates the object of manifest `mi`. `hook_finalizer` is R23's finalizer.
    pub fn create(&mut self, mi: usize, key: Key, outcome: Option<&Outcome>, hook_finalizer: bool) -> Uid {
        let manifests = self.manifests;
        let manifest = &manifests[mi];
        let this_creation = self.for_creation(&manifest.selector, outcome);
        let outcome = this_creation.as_ref().or(outcome);
        let (behaviour, ttl) = self.behaviour_for(manifest, &key, outcome);
        let live = Live {
            uid: 0,
            selector: manifest.selector.clone(),
            key,
            node: NodeRef::Manifest(mi),
            ann: manifest.ann.clone(),
            created_at: self.now,
            hook_finalizer,
            managed: true,
            deletion: None,
            drifted: false,
            behaviour,
            finished_at: None,
            ttl_seconds_after_finished: ttl,
        };
        let uid = self.cluster.insert(live);
        crate::world::prerequisites::on_create(self, uid, mi, outcome);
        self.start_behaviour(uid);
        crate::world::prerequisites::after_create(self, uid);
        self.dirty = true;
        uid
    }

    /// The outcome of the object's next creation: entry k of `creations` for its k-th creation in
    /// the simulation (the last entry repeating), else the outcome itself.
    fn for_creation(&mut self, selector: &str, outcome: Option<&Outcome>) -> Option<Outcome> {
        let o = outcome?;
        if o.creations.is_empty() {
            return None;
        }
        let n = self.creations.entry(selector.to_string()).or_insert(0);
        let k = (*n).min(o.creations.len() - 1);
        *n += 1;
        Some(o.creations[k].clone())
    }

    /// Re-applies an object that exists: the manifest is the same; a new outcome for this
    /// operation restarts its scripted health (Jobs are immutable and keep their history, R53).
    pub fn reapply(&mut self, uid: Uid, mi: usize, outcome: Option<&Outcome>, hook_finalizer: bool) {
        let manifests = self.manifests;
        let manifest = &manifests[mi];
        let restart = outcome.is_some() && manifest.kind != "Job";
        let key = match self.cluster.get_mut(uid) {
            Some(live) => {
                live.node = NodeRef::Manifest(mi);
                live.drifted = false;
                live.ann = manifest.ann.clone();
                live.hook_finalizer |= hook_finalizer;
                live.managed = true;
                live.key.clone()
            }
            None => return,
        };
        if restart {
            let (behaviour, _) = self.behaviour_for(manifest, &key, outcome);
            let now = self.now;
            if let Some(live) = self.cluster.get_mut(uid) {
                live.behaviour = behaviour;
                live.created_at = now;
            }
            self.drop_scheduled_timeline(uid);
            self.start_behaviour(uid);
        }
        self.dirty = true;
    }

    /// R37a: creates the Application's destination namespace (CreateNamespace=true). Argo CD
    /// does not track it, so it is never pruned nor deleted with the Application.
    pub fn create_namespace(&mut self, name: &str) -> Uid {
        let node = Node {
            value: Value::Map(vec![
                (str_node("apiVersion"), str_node("v1")),
                (str_node("kind"), str_node("Namespace")),
                (
                    str_node("metadata"),
                    Node { value: Value::Map(vec![(str_node("name"), str_node(name))]), ..str_node("") },
                ),
            ]),
            ..str_node("")
        };
        let key = Key { group: String::new(), kind: "Namespace".into(), namespace: String::new(), name: name.into() };
        let live = Live {
            uid: 0,
            key,
            selector: format!("Namespace/{name}"),
            node: NodeRef::Own(std::rc::Rc::new(node)),
            ann: Annotations::default(),
            created_at: self.now,
            hook_finalizer: false,
            managed: false,
            deletion: None,
            drifted: false,
            behaviour: Behaviour::NoHealth,
            finished_at: None,
            ttl_seconds_after_finished: None,
        };
        let uid = self.cluster.insert(live);
        self.dirty = true;
        uid
    }

    /// Adds an object that exists before the first operation (the scenario's `live:`).
    pub fn add_existing(&mut self, node: &Node, key: Key, selector: String, ann: Annotations, managed: bool) -> Uid {
        let hook_finalizer = node
            .path(&["metadata", "finalizers"])
            .and_then(Node::as_seq)
            .is_some_and(|f| f.iter().any(|x| x.as_str() == Some(crate::world::cluster::HOOK_FINALIZER)));
        let behaviour = existing_health(node, &key.kind, &key.group);
        let live = Live {
            uid: 0,
            key,
            selector,
            node: NodeRef::Own(std::rc::Rc::new(node.clone())),
            ann,
            created_at: self.now,
            hook_finalizer,
            managed,
            deletion: None,
            drifted: false,
            behaviour,
            finished_at: None,
            ttl_seconds_after_finished: None,
        };
        self.cluster.insert(live)
    }

    pub(crate) fn timing(&self) -> Timing {
        Timing {
            pod_seconds: self.settings.pod_seconds,
            job_sync_seconds: self.settings.job_sync_seconds,
            delete_seconds: self.settings.delete_seconds,
            kube_minor: self.settings.kube_minor,
        }
    }

    pub(crate) fn behaviour_for(
        &mut self,
        m: &Manifest,
        key: &Key,
        outcome: Option<&Outcome>,
    ) -> (Behaviour, Option<Time>) {
        let horizon = self.settings.horizon_seconds.saturating_sub(self.now).max(0);
        // The lint reports what reading the spec finds; here its diagnostics are not used.
        let mut scratch = Vec::new();
        let validation = FieldValidation::Strict;
        match (m.group.as_str(), m.kind.as_str()) {
            ("batch", "Job") => {
                let mut jm =
                    spec::read_job(m, &key.name, &key.namespace, self.settings.kube_minor, validation, &mut scratch);
                let n = self.job_generations.entry((key.namespace.clone(), key.name.clone())).or_insert(0);
                jm.spec.generation = *n;
                *n += 1;
                let mut script = outcome.map(Outcome::script).unwrap_or_default();
                let sources =
                    self.read_command(m.node.path(&["spec", "template", "spec"]), outcome, &mut script.attempts);
                let mut ctl = job::JobController::new(jm.spec, script, &self.timing(), horizon, MAX_EVENTS);
                ctl.timeline_mut().sources = sources;
                let run = JobRun {
                    ctl,
                    pos: m.pos,
                    major: 0,
                    shown_health: 1,
                    health_due: None,
                    hide_from: 0,
                    hide_pending: false,
                    hide_pods: false,
                    hide_created: None,
                };
                (Behaviour::Job(Box::new(run)), jm.ttl_seconds_after_finished)
            }
            ("", "Pod") => {
                let (mut rp, container) = spec::read_pod(m, validation, &mut scratch);
                // R48/J34: `argocd.argoproj.io/ignore-restart-policy: "true"` makes Argo CD judge a
                // non-hook Pod like an Always one (Healthy once Ready); hooks ignore it.
                if !m.ann.is_hook
                    && m.ann.raw.get("argocd.argoproj.io/ignore-restart-policy").is_some_and(|v| v == "true")
                {
                    rp = job::RestartPolicy::Always;
                }
                let mut attempts = outcome.and_then(|o| o.attempts.clone()).unwrap_or_default();
                // A restartPolicy Always pod is Healthy once running whatever its container does
                // (J34.2): its command is not read.
                let restarts_always = matches!(rp, job::RestartPolicy::Always | job::RestartPolicy::Unset);
                let spec = m.node.get("spec").filter(|_| !restarts_always);
                let sources = self.read_command(spec, outcome, &mut attempts);
                let mut tl = crate::k8s::pod::simulate_pod(
                    &key.name,
                    &rp,
                    &container,
                    &attempts,
                    &self.timing(),
                    horizon,
                    self.timeline_budget(),
                );
                tl.sources = sources;
                if !m.ann.is_hook {
                    // The pod timeline's note speaks of a hook; a plain Pod resource is applied.
                    if let Some(JobEventKind::PodCreated { note, .. }) = tl.events.first_mut().map(|e| &mut e.kind) {
                        *note = "a plain Pod resource, applied by Argo CD (no Job controller, no retries)".into();
                    }
                }
                self.note_truncated(&tl, m);
                (Behaviour::Timeline(tl), None)
            }
            ("argoproj.io", "Workflow") => {
                let phase = outcome.and_then(|o| o.phase.clone()).unwrap_or_else(|| "Succeeded".into());
                let status = if phase == "Succeeded" { HealthStatus::Healthy } else { HealthStatus::Degraded };
                let after = self.now + outcome.map(|o| o.after_seconds).unwrap_or(0);
                let message = outcome.and_then(|o| o.message.clone()).unwrap_or_default();
                let scripted = outcome.is_some_and(|o| o.phase.is_some());
                (Behaviour::Scripted { status, message, after, progressing_message: String::new(), scripted }, None)
            }
            (_, k) if outcome.is_some_and(|o| !o.health_over_time.is_empty()) => {
                let steps = outcome.map(|o| o.health_over_time.as_slice()).unwrap_or_default();
                let progressing = default_health_message(k, &key.name, HealthStatus::Progressing);
                (Behaviour::Timeline(crate::k8s::scripted_health::health_timeline(steps, &progressing)), None)
            }
            (g, k) => {
                let scripted = outcome.and_then(|o| o.health);
                if !has_health_check(g, k) && scripted.is_none() {
                    return (Behaviour::NoHealth, None);
                }
                let status = scripted.unwrap_or(HealthStatus::Healthy);
                let after = self.now + outcome.map(|o| o.after_seconds).unwrap_or(0);
                let message = outcome
                    .and_then(|o| o.message.clone())
                    .unwrap_or_else(|| default_health_message(k, &key.name, status));
                let progressing_message = default_health_message(k, &key.name, HealthStatus::Progressing);
                let scripted = scripted.is_some();
                (Behaviour::Scripted { status, message, after, progressing_message, scripted }, None)
            }
        }
    }

    /// Issue 10 item 1: scripted attempts win; without them the attempts come from the pod's
    /// command where its outcome is certain (crate::input::command), else they are assumed (a success
    /// after `podSeconds`). Returns where each attempt's outcome came from.
    fn read_command(
        &self,
        pod_spec: Option<&Node>,
        outcome: Option<&Outcome>,
        attempts: &mut Vec<job::Attempt>,
    ) -> AttemptSources {
        let scripted_indexes =
            outcome.map(|o| o.indexes.iter().flat_map(|ia| ia.indexes.iter().copied()).collect()).unwrap_or_default();
        let base = if outcome.and_then(|o| o.attempts.as_ref()).is_some_and(|a| !a.is_empty()) {
            OutcomeSource::Scripted
        } else if let Ok(c) = command::pod(pod_spec) {
            *attempts = vec![c.attempt(self.settings.pod_seconds)];
            OutcomeSource::Command
        } else {
            OutcomeSource::Assumed
        };
        AttemptSources { base, scripted_indexes }
    }

    /// Events the next timeline may hold.
    pub(crate) fn timeline_budget(&self) -> usize {
        MAX_EVENTS.min(MAX_TIMELINE_EVENTS.saturating_sub(self.timeline_events))
    }

    fn note_truncated(&mut self, tl: &job::JobTimeline, m: &Manifest) {
        let budget = self.timeline_budget();
        self.timeline_events = self.timeline_events.saturating_add(tl.events.len());
        if tl.truncated {
            let last = self.now.saturating_add(tl.events.last().map(|e| e.t).unwrap_or(0));
            self.job_cut(&m.selector, m.pos, budget < MAX_EVENTS, last);
        }
    }

    /// The diagnostic of a timeline cut: by the budget of all timelines (once), or by its own
    /// limit (`last`: the time of its last event).
    fn job_cut(&mut self, selector: &str, pos: crate::common::diagnostics::Pos, by_budget: bool, last: Time) {
        if by_budget {
            if !self.timeline_cap_hit {
                self.timeline_cap_hit = true;
                self.diags.push(
                    Diagnostic::warning(
                        codes::LIMIT_EXCEEDED,
                        format!(
                            "the Jobs and Pods of this simulation make more than {MAX_TIMELINE_EVENTS} pod events in all: {} is simulated only up to there (t={} s), and the Jobs and Pods created later get no pods",
                            selector, self.now
                        ),
                    )
                    .at(Some(pos))
                    .reference(selector.to_string())
                    .hint("a huge backoffLimit, completions or horizon makes too many events; lower them"),
                );
            }
        } else {
            self.diags.push(
                Diagnostic::warning(
                    codes::LIMIT_EXCEEDED,
                    format!(
                        "{} makes more than {MAX_EVENTS} pod events: it is simulated up to t={last} s, and no further",
                        selector
                    ),
                )
                .at(Some(pos))
                .reference(selector.to_string())
                .hint("a huge backoffLimit, completions or horizon makes too many events; lower them"),
            );
        }
    }

    /// Queues what the new object will do.
    fn start_behaviour(&mut self, uid: Uid) {
        let now = self.now;
        let Some(live) = self.cluster.get(uid) else { return };
        let mut todo = Vec::new();
        match &live.behaviour {
            Behaviour::Timeline(tl) => {
                for (i, e) in tl.events.iter().enumerate() {
                    todo.push((now.saturating_add(e.t), Action::Timeline { uid, idx: i }));
                }
                for (i, (t, _)) in tl.health.iter().enumerate() {
                    if *t > 0 || i > 0 {
                        todo.push((now.saturating_add(*t), Action::TimelineHealth { uid, idx: i }));
                    }
                }
            }
            Behaviour::Job(_) => {
                self.start_job(uid);
                return;
            }
            Behaviour::Scripted { after, .. } => {
                todo.push(((*after).max(now), Action::ScriptedHealth { uid }));
            }
            Behaviour::Fixed(_) | Behaviour::NoHealth => {}
        }
        for (t, a) in todo {
            self.schedule(t, a);
        }
    }

    /// Queues the first happenings of a new Job's controller, at the place of its creation in
    /// the queue's order.
    fn start_job(&mut self, uid: Uid) {
        let major = self.queue.reserve();
        let Some(live) = self.cluster.get_mut(uid) else { return };
        let created = live.created_at;
        let Behaviour::Job(run) = &mut live.behaviour else { return };
        run.major = major;
        let first: Vec<_> = run.ctl.take_scheduled().collect();
        for (t, h) in first {
            self.queue.push(created.saturating_add(t), (major, h.class()), Action::Job { uid, h });
        }
    }

    /// Steps Job `uid`'s controller through `h` now, queues what it schedules and reports what
    /// it did (its health changes come after its events of the second, [`Action::JobHealth`]).
    fn job_step(&mut self, uid: Uid, h: job::Happening) {
        let now = self.now;
        let left = MAX_TIMELINE_EVENTS.saturating_sub(self.timeline_events);
        let Some(live) = self.cluster.get_mut(uid) else { return };
        let created = live.created_at;
        let Behaviour::Job(run) = &mut live.behaviour else { return };
        let (before, was_cut) = (run.ctl.timeline().events.len(), run.ctl.timeline().truncated);
        let by_budget = left < MAX_EVENTS.saturating_sub(before);
        run.ctl.limit_events(before.saturating_add(left));
        run.ctl.step(now - created, h);
        let major = run.major;
        let mut scheduled = std::mem::take(&mut self.scratch);
        scheduled.extend(run.ctl.take_scheduled());
        let tl = run.ctl.timeline();
        let after = tl.events.len();
        let cut = tl.truncated && !was_cut;
        let last_t = tl.events.last().map(|e| e.t).unwrap_or(0);
        let health_due = tl.health.len() > run.shown_health && run.health_due != Some(now);
        if health_due {
            run.health_due = Some(now);
        }
        let pos = run.pos;
        for (t, h) in scheduled.drain(..) {
            self.queue.push(created.saturating_add(t), (major, h.class()), Action::Job { uid, h });
        }
        self.scratch = scheduled;
        if health_due {
            self.queue.push(now, (major, u8::MAX), Action::JobHealth { uid });
        }
        self.timeline_events = self.timeline_events.saturating_add(after - before);
        for idx in before..after {
            let hidden =
                matches!(self.cluster.get(uid).map(|l| &l.behaviour), Some(Behaviour::Job(run)) if run.hides(idx));
            if !hidden {
                self.timeline_event(uid, idx);
            }
        }
        if cut {
            let selector = live_selector(&self.cluster, uid);
            self.job_cut(&selector, pos, by_budget, created.saturating_add(last_t));
        }
    }

    /// Reports the health changes of Job `uid` up to now.
    fn job_health(&mut self, uid: Uid) {
        let Some(live) = self.cluster.get(uid) else { return };
        let Behaviour::Job(run) = &live.behaviour else { return };
        let tl = run.ctl.timeline();
        let from = run.shown_health;
        let to = tl.health.len();
        let rule = if tl.events.is_empty() { "R48" } else { "J33" };
        let events: Vec<Event> = tl.health[from.min(to)..]
            .iter()
            .map(|(_, h)| self.object_event(EventType::HealthChanged, live).health(h.status).rule(rule))
            .collect();
        if let Some(Behaviour::Job(run)) = self.cluster.get_mut(uid).map(|l| &mut l.behaviour) {
            run.shown_health = to;
            run.health_due = None;
        }
        for ev in events {
            self.emit(ev);
            self.dirty = true;
        }
    }

    /// Asks the API server to delete an object. False when it was already being deleted.
    pub fn request_delete(&mut self, uid: Uid, reason: &'static str, rule: &str) -> bool {
        let now = self.now;
        let Some(live) = self.cluster.get_mut(uid) else { return false };
        if live.deletion.is_some() {
            return false;
        }
        live.deletion = Some(Deletion { requested_at: now, reason });
        let held = live.hook_finalizer;
        let live = self.cluster.get(uid).expect("exists");
        let scripted = crate::world::deletion::scripted(self.settings, &live.selector);
        let mut ev = self.object_event(EventType::DeleteRequested, live).reason(reason).rule(rule);
        if held {
            ev = ev.message("held by the hook finalizer until Argo CD has read the hook (J35)");
        } else if let Some(note) = scripted.map(crate::world::deletion::note) {
            ev = ev.message(note);
        }
        self.emit(ev);
        if !held {
            if let Some(gone) =
                crate::world::deletion::gone_at(self.settings, &live_selector(&self.cluster, uid), now, now)
            {
                self.schedule(gone, Action::Gone { uid });
            }
        }
        self.dirty = true;
        true
    }

    /// Removes the hook finalizer (R41, R44.1, R55). A deleting object then goes away.
    pub fn remove_hook_finalizer(&mut self, uid: Uid) {
        let now = self.now;
        let Some(live) = self.cluster.get_mut(uid) else { return };
        if !live.hook_finalizer {
            return;
        }
        live.hook_finalizer = false;
        if let Some(d) = &live.deletion {
            let requested = d.requested_at;
            let selector = live.selector.clone();
            if let Some(gone) = crate::world::deletion::gone_at(self.settings, &selector, requested, now) {
                self.schedule(gone, Action::Gone { uid });
            }
        }
    }

    /// Health changes seen at creation (a resource Healthy at once).
    pub fn initial_health_event(&mut self, uid: Uid) {
        let now = self.now;
        let Some(live) = self.cluster.get(uid) else { return };
        // A timeline reports its later entries itself (TimelineHealth, scheduled by
        // start_behaviour, even at t = 0): only its first entry is unreported. Reading the health
        // at `now` here reported a bare Pod's "Healthy at creation" twice (contract §2:
        // HealthChanged is a *new* health).
        let initial = match &live.behaviour {
            Behaviour::Timeline(_) | Behaviour::Job(_) => {
                live.behaviour.timeline().and_then(|tl| tl.health.first()).map(|(_, h)| h.clone())
            }
            _ => live.own_health(now),
        };
        if let Some(h) = initial {
            if h.status != HealthStatus::Progressing && !matches!(live.behaviour, Behaviour::Scripted { .. }) {
                let mut ev = self.object_event(EventType::HealthChanged, live).health(h.status);
                ev.health_source = live.health_source();
                self.emit(ev);
            }
        }
    }
}

fn live_selector(cluster: &Cluster, uid: Uid) -> String {
    cluster.get(uid).map(|l| l.selector.clone()).unwrap_or_default()
}

fn str_node(s: &str) -> Node {
    Node { value: Value::Str(s.to_string()), pos: crate::common::diagnostics::Pos::default(), raw: None, quoted: false }
}

/// The health of an object that was in the cluster before the simulation: from its `status` when
/// written, else finished and healthy.
fn existing_health(node: &Node, kind: &str, group: &str) -> Behaviour {
    if kind == "Job" {
        let conds = node.path(&["status", "conditions"]).and_then(Node::as_seq).unwrap_or(&[]);
        for c in conds {
            let ty = c.get("type").and_then(Node::as_str);
            let msg = c.get("message").and_then(Node::as_str).unwrap_or("").to_string();
            match ty {
                Some("Failed") => return Behaviour::Fixed(Health::new(HealthStatus::Degraded, msg)),
                Some("Complete") => return Behaviour::Fixed(Health::new(HealthStatus::Healthy, msg)),
                _ => {}
            }
        }
        if node.get("status").is_some_and(|s| matches!(s.value, Value::Map(_))) {
            return Behaviour::Fixed(Health::new(HealthStatus::Progressing, ""));
        }
        return Behaviour::Fixed(Health::new(HealthStatus::Healthy, "Reached expected number of succeeded pods"));
    }
    if kind == "Pod" {
        return match node.path(&["status", "phase"]).and_then(Node::as_str) {
            Some("Failed") => Behaviour::Fixed(Health::new(HealthStatus::Degraded, "")),
            Some("Running") | Some("Pending") => Behaviour::Fixed(Health::new(HealthStatus::Progressing, "")),
            _ => Behaviour::Fixed(Health::new(HealthStatus::Healthy, "")),
        };
    }
    if has_health_check(group, kind) {
        Behaviour::Fixed(Health::new(HealthStatus::Healthy, ""))
    } else {
        Behaviour::NoHealth
    }
}

#[cfg(test)]
mod tests {
    use crate::report::EventType;

    /// A Job's controller is stepped by the world's one queue as the clock reaches each happening:
    /// nothing of its future is computed at its creation, the queue holds its happenings (not a
    /// timeline's entries), and a world entry scheduled at the same second before the Job's
    /// creation comes before its events, one scheduled after comes after.
    #[test]
    fn a_jobs_controller_runs_in_the_worlds_queue_as_the_clock_reaches_it() {
        use super::{Action, Behaviour, World};
        use crate::k8s::object::Key;
        let input = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: m}\nspec:\n  backoffLimit: 1\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: m, image: busybox}]\n---\napiVersion: hooksim/v1\nkind: Scenario\noutcomes:\n  Job/m: {attempts: [{exitCode: 1, seconds: 5}, {exitCode: 0, seconds: 5}]}\n";
        let p = crate::sim::prepare(input, &crate::sim::Options::default());
        let mut world = World::new(&p.scenario.settings, &p.manifests);
        let key = Key { group: "batch".into(), kind: "Job".into(), namespace: "default".into(), name: "m".into() };
        world.wake_at(0);
        let outcome = p.scenario.outcomes.get("Job/m");
        let uid = world.create(0, key, outcome, false);
        world.wake_at(0);
        let recorded = |w: &World| match w.cluster.get(uid).map(|l| &l.behaviour) {
            Some(Behaviour::Job(run)) => run.ctl.timeline().events.len(),
            _ => usize::MAX,
        };
        assert_eq!(recorded(&world), 0, "nothing is computed at creation");
        let mut order = Vec::new();
        while let Some((t, &a)) = world.queue.peek() {
            if t > 0 {
                break;
            }
            world.queue.pop();
            order.push(matches!(a, Action::Job { .. }));
            world.run(a);
        }
        assert_eq!(order, vec![false, true, false], "wake, the Job's sync at its creation, wake");
        let first = recorded(&world);
        assert!(first > 0 && first < 4, "the pod is created, its end is still to come: {first}");
        assert!(world.queue.peek().is_some_and(|(t, a)| t == 5 && matches!(a, Action::Job { .. })));
        while world.step_cluster(1_000) {}
        let ended: Vec<_> = world.events.iter().map(|e| (e.t, e.ty)).collect();
        assert!(ended.contains(&(5, EventType::PodFailed)), "{ended:?}");
        assert!(ended.iter().any(|&(t, ty)| ty == EventType::JobComplete && t > 10), "{ended:?}");
    }

    /// The pod events of all timelines are bounded by [`super::MAX_TIMELINE_EVENTS`], counted as
    /// each Job's controller records them, step by step in the world's queue (docs/decisions.md,
    /// "One event queue"). Three Jobs of one wave that retry for ever: they all run side by side,
    /// the world stops at its own cap ([`super::MAX_EVENTS`]) long before the three have spent the
    /// budget, and no Job is cut. When each Job's whole future was charged at its creation, the
    /// first two used up the budget and the third got no pod at all.
    #[test]
    fn the_timeline_budget_counts_only_what_the_world_has_reached() {
        let job = |name: &str| {
            format!(
                "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\n  annotations:\n    argocd.argoproj.io/hook: PreSync\nspec:\n  backoffLimit: 2147483647\n  parallelism: 20\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{{name: m, image: busybox}}]\n---\n"
            )
        };
        let outcome = |name: &str| format!("  Job/{name}: {{attempts: [{{exitCode: 1, seconds: 0}}]}}\n");
        let input = format!(
            "{}{}{}apiVersion: hooksim/v1\nkind: Scenario\nsettings: {{horizonSeconds: 2592000}}\noutcomes:\n{}{}{}",
            job("a"),
            job("b"),
            job("c"),
            outcome("a"),
            outcome("b"),
            outcome("c")
        );
        let report = crate::sim::simulate(&input, &crate::sim::Options::default());
        let events = &report.operations[0].events;
        let pods = |name: &str| {
            events.iter().filter(|e| e.ty == EventType::PodCreated && e.name.as_deref() == Some(name)).count()
        };
        assert!(pods("a") > 0 && pods("b") > 0 && pods("c") > 0, "the three Jobs run");
        let messages: Vec<&String> = report.diagnostics.iter().map(|d| &d.message).collect();
        assert!(!messages.iter().any(|m| m.contains("pod events")), "no timeline is cut: {messages:?}");
        assert!(messages.iter().any(|m| m.contains("stopped after 50000 events")), "the world's own cap: {messages:?}");
        let total: usize = report.operations.iter().map(|o| o.events.len()).sum();
        assert!(total <= super::MAX_EVENTS + 1, "the world stopped at its own cap: {total}");
    }
}
