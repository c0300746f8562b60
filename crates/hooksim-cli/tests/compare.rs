//! `hooksim diff A B` and `hooksim simulate … --compare KEY=VALUE`: the changed events as text and
//! JSON, and the exit status a CI job reads (1: they differ, 0: equal, 2: bad arguments).

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

mod common;
use common::hooksim as run;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/examples").join(name)
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// J35/R39: the 2.14 → 3.0 TTL race, as `--compare`: text, then JSON, exit status 1.
#[test]
fn j35_compare_argocd_version_shows_the_ttl_race() {
    let ttl = example("ttl-zero-hook-stuck-on-argocd-2-14.yaml");
    let ttl = ttl.to_str().unwrap();
    let o = run(&["simulate", ttl, "--compare", "argocdVersion=3.0"], None);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let t = text(&o);
    assert!(t.contains("B: argocdVersion=3.0"), "{t}");
    assert!(t.contains("phase    A: Running (not finished)"), "{t}");
    assert!(t.contains("B: Succeeded at 6s"), "{t}");
    assert!(t.contains("only B        -     6s  Sync/0          Deployment/ledger"), "{t}");
    assert!(t.contains("Left in the cluster\n  only B   Deployment/ledger"), "{t}");

    let o = run(&["simulate", ttl, "--compare=argocdVersion=3.0", "--format", "json"], None);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["equal"], false);
    assert_eq!(v["operations"][0]["a"]["phase"], "Running");
    assert_eq!(v["operations"][0]["b"]["phase"], "Succeeded");
    assert_eq!(v["remaining"]["onlyB"][0], "Deployment/ledger");
    let events = v["operations"][0]["events"].as_array().unwrap();
    assert!(events.iter().any(|e| e["change"] == "onlyB" && e["event"]["type"] == "Applied" && e["bT"] == 6));
}

/// The same input twice, and a setting that changes nothing: exit status 0.
#[test]
fn equal_variants_exit_0() {
    let p = example("presync-postsync.yaml");
    let p = p.to_str().unwrap();
    let o = run(&["diff", p, p], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o).contains("No difference"));
    // The default Argo CD version is 3.4: comparing with it changes nothing.
    let o = run(&["simulate", p, "--compare", "argocdVersion=3.4", "--format", "json"], None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["equal"], true);
    assert_eq!(v["differences"], 0);
}

/// J10: two inputs, the second with a slower pod: the same events, moved.
#[test]
fn j10_diff_of_two_files_shows_moved_events() {
    let dir = std::env::temp_dir().join(format!("hooksim-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = std::fs::read_to_string(example("presync-postsync.yaml")).unwrap();
    let b = a.replacen("kind: Scenario\n", "kind: Scenario\nsettings: {podSeconds: 9}\n", 1);
    assert_ne!(a, b, "the example has a Scenario");
    std::fs::write(dir.join("a.yaml"), &a).unwrap();
    std::fs::write(dir.join("b.yaml"), &b).unwrap();
    let (pa, pb) = (dir.join("a.yaml"), dir.join("b.yaml"));
    let o = run(&["diff", pa.to_str().unwrap(), pb.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(t.contains("  moved "), "{t}");
    assert!(!t.contains("only A") && !t.contains("only B"), "{t}");
    // Standard input is read once and simulated twice.
    let o = run(&["simulate", "-", "--compare", "podSeconds=9"], Some(&a));
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("  moved "));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_comparisons_exit_2() {
    let p = example("presync-postsync.yaml");
    let p = p.to_str().unwrap();
    for args in [
        vec!["diff", p],
        vec!["diff", p, p, p],
        vec!["simulate", p, "--compare", "argocdVersion"],
        vec!["simulate", p, "--compare"],
        vec!["diff", p, p, "--compare", "a=1"],
        vec!["simulate", p, "--compare", "a=1", "--fail-on-failure"],
    ] {
        let o = run(&args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!o.stderr.is_empty(), "{args:?}");
    }
}
