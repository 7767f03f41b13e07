//! Which characters text from outside may hold: the one rule every edge applies (paths and
//! query strings in `web::refuse_control_characters`, JSON bodies in `web::ApiJson`, page forms
//! in `web::PageForm`), so a NUL byte or an escape sequence never reaches a query, a header or
//! a page, and both databases see the same text (PostgreSQL cannot store NUL; SQLite can).
//!
//! Refused: every C0 control character, DEL and the C1 controls. Tab, line feed and carriage
//! return are allowed in bodies and form fields (an answer typed into a text area has line
//! breaks) but never in a path or a query string.

/// Where the text came from; decides whether line breaks and tabs are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A path segment or a query parameter: one line, no control characters at all.
    Line,
    /// A body field or a form field: tabs and line breaks allowed.
    Multiline,
}

/// Whether `c` is refused in `place`.
pub fn refused(c: char, place: Place) -> bool {
    match c {
        '\t' | '\n' | '\r' => place == Place::Line,
        c => c.is_control(),
    }
}

/// The first refused character of `s`, if any.
pub fn first_refused(s: &str, place: Place) -> Option<char> {
    s.chars().find(|&c| refused(c, place))
}

/// Whether the raw JSON text `body` holds a refused character, raw or escaped.
///
/// Raw: DEL and the C1 controls (UTF-8 `C2 80`–`C2 9F`) are valid inside a JSON string, and
/// C0 controls other than tab and line breaks (which are whitespace between tokens) are not
/// valid JSON at all. Escaped: `\b`, `\f` and `\u` escapes of a control character; `\\` is
/// skipped whole, so an escaped backslash followed by `u0000` is text, not a NUL. Scanning the
/// bytes is what lets every body be checked without parsing it twice.
pub fn json_has_refused_text(body: &[u8]) -> bool {
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'\\' => {}
            b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            0x00..=0x1f | 0x7f => return true,
            0xc2 if body.get(i + 1).is_some_and(|b| (0x80..=0x9f).contains(b)) => return true,
            _ => {
                i += 1;
                continue;
            }
        }
        match body.get(i + 1) {
            Some(b'b' | b'f') => return true,
            Some(b'u') => {
                let code = body
                    .get(i + 2..i + 6)
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok());
                if let Some(c) = code.and_then(char::from_u32)
                    && refused(c, Place::Multiline)
                {
                    return true;
                }
                i += 6;
            }
            _ => i += 2,
        }
    }
    false
}

/// Percent-decodes `s` (with `+` as a space when `plus_is_space`, as in query strings) into
/// the text it stands for; invalid UTF-8 becomes U+FFFD, which is not refused.
pub fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(b) = hex {
                    out.push(b);
                    i += 3;
                } else {
                    out.push(b'%');
                    i += 1;
                }
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_and_line_breaks_only_in_bodies() {
        let rows: &[(&str, Place, bool, &str)] = &[
            ("plain text", Place::Line, false, "ordinary text passes"),
            ("a\0b", Place::Line, true, "NUL"),
            ("a\0b", Place::Multiline, true, "NUL in a body too"),
            ("a\u{7f}", Place::Line, true, "DEL"),
            ("a\u{85}", Place::Multiline, true, "a C1 control"),
            ("a\u{1b}[31m", Place::Multiline, true, "an escape sequence"),
            ("line\r\nnext", Place::Line, true, "a line break in a path or query"),
            (
                "line\r\nnext\tcol",
                Place::Multiline,
                false,
                "line breaks and tabs in a text area",
            ),
            ("Schade €1.234,56 – é ü 日本", Place::Line, false, "non-ASCII text"),
        ];
        for (text, place, refuse, why) in rows {
            assert_eq!(first_refused(text, *place).is_some(), *refuse, "{why}: {text:?}");
        }
    }

    #[test]
    fn json_escapes_of_control_characters_are_found() {
        let rows: &[(&str, bool, &str)] = &[
            (r#"{"a":"b"}"#, false, "no escapes"),
            (r#"{"a":"\u0000"}"#, true, "NUL"),
            (r#"{"a":"x\u001B"}"#, true, "ESC, upper-case hex"),
            (r#"{"a":"\u007f"}"#, true, "DEL"),
            (r#"{"a":"\u0085"}"#, true, "C1"),
            (r#"{"a":"\b"}"#, true, "backspace"),
            (r#"{"a":"\f"}"#, true, "form feed"),
            (r#"{"a":"\n\t\r\u000a"}"#, false, "line breaks and tabs"),
            (r#"{"a":"\\u0000"}"#, false, "an escaped backslash, then text"),
            (r#"{"a":"\\\u0000"}"#, true, "an escaped backslash, then a NUL"),
            (r#"{"\u0000":"b"}"#, true, "in a key"),
            (r#"{"a":"\u00e9\"\/"}"#, false, "other escapes"),
            ("{\"a\":\"x\u{7f}\"}", true, "a raw DEL"),
            ("{\"a\":\"x\u{85}\"}", true, "a raw C1 control"),
            ("{\"a\":\"x\u{0}\"}", true, "a raw NUL"),
            (
                "{\n\t\"a\": \"é ü €\"\r\n}",
                false,
                "whitespace between tokens and non-ASCII text",
            ),
        ];
        for (body, found, why) in rows {
            assert_eq!(json_has_refused_text(body.as_bytes()), *found, "{why}: {body}");
        }
    }

    #[test]
    fn percent_decoding_reads_what_a_router_would() {
        assert_eq!(percent_decode("a%00b", false), "a\0b");
        assert_eq!(percent_decode("%0D%0Ax", false), "\r\nx");
        assert_eq!(percent_decode("a+b%2B", true), "a b+");
        assert_eq!(percent_decode("a+b", false), "a+b");
        assert_eq!(percent_decode("100%", false), "100%");
        assert_eq!(percent_decode("%zz%e2%82%ac", false), "%zz€");
        assert_eq!(percent_decode("%ff", false), "\u{fffd}");
    }
}
