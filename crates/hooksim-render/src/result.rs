//! The HTML under the timeline: diagnostics, each operation's result table (Argo CD's
//! `syncResult.resources`) with its final phase and message, and what is left in the cluster.
//!
//! No headings (`<h*>`): an embed must not add entries to a docs page's table of contents.

use std::fmt::Write;

use hooksim_engine::{Diagnostic, Report, Severity};

use crate::{escape, lower};

/// The diagnostics as a list (empty string when there are none).
pub fn diagnostics_html(diags: &[Diagnostic]) -> String {
    if diags.is_empty() {
        return String::new();
    }
    let mut s = String::from(r#"<ul class="hs-diags">"#);
    for d in diags {
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let at = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("{l}:{c} "),
            (Some(l), None) => format!("{l} "),
            _ => String::new(),
        };
        let _ = write!(
            s,
            r#"<li class="hs-diag hs-diag-{sev}"><span class="hs-diag-sev">{sev}</span> <code class="hs-diag-code">{code}</code> <span class="hs-diag-at">{at}</span><span class="hs-diag-msg">{msg}</span>"#,
            code = escape(&d.code),
            at = escape(&at),
            msg = escape(&d.message),
        );
        if let Some(h) = &d.hint {
            let _ = write!(s, r#"<div class="hs-diag-hint">{}</div>"#, escape(h));
        }
        s.push_str("</li>");
    }
    s.push_str("</ul>");
    s
}

/// Each operation's phase, message and result table, then "Left in the cluster".
pub fn result_html(report: &Report) -> String {
    let mut s = String::from(r#"<div class="hs-result">"#);
    for (i, op) in report.operations.iter().enumerate() {
        let when = match op.finished_at {
            Some(f) => format!("at {f} s"),
            None => "still running at the horizon".to_string(),
        };
        let _ = write!(
            s,
            r#"<div class="hs-operation" data-phase="{p}"><div class="hs-op-head">Operation {num} ({ty}, started at {start} s): <span class="hs-badge hs-phase-{c}">{p}</span> {when}</div><div class="hs-op-message">{msg}</div>"#,
            p = escape(&op.phase),
            c = lower(&op.phase),
            num = i + 1,
            ty = op.kind.as_str(),
            start = op.started_at,
            when = escape(&when),
            msg = escape(&op.message),
        );
        if !op.results.is_empty() {
            s.push_str(
                r#"<div class="hs-table-wrap"><table class="hs-table"><thead><tr><th>Kind</th><th>Name</th><th>Phase</th><th>Wave</th><th>Status</th><th>Hook phase</th><th>Message</th></tr></thead><tbody>"#,
            );
            for r in &op.results {
                let _ = write!(
                    s,
                    r#"<tr><td>{kind}</td><td class="hs-name" title="{reference}">{name}</td><td>{phase}</td><td class="hs-num">{wave}</td><td class="hs-status hs-status-{sc}">{status}</td><td class="hs-hook hs-hook-{hc}">{hook}</td><td class="hs-msg">{msg}</td></tr>"#,
                    kind = escape(&r.kind),
                    reference = escape(&r.reference),
                    name = escape(&r.name),
                    phase = escape(&r.sync_phase),
                    wave = r.wave,
                    sc = lower(&r.status),
                    status = escape(&r.status),
                    hc = lower(&r.hook_phase),
                    hook = escape(&r.hook_phase),
                    msg = escape(&r.message),
                );
            }
            s.push_str("</tbody></table></div>");
        }
        s.push_str("</div>");
    }
    s.push_str(r#"<div class="hs-remaining"><span class="hs-remaining-head">Left in the cluster:</span> "#);
    if report.remaining.is_empty() {
        s.push_str(r#"<span class="hs-none">nothing</span>"#);
    } else {
        s.push_str("<ul>");
        for r in &report.remaining {
            let ns = if r.namespace.is_empty() { "cluster-scoped" } else { &r.namespace };
            let _ = write!(
                s,
                r#"<li><code>{}/{}</code> <span class="hs-ns">({})</span></li>"#,
                escape(&r.kind),
                escape(&r.name),
                escape(ns)
            );
        }
        s.push_str("</ul>");
    }
    s.push_str("</div></div>");
    s
}
