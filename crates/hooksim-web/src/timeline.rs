//! The timeline: `hooksim-render`'s SVG (the embed's, byte for byte) with what a playground adds
//! around it: focusable marks, a detail box that explains the hovered or focused event and the
//! rules behind it, zoom and drag-to-pan, and the player's cursor.

use std::rc::Rc;

use hooksim_engine::report::Time;
use hooksim_render::Drawing;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::Sim;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
pub const ZOOMS: &[u32] = &[50, 75, 100, 150, 200, 300, 400, 600, 800];

#[derive(Properties, Clone)]
pub struct TimelineProps {
    pub sim: Rc<Sim>,
    /// Greyed: the input is broken and this is the last good one.
    pub stale: bool,
    pub cursor: Option<Time>,
    pub zoom: Option<u32>,
    pub on_cursor: Callback<Option<Time>>,
    pub on_step: Callback<i32>,
    pub on_zoom: Callback<Option<u32>>,
    /// The embed's compact form: no zoom or player controls.
    #[prop_or_default]
    pub compact: bool,
}

impl PartialEq for TimelineProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &o.sim)
            && self.stale == o.stale
            && self.cursor == o.cursor
            && self.zoom == o.zoom
            && self.compact == o.compact
    }
}

/// Tenths (the renderer's [`Drawing`] lengths) as an SVG number. Integers only: the wasm then
/// carries no float formatting.
fn px(v: i64) -> String {
    let (sign, a) = if v < 0 { ("-", -v) } else { ("", v) };
    if a % 10 == 0 {
        format!("{sign}{}", a / 10)
    } else {
        format!("{sign}{}.{}", a / 10, a % 10)
    }
}

/// A simulation and a zoom, compared by identity (for memoising the drawing).
struct SimZoom(Rc<Sim>, u32);

impl PartialEq for SimZoom {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0) && self.1 == o.1
    }
}

/// What the detail box shows: the hovered or focused element's hover text, as the index of its
/// typed [`hooksim_render::Title`] in the drawing (its `data-title`: a mark, a bar, a label).
fn detail_of(el: &web_sys::Element) -> Option<usize> {
    el.closest("[data-title]").ok()??.get_attribute("data-title")?.parse().ok()
}

/// The timeline with its tools.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let scroll = use_node_ref();
    // Compared before it is set: forgetting a detail on every edit must not draw the timeline again.
    let detail = use_state_eq(|| None::<usize>);
    let playing = use_state(|| false);
    let drag = use_mut_ref(|| None::<(i32, i32)>);
    // The events as a list (for keyboards and screen readers), rendered only while open.
    let list_open = use_state(|| false);
    let zoom = props.zoom.unwrap_or(100);
    // Zoom stretches the time axis (the texts keep their size): the picture is drawn again,
    // wider. The SVG goes to the page; its size and time scale stay typed for the tools below.
    let drawn = use_memo(SimZoom(props.sim.clone(), zoom), |SimZoom(sim, zoom)| {
        if *zoom == 100 || sim.svg.is_empty() {
            (sim.svg.clone(), sim.drawing.clone())
        } else {
            let mut d = crate::state::draw(&sim.report, *zoom);
            (AttrValue::from(std::mem::take(&mut d.svg)), std::rc::Rc::new(d))
        }
    });

    // After each render: focusable marks, the zoom, the cursor.
    {
        let (scroll, drawn) = (scroll.clone(), drawn.clone());
        use_effect_with((props.sim.clone(), props.zoom, props.cursor, props.stale), move |(_, zoom, cursor, _)| {
            decorate(&scroll, &drawn.1, *zoom, *cursor);
        });
    }
    // The player: one stop every 700 ms until the end.
    {
        let (playing, on_step, at_end) =
            (playing.clone(), props.on_step.clone(), props.cursor == Some(props.sim.end()));
        use_effect_with((*playing, at_end), move |&(on, end)| {
            let timer = if on && end {
                playing.set(false);
                None
            } else if on {
                Some(gloo_timers::callback::Interval::new(700, move || on_step.emit(1)))
            } else {
                None
            };
            move || drop(timer)
        });
    }
    // Forget a hovered detail when the input changes.
    {
        let detail = detail.clone();
        use_effect_with(props.sim.clone(), move |_| detail.set(None));
    }

    let show = {
        let detail = detail.clone();
        Callback::from(move |e: Event| {
            if let Some(d) = e.target_dyn_into::<web_sys::Element>().as_ref().and_then(detail_of) {
                detail.set(Some(d));
            }
        })
    };
    let onmouseover = {
        let show = show.clone();
        Callback::from(move |e: MouseEvent| show.emit(e.into()))
    };
    let onfocusin = {
        let show = show.clone();
        Callback::from(move |e: FocusEvent| show.emit(e.into()))
    };
    let onclick = {
        let on_cursor = props.on_cursor.clone();
        Callback::from(move |e: MouseEvent| {
            let t = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|el| el.closest("[data-t]").ok().flatten())
                .and_then(|el| el.get_attribute("data-t"))
                .and_then(|t| t.parse::<Time>().ok());
            if let Some(t) = t {
                on_cursor.emit(Some(t));
            }
        })
    };
    // A click on an event of the list moves the player there, as a click on its mark does.
    let list_click = onclick.clone();
    let toggle_list = {
        let list_open = list_open.clone();
        Callback::from(move |_: MouseEvent| list_open.set(!*list_open))
    };
    let onkeydown = {
        let on_cursor = props.on_cursor.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                let t = e
                    .target_dyn_into::<web_sys::Element>()
                    .and_then(|el| el.get_attribute("data-t"))
                    .and_then(|t| t.parse::<Time>().ok());
                if let Some(t) = t {
                    e.prevent_default();
                    on_cursor.emit(Some(t));
                }
            }
        })
    };
    // The labels stay at the left edge while the picture scrolls.
    let onscroll = {
        let (scroll, drawn) = (scroll.clone(), drawn.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = scroll.cast::<web_sys::Element>() {
                pin_labels(&el, &drawn.1);
            }
        })
    };
    // Drag to pan (the scroll box scrolls; a click without a drag still selects a mark).
    let onpointerdown = {
        let (drag, scroll) = (drag.clone(), scroll.clone());
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 || e.pointer_type() != "mouse" {
                return;
            }
            if let Some(el) = scroll.cast::<web_sys::Element>() {
                if el.scroll_width() > el.client_width() {
                    *drag.borrow_mut() = Some((e.client_x(), el.scroll_left()));
                }
            }
        })
    };
    let onpointermove = {
        let (drag, scroll) = (drag.clone(), scroll.clone());
        Callback::from(move |e: PointerEvent| {
            if let (Some((x0, left)), Some(el)) = (*drag.borrow(), scroll.cast::<web_sys::Element>()) {
                if e.buttons() & 1 == 0 {
                    return;
                }
                let dx = e.client_x() - x0;
                if dx.abs() > 3 {
                    el.set_scroll_left(left - dx);
                    let _ = el.class_list().add_1("pg-panning");
                }
            }
        })
    };
    let onpointerup = {
        let (drag, scroll) = (drag.clone(), scroll.clone());
        Callback::from(move |_: PointerEvent| {
            *drag.borrow_mut() = None;
            if let Some(el) = scroll.cast::<web_sys::Element>() {
                let _ = el.class_list().remove_1("pg-panning");
            }
        })
    };
    // Ctrl/Cmd + wheel zooms.
    let onwheel = {
        let (on_zoom, zoom) = (props.on_zoom.clone(), props.zoom.unwrap_or(100));
        Callback::from(move |e: WheelEvent| {
            if !(e.ctrl_key() || e.meta_key()) {
                return;
            }
            e.prevent_default();
            on_zoom.emit(Some(next_zoom(zoom, if e.delta_y() < 0.0 { 1 } else { -1 })));
        })
    };

    let sim = &props.sim;
    let tools = if props.compact || sim.svg.is_empty() {
        html! {}
    } else {
        let z = |dir: i32| {
            let on_zoom = props.on_zoom.clone();
            Callback::from(move |_: MouseEvent| on_zoom.emit(Some(next_zoom(zoom, dir))))
        };
        let fit = {
            let on_zoom = props.on_zoom.clone();
            Callback::from(move |_: MouseEvent| on_zoom.emit(None))
        };
        let step = |dir: i32| {
            let on_step = props.on_step.clone();
            Callback::from(move |_: MouseEvent| on_step.emit(dir))
        };
        let to = |t: Option<Time>| {
            let on_cursor = props.on_cursor.clone();
            Callback::from(move |_: MouseEvent| on_cursor.emit(t))
        };
        let play = {
            let (playing, on_cursor, cursor, end, first) =
                (playing.clone(), props.on_cursor.clone(), props.cursor, sim.end(), sim.moments.first().copied());
            Callback::from(move |_: MouseEvent| {
                if !*playing && (cursor.is_none() || cursor == Some(end)) {
                    on_cursor.emit(first);
                }
                playing.set(!*playing);
            })
        };
        let scrub = {
            let on_cursor = props.on_cursor.clone();
            Callback::from(move |e: InputEvent| {
                if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                    on_cursor.emit(i.value().parse::<Time>().ok());
                }
            })
        };
        let end = sim.end();
        let at = props.cursor.unwrap_or(end);
        html! {
            <div class="pg-tl-tools" role="toolbar" aria-label="Timeline">
                <span class="pg-group" aria-label="Player">
                    <button class="pg-icon" title="First event" aria-label="First event" onclick={to(sim.moments.first().copied())}>{ icon("M3 2h2v12H3zM14 2v12L6 8z") }</button>
                    <button class="pg-icon" title="Previous event (←)" aria-label="Previous event" onclick={step(-1)}>{ icon("M12 2v12L4 8z") }</button>
                    <button class="pg-icon pg-play" title={if *playing {"Pause"} else {"Play the operation"}}
                        aria-label={if *playing {"Pause"} else {"Play"}} aria-pressed={playing.to_string()} onclick={play}>
                        { if *playing { icon("M4 2h3v12H4zM9 2h3v12H9z") } else { icon("M4 2v12l10-6z") } }
                    </button>
                    <button class="pg-icon" title="Next event (→)" aria-label="Next event" onclick={step(1)}>{ icon("M4 2v12l8-6z") }</button>
                    <button class="pg-icon" title="Jump to the end" aria-label="Jump to the end" onclick={to(None)}>{ icon("M2 2v12l8-6zM11 2h2v12h-2z") }</button>
                    <input type="range" class="pg-scrub" min="0" max={end.to_string()} step="1" value={at.to_string()}
                        aria-label="Time" oninput={scrub} />
                    <span class="pg-time" aria-live="off">{ match props.cursor { Some(t) => format!("{t} s"), None => format!("end ({end} s)") } }</span>
                </span>
                <span class="pg-group" aria-label="Zoom">
                    <button class="pg-icon" title="Zoom out (Ctrl+wheel)" aria-label="Zoom out" onclick={z(-1)} disabled={zoom <= ZOOMS[0]}>{"−"}</button>
                    <button class="pg-zoom" title="Fit to the width" aria-label={format!("{zoom} %: fit to the width")} onclick={fit}>{format!("{zoom} %")}</button>
                    <button class="pg-icon" title="Zoom in (Ctrl+wheel)" aria-label="Zoom in" onclick={z(1)} disabled={zoom >= *ZOOMS.last().unwrap_or(&800)}>{"+"}</button>
                </span>
            </div>
        }
    };

    let body = if sim.svg.is_empty() {
        html! { <p class="pg-empty">{"Nothing to show yet: the input has no manifests Argo CD would sync."}</p> }
    } else {
        Html::from_html_unchecked(drawn.0.clone())
    };

    // The detail box: the typed hover text of the drawing on the page (issue 15 item 4).
    let detail_html = match detail.and_then(|i| drawn.1.titles.get(i)) {
        None => {
            html! { <p class="pg-hint">{"Point at, tap or focus (Tab) a mark for the event and the rule behind it; click or tap it to move the player there. The ◀ ▶ buttons (or ← → keys) step through the events."}</p> }
        }
        Some(d) => {
            let one_liners = crate::rule_lines::table();
            html! {
                <>
                    <ul class="pg-detail-lines">
                        { for d.lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }
                    </ul>
                    if !d.rules.is_empty() {
                        <ul class="pg-rules">
                            { for d.rules.iter().map(|r| html! {
                                <li><a href={hooksim_render::rules::rule_href(r)} target="_blank" rel="noopener"
                                    title="This rule in hooksim's rule book"><b>{ r.clone() }</b></a>{": "}{ hooksim_render::rules::line_in(&one_liners, r).unwrap_or("").to_string() }</li>
                            }) }
                        </ul>
                    }
                </>
            }
        }
    };

    html! {
        <div class={classes!("pg-tl", props.stale.then_some("pg-stale"))}>
            { tools }
            <div class={classes!("pg-tl-scroll", "hs-timeline", (zoom > 100).then_some("pg-zoomed"))} ref={scroll}
                {onmouseover} {onfocusin} {onclick} {onkeydown} {onpointerdown} {onpointermove} {onscroll}
                onpointerup={onpointerup.clone()} onpointerleave={onpointerup} {onwheel}>
                { body }
            </div>
            if !props.compact {
                <div class="pg-detail" aria-live="polite">{ detail_html }</div>
                <div class="pg-events-wrap">
                    <button class="pg-btn pg-events-toggle" aria-expanded={list_open.to_string()} aria-controls="pg-events"
                        onclick={toggle_list}>{ if *list_open { "Hide the events list" } else { "The events as a list" } }</button>
                    if *list_open {
                        <div id="pg-events" class="pg-events" role="region" aria-label="The timeline's events" tabindex="0" onclick={list_click}>
                            { Html::from_html_unchecked(AttrValue::from(hooksim_render::events_html_with(&props.sim.report, &crate::rule_lines::table()))) }
                        </div>
                    }
                </div>
            }
        </div>
    }
}

/// A 16 px icon from one path (fonts do not all have the media-control characters).
fn icon(d: &'static str) -> Html {
    html! {
        <svg class="pg-svg-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            <path d={d} fill="currentColor" />
        </svg>
    }
}

fn next_zoom(z: u32, dir: i32) -> u32 {
    if dir > 0 {
        ZOOMS.iter().copied().find(|&x| x > z).unwrap_or(*ZOOMS.last().unwrap_or(&z))
    } else {
        ZOOMS.iter().rev().copied().find(|&x| x < z).unwrap_or(ZOOMS[0])
    }
}

/// Keeps the lane titles and row labels (hooksim-render's `hs-pin` group) at the left edge of
/// the visible part while the picture scrolls sideways.
fn pin_labels(host: &web_sys::Element, drawing: &Drawing) {
    let Some(svg) = host.query_selector("svg.hs-svg").ok().flatten() else { return };
    let Some(pin) = svg.query_selector(".hs-pin").ok().flatten() else { return };
    let drawn = svg.get_bounding_client_rect().width();
    // Whole pixels, written as integers: float formatting would add about 15 KB to the wasm
    // (docs/playground.md, "Size").
    let width = if drawing.width > 0 { f64::from((drawing.width / 10) as i32) } else { drawn };
    let dx = if drawn > 0.0 { f64::from(host.scroll_left()) * width / drawn } else { 0.0 };
    if dx > 0.5 {
        let _ = pin.set_attribute("transform", &format!("translate({} 0)", dx.round() as i64));
        let _ = pin.set_attribute("class", "hs-pin hs-pinned");
    } else {
        let _ = pin.remove_attribute("transform");
        let _ = pin.set_attribute("class", "hs-pin");
    }
}

/// Adds to the rendered SVG what the playground needs: tab stops on marks, the zoomed width,
/// the player's cursor (a line at its second, and everything after it veiled). `drawing` is the
/// renderer's account of the SVG (its size and time scale, without the SVG itself).
fn decorate(scroll: &NodeRef, drawing: &Drawing, zoom: Option<u32>, cursor: Option<Time>) {
    let Some(host) = scroll.cast::<web_sys::Element>() else { return };
    let Some(svg) = host.query_selector("svg.hs-svg").ok().flatten() else { return };
    // With marks to focus, the picture is a group of controls, not one image.
    let _ = svg.set_attribute("role", "group");
    if let Ok(marks) = svg.query_selector_all("circle.hs-mark") {
        for i in 0..marks.length() {
            if let Some(m) = marks.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                if !m.has_attribute("tabindex") {
                    let _ = m.set_attribute("tabindex", "0");
                    let label =
                        m.query_selector("title").ok().flatten().and_then(|t| t.text_content()).unwrap_or_default();
                    let _ = m.set_attribute("aria-label", &label);
                    let _ = m.set_attribute("role", "button");
                }
            }
        }
    }
    let (width, height) = (drawing.width, drawing.height);
    if let Some(el) = svg.dyn_ref::<web_sys::SvgElement>() {
        let style = el.style();
        match zoom.filter(|&z| z != 100) {
            Some(_) => {
                // Drawn at its zoomed width already: show it at that size, scrolling.
                let w = px(width);
                let _ = style.set_property("width", &format!("{w}px"));
                let _ = style.set_property("min-width", &format!("{w}px"));
                let _ = style.set_property("max-width", "none");
            }
            None => {
                // Fit to the width, shrunk to 70 % at most; on a phone (playground.css) never
                // shrunk, so that its text stays at least 11 px: it scrolls instead.
                let _ = style.remove_property("width");
                let _ = style.remove_property("min-width");
                let _ = style.set_property("--pg-w", &format!("{}px", px(width)));
                let _ = style.remove_property("max-width");
            }
        }
    }
    if let Ok(old) = svg.query_selector_all(".pg-cursor, .pg-future") {
        for i in 0..old.length() {
            if let Some(n) = old.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                n.remove();
            }
        }
    }
    let Some(x) = cursor.and_then(|t| drawing.x_of(t)) else { return };
    let Some(doc) = svg.owner_document() else { return };
    // Under the pinned labels, over the rest.
    let pin = svg.query_selector(".hs-pin").ok().flatten();
    let make = |tag: &str, attrs: &[(&str, String)]| {
        if let Ok(el) = doc.create_element_ns(Some(SVG_NS), tag) {
            for (k, v) in attrs {
                let _ = el.set_attribute(k, v);
            }
            let _ = svg.insert_before(&el, pin.as_ref().map(|p| p.as_ref()));
        }
    };
    make(
        "rect",
        &[
            ("class", "pg-future".into()),
            ("x", px(x + 50)),
            ("y", "22".into()),
            ("width", px((width - x - 50).max(0))),
            ("height", px((height - 220).max(0))),
        ],
    );
    make(
        "line",
        &[("class", "pg-cursor".into()), ("x1", px(x)), ("x2", px(x)), ("y1", "4".into()), ("y2", px(height))],
    );
    // Keep the cursor in view when zoomed.
    let cx = (x * i64::from(host.scroll_width()) / width.max(1)) as i32;
    let (left, w) = (host.scroll_left(), host.client_width());
    if cx < left + 40 || cx > left + w - 40 {
        host.set_scroll_left((cx - w / 2).max(0));
    }
    pin_labels(&host, drawing);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_are_written_as_svg_numbers() {
        assert_eq!(px(3362), "336.2");
        assert_eq!(px(-20), "-2");
        assert_eq!(px(-5), "-0.5");
    }

    #[test]
    fn zoom_steps() {
        assert_eq!(next_zoom(100, 1), 150);
        assert_eq!(next_zoom(100, -1), 75);
        assert_eq!(next_zoom(800, 1), 800);
        assert_eq!(next_zoom(50, -1), 50);
        assert_eq!(next_zoom(120, 1), 150);
    }
}
