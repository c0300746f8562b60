//! The one table of the Scenario's `settings:` keys (issue 15, item 5): the reader's known keys
//! and its unknown-key hint, each setting's default as the playground writes it, the playground
//! panel's controls, and the README's list (checked by a test) all come from [`SETTINGS`].

/// How the playground's scenario panel shows a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Not in the panel (written in the Scenario document only).
    None,
    /// A number of seconds: the label and the help text.
    Seconds(&'static str, &'static str),
    /// A choice among the versions hooksim tells apart.
    Version,
    /// A checkbox.
    Check,
    /// The checkboxes of a list of options.
    Options,
}

/// One key of `settings:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    /// The key as written (`waveDelaySeconds`).
    pub key: &'static str,
    pub control: Control,
}

const fn plain(key: &'static str) -> Setting {
    Setting { key, control: Control::None }
}

const fn seconds(key: &'static str, label: &'static str, help: &'static str) -> Setting {
    Setting { key, control: Control::Seconds(label, help) }
}

/// Every key of `settings:`, in the order the unknown-key hint, the panel and the README list them.
pub const SETTINGS: &[Setting] = &[
    Setting { key: "argocdVersion", control: Control::Version },
    Setting { key: "kubernetesVersion", control: Control::Version },
    seconds(
        "waveDelaySeconds",
        "wave delay",
        "ARGOCD_SYNC_WAVE_DELAY: Argo CD sleeps this long after each step but the last (R35)",
    ),
    seconds("podSeconds", "pod runs", "Default length of one pod attempt, creation to container exit"),
    seconds("jobSyncSeconds", "pod counted after", "The Job controller counts a finished pod this much later"),
    seconds("deleteSeconds", "delete takes", "Delete request to object gone (when no finalizer holds it)"),
    seconds(
        "horizonSeconds",
        "simulate up to",
        "The simulation stops at this second: what still runs then is reported Running",
    ),
    plain("revision"),
    plain("startedAt"),
    plain("namespace"),
    Setting { key: "prune", control: Control::Check },
    Setting { key: "syncOptions", control: Control::Options },
    plain("missingKinds"),
    plain("namespaces"),
    plain("automated"),
    plain("retry"),
    seconds(
        "syncTimeoutSeconds",
        "sync timeout",
        "controller.sync.timeout.seconds: the controller terminates an operation running this long, retry waits included (0: never, A26)",
    ),
    seconds(
        "reactionDelaySeconds",
        "controller delay",
        "How late the application controller acts on what it watches (0: at once; a loaded controller, A47)",
    ),
    seconds(
        "pollSeconds",
        "Git poll every",
        "timeout.reconciliation: without a webhook, the controller finds a pushed commit at a periodic refresh (120 s; 180 s before 3.0; 0: never, A46)",
    ),
    plain("pollJitter"),
    plain("childRefreshSeconds"),
    Setting { key: "applicationHealthCheck", control: Control::Check },
];

/// The Kubernetes versions the playground offers (the Job controller differs at 1.28 and 1.31).
pub const KUBERNETES_VERSIONS: &[&str] = &["1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33"];

/// The keys of [`SETTINGS`].
pub fn keys() -> impl Iterator<Item = &'static str> {
    SETTINGS.iter().map(|s| s.key)
}

/// The setting of `key`, if it is one.
pub fn find(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::diagnostics::codes;
    use crate::input::scenario::Settings;
    use crate::input::yaml::parse_document;

    /// Every key of the table is read (no unknown-key warning), and a key outside it is not.
    #[test]
    fn the_reader_knows_exactly_the_table() {
        for s in SETTINGS {
            let doc = format!("apiVersion: hooksim/v1\nkind: Scenario\nsettings:\n  {}: null\n", s.key);
            let node = parse_document(&doc, 0).expect("yaml");
            let mut d = Vec::new();
            let _ = crate::input::scenario::parse(Some(&node), &mut d);
            assert!(!d.iter().any(|d| d.code == codes::SCENARIO_UNKNOWN_KEY), "{}: {d:?}", s.key);
        }
        let node =
            parse_document("apiVersion: hooksim/v1\nkind: Scenario\nsettings:\n  waveDelay: 2\n", 0).expect("yaml");
        let mut d = Vec::new();
        let _ = crate::input::scenario::parse(Some(&node), &mut d);
        let unknown = d.iter().find(|d| d.code == codes::SCENARIO_UNKNOWN_KEY).expect("unknown key");
        assert_eq!(
            unknown.hint.as_deref(),
            Some(format!("known keys: {}", keys().collect::<Vec<_>>().join(", ")).as_str())
        );
    }

    /// Every scalar setting the panel shows has a default value text.
    #[test]
    fn panel_settings_have_a_value() {
        let d = Settings::default();
        for s in
            SETTINGS.iter().filter(|s| matches!(s.control, Control::Seconds(..) | Control::Version | Control::Check))
        {
            assert!(d.value_text(s.key).is_some(), "{}", s.key);
        }
        assert!(KUBERNETES_VERSIONS.contains(&d.kubernetes_version.as_str()));
    }
}
