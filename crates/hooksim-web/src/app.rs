//! The playground page: the toolbar, the editor with its diagnostics, the timeline and the
//! result; in embed mode only the timeline and the result.

use std::cell::RefCell;
use std::rc::Rc;

use hooksim_engine::Severity;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::dom;
use crate::editor::{self, Editor, EditorRef};
use crate::extras;
use crate::gallery;
use crate::gallery_view;
use crate::intro;
use crate::lesson;
use crate::panel;
use crate::state::{self, Action, State};
use crate::timeline::Timeline;
use crate::tree;

const NOTICE_MS: u32 = 3500;

/// Says something for a few seconds.
fn notify(
    dispatch: &UseReducerDispatcher<State>,
    timer: &Rc<RefCell<Option<gloo_timers::callback::Timeout>>>,
    msg: String,
) {
    dispatch.dispatch(Action::Notice(Some(msg)));
    let d = dispatch.clone();
    *timer.borrow_mut() =
        Some(gloo_timers::callback::Timeout::new(NOTICE_MS, move || d.dispatch(Action::Notice(None))));
}

/// How long the page waits after a change, with no newer one, before the URL and localStorage
/// follow it.
const STILL_MS: u32 = 250;

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let (hash, search) = (dom::hash(), dom::search());
        // An input an earlier page died on (embeds neither keep nor show what was typed).
        let crashed = if state::is_embed(&hash, &search) { None } else { dom::crashed() };
        State::initial(&hash, &search, dom::load(dom::STORAGE_KEY).as_deref(), crashed.as_deref())
    });
    let cell: EditorRef = use_mut_ref(Default::default);
    let notice_timer = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    let dark = use_state(dom::theme_dark);
    // `#lessons`, `#lesson/<id>/<step>`: the lesson shown above the playground (lesson.rs).
    let lesson_route = use_state(|| lesson::route(&dom::hash()));
    // A handle reads the newest state, also from listeners made at the first render.
    let latest = state.clone();
    let dispatch = state.dispatcher();

    // The URL and localStorage follow the state.
    {
        let (s, dispatch) = (state.clone(), dispatch.clone());
        use_effect_with(
            (state.sim.clone(), state.view.clone(), state.example.clone(), (*lesson_route).clone()),
            move |deps| {
                // A lesson keeps its own link, and the lesson's inputs are not the user's state.
                if let Some(r) = &deps.3 {
                    dom::cancel_later();
                    dom::replace_hash(&lesson::hash(r));
                    return;
                }
                let (s, dispatch, s_edited) = (s.clone(), dispatch.clone(), s.edited);
                let follow = move || {
                    // One compression per change: the link's #v1/ hash is also what localStorage keeps.
                    let hash = s.hash();
                    dom::replace_hash(&hash);
                    if !s.embed {
                        let stored = if hash.starts_with(hooksim_session::share::V1) { hash } else { s.stored() };
                        if dom::keep_state(&stored) {
                            // Until the next notice (not on a timer): the user has to know (issue 16, item 12).
                            dispatch.dispatch(Action::Notice(Some(state::NOT_KEPT.to_string())));
                        }
                    }
                };
                if s_edited {
                    // After the typing: a keystroke in a 100-manifest input would otherwise wait
                    // for the compression, history.replaceState and localStorage (issue 12 #16).
                    // Leaving the page first does it at once (dom::when_still).
                    dom::when_still(STILL_MS, follow);
                } else {
                    // A load (a link, an example, the page's start): at once.
                    dom::cancel_later();
                    follow();
                }
            },
        );
    }
    // The lesson and the scenario panel are drawn by the page's script into elements this view
    // renders (lesson.rs, panel.rs), with these three ways back into the app, made once.
    let script_calls = {
        let (dispatch, timer) = (dispatch.clone(), notice_timer.clone());
        use_memo((), move |_| {
            let (d1, d2) = (dispatch.clone(), dispatch.clone());
            (
                // A lesson's step input (or solution) into the editor.
                Closure::<dyn Fn(String)>::new(move |input: String| {
                    d1.dispatch(Action::Load(state::Load {
                        input,
                        view: Default::default(),
                        example: None,
                        notice: None,
                    }))
                }),
                // The panel's new input.
                Closure::<dyn Fn(String)>::new(move |text: String| d2.dispatch(Action::Rewrite(text))),
                // Why the panel could not make an edit.
                Closure::<dyn Fn(String)>::new(move |e: String| notify(&dispatch, &timer, e)),
            )
        })
    };
    {
        let calls = script_calls.clone();
        let deps = ((*lesson_route).clone(), state.sim.input.clone(), state.loading.is_some());
        use_effect_with(deps, move |(route, input, busy)| {
            lesson::show(route.as_ref(), input, *busy, calls.0.as_ref().unchecked_ref());
        });
    }
    {
        let calls = script_calls.clone();
        let open = state.view.panel.as_deref() == Some("scenario");
        use_effect_with((open, state.sim.input.clone()), move |(open, input)| {
            if *open {
                panel::show(input, calls.1.as_ref().unchecked_ref(), calls.2.as_ref().unchecked_ref());
            }
        });
    }
    // Every render that completed: what was in flight did not crash the page.
    use_effect(dom::landed);
    // An example is fetched when it is opened.
    {
        let dispatch = dispatch.clone();
        use_effect_with(state.loading, move |&loading| {
            if let Some(id) = loading {
                wasm_bindgen_futures::spawn_local(async move {
                    match gallery::fetch(id).await {
                        Ok(text) => dispatch.dispatch(Action::Load(state::example_load(id, text))),
                        Err(e) => dispatch.dispatch(Action::Failed(e)),
                    }
                });
            }
        });
    }
    // The page's title names the example.
    {
        let title = state.sim.title.clone();
        use_effect_with(title, |t| {
            if let Some(doc) = dom::document() {
                doc.set_title(&match t {
                    Some(t) => format!("{t} · hooksim playground"),
                    None => "hooksim playground".to_string(),
                });
            }
        });
    }
    // The theme.
    use_effect_with(*dark, |&d| {
        if let Some(el) = dom::document().and_then(|d| d.document_element()) {
            let _ = el.set_attribute("data-theme", if d { "dark" } else { "light" });
        }
    });
    // A link pasted into the address bar, or a gallery link: load it. A link that cannot be
    // opened only says so: what is on the page stays.
    {
        let (dispatch, timer, lesson_route) = (dispatch.clone(), notice_timer.clone(), lesson_route.setter());
        use_effect_with((), move |_| {
            let on_hash = Closure::<dyn Fn()>::new(move || {
                // The link the user opened wins over a URL the page has yet to write.
                dom::cancel_later();
                let lesson = lesson::route(&dom::hash());
                let in_lesson = lesson.is_some();
                lesson_route.set(lesson);
                if in_lesson {
                    return;
                }
                let o = State::opening(&dom::hash(), &dom::search(), None, None);
                match (o.linked, o.loading, o.load.notice.clone()) {
                    (true, Some(id), _) => dispatch.dispatch(Action::Example(id)),
                    (true, None, _) => dispatch.dispatch(Action::Load(o.load)),
                    (false, _, Some(notice)) => notify(&dispatch, &timer, notice),
                    (false, _, None) => {}
                }
            });
            if let Some(w) = dom::window() {
                let _ = w.add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
            }
            on_hash.forget();
        });
    }
    // Keyboard: Ctrl/Cmd+Enter re-runs, Ctrl/Cmd+S copies the link, ← → step through events
    // (Escape closes the gallery: web/editor/gallery.js).
    {
        let (dispatch, cell, latest, timer) = (dispatch.clone(), cell.clone(), latest.clone(), notice_timer.clone());
        use_effect_with((), move |_| {
            let on_key = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                let m = e.ctrl_key() || e.meta_key();
                let key = e.key();
                if m && key == "Enter" {
                    e.prevent_default();
                    if let Some(text) = cell.borrow().text() {
                        dispatch.dispatch(Action::Edit(text));
                    }
                } else if m && (key == "s" || key == "S") {
                    e.prevent_default();
                    share(&dispatch, &timer, &latest);
                } else if !m
                    && !e.alt_key()
                    && (key == "ArrowRight" || key == "ArrowLeft")
                    && !dom::typing_in(e.target())
                {
                    e.prevent_default();
                    dispatch.dispatch(Action::Step(if key == "ArrowRight" { 1 } else { -1 }));
                }
            });
            if let Some(d) = dom::document() {
                let _ = d.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
            }
            on_key.forget();
        });
    }

    let on_change = {
        let dispatch = dispatch.clone();
        Callback::from(move |text: String| dispatch.dispatch(Action::Edit(text)))
    };
    let on_cursor = {
        let dispatch = dispatch.clone();
        Callback::from(move |t| dispatch.dispatch(Action::Cursor(t)))
    };
    let on_step = {
        let dispatch = dispatch.clone();
        Callback::from(move |d| dispatch.dispatch(Action::Step(d)))
    };
    let on_zoom = {
        let dispatch = dispatch.clone();
        Callback::from(move |z| dispatch.dispatch(Action::Zoom(z)))
    };

    let (shown, stale) = state.shown();
    // An Application tree: simulated and drawn by the extras (tree.rs); None while they load.
    let tree = shown.elsewhere.then(|| tree::drawn(&shown.input, &dispatch));
    let theme_class = if *dark { "hs-theme-dark" } else { "hs-theme-light" };

    if state.embed {
        let open = dom::url_with_hash(&{
            let h = state.hash();
            format!("#{}", h.trim_start_matches(hooksim_session::share::EMBED))
        });
        return html! {
            <main class="pg pg-embed-mode">
                <div class={classes!("hs-embed", "pg-out", theme_class)}>
                    <div class="hs-head">
                        <h1 class="hs-title">{ shown.title.clone().unwrap_or_else(|| "hooksim".into()) }</h1>
                        // A tree's phase is in its own summary (tree.rs).
                        if tree.is_none() {
                            { badge(shown.phase()) }
                        }
                        <span class="hs-actions"><a class="hs-open" href={open} target="_blank" rel="noopener">{"Open in playground ↗"}</a></span>
                    </div>
                    { diagnostics(&state.sim.report.diagnostics, None) }
                    // A link that carries a comparison shows it in the embed too (issue 13).
                    if state.view.compare.is_some() || state.view.before.is_some() {
                        { crate::compare::section(&state, theme_class, &dispatch) }
                    } else if let Some(t) = &tree {
                        { tree::section(t.as_ref(), stale) }
                    } else {
                        <Timeline sim={shown.clone()} {stale} cursor={None::<i64>} zoom={None::<u32>}
                            on_cursor={on_cursor.clone()} on_step={on_step.clone()} on_zoom={on_zoom.clone()} compact=true />
                        { Html::from_html_unchecked(AttrValue::from(shown.result.clone())) }
                    }
                </div>
            </main>
        };
    }

    // Toolbar actions.
    let on_share = {
        let (dispatch, latest, timer, cell) = (dispatch.clone(), latest.clone(), notice_timer.clone(), cell.clone());
        Callback::from(move |_: MouseEvent| {
            editor::flush(&cell);
            share(&dispatch, &timer, &latest);
        })
    };
    let on_markdown = {
        let (dispatch, latest, timer, cell) = (dispatch.clone(), latest.clone(), notice_timer.clone(), cell.clone());
        Callback::from(move |_: MouseEvent| {
            editor::flush(&cell);
            // The summary comes from the extras, loaded the first time (crate::extras), with the
            // comparison first while one is open.
            let s = &*latest;
            let url = dom::url_with_hash(&s.hash());
            let (input, compare, before) = (s.sim.input.clone(), s.view.compare.clone(), s.view.before.clone());
            let (dispatch, timer) = (dispatch.clone(), timer.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match extras::load()
                    .await
                    .and_then(|()| extras::markdown(&input, &url, compare.as_deref(), before.as_deref()))
                {
                    Ok(md) => {
                        let done = "Copied as Markdown: the summary, the link, the input and the timeline.".to_string();
                        copy_and_say(&dispatch, &timer, md, done, "The clipboard is not available here.");
                    }
                    Err(e) => notify(&dispatch, &timer, format!("The Markdown could not be made: {e}.")),
                }
            });
        })
    };
    let on_svg = {
        let latest = latest.clone();
        Callback::from(move |_: MouseEvent| {
            let (sim, _) = latest.shown();
            let name = sim.title.clone().unwrap_or_else(|| "hooksim".into());
            let css = dom::page_css("hs-embed");
            // While a comparison is open: both timelines, marked (issue 13).
            let (svg, what) = match crate::compare::of_state(&latest, extras::Format::Svg) {
                Some(Ok(svg)) => (svg, "compare"),
                _ => (sim.svg.to_string(), "timeline"),
            };
            dom::download(&format!("{name}.{what}.svg"), "image/svg+xml", &state::standalone_svg(&svg, &css));
        })
    };
    let on_json = {
        let (dispatch, latest, timer) = (dispatch.clone(), latest.clone(), notice_timer.clone());
        Callback::from(move |_: MouseEvent| {
            // The JSON comes from the extras, loaded the first time (crate::extras).
            let name = latest.sim.title.clone().unwrap_or_else(|| "hooksim".into());
            let (input, dispatch, timer) = (latest.sim.input.clone(), dispatch.clone(), timer.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match extras::load().await.and_then(|()| extras::json(&input)) {
                    Ok(json) => dom::download(&format!("{name}.report.json"), "application/json", &json),
                    Err(e) => notify(&dispatch, &timer, format!("The JSON report could not be made: {e}.")),
                }
            });
        })
    };
    let on_theme = {
        let dark = dark.clone();
        Callback::from(move |_: MouseEvent| {
            dom::set_theme(!*dark);
            dark.set(!*dark);
        })
    };
    // The gallery is the page script's (gallery_view.rs): it is told which example is shown.
    let current: &'static str = state.example.as_ref().map(|e| e.id).unwrap_or("");
    let on_gallery = Callback::from(move |_: MouseEvent| gallery_view::open(current, true));
    let scenario_tab = state.view.panel.as_deref() == Some("scenario");
    let tab = |to: Option<&'static str>| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Panel(to.map(str::to_string))))
    };
    let tab_keys = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            let to = match e.key().as_str() {
                "ArrowLeft" | "Home" => None,
                "ArrowRight" | "End" => Some("scenario"),
                _ => return,
            };
            e.prevent_default();
            dispatch.dispatch(Action::Panel(to.map(str::to_string)));
            let id = if to.is_some() { "pg-tab-scenario" } else { "pg-tab-yaml" };
            if let Some(el) = dom::document()
                .and_then(|d| d.get_element_by_id(id))
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        })
    };
    let open_gallery = Callback::from(move |_: MouseEvent| gallery_view::open(current, false));
    // Nothing Argo CD would sync (an empty editor, a Scenario alone): a prompt instead of an
    // empty "Succeeded" (issue 12).
    let empty = !state.sim.broken() && state.loading.is_none() && state.sim.nothing_to_sync();

    // A tree's diagnostics are the extras' (the page's engine only read it); the reading's own
    // until they are there.
    let diags = match (&tree, stale) {
        (Some(Some((_, d))), false) => d.clone(),
        _ => Rc::new(state.sim.report.diagnostics.clone()),
    };
    let (errors, warnings) = diags.iter().fold((0, 0), |(e, w), d| match d.severity {
        Severity::Error => (e + 1, w),
        Severity::Warning => (e, w + 1),
        Severity::Info => (e, w),
    });

    // At the player's position: what Argo CD shows then.
    // Always in the page and of one height, so that the first scrub moves nothing (issue 12).
    let status = match state.view.t {
        Some(t) => {
            let now = shown.status_at(t);
            html! {
                <div class="pg-status" data-t={t.to_string()}>
                    <span class="pg-status-at">{ format!("at {t} s") }</span>
                    if let Some(st) = now {
                        { badge(&st.phase) }
                        <span class="pg-status-msg" title="Argo CD's message then">{ format!("— {}", st.message) }</span>
                        if !st.detail.is_empty() {
                            <span class="pg-status-detail">{ st.detail }</span>
                        }
                    }
                </div>
            }
        }
        None => html! {
            <div class="pg-status pg-status-end">
                <span class="pg-status-at">{"The end"}</span>
                <span class="pg-status-msg">{"Play, step or drag the time slider to see what Argo CD showed at each second."}</span>
            </div>
        },
    };
    let status = html! { <div class="pg-status-box">{ status }</div> };

    html! {
        <div class="pg">
            <header class="pg-bar">
                <h1 class="pg-logo" title="hooksim: what Argo CD does with your resource hooks">{"hooksim"}</h1>
                // aria-expanded and pg-on are set by web/editor/gallery.js while the gallery is open.
                <button id={gallery_view::BUTTON_ID} class="pg-btn" onclick={on_gallery}
                    aria-expanded="false" aria-controls="pg-gallery">{"Examples"}</button>
                <a class="pg-btn" href="#lessons" title="Guided lessons: predict what Argo CD does, then make it happen">{"Lessons"}</a>
                <span class="pg-name" title={state.sim.title.clone().unwrap_or_default()}>
                    { state.example.as_ref().map(|e| e.title.as_str()).unwrap_or("") }
                </span>
                <span class="pg-spacer"></span>
                <button class="pg-btn pg-primary" onclick={on_share} title="Copy a link to this state (Ctrl/Cmd+S)">{"Share"}</button>
                <button class="pg-btn" onclick={on_markdown} title="Copy a summary for a pull request or an issue: phase, gantt, results, the link and the input (and the differences, while comparing)">{"Copy as Markdown"}</button>
                <button class="pg-btn" onclick={on_svg} title="Download the timeline as an SVG file (both, marked, while comparing)">{"SVG"}</button>
                <button class="pg-btn" onclick={on_json} title="Download the report (contract v1) as JSON">{"JSON"}</button>
                <a class="pg-btn" href={hooksim_render::rules::RULE_BOOK} target="_blank" rel="noopener"
                    title="The Argo CD and Kubernetes rules behind the timeline, each with its upstream source">{"Rule book"}</a>
                <button class="pg-btn pg-icon" onclick={on_theme} aria-label={if *dark {"Switch to the light theme"} else {"Switch to the dark theme"}}
                    title={if *dark {"Light theme"} else {"Dark theme"}}>{ if *dark {"☀"} else {"☾"} }</button>
            </header>
            { intro::intro_html() }
            if lesson_route.is_some() {
                <section id={lesson::HOST_ID} class="pg-lesson" aria-label="Lesson"></section>
            }
            <div id={gallery_view::HOST_ID}></div>
            if let Some(n) = &state.notice {
                <div class="pg-notice" role="status">{ n.clone() }</div>
            }
            if let Some(text) = &state.recovered {
                { recovered_html(text, &dispatch, &notice_timer) }
            }
            <main class="pg-main">
                { crate::compare::section(&state, theme_class, &dispatch) }
                <section class="pg-left" aria-label="Input">
                    // WAI-ARIA tabs: one tab stop, the arrow keys (and Home/End) move between tabs.
                    <div class="pg-tabs" role="tablist" aria-label="Input" onkeydown={tab_keys}>
                        <button role="tab" id="pg-tab-yaml" class="pg-tab" aria-selected={(!scenario_tab).to_string()}
                            aria-controls="pg-panel-yaml" tabindex={if scenario_tab { "-1" } else { "0" }} onclick={tab(None)}>{"YAML"}</button>
                        <button role="tab" id="pg-tab-scenario" class="pg-tab" aria-selected={scenario_tab.to_string()}
                            aria-controls="pg-panel-scenario" tabindex={if scenario_tab { "0" } else { "-1" }} onclick={tab(Some("scenario"))}
                            title="The Scenario: what the cluster does (attempts, health, errors, settings, operations)">{"What the cluster does (Scenario)"}</button>
                    </div>
                    <div id="pg-panel-yaml" class={classes!("pg-editor-wrap", scenario_tab.then_some("pg-hidden"))} role="tabpanel"
                        aria-labelledby="pg-tab-yaml">
                        <Editor cell={cell.clone()} text={AttrValue::from(state.sim.input.clone())} loads={state.loads}
                            diagnostics={diags.clone()} read_only=false on_change={on_change.clone()} on_run={on_change} />
                    </div>
                    if scenario_tab {
                        <div id="pg-panel-scenario" class="pg-panel-wrap" role="tabpanel" aria-labelledby="pg-tab-scenario">
                            <div id={panel::HOST_ID} class="pg-panel"></div>
                        </div>
                    }
                    // Sticky at the window's bottom: on a first visit the line above the page
                    // pushes this column's end below the fold (issue 12).
                    <div class="pg-diag-box">
                        <div class="pg-diag-head">
                            { if diags.is_empty() { "No problems found".to_string() } else { format!("{errors} error(s), {warnings} warning(s), {} note(s)", diags.len() - errors - warnings) } }
                        </div>
                        { diagnostics(&diags, Some(&cell)) }
                    </div>
                </section>
                <section class={classes!("hs-embed", "pg-out", theme_class)} aria-label="Simulation">
                    // A broken input shows no title, description or phase of the last good one (it
                    // is not what the editor holds); an edited example's description is kept
                    // folded, with a word that it describes the example as it was.
                    if let Some(d) = shown.description.as_ref().filter(|d| !d.trim().is_empty() && !stale && !empty) {
                        <details class={classes!("pg-about", state.edited.then_some("pg-about-edited"))} open={!state.edited}>
                            <summary>
                                { shown.title.clone().unwrap_or_else(|| "About this scenario".into()) }
                                if state.edited {
                                    <span class="pg-about-note">{" — the example's description: you have changed the input since, so it may no longer apply"}</span>
                                }
                            </summary>
                            { for paragraphs(d).into_iter().map(|p| html! { <p>{ p }</p> }) }
                        </details>
                    }
                    { crate::compare::bar(&state, &dispatch) }
                    if empty {
                        { empty_html(open_gallery) }
                    } else {
                    if tree.is_none() || stale || state.loading.is_some() {
                    <div class="pg-summary">
                        if state.loading.is_some() {
                            <span class="pg-loading-note" role="status">{"Loading the example…"}</span>
                        }
                        if stale {
                            <span class="hs-badge hs-phase-inputerror" data-phase="input error">{"Input error"}</span>
                            <span class="pg-stale-note" role="alert">
                                // R67: a YAML error is what Argo CD meets too; say what it does with it.
                                { match state.sim.report.diagnostics.iter().any(|d| d.code == hooksim_engine::diagnostics::codes::YAML_SYNTAX) {
                                    true => "A YAML error (see the list under the editor): Argo CD cannot generate the manifests from this text either, so a sync would end in Error (ComparisonError) and apply nothing (R67).",
                                    false => "The input has errors (see the list under the editor).",
                                } }
                                { if state.good.is_some() { " Below, greyed, is the last timeline that could be simulated, of an earlier text." } else { " Fix them to see a timeline." } }
                            </span>
                        } else if tree.is_none() {
                            { badge(shown.phase()) }
                            <span class="pg-message" title="Argo CD's final operation message">{ shown.message().to_string() }</span>
                        }
                    </div>
                    }
                    if let Some(t) = &tree {
                        { tree::section(t.as_ref(), stale) }
                    } else {
                    { status }
                    <Timeline sim={shown.clone()} {stale} cursor={state.view.t} zoom={state.view.zoom}
                        {on_cursor} {on_step} {on_zoom} />
                    { Html::from_html_unchecked(AttrValue::from(hooksim_render::LEGEND)) }
                    if stale {
                        // The earlier text's result, folded: it is not what the editor holds.
                        <details class="pg-result pg-stale">
                            <summary>{"The result of the last text that could be simulated"}</summary>
                            { Html::from_html_unchecked(AttrValue::from(shown.result.clone())) }
                        </details>
                    } else {
                    <div class="pg-result">
                        // In step with the player: the result as it stands at its second.
                        { Html::from_html_unchecked(AttrValue::from(match state.view.t {
                            Some(t) => hooksim_render::result_html_at(&shown.report, Some(t)),
                            None => shown.result.clone(),
                        })) }
                    </div>
                    }
                    }
                    }
                </section>
            </main>
        </div>
    }
}

/// The input an earlier page crashed on: kept, not simulated, until the user says what to do.
fn recovered_html(
    text: &str,
    dispatch: &UseReducerDispatcher<State>,
    timer: &Rc<RefCell<Option<gloo_timers::callback::Timeout>>>,
) -> Html {
    let on_copy = {
        let (text, dispatch, timer) = (text.to_string(), dispatch.clone(), timer.clone());
        Callback::from(move |_: MouseEvent| {
            copy_and_say(&dispatch, &timer, text.clone(), "Copied.".into(), "The clipboard is not available here.")
        })
    };
    let on_save = {
        let text = text.to_string();
        Callback::from(move |_: MouseEvent| dom::download("hooksim-crash-input.yaml", "text/yaml", &text))
    };
    let answer = |open: bool| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dom::remove(dom::CRASHED_KEY);
            dispatch.dispatch(Action::Recovered(open));
        })
    };
    html! {
        <div class="pg-crashed" role="alert">
            <p>
                <b>{"hooksim crashed"}</b>{" while simulating an input in this browser (a bug in hooksim: please report it with the input). "}
                {"The input is kept here and was not simulated again. "}
                { format!("({} lines)", text.lines().count()) }
            </p>
            <details>
                <summary>{"Show the input"}</summary>
                <pre class="pg-crashed-text">{ text.to_string() }</pre>
            </details>
            <div class="pg-crashed-actions">
                <button class="pg-btn" onclick={on_copy}>{"Copy it"}</button>
                <button class="pg-btn" onclick={on_save}>{"Download it"}</button>
                <button class="pg-btn" onclick={answer(true)} title="Simulate it again (the page may crash again)">{"Open it in the editor"}</button>
                <button class="pg-btn" onclick={answer(false)}>{"Dismiss"}</button>
            </div>
        </div>
    }
}

/// What an input with nothing to sync shows: where to start.
fn empty_html(open_gallery: Callback<MouseEvent>) -> Html {
    html! {
        <div class="pg-empty-start" role="status">
            <p><b>{"Nothing to simulate yet."}</b>{" Paste your manifests into the editor (Jobs with "}<code>{"argocd.argoproj.io/hook"}</code>
                {" annotations, the Deployments and Services they sync with), or open an example."}</p>
            <p>
                <button class="pg-btn pg-primary" onclick={open_gallery}>{"Open the examples"}</button>{" "}
                <a class="pg-btn" href={format!("#example/{}", gallery::DEFAULT_ID)}>{"Start with PreSync and PostSync"}</a>
            </p>
        </div>
    }
}

/// A description's paragraphs: lines joined, blank lines between paragraphs.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()).collect()
}

fn share(
    dispatch: &UseReducerDispatcher<State>,
    timer: &Rc<RefCell<Option<gloo_timers::callback::Timeout>>>,
    s: &State,
) {
    // One compression of the input for both.
    let hash = s.hash();
    let url = dom::url_with_hash(&hash);
    if let Some(why) = state::link_too_long(&url) {
        notify(dispatch, timer, why);
        return;
    }
    dom::replace_hash(&hash);
    let done = format!("Link copied ({} characters).", url.len());
    copy_and_say(dispatch, timer, url, done, "The clipboard is not available: copy the link from the address bar.");
}

/// Copies `text` to the clipboard, then says `done`, or `failed` when the clipboard refused.
fn copy_and_say(
    dispatch: &UseReducerDispatcher<State>,
    timer: &Rc<RefCell<Option<gloo_timers::callback::Timeout>>>,
    text: String,
    done: String,
    failed: &'static str,
) {
    let (dispatch, timer) = (dispatch.clone(), timer.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let ok = dom::copy(&text).await;
        notify(&dispatch, &timer, if ok { done } else { failed.to_string() });
    });
}

/// The phase badge (plain functions rather than components keep the wasm smaller).
fn badge(phase: &str) -> Html {
    let cls: String = phase.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    html! {
        <span class={classes!("hs-badge", format!("hs-phase-{cls}"))} data-phase={phase.to_string()}>{ phase.to_string() }</span>
    }
}

/// The diagnostics; each with a line jumps there in the editor.
fn diagnostics(diags: &[hooksim_engine::Diagnostic], cell: Option<&EditorRef>) -> Html {
    if diags.is_empty() {
        return html! {};
    }
    html! {
        <ul class="pg-diags hs-diags">
            { for diags.iter().map(|d| {
                let sev = match d.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Info => "info" };
                let at = match (d.line, d.column) {
                    (Some(l), Some(c)) => format!("{l}:{c}"),
                    (Some(l), None) => format!("{l}"),
                    _ => String::new(),
                };
                let jump = match (cell, d.line) {
                    (Some(cell), Some(line)) => {
                        let (cell, col) = (cell.clone(), d.column.unwrap_or(1) as u32);
                        Some(Callback::from(move |_: MouseEvent| cell.borrow().goto(line as u32, col)))
                    }
                    _ => None,
                };
                let body = html! {
                    <>
                        <span class="hs-diag-sev">{ sev }</span>{" "}
                        <code class="hs-diag-code">{ d.code.as_str() }</code>{" "}
                        if !at.is_empty() { <span class="hs-diag-at">{ format!("line {at} ") }</span> }
                        <span class="hs-diag-msg">{ d.message.clone() }</span>
                        if let Some(h) = &d.hint { <div class="hs-diag-hint">{ h.clone() }</div> }
                    </>
                };
                html! {
                    <li class={classes!("hs-diag", format!("hs-diag-{sev}"))} data-line={d.line.map(|l| l.to_string())}>
                        if let Some(onclick) = jump {
                            <button class="pg-jump" {onclick} title="Go to the line">{ body }</button>
                        } else {
                            { body }
                        }
                    </li>
                }
            }) }
        </ul>
    }
}
