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

use crate::argocd::app::application;
use crate::diagnostics::{codes, Diagnostic};
use crate::health::{has_health_check, HealthStatus};
use crate::input::prepared::{Child, Prepared};
use crate::manifest::Manifest;
use crate::outcome_script::HealthStep;
use crate::report::{ChildApp, EventType, HealthAt, OperationReport, Report, Time};
use crate::scenario::{Outcome, Outcomes, Settings};
use crate::yaml::Node;

/// The kind of the document that opens a child Application's manifests.
pub const KIND: &str = "AppManifests";

fn is_marker(m: &Manifest) -> bool {
    m.api_version == crate::manifest::SCENARIO_API_VERSION && m.kind == KIND
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

/// Makes each group a child Application's own input: its Application document (among the
/// parent's manifests) gives its destination and sync policy; the marker document may carry
/// the child's `outcomes`, `live`, `operations`, `commits` and `drift` as a Scenario does, and
/// `settings` that replace the parent's.
pub fn prepare(
    groups: Vec<(Manifest, Vec<Manifest>)>,
    parent: &[Manifest],
    settings: &Settings,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Child> {
    let mut out = Vec::new();
    for (marker, manifests) in groups {
        let app = parent.iter().find(|m| m.group == "argoproj.io" && m.kind == "Application" && m.name == marker.name);
        let Some(app) = app else {
            diags.push(
                invalid(
                    &marker,
                    format!(
                        "no child Application named \"{}\" among the parent's manifests: these {} manifests are not simulated",
                        marker.name,
                        manifests.len()
                    ),
                )
                .hint("name the AppManifests document (metadata.name) after an Application of the parent's manifests (before the first AppManifests)"),
            );
            continue;
        };
        let mut sc = crate::scenario::parse(Some(&marker.node), diags);
        if marker.node.get("settings").is_none() {
            let mut s = settings.clone();
            s.automated = None;
            s.retry = None;
            s.sync_options = Vec::new();
            s.namespace = "default".into();
            sc.settings = s;
        }
        let spec = application::read(&app.node, &app.name, sc.settings.argocd, diags);
        application::merge(&spec, application::Written::of(Some(&marker.node)), &mut sc.settings, diags);
        // A35: the child syncs only by itself (automated), or by the operations written for it.
        if !sc.operations_written {
            sc.operations.clear();
        }
        crate::lint::lint(&manifests, &sc, diags);
        let prepared = Prepared {
            manifests,
            scenario: sc,
            diagnostics: Vec::new(),
            application: Some(spec),
            undecodable: None,
            children: Vec::new(),
            appset: None,
        };
        out.push(Child { name: marker.name, prepared });
    }
    out
}

/// A36: the child's health (`status.health`) each time it changed, from its own second 0: the
/// worst of its non-hook resources' health (Healthy < Suspended < Progressing < Missing <
/// Degraded < Unknown); a resource that is not live is skipped unless none is (`Missing`,
/// 3.4+); before 3.4 a missing resource of a kind with a health check counts as `Missing`.
pub fn health(child: &Child, report: &Report) -> Vec<HealthStep> {
    let p = &child.prepared;
    let v = p.scenario.settings.argocd;
    let all_missing_rule = (v.major, v.minor) >= (3, 4);
    // (selector, has a health check, None: not live, Some(None): live with no health).
    let mut state: Vec<(&str, bool, Option<Option<HealthStatus>>)> = p
        .manifests
        .iter()
        .filter(|m| !m.ann.is_hook && !m.ann.skip && !m.name.is_empty())
        .map(|m| (m.selector.as_str(), has_health_check(&m.group, &m.kind), None))
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

fn app_health(state: &[(&str, bool, Option<Option<HealthStatus>>)], all_missing_rule: bool) -> HealthStatus {
    if all_missing_rule && !state.is_empty() && state.iter().all(|s| s.2.is_none()) {
        return HealthStatus::Missing;
    }
    let each = state.iter().filter_map(|s| match s.2 {
        Some(h) => h,
        None if !all_missing_rule && s.1 => Some(HealthStatus::Missing),
        None => None,
    });
    each.max_by_key(|h| h.severity()).unwrap_or(HealthStatus::Healthy)
}

/// A33: with the documented Lua check, each child the scenario scripts no health for gets its
/// simulated health as a `healthOverTime` outcome, from the second the parent applies it. Each
/// change of that health is a change the parent watches (A34), so the parent looks again then.
pub fn health_outcomes(children: &[Child], healths: &[Vec<HealthStep>], outcomes: &mut Outcomes) {
    for (c, h) in children.iter().zip(healths) {
        let key = format!("Application/{}", c.name);
        if outcomes.get(&key).is_some_and(|o| o.health.is_some() || !o.health_over_time.is_empty()) {
            continue;
        }
        let steps = h.clone();
        outcomes.insert(key, Outcome { health_over_time: steps, ..Outcome::default() });
    }
}

/// Places each child's run at its creation in the parent's timeline (the parent's first apply
/// of it); a child the parent never created did nothing.
pub fn place(
    children: &[Child],
    reports: Vec<Report>,
    healths: Vec<Vec<HealthStep>>,
    parent: &Report,
) -> Vec<ChildApp> {
    let mut out = Vec::new();
    for ((c, mut r), h) in children.iter().zip(reports).zip(healths) {
        let key = format!("Application/{}", c.name);
        let created_at = parent
            .operations
            .iter()
            .flat_map(|o| o.events.iter())
            .find(|e| e.ty == EventType::Applied && e.reference.as_deref() == Some(key.as_str()))
            .map(|e| e.t);
        let Some(at) = created_at else {
            out.push(ChildApp { name: c.name.clone(), created_at: None, ..ChildApp::default() });
            continue;
        };
        for op in &mut r.operations {
            shift_operation(op, at);
        }
        if let Some(app) = &mut r.application {
            app.sync.iter_mut().for_each(|s| s.t += at);
            app.notes.iter_mut().for_each(|n| n.t += at);
            for cond in &mut app.conditions {
                cond.t += at;
                cond.cleared_at = cond.cleared_at.map(|t| t + at);
            }
        }
        out.push(ChildApp {
            name: c.name.clone(),
            created_at: Some(at),
            health: h.iter().map(|s| HealthAt { t: s.at + at, status: s.health.as_str().to_string() }).collect(),
            operations: r.operations,
            application: r.application,
            remaining: r.remaining,
        });
    }
    out
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
