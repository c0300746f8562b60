// App-of-apps in the playground (issue 11, A35): the children's own syncs are a lane of the
// timeline, one row per child Application. Screenshot: target/screenshots/playground-app-of-apps.png.
//   make test-web   (or: node --test web/tests/app-of-apps.test.mjs after make dist)
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { SHOTS, playgroundHarness } from "./playground-harness.mjs";

const h = playgroundHarness();

test("the children of an app-of-apps get a timeline lane with their own syncs", async () => {
  const page = await h.open(`${h.base}#example/app-of-apps-children-sync-themselves`);
  await page.waitForFunction(() =>
    [...document.querySelectorAll(".pg-tl-scroll svg .hs-lane-title")].some((t) => t.textContent === "Child Applications"));
  const labels = await page.$$eval(".pg-tl-scroll svg .hs-row-label", (ts) => ts.map((t) => t.textContent));
  // A label is its hover title, then its text.
  assert.ok(labels.some((l) => l.endsWith("sdatabase")) && labels.some((l) => l.endsWith("sbackend")), labels.join(", "));
  const titles = await page.$$eval(".pg-tl-scroll svg rect.hs-op title", (ts) => ts.map((t) => t.textContent));
  assert.ok(titles.some((t) => t.startsWith("backend: automated sync 1: Succeeded")), titles.join("\n"));
  await page.locator(".pg-tl-scroll").screenshot({ path: path.join(SHOTS, "playground-app-of-apps.png") });
  assert.deepEqual(h.problems, []);
  await page.context().close();
});
