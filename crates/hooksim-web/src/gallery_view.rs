//! The gallery as the page shows it (issue 12 #14): web/editor/gallery.js
//! (`window.hooksimGallery`) draws it into the page's `#pg-gallery-host` and owns it while it is
//! open (its search, Esc, ✕, a click outside, the Examples button's `aria-expanded`), reading
//! the gallery's index (`gallery.json`, written at build time by `make gallery`) the first time
//! it opens. The playground's wasm carries neither the list nor its view (docs/playground.md,
//! "Size"); this module only asks the script to open or close it.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

/// The id of the toolbar's Examples button, which gets the focus back when the gallery closes.
pub const BUTTON_ID: &str = "pg-examples-btn";
/// The element the gallery is drawn into (the app renders it empty and never changes it).
pub const HOST_ID: &str = "pg-gallery-host";

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = hooksimGallery, js_name = open, catch)]
    fn js_open(current: &str, toggle: bool) -> Result<(), JsValue>;
}

/// Opens the gallery with the example `current` marked (`toggle`: closes it when it is open).
pub fn open(current: &str, toggle: bool) {
    #[cfg(target_arch = "wasm32")]
    if js_open(current, toggle).is_err() {
        // Without the script: its message, taken away by the next click on Examples.
        if let Some(host) = crate::dom::document().and_then(|d| d.get_element_by_id(HOST_ID)) {
            let open = host.child_element_count() > 0;
            host.set_inner_html(if open { "" } else { crate::dom::NO_SCRIPT_GALLERY });
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (current, toggle);
}
