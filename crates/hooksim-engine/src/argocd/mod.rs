//! Argo CD: the plan it makes, its sync engine and Application controller ([`app`]: automated
//! sync, self-heal, retries, A1–A50). It acts on the simulated cluster ([`crate::world`]); what it
//! reads of the input (the annotations, the Application document, the Scenario's commits and
//! drift) is read in [`crate::input`], and what differs between its releases is shared vocabulary
//! ([`crate::common::argocd_version`]), since the layers below it need them.
//!
//! - [`plan`]: phases, waves, kind order and names (R18–R34).
//! - [`sync`]: the sync operation (R35–R56).
//! - [`app_delete`]: deleting the Application (R65–R66).
//! - [`generation`]: manifest generation errors (R67).

pub mod app;
pub mod app_delete;
pub mod delete_hooks;
pub mod generation;
pub mod helm_hooks;
pub mod plan;
pub mod sync;

// The paths of the modules that moved down (the crate's public API, unchanged).
pub use crate::common::argocd_version as version;
pub use crate::input::{annotation_keys, annotations};
