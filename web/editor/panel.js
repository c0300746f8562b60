// The playground's scenario panel ("What the cluster does"): its controls are HTML made by the
// wasm API module (`panelHtml`, hooksim-session's panel view; extras.js loads the module the
// first time the panel is shown), and a change of a control becomes the new input through
// `panelEdit`, which rewrites the `kind: Scenario` document and keeps its comments. The
// playground's own wasm carries neither (docs/playground.md, "Size"). Sets `window.hooksimPanel`,
// called by crates/hooksim-web/src/panel.rs:
//
//   hooksimPanel.render(host, input, rewrite, error)   the panel of `input` in the element `host`;
//     `rewrite(text)` gives the page the new input, `error(message)` says why a change could not
//     be made.
//
// The new controls are morphed into the old ones (morphdom): the control the user clicked or
// tabbed to while a change was being applied keeps its focus and gets the click (issue 12).

import { extras } from "./extras.js";

const st = { host: null, input: "", rewrite: null, error: null, shown: null, loading: false };

function morph(host, html) {
  if (html === st.shown) return;
  st.shown = html;
  window.hooksimMorph(host, html);
}

function draw() {
  const { host } = st;
  if (!host) return;
  if (!extras.ready()) {
    morph(host, `<p class="pg-hint" role="status">Loading the scenario panel…</p>`);
    if (!st.loading) {
      st.loading = true;
      extras.load().then(draw, (e) => {
        morph(host, `<p class="pg-panel-error" role="alert">The scenario panel could not be loaded (${String(e.message ?? e).replace(/[&<>"]/g, "")}): reload the page to try again.</p>`);
      }).finally(() => { st.loading = false; });
    }
    return;
  }
  try {
    morph(host, extras.call((m) => m.panelHtml(st.input)));
  } catch (e) {
    st.error?.(String(e.message ?? e));
  }
}

/** A control changed (or a button of the panel was pressed). */
function handle(el) {
  if (!el?.dataset?.act || !extras.ready()) return;
  const control = {};
  for (const name of el.getAttributeNames()) control[name] = el.getAttribute(name);
  const value = el instanceof HTMLInputElement || el instanceof HTMLSelectElement ? el.value : "";
  const checked = el instanceof HTMLInputElement && el.checked;
  let out;
  try {
    out = extras.call((m) => m.panelEdit(st.input, control, value, checked));
  } catch (e) {
    st.error?.(String(e.message ?? e));
    return;
  }
  if (out !== st.input) st.rewrite?.(out);
}

function render(host, input, rewrite, error) {
  if (host !== st.host) {
    st.host = host;
    st.shown = null;
    host.addEventListener("change", (e) => handle(e.target));
    host.addEventListener("click", (e) => handle(e.target.closest?.("button[data-act]")));
  }
  Object.assign(st, { input, rewrite, error });
  draw();
}

export const panel = { render };
