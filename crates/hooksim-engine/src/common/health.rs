//! Argo CD health (R47, R48): the statuses, and which kinds have a built-in health check.

use serde::{Deserialize, Serialize};

/// Argo CD's health statuses (`pkg/health`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HealthStatus {
    Healthy,
    Progressing,
    Degraded,
    Suspended,
    Missing,
    Unknown,
}

impl HealthStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthStatus::Healthy => "Healthy",
            HealthStatus::Progressing => "Progressing",
            HealthStatus::Degraded => "Degraded",
            HealthStatus::Suspended => "Suspended",
            HealthStatus::Missing => "Missing",
            HealthStatus::Unknown => "Unknown",
        }
    }

    /// Argo CD's order of health, best first (gitops-engine `health.IsWorse`): Healthy <
    /// Suspended < Progressing < Missing < Degraded < Unknown. The worst of several is an
    /// Application's health (A36) and the step a deletion reports (R66 step 4).
    pub fn severity(self) -> u8 {
        match self {
            HealthStatus::Healthy => 0,
            HealthStatus::Suspended => 1,
            HealthStatus::Progressing => 2,
            HealthStatus::Missing => 3,
            HealthStatus::Degraded => 4,
            HealthStatus::Unknown => 5,
        }
    }

    pub fn parse(s: &str) -> Option<HealthStatus> {
        Some(match s {
            "Healthy" => HealthStatus::Healthy,
            "Progressing" => HealthStatus::Progressing,
            "Degraded" => HealthStatus::Degraded,
            "Suspended" => HealthStatus::Suspended,
            "Missing" => HealthStatus::Missing,
            "Unknown" => HealthStatus::Unknown,
            _ => return None,
        })
    }
}

/// A health status with Argo CD's message for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    pub status: HealthStatus,
    pub message: String,
}

impl Health {
    pub fn new(status: HealthStatus, message: impl Into<String>) -> Health {
        Health { status, message: message.into() }
    }
}

/// R48: the kinds Argo CD has a built-in health check for.
pub fn has_health_check(group: &str, kind: &str) -> bool {
    matches!(
        (group, kind),
        ("apps", "Deployment" | "StatefulSet" | "ReplicaSet" | "DaemonSet")
            | ("extensions" | "networking.k8s.io", "Ingress")
            | ("", "Service" | "PersistentVolumeClaim" | "Pod")
            | ("batch", "Job")
            | ("autoscaling", "HorizontalPodAutoscaler")
            | ("apiregistration.k8s.io", "APIService")
            | ("argoproj.io", "Workflow")
    )
}

/// The messages Argo CD's health checks give for a scripted status (pkg/health).
pub(crate) fn default_health_message(kind: &str, name: &str, status: HealthStatus) -> String {
    match (kind, status) {
        ("Deployment", HealthStatus::Progressing) => {
            "Waiting for rollout to finish: 0 of 1 updated replicas are available...".into()
        }
        ("Deployment", HealthStatus::Degraded) => format!("Deployment \"{name}\" exceeded its progress deadline"),
        ("Deployment", HealthStatus::Suspended) => "Deployment is paused".into(),
        ("StatefulSet", HealthStatus::Progressing) => "Waiting for 1 pods to be ready...".into(),
        ("DaemonSet", HealthStatus::Progressing) => "Waiting for daemon set spec update to be observed...".into(),
        _ => String::new(),
    }
}
