//! Property tests of the engine (proptest).
//!
//! Inputs come from three generators:
//! - structured, valid applications: hook Jobs and Pods (random types, waves, delete policies,
//!   backoffLimit, TTL, restart policy, deadline, attempts), Deployments, Services and ConfigMaps
//!   (random health, afterSeconds, apply/dry-run errors), live objects, and a Scenario with random
//!   settings (the Argo CD release among them) and operations (sync, delete, `at`, terminateAfterSeconds, retry, per-operation
//!   outcomes);
//! - broken text: random bytes read as lossy UTF-8, and random YAML-ish token soup;
//! - random mutations (cuts, insertions, duplications, swaps, truncation) of a structured input,
//!   with random `--set` overrides and a random separately given scenario.
//!
//! Properties:
//! (a) whatever the input, the engine returns a report (and lint returns) without panicking;
//! (b) the events of each operation are ordered by `t`;
//! (c) every hook object the report shows as created (`Applied` with a hook manifest's ref) is
//!     deleted (a `Deleted` event for the same object) or listed in `remaining`; more strictly,
//!     it is in `remaining` exactly when its last Applied/Deleted event is an Applied;
//! (d) every operation is completed (Succeeded/Failed/Error with finishedAt) or Running with
//!     finishedAt null;
//! (e) the same input gives byte-identical JSON.
//!
//! `PROPTEST_CASES=N` runs more cases than the defaults below.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use hooksim_engine::report::{EventType, Report};
use hooksim_engine::{lint, simulate, Options};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::Config;

// ---------------------------------------------------------------------------------------------
// Structured applications
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Attempt {
    Succeed,
    Fail,
    OomKilled,
    ImagePullBackOff,
    Hang,
    Run { exit_code: Option<u8>, seconds: Option<u16> },
}

impl Attempt {
    fn yaml(&self) -> String {
        match self {
            Attempt::Succeed => "succeed".into(),
            Attempt::Fail => "fail".into(),
            Attempt::OomKilled => "oomKilled".into(),
            Attempt::ImagePullBackOff => "imagePullBackOff".into(),
            Attempt::Hang => "hang".into(),
            Attempt::Run { exit_code, seconds } => {
                let mut parts = Vec::new();
                if let Some(c) = exit_code {
                    parts.push(format!("exitCode: {c}"));
                }
                if let Some(s) = seconds {
                    parts.push(format!("seconds: {s}"));
                }
                format!("{{{}}}", parts.join(", "))
            }
        }
    }
}

fn attempt() -> impl Strategy<Value = Attempt> {
    prop_oneof![
        4 => Just(Attempt::Succeed),
        3 => Just(Attempt::Fail),
        1 => Just(Attempt::OomKilled),
        1 => Just(Attempt::ImagePullBackOff),
        1 => Just(Attempt::Hang),
        2 => (proptest::option::of(0u8..=3), proptest::option::of(0u16..60))
            .prop_map(|(exit_code, seconds)| Attempt::Run { exit_code, seconds }),
    ]
}

fn attempts() -> impl Strategy<Value = Vec<Attempt>> {
    prop::collection::vec(attempt(), 1..5)
}

fn attempts_yaml(a: &[Attempt]) -> String {
    format!("[{}]", a.iter().map(Attempt::yaml).collect::<Vec<_>>().join(", "))
}

#[derive(Debug, Clone)]
struct Hook {
    /// A bare Pod instead of a Job (J34).
    pod: bool,
    generate_name: bool,
    /// Argo CD hook types, joined with commas in the annotation.
    types: Vec<&'static str>,
    /// Written as `helm.sh/hook` instead (pre-install etc.).
    helm: Option<&'static str>,
    wave: i8,
    policies: Vec<&'static str>,
    backoff_limit: Option<u8>,
    ttl: Option<u16>,
    on_failure: bool,
    deadline: Option<u16>,
    /// The scenario's attempts for this hook (None: the default, every attempt succeeds).
    attempts: Option<Vec<Attempt>>,
}

fn hook() -> impl Strategy<Value = Hook> {
    let types = prop_oneof![
        6 => prop::sample::select(vec!["PreSync", "Sync", "PostSync"]).prop_map(|t| vec![t]),
        2 => prop::sample::subsequence(
            vec!["PreSync", "Sync", "PostSync", "SyncFail", "PreDelete", "PostDelete", "Skip"],
            1..3
        ),
        1 => prop::sample::select(vec!["SyncFail", "PreDelete", "PostDelete"]).prop_map(|t| vec![t]),
    ];
    let helm = proptest::option::weighted(
        0.1,
        prop::sample::select(vec!["pre-install", "post-upgrade", "pre-delete", "post-delete"]),
    );
    let policies = prop::sample::subsequence(vec!["HookSucceeded", "HookFailed", "BeforeHookCreation"], 0..=3);
    (
        (prop::bool::weighted(0.15), any::<bool>(), types, helm, -2i8..3, policies),
        (
            proptest::option::of(0u8..4),
            proptest::option::weighted(0.3, 0u16..40),
            prop::bool::weighted(0.25),
            proptest::option::weighted(0.15, 1u16..60),
            proptest::option::weighted(0.8, attempts()),
        ),
    )
        .prop_map(
            |(
                (pod, generate_name, types, helm, wave, policies),
                (backoff_limit, ttl, on_failure, deadline, attempts),
            )| Hook {
                pod,
                generate_name,
                types,
                helm,
                wave,
                policies,
                backoff_limit,
                ttl,
                on_failure,
                deadline,
                attempts,
            },
        )
}

impl Hook {
    fn kind(&self) -> &'static str {
        if self.pod {
            "Pod"
        } else {
            "Job"
        }
    }

    fn name(&self, i: usize) -> String {
        if self.generate_name {
            format!("gen-{i}-")
        } else {
            format!("hook-{i}")
        }
    }

    fn selector(&self, i: usize) -> String {
        format!("{}/{}", self.kind(), self.name(i))
    }

    fn manifest(&self, i: usize) -> String {
        let mut s = String::new();
        if self.pod {
            s.push_str("apiVersion: v1\nkind: Pod\nmetadata:\n");
        } else {
            s.push_str("apiVersion: batch/v1\nkind: Job\nmetadata:\n");
        }
        if self.generate_name {
            let _ = writeln!(s, "  generateName: {}", self.name(i));
        } else {
            let _ = writeln!(s, "  name: {}", self.name(i));
        }
        s.push_str("  annotations:\n");
        match self.helm {
            Some(h) => {
                let _ = writeln!(s, "    helm.sh/hook: {h}");
                let _ = writeln!(s, "    helm.sh/hook-weight: \"{}\"", self.wave);
            }
            None => {
                let _ = writeln!(s, "    argocd.argoproj.io/hook: {}", self.types.join(","));
                let _ = writeln!(s, "    argocd.argoproj.io/sync-wave: \"{}\"", self.wave);
            }
        }
        if !self.policies.is_empty() {
            let _ = writeln!(s, "    argocd.argoproj.io/hook-delete-policy: {}", self.policies.join(","));
        }
        let restart = if self.on_failure { "OnFailure" } else { "Never" };
        if self.pod {
            let _ =
                writeln!(s, "spec:\n  restartPolicy: {restart}\n  containers:\n    - name: main\n      image: busybox");
            return s;
        }
        s.push_str("spec:\n");
        if let Some(b) = self.backoff_limit {
            let _ = writeln!(s, "  backoffLimit: {b}");
        }
        if let Some(t) = self.ttl {
            let _ = writeln!(s, "  ttlSecondsAfterFinished: {t}");
        }
        if let Some(d) = self.deadline {
            let _ = writeln!(s, "  activeDeadlineSeconds: {d}");
        }
        let _ = writeln!(
            s,
            "  template:\n    spec:\n      restartPolicy: {restart}\n      containers:\n        - name: main\n          image: busybox\n          command: [sh, -c, \"exit 0\"]"
        );
        s
    }
}

#[derive(Debug, Clone)]
struct Resource {
    kind: &'static str,
    wave: i8,
    health: Option<&'static str>,
    after_seconds: u16,
    apply_error: bool,
    dry_run_error: bool,
    prune_false: bool,
}

fn resource() -> impl Strategy<Value = Resource> {
    (
        prop::sample::select(vec!["Deployment", "Deployment", "Service", "ConfigMap"]),
        -2i8..4,
        proptest::option::weighted(
            0.6,
            prop::sample::select(vec!["Healthy", "Healthy", "Progressing", "Degraded", "Suspended", "Unknown"]),
        ),
        0u16..60,
        prop::bool::weighted(0.08),
        prop::bool::weighted(0.05),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(kind, wave, health, after_seconds, apply_error, dry_run_error, prune_false)| Resource {
            kind,
            wave,
            health,
            after_seconds,
            apply_error,
            dry_run_error,
            prune_false,
        })
}

impl Resource {
    fn selector(&self, i: usize) -> String {
        format!("{}/res-{i}", self.kind)
    }

    fn manifest(&self, i: usize) -> String {
        let mut s = match self.kind {
            "Deployment" => "apiVersion: apps/v1\nkind: Deployment\n".to_string(),
            k => format!("apiVersion: v1\nkind: {k}\n"),
        };
        let _ = writeln!(
            s,
            "metadata:\n  name: res-{i}\n  annotations:\n    argocd.argoproj.io/sync-wave: \"{}\"",
            self.wave
        );
        if self.prune_false {
            s.push_str("    argocd.argoproj.io/sync-options: Prune=false\n");
        }
        match self.kind {
            "Deployment" => {
                let _ = writeln!(
                    s,
                    "spec:\n  selector:\n    matchLabels: {{app: res-{i}}}\n  template:\n    metadata:\n      labels: {{app: res-{i}}}\n    spec:\n      containers:\n        - name: app\n          image: nginx"
                );
            }
            "Service" => s.push_str("spec:\n  ports:\n    - port: 80\n"),
            _ => s.push_str("data:\n  key: value\n"),
        }
        s
    }

    fn outcome(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(h) = self.health {
            parts.push(format!("health: {h}"));
            parts.push(format!("afterSeconds: {}", self.after_seconds));
        }
        if self.apply_error {
            parts.push("applyError: 'admission webhook \"policy\" denied the request'".into());
        }
        if self.dry_run_error {
            parts.push("dryRunError: 'the object is invalid'".into());
        }
        (!parts.is_empty()).then(|| format!("{{{}}}", parts.join(", ")))
    }
}

#[derive(Debug, Clone)]
struct Operation {
    delete: bool,
    at: Option<u16>,
    terminate_after: Option<u16>,
    /// limit, backoffSeconds, factor, maxBackoffSeconds
    retry: Option<(u8, u8, u8, u8)>,
    /// Per-operation attempts for the hook at this index (modulo the number of hooks).
    override_attempts: Option<(Index, Vec<Attempt>)>,
}

fn operation() -> impl Strategy<Value = Operation> {
    (
        prop::bool::weighted(0.2),
        proptest::option::weighted(0.3, 0u16..200),
        proptest::option::weighted(0.2, 0u16..60),
        proptest::option::weighted(0.25, (0u8..4, 0u8..10, 1u8..4, 0u8..60)),
        proptest::option::weighted(0.25, (any::<Index>(), attempts())),
    )
        .prop_map(|(delete, at, terminate_after, retry, override_attempts)| Operation {
            delete,
            at,
            terminate_after,
            retry,
            override_attempts,
        })
}

#[derive(Debug, Clone)]
struct Settings {
    wave_delay: u8,
    job_sync: u8,
    pod_seconds: u8,
    delete_seconds: u8,
    horizon: u16,
    kubernetes: &'static str,
    /// Argo CD releases whose rules differ (§16, J35): no hook finalizer, the legacy engine
    /// without R44.1, the legacy engine, the default.
    argocd: &'static str,
    prune: bool,
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        0u8..6,
        0u8..4,
        0u8..12,
        0u8..4,
        prop_oneof![3 => Just(3600u16), 1 => 1u16..300],
        prop::sample::select(vec!["1.27", "1.31", "1.33"]),
        prop::sample::select(vec!["2.14", "3.0.15", "3.3", "3.4", "3.4"]),
        prop::bool::weighted(0.8),
    )
        .prop_map(|(wave_delay, job_sync, pod_seconds, delete_seconds, horizon, kubernetes, argocd, prune)| {
            Settings { wave_delay, job_sync, pod_seconds, delete_seconds, horizon, kubernetes, argocd, prune }
        })
}

#[derive(Debug, Clone)]
struct App {
    hooks: Vec<Hook>,
    resources: Vec<Resource>,
    settings: Option<Settings>,
    operations: Vec<Operation>,
    /// Live objects: an old copy of hook 0 (named hooks only) and an object to prune.
    live_old_hook: bool,
    live_orphan: bool,
    scenario_first: bool,
}

fn app() -> impl Strategy<Value = App> {
    (
        prop::collection::vec(hook(), 0..6),
        prop::collection::vec(resource(), 0..5),
        proptest::option::weighted(0.9, settings()),
        prop::collection::vec(operation(), 0..4),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.2),
        any::<bool>(),
    )
        .prop_map(|(hooks, resources, settings, operations, live_old_hook, live_orphan, scenario_first)| App {
            hooks,
            resources,
            settings,
            operations,
            live_old_hook,
            live_orphan,
            scenario_first,
        })
}

impl App {
    /// The selectors of the hook manifests.
    fn hook_refs(&self) -> BTreeSet<String> {
        self.hooks.iter().enumerate().map(|(i, h)| h.selector(i)).collect()
    }

    fn scenario(&self) -> String {
        let mut s = String::from("apiVersion: hooksim/v1\nkind: Scenario\nmetadata:\n  name: generated\n");
        if let Some(st) = &self.settings {
            let _ = writeln!(
                s,
                "settings:\n  waveDelaySeconds: {}\n  jobSyncSeconds: {}\n  podSeconds: {}\n  deleteSeconds: {}\n  horizonSeconds: {}\n  kubernetesVersion: \"{}\"\n  argocdVersion: \"{}\"\n  prune: {}",
                st.wave_delay,
                st.job_sync,
                st.pod_seconds,
                st.delete_seconds,
                st.horizon,
                st.kubernetes,
                st.argocd,
                st.prune
            );
        }
        if self.live_old_hook || self.live_orphan {
            s.push_str("live:\n");
            if self.live_old_hook {
                // An old run of a named hook, still in the cluster.
                let name =
                    self.hooks.iter().enumerate().find(|(_, h)| !h.generate_name && !h.pod).map(|(i, h)| h.name(i));
                let name = name.unwrap_or_else(|| "hook-old".into());
                let _ = writeln!(
                    s,
                    "  - apiVersion: batch/v1\n    kind: Job\n    metadata:\n      name: {name}\n      annotations: {{argocd.argoproj.io/hook: PreSync}}"
                );
            }
            if self.live_orphan {
                s.push_str("  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: orphan\n");
            }
        }
        if !self.operations.is_empty() {
            s.push_str("operations:\n");
            for op in &self.operations {
                let _ = writeln!(s, "  - type: {}", if op.delete { "delete" } else { "sync" });
                if let Some(at) = op.at {
                    let _ = writeln!(s, "    at: {at}");
                }
                if let Some(t) = op.terminate_after {
                    let _ = writeln!(s, "    terminateAfterSeconds: {t}");
                }
                if let Some((limit, backoff, factor, max)) = op.retry {
                    let _ = writeln!(
                        s,
                        "    retry: {{limit: {limit}, backoffSeconds: {backoff}, factor: {factor}, maxBackoffSeconds: {max}}}"
                    );
                }
                if let Some((idx, attempts)) = &op.override_attempts {
                    if !self.hooks.is_empty() {
                        let i = idx.index(self.hooks.len());
                        let _ = writeln!(
                            s,
                            "    outcomes:\n      {}: {{attempts: {}}}",
                            self.hooks[i].selector(i),
                            attempts_yaml(attempts)
                        );
                    }
                }
            }
        }
        let mut outcomes = Vec::new();
        for (i, h) in self.hooks.iter().enumerate() {
            if let Some(a) = &h.attempts {
                outcomes.push(format!("  {}: {{attempts: {}}}", h.selector(i), attempts_yaml(a)));
            }
        }
        for (i, r) in self.resources.iter().enumerate() {
            if let Some(o) = r.outcome() {
                outcomes.push(format!("  {}: {o}", r.selector(i)));
            }
        }
        if !outcomes.is_empty() {
            s.push_str("outcomes:\n");
            for o in outcomes {
                s.push_str(&o);
                s.push('\n');
            }
        }
        s
    }

    fn render(&self) -> String {
        let mut docs = Vec::new();
        if self.scenario_first {
            docs.push(self.scenario());
        }
        docs.extend(self.hooks.iter().enumerate().map(|(i, h)| h.manifest(i)));
        docs.extend(self.resources.iter().enumerate().map(|(i, r)| r.manifest(i)));
        if !self.scenario_first {
            docs.push(self.scenario());
        }
        docs.join("---\n")
    }
}

// ---------------------------------------------------------------------------------------------
// Broken inputs
// ---------------------------------------------------------------------------------------------

const SNIPPETS: &[&str] = &[
    "---\n",
    "...\n",
    "\n",
    "  ",
    "- ",
    ": ",
    "kind: Job\n",
    "kind: Scenario\n",
    "apiVersion: hooksim/v1\n",
    "apiVersion: batch/v1\n",
    "metadata:\n  name: x\n",
    "metadata: {generateName: g-}\n",
    "  annotations:\n    argocd.argoproj.io/hook: PreSync\n",
    "argocd.argoproj.io/hook-delete-policy: HookFailed\n",
    "argocd.argoproj.io/sync-wave: \"-5\"\n",
    "argocd.argoproj.io/sync-wave: 3\n",
    "operations: [{type: delete}, {type: sync, terminateAfterSeconds: 0}]\n",
    "operations: 7\n",
    "settings: {horizonSeconds: 99999999999, waveDelaySeconds: -1}\n",
    "settings: {podSeconds: 0, jobSyncSeconds: 0, deleteSeconds: 0}\n",
    "outcomes: {Job/x: {attempts: [hang, fail]}}\n",
    "outcomes: {Job/x: {attempts: {exitCode: 300}}}\n",
    "retry: {limit: -1, factor: 0}\n",
    "backoffLimit: 1000000\n",
    "completions: 5\nparallelism: 2\n",
    "ttlSecondsAfterFinished: 0\n",
    "kind: List\nitems:\n",
    "{",
    "}",
    "[",
    "]",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!binary ",
    "|\n",
    ">-\n",
    "\"",
    "'",
    "#",
    "\t",
    "\u{feff}",
    "\r\n",
    "é漢🙂",
    "~",
    "null",
    "0x1F",
    "1e400",
    "-9223372036854775809",
];

fn yamlish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(SNIPPETS).prop_map(str::to_string),
            1 => "[a-zA-Z0-9_./-]{1,12}",
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..80,
    )
    .prop_map(|parts| parts.concat())
}

fn lossy_bytes() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..600).prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

#[derive(Debug, Clone)]
enum Mutation {
    Cut(Index, usize),
    Insert(Index, String),
    Duplicate(Index, usize),
    SwapLines(Index, Index),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), 1usize..40).prop_map(|(i, n)| Mutation::Cut(i, n)),
        3 => (any::<Index>(), prop_oneof![prop::sample::select(SNIPPETS).prop_map(str::to_string), yamlish()])
            .prop_map(|(i, s)| Mutation::Insert(i, s)),
        1 => (any::<Index>(), 1usize..200).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut b = text.as_bytes().to_vec();
    for m in mutations {
        let len = b.len();
        match m {
            Mutation::Cut(i, n) if len > 0 => {
                let at = i.index(len);
                b.drain(at..(at + n).min(len));
            }
            Mutation::Insert(i, s) => {
                let at = if len == 0 { 0 } else { i.index(len + 1) };
                b.splice(at..at, s.bytes());
            }
            Mutation::Duplicate(i, n) if len > 0 => {
                let at = i.index(len);
                let piece: Vec<u8> = b[at..(at + n).min(len)].to_vec();
                b.splice(at..at, piece);
            }
            Mutation::SwapLines(x, y) => {
                let s = String::from_utf8_lossy(&b).into_owned();
                let mut lines: Vec<&str> = s.split('\n').collect();
                let n = lines.len();
                lines.swap(x.index(n), y.index(n));
                b = lines.join("\n").into_bytes();
            }
            Mutation::Truncate(i) if len > 0 => b.truncate(i.index(len)),
            _ => {}
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// `--set` overrides, good and bad.
fn sets() -> impl Strategy<Value = Vec<(String, String)>> {
    let key = prop::sample::select(vec![
        "settings.waveDelaySeconds",
        "settings.horizonSeconds",
        "settings.podSeconds",
        "settings.kubernetesVersion",
        "settings.argocdVersion",
        "settings.prune",
        "settings",
        "operations",
        "outcomes.Job/hook-0.attempts",
        "outcomes",
        "live",
        "a..b",
        "",
        ".",
    ]);
    let value = prop::sample::select(vec![
        "5",
        "0",
        "-1",
        "1.27",
        "true",
        "x",
        "[]",
        "{}",
        "[hang]",
        "[{type: delete}]",
        "[fail, succeed]",
        "{a: [",
        "",
        "null",
        "99999999999999999999",
    ]);
    prop::collection::vec((key, value).prop_map(|(k, v)| (k.to_string(), v.to_string())), 0..4)
}

// ---------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------

/// (a), (b), (d), (e) for any input; returns the report.
fn check_any(input: &str, options: &Options) -> Result<Report, TestCaseError> {
    let report = simulate(input, options);
    prop_assert_eq!(report.schema_version, 1);
    let json = report.to_json();
    prop_assert!(!json.is_empty(), "the report serialises");
    let _ = lint(input, options);

    // (e) byte-identical JSON for the same input.
    let again = simulate(input, options).to_json();
    prop_assert!(json == again, "two runs of the same input gave different JSON");

    let n = report.operations.len();
    for (i, op) in report.operations.iter().enumerate() {
        // (b) events ordered by t.
        for w in op.events.windows(2) {
            prop_assert!(
                w[0].t <= w[1].t,
                "operation {} events out of order: {:?} at {} before {:?} at {}",
                i,
                w[0].ty,
                w[0].t,
                w[1].ty,
                w[1].t
            );
        }
        // (d) completed, or Running with finishedAt null (only the last can still run).
        match op.phase.as_str() {
            "Succeeded" | "Failed" | "Error" => {
                let Some(f) = op.finished_at else {
                    return Err(TestCaseError::fail(format!("operation {i} is {} without finishedAt", op.phase)));
                };
                prop_assert!(
                    f >= op.started_at,
                    "operation {} finished at {} before it started at {}",
                    i,
                    f,
                    op.started_at
                );
            }
            "Running" => {
                prop_assert!(
                    op.finished_at.is_none(),
                    "operation {} is Running with finishedAt {:?}",
                    i,
                    op.finished_at
                );
                prop_assert!(i + 1 == n, "operation {} is Running but operation {} follows it", i, i + 1);
            }
            other => return Err(TestCaseError::fail(format!("operation {i} has phase {other:?}"))),
        }
    }
    Ok(report)
}

/// (c): every created hook object is deleted or remains; moreover, it remains exactly when its
/// last Applied/Deleted event is an Applied.
fn check_hooks_accounted(report: &Report, hook_refs: &BTreeSet<String>) -> Result<(), TestCaseError> {
    type Id = (String, String, String); // kind, namespace, name
    let id = |kind: &Option<String>, ns: &Option<String>, name: &Option<String>| -> Id {
        (kind.clone().unwrap_or_default(), ns.clone().unwrap_or_default(), name.clone().unwrap_or_default())
    };
    let mut created: BTreeSet<Id> = BTreeSet::new();
    let mut deleted: BTreeSet<Id> = BTreeSet::new();
    for op in &report.operations {
        for e in &op.events {
            match e.ty {
                EventType::Applied if e.reference.as_ref().is_some_and(|r| hook_refs.contains(r)) => {
                    created.insert(id(&e.kind, &e.namespace, &e.name));
                }
                EventType::Deleted => {
                    deleted.insert(id(&e.kind, &e.namespace, &e.name));
                }
                _ => {}
            }
        }
    }
    let remaining: BTreeSet<Id> =
        report.remaining.iter().map(|r| (r.kind.clone(), r.namespace.clone(), r.name.clone())).collect();
    for c in &created {
        prop_assert!(
            deleted.contains(c) || remaining.contains(c),
            "hook {}/{} (namespace {:?}) was created, but is neither deleted nor remaining",
            c.0,
            c.2,
            c.1
        );
    }
    // Stronger: the last of a hook object's Applied/Deleted events says whether it remains.
    let mut exists_at_end: std::collections::BTreeMap<Id, bool> = Default::default();
    for e in report.operations.iter().flat_map(|o| &o.events) {
        let i = id(&e.kind, &e.namespace, &e.name);
        if created.contains(&i) {
            match e.ty {
                EventType::Applied => {
                    exists_at_end.insert(i, true);
                }
                EventType::Deleted => {
                    exists_at_end.insert(i, false);
                }
                _ => {}
            }
        }
    }
    for (i, exists) in &exists_at_end {
        prop_assert_eq!(
            *exists,
            remaining.contains(i),
            "hook {}/{}: its last event says exists={}, but remaining disagrees",
            &i.0,
            &i.2,
            exists
        );
    }
    Ok(())
}

fn config(cases: u32) -> Config {
    // PROPTEST_CASES (read by Config::default) can raise the count.
    let mut c = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = cases;
    }
    c.max_shrink_iters = 4096;
    c
}

proptest! {
    #![proptest_config(config(256))]

    /// (a) random bytes, read as lossy UTF-8.
    #[test]
    fn random_bytes_give_a_report(input in lossy_bytes()) {
        check_any(&input, &Options::default())?;
    }

    /// (a) random YAML-ish text.
    #[test]
    fn yamlish_text_gives_a_report(input in yamlish()) {
        check_any(&input, &Options::default())?;
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// (a) random mutations of a valid input with a Scenario, random `--set`s and sometimes a
    /// separately given (possibly broken) scenario.
    #[test]
    fn mutated_applications_give_a_report(
        app in app(),
        mutations in prop::collection::vec(mutation(), 1..6),
        sets in sets(),
        separate in proptest::option::weighted(0.2, prop_oneof![yamlish(), app().prop_map(|a| a.scenario())]),
    ) {
        let input = mutate(&app.render(), &mutations);
        check_any(&input, &Options { scenario: separate, sets, ..Options::default() })?;
    }

    /// (b)–(e) on structured, valid applications: the engine's real paths.
    #[test]
    fn structured_applications_keep_the_invariants(app in app()) {
        let input = app.render();
        let report = check_any(&input, &Options::default())?;
        check_hooks_accounted(&report, &app.hook_refs())?;
    }
}

/// A case `structured_applications_keep_the_invariants` shrank to: a named hook Job with the
/// types Sync and SyncFail, and an apply error that starts SyncFail. The engine once created
/// `Job/hook-0` a second time for the SyncFail task (two live objects of one name, each with its
/// own pod); HookFailed then deleted one, and the other stayed in `remaining` after `Deleted`.
#[test]
fn named_sync_syncfail_hook_is_one_object() {
    let app = App {
        hooks: vec![Hook {
            pod: false,
            generate_name: false,
            types: vec!["Sync", "SyncFail"],
            helm: None,
            wave: 1,
            policies: vec!["HookFailed"],
            backoff_limit: None,
            ttl: None,
            on_failure: false,
            deadline: None,
            attempts: None,
        }],
        resources: vec![Resource {
            kind: "Deployment",
            wave: 1,
            health: None,
            after_seconds: 0,
            apply_error: true,
            dry_run_error: false,
            prune_false: false,
        }],
        settings: None,
        operations: vec![],
        live_old_hook: false,
        live_orphan: false,
        scenario_first: false,
    };
    let report = simulate(&app.render(), &Options::default());
    let created = report
        .operations
        .iter()
        .flat_map(|o| &o.events)
        .filter(|e| e.ty == EventType::Applied && e.message.as_deref() == Some("job.batch/hook-0 created"))
        .count();
    assert_eq!(created, 1, "Job/hook-0 is created once: Kubernetes holds one object per name");
    if let Err(e) = check_hooks_accounted(&report, &app.hook_refs()) {
        panic!("{e}");
    }
}

/// The generator makes valid input: the structured cases must reach the simulation proper.
#[test]
fn the_generator_makes_inputs_that_simulate() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = app();
    let mut with_hooks_applied = 0;
    for _ in 0..64 {
        let app = strategy.new_tree(&mut runner).unwrap().current();
        let report = simulate(&app.render(), &Options::default());
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == hooksim_engine::Severity::Error && d.code.as_str().starts_with("yaml"))
            .collect();
        assert!(errors.is_empty(), "generated input has YAML errors: {errors:?}\n{}", app.render());
        // A first operation that starts after the horizon simulates nothing, rightly.
        let starts_too_late = match (app.operations.first().and_then(|o| o.at), &app.settings) {
            (Some(at), Some(st)) => at > st.horizon,
            _ => false,
        };
        assert!(!report.operations.is_empty() || starts_too_late, "no operation:\n{}", app.render());
        let refs = app.hook_refs();
        if report
            .operations
            .iter()
            .flat_map(|o| &o.events)
            .any(|e| e.ty == EventType::Applied && e.reference.as_ref().is_some_and(|r| refs.contains(r)))
        {
            with_hooks_applied += 1;
        }
    }
    assert!(with_hooks_applied >= 16, "only {with_hooks_applied} of 64 generated inputs applied a hook");
}
