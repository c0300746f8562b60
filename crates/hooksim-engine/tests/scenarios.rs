//! Scenario tests: every `tests/scenarios/**/NAME.yaml` of the repository is simulated and its
//! text timeline compared with `NAME.expected.txt` (and its JSON report with
//! `NAME.expected.json` when that file exists). Each file is one test, named after its path.
//! The gallery examples `web/examples/NAME.yaml` are tested the same way, with their expected
//! files in `tests/scenarios/examples/`.
//!
//! `HOOKSIM_BLESS=1 cargo test --test scenarios` writes the expected files from the current
//! output. A blessed file is a claim about Argo CD and Kubernetes: review it against the spec
//! (the rule named in the scenario) before committing it.

use std::path::{Path, PathBuf};

use hooksim_engine::health::HealthStatus;
use hooksim_engine::report::{EventType, Report};
use hooksim_engine::{simulate, text, Options};
use libtest_mimic::{Arguments, Failed, Trial};

fn scenario_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            scenario_files(&p, out);
        } else if p.extension().and_then(|e| e.to_str()) == Some("yaml") {
            out.push(p);
        }
    }
}

fn diff(expected: &str, actual: &str) -> String {
    let d = similar::TextDiff::from_lines(expected, actual);
    d.unified_diff().context_radius(2).header("expected", "actual").to_string()
}

/// The facts a message says in words are also typed fields (issue 15 item 4), and they agree:
/// each `WaveDelay` carries its `delay` and each `HealthChanged` its `health`; no other event
/// carries either.
fn typed_facts(report: &Report) -> Result<(), Failed> {
    for e in report.operations.iter().flat_map(|o| &o.events) {
        let delay_ok = match e.ty {
            EventType::WaveDelay => {
                e.delay.is_some_and(|d| e.message.as_deref().is_some_and(|m| m.starts_with(&format!("{d} s "))))
            }
            _ => e.delay.is_none(),
        };
        let health_ok = match e.ty {
            EventType::HealthChanged => {
                e.health.is_some() && e.health.map(HealthStatus::as_str) == e.message.as_deref()
            }
            _ => e.health.is_none(),
        };
        if !delay_ok || !health_ok {
            return Err(format!("the typed fields of an event disagree with its message: {e:?}").into());
        }
    }
    Ok(())
}

fn check(path: &Path, expected_base: &Path) -> Result<(), Failed> {
    let input = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let report = simulate(&input, &Options::default());
    let again = simulate(&input, &Options::default());
    if report.to_json() != again.to_json() {
        return Err("the same input gave two different reports (not deterministic)".into());
    }
    typed_facts(&report)?;
    let bless = std::env::var_os("HOOKSIM_BLESS").is_some();
    let txt = text::render(&report);
    let txt_path = expected_base.with_extension("expected.txt");
    let json_path = expected_base.with_extension("expected.json");
    if bless {
        std::fs::write(&txt_path, &txt).map_err(|e| e.to_string())?;
        if json_path.exists() {
            std::fs::write(&json_path, report.to_json() + "\n").map_err(|e| e.to_string())?;
        }
        return Ok(());
    }
    let expected = std::fs::read_to_string(&txt_path).map_err(|_| {
        format!("{} is missing: run HOOKSIM_BLESS=1 cargo test --test scenarios, then review it", txt_path.display())
    })?;
    if expected != txt {
        return Err(format!("timeline differs from {}:\n{}", txt_path.display(), diff(&expected, &txt)).into());
    }
    if let Ok(expected_json) = std::fs::read_to_string(&json_path) {
        let actual = report.to_json() + "\n";
        if expected_json != actual {
            return Err(format!(
                "JSON report differs from {}:\n{}",
                json_path.display(),
                diff(&expected_json, &actual)
            )
            .into());
        }
    }
    Ok(())
}

fn main() {
    let args = Arguments::from_args();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let scenarios = repo.join("tests/scenarios");
    let mut trials = Vec::new();
    let mut files = Vec::new();
    scenario_files(&scenarios, &mut files);
    for p in files {
        let name = p.strip_prefix(&scenarios).unwrap_or(&p).with_extension("").display().to_string();
        let base = p.clone();
        trials.push(Trial::test(name, move || check(&p, &base)));
    }
    let mut examples = Vec::new();
    scenario_files(&repo.join("web/examples"), &mut examples);
    for p in examples {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
        let base = scenarios.join("examples").join(format!("{stem}.yaml"));
        trials.push(Trial::test(format!("examples/{stem}"), move || check(&p, &base)));
    }
    libtest_mimic::run(&args, trials).exit();
}
