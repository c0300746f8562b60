//! One input, read once: its prepared form (the engine's reading of the manifests and the
//! Scenario, with the diagnostics), its report, and the views derived from them (the title and
//! description, the scenario panel's model), in the style of ruff's `Workspace`. The playground,
//! the wasm API and the CLI go through it, so that an input is parsed and linted once per edit.
//!
//! Also here, because all three front ends share them and none of them is drawing: the link
//! format (`share`), the example gallery (`gallery`), the scenario document's editing that keeps
//! comments (`panel`), and the embed's helpers (`embed`). No DOM and no wasm-bindgen:
//! `hooksim-render` draws a report, `hooksim-web` and `hooksim-wasm` are the browser's layers.

pub mod compare_view;
pub mod embed;
pub mod gallery;
pub mod info;
pub mod panel;
pub mod share;
pub mod tree_view;

use hooksim_engine::sim::{self, Options, Prepared};
use hooksim_engine::{Diagnostic, Report};

pub use embed::{compare_embed, compare_variant, crash_test, embed_input, CRASH_TEST_FLAG, CRASH_TEST_LINE};
pub use info::{scenario_info, short_title, ScenarioInfo};

/// An input, prepared and simulated once.
pub struct Session {
    input: String,
    prepared: Prepared,
    report: Report,
}

impl Session {
    /// Reads `input` (with the options' separate scenario, `--set`s and limits) and simulates it.
    pub fn new(input: &str, opts: &Options) -> Session {
        let prepared = sim::prepare(input, opts);
        let report = sim::run(&prepared);
        Session { input: input.to_string(), prepared, report }
    }

    pub fn input(&self) -> &str {
        &self.input
    }

    /// The engine's reading: manifests, scenario, Application, and the diagnostics of reading.
    pub fn prepared(&self) -> &Prepared {
        &self.prepared
    }

    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Takes the report (for a caller that keeps it).
    pub fn into_report(self) -> Report {
        self.report
    }

    /// Takes the input, the reading and the report apart (the playground keeps all three, and
    /// derives the panel from the reading only when the panel is shown: [`panel::panel_of`]).
    pub fn into_parts(self) -> (String, Prepared, Report) {
        (self.input, self.prepared, self.report)
    }

    /// The report's diagnostics (sorted and capped, as `hooksim lint` gives them).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.report.diagnostics
    }

    /// The scenario's title, description and suggested comparison.
    pub fn info(&self) -> ScenarioInfo {
        ScenarioInfo::of(&self.prepared.scenario)
    }

    /// The scenario panel's model, from the same reading.
    pub fn panel(&self) -> panel::Panel {
        panel::panel_of(&self.input, &self.prepared)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The session's views are those of reading the input on its own, from one reading.
    #[test]
    fn one_reading_gives_the_same_views_as_separate_ones() {
        for ex in gallery::all() {
            let s = Session::new(ex.text, &Options::default());
            assert_eq!(s.report(), &hooksim_engine::simulate(ex.text, &Options::default()), "{}", ex.id);
            assert_eq!(s.info(), scenario_info(ex.text, None), "{}", ex.id);
            assert_eq!(s.panel(), panel::panel(ex.text), "{}", ex.id);
            assert_eq!(s.diagnostics(), hooksim_engine::lint(ex.text, &Options::default()).as_slice(), "{}", ex.id);
        }
    }
}
