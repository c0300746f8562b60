//! One line per rule, for the hover texts and the rule links: the R rules of Argo CD's sync engine
//! (argocd-sync.md), the J rules of the Kubernetes Job controller (k8s-job.md) and the A rules of
//! the Application controller (argocd-app.md) that the engine cites in its events, as data in
//! docs/rules/one-liners.tsv. A test checks that every rule the engine names has its line.

use hooksim_engine::report::Report;

use crate::escape;

/// The one-line explanations (docs/rules/one-liners.tsv): "ID<TAB>text" lines, `#` comments.
/// Data, not code: the playground fetches the same file rather than carry it in its wasm.
pub const ONE_LINERS: &str = include_str!("../../../docs/rules/one-liners.tsv");

/// The line of `rule` in `table` (the text of docs/rules/one-liners.tsv), if it has one.
pub fn line_in<'a>(table: &'a str, rule: &str) -> Option<&'a str> {
    table.lines().filter(|l| !l.starts_with('#')).find_map(|l| l.strip_prefix(rule)?.strip_prefix('\t'))
}

/// The one-line explanation of a rule ("R35", "J10"), if known.
pub fn rule_line(rule: &str) -> Option<&'static str> {
    line_in(ONE_LINERS, rule)
}

/// The rule book page, built from `docs/rules/*.md` next to the playground (`web/rules/build.mjs`);
/// each rule is the anchor of its id (`rules.html#R44.1`). The texts stay there, out of the wasm.
pub const RULE_BOOK: &str = "rules.html";

/// The address of a rule's entry in the rule book, relative to the playground.
pub fn rule_href(rule: &str) -> String {
    format!("{RULE_BOOK}#{rule}")
}

/// A rule id as a link to its entry in the rule book (a new tab), with its one line as the hover.
pub fn rule_link(rule: &str, class: &str) -> String {
    rule_link_with(rule, class, rule_line(rule))
}

/// [`rule_link`] with the rule's line given (the playground's, fetched).
pub fn rule_link_with(rule: &str, class: &str, line: Option<&str>) -> String {
    format!(
        r#"<a class="{class}" href="{}" target="_blank" rel="noopener" title="{}">{}</a>"#,
        escape(&rule_href(rule)),
        escape(line.unwrap_or("The rule in hooksim's rule book")),
        escape(rule)
    )
}

/// A teaching text as HTML (the lessons' texts, explanations and hints, in the playground and the
/// embed): paragraphs at blank lines, every word escaped, rule ids (R12, J35, A13) as
/// [`rule_link`]s with the `class` given.
pub fn rich_html(out: &mut String, text: &str, class: &str) {
    for p in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        out.push_str("<p>");
        for word in p.split_whitespace() {
            let core = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            let cited = hooksim_engine::lesson::cited_rules(core);
            match word.find(core).filter(|_| cited.first().is_some_and(|r| r == core)) {
                Some(at) => {
                    out.push_str(&escape(&word[..at]));
                    out.push_str(&rule_link(core, class));
                    out.push_str(&escape(&word[at + core.len()..]));
                }
                None => out.push_str(&escape(word)),
            }
            out.push(' ');
        }
        out.push_str("</p>");
    }
}

/// The rules behind a report's events, in the order they first occur, each a link to the rule
/// book: the embed's "Rules:" line (the timeline's hover texts cannot hold links). Empty when no
/// event names a rule.
pub fn rules_html(report: &Report) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for rule in report.operations.iter().flat_map(|o| &o.events).filter_map(|e| e.rule.as_deref()) {
        if !seen.contains(&rule) {
            seen.push(rule);
        }
    }
    if seen.is_empty() {
        return String::new();
    }
    let links: Vec<String> = seen.iter().map(|r| rule_link(r, "hs-rule")).collect();
    format!(r#"<div class="hs-rules">Rules: {}</div>"#, links.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_the_engine_names_has_a_line() {
        let rows: Vec<(&str, &str)> = ONE_LINERS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| l.split_once('\t').unwrap_or_else(|| panic!("not ID<TAB>text: {l}")))
            .collect();
        let mut ids: Vec<&str> = rows.iter().map(|(r, _)| *r).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), rows.len(), "a rule is listed twice");
        for (r, l) in &rows {
            assert!(l.ends_with('.') && l.len() < 120, "{r}: {l}");
            assert_eq!(rule_line(r), Some(*l));
        }
        assert_eq!(rule_line("R3"), None, "R35's line is not R3's");
        // The rules in the engine's source (its folders too): every "R12" or "J3" string literal.
        let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../hooksim-engine/src")];
        let mut files = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 20, "the engine's source files: {files:?}");
        let mut missing = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(file).unwrap();
            for part in text.split('"').skip(1).step_by(2) {
                let is_rule = part.len() >= 2
                    && matches!(part.as_bytes()[0], b'R' | b'J' | b'A')
                    && part[1..].chars().all(|c| c.is_ascii_digit());
                if is_rule && rule_line(part).is_none() && !missing.contains(&part.to_string()) {
                    missing.push(part.to_string());
                }
            }
        }
        assert!(missing.is_empty(), "rules the engine cites without a line in docs/rules/one-liners.tsv: {missing:?}");
        assert!(rule_line("R35").unwrap().contains("wave delay"));
        assert_eq!(rule_line("X1"), None);
    }
}
