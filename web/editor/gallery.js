// The playground's gallery (issue 12 #14): the examples in their sections (the basics first, then
// failures, deletion, Jobs, versions; web/examples/gallery.txt), "start here" on the first, a
// search box, each example with its outcome badge. Its index is gallery.json next to the page
// (`make gallery`: the wasm API module's `gallery()`), read the first time the gallery opens, so
// that the playground's wasm carries neither the list nor its view (docs/playground.md, "Size").
// Sets `window.hooksimGallery`, called by crates/hooksim-web/src/gallery_view.rs:
//
//   hooksimGallery.open(current, toggle)   draws the gallery into #pg-gallery-host, with the
//     example `current` (its id, or "") marked; with `toggle`, closes it when it is open.
//
// While it is open the script owns it: the focus goes to its search box; a pick closes it (its
// link's #example/<id> opens the example); Esc, ✕ and a click outside close it and give the focus
// back to the Examples button, whose aria-expanded (and pg-on) say whether it is open.

const BUTTON_ID = "pg-examples-btn";
const HOST_ID = "pg-gallery-host";
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

let index = null;

function loadIndex() {
  if (!index) {
    index = fetch("gallery.json").then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status} for gallery.json`);
      return r.json();
    });
    index.catch(() => { index = null; });
  }
  return index;
}

/** Every word of `query` in the example's title, id, section or outcome (ASCII case-insensitive). */
function matches(e, section, query) {
  const hay = `${e.title} ${e.id} ${section} ${e.phase}`.toLowerCase();
  return query.split(/\s+/).filter(Boolean).every((w) => hay.includes(w.toLowerCase()));
}

function listHtml(idx, query, current) {
  const start = idx.sections[0]?.examples[0]?.id;
  const total = idx.sections.reduce((n, s) => n + s.examples.length, 0);
  let shown = 0;
  let html = "";
  for (const s of idx.sections) {
    const list = s.examples.filter((e) => matches(e, s.name, query));
    if (!list.length) continue;
    shown += list.length;
    html += `<section class="pg-gallery-section" aria-label="${esc(s.name)}"><h2>${esc(s.name)}</h2><ul>`;
    for (const e of list) {
      html += `<li${e.id === current ? ' class="pg-current"' : ""}><a href="#example/${esc(e.id)}" data-id="${esc(e.id)}">`
        + `<span class="pg-ex-title">${e.id === start ? '<span class="pg-start">Start here</span> ' : ""}${esc(e.title)}</span>`
        + `<span class="hs-badge pg-ex-phase hs-phase-${esc(e.phase.toLowerCase())}" data-phase="${esc(e.phase)}" title="The outcome: the final phase of the last operation">${esc(e.phase)}</span>`
        + `<span class="pg-ex-id">${esc(e.id)}</span></a></li>`;
    }
    html += "</ul></section>";
  }
  if (!shown) html = `<p class="pg-hint pg-gallery-none">No example matches.</p>`;
  return { html, count: `${shown} of ${total}` };
}

let shown = null;

/** Closes the gallery; `refocus` gives the focus back to the Examples button. */
function close(refocus) {
  if (!shown) return;
  shown.host.replaceChildren();
  document.removeEventListener("keydown", shown.onKey, true);
  shown = null;
  const button = document.getElementById(BUTTON_ID);
  button?.setAttribute("aria-expanded", "false");
  button?.classList.remove("pg-on");
  if (refocus) button?.focus();
}

function open(current, toggle) {
  if (shown) {
    if (toggle) close(false);
    return;
  }
  const host = document.getElementById(HOST_ID);
  if (!host) return;
  host.innerHTML = `<div class="pg-gallery-wrap"><nav id="pg-gallery" class="pg-gallery" aria-label="Examples"><div class="pg-gallery-head">`
    + `<input type="search" class="pg-gallery-search" placeholder="Search the examples" aria-label="Search the examples">`
    + `<span class="pg-gallery-count" role="status"></span>`
    + `<button class="pg-btn pg-icon" aria-label="Close the examples">✕</button></div>`
    + `<div class="pg-gallery-list"><p class="pg-hint" role="status">Loading the examples…</p></div></nav></div>`;
  const wrap = host.firstElementChild;
  const nav = wrap.firstElementChild;
  const search = nav.querySelector(".pg-gallery-search");
  const count = nav.querySelector(".pg-gallery-count");
  const list = nav.querySelector(".pg-gallery-list");
  const onKey = (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close(true);
    }
  };
  shown = { host, onKey };
  document.addEventListener("keydown", onKey, true);
  const button = document.getElementById(BUTTON_ID);
  button?.setAttribute("aria-expanded", "true");
  button?.classList.add("pg-on");
  let idx = null;
  const draw = () => {
    if (!idx) return;
    const out = listHtml(idx, search.value, current);
    list.innerHTML = out.html;
    count.textContent = out.count;
  };
  search.addEventListener("input", draw);
  nav.querySelector("button").addEventListener("click", () => close(true));
  // A click outside the list closes; a pick closes and its link opens the example.
  wrap.addEventListener("click", (e) => {
    if (!nav.contains(e.target)) close(true);
    else if (e.target.closest("a[data-id]")) close(false);
  });
  search.focus();
  loadIndex().then(
    (i) => { idx = i; draw(); },
    (e) => { list.innerHTML = `<p class="pg-panel-error" role="alert">The examples could not be loaded (${esc(e.message ?? e)}): reload the page to try again.</p>`; },
  );
}

export const gallery = { open };
