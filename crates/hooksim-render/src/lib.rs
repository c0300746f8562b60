//! Renders a hooksim [`Report`] for people: an SVG timeline and an HTML result, as strings.
//!
//! Pure Rust with no wasm dependencies, so the embed (through `hooksim-wasm`), the playground and
//! native tests all render the same bytes. The input is untrusted (a scenario pasted into a docs
//! page or read from a URL), so every piece of text taken from the report goes through [`escape`]:
//! object names, messages, reasons, rules, hints and the operation phases used in class names.
//!
//! The pieces use the `hs-` classes of [`CSS`]; a page includes that stylesheet once.

mod change;
mod compare;
mod events;
mod markdown;
mod result;
pub mod rules;
mod timeline;

use std::fmt::Write;

use hooksim_engine::Report;

pub use change::{change_class, change_words};
pub use compare::{compare_embed_html, compare_html, compare_markdown, compare_svg};
pub use events::{events_html, events_html_with};
pub use markdown::markdown;
pub use result::{diagnostics_html, result_html, result_html_at};
pub use timeline::{timeline_drawing, timeline_svg, timeline_svg_marked, timeline_svg_zoomed, Drawing, Title};

/// The stylesheet for everything rendered here (light and dark, via `prefers-color-scheme`).
/// Colours are CSS variables (`--hs-ok`, `--hs-fail`, …) that a host page may override.
pub const CSS: &str = include_str!("hooksim.css");

/// The timeline as a file of its own: [`timeline_svg`] with [`CSS`] inside, so that it renders
/// the same without the page's stylesheet (`hooksim simulate --format svg`, the static fallback
/// of the docs integrations, an `<img>`).
pub fn standalone_svg(report: &Report) -> String {
    svg_with_style(&timeline_svg(report), CSS)
}

/// `svg` (an `<svg …>` element) with the stylesheet `css` (hooksim-render's `hs-` rules, whose
/// variables live on `.hs-embed`) moved inside it, onto the `<svg>` itself.
pub fn svg_with_style(svg: &str, css: &str) -> String {
    let css = css.replace(".hs-embed", "svg.hs-svg");
    match svg.find('>') {
        Some(i) => format!("{}<style>{css}</style>{}", &svg[..=i], &svg[i + 1..]),
        None => svg.to_string(),
    }
}

/// Escapes text for HTML and SVG, in element content and in quoted attribute values alike.
/// Control and bidi characters are shown as `\e`, `\u202e`… (the engine's text rule): a name
/// holding `\0` made a downloaded SVG that is not well-formed XML (issue 16, item 8).
pub fn escape(s: &str) -> String {
    let s = hooksim_engine::text::escape_lines(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A class-name suffix from report text: lower-case ASCII letters and digits only, so that no
/// text can leave the attribute (`Failed` → `failed`, `PreSync` → `presync`).
pub(crate) fn lower(s: &str) -> String {
    let out: String = s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    if out.is_empty() {
        "none".to_string()
    } else {
        out
    }
}

/// The final phase: that of the last operation, or `None` when nothing ran.
pub fn final_phase(report: &Report) -> Option<&str> {
    last_operation(report).map(|o| o.phase.as_str())
}

/// Whether there is a timeline to draw: an operation ran, or an ApplicationSet's Applications did
/// (A38: it has no operation of its own).
pub fn has_timeline(report: &Report) -> bool {
    !report.operations.is_empty() || report.application_set.is_some()
}

/// The last operation; an ApplicationSet (A38) has none of its own: its Applications' latest.
pub fn last_operation(report: &Report) -> Option<&hooksim_engine::report::OperationReport> {
    let generated = || report.child_applications.iter().flat_map(|c| c.operations.iter()).max_by_key(|o| o.started_at);
    report.operations.last().or_else(|| report.application_set.as_ref().and_then(|_| generated()))
}

/// How [`embed_html`] labels its figure.
#[derive(Debug, Clone, Default)]
pub struct EmbedOptions {
    /// The heading ("hooksim" when unset; callers pass the scenario's `metadata.name`).
    pub title: Option<String>,
    /// The input, shown folded under the result when set.
    pub source: Option<String>,
}

/// The whole embed: a `<figure>` with a heading (title, final phase, an empty
/// `<span class="hs-actions">` for the host's links), the diagnostics, the timeline with a legend,
/// the result table and what is left in the cluster. `data-phase` on the figure is the final
/// phase (`none` when nothing ran) and `data-phases` lists every operation's phase, for tests.
pub fn embed_html(report: &Report, opts: &EmbedOptions) -> String {
    let phase = final_phase(report).unwrap_or("none");
    let phases: Vec<&str> = report.operations.iter().map(|o| o.phase.as_str()).collect();
    let title = opts.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or("hooksim");
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<figure class="hs-embed" data-phase="{p}" data-phases="{ps}"><figcaption class="hs-head"><span class="hs-title">{t}</span> <span class="hs-badge hs-phase-{c}" title="final phase of the last operation">{p}</span><span class="hs-actions"></span></figcaption>"#,
        p = escape(phase),
        ps = escape(&phases.join(" ")),
        t = escape(title),
        c = lower(phase),
    );
    s.push_str(&diagnostics_html(&report.diagnostics));
    if has_timeline(report) {
        s.push_str(r#"<div class="hs-timeline">"#);
        s.push_str(&timeline_svg(report));
        s.push_str("</div>");
        s.push_str(LEGEND);
        s.push_str(&rules::rules_html(report));
    }
    s.push_str(&result_html(report));
    if let Some(src) = &opts.source {
        let _ = write!(
            s,
            r#"<details class="hs-source"><summary>Manifests and scenario</summary><pre>{}</pre></details>"#,
            escape(src)
        );
    }
    s.push_str("</figure>");
    s
}

/// The timeline's legend: the colours of the pod bars and the other marks (also shown by the
/// playground under its timeline).
pub const LEGEND: &str = concat!(
    r#"<div class="hs-legend" aria-hidden="true">"#,
    r#"<span><i class="hs-sw hs-sw-ok"></i>pod succeeded</span>"#,
    r#"<span><i class="hs-sw hs-sw-fail"></i>pod failed</span>"#,
    r#"<span><i class="hs-sw hs-sw-killed"></i>killed (OOM, deadline)</span>"#,
    r#"<span><i class="hs-sw hs-sw-pending"></i>pending</span>"#,
    r#"<span><i class="hs-sw hs-sw-run"></i>running</span>"#,
    r#"<span><i class="hs-sw hs-sw-delay"></i>wave delay</span>"#,
    r#"<span><i class="hs-sw hs-sw-del"></i>deleting</span>"#,
    r#"<span><i class="hs-sw hs-sw-healthy"></i>health over time</span>"#,
    r#"<span><i class="hs-sw hs-sw-healthy hs-sw-assumed"></i>health assumed (not scripted)</span>"#,
    r#"<span><i class="hs-sw hs-sw-wait"></i>waits for (a hook or health)</span>"#,
    r#"<span><i class="hs-sw hs-sw-retry"></i>operation retry</span>"#,
    r#"<span><i class="hs-sw hs-sw-out"></i>OutOfSync (the Application's sync status)</span>"#,
    r#"<span class="hs-legend-hint">hover a mark for the event and its rule</span>"#,
    "</div>"
);

#[cfg(test)]
mod tests {
    use super::*;
    use hooksim_engine::{simulate, Options};

    const ATTACK: &str = "<script>alert(1)</script>";

    fn run(input: &str) -> Report {
        simulate(input, &Options::default())
    }

    #[test]
    fn escape_makes_well_formed_xml_of_control_characters() {
        assert_eq!(escape("a\0b\u{1b}c\u{202e}d\u{ffff}<"), "a\\0b\\ec\\u202ed\\uffff&lt;");
    }

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(lower("Pre<Sync>\""), "presync");
        assert_eq!(lower("<>"), "none");
    }

    /// Text from the report is never markup: names, messages, reasons and phases are escaped,
    /// even when a report is crafted by hand.
    #[test]
    fn every_report_text_is_escaped() {
        let mut report = run(include_str!("../../../web/examples/presync-fails-syncfail.yaml"));
        let op = &mut report.operations[0];
        op.phase = format!("Failed{ATTACK}");
        op.message = format!("msg {ATTACK}");
        for r in &mut op.results {
            r.name = format!("n{ATTACK}");
            r.message = format!("m{ATTACK}");
            r.kind = format!("K{ATTACK}");
            r.status = format!("S{ATTACK}");
            r.hook_phase = format!("H{ATTACK}");
            r.sync_phase = format!("P{ATTACK}");
        }
        for e in &mut op.events {
            e.name = Some(format!("n{ATTACK}"));
            e.kind = Some(format!("K{ATTACK}"));
            e.message = Some(format!("m{ATTACK}"));
            e.reason = Some(format!("r{ATTACK}"));
            e.rule = Some(format!("R{ATTACK}"));
            e.phase = Some(format!("P{ATTACK}"));
        }
        for r in &mut report.remaining {
            r.name = format!("n{ATTACK}");
            r.namespace = format!("ns{ATTACK}");
        }
        report.diagnostics.push(
            hooksim_engine::Diagnostic::error(hooksim_engine::diagnostics::codes::YAML_SYNTAX, format!("d{ATTACK}"))
                .reference(ATTACK)
                .hint(format!("h{ATTACK}")),
        );
        let html = embed_html(&report, &EmbedOptions { title: Some(ATTACK.into()), source: Some(ATTACK.into()) });
        assert!(!html.contains("<script"), "unescaped markup in {html}");
        assert!(!html.contains("<x>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        // Attribute values never contain a raw quote from the input.
        assert!(!html.contains("\"Failed<"));
    }

    /// Names in real input that look like markup come out escaped too.
    #[test]
    fn hostile_names_in_input_are_escaped() {
        let input = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"<img src=x onerror=alert(1)>\"\n";
        let html = embed_html(&run(input), &EmbedOptions::default());
        assert!(!html.contains("<img"));
    }

    #[test]
    fn embed_has_phase_lanes_and_result() {
        let report = run(include_str!("../../../web/examples/presync-fails-syncfail.yaml"));
        let html = embed_html(&report, &EmbedOptions { title: Some("t".into()), source: None });
        assert!(html.starts_with(r#"<figure class="hs-embed" data-phase="Failed""#), "{html}");
        for needle in [
            "Argo CD",
            "Job controller",
            "hs-pod-fail",
            "hs-pod-ok",
            "hs-delay",
            ">10 s</text>",
            ">20 s</text>",
            "one or more synchronization tasks completed unsuccessfully",
            "Hook phase</th>",
            "Left in the cluster",
            "(R47)",
            "(J10)",
            r#"<div class="hs-rules">Rules: <a class="hs-rule" href="rules.html#"#,
            r#"<a class="hs-rule" href="rules.html#J10" target="_blank" rel="noopener" title="The next pod waits"#,
        ] {
            assert!(html.contains(needle), "missing {needle:?}");
        }
        assert!(html.ends_with("</figure>"));
    }

    #[test]
    fn every_event_has_a_titled_mark() {
        let report = run(include_str!("../../../web/examples/presync-postsync.yaml"));
        let svg = timeline_svg(&report);
        let events: usize = report.operations.iter().map(|o| o.events.len()).sum();
        // Each event is one line of some mark's title.
        let mut lines = 0;
        for mark in svg.split(r#"<circle class="hs-mark"#).skip(1) {
            let title = mark.split("<title>").nth(1).unwrap().split("</title>").next().unwrap();
            lines += title.lines().count();
        }
        assert_eq!(lines, events);
        assert!(svg.contains("Deletion"));
        assert!(svg.contains("HookSucceeded"));
    }

    #[test]
    fn long_idle_gaps_become_an_axis_break() {
        let report = run(include_str!("../../../web/examples/presync-ttl.yaml"));
        let svg = timeline_svg(&report);
        assert!(svg.contains("hs-break"), "{svg}");
        assert!(svg.contains("TTLAfterFinished"));
        // The picture stays a reasonable size despite 600 s of waiting.
        let w: f64 = svg.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        assert!(w < 1000.0, "width {w}");
    }

    #[test]
    fn empty_and_broken_input_still_render() {
        for input in ["", "foo: [", "---\n---\n", "kind: Job\n"] {
            let html = embed_html(&run(input), &EmbedOptions::default());
            assert!(html.starts_with("<figure"), "{input:?}");
        }
        let html = embed_html(&run("foo: ["), &EmbedOptions::default());
        assert!(html.contains("yaml-syntax"));
    }

    #[test]
    fn a_standalone_svg_carries_its_style_and_variables() {
        let svg = standalone_svg(&run(include_str!("../../../web/examples/presync-postsync.yaml")));
        assert!(svg.starts_with(r#"<svg class="hs-svg" xmlns="http://www.w3.org/2000/svg""#), "{svg}");
        let style = svg.split("<style>").nth(1).unwrap().split("</style>").next().unwrap();
        // The colour variables are defined on the svg itself, light and dark.
        assert!(style.contains("svg.hs-svg {\n  --hs-fg: #1f2328;"), "{style}");
        assert!(style.contains("svg.hs-svg:not(.hs-theme-light) {"));
        assert!(!style.contains(".hs-embed"));
        assert!(svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<svg").count(), 1);
    }

    #[test]
    fn rendering_is_deterministic() {
        let input = include_str!("../../../web/examples/presync-waves.yaml");
        let a = embed_html(&run(input), &EmbedOptions::default());
        let b = embed_html(&run(input), &EmbedOptions::default());
        assert_eq!(a, b);
    }
}
