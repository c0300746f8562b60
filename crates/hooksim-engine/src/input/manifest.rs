//! Manifests: the objects of the input stream, with the identity Argo CD gives them and the
//! annotations it reads. `kind: List` is unfolded; the `hooksim/v1` Scenario document is set
//! aside.

use std::collections::HashMap;

use crate::common::diagnostics::{codes, Diagnostic, Pos};
use crate::input::annotations::{self, Annotations};
use crate::input::yaml::{self, Node, Value};

/// One Kubernetes object of the input.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub node: Node,
    pub api_version: String,
    /// API group: "" for the core group, "batch" for `batch/v1`.
    pub group: String,
    pub kind: String,
    /// `metadata.name`, empty when only `generateName` is set.
    pub name: String,
    pub generate_name: Option<String>,
    /// `metadata.namespace`, None when not written (Argo CD then uses the app's, R24).
    pub namespace: Option<String>,
    pub ann: Annotations,
    /// `Kind/name` or `Kind/generateName`: the selector of contract.md §1.
    pub selector: String,
    /// Where the object starts, and the lines of its document.
    pub pos: Pos,
    pub first_line: usize,
    pub last_line: usize,
}

impl Manifest {
    /// kubectl's name of the object's type, as in `job.batch/x created`.
    pub fn kubectl_type(&self) -> String {
        kubectl_type(&self.kind, &self.group)
    }
}

pub fn kubectl_type(kind: &str, group: &str) -> String {
    if group.is_empty() {
        kind.to_ascii_lowercase()
    } else {
        format!("{}.{}", kind.to_ascii_lowercase(), group)
    }
}

/// The group of an apiVersion: `apps/v1` → `apps`, `v1` → "".
pub fn group_of(api_version: &str) -> String {
    match api_version.rsplit_once('/') {
        Some((g, _)) => g.to_string(),
        None => String::new(),
    }
}

/// The input stream, read.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub manifests: Vec<Manifest>,
    /// The embedded `kind: Scenario` document, if any (the first one).
    pub scenario: Option<Node>,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the first object past [`MAX_OBJECTS`] stands, if any.
    pub objects_cut: Option<Pos>,
    /// Objects looked at, those left out for an error included.
    pub objects_read: usize,
    /// The first manifest document Argo CD could not decode (R67): its manifest generation fails.
    pub undecodable: Option<Undecodable>,
}

/// A manifest document with a YAML syntax error that fails Argo CD's manifest generation (R67).
#[derive(Debug, Clone, PartialEq)]
pub struct Undecodable {
    /// The error's line counted from the document's first line (as Kubernetes' YAML decoder,
    /// which reads one document at a time, counts it).
    pub line_in_document: usize,
    /// The YAML reader's description of the error.
    pub message: String,
}

pub const SCENARIO_API_VERSION: &str = "hooksim/v1";

/// Objects (documents and `kind: List` items) that are simulated; later ones are left out. A
/// `kind: List` of 100,000 items fits in the input size limit: this bounds the simulation's cost.
pub const MAX_OBJECTS: usize = yaml::MAX_DOCUMENTS;

/// A key written twice in one mapping: the API server's decoder keeps the last one, and so does
/// hooksim (issue 16, item 11).
pub fn duplicate_key(d: &yaml::DuplicateKey) -> Diagnostic {
    Diagnostic::warning(
        codes::DUPLICATE_KEY,
        format!(
            "the key \"{}\" is written twice in this mapping (first at line {}): the last one wins, as in Kubernetes",
            d.key, d.first.line
        ),
    )
    .at(Some(d.pos))
    .hint("remove one of the two: Argo CD keeps the last one, which a reader of the file may not expect")
}

/// Reads the stream: every document becomes manifests or the scenario, or a diagnostic.
pub fn read(input: &str) -> Input {
    read_sized(input, None)
}

/// [`read`] of the beginning of a larger input of `total` bytes (the CLI reads no more than the
/// size limit; `usize::MAX` when the size is not known, as for standard input).
pub fn read_sized(input: &str, total: Option<usize>) -> Input {
    let mut out = Input::default();
    let input = yaml::normalize(input);
    let input: &str = &input;
    not_utf8(input, &mut out.diagnostics);
    let stream = yaml::read_stream_sized(input, total);
    let read = documents_before_cut(&stream);
    // The input's lines, split once for all the syntax errors that need them.
    let lines: std::cell::OnceCell<Vec<&str>> = std::cell::OnceCell::new();
    // R67: Argo CD fails the whole manifest generation on a document it cannot decode when an
    // object was decoded before it, or when the file looks like Kubernetes manifests.
    let mut decoded_before = false;
    let looks_like_manifests = || ["apiVersion:", "kind:", "metadata:"].iter().all(|w| input.contains(w));
    for doc in stream.documents {
        out.diagnostics.extend(doc.duplicate_keys.iter().map(duplicate_key));
        let root = match doc.root {
            Ok(root) => root,
            Err(e) => {
                let all = lines.get_or_init(|| input.lines().collect());
                let text = all.get(doc.first_line.saturating_sub(1)..doc.last_line.min(all.len())).unwrap_or(&[]);
                let scenario = text.iter().any(|l| l.contains(SCENARIO_API_VERSION));
                let fatal = !e.limit && !scenario && (decoded_before || looks_like_manifests());
                let mut d = document_error(input, &lines, &e, doc.first_line, doc.last_line);
                if fatal && out.undecodable.is_none() {
                    let at = d.line.unwrap_or(doc.first_line);
                    // Kubernetes' reader drops the `---` line that opens a document.
                    let marker = text.first().is_some_and(|l| l.trim_end() == "---");
                    out.undecodable = Some(Undecodable {
                        line_in_document: at.saturating_sub(doc.first_line) + usize::from(!marker),
                        message: e.message.clone(),
                    });
                    d.hint = Some(format!(
                        "Argo CD cannot generate the manifests from this input: every sync ends in Error \
                         (ComparisonError) and no automated sync starts until this document (lines {}–{}) is fixed (R67)",
                        doc.first_line, doc.last_line
                    ));
                }
                out.diagnostics.push(d);
                continue;
            }
        };
        decoded_before = true;
        if is_scenario(&root) {
            if out.scenario.is_some() {
                out.diagnostics.push(scenario_duplicate(&root));
            } else {
                out.scenario = Some(root);
            }
            continue;
        }
        read_object(root, doc.first_line, doc.last_line, &mut out);
    }
    if let Some(cut) = stream.cut {
        out.diagnostics.push(cut_diagnostic(&cut, read));
    }
    dedupe(&mut out);
    out
}

/// The documents read before the stream's cut.
pub(crate) fn documents_before_cut(stream: &yaml::Stream) -> usize {
    let cut_line = stream.cut.as_ref().map(|c| c.line);
    stream.documents.iter().filter(|d| cut_line.is_none_or(|l| d.first_line < l)).count()
}

pub(crate) fn is_scenario(root: &Node) -> bool {
    root.get("kind").and_then(Node::as_str) == Some("Scenario")
        && root.get("apiVersion").and_then(Node::as_str) == Some(SCENARIO_API_VERSION)
}

pub(crate) fn scenario_duplicate(root: &Node) -> Diagnostic {
    Diagnostic::error(codes::SCENARIO_DUPLICATE, "a second kind: Scenario document: only the first one is used")
        .at(Some(root.pos))
        .hint("merge the two into one Scenario document")
}

/// A document left out: a syntax error, or one of hooksim's limits (`limit-exceeded`).
pub(crate) fn document_error<'a>(
    input: &'a str,
    lines: &std::cell::OnceCell<Vec<&'a str>>,
    e: &yaml::SyntaxError,
    first_line: usize,
    last_line: usize,
) -> Diagnostic {
    let left_out =
        format!("this document (lines {first_line}–{last_line}) is left out; the others are still simulated");
    if e.limit {
        return Diagnostic::error(
            codes::LIMIT_EXCEEDED,
            format!("this document exceeds a limit of hooksim: {}", e.message),
        )
        .at(Some(e.pos))
        .hint(left_out);
    }
    let lines = lines.get_or_init(|| input.lines().collect());
    Diagnostic::error(codes::YAML_SYNTAX, format!("YAML syntax error: {}", e.message))
        .at(Some(within_document(lines, e.pos, first_line, last_line)))
        .hint(left_out)
}

/// A stream limit was reached: what was not read.
pub(crate) fn cut_diagnostic(cut: &yaml::Cut, read: usize) -> Diagnostic {
    let what = match cut.limit {
        yaml::StreamLimit::Bytes { bytes: usize::MAX } => {
            format!("the input is more than the {} bytes that hooksim reads (4 MiB)", yaml::MAX_INPUT_BYTES)
        }
        yaml::StreamLimit::Bytes { bytes } => {
            format!("the input is {bytes} bytes, more than the {} that hooksim reads (4 MiB)", yaml::MAX_INPUT_BYTES)
        }
        yaml::StreamLimit::Documents => format!(
            "the input has more than {} documents, the most hooksim reads (a Scenario document among the others is still read)",
            yaml::MAX_DOCUMENTS
        ),
        yaml::StreamLimit::Values => format!(
            "the input holds more than {} values in all (the copies anchors and aliases make included), or its documents make hooksim parse more than {} (those left out for an error included), the most hooksim reads",
            yaml::MAX_NODES,
            yaml::MAX_PARSED_NODES
        ),
    };
    Diagnostic::error(
        codes::LIMIT_EXCEEDED,
        format!("{what}: the documents from line {} on are not read; the {read} before are simulated", cut.line),
    )
    .at(Some(Pos { line: cut.line, column: 1 }))
    .hint("simulate the part of the application you are looking at, or split it in several inputs")
}

/// U+FFFD, the replacement character: what the CLI (lossy UTF-8) and the browser (TextDecoder) put
/// in place of bytes that are not UTF-8. The engine sees text, so it cannot tell such bytes from a
/// U+FFFD written on purpose: a warning at the first one, and the rest is read as it is.
fn not_utf8(input: &str, diags: &mut Vec<Diagnostic>) {
    let Some(offset) = input.find('\u{fffd}') else { return };
    let before = &input[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let lines = input.lines().filter(|l| l.contains('\u{fffd}')).count();
    diags.push(
        Diagnostic::warning(
            codes::NOT_UTF8,
            format!(
                "U+FFFD (\u{fffd}) on {lines} line(s): the replacement character stands for bytes that are not UTF-8. If the file has such bytes (Latin-1 or Windows-1252 text), Kubernetes' YAML reader rejects it (\"invalid leading UTF-8 octet\") and Argo CD cannot load the manifests; hooksim reads them as U+FFFD"
            ),
        )
        .at(Some(Pos { line, column }))
        .hint("save the file as UTF-8, e.g. iconv -f latin1 -t utf-8 file.yaml"),
    );
}

/// The parser finds some errors (an unclosed bracket or quote) only at the end of the document,
/// after its last line: point at the end of the last line written instead.
fn within_document(lines: &[&str], pos: Pos, first_line: usize, last_line: usize) -> Pos {
    if pos.line <= last_line {
        return pos;
    }
    (first_line..=last_line.min(lines.len()))
        .rev()
        .map(|n| (n, lines[n - 1].trim_end()))
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(n, l)| Pos { line: n, column: l.chars().count() + 1 })
        .unwrap_or(pos)
}

fn read_object(root: Node, first_line: usize, last_line: usize, out: &mut Input) {
    if !matches!(root.value, Value::Map(_)) {
        out.diagnostics.push(
            Diagnostic::error(
                codes::NOT_A_MAPPING,
                format!("this document is {}, not a Kubernetes object", root.type_name()),
            )
            .at(Some(root.pos))
            .hint("every document must be a mapping with apiVersion, kind and metadata"),
        );
        return;
    }
    let kind = root.get("kind").and_then(Node::as_str).unwrap_or("").to_string();
    // kind: List (and FooList with items) is unfolded, as kubectl does.
    if kind.ends_with("List") {
        if let Some(items) = root.get("items") {
            match items.as_seq() {
                Some(items) => {
                    for item in items {
                        if out.objects_cut.is_some() {
                            break; // the later items are left out (MAX_OBJECTS), already said
                        }
                        read_object(item.clone(), item.pos.line, last_line, out);
                    }
                }
                None if items.is_null() => {}
                None => out.diagnostics.push(
                    Diagnostic::error(
                        codes::WRONG_TYPE,
                        format!("items is {}, expected a list: the {kind} is left out", items.type_name()),
                    )
                    .at(Some(items.pos))
                    .hint("write items as a list of objects (- apiVersion: ...)"),
                ),
            }
            return;
        }
    }
    // Objects left out for an error count too: a List of 100,000 items without apiVersion made
    // 100,000 diagnostics, and 2.8 s in the wasm (issue 16, item 6).
    out.objects_read += 1;
    if out.manifests.len() == MAX_OBJECTS || out.objects_read > MAX_OBJECTS {
        if out.objects_cut.is_none() {
            out.objects_cut = Some(root.pos);
            out.diagnostics.push(
                Diagnostic::error(
                    codes::LIMIT_EXCEEDED,
                    format!(
                        "more than {MAX_OBJECTS} objects (documents and kind: List items), the most hooksim simulates: this one and the later ones are left out; the first {MAX_OBJECTS} are simulated"
                    ),
                )
                .at(Some(root.pos))
                .hint("simulate the part of the application you are looking at, or split it in several inputs"),
            );
        }
        return;
    }
    let api_version = match root.get("apiVersion") {
        Some(n) => match n.as_str() {
            Some(s) => s.to_string(),
            None => {
                out.diagnostics.push(
                    Diagnostic::error(
                        codes::WRONG_TYPE,
                        format!("apiVersion is {}, expected a string: the object is left out", n.type_name()),
                    )
                    .at(Some(n.pos))
                    .hint("write it as a string, such as v1, apps/v1 or batch/v1"),
                );
                return;
            }
        },
        None => {
            out.diagnostics.push(
                Diagnostic::error(
                    codes::MISSING_API_VERSION,
                    "this object has no apiVersion: Kubernetes cannot tell its type and Argo CD cannot apply it; it is left out",
                )
                .at(Some(root.pos))
                .hint("add apiVersion (v1 for ConfigMap, Service, Pod; apps/v1 for Deployment; batch/v1 for Job)"),
            );
            return;
        }
    };
    if kind.is_empty() {
        let pos = root.get("kind").map(|n| n.pos).unwrap_or(root.pos);
        out.diagnostics.push(
            Diagnostic::error(
                codes::MISSING_KIND,
                "this object has no kind (or it is not a string): Argo CD cannot read it (\"Object 'Kind' is missing\") and fails to load the manifests; hooksim leaves it out",
            )
            .at(Some(pos))
            .hint("add kind, such as ConfigMap, Deployment or Job"),
        );
        return;
    }
    let meta = root.get("metadata");
    let meta = match meta {
        Some(m) if matches!(m.value, Value::Map(_)) => m,
        Some(m) => {
            out.diagnostics.push(
                Diagnostic::error(
                    codes::WRONG_TYPE,
                    format!("metadata is {}, expected a mapping: the object is left out", m.type_name()),
                )
                .at(Some(m.pos))
                .hint("write metadata as a mapping with at least a name"),
            );
            return;
        }
        None => {
            out.diagnostics.push(
                Diagnostic::error(codes::MISSING_NAME, format!("{kind} has no metadata, so no name: it is left out"))
                    .at(Some(root.pos))
                    .hint("add metadata.name (or metadata.generateName for a hook)"),
            );
            return;
        }
    };
    let text = |key: &str, out: &mut Input| -> Option<String> {
        let n = meta.get(key)?;
        match &n.value {
            Value::Str(s) => Some(s.clone()),
            Value::Null => None,
            _ => {
                out.diagnostics.push(
                    Diagnostic::error(
                        codes::WRONG_TYPE,
                        format!(
                            "metadata.{key} is {}, expected a string: the API server rejects the object",
                            n.type_name()
                        ),
                    )
                    .at(Some(n.pos))
                    .hint(match n.scalar_text() {
                        Some(t) => format!("quote it: {key}: \"{t}\""),
                        None => format!("write metadata.{key} as a string"),
                    }),
                );
                None
            }
        }
    };
    let reported = out.diagnostics.len();
    let name = text("name", out).unwrap_or_default();
    let generate_name = text("generateName", out).filter(|g| !g.is_empty());
    let name_wrong_type = out.diagnostics.len() > reported;
    let namespace = text("namespace", out).filter(|n| !n.is_empty());
    if name.is_empty() && generate_name.is_none() && name_wrong_type {
        // The wrong-type error already says why: the object is left out without a second error.
        return;
    }
    if name.is_empty() && generate_name.is_none() {
        // At the empty name when it is written, else at the metadata key.
        let at = root
            .entry("metadata")
            .and_then(|(_, m)| m.entry("name").or(m.entry("generateName")))
            .or(root.entry("metadata"))
            .map(|(k, _)| k.pos);
        out.diagnostics.push(
            Diagnostic::error(
                codes::MISSING_NAME,
                format!("{kind} has neither metadata.name nor metadata.generateName: Argo CD cannot apply it (\"resource name may not be empty\"); it is left out"),
            )
            .at(at)
            .hint("set metadata.name (generateName works only on hooks)"),
        );
        return;
    }
    let selector = format!("{kind}/{}", if name.is_empty() { generate_name.as_deref().unwrap_or("") } else { &name });
    let ann = annotations::parse(meta.get("annotations"), &selector, &mut out.diagnostics);
    out.manifests.push(Manifest {
        group: group_of(&api_version),
        api_version,
        kind,
        name,
        generate_name,
        namespace,
        ann,
        selector,
        pos: root.pos,
        first_line,
        last_line,
        node: root,
    });
}

/// The same object twice: Argo CD keeps one (the last) and warns.
fn dedupe(out: &mut Input) {
    let mut keep = vec![true; out.manifests.len()];
    // The next manifest with the same identity, found from the end in one pass (a 10,000-object
    // stream must not cost 50 million comparisons).
    let mut next: Vec<Option<usize>> = vec![None; out.manifests.len()];
    let mut last_seen: HashMap<(usize, &str, &str, &str, Option<&str>), usize> = HashMap::new();
    // A35: each child Application's manifests (after an `AppManifests` document) are its own.
    let mut segment = out.manifests.iter().filter(|m| m.api_version == SCENARIO_API_VERSION).count();
    for (i, a) in out.manifests.iter().enumerate().rev() {
        if a.api_version == SCENARIO_API_VERSION {
            segment -= 1;
        }
        if a.name.is_empty() {
            continue;
        }
        let key = (segment, a.group.as_str(), a.kind.as_str(), a.name.as_str(), a.namespace.as_deref());
        next[i] = last_seen.insert(key, i);
    }
    for (i, a) in out.manifests.iter().enumerate() {
        if let Some(b) = next[i].map(|j| &out.manifests[j]) {
            keep[i] = false;
            out.diagnostics.push(
                Diagnostic::warning(
                    codes::DUPLICATE_OBJECT,
                    format!(
                        "{} appears more than once: Argo CD uses the last one (line {}) and shows a RepeatedResourceWarning",
                        a.selector, b.pos.line
                    ),
                )
                .at(Some(a.pos))
                .reference(a.selector.clone())
                .hint("remove one of them, or give them distinct names or namespaces"),
            );
        }
    }
    let mut i = 0;
    out.manifests.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_objects_lists_and_the_scenario() {
        let input = "\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: a}
- apiVersion: batch/v1
  kind: Job
  metadata: {generateName: job-}
---
apiVersion: hooksim/v1
kind: Scenario
---
kind: Service
---
- just
- a list
";
        let inp = read(input);
        assert_eq!(inp.manifests.len(), 2);
        assert_eq!(inp.manifests[0].selector, "ConfigMap/a");
        assert_eq!(inp.manifests[1].selector, "Job/job-");
        assert_eq!(inp.manifests[1].group, "batch");
        assert_eq!(inp.manifests[1].kubectl_type(), "job.batch");
        assert!(inp.scenario.is_some());
        let codes: Vec<_> = inp.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![codes::MISSING_API_VERSION, codes::NOT_A_MAPPING]);
        assert_eq!(inp.diagnostics[1].line, Some(16));
    }

    #[test]
    fn duplicates_keep_the_last() {
        let input = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n";
        let inp = read(input);
        assert_eq!(inp.manifests.len(), 1);
        assert_eq!(inp.manifests[0].pos.line, 5);
        assert_eq!(inp.diagnostics[0].code, codes::DUPLICATE_OBJECT);
    }
}
