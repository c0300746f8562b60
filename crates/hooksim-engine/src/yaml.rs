//! The YAML stream as users paste it: documents with their line spans, and a small tree of nodes
//! that remember where they stand, so that every diagnostic can point at a line and column.
//!
//! Documents are split on `---`/`...` lines first, so that a broken document does not stop the
//! others from being read. Each one is then parsed with `saphyr-parser`'s event API. Aliases are
//! expanded with a budget, so an alias bomb ends in an error instead of a frozen tab.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::diagnostics::Pos;

/// Limits that keep one keystroke cheap whatever the input.
pub const MAX_DEPTH: usize = 64;
/// Nodes one document may hold.
pub const MAX_NODES: usize = 1_000_000;
/// Nodes that aliases of one document may copy in all (a billion-laughs bomb stops here).
pub const MAX_ALIAS_NODES: usize = 100_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
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
            Value::Bool(_) | Value::Int(_) | Value::Float(_) => self.raw.clone(),
            _ => None,
        }
    }

    /// What kind of YAML value this is, for "expected X, found Y" messages.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// Structural equality that ignores positions (for "unchanged" applies).
    pub fn same_as(&self, other: &Node) -> bool {
        match (&self.value, &other.value) {
            (Value::Seq(a), Value::Seq(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_as(y)),
            (Value::Map(a), Value::Map(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.iter().any(|(k2, v2)| k.same_as(k2) && v.same_as(v2)))
            }
            (a, b) => a == b,
        }
    }
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub pos: Pos,
}

/// Splits a stream into its documents and parses each. Empty documents (only comments or
/// blank lines) are left out.
pub fn parse_stream(input: &str) -> Vec<Document> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut docs = Vec::new();
    for chunk in split_documents(input) {
        if is_blank(chunk.text) {
            continue;
        }
        let root = parse_document(chunk.text, chunk.first_line - 1);
        if let Ok(node) = &root {
            if node.is_null() && node.raw.is_none() {
                continue;
            }
        }
        docs.push(Document { index: docs.len(), first_line: chunk.first_line, last_line: chunk.last_line, root });
    }
    docs
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
    let mut b =
        Builder { line_offset, anchors: Vec::new(), stack: Vec::new(), root: None, nodes: 0, alias_nodes: 0, docs: 0 };
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_event() {
            None => break,
            Some(Ok((ev, span))) => {
                b.event(ev, span)?;
            }
            Some(Err(e)) => {
                let m = e.marker();
                return Err(SyntaxError {
                    message: e.info().to_string(),
                    pos: Pos { line: m.line() + line_offset, column: m.col() + 1 },
                });
            }
        }
    }
    Ok(b.root.unwrap_or_else(|| Node::new(Value::Null, Pos { line: line_offset + 1, column: 1 })))
}

enum Frame {
    Seq(Node, usize),
    /// The mapping, its anchor, and a key waiting for its value.
    Map(Node, usize, Option<Node>),
}

struct Builder {
    line_offset: usize,
    anchors: Vec<(usize, Node, usize)>,
    stack: Vec<Frame>,
    root: Option<Node>,
    nodes: usize,
    alias_nodes: usize,
    docs: usize,
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
                    return Err(SyntaxError { message: "a second document inside one document".into(), pos });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let tagged_str = tag.as_ref().is_some_and(|t| t.suffix == "str");
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
                self.stack.push(Frame::Map(Node::new(Value::Map(Vec::new()), pos), anchor, None));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let (node, anchor) = match frame {
                        Frame::Seq(n, a) => (n, a),
                        Frame::Map(n, a, _) => (n, a),
                    };
                    let p = node.pos;
                    self.push_done(node, anchor, p)?;
                }
            }
            Event::Alias(id) => {
                let found = self.anchors.iter().rev().find(|(a, _, _)| *a == id);
                match found {
                    Some((_, n, size)) => {
                        self.alias_nodes = self.alias_nodes.saturating_add(*size);
                        if self.alias_nodes > MAX_ALIAS_NODES {
                            return Err(SyntaxError {
                                message: format!(
                                    "aliases expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb?)"
                                ),
                                pos,
                            });
                        }
                        let mut n = n.clone();
                        n.pos = pos;
                        self.push_node(n)?;
                    }
                    None => {
                        return Err(SyntaxError { message: "unknown alias".into(), pos });
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn depth_check(&self, pos: Pos) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError { message: format!("nesting deeper than {MAX_DEPTH} levels"), pos });
        }
        Ok(())
    }

    fn push(&mut self, node: Node, anchor: usize, pos: Pos) -> Result<(), SyntaxError> {
        self.push_done(node, anchor, pos)
    }

    fn push_done(&mut self, node: Node, anchor: usize, pos: Pos) -> Result<(), SyntaxError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(SyntaxError { message: format!("more than {MAX_NODES} nodes"), pos });
        }
        if anchor > 0 {
            let size = count_nodes(&node);
            self.anchors.push((anchor, node.clone(), size));
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
            Some(Frame::Map(map, _, pending)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => {
                    if let Value::Map(entries) = &mut map.value {
                        if key.as_str() == Some("<<") {
                            merge_into(entries, node);
                        } else {
                            entries.push((key, node));
                        }
                    }
                }
            },
        }
        Ok(())
    }
}

/// YAML merge keys (`<<: *base`), as Kubernetes' YAML reader honours them.
fn merge_into(entries: &mut Vec<(Node, Node)>, value: Node) {
    let sources: Vec<Node> = match value.value {
        Value::Map(_) => vec![value],
        Value::Seq(items) => items,
        _ => return,
    };
    for src in sources {
        if let Value::Map(src_entries) = src.value {
            for (k, v) in src_entries {
                if !entries.iter().any(|(ek, _)| ek.same_as(&k)) {
                    entries.push((k, v));
                }
            }
        }
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
    let int = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse::<i64>().ok()
    } else {
        None
    };
    if let Some(i) = int {
        return Value::Int(if neg { -i } else { i });
    }
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        // An integer too large for i64: keep it as a float, as YAML readers do.
        return s.parse::<f64>().map(Value::Float).unwrap_or(Value::Str(s.to_string()));
    }
    let looks_float = s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_float {
        if let Ok(f) = s.parse::<f64>() {
            return Value::Float(f);
        }
    }
    match s {
        ".inf" | ".Inf" | ".INF" | "+.inf" => Value::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Value::Float(f64::NAN),
        _ => Value::Str(s.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(matches!(doc.get("d").unwrap().value, Value::Float(_)));
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
    fn bom_and_crlf() {
        let docs = parse_stream("\u{feff}a: 1\r\n---\r\nb: 2\r\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].root.as_ref().unwrap().get("b").unwrap().as_i64(), Some(2));
    }
}
