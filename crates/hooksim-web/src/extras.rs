//! The extras the page loads when first used (web/editor/extras.js): the comparison, the
//! JSON report and the Markdown summary come from the wasm API module (`pkg/hooksim.js`, crates/hooksim-wasm), so that
//! the playground's own wasm does not carry the comparison, its drawing and the report's JSON
//! (docs/playground.md, "Size"). Native builds (the unit tests) call hooksim-session directly:
//! the same functions.

pub use hooksim_session::compare_view::Format;

/// What the extras answer: the text, or the problem (an unreadable variant, the module not
/// loaded, a crash of the module).
pub type Answer = Result<String, String>;

/// An Application tree drawn by the extras (tree.rs): the view's HTML and the report's
/// diagnostics.
pub type Tree = Result<(String, Vec<hooksim_engine::Diagnostic>), String>;

#[cfg(target_arch = "wasm32")]
mod page {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = hooksimExtras, js_name = ready, catch)]
        fn js_ready() -> Result<bool, JsValue>;
        #[wasm_bindgen(js_namespace = hooksimExtras, js_name = load, catch)]
        fn js_load() -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(js_namespace = hooksimExtras, js_name = compare, catch)]
        fn js_compare(
            input: &str,
            compare: Option<&str>,
            before: Option<&str>,
            format: &str,
        ) -> Result<String, JsValue>;
        #[wasm_bindgen(js_namespace = hooksimExtras, js_name = json, catch)]
        fn js_json(input: &str) -> Result<String, JsValue>;
        #[wasm_bindgen(js_namespace = hooksimExtras, js_name = markdown, catch)]
        fn js_markdown(input: &str, url: &str, compare: Option<&str>, before: Option<&str>) -> Result<String, JsValue>;
        #[wasm_bindgen(js_namespace = hooksimExtras, js_name = tree, catch)]
        fn js_tree(input: &str) -> Result<JsValue, JsValue>;
    }

    fn message(e: JsValue) -> String {
        js_sys::Error::from(e).message().into()
    }

    pub fn ready() -> bool {
        js_ready().unwrap_or(false)
    }

    pub async fn load() -> Result<(), String> {
        let p = js_load().map_err(message)?;
        wasm_bindgen_futures::JsFuture::from(p).await.map(|_| ()).map_err(message)
    }

    pub fn compare(input: &str, compare: Option<&str>, before: Option<&str>, format: super::Format) -> super::Answer {
        let f = match format {
            super::Format::Html => "html",
            super::Format::Svg => "svg",
            super::Format::Markdown => "markdown",
        };
        js_compare(input, compare, before, f).map_err(message)
    }

    pub fn json(input: &str) -> super::Answer {
        js_json(input).map_err(message)
    }

    pub fn markdown(input: &str, url: &str, compare: Option<&str>, before: Option<&str>) -> super::Answer {
        js_markdown(input, url, compare, before).map_err(message)
    }

    /// `playgroundTree`'s answer, `{html, diagnostics}`, read field by field (the page's wasm
    /// has no deserializer).
    pub fn tree(input: &str) -> super::Tree {
        use hooksim_engine::{Diagnostic, Severity};
        let v = js_tree(input).map_err(message)?;
        let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
        let text = |o: &JsValue, k: &str| get(o, k).as_string();
        let number = |o: &JsValue, k: &str| get(o, k).as_f64().map(|n| n as usize);
        let html = text(&v, "html").unwrap_or_default();
        let list = js_sys::Array::from(&get(&v, "diagnostics"));
        let diagnostics = list
            .iter()
            .filter_map(|d| {
                let severity = match text(&d, "severity")?.as_str() {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    _ => Severity::Info,
                };
                Some(Diagnostic {
                    severity,
                    code: hooksim_engine::diagnostics::Code::parse(&text(&d, "code")?)?,
                    message: text(&d, "message")?,
                    line: number(&d, "line"),
                    column: number(&d, "column"),
                    reference: text(&d, "ref"),
                    hint: text(&d, "hint"),
                    app: text(&d, "app"),
                })
            })
            .collect();
        Ok((html, diagnostics))
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod page {
    pub fn ready() -> bool {
        true
    }

    pub async fn load() -> Result<(), String> {
        Ok(())
    }

    pub fn compare(input: &str, compare: Option<&str>, before: Option<&str>, format: super::Format) -> super::Answer {
        hooksim_session::compare_view::render_compare(input, compare, before, format)
    }

    pub fn json(input: &str) -> super::Answer {
        Ok(hooksim_engine::simulate(input, &hooksim_engine::Options::default()).to_json())
    }

    pub fn markdown(input: &str, url: &str, compare: Option<&str>, before: Option<&str>) -> super::Answer {
        Ok(hooksim_session::compare_view::page_markdown(input, url, compare, before))
    }

    pub fn tree(input: &str) -> super::Tree {
        let (html, report) = hooksim_session::tree_view::tree_view(input);
        Ok((html, report.diagnostics))
    }
}

pub use page::{compare, json, load, markdown, ready, tree};
