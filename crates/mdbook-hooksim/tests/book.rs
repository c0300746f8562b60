//! The preprocessor as mdBook runs it: the JSON protocol on stdin/stdout and `supports`, and a
//! real `mdbook build` of the sample book (sample/), whose pages then hold the live markup, the
//! script and the static SVG. mdBook comes from `make setup` (scripts/setup-docs.sh).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::config::Config;
use mdbook_preprocessor::PreprocessorContext;

const BIN: &str = env!("CARGO_BIN_EXE_mdbook-hooksim");
const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sample");

fn run(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mdbook-hooksim");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn supports_only_the_html_renderer() {
    assert!(run(&["supports", "html"], "").status.success());
    assert!(!run(&["supports", "markdown"], "").status.success());
    assert!(!run(&["supports", "epub"], "").status.success());
}

/// `[context, book]` in, the book out, as mdBook's JSON protocol has it.
#[test]
fn the_json_protocol_rewrites_hooksim_blocks_only() {
    let mut config = Config::default();
    config.set("preprocessor.hooksim.embed-js", "/assets/hooksim/embed.js").unwrap();
    let ctx = PreprocessorContext::new(PathBuf::from("/book"), config, "html".into());
    let mut book = Book::new();
    let page = std::fs::read_to_string(Path::new(SAMPLE).join("src/presync.md")).unwrap();
    book.push_item(Chapter::new("PreSync", page.clone(), "presync.md", vec![]));
    book.push_item(Chapter::new("Plain", "# Plain\n\n```yaml\na: 1\n```\n".into(), "plain.md", vec![]));
    let input = serde_json::to_string(&(&ctx, &book)).unwrap();

    let out = run(&[], &input);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let book: Book = serde_json::from_slice(&out.stdout).expect("a book as JSON");
    let chapters: Vec<&Chapter> = book
        .iter()
        .filter_map(|i| match i {
            BookItem::Chapter(c) => Some(c),
            _ => None,
        })
        .collect();
    let presync = &chapters[0].content;
    assert!(!presync.contains("```hooksim"), "{presync}");
    assert!(presync.contains(r#"<pre data-hooksim data-title="PreSync migration, second attempt succeeds">"#));
    assert!(presync.contains(r#"<noscript><div class="hooksim-static"><svg class="hs-svg""#));
    assert!(presync.contains("final phase Succeeded"));
    assert!(presync.contains("```yaml\nargocd.argoproj.io/hook: PreSync\n```"), "other blocks stay");
    assert!(presync.ends_with("<script type=\"module\" src=\"/assets/hooksim/embed.js\"></script>\n"));
    assert_eq!(chapters[1].content, "# Plain\n\n```yaml\na: 1\n```\n", "a chapter without blocks is untouched");

    // Input that is not the protocol is an error with a message, not a panic.
    let out = run(&[], "not json");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("mdbook-hooksim: "));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A real `mdbook build` of the sample book with this preprocessor on PATH.
#[test]
fn mdbook_builds_the_sample_book_with_live_blocks_and_static_svgs() {
    let mdbook = std::env::var("MDBOOK").unwrap_or_else(|_| "mdbook".into());
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mdbook-sample");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(Path::new(SAMPLE), &dir);
    let path = format!("{}:{}", Path::new(BIN).parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let out = match Command::new(&mdbook).arg("build").current_dir(&dir).env("PATH", path).output() {
        Ok(o) => o,
        Err(e) => panic!("{mdbook} did not start ({e}): run `make setup` (scripts/setup-docs.sh installs mdBook)"),
    };
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "mdbook build failed:\n{log}");
    assert!(!log.contains("mdbook-hooksim:"), "no warnings for the sample: {log}");

    // mdBook 0.5 parses the chapter's HTML and writes it out again: `data-hooksim=""`, real line breaks.
    let read = |p: &str| std::fs::read_to_string(dir.join(p)).unwrap().replace(r#"data-hooksim="""#, "data-hooksim");
    let page = read("book/presync.html");
    assert!(page.contains(r#"<pre data-hooksim data-title="PreSync migration, second attempt succeeds">"#), "{page}");
    assert!(page.contains(r#"<script type="module" src="hooksim/embed.js"></script>"#));
    assert!(page.contains(r#"<div class="hooksim-static"><svg class="hs-svg""#));
    assert!(page.contains("final phase Succeeded"));
    // The YAML keeps its lines (as character references or as they were).
    assert!(page.contains("kind: Scenario&#10;") || page.contains("kind: Scenario\n"));
    assert!(page.contains("<style>") && page.contains("svg.hs-svg {"), "the SVG keeps its styles");
    let nested = read("book/guide/syncfail.html");
    assert!(nested.contains(r#"<pre data-hooksim data-source="hide">"#), "{nested}");
    assert!(nested.contains("final phase Failed"));
    assert!(nested.contains(r#"<script type="module" src="../hooksim/embed.js"></script>"#));
}
