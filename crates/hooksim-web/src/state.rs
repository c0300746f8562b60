//! The playground's state and its transitions, free of the DOM so that they are tested natively
//! (the shape of Yew's todomvc example: a `Reducible` state, pure actions).
//!
//! The input is simulated in the reducer, once per change: the report and its rendering
//! (`hooksim-render`, the same as the embed's) are kept with it, and so is the last input that
//! could be simulated, so that a broken edit leaves the last good timeline on screen.

use std::rc::Rc;

use hooksim_engine::diagnostics::codes;
use hooksim_engine::report::{EventType, MessageAt, OperationReport, Report, Time};
use hooksim_engine::{Options, Severity};
use hooksim_render::Drawing;
use hooksim_session::share::{self, Target, View};
use yew::{AttrValue, Reducible};

use crate::gallery;
use crate::link;

/// A simulated input and what the page shows of it.
#[derive(Debug)]
pub struct Sim {
    pub input: String,
    pub report: Report,
    /// The timeline's SVG (empty when nothing ran), shared with the page's views as it is.
    pub svg: AttrValue,
    /// The renderer's account of it (size, time scale, hover texts; its `svg` moved to `svg`),
    /// shared: a change of the input draws once, and the timeline borrows it.
    pub drawing: Rc<Drawing>,
    /// The result tables and "left in the cluster".
    pub result: String,
    /// The distinct times of the events, in order (the player's stops).
    pub moments: Vec<Time>,
    /// The scenario's title (`metadata.name`) and description.
    pub title: Option<String>,
    pub description: Option<String>,
    /// An Application tree (child Applications, an ApplicationSet): the page's engine has no such
    /// layers (`hooksim_engine::sim::TREES`) and ran nothing; its view and diagnostics come from
    /// the wasm API module (tree.rs). Always false in native builds, which have the layers.
    pub elsewhere: bool,
}

/// The engine is deterministic: two simulations are equal when their inputs are. Comparing the
/// inputs rather than the reports keeps Yew's prop and effect comparisons cheap (and the wasm
/// free of a deep comparison of every report type).
impl PartialEq for Sim {
    fn eq(&self, other: &Sim) -> bool {
        self.input == other.input
    }
}

/// Whether the page armed the crash-test seam (`hooksim_session::CRASH_TEST_FLAG`): only the
/// browser tests do; a link cannot.
fn crash_test_armed() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        let key = wasm_bindgen::JsValue::from_str(hooksim_session::CRASH_TEST_FLAG);
        js_sys::Reflect::get(&js_sys::global(), &key).ok().and_then(|v| v.as_bool()) == Some(true)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        false
    }
}

impl Sim {
    pub fn run(input: &str) -> Sim {
        hooksim_session::crash_test(input, crash_test_armed());
        // One reading of the input for the report and the title (hooksim-session). The scenario
        // panel reads it once more, in the wasm API module, only while the panel is shown.
        let session = hooksim_session::Session::new(input, &Options::default());
        let info = session.info();
        let (input, prepared, report) = session.into_parts();
        let mut drawing = if hooksim_render::has_timeline(&report) { draw(&report, 100) } else { Drawing::default() };
        let svg = AttrValue::from(std::mem::take(&mut drawing.svg));
        let drawing = Rc::new(drawing);
        let result = hooksim_render::result_html(&report);
        let mut moments: Vec<Time> = report.operations.iter().flat_map(|o| o.events.iter().map(|e| e.t)).collect();
        hooksim_engine::sort::sort(&mut moments);
        moments.dedup();
        let elsewhere = prepared.tree_left_out;
        Sim { input, report, svg, drawing, result, moments, title: info.name, description: info.description, elsewhere }
    }

    /// Broken: the input could not be read as a whole (YAML syntax, an unreadable scenario, a
    /// limit), so its timeline would mislead. Other errors are part of what is simulated.
    pub fn broken(&self) -> bool {
        self.report.diagnostics.iter().any(|d| {
            d.severity == Severity::Error
                && matches!(
                    d.code,
                    codes::YAML_SYNTAX | codes::SCENARIO_INVALID | codes::LIMIT_EXCEEDED | codes::NOT_A_MAPPING
                )
        })
    }

    /// The final phase of the last operation ("none" when nothing ran).
    pub fn phase(&self) -> &str {
        hooksim_render::final_phase(&self.report).unwrap_or("none")
    }

    /// The last operation's message.
    pub fn message(&self) -> &str {
        hooksim_render::last_operation(&self.report).map(|o| o.message.as_str()).unwrap_or("")
    }

    /// Nothing Argo CD would sync: no operation touched a resource (an empty editor, a Scenario
    /// without manifests; an ApplicationSet's Applications sync themselves, A38). The page then
    /// asks for manifests rather than show an empty success.
    pub fn nothing_to_sync(&self) -> bool {
        !self.elsewhere
            && self.report.application_set.is_none()
            && self.report.operations.iter().all(|o| o.results.is_empty())
    }

    pub fn end(&self) -> Time {
        self.moments.last().copied().unwrap_or(0)
    }

    /// The player's stop after (`+1`) or before (`-1`) `t`; from "the end" (None), back goes to
    /// the last stop and forward to the first.
    pub fn step(&self, t: Option<Time>, dir: i32) -> Option<Time> {
        let m = &self.moments;
        match (t, dir >= 0) {
            (None, true) => m.first().copied(),
            (None, false) => m.last().copied(),
            (Some(t), true) => m.iter().copied().find(|&x| x > t).or(Some(t)),
            (Some(t), false) => m.iter().rev().copied().find(|&x| x < t).or(Some(t)),
        }
    }

    /// What Argo CD shows at second `t`: the operation's phase, Argo CD's exact message then
    /// (from the report's `messages`, R52) and, while it runs, the last thing it did and the hooks
    /// still running. None before the first operation.
    pub fn status_at(&self, t: Time) -> Option<Status> {
        let ops = &self.report.operations;
        let op = ops.iter().rev().find(|o| o.started_at <= t)?;
        let done = op.finished_at.is_some_and(|f| f <= t);
        let (phase, message) = match message_at(op, t) {
            Some(m) => (m.phase.clone(), m.message.clone()),
            None if done => (op.phase.clone(), op.message.clone()),
            None => ("Running".into(), String::new()),
        };
        let mut detail = String::new();
        if !done {
            let last = op.events.iter().rev().find(|e| {
                e.t <= t
                    && matches!(
                        e.ty,
                        EventType::StepStarted
                            | EventType::WaveDelay
                            | EventType::Applied
                            | EventType::ApplyFailed
                            | EventType::HookCompleted
                            | EventType::HealthChanged
                            | EventType::Pruned
                            | EventType::OperationStarted
                    )
            });
            detail = last.map(hooksim_engine::text::describe).unwrap_or_default();
            let waiting = self.hooks_running_at(t);
            if !waiting.is_empty() {
                detail = format!("{detail} · hooks running: {}", waiting.join(", "));
            }
        }
        Some(Status { phase, message, detail })
    }

    /// The hooks of the operation running at `t` that were applied and have not completed by
    /// then (what Argo CD is waiting for, R39).
    pub fn hooks_running_at(&self, t: Time) -> Vec<String> {
        let Some(op) = self.report.operations.iter().rev().find(|o| o.started_at <= t) else { return Vec::new() };
        let is_hook = |name: &str| op.results.iter().any(|r| r.name == name && r.hook_type.is_some());
        let mut running: Vec<String> = Vec::new();
        for e in op.events.iter().filter(|e| e.t <= t) {
            let (Some(kind), Some(name)) = (&e.kind, &e.name) else { continue };
            let label = format!("{kind}/{name}");
            match e.ty {
                EventType::Applied if is_hook(name) && !running.contains(&label) => running.push(label),
                EventType::HookCompleted | EventType::Deleted => running.retain(|r| *r != label),
                _ => {}
            }
        }
        running
    }
}

/// What the player shows at its second.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// The operation's phase then (Running until it completes).
    pub phase: String,
    /// Argo CD's exact message then ("waiting for completion of hook batch/Job/x").
    pub message: String,
    /// While it runs: the last thing Argo CD did and the hooks still running.
    pub detail: String,
}

/// The operation's phase and message at second `t`: the last entry of its `messages` at or
/// before `t`.
pub fn message_at(op: &OperationReport, t: Time) -> Option<&MessageAt> {
    op.messages.iter().rev().find(|m| m.t <= t)
}

/// The timeline at a zoom (percent). One call site for the renderer, so that the wasm has one
/// copy of it.
#[inline(never)]
pub fn draw(report: &Report, zoom: u32) -> Drawing {
    hooksim_render::timeline_drawing(report, zoom, &[])
}

/// Where the input came from when it was loaded from outside the editor.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    pub input: String,
    pub view: View,
    pub example: Option<Rc<gallery::Example>>,
    pub notice: Option<String>,
}

#[derive(Debug)]
pub enum Action {
    /// The editor's text after typing paused, or on Ctrl/Cmd+Enter.
    Edit(String),
    /// A new input from outside the editor (an example, a link, a reload).
    Load(Load),
    /// A new input made by the scenario panel: simulated, and taken over by the editor.
    Rewrite(String),
    /// Open a gallery example: its text is fetched (`loading`), then loaded.
    Example(&'static str),
    /// The example could not be fetched.
    Failed(String),
    /// The player's position (None: the end, everything shown).
    Cursor(Option<Time>),
    /// The player's next (1) or previous (-1) stop.
    Step(i32),
    /// The timeline's zoom in percent (None: fit).
    Zoom(Option<u32>),
    /// The left column's tab: None for the YAML, "scenario" for the panel.
    Panel(Option<String>),
    /// A message for the user, or none.
    Notice(Option<String>),
    /// The input an earlier page crashed on: simulate it after all (`true`), or forget it.
    Recovered(bool),
    /// Compare with the input changed by `KEY=VALUE` settings (None: stop comparing).
    Compare(Option<String>),
    /// Compare with the text before the last edit (`State::previous`).
    CompareBefore,
    /// Draw again: something the view shows arrived from outside the state (the extras).
    Redraw,
}

#[derive(Debug, PartialEq)]
pub struct State {
    /// The current input, simulated.
    pub sim: Rc<Sim>,
    /// The last input that was not broken (the same Rc as `sim` when `sim` is fine).
    pub good: Option<Rc<Sim>>,
    pub view: View,
    /// The gallery example shown, while it is unedited.
    pub example: Option<Rc<gallery::Example>>,
    pub embed: bool,
    pub notice: Option<String>,
    /// Counts loads from outside the editor, which the editor then takes over.
    pub loads: u32,
    /// The example whose text is being fetched.
    pub loading: Option<&'static str>,
    /// The input during which an earlier page crashed (kept in localStorage): shown to the user,
    /// not simulated again unless asked.
    pub recovered: Option<String>,
    /// The text before the user's last edit, "edit" meaning a pause in typing (or a change by
    /// the scenario panel) after which the outcome differs: the last text that simulated to
    /// another timeline, result or leftover than the current one. Edits that change none of
    /// them (a comment, a space) and texts with errors do not count; before any such edit, the
    /// text as it was opened. "Compare with the previous edit" compares with it (compare.rs).
    pub previous: Rc<str>,
    /// The text was changed (typed, or rewritten by the panel) since it was loaded: a loaded
    /// example's description may no longer apply.
    pub edited: bool,
}

/// Whether the page is in embed mode (`#embed/…` or `?embed`).
pub fn is_embed(hash: &str, search: &str) -> bool {
    let h = hash.strip_prefix('#').unwrap_or(hash);
    h == "embed"
        || h.starts_with(&share::EMBED[1..])
        || search.trim_start_matches('?').split('&').any(|p| p == "embed" || p.starts_with("embed="))
}

/// The notice of a link that carries the input an earlier page crashed on.
pub const CRASHED_LINK: &str =
    "This link carries the input hooksim crashed on last time: it was not simulated again (see above).";

/// The last state as localStorage keeps it: a `#v1/` hash (compressed), or the JSON of older
/// versions.
pub fn read_stored(stored: &str) -> Option<share::State> {
    if stored.starts_with('#') {
        match link::parse_hash(stored).target {
            Target::State(s) => Some(s),
            _ => None,
        }
    } else {
        share::State::from_json(stored)
    }
}

/// The longest link Share makes: Chromium opens URLs of at most 2 MB (2,097,152 characters), so a
/// longer one could not be opened (issue 16, item 12).
pub const MAX_LINK_CHARS: usize = 2_000_000;

/// The notice when the state is too large for this browser's storage (issue 16, item 12).
pub const NOT_KEPT: &str =
    "This input is too large to be kept in this browser: save the editor's text in a file before you leave (leaving asks first).";

/// Why Share makes no link of `url`, when it is too long to be opened.
pub fn link_too_long(url: &str) -> Option<String> {
    (url.len() > MAX_LINK_CHARS).then(|| {
        format!(
            "No link made: this input needs {} characters, more than a browser opens ({MAX_LINK_CHARS}). Share the editor's text as a file instead.",
            url.len()
        )
    })
}

/// The notice when the last state kept in this browser cannot be read.
fn unreadable_notice() -> String {
    format!(
        "The last state kept in this browser could not be restored: it is set aside (localStorage {}), not overwritten.",
        crate::dom::UNREADABLE_KEY
    )
}

/// What a page opens: from its URL, localStorage and the crash guard, before anything is
/// simulated.
#[derive(Debug, Clone, PartialEq)]
pub struct Opening {
    pub load: Load,
    pub embed: bool,
    /// The example whose text must be fetched first.
    pub loading: Option<&'static str>,
    /// Whether the load comes from the link (else from localStorage or the default).
    pub linked: bool,
}

impl State {
    /// Simulates `input`. In the browser, and outside embed mode, the input is first written to
    /// localStorage as "in flight" (`dom::inflight`): if the wasm dies in the engine or in the
    /// rendering (a panic aborts), the next page finds it there and does not run it again.
    fn with_input(input: &str, good: Option<Rc<Sim>>, guard: bool) -> (Rc<Sim>, Option<Rc<Sim>>) {
        if guard {
            crate::dom::inflight(input);
        }
        let sim = Rc::new(Sim::run(input));
        let good = if sim.broken() { good } else { Some(sim.clone()) };
        (sim, good)
    }

    /// What a page opens: the link in `hash` (and `?embed` in `search`), else the last state in
    /// `stored` (localStorage), else the default example. `crashed` is the input during which
    /// the last page died: a link or stored state carrying that input is not opened again.
    pub fn opening(hash: &str, search: &str, stored: Option<&str>, crashed: Option<&str>) -> Opening {
        let h = link::parse_hash(hash);
        let embed = is_embed(hash, search);
        let mut notice = None;
        let crashed_on = |input: &str| crashed.is_some_and(|c| c == input);
        let linked = match h.target {
            Target::State(s) if crashed_on(&s.input) => {
                notice = Some(CRASHED_LINK.to_string());
                None
            }
            Target::State(s) => Some(Load { input: s.input, view: s.view, example: None, notice: None }),
            Target::Example(id) => match gallery::find(&id) {
                Some(id) => Some(example_load(id, gallery::embedded_text(id).to_string())),
                None => {
                    notice = Some(format!("There is no example \"{id}\" in the gallery."));
                    None
                }
            },
            Target::Invalid(e) => {
                notice = Some(format!("The link could not be opened: {e}."));
                None
            }
            Target::None => None,
        };
        let load = linked
            .clone()
            .or_else(|| {
                // The last state of this browser, unless a link asked for something (embeds never
                // show what someone typed elsewhere).
                if embed {
                    return None;
                }
                let Some(s) = read_stored(stored?) else {
                    // Set aside, never overwritten by the default example (issue 16, item 12).
                    if stored.is_some_and(crate::dom::set_aside_unreadable) {
                        notice.get_or_insert_with(unreadable_notice);
                    }
                    return None;
                };
                (!crashed_on(&s.input)).then_some(Load { input: s.input, view: s.view, example: None, notice: None })
            })
            .or_else(|| {
                gallery::find(gallery::DEFAULT_ID).map(|id| example_load(id, gallery::embedded_text(id).to_string()))
            })
            .unwrap_or(Load { input: String::new(), view: View::default(), example: None, notice: None });
        let load = Load { notice: notice.or(load.notice), ..load };
        // An example whose text is not embedded is fetched first (the app does that).
        let loading = load.example.as_ref().map(|e| e.id).filter(|_| load.input.is_empty());
        Opening { load, embed, loading, linked: linked.is_some() }
    }

    /// The first state of a page (see [`State::opening`]); `crashed` is also kept as
    /// [`State::recovered`] for the user.
    pub fn initial(hash: &str, search: &str, stored: Option<&str>, crashed: Option<&str>) -> State {
        let Opening { load, embed, loading, .. } = State::opening(hash, search, stored, crashed);
        let (sim, good) = State::with_input(&load.input, None, !embed && loading.is_none());
        State {
            sim,
            good,
            view: load.view,
            example: load.example,
            embed,
            notice: load.notice,
            loads: 0,
            loading,
            recovered: if embed { None } else { crashed.map(str::to_string) },
            edited: false,
            previous: Rc::from(load.input.as_str()),
        }
    }

    /// What the timeline shows: the current simulation, or the last good one when the current
    /// input is broken (then `stale` is true).
    pub fn shown(&self) -> (Rc<Sim>, bool) {
        match (&self.good, self.sim.broken()) {
            (Some(g), true) => (g.clone(), true),
            _ => (self.sim.clone(), self.sim.broken()),
        }
    }

    /// The URL hash of this state: `#example/<id>` for an unedited example, else `#v1/…`
    /// (`#embed/…` in embed mode).
    pub fn hash(&self) -> String {
        let h = match &self.example {
            Some(ex) if self.view == ex.view() => format!("{}{}", share::EXAMPLE, ex.id),
            _ => link::to_hash(&self.shared()),
        };
        if self.embed {
            format!("{}{}", share::EMBED, &h[1..])
        } else {
            h
        }
    }

    /// The state a link carries.
    pub fn shared(&self) -> share::State {
        share::State { input: self.sim.input.clone(), view: self.view.clone() }
    }

    /// What localStorage keeps: the state as a `#v1/` hash (compressed, so that big inputs fit).
    pub fn stored(&self) -> String {
        link::to_hash(&self.shared())
    }
}

impl State {
    /// Takes an edit's simulation. When its outcome differs from the last good text's, that text
    /// becomes `previous`, and a comparison with the previous edit follows it (issue 13).
    fn after_edit(&mut self, before: &State, sim: Rc<Sim>, good: Option<Rc<Sim>>) {
        // The outcome as drawn: the timeline and the result (with what is left and the
        // Application); comparing the two strings costs the wasm far less than the reports.
        let differs = |g: &Sim| g.svg != sim.svg || g.result != sim.result;
        if let Some(last) = before.good.as_ref().filter(|g| !sim.broken() && differs(g)) {
            self.previous = Rc::from(last.input.as_str());
            if self.view.before.is_some() {
                self.view.before = Some(last.input.clone());
            }
        }
        self.sim = sim;
        self.good = good;
        self.example = None;
        self.loading = None;
        self.edited = true;
    }
}

/// The load of the example `id` whose text is `text` (empty in the browser until fetched): it
/// opens compared when it names a comparison (`compare:`, issue 13).
pub fn example_load(id: &'static str, text: String) -> Load {
    let ex = gallery::Example::of(id, &text);
    Load { view: ex.view(), example: Some(Rc::new(ex)), input: text, notice: None }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = State {
            sim: self.sim.clone(),
            good: self.good.clone(),
            view: self.view.clone(),
            example: self.example.clone(),
            embed: self.embed,
            notice: self.notice.clone(),
            loads: self.loads,
            loading: self.loading,
            recovered: self.recovered.clone(),
            edited: self.edited,
            previous: self.previous.clone(),
        };
        let guard = !self.embed;
        match action {
            Action::Edit(text) => {
                if text == self.sim.input {
                    return self;
                }
                let (sim, good) = State::with_input(&text, self.good.clone(), guard);
                next.after_edit(&self, sim, good);
                // A new input starts the player over at the end.
                next.view.t = None;
            }
            Action::Rewrite(text) => {
                let (sim, good) = State::with_input(&text, self.good.clone(), guard);
                next.after_edit(&self, sim, good);
                next.loads += 1;
            }
            Action::Load(load) if self.recovered.as_deref() == Some(load.input.as_str()) => {
                // A link or an example that is the input an earlier page crashed on: not again.
                next.loading = None;
                next.notice = Some(CRASHED_LINK.to_string());
            }
            Action::Load(load) => {
                let (sim, good) = State::with_input(&load.input, self.good.clone(), guard);
                next.sim = sim;
                next.good = good;
                next.view = load.view;
                next.example = load.example;
                // The example a page opened with (after a link that could not be opened) keeps
                // the notice that says why it is shown.
                next.notice = load.notice.or_else(|| self.notice.clone().filter(|_| self.loading.is_some()));
                next.previous = Rc::from(load.input.as_str());
                next.loads += 1;
                next.edited = false;
                next.loading = None;
            }
            Action::Example(id) => {
                // A new choice: what was said of the page's first load no longer applies.
                next.loading = Some(id);
                next.notice = None;
            }
            Action::Failed(why) => {
                next.loading = None;
                next.notice = Some(format!("The example could not be loaded: {why}"));
            }
            Action::Cursor(t) => {
                if t == self.view.t {
                    return self;
                }
                next.view.t = t;
            }
            Action::Step(dir) => {
                let t = self.shown().0.step(self.view.t, dir);
                if t == self.view.t {
                    return self;
                }
                next.view.t = t;
            }
            Action::Zoom(z) => next.view.zoom = z.filter(|&z| z != 100),
            Action::Panel(p) => next.view.panel = p,
            Action::Notice(n) => next.notice = n,
            Action::Recovered(open) => {
                let Some(input) = next.recovered.take() else { return self };
                if open {
                    let (sim, good) = State::with_input(&input, self.good.clone(), guard);
                    next.sim = sim;
                    next.good = good;
                    next.example = None;
                    next.loading = None;
                    next.view = View::default();
                    next.previous = Rc::from(input.as_str());
                    next.loads += 1;
                }
            }
            Action::Compare(v) => {
                next.view.compare = v;
                next.view.before = None;
            }
            Action::CompareBefore => {
                next.view.before = Some(self.previous.to_string());
                next.view.compare = None;
            }
            Action::Redraw => {}
        }
        Rc::new(next)
    }
}

/// The timeline as a file of its own: the SVG with the stylesheet (`css`, the page's copy of
/// hooksim-render's `hs-` rules) inside; the CLI's `--format svg` does the same natively.
pub use hooksim_render::svg_with_style as standalone_svg;

#[cfg(test)]
mod tests {
    use super::*;
    use hooksim_session::gallery as table;

    fn load(ex: &'static table::Example) -> Load {
        example_load(ex.id, ex.text.to_string())
    }

    fn id_of(s: &State) -> Option<&'static str> {
        s.example.as_ref().map(|e| e.id)
    }

    fn example(id: &str) -> &'static table::Example {
        table::find(id).unwrap_or_else(|| table::default_example().unwrap())
    }

    #[test]
    fn initial_state_prefers_the_link_then_storage_then_the_default() {
        let s = State::initial("", "", None, None);
        assert_eq!(id_of(&s), Some(table::default_example().unwrap().id));
        assert_eq!(s.hash(), format!("#example/{}", id_of(&s).unwrap()));

        let stored = share::State { input: "a: 1\n".into(), view: View::default() }.to_json();
        let s = State::initial("", "", Some(&stored), None);
        assert_eq!(s.sim.input, "a: 1\n");
        assert!(s.example.is_none());

        let link =
            share::to_hash(&share::State { input: "b: 2\n".into(), view: View { t: Some(5), ..View::default() } });
        let s = State::initial(&link, "", Some(&stored), None);
        assert_eq!(s.sim.input, "b: 2\n");
        assert_eq!(s.view.t, Some(5));
        assert_eq!(s.hash(), link);

        let first = &table::all()[0];
        let s = State::initial(&format!("#example/{}", first.id), "", Some(&stored), None);
        assert_eq!(s.sim.input, first.text);

        let s = State::initial("#example/nope", "", None, None);
        assert!(s.notice.unwrap().contains("nope"));
        let s = State::initial("#v1/!!", "", None, None);
        assert!(s.notice.as_deref().unwrap().starts_with("The link could not be opened"));
        // Without a stored state the default example opens instead; in the browser its text is
        // fetched first, and its arrival keeps the notice.
        let ex = table::default_example().unwrap();
        assert_eq!(id_of(&s), Some(ex.id));
        let s = Rc::new(State { loading: Some(ex.id), ..s }).reduce(Action::Load(load(ex)));
        assert!(s.notice.as_deref().unwrap().starts_with("The link could not be opened"));
        assert_eq!(id_of(&s), Some(ex.id));
        // A later load says nothing of it, nor does an example the user opens meanwhile.
        let later = s.clone().reduce(Action::Load(load(ex)));
        assert_eq!(later.notice, None);
        let chosen = s.reduce(Action::Example(ex.id));
        assert_eq!(chosen.notice, None);
        assert_eq!(chosen.reduce(Action::Load(load(ex))).notice, None);
    }

    #[test]
    fn embed_mode_from_query_or_hash_and_never_from_storage() {
        let stored = share::State { input: "a: 1\n".into(), view: View::default() }.to_json();
        let s = State::initial("", "?embed", Some(&stored), None);
        assert!(s.embed);
        assert_ne!(s.sim.input, "a: 1\n");
        let s = State::initial("#embed/example/x", "", None, None);
        assert!(s.embed);
        assert!(s.hash().starts_with("#embed/"));
        assert!(State::initial("", "?embed=1&x", None, None).embed);
        assert!(!State::initial("", "?embedded", None, None).embed);
    }

    #[test]
    fn a_broken_edit_keeps_the_last_good_timeline() {
        let s = Rc::new(State::initial("", "", None, None));
        let good = s.sim.clone();
        assert!(!good.broken() && !good.svg.is_empty());
        let s = s.reduce(Action::Edit(format!("{}\n  bad: [", good.input)));
        assert!(s.sim.broken());
        let (shown, stale) = s.shown();
        assert!(stale);
        assert!(Rc::ptr_eq(&shown, &good));
        assert!(s.example.is_none());
        // Fixing it shows the new one.
        let s = s.reduce(Action::Edit(good.input.clone()));
        let (shown, stale) = s.shown();
        assert!(!stale && shown.input == good.input);
        // An unchanged text is no new state.
        let again = s.clone().reduce(Action::Edit(good.input.clone()));
        assert!(Rc::ptr_eq(&again, &s));
    }

    #[test]
    fn broken_input_without_a_good_one_still_renders_something() {
        let s = State::initial(
            &share::to_hash(&share::State { input: "foo: [".into(), view: View::default() }),
            "",
            None,
            None,
        );
        let (shown, stale) = s.shown();
        assert!(stale && shown.broken());
        assert!(shown.report.diagnostics.iter().any(|d| d.code == hooksim_engine::diagnostics::codes::YAML_SYNTAX));
    }

    #[test]
    fn player_steps_between_event_times() {
        let sim = Sim::run(example("presync-fails-syncfail").text);
        let m = sim.moments.clone();
        assert!(m.len() > 3);
        assert_eq!(sim.step(None, 1), Some(m[0]));
        assert_eq!(sim.step(Some(m[0]), 1), Some(m[1]));
        assert_eq!(sim.step(Some(m[1]), -1), Some(m[0]));
        assert_eq!(sim.step(Some(*m.last().unwrap()), 1), m.last().copied());
        let st = sim.status_at(0).unwrap();
        assert_eq!(st.phase, "Running");
        assert!(st.message.starts_with("waiting for completion of hook"), "{st:?}");
        assert!(!st.detail.is_empty());
        // The PreSync Job runs from 0 s until the Job controller gives up (46 s).
        assert_eq!(sim.hooks_running_at(20).len(), 1, "{:?}", sim.hooks_running_at(20));
        let st = sim.status_at(20).unwrap();
        assert!(st.message.contains("waiting for completion of hook batch/Job/presync-"), "{st:?}");
        assert!(st.detail.contains("hooks running: Job/presync-"));
        assert!(sim.hooks_running_at(sim.end()).is_empty());
        let st = sim.status_at(sim.end()).unwrap();
        assert_eq!(st.phase, sim.phase());
        assert_eq!(st.message, sim.message());
        assert!(st.detail.is_empty());
    }

    #[test]
    fn message_at_is_the_last_change_at_or_before_t() {
        let sim = Sim::run(example("presync-postsync").text);
        let op = &sim.report.operations[0];
        let m = |t: Time, phase: &str, message: &str| MessageAt { t, phase: phase.into(), message: message.into() };
        let op = OperationReport {
            messages: vec![m(5, "Running", "a"), m(9, "Running", "b"), m(12, "Succeeded", "c")],
            ..op.clone()
        };
        assert_eq!(message_at(&op, 4), None);
        assert_eq!(message_at(&op, 5).unwrap().message, "a");
        assert_eq!(message_at(&op, 11).unwrap().message, "b");
        assert_eq!(message_at(&op, 99).unwrap().phase, "Succeeded");
    }

    #[test]
    fn standalone_svg_carries_its_style() {
        let sim = Sim::run(example("presync-postsync").text);
        let svg = standalone_svg(&sim.svg, hooksim_render::CSS);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("<style>") && svg.contains("svg.hs-svg {"));
        assert!(!svg.contains(".hs-embed"));
    }

    #[test]
    fn an_edit_marks_the_loaded_text_as_changed_and_an_empty_input_has_nothing_to_sync() {
        let ex = table::default_example().unwrap();
        let s = Rc::new(State::initial("", "", None, None));
        assert!(!s.edited && !s.sim.nothing_to_sync());
        let s = s.reduce(Action::Edit(format!("{}\n# changed\n", ex.text)));
        assert!(s.edited);
        let s = s.reduce(Action::Load(load(ex)));
        assert!(!s.edited);
        assert!(s.reduce(Action::Rewrite("a: 1\n".into())).edited);
        assert!(Sim::run("").nothing_to_sync());
        assert!(Sim::run("apiVersion: hooksim/v1\nkind: Scenario\n").nothing_to_sync());
    }

    #[test]
    fn examples_are_fetched_then_loaded() {
        let s = Rc::new(State::initial("", "", None, None));
        let ex = &table::all()[0];
        let s = s.reduce(Action::Example(ex.id));
        assert_eq!(s.loading, Some(ex.id));
        let s = s.reduce(Action::Load(load(ex)));
        assert_eq!(s.loading, None);
        assert_eq!(id_of(&s), Some(ex.id));
        assert_eq!(s.sim.input, ex.text);
        let s = s.reduce(Action::Example(ex.id)).reduce(Action::Failed("HTTP 404".into()));
        assert_eq!(s.loading, None);
        assert!(s.notice.as_deref().unwrap().contains("HTTP 404"));
        let s = s.reduce(Action::Edit("a: 1\n".into()));
        assert!(s.example.is_none());
        let loads = s.loads;
        let s = s.reduce(Action::Rewrite("b: 2\n".into()));
        assert_eq!((s.loads, s.sim.input.as_str()), (loads + 1, "b: 2\n"));
    }

    /// Issue 13: an example that names a comparison opens compared and still links as itself;
    /// another comparison, or the text before the edits, goes into the link.
    #[test]
    fn comparisons_open_with_their_example_and_ride_in_the_link() {
        let ex = table::find("ttl-zero-hook-stuck-on-argocd-2-14").unwrap();
        let s = Rc::new(State::initial(&format!("#example/{}", ex.id), "", None, None));
        assert_eq!(s.view.compare.as_deref(), Some("argocdVersion=3.0"));
        assert_eq!(s.hash(), format!("#example/{}", ex.id));
        let s = s.reduce(Action::Compare(Some("argocdVersion=2.14".into())));
        assert!(s.hash().starts_with("#v1/"));
        let back = State::initial(&s.hash(), "", None, None);
        assert_eq!(back.view.compare.as_deref(), Some("argocdVersion=2.14"));
        let edited = s.reduce(Action::Edit(format!("{}\n# edited\n", ex.text))).reduce(Action::CompareBefore);
        assert_eq!((edited.view.before.as_deref(), edited.view.compare.as_deref()), (Some(ex.text), None));
        let back = State::initial(&edited.hash(), "", None, None);
        assert_eq!(back.view.before.as_deref(), Some(ex.text));
        assert_eq!(back.previous.as_ref(), back.sim.input.as_str());
        let off = edited.reduce(Action::Compare(None));
        assert_eq!((off.view.compare.clone(), off.view.before.clone()), (None, None));
    }

    /// Issue 13: "the previous edit" is the text before the last edit that changed the outcome;
    /// a comment, or a text with errors in between, does not count.
    #[test]
    fn the_previous_edit_is_the_last_text_with_another_outcome() {
        let ex = table::find("presync-postsync").unwrap();
        let s = Rc::new(State::initial(&format!("#example/{}", ex.id), "", None, None));
        assert_eq!(s.previous.as_ref(), ex.text);
        let one = format!("{}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: one}}\n", ex.text);
        let two = format!("{one}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: two}}\n");
        let s = s.reduce(Action::Edit(one.clone()));
        assert_eq!(s.previous.as_ref(), ex.text, "the first edit: the text as opened");
        let s = s.reduce(Action::Edit(format!("{one}# a comment\n"))).reduce(Action::Edit(format!("{one}---\n: [")));
        assert_eq!(s.previous.as_ref(), ex.text, "a comment and a broken text are no edits of the outcome");
        let s = s.reduce(Action::CompareBefore);
        assert_eq!(s.view.before.as_deref(), Some(ex.text));
        let s = s.reduce(Action::Edit(two.clone()));
        assert_eq!(s.previous.as_ref(), format!("{one}# a comment\n"), "the last good text before the edit");
        assert_eq!(s.view.before.as_deref(), Some(s.previous.as_ref()), "the comparison follows the edits");
    }

    #[test]
    fn zoom_and_panel_go_into_the_link() {
        let s = Rc::new(State::initial("", "", None, None));
        let s = s.reduce(Action::Zoom(Some(200)));
        assert!(s.hash().starts_with("#v1/"));
        let back = State::initial(&s.hash(), "", None, None);
        assert_eq!(back.view.zoom, Some(200));
        let s = s.reduce(Action::Zoom(Some(100)));
        assert_eq!(s.view.zoom, None);
    }

    #[test]
    fn an_input_that_crashed_the_page_is_kept_and_not_run_again() {
        let bad = "kind: Job\n# crashed here\n";
        let good = "a: 1\n";
        let stored = share::to_hash(&share::State { input: good.into(), view: View::default() });
        // A link with the input the last page died on: the stored state opens instead.
        let link = share::to_hash(&share::State { input: bad.into(), view: View::default() });
        let s = State::initial(&link, "", Some(&stored), Some(bad));
        assert_eq!(s.sim.input, good);
        assert_eq!(s.recovered.as_deref(), Some(bad));
        assert_eq!(s.notice.as_deref(), Some(CRASHED_LINK));
        // The stored state itself (written only after a render, but an upgrade may break it).
        let stored_bad = share::to_hash(&share::State { input: bad.into(), view: View::default() });
        let s = State::initial("", "", Some(&stored_bad), Some(bad));
        assert_ne!(s.sim.input, bad);
        assert_eq!(id_of(&s), Some(table::default_example().unwrap().id));
        // Embeds show the link they carry and never what was typed.
        let s = State::initial(&format!("#embed/{}", &link[1..]), "", None, Some(bad));
        assert_eq!(s.recovered, None);

        // The same input from a hashchange or an example fetch is not run either.
        let s = Rc::new(State::initial("", "", Some(&stored), Some(bad)));
        let load = Load { input: bad.into(), view: View::default(), example: None, notice: None };
        let after = s.clone().reduce(Action::Load(load));
        assert_eq!(after.sim.input, good);
        assert_eq!(after.notice.as_deref(), Some(CRASHED_LINK));
        // Dismissed: forgotten, nothing else changes.
        let dismissed = s.clone().reduce(Action::Recovered(false));
        assert_eq!((dismissed.recovered.as_ref(), dismissed.sim.input.as_str()), (None, good));
        // Opened: simulated after all, and the editor takes it over.
        let opened = s.clone().reduce(Action::Recovered(true));
        assert_eq!((opened.recovered.as_ref(), opened.sim.input.as_str()), (None, bad));
        assert_eq!(opened.loads, s.loads + 1);
        assert!(Rc::ptr_eq(&opened.clone().reduce(Action::Recovered(true)), &opened));
    }

    /// Issue 16, item 12: Share makes no link a browser cannot open.
    #[test]
    fn share_refuses_links_a_browser_cannot_open() {
        assert_eq!(link_too_long(&"x".repeat(MAX_LINK_CHARS)), None);
        assert!(link_too_long(&"x".repeat(MAX_LINK_CHARS + 1)).is_some_and(|m| m.contains("as a file")));
    }

    #[test]
    fn stored_state_is_a_compressed_hash_and_old_json_still_reads() {
        let s = State::initial("", "", None, None);
        let stored = s.stored();
        assert!(stored.starts_with(share::V1), "{stored}");
        assert_eq!(read_stored(&stored), Some(s.shared()));
        let json = share::State { input: "a: 1\n".into(), view: View::default() }.to_json();
        assert_eq!(read_stored(&json).map(|s| s.input), Some("a: 1\n".to_string()));
        assert_eq!(read_stored("#v1/!!"), None);
        assert_eq!(read_stored("<script>alert(1)</script>"), None);
        assert!(is_embed("#embed/example/x", "") && is_embed("", "?embed") && !is_embed("#v1/embed", ""));
    }
}
