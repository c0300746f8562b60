// The playground's lessons (issue 13): `#lessons` lists them, `#lesson/<id>/<step>` opens one
// step. The lesson files are data fetched at run time (`lessons/index.txt`, then
// `lessons/NN-<id>.yaml`, copied next to the page by Trunk) and read by the wasm API module
// (`lesson()`, `lessonCheck()`; extras.js loads it the first time a lesson opens), so that neither
// the lessons' texts nor their reader and the goals' check are in the playground's own wasm
// (docs/playground.md, "Size"). A step's starting input goes into the playground's editor; a
// predict step veils the timeline (`<html class="pg-veil">`, web/playground.css) until it is
// answered; a do step's goal (a `hooksim test` expectation) is checked on every new input.
// Progress is kept in localStorage (`hooksim.lessons.v1`: one `<id>/<step>` a line for every
// step done). Sets `window.hooksimLessons`, called by crates/hooksim-web/src/lesson.rs:
//
//   hooksimLessons.render(host, id, step, input, busy, load)   the lesson `id` (null: the list)
//     at `step` (1-based), as lesson.rs read it from the URL, in the element `host`; `input` is
//     the playground's current input (a do step's goal is checked on it), `busy` that the page is
//     still fetching what it opened with, `load(text)` puts a text into the editor
//   hooksimLessons.hide()    the lessons are closed (the veil goes)

import { extras } from "./extras.js";

const PROGRESS_KEY = "hooksim.lessons.v1";
const DEFAULT_EXAMPLE = "presync-postsync";

const esc = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function doneList() {
  try {
    return localStorage.getItem(PROGRESS_KEY) ?? "";
  } catch {
    return "";
  }
}

const isDone = (done, id, step) => done.split("\n").includes(`${id}/${step}`);

// What the view shows besides the lessons.
const st = {
  host: null,
  route: null, // { id, step }: the lesson (id null: the list) and its step
  key: "", // the route as "<id>/<step>"
  input: "",
  busy: false,
  load: null,
  /** null while loading; { error } when the index could not be read; else { list } of
   *  { lesson, text } or { error } per file. */
  lessons: null,
  fetching: false,
  answer: null, // { choice: i } or { number: n }
  hint: false,
  loaded: null, // the route whose starting input was put into the editor
  pending: null, // a text put into the editor that the page has not simulated yet
  checked: null, // { key, missing }: the goal's check of an input
  shown: "",
};

async function fetchText(path) {
  const r = await fetch(path);
  if (!r.ok) throw new Error(`HTTP ${r.status} for ${path}`);
  return r.text();
}

async function fetchAll() {
  await extras.load();
  const index = await fetchText("lessons/index.txt");
  const files = index.split("\n").map((l) => l.split("#")[0].trim()).filter(Boolean);
  const list = [];
  for (const file of files) {
    try {
      const text = await fetchText(`lessons/${file}`);
      list.push({ lesson: extras.call((m) => m.lesson(text)), text });
    } catch (e) {
      list.push({ error: `${file}: ${e.message ?? e}` });
    }
  }
  return { list };
}

/** The lesson and the step the route names, among the lessons that read. */
function current(r) {
  const list = st.lessons?.list ?? [];
  const found = r?.id ? list.find((l) => l.lesson?.id === r.id) : null;
  return { entry: found, lesson: found?.lesson ?? null, step: found?.lesson.steps[r.step - 1] ?? null };
}

function rightAnswer(step, a) {
  if (!a) return false;
  if ("choice" in a) return !!step.choices[a.choice]?.right;
  return step.answer === a.number;
}

function explainFor(step, a) {
  if ("choice" in a) return step.choices[a.choice]?.explainHtml ?? "";
  return rightAnswer(step, a) ? step.explainHtml : step.wrongHtml;
}

/** The goal's check of the current input: [] when reached, else what is missing (cached). */
function missing(entry, r) {
  const key = `${r.id}/${r.step}\n${st.input}`;
  if (st.checked?.key !== key) {
    let m;
    try {
      m = extras.call((mod) => mod.lessonCheck(entry.text, r.step, st.input));
    } catch (e) {
      m = [String(e.message ?? e)];
    }
    st.checked = { key, missing: m };
  }
  return st.checked.missing;
}

function listHtml(r, done) {
  let s = "";
  if (r.id) s += `<p class="pg-hint" role="alert">There is no lesson "${esc(r.id)}".</p>`;
  s += `<ol class="pg-lesson-list">`;
  for (const l of st.lessons.list) {
    if (l.error) {
      s += `<li class="pg-lesson-error">${esc(l.error)}</li>`;
      continue;
    }
    const { id, title, steps } = l.lesson;
    const n = steps.length;
    const d = steps.filter((_, i) => isDone(done, id, i + 1)).length;
    s += `<li><a href="#lesson/${esc(id)}/1">${esc(title)}</a> <span class="pg-lesson-progress">${d}/${n} steps done</span></li>`;
  }
  return s + "</ol>";
}

function stepHtml(entry, r, done, reached) {
  const l = entry.lesson;
  const n = l.steps.length;
  const id = esc(l.id);
  const i = r.step - 1;
  let s = i === 0
    ? `<div class="pg-lesson-text">${l.textHtml}</div>`
    : `<details class="pg-lesson-text"><summary>The lesson's text</summary>${l.textHtml}</details>`;
  s += `<nav class="pg-lesson-steps" aria-label="Steps">`;
  for (let k = 1; k <= n; k++) {
    const on = k === r.step;
    const d = isDone(done, l.id, k);
    s += `<a href="#lesson/${id}/${k}" class="pg-lesson-step${on ? " pg-on" : ""}${d ? " pg-done" : ""}"${on ? ` aria-current="step"` : ""}>${k}${d ? ` <span aria-label="done">✓</span>` : ""}</a>`;
  }
  s += "</nav>";
  const step = l.steps[i];
  if (!step) return s + `<p class="pg-hint" role="alert">This lesson has ${n} steps.</p>`;
  const next = r.step < n
    ? `<a class="pg-btn pg-primary pg-next" href="#lesson/${id}/${r.step + 1}">Next step →</a>`
    : `<a class="pg-btn pg-primary pg-next" href="#lessons">Done: all lessons →</a>`;
  const label = step.kind === "do" ? "Do" : "Predict";
  s += `<div class="pg-lesson-work" data-step="${r.step}"><p class="pg-lesson-q" id="pg-lesson-q" tabindex="-1"><b>${label}: </b>${esc(step.question)}</p>`;
  const a = st.answer;
  if (step.kind === "predict") {
    if (!step.choices.length) {
      // The learner's number stays in the field with the verdict.
      const given = a && "number" in a ? String(a.number) : "";
      s += `<form class="pg-lesson-number" data-act="number"><input id="pg-lesson-n" type="number" inputmode="numeric" aria-label="Your answer" required value="${given}"><button id="pg-lesson-answer" class="pg-btn" type="submit">Answer</button></form>`;
    } else {
      s += `<div class="pg-lesson-choices" role="group" aria-label="Choices">`;
      step.choices.forEach((c, k) => {
        const mark = a && a.choice === k ? (c.right ? " pg-right" : " pg-wrong") : "";
        s += `<button id="pg-lesson-c${k}" class="pg-btn pg-choice${mark}" data-act="pick" data-i="${k}">${esc(c.text)}</button>`;
      });
      s += "</div>";
    }
    if (a) {
      const right = rightAnswer(step, a);
      s += right
        ? `<div class="pg-verdict pg-right" role="status"><b>Right.</b>`
        : `<div class="pg-verdict pg-wrong" role="status"><b>Not quite.</b>`;
      s += explainFor(step, a);
      s += right ? next : `<p class="pg-hint">The timeline is shown now: try another answer, or read on.</p>`;
      s += "</div>";
    }
  } else {
    s += `<p class="pg-hint">Edit the input on the left; the goal is checked on every new timeline.</p>`;
    if (reached === true) {
      s += `<div class="pg-verdict pg-right" role="status"><b>Goal reached.</b> ${next}</div>`;
    } else if (reached) {
      s += `<div class="pg-goal-missing" role="status"><b>Not yet:</b> ${esc(reached.join("; "))}</div>`;
    }
    s += `<div class="pg-lesson-actions">`;
    s += st.hint
      ? `<div class="pg-lesson-hint" id="pg-lesson-hint" tabindex="-1">${step.hintHtml}</div>`
      : `<button id="pg-lesson-h" class="pg-btn" data-act="hint">Hint</button>`;
    s += `<button id="pg-lesson-r" class="pg-btn" data-act="restart">Start over</button>`;
    s += `<button id="pg-lesson-s" class="pg-btn" data-act="solution" title="Put the reference solution into the editor">Show a solution</button>`;
    s += "</div>";
  }
  return s + "</div>";
}

/** Puts a text into the editor (the page simulates it and calls render with it). */
function put(text) {
  st.pending = text;
  st.load?.(text);
}

function focus(id) {
  document.getElementById(id)?.focus();
}

/** Draws the view for the state, keeps the progress, veils or unveils the timeline. */
function draw() {
  const host = st.host;
  if (!host) return;
  const r = st.route;
  if (!r) return;
  let done = doneList();
  const { entry, lesson, step } = current(r);
  // A new step: its starting input in the editor (once the page is not busy).
  if (step && !st.busy && st.loaded !== st.key) {
    st.loaded = st.key;
    put(step.input);
  }
  // The goal is checked on the page's input once it has taken the text put in (not on the
  // previous step's input, which may reach this goal).
  const gaps = step?.kind === "do" && st.loaded === st.key && st.pending === null && extras.ready() ? missing(entry, r) : null;
  const reached = gaps && (gaps.length ? gaps : true);
  // A step is done with a right answer, or with its goal reached.
  if ((step?.kind === "predict" && rightAnswer(step, st.answer)) || reached === true) {
    const key = `${r.id}/${r.step}`;
    if (!isDone(done, r.id, r.step)) {
      done = done ? `${done}\n${key}` : key;
      try {
        localStorage.setItem(PROGRESS_KEY, done);
      } catch {
        // Progress is a convenience: a browser that keeps nothing still shows the lesson.
      }
    }
  }
  document.documentElement.classList.toggle("pg-veil", step?.kind === "predict" && !st.answer);
  const title = lesson?.title ?? "Lessons";
  let html = `<div class="pg-lesson-head"><a class="pg-btn" href="#lessons">All lessons</a><h2>${esc(title)}</h2><span class="pg-spacer"></span><a class="pg-btn pg-icon" href="#example/${DEFAULT_EXAMPLE}" aria-label="Leave the lessons" title="Leave the lessons">✕</a></div>`;
  if (!st.lessons) html += `<p class="pg-hint" role="status">Loading the lessons…</p>`;
  else if (st.lessons.error) html += `<p class="pg-hint" role="alert">The lessons could not be loaded: ${esc(st.lessons.error)}</p>`;
  else if (!lesson) html += listHtml(r, done);
  else html += stepHtml(entry, r, done, reached);
  if (html === st.shown && host.childNodes.length) return;
  st.shown = html;
  const verdict = () => host.querySelector(".pg-verdict");
  const before = verdict()?.className;
  if (window.hooksimMorph) window.hooksimMorph(host, html);
  else host.innerHTML = html;
  // When the control that had the focus is gone (a step link, Next), the question gets it; a
  // verdict that appears or changes is scrolled into view (the lesson box is short).
  if (!document.activeElement || document.activeElement === document.body) focus("pg-lesson-q");
  const v = verdict();
  if (v && v.className !== before) v.scrollIntoView(false);
}

function onClick(e) {
  const el = e.target.closest?.("button[data-act]");
  const { step } = current(st.route);
  if (!el || !step) return;
  switch (el.dataset.act) {
    case "pick":
      st.answer = { choice: Number(el.dataset.i) || 0 };
      break;
    case "hint":
      st.hint = true;
      // The button is replaced by the hint: the focus follows it.
      setTimeout(() => focus("pg-lesson-hint"), 0);
      break;
    case "restart":
      put(step.input);
      break;
    case "solution":
      if (step.kind === "do") put(step.solution);
      break;
  }
  draw();
}

function onSubmit(e) {
  e.preventDefault();
  const v = document.getElementById("pg-lesson-n")?.value.trim() ?? "";
  if (/^[+-]?\d+$/.test(v)) {
    st.answer = { number: Number(v) };
    draw();
  }
}

function render(host, id, step, input, busy, load) {
  if (host !== st.host) {
    st.host = host;
    st.shown = "";
    host.addEventListener("click", onClick);
    host.addEventListener("submit", onSubmit);
  }
  const key = `${id ?? ""}/${step}`;
  if (key !== st.key) {
    st.answer = null;
    st.hint = false;
    st.loaded = null;
  }
  Object.assign(st, { route: { id: id ?? null, step }, key, input, busy, load });
  if (st.pending !== null && input === st.pending) st.pending = null;
  if (!st.lessons && !st.fetching) {
    st.fetching = true;
    fetchAll()
      .then((l) => { st.lessons = l; })
      .catch((e) => { st.lessons = { error: String(e.message ?? e) }; })
      .finally(() => { st.fetching = false; draw(); });
  }
  draw();
}

function hide() {
  document.documentElement.classList.remove("pg-veil");
  st.host = null;
  st.route = null;
  st.key = "";
  st.loaded = null;
  st.pending = null;
}

export const lessons = { render, hide };
