//! The CI side of the `hooksim` binary (issue 14): `--format sarif|github|junit|markdown`, with
//! each diagnostic in the file it came from, the SARIF validated against the SARIF 2.1.0 schema
//! (vendored in tests/data, nothing is downloaded), and `hooksim test` with its JUnit report.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Two files: a clean ConfigMap, then a Job whose hook type is misspelt (line 6 of its file, 13
/// of the joined stream).
const CLEAN: &str = "# a clean file\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: b}\n";
const TYPO: &str = "\
apiVersion: batch/v1
kind: Job
metadata:
  name: db-migrate
  annotations:
    argocd.argoproj.io/hook: PreSycn
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: m, image: m}]
";

/// Runs the binary in `dir` (relative file names, as CI gives them): (exit status, stdout).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_hooksim")).args(args).current_dir(dir).output().expect("run hooksim");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stdout).into_owned())
}

/// A fresh directory holding `files`.
fn fixture(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ci-formats").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (name, text) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

fn sarif_schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("schema JSON");
    // The published schema's `language` patterns (of run and toolComponent) have a stray `]`
    // that the meta-schema's regex format check rejects; hooksim writes no `language`.
    for def in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][def]["properties"]["language"]["pattern"];
        assert_eq!(language, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *language = Value::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
    }
    jsonschema::validator_for(&schema).expect("a usable schema")
}

fn assert_valid_sarif(text: &str) -> Value {
    let log: Value = serde_json::from_str(text).expect("SARIF is JSON");
    let v = sarif_schema();
    let errors: Vec<String> = v.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF 2.1.0 schema errors: {errors:#?}\n{text}");
    log
}

#[test]
fn the_schema_check_can_fail() {
    // A log without "version" and with a result level SARIF does not know.
    let bad = r#"{"runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"fatal"}]}]}"#;
    let log: Value = serde_json::from_str(bad).unwrap();
    assert!(!sarif_schema().is_valid(&log));
}

#[test]
fn lint_sarif_is_valid_and_points_into_the_right_file() {
    let dir = fixture("sarif", &[("k8s/a.yaml", CLEAN), ("k8s/b job.yaml", TYPO)]);
    let (code, out) = run_in(&dir, &["lint", "k8s/a.yaml", "k8s/b job.yaml", "--format", "sarif"]);
    assert_eq!(code, 0, "warnings only: {out}");
    let log = assert_valid_sarif(&out);
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "hooksim");
    let results = run["results"].as_array().expect("results");
    let r = results.iter().find(|r| r["ruleId"] == "hook-dropped").expect("hook-dropped result");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "k8s/b%20job.yaml");
    assert_eq!(loc["region"]["startLine"], 6, "line of its own file, not of the joined stream");
    assert_eq!(r["level"], "warning");
    let rule = &run["tool"]["driver"]["rules"][r["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], "hook-dropped");
    assert!(rule["fullDescription"]["text"].as_str().unwrap().contains("dropped"), "{rule}");
}

#[test]
fn simulate_sarif_and_a_clean_lint_are_valid_too() {
    let dir = fixture("sarif-clean", &[("a.yaml", CLEAN)]);
    let (code, out) = run_in(&dir, &["lint", "a.yaml", "--format", "sarif"]);
    assert_eq!(code, 0);
    assert_eq!(assert_valid_sarif(&out)["runs"][0]["results"].as_array().map(Vec::len), Some(0));
    let dir = fixture("sarif-simulate", &[("a.yaml", CLEAN), ("b.yaml", TYPO)]);
    let (code, out) = run_in(&dir, &["simulate", "a.yaml", "b.yaml", "--format=sarif"]);
    assert_eq!(code, 0);
    let log = assert_valid_sarif(&out);
    assert!(log["runs"][0]["results"].as_array().unwrap().iter().any(|r| r["ruleId"] == "hook-dropped"));
}

#[test]
fn github_commands_name_file_line_and_column() {
    let dir = fixture("github", &[("a.yaml", CLEAN), ("b.yaml", TYPO)]);
    let (code, out) = run_in(&dir, &["lint", "a.yaml", "b.yaml", "--format", "github"]);
    assert_eq!(code, 0);
    let line = out.lines().find(|l| l.contains("hook-dropped")).unwrap_or_else(|| panic!("{out}"));
    assert!(line.starts_with("::warning file=b.yaml,line=6,col="), "{line}");
    assert!(line.contains(",title=hooksim hook-dropped::"), "{line}");
    assert!(line.contains("%0Ahint: "), "the hint on the same line: {line}");
}

#[test]
fn junit_lint_is_a_failure_per_diagnostic_and_a_pass_per_clean_file() {
    let dir = fixture("junit", &[("a.yaml", CLEAN), ("b.yaml", TYPO)]);
    let (_, out) = run_in(&dir, &["lint", "a.yaml", "b.yaml", "--format", "junit"]);
    assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), "{out}");
    assert!(out.contains("<testcase name=\"b.yaml:6:"), "{out}");
    assert!(out.contains("classname=\"hooksim.hook-dropped\""), "{out}");
    assert!(out.contains("<testcase name=\"a.yaml lint\" classname=\"hooksim.lint\"/>"), "{out}");
    assert!(out.contains("failures=\"1\""), "{out}");
}

#[test]
fn markdown_is_a_pull_request_comment() {
    let dir = fixture("markdown", &[]);
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/expect/syncfail-runs-when-presync-fails.yaml");
    let (code, out) = run_in(&dir, &["simulate", example.to_str().unwrap(), "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("**syncfail-runs-when-presync-fails**: final phase **Failed**"), "{out}");
    assert!(out.contains("```mermaid\ngantt\n"), "{out}");
    assert!(out.contains("  section Job/db-migrate\n"), "{out}");
    assert!(out.contains("| `Job/db-migrate` | PreSync |"), "{out}");
    assert!(out.contains("**Left in the cluster:**"), "{out}");
}

/// A bundled scenario (tests/expect) with two expectations turned false: the phase and the
/// number of pods.
fn broken_expectations() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/expect/syncfail-runs-when-presync-fails.yaml");
    let text = std::fs::read_to_string(path).expect("bundled scenario");
    assert!(text.contains("  phase: Failed\n") && text.contains("    Job/db-migrate: 2\n"));
    text.replace("  phase: Failed\n", "  phase: Succeeded\n")
        .replace("    Job/db-migrate: 2\n", "    Job/db-migrate: 3\n")
}

#[test]
fn test_passes_the_bundled_expectations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/expect");
    let (code, out) = run_in(&root, &["test", "."]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(" passed, 0 failed"), "{out}");
    assert!(!out.starts_with("\n0 passed"), "{out}");
}

#[test]
fn test_fails_with_the_timeline_that_shows_why_and_writes_junit() {
    let broken = broken_expectations();
    let dir =
        fixture("test-fail", &[("s/bad.yaml", &broken), ("s/no-expect.yaml", CLEAN), ("s/deeper/bad2.yml", &broken)]);
    let (code, out) = run_in(&dir, &["test", "s", "--junit", "out/j.xml"]);
    assert_eq!(code, 2, "the JUnit folder does not exist: {out}");
    let (code, out) = run_in(&dir, &["test", "s", "--junit", "j.xml"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL s/bad.yaml: 2 of 9 expectations failed"), "{out}");
    assert!(out.contains("FAIL s/deeper/bad2.yml"), "a directory is read recursively: {out}");
    assert!(out.contains("s/bad.yaml:55: expected phase: \"Succeeded\""), "{out}");
    assert!(out.contains("got: 2 pod(s) created for Job/db-migrate"), "{out}");
    assert!(out.contains("attempt 2: pod db-migrate-"), "the timeline excerpt: {out}");
    assert!(out.contains("0 passed, 2 failed, 1 without expectations"), "{out}");
    let junit = std::fs::read_to_string(dir.join("j.xml")).expect("junit written");
    assert!(junit.contains("tests=\"18\" failures=\"4\""), "{junit}");
    assert!(junit.contains("<testcase name=\"left: Job/db-migrate\" classname=\"s/bad.yaml\"/>"), "{junit}");
}

#[test]
fn test_reports_a_named_file_without_expectations_and_malformed_ones() {
    let dir = fixture(
        "test-broken",
        &[
            ("plain.yaml", CLEAN),
            (
                "bad.yaml",
                &format!("{TYPO}---\napiVersion: hooksim/v1\nkind: Scenario\nexpect: {{ran: [db-migrate]}}\n"),
            ),
        ],
    );
    let (code, out) = run_in(&dir, &["test", "plain.yaml", "bad.yaml"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL plain.yaml: no expect: block"), "{out}");
    assert!(out.contains("FAIL bad.yaml: expectations that cannot be checked (expect-invalid)"), "{out}");
    let (code, _) = run_in(&dir, &["test", "."]);
    assert_eq!(code, 1, "a malformed expect block fails in a directory too");
    let empty = fixture("test-none", &[("plain.yaml", CLEAN)]);
    let (code, _) = run_in(&empty, &["test", "."]);
    assert_eq!(code, 1, "nothing to test is a failure, not a pass");
}

#[test]
fn test_with_a_separate_scenario_reads_the_manifests_as_one_stream() {
    let scenario = "apiVersion: hooksim/v1\nkind: Scenario\nexpect:\n  phase: Succeeded\n  ran: [ConfigMap/settings, Job/db-migrate]\n";
    let dir = fixture(
        "test-scenario",
        &[("m/a.yaml", CLEAN), ("m/b.yaml", TYPO.replace("PreSycn", "PreSync").as_str()), ("s.yaml", scenario)],
    );
    let (code, out) = run_in(&dir, &["test", "--scenario", "s.yaml", "m"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ok   s.yaml (3 expectations)"), "{out}");
}
