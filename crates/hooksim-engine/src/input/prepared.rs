//! An input read once: its manifests, its Scenario, its Application document and its child
//! Applications, each of them prepared the same way (`sim::prepare` makes it, `sim::run` runs it,
//! `argocd::app::children` prepares the children). Its own module so that the driver and the
//! Application controller's children share it without importing each other.

use crate::common::diagnostics::Diagnostic;
use crate::input::application::AppSpec;
use crate::input::manifest::{Manifest, Undecodable};
use crate::input::scenario::Scenario;

/// Everything read from the input, before simulation.
#[derive(Clone)]
pub struct Prepared {
    pub manifests: Vec<Manifest>,
    pub scenario: Scenario,
    pub diagnostics: Vec<Diagnostic>,
    /// The Application document of the input, if any (not a manifest).
    pub application: Option<AppSpec>,
    /// R67: a document Argo CD cannot decode, which fails its manifest generation.
    pub undecodable: Option<Undecodable>,
    /// A35: the child Applications whose own manifests the input gives (`kind: AppManifests`), each
    /// with its own children (grandchildren of the input's Application).
    pub children: Vec<Child>,
    /// A38–A43: an ApplicationSet whose generated Applications are `children`.
    pub appset: Option<crate::input::appset::RollingSync>,
    /// A build without Application trees (`sim::TREES` false) met one: child Applications or an
    /// ApplicationSet, which it does not simulate. Always false with the `trees` feature.
    pub tree_left_out: bool,
}

/// One child Application with its own input, ready to run (A35).
#[derive(Clone)]
pub struct Child {
    pub name: String,
    /// What the parent's sync does to it: creates it, updates it (A37 trap 2: its Application
    /// is live in the parent), or prunes it (trap 8).
    pub role: Role,
    pub prepared: Prepared,
}

/// What the parent's sync does to a child Application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Not live: the parent creates it.
    New,
    /// Live (A37 trap 2): the parent updates it.
    Existing,
    /// Live, no longer among the parent's manifests, with the resources finalizer (A37 trap 8):
    /// the parent prunes it, which deletes its resources first (`background`: the finalizer's
    /// background variant).
    Pruned { background: bool },
}
