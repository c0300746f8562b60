//! What a sync leaves out without a word in Argo CD's result, said in hooksim's report: objects
//! annotated `argocd.argoproj.io/hook: Skip` (R62; argo-cd #3223 and #15217 expected them to show
//! as skipped), and hook annotations written only on a live object, which Argo CD does not read for
//! an object that has a manifest (R10 reads the target).

use crate::argocd::plan;
use crate::common::diagnostics::{codes, Diagnostic};
use crate::input::annotations::{HELM_HOOK, HOOK};
use crate::input::manifest::Manifest;
use crate::input::scenario::Scenario;
use crate::input::yaml::Node;
use crate::report::SkippedResource;

/// R62: the manifests a sync leaves out because they say Skip, in manifest order; `absent`: the
/// manifests not in the source of the revision synced.
pub fn skipped(manifests: &[Manifest], absent: &[usize], default_namespace: &str) -> Vec<SkippedResource> {
    manifests
        .iter()
        .enumerate()
        .filter(|(i, m)| m.ann.skip && crate::argocd::app::source::has(absent, *i))
        .map(|(_, m)| m)
        .map(|m| SkippedResource {
            reference: m.selector.clone(),
            kind: m.kind.clone(),
            namespace: match plan::cluster_scoped(&m.kind) {
                true => String::new(),
                false => m.namespace.clone().unwrap_or_else(|| default_namespace.to_string()),
            },
            name: m.name.clone(),
            reason: "hook: Skip (R62): never applied, never pruned".into(),
        })
        .collect()
}

/// `hook-on-live-only`: a `live:` object carries a hook annotation that its manifest does not.
/// Argo CD takes hook types from the manifest (the target), so the live annotation changes
/// nothing for the sync; it only keeps the object from being pruned when its manifest is gone
/// (R20), which does not apply while the manifest exists.
pub fn lint_live(manifests: &[Manifest], sc: &Scenario, diags: &mut Vec<Diagnostic>) {
    if sc.live.is_empty() {
        return;
    }
    let by_selector: std::collections::HashMap<&str, &Manifest> =
        manifests.iter().map(|m| (m.selector.as_str(), m)).collect();
    for live in &sc.live {
        let Some(kind) = live.get("kind").and_then(Node::as_str) else { continue };
        let Some(name) = live.path(&["metadata", "name"]).and_then(Node::as_str) else { continue };
        let selector = format!("{kind}/{name}");
        let Some(m) = by_selector.get(selector.as_str()) else { continue };
        for key in [HOOK, HELM_HOOK] {
            let Some(v) = live.path(&["metadata", "annotations", key]) else { continue };
            if m.ann.raw.contains_key(key) {
                continue;
            }
            let value = v.as_str().unwrap_or("");
            diags.push(
                Diagnostic::warning(
                    codes::HOOK_ON_LIVE_ONLY,
                    format!(
                        "the live {selector} has {key}: {value}, but its manifest has no such annotation: Argo CD reads hook types from the manifest, so the sync treats it as the manifest says"
                    ),
                )
                .at(Some(v.pos))
                .reference(selector.as_str())
                .hint(format!("write the annotation in the manifest of {selector} (the live object is what an earlier apply left)")),
            );
        }
    }
}
