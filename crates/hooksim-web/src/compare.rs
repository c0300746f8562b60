//! Compare (issue 13): the input beside a variant of itself — another Argo CD or Kubernetes
//! version, any Scenario setting as `KEY=VALUE`, or the text before the last edit — with the
//! differences marked on both timelines and results. The drawing is hooksim-render's
//! (`compare_html`, the embed's too); this module only adds the buttons and keeps the result
//! of the two simulations while the input and the comparison stay the same.

use yew::prelude::*;

use crate::extras::{self, Format};
use crate::state::{Action, State};

/// The one-click comparisons offered for any input: (label, `KEY=VALUE`).
const CHOICES: &[(&str, &str)] = &[
    ("Argo CD 2.14", "argocdVersion=2.14"),
    ("Argo CD 3.3", "argocdVersion=3.3"),
    ("Argo CD 3.4", "argocdVersion=3.4"),
    ("Kubernetes 1.27", "kubernetesVersion=1.27"),
];

/// The comparison the state has open, drawn in `format` by the extras (None: no comparison
/// open, or the extras are not loaded yet; Err: an unreadable `KEY=VALUE`).
pub fn of_state(state: &State, format: Format) -> Option<extras::Answer> {
    let (compare, before) = (state.view.compare.as_deref(), state.view.before.as_deref());
    if (compare.is_none() && before.is_none()) || !extras::ready() {
        return None;
    }
    Some(extras::compare(&state.sim.input, compare, before, format))
}

thread_local! {
    /// The last comparison drawn and what it was drawn from: the page draws often (the player,
    /// the notices), the two simulations run only when the input or the comparison changed. A
    /// cache rather than a component keeps the wasm smaller.
    static LAST: std::cell::RefCell<(String, Option<String>, Option<String>, AttrValue)> = Default::default();
    /// The extras are being loaded (true), or their loading failed (the problem).
    static LOADING: std::cell::RefCell<(bool, Option<String>)> = Default::default();
}

/// Why the extras could not be loaded, if their loading failed.
pub(crate) fn load_failed() -> Option<String> {
    LOADING.with(|l| l.borrow().1.clone())
}

/// Loads the extras, then draws again (`Action::Redraw`); once at a time.
pub(crate) fn load(dispatch: &UseReducerDispatcher<State>) {
    if LOADING.with(|l| std::mem::replace(&mut l.borrow_mut().0, true)) {
        return;
    }
    let dispatch = dispatch.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let r = extras::load().await;
        LOADING.with(|l| *l.borrow_mut() = (false, r.err()));
        dispatch.dispatch(Action::Redraw);
    });
}

/// The comparison section when one is asked for (else nothing). The first comparison loads the
/// extras (the wasm API module) and shows that it is loading.
pub fn section(state: &State, theme: &'static str, dispatch: &UseReducerDispatcher<State>) -> Html {
    let (compare, before) = (state.view.compare.as_ref(), state.view.before.as_ref());
    if compare.is_none() && before.is_none() {
        return html! {};
    }
    let html = if extras::ready() {
        let input = &state.sim.input;
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            if last.0 != *input || last.1.as_ref() != compare || last.2.as_ref() != before || last.3.is_empty() {
                let drawn =
                    extras::compare(input, compare.map(String::as_str), before.map(String::as_str), Format::Html);
                let html = drawn.unwrap_or_else(|e| error(&e));
                *last = (input.clone(), compare.cloned(), before.cloned(), AttrValue::from(html));
            }
            last.3.clone()
        })
    } else if let Some(e) = LOADING.with(|l| l.borrow().1.clone()) {
        AttrValue::from(error(&format!("The comparison could not be loaded ({e}): reload the page to try again.")))
    } else {
        load(dispatch);
        AttrValue::from(r#"<p class="pg-compare-loading" role="status">Loading the comparison…</p>"#)
    };
    html! {
        <section id="pg-compare" class={classes!("pg-compare", "hs-embed", theme)} aria-label="Comparison">
            { Html::from_html_unchecked(html) }
        </section>
    }
}

pub(crate) fn error(e: &str) -> String {
    format!(r#"<div class="hs-error" role="alert">{}</div>"#, hooksim_render::escape(e))
}

/// The buttons: the example's own comparison, the usual versions, the text before the last edit, any
/// `KEY=VALUE`, and "Stop comparing". Markup from a string with one delegated click and change
/// handler: Yew nodes per button cost the wasm 5 KB more.
pub fn bar(state: &State, dispatch: &UseReducerDispatcher<State>) -> Html {
    use hooksim_render::escape;
    use std::fmt::Write;
    let current = state.view.compare.as_deref();
    let before = state.view.before.is_some();
    let suggested = state.example.as_ref().and_then(|e| e.compare.as_deref());
    let mut choices: Vec<(&str, &str)> = CHOICES.to_vec();
    if let Some(s) = suggested.filter(|s| !CHOICES.iter().any(|(_, v)| v == s)) {
        choices.insert(0, (s, s));
    }
    let button = |s: &mut String, v: &str, on: bool, title: &str, label: &str| {
        let _ = write!(
            s,
            r#"<button class="pg-btn pg-small{}" data-compare="{}" aria-pressed="{on}" title="{}">{}</button>"#,
            if on { " pg-on" } else { "" },
            escape(v),
            escape(title),
            escape(label)
        );
    };
    let mut s = String::from(r#"<span class="pg-compare-label">Compare</span>"#);
    for (label, v) in choices {
        button(&mut s, v, current == Some(v), v, &format!("with {label}"));
    }
    button(
        &mut s,
        "before",
        before,
        "Compare with the input before your last edit: the last text whose timeline, result or leftovers differ from now (typing that changes none of them, and text with errors, does not count; before any edit, the text as opened). The comparison follows your edits.",
        "with the previous edit",
    );
    let typed = current.filter(|c| !CHOICES.iter().any(|(_, v)| v == c)).unwrap_or("");
    let _ = write!(
        s,
        r#"<input class="pg-compare-input" type="text" placeholder="KEY=VALUE, e.g. waveDelaySeconds=5" aria-label="Compare with a setting (KEY=VALUE)" value="{}">"#,
        escape(typed)
    );
    if current.is_some() || before {
        button(&mut s, "off", false, "Back to one timeline", "Stop comparing");
    }
    let onclick = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            use wasm_bindgen::JsCast;
            let v = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("button[data-compare]").ok().flatten())
                .and_then(|b| b.get_attribute("data-compare"));
            match v.as_deref() {
                None => {}
                Some("before") => dispatch.dispatch(Action::CompareBefore),
                Some("off") => dispatch.dispatch(Action::Compare(None)),
                Some(v) => dispatch.dispatch(Action::Compare(Some(v.to_string()))),
            }
        })
    };
    let onchange = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            if !v.trim().is_empty() {
                dispatch.dispatch(Action::Compare(Some(v.trim().to_string())));
            }
        })
    };
    html! {
        <div class="pg-compare-bar" role="group" aria-label="Compare with" {onclick} {onchange}>
            { Html::from_html_unchecked(AttrValue::from(s)) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hooksim_session::gallery as table;
    use yew::Reducible;

    /// Natively the extras are hooksim-session's functions; the page's state asks for the
    /// comparison it has open, in the format asked.
    #[test]
    fn the_open_comparison_of_a_state() {
        let ex = table::find("ttl-zero-hook-stuck-on-argocd-2-14").unwrap();
        let state = State::initial(&format!("#example/{}", ex.id), "", None, None);
        assert_eq!(state.view.compare.as_deref(), Some(ex.compare));
        let html = of_state(&state, Format::Html).unwrap().unwrap();
        assert!(html.contains(r#"data-equal="false""#) && html.contains("hs-changed"), "{html}");
        assert!(of_state(&state, Format::Svg).unwrap().unwrap().starts_with("<svg"));
        let none = std::rc::Rc::new(state).reduce(Action::Compare(None));
        assert!(of_state(&none, Format::Html).is_none());
    }
}
