// The built package (dist/pkg, from `make dist`) under Node: what a JS user of the bindings sees,
// glue code and TypeScript declarations included. Run by `make test-browser`.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const PKG = path.resolve(process.env.DIST ?? "dist", "pkg");
let m;

before(async () => {
  assert.ok(fs.existsSync(path.join(PKG, "hooksim.js")), `${PKG}/hooksim.js is missing: run make dist`);
  m = await import(pathToFileURL(path.join(PKG, "hooksim.js")).href);
  await m.default({ module_or_path: fs.readFileSync(path.join(PKG, "hooksim_bg.wasm")) });
});

test("simulate returns the contract's report as a plain object", () => {
  const ex = m.examples().find((e) => e.id === "presync-fails-syncfail");
  const r = m.simulate(ex.text);
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.equal(r.schemaVersion, 1);
  assert.deepEqual(r.diagnostics, []);
  const op = r.operations[0];
  assert.equal(op.type, "sync");
  assert.equal(op.phase, "Failed");
  assert.equal(op.finishedAt, 52);
  assert.equal(op.results[0].hookType, "PreSync");
  assert.equal(op.events[0].type, "OperationStarted");
  assert.ok(!("ref" in op.events[0]), "fields that do not apply are absent");
  assert.ok(Array.isArray(r.remaining));
});

test("a separate scenario replaces the embedded one", () => {
  const input = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations: {argocd.argoproj.io/hook: PreSync}\n" +
    "spec: {backoffLimit: 0, template: {spec: {containers: [{name: c, image: x}], restartPolicy: Never}}}\n";
  assert.equal(m.simulate(input).operations[0].phase, "Succeeded");
  const scenario = "outcomes:\n  Job/j:\n    attempts: [fail]\n";
  assert.equal(m.simulate(input, scenario).operations[0].phase, "Failed");
  assert.equal(m.simulate(input, null).operations[0].phase, "Succeeded");
});

test("lint, text, examples, version, embed", () => {
  const d = m.lint("a: [\n");
  assert.equal(d[0].code, "yaml-syntax");
  assert.equal(typeof d[0].line, "number");
  assert.equal(typeof d[0].column, "number");
  const ex = m.examples();
  assert.ok(ex.length >= 1);
  for (const e of ex) {
    assert.deepEqual(Object.keys(e), ["id", "title", "description", "text"]);
    assert.match(e.id, /^[a-z0-9-]+$/);
  }
  // The gallery as the playground shows it (its gallery.json): every example once, in sections,
  // "start here" first, with the engine's outcome and the title examples() gives.
  const g = m.gallery();
  const listed = g.sections.flatMap((s) => s.examples);
  assert.deepEqual(listed.map((e) => e.id).sort(), ex.map((e) => e.id).sort());
  assert.equal(g.sections[0].examples[0].id, "presync-postsync");
  for (const e of listed) {
    assert.deepEqual(Object.keys(e), ["id", "title", "phase"]);
    assert.equal(e.title, ex.find((x) => x.id === e.id).title);
    assert.match(e.phase, /^(Succeeded|Failed|Error|Running)$/);
  }
  assert.equal(listed.find((e) => e.id === "presync-fails-syncfail").phase, "Failed");
  // The article's first example, by id: the gallery is in file-name order, which new examples change.
  const basic = ex.find((e) => e.id === "presync-postsync");
  assert.ok(basic, "the presync-postsync example");
  assert.match(m.renderText(basic.text), /Operation 1 \(sync\)/);
  assert.match(m.version(), /^\d+\.\d+\.\d+/);
  const html = m.renderEmbed(basic.text, { title: "T", showSource: false });
  assert.match(html, /^<figure class="hs-embed" data-phase="\w+"/);
  assert.ok(!html.includes("hs-source"));
  assert.match(m.embedCss(), /\.hs-embed/);
});

test("renderJson is the CLI's JSON; renderCompare draws a comparison as HTML, SVG or Markdown", () => {
  const ex = m.examples().find((e) => e.id === "ttl-zero-hook-stuck-on-argocd-2-14");
  const json = m.renderJson(ex.text);
  assert.deepEqual(JSON.parse(json), m.simulate(ex.text));
  assert.match(json, /^\{\n  "schemaVersion": 1,/, "pretty-printed as the CLI prints it");
  const html = m.renderCompare(ex.text, { compare: "argocdVersion=3.0" });
  assert.match(html, /data-equal="false"/);
  assert.match(html, /Argo CD 3\.0/);
  assert.match(m.renderCompare(ex.text, { compare: "argocdVersion=3.0", format: "svg" }), /^<svg/);
  assert.match(m.renderCompare(ex.text, { before: ex.text, format: "markdown" }), /before your last edit/);
  assert.equal(m.renderCompare(ex.text, {}), "", "nothing to compare");
  assert.throws(() => m.renderCompare(ex.text, { compare: "nonsense" }), Error);
  assert.throws(() => m.renderCompare(ex.text, { format: "png" }), /html, svg or markdown/);
  assert.throws(() => m.renderCompare(ex.text, 5), /must be an object/);
  // The playground's "Copy as Markdown": the link, the input folded, the comparison first.
  const md = m.renderMarkdown(ex.text, { url: "https://example.test/#v1/x", compare: "argocdVersion=3.0" });
  assert.match(md, /\(https:\/\/example\.test\/#v1\/x\)/);
  assert.match(md, /```mermaid\ngantt\n/);
  assert.ok(md.indexOf("(as written)") < md.indexOf("<details><summary>Manifests and scenario"), md.slice(0, 400));
  assert.ok(!m.renderMarkdown(ex.text).includes("(as written)"));
});

test("the scenario panel: panelHtml draws the controls, panelEdit rewrites the Scenario document", () => {
  const input = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: \"db<migrate>\"\n  annotations:\n    argocd.argoproj.io/hook: PreSync\nspec:\n  template:\n    spec:\n      containers: [{name: m, image: x}]\n      restartPolicy: Never\n";
  const html = m.panelHtml(input);
  assert.ok(html.includes("db&lt;migrate&gt;") && !html.includes("db<migrate>"), "names are escaped");
  assert.match(html, /id="pg-s-waveDelaySeconds"[^>]*data-act="setting"/);
  const out = m.panelEdit(input, { "data-act": "setting", "data-setting": "waveDelaySeconds", id: "pg-s-waveDelaySeconds" }, "5", false);
  assert.match(out, /kind: Scenario/);
  assert.match(out, /waveDelaySeconds: 5/);
  assert.ok(out.includes(input.trim()), "the manifests stay as they were");
  assert.equal(m.panelEdit(input, { id: "x" }, "", false), input, "a control that makes no edit");
  assert.throws(() => m.panelEdit(input, "x", "", false), /control must be an object/);
});

test("playgroundTree draws an Application tree for the playground, with the report's diagnostics", () => {
  const text = fs.readFileSync("web/examples/app-of-apps-children-sync-themselves.yaml", "utf8");
  const tree = m.playgroundTree(text);
  assert.match(tree.html, /Child Applications/);
  assert.match(tree.html, /class="pg-tl-scroll pg-tree-tl"/);
  assert.deepEqual(tree.diagnostics, m.simulate(text).diagnostics);
  assert.ok(tree.diagnostics.some((d) => d.code === "child-app-last-wave"));
  assert.throws(() => m.playgroundTree(1), /input must be a string/);
});

test("bad arguments throw Error with a message", () => {
  for (const [call, msg] of [
    [() => m.simulate(), "input must be a string (YAML), not undefined"],
    [() => m.simulate(1), "input must be a string (YAML), not number"],
    [() => m.lint({}), "input must be a string (YAML), not object"],
    [() => m.simulate("", 3), "scenario must be a string (YAML), not number"],
    [() => m.renderEmbed("", []), "renderEmbed options must be an object, not an array"],
    [() => m.simulate("#".repeat(4 * 1024 * 1024 + 1)), /at most 4194304 bytes/],
  ]) {
    assert.throws(call, (e) => e instanceof Error && (typeof msg === "string" ? e.message === msg : msg.test(e.message)));
  }
  // The module still works afterwards.
  assert.equal(m.simulate("").operations.length, 1);
});

test("TypeScript declarations cover every type and function", () => {
  const dts = fs.readFileSync(path.join(PKG, "hooksim.d.ts"), "utf8");
  for (const t of ["Report", "OperationReport", "ResourceResult", "Event", "EventType", "Diagnostic", "Severity", "Remaining", "Example", "EmbedOptions", "View", "HashState", "LessonView", "LessonStep", "CompareOptions", "MarkdownOptions", "GalleryIndex", "PlaygroundTree"]) {
    assert.match(dts, new RegExp(`export (interface|type) ${t}\\b`), t);
  }
  // EventType is one union, each event type of the report once (a merge once left it two
  // statements, which TypeScript refuses).
  const union = dts.slice(dts.indexOf("export type EventType ="), dts.indexOf(";", dts.indexOf("export type EventType =")));
  const members = [...union.matchAll(/"(\w+)"/g)].map((x) => x[1]);
  assert.equal(new Set(members).size, members.length, union);
  const after = dts.slice(dts.indexOf(";", dts.indexOf("export type EventType =")) + 1).trimStart();
  assert.ok(!after.startsWith("|"), "EventType continues after its semicolon");
  assert.ok(members.includes("RetryScheduled") && members.includes("OperationCompleted"), union);
  for (const f of [
    "simulate(input: string, scenario?: string | null): Report",
    "lint(input: string, scenario?: string | null): Diagnostic[]",
    "examples(): Example[]",
    "gallery(): GalleryIndex",
    "version(): string",
    "renderEmbed(input: string, options?: EmbedOptions): string",
    "renderText(input: string, scenario?: string | null): string",
    "renderJson(input: string, scenario?: string | null): string",
    "renderCompare(input: string, options?: CompareOptions): string",
    "renderMarkdown(input: string, options?: MarkdownOptions): string",
    "embedCss(): string",
    "shareHash(input: string, view?: View): string",
    "readHash(hash: string): HashState | null",
    "lesson(text: string): LessonView",
    "lessonFile(index: string, id: string): string | undefined",
    "lessonCheck(lesson: string, step: number, input: string): string[]",
    "panelHtml(input: string): string",
    "playgroundTree(input: string): PlaygroundTree",
    "panelEdit(input: string, control: Record<string, string>, value: string, checked: boolean): string",
  ]) {
    assert.ok(dts.includes(`export function ${f};`), f);
  }
});

test("lessons read for a page: lessonFile finds the file, lesson() its steps, with rule links", () => {
  const index = fs.readFileSync("web/lessons/index.txt", "utf8");
  const file = m.lessonFile(index, "syncfail");
  assert.equal(file, "04-syncfail.yaml");
  assert.equal(m.lessonFile(index, "no-such-lesson"), undefined);
  const l = m.lesson(fs.readFileSync(`web/lessons/${file}`, "utf8"));
  assert.equal(l.id, "syncfail");
  assert.deepEqual(l.steps.map((s) => s.kind), ["predict", "predict", "do"]);
  assert.equal(l.steps[0].answer, 46);
  assert.match(l.steps[0].wrongHtml, /<a class="hs-rule" href="rules\.html#J5"/);
  assert.equal(l.steps[1].choices.filter((c) => c.right).length, 1);
  assert.throws(() => m.lesson("id: x\n"), (e) => e instanceof Error && /title|missing/.test(e.message));
  // A goal is checked on an input: its starting input misses it, its solution reaches it.
  const text = fs.readFileSync(`web/lessons/${file}`, "utf8");
  const goal = l.steps[2];
  assert.match(m.lessonCheck(text, 3, goal.input).join("\n"), /never applied/);
  assert.deepEqual(m.lessonCheck(text, 3, goal.solution), []);
  assert.equal(l.steps[0].solution, "");
  assert.throws(() => m.lessonCheck(text, 1, goal.input), /prediction/);
});

test("playground links: shareHash and readHash round-trip, and read the older forms", () => {
  const input = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ünïcødé\n";
  const hash = m.shareHash(input);
  assert.match(hash, /^#v1\/[A-Za-z0-9_-]+$/);
  assert.deepEqual(m.readHash(hash), { embed: false, input, view: {} });
  const withView = m.shareHash(input, { t: 46, zoom: 200, panel: "scenario" });
  assert.deepEqual(m.readHash(withView).view, { t: 46, zoom: 200, panel: "scenario" });
  assert.deepEqual(m.readHash("#embed/" + hash.slice(1)), { embed: true, input, view: {} });
  const legacy = "#yaml/" + Buffer.from(input).toString("base64url");
  assert.equal(m.readHash(legacy).input, input);
  assert.deepEqual(m.readHash("#example/presync-ttl"), { embed: false, example: "presync-ttl" });
  assert.equal(m.readHash("#something-else"), null);
  assert.match(m.readHash("#v1/!!").error, /base64url/);
  assert.throws(() => m.shareHash(input, "x"), (e) => e instanceof Error && e.message === "view must be an object, not string");
});
