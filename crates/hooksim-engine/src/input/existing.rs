//! The scenario's `existing:` objects and `settings.namespaces` as read: what is in the cluster
//! before the simulation. What a pod needs of them is checked in `world::prerequisites`.

use crate::common::diagnostics::{codes, Diagnostic};
use crate::input::yaml::{Node, Value};

/// Marks a short `existing:` entry (`Secret/x`): its data keys are not known.
pub(crate) const EXISTING_SHORT: &str = "hooksim.dev/short-entry";

/// The scenario's `existing:` list: manifests, or `Kind/name` (in the destination namespace;
/// `Kind/namespace/name` for another).
pub fn read_existing(n: &Node, diags: &mut Vec<Diagnostic>) -> Vec<Node> {
    if n.is_null() {
        return Vec::new();
    }
    let Some(items) = n.as_seq() else {
        diags.push(
            Diagnostic::error(
                codes::SCENARIO_INVALID,
                format!("scenario existing is {}, expected a list: it is ignored", n.type_name()),
            )
            .at(Some(n.pos))
            .hint("write existing: [Secret/db-creds, ServiceAccount/migrator], or full manifests"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        if let Some(s) = item.as_str() {
            let parts: Vec<&str> = s.split('/').collect();
            let ok = |p: &&str| !p.is_empty();
            let (kind, ns, name) = match parts.as_slice() {
                [k, name] if ok(k) && ok(name) => (*k, None, *name),
                [k, ns, name] if ok(k) && ok(ns) && ok(name) => (*k, Some(*ns), *name),
                _ => {
                    diags.push(
                        Diagnostic::error(
                            codes::SCENARIO_INVALID,
                            format!("existing object \"{s}\" is not Kind/name: it is left out"),
                        )
                        .at(Some(item.pos))
                        .hint("write Kind/name (such as Secret/db-creds), Kind/namespace/name, or a full manifest"),
                    );
                    continue;
                }
            };
            out.push(short_node(kind, ns, name, item));
            continue;
        }
        let kind = item.get("kind").and_then(Node::as_str).unwrap_or("");
        let name = item.path(&["metadata", "name"]).and_then(Node::as_str).unwrap_or("");
        if kind.is_empty() || name.is_empty() {
            diags.push(
                Diagnostic::error(
                    codes::SCENARIO_INVALID,
                    "an existing object needs kind and metadata.name: it is left out",
                )
                .at(Some(item.pos))
                .hint("write Kind/name (such as Secret/db-creds), or a full manifest"),
            );
            continue;
        }
        out.push(item.clone());
    }
    out
}

fn short_node(kind: &str, ns: Option<&str>, name: &str, at: &Node) -> Node {
    let s = |v: &str| Node { value: Value::Str(v.to_string()), pos: at.pos, raw: None, quoted: false };
    let map = |entries: Vec<(Node, Node)>| Node { value: Value::Map(entries), pos: at.pos, raw: None, quoted: false };
    let mut meta = vec![(s("name"), s(name))];
    if let Some(ns) = ns {
        meta.push((s("namespace"), s(ns)));
    }
    meta.push((s("annotations"), map(vec![(s(EXISTING_SHORT), s("true"))])));
    map(vec![(s("apiVersion"), s("v1")), (s("kind"), s(kind)), (s("metadata"), map(meta))])
}

/// `settings.namespaces`: a list of names.
pub fn read_namespaces(n: &Node, diags: &mut Vec<Diagnostic>) -> Option<Vec<String>> {
    let names =
        n.as_seq().map(|items| items.iter().map(|i| i.as_str().map(str::to_string)).collect::<Option<Vec<_>>>());
    match names {
        Some(Some(list)) => Some(list),
        _ => {
            diags.push(
                Diagnostic::error(
                    codes::SCENARIO_INVALID,
                    format!(
                        "scenario namespaces is {}, expected a list of names: every namespace is taken to exist",
                        n.type_name()
                    ),
                )
                .at(Some(n.pos))
                .hint("write namespaces: [monitoring, payments]"),
            );
            None
        }
    }
}
