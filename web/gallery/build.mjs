// The playground's gallery index: the wasm API module's `gallery()` (sections, titles, outcomes;
// hooksim-session's gallery of web/examples/*.yaml) written as target/web/gallery.json, which
// Trunk copies next to the page (index.html). The page's gallery (web/editor/gallery.js) reads
// it when the gallery is first opened, and an example's text comes from examples/<id>.yaml, so
// the playground's wasm carries neither (docs/playground.md, "Size").
//
// Run by `npm run build:gallery` (mk/web.mk `gallery`, after `make wasm`).

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = join(root, "target/wasm-pkg");
const out = process.argv[2] || join(root, "target/web/gallery.json");

const m = await import(pathToFileURL(join(pkg, "hooksim.js")).href);
await m.default({ module_or_path: readFileSync(join(pkg, "hooksim_bg.wasm")) });
const index = m.gallery();
if (!index.sections.length || !index.sections[0].examples.length) throw new Error("the gallery is empty");
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(index));
console.log(`gallery: ${index.sections.reduce((n, s) => n + s.examples.length, 0)} examples in ${index.sections.length} sections -> ${out}`);
