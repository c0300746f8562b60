//! What did not run, and why (issue 12 #11): a lane with one row per object of the manifests an
//! operation did not run (the report's `notRun`, computed by the engine's not_run.rs), with the
//! reason and its rule, instead of an absent row.

use std::fmt::Write;

use hooksim_engine::report::Report;

use super::{n, Lane, Row, Titles, LABEL_W};
use crate::escape;

pub(super) fn lane<'a>(report: &'a Report, titles: &mut Titles) -> Lane<'a> {
    let mut lane = Lane { title: "Did not run", rows: Vec::new(), min_width: 0.0 };
    let many = report.operations.len() > 1;
    for (i, op) in report.operations.iter().enumerate() {
        for x in &op.not_run {
            let label = format!("{}/{}", x.kind, x.name);
            let why = format!("{} ({})", x.reason.describe(), x.rule);
            let text = if many { format!("{} {}: {why}", op.kind.as_str(), i + 1) } else { why.clone() };
            let mut row = Row::new(&label, &format!("{label} did not run: {why}"), "hs-row-notrun");
            row.height = 18.0;
            row.rules.push(&x.rule);
            let _ = write!(
                row.body,
                r#"<text class="hs-notrun" x="{}" y="13"{}{}</text>"#,
                n(LABEL_W + 4.0),
                titles.tip(None, &format!("{label} did not run: {text}"), &[&x.rule]),
                escape(&text)
            );
            lane.min_width = lane.min_width.max(LABEL_W + 12.0 + text.chars().count() as f64 * super::CHAR_W);
            lane.rows.push(row);
        }
    }
    lane
}

#[cfg(test)]
mod tests {
    use super::super::gates::example_svg as svg;

    #[test]
    fn skipped_objects_and_hooks_that_did_not_run_are_listed_with_why() {
        let s = svg("skip.yaml");
        assert!(s.contains("Did not run"), "{s}");
        assert!(s.contains("hook: Skip: never applied (R12)"), "{s}");
        let s = svg("selective-sync-skips-hooks.yaml");
        assert!(s.contains("a selective sync runs no hook (R21)"), "{s}");
        let s = svg("presync-fails-syncfail.yaml");
        assert!(s.contains("its phase was not reached"), "{s}");
        let s = svg("presync-postsync.yaml");
        assert!(!s.contains("Did not run"), "{s}");
    }
}
