//! Stable sorting with one copy of the sort in the binary.
//!
//! The standard library's stable sort is generic: every element type and comparison gets its own
//! copy of driftsort (about 4.5 KB of wasm each), and the engine, the renderer and the playground
//! sort a dozen kinds of things. Here the sort itself runs on indices through a `dyn` comparison,
//! so the binary holds it once; what is generic is a small permutation. Same result as
//! `slice::sort_by`: stable, deterministic.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, keeping the order of equal elements (as `slice::sort_by`).
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut order, &|a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// Sorts `v` by the key `f` (as `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], f: impl Fn(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// Sorts `v` (as `slice::sort`).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The one copy of the sort: a bottom-up merge sort, stable and O(n log n). Written out rather
/// than `slice::sort_by`, whose driftsort (with its quicksort and small sorts) is about 4 KB of
/// wasm even in one copy, against a few hundred bytes here (the playground's size budget,
/// docs/playground.md "Size"). The property test below holds it to the standard sort's order.
#[inline(never)]
fn sort_indices(order: &mut Vec<usize>, cmp: &dyn Fn(usize, usize) -> Ordering) {
    let n = order.len();
    let mut from = std::mem::take(order);
    let mut to = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut a, mut b) = (start, mid);
            for slot in &mut to[start..end] {
                // The left run wins ties: equal elements keep their order.
                let take_b = b < end && (a == mid || cmp(from[b], from[a]) == Ordering::Less);
                if take_b {
                    *slot = from[b];
                    b += 1;
                } else {
                    *slot = from[a];
                    a += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    *order = from;
}

/// Puts `v[order[i]]` at `i`, in place, by following the permutation's cycles.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for i in 0..order.len() {
        if order[i] == DONE {
            continue;
        }
        let mut j = i;
        loop {
            let k = order[j];
            order[j] = DONE;
            if k == i {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard library's stable sort, ties included.
        #[test]
        fn same_as_std_stable_sort(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            sort_by_key(&mut ours, |x| x.0);
            let mut std = v.clone();
            std.sort_by_key(|x| x.0);
            prop_assert_eq!(ours, std);
            let mut ours = v.clone();
            sort(&mut ours);
            let mut std = v;
            std.sort();
            prop_assert_eq!(ours, std);
        }
    }
}
