//! What a sync operation did not run, and why (an addition to contract version 1, like
//! `messages`): the objects of the manifests that have no result in the operation, each with the
//! rule that kept it out, so that a timeline can list them instead of showing an absent row.
//!
//! - a Skip-only object is never applied (R12);
//! - a selective sync, or the apply strategy, runs no hook (R21);
//! - a SyncFail hook runs only when the sync fails, and not on every failure path (R61);
//! - a hook or resource of a phase the operation never reached, after a failure (R42);
//! - a resource left out of a selective sync (R18).
//!
//! Delete hooks (PreDelete, PostDelete) belong to Application deletion (R65) and are not listed
//! for a sync.

use crate::argocd::sync::{Phase, SyncRequest};
use crate::input::annotations::HookType;
use crate::input::manifest::Manifest;
use crate::report::ResourceResult;

pub use crate::report::{NotRun, NotRunReason};

/// The objects of `manifests` a sync did not run, given its `results` and final `phase`.
pub fn of_sync(manifests: &[Manifest], results: &[ResourceResult], req: &SyncRequest, phase: Phase) -> Vec<NotRun> {
    let mut out = Vec::new();
    // Linear in the manifests: a set of what ran (a generated hook name is looked up by prefix,
    // among the results of its kind only).
    let ran_names: std::collections::HashSet<(&str, &str)> =
        results.iter().map(|r| (r.kind.as_str(), r.name.as_str())).collect();
    for (i, m) in manifests.iter().enumerate() {
        // Not in the source of the revision synced: not the operation's.
        if !req.in_source(i) {
            continue;
        }
        if m.kind == "Scenario" && m.api_version.starts_with("hooksim") {
            continue;
        }
        let a = &m.ann;
        let types: Vec<HookType> = a.types.iter().copied().filter(|t| *t != HookType::Skip).collect();
        if a.is_hook
            && !types.is_empty()
            && types.iter().all(|t| matches!(t, HookType::PreDelete | HookType::PostDelete))
        {
            continue;
        }
        let name = if m.name.is_empty() { m.generate_name.clone().unwrap_or_default() } else { m.name.clone() };
        let ran = if m.name.is_empty() {
            results.iter().any(|r| r.kind == m.kind && r.name.starts_with(name.as_str()))
        } else {
            ran_names.contains(&(m.kind.as_str(), m.name.as_str()))
        };
        if ran {
            continue;
        }
        let reason = if a.skip {
            NotRunReason::Skip
        } else if a.is_hook && req.skip_hooks {
            NotRunReason::HooksSkipped
        } else if a.is_hook && types == [HookType::SyncFail] {
            match phase {
                Phase::Succeeded => NotRunReason::SyncDidNotFail,
                Phase::Failed | Phase::Error => NotRunReason::SyncFailNotStarted,
                Phase::Running => continue,
            }
        } else if !req.resources.is_empty() && !a.is_hook {
            NotRunReason::NotSelected
        } else if phase != Phase::Succeeded {
            NotRunReason::PhaseNotReached
        } else {
            continue;
        };
        out.push(NotRun { kind: m.kind.clone(), name, reason, rule: reason.rule().to_string() });
    }
    out
}
