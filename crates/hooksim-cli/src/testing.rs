//! `hooksim test`: runs scenarios that carry an `expect:` block (hooksim_engine::expect) and says
//! which expectations failed, each with the timeline lines that show why.
//!
//! Each FILE is one run (manifests and its Scenario in one stream); a DIR means every `*.yaml` /
//! `*.yml` file under it, recursively, in name order, of which those without `expect:` are
//! skipped. With `--scenario FILE`, the inputs are one stream of manifests and FILE the Scenario
//! (with its `expect:`), as `simulate --scenario` takes them: one run.

use std::io::Write;
use std::path::{Path, PathBuf};

use hooksim_engine::diagnostics::codes;
use hooksim_engine::expect::{check, Failure};
use hooksim_engine::{sim, Options, Report};

use crate::ci::{junit, Case};
use crate::read::Stream;

/// One run: a name (the file), the stream, the separate scenario if any, and whether a missing
/// `expect:` is a failure (a file named on the command line) or a skip (found in a directory).
struct Run {
    name: String,
    stream: Stream,
    scenario: Option<Stream>,
    required: bool,
}

/// What one run found: each expectation's outcome or the reason nothing could be checked.
enum Outcome {
    Skipped,
    /// The run's expectations: (as written, the failure if it failed), and the report.
    Checked(Vec<(String, Option<Failure>)>, Box<Report>, Option<Stream>),
    /// Nothing to check, or expectations that cannot be read.
    Broken(String),
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out)?;
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml")) {
            out.push(p);
        }
    }
    Ok(())
}

fn runs(inputs: &[String], scenario: Option<&str>) -> Result<Vec<Run>, String> {
    if let Some(sc) = scenario {
        let mut stream = Stream::default();
        for p in inputs {
            stream.add(p)?;
        }
        let mut s = Stream::default();
        s.add(sc)?;
        return Ok(vec![Run { name: sc.to_string(), stream, scenario: Some(s), required: true }]);
    }
    if inputs.is_empty() {
        return Err("name the scenario files or directories to test".into());
    }
    let mut out = Vec::new();
    for p in inputs {
        let path = Path::new(p);
        let (files, required) = if path.is_dir() {
            let mut f = Vec::new();
            yaml_files(path, &mut f)?;
            (f, false)
        } else {
            (vec![path.to_path_buf()], true)
        };
        for f in files {
            let name = f.display().to_string();
            let mut stream = Stream::default();
            stream.add(&name)?;
            out.push(Run { name, stream, scenario: None, required });
        }
    }
    Ok(out)
}

fn outcome(run: Run, sets: &[(String, String)]) -> Outcome {
    let mut options = Options { sets: sets.to_vec(), input_bytes: run.stream.total, ..Options::default() };
    if let Some(s) = &run.scenario {
        options.scenario = Some(s.text.clone());
        options.scenario_bytes = s.total;
    }
    let prepared = sim::prepare(&run.stream.text, &options);
    let Some(exp) = prepared.scenario.expect.clone() else {
        return if run.required {
            Outcome::Broken("no expect: block in its Scenario".into())
        } else {
            Outcome::Skipped
        };
    };
    let bad: Vec<String> = prepared
        .diagnostics
        .iter()
        .filter(|d| d.code == codes::EXPECT_INVALID)
        .map(|d| match d.line {
            Some(l) => format!("line {l}: {}", d.message),
            None => d.message.clone(),
        })
        .collect();
    if !bad.is_empty() {
        return Outcome::Broken(format!(
            "expectations that cannot be checked (expect-invalid):\n    {}",
            bad.join("\n    ")
        ));
    }
    if exp.is_empty() {
        return Outcome::Broken("the expect: block is empty".into());
    }
    let report = sim::run(&prepared);
    let mut failures = check(&report, &exp).into_iter().peekable();
    let mut results = Vec::new();
    for item in &exp.items {
        let written = item.check.describe();
        let failed = match failures.peek() {
            Some(f) if f.line == item.line && f.column == item.column && f.expected == written => failures.next(),
            _ => None,
        };
        results.push((written, failed));
    }
    Outcome::Checked(results, Box::new(report), run.scenario.is_none().then_some(run.stream))
}

/// A failure in words: where, what was expected, what happened, and the timeline excerpt.
fn explain(name: &str, f: &Failure, report: &Report, stream: Option<&Stream>) -> String {
    let at = match (f.line.and_then(|l| stream.and_then(|s| s.locate(l))), f.line) {
        (Some((file, l)), _) => format!("{file}:{l}: "),
        (None, Some(l)) => format!("{name}:{l}: "),
        _ => format!("{name}: "),
    };
    let mut s = format!("{at}expected {}\n    got: {}\n", f.expected, f.got);
    if !f.evidence.is_empty() {
        s.push_str("    timeline:\n");
        for &(o, i) in &f.evidence {
            if let Some(e) = report.operations.get(o).and_then(|op| op.events.get(i)) {
                s.push_str(&format!("    {}\n", hooksim_engine::text::line(e).trim_end()));
            }
        }
    }
    s
}

pub fn run(
    inputs: &[String],
    scenario: Option<&str>,
    sets: &[(String, String)],
    junit_to: Option<&str>,
) -> Result<u8, (u8, String)> {
    let runs = runs(inputs, scenario).map_err(|e| (2, e))?;
    let mut out = std::io::stdout().lock();
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let mut cases = Vec::new();
    for r in runs {
        let name = r.name.clone();
        match outcome(r, sets) {
            Outcome::Skipped => skipped += 1,
            Outcome::Broken(why) => {
                failed += 1;
                let _ = writeln!(out, "FAIL {name}: {why}");
                cases.push(Case {
                    name: "expect".into(),
                    class: name.clone(),
                    failure: Some((why.lines().next().unwrap_or("").to_string(), "broken".into(), why)),
                });
            }
            Outcome::Checked(results, report, stream) => {
                let bad: Vec<&Failure> = results.iter().filter_map(|(_, f)| f.as_ref()).collect();
                if bad.is_empty() {
                    passed += 1;
                    let _ = writeln!(out, "ok   {name} ({} expectations)", results.len());
                } else {
                    failed += 1;
                    let _ = writeln!(out, "FAIL {name}: {} of {} expectations failed", bad.len(), results.len());
                    for f in &bad {
                        for l in explain(&name, f, &report, stream.as_ref()).lines() {
                            let _ = writeln!(out, "  {l}");
                        }
                    }
                }
                for (written, f) in results {
                    let failure = f.as_ref().map(|f| {
                        (
                            format!("got: {}", f.got),
                            "expectation".to_string(),
                            explain(&name, f, &report, stream.as_ref()),
                        )
                    });
                    cases.push(Case { name: written, class: name.clone(), failure });
                }
            }
        }
    }
    let _ = writeln!(out, "\n{passed} passed, {failed} failed, {skipped} without expectations");
    if let Some(path) = junit_to {
        std::fs::write(path, junit("hooksim test", &cases)).map_err(|e| (2, format!("{path}: {e}")))?;
    }
    if passed + failed == 0 {
        return Err((1, "no scenario with an expect: block was found".into()));
    }
    Ok(if failed > 0 { 1 } else { 0 })
}
