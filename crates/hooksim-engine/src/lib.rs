//! hooksim's engine: manifests plus a scenario in, a second-by-second report of what Argo CD and
//! Kubernetes would do out. Pure Rust, no I/O, deterministic.
//!
//! Where each rule lives: annotations (R9–R17), plan (R18–R34), sync (R35–R56), app_delete
//! (R65–R66), job (J1–J31), job_index (J12, J23, J24, J26), job_validation (the API server's
//! feature gates and checks of Job specs), pod (J34), health and cluster (R47–R48, J33, J35),
//! world (the clock, TTL, deletion), scenario and report (contract.md), lint (diagnostics), text
//! (the timeline), version (what differs between Argo CD releases, §16).

pub mod annotations;
pub mod app_delete;
pub mod cluster;
pub mod diagnostics;
pub mod health;
pub mod job;
pub mod job_index;
pub mod job_validation;
pub mod lint;
pub mod manifest;
pub mod not_run;
pub mod plan;
pub mod pod;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod sort;
pub mod spec;
pub mod sync;
pub mod text;
pub mod version;
pub mod world;
pub mod yaml;

pub use diagnostics::{Diagnostic, Severity};
pub use report::Report;
pub use sim::Options;

/// Simulates the input stream (manifests, optionally with a `kind: Scenario` document).
pub fn simulate(input: &str, options: &Options) -> Report {
    sim::simulate(input, options)
}

/// The diagnostics of the input, without simulating.
pub fn lint(input: &str, options: &Options) -> Vec<Diagnostic> {
    sim::lint_only(input, options)
}

/// The engine's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
