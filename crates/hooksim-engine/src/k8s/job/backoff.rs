//! Backoff arithmetic: the Job controller's pod-failure backoff (J9, J10) and kubelet's
//! CrashLoopBackOff (J30).

use crate::report::Time;

/// J9: base of the Job controller's pod-failure backoff (`DefaultJobPodFailureBackOff`).
pub const JOB_BACKOFF_BASE: Time = 10;
/// J9: cap of the pod-failure backoff from Kubernetes 1.28 on (`MaxJobPodFailureBackOff`).
pub const JOB_BACKOFF_CAP: Time = 600;
/// J9: cap of the pod-failure backoff up to Kubernetes 1.27 (`MaxJobBackOff`).
pub const JOB_BACKOFF_CAP_LEGACY: Time = 360;
/// J30: kubelet's first CrashLoopBackOff wait (`backOffPeriod`).
pub const KUBELET_BACKOFF_BASE: Time = 10;
/// J30: kubelet's maximal CrashLoopBackOff wait (`MaxContainerBackOff`).
pub const KUBELET_BACKOFF_CAP: Time = 300;

/// J9: the pod-failure backoff cap for a Kubernetes minor version (600 s from 1.28, 360 s before).
pub fn job_backoff_cap(kube_minor: u32) -> Time {
    if kube_minor >= 28 {
        JOB_BACKOFF_CAP
    } else {
        JOB_BACKOFF_CAP_LEGACY
    }
}

/// J10: the delay the Job controller requires after `n` failures since the last success:
/// `min(10 · 2^(n−1), cap)`, 0 for n = 0. Saturating: any `n` is fine.
pub fn job_backoff(n: u64, cap: Time) -> Time {
    if n == 0 {
        return 0;
    }
    let exp = n - 1;
    let delay = if exp >= 62 { Time::MAX } else { JOB_BACKOFF_BASE.saturating_mul(1i64 << exp) };
    delay.min(cap.max(0))
}

/// J30: kubelet's per-container CrashLoopBackOff entry (`flowcontrol.Backoff`).
///
/// Waits after exits 1, 2, 3, … are 0, 10, 20, 40, 80, 160, 300, 300, … s. The entry resets (the
/// next wait is 0 again, then 10, …) when a container finishes more than 2 × 300 s after its last
/// restart, i.e. when it ran for more than 10 minutes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct KubeletBackoff {
    /// `(current backoff, last restart time)`; None before the first restart.
    entry: Option<(Time, Time)>,
}

impl KubeletBackoff {
    /// The container exited at `finished`: how long kubelet waits before it restarts it. Records
    /// the restart (at `finished + wait`).
    pub(crate) fn on_exit(&mut self, finished: Time) -> Time {
        let (wait, next) = match self.entry {
            Some((backoff, last_restart)) if finished.saturating_sub(last_restart) <= 2 * KUBELET_BACKOFF_CAP => {
                (backoff, backoff.saturating_mul(2).min(KUBELET_BACKOFF_CAP))
            }
            // No entry yet, or it expired: restart at once, the entry starts at 10 s.
            _ => (0, KUBELET_BACKOFF_BASE),
        };
        self.entry = Some((next, finished.saturating_add(wait)));
        wait
    }
}
