//! The simulator's one priority queue (as nexosim's `util/priority_queue`): happenings ordered by
//! virtual time, then by a class the scheduler chooses (`()` when it has none), then by insertion,
//! so equal keys come out first in, first out and every run is deterministic. The world's queue
//! and the Job controller's use it.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::common::time::Time;

/// A min-queue of `(time, class, insertion, happening)`.
#[derive(Debug, Clone)]
pub struct Queue<C, E> {
    heap: BinaryHeap<Reverse<(Time, C, u64, E)>>,
    seq: u64,
}

impl<C: Ord, E: Ord> Default for Queue<C, E> {
    fn default() -> Self {
        Queue { heap: BinaryHeap::new(), seq: 0 }
    }
}

impl<C: Ord, E: Ord> Queue<C, E> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Schedules `e` at `t`; among happenings at the same time and class, later pushes come out
    /// later.
    pub fn push(&mut self, t: Time, class: C, e: E) {
        self.seq += 1;
        self.heap.push(Reverse((t, class, self.seq, e)));
    }

    /// The insertion number the next push takes.
    pub fn next_seq(&self) -> u64 {
        self.seq + 1
    }

    /// Takes an insertion number without pushing anything (a key for happenings pushed later
    /// that must sort as if pushed now).
    pub fn reserve(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// The next happening and its time, without removing it.
    pub fn peek(&self) -> Option<(Time, &E)> {
        self.heap.peek().map(|Reverse((t, _, _, e))| (*t, e))
    }

    /// Removes and returns the next happening and its time.
    pub fn pop(&mut self) -> Option<(Time, E)> {
        self.heap.pop().map(|Reverse((t, _, _, e))| (t, e))
    }

    /// The time of the next happening.
    pub fn next_time(&self) -> Option<Time> {
        self.peek().map(|(t, _)| t)
    }

    /// Empties the queue (its allocation is kept for the next user).
    pub fn clear(&mut self) {
        self.heap.clear();
        self.seq = 0;
    }

    /// Keeps only the happenings for which `keep` is true (their order is unchanged).
    pub fn retain(&mut self, mut keep: impl FnMut(&E) -> bool) {
        self.heap.retain(|Reverse((_, _, _, e))| keep(e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_then_class_then_insertion() {
        let mut q = Queue::new();
        q.push(5, 1u8, 'a');
        q.push(5, 0u8, 'z');
        q.push(3, 9u8, 'y');
        q.push(5, 0u8, 'b');
        assert_eq!(q.next_time(), Some(3));
        let order: Vec<(Time, char)> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(order, vec![(3, 'y'), (5, 'z'), (5, 'b'), (5, 'a')]);
    }
}
