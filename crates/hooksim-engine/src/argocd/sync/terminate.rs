//! Terminating a running operation (R55).

use super::*;

impl SyncOp {
    /// R55: TERMINATE.
    pub fn terminate(&mut self, world: &mut World) {
        if self.phase != Phase::Running {
            return;
        }
        for t in &mut self.tasks {
            t.live = if t.is_prune() { t.prune_uid } else { world.cluster.lookup(&t.key) };
        }
        if !self.caps.terminates_running_hooks_only {
            self.terminate_before_3_4(world);
            return;
        }
        for i in 0..self.tasks.len() {
            let t = &self.tasks[i];
            if t.is_hook && t.completed() {
                if let Some(u) = t.live {
                    world.remove_hook_finalizer(u);
                }
            }
        }
        for i in 0..self.tasks.len() {
            let t = &self.tasks[i];
            if !(t.is_hook && t.running()) {
                continue;
            }
            let Some(u) = t.live else {
                self.set_result(i, None, OpState::Succeeded, "Terminated");
                continue;
            };
            let health = world.cluster.get(u).and_then(|l| l.health(world.now));
            let (state, msg) = hook_state(health.as_ref(), &t.key.name);
            world.remove_hook_finalizer(u);
            if state == OpState::Running || t.has_policy(DeletePolicy::HookFailed) {
                world.request_delete(u, "Terminate", "R55");
            }
            if state.completed() {
                self.set_result(i, None, state, &msg);
            } else {
                self.set_result(i, None, OpState::Failed, "Terminated");
            }
            self.emit_terminated(world, i);
        }
        self.finish(world, Phase::Failed, "Operation terminated".into());
    }

    /// R55: the event of a hook that Terminate recorded, with its new state and message.
    pub(super) fn emit_terminated(&self, world: &mut World, i: usize) {
        let t = &self.tasks[i];
        let e = ev_task(world, EventType::HookCompleted, t)
            .reason(t.state.map(|s| s.as_str()).unwrap_or(""))
            .message(t.message.clone())
            .rule("R55");
        world.emit(e);
    }

    /// R55 before Argo CD 3.4 (§16): every hook task that has a live object, whatever its state
    /// (pending hooks left over from an earlier operation too), loses its hook finalizer and has
    /// its health read. A hook still running is deleted and recorded Succeeded "Deleted"; the
    /// others are recorded with their health. Each write clears the result's status. A running
    /// hook whose object is gone is skipped: its result stays Running.
    pub(super) fn terminate_before_3_4(&mut self, world: &mut World) {
        for i in 0..self.tasks.len() {
            let t = &self.tasks[i];
            let Some(u) = t.live.filter(|_| t.is_hook) else { continue };
            let was_completed = t.completed();
            world.remove_hook_finalizer(u);
            let health = world.cluster.get(u).and_then(|l| l.health(world.now));
            let (state, msg) = hook_state(health.as_ref(), &self.tasks[i].key.name);
            self.clear_hook_status(i);
            if state == OpState::Running {
                world.request_delete(u, "Terminate", "R55");
                self.set_result(i, None, OpState::Succeeded, "Deleted");
            } else {
                self.set_result(i, None, state, &msg);
            }
            if !was_completed {
                self.emit_terminated(world, i);
            }
        }
        self.finish(world, Phase::Failed, "Operation terminated".into());
    }
}
