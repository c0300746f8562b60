// hooksim embed: live Argo CD hook simulations in any static page, no build step.
//
//   <script type="module" src="https://YOUR-HOST/hooksim/embed.js"></script>
//   <pre data-hooksim>
//   apiVersion: batch/v1
//   kind: Job
//   ...
//   </pre>
//
// Every element with a `data-hooksim` attribute is replaced by the simulated timeline and result,
// rendered by the wasm engine (the same rendering as the playground's), with a link that opens the
// same input in the playground. The element's text is the YAML stream (manifests, optionally with
// a `kind: Scenario` document); `data-hooksim="ID"` on an empty element shows gallery example ID.
// Optional attributes: `data-title` (heading), `data-source="hide"` (no folded YAML under the
// result), `data-theme="light|dark"` (default: the reader's colour scheme), `data-compare="KEY=VALUE"`
// (the input beside a variant of itself, e.g. `argocdVersion=2.14`: both timelines, the
// differences marked; several settings joined by commas), `data-lesson="ID"` (a "Take the lesson"
// link to that guided lesson of the playground, docs/lessons.md).
// `<div data-hooksim-lesson="ID" data-step="N"></div>` embeds a guided lesson itself (docs/lessons.md):
// its text, each step's question answered in the page and checked (right or wrong, with the
// explanation and its rules), then the step's timeline; a goal to reach ("do" step) opens the
// playground, which checks it on every edit.
// For pages a framework renders, the module also defines the custom element
// `<hooksim-timeline src="app.yaml">` (see HooksimTimeline below and docs/embed.md).
//
// The module finds its wasm and the playground next to itself (import.meta.url), so a copy of
// `make dist`'s folder works from any static server or subpath. Also usable from code:
//   import { renderAll, renderElement, playgroundUrl } from ".../embed.js";

const BASE = new URL(".", import.meta.url);

let loading = null;
let loaded = null; // the bindings, once load() resolved
let instances = 0; // how many module instances were created (a crash discards one)

/** Loads the wasm module once; resolves to the bindings (see pkg/hooksim.d.ts). */
export function load() {
  if (!loading) {
    // A fresh URL makes a fresh module (and wasm instance) after a crash: a module that trapped
    // is not trusted again (a panic aborts in the middle of its work; its memory is as it was).
    const n = instances++;
    const url = new URL("pkg/hooksim.js", BASE);
    if (n > 0) url.searchParams.set("instance", String(n));
    loading = import(url.href).then(async (m) => {
      await m.default({ module_or_path: new URL("pkg/hooksim_bg.wasm", BASE) });
      loaded = m;
      return m;
    });
    loading.catch(() => { loading = null; });
  }
  return loading;
}

/** How many wasm instances this page has created: 1, plus one after each crash. */
export function instanceCount() {
  return instances;
}

/** After `e` was thrown by the module: a trap (`WebAssembly.RuntimeError`, a panic of the
 * engine) means the instance is dead; the next `load()` creates a new one. */
function discardIfCrashed(e) {
  if (e instanceof WebAssembly.RuntimeError) {
    loading = null;
    loaded = null;
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Playground links. The format lives in Rust (crates/hooksim-session/src/share.rs) and reaches JS
// through the wasm module: `index.html#v1/<deflate + base64url of {"input": ...}>`. Before the
// module has loaded (it always has once an embed rendered), a link falls back to the older
// uncompressed `#yaml/<base64url of the UTF-8 input>`, which the playground still reads.

const YAML_PREFIX = "#yaml/";

function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s) {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** The playground URL that opens `input` (absolute, next to this script), with an optional view
 * (`{compare: "argocdVersion=2.14"}`: opened compared; needs the module loaded). */
export function playgroundUrl(input, base = BASE, view = undefined) {
  const hash = loaded ? loaded.shareHash(input, view) : YAML_PREFIX + toBase64Url(input);
  return new URL("index.html" + hash, base).href;
}

/** The input a playground URL hash carries (the inverse of `playgroundUrl`), or null. */
export function inputFromHash(hash) {
  if (!hash) return null;
  if (loaded) {
    const state = loaded.readHash(hash);
    return state && typeof state.input === "string" ? state.input : null;
  }
  if (!hash.startsWith(YAML_PREFIX)) return null;
  try {
    return fromBase64Url(hash.slice(YAML_PREFIX.length));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------

/** Adds the embed stylesheet to the document once. */
export function injectStyles(m, doc = document) {
  if (doc.getElementById("hooksim-embed-css")) return;
  const style = doc.createElement("style");
  style.id = "hooksim-embed-css";
  style.textContent = m.embedCss();
  doc.head.append(style);
}

/** Removes the indentation common to all lines and blank lines around: HTML authors indent. */
export function dedent(text) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  const indents = lines.filter((l) => l.trim()).map((l) => l.match(/^[ \t]*/)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join("\n") + "\n";
}

function inputOf(el, m) {
  const id = el.getAttribute("data-hooksim");
  const text = el.textContent || "";
  if (id && !text.trim()) {
    const ex = m.examples().find((e) => e.id === id);
    if (!ex) throw new Error(`no gallery example with the id "${id}"`);
    return ex.text;
  }
  return dedent(text);
}

/** The error box shown instead of an example that could not render. */
function errorBox(message) {
  const box = document.createElement("div");
  box.className = "hs-load-error";
  box.setAttribute("role", "alert");
  // Inline style: when the wasm did not load, neither did the stylesheet.
  box.style.cssText = "border:1px solid #cf222e;border-radius:6px;padding:8px 12px;margin:1em 0;color:#cf222e;font:14px system-ui,sans-serif";
  const msg = document.createElement("div");
  msg.className = "hs-error";
  msg.textContent = "hooksim could not render this example: " + message;
  box.append(msg);
  return box;
}

function failure(el, message) {
  el.before(errorBox(message));
  el.setAttribute("data-hooksim-error", message);
}

/** The message for an error thrown while rendering (a crash discards the wasm instance). */
function renderError(e) {
  const crashed = discardIfCrashed(e);
  return (crashed ? "hooksim crashed on this input (a bug in hooksim, please report it): " : "") +
    (e && e.message ? e.message : String(e));
}

function loadError(e) {
  return "the wasm module did not load (" + (e && e.message ? e.message : e) + ")";
}

/** The rendered `<figure class="hs-embed">` of `input`, with its "Open in playground" link
 *  (and "Take the lesson" when `lesson` names one, docs/lessons.md). */
function figureFor(m, input, { title, showSource = true, theme, compare, lesson } = {}) {
  const html = m.renderEmbed(input, { title: title || undefined, showSource, compare });
  const holder = document.createElement("div");
  holder.innerHTML = html; // built by hooksim-render, every text from the input escaped
  const fig = holder.firstElementChild;
  // Rule ids link to the rule book next to this script (rules.html), not next to the host page.
  for (const a of fig.querySelectorAll("a.hs-rule")) a.href = new URL(a.getAttribute("href"), BASE).href;
  if (theme === "light" || theme === "dark") fig.classList.add("hs-theme-" + theme);
  const link = document.createElement("a");
  link.className = "hs-open";
  link.href = playgroundUrl(input, BASE, compare ? { compare } : undefined);
  link.target = "_blank";
  link.rel = "noopener";
  link.textContent = "Open in playground ↗";
  fig.querySelector(".hs-actions").append(link);
  if (lesson) {
    const take = document.createElement("a");
    take.className = "hs-open hs-lesson";
    take.href = new URL("index.html#lesson/" + encodeURIComponent(lesson) + "/1", BASE).href;
    take.target = "_blank";
    take.rel = "noopener";
    take.textContent = "Take the lesson ↗";
    fig.querySelector(".hs-actions").append(" ", take);
  }
  return fig;
}

/** Replaces `el` with the figure `build(m)` makes once the module has loaded and the styles are
 *  in; on failure `el` stays, with the error above it. Resolves to the figure, or null. */
async function replaceRendered(el, build) {
  if (!el.isConnected || el.hasAttribute("data-hooksim-busy")) return null;
  el.setAttribute("data-hooksim-busy", "");
  let m;
  try {
    m = await load();
  } catch (e) {
    el.removeAttribute("data-hooksim-busy");
    failure(el, loadError(e));
    return null;
  }
  injectStyles(m, el.ownerDocument);
  try {
    const fig = await build(m);
    if (el.id) fig.id = el.id;
    el.replaceWith(fig);
    fig.dispatchEvent(new CustomEvent("hooksim:rendered", { bubbles: true }));
    return fig;
  } catch (e) {
    el.removeAttribute("data-hooksim-busy");
    failure(el, renderError(e));
    return null;
  }
}

/** Replaces one element with its rendered simulation; resolves to the new element. */
export function renderElement(el) {
  return replaceRendered(el, (m) => figureFor(m, inputOf(el, m), {
    title: el.getAttribute("data-title"),
    showSource: el.getAttribute("data-source") !== "hide",
    theme: el.getAttribute("data-theme"),
    compare: el.getAttribute("data-compare") || undefined,
    lesson: el.getAttribute("data-lesson"),
  }));
}

/** Renders every `[data-hooksim]` and `[data-hooksim-lesson]` element under `root` that is not
 *  rendered yet. */
export async function renderAll(root = document) {
  const els = [...root.querySelectorAll("[data-hooksim]:not([data-hooksim-error]):not([data-hooksim-busy])")];
  const figs = [];
  for (const el of els) figs.push(await renderElement(el));
  const lessons = [...root.querySelectorAll("[data-hooksim-lesson]:not(figure):not([data-hooksim-error]):not([data-hooksim-busy])")];
  for (const el of lessons) figs.push(await renderLesson(el));
  const doc = root.ownerDocument || root;
  doc.dispatchEvent(new CustomEvent("hooksim:done", { detail: { rendered: figs.filter(Boolean).length } }));
  return figs;
}

// ---------------------------------------------------------------------------------------------
// An embedded lesson (issue 13): `<div data-hooksim-lesson="syncfail" data-step="1"></div>`.
// The lesson file is fetched next to this script (lessons/index.txt, then lessons/NN-<id>.yaml:
// `make dist` puts them there for the playground) and read by the wasm module (`lesson()`), so a
// docs page shows the very lessons the playground teaches. A predict step is answered in the page:
// the verdict and the explanation (with its rules) appear, then the step's timeline, which stays
// hidden until then. A do step (a goal reached by editing the input) links to the playground,
// which checks the goal on every edit. A right answer is kept in the playground's progress
// (localStorage `hooksim.lessons.v1`, the same origin only). Rendered: a
// `<figure class="hs-embed hs-lesson-embed" data-lesson data-step>` with `data-answer="right|wrong"`
// once answered, and a `hooksim:rendered` event.

const LESSON_CSS = `
.hs-lesson-embed .hs-lesson-text p, .hs-lesson-embed .hs-verdict p { margin: 0 0 .6em; }
.hs-lesson-steps { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 8px 0; font-size: 13px; }
.hs-lesson-embed button { font: inherit; font-size: 13px; padding: 4px 10px; border-radius: 6px; cursor: pointer;
  border: 1px solid var(--hs-border); background: var(--hs-panel); color: var(--hs-fg); }
.hs-lesson-embed button[aria-current="step"] { border-color: var(--hs-link); color: var(--hs-link); font-weight: 600; }
.hs-lesson-work { border-left: 3px solid var(--hs-link); padding: 4px 0 4px 10px; margin: 8px 0; }
.hs-lesson-q { font-weight: 600; margin: 0 0 8px; }
.hs-lesson-choices { display: flex; flex-direction: column; align-items: flex-start; gap: 6px; }
.hs-lesson-choices button { text-align: left; max-width: 100%; }
.hs-lesson-choices button.hs-right { border-color: var(--hs-ok); box-shadow: inset 3px 0 var(--hs-ok); }
.hs-lesson-choices button.hs-wrong { border-color: var(--hs-fail); box-shadow: inset 3px 0 var(--hs-fail); }
.hs-lesson-number { display: flex; gap: 6px; align-items: center; }
.hs-lesson-number input { width: 7em; font: inherit; padding: 3px 6px; border: 1px solid var(--hs-border);
  border-radius: 6px; background: var(--hs-bg); color: var(--hs-fg); }
.hs-verdict { margin: 10px 0 0; padding: 8px 10px; border-radius: 6px; background: var(--hs-panel); border-left: 3px solid; }
.hs-verdict.hs-right { border-left-color: var(--hs-ok); }
.hs-verdict.hs-wrong { border-left-color: var(--hs-fail); }
.hs-verdict > b:first-child { display: block; margin-bottom: 4px; }
.hs-lesson-embed .hs-rule { color: var(--hs-link); }
.hs-lesson-veil { color: var(--hs-muted); font-style: italic; margin: 8px 0 0; }
.hs-lesson-embed .hs-embed { border: 0; padding: 0; margin: 10px 0 0; }
.hs-lesson-embed details { margin: 8px 0; }
`;

const PROGRESS_KEY = "hooksim.lessons.v1";

function keepProgress(id, step) {
  try {
    const done = (localStorage.getItem(PROGRESS_KEY) || "").split("\n").filter(Boolean);
    const key = `${id}/${step}`;
    if (!done.includes(key)) localStorage.setItem(PROGRESS_KEY, [...done, key].join("\n"));
  } catch {
    // No storage (a sandboxed frame, privacy settings): the lesson works without progress.
  }
}

async function fetchText(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url.href}: HTTP ${res.status}`);
  return res.text();
}

/** The lesson `id`, read by the wasm module from the lesson files next to this script. */
export async function fetchLesson(m, id) {
  const file = m.lessonFile(await fetchText(new URL("lessons/index.txt", BASE)), id);
  if (!file) throw new Error(`no lesson with the id "${id}" (lessons/index.txt)`);
  return m.lesson(await fetchText(new URL("lessons/" + file, BASE)));
}

function tag(doc, name, attrs = {}, ...children) {
  const e = doc.createElement(name);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "html") e.innerHTML = v; // built by hooksim-render, every text of the file escaped
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

/** Fills `fig` with step `n` (1-based) of `lesson`; `answer` is the learner's, if any. After a
 *  click (`focus`), the focus goes to the verdict or the question: the control clicked is gone. */
function drawLessonStep(m, fig, lesson, n, answer, focus = false) {
  const theme = fig.classList.contains("hs-theme-dark") ? "dark" : fig.classList.contains("hs-theme-light") ? "light" : undefined;
  const doc = fig.ownerDocument;
  const step = lesson.steps[n - 1];
  const playground = (k) => new URL(`index.html#lesson/${encodeURIComponent(lesson.id)}/${k}`, BASE).href;
  fig.setAttribute("data-step", String(n));
  fig.removeAttribute("data-answer");
  const open = tag(doc, "a", { class: "hs-open", href: playground(n), target: "_blank", rel: "noopener", text: "Take it in the playground ↗" });
  const head = tag(doc, "figcaption", { class: "hs-head" },
    tag(doc, "span", { class: "hs-title", text: "Lesson: " + lesson.title }), tag(doc, "span", { class: "hs-actions" }, open));
  const text = tag(doc, "div", { class: "hs-lesson-text", html: lesson.textHtml });
  const nav = tag(doc, "nav", { class: "hs-lesson-steps", "aria-label": "Steps" }, "Step");
  lesson.steps.forEach((s, i) => {
    const b = tag(doc, "button", { type: "button", "data-step": String(i + 1), "aria-label": `Step ${i + 1}: ${s.kind}`, text: String(i + 1) });
    if (i + 1 === n) b.setAttribute("aria-current", "step");
    b.addEventListener("click", () => drawLessonStep(m, fig, lesson, i + 1, undefined, true));
    nav.append(b);
  });
  const work = tag(doc, "div", { class: "hs-lesson-work" });
  const parts = [head, text, nav, work];
  if (step.kind === "do") {
    work.append(
      tag(doc, "p", { class: "hs-lesson-q", tabindex: "-1" }, tag(doc, "b", { text: "Do: " }), step.question),
      tag(doc, "details", {}, tag(doc, "summary", { text: "Hint" }), tag(doc, "div", { html: step.hintHtml })),
      tag(doc, "a", { class: "hs-open hs-lesson-do", href: playground(n), target: "_blank", rel: "noopener", text: "Do it in the playground ↗ (it checks your edits)" }),
    );
    parts.push(figureFor(m, step.input, { title: "The starting input", showSource: true, theme }));
  } else {
    work.append(tag(doc, "p", { class: "hs-lesson-q", tabindex: "-1" }, tag(doc, "b", { text: "Predict: " }), step.question));
    const answerWith = (a) => drawLessonStep(m, fig, lesson, n, a, true);
    if (step.choices.length) {
      const group = tag(doc, "div", { class: "hs-lesson-choices", role: "group", "aria-label": "Choices" });
      step.choices.forEach((c, i) => {
        const b = tag(doc, "button", { type: "button", "data-i": String(i), text: c.text });
        if (answer && answer.choice === i) b.className = c.right ? "hs-right" : "hs-wrong";
        b.addEventListener("click", () => answerWith({ choice: i }));
        group.append(b);
      });
      work.append(group);
    } else {
      const input = tag(doc, "input", { type: "number", inputmode: "numeric", required: "", "aria-label": "Your answer" });
      if (answer) input.value = String(answer.number);
      const form = tag(doc, "form", { class: "hs-lesson-number" }, input, tag(doc, "button", { type: "submit", text: "Answer" }));
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        const v = Number(input.value.trim());
        if (input.value.trim() !== "" && Number.isFinite(v)) answerWith({ number: v });
      });
      work.append(form);
    }
    if (answer) {
      const choice = answer.choice !== undefined ? step.choices[answer.choice] : null;
      const right = choice ? choice.right : answer.number === step.answer;
      const explain = choice ? choice.explainHtml : right ? step.explainHtml : step.wrongHtml;
      fig.setAttribute("data-answer", right ? "right" : "wrong");
      const verdict = tag(doc, "div", { class: "hs-verdict " + (right ? "hs-right" : "hs-wrong"), role: "status", tabindex: "-1" },
        tag(doc, "b", { text: right ? "Right." : "Not quite." }), tag(doc, "div", { html: explain }));
      if (right) {
        keepProgress(lesson.id, n);
        if (n < lesson.steps.length) {
          const next = tag(doc, "button", { type: "button", class: "hs-next", text: "Next step →" });
          next.addEventListener("click", () => drawLessonStep(m, fig, lesson, n + 1, undefined, true));
          verdict.append(next);
        }
      } else {
        verdict.append(tag(doc, "p", { text: "The timeline is shown below: try another answer, or read on." }));
      }
      work.append(verdict);
      parts.push(figureFor(m, step.input, { title: "What happens", showSource: true, theme }));
    } else {
      parts.push(tag(doc, "p", { class: "hs-lesson-veil", text: "The timeline is shown once you have answered." }));
    }
  }
  fig.replaceChildren(...parts);
  if (focus) (fig.querySelector(".hs-verdict") || fig.querySelector(".hs-lesson-q"))?.focus();
  for (const a of fig.querySelectorAll(".hs-lesson-text a.hs-rule, .hs-lesson-work a.hs-rule")) {
    a.href = new URL(a.getAttribute("href"), BASE).href;
  }
}

/** Replaces a `[data-hooksim-lesson]` element with the embedded lesson; resolves to the figure. */
export function renderLesson(el) {
  return replaceRendered(el, async (m) => {
    const doc = el.ownerDocument;
    if (!doc.getElementById("hooksim-lesson-css")) doc.head.append(tag(doc, "style", { id: "hooksim-lesson-css", text: LESSON_CSS }));
    const lesson = await fetchLesson(m, el.getAttribute("data-hooksim-lesson"));
    const n = Math.min(Math.max(parseInt(el.getAttribute("data-step") || "1", 10) || 1, 1), lesson.steps.length);
    const fig = tag(doc, "figure", { class: "hs-embed hs-lesson-embed", "data-lesson": lesson.id, "aria-label": "Lesson: " + lesson.title });
    const theme = el.getAttribute("data-theme");
    if (theme === "light" || theme === "dark") fig.classList.add("hs-theme-" + theme);
    drawLessonStep(m, fig, lesson, n);
    return fig;
  });
}

// ---------------------------------------------------------------------------------------------
// <hooksim-timeline>: the same live simulation as a custom element, for pages whose DOM a
// framework owns (Docusaurus, VitePress, …). The element stays where it is; the rendering goes
// into its (open) shadow root, so the framework's children (the inline YAML) are left alone and
// no page CSS leaks in or out. Attributes:
//   src="URL"        a YAML file, fetched relative to the page (else the element's text is the input)
//   example="ID"     a gallery example (web/examples/*.yaml, metadata.name)
//   heading="…"      the heading (default: the scenario's metadata.name)
//   hide-source      no folded YAML under the result
//   theme="light|dark"
//   lesson="ID"      a "Take the lesson" link to that lesson of the playground (docs/lessons.md)
// A change of any of them renders again. When rendered: `data-phase` on the element (the final
// phase) and a `hooksim:rendered` event; on failure, `data-hooksim-error` and an error box.
// Style the figure from outside with `hooksim-timeline::part(embed) { --hs-ok: … }`.

const ELEMENT_ATTRS = ["src", "example", "heading", "hide-source", "theme", "lesson"];

async function elementInput(el, m) {
  const src = el.getAttribute("src");
  if (src) {
    const url = new URL(src, el.ownerDocument.baseURI);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url.href}: HTTP ${res.status}`);
    return await res.text();
  }
  const id = el.getAttribute("example");
  if (id) {
    const ex = m.examples().find((e) => e.id === id);
    if (!ex) throw new Error(`no gallery example with the id "${id}"`);
    return ex.text;
  }
  return dedent(el.textContent || "");
}

const BaseElement = typeof HTMLElement === "undefined" ? class {} : HTMLElement;

export class HooksimTimeline extends BaseElement {
  static get observedAttributes() {
    return ELEMENT_ATTRS;
  }

  connectedCallback() {
    this.render();
  }

  attributeChangedCallback(name, old, value) {
    if (old !== value && this.isConnected && this.shadowRoot) this.render();
  }

  /** Renders (again); resolves to the figure, or null after an error (shown in the element). */
  async render() {
    const turn = (this._turn = (this._turn || 0) + 1);
    const root = this.shadowRoot || this.attachShadow({ mode: "open" });
    let content;
    try {
      let m;
      try {
        m = await load();
      } catch (e) {
        throw new Error(loadError(e));
      }
      const input = await elementInput(this, m);
      if (turn !== this._turn) return null;
      const style = document.createElement("style");
      style.textContent = ":host { display: block; }\n" + m.embedCss();
      const fig = figureFor(m, input, {
        title: this.getAttribute("heading"),
        showSource: !this.hasAttribute("hide-source"),
        theme: this.getAttribute("theme"),
        lesson: this.getAttribute("lesson"),
      });
      fig.setAttribute("part", "embed");
      content = [style, fig];
    } catch (e) {
      if (turn !== this._turn) return null;
      const message = renderError(e);
      root.replaceChildren(errorBox(message));
      this.removeAttribute("data-phase");
      this.setAttribute("data-hooksim-error", message);
      return null;
    }
    root.replaceChildren(...content);
    const fig = content[1];
    this.removeAttribute("data-hooksim-error");
    this.setAttribute("data-phase", fig.getAttribute("data-phase"));
    this.dispatchEvent(new CustomEvent("hooksim:rendered", { bubbles: true, composed: true }));
    return fig;
  }
}

if (typeof customElements !== "undefined" && !customElements.get("hooksim-timeline")) {
  customElements.define("hooksim-timeline", HooksimTimeline);
}

// Run by itself when loaded as a script, unless the page opts out with data-hooksim-manual on
// the <html> element (then call renderAll() yourself).
if (typeof document !== "undefined" && !document.documentElement.hasAttribute("data-hooksim-manual")) {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => renderAll());
  } else {
    renderAll();
  }
}
