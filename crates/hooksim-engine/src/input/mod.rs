//! Reading the input: the YAML stream with positions ([`yaml`]), the manifests ([`manifest`]),
//! the Scenario document ([`scenario`], or a file given apart: [`scenario_file`]; its settings
//! keys: [`settings`]), what it
//! scripts over time ([`outcome_script`]), the outcomes read from containers' commands
//! ([`command`], [`shell`]), and lesson files ([`lesson`]).

pub mod command;
pub mod lesson;
pub mod manifest;
pub mod outcome_script;
pub mod scenario;
pub mod scenario_file;
pub mod settings;
pub mod shell;
pub mod yaml;
