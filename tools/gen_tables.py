#!/usr/bin/env python3
"""Generates src/tables.rs: a glyph-name -> Unicode list (our own subset of the
Adobe Glyph List conventions) and compact advance-width tables for the standard 14
fonts. Widths are read from the metric-compatible URW base35 AFM files
(Debian package fonts-urw-base35); run once, the output is committed.
"""
import os, sys

AFM_DIR = "/usr/share/fonts/type1/urw-base35"

ascii_names = """space exclam quotedbl numbersign dollar percent ampersand quotesingle parenleft
parenright asterisk plus comma hyphen period slash zero one two three four five six seven eight
nine colon semicolon less equal greater question at""".split()
ascii_names += [chr(c) for c in range(ord('A'), ord('Z') + 1)]
ascii_names += "bracketleft backslash bracketright asciicircum underscore grave".split()
ascii_names += [chr(c) for c in range(ord('a'), ord('z') + 1)]
ascii_names += "braceleft bar braceright asciitilde".split()
assert len(ascii_names) == 95

latin1 = """nbspace exclamdown cent sterling currency yen brokenbar section dieresis copyright
ordfeminine guillemotleft logicalnot sfthyphen registered macron degree plusminus twosuperior
threesuperior acute mu paragraph periodcentered cedilla onesuperior ordmasculine guillemotright
onequarter onehalf threequarters questiondown Agrave Aacute Acircumflex Atilde Adieresis Aring AE
Ccedilla Egrave Eacute Ecircumflex Edieresis Igrave Iacute Icircumflex Idieresis Eth Ntilde Ograve
Oacute Ocircumflex Otilde Odieresis multiply Oslash Ugrave Uacute Ucircumflex Udieresis Yacute
Thorn germandbls agrave aacute acircumflex atilde adieresis aring ae ccedilla egrave eacute
ecircumflex edieresis igrave iacute icircumflex idieresis eth ntilde ograve oacute ocircumflex
otilde odieresis divide oslash ugrave uacute ucircumflex udieresis yacute thorn ydieresis""".split()
assert len(latin1) == 96, len(latin1)

latin_ext_a = """Amacron amacron Abreve abreve Aogonek aogonek Cacute cacute Ccircumflex ccircumflex
Cdotaccent cdotaccent Ccaron ccaron Dcaron dcaron Dcroat dcroat Emacron emacron Ebreve ebreve
Edotaccent edotaccent Eogonek eogonek Ecaron ecaron Gcircumflex gcircumflex Gbreve gbreve
Gdotaccent gdotaccent Gcommaaccent gcommaaccent Hcircumflex hcircumflex Hbar hbar Itilde itilde
Imacron imacron Ibreve ibreve Iogonek iogonek Idotaccent dotlessi IJ ij Jcircumflex jcircumflex
Kcommaaccent kcommaaccent kgreenlandic Lacute lacute Lcommaaccent lcommaaccent Lcaron lcaron Ldot
ldot Lslash lslash Nacute nacute Ncommaaccent ncommaaccent Ncaron ncaron napostrophe Eng eng
Omacron omacron Obreve obreve Ohungarumlaut ohungarumlaut OE oe Racute racute Rcommaaccent
rcommaaccent Rcaron rcaron Sacute sacute Scircumflex scircumflex Scedilla scedilla Scaron scaron
Tcommaaccent tcommaaccent Tcaron tcaron Tbar tbar Utilde utilde Umacron umacron Ubreve ubreve
Uring uring Uhungarumlaut uhungarumlaut Uogonek uogonek Wcircumflex wcircumflex Ycircumflex
ycircumflex Ydieresis Zacute zacute Zdotaccent zdotaccent Zcaron zcaron longs""".split()
assert len(latin_ext_a) == 128, len(latin_ext_a)

greek_upper = "Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho".split()
greek_upper2 = "Sigma Tau Upsilon Phi Chi Psi Omega".split()
greek_lower = """alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mugreek nu xi omicron pi
rho sigma1 sigma tau upsilon phi chi psi omega""".split()

extra = {
    "quoteright": 0x2019, "quoteleft": 0x2018, "florin": 0x192, "circumflex": 0x2C6,
    "caron": 0x2C7, "breve": 0x2D8, "dotaccent": 0x2D9, "ring": 0x2DA, "ogonek": 0x2DB,
    "tilde": 0x2DC, "hungarumlaut": 0x2DD, "endash": 0x2013, "emdash": 0x2014,
    "quotesinglbase": 0x201A, "quotedblleft": 0x201C, "quotedblright": 0x201D,
    "quotedblbase": 0x201E, "dagger": 0x2020, "daggerdbl": 0x2021, "bullet": 0x2022,
    "ellipsis": 0x2026, "perthousand": 0x2030, "guilsinglleft": 0x2039,
    "guilsinglright": 0x203A, "fraction": 0x2044, "Euro": 0x20AC, "euro": 0x20AC,
    "trademark": 0x2122, "minus": 0x2212, "fi": 0xFB01, "fl": 0xFB02, "ff": 0xFB00,
    "ffi": 0xFB03, "ffl": 0xFB04, "Scommaaccent": 0x218, "scommaaccent": 0x219,
    "lozenge": 0x25CA, "notequal": 0x2260, "lessequal": 0x2264, "greaterequal": 0x2265,
    "infinity": 0x221E, "partialdiff": 0x2202, "summation": 0x2211, "product": 0x220F,
    "integral": 0x222B, "radical": 0x221A, "approxequal": 0x2248, "increment": 0x2206,
    "Ohm": 0x2126, "dotlessj": 0x237, "middot": 0xB7, "overline": 0x203E,
    "universal": 0x2200, "existential": 0x2203, "suchthat": 0x220B, "asteriskmath": 0x2217,
    "congruent": 0x2245, "therefore": 0x2234, "perpendicular": 0x22A5, "similar": 0x223C,
    "minute": 0x2032, "second": 0x2033, "arrowleft": 0x2190, "arrowup": 0x2191,
    "arrowright": 0x2192, "arrowdown": 0x2193, "arrowboth": 0x2194, "proportional": 0x221D,
    "equivalence": 0x2261, "element": 0x2208, "notelement": 0x2209, "intersection": 0x2229,
    "union": 0x222A, "propersuperset": 0x2283, "reflexsuperset": 0x2287, "notsubset": 0x2284,
    "propersubset": 0x2282, "reflexsubset": 0x2286, "angle": 0x2220, "gradient": 0x2207,
    "logicaland": 0x2227, "logicalor": 0x2228, "arrowdblleft": 0x21D0, "arrowdblup": 0x21D1,
    "arrowdblright": 0x21D2, "arrowdbldown": 0x21D3, "arrowdblboth": 0x21D4, "aleph": 0x2135,
    "Ifraktur": 0x2111, "Rfraktur": 0x211C, "weierstrass": 0x2118, "circlemultiply": 0x2297,
    "circleplus": 0x2295, "emptyset": 0x2205, "club": 0x2663, "diamond": 0x2666,
    "heart": 0x2665, "spade": 0x2660, "angleleft": 0x2329, "angleright": 0x232A,
    "dotmath": 0x22C5, "theta1": 0x3D1, "phi1": 0x3D5, "omega1": 0x3D6, "Upsilon1": 0x3D2,
    "registersans": 0xAE, "copyrightsans": 0xA9, "trademarksans": 0x2122,
    "registerserif": 0xAE, "copyrightserif": 0xA9, "trademarkserif": 0x2122,
    "carriagereturn": 0x21B5, "ellipsis": 0x2026, "Tcedilla": 0x162, "tcedilla": 0x163,
    "Gcedilla": 0x122, "gcedilla": 0x123, "Kcedilla": 0x136, "kcedilla": 0x137,
    "Lcedilla": 0x13B, "lcedilla": 0x13C, "Ncedilla": 0x145, "ncedilla": 0x146,
    "Rcedilla": 0x156, "rcedilla": 0x157, "Ldotaccent": 0x13F, "ldotaccent": 0x140,
    "Dslash": 0x110, "dmacron": 0x111, "Gdot": 0x120, "gdot": 0x121, "Cdot": 0x10A,
    "cdot": 0x10B, "Edot": 0x116, "edot": 0x117, "Zdot": 0x17B, "zdot": 0x17C,
    "Idot": 0x130, "nbspace": 0xA0, "uni00A0": 0xA0, "hyphentwo": 0x2010,
    "figuredash": 0x2012, "quotereversed": 0x201B, "onedotenleader": 0x2024,
    "twodotenleader": 0x2025, "exclamdbl": 0x203C, "colonmonetary": 0x20A1,
    "franc": 0x20A3, "lira": 0x20A4, "peseta": 0x20A7, "afii61352": 0x2116,
    "estimated": 0x212E, "onethird": 0x2153, "twothirds": 0x2154, "oneeighth": 0x215B,
    "threeeighths": 0x215C, "fiveeighths": 0x215D, "seveneighths": 0x215E,
    "zerosuperior": 0x2070, "foursuperior": 0x2074, "fivesuperior": 0x2075,
    "sixsuperior": 0x2076, "sevensuperior": 0x2077, "eightsuperior": 0x2078,
    "ninesuperior": 0x2079, "zeroinferior": 0x2080, "oneinferior": 0x2081,
    "twoinferior": 0x2082, "threeinferior": 0x2083, "fourinferior": 0x2084,
    "fiveinferior": 0x2085, "sixinferior": 0x2086, "seveninferior": 0x2087,
    "eightinferior": 0x2088, "nineinferior": 0x2089, "filledbox": 0x25A0,
    "H22073": 0x25A1, "H18543": 0x25AA, "H18551": 0x25AB, "H18533": 0x25CF,
    "triagup": 0x25B2, "triagrt": 0x25BA, "triagdn": 0x25BC, "triaglf": 0x25C4,
    "circle": 0x25CB, "openbullet": 0x25E6, "Acute": 0xB4, "commaaccent": 0x326,
    "dieresistonos": 0x385, "tonos": 0x384, "Wgrave": 0x1E80, "wgrave": 0x1E81,
    "Wacute": 0x1E82, "wacute": 0x1E83, "Wdieresis": 0x1E84, "wdieresis": 0x1E85,
    "Ygrave": 0x1EF2, "ygrave": 0x1EF3, "AEacute": 0x1FC, "aeacute": 0x1FD,
    "Oslashacute": 0x1FE, "oslashacute": 0x1FF, "Aringacute": 0x1FA, "aringacute": 0x1FB,
    "gravecomb": 0x300, "acutecomb": 0x301, "tildecomb": 0x303, "hookabovecomb": 0x309,
    "dotbelowcomb": 0x323, "Ohorn": 0x1A0, "ohorn": 0x1A1, "Uhorn": 0x1AF, "uhorn": 0x1B0,
    "dong": 0x20AB, "checkmark": 0x2713, "house": 0x2302, "SF100000": 0x2500,
    "SF110000": 0x2502, "SF010000": 0x250C, "SF030000": 0x2510, "SF020000": 0x2514,
    "SF040000": 0x2518, "SF080000": 0x253C, "ltshade": 0x2591, "shade": 0x2592,
    "dkshade": 0x2593, "block": 0x2588, "lowlinecomb": 0x332, "arrowupdn": 0x2195,
    "space_uni0020": 0x20,
}

names = {}
for i, n in enumerate(ascii_names):
    names[n] = 0x20 + i
for i, n in enumerate(latin1):
    names[n] = 0xA0 + i
for i, n in enumerate(latin_ext_a):
    names[n] = 0x100 + i
for i, n in enumerate(greek_upper):
    names[n] = 0x391 + i
for i, n in enumerate(greek_upper2):
    names[n] = 0x3A3 + i
for i, n in enumerate(greek_lower):
    names[n] = 0x3B1 + i
names["mu"] = 0xB5

for k, v in extra.items():
    if k == "space_uni0020":
        continue
    names.setdefault(k, v)
# AGL also knows these aliases.
names["Omega"] = 0x3A9
names["Delta"] = 0x394
names["hyphen"] = 0x2D
names["space"] = 0x20


def read_afm(fname):
    by_name, by_code = {}, {}
    with open(os.path.join(AFM_DIR, fname), encoding="latin-1") as f:
        for line in f:
            if not line.startswith("C "):
                continue
            parts = [p.strip() for p in line.split(";")]
            code = int(parts[0].split()[1])
            wx = int(round(float(parts[1].split()[1])))
            name = parts[2].split()[1]
            by_name[name] = wx
            if code >= 0:
                by_code[code] = (name, wx)
    return by_name, by_code


fonts = [
    ("HELVETICA", "NimbusSans-Regular.afm"),
    ("HELVETICA_BOLD", "NimbusSans-Bold.afm"),
    ("TIMES_ROMAN", "NimbusRoman-Regular.afm"),
    ("TIMES_BOLD", "NimbusRoman-Bold.afm"),
    ("TIMES_ITALIC", "NimbusRoman-Italic.afm"),
    ("TIMES_BOLD_ITALIC", "NimbusRoman-BoldItalic.afm"),
]
metrics = {k: read_afm(f)[0] for k, f in fonts}
# Keep the Standard Latin character set the core fonts cover: names present in the
# Helvetica metrics that we can map to Unicode.
chars = sorted({names[n] for n in metrics["HELVETICA"] if n in names and names[n] >= 0x20})
rev = {}
for n, cp in names.items():
    rev.setdefault(cp, []).append(n)

out = []
out.append("//! Generated by `tools/gen_tables.py`; do not edit by hand.\n//!\n"
           "//! Glyph-name to Unicode table (our subset of the Adobe Glyph List naming) and\n"
           "//! advance widths (1/1000 em) of the standard 14 fonts, keyed by Unicode scalar.\n")
out.append("/// Glyph names sorted by name (byte order) for binary search.")
out.append("pub(crate) static GLYPH_NAMES: &[(&str, u32)] = &[")
for n in sorted(names):
    out.append(f"    (\"{n}\", 0x{names[n]:04X}),")
out.append("];\n")
out.append("/// Unicode scalars with a standard-14 width, sorted; the width arrays below are parallel.")
out.append("pub(crate) static STD_CHARS: &[u32] = &[")
line = "   "
for c in chars:
    line += f" 0x{c:04X},"
    if len(line) > 90:
        out.append(line); line = "   "
if line.strip(): out.append(line)
out.append("];\n")


def width_for(table, cp):
    for n in rev.get(cp, []):
        if n in table:
            return table[n]
    return 0

for k, _ in fonts:
    out.append(f"pub(crate) static {k}: &[u16] = &[")
    line = "   "
    for c in chars:
        line += f" {width_for(metrics[k], c)},"
        if len(line) > 90:
            out.append(line); line = "   "
    if line.strip(): out.append(line)
    out.append("];\n")

for k, f in [("SYMBOL", "StandardSymbolsPS.afm"), ("ZAPF_DINGBATS", "D050000L.afm")]:
    _, by_code = read_afm(f)
    out.append(f"/// {k}: built-in encoding, code -> (width, Unicode or 0).")
    out.append(f"pub(crate) static {k}_CODES: &[(u8, u16, u32)] = &[")
    for code in sorted(by_code):
        name, wx = by_code[code]
        cp = names.get(name, 0)
        if k == "ZAPF_DINGBATS" and name != "space":
            cp = 0
        out.append(f"    ({code}, {wx}, 0x{cp:04X}),")
    out.append("];\n")

with open(os.path.join(os.path.dirname(__file__), "..", "src", "tables.rs"), "w") as f:
    f.write("\n".join(out))
print(len(names), "names;", len(chars), "chars")
