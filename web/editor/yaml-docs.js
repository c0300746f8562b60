// The editor's YAML language, parsed one document at a time (issue 12 #16).
//
// @lezer/yaml reuses nothing of an old tree when the text changes (its parser runs several
// stacks at once, and Lezer reuses nodes only with one), so CodeMirror re-parsed the whole
// stream on every keystroke: about 10 ms of a keystroke on a 100-manifest paste, and its 20 ms
// budget on a 5,000-manifest one. A stream is a list of documents that YAML keeps apart: a
// `---` line at column 0 always starts a new one (YAML 1.2 §9.1.4, c-forbidden: not even a
// block scalar or a quoted string goes on across it). This parser cuts the text there, parses
// each document with the same parser and props as `@codemirror/lang-yaml` (highlighting,
// folding and indentation are unchanged), and keeps each unchanged document's tree from the
// last parse: a keystroke re-parses the one document it is in.
import { Parser, Tree, NodeType } from "@lezer/common";
import { Language, LanguageSupport } from "@codemirror/language";
import { yamlLanguage } from "@codemirror/lang-yaml";

// Whether a document starts at `pos` of `input`: a line that opens with `---` and then a space, a
// tab, a line break or the end of the text.
function startsAt(input, pos) {
  if (pos === 0) return true;
  const s = input.read(pos - 1, Math.min(input.length, pos + 4));
  return s.startsWith("\n---") && (s.length === 4 || " \t\r\n".includes(s[4]));
}

// Read in blocks, so that a keystroke does not copy a 5,000-manifest stream into one string.
const BLOCK = 8192;

// Where the document that starts at `from` ends: the start of the next document, or the end.
function endOf(input, from) {
  const len = input.length;
  for (let at = from; at < len; at += BLOCK) {
    const end = Math.min(len, at + BLOCK);
    // Four characters more, to see the one after a `---` that begins in this block.
    const s = input.read(at, Math.min(len, end + 4));
    for (let i = s.indexOf("\n---"); i >= 0 && at + i < end; i = s.indexOf("\n---", i + 1)) {
      if (at + i + 4 >= len || " \t\r\n".includes(s[i + 4])) return at + i + 1;
    }
  }
  return len;
}

// One parse: the documents in order, each taken from the old tree when its text is unchanged
// (the same place in an unchanged fragment, and a document still starting right after it), else
// parsed with `inner`.
class DocsParse {
  constructor(inner, input, fragments) {
    this.inner = inner;
    this.input = input;
    this.fragments = fragments;
    this.from = 0; // where the next document starts
    this.cur = null; // the inner parse of the document at `from`, while it runs
    this.to = 0; // where that document ends
    this.children = [];
    this.positions = [];
    this.parsedPos = 0;
    this.stoppedAt = null;
  }

  stopAt(pos) {
    this.stoppedAt = pos;
    if (this.cur) this.cur.stopAt(Math.max(0, pos - this.from));
  }

  // The old tree of the document that starts at `from`, if the last parse kept one there whose
  // text is unchanged and after which a document still starts (or the text ends).
  reused(from) {
    for (const f of this.fragments) {
      if (f.from > from || f.to <= from || f.tree.type !== this.inner.topNode) continue;
      const old = from + f.offset;
      const { children, positions } = f.tree;
      // The documents are in order: a binary search for the one that starts at `old`.
      let lo = 0, hi = children.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (positions[mid] < old) lo = mid + 1;
        else if (positions[mid] > old) hi = mid - 1;
        else {
          const c = children[mid];
          if (!(c instanceof Tree) || c.type !== NodeType.none) return null;
          const to = from + c.length;
          if (to > f.to) return null;
          // The `---` line after it, unchanged (where the old tree's next document started),
          // needs no look; else the text says.
          const same = to + 4 <= f.to;
          return same || to === this.input.length || startsAt(this.input, to) ? c : null;
        }
      }
    }
    return null;
  }

  advance() {
    const len = this.input.length;
    // Unchanged documents cost a lookup each: take them all, then one step of a parse.
    while (this.from < len || this.children.length === 0) {
      if (this.stoppedAt !== null && this.parsedPos >= this.stoppedAt) return this.finish();
      const from = this.from;
      if (!this.cur) {
        const old = len > 0 ? this.reused(from) : null;
        if (old) {
          this.children.push(old);
          this.positions.push(from);
          this.from = this.parsedPos = from + old.length;
          continue;
        }
        this.to = endOf(this.input, from);
        this.cur = this.inner.startParse(this.input.read(from, this.to));
        if (this.stoppedAt !== null) this.cur.stopAt(Math.max(0, this.stoppedAt - from));
      }
      const tree = this.cur.advance();
      if (!tree) {
        this.parsedPos = from + this.cur.parsedPos;
        return null;
      }
      this.cur = null;
      this.children.push(new Tree(NodeType.none, tree.children, tree.positions, tree.length));
      this.positions.push(from);
      this.parsedPos = from + tree.length;
      // A document cut short by stopAt ends the parse there.
      if (tree.length < this.to - from) return this.finish();
      this.from = this.to;
      return null;
    }
    return this.finish();
  }

  finish() {
    return new Tree(this.inner.topNode, this.children, this.positions, this.parsedPos);
  }
}

/** A Lezer parser that parses a YAML stream one document at a time with `inner`. */
export class DocsParser extends Parser {
  constructor(inner) {
    super();
    this.inner = inner;
  }

  createParse(input, fragments, ranges) {
    // Nested ranges (YAML inside another language) are the inner parser's.
    if (ranges.length !== 1 || ranges[0].from !== 0 || ranges[0].to !== input.length) {
      return this.inner.createParse(input, fragments, ranges);
    }
    return new DocsParse(this.inner, input, fragments);
  }
}

/** The YAML language of `@codemirror/lang-yaml`, parsed one document at a time. */
export const yamlDocsLanguage = new Language(yamlLanguage.data, new DocsParser(yamlLanguage.parser), [], "yaml");

/** What `yaml()` of `@codemirror/lang-yaml` gives, parsed one document at a time. */
export function yamlDocs() {
  return new LanguageSupport(yamlDocsLanguage);
}
