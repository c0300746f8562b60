//! J23: the index intervals that the keys of an Indexed Job's `indexes` outcome have claimed, and
//! the first claim a new interval overlaps, in logarithmic time however many claims it overlaps
//! (50,000 ranges that each overlap 50,000 single indexes took a minute: issue 16, item 5).
//!
//! Claims are disjoint intervals. The claims that overlap `[c, d]` are the one that starts
//! before `c` and reaches it (at most one, since they are disjoint) and those that start within
//! `[c, d]`; the first of those by rank is found with a minimum tree over every start that may
//! be claimed, known beforehand.

use std::collections::BTreeMap;

/// A claim's rank: the earlier key first, then the earlier interval of that key.
pub type Rank = (usize, usize);

const NONE: (Rank, usize) = ((usize::MAX, usize::MAX), usize::MAX);

pub struct Claims {
    /// Every start that may be claimed, sorted and without repeats.
    starts: Vec<i64>,
    /// Claimed intervals by start: (end, rank).
    by_start: BTreeMap<i64, (i64, Rank)>,
    /// Minimum tree over `starts`: (rank, place in `starts`) of the claim at each start.
    tree: Vec<(Rank, usize)>,
    size: usize,
}

impl Claims {
    /// `starts`: the first index of every interval that may be claimed later.
    pub fn new(mut starts: Vec<i64>) -> Claims {
        crate::common::sort::sort_by_key(&mut starts, |s| *s);
        starts.dedup();
        let size = starts.len().next_power_of_two().max(1);
        Claims { starts, by_start: BTreeMap::new(), tree: vec![NONE; 2 * size], size }
    }

    /// Claims `[start, end]` (which must not overlap a claim, and whose start was given to
    /// [`Claims::new`]).
    pub fn claim(&mut self, start: i64, end: i64, rank: Rank) {
        self.by_start.insert(start, (end, rank));
        let Ok(place) = self.starts.binary_search(&start) else { return };
        let mut i = place + self.size;
        self.tree[i] = (rank, place);
        while i > 1 {
            i /= 2;
            self.tree[i] = self.tree[2 * i].min(self.tree[2 * i + 1]);
        }
    }

    /// The first claim (by rank) that overlaps `[c, d]`, with its start.
    pub fn first_overlap(&self, c: i64, d: i64) -> Option<(Rank, i64)> {
        let before = self.by_start.range(..c).next_back().filter(|(_, &(end, _))| end >= c);
        let mut best = before.map(|(&a, &(_, rank))| (rank, a));
        let (mut lo, mut hi) = (self.starts.partition_point(|&s| s < c), self.starts.partition_point(|&s| s <= d));
        let mut min = NONE;
        lo += self.size;
        hi += self.size;
        while lo < hi {
            if lo % 2 == 1 {
                min = min.min(self.tree[lo]);
                lo += 1;
            }
            if hi % 2 == 1 {
                hi -= 1;
                min = min.min(self.tree[hi]);
            }
            lo /= 2;
            hi /= 2;
        }
        if min != NONE {
            let within = (min.0, self.starts[min.1]);
            best = Some(best.map_or(within, |b| b.min(within)));
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_claim_by_rank() {
        let mut c = Claims::new(vec![0, 2, 5, 9, 20]);
        c.claim(5, 7, (0, 0));
        c.claim(2, 3, (1, 0));
        c.claim(9, 12, (1, 1));
        assert_eq!(c.first_overlap(0, 1), None);
        assert_eq!(c.first_overlap(3, 10), Some(((0, 0), 5)));
        assert_eq!(c.first_overlap(8, 30), Some(((1, 1), 9)));
        assert_eq!(c.first_overlap(11, 11), Some(((1, 1), 9)));
        assert_eq!(c.first_overlap(13, 19), None);
    }
}
