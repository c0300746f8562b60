//! Lists the gallery: every `web/examples/*.yaml` present at build time, in file-name order,
//! with its id (the scenario's `metadata.name`, else the file name), title, file, outcome and
//! section, as `OUT_DIR/examples.rs`: the one gallery of the playground, the wasm API and the
//! tests. The texts and descriptions are compiled in natively and, in wasm, with the `example-texts`
//! feature (the wasm API); the playground leaves them out and fetches `examples/<file>`, which
//! Trunk copies next to it.

#[path = "src/info.rs"]
#[allow(dead_code)]
mod info;

use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let here = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let gallery = here.join("../../web/examples");
    println!("cargo::rerun-if-changed={}", gallery.display());
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&gallery).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"));
    files.sort();
    let lean = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32")
        && std::env::var_os("CARGO_FEATURE_EXAMPLE_TEXTS").is_none();
    // The sections (web/examples/gallery.txt): "Name: id id …" per line, in order.
    let sections_file = gallery.join("gallery.txt");
    println!("cargo::rerun-if-changed={}", sections_file.display());
    let sections_text = std::fs::read_to_string(&sections_file).unwrap_or_default();
    let mut sections: Vec<(String, Vec<String>)> = sections_text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(':'))
        .map(|(name, ids)| (name.trim().to_string(), ids.split_whitespace().map(str::to_string).collect()))
        .collect();
    sections.push(("More".to_string(), Vec::new()));
    let place = |id: &str| -> (usize, usize) {
        sections
            .iter()
            .enumerate()
            .find_map(|(si, (_, ids))| ids.iter().position(|x| x == id).map(|p| (si, p)))
            .unwrap_or((sections.len() - 1, 0))
    };
    let mut code = String::from("pub static SECTIONS: &[&str] = &[");
    for (name, _) in &sections {
        let _ = write!(code, "{name:?}, ");
    }
    code.push_str("];\npub static EXAMPLES: &[Example] = &[\n");
    let mut ids = String::from("pub static IDS: &[&str] = &[");
    for f in &files {
        println!("cargo::rerun-if-changed={}", f.display());
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let stem = f.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let info = info::scenario_info(&text, None);
        let id = info.name.clone().unwrap_or(stem);
        let title = info::short_title(&id, info.description.as_deref());
        let file = f.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let text = if lean {
            "\"\"".to_string()
        } else {
            format!("include_str!({:?})", f.canonicalize().unwrap_or(f.clone()).display().to_string())
        };
        // The outcome badge: the final phase the engine gives the example (computed here, so that
        // the gallery shows it without simulating every example in the page).
        let report = hooksim_engine::simulate(&std::fs::read_to_string(f).unwrap_or_default(), &Default::default());
        // An ApplicationSet (A38) has no operation of its own: its Applications' latest one.
        let latest_child =
            || report.child_applications.iter().flat_map(|c| c.operations.iter()).max_by_key(|o| o.started_at);
        let phase =
            report.operations.last().or_else(latest_child).map(|o| o.phase.as_str()).unwrap_or("none").to_string();
        let (section, order) = place(&id);
        let _ = write!(ids, "{id:?}, ");
        let _ = writeln!(
            code,
            "    Example {{ id: {id:?}, title: {title:?}, description: {desc:?}, file: {file:?}, text: {text}, phase: {phase:?}, section: {section}, order: {order}, compare: {compare:?} }},",
            // The page shows the description of the example it opened, from its text.
            desc = if lean { String::new() } else { info.description.clone().unwrap_or_default() },
            compare = info.compare.unwrap_or_default(),
        );
    }
    code.push_str("];\n");
    code.push_str(&ids);
    code.push_str("];\n");
    std::fs::write(out.join("examples.rs"), code).expect("write examples.rs");
}
