//! What the report says about the Application (an addition to contract version 1): who started
//! each operation, the app's sync status, its conditions and the controller's notes. Vocabulary
//! of the report and the timeline, below the controller that fills it in.

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
