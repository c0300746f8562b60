// The docs toolchains (issue 14) in Debian's headless Chromium: the sample MkDocs site
// (integrations/mkdocs/sample, built by `mkdocs build` with the hooksim fence) and the sample
// mdBook (crates/mdbook-hooksim/sample, built by `mdbook build` with the preprocessor), both with
// `make dist`'s embed copied in as hooksim/. With JavaScript every ```hooksim block becomes a live
// timeline; without, the static SVG of the <noscript> fallback shows. Also: the README's snippets
// marked `<!-- tested: PATH -->` are those files, word for word.
//   make test-docs   (builds the sites into target/docsites/ first)
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { servedInChromium } from "./browser.mjs";

const SITES = process.env.DOCSITES ?? "target/docsites";
const SHOTS = process.env.SCREENSHOTS ?? "target/screenshots";

// site → [folder served, prefix, [[page, final phase of its one block], …]]
const CASES = {
  mkdocs: ["mkdocs/site", "/docs/", [["index.html", "Succeeded"], ["syncfail.html", "Failed"]]],
  mdbook: ["mdbook/book", "/book/", [["presync.html", "Succeeded"], ["guide/syncfail.html", "Failed"]]],
};

const sites = servedInChromium(Object.values(CASES).map(([dir, prefix]) => [path.join(SITES, dir), prefix]), "run make docsites");
const baseOf = Object.fromEntries(Object.keys(CASES).map((name, i) => [name, () => sites.urls[i]]));
fs.mkdirSync(SHOTS, { recursive: true });

test("the README's tested snippets are the sample sites' files", () => {
  const readme = fs.readFileSync("README.md", "utf8");
  const re = /<!-- tested: (\S+) -->\n(`{3,})[^\n]*\n([\s\S]*?)^\2\s*$/gm;
  const seen = [];
  for (const [, file, , body] of readme.matchAll(re)) {
    assert.equal(body, fs.readFileSync(file, "utf8"), `README's snippet for ${file} differs from the file`);
    seen.push(file);
  }
  assert.deepEqual(seen, ["integrations/mkdocs/sample/mkdocs.yml", "crates/mdbook-hooksim/sample/book.toml"]);
  // One sample page for both generators.
  for (const [a, b] of [
    ["integrations/mkdocs/sample/docs/index.md", "crates/mdbook-hooksim/sample/src/presync.md"],
    ["integrations/mkdocs/sample/docs/syncfail.md", "crates/mdbook-hooksim/sample/src/guide/syncfail.md"],
  ]) {
    assert.equal(fs.readFileSync(a, "utf8"), fs.readFileSync(b, "utf8"), `${a} and ${b} differ`);
  }
});

test("the builds logged no problem with the blocks", () => {
  const mkdocs = fs.readFileSync(path.join(SITES, "mkdocs/build.log"), "utf8");
  assert.doesNotMatch(mkdocs, /WARNING|hooksim:/, mkdocs);
  const mdbook = fs.readFileSync(path.join(SITES, "mdbook/build.log"), "utf8");
  assert.doesNotMatch(mdbook, /mdbook-hooksim:|ERROR|WARN/, mdbook);
});

for (const [name, [, prefix, pages]] of Object.entries(CASES)) {
  for (const [file, phase] of pages) {
    const shot = `docs-${name}-${file.replace(/\W+/g, "-")}`;

    test(`${name} ${file}: a live timeline with JavaScript`, async () => {
      const problems = [];
      const page = await sites.browser.newPage({ viewport: { width: 1200, height: 900 } });
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
      page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} for ${r.url()}`));
      await page.goto(new URL(prefix + file, baseOf[name]()).href);
      await page.waitForFunction(() => document.querySelector("figure.hs-embed, [data-hooksim-error]"), null, { timeout: 20000 });
      const got = await page.evaluate(() => ({
        figures: [...document.querySelectorAll("figure.hs-embed")].map((f) => f.getAttribute("data-phase")),
        errors: [...document.querySelectorAll("[data-hooksim-error]")].map((e) => e.getAttribute("data-hooksim-error")),
        left: document.querySelectorAll("pre[data-hooksim]").length,
        marks: document.querySelectorAll("figure.hs-embed svg.hs-svg .hs-mark").length,
        diagnostics: [...document.querySelectorAll("figure.hs-embed .hs-diag")].map((d) => d.textContent),
        // With scripting on, the fallback is inert text inside <noscript>.
        fallback: [...document.querySelectorAll("noscript")].map((n) => n.textContent).filter((t) => t.includes('class="hs-svg"')).length,
        staticShown: document.querySelectorAll(".hooksim-static").length,
        codeBlocks: document.querySelectorAll("pre > code").length,
      }));
      assert.deepEqual(got.errors, []);
      assert.deepEqual(got.figures, [phase]);
      assert.equal(got.left, 0, "the <pre data-hooksim> was replaced");
      assert.ok(got.marks > 3, `a timeline with marks (${got.marks})`);
      assert.deepEqual(got.diagnostics, [], "the sample pages are clean examples");
      assert.equal(got.fallback, 1, "the static SVG is in the page, for readers without JavaScript");
      assert.equal(got.staticShown, 0);
      await page.locator("figure.hs-embed").screenshot({ path: path.join(SHOTS, `${shot}.png`) });
      await page.close();
      assert.deepEqual(problems, []);
    });

    test(`${name} ${file}: the static SVG without JavaScript`, async () => {
      const ctx = await sites.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
      const page = await ctx.newPage();
      await page.goto(new URL(prefix + file, baseOf[name]()).href);
      const svg = page.locator(".hooksim-block .hooksim-static svg.hs-svg");
      await svg.waitFor({ state: "visible", timeout: 10000 });
      const got = await page.evaluate(() => {
        const s = document.querySelector(".hooksim-static svg.hs-svg");
        const ok = s.querySelector(".hs-pod-ok, .hs-pod-fail");
        return {
          count: document.querySelectorAll(".hooksim-static svg.hs-svg").length,
          width: s.getBoundingClientRect().width,
          label: s.getAttribute("aria-label"),
          // The SVG's own styles colour it: a pod bar is filled with a colour, not black.
          fill: ok ? getComputedStyle(ok).fill : null,
          yaml: document.querySelector("pre[data-hooksim]").textContent,
        };
      });
      assert.equal(got.count, 1);
      assert.ok(got.width > 400, `the picture has its size (${got.width})`);
      assert.match(got.label, new RegExp(`final phase ${phase}`));
      assert.ok(got.fill && got.fill !== "rgb(0, 0, 0)" && got.fill !== "none", `pods are coloured (${got.fill})`);
      assert.match(got.yaml, /^apiVersion: hooksim\/v1\nkind: Scenario\n/, "the YAML stays readable, line by line");
      await svg.screenshot({ path: path.join(SHOTS, `${shot}-nojs.png`) });
      await ctx.close();
    });
  }
}
