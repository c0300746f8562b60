//! Text that came from the input, made safe to print: a name, a message or an outcome key may
//! hold control characters written as YAML escapes (`"\e[2J"` clears a terminal, `"\r"` overwrites
//! "Message: … failed", OSC 8 and 52 sequences hide a link or write the clipboard) or bidi
//! overrides (U+202E reverses what follows). Every text output prints them as visible escapes:
//! `\e`, `\r`, `\0`, `\u202e`… (issue 16, item 8). The same rule keeps an SVG well-formed XML,
//! which refuses C0 characters and U+FFFE/U+FFFF.

use std::borrow::Cow;

/// A character that must not reach a terminal or a document raw: a C0 control (tab and line feed
/// apart, see [`escape`] for those), DEL, a C1 control, a bidirectional control, a line or
/// paragraph separator, or a non-character that XML refuses.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{fffe}' | '\u{ffff}')
}

fn push_escaped(c: char, out: &mut String) {
    match c {
        '\0' => out.push_str("\\0"),
        '\u{1b}' => out.push_str("\\e"),
        '\r' => out.push_str("\\r"),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        _ => out.push_str(&format!("\\u{:04x}", c as u32)),
    }
}

fn escape_where(s: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            push_escaped(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line of text from the input: every unsafe character escaped, line feeds and tabs too.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_where(s, |c| is_unsafe(c) || c == '\n' || c == '\t')
}

/// Text of several lines: every unsafe character escaped, line feeds and tabs kept.
pub fn escape_lines(s: &str) -> Cow<'_, str> {
    escape_where(s, is_unsafe)
}

/// `s` in double quotes, with `"`, `\\`, line feeds, tabs, carriage returns and the other ASCII
/// control characters escaped: Go's `%q` for the strings of the API server's messages (ASCII
/// printable kept) and a YAML double-quoted scalar that reads back as `s` (the scenario panel).
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_become_visible_escapes() {
        assert_eq!(
            escape("a\u{1b}[2Jb\rc\0d\u{202e}e\u{7}\u{85}\nf\tg"),
            "a\\e[2Jb\\rc\\0d\\u202ee\\u0007\\u0085\\nf\\tg"
        );
        assert_eq!(escape_lines("x\ny\u{1b}]52;c;AAAA\u{7}\tz"), "x\ny\\e]52;c;AAAA\\u0007\tz");
        assert!(matches!(escape("plain name-1 é ✓"), Cow::Borrowed(_)));
    }
}
