// App-of-apps in the playground (issue 11, A35): the children's own syncs are a lane of the
// timeline, one row per child Application. Screenshot: target/screenshots/playground-app-of-apps.png.
//   make test-web   (or: node --test web/tests/app-of-apps.test.mjs after make dist)
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { SHOTS, editorText, phase, playgroundHarness, replaceText } from "./playground-harness.mjs";

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

// Issue 11 item 8: the Application controller in the scenario panel: automated sync, self-heal,
// and the commits and drift it reacts to. Screenshot: target/screenshots/playground-panel-controller.png.
test("the scenario panel turns automated sync on and adds a commit and a drift (A2, A8, A11)", async () => {
  const page = await h.open(`${h.base}#example/presync-postsync`);
  await page.click("button[role=tab]:has-text('Scenario')");
  const auto = page.locator("#pg-auto");
  await auto.waitFor();
  assert.equal(await auto.isChecked(), false);
  await auto.check();
  await page.waitForFunction(() => /automated: \{\}/.test(window.hooksimEditor.current.getText()));
  const title = (t) => page.waitForFunction((t) =>
    [...document.querySelectorAll(".pg-tl-scroll svg title")].some((e) => e.textContent.startsWith(t)), t);
  await title("automated sync operation 1:");
  // A commit at 60 s: its automated sync runs the hooks again.
  await page.click("#pg-c-add");
  await page.waitForFunction(() => /commits:\s*\n?\s*- \{?at: 60/.test(window.hooksimEditor.current.getText()));
  await title("automated sync operation 2:");
  // Self-heal and a drift of the Deployment: a sync of it alone, no hooks.
  await page.check("#pg-auto-heal");
  await page.click("#pg-d-add");
  await page.waitForFunction(() => /drift:/.test(window.hooksimEditor.current.getText()));
  assert.equal(await page.inputValue("#pg-d0-objects"), "Deployment/web");
  await page.fill("#pg-d0-at", "150");
  await page.press("#pg-d0-at", "Tab");
  await page.waitForFunction(() => /at: 150/.test(window.hooksimEditor.current.getText()));
  await title("self-heal sync operation 3:");
  const text = await editorText(page);
  assert.match(text, /automated: \{selfHeal: true\}/);
  await page.locator("#pg-panel-scenario").screenshot({ path: path.join(SHOTS, "playground-panel-controller.png") });
  // Removing them takes the keys out again.
  await page.click("#pg-d0-x");
  await page.click("#pg-c0-x");
  await page.uncheck("#pg-auto");
  await page.waitForFunction(() => !/drift:|commits:|automated/.test(window.hooksimEditor.current.getText()));
  assert.deepEqual(h.problems, []);
  await page.context().close();
});

// Issue 11 item 8: the Application lane: its sync status, its SyncError condition while set, and
// the controller's decisions as marks a keyboard reaches, each with its rules.
// Screenshot: target/screenshots/playground-application-lane.png.
test("the Application controller's lane shows the sync status, SyncError and the decisions (A2, A5, A8)", async () => {
  const page = await h.open(`${h.base}#example/failed-commit-is-not-auto-synced-again`);
  await page.waitForFunction(() =>
    [...document.querySelectorAll(".pg-tl-scroll svg .hs-lane-title")].some((t) => t.textContent === "Application controller"));
  const titles = await page.$$eval(".pg-tl-scroll svg title", (ts) => ts.map((t) => t.textContent));
  assert.ok(titles.some((t) => t.startsWith("0 s  OutOfSync at abc1234: Deployment/orders Missing (A2)")), titles.join("\n"));
  assert.ok(titles.some((t) => /^120 s {2}SyncError: Failed last sync attempt to \[abc1234def5678\].*removed at 200 s, A5\)$/.test(t)), titles.join("\n"));
  // The decision mark of 200 s: focused by keyboard, its detail lists A8 and A46.
  const mark = page.locator('.pg-tl-scroll circle[data-events="ControllerDecision"][data-t="200"]');
  assert.equal(await mark.getAttribute("tabindex"), "0");
  await mark.focus();
  await page.waitForSelector(".pg-rules li a");
  const ids = await page.$$eval(".pg-rules li a", (as) => as.map((a) => a.textContent));
  assert.ok(ids.includes("A8") && ids.includes("A46"), ids.join(", "));
  assert.match(await page.textContent(".pg-detail-lines"), /new commit 5e6f7a8 seen/);
  await page.locator(".pg-tl-scroll").screenshot({ path: path.join(SHOTS, "playground-application-lane.png") });
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

// The playground's own wasm has no tree layers (docs/decisions.md, "Application trees in the
// playground"): a tree comes from the wasm API module, with its diagnostics, and follows edits;
// a single Application gets the page's own timeline and player back.
test("an Application tree is simulated by the wasm API module, diagnostics and edits included", async () => {
  const page = await h.newPage();
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${h.base}#example/app-of-apps-children-sync-themselves`);
  await page.waitForSelector(".pg-tree .pg-tl-scroll svg .hs-lane-title");
  assert.ok(fetched.some((p) => p.endsWith("/pkg/hooksim_bg.wasm")), fetched.join("\n"));
  assert.match(await page.textContent(".pg-tree-note"), /Application tree/);
  assert.equal(await phase(page), "Succeeded");
  // No player for a tree; the child's lint (A37 trap 4) is under the editor, from the module.
  assert.equal(await page.locator(".pg-scrub").count(), 0);
  // What the marks say, as lists: the parent's operation, then each child's.
  await page.click(".pg-tree-events summary");
  const apps = await page.$$eval(".pg-tree-events .hs-events-app", (ds) => ds.map((d) => d.textContent));
  assert.deepEqual(apps, ["Application database", "Application backend"]);
  await page.waitForSelector(".pg-diags .hs-diag-code:text('child-app-last-wave')");
  // An edit: without the health check the parent no longer waits for database (A32): its sync
  // ends at once, and the module's new answer replaces the view.
  const text = await editorText(page);
  await replaceText(page, text.replace("applicationHealthCheck: true", "applicationHealthCheck: false"));
  await page.waitForFunction(() => !/sync 1: Succeeded at 44 s/.test(document.querySelector(".pg-tree").textContent));
  await page.waitForSelector(".pg-diags .hs-diag-code:text('child-app-no-health')");
  // Broken YAML: the last tree stays, greyed, with the page's own note.
  await replaceText(page, text + "\n  bad: [\n");
  await page.waitForSelector(".pg-tree.pg-stale");
  assert.match(await page.textContent(".pg-stale-note"), /YAML error/);
  // A single Application: the page's own timeline and player.
  await page.goto(`${h.base}#example/presync-postsync`);
  await page.waitForSelector(".pg-scrub");
  assert.equal(await page.locator(".pg-tree").count(), 0);
  assert.deepEqual(h.problems, []);
  await page.context().close();
});

test("an embed (#embed/) of an Application tree shows the module's view, its phase once", async () => {
  const page = await h.open(`${h.base}#embed/example/app-of-apps-children-sync-themselves`);
  await page.waitForSelector(".pg-tree .pg-tl-scroll svg .hs-lane-title");
  const badges = await page.$$eval(".hs-badge[data-phase]", (bs) => bs.map((b) => b.dataset.phase));
  assert.equal(badges[0], "Succeeded", badges.join(", "));
  assert.ok(!badges.includes("none"), badges.join(", "));
  assert.deepEqual(h.problems, []);
  await page.context().close();
});

test("an Application tree on a phone: the timeline at its own size, scrolling (390 px)", async () => {
  const page = await h.open(`${h.base}#example/rolling-sync-steps-and-left-out-app`, { viewport: { width: 390, height: 844 } });
  await page.waitForSelector(".pg-tree .pg-tl-scroll svg .hs-row-label");
  const label = await page.$eval(".pg-tree .hs-row-label", (t) => t.getBoundingClientRect().height);
  assert.ok(label >= 11, `row label ${label} px high`);
  const [svg, box] = await page.$eval(".pg-tree .pg-tl-scroll", (d) => [d.scrollWidth, d.clientWidth]);
  assert.ok(svg > box, `the timeline scrolls (${svg} > ${box})`);
  await page.screenshot({ path: path.join(SHOTS, "playground-tree-phone.png"), fullPage: true });
  assert.deepEqual(h.problems, []);
  await page.context().close();
});

test("accessibility: axe-core finds no violations in an Application tree's view", async () => {
  // CodeMirror's scroller holds a contenteditable, which the keyboard reaches; axe does not count it.
  const expected = (v) => v.id === "scrollable-region-focusable" && v.nodes.every((n) => n.target.join(" ").includes("cm-scroller"));
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    for (const theme of ["light", "dark"]) {
      const page = await h.newPage({ viewport, colorScheme: theme });
      await page.goto(`${h.base}#example/app-of-apps-children-sync-themselves`);
      await page.waitForSelector(".pg-tree .pg-tl-scroll svg");
      await page.click(".pg-tree-events summary");
      await page.addScriptTag({ path: "node_modules/axe-core/axe.min.js" });
      const found = (await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => ({
        id: v.id, nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
      })))).filter((v) => !expected(v));
      assert.deepEqual(found, [], `${theme} at ${viewport.width}px: ${JSON.stringify(found, null, 1)}`);
      await page.context().close();
    }
  }
});

// A46: a commit pushed without a webhook waits for the periodic refresh; the panel's webhook box
// makes the controller see it at the push. Screenshots: target/screenshots/playground-poll.png
// (the timeline) and playground-poll-panel.png (the commit row).
test("a commit without a webhook is seen at the periodic refresh, and the panel's webhook box changes that (A46)", async () => {
  const page = await h.open(`${h.base}#example/commit-without-webhook-waits-for-the-poll`);
  const title = (t) => page.waitForFunction((t) =>
    [...document.querySelectorAll(".pg-tl-scroll svg title")].some((e) => e.textContent.startsWith(t)), t);
  await title("controller: new commit 9c81d4e seen at the periodic refresh (resync 2 at 240 s, jitter 10 s");
  await title("controller: periodic refresh (resync 1 at 120 s, jitter 25 s)");
  await title("automated sync operation 2: Succeeded (250 s to 281 s)");
  // The decision mark of 145 s: the refresh that did not read Git, with its rule.
  const mark = page.locator('.pg-tl-scroll circle[data-events="ControllerDecision"][data-t="145"]');
  await mark.focus();
  await page.waitForSelector(".pg-rules li a");
  assert.ok((await page.$$eval(".pg-rules li a", (as) => as.map((a) => a.textContent))).includes("A46"));
  await page.locator(".pg-tl-scroll").screenshot({ path: path.join(SHOTS, "playground-poll.png") });
  await page.click("button[role=tab]:has-text('Scenario')");
  const box = page.locator("#pg-c0-webhook");
  await box.waitFor();
  assert.equal(await box.isChecked(), false);
  await page.locator("#pg-c0-webhook").scrollIntoViewIfNeeded();
  await page.locator("#pg-panel-scenario").screenshot({ path: path.join(SHOTS, "playground-poll-panel.png") });
  await box.check();
  // The commit's line loses its webhook: false (the description still names it).
  await page.waitForFunction(() => !/revision: 9c81d4e5f0, webhook: false/.test(window.hooksimEditor.current.getText()));
  await title("automated sync operation 2: Succeeded (50 s to");
  assert.deepEqual(h.problems, []);
  await page.context().close();
});

// The tree view has no detail box of its own: Tab reaches its marks, and the focused or clicked
// one's text is shown under the timeline. Screenshot: target/screenshots/playground-tree-detail.png.
test("an Application tree's marks are keyboard stops whose text shows under the timeline", async () => {
  const page = await h.open(`${h.base}#example/app-of-apps-children-sync-themselves`);
  await page.waitForSelector(".pg-tree .pg-tl-scroll svg .hs-lane-title");
  await page.focus(".pg-tree-tl");
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement?.matches(".pg-tree-tl circle.hs-mark"));
  assert.ok(focused, "Tab from the timeline reaches its first mark");
  const first = await page.textContent(".pg-tree-detail");
  assert.match(first, /^0 s {2}OperationStarted/);
  await page.keyboard.press("Tab");
  await page.waitForFunction((t) => document.querySelector(".pg-tree-detail").textContent !== t, first);
  // A click on a child's mark shows it as well.
  const mark = page.locator('.pg-tree-tl circle.hs-mark[data-events="ControllerDecision"]').first();
  if ((await mark.count()) > 0) {
    await mark.click({ force: true });
    assert.match(await page.textContent(".pg-tree-detail"), /controller: /);
  }
  await page.locator(".pg-tree").screenshot({ path: path.join(SHOTS, "playground-tree-detail.png") });
  assert.deepEqual(h.problems, []);
  await page.context().close();
});
