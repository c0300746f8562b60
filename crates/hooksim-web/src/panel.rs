//! The scenario panel ("What the cluster does"): its view is web/editor/panel.js
//! (`window.hooksimPanel`), which draws the controls with the wasm API module's `panelHtml` and
//! turns a change into the new input with `panelEdit` (hooksim-session's panel view and
//! editing, which keeps the Scenario document's comments). The module is loaded the first time the
//! panel is shown, so that the playground's own wasm, downloaded on every first visit, does not
//! carry the panel (docs/playground.md, "Size"). This component gives the script the element,
//! the input and the two callbacks.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::state::Sim;

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = hooksimPanel, js_name = render, catch)]
    fn js_render(
        host: &web_sys::Element,
        input: &str,
        rewrite: &js_sys::Function,
        error: &js_sys::Function,
    ) -> Result<(), JsValue>;
}

#[derive(Properties, Clone)]
pub struct PanelProps {
    pub sim: Rc<Sim>,
    /// The new input after an edit.
    pub on_rewrite: Callback<String>,
    /// Why an edit could not be made.
    pub on_error: Callback<String>,
}

impl PartialEq for PanelProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &o.sim)
    }
}

#[component]
pub fn ScenarioPanel(props: &PanelProps) -> Html {
    let host = use_node_ref();
    // The callbacks for the page's script, made once (they dispatch to the app's state).
    let calls = {
        let (rewrite, error) = (props.on_rewrite.clone(), props.on_error.clone());
        use_memo((), move |_| {
            (
                Closure::<dyn Fn(String)>::new(move |text: String| rewrite.emit(text)),
                Closure::<dyn Fn(String)>::new(move |e: String| error.emit(e)),
            )
        })
    };
    {
        let host = host.clone();
        use_effect_with(props.sim.input.clone(), move |input| {
            #[cfg(target_arch = "wasm32")]
            if let Some(el) = host.cast::<web_sys::Element>() {
                use wasm_bindgen::JsCast;
                if js_render(&el, input, calls.0.as_ref().unchecked_ref(), calls.1.as_ref().unchecked_ref()).is_err() {
                    el.set_inner_html(crate::dom::NO_SCRIPT_PANEL);
                }
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = (host, input, calls);
        });
    }
    html! {
        <div class="pg-panel" ref={host}></div>
    }
}
