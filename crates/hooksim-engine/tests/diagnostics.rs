//! The diagnostics catalogue: every `tests/diagnostics/NAME.raises.yaml` must raise exactly the
//! diagnostics its `# expect:` lines name (code, severity, line and column), and every
//! `NAME.clean.yaml` (the closest correct manifest) must raise no warning or error at all; a clean
//! file may raise infos only when it names them in `# expect:` lines too. Each file is one test.
//!
//! `NAME` is `CODE` or `CODE.SITUATION` (one situation of the engine issue, such as
//! `sync-wave-invalid.padded`). The header of a file is its leading `#` lines:
//!
//! ```text
//! # expect: hook-type-unknown warning 7:34     one expected diagnostic (`-` when unlocated)
//! # scenario-file: NAME.scenario.yaml          lint with this file as the separate scenario
//! # run: simulate                              take the diagnostics of a full simulation
//! # anything else                              a comment for the reader
//! ```
//!
//! Besides the files, the catalogue itself is tested: every code of `diagnostics::codes` has a
//! `CODE.raises.yaml` and a `CODE.clean.yaml`, every raises file has its clean twin, and
//! `docs/diagnostics.md` has a row for every code. A clean file may stand alone, without a raises
//! twin: it then shows a manifest the diagnostic must not cry wolf on.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hooksim_engine::{lint, simulate, Diagnostic, Options, Severity};
use libtest_mimic::{Arguments, Failed, Trial};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    line: Option<usize>,
    column: Option<usize>,
    code: String,
    severity: String,
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{} {} {l}:{c}", self.code, self.severity),
            _ => write!(f, "{} {} -", self.code, self.severity),
        }
    }
}

struct Header {
    expected: Vec<Expected>,
    scenario_file: Option<String>,
    simulate: bool,
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn parse_header(text: &str) -> Result<Header, String> {
    let mut h = Header { expected: Vec::new(), scenario_file: None, simulate: false };
    for line in text.lines() {
        let Some(comment) = line.strip_prefix('#') else { break };
        let comment = comment.trim();
        if let Some(rest) = comment.strip_prefix("expect:") {
            let parts: Vec<&str> = rest.split_whitespace().collect();
            let [code, severity, at] = parts[..] else {
                return Err(format!("bad expectation \"{line}\": write # expect: CODE SEVERITY LINE:COLUMN"));
            };
            if !matches!(severity, "error" | "warning" | "info") {
                return Err(format!("bad severity \"{severity}\" in \"{line}\""));
            }
            let (l, c) = if at == "-" {
                (None, None)
            } else {
                let (l, c) = at.split_once(':').ok_or_else(|| format!("bad position \"{at}\" in \"{line}\""))?;
                let l = l.parse().map_err(|_| format!("bad line in \"{line}\""))?;
                let c = c.parse().map_err(|_| format!("bad column in \"{line}\""))?;
                (Some(l), Some(c))
            };
            h.expected.push(Expected { line: l, column: c, code: code.into(), severity: severity.into() });
        } else if let Some(rest) = comment.strip_prefix("scenario-file:") {
            h.scenario_file = Some(rest.trim().to_string());
        } else if comment == "run: simulate" {
            h.simulate = true;
        }
    }
    Ok(h)
}

fn actual_of(d: &Diagnostic) -> Expected {
    Expected {
        line: d.line,
        column: d.column,
        code: d.code.to_string(),
        severity: severity_name(d.severity).to_string(),
    }
}

fn diagnostics_of(path: &Path, input: &str, h: &Header) -> Result<Vec<Diagnostic>, String> {
    let mut options = Options::default();
    if let Some(f) = &h.scenario_file {
        let p = path.with_file_name(f);
        options.scenario = Some(std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?);
    }
    let run = |input: &str| {
        if h.simulate {
            simulate(input, &options).diagnostics
        } else {
            lint(input, &options)
        }
    };
    let d = run(input);
    if d != run(input) {
        return Err("the same input gave two different lists of diagnostics (not deterministic)".into());
    }
    Ok(d)
}

fn show(d: &[Diagnostic]) -> String {
    let mut s = String::new();
    for x in d {
        s.push_str(&format!(
            "  # expect: {}\n      message: {}\n      hint: {}\n",
            actual_of(x),
            x.message,
            x.hint.as_deref().unwrap_or("(none)")
        ));
    }
    if s.is_empty() {
        s.push_str("  (none)\n");
    }
    s
}

fn check(path: &Path, code: &str, raises: bool) -> Result<(), Failed> {
    let input = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if raises && !input.starts_with("# expect: ") {
        return Err("a raises file must start with a \"# expect: CODE SEVERITY LINE:COLUMN\" line".into());
    }
    let h = parse_header(&input)?;
    if raises && !h.expected.iter().any(|e| e.code == code) {
        return Err(format!("a raises file must expect its own code {code}").into());
    }
    if !raises {
        if let Some(e) = h.expected.iter().find(|e| e.severity != "info") {
            return Err(format!("a clean file may only expect infos, not {e}").into());
        }
    }
    let diags = diagnostics_of(path, &input, &h)?;
    let mut problems = Vec::new();
    for d in &diags {
        if d.message.trim().is_empty() {
            problems.push(format!("{} has no message", actual_of(d)));
        }
        if d.severity != Severity::Info && d.hint.as_deref().is_none_or(|h| h.trim().is_empty()) {
            problems.push(format!(
                "{} is a{} without a hint",
                actual_of(d),
                if d.severity == Severity::Error { "n error" } else { " warning" }
            ));
        }
        if d.hint.as_deref().is_some_and(|h| h.contains('\n')) || d.message.contains('\n') {
            problems.push(format!("{}: message and hint must be one line each", actual_of(d)));
        }
    }
    let mut actual: Vec<Expected> = diags.iter().map(actual_of).collect();
    let mut expected = h.expected.clone();
    actual.sort();
    expected.sort();
    if actual != expected {
        let missing: Vec<String> = expected.iter().filter(|e| !actual.contains(e)).map(|e| e.to_string()).collect();
        let extra: Vec<String> = actual.iter().filter(|a| !expected.contains(a)).map(|a| a.to_string()).collect();
        problems.push(format!(
            "diagnostics differ from the # expect: lines\n  missing: {}\n  unexpected: {}\nactual diagnostics:\n{}",
            if missing.is_empty() { "(none)".to_string() } else { missing.join(", ") },
            if extra.is_empty() { "(none)".to_string() } else { extra.join(", ") },
            show(&diags)
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

/// Every diagnostic code (`diagnostics::Code::ALL`), so that a new code cannot be added without a
/// catalogue entry.
fn all_codes() -> Vec<String> {
    hooksim_engine::diagnostics::Code::ALL.iter().map(|c| c.as_str().to_string()).collect()
}

fn check_catalogue(dir: &Path, docs: &Path, codes: &[String], files: &[PathBuf]) -> Result<(), Failed> {
    let names: BTreeSet<String> =
        files.iter().filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_string)).collect();
    let mut problems = Vec::new();
    for c in codes {
        for suffix in ["raises", "clean"] {
            if !names.contains(&format!("{c}.{suffix}.yaml")) {
                problems.push(format!("{} is missing", dir.join(format!("{c}.{suffix}.yaml")).display()));
            }
        }
    }
    for n in &names {
        let code = n.split('.').next().unwrap_or("");
        if !codes.iter().any(|c| c == code) {
            problems.push(format!("{n}: {code} is not a code of diagnostics::codes"));
        }
        if let Some(stem) = n.strip_suffix(".raises.yaml") {
            if !names.contains(&format!("{stem}.clean.yaml")) {
                problems.push(format!("{n} has no {stem}.clean.yaml"));
            }
        }
    }
    match std::fs::read_to_string(docs) {
        Ok(doc) => {
            for c in codes {
                if !doc.contains(&format!("| `{c}` |")) {
                    problems.push(format!("{} has no table row for `{c}`", docs.display()));
                }
            }
        }
        Err(e) => problems.push(format!("{}: {e}", docs.display())),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

fn main() {
    let args = Arguments::from_args();
    let engine = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    let repo = engine.join("../..");
    let dir = repo.join("tests/diagnostics");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    files.retain(|p| {
        let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        n.ends_with(".raises.yaml") || n.ends_with(".clean.yaml")
    });
    files.sort();
    let codes = all_codes();
    let mut trials = Vec::new();
    {
        let (dir, docs, codes, files) = (dir.clone(), repo.join("docs/diagnostics.md"), codes.clone(), files.clone());
        trials.push(Trial::test("catalogue/every-code-has-a-pair-and-a-doc-row", move || {
            check_catalogue(&dir, &docs, &codes, &files)
        }));
    }
    for p in files {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        let stem = name.strip_suffix(".yaml").unwrap_or(&name).to_string();
        let code = name.split('.').next().unwrap_or("").to_string();
        let raises = name.ends_with(".raises.yaml");
        trials.push(Trial::test(stem, move || check(&p, &code, raises)));
    }
    libtest_mimic::run(&args, trials).exit();
}
