//! Fuzzes the whole engine as the CLI and the playground call it: bytes read as lossy UTF-8 (as the
//! CLI reads files), parsed, linted and simulated, the Scenario document included, then the report
//! rendered as JSON and as the text timeline.
//!
//! The input is the manifest stream; when it holds a NUL byte, what follows the first one is given
//! as a separate scenario (CLI `--scenario FILE`, the playground's scenario panel).
//!
//! Besides "no panic" (overflow checks are on: `make fuzz` builds with debug assertions), it checks
//! what every report must satisfy (contract.md §2): each operation's events are ordered by time, a
//! completed operation has `finishedAt` and a Running one has none, and the report is JSON.
//! A run that takes more than libFuzzer's `-timeout` is a finding too: the engine's limits
//! (README, "Limits") must keep every input cheap.

#![no_main]

use hooksim_engine::{lint, simulate, text, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (stream, scenario) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let input = String::from_utf8_lossy(stream);
    let mut options = Options::default();
    options.scenario = scenario.map(|s| String::from_utf8_lossy(s).into_owned());

    let report = simulate(&input, &options);
    for op in &report.operations {
        assert!(op.events.windows(2).all(|w| w[0].t <= w[1].t), "events out of order");
        match op.phase.as_str() {
            "Running" => assert!(op.finished_at.is_none(), "a Running operation with finishedAt"),
            "Succeeded" | "Failed" | "Error" => {
                assert!(op.finished_at.is_some(), "a completed operation without finishedAt")
            }
            other => panic!("unknown operation phase {other:?}"),
        }
    }
    let json = serde_json::to_string(&report).expect("the report serializes");
    assert!(json.starts_with("{\"schemaVersion\":1"));
    let _ = text::render(&report);

    let diagnostics = lint(&input, &options);
    assert!(diagnostics.iter().all(|d| !d.code.as_str().is_empty() && !d.message.is_empty()));
});
