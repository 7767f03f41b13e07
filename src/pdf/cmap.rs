//! CMap parsing: ToUnicode maps and embedded encoding CMaps of Type0 fonts.
//!
//! Owns the tokenizer for the PostScript-like CMap syntax and the resulting
//! lookup structure: codespace ranges (which decide how many bytes a code takes),
//! code -> Unicode text (`bfchar`/`bfrange`, incl. the array form, multi-char
//! destinations and UTF-16 surrogate pairs) and code -> CID (`cidchar`/`cidrange`).
//! Ranges are stored unexpanded so a hostile `<0000> <FFFFFFFF>` range costs nothing.

use std::collections::HashMap;

/// Upper bound on the entries we keep from one CMap; real ones stay far below.
const MAX_ENTRIES: usize = 200_000;

#[derive(Clone, Debug)]
struct CodeSpace {
    len: u8,
    lo: [u8; 4],
    hi: [u8; 4],
}

#[derive(Clone, Debug)]
enum RangeDst {
    /// Destination text of the first code; later codes increment its last UTF-16 unit.
    Incr(Vec<u16>),
    /// One destination per code.
    Array(Vec<String>),
    /// First CID of a `cidrange`.
    Cid(u32),
}

#[derive(Clone, Debug)]
struct Range {
    len: u8,
    lo: u32,
    hi: u32,
    dst: RangeDst,
}

/// A parsed CMap. Keys are (byte length, code value) so `<41>` and `<0041>` differ.
#[derive(Clone, Debug, Default)]
pub struct CMap {
    codespaces: Vec<CodeSpace>,
    chars: HashMap<(u8, u32), String>,
    cids: HashMap<(u8, u32), u32>,
    ranges: Vec<Range>,
    /// Name of a predefined CMap referenced with `usecmap`, if any.
    pub use_cmap: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Int(i64),
    Name(String),
    Word(String),
    ArrOpen,
    ArrClose,
    Str(Vec<u8>),
}

fn tokenize(data: &[u8]) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let Some(&c) = data.get(i) else { break };
        match c {
            b'%' => {
                while i < data.len() && !matches!(data.get(i), Some(b'\n' | b'\r')) {
                    i += 1;
                }
            }
            b'<' => {
                if data.get(i + 1) == Some(&b'<') {
                    i += 2;
                    continue;
                }
                i += 1;
                let mut digits = Vec::new();
                while let Some(&d) = data.get(i) {
                    i += 1;
                    if d == b'>' {
                        break;
                    }
                    if d.is_ascii_hexdigit() {
                        digits.push(d);
                    }
                }
                if digits.len() % 2 == 1 {
                    digits.push(b'0');
                }
                let bytes = digits.chunks(2).map(|p| (hex_val(p[0]) << 4) | hex_val(p[1])).collect();
                toks.push(Tok::Hex(bytes));
            }
            b'>' => i += 1,
            b'[' => {
                toks.push(Tok::ArrOpen);
                i += 1;
            }
            b']' => {
                toks.push(Tok::ArrClose);
                i += 1;
            }
            b'(' => {
                // Literal strings appear in headers (Registry) and rarely as bfchar
                // destinations; we keep raw bytes, escapes resolved minimally.
                i += 1;
                let mut depth = 1;
                let mut s = Vec::new();
                while let Some(&d) = data.get(i) {
                    i += 1;
                    match d {
                        b'\\' => {
                            if let Some(&e) = data.get(i) {
                                s.push(e);
                                i += 1;
                            }
                        }
                        b'(' => {
                            depth += 1;
                            s.push(d);
                        }
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                            s.push(d);
                        }
                        _ => s.push(d),
                    }
                }
                toks.push(Tok::Str(s));
            }
            b'/' => {
                i += 1;
                let start = i;
                while let Some(&d) = data.get(i) {
                    if is_delim(d) || d.is_ascii_whitespace() {
                        break;
                    }
                    i += 1;
                }
                toks.push(Tok::Name(String::from_utf8_lossy(&data[start..i]).into_owned()));
            }
            _ if c.is_ascii_whitespace() => i += 1,
            b'{' | b'}' | b')' => i += 1,
            _ => {
                let start = i;
                while let Some(&d) = data.get(i) {
                    if is_delim(d) || d.is_ascii_whitespace() {
                        break;
                    }
                    i += 1;
                }
                if i == start {
                    i += 1;
                    continue;
                }
                let word = &data[start..i];
                match std::str::from_utf8(word).ok().and_then(|s| s.parse::<i64>().ok()) {
                    Some(n) => toks.push(Tok::Int(n)),
                    None => toks.push(Tok::Word(String::from_utf8_lossy(word).into_owned())),
                }
            }
        }
    }
    toks
}

fn is_delim(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn hex_val(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

fn code_value(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    let v = bytes.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
    Some((bytes.len() as u8, v))
}

/// UTF-16BE bytes to text; unpaired surrogates are dropped. An odd trailing byte is
/// treated as a one-byte code (some producers write `<41>` as destination).
pub fn utf16be_to_string(bytes: &[u8]) -> String {
    if bytes.len() == 1 {
        return char::from_u32(u32::from(bytes[0]))
            .map(String::from)
            .unwrap_or_default();
    }
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| {
            if c.len() == 2 {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from(c[0])
            }
        })
        .collect();
    char::decode_utf16(units).filter_map(Result::ok).collect()
}

impl CMap {
    /// Parses CMap data. Never fails: unparsable parts are ignored.
    pub fn parse(data: &[u8]) -> CMap {
        let toks = tokenize(data);
        let mut cm = CMap::default();
        let mut i = 0;
        let mut entries = 0usize;
        while i < toks.len() {
            let Some(Tok::Word(w)) = toks.get(i) else {
                if let (Some(Tok::Name(n)), Some(Tok::Word(w))) = (toks.get(i), toks.get(i + 1))
                    && w == "usecmap"
                {
                    cm.use_cmap = Some(n.clone());
                }
                i += 1;
                continue;
            };
            i += 1;
            match w.as_str() {
                "begincodespacerange" => {
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) = (toks.get(i), toks.get(i + 1)) {
                        i += 2;
                        if lo.len() == hi.len() && !lo.is_empty() && lo.len() <= 4 {
                            let mut l = [0u8; 4];
                            let mut h = [0u8; 4];
                            l[..lo.len()].copy_from_slice(lo);
                            h[..hi.len()].copy_from_slice(hi);
                            cm.codespaces.push(CodeSpace {
                                len: lo.len() as u8,
                                lo: l,
                                hi: h,
                            });
                        }
                    }
                }
                "beginbfchar" => {
                    while let (Some(Tok::Hex(src)), Some(dst)) = (toks.get(i), toks.get(i + 1)) {
                        i += 2;
                        let text = match dst {
                            Tok::Hex(b) => utf16be_to_string(b),
                            Tok::Name(n) => crate::pdf::encodings::glyph_name_to_unicode(n).unwrap_or_default(),
                            Tok::Str(b) => utf16be_to_string(b),
                            _ => continue,
                        };
                        if let Some(key) = code_value(src)
                            && entries < MAX_ENTRIES
                        {
                            entries += 1;
                            cm.chars.insert(key, text);
                        }
                    }
                }
                "beginbfrange" => {
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) = (toks.get(i), toks.get(i + 1)) {
                        i += 2;
                        let dst = match toks.get(i) {
                            Some(Tok::Hex(b)) => {
                                i += 1;
                                let units = b
                                    .chunks(2)
                                    .map(|c| {
                                        if c.len() == 2 {
                                            u16::from_be_bytes([c[0], c[1]])
                                        } else {
                                            u16::from(c[0])
                                        }
                                    })
                                    .collect();
                                Some(RangeDst::Incr(units))
                            }
                            Some(Tok::ArrOpen) => {
                                i += 1;
                                let mut items = Vec::new();
                                while let Some(t) = toks.get(i) {
                                    i += 1;
                                    match t {
                                        Tok::Hex(b) if items.len() < MAX_ENTRIES => {
                                            items.push(utf16be_to_string(b));
                                        }
                                        Tok::Name(n) => items
                                            .push(crate::pdf::encodings::glyph_name_to_unicode(n).unwrap_or_default()),
                                        Tok::ArrClose => break,
                                        _ => {}
                                    }
                                }
                                Some(RangeDst::Array(items))
                            }
                            _ => None,
                        };
                        if let (Some(dst), Some((len, l)), Some((hlen, h))) = (dst, code_value(lo), code_value(hi))
                            && len == hlen
                            && l <= h
                            && entries < MAX_ENTRIES
                        {
                            entries += 1;
                            cm.ranges.push(Range { len, lo: l, hi: h, dst });
                        }
                    }
                }
                "begincidchar" => {
                    while let (Some(Tok::Hex(src)), Some(Tok::Int(cid))) = (toks.get(i), toks.get(i + 1)) {
                        i += 2;
                        if let Some(key) = code_value(src)
                            && entries < MAX_ENTRIES
                            && let Ok(cid) = u32::try_from(*cid)
                        {
                            entries += 1;
                            cm.cids.insert(key, cid);
                        }
                    }
                }
                "begincidrange" => {
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi)), Some(Tok::Int(cid))) =
                        (toks.get(i), toks.get(i + 1), toks.get(i + 2))
                    {
                        i += 3;
                        if let (Some((len, l)), Some((hlen, h)), Ok(cid)) =
                            (code_value(lo), code_value(hi), u32::try_from(*cid))
                            && len == hlen
                            && l <= h
                            && entries < MAX_ENTRIES
                        {
                            entries += 1;
                            cm.ranges.push(Range {
                                len,
                                lo: l,
                                hi: h,
                                dst: RangeDst::Cid(cid),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        cm
    }

    /// True when the CMap declares codespace ranges (and so can split byte strings).
    pub fn has_codespace(&self) -> bool {
        !self.codespaces.is_empty()
    }

    /// True when the CMap maps any code to text.
    pub fn has_unicode(&self) -> bool {
        !self.chars.is_empty() || self.ranges.iter().any(|r| !matches!(r.dst, RangeDst::Cid(_)))
    }

    /// Splits the next code off `bytes` using the codespace ranges; returns its
    /// (length, value). Without a matching range we take the shortest declared length
    /// (or `fallback_len`) so that decoding always advances.
    pub fn next_code(&self, bytes: &[u8], fallback_len: u8) -> (u8, u32) {
        for n in 1..=4u8 {
            let Some(prefix) = bytes.get(..usize::from(n)) else {
                break;
            };
            let hit = self
                .codespaces
                .iter()
                .any(|cs| cs.len == n && prefix.iter().enumerate().all(|(k, b)| *b >= cs.lo[k] && *b <= cs.hi[k]));
            if hit {
                return code_value(prefix).unwrap_or((1, 0));
            }
        }
        let n = self
            .codespaces
            .iter()
            .map(|c| c.len)
            .min()
            .unwrap_or(fallback_len)
            .max(1);
        let n = usize::from(n).min(bytes.len()).max(1);
        code_value(&bytes[..n.min(bytes.len())]).unwrap_or((1, 0))
    }

    /// Unicode text for a code, if mapped.
    pub fn lookup_unicode(&self, len: u8, code: u32) -> Option<String> {
        if let Some(s) = self.chars.get(&(len, code)) {
            return Some(s.clone());
        }
        // Later ranges win, as later definitions override earlier ones.
        for r in self.ranges.iter().rev() {
            if r.len != len || code < r.lo || code > r.hi {
                continue;
            }
            let off = code - r.lo;
            match &r.dst {
                RangeDst::Incr(units) => {
                    let mut units = units.clone();
                    if let Some(last) = units.last_mut() {
                        *last = last.wrapping_add(off as u16);
                    }
                    return Some(char::decode_utf16(units).filter_map(Result::ok).collect());
                }
                RangeDst::Array(items) => {
                    return items.get(off as usize).cloned();
                }
                RangeDst::Cid(_) => {}
            }
        }
        None
    }

    /// CID for a code, if the CMap maps it.
    pub fn lookup_cid(&self, len: u8, code: u32) -> Option<u32> {
        if let Some(c) = self.cids.get(&(len, code)) {
            return Some(*c);
        }
        for r in self.ranges.iter().rev() {
            if r.len == len
                && code >= r.lo
                && code <= r.hi
                && let RangeDst::Cid(c) = r.dst
            {
                return Some(c.saturating_add(code - r.lo));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bfchar_bfrange_and_codespace() {
        let src = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
            1 begincodespacerange <0000> <FFFF> endcodespacerange
            3 beginbfchar <0003> <0020> <0044> <00660069> <0050> <D83DDE00> endbfchar
            2 beginbfrange <0010> <0012> <0041> <0020> <0021> [<0061> <00620063>] endbfrange
            endcmap";
        let cm = CMap::parse(src);
        assert_eq!(cm.next_code(&[0, 0x44, 1], 1), (2, 0x44));
        assert_eq!(cm.lookup_unicode(2, 3).as_deref(), Some(" "));
        assert_eq!(cm.lookup_unicode(2, 0x44).as_deref(), Some("fi"));
        assert_eq!(cm.lookup_unicode(2, 0x50).as_deref(), Some("😀"));
        assert_eq!(cm.lookup_unicode(2, 0x11).as_deref(), Some("B"));
        assert_eq!(cm.lookup_unicode(2, 0x21).as_deref(), Some("bc"));
        assert_eq!(cm.lookup_unicode(2, 0x13), None);
    }

    #[test]
    fn mixed_codespace_lengths() {
        let cm = CMap::parse(b"2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange");
        assert_eq!(cm.next_code(&[0x41, 0x81], 2), (1, 0x41));
        assert_eq!(cm.next_code(&[0x81, 0x40], 2), (2, 0x8140));
    }
}
