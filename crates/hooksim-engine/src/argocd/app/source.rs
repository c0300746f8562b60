//! Which manifests are in the app's Git source at each revision (issue 11 item 2): the pasted
//! stream is every manifest of every revision, and the commits' `adds` and `removes` say from
//! which revision on a manifest is in the source or out of it. A view is the sorted list of the
//! manifest indices a revision leaves out (most revisions leave out none), so that the indices
//! of `World::manifests` stay what they are.

use crate::input::commits::Commit;
use crate::input::manifest::Manifest;

/// Whether manifest `i` is in a source that leaves out `absent` (sorted).
pub fn has(absent: &[usize], i: usize) -> bool {
    absent.binary_search(&i).is_err()
}

/// What the source leaves out before the first commit, and after each commit (in the order of
/// `commits`, which is their time order). A manifest that a commit adds is out of the source
/// until then: before the first commit that names it, it is out if that commit adds it. A
/// commit that neither adds nor removes keeps the view before it. Empty lists when no commit
/// adds or removes anything.
pub fn views(manifests: &[Manifest], commits: &[Commit]) -> (Vec<usize>, Vec<Vec<usize>>) {
    if commits.iter().all(|c| c.adds.is_empty() && c.removes.is_empty()) {
        return (Vec::new(), Vec::new());
    }
    // The first add or remove of each manifest decides whether it is in the first source.
    let mut named: Vec<usize> = Vec::new();
    let mut initial: Vec<usize> = Vec::new();
    for c in commits {
        let ops = c.adds.iter().map(|a| (a, true)).chain(c.removes.iter().map(|r| (r, false)));
        for ((sel, _), add) in ops {
            for i in matching(manifests, sel) {
                if let Err(at) = named.binary_search(&i) {
                    named.insert(at, i);
                    if add {
                        insert(&mut initial, i);
                    }
                }
            }
        }
    }
    let mut after = Vec::with_capacity(commits.len());
    let mut absent = initial.clone();
    for c in commits {
        for (sel, _) in &c.adds {
            for i in matching(manifests, sel) {
                if let Ok(at) = absent.binary_search(&i) {
                    absent.remove(at);
                }
            }
        }
        for (sel, _) in &c.removes {
            for i in matching(manifests, sel) {
                insert(&mut absent, i);
            }
        }
        after.push(absent.clone());
    }
    (initial, after)
}

/// The indices of the manifests `sel` names. Each selector is looked up once per commit that
/// names it (a few, written by hand), over the manifests: no map over all of them.
fn matching<'a>(manifests: &'a [Manifest], sel: &'a str) -> impl Iterator<Item = usize> + 'a {
    manifests.iter().enumerate().filter(move |(_, m)| m.selector == sel).map(|(i, _)| i)
}

/// Inserts `i` into the sorted list, once.
fn insert(list: &mut Vec<usize>, i: usize) {
    if let Err(at) = list.binary_search(&i) {
        list.insert(at, i);
    }
}

/// What a commit does to the source, for the controller's note: "adds Job/x; removes
/// Deployment/old" (empty when it does neither).
pub fn describe(c: &Commit) -> String {
    let list = |l: &[(String, crate::common::diagnostics::Pos)]| {
        l.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>().join(", ")
    };
    let mut parts = Vec::new();
    if !c.adds.is_empty() {
        parts.push(format!("adds {}", list(&c.adds)));
    }
    if !c.removes.is_empty() {
        parts.push(format!("removes {}", list(&c.removes)));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::diagnostics::Pos;

    fn commit(at: i64, adds: &[&str], removes: &[&str]) -> Commit {
        let l = |v: &[&str]| v.iter().map(|s| (s.to_string(), Pos::default())).collect();
        Commit {
            at,
            revision: format!("r{at}"),
            changes: None,
            adds: l(adds),
            removes: l(removes),
            webhook: true,
            pos: Pos::default(),
        }
    }

    fn manifests() -> Vec<Manifest> {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: hook-\n  annotations: {argocd.argoproj.io/hook: PreSync}\n";
        crate::input::manifest::read(text).manifests
    }

    #[test]
    fn no_adds_or_removes_leave_every_manifest_in() {
        let (initial, after) = views(&manifests(), &[commit(10, &[], &[])]);
        assert!(initial.is_empty() && after.is_empty());
    }

    #[test]
    fn an_added_manifest_is_out_until_its_commit_and_a_removed_one_after_it() {
        let m = manifests();
        let commits =
            [commit(10, &["Job/hook-"], &[]), commit(20, &[], &["ConfigMap/a"]), commit(30, &["ConfigMap/a"], &[])];
        let (initial, after) = views(&m, &commits);
        assert_eq!(initial, vec![2]);
        assert_eq!(after, vec![vec![], vec![0], vec![]]);
        assert!(has(&initial, 0) && !has(&initial, 2));
    }

    #[test]
    fn removed_then_added_is_in_the_first_source() {
        let (initial, after) =
            views(&manifests(), &[commit(5, &[], &["ConfigMap/b"]), commit(9, &["ConfigMap/b"], &[])]);
        assert!(initial.is_empty());
        assert_eq!(after, vec![vec![1], vec![]]);
    }

    #[test]
    fn the_note_names_what_a_commit_adds_and_removes() {
        assert_eq!(
            describe(&commit(1, &["Job/hook-"], &["ConfigMap/a", "ConfigMap/b"])),
            "adds Job/hook-; removes ConfigMap/a, ConfigMap/b"
        );
        assert_eq!(describe(&commit(1, &[], &[])), "");
    }
}
