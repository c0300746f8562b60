//! The Kubernetes Job controller (k8s-job.md J1–J33), as a state machine ([`JobController`])
//! that the world steps through its one event queue as its clock reaches each happening; run
//! ahead in a queue of its own, it gives a whole timeline ([`simulate_job_script`]). See the module's functions for the rules each part follows; what is particular to
//! Indexed Jobs (J12, J23, J24, J26) is in [`super::index`].

use std::collections::BTreeSet;
use std::rc::Rc;

use super::backoff::{job_backoff, job_backoff_cap, KubeletBackoff};
use super::index::{indexed_pod_prefix, success_policy_message, Indexes, SuccessTracker};
use super::messages::*;
use super::names::*;
use super::recorder::Recorder;
use super::types::*;
use crate::common::health::HealthStatus;
use crate::common::queue::Queue;
use crate::report::Time;

fn to_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------------------------
// The Job controller simulation
// ---------------------------------------------------------------------------------------------

/// Simulates the Job controller for one Job created at t = 0 (see [`simulate_job_script`]), the
/// same attempt list for every pod (every index of an Indexed Job).
pub fn simulate_job(
    spec: &JobSpec,
    attempts: &[Attempt],
    timing: &Timing,
    horizon: Time,
    max_events: usize,
) -> JobTimeline {
    simulate_job_script(spec, &Script::new(attempts.to_vec()), timing, horizon, max_events)
}

/// Simulates the Job controller for one Job created at t = 0 until the Job is finished,
/// nothing more can happen, `horizon` (relative seconds) is passed, or `max_events` events were
/// produced (then `truncated = true`). `script` says what each container run does.
///
/// Rules:
/// - J2: `restartPolicy` Always or unset is rejected by the API server at apply (the caller reports
///   that); here such a Job gets an empty timeline, Progressing.
/// - J3: `managed_by_other` → the built-in controller never touches the Job: no events,
///   Progressing.
/// - J33/J13: `suspend: true` → `Suspended=True` (JobSuspended, "Job suspended") at t = O, no
///   pods, health Suspended.
/// - `restartPolicy: Never` follows §2.2 generalised to completions/parallelism (J4, J5, J7, J8,
///   J10, J11, J14, J17, J18, J22, J25); `OnFailure` follows §2.3 (J6, J29, J30).
/// - Indexed Jobs (J23): each index in `[0, completions)` needs one succeeded pod; pods go to the
///   lowest pending indexes first and carry their index. With `backoffLimitPerIndex` (J24, J12)
///   each index counts its failures and has its own backoff; an index fails after
///   `backoffLimitPerIndex + 1` counted failures or on a `FailIndex` rule, and is never retried;
///   the Job fails with `MaxFailedIndexesExceeded` or, once every index is done, `FailedIndexes`.
///   A `successPolicy` rule (J26) ends the Job early: `SuccessCriteriaMet` (SuccessPolicy,
///   "Matched rules at index N"), the lingering pods are deleted, then `Complete`.
/// - J15: from 1.31 `Failed` waits until the pods the controller killed are gone (+O); interim
///   `FailureTarget`/`SuccessCriteriaMet` are written from 1.31 (FailureTarget for a
///   podFailurePolicy FailJob match on every version).
///
/// Events are produced in time order; events at the same second are in causal order. Only events
/// at `t <= horizon` are produced.
///
/// This is the [`JobController`] run ahead to its end in a queue of its own (the controller's
/// unit tests); the world steps the same machine in its own queue instead.
pub fn simulate_job_script(
    spec: &JobSpec,
    script: &Script,
    timing: &Timing,
    horizon: Time,
    max_events: usize,
) -> JobTimeline {
    JobController::new(spec.clone(), script.clone(), timing, horizon, max_events).run_ahead()
}

/// The Job controller of one Job as a state machine stepped by whoever owns the clock (the
/// world, `Action::Job`): [`JobController::new`] schedules its first happenings, each
/// [`JobController::step`] runs one and may schedule more ([`JobController::take_scheduled`]),
/// and what it did so far is [`JobController::timeline`], times relative to the Job's creation.
#[derive(Debug)]
pub(crate) struct JobController {
    sim: JobSim,
    /// Relative seconds: nothing after it happens.
    horizon: Time,
    /// When the current run of the controller started, relative to the Job's creation (not 0
    /// once the Job's pods waited and it starts again, [`JobController::restart`]).
    offset: Time,
}

impl JobController {
    pub(crate) fn new(spec: JobSpec, script: Script, timing: &Timing, horizon: Time, max_events: usize) -> Self {
        let timing = sane_timing(timing);
        let rec = Recorder::new(max_events);
        let mut sim = JobSim::new(Rc::new(spec), Rc::new(script), timing, rec);
        if matches!(sim.spec.restart_policy, RestartPolicy::Always | RestartPolicy::Unset) {
            // J2: never runs as a Job.
        } else if sim.spec.managed_by_other {
            // J3: another controller owns it.
        } else if sim.spec.suspend {
            // J13/J33: created suspended: no pods, no deadline timer (J17).
            sim.schedule(sim.o(), Happening::Suspend);
        } else {
            sim.start();
        }
        JobController { sim, horizon, offset: 0 }
    }

    /// The Job's spec, as the controller read it.
    pub(crate) fn spec(&self) -> Rc<JobSpec> {
        Rc::clone(&self.sim.spec)
    }

    /// J36–J38: the controller starts again at `at` (relative to the Job's creation) with `spec`
    /// and `script` (the deadline left), keeping what it recorded so far; what it had scheduled is dropped (the
    /// caller drops what it queued). `refused`: the API server refuses its pods (J37): its pod
    /// events are not to be shown, and its conditions come at its deadline at the latest.
    pub(crate) fn restart(
        &mut self,
        spec: Rc<JobSpec>,
        script: Rc<Script>,
        at: Time,
        refused: bool,
        max_events: usize,
    ) {
        let mut rec = std::mem::replace(&mut self.sim.rec, Recorder::new(0));
        rec.restart_at(at, max_events);
        // A new controller's first health, unless it is the one already recorded.
        rec.health(0, HealthStatus::Progressing, "");
        let mut sim = JobSim::new(spec, script, self.sim.timing, rec);
        // J17: the Job's deadline counts from its start, not from this run's.
        sim.deadline = sim.spec.active_deadline_seconds.map(|a| a.saturating_sub(at).max(0));
        if refused {
            sim.refused_until = sim.deadline;
        }
        sim.start();
        self.sim = sim;
        self.offset = at;
    }

    /// What the current run of the controller does up to `until` (relative to the Job's
    /// creation), run ahead by another controller: this one is not stepped. Only for a run that
    /// has not been stepped yet (its first happenings not taken by the caller), and its
    /// timeline holds that run's events only.
    pub(crate) fn peek(&self, until: Time, max_events: usize) -> JobTimeline {
        let mut rec = Recorder::new(max_events);
        rec.restart_at(self.offset, max_events);
        let mut sim = JobSim::new(Rc::clone(&self.sim.spec), Rc::clone(&self.sim.script), self.sim.timing, rec);
        sim.deadline = self.sim.deadline;
        sim.refused_until = self.sim.refused_until;
        sim.outbox = self.sim.outbox.clone();
        JobController { sim, horizon: self.horizon.min(until), offset: self.offset }.run_ahead()
    }

    /// Runs happening `h` at `t` (relative to the Job's creation). False once the controller
    /// has stopped (past its horizon, or its events are cut): it does nothing more.
    pub(crate) fn step(&mut self, t: Time, h: Happening) -> bool {
        if t > self.horizon || self.sim.rec.stopped() {
            self.sim.outbox.clear();
            return false;
        }
        let t = t - self.offset;
        match h {
            Happening::Suspend => {
                let kind = JobEventKind::Condition {
                    ty: ConditionType::Suspended,
                    reason: "JobSuspended".into(),
                    message: "Job suspended".into(),
                };
                if self.sim.rec.emit(t, kind, "J13") {
                    self.sim.rec.health(t, HealthStatus::Suspended, "");
                }
            }
            Happening::Sync => self.sim.sync(t),
            Happening::FinalSync => self.sim.final_sync(t),
            Happening::RunEnd { pod, token } => self.sim.run_end(t, pod, token),
            Happening::Restart { pod, token } => self.sim.restart(t, pod, token),
            Happening::Gone { pod } => self.sim.gone(t, pod),
            Happening::PodDeadline { pod } => self.sim.pod_deadline(t, pod),
        }
        if self.sim.rec.stopped() {
            self.sim.outbox.clear();
            return false;
        }
        true
    }

    /// What the last steps scheduled: (relative time, happening), in the order scheduled.
    pub(crate) fn take_scheduled(&mut self) -> impl Iterator<Item = (Time, Happening)> + '_ {
        let offset = self.offset;
        self.sim.outbox.drain(..).map(move |(t, h)| (t.saturating_add(offset), h))
    }

    pub(crate) fn timeline(&self) -> &JobTimeline {
        &self.sim.rec.tl
    }

    pub(crate) fn timeline_mut(&mut self) -> &mut JobTimeline {
        &mut self.sim.rec.tl
    }

    /// Runs to the end in a queue of its own.
    fn run_ahead(mut self) -> JobTimeline {
        let mut queue: Queue<u8, Happening> = Queue::new();
        for (t, h) in self.take_scheduled() {
            queue.push(t, h.class(), h);
        }
        while let Some((t, h)) = queue.pop() {
            if !self.step(t, h) {
                break;
            }
            for (t, h) in self.take_scheduled() {
                queue.push(t, h.class(), h);
            }
        }
        self.into_timeline()
    }

    pub(crate) fn into_timeline(self) -> JobTimeline {
        self.sim.rec.tl
    }

    /// Lowers (never raises) how many events the controller may still record in all.
    pub(crate) fn limit_events(&mut self, max_events: usize) {
        self.sim.rec.set_max_events(max_events);
    }
}

/// What the simulation will do at some instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Happening {
    /// J13: the sync that finds the Job created suspended.
    Suspend,
    /// A Job controller sync (J14).
    Sync,
    /// ≥ 1.31: the sync that writes the delayed terminal condition (J15).
    FinalSync,
    /// The container run `token` of pod `pod` exits.
    RunEnd { pod: usize, token: u64 },
    /// OnFailure: kubelet restarts the container of pod `pod` (J30).
    Restart { pod: usize, token: u64 },
    /// A pod the controller deleted is gone.
    Gone { pod: usize },
    /// J29: the pod-template `activeDeadlineSeconds` of pod `pod` has passed.
    PodDeadline { pod: usize },
}

impl Happening {
    /// At the same instant the controller acts first: a deadline equal to a container's exit
    /// kills the container (§2.2: `deadline <= finish_k`).
    pub(crate) fn class(self) -> u8 {
        match self {
            Happening::Sync | Happening::FinalSync | Happening::Suspend => 0,
            // A container that exits at the pod deadline exits by itself.
            Happening::PodDeadline { .. } => 2,
            _ => 1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PodState {
    /// J31: waiting for an image that cannot be pulled.
    Pending,
    /// A container run is in progress.
    Running,
    /// OnFailure: the container exited and waits for its kubelet restart (CrashLoopBackOff).
    Waiting,
    /// Terminal by itself (Never: Succeeded/Failed; OnFailure: Succeeded).
    Exited,
    /// Deleted by the controller, not gone yet.
    Terminating,
    Gone,
}

#[derive(Debug, Clone)]
struct SimPod {
    name: String,
    state: PodState,
    /// Attempt number of the current (or last) container run (counted over the whole Job).
    attempt: u32,
    /// J23: the pod's completion index (Indexed Jobs).
    index: Option<i64>,
    /// What the current (or last) container run does.
    outcome: RunOutcome,
    /// Identifies the current run, so that a killed run's RunEnd/Restart is ignored.
    token: u64,
    /// OnFailure: start times of the restarts (restartCount = their number).
    restarts: Vec<Time>,
    kubelet: KubeletBackoff,
    /// Set when the pod is terminal by itself: (time, succeeded).
    exited: Option<(Time, bool)>,
    last_exit_code: i32,
    /// J10: the finish time the backoff is anchored to when it is not the time in `exited`
    /// (a pod failed by its pod-level deadline, J29).
    finish_anchor: Option<Time>,
    /// Creation time, and the last container exit (OnFailure).
    created: Time,
    last_finish: Option<Time>,
    /// The controller has counted its terminal state (J4).
    counted: bool,
    /// State when the controller deleted it, the Job's reason, and when (J7, J15: shown on the
    /// timeline, since the deletion itself is not an event of the report).
    killed: Option<(PodState, &'static str, Time)>,
}

/// J15: a terminal condition decided while pods the controller deleted are still terminating.
#[derive(Debug, Clone)]
struct PendingFinish {
    /// `Complete` (a success policy with lingering pods, J26) rather than `Failed`.
    success: bool,
    reason: String,
    message: String,
    terminating: usize,
}

#[derive(Debug)]
struct JobSim {
    spec: Rc<JobSpec>,
    script: Rc<Script>,
    timing: Timing,
    rec: Recorder,
    /// What was scheduled and not yet handed to the queue's owner ([`JobController::take_scheduled`]).
    outbox: Vec<(Time, Happening)>,
    /// J37: the API server refuses the pods (a ServiceAccount that does not exist). The pods
    /// the controller keeps are never shown (the caller reports the FailedCreate), and with
    /// nothing to wait for, the Job's end comes at its deadline at the latest: nothing is
    /// scheduled after it.
    refused_until: Option<Time>,
    pods: Vec<SimPod>,
    /// The pods the controller still looks at: active (Pending, Running, Waiting) or terminal
    /// but not yet counted. Every sync visits these only, so a Job's bookkeeping stays linear in
    /// its pods (counted and deleted pods leave the set).
    open: BTreeSet<usize>,
    /// The pods of `open` that have exited and are not counted yet (and some that have since
    /// left that state): what a sync looks for. 15,000 pods ending together make 15,000 syncs,
    /// and each one looked through every open pod (a fuzzer's input, seconds in a release build).
    exited: BTreeSet<usize>,
    names: BTreeSet<String>,
    /// Container runs started so far (= the last attempt number used).
    runs: u64,
    /// `status.failed` (J4), `status.succeeded` (NonIndexed; Indexed Jobs count indexes).
    failed: i64,
    succeeded: i64,
    /// J10 backoff record: failures since the last success and the newest failure's finish time.
    n: u64,
    last_failure: Option<Time>,
    /// The time the controller currently waits for (J10), to emit one BackoffWait per decision.
    pending_wait: Option<Time>,
    deadline: Option<Time>,
    backoff_limit: i64,
    completions: Option<i64>,
    parallelism: i64,
    on_failure: bool,
    /// J23: the indexes of an Indexed Job.
    indexes: Option<Indexes>,
    /// J24: `backoffLimitPerIndex` of an Indexed Job.
    per_index: Option<i64>,
    /// J26: the success policy of an Indexed Job.
    success: Option<SuccessTracker>,
    /// The Job has a terminal condition (or decided one and only waits for pods, J15).
    done: bool,
    pending_finish: Option<PendingFinish>,
}

impl JobSim {
    fn new(spec: Rc<JobSpec>, script: Rc<Script>, timing: Timing, rec: Recorder) -> Self {
        // J1: parallelism defaults to 1; completions stays nil (work queue, J8) when unset.
        let parallelism = spec.parallelism.unwrap_or(1).max(0);
        let completions = spec.completions.map(|c| c.max(0));
        // J23: Indexed needs completions (the API server requires it; without, run NonIndexed).
        let indexes = completions.filter(|_| spec.indexed).map(Indexes::new);
        let per_index = spec.backoff_limit_per_index.filter(|_| indexes.is_some()).map(|b| b.max(0));
        let success =
            (indexes.is_some() && !spec.success_policy.is_empty()).then(|| SuccessTracker::new(&spec.success_policy));
        let deadline = spec.active_deadline_seconds.map(|d| d.max(0));
        let backoff_limit = spec.backoff_limit.max(0);
        let on_failure = spec.restart_policy == RestartPolicy::OnFailure;
        JobSim {
            spec,
            script,
            timing,
            rec,
            outbox: Vec::new(),
            refused_until: None,
            pods: Vec::new(),
            open: BTreeSet::new(),
            exited: BTreeSet::new(),
            names: BTreeSet::new(),
            runs: 0,
            failed: 0,
            succeeded: 0,
            n: 0,
            last_failure: None,
            pending_wait: None,
            // J17: counted from startTime = creation (t = 0).
            deadline,
            backoff_limit,
            completions,
            parallelism,
            on_failure,
            indexes,
            per_index,
            success,
            done: false,
            pending_finish: None,
        }
    }

    fn o(&self) -> Time {
        self.timing.job_sync_seconds
    }

    fn modern(&self) -> bool {
        self.timing.kube_minor >= 31
    }

    fn schedule(&mut self, t: Time, h: Happening) {
        let t = self.refused_until.map_or(t, |a| t.min(a));
        self.outbox.push((t, h));
    }

    fn emit(&mut self, t: Time, kind: JobEventKind, rule: &'static str) -> bool {
        self.rec.emit(t, kind, rule)
    }

    /// An event about pod `idx` (it carries the pod's index, J23).
    fn emit_pod(&mut self, t: Time, idx: usize, kind: JobEventKind, rule: &'static str) -> bool {
        let index = self.pods[idx].index;
        self.rec.emit_indexed(t, kind, rule, index)
    }

    /// The first happenings: the sync at creation, and the deadline's.
    fn start(&mut self) {
        self.schedule(0, Happening::Sync);
        if let Some(d) = self.deadline {
            // J17: the controller requeues itself for exactly startTime + ADS.
            self.schedule(d, Happening::Sync);
        }
    }

    // -- pods ---------------------------------------------------------------------------------

    /// The next container run: its attempt number over the Job, and what it does. An Indexed
    /// Job's pods take their script by the run's number within their index ([`Script`]).
    fn next_attempt(&mut self, index: Option<i64>) -> (u32, RunOutcome) {
        self.runs = self.runs.saturating_add(1);
        let k = match (index, self.indexes.as_mut()) {
            (Some(ix), Some(ixs)) => {
                let st = ixs.states.entry(ix).or_default();
                st.runs = st.runs.saturating_add(1);
                st.runs
            }
            _ => self.runs,
        };
        let a = self.script.attempt(index.filter(|_| self.indexes.is_some()), k);
        (to_u32(self.runs), RunOutcome::of(&a, &self.timing))
    }

    /// J22/J23: the controller creates one pod (for `index`, in an Indexed Job); its first
    /// container run uses the next attempt.
    fn create_pod(&mut self, t: Time, note: String, index: Option<i64>, rule: &'static str) -> bool {
        let (seed, k) = match (index, self.indexes.as_mut()) {
            (Some(ix), Some(ixs)) => {
                let st = ixs.started(ix);
                st.pods = st.pods.saturating_add(1);
                (Some(ix), st.pods)
            }
            _ => (None, self.pods.len() as u64 + 1),
        };
        let generation = self.spec.generation << 32;
        let fresh = |salt: u64| match seed {
            Some(ix) if salt == 0 && generation == 0 => indexed_pod_name(&self.spec.name, ix, k),
            Some(ix) => {
                let prefix = indexed_pod_prefix(&self.spec.name, ix);
                let suffix = name_suffix(&prefix, k, salt);
                format!("{prefix}{suffix}")
            }
            None => pod_name_salted(&self.spec.name, k, salt),
        };
        let mut salt = generation;
        let mut name = fresh(salt);
        while self.names.contains(&name) {
            salt += 1;
            name = fresh(salt);
        }
        self.names.insert(name.clone());
        let (attempt, outcome) = self.next_attempt(index);
        let idx = self.pods.len();
        self.pods.push(SimPod {
            name: name.clone(),
            state: PodState::Running,
            attempt,
            index,
            outcome,
            token: 0,
            restarts: Vec::new(),
            kubelet: KubeletBackoff::default(),
            exited: None,
            last_exit_code: 0,
            finish_anchor: None,
            created: t,
            last_finish: None,
            counted: false,
            killed: None,
        });
        if !self.emit_pod(t, idx, JobEventKind::PodCreated { attempt, pod: name, note }, rule) {
            return false;
        }
        self.open.insert(idx);
        if let Some(d) = self.spec.pod_active_deadline_seconds {
            // J29: kubelet fails the pod that long after it started (pod start ≈ creation).
            self.schedule(t.saturating_add(d.max(0)), Happening::PodDeadline { pod: idx });
        }
        self.start_run(t, idx, attempt, outcome, false)
    }

    /// Starts container run `attempt` of pod `idx` (the first run, or an OnFailure restart).
    fn start_run(&mut self, t: Time, idx: usize, attempt: u32, outcome: RunOutcome, restart: bool) -> bool {
        let pod = &mut self.pods[idx];
        pod.attempt = attempt;
        pod.outcome = outcome;
        pod.token += 1;
        let token = pod.token;
        let name = pod.name.clone();
        match outcome {
            RunOutcome::ImagePull => {
                // J31: the container never starts; nothing fails by itself. On a restart the new
                // container instance is never created, so restartCount does not grow.
                self.pods[idx].state = PodState::Pending;
                let kind = JobEventKind::PodPending { attempt, pod: name, reason: "ErrImagePull".into() };
                self.emit_pod(t, idx, kind, "J31")
            }
            RunOutcome::Hang | RunOutcome::Exit { .. } => {
                let pod = &mut self.pods[idx];
                pod.state = PodState::Running;
                if restart {
                    pod.restarts.push(t);
                    let restart_count = to_u32(pod.restarts.len() as u64);
                    let note = format!(
                        "kubelet starts container instance {restart_count} (restartCount \
                         {restart_count}); the Job controller counts restarts (J6)"
                    );
                    let kind = JobEventKind::ContainerRestarted { attempt, pod: name, restart_count, note };
                    if !self.emit_pod(t, idx, kind, "J30") {
                        return false;
                    }
                    // J6: the controller sees the new restartCount O later.
                    let o = self.o();
                    self.schedule(t.saturating_add(o), Happening::Sync);
                }
                if let RunOutcome::Exit { seconds, .. } = outcome {
                    self.schedule(t.saturating_add(seconds), Happening::RunEnd { pod: idx, token });
                }
                true
            }
        }
    }

    fn run_end(&mut self, t: Time, idx: usize, token: u64) {
        let pod = &self.pods[idx];
        if pod.token != token || pod.state != PodState::Running {
            return; // the run was killed
        }
        let (code, oom) = match pod.outcome {
            RunOutcome::Exit { code, oom, .. } => (code, oom),
            _ => return,
        };
        let attempt = pod.attempt;
        let name = pod.name.clone();
        let o = self.o();
        self.pods[idx].last_exit_code = code;
        self.pods[idx].last_finish = Some(t);
        if code == 0 {
            // J29: the pod is Succeeded (Never and OnFailure alike).
            self.pods[idx].state = PodState::Exited;
            self.pods[idx].exited = Some((t, true));
            self.exited.insert(idx);
            if self.emit_pod(t, idx, JobEventKind::PodSucceeded { attempt, pod: name }, "J29") {
                self.schedule(t.saturating_add(o), Happening::Sync);
            }
            return;
        }
        let reason = exit_reason(oom).to_string();
        if self.on_failure {
            // J29/J30: restarted in place; the pod phase stays Running.
            let wait = self.pods[idx].kubelet.on_exit(t);
            self.pods[idx].state = PodState::Waiting;
            let message = crash_loop_message(code, wait);
            let kind = JobEventKind::PodFailed { attempt, pod: name, exit_code: code, reason, message };
            if self.emit_pod(t, idx, kind, "J30") {
                self.schedule(t.saturating_add(wait), Happening::Restart { pod: idx, token });
            }
        } else {
            self.pods[idx].state = PodState::Exited;
            self.pods[idx].exited = Some((t, false));
            self.exited.insert(idx);
            let message = format!(
                "container exited with {code}; pod phase Failed (restartPolicy Never){}",
                self.index_fate(idx, code)
            );
            let kind = JobEventKind::PodFailed { attempt, pod: name, exit_code: code, reason, message };
            if self.emit_pod(t, idx, kind, "J29") {
                self.schedule(t.saturating_add(o), Happening::Sync);
            }
        }
    }

    /// J24: what a failure of pod `idx` with exit `code` does to its index, for the `PodFailed`
    /// message ("" unless the Job has `backoffLimitPerIndex`). The pod's index has counted all
    /// its earlier failures already: a replacement is created only after that.
    fn index_fate(&self, idx: usize, code: i32) -> String {
        let (Some(ix), Some(limit), Some(ixs)) = (self.pods[idx].index, self.per_index, self.indexes.as_ref()) else {
            return String::new();
        };
        let before = ixs.states.get(&ix).map_or(0, |s| s.failures);
        match self.pfp_match(code) {
            Some((rule, PfpAction::FailIndex)) => {
                format!("; FailIndex rule at index {rule}: index {ix} fails without a retry (J24)")
            }
            Some((_, PfpAction::Ignore)) => format!("; ignored: index {ix} is retried without using a retry (J24)"),
            Some((_, PfpAction::FailJob)) => String::new(),
            _ if i64::try_from(before).unwrap_or(i64::MAX) >= limit => match limit {
                0 => format!("; index {ix} fails: backoffLimitPerIndex 0 allows no retry (J24)"),
                1 => format!("; index {ix} fails: its one retry is used up (backoffLimitPerIndex 1, J24)"),
                _ => format!("; index {ix} fails: its {limit} retries are used up (backoffLimitPerIndex, J24)"),
            },
            _ => format!("; index {ix} is retried (retry {} of {limit}, backoffLimitPerIndex, J24)", before + 1),
        }
    }

    /// J29: kubelet fails a pod whose pod-level `activeDeadlineSeconds` has passed (reason
    /// DeadlineExceeded); the Job counts it like any failed pod and may replace it. J10: the
    /// backoff is anchored to the pod's finish time: the kill for a running container, the last
    /// exit for a crash-looping one, and for a container that never started (image pull) the
    /// `Ready=False` transition, which is about the pod's start.
    fn pod_deadline(&mut self, t: Time, idx: usize) {
        let pod = &self.pods[idx];
        let (anchor, exit_code) = match pod.state {
            PodState::Running => (t, 143),
            PodState::Waiting => (pod.last_finish.unwrap_or(t), pod.last_exit_code),
            PodState::Pending => (pod.created, 143),
            _ => return,
        };
        let attempt = pod.attempt;
        let name = pod.name.clone();
        let pod = &mut self.pods[idx];
        pod.token += 1; // the running container is killed
        pod.state = PodState::Exited;
        pod.exited = Some((t, false));
        pod.finish_anchor = Some(anchor);
        pod.last_exit_code = exit_code;
        self.exited.insert(idx);
        let message =
            format!("Pod was active on the node longer than the specified deadline{}", self.index_fate(idx, exit_code));
        let kind =
            JobEventKind::PodFailed { attempt, pod: name, exit_code, reason: "DeadlineExceeded".into(), message };
        if self.emit_pod(t, idx, kind, "J29") {
            let o = self.o();
            self.schedule(t.saturating_add(o), Happening::Sync);
        }
    }

    /// J30: kubelet restarts an OnFailure container in the same pod.
    fn restart(&mut self, t: Time, idx: usize, token: u64) {
        let pod = &self.pods[idx];
        if pod.token != token || pod.state != PodState::Waiting {
            return; // the pod was deleted meanwhile
        }
        let (attempt, outcome) = self.next_attempt(pod.index);
        self.start_run(t, idx, attempt, outcome, true);
    }

    fn gone(&mut self, t: Time, idx: usize) {
        let Some((was, job_reason, at)) = self.pods[idx].killed else {
            return;
        };
        if self.pods[idx].state != PodState::Terminating {
            return;
        }
        self.pods[idx].state = PodState::Gone;
        let pod = &self.pods[idx];
        let (attempt, name, last_exit_code) = (pod.attempt, pod.name.clone(), pod.last_exit_code);
        let reason = if job_reason == "DeadlineExceeded" { "DeadlineExceeded" } else { "Error" };
        // The times of the timeline are relative to the Job's creation: say how long ago.
        let ago = t.saturating_sub(at);
        let (exit_code, message) = match was {
            PodState::Running => (
                143,
                format!(
                    "container ended by SIGTERM {ago} s after the Job controller deleted the pod \
                     ({job_reason})"
                ),
            ),
            PodState::Pending => (
                143,
                format!(
                    "pod gone {ago} s after the Job controller deleted it ({job_reason}); its \
                     container never started"
                ),
            ),
            _ => (
                last_exit_code,
                format!(
                    "pod gone {ago} s after the Job controller deleted it ({job_reason}) during \
                     CrashLoopBackOff; no container was running"
                ),
            ),
        };
        let kind = JobEventKind::PodFailed { attempt, pod: name.clone(), exit_code, reason: reason.into(), message };
        if !self.emit_pod(t, idx, kind, "J7") {
            return;
        }
        if !self.emit_pod(t, idx, JobEventKind::PodGone { pod: name }, "J7") {
            return;
        }
        let o = self.o();
        if let Some(pf) = self.pending_finish.as_mut() {
            pf.terminating = pf.terminating.saturating_sub(1);
            if pf.terminating == 0 {
                self.schedule(t.saturating_add(o), Happening::FinalSync);
            }
        }
    }

    // -- the controller -----------------------------------------------------------------------

    fn pfp_match(&self, code: i32) -> Option<(usize, PfpAction)> {
        if self.on_failure || code == 0 {
            return None; // J25: Never only; exit-0 containers never match
        }
        self.spec.pod_failure_policy.iter().enumerate().find_map(|(i, rule)| {
            let r = rule.on_exit_codes.as_ref()?;
            if let Some(c) = &r.container_name {
                if *c != self.spec.container_name {
                    return None;
                }
            }
            let listed = r.values.contains(&code);
            (listed == r.operator_in).then_some((i, rule.action))
        })
    }

    /// Succeeded indexes (Indexed Jobs, J23) or succeeded pods.
    fn succeeded_count(&self) -> i64 {
        match &self.indexes {
            Some(ixs) => ixs.succeeded.len() as i64,
            None => self.succeeded,
        }
    }

    /// J23/J26: index `ix` has a succeeded pod.
    fn index_succeeded(&mut self, ix: i64) {
        let Some(ixs) = self.indexes.as_mut() else { return };
        ixs.waiting.remove(&ix);
        if ixs.succeeded.insert(ix) {
            if let Some(s) = self.success.as_mut() {
                s.add(ix);
            }
        }
    }

    /// J24 (`isIndexFailed`, `getNewIndexFailureCounts`): index `ix` has a failed pod, finished at
    /// `anchor`, that matched `action` (None: no rule). With `backoffLimitPerIndex` the index
    /// fails on a `FailIndex` match or on a counted failure when it already has that many;
    /// otherwise it waits for a new pod.
    fn index_failed_pod(&mut self, ix: i64, anchor: Time, action: Option<PfpAction>) {
        let per_index = self.per_index;
        let Some(ixs) = self.indexes.as_mut() else { return };
        let st = ixs.states.entry(ix).or_default();
        st.last_failure = Some(anchor);
        let index_fails = match (per_index, action) {
            (Some(_), Some(PfpAction::FailIndex)) => true,
            (_, Some(PfpAction::Ignore)) => {
                st.ignored = st.ignored.saturating_add(1);
                false
            }
            (Some(limit), _) if i64::try_from(st.failures).unwrap_or(i64::MAX) >= limit => true,
            _ => {
                st.failures = st.failures.saturating_add(1);
                false
            }
        };
        if index_fails {
            ixs.failed.insert(ix);
        } else {
            ixs.waiting.insert(ix);
        }
    }

    /// One `syncJob` (J14).
    fn sync(&mut self, t: Time) {
        if self.done {
            return;
        }
        let o = self.o();
        // J4: count the pods whose terminal state the controller now sees.
        // Those that are no longer exited and uncounted, or no longer open, leave `exited`.
        let (open, pods) = (&self.open, &self.pods);
        self.exited.retain(|i| open.contains(i) && !pods[*i].counted && pods[*i].state == PodState::Exited);
        let mut newly: Vec<(Time, usize)> = self
            .exited
            .iter()
            .map(|&i| (i, &self.pods[i]))
            .filter_map(|(i, p)| p.exited.map(|(at, _)| (at, i)))
            .filter(|(at, _)| at.saturating_add(o) <= t)
            .collect();
        crate::common::sort::sort(&mut newly);
        let mut succ_times = Vec::new();
        let mut fail_times = Vec::new();
        let mut fail_job: Option<String> = None;
        for &(at, i) in &newly {
            self.pods[i].counted = true;
            self.open.remove(&i);
            self.exited.remove(&i);
            let index = self.pods[i].index;
            if self.pods[i].exited.is_some_and(|(_, ok)| ok) {
                match index {
                    Some(ix) => self.index_succeeded(ix),
                    None => self.succeeded = self.succeeded.saturating_add(1),
                }
                succ_times.push(at);
                continue;
            }
            let anchor = self.pods[i].finish_anchor.unwrap_or(at);
            fail_times.push(anchor);
            let code = self.pods[i].last_exit_code;
            let matched = self.pfp_match(code);
            match matched {
                Some((_, PfpAction::Ignore)) => {} // J25: not counted (but raises n, J10)
                Some((idx, PfpAction::FailJob)) => {
                    self.failed = self.failed.saturating_add(1);
                    if fail_job.is_none() {
                        let pod = &self.pods[i].name;
                        fail_job = Some(fail_job_message(&self.spec, pod, code, idx));
                    }
                }
                _ => self.failed = self.failed.saturating_add(1),
            }
            if let Some(ix) = index {
                self.index_failed_pod(ix, anchor, matched.map(|m| m.1));
            }
        }
        // J10/J11: the backoff record.
        if succ_times.is_empty() {
            if let Some(&newest) = fail_times.iter().max() {
                self.n = self.n.saturating_add(fail_times.len() as u64);
                self.last_failure = Some(newest);
            }
        } else {
            let newest_success = succ_times.iter().copied().max().unwrap_or(t);
            let after: Vec<Time> = fail_times.iter().copied().filter(|&f| f > newest_success).collect();
            self.n = after.len() as u64;
            self.last_failure = after.iter().copied().max();
        }
        // J14: the finish condition, first match wins.
        if let Some(message) = fail_job {
            self.finish(t, "PodFailurePolicy", message, "J25");
            return;
        }
        if self.failed > self.backoff_limit {
            self.finish(t, "BackoffLimitExceeded", MSG_BACKOFF_LIMIT.into(), "J5");
            return;
        }
        if self.on_failure && self.past_backoff_limit_on_failure(t) {
            self.finish(t, "BackoffLimitExceeded", MSG_BACKOFF_LIMIT.into(), "J6");
            return;
        }
        if self.deadline.is_some_and(|d| t >= d) {
            self.finish(t, "DeadlineExceeded", MSG_DEADLINE.into(), "J17");
            return;
        }
        // J14/J24: the per-index rules, then the success policy (J26).
        if let (Some(ixs), Some(_)) = (self.indexes.as_ref(), self.per_index) {
            let failed = ixs.failed.len() as i64;
            let done = failed.saturating_add(ixs.succeeded.len() as i64);
            if self.spec.max_failed_indexes.is_some_and(|m| failed > m) {
                self.finish(t, "MaxFailedIndexesExceeded", MSG_MAX_FAILED_INDEXES.into(), "J24");
                return;
            }
            if failed > 0 && done >= ixs.completions {
                self.finish(t, "FailedIndexes", MSG_FAILED_INDEXES.into(), "J24");
                return;
            }
        }
        if let Some(rule) = self.success.as_ref().and_then(SuccessTracker::matched) {
            self.succeed_by_policy(t, rule);
            return;
        }
        self.manage(t);
    }

    /// J6: Σ restartCount over the active pods, as the controller sees them at `t`.
    fn past_backoff_limit_on_failure(&self, t: Time) -> bool {
        let o = self.o();
        let sum: u64 = self
            .open
            .iter()
            .map(|&i| &self.pods[i])
            .map(|p| p.restarts.iter().filter(|&&s| s.saturating_add(o) <= t).count() as u64)
            .sum();
        if self.backoff_limit == 0 {
            sum > 0
        } else {
            i64::try_from(sum).unwrap_or(i64::MAX) >= self.backoff_limit
        }
    }

    /// Pods the controller counts as active: not yet seen terminal and not being deleted.
    fn active(&self) -> i64 {
        self.open.len() as i64
    }

    /// The note of a pod created after the Job-wide backoff (J10).
    fn backoff_note(&self, delay: Time) -> String {
        if self.n == 0 {
            return String::new();
        }
        let n = self.n;
        let s = if n == 1 { "" } else { "s" };
        format!("after a backoff of {delay} s ({n} failure{s} since the last success)")
    }

    /// J22/J8/J10/J23: create missing pods (after the backoff), then check completion.
    fn manage(&mut self, t: Time) {
        let active = self.active();
        let succeeded = self.succeeded_count();
        let want = match self.completions {
            // J8: work queue: parallelism until the first success, then leave running pods alone.
            None if self.succeeded > 0 => active,
            None => self.parallelism,
            Some(c) => c.saturating_sub(succeeded).min(self.parallelism).max(0),
        };
        let mut created = 0i64;
        if active < want {
            let need = want - active;
            let made =
                if self.per_index.is_some() { self.create_per_index(t, need) } else { self.create_gated(t, need) };
            match made {
                Some(n) => created = n,
                None => return, // the event limit was reached
            }
        }
        let active = active + created;
        let complete = match self.completions {
            None => self.succeeded > 0 && active == 0,
            Some(c) => succeeded >= c && active == 0,
        };
        if complete {
            self.complete(t);
        }
    }

    /// J10/J22/J23: up to `need` pods once the Job-wide backoff has passed (NonIndexed Jobs, and
    /// Indexed Jobs without `backoffLimitPerIndex`: their pods go to the lowest pending indexes).
    /// The number created; None when the event limit stopped the simulation.
    fn create_gated(&mut self, t: Time, need: i64) -> Option<i64> {
        let delay = job_backoff(self.n, job_backoff_cap(self.timing.kube_minor));
        let until = self.last_failure.map(|f| f.saturating_add(delay));
        if let Some(until) = until.filter(|&u| self.n > 0 && u > t) {
            // J10: wait; requeue for the end of the backoff.
            if self.pending_wait != Some(until) {
                self.pending_wait = Some(until);
                let failures = to_u32(self.n);
                if !self.emit(t, JobEventKind::BackoffWait { until, seconds: delay, failures }, "J10") {
                    return None;
                }
                self.schedule(until, Happening::Sync);
            }
            return Some(0);
        }
        self.pending_wait = None;
        let rule = if self.n > 0 {
            "J10"
        } else if self.indexes.is_some() {
            "J23"
        } else {
            "J22"
        };
        let mut created = 0i64;
        while created < need {
            let index = match self.indexes.as_ref() {
                Some(ixs) => match ixs.first_pending(1).first() {
                    Some(&ix) => Some(ix),
                    None => break, // J23: every index has a pod, succeeded or failed
                },
                None => None,
            };
            let note = self.backoff_note(delay);
            if !self.create_pod(t, note, index, rule) {
                return None;
            }
            created += 1;
        }
        Some(created)
    }

    /// J12/J23/J24 (`getPodCreationInfoForIndependentIndexes`): with `backoffLimitPerIndex` the
    /// controller takes the `need` lowest pending indexes and creates pods for those whose own
    /// backoff has passed (`min(10 · 2^(n−1), cap)` after the index's last failure, n = its
    /// failures). When none has, it requeues for the soonest; when some have, the others wait for
    /// the sync that observes the new pods (O later).
    fn create_per_index(&mut self, t: Time, need: i64) -> Option<i64> {
        let cap = job_backoff_cap(self.timing.kube_minor);
        let Some(ixs) = self.indexes.as_ref() else { return Some(0) };
        let need_n = usize::try_from(need).unwrap_or(usize::MAX);
        // Pending indexes that had a pod before, in order, with the end of their backoff.
        let mut ready: Vec<(i64, Time, u64)> = Vec::new();
        let mut soonest: Option<(Time, Time, u64)> = None;
        let mut considered = 0usize;
        for &ix in ixs.waiting.iter().take(need_n) {
            considered += 1;
            let (until, delay, n) = match ixs.backoff_anchor(ix) {
                Some((at, n)) => {
                    let delay = job_backoff(n, cap);
                    (at.saturating_add(delay), delay, n)
                }
                None => (t, 0, 0),
            };
            if until <= t {
                ready.push((ix, delay, n));
            } else if soonest.is_none_or(|s| until < s.0) {
                soonest = Some((until, delay, n));
            }
        }
        // Never-run indexes have no backoff.
        let fresh = usize::try_from(ixs.completions.saturating_sub(ixs.next_fresh).max(0))
            .unwrap_or(usize::MAX)
            .min(need_n - considered);
        if ready.is_empty() && fresh == 0 {
            if let Some((until, seconds, failures)) = soonest {
                if self.pending_wait != Some(until) {
                    self.pending_wait = Some(until);
                    let failures = to_u32(failures);
                    if !self.emit(t, JobEventKind::BackoffWait { until, seconds, failures }, "J12") {
                        return None;
                    }
                    self.schedule(until, Happening::Sync);
                }
            }
            return Some(0);
        }
        self.pending_wait = None;
        let mut created = 0i64;
        for (ix, delay, n) in ready {
            let note = if n == 0 {
                String::new()
            } else {
                let s = if n == 1 { "" } else { "s" };
                format!("after a backoff of {delay} s ({n} failure{s} of index {ix}, backoffLimitPerIndex)")
            };
            if !self.create_pod(t, note, Some(ix), "J12") {
                return None;
            }
            created += 1;
        }
        for _ in 0..fresh {
            let Some(ix) = self.indexes.as_ref().map(|ixs| ixs.next_fresh) else { break };
            if !self.create_pod(t, String::new(), Some(ix), "J23") {
                return None;
            }
            created += 1;
        }
        if soonest.is_some() {
            // The pod creations wake the controller O later; it then requeues for the rest.
            let o = self.o();
            self.schedule(t.saturating_add(o), Happening::Sync);
        }
        Some(created)
    }

    /// J13/J15: success: `SuccessCriteriaMet` (≥ 1.31) and `Complete` in the same sync.
    fn complete(&mut self, t: Time) {
        self.done = true;
        let (reason, message) = if self.modern() { ("CompletionsReached", MSG_COMPLETIONS_REACHED) } else { ("", "") };
        let rule = if self.completions.is_none() {
            "J8"
        } else if self.indexes.is_some() {
            "J23"
        } else {
            "J13"
        };
        if self.modern()
            && !self.emit(
                t,
                JobEventKind::Condition {
                    ty: ConditionType::SuccessCriteriaMet,
                    reason: reason.into(),
                    message: message.into(),
                },
                rule,
            )
        {
            return;
        }
        self.write_complete(t, reason.into(), message.into(), rule);
    }

    /// J26: a success-policy rule matched: `SuccessCriteriaMet` (reason SuccessPolicy), the
    /// lingering pods are deleted (not counted as failed), and `Complete` follows once they are
    /// gone (J15), with the same reason and message.
    fn succeed_by_policy(&mut self, t: Time, rule: usize) {
        self.done = true;
        let message = success_policy_message(rule);
        let kind = JobEventKind::Condition {
            ty: ConditionType::SuccessCriteriaMet,
            reason: "SuccessPolicy".into(),
            message: message.clone(),
        };
        if !self.emit(t, kind, "J26") {
            return;
        }
        let Some(killed) = self.kill_active(t, "SuccessPolicy", false) else { return };
        if killed > 0 && self.modern() {
            self.pending_finish =
                Some(PendingFinish { success: true, reason: "SuccessPolicy".into(), message, terminating: killed });
            return;
        }
        self.write_complete(t, "SuccessPolicy".into(), message, "J26");
    }

    /// J13/J7/J15: the Job fails: FailureTarget, active pods deleted, then Failed.
    fn finish(&mut self, t: Time, reason: &'static str, message: String, rule: &'static str) {
        self.done = true;
        if (self.modern() || reason == "PodFailurePolicy")
            && !self.emit(
                t,
                JobEventKind::Condition {
                    ty: ConditionType::FailureTarget,
                    reason: reason.into(),
                    message: message.clone(),
                },
                rule,
            )
        {
            return;
        }
        let Some(killed) = self.kill_active(t, reason, true) else { return };
        if killed > 0 && self.modern() {
            // J15: Failed only once the killed pods are gone.
            self.pending_finish =
                Some(PendingFinish { success: false, reason: reason.into(), message, terminating: killed });
            return;
        }
        self.write_failed(t, reason.into(), message, rule);
    }

    /// J7: delete every active pod (Pending/Running, not terminating); `count_failed`: they count
    /// as failed (a failing Job, not a success policy). The number deleted; None when the event
    /// limit stopped the simulation.
    fn kill_active(&mut self, t: Time, reason: &'static str, count_failed: bool) -> Option<usize> {
        let g = self.timing.delete_seconds;
        let victims: Vec<usize> = self
            .open
            .iter()
            .copied()
            .filter(|&i| matches!(self.pods[i].state, PodState::Pending | PodState::Running | PodState::Waiting))
            .collect();
        for &i in &victims {
            let name = self.pods[i].name.clone();
            if !self.emit_pod(t, i, JobEventKind::PodDeleteRequested { pod: name, reason: reason.into() }, "J7") {
                return None;
            }
            let state = self.pods[i].state;
            self.pods[i].state = PodState::Terminating;
            self.pods[i].killed = Some((state, reason, t));
            self.open.remove(&i);
            if count_failed {
                self.failed = self.failed.saturating_add(1); // J7: counted as failed
            }
            self.schedule(t.saturating_add(g), Happening::Gone { pod: i });
        }
        Some(victims.len())
    }

    fn final_sync(&mut self, t: Time) {
        if let Some(pf) = self.pending_finish.take() {
            if pf.success {
                self.write_complete(t, pf.reason, pf.message, "J15");
            } else {
                self.write_failed(t, pf.reason, pf.message, "J15");
            }
        }
    }

    fn write_complete(&mut self, t: Time, reason: String, message: String, rule: &'static str) {
        let health_msg = message.clone();
        if self.emit(t, JobEventKind::Condition { ty: ConditionType::Complete, reason, message }, rule) {
            self.rec.health(t, HealthStatus::Healthy, &health_msg);
        }
    }

    fn write_failed(&mut self, t: Time, reason: String, message: String, rule: &'static str) {
        let health_msg = message.clone();
        if self.emit(t, JobEventKind::Condition { ty: ConditionType::Failed, reason, message }, rule) {
            self.rec.health(t, HealthStatus::Degraded, &health_msg);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::health::Health;
    use crate::k8s::job::backoff::{JOB_BACKOFF_CAP, JOB_BACKOFF_CAP_LEGACY};
    use crate::k8s::job::index::SuccessRule;
    use crate::k8s::job::names::NAME_ALPHABET;

    const MAIN: &str = "main";

    fn spec(name: &str, backoff_limit: i64, restart_policy: RestartPolicy) -> JobSpec {
        JobSpec {
            generation: 0,
            name: name.into(),
            namespace: "ns".into(),
            backoff_limit,
            completions: None,
            parallelism: None,
            active_deadline_seconds: None,
            restart_policy,
            pod_failure_policy: Vec::new(),
            suspend: false,
            managed_by_other: false,
            container_name: MAIN.into(),
            pod_active_deadline_seconds: None,
            indexed: false,
            backoff_limit_per_index: None,
            max_failed_indexes: None,
            success_policy: Vec::new(),
        }
    }

    fn never(backoff_limit: i64) -> JobSpec {
        spec("job", backoff_limit, RestartPolicy::Never)
    }

    fn on_failure(backoff_limit: i64) -> JobSpec {
        spec("job", backoff_limit, RestartPolicy::OnFailure)
    }

    fn timing(kube_minor: u32) -> Timing {
        Timing { pod_seconds: 5, job_sync_seconds: 1, delete_seconds: 1, kube_minor }
    }

    fn run(code: i32, secs: Time) -> Attempt {
        Attempt::Run { exit_code: code, seconds: Some(secs), oom: false }
    }

    fn fail(secs: Time) -> Attempt {
        run(1, secs)
    }

    fn ok(secs: Time) -> Attempt {
        run(0, secs)
    }

    fn sim(spec: &JobSpec, attempts: &[Attempt], timing: &Timing) -> JobTimeline {
        let tl = simulate_job(spec, attempts, timing, 1_000_000, 100_000);
        assert!(!tl.truncated);
        check_invariants(&tl);
        tl
    }

    fn check_invariants(tl: &JobTimeline) {
        assert!(tl.events.windows(2).all(|w| w[0].t <= w[1].t), "events sorted by t");
        assert_eq!(tl.health[0], (0, Health::new(HealthStatus::Progressing, "")));
        assert!(tl.health.windows(2).all(|w| w[0].0 <= w[1].0), "health sorted by t");
    }

    fn created(tl: &JobTimeline) -> Vec<Time> {
        tl.events.iter().filter(|e| matches!(e.kind, JobEventKind::PodCreated { .. })).map(|e| e.t).collect()
    }

    fn created_names(tl: &JobTimeline) -> Vec<String> {
        tl.events
            .iter()
            .filter_map(|e| match &e.kind {
                JobEventKind::PodCreated { pod, .. } => Some(pod.clone()),
                _ => None,
            })
            .collect()
    }

    /// (t, exit code, reason) of every PodFailed.
    fn failed(tl: &JobTimeline) -> Vec<(Time, i32, String)> {
        tl.events
            .iter()
            .filter_map(|e| match &e.kind {
                JobEventKind::PodFailed { exit_code, reason, .. } => Some((e.t, *exit_code, reason.clone())),
                _ => None,
            })
            .collect()
    }

    fn failed_times(tl: &JobTimeline) -> Vec<Time> {
        failed(tl).into_iter().map(|f| f.0).collect()
    }

    fn succeeded_times(tl: &JobTimeline) -> Vec<Time> {
        tl.events.iter().filter(|e| matches!(e.kind, JobEventKind::PodSucceeded { .. })).map(|e| e.t).collect()
    }

    /// (t, type, reason, message) of every condition.
    fn conditions(tl: &JobTimeline) -> Vec<(Time, ConditionType, String, String)> {
        tl.events
            .iter()
            .filter_map(|e| match &e.kind {
                JobEventKind::Condition { ty, reason, message } => Some((e.t, *ty, reason.clone(), message.clone())),
                _ => None,
            })
            .collect()
    }

    fn cond(t: Time, ty: ConditionType, reason: &str, message: &str) -> (Time, ConditionType, String, String) {
        (t, ty, reason.into(), message.into())
    }

    /// (t, until, seconds, failures) of every BackoffWait.
    fn waits(tl: &JobTimeline) -> Vec<(Time, Time, Time, u32)> {
        tl.events
            .iter()
            .filter_map(|e| match e.kind {
                JobEventKind::BackoffWait { until, seconds, failures } => Some((e.t, until, seconds, failures)),
                _ => None,
            })
            .collect()
    }

    fn restarts(tl: &JobTimeline) -> Vec<(Time, u32)> {
        tl.events
            .iter()
            .filter_map(|e| match e.kind {
                JobEventKind::ContainerRestarted { restart_count, .. } => Some((e.t, restart_count)),
                _ => None,
            })
            .collect()
    }

    fn deletes(tl: &JobTimeline) -> Vec<(Time, String)> {
        tl.events
            .iter()
            .filter_map(|e| match &e.kind {
                JobEventKind::PodDeleteRequested { reason, .. } => Some((e.t, reason.clone())),
                _ => None,
            })
            .collect()
    }

    fn gones(tl: &JobTimeline) -> Vec<Time> {
        tl.events.iter().filter(|e| matches!(e.kind, JobEventKind::PodGone { .. })).map(|e| e.t).collect()
    }

    fn health(tl: &JobTimeline) -> Vec<(Time, HealthStatus, String)> {
        tl.health.iter().map(|(t, h)| (*t, h.status, h.message.clone())).collect()
    }

    fn progressing() -> (Time, HealthStatus, String) {
        (0, HealthStatus::Progressing, String::new())
    }

    fn ble(t: Time, ty: ConditionType) -> (Time, ConditionType, String, String) {
        cond(t, ty, "BackoffLimitExceeded", MSG_BACKOFF_LIMIT)
    }

    fn dle(t: Time, ty: ConditionType) -> (Time, ConditionType, String, String) {
        cond(t, ty, "DeadlineExceeded", MSG_DEADLINE)
    }

    use ConditionType::{Complete, Failed, FailureTarget, SuccessCriteriaMet, Suspended};

    // -- pure helpers ---------------------------------------------------------------------------

    #[test]
    fn j10_backoff_doubles_from_finish_time() {
        let seq: Vec<Time> = (0..=9).map(|n| job_backoff(n, JOB_BACKOFF_CAP)).collect();
        assert_eq!(seq, vec![0, 10, 20, 40, 80, 160, 320, 600, 600, 600]);
        let legacy: Vec<Time> = (1..=8).map(|n| job_backoff(n, JOB_BACKOFF_CAP_LEGACY)).collect();
        assert_eq!(legacy, vec![10, 20, 40, 80, 160, 320, 360, 360]);
        for n in [62, 63, 64, 1000, u64::MAX] {
            assert_eq!(job_backoff(n, 600), 600);
        }
    }

    #[test]
    fn j9_cap_is_600_from_1_28_and_360_before() {
        assert_eq!(job_backoff_cap(27), 360);
        assert_eq!(job_backoff_cap(28), 600);
        assert_eq!(job_backoff_cap(31), 600);
    }

    #[test]
    fn j30_kubelet_backoff_sequence_and_reset() {
        let mut kb = KubeletBackoff::default();
        // Runs of 5 s: exits at 5, 10, 25, 50, 95, 180, 345, 650, 955.
        let mut t = 0;
        let mut waits = Vec::new();
        for _ in 0..9 {
            t += 5;
            let w = kb.on_exit(t);
            waits.push(w);
            t += w;
        }
        assert_eq!(waits, vec![0, 10, 20, 40, 80, 160, 300, 300, 300]);
        // A run longer than 2 × 300 s after the last restart resets the entry.
        let mut kb = KubeletBackoff::default();
        assert_eq!(kb.on_exit(5), 0); // restart at 5
        assert_eq!(kb.on_exit(10), 10); // restart at 20
        assert_eq!(kb.on_exit(720), 0); // ran 700 s: reset, restart at once
        assert_eq!(kb.on_exit(725), 10);
    }

    #[test]
    fn a_job_created_again_gets_other_pod_names() {
        let first = simulate_job(&never(0), &[ok(0)], &timing(31), 100, 1000);
        let again = simulate_job(&JobSpec { generation: 1, ..never(0) }, &[ok(0)], &timing(31), 100, 1000);
        assert_eq!(created_names(&first), vec![pod_name("job", 1)]);
        assert_eq!(created_names(&again).len(), 1);
        assert_ne!(created_names(&again), created_names(&first));
    }

    #[test]
    fn pod_names_are_deterministic_and_use_the_kubernetes_alphabet() {
        let a = pod_name("db-migrate", 1);
        assert_eq!(a, pod_name("db-migrate", 1));
        assert_ne!(a, pod_name("db-migrate", 2));
        assert_ne!(a, pod_name("other", 1));
        let suffix = a.strip_prefix("db-migrate-").unwrap();
        assert_eq!(suffix.len(), 5);
        assert!(suffix.bytes().all(|b| NAME_ALPHABET.contains(&b)));
        let names: std::collections::BTreeSet<String> = (1..=2000).map(|i| pod_name("j", i)).collect();
        assert!(names.len() > 1990);
    }

    #[test]
    fn attempts_repeat_the_last_entry_and_default_to_success() {
        assert_eq!(attempt_at(&[], 1), Attempt::Run { exit_code: 0, seconds: None, oom: false });
        let list = [fail(3), ok(4)];
        assert_eq!(attempt_at(&list, 1), fail(3));
        assert_eq!(attempt_at(&list, 2), ok(4));
        assert_eq!(attempt_at(&list, 99), ok(4));
        assert_eq!(attempt_at(&list, u64::MAX), ok(4));
        assert_eq!(attempt_at(&list, 0), fail(3));
    }

    // -- §2.4 worked examples --------------------------------------------------------------------

    #[test]
    fn j5_example1_never_backoff_limit_2_fails_at_46() {
        let tl = sim(&never(2), &[fail(5)], &timing(31));
        assert_eq!(created(&tl), vec![0, 15, 40]);
        assert_eq!(failed(&tl), vec![(5, 1, "Error".into()), (20, 1, "Error".into()), (45, 1, "Error".into())]);
        assert_eq!(waits(&tl), vec![(6, 15, 10, 1), (21, 40, 20, 2)]);
        assert_eq!(conditions(&tl), vec![ble(46, FailureTarget), ble(46, Failed)]);
        assert_eq!(health(&tl), vec![progressing(), (46, HealthStatus::Degraded, MSG_BACKOFF_LIMIT.into())]);
        // J7: failed pods are never deleted under Never.
        assert!(deletes(&tl).is_empty() && gones(&tl).is_empty());
        // Three distinct deterministic pod names.
        let names = created_names(&tl);
        assert_eq!(names, vec![pod_name("job", 1), pod_name("job", 2), pod_name("job", 3)]);
        assert_eq!(tl, sim(&never(2), &[fail(5)], &timing(31)), "deterministic");
    }

    #[test]
    fn j10_example2_default_backoff_limit_fails_at_666() {
        let tl = sim(&never(6), &[fail(5)], &timing(31));
        assert_eq!(created(&tl), vec![0, 15, 40, 85, 170, 335, 660]);
        assert_eq!(failed_times(&tl), vec![5, 20, 45, 90, 175, 340, 665]);
        let w: Vec<(Time, Time)> = waits(&tl).iter().map(|w| (w.0, w.2)).collect();
        assert_eq!(w, vec![(6, 10), (21, 20), (46, 40), (91, 80), (176, 160), (341, 320)]);
        assert_eq!(conditions(&tl), vec![ble(666, FailureTarget), ble(666, Failed)]);
        assert_eq!(tl.health.last().unwrap(), &(666, Health::new(HealthStatus::Degraded, MSG_BACKOFF_LIMIT)));
    }

    #[test]
    fn j15_example2_on_1_30_only_failed_at_666() {
        let tl = sim(&never(6), &[fail(5)], &timing(30));
        assert_eq!(created(&tl), vec![0, 15, 40, 85, 170, 335, 660]);
        assert_eq!(conditions(&tl), vec![ble(666, Failed)]);
    }

    #[test]
    fn j9_example2_on_1_27_same_times() {
        let tl = sim(&never(6), &[fail(5)], &timing(27));
        assert_eq!(created(&tl), vec![0, 15, 40, 85, 170, 335, 660]);
        assert_eq!(conditions(&tl), vec![ble(666, Failed)]);
    }

    #[test]
    fn j9_example2_backoff_limit_8_cap_600_fails_at_1876() {
        let tl = sim(&never(8), &[fail(5)], &timing(31));
        assert_eq!(created(&tl), vec![0, 15, 40, 85, 170, 335, 660, 1265, 1870]);
        assert_eq!(waits(&tl).last().unwrap(), &(1271, 1870, 600, 8));
        assert_eq!(conditions(&tl), vec![ble(1876, FailureTarget), ble(1876, Failed)]);
    }

    #[test]
    fn j9_example2_backoff_limit_8_cap_360_on_1_27_fails_at_1396() {
        let tl = sim(&never(8), &[fail(5)], &timing(27));
        assert_eq!(created(&tl), vec![0, 15, 40, 85, 170, 335, 660, 1025, 1390]);
        assert_eq!(conditions(&tl), vec![ble(1396, Failed)]);
    }

    #[test]
    fn j6_example3_on_failure_backoff_limit_3() {
        let tl = sim(&on_failure(3), &[fail(5)], &timing(31));
        assert_eq!(created(&tl), vec![0], "one pod; restarts happen in place");
        assert_eq!(restarts(&tl), vec![(5, 1), (20, 2), (45, 3)]);
        assert_eq!(
            failed(&tl),
            vec![(5, 1, "Error".into()), (10, 1, "Error".into()), (25, 1, "Error".into()), (47, 143, "Error".into())]
        );
        assert_eq!(deletes(&tl), vec![(46, "BackoffLimitExceeded".into())]);
        assert_eq!(gones(&tl), vec![47]);
        assert_eq!(conditions(&tl), vec![ble(46, FailureTarget), ble(48, Failed)]);
        assert_eq!(health(&tl), vec![progressing(), (48, HealthStatus::Degraded, MSG_BACKOFF_LIMIT.into())]);
        // The J6/J15 rules are named on the events.
        let rules: Vec<&str> =
            tl.events.iter().filter(|e| matches!(e.kind, JobEventKind::Condition { .. })).map(|e| e.rule).collect();
        assert_eq!(rules, vec!["J6", "J15"]);
        // PodFailed messages explain the in-place restart.
        let msgs: Vec<String> = tl
            .events
            .iter()
            .filter_map(|e| match &e.kind {
                JobEventKind::PodFailed { message, .. } => Some(message.clone()),
                _ => None,
            })
            .collect();
        assert!(msgs[0].contains("at once"), "{}", msgs[0]);
        assert!(msgs[1].contains("after 10 s (CrashLoopBackOff)"), "{}", msgs[1]);
        assert!(msgs[2].contains("after 20 s (CrashLoopBackOff)"), "{}", msgs[2]);
    }

    #[test]
    fn j15_example3_on_failure_on_1_30_failed_at_decision() {
        let tl = sim(&on_failure(3), &[fail(5)], &timing(30));
        assert_eq!(conditions(&tl), vec![ble(46, Failed)]);
        assert_eq!(deletes(&tl), vec![(46, "BackoffLimitExceeded".into())]);
        assert_eq!(gones(&tl), vec![47]);
        assert_eq!(health(&tl), vec![progressing(), (46, HealthStatus::Degraded, MSG_BACKOFF_LIMIT.into())]);
    }

    #[test]
    fn j6_example3_default_backoff_limit_failure_target_at_341() {
        let tl = sim(&on_failure(6), &[fail(5)], &timing(31));
        let r: Vec<Time> = restarts(&tl).iter().map(|r| r.0).collect();
        assert_eq!(r, vec![5, 20, 45, 90, 175, 340]);
        assert_eq!(conditions(&tl), vec![ble(341, FailureTarget), ble(343, Failed)]);
        assert_eq!(failed(&tl).last().unwrap(), &(342, 143, "Error".into()));
    }

    #[test]
    fn j11_example4_success_after_two_failures_completes_at_49() {
        let tl = sim(&never(6), &[fail(5), fail(5), ok(8)], &timing(31));
        assert_eq!(created(&tl), vec![0, 15, 40]);
        assert_eq!(failed_times(&tl), vec![5, 20]);
        assert_eq!(succeeded_times(&tl), vec![48]);
        assert_eq!(
            conditions(&tl),
            vec![
                cond(49, SuccessCriteriaMet, "CompletionsReached", MSG_COMPLETIONS_REACHED),
                cond(49, Complete, "CompletionsReached", MSG_COMPLETIONS_REACHED),
            ]
        );
        assert_eq!(health(&tl), vec![progressing(), (49, HealthStatus::Healthy, MSG_COMPLETIONS_REACHED.into())]);
    }

    #[test]
    fn j13_example4_on_1_30_complete_has_empty_reason_and_message() {
        let tl = sim(&never(6), &[fail(5), fail(5), ok(8)], &timing(30));
        assert_eq!(conditions(&tl), vec![cond(49, Complete, "", "")]);
        assert_eq!(health(&tl), vec![progressing(), (49, HealthStatus::Healthy, String::new())]);
    }

    fn example5(g: Time, minor: u32) -> JobTimeline {
        let mut s = never(6);
        s.active_deadline_seconds = Some(60);
        let t = Timing { delete_seconds: g, ..timing(minor) };
        sim(&s, &[fail(30)], &t)
    }

    #[test]
    fn j17_example5_deadline_overtakes_retries_with_30s_grace() {
        let tl = example5(30, 31);
        assert_eq!(created(&tl), vec![0, 40]);
        assert_eq!(waits(&tl), vec![(31, 40, 10, 1)]);
        assert_eq!(deletes(&tl), vec![(60, "DeadlineExceeded".into())]);
        assert_eq!(failed(&tl), vec![(30, 1, "Error".into()), (90, 143, "DeadlineExceeded".into())]);
        assert_eq!(gones(&tl), vec![90]);
        assert_eq!(conditions(&tl), vec![dle(60, FailureTarget), dle(91, Failed)]);
        // FailureTarget does not change health: Progressing until 91.
        assert_eq!(health(&tl), vec![progressing(), (91, HealthStatus::Degraded, MSG_DEADLINE.into())]);
    }

    #[test]
    fn j15_example5_sigterm_within_1s_failed_at_62() {
        let tl = example5(1, 31);
        assert_eq!(conditions(&tl), vec![dle(60, FailureTarget), dle(62, Failed)]);
        assert_eq!(gones(&tl), vec![61]);
    }

    #[test]
    fn j15_example5_on_1_30_failed_at_60() {
        let tl = example5(30, 30);
        assert_eq!(conditions(&tl), vec![dle(60, Failed)]);
        assert_eq!(deletes(&tl), vec![(60, "DeadlineExceeded".into())]);
        assert_eq!(gones(&tl), vec![90]);
        assert_eq!(health(&tl), vec![progressing(), (60, HealthStatus::Degraded, MSG_DEADLINE.into())]);
    }

    #[test]
    fn j17_deadline_inside_backoff_wait_fails_exactly_at_deadline() {
        let mut s = never(6);
        s.active_deadline_seconds = Some(12);
        let tl = sim(&s, &[fail(5)], &timing(31));
        assert_eq!(created(&tl), vec![0]);
        assert_eq!(conditions(&tl), vec![dle(12, FailureTarget), dle(12, Failed)]);
        assert!(deletes(&tl).is_empty());
        // Also when the wait would end exactly at the deadline: no pod is created then.
        s.active_deadline_seconds = Some(15);
        let tl = sim(&s, &[fail(5)], &timing(31));
        assert_eq!(created(&tl), vec![0]);
        assert_eq!(conditions(&tl), vec![dle(15, FailureTarget), dle(15, Failed)]);
    }

    #[test]
    fn j17_deadline_equal_to_container_exit_kills_the_pod() {
        let mut s = never(6);
        s.active_deadline_seconds = Some(5);
        let tl = sim(&s, &[fail(5)], &timing(31));
        assert_eq!(deletes(&tl), vec![(5, "DeadlineExceeded".into())]);
        assert_eq!(failed(&tl), vec![(6, 143, "DeadlineExceeded".into())]);
        assert_eq!(conditions(&tl), vec![dle(5, FailureTarget), dle(7, Failed)]);
    }

    #[test]
    fn j14_backoff_limit_exceeded_wins_tie_with_deadline() {
        let mut s = never(0);
        s.active_deadline_seconds = Some(6);
        let tl = sim(&s, &[fail(5)], &timing(31));
        assert_eq!(conditions(&tl), vec![ble(6, FailureTarget), ble(6, Failed)]);
        let tl = sim(&s, &[fail(5)], &timing(30));
        assert_eq!(conditions(&tl), vec![ble(6, Failed)]);
    }

    #[test]
    fn j31_example6a_image_pull_hangs_forever() {
        let tl = sim(&never(2), &[Attempt::ImagePullBackOff], &timing(31));
        assert_eq!(tl.events.len(), 2);
        assert_eq!(tl.events[0].t, 0);
        assert!(matches!(tl.events[0].kind, JobEventKind::PodCreated { attempt: 1, .. }));
        assert_eq!(tl.events[1].t, 0);
        let JobEventKind::PodPending { attempt: 1, reason, .. } = &tl.events[1].kind else {
            panic!("expected PodPending, got {:?}", tl.events[1].kind)
        };
        assert_eq!(reason, "ErrImagePull");
        assert_eq!(tl.events[1].rule, "J31");
        assert_eq!(health(&tl), vec![progressing()]);
    }

    #[test]
    fn j17_example6b_image_pull_with_deadline_120() {
        let mut s = never(2);
        s.active_deadline_seconds = Some(120);
        let tl = sim(&s, &[Attempt::ImagePullBackOff], &timing(31));
        assert_eq!(created(&tl), vec![0]);
        assert_eq!(deletes(&tl), vec![(120, "DeadlineExceeded".into())]);
        assert_eq!(gones(&tl), vec![121]);
        assert_eq!(failed(&tl), vec![(121, 143, "DeadlineExceeded".into())]);
        assert_eq!(conditions(&tl), vec![dle(120, FailureTarget), dle(122, Failed)]);
        assert_eq!(health(&tl), vec![progressing(), (122, HealthStatus::Degraded, MSG_DEADLINE.into())]);
    }

    #[test]
    fn j29_example6c_pod_level_deadline_anchored_to_pod_start() {
        let mut s = never(2);
        s.pod_active_deadline_seconds = Some(120);
        let tl = sim(&s, &[Attempt::ImagePullBackOff], &timing(31));
        assert_eq!(created(&tl), vec![0, 121, 242]);
        assert_eq!(
            failed(&tl),
            vec![
                (120, 143, "DeadlineExceeded".to_string()),
                (241, 143, "DeadlineExceeded".to_string()),
                (362, 143, "DeadlineExceeded".to_string()),
            ]
        );
        assert_eq!(conditions(&tl).last().map(|c| (c.0, c.1)), Some((363, ConditionType::Failed)));
    }

    #[test]
    fn j29_pod_level_deadline_kills_a_running_container_and_anchors_there() {
        let mut s = never(1);
        s.pod_active_deadline_seconds = Some(20);
        let tl = sim(&s, &[fail(30), ok(5)], &timing(31));
        // pod-1 killed at 20 (anchor 20), pod-2 at 30, succeeds at 35, Complete at 36.
        assert_eq!(created(&tl), vec![0, 30]);
        assert_eq!(failed_times(&tl), vec![20]);
        assert_eq!(succeeded_times(&tl), vec![35]);
        assert_eq!(conditions(&tl).last().map(|c| (c.0, c.1)), Some((36, ConditionType::Complete)));
    }

    #[test]
    fn j10_example7_parallel_pods_count_individually() {
        let mut s = never(6);
        s.completions = Some(8);
        s.parallelism = Some(2);
        let t = Timing { job_sync_seconds: 2, ..timing(34) };
        let tl = sim(&s, &[run(42, 31)], &t);
        assert_eq!(created(&tl), vec![0, 0, 51, 51, 162, 162, 513, 513]);
        assert_eq!(failed_times(&tl), vec![31, 31, 82, 82, 193, 193, 544, 544]);
        assert_eq!(waits(&tl), vec![(33, 51, 20, 2), (84, 162, 80, 4), (195, 513, 320, 6)]);
        assert_eq!(conditions(&tl), vec![ble(546, FailureTarget), ble(546, Failed)]);
        assert_eq!(created_names(&tl).iter().collect::<std::collections::BTreeSet<_>>().len(), 8);
    }

    fn fail_job_rule(action: PfpAction, codes: Vec<i32>) -> PfpRule {
        PfpRule { action, on_exit_codes: Some(ExitCodeRule { container_name: None, operator_in: true, values: codes }) }
    }

    #[test]
    fn j25_example8_fail_job_short_circuits_at_21() {
        let mut s = never(6);
        s.pod_failure_policy = vec![fail_job_rule(PfpAction::FailJob, vec![42])];
        let tl = sim(&s, &[run(1, 5), run(42, 5)], &timing(31));
        assert_eq!(created(&tl), vec![0, 15]);
        let pod2 = pod_name("job", 2);
        let msg = format!(
            "Container main for pod ns/{pod2} failed with exit code 42 matching FailJob rule at \
             index 0"
        );
        assert_eq!(
            conditions(&tl),
            vec![cond(21, FailureTarget, "PodFailurePolicy", &msg), cond(21, Failed, "PodFailurePolicy", &msg)]
        );
        assert_eq!(health(&tl), vec![progressing(), (21, HealthStatus::Degraded, msg.clone())]);
        // FailureTarget for podFailurePolicy is written on every version.
        let tl = sim(&s, &[run(1, 5), run(42, 5)], &timing(27));
        assert_eq!(
            conditions(&tl),
            vec![cond(21, FailureTarget, "PodFailurePolicy", &msg), cond(21, Failed, "PodFailurePolicy", &msg)]
        );
    }

    #[test]
    fn j25_example8_ignore_variant_still_raises_backoff() {
        let mut s = never(6);
        s.pod_failure_policy =
            vec![fail_job_rule(PfpAction::FailJob, vec![42]), fail_job_rule(PfpAction::Ignore, vec![1])];
        let tl = sim(&s, &[run(1, 5), run(42, 5)], &timing(31));
        assert_eq!(created(&tl), vec![0, 15], "the ignored failure still waits 10 s (J10)");
        assert_eq!(waits(&tl), vec![(6, 15, 10, 1)]);
        let msg = format!(
            "Container main for pod ns/{} failed with exit code 42 matching FailJob rule at \
             index 0",
            pod_name("job", 2)
        );
        assert_eq!(conditions(&tl)[1], cond(21, Failed, "PodFailurePolicy", &msg));
    }

    #[test]
    fn j25_ignore_is_not_counted_for_backoff_limit() {
        let mut s = never(0);
        s.pod_failure_policy = vec![fail_job_rule(PfpAction::Ignore, vec![1])];
        let tl = sim(&s, &[fail(5), fail(5), ok(5)], &timing(31));
        // n still grows: 10 s, then 20 s.
        assert_eq!(created(&tl), vec![0, 15, 40]);
        assert_eq!(conditions(&tl).last().unwrap().0, 46);
        assert_eq!(conditions(&tl).last().unwrap().1, Complete);
        // Without the rule, backoffLimit 0 fails at the first observed failure.
        let tl = sim(&never(0), &[fail(5), fail(5), ok(5)], &timing(31));
        assert_eq!(conditions(&tl), vec![ble(6, FailureTarget), ble(6, Failed)]);
    }

    #[test]
    fn j25_rule_matching_first_match_container_and_not_in() {
        // NotIn [1] matches 42; a rule for another container never matches; Count is default.
        let mut s = never(6);
        s.pod_failure_policy = vec![
            PfpRule {
                action: PfpAction::FailJob,
                on_exit_codes: Some(ExitCodeRule {
                    container_name: Some("sidecar".into()),
                    operator_in: false,
                    values: vec![1],
                }),
            },
            PfpRule { action: PfpAction::Ignore, on_exit_codes: None },
            fail_job_rule(PfpAction::Count, vec![42]),
            PfpRule {
                action: PfpAction::FailJob,
                on_exit_codes: Some(ExitCodeRule {
                    container_name: Some(MAIN.into()),
                    operator_in: false,
                    values: vec![1, 42],
                }),
            },
        ];
        // 42 hits rule 2 (Count) first; 7 hits rule 3 (NotIn [1, 42]).
        let tl = sim(&s, &[run(42, 5), run(7, 5)], &timing(31));
        assert_eq!(created(&tl), vec![0, 15]);
        let last = conditions(&tl).pop().unwrap();
        assert_eq!(last.0, 21);
        assert!(last.3.ends_with("failed with exit code 7 matching FailJob rule at index 3"), "{}", last.3);
    }

    #[test]
    fn j29_oom_is_exit_137_and_matches_exit_code_rules() {
        let mut s = never(6);
        s.pod_failure_policy = vec![fail_job_rule(PfpAction::FailJob, vec![137])];
        let oom = Attempt::Run { exit_code: 0, seconds: Some(5), oom: true };
        let tl = sim(&s, &[oom], &timing(31));
        assert_eq!(failed(&tl), vec![(5, 137, "OOMKilled".into())]);
        assert_eq!(conditions(&tl)[1].0, 6);
        assert!(conditions(&tl)[1].3.contains("exit code 137"));
    }

    #[test]
    fn j25_fail_job_kills_other_active_pods() {
        let mut s = never(6);
        s.completions = Some(2);
        s.parallelism = Some(2);
        s.pod_failure_policy = vec![fail_job_rule(PfpAction::FailJob, vec![42])];
        let tl = sim(&s, &[run(42, 5), Attempt::Hang], &timing(31));
        assert_eq!(created(&tl), vec![0, 0]);
        assert_eq!(deletes(&tl), vec![(6, "PodFailurePolicy".into())]);
        assert_eq!(failed(&tl), vec![(5, 42, "Error".into()), (7, 143, "Error".into())]);
        let c = conditions(&tl);
        assert_eq!((c[0].0, c[0].1, c[1].0, c[1].1), (6, FailureTarget, 8, Failed));
        let tl = sim(&s, &[run(42, 5), Attempt::Hang], &timing(30));
        let c = conditions(&tl);
        assert_eq!((c[0].0, c[0].1, c[1].0, c[1].1), (6, FailureTarget, 6, Failed));
    }

    #[test]
    fn j15_parallel_backoff_limit_kills_running_pod() {
        let mut s = never(0);
        s.completions = Some(2);
        s.parallelism = Some(2);
        let tl = sim(&s, &[fail(5), Attempt::Hang], &timing(31));
        assert_eq!(deletes(&tl), vec![(6, "BackoffLimitExceeded".into())]);
        assert_eq!(gones(&tl), vec![7]);
        assert_eq!(conditions(&tl), vec![ble(6, FailureTarget), ble(8, Failed)]);
    }

    // -- other rules ------------------------------------------------------------------------------

    #[test]
    fn j5_backoff_limit_0_gives_one_attempt() {
        let tl = sim(&never(0), &[fail(5)], &timing(31));
        assert_eq!(created(&tl), vec![0]);
        assert_eq!(conditions(&tl), vec![ble(6, FailureTarget), ble(6, Failed)]);
    }

    #[test]
    fn j1_empty_attempts_succeed_after_pod_seconds() {
        let tl = sim(&never(6), &[], &timing(31));
        assert_eq!(created(&tl), vec![0]);
        assert_eq!(succeeded_times(&tl), vec![5]);
        assert_eq!(conditions(&tl).last().unwrap().0, 6);
        assert_eq!(tl.health.last().unwrap().1.status, HealthStatus::Healthy);
        // seconds: None uses podSeconds.
        let t = Timing { pod_seconds: 30, ..timing(31) };
        let tl = sim(&never(6), &[Attempt::Run { exit_code: 1, seconds: None, oom: false }, ok(2)], &t);
        assert_eq!(created(&tl), vec![0, 40]);
        assert_eq!(succeeded_times(&tl), vec![42]);
    }

    #[test]
    fn j10_sync_lag_longer_than_backoff_creates_at_the_sync() {
        let t = Timing { job_sync_seconds: 15, ..timing(31) };
        let tl = sim(&never(6), &[fail(5), ok(5)], &t);
        assert_eq!(created(&tl), vec![0, 20]);
        assert!(waits(&tl).is_empty());
        assert_eq!(conditions(&tl).last().unwrap().0, 40);
    }

    #[test]
    fn j11_success_resets_backoff_but_not_failed_count() {
        let mut s = never(6);
        s.completions = Some(2);
        let tl = sim(&s, &[fail(5), fail(5), ok(5), fail(5), ok(5)], &timing(31));
        assert_eq!(created(&tl), vec![0, 15, 40, 46, 61]);
        assert_eq!(waits(&tl), vec![(6, 15, 10, 1), (21, 40, 20, 2), (52, 61, 10, 1)]);
        assert_eq!(conditions(&tl).last().unwrap(), &cond(67, Complete, "CompletionsReached", MSG_COMPLETIONS_REACHED));
        // failed keeps counting across the success: backoffLimit 2 fails at the third failure.
        s.backoff_limit = 2;
        let tl = sim(&s, &[fail(5), fail(5), ok(5), fail(5), ok(5)], &timing(31));
        assert_eq!(conditions(&tl), vec![ble(52, FailureTarget), ble(52, Failed)]);
    }

    #[test]
    fn j22_serial_completions_3() {
        let mut s = never(6);
        s.completions = Some(3);
        let tl = sim(&s, &[ok(5)], &timing(31));
        assert_eq!(created(&tl), vec![0, 6, 12]);
        assert_eq!(conditions(&tl).last().unwrap().0, 18);
    }

    #[test]
    fn j8_work_queue_completes_when_all_pods_are_done() {
        let mut s = never(6);
        s.parallelism = Some(2);
        let tl = sim(&s, &[ok(5), ok(8)], &timing(31));
        assert_eq!(created(&tl), vec![0, 0]);
        let c = conditions(&tl);
        assert_eq!(c.len(), 2);
        assert_eq!((c[1].0, c[1].1), (9, Complete));
        assert_eq!(tl.events.iter().find(|e| e.t == 9).unwrap().rule, "J8");
    }

    #[test]
    fn j8_work_queue_failure_after_success_is_not_replaced() {
        let mut s = never(6);
        s.parallelism = Some(2);
        let tl = sim(&s, &[ok(5), fail(8)], &timing(31));
        assert_eq!(created(&tl), vec![0, 0]);
        assert_eq!(conditions(&tl).last().unwrap().0, 9);
        assert_eq!(conditions(&tl).last().unwrap().1, Complete);
        assert!(waits(&tl).is_empty());
    }

    #[test]
    fn j22_parallelism_zero_pauses_the_job() {
        let mut s = never(6);
        s.completions = Some(1);
        s.parallelism = Some(0);
        let tl = sim(&s, &[], &timing(31));
        assert!(tl.events.is_empty());
        assert_eq!(health(&tl), vec![progressing()]);
        s.active_deadline_seconds = Some(30);
        let tl = sim(&s, &[], &timing(31));
        assert_eq!(conditions(&tl), vec![dle(30, FailureTarget), dle(30, Failed)]);
    }

    #[test]
    fn j22_completions_zero_completes_at_once() {
        let mut s = never(6);
        s.completions = Some(0);
        let tl = sim(&s, &[], &timing(31));
        assert!(created(&tl).is_empty());
        let c = conditions(&tl);
        assert_eq!((c[1].0, c[1].1), (0, Complete));
    }

    #[test]
    fn j6_on_failure_backoff_limit_0_fails_at_first_restart() {
        let tl = sim(&on_failure(0), &[fail(5)], &timing(31));
        assert_eq!(restarts(&tl), vec![(5, 1)]);
        assert_eq!(conditions(&tl), vec![ble(6, FailureTarget), ble(8, Failed)]);
        assert_eq!(failed(&tl), vec![(5, 1, "Error".into()), (7, 143, "Error".into())]);
    }

    #[test]
    fn j6_on_failure_exit_0_completes() {
        let tl = sim(&on_failure(6), &[fail(5), fail(5), ok(5)], &timing(31));
        assert_eq!(created(&tl), vec![0]);
        assert_eq!(restarts(&tl), vec![(5, 1), (20, 2)]);
        assert_eq!(succeeded_times(&tl), vec![25]);
        assert_eq!(conditions(&tl).last().unwrap(), &cond(26, Complete, "CompletionsReached", MSG_COMPLETIONS_REACHED));
        // Attempt numbers count container runs.
        let attempts: Vec<u32> = tl
            .events
            .iter()
            .filter_map(|e| match e.kind {
                JobEventKind::ContainerRestarted { attempt, .. } | JobEventKind::PodSucceeded { attempt, .. } => {
                    Some(attempt)
                }
                _ => None,
            })
            .collect();
        assert_eq!(attempts, vec![2, 3, 3]);
    }

    #[test]
    fn j17_on_failure_deadline_kills_crash_looping_pod() {
        let mut s = on_failure(10);
        s.active_deadline_seconds = Some(15);
        let tl = sim(&s, &[fail(5)], &timing(31));
        // exits at 5 (restart 5) and 10 (restart due at 20); deadline at 15 during the back-off.
        assert_eq!(restarts(&tl), vec![(5, 1)]);
        assert_eq!(deletes(&tl), vec![(15, "DeadlineExceeded".into())]);
        assert_eq!(failed(&tl).last().unwrap(), &(16, 1, "DeadlineExceeded".into()));
        assert_eq!(conditions(&tl), vec![dle(15, FailureTarget), dle(17, Failed)]);
    }

    #[test]
    fn j6_on_failure_parallel_restarts_are_summed() {
        let mut s = on_failure(2);
        s.completions = Some(2);
        s.parallelism = Some(2);
        let tl = sim(&s, &[fail(5)], &timing(31));
        // Both pods restart at 5 (attempts 3 and 4): Σ restartCount = 2 at 6.
        assert_eq!(restarts(&tl), vec![(5, 1), (5, 1)]);
        assert_eq!(deletes(&tl).len(), 2);
        assert_eq!(conditions(&tl), vec![ble(6, FailureTarget), ble(8, Failed)]);
    }

    #[test]
    fn j2_always_and_unset_are_never_run() {
        for rp in [RestartPolicy::Always, RestartPolicy::Unset] {
            let tl = sim(&spec("job", 6, rp), &[fail(5)], &timing(31));
            assert!(tl.events.is_empty());
            assert_eq!(health(&tl), vec![progressing()]);
        }
    }

    #[test]
    fn j3_managed_by_other_never_progresses() {
        let mut s = never(6);
        s.managed_by_other = true;
        s.active_deadline_seconds = Some(10);
        let tl = sim(&s, &[fail(5)], &timing(31));
        assert!(tl.events.is_empty());
        assert_eq!(health(&tl), vec![progressing()]);
    }

    #[test]
    fn j33_suspended_job_has_no_pods_and_is_suspended() {
        let mut s = never(6);
        s.suspend = true;
        s.active_deadline_seconds = Some(10);
        let tl = sim(&s, &[fail(5)], &timing(31));
        assert_eq!(conditions(&tl), vec![cond(1, Suspended, "JobSuspended", "Job suspended")]);
        assert_eq!(tl.events.len(), 1);
        assert_eq!(health(&tl), vec![progressing(), (1, HealthStatus::Suspended, String::new())]);
        let t = Timing { job_sync_seconds: 3, ..timing(31) };
        let tl = sim(&s, &[], &t);
        assert_eq!(conditions(&tl)[0].0, 3);
    }

    // -- Indexed Jobs (J12, J23, J24, J26) ---------------------------------------------------------

    fn indexed(completions: i64, parallelism: i64) -> JobSpec {
        let mut s = never(6);
        s.indexed = true;
        s.completions = Some(completions);
        s.parallelism = Some(parallelism);
        s
    }

    fn per_index(completions: i64, parallelism: i64, limit: i64) -> JobSpec {
        let mut s = indexed(completions, parallelism);
        s.backoff_limit = 2_147_483_647; // J1: the default with backoffLimitPerIndex
        s.backoff_limit_per_index = Some(limit);
        s
    }

    fn script(default: &[Attempt], per: &[(i64, &[Attempt])]) -> Script {
        Script { attempts: default.to_vec(), indexes: per.iter().map(|(ix, a)| (*ix, *ix, a.to_vec())).collect() }
    }

    fn sim_script(spec: &JobSpec, s: &Script, timing: &Timing) -> JobTimeline {
        let tl = simulate_job_script(spec, s, timing, 1_000_000, 100_000);
        assert!(!tl.truncated);
        check_invariants(&tl);
        tl
    }

    /// (t, index) of every PodCreated.
    fn created_indexes(tl: &JobTimeline) -> Vec<(Time, i64)> {
        tl.events
            .iter()
            .filter(|e| matches!(e.kind, JobEventKind::PodCreated { .. }))
            .map(|e| (e.t, e.index.expect("indexed pods carry their index")))
            .collect()
    }

    fn pod_messages(tl: &JobTimeline) -> Vec<String> {
        tl.events
            .iter()
            .filter_map(|e| match &e.kind {
                JobEventKind::PodFailed { message, .. } => Some(message.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn j23_each_index_once_lowest_first() {
        // 0 and 1 at 0 s, succeed at 5; at 6 one index is left: 2; it succeeds at 11; Complete at 12.
        let tl = sim(&indexed(3, 2), &[ok(5)], &timing(31));
        assert_eq!(created_indexes(&tl), vec![(0, 0), (0, 1), (6, 2)]);
        assert_eq!(
            conditions(&tl),
            vec![
                cond(12, SuccessCriteriaMet, "CompletionsReached", MSG_COMPLETIONS_REACHED),
                cond(12, Complete, "CompletionsReached", MSG_COMPLETIONS_REACHED)
            ]
        );
        let names = created_names(&tl);
        assert_eq!(names[0], indexed_pod_name("job", 0, 1));
        assert!(names[2].starts_with("job-2-"), "{}", names[2]);
        assert_eq!(names[2].len(), "job-2-".len() + 5);
    }

    #[test]
    fn j23_failed_index_is_retried_after_the_job_wide_backoff() {
        // Without backoffLimitPerIndex the backoff is the Job's (J10). Index 0 fails at 5, index 1
        // fails at 5 too: n = 2 → 20 s → both again at 25; then both succeed at 30 → 31.
        let s = script(&[ok(5)], &[(0, &[fail(5), ok(5)]), (1, &[fail(5), ok(5)])]);
        let tl = sim_script(&indexed(2, 2), &s, &timing(31));
        assert_eq!(created_indexes(&tl), vec![(0, 0), (0, 1), (25, 0), (25, 1)]);
        assert_eq!(waits(&tl), vec![(6, 25, 20, 2)]);
        assert_eq!(conditions(&tl).last().unwrap().0, 31);
        // A success seen in the same sync resets n (J11): index 1 succeeds at 5, index 0 is
        // replaced at once at 6.
        let s = script(&[ok(5)], &[(0, &[fail(5), ok(5)])]);
        let tl = sim_script(&indexed(2, 2), &s, &timing(31));
        assert_eq!(created_indexes(&tl), vec![(0, 0), (0, 1), (6, 0)]);
        assert_eq!(conditions(&tl).last().unwrap().0, 12);
    }

    #[test]
    fn j24_backoff_limit_per_index_fails_the_index_then_failed_indexes() {
        // Index 1 always fails, limit 1: 5 (1st), wait 10 → 15, fails 20 → index failed; 0 and 2
        // succeeded at 5: failed 1 + succeeded 2 ≥ 3 → FailedIndexes at 21.
        let s = script(&[ok(5)], &[(1, &[fail(5)])]);
        let tl = sim_script(&per_index(3, 3, 1), &s, &timing(31));
        assert_eq!(created_indexes(&tl), vec![(0, 0), (0, 1), (0, 2), (15, 1)]);
        assert_eq!(waits(&tl), vec![(6, 15, 10, 1)]);
        let fi = |t, ty| cond(t, ty, "FailedIndexes", MSG_FAILED_INDEXES);
        assert_eq!(conditions(&tl), vec![fi(21, FailureTarget), fi(21, Failed)]);
        assert_eq!(health(&tl).last().unwrap(), &(21, HealthStatus::Degraded, MSG_FAILED_INDEXES.into()));
        let msgs = pod_messages(&tl);
        assert!(msgs[0].ends_with("index 1 is retried (retry 1 of 1, backoffLimitPerIndex, J24)"), "{}", msgs[0]);
        assert!(
            msgs[1].ends_with("index 1 fails: its one retry is used up (backoffLimitPerIndex 1, J24)"),
            "{}",
            msgs[1]
        );
        // Before 1.31 only Failed.
        let tl = sim_script(&per_index(3, 3, 1), &s, &timing(30));
        assert_eq!(conditions(&tl), vec![fi(21, Failed)]);
    }

    #[test]
    fn j12_each_index_has_its_own_backoff() {
        // Both indexes fail at 5, 20, 45 … but each counts only its own failures: 10, 20, 40 s.
        // Index 1 succeeds on its 3rd pod (45); index 0's 4th pod waits 40 s (n = 3) → 85, fails
        // at 90 with 3 retries used → FailedIndexes at 91.
        let s = script(&[fail(5)], &[(1, &[fail(5), fail(5), ok(5)])]);
        let tl = sim_script(&per_index(2, 2, 3), &s, &timing(31));
        assert_eq!(created_indexes(&tl), vec![(0, 0), (0, 1), (15, 0), (15, 1), (40, 0), (40, 1), (85, 0)]);
        assert_eq!(waits(&tl), vec![(6, 15, 10, 1), (21, 40, 20, 2), (46, 85, 40, 3)]);
        assert_eq!(conditions(&tl).last().unwrap(), &cond(91, Failed, "FailedIndexes", MSG_FAILED_INDEXES));
    }

    #[test]
    fn j12_a_waiting_lower_index_holds_back_higher_ones() {
        // parallelism 2, three indexes: index 0 fails at 5 and must wait until 15; the one free
        // slot goes to the lowest pending index, 0, so index 2 is not started before 21.
        let s = script(&[ok(5)], &[(0, &[fail(5), ok(5)]), (1, &[ok(20)])]);
        let tl = sim_script(&per_index(3, 2, 2), &s, &timing(31));
        assert_eq!(created_indexes(&tl), vec![(0, 0), (0, 1), (15, 0), (21, 2)]);
        assert_eq!(conditions(&tl).last().unwrap().0, 27);
    }

    #[test]
    fn j12_ready_indexes_go_first_the_others_wait_for_the_next_sync() {
        // Index 0 fails at 5 (ready at 15), index 1 at 12 (ready at 22): index 0 at 15; the sync
        // that sees that pod (16) requeues for 22; index 1 at 22; both done at 27 → 28.
        let s = script(&[ok(5)], &[(0, &[fail(5), ok(5)]), (1, &[fail(12), ok(5)])]);
        let tl = sim_script(&per_index(2, 2, 5), &s, &timing(31));
        assert_eq!(created_indexes(&tl), vec![(0, 0), (0, 1), (15, 0), (22, 1)]);
        assert_eq!(waits(&tl), vec![(6, 15, 10, 1), (16, 22, 10, 1)]);
        assert_eq!(conditions(&tl).last().unwrap().0, 28);
    }

    #[test]
    fn j24_max_failed_indexes_stops_the_job_early() {
        // Limit 0: index 0's first failure fails it; maxFailedIndexes 0 → the Job fails at 6 and
        // the hanging index 2 is deleted (gone at 7) → Failed at 8 (1.31).
        let s = script(&[ok(5)], &[(0, &[fail(5)]), (2, &[Attempt::Hang])]);
        let mut spec = per_index(4, 3, 0);
        spec.max_failed_indexes = Some(0);
        let tl = sim_script(&spec, &s, &timing(31));
        let mfi = |t, ty| cond(t, ty, "MaxFailedIndexesExceeded", MSG_MAX_FAILED_INDEXES);
        assert_eq!(conditions(&tl), vec![mfi(6, FailureTarget), mfi(8, Failed)]);
        assert_eq!(deletes(&tl), vec![(6, "MaxFailedIndexesExceeded".into())]);
        assert_eq!(created_indexes(&tl), vec![(0, 0), (0, 1), (0, 2)]);
        // maxFailedIndexes 1 tolerates it: index 3 starts at 6, and with index 2 finally
        // succeeding the Job ends FailedIndexes.
        let s = script(&[ok(5)], &[(0, &[fail(5)])]);
        spec.max_failed_indexes = Some(1);
        let tl = sim_script(&spec, &s, &timing(31));
        assert_eq!(created_indexes(&tl), vec![(0, 0), (0, 1), (0, 2), (6, 3)]);
        assert_eq!(conditions(&tl).last().unwrap(), &cond(12, Failed, "FailedIndexes", MSG_FAILED_INDEXES));
    }

    #[test]
    fn j24_fail_index_rule_and_ignore_rule() {
        let mut spec = per_index(2, 2, 3);
        spec.pod_failure_policy =
            vec![fail_job_rule(PfpAction::FailIndex, vec![42]), fail_job_rule(PfpAction::Ignore, vec![137])];
        // Index 0 exits 42: failed at once (no retry); index 1 is OOM-killed twice (ignored:
        // retries do not use the limit, but raise its backoff: 10, then 20 s) then succeeds.
        let oom = Attempt::Run { exit_code: 0, seconds: Some(5), oom: true };
        let s = script(&[ok(5)], &[(0, &[run(42, 5)]), (1, &[oom.clone(), oom, ok(5)])]);
        let tl = sim_script(&spec, &s, &timing(31));
        assert_eq!(created_indexes(&tl), vec![(0, 0), (0, 1), (15, 1), (40, 1)]);
        assert_eq!(conditions(&tl).last().unwrap(), &cond(46, Failed, "FailedIndexes", MSG_FAILED_INDEXES));
        let msgs = pod_messages(&tl);
        assert!(msgs[0].ends_with("FailIndex rule at index 0: index 0 fails without a retry (J24)"), "{}", msgs[0]);
        assert!(msgs[1].contains("ignored: index 1 is retried"), "{}", msgs[1]);
    }

    #[test]
    fn j26_success_policy_deletes_lingering_pods_then_complete() {
        // succeededCount 2 of 5: indexes 0 and 1 succeed at 5; at 6 SuccessCriteriaMet; the three
        // hanging pods are deleted (gone at 7, not counted as failed) → Complete at 8.
        let mut spec = indexed(5, 5);
        spec.success_policy = vec![SuccessRule { succeeded_indexes: None, succeeded_count: Some(2) }];
        let s = script(&[Attempt::Hang], &[(0, &[ok(5)]), (1, &[ok(5)])]);
        let tl = sim_script(&spec, &s, &timing(31));
        let msg = "Matched rules at index 0";
        assert_eq!(
            conditions(&tl),
            vec![cond(6, SuccessCriteriaMet, "SuccessPolicy", msg), cond(8, Complete, "SuccessPolicy", msg)]
        );
        assert_eq!(deletes(&tl).len(), 3);
        assert_eq!(gones(&tl), vec![7, 7, 7]);
        assert_eq!(health(&tl), vec![progressing(), (8, HealthStatus::Healthy, msg.into())]);
        // succeededIndexes "0,2" + a second rule: the first rule that matches names itself.
        spec.success_policy = vec![
            SuccessRule { succeeded_indexes: Some(vec![(3, 4)]), succeeded_count: None },
            SuccessRule { succeeded_indexes: Some(vec![(0, 0), (2, 2)]), succeeded_count: None },
        ];
        let s = script(&[ok(5)], &[(1, &[ok(10)]), (3, &[ok(20)]), (4, &[ok(20)])]);
        let tl = sim_script(&spec, &s, &timing(31));
        let msg = "Matched rules at index 1";
        assert_eq!(
            conditions(&tl),
            vec![cond(6, SuccessCriteriaMet, "SuccessPolicy", msg), cond(8, Complete, "SuccessPolicy", msg)]
        );
    }

    #[test]
    fn j23_on_failure_indexed_pods_restart_in_place_per_index_script() {
        // OnFailure: index 1's container fails once and restarts at once in the same pod.
        let mut spec = indexed(2, 2);
        spec.restart_policy = RestartPolicy::OnFailure;
        let s = script(&[ok(5)], &[(1, &[fail(5), ok(5)])]);
        let tl = sim_script(&spec, &s, &timing(31));
        assert_eq!(created_indexes(&tl), vec![(0, 0), (0, 1)]);
        assert_eq!(restarts(&tl), vec![(5, 1)]);
        assert_eq!(conditions(&tl).last().unwrap().0, 11);
    }

    #[test]
    fn indexed_jobs_never_panic_and_stay_linear() {
        // Many indexes, every pod fails once then succeeds: the bookkeeping must not be quadratic
        // (this runs 20,000 pods) and the result is deterministic.
        let mut spec = indexed(10_000, 500);
        spec.backoff_limit = i64::MAX;
        let s = script(&[fail(5), ok(5)], &[]);
        let tl = simulate_job_script(&spec, &s, &timing(31), Time::MAX, 1_000_000);
        assert!(!tl.truncated);
        assert_eq!(created(&tl).len(), 20_000);
        assert_eq!(conditions(&tl).last().unwrap().1, Complete);
        for limit in [None, Some(0), Some(2)] {
            for max in [None, Some(0), Some(3)] {
                for c in [0, 1, 7] {
                    for p in [0, 1, 3, 100] {
                        let mut spec = indexed(c, p);
                        spec.backoff_limit_per_index = limit;
                        spec.max_failed_indexes = max;
                        spec.success_policy = vec![SuccessRule { succeeded_indexes: None, succeeded_count: Some(2) }];
                        let s = script(&[fail(1), Attempt::Hang, ok(2)], &[(0, &[ok(1)]), (3, &[fail(0)])]);
                        let a = simulate_job_script(&spec, &s, &timing(31), 5000, 300);
                        check_invariants(&a);
                        assert_eq!(a, simulate_job_script(&spec, &s, &timing(31), 5000, 300));
                    }
                }
            }
        }
    }

    // -- limits and robustness --------------------------------------------------------------------

    #[test]
    fn horizon_cuts_the_timeline() {
        let tl = simulate_job(&never(6), &[fail(5)], &timing(31), 100, 1000);
        assert!(!tl.truncated);
        assert_eq!(created(&tl), vec![0, 15, 40, 85]);
        assert!(conditions(&tl).is_empty());
        assert!(tl.events.iter().all(|e| e.t <= 100));
        let tl = simulate_job(&never(6), &[fail(5)], &timing(31), -1, 1000);
        assert!(tl.events.is_empty());
    }

    #[test]
    fn huge_backoff_limit_stops_at_max_events() {
        let tl = simulate_job(&never(2_147_483_647), &[fail(5)], &timing(31), Time::MAX, 500);
        assert!(tl.truncated);
        assert_eq!(tl.events.len(), 500);
        check_invariants(&tl);
        let w = waits(&tl);
        assert_eq!(w.last().unwrap().2, 600, "the cap holds for large n");
        // The same with a horizon instead: stops cleanly, not truncated.
        let tl = simulate_job(&never(2_147_483_647), &[fail(5)], &timing(31), 100_000, usize::MAX);
        assert!(!tl.truncated);
        assert!(tl.events.last().unwrap().t <= 100_000);
    }

    #[test]
    fn huge_backoff_limit_on_failure_stops_at_max_events() {
        let tl = simulate_job(&on_failure(2_147_483_647), &[fail(0)], &timing(31), Time::MAX, 300);
        assert!(tl.truncated);
        assert_eq!(tl.events.len(), 300);
        check_invariants(&tl);
    }

    #[test]
    fn huge_completions_and_parallelism_stop_at_max_events() {
        let mut s = never(i64::MAX);
        s.completions = Some(i64::MAX);
        s.parallelism = Some(i64::MAX);
        let tl = simulate_job(&s, &[ok(0)], &timing(31), Time::MAX, 1000);
        assert!(tl.truncated);
        assert_eq!(tl.events.len(), 1000);
        let tl = simulate_job(&s, &[ok(0)], &timing(31), 10, 0);
        assert!(tl.truncated);
        assert!(tl.events.is_empty());
    }

    #[test]
    fn never_panics_on_odd_inputs() {
        let attempt_sets: Vec<Vec<Attempt>> = vec![
            vec![],
            vec![fail(-5)],
            vec![run(i32::MIN, i64::MAX)],
            vec![run(-1, 0), ok(i64::MAX)],
            vec![Attempt::Hang],
            vec![fail(1), Attempt::ImagePullBackOff],
            vec![Attempt::Run { exit_code: 3, seconds: None, oom: true }],
        ];
        let numbers = [None, Some(-5), Some(0), Some(1), Some(3), Some(i64::MAX), Some(i64::MIN)];
        let timings = [
            timing(31),
            timing(0),
            timing(u32::MAX),
            Timing { pod_seconds: -3, job_sync_seconds: -1, delete_seconds: -7, kube_minor: 31 },
            Timing { pod_seconds: i64::MAX, job_sync_seconds: i64::MAX, delete_seconds: i64::MAX, kube_minor: 27 },
        ];
        for rp in [RestartPolicy::Never, RestartPolicy::OnFailure] {
            for attempts in &attempt_sets {
                for &num in &numbers {
                    for t in &timings {
                        for limit in [i64::MIN, -1, 0, 2, i64::MAX] {
                            let mut s = spec("x", limit, rp.clone());
                            s.completions = num;
                            s.parallelism = num.map(|n| n.min(3));
                            s.active_deadline_seconds = num;
                            s.pod_failure_policy = vec![fail_job_rule(PfpAction::Ignore, vec![1])];
                            for horizon in [-10, 0, 1000, Time::MAX] {
                                let tl = simulate_job(&s, attempts, t, horizon, 200);
                                check_invariants(&tl);
                                assert!(tl.events.len() <= 200);
                                assert_eq!(tl, simulate_job(&s, attempts, t, horizon, 200));
                            }
                        }
                    }
                }
            }
        }
    }
}
