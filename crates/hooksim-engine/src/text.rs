//! The report as a timeline for people: time, phase/wave, object, what happened; the final phase
//! and Argo CD's message last. Used by the CLI and by "Copy as Markdown".

use std::fmt::Write;

use crate::common::diagnostics::Severity;
use crate::report::OutcomeSource;
use crate::report::{AppReport, Event, EventType, OperationReport, Report, Time, Trigger};

mod escape;

pub use escape::{escape, escape_lines, is_unsafe};

/// Renders the whole report as plain text, every control and bidi character of the input shown
/// as an escape ([`escape`]).
pub fn render(report: &Report) -> String {
    escape_lines(&render_raw(report)).into_owned()
}

fn render_raw(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let at = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("{l}:{c}: "),
            _ => String::new(),
        };
        let _ = writeln!(out, "{at}{sev}[{}]: {}", d.code, escape(&d.message));
        if let Some(h) = &d.hint {
            let _ = writeln!(out, "    hint: {}", escape(h));
        }
    }
    if !report.diagnostics.is_empty() {
        out.push('\n');
    }
    operations(&mut out, &report.operations, "Operation");
    if let Some(app) = &report.application {
        application(&mut out, app);
    }
    remaining(&mut out, &report.remaining);
    for c in &report.child_applications {
        child(&mut out, c);
    }
    out
}

/// A child Application of an app-of-apps (A35, A36): its own operations, in the parent's time.
fn child(out: &mut String, c: &crate::report::ChildApp) {
    let Some(at) = c.created_at else {
        let _ = writeln!(out, "\nChild Application {}: never created by the parent's sync\n", c.name);
        return;
    };
    let _ = writeln!(out, "\n== Child Application {} (created by the parent's sync at {at} s)", c.name);
    let health: Vec<String> = c.health.iter().map(|h| format!("{} at {} s", h.status, h.t)).collect();
    let _ = writeln!(out, "  health (status.health): {}\n", health.join(", "));
    operations(out, &c.operations, &format!("{}: operation", c.name));
    if let Some(app) = &c.application {
        application(out, app);
    }
    remaining(out, &c.remaining);
}

fn operations(out: &mut String, ops: &[OperationReport], title: &str) {
    for (i, op) in ops.iter().enumerate() {
        let _ = writeln!(out, "{title} {} ({}), started at {} s", i + 1, operation_kind(op), op.started_at);
        let _ = writeln!(out, "{:>7}  {:<14}  {:<40}  what happened", "time", "phase/wave", "object");
        for e in &op.events {
            let _ = writeln!(out, "{}", line(e));
        }
        let _ = writeln!(out);
        if !op.results.is_empty() {
            let _ = writeln!(out, "  Sync result (Argo CD's order):");
            for r in &op.results {
                let _ = writeln!(
                    out,
                    "    {:<34} {:<9} wave {:<3} {:<12} {:<10} {}",
                    escape(&format!("{}/{}", r.kind, r.name)),
                    r.sync_phase,
                    r.wave,
                    r.status,
                    r.hook_phase,
                    r.message.replace('\n', " / ")
                );
            }
            let _ = writeln!(out);
        }
        if !op.skipped.is_empty() {
            let _ = writeln!(out, "  Skipped (not in Argo CD's result):");
            for r in &op.skipped {
                let _ = writeln!(out, "    {:<34} {}", format!("{}/{}", r.kind, r.name), r.reason);
            }
            let _ = writeln!(out);
        }
        let finished = match op.finished_at {
            Some(t) => format!("at {t} s"),
            None => "still running at the horizon".to_string(),
        };
        let _ = writeln!(out, "  Phase: {} ({finished})", op.phase);
        let _ = writeln!(out, "  Message: {}", op.message.replace('\n', "\n           "));
        for c in &op.conditions {
            let _ = writeln!(out, "  Condition {}: {}", c.ty, c.message);
        }
        let _ = writeln!(out);
    }
}

fn remaining(out: &mut String, remaining: &[crate::report::Remaining]) {
    if remaining.is_empty() {
        let _ = writeln!(out, "Left in the cluster: nothing");
    } else {
        let _ = writeln!(out, "Left in the cluster:");
        for r in remaining {
            let _ = writeln!(
                out,
                "  {} ({})",
                escape(&format!("{}/{}", r.kind, r.name)),
                if r.namespace.is_empty() { "cluster-scoped" } else { &r.namespace }
            );
        }
    }
}

/// "sync", or "sync, automated, revision abc1234" / "sync, self-heal of Deployment/web, …" when
/// the Application controller started it (A3, A13).
fn operation_kind(op: &OperationReport) -> String {
    let mut s = op.kind.as_str().to_string();
    if !op.trigger.is_manual() {
        s.push_str(", ");
        s.push_str(op.trigger.as_str());
    }
    if op.trigger == Trigger::SelfHeal && !op.resources.is_empty() {
        s.push_str(" of ");
        s.push_str(&op.resources.join(", "));
    }
    if let Some(rev) = &op.revision {
        s.push_str(", revision ");
        s.push_str(&crate::argocd::app::status::short(rev));
    }
    s
}

/// The Application around the operations: its sync status over time, its conditions and the
/// controller's decisions (A1–A50, issue 17 item 6).
fn application(out: &mut String, app: &AppReport) {
    let (head, rows) = application_rows(app);
    let _ = writeln!(out, "{head}");
    for (t, text) in rows {
        let _ = writeln!(out, "{t:>6}s  {text}");
    }
    let _ = writeln!(out);
}

/// The Application's heading ("Application shop: automated sync (…)") and its rows in time
/// order: sync status, conditions, the controller's decisions (the CLI's text and the result's
/// HTML say the same).
pub fn application_rows(app: &AppReport) -> (String, Vec<(Time, String)>) {
    let name = if app.name.is_empty() { String::new() } else { format!(" {}", app.name) };
    let auto = match &app.automated {
        Some(a) => {
            format!("automated sync (prune: {}, selfHeal: {}, allowEmpty: {})", a.prune, a.self_heal, a.allow_empty)
        }
        None => "manual sync only".to_string(),
    };
    let head = format!("Application{name}: {auto}");
    let mut rows: Vec<(Time, u64, String)> = Vec::new();
    for s in &app.sync {
        let why = s.resources.iter().map(|r| format!("{} {}", r.reference, r.reason)).collect::<Vec<_>>().join(", ");
        let rev = crate::argocd::app::status::short(&s.revision);
        let text = if why.is_empty() {
            format!("sync status {} to {rev}", s.status)
        } else {
            format!("sync status {} at {rev}: {why}", s.status)
        };
        rows.push((s.t, s.seq, text));
    }
    for c in &app.conditions {
        rows.push((c.t, c.seq, format!("condition {}: {}", c.ty, c.message)));
        if let Some(t) = c.cleared_at {
            rows.push((t, 0, format!("condition {} removed", c.ty)));
        }
    }
    for n in &app.notes {
        rows.push((n.t, n.seq, format!("controller: {}", n.message)));
    }
    crate::common::sort::sort_by_key(&mut rows, |r| (r.0, r.1));
    (head, rows.into_iter().map(|(t, _, text)| (t, text)).collect())
}

/// One timeline row: time, phase/wave, object, what happened (as `render` prints it).
pub fn line(e: &Event) -> String {
    // A message of two lines (kubectl's "…\nensure CRDs are installed first") stays on one.
    // The text timeline marks where an operation starts and ends with "=="; the playground's
    // hover and events list do without (a newcomer's word for nothing, issue 12 item 7).
    let mark = match e.ty {
        EventType::OperationStarted | EventType::OperationCompleted => "== ",
        _ => "",
    };
    format!("{:>6}s  {:<14}  {:<40}  {mark}{}", e.t, step(e), object(e), describe(e).replace('\n', " / "))
}

/// The step of an event: "PreSync/0", "SyncFail", or nothing.
pub fn step(e: &Event) -> String {
    match (&e.phase, e.wave) {
        (Some(p), Some(w)) => format!("{p}/{w}"),
        (Some(p), None) => p.clone(),
        _ => String::new(),
    }
}

/// The object of an event: "Job/db-migrate", or nothing.
pub fn object(e: &Event) -> String {
    match (&e.kind, &e.name) {
        (Some(k), Some(n)) => escape(&format!("{k}/{n}")).into_owned(),
        _ => String::new(),
    }
}

/// One event in words.
pub fn describe(e: &Event) -> String {
    let msg = e.message.clone().unwrap_or_default();
    let reason = e.reason.clone().unwrap_or_default();
    let attempt = match (e.attempt, e.index) {
        (Some(a), Some(i)) => format!("attempt {a} (index {i}): "),
        (Some(a), None) => format!("attempt {a}: "),
        (None, Some(i)) => format!("index {i}: "),
        (None, None) => String::new(),
    };
    match e.ty {
        EventType::OperationStarted => format!("{msg} operation starts"),
        EventType::StepStarted => format!("step starts: {msg}"),
        EventType::WaveDelay => msg,
        EventType::Applied => format!("applied: {msg}"),
        EventType::ApplyFailed => format!("apply FAILED: {msg}"),
        EventType::Pruned => "pruned".into(),
        EventType::PruneSkipped => format!("prune skipped: {msg}"),
        EventType::PodCreated => format!("{attempt}{msg}"),
        EventType::PodSucceeded => format!("{attempt}{msg} (exit 0{})", source_note(e)),
        EventType::PodFailed => {
            let code = e.exit_code.map(|c| format!("exit {c}")).unwrap_or_default();
            format!("{attempt}{msg} ({code}{}{reason}{})", if reason.is_empty() { "" } else { ", " }, source_note(e))
        }
        EventType::PodPending | EventType::PodStarted => format!("{attempt}{msg}"),
        EventType::JobComplete => format!("Job Complete: {msg}"),
        EventType::JobFailed => format!("Job FAILED ({reason}): {msg}"),
        EventType::HealthChanged => match &e.health_source {
            Some(source) => format!("health: {msg} ({})", source.as_str()),
            None => format!("health: {msg}"),
        },
        EventType::HookCompleted => {
            if msg.is_empty() {
                format!("hook {reason}")
            } else {
                format!("hook {reason}: {msg}")
            }
        }
        EventType::DeleteRequested => {
            if msg.is_empty() {
                format!("delete requested ({reason})")
            } else {
                format!("delete requested ({reason}): {msg}")
            }
        }
        EventType::Deleted => format!("deleted ({reason})"),
        EventType::OperationCompleted => format!("operation {reason}: {}", msg.replace('\n', " / ")),
        EventType::RetryScheduled => format!("controller: {msg}"),
    }
}

/// Where a pod's outcome came from, when the Scenario did not script it (issue 10): ", read
/// from the command" or ", assumed" (hooksim's default success). Scripted outcomes say nothing.
pub fn source_note(e: &Event) -> &'static str {
    match e.outcome_source {
        Some(OutcomeSource::Command) => ", read from the command",
        Some(OutcomeSource::Assumed) => ", assumed",
        Some(OutcomeSource::Scripted) | None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_text_timeline_marks_operations_with_equals_signs() {
        let e = Event::new(3, EventType::OperationCompleted).reason("Succeeded").message("successfully synced");
        assert_eq!(describe(&e), "operation Succeeded: successfully synced");
        assert!(line(&e).ends_with("== operation Succeeded: successfully synced"), "{}", line(&e));
        let s = Event::new(0, EventType::OperationStarted).message("sync");
        assert_eq!(describe(&s), "sync operation starts");
    }
}
