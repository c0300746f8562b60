//! An object's identity in the cluster (group, kind, namespace, name: what Argo CD calls a
//! resource key) and which kinds have no namespace. The cluster stores its live objects by it, and
//! Argo CD's plan and sync name objects with it (R25).

/// The resource key of Argo CD (`group/kind/namespace/name`): an object in the cluster.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub group: String,
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl Key {
    /// `group/kind/name`, as Argo CD names an object in its messages.
    pub fn gkn(&self) -> String {
        format!("{}/{}/{}", self.group, self.kind, self.name)
    }

    /// R25: a live key without namespace (cluster-scoped) matches any target namespace.
    pub fn matches_live(&self, live: &Key) -> bool {
        self.group == live.group
            && self.kind == live.kind
            && self.name == live.name
            && (live.namespace.is_empty() || live.namespace == self.namespace)
    }
}

/// Kinds that live outside namespaces (their live key has no namespace, R25).
pub fn cluster_scoped(kind: &str) -> bool {
    matches!(
        kind,
        "Namespace"
            | "PersistentVolume"
            | "StorageClass"
            | "CustomResourceDefinition"
            | "ClusterRole"
            | "ClusterRoleBinding"
            | "IngressClass"
            | "APIService"
            | "PriorityClass"
            | "ValidatingWebhookConfiguration"
            | "MutatingWebhookConfiguration"
            | "CSIDriver"
            | "RuntimeClass"
            | "ClusterIssuer"
            | "Node"
    )
}
