//! Diagnostics: errors and warnings with a stable code, a location and a one-line hint.
//!
//! Every diagnostic the engine can raise has its code listed in [`Code`] (constants in [`codes`]), so that the README, the
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
    pub code: Code,
    pub message: String,
    /// 1-based line in the input stream, when known.
    pub line: Option<usize>,
    /// 1-based column in the input stream, when known.
    pub column: Option<usize>,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub hint: Option<String>,
    /// App-of-apps: the child Application whose own input or run raised it (its name); None:
    /// the input's own. An addition to contract version 1, left out when None.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
}

/// A 1-based position in the input stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            line: None,
            column: None,
            reference: None,
            hint: None,
            app: None,
        }
    }

    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    pub fn info(code: Code, message: impl Into<String>) -> Diagnostic {
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
    // Counted per code by its index (no map: the playground's wasm stays small).
    let mut seen = [0usize; Code::ALL.len()];
    let mut left_out = [(0usize, Severity::Info); Code::ALL.len()];
    let mut kept = Vec::with_capacity(diags.len().min(MAX_DIAGNOSTICS));
    for d in diags.drain(..) {
        let i = d.code as usize;
        seen[i] += 1;
        if seen[i] <= MAX_PER_CODE && kept.len() < MAX_DIAGNOSTICS {
            kept.push(d);
        } else {
            let e = &mut left_out[i];
            e.1 = if e.0 == 0 { d.severity } else { e.1.min(d.severity) };
            e.0 += 1;
        }
    }
    // One limit-exceeded diagnostic per code, in the order of the codes' strings.
    let mut lost: Vec<Code> = Code::ALL.iter().copied().filter(|c| left_out[*c as usize].0 > 0).collect();
    crate::common::sort::sort_by(&mut lost, |a, b| a.as_str().cmp(b.as_str()));
    for code in lost {
        let (n, severity) = left_out[code as usize];
        let code = code.as_str();
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

/// Declares [`Code`] and the constants of [`codes`] from one list: variant, constant, string.
macro_rules! diagnostic_codes {
    ($($variant:ident $constant:ident $text:literal,)*) => {
        /// A diagnostic's code. Its string form ([`Code::as_str`]) is stable: the JSON, the
        /// README and the tests use it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the order of the list.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable string form (`yaml-syntax`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            /// The code of a string form; None for a string that is no code.
            pub fn parse(s: &str) -> Option<Code> {
                match s {
                    $($text => Some(Code::$variant),)*
                    _ => None,
                }
            }
        }

        /// The stable diagnostic codes, as constants (the names the engine uses).
        pub mod codes {
            use super::Code;
            $(pub const $constant: Code = Code::$variant;)*
        }
    };
}

diagnostic_codes! {
    // Input and scenario.
    YamlSyntax YAML_SYNTAX "yaml-syntax",
    NotAMapping NOT_A_MAPPING "not-a-mapping",
    MissingKind MISSING_KIND "missing-kind",
    MissingApiVersion MISSING_API_VERSION "missing-api-version",
    MissingName MISSING_NAME "missing-name",
    WrongType WRONG_TYPE "wrong-type",
    DuplicateObject DUPLICATE_OBJECT "duplicate-object",
    DuplicateKey DUPLICATE_KEY "duplicate-key",
    LimitExceeded LIMIT_EXCEEDED "limit-exceeded",
    NotUtf8 NOT_UTF8 "not-utf8",
    ScenarioInvalid SCENARIO_INVALID "scenario-invalid",
    ScenarioDuplicate SCENARIO_DUPLICATE "scenario-duplicate",
    ScenarioReplaced SCENARIO_REPLACED "scenario-replaced",
    ScenarioUnknownKey SCENARIO_UNKNOWN_KEY "scenario-unknown-key",
    ExpectInvalid EXPECT_INVALID "expect-invalid",
    OutcomeUnmatched OUTCOME_UNMATCHED "outcome-unmatched",
    OutcomeIgnored OUTCOME_IGNORED "outcome-ignored",
    NotModelled NOT_MODELLED "not-modelled",
    SyncResourceIgnored SYNC_RESOURCE_IGNORED "sync-resource-ignored",
    HooksSkipped HOOKS_SKIPPED "hooks-skipped",
    OperationNotSimulated OPERATION_NOT_SIMULATED "operation-not-simulated",
    // Annotations (R9–R17).
    HookDropped HOOK_DROPPED "hook-dropped",
    AnnotationKeyTypo ANNOTATION_KEY_TYPO "annotation-key-typo",
    HookTypeUnknown HOOK_TYPE_UNKNOWN "hook-type-unknown",
    HookSkipMixed HOOK_SKIP_MIXED "hook-skip-mixed",
    HookDeleteOnly HOOK_DELETE_ONLY "hook-delete-only",
    HookOnLiveOnly HOOK_ON_LIVE_ONLY "hook-on-live-only",
    DeleteHookIgnored DELETE_HOOK_IGNORED "delete-hook-ignored",
    DeleteHookLeftOut DELETE_HOOK_LEFT_OUT "delete-hook-left-out",
    DeleteHookWithoutHealth DELETE_HOOK_WITHOUT_HEALTH "delete-hook-without-health",
    HelmHookIgnored HELM_HOOK_IGNORED "helm-hook-ignored",
    HelmHookShadowed HELM_HOOK_SHADOWED "helm-hook-shadowed",
    HelmInstallUpgrade HELM_INSTALL_UPGRADE "helm-install-upgrade",
    DeletePolicyUnknown DELETE_POLICY_UNKNOWN "delete-policy-unknown",
    SyncWaveInvalid SYNC_WAVE_INVALID "sync-wave-invalid",
    AnnotationNotString ANNOTATION_NOT_STRING "annotation-not-string",
    SyncOptionUnknown SYNC_OPTION_UNKNOWN "sync-option-unknown",
    SyncOptionIgnored SYNC_OPTION_IGNORED "sync-option-ignored",
    GenerateNameNonHook GENERATE_NAME_NON_HOOK "generate-name-non-hook",
    NamedHookWithoutBeforeHookCreation NAMED_HOOK_NO_BHC "named-hook-without-before-hook-creation",
    // Jobs and Pods (J1–J35).
    HookSucceededWithTtl HOOK_SUCCEEDED_WITH_TTL "hook-succeeded-with-ttl",
    TtlZero TTL_ZERO "ttl-zero",
    HookTtlRace HOOK_TTL_RACE "hook-ttl-race",
    JobRestartPolicyAlways JOB_RESTART_ALWAYS "job-restart-policy-always",
    PodHookRestartPolicyAlways POD_HOOK_RESTART_ALWAYS "pod-hook-restart-policy-always",
    UnknownField UNKNOWN_FIELD "unknown-field",
    JobSpecInvalid JOB_SPEC_INVALID "job-spec-invalid",
    JobFeatureUnavailable JOB_FEATURE_UNAVAILABLE "job-feature-unavailable",
    PerIndexBackoffOnFailure PER_INDEX_BACKOFF_ON_FAILURE "per-index-backoff-on-failure",
    PostsyncBlocked POSTSYNC_BLOCKED "postsync-blocked",
    PodNeedsMissing POD_NEEDS_MISSING "pod-needs-missing",
    NamespaceMissing NAMESPACE_MISSING "namespace-missing",
    // The Application controller (A1–A50).
    ApplicationInvalid APPLICATION_INVALID "application-invalid",
    ApplicationConflict APPLICATION_CONFLICT "application-conflict",
    RetryDurationInvalid RETRY_DURATION_INVALID "retry-duration-invalid",
    CommitUnmatched COMMIT_UNMATCHED "commit-unmatched",
    PlainJobTtl PLAIN_JOB_TTL "plain-job-ttl",
    ChildAppNoHealth CHILD_APP_NO_HEALTH "child-app-no-health",
    ChildAppManual CHILD_APP_MANUAL "child-app-manual",
    ChildAppLastWave CHILD_APP_LAST_WAVE "child-app-last-wave",
    ChildAppCycle CHILD_APP_CYCLE "child-app-cycle",
    ChildAppStaleHealth CHILD_APP_STALE_HEALTH "child-app-stale-health",
    ChildAppCommitsUnordered CHILD_APP_COMMITS_UNORDERED "child-app-commits-unordered",
    ChildAppsOverProcessors CHILD_APPS_OVER_PROCESSORS "child-apps-over-processors",
    RollingSyncLeftOut ROLLING_SYNC_LEFT_OUT "rolling-sync-left-out",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Code::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown diagnostic code {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Past the cap, one limit-exceeded per code, in the order of the codes' strings, with the
    /// most severe severity of what it left out; the kept ones keep their order.
    #[test]
    fn cap_counts_what_it_leaves_out_per_code() {
        let mut d: Vec<Diagnostic> = Vec::new();
        for i in 0..(MAX_PER_CODE + 3) {
            d.push(Diagnostic::warning(codes::WRONG_TYPE, format!("w{i}")));
            let sev = if i == MAX_PER_CODE + 1 { Severity::Error } else { Severity::Info };
            d.push(Diagnostic::new(sev, codes::DUPLICATE_KEY, format!("d{i}")));
        }
        cap(&mut d);
        let limits: Vec<(&str, Severity)> =
            d.iter().filter(|d| d.code == codes::LIMIT_EXCEEDED).map(|d| (d.message.as_str(), d.severity)).collect();
        assert_eq!(limits.len(), 2, "{limits:?}");
        assert!(limits[0].0.starts_with("3 more duplicate-key diagnostics"), "{limits:?}");
        assert_eq!(limits[0].1, Severity::Error);
        assert!(limits[1].0.starts_with("3 more wrong-type diagnostics"), "{limits:?}");
        assert_eq!(limits[1].1, Severity::Warning);
        assert_eq!(d.len(), 2 * MAX_PER_CODE + 2);
        assert_eq!(d[0].message, "w0");
    }

    #[test]
    fn codes_read_back_from_their_strings() {
        for c in Code::ALL {
            assert_eq!(Code::parse(c.as_str()), Some(*c));
            assert_eq!(serde_json::to_string(c).unwrap(), format!("\"{}\"", c.as_str()));
        }
        assert_eq!(Code::parse("no-such-code"), None);
    }
}
