//! hooksim's engine: manifests plus a scenario in, a second-by-second report of what Argo CD and
//! Kubernetes would do out. Pure Rust, no I/O, deterministic.
//!
//! The folders: [`input`] (reading the input), [`argocd`] and [`k8s`] (the two domains),
//! [`world`] (the simulated cluster), [`common`] (the shared vocabulary), and the driver
//! ([`sim`], [`lint`]) with the report ([`report`], [`text`], [`expect`], [`compare`]).
//!
//! The module map, lowest layer first (a module imports only from its own layer or lower ones;
//! `tests/layers.rs` checks it, docs/architecture.md explains it):
//!
//! 1. Vocabulary: [`common`] (time, the one priority queue, diagnostics and their codes, health,
//!    sort), [`input::yaml`] (the YAML reader with positions), [`report`] (the report contract,
//!    contract.md), [`text`] (the timeline), [`argocd::version`] (what differs between Argo CD
//!    releases, §16), [`argocd::app::status`], [`compare`] (two reports of two variants of one
//!    input).
//! 2. Reading the manifests: [`argocd::annotations`] (R9–R17), [`argocd::plan`] (R18–R34),
//!    [`input::manifest`] (the manifests, read once), [`expect`].
//! 3. [`k8s`]: the Kubernetes side; it imports nothing of `argocd` but what `manifest` read.
//!    [`k8s::job`] is the Job: types, names, backoff, messages, recorder, the controller
//!    (J1–J33), Indexed Jobs (J12, J23, J24, J26) and the API server's checks of Job specs;
//!    [`k8s::pod`] a bare Pod (J34); [`k8s::spec`] what the engine reads of Job and Pod
//!    manifests; [`k8s::field_validation`] strict decoding (R17). Also [`input::command`].
//! 4. [`input::scenario`] (the `kind: Scenario` document, which scripts Jobs in `k8s` terms),
//!    and [`world`]: the virtual clock, the queue of what happens next in the cluster, the live
//!    objects ([`world::cluster`]); TTL, deletion and garbage collection (J35); the pods that
//!    wait for what they need ([`world::prerequisites`], J36–J39).
//! 5. Argo CD acting on the world: [`argocd::sync`] (R35–R56), [`argocd::app_delete`] (R65–R66).
//! 6. [`lint`] (the diagnostics of an input), [`sim`] (the driver: prepare, lint, run the
//!    operations) and the Application controller ([`argocd::app`]).

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
