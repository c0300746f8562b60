//! The `hooksim/v1` Scenario document (contract.md §1): settings, live objects, operations and
//! outcomes, with the defaults of the contract and a diagnostic for anything it cannot use.

use std::collections::BTreeMap;

use crate::common::argocd_version::{self as version, ArgoCd, Caps, Choice};
use crate::common::diagnostics::{codes, Diagnostic, Pos};
use crate::common::health::HealthStatus;
use crate::input::attempts::{Attempt, Script};
use crate::input::index_list::{parse_indexes, Intervals};
use crate::input::yaml::{self, Node, Value};
use crate::report::Time;

/// The longest simulated time (`horizonSeconds`): 30 days. A longer horizon is cut to it with a
/// `limit-exceeded` warning.
pub const MAX_HORIZON_SECONDS: Time = 30 * 24 * 3600;
pub use crate::input::sync_policy::Retry;
pub use crate::report::MAX_SECONDS;

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `argocdVersion` as written (the default "3.4" when absent).
    pub argocd_version: String,
    /// The release simulated: `argocd_version` when hooksim knows it (2.0–2.13 with their own
    /// delete hooks, as 2.14 otherwise), else the default.
    pub argocd: ArgoCd,
    /// What that release does where releases differ (§16, J35).
    pub caps: Caps,
    pub kubernetes_version: String,
    /// Minor version of Kubernetes (31 for "1.31").
    pub kube_minor: u32,
    pub wave_delay_seconds: Time,
    pub job_sync_seconds: Time,
    pub pod_seconds: Time,
    pub delete_seconds: Time,
    /// Scripted deletion times by selector (the outcomes' `deleteSeconds`, the scenario's first,
    /// then the operations'): the cluster's, whatever the operation.
    pub delete_after: Vec<(String, DeleteAfter)>,
    pub horizon_seconds: Time,
    pub revision: String,
    pub started_at: i64,
    pub namespace: String,
    pub prune: bool,
    /// The Application's `spec.syncPolicy.syncOptions` (R17): exact strings such as
    /// `CreateNamespace=true`. An operation without `syncOptions` of its own uses these.
    pub sync_options: Vec<String>,
    /// R26: kinds the cluster's API server does not know (no CRD installed): `Kind`,
    /// `group/Kind`, or `*` for every kind that is not built into Kubernetes.
    pub missing_kinds: Vec<String>,
    /// J39: the namespaces that exist in the cluster before the first operation (besides
    /// `default` and the `kube-*` ones). None: every namespace is taken to exist.
    pub namespaces: Option<Vec<String>>,
    /// A2/A3: `syncPolicy.automated` (the Application's, or `settings.automated`); None: every
    /// sync is the Scenario's manual operations.
    pub automated: Option<crate::input::sync_policy::Automated>,
    /// A16: `syncPolicy.retry`: automated syncs default to `{limit: 5}`, manual ones to none.
    pub retry: Option<Retry>,
    /// A26: `controller.sync.timeout.seconds`; 0: no timeout.
    pub sync_timeout_seconds: Time,
    /// A44–A50, issue 17 item 9: how long the controller takes to act on what it watches (a
    /// hook's health, a deletion, a new commit, a drifted object); 0 (the timelines' model) by
    /// default.
    pub reaction_delay_seconds: Time,
    /// A44, A46: `timeout.reconciliation`, the period of the refresh that finds a commit pushed
    /// without a webhook; None: the release's default ([`Settings::poll_period`]); 0: never.
    pub poll_seconds: Option<Time>,
    /// A46: the random delay (`U[0, timeout.reconciliation.jitter)`) each periodic refresh drew,
    /// in order from the first; the ones not given are 0. Releases before 3.0 have no jitter.
    pub poll_jitter: Vec<Time>,
    /// A37 trap 2, Q4: how long an updated child Application's refresh takes (its manifest
    /// generation) before it sees the spec its parent applied; 0: at once (A50).
    pub child_refresh_seconds: Time,
    /// A33: the documented Lua health check for `argoproj.io/Application`
    /// (`resource.customizations.health.argoproj.io_Application`); off by default (A31, A32).
    pub application_health_check: bool,
    /// A37 trap 2's variant (argo-cd #10550, `applicationHealthCheck: synced`): the Lua also
    /// requires `status.sync.status` Synced, Progressing otherwise.
    pub application_health_check_synced: bool,
}

impl Settings {
    /// The value of a scalar setting as the Scenario writes it (`"2"`, `"3.4"`, `"true"`); None
    /// for a list, a mapping, or a key that is no setting.
    pub fn value_text(&self, key: &str) -> Option<String> {
        Some(match key {
            "argocdVersion" => self.argocd_version.clone(),
            "kubernetesVersion" => self.kubernetes_version.clone(),
            "waveDelaySeconds" => self.wave_delay_seconds.to_string(),
            "jobSyncSeconds" => self.job_sync_seconds.to_string(),
            "podSeconds" => self.pod_seconds.to_string(),
            "deleteSeconds" => self.delete_seconds.to_string(),
            "horizonSeconds" => self.horizon_seconds.to_string(),
            "namespace" => self.namespace.clone(),
            "prune" => self.prune.to_string(),
            "syncTimeoutSeconds" => self.sync_timeout_seconds.to_string(),
            "reactionDelaySeconds" => self.reaction_delay_seconds.to_string(),
            "pollSeconds" => self.poll_period().to_string(),
            "childRefreshSeconds" => self.child_refresh_seconds.to_string(),
            "applicationHealthCheck" if self.application_health_check_synced => "synced".to_string(),
            "applicationHealthCheck" => self.application_health_check.to_string(),
            _ => return None,
        })
    }
}

impl Settings {
    /// A44: `timeout.reconciliation` as simulated: the Scenario's `pollSeconds`, else 120 s
    /// (180 s before 3.0).
    pub fn poll_period(&self) -> Time {
        self.poll_seconds.unwrap_or(if self.argocd.major >= 3 { 120 } else { 180 })
    }

    /// A46: the jitter each periodic refresh drew, from the first (`pollJitter`; the ones after
    /// the list drew 0); none before 3.0 (`fe598a831e`).
    pub fn poll_jitters(&self) -> &[Time] {
        match self.argocd.major >= 3 {
            true => &self.poll_jitter,
            false => &[],
        }
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            argocd_version: "3.4".into(),
            argocd: ArgoCd::DEFAULT,
            caps: ArgoCd::DEFAULT.caps(),
            kubernetes_version: "1.31".into(),
            kube_minor: 31,
            wave_delay_seconds: 2,
            job_sync_seconds: 1,
            pod_seconds: 5,
            delete_seconds: 1,
            delete_after: Vec::new(),
            horizon_seconds: 3600,
            revision: "abc1234def5678".into(),
            started_at: 1_700_000_000,
            namespace: "default".into(),
            prune: true,
            sync_options: Vec::new(),
            missing_kinds: Vec::new(),
            namespaces: None,
            automated: None,
            retry: None,
            sync_timeout_seconds: 0,
            reaction_delay_seconds: 0,
            poll_seconds: None,
            poll_jitter: Vec::new(),
            child_refresh_seconds: 0,
            application_health_check: false,
            application_health_check_synced: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpType {
    Sync,
    Delete,
}

/// The sync strategy of an operation (`syncStrategy`): `hook` (the default) or `apply`, which
/// runs no hooks (R21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    #[default]
    Hook,
    Apply,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub ty: OpType,
    pub at: Option<Time>,
    pub terminate_after_seconds: Option<Time>,
    pub retry: Option<Retry>,
    pub outcomes: Outcomes,
    /// The operation's own `syncOptions` (they replace the Application's, as a sync request's
    /// do); None: the Application's (`settings.syncOptions`).
    pub sync_options: Option<Vec<String>>,
    /// R18/R21: a selective sync of these `Kind/name` selectors (empty: the whole application).
    pub resources: Vec<(String, Pos)>,
    pub strategy: Strategy,
    /// R57: the user confirms the pending prunes this long after the start.
    pub confirm_prune_after_seconds: Option<Time>,
    /// The operation's prune flag; None: `settings.prune`.
    pub prune: Option<bool>,
    /// R66, a delete operation: the Application's resources are deleted (false:
    /// `argocd app delete --cascade=false`).
    pub cascade: bool,
    /// R66, a delete operation: `propagationPolicy: background` (default foreground).
    pub background: bool,
    /// Where the operation is written.
    pub pos: Pos,
}

impl Default for Operation {
    fn default() -> Operation {
        Operation {
            ty: OpType::Sync,
            at: None,
            terminate_after_seconds: None,
            retry: None,
            outcomes: Outcomes::new(),
            sync_options: None,
            resources: Vec::new(),
            strategy: Strategy::Hook,
            confirm_prune_after_seconds: None,
            prune: None,
            cascade: true,
            background: false,
            pos: Pos::default(),
        }
    }
}

/// What the cluster does with one manifest.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    pub attempts: Option<Vec<Attempt>>,
    /// J23: attempt lists for some indexes of an Indexed Job (`indexes: {"0": [fail, succeed]}`),
    /// replacing `attempts` for those indexes. Keys are index lists such as "2", "0,3" or "4-6";
    /// no index is in two keys.
    pub indexes: Vec<IndexAttempts>,
    pub health: Option<HealthStatus>,
    pub after_seconds: Time,
    pub message: Option<String>,
    pub apply_error: Option<String>,
    pub dry_run_error: Option<String>,
    /// R26: the project's permission check rejects the task with this message.
    pub validation_error: Option<String>,
    /// Argo Workflow phase: Succeeded | Failed | Error.
    pub phase: Option<String>,
    /// How long the object's deletion takes once requested (`deleteSeconds: N`, or `never`):
    /// a foreground deletion waits for the dependents (a Job's pods) that do not go away
    /// (argo-cd #16446). None: `settings.deleteSeconds`.
    pub delete_after: Option<DeleteAfter>,
    /// The health at given seconds after the apply (`healthOverTime`), replacing `health`.
    pub health_over_time: Vec<crate::input::outcome_script::HealthStep>,
    /// One outcome per creation of the object (`creations`), the last repeating.
    pub creations: Vec<Outcome>,
    pub pos: Pos,
}

/// A scripted deletion time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteAfter {
    Seconds(Time),
    /// The deletion never completes: the object stays with its deletion timestamp.
    Never,
}

/// The attempts scripted for some indexes of an Indexed Job (one key of `indexes`).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexAttempts {
    /// The key as written ("0", "2-4").
    pub key: String,
    pub indexes: Intervals,
    pub attempts: Vec<Attempt>,
    pub pos: Pos,
}

impl Outcome {
    /// What the Job controller runs: `attempts` (per Job, or per index of an Indexed Job), with
    /// the per-index lists of `indexes` (crate::k8s::job::Script).
    pub fn script(&self) -> Script {
        let mut indexes: Vec<(i64, i64, Vec<Attempt>)> = self
            .indexes
            .iter()
            .flat_map(|ia| ia.indexes.iter().map(move |&(a, b)| (a, b, ia.attempts.clone())))
            .collect();
        crate::common::sort::sort_by_key(&mut indexes, |x| x.0);
        Script { attempts: self.attempts.clone().unwrap_or_default(), indexes }
    }
}

pub type Outcomes = BTreeMap<String, Outcome>;

#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub title: Option<String>,
    pub description: Option<String>,
    /// The comparison the scenario suggests (`compare: "argocdVersion=3.0"`, issue 13): what the
    /// playground and the embed compare it with. Not simulated.
    pub compare: Option<String>,
    pub settings: Settings,
    pub live: Vec<Node>,
    /// J36–J39: objects in the cluster that are not the Application's (made by another tool):
    /// a pod can use them, Argo CD never prunes nor deletes them.
    pub existing: Vec<Node>,
    /// What someone else does to the cluster at given seconds (`changes:`).
    pub changes: Vec<crate::input::changes::Change>,
    pub operations: Vec<Operation>,
    pub outcomes: Outcomes,
    /// A8, A9: commits the controller sees during the simulation.
    pub commits: Vec<crate::input::commits::Commit>,
    /// A11: changes to live objects during the simulation.
    pub drift: Vec<crate::input::commits::Drift>,
    /// Whether the document wrote `operations` (with automated sync, none by default).
    pub operations_written: bool,
    /// What the run must end with (`expect:`, read by [`crate::input::expectations::parse`]), for `hooksim
    /// test` and lesson goals; the simulation itself ignores it.
    pub expect: Option<crate::input::expectations::Expectations>,
}

impl Default for Scenario {
    fn default() -> Scenario {
        Scenario {
            title: None,
            description: None,
            compare: None,
            settings: Settings::default(),
            live: Vec::new(),
            existing: Vec::new(),
            changes: Vec::new(),
            operations: vec![Operation::default()],
            outcomes: Outcomes::new(),
            commits: Vec::new(),
            drift: Vec::new(),
            operations_written: false,
            expect: None,
        }
    }
}

/// Applies `--set a.b.c=value` overrides to a scenario tree (created when absent). The value is
/// read as YAML, so `5` is a number and `"5"` a string.
pub fn apply_sets(node: Option<Node>, sets: &[(String, String)], diags: &mut Vec<Diagnostic>) -> Option<Node> {
    if sets.is_empty() {
        return node;
    }
    let mut root =
        node.unwrap_or_else(|| Node { value: Value::Map(Vec::new()), pos: Pos::default(), raw: None, quoted: false });
    for (path, value) in sets {
        let v = yaml::parse_document(value, 0).unwrap_or_else(|_| Node {
            value: Value::Str(value.clone()),
            pos: Pos::default(),
            raw: Some(value.clone()),
            quoted: true,
        });
        let keys: Vec<&str> = path.split('.').collect();
        if !set_path(&mut root, &keys, v) {
            diags.push(
                Diagnostic::error(
                    codes::SCENARIO_INVALID,
                    format!("--set {path}: {path} does not lead to a mapping key"),
                )
                .hint("name a scenario key, such as settings.waveDelaySeconds"),
            );
        }
    }
    Some(root)
}

fn set_path(node: &mut Node, keys: &[&str], value: Node) -> bool {
    let Some((first, rest)) = keys.split_first() else { return false };
    if node.is_null() {
        node.value = Value::Map(Vec::new());
    }
    let Value::Map(entries) = &mut node.value else { return false };
    let idx = match entries.iter().position(|(k, _)| k.as_str() == Some(first)) {
        Some(i) => i,
        None => {
            let key = Node { value: Value::Str(first.to_string()), pos: Pos::default(), raw: None, quoted: false };
            let empty = Node { value: Value::Null, pos: Pos::default(), raw: None, quoted: false };
            entries.push((key, empty));
            entries.len() - 1
        }
    };
    if rest.is_empty() {
        entries[idx].1 = value;
        true
    } else {
        set_path(&mut entries[idx].1, rest, value)
    }
}

/// Reads a Scenario document. Problems become diagnostics; what cannot be read takes its default.
pub fn parse(node: Option<&Node>, diags: &mut Vec<Diagnostic>) -> Scenario {
    let mut sc = Scenario::default();
    let Some(node) = node else { return sc };
    let Some(entries) = node.as_map() else {
        diags.push(
            Diagnostic::error(codes::SCENARIO_INVALID, "the scenario must be a mapping: the defaults are used")
                .at(Some(node.pos))
                .hint("start it with apiVersion: hooksim/v1 and kind: Scenario"),
        );
        return sc;
    };
    let mut r = Reader { diags, app_level_items: Vec::new() };
    for (k, v) in entries {
        match k.as_str().unwrap_or("") {
            "apiVersion" | "kind" => {}
            "metadata" => sc.title = v.get("name").and_then(Node::as_str).map(str::to_string),
            "description" => sc.description = r.string(v, "description"),
            "compare" => sc.compare = r.string(v, "compare"),
            "settings" => r.settings(v, &mut sc.settings),
            "live" => match v.as_seq() {
                Some(items) => {
                    sc.live = items.iter().filter(|n| r.live_object(n)).cloned().collect();
                    // As many live objects as manifests: the pruning of 50,000 must not cost more.
                    if let Some(first_out) = sc.live.get(crate::input::manifest::MAX_OBJECTS) {
                        r.diags.push(
                            Diagnostic::error(
                                codes::LIMIT_EXCEEDED,
                                format!(
                                    "more than {} live objects, the most hooksim simulates: this one and the later ones are left out; the first {} are in the cluster",
                                    crate::input::manifest::MAX_OBJECTS,
                                    crate::input::manifest::MAX_OBJECTS
                                ),
                            )
                            .at(Some(first_out.pos))
                            .hint("keep the live objects the scenario is about"),
                        );
                        sc.live.truncate(crate::input::manifest::MAX_OBJECTS);
                    }
                }
                None if v.is_null() => {}
                None => r.wrong(v, "live", "a list of manifests"),
            },
            "commits" => sc.commits = crate::input::commits::read_commits(v, r.diags),
            "drift" => sc.drift = crate::input::commits::read_drift(v, r.diags),
            "operations" => match v.as_seq() {
                Some(items) => {
                    sc.operations_written = true;
                    sc.operations = items.iter().filter_map(|o| r.operation(o)).collect();
                }
                None if v.is_null() => {}
                None => r.wrong(v, "operations", "a list"),
            },
            "outcomes" => sc.outcomes = r.outcomes(v),
            "existing" => sc.existing = crate::input::existing::read_existing(v, r.diags),
            "changes" => sc.changes = crate::input::changes::read(v, r.diags),
            "expect" => sc.expect = Some(crate::input::expectations::parse(v, r.diags)),
            other => r.unknown(
                k,
                other,
                "scenario",
                &[
                    "apiVersion",
                    "kind",
                    "metadata",
                    "description",
                    "compare",
                    "settings",
                    "live",
                    "existing",
                    "operations",
                    "outcomes",
                    "commits",
                    "drift",
                    "changes",
                    "expect",
                ],
            ),
        }
    }
    let scripted = sc.outcomes.iter().chain(sc.operations.iter().flat_map(|op| op.outcomes.iter()));
    for (key, o) in scripted {
        if let Some(d) = o.delete_after.filter(|_| !sc.settings.delete_after.iter().any(|(k, _)| k == key)) {
            sc.settings.delete_after.push((key.clone(), d));
        }
    }
    // R17, §16: the Application's Prune=/Delete= count from 3.4.0 (b7e2027f35, #23370).
    if !sc.settings.caps.app_level_prune_and_delete {
        for (text, pos) in std::mem::take(&mut r.app_level_items) {
            r.diags.push(
                Diagnostic::warning(
                    codes::SYNC_OPTION_IGNORED,
                    format!(
                        "Argo CD {} ignores {text} among the Application's or a sync's options: only a resource's own argocd.argoproj.io/sync-options annotation counts before 3.4.0",
                        sc.settings.argocd
                    ),
                )
                .at(Some(pos))
                .hint("write it on the resources (argocd.argoproj.io/sync-options), or simulate 3.4 (argo-cd #23370)"),
            );
        }
    }
    sc
}

struct Reader<'a> {
    diags: &'a mut Vec<Diagnostic>,
    /// The Application-level `Prune=`/`Delete=` items read, which exist only from 3.4.0: checked
    /// once the version is known.
    app_level_items: Vec<(String, Pos)>,
}

impl Reader<'_> {
    fn wrong(&mut self, n: &Node, key: &str, expected: &str) {
        self.diags.push(
            Diagnostic::error(
                codes::SCENARIO_INVALID,
                format!("scenario {key} is {}, expected {expected}: the default is used", n.type_name()),
            )
            .at(Some(n.pos))
            .hint(format!("write {key} as {expected}")),
        );
    }

    /// A `live:` entry the simulation can use: a mapping with kind and metadata.name.
    fn live_object(&mut self, n: &Node) -> bool {
        let kind = n.get("kind").and_then(Node::as_str).unwrap_or("");
        let name = n.path(&["metadata", "name"]).and_then(Node::as_str).unwrap_or("");
        if !kind.is_empty() && !name.is_empty() {
            return true;
        }
        self.diags.push(
            Diagnostic::error(codes::SCENARIO_INVALID, "a live object needs kind and metadata.name: it is left out")
                .at(Some(n.pos))
                .hint("write live objects as full manifests (apiVersion, kind, metadata.name)"),
        );
        false
    }

    fn unknown(&mut self, k: &Node, key: &str, within: &str, known: &[&str]) {
        self.diags.push(
            Diagnostic::warning(
                codes::SCENARIO_UNKNOWN_KEY,
                format!("unknown key \"{key}\" in {within}: it is ignored"),
            )
            .at(Some(k.pos))
            .hint(format!("known keys: {}", known.join(", "))),
        );
    }

    fn int(&mut self, n: &Node, key: &str, min: i64) -> Option<i64> {
        match n.as_i64() {
            Some(i) if i > MAX_SECONDS => {
                self.diags.push(
                    Diagnostic::error(
                        codes::SCENARIO_INVALID,
                        format!("scenario {key} is {i}, more than {MAX_SECONDS}: the default is used"),
                    )
                    .at(Some(n.pos))
                    .hint(format!("use a whole number from {min} to {MAX_SECONDS}")),
                );
                None
            }
            Some(i) if i >= min => Some(i),
            Some(_) => {
                self.diags.push(
                    Diagnostic::error(
                        codes::SCENARIO_INVALID,
                        format!("scenario {key} must be at least {min}: the default is used"),
                    )
                    .at(Some(n.pos))
                    .hint(format!("use a whole number from {min} up")),
                );
                None
            }
            None => {
                self.wrong(n, key, "a whole number of seconds");
                None
            }
        }
    }

    fn string(&mut self, n: &Node, key: &str) -> Option<String> {
        match &n.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(_) | Value::Float => n.raw.clone(),
            _ => {
                self.wrong(n, key, "a string");
                None
            }
        }
    }

    fn settings(&mut self, n: &Node, s: &mut Settings) {
        let Some(entries) = n.as_map() else {
            if !n.is_null() {
                self.wrong(n, "settings", "a mapping");
            }
            return;
        };
        for (k, v) in entries {
            let key = k.as_str().unwrap_or("");
            match key {
                "argocdVersion" => {
                    if let Some(x) = self.string(v, key) {
                        self.argocd_version(v, &x, s);
                    }
                }
                "kubernetesVersion" => {
                    if let Some(x) = self.string(v, key) {
                        match parse_minor(&x) {
                            Some(m) => {
                                s.kube_minor = m;
                                s.kubernetes_version = x;
                            }
                            None => self.wrong(v, key, "a version such as \"1.31\""),
                        }
                    }
                }
                "waveDelaySeconds" => s.wave_delay_seconds = self.int(v, key, 0).unwrap_or(s.wave_delay_seconds),
                "jobSyncSeconds" => s.job_sync_seconds = self.int(v, key, 0).unwrap_or(s.job_sync_seconds),
                "podSeconds" => s.pod_seconds = self.int(v, key, 0).unwrap_or(s.pod_seconds),
                "deleteSeconds" => s.delete_seconds = self.int(v, key, 0).unwrap_or(s.delete_seconds),
                "horizonSeconds" => {
                    s.horizon_seconds = self.int(v, key, 1).unwrap_or(s.horizon_seconds);
                    if s.horizon_seconds > MAX_HORIZON_SECONDS {
                        self.diags.push(
                            Diagnostic::warning(
                                codes::LIMIT_EXCEEDED,
                                format!(
                                    "horizonSeconds {} is more than hooksim simulates ({MAX_HORIZON_SECONDS} s, 30 days): the simulation stops at {MAX_HORIZON_SECONDS} s, and what still runs then is reported Running",
                                    s.horizon_seconds
                                ),
                            )
                            .at(Some(v.pos))
                            .hint(format!("use a horizon of at most {MAX_HORIZON_SECONDS} seconds")),
                        );
                        s.horizon_seconds = MAX_HORIZON_SECONDS;
                    }
                }
                "revision" => s.revision = self.string(v, key).unwrap_or_default(),
                "startedAt" => s.started_at = self.int(v, key, 0).unwrap_or(s.started_at),
                "namespace" => s.namespace = self.string(v, key).unwrap_or(s.namespace.clone()),
                "prune" => match v.as_bool() {
                    Some(b) => s.prune = b,
                    None => self.wrong(v, key, "true or false"),
                },
                "syncOptions" => s.sync_options = self.sync_options(v, "settings.syncOptions").unwrap_or_default(),
                "missingKinds" => s.missing_kinds = self.missing_kinds(v),
                "namespaces" => s.namespaces = crate::input::existing::read_namespaces(v, self.diags),
                "automated" => s.automated = crate::input::sync_policy::read_scenario_automated(v, self.diags),
                "retry" => s.retry = if v.is_null() { None } else { self.retry(v) },
                "syncTimeoutSeconds" => s.sync_timeout_seconds = self.int(v, key, 0).unwrap_or(0),
                "reactionDelaySeconds" => s.reaction_delay_seconds = self.int(v, key, 0).unwrap_or(0),
                "pollSeconds" => s.poll_seconds = if v.is_null() { None } else { self.int(v, key, 0) },
                "pollJitter" => s.poll_jitter = self.poll_jitter(v),
                "childRefreshSeconds" => s.child_refresh_seconds = self.int(v, key, 0).unwrap_or(0),
                "applicationHealthCheck" => match (v.as_bool(), v.as_str()) {
                    (Some(b), _) => {
                        s.application_health_check = b;
                        s.application_health_check_synced = false;
                    }
                    (None, Some("synced")) => {
                        s.application_health_check = true;
                        s.application_health_check_synced = true;
                    }
                    _ => self.wrong(v, key, "true, false or synced"),
                },
                _ => self.unknown(k, key, "settings", &crate::input::settings::keys().collect::<Vec<_>>()),
            }
        }
        if s.argocd.major < 3 && !s.poll_jitter.is_empty() {
            let at = entries.iter().find(|(k, _)| k.as_str() == Some("pollJitter")).map(|(k, _)| k.pos);
            self.diags.push(
                Diagnostic::warning(
                    codes::SCENARIO_INVALID,
                    format!(
                        "Argo CD {} adds no jitter to its periodic refresh (timeout.reconciliation.jitter came in 3.0): pollJitter is ignored",
                        s.argocd
                    ),
                )
                .at(at)
                .hint("remove pollJitter, or simulate Argo CD 3.0 or later"),
            );
        }
    }

    /// `pollJitter: [25, 10]`: seconds, one per periodic refresh.
    fn poll_jitter(&mut self, v: &Node) -> Vec<Time> {
        if v.is_null() {
            return Vec::new();
        }
        let Some(items) = v.as_seq() else {
            self.wrong(v, "pollJitter", "a list of seconds such as [25, 10]");
            return Vec::new();
        };
        items.iter().map(|i| self.int(i, "pollJitter[]", 0).unwrap_or(0)).collect()
    }

    /// `argocdVersion`: a release hooksim simulates (2.0–2.13 with a note on what runs as 2.14),
    /// and anything else as the default, each time with a diagnostic saying so.
    fn argocd_version(&mut self, v: &Node, x: &str, s: &mut Settings) {
        let supported = version::supported_range();
        let chosen = match version::choose(x) {
            Choice::Supported(a) => a,
            Choice::Older2x(a) => {
                self.diags.push(
                    Diagnostic::info(
                        codes::NOT_MODELLED,
                        format!(
                            "Argo CD {a} is simulated with its own delete hooks, but as 2.14 where {}",
                            version::OLDER_2X_DIFFERENCES
                        ),
                    )
                    .at(Some(v.pos)),
                );
                a
            }
            Choice::Unknown(a) => {
                self.diags.push(
                    Diagnostic::warning(
                        codes::NOT_MODELLED,
                        format!(
                            "Argo CD {a} is not a release hooksim models: it simulates the default, {}",
                            ArgoCd::DEFAULT
                        ),
                    )
                    .at(Some(v.pos))
                    .hint(format!("hooksim simulates Argo CD {supported}")),
                );
                ArgoCd::DEFAULT
            }
            Choice::Invalid => {
                self.diags.push(
                    Diagnostic::error(
                        codes::SCENARIO_INVALID,
                        format!(
                            "scenario argocdVersion \"{x}\" is not a version such as \"3.4\": the default, {}, is used",
                            ArgoCd::DEFAULT
                        ),
                    )
                    .at(Some(v.pos))
                    .hint(format!("write major.minor (or major.minor.patch) of a release: {supported}")),
                );
                ArgoCd::DEFAULT
            }
        };
        s.argocd_version = x.to_string();
        s.argocd = chosen;
        s.caps = chosen.caps();
    }

    fn operation(&mut self, n: &Node) -> Option<Operation> {
        let Some(entries) = n.as_map() else {
            self.wrong(n, "operations[]", "a mapping such as {type: sync}");
            return None;
        };
        let mut op = Operation { pos: n.pos, ..Operation::default() };
        for (k, v) in entries {
            let key = k.as_str().unwrap_or("");
            match key {
                "type" => match v.as_str() {
                    Some("sync") => op.ty = OpType::Sync,
                    Some("delete") => op.ty = OpType::Delete,
                    _ => self.wrong(v, "operation type", "sync or delete"),
                },
                "at" => op.at = if v.is_null() { None } else { self.int(v, key, 0) },
                "terminateAfterSeconds" => {
                    op.terminate_after_seconds = if v.is_null() { None } else { self.int(v, key, 0) }
                }
                "retry" => op.retry = if v.is_null() { None } else { self.retry(v) },
                "outcomes" => op.outcomes = self.outcomes(v),
                "syncOptions" => op.sync_options = self.sync_options(v, "operation syncOptions"),
                "resources" => op.resources = self.resources(v),
                "strategy" => match v.as_str() {
                    Some("hook") => op.strategy = Strategy::Hook,
                    Some("apply") => op.strategy = Strategy::Apply,
                    None if v.is_null() => {}
                    _ => self.wrong(v, "strategy", "hook or apply"),
                },
                "confirmPruneAfterSeconds" => {
                    op.confirm_prune_after_seconds = if v.is_null() { None } else { self.int(v, key, 0) }
                }
                "prune" => match v.as_bool() {
                    Some(b) => op.prune = Some(b),
                    None if v.is_null() => {}
                    None => self.wrong(v, "prune", "true or false"),
                },
                "cascade" => match v.as_bool() {
                    Some(b) => op.cascade = b,
                    None => self.wrong(v, "cascade", "true or false"),
                },
                "propagationPolicy" => match v.as_str() {
                    Some("foreground") => op.background = false,
                    Some("background") => op.background = true,
                    _ => self.wrong(v, "propagationPolicy", "foreground or background"),
                },
                _ => self.unknown(
                    k,
                    key,
                    "operation",
                    &[
                        "type",
                        "at",
                        "terminateAfterSeconds",
                        "retry",
                        "outcomes",
                        "syncOptions",
                        "resources",
                        "strategy",
                        "confirmPruneAfterSeconds",
                        "prune",
                        "cascade",
                        "propagationPolicy",
                    ],
                ),
            }
        }
        if op.ty == OpType::Delete {
            self.not_for_delete(entries);
        } else {
            for (k, _) in entries {
                let key = k.as_str().unwrap_or("");
                if matches!(key, "cascade" | "propagationPolicy") {
                    self.diags.push(
                        Diagnostic::warning(
                            codes::SCENARIO_UNKNOWN_KEY,
                            format!("\"{key}\" belongs to an Application deletion: a sync ignores it"),
                        )
                        .at(Some(k.pos))
                        .hint("move it to a type: delete operation"),
                    );
                }
            }
        }
        Some(op)
    }

    /// Keys of a sync that a `delete` operation (Application deletion, R66) does not read.
    fn not_for_delete(&mut self, entries: &[(Node, Node)]) {
        for (k, _) in entries {
            let key = k.as_str().unwrap_or("");
            if matches!(key, "syncOptions" | "resources" | "strategy" | "confirmPruneAfterSeconds" | "prune") {
                self.diags.push(
                    Diagnostic::warning(
                        codes::SCENARIO_UNKNOWN_KEY,
                        format!("\"{key}\" belongs to a sync: a delete operation (Application deletion) ignores it"),
                    )
                    .at(Some(k.pos))
                    .hint("move it to a type: sync operation; the Application's Delete=false is read from settings.syncOptions"),
                );
            }
        }
    }

    /// R17: a list of sync options, each checked as Argo CD compares them (exact strings).
    fn sync_options(&mut self, n: &Node, key: &str) -> Option<Vec<String>> {
        if n.is_null() {
            return None;
        }
        let Some(items) = n.as_seq() else {
            self.wrong(n, key, "a list such as [CreateNamespace=true, ApplyOutOfSyncOnly=true]");
            return None;
        };
        let mut out = Vec::new();
        for item in items {
            let Some(text) = item.as_str() else {
                self.wrong(item, key, "a list of strings such as CreateNamespace=true");
                continue;
            };
            if let Some(d) = crate::input::annotations::app_sync_option_diagnostic(text) {
                self.diags.push(d.at(Some(item.pos)));
            }
            if ["Prune=false", "Prune=confirm", "Delete=false"].contains(&text) {
                self.app_level_items.push((text.to_string(), item.pos));
            }
            out.push(text.to_string());
        }
        Some(out)
    }

    /// R18: the `Kind/name` selectors of a selective sync.
    fn resources(&mut self, n: &Node) -> Vec<(String, Pos)> {
        if n.is_null() {
            return Vec::new();
        }
        let Some(items) = n.as_seq() else {
            self.wrong(n, "resources", "a list of Kind/name selectors such as [Deployment/web]");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.scalar_text() {
                Some(sel) if sel.split_once('/').is_some_and(|(k, name)| !k.is_empty() && !name.is_empty()) => {
                    out.push((sel, item.pos))
                }
                _ => self.diags.push(
                    Diagnostic::error(
                        codes::SCENARIO_INVALID,
                        "a resource of a selective sync must look like Kind/name: it is left out".to_string(),
                    )
                    .at(Some(item.pos))
                    .hint("write Kind/name, such as Deployment/web"),
                ),
            }
        }
        out
    }

    /// R26: `Kind`, `group/Kind` or `*`.
    fn missing_kinds(&mut self, n: &Node) -> Vec<String> {
        if n.is_null() {
            return Vec::new();
        }
        let Some(items) = n.as_seq() else {
            self.wrong(n, "missingKinds", "a list such as [ServiceMonitor, cert-manager.io/Certificate]");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let kind_ok = |k: &str| k.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && !k.contains('/');
            match item.as_str() {
                Some(s) if s == "*" || kind_ok(s.rsplit('/').next().unwrap_or("")) && !s.starts_with('/') => {
                    out.push(s.to_string())
                }
                _ => self.diags.push(
                    Diagnostic::error(
                        codes::SCENARIO_INVALID,
                        "a missing kind must be Kind, group/Kind or *: it is left out".to_string(),
                    )
                    .at(Some(item.pos))
                    .hint("write the kind as in the manifest, e.g. ServiceMonitor or monitoring.coreos.com/ServiceMonitor"),
                ),
            }
        }
        out
    }

    fn retry(&mut self, n: &Node) -> Option<Retry> {
        let Some(entries) = n.as_map() else {
            self.wrong(n, "retry", "a mapping such as {limit: 2}");
            return None;
        };
        // Argo CD's defaults: backoff 5 s, factor 2, at most 3 min.
        let mut r = Retry::default();
        for (k, v) in entries {
            let key = k.as_str().unwrap_or("");
            match key {
                // A17: a negative limit retries for ever.
                "limit" => r.limit = self.int(v, key, -MAX_SECONDS).unwrap_or(0),
                "backoffSeconds" => r.backoff_seconds = self.int(v, key, 0).unwrap_or(5),
                "factor" => r.factor = self.int(v, key, 1).unwrap_or(2),
                "maxBackoffSeconds" => r.max_backoff_seconds = self.int(v, key, 0).unwrap_or(180),
                // A16: Argo CD's own form, as in the Application's syncPolicy.retry.
                "backoff" | "refresh" => crate::input::sync_policy::read_retry_field(key, v, &mut r, self.diags),
                _ => self.unknown(
                    k,
                    key,
                    "retry",
                    &["limit", "backoffSeconds", "factor", "maxBackoffSeconds", "backoff", "refresh"],
                ),
            }
        }
        Some(r)
    }

    fn outcomes(&mut self, n: &Node) -> Outcomes {
        let mut out = Outcomes::new();
        let Some(entries) = n.as_map() else {
            if !n.is_null() {
                self.wrong(n, "outcomes", "a mapping of \"Kind/name\" keys");
            }
            return out;
        };
        for (k, v) in entries {
            let Some(key) = k.scalar_text() else { continue };
            if !key.contains('/') {
                self.diags.push(
                    Diagnostic::error(
                        codes::SCENARIO_INVALID,
                        format!("outcome key \"{key}\" must look like Kind/name: the outcome is left out"),
                    )
                    .at(Some(k.pos))
                    .hint("write Kind/name, such as Job/db-migrate (Kind/generateName for generateName hooks)"),
                );
                continue;
            }
            if let Some(o) = self.outcome(v, &key) {
                out.insert(key, Outcome { pos: k.pos, ..o });
            }
        }
        out
    }

    fn outcome(&mut self, n: &Node, key: &str) -> Option<Outcome> {
        let Some(entries) = n.as_map() else {
            self.wrong(n, key, "a mapping such as {attempts: [fail, succeed]}");
            return None;
        };
        let mut o = Outcome::default();
        for (k, v) in entries {
            let field = k.as_str().unwrap_or("");
            match field {
                "attempts" => o.attempts = self.attempt_list(v),
                "indexes" => o.indexes = self.index_attempts(v, key),
                "health" => match v.as_str().and_then(HealthStatus::parse) {
                    Some(h) => o.health = Some(h),
                    None => self.wrong(v, "health", "Healthy, Progressing, Degraded, Suspended, Missing or Unknown"),
                },
                "afterSeconds" => o.after_seconds = self.int(v, field, 0).unwrap_or(0),
                "message" => o.message = self.string(v, field),
                "applyError" => o.apply_error = self.string(v, field),
                "dryRunError" => o.dry_run_error = self.string(v, field),
                "validationError" => o.validation_error = self.string(v, field),
                "deleteSeconds" => match v.as_str() {
                    Some("never") => o.delete_after = Some(DeleteAfter::Never),
                    _ => match v.as_i64() {
                        Some(_) => o.delete_after = self.int(v, field, 0).map(DeleteAfter::Seconds),
                        None => self.wrong(v, field, "a number of seconds, or never"),
                    },
                },
                "phase" => match v.as_str() {
                    Some(p @ ("Succeeded" | "Failed" | "Error")) => o.phase = Some(p.to_string()),
                    _ => self.wrong(v, "phase", "Succeeded, Failed or Error"),
                },
                "healthOverTime" => {
                    o.health_over_time = crate::input::outcome_script::read_health_over_time(v, self.diags)
                }
                "creations" => match v.as_seq() {
                    Some(items) => o.creations = items.iter().filter_map(|c| self.outcome(c, key)).collect(),
                    None => self.wrong(v, "creations", "a list of outcomes, one per creation"),
                },
                _ => self.unknown(
                    k,
                    field,
                    &format!("outcome {key}"),
                    &[
                        "attempts",
                        "indexes",
                        "health",
                        "afterSeconds",
                        "message",
                        "applyError",
                        "dryRunError",
                        "validationError",
                        "deleteSeconds",
                        "phase",
                        "healthOverTime",
                        "creations",
                    ],
                ),
            }
        }
        Some(o)
    }

    /// A list of attempts; a single entry is taken as a list of one.
    fn attempt_list(&mut self, v: &Node) -> Option<Vec<Attempt>> {
        match v.as_seq() {
            Some(items) => Some(items.iter().filter_map(|a| self.attempt(a)).collect()),
            None => self.attempt(v).map(|a| vec![a]),
        }
    }

    /// J23: `indexes: {"0": [fail, succeed], "2-4": [fail]}`. A key that is not an index list, or
    /// names an index another key names, is an error and its entry is left out.
    fn index_attempts(&mut self, n: &Node, outcome: &str) -> Vec<IndexAttempts> {
        let Some(entries) = n.as_map() else {
            if !n.is_null() {
                self.wrong(n, "indexes", "a mapping of index lists to attempts, such as {\"0\": [fail, succeed]}");
            }
            return Vec::new();
        };
        let mut out: Vec<IndexAttempts> = Vec::new();
        let parsed: Vec<(String, Result<_, String>)> = entries
            .iter()
            .map(|(k, _)| {
                let key = k.scalar_text().unwrap_or_default();
                let indexes = parse_indexes(&key, i64::MAX);
                (key, indexes)
            })
            .collect();
        // The intervals of the keys in `out` (disjoint: a key that overlaps is left out).
        let starts = parsed.iter().filter_map(|(_, r)| r.as_ref().ok()).flat_map(|(iv, _)| iv.iter().map(|iv| iv.0));
        let mut taken = crate::input::index_claims::Claims::new(starts.collect());
        for ((k, v), (key, indexes)) in entries.iter().zip(parsed) {
            let indexes = match indexes {
                Ok((iv, _)) if !iv.is_empty() => iv,
                Ok(_) => {
                    self.index_key_error(k, outcome, &key, "it names no index".into());
                    continue;
                }
                Err(e) => {
                    self.index_key_error(k, outcome, &key, e);
                    continue;
                }
            };
            // The overlap reported is the first in key order, then in each key's interval order
            // (earlier key, its interval, this key's interval).
            let first = indexes
                .iter()
                .enumerate()
                .filter_map(|(j, &(c, d))| taken.first_overlap(c, d).map(|((o, pos), a)| ((o, pos, j), a.max(c))))
                .min();
            if let Some(((o, _, _), ix)) = first {
                let other = &out[o].key;
                self.index_key_error(k, outcome, &key, format!("index {ix} is already scripted by \"{other}\""));
                continue;
            }
            let Some(attempts) = self.attempt_list(v) else { continue };
            for (pos, &(a, b)) in indexes.iter().enumerate() {
                taken.claim(a, b, (out.len(), pos));
            }
            out.push(IndexAttempts { key, indexes, attempts, pos: k.pos });
        }
        out
    }

    fn index_key_error(&mut self, k: &Node, outcome: &str, key: &str, why: String) {
        self.diags.push(
            Diagnostic::error(
                codes::SCENARIO_INVALID,
                format!("outcome {outcome}: indexes key \"{key}\" is not usable ({why}): its attempts are left out"),
            )
            .at(Some(k.pos))
            .hint("write index lists such as \"0\", \"1,3\" or \"2-4\", each index in one key only"),
        );
    }

    fn attempt(&mut self, n: &Node) -> Option<Attempt> {
        if let Some(s) = n.as_str() {
            return match s {
                "succeed" => Some(Attempt::Run { exit_code: 0, seconds: None, oom: false }),
                "fail" => Some(Attempt::Run { exit_code: 1, seconds: None, oom: false }),
                "oomKilled" => Some(Attempt::Run { exit_code: 137, seconds: None, oom: true }),
                "imagePullBackOff" => Some(Attempt::ImagePullBackOff),
                "hang" => Some(Attempt::Hang),
                _ => {
                    self.diags.push(
                        Diagnostic::error(codes::SCENARIO_INVALID, format!("unknown attempt \"{s}\": it is left out"))
                            .at(Some(n.pos))
                            .hint("use succeed, fail, oomKilled, imagePullBackOff, hang or {exitCode: N, seconds: S}"),
                    );
                    None
                }
            };
        }
        let Some(entries) = n.as_map() else {
            self.wrong(n, "attempt", "succeed, fail, oomKilled, imagePullBackOff, hang or {exitCode: N, seconds: S}");
            return None;
        };
        let mut exit_code = 0i32;
        let mut seconds = None;
        for (k, v) in entries {
            let field = k.as_str().unwrap_or("");
            match field {
                "exitCode" => match v.as_i64() {
                    Some(c) if (0..=255).contains(&c) => exit_code = c as i32,
                    _ => self.wrong(v, "exitCode", "a number from 0 to 255"),
                },
                "seconds" => seconds = self.int(v, field, 0),
                _ => self.unknown(k, field, "attempt", &["exitCode", "seconds"]),
            }
        }
        Some(Attempt::Run { exit_code, seconds, oom: false })
    }
}

/// "1.31" → 31, "3.4" → 4, "v1.28.3" → 28.
fn parse_minor(v: &str) -> Option<u32> {
    let v = v.trim_start_matches('v');
    let mut parts = v.split('.');
    parts.next()?.parse::<u32>().ok()?;
    parts.next()?.parse::<u32>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::yaml::parse_document;

    fn sc(y: &str) -> (Scenario, Vec<Diagnostic>) {
        let n = parse_document(y, 0).unwrap();
        let mut d = Vec::new();
        (parse(Some(&n), &mut d), d)
    }

    /// A44, A46: the poll period by release, each resync's jitter, and a commit's webhook.
    #[test]
    fn a46_poll_settings_and_webhook() {
        let (s, d) = sc("settings: {pollJitter: [25, 10]}\ncommits: [{at: 50, revision: def5678, webhook: false}]\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.settings.poll_period(), 120);
        assert_eq!(s.settings.poll_jitters(), [25, 10]);
        assert!(!s.commits[0].webhook);
        let (s, _) = sc("commits: [{at: 50, revision: def5678}]\n");
        assert!(s.commits[0].webhook, "a commit has a webhook by default");
        // Before 3.0: 180 s, and no jitter (a warning if one is given).
        let (s, d) = sc("settings: {argocdVersion: '2.14', pollJitter: [25]}\n");
        assert_eq!((s.settings.poll_period(), s.settings.poll_jitters()), (180, &[][..]));
        assert!(d.iter().any(|d| d.message.contains("pollJitter is ignored")), "{d:?}");
        let (s, d) = sc("settings: {pollSeconds: 0, pollJitter: 5}\ncommits: [{at: 1, revision: a, webhook: maybe}]\n");
        assert_eq!(s.settings.poll_period(), 0);
        assert!(s.settings.poll_jitter.is_empty());
        assert!(s.commits[0].webhook);
        let texts: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert!(texts.iter().any(|t| t.contains("pollJitter is an integer")), "{texts:?}");
        assert!(texts.iter().any(|t| t.contains("webhook is true or false")), "{texts:?}");
    }

    #[test]
    fn defaults_are_the_contracts() {
        let (s, d) = sc("apiVersion: hooksim/v1\nkind: Scenario\n");
        assert!(d.is_empty());
        assert_eq!(s, Scenario::default());
        assert_eq!(s.settings.wave_delay_seconds, 2);
        assert_eq!(s.operations.len(), 1);
    }

    #[test]
    fn reads_the_contract_example() {
        let (s, d) = sc(r#"
metadata: {name: presync-fails-twice}
settings: {waveDelaySeconds: 5, kubernetesVersion: "1.27", prune: false}
operations:
  - type: sync
    terminateAfterSeconds: 30
    retry: {limit: 2}
  - type: delete
outcomes:
  Job/db-migrate:
    attempts: [fail, {exitCode: 1, seconds: 30}, succeed, oomKilled]
  Deployment/web: {health: Progressing, afterSeconds: 20}
  Workflow/smoke: {phase: Failed, afterSeconds: 10}
"#);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.title.as_deref(), Some("presync-fails-twice"));
        assert_eq!(s.settings.kube_minor, 27);
        assert!(!s.settings.prune);
        assert_eq!(s.operations[0].retry.as_ref().unwrap().backoff_seconds, 5);
        assert_eq!(s.operations[1].ty, OpType::Delete);
        let a = s.outcomes["Job/db-migrate"].attempts.clone().unwrap();
        assert_eq!(a[1], Attempt::Run { exit_code: 1, seconds: Some(30), oom: false });
        assert_eq!(a[3], Attempt::Run { exit_code: 137, seconds: None, oom: true });
        assert_eq!(s.outcomes["Deployment/web"].health, Some(HealthStatus::Progressing));
    }

    #[test]
    fn problems_are_diagnostics_not_failures() {
        let (s, d) = sc(
            "settings: {waveDelaySeconds: two, bogus: 1}\noutcomes:\n  Job/x: {attempts: [explode], helth: Healthy}\n",
        );
        assert_eq!(s.settings.wave_delay_seconds, 2);
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            vec![
                codes::SCENARIO_INVALID,
                codes::SCENARIO_UNKNOWN_KEY,
                codes::SCENARIO_INVALID,
                codes::SCENARIO_UNKNOWN_KEY
            ]
        );
    }

    /// argo-cd #16446: `deleteSeconds` scripts an object's deletion (N seconds, or never); the
    /// scenario's outcomes win over an operation's; anything else is an error.
    #[test]
    fn delete_seconds_scripts_a_deletion() {
        let (s, d) = sc("outcomes:\n  Job/a: {deleteSeconds: never}\n  Job/b: {deleteSeconds: 30}\noperations:\n  - type: sync\n    outcomes:\n      Job/b: {deleteSeconds: 5}\n      Job/c: {deleteSeconds: 7}\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            s.settings.delete_after,
            vec![
                ("Job/a".to_string(), DeleteAfter::Never),
                ("Job/b".to_string(), DeleteAfter::Seconds(30)),
                ("Job/c".to_string(), DeleteAfter::Seconds(7)),
            ]
        );
        let (s, d) = sc("outcomes:\n  Job/a: {deleteSeconds: soon}\n");
        assert!(s.settings.delete_after.is_empty());
        assert_eq!(d[0].code, codes::SCENARIO_INVALID);
    }

    /// §16, J35: argocdVersion selects the release whose rules run; what hooksim does not know
    /// is a located diagnostic and runs as the nearest (2.x) or the default.
    #[test]
    fn argocd_version_selects_the_release() {
        let (s, d) = sc("settings: {argocdVersion: \"3.0.15\"}\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.settings.argocd, ArgoCd { major: 3, minor: 0, patch: Some(15) });
        assert!(s.settings.caps.hook_finalizer && !s.settings.caps.removes_stale_finalizers);
        let (s, d) = sc("settings: {argocdVersion: 2.14}\n");
        assert!(d.is_empty(), "{d:?}");
        assert!(!s.settings.caps.hook_finalizer);
        let (s, d) = sc("settings:\n  argocdVersion: \"2.9\"\n");
        assert_eq!(s.settings.argocd, ArgoCd { major: 2, minor: 9, patch: None });
        assert!(!s.settings.caps.post_delete_hooks && !s.settings.caps.hook_finalizer);
        assert_eq!(s.settings.argocd_version, "2.9");
        assert_eq!((d[0].code, d[0].line, d[0].column), (codes::NOT_MODELLED, Some(2), Some(18)));
        for (text, code) in
            [("\"1.8\"", codes::NOT_MODELLED), ("\"3.6\"", codes::NOT_MODELLED), ("latest", codes::SCENARIO_INVALID)]
        {
            let (s, d) = sc(&format!("settings: {{argocdVersion: {text}}}\n"));
            assert_eq!(s.settings.argocd, ArgoCd::DEFAULT, "{text}");
            assert_eq!(s.settings.caps, Caps::default(), "{text}");
            assert_eq!(d.len(), 1, "{text}: {d:?}");
            assert_eq!(d[0].code, code, "{text}");
            assert!(d[0].line.is_some(), "{text}: located");
        }
    }

    #[test]
    fn j23_per_index_outcomes() {
        let (s, d) = sc(r#"
outcomes:
  Job/shards:
    attempts: [fail, succeed]
    indexes: {"2-3": [succeed], 0: fail, "1,5": [oomKilled]}
"#);
        assert!(d.is_empty(), "{d:?}");
        let o = &s.outcomes["Job/shards"];
        assert_eq!(o.indexes.len(), 3);
        let script = o.script();
        let ok = Attempt::Run { exit_code: 0, seconds: None, oom: false };
        let fail = Attempt::Run { exit_code: 1, seconds: None, oom: false };
        let oom = Attempt::Run { exit_code: 137, seconds: None, oom: true };
        assert_eq!(script.attempt(Some(0), 1), fail);
        assert_eq!(script.attempt(Some(0), 2), fail, "a single entry repeats");
        assert_eq!(script.attempt(Some(1), 1), oom);
        assert_eq!(script.attempt(Some(3), 1), ok);
        assert_eq!(script.attempt(Some(4), 1), fail, "the default list");
        assert_eq!(script.attempt(Some(4), 2), ok);
        assert_eq!(script.attempt(Some(5), 1), oom);
        // Overlapping or unreadable keys are errors, their entries left out.
        let (s, d) =
            sc("outcomes:\n  Job/x:\n    indexes: {\"0-2\": [fail], \"2\": [fail], \"a\": [fail], \"\": []}\n");
        assert_eq!(s.outcomes["Job/x"].indexes.len(), 1);
        assert_eq!(d.len(), 3);
        assert!(d.iter().all(|d| d.code == codes::SCENARIO_INVALID && d.line.is_some()));
        assert!(d[0].message.contains("index 2 is already scripted by \"0-2\""), "{}", d[0].message);
    }

    /// J23: the overlap check by sorted intervals reports what the pairwise check did (the first
    /// earlier key, its first overlapping interval, then this key's), on generated keys; and two
    /// long keys are checked without comparing every pair.
    #[test]
    fn j23_index_key_overlaps_match_the_pairwise_rule() {
        fn pairwise(keys: &[String]) -> Vec<String> {
            let mut out: Vec<(String, Vec<(i64, i64)>)> = Vec::new();
            let mut messages = Vec::new();
            for key in keys {
                let iv = crate::input::index_list::parse_indexes(key, i64::MAX).expect("indexes").0;
                let taken = out.iter().find_map(|(other, o)| {
                    o.iter().find_map(|&(a, b)| {
                        iv.iter().find_map(|&(c, d)| (a <= d && c <= b).then_some((a.max(c), other.clone())))
                    })
                });
                match taken {
                    Some((ix, other)) => messages.push(format!("index {ix} is already scripted by \"{other}\"")),
                    None => out.push((key.clone(), iv)),
                }
            }
            messages
        }
        let mut seed: u64 = 7;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let mut overlaps = 0;
        for _ in 0..300 {
            let keys: Vec<String> = (0..1 + next(5))
                .map(|_| {
                    let mut parts = Vec::new();
                    let mut at = next(4) as i64;
                    for _ in 0..1 + next(4) {
                        let len = next(3) as i64;
                        parts.push(if len == 0 { format!("{at}") } else { format!("{at}-{}", at + len) });
                        at += len + 1 + next(4) as i64;
                    }
                    parts.join(",")
                })
                .collect();
            // A key written twice is one key, the last value winning (yaml::keys).
            let mut seen = std::collections::HashSet::new();
            let keys: Vec<String> = keys.into_iter().filter(|k| seen.insert(k.clone())).collect();
            let body: String = keys
                .iter()
                .enumerate()
                .map(|(i, k)| format!("\"{k}\": [fail]{}", if i + 1 < keys.len() { ", " } else { "" }))
                .collect();
            let (_, d) = sc(&format!("outcomes:\n  Job/x:\n    indexes: {{{body}}}\n"));
            let got: Vec<String> = d
                .iter()
                .map(|d| d.message.split_once("(").and_then(|(_, r)| r.split_once(")")).expect("why").0.to_string())
                .collect();
            assert_eq!(got, pairwise(&keys), "{keys:?}");
            overlaps += got.len();
        }
        assert!(overlaps > 100, "the generated keys overlap often: {overlaps}");
        let long = |from: i64| (0..20_000).map(|i| (from + 2 * i).to_string()).collect::<Vec<_>>().join(",");
        let (s, d) =
            sc(&format!("outcomes:\n  Job/x:\n    indexes: {{\"{}\": [fail], \"{}\": [succeed]}}\n", long(0), long(1)));
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.outcomes["Job/x"].indexes.len(), 2);
    }

    #[test]
    fn reads_sync_options_and_selective_syncs() {
        let (s, d) = sc(r#"
settings:
  syncOptions: [CreateNamespace=true, ApplyOutOfSyncOnly=true]
  missingKinds: [ServiceMonitor, cert-manager.io/Certificate, "*"]
operations:
  - type: sync
    resources: [Deployment/web]
    strategy: apply
    confirmPruneAfterSeconds: 30
    prune: false
    syncOptions: [PruneLast=true]
outcomes:
  Secret/x: {validationError: not permitted}
"#);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.settings.sync_options, vec!["CreateNamespace=true", "ApplyOutOfSyncOnly=true"]);
        assert_eq!(s.settings.missing_kinds.len(), 3);
        let op = &s.operations[0];
        assert_eq!(op.resources[0].0, "Deployment/web");
        assert_eq!(op.strategy, Strategy::Apply);
        assert_eq!(op.confirm_prune_after_seconds, Some(30));
        assert_eq!(op.prune, Some(false));
        assert_eq!(op.sync_options.as_deref(), Some(&["PruneLast=true".to_string()][..]));
        assert_eq!(s.outcomes["Secret/x"].validation_error.as_deref(), Some("not permitted"));
    }

    #[test]
    fn bad_sync_options_are_located_diagnostics() {
        let (s, d) = sc("settings:\n  syncOptions: [CreateNamespace=True, Replace=true, 3]\n  missingKinds: [/x]\noperations:\n  - {type: delete, resources: [web]}\n");
        let got: Vec<_> = d.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            got,
            vec![
                (codes::SYNC_OPTION_UNKNOWN, Some(2)),
                (codes::NOT_MODELLED, Some(2)),
                (codes::SCENARIO_INVALID, Some(2)),
                (codes::SCENARIO_INVALID, Some(3)),
                (codes::SCENARIO_INVALID, Some(5)),
                (codes::SCENARIO_UNKNOWN_KEY, Some(5)),
            ]
        );
        // An unknown option is still passed on: Argo CD ignores it itself.
        assert_eq!(s.settings.sync_options, vec!["CreateNamespace=True", "Replace=true"]);
    }

    /// R26: the "not valid: causes" message follows the release simulated, not the version
    /// written: "3.6" and "4.0" run as the default (3.4), without it; "3.5" has it.
    #[test]
    fn r26_causes_follow_the_simulated_release() {
        for text in ["\"3.6\"", "\"4.0\"", "\"v3.6.1\""] {
            let (s, _) = sc(&format!("settings: {{argocdVersion: {text}}}\n"));
            assert_eq!(s.settings.argocd, ArgoCd::DEFAULT, "{text}");
            assert!(!s.settings.caps.lists_invalid_task_causes, "{text}");
        }
        let (s, d) = sc("settings: {argocdVersion: \"3.5\"}\n");
        assert!(d.is_empty(), "{d:?}");
        assert!(s.settings.caps.lists_invalid_task_causes);
    }

    #[test]
    fn set_overrides() {
        let mut d = Vec::new();
        let n = apply_sets(None, &[("settings.waveDelaySeconds".into(), "5".into())], &mut d);
        let s = parse(n.as_ref(), &mut d);
        assert_eq!(s.settings.wave_delay_seconds, 5);
    }
}
