//! hooksim's wasm API: a thin adapter over `hooksim-engine` and `hooksim-render`.
//!
//! Every function takes and returns plain JS values: strings in, the contract's report
//! (contract.md §2) out as a plain object. Problems *inside* the input (YAML syntax, unknown
//! kinds, a bad scenario) are the report's `diagnostics`, as with the CLI. An `Error` with a
//! message is thrown only for arguments the API cannot take at all (not a string, an input over
//! [`MAX_INPUT_BYTES`], options of the wrong shape); nothing is meant to panic, and a panic
//! (a bug) is logged to the console before the call fails.
//!
//! Build with `make wasm` (mk/wasm.mk): `wasm-bindgen --target web` into `target/wasm-pkg/`.

use hooksim_engine::{Options, Report};
use serde::Serialize;
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::prelude::*;

/// The largest input accepted, in bytes (the engine's own limits apply below this).
pub const MAX_INPUT_BYTES: usize = 4 << 20;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** Severity of a diagnostic. */
export type Severity = "error" | "warning" | "info";

/** One finding about the input (contract.md §2, `diagnostics`). `line`/`column` are 1-based. */
export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  line: number | null;
  column: number | null;
  ref: string | null;
  hint: string | null;
  /** App-of-apps: the child Application it comes from (absent: the input's own). */
  app?: string;
}

/** The event types of contract.md §2, exactly. */
export type EventType =
  | "OperationStarted" | "StepStarted" | "WaveDelay" | "Applied" | "ApplyFailed"
  | "Pruned" | "PruneSkipped" | "PodCreated" | "PodSucceeded" | "PodFailed" | "PodPending"
  | "PodStarted" | "JobComplete" | "JobFailed" | "HealthChanged" | "HookCompleted" | "DeleteRequested"
  | "Deleted" | "OperationCompleted" | "RetryScheduled";

/** One timeline event. Fields that do not apply are absent. `rule` names the rule behind it. */
export interface Event {
  t: number;
  type: EventType;
  ref?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  phase?: string;
  wave?: number;
  attempt?: number;
  /** The completion index of the pod (Indexed Jobs). */
  index?: number;
  exitCode?: number;
  reason?: string;
  message?: string;
  rule?: string;
  /** Pod events: where the attempt's outcome came from: the Scenario's `outcomes`, the
   *  container's command, or hooksim's default (a success after `podSeconds`). */
  outcomeSource?: "scripted" | "command" | "assumed";
  /** HealthChanged of a kind hooksim does not run itself: "scripted" (the Scenario's outcome) or
   * "assumed" (the default, Healthy at once). */
  healthSource?: "scripted" | "assumed";
  /** WaveDelay: the seconds Argo CD sleeps (R35). */
  delay?: number;
  /** HealthChanged: the new health. */
  health?: "Healthy" | "Progressing" | "Degraded" | "Suspended" | "Missing" | "Unknown";
}

/** One entry of Argo CD's `syncResult.resources`, in Argo CD's order. */
export interface ResourceResult {
  ref: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  syncPhase: string;
  wave: number;
  hookType: string | null;
  /** "Synced" | "SyncFailed" | "Pruned" | "PruneSkipped", or "" when never written. */
  status: string;
  /** "Running" | "Succeeded" | "Failed" | "Error" | "Terminating", or "". */
  hookPhase: string;
  message: string;
}

/** One operation: a sync, or an Application deletion. */
export interface OperationReport {
  type: "sync" | "delete";
  /** "Succeeded" | "Failed" | "Error", or "Running" when the horizon came first. */
  phase: string;
  message: string;
  startedAt: number;
  finishedAt: number | null;
  results: ResourceResult[];
  events: Event[];
  /** The phase and Argo CD's message each time they changed, e.g. "waiting for completion of
   * hook batch/Job/x" (R52), the last one being the final phase and message. */
  messages: MessageAt[];
  /** The Application's conditions at the end, e.g. a failed deletion's
   * {type: "DeletionError", message: "error executing pre-delete hooks: …"}; absent when none. */
  conditions?: { type: string; message: string }[];
  /** Resources the sync leaves out that Argo CD's result does not list (`hook: Skip`, R62);
   * absent when none. */
  skipped?: { ref: string; reason: string; kind: string; name: string; namespace: string }[];
  /** Who started it (A3, A13); absent for a manual operation. */
  trigger?: "automated" | "self-heal" | "rolling-sync";
  /** The revision it syncs, when the Application controller is simulated. */
  revision?: string;
  /** The resources of a partial sync (self-heal, selective sync): no hooks run. */
  resources?: string[];
  /** Each retry scheduled (A19, A20): the message promised `promisedAt`, the retry starts at
   * `startsAt`, one backoff step later. */
  retries?: RetryWait[];
}

/** One retry of a failed attempt. */
export interface RetryWait {
  n: number;
  failedAt: number;
  promisedAt: number;
  startsAt: number;
}

/** The Application around the operations (A1–A50). */
export interface AppReport {
  name?: string;
  automated?: { prune: boolean; selfHeal: boolean; allowEmpty: boolean };
  /** The sync status each time it changed, with the resources that are not Synced and why
   * ("Missing" | "Changed" | "Drifted" | "RequiresPruning"). */
  sync: { t: number; status: "Synced" | "OutOfSync"; revision: string; resources?: { ref: string; reason: string }[] }[];
  /** SyncError conditions (A5, A6), with when they were removed. */
  conditions: { t: number; type: string; message: string; clearedAt?: number }[];
  /** The controller's decisions a UI does not show ("Skipping auto-sync: …"). */
  notes: { t: number; message: string; rule: string }[];
  /** The objects of the manifests this operation did not run, each with why and its rule
   * (a Skip'd object, hooks of a selective sync, a SyncFail hook of a sync that succeeded, a
   * phase not reached after a failure). Absent when empty. */
  notRun?: NotRun[];
}

/** An object an operation did not run. */
export interface NotRun {
  kind: string;
  /** metadata.name, or the generateName prefix of a hook without a name. */
  name: string;
  reason: "Skip" | "HooksSkipped" | "SyncDidNotFail" | "SyncFailNotStarted" | "PhaseNotReached" | "NotSelected";
  rule: string;
}

/** The operation's phase and message from time `t` on. */
export interface MessageAt {
  t: number;
  phase: string;
  message: string;
}

/** An object still in the cluster when the simulation ends. */
export interface Remaining {
  ref: string;
  kind: string;
  name: string;
  namespace: string;
}

/** The report of contract.md §2. */
export interface Report {
  schemaVersion: number;
  diagnostics: Diagnostic[];
  operations: OperationReport[];
  remaining: Remaining[];
  /** Present when the input has an Application, automated sync, commits or drift, or a
   * successful sync left the app OutOfSync. */
  application?: AppReport;
  /** App-of-apps: each child Application whose own manifests the input gives (A35). */
  childApplications?: ChildApp[];
  /** An ApplicationSet's RollingSync (A38-A43); its Applications' runs are childApplications. */
  applicationSet?: AppSetReport;
}

/** An ApplicationSet with its steps and each Application's progressive status (A38-A43). */
export interface AppSetReport {
  name: string;
  strategy: "RollingSync" | "AllAtOnce";
  steps: { step: number; matchExpressions: string[]; maxUpdate?: string; applications: string[] }[];
  /** In name order; step "-1": no step selects it, never synced. */
  applications: {
    application: string;
    step: string;
    statuses: { t: number; status: "Waiting" | "Pending" | "Progressing" | "Healthy"; message: string }[];
  }[];
  /** RolloutProgressing each time its message changed. */
  conditions: { t: number; type: string; message: string; clearedAt?: number }[];
}

/** A child Application's own run, in the parent's clock. */
export interface ChildApp {
  name: string;
  /** The child Application whose sync created it (a grandchild or deeper); absent: the input's. */
  parent?: string;
  /** The parent's first apply of it (its change, when `updated`); null: never created. */
  createdAt: number | null;
  /** A37 trap 2: it was live and the parent's sync changed it. */
  updated?: boolean;
  /** A37 trap 8: it was live with the resources finalizer and the parent's sync pruned it. */
  pruned?: boolean;
  /** Its status.health each time it changed (A36). */
  health: { t: number; status: string }[];
  operations: OperationReport[];
  application?: AppReport;
  remaining: Remaining[];
}

/** A gallery example: `id` is the scenario's `metadata.name` (stable, for links). */
export interface Example {
  id: string;
  title: string;
  description: string;
  /** The whole YAML stream, scenario included. */
  text: string;
}

/** The gallery as the playground shows it (`gallery()`): its sections in order, each with its
 *  examples in order; the first example of the first section is "start here". */
export interface GalleryIndex {
  sections: { name: string; examples: { id: string; title: string; phase: string }[] }[];
}

/** Options of `renderEmbed`. */
export interface EmbedOptions {
  /** The heading; the scenario's `metadata.name` when absent. */
  title?: string;
  /** A separate scenario document, replacing the embedded one. */
  scenario?: string;
  /** Show the input, folded, under the result. */
  showSource?: boolean;
  /** Compare the input with a variant of itself: `KEY=VALUE` settings joined by commas, as
   *  `hooksim simulate --compare` takes them ("argocdVersion=2.14"). Both timelines and results
   *  are shown with the differences marked. */
  compare?: string;
}
/** What `renderMarkdown` adds to the summary. */
export interface MarkdownOptions {
  /** The link to the playground that opens the input. */
  url?: string;
  /** A comparison to put first, as in `CompareOptions`. */
  compare?: string;
  before?: string;
}
/** What `renderCompare` compares and how it draws it. */
export interface CompareOptions {
  /** The variant: `KEY=VALUE` settings joined by commas ("argocdVersion=2.14"). */
  compare?: string;
  /** An earlier text of the input: compared with it instead of a variant ("before your last edit"). */
  before?: string;
  /** "html" (the default: both timelines and results), "svg" (both timelines) or "markdown". */
  format?: "html" | "svg" | "markdown";
}
/** What a playground link shows besides the input (all optional). */
export interface View {
  /** The player's position, in simulated seconds. */
  t?: number;
  /** The timeline's zoom, in percent. */
  zoom?: number;
  /** The playground's left tab: "scenario" for the scenario panel (absent: the YAML). */
  panel?: string;
  /** A comparison with the input changed by `KEY=VALUE` settings ("argocdVersion=2.14"). */
  compare?: string;
  /** A comparison with this earlier text (side A; the input is side B). */
  before?: string;
}

/** The playground's view of an input with an Application tree (`playgroundTree(input)`). */
export interface PlaygroundTree {
  /** The summary, the timeline (hover texts as SVG titles), the legend, the rules and the result. */
  html: string;
  /** The report's diagnostics, as `simulate` gives them. */
  diagnostics: Diagnostic[];
}

/** A lesson read for a page (`lesson(text)`): texts as HTML, rule ids linked (class hs-rule). */
export interface LessonView {
  id: string;
  title: string;
  textHtml: string;
  steps: LessonStep[];
}

/** A step: "predict" (choices, or a number `answer`) or "do" (a goal for the playground). */
export interface LessonStep {
  kind: "predict" | "do";
  input: string;
  /** The question, or the goal. */
  question: string;
  choices: { text: string; right: boolean; explainHtml: string }[];
  answer: number | null;
  explainHtml: string;
  wrongHtml: string;
  hintHtml: string;
  /** A goal's reference solution (the full input), empty for a predict step. */
  solution: string;
}

/** A playground URL hash, read: `#v1/…`, the legacy `#yaml/…`, `#example/<id>`, each optionally
 *  behind `#embed/`. Exactly one of `input`, `example` and `error` is set, unless the hash
 *  was just `#embed`. */
export interface HashState {
  embed: boolean;
  input?: string;
  view?: View;
  example?: string;
  error?: string;
}
"#;

/// Plain objects for maps, `null` for `None`, as the JSON report has them.
const SERIALIZER: Serializer = Serializer::new().serialize_missing_as_null(true).serialize_maps_as_objects(true);

/// A gallery entry as `examples()` gives it (hooksim_session::gallery, `web/examples/*.yaml`).
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub text: &'static str,
}

/// The gallery, in file-name order (natively usable too).
pub fn gallery() -> &'static [hooksim_session::gallery::Example] {
    hooksim_session::gallery::all()
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Installs the panic hook once (on the first call of any function rather than with
/// `#[wasm_bindgen(start)]`, which would export a `start` function to JS).
fn init() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // With panic = "abort" a panic traps; say why first.
        std::panic::set_hook(Box::new(|info| {
            console_error(&format!("hooksim: internal error (please report it with the input): {info}"));
        }));
    });
}

/// Turns any error into a JS `Error` with its message: the one way errors cross the boundary.
pub(crate) fn into_error<E: std::fmt::Display>(err: E) -> js_sys::Error {
    js_sys::Error::new(&err.to_string())
}

fn type_name(v: &JsValue) -> String {
    if v.is_null() {
        "null".to_string()
    } else if v.is_array() {
        "an array".to_string()
    } else {
        v.js_typeof().as_string().unwrap_or_else(|| "unknown".to_string())
    }
}

fn text_arg(v: &JsValue, what: &str) -> Result<String, js_sys::Error> {
    init();
    let s = v.as_string().ok_or_else(|| into_error(format!("{what} must be a string (YAML), not {}", type_name(v))))?;
    if s.len() > MAX_INPUT_BYTES {
        return Err(into_error(format!("{what} is {} bytes; hooksim takes at most {MAX_INPUT_BYTES} bytes", s.len())));
    }
    Ok(s)
}

fn optional_text_arg(v: &JsValue, what: &str) -> Result<Option<String>, js_sys::Error> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        text_arg(v, what).map(Some)
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, js_sys::Error> {
    value.serialize(&SERIALIZER).map_err(into_error)
}

/// Whether the page armed the crash-test seam (`hooksim_session::CRASH_TEST_FLAG`): only the
/// browser tests do; a link cannot.
fn crash_test_armed() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        let key = wasm_bindgen::JsValue::from_str(hooksim_session::CRASH_TEST_FLAG);
        js_sys::Reflect::get(&js_sys::global(), &key).ok().and_then(|v| v.as_bool()) == Some(true)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        false
    }
}

fn run(input: &JsValue, scenario: &JsValue) -> Result<Report, js_sys::Error> {
    let input = text_arg(input, "input")?;
    let scenario = optional_text_arg(scenario, "scenario")?;
    hooksim_session::crash_test(&input, crash_test_armed());
    Ok(hooksim_engine::simulate(&input, &Options { scenario, ..Options::default() }))
}

/// Simulates a YAML stream (manifests, optionally with a `kind: Scenario` document) and returns
/// the report. `scenario`, when given, replaces the embedded scenario.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn simulate(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] scenario: JsValue,
) -> Result<JsValue, js_sys::Error> {
    to_js(&run(&input, &scenario)?)
}

/// The diagnostics of the input, without simulating (sorted by position).
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn lint(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] scenario: JsValue,
) -> Result<JsValue, js_sys::Error> {
    let input = text_arg(&input, "input")?;
    let scenario = optional_text_arg(&scenario, "scenario")?;
    to_js(&hooksim_engine::lint(&input, &Options { scenario, ..Options::default() }))
}

/// The example gallery: id, title, description and the YAML text of each.
#[wasm_bindgen(unchecked_return_type = "Example[]")]
pub fn examples() -> Result<JsValue, js_sys::Error> {
    init();
    let list: Vec<Example> = gallery()
        .iter()
        .map(|e| Example { id: e.id, title: e.title, description: e.description, text: e.text })
        .collect();
    to_js(&list)
}

/// The gallery in its sections, with each example's title and outcome (no texts): what the
/// playground's gallery shows. `make gallery` writes it as `gallery.json` next to the page, so
/// that the playground's wasm carries no table of titles (docs/playground.md, "Size").
#[wasm_bindgen(js_name = gallery, unchecked_return_type = "GalleryIndex")]
pub fn gallery_index() -> Result<JsValue, js_sys::Error> {
    init();
    #[derive(Serialize)]
    struct Entry {
        id: &'static str,
        title: &'static str,
        phase: &'static str,
    }
    #[derive(Serialize)]
    struct Section {
        name: &'static str,
        examples: Vec<Entry>,
    }
    #[derive(Serialize)]
    struct Index {
        sections: Vec<Section>,
    }
    let sections = hooksim_session::gallery::sections()
        .into_iter()
        .map(|(name, list)| Section {
            name,
            examples: list.into_iter().map(|e| Entry { id: e.id, title: e.title, phase: e.phase }).collect(),
        })
        .collect();
    to_js(&Index { sections })
}

/// The engine's version.
#[wasm_bindgen]
pub fn version() -> String {
    hooksim_engine::VERSION.to_string()
}

/// The options of `renderEmbed`, read field by field (no serde: clearer errors, and a smaller
/// binary without serde's float formatting).
#[derive(Debug, Default)]
struct EmbedOptions {
    title: Option<String>,
    scenario: Option<String>,
    show_source: bool,
    compare: Option<String>,
}

impl EmbedOptions {
    fn read(options: &JsValue) -> Result<EmbedOptions, js_sys::Error> {
        if options.is_undefined() || options.is_null() {
            return Ok(EmbedOptions::default());
        }
        if !options.is_object() || options.is_array() {
            return Err(into_error(format!("renderEmbed options must be an object, not {}", type_name(options))));
        }
        let field = |name: &str| js_sys::Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        let text = |name: &str| -> Result<Option<String>, js_sys::Error> {
            let v = field(name);
            if v.is_undefined() || v.is_null() {
                Ok(None)
            } else {
                v.as_string().map(Some).ok_or_else(|| {
                    into_error(format!("renderEmbed options.{name} must be a string, not {}", type_name(&v)))
                })
            }
        };
        let show = field("showSource");
        let show_source = if show.is_undefined() || show.is_null() {
            false
        } else {
            show.as_bool().ok_or_else(|| {
                into_error(format!("renderEmbed options.showSource must be a boolean, not {}", type_name(&show)))
            })?
        };
        Ok(EmbedOptions { title: text("title")?, scenario: text("scenario")?, show_source, compare: text("compare")? })
    }
}

/// Simulates the input and renders the embed: an HTML `<figure>` with the timeline (SVG) and the
/// result, every text from the input escaped. Its `<span class="hs-actions">` is left empty for
/// the host's links. Style it with `embedCss()`.
#[wasm_bindgen(js_name = renderEmbed)]
pub fn render_embed(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EmbedOptions")] options: JsValue,
) -> Result<String, js_sys::Error> {
    let input = text_arg(&input, "input")?;
    hooksim_session::crash_test(&input, crash_test_armed());
    let opts = EmbedOptions::read(&options)?;
    if let Some(s) = &opts.scenario {
        if s.len() > MAX_INPUT_BYTES {
            return Err(into_error(format!(
                "scenario is {} bytes; hooksim takes at most {MAX_INPUT_BYTES} bytes",
                s.len()
            )));
        }
    }
    if let Some(variant) = &opts.compare {
        return Ok(hooksim_session::compare_embed(
            &input,
            opts.scenario.as_deref(),
            variant,
            opts.title,
            opts.show_source,
        ));
    }
    Ok(hooksim_session::embed_input(&input, opts.scenario.as_deref(), opts.title, opts.show_source))
}

/// The report as the CLI's plain-text timeline (for "copy as text").
#[wasm_bindgen(js_name = renderText)]
pub fn render_text(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] scenario: JsValue,
) -> Result<String, js_sys::Error> {
    Ok(hooksim_engine::text::render(&run(&input, &scenario)?))
}

/// Reads the optional text fields of an options object (absent, null or undefined options have
/// none); options that are not an object are refused, naming `function`.
fn options_reader<'a>(
    options: &'a JsValue,
    function: &str,
) -> Result<impl Fn(&str) -> Result<Option<String>, js_sys::Error> + 'a, js_sys::Error> {
    let given = !options.is_undefined() && !options.is_null();
    if given && (!options.is_object() || options.is_array()) {
        return Err(into_error(format!("{function} options must be an object, not {}", type_name(options))));
    }
    Ok(move |name: &str| {
        if !given {
            return Ok(None);
        }
        let v = js_sys::Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        optional_text_arg(&v, &format!("options.{name}"))
    })
}

/// The report as JSON text, exactly as `hooksim simulate --format json` prints it (the
/// playground's "JSON" download).
#[wasm_bindgen(js_name = renderJson)]
pub fn render_json(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] scenario: JsValue,
) -> Result<String, js_sys::Error> {
    Ok(run(&input, &scenario)?.to_json())
}

/// The playground's "Copy as Markdown" of `input`: the summary of `hooksim simulate --format
/// markdown` with the link `options.url`, the input folded under it and, with `options.compare`
/// or `options.before` (as in `renderCompare`), both sides of the comparison first.
#[wasm_bindgen(js_name = renderMarkdown)]
pub fn render_markdown(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MarkdownOptions")] options: JsValue,
) -> Result<String, js_sys::Error> {
    let input = text_arg(&input, "input")?;
    hooksim_session::crash_test(&input, crash_test_armed());
    let text = options_reader(&options, "renderMarkdown")?;
    let (url, compare, before) = (text("url")?, text("compare")?, text("before")?);
    Ok(hooksim_session::compare_view::page_markdown(
        &input,
        url.as_deref().unwrap_or(""),
        compare.as_deref(),
        before.as_deref(),
    ))
}

/// The input compared with a variant of itself or with an earlier text, drawn as HTML, SVG or
/// Markdown (`CompareOptions`); an empty string when the options name nothing to compare. Throws
/// when the variant cannot be read. The playground's comparison is this function.
#[wasm_bindgen(js_name = renderCompare)]
pub fn render_compare(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CompareOptions")] options: JsValue,
) -> Result<String, js_sys::Error> {
    use hooksim_session::compare_view::{self, Format};
    let input = text_arg(&input, "input")?;
    hooksim_session::crash_test(&input, crash_test_armed());
    let text = options_reader(&options, "renderCompare")?;
    let (compare, before) = (text("compare")?, text("before")?);
    let format = match text("format")? {
        None => Format::Html,
        Some(f) => Format::parse(&f)
            .ok_or_else(|| into_error(format!("options.format must be html, svg or markdown, not {f}")))?,
    };
    compare_view::render_compare(&input, compare.as_deref(), before.as_deref(), format).map_err(into_error)
}

/// The playground hash (`#v1/…`: deflate and base64url of `{input, view}`) that opens `input`,
/// with the optional view (`{t, zoom, panel}`).
#[wasm_bindgen(js_name = shareHash)]
pub fn share_hash(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "View")] view: JsValue,
) -> Result<String, js_sys::Error> {
    let input = text_arg(&input, "input")?;
    let view = read_view(&view)?;
    Ok(hooksim_session::share::to_hash(&hooksim_session::share::State { input, view }))
}

fn read_view(v: &JsValue) -> Result<hooksim_session::share::View, js_sys::Error> {
    let mut view = hooksim_session::share::View::default();
    if v.is_undefined() || v.is_null() {
        return Ok(view);
    }
    if !v.is_object() || v.is_array() {
        return Err(into_error(format!("view must be an object, not {}", type_name(v))));
    }
    let field = |name: &str| js_sys::Reflect::get(v, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let number = |name: &str| -> Result<Option<f64>, js_sys::Error> {
        let f = field(name);
        if f.is_undefined() || f.is_null() {
            return Ok(None);
        }
        f.as_f64()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| into_error(format!("view.{name} must be a number, not {}", type_name(&f))))
    };
    view.t = number("t")?.map(|x| x as i64);
    view.zoom = number("zoom")?.map(|x| x.max(0.0) as u32);
    view.panel = field("panel").as_string();
    view.compare = field("compare").as_string();
    view.before = field("before").as_string();
    Ok(view)
}

/// The hash of a playground URL, read (see `HashState`); `null` when it is none of the known
/// forms.
#[wasm_bindgen(js_name = readHash, unchecked_return_type = "HashState | null")]
pub fn read_hash(#[wasm_bindgen(unchecked_param_type = "string")] hash: JsValue) -> Result<JsValue, js_sys::Error> {
    use hooksim_session::share::{parse_hash, Target, View};
    #[derive(Serialize)]
    struct Out {
        embed: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        input: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        view: Option<View>,
        #[serde(skip_serializing_if = "Option::is_none")]
        example: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    }
    let hash = text_arg(&hash, "hash")?;
    let h = parse_hash(&hash);
    let mut out = Out { embed: h.embed, input: None, view: None, example: None, error: None };
    match h.target {
        Target::None if !h.embed => return Ok(JsValue::NULL),
        Target::None => {}
        Target::State(s) => {
            out.input = Some(s.input);
            out.view = Some(s.view);
        }
        Target::Example(id) => out.example = Some(id),
        Target::Invalid(e) => out.error = Some(e),
    }
    to_js(&out)
}

/// A lesson for a page (issue 13, docs/lessons.md): its texts as HTML (paragraphs, rule ids as
/// `a.hs-rule` links to `rules.html`), every step's input, question and answers.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LessonView {
    pub id: String,
    pub title: String,
    pub text_html: String,
    pub steps: Vec<LessonStep>,
}

/// One step of a [`LessonView`]: `kind` "predict" (with `choices`, or a number `answer`) or "do"
/// (a goal, reached in the playground).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LessonStep {
    pub kind: &'static str,
    pub input: String,
    /// The question, or the goal.
    pub question: String,
    pub choices: Vec<LessonChoice>,
    pub answer: Option<i64>,
    /// A number question: why the answer is right, and what any other number is told.
    pub explain_html: String,
    pub wrong_html: String,
    /// A goal's hint.
    pub hint_html: String,
    /// A goal's reference solution: the full input that reaches it (empty for a predict step).
    pub solution: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LessonChoice {
    pub text: String,
    pub right: bool,
    pub explain_html: String,
}

fn rich(text: &str) -> String {
    let mut s = String::new();
    hooksim_render::rules::rich_html(&mut s, text, "hs-rule");
    s
}

/// Reads a lesson file into a [`LessonView`] (natively usable too).
pub fn lesson_view(text: &str) -> Result<LessonView, String> {
    use hooksim_engine::lesson::StepKind;
    let l = hooksim_engine::lesson::parse(text)?;
    let steps = l
        .steps
        .into_iter()
        .map(|st| {
            let mut v = LessonStep {
                kind: "predict",
                input: st.input,
                question: String::new(),
                choices: Vec::new(),
                answer: None,
                explain_html: String::new(),
                wrong_html: String::new(),
                hint_html: String::new(),
                solution: String::new(),
            };
            match st.kind {
                StepKind::Predict(p) => {
                    v.question = p.question;
                    v.answer = p.answer;
                    v.explain_html = rich(&p.explain);
                    v.wrong_html = rich(&p.wrong);
                    v.choices = p
                        .choices
                        .into_iter()
                        .map(|c| LessonChoice { text: c.text, right: c.right, explain_html: rich(&c.explain) })
                        .collect();
                }
                StepKind::Do(g) => {
                    v.kind = "do";
                    v.question = g.goal;
                    v.hint_html = rich(&g.hint);
                    v.solution = g.solution;
                }
            }
            v
        })
        .collect();
    Ok(LessonView { id: l.id, title: l.title, text_html: rich(&l.text), steps })
}

/// A lesson file (`lessons/NN-<id>.yaml`), read for a page: see `LessonView`. Throws the
/// file's problem when it does not read as a lesson.
#[wasm_bindgen(unchecked_return_type = "LessonView")]
pub fn lesson(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<JsValue, js_sys::Error> {
    to_js(&lesson_view(&text_arg(&text, "lesson")?).map_err(into_error)?)
}

/// Checks the goal of step `step` (1-based, a "do" step) of a lesson file on `input`: what is
/// missing, one line each (what happened, and the expectation it breaks); an empty list when
/// the goal is reached. The playground's lessons check the learner's edits with it.
pub fn lesson_check(text: &str, step: usize, input: &str) -> Result<Vec<String>, String> {
    use hooksim_engine::lesson::StepKind;
    let l = hooksim_engine::lesson::parse(text)?;
    let Some(st) = step.checked_sub(1).and_then(|i| l.steps.get(i)) else {
        return Err(format!("lesson {} has {} steps, not a step {step}", l.id, l.steps.len()));
    };
    let StepKind::Do(g) = &st.kind else {
        return Err(format!("step {step} of lesson {} is a prediction, not a goal", l.id));
    };
    let report = hooksim_engine::simulate(input, &Options::default());
    Ok(hooksim_engine::lesson::check(&report, &g.expect).err().unwrap_or_default())
}

/// See [`lesson_check`].
#[wasm_bindgen(js_name = lessonCheck)]
pub fn lesson_check_js(
    #[wasm_bindgen(unchecked_param_type = "string")] lesson: JsValue,
    step: u32,
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
) -> Result<Vec<String>, js_sys::Error> {
    let text = text_arg(&lesson, "lesson")?;
    let input = text_arg(&input, "input")?;
    lesson_check(&text, step as usize, &input).map_err(into_error)
}

/// The playground's view of an input with an Application tree (child Applications or an
/// ApplicationSet): the playground's own wasm is built without those layers and shows this
/// instead of its own timeline (docs/decisions.md, "Application trees in the playground").
#[wasm_bindgen(js_name = playgroundTree, unchecked_return_type = "PlaygroundTree")]
pub fn playground_tree(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
) -> Result<JsValue, js_sys::Error> {
    #[derive(Serialize)]
    struct PlaygroundTree {
        html: String,
        diagnostics: Vec<hooksim_engine::Diagnostic>,
    }
    let input = text_arg(&input, "input")?;
    hooksim_session::crash_test(&input, crash_test_armed());
    let (html, report) = hooksim_session::tree_view::tree_view(&input);
    to_js(&PlaygroundTree { html, diagnostics: report.diagnostics })
}

/// The scenario panel of the playground for `input`: its controls as HTML (every text escaped),
/// each with `data-act` attributes that `panelEdit` reads.
#[wasm_bindgen(js_name = panelHtml)]
pub fn panel_html(#[wasm_bindgen(unchecked_param_type = "string")] input: JsValue) -> Result<String, js_sys::Error> {
    let input = text_arg(&input, "input")?;
    Ok(hooksim_session::panel::view::panel_html(&hooksim_session::panel::panel(&input)))
}

/// The input after a change of one control of `panelHtml`'s panel: `control` holds the control's
/// attributes (`{"data-act": "setting", "data-setting": "waveDelaySeconds", ...}`), `value` and
/// `checked` its state. Returns the input unchanged when the control makes no edit; throws why
/// the scenario cannot be changed.
#[wasm_bindgen(js_name = panelEdit)]
pub fn panel_edit(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] control: JsValue,
    value: &str,
    checked: bool,
) -> Result<String, js_sys::Error> {
    use hooksim_session::panel;
    let input = text_arg(&input, "input")?;
    if !control.is_object() || control.is_array() {
        return Err(into_error(format!("control must be an object, not {}", type_name(&control))));
    }
    let attr = |name: &str| js_sys::Reflect::get(&control, &JsValue::from_str(name)).ok().and_then(|v| v.as_string());
    let p = panel::panel(&input);
    match panel::view::edit_for(&p, &attr, value, checked) {
        Some(edit) => panel::apply(&input, &edit).map_err(into_error),
        None => Ok(input),
    }
}

/// The lesson file of `id` in the lessons' index (`lessons/index.txt`), or `undefined`.
#[wasm_bindgen(js_name = lessonFile)]
pub fn lesson_file(
    #[wasm_bindgen(unchecked_param_type = "string")] index: JsValue,
    id: &str,
) -> Result<Option<String>, js_sys::Error> {
    let index = text_arg(&index, "index")?;
    let files = hooksim_engine::lesson::index(&index);
    Ok(files.into_iter().find(|f| hooksim_engine::lesson::id_of_file(f) == id).map(str::to_string))
}

/// The stylesheet for `renderEmbed`'s HTML (classes `hs-*`, light and dark).
#[wasm_bindgen(js_name = embedCss)]
pub fn embed_css() -> String {
    hooksim_render::CSS.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every lesson reads for a page; texts are escaped and cite rules as links.
    #[test]
    fn lessons_read_for_a_page() {
        let index = std::fs::read_to_string("../../web/lessons/index.txt").unwrap();
        let files = hooksim_engine::lesson::index(&index);
        assert!(files.len() >= 12);
        for f in files {
            let l = lesson_view(&std::fs::read_to_string(format!("../../web/lessons/{f}")).unwrap()).unwrap();
            assert_eq!(l.id, hooksim_engine::lesson::id_of_file(f));
            assert!(l.text_html.starts_with("<p>") && !l.steps.is_empty(), "{f}");
        }
        let l = lesson_view(&std::fs::read_to_string("../../web/lessons/04-syncfail.yaml").unwrap()).unwrap();
        assert_eq!((l.steps[0].kind, l.steps[0].answer), ("predict", Some(46)));
        assert!(
            l.steps[0].wrong_html.contains(r#"<a class="hs-rule" href="rules.html#J5""#),
            "{}",
            l.steps[0].wrong_html
        );
        assert!(l.steps[1].choices.iter().filter(|c| c.right).count() == 1);
        assert_eq!(l.steps[2].kind, "do");
        assert!(lesson_view("id: x\n").is_err());
    }

    /// The gallery is embedded natively too: ids are unique and stable, every entry has a title.
    /// The SyncFail lesson's goal (step 3) is not reached by its starting input, and is by its
    /// solution; a prediction or a missing step is no goal.
    #[test]
    fn lesson_goals_are_checked_on_an_input() {
        let text = std::fs::read_to_string("../../web/lessons/04-syncfail.yaml").unwrap();
        let l = lesson_view(&text).unwrap();
        let step = &l.steps[2];
        assert_eq!(step.kind, "do");
        let missing = lesson_check(&text, 3, &step.input).unwrap();
        assert!(missing.iter().any(|m| m.contains("never applied")), "{missing:?}");
        assert_eq!(lesson_check(&text, 3, &step.solution), Ok(vec![]));
        assert!(lesson_check(&text, 1, &step.input).unwrap_err().contains("prediction"));
        assert!(lesson_check(&text, 9, &step.input).unwrap_err().contains("has 3 steps"));
    }

    #[test]
    fn gallery_entries() {
        let g = gallery();
        assert!(!g.is_empty());
        let mut ids: Vec<&str> = g.iter().map(|e| e.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), g.len(), "duplicate example ids");
        for e in g {
            assert!(e.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", e.id);
            assert!(!e.title.is_empty() && e.text.contains("kind: Scenario"), "{}", e.id);
        }
    }
}
