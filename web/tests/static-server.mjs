// A tiny static file server for tests and local previews: serves a folder under a subpath (as
// GitHub Pages serves a project site), with the right MIME type for .wasm, nothing else.
//   node web/tests/static-server.mjs [DIR=dist] [PREFIX=/hooksim/] [PORT=8000]
import http from "node:http";
import fs from "node:fs/promises";
import path from "node:path";
import zlib from "node:zlib";
import { pathToFileURL } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".yaml": "text/yaml; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** Starts serving `dir` at `prefix`; resolves to { server, url } once listening on 127.0.0.1.
 *  With `{ gzip: true }` every file goes out gzipped to a client that accepts it, as a static host
 *  (GitHub Pages) serves it (`make bench-web`'s throttled load). */
export async function serve(dir, prefix = "/hooksim/", port = 0, { gzip = false } = {}) {
  const root = path.resolve(dir);
  const zipped = new Map();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(prefix)) {
      res.writeHead(404).end("not under " + prefix);
      return;
    }
    rel = rel.slice(prefix.length) || "index.html";
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      let body = await fs.readFile(file);
      const headers = { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" };
      if (gzip && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
        if (!zipped.has(file)) zipped.set(file, zlib.gzipSync(body, { level: 6 }));
        body = zipped.get(file);
        headers["content-encoding"] = "gzip";
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404).end("not found: " + rel);
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}${prefix}` };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [dir = "dist", prefix = "/hooksim/", port = "8000"] = process.argv.slice(2);
  const { url } = await serve(dir, prefix, Number(port));
  console.log(`serving ${dir}/ at ${url} (Ctrl+C stops)`);
}
