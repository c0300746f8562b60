//! hooksim's engine: manifests plus a scenario in, a second-by-second report of what Argo CD and
//! Kubernetes would do out. Pure Rust, no I/O, deterministic.
//!
//! Where each rule lives: annotations (R9–R17), plan (R18–R34), sync (R35–R56), app_delete
//! (R65–R66), job (J1–J31), job_index (J12, J23, J24, J26), job_validation (the API server's
//! feature gates and checks of Job specs), pod (J34), pod_refs and prerequisites (J36–J39: what a pod needs before it starts), health and cluster (R47–R48, J33, J35),
//! world (the clock, TTL, deletion), scenario and report (contract.md), lint (diagnostics), text
//! (the timeline), version (what differs between Argo CD releases, §16), command and shell (an
//! attempt's outcome read from its container's command, and where each outcome came from).

pub mod annotation_keys;
pub mod annotations;
pub mod app_delete;
pub mod argocd;
pub mod cluster;
pub mod cluster_changes;
pub mod command;
pub mod delete_hooks;
pub mod deletion;
pub mod diagnostics;
pub mod health;
pub mod helm_hooks;
pub mod horizon;
pub mod index_claims;
pub mod job;
pub mod job_index;
pub mod job_validation;
pub mod lint;
pub mod manifest;
pub mod not_run;
pub mod outcome_script;
pub mod plan;
pub mod pod;
pub mod pod_refs;
pub mod prerequisites;
pub mod report;
pub mod scenario;
pub mod scenario_file;
pub mod shell;
pub mod sim;
pub mod skipped;
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
