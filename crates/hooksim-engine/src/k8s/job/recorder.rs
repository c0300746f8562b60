//! The recorder: collects a Job's events and health changes, enforcing `max_events`.

use super::types::{JobEvent, JobEventKind, JobTimeline};
use crate::common::health::{Health, HealthStatus};
use crate::report::Time;

/// Collects events and health changes, enforcing `max_events`.
#[derive(Debug)]
pub(crate) struct Recorder {
    pub(crate) tl: JobTimeline,
    max_events: usize,
    /// Added to every time recorded: the controller's start within the Job's life (a controller
    /// that starts again after its pods waited, J36–J38).
    offset: Time,
}

impl Recorder {
    pub(crate) fn new(max_events: usize) -> Recorder {
        Recorder {
            tl: JobTimeline {
                events: Vec::new(),
                health: vec![(0, Health::new(HealthStatus::Progressing, ""))],
                truncated: false,
                sources: Default::default(),
            },
            max_events,
            offset: 0,
        }
    }

    /// Goes on recording for a controller that starts at `offset`, with room for `max_events`
    /// more events.
    pub(crate) fn restart_at(&mut self, offset: Time, max_events: usize) {
        self.offset = offset;
        self.max_events = self.tl.events.len().saturating_add(max_events);
    }

    /// Records an event; false (and `truncated`) when `max_events` is reached.
    pub(crate) fn emit(&mut self, t: Time, kind: JobEventKind, rule: &'static str) -> bool {
        if self.tl.truncated {
            return false;
        }
        if self.tl.events.len() >= self.max_events {
            self.tl.truncated = true;
            return false;
        }
        let t = t.saturating_add(self.offset);
        self.tl.events.push(JobEvent { t, kind, rule, index: None });
        true
    }

    /// Records an event about a pod of index `index` (J23).
    pub(crate) fn emit_indexed(&mut self, t: Time, kind: JobEventKind, rule: &'static str, index: Option<i64>) -> bool {
        if !self.emit(t, kind, rule) {
            return false;
        }
        if let Some(e) = self.tl.events.last_mut() {
            e.index = index;
        }
        true
    }

    /// Records a health change (nothing when the health is unchanged).
    pub(crate) fn health(&mut self, t: Time, status: HealthStatus, message: &str) {
        let t = t.saturating_add(self.offset);
        if let Some((_, last)) = self.tl.health.last() {
            if last.status == status && last.message == message {
                return;
            }
        }
        self.tl.health.push((t, Health::new(status, message)));
    }

    /// Lowers (never raises) the number of events it records in all.
    pub(crate) fn set_max_events(&mut self, max_events: usize) {
        self.max_events = self.max_events.min(max_events);
    }

    pub(crate) fn stopped(&self) -> bool {
        self.tl.truncated
    }
}
