//! Generates, in OUT_DIR, `native.rs`: for the tests only, the native engine's JSON report and rendered embed of each
//!   gallery example, each `tests/scenarios/**/*.yaml` and each `tests/inputs/*.yaml` of this
//!   crate (with `NAME.scenario.yaml` as the separate scenario when present), so that the wasm
//!   build can be compared with the native one byte for byte.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn yaml_files(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            if recursive {
                yaml_files(&p, true, out);
            }
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml")
            && !p.to_string_lossy().ends_with(".scenario.yaml")
        {
            out.push(p);
        }
    }
}

fn main() {
    let here = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let gallery = here.join("../../web/examples");
    let scenarios = here.join("../../tests/scenarios");
    let inputs = here.join("tests/inputs");
    for d in [&gallery, &scenarios, &inputs] {
        println!("cargo::rerun-if-changed={}", d.display());
    }

    // The gallery's files (hooksim_session::gallery lists them for `examples()`).
    let mut files = Vec::new();
    yaml_files(&gallery, false, &mut files);

    // The native reference for the tests.
    let mut cases = files.clone();
    yaml_files(&scenarios, true, &mut cases);
    yaml_files(&inputs, false, &mut cases);
    let native = out.join("native");
    std::fs::create_dir_all(&native).expect("create OUT_DIR/native");
    let mut code = String::from(
        "/// (name, input, separate scenario, native JSON report, native embed HTML)\n\
         pub static NATIVE: &[(&str, &str, Option<&str>, &str, &str)] = &[\n",
    );
    for (i, f) in cases.iter().enumerate() {
        let input = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let scenario_path = f.with_extension("scenario.yaml");
        let scenario = std::fs::read_to_string(&scenario_path).ok();
        let opts = hooksim_engine::Options { scenario: scenario.clone(), ..Default::default() };
        let report = hooksim_engine::simulate(&input, &opts);
        // Compact, as `JSON.stringify` writes the object the wasm API returns.
        let json = serde_json::to_string(&report).expect("a report serialises");
        let html = hooksim_session::embed_input(&input, scenario.as_deref(), None, true);
        let (jp, hp) = (native.join(format!("{i}.json")), native.join(format!("{i}.html")));
        std::fs::write(&jp, json).expect("write native json");
        std::fs::write(&hp, html).expect("write native html");
        let name = f.strip_prefix(here.join("../..")).unwrap_or(f).display().to_string();
        let input_path = f.canonicalize().unwrap_or(f.clone()).display().to_string();
        let scenario_expr = match scenario {
            Some(_) => format!(
                "Some(include_str!({:?}))",
                scenario_path.canonicalize().unwrap_or(scenario_path.clone()).display().to_string()
            ),
            None => "None".to_string(),
        };
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!({input_path:?}), {scenario_expr}, include_str!({:?}), include_str!({:?})),",
            jp.display().to_string(),
            hp.display().to_string()
        );
    }
    code.push_str("];\n");
    std::fs::write(out.join("native.rs"), code).expect("write native.rs");
}
