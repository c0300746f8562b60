//! Lessons (issue 13): `#lessons` lists them, `#lesson/<id>/<step>` opens one step. The lesson
//! files are data fetched at run time (`lessons/index.txt`, then `lessons/NN-<id>.yaml`, copied
//! next to the page by Trunk), read by the engine's `lesson` module: no lesson text is compiled
//! into the wasm. A step's starting input goes into the playground's editor; a predict step veils
//! the timeline (`<html class="pg-veil">`, web/playground.css) until it is answered; a do step is
//! checked on every new report. Progress is kept in localStorage (`hooksim.lessons.v1`: one
//! `<id>/<step>` a line for every step done).

use std::rc::Rc;

use hooksim_engine::lesson::{self, Answer, Lesson, StepKind};
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

fn done_list() -> Vec<String> {
    dom::load(PROGRESS_KEY).unwrap_or_default().lines().map(str::to_string).collect()
}

fn mark_done(id: &str, step: usize) {
    let key = format!("{id}/{step}");
    let mut list = done_list();
    if !list.contains(&key) {
        list.push(key);
        dom::store(PROGRESS_KEY, &list.join("\n"));
    }
}

/// Fetches the index, then every lesson; a file that does not read is shown with its error.
async fn fetch_all() -> Result<Vec<Result<Lesson, String>>, String> {
    let index = crate::gallery::fetch_text("lessons/index.txt").await?;
    let mut out = Vec::new();
    for file in lesson::index(&index) {
        let text = crate::gallery::fetch_text(&format!("lessons/{file}")).await;
        out.push(text.and_then(|t| lesson::parse(&t).map_err(|e| format!("{file}: {e}"))));
    }
    Ok(out)
}

/// A text with its rule ids (R12, J35, A13) as links to the rule book, paragraph by paragraph.
/// Built as an escaped HTML string: far smaller in the wasm than a Yew node per word.
fn rich(text: &str) -> Html {
    use hooksim_render::escape;
    let mut out = String::new();
    for p in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        out.push_str("<p>");
        for word in p.split_whitespace() {
            let core = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            let at = word.find(core).filter(|_| lesson::cited_rules(core).first().is_some_and(|r| r == core));
            match at {
                Some(at) => out.push_str(&format!(
                    r#"{}<a class="pg-rule" href="{}" target="_blank" rel="noopener">{}</a>{} "#,
                    escape(&word[..at]),
                    escape(&hooksim_render::rules::rule_href(core)),
                    escape(core),
                    escape(&word[at + core.len()..])
                )),
                None => {
                    out.push_str(&escape(word));
                    out.push(' ');
                }
            }
        }
        out.push_str("</p>");
    }
    Html::from_html_unchecked(AttrValue::from(out))
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

#[component]
pub fn LessonView(props: &LessonProps) -> Html {
    let lessons = use_state(|| None::<Rc<Result<Vec<Result<Lesson, String>>, String>>>);
    let answer = use_state(|| None::<Answer>);
    let number = use_state(String::new);
    let hint = use_state(|| false);
    let progress = use_state(done_list);
    {
        let lessons = lessons.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move { lessons.set(Some(Rc::new(fetch_all().await))) });
        });
    }
    let all = (*lessons).clone();
    let list: &[Result<Lesson, String>] = match all.as_deref() {
        Some(Ok(l)) => l,
        _ => &[],
    };
    let current = props.route.id.as_ref().and_then(|id| list.iter().flatten().position(|l| &l.id == id));
    let lessons_ok: Vec<&Lesson> = list.iter().flatten().collect();
    let lesson = current.map(|i| lessons_ok[i]);
    let step_i = props.route.step.saturating_sub(1);
    let step = lesson.and_then(|l| l.steps.get(step_i));
    // A new step: its starting input in the editor, a fresh answer.
    {
        let (on_load, answer, number, hint) = (props.on_load.clone(), answer.clone(), number.clone(), hint.clone());
        let input = step.map(|s| s.input.clone()).filter(|_| !props.busy);
        use_effect_with((props.route.clone(), input), move |(_, input)| {
            answer.set(None);
            number.set(String::new());
            hint.set(false);
            if let Some(i) = input {
                on_load.emit(i.clone());
            }
        });
    }
    let veiled = matches!(step.map(|s| &s.kind), Some(StepKind::Predict(_))) && answer.is_none();
    use_effect_with(veiled, |&v| {
        if let Some(el) = dom::document().and_then(|d| d.document_element()) {
            let _ = el.class_list().toggle_with_force("pg-veil", v);
        }
        || {
            if let Some(el) = dom::document().and_then(|d| d.document_element()) {
                let _ = el.class_list().remove_1("pg-veil");
            }
        }
    });
    let reached = match step.map(|s| &s.kind) {
        Some(StepKind::Do(g)) => Some(lesson::check(&props.sim.report, &g.expect)),
        _ => None,
    };
    // Progress: a right answer, or a goal reached.
    {
        let progress = progress.clone();
        let right = match (step.map(|s| &s.kind), &*answer) {
            (Some(StepKind::Predict(p)), Some(a)) => p.is_right(a),
            _ => false,
        };
        let done = right || matches!(reached, Some(Ok(())));
        let key = lesson.map(|l| (l.id.clone(), props.route.step));
        use_effect_with((key, done), move |(key, done)| {
            if let (Some((id, step)), true) = (key, done) {
                mark_done(id, *step);
                progress.set(done_list());
            }
        });
    }
    let is_done = |id: &str, step: usize| progress.contains(&format!("{id}/{step}"));

    let body = match (&all, lesson) {
        (None, _) => html! { <p class="pg-hint" role="status">{"Loading the lessons…"}</p> },
        (Some(r), _) if r.is_err() => {
            html! { <p class="pg-hint" role="alert">{ format!("The lessons could not be loaded: {}", match &**r { Err(e) => e.as_str(), Ok(_) => "" }) }</p> }
        }
        (Some(_), None) => html! {
            <>
                if props.route.id.is_some() {
                    <p class="pg-hint" role="alert">{ format!("There is no lesson \"{}\".", props.route.id.clone().unwrap_or_default()) }</p>
                }
                <ol class="pg-lesson-list">
                    { for list.iter().map(|l| match l {
                        Ok(l) => {
                            let done = (1..=l.steps.len()).filter(|&s| is_done(&l.id, s)).count();
                            html! { <li><a href={format!("#lesson/{}/1", l.id)}>{ &l.title }</a>
                                <span class="pg-lesson-progress">{ format!(" {done}/{} steps done", l.steps.len()) }</span></li> }
                        }
                        Err(e) => html! { <li class="pg-lesson-error">{ e }</li> },
                    }) }
                </ol>
            </>
        },
        (Some(_), Some(l)) => lesson_html(l, props, step_i, &answer, &number, &hint, reached, &is_done),
    };
    html! {
        <section class="pg-lesson" aria-label="Lesson">
            <div class="pg-lesson-head">
                <a class="pg-btn" href="#lessons">{"All lessons"}</a>
                if let Some(l) = lesson { <h2>{ &l.title }</h2> } else { <h2>{"Lessons"}</h2> }
                <span class="pg-spacer"></span>
                <a class="pg-btn pg-icon" href={format!("#example/{}", crate::gallery::DEFAULT_ID)} aria-label="Leave the lessons">{"✕"}</a>
            </div>
            { body }
        </section>
    }
}

#[allow(clippy::too_many_arguments)]
fn lesson_html(
    l: &Lesson,
    props: &LessonProps,
    step_i: usize,
    answer: &UseStateHandle<Option<Answer>>,
    number: &UseStateHandle<String>,
    hint: &UseStateHandle<bool>,
    reached: Option<Result<(), Vec<String>>>,
    is_done: &dyn Fn(&str, usize) -> bool,
) -> Html {
    let n = l.steps.len();
    let nav = html! {
        <nav class="pg-lesson-steps" aria-label="Steps">
            { for (1..=n).map(|s| html! {
                <a href={format!("#lesson/{}/{s}", l.id)} class={classes!("pg-lesson-step", (s == step_i + 1).then_some("pg-on"), is_done(&l.id, s).then_some("pg-done"))}
                    aria-current={(s == step_i + 1).then_some("step")}>{ format!("{s}{}", if is_done(&l.id, s) { " ✓" } else { "" }) }</a>
            }) }
        </nav>
    };
    let Some(step) = l.steps.get(step_i) else {
        return html! { <>{ nav }<p class="pg-hint" role="alert">{ format!("This lesson has {n} steps.") }</p></> };
    };
    let next = if step_i + 1 < n {
        html! { <a class="pg-btn pg-primary pg-next" href={format!("#lesson/{}/{}", l.id, step_i + 2)}>{"Next step →"}</a> }
    } else {
        html! { <a class="pg-btn pg-primary pg-next" href="#lessons">{"Done: all lessons →"}</a> }
    };
    let restart = {
        let (on_load, input) = (props.on_load.clone(), step.input.clone());
        Callback::from(move |_: MouseEvent| on_load.emit(input.clone()))
    };
    let work = match &step.kind {
        StepKind::Predict(p) => {
            let pick = |a: Answer| {
                let answer = answer.clone();
                Callback::from(move |_: MouseEvent| answer.set(Some(a.clone())))
            };
            let chosen = (**answer).clone();
            let ask = if p.choices.is_empty() {
                let oninput = {
                    let number = number.clone();
                    Callback::from(move |e: InputEvent| {
                        if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                            number.set(i.value());
                        }
                    })
                };
                let submit = {
                    let (answer, number) = (answer.clone(), number.clone());
                    Callback::from(move |e: SubmitEvent| {
                        e.prevent_default();
                        if let Ok(v) = number.trim().parse::<i64>() {
                            answer.set(Some(Answer::Number(v)));
                        }
                    })
                };
                html! {
                    <form class="pg-lesson-number" onsubmit={submit}>
                        <input type="number" inputmode="numeric" aria-label="Your answer" value={(**number).clone()} {oninput} />
                        <button class="pg-btn" type="submit">{"Answer"}</button>
                    </form>
                }
            } else {
                html! {
                    <div class="pg-lesson-choices" role="group" aria-label="Choices">
                        { for p.choices.iter().enumerate().map(|(i, c)| {
                            let cls = match &chosen { Some(Answer::Choice(j)) if *j == i => Some(if c.right { "pg-right" } else { "pg-wrong" }), _ => None };
                            html! { <button class={classes!("pg-btn", "pg-choice", cls)} onclick={pick(Answer::Choice(i))}>{ &c.text }</button> }
                        }) }
                    </div>
                }
            };
            let verdict = chosen.as_ref().map(|a| {
                let right = p.is_right(a);
                html! {
                    <div class={classes!("pg-verdict", if right { "pg-right" } else { "pg-wrong" })} role="status">
                        <b>{ if right { "Right. " } else { "Not quite. " } }</b>{ rich(p.explain_for(a)) }
                        if right { { next.clone() } } else { <p class="pg-hint">{"The timeline is shown now: try another answer, or read on."}</p> }
                    </div>
                }
            });
            html! { <>{ ask }{ for verdict }</> }
        }
        StepKind::Do(g) => {
            let show_hint = {
                let hint = hint.clone();
                Callback::from(move |_: MouseEvent| hint.set(true))
            };
            let solution = {
                let (on_load, s) = (props.on_load.clone(), g.solution.clone());
                Callback::from(move |_: MouseEvent| on_load.emit(s.clone()))
            };
            let status = match reached {
                Some(Ok(())) => {
                    html! { <div class="pg-verdict pg-right" role="status"><b>{"Goal reached."}</b>{" "}{ next.clone() }</div> }
                }
                Some(Err(missing)) => html! {
                    <div class="pg-goal-missing" role="status"><b>{"Not yet: "}</b>{ missing.join("; ") }</div>
                },
                None => html! {},
            };
            html! {
                <>
                    <p class="pg-hint">{"Edit the input on the left; the goal is checked on every new timeline."}</p>
                    { status }
                    <div class="pg-lesson-actions">
                        if **hint { <div class="pg-lesson-hint">{ rich(&g.hint) }</div> } else { <button class="pg-btn" onclick={show_hint}>{"Hint"}</button> }
                        <button class="pg-btn" onclick={restart}>{"Start over"}</button>
                        <button class="pg-btn" onclick={solution} title="Put the reference solution into the editor">{"Show a solution"}</button>
                    </div>
                </>
            }
        }
    };
    let question = match &step.kind {
        StepKind::Predict(p) => html! { <p class="pg-lesson-q"><b>{"Predict: "}</b>{ &p.question }</p> },
        StepKind::Do(g) => html! { <p class="pg-lesson-q"><b>{"Do: "}</b>{ &g.goal }</p> },
    };
    html! {
        <>
            if step_i == 0 { <div class="pg-lesson-text">{ rich(&l.text) }</div> }
            else { <details class="pg-lesson-text"><summary>{"The lesson's text"}</summary>{ rich(&l.text) }</details> }
            { nav }
            <div class="pg-lesson-work" data-step={(step_i + 1).to_string()}>{ question }{ work }</div>
        </>
    }
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
}
