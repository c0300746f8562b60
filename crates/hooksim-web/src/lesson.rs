//! Lessons (issue 13): `#lessons` lists them, `#lesson/<id>/<step>` opens one step. The view is
//! web/editor/lessons.js (`window.hooksimLessons`): it fetches the lesson files (data, copied next
//! to the page by Trunk), reads them and checks the goals with the wasm API module (loaded the
//! first time a lesson opens), veils the timeline for a prediction and keeps the progress. This
//! module gives it the route, the element (app.rs renders it), the playground's current input and
//! a way to put a text into the editor, so that neither the lessons' reader nor the goals' check is in the
//! playground's own wasm (docs/playground.md, "Size").

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

/// Where the lessons are: the list (`id` None) or a lesson's step (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub id: Option<String>,
    pub step: usize,
}

/// The route of a hash `#lessons` or `#lesson/<id>[/<step>]`, else None.
pub fn route(hash: &str) -> Option<Route> {
    let h = hash.strip_prefix('#').unwrap_or(hash);
    if h == "lessons" {
        return Some(Route { id: None, step: 1 });
    }
    let mut parts = h.strip_prefix("lesson/")?.split('/');
    let id = parts.next().filter(|s| !s.is_empty())?.to_string();
    let step = parts.next().and_then(|s| s.parse().ok()).filter(|&s| s >= 1).unwrap_or(1);
    Some(Route { id: Some(id), step })
}

/// The hash of a route.
pub fn hash(r: &Route) -> String {
    match &r.id {
        Some(id) => format!("#lesson/{id}/{}", r.step),
        None => "#lessons".into(),
    }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = hooksimLessons, js_name = render, catch)]
    fn js_render(
        host: &web_sys::Element,
        id: Option<&str>,
        step: usize,
        input: &str,
        busy: bool,
        load: &js_sys::Function,
    ) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = hooksimLessons, js_name = hide, catch)]
    fn js_hide() -> Result<(), JsValue>;
}

/// The element the lesson is drawn into (app.rs renders it while a lesson route is open).
pub const HOST_ID: &str = "pg-lesson";

/// Draws the lesson of `route` for the playground's current `input`, or hides the lessons when
/// there is no route. `busy`: the playground is still fetching the example it opened with, so a
/// step's input waits for it (else the example would replace it). `load` puts a step's starting
/// input (or a solution) into the editor.
pub fn show(route: Option<&Route>, input: &str, busy: bool, load: &js_sys::Function) {
    #[cfg(target_arch = "wasm32")]
    match route {
        Some(route) => {
            if let Some(el) = crate::dom::document().and_then(|d| d.get_element_by_id(HOST_ID)) {
                if js_render(&el, route.id.as_deref(), route.step, input, busy, load).is_err() {
                    el.set_inner_html(crate::dom::NO_SCRIPT_LESSONS);
                }
            }
        }
        None => {
            let _ = js_hide();
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (route, input, busy, load);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        assert_eq!(route("#lessons"), Some(Route { id: None, step: 1 }));
        assert_eq!(route("#lesson/skip/2"), Some(Route { id: Some("skip".into()), step: 2 }));
        assert_eq!(route("#lesson/skip"), Some(Route { id: Some("skip".into()), step: 1 }));
        assert_eq!(route("#lesson/skip/0").map(|r| r.step), Some(1));
        assert_eq!(route("#example/x"), None);
        assert_eq!(route("#lesson/"), None);
        let r = Route { id: Some("skip".into()), step: 3 };
        assert_eq!(route(&hash(&r)), Some(r));
    }
}
