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

use serde::{Deserialize, Serialize};

/// The prefix of the current version.
pub const V1: &str = "#v1/";
/// The legacy, uncompressed input.
pub const YAML: &str = "#yaml/";
pub const EXAMPLE: &str = "#example/";
pub const EMBED: &str = "#embed/";

/// The largest input a link may decompress to (the wasm API's limit).
pub const MAX_DECODED_BYTES: usize = 4 << 20;

/// What the playground shows besides the input. Every field is optional and left out of the link
/// when unset, so links stay short.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct View {
    /// The player's position, in simulated seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t: Option<i64>,
    /// The timeline's zoom, in percent (100 = fit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zoom: Option<u32>,
    /// The open side panel: "scenario" or "examples".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub panel: Option<String>,
}

impl View {
    pub fn is_default(&self) -> bool {
        *self == View::default()
    }
}

/// Everything a link carries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
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

/// The `#v1/…` hash of a state.
pub fn to_hash(state: &State) -> String {
    format!("{V1}{}", encode(state))
}

/// The payload of a `#v1/` hash.
pub fn encode(state: &State) -> String {
    // Serialising strings and integers cannot fail.
    let json = serde_json::to_vec(state).unwrap_or_default();
    base64url(&miniz_oxide::deflate::compress_to_vec(&json, 9))
}

/// Reads the payload of a `#v1/` hash.
pub fn decode(payload: &str) -> Result<State, String> {
    let bytes = from_base64url(payload.trim()).ok_or("the link is not valid base64url")?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_DECODED_BYTES)
        .map_err(|_| "the link is not valid DEFLATE data (was it cut short?)".to_string())?;
    serde_json::from_slice(&json).map_err(|e| format!("the link's state is not readable: {e}"))
}

/// Reads a URL hash (with or without its leading `#`).
pub fn parse_hash(hash: &str) -> Hash {
    let mut h = hash.strip_prefix('#').unwrap_or(hash);
    let mut embed = false;
    if let Some(rest) = h.strip_prefix(&EMBED[1..]) {
        embed = true;
        h = rest;
    } else if h == "embed" {
        return Hash { embed: true, target: Target::None };
    }
    let target = if let Some(p) = h.strip_prefix(&V1[1..]) {
        match decode(p) {
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
            view: View { t: Some(46), zoom: Some(200), panel: Some("scenario".into()) },
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
        let json = serde_json::to_string(&state).unwrap();
        assert_eq!(json, r#"{"input":"a: 1\n"}"#);
        let later = br#"{"input":"x","view":{"t":3,"future":true},"extra":[1]}"#;
        let hash = format!("#v1/{}", base64url(&miniz_oxide::deflate::compress_to_vec(later, 6)));
        let Target::State(s) = parse_hash(&hash).target else { panic!() };
        assert_eq!(s.input, "x");
        assert_eq!(s.view.t, Some(3));
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

    #[test]
    fn decompression_is_bounded() {
        let big = vec![b' '; MAX_DECODED_BYTES + 10];
        let payload = base64url(&miniz_oxide::deflate::compress_to_vec(&big, 9));
        assert!(decode(&payload).is_err());
    }
}
