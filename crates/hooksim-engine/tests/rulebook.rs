//! The rule book (`docs/rules/*.md`) and the code stay in step. The test reads every file under
//! `crates/` and `tests/` (its path and its text) and fails when
//!
//! 1. an id cited there has no entry in the book;
//! 2. an entry is cited nowhere there and is not marked `Status: not modelled`;
//! 3. an entry marked not modelled is cited in `crates/*/src` (its status is stale).
//!
//! It also checks the entries' form: one `### ID — title` heading per id (`#### ID — title` for a
//! sub-id such as R44.1), every id of R1–R66, A1–A50 and J1–J35, a `Status:` line of one of the
//! three forms on every entry, and a `Source:` line on every top-level entry.
//!
//! What counts as a citation is defined in `docs/rules/README.md` ("What counts as a citation")
//! and implemented by [`ids_in`] and [`fn_name_ids`]. This file itself is not scanned: its tests
//! hold examples of what is and is not a citation.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// A rule id: a letter, a number and an optional suffix (`a` or `.1`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Id {
    letter: char,
    number: u32,
    /// "", "a" (R37a) or ".1" (R44.1).
    sub: String,
}

impl Id {
    /// Parses a whole token ("R44.1", "J5", "R37a"); None when it is not exactly an id.
    fn parse(token: &str) -> Option<Id> {
        let found = ids_in(token);
        match found.as_slice() {
            [one] if one.to_string() == token => Some(one.clone()),
            _ => None,
        }
    }

    fn parent(&self) -> Option<Id> {
        (!self.sub.is_empty()).then(|| Id { sub: String::new(), ..self.clone() })
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.letter, self.number, self.sub)
    }
}

/// May this character stand right before an id? Not a letter, a digit, `_`, `#` or `§`.
fn may_precede(c: char) -> bool {
    !(c.is_alphanumeric() || c == '_' || c == '#' || c == '§')
}

fn is_word(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// The rule ids cited in a text, in order (see docs/rules/README.md). `A` ids with a dot (`A5.37`)
/// are section numbers of the upstream test catalogue and are left out.
fn ids_in(text: &str) -> Vec<Id> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let letter = c[i];
        if !matches!(letter, 'R' | 'J' | 'A') || (i > 0 && !may_precede(c[i - 1])) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < c.len() && c[j].is_ascii_digit() && j - i <= 2 {
            j += 1;
        }
        let digits: String = c[i + 1..j].iter().collect();
        if digits.is_empty() || digits.starts_with('0') || c.get(j).is_some_and(|d| d.is_ascii_digit()) {
            i = j.max(i + 1);
            continue;
        }
        let number: u32 = digits.parse().unwrap_or(0);
        let id = |sub: String| Id { letter, number, sub };
        // R37a: one lower-case letter that ends the word.
        if c.get(j).is_some_and(|l| l.is_ascii_lowercase()) && !is_word(c.get(j + 1)) {
            out.push(id(c[j].to_string()));
            i = j + 1;
            continue;
        }
        // R44.1: a dot and digits that end the word.
        if c.get(j) == Some(&'.') && c.get(j + 1).is_some_and(|d| d.is_ascii_digit()) {
            let mut k = j + 1;
            while k < c.len() && c[k].is_ascii_digit() {
                k += 1;
            }
            if !is_word(c.get(k)) && letter != 'A' {
                out.push(id(c[j..k].iter().collect()));
            }
            i = k;
            continue;
        }
        if !is_word(c.get(j)) {
            out.push(id(String::new()));
        }
        i = j;
    }
    out
}

/// The ids a line's Rust function name starts with: `fn j23_j24_j26_rejections` → J23, J24, J26.
fn fn_name_ids(line: &str) -> Vec<Id> {
    let mut out = Vec::new();
    for (at, _) in line.match_indices("fn ") {
        if at > 0 && !may_precede(line[..at].chars().last().unwrap_or(' ')) {
            continue;
        }
        let name: String =
            line[at + 3..].chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_').collect();
        for part in name.split('_') {
            let Some(first) = part.chars().next().filter(|c| matches!(c, 'r' | 'j' | 'a')) else { break };
            let upper = format!("{}{}", first.to_ascii_uppercase(), &part[1..]);
            match Id::parse(&upper) {
                Some(id) if id.sub.len() <= 1 => out.push(id),
                _ => break,
            }
        }
    }
    out
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One entry of the book.
#[derive(Debug)]
struct Entry {
    place: String,
    status: Option<String>,
    has_source: bool,
}

impl Entry {
    fn not_modelled(&self) -> bool {
        self.status.as_deref().and_then(status_of) == Some(Status::NotModelled)
    }
}

/// The entries of `docs/rules/*.md` (README.md aside) and the problems with their form.
fn book() -> (BTreeMap<Id, Entry>, Vec<String>) {
    let dir = root().join("docs/rules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("README.md"))
        .collect();
    files.sort();
    let mut entries: BTreeMap<Id, Entry> = BTreeMap::new();
    let mut problems = Vec::new();
    for file in files {
        let name = format!("docs/rules/{}", file.file_name().unwrap().to_string_lossy());
        let text = std::fs::read_to_string(&file).unwrap();
        let mut current: Option<Id> = None;
        for (n, line) in text.lines().enumerate() {
            let place = format!("{name}:{}", n + 1);
            if line.starts_with('#') {
                current = None;
                let hashes = line.chars().take_while(|c| *c == '#').count();
                let rest = line[hashes..].trim_start();
                let token = rest.split_whitespace().next().unwrap_or("");
                let Some(id) = Id::parse(token) else {
                    if hashes >= 3 {
                        problems.push(format!("{place}: a heading of level {hashes} that is not `ID — title`: {line}"));
                    }
                    continue;
                };
                let want = if id.sub.is_empty() { 3 } else { 4 };
                let titled = rest[token.len()..].strip_prefix(" — ").is_some_and(|t| !t.trim().is_empty());
                if hashes != want || !titled {
                    problems.push(format!("{place}: write `{} {id} — title`: {line}", "#".repeat(want)));
                }
                if let Some(old) = entries.get(&id) {
                    problems.push(format!("{place}: {id} has an entry already at {}", old.place));
                    continue;
                }
                entries.insert(id.clone(), Entry { place, status: None, has_source: false });
                current = Some(id);
            } else if let Some(e) = current.as_ref().and_then(|id| entries.get_mut(id)) {
                if line.starts_with("Source:") {
                    e.has_source = true;
                } else if let Some(s) = line.strip_prefix("Status: ") {
                    if e.status.is_none() {
                        e.status = Some(s.to_string());
                    }
                }
            }
        }
    }
    for (id, e) in &entries {
        match e.status.as_deref() {
            None => problems.push(format!("{}: {id} has no `Status:` line", e.place)),
            Some(s) if status_of(s).is_none() => problems.push(format!(
                "{}: {id}: the status must be `modelled`, `partly modelled — …` or `not modelled — …`: {s}",
                e.place
            )),
            _ => {}
        }
        if id.sub.is_empty() && !e.has_source {
            problems.push(format!("{}: {id} has no `Source:` line", e.place));
        }
    }
    for (letter, last) in [('R', 66), ('A', 50), ('J', 35)] {
        let numbers: BTreeSet<u32> =
            entries.keys().filter(|id| id.letter == letter && id.sub.is_empty()).map(|id| id.number).collect();
        let top = numbers.iter().max().copied().unwrap_or(0).max(last);
        let missing: Vec<String> = (1..=top).filter(|n| !numbers.contains(n)).map(|n| format!("{letter}{n}")).collect();
        if !missing.is_empty() {
            problems.push(format!("no entry for {}", missing.join(", ")));
        }
    }
    (entries, problems)
}

#[derive(Debug, PartialEq)]
enum Status {
    Modelled,
    Partly,
    NotModelled,
}

fn status_of(line: &str) -> Option<Status> {
    if line == "modelled" || line.starts_with("modelled — ") {
        Some(Status::Modelled)
    } else if line.starts_with("partly modelled — ") {
        Some(Status::Partly)
    } else if line.starts_with("not modelled — ") {
        Some(Status::NotModelled)
    } else {
        None
    }
}

/// Every citation under `crates/` and `tests/`: id → places (`path` for a file name,
/// `path:line` for its text). A sub-id also cites its parent.
fn citations() -> BTreeMap<Id, Vec<String>> {
    let root = root();
    let me = Path::new(file!()).file_name().unwrap().to_owned();
    let mut out: BTreeMap<Id, Vec<String>> = BTreeMap::new();
    let mut add = |ids: Vec<Id>, place: &str| {
        for id in ids {
            if let Some(p) = id.parent() {
                out.entry(p).or_default().push(place.to_string());
            }
            out.entry(id).or_default().push(place.to_string());
        }
    };
    let mut stack = vec![root.join("crates"), root.join("tests")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_owned();
            if path.is_dir() {
                if name != "target" && name != "node_modules" {
                    stack.push(path);
                }
                continue;
            }
            if name == me && path.parent().is_some_and(|p| p.ends_with("hooksim-engine/tests")) {
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            add(ids_in(&rel), &rel);
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            for (n, line) in text.lines().enumerate() {
                let mut ids = ids_in(line);
                ids.extend(fn_name_ids(line));
                if !ids.is_empty() {
                    add(ids, &format!("{rel}:{}", n + 1));
                }
            }
        }
    }
    for places in out.values_mut() {
        places.sort();
        places.dedup();
    }
    out
}

/// "R12 (crates/x.rs:3, tests/y.yaml:4 and 5 more)"
fn listed(id: &Id, places: &[String]) -> String {
    let shown: Vec<&str> = places.iter().take(3).map(String::as_str).collect();
    let more = if places.len() > 3 { format!(" and {} more", places.len() - 3) } else { String::new() };
    format!("  {id}: {}{more}", shown.join(", "))
}

#[test]
fn the_entries_are_well_formed() {
    let (entries, problems) = book();
    assert!(entries.len() >= 151, "only {} entries: is docs/rules/ there?", entries.len());
    assert!(problems.is_empty(), "docs/rules/:\n{}", problems.join("\n"));
}

#[test]
fn every_cited_id_has_an_entry() {
    let (entries, _) = book();
    let missing: Vec<String> =
        citations().iter().filter(|(id, _)| !entries.contains_key(*id)).map(|(id, p)| listed(id, p)).collect();
    assert!(
        missing.is_empty(),
        "rule ids cited under crates/ or tests/ with no entry in docs/rules/ (write one, see docs/rules/README.md):\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_entry_is_cited_or_not_modelled() {
    let (entries, _) = book();
    let cited = citations();
    let uncited: Vec<String> = entries
        .iter()
        .filter(|(id, e)| !cited.contains_key(*id) && !e.not_modelled())
        .map(|(id, e)| format!("  {id} ({}): {}", e.place, e.status.as_deref().unwrap_or("no status")))
        .collect();
    assert!(
        uncited.is_empty(),
        "entries cited nowhere under crates/ or tests/ that are not marked `Status: not modelled — …` \
         (cite them where the rule is modelled, or say why it is not):\n{}",
        uncited.join("\n")
    );
}

#[test]
fn no_entry_marked_not_modelled_is_cited_in_the_source() {
    let (entries, _) = book();
    let cited = citations();
    let stale: Vec<String> = entries
        .iter()
        .filter(|(_, e)| e.not_modelled())
        .filter_map(|(id, e)| {
            let in_src: Vec<String> =
                cited.get(id)?.iter().filter(|p| p.starts_with("crates/") && p.contains("/src/")).cloned().collect();
            (!in_src.is_empty()).then(|| format!("{} (entry at {})", listed(id, &in_src), e.place))
        })
        .collect();
    assert!(
        stale.is_empty(),
        "entries marked not modelled but cited in crates/*/src: update their `Status:` line:\n{}",
        stale.join("\n")
    );
}

#[test]
fn what_counts_as_a_citation() {
    let ids = |t: &str| ids_in(t).iter().map(Id::to_string).collect::<Vec<_>>();
    assert_eq!(ids("// R35: the wave delay (J10), R44.1 and R37a."), ["R35", "J10", "R44.1", "R37a"]);
    assert_eq!(ids("tests/scenarios/rules/J15-J16-failed.yaml"), ["J15", "J16"]);
    assert_eq!(ids("sync (R35–R56); R7. Next"), ["R35", "R56", "R7"]);
    // Not citations: inside words and numbers, hex colours, three digits, leading zeros, section
    // numbers of other documents.
    assert!(ids("PR2 R2_x 0xA1 #A12 R2d2 R123 R05 A5.37 §A1 §16 R44.1x").is_empty());
    assert_eq!(ids("A7 and A5.37–41"), ["A7"]);
    let fns = |t: &str| fn_name_ids(t).iter().map(Id::to_string).collect::<Vec<_>>();
    assert_eq!(fns("    fn j23_j24_j26_rejections_in_order() {"), ["J23", "J24", "J26"]);
    assert_eq!(fns("fn r37b_apply_out_of_sync_only()"), ["R37b"]);
    assert!(fns("fn render_all() -> String; fn j_x(); fn r2d2()").is_empty());
    assert_eq!(Id::parse("R44.1").map(|i| i.parent().unwrap().to_string()), Some("R44".to_string()));
    assert_eq!(Id::parse("R44 "), None);
}
