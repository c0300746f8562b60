// Raw DEFLATE (RFC 1951) for the playground's `#v1/` links, with fflate, so that the playground's
// wasm does not carry a compressor and a decompressor of its own (about 16 KB gzipped of
// miniz_oxide; docs/playground.md, "Size"). The link format is hooksim-session's share.rs: the
// wasm API and embed.js still use miniz_oxide for it, and the browser tests open the links of one
// with the other. Sets `window.hooksimLink`, called by crates/hooksim-web/src/link.rs:
//
//   hooksimLink.deflate(bytes) -> Uint8Array
//   hooksimLink.inflate(bytes, limit) -> Uint8Array, or null when the data is not valid DEFLATE
//     or would inflate to more than `limit` bytes (a decompression bomb stops there).

import { deflateSync, Inflate } from "fflate";

// The input goes in by pieces, so that memory stays near the limit: one piece of DEFLATE can
// inflate to at most about a thousand times its size.
const PIECE = 4096;

function inflate(bytes, limit) {
  // No bytes is no DEFLATE stream (fflate would return nothing; miniz_oxide refuses it, as here).
  if (!bytes.length) return null;
  const parts = [];
  let total = 0;
  let over = false;
  const inf = new Inflate((chunk) => {
    total += chunk.length;
    if (total > limit) over = true;
    else if (chunk.length) parts.push(chunk);
  });
  try {
    for (let i = 0; i < bytes.length && !over; i += PIECE) {
      const end = Math.min(i + PIECE, bytes.length);
      inf.push(bytes.subarray(i, end), end === bytes.length);
    }
  } catch (e) {
    return null; // not DEFLATE, or cut short
  }
  if (over) return null;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const link = {
  deflate: (bytes) => deflateSync(bytes, { level: 9 }),
  inflate,
};
