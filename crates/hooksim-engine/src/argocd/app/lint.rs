//! What the Application's sync status will show that the manifests already tell (issue 17,
//! item 6).

use crate::common::diagnostics::{codes, Diagnostic};
use crate::input::manifest::Manifest;
use crate::input::prepared::Child;
use crate::input::scenario::Scenario;

/// A37 trap 1 (argo-cd #5585, #6411): child Applications spread over sync waves, with no health
/// for them. Argo CD has no built-in health check for `argoproj.io/Application` (A31), so the
/// parent moves to the next wave about one wave delay later, without waiting for anything the
/// child does (A32). A scripted health stands for the documented Lua check (A33) and silences it.
pub fn child_apps_without_health(manifests: &[Manifest], sc: &Scenario, diags: &mut Vec<Diagnostic>) {
    let children: Vec<&Manifest> = manifests.iter().filter(|m| is_child(m)).collect();
    let Some(first) = children.iter().map(|m| m.ann.wave).min() else { return };
    let scripted = |m: &Manifest| sc.outcomes.get(&m.selector).is_some_and(|o| o.health.is_some());
    if sc.settings.application_health_check || children.iter().any(|m| scripted(m)) {
        return;
    }
    for m in children.iter().filter(|m| m.ann.wave > first) {
        let at =
            m.node.path(&["metadata", "annotations", "argocd.argoproj.io/sync-wave"]).map(|n| n.pos).or(Some(m.pos));
        diags.push(
            Diagnostic::warning(
                codes::CHILD_APP_NO_HEALTH,
                format!(
                    "{} is in sync wave {}, but the parent does not wait for the Applications of earlier waves: Argo CD has no health check for argoproj.io/Application, so each wave starts about {} s after the previous one, whatever the child apps do (argo-cd #5585)",
                    m.selector, m.ann.wave, sc.settings.wave_delay_seconds
                ),
            )
            .at(at)
            .reference(m.selector.clone())
            .hint("add the Application health check of Argo CD's docs (resource.customizations.health.argoproj.io_Application in argocd-cm); in hooksim, script each child's health as an outcome"),
        );
    }
}

/// A37 traps 2, 4 and 6, with the Application health check (A33): a child without automated
/// sync never syncs by itself (A35), so the parent waits for its health until its timeout; a
/// child in the parent's last wave is not waited for unless a PostSync hook follows (R43, R60);
/// a live child the parent changes reads its old Healthy until its own sync changes its
/// resources, so the documented Lua lets the next wave go at once (trap 2).
pub fn child_app_traps(manifests: &[Manifest], sc: &Scenario, diags: &mut Vec<Diagnostic>) {
    if !sc.settings.application_health_check {
        return;
    }
    let last = manifests.iter().filter(|m| !m.ann.is_hook && !m.ann.skip).map(|m| m.ann.wave).max();
    let post_sync = manifests.iter().any(|m| m.ann.types.iter().any(|t| t.as_str() == "PostSync"));
    for m in manifests.iter().filter(|m| is_child(m)) {
        let automated = m.node.path(&["spec", "syncPolicy", "automated"]);
        let enabled = syncs_itself(m);
        let waited_for = post_sync || Some(m.ann.wave) != last;
        if !enabled && waited_for {
            diags.push(
                Diagnostic::warning(
                    codes::CHILD_APP_MANUAL,
                    format!(
                        "{} has no automated sync: it never syncs by itself when the parent creates it, so with the Application health check the parent waits for its health until its sync timeout or a Terminate (argo-cd #5585)",
                        m.selector
                    ),
                )
                .at(Some(automated.map_or(m.pos, |a| a.pos)))
                .reference(m.selector.clone())
                .hint("add spec.syncPolicy.automated to the child Application, or sync it by hand while the parent waits"),
            );
        }
        // A37 trap 2: the documented Lua reads the child's old Healthy; the sync-aware one
        // (argo-cd #10550) too while the child's refresh lasts past the parent's next tick (Q4).
        let slow = sc.settings.child_refresh_seconds;
        let tick = sc.settings.wave_delay_seconds;
        let stale = match sc.settings.application_health_check_synced {
            false => Some((
                format!(
                    "{} is live and the parent's sync changes it: its status.health stays the Healthy of before until its own sync changes its resources, so the Application health check lets the parent's next wave go at its next tick while {} is only starting to sync (argo-cd #4577, #10550)",
                    m.selector, m.name
                ),
                "make the Lua check also require status.sync.status Synced (argo-cd #10550; in hooksim, applicationHealthCheck: synced)",
            )),
            true if slow > tick => Some((
                format!(
                    "{} is live and the parent's sync changes it, but it sees its new spec only {slow} s later (childRefreshSeconds), after the parent's next tick {tick} s later: it still reads Synced and Healthy there, so even the sync-aware Lua lets the next wave go (argo-cd #10550)",
                    m.selector
                ),
                "raise the wave delay (ARGOCD_SYNC_WAVE_DELAY; in hooksim, waveDelaySeconds) above the time the child takes to refresh",
            )),
            true => None,
        };
        if let Some((message, hint)) = stale.filter(|_| waited_for && changed_live_child(m, sc)) {
            diags.push(
                Diagnostic::warning(codes::CHILD_APP_STALE_HEALTH, message)
                    .at(Some(m.pos))
                    .reference(m.selector.clone())
                    .hint(hint),
            );
        }
        if !waited_for {
            diags.push(
                Diagnostic::info(
                    codes::CHILD_APP_LAST_WAVE,
                    format!(
                        "{} is in the parent's last sync wave: the parent's sync ends when it is applied, without waiting for its health; the child's own sync goes on after the parent reads Succeeded",
                        m.selector
                    ),
                )
                .at(Some(m.pos))
                .reference(m.selector.clone())
                .hint("add a PostSync hook to the parent if it must wait for its last children"),
            );
        }
    }
}

/// A37 trap 2: the child Application is live in the parent (`live:`) and the parent's sync
/// changes it: its manifest differs from the live one, or a commit changes it.
fn changed_live_child(m: &Manifest, sc: &Scenario) -> bool {
    let live = sc.live.iter().find(|n| {
        n.get("kind").and_then(|k| k.as_str()) == Some("Application")
            && n.path(&["metadata", "name"]).and_then(|k| k.as_str()) == Some(m.name.as_str())
    });
    let Some(live) = live else { return false };
    let committed = sc.commits.iter().any(|c| c.changes.as_ref().is_none_or(|l| l.contains(&m.selector)));
    committed || !crate::argocd::sync::unmodified(live, &m.node)
}

/// A37 trap 5: commits to the children's own sources (their AppManifests documents' `commits:`).
/// Each child's controller syncs its commit when it sees it (A35); the parent's sync waves order
/// only what the parent's own sync applies (the Application objects), never these syncs. Said
/// once, at the first commit of the child in the latest wave, when children of at least two
/// waves have commits.
pub fn child_commits_unordered(parent: &[Manifest], children: &[Child], diags: &mut Vec<Diagnostic>) {
    let wave = |name: &str| {
        parent
            .iter()
            .find(|m| m.group == "argoproj.io" && m.kind == "Application" && m.name == name)
            .map(|m| m.ann.wave)
    };
    // The commit that stands for the parent's update of a child's spec (trap 2) is the parent's
    // doing, in its wave: not one of the child's own source.
    fn own(c: &Child) -> impl Iterator<Item = &crate::input::commits::Commit> {
        c.prepared.scenario.commits.iter().filter(|k| k.revision != crate::input::commits::UPDATE_REVISION)
    }
    let mut committed: Vec<(i64, &Child)> =
        children.iter().filter(|c| own(c).next().is_some()).filter_map(|c| Some((wave(&c.name)?, c))).collect();
    crate::common::sort::sort_by_key(&mut committed, |(w, _)| *w);
    let (Some((first, a)), Some((last, b))) = (committed.first(), committed.last()) else { return };
    if first == last {
        return;
    }
    let at = |c: &Child| own(c).map(|k| k.at).min().unwrap_or(0);
    let pos = own(b).next().map(|k| k.pos);
    diags.push(
        Diagnostic::info(
            codes::CHILD_APP_COMMITS_UNORDERED,
            format!(
                "Application/{} (wave {last}) syncs the commit to its own source (at: {}, from its creation) when its own controller sees it, whatever Application/{} (wave {first}) does with its own commit (at: {}): the parent's sync waves order what the parent applies, not the children's own syncs",
                b.name,
                at(b),
                a.name,
                at(a)
            ),
        )
        .at(pos)
        .reference(format!("Application/{}", b.name))
        .hint("to roll a change out in wave order, make it through the parent (each child's targetRevision, in its wave) with the Application health check, or use an ApplicationSet's RollingSync"),
    );
}

/// Argo CD's default `controller.operation.processors` (A45).
pub const OPERATION_PROCESSORS: usize = 10;

/// A37 trap 9, A45 (not modelled): more child Applications that sync by themselves than Argo
/// CD's controller has operation processors. Each operation holds a processor for its whole
/// tick, including its wave delays, so beyond that number some children start later than
/// hooksim shows, where every child's sync runs at once.
pub fn child_apps_over_processors(parent: &[Manifest], children: &[Child], diags: &mut Vec<Diagnostic>) {
    // Every Application among the manifests of the tree, whether hooksim has its own manifests
    // (an AppManifests document) or not: each syncs itself in Argo CD.
    fn automated(manifests: &[Manifest], children: &[Child]) -> usize {
        let own = manifests.iter().filter(|m| is_child(m) && syncs_itself(m)).count();
        own + children.iter().map(|c| automated(&c.prepared.manifests, &c.prepared.children)).sum::<usize>()
    }
    let n = automated(parent, children);
    if n <= OPERATION_PROCESSORS {
        return;
    }
    let beyond = parent.iter().filter(|m| is_child(m) && syncs_itself(m)).nth(OPERATION_PROCESSORS);
    diags.push(
        Diagnostic::info(
            codes::CHILD_APPS_OVER_PROCESSORS,
            format!(
                "{n} child Applications sync by themselves, and Argo CD's controller runs at most {OPERATION_PROCESSORS} operations at a time (controller.operation.processors), each holding its processor through its wave delays: some children start later than here, where every child's sync runs at once (not modelled)"
            ),
        )
        .at(beyond.map(|m| m.pos))
        .hint("read the later children's start times as the earliest they can be, or raise controller.operation.processors in argocd-cmd-params-cm"),
    );
}

/// A child Application among an app's manifests (not a hook, not skipped).
fn is_child(m: &Manifest) -> bool {
    m.group == "argoproj.io" && m.kind == "Application" && !m.ann.is_hook && !m.ann.skip
}

/// The Application's own automated sync is on (`spec.syncPolicy.automated`, not `enabled: false`).
fn syncs_itself(m: &Manifest) -> bool {
    m.node
        .path(&["spec", "syncPolicy", "automated"])
        .is_some_and(|a| a.get("enabled").and_then(|e| e.as_bool()) != Some(false))
}

/// A plain (non-hook) Job with `ttlSecondsAfterFinished`: the TTL controller deletes it after it
/// finishes (J19), Argo CD then finds it Missing and the Application OutOfSync (argo-cd #8586,
/// #13851); with automated sync and self-heal the Job is created again and runs again (A11–A13).
pub fn plain_job_ttl(manifests: &[Manifest], diags: &mut Vec<Diagnostic>) {
    for m in manifests {
        if m.kind != "Job" || m.group != "batch" || m.ann.is_hook || m.ann.skip {
            continue;
        }
        let Some(ttl) = m.node.path(&["spec", "ttlSecondsAfterFinished"]) else { continue };
        let Some(secs) = ttl.as_i64().filter(|s| *s >= 0) else { continue };
        let when = if secs == 0 { "as soon as it finishes".to_string() } else { format!("{secs} s after it finishes") };
        diags.push(
            Diagnostic::warning(
                codes::PLAIN_JOB_TTL,
                format!(
                    "this Job is not a hook and has ttlSecondsAfterFinished: {secs}: the TTL controller deletes it {when}, and Argo CD then shows it Missing and the Application OutOfSync (argo-cd #8586, #13851); with automated sync and self-heal it is created and run again"
                ),
            )
            .at(Some(ttl.pos))
            .reference(m.selector.clone())
            .hint("make it a hook with a delete policy (argocd.argoproj.io/hook: PostSync, hook-delete-policy: HookSucceeded), or remove ttlSecondsAfterFinished"),
        );
    }
}
