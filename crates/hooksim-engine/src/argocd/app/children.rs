//! App-of-apps (A31–A37): the child Applications' own syncs.
//!
//! The parent's manifests hold child `Application`s; each child's own manifests follow an
//! `apiVersion: hooksim/v1`, `kind: AppManifests` document named after it (docs/decisions.md,
//! "App-of-apps input"). Each child is simulated as its own Application from the second the
//! parent's sync creates it (A35): its automated sync starts at once, in parallel with the
//! parent's next waves and with the other children. The children never touch each other's or
//! the parent's objects, so each runs on its own clock and is placed at its creation afterwards.
//!
//! The parent reads a child's health only with the documented Lua check
//! (`settings.applicationHealthCheck`, A33); the health the Lua reads is the child's own
//! `status.health` (A36), computed here from the child's run.

use crate::common::diagnostics::{codes, Diagnostic, Pos};
use crate::common::health::{has_health_check, HealthStatus};
use crate::input::application;
use crate::input::commits::{Commit, UPDATE_REVISION};
use crate::input::manifest::Manifest;
use crate::input::outcome_script::HealthStep;
use crate::input::prepared::{Child, Prepared, Role};
use crate::input::scenario::{DeleteAfter, OpType, Operation, Outcome, Outcomes, Scenario, Settings};
use crate::input::yaml::Node;
use crate::report::{ChildApp, EventType, HealthAt, OperationReport, Report, Time};

/// The kind of the document that opens a child Application's manifests.
pub const KIND: &str = "AppManifests";

fn is_marker(m: &Manifest) -> bool {
    m.api_version == crate::input::manifest::SCENARIO_API_VERSION && m.kind == KIND
}

/// Takes the `AppManifests` documents and every manifest after each out of `manifests`: what is
/// before the first one is the parent's. Returns (the marker document, its manifests) per child.
pub fn split(manifests: &mut Vec<Manifest>, diags: &mut Vec<Diagnostic>) -> Vec<(Manifest, Vec<Manifest>)> {
    let Some(first) = manifests.iter().position(is_marker) else { return Vec::new() };
    let rest = manifests.split_off(first);
    let mut groups: Vec<(Manifest, Vec<Manifest>)> = Vec::new();
    for m in rest {
        if !is_marker(&m) {
            if let Some((_, list)) = groups.last_mut() {
                list.push(m);
            }
            continue;
        }
        if groups.iter().any(|(g, _)| g.name == m.name) {
            diags.push(
                invalid(
                    &m,
                    format!(
                        "a second AppManifests document for the Application {}: its manifests are added to the first",
                        m.name
                    ),
                )
                .hint("give each child Application one AppManifests document"),
            );
            continue;
        }
        groups.push((m, Vec::new()));
    }
    groups
}

fn invalid(m: &Manifest, message: String) -> Diagnostic {
    Diagnostic::warning(codes::SCENARIO_INVALID, message).at(Some(m.pos))
}

/// How deep the tree of Applications may go below the input's own Application: a child is
/// depth 1, its own child depth 2. Deeper AppManifests documents are not simulated
/// (`limit-exceeded`): each level runs the levels below it, so hostile input must not nest
/// without end.
pub const MAX_DEPTH: usize = 8;

/// Makes each group a child Application's own input, for the whole tree: a group named after an
/// Application among the parent's manifests is the parent's child; a group named after an
/// Application among a child's manifests is that child's child, and so on (docs/decisions.md,
/// "App-of-apps input"). The Application document (in its parent's manifests) gives the child's
/// destination and sync policy; the marker document may carry the child's `outcomes`, `live`,
/// `operations`, `commits` and `drift` as a Scenario does, and `settings` that replace the
/// parent's. `root` is the input's own Application, if it has one (a cycle back to it is
/// reported). Each child's diagnostics are attributed to it (`app`); `lint` gives a child's own
/// (the driver's lint of an input).
pub fn prepare(
    groups: Vec<(Manifest, Vec<Manifest>)>,
    parent: &[Manifest],
    parent_live: &[Node],
    root: Option<&str>,
    settings: &Settings,
    lint: Lint,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Child> {
    let mut tree = Tree {
        pool: groups.into_iter().map(Some).collect(),
        ancestors: root.map(str::to_string).into_iter().collect(),
        lint,
    };
    let out = tree.claim(parent, parent_live, settings, 1, diags);
    for (marker, manifests) in tree.pool.into_iter().flatten() {
        diags.push(
            invalid(
                &marker,
                format!(
                    "no child Application named \"{}\" among the parent's manifests or a child's: these {} manifests are not simulated",
                    marker.name,
                    manifests.len()
                ),
            )
            .hint("name the AppManifests document (metadata.name) after an Application of the parent's manifests (before the first AppManifests) or of a child's"),
        );
    }
    out
}

/// The diagnostics of one input (`crate::lint::lint`), which a child's input gets as the input's
/// own does. The driver passes it in: the linter sits above the Application controller.
pub type Lint = fn(&[Manifest], &Scenario, &mut Vec<Diagnostic>);

/// The AppManifests groups not yet given to an Application, the Applications from the input's
/// own down to the one whose children are being looked for, and the lint of a child's input.
struct Tree {
    pool: Vec<Option<(Manifest, Vec<Manifest>)>>,
    ancestors: Vec<String>,
    lint: Lint,
}

impl Tree {
    /// The children among `manifests` (the manifests of the app at `depth - 1`), each with its
    /// own children. Each group is taken once, so the tree has at most one node per group.
    fn claim(
        &mut self,
        manifests: &[Manifest],
        live: &[Node],
        settings: &Settings,
        depth: usize,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Child> {
        let mut out = Vec::new();
        let apps =
            manifests.iter().filter(|m| m.group == "argoproj.io" && m.kind == "Application" && !m.name.is_empty());
        let mut found: Vec<(&str, &Node, Role)> = Vec::new();
        for app in apps {
            if self.ancestors.contains(&app.name) {
                diags.push(cycle(app, &self.ancestors));
                continue;
            }
            let role = if live_app(live, &app.name).is_some() { Role::Existing } else { Role::New };
            found.push((app.name.as_str(), &app.node, role));
        }
        // A37 trap 8: a live child that the manifests no longer hold is pruned; with the resources
        // finalizer its deletion is its own cascade deletion.
        for n in live {
            let name = n.path(&["metadata", "name"]).and_then(Node::as_str).unwrap_or("");
            let pruned = n.get("kind").and_then(Node::as_str) == Some("Application")
                && !name.is_empty()
                && !found.iter().any(|(f, _, _)| *f == name)
                && !self.ancestors.iter().any(|a| a == name);
            if let Some(background) = pruned.then(|| resources_finalizer(n)).flatten() {
                found.push((name, n, Role::Pruned { background }));
            }
        }
        for (name, app_node, role) in found {
            let selector = format!("Application/{name}");
            let Some(i) = self.pool.iter().position(|g| g.as_ref().is_some_and(|(m, _)| m.name == name)) else {
                continue;
            };
            let Some((marker, own)) = self.pool[i].take() else { continue };
            if depth > MAX_DEPTH {
                diags.push(
                    Diagnostic::warning(
                        codes::LIMIT_EXCEEDED,
                        format!(
                            "the Application {} is {depth} levels below the input's own Application: hooksim simulates at most {MAX_DEPTH} levels of child Applications, so its {} manifests are not simulated",
                            marker.name,
                            own.len()
                        ),
                    )
                    .at(Some(marker.pos))
                    .reference(selector)
                    .hint("simulate the deeper Applications on their own: paste a child Application with its manifests as the input"),
                );
                continue;
            }
            let mut own_diags = Vec::new();
            let mut child = prepare_one(marker, own, app_node, role, settings, self.lint, &mut own_diags);
            if !matches!(role, Role::Pruned { .. }) {
                self.ancestors.push(child.name.clone());
                let p = &child.prepared;
                let grandchildren =
                    self.claim(&p.manifests, &p.scenario.live, &p.scenario.settings, depth + 1, &mut own_diags);
                self.ancestors.pop();
                child.prepared.children = grandchildren;
            }
            for d in &mut own_diags {
                attribute(d, &child.name);
            }
            diags.append(&mut own_diags);
            out.push(child);
        }
        out
    }
}

/// Where each group begins in the input (the line of its AppManifests document), with its name:
/// the diagnostics of reading the stream (annotations, YAML) are attributed by their line.
pub fn group_lines(groups: &[(Manifest, Vec<Manifest>)]) -> Vec<(usize, String)> {
    groups.iter().map(|(m, _)| (m.pos.line, m.name.clone())).collect()
}

/// Attributes each diagnostic of the input that no Application claimed yet and that is at or
/// after an AppManifests document to the Application of the last such document before it; a
/// limit of the whole input (`limit-exceeded`) is the input's.
pub fn attribute_by_line(diags: &mut [Diagnostic], lines: &[(usize, String)]) {
    for d in diags.iter_mut().filter(|d| d.app.is_none() && d.code != codes::LIMIT_EXCEEDED) {
        let Some(line) = d.line else { continue };
        if let Some((_, name)) = lines.iter().rev().find(|(l, _)| *l <= line) {
            attribute(d, name);
        }
    }
}

/// Says which Application a diagnostic comes from, unless a deeper one already did.
pub fn attribute(d: &mut Diagnostic, app: &str) {
    if d.app.is_none() {
        d.message = format!("Application {app}: {}", d.message);
        d.app = Some(app.to_string());
    }
}

/// An Application among the manifests of one of its own descendants (or of itself).
fn cycle(app: &Manifest, ancestors: &[String]) -> Diagnostic {
    let from = ancestors.iter().position(|a| *a == app.name).unwrap_or(0);
    let path = ancestors[from..].iter().chain(std::iter::once(&app.name)).map(String::as_str).collect::<Vec<_>>();
    let owner = ancestors.last().map(String::as_str).unwrap_or("");
    Diagnostic::warning(
        codes::CHILD_APP_CYCLE,
        format!(
            "{} is among the manifests of {owner}, which it manages itself ({}): a cycle of Applications, each applying the other's spec; hooksim simulates each Application once, so this one is applied as a plain resource",
            app.selector,
            path.join(" → ")
        ),
    )
    .at(Some(app.pos))
    .reference(app.selector.clone())
    .hint("remove the Application from the manifests of its own child: an app-of-apps is a tree")
}

/// The live Application named `name` among `live`.
fn live_app<'n>(live: &'n [Node], name: &str) -> Option<&'n Node> {
    live.iter().find(|n| {
        n.get("kind").and_then(Node::as_str) == Some("Application")
            && n.path(&["metadata", "name"]).and_then(Node::as_str) == Some(name)
    })
}

/// Argo CD's cascade finalizer on an Application: Some(background) when it carries it.
fn resources_finalizer(n: &Node) -> Option<bool> {
    let list = n.path(&["metadata", "finalizers"])?.as_seq()?;
    let names = || list.iter().filter_map(Node::as_str);
    if names().any(|f| f == "resources-finalizer.argocd.argoproj.io") {
        return Some(false);
    }
    names().any(|f| f == "resources-finalizer.argocd.argoproj.io/background").then_some(true)
}

/// One child Application's own input: `marker` and its manifests `own`, its Application document
/// `app` (among its parent's manifests, or live when pruned). An existing child starts with its
/// own manifests live, and its new spec is a commit at its second 0; a pruned one starts the
/// same and is deleted at its second 0.
fn prepare_one(
    marker: Manifest,
    manifests: Vec<Manifest>,
    app: &Node,
    role: Role,
    settings: &Settings,
    lint: Lint,
    diags: &mut Vec<Diagnostic>,
) -> Child {
    let mut sc = crate::input::scenario::parse(Some(&marker.node), diags);
    if marker.node.get("settings").is_none() {
        let mut s = settings.clone();
        s.automated = None;
        s.retry = None;
        s.sync_options = Vec::new();
        s.namespace = "default".into();
        // The deletion times its own outcomes script (`deleteSeconds`) are the child's.
        s.delete_after = std::mem::take(&mut sc.settings.delete_after);
        sc.settings = s;
    }
    let spec = application::read(app, &marker.name, sc.settings.argocd, diags);
    application::merge(&spec, application::Written::of(Some(&marker.node)), &mut sc.settings, diags);
    // A35: the child syncs only by itself (automated), or by the operations written for it.
    if !sc.operations_written {
        sc.operations.clear();
    }
    match role {
        Role::New => {}
        Role::Existing => update(&mut sc, &marker, &manifests, app.pos, settings.child_refresh_seconds),
        Role::Pruned { background } => {
            live_manifests(&mut sc, &marker, &manifests);
            // R66: the cascade deletion, with the Application's PreDelete and PostDelete hooks.
            sc.operations =
                vec![Operation { ty: OpType::Delete, at: Some(0), background, pos: app.pos, ..Operation::default() }];
            sc.operations_written = true;
            sc.settings.automated = None;
        }
    }
    lint(&manifests, &sc, diags);
    crate::argocd::app::lint::child_apps_without_health(&manifests, &sc, diags);
    crate::argocd::app::lint::child_app_traps(&manifests, &sc, diags);
    crate::argocd::app::lint::plain_job_ttl(&manifests, diags);
    let prepared = Prepared {
        manifests,
        scenario: sc,
        diagnostics: Vec::new(),
        application: Some(spec),
        undecodable: None,
        children: Vec::new(),
        appset: None,
        tree_left_out: false,
    };
    Child { name: marker.name, role, prepared }
}

/// An existing child's last sync left its manifests live, unless its AppManifests document says
/// what is `live:`.
fn live_manifests(sc: &mut Scenario, marker: &Manifest, manifests: &[Manifest]) {
    if marker.node.get("live").is_none() {
        sc.live = manifests.iter().filter(|m| !m.ann.is_hook && !m.name.is_empty()).map(|m| m.node.clone()).collect();
    }
}

/// A37 trap 2: an existing child that the parent changes. Its last sync left its manifests live
/// (unless the AppManifests document says what is `live:`), and the parent's change of its spec
/// (a new `targetRevision`, a new path) is a new revision seen at its second 0: A35's update
/// refresh resolves the source again, and its automated sync starts (A4: never attempted).
/// That refresh takes `refresh` seconds (the parent's `childRefreshSeconds`, Q4): until then the
/// child shows its old sync status and health.
fn update(sc: &mut Scenario, marker: &Manifest, manifests: &[Manifest], pos: Pos, refresh: Time) {
    live_manifests(sc, marker, manifests);
    let revision = UPDATE_REVISION.to_string();
    let commit =
        Commit { at: refresh, revision, changes: None, adds: Vec::new(), removes: Vec::new(), webhook: true, pos };
    sc.commits.insert(0, commit);
}

/// A36: the child's health (`status.health`) each time it changed, from its own second 0: the
/// worst of its non-hook resources' health (Healthy < Suspended < Progressing < Missing <
/// Degraded < Unknown); a resource that is not live is skipped unless none is (`Missing`,
/// 3.4+); before 3.4 a missing resource of a kind with a health check counts as `Missing`. With
/// the Lua check (A33) its own child Applications have a health too, their Missing or Unknown
/// ignored (A36).
pub fn health(child: &Child, report: &Report) -> Vec<HealthStep> {
    let p = &child.prepared;
    let v = p.scenario.settings.argocd;
    let all_missing_rule = (v.major, v.minor) >= (3, 4);
    // A33: with the Lua check, the app's own child Applications have a health (grandchildren).
    let lua = p.scenario.settings.application_health_check;
    let is_app = |m: &Manifest| m.group == "argoproj.io" && m.kind == "Application";
    // (selector, has a health check, None: not live, Some(None): live with no health).
    let mut state: Vec<(&str, bool, Option<Option<HealthStatus>>)> = p
        .manifests
        .iter()
        .filter(|m| !m.ann.is_hook && !m.ann.skip && !m.name.is_empty())
        .map(|m| (m.selector.as_str(), has_health_check(&m.group, &m.kind) || (lua && is_app(m)), None))
        .collect();
    for n in &p.scenario.live {
        let kind = n.get("kind").and_then(Node::as_str).unwrap_or("");
        let name = n.path(&["metadata", "name"]).and_then(Node::as_str).unwrap_or("");
        let sel = format!("{kind}/{name}");
        for s in state.iter_mut().filter(|s| s.0 == sel) {
            s.2 = Some(s.1.then_some(HealthStatus::Healthy));
        }
    }
    let mut out: Vec<HealthStep> = Vec::new();
    let mut record = |t: Time, state: &[(&str, bool, Option<Option<HealthStatus>>)]| {
        let h = app_health(state, all_missing_rule);
        // Several changes at one second: only the last is seen.
        if out.last().is_some_and(|l| l.at == t) {
            out.pop();
        }
        if out.last().is_none_or(|l| l.health != h) {
            out.push(HealthStep { at: t, health: h, message: None });
        }
    };
    record(0, &state);
    let events = report.operations.iter().flat_map(|o| o.events.iter());
    let mut last_t = 0;
    for e in events {
        if e.t != last_t {
            record(last_t, &state);
            last_t = e.t;
        }
        let Some(r) = &e.reference else { continue };
        let Some(s) = state.iter_mut().find(|s| s.0 == r) else { continue };
        match e.ty {
            EventType::Applied if s.2.is_none() => s.2 = Some(s.1.then_some(HealthStatus::Progressing)),
            EventType::Applied => {
                if let Some(h) = restarted(p, r, s.1) {
                    s.2 = Some(Some(h));
                }
            }
            EventType::HealthChanged => {
                if let Some(h) = e.health {
                    s.2 = Some(Some(h));
                }
            }
            EventType::Deleted | EventType::Pruned => s.2 = None,
            _ => {}
        }
    }
    record(last_t, &state);
    out
}

/// The health of a live resource that its sync applies again: as `World::reapply`, an outcome
/// restarts its scripted health (not a Job's, R53), from the first step of its `healthOverTime`
/// or Progressing until its `afterSeconds`; the scripted health that follows is an event. Without
/// an outcome the resource keeps its health (A37 trap 2: the old pods stay Healthy).
fn restarted(p: &Prepared, selector: &str, has_check: bool) -> Option<HealthStatus> {
    let o = p.scenario.outcomes.get(selector)?;
    if selector.starts_with("Job/") {
        return None;
    }
    match o.health_over_time.first() {
        Some(first) if first.at == 0 => Some(first.health),
        Some(_) => Some(HealthStatus::Progressing),
        None if has_check || o.health.is_some() => Some(HealthStatus::Progressing),
        None => None,
    }
}

fn app_health(state: &[(&str, bool, Option<Option<HealthStatus>>)], all_missing_rule: bool) -> HealthStatus {
    if all_missing_rule && !state.is_empty() && state.iter().all(|s| s.2.is_none()) {
        return HealthStatus::Missing;
    }
    let each = state.iter().filter_map(|s| {
        let h = match s.2 {
            Some(h) => h,
            None if !all_missing_rule && s.1 => Some(HealthStatus::Missing),
            None => None,
        };
        // A36: a child Application's Missing or Unknown is ignored in its parent's health.
        h.filter(|h| !(s.0.starts_with("Application/") && matches!(h, HealthStatus::Missing | HealthStatus::Unknown)))
    });
    each.max_by_key(|h| h.severity()).unwrap_or(HealthStatus::Healthy)
}

/// A33: with the documented Lua check, each child the scenario scripts no health for gets its
/// simulated health as a `healthOverTime` outcome, from the second the parent applies it. Each
/// change of that health is a change the parent watches (A34), so the parent looks again then.
/// With the sync-aware Lua of argo-cd #10550 (`synced`), the health is the child's only while
/// its sync status is Synced, Progressing otherwise (A37 trap 2).
pub fn health_outcomes(
    children: &[Child],
    healths: &[Vec<HealthStep>],
    reports: &[Report],
    synced: bool,
    outcomes: &mut Outcomes,
) {
    for ((c, h), r) in children.iter().zip(healths).zip(reports) {
        let key = format!("Application/{}", c.name);
        let scripted = outcomes.get(&key).is_some_and(|o| o.health.is_some() || !o.health_over_time.is_empty());
        if scripted || matches!(c.role, Role::Pruned { .. }) {
            continue;
        }
        let steps = if synced { sync_aware(h, r) } else { h.clone() };
        outcomes.insert(key, Outcome { health_over_time: steps, ..Outcome::default() });
    }
}

/// The #10550 Lua's health over time: `status.health` where `status.sync.status` is Synced, else
/// Progressing (also before the child's first sync status).
fn sync_aware(health: &[HealthStep], r: &Report) -> Vec<HealthStep> {
    let sync = r.application.as_ref().map(|a| a.sync.as_slice()).unwrap_or_default();
    let mut times: Vec<Time> = health.iter().map(|h| h.at).chain(sync.iter().map(|s| s.t)).collect();
    crate::common::sort::sort(&mut times); // the one sort of the binary (wasm size)
    times.dedup();
    let mut out: Vec<HealthStep> = Vec::new();
    for t in times {
        let h = health.iter().rev().find(|h| h.at <= t).map_or(HealthStatus::Healthy, |h| h.health);
        let synced = sync.iter().rev().find(|s| s.t <= t).is_some_and(|s| s.status == "Synced");
        let lua = if synced { h } else { HealthStatus::Progressing };
        if out.last().is_none_or(|l| l.health != lua) {
            out.push(HealthStep { at: t, health: lua, message: None });
        }
    }
    if out.first().is_none_or(|f| f.at > 0) {
        out.insert(0, HealthStep { at: 0, health: HealthStatus::Progressing, message: None });
    }
    out
}

/// A37 trap 8 (R40): how long the parent's prune of each pruned child takes, as a scripted
/// deletion time of its Application: its own cascade deletion (its delete operation's end), or
/// never when that deletion does not end. A time the scenario scripts wins.
pub fn prune_times(children: &[Child], reports: &[Report], settings: &mut Settings) {
    for (c, r) in children.iter().zip(reports) {
        let key = format!("Application/{}", c.name);
        if !matches!(c.role, Role::Pruned { .. }) || settings.delete_after.iter().any(|(k, _)| *k == key) {
            continue;
        }
        let Some(op) = r.operations.iter().find(|o| o.kind == crate::report::OperationType::Delete) else { continue };
        let after = match op.finished_at {
            Some(t) if op.phase == "Succeeded" => DeleteAfter::Seconds(t),
            _ => DeleteAfter::Never,
        };
        settings.delete_after.push((key, after));
    }
}

/// Places each child's run at its start in the parent's timeline, after the run of the parent
/// (or child) whose report is `parent`: the parent's first apply of it that creates it or, for
/// an existing child (A37 trap 2), that changes it. A child the parent never created or changed
/// did nothing. Each child's own children follow it, placed the same way (`parent` names the
/// Application that created them). Returns the children and their run's diagnostics, attributed
/// to them.
pub fn place(
    children: &[Child],
    reports: Vec<Report>,
    healths: Vec<Vec<HealthStep>>,
    parent: &Report,
) -> (Vec<ChildApp>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for ((c, r), h) in children.iter().zip(reports).zip(healths) {
        let key = format!("Application/{}", c.name);
        let (updated, pruned) = (c.role == Role::Existing, matches!(c.role, Role::Pruned { .. }));
        let started_at = parent
            .operations
            .iter()
            .flat_map(|o| o.events.iter())
            .filter(|e| e.reference.as_deref() == Some(key.as_str()))
            .find(|e| match c.role {
                Role::New => e.ty == EventType::Applied,
                Role::Existing => {
                    e.ty == EventType::Applied && !e.message.as_deref().unwrap_or("").ends_with(" unchanged")
                }
                Role::Pruned { .. } => e.ty == EventType::Pruned,
            })
            .map(|e| e.t);
        let Some(at) = started_at else {
            out.push(ChildApp { name: c.name.clone(), updated, pruned, ..ChildApp::default() });
            continue;
        };
        let Report { diagnostics, operations, application, remaining, child_applications, .. } = r;
        for mut d in diagnostics {
            attribute(&mut d, &c.name);
            diags.push(d);
        }
        let mut child = ChildApp {
            name: c.name.clone(),
            parent: None,
            created_at: Some(0),
            updated,
            pruned,
            health: h.iter().map(|s| HealthAt { t: s.at, status: s.health.as_str().to_string() }).collect(),
            operations,
            application,
            remaining,
        };
        shift(&mut child, at);
        out.push(child);
        adopt(&mut out, &c.name, at, child_applications);
    }
    (out, diags)
}

/// Adds the children of the Application `name` (placed in its own time, which starts at `at` in
/// the parent's) after it.
pub fn adopt(out: &mut Vec<ChildApp>, name: &str, at: Time, grandchildren: Vec<ChildApp>) {
    for mut g in grandchildren {
        shift(&mut g, at);
        if g.parent.is_none() {
            g.parent = Some(name.to_string());
        }
        out.push(g);
    }
}

/// Moves a child's whole run `at` seconds later.
fn shift(c: &mut ChildApp, at: Time) {
    c.created_at = c.created_at.map(|t| t + at);
    c.health.iter_mut().for_each(|h| h.t += at);
    for op in &mut c.operations {
        shift_operation(op, at);
    }
    if let Some(app) = &mut c.application {
        app.sync.iter_mut().for_each(|s| s.t += at);
        app.notes.iter_mut().for_each(|n| n.t += at);
        for cond in &mut app.conditions {
            cond.t += at;
            cond.cleared_at = cond.cleared_at.map(|t| t + at);
        }
    }
}

fn shift_operation(op: &mut OperationReport, at: Time) {
    op.started_at += at;
    op.finished_at = op.finished_at.map(|t| t + at);
    op.events.iter_mut().for_each(|e| e.t += at);
    op.messages.iter_mut().for_each(|m| m.t += at);
    for w in &mut op.retries {
        w.failed_at += at;
        w.promised_at += at;
        w.starts_at += at;
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::{simulate, Options};

    fn app(name: &str, wave: usize) -> String {
        format!(
            "---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: {name}\n  namespace: argocd\n  annotations: {{argocd.argoproj.io/sync-wave: \"{wave}\"}}\nspec:\n  destination: {{namespace: argocd}}\n  syncPolicy: {{automated: {{}}}}\n"
        )
    }

    fn marker(name: &str, extra: &str) -> String {
        format!("---\napiVersion: hooksim/v1\nkind: AppManifests\nmetadata: {{name: {name}}}\n{extra}")
    }

    const ROOT: &str = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: root, namespace: argocd}\nspec: {destination: {namespace: argocd}}\n";

    /// A chain of AppManifests documents, each app holding the next: levels past MAX_DEPTH are
    /// a `limit-exceeded` warning, the levels above it run, each placed in the parent's time.
    #[test]
    fn a_deep_chain_stops_at_the_depth_limit() {
        let n = super::MAX_DEPTH + 5;
        let mut input = String::from(ROOT);
        input.push_str(&app("app-0", 0));
        for i in 0..n {
            input.push_str(&marker(&format!("app-{i}"), ""));
            input.push_str(&app(&format!("app-{}", i + 1), 0));
        }
        let r = simulate(&input, &Options::default());
        assert_eq!(r.child_applications.len(), super::MAX_DEPTH, "{:?}", r.diagnostics);
        let limit: Vec<_> =
            r.diagnostics.iter().filter(|d| d.code == crate::common::diagnostics::codes::LIMIT_EXCEEDED).collect();
        assert_eq!(limit.len(), 1, "{limit:?}");
        assert!(limit[0].message.contains("at most 8 levels"), "{}", limit[0].message);
        // Each level is created by the one above it, in order, and named as its parent.
        for (i, c) in r.child_applications.iter().enumerate() {
            assert_eq!(c.name, format!("app-{i}"));
            let parent = (i > 0).then(|| format!("app-{}", i - 1));
            assert_eq!(c.parent, parent);
            assert!(c.created_at.is_some(), "{}", c.name);
        }
    }

    /// Two apps that hold each other, and an app that holds itself: a `child-app-cycle` warning
    /// for each, attributed to the app whose manifests close it, and each app runs once.
    #[test]
    fn cycles_are_reported_and_run_once() {
        let mut input = String::from(ROOT);
        input.push_str(&app("a", 0));
        input.push_str(&marker("a", ""));
        input.push_str(&app("b", 0));
        input.push_str(&app("a", 1));
        input.push_str(&marker("b", ""));
        input.push_str(&app("a", 0));
        input.push_str(&app("root", 1));
        input.push_str(&app("b", 2));
        let r = simulate(&input, &Options::default());
        let names: Vec<&str> = r.child_applications.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        let cycles: Vec<_> =
            r.diagnostics.iter().filter(|d| d.code == crate::common::diagnostics::codes::CHILD_APP_CYCLE).collect();
        let owners: Vec<Option<&str>> = cycles.iter().map(|d| d.app.as_deref()).collect();
        assert_eq!(owners, [Some("a"), Some("b"), Some("b"), Some("b")], "{cycles:#?}");
        assert!(cycles[0].message.contains("(a → a)"), "{}", cycles[0].message);
        assert!(cycles[2].message.contains("(root → a → b → root)"), "{}", cycles[2].message);
    }

    /// A child's run has diagnostics of its own (here an operation past its horizon): they are in
    /// the report, attributed to it.
    #[test]
    fn a_grandchilds_run_diagnostics_are_attributed_to_it() {
        let mut input = String::from(ROOT);
        input.push_str(&app("a", 0));
        input.push_str(&marker("a", ""));
        input.push_str(&app("g", 0));
        input.push_str(&marker("g", "settings: {horizonSeconds: 60}\noperations: [{type: sync, at: 100}]\n"));
        input.push_str("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        let r = simulate(&input, &Options::default());
        let d = r.diagnostics.iter().find(|d| d.code == crate::common::diagnostics::codes::OPERATION_NOT_SIMULATED);
        let d = d.unwrap_or_else(|| panic!("{:#?}", r.diagnostics));
        assert_eq!(d.app.as_deref(), Some("g"));
        assert!(d.message.starts_with("Application g: "), "{}", d.message);
        let g = r.child_applications.iter().find(|c| c.name == "g").expect("g placed");
        assert_eq!(g.parent.as_deref(), Some("a"));
    }

    /// A37 trap 8: a pruned child whose own deletion never ends holds the parent's prune, and so
    /// its next wave, until the horizon (no hang); the background finalizer counts too.
    #[test]
    fn a_pruned_child_whose_deletion_never_ends_holds_the_parent() {
        let input = format!(
            "apiVersion: hooksim/v1\nkind: Scenario\nsettings: {{prune: true, horizonSeconds: 600}}\nlive:\n  - apiVersion: argoproj.io/v1alpha1\n    kind: Application\n    metadata: {{name: old, namespace: argocd, finalizers: [resources-finalizer.argocd.argoproj.io/background]}}\n    spec: {{destination: {{namespace: argocd}}}}\n---\n{ROOT}{}{}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: stuck}}\n",
            app("next", 1),
            marker("old", "outcomes:\n  ConfigMap/stuck: {deleteSeconds: never}\n"),
        );
        let r = simulate(&input, &Options::default());
        assert_eq!(r.operations[0].phase, "Running", "{:#?}", r.diagnostics);
        let old = r.child_applications.iter().find(|c| c.name == "old").expect("old is a child");
        assert!(old.pruned && old.created_at == Some(0), "{old:?}");
        assert_eq!(old.operations[0].phase, "Running");
        let applied_next = r.operations[0].events.iter().any(|e| e.reference.as_deref() == Some("Application/next"));
        assert!(!applied_next, "the next wave waits for the prune");
    }
}
