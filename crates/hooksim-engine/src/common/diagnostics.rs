//! Diagnostics: errors and warnings with a stable code, a location and a one-line hint.
//!
//! Every diagnostic the engine can raise has its code listed in [`codes`], so that the README, the
//! playground and the tests speak of the same things.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One finding about the input (contract.md §2, `diagnostics`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: String,
    pub message: String,
    /// 1-based line in the input stream, when known.
    pub line: Option<usize>,
    /// 1-based column in the input stream, when known.
    pub column: Option<usize>,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub hint: Option<String>,
}

/// A 1-based position in the input stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code: code.to_string(),
            message: message.into(),
            line: None,
            column: None,
            reference: None,
            hint: None,
        }
    }

    pub fn error(code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    pub fn warning(code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    pub fn info(code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Info, code, message)
    }

    pub fn at(mut self, pos: Option<Pos>) -> Diagnostic {
        if let Some(p) = pos {
            self.line = Some(p.line);
            self.column = Some(p.column);
        }
        self
    }

    pub fn reference(mut self, r: impl Into<String>) -> Diagnostic {
        self.reference = Some(r.into());
        self
    }

    pub fn hint(mut self, h: impl Into<String>) -> Diagnostic {
        self.hint = Some(h.into());
        self
    }
}

/// Sorts diagnostics by position (unlocated last), then severity and code, keeping the order of
/// equal ones: the order the playground lists them in.
pub fn sort(diags: &mut [Diagnostic]) {
    crate::common::sort::sort_by(diags, |a, b| {
        let ka = (a.line.unwrap_or(usize::MAX), a.column.unwrap_or(0));
        let kb = (b.line.unwrap_or(usize::MAX), b.column.unwrap_or(0));
        ka.cmp(&kb).then(a.severity.cmp(&b.severity))
    });
}

/// Diagnostics of one code that a report lists; the others are counted (issue 16, item 6: a List
/// of 100,000 items without apiVersion gave 100,000 diagnostics, and the playground froze).
pub const MAX_PER_CODE: usize = 100;
/// Diagnostics a report lists in all, besides the counts of those left out.
pub const MAX_DIAGNOSTICS: usize = 1_000;

/// Keeps the first [`MAX_PER_CODE`] diagnostics of each code and [`MAX_DIAGNOSTICS`] in all, in
/// their order, and adds one `limit-exceeded` diagnostic per code that lost some, saying how many
/// (with the most severe severity among them, so that an error is never hidden as a warning).
pub fn cap(diags: &mut Vec<Diagnostic>) {
    if diags.len() <= MAX_PER_CODE {
        return;
    }
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut left_out: std::collections::BTreeMap<String, (usize, Severity)> = std::collections::BTreeMap::new();
    let mut kept = Vec::with_capacity(diags.len().min(MAX_DIAGNOSTICS));
    for d in diags.drain(..) {
        let n = seen.entry(d.code.clone()).or_default();
        *n += 1;
        if *n <= MAX_PER_CODE && kept.len() < MAX_DIAGNOSTICS {
            kept.push(d);
        } else {
            let e = left_out.entry(d.code).or_insert((0, d.severity));
            e.0 += 1;
            e.1 = e.1.min(d.severity);
        }
    }
    for (code, (n, severity)) in left_out {
        kept.push(
            Diagnostic::new(
                severity,
                codes::LIMIT_EXCEEDED,
                format!(
                    "{n} more {code} diagnostics are not listed: hooksim lists at most {MAX_PER_CODE} of one code and {MAX_DIAGNOSTICS} in all"
                ),
            )
            .hint(format!("fix the {code} diagnostics listed first: the others are likely the same mistake")),
        );
    }
    *diags = kept;
}

/// A misspelling: equal ignoring case, or one edit apart (case-insensitive), where swapping two
/// neighbouring letters is one edit (`PreSycn`, optimal string alignment distance).
pub fn similar(expected: &str, got: &str) -> bool {
    let a = expected.to_ascii_lowercase();
    let b = got.to_ascii_lowercase();
    a == b || (a.chars().count() >= 4 && strsim::osa_distance(&a, &b) <= 1)
}

/// The stable diagnostic codes.
pub mod codes {
    // Input and scenario.
    pub const YAML_SYNTAX: &str = "yaml-syntax";
    pub const NOT_A_MAPPING: &str = "not-a-mapping";
    pub const MISSING_KIND: &str = "missing-kind";
    pub const MISSING_API_VERSION: &str = "missing-api-version";
    pub const MISSING_NAME: &str = "missing-name";
    pub const WRONG_TYPE: &str = "wrong-type";
    pub const DUPLICATE_OBJECT: &str = "duplicate-object";
    pub const DUPLICATE_KEY: &str = "duplicate-key";
    pub const LIMIT_EXCEEDED: &str = "limit-exceeded";
    pub const NOT_UTF8: &str = "not-utf8";
    pub const SCENARIO_INVALID: &str = "scenario-invalid";
    pub const SCENARIO_DUPLICATE: &str = "scenario-duplicate";
    pub const SCENARIO_REPLACED: &str = "scenario-replaced";
    pub const SCENARIO_UNKNOWN_KEY: &str = "scenario-unknown-key";
    pub const EXPECT_INVALID: &str = "expect-invalid";
    pub const OUTCOME_UNMATCHED: &str = "outcome-unmatched";
    pub const OUTCOME_IGNORED: &str = "outcome-ignored";
    pub const NOT_MODELLED: &str = "not-modelled";
    pub const SYNC_RESOURCE_IGNORED: &str = "sync-resource-ignored";
    pub const HOOKS_SKIPPED: &str = "hooks-skipped";
    pub const OPERATION_NOT_SIMULATED: &str = "operation-not-simulated";
    // Annotations (R9–R17).
    pub const HOOK_DROPPED: &str = "hook-dropped";
    pub const ANNOTATION_KEY_TYPO: &str = "annotation-key-typo";
    pub const HOOK_TYPE_UNKNOWN: &str = "hook-type-unknown";
    pub const HOOK_SKIP_MIXED: &str = "hook-skip-mixed";
    pub const HOOK_DELETE_ONLY: &str = "hook-delete-only";
    pub const HOOK_ON_LIVE_ONLY: &str = "hook-on-live-only";
    pub const DELETE_HOOK_IGNORED: &str = "delete-hook-ignored";
    pub const DELETE_HOOK_LEFT_OUT: &str = "delete-hook-left-out";
    pub const DELETE_HOOK_WITHOUT_HEALTH: &str = "delete-hook-without-health";
    pub const HELM_HOOK_IGNORED: &str = "helm-hook-ignored";
    pub const HELM_HOOK_SHADOWED: &str = "helm-hook-shadowed";
    pub const HELM_INSTALL_UPGRADE: &str = "helm-install-upgrade";
    pub const DELETE_POLICY_UNKNOWN: &str = "delete-policy-unknown";
    pub const SYNC_WAVE_INVALID: &str = "sync-wave-invalid";
    pub const ANNOTATION_NOT_STRING: &str = "annotation-not-string";
    pub const SYNC_OPTION_UNKNOWN: &str = "sync-option-unknown";
    pub const SYNC_OPTION_IGNORED: &str = "sync-option-ignored";
    pub const GENERATE_NAME_NON_HOOK: &str = "generate-name-non-hook";
    pub const NAMED_HOOK_NO_BHC: &str = "named-hook-without-before-hook-creation";
    // Jobs and Pods (J1–J35).
    pub const HOOK_SUCCEEDED_WITH_TTL: &str = "hook-succeeded-with-ttl";
    pub const TTL_ZERO: &str = "ttl-zero";
    pub const HOOK_TTL_RACE: &str = "hook-ttl-race";
    pub const JOB_RESTART_ALWAYS: &str = "job-restart-policy-always";
    pub const POD_HOOK_RESTART_ALWAYS: &str = "pod-hook-restart-policy-always";
    pub const UNKNOWN_FIELD: &str = "unknown-field";
    pub const JOB_SPEC_INVALID: &str = "job-spec-invalid";
    pub const JOB_FEATURE_UNAVAILABLE: &str = "job-feature-unavailable";
    pub const PER_INDEX_BACKOFF_ON_FAILURE: &str = "per-index-backoff-on-failure";
    pub const POSTSYNC_BLOCKED: &str = "postsync-blocked";
    pub const POD_NEEDS_MISSING: &str = "pod-needs-missing";
    pub const NAMESPACE_MISSING: &str = "namespace-missing";
    // The Application controller (A1–A50).
    pub const APPLICATION_INVALID: &str = "application-invalid";
    pub const APPLICATION_CONFLICT: &str = "application-conflict";
    pub const RETRY_DURATION_INVALID: &str = "retry-duration-invalid";
    pub const PLAIN_JOB_TTL: &str = "plain-job-ttl";
    pub const CHILD_APP_NO_HEALTH: &str = "child-app-no-health";
}
