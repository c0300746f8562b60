//! The rules' one-line explanations (docs/rules/one-liners.tsv, copied next to the page by
//! Trunk): data the page fetches once at its start, so that the playground's wasm does not carry
//! them (issue 12 item 17). Until the file has arrived, a rule shows its id and its link to the
//! rule book alone.

use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    static LINES: RefCell<Rc<str>> = RefCell::new(Rc::from(""));
}

/// The file's text as far as it has arrived (empty before): for hooksim_render's `line_in`.
pub fn table() -> Rc<str> {
    #[cfg(not(target_arch = "wasm32"))]
    if LINES.with(|l| l.borrow().is_empty()) {
        // Natively (tests) the renderer's compiled-in copy stands for the fetched file.
        return Rc::from(hooksim_render::rules::ONE_LINERS);
    }
    LINES.with(|l| l.borrow().clone())
}

/// Fetches the file (once, at the page's start).
pub fn load() {
    wasm_bindgen_futures::spawn_local(async {
        if let Ok(text) = crate::gallery::fetch_text("one-liners.tsv").await {
            LINES.with(|l| *l.borrow_mut() = Rc::from(text));
        }
    });
}
