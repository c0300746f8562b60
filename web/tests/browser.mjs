// Debian's Chromium for the browser tests, started the way this machine needs (toolchain.md):
// headless, as root, and without the background connections that a closed network refuses.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { chromium } from "playwright-core";
import { serve } from "./static-server.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/** For a test file: before its tests, serves each `[dir, prefix]` of `sites` on 127.0.0.1 and
 *  starts Chromium; after them, stops both. Returns `{ browser, urls }`, filled in by then
 *  (`urls[i]` is where `sites[i]` is served). A missing folder fails with `hint`. */
export function servedInChromium(sites, hint) {
  const state = { browser: null, urls: [], servers: [] };
  before(async () => {
    for (const [dir, prefix] of sites) {
      assert.ok(fs.existsSync(dir), `${dir} is missing: ${hint}`);
      const { server, url } = await serve(dir, prefix);
      state.servers.push(server);
      state.urls.push(url);
    }
    state.browser = await launchChromium();
  });
  after(async () => {
    await state.browser?.close();
    for (const s of state.servers) s.close();
  });
  return state;
}
