//! The example gallery: `web/examples/*.yaml` as they were at build time (build.rs), one list for
//! the playground, the wasm API and the tests. The playground fetches an example's text
//! (`examples/<file>`, copied next to it by Trunk and `make dist`) when it is opened, which keeps
//! the texts out of its wasm; native builds and the wasm API (feature `example-texts`) embed them.

/// One example; `id` is stable (the scenario's `metadata.name`) and links as `#example/<id>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    /// Embedded in native builds and with `example-texts` only, like the text.
    pub description: &'static str,
    /// The file name under `examples/`.
    pub file: &'static str,
    /// The text, embedded in native builds and with `example-texts` only (empty in the
    /// playground, which fetches `examples/<file>`).
    pub text: &'static str,
    /// The engine's final phase for it (the gallery's outcome badge), computed at build time.
    pub phase: &'static str,
    /// Its section in [`SECTIONS`] (web/examples/gallery.txt) and its place there.
    pub section: usize,
    pub order: usize,
    /// The comparison it opens with (the Scenario's `compare:`, issue 13), or empty.
    pub compare: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The example opened when there is nothing else to show.
pub const DEFAULT_ID: &str = "presync-postsync";

pub fn all() -> &'static [Example] {
    EXAMPLES
}

/// The gallery's sections in order, each with its examples in their order (empty sections left
/// out); the first example of the first section is "start here".
pub fn sections() -> Vec<(&'static str, Vec<&'static Example>)> {
    let mut out = Vec::new();
    for (si, name) in SECTIONS.iter().enumerate() {
        let mut list: Vec<&'static Example> = EXAMPLES.iter().filter(|e| e.section == si).collect();
        list.sort_unstable_by_key(|e| (e.order, e.id));
        if !list.is_empty() {
            out.push((*name, list));
        }
    }
    out
}

/// Whether an example matches the gallery's search (every word, in its title, id, section or
/// outcome, ASCII case-insensitive).
pub fn matches(e: &Example, query: &str) -> bool {
    let hay =
        format!("{} {} {} {}", e.title, e.id, SECTIONS.get(e.section).unwrap_or(&""), e.phase).to_ascii_lowercase();
    query.split_whitespace().all(|w| hay.contains(&w.to_ascii_lowercase()))
}

/// The id as the gallery has it, if it has it. The playground uses this alone (with the ids
/// only, `IDS`): everything else about an example comes from its text or from `gallery.json`
/// (the API's `gallery()`, written at build time), which keeps the table out of its wasm.
pub fn known_id(id: &str) -> Option<&'static str> {
    IDS.iter().copied().find(|x| *x == id)
}

pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// The default example (PreSync and PostSync around a Deployment), else the first one.
pub fn default_example() -> Option<&'static Example> {
    find(DEFAULT_ID).or(EXAMPLES.first())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gallery_has_unique_ids_and_a_default() {
        assert!(!all().is_empty());
        let mut ids: Vec<&str> = all().iter().map(|e| e.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all().len());
        assert!(default_example().is_some());
        let first = &all()[0];
        assert_eq!(find(first.id), Some(first));
        assert_eq!(IDS.len(), all().len());
        assert!(all().iter().all(|e| known_id(e.id) == Some(e.id) && e.file == format!("{}.yaml", e.id)));
        assert_eq!(known_id("no-such-example"), None);
        assert!(all().iter().all(|e| e.file.ends_with(".yaml") && e.text.contains("kind: Scenario")));
        // Every example is in a section, the basics first and "start here" the default.
        let secs = sections();
        assert_eq!(secs.iter().map(|(_, l)| l.len()).sum::<usize>(), all().len());
        assert_eq!(secs[0].1[0].id, DEFAULT_ID);
        assert!(all().iter().all(|e| ["Succeeded", "Failed", "Error", "Running"].contains(&e.phase)), "{:?}", all());
        assert_eq!(find("presync-fails-syncfail").map(|e| e.phase), Some("Failed"));
        assert!(matches(find(DEFAULT_ID).unwrap(), "presync SUCCEEDED"));
        assert!(!matches(find(DEFAULT_ID).unwrap(), "presync nothing-like-this"));
        // Ids go into links (#example/<id>) as they are.
        for e in all() {
            let ok = e.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            assert!(ok, "example id {:?}: use a-z, 0-9 and -", e.id);
        }
    }
}
