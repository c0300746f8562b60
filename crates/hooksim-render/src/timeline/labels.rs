//! Row labels that fit the label column and still tell the rows apart (issue 12 #13).
//!
//! A long label keeps its start (the kind and the start of the name) and, after an ellipsis, the
//! part where it differs from the most similar other label: two generated hook names of one
//! Job (`presync-jobab12cd-presync-1700000000`, `presync-jobab99zz-presync-1700000000`) differ in
//! the middle, while two operations' hooks differ at the end (`…-1700000060`).

/// Each label shortened to `max` characters at most, in the same order.
pub(super) fn short_labels(labels: &[String], max: usize) -> Vec<String> {
    let chars: Vec<Vec<char>> = labels.iter().map(|l| l.chars().collect()).collect();
    chars.iter().enumerate().map(|(i, l)| shorten(l, &chars, i, max)).collect()
}

/// Where `a` starts to differ from `b`, from the start and from the end (the lengths of the
/// common prefix and suffix).
fn common(a: &[char], b: &[char]) -> (usize, usize) {
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let s = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    (p, s.min(a.len() - p).min(b.len() - p))
}

fn shorten(l: &[char], all: &[Vec<char>], me: usize, max: usize) -> String {
    if l.len() <= max || max < 8 {
        return l.iter().collect();
    }
    // The most similar other label: the longest common prefix (then suffix).
    let (p, s) =
        all.iter().enumerate().filter(|&(j, o)| j != me && o != l).map(|(_, o)| common(l, o)).max().unwrap_or((0, 0));
    let head = (max * 2 / 5).max(4);
    let window = max - head - 1;
    // The differing part [p, len - s) starts at p; the old rule (head … tail) shows it when it
    // reaches into the tail window.
    let diff_end = l.len() - s;
    let out = if p < head || diff_end > l.len() - window {
        // Visible in the head, or in the tail: head … tail.
        let tail = max - head - 1;
        let mut o: String = l[..head].iter().collect();
        o.push('…');
        o.extend(&l[l.len() - tail..]);
        o
    } else {
        // In the middle: head … the differing part and what follows, … when cut.
        let start = p.saturating_sub(2).max(head);
        let len = window - 1;
        let mut o: String = l[..head].iter().collect();
        o.push('…');
        o.extend(&l[start..(start + len).min(l.len())]);
        if start + len < l.len() {
            o.push('…');
        }
        o
    };
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn short_labels_stay_as_they_are() {
        assert_eq!(short_labels(&s(&["Job/a", "Deployment/web"]), 26), s(&["Job/a", "Deployment/web"]));
    }

    #[test]
    fn labels_that_differ_in_the_middle_keep_the_middle() {
        let labels = s(&["Job/presync-jobab12cd-presync-1700000000", "Job/presync-jobab99zz-presync-1700000000"]);
        let out = short_labels(&labels, 26);
        assert_ne!(out[0], out[1], "{out:?}");
        assert!(out.iter().all(|o| o.chars().count() <= 26), "{out:?}");
        assert!(out[0].contains("12cd") && out[1].contains("99zz"), "{out:?}");
        assert!(out[0].starts_with("Job/presyn"), "{out:?}");
    }

    #[test]
    fn labels_that_differ_at_the_end_keep_the_end() {
        let labels =
            s(&["Job/cache-warmup-abc1234-postsync-1700000000", "Job/cache-warmup-abc1234-postsync-1700000060"]);
        let out = short_labels(&labels, 26);
        assert!(out[0].ends_with("1700000000") && out[1].ends_with("1700000060"), "{out:?}");
        assert!(out.iter().all(|o| o.chars().count() <= 26), "{out:?}");
    }

    #[test]
    fn a_label_alone_is_cut_in_the_middle() {
        let out = short_labels(&s(&["Job/smoke-test-abc1234-postsync-1700000000"]), 26);
        assert_eq!(out[0].chars().count(), 26);
        assert!(out[0].contains('…'));
    }
}
