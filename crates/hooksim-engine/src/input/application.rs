//! The `argoproj.io/v1alpha1` Application of the input (issue 11, item 1): read for
//! `spec.destination.namespace` and `spec.syncPolicy` (`automated`, `syncOptions`, `retry`), as
//! it stands in a repository or as `kubectl get application -o yaml` prints it (`status` and the
//! server's metadata are ignored). It is not applied as a manifest.
//!
//! What the Application says is the default of the Scenario's settings: a Scenario setting that
//! says something else wins, with an `application-conflict` warning. A field of the wrong type is
//! rejected by the API server with the CRD schema's message (`application-invalid`).

use crate::common::argocd_version::ArgoCd;
use crate::common::diagnostics::{codes, Diagnostic, Pos};
use crate::input::manifest::Manifest;
use crate::input::scenario::Settings;
pub use crate::input::sync_policy::Automated;
use crate::input::sync_policy::{duration, Retry};
use crate::input::yaml::{Node, Value};

/// What the Application document says, each with where it says it.
#[derive(Debug, Clone, Default)]
pub struct AppSpec {
    pub name: String,
    pub pos: Pos,
    pub namespace: Option<(String, Pos)>,
    /// `syncPolicy.automated` as written (None: absent or null).
    pub automated: Option<(Automated, Pos)>,
    pub sync_options: Option<(Vec<String>, Pos)>,
    pub retry: Option<(Retry, Pos)>,
}

/// The Application the input describes: the first `argoproj.io` `Application` document is taken
/// out of the manifests (the later ones stay: the children of an app-of-apps are manifests).
pub fn take_manifest(manifests: &mut Vec<Manifest>) -> Option<Manifest> {
    let i = manifests.iter().position(|m| m.group == "argoproj.io" && m.kind == "Application")?;
    Some(manifests.remove(i))
}

/// Where the type a field needs, per the Application CRD's OpenAPI schema.
#[derive(Clone, Copy)]
enum Type {
    String,
    Integer,
    Boolean,
    Object,
    Array,
}

impl Type {
    fn name(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Integer => "integer",
            Type::Boolean => "boolean",
            Type::Object => "object",
            Type::Array => "array",
        }
    }

    fn fits(self, n: &Node) -> bool {
        matches!(
            (self, &n.value),
            (Type::String, Value::Str(_))
                | (Type::Integer, Value::Int(_))
                | (Type::Boolean, Value::Bool(_))
                | (Type::Object, Value::Map(_))
                | (Type::Array, Value::Seq(_))
        )
    }
}

/// The JSON type name the API server's schema validation prints for a value.
fn json_type(n: &Node) -> &'static str {
    match &n.value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) => "integer",
        Value::Float => "number",
        Value::Str(_) => "string",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
    }
}

/// Reads fields with the Application CRD's types, reporting misfits as the API server does.
struct Reader<'a> {
    name: &'a str,
    version: ArgoCd,
    diags: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    /// The field at `path` when it has type `ty`; a misfit is the API server's rejection. An
    /// explicit null counts as absent (the CRD's `omitempty` fields).
    fn field<'n>(&mut self, node: &'n Node, path: &str, ty: Type) -> Option<&'n Node> {
        if node.is_null() {
            return None;
        }
        if ty.fits(node) {
            return Some(node);
        }
        let got = json_type(node);
        self.diags.push(
            Diagnostic::error(
                codes::APPLICATION_INVALID,
                format!(
                    "The Application \"{}\" is invalid: {path}: Invalid value: \"{got}\": {path} in body must be of type {}: \"{got}\"",
                    self.name,
                    ty.name()
                ),
            )
            .at(Some(node.pos))
            .reference(format!("Application/{}", self.name))
            .hint(match ty {
                Type::String => "quote it: Argo CD reads durations as strings such as \"5s\" or \"3m\"",
                Type::Integer => "write a whole number without quotes",
                Type::Boolean => "write true or false without quotes",
                Type::Object => "write a mapping",
                Type::Array => "write a list",
            }),
        );
        None
    }

    /// A field the release simulated does not have: the API server prunes it from the object
    /// (unknown fields of a structural CRD), so it does nothing.
    fn too_new(&mut self, key: &Node, path: &str, since: &str) {
        self.diags.push(
            Diagnostic::warning(
                codes::APPLICATION_INVALID,
                format!(
                    "Argo CD {} has no {path} (it came in {since}): the API server drops the field and it does nothing",
                    self.version
                ),
            )
            .at(Some(key.pos))
            .reference(format!("Application/{}", self.name))
            .hint(format!("remove it, or set settings.argocdVersion to {since} or later")),
        );
    }
}

fn at_least(v: ArgoCd, major: u32, minor: u32) -> bool {
    (v.major, v.minor) >= (major, minor)
}

/// Reads an Application document.
pub fn read(node: &Node, name: &str, version: ArgoCd, diags: &mut Vec<Diagnostic>) -> AppSpec {
    let mut spec = AppSpec { name: name.to_string(), pos: node.pos, ..AppSpec::default() };
    let mut r = Reader { name, version, diags };
    let Some(s) = node.get("spec").and_then(|n| r.field(n, "spec", Type::Object)) else { return spec };
    if let Some(ns) =
        s.path(&["destination", "namespace"]).and_then(|n| r.field(n, "spec.destination.namespace", Type::String))
    {
        let ns = ns.as_str().unwrap_or_default();
        if !ns.is_empty() {
            spec.namespace =
                Some((ns.to_string(), s.path(&["destination", "namespace"]).map(|n| n.pos).unwrap_or_default()));
        }
    }
    let Some(policy) = s.get("syncPolicy").and_then(|n| r.field(n, "spec.syncPolicy", Type::Object)) else {
        return spec;
    };
    if let Some(a) = policy.get("automated").and_then(|n| r.field(n, "spec.syncPolicy.automated", Type::Object)) {
        spec.automated = Some((automated(&mut r, a), a.pos));
    }
    if let Some(list) = policy.get("syncOptions").and_then(|n| r.field(n, "spec.syncPolicy.syncOptions", Type::Array)) {
        let mut out = Vec::new();
        for (i, item) in list.as_seq().unwrap_or_default().iter().enumerate() {
            if let Some(text) = r.field(item, &format!("spec.syncPolicy.syncOptions[{i}]"), Type::String) {
                let text = text.as_str().unwrap_or_default();
                if let Some(d) = crate::input::annotations::app_sync_option_diagnostic(text) {
                    r.diags.push(d.at(Some(item.pos)));
                }
                out.push(text.to_string());
            }
        }
        spec.sync_options = Some((out, list.pos));
    }
    if let Some(n) = policy.get("retry").and_then(|n| r.field(n, "spec.syncPolicy.retry", Type::Object)) {
        spec.retry = Some((retry(&mut r, n), n.pos));
    }
    spec
}

fn automated(r: &mut Reader, a: &Node) -> Automated {
    let mut out = Automated { enabled: true, ..Automated::default() };
    for (k, v) in a.as_map().unwrap_or_default() {
        let key = k.as_str().unwrap_or("");
        let path = format!("spec.syncPolicy.automated.{key}");
        let flag = match key {
            "prune" => &mut out.prune,
            "selfHeal" => &mut out.self_heal,
            "allowEmpty" => &mut out.allow_empty,
            "enabled" if !at_least(r.version, 3, 1) => {
                r.too_new(k, "spec.syncPolicy.automated.enabled", "3.1");
                continue;
            }
            "enabled" => &mut out.enabled,
            _ => continue,
        };
        if let Some(b) = r.field(v, &path, Type::Boolean).and_then(Node::as_bool) {
            *flag = b;
        }
    }
    out
}

fn retry(r: &mut Reader, n: &Node) -> Retry {
    let mut out = Retry::default();
    for (k, v) in n.as_map().unwrap_or_default() {
        let key = k.as_str().unwrap_or("");
        match key {
            "limit" => {
                if let Some(i) = r.field(v, "spec.syncPolicy.retry.limit", Type::Integer).and_then(Node::as_i64) {
                    out.limit = i;
                }
            }
            "refresh" if !at_least(r.version, 3, 2) => r.too_new(k, "spec.syncPolicy.retry.refresh", "3.2"),
            "refresh" => {
                if let Some(b) = r.field(v, "spec.syncPolicy.retry.refresh", Type::Boolean).and_then(Node::as_bool) {
                    out.refresh = b;
                }
            }
            "backoff" => {
                let Some(b) = r.field(v, "spec.syncPolicy.retry.backoff", Type::Object) else { continue };
                for (bk, bv) in b.as_map().unwrap_or_default() {
                    let bkey = bk.as_str().unwrap_or("");
                    let path = format!("spec.syncPolicy.retry.backoff.{bkey}");
                    match bkey {
                        "duration" | "maxDuration" => {
                            let Some(text) = r.field(bv, &path, Type::String).and_then(Node::as_str) else { continue };
                            duration(&mut out, bkey, text, bv.pos, r.diags);
                        }
                        "factor" => {
                            if let Some(f) = r.field(bv, &path, Type::Integer).and_then(Node::as_i64) {
                                out.factor = f;
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Which settings the Scenario wrote itself (they win over the Application's).
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    pub namespace: Option<Pos>,
    pub sync_options: Option<Pos>,
    pub automated: Option<Pos>,
    pub retry: Option<Pos>,
}

impl Written {
    pub fn of(scenario: Option<&Node>) -> Written {
        let at = |key: &str| scenario.and_then(|n| n.path(&["settings", key])).map(|n| n.pos);
        Written {
            namespace: at("namespace"),
            sync_options: at("syncOptions"),
            automated: at("automated"),
            retry: at("retry"),
        }
    }
}

/// Makes the Application the default of the settings, and reports each disagreement.
pub fn merge(app: &AppSpec, written: Written, s: &mut Settings, diags: &mut Vec<Diagnostic>) {
    let mut conflict = |what: &str, scenario: String, application: String, at: Option<Pos>| {
        diags.push(
            Diagnostic::warning(
                codes::APPLICATION_CONFLICT,
                format!(
                    "the Scenario's settings.{what} ({scenario}) disagrees with the Application's ({application}): the Scenario's is simulated"
                ),
            )
            .at(at)
            .reference(format!("Application/{}", app.name))
            .hint(format!("remove settings.{what} from the Scenario, or make the two say the same")),
        );
    };
    if let Some((ns, _)) = &app.namespace {
        match written.namespace {
            Some(at) if &s.namespace != ns => {
                conflict("namespace", s.namespace.clone(), format!("spec.destination.namespace {ns}"), Some(at))
            }
            Some(_) => {}
            None => s.namespace = ns.clone(),
        }
    }
    if let Some((opts, _)) = &app.sync_options {
        match written.sync_options {
            Some(at) if &s.sync_options != opts => conflict(
                "syncOptions",
                format!("[{}]", s.sync_options.join(", ")),
                format!("spec.syncPolicy.syncOptions [{}]", opts.join(", ")),
                Some(at),
            ),
            Some(_) => {}
            None => s.sync_options = opts.clone(),
        }
    }
    match (written.automated, &app.automated) {
        (Some(at), a) if s.automated != a.map(|(x, _)| x) => conflict(
            "automated",
            describe_automated(s.automated),
            format!("spec.syncPolicy.automated {}", describe_automated(a.map(|(x, _)| x))),
            Some(at),
        ),
        (Some(_), _) => {}
        (None, a) => s.automated = a.map(|(x, _)| x),
    }
    match (written.retry, &app.retry) {
        (Some(at), Some((r, _))) if s.retry.as_ref() != Some(r) => conflict(
            "retry",
            describe_retry(s.retry.as_ref()),
            format!("spec.syncPolicy.retry {}", describe_retry(Some(r))),
            Some(at),
        ),
        (Some(_), _) => {}
        (None, r) => s.retry = r.as_ref().map(|(x, _)| x.clone()),
    }
}

fn describe_automated(a: Option<Automated>) -> String {
    match a {
        None => "none".into(),
        Some(a) => format!(
            "{{enabled: {}, prune: {}, selfHeal: {}, allowEmpty: {}}}",
            a.enabled, a.prune, a.self_heal, a.allow_empty
        ),
    }
}

fn describe_retry(r: Option<&Retry>) -> String {
    match r {
        None => "none".into(),
        Some(r) => format!(
            "{{limit: {}, backoff: {{duration: {}s, factor: {}, maxDuration: {}s}}{}}}",
            r.limit,
            r.backoff_seconds,
            r.factor,
            r.max_backoff_seconds,
            if r.refresh { ", refresh: true" } else { "" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::{prepare, Options};

    const APP: &str = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop}\nspec:\n  destination: {namespace: shop}\n  syncPolicy:\n    automated: {selfHeal: true}\n    syncOptions: [CreateNamespace=true]\n    retry: {limit: 3, backoff: {duration: \"1m\", factor: 3, maxDuration: \"10\"}, refresh: true}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";

    /// Item 1: the Application is read, is not a manifest, and is the default of the settings.
    #[test]
    fn the_application_is_the_default_of_the_settings() {
        let p = prepare(APP, &Options::default());
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(p.manifests.len(), 1, "the Application is not a manifest");
        let s = &p.scenario.settings;
        assert_eq!(s.namespace, "shop");
        assert_eq!(s.sync_options, vec!["CreateNamespace=true".to_string()]);
        let a = s.automated.unwrap();
        assert!(a.enabled && a.self_heal && !a.prune && !a.allow_empty);
        let r = s.retry.as_ref().unwrap();
        assert_eq!((r.limit, r.backoff_seconds, r.factor, r.max_backoff_seconds, r.refresh), (3, 60, 3, 10, true));
        // Automated sync: no default manual sync (A4: the controller starts the first one).
        assert!(p.scenario.operations.is_empty());
    }

    /// A setting the Scenario writes wins over the Application's, with a warning.
    #[test]
    fn the_scenario_wins_a_conflict() {
        let input = format!("apiVersion: hooksim/v1\nkind: Scenario\nsettings:\n  namespace: other\n  automated: {{prune: true}}\n---\n{APP}");
        let p = prepare(&input, &Options::default());
        let codes: Vec<&str> = p.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, vec!["application-conflict", "application-conflict"]);
        assert_eq!(p.scenario.settings.namespace, "other");
        assert!(p.scenario.settings.automated.unwrap().prune);
        // What the Scenario does not write still comes from the Application.
        assert_eq!(p.scenario.settings.retry.as_ref().unwrap().limit, 3);
    }

    /// A2 gate 1: `enabled: false` (3.1+) switches automated sync off.
    #[test]
    fn enabled_false_means_manual() {
        let input = APP.replace("automated: {selfHeal: true}", "automated: {selfHeal: true, enabled: false}");
        let p = prepare(&input, &Options::default());
        assert!(!p.scenario.settings.automated.unwrap().enabled);
        assert_eq!(p.scenario.operations.len(), 1, "the default manual sync stays");
    }
}
