//! What decides when a sync moves on (issue 12 #9, #10, #12), drawn from the report's typed
//! events (never from its messages):
//!
//! - **Health** lane: one row per object whose health Argo CD assesses (a Deployment, a
//!   StatefulSet, a Service…; the Jobs the Job controller runs have their own row), its health over
//!   time: Progressing from its apply until the first assessment, then each `HealthChanged`.
//! - **Waits for** row in the Argo CD lane (argo-cd #3516): when a step (a phase and wave) is
//!   done applying and its wave delay is over but the next step does not start, what it waits for
//!   and from when: the hook still running (R39) or the resource not yet Healthy (R47); the last
//!   of them is what the next step waits for.
//! - **Operation retries** (R64) in the operation row: the wait between a failed attempt and the
//!   next one, drawn as Argo CD's retry of the whole operation (not as a pod backoff).

use std::fmt::Write;

use hooksim_engine::command::OutcomeSource;
use hooksim_engine::health::HealthStatus;
use hooksim_engine::report::{Event, EventType, OperationReport, Report, Time};

use super::{arrow, fits, key, n, Lane, Row, Scale, Titles};
use crate::escape;

/// The objects with a row in the Job controller lane (they ran pods).
fn runs_pods(events: &[&Event], k: &(String, String)) -> bool {
    events.iter().any(|e| {
        matches!(
            e.ty,
            EventType::PodCreated
                | EventType::PodPending
                | EventType::PodSucceeded
                | EventType::PodFailed
                | EventType::JobComplete
                | EventType::JobFailed
        ) && &key(e) == k
    })
}

/// The objects that get a health row, in the order of their first health event.
pub(super) fn health_keys(events: &[&Event]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for e in events.iter().filter(|e| e.ty == EventType::HealthChanged) {
        let k = key(e);
        if !out.contains(&k) && !runs_pods(events, &k) {
            out.push(k);
        }
    }
    out
}

fn health_class(status: HealthStatus) -> &'static str {
    match status {
        HealthStatus::Healthy => "hs-health hs-health-healthy",
        HealthStatus::Degraded => "hs-health hs-health-degraded",
        HealthStatus::Progressing => "hs-health hs-health-progressing",
        _ => "hs-health hs-health-other",
    }
}

/// The Health lane: each object's health over time.
pub(super) fn health_lane<'a>(events: &[&'a Event], scale: &Scale, titles: &mut Titles) -> Lane<'a> {
    let mut lane = Lane { title: "Health (what Argo CD waits for)", rows: Vec::new(), min_width: 0.0 };
    let open = scale.open_x();
    for k in health_keys(events) {
        let label = format!("{}/{}", k.0, k.1);
        let rule = "R47";
        let mut row =
            Row::new(&label, &format!("{label}: its health as Argo CD assesses it ({rule})"), "hs-row-health");
        row.rules.push(rule);
        // (from, until, status, where the status came from) while the object exists.
        type Span = (Time, Option<Time>, HealthStatus, Option<OutcomeSource>);
        let mut spans: Vec<Span> = Vec::new();
        let mut current: Option<(Time, HealthStatus, Option<OutcomeSource>)> = None;
        let close = |spans: &mut Vec<Span>, cur: Option<(Time, HealthStatus, Option<OutcomeSource>)>, t: Time| {
            if let Some((a, st, src)) = cur {
                spans.push((a, Some(t), st, src));
            }
        };
        for e in events.iter().filter(|e| key(e) == k) {
            match e.ty {
                EventType::Applied if current.is_none() => current = Some((e.t, HealthStatus::Progressing, None)),
                EventType::HealthChanged => {
                    let Some(st) = e.health else { continue };
                    close(&mut spans, current.take(), e.t);
                    current = Some((e.t, st, e.health_source));
                    row.marks.entry(e.t).or_default().push(e);
                }
                EventType::Deleted | EventType::Pruned => close(&mut spans, current.take(), e.t),
                _ => {}
            }
        }
        if let Some((a, st, src)) = current {
            spans.push((a, None, st, src));
        }
        for (a, b, st, src) in spans {
            let (xa, xb) = (scale.x(a), b.map(|b| scale.x(b)).unwrap_or(open));
            let until = b.map(|b| format!("{b} s")).unwrap_or_else(|| "the end".to_string());
            // Issue 17 item 7: health hooksim assumed (no Scenario outcome) is drawn hatched and
            // says so; a readiness probe that passes too early (argo-cd #22537) is not knowable.
            let assumed = src == Some(OutcomeSource::Assumed);
            let note = match src {
                Some(OutcomeSource::Assumed) => " (assumed: the Scenario scripts no health for it, so hooksim takes Healthy at once; a real readiness probe may pass earlier or later)",
                Some(OutcomeSource::Scripted) => " (as the Scenario scripts it)",
                _ => "",
            };
            let _ = write!(
                row.body,
                r#"<rect class="{}{}" x="{}" y="8" width="{}" height="10" rx="2"{}</rect>"#,
                health_class(st),
                if assumed { " hs-health-assumed" } else { "" },
                n(xa),
                n((xb - xa).max(2.0)),
                titles.tip(None, &format!("{label}: {} from {a} s to {until}{note}", st.as_str()), &[])
            );
            let st = st.as_str();
            let st = if assumed && fits(&format!("{st} (assumed)"), xb - xa - 4.0) {
                format!("{st} (assumed)")
            } else {
                st.to_string()
            };
            if fits(&st, xb - xa - 4.0) {
                let _ = write!(
                    row.body,
                    r#"<text class="hs-band-label hs-health-label" x="{}" y="16.5">{}</text>"#,
                    n(xa + 4.0),
                    escape(&st)
                );
            }
            if b.is_none() {
                arrow(&mut row.body, xb, 13.0);
            }
        }
        lane.rows.push(row);
    }
    lane
}

/// One wait of a step: from `from` to `to` (None: still waiting at the end), for `what`.
struct Wait {
    from: Time,
    to: Option<Time>,
    what: String,
    why: String,
    rule: &'static str,
}

/// When a step of `op` waits, and for what (R39, R47): after its applies and its wave delay, the
/// hooks that have not completed and the resources that are not Healthy; the last to be ready is
/// what the step waits for.
fn waits(op: &OperationReport) -> Vec<Wait> {
    let ev = &op.events;
    let mut out = Vec::new();
    let starts: Vec<usize> = (0..ev.len()).filter(|&i| ev[i].ty == EventType::StepStarted).collect();
    for (si, &i) in starts.iter().enumerate() {
        let step = &ev[i];
        let next = starts.get(si + 1).copied().unwrap_or(ev.len());
        // The step ends when the next step starts, or the operation (or its attempt) completes.
        let end_ev = ev[i + 1..].iter().find(|e| {
            matches!(e.ty, EventType::StepStarted | EventType::OperationCompleted | EventType::OperationStarted)
        });
        let end = end_ev.map(|e| e.t);
        let same_step = |e: &Event| e.phase == step.phase && e.wave == step.wave;
        let applied: Vec<&Event> =
            ev[i + 1..next].iter().filter(|e| e.ty == EventType::Applied && same_step(e)).collect();
        if applied.is_empty() {
            continue;
        }
        let last_apply = applied.iter().map(|e| e.t).max().unwrap_or(step.t);
        let delay_end = ev[i + 1..next]
            .iter()
            .filter(|e| e.ty == EventType::WaveDelay)
            .filter_map(|e| e.delay.map(|d| e.t + d))
            .max()
            .unwrap_or(last_apply);
        let from = last_apply.max(delay_end);
        let limit = end.unwrap_or(Time::MAX);
        if limit <= from {
            continue;
        }
        // When each object of the step was ready: a hook when it completed, a resource when it
        // became Healthy (None: not by the end of the step).
        let mut last: Option<(Option<Time>, &Event, bool)> = None;
        for a in &applied {
            let k = key(a);
            let is_hook = op.results.iter().any(|r| Some(&r.name) == a.name.as_ref() && r.hook_type.is_some());
            let ready = ev.iter().filter(|e| e.t >= a.t && e.t <= limit && key(e) == k).find_map(|e| match e.ty {
                EventType::HookCompleted if is_hook => Some(e.t),
                EventType::HealthChanged if !is_hook && e.health == Some(HealthStatus::Healthy) => Some(e.t),
                _ => None,
            });
            let later = match (&last, ready) {
                (None, _) => true,
                (Some((None, _, _)), _) => false,
                (Some((Some(_), _, _)), None) => true,
                (Some((Some(l), _, _)), Some(r)) => r > *l,
            };
            if later {
                last = Some((ready, a, is_hook));
            }
        }
        let Some((ready, obj, is_hook)) = last else { continue };
        if ready.is_some_and(|r| r <= from) {
            continue;
        }
        let what = format!("{}/{}", obj.kind.as_deref().unwrap_or(""), obj.name.as_deref().unwrap_or(""));
        let step_name = match step.wave {
            Some(w) => format!("{} wave {w}", step.phase.as_deref().unwrap_or("")),
            None => step.phase.clone().unwrap_or_default(),
        };
        let why = match (is_hook, ready) {
            (true, Some(r)) => format!("{step_name} waits from {from} s for the hook {what} to complete ({r} s)"),
            (true, None) => format!("{step_name} waits from {from} s for the hook {what}, which does not complete"),
            (false, Some(r)) => format!("{step_name} waits from {from} s for {what} to become Healthy ({r} s)"),
            (false, None) => format!("{step_name} waits from {from} s for {what}, which does not become Healthy"),
        };
        let to = ready.or(end);
        out.push(Wait { from, to, what, why, rule: if is_hook { "R39" } else { "R47" } });
    }
    out
}

/// The "waits for" row of the Argo CD lane; None when nothing waited.
pub(super) fn waits_row<'a>(report: &'a Report, scale: &Scale, titles: &mut Titles) -> Option<Row<'a>> {
    let (hook, healthy) = ("R39", "R47");
    let mut row = Row::new(
        "waits for",
        &format!("what each step waits for before the next starts: a running hook ({hook}) or a resource not yet Healthy ({healthy})"),
        "hs-row-waits",
    );
    row.rules = vec![hook, healthy];
    let open = scale.open_x();
    let mut any = false;
    for op in &report.operations {
        for w in waits(op) {
            any = true;
            let (xa, xb) = (scale.x(w.from), w.to.map(|t| scale.x(t)).unwrap_or(open));
            let _ = write!(
                row.body,
                r#"<rect class="hs-wait" x="{}" y="7" width="{}" height="12" rx="2" data-t="{}"{}</rect>"#,
                n(xa),
                n((xb - xa).max(2.0)),
                w.from,
                titles.tip(Some(w.from), &format!("{} ({})", w.why, w.rule), &[w.rule])
            );
            let text = w.what.clone();
            if fits(&text, xb - xa - 4.0) {
                let _ = write!(
                    row.body,
                    r#"<text class="hs-band-label hs-wait-label" x="{}" y="16.5">{}</text>"#,
                    n(xa + 4.0),
                    escape(&text)
                );
            }
            if w.to.is_none() {
                arrow(&mut row.body, xb, 13.0);
            }
        }
    }
    any.then_some(row)
}

/// The operation's retries (R64, A19–A20): from the moment an attempt failed to the retry's
/// start, drawn in the operation row, read from the report's typed `retries`.
pub(super) fn retry_waits(op: &OperationReport, body: &mut String, scale: &Scale, titles: &mut Titles) {
    let (retry, backoff) = ("R64", "A20");
    for (i, w) in op.retries.iter().enumerate() {
        if w.starts_at <= w.failed_at {
            continue;
        }
        let phase = op.messages.iter().rev().find(|m| m.t <= w.failed_at && m.phase != "Running");
        let (xa, xb) = (scale.x(w.failed_at), scale.x(w.starts_at));
        let _ = write!(
            body,
            r#"<rect class="hs-retry-wait" x="{}" y="4" width="{}" height="18" rx="2"{}</rect>"#,
            n(xa),
            n((xb - xa).max(2.0)),
            titles.tip(None, &format!(
                "attempt {} ended {} at {} s; Argo CD retries the whole operation {} s later, at {} s ({retry}, {backoff}: one backoff step after the {} s its message names)",
                i + 1,
                phase.map_or("Failed", |m| m.phase.as_str()),
                w.failed_at,
                w.starts_at - w.failed_at,
                w.starts_at,
                w.promised_at
            ), &[retry, backoff])
        );
        let long = format!("retry {}", i + 1);
        let text = if fits(&long, xb - xa) { long } else { format!("↻{}", i + 1) };
        if fits(&text, xb - xa) {
            let _ = write!(
                body,
                r#"<text class="hs-retry-label" x="{}" y="17" text-anchor="middle">{}</text>"#,
                n((xa + xb) / 2.0),
                escape(&text)
            );
        }
    }
}

/// The timeline of a gallery example (for the tests of the timeline's modules).
#[cfg(test)]
pub(super) fn example_svg(path: &str) -> String {
    let text = std::fs::read_to_string(format!("{}/../../web/examples/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    super::timeline_svg(&hooksim_engine::simulate(&text, &hooksim_engine::Options::default()))
}

#[cfg(test)]
mod tests {
    use super::example_svg as svg;

    #[test]
    fn a_deployment_gets_a_health_row_and_postsync_shows_what_it_waits_for() {
        let s = svg("postsync-waits-for-healthy.yaml");
        assert!(s.contains("Health (what Argo CD waits for)"), "{s}");
        assert!(s.contains("Deployment/checkout: Progressing from 0 s to 30 s"), "{s}");
        assert!(s.contains("Deployment/checkout: Healthy from 30 s"), "{s}");
        assert!(s.contains("Sync wave 0 waits from 2 s for Deployment/checkout to become Healthy (30 s) (R47)"), "{s}");
        // The hook Job has its row in the Job controller lane, not a health row.
        assert!(!s.contains("smoke-test-abc1234-postsync-1700000000: Healthy"), "{s}");
        // The scripted health says so, and is not drawn as assumed (issue 17 item 7).
        assert!(s.contains("Healthy from 30 s to the end (as the Scenario scripts it)"), "{s}");
    }

    #[test]
    fn health_nobody_scripted_is_drawn_and_named_as_assumed() {
        let input = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n";
        let s = super::super::timeline_svg(&hooksim_engine::simulate(input, &hooksim_engine::Options::default()));
        assert!(s.contains("hs-health-assumed"), "{s}");
        assert!(s.contains("Deployment/web: Healthy from 0 s to the end (assumed:"), "{s}");
    }

    #[test]
    fn a_running_hook_is_what_its_step_waits_for() {
        let s = svg("presync-fails-syncfail.yaml");
        assert!(s.contains("PreSync wave 0 waits from 2 s for the hook Job/presync-job"), "{s}");
    }

    #[test]
    fn operation_retries_are_drawn_as_retries_not_as_pod_backoff() {
        let s = svg("retry-erases-failure-evidence.yaml");
        assert!(s.contains("Argo CD retries the whole operation 10 s later, at 31 s (R64, A20"), "{s}");
        assert!(s.contains(">retry 1<") && s.contains(">retry 2<"), "{s}");
        // The new Job's first pod does not follow a pod backoff of the old one.
        assert!(!s.contains("backoff before attempt 1"), "{s}");
    }
}
