//! The vocabulary every layer shares: simulated [`time`], the one priority queue ([`queue`]),
//! [`diagnostics`], Argo CD's [`health`] statuses (shared because the Job controller's timeline
//! carries the health Argo CD reads from a Job, J33), a stable [`sort`], and input text made safe
//! to print ([`escape`]; the API server's messages quote names with it, so it sits below them).

pub mod argocd_version;
pub mod diagnostics;
pub mod escape;
pub mod health;
pub mod queue;
pub mod sort;
pub mod time;
