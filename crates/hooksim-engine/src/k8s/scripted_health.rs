//! An object's scripted health over time (`healthOverTime`, read by `input::outcome_script`) as
//! a timeline that the world replays as it comes due, as it replays a Job's.

use crate::common::health::{Health, HealthStatus};
use crate::input::outcome_script::HealthStep;
use crate::k8s::job::JobTimeline;

/// The health of an object over time, relative to its apply: Progressing until the first step
/// (with the kind's own Progressing message), then each step from its second on; the last lasts.
pub fn health_timeline(steps: &[HealthStep], progressing_message: &str) -> JobTimeline {
    let mut tl = JobTimeline::default();
    if steps.first().is_none_or(|s| s.at > 0) {
        tl.health.push((0, Health::new(HealthStatus::Progressing, progressing_message)));
    }
    for s in steps {
        let message = s.message.clone().unwrap_or_else(|| {
            if s.health == HealthStatus::Progressing {
                progressing_message.to_string()
            } else {
                String::new()
            }
        });
        let h = Health::new(s.health, message);
        if tl.health.last().is_some_and(|(_, last)| *last == h) {
            continue;
        }
        if tl.health.last().is_some_and(|(t, _)| *t == s.at) {
            tl.health.pop();
        }
        tl.health.push((s.at, h));
    }
    tl
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::time::Time;

    /// R48: Progressing before the first step; equal steps merge.
    #[test]
    fn health_over_time_starts_progressing() {
        let steps = [
            HealthStep { at: 30, health: HealthStatus::Degraded, message: None },
            HealthStep { at: 90, health: HealthStatus::Healthy, message: None },
        ];
        let tl = health_timeline(&steps, "Waiting");
        let got: Vec<(Time, HealthStatus)> = tl.health.iter().map(|(t, h)| (*t, h.status)).collect();
        assert_eq!(got, [(0, HealthStatus::Progressing), (30, HealthStatus::Degraded), (90, HealthStatus::Healthy)]);
        assert_eq!(tl.health[0].1.message, "Waiting");
    }
}
