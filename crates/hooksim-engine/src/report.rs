//! The report of contract.md §2: what the engine hands to the CLI, the wasm API and the playground.
//!
//! Field names are the contract's, exactly. Optional fields are left out of the JSON when they do
//! not apply, except `finishedAt`, `hookType` and `line`/`column`-less diagnostics, which the
//! contract shows as `null`.

use serde::{Deserialize, Serialize};

pub mod app_status;

use crate::common::diagnostics::Diagnostic;
use crate::common::health::HealthStatus;
pub use app_status::{AppReport, AppSetAppStatus, AppSetReport, ProgressiveStatus, RolloutStep, Trigger};

pub use crate::common::time::{Time, MAX_SECONDS};

/// The JSON report (contract.md §2). `schemaVersion` is always 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub schema_version: u32,
    pub diagnostics: Vec<Diagnostic>,
    pub operations: Vec<OperationReport>,
    pub remaining: Vec<Remaining>,
    /// The Application around the operations (A1–A50): its sync status over time, its
    /// conditions and the controller's decisions. Present when the input has an Application
    /// document, automated sync, commits or drift. An addition to contract version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<AppReport>,
    /// App-of-apps (A35): each child Application whose own manifests the input gives
    /// (`kind: AppManifests`), with its own operations, placed in the parent's time. An
    /// addition to contract version 1; left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub child_applications: Vec<ChildApp>,
    /// An ApplicationSet with the RollingSync strategy (A38–A43): its steps and each generated
    /// Application's progressive status; the Applications' own runs are `childApplications`.
    /// An addition to contract version 1; left out when the input has no ApplicationSet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_set: Option<AppSetReport>,
}

/// A child Application of an app-of-apps and what it did itself (A35, A36).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ChildApp {
    pub name: String,
    /// The child Application whose sync created this one (a grandchild of the input's
    /// Application, or deeper); left out for a child of the input's own Application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// When the parent's sync created it (its first apply), or changed it when `updated`; None:
    /// the parent never did, and the child did nothing.
    pub created_at: Option<Time>,
    /// A37 trap 2: the child existed (its Application was live) and `createdAt` is when the
    /// parent's sync changed it. Left out when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub updated: bool,
    /// A37 trap 8: the child was live with the resources finalizer and the parent's sync pruned
    /// it; `createdAt` is when, and its `operations` are its cascade deletion. Left out when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pruned: bool,
    /// A36: its `status.health` each time it changed (what the documented Lua check reads).
    #[serde(default)]
    pub health: Vec<HealthAt>,
    pub operations: Vec<OperationReport>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<AppReport>,
    pub remaining: Vec<Remaining>,
}

/// A health from time `t` on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthAt {
    pub t: Time,
    pub status: String,
}

/// One operation (a sync or an Application deletion) and everything that happened during it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationReport {
    #[serde(rename = "type")]
    pub kind: OperationType,
    /// `Succeeded`, `Failed`, `Error`, or `Running` when the horizon came first.
    pub phase: String,
    pub message: String,
    pub started_at: Time,
    pub finished_at: Option<Time>,
    pub results: Vec<ResourceResult>,
    pub events: Vec<Event>,
    /// The operation's phase and message each time they changed, as Argo CD shows them while it
    /// runs ("waiting for completion of hook batch/Job/x", R52) and at the end. An addition to
    /// contract version 1.
    #[serde(default)]
    pub messages: Vec<MessageAt>,
    /// The Application's conditions at the end of the operation, as Argo CD shows them (a
    /// failed deletion's `DeletionError`, R66). An addition to contract version 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// Resources the sync leaves out that Argo CD's result does not list: `hook: Skip` (R62).
    /// An addition to contract version 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedResource>,
    /// Who started the operation: `automated` (A3), `self-heal` (A13); left out for a manual
    /// one. An addition to contract version 1.
    #[serde(default, skip_serializing_if = "Trigger::is_manual")]
    pub trigger: Trigger,
    /// The revision the operation syncs (A3, A8). An addition to contract version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// The resources of a partial sync (a self-heal, A13, or a selective sync), which runs no
    /// hooks. An addition to contract version 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
    /// Each retry the controller scheduled (A19, A20). An addition to contract version 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retries: Vec<RetryWait>,
    /// The objects of the manifests this operation did not run, each with why (not_run.rs). An
    /// addition to contract version 1; left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_run: Vec<NotRun>,
}

/// A resource a sync leaves out on purpose, with why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedResource {
    /// The manifest's `Kind/name` selector.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Why it is left out, e.g. "hook: Skip (R62): never applied, never pruned".
    pub reason: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
}

/// One of the Application's `status.conditions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    /// Argo CD's condition type, such as `DeletionError`.
    #[serde(rename = "type")]
    pub ty: String,
    pub message: String,
}

/// A19/A20: retry number `n` of an operation whose attempt failed at `failedAt`: the message
/// promised `promisedAt`, the retry starts at `startsAt` (one backoff step later).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetryWait {
    pub n: i64,
    pub failed_at: Time,
    pub promised_at: Time,
    pub starts_at: Time,
}

/// The operation's phase and message from time `t` on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageAt {
    pub t: Time,
    pub phase: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OperationType {
    Sync,
    Delete,
}

impl OperationType {
    pub fn as_str(self) -> &'static str {
        match self {
            OperationType::Sync => "sync",
            OperationType::Delete => "delete",
        }
    }
}

/// One entry of Argo CD's `syncResult.resources` (R7), in Argo CD's result order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceResult {
    #[serde(rename = "ref")]
    pub reference: String,
    pub group: String,
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub sync_phase: String,
    pub wave: i64,
    pub hook_type: Option<String>,
    /// `Synced | SyncFailed | Pruned | PruneSkipped`, or empty when never written.
    pub status: String,
    /// `Running | Succeeded | Failed | Error | Terminating`, or empty.
    pub hook_phase: String,
    pub message: String,
}

/// One timeline event (contract.md §2, "Events").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub t: Time,
    #[serde(rename = "type")]
    pub ty: EventType,
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wave: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempt: Option<u32>,
    /// J23: the completion index of the pod (Indexed Jobs). An addition to contract version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The rule (R.. of argocd-sync.md, J.. of k8s-job.md) behind the event, for the playground's
    /// hover text. Not part of contract version 1's required fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Pod events: where the attempt's outcome came from (`scripted`, `command`, `assumed`). An
    /// addition to contract version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_source: Option<OutcomeSource>,
    /// Of a `HealthChanged` event of a kind hooksim does not run itself (not a Job, Pod or
    /// Workflow): `scripted` when the Scenario's outcome gives the health, `assumed` when hooksim
    /// takes the default (Healthy at once). A probe that passes while the app is not ready
    /// (argo-cd #22537) is not something hooksim can know. An addition to contract version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_source: Option<OutcomeSource>,
    /// Of a `WaveDelay` event (R35): how many seconds Argo CD sleeps (the message says it in
    /// words). An addition to contract version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<Time>,
    /// Of a `HealthChanged` event: the new health (the message says it in words). An addition to
    /// contract version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<HealthStatus>,
}

/// The event types of contract.md §2, exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventType {
    OperationStarted,
    StepStarted,
    WaveDelay,
    Applied,
    ApplyFailed,
    Pruned,
    PruneSkipped,
    PodCreated,
    PodSucceeded,
    PodFailed,
    PodPending,
    /// A pod that waited (PodPending for a missing Secret, ConfigMap or claim, J36–J38) starts
    /// its container. An addition to contract version 1.
    PodStarted,
    JobComplete,
    JobFailed,
    HealthChanged,
    HookCompleted,
    DeleteRequested,
    Deleted,
    OperationCompleted,
    /// A19/A20: the controller schedules a retry of the failed attempt. An addition to
    /// contract version 1.
    RetryScheduled,
}

impl EventType {
    /// Every event type, in the enum's order (a new one is added here and in `as_str`).
    pub const ALL: [EventType; 20] = [
        EventType::OperationStarted,
        EventType::StepStarted,
        EventType::WaveDelay,
        EventType::Applied,
        EventType::ApplyFailed,
        EventType::Pruned,
        EventType::PruneSkipped,
        EventType::PodCreated,
        EventType::PodSucceeded,
        EventType::PodFailed,
        EventType::PodPending,
        EventType::PodStarted,
        EventType::JobComplete,
        EventType::JobFailed,
        EventType::HealthChanged,
        EventType::HookCompleted,
        EventType::DeleteRequested,
        EventType::Deleted,
        EventType::OperationCompleted,
        EventType::RetryScheduled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::OperationStarted => "OperationStarted",
            EventType::StepStarted => "StepStarted",
            EventType::WaveDelay => "WaveDelay",
            EventType::Applied => "Applied",
            EventType::ApplyFailed => "ApplyFailed",
            EventType::Pruned => "Pruned",
            EventType::PruneSkipped => "PruneSkipped",
            EventType::PodCreated => "PodCreated",
            EventType::PodSucceeded => "PodSucceeded",
            EventType::PodFailed => "PodFailed",
            EventType::PodPending => "PodPending",
            EventType::PodStarted => "PodStarted",
            EventType::JobComplete => "JobComplete",
            EventType::JobFailed => "JobFailed",
            EventType::HealthChanged => "HealthChanged",
            EventType::HookCompleted => "HookCompleted",
            EventType::DeleteRequested => "DeleteRequested",
            EventType::Deleted => "Deleted",
            EventType::OperationCompleted => "OperationCompleted",
            EventType::RetryScheduled => "RetryScheduled",
        }
    }
}

impl Event {
    /// An event that concerns no particular object.
    pub fn new(t: Time, ty: EventType) -> Event {
        Event {
            t,
            ty,
            reference: None,
            kind: None,
            name: None,
            namespace: None,
            phase: None,
            wave: None,
            attempt: None,
            index: None,
            exit_code: None,
            reason: None,
            message: None,
            rule: None,
            outcome_source: None,
            health_source: None,
            delay: None,
            health: None,
        }
    }

    pub fn message(mut self, m: impl Into<String>) -> Event {
        self.message = Some(m.into());
        self
    }

    /// A `HealthChanged` event's new health: the typed field and the message that says it.
    pub fn health(mut self, h: HealthStatus) -> Event {
        self.health = Some(h);
        self.message(h.as_str())
    }

    pub fn reason(mut self, r: impl Into<String>) -> Event {
        self.reason = Some(r.into());
        self
    }

    pub fn rule(mut self, r: &str) -> Event {
        self.rule = Some(r.to_string());
        self
    }

    pub fn outcome_source(mut self, s: OutcomeSource) -> Event {
        self.outcome_source = Some(s);
        self
    }

    pub fn attempt(mut self, a: u32) -> Event {
        self.attempt = Some(a);
        self
    }

    pub fn index(mut self, i: Option<i64>) -> Event {
        self.index = i;
        self
    }

    pub fn exit_code(mut self, c: i32) -> Event {
        self.exit_code = Some(c);
        self
    }

    pub fn step(mut self, phase: &str, wave: i64) -> Event {
        self.phase = Some(phase.to_string());
        self.wave = Some(wave);
        self
    }
}

/// An object still in the cluster when the simulation ends (manifest-level objects, not pods).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Remaining {
    #[serde(rename = "ref")]
    pub reference: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
}

impl Report {
    /// A report of these diagnostics and nothing else: no operation ran.
    pub fn of_diagnostics(diagnostics: Vec<crate::common::diagnostics::Diagnostic>) -> Report {
        Report {
            schema_version: 1,
            diagnostics,
            operations: vec![],
            remaining: vec![],
            application: None,
            child_applications: vec![],
            application_set: None,
        }
    }

    /// The report as pretty JSON, byte-identical for the same input.
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings and numbers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Where an attempt's outcome came from: the Scenario's `outcomes` (`scripted`), the container's
/// command (`command`), or hooksim's default of a success after `podSeconds` (`assumed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeSource {
    Scripted,
    Command,
    Assumed,
}

impl OutcomeSource {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeSource::Scripted => "scripted",
            OutcomeSource::Command => "command",
            OutcomeSource::Assumed => "assumed",
        }
    }
}

/// Why an object did not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotRunReason {
    /// `argocd.argoproj.io/hook: Skip` alone (R12).
    Skip,
    /// A selective sync or the apply strategy runs no hook (R21).
    HooksSkipped,
    /// A SyncFail hook of a sync that did not fail (R61).
    SyncDidNotFail,
    /// A SyncFail hook of a sync that failed on a path that runs none: validation, the dry run,
    /// Terminate (R61).
    SyncFailNotStarted,
    /// Its phase was not reached: the operation failed, or was terminated, before (R42).
    PhaseNotReached,
    /// Left out of a selective sync (R18).
    NotSelected,
}

impl NotRunReason {
    pub fn rule(self) -> &'static str {
        match self {
            NotRunReason::Skip => "R12",
            NotRunReason::HooksSkipped => "R21",
            NotRunReason::SyncDidNotFail | NotRunReason::SyncFailNotStarted => "R61",
            NotRunReason::PhaseNotReached => "R42",
            NotRunReason::NotSelected => "R18",
        }
    }

    /// The reason in words.
    pub fn describe(self) -> &'static str {
        match self {
            NotRunReason::Skip => "hook: Skip: never applied",
            NotRunReason::HooksSkipped => "a selective sync runs no hook",
            NotRunReason::SyncDidNotFail => "SyncFail hooks run only when the sync fails",
            NotRunReason::SyncFailNotStarted => "this failure (validation, dry run, Terminate) runs no SyncFail hook",
            NotRunReason::PhaseNotReached => "its phase was not reached: the sync failed or stopped before",
            NotRunReason::NotSelected => "not selected in this selective sync",
        }
    }
}

/// An object of the manifests the operation did not run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotRun {
    pub kind: String,
    /// `metadata.name`, or the `generateName` prefix of a hook without a name.
    pub name: String,
    pub reason: NotRunReason,
    pub rule: String,
}

#[cfg(test)]
mod tests {
    use super::EventType;

    #[test]
    fn every_event_type_is_listed_once_under_its_json_name() {
        let names: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
        for (i, t) in EventType::ALL.iter().enumerate() {
            assert_eq!(serde_json::to_string(t).unwrap(), format!("\"{}\"", t.as_str()));
            assert!(!names[..i].contains(&t.as_str()), "{} twice", t.as_str());
        }
    }
}
