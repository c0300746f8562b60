//! The scenario's `changes:` as read: what someone else does to the cluster at a given second
//! (`kubectl delete` or `kubectl apply`). Doing them is `world::cluster_changes`'s part.

use crate::common::diagnostics::{codes, Diagnostic, Pos};
use crate::input::yaml::Node;
use crate::report::Time;

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
        let Some(at) = at.filter(|a| (0..=crate::common::time::MAX_SECONDS).contains(a)) else {
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
pub(crate) fn selector_parts(s: &str) -> Option<(&str, Option<&str>, &str)> {
    let parts: Vec<&str> = s.split('/').collect();
    match parts.as_slice() {
        [k, n] if !k.is_empty() && !n.is_empty() => Some((k, None, n)),
        [k, ns, n] if !k.is_empty() && !ns.is_empty() && !n.is_empty() => Some((k, Some(ns), n)),
        _ => None,
    }
}
