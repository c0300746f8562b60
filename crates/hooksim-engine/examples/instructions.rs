//! One run of YAML parsing or of the whole simulation of the benchmark's generated application,
//! for an instruction count that does not depend on the machine's load: `make
//! bench-instructions` runs it under `valgrind --tool=callgrind` and prints simulate ÷ parse
//! (issue 11: at most 2 at 1,000 manifests). Arguments: `parse|simulate|none [MANIFESTS]`.

#[path = "../benches/apps/mod.rs"]
#[allow(dead_code)]
mod apps;

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_default();
    let n = args.next().and_then(|s| s.parse().ok()).unwrap_or(1_000);
    let input = apps::application(n);
    match what.as_str() {
        "parse" => drop(std::hint::black_box(hooksim_engine::yaml::parse_stream(&input))),
        "simulate" => drop(std::hint::black_box(hooksim_engine::simulate(&input, &Default::default()))),
        // The generator alone, subtracted from both.
        _ => drop(std::hint::black_box(input)),
    }
}
