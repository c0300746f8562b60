//! The YAML stream as users paste it: documents with their line spans, and a small tree of nodes
//! that remember where they stand, so that every diagnostic can point at a line and column.
//!
//! Documents are split on `---`/`...` lines first, so that a broken document does not stop the
//! others from being read. Each one is then parsed with `saphyr-parser`'s event API. Aliases are
//! expanded with a budget, so an alias bomb ends in an error instead of a frozen tab.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::common::diagnostics::Pos;

mod keys;

pub use keys::DuplicateKey;
use keys::MapBuilder;

// Limits that keep one keystroke cheap whatever the input (README, "Limits"). The stream limits
// cut the stream between documents: what comes before the cut is read and simulated. The document
// limits leave that one document out, as a syntax error does.

/// Bytes of the stream that are read (4 MiB). The document that crosses the limit, and every
/// later one, is not read.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;
/// Documents of one stream that are read; later ones are not.
pub const MAX_DOCUMENTS: usize = 5_000;
/// Nesting of mappings and lists in one document.
pub const MAX_DEPTH: usize = 64;
/// Nodes one document may hold, the copies its anchors keep for their aliases included; the
/// whole stream may hold as many (its later documents are then not read), so that memory stays
/// bounded however the 4 MiB are split.
pub const MAX_NODES: usize = 1_000_000;
/// Nodes that aliases of one document may copy in all (a billion-laughs bomb stops here).
pub const MAX_ALIAS_NODES: usize = 100_000;
/// Nodes parsed in the whole stream, those of documents left out for an error (an alias bomb
/// stopped at [`MAX_ALIAS_NODES`]) and of documents looked at for the Scenario past
/// [`MAX_DOCUMENTS`] included: parsing them costs as much as keeping them (issue 16, items 3–4).
pub const MAX_PARSED_NODES: usize = 4 * MAX_NODES;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    /// A number that is not an i64 (a fraction, an exponent, an infinity, NaN, or an integer too
    /// large). Nothing reads its value, only that it is a number: not parsing it keeps Rust's
    /// float parser (about 8 KB) out of the playground's wasm.
    Float,
    /// A string; `quoted` is true for quoted and block scalars, which are never numbers.
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A YAML node and where it starts in the input stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    /// The scalar as written, for scalars (used by lints: `" 1"` vs `1`).
    pub raw: Option<String>,
    /// True when the scalar was written in quotes or as a block (`|`, `>`).
    pub quoted: bool,
}

impl Node {
    fn new(value: Value, pos: Pos) -> Node {
        Node { value, pos, raw: None, quoted: false }
    }

    /// The value for `key` when this node is a mapping with a string key `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key node and value node for `key`.
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// Follows a path of mapping keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        let mut n = self;
        for k in keys {
            n = n.get(k)?;
        }
        Some(n)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// A scalar as text, whatever its type (numbers and booleans as written).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Null => Some(String::new()),
            Value::Bool(_) | Value::Int(_) | Value::Float => self.raw.clone(),
            _ => None,
        }
    }

    /// What kind of YAML value this is, for "expected X, found Y" messages.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// Structural equality that ignores positions (for "unchanged" applies). Mappings compare as
    /// the API server decodes them: by key, in any order, the last of duplicated keys winning.
    /// Linear in the size of the nodes.
    pub fn same_as(&self, other: &Node) -> bool {
        match (&self.value, &other.value) {
            (Value::Seq(a), Value::Seq(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_as(y)),
            (Value::Map(a), Value::Map(b)) => {
                // The usual case: the same keys in the same order, one pass.
                if a.len() == b.len() && a.iter().zip(b).all(|((k, _), (k2, _))| k.same_as(k2)) {
                    return a.iter().zip(b).all(|((_, v), (_, v2))| v.same_as(v2));
                }
                let (a, b) = (map_by_key(a), map_by_key(b));
                a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|v2| v.same_as(v2)))
            }
            (a, b) => a == b,
        }
    }
}

/// A mapping's entries by key (the last of duplicated keys wins); keys that are not scalars keep
/// their place.
fn map_by_key(entries: &[(Node, Node)]) -> HashMap<(u8, String), &Node> {
    entries
        .iter()
        .enumerate()
        .map(|(i, (k, v))| {
            let key = match (&k.value, k.scalar_text()) {
                (Value::Str(_), Some(t)) => (0, t),
                (Value::Seq(_) | Value::Map(_), _) => (2, i.to_string()),
                (_, Some(t)) => (1, t),
                (_, None) => (2, i.to_string()),
            };
            (key, v)
        })
        .collect()
}

/// One document of the stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// 0-based index among the non-empty documents of the stream.
    pub index: usize,
    /// First and last 1-based line of the document's text.
    pub first_line: usize,
    pub last_line: usize,
    /// The parsed root, or the syntax error.
    pub root: Result<Node, SyntaxError>,
    /// Keys written twice in one mapping (the last one wins).
    pub duplicate_keys: Vec<DuplicateKey>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub pos: Pos,
    /// True when the document is valid as far as it was read but exceeds one of hooksim's limits
    /// (depth, nodes, aliases): a `limit-exceeded` diagnostic rather than a `yaml-syntax` one.
    pub limit: bool,
}

impl SyntaxError {
    fn limit(message: String, pos: Pos) -> SyntaxError {
        SyntaxError { message, pos, limit: true }
    }
}

/// The stream, read up to the stream limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    pub documents: Vec<Document>,
    /// Where reading stopped, when a stream limit was reached.
    pub cut: Option<Cut>,
}

/// A stream limit was reached: the documents from `line` on are not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    pub limit: StreamLimit,
    /// First 1-based line that is not read.
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamLimit {
    /// [`MAX_INPUT_BYTES`]; `bytes` is the size of the whole input (`usize::MAX`: not known).
    Bytes { bytes: usize },
    /// [`MAX_DOCUMENTS`].
    Documents,
    /// [`MAX_NODES`] in all the documents read.
    Values,
}

/// Splits a stream into its documents and parses each. Empty documents (only comments or
/// blank lines) are left out. What lies past a stream limit is silently left out: use
/// [`read_stream`] to know.
pub fn parse_stream(input: &str) -> Vec<Document> {
    read_stream(input).documents
}

/// Splits a stream into its documents and parses each, up to [`MAX_INPUT_BYTES`] and
/// [`MAX_DOCUMENTS`]. Empty documents (only comments or blank lines) are left out.
pub fn read_stream(input: &str) -> Stream {
    read_stream_sized(input, None)
}

/// [`read_stream`] of the beginning of a larger input of `total` bytes (`usize::MAX`: larger, of
/// a size not known), as the CLI reads it: it reads no more than the limit and a little more.
pub fn read_stream_sized(input: &str, total: Option<usize>) -> Stream {
    let input = normalize(input);
    let input: &str = &input;
    let total = total.unwrap_or(0).max(input.len());
    let mut cut = None;
    let mut chunks = if total > MAX_INPUT_BYTES {
        // Only whole documents within the limit are read: split the part within the limit, and
        // keep its last chunk only when the next document starts right at the limit.
        let mut end = MAX_INPUT_BYTES.min(input.len());
        while !input.is_char_boundary(end) {
            end -= 1;
        }
        let mut chunks = split_documents(&input[..end]);
        let rest = &input[end..];
        let next_starts_here =
            input[..end].ends_with('\n') && (is_marker(first_line(rest), "---") || is_marker(first_line(rest), "..."));
        if !next_starts_here {
            if let Some(last) = chunks.pop() {
                cut = Some(Cut { limit: StreamLimit::Bytes { bytes: total }, line: last.first_line });
            }
        }
        if cut.is_none() {
            cut =
                Some(Cut { limit: StreamLimit::Bytes { bytes: total }, line: input[..end].matches('\n').count() + 1 });
        }
        chunks
    } else {
        split_documents(input)
    };
    let mut docs = Vec::new();
    let mut scenario_seen = false;
    // Values kept in the documents read, and values parsed in all (MAX_PARSED_NODES).
    let (mut used, mut parsed_all) = (0usize, 0usize);
    for chunk in chunks.drain(..) {
        if is_blank(chunk.text) {
            continue;
        }
        let budget = MAX_NODES.saturating_sub(used).min(MAX_PARSED_NODES.saturating_sub(parsed_all));
        if docs.len() >= MAX_DOCUMENTS {
            // Past the limit only the Scenario document is still read (the first one): it says
            // what the cluster does with the objects that are simulated. Looking for it costs
            // no more than the stream's value budget (issue 16, item 4): a cheap look at the text
            // first, then a parse charged to the budget.
            if !scenario_seen
                && budget > 0
                && chunk.text.contains(SCENARIO_API_VERSION)
                && chunk.text.contains("Scenario")
                && control_character(chunk.text, chunk.first_line).is_none()
            {
                let parsed = parse_within(chunk.text, chunk.first_line - 1, budget);
                parsed_all = parsed_all.saturating_add(parsed.counted);
                if let Ok(root) = parsed.root {
                    used = used.saturating_add(parsed.counted);
                    if is_scenario(&root) {
                        scenario_seen = true;
                        let (first_line, last_line) = (chunk.first_line, chunk.last_line);
                        let duplicate_keys = parsed.duplicates;
                        docs.push(Document {
                            index: docs.len(),
                            first_line,
                            last_line,
                            root: Ok(root),
                            duplicate_keys,
                        });
                        continue;
                    }
                }
            }
            if cut.is_none() {
                cut = Some(Cut { limit: StreamLimit::Documents, line: chunk.first_line });
            }
            continue;
        }
        if budget == 0 {
            cut = Some(Cut { limit: StreamLimit::Values, line: chunk.first_line });
            break;
        }
        let (root, duplicate_keys) = match control_character(chunk.text, chunk.first_line) {
            Some(e) => (Err(e), Vec::new()),
            None => {
                let parsed = parse_within(chunk.text, chunk.first_line - 1, budget);
                if parsed.root.is_err() && parsed.counted > budget && budget < MAX_NODES {
                    // Too many values in all: this document and the later ones are not read.
                    cut = Some(Cut { limit: StreamLimit::Values, line: chunk.first_line });
                    break;
                }
                parsed_all = parsed_all.saturating_add(parsed.counted);
                if parsed.root.is_ok() {
                    used = used.saturating_add(parsed.counted);
                }
                (parsed.root, parsed.duplicates)
            }
        };
        if let Ok(node) = &root {
            if node.is_null() && node.raw.is_none() {
                continue;
            }
        }
        scenario_seen |= root.as_ref().is_ok_and(is_scenario);
        let (first_line, last_line) = (chunk.first_line, chunk.last_line);
        docs.push(Document { index: docs.len(), first_line, last_line, root, duplicate_keys });
    }
    Stream { documents: docs, cut }
}

/// The stream as YAML reads it: without the byte order marks that may open the stream and each
/// document (YAML 1.2 §9.1.1; the CLI joins files that each have one), and with a lone CR as a line
/// break (YAML 1.2 §5.4), so that lines are counted as editors count them. Borrowed when there is
/// nothing to change.
pub fn normalize(input: &str) -> std::borrow::Cow<'_, str> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let bytes = input.as_bytes();
    let lone_cr = bytes.iter().enumerate().any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
    let line_bom = input.contains("\n\u{feff}");
    if !lone_cr && !line_bom {
        return std::borrow::Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() != Some(&'\n') => out.push('\n'),
            '\n' => out.push('\n'),
            _ => {
                out.push(c);
                continue;
            }
        }
        if chars.peek() == Some(&'\u{feff}') {
            chars.next();
        }
    }
    std::borrow::Cow::Owned(out)
}

/// YAML's printable characters (YAML 1.2 §5.1), as Kubernetes' YAML reader (go-yaml) checks them
/// before anything else: a document with another one is rejected ("control characters are not
/// allowed").
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c >= '\u{10000}'
}

/// The first character of a document that YAML does not allow, as a syntax error.
fn control_character(text: &str, first_line: usize) -> Option<SyntaxError> {
    let (offset, c) = text.char_indices().find(|(_, c)| !printable(*c))?;
    let before = &text[..offset];
    let line = first_line + before.matches('\n').count();
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Some(SyntaxError {
        message: format!(
            "the control character U+{:04X} is not allowed in YAML (Kubernetes' reader says \"control characters are not allowed\")",
            c as u32
        ),
        pos: Pos { line, column },
        limit: false,
    })
}

/// The apiVersion of hooksim's Scenario document.
const SCENARIO_API_VERSION: &str = "hooksim/v1";

fn is_scenario(root: &Node) -> bool {
    root.get("kind").and_then(Node::as_str) == Some("Scenario")
        && root.get("apiVersion").and_then(Node::as_str) == Some(SCENARIO_API_VERSION)
}

fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or("").trim_end_matches('\r')
}

struct Chunk<'a> {
    text: &'a str,
    first_line: usize,
    last_line: usize,
}

/// Cuts the stream at document markers that stand at the start of a line. The marker line belongs
/// to the chunk it opens, so `--- {a: 1}` keeps its content.
fn split_documents(input: &str) -> Vec<Chunk<'_>> {
    let mut chunks = Vec::new();
    let mut start = 0usize;
    let mut start_line = 1usize;
    let mut offset = 0usize;
    let mut line_no = 0usize;
    for line in input.split_inclusive('\n') {
        line_no += 1;
        let bare = line.trim_end_matches(['\n', '\r']);
        let is_start = is_marker(bare, "---");
        let is_end = is_marker(bare, "...");
        if is_start || is_end {
            if offset > start || line_no > start_line {
                chunks.push(Chunk { text: &input[start..offset], first_line: start_line, last_line: line_no - 1 });
            }
            if is_start {
                start = offset;
                start_line = line_no;
            } else {
                start = offset + line.len();
                start_line = line_no + 1;
            }
        }
        offset += line.len();
    }
    if offset > start {
        chunks.push(Chunk { text: &input[start..], first_line: start_line, last_line: line_no.max(start_line) });
    }
    chunks
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t.starts_with("--- #") || t.starts_with('%')
    })
}

/// Parses one document's text; `line_offset` is added to every line the parser reports.
pub fn parse_document(text: &str, line_offset: usize) -> Result<Node, SyntaxError> {
    parse_within(text, line_offset, MAX_NODES).root
}

/// One document parsed with a budget.
pub struct Parsed {
    pub root: Result<Node, SyntaxError>,
    /// Values counted, the copies of anchors and aliases included (more than the budget when the
    /// budget stopped the parse).
    pub counted: usize,
    pub duplicates: Vec<DuplicateKey>,
}

/// [`parse_document`] with at most `budget` values (at most [`MAX_NODES`]), telling how many
/// values were counted and which keys were duplicated.
pub fn parse_within(text: &str, line_offset: usize, budget: usize) -> Parsed {
    let mut b = Builder {
        line_offset,
        anchors: HashMap::new(),
        stack: Vec::new(),
        root: None,
        nodes: 0,
        budget,
        copied: 0,
        docs: 0,
        duplicates: Vec::new(),
    };
    let root = b.parse(text);
    Parsed { root, counted: b.nodes.saturating_add(b.copied), duplicates: b.duplicates }
}

impl Builder {
    fn parse(&mut self, text: &str) -> Result<Node, SyntaxError> {
        let line_offset = self.line_offset;
        let mut parser = Parser::new_from_str(text);
        loop {
            match parser.next_event() {
                None => break,
                Some(Ok((ev, span))) => {
                    self.event(ev, span)?;
                }
                Some(Err(e)) => {
                    let m = e.marker();
                    let pos = Pos { line: m.line() + line_offset, column: m.col() + 1 };
                    // The scanner has a nesting limit of its own for flow collections, which it
                    // reaches before the builder sees MAX_DEPTH levels.
                    if e.info().contains("recursion limit") {
                        return Err(SyntaxError::limit(
                            format!("it nests mappings and lists deeper than {MAX_DEPTH} levels"),
                            pos,
                        ));
                    }
                    return Err(SyntaxError { message: e.info().to_string(), pos, limit: false });
                }
            }
        }
        Ok(self.root.take().unwrap_or_else(|| Node::new(Value::Null, Pos { line: line_offset + 1, column: 1 })))
    }
}

enum Frame {
    Seq(Node, usize),
    Map(MapBuilder),
}

struct Builder {
    line_offset: usize,
    /// Anchor id → its node and the node's size.
    anchors: HashMap<usize, (Node, usize)>,
    stack: Vec<Frame>,
    root: Option<Node>,
    nodes: usize,
    /// The most nodes this document may hold (MAX_NODES, less what the stream's earlier
    /// documents hold).
    budget: usize,
    /// Nodes copied by aliases so far.
    copied: usize,
    docs: usize,
    duplicates: Vec<DuplicateKey>,
}

fn alias_limit(pos: Pos) -> SyntaxError {
    SyntaxError::limit(
        format!("its aliases copy more than {MAX_ALIAS_NODES} values (a \"billion laughs\" alias bomb?)"),
        pos,
    )
}

impl Builder {
    fn pos(&self, span: Span) -> Pos {
        Pos { line: span.start.line() + self.line_offset, column: span.start.col() + 1 }
    }

    fn event(&mut self, ev: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        let pos = self.pos(span);
        match ev {
            Event::DocumentStart(_) => {
                self.docs += 1;
                if self.docs > 1 {
                    return Err(SyntaxError {
                        message: "a second document inside one document".into(),
                        pos,
                        limit: false,
                    });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                // `!!str 5`, and its verbatim form `!<tag:yaml.org,2002:str> 5` (issue 16, item 11).
                let tagged_str = tag.as_ref().is_some_and(|t| t.suffix == "str" || t.suffix == "tag:yaml.org,2002:str");
                let quoted = style != ScalarStyle::Plain || tagged_str;
                let value = if quoted { Value::Str(text.to_string()) } else { plain_scalar(&text) };
                let mut node = Node::new(value, pos);
                node.raw = Some(text.to_string());
                node.quoted = quoted;
                self.push(node, anchor, pos)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.depth_check(pos)?;
                self.stack.push(Frame::Seq(Node::new(Value::Seq(Vec::new()), pos), anchor));
            }
            Event::MappingStart(anchor, _) => {
                self.depth_check(pos)?;
                self.stack.push(Frame::Map(MapBuilder::new(Node::new(Value::Map(Vec::new()), pos), anchor)));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let (node, anchor) = match frame {
                        Frame::Seq(n, a) => (n, a),
                        Frame::Map(m) => (m.node, m.anchor),
                    };
                    let p = node.pos;
                    self.push_done(node, anchor, p)?;
                }
            }
            Event::Alias(id) => {
                let Some((n, size)) = self.anchors.get(&id) else {
                    return Err(SyntaxError { message: "unknown alias".into(), pos, limit: false });
                };
                self.copied = self.copied.saturating_add(*size);
                if self.copied > MAX_ALIAS_NODES {
                    return Err(alias_limit(pos));
                }
                if self.nodes.saturating_add(self.copied) > self.budget {
                    return Err(SyntaxError::limit(format!("it holds more than {MAX_NODES} values"), pos));
                }
                let mut n = n.clone();
                n.pos = pos;
                self.push_node(n)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn depth_check(&self, pos: Pos) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError::limit(format!("it nests mappings and lists deeper than {MAX_DEPTH} levels"), pos));
        }
        Ok(())
    }

    fn push(&mut self, node: Node, anchor: usize, pos: Pos) -> Result<(), SyntaxError> {
        self.push_done(node, anchor, pos)
    }

    fn push_done(&mut self, node: Node, anchor: usize, pos: Pos) -> Result<(), SyntaxError> {
        self.nodes += 1;
        if self.nodes > self.budget {
            return Err(SyntaxError::limit(format!("it holds more than {MAX_NODES} values"), pos));
        }
        if anchor > 0 {
            // An anchor keeps a copy of its node for its aliases: the copy counts as values of
            // the document, so that anchors nested in anchors cannot copy a big subtree once per
            // level.
            let size = count_nodes(&node);
            self.nodes = self.nodes.saturating_add(size);
            if self.nodes > self.budget {
                return Err(SyntaxError::limit(
                    format!("it holds more than {MAX_NODES} values (its anchors' copies included)"),
                    pos,
                ));
            }
            self.anchors.insert(anchor, (node.clone(), size));
        }
        self.push_node(node)
    }

    fn push_node(&mut self, node: Node) -> Result<(), SyntaxError> {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq(seq, _)) => {
                if let Value::Seq(items) = &mut seq.value {
                    items.push(node);
                }
            }
            Some(Frame::Map(map)) => match map.pending.take() {
                None => map.pending = Some(node),
                Some(key) if key.as_str() == Some("<<") => map.merge(node),
                Some(key) => self.duplicates.extend(map.insert(key, node)),
            },
        }
        Ok(())
    }
}

fn count_nodes(n: &Node) -> usize {
    match &n.value {
        Value::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|(k, v)| count_nodes(k) + count_nodes(v)).sum::<usize>(),
        _ => 1,
    }
}

/// Resolves a plain scalar the way Kubernetes' YAML reader (YAML 1.1 flavoured) mostly does:
/// null, booleans, integers (decimal, 0x, 0o) and floats; everything else is a string.
fn plain_scalar(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    // `from_str_radix` takes a sign of its own ("0x-8…"): only digits are a number.
    let int = if let Some(hex) = digits.strip_prefix("0x").filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit())) {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = digits.strip_prefix("0o").filter(|o| o.bytes().all(|b| matches!(b, b'0'..=b'7'))) {
        i64::from_str_radix(oct, 8).ok()
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse::<i64>().ok()
    } else {
        None
    };
    if let Some(i) = int {
        return Value::Int(if neg { -i } else { i });
    }
    if neg && digits == "9223372036854775808" {
        return Value::Int(i64::MIN);
    }
    // Floats, and integers too large for i64 (YAML readers keep those as floats).
    if is_float(s) {
        return Value::Float;
    }
    match s {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN" => Value::Float,
        _ => Value::Str(s.to_string()),
    }
}

/// The decimal floats `str::parse::<f64>` accepts: `[+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?`.
fn is_float(s: &str) -> bool {
    fn digits(b: &[u8]) -> usize {
        b.iter().take_while(|c| c.is_ascii_digit()).count()
    }
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let whole = digits(&b[i..]);
    i += whole;
    let mut fraction = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        fraction = digits(&b[i..]);
        i += fraction;
    }
    if whole + fraction == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        i += usize::from(matches!(b.get(i), Some(b'+' | b'-')));
        let exponent = digits(&b[i..]);
        if exponent == 0 {
            return false;
        }
        i += exponent;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_float` accepts exactly what Rust's float parser accepts, over every string of up to
    /// five characters from digits, `.`, `e`, `E`, `+` and `-`.
    #[test]
    fn is_float_agrees_with_the_float_parser() {
        let alphabet = ['1', '.', 'e', 'E', '+', '-'];
        let mut words = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> =
                words.iter().flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}"))).collect();
            for w in &longer {
                assert_eq!(is_float(w), w.parse::<f64>().is_ok(), "{w:?}");
            }
            words = longer;
        }
        assert!(is_float("12.5e-3") && is_float(".5") && is_float("5.") && !is_float("1e") && !is_float("."));
        assert_eq!(plain_scalar("1e400"), Value::Float);
        assert_eq!(plain_scalar("99999999999999999999"), Value::Float);
        assert_eq!(plain_scalar("-.inf"), Value::Float);
        assert_eq!(plain_scalar("1.2.3"), Value::Str("1.2.3".into()));
    }

    #[test]
    fn splits_documents_and_keeps_line_spans() {
        let input = "# comment\n---\na: 1\n---\n\n---\nb: [x, y]\n...\n";
        let docs = parse_stream(input);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].first_line, 2);
        assert_eq!(docs[0].last_line, 3);
        let a = docs[0].root.as_ref().unwrap().get("a").unwrap();
        assert_eq!(a.as_i64(), Some(1));
        assert_eq!(a.pos, Pos { line: 3, column: 4 });
        let b = docs[1].root.as_ref().unwrap().get("b").unwrap();
        assert_eq!(b.pos.line, 7);
    }

    #[test]
    fn a_broken_document_does_not_hide_the_others() {
        let input = "a: 1\n---\nb: [unclosed\n---\nc: 3\n";
        let docs = parse_stream(input);
        assert_eq!(docs.len(), 3);
        let err = docs[1].root.as_ref().unwrap_err();
        assert!(err.pos.line >= 3, "{err:?}");
        assert!(docs[2].root.is_ok());
    }

    #[test]
    fn quoted_numbers_stay_strings() {
        let doc = parse_document("a: \"1\"\nb: 1\nc: ' 1'\nd: 1e9\ne: yes\n", 0).unwrap();
        assert_eq!(doc.get("a").unwrap().as_str(), Some("1"));
        assert_eq!(doc.get("b").unwrap().as_i64(), Some(1));
        assert_eq!(doc.get("c").unwrap().as_str(), Some(" 1"));
        assert!(matches!(doc.get("d").unwrap().value, Value::Float));
        assert_eq!(doc.get("e").unwrap().as_str(), Some("yes"));
    }

    #[test]
    fn alias_bomb_is_an_error_not_a_hang() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            s.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
                p = i - 1
            ));
        }
        let err = parse_document(&s, 0).unwrap_err();
        assert!(err.message.contains("alias"), "{err:?}");
    }

    #[test]
    fn signs_inside_hex_and_octal_are_not_numbers() {
        // from_str_radix accepts a sign of its own: "-0x-8000000000000000" negated i64::MIN.
        for s in ["-0x-8000000000000000", "0x-5", "0o-7", "0x+1", "0x"] {
            assert!(matches!(plain_scalar(s), Value::Str(_)), "{s}");
        }
        assert_eq!(plain_scalar("-9223372036854775808"), Value::Int(i64::MIN));
        assert_eq!(plain_scalar("0x1F"), Value::Int(31));
        assert_eq!(plain_scalar("-0o17"), Value::Int(-15));
    }

    #[test]
    fn the_stream_holds_at_most_max_nodes_values_in_all() {
        // Three documents of 400,000 values each (a flow list of 399,999 items and the list):
        // two fit, the third would pass the limit, so it and the later ones are not read.
        let doc = format!("[{}]\n---\n", "1,".repeat(399_998) + "1");
        let s = read_stream(&format!("{doc}{doc}{doc}a: 1\n"));
        assert_eq!(s.documents.len(), 2);
        assert!(s.documents.iter().all(|d| d.root.is_ok()));
        assert_eq!(s.cut, Some(Cut { limit: StreamLimit::Values, line: 4 }));
        // One document alone may hold them all.
        let s = read_stream(&format!("[{}]\n", "1,".repeat(999_998) + "1"));
        assert!(s.cut.is_none() && s.documents[0].root.is_ok());
    }

    #[test]
    fn stream_limits_cut_between_documents() {
        let doc = "a: 1\n---\n";
        let s = read_stream(&doc.repeat(MAX_DOCUMENTS + 10));
        assert_eq!(s.documents.len(), MAX_DOCUMENTS);
        assert_eq!(s.cut, Some(Cut { limit: StreamLimit::Documents, line: 2 * MAX_DOCUMENTS }));
        let big = format!("a: 1\n---\nb: {}\n---\nc: 3\n", "x".repeat(MAX_INPUT_BYTES));
        let s = read_stream(&big);
        assert_eq!(s.documents.len(), 1);
        assert_eq!(s.cut.map(|c| c.line), Some(2));
    }

    #[test]
    fn lone_cr_and_bom_after_a_marker() {
        let docs = parse_stream("a: 1\r---\r\u{feff}b: 2\r");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].root.as_ref().unwrap().get("b").unwrap().as_i64(), Some(2));
    }

    #[test]
    fn control_characters_are_syntax_errors() {
        let docs = parse_stream("a: x\u{7}y\n---\nb: \"x\\u0007\"\n");
        let err = docs[0].root.as_ref().unwrap_err();
        assert_eq!(err.pos, Pos { line: 1, column: 5 });
        assert!(docs[1].root.is_ok());
    }

    #[test]
    fn same_as_ignores_key_order_in_linear_time() {
        let keys: Vec<String> = (0..20_000).map(|i| format!("k{i}: {i}")).collect();
        let a = parse_document(&format!("{{{}}}", keys.join(", ")), 0).unwrap();
        let rev: Vec<String> = keys.iter().rev().cloned().collect();
        let b = parse_document(&format!("{{{}}}", rev.join(", ")), 0).unwrap();
        assert!(a.same_as(&b));
        let c = parse_document(&format!("{{{}, k0: 1}}", rev[..rev.len() - 1].join(", ")), 0).unwrap();
        assert!(!a.same_as(&c));
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let s = "[".repeat(200) + &"]".repeat(200);
        assert!(parse_document(&s, 0).is_err());
    }

    #[test]
    fn merge_keys() {
        let doc = parse_document("base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n", 0).unwrap();
        let m = doc.get("m").unwrap();
        assert_eq!(m.get("x").unwrap().as_i64(), Some(1));
        assert_eq!(m.get("y").unwrap().as_i64(), Some(2));
    }

    #[test]
    fn merge_keys_lose_to_the_mappings_own_keys_wherever_written() {
        let text = "a: &a {x: 1, y: 1, z: 1}\nb: &b {x: 2, w: 2}\nm:\n  x: 0\n  <<: [*b, *a]\n  y: 3\n";
        let doc = parse_document(text, 0).unwrap();
        let m = doc.get("m").unwrap();
        let get = |k| m.get(k).and_then(Node::as_i64);
        // x: its own (before the merge); w: from b; y: its own (after the merge); z: from a.
        assert_eq!((get("x"), get("w"), get("y"), get("z")), (Some(0), Some(2), Some(3), Some(1)));
        assert_eq!(m.as_map().unwrap().len(), 4, "no key twice");
    }

    #[test]
    fn duplicated_keys_last_wins_and_are_reported() {
        let p =
            parse_within("kind: Job\nmetadata: {name: a, name: b}\nkind: ConfigMap\n1: x\n\"1\": y\n", 0, MAX_NODES);
        let doc = p.root.unwrap();
        assert_eq!(doc.get("kind").and_then(Node::as_str), Some("ConfigMap"));
        assert_eq!(doc.path(&["metadata", "name"]).and_then(Node::as_str), Some("b"));
        assert_eq!(doc.as_map().unwrap().len(), 4, "1 and \"1\" are two keys");
        let keys: Vec<(&str, usize, usize)> =
            p.duplicates.iter().map(|d| (d.key.as_str(), d.pos.line, d.first.line)).collect();
        assert_eq!(keys, [("name", 2, 2), ("kind", 3, 1)]);
        // A big mapping keeps an index: the same answer.
        let big: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
        let p = parse_within(&format!("{big}k5: last\n"), 0, MAX_NODES);
        assert_eq!(p.root.unwrap().get("k5").and_then(Node::as_str), Some("last"));
        assert_eq!(p.duplicates.len(), 1);
    }

    #[test]
    fn verbatim_str_tag_is_a_string() {
        let doc = parse_document("a: !<tag:yaml.org,2002:str> 5\nb: !!str 6\n", 0).unwrap();
        assert_eq!(doc.get("a").and_then(Node::as_str), Some("5"));
        assert_eq!(doc.get("b").and_then(Node::as_str), Some("6"));
    }

    /// Issue 16, items 1–2: merging stays linear however many `<<` keys and whatever the keys.
    #[test]
    fn many_merges_over_a_big_mapping_are_linear() {
        let mut s = String::from("base: &b {x: 1}\nm:\n");
        for i in 0..50_000 {
            s.push_str(&format!("  {i}: v\n"));
        }
        s.push_str(&"  <<: *b\n".repeat(2_000));
        let start = std::time::Instant::now();
        let doc = parse_document(&s, 0).unwrap();
        assert_eq!(doc.get("m").unwrap().as_map().unwrap().len(), 50_001);
        let limit = if cfg!(debug_assertions) { 20 } else { 2 };
        assert!(start.elapsed().as_secs() < limit, "{:?}", start.elapsed());
    }

    #[test]
    fn bom_and_crlf() {
        let docs = parse_stream("\u{feff}a: 1\r\n---\r\nb: 2\r\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].root.as_ref().unwrap().get("b").unwrap().as_i64(), Some(2));
    }
}
