//! Content-stream interpretation.
//!
//! Owns the tokenizer for page and form content streams (numbers, names, strings,
//! arrays, dictionaries, inline images skipped safely) and the interpreter of the
//! operators that matter for text: graphics state (`q`/`Q`/`cm`), text objects and
//! state (`BT`/`ET`, `Tf`, `Tm`, `Td`, `TD`, `T*`, `TL`, `Tc`, `Tw`, `Tz`, `Ts`),
//! text showing (`Tj`, `TJ`, `'`, `"`) and Form XObjects (`Do`). Its output is a list
//! of positioned glyphs in display coordinates (top-left origin of the rotated,
//! cropped page), in content order, plus where image XObjects were drawn (so OCR can map
//! a scanned image's pixels onto the page).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::pdf::document::{get_array, get_dict, get_name, numbers, resolve, stream_bytes};
use crate::pdf::fonts::{DecodedGlyph, Font};
use crate::pdf::{Limits, TextError};

/// Affine matrix `[a b c d e f]` in PDF's row-vector convention.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Matrix(pub [f64; 6]);

impl Matrix {
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × other`: apply `self` first, then `other`.
    pub fn then(&self, o: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [oa, ob, oc, od, oe, of] = o.0;
        Matrix([
            a * oa + b * oc,
            a * ob + b * od,
            c * oa + d * oc,
            c * ob + d * od,
            e * oa + f * oc + oe,
            e * ob + f * od + of,
        ])
    }

    pub fn apply(&self, x: f64, y: f64) -> [f64; 2] {
        let [a, b, c, d, e, f] = self.0;
        [x * a + y * c + e, x * b + y * d + f]
    }

    fn translate(tx: f64, ty: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    fn from_operands(ops: &[Operand]) -> Option<Matrix> {
        let n: Vec<f64> = ops.iter().filter_map(Operand::num).collect();
        let m: [f64; 6] = n.get(n.len().checked_sub(6)?..)?.try_into().ok()?;
        if m.iter().all(|v| v.is_finite()) {
            Some(Matrix(m))
        } else {
            None
        }
    }
}

/// A glyph placed on the page, in display coordinates (points, y down).
#[derive(Clone, Debug)]
pub struct Glyph {
    pub text: String,
    /// Pen position on the baseline.
    pub origin: [f64; 2],
    /// Advance vector of the glyph itself (without character or word spacing).
    pub adv: [f64; 2],
    /// From the origin to the ascent line and to the descent line.
    pub up: [f64; 2],
    pub down: [f64; 2],
    /// Unit vector of the reading direction.
    pub dir: [f64; 2],
    /// Font size in display units.
    pub size: f64,
    /// Position in content order.
    pub seq: u32,
    /// True when this glyph does not directly continue the previous glyph of the same
    /// string (first of a show operator, or after a `TJ` adjustment / unmapped glyph),
    /// so a gap before it may be a word break.
    pub run_start: bool,
    /// A space glyph (not kept as a glyph) was shown between the previous glyph in
    /// content order and this one.
    pub space_before: bool,
}

/// An image XObject drawn on the page: its object and the transformation from the image's
/// unit square (image row 0 at the top, v = 1) to display coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ImagePlacement {
    pub id: ObjectId,
    pub ctm: Matrix,
}

/// Image placements recorded per page at most; a page drawing more is no scan.
const MAX_IMAGES_PER_PAGE: usize = 1000;

#[derive(Clone, Debug)]
enum Operand {
    Num(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    Other,
}

impl Operand {
    fn num(&self) -> Option<f64> {
        match self {
            Operand::Num(n) => Some(*n),
            _ => None,
        }
    }
}

enum Token<'a> {
    Operand(Operand),
    Op(&'a [u8]),
    ArrayEnd,
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delim(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

const MAX_ARRAY_DEPTH: usize = 16;

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if is_ws(c) {
                self.pos += 1;
            } else if c == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn next_token(&mut self, depth: usize) -> Option<Token<'a>> {
        loop {
            self.skip_ws();
            let c = self.peek()?;
            match c {
                b'[' => {
                    self.pos += 1;
                    let mut items = Vec::new();
                    loop {
                        match self.next_token(depth + 1) {
                            None | Some(Token::ArrayEnd) => break,
                            Some(Token::Operand(o)) => {
                                if depth < MAX_ARRAY_DEPTH && items.len() < 1_000_000 {
                                    items.push(o);
                                }
                            }
                            // An operator inside an array means the array was never
                            // closed; hand the operator back by rewinding.
                            Some(Token::Op(op)) => {
                                self.pos -= op.len();
                                break;
                            }
                        }
                    }
                    return Some(Token::Operand(Operand::Array(items)));
                }
                b']' => {
                    self.pos += 1;
                    return Some(Token::ArrayEnd);
                }
                b'(' => return Some(Token::Operand(Operand::Str(self.literal_string()))),
                b'<' => {
                    if self.data.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        continue;
                    }
                    return Some(Token::Operand(Operand::Str(self.hex_string())));
                }
                b'>' | b')' | b'{' | b'}' => {
                    self.pos += 1;
                    continue;
                }
                b'/' => {
                    self.pos += 1;
                    let start = self.pos;
                    while let Some(c) = self.peek() {
                        if is_ws(c) || is_delim(c) {
                            break;
                        }
                        self.pos += 1;
                    }
                    return Some(Token::Operand(Operand::Name(unescape_name(
                        &self.data[start..self.pos],
                    ))));
                }
                _ => {
                    let start = self.pos;
                    while let Some(c) = self.peek() {
                        if is_ws(c) || is_delim(c) {
                            break;
                        }
                        self.pos += 1;
                    }
                    if self.pos == start {
                        self.pos += 1;
                        continue;
                    }
                    let word = &self.data[start..self.pos];
                    if let Some(n) = parse_number(word) {
                        return Some(Token::Operand(Operand::Num(n)));
                    }
                    return match word {
                        b"true" | b"false" | b"null" => Some(Token::Operand(Operand::Other)),
                        _ => Some(Token::Op(word)),
                    };
                }
            }
        }
    }

    fn literal_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1u32;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xFF) as u8);
                        }
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            let v = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => continue,
            };
            match hi.take() {
                Some(h) => out.push((h << 4) | v),
                None => hi = Some(v),
            }
        }
        if let Some(h) = hi {
            out.push(h << 4);
        }
        out
    }

    /// Skips an inline image: dictionary up to `ID`, then binary data up to an `EI`
    /// that stands alone between whitespace (or the end of the stream).
    fn skip_inline_image(&mut self) {
        loop {
            match self.next_token(0) {
                None => return,
                Some(Token::Op(b"ID")) => break,
                Some(_) => {}
            }
        }
        // One whitespace byte separates ID from the data.
        self.pos += 1;
        let data = self.data;
        let mut i = self.pos;
        while i + 1 < data.len() {
            if data[i] == b'E'
                && data[i + 1] == b'I'
                && (i == 0 || is_ws(data[i - 1]))
                && data.get(i + 2).is_none_or(|c| is_ws(*c) || is_delim(*c))
            {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.pos = data.len();
    }
}

fn unescape_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#'
            && let Some(h) = raw.get(i + 1..i + 3)
            && let Ok(s) = std::str::from_utf8(h)
            && let Ok(v) = u8::from_str_radix(s, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// Lenient number parsing: accepts `1`, `-1.5`, `.5`, `4.`, and tolerates junk such as
/// `--1` or `1.2.3` the way viewers do (leading signs collapse, the rest is cut).
fn parse_number(word: &[u8]) -> Option<f64> {
    let first = *word.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    let mut neg = false;
    let mut i = 0;
    while let Some(&c) = word.get(i) {
        match c {
            b'-' => neg = !neg,
            b'+' => {}
            _ => break,
        }
        i += 1;
    }
    let mut int: f64 = 0.0;
    let mut frac: f64 = 0.0;
    let mut scale = 1.0;
    let mut seen_dot = false;
    let mut digits = 0;
    for &c in &word[i..] {
        match c {
            b'0'..=b'9' => {
                digits += 1;
                if seen_dot {
                    scale /= 10.0;
                    frac += f64::from(c - b'0') * scale;
                } else {
                    int = int * 10.0 + f64::from(c - b'0');
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => break,
        }
    }
    if digits == 0 {
        // A lone sign or dot is not a number; but it is not an operator either.
        return if word.iter().all(|c| matches!(c, b'+' | b'-' | b'.')) {
            Some(0.0)
        } else {
            None
        };
    }
    let v = int + frac;
    let v = if neg { -v } else { v };
    if v.is_finite() { Some(v) } else { None }
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    hscale: f64,
    leading: f64,
    rise: f64,
}

/// Per-document cache of fonts by object id, so shared fonts are parsed once.
pub type FontCache = HashMap<ObjectId, Rc<Font>>;

pub struct Interpreter<'d, 'c> {
    doc: &'d Document,
    limits: &'d Limits,
    fonts: &'c mut FontCache,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    ops: usize,
    active_forms: HashSet<ObjectId>,
    pub glyphs: Vec<Glyph>,
    pub images: Vec<ImagePlacement>,
    decoded: Vec<DecodedGlyph>,
    pending_break: bool,
    pending_space: bool,
}

const MAX_GSTATE_DEPTH: usize = 512;

impl<'d, 'c> Interpreter<'d, 'c> {
    /// Replaces the current transformation matrix (used to place annotation appearances).
    pub fn set_ctm(&mut self, m: Matrix) {
        self.gs.ctm = m;
    }

    pub fn new(doc: &'d Document, limits: &'d Limits, fonts: &'c mut FontCache, base: Matrix) -> Self {
        Interpreter {
            doc,
            limits,
            fonts,
            gs: GState {
                ctm: base,
                font: None,
                size: 0.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                hscale: 1.0,
                leading: 0.0,
                rise: 0.0,
            },
            stack: Vec::new(),
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            ops: 0,
            active_forms: HashSet::new(),
            glyphs: Vec::new(),
            images: Vec::new(),
            decoded: Vec::new(),
            pending_break: true,
            pending_space: false,
        }
    }

    fn count(&mut self, n: usize) -> Result<(), TextError> {
        self.ops = self.ops.saturating_add(n);
        if self.ops > self.limits.max_ops_per_page {
            return Err(TextError::LimitExceeded(format!(
                "more than {} operations on a page",
                self.limits.max_ops_per_page
            )));
        }
        Ok(())
    }

    /// Runs one content stream with the given resources.
    pub fn run(&mut self, content: &[u8], resources: Option<&'d Dictionary>, depth: usize) -> Result<(), TextError> {
        let mut lx = Lexer { data: content, pos: 0 };
        let mut operands: Vec<Operand> = Vec::new();
        let stack_base = self.stack.len();
        while let Some(tok) = lx.next_token(0) {
            let op = match tok {
                Token::Operand(o) => {
                    // Garbage can pile up operands without operators; keep the tail only.
                    if operands.len() >= 64 {
                        operands.remove(0);
                    }
                    operands.push(o);
                    continue;
                }
                Token::ArrayEnd => continue,
                Token::Op(op) => op,
            };
            self.count(1)?;
            if op == b"BI" {
                lx.skip_inline_image();
                operands.clear();
                continue;
            }
            self.op(op, &operands, resources, depth)?;
            operands.clear();
        }
        // A stream must not leak unbalanced `q` into its caller.
        while self.stack.len() > stack_base {
            if let Some(g) = self.stack.pop() {
                self.gs = g;
            }
        }
        Ok(())
    }

    fn op(&mut self, op: &[u8], args: &[Operand], res: Option<&'d Dictionary>, depth: usize) -> Result<(), TextError> {
        let n = |i: usize| -> Option<f64> {
            // Operands are counted from the end, which tolerates leading junk.
            let k = args.len().checked_sub(i)?;
            args.get(k).and_then(Operand::num)
        };
        match op {
            // Beyond the depth cap `q` is ignored; the matching `Q` then restores an
            // outer state, which is the best we can do for such streams.
            b"q" if self.stack.len() < MAX_GSTATE_DEPTH => self.stack.push(self.gs.clone()),
            b"Q" => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            b"cm" => {
                if let Some(m) = Matrix::from_operands(args) {
                    self.gs.ctm = m.then(&self.gs.ctm);
                }
            }
            b"BT" => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
            }
            b"ET" => {}
            b"Tf" => {
                if let Some(size) = n(1) {
                    self.gs.size = size;
                }
                let name = args.iter().rev().find_map(|a| match a {
                    Operand::Name(n) => Some(n.as_slice()),
                    _ => None,
                });
                if let Some(name) = name {
                    self.gs.font = self.load_font(res, name);
                }
            }
            b"Tc" => self.gs.char_spacing = n(1).unwrap_or(0.0),
            b"Tw" => self.gs.word_spacing = n(1).unwrap_or(0.0),
            b"Tz" => self.gs.hscale = n(1).unwrap_or(100.0) / 100.0,
            b"TL" => self.gs.leading = n(1).unwrap_or(0.0),
            b"Ts" => self.gs.rise = n(1).unwrap_or(0.0),
            b"Td" | b"TD" => {
                if let (Some(tx), Some(ty)) = (n(2), n(1)) {
                    if op == b"TD" {
                        self.gs.leading = -ty;
                    }
                    self.tlm = Matrix::translate(tx, ty).then(&self.tlm);
                    self.tm = self.tlm;
                }
            }
            b"Tm" => {
                if let Some(m) = Matrix::from_operands(args) {
                    self.tm = m;
                    self.tlm = m;
                }
            }
            b"T*" => self.next_line(),
            b"Tj" => {
                if let Some(Operand::Str(s)) = args.last() {
                    self.show(s)?;
                }
            }
            b"'" => {
                self.next_line();
                if let Some(Operand::Str(s)) = args.last() {
                    self.show(s)?;
                }
            }
            b"\"" => {
                if let (Some(aw), Some(ac)) = (n(3), n(2)) {
                    self.gs.word_spacing = aw;
                    self.gs.char_spacing = ac;
                }
                self.next_line();
                if let Some(Operand::Str(s)) = args.last() {
                    self.show(s)?;
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = args.last() {
                    for item in items {
                        match item {
                            Operand::Str(s) => self.show(s)?,
                            Operand::Num(adj) => self.adjust(*adj),
                            _ => {}
                        }
                    }
                }
            }
            b"Do" => {
                if let Some(Operand::Name(name)) = args.last() {
                    self.do_xobject(res, name, depth)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn next_line(&mut self) {
        self.tlm = Matrix::translate(0.0, -self.gs.leading).then(&self.tlm);
        self.tm = self.tlm;
    }

    fn load_font(&mut self, res: Option<&'d Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let fonts = get_dict(self.doc, res?, b"Font")?;
        let entry = fonts.get(name).ok()?;
        let limit = self.limits.max_decompressed_bytes;
        match entry {
            Object::Reference(id) => {
                if let Some(f) = self.fonts.get(id) {
                    return Some(f.clone());
                }
                let Object::Dictionary(dict) = resolve(self.doc, entry) else {
                    return None;
                };
                let font = Rc::new(Font::load(self.doc, dict, limit));
                self.fonts.insert(*id, font.clone());
                Some(font)
            }
            Object::Dictionary(d) => Some(Rc::new(Font::load(self.doc, d, limit))),
            _ => None,
        }
    }

    /// A `TJ` number: moves the pen against the writing direction by thousandths of
    /// the font size, and marks the next glyph as a possible word start.
    fn adjust(&mut self, adj: f64) {
        if !adj.is_finite() {
            return;
        }
        let vertical = self.gs.font.as_ref().is_some_and(|f| f.vertical);
        let d = -adj / 1000.0 * self.gs.size;
        self.tm = if vertical {
            Matrix::translate(0.0, d)
        } else {
            Matrix::translate(d * self.gs.hscale, 0.0)
        }
        .then(&self.tm);
        self.pending_break = true;
    }

    fn show(&mut self, bytes: &[u8]) -> Result<(), TextError> {
        let Some(font) = self.gs.font.clone() else {
            return Ok(());
        };
        let mut decoded = std::mem::take(&mut self.decoded);
        decoded.clear();
        font.decode(bytes, &mut decoded);
        self.count(decoded.len())?;
        self.pending_break = true;
        let gs = &self.gs;
        let (size, th) = (gs.size, gs.hscale);
        let font_m = Matrix([size * th, 0.0, 0.0, size, 0.0, gs.rise]);
        for g in &decoded {
            let trm = font_m.then(&self.tm).then(&gs.ctm);
            if g.text.is_empty() {
                self.pending_break = true;
            } else if g.text.chars().all(char::is_whitespace) {
                // Spaces are not kept as glyphs: their boxes often overlap other text
                // (producers pad with spaces and then move back). The gap they leave
                // is turned into one synthetic space during assembly.
                self.pending_break = true;
                self.pending_space = true;
            } else {
                let o = trm.apply(0.0, 0.0);
                let sub = |p: [f64; 2]| [p[0] - o[0], p[1] - o[1]];
                let unit_y = sub(trm.apply(0.0, 1.0));
                let disp_size = unit_y[0].hypot(unit_y[1]);
                let (adv, up, down, dirv, origin) = if font.vertical {
                    // Vertical writing: the glyph hangs below the pen, centred on it.
                    let a = sub(trm.apply(0.0, -1.0));
                    (a, sub(trm.apply(0.5, 0.0)), sub(trm.apply(-0.5, 0.0)), a, o)
                } else {
                    let x1 = sub(trm.apply(1.0, 0.0));
                    (
                        sub(trm.apply(g.width, 0.0)),
                        sub(trm.apply(0.0, font.ascent)),
                        sub(trm.apply(0.0, font.descent)),
                        x1,
                        o,
                    )
                };
                let dl = dirv[0].hypot(dirv[1]);
                let finite = [origin, adv, up, down]
                    .iter()
                    .all(|p| p[0].is_finite() && p[1].is_finite());
                if dl > 1e-9 && disp_size > 1e-3 && finite {
                    let seq = self.glyphs.len() as u32;
                    self.glyphs.push(Glyph {
                        text: g.text.clone(),
                        origin,
                        adv,
                        up,
                        down,
                        dir: [dirv[0] / dl, dirv[1] / dl],
                        size: disp_size,
                        seq,
                        run_start: self.pending_break,
                        space_before: self.pending_space,
                    });
                    self.pending_break = false;
                    self.pending_space = false;
                } else {
                    self.pending_break = true;
                }
            }
            let spacing = gs.char_spacing + if g.is_space_code { gs.word_spacing } else { 0.0 };
            let step = if font.vertical {
                Matrix::translate(0.0, -size + spacing)
            } else {
                Matrix::translate((g.width * size + spacing) * th, 0.0)
            };
            self.tm = step.then(&self.tm);
        }
        self.decoded = decoded;
        Ok(())
    }

    fn do_xobject(&mut self, res: Option<&'d Dictionary>, name: &[u8], depth: usize) -> Result<(), TextError> {
        let Some(xobjects) = res.and_then(|r| get_dict(self.doc, r, b"XObject")) else {
            return Ok(());
        };
        let Ok(Object::Reference(id)) = xobjects.get(name) else {
            return Ok(());
        };
        if let Ok(Object::Stream(s)) = self.doc.get_object(*id)
            && get_name(self.doc, &s.dict, b"Subtype") == Some(b"Image")
        {
            if self.images.len() < MAX_IMAGES_PER_PAGE {
                self.images.push(ImagePlacement {
                    id: *id,
                    ctm: self.gs.ctm,
                });
            }
            return Ok(());
        }
        self.run_form(*id, res, depth)
    }

    /// Draws a Form XObject with the current graphics state (its `/Matrix` is applied
    /// on top of the current transformation).
    pub fn run_form(&mut self, id: ObjectId, res: Option<&'d Dictionary>, depth: usize) -> Result<(), TextError> {
        if depth >= self.limits.max_xobject_depth || self.active_forms.contains(&id) {
            // Too deep or a cycle: drawing it again could never finish.
            return Ok(());
        }
        let Ok(obj) = self.doc.get_object(id) else {
            return Ok(());
        };
        let Object::Stream(stream) = obj else {
            return Ok(());
        };
        if get_name(self.doc, &stream.dict, b"Subtype") != Some(b"Form") {
            return Ok(());
        }
        let matrix = get_array(self.doc, &stream.dict, b"Matrix")
            .map(|a| numbers(self.doc, a))
            .and_then(|n| <[f64; 6]>::try_from(n.as_slice()).ok())
            .map(Matrix)
            .unwrap_or(Matrix::IDENTITY);
        let Some(content) = stream_bytes(self.doc, obj, self.limits.max_decompressed_bytes)? else {
            return Ok(());
        };
        let form_res = get_dict(self.doc, &stream.dict, b"Resources").or(res);
        let saved_gs = self.gs.clone();
        let saved_tm = (self.tm, self.tlm);
        let saved_stack = self.stack.len();
        self.gs.ctm = matrix.then(&self.gs.ctm);
        self.active_forms.insert(id);
        let result = self.run(&content, form_res, depth + 1);
        self.active_forms.remove(&id);
        self.stack.truncate(saved_stack);
        self.gs = saved_gs;
        (self.tm, self.tlm) = saved_tm;
        result
    }
}
