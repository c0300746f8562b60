//! The scenario panel's model: what the panel offers (from the manifests), what the scenario
//! currently says (from the engine's reading of the `kind: Scenario` document), and the edits,
//! which rewrite that document in the input. The panel and the document stay in step because the
//! panel is always read from the document and only ever writes to it.
//!
//! An edit regenerates the scenario document from its tree (block style, short lists in flow
//! style, `description` as a literal block): keys the panel does not know are kept, and so are
//! the comments, each put back at its key (comments.rs). The rest of the stream is untouched.

use comments::Comments;
use hooksim_engine::input::sync_policy::Automated;
use hooksim_engine::k8s::job::Attempt;
use hooksim_engine::scenario::{OpType, Scenario, Settings};
use hooksim_engine::sim::{prepare, Options, Prepared};

mod comments;
pub mod view;
use hooksim_engine::yaml::{parse_stream, Node, Value};

/// A YAML tree that can be written back.
#[derive(Debug, Clone, PartialEq)]
pub enum Y {
    Null,
    /// A number or boolean, as written.
    Raw(String),
    Str(String),
    Seq(Vec<Y>),
    Map(Vec<(String, Y)>),
}

impl Y {
    fn from_node(n: &Node) -> Y {
        match &n.value {
            Value::Null => Y::Null,
            Value::Str(s) => Y::Str(s.clone()),
            Value::Bool(_) | Value::Int(_) | Value::Float => Y::Raw(n.scalar_text().unwrap_or_default()),
            Value::Seq(items) => Y::Seq(items.iter().map(Y::from_node).collect()),
            Value::Map(entries) => Y::Map(
                entries
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.scalar_text().or_else(|| k.as_str().map(str::to_string)).unwrap_or_default(),
                            Y::from_node(v),
                        )
                    })
                    .collect(),
            ),
        }
    }

    pub fn int(v: i64) -> Y {
        Y::Raw(v.to_string())
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Y> {
        match self {
            Y::Map(e) => e.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets (or, with None, removes) `key` in a mapping; the key keeps its place.
    fn set(&mut self, key: &str, value: Option<Y>) {
        if !matches!(self, Y::Map(_)) {
            *self = Y::Map(Vec::new());
        }
        let Y::Map(e) = self else { return };
        match (e.iter().position(|(k, _)| k == key), value) {
            (Some(i), Some(v)) => e[i].1 = v,
            (Some(i), None) => {
                e.remove(i);
            }
            (None, Some(v)) => e.push((key.to_string(), v)),
            (None, None) => {}
        }
    }

    /// The mapping under `key`, created when missing.
    fn child(&mut self, key: &str) -> &mut Y {
        if !matches!(self.get_mut(key), Some(Y::Map(_))) {
            self.set(key, Some(Y::Map(Vec::new())));
        }
        self.get_mut(key).expect("just set")
    }

    fn is_empty_map(&self) -> bool {
        matches!(self, Y::Map(e) if e.is_empty())
    }
}

/// A scalar that YAML reads back as the same string, quoted only when needed.
fn quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || " -_./".contains(c))
        && !s.ends_with(' ')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "nan" | "inf"
        );
    if plain {
        return s.to_string();
    }
    hooksim_engine::text::double_quoted(s)
}

fn flow(y: &Y) -> String {
    match y {
        Y::Null => "null".into(),
        Y::Raw(r) => r.clone(),
        Y::Str(s) => quote(s),
        Y::Seq(items) => format!("[{}]", items.iter().map(flow).collect::<Vec<_>>().join(", ")),
        Y::Map(e) => format!(
            "{{{}}}",
            e.iter().map(|(k, v)| format!("{}: {}", quote(k), flow(v))).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// Whether a value is written on one line: scalars, and short lists or maps of scalars.
fn inline(y: &Y) -> bool {
    let leaf = |i: &Y| !matches!(i, Y::Seq(_) | Y::Map(_)) || inline_small(i);
    match y {
        Y::Seq(items) => items.is_empty() || (items.iter().all(leaf) && flow(y).len() <= 90),
        Y::Map(e) => e.is_empty() || (e.iter().all(|(_, v)| leaf(v)) && flow(y).len() <= 70 && e.len() <= 4),
        _ => true,
    }
}

fn inline_small(y: &Y) -> bool {
    match y {
        Y::Map(e) => e.iter().all(|(_, v)| !matches!(v, Y::Seq(_) | Y::Map(_))) && flow(y).len() <= 40,
        Y::Seq(items) => items.iter().all(|v| !matches!(v, Y::Seq(_) | Y::Map(_))) && flow(y).len() <= 40,
        _ => true,
    }
}

fn emit_map(out: &mut String, entries: &[(String, Y)], ind: usize) {
    let pad = " ".repeat(ind);
    for (k, v) in entries {
        let key = quote(k);
        match v {
            Y::Str(s) if s.contains('\n') && !s.lines().any(|l| l.starts_with(' ') || l.ends_with(' ')) => {
                let chomp = if s.ends_with('\n') { "" } else { "-" };
                out.push_str(&format!("{pad}{key}: |{chomp}\n"));
                for line in s.trim_end_matches('\n').split('\n') {
                    if line.is_empty() {
                        out.push('\n');
                    } else {
                        out.push_str(&format!("{pad}  {line}\n"));
                    }
                }
            }
            // The top level is always in block style; below, short values go on one line.
            v if (ind > 0 || !matches!(v, Y::Map(_) | Y::Seq(_))) && inline(v) => {
                out.push_str(&format!("{pad}{key}: {}\n", flow(v)))
            }
            Y::Map(e) if e.is_empty() => out.push_str(&format!("{pad}{key}: {{}}\n")),
            Y::Seq(items) if items.is_empty() => out.push_str(&format!("{pad}{key}: []\n")),
            Y::Map(e) => {
                out.push_str(&format!("{pad}{key}:\n"));
                emit_map(out, e, ind + 2);
            }
            Y::Seq(items) => {
                out.push_str(&format!("{pad}{key}:\n"));
                emit_seq(out, items, ind + 2);
            }
            v => out.push_str(&format!("{pad}{key}: {}\n", flow(v))),
        }
    }
}

fn emit_seq(out: &mut String, items: &[Y], ind: usize) {
    let pad = " ".repeat(ind);
    for item in items {
        match item {
            Y::Map(e) if !e.is_empty() && !inline_small(item) => {
                // "- first: …" then the other keys under it.
                let mut first = String::new();
                emit_map(&mut first, &e[..1], ind + 2);
                out.push_str(&format!("{pad}- {}", first.trim_start()));
                emit_map(out, &e[1..], ind + 2);
            }
            Y::Seq(_) if !inline(item) => out.push_str(&format!("{pad}- {}\n", flow(item))),
            _ => out.push_str(&format!("{pad}- {}\n", flow(item))),
        }
    }
}

/// The scenario document's text for a tree (apiVersion and kind first).
pub fn emit(tree: &Y) -> String {
    let mut entries: Vec<(String, Y)> = match tree {
        Y::Map(e) => e.iter().filter(|(k, _)| k != "apiVersion" && k != "kind").cloned().collect(),
        _ => Vec::new(),
    };
    // Empty sections say nothing.
    entries.retain(|(k, v)| !(matches!(k.as_str(), "settings" | "outcomes") && v.is_empty_map()));
    let mut out = String::from("apiVersion: hooksim/v1\nkind: Scenario\n");
    emit_map(&mut out, &entries, 0);
    out
}

/// Where the scenario document is in the input: its tree and its 1-based line range.
pub struct Located {
    pub tree: Y,
    pub lines: Option<(usize, usize)>,
}

/// Finds the scenario document. `Err` when it cannot be read (a YAML error in it).
pub fn locate(input: &str) -> Result<Located, String> {
    for d in parse_stream(input) {
        let is_scenario = |n: &Node| n.get("kind").and_then(Node::as_str) == Some("Scenario");
        match &d.root {
            Ok(root) if is_scenario(root) => {
                return Ok(Located { tree: Y::from_node(root), lines: Some((d.first_line, d.last_line)) });
            }
            Err(e) => {
                let text: Vec<&str> =
                    input.lines().skip(d.first_line.saturating_sub(1)).take(d.last_line + 1 - d.first_line).collect();
                if text.iter().any(|l| l.trim_start().starts_with("kind: Scenario")) {
                    return Err(format!(
                        "the Scenario document has a YAML error at line {}: {}",
                        e.pos.line, e.message
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(Located { tree: Y::Map(Vec::new()), lines: None })
}

/// The input with the scenario document replaced by `tree` (or added first when there was none).
pub fn rewrite(input: &str, located: &Located) -> String {
    let doc = emit(&located.tree);
    match located.lines {
        Some((first, last)) => {
            let lines: Vec<&str> = input.split_inclusive('\n').collect();
            // The document's lines may start with its `---` marker, which stays.
            let first = match lines.get(first - 1) {
                Some(l) if l.trim_end() == "---" || l.starts_with("--- ") => first + 1,
                _ => first,
            };
            let mut out = String::new();
            for l in &lines[..(first - 1).min(lines.len())] {
                out.push_str(l);
            }
            // The comments of the old document go back to their keys.
            let old: String = lines.iter().skip(first - 1).take(last + 1 - first).copied().collect();
            out.push_str(&Comments::read(&old).apply(&doc));
            for l in lines.iter().skip(last) {
                out.push_str(l);
            }
            out
        }
        None => {
            let rest = input.strip_prefix("---\n").unwrap_or(input);
            format!("{doc}---\n{rest}")
        }
    }
}

/// One attempt as the panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Try {
    /// Exit code and seconds (None: podSeconds).
    Run {
        code: i32,
        seconds: Option<i64>,
    },
    OomKilled,
    ImagePullBackOff,
    Hang,
}

impl Try {
    pub fn from_attempt(a: &Attempt) -> Try {
        match a {
            Attempt::Run { oom: true, .. } => Try::OomKilled,
            Attempt::Run { exit_code, seconds, .. } => Try::Run { code: *exit_code, seconds: *seconds },
            Attempt::ImagePullBackOff => Try::ImagePullBackOff,
            Attempt::Hang => Try::Hang,
        }
    }

    fn to_y(&self) -> Y {
        match self {
            Try::Run { code: 0, seconds: None } => Y::Str("succeed".into()),
            Try::Run { code: 1, seconds: None } => Y::Str("fail".into()),
            Try::Run { code, seconds } => {
                let mut e = vec![("exitCode".to_string(), Y::int(i64::from(*code)))];
                if let Some(s) = seconds {
                    e.push(("seconds".into(), Y::int(*s)));
                }
                Y::Map(e)
            }
            Try::OomKilled => Y::Str("oomKilled".into()),
            Try::ImagePullBackOff => Y::Str("imagePullBackOff".into()),
            Try::Hang => Y::Str("hang".into()),
        }
    }

    /// The outcome's name in the panel's menu.
    pub fn choice(&self) -> &'static str {
        match self {
            Try::Run { code: 0, .. } => "succeed",
            Try::Run { code: 1, .. } => "fail",
            Try::Run { .. } => "exit",
            Try::OomKilled => "oomKilled",
            Try::ImagePullBackOff => "imagePullBackOff",
            Try::Hang => "hang",
        }
    }

    /// The attempt for a menu choice, keeping the seconds where they still apply.
    pub fn with_choice(&self, choice: &str) -> Try {
        let seconds = match self {
            Try::Run { seconds, .. } => *seconds,
            _ => None,
        };
        match choice {
            "succeed" => Try::Run { code: 0, seconds },
            "fail" => Try::Run { code: 1, seconds },
            "exit" => Try::Run { code: 2, seconds },
            "oomKilled" => Try::OomKilled,
            "imagePullBackOff" => Try::ImagePullBackOff,
            _ => Try::Hang,
        }
    }
}

/// What the panel offers for one manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The outcome key, `Kind/name` or `Kind/generateName`.
    pub key: String,
    /// "PreSync hook", "Sync, wave 2", …
    pub what: String,
    /// A hook (not a resource of the app's sync status: a drift of it is not one).
    pub hook: bool,
    /// A Job or a Pod hook: it runs attempts.
    pub runs_pods: bool,
    /// A kind with a health check other than Job and Pod (whose health follows their attempts).
    pub health: bool,
    /// An Argo Workflow: it has a phase.
    pub workflow: bool,
    /// What the scenario says now.
    pub attempts: Vec<Try>,
    pub health_status: Option<String>,
    pub after_seconds: i64,
    pub apply_error: Option<String>,
    pub phase: Option<String>,
}

/// One operation as the panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Op {
    pub delete: bool,
    pub at: Option<i64>,
    pub terminate_after: Option<i64>,
    pub retry: Option<[i64; 4]>,
    /// A selective sync of these `Kind/name` (R18, R21: no hook runs); empty: the whole app.
    pub only: Vec<String>,
    /// An Application deletion without cascade (R66: the resources stay).
    pub no_cascade: bool,
}

/// A commit as the panel shows it (A8, A9): when it is pushed, its revision, the `Kind/name` it
/// changes (None: every resource of the app, unless it adds or removes), and whether no webhook
/// tells Argo CD (A46). What it adds to the source or removes from it is not edited in the
/// panel, only kept when a row is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommitRow {
    pub at: i64,
    pub revision: String,
    pub changes: Option<Vec<String>>,
    /// `webhook: false`: the controller finds the commit at its next comparison with Git.
    pub no_webhook: bool,
    pub adds: Vec<String>,
    pub removes: Vec<String>,
}

/// A drift as the panel shows it (A11): someone changes these live objects at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DriftRow {
    pub at: i64,
    pub objects: Vec<String>,
}

/// Everything the panel shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub targets: Vec<Target>,
    pub settings: Settings,
    pub ops: Vec<Op>,
    /// The input's Application document writes `spec.syncPolicy.automated`: the panel shows it and
    /// leaves it to the YAML (`settings.automated` would then be a conflict).
    pub automated_from_app: bool,
    pub commits: Vec<CommitRow>,
    pub drift: Vec<DriftRow>,
    /// Why the panel cannot edit (a broken scenario document).
    pub error: Option<String>,
}

/// Reads the panel from the input.
pub fn panel(input: &str) -> Panel {
    panel_of(input, &prepare(input, &Options::default()))
}

/// The panel of an input already read (`prepared` is the engine's reading of `input`).
pub fn panel_of(input: &str, prepared: &Prepared) -> Panel {
    let sc: &Scenario = &prepared.scenario;
    let mut targets = Vec::new();
    for m in &prepared.manifests {
        if targets.iter().any(|t: &Target| t.key == m.selector) {
            continue;
        }
        let hook = m.ann.is_hook;
        let is_job = m.group == "batch" && m.kind == "Job";
        let is_pod = m.group.is_empty() && m.kind == "Pod";
        let workflow = m.group == "argoproj.io" && m.kind == "Workflow";
        let types: Vec<&str> = m.ann.types.iter().map(|t| t.as_str()).collect();
        let what = if hook {
            if types.is_empty() {
                "hook without a known type".to_string()
            } else {
                format!("{} hook, wave {}", types.join(", "), m.ann.wave)
            }
        } else {
            format!("wave {}", m.ann.wave)
        };
        let o = sc.outcomes.get(&m.selector);
        targets.push(Target {
            key: m.selector.clone(),
            what,
            hook,
            runs_pods: is_job || (is_pod && hook),
            health: hooksim_engine::health::has_health_check(&m.group, &m.kind) && !is_job && !is_pod && !workflow,
            workflow,
            attempts: o
                .and_then(|o| o.attempts.as_ref())
                .map(|a| a.iter().map(Try::from_attempt).collect())
                .unwrap_or_default(),
            health_status: o.and_then(|o| o.health).map(|h| h.as_str().to_string()),
            after_seconds: o.map(|o| o.after_seconds).unwrap_or(0),
            apply_error: o.and_then(|o| o.apply_error.clone()),
            phase: o.and_then(|o| o.phase.clone()),
        });
    }
    let ops = sc
        .operations
        .iter()
        .map(|o| Op {
            delete: o.ty == OpType::Delete,
            at: o.at,
            terminate_after: o.terminate_after_seconds,
            retry: o.retry.as_ref().map(|r| [r.limit, r.backoff_seconds, r.factor, r.max_backoff_seconds]),
            only: o.resources.iter().map(|(r, _)| r.clone()).collect(),
            no_cascade: o.ty == OpType::Delete && !o.cascade,
        })
        .collect();
    let commits = sc
        .commits
        .iter()
        .map(|c| {
            let names = |l: &[(String, hooksim_engine::diagnostics::Pos)]| l.iter().map(|(s, _)| s.clone()).collect();
            CommitRow {
                at: c.at,
                revision: c.revision.clone(),
                changes: c.changes.clone(),
                no_webhook: !c.webhook,
                adds: names(&c.adds),
                removes: names(&c.removes),
            }
        })
        .collect();
    let drift = sc.drift.iter().map(|d| DriftRow { at: d.at, objects: d.objects.clone() }).collect();
    let automated_from_app = prepared.application.as_ref().is_some_and(|a| a.automated.is_some());
    let error = locate(input).err();
    Panel { targets, settings: sc.settings.clone(), ops, automated_from_app, commits, drift, error }
}

/// One change made in the panel.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Attempts(String, Vec<Try>),
    /// Health and its delay; None: the default (Healthy at once).
    Health(String, Option<(String, i64)>),
    ApplyError(String, Option<String>),
    /// Workflow phase and its delay.
    Phase(String, Option<(String, i64)>),
    /// A setting's camelCase key and its value (None: the default).
    Setting(&'static str, Option<Y>),
    Ops(Vec<Op>),
    /// `settings.automated` (A2, A3, A11); None: manual syncs only.
    Automated(Option<Automated>),
    Commits(Vec<CommitRow>),
    Drift(Vec<DriftRow>),
}

/// The input with the edit made, or why it cannot be.
pub fn apply(input: &str, edit: &Edit) -> Result<String, String> {
    let mut loc = locate(input)?;
    let tree = &mut loc.tree;
    match edit {
        Edit::Attempts(key, tries) => {
            let o = tree.child("outcomes").child(key);
            o.set("attempts", (!tries.is_empty()).then(|| Y::Seq(tries.iter().map(Try::to_y).collect())));
        }
        Edit::Health(key, h) => {
            let o = tree.child("outcomes").child(key);
            match h {
                Some((status, after)) => {
                    o.set("health", Some(Y::Str(status.clone())));
                    o.set("afterSeconds", (*after > 0).then(|| Y::int(*after)));
                }
                None => {
                    o.set("health", None);
                    o.set("afterSeconds", None);
                }
            }
        }
        Edit::Phase(key, p) => {
            let o = tree.child("outcomes").child(key);
            o.set("phase", p.as_ref().map(|(ph, _)| Y::Str(ph.clone())));
            o.set("afterSeconds", p.as_ref().filter(|(_, a)| *a > 0).map(|(_, a)| Y::int(*a)));
        }
        Edit::ApplyError(key, e) => {
            let o = tree.child("outcomes").child(key);
            o.set("applyError", e.as_ref().filter(|e| !e.trim().is_empty()).map(|e| Y::Str(e.clone())));
        }
        Edit::Setting(key, v) => tree.child("settings").set(key, v.clone()),
        Edit::Ops(ops) => {
            // Keep what the panel does not show (per-operation outcomes) on the same positions.
            let old: Vec<Y> = match tree.get_mut("operations") {
                Some(Y::Seq(items)) => items.clone(),
                _ => Vec::new(),
            };
            let items: Vec<Y> = ops
                .iter()
                .enumerate()
                .map(|(i, op)| {
                    let mut y = old.get(i).cloned().filter(|y| matches!(y, Y::Map(_))).unwrap_or(Y::Map(Vec::new()));
                    y.set("type", Some(Y::Str(if op.delete { "delete" } else { "sync" }.into())));
                    y.set("at", op.at.map(Y::int));
                    y.set("terminateAfterSeconds", op.terminate_after.map(Y::int));
                    y.set("cascade", (op.delete && op.no_cascade).then(|| Y::Raw("false".into())));
                    y.set(
                        "resources",
                        (!op.only.is_empty() && !op.delete)
                            .then(|| Y::Seq(op.only.iter().map(|r| Y::Str(r.clone())).collect())),
                    );
                    y.set(
                        "retry",
                        op.retry.map(|[limit, backoff, factor, max]| {
                            Y::Map(vec![
                                ("limit".into(), Y::int(limit)),
                                ("backoffSeconds".into(), Y::int(backoff)),
                                ("factor".into(), Y::int(factor)),
                                ("maxBackoffSeconds".into(), Y::int(max)),
                            ])
                        }),
                    );
                    y
                })
                .collect();
            // One plain sync is the default: no operations key.
            let is_default = items.len() == 1 && items[0] == Y::Map(vec![("type".into(), Y::Str("sync".into()))]);
            tree.set("operations", (!is_default).then_some(Y::Seq(items)));
        }
        Edit::Automated(a) => {
            let y = a.map(|a| {
                let mut m = Y::Map(Vec::new());
                m.set("prune", a.prune.then(|| Y::Raw("true".into())));
                m.set("selfHeal", a.self_heal.then(|| Y::Raw("true".into())));
                m.set("allowEmpty", a.allow_empty.then(|| Y::Raw("true".into())));
                m
            });
            tree.child("settings").set("automated", y);
        }
        Edit::Commits(rows) => {
            let items = rows
                .iter()
                .map(|c| {
                    let mut y = Y::Map(Vec::new());
                    y.set("at", Some(Y::int(c.at)));
                    y.set("revision", Some(Y::Str(c.revision.clone())));
                    let list = |l: &[String]| Y::Seq(l.iter().cloned().map(Y::Str).collect());
                    y.set("changes", c.changes.as_deref().map(list));
                    y.set("adds", (!c.adds.is_empty()).then(|| list(&c.adds)));
                    y.set("removes", (!c.removes.is_empty()).then(|| list(&c.removes)));
                    y.set("webhook", c.no_webhook.then(|| Y::Raw("false".into())));
                    y
                })
                .collect();
            tree.set("commits", (!rows.is_empty()).then_some(Y::Seq(items)));
        }
        Edit::Drift(rows) => {
            let items = rows
                .iter()
                .map(|d| {
                    let mut y = Y::Map(Vec::new());
                    y.set("at", Some(Y::int(d.at)));
                    y.set("objects", Some(Y::Seq(d.objects.iter().cloned().map(Y::Str).collect())));
                    y
                })
                .collect();
            tree.set("drift", (!rows.is_empty()).then_some(Y::Seq(items)));
        }
    }
    // Settings that say nothing any more go.
    if tree.get_mut("settings").is_some_and(|s| s.is_empty_map()) {
        tree.set("settings", None);
    }
    // Outcomes that say nothing any more go.
    if let Some(Y::Map(outcomes)) = tree.get_mut("outcomes") {
        outcomes.retain(|(_, v)| !v.is_empty_map());
    }
    Ok(rewrite(input, &loc))
}

/// A setting's value for the YAML, or None when it is the default (settings are kept as a diff
/// from the defaults, so that the scenario says only what differs).
pub fn setting_value(key: &'static str, value: &str) -> Option<Y> {
    let default = Settings::default().value_text(key).unwrap_or_default();
    let value = value.trim();
    if value == default || value.is_empty() {
        return None;
    }
    Some(match key {
        "argocdVersion" | "kubernetesVersion" | "namespace" => Y::Str(value.to_string()),
        _ => Y::Raw(value.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &str = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: db-migrate\n  annotations:\n    argocd.argoproj.io/hook: PreSync\nspec:\n  backoffLimit: 2\n  template:\n    spec:\n      containers: [{name: m, image: x}]\n      restartPolicy: Never\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: {}\n";

    fn report(input: &str) -> hooksim_engine::Report {
        hooksim_engine::simulate(input, &Options::default())
    }

    #[test]
    fn quoting_round_trips() {
        for s in [
            "plain",
            "Job/db-migrate",
            "1.31",
            "true",
            "a: b",
            " lead",
            "x #y",
            "",
            "ü",
            "tab\there",
            "q\"\\",
            "-1",
            "yes",
        ] {
            let doc = format!("k: {}\n", quote(s));
            let n = parse_stream(&doc).remove(0).root.unwrap();
            assert_eq!(n.get("k").and_then(Node::as_str), Some(s), "{doc}");
        }
        assert_eq!(quote("Job/db-migrate"), "Job/db-migrate");
        assert_eq!(quote("1.31"), "\"1.31\"");
    }

    #[test]
    fn panel_offers_attempts_for_jobs_and_health_for_deployments() {
        let p = panel(JOB);
        assert_eq!(p.targets.len(), 2);
        let job = &p.targets[0];
        assert_eq!(job.key, "Job/db-migrate");
        assert!(job.runs_pods && !job.health);
        assert!(job.what.contains("PreSync"));
        let web = &p.targets[1];
        assert!(web.health && !web.runs_pods);
        assert_eq!(p.ops.len(), 1);
        assert!(p.error.is_none());
    }

    #[test]
    fn attempts_edit_adds_a_scenario_and_the_engine_sees_it() {
        let tries = vec![
            Try::Run { code: 1, seconds: None },
            Try::Run { code: 3, seconds: Some(30) },
            Try::Run { code: 0, seconds: None },
        ];
        let out = apply(JOB, &Edit::Attempts("Job/db-migrate".into(), tries.clone())).unwrap();
        assert!(out.starts_with("apiVersion: hooksim/v1\nkind: Scenario\noutcomes:\n  Job/db-migrate:\n    attempts: [fail, {exitCode: 3, seconds: 30}, succeed]\n---\n"), "{out}");
        assert!(out.ends_with(JOB));
        // The panel reads back what it wrote.
        assert_eq!(panel(&out).targets[0].attempts, tries);
        let r = report(&out);
        assert!(
            r.diagnostics.iter().all(|d| d.code != hooksim_engine::diagnostics::codes::OUTCOME_UNMATCHED
                && d.code != hooksim_engine::diagnostics::codes::SCENARIO_INVALID),
            "{:?}",
            r.diagnostics
        );
        let fails =
            r.operations[0].events.iter().filter(|e| e.ty == hooksim_engine::report::EventType::PodFailed).count();
        assert_eq!(fails, 2);
        // Emptying the list removes the outcome, and the empty scenario keeps only its header.
        let back = apply(&out, &Edit::Attempts("Job/db-migrate".into(), vec![])).unwrap();
        assert!(back.starts_with("apiVersion: hooksim/v1\nkind: Scenario\n---\n"), "{back}");
    }

    #[test]
    fn an_existing_scenario_keeps_what_the_panel_does_not_know() {
        let input = format!(
            "# leading comment\napiVersion: hooksim/v1\nkind: Scenario\nmetadata:\n  name: mine\ndescription: |\n  Two lines\n  of text.\nlive:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {{name: old}}\noutcomes:\n  Deployment/web: {{health: Progressing, afterSeconds: 20}}\n---\n{JOB}"
        );
        let out = apply(&input, &Edit::Setting("waveDelaySeconds", setting_value("waveDelaySeconds", "5"))).unwrap();
        let p = panel(&out);
        assert_eq!(p.settings.wave_delay_seconds, 5);
        assert_eq!(p.targets[1].health_status.as_deref(), Some("Progressing"));
        assert_eq!(p.targets[1].after_seconds, 20);
        let info = crate::scenario_info(&out, None);
        assert_eq!(info.name.as_deref(), Some("mine"));
        assert_eq!(info.description.as_deref(), Some("Two lines\nof text.\n"));
        assert!(out.contains("live:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: old}\n"), "{out}");
        assert!(out.ends_with(JOB));
        // The default removes the setting again.
        let back = apply(&out, &Edit::Setting("waveDelaySeconds", setting_value("waveDelaySeconds", "2"))).unwrap();
        assert!(!back.contains("settings"), "{back}");
        assert_eq!(report(&back).operations, report(&input).operations);
    }

    #[test]
    fn panel_edits_keep_the_scenarios_comments() {
        let input = format!(
            "{JOB}---\n# What the cluster does\napiVersion: hooksim/v1\nkind: Scenario\noutcomes:\n  # the migration is flaky\n  Job/db-migrate:\n    attempts: [fail]  # once\n# end of scenario\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: after}}\n"
        );
        let out = apply(&input, &Edit::Setting("podSeconds", setting_value("podSeconds", "9"))).unwrap();
        assert!(out.starts_with(JOB), "{out}");
        assert!(out.contains("---\n# What the cluster does\napiVersion: hooksim/v1\n"), "{out}");
        // The attempts went onto their Job's line: so did their comment.
        assert!(out.contains("  # the migration is flaky\n  Job/db-migrate: {attempts: [fail]}  # once\n"), "{out}");
        assert!(out.contains("podSeconds: 9\n"), "{out}");
        assert!(out.contains("# end of scenario\n---\napiVersion: v1\nkind: ConfigMap\n"), "{out}");
        assert_eq!(panel(&out).settings.pod_seconds, 9);
    }

    #[test]
    fn health_apply_error_and_operations() {
        let out = apply(JOB, &Edit::Health("Deployment/web".into(), Some(("Degraded".into(), 30)))).unwrap();
        let out = apply(&out, &Edit::ApplyError("Job/db-migrate".into(), Some("denied: \"policy\"".into()))).unwrap();
        let ops = vec![
            Op { terminate_after: Some(40), retry: Some([2, 5, 2, 180]), ..Op::default() },
            Op { at: Some(200), only: vec!["Deployment/web".into()], ..Op::default() },
            Op { delete: true, at: Some(300), ..Op::default() },
        ];
        let out = apply(&out, &Edit::Ops(ops.clone())).unwrap();
        let p = panel(&out);
        assert_eq!(p.ops, ops);
        assert_eq!(p.targets[1].health_status.as_deref(), Some("Degraded"));
        assert_eq!(p.targets[0].apply_error.as_deref(), Some("denied: \"policy\""));
        let r = report(&out);
        assert_eq!(r.operations.len(), 3);
        // The selective sync (R21) runs no hook: only the Deployment has a result.
        let kinds: Vec<&str> = r.operations[1].results.iter().map(|x| x.kind.as_str()).collect();
        assert_eq!(kinds, ["Deployment"]);
        assert!(
            r.diagnostics.iter().all(|d| d.severity != hooksim_engine::Severity::Error),
            "{:?}\n{out}",
            r.diagnostics
        );
        // Back to one plain sync: the operations key goes.
        let out = apply(&out, &Edit::Ops(vec![Op::default()])).unwrap();
        assert!(!out.contains("operations"), "{out}");
    }

    #[test]
    fn a_broken_scenario_document_is_not_rewritten() {
        let input = format!("apiVersion: hooksim/v1\nkind: Scenario\noutcomes: [\n---\n{JOB}");
        assert!(apply(&input, &Edit::Setting("podSeconds", Some(Y::int(9)))).is_err());
        assert!(panel(&input).error.is_some());
    }

    #[test]
    fn every_gallery_example_round_trips_through_the_panel() {
        for ex in crate::gallery::all() {
            // A no-op edit (the first setting set to what it is) must not change the simulation.
            let out = apply(
                ex.text,
                &Edit::Setting(
                    "podSeconds",
                    setting_value("podSeconds", &panel(ex.text).settings.pod_seconds.to_string()),
                ),
            )
            .unwrap();
            let (a, b) = (report(ex.text), report(&out));
            assert_eq!(a.operations, b.operations, "{}:\n{out}", ex.id);
            assert_eq!(panel(&out).targets, panel(ex.text).targets, "{}", ex.id);
        }
    }
}
