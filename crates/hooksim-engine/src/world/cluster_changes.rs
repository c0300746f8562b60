//! What someone else does to the cluster at a given second (the scenario's `changes:`): deletes a
//! live object (`kubectl delete`: finalizers still hold it), or applies one (`kubectl apply`:
//! creates it, or replaces the live object's manifest). This makes reachable what only the
//! cluster's own life causes: a running hook deleted under Argo CD ("Resource … is missing", R39),
//! drift between syncs (a live object no longer equal to its manifest, R44, ApplyOutOfSyncOnly),
//! and a Secret a waiting pod needs appearing late (J36).

use crate::argocd::annotations;
use crate::argocd::plan::{self, Key};
use crate::common::diagnostics::{codes, Diagnostic, Pos};
use crate::input::manifest;
use crate::input::yaml::Node;
use crate::report::{Event, EventType, Time};
use crate::world::World;

#[derive(Debug, Clone, PartialEq)]
pub enum ChangeKind {
    /// `Kind/name` or `Kind/namespace/name`.
    Delete(String),
    /// A full manifest.
    Apply(Node),
}

/// One change, at `at` seconds of the simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub at: Time,
    pub kind: ChangeKind,
    pub pos: Pos,
}

fn invalid(diags: &mut Vec<Diagnostic>, n: &Node, what: &str) {
    diags.push(
        Diagnostic::error(codes::SCENARIO_INVALID, format!("scenario change {what}: it is left out"))
            .at(Some(n.pos))
            .hint("write {at: 60, delete: Deployment/web} or {at: 60, apply: <a full manifest>}"),
    );
}

/// The scenario's `changes:` list, in time order (changes at the same second in the order written).
pub fn read(n: &Node, diags: &mut Vec<Diagnostic>) -> Vec<Change> {
    if n.is_null() {
        return Vec::new();
    }
    let Some(items) = n.as_seq() else {
        invalid(diags, n, &format!("list is {}, expected a list", n.type_name()));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let at = item.get("at").and_then(Node::as_i64);
        let Some(at) = at.filter(|a| (0..=crate::input::scenario::MAX_SECONDS).contains(a)) else {
            invalid(diags, item, "needs at: a whole number of seconds from 0");
            continue;
        };
        let kind = match (item.get("delete"), item.get("apply")) {
            (Some(d), None) => match d.as_str().filter(|s| selector_parts(s).is_some()) {
                Some(s) => ChangeKind::Delete(s.to_string()),
                None => {
                    invalid(diags, d, "delete must be Kind/name or Kind/namespace/name");
                    continue;
                }
            },
            (None, Some(a)) => {
                let kind = a.get("kind").and_then(Node::as_str).unwrap_or("");
                let name = a.path(&["metadata", "name"]).and_then(Node::as_str).unwrap_or("");
                if kind.is_empty() || name.is_empty() {
                    invalid(diags, a, "apply needs a manifest with kind and metadata.name");
                    continue;
                }
                ChangeKind::Apply(a.clone())
            }
            _ => {
                invalid(diags, item, "needs exactly one of delete and apply");
                continue;
            }
        };
        if let Some(map) = item.as_map() {
            for (k, _) in map {
                let key = k.as_str().unwrap_or("");
                if !matches!(key, "at" | "delete" | "apply") {
                    diags.push(
                        Diagnostic::warning(
                            codes::SCENARIO_UNKNOWN_KEY,
                            format!("unknown key \"{key}\" in a change: it is ignored"),
                        )
                        .at(Some(k.pos))
                        .hint("known keys: at, delete, apply"),
                    );
                }
            }
        }
        out.push(Change { at, kind, pos: item.pos });
    }
    crate::common::sort::sort_by_key(&mut out, |c| c.at);
    out
}

/// `Kind/name` → (Kind, None, name); `Kind/namespace/name` → (Kind, Some(namespace), name).
fn selector_parts(s: &str) -> Option<(&str, Option<&str>, &str)> {
    let parts: Vec<&str> = s.split('/').collect();
    match parts.as_slice() {
        [k, n] if !k.is_empty() && !n.is_empty() => Some((k, None, n)),
        [k, ns, n] if !k.is_empty() && !ns.is_empty() && !n.is_empty() => Some((k, Some(ns), n)),
        _ => None,
    }
}

/// The live object of kind `kind`, name `name` and namespace `ns` (any group).
fn find(world: &World, kind: &str, ns: &str, name: &str) -> Option<crate::world::cluster::Uid> {
    let scoped = plan::cluster_scoped(kind);
    world
        .cluster
        .iter()
        .find(|l| l.key.kind == kind && l.key.name == name && (scoped || l.key.namespace == ns))
        .map(|l| l.uid)
}

/// Applies the change now.
pub fn apply(world: &mut World, c: &Change) {
    let dest = world.settings.namespace.clone();
    match &c.kind {
        ChangeKind::Delete(sel) => {
            let Some((kind, ns, name)) = selector_parts(sel) else { return };
            match find(world, kind, ns.unwrap_or(&dest), name) {
                Some(uid) => {
                    world.request_delete(uid, "DeletedByScenario", "");
                }
                None => world.diags.push(
                    Diagnostic::warning(
                        codes::OUTCOME_IGNORED,
                        format!(
                            "the change at {} s deletes {sel}, which is not in the cluster then: nothing happens",
                            c.at
                        ),
                    )
                    .at(Some(c.pos))
                    .hint("delete an object that exists at that second (a manifest applied earlier, or a live one)"),
                ),
            }
        }
        ChangeKind::Apply(node) => {
            let kind = node.get("kind").and_then(Node::as_str).unwrap_or("").to_string();
            let name = node.path(&["metadata", "name"]).and_then(Node::as_str).unwrap_or("").to_string();
            let api = node.get("apiVersion").and_then(Node::as_str).unwrap_or("v1");
            let ns = if plan::cluster_scoped(&kind) {
                String::new()
            } else {
                node.path(&["metadata", "namespace"]).and_then(Node::as_str).unwrap_or(&dest).to_string()
            };
            let selector = format!("{kind}/{name}");
            let mut scratch = Vec::new();
            let ann = annotations::parse(node.path(&["metadata", "annotations"]), &selector, &mut scratch);
            let verb = match find(world, &kind, &ns, &name) {
                Some(uid) => {
                    world.replace_live_manifest(uid, node, ann);
                    "configured"
                }
                None => {
                    let key =
                        Key { group: manifest::group_of(api), kind: kind.clone(), namespace: ns, name: name.clone() };
                    // Someone else's object: not the Application's (R19, R66).
                    world.add_existing(node, key, selector, ann, false);
                    crate::k8s::prerequisites::object_appeared(world);
                    "created"
                }
            };
            let mut e = Event::new(world.now, EventType::Applied).message(format!(
                "{}/{name} {verb} by someone else (scenario change)",
                manifest::kubectl_type(&kind, &manifest::group_of(api))
            ));
            e.reference = Some(format!("{kind}/{name}"));
            e.kind = Some(kind);
            e.name = Some(name);
            world.emit(e);
        }
    }
    world.dirty = true;
}

impl World<'_> {
    /// `kubectl apply` over a live object: its manifest and annotations are the new ones; what it
    /// does (a Job's run, a scripted health) goes on.
    fn replace_live_manifest(&mut self, uid: crate::world::cluster::Uid, node: &Node, ann: annotations::Annotations) {
        if let Some(live) = self.cluster.get_mut(uid) {
            live.node = crate::world::cluster::NodeRef::Own(std::rc::Rc::new(node.clone()));
            live.ann = ann;
        }
    }
}
