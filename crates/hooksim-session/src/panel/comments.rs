//! The comments of the `kind: Scenario` document, kept across the panel's edits.
//!
//! The panel rewrites the scenario document from its tree (panel/mod.rs), which has no comments.
//! Before that, each comment of the old text is tied to the key line that follows it (a comment
//! on a line of its own) or that carries it (a comment at the end of the line). A key line is
//! named by its keys from the top (`outcomes/Job/db/attempts`) and by which occurrence of that
//! name it is (the second operation's `type` is the second `operations/type`). After the rewrite
//! the comments go back before, or at the end of, the line with the same name, else of the
//! nearest key above it that is still there (a list the rewrite wrote on its parent's line);
//! comments after the last key stay at the end. A comment whose keys the edit removed goes with
//! them.

use std::collections::{HashMap, HashSet};

/// A key line's name: its keys from the top, and which occurrence of that path it is.
type Name = (String, usize);

/// The comments of a document's text, by the key line they belong to. Each key line is known by
/// its name and those of the keys above it, so that a comment whose line the rewrite folded into
/// its parent (`attempts: [fail]` written inside `Job/x: {attempts: [fail]}`) goes to the parent.
#[derive(Debug, Default, PartialEq)]
pub struct Comments {
    /// Whole-line comments (and the blank lines among them) before a key line, as written.
    before: Vec<(Vec<Name>, Vec<String>)>,
    /// A comment at the end of a key line (from the `#`).
    trailing: Vec<(Vec<Name>, String)>,
    /// Comments after the last key line.
    end: Vec<String>,
}

impl Comments {
    /// Reads the comments of `text` (a YAML document in block style).
    pub fn read(text: &str) -> Comments {
        let mut c = Comments::default();
        let mut pending: Vec<String> = Vec::new();
        for (line, kind) in text.lines().zip(lines(text)) {
            let t = line.trim_start();
            match kind {
                Line::Key(chain) => {
                    if let Some(i) = trailing_comment(line) {
                        c.trailing.push((chain.clone(), line[i..].to_string()));
                    }
                    if pending.iter().any(|l| !l.trim().is_empty()) {
                        c.before.push((chain, std::mem::take(&mut pending)));
                    }
                    pending.clear();
                }
                Line::Other if t.starts_with('#') => pending.push(line.to_string()),
                // Blank lines only count between comments.
                Line::Other if t.is_empty() && !pending.is_empty() => pending.push(String::new()),
                Line::Other | Line::Block => {}
            }
        }
        while pending.last().is_some_and(|l| l.is_empty()) {
            pending.pop();
        }
        c.end = pending;
        c
    }

    pub fn is_empty(&self) -> bool {
        self.before.is_empty() && self.trailing.is_empty() && self.end.is_empty()
    }

    /// `text` (the rewritten document) with the comments put back.
    pub fn apply(&self, text: &str) -> String {
        if self.is_empty() {
            return text.to_string();
        }
        let kinds = lines(text);
        let present: HashSet<&Name> = kinds
            .iter()
            .filter_map(|k| match k {
                Line::Key(chain) => chain.first(),
                _ => None,
            })
            .collect();
        // Each comment goes to its key, else to the nearest key above it that is still there; a
        // comment whose keys are all gone goes with them.
        let target = |chain: &[Name]| chain.iter().find(|n| present.contains(n)).cloned();
        let mut before: HashMap<Name, Vec<&String>> = HashMap::new();
        for (chain, lines) in &self.before {
            if let Some(t) = target(chain) {
                before.entry(t).or_default().extend(lines);
            }
        }
        let mut trailing: HashMap<Name, Vec<&str>> = HashMap::new();
        for (chain, c) in &self.trailing {
            if let Some(t) = target(chain) {
                trailing.entry(t).or_default().push(c);
            }
        }
        let mut out = String::with_capacity(text.len() + 256);
        for (line, kind) in text.lines().zip(&kinds) {
            let name = match kind {
                Line::Key(chain) => chain.first(),
                _ => None,
            };
            if let Some(lines) = name.and_then(|n| before.get(n)) {
                let indent = &line[..line.len() - line.trim_start().len()];
                for c in lines {
                    if c.is_empty() {
                        out.push('\n');
                    } else {
                        out.push_str(indent);
                        out.push_str(c.trim_start());
                        out.push('\n');
                    }
                }
            }
            out.push_str(line);
            if let Some(cs) = name.and_then(|n| trailing.get(n)) {
                if trailing_comment(line).is_none() {
                    out.push_str("  ");
                    out.push_str(&cs.join(" "));
                }
            }
            out.push('\n');
        }
        for c in &self.end {
            out.push_str(c);
            out.push('\n');
        }
        out
    }
}

/// What a line of the document is.
#[derive(Debug, PartialEq)]
enum Line {
    /// A line that holds a key: its name, then the names of the keys above it.
    Key(Vec<Name>),
    /// The content of a `|` or `>` block (a `#` there is text, not a comment).
    Block,
    /// Anything else: comments, blank lines, list items without a key.
    Other,
}

/// What each line of `text` is.
fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    // The keys above the current line: the column of each and its name.
    let mut stack: Vec<(usize, Name)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    // Inside a block scalar: the column its key is at.
    let mut block: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let t = line.trim();
        if let Some(col) = block {
            if t.is_empty() || indent > col {
                out.push(Line::Block);
                continue;
            }
            block = None;
        }
        if t.is_empty() || t.starts_with('#') {
            out.push(Line::Other);
            continue;
        }
        // "- - key: v": each dash moves the key two columns right.
        let mut rest = &line[indent..];
        let mut col = indent;
        while let Some(r) = rest.strip_prefix("- ") {
            let r2 = r.trim_start_matches(' ');
            col += 2 + (r.len() - r2.len());
            rest = r2;
        }
        let Some(key) = key_of(rest) else {
            out.push(Line::Other);
            continue;
        };
        while stack.last().is_some_and(|(c, _)| *c >= col) {
            stack.pop();
        }
        let path = match stack.last() {
            Some((_, (parent, _))) => format!("{parent}/{key}"),
            None => key,
        };
        let n = seen.entry(path.clone()).or_insert(0);
        *n += 1;
        let name = (path, *n);
        let chain: Vec<Name> =
            std::iter::once(name.clone()).chain(stack.iter().rev().map(|(_, n)| n.clone())).collect();
        out.push(Line::Key(chain));
        let value = rest[rest.find(':').map_or(rest.len(), |i| i + 1)..].trim_start();
        if value.starts_with('|') || value.starts_with('>') {
            block = Some(col);
        }
        stack.push((col, name));
    }
    out
}

/// The key of a `key: value` line (plain or quoted key), if it is one.
fn key_of(rest: &str) -> Option<String> {
    let (key, after) = if let Some(q) = rest.strip_prefix('"') {
        let end = q.find('"')?;
        (&q[..end], &q[end + 1..])
    } else if let Some(q) = rest.strip_prefix('\'') {
        let end = q.find('\'')?;
        (&q[..end], &q[end + 1..])
    } else {
        if rest.starts_with(['{', '[', '&', '*', '!', '|', '>']) {
            return None;
        }
        let end = rest.find(": ").or_else(|| rest.strip_suffix(':').map(str::len))?;
        (&rest[..end], &rest[end..])
    };
    (after.starts_with(": ") || after == ":" || after.starts_with(":\t")).then(|| key.trim_end().to_string())
}

/// Where a comment starts at the end of a key line: a `#` after a space, outside quotes.
fn trailing_comment(line: &str) -> Option<usize> {
    let (mut single, mut double) = (false, false);
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && (prev == ' ' || prev == '\t') && !line[..i].trim().is_empty() => {
                return Some(i)
            }
            _ => {}
        }
        prev = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "# The migration fails twice.
apiVersion: hooksim/v1
kind: Scenario
description: |
  A note: with a colon.
  # not a comment, part of the text
outcomes:
  # the DB is slow today
  Job/db-migrate:
    attempts: [fail, fail, succeed]   # two failures
operations:
  - type: sync
  # the second sync meets the leftovers
  - type: sync  # again
# the end
";

    #[test]
    fn comments_come_back_at_their_keys() {
        let c = Comments::read(OLD);
        // The panel rewrote it: the attempts in block style, a setting added.
        let new = "apiVersion: hooksim/v1
kind: Scenario
description: |
  A note: with a colon.
  # not a comment, part of the text
outcomes:
  Job/db-migrate:
    attempts: [fail, succeed]
settings:
  podSeconds: 3
operations:
  - type: sync
  - type: sync
";
        assert_eq!(
            c.apply(new),
            "# The migration fails twice.
apiVersion: hooksim/v1
kind: Scenario
description: |
  A note: with a colon.
  # not a comment, part of the text
outcomes:
  # the DB is slow today
  Job/db-migrate:
    attempts: [fail, succeed]  # two failures
settings:
  podSeconds: 3
operations:
  - type: sync
  # the second sync meets the leftovers
  - type: sync  # again
# the end
"
        );
    }

    #[test]
    fn names_follow_keys_lists_and_blocks() {
        let n = lines("a:\n  b: 1\n  c:\n  - d: 2\n    e: 3\n  - d: 4\nf: |\n  g: not a key\nh: 'x # y'\n");
        let got: Vec<String> = n
            .iter()
            .filter_map(|l| match l {
                Line::Key(chain) => chain.first().map(|(p, i)| format!("{p}#{i}")),
                _ => None,
            })
            .collect();
        assert_eq!(got, ["a#1", "a/b#1", "a/c#1", "a/c/d#1", "a/c/e#1", "a/c/d#2", "f#1", "h#1"]);
        assert_eq!(trailing_comment("h: 'x # y'"), None);
        assert_eq!(trailing_comment("h: \"x\" # y"), Some(7));
        assert_eq!(trailing_comment("url: http://x/#frag"), None);
    }

    #[test]
    fn no_comments_no_change() {
        let text = "apiVersion: hooksim/v1\nkind: Scenario\n";
        assert!(Comments::read(text).is_empty());
        assert_eq!(Comments::read(text).apply(text), text);
    }
}
