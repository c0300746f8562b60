// The playground's extras: the comparison (its HTML, SVG and Markdown), the JSON report and the
// Markdown summary come
// from the wasm API module, pkg/hooksim.js (the one embed.js loads, crates/hooksim-wasm), fetched
// the first time one of them is used. The playground's own wasm, which every first visit
// downloads, does not carry them (docs/playground.md, "Size"). Sets `window.hooksimExtras`,
// called by crates/hooksim-web/src/extras.rs:
//
//   hooksimExtras.ready() -> bool           the module is loaded
//   hooksimExtras.load() -> Promise         loads it once (again after a failure or a crash)
//   hooksimExtras.compare(input, compare, before, format) -> string   renderCompare
//   hooksimExtras.json(input) -> string     renderJson
//   hooksimExtras.markdown(input, url, compare, before) -> string   renderMarkdown ("Copy as Markdown")
//   hooksimExtras.tree(input) -> {html, diagnostics}   playgroundTree: an input with an Application
//                                           tree, which the playground's own wasm does not simulate
//
// The lessons (lessons.js) read their files and check their goals with the same module.
//
// A call that crashes the module (a bug: the wasm traps) leaves it dead; the next load() makes a
// new instance under a new URL, as embed.js does.

let mod = null;
let loading = null;
let instances = 0;

function load() {
  if (!loading) {
    const n = instances++;
    const url = (file) => new URL("pkg/" + file + (n ? "?instance=" + n : ""), document.baseURI).href;
    loading = import(/* a file of the site, not of the bundle */ url("hooksim.js"))
      .then(async (m) => {
        await m.default({ module_or_path: url("hooksim_bg.wasm") });
        mod = m;
      })
      .catch((e) => {
        loading = null;
        throw e;
      });
  }
  return loading;
}

/** Calls `f(module)`; a crash of the module (a trap) leaves it to be loaded anew. */
function call(f) {
  if (!mod) throw new Error("the wasm API module is not loaded");
  try {
    return f(mod);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      mod = null;
      loading = null;
    }
    throw e;
  }
}

export const extras = {
  ready: () => mod !== null,
  load,
  compare: (input, compare, before, format) =>
    call((m) => m.renderCompare(input, { compare: compare ?? undefined, before: before ?? undefined, format })),
  json: (input) => call((m) => m.renderJson(input)),
  markdown: (input, url, compare, before) =>
    call((m) => m.renderMarkdown(input, { url, compare: compare ?? undefined, before: before ?? undefined })),
  tree: (input) => call((m) => m.playgroundTree(input)),
  /** Calls `f` with the loaded module (lessons.js, panel.js), with the same care after a crash. */
  call,
};
