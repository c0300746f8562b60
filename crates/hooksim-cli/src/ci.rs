//! Diagnostics in the formats CI systems read (issue 14): SARIF 2.1.0 for code scanning, GitHub
//! workflow commands (annotations on the changed lines), and JUnit XML. Each diagnostic points
//! into the file it was found in: the engine's lines are lines of the joined stream, mapped back
//! through [`Stream::locate`].

use std::collections::BTreeMap;

use hooksim_engine::{Diagnostic, Severity};
use quick_xml::events::{BytesCData, BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use serde_json::{json, Value};

use crate::read::{Stream, STDIN};

/// The diagnostics catalogue (docs/diagnostics.md): its table rows give each rule's description.
const CATALOGUE: &str = include_str!("../../../docs/diagnostics.md");

/// A diagnostic's place: the file (`None` for standard input or an unlocated diagnostic), its
/// 1-based line and column in that file.
pub struct Place<'a> {
    pub file: Option<&'a str>,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

pub fn place<'a>(d: &Diagnostic, stream: &'a Stream) -> Place<'a> {
    let Some(line) = d.line else { return Place { file: None, line: None, column: None } };
    match stream.locate(line) {
        Some((name, l)) => Place { file: (name != STDIN).then_some(name), line: Some(l), column: d.column },
        None => Place { file: None, line: Some(line), column: d.column },
    }
}

/// One row of the catalogue: when the code is raised, and what Argo CD / Kubernetes does.
struct Rule {
    when: String,
    does: String,
}

fn catalogue() -> BTreeMap<&'static str, Rule> {
    let mut out = BTreeMap::new();
    for row in CATALOGUE.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
        if let [code, _severity, when, does, ..] = cells[..] {
            let code = code.trim_matches('`');
            out.entry(code).or_insert(Rule { when: when.to_string(), does: does.to_string() });
        }
    }
    out
}

/// Markdown table cells as plain text: no backticks.
fn plain(s: &str) -> String {
    s.replace('`', "")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative file name as a URI reference: `%`, spaces and the characters URIs reserve are
/// percent-encoded, `/` is kept.
fn uri(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The diagnostics as one SARIF 2.1.0 log: one run of the `hooksim` driver, a rule per code
/// used (with the catalogue's description), a result per diagnostic.
pub fn sarif(diags: &[Diagnostic], stream: &Stream) -> String {
    let rules_known = catalogue();
    let mut ids: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let rules: Vec<Value> = ids
        .iter()
        .map(|id| {
            let mut r = json!({ "id": id, "name": id });
            if let Some(known) = rules_known.get(id) {
                r["shortDescription"] = json!({ "text": plain(&known.when) });
                r["fullDescription"] = json!({ "text": plain(&known.does) });
                r["help"] = json!({ "text": plain(&known.does), "markdown": known.does });
            }
            r
        })
        .collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(h) = &d.hint {
                text.push_str(&format!(" (hint: {h})"));
            }
            let index = ids.iter().position(|id| *id == d.code.as_str()).unwrap_or(0);
            let mut r = json!({
                "ruleId": d.code,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": { "text": text },
            });
            let p = place(d, stream);
            if let (Some(file), Some(line)) = (p.file, p.line) {
                let mut region = json!({ "startLine": line.max(1) });
                if let Some(c) = p.column {
                    region["startColumn"] = json!(c.max(1));
                }
                r["locations"] = json!([{
                    "physicalLocation": { "artifactLocation": { "uri": uri(file) }, "region": region }
                }]);
            }
            if let Some(obj) = &d.reference {
                r["properties"] = json!({ "ref": obj });
            }
            r
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "hooksim",
                "semanticVersion": hooksim_engine::VERSION,
                "rules": rules,
            }},
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

/// GitHub's escaping of a workflow command's message.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// GitHub's escaping of a workflow command's property value.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The diagnostics as GitHub workflow commands: `::error file=…,line=…,col=…,title=code::message`
/// (infos as `::notice`), which GitHub Actions shows as annotations on the files.
pub fn github(diags: &[Diagnostic], stream: &Stream) -> String {
    let mut out = String::new();
    for d in diags {
        let cmd = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let p = place(d, stream);
        let mut props = Vec::new();
        if let Some(f) = p.file {
            props.push(format!("file={}", gh_property(f)));
        }
        if let Some(l) = p.line {
            props.push(format!("line={l}"));
        }
        if let Some(c) = p.column {
            props.push(format!("col={c}"));
        }
        props.push(format!("title={}", gh_property(&format!("hooksim {}", d.code))));
        let mut msg = d.message.clone();
        if let Some(h) = &d.hint {
            msg.push_str(&format!("\nhint: {h}"));
        }
        out.push_str(&format!("::{cmd} {}::{}\n", props.join(","), gh_data(&msg)));
    }
    out
}

/// One JUnit test case: its name, class, and the failure (message, type, text) if it failed.
pub struct Case {
    pub name: String,
    pub class: String,
    pub failure: Option<(String, String, String)>,
}

/// JUnit XML: one `<testsuite>` named `suite` holding `cases`.
pub fn junit(suite: &str, cases: &[Case]) -> String {
    let failures = cases.iter().filter(|c| c.failure.is_some()).count();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail.
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let (n, f) = (cases.len().to_string(), failures.to_string());
    let attrs = [("name", suite), ("tests", n.as_str()), ("failures", f.as_str()), ("errors", "0")];
    let _ = w.write_event(Event::Start(BytesStart::new("testsuites").with_attributes(attrs)));
    let _ = w.write_event(Event::Start(BytesStart::new("testsuite").with_attributes(attrs)));
    for c in cases {
        let start =
            BytesStart::new("testcase").with_attributes([("name", c.name.as_str()), ("classname", c.class.as_str())]);
        match &c.failure {
            None => {
                let _ = w.write_event(Event::Empty(start));
            }
            Some((message, ty, text)) => {
                let _ = w.write_event(Event::Start(start));
                let fail =
                    BytesStart::new("failure").with_attributes([("message", message.as_str()), ("type", ty.as_str())]);
                let _ = w.write_event(Event::Start(fail));
                // CDATA cannot hold "]]>": text with it is written escaped instead.
                if text.contains("]]>") {
                    let _ = w.write_event(Event::Text(BytesText::new(text)));
                } else {
                    let _ = w.write_event(Event::CData(BytesCData::new(text.as_str())));
                }
                let _ = w.write_event(Event::End(BytesEnd::new("failure")));
                let _ = w.write_event(Event::End(BytesEnd::new("testcase")));
            }
        }
    }
    let _ = w.write_event(Event::End(BytesEnd::new("testsuite")));
    let _ = w.write_event(Event::End(BytesEnd::new("testsuites")));
    String::from_utf8_lossy(&w.into_inner()).into_owned() + "\n"
}

/// Lint diagnostics as JUnit: a failing test case per error or warning (infos are left out, as
/// they fail nothing), named `file:line:col code`; a file without any is one passing case.
pub fn junit_lint(suite: &str, diags: &[Diagnostic], stream: &Stream) -> String {
    let mut cases = Vec::new();
    for d in diags.iter().filter(|d| d.severity != Severity::Info) {
        let p = place(d, stream);
        let file = p.file.unwrap_or(STDIN).to_string();
        let at = match (p.line, p.column) {
            (Some(l), Some(c)) => format!(":{l}:{c}"),
            (Some(l), None) => format!(":{l}"),
            _ => String::new(),
        };
        let mut text = format!("{file}{at}: {}", d.message);
        if let Some(h) = &d.hint {
            text.push_str(&format!("\nhint: {h}"));
        }
        let ty = if d.severity == Severity::Error { "error" } else { "warning" };
        cases.push(Case {
            name: format!("{file}{at} {}", d.code),
            class: format!("hooksim.{}", d.code),
            failure: Some((d.message.clone(), ty.to_string(), text)),
        });
    }
    let failing: Vec<String> = cases.iter().map(|c| c.name.split(':').next().unwrap_or("").to_string()).collect();
    let mut files: Vec<&str> = stream.files.iter().map(|(f, _)| f.as_str()).collect();
    files.dedup();
    for f in files {
        if !failing.iter().any(|x| x == f) {
            cases.push(Case { name: format!("{f} lint"), class: "hooksim.lint".into(), failure: None });
        }
    }
    junit(suite, &cases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_catalogue_row() {
        let c = catalogue();
        for code in ["hook-dropped", "scenario-unknown-key", "expect-invalid", "child-app-no-health"] {
            assert!(c.get(code).is_some_and(|r| !r.does.is_empty() && !r.when.is_empty()), "{code}");
        }
    }

    #[test]
    fn github_commands_escape_their_text() {
        assert_eq!(gh_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(gh_data("a,b:c"), "a,b:c");
        assert_eq!(uri("./my dir/a#b.yaml"), "my%20dir/a%23b.yaml");
    }

    #[test]
    fn junit_escapes_names_and_keeps_cdata_safe() {
        let x = junit(
            "s",
            &[Case {
                name: "a<b>&\"c\"".into(),
                class: "k".into(),
                failure: Some(("m<".into(), "error".into(), "x ]]> y".into())),
            }],
        );
        assert!(x.contains("name=\"a&lt;b&gt;&amp;&quot;c&quot;\""), "{x}");
        assert!(x.contains("x ]]&gt; y"), "{x}");
    }
}
