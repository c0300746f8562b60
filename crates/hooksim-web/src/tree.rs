//! Application trees (an app-of-apps' child Applications, an ApplicationSet's RollingSync): the
//! page's own wasm is built without those layers of the engine (`hooksim_engine::sim::TREES`,
//! docs/decisions.md, "Application trees in the playground"), so it recognises such an input
//! and shows what the wasm API module (the extras, loaded the first time) simulates and draws:
//! the summary, the timeline, the legend, the rules and the result, with the report's
//! diagnostics for the editor. A comparison's view works the same way (compare.rs).

use std::cell::RefCell;
use std::rc::Rc;

use hooksim_engine::Diagnostic;
use yew::prelude::*;

use crate::extras;
use crate::state::State;

/// The last tree drawn: its input, its HTML and its diagnostics. The page draws often (notices,
/// the editor's cursor); the extras simulate only when the input changed.
type Drawn = (AttrValue, Rc<Vec<Diagnostic>>);

thread_local! {
    static LAST: RefCell<Option<(String, Drawn)>> = const { RefCell::new(None) };
}

/// The view and diagnostics of `input` once the extras are loaded (None: loading; they are asked
/// for, and the page draws again when they are there).
pub fn drawn(input: &str, dispatch: &UseReducerDispatcher<State>) -> Option<Drawn> {
    if !extras::ready() {
        crate::compare::load(dispatch);
        return None;
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.as_ref().is_none_or(|(i, _)| i != input) {
            let drawn = match extras::tree(input) {
                Ok((html, diags)) => (AttrValue::from(html), Rc::new(diags)),
                Err(e) => (
                    AttrValue::from(crate::compare::error(&format!(
                        "The Application tree could not be simulated: {e}."
                    ))),
                    Rc::default(),
                ),
            };
            *last = Some((input.to_string(), drawn));
        }
        last.as_ref().map(|(_, d)| d.clone())
    })
}

/// The tree's view (`drawn`'s HTML), or that it is loading, or why it could not be loaded.
pub fn section(drawn: Option<&Drawn>, stale: bool) -> Html {
    let html = match drawn {
        Some((html, _)) => html.clone(),
        None => AttrValue::from(match crate::compare::load_failed() {
            Some(e) => crate::compare::error(&format!(
                "The Application tree could not be loaded ({e}): reload the page to try again."
            )),
            None => r#"<p class="pg-compare-loading" role="status">Loading the Application tree…</p>"#.to_string(),
        }),
    };
    html! {
        <div class={classes!("pg-tree", stale.then_some("pg-stale"))}>{ Html::from_html_unchecked(html) }</div>
    }
}

/// `make test` runs these twice: alone (`cargo test -p hooksim-web`: the engine as the playground
/// builds it, without the tree layers) and in the workspace (with them, as the extras have them).
#[cfg(test)]
mod tests {
    use crate::state::Sim;
    use hooksim_engine::sim::TREES;

    const APPS: &str = include_str!("../../../web/examples/app-of-apps-children-sync-themselves.yaml");
    const ROLLING: &str = include_str!("../../../web/examples/rolling-sync-steps-and-left-out-app.yaml");

    #[test]
    fn the_page_leaves_a_tree_to_the_extras_only_without_the_layers() {
        for input in [APPS, ROLLING] {
            let sim = Sim::run(input);
            assert_eq!(sim.elsewhere, !TREES);
            // Not "nothing to sync": the tree is shown, by the extras.
            assert!(!sim.nothing_to_sync());
            if !TREES {
                assert!(sim.report.operations.is_empty() && sim.report.child_applications.is_empty());
                assert!(sim.drawing.svg.is_empty());
            }
        }
        // An input without a tree is the page's own in both builds.
        let plain = include_str!("../../../web/examples/presync-postsync.yaml");
        assert!(!Sim::run(plain).elsewhere);
    }

    /// Natively the extras are hooksim-session's functions: with the layers, the tree's view and
    /// the report's diagnostics.
    #[test]
    fn a_tree_is_drawn_by_the_extras_with_its_diagnostics() {
        if !TREES {
            return;
        }
        let (html, diags) = crate::extras::tree(APPS).unwrap();
        assert!(html.contains("Child Applications") && html.contains("pg-tl-scroll"), "{html}");
        assert_eq!(diags, hooksim_engine::simulate(APPS, &Default::default()).diagnostics);
        let (html, _) = crate::extras::tree(ROLLING).unwrap();
        assert!(html.contains("RollingSync steps"), "{html}");
    }
}
