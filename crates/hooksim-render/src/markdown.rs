//! The report as Markdown for a pull-request comment or an issue (`hooksim simulate --format
//! markdown`, the playground's "Copy as Markdown"): the final phase and message, a Mermaid gantt
//! of each operation's phases, waves and hook runs (GitHub renders Mermaid in comments), the
//! result table, what is left in the cluster, and the text timeline folded.
//!
//! Text from the report is untrusted: table cells and Mermaid labels are escaped so that no name
//! or message can close a table cell, a code fence or a gantt line.

use std::fmt::Write;

use hooksim_engine::report::{Event, EventType, OperationReport, Time};
use hooksim_engine::text::escape;
use hooksim_engine::{Report, Severity};

/// Bars a gantt draws at most; the rest are counted in a note.
pub const MAX_BARS: usize = 60;

/// The report as Markdown. `title`: the scenario's name (default "hooksim simulation");
/// `link`: a playground link to put under the heading.
pub fn markdown(report: &Report, title: Option<&str>, link: Option<&str>) -> String {
    let title = escape(title.unwrap_or("hooksim simulation")).into_owned();
    let mut s = String::new();
    let (phase, message) = match report.operations.last() {
        Some(op) => (op.phase.as_str(), op.message.as_str()),
        None => ("none", "no operation ran"),
    };
    let _ = writeln!(s, "**{}**: final phase **{}**: {}\n", inline(&title), inline(phase), inline(message));
    if let Some(url) = link {
        let _ = writeln!(s, "[Open in the hooksim playground]({})\n", url.replace(' ', "%20").replace(')', "%29"));
    }
    if !report.diagnostics.is_empty() {
        for d in &report.diagnostics {
            let sev = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            let at = d.line.map(|l| format!(" line {l}")).unwrap_or_default();
            let _ = writeln!(s, "- {sev} `{}`{at}: {}", code(d.code.as_str()), inline(&d.message));
        }
        s.push('\n');
    }
    for (i, op) in report.operations.iter().enumerate() {
        let finished = op.finished_at.map_or("still running at the horizon".to_string(), |t| format!("at {t} s"));
        let _ = writeln!(s, "#### Operation {} ({}): {} {finished}\n", i + 1, op.kind.as_str(), inline(&op.phase));
        let _ = writeln!(s, "> {}\n", inline(&op.message));
        gantt(&mut s, op, i + 1);
        if !op.results.is_empty() {
            s.push_str("| Resource | Phase | Wave | Status | Hook | Message |\n|---|---|---|---|---|---|\n");
            for r in &op.results {
                let _ = writeln!(
                    s,
                    "| `{}` | {} | {} | {} | {} | {} |",
                    code(&format!("{}/{}", r.kind, r.name)),
                    inline(&r.sync_phase),
                    r.wave,
                    inline(&r.status),
                    inline(&r.hook_phase),
                    inline(&r.message)
                );
            }
            s.push('\n');
        }
    }
    if report.remaining.is_empty() {
        s.push_str("**Left in the cluster:** nothing\n\n");
    } else {
        let left: Vec<String> = report
            .remaining
            .iter()
            .map(|r| {
                let ns = if r.namespace.is_empty() { "cluster-scoped" } else { &r.namespace };
                format!("`{}` ({})", code(&format!("{}/{}", r.kind, r.name)), inline(ns))
            })
            .collect();
        let _ = writeln!(s, "**Left in the cluster:** {}\n", left.join(", "));
    }
    let timeline = hooksim_engine::text::render(report);
    let fence = if timeline.contains("```") { "~~~~" } else { "```" };
    let _ = write!(s, "<details><summary>Timeline</summary>\n\n{fence}text\n{timeline}");
    if !timeline.ends_with('\n') {
        s.push('\n');
    }
    let _ = writeln!(s, "{fence}\n\n</details>");
    s
}

/// Text for a table cell or a line: one line, `|` and HTML made inert.
fn inline(s: &str) -> String {
    escape(&s.replace('\n', " / ")).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('|', "\\|")
}

/// Text inside backticks: no backtick, no `|`.
fn code(s: &str) -> String {
    escape(&s.replace('\n', " ")).replace('`', "'").replace('|', "¦")
}

/// A Mermaid gantt label: no `:`, `;` or `#` (they end a task's name), one line.
fn label(s: &str) -> String {
    escape(s).chars().map(|c| if matches!(c, ':' | ';' | '#' | '\n' | '\r' | '`') { ' ' } else { c }).collect()
}

/// One bar: label, tags (`done`, `crit`, `active`), start and end (at least a second long).
struct Bar {
    section: String,
    label: String,
    tag: &'static str,
    start: Time,
    end: Time,
}

fn gantt(s: &mut String, op: &OperationReport, num: usize) {
    let end_of_op = op.finished_at.unwrap_or_else(|| op.events.last().map_or(op.started_at, |e| e.t));
    let mut bars: Vec<Bar> = Vec::new();
    // The steps: each lasts until the next one starts or the operation ends.
    let steps: Vec<&Event> = op.events.iter().filter(|e| e.ty == EventType::StepStarted).collect();
    for (i, e) in steps.iter().enumerate() {
        let end = steps.get(i + 1).map_or(end_of_op, |n| n.t);
        let name = match (&e.phase, e.wave) {
            (Some(p), Some(w)) => format!("{p} wave {w}"),
            (Some(p), None) => p.clone(),
            _ => "step".into(),
        };
        bars.push(Bar { section: "Argo CD".into(), label: name, tag: "", start: e.t, end });
    }
    // Each pod attempt, from its creation to its end (or the operation's end).
    for (i, e) in op.events.iter().enumerate() {
        if e.ty != EventType::PodCreated {
            continue;
        }
        let same =
            |x: &&Event| x.reference == e.reference && x.name == e.name && x.attempt == e.attempt && x.index == e.index;
        let finish = op.events[i + 1..]
            .iter()
            .filter(same)
            .find(|x| matches!(x.ty, EventType::PodSucceeded | EventType::PodFailed));
        let (tag, end, what) = match finish {
            Some(f) if f.ty == EventType::PodSucceeded => ("done", f.t, "succeeded"),
            Some(f) => ("crit", f.t, "failed"),
            None => ("active", end_of_op, "running"),
        };
        let object = format!("{}/{}", e.kind.as_deref().unwrap_or(""), e.name.as_deref().unwrap_or(""));
        let index = e.index.map(|i| format!(" index {i}")).unwrap_or_default();
        let name = format!("attempt {}{index} {what}", e.attempt.unwrap_or(1));
        bars.push(Bar { section: object, label: name, tag, start: e.t, end });
    }
    if bars.is_empty() {
        return;
    }
    let left_out = bars.len().saturating_sub(MAX_BARS);
    bars.truncate(MAX_BARS);
    let _ = writeln!(s, "```mermaid\ngantt\n  title Operation {num} (seconds)\n  dateFormat X\n  axisFormat %M:%S");
    let mut section = String::new();
    for (i, b) in bars.iter().enumerate() {
        if b.section != section {
            section = b.section.clone();
            let _ = writeln!(s, "  section {}", label(&section));
        }
        let tag = if b.tag.is_empty() { String::new() } else { format!("{}, ", b.tag) };
        let _ = writeln!(s, "  {} :{tag}b{i}, {}, {}", label(&b.label), b.start, b.end.max(b.start + 1));
    }
    s.push_str("```\n\n");
    if left_out > 0 {
        let _ = writeln!(s, "*{left_out} more bars are not drawn.*\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PreSync hook that fails twice, a Deployment never applied, a SyncFail hook.
    const FAILING: &str = include_str!("../../../tests/expect/syncfail-runs-when-presync-fails.yaml");

    #[test]
    fn a_failed_sync_has_phase_gantt_table_and_left() {
        let r = hooksim_engine::simulate(FAILING, &Default::default());
        let md = markdown(&r, Some("t"), Some("http://x/#v1/a"));
        assert!(md.starts_with("**t**: final phase **Failed**: "), "{md}");
        assert!(md.contains("  section Job/notify-failure\n  attempt 1 succeeded :done, "), "{md}");
        assert!(md.contains("(http://x/#v1/a)"));
        assert!(md.contains("```mermaid\ngantt\n"), "{md}");
        assert!(md.contains("  section Job/db-migrate\n  attempt 1 failed :crit, "), "{md}");
        assert!(md.contains("  PreSync wave 0 :b0, 0, "), "{md}");
        assert!(md.contains("| `Job/db-migrate` | PreSync | 0 | Synced | Failed |"), "{md}");
        assert!(md.contains("**Left in the cluster:** `Job/db-migrate` (default)"), "{md}");
        assert!(md.contains("<details><summary>Timeline</summary>\n\n```text\nOperation 1 (sync)"), "{md}");
    }

    #[test]
    fn untrusted_text_cannot_break_out() {
        assert_eq!(inline("a|b<c>\nd"), "a\\|b&lt;c&gt; / d");
        assert_eq!(label("x: y; #z"), "x  y   z");
        assert_eq!(code("a`b|c"), "a'b¦c");
    }
}
