//! The `hooksim` binary against contract.md §3: inputs (files, directories, standard input),
//! formats, `--set`, `--scenario`, exit statuses and error messages.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

mod common;
use common::hooksim;

/// A PreSync hook Job, deleted when it succeeds.
const PRESYNC_JOB: &str = "\
apiVersion: batch/v1
kind: Job
metadata:
  name: db-migrate
  annotations:
    argocd.argoproj.io/hook: PreSync
    argocd.argoproj.io/hook-delete-policy: HookSucceeded,BeforeHookCreation
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: busybox
";

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx
";

const SERVICE: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
";

/// A scenario in which the migration Job's only attempt fails.
const SCENARIO_FAIL: &str = "\
apiVersion: hooksim/v1
kind: Scenario
outcomes:
  Job/db-migrate:
    attempts: [fail]
";

/// A scenario in which it succeeds.
const SCENARIO_SUCCEED: &str = "\
apiVersion: hooksim/v1
kind: Scenario
outcomes:
  Job/db-migrate:
    attempts: [succeed]
";

/// A fresh directory for one test, under cargo's per-target temporary directory.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch directory");
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write fixture");
    p
}

fn stream(docs: &[&str]) -> String {
    docs.join("---\n")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code (not killed by a signal)")
}

/// Runs `simulate ARGS --format json`, expects exit 0, and returns the report.
fn report<P: AsRef<std::ffi::OsStr>>(args: &[P], stdin: Option<&str>) -> Value {
    let mut all: Vec<std::ffi::OsString> = vec!["simulate".into()];
    all.extend(args.iter().map(|a| a.as_ref().to_os_string()));
    all.extend(["--format".into(), "json".into()]);
    let o = hooksim(&all, stdin);
    assert_eq!(code(&o), 0, "hooksim {all:?} failed: {}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("--format json prints JSON");
    assert_eq!(v["schemaVersion"], 1);
    v
}

fn result_refs(report: &Value) -> Vec<String> {
    report["operations"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["ref"].as_str().expect("ref").to_string())
        .collect()
}

fn codes(report: &Value) -> Vec<String> {
    report["diagnostics"].as_array().expect("diagnostics").iter().map(|d| d["code"].as_str().unwrap().into()).collect()
}

fn phase(report: &Value) -> &str {
    report["operations"][0]["phase"].as_str().expect("phase")
}

/// One line, naming `what`.
fn assert_one_line_error(o: &Output, what: &str) {
    assert_eq!(code(o), 2, "stdout: {}\nstderr: {}", stdout(o), stderr(o));
    let err = stderr(o);
    assert_eq!(err.trim_end().lines().count(), 1, "the error is one line: {err:?}");
    assert!(err.contains(what), "the error names {what}: {err:?}");
}

#[test]
fn simulates_a_file_as_text_and_as_json() {
    let dir = scratch("file");
    let f = write(&dir, "app.yaml", &stream(&[PRESYNC_JOB, DEPLOYMENT]));
    let o = hooksim(&[Path::new("simulate"), &f], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Operation 1 (sync)"), "{text}");
    assert!(text.contains("Job/db-migrate"), "{text}");
    assert!(text.contains("Deployment/web"), "{text}");

    let r = report(&[&f], None);
    assert_eq!(phase(&r), "Succeeded");
    assert_eq!(result_refs(&r), ["Job/db-migrate", "Deployment/web"]);
    assert!(r["operations"][0]["finishedAt"].is_i64());
    let events = r["operations"][0]["events"].as_array().unwrap();
    assert!(events.iter().any(|e| e["type"] == "Applied" && e["ref"] == "Job/db-migrate"));
    // HookSucceeded deleted the Job; the Deployment stays.
    let remaining: Vec<&str> = r["remaining"].as_array().unwrap().iter().map(|x| x["ref"].as_str().unwrap()).collect();
    assert_eq!(remaining, ["Deployment/web"]);
}

#[test]
fn a_directory_means_its_yaml_and_yml_files_in_name_order() {
    let dir = scratch("directory");
    let app = dir.join("app");
    std::fs::create_dir(&app).unwrap();
    let a = write(&app, "a.yaml", DEPLOYMENT);
    // A warning whose line number depends on what comes before it in the stream.
    let b = write(
        &app,
        "b.yml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  annotations:\n    argocd.argoproj.io/hook: presync\n",
    );
    let c = write(&app, "c.yaml", SERVICE);
    // Neither of these is read: they would be a syntax error and a second Service.
    write(&app, "notes.txt", "this: is: not: yaml: [\n");
    write(&app, "old.yaml.bak", SERVICE.replace("name: web", "name: old").as_str());
    std::fs::create_dir(app.join("nested.yaml")).unwrap();

    let from_dir = report(&[&app], None);
    assert!(!codes(&from_dir).contains(&"yaml-syntax".to_string()), "{from_dir}");
    let refs = result_refs(&from_dir);
    assert!(refs.contains(&"Service/web".to_string()) && !refs.contains(&"Service/old".to_string()), "{refs:?}");
    let warning = from_dir["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["ref"] == "ConfigMap/settings")
        .expect("the unknown hook type of b.yml is reported");
    // a.yaml's 14 lines, the separator, then b.yml's 6th line.
    assert_eq!(warning["line"], 14 + 1 + 6, "{warning}");

    let in_order = report(&[&a, &b, &c], None);
    assert_eq!(from_dir, in_order, "a directory is its files in name order");
    let reversed = report(&[&c, &b, &a], None);
    assert_ne!(from_dir, reversed, "the order of files shows in the report");
}

#[test]
fn reads_standard_input_with_a_dash_or_no_file() {
    let dir = scratch("stdin");
    let input = stream(&[PRESYNC_JOB, DEPLOYMENT]);
    let f = write(&dir, "app.yaml", &input);
    let from_file = report(&[&f], None);
    let dash = report(&["-"], Some(&input));
    let none = report::<&str>(&[], Some(&input));
    assert_eq!(from_file, dash);
    assert_eq!(from_file, none);

    let text = hooksim::<&str>(&["simulate"], Some(&input));
    assert_eq!(code(&text), 0);
    assert!(stdout(&text).contains("Deployment/web"));
}

#[test]
fn several_files_are_one_stream() {
    let dir = scratch("several");
    // The first file has no final newline; the second starts with its own separator.
    let a = write(&dir, "job.yaml", PRESYNC_JOB.trim_end());
    let b = write(&dir, "deploy.yaml", &format!("---\n{DEPLOYMENT}"));
    let c = write(&dir, "scenario.yaml", SCENARIO_FAIL);
    let r = report(&[&a, &b], None);
    assert_eq!(result_refs(&r), ["Job/db-migrate", "Deployment/web"]);
    assert_eq!(phase(&r), "Succeeded");
    assert!(r["diagnostics"].as_array().unwrap().is_empty(), "{}", r["diagnostics"]);
    // A Scenario document in a third file belongs to the same stream.
    let r = report(&[&a, &b, &c], None);
    assert_eq!(phase(&r), "Failed");
    // The same as one file holding all three.
    let one = write(&dir, "all.yaml", &stream(&[PRESYNC_JOB, DEPLOYMENT, SCENARIO_FAIL]));
    let r1 = report(&[&one], None);
    assert_eq!(r1["operations"], r["operations"]);
}

#[test]
fn set_overrides_a_scenario_key() {
    let dir = scratch("set");
    // A PostSync step after the Sync step: the wave delay between them shows in finishedAt.
    let postsync = PRESYNC_JOB.replace("db-migrate", "smoke-test").replace("PreSync", "PostSync");
    let f = write(&dir, "app.yaml", &stream(&[PRESYNC_JOB, DEPLOYMENT, SERVICE, &postsync]));
    let plain = report(&[&f], None);
    let slow = report(&[f.to_str().unwrap(), "--set", "settings.waveDelaySeconds=5"], None);
    let delays = |r: &Value| -> Vec<String> {
        r["operations"][0]["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == "WaveDelay")
            .map(|e| e["message"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!delays(&slow).is_empty());
    assert!(delays(&slow).iter().all(|m| m.contains('5')), "{:?}", delays(&slow));
    assert_ne!(delays(&plain), delays(&slow));
    let finished = |r: &Value| r["operations"][0]["finishedAt"].as_i64().unwrap();
    assert!(finished(&slow) > finished(&plain), "{} vs {}", finished(&slow), finished(&plain));
    // The `--set=KEY=VALUE` spelling is the same.
    let eq = report(&[f.to_str().unwrap(), "--set=settings.waveDelaySeconds=5"], None);
    assert_eq!(eq, slow);
}

#[test]
fn a_scenario_file_replaces_the_embedded_scenario() {
    let dir = scratch("scenario");
    let f = write(&dir, "app.yaml", &stream(&[PRESYNC_JOB, DEPLOYMENT, SCENARIO_FAIL]));
    let s = write(&dir, "succeed.yaml", SCENARIO_SUCCEED);
    let embedded = report(&[&f], None);
    assert_eq!(phase(&embedded), "Failed");
    assert!(!codes(&embedded).contains(&"scenario-replaced".to_string()));

    let replaced = report(&[f.as_os_str(), "--scenario".as_ref(), s.as_os_str()], None);
    assert_eq!(phase(&replaced), "Succeeded");
    let d = replaced["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "scenario-replaced")
        .expect("a scenario-replaced diagnostic");
    assert_eq!(d["severity"], "warning");

    // Without an embedded scenario nothing is replaced; the file's scenario applies.
    let plain = write(&dir, "plain.yaml", &stream(&[PRESYNC_JOB, DEPLOYMENT]));
    let fail = write(&dir, "fail.yaml", SCENARIO_FAIL);
    let r = report(&[plain.as_os_str(), "--scenario".as_ref(), fail.as_os_str()], None);
    assert_eq!(phase(&r), "Failed");
    assert!(!codes(&r).contains(&"scenario-replaced".to_string()));
}

#[test]
fn fail_on_failure_sets_the_exit_status() {
    let dir = scratch("fail-on-failure");
    let failing = write(&dir, "failing.yaml", &stream(&[PRESYNC_JOB, SCENARIO_FAIL]));
    let passing = write(&dir, "passing.yaml", &stream(&[PRESYNC_JOB, SCENARIO_SUCCEED]));
    let run = |f: &Path, flag: bool| {
        let mut args = vec![Path::new("simulate"), f];
        if flag {
            args.push(Path::new("--fail-on-failure"));
        }
        code(&hooksim(&args, None))
    };
    assert_eq!(run(&failing, true), 1);
    assert_eq!(run(&passing, true), 0);
    // Without the flag a failed operation is still a simulation that ran.
    assert_eq!(run(&failing, false), 0);
}

#[test]
fn lint_exits_1_on_an_error_diagnostic_only() {
    let dir = scratch("lint");
    // An unquoted number as an annotation value: Kubernetes rejects the object (an error).
    let bad = write(
        &dir,
        "bad.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    argocd.argoproj.io/sync-wave: 1\n",
    );
    let good = write(&dir, "good.yaml", &stream(&[PRESYNC_JOB, DEPLOYMENT]));
    // A warning only: an unknown hook type.
    let warn = write(
        &dir,
        "warn.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    argocd.argoproj.io/hook: presync\n",
    );

    let o = hooksim(&[Path::new("lint"), &bad], None);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(stdout(&o).contains("annotation-not-string") || stdout(&o).contains("not a string"), "{}", stdout(&o));
    let o = hooksim(&[Path::new("lint"), &bad, Path::new("--format"), Path::new("json")], None);
    assert_eq!(code(&o), 1);
    let diags: Value = serde_json::from_str(&stdout(&o)).expect("lint --format json prints JSON");
    let first = &diags.as_array().expect("a list of diagnostics")[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "annotation-not-string");
    assert_eq!(first["line"], 6);

    let o = hooksim(&[Path::new("lint"), &good], None);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("0 error(s)"), "{}", stdout(&o));
    let o = hooksim(&[Path::new("lint"), &warn], None);
    assert_eq!(code(&o), 0, "a warning is not an error: {}", stdout(&o));
    // Standard input works for lint too.
    let o = hooksim(&["lint", "-"], Some(&std::fs::read_to_string(&bad).unwrap()));
    assert_eq!(code(&o), 1);
}

#[test]
fn a_missing_file_is_exit_2_with_one_line_naming_it() {
    let dir = scratch("missing");
    let good = write(&dir, "good.yaml", DEPLOYMENT);
    let missing = dir.join("does-not-exist.yaml");
    let m = missing.to_str().unwrap();
    let o = hooksim(&["simulate", m], None);
    assert_one_line_error(&o, m);
    assert!(stdout(&o).is_empty(), "nothing is simulated: {}", stdout(&o));
    let o = hooksim(&["simulate", good.to_str().unwrap(), m], None);
    assert_one_line_error(&o, m);
    let o = hooksim(&["lint", m], None);
    assert_one_line_error(&o, m);
    let o = hooksim(&["simulate", good.to_str().unwrap(), "--scenario", m], None);
    assert_one_line_error(&o, m);
}

#[test]
fn bad_arguments_are_exit_2_with_one_line() {
    for (args, what) in [
        (&["frobnicate"][..], "frobnicate"),
        (&["simulate", "--format", "xml"][..], "xml"),
        (&["simulate", "--format"][..], "--format"),
        (&["simulate", "--bogus"][..], "--bogus"),
        (&["simulate", "--set", "novalue"][..], "novalue"),
        (&["simulate", "--scenario"][..], "--scenario"),
        (&["lint", "--set", "a=b"][..], "lint"),
    ] {
        let o = hooksim(args, Some(DEPLOYMENT));
        assert_one_line_error(&o, what);
        assert!(stdout(&o).is_empty(), "{args:?} printed {}", stdout(&o));
    }
}

#[test]
fn version_and_help() {
    let o = hooksim(&["--version"], None);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).starts_with("hooksim "), "{}", stdout(&o));
    let o = hooksim(&["--help"], None);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("hooksim simulate"));
    // No command at all is a usage error.
    let o = hooksim::<&str>(&[], None);
    assert_eq!(code(&o), 2);
}

/// Issue 16, item 7: endless or huge inputs are read no further than the size limit: the engine's
/// limit-exceeded diagnostic comes at once, the memory stays small.
#[test]
fn endless_and_huge_inputs_are_read_only_up_to_the_limit() {
    let start = std::time::Instant::now();
    let v = report(&["/dev/zero"], None);
    assert!(codes(&v).contains(&"limit-exceeded".to_string()), "{:?}", codes(&v));
    // A file of 64 MiB (sparse): its size is in the message.
    let dir = scratch("huge-input");
    let path = dir.join("huge.yaml");
    {
        let mut f = std::fs::File::create(&path).expect("create");
        f.write_all(SERVICE.as_bytes()).expect("write");
        f.write_all(b"---\n").expect("write");
        f.set_len(64 << 20).expect("grow");
    }
    let v = report(&[&path], None);
    let limit = v["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "limit-exceeded").cloned();
    let message = limit.expect("limit-exceeded")["message"].as_str().unwrap_or("").to_string();
    assert!(message.contains(&(64u64 << 20).to_string()), "{message}");
    assert!(result_refs(&v).contains(&"Service/web".to_string()));
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

/// Issue 16, item 7: `yes "a: 1" | hooksim simulate` reached 3.7 GB in 4 s. Standard input that
/// never ends is read up to the limit, and the engine says so.
#[test]
fn endless_standard_input_is_read_only_up_to_the_limit() {
    let mut child = common::spawn(&["simulate", "--format", "json"]);
    let mut input = child.stdin.take().expect("stdin");
    // Writes until hooksim stops reading (a broken pipe), or 64 MiB at most.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(SERVICE.as_bytes());
        let _ = input.write_all(b"---\n");
        let line = "a: 1\n".repeat(1 << 14);
        let mut sent = 0;
        while sent < 64 << 20 && input.write_all(line.as_bytes()).is_ok() {
            sent += line.len();
        }
        sent
    });
    let o = child.wait_with_output().expect("wait for hooksim");
    let sent = writer.join().expect("writer");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(sent < 64 << 20, "hooksim read all {sent} bytes: no limit");
    let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert!(codes(&v).contains(&"limit-exceeded".to_string()), "{:?}", codes(&v));
}

/// Issue 16, item 9: a scenario file over 4 MiB is not ignored silently.
#[test]
fn a_scenario_file_over_the_limit_is_a_diagnostic() {
    let dir = scratch("big-scenario");
    let mut s = String::from("outcomes:\n  Service/web: {applyError: denied}\nfiller:\n");
    while s.len() < 4_300_000 {
        s.push_str(&format!("  - {}\n", "x".repeat(90)));
    }
    let scenario = write(&dir, "scenario.yaml", &s);
    let v = report(&[std::ffi::OsStr::new("--scenario"), scenario.as_os_str()], Some(SERVICE));
    assert!(codes(&v).contains(&"limit-exceeded".to_string()), "{:?}", codes(&v));
}

/// `--format svg` (issue 14): the playground's timeline as one well-formed, self-contained SVG
/// file: the styles and their colour variables inside, the events as titled marks.
#[test]
fn simulate_format_svg_writes_the_timeline_with_its_styles() {
    let o = hooksim(&["simulate", "--format", "svg", "-"], Some(&stream(&[PRESYNC_JOB, DEPLOYMENT])));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "no diagnostics, nothing on stderr: {}", stderr(&o));
    let svg = stdout(&o);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    let style = root.children().find(|n| n.has_tag_name("style")).expect("a <style> inside").text().unwrap();
    assert!(style.contains("svg.hs-svg {") && style.contains("--hs-ok:"), "variables on the svg itself");
    assert!(!style.contains(".hs-embed"), "no rule needs the page's wrapper");
    let titles: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("title")).filter_map(|n| n.text()).collect();
    assert!(titles.iter().any(|t| t.contains("db-migrate")), "{titles:?}");
    // The same bytes as the renderer gives the playground's download.
    let report = hooksim_engine::simulate(&stream(&[PRESYNC_JOB, DEPLOYMENT]), &hooksim_engine::Options::default());
    assert_eq!(svg, hooksim_render::standalone_svg(&report) + "\n");

    // Diagnostics have no room in the picture: they go to stderr, the SVG still comes.
    let o = hooksim(&["simulate", "--format=svg"], Some("foo: ["));
    assert_eq!(code(&o), 0);
    assert!(stderr(&o).contains("yaml-syntax"), "{}", stderr(&o));
    roxmltree::Document::parse(&stdout(&o)).expect("well-formed XML without operations too");

    // lint draws no timeline.
    assert_one_line_error(&hooksim(&["lint", "--format", "svg"], Some(DEPLOYMENT)), "svg");
}
