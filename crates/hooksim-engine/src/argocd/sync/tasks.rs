//! Task building (R18–R34 applied to one operation): the operation's tasks from the manifests
//! and the live objects, with the Namespace and CRD dependencies (R29) and auto-created
//! namespaces (R37).

use super::*;

impl SyncOp {
    /// Builds the tasks of a sync (R18–R31) against the cluster as it is at the start.
    pub fn new(world: &World, outcomes: Outcomes, started_unix: i64, req: SyncRequest) -> SyncOp {
        let settings = world.settings;
        let manifests: &[Manifest] = world.manifests;
        // R18: a selective sync keeps only the selected resources (by their Kind/name selector).
        let selected = |sel: &str| req.resources.is_empty() || req.resources.contains(sel);
        let task = |manifest: Option<usize>, key: Key, selector: String, phase: SyncPhase, wave: i64| Task {
            manifest,
            prune_uid: None,
            live: None,
            key,
            selector,
            phase,
            wave,
            is_hook: false,
            policies: Vec::new(),
            status: None,
            state: None,
            message: String::new(),
            order: None,
            prune_disabled: false,
            prune_confirm: false,
            auto_namespace: false,
            skip_dry_run: false,
            dry_run_skipped: false,
            in_sync: false,
        };
        let mut tasks = Vec::new();
        let mut target_keys: Vec<Key> = Vec::new();
        for (i, m) in manifests.iter().enumerate() {
            // Not in the source of this revision: no task, and its live object is pruned (R19).
            if !req.in_source(i) {
                continue;
            }
            // R65: delete-only hooks never reach the engine (nor, in 3.3.3–3.3.4, delete hooks
            // that are also sync hooks); R14: hooks without types are dropped.
            if m.ann.delete_hook_only() || crate::argocd::delete_hooks::left_out_of_syncs(&m.ann, &settings.caps) {
                continue;
            }
            let ns = m.namespace.clone().unwrap_or_else(|| settings.namespace.clone()); // R24
            let phases = m.ann.phases();
            if !m.ann.is_hook && !m.ann.skip {
                target_keys.push(Key {
                    group: m.group.clone(),
                    kind: m.kind.clone(),
                    namespace: ns.clone(),
                    name: m.name.clone(),
                });
            }
            if m.ann.skip {
                // Skip-only: no task, and its live object is not pruned (R62).
                target_keys.push(Key {
                    group: m.group.clone(),
                    kind: m.kind.clone(),
                    namespace: ns.clone(),
                    name: m.name.clone(),
                });
                continue;
            }
            // R21: no hook task with skipHooks; R18: resources outside a selective sync have none.
            if (m.ann.is_hook && req.skip_hooks) || (!m.ann.is_hook && !selected(&m.selector)) {
                continue;
            }
            for phase in phases {
                let name = if m.name.is_empty() && m.ann.is_hook {
                    plan::hook_name(
                        m.generate_name.as_deref().unwrap_or(""),
                        req.revision.as_deref().unwrap_or(&settings.revision),
                        phase,
                        started_unix,
                    )
                } else {
                    m.name.clone()
                };
                let key = Key { group: m.group.clone(), kind: m.kind.clone(), namespace: ns.clone(), name };
                let mut t = task(Some(i), key, m.selector.clone(), phase, m.ann.wave);
                t.is_hook = m.ann.is_hook;
                t.policies = m.ann.delete_policies.clone();
                // R37b: ApplyOutOfSyncOnly leaves out a resource whose live object is the manifest.
                if req.apply_out_of_sync_only && !t.is_hook {
                    t.in_sync = world
                        .cluster
                        .lookup(&t.key)
                        .and_then(|u| world.cluster.get(u))
                        .is_some_and(|l| l.deletion.is_none() && unmodified(l.node(manifests), &m.node));
                }
                tasks.push(t);
            }
        }
        // R19/R20: live non-hook objects without a target are pruned. Targets are looked up by
        // group, kind and name (then `Key::matches_live` on the few that share them), so that many
        // live objects over many manifests stay linear.
        let mut targets_by_name: HashMap<(&str, &str, &str), Vec<&Key>> = HashMap::new();
        for k in &target_keys {
            targets_by_name.entry((k.group.as_str(), k.kind.as_str(), k.name.as_str())).or_default().push(k);
        }
        let app_prune = req.app_prune.as_deref();
        for live in world.cluster.iter() {
            if live.ann.is_hook || live.ann.skip || live.ann.delete_hook_only() || !live.managed {
                continue;
            }
            if !selected(&live.selector) {
                continue; // R18
            }
            let l = &live.key;
            let same_name = targets_by_name.get(&(l.group.as_str(), l.kind.as_str(), l.name.as_str()));
            if same_name.is_some_and(|ks| ks.iter().any(|k| k.matches_live(l) || *k == l)) {
                continue;
            }
            let mut t = task(None, live.key.clone(), live.selector.clone(), SyncPhase::Sync, live.ann.wave);
            t.prune_uid = Some(live.uid);
            t.live = Some(live.uid);
            t.prune_disabled = live.ann.sync_options.prune_disabled(app_prune);
            t.prune_confirm = live.ann.sync_options.prune_confirm(app_prune);
            tasks.push(t);
        }
        // R37a (`autoCreateNamespace`): with CreateNamespace=true, a PreSync wave-0 task creates
        // the destination namespace, unless a manifest (not a hook: Argo CD's copy of the hooks
        // into that list copies nothing) is that Namespace, or the namespace exists.
        if req.create_namespace && !settings.namespace.is_empty() {
            let name = settings.namespace.as_str();
            let managed = manifests.iter().enumerate().any(|(i, m)| {
                req.in_source(i)
                    && !m.ann.is_hook
                    && !m.ann.delete_hook_only()
                    && m.group.is_empty()
                    && m.kind == "Namespace"
                    && m.name == name
            });
            let key =
                Key { group: String::new(), kind: "Namespace".into(), namespace: String::new(), name: name.into() };
            if !managed && !SYSTEM_NAMESPACES.contains(&name) && world.cluster.lookup(&key).is_none() {
                let mut t = task(None, key, format!("Namespace/{name}"), SyncPhase::PreSync, 0);
                t.auto_namespace = true;
                tasks.push(t);
            }
        }
        // R30: mirror the prune waves.
        let prune_waves: Vec<i64> = tasks.iter().filter(|t| t.is_prune()).map(|t| t.wave).collect();
        let mapping = plan::mirror_prune_waves(&prune_waves);
        for t in tasks.iter_mut().filter(|t| t.is_prune()) {
            if let Some((_, new)) = mapping.iter().find(|(old, _)| *old == t.wave) {
                t.wave = *new;
            }
        }
        // R33: PruneLast, of the operation or of the live object.
        // Go's `syncPhaseLastWave + 1` on an int wraps: a Sync wave of 9223372036854775807 (which
        // strconv.Atoi accepts) makes PruneLast the very first wave. Found by the fuzzer.
        let last_sync_wave =
            tasks.iter().filter(|t| t.phase == SyncPhase::Sync).map(|t| t.wave).fold(0, i64::max).wrapping_add(1);
        for t in tasks.iter_mut().filter(|t| t.is_prune()) {
            let prune_last = req.prune_last
                || t.prune_uid.and_then(|u| world.cluster.get(u)).is_some_and(|l| l.ann.sync_options.prune_last);
            if prune_last {
                t.wave = last_sync_wave;
            }
        }
        // R27: sort; R29: bubble Namespaces and CRDs.
        let keys: Vec<SortKey> = tasks
            .iter()
            .enumerate()
            .map(|(i, t)| SortKey {
                phase: t.phase,
                wave: t.wave,
                kind: t.key.kind.clone(),
                name: t.key.name.clone(),
                seq: i,
            })
            .collect();
        let mut order: Vec<usize> = (0..tasks.len()).collect();
        crate::common::sort::sort_by(&mut order, |a, b| plan::compare(&keys[*a], &keys[*b]));
        let mut sorted: Vec<Task> = order.into_iter().map(|i| tasks[i].clone()).collect();
        adjust_deps(&mut sorted, manifests);
        SyncOp {
            live_generation: None,
            tasks: sorted,
            phase: Phase::Running,
            message: String::new(),
            started_at: world.now,
            started_unix,
            next_order: 0,
            delay_until: None,
            steps_seen: Vec::new(),
            syncfail_started: false,
            outcomes,
            finished_at: None,
            caps: settings.caps,
            req,
            prune_confirmed: false,
            detached: None,
            served: ServedKinds::default(),
        }
    }

    /// R37a (`getNamespaceCreationTask`): the first task, in sorted order, that creates a
    /// Namespace named like the destination namespace: CreateNamespace's, or a manifest's.
    pub(super) fn namespace_creation_task(&self, world: &World) -> Option<usize> {
        let ns = world.settings.namespace.as_str();
        self.tasks.iter().position(|t| {
            t.has_target()
                && t.live.is_none()
                && t.key.group.is_empty()
                && t.key.kind == "Namespace"
                && t.key.name == ns
                && !ns.is_empty()
                // The namespaces every cluster has exist, whatever hooksim's cluster holds.
                && !SYSTEM_NAMESPACES.contains(&ns)
        })
    }
}

/// Namespaces every Kubernetes cluster has: CreateNamespace=true never creates them (R37a).
pub(super) const SYSTEM_NAMESPACES: [&str; 4] = ["default", "kube-system", "kube-public", "kube-node-lease"];

/// R29: a Namespace or CRD that sorts after the first task that needs it moves just before that
/// task and takes its phase and wave.
pub(super) fn adjust_deps(tasks: &mut Vec<Task>, manifests: &[Manifest]) {
    // Pass 1: Namespaces, keyed by name; pass 2: CRDs, keyed by group/kind.
    for pass in 0..2 {
        let mut i = 0;
        while i < tasks.len() {
            let dep_key = match pass {
                0 if tasks[i].key.kind == "Namespace"
                    && tasks[i].key.group.is_empty()
                    && tasks[i].manifest.is_some() =>
                {
                    Some(tasks[i].key.name.clone())
                }
                1 if tasks[i].key.kind == "CustomResourceDefinition" && tasks[i].manifest.is_some() => {
                    let m = &manifests[tasks[i].manifest.unwrap_or(0)];
                    let g = m.node.path(&["spec", "group"]).and_then(|n| n.as_str()).unwrap_or("");
                    let k = m.node.path(&["spec", "names", "kind"]).and_then(|n| n.as_str()).unwrap_or("");
                    Some(format!("{g}/{k}"))
                }
                _ => None,
            };
            let Some(dep_key) = dep_key else {
                i += 1;
                continue;
            };
            let first_ref = tasks.iter().position(|t| {
                t.manifest.is_some()
                    && match pass {
                        0 => t.key.kind != "Namespace" && !t.key.namespace.is_empty() && t.key.namespace == dep_key,
                        _ => format!("{}/{}", t.key.group, t.key.kind) == dep_key,
                    }
            });
            match first_ref {
                Some(r) if r < i => {
                    let mut dep = tasks.remove(i);
                    dep.phase = tasks[r].phase;
                    dep.wave = tasks[r].wave;
                    tasks.insert(r, dep);
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }
}
