//! What the scenario scripts over time for one object, beyond one outcome: a health that changes
//! at given seconds (`healthOverTime`), and an outcome per creation of the object (`creations`:
//! "the migration fails in the first sync attempt and succeeds on the retry", picked per creation
//! by `World::for_creation`).

use crate::common::diagnostics::{codes, Diagnostic};
use crate::common::health::HealthStatus;
use crate::input::yaml::Node;
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
