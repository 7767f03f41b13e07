//! Reading-order assembly of positioned glyphs into page text with one box per char.
//!
//! Owns every decision about which characters end up in the text and where: glyphs
//! are grouped by writing direction (horizontal text first, each rotated direction
//! after it), into rows by baseline, sorted along the row, split into segments at
//! wide gaps (so columns stay apart), and segments are ordered by where their text
//! starts in the content stream — producers write logical order, and this keeps a
//! column together while still letting a table row that is written cell by cell
//! read as one line. Synthetic spaces and newlines are the only characters we add;
//! nothing is collapsed, so offsets into `text` map exactly onto `boxes`.

use crate::pdf::content::Glyph;

/// Gap (in font sizes) between two glyphs not written as one string above which a
/// word break is assumed. Word spaces are 0.25–0.35 em; kerning stays below 0.1 em.
const SPACE_GAP: f64 = 0.15;
/// Gap (in font sizes) that splits a row into separate segments (columns, cells).
const SEGMENT_GAP: f64 = 1.0;
/// Baselines closer than this (in font sizes) belong to the same row.
const ROW_TOLERANCE: f64 = 0.35;
/// Glyph directions within this sine of horizontal count as horizontal.
const HORIZONTAL_SIN: f64 = 0.035;

struct Item {
    g: usize,
    u0: f64,
    u1: f64,
    v: f64,
    size: f64,
    seq: u32,
}

struct Segment {
    row: usize,
    items: Vec<usize>,
    first_seq: u32,
    u0: f64,
    u1: f64,
    size: f64,
}

/// Output under construction: text plus exactly one box per char, and the `seq` of the
/// glyph each char came from (`None` for the synthetic separators).
struct Out {
    text: String,
    boxes: Vec<[f32; 4]>,
    sources: Vec<Option<u32>>,
}

fn add(a: [f64; 2], b: [f64; 2]) -> [f64; 2] {
    [a[0] + b[0], a[1] + b[1]]
}

fn scale(a: [f64; 2], s: f64) -> [f64; 2] {
    [a[0] * s, a[1] * s]
}

fn dot(a: [f64; 2], b: [f64; 2]) -> f64 {
    a[0] * b[0] + a[1] * b[1]
}

fn bbox(points: &[[f64; 2]]) -> [f32; 4] {
    let mut b = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    for p in points {
        b[0] = b[0].min(p[0]);
        b[1] = b[1].min(p[1]);
        b[2] = b[2].max(p[0]);
        b[3] = b[3].max(p[1]);
    }
    if b.iter().all(|v| v.is_finite()) {
        [b[0] as f32, b[1] as f32, b[2] as f32, b[3] as f32]
    } else {
        [0.0; 4]
    }
}

/// Points of a glyph's end edge (after its advance) and start edge.
fn end_edge(g: &Glyph) -> [[f64; 2]; 2] {
    let e = add(g.origin, g.adv);
    [add(e, g.up), add(e, g.down)]
}

fn start_edge(g: &Glyph) -> [[f64; 2]; 2] {
    [add(g.origin, g.up), add(g.origin, g.down)]
}

impl Out {
    fn push_glyph(&mut self, g: &Glyph) {
        let n = g.text.chars().count().max(1) as f64;
        for (k, c) in g.text.chars().enumerate() {
            let a = add(g.origin, scale(g.adv, k as f64 / n));
            let b = add(g.origin, scale(g.adv, (k as f64 + 1.0) / n));
            self.text.push(c);
            self.boxes
                .push(bbox(&[add(a, g.up), add(a, g.down), add(b, g.up), add(b, g.down)]));
            self.sources.push(Some(g.seq));
        }
    }

    /// A synthetic separator spanning the gap between two glyphs: a space between words, a
    /// tab between cells (same-row segments apart by a wide gap), so readers of the text can
    /// tell a table cell from the next word.
    fn push_gap(&mut self, a: &Glyph, b: &Glyph, separator: char) {
        let [p, q] = end_edge(a);
        let [r, s] = start_edge(b);
        self.text.push(separator);
        self.boxes.push(bbox(&[p, q, r, s]));
        self.sources.push(None);
    }

    fn push_newline(&mut self, last: Option<&Glyph>) {
        if self.text.is_empty() || self.text.ends_with('\n') {
            return;
        }
        self.text.push('\n');
        self.boxes.push(match last {
            Some(g) => bbox(&end_edge(g)),
            None => [0.0; 4],
        });
        self.sources.push(None);
    }

    fn ends_with_space(&self) -> bool {
        self.text.chars().next_back().is_some_and(char::is_whitespace)
    }
}

/// Assembles the glyphs of one page. Returns the text and its per-char boxes.
pub fn assemble(glyphs: &[Glyph]) -> (String, Vec<[f32; 4]>) {
    let (text, boxes, _) = assemble_traced(glyphs);
    (text, boxes)
}

/// [`assemble`], also returning for each char the `seq` of the glyph it came from (`None` for
/// the spaces, tabs and newlines the assembly adds). OCR uses it to carry word confidences.
pub fn assemble_traced(glyphs: &[Glyph]) -> (String, Vec<[f32; 4]>, Vec<Option<u32>>) {
    let mut out = Out {
        text: String::new(),
        boxes: Vec::new(),
        sources: Vec::new(),
    };
    // Group by writing direction; horizontal left-to-right text is group 0.
    let mut groups: Vec<(i64, Vec<usize>)> = Vec::new();
    for (i, g) in glyphs.iter().enumerate() {
        let key = if g.dir[1].abs() < HORIZONTAL_SIN && g.dir[0] > 0.0 {
            0
        } else {
            let deg = g.dir[1].atan2(g.dir[0]).to_degrees().round() as i64;
            if deg == 0 { 1 } else { deg }
        };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    // Horizontal text first; other directions after it, in content order.
    groups.sort_by_key(|(k, v)| (*k != 0, v.first().copied().unwrap_or(0)));
    for (key, members) in &groups {
        let dir = if *key == 0 {
            [1.0, 0.0]
        } else {
            let (sx, sy) = members.iter().fold((0.0, 0.0), |acc, &i| {
                (acc.0 + glyphs[i].dir[0], acc.1 + glyphs[i].dir[1])
            });
            let l = f64::hypot(sx, sy);
            if l > 0.0 { [sx / l, sy / l] } else { [1.0, 0.0] }
        };
        assemble_group(glyphs, members, dir, &mut out);
    }
    // No trailing newline: the page text ends with its last character.
    if out.text.ends_with('\n') {
        out.text.pop();
        out.boxes.pop();
        out.sources.pop();
    }
    debug_assert_eq!(out.text.chars().count(), out.boxes.len());
    debug_assert_eq!(out.boxes.len(), out.sources.len());
    (out.text, out.boxes, out.sources)
}

fn assemble_group(glyphs: &[Glyph], members: &[usize], dir: [f64; 2], out: &mut Out) {
    // Coordinates along (u) and across (v, downwards for horizontal text) the direction.
    let perp = [-dir[1], dir[0]];
    let mut items: Vec<Item> = members
        .iter()
        .map(|&i| {
            let g = &glyphs[i];
            let u0 = dot(g.origin, dir);
            let len = dot(g.adv, dir).max(0.0);
            Item {
                g: i,
                u0,
                u1: u0 + len,
                v: dot(g.origin, perp),
                size: g.size,
                seq: g.seq,
            }
        })
        .collect();
    items.sort_by(|a, b| a.v.total_cmp(&b.v).then(a.u0.total_cmp(&b.u0)));

    // Rows: a sweep over baselines, each row anchored at its first baseline so that
    // a slow drift cannot chain unrelated lines together.
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut anchor = (f64::NEG_INFINITY, 0.0);
    for (k, it) in items.iter().enumerate() {
        let tol = ROW_TOLERANCE * it.size.max(anchor.1);
        match rows.last_mut() {
            Some(row) if (it.v - anchor.0).abs() <= tol => row.push(k),
            _ => {
                rows.push(vec![k]);
                anchor = (it.v, it.size);
            }
        }
    }

    merge_small_rows(&items, &mut rows);

    // Segments: rows sorted along the direction, split at wide gaps.
    let mut segments: Vec<Segment> = Vec::new();
    for (r, row) in rows.iter_mut().enumerate() {
        row.sort_by(|&a, &b| {
            items[a]
                .u0
                .total_cmp(&items[b].u0)
                .then(items[a].seq.cmp(&items[b].seq))
        });
        let mut cur: Option<Segment> = None;
        for &k in row.iter() {
            let it = &items[k];
            if let Some(seg) = cur.as_mut() {
                let gap = it.u0 - seg.u1;
                if gap <= SEGMENT_GAP * it.size.max(seg.size) {
                    seg.items.push(k);
                    seg.u1 = seg.u1.max(it.u1);
                    seg.first_seq = seg.first_seq.min(it.seq);
                    seg.size = seg.size.max(it.size);
                    continue;
                }
            }
            if let Some(done) = cur.take() {
                segments.push(done);
            }
            cur = Some(Segment {
                row: r,
                items: vec![k],
                first_seq: it.seq,
                u0: it.u0,
                u1: it.u1,
                size: it.size,
            });
        }
        if let Some(done) = cur.take() {
            segments.push(done);
        }
    }
    segments.sort_by_key(|s| s.first_seq);

    let mut prev_seg: Option<&Segment> = None;
    let mut last_glyph: Option<&Glyph> = None;
    for seg in &segments {
        let first = seg.items.first().map(|&k| &glyphs[items[k].g]);
        match (prev_seg, first) {
            // Same row, further along: a table row written cell by cell stays one line.
            (Some(p), Some(f)) if p.row == seg.row && seg.u0 >= p.u1 - 0.5 * seg.size => {
                if !out.ends_with_space()
                    && !f.text.starts_with(char::is_whitespace)
                    && let Some(l) = last_glyph
                {
                    out.push_gap(l, f, '\t');
                }
            }
            _ => out.push_newline(last_glyph),
        }
        let mut prev: Option<(&Item, &Glyph)> = None;
        for &k in &seg.items {
            let it = &items[k];
            let g = &glyphs[it.g];
            if let Some((pi, pg)) = prev {
                // Fake bold draws the same glyph twice with a tiny offset: keep one.
                if pg.text == g.text && (it.u0 - pi.u0).abs() < 0.1 * it.size && (it.v - pi.v).abs() < 0.1 * it.size {
                    continue;
                }
                let next_in_content = g.seq == pg.seq.wrapping_add(1);
                let continues = next_in_content && !g.run_start;
                let gap = it.u0 - pi.u1;
                let size = it.size.max(pi.size);
                // A space the producer wrote between these two glyphs counts unless the
                // glyphs overlap; otherwise the gap decides.
                let wanted = if next_in_content && g.space_before {
                    gap > -0.2 * size
                } else {
                    !continues && gap > SPACE_GAP * size
                };
                if wanted && !out.ends_with_space() && !g.text.starts_with(char::is_whitespace) {
                    out.push_gap(pg, g, ' ');
                }
            }
            out.push_glyph(g);
            prev = Some((it, g));
            last_glyph = Some(g);
        }
        prev_seg = Some(seg);
    }
    if !segments.is_empty() {
        out.push_newline(last_glyph);
    }
}

/// Folds short runs of smaller glyphs (superscripts, subscripts, footnote markers)
/// into the neighbouring row of larger text they touch, so "Gal*" stays one word.
/// Only short clusters right next to a larger glyph move: small-print lines stay rows.
fn merge_small_rows(items: &[Item], rows: &mut Vec<Vec<usize>>) {
    let baseline = |row: &[usize]| -> (f64, f64) {
        // Baseline and size of the largest glyph of the row.
        row.iter()
            .map(|&k| (items[k].v, items[k].size))
            .fold((0.0, 0.0), |a, b| if b.1 > a.1 { b } else { a })
    };
    for i in 0..rows.len() {
        let (v_small, s_small) = baseline(&rows[i]);
        for j in [i.wrapping_sub(1), i + 1] {
            let Some(big_row) = rows.get(j) else { continue };
            let (v_big, s_big) = baseline(big_row);
            if !(s_small <= 0.8 * s_big && (v_small - v_big).abs() <= 0.6 * s_big) {
                continue;
            }
            let mut small = rows[i].clone();
            small.sort_by(|&a, &b| items[a].u0.total_cmp(&items[b].u0));
            let mut clusters: Vec<Vec<usize>> = Vec::new();
            for k in small {
                match clusters.last_mut() {
                    Some(c) if c.last().is_some_and(|&p| items[k].u0 - items[p].u1 <= 0.5 * s_small) => c.push(k),
                    _ => clusters.push(vec![k]),
                }
            }
            // Large glyphs of the neighbour row sorted by start, with the running
            // maximum of their ends, so "does any touch [a, b]" is a binary search
            // (pages with huge rows must not turn this quadratic).
            let mut big: Vec<(f64, f64)> = rows[j]
                .iter()
                .map(|&b| &items[b])
                .filter(|bi| bi.size > 0.8 * s_big)
                .map(|bi| (bi.u0, bi.u1))
                .collect();
            big.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut max_end = Vec::with_capacity(big.len());
            let mut m = f64::NEG_INFINITY;
            for &(_, e) in &big {
                m = m.max(e);
                max_end.push(m);
            }
            let mut moved = Vec::new();
            for c in clusters {
                let (Some(&first), Some(&last)) = (c.first(), c.last()) else {
                    continue;
                };
                let (u0, u1) = (items[first].u0, items[last].u1);
                let (a, b) = (u0 - 0.3 * s_big, u1 + 0.3 * s_big);
                let n = big.partition_point(|iv| iv.0 <= b);
                let touches = n > 0 && max_end.get(n - 1).is_some_and(|&e| e >= a);
                if u1 - u0 <= 4.0 * s_big && touches {
                    moved.extend(c);
                }
            }
            if !moved.is_empty() {
                let set: std::collections::HashSet<usize> = moved.iter().copied().collect();
                rows[i].retain(|k| !set.contains(k));
                rows[j].extend(moved);
            }
        }
    }
    rows.retain(|r| !r.is_empty());
}
