//! The timeline's events as an ordered list: what the picture shows, readable with a keyboard and
//! a screen reader (issue 3, "the timeline's events also readable as a list"). One item per
//! event: its second, the step, the object, what happened in words (the CLI's wording) and the
//! rule behind it. Every text is escaped.

use std::fmt::Write;

use hooksim_engine::report::Report;
use hooksim_engine::text::{self, describe};

use crate::escape;
use crate::rules::{line_in, rule_link_with, ONE_LINERS};

/// The events of every operation, each operation a list of its own.
pub fn events_html(report: &Report) -> String {
    events_html_with(report, ONE_LINERS)
}

/// [`events_html`] with the rules' lines taken from `one_liners` (the text of
/// docs/rules/one-liners.tsv; the playground's, fetched).
pub fn events_html_with(report: &Report, one_liners: &str) -> String {
    let mut s = String::from(r#"<div class="hs-events">"#);
    for (i, op) in report.operations.iter().enumerate() {
        let _ = write!(
            s,
            r#"<div class="hs-events-op">Operation {} ({}, started at {} s): {} events</div><ol class="hs-events-list">"#,
            i + 1,
            op.kind.as_str(),
            op.started_at,
            op.events.len()
        );
        for e in &op.events {
            let _ = write!(
                s,
                r#"<li data-t="{t}"><span class="hs-ev-t">{t} s</span> <span class="hs-ev-step">{step}</span> <span class="hs-ev-obj">{object}</span> <span class="hs-ev-what">{what}</span>"#,
                t = e.t,
                step = escape(&text::step(e)),
                object = escape(&text::object(e)),
                what = escape(&describe(e).replace('\n', " / ")),
            );
            if let Some(rule) = &e.rule {
                s.push(' ');
                s.push_str(&rule_link_with(rule, "hs-ev-rule", line_in(one_liners, rule)));
            }
            s.push_str("</li>");
        }
        s.push_str("</ol>");
    }
    s.push_str("</div>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_item_per_event_in_words_with_its_rule_and_escaped() {
        let input = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"<b>x</b>\"\n";
        let r = hooksim_engine::simulate(input, &hooksim_engine::Options::default());
        let html = events_html(&r);
        assert_eq!(html.matches("<li ").count(), r.operations[0].events.len());
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;") && !html.contains("<b>x"), "{html}");
        assert!(html.contains(r#"<li data-t="0"><span class="hs-ev-t">0 s</span>"#), "{html}");
        let r = hooksim_engine::simulate(
            include_str!("../../../web/examples/presync-fails-syncfail.yaml"),
            &hooksim_engine::Options::default(),
        );
        let html = events_html(&r);
        assert!(html.contains("after a backoff of 10 s"), "{html}");
        assert!(
            html.contains(
                r#"<a class="hs-ev-rule" href="rules.html#J10" target="_blank" rel="noopener" title="The next pod waits"#
            ),
            "{html}"
        );
    }
}
