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

// Where the documents of `text` start: 0 and each line that opens with `---` and then a
// space, a tab or the end of the line.
const MARKER = /\n---(?=[ \t\r\n]|$)/g;
function starts(text) {
  const at = [0];
  MARKER.lastIndex = 0;
  for (let m; (m = MARKER.exec(text)); ) at.push(m.index + 1);
  return at;
}

// One parse: the documents in order, each taken from the old tree when its text is unchanged
// (the same place in an unchanged fragment, the same length), else parsed with `inner`.
class DocsParse {
  constructor(inner, input, fragments) {
    this.inner = inner;
    this.text = input.read(0, input.length);
    this.fragments = fragments;
    this.at = starts(this.text);
    this.i = 0; // the next document
    this.cur = null; // the inner parse of document i, while it runs
    this.children = [];
    this.positions = [];
    this.parsedPos = 0;
    this.stoppedAt = null;
  }

  stopAt(pos) {
    this.stoppedAt = pos;
    if (this.cur) this.cur.stopAt(Math.max(0, pos - this.at[this.i]));
  }

  // The old tree of the document from `from` to `to`, if the last parse kept one there.
  reused(from, to) {
    for (const f of this.fragments) {
      if (f.from > from || f.to < to || !(f.tree.type === this.inner.topNode)) continue;
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
          return c instanceof Tree && c.type === NodeType.none && c.length === to - from ? c : null;
        }
      }
    }
    return null;
  }

  add(tree, from) {
    this.children.push(new Tree(NodeType.none, tree.children, tree.positions, tree.length));
    this.positions.push(from);
    this.parsedPos = from + tree.length;
  }

  advance() {
    // Unchanged documents cost a lookup each: take them all, then one step of a parse.
    while (this.i < this.at.length) {
      if (this.stoppedAt !== null && this.parsedPos >= this.stoppedAt) return this.finish();
      const from = this.at[this.i];
      const to = this.i + 1 < this.at.length ? this.at[this.i + 1] : this.text.length;
      if (!this.cur) {
        const old = this.reused(from, to);
        if (old) {
          this.children.push(old);
          this.positions.push(from);
          this.parsedPos = to;
          this.i++;
          continue;
        }
        this.cur = this.inner.startParse(this.text.slice(from, to));
        if (this.stoppedAt !== null) this.cur.stopAt(Math.max(0, this.stoppedAt - from));
      }
      const tree = this.cur.advance();
      if (!tree) {
        this.parsedPos = from + this.cur.parsedPos;
        return null;
      }
      this.cur = null;
      this.add(tree, from);
      // A document cut short by stopAt ends the parse there.
      if (tree.length < to - from) return this.finish();
      this.i++;
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
