//! The Kubernetes side: what the API server accepts and what its controllers and kubelet do with
//! the objects Argo CD applies. Nothing here knows about Argo CD.
//!
//! - [`job`]: the Job (types, controller, Indexed Jobs, the API server's checks).
//! - [`pod`]: a bare Pod's timeline (J34).
//! - [`spec`]: what the engine reads of Job and Pod manifests, with Kubernetes' defaults.
//! - [`field_validation`]: how strictly the API server decodes an object (J1).
//! - [`scripted_health`]: an object's scripted health over time, as a timeline.
//! - [`object`]: an object's identity (its key) and which kinds are cluster-scoped (R25).

pub mod field_validation;
pub mod job;
pub mod object;
pub mod pod;
pub mod pod_refs;
pub mod scripted_health;
pub mod spec;
