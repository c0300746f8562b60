//! How long an object's deletion takes (the Time decisions: `deleteSeconds` after the request,
//! unless a finalizer holds it), and the deletions a scenario scripts per object: Argo CD deletes
//! hooks and prunes with foreground propagation, so a Job whose pods never go away stays
//! "Pending deletion" (R48) and BeforeHookCreation waits for it for ever (R44, argo-cd #16446).

use crate::input::scenario::{DeleteAfter, Settings};
use crate::report::Time;

/// The deletion time scripted for the object of this selector, if any.
pub fn scripted(settings: &Settings, selector: &str) -> Option<DeleteAfter> {
    settings.delete_after.iter().find(|(k, _)| k == selector).map(|(_, d)| *d)
}

/// When an object whose deletion was requested at `requested` is gone, seen at `now` (the last
/// finalizer may go later than the deletion time). None: never.
pub fn gone_at(settings: &Settings, selector: &str, requested: Time, now: Time) -> Option<Time> {
    let seconds = match scripted(settings, selector) {
        Some(DeleteAfter::Never) => return None,
        Some(DeleteAfter::Seconds(n)) => n,
        None => settings.delete_seconds,
    };
    Some(requested.saturating_add(seconds).max(now))
}

/// The `DeleteRequested` event's note for a scripted deletion time.
pub fn note(d: DeleteAfter) -> String {
    match d {
        DeleteAfter::Seconds(n) => format!(
            "the deletion takes {n} s (scripted: a foreground deletion waits for the object's dependents); meanwhile it reads Progressing \"Pending deletion\""
        ),
        DeleteAfter::Never => "the deletion never completes (scripted: a dependent that never goes away holds the foreground deletion); the object stays \"Pending deletion\"".to_string(),
    }
}
