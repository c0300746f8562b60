//! The simulation driver: reads the input, runs the scenario's operations one after another on
//! one virtual clock, lets the cluster run on afterwards, and assembles the report.

pub mod horizon;

use std::collections::HashSet;

use crate::argocd::app::controller::{Controller, LastOp, Start, Trigger};
use crate::argocd::app::retry;
use crate::argocd::app_delete::DeleteOp;
use crate::argocd::plan::{self, Key};
use crate::argocd::sync::{Phase, SyncOp, SyncRequest};
use crate::common::diagnostics::{self, codes, Diagnostic};
use crate::input::annotations;
use crate::input::application;
use crate::input::manifest::{self, Manifest};
use crate::input::scenario::{self, OpType, Operation, Outcomes, Scenario};
use crate::lint;
use crate::report::{Event, EventType, MessageAt, OperationReport, OperationType, Remaining, Report, RetryWait, Time};
use crate::world::World;

/// Instants the driver may visit in one simulation (a safety net behind the event limit,
/// [`crate::world::MAX_EVENTS`]: every step normally makes an event).
pub const MAX_STEPS: usize = 1_000_000;

/// How the engine is called: a separately given scenario and `--set` overrides.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A Scenario document given apart from the manifests; it replaces an embedded one.
    pub scenario: Option<String>,
    /// `--set key.path=value` overrides of scenario keys.
    pub sets: Vec<(String, String)>,
    /// The size of the whole input when the caller read only its beginning (the CLI reads no more
    /// than the size limit): `usize::MAX` when it is not known.
    pub input_bytes: Option<usize>,
    /// The same for the separate scenario.
    pub scenario_bytes: Option<usize>,
}

pub use crate::input::prepared::Prepared;

/// Whether this build simulates Application trees: an app-of-apps' child Applications (A31–A37)
/// and an ApplicationSet's RollingSync (A38–A43). The `trees` feature, on by default; the
/// playground's own wasm is built without it and leaves such inputs to the wasm API module, which
/// has it (docs/decisions.md, "Application trees in the playground"). A constant rather than
/// `cfg` attributes: both builds type-check the same code, and the optimizer drops what it
/// guards.
pub const TREES: bool = cfg!(feature = "trees");

/// Reads the manifests and the scenario, and lints them.
pub fn prepare(input: &str, opts: &Options) -> Prepared {
    let mut inp = manifest::read_sized(input, opts.input_bytes);
    // A38: an ApplicationSet's input has no Application of its own: every Application document
    // is one it generated.
    let appset_doc = if TREES { crate::argocd::app::appset::take_manifest(&mut inp.manifests) } else { None };
    let app_doc = if appset_doc.is_none() { application::take_manifest(&mut inp.manifests) } else { None };
    let mut diags = inp.diagnostics;
    let groups = if TREES { crate::argocd::app::children::split(&mut inp.manifests, &mut diags) } else { Vec::new() };
    // Item 2 of issue 11's leftovers: what reading a child's manifests found is the child's.
    if TREES {
        crate::argocd::app::children::attribute_by_line(
            &mut diags,
            &crate::argocd::app::children::group_lines(&groups),
        );
    }
    let generated = if appset_doc.is_some() { std::mem::take(&mut inp.manifests) } else { Vec::new() };
    let mut scenario_node = inp.scenario;
    if let Some(text) = &opts.scenario {
        // The same reader, limits and diagnostics as the manifests (crate::input::scenario_file).
        let (separate, mut read) = crate::input::scenario_file::read(text, opts.scenario_bytes);
        diags.append(&mut read);
        if let Some(node) = separate {
            if let Some(embedded) = &scenario_node {
                diags.push(scenario_replaced(embedded));
            }
            scenario_node = Some(node);
        }
    }
    let scenario_node = scenario::apply_sets(scenario_node, &opts.sets, &mut diags);
    let mut scenario = scenario::parse(scenario_node.as_ref(), &mut diags);
    let application = app_doc.map(|m| application::read(&m.node, &m.name, scenario.settings.argocd, &mut diags));
    crate::argocd::app::settle(&mut scenario, application.as_ref(), scenario_node.as_ref(), &mut diags);
    lint::lint(&inp.manifests, &scenario, &mut diags);
    crate::argocd::app::lint::plain_job_ttl(&inp.manifests, &mut diags);
    if TREES {
        crate::argocd::app::lint::child_apps_without_health(&inp.manifests, &scenario, &mut diags);
        crate::argocd::app::lint::child_app_traps(&inp.manifests, &scenario, &mut diags);
    }
    // Without the layers, an input with a tree is only recognised: its manifests are not the
    // parent's, so it is not simulated here.
    let tree_left_out = !TREES && crate::argocd::app::has_tree(&inp.manifests, &scenario.live);
    let parent = if appset_doc.is_some() { &generated } else { &inp.manifests };
    let root = application.as_ref().map(|a| a.name.as_str());
    let mut children = if TREES {
        crate::argocd::app::children::prepare(
            groups,
            parent,
            &scenario.live,
            root,
            &scenario.settings,
            lint::lint,
            &mut diags,
        )
    } else {
        Vec::new()
    };
    // A37 traps 5 and 9 are about an app-of-apps' waves; an ApplicationSet's are RollingSync's.
    if TREES && appset_doc.is_none() {
        crate::argocd::app::lint::child_commits_unordered(parent, &children, &mut diags);
        crate::argocd::app::lint::child_apps_over_processors(parent, &children, &mut diags);
    }
    let appset = appset_doc.map(|d| {
        scenario.operations.clear();
        crate::argocd::app::appset::prepare(&d, &generated, &mut children, scenario.settings.argocd, &mut diags)
    });
    Prepared {
        manifests: inp.manifests,
        scenario,
        diagnostics: diags,
        application,
        undecodable: inp.undecodable,
        children,
        appset,
        tree_left_out,
    }
}

/// The embedded Scenario document is not used: the separate one replaces it (contract.md §1).
fn scenario_replaced(embedded: &crate::input::yaml::Node) -> Diagnostic {
    Diagnostic::warning(
        codes::SCENARIO_REPLACED,
        "the scenario given separately replaces this one: this Scenario document is not used",
    )
    .at(Some(embedded.pos))
    .hint("remove the Scenario document from the manifests, or give no separate scenario")
}

/// Lints only: the diagnostics of [`simulate`], without running anything.
pub fn lint_only(input: &str, opts: &Options) -> Vec<Diagnostic> {
    let mut d = prepare(input, opts).diagnostics;
    diagnostics::sort(&mut d);
    diagnostics::cap(&mut d);
    d
}

enum Current {
    Sync(SyncOp),
    Delete(DeleteOp),
}

struct Running {
    /// The scenario operation (manual), or the one the controller made.
    spec: Operation,
    op: Current,
    /// Who started it (A3, A13).
    trigger: Trigger,
    /// The revision it syncs (A3, A8).
    revision: String,
    /// A16: the retry strategy in effect.
    retry: Option<crate::input::scenario::Retry>,
    /// A12: the self-heal count of this operation.
    heal_count: i64,
    terminate_at: Option<Time>,
    /// A27: `startedAt` + `controller.sync.timeout.seconds`.
    timeout_at: Option<Time>,
    timed_out: bool,
    /// R57: when the user confirms pruning.
    confirm_prune_at: Option<Time>,
    retries: i64,
    retry_at: Option<Time>,
    terminated: bool,
    /// Issue 17 item 9: when the controller, slowed by the reaction delay, looks again.
    react_at: Option<Time>,
    /// R52: the phase and message each time they changed.
    messages: Vec<MessageAt>,
    /// A19/A20: each retry scheduled.
    retry_waits: Vec<RetryWait>,
}

impl Running {
    /// Notes the operation's phase and message when they changed since the last note.
    fn note_message(&mut self, t: Time) {
        let (phase, message) = match &self.op {
            Current::Sync(s) => (s.phase.as_str(), s.message.as_str()),
            Current::Delete(d) => (d.phase.as_str(), d.message.as_str()),
        };
        if self.messages.last().is_some_and(|m| m.phase == phase && m.message == message) {
            return;
        }
        // Several changes at one instant: only the last is seen.
        if self.messages.last().is_some_and(|m| m.t == t) {
            self.messages.pop();
        }
        self.messages.push(MessageAt { t, phase: phase.to_string(), message: message.to_string() });
    }
}

/// Runs the whole scenario.
pub fn simulate(input: &str, opts: &Options) -> Report {
    let p = prepare(input, opts);
    run(&p)
}

/// Runs a prepared input.
pub fn run(p: &Prepared) -> Report {
    if p.tree_left_out {
        return tree_left_out(p);
    }
    if let Some(rs) = p.appset.as_ref().filter(|_| TREES) {
        return run_appset(p, rs);
    }
    // A35: the children run on their own (each placed after the parent's run).
    let child_reports: Vec<Report> =
        if TREES { p.children.iter().map(|c| run(&c.prepared)).collect() } else { Vec::new() };
    // A37 trap 8: the parent's prune of a child with the resources finalizer lasts its cascade
    // deletion.
    let mut pruning = None;
    if TREES && p.children.iter().any(|c| matches!(c.role, crate::input::prepared::Role::Pruned { .. })) {
        let mut s = p.scenario.settings.clone();
        crate::argocd::app::children::prune_times(&p.children, &child_reports, &mut s);
        pruning = Some(s);
    }
    let settings = pruning.as_ref().unwrap_or(&p.scenario.settings);
    let horizon = settings.horizon_seconds;
    let mut world = World::new(settings, &p.manifests);
    world.comparison_error = p.undecodable.clone();
    let existing = add_live(&mut world, &p.scenario);

    let ops: &[Operation] = &p.scenario.operations;
    let mut usable = usable_outcomes(&p.manifests, &p.scenario);
    // A33: with the Lua check the parent reads the children's health.
    let child_health: Vec<_> = if TREES {
        p.children.iter().zip(&child_reports).map(|(c, r)| crate::argocd::app::children::health(c, r)).collect()
    } else {
        Vec::new()
    };
    if TREES && settings.application_health_check {
        let synced = settings.application_health_check_synced;
        crate::argocd::app::children::health_outcomes(&p.children, &child_health, &child_reports, synced, &mut usable);
    }
    let mut reports: Vec<OperationReport> = Vec::new();
    let mut op_idx = 0usize;
    let mut start_at: Option<Time> = ops.first().map(|o| o.at.unwrap_or(0));
    if let Some(s) = start_at {
        world.wake_at(s);
    }
    // Someone else's changes to the cluster (`changes:`), in time order.
    let changes = &p.scenario.changes;
    let mut next_change = 0usize;
    for c in changes {
        world.wake_at(c.at);
    }
    // The Application controller (A1–A50): it refreshes the app whenever no operation runs.
    let app_name = p.application.as_ref().map(|a| a.name.as_str()).unwrap_or("");
    let mut ctl = Controller::new(settings, &p.scenario.commits, &p.scenario.drift, app_name);
    let controller_shown = p.application.is_some()
        || settings.automated.is_some()
        || !p.scenario.commits.is_empty()
        || !p.scenario.drift.is_empty();
    ctl.start(&world);
    let wakes: Vec<Time> = ctl.wake_times().collect();
    for t in wakes {
        world.wake_at(t);
    }
    world.wake_at(0);
    let mut refresh_due = true;
    let mut refreshed_generation = u64::MAX;
    let mut cur: Option<Running> = None;
    // Where each operation's events begin in `world.events` (emitted in time order).
    let mut op_event_starts: Vec<usize> = Vec::new();
    let mut steps = 0usize;
    loop {
        steps += 1;
        if steps > MAX_STEPS {
            world.diags.push(
                Diagnostic::warning(
                    codes::LIMIT_EXCEEDED,
                    format!(
                        "the simulation stopped after {MAX_STEPS} steps at t={} s: what follows is not simulated",
                        world.now
                    ),
                )
                .hint("a huge backoffLimit, completions, retry limit or horizon makes too many steps; lower them"),
            );
            break;
        }
        while next_change < changes.len() && changes[next_change].at <= world.now {
            crate::world::cluster_changes::apply(&mut world, &changes[next_change]);
            next_change += 1;
            world.run_now();
        }
        let observed = ctl.observe(&mut world);
        if observed {
            refresh_due = true;
        }
        // Argo CD's side at this instant.
        if cur.is_none() {
            if let Some(s) = start_at {
                if world.now >= s && op_idx < ops.len() {
                    op_event_starts.push(world.events.len());
                    let r = start_op(&mut world, &p.scenario, &usable, ops[op_idx].clone(), Some(&ctl));
                    cur = Some(r);
                    start_at = None;
                }
            }
        }
        // A1: a refresh with no operation in progress runs autoSync; between operations, any
        // change Argo CD watches (a Job deleted by its TTL) refreshes the app.
        // Between operations only a change of the cluster's objects (a TTL deletion) can change
        // the sync status.
        let objects_changed = world.dirty && world.cluster.generation() != refreshed_generation;
        if cur.is_none() && (refresh_due || objects_changed) && !ctl.deleted {
            refresh_due = false;
            refreshed_generation = world.cluster.generation();
            let now = world.now;
            if let Some(s) = ctl.refresh(&mut world, now) {
                op_event_starts.push(world.events.len());
                let spec = auto_operation(&s);
                let mut r = start_op(&mut world, &p.scenario, &usable, spec, Some(&ctl));
                r.trigger = s.trigger;
                r.revision = s.revision;
                r.heal_count = s.heal_count;
                r.retry = Some(settings.retry.clone().unwrap_or_else(crate::input::scenario::Retry::automated_default));
                cur = Some(r);
            }
        }
        // A8, A2 gate 2: a commit or drift seen while an operation runs refreshes the app (its
        // sync status moves on) but starts nothing; the refresh after the operation decides.
        if observed && refresh_due && cur.is_some() {
            let now = world.now;
            ctl.refresh_while_running(&world, now);
        }
        if let Some(r) = cur.as_mut() {
            react(&mut world, r, &ctl);
            let now = world.now;
            r.note_message(now);
            if let Some((done, applied)) = finished(&mut world, r) {
                if done.kind == OperationType::Delete {
                    ctl.deleted = done.phase == "Succeeded";
                } else {
                    let full = r.spec.resources.is_empty();
                    ctl.completed(
                        &mut world,
                        LastOp {
                            succeeded: done.phase == "Succeeded",
                            revision: r.revision.clone(),
                            message: done.message.clone(),
                            finished_at: now,
                            heal_count: r.heal_count,
                        },
                        &applied,
                        full,
                    );
                }
                let manual = r.trigger == Trigger::Manual;
                reports.push(done);
                cur = None;
                refresh_due = true;
                if manual {
                    op_idx += 1;
                }
                if manual && op_idx < ops.len() {
                    let s = ops[op_idx].at.unwrap_or(world.now).max(world.now);
                    start_at = Some(s);
                    world.wake_at(s);
                }
                // A49: the refresh after completion runs at once, and may start the next
                // operation in the same second.
                continue;
            }
        }
        world.dirty = false;
        if !world.step_cluster(horizon) {
            break;
        }
    }
    // A manual operation keeps its index in `op_idx` while it runs; an automated one is not in
    // the Scenario's list.
    let running = cur.as_ref().filter(|r| r.trigger == Trigger::Manual).map(|_| op_idx);
    let first_not_started = op_idx + usize::from(running.is_some());
    world.diags.extend(crate::sim::horizon::not_started(ops, first_not_started, running, start_at, world.now, horizon));
    // What is still running at the horizon.
    if let Some(r) = cur.take() {
        reports.push(op_report(&world, &r, Phase::Running, None));
    }
    let end = world.now;
    ctl.record_status(&world, end);
    // Each operation's events run from its start to the next one's start (contract §2). The split
    // is by emission, not by time: an operation that starts at the instant the previous one ended
    // (the default `at`) must not take over the previous one's events of that instant.
    let events = std::mem::take(&mut world.events);
    for (i, r) in reports.iter_mut().enumerate() {
        let from = if i == 0 { 0 } else { op_event_starts.get(i).copied().unwrap_or(events.len()) };
        let to = op_event_starts.get(i + 1).copied().unwrap_or(events.len()).max(from);
        r.events = events[from.min(events.len())..to.min(events.len())].to_vec();
        crate::common::sort::sort_by_key(&mut r.events, |e| e.t); // stable: ties keep causal order
    }
    let remaining = world
        .cluster
        .iter()
        // The scenario's `existing:` objects are not the Application's: not listed, unless a
        // sync applied a manifest over one (it is then the Application's).
        .filter(|l| l.managed || !existing.contains(&l.uid))
        .map(|l| Remaining {
            reference: l.selector.clone(),
            kind: l.key.kind.clone(),
            name: l.key.name.clone(),
            namespace: l.key.namespace.clone(),
        })
        .collect();
    let mut diagnostics = p.diagnostics.clone();
    diagnostics.append(&mut world.diags);
    if !controller_shown {
        for r in &mut reports {
            r.revision = None;
        }
    }
    // Issue 17 item 6: an app left OutOfSync after a sync that succeeded (a plain Job deleted by
    // its TTL, argo-cd #8586) is shown even without an Application document.
    let surprising = ctl.report.sync.last().is_some_and(|s| s.status != "Synced")
        && reports.last().is_some_and(|r| r.kind == OperationType::Sync && r.phase == "Succeeded");
    let application = (controller_shown || surprising).then_some(ctl.report);
    let mut report = Report {
        schema_version: 1,
        diagnostics,
        operations: reports,
        remaining,
        application,
        child_applications: vec![],
        application_set: None,
    };
    if TREES {
        let (children, mut child_diags) =
            crate::argocd::app::children::place(&p.children, child_reports, child_health, &report);
        report.child_applications = children;
        report.diagnostics.append(&mut child_diags);
    }
    diagnostics::sort(&mut report.diagnostics);
    diagnostics::cap(&mut report.diagnostics);
    report
}

/// An input with an Application tree in a build without the layers ([`TREES`]): only what reading
/// it found; nothing ran. Such a build's caller knows it by [`Prepared::tree_left_out`]: the
/// playground asks the wasm API module for the input's timeline instead.
fn tree_left_out(p: &Prepared) -> Report {
    let mut diagnostics = p.diagnostics.clone();
    diagnostics::sort(&mut diagnostics);
    diagnostics::cap(&mut diagnostics);
    Report::of_diagnostics(diagnostics)
}

/// A38–A43: an ApplicationSet's generated Applications, synced by RollingSync; no operation of
/// its own.
fn run_appset(p: &Prepared, rs: &crate::argocd::app::appset::RollingSync) -> Report {
    let mut diagnostics = p.diagnostics.clone();
    let (set, children) =
        crate::argocd::app::appset::run(rs, &p.children, p.scenario.settings.horizon_seconds, &mut diagnostics, run);
    diagnostics::sort(&mut diagnostics);
    diagnostics::cap(&mut diagnostics);
    Report { child_applications: children, application_set: Some(set), ..Report::of_diagnostics(diagnostics) }
}

/// The operation the controller starts (A3, A13): no dry-run or strategy of its own; a
/// self-heal names its resources, so it runs no hooks (R21).
fn auto_operation(s: &Start) -> Operation {
    Operation {
        ty: OpType::Sync,
        resources: s.resources.iter().map(|r| (r.clone(), crate::common::diagnostics::Pos::default())).collect(),
        prune: Some(s.prune),
        ..Operation::default()
    }
}

/// The scenario's `live:` objects: in the cluster, managed by the app, before anything starts.
/// Returns the uids of the `existing:` objects.
fn add_live(world: &mut World, sc: &Scenario) -> std::ops::Range<usize> {
    let mut existing_uids = usize::MAX..usize::MAX;
    // J36–J39: `existing:` objects are in the cluster but not the Application's.
    let existing = sc.existing.iter().map(|n| (n, false));
    for (node, app_owned) in sc.live.iter().map(|n| (n, true)).chain(existing) {
        let kind = node.get("kind").and_then(|n| n.as_str()).unwrap_or("").to_string();
        let api = node.get("apiVersion").and_then(|n| n.as_str()).unwrap_or("");
        let name = node.path(&["metadata", "name"]).and_then(|n| n.as_str()).unwrap_or("").to_string();
        if kind.is_empty() || name.is_empty() {
            continue; // scenario::parse keeps only usable live objects and reports the others
        }
        let mut ns = node
            .path(&["metadata", "namespace"])
            .and_then(|n| n.as_str())
            .map(str::to_string)
            .unwrap_or_else(|| world.settings.namespace.clone());
        if plan::cluster_scoped(&kind) {
            ns.clear();
        }
        let selector = format!("{kind}/{name}");
        let mut scratch = Vec::new();
        let ann = annotations::parse(node.path(&["metadata", "annotations"]), &selector, &mut scratch);
        let key = Key { group: manifest::group_of(api), kind, namespace: ns, name };
        let managed = app_owned && !destination_namespace_untracked(node, &key, &world.settings.namespace);
        let uid = world.add_existing(node, key, selector, ann, managed);
        if !app_owned {
            existing_uids.start = existing_uids.start.min(uid);
            existing_uids.end = uid + 1;
        }
    }
    existing_uids
}

/// The destination namespace given in `live:` exists beside the Application: Argo CD does not
/// track the namespace CreateNamespace=true creates, nor one made by someone else, so it is not
/// pruned. It counts as the Application's only with Argo CD's tracking annotation or label (as
/// when a manifest used to create it).
fn destination_namespace_untracked(node: &crate::input::yaml::Node, key: &Key, destination: &str) -> bool {
    let tracked = node.path(&["metadata", "annotations", "argocd.argoproj.io/tracking-id"]).is_some()
        || node.path(&["metadata", "labels", "app.kubernetes.io/instance"]).is_some();
    key.group.is_empty() && key.kind == "Namespace" && key.name == destination && !tracked
}

/// The scenario-wide outcomes that select a manifest or a live object: the only ones an operation
/// can use. Copied once, so that each operation does not copy thousands of unmatched outcomes
/// (`outcome-unmatched` already reports them).
fn usable_outcomes(manifests: &[Manifest], sc: &Scenario) -> Outcomes {
    let mut selectors: HashSet<String> = manifests.iter().map(|m| m.selector.clone()).collect();
    // R37a: the namespace CreateNamespace=true creates.
    selectors.insert(format!("Namespace/{}", sc.settings.namespace));
    for node in &sc.live {
        let kind = node.get("kind").and_then(|n| n.as_str()).unwrap_or("");
        let name = node.path(&["metadata", "name"]).and_then(|n| n.as_str()).unwrap_or("");
        selectors.insert(format!("{kind}/{name}"));
    }
    // Inserted one by one: collecting into a BTreeMap sorts first, a copy of the stable sort for
    // this one type in the wasm (docs/playground.md, "Size").
    let mut usable = Outcomes::new();
    for (k, v) in sc.outcomes.iter().filter(|(k, _)| selectors.contains(*k)) {
        usable.insert(k.clone(), v.clone());
    }
    usable
}

fn outcomes_for(usable: &Outcomes, op: &Operation) -> Outcomes {
    let mut o = usable.clone();
    for (k, v) in &op.outcomes {
        o.insert(k.clone(), v.clone());
    }
    o
}

fn start_op(world: &mut World, sc: &Scenario, usable: &Outcomes, op: Operation, ctl: Option<&Controller>) -> Running {
    let outcomes = outcomes_for(usable, &op);
    let e = Event::new(world.now, EventType::OperationStarted).message(match op.ty {
        OpType::Sync => "sync",
        OpType::Delete => "delete",
    });
    world.emit(e);
    let revision = ctl.map(|c| c.target_revision.clone()).unwrap_or_else(|| sc.settings.revision.clone());
    let current = match op.ty {
        OpType::Sync => {
            let mut req = SyncRequest::new(&sc.settings, &op);
            req.revision = Some(revision.clone());
            // A3, A8: the source of the revision it syncs, kept through its retries.
            req.absent = ctl.map(|c| c.absent().to_vec()).unwrap_or_default();
            Current::Sync(SyncOp::new(world, outcomes, sc.settings.started_at + world.now, req))
        }
        OpType::Delete => Current::Delete(
            DeleteOp::new(world, outcomes)
                .with_options(op.cascade, op.background)
                .with_source(ctl.map(|c| c.absent().to_vec()).unwrap_or_default()),
        ),
    };
    let terminate_at = op.terminate_after_seconds.map(|s| world.now + s);
    if let Some(t) = terminate_at {
        world.wake_at(t);
    }
    // A26/A27: one extra processing at startedAt + timeout.
    let timeout_at = (op.ty == OpType::Sync && sc.settings.sync_timeout_seconds > 0)
        .then(|| world.now + sc.settings.sync_timeout_seconds);
    if let Some(t) = timeout_at {
        world.wake_at(t);
    }
    let confirm_prune_at = op.confirm_prune_after_seconds.filter(|_| op.ty == OpType::Sync).map(|s| world.now + s);
    if let Some(t) = confirm_prune_at {
        world.wake_at(t);
    }
    world.dirty = true;
    // A16: a manual sync retries with its own strategy, else the Application's.
    let retry = op.retry.clone().or_else(|| sc.settings.retry.clone());
    Running {
        spec: op,
        op: current,
        trigger: Trigger::Manual,
        revision,
        retry,
        heal_count: 0,
        terminate_at,
        timeout_at,
        timed_out: false,
        confirm_prune_at,
        retries: 0,
        retry_at: None,
        terminated: false,
        react_at: None,
        messages: Vec::new(),
        retry_waits: Vec::new(),
    }
}

/// Lets Argo CD act at the current instant: ticks while something it sees has changed.
fn react(world: &mut World, r: &mut Running, ctl: &Controller) {
    let latest = ctl.target_revision.as_str();
    // Issue 17 item 9: a slow controller acts `reactionDelaySeconds` after what it watches.
    let delay = world.settings.reaction_delay_seconds;
    if delay > 0 && world.dirty {
        match r.react_at {
            None => {
                r.react_at = Some(world.now + delay);
                world.wake_at(world.now + delay);
                world.dirty = false;
                return;
            }
            Some(t) if world.now < t => {
                world.dirty = false;
                return;
            }
            Some(_) => r.react_at = None,
        }
    }
    match &mut r.op {
        Current::Sync(s) => {
            // A27: the timeout comes before the retry gate (3.2+), and covers the retry waits.
            if s.phase == Phase::Running && r.timeout_at.is_some_and(|t| world.now >= t) && !r.timed_out {
                r.timed_out = true;
                let old_rules = !timeout_ends_retries(world);
                if !old_rules {
                    r.terminated = true;
                    r.retry_at = None;
                }
                s.message = "operation is terminating due to timeout".into();
                let e = Event::new(world.now, EventType::OperationCompleted)
                    .reason("Terminating")
                    .message("operation is terminating due to timeout (controller.sync.timeout.seconds)")
                    .rule("A27");
                world.emit(e);
                s.terminate(world);
                return;
            }
            if s.phase == Phase::Running && r.terminate_at.is_some_and(|t| world.now >= t) && !r.terminated {
                r.terminated = true;
                r.retry_at = None;
                s.terminate(world);
                return;
            }
            if r.confirm_prune_at.is_some_and(|t| world.now >= t) {
                r.confirm_prune_at = None;
                s.confirm_pruning(world);
            }
            if let Some(at) = r.retry_at {
                if world.now < at {
                    return;
                }
                r.retry_at = None;
                let refresh = r.retry.as_ref().is_some_and(|x| x.refresh);
                if refresh && latest != r.revision {
                    // A21 (3.2+): the retry resolves the revision again; its hooks get the new
                    // SHA in their names (startedAt is kept).
                    r.revision = latest.to_string();
                    let mut req = s.req.clone();
                    req.revision = Some(r.revision.clone());
                    // Its source too: what the new revision adds or removes.
                    req.absent = ctl.absent().to_vec();
                    let started_at = s.started_at;
                    *s = SyncOp::new(world, s.outcomes.clone(), s.started_unix, req);
                    s.started_at = started_at;
                }
                s.reset_for_retry();
                s.message = retry::starting_message(r.retries, refresh);
                let e = Event::new(world.now, EventType::OperationStarted)
                    .message(format!("sync (retry attempt #{})", r.retries))
                    .rule("A21");
                world.emit(e);
                world.dirty = true;
            }
            for _ in 0..64 {
                if s.phase != Phase::Running || !world.dirty {
                    break;
                }
                if s.delay_until.is_some_and(|d| world.now < d) {
                    break;
                }
                world.dirty = false;
                if !s.tick(world) {
                    break;
                }
                if s.delay_until.is_some_and(|d| world.now < d) {
                    break;
                }
                // What the tick just caused in the cluster at this instant (a pod created, a
                // health reached at once) happens before Argo CD looks again (contract §2: ties
                // keep causal order; the outcome is the same, only the event order changes).
                if s.phase != Phase::Running {
                    break;
                }
                world.run_now();
                world.dirty = true;
            }
            // A28 (≤3.1): a retry after the timeout is terminated by the processing its own
            // state change triggers.
            if r.timed_out && !r.terminated && s.phase == Phase::Running && r.retry_at.is_none() {
                s.terminate(world);
            }
        }
        Current::Delete(d) => {
            for _ in 0..64 {
                if d.phase != Phase::Running || !world.dirty {
                    break;
                }
                world.dirty = false;
                if !d.react(world) {
                    break;
                }
                world.dirty = true;
            }
        }
    }
}

/// A28: from 3.2.0 the timeout ends the operation with no retry; before, it was retried.
fn timeout_ends_retries(world: &World) -> bool {
    let v = world.settings.argocd;
    (v.major, v.minor) >= (3, 2)
}

/// A25: v2.14.16+, v3.0.10+ and 3.1.x said "due to application controller sync timeout" for
/// every failure that is retried.
fn retry_message_says_timeout(world: &World) -> bool {
    let v = world.settings.argocd;
    let patch = v.patch.unwrap_or(u32::MAX);
    match (v.major, v.minor) {
        (2, 14) => patch >= 16,
        (3, 0) => patch >= 10,
        (3, 1) => true,
        _ => false,
    }
}

/// When the operation has completed (after retries), its report and the non-hook resources it
/// applied; handles the retries (A19–A23, R64).
fn finished(world: &mut World, r: &mut Running) -> Option<(OperationReport, Vec<String>)> {
    let (phase, finished_at) = match &r.op {
        Current::Sync(s) => (s.phase, s.finished_at),
        Current::Delete(d) => (d.phase, d.finished_at),
    };
    if phase == Phase::Running || r.retry_at.is_some() {
        return None;
    }
    let mut phase = phase;
    let mut scheduled = false;
    if let Current::Sync(s) = &mut r.op {
        if matches!(phase, Phase::Failed | Phase::Error) && !r.terminated {
            if let Some(retry) = r.retry.as_ref().filter(|x| x.has_retries_left(r.retries)) {
                if let Some(err) = &retry.parse_error {
                    // A19: a duration Argo CD cannot parse ends the operation (Error from 3.2).
                    s.message = format!("{} (failed to retry: {err})", s.message);
                    if timeout_ends_retries(world) {
                        phase = Phase::Error;
                        s.phase = Phase::Error;
                    }
                } else {
                    // A19/A20: back to Running; the retry starts one backoff step later than the
                    // message says.
                    let sched = retry::schedule(retry, world.now, r.retries);
                    r.retries = sched.n;
                    let says_timeout = retry_message_says_timeout(world);
                    s.message = retry::scheduled_message(
                        &s.message,
                        sched.n,
                        &kitchen(world.settings.started_at + sched.promised_at),
                        says_timeout,
                    );
                    s.phase = Phase::Running;
                    s.finished_at = None;
                    r.retry_at = Some(sched.starts_at);
                    r.retry_waits.push(RetryWait {
                        n: sched.n,
                        failed_at: world.now,
                        promised_at: sched.promised_at,
                        starts_at: sched.starts_at,
                    });
                    let e = Event::new(world.now, EventType::RetryScheduled)
                        .message(if sched.promised_at == sched.starts_at {
                            format!(
                                "retry #{} starts at {} s, the time the message promises ({}): both waits reach maxDuration",
                                sched.n,
                                sched.starts_at,
                                kitchen(world.settings.started_at + sched.promised_at)
                            )
                        } else {
                            format!(
                                "retry #{} starts at {} s; the message promises {} ({} s), one backoff step earlier",
                                sched.n,
                                sched.starts_at,
                                kitchen(world.settings.started_at + sched.promised_at),
                                sched.promised_at
                            )
                        })
                        .rule("A20");
                    world.emit(e);
                    world.wake_at(sched.starts_at);
                    scheduled = true;
                }
            }
        }
        if scheduled {
            // A19: the failed attempt reads Running again at once.
        } else if matches!(phase, Phase::Failed | Phase::Error) {
            // A23, A27: ", triggered by controller sync timeout", then " (retried N times).":
            // only for an operation that ends Failed or Error (appcontroller.go :1551-1558); a
            // retry that succeeds ends with the attempt's own message.
            if r.timed_out && timeout_ends_retries(world) {
                s.message = format!("{}, triggered by controller sync timeout", s.message);
            }
            s.message = retry::exhausted_message(&s.message, r.retries);
        }
    }
    if scheduled {
        r.note_message(world.now);
        return None;
    }
    r.note_message(world.now);
    let rep = op_report(world, r, phase, finished_at);
    let e = Event::new(world.now, EventType::OperationCompleted).reason(phase.as_str()).message(rep.message.clone());
    world.emit(e);
    let applied = rep
        .results
        .iter()
        .filter(|x| x.hook_type.is_none() && x.status == "Synced")
        .map(|x| format!("{}/{}", x.kind, x.name))
        .collect();
    Some((rep, applied))
}

fn op_report(world: &World, r: &Running, phase: Phase, finished_at: Option<Time>) -> OperationReport {
    let controller = OperationController {
        trigger: r.trigger,
        revision: r.revision.clone(),
        resources: r.spec.resources.iter().map(|(s, _)| s.clone()).collect(),
        retry_waits: r.retry_waits.clone(),
    };
    match &r.op {
        Current::Sync(s) => {
            let results = s.results();
            OperationReport {
                kind: OperationType::Sync,
                phase: phase.as_str().to_string(),
                message: s.message.clone(),
                started_at: s.started_at,
                finished_at: if phase == Phase::Running { None } else { finished_at },
                not_run: crate::argocd::sync::not_run::of_sync(world.manifests, &results, &s.req, phase),
                results,
                events: Vec::new(),
                messages: r.messages.clone(),
                conditions: Vec::new(),
                skipped: crate::argocd::sync::skipped::skipped(
                    world.manifests,
                    &s.req.absent,
                    &world.settings.namespace,
                ),
                trigger: controller.trigger,
                revision: Some(controller.revision),
                resources: controller.resources,
                retries: controller.retry_waits,
            }
        }
        Current::Delete(d) => OperationReport {
            kind: OperationType::Delete,
            phase: phase.as_str().to_string(),
            message: d.message.clone(),
            started_at: d.started_at,
            finished_at: if phase == Phase::Running { None } else { finished_at },
            results: Vec::new(),
            events: Vec::new(),
            messages: r.messages.clone(),
            conditions: d
                .deletion_error
                .iter()
                .map(|m| crate::report::Condition { ty: "DeletionError".into(), message: m.clone() })
                .collect(),
            skipped: Vec::new(),
            trigger: Trigger::Manual,
            revision: None,
            resources: Vec::new(),
            retries: Vec::new(),
            not_run: Vec::new(),
        },
    }
}

/// What the controller adds to an operation's report.
struct OperationController {
    trigger: Trigger,
    revision: String,
    resources: Vec<String>,
    retry_waits: Vec<RetryWait>,
}

/// Go's `time.Kitchen` ("3:04PM") of a Unix time, in UTC.
pub fn kitchen(unix: i64) -> String {
    let secs = unix.rem_euclid(86_400);
    let (h, m) = (secs / 3600, (secs % 3600) / 60);
    let (h12, ampm) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!("{h12}:{m:02}{ampm}")
}

#[cfg(test)]
mod tests {
    use super::{kitchen, simulate, Options};

    /// R26: the operation message lists the invalid tasks' causes when the release simulated is
    /// 3.5; "3.6" and "4.0" are not releases hooksim knows and run as 3.4, without the causes.
    #[test]
    fn r26_invalid_task_message_follows_the_simulated_release() {
        let input = |version: &str| {
            format!(
                "apiVersion: hooksim/v1\nkind: Scenario\nsettings:\n  argocdVersion: \"{version}\"\n  missingKinds: [example.com/Widget]\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {{name: w}}\n"
            )
        };
        let bare = "one or more synchronization tasks are not valid";
        for version in ["3.4", "3.6", "4.0"] {
            let r = simulate(&input(version), &Options::default());
            assert_eq!(r.operations[0].phase, "Failed", "{version}");
            assert_eq!(r.operations[0].message, bare, "{version}");
        }
        let r = simulate(&input("3.5"), &Options::default());
        assert_eq!(r.operations[0].phase, "Failed");
        assert_eq!(
            r.operations[0].message,
            format!("{bare}: failed to discover server resources for group version example.com/v1: the server could not find the requested resource")
        );
    }

    #[test]
    fn kitchen_time() {
        assert_eq!(kitchen(1_700_000_000), "10:13PM");
        assert_eq!(kitchen(0), "12:00AM");
        assert_eq!(kitchen(12 * 3600 + 5 * 60), "12:05PM");
    }
}
