//! The Application controller's decisions between operations: the app's sync status (what
//! `CompareAppState` would find, issue 17 item 6), automated sync (A1–A10) and self-heal
//! (A11–A15), driven by the Scenario's timed commits and live drift.
//!
//! The simulation driver (crate::sim) calls [`Controller::refresh`] whenever Argo CD would
//! refresh the app while no operation is in progress: at the start, when a commit or a drift is
//! seen, when an operation completes, when a live object appears or vanishes, and when a
//! self-heal wait ends. It returns the operation to start, if any.

use crate::argocd::app::source;
use crate::argocd::plan::{self, Key};
use crate::common::diagnostics::Pos;
use crate::input::application::Automated;
pub use crate::input::commits::{read_commits, read_drift, Commit, Drift};
use crate::input::scenario::Settings;
use crate::input::yaml::{Node, Value};
pub use crate::report::app_status::{
    short, AppReport, AutomatedReport, Condition, Note, OutOfSync, SyncStatus, Trigger,
};
use crate::report::Time;
use crate::world::World;

/// The last operation, as `status.operationState` keeps it (A4).
#[derive(Debug, Clone, PartialEq)]
pub struct LastOp {
    pub succeeded: bool,
    pub revision: String,
    pub message: String,
    pub finished_at: Time,
    /// A12: `autoHealAttemptsCount` of that operation.
    pub heal_count: i64,
}

/// An operation the controller starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Start {
    pub trigger: Trigger,
    pub revision: String,
    /// A13: the resources of a self-heal (empty for a full sync).
    pub resources: Vec<String>,
    pub prune: bool,
    pub heal_count: i64,
}

/// A12: the self-heal backoff (`controller.self.heal.backoff.*`, 2 s × 3, cap 300 s).
pub const SELF_HEAL_BASE: Time = 2;
pub const SELF_HEAL_FACTOR: Time = 3;
pub const SELF_HEAL_CAP: Time = 300;

/// A12: the delay before heal number n+1: 0 for n = 0, else min(2·3^(n-1), 300).
pub fn self_heal_delay(n: i64) -> Time {
    if n <= 0 {
        return 0;
    }
    let mut d = SELF_HEAL_BASE;
    for _ in 1..n.min(64) {
        d = (d * SELF_HEAL_FACTOR).min(SELF_HEAL_CAP);
    }
    d.min(SELF_HEAL_CAP)
}

pub struct Controller {
    automated: Option<Automated>,
    /// The revision Git has now (`status.sync.revision`).
    pub target_revision: String,
    /// Small sets as lists (no new set type in the playground's wasm, docs/playground.md).
    changed: Vec<String>,
    drifted: Vec<String>,
    commits: Vec<Commit>,
    drifts: Vec<Drift>,
    next_commit: usize,
    next_drift: usize,
    pub last: Option<LastOp>,
    /// A12: when the pending self-heal wait ends.
    heal_at: Option<Time>,
    /// The app is being deleted (A2 gate 3) or gone.
    pub deleted: bool,
    /// ≤3.1: the condition's text had no brackets (A10).
    brackets: bool,
    pub report: AppReport,
    last_note: Option<String>,
    seq: u64,
    index: Option<Index>,
    /// The manifests the target revision's source leaves out (sorted; `source::views`).
    absent: Vec<usize>,
    /// What each commit's source leaves out, taken when the commit is seen (empty when no commit
    /// adds or removes a manifest).
    views: Vec<Vec<usize>>,
    healing: Healing,
    version: crate::common::argocd_version::ArgoCd,
    poll: Poll,
}

/// A46: what the controller knows of Git between its comparisons: commits pushed without a
/// webhook wait for the next comparison with `CompareWithLatest` or above.
struct Poll {
    /// `timeout.reconciliation` (0: no periodic refresh).
    period: Time,
    /// Each periodic refresh's jitter, from the first (0 beyond the list; empty before 3.0).
    jitter: Vec<Time>,
    /// The next periodic refresh (the informer's k-th resync, from 1).
    next: usize,
    /// `status.reconciledAt`: the last comparison with Git (A46; :1885-1887).
    reconciled_at: Time,
    /// Commits pushed and not seen yet, in push order (indices into the controller's commits).
    pushed: Vec<usize>,
    /// Why the next refresh compares with Git, when it does: the controller's first refresh, or
    /// the one an operation's end requests (A49, :1563-1580).
    compare_due: Option<Comparison>,
}

impl Poll {
    /// When the k-th periodic refresh runs: the resync at k·period, then its jitter (:2553-2557).
    fn at(&self, k: usize) -> Time {
        let jitter = k.checked_sub(1).and_then(|i| self.jitter.get(i)).copied().unwrap_or(0);
        (k as Time).saturating_mul(self.period).saturating_add(jitter)
    }
}

/// A15: how the self-heal attempt count is kept, by release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Healing {
    /// 2.14.0–2.14.9: every automated operation copies the count, nothing resets it.
    CopiedNeverReset,
    /// 2.14.10–2.14.13, 3.0.0–3.0.4: reset whenever the previous sync status was Synced, which it
    /// still is when drift is found: every heal is immediate (inferred).
    AlwaysReset,
    /// 2.14.14+, 3.0.5+, 3.1, 3.2: reset once the app stayed synced 330 s after a successful sync.
    Cooldown,
    /// 3.3+: carried over between heals, never reset.
    NeverReset,
}

/// `--self-heal-backoff-cooldown-seconds` (A15, 2.14.14+ to 3.2).
pub const SELF_HEAL_COOLDOWN: Time = 330;

impl Healing {
    fn of(v: crate::common::argocd_version::ArgoCd) -> Healing {
        let patch = v.patch.unwrap_or(u32::MAX);
        match (v.major, v.minor) {
            (2, 14) if patch <= 9 => Healing::CopiedNeverReset,
            (2, 14) if patch <= 13 => Healing::AlwaysReset,
            (3, 0) if patch <= 4 => Healing::AlwaysReset,
            (2, 14) | (3, 0) | (3, 1) | (3, 2) => Healing::Cooldown,
            (2, _) => Healing::CopiedNeverReset,
            _ => Healing::NeverReset,
        }
    }
}

/// A12, A15: the count `n` the next heal's delay is computed from.
fn heal_count(h: Healing, last: &LastOp, now: Time) -> i64 {
    match h {
        Healing::AlwaysReset => 0,
        Healing::Cooldown if last.succeeded && now - last.finished_at >= SELF_HEAL_COOLDOWN => 0,
        _ => last.heal_count,
    }
}

/// What the sync status compares, from the manifests of the target revision's source (computed
/// again only when a commit adds or removes a manifest).
struct Index {
    /// Each resource with a sync status (not a hook, not Skip, named), with its key.
    resources: Vec<(usize, Key)>,
    /// (group, kind, name) of every manifest that keeps its live object from pruning, as keys with
    /// no namespace (the cluster's own map type: no new one in the wasm).
    targets: std::collections::HashMap<Key, usize>,
}

impl Index {
    fn of(world: &World, absent: &[usize]) -> Index {
        let mut resources = Vec::new();
        let mut targets: std::collections::HashMap<Key, usize> = std::collections::HashMap::new();
        for (i, m) in world.manifests.iter().enumerate() {
            if !source::has(absent, i) {
                continue;
            }
            if m.ann.skip || !(m.ann.is_hook || m.name.is_empty()) {
                let k = Key {
                    group: m.group.clone(),
                    kind: m.kind.clone(),
                    namespace: String::new(),
                    name: m.name.clone(),
                };
                targets.insert(k, i);
            }
            if m.ann.is_hook || m.ann.skip || m.name.is_empty() {
                continue;
            }
            let namespace = if plan::cluster_scoped(&m.kind) {
                String::new()
            } else {
                m.namespace.clone().unwrap_or_else(|| world.settings.namespace.clone())
            };
            let key = Key { group: m.group.clone(), kind: m.kind.clone(), namespace, name: m.name.clone() };
            resources.push((i, key));
        }
        Index { resources, targets }
    }
}

impl Controller {
    pub fn new(settings: &Settings, commits: &[Commit], drifts: &[Drift], name: &str) -> Controller {
        let mut commits = commits.to_vec();
        crate::common::sort::sort_by_key(&mut commits, |c| c.at);
        let mut drifts = drifts.to_vec();
        crate::common::sort::sort_by_key(&mut drifts, |d| d.at);
        let v = settings.argocd;
        Controller {
            automated: settings.automated.filter(|a| a.enabled),
            target_revision: settings.revision.clone(),
            changed: Vec::new(),
            drifted: Vec::new(),
            commits,
            drifts,
            next_commit: 0,
            next_drift: 0,
            last: None,
            heal_at: None,
            deleted: false,
            brackets: (v.major, v.minor) >= (3, 2),
            healing: Healing::of(v),
            version: v,
            poll: Poll {
                period: settings.poll_period(),
                jitter: settings.poll_jitters().to_vec(),
                next: 1,
                reconciled_at: 0,
                pushed: Vec::new(),
                compare_due: Some(Comparison::Start),
            },
            report: AppReport {
                name: name.to_string(),
                automated: settings.automated.filter(|a| a.enabled).map(|a| AutomatedReport {
                    prune: a.prune,
                    self_heal: a.self_heal,
                    allow_empty: a.allow_empty,
                }),
                ..AppReport::default()
            },
            last_note: None,
            seq: 0,
            index: None,
            absent: Vec::new(),
            views: Vec::new(),
        }
    }

    /// Whether the app starts Synced: every resource is live already (the Scenario's `live:`),
    /// which hooksim reads as "the last sync, to `settings.revision`, succeeded long ago".
    pub fn start(&mut self, world: &World) {
        (self.absent, self.views) = source::views(world.manifests, &self.commits);
        if self.out_of_sync(world).is_empty() && !world.manifests.is_empty() {
            self.last = Some(LastOp {
                succeeded: true,
                revision: self.target_revision.clone(),
                message: String::new(),
                finished_at: -(crate::input::scenario::MAX_SECONDS),
                heal_count: 0,
            });
        }
    }

    /// The manifests the target revision's source leaves out (sorted): what an operation started
    /// now syncs without (A3, A21).
    pub fn absent(&self) -> &[usize] {
        &self.absent
    }

    /// The times the driver must visit: the commits and drifts.
    pub fn wake_times(&self) -> impl Iterator<Item = Time> + '_ {
        self.commits.iter().map(|c| c.at).chain(self.drifts.iter().map(|d| d.at)).chain(self.heal_at)
    }

    /// Takes in the commits and drifts due at `now`; true when one was. The live objects they
    /// concern no longer equal their manifests (so the next apply reads "configured", and
    /// ApplyOutOfSyncOnly applies them, R37b).
    pub fn observe(&mut self, world: &mut World) -> bool {
        let now = world.now;
        // A46: the periodic refreshes before this second (visited when a commit waited for them).
        let mut seen = self.poll_until(world, now - 1);
        // Commits pushed by now; with a webhook, the controller compares with Git at once
        // (`CompareWithLatestForceResolve`, A46), and so sees every commit pushed before too.
        let mut compare: Option<Comparison> = None;
        while let Some(c) = self.commits.get(self.next_commit).filter(|c| c.at <= now).cloned() {
            self.next_commit += 1;
            if c.webhook {
                compare = Some(Comparison::Webhook);
            } else {
                let rev = short(&c.revision);
                let text = match self.poll.period {
                    0 => format!("commit {rev} pushed without a webhook, and the periodic refresh is off (timeout.reconciliation 0): only the refresh after an operation finds it (A46)"),
                    _ => format!("commit {rev} pushed without a webhook: the controller finds it at its next comparison with Git (A46)"),
                };
                self.note_citing(now, text, "A46", &["A46"]);
            }
            self.poll.pushed.push(self.next_commit - 1);
        }
        if let Some(why) = self.poll.compare_due.take() {
            compare = compare.or(Some(why));
        }
        if self.heal_at.is_some_and(|t| t <= now) {
            // A12: the self-heal wait ends in a `CompareWithLatest` refresh.
            self.heal_at = None;
            seen = true;
            compare = compare.or(Some(Comparison::HealWait));
        }
        if let Some(why) = compare {
            self.poll.reconciled_at = now;
            seen |= self.see_pushed(world, now, &why);
        }
        seen |= self.poll_until(world, now);
        if !self.poll.pushed.is_empty() && self.poll.period > 0 {
            world.wake_at(self.poll.at(self.poll.next));
        }
        while let Some(d) = self.drifts.get(self.next_drift).filter(|d| d.at <= now).cloned() {
            self.next_drift += 1;
            seen = true;
            add_all(&mut self.drifted, &d.objects);
            out_of_date(world, Some(&d.objects), Stale::Drift);
            self.note_citing(now, format!("live objects changed: {} (A11)", d.objects.join(", ")), "A11", &["A11"]);
        }
        seen
    }

    /// A46: the periodic refreshes due by `until`. One compares with Git only when the last
    /// comparison is older than `timeout.reconciliation` (soft expiry, :2022; `reconciledAt` is
    /// stored in whole seconds, so a refresh in the second it expires compares). True when one
    /// saw a commit.
    fn poll_until(&mut self, world: &mut World, until: Time) -> bool {
        let mut seen = false;
        while self.poll.period > 0 && self.poll.at(self.poll.next) <= until {
            let k = self.poll.next;
            let t = self.poll.at(k);
            self.poll.next += 1;
            let last = self.poll.reconciled_at;
            let expired = last.saturating_add(self.poll.period) <= t;
            if expired {
                self.poll.reconciled_at = t;
            }
            if self.poll.pushed.is_empty() {
                continue;
            }
            let resync = (k as Time).saturating_mul(self.poll.period);
            let jitter = t - resync;
            if expired {
                seen |= self.see_pushed(world, t, &Comparison::Poll { k, resync, jitter, last });
            } else {
                let text = format!(
                    "periodic refresh (resync {k} at {resync} s, jitter {jitter} s): compared at {last} s, not expired before {} s: Git is not read (A46)",
                    last.saturating_add(self.poll.period)
                );
                self.note_citing(t, text, "A46", &["A46"]);
            }
        }
        seen
    }

    /// A comparison with Git at `now` sees every commit pushed so far: the newest is the
    /// revision, and what each one changes differs from the live objects. True when there was one.
    fn see_pushed(&mut self, world: &mut World, now: Time, why: &Comparison) -> bool {
        let pushed = std::mem::take(&mut self.poll.pushed);
        let Some(head) = pushed.last().and_then(|&i| self.commits.get(i)).cloned() else { return false };
        let mut what: Vec<String> = Vec::new();
        for &i in &pushed {
            let Some(c) = self.commits.get(i).cloned() else { continue };
            self.target_revision = c.revision.clone();
            match c.changed() {
                Some(list) => add_all(&mut self.changed, list),
                None => add_all(&mut self.changed, &["*".to_string()]),
            }
            out_of_date(world, c.changed(), Stale::Revision(&c.revision));
            // The source of this revision: the sync status compares it from now on.
            if let Some(view) = self.views.get_mut(i) {
                let view = std::mem::take(view);
                if view != self.absent {
                    self.absent = view;
                    self.index = None;
                }
            }
            let d = source::describe(&c);
            if !d.is_empty() {
                what.push(d);
            }
        }
        let rev = short(&head.revision);
        let (text, cites): (String, &[&str]) = match why {
            Comparison::Webhook => (format!("new commit {rev} seen (A8, A46)"), &["A8", "A46"]),
            Comparison::Start => (format!("new commit {rev} seen at the controller's first refresh (A8, A46)"), &["A8", "A46"]),
            Comparison::AfterOperation => {
                (format!("new commit {rev} seen at the refresh after the operation (A8, A49)"), &["A8", "A49"])
            }
            Comparison::HealWait => {
                (format!("new commit {rev} seen at the refresh after the self-heal wait (A8, A12)"), &["A8", "A12"])
            }
            Comparison::Poll { k, resync, jitter, last } => (
                format!("new commit {rev} seen at the periodic refresh (resync {k} at {resync} s, jitter {jitter} s; last compared at {last} s) (A8, A46)"),
                &["A8", "A46"],
            ),
        };
        let text = match what.is_empty() {
            true => text,
            false => format!("{text}: it {}", what.join("; it ")),
        };
        self.note_citing(now, text, "A8", cites);
        true
    }

    /// The resources that are not Synced, and why (`CompareAppState`: hooks, Skip and
    /// delete-only hooks have no sync status, R14, R62, A9).
    pub fn out_of_sync(&mut self, world: &World) -> Vec<OutOfSync> {
        // The manifests' keys, computed once: this runs at every refresh, over every manifest.
        let absent = &self.absent;
        let index = self.index.get_or_insert_with(|| Index::of(world, absent));
        let mut out = Vec::new();
        let changed_all = self.changed.iter().any(|c| c == "*");
        for (mi, key) in &index.resources {
            let m = &world.manifests[*mi];
            let reason = if world.cluster.lookup(key).is_none() {
                "Missing"
            } else if self.drifted.contains(&m.selector) {
                "Drifted"
            } else if changed_all || self.changed.contains(&m.selector) {
                "Changed"
            } else {
                continue;
            };
            out.push(OutOfSync { reference: m.selector.clone(), reason: reason.into() });
        }
        let targets = &index.targets;
        let mut probe =
            Key { group: String::new(), kind: String::new(), namespace: String::new(), name: String::new() };
        for live in world.cluster.iter() {
            if !live.managed || live.ann.is_hook || live.ann.skip || live.deletion.is_some() {
                continue;
            }
            // One probe key, its buffers reused: no allocation per live object.
            for (buf, part) in [
                (&mut probe.group, &live.key.group),
                (&mut probe.kind, &live.key.kind),
                (&mut probe.name, &live.key.name),
            ] {
                buf.clear();
                buf.push_str(part);
            }
            if !targets.contains_key(&probe) {
                out.push(OutOfSync { reference: live.selector.clone(), reason: "RequiresPruning".into() });
            }
        }
        out
    }

    /// Records the sync status at `now` when it changed.
    pub fn record_status(&mut self, world: &World, now: Time) -> Vec<OutOfSync> {
        let resources = self.out_of_sync(world);
        // R67: a failed comparison leaves the sync status Unknown.
        let status = match (&world.comparison_error, resources.is_empty()) {
            (Some(_), _) => "Unknown",
            (None, true) => "Synced",
            (None, false) => "OutOfSync",
        };
        let resources = if world.comparison_error.is_some() { Vec::new() } else { resources };
        self.seq += 1;
        let s = SyncStatus {
            t: now,
            seq: self.seq,
            status: status.into(),
            revision: self.target_revision.clone(),
            resources: resources.clone(),
        };
        let same = self
            .report
            .sync
            .last()
            .is_some_and(|l| l.status == s.status && l.revision == s.revision && l.resources == s.resources);
        if !same {
            self.report.sync.push(s);
        }
        resources
    }

    /// An operation completed at `now`: it becomes the last operation state (A4). Applied
    /// resources are no longer changed or drifted.
    pub fn completed(&mut self, world: &mut World, last: LastOp, applied: &[String], full: bool) {
        // §9: the completion event (a partial sync, such as a self-heal, says so).
        let partial = if full { "" } else { "Partial s" };
        let sync = if full { "Sync" } else { "ync" };
        let text = if last.succeeded {
            format!("{partial}{sync} operation to {} succeeded", last.revision)
        } else {
            format!("{partial}{sync} operation to {} failed: {}", last.revision, last.message)
        };
        self.note(world.now, text, if full { "A8" } else { "A13" });
        // A49: the refresh the operation's end requests compares with Git.
        self.poll.compare_due = Some(Comparison::AfterOperation);
        // What an operation of an older revision applied is still out of date (A8).
        let current = last.revision == self.target_revision;
        if !current {
            let stale: Vec<String> = if self.changed.iter().any(|c| c == "*") {
                applied.to_vec()
            } else {
                applied.iter().filter(|a| self.changed.contains(a)).cloned().collect()
            };
            out_of_date(world, Some(&stale), Stale::Revision(&last.revision));
        }
        if current && self.changed.iter().any(|c| c == "*") {
            self.changed.retain(|c| c != "*");
            // "Every resource changed": those this operation did not apply stay changed.
            let all = world.manifests.iter().filter(|m| !m.ann.is_hook && !m.ann.skip).map(|m| m.selector.clone());
            let all: Vec<String> = all.collect();
            add_all(&mut self.changed, &all);
        }
        // A drift seen after the operation applied the object (an edit while a later step or
        // hook ran) is still there: the apply did not undo it (A11, A49).
        self.drifted.retain(|d| !applied.contains(d) || drifted_since_applied(world, d));
        if current {
            self.changed.retain(|c| !applied.contains(c));
        }
        if current && full && last.succeeded {
            self.changed.clear();
        }
        self.last = Some(last);
    }

    /// A refresh with no operation in progress: records the sync status and runs `autoSync`
    /// (A2–A6, A12–A14). Returns the operation to start now.
    pub fn refresh(&mut self, world: &mut World, now: Time) -> Option<Start> {
        let resources = self.record_status(world, now);
        let decision = match &world.comparison_error {
            // R67: the ComparisonError condition; gate 4 sees the status Unknown.
            Some(u) => {
                let text = crate::argocd::generation::condition_message(u);
                if !self.report.conditions.iter().any(|c| c.ty == "ComparisonError") {
                    self.seq += 1;
                    let c = Condition {
                        t: now,
                        seq: self.seq,
                        ty: "ComparisonError".into(),
                        message: text,
                        cleared_at: None,
                    };
                    self.report.conditions.push(c);
                }
                match self.automated.is_some() && !self.deleted {
                    true => Decision::Skip(Some("Skipping auto-sync: application status is Unknown".into()), "A2"),
                    false => self.auto_sync(&resources, now),
                }
            }
            None => self.auto_sync(&resources, now),
        };
        match decision {
            Decision::Start(s) => {
                self.clear_sync_errors(now);
                // A7: the OperationStarted event ('…' in ≤3.1 and 3.4+, […] in 3.2 and 3.3).
                let v = self.version;
                let rev = if (v.major, v.minor) == (3, 2) || (v.major, v.minor) == (3, 3) {
                    format!("[{}]", s.revision)
                } else {
                    format!("'{}'", s.revision)
                };
                self.note(now, format!("Initiated automated sync to {rev}"), "A7");
                Some(s)
            }
            Decision::Condition(msg) => {
                let open = self.report.conditions.iter().any(|c| c.cleared_at.is_none() && c.message == msg);
                if !open {
                    self.clear_sync_errors(now);
                    self.seq += 1;
                    self.report.conditions.push(Condition {
                        t: now,
                        seq: self.seq,
                        ty: "SyncError".into(),
                        message: msg,
                        cleared_at: None,
                    });
                }
                None
            }
            Decision::Skip(msg, rule) => {
                // A7: no condition from autoSync removes every SyncError.
                self.clear_sync_errors(now);
                if let Some(msg) = msg {
                    self.note(now, msg, rule);
                }
                None
            }
            Decision::Wait(at, msg) => {
                self.clear_sync_errors(now);
                self.heal_at = Some(at);
                world.wake_at(at);
                self.note(now, msg, "A12");
                None
            }
        }
    }

    /// A refresh while an operation is in progress (a commit or a drift seen): the sync status
    /// moves to the new revision (A8), and autoSync stops at gate 2 (A2) with no condition.
    pub fn refresh_while_running(&mut self, world: &World, now: Time) {
        self.record_status(world, now);
        if self.automated.is_some() && !self.deleted {
            self.note(now, "Skipping auto-sync: another operation is in progress".into(), "A2");
        }
    }

    fn clear_sync_errors(&mut self, now: Time) {
        for c in self.report.conditions.iter_mut().filter(|c| c.ty == "SyncError") {
            if c.cleared_at.is_none() {
                c.cleared_at = Some(now);
            }
        }
    }

    fn auto_sync(&self, resources: &[OutOfSync], now: Time) -> Decision {
        // A2 gate 1.
        let Some(a) = self.automated else { return Decision::Skip(None, "A2") };
        // Gate 3.
        if self.deleted {
            return Decision::Skip(Some("Skipping auto-sync: deletion in progress".into()), "A2");
        }
        // Gate 4.
        if resources.is_empty() {
            return Decision::Skip(Some("Skipping auto-sync: application status is Synced".into()), "A2");
        }
        // Gate 5.
        if !a.prune && resources.iter().all(|r| r.reason == "RequiresPruning") {
            return Decision::Skip(
                Some("Skipping auto-sync: need to prune extra resources only but automated prune is disabled".into()),
                "A2",
            );
        }
        let rev = &self.target_revision;
        let revs = if self.brackets { format!("[{rev}]") } else { rev.clone() };
        // A6: wipe-out protection, when every entry of `status.resources` requires pruning: Synced
        // resources are entries too, so only an app with no resource left in its source.
        let none_left = self.index.as_ref().is_none_or(|i| i.resources.is_empty());
        if a.prune && !a.allow_empty && none_left && resources.iter().all(|r| r.reason == "RequiresPruning") {
            return Decision::Condition(format!(
                "Skipping sync attempt to {revs}: auto-sync will wipe out all resources"
            ));
        }
        // A4: attempted iff the last operation was to this revision.
        let attempted = self.last.as_ref().filter(|l| &l.revision == rev);
        let Some(last) = attempted else {
            return Decision::Start(Start {
                trigger: Trigger::Automated,
                revision: rev.clone(),
                resources: Vec::new(),
                prune: a.prune,
                // A15: 2.13.0 and 2.14.0-2.14.9 copied the count into every automated operation.
                heal_count: match (self.healing, &self.last) {
                    (Healing::CopiedNeverReset, Some(l)) => l.heal_count,
                    _ => 0,
                },
            });
        };
        // A5, A14: a failed revision is never synced again automatically, self-heal or not.
        if !last.succeeded {
            let text = if self.brackets {
                format!("Failed last sync attempt to {revs}: {}", last.message)
            } else {
                format!("Failed sync attempt to {revs}: {}", last.message)
            };
            return Decision::Condition(text);
        }
        if !a.self_heal {
            return Decision::Skip(Some(format!("Skipping auto-sync: most recent sync already to {revs}")), "A5");
        }
        // A12, A15: the self-heal backoff, from the last operation's finish.
        let n = heal_count(self.healing, last, now);
        let delay = self_heal_delay(n);
        let mut at = last.finished_at.saturating_add(delay);
        if last.heal_count > 0 {
            // A heal that could not make the app Synced (a prune it may not do) is followed by
            // the next one no sooner than a second later: the real controller's latency, and no
            // endless loop within one simulated second.
            at = at.max(last.finished_at + 1);
        }
        if at > now {
            return Decision::Wait(
                at,
                format!(
                    "Skipping auto-sync: already attempted sync to {revs} with timeout {delay}s (retrying in {}s)",
                    at - now
                ),
            );
        }
        // A13: only the resources that are not Synced, so no hook runs.
        Decision::Start(Start {
            trigger: Trigger::SelfHeal,
            revision: rev.clone(),
            resources: resources.iter().map(|r| r.reference.clone()).collect(),
            prune: a.prune,
            heal_count: n + 1,
        })
    }

    /// A log line, once per distinct message in a row.
    pub fn note(&mut self, t: Time, message: String, rule: &str) {
        self.note_citing(t, message, rule, &[]);
    }

    /// A note whose message names the rules `cites`.
    fn note_citing(&mut self, t: Time, message: String, rule: &str, cites: &[&str]) {
        if self.last_note.as_deref() == Some(message.as_str()) {
            return;
        }
        self.last_note = Some(message.clone());
        self.seq += 1;
        let cites = cites.iter().map(|r| r.to_string()).collect();
        self.report.notes.push(Note { t, seq: self.seq, message, rule: rule.to_string(), cites });
    }
}

/// Adds the strings not in `set` yet.
fn add_all(set: &mut Vec<String>, items: &[String]) {
    for i in items {
        if !set.contains(i) {
            set.push(i.clone());
        }
    }
}

/// Whether a live object of `selector` was drifted since it was last applied (an apply
/// replaces the live copy with the manifest and clears `drifted`).
fn drifted_since_applied(world: &World, selector: &str) -> bool {
    world.cluster.iter().any(|l| l.selector == selector && l.drifted)
}

/// Why a live object no longer equals its manifest: a commit's revision changed it, or someone
/// edited it (a drift, A11).
#[derive(Clone, Copy)]
enum Stale<'a> {
    Revision(&'a str),
    Drift,
}

/// Makes the live objects of `selectors` (None: every non-hook object) differ from their
/// manifests, by a mark in their metadata that only comparisons see.
fn out_of_date(world: &mut World, selectors: Option<&[String]>, why: Stale) {
    let uids: Vec<_> = world
        .cluster
        .iter()
        .filter(|l| !l.ann.is_hook && selectors.is_none_or(|s| s.contains(&l.selector)))
        .map(|l| l.uid)
        .collect();
    for uid in uids {
        let Some(live) = world.cluster.get(uid) else { continue };
        let mut node = live.node(world.manifests).clone();
        if let Value::Map(entries) = &mut node.value {
            let scalar =
                |s: &str| Node { value: Value::Str(s.to_string()), pos: Pos::default(), raw: None, quoted: true };
            let meta = entries.iter_mut().find(|(k, _)| k.as_str() == Some("metadata"));
            let mark = match why {
                Stale::Revision(r) => r,
                Stale::Drift => "drift",
            };
            let mark_entry = (scalar("hooksim-out-of-date"), scalar(mark));
            match meta {
                Some((_, Node { value: Value::Map(m), .. })) => m.push(mark_entry),
                _ => entries.push((
                    scalar("metadata"),
                    Node { value: Value::Map(vec![mark_entry]), pos: Pos::default(), raw: None, quoted: false },
                )),
            }
        }
        if let Some(l) = world.cluster.get_mut(uid) {
            l.node = crate::world::cluster::NodeRef::Own(std::rc::Rc::new(node));
            l.drifted |= matches!(why, Stale::Drift);
        }
    }
}

/// Why the controller compares the app with Git at a second (A46, A49).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comparison {
    /// A webhook (or a refresh from the UI): `CompareWithLatestForceResolve`.
    Webhook,
    /// The controller's first refresh of the app.
    Start,
    /// The refresh an operation's end requests (A49).
    AfterOperation,
    /// The refresh at the end of a self-heal wait (A12).
    HealWait,
    /// The k-th periodic refresh, whose comparison had expired (A46).
    Poll { k: usize, resync: Time, jitter: Time, last: Time },
}

enum Decision {
    Start(Start),
    Condition(String),
    Skip(Option<String>, &'static str),
    Wait(Time, String),
}

#[cfg(test)]
mod tests {
    use super::self_heal_delay;

    /// A46: the k-th periodic refresh runs at k × timeout.reconciliation plus its jitter, 0 for
    /// the refreshes after the Scenario's list.
    #[test]
    fn a46_periodic_refresh_times() {
        let poll = super::Poll {
            period: 120,
            jitter: vec![25, 10],
            next: 1,
            reconciled_at: 0,
            pushed: Vec::new(),
            compare_due: None,
        };
        assert_eq!((1..=3).map(|k| poll.at(k)).collect::<Vec<_>>(), [145, 250, 360]);
    }

    /// A12: 0, 2, 6, 18, 54, 162, 300, 300 (`TestSelfHealRemainingBackoff`).
    #[test]
    fn a12_self_heal_backoff() {
        let d: Vec<i64> = (0..8).map(self_heal_delay).collect();
        assert_eq!(d, vec![0, 2, 6, 18, 54, 162, 300, 300]);
        assert_eq!(self_heal_delay(1000), 300);
    }
}
