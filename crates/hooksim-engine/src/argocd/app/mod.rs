//! The Application controller (argocd-app.md, A1–A50): the layer above one sync operation. It
//! reads the Application document of the input ([`application`]), decides when Argo CD starts an
//! automated sync, a self-heal or a retry ([`controller`], [`retry`]), ends operations that run
//! past the sync timeout (A26–A28), and says what the Application's sync status is after each
//! operation (issue 17, item 6).
//!
//! It drives the existing single sync operation (crate::sync) through the simulation driver
//! (crate::sim): the driver asks the controller what to start, and tells it what ended.

pub mod application;
pub mod appset;
pub mod children;
pub mod controller;
pub mod lint;
pub mod retry;
pub mod scripted;
pub mod status;

use crate::common::diagnostics::Diagnostic;
use crate::input::scenario::Scenario;
use crate::input::yaml::Node;

/// Makes the Application the default of the Scenario's settings (reporting conflicts), and
/// leaves out the default manual sync when the Application syncs automatically: the controller
/// starts the first sync itself (A4: a new app has never attempted one).
pub fn settle(sc: &mut Scenario, app: Option<&application::AppSpec>, node: Option<&Node>, diags: &mut Vec<Diagnostic>) {
    if let Some(app) = app {
        application::merge(app, application::Written::of(node), &mut sc.settings, diags);
    }
    if sc.settings.automated.is_some_and(|a| a.enabled) && !sc.operations_written {
        sc.operations.clear();
    }
}
