//! What someone else does to the cluster at a given second (the scenario's `changes:`): deletes a
//! live object (`kubectl delete`: finalizers still hold it), or applies one (`kubectl apply`:
//! creates it, or replaces the live object's manifest). This makes reachable what only the
//! cluster's own life causes: a running hook deleted under Argo CD ("Resource … is missing", R39),
//! drift between syncs (a live object no longer equal to its manifest, R44, ApplyOutOfSyncOnly),
//! and a Secret a waiting pod needs appearing late (J36). Reading `changes:` is `input::changes`.

use crate::common::diagnostics::{codes, Diagnostic};
use crate::input::annotations;
use crate::input::manifest;
use crate::input::yaml::Node;
use crate::k8s::object::{self, Key};
use crate::report::{Event, EventType};
use crate::world::World;

use crate::input::changes::selector_parts;
pub use crate::input::changes::{read, Change, ChangeKind};

/// The live object of kind `kind`, name `name` and namespace `ns` (any group).
fn find(world: &World, kind: &str, ns: &str, name: &str) -> Option<crate::world::cluster::Uid> {
    let scoped = object::cluster_scoped(kind);
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
            let ns = if object::cluster_scoped(&kind) {
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
                    crate::world::prerequisites::object_appeared(world);
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
            live.drifted = false;
        }
    }
}
