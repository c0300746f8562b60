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
