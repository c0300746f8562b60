//! The HTML under the timeline: diagnostics, each operation's result table (Argo CD's
//! `syncResult.resources`) with its final phase and message, and what is left in the cluster.
//!
//! No headings (`<h*>`): an embed must not add entries to a docs page's table of contents.

use std::fmt::Write;

use hooksim_engine::command::OutcomeSource;
use hooksim_engine::health::HealthStatus;
use hooksim_engine::report::{Event, EventType, OperationReport, ResourceResult, Time};
use hooksim_engine::{Diagnostic, Report, Severity};

use crate::{escape, lower};

/// The diagnostics as a list (empty string when there are none).
pub fn diagnostics_html(diags: &[Diagnostic]) -> String {
    if diags.is_empty() {
        return String::new();
    }
    let mut s = String::from(r#"<ul class="hs-diags">"#);
    for d in diags {
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let at = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("{l}:{c} "),
            (Some(l), None) => format!("{l} "),
            _ => String::new(),
        };
        let _ = write!(
            s,
            r#"<li class="hs-diag hs-diag-{sev}"><span class="hs-diag-sev">{sev}</span> <code class="hs-diag-code">{code}</code> <span class="hs-diag-at">{at}</span><span class="hs-diag-msg">{msg}</span>"#,
            code = escape(d.code.as_str()),
            at = escape(&at),
            msg = escape(&d.message),
        );
        if let Some(h) = &d.hint {
            let _ = write!(s, r#"<div class="hs-diag-hint">{}</div>"#, escape(h));
        }
        s.push_str("</li>");
    }
    s.push_str("</ul>");
    s
}

/// Each operation's phase, message and result table, then "Left in the cluster".
pub fn result_html(report: &Report) -> String {
    result_html_at(report, None)
}

/// [`result_html`] as it stands at second `at` (None: the end), for the playground's player: an
/// operation not started yet is only named; the one running shows its phase and Argo CD's
/// message then (the report's `messages`), and the rows of the resources it has touched by
/// then, each with what the events say of it so far (applied, failed, pruned, a hook completed,
/// a health); "Left in the cluster" lists what exists at that second.
pub fn result_html_at(report: &Report, at: Option<Time>) -> String {
    let mut s = String::from(r#"<div class="hs-result">"#);
    if let Some(t) = at {
        let _ = write!(s, r#"<div class="hs-result-at" data-t="{t}">As it stands at {t} s (the player's time)</div>"#);
    }
    for (i, op) in report.operations.iter().enumerate() {
        let num = i + 1;
        let ty = op.kind.as_str();
        let start = op.started_at;
        if at.is_some_and(|t| t < op.started_at) {
            let _ = write!(
                s,
                r#"<div class="hs-operation hs-later" data-phase="none"><div class="hs-op-head">Operation {num} ({ty}) starts at {start} s</div></div>"#
            );
            continue;
        }
        let running_at = at.filter(|&t| op.finished_at.is_none_or(|f| t < f));
        let (phase, message, when) = match running_at {
            Some(t) => {
                let m = op.messages.iter().rev().find(|m| m.t <= t);
                let phase = m.map_or("Running", |m| m.phase.as_str());
                (phase, m.map_or("", |m| m.message.as_str()), format!("at {t} s"))
            }
            None => (
                op.phase.as_str(),
                op.message.as_str(),
                match op.finished_at {
                    Some(f) => format!("at {f} s"),
                    None => "still running at the horizon".to_string(),
                },
            ),
        };
        let _ = write!(
            s,
            r#"<div class="hs-operation" data-phase="{p}"><div class="hs-op-head">Operation {num} ({ty}, started at {start} s): <span class="hs-badge hs-phase-{c}">{p}</span> {when}</div><div class="hs-op-message">{msg}</div>"#,
            p = escape(phase),
            c = lower(phase),
            when = escape(&when),
            msg = escape(message),
        );
        let rows: Vec<Row> = match running_at {
            Some(t) => op.results.iter().filter_map(|r| row_at(op, r, t)).collect(),
            None => op.results.iter().map(Row::last).collect(),
        };
        if !rows.is_empty() {
            s.push_str(
                r#"<div class="hs-table-wrap" role="group" aria-label="The sync result" tabindex="0"><table class="hs-table"><thead><tr><th>Kind</th><th>Name</th><th>Phase</th><th>Wave</th><th title="As in Argo CD's sync result (status.operationState.syncResult.resources[].status): Synced, SyncFailed, Pruned, PruneSkipped">Status</th><th title="As in Argo CD's sync result (resources[].hookPhase): for a hook its phase; for a resource that is not a hook, the state of its task">Hook phase</th><th>Message</th></tr></thead><tbody>"#,
            );
            for row in rows {
                let r = row.result;
                let outcome = outcome_html(op, r, at);
                let _ = write!(
                    s,
                    r#"<tr><td>{kind}</td><td class="hs-name" title="{reference}">{name}</td><td>{phase}</td><td class="hs-num">{wave}</td><td class="hs-status hs-status-{sc}">{status}</td><td class="hs-hook hs-hook-{hc}">{hook}{outcome}</td><td class="hs-msg">{msg}</td></tr>"#,
                    kind = escape(&r.kind),
                    reference = escape(&r.reference),
                    name = escape(&r.name),
                    phase = escape(&r.sync_phase),
                    wave = r.wave,
                    sc = lower(row.status),
                    status = escape(row.status),
                    hc = lower(row.hook_phase),
                    hook = escape(row.hook_phase),
                    msg = escape(row.message),
                );
            }
            s.push_str("</tbody></table></div>");
        }
        s.push_str("</div>");
    }
    let remaining: Vec<ObjectKey> = match at {
        None => report.remaining.iter().map(|r| (r.kind.as_str(), r.name.as_str(), r.namespace.as_str())).collect(),
        Some(t) => in_cluster_at(report, t),
    };
    s.push_str(r#"<div class="hs-remaining"><span class="hs-remaining-head">Left in the cluster:</span> "#);
    if remaining.is_empty() {
        s.push_str(r#"<span class="hs-none">nothing</span>"#);
    } else {
        s.push_str("<ul>");
        for (kind, name, ns) in remaining {
            // The namespace said as one (a bare "(default)" read as a default object).
            let ns = if ns.is_empty() { "cluster-scoped".to_string() } else { format!("namespace {ns}") };
            let _ = write!(
                s,
                r#"<li><code>{}/{}</code> <span class="hs-ns">({})</span></li>"#,
                escape(kind),
                escape(name),
                escape(&ns)
            );
        }
        s.push_str("</ul>");
    }
    s.push_str("</div>");
    application_html(&mut s, report, at);
    s.push_str("</div>");
    s
}

/// The Application around the operations (A1–A50, issue 11): its sync status, conditions and
/// the controller's decisions ("Skipping auto-sync: …", a self-heal, a retry), as the CLI's text
/// lists them; with the player's time, only what happened by then.
fn application_html(s: &mut String, report: &Report, at: Option<Time>) {
    let Some(app) = &report.application else { return };
    let (head, rows) = hooksim_engine::text::application_rows(app);
    let _ = write!(s, r#"<details class="hs-app" open><summary>{}</summary><ol>"#, escape(&head));
    for (t, text) in rows.iter().filter(|(t, _)| at.is_none_or(|a| *t <= a)) {
        let _ = write!(s, r#"<li data-t="{t}"><span class="hs-app-t">{t} s</span> {}</li>"#, escape(text));
    }
    s.push_str("</ol></details>");
}

/// Kind, name and namespace of an object.
type ObjectKey<'a> = (&'a str, &'a str, &'a str);

/// One row of a result table.
/// Issue 10: where the last pod outcome of `r`'s object up to `at` came from, when the Scenario
/// did not script it: "assumed" (hooksim's default success) or "read from the command".
fn outcome_html(op: &OperationReport, r: &ResourceResult, at: Option<Time>) -> String {
    let last = op.events.iter().rev().find(|e| {
        matches!(e.ty, EventType::PodSucceeded | EventType::PodFailed)
            && at.is_none_or(|t| e.t <= t)
            && e.kind.as_deref() == Some(r.kind.as_str())
            && e.name.as_deref() == Some(r.name.as_str())
    });
    let (class, text, title) = match last.and_then(|e| e.outcome_source) {
        Some(OutcomeSource::Assumed) => (
            "assumed",
            "assumed",
            "No outcome is scripted and the command was not read: hooksim assumes the pod succeeds after podSeconds",
        ),
        Some(OutcomeSource::Command) => (
            "command",
            "read from the command",
            "No outcome is scripted: the outcome is read from the container's command",
        ),
        _ => return String::new(),
    };
    format!(r#"<span class="hs-outcome hs-outcome-{class}" title="{title}"> ({text})</span>"#)
}

struct Row<'a> {
    result: &'a ResourceResult,
    status: &'a str,
    hook_phase: &'a str,
    message: &'a str,
}

impl<'a> Row<'a> {
    /// The row as the operation left it.
    fn last(r: &'a ResourceResult) -> Row<'a> {
        Row { result: r, status: &r.status, hook_phase: &r.hook_phase, message: &r.message }
    }
}

/// The row of `r` at second `t` of the running operation `op`: None until the operation has
/// touched it; then its status from the apply (or prune), its hook phase Running until the hook
/// completed or the resource's health settled, and the message of the last of these events.
fn row_at<'a>(op: &'a OperationReport, r: &'a ResourceResult, t: Time) -> Option<Row<'a>> {
    let mine = |e: &&Event| {
        e.t <= t && e.kind.as_deref() == Some(r.kind.as_str()) && e.name.as_deref() == Some(r.name.as_str())
    };
    let mut row: Option<Row> = None;
    for e in op.events.iter().filter(mine) {
        let msg = e.message.as_deref().unwrap_or("");
        match e.ty {
            EventType::Applied => {
                row = Some(Row { result: r, status: "Synced", hook_phase: "Running", message: msg });
            }
            EventType::ApplyFailed => row = Some(Row::last(r)),
            EventType::Pruned | EventType::PruneSkipped => row = Some(Row::last(r)),
            EventType::HookCompleted => {
                if let Some(row) = row.as_mut() {
                    row.hook_phase = &r.hook_phase;
                    row.message = &r.message;
                }
            }
            EventType::HealthChanged if r.hook_type.is_none() => {
                if let Some(row) = row.as_mut() {
                    row.hook_phase = match e.health {
                        Some(HealthStatus::Healthy) => "Succeeded",
                        Some(HealthStatus::Degraded) => "Failed",
                        _ => "Running",
                    };
                }
            }
            _ => {}
        }
    }
    row
}

/// The manifest-level objects in the cluster at second `t`: those whose last create or delete
/// by then was a create, and those there from the start (deleted later, or never touched and
/// still there at the end).
fn in_cluster_at(report: &Report, t: Time) -> Vec<ObjectKey<'_>> {
    // Each object: whether it exists after its last create or delete by `t` (None: none yet),
    // and whether it existed before its first one.
    let mut state: Vec<(ObjectKey, Option<bool>, bool)> = Vec::new();
    let mut index: std::collections::HashMap<ObjectKey, usize> = std::collections::HashMap::new();
    for e in report.operations.iter().flat_map(|o| &o.events) {
        let created = match e.ty {
            EventType::Applied => true,
            EventType::Deleted => false,
            _ => continue,
        };
        let (Some(kind), Some(name)) = (e.kind.as_deref(), e.name.as_deref()) else { continue };
        let key = (kind, name, e.namespace.as_deref().unwrap_or(""));
        let i = *index.entry(key).or_insert_with(|| {
            // Before its first create or delete: there if that first one is a delete.
            state.push((key, None, !created));
            state.len() - 1
        });
        if e.t <= t {
            state[i].1 = Some(created);
        }
    }
    let mut out: Vec<ObjectKey> =
        state.iter().filter(|(_, now, first)| now.unwrap_or(*first)).map(|(k, _, _)| *k).collect();
    for r in &report.remaining {
        let key = (r.kind.as_str(), r.name.as_str(), r.namespace.as_str());
        if !index.contains_key(&key) {
            out.push(key);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        hooksim_engine::simulate(
            include_str!("../../../web/examples/presync-fails-syncfail.yaml"),
            &hooksim_engine::Options::default(),
        )
    }

    #[test]
    fn the_application_lists_what_its_controller_decided_up_to_the_players_time() {
        let r = hooksim_engine::simulate(
            include_str!("../../../tests/scenarios/rules/R67-yaml-error-fails-manifest-generation.yaml"),
            &hooksim_engine::Options::default(),
        );
        let html = result_html(&r);
        assert!(html.contains(r#"<details class="hs-app" open><summary>Application shop: automated sync"#), "{html}");
        assert!(html.contains("Skipping auto-sync: application status is Unknown"), "{html}");
        assert!(html.contains("condition ComparisonError: Failed to load target state"), "{html}");
        // At 10 s the manual sync of 30 s has not failed yet.
        let at = result_html_at(&r, Some(10));
        assert!(!at.contains("Sync operation to abc1234def5678 failed"), "{at}");
        assert!(html.contains("Sync operation to abc1234def5678 failed"), "{html}");
        // Without an Application and its controller, no such section.
        assert!(!result_html(&report()).contains("hs-app"));
    }

    #[test]
    fn each_hook_row_says_where_an_unscripted_outcome_came_from() {
        let r = report();
        let html = result_html(&r);
        let found = rows(&html);
        // The PreSync Job fails through its own `exit 1`; the SyncFail curl is assumed to succeed.
        assert!(found[0].contains(">Failed<span class=\"hs-outcome hs-outcome-command\""), "{}", found[0]);
        assert!(found[1].contains("(assumed)</span>"), "{}", found[1]);
        // At 4 s no pod has ended: nothing to say yet.
        assert!(!result_html_at(&r, Some(4)).contains("hs-outcome"));
        // A scripted outcome says nothing.
        let scripted = include_str!("../../../web/examples/presync-fails-syncfail.yaml").replacen(
            "\n---\n",
            "\noutcomes: {Job/presync-job: {attempts: [fail]}}\n---\n",
            1,
        );
        let html = result_html(&hooksim_engine::simulate(&scripted, &hooksim_engine::Options::default()));
        assert!(!rows(&html)[0].contains("hs-outcome"), "{html}");
    }

    fn rows(html: &str) -> Vec<String> {
        html.split("<tr><td>").skip(1).map(|r| r.split("</tr>").next().unwrap_or("").to_string()).collect()
    }

    #[test]
    fn the_result_follows_the_players_time() {
        let r = report();
        // The end is the final result.
        let end = r.operations[0].finished_at.unwrap();
        assert_eq!(result_html_at(&r, None), result_html(&r));
        // At 0 s: the PreSync Job was just applied; Argo CD waits for it (R52); the SyncFail
        // Job does not exist yet.
        let at0 = result_html_at(&r, Some(0));
        assert!(at0.contains(r#"data-t="0""#));
        assert!(at0.contains("waiting for completion of hook batch/Job/presync-job"), "{at0}");
        let r0 = rows(&at0);
        assert_eq!(r0.len(), 1, "{at0}");
        assert!(
            r0[0].contains("presync-job") && r0[0].contains(">Synced<") && r0[0].contains(">Running<"),
            "{}",
            r0[0]
        );
        assert!(r0[0].contains("created"), "the apply's message: {}", r0[0]);
        let left0 = at0.split("Left in the cluster").nth(1).unwrap();
        assert!(left0.contains("presync-job") && !left0.contains("syncfail-job"), "{left0}");
        // At 46 s the hook failed and the SyncFail Job was applied.
        let at46 = result_html_at(&r, Some(46));
        let r46 = rows(&at46);
        assert_eq!(r46.len(), 2, "{at46}");
        assert!(r46[0].contains(">Failed<") && r46[0].contains("backoff limit"), "{}", r46[0]);
        assert!(r46[1].contains("syncfail-job") && r46[1].contains(">Running<"), "{}", r46[1]);
        // From the end on, the final table.
        assert_eq!(rows(&result_html_at(&r, Some(end))), rows(&result_html(&r)));
    }

    #[test]
    fn later_operations_are_only_named_and_deleted_objects_leave() {
        let input = "apiVersion: hooksim/v1\nkind: Scenario\noperations: [{type: sync}, {type: delete, at: 100}]\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n";
        let r = hooksim_engine::simulate(input, &hooksim_engine::Options::default());
        assert_eq!(r.operations.len(), 2);
        let at50 = result_html_at(&r, Some(50));
        assert!(at50.contains("Operation 2 (delete) starts at 100 s"), "{at50}");
        assert!(at50.split("Left in the cluster").nth(1).unwrap().contains("ConfigMap/cm"));
        let end = result_html_at(&r, None);
        assert!(!end.split("Left in the cluster").nth(1).unwrap().contains("ConfigMap/cm"), "{end}");
    }
}
