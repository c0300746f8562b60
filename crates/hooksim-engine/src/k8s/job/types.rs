//! The Job's types (k8s-job.md J1–J33): what the engine reads of a Job spec, the timing
//! settings, and the timeline the controller produces. The scripted attempts it runs are the
//! input's (`input::attempts`), re-exported here.

use super::index::SuccessRule;
use crate::common::health::Health;
use crate::report::Time;

pub use crate::input::attempts::{attempt_at, Attempt, Script};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestartPolicy {
    Never,
    OnFailure,
    Always,
    /// Empty in the manifest (the API server defaults a pod template to Always).
    Unset,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PfpAction {
    FailJob,
    Ignore,
    Count,
    FailIndex,
}

/// A `podFailurePolicy` rule (J25). Only `onExitCodes` rules can match in the simulation; a rule
/// with `onPodConditions` is kept with `on_exit_codes: None` and never matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PfpRule {
    pub action: PfpAction,
    pub on_exit_codes: Option<ExitCodeRule>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitCodeRule {
    pub container_name: Option<String>,
    /// `In` when true, `NotIn` when false.
    pub operator_in: bool,
    pub values: Vec<i32>,
}

/// What the Job controller reads of a Job manifest. Defaults (J1) are applied by the caller for
/// `backoff_limit` (6); `completions`/`parallelism` stay as written (None = unset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobSpec {
    pub name: String,
    pub namespace: String,
    pub backoff_limit: i64,
    pub completions: Option<i64>,
    pub parallelism: Option<i64>,
    pub active_deadline_seconds: Option<Time>,
    pub restart_policy: RestartPolicy,
    pub pod_failure_policy: Vec<PfpRule>,
    pub suspend: bool,
    /// `spec.managedBy` names another controller: the built-in one never touches the Job (J3).
    pub managed_by_other: bool,
    /// Name of the first container of the pod template (for messages).
    pub container_name: String,
    /// J29: the pod template's own `activeDeadlineSeconds` (kubelet fails each pod that long
    /// after it started).
    pub pod_active_deadline_seconds: Option<Time>,
    /// J23: `completionMode: Indexed` (simulated as such only with `completions` set, which the
    /// API server requires).
    pub indexed: bool,
    /// J24: `backoffLimitPerIndex`, when the API server kept it (its feature gate is on, J1 has
    /// then defaulted `backoff_limit` to 2147483647 when it was not written).
    pub backoff_limit_per_index: Option<i64>,
    /// J24: `maxFailedIndexes` (only with `backoff_limit_per_index`).
    pub max_failed_indexes: Option<i64>,
    /// J26: the `successPolicy` rules the API server kept (Indexed Jobs, feature gate on).
    pub success_policy: Vec<SuccessRule>,
    /// Which Job of this name and namespace in the simulation this is (0 for the first): a Job
    /// created again (BeforeHookCreation, a second sync) gets pods with other names, as the
    /// random suffixes of a real cluster would give.
    pub generation: u64,
}

/// The timing settings of contract.md §1 that the Job controller uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub pod_seconds: Time,
    pub job_sync_seconds: Time,
    pub delete_seconds: Time,
    /// Kubernetes minor version (1.x): 31 means 1.31.
    pub kube_minor: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionType {
    FailureTarget,
    SuccessCriteriaMet,
    Complete,
    Failed,
    Suspended,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobEventKind {
    /// The controller created a pod (attempt = 1-based count of attempts so far).
    PodCreated {
        attempt: u32,
        pod: String,
        note: String,
    },
    /// OnFailure: kubelet started container run `attempt` again inside the same pod.
    ContainerRestarted {
        attempt: u32,
        pod: String,
        restart_count: u32,
        note: String,
    },
    /// The pod cannot start (ErrImagePull / ImagePullBackOff).
    PodPending {
        attempt: u32,
        pod: String,
        reason: String,
    },
    PodSucceeded {
        attempt: u32,
        pod: String,
    },
    /// A run ended with a non-zero exit (under Never: the pod is Failed). `reason` is Error,
    /// OOMKilled, DeadlineExceeded, ...
    PodFailed {
        attempt: u32,
        pod: String,
        exit_code: i32,
        reason: String,
        message: String,
    },
    /// The controller deletes a pod (deadline, FailJob, OnFailure backoff limit).
    PodDeleteRequested {
        pod: String,
        reason: String,
    },
    PodGone {
        pod: String,
    },
    /// The controller waits before the next pod (J10); `until` is when it creates it.
    BackoffWait {
        until: Time,
        seconds: Time,
        failures: u32,
    },
    Condition {
        ty: ConditionType,
        reason: String,
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobEvent {
    /// Seconds after the Job was created.
    pub t: Time,
    pub kind: JobEventKind,
    /// The rule behind the event (e.g. "J10").
    pub rule: &'static str,
    /// J23: the completion index of the pod the event is about (Indexed Jobs only).
    pub index: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JobTimeline {
    /// Sorted by `t`, ties in causal order.
    pub events: Vec<JobEvent>,
    /// Argo CD's view of the Job's health over time (J33): `(t, health)` each time it changes,
    /// the first entry at t = 0.
    pub health: Vec<(Time, Health)>,
    /// True when `max_events` stopped the simulation early.
    pub truncated: bool,
    /// Where each attempt's outcome came from (set by the caller, which knows the Scenario).
    pub sources: crate::input::command::AttemptSources,
}

/// What one container run does, resolved against the timing settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunOutcome {
    /// The container exits after `seconds` (≥ 0) with `code`; `oom` → reason OOMKilled.
    Exit { code: i32, seconds: Time, oom: bool },
    /// J31: the image cannot be pulled.
    ImagePull,
    /// The container runs forever.
    Hang,
}

impl RunOutcome {
    pub(crate) fn of(attempt: &Attempt, timing: &Timing) -> RunOutcome {
        match attempt {
            Attempt::Run { exit_code, seconds, oom } => RunOutcome::Exit {
                code: if *oom { 137 } else { *exit_code },
                seconds: seconds.unwrap_or(timing.pod_seconds).max(0),
                oom: *oom,
            },
            Attempt::ImagePullBackOff => RunOutcome::ImagePull,
            Attempt::Hang => RunOutcome::Hang,
        }
    }
}

/// Clamps the timing settings to non-negative values.
pub(crate) fn sane_timing(timing: &Timing) -> Timing {
    Timing {
        pod_seconds: timing.pod_seconds.max(0),
        job_sync_seconds: timing.job_sync_seconds.max(0),
        delete_seconds: timing.delete_seconds.max(0),
        kube_minor: timing.kube_minor,
    }
}
