//! `hooksim`: simulate and lint Argo CD resource hooks from the command line (contract.md §3).

use std::io::Write;
use std::process::ExitCode;

use hooksim_engine::{Options, Severity};

mod ci;
mod compare;
mod read;
mod testing;

const USAGE: &str = "\
hooksim: what Argo CD and Kubernetes do with your resource hooks, second by second.

Usage:
  hooksim simulate [FILE|DIR|-]... [--scenario FILE] [--format FORMAT] [--set KEY=VALUE]... [--fail-on-failure]
  hooksim lint     [FILE|DIR|-]... [--format FORMAT]
  hooksim diff     A B [--scenario FILE] [--set KEY=VALUE]... [--format text|json]
  hooksim simulate [FILE|DIR|-]... --compare KEY=VALUE[,KEY=VALUE]... [--compare-scenario FILE] [--format text|json]
  hooksim test     [FILE|DIR]... [--scenario FILE [MANIFESTS]...] [--set KEY=VALUE]... [--junit FILE]
  hooksim --version

FORMAT: text or json; sarif, github or junit (the diagnostics, for CI); markdown (simulate: a
summary for a pull-request comment); svg (simulate: the playground's timeline as one
self-contained SVG file, its diagnostics on standard error).

Several files are one stream; a directory means its *.yaml and *.yml files in name order;
`-` or nothing reads standard input. Exit status: 0 when the simulation ran, 1 from lint when an
error diagnostic exists and from simulate --fail-on-failure when an operation did not succeed,
2 for unreadable files or bad arguments. diff and --compare (two variants of one input: two
files, or the input with a setting changed, argocdVersion=2.14) exit 1 when they differ, 0 when
they are equal.

`hooksim test` runs every scenario that has an `expect:` block (each file its own run; a
directory means its YAML files, recursively) and exits 1 when an expectation does not hold.";

#[derive(Debug, PartialEq)]
enum Format {
    Text,
    Json,
    /// SARIF 2.1.0, GitHub workflow commands, JUnit XML: the diagnostics for CI (ci.rs).
    Sarif,
    Github,
    Junit,
    /// simulate only: a pull-request comment (hooksim_render::markdown).
    Markdown,
    /// simulate only: the timeline SVG (hooksim-render), styles inside.
    Svg,
}

impl Format {
    fn parse(s: &str) -> Result<Format, String> {
        Ok(match s {
            "text" => Format::Text,
            "json" => Format::Json,
            "sarif" => Format::Sarif,
            "github" => Format::Github,
            "junit" => Format::Junit,
            "markdown" => Format::Markdown,
            "svg" => Format::Svg,
            other => {
                return Err(format!(
                    "--format must be text, json, sarif, github, junit, markdown or svg, not \"{other}\""
                ))
            }
        })
    }
}

struct Args {
    command: String,
    inputs: Vec<String>,
    scenario: Option<String>,
    format: Format,
    sets: Vec<(String, String)>,
    fail_on_failure: bool,
    /// test: where to write the JUnit report.
    junit: Option<String>,
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut it = argv.iter();
    let command = match it.next() {
        Some(c) if c == "simulate" || c == "lint" || c == "test" => c.clone(),
        Some(c) => return Err(format!("unknown command \"{c}\" (use simulate, lint or test)")),
        None => return Err("missing command (use simulate, lint or test)".into()),
    };
    let mut a = Args {
        command,
        inputs: Vec::new(),
        scenario: None,
        format: Format::Text,
        sets: Vec::new(),
        fail_on_failure: false,
        junit: None,
    };
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => it.next().cloned().ok_or(format!("{name} needs a value")),
            }
        };
        match flag.as_str() {
            "--scenario" => a.scenario = Some(value("--scenario")?),
            "--format" => a.format = Format::parse(&value("--format")?)?,
            "--junit" => a.junit = Some(value("--junit")?),
            "--set" => {
                let v = value("--set")?;
                let (k, val) = v.split_once('=').ok_or(format!("--set needs KEY=VALUE, got \"{v}\""))?;
                if k.is_empty() {
                    return Err(format!("--set needs KEY=VALUE, got \"{v}\""));
                }
                a.sets.push((k.to_string(), val.to_string()));
            }
            "--fail-on-failure" => a.fail_on_failure = true,
            "-" => a.inputs.push("-".into()),
            f if f.starts_with('-') => return Err(format!("unknown option \"{f}\"")),
            _ => a.inputs.push(arg.clone()),
        }
    }
    if a.command == "lint" && (a.scenario.is_some() || !a.sets.is_empty() || a.fail_on_failure) {
        return Err("lint takes only files and --format".into());
    }
    if a.command == "lint" && a.format == Format::Svg {
        return Err("--format svg is for simulate (lint draws no timeline)".into());
    }
    if a.command == "lint" && a.format == Format::Markdown {
        return Err("lint has no markdown format (use simulate --format markdown)".into());
    }
    if a.command == "test" && (a.format != Format::Text || a.fail_on_failure) {
        return Err("test takes files, --scenario, --set and --junit (it fails on a failed expectation)".into());
    }
    if a.command != "test" && a.junit.is_some() {
        return Err("--junit is for hooksim test (use --format junit)".into());
    }
    Ok(a)
}

fn run(argv: &[String]) -> Result<u8, (u8, String)> {
    if argv.first().map(String::as_str) == Some("--version") {
        println!("hooksim {}", hooksim_engine::VERSION);
        return Ok(0);
    }
    if argv.is_empty() || matches!(argv[0].as_str(), "-h" | "--help" | "help") {
        println!("{USAGE}");
        return Ok(if argv.is_empty() { 2 } else { 0 });
    }
    if compare::wants(argv) {
        return compare::run(argv);
    }
    let args = parse_args(argv).map_err(|e| (2, e))?;
    if args.command == "test" {
        return testing::run(&args.inputs, args.scenario.as_deref(), &args.sets, args.junit.as_deref());
    }
    let mut stream = read::Stream::default();
    let inputs = if args.inputs.is_empty() { vec!["-".to_string()] } else { args.inputs.clone() };
    for p in &inputs {
        stream.add(p).map_err(|e| (2, e))?;
    }
    let input = stream.text.clone();
    let mut options = Options { sets: args.sets.clone(), input_bytes: stream.total, ..Options::default() };
    if let Some(s) = &args.scenario {
        let mut scenario = read::Stream::default();
        scenario.add(s).map_err(|e| (2, e))?;
        options.scenario = Some(scenario.text);
        options.scenario_bytes = scenario.total;
    }
    let mut stdout = std::io::stdout().lock();
    if args.command == "lint" {
        let diags = hooksim_engine::lint(&input, &options);
        let out = match args.format {
            Format::Json => serde_json::to_string_pretty(&diags).unwrap_or_default() + "\n",
            Format::Sarif | Format::Github | Format::Junit => ci_format(&args.format, "hooksim lint", &diags, &stream),
            Format::Text | Format::Markdown | Format::Svg => {
                diagnostics_text(&diags)
                    + &format!(
                        "{} error(s), {} warning(s)\n",
                        count(&diags, Severity::Error),
                        count(&diags, Severity::Warning)
                    )
            }
        };
        let _ = stdout.write_all(out.as_bytes());
        return Ok(if diags.iter().any(|d| d.severity == Severity::Error) { 1 } else { 0 });
    }
    let session = hooksim_session::Session::new(&input, &options);
    let report = session.report();
    let out = match args.format {
        Format::Json => report.to_json() + "\n",
        Format::Text => hooksim_engine::text::render(report),
        Format::Markdown => hooksim_render::markdown(report, session.info().name.as_deref(), None),
        Format::Svg => {
            // The picture has no room for diagnostics: they go to stderr, as the text timeline has them.
            eprint!("{}", diagnostics_text(&report.diagnostics));
            hooksim_render::standalone_svg(report) + "\n"
        }
        Format::Sarif | Format::Github | Format::Junit => {
            ci_format(&args.format, "hooksim simulate", &report.diagnostics, &stream)
        }
    };
    let _ = stdout.write_all(out.as_bytes());
    if args.fail_on_failure && report.operations.iter().any(|o| o.phase != "Succeeded") {
        return Ok(1);
    }
    Ok(0)
}

/// The diagnostics in one of the CI formats.
fn ci_format(f: &Format, suite: &str, diags: &[hooksim_engine::Diagnostic], stream: &read::Stream) -> String {
    match f {
        Format::Sarif => ci::sarif(diags, stream),
        Format::Github => ci::github(diags, stream),
        _ => ci::junit_lint(suite, diags, stream),
    }
}

/// The diagnostics as the text timeline lists them (nothing when there are none).
fn diagnostics_text(diags: &[hooksim_engine::Diagnostic]) -> String {
    let report = hooksim_engine::Report::of_diagnostics(diags.to_vec());
    let t = hooksim_engine::text::render(&report);
    t.trim_end_matches("Left in the cluster: nothing\n").to_string()
}

fn count(d: &[hooksim_engine::Diagnostic], s: Severity) -> usize {
    d.iter().filter(|x| x.severity == s).count()
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match run(&argv) {
        Ok(code) => ExitCode::from(code),
        Err((code, msg)) => {
            eprintln!("hooksim: {msg}");
            ExitCode::from(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Result<Args, String> {
        parse_args(&s.iter().map(|x| x.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_the_contract_flags() {
        let a = args(&[
            "simulate",
            "a.yaml",
            "--format",
            "json",
            "--set",
            "settings.waveDelaySeconds=5",
            "--fail-on-failure",
        ])
        .unwrap();
        assert_eq!(a.inputs, vec!["a.yaml"]);
        assert_eq!(a.format, Format::Json);
        assert_eq!(a.sets, vec![("settings.waveDelaySeconds".to_string(), "5".to_string())]);
        assert!(a.fail_on_failure);
        let a = args(&["lint", "-", "--format=text"]).unwrap();
        assert_eq!(a.inputs, vec!["-"]);
    }

    #[test]
    fn bad_arguments_are_errors() {
        assert!(args(&["frobnicate"]).is_err());
        assert!(args(&["simulate", "--format", "xml"]).is_err());
        assert!(args(&["lint", "--format", "markdown"]).is_err());
        assert!(args(&["test", "--format", "json"]).is_err());
        assert!(args(&["simulate", "--junit", "x.xml"]).is_err());
        assert_eq!(args(&["lint", "--format=sarif"]).unwrap().format, Format::Sarif);
        assert_eq!(args(&["test", "d", "--junit", "j.xml"]).unwrap().junit.as_deref(), Some("j.xml"));
        assert!(args(&["simulate", "--set", "novalue"]).is_err());
        assert!(args(&["simulate", "--bogus"]).is_err());
        assert!(args(&["lint", "--set", "a=b"]).is_err());
    }
}
