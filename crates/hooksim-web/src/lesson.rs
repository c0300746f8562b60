//! Lessons (issue 13): `#lessons` lists them, `#lesson/<id>/<step>` opens one step. The view is
//! web/editor/lessons.js (`window.hooksimLessons`): it fetches the lesson files (data, copied next
//! to the page by Trunk), reads them and checks the goals with the wasm API module (loaded the
//! first time a lesson opens), veils the timeline for a prediction and keeps the progress. This
//! module gives it the route, the element, the playground's current input and a way to put a
//! text into the editor, so that neither the lessons' reader nor the goals' check is in the
//! playground's own wasm (docs/playground.md, "Size").

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::state::Sim;

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

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub route: Route,
    /// The playground's current simulation: a do step's goal is checked on its input.
    pub sim: Rc<Sim>,
    /// Puts a step's starting input (or a solution) into the editor.
    pub on_load: Callback<String>,
    /// The playground is still fetching the example it opened with: the step's input waits for
    /// it, else the example would replace it.
    pub busy: bool,
}

#[component]
pub fn LessonView(props: &LessonProps) -> Html {
    let host = use_node_ref();
    // One closure for the page's script to call, made once.
    let load = {
        let on_load = props.on_load.clone();
        use_memo((), move |_| Closure::<dyn Fn(String)>::new(move |text: String| on_load.emit(text)))
    };
    {
        let host = host.clone();
        use_effect_with((props.route.clone(), props.sim.input.clone(), props.busy), move |(route, input, busy)| {
            #[cfg(target_arch = "wasm32")]
            if let Some(el) = host.cast::<web_sys::Element>() {
                use wasm_bindgen::JsCast;
                let load = (*load).as_ref().unchecked_ref();
                if js_render(&el, route.id.as_deref(), route.step, input, *busy, load).is_err() {
                    el.set_inner_html(crate::dom::NO_SCRIPT_LESSONS);
                }
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = (host, route, input, busy, load);
        });
    }
    use_effect_with((), |_| {
        || {
            #[cfg(target_arch = "wasm32")]
            let _ = js_hide();
        }
    });
    html! { <section class="pg-lesson" aria-label="Lesson" ref={host}></section> }
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
