//! The playground's links: hooksim-session's `#v1/` format (share.rs), with the DEFLATE done by
//! the page's JavaScript (`window.hooksimLink`, fflate, web/editor/link.js) rather than by
//! miniz_oxide in the wasm. That keeps 16 KB (gzipped) out of the playground's wasm
//! (docs/playground.md, "Size"). Native builds (the unit tests) use miniz_oxide: the same format.

use hooksim_session::share::{self, Codec, Hash, State};

/// The codec of this build.
fn codec() -> &'static dyn Codec {
    #[cfg(target_arch = "wasm32")]
    {
        &page::Page
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        &share::Miniz
    }
}

/// The `#v1/…` hash of a state (`#yaml/…`, without the view, if the page's script is missing).
pub fn to_hash(state: &State) -> String {
    share::to_hash_with(codec(), state)
}

/// Reads a URL hash.
pub fn parse_hash(hash: &str) -> Hash {
    share::parse_hash_with(codec(), hash)
}

#[cfg(target_arch = "wasm32")]
mod page {
    use hooksim_session::share::{Codec, NOT_DEFLATE};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = hooksimLink, js_name = deflate, catch)]
        fn deflate(bytes: &[u8]) -> Result<Vec<u8>, JsValue>;
        #[wasm_bindgen(js_namespace = hooksimLink, js_name = inflate, catch)]
        fn inflate(bytes: &[u8], limit: u32) -> Result<Option<Vec<u8>>, JsValue>;
    }

    const MISSING: &str = "the page's link code (editor.js) did not load: reload the page";

    /// `window.hooksimLink`.
    pub struct Page;

    impl Codec for Page {
        fn deflate(&self, bytes: &[u8]) -> Result<Vec<u8>, String> {
            deflate(bytes).map_err(|_| MISSING.to_string())
        }
        fn inflate(&self, bytes: &[u8], limit: usize) -> Result<Vec<u8>, String> {
            match inflate(bytes, u32::try_from(limit).unwrap_or(u32::MAX)) {
                Ok(Some(out)) => Ok(out),
                Ok(None) => Err(NOT_DEFLATE.to_string()),
                Err(_) => Err(MISSING.to_string()),
            }
        }
    }
}
