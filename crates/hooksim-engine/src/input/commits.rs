//! What the Scenario scripts for the Application controller: timed commits (A8, A9, A46) and
//! live drift (A11), read from the Scenario document.

use crate::common::diagnostics::{codes, Diagnostic, Pos};
use crate::input::yaml::Node;
use crate::report::Time;

/// A commit the controller sees at `at` (with a webhook, at the push; without, at the next
/// poll, A46).
#[derive(Debug, Clone, PartialEq)]
pub struct Commit {
    pub at: Time,
    pub revision: String,
    /// The `Kind/name` selectors the commit changes; None: every resource of the app, unless
    /// the commit adds or removes manifests (then none).
    pub changes: Option<Vec<String>>,
    /// A Git webhook tells Argo CD of the push (`webhook: true`, the default): the controller
    /// sees the commit at `at`. Without one, `at` is the push and the controller finds the
    /// commit at its next comparison with Git: the periodic refresh (A46) or the refresh after
    /// an operation (A49).
    pub webhook: bool,
    /// The manifests that enter the app's source with this revision (`Kind/name` or
    /// `Kind/generateName`, each with where it is written).
    pub adds: Vec<(String, Pos)>,
    /// The manifests that leave the app's source with this revision.
    pub removes: Vec<(String, Pos)>,
    pub pos: Pos,
}

impl Commit {
    /// The selectors of the resources whose content changes (None: every resource).
    pub fn changed(&self) -> Option<&[String]> {
        match &self.changes {
            Some(list) => Some(list),
            None if self.adds.is_empty() && self.removes.is_empty() => None,
            None => Some(&[]),
        }
    }
}

/// The revision an updated child's new spec resolves to (a commit SHA, as Argo CD shows it): the
/// commit that stands for the parent's change of a child's spec (A37 trap 2,
/// `argocd::app::children`), not one of the child's own source.
pub const UPDATE_REVISION: &str = "def5678abc1234";

/// Someone changes live objects at `at` (kubectl edit, another controller, A11).
#[derive(Debug, Clone, PartialEq)]
pub struct Drift {
    pub at: Time,
    pub objects: Vec<String>,
    pub pos: Pos,
}

/// The Scenario's `commits:` (A8, A9): `[{at: 60, revision: def5678, changes: [Deployment/web]}]`.
pub fn read_commits(n: &Node, diags: &mut Vec<Diagnostic>) -> Vec<Commit> {
    let mut out = Vec::new();
    for item in seq(n, "commits", diags) {
        let Some(at) = at(item, "commits", diags) else { continue };
        let revision = match item.get("revision").and_then(Node::scalar_text) {
            Some(r) if !r.is_empty() => r,
            _ => {
                invalid(diags, item.pos, "a commit needs a revision (a SHA such as def5678abc): it is left out");
                continue;
            }
        };
        let changes = item.get("changes").map(|c| selectors(c, "commits[].changes", diags));
        let webhook = match item.get("webhook") {
            None => true,
            Some(w) => w.as_bool().unwrap_or_else(|| {
                invalid(diags, w.pos, "a commit's webhook is true or false: true (seen at the push) is used");
                true
            }),
        };
        let listed = |key: &str, diags: &mut Vec<Diagnostic>| {
            item.get(key).map(|c| selectors_at(c, &format!("commits[].{key}"), diags)).unwrap_or_default()
        };
        let adds = listed("adds", diags);
        let removes = listed("removes", diags);
        for (sel, pos) in removes.iter().filter(|(r, _)| adds.iter().any(|(a, _)| a == r)) {
            diags.push(
                Diagnostic::warning(
                    codes::SCENARIO_INVALID,
                    format!("commit {revision} both adds and removes {sel}: the add comes first, so it is out of the source from this revision on"),
                )
                .at(Some(*pos))
                .hint("list it under adds or under removes, not both"),
            );
        }
        known(item, &["at", "revision", "changes", "adds", "removes", "webhook"], "commit", diags);
        out.push(Commit { at, revision, changes, webhook, adds, removes, pos: item.pos });
    }
    out
}

/// The Scenario's `drift:` (A11): `[{at: 100, objects: [Deployment/web]}]`.
pub fn read_drift(n: &Node, diags: &mut Vec<Diagnostic>) -> Vec<Drift> {
    let mut out = Vec::new();
    for item in seq(n, "drift", diags) {
        let Some(at) = at(item, "drift", diags) else { continue };
        let objects = item.get("objects").map(|c| selectors(c, "drift[].objects", diags)).unwrap_or_default();
        if objects.is_empty() {
            invalid(diags, item.pos, "a drift needs objects (Kind/name selectors of live objects): it is left out");
            continue;
        }
        known(item, &["at", "objects"], "drift", diags);
        out.push(Drift { at, objects, pos: item.pos });
    }
    out
}

fn seq<'n>(n: &'n Node, key: &str, diags: &mut Vec<Diagnostic>) -> &'n [Node] {
    if n.is_null() {
        return &[];
    }
    match n.as_seq() {
        Some(s) => s,
        None => {
            invalid(diags, n.pos, &format!("scenario {key} is {}, expected a list: it is left out", n.type_name()));
            &[]
        }
    }
}

fn at(item: &Node, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Time> {
    match item.get("at").and_then(Node::as_i64) {
        Some(t) if (0..=crate::common::time::MAX_SECONDS).contains(&t) => Some(t),
        _ => {
            invalid(
                diags,
                item.pos,
                &format!("each {key} entry needs at: a whole number of seconds from 0: it is left out"),
            );
            None
        }
    }
}

fn selectors(n: &Node, key: &str, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    selectors_at(n, key, diags).into_iter().map(|(s, _)| s).collect()
}

/// The `Kind/name` selectors of a list, each with its position.
fn selectors_at(n: &Node, key: &str, diags: &mut Vec<Diagnostic>) -> Vec<(String, Pos)> {
    let mut out = Vec::new();
    for item in seq(n, key, diags) {
        match item.scalar_text() {
            Some(s) if s.split_once('/').is_some_and(|(k, n)| !k.is_empty() && !n.is_empty()) => {
                out.push((s, item.pos))
            }
            _ => invalid(diags, item.pos, &format!("{key} must list Kind/name selectors such as Deployment/web")),
        }
    }
    out
}

fn known(item: &Node, keys: &[&str], within: &str, diags: &mut Vec<Diagnostic>) {
    for (k, _) in item.as_map().unwrap_or_default() {
        let key = k.as_str().unwrap_or("");
        if !keys.contains(&key) {
            diags.push(
                Diagnostic::warning(
                    codes::SCENARIO_UNKNOWN_KEY,
                    format!("unknown key \"{key}\" in {within}: it is ignored"),
                )
                .at(Some(k.pos))
                .hint(format!("known keys: {}", keys.join(", "))),
            );
        }
    }
}

fn invalid(diags: &mut Vec<Diagnostic>, pos: Pos, message: &str) {
    diags.push(
        Diagnostic::error(codes::SCENARIO_INVALID, message.to_string())
            .at(Some(pos))
            .hint("see the README's scenario section: commits and drift"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::yaml::parse_document;

    fn commits(y: &str) -> (Vec<Commit>, Vec<Diagnostic>) {
        let n = parse_document(y, 0).unwrap();
        let mut d = Vec::new();
        (read_commits(n.get("commits").unwrap(), &mut d), d)
    }

    #[test]
    fn reads_adds_and_removes_with_their_positions() {
        let (c, d) = commits("commits:\n  - {at: 30, revision: def5678, adds: [Job/x-], removes: [Deployment/old]}\n");
        assert!(d.is_empty(), "{d:?}");
        let names = |l: &[(String, Pos)]| l.iter().map(|(s, p)| (s.clone(), p.line, p.column)).collect::<Vec<_>>();
        assert_eq!(names(&c[0].adds), [("Job/x-".to_string(), 2, 40)]);
        assert_eq!(names(&c[0].removes), [("Deployment/old".to_string(), 2, 59)]);
        // Changes default to none once a commit adds or removes; to every resource otherwise.
        assert_eq!(c[0].changed(), Some(&[][..]));
        let (c, _) = commits("commits:\n  - {at: 30, revision: def5678}\n");
        assert_eq!(c[0].changed(), None);
        assert!(c[0].adds.is_empty() && c[0].removes.is_empty());
    }

    #[test]
    fn an_entry_that_is_not_kind_name_is_invalid_and_left_out() {
        let (c, d) =
            commits("commits:\n  - {at: 30, revision: def5678, removes: [old, Deployment/old], addz: [Job/x]}\n");
        assert_eq!(c[0].removes.len(), 1);
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, [codes::SCENARIO_INVALID, codes::SCENARIO_UNKNOWN_KEY]);
        assert!(d[0].message.contains("commits[].removes must list Kind/name"), "{}", d[0].message);
    }

    #[test]
    fn a_manifest_both_added_and_removed_by_one_commit_is_a_warning_at_the_removal() {
        let (c, d) = commits("commits:\n  - {at: 30, revision: def5678, adds: [Job/x], removes: [Job/x, Job/y]}\n");
        assert_eq!((c[0].adds.len(), c[0].removes.len()), (1, 2));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("both adds and removes Job/x"), "{}", d[0].message);
        assert_eq!(d[0].severity, crate::common::diagnostics::Severity::Warning);
        assert_eq!(d[0].column, Some(c[0].removes[0].1.column));
    }
}
