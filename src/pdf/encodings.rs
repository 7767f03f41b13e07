//! Simple-font encodings and glyph names.
//!
//! Owns the four base encodings a PDF may name (WinAnsi, MacRoman, Standard,
//! PDFDoc), the built-in encodings of Symbol and ZapfDingbats, and the mapping
//! from glyph names (as used in `/Differences`) to Unicode text.

use crate::pdf::tables::{GLYPH_NAMES, SYMBOL_CODES};

/// A base encoding for simple fonts: one optional Unicode scalar per byte code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseEncoding {
    WinAnsi,
    MacRoman,
    Standard,
    PdfDoc,
    Symbol,
    /// ZapfDingbats has no useful Unicode text for our purposes (ornaments); we
    /// still need to know it is not Latin so that codes do not turn into letters.
    ZapfDingbats,
}

impl BaseEncoding {
    /// Parses an encoding name as found in `/Encoding` or `/BaseEncoding`.
    pub fn from_name(name: &[u8]) -> Option<Self> {
        match name {
            b"WinAnsiEncoding" => Some(Self::WinAnsi),
            b"MacRomanEncoding" | b"MacExpertEncoding" => Some(Self::MacRoman),
            b"StandardEncoding" => Some(Self::Standard),
            b"PDFDocEncoding" => Some(Self::PdfDoc),
            _ => None,
        }
    }

    /// Unicode scalar for a byte code, if the encoding defines one.
    pub fn decode(self, code: u8) -> Option<char> {
        let cp = match self {
            Self::WinAnsi => win_ansi(code),
            Self::MacRoman => mac_roman(code),
            Self::Standard => standard(code),
            Self::PdfDoc => pdf_doc(code),
            Self::Symbol => symbol(code),
            Self::ZapfDingbats => {
                if code == 32 {
                    0x20
                } else {
                    0
                }
            }
        };
        if cp == 0 { None } else { char::from_u32(cp) }
    }
}

/// Windows-1252 as PDF's WinAnsiEncoding uses it. Codes the spec leaves undefined
/// decode to nothing; the non-breaking space and soft hyphen keep their Latin-1 meaning
/// except that the soft hyphen is drawn as a visible hyphen, so we emit one.
fn win_ansi(code: u8) -> u32 {
    const HIGH: [u32; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D,
        0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,
        0x017E, 0x0178,
    ];
    match code {
        0x20..=0x7E => u32::from(code),
        0x80..=0x9F => HIGH[usize::from(code - 0x80)],
        0xAD => 0x2D,
        0xA0..=0xFF => u32::from(code),
        _ => 0,
    }
}

fn mac_roman(code: u8) -> u32 {
    const HIGH: [u32; 128] = [
        0xC4, 0xC5, 0xC7, 0xC9, 0xD1, 0xD6, 0xDC, 0xE1, 0xE0, 0xE2, 0xE4, 0xE3, 0xE5, 0xE7, 0xE9, 0xE8, // 0x80
        0xEA, 0xEB, 0xED, 0xEC, 0xEE, 0xEF, 0xF1, 0xF3, 0xF2, 0xF4, 0xF6, 0xF5, 0xFA, 0xF9, 0xFB, 0xFC, // 0x90
        0x2020, 0xB0, 0xA2, 0xA3, 0xA7, 0x2022, 0xB6, 0xDF, 0xAE, 0xA9, 0x2122, 0xB4, 0xA8, 0x2260, 0xC6,
        0xD8, // 0xA0
        0x221E, 0xB1, 0x2264, 0x2265, 0xA5, 0xB5, 0x2202, 0x2211, 0x220F, 0x3C0, 0x222B, 0xAA, 0xBA, 0x3A9, 0xE6,
        0xF8, // 0xB0
        0xBF, 0xA1, 0xAC, 0x221A, 0x192, 0x2248, 0x2206, 0xAB, 0xBB, 0x2026, 0xA0, 0xC0, 0xC3, 0xD5, 0x152,
        0x153, // 0xC0
        0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0xF7, 0x25CA, 0xFF, 0x178, 0x2044, 0xA4, 0x2039, 0x203A,
        0xFB01, 0xFB02, // 0xD0
        0x2021, 0xB7, 0x201A, 0x201E, 0x2030, 0xC2, 0xCA, 0xC1, 0xCB, 0xC8, 0xCD, 0xCE, 0xCF, 0xCC, 0xD3,
        0xD4, // 0xE0
        0, 0xD2, 0xDA, 0xDB, 0xD9, 0x131, 0x2C6, 0x2DC, 0xAF, 0x2D8, 0x2D9, 0x2DA, 0xB8, 0x2DD, 0x2DB,
        0x2C7, // 0xF0
    ];
    match code {
        0x20..=0x7E => u32::from(code),
        0x80..=0xFF => HIGH[usize::from(code - 0x80)],
        _ => 0,
    }
}

fn standard(code: u8) -> u32 {
    match code {
        0x27 => 0x2019,
        0x60 => 0x2018,
        0x20..=0x7E => u32::from(code),
        0xA1 => 0xA1,
        0xA2 => 0xA2,
        0xA3 => 0xA3,
        0xA4 => 0x2044,
        0xA5 => 0xA5,
        0xA6 => 0x192,
        0xA7 => 0xA7,
        0xA8 => 0xA4,
        0xA9 => 0x27,
        0xAA => 0x201C,
        0xAB => 0xAB,
        0xAC => 0x2039,
        0xAD => 0x203A,
        0xAE => 0xFB01,
        0xAF => 0xFB02,
        0xB1 => 0x2013,
        0xB2 => 0x2020,
        0xB3 => 0x2021,
        0xB4 => 0xB7,
        0xB6 => 0xB6,
        0xB7 => 0x2022,
        0xB8 => 0x201A,
        0xB9 => 0x201E,
        0xBA => 0x201D,
        0xBB => 0xBB,
        0xBC => 0x2026,
        0xBD => 0x2030,
        0xBF => 0xBF,
        0xC1 => 0x60,
        0xC2 => 0xB4,
        0xC3 => 0x2C6,
        0xC4 => 0x2DC,
        0xC5 => 0xAF,
        0xC6 => 0x2D8,
        0xC7 => 0x2D9,
        0xC8 => 0xA8,
        0xCA => 0x2DA,
        0xCB => 0xB8,
        0xCD => 0x2DD,
        0xCE => 0x2DB,
        0xCF => 0x2C7,
        0xD0 => 0x2014,
        0xE1 => 0xC6,
        0xE3 => 0xAA,
        0xE8 => 0x141,
        0xE9 => 0xD8,
        0xEA => 0x152,
        0xEB => 0xBA,
        0xF1 => 0xE6,
        0xF5 => 0x131,
        0xF8 => 0x142,
        0xF9 => 0xF8,
        0xFA => 0x153,
        0xFB => 0xDF,
        _ => 0,
    }
}

fn pdf_doc(code: u8) -> u32 {
    const LOW: [u32; 8] = [0x2D8, 0x2C7, 0x2C6, 0x2D9, 0x2DD, 0x2DB, 0x2DA, 0x2DC];
    const HIGH: [u32; 32] = [
        0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x192, 0x2044, 0x2039, 0x203A, 0x2212, 0x2030, 0x201E, 0x201C,
        0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x141, 0x152, 0x160, 0x178, 0x17D, 0x131, 0x142, 0x153,
        0x161, 0x17E, 0,
    ];
    match code {
        0x09 | 0x0A | 0x0D => u32::from(code),
        0x18..=0x1F => LOW[usize::from(code - 0x18)],
        0x20..=0x7E => u32::from(code),
        0x80..=0x9F => HIGH[usize::from(code - 0x80)],
        0xA0 => 0x20AC,
        0xA1..=0xFF => u32::from(code),
        _ => 0,
    }
}

fn symbol(code: u8) -> u32 {
    SYMBOL_CODES
        .binary_search_by_key(&code, |e| e.0)
        .ok()
        .and_then(|i| SYMBOL_CODES.get(i))
        .map_or(0, |e| e.2)
}

/// Unicode text for a glyph name, following the Adobe Glyph List conventions:
/// known names, `uniXXXX[XXXX…]` (UTF-16 code units, several allowed), `uXXXX[XX]`,
/// suffixes after `.` ignored, and `_`-joined ligature components.
pub fn glyph_name_to_unicode(name: &str) -> Option<String> {
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return None;
    }
    if base.contains('_') {
        let mut out = String::new();
        for part in base.split('_') {
            out.push_str(&single_component(part)?);
        }
        return Some(out);
    }
    single_component(base)
}

fn single_component(name: &str) -> Option<String> {
    if let Ok(i) = GLYPH_NAMES.binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes())) {
        return GLYPH_NAMES
            .get(i)
            .and_then(|(_, cp)| char::from_u32(*cp))
            .map(String::from);
    }
    if let Some(hex) = name.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let units: Vec<u16> = hex
                .as_bytes()
                .chunks(4)
                .filter_map(|c| std::str::from_utf8(c).ok())
                .filter_map(|s| u16::from_str_radix(s, 16).ok())
                .collect();
            let s: String = char::decode_utf16(units.iter().copied())
                .filter_map(Result::ok)
                .collect();
            return if s.is_empty() { None } else { Some(s) };
        }
        return None;
    }
    if let Some(hex) = name.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .map(String::from);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(glyph_name_to_unicode("eacute").as_deref(), Some("é"));
        assert_eq!(glyph_name_to_unicode("Euro").as_deref(), Some("€"));
        assert_eq!(glyph_name_to_unicode("fi").as_deref(), Some("\u{FB01}"));
        assert_eq!(glyph_name_to_unicode("uni20AC").as_deref(), Some("€"));
        assert_eq!(glyph_name_to_unicode("u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_name_to_unicode("f_f_i").as_deref(), Some("ffi"));
        assert_eq!(glyph_name_to_unicode("a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_name_to_unicode("Zcaron").as_deref(), Some("Ž"));
        assert_eq!(glyph_name_to_unicode("longs").as_deref(), Some("ſ"));
        assert_eq!(glyph_name_to_unicode("g123"), None);
    }

    #[test]
    fn base_encodings() {
        assert_eq!(BaseEncoding::WinAnsi.decode(0x80), Some('€'));
        assert_eq!(BaseEncoding::WinAnsi.decode(0xE9), Some('é'));
        assert_eq!(BaseEncoding::MacRoman.decode(0x8E), Some('é'));
        assert_eq!(BaseEncoding::Standard.decode(0xAE), Some('\u{FB01}'));
        assert_eq!(BaseEncoding::PdfDoc.decode(0xA0), Some('€'));
        assert_eq!(BaseEncoding::Symbol.decode(0x61), Some('α'));
    }
}
