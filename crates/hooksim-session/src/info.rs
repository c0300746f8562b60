//! What a scenario says about itself, for headings and the example gallery.

use hooksim_engine::scenario::Scenario;
use hooksim_engine::sim::{prepare, Options};

/// The scenario document's `metadata.name` and `description`, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScenarioInfo {
    pub name: Option<String>,
    pub description: Option<String>,
    /// The comparison it suggests (`compare: "argocdVersion=3.0"`).
    pub compare: Option<String>,
}

impl ScenarioInfo {
    /// What a scenario the engine has read says about itself.
    pub fn of(sc: &Scenario) -> ScenarioInfo {
        ScenarioInfo { name: sc.title.clone(), description: sc.description.clone(), compare: sc.compare.clone() }
    }
}

/// Reads the scenario of an input stream (or the separately given one, which replaces it). For
/// an input that is also simulated, [`crate::Session::info`] reads it once instead.
pub fn scenario_info(input: &str, scenario: Option<&str>) -> ScenarioInfo {
    let opts = Options { scenario: scenario.map(str::to_string), ..Default::default() };
    ScenarioInfo::of(&prepare(input, &opts).scenario)
}

/// A gallery title: the description's first sentence or clause (up to `.`, `:` or `;` followed
/// by a space), shortened at a word to about 90 characters; the id when there is no description.
pub fn short_title(id: &str, description: Option<&str>) -> String {
    let text = description.unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return id.to_string();
    }
    let mut end = text.len();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | ':' | ';') && text[i + 1..].starts_with(' ') {
            end = i;
            break;
        }
    }
    let first = text[..end].trim_end_matches('.');
    const MAX: usize = 90;
    if first.chars().count() <= MAX {
        return first.to_string();
    }
    let mut cut = String::new();
    for word in first.split(' ') {
        if cut.chars().count() + word.chars().count() + 1 > MAX - 1 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(short_title("x", None), "x");
        assert_eq!(short_title("x", Some("Two Jobs in waves. Then more.")), "Two Jobs in waves");
        assert_eq!(short_title("x", Some("The FAQ: if it fails?")), "The FAQ");
        assert_eq!(short_title("x", Some("Version 3.4 rules\n  apply")), "Version 3.4 rules apply");
        let long = "word ".repeat(40);
        let t = short_title("x", Some(&long));
        assert!(t.ends_with('…') && t.chars().count() <= 90, "{t}");
    }

    #[test]
    fn reads_the_scenario() {
        let info = scenario_info(include_str!("../../../web/examples/presync-postsync.yaml"), None);
        assert_eq!(info.name.as_deref(), Some("presync-postsync"));
        assert!(info.description.unwrap().starts_with("PreSync and PostSync around a Deployment"));
        let other = "apiVersion: hooksim/v1\nkind: Scenario\nmetadata: {name: other}\n";
        let info = scenario_info(include_str!("../../../web/examples/presync-postsync.yaml"), Some(other));
        assert_eq!(info.name.as_deref(), Some("other"));
    }
}
