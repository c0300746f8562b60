//! Deterministic pod names: Kubernetes' random name suffixes, made reproducible (J23).

use super::index::indexed_pod_prefix;

/// The alphabet of Kubernetes' random name suffixes (`k8s.io/apimachinery/pkg/util/rand`).
pub(crate) const NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// The deterministic name of the `index`-th pod (1-based, creation order) of Job `job_name`:
/// `<job name>-<5 characters>` drawn from Kubernetes' suffix alphabet. The same input always gives
/// the same name (FNV-1a over the Job name and the index, then a splitmix64 finalizer).
pub fn pod_name(job_name: &str, index: u64) -> String {
    pod_name_salted(job_name, index, 0)
}

pub(crate) fn pod_name_salted(job_name: &str, index: u64, salt: u64) -> String {
    format!("{job_name}-{}", name_suffix(job_name, index, salt))
}

/// J23: the deterministic name of the `k`-th pod (1-based) of index `index` of an Indexed Job:
/// `<job name>-<index>-<5 characters>` (see [`pod_name`]).
pub fn indexed_pod_name(job_name: &str, index: i64, k: u64) -> String {
    let prefix = indexed_pod_prefix(job_name, index);
    format!("{prefix}{}", name_suffix(&prefix, k, 0))
}

/// Five characters of Kubernetes' suffix alphabet, a hash of `seed`, `index` and `salt`.
pub(crate) fn name_suffix(seed: &str, index: u64, salt: u64) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes().chain([0xffu8]).chain(index.to_le_bytes()).chain(salt.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // splitmix64 finalizer, for well spread digits.
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    let mut suffix = String::with_capacity(5);
    let base = NAME_ALPHABET.len() as u64;
    for _ in 0..5 {
        suffix.push(char::from(NAME_ALPHABET[(h % base) as usize]));
        h /= base;
    }
    suffix
}
