// The Application tree view (crates/hooksim-session/src/tree_view.rs, HTML the wasm API module
// draws for an app-of-apps or an ApplicationSet) has no player and no detail box of its own:
// this makes its timeline's marks keyboard stops once the timeline is reached (Tab into it, or a
// click), and shows the focused or clicked mark's text in a line under the timeline, the way
// the page's own timeline shows a mark in its detail box. Nothing runs for any other input: the
// listeners look only inside `.pg-tree-tl`.

const MARK = "circle.hs-mark";

/** Tab stops on the marks of one tree timeline (again after each redraw, which drops them). */
function decorate(tl) {
  for (const m of tl.querySelectorAll(`${MARK}:not([tabindex])`)) {
    const text = m.querySelector("title")?.textContent ?? "";
    m.setAttribute("tabindex", "0");
    m.setAttribute("role", "button");
    m.setAttribute("aria-label", text);
  }
  tl.querySelector("svg.hs-svg")?.setAttribute("role", "group");
}

/** The mark's text in the line under its timeline (made the first time). */
function show(tl, mark) {
  let line = tl.nextElementSibling?.classList.contains("pg-tree-detail") ? tl.nextElementSibling : null;
  if (!line) {
    line = document.createElement("p");
    line.className = "pg-tree-detail";
    line.setAttribute("role", "status");
    tl.after(line);
  }
  line.textContent = mark.querySelector("title")?.textContent ?? "";
}

function handle(e) {
  const tl = e.target?.closest?.(".pg-tree-tl");
  if (!tl) return;
  decorate(tl);
  const mark = e.target.closest(MARK);
  if (mark) show(tl, mark);
}

export const treeMarks = {
  /** Listens on `doc` (once). */
  install(doc = document) {
    doc.addEventListener("focusin", handle);
    doc.addEventListener("click", handle);
  },
};
