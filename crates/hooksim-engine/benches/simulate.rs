//! How the engine's cost grows with the size of an application, and how much of it is YAML.
//!
//! Generated applications of 10, 100, 1,000 and 5,000 manifests: a tenth of them hook Jobs spread
//! over PreSync, Sync and PostSync, everything over 20 sync waves, the rest Deployments, Services
//! and ConfigMaps. Two groups, one per measure, with the same sizes:
//!
//! - `parse/N`: YAML parsing alone (`yaml::parse_stream`);
//! - `simulate/N`: the whole simulation (`hooksim_engine::simulate`), parsing included.
//!
//! - `app-of-apps/20x50`: a parent of 20 child Applications with 50 manifests each (1,000 in all),
//!   each child simulated as its own automated sync behind the Application health check.
//!
//! Their ratio at one size is what the simulation adds on top of parsing; the throughput
//! (manifests per second) across sizes shows how the cost grows. Run with `make bench` or
//! `cargo bench -p hooksim-engine`; add `-- simulate/1000` to run one case.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput};
use hooksim_engine::{simulate, yaml, Options};

mod apps;
use apps::{app_of_apps, application};

#[path = "../tests/hostile/mod.rs"]
mod hostile;

const SIZES: [usize; 4] = [10, 100, 1_000, 5_000];

/// Fewer samples for the big inputs, so that `cargo bench` stays within a few minutes on 2 cores.
fn tune(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, n: usize) {
    // simulate/5000 takes about a second per run today: 10 runs need more than 10 s.
    let (samples, seconds) = if n >= 5_000 {
        (10, 12)
    } else if n >= 1_000 {
        (15, 5)
    } else {
        (30, 3)
    };
    group.sample_size(samples).measurement_time(Duration::from_secs(seconds));
    group.sampling_mode(if n >= 1_000 { SamplingMode::Flat } else { SamplingMode::Auto });
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.warm_up_time(Duration::from_secs(1));
    for n in SIZES {
        let input = application(n);
        tune(&mut group, n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &input, |b, input| {
            b.iter(|| yaml::parse_stream(black_box(input)))
        });
    }
    group.finish();
}

fn simulation(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulate");
    group.warm_up_time(Duration::from_secs(1));
    let options = Options::default();
    for n in SIZES {
        let input = application(n);
        // The input must simulate for real: no diagnostics but warnings, and one operation that
        // ran to the end (otherwise the benchmark would measure an early exit).
        let report = simulate(&input, &options);
        assert!(
            report.operations.len() == 1 && report.operations[0].phase == "Succeeded",
            "generated application of {n} manifests did not sync: {:?}",
            report.operations.first().map(|o| (&o.phase, &o.message))
        );
        tune(&mut group, n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &input, |b, input| {
            b.iter(|| simulate(black_box(input), &options))
        });
    }
    group.finish();
}

fn app_of_apps_bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("app-of-apps");
    group.warm_up_time(Duration::from_secs(1));
    let options = Options::default();
    let input = app_of_apps(20, 50);
    let report = simulate(&input, &options);
    let synced = report.child_applications.iter().filter(|c| c.operations.iter().any(|o| o.phase == "Succeeded"));
    assert!(
        report.operations.len() == 1 && report.operations[0].phase == "Succeeded" && synced.count() == 20,
        "the generated app-of-apps did not sync: {:?}",
        report.operations.first().map(|o| (&o.phase, &o.message))
    );
    tune(&mut group, 1_000);
    group.throughput(Throughput::Elements(1_000));
    group.bench_with_input(BenchmarkId::from_parameter("20x50"), &input, |b, input| {
        b.iter(|| simulate(black_box(input), &options))
    });
    group.finish();
}

/// The worst cases of the limits (README, "Limits"): the cost stays bounded whatever the input.
///
/// - `limits/documents/5000` and `limits/documents/10000`: the generated application at the
///   document limit and at twice it; the second is cut at 5,000 documents (`limit-exceeded`), so
///   it costs about what the first does;
/// - `limits/huge-backoff-limit`: a hook Job with `backoffLimit: 2147483647` whose pods always
///   fail, over the longest horizon (30 days): the 600 s backoff cap spaces its 4,000-odd attempts;
/// - `limits/huge-completions`: `completions` and `parallelism` of 2147483647: stops at the
///   50,000-event limit;
/// - `limits/alias-bomb`: the billion laughs (10^10 values if expanded), refused at 100,000;
/// - `limits/hostile/...`: the inputs of issue 16 that took 9 to 85 s before they were bounded
///   (`tests/hostile`: repeated merge keys, merged integer keys, alias bombs in every document,
///   Scenario look-alikes past the document limit, overlapping `indexes` keys, 100,000
///   diagnostics, 10,000 operations), and 30,000 pods ending together (a fuzzer's timeout).
fn limits(c: &mut Criterion) {
    let mut group = c.benchmark_group("limits");
    group.warm_up_time(Duration::from_secs(1));
    let options = Options::default();
    let job = |name: &str, spec: &str, scenario: &str| {
        format!(
            "apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
  annotations:
    argocd.argoproj.io/hook: PreSync
spec:
{spec}  template:
    spec:
      restartPolicy: Never
      containers: [{{name: m, image: busybox}}]
---
apiVersion: hooksim/v1
kind: Scenario
{scenario}"
        )
    };
    let mut bomb = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!("  a{i}: &a{i} [{}]\n", vec![format!("*a{p}"); 10].join(", ")));
    }
    let cases: Vec<(&str, String, usize)> = vec![
        ("documents/5000", application(5_000), 5_000),
        ("documents/10000", application(10_000), 10_000),
        (
            "huge-backoff-limit",
            job(
                "retry-forever",
                "  backoffLimit: 2147483647\n",
                "settings: {horizonSeconds: 2592000}\noutcomes:\n  Job/retry-forever: {attempts: [{exitCode: 1, seconds: 0}]}\n",
            ),
            1,
        ),
        ("huge-completions", job("fan-out", "  completions: 2147483647\n  parallelism: 2147483647\n", "settings: {}\n"), 1),
        ("alias-bomb", bomb, 1),
    ];
    let mut cases = cases;
    for (name, input) in hostile::all() {
        cases.push((name, input(), 1_000));
    }
    for (name, input, n) in cases {
        let report = simulate(&input, &options);
        // A limit of the input, not the cap on listed diagnostics (which says "… are not listed"
        // under the same code: 5,000 generated hooks give more than 100 of one warning, and the
        // overlapping `indexes` keys 50,000 scenario-invalid ones, capped but within every limit).
        let limited = report.diagnostics.iter().any(|d| {
            d.code == hooksim_engine::diagnostics::codes::LIMIT_EXCEEDED && !d.message.contains("are not listed")
        });
        let expect_limit = matches!(
            name,
            "documents/10000"
                | "huge-completions"
                | "alias-bomb"
                | "alias-bombs-in-every-document"
                | "scenario-lookalikes-past-the-document-limit"
                | "a-list-of-100000-items-without-apiversion"
                | "thirty-thousand-pods-ending-together"
        );
        assert_eq!(limited, expect_limit, "{name}: limit-exceeded expected: {expect_limit}");
        let name =
            if hostile::all().iter().any(|(h, _)| *h == name) { format!("hostile/{name}") } else { name.to_string() };
        tune(&mut group, n.min(5_000));
        group.bench_with_input(BenchmarkId::from_parameter(name), &input, |b, input| {
            b.iter(|| simulate(black_box(input), &options))
        });
    }
    group.finish();
}

criterion_group!(benches, parse, simulation, app_of_apps_bench, limits);
criterion_main!(benches);
