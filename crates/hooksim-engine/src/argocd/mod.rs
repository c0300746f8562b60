//! Argo CD: the annotations it reads, the plan it makes, its sync engine and Application
//! controller ([`app`]: automated sync, self-heal, retries, A1–A50), and what differs between its releases.
//!
//! - [`annotations`]: the hook, wave and option annotations (R9–R17).
//! - [`plan`]: phases, waves, kind order and names (R18–R34).
//! - [`sync`]: the sync operation (R35–R56).
//! - [`app_delete`]: deleting the Application (R65–R66).
//! - [`generation`]: manifest generation errors (R67).
//! - [`version`]: what differs between Argo CD releases (§16).

pub mod annotation_keys;
pub mod annotations;
pub mod app;
pub mod app_delete;
pub mod delete_hooks;
pub mod generation;
pub mod helm_hooks;
pub mod plan;
pub mod sync;
pub mod version;
