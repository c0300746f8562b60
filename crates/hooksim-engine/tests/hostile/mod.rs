//! Hostile inputs of issue 16 (items 1–6 and 10), built by code: shared by the bad-input catalogue
//! (`tests/bad_inputs.rs`, which checks what they give and how long they take) and by `make bench`
//! (`benches/simulate.rs`, the `limits/...` group), so that a regression shows as a number.

use std::fmt::Write as _;

const GOOD: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\n";

fn config_map(name: &str) -> String {
    format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n")
}

fn scenario(body: &str) -> String {
    format!("apiVersion: hooksim/v1\nkind: Scenario\n{body}")
}

fn join(docs: &[String]) -> String {
    docs.join("---\n")
}

/// A case: its name and what builds its input.
pub type Case = (&'static str, fn() -> String);

/// Every case.
#[allow(dead_code)] // the benchmarks take them all; the catalogue names each one
pub fn all() -> Vec<Case> {
    vec![
        ("merge-keys-repeated-over-a-big-mapping", merge_keys_repeated_over_a_big_mapping),
        ("merge-of-integer-keys", merge_of_integer_keys),
        ("alias-bombs-in-every-document", alias_bombs_in_every_document),
        ("scenario-lookalikes-past-the-document-limit", scenario_lookalikes_past_the_document_limit),
        ("overlapping-indexes-keys", overlapping_indexes_keys),
        ("a-list-of-100000-items-without-apiversion", a_list_of_100000_items_without_apiversion),
        ("ten-thousand-operations", ten_thousand_operations),
        ("thirty-thousand-pods-ending-together", thirty_thousand_pods_ending_together),
    ]
}

/// 100,000 data keys, then 1,000 `<<: {}` lines: each merge rebuilt a set of every key.
pub fn merge_keys_repeated_over_a_big_mapping() -> String {
    let mut s = config_map("merged") + "data:\n";
    for i in 0..100_000 {
        let _ = writeln!(s, "  k{i}: v");
    }
    s.push_str(&"  <<: {}\n".repeat(1_000));
    join(&[s, GOOD.to_string()])
}

/// 40,000 integer keys and a merge of 40,000 more: integer keys were compared with
/// every key of the mapping.
pub fn merge_of_integer_keys() -> String {
    let mut s = config_map("ints") + "base: &b\n";
    for i in 40_000..80_000 {
        let _ = writeln!(s, "  {i}: x");
    }
    s.push_str("data:\n");
    for i in 0..40_000 {
        let _ = writeln!(s, "  {i}: x");
    }
    s.push_str("  <<: *b\n");
    join(&[s, GOOD.to_string()])
}

/// 5,000 small documents, each an alias bomb stopped at 100,000 copies: the documents
/// left out for an error count against the stream's budget of values parsed.
pub fn alias_bombs_in_every_document() -> String {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, p) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d")] {
        let _ = writeln!(bomb, "{name}: &{name} [{}]", vec![format!("*{p}"); 10].join(", "));
    }
    let mut docs = vec![GOOD.to_string()];
    docs.extend(std::iter::repeat_n(bomb, 5_000));
    join(&docs)
}

/// 5,000 tiny documents, then 8,000 that mention hooksim/v1 and Scenario and copy
/// 90,000 values by alias each, then the real Scenario: looking for it past the limit
/// is charged to the stream's budget, so the search stops early.
pub fn scenario_lookalikes_past_the_document_limit() -> String {
    let mut docs: Vec<String> =
        (0..5_000).map(|i| format!("{{apiVersion: v1, kind: ConfigMap, metadata: {{name: c{i}}}}}\n")).collect();
    let mut lookalike = String::from("# hooksim/v1 Scenario\na: &a [x, x, x, x, x, x, x, x, x]\n");
    for (name, p) in [("b", "a"), ("c", "b"), ("d", "c")] {
        let _ = writeln!(lookalike, "{name}: &{name} [{}]", vec![format!("*{p}"); 10].join(", "));
    }
    lookalike.push_str("e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n");
    docs.extend(std::iter::repeat_n(lookalike, 8_000));
    docs.push(scenario("outcomes: {}\n"));
    join(&docs)
}

/// 50,000 single-index keys and 50,000 ranges that each overlap all of them.
pub fn overlapping_indexes_keys() -> String {
    let mut s = String::from("outcomes:\n  Job/x:\n    attempts: [succeed]\n    indexes:\n");
    for i in 0..50_000 {
        let _ = writeln!(s, "      \"{}\": [fail]", 2 * i);
    }
    for i in 0..50_000 {
        let _ = writeln!(s, "      \"0-{}\": [fail]", 100_000 + i);
    }
    join(&[GOOD.to_string(), scenario(&s)])
}

/// 100,000 diagnostics before they were capped: the embed built 43 MB of HTML.
pub fn a_list_of_100000_items_without_apiversion() -> String {
    let mut s = String::from("apiVersion: v1\nkind: List\nitems:\n");
    for i in 0..100_000 {
        let _ = writeln!(s, "  - {{kind: C, metadata: {{name: c{i}}}}}");
    }
    join(&[GOOD.to_string(), s])
}

/// 10,000 operations, one every 5 s: those after the horizon (3600 s) are named
/// (they vanished from the report before).
pub fn ten_thousand_operations() -> String {
    let ops: String = (0..10_000).map(|i| format!("  - {{type: sync, at: {}}}\n", 5 * i)).collect();
    join(&[GOOD.to_string(), scenario(&format!("operations:\n{ops}"))])
}

/// Found by `make fuzz`: two Jobs of 15,000 parallel pods (the second with 30,000 completions);
/// 15,000 pods ending at once made 15,000 syncs that each looked through every open pod.
pub fn thirty_thousand_pods_ending_together() -> String {
    let job = |name: &str, completions: u32| {
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\n  annotations:\n    argocd.argoproj.io/hook: PostSync\nspec:\n  completions: {completions}\n  parallelism: 15000\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{{name: k6, image: grafana/k6}}]\n"
        )
    };
    join(&[job("load-test-eu", 15_000), job("load-test-us", 30_000)])
}
