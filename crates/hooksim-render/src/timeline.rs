//! The SVG timeline: one time axis, three lanes.
//!
//! - **Argo CD**: the operations as bands coloured by their final phase, the (phase, wave) steps as
//!   bands with the blocking wave delays (R35) under them, and each operation's final message.
//! - **Job controller**: one row per Job or Pod that ran pods: each attempt is a bar coloured by
//!   its outcome, and the backoff between a failed attempt and the next is labelled ("10 s").
//!   A thin line shows how long the object itself exists.
//! - **Deletion**: one row per deleted object, from the delete request to the object being gone,
//!   with the reason (HookSucceeded, TTLAfterFinished, …).
//!
//! Every event is a mark whose `<title>` (the hover text) names the event and its rule; events of
//! one row at the same second share a mark. Long idle gaps (a TTL of 600 s) are compressed into an
//! axis break so that the interesting seconds keep their width.

use std::collections::BTreeMap;
use std::fmt::Write;

use hooksim_engine::compare::Change;
use hooksim_engine::health::HealthStatus;
use hooksim_engine::report::{Event, EventType, Report, Time};
use hooksim_engine::text::describe;

use crate::{escape, lower};

mod application;
mod children;
mod gates;
mod labels;
mod not_run;
mod rolling;

/// Width of the label column on the left.
const LABEL_W: f64 = 196.0;
/// The width the time area aims for.
const CHART_W: f64 = 600.0;
/// Room after the last second, for arrows of what is still going on.
const OPEN_W: f64 = 16.0;
const RIGHT_PAD: f64 = 28.0;
const AXIS_H: f64 = 26.0;
const LANE_H: f64 = 20.0;
const ROW_H: f64 = 26.0;
const MESSAGE_H: f64 = 18.0;
/// The room the final messages get, at least, right of the labels.
const MESSAGE_W: f64 = 520.0;
/// Average advance of an 11 px sans-serif character, to decide whether a label fits.
const CHAR_W: f64 = 6.3;
/// Idle gaps longer than this many seconds are compressed (drawn as an axis break).
const LINEAR_GAP: Time = 45;
/// Row labels are shortened to this many characters: 24 of the widest (`w`, `=`) still end before
/// the first second, so that no label covers a mark at 0 s.
const LABEL_CHARS: usize = 24;

/// Maps seconds to x: linear, except that long gaps between interesting times are compressed.
struct Scale {
    knots: Vec<(Time, f64)>,
    breaks: Vec<(Time, Time)>,
    /// Pixels per second where the axis is linear.
    px: f64,
}

impl Scale {
    #[cfg(test)]
    fn new(times: Vec<Time>) -> Scale {
        Scale::with_width(times, CHART_W)
    }

    /// A scale whose time area aims for `chart_w` pixels (zoomed timelines are wider).
    fn with_width(mut times: Vec<Time>, chart_w: f64) -> Scale {
        times.push(0);
        hooksim_engine::sort::sort(&mut times);
        times.dedup();
        if times.len() == 1 {
            times.push(times[0] + 5);
        }
        // Linear gaps share the chart width; a break gets a fixed width that grows slowly with
        // its length, whatever the scale of the rest.
        let mut linear = 0.0;
        let mut break_px = 0.0;
        for w in times.windows(2) {
            if w[1] - w[0] <= LINEAR_GAP {
                linear += (w[1] - w[0]) as f64;
            } else {
                break_px += Self::break_width(w[1] - w[0]);
            }
        }
        let zoom = chart_w / CHART_W;
        // max/min rather than f64::clamp: clamp's assertion would bring float formatting into wasm.
        let px = ((chart_w - break_px).max(chart_w / 3.0) / linear.max(1.0)).min(28.0 * zoom.max(1.0)).max(2.0);
        let mut breaks = Vec::new();
        let mut knots = vec![(times[0], LABEL_W)];
        for w in times.windows(2) {
            let d = w[1] - w[0];
            let dx = if d <= LINEAR_GAP {
                d as f64 * px
            } else {
                breaks.push((w[0], w[1]));
                Self::break_width(d)
            };
            let x = knots[knots.len() - 1].1 + dx;
            knots.push((w[1], x));
        }
        Scale { knots, breaks, px }
    }

    fn break_width(d: Time) -> f64 {
        64.0 + 8.0 * (d as f64 / LINEAR_GAP as f64).ln()
    }

    fn x(&self, t: Time) -> f64 {
        match self.knots.binary_search_by_key(&t, |k| k.0) {
            Ok(i) => self.knots[i].1,
            Err(0) => self.knots[0].1,
            Err(i) if i >= self.knots.len() => self.knots[self.knots.len() - 1].1,
            Err(i) => {
                let (t0, x0) = self.knots[i - 1];
                let (t1, x1) = self.knots[i];
                x0 + (x1 - x0) * (t - t0) as f64 / (t1 - t0) as f64
            }
        }
    }

    fn first(&self) -> Time {
        self.knots[0].0
    }

    fn last(&self) -> Time {
        self.knots[self.knots.len() - 1].0
    }

    /// The x of "still going on at the end".
    fn open_x(&self) -> f64 {
        self.x(self.last()) + OPEN_W
    }

    fn in_break(&self, t: Time) -> bool {
        self.breaks.iter().any(|&(a, b)| t > a && t < b)
    }
}

/// A number for SVG attributes: one decimal at most. Integer arithmetic only, so the wasm build
/// does not carry Rust's float formatting (about 15 KB).
fn n(v: f64) -> String {
    let tenths = tenths(v);
    let (sign, abs) = if tenths < 0 { ("-", -tenths) } else { ("", tenths) };
    if abs % 10 == 0 {
        format!("{sign}{}", abs / 10)
    } else {
        format!("{sign}{}.{}", abs / 10, abs % 10)
    }
}

fn fits(text: &str, width: f64) -> bool {
    text.chars().count() as f64 * CHAR_W + 6.0 <= width
}

/// What a mark says: success, failure, a deletion, a warning or plain information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tone {
    Info,
    Del,
    Ok,
    Warn,
    Fail,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Info => "hs-mark-info",
            Tone::Del => "hs-mark-del",
            Tone::Ok => "hs-mark-ok",
            Tone::Warn => "hs-mark-warn",
            Tone::Fail => "hs-mark-fail",
        }
    }
}

fn tone(e: &Event) -> Tone {
    let reason = e.reason.as_deref().unwrap_or("");
    match e.ty {
        EventType::ApplyFailed | EventType::PodFailed | EventType::JobFailed => Tone::Fail,
        EventType::HookCompleted | EventType::OperationCompleted => match reason {
            "Succeeded" => Tone::Ok,
            "Running" | "" => Tone::Info,
            _ => Tone::Fail,
        },
        EventType::PodSucceeded | EventType::JobComplete => Tone::Ok,
        EventType::HealthChanged => match e.health {
            Some(HealthStatus::Healthy) => Tone::Ok,
            Some(HealthStatus::Degraded) => Tone::Fail,
            Some(HealthStatus::Missing | HealthStatus::Unknown | HealthStatus::Suspended) => Tone::Warn,
            Some(HealthStatus::Progressing) | None => Tone::Info,
        },
        EventType::PodPending | EventType::PruneSkipped => Tone::Warn,
        EventType::DeleteRequested | EventType::Deleted | EventType::Pruned => Tone::Del,
        _ => Tone::Info,
    }
}

/// One line of hover text: time, event type, rule, object, and the event in words.
pub(crate) fn event_title(e: &Event) -> String {
    let mut s = format!("{} s  {}", e.t, e.ty.as_str());
    if let Some(r) = &e.rule {
        let _ = write!(s, " ({r})");
    }
    match (&e.kind, &e.name) {
        (Some(k), Some(name)) => {
            let _ = write!(s, "  {k}/{name}: ");
        }
        _ => s.push_str(": "),
    }
    s.push_str(&describe(e));
    s
}

/// A row of the chart; `body` is drawn in row coordinates (y from 0 to the row's height).
struct Row<'a> {
    label: String,
    tooltip: String,
    /// The rules the tooltip cites.
    rules: Vec<&'a str>,
    body: String,
    marks: BTreeMap<Time, Vec<&'a Event>>,
    height: f64,
    class: &'static str,
    /// Where the marks sit (row coordinates).
    mark_y: f64,
}

impl<'a> Row<'a> {
    fn new(label: &str, tooltip: &str, class: &'static str) -> Row<'a> {
        Row {
            label: label.to_string(),
            tooltip: tooltip.to_string(),
            rules: Vec::new(),
            body: String::new(),
            marks: BTreeMap::new(),
            height: ROW_H,
            class,
            mark_y: ROW_H / 2.0,
        }
    }
}

/// A band of a status row (an Application's sync status, a RollingSync status) from `x0` to
/// `x1`, labelled when the label fits, with its hover text and the rules it cites.
fn status_band(row: &mut Row, titles: &mut Titles, cls: &str, (x0, x1): (f64, f64), label: &str, tip: (&str, &[&str])) {
    let _ = write!(
        row.body,
        r#"<rect class="hs-op {cls}" x="{x}" y="6" width="{w}" height="14" rx="3"{title}</rect>"#,
        x = n(x0),
        w = n((x1 - x0).max(3.0)),
        title = titles.tip(None, tip.0, tip.1),
    );
    if fits(label, x1 - x0 - 5.0) {
        let _ = write!(
            row.body,
            r#"<text class="hs-band-label hs-op-label" x="{}" y="17">{}</text>"#,
            n(x0 + 8.0),
            escape(label)
        );
    }
}

/// The statuses that last: of several in one second, the last.
fn last_of_each_second<T>(items: &[T], t: impl Fn(&T) -> Time) -> Vec<&T> {
    let mut shown: Vec<&T> = Vec::new();
    for s in items {
        if shown.last().is_some_and(|l| t(l) == t(s)) {
            shown.pop();
        }
        shown.push(s);
    }
    shown
}

struct Lane<'a> {
    title: &'static str,
    rows: Vec<Row<'a>>,
    /// The width the lane's texts need (a long final message widens the picture).
    min_width: f64,
}

/// The object an event concerns: (kind, name).
fn key(e: &Event) -> (String, String) {
    let kind = e.kind.clone().unwrap_or_default();
    let name = e.name.clone().or_else(|| e.reference.clone()).unwrap_or_default();
    (kind, name)
}

/// Renders the report's timeline as an SVG element (a string, every text escaped).
pub fn timeline_svg(report: &Report) -> String {
    timeline_svg_zoomed(report, 100)
}

/// The timeline with its time axis stretched to `zoom` percent (texts keep their size): the
/// playground's zoom. 100 is [`timeline_svg`].
pub fn timeline_svg_zoomed(report: &Report, zoom: u32) -> String {
    timeline_svg_marked(report, zoom, &[])
}

/// [`timeline_svg_zoomed`] with the events of a comparison marked (hooksim_engine::compare):
/// `marked` holds (operation index, event index, how it changed); their marks get the class
/// `hs-changed hs-changed-<moved|onlya|onlyb>` and a first hover line that says so.
pub fn timeline_svg_marked(report: &Report, zoom: u32, marked: &[(usize, usize, Change)]) -> String {
    timeline_drawing(report, zoom, marked).svg
}

/// A drawn timeline: the SVG and what a page that shows it needs to know of it (its size, its
/// time scale), typed, so that no one reads them back out of the SVG's attributes (issue 15
/// item 4). Lengths are in tenths of a pixel, exactly as the SVG writes them (integers: the
/// playground's wasm carries no float parsing or formatting).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawing {
    /// The `<svg>` element.
    pub svg: String,
    /// The picture's width and height (the SVG's `width` and `height`).
    pub width: i64,
    pub height: i64,
    /// The time scale: (second, x) knots in time order, linear in between (what the SVG's
    /// `data-knots` says for other readers).
    pub knots: Vec<(Time, i64)>,
    /// The hover texts: the element with `data-title="i"` has `titles[i]`.
    pub titles: Vec<Title>,
}

impl Drawing {
    /// The x of second `t` on the time scale, in tenths of a pixel (a player's cursor); None when
    /// there is no scale.
    pub fn x_of(&self, t: Time) -> Option<i64> {
        let first = self.knots.first()?;
        if t <= first.0 {
            return Some(first.1);
        }
        for w in self.knots.windows(2) {
            let ((t0, x0), (t1, x1)) = (w[0], w[1]);
            if t <= t1 {
                return Some(if t1 > t0 { x0 + (x1 - x0) * (t - t0) / (t1 - t0) } else { x1 });
            }
        }
        self.knots.last().map(|p| p.1)
    }
}

/// What one element's hover text (its `<title>`) says, typed: the element carries
/// `data-title="<index>"`, its index in [`Drawing::titles`], so that a page explains it without
/// parsing the text (issue 15 item 4).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Title {
    /// The second the element stands for, as its `data-t` says (a mark, a wait); None for a bar
    /// or a label.
    pub t: Option<Time>,
    /// The hover text, line by line.
    pub lines: Vec<String>,
    /// The rule ids the text cites, in order, once each: a mark's events' `rule`, or the rule a
    /// row or bar names where its text is written.
    pub rules: Vec<String>,
}

/// The titles of a drawing, collected while its lanes are drawn.
#[derive(Default)]
struct Titles(Vec<Title>);

impl Titles {
    /// Records a hover text and returns the end of its element's start tag with the text as its
    /// `<title>`: ` data-title="i"><title>text</title>`.
    fn tip(&mut self, t: Option<Time>, text: &str, cites: &[&str]) -> String {
        let mut rules: Vec<String> = Vec::new();
        for &r in cites {
            if !rules.iter().any(|x| x == r) {
                rules.push(r.to_string());
            }
        }
        // The lines as the page shows the `<title>`: unsafe characters escaped (issue 16).
        let lines = hooksim_engine::text::escape_lines(text).lines().map(str::to_string).collect();
        self.0.push(Title { t, lines, rules });
        format!(r#" data-title="{}"><title>{}</title>"#, self.0.len() - 1, escape(text))
    }
}

/// A length in the tenths of a pixel the SVG writes (see [`n`]).
fn tenths(v: f64) -> i64 {
    (v * 10.0).round() as i64
}

/// The timeline of [`timeline_svg_marked`] with what a page needs of it: [`Drawing`].
pub fn timeline_drawing(report: &Report, zoom: u32, marked: &[(usize, usize, Change)]) -> Drawing {
    let changed: Vec<(*const Event, Change)> = marked
        .iter()
        .filter_map(|&(o, i, c)| Some((report.operations.get(o)?.events.get(i)? as *const Event, c)))
        .collect();
    let change_of = |e: &Event| changed.iter().find(|(p, _)| std::ptr::eq(*p, e)).map(|(_, c)| *c);
    let events: Vec<&Event> = report.operations.iter().flat_map(|op| op.events.iter()).collect();

    // Every time that matters becomes a knot of the scale.
    let mut times: Vec<Time> = events.iter().map(|e| e.t).collect();
    for op in &report.operations {
        times.push(op.started_at);
        if let Some(f) = op.finished_at {
            times.push(f);
        }
    }
    for e in &events {
        if let Some(d) = e.delay {
            times.push(e.t + d);
        }
    }
    times.extend(application::times(report));
    times.extend(children::times(report));
    times.extend(rolling::times(report));
    let scale = Scale::with_width(times, CHART_W * f64::from(zoom.clamp(10, 10_000)) / 100.0);

    let mut titles = Titles::default();
    let tt = &mut titles;
    let lanes = [
        argo_lane(report, &scale, tt),
        application::lane(report, &scale, tt),
        rolling::lane(report, &scale, tt),
        children::lane(report, &scale, tt),
        gates::health_lane(&events, &scale, tt),
        job_lane(&events, &scale, tt),
        deletion_lane(&events, &scale, tt),
        not_run::lane(report, tt),
    ];

    let lanes: Vec<&Lane> = lanes.iter().filter(|l| !l.rows.is_empty()).collect();
    let height: f64 =
        AXIS_H + lanes.iter().map(|l| LANE_H + l.rows.iter().map(|r| r.height).sum::<f64>()).sum::<f64>() + 8.0;
    let width = lanes.iter().map(|l| l.min_width).fold(scale.open_x() + RIGHT_PAD, f64::max);

    let mut s = String::new();
    let phases: Vec<&str> = report.operations.iter().map(|o| o.phase.as_str()).collect();
    let _ = write!(
        s,
        r#"<svg class="hs-svg" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" style="min-width:{min}px" role="img" aria-label="{aria}" data-knots="{knots}">"#,
        w = n(width),
        // The time scale, for a player's cursor: "t:x" pairs, linear in between.
        knots = scale.knots.iter().map(|&(t, x)| format!("{t}:{}", n(x))).collect::<Vec<_>>().join(" "),
        // On a narrow page the picture shrinks to 70 % at most, then scrolls sideways.
        min = n(width * 0.7),
        h = n(height),
        aria = escape(&format!(
            "Timeline of {} operation(s), final phase {}",
            report.operations.len(),
            phases.last().copied().unwrap_or("none")
        )),
    );
    axis(&mut s, &scale, height, &mut titles);

    // The lane titles and row labels go last, in one group over the chart with a background of
    // its own: a page that scrolls the picture sideways can keep them in view (`hs-pin`).
    let mut pin = String::new();
    let mut y = AXIS_H;
    // The row labels, each shortened so that the rows stay told apart.
    let all_labels: Vec<String> = lanes.iter().flat_map(|l| l.rows.iter().map(|r| r.label.clone())).collect();
    let mut short = labels::short_labels(&all_labels, LABEL_CHARS).into_iter();
    for lane in lanes {
        let _ = write!(
            s,
            r#"<g class="hs-lane"><rect class="hs-lane-head" x="0" y="{y}" width="{w}" height="{lh}"/></g>"#,
            y = n(y),
            w = n(width),
            lh = n(LANE_H),
        );
        let _ = write!(
            pin,
            r#"<rect class="hs-lane-head" x="0" y="{y}" width="{w}" height="{lh}"/><text class="hs-lane-title" x="8" y="{ty}">{t}</text>"#,
            y = n(y),
            w = n(LABEL_W - 4.0),
            lh = n(LANE_H),
            ty = n(y + 14.0),
            t = escape(lane.title),
        );
        y += LANE_H;
        for row in &lane.rows {
            let _ = write!(s, r#"<g class="hs-row {}" transform="translate(0 {})">"#, row.class, n(y));
            let _ = write!(
                pin,
                r#"<text class="hs-row-label" x="16" y="{}"{}{}</text>"#,
                n(y + row.height / 2.0 + 4.0),
                titles.tip(None, &row.tooltip, &row.rules),
                escape(&short.next().unwrap_or_default())
            );
            s.push_str(&row.body);
            for (&t, evs) in &row.marks {
                let tone = evs.iter().map(|e| tone(e)).max().unwrap_or(Tone::Info);
                let mut title: Vec<String> = evs.iter().map(|e| event_title(e)).collect();
                let change = evs.iter().find_map(|e| change_of(e));
                let changed = match change {
                    Some(c) => {
                        title.insert(0, crate::change::change_words(c).to_string());
                        format!(" hs-changed hs-changed-{}", crate::change::change_class(c))
                    }
                    None => String::new(),
                };
                let types: Vec<&str> = evs.iter().map(|e| e.ty.as_str()).collect();
                let rules: Vec<&str> = evs.iter().filter_map(|e| e.rule.as_deref()).collect();
                let _ = write!(
                    s,
                    r#"<circle class="hs-mark {}{changed}" cx="{}" cy="{}" r="4.5" data-t="{t}" data-events="{}"{}</circle>"#,
                    tone.class(),
                    n(scale.x(t)),
                    n(row.mark_y),
                    escape(&types.join(" ")),
                    titles.tip(Some(t), &title.join("\n"), &rules),
                );
            }
            s.push_str("</g>");
            y += row.height;
        }
    }
    let _ = write!(
        s,
        r#"<g class="hs-pin"><rect class="hs-pin-bg" x="0" y="{y0}" width="{w}" height="{h}"/>{pin}</g>"#,
        y0 = n(AXIS_H),
        w = n(LABEL_W - 4.0),
        h = n(y - AXIS_H),
    );
    s.push_str("</svg>");
    Drawing {
        svg: s,
        width: tenths(width),
        height: tenths(height),
        knots: scale.knots.iter().map(|&(t, x)| (t, tenths(x))).collect(),
        titles: titles.0,
    }
}

/// Ticks, tick labels, grid lines and the axis breaks.
fn axis(s: &mut String, scale: &Scale, height: f64, titles: &mut Titles) {
    let step = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 43200, 86400]
        .into_iter()
        .find(|&st| st as f64 * scale.px >= 46.0)
        .unwrap_or(86400);
    let mut ticks: Vec<Time> = Vec::new();
    let first = scale.first();
    let mut t = first - first.rem_euclid(step);
    while t <= scale.last() {
        if t >= first && !scale.in_break(t) {
            ticks.push(t);
        }
        t += step;
    }
    // The two ends of each break are worth a label of their own.
    for &(a, b) in &scale.breaks {
        ticks.push(a);
        ticks.push(b);
    }
    hooksim_engine::sort::sort(&mut ticks);
    ticks.dedup();

    s.push_str(r#"<g class="hs-axis">"#);
    for &(a, b) in &scale.breaks {
        let (xa, xb) = (scale.x(a), scale.x(b));
        let _ = write!(
            s,
            r#"<rect class="hs-break" x="{x}" y="{y}" width="{w}" height="{h}"{title}</rect>"#,
            x = n(xa + 6.0),
            y = n(AXIS_H - 6.0),
            w = n((xb - xa - 12.0).max(1.0)),
            h = n(height - AXIS_H),
            title = titles.tip(None, &format!("{} s of idle time, compressed ({a} s to {b} s)", b - a), &[]),
        );
        let mid = (xa + xb) / 2.0;
        let _ = write!(
            s,
            r#"<text class="hs-break-label" x="{}" y="{}" text-anchor="middle">≈ {} s</text>"#,
            n(mid),
            n(AXIS_H - 10.0),
            b - a
        );
    }
    let _ = write!(
        s,
        r#"<line class="hs-axis-line" x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#,
        n(LABEL_W),
        n(scale.open_x()),
        y = n(AXIS_H - 4.0)
    );
    let mut last_label = f64::NEG_INFINITY;
    let mut labelled_breaks: Vec<f64> = scale.breaks.iter().map(|&(a, b)| (scale.x(a) + scale.x(b)) / 2.0).collect();
    hooksim_engine::sort::sort_by(&mut labelled_breaks, f64::total_cmp);
    for t in ticks {
        let x = scale.x(t);
        let _ = write!(
            s,
            r#"<line class="hs-grid" x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#,
            n(AXIS_H - 4.0),
            n(height - 4.0),
            x = n(x)
        );
        let label = format!("{t} s");
        let half = label.len() as f64 * CHAR_W / 2.0;
        let clear_of_breaks = labelled_breaks.iter().all(|&m| (m - x).abs() > half + 24.0);
        if x - half - last_label >= 8.0 && clear_of_breaks {
            let _ = write!(
                s,
                r#"<text class="hs-tick" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                n(x),
                n(AXIS_H - 10.0),
                escape(&label)
            );
            last_label = x + half;
        }
    }
    s.push_str("</g>");
}

fn step_class(phase: &str) -> String {
    format!("hs-step hs-step-{}", lower(phase))
}

fn argo_lane<'a>(report: &'a Report, scale: &Scale, titles: &mut Titles) -> Lane<'a> {
    let mut lane = Lane { title: "Argo CD", rows: Vec::new(), min_width: 0.0 };
    if report.operations.is_empty() {
        return lane;
    }
    let mut ops = Row::new("operation", "Argo CD's sync or delete operations, coloured by final phase", "hs-row-ops");
    let delay_rule = "R35";
    let mut steps = Row::new(
        "phases and waves",
        &format!(
            "the (phase, wave) steps Argo CD runs; a grey bar under a step is the blocking wave delay ({delay_rule})"
        ),
        "hs-row-steps",
    );
    steps.rules.push(delay_rule);
    // Marks go under the step bands, so that they do not cover the bands' labels.
    steps.height = 34.0;
    steps.mark_y = 28.0;
    let mut messages: Vec<Row> = Vec::new();
    let open = scale.open_x();
    // Health changes of the objects with a health row are marked there.
    let all: Vec<&Event> = report.operations.iter().flat_map(|op| op.events.iter()).collect();
    let health_rows = gates::health_keys(&all);

    for (i, op) in report.operations.iter().enumerate() {
        let x0 = scale.x(op.started_at);
        // Who started it, when not a user (issue 11 item 8): "automated sync 2", "self-heal sync 3".
        let by = if op.trigger.is_manual() { String::new() } else { format!("{} ", op.trigger.as_str()) };
        let label = format!("{by}{} {}: {}", op.kind.as_str(), i + 1, op.phase);
        let finished = match op.finished_at {
            Some(f) => format!("{} s to {f} s", op.started_at),
            None => format!("from {} s, still running at the horizon", op.started_at),
        };
        let title = format!("{by}{} operation {}: {} ({finished}): {}", op.kind.as_str(), i + 1, op.phase, op.message);
        op_band(&mut ops.body, op, scale, &label, &title, titles);

        // Steps: each lasts until the next step starts or the operation ends.
        let end_of_op = op.finished_at.map(|f| scale.x(f)).unwrap_or(open);
        let mut current: Option<(&Event, f64)> = None;
        let close = |body: &mut String, titles: &mut Titles, start: &Event, x0: f64, x1: f64| {
            let phase = start.phase.as_deref().unwrap_or("");
            let label = match start.wave {
                Some(w) => format!("{phase} {w}"),
                None => phase.to_string(),
            };
            let _ = write!(
                body,
                r#"<rect class="{cls}" x="{x}" y="3" width="{w}" height="14" rx="2"{title}</rect>"#,
                cls = step_class(phase),
                x = n(x0),
                w = n((x1 - x0).max(2.0)),
                title = titles.tip(None, &event_title(start), start.rule.as_deref().as_slice()),
            );
            if fits(&label, x1 - x0 - 2.0) {
                let _ =
                    write!(body, r#"<text class="hs-band-label" x="{}" y="14">{}</text>"#, n(x0 + 4.0), escape(&label));
            }
        };
        for e in &op.events {
            match e.ty {
                EventType::StepStarted => {
                    let x = scale.x(e.t);
                    if let Some((start, sx)) = current.take() {
                        close(&mut steps.body, titles, start, sx, x);
                    }
                    current = Some((e, x));
                }
                EventType::OperationCompleted => {
                    if let Some((start, sx)) = current.take() {
                        close(&mut steps.body, titles, start, sx, scale.x(e.t));
                    }
                }
                EventType::WaveDelay => {
                    if let Some(d) = e.delay {
                        let (a, b) = (scale.x(e.t), scale.x(e.t + d));
                        let _ = write!(
                            steps.body,
                            r#"<rect class="hs-delay" x="{}" y="18" width="{}" height="4"{}</rect>"#,
                            n(a),
                            n((b - a).max(2.0)),
                            titles.tip(None, &event_title(e), e.rule.as_deref().as_slice())
                        );
                    }
                }
                _ => {}
            }
            match e.ty {
                EventType::OperationStarted | EventType::OperationCompleted | EventType::RetryScheduled => {
                    ops.marks.entry(e.t).or_default().push(e)
                }
                EventType::StepStarted
                | EventType::WaveDelay
                | EventType::Applied
                | EventType::ApplyFailed
                | EventType::Pruned
                | EventType::PruneSkipped
                | EventType::HookCompleted => steps.marks.entry(e.t).or_default().push(e),
                EventType::HealthChanged if !health_rows.contains(&key(e)) => {
                    steps.marks.entry(e.t).or_default().push(e)
                }
                _ => {}
            }
        }
        if let Some((start, sx)) = current.take() {
            close(&mut steps.body, titles, start, sx, end_of_op);
        }

        // The final message, where the operation starts (moved left if it would not fit).
        let first_line = op.message.lines().next().unwrap_or("");
        let text = match op.finished_at {
            Some(f) => format!("{} {}: {} at {f} s: {first_line}", op.kind.as_str(), i + 1, op.phase),
            None => format!("{} {}: Running at the horizon: {first_line}", op.kind.as_str(), i + 1),
        };
        // The picture is at least MESSAGE_W wide for the message; a longer one is shortened
        // (the whole message is its hover text, and the result below repeats it).
        // Bold 11.5 px characters are wider than the labels' 11 px ones.
        let char_w = CHAR_W * 1.12;
        let right = (open + RIGHT_PAD).max(LABEL_W + MESSAGE_W) - 6.0;
        let max_chars = ((right - LABEL_W) / char_w) as usize;
        let text = if text.chars().count() > max_chars {
            let mut t: String = text.chars().take(max_chars.saturating_sub(1)).collect();
            t.push('…');
            t
        } else {
            text
        };
        let est = text.chars().count() as f64 * char_w;
        let x = if x0 + est <= right { x0 } else { (right - est).max(LABEL_W) };
        lane.min_width = lane.min_width.max(LABEL_W + MESSAGE_W);
        let label =
            if report.operations.len() == 1 { "final message".to_string() } else { format!("final message {}", i + 1) };
        let mut row = Row::new(&label, &op.message, "hs-row-message");
        row.height = MESSAGE_H;
        let _ = write!(
            row.body,
            r#"<text class="hs-final hs-final-{cls}" x="{x}" y="13"{title}{text}</text>"#,
            cls = lower(&op.phase),
            x = n(x),
            title = titles.tip(None, &op.message, &[]),
            text = escape(&text),
        );
        messages.push(row);
    }
    lane.rows.push(ops);
    lane.rows.push(steps);
    lane.rows.extend(gates::waits_row(report, scale, titles));
    lane.rows.extend(messages);
    lane
}

/// An operation as a band coloured by its final phase, with its retry waits and its label (up to
/// the first retry wait, which carries its own).
fn op_band(
    body: &mut String,
    op: &hooksim_engine::report::OperationReport,
    scale: &Scale,
    label: &str,
    title: &str,
    titles: &mut Titles,
) {
    let open = scale.open_x();
    let x0 = scale.x(op.started_at);
    let x1 = op.finished_at.map(|f| scale.x(f)).unwrap_or(open);
    let _ = write!(
        body,
        r#"<rect class="hs-op hs-op-{cls}" x="{x}" y="6" width="{w}" height="14" rx="3"{title}</rect>"#,
        cls = lower(&op.phase),
        x = n(x0),
        w = n((x1 - x0).max(3.0)),
        title = titles.tip(None, title, &[]),
    );
    if op.finished_at.is_none() {
        arrow(body, open, 13.0);
    }
    gates::retry_waits(op, body, scale, titles);
    let room = op.retries.first().map_or(x1, |w| scale.x(w.failed_at)) - x0;
    if fits(label, room - 5.0) {
        let _ = write!(
            body,
            r#"<text class="hs-band-label hs-op-label" x="{}" y="17">{}</text>"#,
            n(x0 + 8.0),
            escape(label)
        );
    }
}

fn arrow(body: &mut String, x: f64, y: f64) {
    let _ = write!(body, r#"<path class="hs-arrow" d="M{} {} l6 {} l-6 {} z"/>"#, n(x), n(y - 4.0), n(4.0), n(4.0));
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Running,
    Pending,
    Succeeded,
    Failed,
    Killed,
}

struct Attempt<'a> {
    n: u32,
    created: &'a Event,
    end: Option<&'a Event>,
    outcome: Outcome,
}

fn job_lane<'a>(events: &[&'a Event], scale: &Scale, titles: &mut Titles) -> Lane<'a> {
    let is_pod_event = |e: &Event| {
        matches!(
            e.ty,
            EventType::PodCreated
                | EventType::PodPending
                | EventType::PodStarted
                | EventType::PodSucceeded
                | EventType::PodFailed
                | EventType::JobComplete
                | EventType::JobFailed
        )
    };
    let mut order: Vec<(String, String)> = Vec::new();
    for e in events.iter().filter(|e| is_pod_event(e)) {
        let k = key(e);
        if !order.contains(&k) {
            order.push(k);
        }
    }
    let mut lane = Lane { title: "Job controller", rows: Vec::new(), min_width: 0.0 };
    for k in order {
        let mine: Vec<&Event> = events.iter().copied().filter(|e| key(e) == k).collect();
        let label = format!("{}/{}", k.0, k.1);
        let mut row = Row::new(&label, &label, "hs-row-job");
        let open = scale.open_x();

        // The object's lifetime, from created to gone.
        let mut lives: Vec<(Time, Option<Time>)> = Vec::new();
        for e in &mine {
            match e.ty {
                EventType::Applied if lives.last().is_none_or(|l| l.1.is_some()) => lives.push((e.t, None)),
                EventType::Deleted => {
                    if let Some(l) = lives.last_mut().filter(|l| l.1.is_none()) {
                        l.1 = Some(e.t);
                    } else if lives.is_empty() {
                        lives.push((mine[0].t, Some(e.t)));
                    }
                }
                _ => {}
            }
        }
        if lives.is_empty() {
            lives.push((mine[0].t, None));
        }
        for &(a, b) in &lives {
            let (xa, xb) = (scale.x(a), b.map(|b| scale.x(b)).unwrap_or(open));
            let title = match b {
                Some(b) => format!("{label} exists from {a} s to {b} s"),
                None => format!("{label} exists from {a} s and is still in the cluster at the end"),
            };
            let _ = write!(
                row.body,
                r#"<line class="hs-life" x1="{}" y1="13" x2="{}" y2="13"{}</line>"#,
                n(xa),
                n(xb),
                titles.tip(None, &title, &[])
            );
            if b.is_none() {
                arrow(&mut row.body, xb, 13.0);
            }
        }
        let gone_after = |t: Time| -> Option<Time> { lives.iter().find(|l| l.0 <= t).and_then(|l| l.1) };

        // Pod attempts.
        let mut attempts: Vec<Attempt> = Vec::new();
        for e in &mine {
            let a = e.attempt.unwrap_or(0);
            match e.ty {
                EventType::PodCreated => {
                    attempts.push(Attempt { n: a, created: e, end: None, outcome: Outcome::Running })
                }
                // J37: the Job controller could not create a pod: no attempt to draw.
                EventType::PodPending if e.attempt.is_none() => {}
                // J36, J38: a pod that waited starts its container.
                EventType::PodStarted => {
                    if let Some(x) = attempts.iter_mut().rev().find(|x| x.n == a && x.end.is_none()) {
                        x.outcome = Outcome::Running;
                    }
                }
                EventType::PodPending => match attempts.iter_mut().rev().find(|x| x.n == a && x.end.is_none()) {
                    Some(x) => x.outcome = Outcome::Pending,
                    None => attempts.push(Attempt { n: a, created: e, end: None, outcome: Outcome::Pending }),
                },
                EventType::PodSucceeded | EventType::PodFailed => {
                    let outcome = match (e.ty, e.reason.as_deref()) {
                        (EventType::PodSucceeded, _) => Outcome::Succeeded,
                        (_, Some("OOMKilled" | "DeadlineExceeded" | "Evicted")) => Outcome::Killed,
                        _ => Outcome::Failed,
                    };
                    match attempts.iter_mut().rev().find(|x| x.n == a && x.end.is_none()) {
                        Some(x) => {
                            x.end = Some(e);
                            x.outcome = outcome;
                        }
                        None => attempts.push(Attempt { n: a, created: e, end: Some(e), outcome }),
                    }
                }
                _ => {}
            }
        }
        for (i, at) in attempts.iter().enumerate() {
            let start = at.created.t;
            let (x0, x1, until) = match at.end {
                Some(e) => (scale.x(start), scale.x(e.t), format!("{} s", e.t)),
                None => match gone_after(start) {
                    Some(g) => (scale.x(start), scale.x(g), format!("{g} s (deleted)")),
                    None => (scale.x(start), open, "the end".to_string()),
                },
            };
            let (cls, what) = match at.outcome {
                Outcome::Running => ("hs-pod-run", "still running".to_string()),
                Outcome::Pending => ("hs-pod-pending", "never started".to_string()),
                Outcome::Succeeded => ("hs-pod-ok", "succeeded, exit 0".to_string()),
                Outcome::Failed | Outcome::Killed => {
                    let e = at.end.unwrap_or(at.created);
                    let mut w = "failed".to_string();
                    if let Some(c) = e.exit_code {
                        let _ = write!(w, ", exit {c}");
                    }
                    if let Some(r) = &e.reason {
                        let _ = write!(w, " ({r})");
                    }
                    (if at.outcome == Outcome::Killed { "hs-pod-killed" } else { "hs-pod-fail" }, w)
                }
            };
            let _ = write!(
                row.body,
                r#"<rect class="hs-pod {cls}" x="{x}" y="8" width="{w}" height="10" rx="2" data-attempt="{a}"{title}</rect>"#,
                x = n(x0),
                w = n((x1 - x0).max(3.0)),
                a = at.n,
                title = titles.tip(None, &format!("attempt {}: {start} s to {until}: {what}", at.n), &[]),
            );
            // The backoff before the next attempt, when this one failed.
            if let (Some(end), Some(next)) = (at.end, attempts.get(i + 1)) {
                let gap = next.created.t - end.t;
                // A pod backoff only within one Job: a new Job (after an operation retry, R64)
                // starts its attempts at 1 again.
                if matches!(at.outcome, Outcome::Failed | Outcome::Killed) && gap > 0 && next.n > at.n {
                    let (ga, gb) = (scale.x(end.t), scale.x(next.created.t));
                    let rule = next.created.rule.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
                    let text = format!("{gap} s backoff before attempt {}{rule}", next.n);
                    let _ = write!(
                        row.body,
                        r#"<line class="hs-gap" x1="{}" y1="13" x2="{}" y2="13"{}</line>"#,
                        n(ga),
                        n(gb),
                        titles.tip(None, &text, next.created.rule.as_deref().as_slice())
                    );
                    let text = format!("{gap} s");
                    if fits(&text, gb - ga) {
                        let _ = write!(
                            row.body,
                            r#"<text class="hs-gap-label" x="{}" y="7" text-anchor="middle">{}</text>"#,
                            n((ga + gb) / 2.0),
                            escape(&text)
                        );
                    }
                }
            }
        }
        for e in mine.iter().filter(|e| is_pod_event(e)) {
            row.marks.entry(e.t).or_default().push(e);
        }
        lane.rows.push(row);
    }
    lane
}

fn deletion_lane<'a>(events: &[&'a Event], scale: &Scale, titles: &mut Titles) -> Lane<'a> {
    let is_del = |e: &Event| matches!(e.ty, EventType::DeleteRequested | EventType::Deleted);
    let mut order: Vec<(String, String)> = Vec::new();
    for e in events.iter().filter(|e| is_del(e)) {
        let k = key(e);
        if !order.contains(&k) {
            order.push(k);
        }
    }
    let mut lane = Lane { title: "Deletion", rows: Vec::new(), min_width: 0.0 };
    let open = scale.open_x();
    for k in order {
        let mine: Vec<&Event> = events.iter().copied().filter(|e| is_del(e) && key(e) == k).collect();
        let label = format!("{}/{}", k.0, k.1);
        let mut row = Row::new(&label, &label, "hs-row-delete");
        // Pair each request with the object being gone.
        let mut spans: Vec<(&Event, Option<&Event>)> = Vec::new();
        for e in &mine {
            match e.ty {
                EventType::DeleteRequested => spans.push((e, None)),
                _ => match spans.iter_mut().rev().find(|s| s.1.is_none()) {
                    Some(s) => s.1 = Some(e),
                    None => spans.push((e, Some(e))),
                },
            }
        }
        for (i, (req, gone)) in spans.iter().enumerate() {
            let reason = req.reason.as_deref().or(gone.and_then(|g| g.reason.as_deref())).unwrap_or("");
            let x0 = scale.x(req.t);
            let (x1, cls, title) = match gone {
                Some(g) => {
                    (scale.x(g.t), "hs-del", format!("delete requested at {} s ({reason}), gone at {} s", req.t, g.t))
                }
                None => (
                    open,
                    "hs-del hs-del-held",
                    format!("delete requested at {} s ({reason}), still there at the end", req.t),
                ),
            };
            let _ = write!(
                row.body,
                r#"<rect class="{cls}" x="{}" y="10" width="{}" height="6" rx="2"{}</rect>"#,
                n(x0),
                n((x1 - x0).max(2.0)),
                titles.tip(None, &title, &[])
            );
            // The reason, after the span when there is room before the next one, else before it.
            let next_x = spans.get(i + 1).map(|s| scale.x(s.0.t)).unwrap_or(open + RIGHT_PAD);
            let prev_x = if i == 0 { LABEL_W } else { scale.x(spans[i - 1].1.map(|g| g.t).unwrap_or(req.t)) };
            let est = reason.chars().count() as f64 * CHAR_W * 0.92;
            if x1 + 8.0 + est <= next_x {
                let _ = write!(
                    row.body,
                    r#"<text class="hs-del-label" x="{}" y="17">{}</text>"#,
                    n(x1 + 8.0),
                    escape(reason)
                );
            } else if x0 - 8.0 - est >= prev_x {
                let _ = write!(
                    row.body,
                    r#"<text class="hs-del-label" x="{}" y="17" text-anchor="end">{}</text>"#,
                    n(x0 - 8.0),
                    escape(reason)
                );
            }
        }
        for e in &mine {
            row.marks.entry(e.t).or_default().push(e);
        }
        lane.rows.push(row);
    }
    lane
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_is_linear_for_short_gaps_and_compresses_long_ones() {
        let s = Scale::new(vec![0, 10, 20, 620]);
        let d1 = s.x(10) - s.x(0);
        let d2 = s.x(20) - s.x(10);
        assert!((d1 - d2).abs() < 1e-9);
        assert_eq!(s.breaks, vec![(20, 620)]);
        // 600 s are drawn narrower than 60 s at the linear rate would be.
        assert!(s.x(620) - s.x(20) < 100.0);
        // Monotonic.
        assert!(s.x(300) > s.x(20) && s.x(620) > s.x(300));
    }

    /// Issue 11 item 8: the operations the Application controller started say so.
    #[test]
    fn operations_the_controller_started_are_marked_as_such() {
        let input = "apiVersion: hooksim/v1\nkind: Scenario\nsettings: {automated: {selfHeal: true}}\n\
                     commits: [{at: 60, revision: c0ffee0}]\ndrift: [{at: 120, objects: [Deployment/web]}]\n---\n\
                     apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {}\n";
        let svg = timeline_svg(&hooksim_engine::simulate(input, &hooksim_engine::Options::default()));
        for title in ["automated sync operation 1:", "automated sync operation 2:", "self-heal sync operation 3:"] {
            assert!(svg.contains(&format!("<title>{title}")), "{title}");
        }
        let manual =
            hooksim_engine::simulate("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", &Default::default());
        assert!(timeline_svg(&manual).contains("<title>sync operation 1:"));
    }

    #[test]
    fn zoom_stretches_time_only() {
        let times = vec![0, 10, 20, 620];
        let (a, b) = (Scale::new(times.clone()), Scale::with_width(times, CHART_W * 3.0));
        assert!(b.x(20) - b.x(0) > 2.5 * (a.x(20) - a.x(0)));
        assert_eq!(b.knots[0].1, LABEL_W);
    }

    #[test]
    fn a_drawing_says_its_size_and_scale_as_its_svg_writes_them() {
        let input = include_str!("../../../web/examples/default-backoff-limit-fails-at-666s.yaml");
        let report = hooksim_engine::simulate(input, &hooksim_engine::Options::default());
        for zoom in [100, 300] {
            let d = timeline_drawing(&report, zoom, &[]);
            assert_eq!(d.svg, timeline_svg_zoomed(&report, zoom));
            let px = |v: i64| n(v as f64 / 10.0);
            let head = format!(r#"width="{w}" height="{h}" viewBox="0 0 {w} {h}""#, w = px(d.width), h = px(d.height));
            assert!(d.svg.contains(&head), "{head}");
            let knots: Vec<String> = d.knots.iter().map(|&(t, x)| format!("{t}:{}", px(x))).collect();
            assert!(d.svg.contains(&format!(r#"data-knots="{}""#, knots.join(" "))), "{knots:?}");
            // A long gap is compressed (an axis break), so the scale has more than two knots.
            assert!(d.knots.len() > 2 && d.knots.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1));
        }
        let d = Drawing { knots: vec![(0, 1960), (5, 2960), (10, 3965), (620, 4600)], ..Drawing::default() };
        assert_eq!(d.x_of(0), Some(1960));
        assert_eq!(d.x_of(-3), Some(1960));
        assert_eq!(d.x_of(5), Some(2960));
        assert_eq!(d.x_of(7), Some(3362));
        assert_eq!(d.x_of(9999), Some(4600));
        assert_eq!(Drawing::default().x_of(3), None);
    }

    /// The oracle: the rule ids a hover text cites (R47, J10, A20; R44.1), in order, once each.
    fn cited(text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for w in text.split(|c: char| !c.is_ascii_alphanumeric() && c != '.') {
            let w = w.trim_end_matches('.');
            let digits = w.get(1..).unwrap_or("");
            let id = matches!(w.as_bytes().first(), Some(b'R' | b'J' | b'A'))
                && digits.starts_with(|c: char| c.is_ascii_digit())
                && digits.chars().all(|c| c.is_ascii_digit() || c == '.');
            if id && !out.iter().any(|o| o == w) {
                out.push(w.to_string());
            }
        }
        out
    }

    /// Issue 15 item 4: every element with a `<title>` names its typed [`Title`] (`data-title`),
    /// whose lines are the title's and whose rules are exactly the ones its text cites; the text
    /// is parsed here only, as the test's oracle.
    #[test]
    fn every_hover_text_has_its_typed_title() {
        let examples = [
            "retry-erases-failure-evidence.yaml",
            "default-backoff-limit-fails-at-666s.yaml",
            "postsync-waits-for-healthy.yaml",
            "presync-fails-syncfail.yaml",
            "skip.yaml",
            "app-of-apps-children-sync-themselves.yaml",
            "rolling-sync-steps-and-left-out-app.yaml",
            "auto-sync-retries-five-times.yaml",
            "presync-waves.yaml",
            "failed-commit-is-not-auto-synced-again.yaml",
        ];
        let mut rules_seen: Vec<String> = Vec::new();
        for path in examples {
            let text =
                std::fs::read_to_string(format!("{}/../../web/examples/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            let report = hooksim_engine::simulate(&text, &hooksim_engine::Options::default());
            for zoom in [100, 300] {
                let d = timeline_drawing(&report, zoom, &[]);
                let parts: Vec<&str> = d.svg.split("<title>").collect();
                assert_eq!(parts.len() - 1, d.titles.len(), "{path}: one Title per <title>");
                let mut used = vec![false; d.titles.len()];
                for w in parts.windows(2) {
                    let tag = &w[0][w[0].rfind('<').unwrap()..];
                    let i: usize = tag
                        .split(r#" data-title=""#)
                        .nth(1)
                        .and_then(|r| r.split('"').next())
                        .and_then(|i| i.parse().ok())
                        .unwrap_or_else(|| panic!("{path}: no data-title in {tag}"));
                    assert!(!std::mem::replace(&mut used[i], true), "{path}: data-title {i} twice");
                    let raw = &w[1][..w[1].find("</title>").unwrap()];
                    let shown = raw
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&#39;", "'")
                        .replace("&amp;", "&");
                    let title = &d.titles[i];
                    assert_eq!(title.lines, shown.lines().collect::<Vec<_>>(), "{path}: {tag}");
                    assert_eq!(title.rules, cited(&shown), "{path}: {shown}");
                    let data_t = tag.split(r#" data-t=""#).nth(1).and_then(|r| r.split('"').next()?.parse().ok());
                    assert_eq!(title.t, data_t, "{path}: {tag}");
                    rules_seen.extend(title.rules.iter().cloned());
                }
            }
        }
        // The examples cover rules of every source: marks' events, rows, waits, retries, children,
        // RollingSync, what did not run.
        for r in ["R35", "R39", "R47", "R64", "A20", "A35", "A40", "R12"] {
            assert!(rules_seen.iter().any(|s| s == r), "{r} not cited by any example");
        }
        assert_eq!(cited("a (R64, A20: one) (exit 1, Error) R44.1. Job/A-b"), ["R64", "A20", "R44.1"]);
    }

    #[test]
    fn numbers_have_one_decimal_at_most() {
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.345), "12.3");
        assert_eq!(n(-0.25), "-0.3");
        assert_eq!(n(-0.04), "0");
        assert_eq!(n(0.96), "1");
    }
}
