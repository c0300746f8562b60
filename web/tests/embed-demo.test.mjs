// Opens embed-demo.html from `make dist`'s folder, served under a subpath as GitHub Pages would,
// in Debian's headless Chromium (playwright-core never downloads a browser), and checks that every
// embedded example rendered with the right final phase. Screenshots go to target/screenshots/.
//   make test-browser   (or: node --test web/tests/embed-demo.test.mjs after make dist)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { launchChromium } from "./browser.mjs";
import { serve } from "./static-server.mjs";

const DIST = process.env.DIST ?? "dist";
const SHOTS = process.env.SCREENSHOTS ?? "target/screenshots";
const PREFIX = "/hooksim/";

// The final phase of each example on the page (data-phases lists every operation's).
const EXPECTED = {
  "example-presync": "Succeeded",
  "example-postsync": "Succeeded",
  "example-syncfail": "Failed",
  "example-deletion": "Succeeded Succeeded",
  "example-waves": "Succeeded",
  "example-faq-presync": "Failed",
  "example-faq-ttl": "Succeeded",
};

let browser, server, base;
const problems = [];

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, "embed-demo.html")), `${DIST}/embed-demo.html is missing: run make dist`);
  ({ server, url: base } = await serve(DIST, PREFIX));
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function openPage(url, opts = {}) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, ...opts });
  page.on("pageerror", (e) => problems.push(`${url}: page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`${url}: console error: ${m.text()}`);
  });
  page.on("requestfailed", (r) => problems.push(`${url}: request failed: ${r.url()}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${url}: HTTP ${r.status()} for ${r.url()}`);
  });
  await page.goto(url);
  return page;
}

async function rendered(page) {
  await page.waitForFunction(
    () => !document.querySelector("[data-hooksim]") || document.querySelector(".hs-load-error"),
    null,
    { timeout: 20000 },
  );
}

test("every embedded example renders with the right final phase", async () => {
  const page = await openPage(base + "embed-demo.html");
  await rendered(page);
  assert.equal(await page.locator(".hs-load-error").count(), 0, "an example failed to render");

  const book = await (await fetch(base + "rules.html")).text();
  const figures = await page.$$eval("figure.hs-embed:not(.hs-lesson-embed)", (figs) =>
    figs.map((f) => ({
      id: f.id,
      phase: f.dataset.phase,
      phases: f.dataset.phases,
      badge: f.querySelector(".hs-head .hs-badge")?.textContent,
      title: f.querySelector(".hs-title")?.textContent,
      svg: !!f.querySelector("svg.hs-svg"),
      marks: f.querySelectorAll("circle.hs-mark").length,
      untitledMarks: [...f.querySelectorAll("circle.hs-mark")].filter((c) => !c.querySelector("title")?.textContent).length,
      rows: f.querySelectorAll(".hs-table tbody tr").length,
      link: f.querySelector(".hs-actions a.hs-open")?.href,
      rules: [...f.querySelectorAll(".hs-rules a.hs-rule")].map((a) => a.href),
      width: f.getBoundingClientRect().width,
    })),
  );
  assert.deepEqual(figures.map((f) => f.id).sort(), Object.keys(EXPECTED).sort());
  for (const f of figures) {
    const want = EXPECTED[f.id];
    assert.equal(f.phases, want, `${f.id}: phases`);
    assert.equal(f.phase, want.split(" ").at(-1), `${f.id}: final phase`);
    assert.equal(f.badge, f.phase, `${f.id}: the badge shows the final phase`);
    assert.ok(f.svg && f.marks > 3, `${f.id}: a timeline with marks`);
    assert.equal(f.untitledMarks, 0, `${f.id}: every mark has a title`);
    assert.ok(f.rows > 0, `${f.id}: a result table`);
    assert.ok(f.link.startsWith(base + "index.html#v1/"), `${f.id}: playground link ${f.link}`);
    assert.ok(f.width <= 1200, `${f.id}: fits the page`);
    // The rules behind the events link to the rule book next to embed.js, at an existing entry.
    assert.ok(f.rules.length > 0, `${f.id}: a Rules line`);
    for (const href of f.rules) {
      assert.ok(href.startsWith(base + "rules.html#"), `${f.id}: rule link ${href}`);
      assert.ok(book.includes(` id="${href.split("#")[1]}"`), `${f.id}: rules.html has no entry for ${href}`);
    }
  }
  // The heading of an inline example is its scenario's name.
  assert.equal(figures.find((f) => f.id === "example-presync").title, "presync-migration-retries");

  // Backoff gaps are labelled, the wave delay and the axis break are drawn.
  const faq = page.locator("#example-faq-presync");
  assert.deepEqual(await faq.locator(".hs-gap-label").allTextContents(), ["10 s", "20 s"]);
  assert.ok((await page.locator("#example-waves .hs-delay").count()) >= 2);
  assert.equal(await page.locator("#example-faq-ttl .hs-break").count(), 1);

  await page.screenshot({ path: path.join(SHOTS, "embed-demo.png"), fullPage: true });
  await page.locator("#example-faq-presync").screenshot({ path: path.join(SHOTS, "embed-faq-presync.png") });
  await page.close();
});

test("the playground link opens the same input", async () => {
  const page = await openPage(base + "embed-demo.html");
  await rendered(page);
  const source = await page.locator("#example-syncfail .hs-source pre").textContent();
  // data-lesson="syncfail" on this example adds a second link, to the lesson (docs/lessons.md).
  const link = await page.locator("#example-syncfail a.hs-open:not(.hs-lesson)").getAttribute("href");
  const lesson = await page.locator("#example-syncfail a.hs-lesson").getAttribute("href");
  assert.equal(lesson, new URL("index.html#lesson/syncfail/1", base).href);
  const play = await openPage(link);
  // The playground (index.html, mk/web.mk) with the same input in its editor.
  await play.waitForFunction(() => window.hooksimEditor?.current && document.querySelector(".pg-summary .hs-badge"),
    null, { timeout: 30000 });
  assert.equal(await play.evaluate(() => window.hooksimEditor.current.getText()), source);
  assert.equal(await play.getAttribute(".pg-summary .hs-badge", "data-phase"), "Failed");
  await play.screenshot({ path: path.join(SHOTS, "playground-from-embed.png") });
  await play.close();
  await page.close();
});

test("the lesson embedded in the docs page: a wrong prediction, a right one, the timeline, the goal", async () => {
  for (const width of [1280, 390]) {
    const page = await openPage(base + "embed-demo.html", { viewport: { width, height: 900 } });
    const fig = page.locator("figure#lesson-syncfail.hs-lesson-embed");
    await fig.waitFor({ timeout: 20000 });
    assert.equal(await fig.getAttribute("data-lesson"), "syncfail");
    assert.match(await fig.locator(".hs-lesson-text").textContent(), /Before it declares the operation Failed/);
    assert.match(await fig.locator(".hs-lesson-q").textContent(), /^Predict: At what second/);
    assert.equal(await fig.locator("svg.hs-svg").count(), 0, "no timeline before the prediction");
    assert.equal(await fig.locator(".hs-lesson-steps button").count(), 3);
    // A wrong number: told so, with the rules, and the timeline is shown.
    await fig.locator("input[type=number]").fill("40");
    await fig.locator("button[type=submit]").click();
    await page.waitForSelector("figure#lesson-syncfail[data-answer=wrong]");
    assert.match(await fig.locator(".hs-verdict.hs-wrong").textContent(), /^Not quite\..*backoffLimit 2/);
    const rule = await fig.locator(".hs-verdict a.hs-rule", { hasText: "J5" }).first().getAttribute("href");
    assert.equal(rule, base + "rules.html#J5");
    assert.ok((await fig.locator("svg.hs-svg circle.hs-mark").count()) > 3, "the timeline after the answer");
    assert.equal(await fig.locator("figure.hs-embed").getAttribute("data-phase"), "Failed");
    if (width === 1280) await fig.screenshot({ path: path.join(SHOTS, "embed-lesson-wrong.png") });
    // The right number, then the next step: a wrong choice and the right one.
    await fig.locator("input[type=number]").fill("46");
    await fig.locator("button[type=submit]").click();
    await page.waitForSelector("figure#lesson-syncfail[data-answer=right]");
    assert.match(await fig.locator(".hs-verdict.hs-right").textContent(), /^Right\.\s*At 46 s/);
    assert.deepEqual(await page.evaluate(() => localStorage.getItem("hooksim.lessons.v1")), "syncfail/1");
    await fig.locator("button.hs-next").click();
    await page.waitForFunction(() => document.querySelector("figure#lesson-syncfail")?.dataset.step === "2");
    assert.equal(await fig.locator("svg.hs-svg").count(), 0, "the next question veils its timeline");
    await fig.locator(".hs-lesson-choices button", { hasText: "Yes, after the SyncFail hook" }).click();
    await page.waitForSelector("figure#lesson-syncfail[data-answer=wrong]");
    assert.match(await fig.locator(".hs-verdict").textContent(), /instead of the rest of the sync/);
    await fig.locator(".hs-lesson-choices button", { hasText: "No, the sync stops" }).click();
    await page.waitForSelector("figure#lesson-syncfail[data-answer=right]");
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("hs-verdict")), true, "the focus is on the verdict");
    // The goal: done in the playground, which checks it.
    await fig.locator("button.hs-next").click();
    await page.waitForFunction(() => document.querySelector("figure#lesson-syncfail")?.dataset.step === "3");
    assert.match(await fig.locator(".hs-lesson-q").textContent(), /^Do: .*Make it run exactly when the sync fails/);
    assert.equal(await fig.locator("a.hs-lesson-do").getAttribute("href"), base + "index.html#lesson/syncfail/3");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${width} px: the page scrolls sideways by ${overflow} px`);
    await fig.screenshot({ path: path.join(SHOTS, `embed-lesson-do-${width}.png`) });
    if (width === 390) {
      await fig.locator(".hs-lesson-steps button", { hasText: "1" }).click();
      await fig.locator("input[type=number]").fill("46");
      await fig.locator("button[type=submit]").click();
      await page.waitForSelector("figure#lesson-syncfail[data-answer=right]");
      await fig.screenshot({ path: path.join(SHOTS, "embed-lesson-right-390.png") });
    }
    await page.close();
  }
});

test("the module API throws Errors and the embed escapes hostile input", async () => {
  const page = await openPage(base + "embed-demo.html");
  await rendered(page);
  const result = await page.evaluate(async () => {
    const m = await import(new URL("pkg/hooksim.js", document.baseURI).href);
    await m.default({ module_or_path: new URL("pkg/hooksim_bg.wasm", document.baseURI) });
    const out = {};
    for (const [name, call] of [
      ["number", () => m.simulate(42)],
      ["null", () => m.simulate(null)],
      ["scenario", () => m.simulate("a: 1", {})],
      ["options", () => m.renderEmbed("a: 1", "x")],
    ]) {
      try {
        call();
        out[name] = "no error";
      } catch (e) {
        out[name] = [e instanceof Error, e.message];
      }
    }
    out.broken = m.simulate("foo: [").diagnostics.map((d) => d.code);
    out.version = m.version();
    out.examples = m.examples().map((e) => e.id);

    // Hostile names through the embed: rendered as text, never run.
    window.__pwned = 0;
    const pre = document.createElement("pre");
    pre.setAttribute("data-hooksim", "");
    pre.id = "hostile";
    pre.textContent =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"<img src=x onerror=window.__pwned++>\"\n" +
      "---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: \"<script>window.__pwned++</script>\"\n" +
      "  annotations: {argocd.argoproj.io/hook: PreSync}\n" +
      "spec: {template: {spec: {containers: [{name: c, image: x}], restartPolicy: Never}}}\n";
    document.body.append(pre);
    const missing = document.createElement("div");
    missing.setAttribute("data-hooksim", "no-such-example");
    document.body.append(missing);
    const embed = await import(new URL("embed.js", document.baseURI).href);
    await embed.renderAll();
    await new Promise((r) => setTimeout(r, 200));
    const fig = document.getElementById("hostile");
    out.hostile = {
      pwned: window.__pwned,
      tag: fig.tagName,
      imgs: fig.querySelectorAll("img").length,
      scripts: fig.querySelectorAll("script").length,
      shown: fig.textContent.includes("<script>window.__pwned++</script>"),
    };
    out.missing = missing.getAttribute("data-hooksim-error");
    return out;
  });
  assert.deepEqual(result.number, [true, "input must be a string (YAML), not number"]);
  assert.deepEqual(result.null, [true, "input must be a string (YAML), not null"]);
  assert.deepEqual(result.scenario, [true, "scenario must be a string (YAML), not object"]);
  assert.deepEqual(result.options, [true, "renderEmbed options must be an object, not string"]);
  assert.deepEqual(result.broken, ["yaml-syntax"]);
  assert.match(result.version, /^\d+\.\d+\.\d+/);
  assert.ok(result.examples.includes("presync-fails-syncfail"));
  assert.deepEqual(result.hostile, { pwned: 0, tag: "FIGURE", imgs: 0, scripts: 0, shown: true });
  assert.equal(result.missing, 'no gallery example with the id "no-such-example"');
  await page.close();
});

test("a crash of the engine on one embed leaves the others working on a new wasm instance", async () => {
  // A page of three embeds, the middle one crashing the engine on purpose (CRASH_TEST_LINE of
  // crates/hooksim-render): a panic aborts, the instance is dead, embed.js makes a new one.
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  // The crash seam is armed only by this global, which a link cannot set (issue 16, item 15).
  await page.addInitScript(() => { globalThis.hooksimCrashTest = true; });
  const crashes = [];
  page.on("pageerror", (e) => problems.push(`crash page: page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    (/hooksim-test: panic/.test(m.text()) ? crashes : problems).push(m.text());
  });
  const cm = (name) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
  await page.route(base + "crash-demo.html", (route) => route.fulfill({
    contentType: "text/html",
    body: `<!doctype html><meta charset="utf-8"><title>crash</title>
      <pre data-hooksim id="first">${cm("first")}</pre>
      <pre data-hooksim id="crash">${cm("crash")}# hooksim-test: panic\n</pre>
      <pre data-hooksim id="third">${cm("third")}</pre>
      <script type="module" src="embed.js"></script>`,
  }));
  await page.goto(base + "crash-demo.html");
  await page.waitForFunction(() => !document.querySelector("[data-hooksim]:not([data-hooksim-error])"), null, { timeout: 20000 });
  assert.equal(await page.getAttribute("figure#first", "data-phase"), "Succeeded");
  assert.equal(await page.getAttribute("figure#third", "data-phase"), "Succeeded");
  assert.match(await page.getAttribute("pre#crash", "data-hooksim-error"), /^hooksim crashed on this input/);
  assert.match(await page.textContent(".hs-load-error"), /hooksim crashed on this input/);
  assert.equal(await page.evaluate(async () => (await import("./embed.js")).instanceCount()), 2);
  assert.equal(crashes.length, 1, "the panic hook said why");
  await page.screenshot({ path: path.join(SHOTS, "embed-crash.png"), fullPage: true });
  await page.close();
});

test("dark colour scheme renders too", async () => {
  const page = await openPage(base + "embed-demo.html", { colorScheme: "dark" });
  await rendered(page);
  await page.locator("#example-faq-presync").screenshot({ path: path.join(SHOTS, "embed-faq-presync-dark.png") });
  const bg = await page.$eval("#example-faq-presync", (f) => getComputedStyle(f).backgroundColor);
  assert.equal(bg, "rgb(13, 17, 23)");
  await page.close();
});

test("no console errors, failed requests or 404s", () => {
  assert.deepEqual(problems, []);
});
