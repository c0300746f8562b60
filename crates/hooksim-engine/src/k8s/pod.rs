//! Bare Pod hooks (k8s-job.md J34): no Job controller, no retries.
//!
//! A bare Pod hook is created by Argo CD at t = 0 and judged by Argo CD's Pod health
//! (`health_pod.go`, J34). Its timeline uses the same event and health types as a Job
//! ([`crate::k8s::job::JobTimeline`]); the Job-only events (BackoffWait, conditions, deletions) never
//! appear.

use crate::common::health::HealthStatus;
use crate::k8s::job::backoff::KubeletBackoff;
use crate::k8s::job::messages::{crash_loop_message, exit_reason};
use crate::k8s::job::recorder::Recorder;
use crate::k8s::job::types::{
    attempt_at, sane_timing, Attempt, JobEventKind, JobTimeline, RestartPolicy, RunOutcome, Timing,
};
use crate::report::Time;

/// The kubelet message of a container waiting in `ImagePullBackOff`, as Argo CD shows it for an
/// `Always` pod (J34 step 1). The image reference is not known here, so it is left out.
pub const MSG_BACK_OFF_PULLING: &str = "Back-off pulling image";

/// A bare Pod hook (J34) created at t = 0.
///
/// - `Never`: the first container run decides (J34.3: no retries). The phase changes the moment the
///   container exits (contract.md §1): exit 0 → `PodSucceeded`, Healthy; non-zero →
///   `PodFailed`, Degraded with J34's message (`"OOMKilled"` for an OOM kill, else
///   `container "<name>" failed with exit code <n>`; the pod has no `status.message` and the
///   container no termination message in this model). `ImagePullBackOff` → `PodPending`
///   (ErrImagePull) and Progressing forever (J31, J34.1 is skipped for Never). `Hang` →
///   Progressing forever.
/// - `OnFailure`: every non-zero exit is restarted in place with kubelet's CrashLoopBackOff
///   (J30: 0, 10, 20, … ≤ 300 s), each run consuming the next attempt; the pod stays Running, so
///   Argo CD sees Progressing forever (J34.2: Never/OnFailure Running pods are Progressing). A run
///   that exits 0 makes the pod Succeeded → Healthy. An `ImagePullBackOff` restart leaves the
///   container waiting (`PodPending` event, ErrImagePull) forever.
/// - `Always` / unset (the API server defaults a Pod to Always): Healthy as soon as the pod is
///   Running and Ready. Simplification: that is at creation (t = 0, empty message) and nothing
///   after it is simulated (Argo CD has already judged the hook). If the first attempt is
///   `ImagePullBackOff` the container waits with reason ImagePullBackOff and the pod is Degraded
///   at once with [`MSG_BACK_OFF_PULLING`] (J34.1).
pub fn simulate_pod(
    name: &str,
    restart_policy: &RestartPolicy,
    container_name: &str,
    attempts: &[Attempt],
    timing: &Timing,
    horizon: Time,
    max_events: usize,
) -> JobTimeline {
    let timing = sane_timing(timing);
    let mut rec = Recorder::new(max_events);
    if horizon < 0 {
        return rec.tl;
    }
    let first = RunOutcome::of(&attempt_at(attempts, 1), &timing);
    let note = "Argo CD creates the hook Pod (no Job controller, no retries)".to_string();
    if !rec.emit(0, JobEventKind::PodCreated { attempt: 1, pod: name.into(), note }, "J34") {
        return rec.tl;
    }
    match restart_policy {
        RestartPolicy::Always | RestartPolicy::Unset => always(&mut rec, name, first),
        RestartPolicy::Never => never(&mut rec, name, container_name, first, horizon),
        RestartPolicy::OnFailure => on_failure(&mut rec, name, attempts, &timing, first, horizon),
    }
    rec.tl
}

/// J34.1 and J34.2 for `restartPolicy: Always`.
fn always(rec: &mut Recorder, name: &str, first: RunOutcome) {
    if first == RunOutcome::ImagePull {
        let reason = "ImagePullBackOff".to_string();
        if rec.emit(0, JobEventKind::PodPending { attempt: 1, pod: name.into(), reason }, "J34") {
            rec.health(0, HealthStatus::Degraded, MSG_BACK_OFF_PULLING);
        }
    } else {
        rec.health(0, HealthStatus::Healthy, "");
    }
}

/// J34.2/J34.3 for `restartPolicy: Never`: the first run decides.
fn never(rec: &mut Recorder, name: &str, container: &str, first: RunOutcome, horizon: Time) {
    match first {
        RunOutcome::ImagePull => {
            rec.emit(
                0,
                JobEventKind::PodPending { attempt: 1, pod: name.into(), reason: "ErrImagePull".into() },
                "J31",
            );
        }
        RunOutcome::Hang => {}
        RunOutcome::Exit { code, seconds, oom } => {
            let t = seconds;
            if t > horizon {
                return;
            }
            if code == 0 {
                if rec.emit(t, JobEventKind::PodSucceeded { attempt: 1, pod: name.into() }, "J34") {
                    rec.health(t, HealthStatus::Healthy, "");
                }
                return;
            }
            let kind = JobEventKind::PodFailed {
                attempt: 1,
                pod: name.into(),
                exit_code: code,
                reason: exit_reason(oom).into(),
                message: format!("container exited with {code}; pod phase Failed (bare Pod: no retries)"),
            };
            if rec.emit(t, kind, "J34") {
                rec.health(t, HealthStatus::Degraded, &failed_message(container, code, oom));
            }
        }
    }
}

/// J34: Argo CD's message for a Failed pod without `status.message` or termination message.
pub fn failed_message(container: &str, code: i32, oom: bool) -> String {
    if oom {
        "OOMKilled".to_string()
    } else {
        format!("container \"{container}\" failed with exit code {code}")
    }
}

/// J30/J34 for `restartPolicy: OnFailure`: crash-loops until a run exits 0.
fn on_failure(rec: &mut Recorder, name: &str, attempts: &[Attempt], timing: &Timing, first: RunOutcome, horizon: Time) {
    let mut kubelet = KubeletBackoff::default();
    let mut attempt: u64 = 1;
    let mut outcome = first;
    let mut start: Time = 0;
    loop {
        let att = u32::try_from(attempt).unwrap_or(u32::MAX);
        let (code, seconds, oom) = match outcome {
            RunOutcome::ImagePull => {
                rec.emit(
                    start,
                    JobEventKind::PodPending { attempt: att, pod: name.into(), reason: "ErrImagePull".into() },
                    "J31",
                );
                return;
            }
            RunOutcome::Hang => return,
            RunOutcome::Exit { code, seconds, oom } => (code, seconds, oom),
        };
        let end = start.saturating_add(seconds);
        if end > horizon {
            return;
        }
        if code == 0 {
            if rec.emit(end, JobEventKind::PodSucceeded { attempt: att, pod: name.into() }, "J34") {
                rec.health(end, HealthStatus::Healthy, "");
            }
            return;
        }
        let wait = kubelet.on_exit(end);
        let message = crash_loop_message(code, wait);
        let kind = JobEventKind::PodFailed {
            attempt: att,
            pod: name.into(),
            exit_code: code,
            reason: exit_reason(oom).into(),
            message,
        };
        if !rec.emit(end, kind, "J30") {
            return;
        }
        let restart_at = end.saturating_add(wait);
        if restart_at > horizon {
            return;
        }
        attempt = attempt.saturating_add(1);
        outcome = RunOutcome::of(&attempt_at(attempts, attempt), timing);
        start = restart_at;
        if outcome == RunOutcome::ImagePull {
            continue; // the new instance is never created: no restart counted
        }
        let restart_count = u32::try_from(attempt - 1).unwrap_or(u32::MAX);
        let att = u32::try_from(attempt).unwrap_or(u32::MAX);
        let note = format!(
            "kubelet starts container instance {restart_count} (restartCount {restart_count}); \
             nothing counts restarts of a bare Pod"
        );
        if !rec.emit(
            start,
            JobEventKind::ContainerRestarted { attempt: att, pod: name.into(), restart_count, note },
            "J30",
        ) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::health::Health;

    const POD: &str = "smoke";

    fn timing() -> Timing {
        Timing { pod_seconds: 5, job_sync_seconds: 1, delete_seconds: 1, kube_minor: 31 }
    }

    fn run(code: i32, secs: Time) -> Attempt {
        Attempt::Run { exit_code: code, seconds: Some(secs), oom: false }
    }

    fn sim(rp: RestartPolicy, attempts: &[Attempt], horizon: Time) -> JobTimeline {
        let tl = simulate_pod(POD, &rp, "main", attempts, &timing(), horizon, 10_000);
        assert!(tl.events.windows(2).all(|w| w[0].t <= w[1].t));
        assert_eq!(tl.health[0], (0, Health::new(HealthStatus::Progressing, "")));
        tl
    }

    fn health(tl: &JobTimeline) -> Vec<(Time, HealthStatus, String)> {
        tl.health.iter().map(|(t, h)| (*t, h.status, h.message.clone())).collect()
    }

    fn progressing() -> (Time, HealthStatus, String) {
        (0, HealthStatus::Progressing, String::new())
    }

    fn failed(tl: &JobTimeline) -> Vec<(Time, u32, i32, String)> {
        tl.events
            .iter()
            .filter_map(|e| match &e.kind {
                JobEventKind::PodFailed { attempt, exit_code, reason, .. } => {
                    Some((e.t, *attempt, *exit_code, reason.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// ("PodCreated", pod name) for attempt 1 or ("PodPending", reason); anything else panics.
    fn pending_or_created(kind: &JobEventKind) -> (&'static str, String) {
        match kind {
            JobEventKind::PodCreated { attempt: 1, pod, .. } => ("PodCreated", pod.clone()),
            JobEventKind::PodPending { reason, .. } => ("PodPending", reason.clone()),
            other => panic!("unexpected event {other:?}"),
        }
    }

    fn restarts(tl: &JobTimeline) -> Vec<(Time, u32, u32)> {
        tl.events
            .iter()
            .filter_map(|e| match e.kind {
                JobEventKind::ContainerRestarted { attempt, restart_count, .. } => Some((e.t, attempt, restart_count)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn j34_never_success_is_healthy_when_the_container_exits() {
        let tl = sim(RestartPolicy::Never, &[run(0, 7)], 1000);
        assert_eq!(tl.events.len(), 2);
        assert_eq!(pending_or_created(&tl.events[0].kind), ("PodCreated", POD.to_string()));
        assert_eq!(tl.events[1].t, 7);
        assert!(matches!(tl.events[1].kind, JobEventKind::PodSucceeded { attempt: 1, .. }));
        assert_eq!(health(&tl), vec![progressing(), (7, HealthStatus::Healthy, String::new())]);
    }

    #[test]
    fn j34_never_failure_is_degraded_at_once_without_retry() {
        let tl = sim(RestartPolicy::Never, &[run(3, 5), run(0, 5)], 1000);
        assert_eq!(failed(&tl), vec![(5, 1, 3, "Error".into())]);
        assert_eq!(tl.events.len(), 2, "no retry for a bare Pod");
        assert_eq!(
            health(&tl),
            vec![progressing(), (5, HealthStatus::Degraded, "container \"main\" failed with exit code 3".into())]
        );
    }

    #[test]
    fn j34_never_oom_message_is_oomkilled() {
        let oom = Attempt::Run { exit_code: 1, seconds: None, oom: true };
        let tl = sim(RestartPolicy::Never, &[oom], 1000);
        assert_eq!(failed(&tl), vec![(5, 1, 137, "OOMKilled".into())]);
        assert_eq!(health(&tl), vec![progressing(), (5, HealthStatus::Degraded, "OOMKilled".into())]);
    }

    #[test]
    fn j31_j34_never_image_pull_is_progressing_forever() {
        let tl = sim(RestartPolicy::Never, &[Attempt::ImagePullBackOff], 1_000_000);
        assert_eq!(tl.events.len(), 2);
        assert_eq!(pending_or_created(&tl.events[1].kind), ("PodPending", "ErrImagePull".into()));
        assert_eq!(tl.events[1].t, 0);
        assert_eq!(health(&tl), vec![progressing()]);
        assert!(!tl.truncated);
    }

    #[test]
    fn j34_never_hang_is_progressing_forever() {
        let tl = sim(RestartPolicy::Never, &[Attempt::Hang], 1_000_000);
        assert_eq!(tl.events.len(), 1);
        assert_eq!(health(&tl), vec![progressing()]);
    }

    #[test]
    fn j34_on_failure_crash_loops_forever_as_progressing() {
        let tl = sim(RestartPolicy::OnFailure, &[run(1, 5)], 1000);
        let times: Vec<Time> = failed(&tl).iter().map(|f| f.0).collect();
        assert_eq!(times, vec![5, 10, 25, 50, 95, 180, 345, 650, 955]);
        assert_eq!(
            restarts(&tl),
            vec![(5, 2, 1), (20, 3, 2), (45, 4, 3), (90, 5, 4), (175, 6, 5), (340, 7, 6), (645, 8, 7), (950, 9, 8)]
        );
        assert_eq!(health(&tl), vec![progressing()]);
        assert!(!tl.truncated);
        assert!(tl.events.iter().all(|e| e.t <= 1000));
    }

    #[test]
    fn j34_on_failure_exit_0_makes_it_healthy() {
        let tl = sim(RestartPolicy::OnFailure, &[run(1, 5), run(2, 5), run(0, 5)], 1000);
        assert_eq!(failed(&tl), vec![(5, 1, 1, "Error".into()), (10, 2, 2, "Error".into())]);
        assert_eq!(restarts(&tl), vec![(5, 2, 1), (20, 3, 2)]);
        assert!(matches!(tl.events.last().unwrap().kind, JobEventKind::PodSucceeded { attempt: 3, .. }));
        assert_eq!(tl.events.last().unwrap().t, 25);
        assert_eq!(health(&tl), vec![progressing(), (25, HealthStatus::Healthy, String::new())]);
    }

    #[test]
    fn j30_on_failure_backoff_resets_after_a_long_run() {
        let tl = sim(RestartPolicy::OnFailure, &[run(1, 5), run(1, 5), run(1, 700), run(1, 5), Attempt::Hang], 5000);
        let times: Vec<Time> = restarts(&tl).iter().map(|r| r.0).collect();
        assert_eq!(times, vec![5, 20, 720, 735]);
    }

    #[test]
    fn j34_on_failure_image_pull_on_restart_waits_forever() {
        let tl = sim(RestartPolicy::OnFailure, &[run(1, 5), Attempt::ImagePullBackOff], 10_000);
        assert!(restarts(&tl).is_empty());
        let last = tl.events.last().unwrap();
        assert_eq!(last.t, 5);
        assert!(matches!(last.kind, JobEventKind::PodPending { attempt: 2, .. }));
        assert_eq!(health(&tl), vec![progressing()]);
    }

    #[test]
    fn j34_always_and_unset_are_healthy_at_creation() {
        for rp in [RestartPolicy::Always, RestartPolicy::Unset] {
            let tl = sim(rp, &[run(1, 5)], 1000);
            assert_eq!(tl.events.len(), 1);
            assert_eq!(health(&tl), vec![progressing(), (0, HealthStatus::Healthy, String::new())]);
        }
    }

    #[test]
    fn j34_always_image_pull_is_degraded_at_once() {
        let tl = sim(RestartPolicy::Always, &[Attempt::ImagePullBackOff], 1000);
        assert_eq!(pending_or_created(&tl.events[1].kind), ("PodPending", "ImagePullBackOff".into()));
        assert_eq!(health(&tl), vec![progressing(), (0, HealthStatus::Degraded, MSG_BACK_OFF_PULLING.into())]);
    }

    #[test]
    fn j34_default_attempt_succeeds_after_pod_seconds() {
        let tl = sim(RestartPolicy::Never, &[], 1000);
        assert_eq!(health(&tl), vec![progressing(), (5, HealthStatus::Healthy, String::new())]);
    }

    #[test]
    fn pod_horizon_and_max_events_are_respected() {
        let tl = sim(RestartPolicy::Never, &[run(1, 50)], 10);
        assert_eq!(tl.events.len(), 1);
        assert_eq!(health(&tl), vec![progressing()]);
        let tl = simulate_pod(POD, &RestartPolicy::OnFailure, "main", &[run(1, 0)], &timing(), Time::MAX, 100);
        assert!(tl.truncated);
        assert_eq!(tl.events.len(), 100);
        let tl = simulate_pod(POD, &RestartPolicy::Never, "main", &[], &timing(), 100, 0);
        assert!(tl.truncated && tl.events.is_empty());
        let tl = simulate_pod(POD, &RestartPolicy::Never, "main", &[], &timing(), -1, 10);
        assert!(!tl.truncated && tl.events.is_empty());
    }

    #[test]
    fn pod_never_panics_on_odd_inputs() {
        let sets: Vec<Vec<Attempt>> = vec![
            vec![],
            vec![run(i32::MIN, i64::MAX)],
            vec![run(-1, -1)],
            vec![run(1, 0), run(1, i64::MAX)],
            vec![Attempt::Run { exit_code: 0, seconds: None, oom: true }],
        ];
        let timings = [
            timing(),
            Timing { pod_seconds: -5, job_sync_seconds: -5, delete_seconds: -5, kube_minor: 0 },
            Timing { pod_seconds: i64::MAX, job_sync_seconds: i64::MAX, delete_seconds: i64::MAX, kube_minor: 99 },
        ];
        for rp in [RestartPolicy::Never, RestartPolicy::OnFailure, RestartPolicy::Always, RestartPolicy::Unset] {
            for attempts in &sets {
                for t in &timings {
                    for horizon in [-5, 0, 100, Time::MAX] {
                        let a = simulate_pod("", &rp, "", attempts, t, horizon, 50);
                        assert!(a.events.len() <= 50);
                        assert!(a.events.windows(2).all(|w| w[0].t <= w[1].t));
                        assert_eq!(a, simulate_pod("", &rp, "", attempts, t, horizon, 50));
                    }
                }
            }
        }
    }
}
