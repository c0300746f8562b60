//! App-of-apps (issue 11, A35): a lane with one row per child Application whose own manifests the
//! input gives: its own operations as bands coloured by their final phase (retry waits labelled as
//! retries), marked where they start, are retried and end, in the parent's clock.

use hooksim_engine::report::{EventType, Report, Time};

use super::{Lane, Row, Scale, Titles};

/// The seconds the lane needs on the time axis.
pub(super) fn times(report: &Report) -> impl Iterator<Item = Time> + '_ {
    report.child_applications.iter().flat_map(|c| c.operations.iter()).flat_map(|op| {
        let marks = op.events.iter().filter(|e| shown(e.ty)).map(|e| e.t);
        std::iter::once(op.started_at).chain(op.finished_at).chain(marks)
    })
}

fn shown(ty: EventType) -> bool {
    matches!(ty, EventType::OperationStarted | EventType::OperationCompleted | EventType::RetryScheduled)
}

pub(super) fn lane<'a>(report: &'a Report, scale: &Scale, titles: &mut Titles) -> Lane<'a> {
    // A38: an ApplicationSet's Applications are generated, not children.
    let (title, what) = match report.application_set {
        Some(_) => ("Generated Applications", "Application"),
        None => ("Child Applications", "child Application"),
    };
    let mut lane = Lane { title, rows: Vec::new(), min_width: 0.0 };
    for c in report.child_applications.iter().filter(|c| c.created_at.is_some()) {
        let health: Vec<String> = c.health.iter().map(|h| format!("{} at {} s", h.status, h.t)).collect();
        let rule = "A35";
        let tip = format!("{what} {}: its own syncs ({rule}); health {}", c.name, health.join(", "));
        let mut row = Row::new(&c.name, &tip, "hs-row-ops");
        row.rules.push(rule);
        for (i, op) in c.operations.iter().enumerate() {
            let trigger = if op.trigger.is_manual() { "" } else { op.trigger.as_str() };
            let title = format!("{}: {trigger} sync {}: {}: {}", c.name, i + 1, op.phase, op.message);
            super::op_band(&mut row.body, op, scale, &format!("{trigger} sync: {}", op.phase), &title, titles);
            for e in op.events.iter().filter(|e| shown(e.ty)) {
                row.marks.entry(e.t).or_default().push(e);
            }
        }
        lane.rows.push(row);
    }
    lane
}

#[cfg(test)]
mod tests {
    /// A35: each child's own sync is a band of its own row, from the second the parent creates it.
    #[test]
    fn each_child_gets_a_row_with_its_operations() {
        let input = "apiVersion: hooksim/v1\nkind: Scenario\nsettings: {applicationHealthCheck: true}\n---\n\
            apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: root}\nspec: {destination: {namespace: argocd}}\n---\n\
            apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: db}\nspec: {syncPolicy: {automated: {}}}\n---\n\
            apiVersion: hooksim/v1\nkind: AppManifests\nmetadata: {name: db}\noutcomes:\n  Deployment/pg: {health: Degraded, afterSeconds: 9}\n---\n\
            apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: pg}\n";
        let report = hooksim_engine::simulate(input, &hooksim_engine::Options::default());
        assert_eq!(report.child_applications.len(), 1);
        let svg = crate::timeline_svg(&report);
        assert!(svg.contains("Child Applications"), "{svg}");
        assert!(svg.contains("child Application db: its own syncs (A35); health Progressing at 0 s, Degraded at 9 s"));
        assert!(svg.contains("db: automated sync 1: Succeeded"));
    }
}
