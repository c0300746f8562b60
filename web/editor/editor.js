// The playground's code editor: CodeMirror 6 with YAML highlighting, line numbers and the
// engine's diagnostics as underlines (message on hover) and gutter marks. Bundled by esbuild
// (`npm run build:editor`, run by mk/web.mk) into one ES module, target/web/editor.js, which
// index.html loads before the wasm app. The module sets `window.hooksimEditor`, the small API
// the Yew app calls (crates/hooksim-web/src/editor.rs):
//
//   const ed = hooksimEditor.create(parent, text, { onChange, onRun, readOnly, label });
//   ed.getText(); ed.setText(text); ed.setDiagnostics([{line, column, severity, message, code}]);
//   ed.goto(line, column); ed.setReadOnly(bool); ed.focus(); ed.destroy();
//   hooksimEditor.current is the last editor created (for tests and the console).
//   window.hooksimLink (link.js) and window.hooksimExtras (extras.js),
//   window.hooksimLessons (lessons.js), window.hooksimPanel (panel.js) and
//   window.hooksimGallery (gallery.js) are set here too.
//
// onChange(text) fires after typing pauses (debounced); onRun(text) on Ctrl/Cmd+Enter.

import { EditorState, Compartment } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars, rectangularSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import morphdom from "morphdom";
import {
  syntaxHighlighting, HighlightStyle, indentOnInput, bracketMatching, foldGutter, foldKeymap, indentUnit,
} from "@codemirror/language";
import { yamlDocs } from "./yaml-docs.js";
import { setDiagnostics, lintGutter, lintKeymap } from "@codemirror/lint";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { tags as t } from "@lezer/highlight";
import { link } from "./link.js";
import { extras } from "./extras.js";
import { lessons } from "./lessons.js";
import { panel } from "./panel.js";
import { gallery } from "./gallery.js";
import { treeMarks } from "./tree-marks.js";

// Colours are CSS variables of the page (light and dark follow its theme without reconfiguring).
const highlight = HighlightStyle.define([
  { tag: [t.propertyName, t.definition(t.propertyName)], color: "var(--cm-key)" },
  { tag: [t.string, t.special(t.string)], color: "var(--cm-string)" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "var(--cm-number)" },
  { tag: [t.comment, t.lineComment], color: "var(--cm-comment)", fontStyle: "italic" },
  { tag: [t.meta, t.processingInstruction, t.documentMeta], color: "var(--cm-meta)", fontWeight: "600" },
  { tag: [t.keyword, t.labelName, t.typeName], color: "var(--cm-keyword)" },
  { tag: [t.punctuation, t.separator, t.squareBracket, t.brace], color: "var(--cm-punct)" },
  { tag: t.content, color: "var(--cm-fg)" },
]);

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "12.5px", color: "var(--cm-fg)", backgroundColor: "var(--cm-bg)" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", lineHeight: "1.5" },
  ".cm-content": { caretColor: "var(--cm-fg)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--cm-fg)" },
  ".cm-gutters": { backgroundColor: "var(--cm-gutter-bg)", color: "var(--cm-gutter-fg)", border: "none" },
  ".cm-activeLine": { backgroundColor: "var(--cm-active)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--cm-active)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "var(--cm-selection) !important" },
  ".cm-tooltip": { backgroundColor: "var(--cm-bg)", color: "var(--cm-fg)", border: "1px solid var(--cm-border)" },
  ".cm-diagnostic": { fontFamily: "system-ui, sans-serif", fontSize: "13px", maxWidth: "36em", whiteSpace: "pre-wrap" },
  ".cm-panels": { backgroundColor: "var(--cm-gutter-bg)", color: "var(--cm-fg)" },
  ".cm-flash": { backgroundColor: "var(--cm-flash)" },
});

// The typing pause before the app simulates (issue 12 #16), from how long the simulation and its
// rendering took (`last`, the shorter of the last two): none when that is short enough to fit between two keystrokes (a
// small input answers at once), else as long as it took (at most PAUSE_MAX_MS), so that typing in
// a 5,000-manifest paste does not stutter: a keystroke during the pause postpones the simulation.
const QUICK_MS = 60;
const PAUSE_MAX_MS = 500;
const PAUSE_FIRST_MS = 30;
const pauseAfter = (last) => (last <= QUICK_MS ? 0 : Math.min(PAUSE_MAX_MS, last));

/** The document position of a 1-based line and column, clamped to the document. */
function posOf(doc, line, column) {
  const l = doc.line(Math.min(Math.max(1, line | 0), doc.lines));
  return Math.min(l.from + Math.max(0, (column | 0) - 1), l.to);
}

/** The engine's diagnostics as CodeMirror's: from the position to the end of the token there
 *  (or of the line), so that the underline covers the word the message is about. */
function toCm(doc, diags) {
  const out = [];
  for (const d of diags) {
    if (!d.line) continue;
    let from = posOf(doc, d.line, d.column || 1);
    const line = doc.lineAt(from);
    const m = line.text.slice(from - line.from).match(/^\s*[^\s,:\]}]+/);
    let to = m ? from + m[0].length : line.to;
    if (to <= from) {
      // At the end of a line (or on an empty one): underline the character before, if any.
      if (from > line.from) from -= 1;
      else to = Math.min(doc.length, from + 1);
      if (to <= from) to = from + (from < doc.length ? 1 : 0);
    }
    out.push({ from, to, severity: d.severity, message: d.message, source: d.code });
  }
  return out;
}

/** The line under the editor that says what Tab does, with the choice to indent with it
 *  (CodeMirror's accessibility guidance: Tab moves the focus unless the user chose to indent; then
 *  Esc followed by Tab still leaves). `setIndent(on)` is what the box and Ctrl+M call. */
function tabModeBar(parent, setIndent) {
  const bar = document.createElement("div");
  bar.className = "pg-tabmode";
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.className = "pg-tabmode-box";
  box.addEventListener("change", () => setIndent(box.checked));
  label.append(box, " Tab key indents");
  const note = document.createElement("span");
  note.className = "pg-tabmode-note";
  const say = () => {
    note.textContent = box.checked
      ? "Tab indents in the editor; press Esc then Tab to leave it. Ctrl+M switches."
      : "Tab moves to the next control; the editor indents on Enter. Ctrl+M switches.";
  };
  say();
  parent.after(bar);
  bar.append(label, note);
  return { bar, set(on) { box.checked = on; say(); } };
}

/** Creates an editor in `parent` with `text`; returns the handle described above. */
export function create(parent, text, opts = {}) {
  const { onChange = () => {}, onRun = () => {}, readOnly = false, label = "YAML" } = opts;
  let timer = null;
  // How long the last simulation and its rendering took: the next pause.
  // Until a keystroke measures it, a pause guessed from the size (about 0.5 ms a KB here).
  let pause = pauseAfter(Math.max(PAUSE_FIRST_MS, text.length / 2000));
  let lastTook = Math.max(PAUSE_FIRST_MS, text.length / 2000);
  let tabIndents = false;
  let bar = null;
  const setIndent = (on) => {
    tabIndents = on;
    // Tab focus mode on: Tab and Shift+Tab move the focus (CodeMirror's own mode).
    view.setTabFocusMode(!on);
    bar?.set(on);
  };
  const readOnlyConf = new Compartment();
  const flush = (view) => {
    clearTimeout(timer);
    timer = null;
    // The moment the app gets the text: `make bench-web` measures from here to the new timeline.
    const t0 = performance.now();
    performance.mark("hooksim:change");
    // The app says when the simulation is on the page (crates/hooksim-web/src/dom.rs `landed`).
    // The shorter of the last two: one slow render (a garbage collection, a layout) does not
    // make the next key wait, while an input that is always slow (a 5,000-manifest paste) still
    // gets its pause.
    window.addEventListener("hooksim:rendered", () => {
      const took = performance.now() - t0;
      pause = pauseAfter(Math.min(took, lastTook));
      lastTook = took;
    }, { once: true });
    onChange(view.state.doc.toString());
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        foldGutter(),
        lintGutter(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        rectangularSelection(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        indentUnit.of("  "),
        EditorState.tabSize.of(2),
        // lang-yaml, parsed one document at a time: a keystroke re-parses its own document.
        yamlDocs(),
        syntaxHighlighting(highlight),
        theme,
        readOnlyConf.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
        EditorView.contentAttributes.of({ "aria-label": label }),
        keymap.of([
          { key: "Mod-Enter", run: (v) => { clearTimeout(timer); timer = null; onRun(v.state.doc.toString()); return true; } },
          { key: "Ctrl-m", mac: "Shift-Alt-m", run: () => { setIndent(!tabIndents); return true; } },
          ...defaultKeymap, ...historyKeymap, ...foldKeymap, ...searchKeymap, ...lintKeymap, indentWithTab,
        ]),
        // A typed character reaches CodeMirror through the DOM, which its observer reads on the
        // next animation frame (16 to 33 ms here: half of the time from a key to the app, issue
        // 12 #16). A plain one-character insertion is taken at once, as the same "input.type"
        // transaction (so indentOnInput, undo grouping and the selection behave as before);
        // composition (IME), longer insertions, replacements by the platform and read-only
        // editors stay with CodeMirror.
        EditorView.domEventHandlers({
          beforeinput(e, view) {
            if (e.inputType !== "insertText" || e.isComposing || view.composing || view.state.readOnly) return false;
            if (typeof e.data !== "string" || [...e.data].length !== 1 || e.data === "\n") return false;
            e.preventDefault();
            view.dispatch(view.state.replaceSelection(e.data), { userEvent: "input.type", scrollIntoView: true });
            return true;
          },
        }),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          clearTimeout(timer);
          if (pause === 0) {
            // A quick simulation: hand the text over right after this update, in the same task.
            // A timer of 0 ms waited for the next frame to be drawn first (about 15 ms here), half
            // of the time from a key to the app (issue 12 #16). The character and the new
            // timeline are then drawn in the same frame.
            const mine = (timer = {});
            queueMicrotask(() => { if (timer === mine) flush(u.view); });
            return;
          }
          timer = setTimeout(() => flush(u.view), pause);
        }),
      ],
    }),
  });

  view.setTabFocusMode(true);
  if (!readOnly && opts.tabBar !== false) bar = tabModeBar(parent, setIndent);

  const handle = {
    view,
    setTabIndents: setIndent,
    getText: () => view.state.doc.toString(),
    setText(next) {
      if (next === view.state.doc.toString()) return;
      clearTimeout(timer);
      timer = null;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
      // Until a keystroke measures it, a pause guessed from the size (about 0.5 ms a KB here).
      lastTook = Math.max(PAUSE_FIRST_MS, next.length / 2000);
      pause = pauseAfter(lastTook);
      clearTimeout(timer); // the update listener must not echo a programmatic change
      timer = null;
    },
    setDiagnostics(diags) {
      view.dispatch(setDiagnostics(view.state, toCm(view.state.doc, diags || [])));
    },
    goto(line, column) {
      const pos = posOf(view.state.doc, line, column || 1);
      view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
      view.focus();
    },
    setReadOnly(ro) {
      view.dispatch({ effects: readOnlyConf.reconfigure([EditorState.readOnly.of(ro), EditorView.editable.of(!ro)]) });
    },
    focus: () => view.focus(),
    flush: () => { if (timer) flush(view); },
    /** The current typing pause in ms (for the benchmark and tests). */
    pause: () => pause,
    destroy() {
      clearTimeout(timer);
      view.destroy();
      bar?.bar.remove();
      if (api.current === handle) api.current = null;
    },
  };
  api.current = handle; // the page's editor, for tests and the console
  return handle;
}

const api = { create, version: 1, current: null };
if (typeof window !== "undefined") {
  window.hooksimEditor = api;
  window.hooksimLink = link;
  window.hooksimExtras = extras;
  window.hooksimLessons = lessons;
  window.hooksimPanel = panel;
  window.hooksimGallery = gallery;
  treeMarks.install(document);
  // The scenario panel's new controls, morphed into the old ones so that focus and clicks stay
  // where the user put them (crates/hooksim-web/src/panel.rs).
  window.hooksimMorph = (el, html) => {
    const next = el.cloneNode(false);
    next.innerHTML = html;
    morphdom(el, next, { childrenOnly: true });
  };
  // For an app that started first and waits for the editor.
  window.dispatchEvent(new Event("hooksim:editor"));
}
export default api;
