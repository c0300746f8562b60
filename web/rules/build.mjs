// The rule book as one static page: docs/rules/*.md rendered with `marked` into
// target/web/rules.html, which Trunk copies next to the playground (index.html, `copy-file`) and
// `make dist` ships. The playground and the embed link a rule id to `rules.html#<id>` (R44,
// R44.1, J10, A12; §16 is `#S16`), so the rule texts stay data and never enter the wasm.
//
// Run by `npm run build:rules` (mk/web.mk `rules`, a prerequisite of the playground). The page
// takes its colours from web/playground.css (the two :root blocks) and follows the playground's
// stored theme (its theme script, taken from index.html).

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Marked } from "marked";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const out = process.argv[2] || join(root, "target/web/rules.html");

/** The book's files, in reading order: [section id, file]. */
const FILES = [
  ["readme", "README.md"],
  ["argocd-sync", "argocd-sync.md"],
  ["argocd-app", "argocd-app.md"],
  ["k8s-job", "k8s-job.md"],
];

/** A rule id at the start of a heading ("R44.1 — …", "S16 — …"). */
const HEADING_ID = /^([RJAS][1-9]\d?(?:\.\d+|[a-z])?) — /;
/** A rule id in running text; the boundaries follow docs/rules/README.md. */
const ID_IN_TEXT = /(?<![\p{L}\p{N}_#§])[RJA][1-9]\d?(?:\.\d+|[a-z])?(?![\p{L}\p{N}_])/u;

const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const slug = (s) => s.toLowerCase().replace(/<[^>]*>/g, "").replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "");

function build() {
  const sources = FILES.map(([section, file]) => [section, readFileSync(join(root, "docs/rules", file), "utf8")]);

  // Every anchor the page will have, first: text mentions link only to ids that exist.
  const anchors = new Set();
  for (const [, md] of sources) {
    for (const token of new Marked({ gfm: true }).lexer(md)) {
      const id = token.type === "heading" && HEADING_ID.exec(token.text);
      if (!id) continue;
      if (anchors.has(id[1])) throw new Error(`docs/rules: ${id[1]} has two entries`);
      anchors.add(id[1]);
    }
  }

  const marked = new Marked({ gfm: true });
  marked.use({
    extensions: [
      {
        // "R44.1" in running text links to its entry.
        name: "ruleRef",
        level: "inline",
        start: (src) => src.match(ID_IN_TEXT)?.index,
        tokenizer(src) {
          const m = /^[RJA][1-9]\d?(?:\.\d+|[a-z])?(?![\p{L}\p{N}_])/u.exec(src);
          if (m && anchors.has(m[0]) && !this.lexer.state.inLink) return { type: "ruleRef", raw: m[0], id: m[0] };
          return undefined;
        },
        renderer: (t) => `<a class="rb-ref" href="#${t.id}">${t.id}</a>`,
      },
    ],
    renderer: {
      heading({ tokens, depth, text }) {
        const inner = this.parser.parseInline(tokens);
        const id = HEADING_ID.exec(text)?.[1];
        if (id) return `<h${depth} id="${id}" class="rb-entry">${inner}</h${depth}>\n`;
        return `<h${depth} id="${slug(text)}">${inner}</h${depth}>\n`;
      },
      link({ href, tokens }) {
        // The book's own files are sections of this page.
        const file = /^([\w-]+)\.md$/.exec(href);
        const section = file && FILES.find(([, f]) => f === `${file[1]}.md`);
        const target = section ? `#${section[0]}` : href;
        return `<a href="${escapeHtml(target)}">${this.parser.parseInline(tokens)}</a>`;
      },
      paragraph({ tokens }) {
        const html = this.parser.parseInline(tokens);
        // "Status: …" and "Source: …" lines of an entry get a class each.
        const kind = /^(Status|Source|Versions):/.exec(html)?.[1];
        if (!kind) return `<p>${html}</p>\n`;
        // One span per key, with the wrapped lines that follow it.
        const groups = [];
        for (const l of html.split("\n")) {
          if (/^(Status|Source|Versions):/.test(l) || !groups.length) groups.push([l]);
          else groups.at(-1).push(l);
        }
        const lines = groups.map((g) => {
          const l = g.join("\n");
          const k = /^(Status|Source|Versions):/.exec(l)[1];
          const rest = l.slice(k.length + 1);
          const tone = k === "Status" ? ` rb-${/^\s*not modelled/.test(rest) ? "no" : /^\s*partly/.test(rest) ? "part" : "yes"}` : "";
          return `<span class="rb-meta rb-${k.toLowerCase()}${tone}"><b>${k}:</b>${rest}</span>`;
        });
        return `<p class="rb-facts">${lines.join("\n")}</p>\n`;
      },
    },
  });

  const sections = sources.map(([section, md]) => {
    // The file's title (its one # heading) becomes the section's heading, with the section id.
    const html = marked.parse(md).replace(/^<h1 id="[^"]*">/, `<h1 id="${section}">`);
    return `<section class="rb-file" aria-labelledby="${section}">\n${html}</section>`;
  });

  // The playground's own theme script (index.html: the stored choice, else the system's).
  const themeScript = readFileSync(join(root, "index.html"), "utf8").match(/<script>(?:(?!<\/script>)[\s\S])*hooksim\.theme[\s\S]*?<\/script>/)?.[0];
  if (!themeScript) throw new Error("index.html: no theme script (hooksim.theme) found");
  const css = readFileSync(join(root, "web/playground.css"), "utf8");
  const palette = css.match(/:root(?:\[data-theme="dark"\])? \{[^}]*\}/g);
  if (!palette || palette.length < 2) throw new Error("web/playground.css: no :root colour blocks found");

  const nav = FILES.slice(1)
    .map(([section]) => `<a href="#${section}">${sources.find(([s]) => s === section)[1].match(/^# (.*)$/m)[1].replace(/:.*$/, "")}</a>`)
    .join("");

  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="hooksim's rule book: the Argo CD and Kubernetes rules hooksim simulates, each with its upstream source.">
<title>hooksim rule book</title>
<link rel="icon" href="data:,">
${themeScript}
<style>
${palette.join("\n")}
* { box-sizing: border-box; }
html { scroll-padding-top: 56px; }
body { margin: 0; background: var(--pg-bg); color: var(--pg-fg); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: var(--pg-accent); }
:focus-visible { outline: 2px solid var(--pg-accent); outline-offset: 1px; }
.rb-bar { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 14px;
  padding: 8px 16px; background: var(--pg-panel); border-bottom: 1px solid var(--pg-border); }
.rb-logo { font-weight: 700; font-size: 16px; color: var(--pg-fg); text-decoration: none; }
.rb-bar nav { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 14px; }
main { max-width: 56rem; margin: 0 auto; padding: 8px 16px 48px; }
.rb-file + .rb-file { border-top: 1px solid var(--pg-border); margin-top: 32px; }
h1 { font-size: 1.6rem; margin: 24px 0 8px; }
h2 { font-size: 1.25rem; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--pg-border); }
h3, h4 { font-size: 1.05rem; margin: 22px 0 4px; }
h4 { font-size: 1rem; padding-left: 8px; border-left: 3px solid var(--pg-border); }
@media (max-width: 640px) { .rb-bar { position: static; } html { scroll-padding-top: 8px; } }
.rb-entry:target { background: var(--pg-hover); outline: 2px solid var(--pg-accent); outline-offset: 4px; border-radius: 2px; }
.rb-facts { font-size: 13.5px; color: var(--pg-muted); margin: 6px 0 10px; }
.rb-meta { display: block; }
.rb-meta b { color: var(--pg-fg); font-weight: 600; }
.rb-status.rb-yes b { color: var(--pg-accent); }
.rb-status.rb-part b { color: var(--pg-warn); }
.rb-status.rb-no b { color: var(--pg-fail); }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--pg-panel); border: 1px solid var(--pg-border);
  border-radius: 4px; padding: 0 3px; overflow-wrap: anywhere; }
pre { background: var(--pg-panel); border: 1px solid var(--pg-border); border-radius: 6px; padding: 8px 12px; overflow-x: auto; }
pre code { border: 0; padding: 0; background: none; }
table { border-collapse: collapse; margin: 8px 0; font-size: 14px; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--pg-border); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--pg-panel); }
</style>
</head>
<body>
<header class="rb-bar">
  <a class="rb-logo" href="index.html" title="Back to the playground">hooksim</a>
  <span>rule book</span>
  <nav aria-label="Rule book">${nav}</nav>
</header>
<main>
${sections.join("\n")}
</main>
</body>
</html>
`;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, page);
  console.log(`rules: ${anchors.size} entries in ${out}`);
}

build();
