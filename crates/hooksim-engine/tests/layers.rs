//! The engine's import structure (docs/architecture.md): the folders are layers, and every
//! `crate::` path a module names (outside its unit tests and comments) points at its own layer or
//! a lower one, so no arrow runs back up from one folder to another; and no module reaches itself
//! through the modules it imports (a module may use its parents', `super::`, which are not
//! counted). A new folder or top-level module must be given a layer here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The folders (and top-level modules) and their layer, lowest first; the longest matching
/// prefix wins. Within a layer any module may import another, but not in a circle.
const LAYERS: &[(&str, u32)] = &[
    // The vocabulary every layer uses: time, the queue, diagnostics, health, Argo CD's releases.
    ("common", 1),
    // The report contract (contract.md §2).
    ("report", 2),
    // Reading the input into its own types.
    ("input", 3),
    // Kubernetes: the API server's checks, the Job controller, a bare Pod.
    ("k8s", 4),
    // The simulated cluster: clock, queue, live objects.
    ("world", 5),
    // Argo CD acting on the cluster: the plan, the sync, the Application controller.
    ("argocd", 6),
    // What stands on all of them: the driver, the linter, and the readers of a report.
    ("sim", 7),
    ("lint", 7),
    ("text", 7),
    ("expect", 7),
    ("lesson", 7),
    ("compare", 7),
    // lib.rs: the module map and the public re-exports.
    ("", 8),
];

fn layer(module: &str) -> u32 {
    LAYERS
        .iter()
        .filter(|(prefix, _)| prefix.is_empty() || module == *prefix || module.starts_with(&format!("{prefix}::")))
        .max_by_key(|(prefix, _)| prefix.len())
        .map_or(8, |(_, l)| *l)
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("src").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `k8s/job/mod.rs` → `k8s::job`; `lib.rs` → "".
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src").with_extension("");
    let parts: Vec<String> = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).filter(|p| *p != "mod" && *p != "lib").collect();
    parts.join("::")
}

/// The `crate::a::b` paths named in `text` (module segments only).
fn crate_paths(text: &str) -> Vec<String> {
    paths_after(text, "crate::")
}

/// The paths `module` names through `super::` (its parent's modules), as crate paths.
fn super_paths(module: &str, text: &str) -> Vec<String> {
    let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
    paths_after(text, "super::")
        .into_iter()
        .filter(|p| !p.is_empty() && !p.starts_with("super"))
        .map(|p| if parent.is_empty() { p } else { format!("{parent}::{p}") })
        .collect()
}

fn paths_after(text: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(prefix) {
        let word_start = i == 0 || !rest[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':');
        rest = &rest[i + prefix.len()..];
        if !word_start {
            continue;
        }
        let path: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == ':')
            .collect();
        out.push(path.trim_end_matches(':').to_string());
    }
    out
}

#[test]
fn no_module_imports_from_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut wrong = Vec::new();
    for file in &all {
        let module = module_of(&src, file);
        // Unit tests may reach anywhere; a comment is a pointer for the reader, not an import.
        let text = code_of(file);
        for path in crate_paths(&text).into_iter().chain(super_paths(&module, &text)) {
            if layer(&path) > layer(&module) {
                wrong.push(format!(
                    "{module} (layer {}) imports crate::{path} (layer {})",
                    layer(&module),
                    layer(&path)
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "upward imports:\n{}", wrong.join("\n"));
}

/// The source of `file` that counts: outside its unit tests, without `//` comments (a comment
/// that names a module is a pointer for the reader, not an import).
fn code_of(file: &Path) -> String {
    let text = std::fs::read_to_string(file).expect("read");
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The modules each module imports: every `crate::`/`super::` path resolved to the longest module
/// it names (`crate::k8s::job::simulate_job` → `k8s::job`), leaving out the module itself and
/// its parents (a module uses its parent's items as part of it).
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut all = Vec::new();
    files(src, &mut all);
    let modules: BTreeSet<String> = all.iter().map(|f| module_of(src, f)).collect();
    let resolve = |path: &str| {
        let segs: Vec<&str> = path.split("::").collect();
        (0..=segs.len()).rev().map(|k| segs[..k].join("::")).find(|m| modules.contains(m))
    };
    let mut out = BTreeMap::new();
    for file in &all {
        let module = module_of(src, file);
        let text = code_of(file);
        let mut to = BTreeSet::new();
        for path in crate_paths(&text).into_iter().chain(super_paths(&module, &text)) {
            let Some(m) = resolve(&path) else { continue };
            let parent = m.is_empty() || module.starts_with(&format!("{m}::"));
            if m != module && !parent {
                to.insert(m);
            }
        }
        out.insert(module, to);
    }
    out
}

/// The circles of `graph`: each strongly connected component of more than one module (Tarjan's
/// algorithm), sorted.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Walk<'g> {
        fn visit(&mut self, v: &'g str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            for w in self.graph.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if self.stack.contains(&w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    component.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk { graph, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), found: Vec::new() };
    for v in graph.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found.sort();
    walk.found
}

#[test]
fn no_import_circles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = imports(&src);
    let found = circles(&graph);
    let text: Vec<String> = found
        .iter()
        .map(|c| {
            let edges: Vec<String> = c
                .iter()
                .map(|m| {
                    let to: Vec<&str> = graph[m].iter().filter(|t| c.contains(t)).map(String::as_str).collect();
                    format!("  {m} imports {}", to.join(", "))
                })
                .collect();
            format!("{}:\n{}", c.join(" ↔ "), edges.join("\n"))
        })
        .collect();
    assert!(
        found.is_empty(),
        "import circles (move the shared piece to the module it belongs to):\n{}",
        text.join("\n")
    );
}

#[test]
fn circles_are_found_direct_and_through_others() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g.entry(b.to_string()).or_default();
        }
        g
    };
    assert_eq!(circles(&graph(&[("a", "b"), ("b", "a"), ("c", "a")])), vec![vec!["a", "b"]]);
    assert_eq!(circles(&graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("d", "e")])), vec![vec!["a", "b", "c"]]);
    assert!(circles(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])).is_empty());
}

#[test]
fn layers_are_read_as_meant() {
    assert_eq!(layer("k8s::job::types"), 4);
    assert_eq!(layer("argocd::sync::apply"), 6);
    assert_eq!(layer("argocd::plan"), 6);
    assert_eq!(layer("world::cluster"), 5);
    assert_eq!(layer("input::yaml"), 3);
    assert_eq!(layer("common::argocd_version"), 1);
    assert_eq!(layer("sim::horizon"), 7);
    assert_eq!(layer(""), 8);
    assert_eq!(crate_paths("use crate::k8s::job::{a, b};"), vec!["k8s::job"]);
    assert_eq!(super_paths("input::scenario", "use super::settings::keys;"), vec!["input::settings::keys"]);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = imports(&src);
    // A path names the longest module it reaches; a parent is not an import.
    assert!(graph["world::prerequisites"].contains("k8s::pod_refs"));
    assert!(!graph["world::prerequisites"].contains("world"));
    assert!(graph["input::scenario"].contains("input::changes"));
}
