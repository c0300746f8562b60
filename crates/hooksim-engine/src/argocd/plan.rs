//! Task generation and ordering (argocd-sync.md R18–R34): which (object, phase) tasks a sync has,
//! hook naming, the sort by phase, wave, kind and name, Namespace/CRD bubbling, prune-wave
//! mirroring, PruneLast and the multi-step test.

use crate::input::annotations::SyncPhase;
pub use crate::k8s::object::{cluster_scoped, Key};

/// R28: Helm's install order. Rank = index − 35; kinds not listed rank 0 (after all of these).
pub const KIND_ORDER: [&str; 35] = [
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
];

/// R28: the kind's rank; only the kind string counts, not the group.
pub fn kind_rank(kind: &str) -> i32 {
    match KIND_ORDER.iter().position(|k| *k == kind) {
        Some(i) => i as i32 - 35,
        None => 0,
    }
}

/// R26: the API groups and kinds every Kubernetes API server serves (1.27 to 1.31), so that
/// discovery finds them without a CRD. Versions are not checked: a kind counts whatever its
/// apiVersion (a removed `extensions/v1beta1` Ingress still counts), so that hooksim never
/// reports a built-in kind as unknown. Every kind with a built-in health check (R48) but Argo
/// Workflows' is here.
const BUILTIN_KINDS: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "Binding",
            "ComponentStatus",
            "ConfigMap",
            "Endpoints",
            "Event",
            "LimitRange",
            "Namespace",
            "Node",
            "PersistentVolume",
            "PersistentVolumeClaim",
            "Pod",
            "PodTemplate",
            "ReplicationController",
            "ResourceQuota",
            "Secret",
            "Service",
            "ServiceAccount",
        ],
    ),
    ("apps", &["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"]),
    ("batch", &["CronJob", "Job"]),
    ("autoscaling", &["HorizontalPodAutoscaler"]),
    ("policy", &["PodDisruptionBudget"]),
    ("networking.k8s.io", &["Ingress", "IngressClass", "NetworkPolicy"]),
    ("extensions", &["Ingress", "DaemonSet", "Deployment", "ReplicaSet", "NetworkPolicy"]),
    ("rbac.authorization.k8s.io", &["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]),
    ("storage.k8s.io", &["CSIDriver", "CSINode", "CSIStorageCapacity", "StorageClass", "VolumeAttachment"]),
    ("apiextensions.k8s.io", &["CustomResourceDefinition"]),
    ("apiregistration.k8s.io", &["APIService"]),
    (
        "admissionregistration.k8s.io",
        &[
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
        ],
    ),
    ("scheduling.k8s.io", &["PriorityClass"]),
    ("coordination.k8s.io", &["Lease"]),
    ("node.k8s.io", &["RuntimeClass"]),
    ("discovery.k8s.io", &["EndpointSlice"]),
    ("certificates.k8s.io", &["CertificateSigningRequest"]),
    ("events.k8s.io", &["Event"]),
    ("flowcontrol.apiserver.k8s.io", &["FlowSchema", "PriorityLevelConfiguration"]),
];

/// R26: a kind Kubernetes serves without a CRD.
pub fn builtin_kind(group: &str, kind: &str) -> bool {
    BUILTIN_KINDS.iter().any(|(g, kinds)| *g == group && kinds.contains(&kind))
}

/// R26: an API group Kubernetes serves without a CRD.
pub fn builtin_group(group: &str) -> bool {
    BUILTIN_KINDS.iter().any(|(g, _)| *g == group)
}

/// R22: the name Argo CD gives a `generateName` hook. Go's `strings.ToLower` lowers every
/// letter; here only ASCII ones are (docs/decisions.md): a revision is a commit SHA, a chart
/// version or a digest, and Unicode case tables would add 9 KB (gzipped) to the playground.
pub fn hook_name(generate_name: &str, revision: &str, phase: SyncPhase, started_at_unix: i64) -> String {
    let rev: String =
        if revision.chars().count() >= 8 { revision.chars().take(7).collect() } else { revision.to_string() };
    let postfix = format!("{rev}-{}-{started_at_unix}", phase.as_str()).to_ascii_lowercase();
    format!("{generate_name}{postfix}")
}

/// What the sort and the step logic need of one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub phase: SyncPhase,
    pub wave: i64,
    pub kind: String,
    pub name: String,
    /// Insertion order, to break ties deterministically.
    pub seq: usize,
}

/// R27: phase rank, wave, kind rank, then name (byte-wise). Ties keep input order (Argo CD's
/// `sort.Sort` is unstable there; hooksim picks document order).
pub fn compare(a: &SortKey, b: &SortKey) -> std::cmp::Ordering {
    a.phase
        .rank()
        .cmp(&b.phase.rank())
        .then(a.wave.cmp(&b.wave))
        .then(kind_rank(&a.kind).cmp(&kind_rank(&b.kind)))
        .then(a.name.as_bytes().cmp(b.name.as_bytes()))
        .then(a.seq.cmp(&b.seq))
}

/// R30: the distinct prune waves, sorted, are mirrored among themselves: the i-th smallest
/// becomes the i-th largest. Returns the mapping old → new.
pub fn mirror_prune_waves(waves: &[i64]) -> Vec<(i64, i64)> {
    let mut uniq: Vec<i64> = waves.to_vec();
    crate::common::sort::sort(&mut uniq);
    uniq.dedup();
    let n = uniq.len();
    (0..n).map(|i| (uniq[i], uniq[n - 1 - i])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r28_test_sync_tasks_kind_order() {
        assert_eq!(kind_rank("Namespace"), -35);
        assert_eq!(kind_rank("APIService"), -1);
        assert_eq!(kind_rank("MyCRD"), 0);
        assert!(kind_rank("ConfigMap") < kind_rank("Job"));
    }

    #[test]
    fn r26_builtin_kinds_include_every_health_checked_kind() {
        // Every kind with a built-in health check (R48) is served by Kubernetes itself, except
        // Argo Workflows (a CRD of Argo Workflows).
        for (g, k) in [
            ("apps", "Deployment"),
            ("apps", "StatefulSet"),
            ("apps", "ReplicaSet"),
            ("apps", "DaemonSet"),
            ("extensions", "Ingress"),
            ("networking.k8s.io", "Ingress"),
            ("", "Service"),
            ("", "PersistentVolumeClaim"),
            ("", "Pod"),
            ("batch", "Job"),
            ("autoscaling", "HorizontalPodAutoscaler"),
            ("apiregistration.k8s.io", "APIService"),
        ] {
            assert!(crate::common::health::has_health_check(g, k) && builtin_kind(g, k), "{g}/{k}");
        }
        // And every kind of the R28 order but the removed PodSecurityPolicy and the *List kinds.
        for k in KIND_ORDER.iter().filter(|k| !k.ends_with("List") && **k != "PodSecurityPolicy") {
            assert!(BUILTIN_KINDS.iter().any(|(_, ks)| ks.contains(k)), "{k}");
        }
        assert!(!builtin_kind("argoproj.io", "Workflow"));
        assert!(!builtin_kind("", "Deployment"));
        assert!(builtin_group("") && !builtin_group("monitoring.coreos.com"));
    }

    #[test]
    fn r22_test_unnamed_hooks_get_unique_names() {
        assert_eq!(hook_name("x-", "FooBarBaz", SyncPhase::PreSync, 1700000000), "x-foobarb-presync-1700000000");
        assert_eq!(hook_name("x-", "FooBarBaz", SyncPhase::PostSync, 5), "x-foobarb-postsync-5");
        assert_eq!(hook_name("Job-", "foobar", SyncPhase::PreSync, 5), "Job-foobar-presync-5");
        assert_eq!(hook_name("j", "", SyncPhase::Sync, 5), "j-sync-5");
    }

    #[test]
    fn r27_test_sort_sync_task() {
        let k = |phase, wave, kind: &str, name: &str, seq| SortKey {
            phase,
            wave,
            kind: kind.into(),
            name: name.into(),
            seq,
        };
        let mut v = vec![
            k(SyncPhase::SyncFail, 0, "Pod", "a", 0),
            k(SyncPhase::PostSync, 0, "Pod", "a", 1),
            k(SyncPhase::Sync, 1, "Pod", "a", 2),
            k(SyncPhase::Sync, -1, "", "b", 3),
            k(SyncPhase::Sync, -1, "", "a", 4),
            k(SyncPhase::Sync, -1, "Pod", "a", 5),
            k(SyncPhase::Sync, -1, "Service", "a", 6),
            k(SyncPhase::Sync, -1, "PersistentVolume", "a", 7),
            k(SyncPhase::Sync, -1, "ConfigMap", "a", 8),
            k(SyncPhase::PreSync, 0, "Pod", "a", 9),
        ];
        v.sort_by(compare);
        let order: Vec<usize> = v.iter().map(|k| k.seq).collect();
        assert_eq!(order, vec![9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    }

    #[test]
    fn r30_test_wave_reordering_of_prune_tasks() {
        assert_eq!(mirror_prune_waves(&[0, 1, 2, 3, 4]), vec![(0, 4), (1, 3), (2, 2), (3, 1), (4, 0)]);
        assert_eq!(mirror_prune_waves(&[1, 3, 3, 4, 5]), vec![(1, 5), (3, 4), (4, 3), (5, 1)]);
    }

    #[test]
    fn r25_live_lookup_ignores_namespace_for_cluster_scoped() {
        let t = Key {
            group: "rbac.authorization.k8s.io".into(),
            kind: "ClusterRoleBinding".into(),
            namespace: "app".into(),
            name: "x".into(),
        };
        let mut l = t.clone();
        l.namespace = String::new();
        assert!(t.matches_live(&l));
        l.namespace = "other".into();
        assert!(!t.matches_live(&l));
    }
}
