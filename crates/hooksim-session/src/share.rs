//! The playground's link format: the whole state (the input and a few view settings) in the URL
//! hash, compressed and versioned. The one place that knows it; the playground and, through
//! `hooksim-wasm`, the embed's `playgroundUrl` both use it.
//!
//! - `#v1/<payload>`: the payload is the raw DEFLATE (RFC 1951) of the UTF-8 JSON
//!   `{"input": "...", "view": {...}}`, in base64url without padding. Unknown `view` keys are
//!   ignored, so later versions can add some; a new layout gets a new prefix (`#v2/`), and this
//!   module keeps reading the old ones.
//! - `#yaml/<base64url of the UTF-8 input>`: the first, uncompressed links; still read.
//! - `#example/<id>`: a gallery example.
//! - `#embed/<any of the above, without its '#'>`: the same, in embed mode (`?embed` does that too).

use serde::Serialize;

/// The prefix of the current version.
pub const V1: &str = "#v1/";
/// The legacy, uncompressed input.
pub const YAML: &str = "#yaml/";
pub const EXAMPLE: &str = "#example/";
pub const EMBED: &str = "#embed/";

/// The largest input a link carries (the wasm API's limit).
pub const MAX_LINK_INPUT_BYTES: usize = 4 << 20;

/// The most a link's JSON may decompress to: an input of [`MAX_LINK_INPUT_BYTES`] once JSON has
/// escaped it (a control character takes six bytes, `\u0007`), and its view. It was the input's
/// limit itself, so a 3.8 MB input of pretty-printed JSON simulated fine and could not be
/// restored: its escaped quotes made the state larger than 4 MiB (issue 16, item 12). Still a
/// bound on a decompression bomb.
pub const MAX_DECODED_BYTES: usize = 6 * MAX_LINK_INPUT_BYTES + (64 << 10);

/// What the playground shows besides the input. Every field is optional and left out of the link
/// when unset, so links stay short.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    /// The player's position, in simulated seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t: Option<i64>,
    /// The timeline's zoom, in percent (100 = fit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zoom: Option<u32>,
    /// The left column's tab: "scenario" for the scenario panel (None: the YAML).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub panel: Option<String>,
    /// A comparison (issue 13): the same input with these settings changed, `KEY=VALUE` joined by
    /// commas as `hooksim simulate --compare` takes them ("argocdVersion=2.14"). Links made
    /// before comparisons have none; pages made before them ignore it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare: Option<String>,
    /// A comparison with an earlier text: the input before the edits (side A; the input is B).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
}

impl View {
    pub fn is_default(&self) -> bool {
        *self == View::default()
    }
}

/// Everything a link carries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct State {
    pub input: String,
    #[serde(skip_serializing_if = "View::is_default")]
    pub view: View,
}

/// What a URL hash asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// No hash, or one this module does not know.
    None,
    /// A state (from `#v1/` or `#yaml/`).
    State(State),
    /// A gallery example, by id.
    Example(String),
    /// A hash of a known version that could not be read (the reason).
    Invalid(String),
}

/// A parsed hash: the target, and whether it asked for embed mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hash {
    pub embed: bool,
    pub target: Target,
}

/// Raw DEFLATE (RFC 1951) both ways: what a `#v1/` payload needs. [`Miniz`] here (the wasm API,
/// the CLI, tests); the playground passes its page's JavaScript (fflate), which keeps 16 KB
/// (gzipped) of compressor and decompressor out of its wasm (crates/hooksim-web/src/link.rs).
pub trait Codec {
    /// The compressed bytes, or why they could not be made.
    fn deflate(&self, bytes: &[u8]) -> Result<Vec<u8>, String>;
    /// The inflated bytes; an error when `bytes` is not DEFLATE data or inflates to more than
    /// `limit` bytes.
    fn inflate(&self, bytes: &[u8], limit: usize) -> Result<Vec<u8>, String>;
}

/// The message of a payload that does not inflate (cut short, not DEFLATE, or a bomb).
pub const NOT_DEFLATE: &str = "the link is not valid DEFLATE data (was it cut short?)";

/// [`Codec`] with miniz_oxide.
pub struct Miniz;

impl Codec for Miniz {
    fn deflate(&self, bytes: &[u8]) -> Result<Vec<u8>, String> {
        Ok(miniz_oxide::deflate::compress_to_vec(bytes, 9))
    }
    fn inflate(&self, bytes: &[u8], limit: usize) -> Result<Vec<u8>, String> {
        miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, limit).map_err(|_| NOT_DEFLATE.to_string())
    }
}

/// The `#v1/…` hash of a state.
pub fn to_hash(state: &State) -> String {
    to_hash_with(&Miniz, state)
}

/// The `#v1/…` hash of a state, compressed by `codec`. Should it fail, the legacy `#yaml/` link
/// of the input (uncompressed, without the view) still opens the same input.
pub fn to_hash_with(codec: &dyn Codec, state: &State) -> String {
    match codec.deflate(state.to_json().as_bytes()) {
        Ok(bytes) => format!("{V1}{}", base64url(&bytes)),
        Err(_) => format!("{YAML}{}", base64url(state.input.as_bytes())),
    }
}

/// Reads the payload of a `#v1/` hash, inflated by `codec`.
pub fn decode_with(codec: &dyn Codec, payload: &str) -> Result<State, String> {
    let bytes = from_base64url(payload.trim()).ok_or("the link is not valid base64url")?;
    let json = codec.inflate(&bytes, MAX_DECODED_BYTES)?;
    let text = std::str::from_utf8(&json).map_err(|_| "the link's state is not UTF-8".to_string())?;
    State::from_json(text).ok_or_else(|| "the link's state is not readable JSON".to_string())
}

impl State {
    /// The state as JSON: `{"input": …, "view": {…}}` (`view` only when set).
    pub fn to_json(&self) -> String {
        // Serialising strings and integers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads the JSON of [`State::to_json`]. Keys it does not know, of any type, are skipped; a
    /// missing `input` is empty. A small reader of its own rather than serde's: this is the only
    /// JSON the playground reads, and it keeps about 10 KB out of the wasm.
    pub fn from_json(text: &str) -> Option<State> {
        let mut r = json::Reader { s: text.as_bytes(), i: 0, depth: 0 };
        let mut state = State::default();
        r.object(|r, key| {
            match key.as_str() {
                "input" => state.input = r.string()?,
                "view" => {
                    r.object(|r, key| {
                        match key.as_str() {
                            "t" => state.view.t = r.int(),
                            "zoom" => state.view.zoom = r.int().and_then(|z| u32::try_from(z).ok()),
                            "panel" => state.view.panel = r.string_or_null(),
                            "compare" => state.view.compare = r.string_or_null(),
                            "before" => state.view.before = r.string_or_null(),
                            _ => r.skip()?,
                        }
                        Some(())
                    })?;
                }
                _ => r.skip()?,
            }
            Some(())
        })?;
        r.ws();
        (r.i == r.s.len()).then_some(state)
    }
}

/// Just enough JSON reading for [`State::from_json`].
mod json {
    /// Objects and arrays nested in a link's state at most (the state itself has two levels): a
    /// 302-character link nesting 100,000 deep made the reader recurse until the wasm stack
    /// overflowed, a white page (issue 16, item 14). Deeper is a broken link.
    pub const MAX_DEPTH: usize = 32;

    pub struct Reader<'a> {
        pub s: &'a [u8],
        pub i: usize,
        /// Objects and arrays open at this point.
        pub depth: usize,
    }

    impl Reader<'_> {
        pub fn ws(&mut self) {
            while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            }
        }

        fn peek(&mut self) -> Option<u8> {
            self.ws();
            self.s.get(self.i).copied()
        }

        fn eat(&mut self, c: u8) -> Option<()> {
            (self.peek()? == c).then(|| self.i += 1)
        }

        fn word(&mut self, w: &[u8]) -> Option<()> {
            self.ws();
            self.s[self.i..].starts_with(w).then(|| self.i += w.len())
        }

        /// `{ "key": value, … }`, calling `f` with each key; `f` reads the value.
        pub fn object(&mut self, mut f: impl FnMut(&mut Self, String) -> Option<()>) -> Option<()> {
            self.eat(b'{')?;
            self.nest(|r| {
                if r.eat(b'}').is_some() {
                    return Some(());
                }
                loop {
                    let key = r.string()?;
                    r.eat(b':')?;
                    f(r, key)?;
                    if r.eat(b',').is_none() {
                        return r.eat(b'}');
                    }
                }
            })
        }

        /// Reads what one more level of nesting holds, within [`MAX_DEPTH`].
        fn nest(&mut self, f: impl FnOnce(&mut Self) -> Option<()>) -> Option<()> {
            if self.depth >= MAX_DEPTH {
                return None;
            }
            self.depth += 1;
            let read = f(self);
            self.depth -= 1;
            read
        }

        pub fn string(&mut self) -> Option<String> {
            self.eat(b'"')?;
            let mut out: Vec<u8> = Vec::new();
            loop {
                let c = *self.s.get(self.i)?;
                self.i += 1;
                match c {
                    b'"' => return String::from_utf8(out).ok(),
                    b'\\' => {
                        let e = *self.s.get(self.i)?;
                        self.i += 1;
                        let ch = match e {
                            b'"' => '"',
                            b'\\' => '\\',
                            b'/' => '/',
                            b'b' => '\u{8}',
                            b'f' => '\u{c}',
                            b'n' => '\n',
                            b'r' => '\r',
                            b't' => '\t',
                            b'u' => {
                                let hi = self.hex4()?;
                                if (0xD800..0xDC00).contains(&hi) {
                                    // A surrogate pair.
                                    self.word(b"\\u")?;
                                    let lo = self.hex4()?;
                                    if !(0xDC00..0xE000).contains(&lo) {
                                        return None;
                                    }
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?
                                } else {
                                    char::from_u32(hi)?
                                }
                            }
                            _ => return None,
                        };
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                    }
                    c if c < 0x20 => return None,
                    c => out.push(c),
                }
            }
        }

        fn hex4(&mut self) -> Option<u32> {
            let h = self.s.get(self.i..self.i + 4)?;
            self.i += 4;
            u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
        }

        pub fn string_or_null(&mut self) -> Option<String> {
            if self.peek()? == b'"' {
                self.string()
            } else {
                self.skip();
                None
            }
        }

        /// An integer; anything else (a fraction, a string) is skipped and gives None.
        pub fn int(&mut self) -> Option<i64> {
            let start = {
                self.ws();
                self.i
            };
            self.skip()?;
            std::str::from_utf8(&self.s[start..self.i]).ok()?.trim().parse().ok()
        }

        /// Skips any value.
        pub fn skip(&mut self) -> Option<()> {
            match self.peek()? {
                b'"' => self.string().map(|_| ()),
                b'{' => self.object(|r, _| r.skip()),
                b'[' => {
                    self.eat(b'[')?;
                    self.nest(|r| {
                        if r.eat(b']').is_some() {
                            return Some(());
                        }
                        loop {
                            r.skip()?;
                            if r.eat(b',').is_none() {
                                return r.eat(b']');
                            }
                        }
                    })
                }
                b't' => self.word(b"true"),
                b'f' => self.word(b"false"),
                b'n' => self.word(b"null"),
                _ => {
                    let start = self.i;
                    while self.i < self.s.len()
                        && matches!(self.s[self.i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                    {
                        self.i += 1;
                    }
                    (self.i > start).then_some(())
                }
            }
        }
    }
}

/// Reads a URL hash (with or without its leading `#`).
pub fn parse_hash(hash: &str) -> Hash {
    parse_hash_with(&Miniz, hash)
}

/// Reads a URL hash, inflating a `#v1/` payload with `codec`.
pub fn parse_hash_with(codec: &dyn Codec, hash: &str) -> Hash {
    let mut h = hash.strip_prefix('#').unwrap_or(hash);
    let mut embed = false;
    if let Some(rest) = h.strip_prefix(&EMBED[1..]) {
        embed = true;
        h = rest;
    } else if h == "embed" {
        return Hash { embed: true, target: Target::None };
    }
    let target = if let Some(p) = h.strip_prefix(&V1[1..]) {
        match decode_with(codec, p) {
            Ok(s) => Target::State(s),
            Err(e) => Target::Invalid(e),
        }
    } else if let Some(p) = h.strip_prefix(&YAML[1..]) {
        match from_base64url(p).and_then(|b| String::from_utf8(b).ok()) {
            Some(input) => Target::State(State { input, view: View::default() }),
            None => Target::Invalid("the #yaml/ link is not valid base64url UTF-8".to_string()),
        }
    } else if let Some(id) = h.strip_prefix(&EXAMPLE[1..]) {
        Target::Example(percent_decode(id))
    } else {
        Target::None
    };
    Hash { embed, target }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding (RFC 4648 §5).
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Reads base64url, with or without padding; also accepts the `+/` alphabet.
pub fn from_base64url(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // A single leftover character (6 bits) cannot come from any byte sequence.
    (bits < 6).then_some(out)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A codec whose script did not load (the playground's `window.hooksimLink` missing).
    struct Missing;
    impl Codec for Missing {
        fn deflate(&self, _: &[u8]) -> Result<Vec<u8>, String> {
            Err("missing".into())
        }
        fn inflate(&self, _: &[u8], _: usize) -> Result<Vec<u8>, String> {
            Err("the script did not load".into())
        }
    }

    #[test]
    fn without_a_codec_links_fall_back_to_yaml_and_say_why_v1_does_not_open() {
        let state = State { input: "a: 1\n".into(), view: View { t: Some(3), ..View::default() } };
        let hash = to_hash_with(&Missing, &state);
        assert!(hash.starts_with(YAML), "{hash}");
        let read = parse_hash_with(&Missing, &hash).target;
        assert_eq!(read, Target::State(State { input: state.input.clone(), view: View::default() }));
        let v1 = to_hash(&state);
        assert_eq!(parse_hash_with(&Missing, &v1).target, Target::Invalid("the script did not load".into()));
        assert_eq!(parse_hash_with(&Miniz, &v1).target, Target::State(state));
    }

    #[test]
    fn base64url_round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).collect();
        for n in 0..40 {
            let enc = base64url(&data[..n]);
            assert!(!enc.contains('=') && !enc.contains('+') && !enc.contains('/'));
            assert_eq!(from_base64url(&enc).unwrap(), &data[..n], "{n}");
        }
        assert_eq!(base64url(b"hooksim"), "aG9va3NpbQ");
        assert_eq!(from_base64url("aG9va3NpbQ==").unwrap(), b"hooksim");
        assert_eq!(from_base64url("a"), None);
        assert_eq!(from_base64url("a b"), None);
    }

    #[test]
    fn v1_round_trip_with_unicode_and_view() {
        let state = State {
            input: "kind: Job # ünïcødé ✓\n".repeat(50),
            view: View { t: Some(46), zoom: Some(200), panel: Some("scenario".into()), ..View::default() },
        };
        let hash = to_hash(&state);
        assert!(hash.starts_with("#v1/"));
        // Compressed: much shorter than the input.
        assert!(hash.len() < state.input.len() / 4, "{}", hash.len());
        assert_eq!(parse_hash(&hash), Hash { embed: false, target: Target::State(state.clone()) });
        assert_eq!(parse_hash(&hash[1..]).target, Target::State(state.clone()));
        let embed = format!("#embed/{}", &hash[1..]);
        assert_eq!(parse_hash(&embed), Hash { embed: true, target: Target::State(state) });
    }

    #[test]
    fn default_view_is_left_out_and_unknown_keys_are_ignored() {
        let state = State { input: "a: 1\n".into(), view: View::default() };
        let json = state.to_json();
        assert_eq!(json, r#"{"input":"a: 1\n"}"#);
        let later = br#"{"input":"x","view":{"t":3,"future":true},"extra":[1]}"#;
        let hash = format!("#v1/{}", base64url(&miniz_oxide::deflate::compress_to_vec(later, 6)));
        let Target::State(s) = parse_hash(&hash).target else { panic!() };
        assert_eq!(s.input, "x");
        assert_eq!(s.view.t, Some(3));
    }

    #[test]
    fn json_reader_matches_serde() {
        let states = [
            State::default(),
            State { input: "a\"b\\c\n\t\u{1}ü✓😀 </script>".into(), view: View::default() },
            State {
                input: "x".into(),
                view: View { t: Some(-3), zoom: Some(150), panel: Some("examples".into()), ..View::default() },
            },
        ];
        for st in states {
            let json = st.to_json();
            assert_eq!(State::from_json(&json), Some(st.clone()), "{json}");
            let pretty = serde_json::to_string_pretty(&st).unwrap();
            assert_eq!(State::from_json(&pretty), Some(st), "{pretty}");
        }
        let odd = r#" { "x": [1, {"y": null}, "z", true, -1.5e3], "input": "\ud83d\ude00\/", "view": {"t": 1.5, "zoom": "2", "panel": null, "q": {}} } "#;
        let s = State::from_json(odd).unwrap();
        assert_eq!(s.input, "😀/");
        assert_eq!(s.view, View::default());
        for bad in [
            "",
            "[]",
            "{",
            r#"{"input": 1}"#,
            r#"{"input": "a"} x"#,
            r#"{"input": "\ud800"}"#,
            r#"{"input":"a\q"}"#,
            "{\"input\": \"\u{1}\"}",
        ] {
            assert_eq!(State::from_json(bad), None, "{bad}");
        }
    }

    /// Issue 13: a comparison travels in the view; links without one still open as they did.
    #[test]
    fn a_comparison_rides_in_the_view_and_old_links_still_open() {
        let state = State {
            input: "a: 1\n".into(),
            view: View { compare: Some("argocdVersion=2.14".into()), before: Some("a: 0\n".into()), ..View::default() },
        };
        assert_eq!(parse_hash(&to_hash(&state)).target, Target::State(state.clone()));
        assert!(state.to_json().contains(r#""compare":"argocdVersion=2.14""#));
        let old = State { input: "a: 1\n".into(), view: View { t: Some(3), ..View::default() } };
        let Target::State(read) = parse_hash(&to_hash(&old)).target else { panic!() };
        assert_eq!((read.view.compare, read.view.before), (None, None));
    }

    #[test]
    fn legacy_yaml_links_and_examples() {
        let input = "apiVersion: v1\nkind: ConfigMap\n";
        let hash = format!("#yaml/{}", base64url(input.as_bytes()));
        assert_eq!(parse_hash(&hash).target, Target::State(State { input: input.into(), view: View::default() }));
        assert_eq!(parse_hash("#example/presync-ttl").target, Target::Example("presync-ttl".into()));
        assert_eq!(parse_hash("#example/a%2Db").target, Target::Example("a-b".into()));
        assert_eq!(parse_hash("#embed/example/x"), Hash { embed: true, target: Target::Example("x".into()) });
        assert_eq!(parse_hash("#embed"), Hash { embed: true, target: Target::None });
        assert_eq!(parse_hash(""), Hash { embed: false, target: Target::None });
        assert_eq!(parse_hash("#section-2").target, Target::None);
    }

    #[test]
    fn broken_links_are_invalid_not_panics() {
        for h in ["#v1/", "#v1/!!!", "#v1/AAAA", "#v1/aG9va3NpbQ", "#yaml/%%", "#yaml/_w"] {
            assert!(matches!(parse_hash(h).target, Target::Invalid(_)), "{h}");
        }
        // Cut short: every prefix of a valid payload fails cleanly or decodes.
        let hash = to_hash(&State { input: "x: 1\n".repeat(20), view: View::default() });
        for n in 4..hash.len() {
            let _ = parse_hash(&hash[..n]);
        }
    }

    /// Issue 16, item 14: a link nesting 100,000 deep is a broken link, not a stack overflow.
    #[test]
    fn deep_nesting_is_a_broken_link() {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let json = format!("{{\"input\":\"x\",\"k\":{}1{}}}", open.repeat(100_000), close.repeat(100_000));
            let payload = base64url(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9));
            assert!(payload.len() < 2_000, "{}", payload.len());
            assert!(matches!(parse_hash(&format!("#v1/{payload}")).target, Target::Invalid(_)));
        }
        let ok = format!("{{\"input\":\"x\",\"k\":{}1{}}}", "[".repeat(30), "]".repeat(30));
        assert_eq!(State::from_json(&ok).map(|s| s.input), Some("x".to_string()));
    }

    /// Issue 16, item 12: an input within the limit comes back from its link, however much JSON
    /// escaping adds to it.
    #[test]
    fn an_input_within_the_limit_whose_json_is_larger_restores() {
        let mut input = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: j}\ndata:\n  j: |\n");
        while input.len() < 3_800_000 {
            input.push_str("    {\"key\": \"value\", \"other\": \"\\\"quoted\\\"\"},\n");
        }
        let state = State { input, view: View::default() };
        assert!(state.to_json().len() > 4 << 20, "the escaped JSON is larger than the input's limit");
        match parse_hash(&to_hash(&state)).target {
            Target::State(s) => assert!(s == state),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn decompression_is_bounded() {
        let big = vec![b' '; MAX_DECODED_BYTES + 10];
        let payload = base64url(&miniz_oxide::deflate::compress_to_vec(&big, 9));
        assert!(decode_with(&Miniz, &payload).is_err());
    }
}
