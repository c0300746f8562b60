//! Packaging for CI (issue 14, README "Use it in CI"): the GitHub Action's script run locally
//! with the inputs of the README's snippets, the pre-commit hook run by `pre-commit` (PyPI) on a
//! sample repository, and the binary called as the Argo CD CLI plugin `argocd-hooksim`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_hooksim");

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repository root")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("packaging").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("k8s")).expect("mkdir");
    dir
}

/// A manifest with an error diagnostic (restartPolicy Always on a Job), and a clean one.
const BAD: &str = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: m\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n      containers: [{name: m, image: m}]\n";
const GOOD: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n";

/// The fenced block after `<!-- ci-snippet: NAME -->` in the README.
fn snippet(name: &str) -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README");
    let marker = format!("<!-- ci-snippet: {name} -->\n");
    let at = readme.find(&marker).unwrap_or_else(|| panic!("README has no snippet {name}")) + marker.len();
    let body = readme[at..].split_once('\n').expect("fence").1;
    body[..body.find("```").expect("closing fence")].to_string()
}

/// The `with:` inputs of the action steps of a snippet, one map per step that uses hooksim.
fn action_steps(yaml: &str) -> Vec<Vec<(String, String)>> {
    let mut steps = Vec::new();
    let mut current: Option<Vec<(String, String)>> = None;
    for line in yaml.lines() {
        let t = line.trim();
        if t.starts_with("- uses:") || t.starts_with("- name:") {
            steps.extend(current.take());
            if t.contains("/hooksim@") {
                current = Some(Vec::new());
            }
        } else if let (Some(step), Some((k, v))) = (current.as_mut(), t.split_once(": ")) {
            if k != "with" {
                step.push((k.to_string(), v.to_string()));
            }
        }
    }
    steps.extend(current);
    steps
}

fn run_action(dir: &Path, inputs: &[(String, String)]) -> Output {
    let mut c = Command::new("bash");
    c.arg(repo().join("scripts/ci/action.sh")).current_dir(dir).env("HOOKSIM", BIN);
    for (k, v) in inputs {
        c.env(format!("HOOKSIM_{}", k.to_uppercase()), v);
    }
    c.output().expect("run the action's script")
}

#[test]
fn action_yml_passes_its_inputs_to_the_script() {
    let action = std::fs::read_to_string(repo().join("action.yml")).expect("action.yml");
    assert!(action.contains("using: composite"));
    assert!(action.contains("run: bash \"$GITHUB_ACTION_PATH/scripts/ci/action.sh\""));
    for input in ["command", "paths", "format", "output"] {
        assert!(action.contains(&format!("  {input}:\n")), "input {input}");
        let env = format!("HOOKSIM_{}: ${{{{ inputs.{input} }}}}", input.to_uppercase());
        assert!(action.contains(&env), "{env}");
    }
}

#[test]
fn the_readme_action_snippets_run_through_the_script() {
    let dir = scratch("action");
    std::fs::write(dir.join("k8s/a.yaml"), GOOD).unwrap();
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    let expect = repo().join("tests/expect");
    std::os::unix::fs::symlink(&expect, dir.join("tests/expect")).unwrap();
    let lint = action_steps(&snippet("action-lint"));
    assert_eq!(lint.len(), 1);
    let o = run_action(&dir, &lint[0]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let steps = action_steps(&snippet("action-sarif"));
    assert_eq!(steps.len(), 2, "{steps:?}");
    let o = run_action(&dir, &steps[0]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("hooksim.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let o = run_action(&dir, &steps[1]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(std::fs::read_to_string(dir.join("hooksim-junit.xml"))
        .unwrap()
        .contains("<testsuite name=\"hooksim test\""));
    // An error diagnostic fails the step, with the annotation in the log.
    std::fs::write(dir.join("k8s/b.yaml"), BAD).unwrap();
    let o = run_action(&dir, &lint[0]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("::error file=k8s/b.yaml,line="), "{o:?}");
}

#[test]
fn the_pre_commit_hook_runs_in_a_sample_repository() {
    let found = Command::new("pre-commit").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        let pip = ["pip3", "pip"].iter().any(|p| Command::new(p).arg("--version").output().is_ok());
        assert!(!pip, "pre-commit is missing but pip is there: run `make setup` (scripts/setup.sh pre_commit)");
        eprintln!("SKIPPED the_pre_commit_hook_runs_in_a_sample_repository: neither pre-commit nor pip is installed");
        return;
    }
    let hooks = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).unwrap();
    assert!(snippet("pre-commit").contains("- id: hooksim-lint") && hooks.contains("- id: hooksim-lint"));
    let dir = scratch("pre-commit");
    std::fs::write(dir.join("k8s/good.yaml"), GOOD).unwrap();
    std::fs::write(dir.join("k8s/bad.yaml"), BAD).unwrap();
    let git = |args: &[&str]| {
        let o = Command::new("git").args(args).current_dir(&dir).output().expect("git");
        assert!(o.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "k8s"]);
    let bin_dir = Path::new(BIN).parent().unwrap();
    let pre_commit = |file: &str| {
        Command::new("pre-commit")
            .args(["try-repo", repo().to_str().unwrap(), "hooksim-lint", "--files", file])
            .current_dir(&dir)
            .env("HOOKSIM", BIN)
            .env("PRE_COMMIT_HOME", dir.join(".cache"))
            .env("PATH", format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default()))
            .output()
            .expect("run pre-commit")
    };
    let o = pre_commit("k8s/good.yaml");
    assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let o = pre_commit("k8s/bad.yaml");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success() && out.contains("job-restart-policy-always"), "{out}");
}

#[test]
fn the_binary_works_as_the_argocd_hooksim_plugin() {
    let dir = scratch("argocd");
    std::os::unix::fs::symlink(BIN, dir.join("argocd-hooksim")).unwrap();
    std::fs::write(dir.join("k8s/a.yaml"), BAD).unwrap();
    assert!(snippet("argocd-plugin").contains("argocd-hooksim"));
    let o = Command::new("argocd-hooksim")
        .args(["lint", "k8s/"])
        .current_dir(&dir)
        .env("PATH", format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default()))
        .output()
        .expect("run argocd-hooksim from PATH");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("job-restart-policy-always"));
}
