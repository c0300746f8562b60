//! Writes a static HTML page with every gallery example (or the given files) rendered, to look at
//! the rendering without building wasm:
//! `cargo run -p hooksim-render --example preview -- [FILE...] > target/preview.html`

use std::path::PathBuf;

use hooksim_engine::{simulate, Options};
use hooksim_render::{embed_html, EmbedOptions, CSS};

fn main() {
    let mut files: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if files.is_empty() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/examples");
        let mut found: Vec<PathBuf> =
            std::fs::read_dir(&dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
        found.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
        found.sort();
        files = found;
    }
    let mut body = String::new();
    for f in files {
        let input = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let report = simulate(&input, &Options::default());
        let title = f.file_stem().map(|s| s.to_string_lossy().into_owned());
        body.push_str(&embed_html(&report, &EmbedOptions { title, source: Some(input) }));
    }
    println!(
        "<!doctype html><meta charset=utf-8><title>hooksim render preview</title><style>{CSS}\nbody{{max-width:980px;margin:2em auto;padding:0 1em}}</style>{body}"
    );
}
