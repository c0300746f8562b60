//! `mdbook-hooksim`: an mdBook preprocessor that turns every ```` ```hooksim ```` code block into
//! a live hooksim timeline (the markup of `web/embed.js`, loaded by a `<script type="module">`
//! the preprocessor adds to the chapter) with the timeline as a static SVG inside `<noscript>`,
//! drawn here by hooksim-engine and hooksim-render, for readers without JavaScript.
//!
//! The block's info string takes the embed's options: ```` ```hooksim title="PreSync fails" source="hide" theme="dark" ````.
//! `book.toml`:
//!
//! ```toml
//! [preprocessor.hooksim]
//! # where embed.js is (next to pkg/ from `make dist`), relative to the book's src/ or an absolute URL
//! embed-js = "hooksim/embed.js"
//! ```

use std::ops::Range;

use hooksim_render::escape;
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::errors::Result;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

/// The info-string language that marks a block.
pub const LANGUAGE: &str = "hooksim";
/// Where the embed lives unless `embed-js` says otherwise: a copy of `make dist`'s folder in the
/// book's `src/hooksim/`, which mdBook copies into the built site.
pub const DEFAULT_EMBED_JS: &str = "hooksim/embed.js";

/// The options of one block, from its info string (the same as the MkDocs fence's).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BlockOptions {
    /// `title="…"`: the heading (default: the scenario's `metadata.name`).
    pub title: Option<String>,
    /// `source="hide"` (quotes optional here): no folded YAML under the live result.
    pub hide_source: bool,
    /// `theme=light|dark`: instead of the reader's colour scheme.
    pub theme: Option<String>,
}

impl BlockOptions {
    /// Reads `key=value` and `key="value with spaces"` words after the language; unknown keys
    /// and bad values are returned as warnings (the block still renders).
    pub fn parse(info: &str) -> (BlockOptions, Vec<String>) {
        let mut opts = BlockOptions::default();
        let mut warnings = Vec::new();
        for (key, value) in words(info).into_iter().skip(1) {
            match (key.as_str(), value.as_deref()) {
                ("title", Some(v)) => opts.title = Some(v.to_string()),
                ("source", Some("hide")) => opts.hide_source = true,
                ("source", Some("show")) => opts.hide_source = false,
                ("theme", Some(v @ ("light" | "dark"))) => opts.theme = Some(v.to_string()),
                _ => warnings.push(format!(
                    "unknown option {key}{} (known: title=\"…\", source=\"hide\", theme=\"light|dark\")",
                    value.map(|v| format!("={v}")).unwrap_or_default()
                )),
            }
        }
        (opts, warnings)
    }
}

/// Splits an info string into `key[=value]` words; a value may be double-quoted.
fn words(info: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut chars = info.trim().chars().peekable();
    while chars.peek().is_some() {
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' {
                break;
            }
            key.push(c);
            chars.next();
        }
        let mut value = None;
        if chars.peek() == Some(&'=') {
            chars.next();
            let mut v = String::new();
            if chars.peek() == Some(&'"') {
                chars.next();
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    v.push(c);
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    v.push(c);
                    chars.next();
                }
            }
            value = Some(v);
        }
        if !key.is_empty() {
            out.push((key, value));
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
    }
    out
}

/// One block's HTML, on a single line (Markdown ends an HTML block at a blank line; the YAML
/// and the SVG may hold some): the embed's `<pre data-hooksim>` with the YAML, then the static
/// timeline in `<noscript>`.
pub fn block_html(source: &str, opts: &BlockOptions) -> String {
    let source = source.replace("\r\n", "\n");
    let report = hooksim_engine::simulate(&source, &hooksim_engine::Options::default());
    // The stylesheet's line breaks are spaces (a `<style>` takes no character references).
    let svg =
        hooksim_render::svg_with_style(&hooksim_render::timeline_svg(&report), &hooksim_render::CSS.replace('\n', " "));
    let mut attrs = String::new();
    if let Some(t) = &opts.title {
        attrs.push_str(&format!(r#" data-title="{}""#, escape(t)));
    }
    if opts.hide_source {
        attrs.push_str(r#" data-source="hide""#);
    }
    if let Some(t) = &opts.theme {
        attrs.push_str(&format!(r#" data-theme="{}""#, escape(t)));
    }
    format!(
        r#"<div class="hooksim-block"><pre data-hooksim{attrs}>{yaml}</pre><noscript><div class="hooksim-static">{svg}</div></noscript></div>"#,
        yaml = one_line(&escape(&source)),
        svg = one_line(&svg),
    )
}

/// Line breaks as character references, so that the HTML is one line.
fn one_line(s: &str) -> String {
    s.replace('\n', "&#10;")
}

/// The `<script type="module">` that loads the embed, for a chapter at `chapter_path` (relative
/// to `src/`): a relative `embed_js` is made relative to the chapter's folder.
pub fn script_tag(embed_js: &str, chapter_path: Option<&std::path::Path>) -> String {
    let absolute = embed_js.starts_with('/') || embed_js.contains("://");
    let depth = chapter_path.map(|p| p.components().count().saturating_sub(1)).unwrap_or(0);
    let src = if absolute { embed_js.to_string() } else { "../".repeat(depth) + embed_js };
    format!(r#"<script type="module" src="{}"></script>"#, escape(&src))
}

/// Replaces every ```` ```hooksim ```` block of a chapter's Markdown; returns the new text (or
/// `None` when there is no block) and the warnings about options.
pub fn rewrite(markdown: &str) -> (Option<String>, Vec<String>) {
    let mut blocks: Vec<(Range<usize>, String)> = Vec::new();
    let mut warnings = Vec::new();
    let mut current: Option<(Range<usize>, BlockOptions, String)> = None;
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some(LANGUAGE) =>
            {
                let (opts, w) = BlockOptions::parse(&info);
                warnings.extend(w);
                current = Some((range, opts, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, _, text)) = &mut current {
                    text.push_str(&t);
                }
            }
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                if let Some((range, opts, text)) = current.take() {
                    blocks.push((range, block_html(&text, &opts)));
                }
            }
            _ => {}
        }
    }
    if blocks.is_empty() {
        return (None, warnings);
    }
    let mut out = String::with_capacity(markdown.len() * 2);
    let mut at = 0;
    for (range, html) in blocks {
        out.push_str(&markdown[at..range.start]);
        out.push_str(&html);
        // The fence's own line break stays: the next Markdown block starts on a line of its own.
        if markdown[..range.end].ends_with('\n') {
            out.push('\n');
        }
        at = range.end;
    }
    out.push_str(&markdown[at..]);
    (Some(out), warnings)
}

/// The preprocessor.
pub struct Hooksim;

impl Preprocessor for Hooksim {
    fn name(&self) -> &str {
        "hooksim"
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let embed_js: String =
            ctx.config.get("preprocessor.hooksim.embed-js")?.unwrap_or_else(|| DEFAULT_EMBED_JS.to_string());
        book.for_each_mut(|item| {
            if let BookItem::Chapter(ch) = item {
                rewrite_chapter(ch, &embed_js);
            }
        });
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> Result<bool> {
        // The blocks become HTML: other renderers (markdown, epub…) keep the YAML as it is.
        Ok(renderer == "html")
    }
}

fn rewrite_chapter(ch: &mut Chapter, embed_js: &str) {
    let (new, warnings) = rewrite(&ch.content);
    for w in warnings {
        eprintln!("mdbook-hooksim: {}: {w}", ch.name);
    }
    if let Some(mut content) = new {
        content.push_str("\n\n");
        content.push_str(&script_tag(embed_js, ch.path.as_deref()));
        content.push('\n');
        ch.content = content;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &str = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    argocd.argoproj.io/hook: PreSync\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: m, image: busybox}]\n\n# a blank line above\n";

    #[test]
    fn info_strings_take_the_embed_options() {
        let (o, w) = BlockOptions::parse(r#"hooksim title="PreSync fails, then SyncFail" source="hide" theme=dark"#);
        assert_eq!(
            o,
            BlockOptions {
                title: Some("PreSync fails, then SyncFail".into()),
                hide_source: true,
                theme: Some("dark".into())
            }
        );
        assert!(w.is_empty());
        let (o, w) = BlockOptions::parse("hooksim theme=blue zoom=2");
        assert_eq!(o, BlockOptions::default());
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].contains("theme=blue"));
    }

    #[test]
    fn a_block_becomes_one_line_of_live_markup_and_a_static_svg() {
        let md = format!(
            "# Hooks\n\nBefore.\n\n```hooksim title=\"<b>x</b>\"\n{JOB}```\n\nAfter.\n\n```yaml\nkind: Job\n```\n"
        );
        let (out, w) = rewrite(&md);
        let out = out.expect("rewritten");
        assert!(w.is_empty());
        assert!(out.starts_with("# Hooks\n\nBefore.\n\n<div class=\"hooksim-block\"><pre data-hooksim data-title=\"&lt;b&gt;x&lt;/b&gt;\">apiVersion: batch/v1&#10;"), "{out}");
        let line = out.lines().find(|l| l.starts_with("<div class=\"hooksim-block\"")).unwrap();
        assert!(line.ends_with("</svg></div></noscript></div>"), "one line: {line}");
        assert!(line.contains("&#10;&#10;# a blank line above"));
        assert!(line.contains(r#"<noscript><div class="hooksim-static"><svg class="hs-svg""#));
        assert!(line.contains("final phase Succeeded"));
        assert!(line.contains("<style>") && line.contains("svg.hs-svg {"));
        // Other code blocks and the text around stay as they were.
        assert!(out.contains("\n\nAfter.\n\n```yaml\nkind: Job\n```\n"), "{out}");
    }

    #[test]
    fn no_block_no_change() {
        let (out, _) = rewrite("```yaml\nhooksim: 1\n```\n\n    ```hooksim\n    indented code, not a fence\n");
        assert!(out.is_none());
    }

    #[test]
    fn the_script_is_relative_to_the_chapter() {
        use std::path::Path;
        assert_eq!(
            script_tag("hooksim/embed.js", Some(Path::new("guide/hooks/presync.md"))),
            r#"<script type="module" src="../../hooksim/embed.js"></script>"#
        );
        assert_eq!(
            script_tag("hooksim/embed.js", Some(Path::new("intro.md"))),
            r#"<script type="module" src="hooksim/embed.js"></script>"#
        );
        assert_eq!(
            script_tag("https://x.example/hooksim/embed.js", Some(Path::new("a/b.md"))),
            r#"<script type="module" src="https://x.example/hooksim/embed.js"></script>"#
        );
    }
}
