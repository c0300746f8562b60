//! The lessons (issue 13, `web/lessons/`): every lesson file is read, and every step is run
//! through the engine. A predict step's right answer must hold on the report of its starting
//! input and every wrong answer must not (a number question's expectation must fail for the
//! numbers next to the answer); a do step's goal must fail on its starting input and hold on its
//! reference solution. Goals are `hooksim test` expectations (`hooksim_engine::expect`): an entry
//! it cannot read (a typo in a key or an event type) makes the lesson fail to read. Every rule id a
//! lesson cites must be in the rule book (docs/rules/).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hooksim_engine::expect::{Check, Expectations};
use hooksim_engine::lesson::{self, StepKind};
use hooksim_engine::{Options, Report, Severity};
use libtest_mimic::{Arguments, Failed, Trial};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(input: &str) -> Result<Report, Failed> {
    let report = hooksim_engine::simulate(input, &Options::default());
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    if !errors.is_empty() {
        return Err(format!("the input has errors: {errors:?}").into());
    }
    Ok(report)
}

/// `exp` with every second and pod count equal to `n` replaced by `to`.
fn replaced(exp: &Expectations, n: i64, to: i64) -> Expectations {
    let mut out = exp.clone();
    let swap = |t: &mut Option<i64>| {
        if *t == Some(n) {
            *t = Some(to)
        }
    };
    for item in &mut out.items {
        match &mut item.check {
            Check::Event { at, by, after, .. } => {
                swap(at);
                swap(by);
                swap(after);
            }
            Check::PodAttempts { count, .. } if i64::from(*count) == n => *count = to as u32,
            _ => {}
        }
    }
    out
}

fn rule_ids() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for f in ["argocd-sync.md", "argocd-app.md", "k8s-job.md"] {
        let text = std::fs::read_to_string(repo().join("docs/rules").join(f)).expect("rule book");
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("### ") {
                ids.insert(rest.split_whitespace().next().unwrap_or("").to_string());
            }
        }
    }
    ids
}

fn step_trial(file: &str, l: &lesson::Lesson, i: usize) -> Result<(), Failed> {
    let step = &l.steps[i];
    let start = run(&step.input)?;
    match &step.kind {
        StepKind::Predict(p) => {
            for c in &p.choices {
                let holds = lesson::check(&start, &c.expect);
                match (c.right, holds) {
                    (true, Err(why)) => {
                        return Err(format!("{file}: the right answer {:?} does not hold: {why:?}", c.text).into())
                    }
                    (false, Ok(())) => return Err(format!("{file}: the wrong answer {:?} holds", c.text).into()),
                    _ => {}
                }
            }
            if let (Some(n), Some(e)) = (p.answer, &p.expect) {
                if let Err(why) = lesson::check(&start, e) {
                    return Err(format!("{file}: the answer {n} does not hold: {why:?}").into());
                }
                for other in [n - 1, n + 1] {
                    if lesson::check(&start, &replaced(e, n, other)).is_ok() {
                        return Err(
                            format!("{file}: the expectation also holds for {other}: it does not pin {n}").into()
                        );
                    }
                }
            }
        }
        StepKind::Do(g) => {
            if lesson::check(&start, &g.expect).is_ok() {
                return Err(format!("{file}: the goal {:?} is already reached by the starting input", g.goal).into());
            }
            let solved = run(&g.solution)?;
            if let Err(why) = lesson::check(&solved, &g.expect) {
                return Err(format!("{file}: the solution does not reach the goal: {why:?}").into());
            }
        }
    }
    Ok(())
}

fn main() {
    let args = Arguments::from_args();
    let dir = repo().join("web/lessons");
    let index_text = std::fs::read_to_string(dir.join("index.txt")).expect("web/lessons/index.txt");
    let files: Vec<String> = lesson::index(&index_text).into_iter().map(str::to_string).collect();
    let mut trials = Vec::new();
    {
        let files = files.clone();
        let dir = dir.clone();
        trials.push(Trial::test("the index lists every lesson file, at least 12", move || {
            let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
                .map_err(|e| e.to_string())?
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(".yaml"))
                .collect();
            on_disk.sort();
            let mut listed = files.clone();
            listed.sort();
            if on_disk != listed {
                return Err(format!("index.txt lists {listed:?}, the folder has {on_disk:?}").into());
            }
            if files.len() < 12 {
                return Err(format!("{} lessons, issue 13 asks for at least 12", files.len()).into());
            }
            Ok(())
        }));
    }
    let rules = rule_ids();
    for file in files {
        let source = std::fs::read_to_string(dir.join(&file)).unwrap_or_default();
        let parsed = lesson::parse(&source);
        let l = match parsed {
            Ok(l) => l,
            Err(e) => {
                trials.push(Trial::test(format!("{file}: reads"), move || Err(e.clone().into())));
                continue;
            }
        };
        {
            let (file, l, rules) = (file.clone(), l.clone(), rules.clone());
            trials.push(Trial::test(format!("{file}: its name, its rule ids"), move || {
                if lesson::id_of_file(&file) != l.id {
                    return Err(format!("the file of lesson {:?} is NN-{}.yaml", l.id, l.id).into());
                }
                let mut all = l.text.clone();
                for s in &l.steps {
                    match &s.kind {
                        StepKind::Predict(p) => {
                            all.push_str(&p.explain);
                            all.push_str(&p.wrong);
                            p.choices.iter().for_each(|c| all.push_str(&c.explain));
                        }
                        StepKind::Do(g) => all.push_str(&g.hint),
                    }
                }
                let cited = lesson::cited_rules(&all);
                if cited.is_empty() {
                    return Err("a lesson cites the rules it teaches".into());
                }
                let unknown: Vec<_> = cited.iter().filter(|id| !rules.contains(*id)).collect();
                if !unknown.is_empty() {
                    return Err(format!("not in docs/rules/: {unknown:?}").into());
                }
                Ok(())
            }));
        }
        for i in 0..l.steps.len() {
            let (file, l) = (file.clone(), l.clone());
            let kind = if matches!(l.steps[i].kind, StepKind::Predict(_)) { "predict" } else { "do" };
            trials.push(Trial::test(format!("{file}: step {} ({kind})", i + 1), move || step_trial(&file, &l, i)));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
