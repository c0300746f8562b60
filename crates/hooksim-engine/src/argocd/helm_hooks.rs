//! Helm hooks that Argo CD runs at other moments than Helm (R10): it has no install and no upgrade,
//! only syncs, so `pre-install` and `pre-upgrade` are both PreSync and `post-install` and
//! `post-upgrade` both PostSync (argo-cd #7536, #6456, #21804).

use crate::common::diagnostics::{codes, Diagnostic};
use crate::input::annotations::{csv, HELM_HOOK, HOOK};
use crate::input::manifest::Manifest;

const PRE: [&str; 2] = ["pre-install", "pre-upgrade"];
const POST: [&str; 2] = ["post-install", "post-upgrade"];

/// `helm-install-upgrade`: a Helm hook meant for an install only, an upgrade only, or for one
/// moment before and one after, said the way Argo CD runs it.
pub fn lint(m: &Manifest, diags: &mut Vec<Diagnostic>) {
    // An Argo CD hook annotation decides (R10); `helm-hook-shadowed` covers that.
    if m.ann.raw.contains_key(HOOK) {
        return;
    }
    let Some(value) = m.ann.raw.get(HELM_HOOK) else { return };
    let items = csv(value);
    let of = |group: [&'static str; 2]| -> Vec<&'static str> {
        group.into_iter().filter(|h| items.iter().any(|i| i == h)).collect()
    };
    let (pre, post) = (of(PRE), of(POST));
    let message = if !pre.is_empty() && !post.is_empty() {
        format!(
            "Argo CD runs this hook twice in every sync, in PreSync ({}) and again in PostSync ({}): it has no install or upgrade, only syncs",
            pre.join(", "),
            post.join(", ")
        )
    } else if pre.len() == 1 || post.len() == 1 {
        let (item, phase, pair) = match pre.first() {
            Some(i) => (*i, "PreSync", "pre-install and pre-upgrade"),
            None => (post[0], "PostSync", "post-install and post-upgrade"),
        };
        let moment = if item.ends_with("install") { "only on the first install" } else { "only on upgrades" };
        format!(
            "{item} runs in {phase} on every sync, the first one included, not {moment}: Argo CD maps {pair} both to {phase} and cannot tell an install from an upgrade"
        )
    } else {
        return;
    };
    diags.push(
        Diagnostic::info(codes::HELM_INSTALL_UPGRADE, format!("{message} (argo-cd #7536, #6456)"))
            .at(m.node.path(&["metadata", "annotations", HELM_HOOK]).map(|v| v.pos))
            .reference(m.selector.as_str())
            .hint("make the hook idempotent, or have it check the state it expects itself"),
    );
}
