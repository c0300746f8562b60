//! The gallery as the page shows it (issue 12 #14): its view is web/editor/gallery.js
//! (`window.hooksimGallery`), which reads the gallery's index (`gallery.json`, sections, titles
//! and outcomes, written at build time by `make gallery`) the first time it opens, so that the
//! playground's wasm carries no table of titles (docs/playground.md, "Size"). This component
//! gives the script the overlay, the example shown and the way to close it. Esc (app.rs) and ✕
//! close it and give the focus back to the Examples button.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// The id of the toolbar's Examples button, which gets the focus back when the gallery closes.
pub const BUTTON_ID: &str = "pg-examples-btn";

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = hooksimGallery, js_name = render, catch)]
    fn js_render(host: &web_sys::Element, current: &str, close: &js_sys::Function) -> Result<(), JsValue>;
}

/// Gives the focus to the element with `id`, if any.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = crate::dom::document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub current: Option<&'static str>,
    pub on_close: Callback<()>,
}

#[component]
pub fn GalleryView(props: &GalleryProps) -> Html {
    let host = use_node_ref();
    let close = {
        let on_close = props.on_close.clone();
        use_memo((), move |_| Closure::<dyn Fn()>::new(move || on_close.emit(())))
    };
    {
        let (host, current) = (host.clone(), props.current.unwrap_or(""));
        use_effect_with((), move |_| {
            #[cfg(target_arch = "wasm32")]
            if let Some(el) = host.cast::<web_sys::Element>() {
                use wasm_bindgen::JsCast;
                if js_render(&el, current, close.as_ref().as_ref().unchecked_ref()).is_err() {
                    el.set_inner_html(crate::dom::NO_SCRIPT_GALLERY);
                }
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = (host, close, current);
        });
    }
    html! { <div class="pg-gallery-wrap" ref={host}></div> }
}
