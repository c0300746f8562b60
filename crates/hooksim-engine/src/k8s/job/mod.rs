//! The Kubernetes Job (k8s-job.md J1–J35): its types, the Job controller as a timeline computed
//! when the Job is created, and what the API server checks of a Job spec.
//!
//! - [`types`]: the spec the engine reads, scripted attempts, timing, the timeline.
//! - [`names`]: deterministic pod names (Kubernetes' random suffixes, reproducible).
//! - [`backoff`]: the controller's pod-failure backoff (J9, J10) and kubelet's CrashLoopBackOff (J30).
//! - [`messages`]: the condition and event messages (J13, J25, J29, J30).
//! - [`recorder`]: collects events and health changes, enforcing `max_events`.
//! - [`controller`]: the Job controller's simulation (J1–J33).
//! - [`index`]: what is particular to Indexed Jobs (J12, J23, J24, J26).
//! - [`validation`]: the API server's feature gates and checks of Job specs.

pub mod backoff;
pub mod controller;
pub mod index;
pub mod messages;
pub mod names;
pub mod recorder;
pub mod types;
pub mod validation;

pub use backoff::*;
pub use controller::*;
pub use messages::*;
pub use names::*;
pub use types::*;
