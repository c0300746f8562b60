//! An Application's sync policy as written, shared by the Scenario's `settings` and the
//! Application document (`input::application`): `automated` (A2, A3, A10), `retry` (R64,
//! A16–A25) and Argo CD's durations (A17). Here so that the Scenario reader does not import the
//! Application controller's modules, which use the Scenario's types.

use crate::common::diagnostics::{codes, Diagnostic, Pos};
use crate::common::time::MAX_SECONDS;
use crate::input::yaml::{Node, Value};
use crate::report::Time;

/// `spec.syncPolicy.automated` (A2, A3, A10): `prune`, `selfHeal`, `allowEmpty` default to false,
/// `enabled` (3.1+) to true.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Automated {
    pub enabled: bool,
    pub prune: bool,
    pub self_heal: bool,
    pub allow_empty: bool,
}

/// R64, A16–A25: a retry strategy (`syncPolicy.retry`, an operation's `retry`); the defaults and
/// the arithmetic are in the Application controller's `retry` module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    pub limit: i64,
    pub backoff_seconds: Time,
    pub factor: i64,
    pub max_backoff_seconds: Time,
    /// A21 (3.2+): each retry resolves the revision again.
    pub refresh: bool,
    /// A19: a `backoff.duration`/`maxDuration` Argo CD cannot parse ("unable to parse 5x as a
    /// duration"): the first failure ends the operation instead of retrying it.
    pub parse_error: Option<String>,
}

/// A scenario operation's (or the settings') `retry` in Argo CD's own form: `backoff` with
/// `duration`, `factor`, `maxDuration`, and `refresh`.
pub fn read_retry_field(key: &str, v: &Node, out: &mut Retry, diags: &mut Vec<Diagnostic>) {
    let wrong = |diags: &mut Vec<Diagnostic>, n: &Node, what: &str| {
        diags.push(
            Diagnostic::error(
                codes::SCENARIO_INVALID,
                format!("scenario retry.{what} is {}: the default is used", n.type_name()),
            )
            .at(Some(n.pos))
            .hint("write retry as in the Application: {limit: 2, backoff: {duration: \"5s\", factor: 2, maxDuration: \"3m\"}}"),
        );
    };
    match key {
        "refresh" => match v.as_bool() {
            Some(b) => out.refresh = b,
            None => wrong(diags, v, "refresh"),
        },
        _ => {
            let Some(map) = v.as_map() else {
                wrong(diags, v, "backoff");
                return;
            };
            for (bk, bv) in map {
                let bkey = bk.as_str().unwrap_or("");
                match (bkey, &bv.value) {
                    ("duration" | "maxDuration", Value::Str(text)) => duration(out, bkey, text, bv.pos, diags),
                    ("factor", Value::Int(f)) => out.factor = *f,
                    _ => wrong(diags, bv, &format!("backoff.{bkey}")),
                }
            }
        }
    }
}

/// A scenario's `settings.automated`: the same keys as the Application's.
pub fn read_scenario_automated(n: &Node, diags: &mut Vec<Diagnostic>) -> Option<Automated> {
    if n.is_null() {
        return None;
    }
    let Some(map) = n.as_map() else {
        diags.push(
            Diagnostic::error(
                codes::SCENARIO_INVALID,
                format!("scenario automated is {}: it is left out", n.type_name()),
            )
            .at(Some(n.pos))
            .hint("write automated: {prune: true, selfHeal: true} (as in the Application's syncPolicy)"),
        );
        return None;
    };
    let mut out = Automated { enabled: true, ..Automated::default() };
    for (k, v) in map {
        let key = k.as_str().unwrap_or("");
        let flag = match key {
            "prune" => &mut out.prune,
            "selfHeal" => &mut out.self_heal,
            "allowEmpty" => &mut out.allow_empty,
            "enabled" => &mut out.enabled,
            _ => {
                diags.push(
                    Diagnostic::warning(
                        codes::SCENARIO_UNKNOWN_KEY,
                        format!("unknown key \"{key}\" in automated: it is ignored"),
                    )
                    .at(Some(k.pos))
                    .hint("known keys: prune, selfHeal, allowEmpty, enabled"),
                );
                continue;
            }
        };
        match v.as_bool() {
            Some(b) => *flag = b,
            None => diags.push(
                Diagnostic::error(
                    codes::SCENARIO_INVALID,
                    format!("scenario automated.{key} is {}: the default is used", v.type_name()),
                )
                .at(Some(v.pos))
                .hint("write true or false"),
            ),
        }
    }
    Some(out)
}

/// A17: a duration string; one Argo CD cannot parse fails the operation at its first failure
/// (A19), which a warning says now.
pub(crate) fn duration(out: &mut Retry, key: &str, text: &str, pos: Pos, diags: &mut Vec<Diagnostic>) {
    match parse_duration(text) {
        Ok(secs) if key == "duration" => out.backoff_seconds = secs.max(0),
        Ok(secs) => out.max_backoff_seconds = secs,
        Err(e) => {
            diags.push(
                Diagnostic::warning(
                    codes::RETRY_DURATION_INVALID,
                    format!(
                        "retry backoff.{key} \"{text}\": {e}; Argo CD accepts the Application, but the first failed sync ends with \"(failed to retry: {e})\" instead of being retried"
                    ),
                )
                .at(Some(pos))
                .hint("write whole seconds (\"30\") or a Go duration such as \"30s\", \"3m\" or \"1h\""),
            );
            out.parse_error.get_or_insert(e);
        }
    }
}

/// A17: `parseStringToDuration`: a bare integer is seconds (`strconv.Atoi`), else Go's
/// `time.ParseDuration`, else "unable to parse <s> as a duration". hooksim's clock counts whole
/// seconds: a fraction of a second is rounded up (docs/decisions.md).
pub fn parse_duration(s: &str) -> Result<Time, String> {
    let err = || format!("unable to parse {s} as a duration");
    if let Some(secs) = atoi(s) {
        return Ok(secs.clamp(-MAX_SECONDS, MAX_SECONDS));
    }
    let nanos = go_parse_duration(s).ok_or_else(err)?;
    let secs = nanos.div_euclid(1_000_000_000) + i64::from(nanos.rem_euclid(1_000_000_000) != 0);
    Ok(secs.clamp(-MAX_SECONDS, MAX_SECONDS))
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits, within int64.
fn atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// Go's `time.ParseDuration` in nanoseconds: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or "0"; units
/// ns, us, µs, μs, ms, s, m, h. None where Go returns an error (including overflow of int64).
fn go_parse_duration(s: &str) -> Option<i64> {
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    while !rest.is_empty() {
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (int_part, after) = rest.split_at(int_len);
        let (frac_part, after) = match after.strip_prefix('.') {
            Some(a) => {
                let n = a.bytes().take_while(u8::is_ascii_digit).count();
                a.split_at(n)
            }
            None => ("", after),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        let unit_len =
            after.char_indices().find(|(_, c)| *c == '.' || c.is_ascii_digit()).map_or(after.len(), |(i, _)| i);
        let (unit, next) = after.split_at(unit_len);
        let scale: i64 = match unit {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return None,
        };
        // More digits than an i64 holds overflow, as in Go.
        let int: i64 = if int_part.is_empty() { 0 } else { int_part.parse().ok()? };
        let mut v = int.checked_mul(scale)?;
        let mut f_scale = scale;
        for d in frac_part.bytes().take(19) {
            f_scale /= 10;
            v = v.checked_add(i64::from(d - b'0') * f_scale)?;
        }
        total = total.checked_add(v)?;
        rest = next;
    }
    Some(if neg { -total } else { total })
}
