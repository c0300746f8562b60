//! The playground's comparison (issue 13) as one function of its text: the input beside a
//! variant of itself (`KEY=VALUE`, see [`crate::compare_variant`]) or beside the text before the
//! last edit, drawn as HTML, SVG or Markdown. The wasm API's `renderCompare` is this; the
//! playground calls it through that API, which it loads the first time a comparison is opened,
//! so that its own wasm, downloaded on every first visit, does not carry the comparison
//! (docs/playground.md, "Size").

use hooksim_engine::compare::{self, Comparison};
use hooksim_engine::{Options, Report};

/// The sides' names when the comparison is with the previous edit.
pub const BEFORE: &str = "before your last edit";
pub const NOW: &str = "now";

/// What [`render_compare`] draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Both timelines and results, the differences marked (the page's and the embed's HTML).
    Html,
    /// Both marked timelines in one SVG (the download while comparing).
    Svg,
    /// Both sides' phases and the differences (the head of "Copy as Markdown" while comparing).
    Markdown,
}

impl Format {
    /// `"html"`, `"svg"` or `"markdown"`.
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "html" => Some(Format::Html),
            "svg" => Some(Format::Svg),
            "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// The two sides simulated and compared: with `before` (an earlier text of the input) when it
/// is given, else with the `compare` variant. None when neither is given; an error when the
/// variant cannot be read.
pub fn compare_reports(
    input: &str,
    compare: Option<&str>,
    before: Option<&str>,
) -> Option<Result<(Report, Report, Comparison), String>> {
    let run = |text: &str| hooksim_engine::simulate(text, &Options::default());
    match (before, compare) {
        (Some(before), _) => {
            let (a, b) = (run(before), run(input));
            let c = compare::compare(&a, &b, BEFORE, NOW);
            Some(Ok((a, b, c)))
        }
        (None, Some(v)) => Some(crate::compare_variant(input, None, v)),
        (None, None) => None,
    }
}

/// The comparison drawn in `format` (an empty text when there is nothing to compare; the
/// variant's problem as the error).
pub fn render_compare(
    input: &str,
    compare: Option<&str>,
    before: Option<&str>,
    format: Format,
) -> Result<String, String> {
    let Some(compared) = compare_reports(input, compare, before) else {
        return Ok(String::new());
    };
    let (a, b, c) = compared?;
    Ok(match format {
        Format::Html => hooksim_render::compare_html(&a, &b, &c),
        Format::Svg => hooksim_render::compare_svg(&a, &b, &c),
        Format::Markdown => hooksim_render::compare_markdown(&a, &b, &c),
    })
}

/// "Copy as Markdown" of the playground: the summary `hooksim simulate --format markdown` gives
/// (the final phase, the link `url`, a Mermaid gantt, the result table, what is left, the text
/// timeline folded), with the input folded under the link and, while a comparison is open
/// (`compare` or `before`, as in [`compare_reports`]), both sides' Markdown first. The wasm API's
/// `renderMarkdown`.
pub fn page_markdown(input: &str, url: &str, compare: Option<&str>, before: Option<&str>) -> String {
    let session = crate::Session::new(input, &Options::default());
    let title = session.info().name;
    let md = hooksim_render::markdown(session.report(), title.as_deref(), Some(url));
    let compared = render_compare(input, compare, before, Format::Markdown).unwrap_or_default();
    // The input comes from the user: its control and bidi characters are shown as escapes.
    let input = hooksim_engine::text::escape_lines(input);
    let f = if input.contains("```") { "~~~~" } else { "```" };
    let nl = if input.ends_with('\n') { "" } else { "\n" };
    let details =
        format!("<details><summary>Manifests and scenario</summary>\n\n{f}yaml\n{input}{nl}{f}\n\n</details>\n\n");
    // After the heading and the link.
    let at = md.find("\n\n").map_or(0, |i| i + 2);
    let at = md[at..].find("\n\n").map_or(at, |i| at + i + 2);
    format!("{}{compared}{details}{}", &md[..at], &md[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const TTL: &str = include_str!("../../../web/examples/ttl-zero-hook-stuck-on-argocd-2-14.yaml");

    #[test]
    fn renders_a_variant_an_earlier_text_or_nothing() {
        let html = render_compare(TTL, Some("argocdVersion=3.0"), None, Format::Html).unwrap();
        assert!(html.contains(r#"data-equal="false""#) && html.contains("hs-changed"), "{html}");
        let same = render_compare(TTL, None, Some(TTL), Format::Html).unwrap();
        assert!(same.contains(r#"data-equal="true""#) && same.contains(BEFORE));
        assert!(render_compare(TTL, Some("nonsense"), None, Format::Html).is_err());
        assert_eq!(render_compare(TTL, None, None, Format::Svg).as_deref(), Ok(""));
        let svg = render_compare(TTL, Some("argocdVersion=3.0"), None, Format::Svg).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("Argo CD 3.0"), "{svg}");
        let md = render_compare(TTL, Some("argocdVersion=3.0"), None, Format::Markdown).unwrap();
        assert!(md.contains("Argo CD 3.0"), "{md}");
        assert_eq!(Format::parse("svg"), Some(Format::Svg));
        assert_eq!(Format::parse("SVG"), None);
    }

    #[test]
    fn the_page_markdown_has_phase_link_input_timeline_and_the_comparison() {
        let md = page_markdown(TTL, "http://x/#v1/abc", None, None);
        assert!(md.contains("(http://x/#v1/abc)") && md.contains("```yaml\n"), "{md}");
        assert!(md.contains("Operation 1 (sync)") && md.contains("```mermaid\ngantt\n"), "{md}");
        assert!(!md.contains("(as written)"));
        let compared = page_markdown(TTL, "http://x/", Some("argocdVersion=3.0"), None);
        let (at_cmp, at_input) = (compared.find("(as written)").unwrap(), compared.find("<details>").unwrap());
        assert!(at_cmp < at_input, "the comparison comes before the input");
        let fenced = page_markdown("a: |\n  ```\n", "u", None, None);
        assert!(fenced.contains("~~~~yaml\n"), "{fenced}");
    }
}
