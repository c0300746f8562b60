//! A scenario given apart from the manifests (`--scenario FILE`, the wasm API's `scenario`): read
//! by the same stream reader, with the same limits and diagnostics, as a Scenario document in the
//! manifests (issue 16, item 9: a scenario file over 4 MiB was ignored silently, two Scenarios and
//! a YAML error gave no diagnostic, an alias bomb was a `yaml-syntax` error without a line).
//!
//! Its diagnostics point into the scenario, not into the manifests: they are unlocated, and say
//! where they stand in the scenario in their hint.

use crate::common::diagnostics::Diagnostic;
use crate::input::manifest;
use crate::input::yaml::{self, Node};

/// The scenario of `text` (its `kind: Scenario` document, or else its first document as it is,
/// since a scenario file may leave out apiVersion and kind) and the diagnostics of reading it.
/// `total`: the size of the whole file when only its beginning was read.
pub fn read(text: &str, total: Option<usize>) -> (Option<Node>, Vec<Diagnostic>) {
    let text = yaml::normalize(text);
    let text: &str = &text;
    let stream = yaml::read_stream_sized(text, total);
    let read = manifest::documents_before_cut(&stream);
    let lines = std::cell::OnceCell::new();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let (mut scenario, mut first) = (None, None);
    for doc in stream.documents {
        diags.extend(doc.duplicate_keys.iter().map(manifest::duplicate_key));
        match doc.root {
            Err(e) => diags.push(manifest::document_error(text, &lines, &e, doc.first_line, doc.last_line)),
            Ok(root) if manifest::is_scenario(&root) => match scenario {
                Some(_) => diags.push(manifest::scenario_duplicate(&root)),
                None => scenario = Some(root),
            },
            Ok(root) => {
                first.get_or_insert(root);
            }
        }
    }
    if let Some(cut) = stream.cut {
        diags.push(manifest::cut_diagnostic(&cut, read));
    }
    let diags = diags.into_iter().map(in_the_scenario).collect();
    (scenario.or(first), diags)
}

/// A diagnostic of the scenario file, moved out of the manifests' lines.
fn in_the_scenario(mut d: Diagnostic) -> Diagnostic {
    d.message = format!("scenario: {}", d.message);
    let at = match (d.line.take(), d.column.take()) {
        (Some(l), Some(c)) => format!("at line {l}, column {c} of the scenario"),
        _ => "in the scenario".to_string(),
    };
    d.hint = Some(match d.hint {
        Some(h) => format!("{at}: {h}"),
        None => at,
    });
    d
}

#[cfg(test)]
mod tests {
    use crate::sim::{simulate, Options};

    fn codes(input: &str, scenario: &str) -> Vec<String> {
        let opts = Options { scenario: Some(scenario.to_string()), ..Options::default() };
        simulate(input, &opts).diagnostics.into_iter().map(|d| d.code.to_string()).collect()
    }

    const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n";

    #[test]
    fn a_scenario_over_the_size_limit_says_so() {
        let mut s = String::from("outcomes:\n  ConfigMap/cm: {applyError: denied}\nfiller:\n");
        while s.len() < 4_300_000 {
            s.push_str(
                "  - xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            );
        }
        let c = codes(CM, &s);
        assert!(c.contains(&"limit-exceeded".to_string()), "{c:?}");
    }

    #[test]
    fn two_scenarios_and_a_yaml_error_are_reported() {
        let s = "apiVersion: hooksim/v1\nkind: Scenario\n---\napiVersion: hooksim/v1\nkind: Scenario\n---\na: [\n";
        let c = codes(CM, s);
        assert!(c.contains(&"scenario-duplicate".to_string()) && c.contains(&"yaml-syntax".to_string()), "{c:?}");
    }

    #[test]
    fn an_alias_bomb_in_the_scenario_is_a_limit_as_in_the_stream() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..7 {
            s.push_str(&format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 10].join(", ")));
        }
        let opts = Options { scenario: Some(s), ..Options::default() };
        let r = simulate(CM, &opts);
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.code == crate::common::diagnostics::codes::LIMIT_EXCEEDED)
            .expect("limit-exceeded");
        assert!(d.hint.as_deref().unwrap_or("").contains("line 5"), "{d:?}");
    }
}
