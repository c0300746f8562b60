//! The embed's helpers: an input simulated and drawn whole (the wasm `renderEmbed`, the docs
//! integrations' fallbacks and the tests that compare them byte for byte), a comparison with a
//! variant, and the crash-test seam of the playground and the wasm API.

use hooksim_engine::compare::{self, Comparison};
use hooksim_engine::{Options, Report};
use hooksim_render::{compare_embed_html, embed_html, EmbedOptions};

use crate::{info, Session};

/// A line that makes the playground and the wasm API panic on purpose: the one deliberate
/// panic, a test seam that lets the browser tests prove that a crash of the wasm (panic = abort:
/// the instance is dead, `catch_unwind` does not exist) loses nothing (issue 5). Only a line
/// of its own, exactly this text, triggers it: a YAML comment that no real input carries.
///
/// The seam is armed only when the page's JavaScript set `globalThis.hooksimCrashTest = true`
/// ([`CRASH_TEST_FLAG`]) before the wasm ran: the browser tests do, a link or a pasted input
/// cannot, so a shared link holding the line crashes no playground and no embed (issue 16, item 15).
pub const CRASH_TEST_LINE: &str = "# hooksim-test: panic";

/// The global that arms [`CRASH_TEST_LINE`] (see there).
pub const CRASH_TEST_FLAG: &str = "hooksimCrashTest";

/// Panics when the seam is `armed` and `input` holds [`CRASH_TEST_LINE`] (see there); otherwise
/// does nothing.
pub fn crash_test(input: &str, armed: bool) {
    if armed && input.contains(CRASH_TEST_LINE) && input.lines().any(|l| l.trim_end() == CRASH_TEST_LINE) {
        panic!("{CRASH_TEST_LINE}: a deliberate crash, to test the recovery");
    }
}

/// Simulates `input` (with an optional separate scenario) and renders the embed, titled with
/// `title` or else the scenario's `metadata.name`. The one function behind the wasm
/// `renderEmbed`, so that native tests can produce the same bytes.
pub fn embed_input(input: &str, scenario: Option<&str>, title: Option<String>, show_source: bool) -> String {
    let opts = Options { scenario: scenario.map(str::to_string), ..Default::default() };
    let session = Session::new(input, &opts);
    let title = title.filter(|t| !t.trim().is_empty()).or_else(|| session.info().name);
    embed_html(session.report(), &EmbedOptions { title, source: show_source.then(|| input.to_string()) })
}

/// Simulates `input` as it is (side A) and with `variant` (side B: `KEY=VALUE`, several joined by
/// commas, as `hooksim simulate --compare` takes them), and compares them. An unreadable variant
/// is an error.
pub fn compare_variant(
    input: &str,
    scenario: Option<&str>,
    variant: &str,
) -> Result<(Report, Report, Comparison), String> {
    let sets = compare::read_variant(variant)?;
    let opts = Options { scenario: scenario.map(str::to_string), ..Default::default() };
    let (na, nb) = variant_names(&hooksim_engine::sim::prepare(input, &opts).scenario.settings, &sets);
    let a = hooksim_engine::simulate(input, &opts);
    let b = hooksim_engine::simulate(input, &Options { sets, ..opts });
    let c = compare::compare(&a, &b, &na, &nb);
    Ok((a, b, c))
}

/// The names of the two sides of a variant comparison, by what each side is (issue 13): side A
/// is the input as written, named by its own value of each key the variant changes ("Argo CD 3.4
/// (as written)"), side B by the variant's ("Argo CD 2.14"). `a` is side A's settings, defaults
/// included; `sets` is [`compare::read_variant`]'s answer. A key without a setting of that name here is
/// shown as `key=value` on B and by its key on A.
pub fn variant_names(a: &hooksim_engine::scenario::Settings, sets: &[(String, String)]) -> (String, String) {
    let (mut na, mut nb) = (Vec::new(), Vec::new());
    for (path, value) in sets {
        let key = path.strip_prefix("settings.").unwrap_or(path);
        let (word, was) = match key {
            "argocdVersion" => ("Argo CD ", a.argocd_version.clone()),
            "kubernetesVersion" => ("Kubernetes ", a.kubernetes_version.clone()),
            "waveDelaySeconds" => ("waveDelaySeconds=", a.wave_delay_seconds.to_string()),
            "podSeconds" => ("podSeconds=", a.pod_seconds.to_string()),
            "horizonSeconds" => ("horizonSeconds=", a.horizon_seconds.to_string()),
            _ => {
                na.push(key.to_string());
                nb.push(format!("{key}={value}"));
                continue;
            }
        };
        na.push(format!("{word}{was}"));
        nb.push(format!("{word}{value}"));
    }
    (format!("{} (as written)", na.join(", ")), nb.join(", "))
}

/// The embed of a comparison of `input` with `variant` (see [`compare_variant`]), titled with
/// `title` or else the scenario's `metadata.name`: the one function behind the wasm
/// `renderEmbed`'s `compare` option.
pub fn compare_embed(
    input: &str,
    scenario: Option<&str>,
    variant: &str,
    title: Option<String>,
    show_source: bool,
) -> String {
    let title = title.filter(|t| !t.trim().is_empty()).or_else(|| info::scenario_info(input, scenario).name);
    let title = title.unwrap_or_else(|| "hooksim".to_string());
    let compared = compare_variant(input, scenario, variant);
    let compared = match &compared {
        Ok((a, b, c)) => Ok((a, b, c)),
        Err(e) => Err(e.as_str()),
    };
    compare_embed_html(compared, variant, &title, show_source.then_some(input))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crash_test_needs_the_exact_line() {
        crash_test("a: 1\n# hooksim-test: panicky\nx: '# hooksim-test: panic'\n", true);
        // Not armed (no test flag): the line does nothing.
        crash_test("a: 1\n# hooksim-test: panic\n", false);
        let r = std::panic::catch_unwind(|| crash_test("a: 1\n# hooksim-test: panic\r\n", true));
        assert!(r.is_err());
    }

    const TTL: &str = include_str!("../../../web/examples/ttl-zero-hook-stuck-on-argocd-2-14.yaml");

    /// J35: the TTL race, 2.14 against 3.0: both sides drawn, the differences marked on both.
    #[test]
    fn j35_both_timelines_and_results_are_marked() {
        let html = compare_embed(TTL, None, "argocdVersion=3.0", None, false);
        assert!(html.starts_with(r#"<figure class="hs-embed hs-embed-compare" data-phase="Running" data-phase-b="Succeeded" data-equal="false""#), "{html}");
        let (a, b) = html.split_once(r#"<section class="hs-side hs-side-b""#).unwrap();
        let a = a.split(r#"<section class="hs-side hs-side-a""#).nth(1).unwrap();
        for side in [a, b] {
            assert!(side.contains("<svg"), "a timeline on each side");
            assert!(side.contains("hs-mark") && side.contains(" hs-changed hs-changed-"), "marks on each side");
            assert!(side.contains(r#"<tr class="hs-changed">"#), "a marked result row on each side");
        }
        assert!(b.contains(r#"<li class="hs-changed"><code>Deployment/ledger</code>"#), "left only on B");
        assert!(html.contains(r#"class="hs-cmp-phase""#));
        assert!(html.contains("only B"));
    }

    #[test]
    fn equal_variants_say_so_and_mark_nothing() {
        let html = compare_embed(TTL, None, "argocdVersion=2.14", Some("t".into()), true);
        assert!(html.contains(r#"data-equal="true""#));
        assert!(html.contains("No difference"));
        assert!(!html.contains("hs-changed"));
        assert!(html.contains("hs-source"));
        let bad = compare_embed(TTL, None, "nonsense", None, false);
        assert!(bad.contains("hs-error") && bad.contains("KEY=VALUE"), "{bad}");
    }

    /// J35: the download and the Markdown of a comparison carry both sides, named by what they are.
    #[test]
    fn j35_svg_and_markdown_carry_both_sides() {
        let (a, b, c) = compare_variant(TTL, None, "argocdVersion=3.0").unwrap();
        assert_eq!((c.a.as_str(), c.b.as_str()), ("Argo CD 2.14 (as written)", "Argo CD 3.0"));
        let svg = hooksim_render::compare_svg(&a, &b, &c);
        assert!(svg.starts_with("<svg class=\"hs-svg hs-compare-svg\""), "{svg}");
        assert_eq!(svg.matches("<svg ").count(), 3, "one SVG around the two timelines");
        assert!(svg.contains("A · Argo CD 2.14 (as written) · Running") && svg.contains("B · Argo CD 3.0 · Succeeded"));
        assert!(svg.contains(r#"<svg x="0" y="26" class="hs-svg""#) && svg.contains("hs-changed"));
        let md = hooksim_render::compare_markdown(&a, &b, &c);
        assert!(
            md.starts_with("**Compared**: A Argo CD 2.14 (as written) (**Running**) · B Argo CD 3.0 (**Succeeded**)"),
            "{md}"
        );
        assert!(md.contains("only B") && md.contains("Deployment/ledger"), "{md}");
    }

    #[test]
    fn sides_are_named_by_what_they_are() {
        let a = hooksim_engine::scenario::Settings::default();
        let sets = compare::read_variant("argocdVersion=2.14, kubernetesVersion=1.27, outcomes.Job/x.attempts=[fail]")
            .unwrap();
        let (na, nb) = variant_names(&a, &sets);
        assert_eq!(na, "Argo CD 3.4, Kubernetes 1.31, outcomes.Job/x.attempts (as written)");
        assert_eq!(nb, "Argo CD 2.14, Kubernetes 1.27, outcomes.Job/x.attempts=[fail]");
        let (na, nb) = variant_names(&a, &compare::read_variant("waveDelaySeconds=5").unwrap());
        assert_eq!((na.as_str(), nb.as_str()), ("waveDelaySeconds=2 (as written)", "waveDelaySeconds=5"));
    }

    #[test]
    fn names_are_escaped() {
        let html = compare_embed(TTL, None, "description=<script>x</script>", Some("<b>".into()), false);
        assert!(!html.contains("<script>") && !html.contains("<b><"), "{html}");
    }
}
