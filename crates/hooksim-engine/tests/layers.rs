//! The engine's import structure (docs/architecture.md): every `crate::` path a module names
//! (outside its unit tests) points at its own layer or a lower one, so there are no import
//! circles between layers and no upward imports. A new module must be given a layer here.

use std::path::{Path, PathBuf};

/// Module path prefixes and their layer, lowest first; the longest matching prefix wins.
const LAYERS: &[(&str, u32)] = &[
    ("report", 1),
    ("compare", 1),
    ("text", 1),
    ("argocd::version", 1),
    ("common", 1),
    ("input::yaml", 1),
    ("input::settings", 1),
    ("argocd::app::status", 1),
    ("k8s::job::index_claims", 1),
    ("argocd::annotation_keys", 2),
    ("argocd::delete_hooks", 2),
    ("argocd::helm_hooks", 2),
    ("input::manifest", 2),
    ("expect", 2),
    ("argocd::app::scripted", 2),
    ("argocd::annotations", 2),
    ("argocd::plan", 2),
    ("input::command", 3),
    ("input::shell", 3),
    ("argocd::generation", 3),
    ("k8s", 3),
    ("input::outcome_script", 4),
    ("input::scenario", 4),
    ("world::cluster_changes", 4),
    ("world::deletion", 4),
    ("argocd::app::application", 4),
    ("argocd::app::retry", 4),
    ("argocd::app::appset", 6),
    ("world", 4),
    ("k8s::pod_refs", 4),
    ("k8s::prerequisites", 4),
    ("argocd::sync::not_run", 5),
    ("argocd::sync::skipped", 5),
    ("argocd::sync", 5),
    ("argocd::app_delete", 5),
    ("input::scenario_file", 6),
    ("sim::horizon", 6),
    ("input::lesson", 6),
    ("lint", 6),
    ("sim", 6),
    ("argocd", 6),
    ("", 6),
];

fn layer(module: &str) -> u32 {
    LAYERS
        .iter()
        .filter(|(prefix, _)| prefix.is_empty() || module == *prefix || module.starts_with(&format!("{prefix}::")))
        .max_by_key(|(prefix, _)| prefix.len())
        .map_or(6, |(_, l)| *l)
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
        let text = std::fs::read_to_string(file).expect("read");
        // Unit tests may reach anywhere.
        let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        for path in crate_paths(text).into_iter().chain(super_paths(&module, text)) {
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

#[test]
fn layers_are_read_as_meant() {
    assert_eq!(layer("k8s::job::types"), 3);
    assert_eq!(layer("argocd::sync::apply"), 5);
    assert_eq!(layer("argocd::plan"), 2);
    assert_eq!(layer("world::cluster"), 4);
    assert_eq!(layer("input::yaml"), 1);
    assert_eq!(crate_paths("use crate::k8s::job::{a, b};"), vec!["k8s::job"]);
    assert_eq!(super_paths("input::scenario", "use super::settings::keys;"), vec!["input::settings::keys"]);
}
