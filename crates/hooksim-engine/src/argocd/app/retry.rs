//! Retries of a failed operation (A16–A25, R64): Argo CD's duration strings, `NextRetryAt`, the
//! one-step-late start and the exact messages.

use crate::common::time::MAX_SECONDS;
use crate::input::sync_policy::Retry;
use crate::report::Time;

/// A17: Argo CD's defaults (`application_defaults.go`): 5 s, factor 2, at most 3 min.
pub const DEFAULT_DURATION_SECONDS: Time = 5;
pub const DEFAULT_FACTOR: i64 = 2;
pub const DEFAULT_MAX_DURATION_SECONDS: Time = 180;
/// A3: the strategy of an automated sync when the Application sets none.
pub const AUTOMATED_DEFAULT_LIMIT: i64 = 5;

impl Retry {
    /// A3: `{limit: 5}` with the default backoff.
    pub fn automated_default() -> Retry {
        Retry { limit: AUTOMATED_DEFAULT_LIMIT, ..Retry::default() }
    }

    /// A17: `limit` retries after the first attempt; a negative limit retries for ever.
    pub fn has_retries_left(&self, retried: i64) -> bool {
        retried < self.limit || self.limit < 0
    }

    /// A18: `NextRetryAt(t, k) = t + min(duration · factor^k, maxDuration)`, no cap when
    /// maxDuration ≤ 0 (`types.go` `NextRetryAt`). Go takes the power in floating point; whole
    /// numbers give the same result here, saturating where Go's would pass any horizon (and no
    /// float arithmetic keeps the playground's wasm small, docs/playground.md). A negative wait
    /// (a negative duration or factor) retries at once, as Go's past time does.
    pub fn next_retry_at(&self, t: Time, k: i64) -> Time {
        let mut wait: i64 = self.backoff_seconds;
        for _ in 0..k.max(0) {
            if wait == 0 || wait.abs() >= MAX_SECONDS {
                break;
            }
            wait = wait.saturating_mul(self.factor);
        }
        if self.max_backoff_seconds > 0 {
            wait = wait.min(self.max_backoff_seconds);
        }
        t + wait.clamp(0, MAX_SECONDS)
    }
}

impl Default for Retry {
    fn default() -> Retry {
        Retry {
            limit: 0,
            backoff_seconds: DEFAULT_DURATION_SECONDS,
            factor: DEFAULT_FACTOR,
            max_backoff_seconds: DEFAULT_MAX_DURATION_SECONDS,
            refresh: false,
            parse_error: None,
        }
    }
}

/// What the controller does when an attempt ends `Failed` or `Error` (A19) and retries are left:
/// the message it writes and when the retry really starts (A20).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduled {
    /// The retry count after the increment (the retry's number, #N).
    pub n: i64,
    /// The time the message prints: `NextRetryAt(failure, N-1)`.
    pub promised_at: Time,
    /// When the retry starts: `NextRetryAt(failure, N)`, one backoff step later (A20, R64).
    pub starts_at: Time,
}

/// A19/A20: schedules retry number `retried + 1` of an attempt that failed at `failed_at`.
pub fn schedule(r: &Retry, failed_at: Time, retried: i64) -> Scheduled {
    let n = retried + 1;
    Scheduled { n, promised_at: r.next_retry_at(failed_at, retried), starts_at: r.next_retry_at(failed_at, n) }
}

/// A19: "<engine message>. Retrying attempt #N at 3:04PM." (`time.Kitchen` of the promised time).
/// In v2.14.16+, v3.0.10+ and 3.1.x every failure read "… due to application controller sync
/// timeout. Retrying …" (A25).
pub fn scheduled_message(engine_message: &str, n: i64, clock: &str, says_timeout: bool) -> String {
    let due = if says_timeout { " due to application controller sync timeout" } else { "" };
    format!("{engine_message}{due}. Retrying attempt #{n} at {clock}.")
}

/// A21: the transient message of a retry's start (3.2+); ≤3.1 kept the old message.
pub fn starting_message(n: i64, refresh: bool) -> String {
    let latest = if refresh { " with latest revisions" } else { "" };
    format!("Retrying operation{latest}. Attempt #{n}")
}

/// A23: the final message once retries ran out: " (retried N times)." when N > 0.
pub fn exhausted_message(message: &str, retried: i64) -> String {
    if retried > 0 {
        format!("{message} (retried {retried} times).")
    } else {
        message.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::sync_policy::parse_duration;

    /// A17: Argo CD's durations.
    #[test]
    fn a17_durations() {
        assert_eq!(parse_duration("5"), Ok(5));
        assert_eq!(parse_duration("5s"), Ok(5));
        assert_eq!(parse_duration("3m"), Ok(180));
        assert_eq!(parse_duration("1h30m"), Ok(5400));
        assert_eq!(parse_duration("1.5s"), Ok(2));
        assert_eq!(parse_duration("500ms"), Ok(1));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("-5"), Ok(-5));
        assert_eq!(parse_duration("5x"), Err("unable to parse 5x as a duration".into()));
        assert_eq!(parse_duration("five"), Err("unable to parse five as a duration".into()));
        assert_eq!(parse_duration(""), Err("unable to parse  as a duration".into()));
        assert_eq!(parse_duration("5 s"), Err("unable to parse 5 s as a duration".into()));
        assert!(parse_duration("99999999999999999999h").is_err());
    }

    /// A18: k = 0..4 gives 5, 10, 20, 40, 80 s (`TestRetryStrategy_NextRetryAtDefaultBackoff`),
    /// capped at 3 min.
    #[test]
    fn a18_next_retry_at_default_backoff() {
        let r = Retry::automated_default();
        let waits: Vec<Time> = (0..8).map(|k| r.next_retry_at(100, k) - 100).collect();
        assert_eq!(waits, vec![5, 10, 20, 40, 80, 160, 180, 180]);
        let uncapped = Retry { max_backoff_seconds: 0, ..Retry::default() };
        assert_eq!(uncapped.next_retry_at(0, 7), 640);
        assert_eq!(uncapped.next_retry_at(0, 1_000_000), MAX_SECONDS);
    }

    /// A20/R64: the message promises NextRetryAt(failure, N-1), the retry starts at
    /// NextRetryAt(failure, N): +10 s for the first retry with the defaults.
    #[test]
    fn a20_retry_starts_one_step_late() {
        let r = Retry::automated_default();
        assert_eq!(schedule(&r, 20, 0), Scheduled { n: 1, promised_at: 25, starts_at: 30 });
        assert_eq!(schedule(&r, 52, 1), Scheduled { n: 2, promised_at: 62, starts_at: 72 });
        assert!(r.has_retries_left(4));
        assert!(!r.has_retries_left(5));
        assert!(Retry { limit: -1, ..Retry::default() }.has_retries_left(1000));
        assert!(!Retry { limit: 0, ..Retry::default() }.has_retries_left(0));
    }

    #[test]
    fn a19_a21_a23_messages() {
        assert_eq!(scheduled_message("m", 1, "3:04PM", false), "m. Retrying attempt #1 at 3:04PM.");
        assert_eq!(
            scheduled_message("m", 2, "3:04PM", true),
            "m due to application controller sync timeout. Retrying attempt #2 at 3:04PM."
        );
        assert_eq!(starting_message(1, false), "Retrying operation. Attempt #1");
        assert_eq!(starting_message(3, true), "Retrying operation with latest revisions. Attempt #3");
        assert_eq!(exhausted_message("m", 1), "m (retried 1 times).");
        assert_eq!(exhausted_message("m", 0), "m");
    }
}
