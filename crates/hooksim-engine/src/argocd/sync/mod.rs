//! One sync operation: Argo CD's tick (`syncContext.Sync`, argocd-sync.md R35–R56) acting on
//! the simulated world, with its per-task results (R5–R7) and messages (R52, §13).

mod apply;
mod messages;
pub mod not_run;
pub mod skipped;
mod tasks;
mod terminate;

use std::collections::HashMap;

use crate::argocd::plan::{self, Key, SortKey};
use crate::common::argocd_version::Caps;
use crate::common::health::{Health, HealthStatus};
use crate::input::annotations::{DeletePolicy, SyncPhase};
use crate::input::manifest::Manifest;
use crate::input::scenario::{Operation, Outcomes, Settings, Strategy};
use crate::k8s::job::validation as job_validation;
use crate::k8s::spec;
use crate::report::{Event, EventType, ResourceResult, Time};
use crate::world::cluster::Uid;
use crate::world::World;
use apply::ServedKinds;
use messages::{distinct_messages, hook_state};

pub use apply::unmodified;

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
    /// The manifests that revision's source leaves out (sorted indices, `argocd::app::source`):
    /// a commit added them later, or removed them.
    pub absent: Vec<usize>,
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
            absent: Vec::new(),
        }
    }

    /// Whether manifest `i` is in the source of the revision synced.
    pub fn in_source(&self, i: usize) -> bool {
        crate::argocd::app::source::has(&self.absent, i)
    }
}

/// `SyncOptions.GetOptionValue`: the value of the first `name=` option.
pub fn option_value(options: &[String], name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    options.iter().find_map(|o| o.strip_prefix(&prefix)).map(str::to_string)
}

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
        crate::common::sort::sort_by_key(&mut with, |t| t.order);
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
            // R67: the comparison failed: Argo CD does not perform the operation.
            if let Some(u) = &world.comparison_error {
                let msg = crate::argocd::generation::operation_message(u);
                let e = Event::new(world.now, EventType::ApplyFailed)
                    .message("Argo CD could not generate the manifests (ComparisonError): nothing is applied")
                    .rule("R67");
                world.emit(e);
                self.finish(world, Phase::Error, msg);
                return false;
            }
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
        let mut e = Event::new(world.now, EventType::WaveDelay)
            .step(step.0.as_str(), step.1)
            .message(format!("{d} s wave delay: Argo CD sleeps before it looks again (ARGOCD_SYNC_WAVE_DELAY)"))
            .rule("R35");
        e.delay = Some(d);
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
}

#[cfg(test)]
mod tests {
    //! Ports of the upstream unit tests of pure helpers (upstream-tests.md A5.37–41, A7.48) that a
    //! scenario cannot reach in full; the reachable cases are also scenario files under
    //! tests/scenarios/upstream/.
    use super::apply::add_served;
    use super::*;
    use crate::input::scenario::Settings;

    fn pod(name: &str, hook: Option<&str>) -> String {
        let ann = hook.map(|h| format!("\n  annotations:\n    argocd.argoproj.io/hook: {h}")).unwrap_or_default();
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}{ann}\nspec:\n  restartPolicy: Never\n  containers:\n    - name: main\n      image: busybox\n---\n")
    }

    /// Builds the operation of a stream and runs `f` on it with its world.
    fn with_op(input: &str, f: impl FnOnce(&mut SyncOp, &mut World)) {
        let settings = Settings { namespace: "fake-argocd-ns".into(), ..Settings::default() };
        let manifests = crate::input::manifest::read(input).manifests;
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
        let manifests = crate::input::manifest::read(&input).manifests;
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
        let doc = |y: &str| crate::input::yaml::parse_document(y, 0).expect("yaml");
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
            caps: crate::common::argocd_version::ArgoCd::parse("3.3").expect("version").caps(),
            ..Settings::default()
        };
        let manifests = crate::input::manifest::read(&input).manifests;
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
