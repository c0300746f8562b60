// The <hooksim-timeline> custom element of embed.js, in Debian's headless Chromium: the page is
// the README's "Any framework" snippet itself (served next to `make dist`'s folder), so the
// snippet users copy is the one tested. Screenshots go to target/screenshots/.
//   make test-browser   (or: node --test web/tests/element.test.mjs after make dist)
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { servedInChromium } from "./browser.mjs";

const DIST = process.env.DIST ?? "dist";
const SHOTS = process.env.SCREENSHOTS ?? "target/screenshots";
const PREFIX = "/hooksim/";

/** The fenced block after `marker` in the README. */
export function readmeSnippet(marker) {
  const readme = fs.readFileSync("README.md", "utf8");
  const at = readme.indexOf(marker);
  assert.ok(at >= 0, `README.md has no ${marker}`);
  const m = /^(`{3,})[^\n]*\n([\s\S]*?)^\1\s*$/m.exec(readme.slice(at));
  assert.ok(m, `no fenced block after ${marker}`);
  return m[2];
}

const SNIPPET = readmeSnippet("<!-- served as a page by web/tests/element.test.mjs -->");

const problems = [];
const site = servedInChromium([[DIST, PREFIX]], "run make dist");
fs.mkdirSync(SHOTS, { recursive: true });

/** Opens `html` as a page at /hooksim/NAME (next to embed.js, as a docs site would have it). */
async function openHtml(name, html) {
  const page = await site.browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on("pageerror", (e) => problems.push(`${name}: page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`${name}: console error: ${m.text()}`);
  });
  const url = new URL(PREFIX + name, site.urls[0]).href;
  await page.route(url, (route) =>
    route.fulfill({ contentType: "text/html; charset=utf-8", body: `<!doctype html><meta charset="utf-8"><body>${html}</body>` }));
  await page.goto(url);
  return page;
}

/** Waits until every <hooksim-timeline> on the page rendered or failed. */
async function settled(page) {
  await page.waitForFunction(
    () => [...document.querySelectorAll("hooksim-timeline")].every((el) => el.hasAttribute("data-phase") || el.hasAttribute("data-hooksim-error")),
    null,
    { timeout: 20000 },
  );
}

test("the README snippet renders both elements in their shadow roots", async () => {
  const page = await openHtml("snippet.html", SNIPPET);
  await settled(page);
  const els = await page.evaluate(() => [...document.querySelectorAll("hooksim-timeline")].map((el) => ({
    phase: el.getAttribute("data-phase"),
    error: el.getAttribute("data-hooksim-error"),
    part: el.shadowRoot?.querySelector("figure.hs-embed")?.getAttribute("part"),
    title: el.shadowRoot?.querySelector(".hs-title")?.textContent,
    marks: el.shadowRoot?.querySelectorAll("svg.hs-svg .hs-mark").length ?? 0,
    source: !!el.shadowRoot?.querySelector(".hs-source"),
    link: el.shadowRoot?.querySelector("a.hs-open")?.href ?? "",
    // The framework's children stay as they were (and are not shown).
    lightText: el.textContent.includes("kind: Scenario"),
    width: el.getBoundingClientRect().width,
    inPage: !!document.querySelector(".hs-embed"),
    diagnostics: el.shadowRoot?.querySelectorAll(".hs-diag").length,
  })));
  assert.equal(els.length, 2);
  assert.deepEqual(els.map((e) => e.error), [null, null]);
  assert.deepEqual(els.map((e) => e.phase), ["Failed", "Succeeded"], "the gallery file from src=, then the inline YAML");
  assert.deepEqual(els.map((e) => e.part), ["embed", "embed"]);
  assert.equal(els[0].title, "presync-fails-syncfail");
  assert.equal(els[1].title, "A migration that fails once");
  assert.ok(els.every((e) => e.marks > 3), "timelines with event marks");
  assert.deepEqual(els.map((e) => e.source), [true, false], "hide-source leaves out the folded YAML");
  assert.ok(els[1].link.includes("/hooksim/index.html#v1/"), els[1].link);
  assert.equal(els[1].lightText, true);
  assert.ok(els.every((e) => e.width > 600), "block elements as wide as the page");
  assert.equal(els[0].inPage, false, "nothing rendered into the page's own DOM");
  assert.deepEqual(els.map((e) => e.diagnostics), [0, 0], "the snippet is a clean example");
  // The embed's styles apply inside the shadow root: the badge is coloured.
  const badge = await page.evaluate(() =>
    getComputedStyle(document.querySelector("hooksim-timeline").shadowRoot.querySelector(".hs-badge")).backgroundColor);
  assert.notEqual(badge, "rgba(0, 0, 0, 0)");
  await page.screenshot({ path: path.join(SHOTS, "element-snippet.png"), fullPage: true });
  await page.close();
});

test("attributes re-render, ::part styles from outside, errors are shown in the element", async () => {
  const page = await openHtml("element.html", `
    <style>#a::part(embed) { --hs-bg: rgb(1, 2, 3); }</style>
    <script type="module" src="${PREFIX}embed.js"></script>
    <hooksim-timeline id="a" example="presync-postsync" theme="dark" lesson="syncfail"></hooksim-timeline>
    <hooksim-timeline id="b" src="missing.yaml"></hooksim-timeline>
    <hooksim-timeline id="c" example="no-such-example"></hooksim-timeline>`);
  await settled(page);
  const a = await page.evaluate(() => {
    const el = document.getElementById("a");
    const fig = el.shadowRoot.querySelector("figure");
    return {
      phase: el.dataset.phase, dark: fig.classList.contains("hs-theme-dark"), bg: getComputedStyle(fig).backgroundColor,
      lesson: fig.querySelector("a.hs-lesson")?.href ?? null,
    };
  });
  assert.deepEqual(a, {
    phase: "Succeeded", dark: true, bg: "rgb(1, 2, 3)",
    lesson: new URL(`${PREFIX}index.html#lesson/syncfail/1`, site.urls[0]).href,
  }, "lesson= adds the link to that lesson");
  const errors = await page.evaluate(() => ["b", "c"].map((id) => {
    const el = document.getElementById(id);
    return [el.getAttribute("data-hooksim-error"), el.shadowRoot.querySelector(".hs-load-error")?.getAttribute("role")];
  }));
  assert.match(errors[0][0], /missing\.yaml: HTTP 404/);
  assert.match(errors[1][0], /no gallery example with the id "no-such-example"/);
  assert.deepEqual(errors.map((e) => e[1]), ["alert", "alert"]);

  // A framework changes an attribute: the element renders the new input, and clears the error.
  const phase = await page.evaluate(async () => {
    const el = document.getElementById("c");
    const done = new Promise((r) => el.addEventListener("hooksim:rendered", r, { once: true }));
    el.setAttribute("example", "presync-fails-syncfail");
    await done;
    return [el.dataset.phase, el.hasAttribute("data-hooksim-error"), el.shadowRoot.querySelectorAll("figure").length];
  });
  assert.deepEqual(phase, ["Failed", false, 1]);
  // An element created by script (client-side rendering) renders when it is connected.
  const created = await page.evaluate(async () => {
    const el = document.createElement("hooksim-timeline");
    el.textContent = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: <b>x</b>\n";
    const done = new Promise((r) => el.addEventListener("hooksim:rendered", r, { once: true }));
    document.body.append(el);
    await done;
    return [el.dataset.phase, el.shadowRoot.innerHTML.includes("<b>x</b>")];
  });
  assert.deepEqual(created, ["Succeeded", false], "input text is escaped");
  await page.screenshot({ path: path.join(SHOTS, "element-attributes.png"), fullPage: true });
  await page.close();
  // The 404 of missing.yaml is expected; nothing else may go wrong.
  assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
});
