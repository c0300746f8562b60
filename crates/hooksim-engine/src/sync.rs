//! One sync operation: Argo CD's tick (`syncContext.Sync`, argocd-sync.md R35–R56) acting on
//! the simulated world, with its per-task results (R5–R7) and messages (R52, §13).

use std::collections::HashMap;

use crate::annotations::{DeletePolicy, SyncPhase};
use crate::cluster::Uid;
use crate::health::{Health, HealthStatus};
use crate::job_validation;
use crate::manifest::Manifest;
use crate::plan::{self, Key, SortKey};
use crate::report::{Event, EventType, ResourceResult, Time};
use crate::scenario::{Operation, Outcomes, Settings, Strategy};
use crate::spec;
use crate::version::Caps;
use crate::world::World;

/// What an operation asks of the sync engine (controller/sync.go `SyncAppState`): the prune flag,
/// the sync options in effect (the operation's own, else the Application's, R17), the strategy
/// and the resources of a selective sync (R18, R21). When the user confirms pruning (R57) is the
/// simulation's business (sim.rs reads the operation).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncRequest {
    /// The operation's prune flag (`syncOp.Prune`).
    pub prune: bool,
    /// The value of the options' `Prune=` (`WithDefaultPruneOption`): the default of objects
    /// that say nothing themselves.
    pub app_prune: Option<String>,
    /// `PruneLast=true` (R33).
    pub prune_last: bool,
    /// `ApplyOutOfSyncOnly=true` (R37b, R43).
    pub apply_out_of_sync_only: bool,
    /// `CreateNamespace=true` (R37a).
    pub create_namespace: bool,
    /// `SkipDryRunOnMissingResource=true` (R26).
    pub skip_dry_run_on_missing_resource: bool,
    /// Not `Validate=false`: strict field validation (R17).
    pub validate: bool,
    /// R21: the apply strategy or a selective sync runs no hooks.
    pub skip_hooks: bool,
    /// R18: the `Kind/name` selectors of a selective sync; empty: every resource. A set, so that
    /// selecting among many manifests and live objects stays linear.
    pub resources: std::collections::HashSet<String>,
    /// A3, A8: the revision synced (hook names, R22); None: `settings.revision`.
    pub revision: Option<String>,
}

impl SyncRequest {
    /// The request of one scenario operation: its own `syncOptions` replace the Application's,
    /// as those of a sync request do (server/application `Sync`).
    pub fn new(settings: &Settings, op: &Operation) -> SyncRequest {
        let options: &[String] = op.sync_options.as_deref().unwrap_or(&settings.sync_options);
        let has = |o: &str| options.iter().any(|x| x == o);
        SyncRequest {
            prune: op.prune.unwrap_or(settings.prune),
            // The options' Prune= is every object's default from 3.4.0 on (b7e2027f35, §16).
            app_prune: option_value(options, "Prune").filter(|_| settings.caps.app_level_prune_and_delete),
            prune_last: has("PruneLast=true"),
            apply_out_of_sync_only: has("ApplyOutOfSyncOnly=true"),
            create_namespace: has("CreateNamespace=true"),
            skip_dry_run_on_missing_resource: has("SkipDryRunOnMissingResource=true"),
            validate: !has("Validate=false"),
            skip_hooks: op.strategy == Strategy::Apply || !op.resources.is_empty(),
            resources: op.resources.iter().map(|(s, _)| s.clone()).collect(),
            revision: None,
        }
    }
}

/// `SyncOptions.GetOptionValue`: the value of the first `name=` option.
pub fn option_value(options: &[String], name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    options.iter().find_map(|o| o.strip_prefix(&prefix)).map(str::to_string)
}

/// Namespaces every Kubernetes cluster has: CreateNamespace=true never creates them (R37a).
const SYSTEM_NAMESPACES: [&str; 4] = ["default", "kube-system", "kube-public", "kube-node-lease"];

/// R4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultCode {
    Synced,
    SyncFailed,
    Pruned,
    PruneSkipped,
}

impl ResultCode {
    fn as_str(self) -> &'static str {
        match self {
            ResultCode::Synced => "Synced",
            ResultCode::SyncFailed => "SyncFailed",
            ResultCode::Pruned => "Pruned",
            ResultCode::PruneSkipped => "PruneSkipped",
        }
    }
}

/// R3 / R5: a task's operation state (`hookPhase`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpState {
    Running,
    Succeeded,
    Failed,
    Error,
}

impl OpState {
    pub fn as_str(self) -> &'static str {
        match self {
            OpState::Running => "Running",
            OpState::Succeeded => "Succeeded",
            OpState::Failed => "Failed",
            OpState::Error => "Error",
        }
    }
    fn completed(self) -> bool {
        self != OpState::Running
    }
}

/// The operation's phase (R3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Running,
    Succeeded,
    Failed,
    Error,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Running => "Running",
            Phase::Succeeded => "Succeeded",
            Phase::Failed => "Failed",
            Phase::Error => "Error",
        }
    }
}

/// One (object, phase) task (R19–R21).
#[derive(Debug, Clone)]
pub struct Task {
    /// The target manifest, None for prune tasks.
    pub manifest: Option<usize>,
    /// For prune tasks: the live object found when the operation started.
    pub prune_uid: Option<Uid>,
    pub live: Option<Uid>,
    pub key: Key,
    pub selector: String,
    pub phase: SyncPhase,
    pub wave: i64,
    pub is_hook: bool,
    pub policies: Vec<DeletePolicy>,
    pub status: Option<ResultCode>,
    pub state: Option<OpState>,
    pub message: String,
    /// R7: position in the results, fixed at the first write.
    pub order: Option<usize>,
    /// Prune options of the live object, or the Application's (R17).
    pub prune_disabled: bool,
    pub prune_confirm: bool,
    /// R37a: the destination namespace that CreateNamespace=true creates (it has no manifest).
    pub auto_namespace: bool,
    /// R26: a kind the cluster does not know yet, tolerated: its dry run is skipped.
    pub skip_dry_run: bool,
    /// Its dry run did not run (R26 skipDryRun, or a prune waiting for confirmation, R37c): the
    /// real apply then meets what the dry run would have found.
    pub dry_run_skipped: bool,
    /// R37b: target and live object exist and are the same, so ApplyOutOfSyncOnly leaves it out.
    pub in_sync: bool,
}

impl Task {
    fn is_prune(&self) -> bool {
        self.manifest.is_none() && !self.auto_namespace
    }
    /// A task with a target (not a prune).
    fn has_target(&self) -> bool {
        !self.is_prune()
    }
    fn pending(&self) -> bool {
        self.state.is_none()
    }
    fn running(&self) -> bool {
        self.state == Some(OpState::Running)
    }
    fn completed(&self) -> bool {
        self.state.is_some_and(OpState::completed)
    }
    fn successful(&self) -> bool {
        self.state == Some(OpState::Succeeded)
    }
    fn step(&self) -> (SyncPhase, i64) {
        (self.phase, self.wave)
    }
    fn has_policy(&self, p: DeletePolicy) -> bool {
        self.is_hook && self.policies.contains(&p)
    }
}

/// R46: the state of one run of tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum RunState {
    Successful,
    Pending,
    Failed,
}

/// The state of one sync operation.
pub struct SyncOp {
    /// The cluster generation the tasks' live objects were looked up at.
    live_generation: Option<u64>,
    pub tasks: Vec<Task>,
    pub phase: Phase,
    pub message: String,
    pub started_at: Time,
    /// Unix seconds used in generateName hook names (R22).
    pub started_unix: i64,
    next_order: usize,
    /// Argo CD is asleep in the wave callback until then (R35).
    pub delay_until: Option<Time>,
    steps_seen: Vec<(SyncPhase, i64)>,
    syncfail_started: bool,
    /// The outcomes of this operation (scenario outcomes with the operation's overrides).
    pub outcomes: Outcomes,
    pub finished_at: Option<Time>,
    /// What the simulated Argo CD release does where releases differ (§16, J35).
    caps: Caps,
    /// What the operation asks for (options, strategy, selective sync).
    pub req: SyncRequest,
    /// R57: the user confirmed pruning (`argocd.argoproj.io/deletion-approved`).
    pub prune_confirmed: bool,
    /// R37a: the namespace task, once the namespace exists: Argo CD no longer generates it, but
    /// its result stays. Kept with its place in the sorted list, for a retry.
    detached: Option<Box<(usize, Task)>>,
    /// R26: the kinds the cluster serves besides the built-in ones, as last computed.
    served: ServedKinds,
}

/// R26: the (group, kind) pairs the cluster serves besides the built-in ones, kept up to date
/// without a scan of the cluster per apply (which made many applies quadratic): objects that
/// came since are added; a removal, or a CustomResourceDefinition applied over, rebuilds it.
#[derive(Default)]
struct ServedKinds {
    /// The cluster generation and next uid it was computed at; None: never, or stale.
    at: Option<(u64, Uid)>,
    kinds: std::collections::HashSet<(String, String)>,
}

impl ServedKinds {
    fn get(&mut self, world: &World) -> &std::collections::HashSet<(String, String)> {
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

fn ev_task(world: &World, ty: EventType, t: &Task) -> Event {
    let mut e = Event::new(world.now, ty);
    e.reference = Some(t.selector.clone());
    e.kind = Some(t.key.kind.clone());
    e.name = Some(t.key.name.clone());
    e.namespace = Some(t.key.namespace.clone());
    e.phase = Some(t.phase.as_str().to_string());
    e.wave = Some(t.wave);
    e
}

impl SyncOp {
    /// Builds the tasks of a sync (R18–R31) against the cluster as it is at the start.
    pub fn new(world: &World, outcomes: Outcomes, started_unix: i64, req: SyncRequest) -> SyncOp {
        let settings = world.settings;
        let manifests: &[Manifest] = world.manifests;
        // R18: a selective sync keeps only the selected resources (by their Kind/name selector).
        let selected = |sel: &str| req.resources.is_empty() || req.resources.contains(sel);
        let task = |manifest: Option<usize>, key: Key, selector: String, phase: SyncPhase, wave: i64| Task {
            manifest,
            prune_uid: None,
            live: None,
            key,
            selector,
            phase,
            wave,
            is_hook: false,
            policies: Vec::new(),
            status: None,
            state: None,
            message: String::new(),
            order: None,
            prune_disabled: false,
            prune_confirm: false,
            auto_namespace: false,
            skip_dry_run: false,
            dry_run_skipped: false,
            in_sync: false,
        };
        let mut tasks = Vec::new();
        let mut target_keys: Vec<Key> = Vec::new();
        for (i, m) in manifests.iter().enumerate() {
            // R65: delete-only hooks never reach the engine (nor, in 3.3.3–3.3.4, delete hooks
            // that are also sync hooks); R14: hooks without types are dropped.
            if m.ann.delete_hook_only() || crate::delete_hooks::left_out_of_syncs(&m.ann, &settings.caps) {
                continue;
            }
            let ns = m.namespace.clone().unwrap_or_else(|| settings.namespace.clone()); // R24
            let phases = m.ann.phases();
            if !m.ann.is_hook && !m.ann.skip {
                target_keys.push(Key {
                    group: m.group.clone(),
                    kind: m.kind.clone(),
                    namespace: ns.clone(),
                    name: m.name.clone(),
                });
            }
            if m.ann.skip {
                // Skip-only: no task, and its live object is not pruned (R62).
                target_keys.push(Key {
                    group: m.group.clone(),
                    kind: m.kind.clone(),
                    namespace: ns.clone(),
                    name: m.name.clone(),
                });
                continue;
            }
            // R21: no hook task with skipHooks; R18: resources outside a selective sync have none.
            if (m.ann.is_hook && req.skip_hooks) || (!m.ann.is_hook && !selected(&m.selector)) {
                continue;
            }
            for phase in phases {
                let name = if m.name.is_empty() && m.ann.is_hook {
                    plan::hook_name(
                        m.generate_name.as_deref().unwrap_or(""),
                        req.revision.as_deref().unwrap_or(&settings.revision),
                        phase,
                        started_unix,
                    )
                } else {
                    m.name.clone()
                };
                let key = Key { group: m.group.clone(), kind: m.kind.clone(), namespace: ns.clone(), name };
                let mut t = task(Some(i), key, m.selector.clone(), phase, m.ann.wave);
                t.is_hook = m.ann.is_hook;
                t.policies = m.ann.delete_policies.clone();
                // R37b: ApplyOutOfSyncOnly leaves out a resource whose live object is the manifest.
                if req.apply_out_of_sync_only && !t.is_hook {
                    t.in_sync = world
                        .cluster
                        .lookup(&t.key)
                        .and_then(|u| world.cluster.get(u))
                        .is_some_and(|l| l.deletion.is_none() && unmodified(l.node(manifests), &m.node));
                }
                tasks.push(t);
            }
        }
        // R19/R20: live non-hook objects without a target are pruned. Targets are looked up by
        // group, kind and name (then `Key::matches_live` on the few that share them), so that many
        // live objects over many manifests stay linear.
        let mut targets_by_name: HashMap<(&str, &str, &str), Vec<&Key>> = HashMap::new();
        for k in &target_keys {
            targets_by_name.entry((k.group.as_str(), k.kind.as_str(), k.name.as_str())).or_default().push(k);
        }
        let app_prune = req.app_prune.as_deref();
        for live in world.cluster.iter() {
            if live.ann.is_hook || live.ann.skip || live.ann.delete_hook_only() || !live.managed {
                continue;
            }
            if !selected(&live.selector) {
                continue; // R18
            }
            let l = &live.key;
            let same_name = targets_by_name.get(&(l.group.as_str(), l.kind.as_str(), l.name.as_str()));
            if same_name.is_some_and(|ks| ks.iter().any(|k| k.matches_live(l) || *k == l)) {
                continue;
            }
            let mut t = task(None, live.key.clone(), live.selector.clone(), SyncPhase::Sync, live.ann.wave);
            t.prune_uid = Some(live.uid);
            t.live = Some(live.uid);
            t.prune_disabled = live.ann.sync_options.prune_disabled(app_prune);
            t.prune_confirm = live.ann.sync_options.prune_confirm(app_prune);
            tasks.push(t);
        }
        // R37a (`autoCreateNamespace`): with CreateNamespace=true, a PreSync wave-0 task creates
        // the destination namespace, unless a manifest (not a hook: Argo CD's copy of the hooks
        // into that list copies nothing) is that Namespace, or the namespace exists.
        if req.create_namespace && !settings.namespace.is_empty() {
            let name = settings.namespace.as_str();
            let managed = manifests.iter().any(|m| {
                !m.ann.is_hook
                    && !m.ann.delete_hook_only()
                    && m.group.is_empty()
                    && m.kind == "Namespace"
                    && m.name == name
            });
            let key =
                Key { group: String::new(), kind: "Namespace".into(), namespace: String::new(), name: name.into() };
            if !managed && !SYSTEM_NAMESPACES.contains(&name) && world.cluster.lookup(&key).is_none() {
                let mut t = task(None, key, format!("Namespace/{name}"), SyncPhase::PreSync, 0);
                t.auto_namespace = true;
                tasks.push(t);
            }
        }
        // R30: mirror the prune waves.
        let prune_waves: Vec<i64> = tasks.iter().filter(|t| t.is_prune()).map(|t| t.wave).collect();
        let mapping = plan::mirror_prune_waves(&prune_waves);
        for t in tasks.iter_mut().filter(|t| t.is_prune()) {
            if let Some((_, new)) = mapping.iter().find(|(old, _)| *old == t.wave) {
                t.wave = *new;
            }
        }
        // R33: PruneLast, of the operation or of the live object.
        // Go's `syncPhaseLastWave + 1` on an int wraps: a Sync wave of 9223372036854775807 (which
        // strconv.Atoi accepts) makes PruneLast the very first wave. Found by the fuzzer.
        let last_sync_wave =
            tasks.iter().filter(|t| t.phase == SyncPhase::Sync).map(|t| t.wave).fold(0, i64::max).wrapping_add(1);
        for t in tasks.iter_mut().filter(|t| t.is_prune()) {
            let prune_last = req.prune_last
                || t.prune_uid.and_then(|u| world.cluster.get(u)).is_some_and(|l| l.ann.sync_options.prune_last);
            if prune_last {
                t.wave = last_sync_wave;
            }
        }
        // R27: sort; R29: bubble Namespaces and CRDs.
        let keys: Vec<SortKey> = tasks
            .iter()
            .enumerate()
            .map(|(i, t)| SortKey {
                phase: t.phase,
                wave: t.wave,
                kind: t.key.kind.clone(),
                name: t.key.name.clone(),
                seq: i,
            })
            .collect();
        let mut order: Vec<usize> = (0..tasks.len()).collect();
        crate::sort::sort_by(&mut order, |a, b| plan::compare(&keys[*a], &keys[*b]));
        let mut sorted: Vec<Task> = order.into_iter().map(|i| tasks[i].clone()).collect();
        adjust_deps(&mut sorted, manifests);
        SyncOp {
            live_generation: None,
            tasks: sorted,
            phase: Phase::Running,
            message: String::new(),
            started_at: world.now,
            started_unix,
            next_order: 0,
            delay_until: None,
            steps_seen: Vec::new(),
            syncfail_started: false,
            outcomes,
            finished_at: None,
            caps: settings.caps,
            req,
            prune_confirmed: false,
            detached: None,
            served: ServedKinds::default(),
        }
    }

    /// R34: the first and the last task of the whole sorted list differ in phase or wave. Argo CD
    /// computes it every tick from the tasks it generates then (with the namespace task of R37a
    /// only while the namespace does not exist).
    fn multi_step(&self) -> bool {
        match (self.tasks.first(), self.tasks.last()) {
            (Some(a), Some(b)) => a.step() != b.step(),
            _ => false,
        }
    }

    /// R64: a retry starts again from the first tick with no results.
    pub fn reset_for_retry(&mut self) {
        // R37a: the namespace task is generated again, and left out again if the namespace exists.
        if let Some(d) = self.detached.take() {
            let (i, t) = *d;
            self.tasks.insert(i.min(self.tasks.len()), t);
        }
        self.live_generation = None;
        for t in &mut self.tasks {
            t.status = None;
            t.state = None;
            t.message.clear();
            t.order = None;
            t.skip_dry_run = false;
            t.dry_run_skipped = false;
        }
        self.next_order = 0;
        self.steps_seen.clear();
        self.syncfail_started = false;
        self.phase = Phase::Running;
    }

    /// R7: writes a task's result. An empty message never overwrites a non-empty one; the order is
    /// fixed at the first write.
    fn set_result(&mut self, i: usize, status: Option<ResultCode>, state: OpState, message: &str) {
        let t = &mut self.tasks[i];
        if status.is_some() {
            t.status = status;
        }
        t.state = Some(state);
        if !message.is_empty() {
            t.message = message.to_string();
        }
        if t.order.is_none() {
            self.next_order += 1;
            t.order = Some(self.next_order);
        }
    }

    fn started(&self) -> bool {
        self.tasks.iter().any(|t| t.order.is_some()) || self.detached.as_ref().is_some_and(|d| d.1.order.is_some())
    }

    /// R7 for a result written without an operation state: R26's invalid tasks (`SyncFailed`,
    /// `hookPhase` empty).
    fn set_invalid(&mut self, i: usize, message: &str) {
        let t = &mut self.tasks[i];
        t.status = Some(ResultCode::SyncFailed);
        t.message = message.to_string();
        if t.order.is_none() {
            self.next_order += 1;
            t.order = Some(self.next_order);
        }
    }

    /// The results in Argo CD's order (R7).
    pub fn results(&self) -> Vec<ResourceResult> {
        let detached = self.detached.iter().map(|d| &d.1);
        let mut with: Vec<&Task> = self.tasks.iter().chain(detached).filter(|t| t.order.is_some()).collect();
        crate::sort::sort_by_key(&mut with, |t| t.order);
        with.into_iter()
            .map(|t| ResourceResult {
                reference: t.selector.clone(),
                group: t.key.group.clone(),
                kind: t.key.kind.clone(),
                namespace: t.key.namespace.clone(),
                name: t.key.name.clone(),
                sync_phase: t.phase.as_str().to_string(),
                wave: t.wave,
                hook_type: if t.is_hook { Some(t.phase.as_str().to_string()) } else { None },
                status: t.status.map(|s| s.as_str().to_string()).unwrap_or_default(),
                hook_phase: t.state.map(|s| s.as_str().to_string()).unwrap_or_default(),
                message: t.message.clone(),
            })
            .collect()
    }

    fn finish(&mut self, world: &mut World, phase: Phase, message: String) {
        self.phase = phase;
        self.message = message;
        self.finished_at = Some(world.now);
    }

    /// One tick (`syncContext.Sync`). Returns true when it did something that Argo CD will see
    /// at once (applied, deleted), so that the caller ticks again.
    pub fn tick(&mut self, world: &mut World) -> bool {
        if self.phase != Phase::Running {
            return false;
        }
        // R31: refresh the live objects of every task, when objects came or went since the last
        // look (a lookup per task per tick would make long syncs quadratic).
        if self.live_generation != Some(world.cluster.generation()) {
            for t in &mut self.tasks {
                t.live = if t.is_prune() {
                    t.prune_uid.filter(|u| world.cluster.get(*u).is_some())
                } else {
                    world.cluster.lookup(&t.key)
                };
            }
            self.live_generation = Some(world.cluster.generation());
        }
        // R37a: once the namespace exists, Argo CD no longer generates its task (the
        // modifier says false for an existing namespace); the result stays. Only CreateNamespace
        // makes that task, and once detached it is gone from the list: no scan per tick else.
        let may_hold_namespace_task = self.req.create_namespace && self.detached.is_none();
        let existing_namespace_task = match may_hold_namespace_task {
            true => self.tasks.iter().position(|t| t.auto_namespace && t.live.is_some()),
            false => None,
        };
        if let Some(i) = existing_namespace_task {
            let t = self.tasks.remove(i);
            self.detached = Some(Box::new((i, t)));
        }
        let mut precreated = None;
        if !self.started() {
            // R26: discovery and the project's permissions.
            if self.validate(world) {
                return false;
            }
            // R37a: the destination namespace is applied alone, for real, before the dry run (from
            // 3.1.0; before, it is an ordinary PreSync wave-0 task, §16).
            let alone = self.caps.creates_namespace_before_dry_run;
            if let Some(i) = self.namespace_creation_task(world).filter(|_| alone) {
                let mut e = Event::new(world.now, EventType::StepStarted)
                    .step(self.tasks[i].phase.as_str(), self.tasks[i].wave)
                    .message(format!("Namespace/{} is created alone, before the dry run", self.tasks[i].key.name))
                    .rule("R37");
                if !self.tasks[i].auto_namespace {
                    e = e.message(format!(
                        "Namespace/{} (the destination namespace) is applied alone, before the dry run",
                        self.tasks[i].key.name
                    ));
                }
                world.emit(e);
                let (run, _) = self.run_tasks(world, &[i]);
                if run == RunState::Failed {
                    // R49 with no SyncFail hooks: they do not run for the namespace.
                    let msg = format!("the namespace failed to apply, reason: {}", self.tasks[i].message);
                    self.finish(world, Phase::Failed, msg);
                    return false;
                }
                precreated = Some(i);
            }
            // R37c: the client-side dry run of every other task, but those ApplyOutOfSyncOnly
            // leaves out (R37b) and those whose kind is not known yet (R26). A prune waiting for
            // confirmation makes it pending before any create is dry-run.
            let confirm_pending = !self.prune_confirmed
                && self.tasks.iter().any(|t| t.is_prune() && t.prune_confirm && !self.left_out(t));
            let mut failed = false;
            for i in 0..self.tasks.len() {
                let t = &self.tasks[i];
                if Some(i) == precreated || t.is_prune() || self.left_out(t) {
                    continue;
                }
                self.tasks[i].dry_run_skipped = confirm_pending || t.skip_dry_run;
                if self.tasks[i].dry_run_skipped {
                    continue;
                }
                if let Some(err) = self.dry_run_error(world, i) {
                    self.set_result(i, Some(ResultCode::SyncFailed), OpState::Failed, &err);
                    let e = ev_task(world, EventType::ApplyFailed, &self.tasks[i])
                        .message(format!("dry run: {err}"))
                        .rule("R37");
                    world.emit(e);
                    failed = true;
                }
            }
            if failed {
                self.finish(world, Phase::Failed, "one or more objects failed to apply (dry run)".into());
                return false;
            }
        }
        // R38: refresh running tasks from health (not the namespace created in this tick: Argo CD
        // looked its live object up before creating it).
        self.refresh(world, precreated);
        // R39: wait for running hooks (and resources when multi-step).
        let multi_step = self.multi_step();
        let wait: Vec<usize> = (0..self.tasks.len())
            .filter(|i| {
                let t = &self.tasks[*i];
                t.running() && (t.is_hook || multi_step)
            })
            .collect();
        if !wait.is_empty() {
            let mut missing = false;
            // Before Argo CD 3.4 there is no such check: a running hook whose object is gone (a
            // Job the TTL controller deleted before Argo CD saw it finish, J35) stays Running,
            // and the operation waits for it for ever.
            let check = self.caps.checks_missing_resources;
            for &i in wait.iter().filter(|_| check) {
                if self.tasks[i].live.is_none() {
                    missing = true;
                    let msg = format!("Resource {} is missing, it might have been deleted", self.tasks[i].key.gkn());
                    self.set_result(i, Some(ResultCode::SyncFailed), OpState::Error, &msg);
                    let e = ev_task(world, EventType::HookCompleted, &self.tasks[i])
                        .reason("Error")
                        .message(msg)
                        .rule("R39");
                    world.emit(e);
                }
            }
            self.set_running(&wait, false);
            // R39/R64: the Error result is a change of the operation state, so the controller
            // ticks again at once and R42 fails the operation (it used to wait forever).
            return missing || precreated.is_some();
        }
        // R40: prunes of this operation that are still terminating.
        let deleting: Vec<usize> = (0..self.tasks.len())
            .filter(|i| {
                let t = &self.tasks[*i];
                t.status == Some(ResultCode::Pruned)
                    && t.live.and_then(|u| world.cluster.get(u)).is_some_and(|l| l.deletion.is_some())
            })
            .collect();
        if !deleting.is_empty() {
            self.set_running(&deleting, true);
            return false;
        }
        // R41: finalizers of completed hooks; deletion candidates.
        for i in 0..self.tasks.len() {
            let t = &self.tasks[i];
            if t.is_hook && t.completed() {
                if let Some(u) = t.live {
                    world.remove_hook_finalizer(u);
                }
            }
        }
        let candidates = |p: DeletePolicy| -> Vec<usize> {
            (0..self.tasks.len())
                .filter(|i| {
                    let t = &self.tasks[*i];
                    t.is_hook && t.live.is_some() && !t.running() && t.has_policy(p)
                })
                .collect()
        };
        let succ_del = candidates(DeletePolicy::HookSucceeded);
        let fail_del = candidates(DeletePolicy::HookFailed);
        // R42: failure.
        let failed_any = self.tasks.iter().any(|t| t.phase != SyncPhase::SyncFail && t.completed() && !t.successful());
        if failed_any {
            self.delete_hooks(world, &fail_del, "HookFailed");
            let failed: Vec<usize> = (0..self.tasks.len())
                .filter(|i| {
                    self.tasks[*i].phase != SyncPhase::SyncFail && self.tasks[*i].status == Some(ResultCode::SyncFailed)
                })
                .collect();
            let judged =
                |op: &SyncOp| op.tasks.iter().filter(|t| t.phase == SyncPhase::SyncFail && t.state.is_some()).count();
            let before = judged(self);
            self.sync_fail_phase(world, &failed, "one or more synchronization tasks completed unsuccessfully");
            // R49: SyncFail hooks just applied (or rejected) are looked at again at once, like the
            // tasks of any step (R43): a hook without health, or one that failed to apply, changes
            // nothing in the cluster that would wake Argo CD otherwise.
            return judged(self) > before;
        }
        // R43: the next step.
        // R37b: ApplyOutOfSyncOnly leaves out what is in sync (after the failure check).
        let pending: Vec<usize> = (0..self.tasks.len())
            .filter(|i| {
                let t = &self.tasks[*i];
                t.phase != SyncPhase::SyncFail && t.pending() && !self.left_out(t)
            })
            .collect();
        if pending.is_empty() {
            self.delete_hooks(world, &succ_del, "HookSucceeded");
            self.finish(world, Phase::Succeeded, "successfully synced (no more tasks)".into());
            return true;
        }
        let step = self.tasks[pending[0]].step();
        let last = self.tasks[*pending.last().expect("not empty")].step();
        let final_step = step == last;
        let step_tasks: Vec<usize> = pending.iter().copied().filter(|i| self.tasks[*i].step() == step).collect();
        let remaining = pending.len() - step_tasks.len();
        if !self.steps_seen.contains(&step) {
            self.steps_seen.push(step);
            let e = Event::new(world.now, EventType::StepStarted).step(step.0.as_str(), step.1).rule("R32").message(
                format!(
                    "{} wave {}: {} task{}",
                    step.0.as_str(),
                    step.1,
                    step_tasks.len(),
                    if step_tasks.len() == 1 { "" } else { "s" }
                ),
            );
            world.emit(e);
        }
        self.message = "one or more tasks are running".into();
        let (run, waiting_deletion) = self.run_tasks(world, &step_tasks);
        if run != RunState::Failed && !final_step {
            self.wave_delay(world, step);
        }
        let caps = self.caps;
        match run {
            RunState::Successful => {
                let has_hook = step_tasks.iter().any(|i| self.tasks[*i].is_hook);
                if remaining == 0 && !has_hook {
                    self.delete_hooks(world, &succ_del, "HookSucceeded");
                    self.finish(world, Phase::Succeeded, "successfully synced (all tasks run)".into());
                } else if caps.names_hooks_in_running_message {
                    self.set_running(&step_tasks, false);
                } else {
                    // §16: before 3.4 the message describes the remaining tasks: the step's hooks
                    // and every pending task of the later steps.
                    let rest: Vec<usize> = pending
                        .iter()
                        .copied()
                        .filter(|i| self.tasks[*i].step() != step || self.tasks[*i].is_hook)
                        .collect();
                    self.set_running(&rest, false);
                }
            }
            RunState::Pending if caps.names_hooks_in_running_message => self.set_running(&waiting_deletion, true),
            RunState::Pending => {
                // §16: before 3.4 the pending message lists the step's hooks that have a live
                // object and a HookSucceeded or HookFailed policy (`deleteOnPhaseCompletion`);
                // with none, the message stays as it was.
                let list: Vec<usize> = step_tasks
                    .iter()
                    .copied()
                    .filter(|i| {
                        let t = &self.tasks[*i];
                        t.live.is_some()
                            && (t.has_policy(DeletePolicy::HookSucceeded) || t.has_policy(DeletePolicy::HookFailed))
                    })
                    .collect();
                self.set_running(&list, true);
            }
            RunState::Failed => self.failed_step(world, &step_tasks, &fail_del),
        }
        true
    }

    /// R37b: ApplyOutOfSyncOnly leaves the task out (hooks are always kept).
    fn left_out(&self, t: &Task) -> bool {
        self.req.apply_out_of_sync_only && t.in_sync && !t.is_hook
    }

    /// R37a (`getNamespaceCreationTask`): the first task, in sorted order, that creates a
    /// Namespace named like the destination namespace: CreateNamespace's, or a manifest's.
    fn namespace_creation_task(&self, world: &World) -> Option<usize> {
        let ns = world.settings.namespace.as_str();
        self.tasks.iter().position(|t| {
            t.has_target()
                && t.live.is_none()
                && t.key.group.is_empty()
                && t.key.kind == "Namespace"
                && t.key.name == ns
                && !ns.is_empty()
                // The namespaces every cluster has exist, whatever hooksim's cluster holds.
                && !SYSTEM_NAMESPACES.contains(&ns)
        })
    }

    /// R26 (`getSyncTasks`): every task's kind is looked up through discovery and checked by the
    /// project. A kind the cluster does not know fails the task unless it is tolerated
    /// (`SkipDryRunOnMissingResource`, or a CRD for it among the manifests), which skips its dry
    /// run; the project's permission check fails it with its message. Any failure writes the
    /// task's result (`SyncFailed`, no operation state) and fails the operation: no dry run, no
    /// SyncFail hooks. Returns true when the operation failed.
    fn validate(&mut self, world: &mut World) -> bool {
        let served = self.served.get(world).clone();
        let crd_targets: Vec<(String, String)> = world
            .manifests
            .iter()
            .filter(|m| !m.ann.delete_hook_only() && !crate::delete_hooks::left_out_of_syncs(&m.ann, &self.caps))
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
            crate::sort::sort(&mut raw);
            msg = format!("{msg}: {}", raw.join("; "));
        }
        self.finish(world, Phase::Failed, msg);
        true
    }

    /// R57: the user confirms pruning (the Application gets `argocd.argoproj.io/deletion-approved`).
    /// Argo CD sees it at once; a step that waited for it runs again.
    pub fn confirm_pruning(&mut self, world: &mut World) {
        if self.prune_confirmed || self.phase != Phase::Running {
            return;
        }
        self.prune_confirmed = true;
        if let Some(t) = self.tasks.iter().find(|t| t.is_prune() && t.prune_confirm && t.pending()) {
            let e = Event::new(world.now, EventType::StepStarted)
                .step(t.phase.as_str(), t.wave)
                .message("the user confirms pruning (Confirm Pruning): the step runs again")
                .rule("R57");
            world.emit(e);
        }
        world.dirty = true;
    }

    /// R35: the blocking wave delay after a step that did not fail.
    fn wave_delay(&mut self, world: &mut World, step: (SyncPhase, i64)) {
        let d = world.settings.wave_delay_seconds;
        if d <= 0 {
            return;
        }
        self.delay_until = Some(world.now + d);
        world.wake_at(world.now + d);
        let e = Event::new(world.now, EventType::WaveDelay)
            .step(step.0.as_str(), step.1)
            .message(format!("{d} s wave delay: Argo CD sleeps before it looks again (ARGOCD_SYNC_WAVE_DELAY)"))
            .rule("R35");
        world.emit(e);
    }

    /// R50: a step whose run failed.
    fn failed_step(&mut self, world: &mut World, step_tasks: &[usize], fail_del: &[usize]) {
        let failed: Vec<usize> =
            step_tasks.iter().copied().filter(|i| self.tasks[*i].status == Some(ResultCode::SyncFailed)).collect();
        if !self.caps.waits_for_hooks_after_failure {
            // §16: before 3.4 the failure-deletions go at once and the SyncFail phase starts (or,
            // without SyncFail hooks, the operation fails) whatever still runs in the step. The
            // hooks that were just created run on, and keep their hook finalizer (argo-cd #23226).
            self.delete_hooks(world, fail_del, "HookFailed");
            self.sync_fail_phase(world, &failed, "one or more objects failed to apply");
            return;
        }
        let running: Vec<usize> = step_tasks.iter().copied().filter(|i| self.tasks[*i].running()).collect();
        if !running.is_empty() {
            let mut wait = running;
            let has_syncfail = self.tasks.iter().any(|t| t.phase == SyncPhase::SyncFail);
            if has_syncfail {
                let (_, started) = self.start_sync_fail(world);
                wait.extend(started);
            }
            self.set_running(&wait, false);
            return;
        }
        let completed = self.sync_fail_phase(world, &failed, "one or more objects failed to apply");
        if completed {
            self.delete_hooks(world, fail_del, "HookFailed");
        }
    }

    /// R49: the SyncFail phase. Returns true when the operation completed.
    fn sync_fail_phase(&mut self, world: &mut World, failed: &[usize], base: &str) -> bool {
        let mut msg = base.to_string();
        let reasons = distinct_messages(failed.iter().map(|i| self.tasks[*i].message.as_str()));
        if !reasons.is_empty() {
            msg = format!("{msg}, reason: {}", reasons.join(","));
        }
        let sf: Vec<usize> = (0..self.tasks.len()).filter(|i| self.tasks[*i].phase == SyncPhase::SyncFail).collect();
        if sf.is_empty() {
            self.finish(world, Phase::Failed, msg);
            return true;
        }
        let caps = self.caps;
        let syncfail_line = |op: &SyncOp, msg: &mut String| {
            let apply_failed: Vec<usize> =
                sf.iter().copied().filter(|i| op.tasks[*i].status == Some(ResultCode::SyncFailed)).collect();
            if !apply_failed.is_empty() {
                let r = distinct_messages(apply_failed.iter().map(|i| op.tasks[*i].message.as_str()));
                *msg = format!("{msg}\none or more SyncFail hooks failed, reason: {}", r.join(","));
            }
        };
        if sf.iter().all(|i| self.tasks[*i].completed()) {
            if caps.waits_for_hooks_after_failure {
                syncfail_line(self, &mut msg);
            }
            self.finish(world, Phase::Failed, msg);
            return true;
        }
        let (run, started) = self.start_sync_fail(world);
        if caps.waits_for_hooks_after_failure {
            self.set_running(&started, false);
            return false;
        }
        // §16: before 3.4 a SyncFail hook that fails to apply fails the operation at once, while
        // the SyncFail hooks that did start run on (with their hook finalizer); the second line
        // exists from 3.0. Otherwise the message is left as it was.
        if run == RunState::Failed {
            if caps.reports_syncfail_apply_failure {
                syncfail_line(self, &mut msg);
            }
            self.finish(world, Phase::Failed, msg);
            return true;
        }
        false
    }

    /// R49: runs every SyncFail hook that is neither completed nor running, all at once.
    fn start_sync_fail(&mut self, world: &mut World) -> (RunState, Vec<usize>) {
        let todo: Vec<usize> = (0..self.tasks.len())
            .filter(|i| self.tasks[*i].phase == SyncPhase::SyncFail && self.tasks[*i].pending())
            .collect();
        if todo.is_empty() {
            return (RunState::Successful, Vec::new());
        }
        if !self.syncfail_started {
            self.syncfail_started = true;
            let e = Event::new(world.now, EventType::StepStarted)
                .message(format!(
                    "SyncFail: {} hook{} at once, waves ignored",
                    todo.len(),
                    if todo.len() == 1 { "" } else { "s" }
                ))
                .rule("R49");
            let mut e = e;
            e.phase = Some("SyncFail".into());
            world.emit(e);
        }
        let (run, waiting) = self.run_tasks(world, &todo);
        if run == RunState::Pending {
            return (run, waiting);
        }
        (run, todo)
    }

    /// R38.
    fn refresh(&mut self, world: &mut World, skip: Option<usize>) {
        for i in 0..self.tasks.len() {
            let t = &self.tasks[i];
            if !t.running() || Some(i) == skip {
                continue;
            }
            let Some(uid) = t.live else { continue };
            let Some(live) = world.cluster.get(uid) else { continue };
            let health = live.health(world.now);
            if t.is_hook {
                let (state, msg) = hook_state(health.as_ref(), &live.key.name);
                self.clear_hook_status(i);
                self.set_result(i, None, state, &msg);
                if state != OpState::Running {
                    let t = &self.tasks[i];
                    let e = ev_task(world, EventType::HookCompleted, t)
                        .reason(state.as_str())
                        .message(t.message.clone())
                        .rule("R47");
                    world.emit(e);
                }
            } else {
                match health {
                    None => self.set_result(i, None, OpState::Succeeded, ""),
                    Some(h) if h.status == HealthStatus::Healthy => {
                        self.set_result(i, None, OpState::Succeeded, &h.message)
                    }
                    Some(h) if h.status == HealthStatus::Degraded => {
                        self.set_result(i, None, OpState::Failed, &h.message)
                    }
                    Some(_) => {}
                }
            }
        }
    }

    /// R52: the running message for a list of tasks.
    fn set_running(&mut self, list: &[usize], pending_deletion: bool) {
        if !self.caps.names_hooks_in_running_message {
            self.set_running_before_3_4(list, pending_deletion);
            return;
        }
        self.phase = Phase::Running;
        if list.is_empty() {
            self.message = String::new();
            return;
        }
        let any_hook = list.iter().any(|i| self.tasks[*i].is_hook);
        let any_resource = list.iter().any(|i| !self.tasks[*i].is_hook);
        let plural = if any_resource { "resources" } else { "hooks" };
        let confirm: Vec<usize> = list
            .iter()
            .copied()
            .filter(|i| !self.prune_confirmed && self.tasks[*i].is_prune() && self.tasks[*i].prune_confirm)
            .collect();
        let (reason, first, n) = if !confirm.is_empty() {
            ("pruning confirmation of", confirm[0], confirm.len() - 1)
        } else {
            let first = list.iter().copied().find(|i| self.tasks[*i].is_hook).unwrap_or(list[0]);
            let reason = match (pending_deletion, any_hook) {
                (true, true) => "deletion of hook",
                (true, false) => "deletion of",
                (false, true) => "completion of hook",
                (false, false) => "healthy state of",
            };
            (reason, first, list.len() - 1)
        };
        let mut msg = format!("waiting for {reason} {}", self.tasks[first].key.gkn());
        if n > 0 {
            msg = format!("{msg} and {n} more {plural}");
        }
        self.message = msg;
    }

    /// R52 before Argo CD 3.4 (§16): the message names the list's first task, and its type alone
    /// picks the wording and the plural; an empty list leaves the message as it was.
    fn set_running_before_3_4(&mut self, list: &[usize], pending_deletion: bool) {
        let Some(&first) = list.first() else { return };
        self.phase = Phase::Running;
        let hook = self.tasks[first].is_hook;
        let reason = match (pending_deletion, hook) {
            (true, _) => "deletion of",
            (false, true) => "completion of hook",
            (false, false) => "healthy state of",
        };
        let plural = if hook { "hooks" } else { "resources" };
        let mut msg = format!("waiting for {reason} {}", self.tasks[first].key.gkn());
        if list.len() > 1 {
            msg = format!("{msg} and {} more {plural}", list.len() - 1);
        }
        self.message = msg;
    }

    /// §16: before Argo CD 3.4, reading a hook's health (and Terminate) wrote its result with an
    /// empty status.
    fn clear_hook_status(&mut self, i: usize) {
        if !self.caps.keeps_hook_status && self.tasks[i].is_hook {
            self.tasks[i].status = None;
        }
    }

    /// R54: deletes hooks by policy at the end of the operation.
    fn delete_hooks(&mut self, world: &mut World, list: &[usize], reason: &'static str) {
        for &i in list {
            // `deleteHooks` only deletes: a completed hook lost its finalizer at R41 already, and a
            // finalizer left on a leftover hook by an earlier operation holds it (argo-cd #29464).
            if let Some(u) = self.tasks[i].live {
                world.request_delete(u, reason, "R54");
            }
        }
    }

    fn dry_run_error(&self, world: &World, i: usize) -> Option<String> {
        let t = &self.tasks[i];
        let m = &world.manifests[t.manifest?];
        if let Some(err) = self.outcome(&t.selector).and_then(|o| o.dry_run_error.clone()) {
            return Some(err);
        }
        static_apply_error(m, t, true, world.settings.kube_minor, self.req.validate)
    }

    fn outcome(&self, selector: &str) -> Option<&crate::scenario::Outcome> {
        self.outcomes.get(selector)
    }

    /// R44: runs the tasks of one step. Returns the run state and, when pending, the tasks that
    /// wait for a deletion.
    fn run_tasks(&mut self, world: &mut World, list: &[usize]) -> (RunState, Vec<usize>) {
        // R44.1: stale hook finalizers (from 3.0.16, 3.1.4 and 3.2.0; before, a finalizer an earlier
        // operation left holds the BeforeHookCreation deletion below for ever, argo-cd #23226).
        for &i in list.iter().filter(|_| self.caps.removes_stale_finalizers) {
            let t = &self.tasks[i];
            if t.is_hook && t.pending() {
                if let Some(u) = t.live {
                    world.remove_hook_finalizer(u);
                }
            }
        }
        // R44.2: prunes.
        let prunes: Vec<usize> = list.iter().copied().filter(|i| self.tasks[*i].is_prune()).collect();
        if !self.prune_confirmed && prunes.iter().any(|i| self.tasks[*i].prune_confirm) {
            if !self.caps.names_hooks_in_running_message {
                self.prune_confirm_message_before_3_4(world, &prunes);
            }
            return (RunState::Pending, prunes);
        }
        for &i in &prunes {
            let (code, msg, ty) = if !self.req.prune {
                (ResultCode::PruneSkipped, "ignored (requires pruning)", EventType::PruneSkipped)
            } else if self.tasks[i].prune_disabled {
                (ResultCode::PruneSkipped, "ignored (no prune)", EventType::PruneSkipped)
            } else {
                (ResultCode::Pruned, "pruned", EventType::Pruned)
            };
            self.set_result(i, Some(code), OpState::Succeeded, msg);
            let e = ev_task(world, ty, &self.tasks[i]).message(msg).rule("R57");
            world.emit(e);
            if code == ResultCode::Pruned {
                if let Some(u) = self.tasks[i].live {
                    world.request_delete(u, "Prune", "R57");
                }
            }
        }
        // R44.3: BeforeHookCreation.
        let mut waiting = Vec::new();
        for &i in list {
            let t = &self.tasks[i];
            if t.is_prune() || !t.is_hook || !t.pending() || !t.has_policy(DeletePolicy::BeforeHookCreation) {
                continue;
            }
            if let Some(u) = t.live {
                world.request_delete(u, "BeforeHookCreation", "R53");
                waiting.push(i);
            }
        }
        if !waiting.is_empty() {
            return (RunState::Pending, waiting);
        }
        // R44.4: apply, in runs of the same kind (all at the same instant here).
        let mut state = RunState::Successful;
        for &i in list {
            if self.tasks[i].is_prune() {
                continue;
            }
            if !self.apply(world, i) {
                state = RunState::Failed;
            }
        }
        (state, Vec::new())
    }

    /// R57 before Argo CD 3.4 (§16): `runTasks` itself wrote "Waiting for pruning confirmation of
    /// <apiVersion>/<kind>/<name>", with a capital W and the apiVersion instead of the group.
    fn prune_confirm_message_before_3_4(&mut self, world: &World, prunes: &[usize]) {
        let confirm: Vec<&Task> = prunes.iter().map(|i| &self.tasks[*i]).filter(|t| t.prune_confirm).collect();
        let Some(first) = confirm.first() else { return };
        let api_version = first
            .prune_uid
            .and_then(|u| world.cluster.get(u))
            .and_then(|l| l.node(world.manifests).get("apiVersion").and_then(|n| n.as_str()).map(str::to_string))
            .unwrap_or_default();
        let mut msg =
            format!("Waiting for pruning confirmation of {api_version}/{}/{}", first.key.kind, first.key.name);
        if confirm.len() > 1 {
            msg = format!("{msg} and {} more resources", confirm.len() - 1);
        }
        self.message = msg;
    }

    /// Applies one task's target. False on failure.
    fn apply(&mut self, world: &mut World, i: usize) -> bool {
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
            .or_else(|| t.live.is_none().then(|| crate::prerequisites::apply_refusal(world, m, &t.key)).flatten());
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
                world.reapply(u, mi, outcome.as_ref(), t.is_hook && self.caps.hook_finalizer);
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
    fn create_namespace(&mut self, world: &mut World, i: usize) -> bool {
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

    /// R55: TERMINATE.
    pub fn terminate(&mut self, world: &mut World) {
        if self.phase != Phase::Running {
            return;
        }
        for t in &mut self.tasks {
            t.live = if t.is_prune() { t.prune_uid } else { world.cluster.lookup(&t.key) };
        }
        if !self.caps.terminates_running_hooks_only {
            self.terminate_before_3_4(world);
            return;
        }
        for i in 0..self.tasks.len() {
            let t = &self.tasks[i];
            if t.is_hook && t.completed() {
                if let Some(u) = t.live {
                    world.remove_hook_finalizer(u);
                }
            }
        }
        for i in 0..self.tasks.len() {
            let t = &self.tasks[i];
            if !(t.is_hook && t.running()) {
                continue;
            }
            let Some(u) = t.live else {
                self.set_result(i, None, OpState::Succeeded, "Terminated");
                continue;
            };
            let health = world.cluster.get(u).and_then(|l| l.health(world.now));
            let (state, msg) = hook_state(health.as_ref(), &t.key.name);
            world.remove_hook_finalizer(u);
            if state == OpState::Running || t.has_policy(DeletePolicy::HookFailed) {
                world.request_delete(u, "Terminate", "R55");
            }
            if state.completed() {
                self.set_result(i, None, state, &msg);
            } else {
                self.set_result(i, None, OpState::Failed, "Terminated");
            }
            self.emit_terminated(world, i);
        }
        self.finish(world, Phase::Failed, "Operation terminated".into());
    }

    /// R55: the event of a hook that Terminate recorded, with its new state and message.
    fn emit_terminated(&self, world: &mut World, i: usize) {
        let t = &self.tasks[i];
        let e = ev_task(world, EventType::HookCompleted, t)
            .reason(t.state.map(|s| s.as_str()).unwrap_or(""))
            .message(t.message.clone())
            .rule("R55");
        world.emit(e);
    }

    /// R55 before Argo CD 3.4 (§16): every hook task that has a live object, whatever its state
    /// (pending hooks left over from an earlier operation too), loses its hook finalizer and has
    /// its health read. A hook still running is deleted and recorded Succeeded "Deleted"; the
    /// others are recorded with their health. Each write clears the result's status. A running
    /// hook whose object is gone is skipped: its result stays Running.
    fn terminate_before_3_4(&mut self, world: &mut World) {
        for i in 0..self.tasks.len() {
            let t = &self.tasks[i];
            let Some(u) = t.live.filter(|_| t.is_hook) else { continue };
            let was_completed = t.completed();
            world.remove_hook_finalizer(u);
            let health = world.cluster.get(u).and_then(|l| l.health(world.now));
            let (state, msg) = hook_state(health.as_ref(), &self.tasks[i].key.name);
            self.clear_hook_status(i);
            if state == OpState::Running {
                world.request_delete(u, "Terminate", "R55");
                self.set_result(i, None, OpState::Succeeded, "Deleted");
            } else {
                self.set_result(i, None, state, &msg);
            }
            if !was_completed {
                self.emit_terminated(world, i);
            }
        }
        self.finish(world, Phase::Failed, "Operation terminated".into());
    }
}

/// R47 (`getOperationPhase`): a hook's state and message from its health. No health check (and
/// any status outside the table, e.g. Missing) means Succeeded "<name> created".
fn hook_state(health: Option<&Health>, name: &str) -> (OpState, String) {
    match health.map(|h| (h.status, h)) {
        Some((HealthStatus::Healthy, h)) => (OpState::Succeeded, h.message.clone()),
        Some((HealthStatus::Progressing | HealthStatus::Suspended, h)) => (OpState::Running, h.message.clone()),
        Some((HealthStatus::Degraded | HealthStatus::Unknown, h)) => (OpState::Failed, h.message.clone()),
        Some((HealthStatus::Missing, _)) | None => (OpState::Succeeded, format!("{name} created")),
    }
}

/// Apply errors the API server would give whatever the scenario says. `validate` is false with
/// the Application's `Validate=false` (R17).
fn static_apply_error(m: &Manifest, t: &Task, dry_run: bool, kube_minor: u32, validate: bool) -> Option<String> {
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
fn add_served<'w>(
    world: &World,
    objects: impl Iterator<Item = &'w crate::cluster::Live>,
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
fn crd_group_kind(group: &str, kind: &str, node: &crate::yaml::Node) -> Option<(String, String)> {
    if !(group == "apiextensions.k8s.io" && kind == "CustomResourceDefinition") {
        return None;
    }
    let g = node.path(&["spec", "group"]).and_then(|n| n.as_str())?;
    let k = node.path(&["spec", "names", "kind"]).and_then(|n| n.as_str())?;
    Some((g.to_string(), k.to_string()))
}

/// R26: the scenario says the API server does not know this kind (`settings.missingKinds`), and
/// no CRD in the cluster defines it (nor does any object of it exist).
fn kind_missing(world: &World, served: &std::collections::HashSet<(String, String)>, group: &str, kind: &str) -> bool {
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
fn missing_kind_apply_error(
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
pub fn unmodified(live: &crate::yaml::Node, target: &crate::yaml::Node) -> bool {
    use crate::yaml::{Node, Value};
    /// A mapping's entries by key, but the skipped ones (the last of duplicated keys wins).
    fn entries<'n>(n: Option<&'n Node>, skip: &[&str]) -> Option<HashMap<String, &'n Node>> {
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
fn immutable_job_error(world: &World, uid: Uid, m: &Manifest, name: &str) -> Option<String> {
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
fn annotations_unreadable(m: &Manifest) -> bool {
    m.node
        .path(&["metadata", "annotations"])
        .and_then(|a| a.as_map())
        .is_some_and(|entries| entries.iter().any(|(_, v)| v.as_str().is_none() && !v.is_null()))
}

fn distinct_messages<'a>(msgs: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in msgs {
        if !m.is_empty() && !out.iter().any(|o| o == m) {
            out.push(m.to_string());
        }
    }
    out
}

/// R29: a Namespace or CRD that sorts after the first task that needs it moves just before that
/// task and takes its phase and wave.
fn adjust_deps(tasks: &mut Vec<Task>, manifests: &[Manifest]) {
    // Pass 1: Namespaces, keyed by name; pass 2: CRDs, keyed by group/kind.
    for pass in 0..2 {
        let mut i = 0;
        while i < tasks.len() {
            let dep_key = match pass {
                0 if tasks[i].key.kind == "Namespace"
                    && tasks[i].key.group.is_empty()
                    && tasks[i].manifest.is_some() =>
                {
                    Some(tasks[i].key.name.clone())
                }
                1 if tasks[i].key.kind == "CustomResourceDefinition" && tasks[i].manifest.is_some() => {
                    let m = &manifests[tasks[i].manifest.unwrap_or(0)];
                    let g = m.node.path(&["spec", "group"]).and_then(|n| n.as_str()).unwrap_or("");
                    let k = m.node.path(&["spec", "names", "kind"]).and_then(|n| n.as_str()).unwrap_or("");
                    Some(format!("{g}/{k}"))
                }
                _ => None,
            };
            let Some(dep_key) = dep_key else {
                i += 1;
                continue;
            };
            let first_ref = tasks.iter().position(|t| {
                t.manifest.is_some()
                    && match pass {
                        0 => t.key.kind != "Namespace" && !t.key.namespace.is_empty() && t.key.namespace == dep_key,
                        _ => format!("{}/{}", t.key.group, t.key.kind) == dep_key,
                    }
            });
            match first_ref {
                Some(r) if r < i => {
                    let mut dep = tasks.remove(i);
                    dep.phase = tasks[r].phase;
                    dep.wave = tasks[r].wave;
                    tasks.insert(r, dep);
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Ports of the upstream unit tests of pure helpers (upstream-tests.md A5.37–41, A7.48) that a
    //! scenario cannot reach in full; the reachable cases are also scenario files under
    //! tests/scenarios/upstream/.
    use super::*;
    use crate::scenario::Settings;

    fn pod(name: &str, hook: Option<&str>) -> String {
        let ann = hook.map(|h| format!("\n  annotations:\n    argocd.argoproj.io/hook: {h}")).unwrap_or_default();
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}{ann}\nspec:\n  restartPolicy: Never\n  containers:\n    - name: main\n      image: busybox\n---\n")
    }

    /// Builds the operation of a stream and runs `f` on it with its world.
    fn with_op(input: &str, f: impl FnOnce(&mut SyncOp, &mut World)) {
        let settings = Settings { namespace: "fake-argocd-ns".into(), ..Settings::default() };
        let manifests = crate::manifest::read(input).manifests;
        let mut world = World::new(&settings, &manifests);
        let mut op = SyncOp::new(&world, Outcomes::new(), 0, SyncRequest::new(&settings, &Operation::default()));
        f(&mut op, &mut world);
    }

    /// R26: the served kinds kept across applies (objects that came are added, a removal or a
    /// CRD applied over rebuilds) are those a full scan of the cluster finds.
    #[test]
    fn r26_served_kinds_follow_the_cluster() {
        let crd = |name: &str, kind: &str| {
            format!(
                "---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {{name: {name}}}\nspec: {{group: example.com, names: {{kind: {kind}}}}}\n"
            )
        };
        let input = crd("widgets.example.com", "Widget")
            + &crd("gadgets.example.com", "Gadget")
            + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
        let settings = Settings { missing_kinds: vec!["*".into()], ..Settings::default() };
        let manifests = crate::manifest::read(&input).manifests;
        let mut world = World::new(&settings, &manifests);
        let mut cache = ServedKinds::default();
        let full = |world: &World| {
            let mut out = std::collections::HashSet::new();
            add_served(world, world.cluster.iter(), &mut out);
            out
        };
        let key = |kind: &str, name: &str| Key {
            group: if kind == "ConfigMap" { String::new() } else { "apiextensions.k8s.io".into() },
            kind: kind.into(),
            namespace: String::new(),
            name: name.into(),
        };
        let served = |kinds: &std::collections::HashSet<(String, String)>, k: &str| {
            kinds.contains(&("example.com".to_string(), k.to_string()))
        };
        assert!(cache.get(&world).is_empty());
        let cm = world.create(2, key("ConfigMap", "c"), None, false);
        assert_eq!(*cache.get(&world), full(&world));
        let uid = world.create(0, key("CustomResourceDefinition", "widgets.example.com"), None, false);
        assert!(served(cache.get(&world), "Widget"));
        assert_eq!(*cache.get(&world), full(&world));
        // The same CRD applied over with another kind: SyncOp::apply marks the cache stale.
        world.reapply(uid, 1, None, false);
        cache.at = None;
        assert!(served(cache.get(&world), "Gadget") && !served(cache.get(&world), "Widget"));
        assert_eq!(*cache.get(&world), full(&world));
        // A removal, then an insert: the steps differ, so it is rebuilt.
        world.cluster.remove(uid);
        world.create(2, key("ConfigMap", "d"), None, false);
        assert!(!served(cache.get(&world), "Gadget"));
        assert_eq!(*cache.get(&world), full(&world));
        world.cluster.remove(cm);
        assert_eq!(*cache.get(&world), full(&world));
    }

    fn idx(op: &SyncOp, names: &[&str]) -> Vec<usize> {
        names.iter().map(|n| op.tasks.iter().position(|t| t.key.name == *n).expect("task")).collect()
    }

    #[test]
    fn r17_sync_request_from_options() {
        let settings = Settings {
            sync_options: vec!["Prune=confirm".into(), "CreateNamespace=true".into(), "Prune=false".into()],
            ..Settings::default()
        };
        let req = SyncRequest::new(&settings, &Operation::default());
        assert_eq!(req.app_prune.as_deref(), Some("confirm")); // GetOptionValue: the first
        assert!(req.create_namespace && req.prune && req.validate && !req.skip_hooks);
        // The operation's own options replace the Application's (a sync request's do).
        let op = Operation {
            sync_options: Some(vec!["ApplyOutOfSyncOnly=true".into(), "Validate=false".into()]),
            resources: vec![("Deployment/web".into(), Default::default())],
            prune: Some(false),
            ..Operation::default()
        };
        let req = SyncRequest::new(&settings, &op);
        assert!(req.apply_out_of_sync_only && !req.validate && !req.create_namespace && !req.prune);
        assert_eq!(req.app_prune, None);
        assert!(req.skip_hooks, "R21: a selective sync skips hooks");
        let apply = Operation { strategy: Strategy::Apply, ..Operation::default() };
        assert!(SyncRequest::new(&settings, &apply).skip_hooks, "R21: the apply strategy skips hooks");
    }

    #[test]
    fn r37b_unmodified_ignores_status_and_namespace_only() {
        let doc = |y: &str| crate::yaml::parse_document(y, 0).expect("yaml");
        let target = doc("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}");
        let live = doc("kind: ConfigMap\napiVersion: v1\nmetadata: {namespace: x, name: a}\ndata: {k: v}\nstatus: {}");
        assert!(unmodified(&live, &target));
        let changed = doc("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: w}");
        assert!(!unmodified(&changed, &target));
        let labelled = doc("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {x: y}}\ndata: {k: v}");
        assert!(!unmodified(&labelled, &target));
    }

    #[test]
    fn r52_test_set_running_phase() {
        let input = ["my-pod", "pod-1", "pod-2", "pod-3"].iter().map(|n| pod(n, None)).collect::<String>()
            + &pod("hook-1", Some("Sync"))
            + &pod("hook-2", Some("Sync"));
        with_op(&input, |op, _| {
            let cases: &[(&[&str], bool, &str)] = &[
                (&[], false, ""),
                (&["my-pod"], false, "waiting for healthy state of /Pod/my-pod"),
                (&["pod-1", "pod-2", "pod-3"], false, "waiting for healthy state of /Pod/pod-1 and 2 more resources"),
                (&["hook-1"], false, "waiting for completion of hook /Pod/hook-1"),
                (&["hook-1", "hook-2"], false, "waiting for completion of hook /Pod/hook-1 and 1 more hooks"),
                (
                    &["pod-1", "hook-1", "pod-2"],
                    false,
                    "waiting for completion of hook /Pod/hook-1 and 2 more resources",
                ),
                (&["my-pod"], true, "waiting for deletion of /Pod/my-pod"),
                (&["pod-1", "pod-2", "pod-3"], true, "waiting for deletion of /Pod/pod-1 and 2 more resources"),
                (&["hook-1"], true, "waiting for deletion of hook /Pod/hook-1"),
                (&["hook-1", "hook-2"], true, "waiting for deletion of hook /Pod/hook-1 and 1 more hooks"),
                (&["pod-1", "hook-1", "pod-2"], true, "waiting for deletion of hook /Pod/hook-1 and 2 more resources"),
            ];
            for (names, deletion, want) in cases {
                let list = idx(op, names);
                op.set_running(&list, *deletion);
                assert_eq!(op.phase, Phase::Running);
                assert_eq!(op.message, *want, "{names:?} deletion={deletion}");
            }
        });
    }

    /// §16: Argo CD ≤ 3.3's `setRunningPhase` (legacy gitops-engine `Test_setRunningPhase_*`):
    /// the first task of the list picks the wording and the plural; deletion never says "hook";
    /// an empty list leaves the message alone.
    #[test]
    fn s16_set_running_phase_before_3_4() {
        let input = ["my-pod", "pod-1", "pod-2", "pod-3"].iter().map(|n| pod(n, None)).collect::<String>()
            + &pod("hook-1", Some("Sync"))
            + &pod("hook-2", Some("SyncFail"));
        let settings = Settings {
            namespace: "fake-argocd-ns".into(),
            caps: crate::version::ArgoCd::parse("3.3").expect("version").caps(),
            ..Settings::default()
        };
        let manifests = crate::manifest::read(&input).manifests;
        let world = World::new(&settings, &manifests);
        let mut op = SyncOp::new(&world, Outcomes::new(), 0, SyncRequest::new(&settings, &Operation::default()));
        let cases: &[(&[&str], bool, &str)] = &[
            (&["pod-1", "pod-2", "pod-3"], false, "waiting for healthy state of /Pod/pod-1 and 2 more resources"),
            (&["hook-2"], false, "waiting for completion of hook /Pod/hook-2"),
            (&["pod-1", "pod-2", "pod-3"], true, "waiting for deletion of /Pod/pod-1 and 2 more resources"),
            (&["pod-1", "hook-1", "pod-2"], false, "waiting for healthy state of /Pod/pod-1 and 2 more resources"),
            (&["hook-1", "pod-1"], false, "waiting for completion of hook /Pod/hook-1 and 1 more hooks"),
            (&["hook-1", "hook-2"], true, "waiting for deletion of /Pod/hook-1 and 1 more hooks"),
        ];
        for (names, deletion, want) in cases {
            let list = idx(&op, names);
            op.set_running(&list, *deletion);
            assert_eq!(op.message, *want, "{names:?} deletion={deletion}");
        }
        op.message = "one or more tasks are running".into();
        op.set_running(&[], true);
        assert_eq!(op.message, "one or more tasks are running");
    }

    #[test]
    fn r49_execute_sync_fail_phase_messages() {
        // Test_executeSyncFailPhase, _DuplicatedMessages, _NoTasks: no SyncFail hooks.
        let input = pod("pod-1", None) + &pod("pod-2", None);
        with_op(&input, |op, world| {
            let list = idx(op, &["pod-1", "pod-2"]);
            for &i in &list {
                op.set_result(i, Some(ResultCode::SyncFailed), OpState::Failed, "namespace not found");
            }
            assert!(op.sync_fail_phase(world, &list[..1], "one or more objects failed to apply"));
            assert_eq!(op.phase, Phase::Failed);
            assert_eq!(op.message, "one or more objects failed to apply, reason: namespace not found");
            assert!(op.sync_fail_phase(world, &list, "one or more objects failed to apply"));
            assert_eq!(op.message, "one or more objects failed to apply, reason: namespace not found");
            assert!(op.sync_fail_phase(world, &[], "one or more objects failed to apply"));
            assert_eq!(op.message, "one or more objects failed to apply");
        });
    }

    #[test]
    fn r49_execute_sync_fail_phase_running_hooks() {
        // Test_executeSyncFailPhase_RunningHooks: a running SyncFail hook keeps the phase Running.
        let input = pod("pod-1", None) + &pod("sync-fail-hook", Some("SyncFail"));
        with_op(&input, |op, world| {
            let [p, h] = idx(op, &["pod-1", "sync-fail-hook"])[..] else { panic!() };
            op.set_result(p, Some(ResultCode::SyncFailed), OpState::Failed, "task in error");
            op.set_result(h, Some(ResultCode::Synced), OpState::Running, "pod/sync-fail-hook created");
            assert!(!op.sync_fail_phase(world, &[p], "one or more objects failed to apply"));
            assert_eq!(op.phase, Phase::Running);
        });
    }

    #[test]
    fn r49_execute_sync_fail_phase_completed_hooks() {
        // Test_executeSyncFailPhase_CompletedHooks.
        let input = pod("pod-1", None) + &pod("sf-1", Some("SyncFail")) + &pod("sf-2", Some("SyncFail"));
        with_op(&input, |op, world| {
            let [p, a, b] = idx(op, &["pod-1", "sf-1", "sf-2"])[..] else { panic!() };
            op.set_result(p, Some(ResultCode::SyncFailed), OpState::Failed, "task in error");
            op.set_result(a, Some(ResultCode::Synced), OpState::Succeeded, "");
            op.set_result(b, Some(ResultCode::SyncFailed), OpState::Failed, "failed to apply");
            assert!(op.sync_fail_phase(world, &[p], "one or more objects failed to apply"));
            assert_eq!(op.phase, Phase::Failed);
            assert_eq!(
                op.message,
                "one or more objects failed to apply, reason: task in error\none or more SyncFail hooks failed, reason: failed to apply"
            );
        });
    }
}
