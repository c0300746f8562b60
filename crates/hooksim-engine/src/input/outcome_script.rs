//! What the scenario scripts over time for one object, beyond one outcome: a health that changes
//! at given seconds (`healthOverTime`), and an outcome per creation of the object (`creations`:
//! "the migration fails in the first sync attempt and succeeds on the retry", picked per creation
//! by `World::for_creation`).

use crate::common::diagnostics::{codes, Diagnostic};
use crate::common::health::{Health, HealthStatus};
use crate::input::yaml::Node;
use crate::k8s::job::JobTimeline;
use crate::report::Time;

/// One step of `healthOverTime`: from `at` seconds after the object is applied, `health`.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthStep {
    pub at: Time,
    pub health: HealthStatus,
    pub message: Option<String>,
}

fn invalid(diags: &mut Vec<Diagnostic>, n: &Node, what: &str) {
    diags.push(
        Diagnostic::error(codes::SCENARIO_INVALID, format!("scenario healthOverTime {what}: this step is left out"))
            .at(Some(n.pos))
            .hint("write healthOverTime: [{at: 0, health: Progressing}, {at: 30, health: Degraded}, {at: 90, health: Healthy}]"),
    );
}

/// `healthOverTime: [{at: 0, health: Progressing}, {at: 30, health: Healthy, message: …}]`, in
/// time order.
pub fn read_health_over_time(n: &Node, diags: &mut Vec<Diagnostic>) -> Vec<HealthStep> {
    let Some(items) = n.as_seq() else {
        invalid(diags, n, &format!("is {}, expected a list", n.type_name()));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let at = item.get("at").and_then(Node::as_i64).filter(|a| (0..=crate::common::time::MAX_SECONDS).contains(a));
        let health = item.get("health").and_then(Node::as_str).and_then(HealthStatus::parse);
        match (at, health) {
            (Some(at), Some(health)) => out.push(HealthStep {
                at,
                health,
                message: item.get("message").and_then(Node::as_str).map(str::to_string),
            }),
            (None, _) => invalid(diags, item, "step needs at: seconds from 0 after the object is applied"),
            (_, None) => {
                invalid(diags, item, "step needs health: Healthy, Progressing, Degraded, Suspended, Missing or Unknown")
            }
        }
    }
    crate::common::sort::sort_by_key(&mut out, |s| s.at);
    out
}

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
