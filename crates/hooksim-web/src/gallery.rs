//! The example gallery: `web/examples/*.yaml` as they were at build time (build.rs). The page
//! fetches an example's text (`examples/<file>`, copied next to it by Trunk and `make dist`) when
//! it is opened, which keeps the texts out of the wasm; native builds embed them for the tests.

/// One example; `id` is stable (the scenario's `metadata.name`) and links as `#example/<id>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    /// Embedded in native builds only, like the text.
    pub description: &'static str,
    /// The file name under `examples/`.
    pub file: &'static str,
    /// The text, embedded in native builds only (empty in the browser: see [`fetch`]).
    pub text: &'static str,
    /// The engine's final phase for it (the gallery's outcome badge), computed at build time.
    pub phase: &'static str,
    /// Its section in [`SECTIONS`] (web/examples/gallery.txt) and its place there.
    pub section: usize,
    pub order: usize,
    /// The comparison it opens with (the Scenario's `compare:`, issue 13), or empty.
    pub compare: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The example opened when there is nothing else to show.
pub const DEFAULT_ID: &str = "presync-postsync";

pub fn all() -> &'static [Example] {
    EXAMPLES
}

/// The gallery's sections in order, each with its examples in their order (empty sections left
/// out); the first example of the first section is "start here".
pub fn sections() -> Vec<(&'static str, Vec<&'static Example>)> {
    let mut out = Vec::new();
    for (si, name) in SECTIONS.iter().enumerate() {
        let mut list: Vec<&'static Example> = EXAMPLES.iter().filter(|e| e.section == si).collect();
        list.sort_unstable_by_key(|e| (e.order, e.id));
        if !list.is_empty() {
            out.push((*name, list));
        }
    }
    out
}

/// Whether an example matches the gallery's search (every word, in its title, id, section or
/// outcome, ASCII case-insensitive).
pub fn matches(e: &Example, query: &str) -> bool {
    let hay =
        format!("{} {} {} {}", e.title, e.id, SECTIONS.get(e.section).unwrap_or(&""), e.phase).to_ascii_lowercase();
    query.split_whitespace().all(|w| hay.contains(&w.to_ascii_lowercase()))
}

pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// The default example (PreSync and PostSync around a Deployment), else the first one.
pub fn default_example() -> Option<&'static Example> {
    find(DEFAULT_ID).or(EXAMPLES.first())
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gallery_has_unique_ids_and_a_default() {
        assert!(!all().is_empty());
        let mut ids: Vec<&str> = all().iter().map(|e| e.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all().len());
        assert!(default_example().is_some());
        let first = &all()[0];
        assert_eq!(find(first.id), Some(first));
        assert!(all().iter().all(|e| e.file.ends_with(".yaml") && e.text.contains("kind: Scenario")));
        // Every example is in a section, the basics first and "start here" the default.
        let secs = sections();
        assert_eq!(secs.iter().map(|(_, l)| l.len()).sum::<usize>(), all().len());
        assert_eq!(secs[0].1[0].id, DEFAULT_ID);
        assert!(all().iter().all(|e| ["Succeeded", "Failed", "Error", "Running"].contains(&e.phase)), "{:?}", all());
        assert_eq!(find("presync-fails-syncfail").map(|e| e.phase), Some("Failed"));
        assert!(matches(find(DEFAULT_ID).unwrap(), "presync SUCCEEDED"));
        assert!(!matches(find(DEFAULT_ID).unwrap(), "presync nothing-like-this"));
        // Ids go into links (#example/<id>) as they are.
        for e in all() {
            let ok = e.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            assert!(ok, "example id {:?}: use a-z, 0-9 and -", e.id);
        }
    }
}
