//! Fonts as the text layer needs them: code splitting, Unicode text and advance widths.
//!
//! Owns the interpretation of font dictionaries: simple fonts (Type1, MMType1,
//! TrueType, Type3) with base encodings, `/Differences`, `/Widths`/`/FirstChar` and
//! the standard 14 metrics; Type0 fonts with Identity-H/V, UCS-2 or embedded CMaps and
//! `/W`/`/DW` widths; ToUnicode CMaps, which take priority. Glyph outlines are never
//! read: the text layer only needs Unicode, advances and a plausible box height.

use lopdf::{Dictionary, Document, Object};

use crate::pdf::cmap::CMap;
use crate::pdf::document::{as_f64, get, get_array, get_dict, get_f64, get_name, numbers, resolve, stream_bytes};
use crate::pdf::encodings::{BaseEncoding, glyph_name_to_unicode};
use crate::pdf::tables;

/// One decoded glyph of a shown string.
#[derive(Debug, Clone)]
pub struct DecodedGlyph {
    /// Unicode text; empty when the code cannot be mapped (the glyph still advances).
    pub text: String,
    /// Horizontal advance in text space units per unit font size (1/1000 em for most fonts).
    pub width: f64,
    /// Single-byte code 32, the only code word spacing (`Tw`) applies to.
    pub is_space_code: bool,
}

#[derive(Debug)]
enum Kind {
    Simple {
        text: Vec<String>,
        widths: Vec<f64>,
    },
    Composite {
        encoding: CidEncoding,
        widths: Vec<(u32, u32, f64)>,
        default_width: f64,
    },
}

#[derive(Debug)]
enum CidEncoding {
    /// Two-byte codes, CID = code.
    Identity,
    /// Two-byte codes that are UCS-2 / UTF-16 text themselves.
    Ucs2,
    /// An embedded CMap (codespaces and CID ranges).
    Embedded(Box<CMap>),
    /// A predefined CMap we carry no data for: split codes by the ToUnicode codespaces.
    Unknown,
}

/// A loaded font.
#[derive(Debug)]
pub struct Font {
    kind: Kind,
    to_unicode: Option<CMap>,
    /// `/ToUnicode /Identity-H`: two-byte codes are Unicode values themselves.
    identity_unicode: bool,
    /// Top and bottom of a typical glyph box, in text space per unit font size.
    pub ascent: f64,
    pub descent: f64,
    /// Vertical writing mode (Identity-V or WMode 1).
    pub vertical: bool,
}

/// Expands the Unicode ligature presentation forms so that searches for "fi" work.
fn push_expanded(out: &mut String, c: char) {
    let s = match c {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' => "\u{17F}t",
        '\u{FB06}' => "st",
        c if c.is_whitespace() => " ",
        // Control characters and replacement characters carry no text.
        c if c.is_control() || c == '\u{FFFD}' || c == '\u{FEFF}' => "",
        c => {
            out.push(c);
            return;
        }
    };
    out.push_str(s);
}

fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_expanded(&mut out, c);
    }
    out
}

/// Standard-14 family, resolved from a base font name (also common aliases such as
/// Arial or TimesNewRoman that viewers substitute with the same metrics).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Std {
    Helvetica,
    HelveticaBold,
    Times,
    TimesBold,
    TimesItalic,
    TimesBoldItalic,
    Courier,
    Symbol,
    Zapf,
}

fn standard_font(base: &[u8]) -> Option<Std> {
    let name = String::from_utf8_lossy(base);
    // Drop a subset tag like "ABCDEF+".
    let name = match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => &name,
    };
    let lower = name.to_ascii_lowercase().replace([' ', '-', ',', '_'], "");
    let bold = lower.contains("bold") || lower.contains("black") || lower.contains("heavy");
    let italic = lower.contains("italic") || lower.contains("oblique");
    if lower.starts_with("symbol") {
        return Some(Std::Symbol);
    }
    if lower.contains("dingbats") {
        return Some(Std::Zapf);
    }
    if lower.starts_with("courier") || lower.starts_with("liberationmono") || lower.starts_with("nimbusmono") {
        return Some(Std::Courier);
    }
    if lower.starts_with("times") || lower.starts_with("liberationserif") || lower.starts_with("nimbusrom") {
        return Some(match (bold, italic) {
            (true, true) => Std::TimesBoldItalic,
            (true, false) => Std::TimesBold,
            (false, true) => Std::TimesItalic,
            (false, false) => Std::Times,
        });
    }
    if lower.starts_with("helvetica")
        || lower.starts_with("arial")
        || lower.starts_with("liberationsans")
        || lower.starts_with("nimbussans")
    {
        return Some(if bold { Std::HelveticaBold } else { Std::Helvetica });
    }
    None
}

/// Standard-14 advance (1/1000 em) of a character, or of a byte code for the
/// two symbolic fonts with built-in encodings.
fn std_width(font: Std, c: Option<char>, code: u8) -> Option<f64> {
    let table: &[u16] = match font {
        Std::Courier => return Some(600.0),
        Std::Symbol | Std::Zapf => {
            let codes = if font == Std::Symbol {
                tables::SYMBOL_CODES
            } else {
                tables::ZAPF_DINGBATS_CODES
            };
            return codes
                .binary_search_by_key(&code, |e| e.0)
                .ok()
                .and_then(|i| codes.get(i))
                .map(|e| f64::from(e.1));
        }
        Std::Helvetica => tables::HELVETICA,
        Std::HelveticaBold => tables::HELVETICA_BOLD,
        Std::Times => tables::TIMES_ROMAN,
        Std::TimesBold => tables::TIMES_BOLD,
        Std::TimesItalic => tables::TIMES_ITALIC,
        Std::TimesBoldItalic => tables::TIMES_BOLD_ITALIC,
    };
    let c = u32::from(c?);
    let i = tables::STD_CHARS.binary_search(&c).ok()?;
    table.get(i).map(|w| f64::from(*w))
}

fn load_cmap(doc: &Document, obj: Option<&Object>, limit: usize) -> Option<CMap> {
    let bytes = stream_bytes(doc, obj?, limit).ok()??;
    Some(CMap::parse(&bytes))
}

/// Ascent/descent from a font descriptor, in text space per unit font size, with
/// defaults where the descriptor is missing or implausible (many producers write 0).
fn vertical_metrics(doc: &Document, desc: Option<&Dictionary>, scale: f64) -> (f64, f64) {
    let mut asc = 0.75;
    let mut dsc = -0.25;
    if let Some(d) = desc {
        if let Some(a) = get_f64(doc, d, b"Ascent").map(|v| v * scale)
            && (0.3..=1.5).contains(&a)
        {
            asc = a;
        }
        if let Some(v) = get_f64(doc, d, b"Descent").map(|v| v * scale)
            && (-0.8..=-0.05).contains(&v)
        {
            dsc = v;
        }
    }
    (asc, dsc)
}

impl Font {
    /// Builds a font from its dictionary. Never fails: missing pieces fall back to
    /// defaults so that text still advances plausibly.
    pub fn load(doc: &Document, dict: &Dictionary, limit: usize) -> Font {
        let subtype = get_name(doc, dict, b"Subtype").unwrap_or(b"Type1");
        let to_unicode = load_cmap(doc, get(doc, dict, b"ToUnicode"), limit).filter(CMap::has_unicode);
        if subtype == b"Type0" {
            let mut font = Self::load_type0(doc, dict, to_unicode, limit);
            font.identity_unicode = matches!(get_name(doc, dict, b"ToUnicode"), Some(b"Identity-H" | b"Identity-V"));
            font
        } else {
            Self::load_simple(doc, dict, subtype, to_unicode.as_ref(), limit)
        }
    }

    fn load_simple(doc: &Document, dict: &Dictionary, subtype: &[u8], to_unicode: Option<&CMap>, limit: usize) -> Font {
        let is_type3 = subtype == b"Type3";
        let base_font = get_name(doc, dict, b"BaseFont").unwrap_or(b"");
        let std = if is_type3 { None } else { standard_font(base_font) };
        let desc = get_dict(doc, dict, b"FontDescriptor");
        // Flags bit 3 (value 4) marks a symbolic font: its codes are not Latin text.
        let symbolic = desc
            .and_then(|d| get_f64(doc, d, b"Flags"))
            .is_some_and(|f| (f as i64) & 4 != 0);

        // Glyph space to text space: 1/1000 for all but Type3, which has /FontMatrix.
        let (sx, sy) = if is_type3 {
            let fm = get_array(doc, dict, b"FontMatrix")
                .map(|a| numbers(doc, a))
                .unwrap_or_default();
            match fm.as_slice() {
                [a, _, _, d, ..] if a.is_finite() && d.is_finite() => (*a, *d),
                _ => (0.001, 0.001),
            }
        } else {
            (0.001, 0.001)
        };

        let default_base = match std {
            Some(Std::Symbol) => Some(BaseEncoding::Symbol),
            Some(Std::Zapf) => Some(BaseEncoding::ZapfDingbats),
            _ if is_type3 => None,
            _ if subtype == b"TrueType" && symbolic => None,
            _ => Some(BaseEncoding::Standard),
        };
        let enc_obj = get(doc, dict, b"Encoding");
        // An embedded Type1 program carries its own encoding, which replaces the
        // default unless the font dictionary names a base encoding.
        let builtin = match (is_type3, subtype, desc) {
            (false, b"Type1" | b"MMType1", Some(d)) => type1_builtin_encoding(doc, d, limit),
            _ => None,
        };
        let mut use_builtin = builtin.is_some();
        let mut base = default_base;
        let mut differences: Vec<(u8, String)> = Vec::new();
        match enc_obj {
            Some(Object::Name(n)) => {
                if let Some(b) = BaseEncoding::from_name(n) {
                    base = Some(b);
                    use_builtin = false;
                }
            }
            Some(Object::Dictionary(d)) => {
                if let Some(b) = get_name(doc, d, b"BaseEncoding").and_then(BaseEncoding::from_name) {
                    base = Some(b);
                    use_builtin = false;
                }
                if let Some(arr) = get_array(doc, d, b"Differences") {
                    let mut code: i64 = 0;
                    for item in arr.iter().take(4096) {
                        match resolve(doc, item) {
                            Object::Integer(i) => code = *i,
                            Object::Real(r) => code = *r as i64,
                            Object::Name(n) => {
                                if let Ok(c) = u8::try_from(code) {
                                    differences.push((c, String::from_utf8_lossy(n).into_owned()));
                                }
                                code += 1;
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        // Symbolic TrueType fonts without an encoding usually map codes straight to
        // Latin-1-like text in practice; WinAnsi is the most useful guess.
        if base.is_none() && !is_type3 {
            base = Some(BaseEncoding::WinAnsi);
        }

        let mut text: Vec<String> = vec![String::new(); 256];
        let mut enc_chars: Vec<Option<char>> = vec![None; 256];
        for code in 0..=255u8 {
            let c = base.and_then(|b| b.decode(code));
            enc_chars[usize::from(code)] = c;
        }
        if let (true, Some(names)) = (use_builtin, builtin) {
            // Codes the program leaves undefined stay unmapped, so only listed codes
            // are replaced (programs often list only the glyphs they contain).
            for (code, name) in names {
                differences.insert(0, (code, name));
            }
        }
        for (code, name) in &differences {
            let s = glyph_name_to_unicode(name).or_else(|| numeric_name(name, *code));
            enc_chars[usize::from(*code)] = s.as_ref().and_then(|s| {
                let mut it = s.chars();
                let first = it.next();
                if it.next().is_none() { first } else { None }
            });
            text[usize::from(*code)] = s.map(|s| clean(&s)).unwrap_or_default();
        }
        let diff_codes: std::collections::HashSet<u8> = differences.iter().map(|d| d.0).collect();
        for code in 0..=255u8 {
            let i = usize::from(code);
            let from_cmap = to_unicode.and_then(|cm| {
                cm.lookup_unicode(1, u32::from(code))
                    .or_else(|| cm.lookup_unicode(2, u32::from(code)))
            });
            if let Some(s) = from_cmap {
                text[i] = clean(&s);
            } else if !diff_codes.contains(&code) {
                text[i] = enc_chars[i].map(|c| clean(&c.to_string())).unwrap_or_default();
            }
        }

        // Widths: /Widths from /FirstChar, then standard metrics, then /MissingWidth.
        let first = get_f64(doc, dict, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
        let explicit =
            get_array(doc, dict, b"Widths").map(|a| a.iter().map(|o| as_f64(resolve(doc, o))).collect::<Vec<_>>());
        let missing = desc.and_then(|d| get_f64(doc, d, b"MissingWidth"));
        let all_zero = explicit
            .as_ref()
            .is_some_and(|w| w.iter().all(|v| v.unwrap_or(0.0) == 0.0));
        let mut widths = vec![0.0; 256];
        for (i, slot) in widths.iter_mut().enumerate() {
            let from_array = if all_zero {
                None
            } else {
                explicit
                    .as_ref()
                    .and_then(|w| i.checked_sub(first).and_then(|k| w.get(k).copied().flatten()))
            };
            let w = from_array
                .or_else(|| std.and_then(|s| std_width(s, enc_chars[i], i as u8)))
                .or(missing)
                .unwrap_or(if is_type3 { 0.0 } else { 500.0 });
            *slot = if w.is_finite() { w * sx } else { 0.0 };
        }
        if is_type3 && explicit.is_none() {
            // Without widths a Type3 font still needs some advance for layout.
            widths.iter_mut().for_each(|w| *w = 0.5);
        }

        let (ascent, descent) = if is_type3 {
            let bbox = get_array(doc, dict, b"FontBBox")
                .map(|a| numbers(doc, a))
                .unwrap_or_default();
            match bbox.as_slice() {
                [_, y0, _, y1] if (y1 - y0).abs() * sy.abs() > 0.2 && (y1 - y0).abs() * sy.abs() < 3.0 => {
                    ((y1 * sy).max(y0 * sy), (y0 * sy).min(y1 * sy))
                }
                _ => (0.75, -0.25),
            }
        } else {
            vertical_metrics(doc, desc, 0.001)
        };
        Font {
            kind: Kind::Simple { text, widths },
            to_unicode: None,
            identity_unicode: false,
            ascent,
            descent,
            vertical: false,
        }
    }

    fn load_type0(doc: &Document, dict: &Dictionary, to_unicode: Option<CMap>, limit: usize) -> Font {
        let mut vertical = false;
        let encoding = match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                vertical = n.ends_with(b"-V");
                if n == b"Identity-H" || n == b"Identity-V" {
                    CidEncoding::Identity
                } else if n.starts_with(b"Uni")
                    && (n.windows(4).any(|w| w == b"UCS2") || n.windows(5).any(|w| w == b"UTF16"))
                {
                    CidEncoding::Ucs2
                } else {
                    CidEncoding::Unknown
                }
            }
            Some(obj @ Object::Stream(s)) => {
                vertical = get_f64(doc, &s.dict, b"WMode").is_some_and(|w| w == 1.0);
                match stream_bytes(doc, obj, limit).ok().flatten() {
                    Some(b) => {
                        let cm = CMap::parse(&b);
                        match cm.use_cmap.as_deref() {
                            Some("Identity-H" | "Identity-V") if !cm.has_codespace() => CidEncoding::Identity,
                            _ if cm.has_codespace() => CidEncoding::Embedded(Box::new(cm)),
                            _ => CidEncoding::Identity,
                        }
                    }
                    None => CidEncoding::Identity,
                }
            }
            _ => CidEncoding::Identity,
        };
        let descendant = get_array(doc, dict, b"DescendantFonts")
            .and_then(|a| a.first())
            .map(|o| resolve(doc, o))
            .and_then(|o| match o {
                Object::Dictionary(d) => Some(d),
                _ => None,
            });
        let mut widths: Vec<(u32, u32, f64)> = Vec::new();
        let mut default_width = 1.0;
        let mut desc = None;
        if let Some(df) = descendant {
            if let Some(dw) = get_f64(doc, df, b"DW") {
                default_width = dw / 1000.0;
            }
            desc = get_dict(doc, df, b"FontDescriptor");
            if let Some(w) = get_array(doc, df, b"W") {
                parse_w(doc, w, &mut widths);
            }
        }
        widths.sort_by_key(|e| e.0);
        let (ascent, descent) = vertical_metrics(doc, desc, 0.001);
        Font {
            kind: Kind::Composite {
                encoding,
                widths,
                default_width,
            },
            to_unicode,
            identity_unicode: false,
            ascent,
            descent,
            vertical,
        }
    }

    /// Splits a shown string into glyphs.
    pub fn decode(&self, bytes: &[u8], out: &mut Vec<DecodedGlyph>) {
        match &self.kind {
            Kind::Simple { text, widths } => {
                for &b in bytes {
                    let i = usize::from(b);
                    out.push(DecodedGlyph {
                        text: text.get(i).cloned().unwrap_or_default(),
                        width: widths.get(i).copied().unwrap_or(0.0),
                        is_space_code: b == 32,
                    });
                }
            }
            Kind::Composite {
                encoding,
                widths,
                default_width,
            } => {
                let mut rest = bytes;
                while !rest.is_empty() {
                    let (len, code) = match encoding {
                        CidEncoding::Identity | CidEncoding::Ucs2 => two_byte(rest),
                        CidEncoding::Embedded(cm) => cm.next_code(rest, 2),
                        CidEncoding::Unknown => match &self.to_unicode {
                            Some(tu) if tu.has_codespace() => tu.next_code(rest, 2),
                            _ => two_byte(rest),
                        },
                    };
                    rest = rest.get(usize::from(len).max(1)..).unwrap_or(&[]);
                    let cid = match encoding {
                        CidEncoding::Embedded(cm) => cm.lookup_cid(len, code).unwrap_or(0),
                        _ => code,
                    };
                    let mut text = self
                        .to_unicode
                        .as_ref()
                        .and_then(|tu| tu.lookup_unicode(len, code))
                        .map(|s| clean(&s));
                    if text.is_none() && (self.identity_unicode || matches!(encoding, CidEncoding::Ucs2)) {
                        text = char::from_u32(code).map(|c| clean(&c.to_string()));
                    }
                    let width = lookup_width(widths, cid).unwrap_or(*default_width);
                    out.push(DecodedGlyph {
                        text: text.unwrap_or_default(),
                        width,
                        is_space_code: len == 1 && code == 32,
                    });
                }
            }
        }
    }
}

/// Producers of Type3 and bitmap fonts often name glyphs after their code (`a65`,
/// `g32`, `c97`); when the number equals the code, the code is the character.
fn numeric_name(name: &str, code: u8) -> Option<String> {
    let digits_at = name.find(|c: char| c.is_ascii_digit())?;
    let (prefix, digits) = name.split_at(digits_at);
    if !(1..=2).contains(&prefix.len()) || !prefix.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    if n != u32::from(code) || code < 32 {
        return None;
    }
    BaseEncoding::WinAnsi.decode(code).map(String::from)
}

/// Reads the `/Encoding` of an embedded Type1 program from its clear-text part:
/// `dup <code> /<glyph> put` entries. `StandardEncoding` yields `None` (our default).
fn type1_builtin_encoding(doc: &Document, desc: &Dictionary, limit: usize) -> Option<Vec<(u8, String)>> {
    let ff = get(doc, desc, b"FontFile")?;
    let bytes = stream_bytes(doc, ff, limit).ok()??;
    let clear_len = match ff {
        Object::Stream(s) => get_f64(doc, &s.dict, b"Length1").map(|v| v.max(0.0) as usize),
        _ => None,
    };
    let end = clear_len.unwrap_or(bytes.len()).min(bytes.len()).min(1 << 20);
    let head = bytes.get(..end)?;
    let start = head.windows(9).position(|w| w == b"/Encoding")? + 9;
    let rest = head.get(start..)?;
    let mut toks = rest.split(u8::is_ascii_whitespace).filter(|t| !t.is_empty()).peekable();
    if toks.peek().is_some_and(|t| t.starts_with(b"StandardEncoding")) {
        return None;
    }
    let mut out = Vec::new();
    let mut window: Vec<&[u8]> = Vec::new();
    for t in toks.take(20_000) {
        if t == b"readonly" || t == b"def" || t == b"eexec" || t.ends_with(b"eexec") {
            break;
        }
        window.push(t);
        if window.len() > 4 {
            window.remove(0);
        }
        if let [b"dup", code, name, b"put"] = window.as_slice()
            && let Some(name) = name.strip_prefix(b"/")
            && let Some(code) = std::str::from_utf8(code).ok().and_then(|c| c.parse::<u8>().ok())
        {
            out.push((code, String::from_utf8_lossy(name).into_owned()));
        }
    }
    if out.is_empty() { None } else { Some(out) }
}

fn two_byte(b: &[u8]) -> (u8, u32) {
    match b {
        [h, l, ..] => (2, (u32::from(*h) << 8) | u32::from(*l)),
        [h] => (1, u32::from(*h)),
        [] => (1, 0),
    }
}

fn lookup_width(widths: &[(u32, u32, f64)], cid: u32) -> Option<f64> {
    let idx = widths.partition_point(|e| e.0 <= cid);
    let e = widths.get(idx.checked_sub(1)?)?;
    if cid <= e.1 { Some(e.2) } else { None }
}

/// Parses a CIDFont `/W` array: `c [w1 w2 …]` and `cfirst clast w` forms.
fn parse_w(doc: &Document, w: &[Object], out: &mut Vec<(u32, u32, f64)>) {
    let mut i = 0;
    while i < w.len() && out.len() < 200_000 {
        let Some(first) = w.get(i).map(|o| resolve(doc, o)).and_then(as_f64) else {
            break;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| resolve(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, v) in ws.iter().enumerate().take(100_000) {
                    if let Some(v) = as_f64(resolve(doc, v)) {
                        let c = first.saturating_add(k as u32);
                        out.push((c, c, v / 1000.0));
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = as_f64(o).map(|v| v.max(0.0) as u32);
                let v = w.get(i + 2).map(|o| resolve(doc, o)).and_then(as_f64);
                if let (Some(last), Some(v)) = (last, v)
                    && last >= first
                {
                    out.push((first, last, v / 1000.0));
                }
                i += 3;
            }
            None => break,
        }
    }
}
