//! The lessons' goal checks: an `expect:` block checked on a report. A minimal stand-in, kept to
//! the expectation vocabulary of issue 14 (`hooksim test`: the final phase and message, a hook
//! that ran or did not run, an object left or not left, an event at or before a second, pod
//! attempts) so that the lessons move to that module once it exists.
//!
//! ```yaml
//! expect:
//!   phase: Failed                 # the last operation's phase
//!   message: "…"                  # its message, exactly; or messageContains: "…"
//!   ran: [Job/db-migrate]         # applied (created) at some point of the simulation
//!   notRan: [Job/smoke-test]      # never applied
//!   left: [Job/db-migrate]        # in the cluster at the end
//!   notLeft: [Job/db-migrate]
//!   attempts: {Job/db-migrate: 3} # pods created for it
//!   events:                       # each matches at least one event
//!     - {type: Applied, object: Deployment/web, at: 6}   # or by: N (at or before), after: N (at or after)
//! ```

use crate::report::{Event, EventType, Report};
use crate::yaml::Node;

const KEYS: &[&str] =
    &["phase", "message", "messageContains", "ran", "notRan", "left", "notLeft", "attempts", "events"];
const EVENT_KEYS: &[&str] = &["type", "object", "at", "by", "after", "operation"];

/// Checks the block's shape (known keys, lists of `Kind/name`), so that a typo is an error rather
/// than a goal that is always reached.
pub fn validate(expect: &Node) -> Result<(), String> {
    let map = expect.as_map().ok_or("`expect` is a mapping")?;
    if map.is_empty() {
        return Err("`expect` is empty".into());
    }
    for (k, v) in map {
        let key = k.as_str().unwrap_or("");
        if !KEYS.contains(&key) {
            return Err(format!("`expect` has no key {key:?} (known: {})", KEYS.join(", ")));
        }
        match key {
            "ran" | "notRan" | "left" | "notLeft" => {
                let ok = v.as_seq().is_some_and(|s| s.iter().all(|n| n.as_str().is_some_and(|s| s.contains('/'))));
                if !ok {
                    return Err(format!("`{key}` is a list of Kind/name"));
                }
            }
            "attempts" if !v.as_map().is_some_and(|m| m.iter().all(|(_, n)| n.as_i64().is_some())) => {
                return Err("`attempts` maps Kind/name to a number".into());
            }
            "events" => {
                let list = v.as_seq().ok_or("`events` is a list")?;
                for e in list {
                    let m = e.as_map().ok_or("each of `events` is a mapping")?;
                    if let Some((k, _)) = m.iter().find(|(k, _)| !EVENT_KEYS.contains(&k.as_str().unwrap_or(""))) {
                        return Err(format!(
                            "an event has no key {:?} (known: {})",
                            k.as_str().unwrap_or(""),
                            EVENT_KEYS.join(", ")
                        ));
                    }
                    if event_type(e).is_none() {
                        return Err("an event needs a `type` (Applied, HookCompleted, Deleted, …)".into());
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The event type an entry names (a report event type such as `Applied`; tests/lessons.rs checks
/// that every lesson names a real one).
fn event_type(e: &Node) -> Option<&str> {
    e.get("type")?.as_str()
}

fn is(e: &Event, object: &str) -> bool {
    match (&e.kind, &e.name, object.split_once('/')) {
        (Some(k), Some(n), Some((kind, name))) => k == kind && n == name,
        _ => false,
    }
}

fn events(report: &Report) -> impl Iterator<Item = (usize, &Event)> {
    report.operations.iter().enumerate().flat_map(|(i, o)| o.events.iter().map(move |e| (i + 1, e)))
}

fn list(expect: &Node, key: &str) -> Vec<String> {
    expect
        .get(key)
        .and_then(Node::as_seq)
        .unwrap_or(&[])
        .iter()
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect()
}

/// Checks `expect` on `report`: `Ok`, or one line for each expectation that does not hold.
pub fn check(report: &Report, expect: &Node) -> Result<(), Vec<String>> {
    if let Err(e) = validate(expect) {
        return Err(vec![e]);
    }
    let mut failed = Vec::new();
    let last = report.operations.last();
    let (phase, message) = last.map_or(("none", ""), |o| (o.phase.as_str(), o.message.as_str()));
    if let Some(want) = expect.get("phase").and_then(Node::scalar_text) {
        if want != phase {
            failed.push(format!("the phase is {phase}, not {want}"));
        }
    }
    if let Some(want) = expect.get("message").and_then(Node::scalar_text) {
        if want != message {
            failed.push(format!("the message is {message:?}, not {want:?}"));
        }
    }
    if let Some(want) = expect.get("messageContains").and_then(Node::scalar_text) {
        if !message.contains(&want) {
            failed.push(format!("the message {message:?} does not say {want:?}"));
        }
    }
    let applied = |o: &str| events(report).any(|(_, e)| e.ty == EventType::Applied && is(e, o));
    let left = |o: &str| report.remaining.iter().any(|r| format!("{}/{}", r.kind, r.name) == o);
    type Holds<'a> = &'a dyn Fn(&str) -> bool;
    let lists: [(&str, Holds, bool, &str); 4] = [
        ("ran", &applied, true, "never ran"),
        ("notRan", &applied, false, "ran"),
        ("left", &left, true, "is not left in the cluster"),
        ("notLeft", &left, false, "is left in the cluster"),
    ];
    for (key, holds, want, says) in lists {
        for o in list(expect, key) {
            if holds(&o) != want {
                failed.push(format!("{o} {says}"));
            }
        }
    }
    for (k, n) in expect.get("attempts").and_then(Node::as_map).unwrap_or(&[]) {
        let o = k.as_str().unwrap_or("");
        let want = n.as_i64().unwrap_or(-1);
        let got = events(report).filter(|(_, e)| e.ty == EventType::PodCreated && is(e, o)).count() as i64;
        if got != want {
            failed.push(format!("{o} had {got} pod attempts, not {want}"));
        }
    }
    for e in expect.get("events").and_then(Node::as_seq).unwrap_or(&[]) {
        let ty = event_type(e);
        let object = e.get("object").and_then(Node::as_str);
        let num = |k: &str| e.get(k).and_then(Node::as_i64);
        let (at, by, after, op) = (num("at"), num("by"), num("after"), num("operation"));
        let found = events(report).any(|(i, ev)| {
            Some(ev.ty.as_str()) == ty
                && object.is_none_or(|o| is(ev, o))
                && at.is_none_or(|t| ev.t == t)
                && by.is_none_or(|t| ev.t <= t)
                && after.is_none_or(|t| ev.t >= t)
                && op.is_none_or(|n| i as i64 == n)
        });
        if !found {
            let mut what = format!("no {} event", e.get("type").and_then(Node::as_str).unwrap_or(""));
            if let Some(o) = object {
                what.push_str(&format!(" of {o}"));
            }
            for (k, v) in [("at", at), ("at or before", by), ("at or after", after)] {
                if let Some(t) = v {
                    what.push_str(&format!(" {k} {t} s"));
                }
            }
            if let Some(n) = op {
                what.push_str(&format!(" in operation {n}"));
            }
            failed.push(what);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed)
    }
}
