//! The simulated cluster: live objects, what each one does over time (Job controller, bare pods,
//! scripted health), deletion with finalizers, and the health Argo CD reads (R47, R48, J33–J35).

use std::collections::HashMap;

use crate::common::health::{Health, HealthStatus};
use crate::input::annotations::Annotations;
use crate::input::yaml::Node;
use crate::k8s::job::types::JobTimeline;
use crate::k8s::object::Key;
use crate::report::Time;

pub type Uid = usize;

/// R23: the finalizer Argo CD puts on every hook it creates.
pub const HOOK_FINALIZER: &str = "argocd.argoproj.io/hook-finalizer";

/// What an object does once it exists.
#[derive(Debug)]
pub enum Behaviour {
    /// A bare Pod (or a scripted `healthOverTime`): a precomputed timeline, relative to
    /// `Live::created_at`.
    Timeline(JobTimeline),
    /// A Job: its controller, stepped by the world's queue (`Action::Job`); what it did so far is
    /// its timeline, relative to `Live::created_at`.
    Job(Box<crate::world::JobRun>),
    /// A kind with a health check (or a scripted custom check): Progressing until `after`
    /// (absolute time), then `status`.
    /// `scripted`: the Scenario gives the health; else it is assumed (Healthy at once).
    Scripted { status: HealthStatus, message: String, after: Time, progressing_message: String, scripted: bool },
    /// A health fixed from the object's own `status` (objects of `live:`).
    Fixed(Health),
    /// No health check for the kind (R48).
    NoHealth,
}

impl Behaviour {
    /// The timeline of a Job or bare Pod (a Job's: what its controller did so far).
    pub fn timeline(&self) -> Option<&JobTimeline> {
        match self {
            Behaviour::Timeline(tl) => Some(tl),
            Behaviour::Job(run) => Some(run.ctl.timeline()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Deletion {
    pub requested_at: Time,
    pub reason: &'static str,
}

/// Where an object's manifest is: one of the input's, by index (no copy: the engine runs on every
/// keystroke), or its own (the objects of the scenario's `live:`).
#[derive(Debug, Clone)]
pub enum NodeRef {
    Manifest(usize),
    Own(std::rc::Rc<Node>),
}

/// One object in the cluster.
#[derive(Debug)]
pub struct Live {
    pub uid: Uid,
    pub key: Key,
    /// The manifest selector (`Kind/name` or `Kind/generateName`) it came from.
    pub selector: String,
    /// The manifest as last applied.
    pub node: NodeRef,
    pub ann: Annotations,
    pub created_at: Time,
    pub hook_finalizer: bool,
    /// Tracked by the Application (its tracking label or annotation): only managed objects are
    /// pruned (R19) and deleted with the Application (R66). The namespace CreateNamespace=true
    /// creates is not (R37a).
    pub managed: bool,
    pub deletion: Option<Deletion>,
    /// Someone edited it (a Scenario drift, A11) since it was last applied.
    pub drifted: bool,
    pub behaviour: Behaviour,
    /// Absolute time of the Job's terminal condition, once known (for TTL and display).
    pub finished_at: Option<Time>,
    pub ttl_seconds_after_finished: Option<Time>,
}

impl Live {
    /// Where its health comes from, for `HealthChanged` events: scripted or assumed; None for
    /// health hooksim simulates (Jobs, Pods) or reads (live objects' status).
    pub fn health_source(&self) -> Option<crate::input::command::OutcomeSource> {
        use crate::input::command::OutcomeSource;
        match self.behaviour {
            Behaviour::Scripted { scripted: true, .. } => Some(OutcomeSource::Scripted),
            Behaviour::Scripted { scripted: false, .. } => Some(OutcomeSource::Assumed),
            _ => None,
        }
    }

    /// The manifest of the object as last applied.
    pub fn node<'m>(&'m self, manifests: &'m [crate::input::manifest::Manifest]) -> &'m Node {
        match &self.node {
            NodeRef::Manifest(i) => &manifests[*i].node,
            NodeRef::Own(n) => n,
        }
    }

    /// The health Argo CD reads at `now` (R48: a deleting object without the hook finalizer is
    /// "Progressing / Pending deletion"). None: the kind has no health check.
    pub fn health(&self, now: Time) -> Option<Health> {
        if self.deletion.is_some() && !self.hook_finalizer {
            return Some(Health::new(HealthStatus::Progressing, "Pending deletion"));
        }
        self.own_health(now)
    }

    /// The health from the object's own state, ignoring deletion.
    pub fn own_health(&self, now: Time) -> Option<Health> {
        if let Some(tl) = self.behaviour.timeline() {
            let rel = now - self.created_at;
            let mut h = None;
            for (t, health) in &tl.health {
                if *t <= rel {
                    h = Some(health.clone());
                } else {
                    break;
                }
            }
            return Some(h.unwrap_or_else(|| Health::new(HealthStatus::Progressing, "")));
        }
        match &self.behaviour {
            Behaviour::Timeline(_) | Behaviour::Job(_) => None,
            Behaviour::Scripted { status, message, after, progressing_message, .. } => {
                if now >= *after {
                    Some(Health::new(*status, message.clone()))
                } else {
                    Some(Health::new(HealthStatus::Progressing, progressing_message.clone()))
                }
            }
            Behaviour::Fixed(h) => Some(h.clone()),
            Behaviour::NoHealth => None,
        }
    }
}

/// All live objects, by uid, with a key index.
#[derive(Debug, Default)]
pub struct Cluster {
    objects: Vec<Option<Live>>,
    by_key: HashMap<Key, Uid>,
    /// Counts objects coming and going, so that lookups can be cached.
    generation: u64,
}

impl Cluster {
    pub fn insert(&mut self, mut live: Live) -> Uid {
        let uid = self.objects.len();
        live.uid = uid;
        self.generation += 1;
        self.by_key.insert(live.key.clone(), uid);
        self.objects.push(Some(live));
        uid
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The uid the next object will get: objects with a uid at or above an earlier value came
    /// since (with [`Cluster::generation`], tells whether objects only came).
    pub fn next_uid(&self) -> Uid {
        self.objects.len()
    }

    /// Live objects with a uid at or above `from`, in creation order.
    pub fn iter_from(&self, from: Uid) -> impl Iterator<Item = &Live> {
        self.objects.get(from..).unwrap_or_default().iter().filter_map(Option::as_ref)
    }

    pub fn get(&self, uid: Uid) -> Option<&Live> {
        self.objects.get(uid).and_then(Option::as_ref)
    }

    pub fn get_mut(&mut self, uid: Uid) -> Option<&mut Live> {
        self.objects.get_mut(uid).and_then(Option::as_mut)
    }

    /// R25: the live object of a target key.
    pub fn lookup(&self, key: &Key) -> Option<Uid> {
        if let Some(uid) = self.by_key.get(key) {
            return Some(*uid);
        }
        if crate::k8s::object::cluster_scoped(&key.kind) {
            let mut k = key.clone();
            k.namespace.clear();
            return self.by_key.get(&k).copied();
        }
        None
    }

    pub fn remove(&mut self, uid: Uid) -> Option<Live> {
        let live = self.objects.get_mut(uid)?.take()?;
        self.generation += 1;
        if self.by_key.get(&live.key) == Some(&uid) {
            self.by_key.remove(&live.key);
        }
        Some(live)
    }

    /// Live objects in creation order.
    pub fn iter(&self) -> impl Iterator<Item = &Live> {
        self.objects.iter().filter_map(Option::as_ref)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live(hook_finalizer: bool, deleting: bool) -> Live {
        Live {
            uid: 0,
            key: Key { group: String::new(), kind: "Pod".into(), namespace: "ns".into(), name: "my-pod".into() },
            selector: "Pod/my-pod".into(),
            node: NodeRef::Own(std::rc::Rc::new(crate::input::yaml::parse_document("{}", 0).expect("yaml"))),
            ann: Annotations::default(),
            created_at: 0,
            hook_finalizer,
            managed: true,
            deletion: deleting.then_some(Deletion { requested_at: 0, reason: "Prune" }),
            drifted: false,
            behaviour: Behaviour::Fixed(Health::new(HealthStatus::Healthy, "")),
            finished_at: None,
            ttl_seconds_after_finished: None,
        }
    }

    /// pkg/health TestPod "with a deletionTimestamp" (upstream-tests.md C1.74), R48, J35.
    #[test]
    fn r48_deleting_object_without_hook_finalizer_is_pending_deletion() {
        assert_eq!(live(false, true).health(5), Some(Health::new(HealthStatus::Progressing, "Pending deletion")));
        assert_eq!(live(true, true).health(5), Some(Health::new(HealthStatus::Healthy, "")));
        assert_eq!(live(false, false).health(5), Some(Health::new(HealthStatus::Healthy, "")));
    }
}
