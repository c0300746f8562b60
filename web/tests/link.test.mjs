// The playground's link codec (web/editor/link.js: raw DEFLATE with fflate) under Node, against
// the wasm API's (miniz_oxide, dist/pkg): the same #v1/ links both ways, the 4 MiB limit, and
// broken data refused. Run by `make test-web`.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { link } from "../editor/link.js";

const PKG = path.resolve(process.env.DIST ?? "dist", "pkg");
const LIMIT = 4 << 20; // share::MAX_DECODED_BYTES
let api;

before(async () => {
  assert.ok(fs.existsSync(path.join(PKG, "hooksim.js")), `${PKG}/hooksim.js is missing: run make dist`);
  api = await import(pathToFileURL(path.join(PKG, "hooksim.js")).href);
  await api.default({ module_or_path: fs.readFileSync(path.join(PKG, "hooksim_bg.wasm")) });
});

const utf8 = (s) => new TextEncoder().encode(s);
const text = (b) => new TextDecoder().decode(b);

test("what link.js deflates, it inflates", () => {
  const big = Array.from({ length: 20000 }, (_, i) => `- name: job-${i}\n  wave: ${i % 7}\n`).join("");
  for (const s of ["", "a: 1\n", "ünïcødé ✓ — 🚀\n", big]) {
    const packed = link.deflate(utf8(s));
    assert.ok(packed instanceof Uint8Array);
    assert.equal(text(link.inflate(packed, LIMIT)), s);
  }
});

test("the limit: exactly the limit inflates, one byte more is refused, a bomb stops early", () => {
  const data = new Uint8Array(100000).fill(7);
  const packed = link.deflate(data);
  assert.equal(link.inflate(packed, 100000).length, 100000);
  assert.equal(link.inflate(packed, 99999), null);
  // 64 MiB of zeros is about 64 KB of DEFLATE: refused at 4 MiB, not inflated whole.
  const bomb = link.deflate(new Uint8Array(64 << 20));
  assert.ok(bomb.length < 100000, `${bomb.length}`);
  assert.equal(link.inflate(bomb, LIMIT), null);
});

test("data that is not DEFLATE, or cut short, is refused", () => {
  const packed = link.deflate(utf8("apiVersion: v1\nkind: ConfigMap\n".repeat(50)));
  assert.equal(link.inflate(packed.subarray(0, packed.length >> 1), LIMIT), null);
  assert.equal(link.inflate(new Uint8Array(0), LIMIT), null);
  assert.equal(link.inflate(new Uint8Array([0xff, 0xff, 0xff, 0xff]), LIMIT), null);
});

test("the page's links and the wasm API's are the same format", () => {
  const input = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ünïcødé\n";
  // The API's link (miniz_oxide), read by link.js.
  const hash = api.shareHash(input, { t: 5 });
  assert.ok(hash.startsWith("#v1/"), hash);
  const inflated = link.inflate(new Uint8Array(Buffer.from(hash.slice(4), "base64url")), LIMIT);
  assert.deepEqual(JSON.parse(text(inflated)), { input, view: { t: 5 } });
  // link.js's link, read by the API.
  const ours = "#v1/" + Buffer.from(link.deflate(utf8(JSON.stringify({ input, view: { zoom: 200 } })))).toString("base64url");
  const read = api.readHash(ours);
  assert.equal(read.input, input);
  assert.equal(read.view.zoom, 200);
});
