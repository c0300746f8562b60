//! Application deletion (argocd-sync.md R65, R66): PreDelete hooks, the cascade, PostDelete
//! hooks and their cleanup, as the Argo CD controller does them.

use crate::argocd::delete_hooks;
use crate::argocd::plan::{self, Key};
use crate::argocd::sync::Phase;
use crate::common::health::HealthStatus;
use crate::input::annotations::{DeletePolicy, HookType};
use crate::input::scenario::Outcomes;
use crate::report::{Event, EventType, Time};
use crate::world::cluster::Uid;
use crate::world::World;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    PreDelete,
    Cascade,
    PostDelete,
    Cleanup,
    Done,
}

pub struct DeleteOp {
    stage: Stage,
    pub phase: Phase,
    pub message: String,
    pub started_at: Time,
    pub finished_at: Option<Time>,
    /// The Application's `DeletionError` condition while the controller's deletion fails
    /// (`processAppOperationQueueItem` sets it from `finalizeApplicationDeletion`'s error).
    pub deletion_error: Option<String>,
    outcomes: Outcomes,
    /// Delete hooks created by this operation: (hook type, manifest index, uid).
    created: Vec<(HookType, usize, Uid)>,
    announced: Vec<Stage>,
    completed_seen: Vec<Uid>,
    /// The Application's resources finalizer is there (`argocd app delete --cascade=false`
    /// removes it: the resources stay, the delete hooks still run).
    cascade_resources: bool,
    /// `resources-finalizer.argocd.argoproj.io/background`: the cascade deletes with background
    /// propagation.
    background: bool,
    /// The manifests the Application's current source leaves out (sorted): their delete hooks
    /// are not run.
    absent: Vec<usize>,
}

impl DeleteOp {
    pub fn new(world: &World, outcomes: Outcomes) -> DeleteOp {
        DeleteOp {
            stage: Stage::PreDelete,
            phase: Phase::Running,
            message: String::new(),
            started_at: world.now,
            finished_at: None,
            deletion_error: None,
            outcomes,
            created: Vec::new(),
            announced: Vec::new(),
            completed_seen: Vec::new(),
            cascade_resources: true,
            background: false,
            absent: Vec::new(),
        }
    }

    /// The deletion's options: cascade or not, background propagation or foreground.
    pub fn with_options(mut self, cascade: bool, background: bool) -> DeleteOp {
        self.cascade_resources = cascade;
        self.background = background;
        self
    }

    /// The source of the revision the Application is at (`argocd::app::source`).
    pub fn with_source(mut self, absent: Vec<usize>) -> DeleteOp {
        self.absent = absent;
        self
    }

    fn announce(&mut self, world: &mut World, stage: Stage, msg: &str, rule: &str) {
        if self.announced.contains(&stage) {
            return;
        }
        self.announced.push(stage);
        let mut e = Event::new(world.now, EventType::StepStarted).message(msg).rule(rule);
        e.phase = Some(
            match stage {
                Stage::PreDelete => "PreDelete",
                Stage::Cascade => "Cascade",
                Stage::PostDelete => "PostDelete",
                Stage::Cleanup => "Cleanup",
                Stage::Done => "Done",
            }
            .to_string(),
        );
        world.emit(e);
    }

    /// Reacts to the world as it is now. Returns true when it changed something.
    pub fn react(&mut self, world: &mut World) -> bool {
        let mut progressed = false;
        for _ in 0..8 {
            let before = self.stage;
            let changed = match self.stage {
                Stage::PreDelete => self.hooks(world, HookType::PreDelete),
                Stage::Cascade if !self.cascade_resources => self.skip_cascade(world),
                Stage::Cascade => {
                    self.note_propagation(world);
                    self.cascade(world)
                }
                Stage::PostDelete => self.hooks(world, HookType::PostDelete),
                Stage::Cleanup => self.cleanup(world),
                Stage::Done => false,
            };
            progressed |= changed;
            if self.stage == before || self.phase != Phase::Running {
                break;
            }
        }
        progressed
    }

    /// R66 steps 1 and 3: create the hooks of one type (all at once), wait for them, fail on Degraded.
    fn hooks(&mut self, world: &mut World, ty: HookType) -> bool {
        let stage = self.stage;
        let manifests = world.manifests;
        let caps = world.settings.caps;
        // R65: the delete hooks the controller of this release knows (none before 2.10/3.3).
        let wanted: Vec<usize> = (0..manifests.len())
            .filter(|i| {
                delete_hooks::is_delete_hook(&manifests[*i].ann, ty, &caps)
                    && crate::argocd::app::source::has(&self.absent, *i)
            })
            .collect();
        if wanted.is_empty() {
            self.stage = if ty == HookType::PreDelete { Stage::Cascade } else { Stage::Cleanup };
            return false;
        }
        self.announce(world, stage, &format!("{}: {} hook(s) at once, no waves", ty.as_str(), wanted.len()), "R66");
        let mut created_any = false;
        for i in wanted {
            if self.created.iter().any(|(t, m, _)| *t == ty && *m == i) {
                continue;
            }
            let m = &manifests[i];
            let ns = m.namespace.clone().unwrap_or_else(|| world.settings.namespace.clone());
            // The manifest is created as it is: the API server completes a generateName.
            let name = if m.name.is_empty() {
                format!("{}{}", m.generate_name.as_deref().unwrap_or(""), server_suffix(&m.selector, world.now))
            } else {
                m.name.clone()
            };
            let mut key = Key { group: m.group.clone(), kind: m.kind.clone(), namespace: ns, name };
            if let Some(existing) = world.cluster.lookup(&key) {
                self.created.push((ty, i, existing));
                continue;
            }
            if plan::cluster_scoped(&key.kind) {
                key.namespace.clear();
            }
            let outcome = self.outcomes.get(&m.selector).cloned();
            if let Some(err) = outcome.as_ref().and_then(|o| o.apply_error.clone()) {
                let mut e = Event::new(world.now, EventType::ApplyFailed).message(err.clone());
                e.reference = Some(m.selector.clone());
                e.kind = Some(m.kind.clone());
                e.name = Some(key.name.clone());
                e.namespace = Some(key.namespace.clone());
                e.phase = Some(ty.as_str().into());
                world.emit(e);
                self.fail(world, err);
                return true;
            }
            let uid = world.create(i, key.clone(), outcome.as_ref(), false);
            world.initial_health_event(uid);
            self.created.push((ty, i, uid));
            let mut e = Event::new(world.now, EventType::Applied)
                .message(format!("{}/{} created", m.kubectl_type(), key.name))
                .rule("R66");
            e.reference = Some(m.selector.clone());
            e.kind = Some(m.kind.clone());
            e.name = Some(key.name);
            e.namespace = world.cluster.get(uid).map(|l| l.key.namespace.clone());
            e.phase = Some(ty.as_str().into());
            world.emit(e);
            created_any = true;
        }
        if created_any {
            return true;
        }
        let mine: Vec<Uid> = self.created.iter().filter(|(t, _, _)| *t == ty).map(|(_, _, u)| *u).collect();
        let mut progressing = false;
        let mut failed: Vec<Uid> = Vec::new();
        for &u in &mine {
            let Some(live) = world.cluster.get(u) else { continue };
            let Some(h) = live.health(world.now) else {
                if !caps.delete_hook_health_nil_checked {
                    // R66 on 2.10.x–2.11.x: `executePostDeleteHooks` reads `hookHealth.Status` of a
                    // kind without a health check: a nil pointer dereference. The controller
                    // recovers from the panic and logs it, on every attempt, and sets no condition:
                    // the Application stays Deleting (argo-cd #17191, #18270; fixed in 2.12.0).
                    let (kind, name) = (live.key.kind.clone(), live.key.name.clone());
                    return self.stuck_on_nil_health(world, ty, &kind, &name);
                }
                // No health check: counted as Healthy (2.12.0, argo-cd 444d332d0a).
                if !self.completed_seen.contains(&u) {
                    self.completed_seen.push(u);
                    let mut e = world.object_event(EventType::HookCompleted, live).reason("Succeeded").rule("R66");
                    e.phase = Some(ty.as_str().into());
                    world.emit(e);
                }
                continue;
            };
            match h.status {
                HealthStatus::Progressing => progressing = true,
                HealthStatus::Degraded => failed.push(u),
                _ => {}
            }
            if h.status != HealthStatus::Progressing && !self.completed_seen.contains(&u) {
                self.completed_seen.push(u);
                let reason = if h.status == HealthStatus::Degraded { "Failed" } else { "Succeeded" };
                let mut e = world
                    .object_event(EventType::HookCompleted, live)
                    .reason(reason)
                    .message(h.message.clone())
                    .rule("R66");
                e.phase = Some(ty.as_str().into());
                world.emit(e);
            }
        }
        if progressing {
            return false;
        }
        // Before 3.3 (3bf3d8a212) a Degraded PostDelete hook counted as done: nothing failed.
        if !failed.is_empty() && caps.pre_delete_hooks {
            let names: Vec<String> = failed
                .iter()
                .filter_map(|u| world.cluster.get(*u))
                .map(|l| format!("{}/{}", l.key.namespace, l.key.name))
                .collect();
            for u in &failed {
                world.request_delete(*u, "HookFailed", "R66");
            }
            let err = format!("{} hook(s) failed: {}", ty.as_str(), names.join(", "));
            // `finalizeApplicationDeletion` wraps the PreDelete error, not the PostDelete one.
            self.deletion_error = Some(match ty {
                HookType::PreDelete => format!("error executing pre-delete hooks: {err}"),
                _ => err.clone(),
            });
            self.fail(world, err);
            return true;
        }
        self.stage = if ty == HookType::PreDelete { Stage::Cascade } else { Stage::Cleanup };
        false
    }

    /// R66 step 2 (`finalizeApplicationDeletion`, `FilterObjectsForDeletion`): the managed
    /// objects but CRDs, Delete=false and Helm keep are deleted one sync wave at a time, highest
    /// wave first. Each pass waits while any of the Application's objects is still being deleted,
    /// then deletes the candidates of the highest wave left.
    fn cascade(&mut self, world: &mut World) -> bool {
        if world.cluster.iter().any(|l| l.managed && l.deletion.is_some()) {
            return false;
        }
        // `shouldBeDeleted`: the object's Delete= option, else the Application's (3.4.0 on).
        let app_delete = match world.settings.caps.app_level_prune_and_delete {
            true => crate::argocd::sync::option_value(&world.settings.sync_options, "Delete"),
            false => None,
        };
        let candidates: Vec<(Uid, i64)> = world
            .cluster
            .iter()
            .filter(|l| {
                l.managed
                    && l.key.kind != "CustomResourceDefinition"
                    && !l.ann.sync_options.delete_disabled(app_delete.as_deref())
                    && !l.ann.helm_keep
            })
            .map(|l| (l.uid, l.ann.wave))
            .collect();
        let Some(wave) = candidates.iter().map(|(_, w)| *w).max() else {
            self.stage = Stage::PostDelete;
            return false;
        };
        let targets: Vec<Uid> = candidates.iter().filter(|(_, w)| *w == wave).map(|(u, _)| *u).collect();
        let msg = format!("cascade: the highest sync wave left, {wave}: {} object(s)", targets.len());
        let mut e = Event::new(world.now, EventType::StepStarted).message(msg).rule("R66");
        e.phase = Some("Cascade".into());
        e.wave = Some(wave);
        world.emit(e);
        // The controller does not touch hook finalizers here: one a sync left behind (Argo CD
        // 3.0–3.3 after an apply failure, argo-cd #23226, #29464) holds its object, and the
        // deletion waits for it.
        for u in targets {
            world.request_delete(u, "AppDeletion", "R66");
        }
        true
    }

    /// R66 step 4: delete the remaining delete hooks by policy, judged by their combined health.
    fn cleanup(&mut self, world: &mut World) -> bool {
        let stage = self.stage;
        let mut pending = false;
        let mut changed = false;
        for ty in [HookType::PreDelete, HookType::PostDelete] {
            let hooks: Vec<Uid> = self
                .created
                .iter()
                .filter(|(t, _, u)| *t == ty && world.cluster.get(*u).is_some())
                .map(|(_, _, u)| *u)
                .collect();
            if hooks.is_empty() {
                continue;
            }
            let worst = hooks
                .iter()
                .filter_map(|u| world.cluster.get(*u))
                .map(|l| l.health(world.now).map(|h| h.status).unwrap_or(HealthStatus::Healthy))
                .max_by_key(|s| s.severity())
                .unwrap_or(HealthStatus::Healthy);
            for u in hooks {
                let Some(live) = world.cluster.get(u) else { continue };
                let p = &live.ann.delete_policies;
                let delete = (p.contains(&DeletePolicy::HookSucceeded) && worst == HealthStatus::Healthy)
                    || (p.contains(&DeletePolicy::HookFailed) && worst == HealthStatus::Degraded);
                if delete {
                    pending = true;
                    if live.deletion.is_none() {
                        if !self.announced.contains(&stage) {
                            self.announce(world, stage, "cleanup of delete hooks by policy", "R66");
                        }
                        let reason = if worst == HealthStatus::Healthy { "HookSucceeded" } else { "HookFailed" };
                        world.request_delete(u, reason, "R66");
                        changed = true;
                    }
                }
            }
        }
        if !pending {
            self.stage = Stage::Done;
            self.phase = Phase::Succeeded;
            self.message = "Application deleted".into();
            self.finished_at = Some(world.now);
        }
        changed
    }

    /// R66 on 2.10.x–2.11.x: the panic on a delete hook without health leaves the operation
    /// running for ever.
    fn stuck_on_nil_health(&mut self, world: &mut World, ty: HookType, kind: &str, name: &str) -> bool {
        let message = format!(
            "Deleting: the controller panics reading the health of {} hook {kind}/{name}, a kind without a health check (nil pointer dereference, argo-cd #17191; fixed in 2.12.0)",
            ty.as_str()
        );
        if self.message == message {
            return false;
        }
        self.message = message.clone();
        let mut e = Event::new(world.now, EventType::StepStarted).message(message).rule("R66");
        e.phase = Some(ty.as_str().into());
        world.emit(e);
        false
    }

    /// R66 step 2 without the resources finalizer (`--cascade=false`): nothing is deleted.
    fn skip_cascade(&mut self, world: &mut World) -> bool {
        let stage = self.stage;
        self.announce(
            world,
            stage,
            "no cascade: the Application's resources stay in the cluster (no resources finalizer)",
            "R66",
        );
        self.stage = Stage::PostDelete;
        false
    }

    /// R66 step 2 with the background finalizer: said once, before the cascade starts.
    fn note_propagation(&mut self, world: &mut World) {
        if self.background && !self.announced.contains(&Stage::Cascade) {
            let mut e = Event::new(world.now, EventType::StepStarted)
                .message("cascade with background propagation: each object goes without waiting for its dependents (its pods); hooksim's deletion times are the same as foreground")
                .rule("R66");
            e.phase = Some("Cascade".into());
            world.emit(e);
        }
    }

    fn fail(&mut self, world: &mut World, message: String) {
        self.phase = Phase::Failed;
        self.message = message;
        self.finished_at = Some(world.now);
    }
}

/// The 5 characters the API server appends to a generateName (deterministic here).
pub fn server_suffix(seed: &str, t: Time) -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut h: u64 = 0xcbf29ce484222325;
    for b in seed.bytes().chain(t.to_le_bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    (0..5).map(|i| ALPHABET[((h >> (i * 8)) % ALPHABET.len() as u64) as usize] as char).collect()
}
