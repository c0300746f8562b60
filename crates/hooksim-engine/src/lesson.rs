//! Lessons (issue 13): a lesson file (`web/lessons/NN-<id>.yaml`) read into its text, its
//! starting input and its steps. A step is a question to predict (multiple choice, or a number)
//! or a goal to reach by editing the input, checked on the engine's report by an expectation
//! block (the `expect:` format of `hooksim test`, read and checked by [`crate::expect`]). The
//! playground fetches the files at
//! run time and reads them with this module; `tests/lessons.rs` runs every step. The format is
//! documented for teachers in docs/lessons.md.

use crate::expect::{self, Expectations};
use crate::input::yaml::{self, Node};
use crate::report::Report;

/// One lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// Links as `#lesson/<id>/<step>`; the file is `NN-<id>.yaml`.
    pub id: String,
    pub title: String,
    /// Paragraphs separated by blank lines; rule ids in it (R12, J35, A13) link to the rule book.
    pub text: String,
    /// The manifests (and optional `kind: Scenario`) every step starts from, unless it has its own.
    pub input: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The step's starting input (the lesson's unless the step gives `input:`).
    pub input: String,
    pub kind: StepKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StepKind {
    /// A question answered before the timeline is shown.
    Predict(Predict),
    /// A goal reached by editing the input.
    Do(Goal),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Predict {
    pub question: String,
    /// Multiple choice (empty for a number question).
    pub choices: Vec<Choice>,
    /// A number question: the right number, and the expectation that states it.
    pub answer: Option<i64>,
    pub expect: Option<Expectations>,
    /// Why the right answer is right (cites the rule).
    pub explain: String,
    /// A number question: what to say to any other number.
    pub wrong: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub text: String,
    pub right: bool,
    /// What this answer claims, as an expectation: true on the report for the right answer,
    /// false for every wrong one (tests/lessons.rs checks both).
    pub expect: Expectations,
    /// Why this answer is right or wrong.
    pub explain: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub goal: String,
    pub expect: Expectations,
    pub hint: String,
    /// A reference solution: the full input that reaches the goal.
    pub solution: String,
}

impl Predict {
    /// Whether the learner's answer (a choice's index, or a number) is right.
    pub fn is_right(&self, answer: &Answer) -> bool {
        match answer {
            Answer::Choice(i) => self.choices.get(*i).is_some_and(|c| c.right),
            Answer::Number(n) => self.answer == Some(*n),
        }
    }

    /// The explanation for the learner's answer: the choice's own, or the wrong-number one.
    pub fn explain_for(&self, answer: &Answer) -> &str {
        match answer {
            Answer::Choice(i) => self.choices.get(*i).map_or("", |c| c.explain.as_str()),
            Answer::Number(_) if self.is_right(answer) => &self.explain,
            Answer::Number(_) => &self.wrong,
        }
    }
}

/// A learner's answer to a [`Predict`] step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Choice(usize),
    Number(i64),
}

/// Checks a goal on a report: `Ok` when it is reached, else what is missing (one line each:
/// what happened, and the expectation it breaks).
pub fn check(report: &Report, exp: &Expectations) -> Result<(), Vec<String>> {
    let failed = expect::check(report, exp);
    if failed.is_empty() {
        return Ok(());
    }
    Err(failed.into_iter().map(|f| format!("{} (wanted {})", f.got, f.expected)).collect())
}

fn text(node: &Node, key: &str) -> String {
    node.get(key).and_then(Node::scalar_text).unwrap_or_default()
}

fn required(node: &Node, key: &str, what: &str) -> Result<String, String> {
    let t = text(node, key);
    if t.trim().is_empty() {
        Err(format!("{what}: `{key}` is missing"))
    } else {
        Ok(t)
    }
}

/// The step's `expect:`. An entry `hooksim test` could not check is an error here, and so is an
/// empty block: a goal that always holds.
fn expect_of(node: &Node, what: &str) -> Result<Expectations, String> {
    let e = node.get("expect").ok_or_else(|| format!("{what}: `expect` is missing"))?;
    let mut diags = Vec::new();
    let exp = expect::parse(e, &mut diags);
    if let Some(d) = diags.first() {
        return Err(format!("{what}: {}", d.message));
    }
    if exp.is_empty() {
        return Err(format!("{what}: `expect` is empty"));
    }
    Ok(exp)
}

/// Reads a lesson file.
pub fn parse(source: &str) -> Result<Lesson, String> {
    let root = yaml::parse_document(source, 0).map_err(|e| format!("line {}: {}", e.pos.line, e.message))?;
    if root.as_map().is_none() {
        return Err("a lesson file is a mapping (id, title, text, input, steps)".into());
    }
    let id = required(&root, "id", "the lesson")?;
    if !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err(format!("the id \"{id}\": use a-z, 0-9 and -"));
    }
    let input = required(&root, "input", "the lesson")?;
    let steps_node = root.get("steps").and_then(Node::as_seq).ok_or("the lesson: `steps` is missing")?;
    let mut steps = Vec::new();
    for (i, s) in steps_node.iter().enumerate() {
        let what = format!("step {}", i + 1);
        let input = s.get("input").and_then(Node::scalar_text).unwrap_or_else(|| input.clone());
        let kind = if s.get("predict").is_some() {
            StepKind::Predict(predict(s, &what)?)
        } else if s.get("do").is_some() {
            StepKind::Do(Goal {
                goal: required(s, "do", &what)?,
                expect: expect_of(s, &what)?,
                hint: required(s, "hint", &what)?,
                solution: required(s, "solution", &what)?,
            })
        } else {
            return Err(format!("{what}: a step has `predict` or `do`"));
        };
        steps.push(Step { input, kind });
    }
    if steps.is_empty() {
        return Err("the lesson has no steps".into());
    }
    Ok(Lesson {
        id,
        title: required(&root, "title", "the lesson")?,
        text: required(&root, "text", "the lesson")?,
        input,
        steps,
    })
}

fn predict(s: &Node, what: &str) -> Result<Predict, String> {
    let question = required(s, "predict", what)?;
    let explain = text(s, "explain");
    if let Some(answer) = s.get("answer") {
        let answer = answer.as_i64().ok_or_else(|| format!("{what}: `answer` is a whole number"))?;
        return Ok(Predict {
            question,
            choices: Vec::new(),
            answer: Some(answer),
            expect: Some(expect_of(s, what)?),
            explain: required(s, "explain", what)?,
            wrong: required(s, "wrong", what)?,
        });
    }
    let list = s.get("choices").and_then(Node::as_seq).ok_or_else(|| format!("{what}: `choices` or `answer`"))?;
    let mut choices = Vec::new();
    for (j, c) in list.iter().enumerate() {
        let cw = format!("{what}, choice {}", j + 1);
        choices.push(Choice {
            text: required(c, "text", &cw)?,
            right: c.get("right").and_then(Node::as_bool).unwrap_or(false),
            expect: expect_of(c, &cw)?,
            explain: required(c, "explain", &cw)?,
        });
    }
    if choices.iter().filter(|c| c.right).count() != 1 || choices.len() < 2 {
        return Err(format!("{what}: two or more choices, exactly one with `right: true`"));
    }
    Ok(Predict { question, choices, answer: None, expect: None, explain, wrong: String::new() })
}

/// The lesson id of a file name `NN-<id>.yaml` (the index lists file names).
pub fn id_of_file(file: &str) -> &str {
    let stem = file.strip_suffix(".yaml").unwrap_or(file);
    stem.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches('-')
}

/// The index (`web/lessons/index.txt`): one file name a line, in order; `#` starts a comment.
pub fn index(text: &str) -> Vec<&str> {
    text.lines().map(|l| l.split('#').next().unwrap_or("").trim()).filter(|l| !l.is_empty()).collect()
}

/// The rule ids a text cites (R12, J35, A13), in order, each once.
pub fn cited_rules(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let starts = matches!(b[i], b'R' | b'J' | b'A') && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
        let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        let ends = b.get(i + 1 + digits).is_none_or(|c| !c.is_ascii_alphanumeric());
        if starts && digits > 0 && ends {
            let id = text[i..i + 1 + digits].to_string();
            if !out.contains(&id) {
                out.push(id);
            }
        }
        i += 1 + if starts { digits } else { 0 };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_files_and_cited_rules() {
        assert_eq!(id_of_file("01-what-is-a-hook.yaml"), "what-is-a-hook");
        assert_eq!(index("# c\n01-a.yaml\n\n02-b.yaml # x\n"), ["01-a.yaml", "02-b.yaml"]);
        assert_eq!(cited_rules("(R12, J35) and A13; KR2 no, R12 again"), ["R12", "J35", "A13"]);
    }

    #[test]
    fn a_lesson_needs_its_parts() {
        assert!(parse("id: x\n").is_err());
        let ok = "id: x\ntitle: X\ntext: t\ninput: 'a: 1'\nsteps:\n  - predict: Q?\n    choices:\n      - {text: a, right: true, expect: {phase: Succeeded}, explain: e}\n      - {text: b, expect: {phase: Failed}, explain: e}\n";
        let l = parse(ok).unwrap();
        let StepKind::Predict(p) = &l.steps[0].kind else { panic!() };
        assert!(p.is_right(&Answer::Choice(0)) && !p.is_right(&Answer::Choice(1)));
        assert!(parse(&ok.replace("right: true", "right: false")).is_err());
        // Goals are hooksim test expectations: what that cannot check does not read.
        let typo = parse(&ok.replace("phase: Failed", "phaze: Failed")).unwrap_err();
        assert!(typo.contains("phaze"), "{typo}");
        assert!(parse(&ok.replace("{phase: Failed}", "{}")).is_err());
    }
}
