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

/** Replaces one element with its rendered simulation; resolves to the new element. */
export async function renderElement(el) {
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
    const fig = figureFor(m, inputOf(el, m), {
      title: el.getAttribute("data-title"),
      showSource: el.getAttribute("data-source") !== "hide",
      theme: el.getAttribute("data-theme"),
      compare: el.getAttribute("data-compare") || undefined,
      lesson: el.getAttribute("data-lesson"),
    });
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

/** Renders every `[data-hooksim]` element under `root` that is not rendered yet. */
export async function renderAll(root = document) {
  const els = [...root.querySelectorAll("[data-hooksim]:not([data-hooksim-error]):not([data-hooksim-busy])")];
  const figs = [];
  for (const el of els) figs.push(await renderElement(el));
  const doc = root.ownerDocument || root;
  doc.dispatchEvent(new CustomEvent("hooksim:done", { detail: { rendered: figs.filter(Boolean).length } }));
  return figs;
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
