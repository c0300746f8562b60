//! The scenario panel's view: controls generated from the manifests (attempts of every Job and
//! Pod hook, the health of every resource with a health check, an apply error for any object),
//! the operations and the settings, as plain HTML ([`panel_html`], every text escaped) with
//! `data-act` attributes; [`edit_for`] turns the attributes, value and checked state of the control
//! that changed into an [`Edit`] of the `kind: Scenario` document ([`super::apply`]). The
//! playground's panel (web/editor/panel.js) calls them through the wasm API (`panelHtml`,
//! `panelEdit`), loaded when the panel is first shown, so that its own wasm does not carry them.

use std::fmt::Write;

use hooksim_engine::input::settings::{self, Control, KUBERNETES_VERSIONS as KUBE};
use hooksim_render::escape;

use super::{self as model, Automated, CommitRow, DriftRow, Edit, Op, Panel, Target, Try};

const CHOICES: &[(&str, &str)] = &[
    ("succeed", "succeed (exit 0)"),
    ("fail", "fail (exit 1)"),
    ("exit", "exit code…"),
    ("oomKilled", "OOMKilled (137)"),
    ("imagePullBackOff", "image pull error"),
    ("hang", "hang"),
];
const HEALTH: &[&str] = &["Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown"];
const PHASES: &[&str] = &["Succeeded", "Failed", "Error"];
/// The Application sync options the panel offers: the option, its label, what it does.
const SYNC_OPTIONS: &[(&str, &str, &str)] = &[
    ("CreateNamespace=true", "CreateNamespace", "The destination namespace is created alone before the dry run (R37a)"),
    ("ApplyOutOfSyncOnly=true", "ApplyOutOfSyncOnly", "Resources already in sync are left out (R37b)"),
    ("PruneLast=true", "PruneLast", "Prunes wait for a wave of their own, after everything else (R33)"),
    ("Prune=confirm", "Prune=confirm", "Prunes wait until someone confirms them (R57)"),
];

const RETRY: [i64; 4] = [2, 5, 2, 180];

fn options(out: &mut String, choices: &[(&str, &str)], current: &str) {
    for (v, label) in choices {
        let sel = if *v == current { " selected" } else { "" };
        let _ = write!(out, r#"<option value="{}"{sel}>{}</option>"#, escape(v), escape(label));
    }
}

fn plain(list: &'static [&'static str]) -> Vec<(&'static str, &'static str)> {
    list.iter().map(|v| (*v, *v)).collect()
}

fn opt_num(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The panel's HTML.
pub fn panel_html(p: &Panel) -> String {
    let mut s = String::new();
    if let Some(err) = &p.error {
        let _ = write!(
            s,
            r#"<p class="pg-panel-error" role="alert">The panel cannot change the scenario: {}.</p>"#,
            escape(err)
        );
    }
    s.push_str(r#"<p class="pg-panel-note">What the cluster does. Every change here rewrites the <code>kind: Scenario</code> document (YAML tab), and editing that document updates this panel.</p>"#);
    s.push_str(r#"<section aria-labelledby="pg-h-objects"><h2 id="pg-h-objects">Hooks and resources</h2>"#);
    if p.targets.is_empty() {
        s.push_str(r#"<p class="pg-hint">No manifests yet.</p>"#);
    }
    s.push_str(r#"<ul class="pg-targets">"#);
    for (ti, t) in p.targets.iter().enumerate() {
        target_html(&mut s, ti, t, p.settings.pod_seconds);
    }
    s.push_str("</ul></section>");

    s.push_str(r#"<section aria-labelledby="pg-h-ops"><h2 id="pg-h-ops">Operations</h2>"#);
    if p.ops.is_empty() {
        s.push_str(r#"<p class="pg-hint">No one starts an operation by hand: the Application controller's automated sync does.</p>"#);
    }
    s.push_str(r#"<ol class="pg-ops">"#);
    for (i, op) in p.ops.iter().enumerate() {
        op_html(&mut s, i, op);
    }
    s.push_str(concat!(
        r#"</ol><div class="pg-row"><button class="pg-btn" data-act="op-add" data-what="sync">+ sync again</button>"#,
        r#"<button class="pg-btn" data-act="op-add" data-what="delete">+ app deletion</button></div></section>"#,
    ));
    controller_html(&mut s, p);
    s.push_str(
        r#"<section aria-labelledby="pg-h-settings"><h2 id="pg-h-settings">Settings</h2><div class="pg-fields">"#,
    );
    let st = &p.settings;
    for (key, label, help) in settings::SETTINGS.iter().filter_map(|s| match s.control {
        Control::Seconds(label, help) => Some((s.key, label, help)),
        _ => None,
    }) {
        let value = st.value_text(key).unwrap_or_default();
        let _ = write!(
            s,
            r#"<label class="pg-field" title="{help}"><span>{label}</span><span class="pg-input-unit"><input id="pg-s-{key}" type="number" min="0" value="{value}" data-act="setting" data-setting="{key}" aria-label="{label}"><span class="pg-unit">s</span></span></label>"#,
            help = escape(help),
        );
    }
    s.push_str(r#"<label class="pg-field" title="The Job controller's version: the backoff cap (600 s from 1.28, 360 s before) and, from 1.31, Failed/Complete wait for the pods to go (J9, J15)"><span>Kubernetes</span><select id="pg-s-kube" data-act="setting" data-setting="kubernetesVersion" aria-label="Kubernetes version">"#);
    let mut kube = plain(KUBE);
    if !KUBE.contains(&st.kubernetes_version.as_str()) {
        kube.push((st.kubernetes_version.as_str(), st.kubernetes_version.as_str()));
    }
    options(&mut s, &kube, &st.kubernetes_version);
    s.push_str(r#"</select></label><label class="pg-field" title="The Argo CD release: before 2.10 no PostDelete hooks, before 3.3 no PreDelete hooks (R66); before 3.0 (but 2.14.3) no hook finalizer (a short TTL can delete a hook before Argo CD reads it, J35); before 3.1 CreateNamespace waits for the dry run; before 3.4 the older messages, Terminate and apply-failure rules (§16)"><span>Argo CD</span><select id="pg-s-argocd" data-act="setting" data-setting="argocdVersion" aria-label="Argo CD version">"#);
    // The Argo CD releases the engine tells apart (version.rs, the one list of versions).
    let releases = hooksim_engine::argocd::version::selectable();
    let mut argo: Vec<(&str, &str)> = releases.iter().map(|v| (v.as_str(), v.as_str())).collect();
    if !releases.contains(&st.argocd_version) {
        argo.push((st.argocd_version.as_str(), st.argocd_version.as_str()));
    }
    options(&mut s, &argo, &st.argocd_version);
    let _ = write!(
        s,
        r#"</select></label><label class="pg-field pg-check" title="Prune live objects that are not in the manifests (sync option)"><input id="pg-s-prune" type="checkbox" data-act="prune"{}><span>prune</span></label>"#,
        if st.prune { " checked" } else { "" }
    );
    // The Application's sync options (syncPolicy.syncOptions) that change what hooksim shows.
    for (j, (option, label, help)) in SYNC_OPTIONS.iter().enumerate() {
        let on = st.sync_options.iter().any(|o| o == option);
        let _ = write!(
            s,
            r#"<label class="pg-field pg-check" title="{help}"><input id="pg-s-opt{j}" type="checkbox" data-act="sync-option" data-option="{option}"{checked}><span>{label}</span></label>"#,
            help = escape(help),
            checked = if on { " checked" } else { "" },
        );
    }
    // A32: the health check for argoproj.io/Application (argocd-cm), which makes an app-of-apps
    // parent wait for its children.
    let _ = write!(
        s,
        r#"<label class="pg-field pg-check" title="The Lua health check for argoproj.io/Application of Argo CD's docs (argocd-cm resource.customizations): an app-of-apps parent then waits for each child Application to be Healthy and fails on Degraded; without it the parent moves on after the wave delay (A32, A36)"><input id="pg-s-apphealth" type="checkbox" data-act="app-health"{}><span>Application health check</span></label>"#,
        if st.application_health_check { " checked" } else { "" }
    );
    s.push_str("</div></section>");
    s
}

/// The Application controller (issue 11): automated sync and self-heal, and the timed events it
/// reacts to, the commits (A8, A9) and the drift of live objects (A11).
fn controller_html(s: &mut String, p: &Panel) {
    let a = p.settings.automated.filter(|a| a.enabled);
    s.push_str(r#"<section aria-labelledby="pg-h-app"><h2 id="pg-h-app">Application controller</h2>"#);
    if p.automated_from_app {
        s.push_str(r#"<p class="pg-hint">Automated sync is as the Application's <code>spec.syncPolicy.automated</code> says: change it in the YAML.</p>"#);
    }
    let off = if p.automated_from_app { " disabled" } else { "" };
    let check = |on: bool| if on { " checked" } else { "" };
    let _ = write!(
        s,
        concat!(
            r#"<div class="pg-fields"><label class="pg-field pg-check" title="syncPolicy.automated: the controller syncs a new commit by itself, with hooks and the default retry of 5 (A2–A4, A16)"><input id="pg-auto" type="checkbox" data-act="auto"{on}{off}><span>automated sync</span></label>"#,
            r#"<label class="pg-field pg-check" title="selfHeal: a drift of a live object is synced back, only that object and without hooks (A11–A15)"><input id="pg-auto-heal" type="checkbox" data-act="auto-heal"{heal}{off}><span>self-heal</span></label>"#,
            r#"<label class="pg-field pg-check" title="automated.prune: an automated sync prunes what the manifests no longer hold (A2)"><input id="pg-auto-prune" type="checkbox" data-act="auto-prune"{prune}{off}><span>auto-prune</span></label></div>"#,
        ),
        on = check(a.is_some()),
        heal = check(a.is_some_and(|a| a.self_heal)),
        prune = check(a.is_some_and(|a| a.prune)),
        off = off,
    );
    s.push_str(r#"<h3 id="pg-h-commits">Commits</h3><p class="pg-hint">A push of a new revision. With a webhook the controller sees it at once; without, at its next comparison with Git (the periodic refresh, A46). With automated sync it starts a sync, unless the commit changes only hooks (A9).</p><ol class="pg-ops" aria-labelledby="pg-h-commits">"#);
    for (i, c) in p.commits.iter().enumerate() {
        let n = i + 1;
        let _ = write!(
            s,
            concat!(
                r#"<li class="pg-op"><div class="pg-op-row"><label class="pg-mini"><span>at</span><input id="pg-c{i}-at" type="number" min="0" value="{at}" data-act="commit-at" data-i="{i}" aria-label="Commit {n} pushed at (s)"></label>"#,
                r#"<label class="pg-mini"><span>revision</span><input id="pg-c{i}-rev" type="text" value="{rev}" data-act="commit-rev" data-i="{i}" aria-label="Commit {n} revision"></label>"#,
                r#"<button id="pg-c{i}-x" class="pg-x" data-act="commit-remove" data-i="{i}" title="Remove this commit" aria-label="Remove commit {n}">×</button></div>"#,
                r#"<div class="pg-op-row"><label class="pg-mini pg-only" title="The Kind/name the commit changes (comma-separated); empty: every resource"><span>changes</span><input id="pg-c{i}-changes" type="text" placeholder="{every}" value="{changes}" data-act="commit-changes" data-i="{i}" aria-label="Commit {n} changes (Kind/name, comma-separated)"></label>"#,
                r#"<label class="pg-mini pg-check" title="A Git webhook tells Argo CD of the push; without one the controller finds the commit at its next periodic refresh (pollSeconds, A46)"><input id="pg-c{i}-webhook" type="checkbox" data-act="commit-webhook" data-i="{i}"{webhook} aria-label="Commit {n}: webhook"><span>webhook</span></label></div>"#,
                r#"<div class="pg-op-row"><label class="pg-mini pg-only" title="The manifests this revision adds to the source (Kind/name, comma-separated): before it they are not in Git, so not Missing, not applied, not run"><span>adds</span><input id="pg-c{i}-adds" type="text" placeholder="none" value="{adds}" data-act="commit-adds" data-i="{i}" aria-label="Commit {n} adds (Kind/name, comma-separated)"></label>"#,
                r#"<label class="pg-mini pg-only" title="The manifests this revision removes from the source (Kind/name, comma-separated): their live objects require pruning (A2, A6)"><span>removes</span><input id="pg-c{i}-removes" type="text" placeholder="none" value="{removes}" data-act="commit-removes" data-i="{i}" aria-label="Commit {n} removes (Kind/name, comma-separated)"></label></div></li>"#,
            ),
            i = i,
            n = n,
            at = c.at,
            rev = escape(&c.revision),
            changes = escape(&c.changes.as_deref().unwrap_or_default().join(", ")),
            webhook = check(!c.no_webhook),
            adds = escape(&c.adds.join(", ")),
            removes = escape(&c.removes.join(", ")),
            every = if c.adds.is_empty() && c.removes.is_empty() { "every resource" } else { "none" },
        );
    }
    s.push_str(r#"</ol><div class="pg-row"><button id="pg-c-add" class="pg-btn" data-act="commit-add">+ commit</button></div>"#);
    s.push_str(r#"<h3 id="pg-h-drift">Drift</h3><p class="pg-hint">Someone changes live objects (kubectl edit, another controller): the app goes OutOfSync, and self-heal syncs them back (A11).</p><ol class="pg-ops" aria-labelledby="pg-h-drift">"#);
    for (i, d) in p.drift.iter().enumerate() {
        let n = i + 1;
        let _ = write!(
            s,
            concat!(
                r#"<li class="pg-op"><div class="pg-op-row"><label class="pg-mini"><span>at</span><input id="pg-d{i}-at" type="number" min="0" value="{at}" data-act="drift-at" data-i="{i}" aria-label="Drift {n} at (s)"></label>"#,
                r#"<label class="pg-mini pg-only"><span>objects</span><input id="pg-d{i}-objects" type="text" value="{objects}" data-act="drift-objects" data-i="{i}" aria-label="Drift {n} objects (Kind/name, comma-separated)"></label>"#,
                r#"<button id="pg-d{i}-x" class="pg-x" data-act="drift-remove" data-i="{i}" title="Remove this drift" aria-label="Remove drift {n}">×</button></div></li>"#,
            ),
            i = i,
            n = n,
            at = d.at,
            objects = escape(&d.objects.join(", ")),
        );
    }
    s.push_str(r#"</ol><div class="pg-row"><button id="pg-d-add" class="pg-btn" data-act="drift-add">+ drift</button></div></section>"#);
}

fn target_html(s: &mut String, ti: usize, t: &Target, pod_seconds: i64) {
    let key = escape(&t.key);
    let _ = write!(
        s,
        r#"<li class="pg-target" data-key="{key}"><div class="pg-target-head"><code>{key}</code><span class="pg-what">{}</span></div>"#,
        escape(&t.what)
    );
    if t.runs_pods {
        s.push_str(r#"<div class="pg-attempts"><span class="pg-label">attempts</span><ol>"#);
        for (i, a) in t.attempts.iter().enumerate() {
            let choice = a.choice();
            let _ = write!(
                s,
                r#"<li class="pg-try pg-try-{choice}"><span class="pg-try-n">#{n}</span><select id="pg-t{ti}-c{i}" data-act="try-choice" data-key="{key}" data-i="{i}" aria-label="{key} attempt {n}">"#,
                n = i + 1
            );
            options(s, CHOICES, choice);
            s.push_str("</select>");
            if let Try::Run { code, seconds } = a {
                if choice == "exit" {
                    let _ = write!(
                        s,
                        r#"<input id="pg-t{ti}-x{i}" class="pg-code" type="number" min="0" max="255" value="{code}" data-act="try-code" data-key="{key}" data-i="{i}" aria-label="exit code" title="exit code">"#
                    );
                }
                let _ = write!(
                    s,
                    r#"<input id="pg-t{ti}-s{i}" class="pg-secs" type="number" min="0" placeholder="{pod_seconds}" value="{}" data-act="try-secs" data-key="{key}" data-i="{i}" aria-label="seconds" title="seconds until the container exits (empty: the pod runs setting)"><span class="pg-unit">s</span>"#,
                    opt_num(*seconds)
                );
            }
            let _ = write!(
                s,
                r#"<button class="pg-x" data-act="try-remove" data-key="{key}" data-i="{i}" title="Remove this attempt" aria-label="Remove attempt {}">×</button></li>"#,
                i + 1
            );
        }
        let _ = write!(
            s,
            r#"</ol><span class="pg-row"><button id="pg-t{ti}-af" class="pg-btn pg-small" data-act="try-add" data-what="fail" data-key="{key}">+ fail</button><button id="pg-t{ti}-as" class="pg-btn pg-small" data-act="try-add" data-what="succeed" data-key="{key}">+ succeed</button><span class="pg-hint">{}</span></span></div>"#,
            if t.attempts.is_empty() { "every attempt succeeds" } else { "the last one repeats" }
        );
    }
    let pair = |s: &mut String, act: &str, label: &str, list: &[(&str, &str)], cur: &str, help: &str| {
        let _ = write!(
            s,
            r#"<div class="pg-row"><label class="pg-mini" title="{help}"><span>{label}</span><select id="pg-t{ti}-{act}" data-act="{act}" data-key="{key}" aria-label="{key} {label}">"#
        );
        options(s, list, cur);
        let _ = write!(
            s,
            r#"</select></label><label class="pg-mini" title="Progressing (or Running) for this long after it is applied"><span>after</span><input id="pg-t{ti}-{act}-after" class="pg-secs" type="number" min="0" value="{}" data-act="{act}-after" data-key="{key}" aria-label="{key} {label} after (s)"><span class="pg-unit">s</span></label></div>"#,
            t.after_seconds
        );
    };
    if t.health {
        let cur = t.health_status.as_deref().unwrap_or("Healthy");
        pair(
            s,
            "health",
            "health",
            &plain(HEALTH),
            cur,
            "The health Argo CD sees (R47, R48); Progressing until the delay",
        );
    }
    if t.workflow {
        let cur = t.phase.as_deref().unwrap_or("Succeeded");
        pair(s, "phase", "phase", &plain(PHASES), cur, "The Workflow's phase");
    }
    let _ = write!(
        s,
        r#"<label class="pg-mini pg-applyerr" title="kubectl apply fails with this message (R50)"><span>apply error</span><input id="pg-t{ti}-err" type="text" placeholder="none" value="{}" data-act="apply-error" data-key="{key}" aria-label="{key} apply error"></label></li>"#,
        escape(t.apply_error.as_deref().unwrap_or(""))
    );
}

fn op_html(s: &mut String, i: usize, op: &Op) {
    let n = i + 1;
    let _ = write!(
        s,
        r#"<li class="pg-op"><div class="pg-op-row"><b>{n}.</b><select id="pg-o{i}-type" data-act="op-type" data-i="{i}" aria-label="Operation {n} type">"#
    );
    options(s, &[("sync", "sync"), ("delete", "app deletion")], if op.delete { "delete" } else { "sync" });
    let _ = write!(
        s,
        concat!(
            r#"</select><label class="pg-mini" title="Start, in seconds (empty: when the previous operation completed)"><span>at</span><input id="pg-o{i}-at" type="number" min="0" placeholder="after the previous" value="{at}" data-act="op-at" data-i="{i}" aria-label="Operation {n} starts at (s)"></label>"#,
            r#"<label class="pg-mini" title="The user presses TERMINATE this many seconds after the start (R55)"><span>terminate after</span><input id="pg-o{i}-term" type="number" min="0" placeholder="never" value="{term}" data-act="op-term" data-i="{i}" aria-label="Operation {n} terminate after (s)"></label>"#,
            r#"<button class="pg-x" data-act="op-remove" data-i="{i}" title="Remove this operation" aria-label="Remove operation {n}">×</button></div>"#
        ),
        at = opt_num(op.at),
        term = opt_num(op.terminate_after),
        i = i,
        n = n,
    );
    if !op.delete {
        let _ = write!(
            s,
            r#"<div class="pg-op-row"><label class="pg-check" title="syncPolicy.retry: a failed sync is retried after a backoff (R64)"><input id="pg-o{i}-retry" type="checkbox" data-act="op-retry" data-i="{i}"{}><span>retry</span></label>"#,
            if op.retry.is_some() { " checked" } else { "" }
        );
        let _ = write!(
            s,
            r#"<label class="pg-mini pg-only" title="A selective sync (the UI's checkboxes, argocd app sync --resource): only these Kind/name, and no hook runs (R18, R21)"><span>only</span><input id="pg-o{i}-only" type="text" placeholder="all resources" value="{}" data-act="op-only" data-i="{i}" aria-label="Operation {n}: sync only these resources (Kind/name, comma-separated)"></label>"#,
            escape(&op.only.join(", "))
        );
        if let Some(r) = op.retry {
            for (f, label) in ["limit", "backoff s", "factor", "max s"].iter().enumerate() {
                let _ = write!(
                    s,
                    r#"<label class="pg-mini"><span>{label}</span><input id="pg-o{i}-r{f}" type="number" min="0" value="{}" data-act="op-retry-field" data-i="{i}" data-f="{f}" aria-label="Operation {n} retry {label}"></label>"#,
                    r[f]
                );
            }
        }
        s.push_str("</div>");
    } else {
        let _ = write!(
            s,
            r#"<div class="pg-op-row"><label class="pg-check" title="argocd app delete --cascade=false: the Application's resources stay in the cluster; its PreDelete and PostDelete hooks still run (R66)"><input id="pg-o{i}-nocascade" type="checkbox" data-act="op-no-cascade" data-i="{i}"{}><span>keep resources (no cascade)</span></label></div>"#,
            if op.no_cascade { " checked" } else { "" }
        );
    }
    s.push_str("</li>");
}

fn number(s: &str) -> Option<i64> {
    s.trim().parse().ok()
}

/// A list of the panel's rows with `f` made to it, when it adds a row or row `i` exists.
fn edited<T: Clone>(rows: &[T], i: usize, adding: bool, f: &dyn Fn(&mut Vec<T>)) -> Vec<T> {
    let mut rows = rows.to_vec();
    if i < rows.len() || adding {
        f(&mut rows);
    }
    rows
}

/// `Kind/name` selectors written comma-separated.
fn selectors(s: &str) -> Vec<String> {
    s.split(',').map(str::trim).filter(|r| !r.is_empty()).map(str::to_string).collect()
}

/// The edit a control asks for: `attr` reads the control's attributes, `value` and `checked` are
/// its state. None when the event is not for the panel.
pub fn edit_for(p: &Panel, attr: &dyn Fn(&str) -> Option<String>, value: &str, checked: bool) -> Option<Edit> {
    let act = attr("data-act")?;
    let i: usize = attr("data-i").and_then(|i| i.parse().ok()).unwrap_or(0);
    let key = attr("data-key").unwrap_or_default();
    let target = || p.targets.iter().find(|t| t.key == key);
    let tries = |f: &dyn Fn(&mut Vec<Try>)| {
        let mut tries = target()?.attempts.clone();
        f(&mut tries);
        Some(Edit::Attempts(key.clone(), tries))
    };
    let ops = |f: &dyn Fn(&mut Vec<Op>)| {
        let mut ops = edited(&p.ops, i, act == "op-add", f);
        if ops.is_empty() {
            ops.push(Op::default());
        }
        Some(Edit::Ops(ops))
    };
    let commits = |f: &dyn Fn(&mut Vec<CommitRow>)| Some(Edit::Commits(edited(&p.commits, i, act == "commit-add", f)));
    let drift = |f: &dyn Fn(&mut Vec<DriftRow>)| Some(Edit::Drift(edited(&p.drift, i, act == "drift-add", f)));
    // Turning automated sync on keeps what the Scenario said of its flags.
    let automated = |f: &dyn Fn(&mut Automated)| {
        if p.automated_from_app {
            return None;
        }
        let mut a = p.settings.automated.unwrap_or_default();
        a.enabled = true;
        f(&mut a);
        Some(Edit::Automated(a.enabled.then_some(a)))
    };
    let with = |t: &mut Vec<Try>, f: &dyn Fn(&Try) -> Try| {
        if let Some(a) = t.get_mut(i) {
            *a = f(a);
        }
    };
    match act.as_str() {
        "try-choice" => tries(&|t| with(t, &|a| a.with_choice(value))),
        "try-code" => tries(&|t| {
            with(t, &|a| match a {
                Try::Run { seconds, .. } => {
                    Try::Run { code: number(value).unwrap_or(2).clamp(0, 255) as i32, seconds: *seconds }
                }
                other => other.clone(),
            })
        }),
        "try-secs" => tries(&|t| {
            with(t, &|a| match a {
                Try::Run { code, .. } => Try::Run { code: *code, seconds: number(value).map(|v| v.max(0)) },
                other => other.clone(),
            })
        }),
        "try-remove" => tries(&|t| {
            if i < t.len() {
                t.remove(i);
            }
        }),
        "try-add" => {
            let code = if attr("data-what").as_deref() == Some("succeed") { 0 } else { 1 };
            tries(&|t| t.push(Try::Run { code, seconds: None }))
        }
        "health" | "health-after" => {
            let t = target()?;
            let status =
                if act == "health" { value.to_string() } else { t.health_status.clone().unwrap_or("Healthy".into()) };
            let after = if act == "health" { t.after_seconds } else { number(value).unwrap_or(0).max(0) };
            let keep = status != "Healthy" || after > 0;
            Some(Edit::Health(key.clone(), keep.then_some((status, after))))
        }
        "phase" | "phase-after" => {
            let t = target()?;
            let phase = if act == "phase" { value.to_string() } else { t.phase.clone().unwrap_or("Succeeded".into()) };
            let after = if act == "phase" { t.after_seconds } else { number(value).unwrap_or(0).max(0) };
            Some(Edit::Phase(key.clone(), Some((phase, after))))
        }
        "apply-error" => Some(Edit::ApplyError(key.clone(), (!value.trim().is_empty()).then(|| value.to_string()))),
        "setting" => {
            let name = attr("data-setting")?;
            let k = settings::find(&name).filter(|s| matches!(s.control, Control::Seconds(..) | Control::Version))?.key;
            Some(Edit::Setting(k, model::setting_value(k, value)))
        }
        "sync-option" => {
            let option = attr("data-option")?;
            let mut list: Vec<String> = p.settings.sync_options.iter().filter(|o| **o != option).cloned().collect();
            if checked {
                list.push(option);
            }
            let list = list.into_iter().map(model::Y::Str).collect();
            Some(Edit::Setting(
                "syncOptions",
                Some(model::Y::Seq(list)).filter(|y| !matches!(y, model::Y::Seq(l) if l.is_empty())),
            ))
        }
        "prune" => Some(Edit::Setting("prune", model::setting_value("prune", if checked { "true" } else { "false" }))),
        "app-health" => Some(Edit::Setting(
            "applicationHealthCheck",
            model::setting_value("applicationHealthCheck", if checked { "true" } else { "false" }),
        )),
        "op-type" => ops(&|o| o[i].delete = value == "delete"),
        "op-at" => ops(&|o| o[i].at = number(value)),
        "op-term" => ops(&|o| o[i].terminate_after = number(value)),
        "op-only" => {
            let only = selectors(value);
            ops(&|o| o[i].only = only.clone())
        }
        "op-retry" => ops(&|o| o[i].retry = checked.then_some(RETRY)),
        "op-no-cascade" => ops(&|o| o[i].no_cascade = checked),
        "op-retry-field" => {
            let f: usize = attr("data-f").and_then(|f| f.parse().ok()).filter(|f| *f < 4)?;
            ops(&|o| {
                let mut r = o[i].retry.unwrap_or(RETRY);
                if let Some(v) = number(value) {
                    r[f] = v.max(0);
                }
                o[i].retry = Some(r);
            })
        }
        "op-remove" => ops(&|o| {
            o.remove(i);
        }),
        "op-add" => {
            let delete = attr("data-what").as_deref() == Some("delete");
            ops(&|o| o.push(Op { delete, ..Op::default() }))
        }
        "auto" => automated(&|a| a.enabled = checked),
        "auto-heal" => automated(&|a| a.self_heal = checked),
        "auto-prune" => automated(&|a| a.prune = checked),
        "commit-at" => commits(&|c| c[i].at = number(value).unwrap_or(0).max(0)),
        "commit-rev" => {
            let rev = value.trim();
            // A commit needs a revision: an emptied field keeps the one it had.
            (!rev.is_empty()).then(|| commits(&|c| c[i].revision = rev.to_string()))?
        }
        "commit-changes" => {
            let list = selectors(value);
            commits(&|c| c[i].changes = (!list.is_empty()).then(|| list.clone()))
        }
        "commit-webhook" => commits(&|c| c[i].no_webhook = !checked),
        "commit-adds" => commits(&|c| c[i].adds = selectors(value)),
        "commit-removes" => commits(&|c| c[i].removes = selectors(value)),
        "commit-remove" => commits(&|c| {
            c.remove(i);
        }),
        "commit-add" => commits(&|c| {
            let at = c.last().map_or(60, |l| l.at + 60);
            c.push(CommitRow { at, revision: format!("{:07x}", 0xc0ffee0 + c.len()), ..CommitRow::default() });
        }),
        "drift-at" => drift(&|d| d[i].at = number(value).unwrap_or(0).max(0)),
        "drift-objects" => {
            let list = selectors(value);
            // A drift needs objects: an emptied field keeps the ones it had.
            (!list.is_empty()).then(|| drift(&|d| d[i].objects = list.clone()))?
        }
        "drift-remove" => drift(&|d| {
            d.remove(i);
        }),
        "drift-add" => {
            // The first resource that is not a hook: a hook is not compared, so its drift is none.
            let object = p.targets.iter().find(|t| !t.hook).or(p.targets.first())?.key.clone();
            drift(&|d| {
                let at = d.last().map_or(60, |l| l.at + 60);
                d.push(DriftRow { at, objects: vec![object.clone()] });
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &str = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: \"db<migrate>\"\n  annotations:\n    argocd.argoproj.io/hook: PreSync\nspec:\n  template:\n    spec:\n      containers: [{name: m, image: x}]\n      restartPolicy: Never\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: {}\n";

    /// Finds the control with `id` in the HTML and returns its attribute reader.
    fn attrs(html: &str, id: &str) -> impl Fn(&str) -> Option<String> {
        let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no {id}"));
        let tag_start = html[..start].rfind('<').unwrap();
        let tag_end = start + html[start..].find('>').unwrap();
        let tag = html[tag_start..tag_end].to_string();
        move |name: &str| {
            let needle = format!(" {name}=\"");
            let i = tag.find(&needle)? + needle.len();
            let v = &tag[i..i + tag[i..].find('"')?];
            Some(v.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&"))
        }
    }

    fn run(input: &str, id: &str, value: &str, checked: bool) -> String {
        let p = model::panel(input);
        let html = panel_html(&p);
        let edit = edit_for(&p, &attrs(&html, id), value, checked).expect("an edit");
        model::apply(input, &edit).unwrap()
    }

    /// A commit's `adds` and `removes` are edited in its row, and editing another field keeps
    /// them (the rows are written back as a whole); its changes read "none" when left empty.
    #[test]
    fn editing_a_commit_keeps_what_it_adds_and_removes() {
        let input = format!(
            "{JOB}---\napiVersion: hooksim/v1\nkind: Scenario\ncommits:\n  - {{at: 30, revision: def5678, adds: [Job/x], removes: [Deployment/web]}}\n"
        );
        let html = panel_html(&model::panel(&input));
        assert_eq!(attrs(&html, "pg-c0-changes")("placeholder").as_deref(), Some("none"));
        let out = run(&input, "pg-c0-at", "45", false);
        let c = &model::panel(&out).commits[0];
        assert_eq!(
            (c.at, c.adds.as_slice(), c.removes.as_slice()),
            (45, &["Job/x".to_string()][..], &["Deployment/web".to_string()][..])
        );
        // The fields: what the row shows, and what an edit of each writes.
        let html = panel_html(&model::panel(&out));
        assert_eq!(attrs(&html, "pg-c0-adds")("value").as_deref(), Some("Job/x"));
        assert_eq!(attrs(&html, "pg-c0-removes")("value").as_deref(), Some("Deployment/web"));
        let out = run(&out, "pg-c0-removes", "", false);
        assert!(!out.contains("removes"), "{out}");
        let out = run(&out, "pg-c0-adds", "Job/x, Deployment/web", false);
        assert!(out.contains("adds: [Job/x, Deployment/web]"), "{out}");
        // A2, A6: the engine reads them: a commit removing web makes it require pruning.
        let out = run(&out, "pg-c0-adds", "", false);
        let out = run(&out, "pg-c0-removes", "Deployment/web", false);
        let r = hooksim_engine::simulate(&out, &Default::default());
        let app = r.application.expect("the controller's report");
        assert!(app.sync.iter().any(|s| s.resources.iter().any(|o| o.reason == "RequiresPruning")), "{:?}", app.sync);
    }

    #[test]
    fn the_html_escapes_names_and_has_a_control_per_thing() {
        let html = panel_html(&model::panel(JOB));
        assert!(!html.contains("db<migrate>") && html.contains("db&lt;migrate&gt;"));
        for id in [
            "pg-t0-af",
            "pg-t1-health",
            "pg-t1-health-after",
            "pg-t0-err",
            "pg-o0-type",
            "pg-s-podSeconds",
            "pg-s-kube",
            "pg-s-argocd",
            "pg-s-prune",
            "pg-s-apphealth",
        ] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
        }
    }

    #[test]
    fn controls_make_their_edits() {
        let out = run(JOB, "pg-t0-af", "", false);
        assert!(out.contains("attempts: [fail]"), "{out}");
        let out = run(&out, "pg-t0-c0", "exit", false);
        assert!(out.contains("attempts: [{exitCode: 2}]"), "{out}");
        let out = run(&out, "pg-t0-s0", "30", false);
        assert!(out.contains("attempts: [{exitCode: 2, seconds: 30}]"), "{out}");
        let out = run(&out, "pg-t1-health", "Degraded", false);
        assert!(out.contains("Deployment/web: {health: Degraded}"), "{out}");
        let out = run(&out, "pg-s-waveDelaySeconds", "5", false);
        assert!(out.contains("waveDelaySeconds: 5"), "{out}");
        // A26 and A47: the controller's settings.
        let out = run(&out, "pg-s-syncTimeoutSeconds", "120", false);
        assert!(out.contains("syncTimeoutSeconds: 120"), "{out}");
        let out = run(&out, "pg-s-reactionDelaySeconds", "10", false);
        assert!(out.contains("reactionDelaySeconds: 10"), "{out}");
        let out = run(&out, "pg-s-kube", "1.27", false);
        assert!(out.contains("kubernetesVersion: \"1.27\""), "{out}");
        // The Application's sync options, on and off.
        let out = run(&out, "pg-s-opt0", "", true);
        assert!(out.contains("syncOptions: [\"CreateNamespace=true\"]"), "{out}");
        let out = run(&out, "pg-s-opt1", "", true);
        assert_eq!(model::panel(&out).settings.sync_options, ["CreateNamespace=true", "ApplyOutOfSyncOnly=true"]);
        let out = run(&out, "pg-s-opt0", "", false);
        let out = run(&out, "pg-s-opt1", "", false);
        assert!(!out.contains("syncOptions"), "{out}");
        // R66: an Application deletion without cascade.
        let del = "apiVersion: hooksim/v1\nkind: Scenario\noperations:\n  - type: sync\n  - type: delete\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
        let out = run(del, "pg-o1-nocascade", "", true);
        assert!(out.contains("cascade: false"), "{out}");
        let out = run(&out, "pg-o1-nocascade", "", false);
        assert!(!out.contains("cascade"), "{out}");
        // A selective sync: only the Deployment, and the engine runs no hook.
        let only = run(&out, "pg-o0-only", "Deployment/web", false);
        assert!(only.contains("resources: [Deployment/web]"), "{only}");
        assert_eq!(model::panel(&only).ops[0].only, ["Deployment/web"]);
        let r = hooksim_engine::simulate(&only, &hooksim_engine::Options::default());
        assert!(r.operations[0].results.iter().all(|x| x.hook_type.is_none()), "{:?}", r.operations[0].results);
        assert!(!run(&only, "pg-o0-only", " ", false).contains("resources"));
        let out = run(&out, "pg-s-argocd", "2.14", false);
        assert!(out.contains("argocdVersion: \"2.14\""), "{out}");
        assert_eq!(model::panel(&out).settings.argocd_version, "2.14");
        let out = run(&out, "pg-o0-retry", "", true);
        assert!(out.contains("retry: {limit: 2, backoffSeconds: 5, factor: 2, maxBackoffSeconds: 180}"), "{out}");
        let out = run(&out, "pg-o0-r0", "4", false);
        assert!(out.contains("limit: 4"), "{out}");
        let out = run(&out, "pg-t0-err", "denied", false);
        assert!(out.contains("applyError: denied"), "{out}");
        let out = run(&out, "pg-s-prune", "", false);
        assert!(out.contains("prune: false"), "{out}");
        // A32: the Application health check, on and off (off is the default: the key goes).
        let on = run(&out, "pg-s-apphealth", "", true);
        assert!(on.contains("applicationHealthCheck: true"), "{on}");
        assert!(model::panel(&on).settings.application_health_check);
        assert!(panel_html(&model::panel(&on)).contains(r#"data-act="app-health" checked"#));
        let out = run(&on, "pg-s-apphealth", "", false);
        assert!(!out.contains("applicationHealthCheck"), "{out}");
        let r = hooksim_engine::simulate(&out, &Default::default());
        assert!(
            r.diagnostics.iter().all(|d| d.code != hooksim_engine::diagnostics::codes::SCENARIO_INVALID
                && d.code != hooksim_engine::diagnostics::codes::OUTCOME_UNMATCHED),
            "{:?}",
            r.diagnostics
        );
    }

    /// Issue 11 item 8: the Application controller in the panel: automated sync, self-heal, and
    /// the timed commits and drift it reacts to, each written to the Scenario the engine reads.
    #[test]
    fn the_controller_section_writes_automated_commits_and_drift() {
        let html = panel_html(&model::panel(JOB));
        for id in ["pg-auto", "pg-auto-heal", "pg-auto-prune"] {
            assert!(html.contains(&format!(r#"id="{id}""#)), "{id}");
        }
        // Automated sync on: the Scenario says so, and the engine's controller syncs by itself.
        let out = run(JOB, "pg-auto", "", true);
        assert!(out.contains("automated: {}"), "{out}");
        let p = model::panel(&out);
        assert!(p.ops.is_empty() && panel_html(&p).contains("No one starts an operation by hand"));
        assert!(p.settings.automated.is_some_and(|a| a.enabled && !a.self_heal));
        assert!(panel_html(&p).contains(r#"data-act="auto" checked"#));
        let out = run(&out, "pg-auto-heal", "", true);
        assert!(out.contains("automated: {selfHeal: true}"), "{out}");
        // A commit at 60 s: an automated sync of its revision starts then.
        let out = run(&out, "pg-c-add", "", false);
        assert_eq!(
            model::panel(&out).commits,
            [model::CommitRow { at: 60, revision: "c0ffee0".into(), ..Default::default() }]
        );
        let r = hooksim_engine::simulate(&out, &Default::default());
        assert!(
            r.operations.iter().any(|o| o.started_at == 60 && o.revision.as_deref() == Some("c0ffee0")),
            "{:?}",
            r.operations.iter().map(|o| (o.started_at, &o.revision)).collect::<Vec<_>>()
        );
        let out = run(&out, "pg-c0-at", "90", false);
        let out = run(&out, "pg-c0-changes", "Deployment/web", false);
        assert_eq!(
            model::panel(&out).commits,
            [model::CommitRow {
                at: 90,
                revision: "c0ffee0".into(),
                changes: Some(vec!["Deployment/web".into()]),
                ..Default::default()
            }]
        );
        // A46: without a webhook the commit waits for a periodic refresh: not the one at 120 s,
        // since the first sync's end (after 0) compared with Git less than 120 s before, but 240 s.
        let hooked = run(&out, "pg-c0-webhook", "", false);
        assert!(hooked.contains("webhook: false"), "{hooked}");
        assert!(model::panel(&hooked).commits[0].no_webhook);
        let r = hooksim_engine::simulate(&hooked, &Default::default());
        let starts: Vec<_> = r.operations.iter().map(|o| (o.started_at, o.revision.clone())).collect();
        assert!(starts.iter().any(|s| s.0 == 240 && s.1.as_deref() == Some("c0ffee0")), "{starts:?}");
        let back = run(&hooked, "pg-c0-webhook", "", true);
        assert!(!back.contains("webhook"), "{back}");
        // A commit needs a revision: emptying the field changes nothing.
        let p = model::panel(&out);
        assert!(edit_for(&p, &attrs(&panel_html(&p), "pg-c0-rev"), " ", false).is_none());
        let out = run(&out, "pg-c0-rev", "def5678", false);
        assert_eq!(model::panel(&out).commits[0].revision, "def5678");
        // A drift of the first resource that is not a hook.
        let out = run(&out, "pg-d-add", "", false);
        assert_eq!(model::panel(&out).drift, [model::DriftRow { at: 60, objects: vec!["Deployment/web".into()] }]);
        let r = hooksim_engine::simulate(&out, &Default::default());
        assert!(
            r.diagnostics.iter().all(|d| d.code != hooksim_engine::diagnostics::codes::SCENARIO_INVALID),
            "{:?}",
            r.diagnostics
        );
        // Removing the last of each removes its key; automated off removes the setting.
        let out = run(&out, "pg-d0-x", "", false);
        let out = run(&out, "pg-c0-x", "", false);
        let out = run(&out, "pg-auto", "", false);
        assert!(!out.contains("drift") && !out.contains("commits") && !out.contains("automated"), "{out}");
    }

    #[test]
    fn an_application_document_keeps_automated_sync_to_the_yaml() {
        let app = format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {{name: shop}}\nspec:\n  destination: {{namespace: shop}}\n  syncPolicy:\n    automated: {{selfHeal: true}}\n---\n{JOB}"
        );
        let p = model::panel(&app);
        assert!(p.automated_from_app);
        let html = panel_html(&p);
        assert!(html.contains(r#"data-act="auto-heal" checked disabled"#), "{html}");
        assert!(edit_for(&p, &attrs(&html, "pg-auto"), "", false).is_none());
    }
}
