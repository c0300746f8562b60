//! Compare (issue 13): the input beside a variant of itself — another Argo CD or Kubernetes
//! version, any Scenario setting as `KEY=VALUE`, or the text before the edits — with the
//! differences marked on both timelines and results. The drawing is hooksim-render's
//! (`compare_html`, the embed's too); this module only adds the buttons and keeps the result
//! of the two simulations while the input and the comparison stay the same.

use yew::prelude::*;

use crate::gallery;
use crate::state::{Action, State};

/// The one-click comparisons offered for any input: (label, `KEY=VALUE`).
const CHOICES: &[(&str, &str)] = &[
    ("Argo CD 2.14", "argocdVersion=2.14"),
    ("Argo CD 3.3", "argocdVersion=3.3"),
    ("Argo CD 3.4", "argocdVersion=3.4"),
    ("Kubernetes 1.27", "kubernetesVersion=1.27"),
];

/// Side A's name when the comparison is with the text before the edits.
const BEFORE: &str = "before your edits";

/// The two sides compared, as HTML (empty when there is no comparison).
pub fn render(input: &str, compare: Option<&str>, before: Option<&str>) -> String {
    let run = |text: &str| hooksim_engine::simulate(text, &hooksim_engine::Options::default());
    match (before, compare) {
        (Some(before), _) => {
            let (a, b) = (run(before), run(input));
            let c = hooksim_engine::compare::compare(&a, &b, BEFORE, "now");
            hooksim_render::compare_html(&a, &b, &c)
        }
        (None, Some(v)) => match hooksim_render::compare_variant(input, None, v) {
            Ok((a, b, c)) => hooksim_render::compare_html(&a, &b, &c),
            Err(e) => format!(r#"<div class="hs-error" role="alert">{}</div>"#, hooksim_render::escape(&e)),
        },
        (None, None) => String::new(),
    }
}

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub input: AttrValue,
    pub compare: Option<AttrValue>,
    pub before: Option<AttrValue>,
    pub theme: AttrValue,
}

/// The comparison, simulated again only when the input or the comparison changes.
#[component]
pub fn CompareView(props: &CompareProps) -> Html {
    let html = use_memo((props.input.clone(), props.compare.clone(), props.before.clone()), |(i, c, b)| {
        render(i, c.as_deref(), b.as_deref())
    });
    html! {
        <section id="pg-compare" class={classes!("pg-compare", "hs-embed", props.theme.to_string())} aria-label="Comparison">
            { Html::from_html_unchecked(AttrValue::from((*html).clone())) }
        </section>
    }
}

/// The comparison section when one is asked for (else nothing).
pub fn section(state: &State, theme: &'static str) -> Html {
    let (compare, before) = (state.view.compare.clone(), state.view.before.clone());
    if compare.is_none() && before.is_none() {
        return html! {};
    }
    html! {
        <CompareView input={AttrValue::from(state.sim.input.clone())} compare={compare.map(AttrValue::from)}
            before={before.map(AttrValue::from)} theme={theme} />
    }
}

/// The buttons: the example's own comparison, the usual versions, the text before the edits, any
/// `KEY=VALUE`, and "Stop comparing".
pub fn bar(state: &State, dispatch: &UseReducerDispatcher<State>) -> Html {
    let set = |v: Option<String>| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Compare(v.clone())))
    };
    let current = state.view.compare.as_deref();
    let suggested = state.example.and_then(gallery::find).map(|e| e.compare).filter(|c| !c.is_empty());
    let mut choices: Vec<(String, &str)> = CHOICES.iter().map(|(l, v)| (format!("with {l}"), *v)).collect();
    if let Some(s) = suggested.filter(|s| !CHOICES.iter().any(|(_, v)| v == s)) {
        choices.insert(0, (format!("with {s}"), s));
    }
    let on_before = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::CompareBefore))
    };
    let on_key = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            if !v.trim().is_empty() {
                dispatch.dispatch(Action::Compare(Some(v.trim().to_string())));
            }
        })
    };
    let active = current.is_some() || state.view.before.is_some();
    html! {
        <div class="pg-compare-bar" role="group" aria-label="Compare with">
            <span class="pg-compare-label">{"Compare"}</span>
            { for choices.into_iter().map(|(label, v)| html! {
                <button class={classes!("pg-btn", "pg-small", (current == Some(v)).then_some("pg-on"))}
                    data-compare={v} aria-pressed={(current == Some(v)).to_string()} onclick={set(Some(v.to_string()))}>{ label }</button>
            }) }
            <button class={classes!("pg-btn", "pg-small", state.view.before.is_some().then_some("pg-on"))} data-compare="before"
                aria-pressed={state.view.before.is_some().to_string()} onclick={on_before}
                title="Compare the input with the text as it was opened (the example or the link): edits show up as you type">{"with the text before my edits"}</button>
            <input class="pg-compare-input" type="text" placeholder="KEY=VALUE, e.g. waveDelaySeconds=5" aria-label="Compare with a setting (KEY=VALUE)"
                value={current.filter(|c| !CHOICES.iter().any(|(_, v)| v == c)).unwrap_or("").to_string()} onchange={on_key} />
            if active {
                <button class="pg-btn pg-small" data-compare="off" onclick={set(None)}>{"Stop comparing"}</button>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_variant_an_earlier_text_or_nothing() {
        let ex = gallery::find("ttl-zero-hook-stuck-on-argocd-2-14").unwrap();
        assert_eq!(ex.compare, "argocdVersion=3.0");
        let html = render(ex.text, Some(ex.compare), None);
        assert!(html.contains(r#"data-equal="false""#) && html.contains("hs-changed"), "{html}");
        let same = render(ex.text, None, Some(ex.text));
        assert!(same.contains(r#"data-equal="true""#) && same.contains(BEFORE));
        assert!(render(ex.text, Some("nonsense"), None).contains("hs-error"));
        assert_eq!(render(ex.text, None, None), "");
    }
}
