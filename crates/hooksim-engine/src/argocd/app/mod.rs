//! The Application controller (argocd-app.md, A1–A50): the layer above one sync operation. It
//! takes the Application document as the input side read it ([`application`]), decides when Argo CD starts an
//! automated sync, a self-heal or a retry ([`controller`], [`retry`]), ends operations that run
//! past the sync timeout (A26–A28), and says what the Application's sync status is after each
//! operation (issue 17, item 6).
//!
//! It drives the existing single sync operation (crate::sync) through the simulation driver
//! (crate::sim): the driver asks the controller what to start, and tells it what ended.

pub mod appset;
pub mod children;
pub mod controller;
pub mod lint;
pub mod retry;
pub mod source;

use crate::common::diagnostics::Diagnostic;
use crate::input::application;
use crate::input::scenario::Scenario;
use crate::input::yaml::Node;

/// Whether the manifests (after the input's own Application was taken out) or the live objects
/// hold an Application tree: a child Application or its `AppManifests`, or an ApplicationSet.
/// Only the builds without the tree layers ask (`sim::TREES`).
pub fn has_tree(manifests: &[crate::input::manifest::Manifest], live: &[Node]) -> bool {
    manifests.iter().any(|m| {
        (m.group == "argoproj.io" && (m.kind == "Application" || m.kind == appset::KIND))
            || (m.api_version == crate::input::manifest::SCENARIO_API_VERSION && m.kind == children::KIND)
    }) || live.iter().any(|n| n.get("kind").and_then(Node::as_str) == Some("Application"))
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(input: &str) -> bool {
        let mut inp = crate::input::manifest::read_sized(input, None);
        application::take_manifest(&mut inp.manifests);
        let live = crate::input::scenario::parse(inp.scenario.as_ref(), &mut Vec::new()).live;
        has_tree(&inp.manifests, &live)
    }

    #[test]
    fn a_tree_is_recognised_without_the_layers() {
        let own = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: root}\n---\n";
        let job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n";
        // The input's own Application is no tree.
        assert!(!tree(&format!("{own}{job}")));
        // A child Application among its manifests, an AppManifests document, an ApplicationSet.
        assert!(tree(&format!(
            "{own}apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {{name: child}}\n"
        )));
        assert!(tree(&format!(
            "{own}{job}---\napiVersion: hooksim/v1\nkind: AppManifests\nmetadata: {{name: child}}\n"
        )));
        assert!(tree("apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: s}\n"));
        // A live child Application (A37 trap 8: the parent may prune it).
        let live = "---\napiVersion: hooksim/v1\nkind: Scenario\nlive:\n  - {apiVersion: argoproj.io/v1alpha1, kind: Application, metadata: {name: old}}\n";
        assert!(tree(&format!("{own}{job}{live}")));
    }
}
