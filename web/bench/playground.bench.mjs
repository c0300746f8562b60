// `make bench-web`: how fast the playground is for a user, in Debian's headless Chromium, on the
// built playground (dist/) served on 127.0.0.1 (issue 3: load to first timeline <= 1 s,
// keystroke to updated timeline <= 50 ms on a 100-manifest example). A benchmark, not a test: it
// prints the figures (and writes target/bench-web.json) and fails only if the page does not work.
//
// The example is the engine benchmark's generated application (crates/hooksim-engine/benches/
// simulate.rs `application`): 100 manifests, a tenth of them hook Jobs over PreSync, Sync and
// PostSync, 20 sync waves, the rest Deployments, Services and ConfigMaps; plus a Scenario whose
// `podSeconds` each keystroke changes, so that every keystroke changes the timeline.
//
// Measures, each over several runs (median and worst):
// - load: from navigation start to the first timeline in the page (a fresh browser context
//   each time, so nothing is cached: the wasm is fetched, compiled and run);
// - keystroke: from the editor handing the text to the app (after the 200 ms typing pause,
//   `performance.mark("hooksim:change")` in web/editor/editor.js) to the new timeline in the DOM
//   ("update"), and to the next frame ("painted"); and end to end from the key press, pause
//   included.
//   DIST=dist LOADS=5 KEYS=20 node web/bench/playground.bench.mjs
import fs from "node:fs";
import path from "node:path";
import { launchChromium } from "../tests/browser.mjs";
import { serve } from "../tests/static-server.mjs";

const DIST = process.env.DIST ?? "dist";
const LOADS = Number(process.env.LOADS ?? 5);
const KEYS = Number(process.env.KEYS ?? 20);
const WAVES = 20;

/** The engine benchmark's application of `n` manifests, and a Scenario. */
function application(n) {
  const docs = [];
  for (let i = 0; i < n; i++) {
    const wave = i % WAVES;
    if (i % 10 === 0) {
      const phase = ["PreSync", "Sync", "PostSync"][Math.floor(i / 10) % 3];
      docs.push(`apiVersion: batch/v1
kind: Job
metadata:
  name: hook-${i}
  annotations:
    argocd.argoproj.io/hook: ${phase}
    argocd.argoproj.io/hook-delete-policy: HookSucceeded
    argocd.argoproj.io/sync-wave: "${wave}"
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: hook
          image: busybox:1.36
          command: [sh, -c, "echo hook ${i}"]
`);
      continue;
    }
    docs.push([
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  labels: {app: app-${i}}
  annotations:
    argocd.argoproj.io/sync-wave: "${wave}"
spec:
  replicas: 2
  selector:
    matchLabels: {app: app-${i}}
  template:
    metadata:
      labels: {app: app-${i}}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          ports:
            - containerPort: 8080
          env:
            - {name: MODE, value: production}
`,
      `apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  annotations:
    argocd.argoproj.io/sync-wave: "${wave}"
spec:
  selector: {app: app-${i}}
  ports:
    - port: 80
      targetPort: 8080
`,
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: config-${i}
  annotations:
    argocd.argoproj.io/sync-wave: "${wave}"
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "a,b,c"
`][i % 3]);
  }
  const scenario = `apiVersion: hooksim/v1
kind: Scenario
metadata:
  name: bench-${n}-manifests
outcomes:
  Job/hook-0:
    attempts: [fail, succeed]
settings:
  podSeconds: 5`;
  return docs.join("---\n") + "---\n" + scenario;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const worst = (xs) => Math.max(...xs);
const ms = (x) => `${x.toFixed(1)} ms`;

// Records when the first timeline appears, and each later change of it, from the page's start.
function instrument() {
  window.__bench = { first: null, updates: [] };
  new MutationObserver(() => {
    const svg = document.querySelector(".pg-tl-scroll svg.hs-svg");
    if (!svg) return;
    const now = performance.now();
    if (window.__bench.first === null) window.__bench.first = now;
    else if (svg !== window.__bench.lastSvg || svg.outerHTML.length !== window.__bench.lastLen) {
      window.__bench.updates.push(now);
    }
    window.__bench.lastSvg = svg;
    window.__bench.lastLen = svg.outerHTML.length;
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: false });
}

async function main() {
  if (!fs.existsSync(path.join(DIST, "index.html"))) throw new Error(`${DIST}/index.html is missing: run make dist`);
  const { server, url: base } = await serve(DIST, "/hooksim/");
  const browser = await launchChromium();
  try {
    const input = application(100);
    const manifests = input.split(/^---$/m).length - 1;
    // The link of the example, made by the wasm API (the playground's codec).
    const page0 = await browser.newPage();
    await page0.goto(base + "embed-demo.html");
    const hash = await page0.evaluate(async (input) => {
      const m = await import(new URL("pkg/hooksim.js", document.baseURI).href);
      await m.default({ module_or_path: new URL("pkg/hooksim_bg.wasm", document.baseURI) });
      return m.shareHash(input);
    }, input);
    await page0.close();

    const loads = [];
    let page;
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(instrument);
      page = await context.newPage();
      await page.goto(base + hash);
      await page.waitForFunction(() => window.__bench?.first !== null && window.hooksimEditor?.current, null, { timeout: 30000 });
      loads.push(await page.evaluate(() => window.__bench.first));
      if (i < LOADS - 1) await context.close();
    }

    // Keystrokes in the last page: alternately add a digit to `podSeconds: 5` and remove it.
    const phase = await page.getAttribute(".pg-summary .hs-badge", "data-phase");
    await page.evaluate(() => {
      const v = window.hooksimEditor.current.view;
      const at = v.state.doc.toString().indexOf("podSeconds: 5") + "podSeconds: 5".length;
      v.focus();
      v.dispatch({ selection: { anchor: at } });
    });
    const work = [], painted = [], endToEnd = [];
    for (let i = 0; i < KEYS; i++) {
      const before = await page.evaluate(() => {
        performance.clearMarks("hooksim:change");
        window.__bench.updates = [];
        window.__bench.key = performance.now();
        return window.__bench.key;
      });
      await page.keyboard.press(i % 2 === 0 ? "1" : "Backspace");
      await page.waitForFunction(() => window.__bench.updates.length > 0, null, { timeout: 10000 });
      const t = await page.evaluate(() => new Promise((resolve) => {
        const update = window.__bench.updates[0];
        const change = performance.getEntriesByName("hooksim:change").at(-1)?.startTime ?? null;
        requestAnimationFrame(() => resolve({ update, change, frame: performance.now() }));
      }));
      if (t.change === null) throw new Error("the editor's change mark is missing (web/editor/editor.js)");
      work.push(t.update - t.change);
      painted.push(t.frame - t.change);
      endToEnd.push(t.update - before);
    }

    const result = {
      example: { manifests, hooks: manifests / 10, waves: WAVES, finalPhase: phase },
      loadToFirstTimelineMs: { median: median(loads), worst: worst(loads), runs: loads },
      keystrokeToTimelineMs: { median: median(work), worst: worst(work), runs: work.length },
      keystrokeToPaintMs: { median: median(painted), worst: worst(painted) },
      keystrokeEndToEndMs: { median: median(endToEnd), worst: worst(endToEnd), typingPauseMs: 200 },
      targets: { loadMs: 1000, keystrokeMs: 50 },
    };
    console.log(`bench-web: ${manifests} manifests (${manifests / 10} hook Jobs, ${WAVES} waves), final phase ${phase}, headless Chromium`);
    console.log(`  load to first timeline       median ${ms(median(loads))}, worst ${ms(worst(loads))} over ${loads.length} loads (target <= 1000 ms)`);
    console.log(`  keystroke to new timeline    median ${ms(median(work))}, worst ${ms(worst(work))} over ${work.length} keystrokes (target <= 50 ms)`);
    console.log(`  keystroke to painted frame   median ${ms(median(painted))}, worst ${ms(worst(painted))}`);
    console.log(`  key press to timeline        median ${ms(median(endToEnd))}, worst ${ms(worst(endToEnd))} (includes the 200 ms typing pause)`);
    fs.mkdirSync("target", { recursive: true });
    fs.writeFileSync("target/bench-web.json", JSON.stringify(result, null, 2) + "\n");
    console.log("  (written to target/bench-web.json)");
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
