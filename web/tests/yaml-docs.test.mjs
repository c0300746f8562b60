// The editor's YAML parser, one document at a time (web/editor/yaml-docs.js), under Node: the
// same syntax tree as @codemirror/lang-yaml's parser on every gallery example and after edits
// (highlighting, folding and indentation read that tree), an unchanged document's tree kept
// from the last parse, and CodeMirror's stop protocol. Run by `make test-web`.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TreeFragment } from "@lezer/common";
import { yamlLanguage } from "@codemirror/lang-yaml";
import { DocsParser } from "../editor/yaml-docs.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLES = path.join(HERE, "..", "examples");
const inner = yamlLanguage.parser;
const docs = new DocsParser(inner);

/** Every named node with its range, in document order. */
const flat = (tree) => {
  const out = [];
  tree.iterate({ enter: (n) => { out.push(`${n.name}@${n.from}-${n.to}`); } });
  return out;
};

/** `text` with `insert` put at `at` after `remove` characters are taken out, and the change. */
const edit = (text, at, remove, insert) => ({
  text: text.slice(0, at) + insert + text.slice(at + remove),
  changes: [{ fromA: at, toA: at + remove, fromB: at, toB: at + insert.length }],
});

const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml"))
  .map((f) => [f, fs.readFileSync(path.join(EXAMPLES, f), "utf8")]);

test("the same tree as lang-yaml's parser on every gallery example", () => {
  assert.ok(examples.length >= 20);
  for (const [name, text] of examples) assert.deepEqual(flat(docs.parse(text)), flat(inner.parse(text)), name);
});

test("the same tree on streams YAML keeps apart, and on text that only looks like a marker", () => {
  const cases = [
    "",
    "---",
    "a: 1\n---\nb: 2\n",
    "--- |\n  text\n---\nx: 1",
    "a: |\n  ---\n  b\n---\nc: 1\n",
    "a: 1\n---x\nb: 2\n",
    "# c\n---\n---\n\n---\t# t\nk: [1,\n  2]\n...\n---\nz\n",
    "a: 1\r\n---\r\nb: 2\r\n",
  ];
  for (const text of cases) assert.deepEqual(flat(docs.parse(text)), flat(inner.parse(text)), JSON.stringify(text));
});

test("after edits anywhere, the tree a fresh parse gives; unchanged documents are kept", () => {
  const [, start] = examples.find(([f]) => f === "presync-waves.yaml") ?? examples[0];
  let text = start;
  let tree = docs.parse(text);
  let fragments = TreeFragment.addTree(tree);
  let kept = 0;
  const edits = [
    [0.5, 0, "7"], [0.5, 1, ""], [0.1, 0, "\n---\n"], [0.9, 0, "x: 1\n"], [0, 0, "# top\n"],
    [0.3, 4, ""], [1, 0, "\n---\nlast: doc\n"], [0.6, 0, "  "],
  ];
  for (const [where, remove, insert] of edits) {
    const at = Math.floor(text.length * where);
    const e = edit(text, at, Math.min(remove, text.length - at), insert);
    fragments = TreeFragment.applyChanges(fragments, e.changes);
    const next = docs.parse(e.text, fragments);
    assert.deepEqual(flat(next), flat(inner.parse(e.text)), `after an edit at ${at}`);
    // The first document, far from the edit, is the old tree itself.
    if (at > tree.positions[1] + 10 && tree.children.length > 2) {
      assert.equal(next.children[0], tree.children[0], `after an edit at ${at}`);
      kept++;
    }
    text = e.text;
    tree = next;
    fragments = TreeFragment.addTree(tree, fragments);
  }
  assert.ok(kept >= 4, `the first document was looked at after ${kept} edits`);
});

test("a keystroke in a 200-document stream re-parses one document", () => {
  const one = (i) => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: job-${i}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: busybox}]\n`;
  const text = Array.from({ length: 200 }, (_, i) => one(i)).join("---\n");
  const tree = docs.parse(text);
  assert.equal(tree.children.length, 200);
  const at = text.indexOf("job-150") + 7;
  const e = edit(text, at, 0, "7");
  const next = docs.parse(e.text, TreeFragment.applyChanges(TreeFragment.addTree(tree), e.changes));
  const kept = next.children.filter((c, i) => c === tree.children[i]).length;
  assert.equal(kept, 199, "every other document's tree is the old one");
  assert.deepEqual(flat(next), flat(inner.parse(e.text)));
});

test("every one-character edit around the documents' ends gives a fresh parse's tree", () => {
  // Documents longer than the 128 characters under which Lezer keeps no fragment, so that the
  // old trees are offered for reuse next to every edit.
  const pad = Array.from({ length: 8 }, (_, i) => `p${i}: ${"v".repeat(20)}`).join("\n");
  const parts = ["a: 1", "b: [1,\n  2]", "--- # c\nk: |\n  ---\n  v", "...\n---\nkey: ---x", "---\t# z"];
  const text = parts.map((p) => `${p}\n${pad}\n`).join("---\n");
  const tree = docs.parse(text);
  assert.ok(tree.children.length >= 5);
  const near = [];
  for (let i = text.indexOf("---"); i >= 0; i = text.indexOf("---", i + 1)) for (let d = -2; d <= 5; d++) near.push(i + d);
  let checked = 0, reused = 0, broken = 0;
  for (const at of new Set(near.filter((a) => a >= 0 && a <= text.length))) {
    for (const [remove, insert] of [[0, "-"], [0, " "], [0, "\n"], [0, "x"], [1, ""], [0, "\n---\n"]]) {
      if (at + remove > text.length) continue;
      const e = edit(text, at, remove, insert);
      const next = docs.parse(e.text, TreeFragment.applyChanges(TreeFragment.addTree(tree), e.changes));
      const what = `${JSON.stringify(insert)} at ${at}, ${remove} removed`;
      // Incremental: what a parse from scratch gives.
      const mine = flat(next);
      assert.deepEqual(mine, flat(docs.parse(e.text)), what);
      reused += next.children.filter((c) => tree.children.includes(c)).length;
      // And lang-yaml's tree, unless the YAML is broken: error recovery may then take another
      // path across a document's end than within the document alone, and lang-yaml reads a
      // `---` at column 0 inside a flow collection as content, which YAML forbids (it ends the
      // document there, and this parser marks the error).
      const theirs = flat(inner.parse(e.text));
      const ok = (t) => !t.some((n) => n.startsWith("⚠"));
      if (ok(theirs) && ok(mine)) assert.deepEqual(mine, theirs, what);
      else broken++;
      checked++;
    }
  }
  assert.ok(checked > 200 && reused > checked && checked - broken > 100, `${checked} edits, ${reused} documents reused, ${broken} broken`);
});

test("stopAt ends the tree there, and a later parse goes on from it", () => {
  const [, text] = examples.reduce((a, b) => (b[1].length > a[1].length ? b : a));
  const stop = Math.floor(text.length / 2);
  const parse = docs.startParse(text);
  parse.stopAt(stop);
  let tree;
  while (!(tree = parse.advance()));
  assert.ok(tree.length <= stop && tree.length > 0, `${tree.length} <= ${stop}`);
  const rest = docs.parse(text, TreeFragment.addTree(tree, [], true));
  assert.deepEqual(flat(rest), flat(inner.parse(text)));
});
