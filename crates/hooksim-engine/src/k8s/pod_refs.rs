//! What a pod names that must exist before it can start (k8s-job.md J36–J38), as Kubernetes reads
//! it from the pod spec, and how Kubernetes retries while it is missing: the stages (admission,
//! scheduling, volume mounts, the containers' environment), their reasons and messages, and the
//! retry schedules of kubelet, the volume manager and the Job controller. Pure: the simulated
//! cluster is checked against these in [`crate::world::prerequisites`].

use crate::input::manifest::Manifest;
use crate::input::yaml::Node;
use crate::report::Time;

/// J36: kubelet's pod worker retries a pod whose sync failed after `backOffPeriod` (10 s; the
/// jitter of up to 50 % is left out: the earliest retry is taken). `pkg/kubelet/kubelet.go`
/// `backOffPeriod`, `pkg/kubelet/pod_workers.go` `workerBackOffPeriodJitterFactor`.
pub const KUBELET_SYNC_RETRY: Time = 10;
/// J36: the volume manager's first mount retry (500 ms), doubling per failure
/// (`pkg/util/goroutinemap/exponentialbackoff`, `initialDurationBeforeRetry`).
pub const MOUNT_RETRY_FIRST_MS: i64 = 500;
/// J36: the longest wait between mount retries (2 min 2 s, `maxDurationBeforeRetry`).
pub const MOUNT_RETRY_MAX_MS: i64 = 122_000;
/// J37: the Job controller's API backoff: 1 s doubling to 1 min (`DefaultJobApiBackOff`,
/// `MaxJobApiBackOff` in `pkg/controller/job/job_controller.go`).
pub const JOB_API_BACKOFF_FIRST: Time = 1;
pub const JOB_API_BACKOFF_MAX: Time = 60;

/// The kind of object a pod refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefKind {
    Secret,
    ConfigMap,
    ServiceAccount,
    PersistentVolumeClaim,
}

impl RefKind {
    pub fn kind(self) -> &'static str {
        match self {
            RefKind::Secret => "Secret",
            RefKind::ConfigMap => "ConfigMap",
            RefKind::ServiceAccount => "ServiceAccount",
            RefKind::PersistentVolumeClaim => "PersistentVolumeClaim",
        }
    }

    /// The resource name in the API server's NotFound errors (`secret "x" not found`).
    fn resource(self) -> &'static str {
        match self {
            RefKind::Secret => "secret",
            RefKind::ConfigMap => "configmap",
            RefKind::ServiceAccount => "serviceaccount",
            RefKind::PersistentVolumeClaim => "persistentvolumeclaim",
        }
    }
}

/// Where the start of a pod stops, in the order a cluster checks: admission, scheduling, volume
/// mounts, then the containers' environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// J37: the API server refuses the pod.
    Admission,
    /// J38: the scheduler cannot place the pod.
    Scheduling,
    /// J36: kubelet cannot mount a volume.
    Mount,
    /// J36: kubelet cannot build a container's environment.
    ContainerConfig,
}

impl Stage {
    pub fn rule(self) -> &'static str {
        match self {
            Stage::Admission => "J37",
            Stage::Scheduling => "J38",
            Stage::Mount | Stage::ContainerConfig => "J36",
        }
    }

    /// The reason Kubernetes gives (event reason or container waiting reason).
    pub fn reason(self) -> &'static str {
        match self {
            Stage::Admission => "FailedCreate",
            Stage::Scheduling => "Unschedulable",
            Stage::Mount => "FailedMount",
            Stage::ContainerConfig => "CreateContainerConfigError",
        }
    }

    /// The first retry at or after `now` of something that failed first at `since`.
    pub fn next_retry(self, since: Time, now: Time) -> Time {
        let waited = (now - since).max(0);
        match self {
            // The PersistentVolumeClaim's Add event moves the pod back to the scheduling queue.
            Stage::Scheduling => now,
            Stage::ContainerConfig => {
                let k = ((waited + KUBELET_SYNC_RETRY - 1) / KUBELET_SYNC_RETRY).max(1);
                since.saturating_add(k.saturating_mul(KUBELET_SYNC_RETRY))
            }
            Stage::Mount => {
                let target = waited.saturating_mul(1000);
                let at = doubling_until(MOUNT_RETRY_FIRST_MS, MOUNT_RETRY_MAX_MS, target);
                since.saturating_add((at + 999) / 1000)
            }
            Stage::Admission => {
                since.saturating_add(doubling_until(JOB_API_BACKOFF_FIRST, JOB_API_BACKOFF_MAX, waited))
            }
        }
    }
}

/// The first point of the series first, first + 2·first, … (steps doubling up to `max`, then
/// `max` each) that is at or after `target` (and after 0).
fn doubling_until(first: i64, max: i64, target: i64) -> i64 {
    let mut t = 0i64;
    let mut step = first.max(1);
    loop {
        t = t.saturating_add(step);
        if t >= target {
            return t;
        }
        if step >= max {
            // Constant steps from here: jump.
            let k = (target - t + max - 1) / max;
            return t.saturating_add(k.saturating_mul(max));
        }
        step = step.saturating_mul(2).min(max);
    }
}

/// One object a pod refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodRef {
    pub kind: RefKind,
    pub name: String,
    /// The key read from a Secret or ConfigMap (`secretKeyRef.key`).
    pub key: Option<String>,
    pub stage: Stage,
    /// The volume that names it (J36 mount messages).
    pub volume: Option<String>,
    /// Where the name is written.
    pub pos: crate::common::diagnostics::Pos,
}

impl PodRef {
    /// Kubernetes' message when the object does not exist in namespace `ns`: the API server's
    /// NotFound (`secret "db-creds" not found`), as the admission plugin (J37) or the volume
    /// manager (J36, FailedMount) words it.
    pub fn missing_message(&self, ns: &str) -> String {
        let not_found = format!("{} \"{}\" not found", self.kind.resource(), self.name);
        match self.stage {
            Stage::Admission => format!("error looking up service account {ns}/{}: {not_found}", self.name),
            Stage::Mount => {
                format!(
                    "MountVolume.SetUp failed for volume \"{}\" : {not_found}",
                    self.volume.as_deref().unwrap_or("")
                )
            }
            Stage::Scheduling | Stage::ContainerConfig => not_found,
        }
    }

    /// kubelet's message when the object exists but lacks the key read (J36).
    pub fn missing_key_message(&self, ns: &str, key: &str) -> String {
        format!("couldn't find key {key} in {} {ns}/{}", self.kind.kind(), self.name)
    }
}

/// The pod spec of a Job (`spec.template.spec`) or a Pod (`spec`).
pub fn pod_spec(m: &Manifest) -> Option<&Node> {
    match (m.group.as_str(), m.kind.as_str()) {
        ("batch", "Job") => m.node.path(&["spec", "template", "spec"]),
        ("", "Pod") => m.node.get("spec"),
        _ => None,
    }
}

fn str_at<'n>(n: &'n Node, path: &[&str]) -> Option<&'n str> {
    n.path(path).and_then(Node::as_str).filter(|s| !s.is_empty())
}

fn pos_at(n: &Node, path: &[&str]) -> crate::common::diagnostics::Pos {
    n.path(path).map(|v| v.pos).unwrap_or(n.pos)
}

fn optional(n: &Node) -> bool {
    n.get("optional").and_then(Node::as_bool).unwrap_or(false)
}

fn seq<'n>(n: &'n Node, key: &str) -> &'n [Node] {
    n.get(key).and_then(Node::as_seq).unwrap_or_default()
}

/// The objects a pod spec needs, `optional: true` ones left out, in the order a cluster checks
/// them: the ServiceAccount (admission), claims (scheduling), volumes (mounts), then each
/// container's `envFrom` and `env`, init containers first (kubelet's `makeEnvironmentVariables`
/// reads `envFrom` before `env`).
pub fn pod_refs(spec: &Node) -> Vec<PodRef> {
    let mut out = Vec::new();
    let sa_field =
        if str_at(spec, &["serviceAccountName"]).is_some() { "serviceAccountName" } else { "serviceAccount" };
    // The `default` ServiceAccount is made in every namespace by its controller.
    if let Some(sa) = str_at(spec, &[sa_field]).filter(|s| *s != "default") {
        out.push(PodRef {
            kind: RefKind::ServiceAccount,
            name: sa.to_string(),
            key: None,
            stage: Stage::Admission,
            volume: None,
            pos: pos_at(spec, &[sa_field]),
        });
    }
    let volumes = seq(spec, "volumes");
    let vol_name = |v: &Node| v.get("name").and_then(Node::as_str).map(str::to_string);
    for v in volumes {
        if let Some(claim) = str_at(v, &["persistentVolumeClaim", "claimName"]) {
            out.push(PodRef {
                kind: RefKind::PersistentVolumeClaim,
                name: claim.to_string(),
                key: None,
                stage: Stage::Scheduling,
                volume: vol_name(v),
                pos: pos_at(v, &["persistentVolumeClaim", "claimName"]),
            });
        }
    }
    let mut mount = |kind: RefKind, src: &Node, name_key: &str, volume: Option<String>| {
        if let Some(name) = str_at(src, &[name_key]).filter(|_| !optional(src)) {
            let pos = pos_at(src, &[name_key]);
            out.push(PodRef { kind, name: name.to_string(), key: None, stage: Stage::Mount, volume, pos });
        }
    };
    for v in volumes {
        if let Some(s) = v.get("secret") {
            mount(RefKind::Secret, s, "secretName", vol_name(v));
        }
        if let Some(c) = v.get("configMap") {
            mount(RefKind::ConfigMap, c, "name", vol_name(v));
        }
        for src in v.get("projected").map(|p| seq(p, "sources")).unwrap_or_default() {
            if let Some(s) = src.get("secret") {
                mount(RefKind::Secret, s, "name", vol_name(v));
            }
            if let Some(c) = src.get("configMap") {
                mount(RefKind::ConfigMap, c, "name", vol_name(v));
            }
        }
    }
    for c in seq(spec, "initContainers").iter().chain(seq(spec, "containers")) {
        for from in seq(c, "envFrom") {
            for (field, kind) in [("secretRef", RefKind::Secret), ("configMapRef", RefKind::ConfigMap)] {
                if let Some(r) = from.get(field).filter(|r| !optional(r)) {
                    if let Some(name) = str_at(r, &["name"]) {
                        let (stage, pos) = (Stage::ContainerConfig, pos_at(r, &["name"]));
                        out.push(PodRef { kind, name: name.to_string(), key: None, stage, volume: None, pos });
                    }
                }
            }
        }
        for e in seq(c, "env") {
            for (field, kind) in [("secretKeyRef", RefKind::Secret), ("configMapKeyRef", RefKind::ConfigMap)] {
                if let Some(r) = e.path(&["valueFrom", field]).filter(|r| !optional(r)) {
                    if let Some(name) = str_at(r, &["name"]) {
                        out.push(PodRef {
                            kind,
                            name: name.to_string(),
                            key: str_at(r, &["key"]).map(str::to_string),
                            stage: Stage::ContainerConfig,
                            volume: None,
                            pos: pos_at(r, &["name"]),
                        });
                    }
                }
            }
        }
    }
    out
}

/// Why a pod cannot start: the stage, the object missing and Kubernetes' message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocker {
    pub stage: Stage,
    pub kind: RefKind,
    pub name: String,
    pub message: String,
}

impl Blocker {
    /// `Secret/db-creds`.
    pub fn object(&self) -> String {
        format!("{}/{}", self.kind.kind(), self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// J36: kubelet's pod worker retries 10 s after each failed sync.
    #[test]
    fn j36_container_config_retry_every_10s() {
        assert_eq!(Stage::ContainerConfig.next_retry(0, 0), 10);
        assert_eq!(Stage::ContainerConfig.next_retry(0, 10), 10);
        assert_eq!(Stage::ContainerConfig.next_retry(0, 11), 20);
        assert_eq!(Stage::ContainerConfig.next_retry(5, 42), 45);
    }

    /// J36: mount retries at 0.5, 1.5, 3.5, 7.5 … s, the steps capped at 122 s.
    #[test]
    fn j36_mount_retry_doubles_to_122s() {
        assert_eq!(Stage::Mount.next_retry(0, 1), 2); // 1.5 s, rounded up
        assert_eq!(Stage::Mount.next_retry(0, 3), 4); // 3.5 s
        assert_eq!(Stage::Mount.next_retry(0, 100), 128); // 127.5 s
                                                          // 0.5·(2^8 − 1) = 127.5, then +122 each: 249.5, 371.5.
        assert_eq!(Stage::Mount.next_retry(0, 250), 372);
    }

    /// J37: the Job controller's API backoff: 1, 3, 7, 15, 31, 63 s, then every 60 s.
    #[test]
    fn j37_job_api_backoff() {
        assert_eq!(Stage::Admission.next_retry(0, 0), 1);
        assert_eq!(Stage::Admission.next_retry(0, 2), 3);
        assert_eq!(Stage::Admission.next_retry(0, 40), 63);
        assert_eq!(Stage::Admission.next_retry(0, 64), 123);
    }

    fn spec_of(yaml: &str) -> Vec<PodRef> {
        let node = crate::input::yaml::parse_document(yaml, 0).expect("yaml");
        pod_refs(&node)
    }

    /// J36: optional references are left out; envFrom comes before env.
    #[test]
    fn j36_refs_in_kubelet_order_without_optional_ones() {
        let refs = spec_of(
            "serviceAccountName: migrator\nvolumes:\n- name: data\n  persistentVolumeClaim: {claimName: pg}\n- name: creds\n  secret: {secretName: tls}\n- name: opt\n  configMap: {name: o, optional: true}\n- name: p\n  projected: {sources: [{secret: {name: ps}}, {configMap: {name: pc, optional: true}}]}\ncontainers:\n- name: c\n  env:\n  - name: A\n    valueFrom: {secretKeyRef: {name: db-creds, key: url}}\n  - name: B\n    valueFrom: {configMapKeyRef: {name: cfg, key: b, optional: true}}\n  envFrom:\n  - configMapRef: {name: env-cfg}\n",
        );
        let got: Vec<String> = refs.iter().map(|r| format!("{:?} {}/{}", r.stage, r.kind.kind(), r.name)).collect();
        assert_eq!(
            got,
            [
                "Admission ServiceAccount/migrator",
                "Scheduling PersistentVolumeClaim/pg",
                "Mount Secret/tls",
                "Mount Secret/ps",
                "ContainerConfig ConfigMap/env-cfg",
                "ContainerConfig Secret/db-creds",
            ]
        );
        assert!(spec_of("serviceAccountName: default\ncontainers: [{name: c}]\n").is_empty());
    }
}
