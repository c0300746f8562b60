//! The few browser services the playground needs: the URL, localStorage, the clipboard,
//! downloads and the colour theme. Each fails quietly (a private window without storage, a
//! browser without clipboard access): the page keeps working.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// localStorage key of the last state (the JSON of a `share::State`).
pub const STORAGE_KEY: &str = "hooksim.playground.v1";
/// localStorage key of the chosen theme ("light" or "dark"; absent: follow the system).
pub const THEME_KEY: &str = "hooksim.theme";
/// localStorage key of the input being simulated and rendered (the text as it is): written before
/// the engine runs, removed once the page has rendered the result. Found by the next page, it
/// means the wasm died on that input (a panic aborts); it then moves to [`CRASHED_KEY`].
pub const INFLIGHT_KEY: &str = "hooksim.playground.inflight";
/// localStorage key of the input an earlier page crashed on, until the user opens or dismisses it.
pub const CRASHED_KEY: &str = "hooksim.playground.crashed";
/// The prefix of a crashed input kept as it is under [`CRASHED_KEY`] (its `#v1/` hash was larger).
const RAW: &str = "raw:";
/// Values larger than this are not kept in localStorage (its quota is about 5 MB per site; the
/// values are compressed `#v1/` hashes, so a 4 MiB input usually fits).
const MAX_STORED: usize = 2_000_000;

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

pub fn hash() -> String {
    window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

pub fn search() -> String {
    window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// Replaces the URL's hash without a new history entry (and without a `hashchange` event).
pub fn replace_hash(hash: &str) {
    let Some(w) = window() else { return };
    if w.location().hash().ok().as_deref() == Some(hash) {
        return;
    }
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(hash));
    }
}

/// This page's URL with `hash`, without `?embed`: what Share copies and embeds link to.
pub fn url_with_hash(hash: &str) -> String {
    let Some(w) = window() else { return hash.to_string() };
    let loc = w.location();
    let path = loc.pathname().unwrap_or_default();
    let origin = loc.origin().unwrap_or_default();
    format!("{origin}{path}{hash}")
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok()?
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Keeps `value` under `key`; false when it could not (too large, over the quota, no storage).
pub fn store(key: &str, value: &str) -> bool {
    if value.len() > MAX_STORED {
        return false;
    }
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// localStorage key where a last state that could not be read is set aside, rather than being
/// overwritten by the default example (issue 16, item 12).
pub const UNREADABLE_KEY: &str = "hooksim.playground.unreadable";

/// Sets aside a last state that could not be read (in the browser only).
pub fn set_aside_unreadable(value: &str) -> bool {
    cfg!(target_arch = "wasm32") && store(UNREADABLE_KEY, value)
}

/// Keeps the page's state (`STORAGE_KEY`). When it cannot be kept (too large for localStorage),
/// leaving the page asks first: the browser's "Leave site? Changes may not be saved" (issue 16,
/// item 12: such an input was lost silently). True when the state was kept before and is not now:
/// the page says so then.
pub fn keep_state(value: &str) -> bool {
    let kept = store(STORAGE_KEY, value);
    let was_kept = !NOT_KEPT.with(|n| n.replace(!kept));
    if !kept {
        ask_before_leaving();
    }
    was_kept && !kept
}

thread_local! {
    static NOT_KEPT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static ASKING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn ask_before_leaving() {
    if ASKING.with(|a| a.replace(true)) {
        return;
    }
    let Some(w) = window() else { return };
    let ask = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(|e: web_sys::Event| {
        if NOT_KEPT.with(|n| n.get()) {
            e.prevent_default();
        }
    });
    let _ = w.add_event_listener_with_callback("beforeunload", wasm_bindgen::JsCast::unchecked_ref(ask.as_ref()));
    ask.forget();
}

/// Tells the crash box (index.html) whether the input in flight is kept in this browser.
fn say_kept(kept: bool) {
    if let Some(w) = window() {
        let _ = js_sys::Reflect::set(&w, &"hooksimInputKept".into(), &kept.into());
    }
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

thread_local! {
    static INFLIGHT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks `input` as in flight (see [`INFLIGHT_KEY`]). Does nothing outside the browser, so
/// that the state's tests run natively.
///
/// This runs before every simulation, so it stores the text as it is (no compression on the
/// keystroke's path); an input too big for [`MAX_STORED`] is not guarded.
pub fn inflight(input: &str) {
    if cfg!(target_arch = "wasm32") {
        // The crash box says whether the input is kept (issue 16, item 13).
        // Within what a crash can keep as it is (see `crashed`).
        say_kept(input.len() + RAW.len() <= MAX_STORED && store(INFLIGHT_KEY, input));
        INFLIGHT.with(|f| f.set(true));
    }
}

/// What [`when_still`] will run, with its timer.
type Later = (gloo_timers::callback::Timeout, Box<dyn FnOnce()>);

thread_local! {
    static LATER: std::cell::RefCell<Option<Later>> = const { std::cell::RefCell::new(None) };
}

/// Runs what [`when_still`] has pending, if anything (its timer fired, or the page is being left).
fn run_later() {
    if let Some((_timer, f)) = LATER.with(|l| l.borrow_mut().take()) {
        f();
    }
}

/// Runs `f` once no newer call has come for `ms` milliseconds, or at once when the page is being
/// left (`pagehide`) before that: work that must happen after a change but not while the user
/// types (the URL and localStorage, which cost a 100-manifest input about 15 ms a keystroke in
/// compression, `history.replaceState` and `localStorage.setItem`).
pub fn when_still(ms: u32, f: impl FnOnce() + 'static) {
    static LEAVING: std::sync::Once = std::sync::Once::new();
    LEAVING.call_once(|| {
        let Some(w) = window() else { return };
        let flush = wasm_bindgen::closure::Closure::<dyn Fn()>::new(run_later);
        let _ = w.add_event_listener_with_callback("pagehide", wasm_bindgen::JsCast::unchecked_ref(flush.as_ref()));
        flush.forget();
    });
    // The earlier call's timer is dropped with it: cancelled.
    let timer = gloo_timers::callback::Timeout::new(ms, run_later);
    LATER.with(|l| *l.borrow_mut() = Some((timer, Box::new(f))));
}

/// Forgets what [`when_still`] would run: a newer state (a link the user opened) must not be
/// overwritten by an older one's URL.
pub fn cancel_later() {
    LATER.with(|l| l.borrow_mut().take());
}

/// The page rendered what was in flight: it did not crash.
pub fn landed() {
    if INFLIGHT.with(|f| f.replace(false)) {
        remove(INFLIGHT_KEY);
        // A simulation is on the page: the editor times its typing pause by it (editor.js).
        if let (Some(w), Ok(e)) = (window(), web_sys::Event::new("hooksim:rendered")) {
            let _ = w.dispatch_event(&e);
        }
    }
}

/// The input an earlier page crashed on, if any: what was still in flight when that page died
/// (moved to [`CRASHED_KEY`]), or what an earlier recovery kept there.
pub fn crashed() -> Option<String> {
    if let Some(input) = load(INFLIGHT_KEY) {
        let view = Default::default();
        let hash = crate::link::to_hash(&hooksim_session::share::State { input: input.clone(), view });
        // The copy in flight goes only once the crashed copy is kept (issue 16, item 13: the
        // compressed copy was refused and the one in flight removed anyway, and the next page
        // writes its own input in flight). An input that DEFLATE cannot shrink is kept as it is.
        // The copy in flight is removed first, to leave room in the quota.
        let kept = store(CRASHED_KEY, &hash);
        remove(INFLIGHT_KEY);
        if !kept && !store(CRASHED_KEY, &format!("{RAW}{input}")) {
            store(INFLIGHT_KEY, &input);
            return Some(input);
        }
    }
    let h = load(CRASHED_KEY)?;
    if let Some(input) = h.strip_prefix(RAW) {
        return Some(input.to_string());
    }
    match crate::link::parse_hash(&h).target {
        hooksim_session::share::Target::State(s) => Some(s.input),
        _ => {
            remove(CRASHED_KEY);
            None
        }
    }
}

/// Copies text to the clipboard; resolves to whether it worked.
pub async fn copy(text: &str) -> bool {
    let Some(w) = window() else { return false };
    let nav: JsValue = w.navigator().into();
    let Ok(clip) = js_sys::Reflect::get(&nav, &"clipboard".into()) else { return false };
    if clip.is_undefined() || clip.is_null() {
        return false;
    }
    let Ok(f) = js_sys::Reflect::get(&clip, &"writeText".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) else {
        return false;
    };
    let Ok(p) = f.call1(&clip, &JsValue::from_str(text)).and_then(|p| p.dyn_into::<js_sys::Promise>()) else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(p).await.is_ok()
}

/// Offers `text` as a file download.
pub fn download(name: &str, mime: &str, text: &str) {
    let Some(doc) = document() else { return };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = doc.create_element("a").and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().map_err(Into::into))
    {
        a.set_href(&url);
        a.set_download(name);
        if let Some(body) = doc.body() {
            let _ = body.append_child(&a);
            a.click();
            a.remove();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Whether the system prefers dark colours.
pub fn system_dark() -> bool {
    window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false)
}

/// The theme in force: the stored choice, else the system's.
pub fn theme_dark() -> bool {
    match load(THEME_KEY).as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => system_dark(),
    }
}

/// Applies a theme to the page (`<html data-theme>`), and remembers it.
pub fn set_theme(dark: bool) {
    let name = if dark { "dark" } else { "light" };
    if let Some(el) = document().and_then(|d| d.document_element()) {
        let _ = el.set_attribute("data-theme", name);
    }
    store(THEME_KEY, name);
}

/// Whether keyboard focus is in a text field (where arrow keys belong to the field).
pub fn typing_in(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    let tag = el.tag_name().to_ascii_lowercase();
    // A checkbox or a button takes no arrow keys: the player's ← → still step from there.
    let clicky = tag == "input" && matches!(el.get_attribute("type").as_deref(), Some("checkbox" | "button"));
    (matches!(tag.as_str(), "input" | "textarea" | "select") && !clicky)
        || el.closest(".cm-editor").ok().flatten().is_some()
}

/// The text of the page's CSS rules whose text contains `needle` (hooksim-render's stylesheet,
/// for a standalone SVG), from every stylesheet the page can read.
pub fn page_css(needle: &str) -> String {
    let mut out = String::new();
    let Some(sheets) = document().map(|d| d.style_sheets()) else { return out };
    for i in 0..sheets.length() {
        let Some(sheet) = sheets.item(i).and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok()) else { continue };
        let Ok(rules) = sheet.css_rules() else { continue };
        let text: Vec<String> = (0..rules.length()).filter_map(|j| rules.item(j)).map(|r| r.css_text()).collect();
        if text.iter().any(|t| t.contains(needle)) {
            for t in text {
                out.push_str(&t);
                out.push('\n');
            }
        }
    }
    out
}

/// What the scenario panel, the gallery and the lessons say when the page's script (editor.js,
/// which draws them) did not load.
#[cfg(target_arch = "wasm32")]
pub const NO_SCRIPT_PANEL: &str = r#"<p class="pg-panel-error" role="alert">The scenario panel needs the page's script (editor.js), which did not load: reload the page. The kind: Scenario document in the YAML tab still works.</p>"#;
#[cfg(target_arch = "wasm32")]
pub const NO_SCRIPT_GALLERY: &str = r#"<div class="pg-gallery-wrap"><nav id="pg-gallery" class="pg-gallery" aria-label="Examples"><p class="pg-panel-error" role="alert">The examples need the page's script (editor.js), which did not load: reload the page.</p></nav></div>"#;
#[cfg(target_arch = "wasm32")]
pub const NO_SCRIPT_LESSONS: &str = r#"<p class="pg-hint" role="alert">The lessons need the page's script (editor.js), which did not load: reload the page.</p>"#;
