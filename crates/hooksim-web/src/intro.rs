//! The line a first visit reads (issue 12): what hooksim is, that nothing is run (the outcomes come
//! from the manifests and the Scenario, what the cluster does), and where to read more: the docs
//! page with the embedded examples, the README and the rule book (`rules.html`), all next to the
//! page in `dist/`. Static HTML: no Yew elements for it in the wasm.

const INTRO: &str = concat!(
    r#"<aside class="pg-intro" aria-label="What hooksim is"><p>"#,
    r#"<b>hooksim</b> shows, second by second, what Argo CD and Kubernetes do with your resource hooks. "#,
    r#"Nothing is run and no cluster is reached: the commands in your manifests are never executed, and every outcome "#,
    r#"comes from the manifests and the Scenario (what the cluster does: which attempt fails, how long a pod runs). "#,
    r#"<a href="embed-demo.html">Examples explained</a> · <a href="README.md">README</a> · <a href="rules.html">Rule book</a>"#,
    "</p></aside>"
);

pub fn intro_html() -> yew::Html {
    yew::Html::from_html_unchecked(yew::AttrValue::Static(INTRO))
}
