// The lessons (issue 13) as a learner takes them, in the built playground (dist/) on Debian's
// headless Chromium: the list, one whole lesson (a wrong prediction, a right one, a goal reached by
// editing), deep links and the progress kept over a reload. Screenshots: target/screenshots/lesson-*.png.
//   make test-web   (or: node --test web/tests/lessons.test.mjs after make dist)
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { SHOTS, editorText, playgroundHarness, replaceText } from "./playground-harness.mjs";

const h = playgroundHarness();
let base;
beforeEach(() => { base = h.base; });

/** A fresh page on a lesson link (h.open waits for a visible result, which a predict step veils). */
async function openLesson(url, opts = {}) {
  const page = await h.newPage(opts);
  await page.goto(url);
  await page.waitForSelector(".pg-lesson-work, .pg-lesson-list li", { timeout: 30000 });
  await page.waitForFunction(() => window.hooksimEditor?.current, null, { timeout: 30000 });
  return page;
}

const veiled = (page) => page.evaluate(() => document.documentElement.classList.contains("pg-veil"));

test("the Lessons button lists every lesson of web/lessons/index.txt", async () => {
  const page = await h.open(base);
  await page.click(".pg-bar a:has-text('Lessons')");
  await page.waitForSelector(".pg-lesson-list li");
  assert.match(page.url(), /#lessons$/);
  const titles = await page.$$eval(".pg-lesson-list li a", (as) => as.map((a) => a.textContent));
  assert.ok(titles.length >= 12, titles.join(", "));
  assert.equal(titles[0], "What a hook is");
  assert.equal(await page.locator(".pg-lesson-error").count(), 0);
  await page.context().close();
});

test("a learner walks the SyncFail lesson: a wrong prediction, a right one, a goal reached by editing", async () => {
  const page = await openLesson(`${base}#lesson/syncfail/1`);
  await page.waitForSelector(".pg-lesson-work[data-step='1']");
  // The step's starting input is in the editor, and the timeline waits for the answer.
  await page.waitForFunction(() => window.hooksimEditor.current.getText().includes("notify-failure"));
  assert.ok(await veiled(page), "the timeline is veiled before the answer");
  assert.match(await page.textContent(".pg-lesson-q"), /At what second/);

  // A wrong number: told so, with the rule, and the timeline is shown.
  await page.fill(".pg-lesson-number input", "40");
  await page.click(".pg-lesson-number button");
  await page.waitForSelector(".pg-verdict.pg-wrong");
  assert.ok(!(await veiled(page)));
  assert.match(await page.textContent(".pg-verdict"), /46 s/);
  assert.ok(await page.locator(".pg-verdict a.hs-rule[href='rules.html#R49']").count() === 1, "the rule is linked");
  await page.screenshot({ path: path.join(SHOTS, "lesson-wrong-prediction.png") });

  // The right number.
  await page.fill(".pg-lesson-number input", "46");
  await page.click(".pg-lesson-number button");
  await page.waitForSelector(".pg-verdict.pg-right");
  await page.click(".pg-verdict .pg-next");
  await page.waitForSelector(".pg-lesson-work[data-step='2']");
  assert.match(page.url(), /#lesson\/syncfail\/2$/);
  assert.ok(await veiled(page));

  // Multiple choice: a wrong choice, then the right one.
  await page.click(".pg-choice:has-text('after the SyncFail hook')");
  await page.waitForSelector(".pg-choice.pg-wrong");
  await page.click(".pg-choice:has-text('the sync stops')");
  await page.waitForSelector(".pg-choice.pg-right");
  await page.click(".pg-verdict .pg-next");
  await page.waitForSelector(".pg-lesson-work[data-step='3']");

  // The do step: its own starting input, the goal not reached, a hint on request.
  await page.waitForFunction(() => window.hooksimEditor.current.getText().includes("hook: PostSync"));
  await page.waitForSelector(".pg-goal-missing");
  assert.match(await page.textContent(".pg-goal-missing"), /Job\/notify-failure was never applied/);
  assert.equal(await page.locator(".pg-lesson-hint").count(), 0);
  await page.click(".pg-lesson-actions button:has-text('Hint')");
  assert.match(await page.textContent(".pg-lesson-hint"), /SyncFail/);
  // The learner edits the annotation.
  const text = await editorText(page);
  await replaceText(page, text.replace("argocd.argoproj.io/hook: PostSync", "argocd.argoproj.io/hook: SyncFail"));
  await page.waitForSelector(".pg-verdict.pg-right:has-text('Goal reached')", { timeout: 15000 });
  assert.equal(await page.locator(".pg-goal-missing").count(), 0);
  assert.equal(await page.getAttribute(".pg-summary .hs-badge", "data-phase"), "Failed");
  assert.match(page.url(), /#lesson\/syncfail\/3$/, "the lesson keeps its link while the learner edits");
  await page.screenshot({ path: path.join(SHOTS, "lesson-goal-reached.png") });

  // Progress survives a reload.
  await page.goto(`${base}#lessons`);
  await page.reload();
  await page.waitForSelector(".pg-lesson-list li");
  const row = await page.textContent(".pg-lesson-list li:has-text('When the sync fails')");
  assert.match(row, /3\/3 steps done/);
  await page.goto(`${base}#lesson/syncfail/2`);
  await page.waitForSelector(".pg-lesson-work[data-step='2']");
  assert.equal(await page.locator(".pg-lesson-step.pg-done").count(), 3);
  await page.context().close();
});

test("a lesson or a step that does not exist is said, with the list or the steps there are", async () => {
  const page = await openLesson(`${base}#lesson/no-such-lesson/1`);
  await page.waitForSelector(".pg-lesson-list li");
  assert.match(await page.textContent(".pg-lesson [role=alert]"), /There is no lesson "no-such-lesson"/);
  await page.goto(`${base}#lesson/syncfail/9`);
  await page.waitForFunction(() => /This lesson has 3 steps/.test(document.querySelector(".pg-lesson")?.textContent));
  assert.equal(await page.locator(".pg-lesson-steps a").count(), 3);
  await page.context().close();
});

test("the README's lesson screenshot: a wrong prediction explained, the timeline shown", async () => {
  const page = await openLesson(`${base}#lesson/backoff-limit/2`, { viewport: { width: 1280, height: 860 } });
  await page.waitForSelector(".pg-lesson-work[data-step='2']");
  await page.waitForFunction(() => window.hooksimEditor.current.getText().includes("backoffLimit: 2"));
  await page.fill(".pg-lesson-number input", "35");
  await page.click(".pg-lesson-number button");
  await page.waitForSelector(".pg-verdict.pg-wrong");
  await page.waitForSelector(".pg-tl-scroll svg");
  await page.screenshot({ path: path.join(SHOTS, "playground-lesson.png") });
  await page.context().close();
});

test("on a 390 px phone, by keyboard alone: choose, read the verdict, go on; the number answer stays", async () => {
  const page = await openLesson(`${base}#lesson/what-is-a-hook/1`, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.waitForSelector(".pg-lesson-work[data-step='1'] .pg-choice");
  await page.waitForFunction(() => window.hooksimEditor.current.getText().includes("db-migrate"));
  await page.screenshot({ path: path.join(SHOTS, "lesson-phone-390.png") });
  // Nothing of the lesson is wider than the phone.
  const wide = await page.$$eval(".pg-lesson *", (els) => els.filter((e) => e.getBoundingClientRect().right > 391).map((e) => e.className || e.tagName));
  assert.deepEqual(wide, []);
  // Tab to the first choice; Enter answers (wrong), and the focus stays on the choice.
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
  for (let i = 0; i < 60 && (await focused()) !== "pg-lesson-c0"; i++) await page.keyboard.press("Tab");
  assert.equal(await focused(), "pg-lesson-c0", "the choices are reached with Tab");
  await page.keyboard.press("Enter");
  await page.waitForSelector(".pg-choice.pg-wrong");
  assert.equal(await focused(), "pg-lesson-c0", "the focus stays on the answered choice");
  assert.ok(!(await veiled(page)));
  // The right one, with Tab and Space; the verdict is in view; its Next link opens step 2.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await page.waitForSelector(".pg-verdict.pg-right");
  await page.waitForFunction(() => {
    const r = document.querySelector(".pg-verdict").getBoundingClientRect();
    const box = document.querySelector(".pg-lesson").getBoundingClientRect();
    return r.bottom <= Math.min(innerHeight, box.bottom) + 1 && r.top >= 0;
  }, null, { timeout: 5000 });
  await page.screenshot({ path: path.join(SHOTS, "lesson-phone-390-right.png") });
  for (let i = 0; i < 20 && !(await page.evaluate(() => document.activeElement?.classList.contains("pg-next"))); i++) {
    await page.keyboard.press("Tab");
  }
  await page.keyboard.press("Enter");
  await page.waitForSelector(".pg-lesson-work[data-step='2']");
  await page.waitForFunction(() => document.activeElement?.id === "pg-lesson-q", null, { timeout: 5000 });
  // A number answer: typed, submitted with Enter, still in the field beside the verdict.
  await page.waitForFunction(() => !window.hooksimEditor.current.getText().includes("hook: PreSync"));
  await page.keyboard.press("Tab");
  await page.keyboard.type("3");
  await page.keyboard.press("Enter");
  await page.waitForSelector(".pg-verdict");
  assert.equal(await page.inputValue("#pg-lesson-n"), "3");
  await page.context().close();
});

test("no console errors, failed requests or 404s", () => {
  assert.deepEqual(h.problems, []);
});
