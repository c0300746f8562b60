//! The `expect:` block of a `kind: Scenario` document, as read: what a scenario says its
//! simulation must end with ([`Expectations`]), and its reader ([`parse`], [`read`]). The check of
//! a report against them is the top-level `expect` module; the Scenario reader
//! (`scenario::parse`) calls [`parse`] for its `expect:` key.

use serde::Serialize;

use crate::common::diagnostics::{codes, Diagnostic};
use crate::input::yaml::{self, Node};
use crate::report::{EventType, Time};

/// The expectations of one scenario, in the order written.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Expectations {
    pub items: Vec<Expect>,
}

impl Expectations {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// One expectation and where it is written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expect {
    pub check: Check,
    /// 1-based line of the entry in the scenario document.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// Text compared exactly or by a part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Text {
    Exact(String),
    Contains(String),
}

impl Text {
    pub fn matches(&self, s: &str) -> bool {
        match self {
            Text::Exact(t) => s == t,
            Text::Contains(t) => s.contains(t.as_str()),
        }
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Text::Exact(t) => write!(f, "\"{t}\""),
            Text::Contains(t) => write!(f, "{{contains: \"{t}\"}}"),
        }
    }
}

/// What one expectation checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Check {
    /// The final phase of operation `operation` (0-based; `None`: the last one).
    Phase { operation: Option<usize>, text: Text },
    /// The final message of operation `operation` (0-based; `None`: the last one).
    Message { operation: Option<usize>, text: Text },
    /// Applied (an `Applied` event) in some operation.
    Ran(String),
    /// Never applied.
    NotRan(String),
    /// In the report's `remaining`.
    Left(String),
    /// Not in the report's `remaining`.
    NotLeft(String),
    /// At least one event of this type (of this object, with this message), at second `at`
    /// exactly, at or before second `by`, at or after second `after`.
    Event {
        ty: EventType,
        reference: Option<String>,
        at: Option<Time>,
        by: Option<Time>,
        after: Option<Time>,
        message: Option<Text>,
    },
    /// Exactly `count` pods created for this object (`PodCreated` events), over all operations.
    PodAttempts { reference: String, count: u32 },
}

impl Check {
    /// The expectation as written, e.g. `phase: Failed`.
    pub fn describe(&self) -> String {
        let op = |o: &Option<usize>| o.map(|i| format!(" (operation {})", i + 1)).unwrap_or_default();
        match self {
            Check::Phase { operation, text } => format!("phase: {text}{}", op(operation)),
            Check::Message { operation, text } => format!("message: {text}{}", op(operation)),
            Check::Ran(r) => format!("ran: {r}"),
            Check::NotRan(r) => format!("notRan: {r}"),
            Check::Left(r) => format!("left: {r}"),
            Check::NotLeft(r) => format!("notLeft: {r}"),
            Check::Event { ty, reference, at, by, after, message } => {
                let mut s = format!("event {}", ty.as_str());
                if let Some(r) = reference {
                    s.push_str(&format!(" of {r}"));
                }
                if let Some(m) = message {
                    s.push_str(&format!(" with message {m}"));
                }
                if let Some(t) = at {
                    s.push_str(&format!(" at {t} s"));
                }
                if let Some(t) = by {
                    s.push_str(&format!(" by {t} s"));
                }
                if let Some(t) = after {
                    s.push_str(&format!(" after {t} s"));
                }
                s
            }
            Check::PodAttempts { reference, count } => format!("podAttempts: {reference}: {count}"),
        }
    }
}

/// Reads the value of an `expect:` key. Problems are `expect-invalid` errors; what cannot be read
/// is left out.
pub fn parse(node: &Node, diags: &mut Vec<Diagnostic>) -> Expectations {
    let mut out = Expectations::default();
    let Some(entries) = node.as_map() else {
        if !node.is_null() {
            invalid(
                diags,
                node,
                format!("expect is {}, expected a mapping", node.type_name()),
                "write expect: with keys such as phase, message, ran, left, events",
            );
        }
        return out;
    };
    let operation = entries.iter().find(|(k, _)| k.as_str() == Some("operation")).and_then(|(_, v)| match v.as_i64() {
        Some(i) if i >= 1 => Some(i as usize - 1),
        _ => {
            invalid(
                diags,
                v,
                "expect operation must be a whole number from 1 (the first operation)".into(),
                "operation: 1 checks the first operation's phase and message",
            );
            None
        }
    });
    for (k, v) in entries {
        let key = k.as_str().unwrap_or("");
        let at = |check: Check, n: &Node| Expect { check, line: Some(n.pos.line), column: Some(n.pos.column) };
        match key {
            "operation" => {}
            "phase" | "message" => {
                if let Some(text) = text(v, key, diags) {
                    let check = if key == "phase" {
                        Check::Phase { operation, text }
                    } else {
                        Check::Message { operation, text }
                    };
                    out.items.push(at(check, k));
                }
            }
            "ran" | "notRan" | "left" | "notLeft" => {
                for (r, n) in refs(v, key, diags) {
                    let check = match key {
                        "ran" => Check::Ran(r),
                        "notRan" => Check::NotRan(r),
                        "left" => Check::Left(r),
                        _ => Check::NotLeft(r),
                    };
                    out.items.push(at(check, n));
                }
            }
            "events" => match v.as_seq() {
                Some(items) => {
                    for item in items {
                        if let Some(check) = event(item, diags) {
                            out.items.push(at(check, item));
                        }
                    }
                }
                None => invalid(
                    diags,
                    v,
                    format!("expect events is {}, expected a list", v.type_name()),
                    "write events: [{type: JobFailed, ref: Job/x, by: 60}]",
                ),
            },
            "podAttempts" => match v.as_map() {
                Some(pairs) => {
                    for (rk, rv) in pairs {
                        let reference = rk.scalar_text().unwrap_or_default();
                        match rv.as_i64() {
                            Some(c) if (0..=i64::from(u32::MAX)).contains(&c) && object_ref(&reference) => {
                                out.items.push(at(Check::PodAttempts { reference, count: c as u32 }, rk))
                            }
                            _ => invalid(
                                diags,
                                rk,
                                format!("expect podAttempts {reference}: write Kind/name: a whole number of pods"),
                                "podAttempts: {Job/db-migrate: 3}",
                            ),
                        }
                    }
                }
                None => invalid(
                    diags,
                    v,
                    format!("expect podAttempts is {}, expected a mapping", v.type_name()),
                    "podAttempts: {Job/db-migrate: 3}",
                ),
            },
            other => invalid(
                diags,
                k,
                format!("unknown expectation \"{other}\": it is not checked"),
                "known keys: phase, message, operation, ran, notRan, left, notLeft, events, podAttempts",
            ),
        }
    }
    out
}

/// The `expect:` of the `kind: Scenario` document of `text` (else of its first document), with
/// the diagnostics of reading it; `None` when there is no `expect:` key. Positions are lines of
/// `text`.
pub fn read(text: &str) -> (Option<Expectations>, Vec<Diagnostic>) {
    let stream = yaml::read_stream(text);
    let roots: Vec<Node> = stream.documents.into_iter().filter_map(|d| d.root.ok()).collect();
    let is_scenario = |n: &&Node| n.get("kind").and_then(Node::as_str) == Some("Scenario");
    let doc = roots.iter().find(is_scenario).or(roots.first());
    let mut diags = Vec::new();
    let exp = doc.and_then(|d| d.get("expect")).map(|n| parse(n, &mut diags));
    (exp, diags)
}

fn invalid(diags: &mut Vec<Diagnostic>, n: &Node, message: String, hint: &str) {
    diags.push(Diagnostic::error(codes::EXPECT_INVALID, message).at(Some(n.pos)).hint(hint));
}

fn object_ref(s: &str) -> bool {
    matches!(s.split_once('/'), Some((k, n)) if !k.is_empty() && !n.is_empty())
}

fn text(v: &Node, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Text> {
    if let Some(c) = v.get("contains") {
        if v.as_map().map_or(0, <[_]>::len) == 1 {
            if let Some(s) = c.scalar_text() {
                return Some(Text::Contains(s));
            }
        }
    } else if let Some(s) = v.scalar_text().filter(|_| !v.is_null()) {
        return Some(Text::Exact(s));
    }
    invalid(
        diags,
        v,
        format!("expect {key} is {}, expected a string or {{contains: text}}", v.type_name()),
        &format!("{key}: Succeeded, or {key}: {{contains: part of it}}"),
    );
    None
}

fn refs<'a>(v: &'a Node, key: &str, diags: &mut Vec<Diagnostic>) -> Vec<(String, &'a Node)> {
    let items: Vec<&Node> = match v.as_seq() {
        Some(s) => s.iter().collect(),
        None => vec![v],
    };
    let mut out = Vec::new();
    for n in items {
        match n.as_str() {
            Some(s) if object_ref(s) => out.push((s.to_string(), n)),
            _ => invalid(
                diags,
                n,
                format!(
                    "expect {key}: {} is not an object's Kind/name",
                    n.scalar_text().unwrap_or_else(|| n.type_name().to_string())
                ),
                &format!("{key}: [Job/db-migrate]"),
            ),
        }
    }
    out
}

fn event(n: &Node, diags: &mut Vec<Diagnostic>) -> Option<Check> {
    const HINT: &str =
        "write {type: JobFailed, ref: Job/db-migrate, by: 60} (at: a second exactly, by: at or before, after: at or after)";
    let Some(entries) = n.as_map() else {
        invalid(diags, n, format!("expect event is {}, expected a mapping", n.type_name()), HINT);
        return None;
    };
    let (mut ty, mut reference, mut message, mut ok) = (None, None, None, true);
    let (mut at, mut by, mut after) = (None, None, None);
    for (k, v) in entries {
        match k.as_str().unwrap_or("") {
            "type" => {
                let s = v.as_str().unwrap_or("");
                ty = event_type(s);
                if ty.is_none() {
                    invalid(diags, v, format!("expect event type \"{s}\" is not an event type of the report"), "event types: Applied, PodCreated, PodFailed, JobComplete, JobFailed, HookCompleted, Deleted, OperationCompleted, …");
                    ok = false;
                }
            }
            "ref" => match v.as_str() {
                Some(s) if object_ref(s) => reference = Some(s.to_string()),
                _ => {
                    invalid(diags, v, "expect event ref must be an object's Kind/name".into(), HINT);
                    ok = false;
                }
            },
            "at" | "by" | "after" => match v.as_i64() {
                Some(t) if t >= 0 => match k.as_str() {
                    Some("at") => at = Some(t),
                    Some("by") => by = Some(t),
                    _ => after = Some(t),
                },
                _ => {
                    invalid(
                        diags,
                        v,
                        format!("expect event {} must be a whole number of seconds", k.as_str().unwrap_or("")),
                        HINT,
                    );
                    ok = false;
                }
            },
            "message" => match text(v, "event message", diags) {
                Some(t) => message = Some(t),
                None => ok = false,
            },
            other => {
                invalid(
                    diags,
                    k,
                    format!("unknown key \"{other}\" in an expected event: it is not checked"),
                    "known keys: type, ref, at, by, after, message",
                );
                ok = false;
            }
        }
    }
    let Some(ty) = ty else {
        if ok {
            invalid(diags, n, "an expected event needs a type".into(), HINT);
        }
        return None;
    };
    ok.then_some(Check::Event { ty, reference, at, by, after, message })
}

/// The event type named `s` (the report's spelling), without serde_json's Value machinery,
/// which the playground's wasm would otherwise carry.
fn event_type(s: &str) -> Option<EventType> {
    EventType::ALL.into_iter().find(|t| t.as_str() == s)
}
