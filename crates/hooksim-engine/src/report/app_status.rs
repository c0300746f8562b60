//! What the report says about the Application (an addition to contract version 1): who started
//! each operation, the app's sync status, its conditions and the controller's notes. Vocabulary
//! of the report and the timeline, below the controller that fills it in (`argocd::app`).

use serde::{Deserialize, Serialize};

use crate::common::time::Time;

/// Who started an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Trigger {
    /// A user (the Scenario's `operations`).
    #[default]
    Manual,
    /// A3: an automated sync of a revision not yet attempted.
    Automated,
    /// A13: a self-heal: a sync of the drifted resources only, with no hooks.
    SelfHeal,
    /// A39: an ApplicationSet's RollingSync wrote the operation (a full sync, hooks run).
    RollingSync,
}

impl Trigger {
    pub fn is_manual(&self) -> bool {
        *self == Trigger::Manual
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Manual => "manual",
            Trigger::Automated => "automated",
            Trigger::SelfHeal => "self-heal",
            Trigger::RollingSync => "rolling-sync",
        }
    }
}

/// One resource that is not Synced, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutOfSync {
    #[serde(rename = "ref")]
    pub reference: String,
    /// `Missing`, `Changed` (the newest commit changes it), `Drifted` (the live object was
    /// changed), or `RequiresPruning` (live, managed, no longer in the manifests).
    pub reason: String,
}

/// The app's sync status at time `t` (`status.sync`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub t: Time,
    /// The order of the controller's records (for the text timeline).
    #[serde(skip)]
    pub seq: u64,
    /// `Synced` or `OutOfSync`.
    pub status: String,
    pub revision: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<OutOfSync>,
}

/// An Application condition (A5, A6): set at `t`, removed at `clearedAt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    pub t: Time,
    #[serde(skip)]
    pub seq: u64,
    #[serde(rename = "type")]
    pub ty: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleared_at: Option<Time>,
}

/// A decision of the controller that the UI does not show (its log, §9), with the rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub t: Time,
    #[serde(skip)]
    pub seq: u64,
    pub message: String,
    pub rule: String,
    /// The rules the message itself names ("… seen (A8, A46)"); empty when it names none, and a
    /// drawing then adds `rule` to the text.
    #[serde(skip)]
    pub cites: Vec<String>,
}

/// What the report says about the Application (an addition to contract version 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AppReport {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// `automated` as simulated (None: manual syncs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automated: Option<AutomatedReport>,
    /// The sync status each time it changed.
    pub sync: Vec<SyncStatus>,
    pub conditions: Vec<Condition>,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutomatedReport {
    pub prune: bool,
    pub self_heal: bool,
    pub allow_empty: bool,
}

/// The first 7 characters of a revision (as Argo CD's UI shows a SHA).
pub fn short(rev: &str) -> String {
    rev.chars().take(7).collect()
}

/// An ApplicationSet with the RollingSync strategy (A38–A43): its steps, each generated
/// Application's progressive status over time and its `RolloutProgressing` condition. An
/// addition to contract version 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AppSetReport {
    pub name: String,
    /// `spec.strategy.type` as simulated: `RollingSync`, or `AllAtOnce` when the strategy does
    /// not enable progressive syncs (then the Applications sync themselves).
    pub strategy: String,
    pub steps: Vec<RolloutStep>,
    /// Each generated Application, in name order (the order of `status.applicationStatus`).
    pub applications: Vec<AppSetAppStatus>,
    /// `RolloutProgressing` each time its message changed (A41).
    pub conditions: Vec<Condition>,
}

/// One step of `rollingSync.steps` (A38, A41).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RolloutStep {
    /// 1-based, as Argo CD's `step` field.
    pub step: usize,
    /// The match expressions as text (`env In [dev]`).
    pub match_expressions: Vec<String>,
    /// `maxUpdate` as written (None: unset, unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_update: Option<String>,
    /// The Applications of the step (first match, A38), by name.
    pub applications: Vec<String>,
}

/// A generated Application's entry of `status.applicationStatus` (A40).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AppSetAppStatus {
    pub application: String,
    /// Argo CD's `step`: "1", "2", … or "-1" when no step matches (never synced, A38).
    pub step: String,
    /// Each status it had, with Argo CD's message: `Waiting`, `Pending`, `Progressing`, `Healthy`.
    pub statuses: Vec<ProgressiveStatus>,
}

/// One progressive status from time `t` on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressiveStatus {
    pub t: Time,
    pub status: String,
    pub message: String,
}
