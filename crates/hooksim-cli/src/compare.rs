//! `hooksim diff A B` and `hooksim simulate … --compare KEY=VALUE`: two variants of one input,
//! simulated and compared (hooksim_engine::compare). Exit status 1 when they differ, 0 when they
//! are equal, so that a CI job can say "this upgrade changes nothing for our hooks".

use std::io::Write;

use hooksim_engine::compare::{self, Comparison};
use hooksim_engine::{Options, Report};

use crate::read::Stream;
use crate::{parse_args, Format};

/// Whether `argv` asks for a comparison (this module's commands).
pub fn wants(argv: &[String]) -> bool {
    match argv.first().map(String::as_str) {
        Some("diff") => true,
        Some("simulate") => argv.iter().any(|a| a == "--compare" || a.starts_with("--compare")),
        _ => false,
    }
}

/// Reads paths as one stream.
fn read(paths: &[String]) -> Result<Stream, (u8, String)> {
    let mut stream = Stream::default();
    for p in paths {
        stream.add(p).map_err(|e| (2, e))?;
    }
    Ok(stream)
}

/// Simulates a stream read once, with a scenario file (read here) and `--set`s.
fn simulate(stream: &Stream, scenario: Option<&str>, sets: &[(String, String)]) -> Result<Report, (u8, String)> {
    let mut options = Options { sets: sets.to_vec(), input_bytes: stream.total, ..Options::default() };
    if let Some(s) = scenario {
        let sc = read(&[s.to_string()])?;
        options.scenario = Some(sc.text);
        options.scenario_bytes = sc.total;
    }
    Ok(hooksim_engine::simulate(&stream.text, &options))
}

/// `argv` without the comparison's flags, and those: `--compare KEY=VALUE` (repeatable) and
/// `--compare-scenario FILE`.
type Taken = (Vec<String>, Vec<String>, Option<String>);

/// Takes `--compare KEY=VALUE` and `--compare-scenario FILE` out of `argv`.
fn take_compare(argv: &[String]) -> Result<Taken, String> {
    let (mut rest, mut specs, mut scenario) = (Vec::new(), Vec::new(), None);
    let mut it = argv.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| match a.strip_prefix(flag).and_then(|v| v.strip_prefix('=')) {
            Some(v) => Ok(v.to_string()),
            None => it.next().cloned().ok_or(format!("{flag} needs a value")),
        };
        if a == "--compare" || a.starts_with("--compare=") {
            specs.push(value("--compare")?);
        } else if a == "--compare-scenario" || a.starts_with("--compare-scenario=") {
            scenario = Some(value("--compare-scenario")?);
        } else {
            rest.push(a.clone());
        }
    }
    Ok((rest, specs, scenario))
}

/// Runs `diff` or `simulate --compare`.
pub fn run(argv: &[String]) -> Result<u8, (u8, String)> {
    let diff = argv[0] == "diff";
    let (mut rest, specs, b_scenario) = take_compare(argv).map_err(|e| (2, e))?;
    if diff {
        if !specs.is_empty() || b_scenario.is_some() {
            return Err((2, "diff compares two inputs: use simulate --compare for one input with a change".into()));
        }
        rest[0] = "simulate".into();
    } else if specs.is_empty() && b_scenario.is_none() {
        return Err((2, "--compare needs KEY=VALUE, such as argocdVersion=2.14".into()));
    }
    let args = parse_args(&rest).map_err(|e| (2, e))?;
    if args.fail_on_failure {
        return Err((
            2,
            "--fail-on-failure does not go with a comparison (its exit status says whether they differ)".into(),
        ));
    }
    let scenario = args.scenario.as_deref();
    let comparison: Comparison = if diff {
        let [a, b] = args.inputs.as_slice() else {
            return Err((2, format!("diff needs two inputs, A and B, got {}", args.inputs.len())));
        };
        let ra = simulate(&read(std::slice::from_ref(a))?, scenario, &args.sets)?;
        let rb = simulate(&read(std::slice::from_ref(b))?, scenario, &args.sets)?;
        compare::compare(&ra, &rb, a, b)
    } else {
        let inputs = if args.inputs.is_empty() { vec!["-".to_string()] } else { args.inputs.clone() };
        // Read once (standard input too), simulated twice.
        let stream = read(&inputs)?;
        let mut sets_b = args.sets.clone();
        let mut names = Vec::new();
        for spec in &specs {
            sets_b.extend(compare::read_variant(spec).map_err(|e| (2, e))?);
            names.push(spec.clone());
        }
        if let Some(s) = &b_scenario {
            names.push(format!("scenario {s}"));
        }
        let ra = simulate(&stream, scenario, &args.sets)?;
        let rb = simulate(&stream, b_scenario.as_deref().or(scenario), &sets_b)?;
        compare::compare(&ra, &rb, &format!("{} as it is", inputs.join(" ")), &names.join(", "))
    };
    let out = match args.format {
        Format::Json => comparison.to_json() + "\n",
        Format::Text => compare::render(&comparison),
        _ => return Err((2, "a comparison prints text or json (--format text|json)".into())),
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(if comparison.equal { 0 } else { 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn compare_flags_are_taken_out() {
        let (rest, specs, sc) =
            take_compare(&v(&["simulate", "a.yaml", "--compare", "argocdVersion=2.14", "--compare=x=1"])).unwrap();
        assert_eq!(rest, v(&["simulate", "a.yaml"]));
        assert_eq!(specs, v(&["argocdVersion=2.14", "x=1"]));
        assert_eq!(sc, None);
        let (_, _, sc) = take_compare(&v(&["simulate", "--compare-scenario", "s.yaml"])).unwrap();
        assert_eq!(sc.as_deref(), Some("s.yaml"));
        assert!(take_compare(&v(&["simulate", "--compare"])).is_err());
        assert!(wants(&v(&["diff"])) && wants(&v(&["simulate", "--compare=a=1"])) && !wants(&v(&["simulate"])));
    }
}
