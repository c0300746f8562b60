//! Lessons (issue 13): `#lessons` lists them, `#lesson/<id>/<step>` opens one step. The lesson
//! files are data fetched at run time (`lessons/index.txt`, then `lessons/NN-<id>.yaml`, copied
//! next to the page by Trunk), read by the engine's `lesson` module: no lesson text is compiled
//! into the wasm. A step's starting input goes into the playground's editor; a predict step veils
//! the timeline (`<html class="pg-veil">`, web/playground.css) until it is answered; a do step's
//! goal (a `hooksim test` expectation) is checked on every new report. Progress is kept in
//! localStorage (`hooksim.lessons.v1`: one `<id>/<step>` a line for every step done).
//!
//! As in panel.rs, the view is one HTML string ([`view_html`], every text escaped) with
//! `data-act` attributes, and one click and one submit listener turn them into actions: far
//! smaller in the wasm than a Yew element per control.

use std::rc::Rc;

use hooksim_engine::lesson::{self, Answer, Lesson, Step, StepKind};
use hooksim_render::escape;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::dom;
use crate::state::Sim;

const PROGRESS_KEY: &str = "hooksim.lessons.v1";

/// Where the lessons are: the list (`id` None) or a lesson's step (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub id: Option<String>,
    pub step: usize,
}

/// The route of a hash `#lessons` or `#lesson/<id>[/<step>]`, else None.
pub fn route(hash: &str) -> Option<Route> {
    let h = hash.strip_prefix('#').unwrap_or(hash);
    if h == "lessons" {
        return Some(Route { id: None, step: 1 });
    }
    let mut parts = h.strip_prefix("lesson/")?.split('/');
    let id = parts.next().filter(|s| !s.is_empty())?.to_string();
    let step = parts.next().and_then(|s| s.parse().ok()).filter(|&s| s >= 1).unwrap_or(1);
    Some(Route { id: Some(id), step })
}

/// The hash of a route.
pub fn hash(r: &Route) -> String {
    match &r.id {
        Some(id) => format!("#lesson/{id}/{}", r.step),
        None => "#lessons".into(),
    }
}

fn done_list() -> String {
    dom::load(PROGRESS_KEY).unwrap_or_default()
}

/// The lessons as fetched: the index could not be read, or each file read or not.
type Fetched = Result<Vec<Result<Lesson, String>>, String>;

/// Fetches the index, then every lesson; a file that does not read is shown with its error.
async fn fetch_all() -> Fetched {
    let index = crate::gallery::fetch_text("lessons/index.txt").await?;
    let mut out = Vec::new();
    for file in lesson::index(&index) {
        let text = crate::gallery::fetch_text(&format!("lessons/{file}")).await;
        out.push(text.and_then(|t| lesson::parse(&t).map_err(|e| format!("{file}: {e}"))));
    }
    Ok(out)
}

/// Appends the parts: smaller in the wasm than `write!`'s formatting machinery.
fn cat(s: &mut String, parts: &[&str]) {
    for p in parts {
        s.push_str(p);
    }
}

/// A text with its rule ids (R12, J35, A13) as links to the rule book, paragraph by paragraph.
fn rich(out: &mut String, text: &str) {
    hooksim_render::rules::rich_html(out, text, "pg-rule");
}

/// What the view shows besides the lessons: the learner's answer, whether the hint is open,
/// the goal's check on the current report, the steps done (`<id>/<step>` lines).
pub struct Seen<'a> {
    pub answer: Option<&'a Answer>,
    pub hint: bool,
    pub reached: Option<&'a Result<(), Vec<String>>>,
    pub done: &'a str,
}

fn is_done(done: &str, id: &str, step: usize) -> bool {
    done.lines().any(|l| l.strip_prefix(id).and_then(|r| r.strip_prefix('/')) == Some(&step.to_string()))
}

/// The lesson and the step a route names, among the lessons that read.
fn current<'a>(all: Option<&'a Fetched>, route: &Route) -> (Option<&'a Lesson>, Option<&'a Step>) {
    let list: &[Result<Lesson, String>] = match all {
        Some(Ok(l)) => l,
        _ => &[],
    };
    let lesson = route.id.as_ref().and_then(|id| list.iter().flatten().find(|l| &l.id == id));
    (lesson, lesson.and_then(|l| l.steps.get(route.step.saturating_sub(1))))
}

/// The whole view as HTML: the head, then the list of lessons or the current step.
pub fn view_html(all: Option<&Fetched>, route: &Route, seen: &Seen) -> String {
    let (lesson, _) = current(all, route);
    let title = lesson.map_or("Lessons", |l| l.title.as_str());
    let mut s = String::new();
    cat(
        &mut s,
        &[
            r##"<div class="pg-lesson-head"><a class="pg-btn" href="#lessons">All lessons</a><h2>"##,
            &escape(title),
            r##"</h2><span class="pg-spacer"></span><a class="pg-btn pg-icon" href="#example/"##,
            crate::gallery::DEFAULT_ID,
            r#"" aria-label="Leave the lessons" title="Leave the lessons">✕</a></div>"#,
        ],
    );
    match (all, lesson) {
        (None, _) => s.push_str(r#"<p class="pg-hint" role="status">Loading the lessons…</p>"#),
        (Some(Err(e)), _) => {
            cat(&mut s, &[r#"<p class="pg-hint" role="alert">The lessons could not be loaded: "#, &escape(e), "</p>"]);
        }
        (Some(Ok(list)), None) => {
            if let Some(id) = &route.id {
                cat(&mut s, &[r#"<p class="pg-hint" role="alert">There is no lesson ""#, &escape(id), "\".</p>"]);
            }
            s.push_str(r#"<ol class="pg-lesson-list">"#);
            for l in list {
                match l {
                    Ok(l) => {
                        let n = l.steps.len();
                        let done = (1..=n).filter(|&i| is_done(seen.done, &l.id, i)).count();
                        cat(
                            &mut s,
                            &[
                                r##"<li><a href="#lesson/"##,
                                &escape(&l.id),
                                r#"/1">"#,
                                &escape(&l.title),
                                r#"</a> <span class="pg-lesson-progress">"#,
                                &done.to_string(),
                                "/",
                                &n.to_string(),
                                " steps done</span></li>",
                            ],
                        );
                    }
                    Err(e) => {
                        cat(&mut s, &[r#"<li class="pg-lesson-error">"#, &escape(e), "</li>"]);
                    }
                }
            }
            s.push_str("</ol>");
        }
        (Some(Ok(_)), Some(l)) => step_html(&mut s, l, route.step.saturating_sub(1), seen),
    }
    s
}

fn step_html(s: &mut String, l: &Lesson, step_i: usize, seen: &Seen) {
    let (n, id) = (l.steps.len(), escape(&l.id));
    if step_i == 0 {
        s.push_str(r#"<div class="pg-lesson-text">"#);
        rich(s, &l.text);
        s.push_str("</div>");
    } else {
        s.push_str(r#"<details class="pg-lesson-text"><summary>The lesson's text</summary>"#);
        rich(s, &l.text);
        s.push_str("</details>");
    }
    s.push_str(r#"<nav class="pg-lesson-steps" aria-label="Steps">"#);
    for i in 1..=n {
        let (on, done) = (i == step_i + 1, is_done(seen.done, &l.id, i));
        let i = i.to_string();
        cat(
            s,
            &[
                r##"<a href="#lesson/"##,
                &id,
                "/",
                &i,
                r#"" class="pg-lesson-step"#,
                if on { " pg-on" } else { "" },
                if done { " pg-done" } else { "" },
                if on { r#"" aria-current="step">"# } else { r#"">"# },
                &i,
                if done { r#" <span aria-label="done">✓</span>"# } else { "" },
                "</a>",
            ],
        );
    }
    s.push_str("</nav>");
    let Some(step) = l.steps.get(step_i) else {
        cat(s, &[r#"<p class="pg-hint" role="alert">This lesson has "#, &n.to_string(), " steps.</p>"]);
        return;
    };
    let next = if step_i + 1 < n {
        [
            r##"<a class="pg-btn pg-primary pg-next" href="#lesson/"##,
            &id,
            "/",
            &(step_i + 2).to_string(),
            r#"">Next step →</a>"#,
        ]
        .concat()
    } else {
        r##"<a class="pg-btn pg-primary pg-next" href="#lessons">Done: all lessons →</a>"##.to_string()
    };
    let (label, question) = match &step.kind {
        StepKind::Predict(p) => ("Predict", &p.question),
        StepKind::Do(g) => ("Do", &g.goal),
    };
    cat(
        s,
        &[
            r#"<div class="pg-lesson-work" data-step=""#,
            &(step_i + 1).to_string(),
            r#""><p class="pg-lesson-q" id="pg-lesson-q" tabindex="-1"><b>"#,
            label,
            ": </b>",
            &escape(question),
            "</p>",
        ],
    );
    match &step.kind {
        StepKind::Predict(p) => {
            if p.choices.is_empty() {
                // The learner's number stays in the field with the verdict.
                let given = match seen.answer {
                    Some(Answer::Number(v)) => v.to_string(),
                    _ => String::new(),
                };
                cat(
                    s,
                    &[
                        r#"<form class="pg-lesson-number" data-act="number"><input id="pg-lesson-n" type="number" inputmode="numeric" aria-label="Your answer" required value=""#,
                        &given,
                        r#""><button id="pg-lesson-answer" class="pg-btn" type="submit">Answer</button></form>"#,
                    ],
                );
            } else {
                s.push_str(r#"<div class="pg-lesson-choices" role="group" aria-label="Choices">"#);
                for (i, c) in p.choices.iter().enumerate() {
                    let mark = match seen.answer {
                        Some(Answer::Choice(j)) if *j == i => {
                            if c.right {
                                " pg-right"
                            } else {
                                " pg-wrong"
                            }
                        }
                        _ => "",
                    };
                    let i = i.to_string();
                    cat(
                        s,
                        &[
                            r#"<button id="pg-lesson-c"#,
                            &i,
                            r#"" class="pg-btn pg-choice"#,
                            mark,
                            r#"" data-act="pick" data-i=""#,
                            &i,
                            r#"">"#,
                            &escape(&c.text),
                            "</button>",
                        ],
                    );
                }
                s.push_str("</div>");
            }
            if let Some(a) = seen.answer {
                let right = p.is_right(a);
                s.push_str(if right {
                    r#"<div class="pg-verdict pg-right" role="status"><b>Right.</b>"#
                } else {
                    r#"<div class="pg-verdict pg-wrong" role="status"><b>Not quite.</b>"#
                });
                rich(s, p.explain_for(a));
                if right {
                    s.push_str(&next);
                } else {
                    s.push_str(r#"<p class="pg-hint">The timeline is shown now: try another answer, or read on.</p>"#);
                }
                s.push_str("</div>");
            }
        }
        StepKind::Do(g) => {
            s.push_str(
                r#"<p class="pg-hint">Edit the input on the left; the goal is checked on every new timeline.</p>"#,
            );
            match seen.reached {
                Some(Ok(())) => {
                    cat(
                        s,
                        &[r#"<div class="pg-verdict pg-right" role="status"><b>Goal reached.</b> "#, &next, "</div>"],
                    );
                }
                Some(Err(missing)) => {
                    let missing = escape(&missing.join("; "));
                    cat(s, &[r#"<div class="pg-goal-missing" role="status"><b>Not yet:</b> "#, &missing, "</div>"]);
                }
                None => {}
            }
            s.push_str(r#"<div class="pg-lesson-actions">"#);
            if seen.hint {
                s.push_str(r#"<div class="pg-lesson-hint" id="pg-lesson-hint" tabindex="-1">"#);
                rich(s, &g.hint);
                s.push_str("</div>");
            } else {
                s.push_str(r#"<button id="pg-lesson-h" class="pg-btn" data-act="hint">Hint</button>"#);
            }
            s.push_str(concat!(
                r#"<button id="pg-lesson-r" class="pg-btn" data-act="restart">Start over</button>"#,
                r#"<button id="pg-lesson-s" class="pg-btn" data-act="solution" title="Put the reference solution into the editor">Show a solution</button>"#
            ));
            s.push_str("</div>");
        }
    }
    s.push_str("</div>");
}

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub route: Route,
    /// The playground's current simulation: a do step is checked on it.
    pub sim: Rc<Sim>,
    /// Puts a step's starting input (or a solution) into the editor.
    pub on_load: Callback<String>,
    /// The playground is still fetching the example it opened with: the step's input waits for
    /// it, else the example would replace it.
    pub busy: bool,
}

fn focus(id: &str) {
    if let Some(el) =
        dom::document().and_then(|d| d.get_element_by_id(id)).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[component]
pub fn LessonView(props: &LessonProps) -> Html {
    let lessons = use_state(|| None::<Rc<Fetched>>);
    let answer = use_state(|| None::<Answer>);
    let hint = use_state(|| false);
    let progress = use_state(done_list);
    {
        let lessons = lessons.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move { lessons.set(Some(Rc::new(fetch_all().await))) });
        });
    }
    let all = (*lessons).clone();
    let (_, step) = current(all.as_deref(), &props.route);
    // A new step: its starting input in the editor, a fresh answer.
    {
        let (on_load, answer, hint) = (props.on_load.clone(), answer.clone(), hint.clone());
        let input = step.map(|s| s.input.clone()).filter(|_| !props.busy);
        use_effect_with((props.route.clone(), input), move |(_, input)| {
            answer.set(None);
            hint.set(false);
            if let Some(i) = input {
                on_load.emit(i.clone());
            }
        });
    }
    let veiled = matches!(step.map(|s| &s.kind), Some(StepKind::Predict(_))) && answer.is_none();
    let reached = match step.map(|s| &s.kind) {
        Some(StepKind::Do(g)) => Some(lesson::check(&props.sim.report, &g.expect)),
        _ => None,
    };
    // A step is done with a right answer, or with its goal reached.
    let right = match (step.map(|s| &s.kind), &*answer) {
        (Some(StepKind::Predict(p)), Some(a)) => p.is_right(a),
        _ => false,
    };
    let done = (right || matches!(reached, Some(Ok(())))).then(|| hash(&props.route));
    let html = view_html(
        all.as_deref(),
        &props.route,
        &Seen { answer: answer.as_ref(), hint: *hint, reached: reached.as_ref(), done: &progress },
    );
    let host = use_node_ref();
    {
        // One effect for the page (each effect costs wasm): the progress is kept; the HTML goes
        // in by morphing (dom::morph keeps the focused control); when the control that had the
        // focus is gone (a step link, Next), the question gets it; a verdict that appears or
        // changes is scrolled into view (the lesson box is short); a predict step veils the
        // timeline until it is answered.
        let (host, progress) = (host.clone(), progress.clone());
        use_effect_with((html, veiled, done), move |(html, veiled, done)| {
            let key = done.as_deref().and_then(|h| h.strip_prefix("#lesson/"));
            if let Some(key) = key.filter(|k| !progress.lines().any(|l| l == *k)) {
                let list = if progress.is_empty() { key.to_string() } else { [&progress, "\n", key].concat() };
                dom::store(PROGRESS_KEY, &list);
                progress.set(list);
            }
            let root = || dom::document().and_then(|d| d.document_element());
            if let Some(el) = root() {
                let _ = el.class_list().toggle_with_force("pg-veil", *veiled);
            }
            if let Some(el) = host.cast::<web_sys::Element>() {
                let verdict = || el.query_selector(".pg-verdict").ok().flatten();
                let before = verdict().map(|v| v.class_name());
                if !dom::morph(&el, html) {
                    el.set_inner_html(html);
                }
                if dom::document().and_then(|d| d.active_element()).is_none_or(|a| a.tag_name() == "BODY") {
                    focus("pg-lesson-q");
                }
                if let Some(v) = verdict().filter(|v| Some(v.class_name()) != before) {
                    v.scroll_into_view_with_bool(false);
                }
            }
            move || {
                if let Some(el) = root() {
                    let _ = el.class_list().remove_1("pg-veil");
                }
            }
        });
    }
    let onclick = {
        let (answer, hint, on_load) = (answer.clone(), hint.clone(), props.on_load.clone());
        let (all, route) = (all.clone(), props.route.clone());
        Callback::from(move |e: MouseEvent| {
            let el = e.target_dyn_into::<web_sys::Element>().and_then(|t| t.closest("button[data-act]").ok().flatten());
            let (Some(el), (_, Some(step))) = (el, current(all.as_deref(), &route)) else { return };
            match (el.get_attribute("data-act").as_deref(), &step.kind) {
                (Some("pick"), _) => {
                    let i = el.get_attribute("data-i").and_then(|i| i.parse().ok()).unwrap_or(0);
                    answer.set(Some(Answer::Choice(i)));
                }
                (Some("hint"), _) => {
                    hint.set(true);
                    // The button is replaced by the hint: the focus follows it.
                    gloo_timers::callback::Timeout::new(0, || focus("pg-lesson-hint")).forget();
                }
                (Some("restart"), _) => on_load.emit(step.input.clone()),
                (Some("solution"), StepKind::Do(g)) => on_load.emit(g.solution.clone()),
                _ => {}
            }
        })
    };
    let onsubmit = {
        let answer = answer.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let input = dom::document()
                .and_then(|d| d.get_element_by_id("pg-lesson-n"))
                .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let Some(v) = input.and_then(|i| i.value().trim().parse::<i64>().ok()) {
                answer.set(Some(Answer::Number(v)));
            }
        })
    };
    html! { <section class="pg-lesson" aria-label="Lesson" ref={host} {onclick} {onsubmit}></section> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        assert_eq!(route("#lessons"), Some(Route { id: None, step: 1 }));
        assert_eq!(route("#lesson/skip/2"), Some(Route { id: Some("skip".into()), step: 2 }));
        assert_eq!(route("#lesson/skip"), Some(Route { id: Some("skip".into()), step: 1 }));
        assert_eq!(route("#lesson/skip/0").map(|r| r.step), Some(1));
        assert_eq!(route("#example/x"), None);
        assert_eq!(route("#lesson/"), None);
        let r = Route { id: Some("skip".into()), step: 3 };
        assert_eq!(route(&hash(&r)), Some(r));
    }

    const LESSON: &str = "id: x\ntitle: A <b> title\ntext: See R49 <now>.\ninput: 'a: 1'\nsteps:\n  - predict: Q <1>?\n    choices:\n      - {text: a <i>, right: true, expect: {phase: Succeeded}, explain: Yes (R49).}\n      - {text: b, expect: {phase: Failed}, explain: No.}\n  - do: Reach it\n    expect: {phase: Failed}\n    hint: Try <R61>.\n    solution: 'b: 2'\n";

    fn view(route: &str, seen: &Seen) -> String {
        let all: Fetched = Ok(vec![lesson::parse(LESSON), Err("02-y.yaml: <bad>".into())]);
        view_html(Some(&all), &super::route(route).unwrap(), seen)
    }

    const NONE: Seen = Seen { answer: None, hint: false, reached: None, done: "" };

    #[test]
    fn the_html_is_escaped_links_rules_and_marks_what_is_done() {
        let list = view("#lessons", &Seen { done: "x/2\nx/9", ..NONE });
        assert!(list.contains("A &lt;b&gt; title") && list.contains("&lt;bad&gt;"), "{list}");
        assert!(list.contains(r##"href="#lesson/x/1""##) && list.contains("1/2 steps done"), "{list}");
        let step = view("#lesson/x/1", &NONE);
        assert!(step.contains("&lt;now&gt;") && step.contains(r#"href="rules.html#R49""#), "{step}");
        assert!(step.contains("a &lt;i&gt;") && !step.contains("pg-verdict"), "{step}");
        assert_eq!(step.matches(r#"data-act="pick""#).count(), 2);
        assert!(view("#lesson/nope", &NONE).contains("There is no lesson \"nope\""));
    }

    #[test]
    fn answers_and_goals_show_their_verdicts() {
        let wrong = view("#lesson/x/1", &Seen { answer: Some(&Answer::Choice(1)), ..NONE });
        assert!(wrong.contains("pg-choice pg-wrong") && wrong.contains("Not quite.") && !wrong.contains("pg-next"));
        let right = view("#lesson/x/1", &Seen { answer: Some(&Answer::Choice(0)), ..NONE });
        assert!(right.contains("Right.") && right.contains(r##"href="#lesson/x/2">Next step"##), "{right}");
        let missing = Err(vec!["phase <x>".to_string()]);
        let todo = view("#lesson/x/2", &Seen { reached: Some(&missing), ..NONE });
        assert!(todo.contains("Not yet:</b> phase &lt;x&gt;") && todo.contains(r#"data-act="hint""#), "{todo}");
        let hint = view("#lesson/x/2", &Seen { hint: true, reached: Some(&Ok(())), ..NONE });
        assert!(hint.contains("Try &lt;") && hint.contains("Goal reached.") && hint.contains("Done: all lessons"));
        assert!(view("#lesson/x/5", &NONE).contains("This lesson has 2 steps."));
    }
}
