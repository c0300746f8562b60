//! The simulation driver: reads the input, runs the scenario's operations one after another on
//! one virtual clock, lets the cluster run on afterwards, and assembles the report.

use std::collections::HashSet;

use crate::annotations;
use crate::app_delete::DeleteOp;
use crate::diagnostics::{self, codes, Diagnostic};
use crate::lint;
use crate::manifest::{self, Manifest};
use crate::plan::{self, Key};
use crate::report::{Event, EventType, MessageAt, OperationReport, OperationType, Remaining, Report, Time};
use crate::scenario::{self, OpType, Operation, Outcomes, Scenario};
use crate::sync::{Phase, SyncOp, SyncRequest};
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
}

/// Everything read from the input, before simulation.
pub struct Prepared {
    pub manifests: Vec<Manifest>,
    pub scenario: Scenario,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the manifests and the scenario, and lints them.
pub fn prepare(input: &str, opts: &Options) -> Prepared {
    let inp = manifest::read(input);
    let mut diags = inp.diagnostics;
    let mut scenario_node = inp.scenario;
    if let Some(text) = &opts.scenario {
        let separate = manifest::read(text);
        if separate.scenario.is_none() {
            // A scenario file may leave out apiVersion/kind: take its first document as it is.
            let docs = crate::yaml::parse_stream(text);
            match docs.into_iter().next().map(|d| d.root) {
                Some(Ok(node)) => {
                    if let Some(embedded) = &scenario_node {
                        diags.push(scenario_replaced(embedded));
                    }
                    scenario_node = Some(node);
                }
                Some(Err(e)) => diags.push(
                    Diagnostic::error(codes::YAML_SYNTAX, format!("scenario: YAML syntax error: {}", e.message))
                        .hint(format!("at line {}, column {} of the scenario", e.pos.line, e.pos.column)),
                ),
                None => {}
            }
        } else {
            if let Some(embedded) = &scenario_node {
                diags.push(scenario_replaced(embedded));
            }
            scenario_node = separate.scenario;
        }
    }
    let scenario_node = scenario::apply_sets(scenario_node, &opts.sets, &mut diags);
    let scenario = scenario::parse(scenario_node.as_ref(), &mut diags);
    lint::lint(&inp.manifests, &scenario, &mut diags);
    Prepared { manifests: inp.manifests, scenario, diagnostics: diags }
}

/// The embedded Scenario document is not used: the separate one replaces it (contract.md §1).
fn scenario_replaced(embedded: &crate::yaml::Node) -> Diagnostic {
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
    d
}

enum Current {
    Sync(SyncOp),
    Delete(DeleteOp),
}

struct Running {
    index: usize,
    op: Current,
    terminate_at: Option<Time>,
    /// R57: when the user confirms pruning.
    confirm_prune_at: Option<Time>,
    retries: i64,
    retry_at: Option<Time>,
    terminated: bool,
    /// R52: the phase and message each time they changed.
    messages: Vec<MessageAt>,
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
    let settings = &p.scenario.settings;
    let horizon = settings.horizon_seconds;
    let mut world = World::new(settings, &p.manifests);
    add_live(&mut world, &p.scenario);

    let ops: &[Operation] = &p.scenario.operations;
    let usable = usable_outcomes(&p.manifests, &p.scenario);
    let mut reports: Vec<OperationReport> = Vec::new();
    let mut op_idx = 0usize;
    let mut start_at: Option<Time> = ops.first().map(|o| o.at.unwrap_or(0));
    if let Some(s) = start_at {
        world.wake_at(s);
    }
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
        // Argo CD's side at this instant.
        if cur.is_none() {
            if let Some(s) = start_at {
                if world.now >= s && op_idx < ops.len() {
                    op_event_starts.push(world.events.len());
                    cur = Some(start_op(&mut world, &p.scenario, &usable, op_idx));
                    start_at = None;
                }
            }
        }
        if let Some(r) = cur.as_mut() {
            react(&mut world, r, &ops[r.index]);
            let now = world.now;
            r.note_message(now);
            if let Some(done) = finished(&mut world, r, &ops[r.index]) {
                reports.push(done);
                cur = None;
                op_idx += 1;
                if op_idx < ops.len() {
                    let s = ops[op_idx].at.unwrap_or(world.now).max(world.now);
                    start_at = Some(s);
                    world.wake_at(s);
                    continue;
                }
            }
        }
        world.dirty = false;
        if !world.step_cluster(horizon) {
            break;
        }
    }
    // What is still running at the horizon.
    if let Some(r) = cur.take() {
        reports.push(op_report(&world, &r, Phase::Running, None));
    }
    // Each operation's events run from its start to the next one's start (contract §2). The split
    // is by emission, not by time: an operation that starts at the instant the previous one ended
    // (the default `at`) must not take over the previous one's events of that instant.
    let events = std::mem::take(&mut world.events);
    for (i, r) in reports.iter_mut().enumerate() {
        let from = if i == 0 { 0 } else { op_event_starts.get(i).copied().unwrap_or(events.len()) };
        let to = op_event_starts.get(i + 1).copied().unwrap_or(events.len()).max(from);
        r.events = events[from.min(events.len())..to.min(events.len())].to_vec();
        crate::sort::sort_by_key(&mut r.events, |e| e.t); // stable: ties keep causal order
    }
    let remaining = world
        .cluster
        .iter()
        .map(|l| Remaining {
            reference: l.selector.clone(),
            kind: l.key.kind.clone(),
            name: l.key.name.clone(),
            namespace: l.key.namespace.clone(),
        })
        .collect();
    let mut diagnostics = p.diagnostics.clone();
    diagnostics.append(&mut world.diags);
    diagnostics::sort(&mut diagnostics);
    Report { schema_version: 1, diagnostics, operations: reports, remaining }
}

/// The scenario's `live:` objects: in the cluster, managed by the app, before anything starts.
fn add_live(world: &mut World, sc: &Scenario) {
    for node in &sc.live {
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
        let managed = !destination_namespace_untracked(node, &key, &world.settings.namespace);
        world.add_existing(node, key, selector, ann, managed);
    }
}

/// The destination namespace given in `live:` exists beside the Application: Argo CD does not
/// track the namespace CreateNamespace=true creates, nor one made by someone else, so it is not
/// pruned. It counts as the Application's only with Argo CD's tracking annotation or label (as
/// when a manifest used to create it).
fn destination_namespace_untracked(node: &crate::yaml::Node, key: &Key, destination: &str) -> bool {
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

fn start_op(world: &mut World, sc: &Scenario, usable: &Outcomes, index: usize) -> Running {
    let op = &sc.operations[index];
    let outcomes = outcomes_for(usable, op);
    let e = Event::new(world.now, EventType::OperationStarted).message(match op.ty {
        OpType::Sync => "sync",
        OpType::Delete => "delete",
    });
    world.emit(e);
    let current = match op.ty {
        OpType::Sync => Current::Sync(SyncOp::new(
            world,
            outcomes,
            sc.settings.started_at + world.now,
            SyncRequest::new(&sc.settings, op),
        )),
        OpType::Delete => Current::Delete(DeleteOp::new(world, outcomes)),
    };
    let terminate_at = op.terminate_after_seconds.map(|s| world.now + s);
    if let Some(t) = terminate_at {
        world.wake_at(t);
    }
    let confirm_prune_at = op.confirm_prune_after_seconds.filter(|_| op.ty == OpType::Sync).map(|s| world.now + s);
    if let Some(t) = confirm_prune_at {
        world.wake_at(t);
    }
    world.dirty = true;
    Running {
        index,
        op: current,
        terminate_at,
        confirm_prune_at,
        retries: 0,
        retry_at: None,
        terminated: false,
        messages: Vec::new(),
    }
}

/// Lets Argo CD act at the current instant: ticks while something it sees has changed.
fn react(world: &mut World, r: &mut Running, op: &Operation) {
    match &mut r.op {
        Current::Sync(s) => {
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
                s.reset_for_retry();
                s.message = format!("Retrying operation. Attempt #{}", r.retries);
                let e = Event::new(world.now, EventType::OperationStarted)
                    .message(format!("sync (retry attempt #{})", r.retries))
                    .rule("R64");
                world.emit(e);
                world.dirty = true;
            }
            let _ = op;
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

/// When the operation has completed (after retries), its report; handles R64 retries.
fn finished(world: &mut World, r: &mut Running, op: &Operation) -> Option<OperationReport> {
    let (phase, finished_at) = match &r.op {
        Current::Sync(s) => (s.phase, s.finished_at),
        Current::Delete(d) => (d.phase, d.finished_at),
    };
    if phase == Phase::Running || r.retry_at.is_some() {
        return None;
    }
    if let Current::Sync(s) = &mut r.op {
        if matches!(phase, Phase::Failed | Phase::Error) && !r.terminated {
            if let Some(retry) = &op.retry {
                if r.retries < retry.limit || retry.limit < 0 {
                    // R64: back to Running, retried after duration × factor^count (at most max).
                    let wait = (retry.backoff_seconds as f64 * (retry.factor as f64).powi(r.retries.min(62) as i32))
                        .min(if retry.max_backoff_seconds > 0 { retry.max_backoff_seconds as f64 } else { f64::MAX });
                    let wait = wait.min(1e12) as Time;
                    let at = world.now + wait;
                    r.retries += 1;
                    s.message = format!(
                        "{}. Retrying attempt #{} at {}.",
                        s.message,
                        r.retries,
                        kitchen(world.settings.started_at + at)
                    );
                    s.phase = Phase::Running;
                    s.finished_at = None;
                    r.retry_at = Some(at);
                    world.wake_at(at);
                    return None;
                }
            }
            if r.retries > 0 {
                s.message = format!("{} (retried {} times).", s.message, r.retries);
            }
        }
    }
    r.note_message(world.now);
    let rep = op_report(world, r, phase, finished_at);
    let e = Event::new(world.now, EventType::OperationCompleted).reason(phase.as_str()).message(rep.message.clone());
    world.emit(e);
    Some(rep)
}

fn op_report(world: &World, r: &Running, phase: Phase, finished_at: Option<Time>) -> OperationReport {
    match &r.op {
        Current::Sync(s) => {
            let results = s.results();
            OperationReport {
                kind: OperationType::Sync,
                phase: phase.as_str().to_string(),
                message: s.message.clone(),
                started_at: s.started_at,
                finished_at: if phase == Phase::Running { None } else { finished_at },
                not_run: crate::not_run::of_sync(world.manifests, &results, &s.req, phase),
                results,
                events: Vec::new(),
                messages: r.messages.clone(),
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
            not_run: Vec::new(),
        },
    }
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
