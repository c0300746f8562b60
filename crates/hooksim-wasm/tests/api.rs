//! The wasm API, run by wasm-bindgen-test under Node (`cargo test --target wasm32-unknown-unknown`)
//! and in headless Chromium (the same with `WASM_BINDGEN_USE_BROWSER=1`): `make test-wasm`.
//!
//! The reference is the native engine: build.rs ran it on the host over the gallery, the scenario
//! tests and `tests/inputs/`, and the wasm build must give the same JSON and HTML byte for byte.
#![cfg(target_arch = "wasm32")]

use hooksim_engine::{Diagnostic, Report};
use hooksim_wasm::{examples, gallery, lint, render_embed, render_text, simulate, version, MAX_INPUT_BYTES};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

include!(concat!(env!("OUT_DIR"), "/native.rs"));

fn opt(s: Option<&str>) -> JsValue {
    s.map(JsValue::from).unwrap_or(JsValue::UNDEFINED)
}

fn stringify(v: &JsValue) -> String {
    js_sys::JSON::stringify(v).expect("JSON.stringify").as_string().expect("a string")
}

fn error_message(r: Result<impl std::fmt::Debug, js_sys::Error>) -> String {
    let err = r.expect_err("an Error");
    assert!(JsValue::from(err.clone()).is_instance_of::<js_sys::Error>());
    err.message().as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn reports_equal_the_native_engine() {
    assert!(NATIVE.len() >= 5, "build.rs found only {} cases", NATIVE.len());
    for (name, input, scenario, native_json, _) in NATIVE {
        let js = simulate(JsValue::from(*input), opt(*scenario)).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        // The same bytes as the native JSON (compact), so also the same field order and nulls.
        assert_eq!(stringify(&js), *native_json, "{name}: the wasm report differs from the native one");
        // And the same value once read back.
        let from_js: Report = serde_wasm_bindgen::from_value(js).expect("a Report");
        let native: Report = serde_json::from_str(native_json).expect("native JSON");
        assert_eq!(from_js, native, "{name}");
    }
}

#[wasm_bindgen_test]
fn embeds_equal_the_native_rendering() {
    for (name, input, scenario, _, native_html) in NATIVE {
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"showSource".into(), &JsValue::TRUE).unwrap();
        if let Some(s) = scenario {
            js_sys::Reflect::set(&options, &"scenario".into(), &JsValue::from(*s)).unwrap();
        }
        let html = render_embed(JsValue::from(*input), options.into()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(html, *native_html, "{name}: the wasm embed differs from the native one");
    }
}

#[wasm_bindgen_test]
fn final_phases_of_the_gallery() {
    // A few stories whose outcome the docs rely on.
    for (id, phase) in [("presync-postsync", "Succeeded"), ("presync-fails-syncfail", "Failed")] {
        let ex = gallery().iter().find(|e| e.id == id).unwrap_or_else(|| panic!("no example {id}"));
        let report: Report =
            serde_wasm_bindgen::from_value(simulate(ex.text.into(), JsValue::UNDEFINED).unwrap()).unwrap();
        assert_eq!(report.operations.last().map(|o| o.phase.as_str()), Some(phase), "{id}");
        let html = render_embed(ex.text.into(), JsValue::NULL).unwrap();
        assert!(html.contains(&format!(r#"data-phase="{phase}""#)), "{id}");
    }
}

#[wasm_bindgen_test]
fn examples_are_the_gallery() {
    let js = examples().unwrap();
    let arr: js_sys::Array = js.dyn_into().expect("an array");
    assert_eq!(arr.length() as usize, gallery().len());
    assert!(!gallery().is_empty());
    let mut ids: Vec<&str> = gallery().iter().map(|e| e.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), gallery().len(), "example ids must be unique");
    for (i, ex) in gallery().iter().enumerate() {
        let item = arr.get(i as u32);
        for (key, want) in [("id", ex.id), ("title", ex.title), ("description", ex.description), ("text", ex.text)] {
            let got = js_sys::Reflect::get(&item, &key.into()).unwrap().as_string();
            assert_eq!(got.as_deref(), Some(want), "{}.{key}", ex.id);
        }
        assert!(!ex.title.is_empty() && ex.text.contains("kind: Scenario"), "{}", ex.id);
    }
}

#[wasm_bindgen_test]
fn lint_and_text() {
    let diags: Vec<Diagnostic> =
        serde_wasm_bindgen::from_value(lint("foo: [\n".into(), JsValue::UNDEFINED).unwrap()).unwrap();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code.as_str(), "yaml-syntax");
    assert!(diags[0].line.is_some() && diags[0].column.is_some());
    // The article's first example (the gallery is in file-name order, which new examples change).
    let basic = gallery().iter().find(|e| e.id == "presync-postsync").expect("the presync-postsync example");
    let ok: Vec<Diagnostic> = serde_wasm_bindgen::from_value(lint(basic.text.into(), JsValue::NULL).unwrap()).unwrap();
    assert!(ok.iter().all(|d| d.severity != hooksim_engine::Severity::Error), "{ok:?}");
    let text = render_text(basic.text.into(), JsValue::UNDEFINED).unwrap();
    assert!(text.contains("Operation 1 (sync)"));
    assert_eq!(version(), hooksim_engine::VERSION);
}

#[wasm_bindgen_test]
fn bad_arguments_are_errors_not_traps() {
    for bad in [
        JsValue::from(42),
        JsValue::NULL,
        JsValue::UNDEFINED,
        js_sys::Object::new().into(),
        js_sys::Array::new().into(),
    ] {
        let msg = error_message(simulate(bad.clone(), JsValue::UNDEFINED));
        assert!(msg.starts_with("input must be a string"), "{msg}");
        assert!(error_message(lint(bad.clone(), JsValue::UNDEFINED)).starts_with("input must be a string"));
        assert!(error_message(render_embed(bad.clone(), JsValue::UNDEFINED)).starts_with("input must be a string"));
        assert!(error_message(render_text(bad, JsValue::UNDEFINED)).starts_with("input must be a string"));
    }
    let msg = error_message(simulate("a: 1".into(), JsValue::from(7)));
    assert!(msg.starts_with("scenario must be a string"), "{msg}");
    let msg = error_message(render_embed("a: 1".into(), JsValue::from("title")));
    assert!(msg.contains("options must be an object"), "{msg}");
    let title_not_string = js_sys::Object::new();
    js_sys::Reflect::set(&title_not_string, &"title".into(), &JsValue::from(5)).unwrap();
    let msg = error_message(render_embed("a: 1".into(), title_not_string.into()));
    assert_eq!(msg, "renderEmbed options.title must be a string, not number");
    let show_not_bool = js_sys::Object::new();
    js_sys::Reflect::set(&show_not_bool, &"showSource".into(), &JsValue::from("yes")).unwrap();
    let msg = error_message(render_embed("a: 1".into(), show_not_bool.into()));
    assert_eq!(msg, "renderEmbed options.showSource must be a boolean, not string");
    let huge = "#".repeat(MAX_INPUT_BYTES + 1);
    let msg = error_message(simulate(huge.as_str().into(), JsValue::UNDEFINED));
    assert!(msg.contains("at most"), "{msg}");
}

/// Broken input is reported as diagnostics inside a report: never an exception, never a trap.
/// Deterministic mutations of the gallery (truncations, deleted and swapped bytes) must all
/// simulate and render.
#[wasm_bindgen_test]
fn broken_input_gives_a_report_not_a_trap() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut broken = vec![
        String::new(),
        "\u{0}\u{1}\u{2}".to_string(),
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".to_string(),
        "a: &x [*x, *x]\nb: *x\n".to_string(),
        "---\n--- !!binary\n...\n".to_string(),
        "kind: Job\napiVersion: batch/v1\nmetadata: {name: j}\nspec: {backoffLimit: 999999999999}\n".to_string(),
    ];
    for ex in gallery() {
        let bytes = ex.text.as_bytes();
        for _ in 0..12 {
            let mut b = bytes.to_vec();
            match next() % 3 {
                0 => b.truncate((next() % b.len() as u64) as usize),
                1 => {
                    let i = (next() % b.len() as u64) as usize;
                    let n = (next() % 40) as usize;
                    b.drain(i..(i + n).min(b.len()));
                }
                _ => {
                    for _ in 0..8 {
                        let (i, j) = ((next() % b.len() as u64) as usize, (next() % b.len() as u64) as usize);
                        b.swap(i, j);
                    }
                }
            }
            broken.push(String::from_utf8_lossy(&b).into_owned());
        }
    }
    for input in &broken {
        let report = simulate(input.as_str().into(), JsValue::UNDEFINED).expect("a report, not an Error");
        assert!(js_sys::Reflect::get(&report, &"operations".into()).unwrap().is_array());
        render_embed(input.as_str().into(), JsValue::UNDEFINED).expect("an embed, not an Error");
    }
}

/// Issue 13: `renderEmbed(input, {compare})` shows both sides with the differences marked, and
/// equals the rendering of hooksim-render's `compare_embed` (the same code the native build runs).
#[wasm_bindgen_test]
fn j35_render_embed_compares_a_variant() {
    let ex = gallery().iter().find(|e| e.id == "ttl-zero-hook-stuck-on-argocd-2-14").expect("the TTL example");
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"compare".into(), &JsValue::from("argocdVersion=3.0")).unwrap();
    let html = render_embed(ex.text.into(), options.into()).unwrap();
    assert!(html.contains(r#"data-phase="Running" data-phase-b="Succeeded" data-equal="false""#), "{html}");
    assert_eq!(html.matches(r#"<section class="hs-side"#).count(), 2);
    assert!(html.contains(" hs-changed hs-changed-onlyb"));
    assert_eq!(html, hooksim_session::compare_embed(ex.text, None, "argocdVersion=3.0", None, false));
    let bad = js_sys::Object::new();
    js_sys::Reflect::set(&bad, &"compare".into(), &JsValue::from(3)).unwrap();
    assert!(error_message(render_embed(ex.text.into(), bad.into())).contains("options.compare must be a string"));
}
