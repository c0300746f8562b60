//! The YAML editor: CodeMirror 6 through the small API of web/editor/editor.js
//! (`window.hooksimEditor`, bundled by esbuild), or a plain textarea when that bundle did not load,
//! so that the page always works.

use std::cell::RefCell;
use std::rc::Rc;

use hooksim_engine::{Diagnostic, Severity};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The handle `hooksimEditor.create` returns.
    pub type CmHandle;

    #[wasm_bindgen(js_namespace = hooksimEditor, js_name = create, catch)]
    fn cm_create(parent: &web_sys::Element, text: &str, opts: &JsValue) -> Result<CmHandle, JsValue>;
    #[wasm_bindgen(method, js_name = getText)]
    fn get_text(this: &CmHandle) -> String;
    #[wasm_bindgen(method, js_name = setText)]
    fn set_text(this: &CmHandle, text: &str);
    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics(this: &CmHandle, diags: &JsValue);
    #[wasm_bindgen(method)]
    fn goto(this: &CmHandle, line: u32, column: u32);
    #[wasm_bindgen(method, js_name = setReadOnly)]
    fn set_read_only(this: &CmHandle, ro: bool);
    #[wasm_bindgen(method)]
    fn focus(this: &CmHandle);
    #[wasm_bindgen(method)]
    fn flush(this: &CmHandle);
    #[wasm_bindgen(method)]
    fn destroy(this: &CmHandle);
}

/// The editor behind the component: CodeMirror, or the textarea fallback.
pub enum Backend {
    Cm(CmHandle),
    Plain(web_sys::HtmlTextAreaElement),
}

/// Shared between the app (goto, text) and the component (creation, updates).
#[derive(Default)]
pub struct EditorCell {
    pub backend: Option<Backend>,
    /// The textarea fallback's listeners, kept alive with it.
    listeners: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    timer: Option<gloo_timers::callback::Timeout>,
    /// What arrived before the editor existed.
    pending_text: Option<String>,
    pending_diags: Option<Vec<Diagnostic>>,
}

pub type EditorRef = Rc<RefCell<EditorCell>>;

impl EditorCell {
    pub fn text(&self) -> Option<String> {
        match self.backend.as_ref()? {
            Backend::Cm(h) => Some(h.get_text()),
            Backend::Plain(t) => Some(t.value()),
        }
    }

    pub fn set_text(&mut self, text: &str) {
        match &self.backend {
            Some(Backend::Cm(h)) => h.set_text(text),
            Some(Backend::Plain(t)) if t.value() != text => t.set_value(text),
            Some(Backend::Plain(_)) => {}
            None => self.pending_text = Some(text.to_string()),
        }
    }

    /// Moves the cursor to a 1-based line and column and focuses the editor.
    pub fn goto(&self, line: u32, column: u32) {
        match &self.backend {
            Some(Backend::Cm(h)) => h.goto(line, column),
            Some(Backend::Plain(t)) => {
                let text = t.value();
                let mut pos = 0usize;
                for (i, l) in text.split('\n').enumerate() {
                    if i + 1 == line as usize {
                        pos += (column.max(1) as usize - 1).min(l.chars().count());
                        break;
                    }
                    pos += l.chars().count() + 1;
                }
                let _ = t.focus();
                let _ = t.set_selection_range(pos as u32, pos as u32);
            }
            None => {}
        }
    }

    fn set_diagnostics(&mut self, diags: &[Diagnostic]) {
        if self.backend.is_none() {
            self.pending_diags = Some(diags.to_vec());
        }
        if let Some(Backend::Cm(h)) = &self.backend {
            let arr = js_sys::Array::new();
            for d in diags {
                let o = js_sys::Object::new();
                let set = |k: &str, v: JsValue| {
                    let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &v);
                };
                set("line", d.line.map(|l| JsValue::from(l as u32)).unwrap_or(JsValue::NULL));
                set("column", d.column.map(|c| JsValue::from(c as u32)).unwrap_or(JsValue::NULL));
                let sev = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                };
                set("severity", JsValue::from_str(sev));
                let mut msg = format!("{} [{}]", d.message, d.code);
                if let Some(h) = &d.hint {
                    msg.push('\n');
                    msg.push_str(h);
                }
                set("message", JsValue::from_str(&msg));
                set("code", JsValue::from_str(d.code.as_str()));
                arr.push(&o);
            }
            h.set_diagnostics(&arr);
        }
    }
}

#[derive(Properties, Clone)]
pub struct EditorProps {
    pub cell: EditorRef,
    /// The text to show; taken over whenever `loads` changes.
    pub text: AttrValue,
    pub loads: u32,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub read_only: bool,
    pub on_change: Callback<String>,
    pub on_run: Callback<String>,
}

impl PartialEq for EditorProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.cell, &other.cell)
            && self.text == other.text
            && self.loads == other.loads
            && Rc::ptr_eq(&self.diagnostics, &other.diagnostics)
            && self.read_only == other.read_only
    }
}

const DEBOUNCE_MS: u32 = 200;

fn plain_editor(cell: &EditorRef, host: &web_sys::Element, props: &EditorProps) -> Option<Backend> {
    let doc = host.owner_document()?;
    let ta: web_sys::HtmlTextAreaElement = doc.create_element("textarea").ok()?.dyn_into().ok()?;
    ta.set_class_name("pg-plain-editor");
    ta.set_value(&props.text);
    let _ = ta.set_attribute("spellcheck", "false");
    let _ = ta.set_attribute("aria-label", "Manifests and scenario (YAML)");
    ta.set_read_only(props.read_only);
    host.append_child(&ta).ok()?;
    let (weak, on_change, on_run) = (Rc::downgrade(cell), props.on_change.clone(), props.on_run.clone());
    let ta2 = ta.clone();
    let input = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        let Some(cell) = weak.upgrade() else { return };
        let (text, cb) = (ta2.value(), on_change.clone());
        cell.borrow_mut().timer = Some(gloo_timers::callback::Timeout::new(DEBOUNCE_MS, move || cb.emit(text)));
    });
    let ta3 = ta.clone();
    let keydown = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        if let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() {
            if k.key() == "Enter" && (k.ctrl_key() || k.meta_key()) {
                k.prevent_default();
                on_run.emit(ta3.value());
            }
        }
    });
    let _ = ta.add_event_listener_with_callback("input", input.as_ref().unchecked_ref());
    let _ = ta.add_event_listener_with_callback("keydown", keydown.as_ref().unchecked_ref());
    cell.borrow_mut().listeners = vec![input, keydown];
    Some(Backend::Plain(ta))
}

/// How long the page waits for the editor's module before it uses a text area.
const EDITOR_WAIT_MS: u32 = 4000;

fn has_codemirror() -> bool {
    web_sys::window().and_then(|w| js_sys::Reflect::has(&w, &"hooksimEditor".into()).ok()).unwrap_or(false)
}

/// Creates the editor in `el`: CodeMirror when its module is there, else the text area.
fn mount(cell: &EditorRef, el: &web_sys::Element, props: &EditorProps) {
    let backend = if has_codemirror() {
        let opts = js_sys::Object::new();
        let on_change = props.on_change.clone();
        let change = Closure::<dyn Fn(String)>::new(move |t: String| on_change.emit(t));
        let on_run = props.on_run.clone();
        let run = Closure::<dyn Fn(String)>::new(move |t: String| on_run.emit(t));
        let _ = js_sys::Reflect::set(&opts, &"onChange".into(), change.as_ref());
        let _ = js_sys::Reflect::set(&opts, &"onRun".into(), run.as_ref());
        let _ = js_sys::Reflect::set(&opts, &"readOnly".into(), &props.read_only.into());
        let _ = js_sys::Reflect::set(&opts, &"label".into(), &"Manifests and scenario (YAML)".into());
        // The closures live as long as the page (the editor is never unmounted).
        change.forget();
        run.forget();
        // The newest text: a load may have come while the page waited for the module.
        let text = cell.borrow_mut().pending_text.take().unwrap_or_else(|| props.text.to_string());
        cm_create(el, &text, &opts).ok().map(Backend::Cm)
    } else {
        None
    };
    let backend = backend.or_else(|| plain_editor(cell, el, props));
    let mut c = cell.borrow_mut();
    c.backend = backend;
    c.timer = None;
    if let Some(t) = c.pending_text.take() {
        c.set_text(&t);
    }
    let diags = c.pending_diags.take().unwrap_or_else(|| props.diagnostics.to_vec());
    c.set_diagnostics(&diags);
}

/// The editor component: creates the editor once, then pushes loads and diagnostics into it.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let host = use_node_ref();

    {
        let (host, props) = (host.clone(), props.clone());
        use_effect_with((), move |_| {
            let cell = props.cell.clone();
            if let Some(el) = host.cast::<web_sys::Element>() {
                if has_codemirror() {
                    mount(&cell, &el, &props);
                } else {
                    // The editor's module has not run yet: wait for it a little, then make do
                    // with a text area.
                    let (weak, el2, props2) = (Rc::downgrade(&cell), el.clone(), props.clone());
                    let ready = Closure::<dyn Fn()>::new(move || {
                        if let Some(cell) = weak.upgrade() {
                            if cell.borrow().backend.is_none() {
                                mount(&cell, &el2, &props2);
                            }
                        }
                    });
                    if let Some(w) = web_sys::window() {
                        let _ = w.add_event_listener_with_callback("hooksim:editor", ready.as_ref().unchecked_ref());
                    }
                    ready.forget();
                    let (weak, props3) = (Rc::downgrade(&cell), props.clone());
                    let timer = gloo_timers::callback::Timeout::new(EDITOR_WAIT_MS, move || {
                        if let Some(cell) = weak.upgrade() {
                            if cell.borrow().backend.is_none() {
                                mount(&cell, &el, &props3);
                            }
                        }
                    });
                    cell.borrow_mut().timer = Some(timer);
                }
            }
            move || {
                if let Some(Backend::Cm(h)) = cell.borrow_mut().backend.take() {
                    h.destroy();
                }
            }
        });
    }
    {
        let (cell, text) = (props.cell.clone(), props.text.clone());
        use_effect_with(props.loads, move |_| {
            cell.borrow_mut().set_text(&text);
        });
    }
    {
        let cell = props.cell.clone();
        use_effect_with(props.diagnostics.clone(), move |d| {
            cell.borrow_mut().set_diagnostics(d);
        });
    }
    {
        let cell = props.cell.clone();
        use_effect_with(props.read_only, move |ro| match &cell.borrow().backend {
            Some(Backend::Cm(h)) => h.set_read_only(*ro),
            Some(Backend::Plain(t)) => t.set_read_only(*ro),
            None => {}
        });
    }

    html! { <div class="pg-editor" ref={host}></div> }
}

/// Flushes a pending debounced change (before a share or a run).
pub fn flush(cell: &EditorRef) {
    if let Some(Backend::Cm(h)) = &cell.borrow().backend {
        h.flush();
    }
}
