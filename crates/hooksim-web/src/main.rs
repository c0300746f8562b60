//! The hooksim playground (issue 3): a Yew app in the page's wasm, calling the engine directly.
//! Served from the top-level index.html by Trunk (`make run`, `make dist`; mk/web.mk).

mod app;
mod compare;
mod dom;
mod editor;
mod extras;
mod gallery;
mod gallery_view;
mod intro;
mod lesson;
mod link;
mod panel;
mod rule_lines;
mod state;
mod timeline;
mod tree;

/// The allocator (see Cargo.toml).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    // Compiled on every target (so that clippy sees the whole app natively), run in browsers only.
    if !cfg!(target_arch = "wasm32") {
        eprintln!("hooksim-web is the browser playground: build it with `make run` or `make dist` (Trunk).");
        return;
    }
    rule_lines::load();
    match dom::document().and_then(|d| d.get_element_by_id("app")) {
        Some(root) => {
            // The page's "loading" placeholder goes; the app takes its place.
            root.set_inner_html("");
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
