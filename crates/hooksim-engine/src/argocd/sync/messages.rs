//! The operation's messages (R47, R52, §13): the running message, hook states from health, and
//! the failure reasons.

use super::*;

impl SyncOp {
    /// R52: the running message for a list of tasks.
    pub(super) fn set_running(&mut self, list: &[usize], pending_deletion: bool) {
        if !self.caps.names_hooks_in_running_message {
            self.set_running_before_3_4(list, pending_deletion);
            return;
        }
        self.phase = Phase::Running;
        if list.is_empty() {
            self.message = String::new();
            return;
        }
        let any_hook = list.iter().any(|i| self.tasks[*i].is_hook);
        let any_resource = list.iter().any(|i| !self.tasks[*i].is_hook);
        let plural = if any_resource { "resources" } else { "hooks" };
        let confirm: Vec<usize> = list
            .iter()
            .copied()
            .filter(|i| !self.prune_confirmed && self.tasks[*i].is_prune() && self.tasks[*i].prune_confirm)
            .collect();
        let (reason, first, n) = if !confirm.is_empty() {
            ("pruning confirmation of", confirm[0], confirm.len() - 1)
        } else {
            let first = list.iter().copied().find(|i| self.tasks[*i].is_hook).unwrap_or(list[0]);
            let reason = match (pending_deletion, any_hook) {
                (true, true) => "deletion of hook",
                (true, false) => "deletion of",
                (false, true) => "completion of hook",
                (false, false) => "healthy state of",
            };
            (reason, first, list.len() - 1)
        };
        let mut msg = format!("waiting for {reason} {}", self.tasks[first].key.gkn());
        if n > 0 {
            msg = format!("{msg} and {n} more {plural}");
        }
        self.message = msg;
    }

    /// R52 before Argo CD 3.4 (§16): the message names the list's first task, and its type alone
    /// picks the wording and the plural; an empty list leaves the message as it was.
    pub(super) fn set_running_before_3_4(&mut self, list: &[usize], pending_deletion: bool) {
        let Some(&first) = list.first() else { return };
        self.phase = Phase::Running;
        let hook = self.tasks[first].is_hook;
        let reason = match (pending_deletion, hook) {
            (true, _) => "deletion of",
            (false, true) => "completion of hook",
            (false, false) => "healthy state of",
        };
        let plural = if hook { "hooks" } else { "resources" };
        let mut msg = format!("waiting for {reason} {}", self.tasks[first].key.gkn());
        if list.len() > 1 {
            msg = format!("{msg} and {} more {plural}", list.len() - 1);
        }
        self.message = msg;
    }

    /// R57 before Argo CD 3.4 (§16): `runTasks` itself wrote "Waiting for pruning confirmation of
    /// <apiVersion>/<kind>/<name>", with a capital W and the apiVersion instead of the group.
    pub(super) fn prune_confirm_message_before_3_4(&mut self, world: &World, prunes: &[usize]) {
        let confirm: Vec<&Task> = prunes.iter().map(|i| &self.tasks[*i]).filter(|t| t.prune_confirm).collect();
        let Some(first) = confirm.first() else { return };
        let api_version = first
            .prune_uid
            .and_then(|u| world.cluster.get(u))
            .and_then(|l| l.node(world.manifests).get("apiVersion").and_then(|n| n.as_str()).map(str::to_string))
            .unwrap_or_default();
        let mut msg =
            format!("Waiting for pruning confirmation of {api_version}/{}/{}", first.key.kind, first.key.name);
        if confirm.len() > 1 {
            msg = format!("{msg} and {} more resources", confirm.len() - 1);
        }
        self.message = msg;
    }
}

/// R47 (`getOperationPhase`): a hook's state and message from its health. No health check (and
/// any status outside the table, e.g. Missing) means Succeeded "<name> created".
pub(super) fn hook_state(health: Option<&Health>, name: &str) -> (OpState, String) {
    match health.map(|h| (h.status, h)) {
        Some((HealthStatus::Healthy, h)) => (OpState::Succeeded, h.message.clone()),
        Some((HealthStatus::Progressing | HealthStatus::Suspended, h)) => (OpState::Running, h.message.clone()),
        Some((HealthStatus::Degraded | HealthStatus::Unknown, h)) => (OpState::Failed, h.message.clone()),
        Some((HealthStatus::Missing, _)) | None => (OpState::Succeeded, format!("{name} created")),
    }
}

pub(super) fn distinct_messages<'a>(msgs: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in msgs {
        if !m.is_empty() && !out.iter().any(|o| o == m) {
            out.push(m.to_string());
        }
    }
    out
}
