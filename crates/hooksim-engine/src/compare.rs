//! Two reports of two variants of one input, compared: what a version upgrade, another scenario
//! or an edit changes. Pure, over [`Report`]s only, so that the CLI (`hooksim diff`, `simulate
//! --compare`), the playground and the embed show the same differences.
//!
//! - Events are matched by what they are, not when: the same type, object, step, attempt, index,
//!   reason and exit code, and the same message once its numbers are set aside ("after the
//!   backoff of 10 s" is the same event as "after the backoff of 20 s"). The n-th such event of
//!   side A is matched with the n-th of side B. A matched pair at two seconds **moved**; an event
//!   without a match is **only in A** or **only in B**.
//! - Operations are matched by their order; each one's final phase, message and end are compared,
//!   and its sync results by resource (status, hook phase, message).
//! - What is left in the cluster, and the diagnostics, are compared as sets.

use std::collections::HashMap;
use std::fmt::Write;

use serde::Serialize;

use crate::report::{Event, EventType, OperationReport, Report, ResourceResult, Time};
use crate::text::{describe, escape, object, step};

/// How an event differs between the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Change {
    /// The same event, at another second.
    Moved,
    /// Only side A has it.
    OnlyA,
    /// Only side B has it.
    OnlyB,
}

/// One event that moved or is on one side only.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventChange {
    pub change: Change,
    /// Its second on side A, on side B (absent on the side that lacks it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub a_t: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b_t: Option<Time>,
    /// Its place in the operation's `events` on each side (for marking it on a timeline).
    #[serde(skip)]
    pub a_index: Option<usize>,
    #[serde(skip)]
    pub b_index: Option<usize>,
    /// `Kind/name`, or empty for an event of the operation.
    pub object: String,
    /// The step, "PreSync/0", or empty.
    pub step: String,
    /// The event in words, as the text timeline says it (side B's words when it has it).
    pub what: String,
    /// The event itself (side B's when it has it), as the report has it.
    pub event: Event,
}

/// An operation's final state, for the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationEnd {
    #[serde(rename = "type")]
    pub kind: String,
    pub phase: String,
    pub message: String,
    pub started_at: Time,
    pub finished_at: Option<Time>,
}

/// One entry of the sync result that differs: absent on one side, or another status, hook phase
/// or message.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultChange {
    /// `Kind/name`.
    pub object: String,
    pub sync_phase: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub a: Option<ResultState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b: Option<ResultState>,
}

/// What Argo CD's result says of a resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultState {
    pub status: String,
    pub hook_phase: String,
    pub message: String,
}

impl ResultState {
    fn of(r: &ResourceResult) -> ResultState {
        ResultState { status: r.status.clone(), hook_phase: r.hook_phase.clone(), message: r.message.clone() }
    }

    /// "Succeeded: job completed" style words.
    pub fn words(&self) -> String {
        let head = [self.status.as_str(), self.hook_phase.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("/");
        if self.message.is_empty() {
            head
        } else {
            format!("{head}: {}", self.message.replace('\n', " / "))
        }
    }
}

/// One operation of either side, with what differs in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationDiff {
    /// 1-based, as the text timeline numbers operations.
    pub n: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub a: Option<OperationEnd>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b: Option<OperationEnd>,
    pub events: Vec<EventChange>,
    pub results: Vec<ResultChange>,
}

impl OperationDiff {
    /// The final phase differs (or the operation is on one side only).
    pub fn phase_differs(&self) -> bool {
        self.a.as_ref().map(|o| &o.phase) != self.b.as_ref().map(|o| &o.phase)
    }

    pub fn message_differs(&self) -> bool {
        self.a.as_ref().map(|o| &o.message) != self.b.as_ref().map(|o| &o.message)
    }

    fn end_differs(&self) -> bool {
        self.a.as_ref().map(|o| o.finished_at) != self.b.as_ref().map(|o| o.finished_at)
    }

    fn differs(&self) -> bool {
        self.phase_differs()
            || self.message_differs()
            || self.end_differs()
            || !self.events.is_empty()
            || !self.results.is_empty()
    }
}

/// Items of a set on one side only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OneSided {
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
}

impl OneSided {
    fn of(a: Vec<String>, b: Vec<String>) -> OneSided {
        let (sa, sb): (HashMap<&String, ()>, HashMap<&String, ()>) =
            (a.iter().map(|x| (x, ())).collect(), b.iter().map(|x| (x, ())).collect());
        OneSided {
            only_a: a.iter().filter(|x| !sb.contains_key(x)).cloned().collect(),
            only_b: b.iter().filter(|x| !sa.contains_key(x)).cloned().collect(),
        }
    }

    fn is_empty(&self) -> bool {
        self.only_a.is_empty() && self.only_b.is_empty()
    }
}

/// The whole comparison. `operations` lists only the operations that differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// The two sides' names ("the input", "argocdVersion=2.14").
    pub a: String,
    pub b: String,
    /// No difference at all.
    pub equal: bool,
    /// How many differences: events moved or one-sided, phases, messages and ends of operations,
    /// results, objects left and diagnostics.
    pub differences: usize,
    pub operations: Vec<OperationDiff>,
    /// `Kind/name` (with `namespace/` when not the default) left in the cluster on one side only.
    pub remaining: OneSided,
    /// Diagnostics (`code: message`) of one side only.
    pub diagnostics: OneSided,
}

impl Comparison {
    /// The event changes of side A (`a == true`) or B as (operation index, event index), for
    /// marking the events on that side's timeline.
    pub fn marked(&self, a: bool) -> Vec<(usize, usize, Change)> {
        let mut out = Vec::new();
        for op in &self.operations {
            for e in &op.events {
                if let Some(i) = if a { e.a_index } else { e.b_index } {
                    out.push((op.n - 1, i, e.change));
                }
            }
        }
        out
    }

    /// The objects whose sync result differs, per operation index (for marking result rows).
    pub fn changed_results(&self) -> Vec<(usize, String)> {
        self.operations.iter().flat_map(|o| o.results.iter().map(move |r| (o.n - 1, r.object.clone()))).collect()
    }

    /// The comparison as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// What makes two events "the same event": everything but the second, with the message's numbers
/// set aside. An operation's end is the same event whatever its message (the phase and message
/// are compared apart). Built as a string by hand (no Debug formatting: the playground's wasm
/// stays small).
fn identity(e: &Event) -> String {
    let mut id = String::from(e.ty.as_str());
    for part in [&e.reference, &e.kind, &e.name, &e.namespace, &e.phase, &e.reason] {
        id.push('\u{1}');
        id.push_str(part.as_deref().unwrap_or("\u{2}"));
    }
    for n in [e.wave, e.attempt.map(i64::from), e.index, e.exit_code.map(i64::from)] {
        id.push('\u{1}');
        if let Some(n) = n {
            id.push_str(&n.to_string());
        }
    }
    id.push('\u{1}');
    if e.ty != EventType::OperationCompleted {
        id.extend(e.message.as_deref().unwrap_or("").chars().filter(|c| !c.is_ascii_digit()));
    }
    id
}

/// Each event's identity with its occurrence number among the events of that identity
/// ("<identity>\u{3}<n>").
fn keyed(events: &[Event]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    events
        .iter()
        .map(|e| {
            let id = identity(e);
            let n = seen.entry(id.clone()).or_insert(0);
            *n += 1;
            format!("{id}\u{3}{n}")
        })
        .collect()
}

fn change(change: Change, a: Option<(usize, &Event)>, b: Option<(usize, &Event)>) -> Option<EventChange> {
    let e = b.or(a)?.1;
    Some(EventChange {
        change,
        a_t: a.map(|(_, e)| e.t),
        b_t: b.map(|(_, e)| e.t),
        a_index: a.map(|(i, _)| i),
        b_index: b.map(|(i, _)| i),
        object: object(e),
        step: step(e),
        what: escape(&describe(e)).into_owned(),
        event: e.clone(),
    })
}

/// The events that moved or are on one side only, in the order of side B's timeline (side A's
/// one-sided events where they fall by time).
fn event_changes(a: &[Event], b: &[Event]) -> Vec<EventChange> {
    let (ka, kb) = (keyed(a), keyed(b));
    let index_b: HashMap<&String, usize> = kb.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let index_a: HashMap<&String, usize> = ka.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let mut out: Vec<(Time, usize, EventChange)> = Vec::new();
    for (i, k) in ka.iter().enumerate() {
        match index_b.get(k) {
            Some(&j) if a[i].t != b[j].t => {
                out.extend(change(Change::Moved, Some((i, &a[i])), Some((j, &b[j]))).map(|c| (b[j].t, j * 2 + 1, c)))
            }
            Some(_) => {}
            None => out.extend(change(Change::OnlyA, Some((i, &a[i])), None).map(|c| (a[i].t, i * 2, c))),
        }
    }
    for (j, k) in kb.iter().enumerate() {
        if !index_a.contains_key(k) {
            out.extend(change(Change::OnlyB, None, Some((j, &b[j]))).map(|c| (b[j].t, j * 2 + 1, c)));
        }
    }
    crate::common::sort::sort_by_key(&mut out, |(t, order, _)| (*t, *order));
    out.into_iter().map(|(_, _, c)| c).collect()
}

fn end(op: &OperationReport) -> OperationEnd {
    OperationEnd {
        kind: op.kind.as_str().to_string(),
        phase: op.phase.clone(),
        message: op.message.clone(),
        started_at: op.started_at,
        finished_at: op.finished_at,
    }
}

fn result_changes(a: &[ResourceResult], b: &[ResourceResult]) -> Vec<ResultChange> {
    let key = |r: &ResourceResult| format!("{}|{}|{}|{}|{}", r.group, r.kind, r.namespace, r.name, r.sync_phase);
    // Indexed by key: an application of 5,000 resources compares in linear time.
    let index_b: HashMap<String, usize> = b.iter().enumerate().map(|(i, r)| (key(r), i)).collect();
    let mut in_a: HashMap<String, ()> = HashMap::new();
    let change = |r: &ResourceResult, a: Option<ResultState>, b: Option<ResultState>| ResultChange {
        object: format!("{}/{}", r.kind, r.name),
        sync_phase: r.sync_phase.clone(),
        a,
        b,
    };
    let mut out = Vec::new();
    for r in a {
        let k = key(r);
        let (sa, sb) = (ResultState::of(r), index_b.get(&k).map(|&j| ResultState::of(&b[j])));
        if sb.as_ref() != Some(&sa) {
            out.push(change(r, Some(sa), sb));
        }
        in_a.insert(k, ());
    }
    for r in b.iter().filter(|r| !in_a.contains_key(&key(r))) {
        out.push(change(r, None, Some(ResultState::of(r))));
    }
    out
}

/// Compares side A (`a`, named `a_name`) with side B.
pub fn compare(a: &Report, b: &Report, a_name: &str, b_name: &str) -> Comparison {
    let mut operations = Vec::new();
    for n in 0..a.operations.len().max(b.operations.len()) {
        let (oa, ob) = (a.operations.get(n), b.operations.get(n));
        let diff = OperationDiff {
            n: n + 1,
            a: oa.map(end),
            b: ob.map(end),
            events: event_changes(oa.map_or(&[][..], |o| &o.events), ob.map_or(&[][..], |o| &o.events)),
            results: result_changes(oa.map_or(&[][..], |o| &o.results), ob.map_or(&[][..], |o| &o.results)),
        };
        if diff.differs() {
            operations.push(diff);
        }
    }
    let left = |r: &Report| -> Vec<String> {
        r.remaining
            .iter()
            .map(|x| {
                let obj = format!("{}/{}", x.kind, x.name);
                if x.namespace.is_empty() || x.namespace == "default" {
                    obj
                } else {
                    format!("{}/{obj}", x.namespace)
                }
            })
            .collect()
    };
    let diags =
        |r: &Report| -> Vec<String> { r.diagnostics.iter().map(|d| format!("{}: {}", d.code, d.message)).collect() };
    let remaining = OneSided::of(left(a), left(b));
    let diagnostics = OneSided::of(diags(a), diags(b));
    let differences = operations
        .iter()
        .map(|o| {
            o.events.len()
                + o.results.len()
                + usize::from(o.phase_differs())
                + usize::from(o.message_differs())
                + usize::from(o.end_differs() && !o.phase_differs())
        })
        .sum::<usize>()
        + remaining.only_a.len()
        + remaining.only_b.len()
        + diagnostics.only_a.len()
        + diagnostics.only_b.len();
    Comparison {
        a: a_name.to_string(),
        b: b_name.to_string(),
        equal: differences == 0 && operations.is_empty() && remaining.is_empty() && diagnostics.is_empty(),
        differences,
        operations,
        remaining,
        diagnostics,
    }
}

fn secs(t: Option<Time>) -> String {
    t.map_or("-".to_string(), |t| format!("{t}s"))
}

/// The comparison as text: per operation the final phase and message, the events that moved or
/// are on one side only, the results that differ; then what is left in the cluster and the
/// diagnostics of one side only.
pub fn render(c: &Comparison) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "A: {}\nB: {}", escape(&c.a), escape(&c.b));
    if c.equal {
        s.push_str("No difference: the same events at the same seconds, the same results, the same objects left.\n");
        return s;
    }
    for op in &c.operations {
        let kind = op.b.as_ref().or(op.a.as_ref()).map_or("", |o| o.kind.as_str());
        let _ = writeln!(s, "\nOperation {} ({kind})", op.n);
        let phase = |o: &Option<OperationEnd>| o.as_ref().map_or("(none)".to_string(), |o| o.phase.clone());
        let message = |o: &Option<OperationEnd>| {
            o.as_ref().map_or("(none)".to_string(), |o| escape(&o.message.replace('\n', " / ")).into_owned())
        };
        if op.phase_differs() || op.end_differs() {
            let at = |o: &Option<OperationEnd>| match o {
                Some(OperationEnd { finished_at: Some(t), .. }) => format!(" at {t}s"),
                Some(_) => " (not finished)".to_string(),
                None => String::new(),
            };
            let _ =
                writeln!(s, "  phase    A: {}{}\n           B: {}{}", phase(&op.a), at(&op.a), phase(&op.b), at(&op.b));
        } else {
            let _ = writeln!(s, "  phase    {} (both)", phase(&op.a));
        }
        if op.message_differs() {
            let _ = writeln!(s, "  message  A: {}\n           B: {}", message(&op.a), message(&op.b));
        }
        if !op.events.is_empty() {
            let _ = writeln!(
                s,
                "  {:<8} {:>6} {:>6}  {:<14}  {:<36}  what happened",
                "events", "A", "B", "phase/wave", "object"
            );
        }
        for e in &op.events {
            let what = match e.change {
                Change::Moved => "moved",
                Change::OnlyA => "only A",
                Change::OnlyB => "only B",
            };
            let _ = writeln!(
                s,
                "  {what:<8} {:>6} {:>6}  {:<14}  {:<36}  {}",
                secs(e.a_t),
                secs(e.b_t),
                e.step,
                e.object,
                e.what
            );
        }
        for r in &op.results {
            let side =
                |x: &Option<ResultState>| x.as_ref().map_or("(not in the result)".to_string(), ResultState::words);
            let _ = writeln!(
                s,
                "  result   {} ({})\n           A: {}\n           B: {}",
                escape(&r.object),
                r.sync_phase,
                escape(&side(&r.a)),
                escape(&side(&r.b))
            );
        }
    }
    let list = |s: &mut String, title: &str, set: &OneSided| {
        if set.is_empty() {
            return;
        }
        let _ = writeln!(s, "\n{title}");
        for x in &set.only_a {
            let _ = writeln!(s, "  only A   {}", escape(x));
        }
        for x in &set.only_b {
            let _ = writeln!(s, "  only B   {}", escape(x));
        }
    };
    list(&mut s, "Left in the cluster", &c.remaining);
    list(&mut s, "Diagnostics", &c.diagnostics);
    let _ = writeln!(s, "\n{} difference(s)", c.differences);
    s
}

/// The Scenario's top-level keys: a `--compare` key that is none of them and has no dot is a
/// setting (`argocdVersion` means `settings.argocdVersion`).
const TOP_LEVEL: &[&str] = &[
    "metadata",
    "description",
    "settings",
    "live",
    "existing",
    "changes",
    "operations",
    "outcomes",
    "commits",
    "drift",
];

/// The `--set` path of a comparison key: `argocdVersion` → `settings.argocdVersion`; a dotted
/// path or a top-level Scenario key as it is.
pub fn setting_path(key: &str) -> String {
    if key.contains('.') || TOP_LEVEL.contains(&key) {
        key.to_string()
    } else {
        format!("settings.{key}")
    }
}

/// Reads a variant: `KEY=VALUE`, several joined by `,` (a comma inside brackets, braces or quotes
/// belongs to the value: `syncOptions=[PruneLast=true, Validate=false]`). Each key goes through
/// [`setting_path`]. The result is what `Options::sets` takes.
pub fn read_variant(spec: &str) -> Result<Vec<(String, String)>, String> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0);
    for (i, c) in spec.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(&spec[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&spec[start..]);
    let mut out = Vec::new();
    for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        match p.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => out.push((setting_path(k.trim()), v.trim().to_string())),
            _ => return Err(format!("a comparison needs KEY=VALUE, such as argocdVersion=2.14, got \"{p}\"")),
        }
    }
    if out.is_empty() {
        return Err("a comparison needs KEY=VALUE, such as argocdVersion=2.14".to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{simulate, Options};

    fn run(input: &str, sets: &[(&str, &str)]) -> Report {
        let sets = sets.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        simulate(input, &Options { sets, ..Options::default() })
    }

    const TTL: &str = include_str!("../../../web/examples/ttl-zero-hook-stuck-on-argocd-2-14.yaml");

    #[test]
    fn a_report_equals_itself() {
        let r = run(TTL, &[]);
        let c = compare(&r, &r, "a", "b");
        assert!(c.equal && c.differences == 0 && c.operations.is_empty(), "{c:?}");
        assert!(render(&c).contains("No difference"));
    }

    /// J35/R39: Argo CD 2.14 waits for ever for a hook its TTL deleted; 3.0 completes it.
    #[test]
    fn j35_the_ttl_race_differs_between_2_14_and_3_0() {
        let a = run(TTL, &[]);
        let b = run(TTL, &[("settings.argocdVersion", "3.0")]);
        let c = compare(&a, &b, "the input", "argocdVersion=3.0");
        assert!(!c.equal);
        let op = &c.operations[0];
        assert!(op.phase_differs(), "{op:?}");
        assert_eq!(op.a.as_ref().unwrap().phase, "Running");
        assert_eq!(op.b.as_ref().unwrap().phase, "Succeeded");
        // The Deployment is applied only with 3.0.
        assert!(op
            .events
            .iter()
            .any(|e| e.change == Change::OnlyB && e.event.ty == EventType::Applied && e.object == "Deployment/ledger"));
        assert!(c.remaining.only_b.contains(&"Deployment/ledger".to_string()), "{:?}", c.remaining);
        let text = render(&c);
        assert!(text.contains("phase    A: Running") && text.contains("B: Succeeded"), "{text}");
        // Marks point at real events of each side.
        for (o, i, _) in c.marked(true) {
            assert!(a.operations[o].events.get(i).is_some());
        }
        for (o, i, _) in c.marked(false) {
            assert!(b.operations[o].events.get(i).is_some());
        }
    }

    /// J10: a longer pod takes the same events later: they moved, nothing is one-sided.
    #[test]
    fn j10_later_events_are_moved_not_one_sided() {
        let input = include_str!("../../../web/examples/presync-postsync.yaml");
        let a = run(input, &[]);
        let b = run(input, &[("settings.waveDelaySeconds", "5")]);
        let c = compare(&a, &b, "a", "b");
        assert!(!c.equal);
        let op = &c.operations[0];
        assert!(op.events.iter().any(|e| e.change == Change::Moved), "{op:?}");
        assert!(op.events.iter().filter(|e| e.change == Change::Moved).all(|e| e.a_t != e.b_t));
        assert!(!op.phase_differs());
    }

    #[test]
    fn variants_read_short_keys_and_commas_in_values() {
        assert_eq!(read_variant("argocdVersion=2.14").unwrap(), vec![("settings.argocdVersion".into(), "2.14".into())]);
        assert_eq!(
            read_variant("kubernetesVersion=1.27, syncOptions=[PruneLast=true, Validate=false]").unwrap(),
            vec![
                ("settings.kubernetesVersion".into(), "1.27".into()),
                ("settings.syncOptions".into(), "[PruneLast=true, Validate=false]".into())
            ]
        );
        assert_eq!(read_variant("outcomes.Job/x.attempts=[fail]").unwrap()[0].0, "outcomes.Job/x.attempts");
        assert!(read_variant("").is_err());
        assert!(read_variant("argocdVersion").is_err());
        assert!(read_variant("=3").is_err());
    }
}
