//! Two variants of one input side by side (hooksim_engine::compare): what differs, listed, then
//! both timelines and both results with the differences marked. The embed
//! (`<pre data-hooksim data-compare="argocdVersion=2.14">`) and the playground show this HTML.

use std::fmt::Write;

use hooksim_engine::compare::{self, Change, Comparison, OneSided, ResultState};
use hooksim_engine::Report;

use crate::change::change_class;
use crate::{escape, lower, timeline};

fn secs(t: Option<i64>) -> String {
    t.map_or("–".to_string(), |t| format!("{t} s"))
}

/// The list of differences (empty `<ul>` when there are none).
fn list_html(c: &Comparison) -> String {
    let mut s = String::from(r#"<ul class="hs-compare-list">"#);
    for op in &c.operations {
        let phase = |o: &Option<compare::OperationEnd>| o.as_ref().map_or("none".to_string(), |o| o.phase.clone());
        let msg = |o: &Option<compare::OperationEnd>| o.as_ref().map_or(String::new(), |o| o.message.clone());
        if op.phase_differs() {
            let _ = write!(
                s,
                r#"<li class="hs-cmp-phase">Operation {n}: <b>A</b> <span class="hs-badge hs-phase-{ca}">{pa}</span> → <b>B</b> <span class="hs-badge hs-phase-{cb}">{pb}</span></li>"#,
                n = op.n,
                ca = lower(&phase(&op.a)),
                pa = escape(&phase(&op.a)),
                cb = lower(&phase(&op.b)),
                pb = escape(&phase(&op.b)),
            );
        }
        if op.message_differs() {
            let _ = write!(
                s,
                r#"<li class="hs-cmp-message">Operation {n}'s message: <b>A</b> {a}<br><b>B</b> {b}</li>"#,
                n = op.n,
                a = escape(&msg(&op.a)),
                b = escape(&msg(&op.b)),
            );
        }
        for e in &op.events {
            let (tag, when) = match e.change {
                Change::Moved => ("moved", format!("{} → {}", secs(e.a_t), secs(e.b_t))),
                Change::OnlyA => ("only A", format!("A {}", secs(e.a_t))),
                Change::OnlyB => ("only B", format!("B {}", secs(e.b_t))),
            };
            let _ = write!(
                s,
                r#"<li class="hs-cmp-event hs-changed-{c}"><span class="hs-cmp-tag">{tag}</span> <span class="hs-cmp-t">{when}</span> <code>{obj}</code> {what}</li>"#,
                c = change_class(e.change),
                when = escape(&when),
                obj = escape(&e.object),
                what = escape(&e.what),
            );
        }
        for r in &op.results {
            let side = |x: &Option<ResultState>| x.as_ref().map_or("not in the result".to_string(), |x| x.words());
            let _ = write!(
                s,
                r#"<li class="hs-cmp-result"><span class="hs-cmp-tag">result</span> <code>{obj}</code> ({ph}): <b>A</b> {a} · <b>B</b> {b}</li>"#,
                obj = escape(&r.object),
                ph = escape(&r.sync_phase),
                a = escape(&side(&r.a)),
                b = escape(&side(&r.b)),
            );
        }
    }
    let sets = |s: &mut String, what: &str, set: &OneSided| {
        for (side, items) in [("A", &set.only_a), ("B", &set.only_b)] {
            for x in items {
                let _ = write!(
                    s,
                    r#"<li class="hs-cmp-left"><span class="hs-cmp-tag">only {side}</span> {what}: <code>{}</code></li>"#,
                    escape(x)
                );
            }
        }
    };
    sets(&mut s, "left in the cluster", &c.remaining);
    sets(&mut s, "diagnostic", &c.diagnostics);
    s.push_str("</ul>");
    s
}

/// Adds `hs-changed` to the result rows and the objects left of one side that the comparison
/// names. Works on [`crate::result_html`]'s markup: the n-th `hs-operation` block is operation n.
fn mark_result(html: &str, c: &Comparison, a: bool) -> String {
    let mut blocks: Vec<String> = html.split(r#"<div class="hs-operation""#).map(str::to_string).collect();
    for (n, object) in c.changed_results() {
        let Some(block) = blocks.get_mut(n + 1) else { continue };
        let Some((kind, name)) = object.split_once('/') else { continue };
        let row_start = format!(r#"<tr><td>{}</td><td class="hs-name" title=""#, escape(kind));
        let name_cell = format!(r#"">{}</td>"#, escape(name));
        let mut out = String::new();
        let mut rest = block.as_str();
        while let Some(i) = rest.find(&row_start) {
            let end = rest[i..].find("</tr>").map_or(rest.len(), |e| i + e);
            out.push_str(&rest[..i]);
            if rest[i..end].contains(&name_cell) {
                out.push_str(r#"<tr class="hs-changed">"#);
                out.push_str(&rest[i + "<tr>".len()..end]);
            } else {
                out.push_str(&rest[i..end]);
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        *block = out;
    }
    let mut s = blocks.join(r#"<div class="hs-operation""#);
    for x in if a { &c.remaining.only_a } else { &c.remaining.only_b } {
        let obj: Vec<&str> = x.rsplitn(3, '/').collect();
        if obj.len() >= 2 {
            let code = format!("<li><code>{}/{}</code>", escape(obj[1]), escape(obj[0]));
            s = s.replace(
                &code,
                &format!(r#"<li class="hs-changed"><code>{}/{}</code>"#, escape(obj[1]), escape(obj[0])),
            );
        }
    }
    s
}

/// One side: its name, final phase, marked timeline and marked result.
fn side_html(report: &Report, c: &Comparison, a: bool) -> String {
    let (tag, name) = if a { ("A", &c.a) } else { ("B", &c.b) };
    let phase = crate::final_phase(report).unwrap_or("none");
    let mut s = format!(
        r#"<section class="hs-side hs-side-{t}" data-side="{t}" data-phase="{p}"><div class="hs-side-head"><span class="hs-side-tag">{tag}</span> <span class="hs-side-name">{n}</span> <span class="hs-badge hs-phase-{c}">{p}</span></div>"#,
        t = tag.to_ascii_lowercase(),
        n = escape(name),
        c = lower(phase),
        p = escape(phase),
    );
    if crate::has_timeline(report) {
        s.push_str(r#"<div class="hs-timeline">"#);
        s.push_str(&timeline::timeline_svg_marked(report, 100, &c.marked(a)));
        s.push_str("</div>");
    }
    s.push_str(&mark_result(&crate::result_html(report), c, a));
    s.push_str("</section>");
    s
}

/// The comparison: a summary, the list of differences, then side A and side B (side by side on
/// a wide page, stacked on a narrow one), each timeline and result with the differences marked.
pub fn compare_html(a: &Report, b: &Report, c: &Comparison) -> String {
    let summary = if c.equal {
        "No difference: the same events at the same seconds, the same results, the same objects left.".to_string()
    } else {
        format!("{} difference(s) between A and B, marked ≠ on both timelines and results", c.differences)
    };
    format!(
        r#"<div class="hs-compare" data-equal="{eq}" data-differences="{d}"><div class="hs-compare-summary"><b>A</b> {na} · <b>B</b> {nb}: {summary}</div>{list}<div class="hs-compare-sides">{sa}{sb}</div></div>"#,
        eq = c.equal,
        d = c.differences,
        na = escape(&c.a),
        nb = escape(&c.b),
        summary = escape(&summary),
        list = if c.equal { String::new() } else { list_html(c) },
        sa = side_html(a, c, true),
        sb = side_html(b, c, false),
    )
}

/// Both timelines of a comparison in one SVG file (the playground's SVG download while a
/// comparison is open): side A above side B, each under a line with its name and final phase,
/// the differences marked as on the page. Style it with [`crate::svg_with_style`].
pub fn compare_svg(a: &Report, b: &Report, c: &Comparison) -> String {
    // Whole pixels only: float formatting and parsing would cost the playground's wasm 14 KB.
    let (mut body, mut y, mut w) = (String::new(), 0u32, 320u32);
    for (side, report, tag, name) in [(true, a, "A", &c.a), (false, b, "B", &c.b)] {
        let phase = crate::final_phase(report).unwrap_or("none");
        let _ = write!(
            body,
            r#"<text class="hs-side-title" x="4" y="{}" font-weight="bold">{tag} · {} · {}</text>"#,
            y + 18,
            escape(name),
            escape(phase)
        );
        y += 26;
        if !crate::has_timeline(report) {
            continue;
        }
        let svg = timeline::timeline_svg_marked(report, 100, &c.marked(side));
        // The size attributes ("812.5"), rounded up.
        let size = |k: &str| {
            let at = svg.find(&format!(" {k}=\"")).map_or(0, |i| i + k.len() + 3);
            let v = svg[at..].split('"').next().unwrap_or("");
            v.split('.').next().and_then(|i| i.parse::<u32>().ok()).map_or(0, |i| i + u32::from(v.contains('.')))
        };
        body.push_str(&svg.replacen("<svg ", &format!(r#"<svg x="0" y="{y}" "#), 1));
        y += size("height");
        w = w.max(size("width"));
    }
    format!(
        r#"<svg class="hs-svg hs-compare-svg" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{y}" viewBox="0 0 {w} {y}" role="img" aria-label="{}">{body}</svg>"#,
        escape(&format!("A: {}; B: {}; {} difference(s)", c.a, c.b, c.differences))
    )
}

/// A comparison for Markdown (the playground's "Copy as Markdown" while a comparison is open):
/// the two sides with their final phases, then the differences as `hooksim diff` prints them.
pub fn compare_markdown(a: &Report, b: &Report, c: &Comparison) -> String {
    let text = compare::render(c);
    let f = if text.contains("```") { "~~~~" } else { "```" };
    let phase = |r: &Report| crate::final_phase(r).unwrap_or("none").to_string();
    let what = if c.equal { "no difference".to_string() } else { format!("{} difference(s)", c.differences) };
    format!(
        "**Compared**: A {} (**{}**) · B {} (**{}**): {what}\n\n{f}text\n{text}{f}\n\n",
        c.a.replace('\n', " "),
        phase(a),
        c.b.replace('\n', " "),
        phase(b)
    )
}

/// The embed of a comparison: a `<figure>` like [`crate::embed_html`]'s, with the comparison in
/// place of the single timeline. `data-phase` is side A's final phase, `data-phase-b` side B's,
/// `data-equal` whether they are the same. `compared` is the two reports and their comparison, or
/// why the variant could not be read; `source` the input, shown folded when set.
pub fn compare_embed_html(
    compared: Result<(&Report, &Report, &Comparison), &str>,
    variant: &str,
    title: &str,
    source: Option<&str>,
) -> String {
    let (a, b, c) = match compared {
        Ok(x) => x,
        Err(e) => {
            return format!(
                r#"<figure class="hs-embed" data-phase="none"><figcaption class="hs-head"><span class="hs-title">{}</span><span class="hs-actions"></span></figcaption><div class="hs-error">data-compare: {}</div></figure>"#,
                escape(title),
                escape(e)
            )
        }
    };
    let (pa, pb) = (crate::final_phase(a).unwrap_or("none"), crate::final_phase(b).unwrap_or("none"));
    let mut s = format!(
        r#"<figure class="hs-embed hs-embed-compare" data-phase="{pa}" data-phase-b="{pb}" data-equal="{eq}"><figcaption class="hs-head"><span class="hs-title">{t}</span> <span class="hs-compare-with">compared with {v}</span><span class="hs-actions"></span></figcaption>"#,
        pa = escape(pa),
        pb = escape(pb),
        eq = c.equal,
        t = escape(title),
        v = escape(variant.trim()),
    );
    s.push_str(&crate::diagnostics_html(&a.diagnostics));
    s.push_str(&compare_html(a, b, c));
    s.push_str(crate::LEGEND);
    if let Some(input) = source {
        let _ = write!(
            s,
            r#"<details class="hs-source"><summary>Manifests and scenario</summary><pre>{}</pre></details>"#,
            escape(input)
        );
    }
    s.push_str("</figure>");
    s
}
