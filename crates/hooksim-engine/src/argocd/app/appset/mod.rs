//! ApplicationSet progressive sync (A38–A43, issue 11 item 7): an `ApplicationSet` with
//! `spec.strategy.type: RollingSync` and the Applications it generated, each followed by its own
//! manifests (`kind: AppManifests`, as the children of an app-of-apps: docs/decisions.md,
//! "RollingSync input").
//!
//! The ApplicationSet controller turns off each Application's automated sync (A39), sorts the
//! Applications into steps by their labels (A38), moves each through Waiting → Pending →
//! Progressing → Healthy with Argo CD's messages (A40), opens a step only when the previous one is
//! all Healthy and lets at most `maxUpdate` of a step be Pending or Progressing (A41), and writes a
//! full sync operation onto each Pending Application (A39). Each Application runs on the shared
//! clock (its second 0 is the ApplicationSet's); when RollingSync writes an operation, the
//! Application is simulated again with that operation (a run is deterministic, so it is the same
//! run up to that second).

use std::collections::BTreeSet;

use crate::argocd::app::children;
use crate::common::argocd_version::ArgoCd;
use crate::common::diagnostics::{codes, Diagnostic};
use crate::common::escape::double_quoted;
use crate::input::manifest::Manifest;
use crate::input::outcome_script::HealthStep;
use crate::input::prepared::{Child, Prepared};
use crate::input::scenario::{OpType, Operation, Retry};
use crate::input::yaml::{Node, Value};
use crate::report::app_status::{AppSetAppStatus, AppSetReport, Condition, ProgressiveStatus, RolloutStep, Trigger};
use crate::report::{ChildApp, HealthAt, Report, Time};

pub use crate::input::appset::RollingSync;
use crate::input::appset::{Expr, GenApp, MaxUpdate, Step};

/// The kind of the document.
pub const KIND: &str = "ApplicationSet";

/// Reconciles of the ApplicationSet at one second before the model gives up (each changes a
/// status, so a handful suffice; a safety net).
const MAX_RECONCILES_PER_SECOND: usize = 64;

/// Operations RollingSync may write onto one Application (before 3.3 it syncs a failed one again
/// and again): a safety net, reported as `limit-exceeded`.
pub const MAX_OPERATIONS_PER_APP: usize = 100;

/// Takes the first `argoproj.io` `ApplicationSet` document out of the manifests.
pub fn take_manifest(manifests: &mut Vec<Manifest>) -> Option<Manifest> {
    let i = manifests.iter().position(|m| m.group == "argoproj.io" && m.kind == KIND)?;
    Some(manifests.remove(i))
}

fn invalid(name: &str, path: &str, node: &Node, ty: &str) -> Diagnostic {
    let got = node.type_name();
    Diagnostic::error(
        codes::APPLICATION_INVALID,
        format!(
            "The ApplicationSet \"{name}\" is invalid: {path}: Invalid value: \"{got}\": {path} in body must be of type {ty}: \"{got}\""
        ),
    )
    .at(Some(node.pos))
    .reference(format!("ApplicationSet/{name}"))
    .hint("see Argo CD's Progressive-Syncs.md for the shape of spec.strategy")
}

fn field<'n>(name: &str, n: &'n Node, path: &str, ty: &str, diags: &mut Vec<Diagnostic>) -> Option<&'n Node> {
    if n.is_null() {
        return None;
    }
    let fits =
        matches!((ty, &n.value), ("string", Value::Str(_)) | ("object", Value::Map(_)) | ("array", Value::Seq(_)));
    if !fits {
        diags.push(invalid(name, path, n, ty));
        return None;
    }
    Some(n)
}

fn strings(name: &str, n: &Node, path: &str, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let Some(list) = field(name, n, path, "array", diags) else { return Vec::new() };
    let mut out = Vec::new();
    for (i, v) in list.as_seq().unwrap_or_default().iter().enumerate() {
        if let Some(s) = field(name, v, &format!("{path}[{i}]"), "string", diags) {
            out.push(s.as_str().unwrap_or_default().to_string());
        }
    }
    out
}

fn read_steps(name: &str, list: &Node, before_3_3: bool, diags: &mut Vec<Diagnostic>) -> Vec<Step> {
    let base = "spec.strategy.rollingSync.steps";
    let Some(list) = field(name, list, base, "array", diags) else { return Vec::new() };
    let mut steps = Vec::new();
    for (i, s) in list.as_seq().unwrap_or_default().iter().enumerate() {
        let path = format!("{base}[{i}]");
        let mut step = Step { exprs: Vec::new(), max_update: None, pos: s.pos };
        let Some(s) = field(name, s, &path, "object", diags) else {
            steps.push(step);
            continue;
        };
        if let Some(exprs) = s.get("matchExpressions") {
            let p = format!("{path}.matchExpressions");
            if let Some(exprs) = field(name, exprs, &p, "array", diags) {
                for (j, e) in exprs.as_seq().unwrap_or_default().iter().enumerate() {
                    let p = format!("{p}[{j}]");
                    let Some(e) = field(name, e, &p, "object", diags) else { continue };
                    let text = |k: &str, diags: &mut Vec<Diagnostic>| {
                        e.get(k)
                            .and_then(|v| field(name, v, &format!("{p}.{k}"), "string", diags))
                            .and_then(Node::as_str)
                            .unwrap_or_default()
                            .to_string()
                    };
                    let key = text("key", diags);
                    let operator = text("operator", diags);
                    let values =
                        e.get("values").map(|v| strings(name, v, &format!("{p}.values"), diags)).unwrap_or_default();
                    if operator != "In" && operator != "NotIn" {
                        // A38: Argo CD's log line (appset.go labelMatchedExpression).
                        diags.push(
                            Diagnostic::warning(
                                codes::APPLICATION_INVALID,
                                format!(
                                    "skipping AppSet rollingUpdate step Application selection, invalid matchExpression operator provided: {}",
                                    double_quoted(&operator)
                                ),
                            )
                            .at(Some(e.pos))
                            .reference(format!("ApplicationSet/{name}"))
                            .hint("RollingSync knows In and NotIn only: an Application with this label is left out of the step, one without it is still selected"),
                        );
                    }
                    step.exprs.push(Expr { key, operator, values });
                }
            }
        }
        if let Some(m) = s.get("maxUpdate").filter(|m| !m.is_null()) {
            match &m.value {
                Value::Int(v) => step.max_update = Some(MaxUpdate::Int(*v)),
                Value::Str(v) => {
                    step.max_update = Some(MaxUpdate::Str(v.clone()));
                    if let Err(e) = percent(v) {
                        // A41: Argo CD logs this and then lets one Application at a time go
                        // (before 3.3 the line names the ApplicationSet).
                        let appset = if before_3_3 { format!(" '{name}'") } else { String::new() };
                        diags.push(
                            Diagnostic::warning(
                                codes::APPLICATION_INVALID,
                                format!(
                                    "AppSet{appset} has a invalid maxUpdate value '&{{Type:1 IntVal:0 StrVal:{v}}}', ignoring maxUpdate logic for this step: invalid value for IntOrString: {e}"
                                ),
                            )
                            .at(Some(m.pos))
                            .reference(format!("ApplicationSet/{name}"))
                            .hint("write an integer (2) or a percentage (\"50%\"): with this value Argo CD updates one Application of the step at a time"),
                        );
                    }
                }
                _ => diags.push(invalid(name, &format!("{path}.maxUpdate"), m, "integer or string")),
            }
        }
        steps.push(step);
    }
    steps
}

/// `intstr`'s reading of a string IntOrString: a percentage or an error (its own text).
fn percent(s: &str) -> Result<i64, String> {
    let Some(num) = s.strip_suffix('%') else { return Err("invalid type: string is not a percentage".into()) };
    num.parse::<i64>().map_err(|_| {
        format!("invalid value {}: strconv.Atoi: parsing {}: invalid syntax", double_quoted(s), double_quoted(num))
    })
}

/// A41: the number of Applications of a step that may be Pending or Progressing at once (None:
/// unlimited). A percentage of the step's total rounds down; a string other than "0%" gives at
/// least 1 (also an invalid one, whose value is 0).
fn max_update_value(m: Option<&MaxUpdate>, total: usize) -> Option<i64> {
    match m? {
        MaxUpdate::Int(v) => Some(*v),
        MaxUpdate::Str(s) => {
            let v = percent(s).map(|p| p.saturating_mul(total as i64).div_euclid(100)).unwrap_or(0);
            Some(if s != "0%" && v < 1 { 1 } else { v })
        }
    }
}

/// Reads the ApplicationSet and prepares the generated Applications (the children): A39, their
/// own automated sync is off; RollingSync writes their operations.
pub fn prepare(
    doc: &Manifest,
    apps: &[Manifest],
    children: &mut [Child],
    version: ArgoCd,
    diags: &mut Vec<Diagnostic>,
) -> RollingSync {
    let name = doc.name.clone();
    let v = (version.major, version.minor, version.patch.unwrap_or(u32::MAX));
    let mut steps = Vec::new();
    let mut strategy_type = String::new();
    let strategy = doc.node.path(&["spec", "strategy"]).and_then(|n| field(&name, n, "spec.strategy", "object", diags));
    let mut has_rolling = false;
    if let Some(s) = strategy {
        strategy_type = s
            .get("type")
            .and_then(|n| field(&name, n, "spec.strategy.type", "string", diags))
            .and_then(Node::as_str)
            .unwrap_or_default()
            .to_string();
        if let Some(r) =
            s.get("rollingSync").and_then(|n| field(&name, n, "spec.strategy.rollingSync", "object", diags))
        {
            has_rolling = true;
            if let Some(list) = r.get("steps") {
                steps = read_steps(&name, list, v < (3, 3, 0), diags);
            }
        }
    }
    // A38: only `type: RollingSync` with `rollingSync.steps` is a progressive sync.
    let enabled = strategy_type == "RollingSync" && has_rolling && !steps.is_empty();
    // No strategy, or AllAtOnce, says what it means; a type Argo CD does not know, or RollingSync
    // without steps, silently does the same (argo-cd #11924).
    let why = if strategy_type != "RollingSync" && strategy_type != "AllAtOnce" && !strategy_type.is_empty() {
        Some(format!("spec.strategy.type \"{strategy_type}\" is neither RollingSync nor AllAtOnce"))
    } else if strategy_type == "RollingSync" && !enabled {
        Some("spec.strategy.rollingSync has no steps".to_string())
    } else {
        None
    };
    if let Some(why) = why {
        diags.push(
            Diagnostic::warning(
                codes::APPLICATION_INVALID,
                format!("{why}: the ApplicationSet controller does no progressive sync, and each Application syncs by its own syncPolicy"),
            )
            .at(Some(doc.node.path(&["spec", "strategy", "type"]).map_or(doc.pos, |n| n.pos)))
            .reference(format!("ApplicationSet/{name}"))
            .hint("write spec.strategy: {type: RollingSync, rollingSync: {steps: [{matchExpressions: [...]}]}}"),
        );
    }
    let mut gen = Vec::new();
    for c in children.iter_mut() {
        let app = apps.iter().find(|m| m.kind == "Application" && m.name == c.name);
        let labels = app
            .and_then(|m| m.node.path(&["metadata", "labels"]))
            .and_then(Node::as_map)
            .unwrap_or_default()
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.scalar_text()?)))
            .collect();
        let settings = &mut c.prepared.scenario.settings;
        let mut g = GenApp { labels, prune: false, retry: settings.retry.clone(), automated_off: false };
        if enabled {
            // A39: automated is turned off; its prune flag is remembered for the operation.
            if let Some(a) = settings.automated.filter(|a| a.enabled) {
                g.prune = a.prune;
                g.automated_off = true;
            }
            settings.automated = None;
            c.prepared.scenario.operations.clear();
        }
        gen.push(g);
    }
    let rs = RollingSync { name, enabled, steps, apps: gen, before_3_3: v < (3, 3, 0), default_retry: v >= (3, 1, 0) };
    if rs.enabled && v < (2, 14, 4) {
        // A43: the transitions before 2.14.4 (and 2.13's) are not modelled.
        diags.push(
            Diagnostic::info(
                codes::NOT_MODELLED,
                format!(
                    "RollingSync's status transitions of Argo CD {version} (before 2.14.4, A43) are not modelled: simulated as 2.14.4 to 3.2's"
                ),
            )
            .at(Some(doc.pos))
            .reference(format!("ApplicationSet/{}", rs.name)),
        );
    }
    if rs.enabled {
        let names: Vec<&str> = children.iter().map(|c| c.name.as_str()).collect();
        let Dependencies(_, step_of, twice) = rs.dependencies(&names);
        for (i, c) in children.iter().enumerate() {
            if step_of[i].is_none() {
                let pos = apps.iter().find(|m| m.name == c.name).map(|m| m.pos);
                diags.push(
                    Diagnostic::warning(
                        codes::ROLLING_SYNC_LEFT_OUT,
                        format!(
                            "the Application {} matches no step of the RollingSync: its step is -1, it stays Waiting and is never synced (A38)",
                            c.name
                        ),
                    )
                    .at(pos)
                    .reference(format!("Application/{}", c.name))
                    .hint("add a step whose matchExpressions select its labels (an empty matchExpressions selects every Application)"),
                );
            }
        }
        for (app, first, second) in twice {
            // A38: Argo CD's warning (appset.go buildAppDependencyList).
            diags.push(
                Diagnostic::warning(
                    codes::APPLICATION_INVALID,
                    format!(
                        "AppSet '{}' has a invalid matchExpression that selects Application '{}' label twice, in steps {} and {}",
                        rs.name,
                        names[app],
                        first + 1,
                        second + 1
                    ),
                )
                .at(Some(rs.steps[second].pos))
                .reference(format!("ApplicationSet/{}", rs.name))
                .hint("the Application belongs to the first step, and the later step also waits for it to be Healthy"),
            );
        }
    }
    rs
}

/// A38: each step's Applications, each Application's first step, and the second matches
/// (Application, first step, second step), as indexes.
struct Dependencies(Vec<Vec<usize>>, Vec<Option<usize>>, Vec<(usize, usize, usize)>);

impl RollingSync {
    /// A38: each step's Applications (an Application is in every step it matches, as Argo CD's
    /// dependency list has it), each Application's first step, and the second matches.
    fn dependencies(&self, names: &[&str]) -> Dependencies {
        let mut deps = vec![Vec::new(); self.steps.len()];
        let mut step_of = vec![None; names.len()];
        let mut twice = Vec::new();
        for (a, g) in self.apps.iter().enumerate() {
            for (i, s) in self.steps.iter().enumerate() {
                if !selects(s, &g.labels) {
                    continue;
                }
                deps[i].push(a);
                match step_of[a] {
                    Some(first) => twice.push((a, first, i)),
                    None => step_of[a] = Some(i),
                }
            }
        }
        Dependencies(deps, step_of, twice)
    }
}

/// A38: the match expressions of a step are and-ed; `In`/`NotIn` on the labels. A label that is
/// absent fails `In` and passes anything else (also an invalid operator).
fn selects(step: &Step, labels: &[(String, String)]) -> bool {
    step.exprs.iter().all(|e| match labels.iter().find(|(k, _)| *k == e.key) {
        Some((_, v)) => match e.operator.as_str() {
            "In" => e.values.contains(v),
            "NotIn" => !e.values.contains(v),
            _ => false,
        },
        None => e.operator != "In",
    })
}

const WAITING: &str = "Waiting";
const PENDING: &str = "Pending";
const PROGRESSING: &str = "Progressing";
const HEALTHY: &str = "Healthy";

/// One Application as RollingSync sees it: its latest run and its progressive status.
struct AppState {
    report: Report,
    health: Vec<HealthStep>,
    /// The RollingSync operations written so far (their start times).
    ops: Vec<Time>,
    /// `status.sync.revisions` from each second on: the Scenario's revision, then its commits.
    revisions: Vec<(Time, String)>,
    /// Before 3.3: the second whose new operation a reconcile has seen Running.
    running_seen: Option<Time>,
    /// `status.applicationStatus[]`: None before the first reconcile that saw the app.
    status: Option<Entry>,
    history: Vec<ProgressiveStatus>,
}

#[derive(Clone)]
struct Entry {
    status: &'static str,
    revision: Option<String>,
    transition: Time,
    /// Pending and its operation not written yet (A42: the next reconcile writes it).
    op_due: bool,
}

impl AppState {
    fn sync_at(&self, t: Time) -> &str {
        let app = self.report.application.as_ref();
        app.and_then(|a| a.sync.iter().rev().find(|s| s.t <= t)).map_or("", |s| s.status.as_str())
    }

    fn revision_at(&self, t: Time) -> Option<String> {
        self.revisions.iter().rev().find(|r| r.0 <= t).map(|r| r.1.clone())
    }

    fn health_at(&self, t: Time) -> &str {
        self.health.iter().rev().find(|h| h.at <= t).map(|h| h.health.as_str()).unwrap_or("")
    }

    /// The last operation RollingSync wrote, when it has finished by `t`: its phase.
    fn finished_op(&self, t: Time, after: Time) -> Option<&str> {
        let start = *self.ops.last()?;
        if start < after {
            return None;
        }
        let op = self.report.operations.iter().find(|o| o.started_at == start)?;
        op.finished_at.filter(|f| *f <= t).map(|_| op.phase.as_str())
    }

    /// `status.operationState.phase` at `t`: its last operation's ("" before any).
    fn op_phase_at(&self, t: Time) -> &str {
        let op = self.report.operations.iter().rev().find(|o| o.started_at <= t);
        op.map_or("", |o| if o.finished_at.is_some_and(|f| f <= t) { o.phase.as_str() } else { "Running" })
    }

    /// The seconds at which something RollingSync watches changes (A42).
    fn changes(&self) -> impl Iterator<Item = Time> + '_ {
        let sync = self.report.application.iter().flat_map(|a| a.sync.iter().map(|s| s.t));
        let ops = self.report.operations.iter().flat_map(|o| std::iter::once(o.started_at).chain(o.finished_at));
        sync.chain(ops).chain(self.health.iter().map(|h| h.at)).chain(self.revisions.iter().map(|r| r.0))
    }

    fn set(&mut self, t: Time, status: &'static str, message: &str) {
        let revision = self.status.as_ref().and_then(|e| e.revision.clone());
        self.status = Some(Entry { status, revision, transition: t, op_due: status == PENDING });
        self.history.push(ProgressiveStatus { t, status: status.to_string(), message: message.to_string() });
    }
}

fn run_child(c: &Child, ops: &[Time], g: &GenApp, default_retry: bool, sim: Sim) -> (Report, Vec<HealthStep>) {
    let mut sc = c.prepared.scenario.clone();
    // A39: a full sync (no resources, no revision), prune as automated.prune was, the
    // Application's retry or {limit: 5} (3.1+; before, none).
    sc.operations = ops
        .iter()
        .map(|t| Operation {
            ty: OpType::Sync,
            at: Some(*t),
            prune: Some(g.prune),
            retry: g.retry.clone().or_else(|| default_retry.then(Retry::automated_default)),
            ..Operation::default()
        })
        .collect();
    let p = Prepared {
        manifests: c.prepared.manifests.clone(),
        scenario: sc,
        diagnostics: Vec::new(),
        application: c.prepared.application.clone(),
        undecodable: None,
        // A generated Application whose manifests hold Applications is an app-of-apps of its own.
        children: c.prepared.children.clone(),
        appset: None,
        tree_left_out: false,
    };
    let mut r = sim(&p);
    for op in &mut r.operations {
        if ops.contains(&op.started_at) {
            op.trigger = Trigger::RollingSync;
        }
    }
    if let Some(app) = r.application.as_mut().filter(|_| g.automated_off) {
        app.notes.insert(
            0,
            crate::report::app_status::Note {
                t: 0,
                seq: 0,
                message: "automated sync turned off by the ApplicationSet's RollingSync (automated.enabled: false); it syncs when its step's turn comes".into(),
                rule: "A39".into(),
                cites: Vec::new(),
            },
        );
    }
    let child = Child { name: c.name.clone(), role: crate::input::prepared::Role::New, prepared: p };
    let h = children::health(&child, &r);
    (r, h)
}

/// How an Application's input is simulated (`sim::run`, given by the driver, which calls this
/// module: passed in rather than imported, so that the two do not import each other).
pub type Sim = fn(&Prepared) -> Report;

/// Runs the ApplicationSet: every generated Application on one clock, RollingSync deciding when
/// each syncs (each run by `sim`). Returns the report's `applicationSet` and the Applications' runs.
pub fn run(
    rs: &RollingSync,
    children: &[Child],
    horizon: Time,
    diags: &mut Vec<Diagnostic>,
    sim: Sim,
) -> (AppSetReport, Vec<ChildApp>) {
    let mut limited: Vec<usize> = Vec::new();
    let names: Vec<&str> = children.iter().map(|c| c.name.as_str()).collect();
    let Dependencies(deps, step_of, _) = rs.dependencies(&names);
    let mut apps: Vec<AppState> = children
        .iter()
        .zip(&rs.apps)
        .map(|(c, g)| {
            let (report, health) = run_child(c, &[], g, rs.default_retry, sim);
            let sc = &c.prepared.scenario;
            let mut revisions = vec![(0, sc.settings.revision.clone())];
            // A commit with a webhook is seen at its push; one without, when the run without
            // operations first shows its revision (a periodic refresh, A46).
            let seen = |rev: &str| {
                let app = report.application.as_ref()?;
                app.sync.iter().find(|s| s.revision == rev).map(|s| s.t)
            };
            revisions.extend(sc.commits.iter().filter_map(|c| match c.webhook {
                true => Some((c.at, c.revision.clone())),
                false => seen(&c.revision).map(|t| (t, c.revision.clone())),
            }));
            crate::common::sort::sort_by_key(&mut revisions, |r| r.0);
            AppState {
                report,
                health,
                ops: Vec::new(),
                revisions,
                running_seen: None,
                status: None,
                history: Vec::new(),
            }
        })
        .collect();
    // A41: the status list is sorted by name.
    let mut order: Vec<usize> = (0..apps.len()).collect();
    crate::common::sort::sort_by(&mut order, |a, b| names[*a].cmp(names[*b]));
    let mut conditions: Vec<Condition> = Vec::new();
    let mut times: BTreeSet<Time> = BTreeSet::from([0]);
    for a in &apps {
        times.extend(a.changes());
    }
    while let Some(t) = times.pop_first() {
        if t > horizon || !rs.enabled {
            break;
        }
        for _ in 0..MAX_RECONCILES_PER_SECOND {
            let before: usize = apps.iter().map(|a| a.history.len()).sum();
            reconcile(rs, &deps, &step_of, &order, &mut apps, t);
            condition(rs, &step_of, &apps, &mut conditions, t);
            // A39/A42: the next reconcile writes the operation of each Pending Application.
            let mut written = 0usize;
            for (i, a) in apps.iter_mut().enumerate() {
                if !a.status.as_ref().is_some_and(|e| e.op_due) {
                    continue;
                }
                // A43: before 3.3 only an OutOfSync Application gets its operation.
                if rs.before_3_3 && a.sync_at(t) != "OutOfSync" {
                    continue;
                }
                // One operation a second: a sync that ends in the second it started is written
                // again (before 3.3) in the next one (docs/decisions.md).
                if a.ops.last() == Some(&t) {
                    times.insert(t + 1);
                    continue;
                }
                if a.ops.len() >= MAX_OPERATIONS_PER_APP {
                    if !limited.contains(&i) {
                        limited.push(i);
                        diags.push(
                            Diagnostic::warning(
                                codes::LIMIT_EXCEEDED,
                                format!(
                                    "RollingSync wrote {MAX_OPERATIONS_PER_APP} operations onto the Application {} by t={t} s: the later ones are not simulated",
                                    names[i]
                                ),
                            )
                            .reference(format!("Application/{}", names[i])),
                        );
                    }
                    continue;
                }
                if let Some(e) = a.status.as_mut() {
                    e.op_due = false;
                }
                a.ops.push(t);
                written += 1;
                let (report, health) = run_child(&children[i], &a.ops, &rs.apps[i], rs.default_retry, sim);
                a.report = report;
                a.health = health;
                times.extend(a.changes().filter(|c| *c > t));
            }
            let after: usize = apps.iter().map(|a| a.history.len()).sum::<usize>() + written;
            if after == before {
                break;
            }
        }
    }
    // A38: without progressive sync the steps mean nothing.
    let steps = rs
        .steps
        .iter()
        .filter(|_| rs.enabled)
        .enumerate()
        .map(|(i, s)| RolloutStep {
            step: i + 1,
            match_expressions: s
                .exprs
                .iter()
                .map(|e| format!("{} {} [{}]", e.key, e.operator, e.values.join(", ")))
                .collect(),
            max_update: s.max_update.as_ref().map(|m| match m {
                MaxUpdate::Int(v) => v.to_string(),
                MaxUpdate::Str(s) => s.clone(),
            }),
            applications: order.iter().filter(|a| step_of[**a] == Some(i)).map(|a| names[*a].to_string()).collect(),
        })
        .collect();
    let applications = order
        .iter()
        .map(|i| AppSetAppStatus {
            application: names[*i].to_string(),
            step: step_of[*i].map_or("-1".to_string(), |s| (s + 1).to_string()),
            statuses: apps[*i].history.clone(),
        })
        .collect();
    let report = AppSetReport {
        name: rs.name.clone(),
        strategy: if rs.enabled { "RollingSync" } else { "AllAtOnce" }.to_string(),
        steps,
        applications,
        conditions,
    };
    let mut placed = Vec::new();
    for (c, a) in children.iter().zip(apps) {
        let r = a.report;
        placed.push(ChildApp {
            name: c.name.clone(),
            created_at: Some(0),
            health: a.health.iter().map(|h| HealthAt { t: h.at, status: h.health.as_str().to_string() }).collect(),
            operations: r.operations,
            application: r.application,
            remaining: r.remaining,
            ..ChildApp::default()
        });
        // The children of a generated Application (an app-of-apps below the ApplicationSet).
        crate::argocd::app::children::adopt(&mut placed, &c.name, 0, r.child_applications);
    }
    (report, placed)
}

/// One reconcile of the ApplicationSet at `t` (A40, A41): the statuses, the step gate, maxUpdate.
fn reconcile(
    rs: &RollingSync,
    deps: &[Vec<usize>],
    step_of: &[Option<usize>],
    order: &[usize],
    apps: &mut [AppState],
    t: Time,
) {
    for &i in order {
        if rs.before_3_3 {
            status_3_2(&mut apps[i], t);
        } else {
            status_3_3(&mut apps[i], t);
        }
    }
    // A41: getAppsToSync: every Application of step k; step k+1 once step k is all Healthy.
    let mut allowed = vec![false; apps.len()];
    for list in deps {
        for &a in list {
            allowed[a] = true;
        }
        if !list.iter().all(|&a| apps[a].status.as_ref().is_some_and(|e| e.status == HEALTHY)) {
            break;
        }
    }
    // A41: maxUpdate. An Application of no step counts in the first step (Argo CD's map lookup of
    // a missing name gives step index 0).
    let idx = |a: usize| step_of[a].unwrap_or(0);
    let mut total = vec![0usize; rs.steps.len()];
    let mut updating = vec![0i64; rs.steps.len()];
    for (a, s) in apps.iter().enumerate() {
        total[idx(a)] += 1;
        if s.status.as_ref().is_some_and(|e| e.status == PENDING || e.status == PROGRESSING) {
            updating[idx(a)] += 1;
        }
    }
    for &i in order {
        let k = idx(i);
        let room = max_update_value(rs.steps[k].max_update.as_ref(), total[k]).is_none_or(|m| updating[k] < m);
        let waiting = apps[i].status.as_ref().is_some_and(|e| e.status == WAITING);
        if waiting && allowed[i] && room {
            // A43: before 3.3 the message ends with a full stop.
            let m = "Application moved to Pending status, watching for the Application resource to start Progressing";
            let m = if rs.before_3_3 { format!("{m}.") } else { m.to_string() };
            apps[i].set(t, PENDING, &m);
            updating[k] += 1;
        }
    }
}

/// A40 (3.3+, `updateApplicationSetApplicationStatus`): one Application against its status before
/// this reconcile.
fn status_3_3(a: &mut AppState, t: Time) {
    let sync = a.sync_at(t).to_string();
    let revision = a.revision_at(t);
    let health = a.health_at(t).to_string();
    let Some(cur) = a.status.clone() else {
        a.set(t, WAITING, "No Application status found, defaulting status to Waiting");
        if let Some(e) = a.status.as_mut() {
            e.revision = revision;
        }
        waiting_synced(a, t, &sync, &health);
        return;
    };
    if cur.revision != revision {
        a.set(t, WAITING, "Application has pending changes, setting status to Waiting");
        if let Some(e) = a.status.as_mut() {
            e.revision = revision;
        }
        waiting_synced(a, t, &sync, &health);
        return;
    }
    match cur.status {
        WAITING => waiting_synced(a, t, &sync, &health),
        PENDING => {
            // A42: reconciledAt moves at the refresh after the operation ends, so Pending
            // turns Progressing when the operation RollingSync wrote has ended.
            let message = match a.finished_op(t, cur.transition) {
                Some("Succeeded") => Some(
                    "Application resource completed a sync successfully, updating status from Pending to Progressing",
                ),
                Some(_) => Some("Application resource completed a sync, updating status from Pending to Progressing"),
                None => None,
            };
            if let Some(m) = message {
                a.set(t, PROGRESSING, m);
            }
        }
        PROGRESSING if health == "Healthy" && sync == "Synced" => {
            a.set(t, HEALTHY, "Application resource became Healthy, updating status from Progressing to Healthy");
        }
        _ => {}
    }
}

/// A43 (2.14.4 to 3.2, `updateApplicationSetApplicationStatus` of v3.2.0): the checks run one
/// after the other on the same entry, and only the result is written; its messages end with a
/// full stop. An OutOfSync Application that is neither Waiting nor Pending goes back to Waiting;
/// Pending turns Progressing on a Succeeded operation (not OutOfSync) or on a Running one or a
/// Progressing health; Waiting or Progressing turn Healthy when the app is Healthy, not OutOfSync,
/// and its last operation Succeeded (or it has none).
fn status_3_2(a: &mut AppState, t: Time) {
    let sync = a.sync_at(t).to_string();
    let revision = a.revision_at(t);
    let health = a.health_at(t).to_string();
    // The controller writes the Running operation state before it syncs (appcontroller.go
    // processRequestedAppOperation), so an operation written this second is seen Running even
    // when it ends in the same second.
    let fresh = a.ops.last() == Some(&t) && a.running_seen != Some(t);
    if fresh {
        a.running_seen = Some(t);
    }
    let phase = if fresh { "Running".to_string() } else { a.op_phase_at(t).to_string() };
    let before = a.status.clone();
    let (mut status, mut message, old_revision) = match &before {
        Some(e) => (e.status, a.history.last().map(|h| h.message.clone()).unwrap_or_default(), e.revision.clone()),
        None => (WAITING, "No Application status found, defaulting status to Waiting.".to_string(), None),
    };
    if before.is_some() && old_revision != revision {
        message = "Application has pending changes, setting status to Waiting.".into();
    }
    if old_revision != revision {
        status = WAITING;
    }
    let outdated = sync == "OutOfSync";
    // While its operation runs the Application is not sent back (docs/decisions.md: the code
    // would flip it Waiting, Pending, Progressing on every reconcile of the sync).
    if outdated && status != WAITING && status != PENDING && phase != "Running" {
        status = WAITING;
        message = "Application has pending changes, setting status to Waiting.".into();
    }
    if status == PENDING {
        if !outdated && phase == "Succeeded" {
            status = PROGRESSING;
            message =
                "Application resource completed a sync successfully, updating status from Pending to Progressing."
                    .into();
        } else if phase == "Running" || health == "Progressing" {
            status = PROGRESSING;
            message = "Application resource became Progressing, updating status from Pending to Progressing.".into();
        }
    }
    let healthy = health == "Healthy" && !outdated && (phase == "Succeeded" || phase.is_empty());
    if status == WAITING && healthy {
        status = HEALTHY;
        message = "Application resource is already Healthy, updating status from Waiting to Healthy.".into();
    }
    if status == PROGRESSING && healthy {
        status = HEALTHY;
        message = "Application resource became Healthy, updating status from Progressing to Healthy.".into();
    }
    let changed = match &before {
        None => true,
        Some(e) => {
            e.status != status || e.revision != revision || a.history.last().is_none_or(|h| h.message != message)
        }
    };
    if changed {
        a.set(t, status, &message);
        if let Some(e) = a.status.as_mut() {
            e.revision = revision;
        }
    }
}

/// A40: a Waiting Application that is Synced needs no sync.
fn waiting_synced(a: &mut AppState, t: Time, sync: &str, health: &str) {
    if sync != "Synced" {
        return;
    }
    if health == "Healthy" {
        a.set(t, HEALTHY, "Application resource has synced, updating status to Healthy");
    } else {
        a.set(t, PROGRESSING, "Application resource has synced, updating status to Progressing");
    }
}

/// A41: the `RolloutProgressing` condition: the first step not all Healthy, or completed.
fn condition(rs: &RollingSync, step_of: &[Option<usize>], apps: &[AppState], out: &mut Vec<Condition>, t: Time) {
    let open = (0..rs.steps.len()).find(|k| {
        let mut members = (0..apps.len()).filter(|a| step_of[*a] == Some(*k)).peekable();
        members.peek().is_some() && !members.all(|a| apps[a].status.as_ref().is_some_and(|e| e.status == HEALTHY))
    });
    let message = match open {
        Some(k) => format!("ApplicationSet is performing rollout of step {}", k + 1),
        None => "ApplicationSet Rollout has completed".to_string(),
    };
    if out.last().is_some_and(|c| c.message == message) {
        return;
    }
    if let Some(last) = out.last_mut() {
        last.cleared_at = Some(t);
    }
    out.push(Condition { t, seq: 0, ty: "RolloutProgressing".into(), message, cleared_at: None });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::diagnostics::Pos;

    /// A41: a percentage rounds down, not to 0 unless "0%"; an invalid string lets one go.
    #[test]
    fn max_update_scaling() {
        let s = |v: &str| MaxUpdate::Str(v.to_string());
        assert_eq!(max_update_value(Some(&s("50%")), 4), Some(2));
        assert_eq!(max_update_value(Some(&s("50%")), 3), Some(1));
        assert_eq!(max_update_value(Some(&s("10%")), 3), Some(1));
        assert_eq!(max_update_value(Some(&s("0%")), 3), Some(0));
        assert_eq!(max_update_value(Some(&s("two")), 3), Some(1));
        assert_eq!(max_update_value(Some(&MaxUpdate::Int(0)), 3), Some(0));
        assert_eq!(max_update_value(None, 3), None);
    }

    /// A38: In needs the label; NotIn and an invalid operator pass when it is absent.
    #[test]
    fn selection() {
        let e = |op: &str| Step {
            exprs: vec![Expr { key: "env".into(), operator: op.into(), values: vec!["dev".into()] }],
            max_update: None,
            pos: Pos::default(),
        };
        let dev = vec![("env".to_string(), "dev".to_string())];
        assert!(selects(&e("In"), &dev));
        assert!(!selects(&e("NotIn"), &dev));
        assert!(!selects(&e("In"), &[]));
        assert!(selects(&e("NotIn"), &[]));
        assert!(selects(&e("Exists"), &[]));
        assert!(!selects(&e("Exists"), &dev));
    }
}
