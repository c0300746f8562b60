//! The page's side of the gallery. The playground's wasm knows the examples' ids only
//! (hooksim_session::gallery::IDS): an example's text is fetched from `examples/<id>.yaml` when it
//! is opened, its title and the comparison it opens with are read from that text, and the
//! gallery's list (sections, titles, outcomes) is `gallery.json`, read by web/editor/gallery.js.
//! Natively (tests) the texts are embedded.

use hooksim_session::info;
use hooksim_session::share::View;

pub use hooksim_session::gallery::DEFAULT_ID;

/// The id as the gallery has it, if it has it.
pub fn find(id: &str) -> Option<&'static str> {
    hooksim_session::gallery::known_id(id)
}

/// An example as the page shows it once its text is there.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub id: &'static str,
    /// The gallery's title for it: the first sentence of its description (as `gallery.json`).
    pub title: String,
    /// The comparison it opens with (the Scenario's `compare:`, issue 13).
    pub compare: Option<String>,
}

impl Example {
    /// The example `id` whose text is `text`.
    pub fn of(id: &'static str, text: &str) -> Example {
        let i = info::scenario_info(text, None);
        Example {
            id,
            title: info::short_title(id, i.description.as_deref()),
            compare: i.compare.filter(|c| !c.is_empty()),
        }
    }

    /// How it opens: compared, when it names a comparison.
    pub fn view(&self) -> View {
        View { compare: self.compare.clone(), ..View::default() }
    }
}

/// The example's text before it is fetched: embedded natively, empty in the browser.
pub fn embedded_text(id: &str) -> &'static str {
    #[cfg(not(target_arch = "wasm32"))]
    return hooksim_session::gallery::find(id).map(|e| e.text).unwrap_or("");
    #[cfg(target_arch = "wasm32")]
    {
        let _ = id;
        ""
    }
}

/// The example's text, fetched from `examples/<id>.yaml` next to the page.
pub async fn fetch(id: &str) -> Result<String, String> {
    let text = embedded_text(id);
    if !text.is_empty() {
        return Ok(text.to_string());
    }
    fetch_text(&format!("examples/{id}.yaml")).await
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
