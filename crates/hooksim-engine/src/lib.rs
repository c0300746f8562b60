//! hooksim's engine: manifests plus a scenario in, a second-by-second report of what Argo CD and
//! Kubernetes would do out. Pure Rust, no I/O, deterministic.
//!
//! The folders: [`input`] (reading the input), [`argocd`] and [`k8s`] (the two domains),
//! [`world`] (the simulated cluster), [`common`] (the shared vocabulary), and the driver
//! ([`sim`], [`lint`]) with the report ([`report`], [`text`], [`expect`], [`compare`]).
//!
//! The module map, lowest layer first: the folders are layers, and a module imports only from
//! its own layer or lower ones (`tests/layers.rs` checks it, docs/architecture.md explains it).
//!
//! 1. [`common`]: time, the one priority queue, diagnostics and their codes, health, what differs
//!    between Argo CD releases ([`common::argocd_version`], §16), escaping, sort.
//! 2. [`report`]: the report contract (contract.md), with what it says of the Application.
//! 3. [`input`]: the YAML reader with positions, the manifests read once with their annotations
//!    (R9–R17), the Application document, the Scenario and its parts, an input read once.
//! 4. [`k8s`]: the Kubernetes side. [`k8s::job`] is the Job: types, names, backoff, messages,
//!    recorder, the controller (J1–J33), Indexed Jobs (J12, J23, J24, J26) and the API server's
//!    checks of Job specs; [`k8s::pod`] a bare Pod (J34); [`k8s::spec`] what the engine reads of
//!    Job and Pod manifests; [`k8s::object`] an object's key; [`k8s::field_validation`] strict
//!    decoding (R17).
//! 5. [`world`]: the virtual clock, the queue of what happens next in the cluster, the live
//!    objects ([`world::cluster`]); TTL, deletion and garbage collection (J35); the pods that
//!    wait for what they need ([`world::prerequisites`], J36–J39).
//! 6. [`argocd`]: Argo CD acting on the world: the plan (R18–R34), the sync (R35–R56), the
//!    Application's deletion (R65–R66) and the Application controller ([`argocd::app`]).
//! 7. [`sim`] (the driver: prepare, lint, run the operations), [`lint`] (the diagnostics of an
//!    input), and the readers of a report: [`text`], [`expect`], [`lesson`], [`compare`].

pub mod argocd;
pub mod common;
pub mod compare;
pub mod expect;
pub mod input;
pub mod k8s;
pub mod lesson;
pub mod lint;
pub mod report;
pub mod sim;
pub mod text;
pub mod world;

// The modules' paths before they were placed in folders (the crate's public API, unchanged).
pub use argocd::sync::{not_run, skipped};
pub use argocd::{delete_hooks, helm_hooks};
pub use common::{diagnostics, health, queue, sort, time};
pub use input::index_claims;
pub use input::{annotation_keys, command, manifest, outcome_script, scenario, scenario_file, shell, yaml};
pub use k8s::pod_refs;
pub use sim::horizon;
pub use world::{cluster_changes, deletion, prerequisites};

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
