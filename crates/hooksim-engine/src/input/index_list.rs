//! The index list format of Indexed Jobs ("0,2-4,7"), read as the API server reads it (J26,
//! `validateIndexesFormat`, with upstream's error texts): a Job's `successPolicy` and a
//! Scenario's `indexes` keys are read with it.

use crate::common::escape::double_quoted as go_quote;

/// Disjoint index intervals `(first, last)` in increasing order, as in "1,3-5,7".
pub type Intervals = Vec<(i64, i64)>;

/// Go's `strconv.Atoi` on a decimal string: an optional sign, then digits, nothing else.
fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// J26: the API server's reading of an index list such as "0,2-4" (`validateIndexesFormat`):
/// the intervals and how many indexes they hold, or upstream's error text. Each index must be
/// below `completions`, and the intervals strictly increasing. An empty string is valid and
/// empty.
pub fn parse_indexes(s: &str, completions: i64) -> Result<(Intervals, i64), String> {
    let mut out = Intervals::new();
    if s.is_empty() {
        return Ok((out, 0));
    }
    let mut total: i64 = 0;
    let mut last: Option<i64> = None;
    for fragment in s.split(',') {
        let limits: Vec<&str> = fragment.split('-').collect();
        if limits.len() > 2 {
            return Err(format!(
                "the fragment {} violates the requirement that an index interval can have at most two parts separated by '-'",
                go_quote(fragment)
            ));
        }
        let number = |part: &str| -> Result<i64, String> {
            let x = go_atoi(part)
                .ok_or_else(|| format!("cannot convert string to integer for index: {}", go_quote(part)))?;
            if x >= completions {
                return Err(format!("too large index: {}", go_quote(part)));
            }
            Ok(x)
        };
        let x = number(limits[0])?;
        let y = match limits.get(1) {
            Some(part) => {
                let y = number(part)?;
                if x >= y {
                    return Err(format!("non-increasing order, previous: {x}, current: {y}"));
                }
                y
            }
            None => x,
        };
        if let Some(prev) = last {
            if prev >= x {
                return Err(format!("non-increasing order, previous: {prev}, current: {x}"));
            }
        }
        total = total.saturating_add(y.saturating_sub(x).saturating_add(1));
        last = Some(y);
        out.push((x, y));
    }
    Ok((out, total))
}
