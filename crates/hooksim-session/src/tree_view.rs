//! The playground's view of an input with an Application tree (an app-of-apps' child
//! Applications, A31–A37, or an ApplicationSet's RollingSync, A38–A43). The playground's own wasm
//! is built without those layers (`hooksim_engine::sim::TREES`, docs/decisions.md, "Application
//! trees in the playground"): for such an input it asks the wasm API module (`playgroundTree`)
//! for this HTML and the report's diagnostics, and shows them where its own timeline would be.

use hooksim_engine::{Options, Report};
use hooksim_render::{
    escape, events_html, final_phase, has_timeline, last_operation, result_html, rules, timeline_drawing, LEGEND,
};

/// Simulates `input` and draws the playground's view of it: the summary (the final phase and
/// Argo CD's message), the timeline (its hover texts as SVG titles), the legend, the rules cited
/// and the result. Returns the HTML and the report (for its diagnostics).
pub fn tree_view(input: &str) -> (String, Report) {
    let report = crate::Session::new(input, &Options::default()).into_report();
    (tree_view_html(&report), report)
}

/// See [`tree_view`].
pub fn tree_view_html(report: &Report) -> String {
    let phase = final_phase(report).unwrap_or("none");
    let message = last_operation(report).map(|o| o.message.as_str()).unwrap_or("");
    let class: String = phase.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    let mut s = format!(
        r#"<div class="pg-summary"><span class="hs-badge hs-phase-{class}" data-phase="{p}">{p}</span><span class="pg-message" title="Argo CD's final operation message">{m}</span></div>"#,
        p = escape(phase),
        m = escape(message),
    );
    s.push_str(
        r#"<p class="pg-tree-note">An Application tree (child Applications or an ApplicationSet): its timeline is drawn whole, without the player. Point at a mark, click it or reach it with Tab, or open the events under it, to read what happened.</p>"#,
    );
    if has_timeline(report) {
        // Its width as the page's own timeline gets it (crates/hooksim-web/src/timeline.rs): the
        // playground's CSS shrinks it to 70 % at most, and never on a phone.
        let drawing = timeline_drawing(report, 100, &[]);
        s.push_str(&format!(
            r#"<div class="pg-tl-scroll pg-tree-tl" style="--pg-w:{}px" tabindex="0" role="region" aria-label="Timeline">"#,
            drawing.width / 10
        ));
        s.push_str(&drawing.svg);
        s.push_str("</div>");
        s.push_str(LEGEND);
        s.push_str(&rules::rules_html(report));
        s.push_str(&events(report));
    }
    s.push_str(r#"<div class="pg-result">"#);
    s.push_str(&result_html(report));
    s.push_str("</div>");
    s
}

/// The events as lists, folded (what the marks say, for a touch screen, a keyboard and a screen
/// reader): the input's own operations, then each child Application's.
fn events(report: &Report) -> String {
    let mut lists = String::new();
    if !report.operations.is_empty() {
        lists.push_str(&events_html(report));
    }
    for c in report.child_applications.iter().filter(|c| !c.operations.is_empty()) {
        let own = Report { operations: c.operations.clone(), ..Report::of_diagnostics(vec![]) };
        lists.push_str(&format!(r#"<div class="hs-events-app">Application {}</div>"#, escape(&c.name)));
        lists.push_str(&events_html(&own));
    }
    if lists.is_empty() {
        return lists;
    }
    format!(
        r#"<details class="pg-events-wrap pg-tree-events"><summary>The events as a list</summary><div class="pg-events" role="region" aria-label="The timeline's events" tabindex="0">{lists}</div></details>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const APPS: &str = include_str!("../../../web/examples/app-of-apps-children-sync-themselves.yaml");
    const ROLLING: &str = include_str!("../../../web/examples/rolling-sync-steps-and-left-out-app.yaml");

    #[test]
    fn a_tree_is_drawn_with_its_children_and_its_phase() {
        let (html, report) = tree_view(APPS);
        assert!(!report.child_applications.is_empty());
        assert!(html.contains("Child Applications"), "{html}");
        let phase = final_phase(&report).unwrap_or("none");
        assert!(html.contains(&format!(r#"data-phase="{phase}""#)));
        assert!(html.contains("hs-legend") && html.contains("hs-table"));
        // Each child's events are listed under its name.
        assert!(html.contains(r#"<div class="hs-events-app">Application database</div>"#), "{html}");
        let (html, _) = tree_view(ROLLING);
        assert!(html.contains("RollingSync steps"), "{html}");
    }
}
