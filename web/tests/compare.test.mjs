// Compare (issue 13) in Debian's headless Chromium: one click from an example compares it with
// another Argo CD version, the differences are marked on both timelines and in both results, the
// link reopens the comparison, the text before the edits, the gallery's upgrades that open
// compared, a 390 px phone (stacked), and `<pre data-hooksim data-compare>` in a page.
// Screenshots: target/screenshots/compare-*.png.
//   make test-web   (or: node --test web/tests/compare.test.mjs after make dist)
import { test, beforeEach, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { DIST, SHOTS, appendText, playgroundHarness } from "./playground-harness.mjs";

const h = playgroundHarness();
let base;
beforeEach(() => { base = h.base; });

/** What the comparison on the page shows. */
async function comparison(page) {
  await page.waitForSelector("#pg-compare .hs-compare", { timeout: 30000 });
  return page.$eval("#pg-compare", (c) => {
    const side = (s) => {
      const el = c.querySelector(`.hs-side-${s}`);
      const box = el.getBoundingClientRect();
      return {
        phase: el.dataset.phase,
        svg: !!el.querySelector("svg.hs-svg"),
        marks: el.querySelectorAll("circle.hs-mark").length,
        changed: el.querySelectorAll("circle.hs-mark.hs-changed").length,
        changedTitle: el.querySelector("circle.hs-changed title")?.textContent ?? "",
        rows: el.querySelectorAll("tr.hs-changed").length,
        left: el.querySelectorAll("li.hs-changed").length,
        top: box.top, bottom: box.bottom, x: box.left, width: box.width,
      };
    };
    const cmp = c.querySelector(".hs-compare");
    return {
      equal: cmp.dataset.equal,
      differences: Number(cmp.dataset.differences),
      list: [...c.querySelectorAll(".hs-compare-list li")].map((li) => li.textContent),
      summary: c.querySelector(".hs-compare-summary").textContent,
      names: [...c.querySelectorAll(".hs-side-name")].map((n) => n.textContent),
      a: side("a"),
      b: side("b"),
    };
  });
}

test("one click compares an example with Argo CD 2.14; the marks are on both sides; the link reopens it", async () => {
  const page = await h.open(`${base}#example/ttl-zero-with-hook-finalizer`);
  assert.equal(await page.locator("#pg-compare").count(), 0, "no comparison before the click");
  await page.click('.pg-compare-bar button[data-compare="argocdVersion=2.14"]');
  const c = await comparison(page);
  assert.equal(c.equal, "false");
  assert.ok(c.differences > 3, `${c.differences} differences`);
  assert.equal(c.a.phase, "Succeeded");
  assert.equal(c.b.phase, "Running", "2.14 waits for ever for the hook the TTL deleted (J35)");
  // Both sides are named by what they are, not "as written" against a setting.
  assert.deepEqual(c.names, ["Argo CD 3.4 (as written)", "Argo CD 2.14"]);
  assert.match(c.summary, /A Argo CD 3\.4 \(as written\) · B Argo CD 2\.14/);
  for (const s of [c.a, c.b]) {
    assert.ok(s.svg && s.marks > 3, "a timeline on each side");
    assert.ok(s.changed > 0, "differences marked on each timeline");
    assert.match(s.changedTitle, /^≠ compared/);
    assert.ok(s.rows > 0, "a marked result row on each side");
  }
  assert.ok(c.a.left > 0, "the Deployment is left only with the hook finalizer (side A)");
  assert.ok(c.list.some((l) => l.includes("only A") && l.includes("Deployment/ledger")), c.list.join("\n"));
  // Side by side at 1280 px.
  assert.ok(Math.abs(c.a.top - c.b.top) < 2 && c.b.x > c.a.x + c.a.width - 2, "side by side");
  assert.equal(await page.getAttribute('button[data-compare="argocdVersion=2.14"]', "aria-pressed"), "true");
  await page.screenshot({ path: path.join(SHOTS, "compare-playground.png"), fullPage: false });

  // The link: the comparison is in the #v1/ state; a fresh browser opens it compared.
  await page.waitForFunction(() => location.hash.startsWith("#v1/"));
  const link = page.url();
  await page.context().close();
  const again = await h.open(link);
  const back = await comparison(again);
  assert.equal(back.differences, c.differences);
  assert.deepEqual(back.list, c.list);
  // Stop comparing: gone, and the link no longer carries it.
  await again.click('.pg-compare-bar button[data-compare="off"]');
  await again.waitForFunction(() => !document.querySelector("#pg-compare"));
  await again.context().close();
});

test("compare with the previous edit: the text before the last edit that changed the outcome", async () => {
  const page = await h.open(`${base}#example/presync-postsync`);
  const drawn = (name) => page.waitForFunction((n) =>
    [...document.querySelectorAll(".pg-tl-scroll svg title")].some((t) => t.textContent.includes(n)), name, { timeout: 20000 });
  await appendText(page, "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first-edit\n");
  await drawn("ConfigMap/first-edit");
  // A comment changes nothing of the outcome: it is not "the last edit".
  await appendText(page, "# only a comment\n");
  await page.waitForFunction(() => window.hooksimEditor.current.getText().includes("# only a comment"));
  await appendText(page, "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: second-edit\n");
  await drawn("ConfigMap/second-edit");
  const button = page.locator('.pg-compare-bar button[data-compare="before"]');
  assert.equal(await button.textContent(), "with the previous edit");
  assert.match(await button.getAttribute("title"), /before your last edit/);
  await button.click();
  const c = await comparison(page);
  assert.equal(c.equal, "false");
  assert.ok(c.list.some((l) => l.includes("only B") && l.includes("ConfigMap/second-edit")), c.list.join("\n"));
  assert.ok(!c.list.some((l) => l.includes("ConfigMap/first-edit")), `the first edit is on both sides:\n${c.list.join("\n")}`);
  assert.deepEqual(c.names, ["before your last edit", "now"]);
  await page.context().close();
});

test("compare with the text before the edits: each edit shows up as it is typed", async () => {
  const page = await h.open(`${base}#example/presync-postsync`);
  await page.click('.pg-compare-bar button[data-compare="before"]');
  let c = await comparison(page);
  assert.equal(c.equal, "true", "no edit yet: no difference");
  await appendText(page, "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: added-by-an-edit\n");
  await page.waitForFunction(() => document.querySelector("#pg-compare .hs-compare")?.dataset.equal === "false",
    null, { timeout: 20000 });
  c = await comparison(page);
  assert.ok(c.list.some((l) => l.includes("only B") && l.includes("ConfigMap/added-by-an-edit")), c.list.join("\n"));
  assert.match(c.summary, /before your last edit/);
  await page.context().close();
});

test("the gallery's upgrades open compared and keep their #example/ link", async () => {
  const page = await h.open(`${base}#example/apply-failure-argocd-3-3-vs-3-4`);
  const c = await comparison(page);
  assert.match(page.url(), /#example\/apply-failure-argocd-3-3-vs-3-4$/);
  assert.equal(c.equal, "false");
  assert.ok(c.list.some((l) => l.includes("Operation 1's message")), c.list.join("\n"));
  assert.ok(c.list.some((l) => l.startsWith("moved") && l.includes("0 s → 21 s")), c.list.join("\n"));
  assert.match(c.summary, /A Argo CD 3\.3 \(as written\) · B Argo CD 3\.4/);
  await page.context().close();
});

test("on a 390 px phone the two sides are stacked", async () => {
  const page = await h.open(`${base}#example/ttl-zero-hook-stuck-on-argocd-2-14`, { viewport: { width: 390, height: 844 } });
  const c = await comparison(page);
  assert.ok(c.b.top >= c.a.bottom - 1, `stacked: B starts at ${c.b.top}, A ends at ${c.a.bottom}`);
  assert.ok(c.a.width <= 390 && c.b.width <= 390, "no side wider than the phone");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow} px`);
  await page.screenshot({ path: path.join(SHOTS, "compare-phone.png"), fullPage: false });
  await page.context().close();
});

test("the playground's ?embed mode shows the comparison a link carries", async () => {
  for (const width of [1280, 390]) {
    const page = await h.open(`${base}?embed#example/ttl-zero-hook-stuck-on-argocd-2-14`, { viewport: { width, height: 900 } });
    assert.equal(await page.locator(".pg-embed-mode").count(), 1);
    const c = await comparison(page);
    assert.equal(c.equal, "false");
    assert.deepEqual([c.a.phase, c.b.phase], ["Running", "Succeeded"]);
    assert.deepEqual(c.names, ["Argo CD 2.14 (as written)", "Argo CD 3.0"]);
    assert.ok(c.a.changed > 0 && c.b.changed > 0, "marks on both timelines");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${width} px: the page scrolls sideways by ${overflow} px`);
    await page.screenshot({ path: path.join(SHOTS, `compare-embed-mode-${width}.png`), fullPage: true });
    await page.context().close();
  }
});

test("Copy as Markdown and SVG carry the comparison while it is open", async () => {
  const page = await h.open(`${base}#example/ttl-zero-hook-stuck-on-argocd-2-14`);
  await comparison(page);
  await page.click("button:has-text('Copy as Markdown')");
  await page.waitForSelector(".pg-notice:has-text('Markdown')");
  const md = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(md.includes("**Compared**: A Argo CD 2.14 (as written) (**Running**) · B Argo CD 3.0 (**Succeeded**)"), md);
  assert.ok(md.includes("only B") && md.includes("Deployment/ledger"), md);
  assert.ok(md.indexOf("**Compared**") < md.indexOf("```yaml\n"), "the differences before the input");
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("button:has-text('SVG')")]);
  assert.equal(dl.suggestedFilename(), "ttl-zero-hook-stuck-on-argocd-2-14.compare.svg");
  const svg = fs.readFileSync(await dl.path(), "utf8");
  assert.ok(svg.startsWith("<svg") && svg.includes("<style>"), svg.slice(0, 200));
  const other = await page.context().newPage();
  await other.setContent(svg);
  assert.equal(await other.locator("svg svg.hs-svg").count(), 2, "both timelines in one file");
  assert.ok((await other.locator("circle.hs-mark.hs-changed").count()) > 2, "the differences marked");
  assert.deepEqual(await other.locator("text.hs-side-title").allTextContents(),
    ["A · Argo CD 2.14 (as written) · Running", "B · Argo CD 3.0 · Succeeded"]);
  await other.screenshot({ path: path.join(SHOTS, "compare-exported-svg.png") });
  await page.context().close();
});

const EMBED_PAGE = path.join(DIST, "compare-embed.test.html");
after(() => fs.rmSync(EMBED_PAGE, { force: true }));

test("<pre data-hooksim data-compare> in a page: both sides, marked, and a link that opens the comparison", async () => {
  const ttl = fs.readFileSync("web/examples/ttl-zero-hook-stuck-on-argocd-2-14.yaml", "utf8");
  const escaped = ttl.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  fs.writeFileSync(EMBED_PAGE, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>compare embed</title><link rel="icon" href="data:,">
<script type="module" src="embed.js"></script></head><body><main style="max-width: 1100px">
<pre data-hooksim data-compare="argocdVersion=3.0" id="upgrade">${escaped}</pre>
<pre data-hooksim data-compare="nonsense" id="bad">${escaped}</pre></main></body></html>`);
  const page = await h.newPage();
  await page.goto(`${base}compare-embed.test.html`);
  await page.waitForSelector("figure#upgrade.hs-embed-compare", { timeout: 30000 });
  const fig = await page.$eval("figure#upgrade", (f) => ({
    phase: f.dataset.phase, phaseB: f.dataset.phaseB, equal: f.dataset.equal,
    sides: f.querySelectorAll(".hs-side").length,
    changedA: f.querySelectorAll(".hs-side-a circle.hs-changed").length,
    changedB: f.querySelectorAll(".hs-side-b circle.hs-changed").length,
    link: f.querySelector(".hs-actions a.hs-open")?.href,
  }));
  assert.deepEqual([fig.phase, fig.phaseB, fig.equal, fig.sides], ["Running", "Succeeded", "false", 2]);
  assert.ok(fig.changedA > 0 && fig.changedB > 0, "marks on both timelines");
  await page.waitForSelector("figure#bad .hs-error");
  assert.match(await page.textContent("figure#bad .hs-error"), /KEY=VALUE/);
  await page.locator("figure#upgrade").screenshot({ path: path.join(SHOTS, "compare-embed.png") });
  // The link opens the playground compared the same way.
  assert.ok(fig.link.startsWith(`${base}index.html#v1/`), fig.link);
  await page.goto(fig.link);
  const c = await comparison(page);
  assert.match(c.summary, /B Argo CD 3\.0/);
  assert.equal(c.b.phase, "Succeeded");
  await page.context().close();
});

test("accessibility: axe-core finds no violations in the comparison, in either theme", async () => {
  // As in playground.test.mjs: CodeMirror's scroller is the one expected finding.
  const expected = (v) => v.id === "scrollable-region-focusable" && v.nodes.every((n) => n.target.join(" ").includes("cm-scroller"));
  for (const opts of [{}, { colorScheme: "dark" }]) {
    const page = await h.open(`${base}#example/ttl-zero-hook-stuck-on-argocd-2-14`, opts);
    await comparison(page);
    await page.addScriptTag({ path: "node_modules/axe-core/axe.min.js" });
    const found = (await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => ({
      id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
    })))).filter((v) => !expected(v));
    assert.deepEqual(found, [], JSON.stringify(found, null, 1));
    await page.context().close();
  }
});

test("no page errors", () => {
  assert.deepEqual(h.problems, []);
});
