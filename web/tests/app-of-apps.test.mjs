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

test("the scenario panel switches the Application health check on and off (A32)", async () => {
  const page = await h.open(`${h.base}#example/app-of-apps-children-sync-themselves`);
  await page.click("button[role=tab]:has-text('Scenario')");
  const box = page.locator("#pg-s-apphealth");
  await box.waitFor();
  // The example has the check (settings.applicationHealthCheck: true): the box says so.
  assert.equal(await box.isChecked(), true);
  await box.uncheck();
  await page.waitForFunction(() => !/applicationHealthCheck: true/.test(window.hooksimEditor.current.getText()));
  await page.locator("#pg-s-apphealth:not(:checked)").waitFor();
  await box.check();
  await page.waitForFunction(() => /applicationHealthCheck: true/.test(window.hooksimEditor.current.getText()));
  assert.deepEqual(h.problems, []);
  await page.context().close();
});

// ApplicationSet RollingSync (A38-A43): a lane of each generated Application's progressive status,
// labelled with its step, above its own syncs. Screenshot: target/screenshots/playground-rolling-sync.png.
test("an ApplicationSet's RollingSync gets a lane of each Application's progressive status", async () => {
  const page = await h.open(`${h.base}#example/rolling-sync-steps-and-left-out-app`);
  await page.waitForFunction(() =>
    [...document.querySelectorAll(".pg-tl-scroll svg .hs-lane-title")].some((t) => t.textContent === "RollingSync steps"));
  const lanes = await page.$$eval(".pg-tl-scroll svg .hs-lane-title", (ts) => ts.map((t) => t.textContent));
  assert.ok(lanes.includes("Generated Applications") && !lanes.includes("Child Applications"), lanes.join(", "));
  const labels = await page.$$eval(".pg-tl-scroll svg .hs-row-label", (ts) => ts.map((t) => t.textContent));
  assert.ok(labels.some((l) => l.endsWith("shop-prod-a · step 2")) && labels.some((l) => l.endsWith("shop-qa-a · no step")), labels.join(", "));
  const titles = await page.$$eval(".pg-tl-scroll svg rect.hs-op title", (ts) => ts.map((t) => t.textContent));
  // A41: shop-dev-b waits for shop-dev-a (maxUpdate 1) and goes Pending only at 36 s.
  assert.ok(titles.some((t) => t.startsWith("36 s  Pending: Application moved to Pending status")), titles.join("\n"));
  assert.ok(titles.some((t) => t.startsWith("shop-prod-a: rolling-sync sync 1: Succeeded")), titles.join("\n"));
  await page.locator(".pg-tl-scroll").screenshot({ path: path.join(SHOTS, "playground-rolling-sync.png") });
  assert.deepEqual(h.problems, []);
  await page.context().close();
});

// A37 trap 2: the parent updates live children; each updated child is a row of the lane, its own
// sync beginning when the parent changes it. Screenshot: target/screenshots/playground-app-of-apps-update.png.
test("updated children get their rows from the second the parent changes them (A37 trap 2)", async () => {
  const page = await h.open(`${h.base}#example/app-of-apps-update-reads-stale-healthy`);
  await page.waitForFunction(() =>
    [...document.querySelectorAll(".pg-tl-scroll svg .hs-lane-title")].some((t) => t.textContent === "Child Applications"));
  const titles = await page.$$eval(".pg-tl-scroll svg rect.hs-op title", (ts) => ts.map((t) => t.textContent));
  // The parent Succeeds at 4 s on a's stale Healthy; a's and b's own syncs run on after it.
  assert.ok(titles.some((t) => t.startsWith("a: automated sync 1: Succeeded")), titles.join("\n"));
  assert.ok(titles.some((t) => t.startsWith("b: automated sync 1: Succeeded")), titles.join("\n"));
  await page.locator(".pg-tl-scroll").screenshot({ path: path.join(SHOTS, "playground-app-of-apps-update.png") });
  assert.deepEqual(h.problems, []);
  await page.context().close();
});
