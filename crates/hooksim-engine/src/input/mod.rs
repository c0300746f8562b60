//! Reading the input: the YAML stream with positions ([`yaml`]), the manifests ([`manifest`]),
//! the Scenario document ([`scenario`], or a file given apart: [`scenario_file`]; its settings
//! keys: [`settings`]) and the parts it reads with their own types: `changes:` ([`changes`]),
//! `existing:` and `namespaces` ([`existing`]), the sync policy it shares with the Application
//! document ([`sync_policy`]), what it scripts over time ([`outcome_script`]); the outcomes read
//! from containers' commands ([`command`], [`shell`]), what a run must end with (`expect:`,
//! [`expectations`]), and an input read once ([`prepared`]).

pub mod annotation_keys;
pub mod annotations;
pub mod application;
pub mod appset;
pub mod changes;
pub mod command;
pub mod commits;
pub mod existing;
pub mod expectations;
pub mod manifest;
pub mod outcome_script;
pub mod prepared;
pub mod scenario;
pub mod scenario_file;
pub mod settings;
pub mod shell;
pub mod sync_policy;
pub mod yaml;
