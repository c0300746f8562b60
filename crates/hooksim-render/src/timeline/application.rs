//! The Application around the operations (issue 11 item 8): a lane with its sync status over
//! time (Synced, OutOfSync and why), its conditions (`SyncError`, A5; the wipe-out protection,
//! A6) from when they are set to when they are removed, and the controller's decisions between
//! operations as marks ("Skipping auto-sync: …", a new commit seen, live objects changed).

use std::fmt::Write;

use hooksim_engine::report::app_status::AppReport;
use hooksim_engine::report::{Report, Time};

use super::{last_of_each_second, n, status_band, Lane, Row, Scale, Titles};

/// The seconds the lane needs on the time axis.
pub(super) fn times(report: &Report) -> impl Iterator<Item = Time> + '_ {
    report.application.iter().flat_map(|a| {
        let sync = a.sync.iter().map(|s| s.t);
        let conditions = a.conditions.iter().flat_map(|c| std::iter::once(c.t).chain(c.cleared_at));
        sync.chain(conditions).chain(a.notes.iter().map(|n| n.t))
    })
}

pub(super) fn lane<'a>(report: &'a Report, scale: &Scale, titles: &mut Titles) -> Lane<'a> {
    let mut lane = Lane { title: "Application controller", rows: Vec::new(), min_width: 0.0 };
    let Some(app) = &report.application else { return lane };
    lane.rows.push(sync_row(app, scale, titles));
    if !app.conditions.is_empty() {
        let mut row = Row::new(
            "conditions",
            "The Application's conditions, from when they are set to when they are removed (A5, A6)",
            "hs-row-ops",
        );
        row.rules.extend(["A5", "A6"]);
        for c in &app.conditions {
            let x1 = c.cleared_at.map_or(scale.open_x(), |t| scale.x(t));
            let until = c.cleared_at.map_or("to the end".to_string(), |t| format!("removed at {t} s"));
            let rule = if c.ty == "SyncError" && c.message.starts_with("Skipping") { "A6" } else { "A5" };
            let tip = format!("{} s  {}: {} ({until}, {rule})", c.t, c.ty, c.message);
            status_band(&mut row, titles, "hs-op-failed", (scale.x(c.t), x1), &c.ty, (&tip, &[rule]));
        }
        lane.rows.push(row);
    }
    lane
}

/// The sync status as bands (the last of each second), and the controller's decisions as marks.
fn sync_row<'a>(app: &AppReport, scale: &Scale, titles: &mut Titles) -> Row<'a> {
    let mut row = Row::new(
        "sync status",
        "The Application's sync status (what CompareAppState finds) and the controller's decisions between operations: automated sync when OutOfSync, and self-heal (A2, A11)",
        "hs-row-ops",
    );
    row.rules.extend(["A2", "A11"]);
    let shown = last_of_each_second(&app.sync, |s| s.t);
    for (i, s) in shown.iter().enumerate() {
        let x1 = shown.get(i + 1).map_or(scale.open_x(), |next| scale.x(next.t));
        let tip = format!("{} s  {} (A2)", s.t, hooksim_engine::text::sync_status(s));
        let cls = if s.status == "Synced" { "hs-op-succeeded" } else { "hs-sync-out" };
        status_band(&mut row, titles, cls, (scale.x(s.t), x1), &s.status, (&tip, &["A2"]));
    }
    // The decisions of one second are one mark.
    for same in app.notes.chunk_by(|a, b| a.t == b.t) {
        let t = same[0].t;
        // Each names its rules: in its message when it cites them, else after it.
        let text: Vec<String> = same
            .iter()
            .map(|n| match n.cites.is_empty() {
                true => format!("controller: {} ({})", n.message, n.rule),
                false => format!("controller: {}", n.message),
            })
            .collect();
        let rules: Vec<&str> = same
            .iter()
            .flat_map(|n| if n.cites.is_empty() { std::slice::from_ref(&n.rule) } else { n.cites.as_slice() })
            .map(String::as_str)
            .collect();
        let _ = write!(
            row.body,
            r#"<circle class="hs-mark hs-mark-info" cx="{}" cy="{}" r="4.5" data-t="{t}" data-events="ControllerDecision"{}</circle>"#,
            n(scale.x(t)),
            n(row.mark_y),
            titles.tip(Some(t), &text.join("\n"), &rules),
        );
    }
    row
}

#[cfg(test)]
mod tests {
    /// A5, A11: a failed automated sync, a drift that cannot be healed (the revision failed), a
    /// new commit: the sync status bands, the SyncError condition while it is set, the decisions.
    #[test]
    fn the_application_lane_shows_sync_status_conditions_and_decisions() {
        let input = include_str!("../../../../web/examples/failed-commit-is-not-auto-synced-again.yaml");
        let report = hooksim_engine::simulate(input, &hooksim_engine::Options::default());
        let svg = crate::timeline::timeline_svg(&report);
        assert!(svg.contains("Application controller"), "{svg}");
        assert!(svg.contains("0 s  OutOfSync at abc1234: Deployment/orders Missing (A2)"), "{svg}");
        assert!(svg.contains("120 s  SyncError: Failed last sync attempt to [abc1234def5678]"), "{svg}");
        assert!(svg.contains("(removed at 200 s, A5)"), "{svg}");
        assert!(svg.contains("controller: new commit 5e6f7a8 seen (A8, A46)"), "{svg}");
        assert!(svg.contains(r#"data-events="ControllerDecision""#));
        // Without an Application controller (a manual sync and no Application document), no lane.
        let manual =
            hooksim_engine::simulate("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", &Default::default());
        assert!(
            manual.application.is_none() || !crate::timeline::timeline_svg(&manual).contains("Application controller")
        );
    }
}
