//! The page's side of the gallery (hooksim_session::gallery): fetching an example's text, which
//! the playground's wasm does not carry.

pub use hooksim_session::gallery::*;

/// The example's text, fetched from `examples/<file>` next to the page.
pub async fn fetch(ex: &Example) -> Result<String, String> {
    if !ex.text.is_empty() {
        return Ok(ex.text.to_string());
    }
    fetch_text(&format!("examples/{}", ex.file)).await
}

/// A text file next to the page (an example, a lesson).
pub async fn fetch_text(path: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    // No Debug formatting of JS values: it would bring float formatting into the wasm.
    let why = |e: wasm_bindgen::JsValue| e.as_string().unwrap_or_else(|| "the request failed".into());
    let resp = JsFuture::from(window.fetch_with_str(path)).await.map_err(why)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(why)?;
    if !resp.ok() {
        return Err(format!("HTTP {} for {path}", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(why)?).await.map_err(why)?;
    text.as_string().ok_or_else(|| "not text".to_string())
}
