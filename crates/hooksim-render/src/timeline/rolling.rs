//! ApplicationSet RollingSync (A38–A43): a lane with one row per generated Application, labelled
//! with its step, showing its progressive status over time as bands (Waiting grey, Pending and
//! Progressing running, Healthy green), each with Argo CD's message as its hover text.

use hooksim_engine::report::{Report, Time};

use super::{last_of_each_second, status_band, Lane, Row, Scale, Titles};

/// The seconds the lane needs on the time axis.
pub(super) fn times(report: &Report) -> impl Iterator<Item = Time> + '_ {
    report.application_set.iter().flat_map(|s| s.applications.iter()).flat_map(|a| a.statuses.iter().map(|s| s.t))
}

pub(super) fn lane<'a>(report: &'a Report, scale: &Scale, titles: &mut Titles) -> Lane<'a> {
    let mut lane = Lane { title: "RollingSync steps", rows: Vec::new(), min_width: 0.0 };
    let Some(set) = &report.application_set else { return lane };
    for a in &set.applications {
        let step = if a.step == "-1" { "no step".to_string() } else { format!("step {}", a.step) };
        let rule = "A40";
        let tip = format!("{} ({step}): its progressive status in ApplicationSet {} ({rule})", a.application, set.name);
        let mut row = Row::new(&format!("{} · {step}", a.application), &tip, "hs-row-ops");
        row.rules.push(rule);
        let shown = last_of_each_second(&a.statuses, |s| s.t);
        for (i, s) in shown.iter().enumerate() {
            let x1 = shown.get(i + 1).map_or(scale.open_x(), |next| scale.x(next.t));
            let cls = match s.status.as_str() {
                "Healthy" => "hs-op-succeeded",
                "Pending" | "Progressing" => "hs-op-running",
                _ => "",
            };
            let tip = format!("{} s  {}: {}", s.t, s.status, s.message);
            status_band(&mut row, titles, cls, (scale.x(s.t), x1), &s.status, (&tip, &[]));
        }
        lane.rows.push(row);
    }
    lane
}

#[cfg(test)]
mod tests {
    /// A41: the second step's Application waits while the first syncs: a row per Application,
    /// with its step, and a band per status (the last of each second).
    #[test]
    fn each_generated_application_gets_a_row_with_its_statuses() {
        let input = "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: s}\nspec:\n  strategy:\n    type: RollingSync\n    rollingSync:\n      steps:\n        - matchExpressions: [{key: env, operator: In, values: [dev]}]\n        - matchExpressions: [{key: env, operator: In, values: [prod]}]\n---\n\
            apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a, labels: {env: dev}}\n---\n\
            apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: b, labels: {env: prod}}\n---\n\
            apiVersion: hooksim/v1\nkind: AppManifests\nmetadata: {name: a}\noutcomes:\n  Deployment/web: {health: Healthy, afterSeconds: 20}\n---\n\
            apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\n\
            apiVersion: hooksim/v1\nkind: AppManifests\nmetadata: {name: b}\n---\n\
            apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n";
        let report = hooksim_engine::simulate(input, &hooksim_engine::Options::default());
        let svg = crate::timeline::timeline_svg(&report);
        assert!(svg.contains("RollingSync steps"), "{svg}");
        assert!(svg.contains("a · step 1") && svg.contains("b · step 2"), "{svg}");
        // b waits while a syncs; at 20 it goes Pending, Progressing and Healthy (the last shown).
        assert!(svg.contains("0 s  Waiting: No Application status found"), "{svg}");
        assert!(svg.contains("20 s  Healthy: Application resource became Healthy"), "{svg}");
        assert!(!svg.contains("20 s  Pending"), "{svg}");
        assert!(svg.contains("Generated Applications") && !svg.contains("Child Applications"), "{svg}");
    }
}
