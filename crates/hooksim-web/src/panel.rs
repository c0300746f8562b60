//! The scenario panel ("What the cluster does"): its view is web/editor/panel.js
//! (`window.hooksimPanel`), which draws the controls with the wasm API module's `panelHtml` and
//! turns a change into the new input with `panelEdit` (hooksim-session's panel view and
//! editing, which keeps the Scenario document's comments). The module is loaded the first time the
//! panel is shown, so that the playground's own wasm, downloaded on every first visit, does not
//! carry the panel (docs/playground.md, "Size"). This module gives the script the element (app.rs
//! renders it), the input and the two callbacks.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = hooksimPanel, js_name = render, catch)]
    fn js_render(
        host: &web_sys::Element,
        input: &str,
        rewrite: &js_sys::Function,
        error: &js_sys::Function,
    ) -> Result<(), JsValue>;
}

/// The element the panel is drawn into (app.rs renders it while the panel's tab is open).
pub const HOST_ID: &str = "pg-panel";

/// Draws the panel of `input` (when its tab is open: the element is there). `rewrite(text)` gives
/// the page the new input after an edit, `error(message)` says why an edit could not be made.
pub fn show(input: &str, rewrite: &js_sys::Function, error: &js_sys::Function) {
    #[cfg(target_arch = "wasm32")]
    if let Some(el) = crate::dom::document().and_then(|d| d.get_element_by_id(HOST_ID)) {
        if js_render(&el, input, rewrite, error).is_err() {
            el.set_inner_html(crate::dom::NO_SCRIPT_PANEL);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (input, rewrite, error);
}
