// What the playground's browser tests share: the built playground (dist/, `make dist`) served
// under a subpath on 127.0.0.1 as GitHub Pages would, Debian's headless Chromium, a fresh context
// per page, and the helpers that read what the page shows. Problems (page errors, console errors,
// failed requests, HTTP errors) are collected for a final test of each file.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { launchChromium } from "./browser.mjs";
import { serve } from "./static-server.mjs";

export const DIST = process.env.DIST ?? "dist";
export const SHOTS = process.env.SCREENSHOTS ?? "target/screenshots";
const PREFIX = "/hooksim/";

/** Starts the server and the browser around the file's tests; `h.base` is the playground's URL. */
export function playgroundHarness() {
  const h = { base: null, browser: null, problems: [] };
  let server;
  before(async () => {
    assert.ok(fs.existsSync(path.join(DIST, "index.html")), `${DIST}/index.html is missing: run make dist`);
    assert.ok(fs.readFileSync(path.join(DIST, "index.html"), "utf8").includes("hooksim-web"),
      `${DIST}/index.html is not the playground (Trunk build)`);
    ({ server, url: h.base } = await serve(DIST, PREFIX));
    h.browser = await launchChromium();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await h.browser?.close();
    server?.close();
  });

  /** A fresh context (its own localStorage) and a page on `url`, with problems recorded. */
  h.open = async (url, opts = {}) => {
    const page = await h.newPage(opts);
    await page.goto(url);
    await ready(page);
    return page;
  };

  /** A fresh context and page, not navigated yet. */
  h.newPage = async (opts = {}, expected = null) => {
    const context = await h.browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(h.base).origin });
    const page = await context.newPage();
    h.watch(page, expected);
    return page;
  };

  /** Records the page's errors, console errors, failed requests and HTTP errors; those matching
   * `expected` (a RegExp: a test that crashes the page on purpose) go to `page.expected`. */
  h.watch = (page, expected = null) => {
    const where = () => page.url().slice(0, 120);
    page.expected = [];
    const problem = (text) => (expected?.test(text) ? page.expected : h.problems).push(`${where()}: ${text}`);
    page.on("pageerror", (e) => problem(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") problem(`console error: ${m.text()}`);
    });
    page.on("requestfailed", (r) => h.problems.push(`${where()}: request failed: ${r.url()}`));
    page.on("response", (r) => {
      if (r.status() >= 400) h.problems.push(`${where()}: HTTP ${r.status()} for ${r.url()}`);
    });
  };
  return h;
}

/** Waits until the app has rendered a result (an example's text fetched and simulated). */
export async function ready(page) {
  await page.waitForSelector(".pg-summary .hs-badge, .pg-embed-mode .hs-badge", { timeout: 30000 });
  await page.waitForFunction(() => !document.querySelector(".pg-loading-note") &&
    (document.querySelector(".pg-embed-mode") || window.hooksimEditor?.current), null, { timeout: 30000 });
}

export const editorText = (page) => page.evaluate(() => window.hooksimEditor.current.getText());
export const phase = (page) => page.getAttribute(".pg-summary .hs-badge", "data-phase");
export const message = (page) => page.textContent(".pg-summary .pg-message");
export const timelineTitles = (page) =>
  page.$$eval(".pg-tl-scroll svg title", (ts) => ts.map((t) => t.textContent).join("\n"));

/** Calls function `name` of the wasm API in dist/pkg (the same engine) with `args`, in the page. */
export async function apiCall(page, name, ...args) {
  return page.evaluate(async ([name, args]) => {
    const m = await import(new URL("pkg/hooksim.js", document.baseURI).href);
    await m.default({ module_or_path: new URL("pkg/hooksim_bg.wasm", document.baseURI) });
    return m[name](...args);
  }, [name, args]);
}

/** The engine's final phase and message for `input`, and the gallery. */
export async function engineReport(page, input) {
  const r = await apiCall(page, "simulate", input);
  // An ApplicationSet (A38) has no operation of its own: its Applications' latest (as
  // hooksim-render's last_operation: the last of those that started latest).
  const generated = r.applicationSet ? (r.childApplications ?? []).flatMap((c) => c.operations) : [];
  const last = r.operations.at(-1) ?? generated.reduce((a, o) => (!a || o.startedAt >= a.startedAt ? o : a), undefined);
  return { phase: last?.phase ?? "none", message: last?.message ?? "", examples: await apiCall(page, "examples") };
}

/** Replaces the editor's text the way a user pasting would (keyboard, not the API). */
export async function replaceText(page, text) {
  await page.click(".cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
}

export async function appendText(page, text) {
  await page.click(".cm-content");
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText(text);
}
