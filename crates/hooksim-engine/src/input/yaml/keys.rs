//! A mapping being built, with its keys by identity: a merge key (`<<`) and a duplicated key cost
//! one lookup each however big the mapping is, so that a pasted mapping of 100,000 keys followed
//! by 1,000 `<<` lines stays linear (issue 16, items 1 and 2).
//!
//! Keys are compared as the API server's decoder compares them: a string key by its text, another
//! scalar (a number, a boolean, null) by its text as written, apart from strings. Keys that are
//! lists or mappings are never equal to another key (Kubernetes rejects them anyway).

use std::collections::{HashMap, HashSet};

use super::{Node, Value};
use crate::common::diagnostics::Pos;

/// Up to this many entries a mapping is searched in place; from then on an index is kept.
const SMALL: usize = 16;

/// A key of the mapping itself written a second time: the last one wins, as in the API server
/// (sigs.k8s.io/yaml decodes a mapping into a Go map, where the later key overwrites).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    /// The later key, the one that wins.
    pub pos: Pos,
    /// The earlier key, which is overridden.
    pub first: Pos,
}

/// A key's identity: 0 for strings, 1 for other scalars (by their text as written).
fn identity(k: &Node) -> Option<(u8, &str)> {
    match &k.value {
        Value::Str(s) => Some((0, s)),
        Value::Seq(_) | Value::Map(_) => None,
        _ => Some((1, k.raw.as_deref().unwrap_or(""))),
    }
}

pub(super) struct MapBuilder {
    pub node: Node,
    pub anchor: usize,
    /// A key waiting for its value.
    pub pending: Option<Node>,
    /// Key identity → index in the entries, once the mapping is no longer small.
    index: Option<HashMap<(u8, String), usize>>,
    /// Entries that came from a merge key: a key of the mapping itself overrides them wherever it
    /// is written, without a duplicate warning.
    merged: HashSet<usize>,
}

impl MapBuilder {
    pub fn new(node: Node, anchor: usize) -> MapBuilder {
        MapBuilder { node, anchor, pending: None, index: None, merged: HashSet::new() }
    }

    fn entries(&mut self) -> &mut Vec<(Node, Node)> {
        match &mut self.node.value {
            Value::Map(entries) => entries,
            _ => unreachable!("a MapBuilder holds a mapping"),
        }
    }

    fn find(&mut self, id: (u8, &str)) -> Option<usize> {
        if self.index.is_none() && self.entries().len() >= SMALL {
            let index = self
                .entries()
                .iter()
                .enumerate()
                .filter_map(|(i, (k, _))| identity(k).map(|(t, s)| ((t, s.to_string()), i)))
                .collect();
            self.index = Some(index);
        }
        match &self.index {
            Some(index) => index.get(&(id.0, id.1.to_string())).copied(),
            None => self.entries().iter().position(|(k, _)| identity(k) == Some(id)),
        }
    }

    fn push(&mut self, key: Node, value: Node) {
        let i = self.entries().len();
        if let (Some(index), Some((t, s))) = (self.index.as_mut(), identity(&key)) {
            index.insert((t, s.to_string()), i);
        }
        self.entries().push((key, value));
    }

    /// A key of the mapping itself and its value. Returns the duplicate when the key was already
    /// written in this mapping (not by a merge key).
    pub fn insert(&mut self, key: Node, value: Node) -> Option<DuplicateKey> {
        let Some(id) = identity(&key) else {
            self.push(key, value);
            return None;
        };
        let Some(i) = self.find(id) else {
            self.push(key, value);
            return None;
        };
        let was_merged = self.merged.remove(&i);
        let entry = &mut self.entries()[i];
        let duplicate = (!was_merged).then(|| DuplicateKey { key: id.1.to_string(), pos: key.pos, first: entry.0.pos });
        *entry = (key, value);
        duplicate
    }

    /// YAML merge keys (`<<: *base`, `<<: [*a, *b]`), as Kubernetes' YAML reader honours them: the
    /// mapping's own keys win over merged ones wherever they are written (before the merge here,
    /// after it in [`MapBuilder::insert`]), and an earlier source wins over a later one.
    pub fn merge(&mut self, value: Node) {
        let sources: Vec<Node> = match value.value {
            Value::Map(_) => vec![value],
            Value::Seq(items) => items,
            _ => return,
        };
        for src in sources {
            let Value::Map(src_entries) = src.value else { continue };
            for (k, v) in src_entries {
                if identity(&k).is_some_and(|id| self.find(id).is_some()) {
                    continue;
                }
                let i = self.entries().len();
                self.merged.insert(i);
                self.push(k, v);
            }
        }
    }
}
