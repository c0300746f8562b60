//! Reading the input: the YAML stream with positions ([`yaml`]), the manifests ([`manifest`]) with
//! the Argo CD annotations on them ([`annotations`], [`annotation_keys`]), the Application
//! document ([`application`]) and an ApplicationSet's RollingSync ([`appset`]), the Scenario
//! document ([`scenario`], or a file given apart: [`scenario_file`]; its settings keys:
//! [`settings`]) and the parts it reads with their own types: `changes:` ([`changes`]),
//! `existing:` and `namespaces` ([`existing`]), the sync policy it shares with the Application
//! document ([`sync_policy`]), `commits:` and `drift:` ([`commits`]), the pods' scripted attempts
//! ([`attempts`]; an Indexed Job's `indexes` keys: [`index_list`], [`index_claims`]), what it
//! scripts over time ([`outcome_script`]); the outcomes read from containers' commands
//! ([`command`], [`shell`]), what a run must end with (`expect:`, [`expectations`]), and an input
//! read once ([`prepared`]).
//!
//! What is read here is in the types of the input; the layers above (the Kubernetes side, the
//! world, Argo CD) import them, and nothing here imports those layers.

pub mod annotation_keys;
pub mod annotations;
pub mod application;
pub mod appset;
pub mod attempts;
pub mod changes;
pub mod command;
pub mod commits;
pub mod existing;
pub mod expectations;
pub mod index_claims;
pub mod index_list;
pub mod manifest;
pub mod outcome_script;
pub mod prepared;
pub mod scenario;
pub mod scenario_file;
pub mod settings;
pub mod shell;
pub mod sync_policy;
pub mod yaml;
