//! OCR for scans and photos: page images read by Tesseract become the page's text layer.
//!
//! A PDF page whose own text is (nearly) empty while an image covers much of it, and every
//! JPEG or PNG upload, is recognized here, inside the sandboxed worker (never in the server
//! process). The words Tesseract finds are fed to the same reading-order assembler as
//! born-digital glyphs (`pdf::assemble`), so an OCR page has the same shape as any other: its
//! text, one box per character in page points, plus `method: ocr` and the confidence of the
//! word each character belongs to. Before recognition a photographed page is cut out of its
//! background and its perspective undone (a homography, which also takes the word boxes back
//! to the photo), the picture is brought to about 300 dpi (small text enlarged, fine scans
//! reduced), its light evened out (paper white under a shadow, a photo's table light),
//! straightened (a tilt of a few degrees, measured from the dark pixels) and, when the first
//! reading looks like nothing, turned a quarter at a time to find the way up.
//!
//! Modules: [`image`] (limited decoding, EXIF, pixel operations), [`pdf_images`] (a scanned
//! page's image taken out of the PDF), [`tesseract`] (the command line and its TSV),
//! [`repair`] (misreads the format proves: an IBAN's checksum, a plate's side code, a road
//! number, a common mail domain).
//! Nothing here logs document text.

pub mod image;
pub mod pdf_images;
pub mod repair;
pub mod tesseract;

use crate::pdf::assemble::assemble_traced;
use crate::pdf::content::{Glyph, Matrix};
use crate::pdf::{ASSEMBLER_VERSION, Extraction, Limits, PageText, ReadMethod, TextLayer};
use crate::vocab::DocFormat;
use image::{Gray, Homography, ImageError};
use tesseract::{Tesseract, Word};

/// A page with fewer characters of its own than this has no usable text layer.
pub const MIN_TEXT_CHARS: usize = 20;
/// Pictures finer than this are brought down to [`TARGET_DPI`]: finer is slower, not better.
const MAX_DPI: f64 = 330.0;
const TARGET_DPI: f64 = 300.0;
/// Small text is enlarged at most this much: past it the blur of the picture is all we add.
const MAX_UPSCALE: f64 = 3.0;
/// Pictures coarser than this are enlarged to [`TARGET_DPI`]; a 200 dpi scan reads as well
/// as it is.
const MIN_DPI: f64 = 170.0;
/// How much a photographed page's edges are steepened (unsharp masking) before recognition.
const SHARPEN: f64 = 1.5;
/// The most pixels of a page picture handed to tesseract (an A4 page at 300 dpi is 8.7 M).
const MAX_OCR_PIXELS: f64 = 12_000_000.0;
/// Tesseract's page segmentation: fully automatic, without orientation detection.
const PSM_AUTO: u8 = 3;

/// Why OCR produced no text layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OcrError {
    /// No tesseract, or no Dutch and English models for it.
    #[error("OCR is not available: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Image(#[from] ImageError),
    /// Tesseract crashed or took too long.
    #[error("OCR failed: {0}")]
    Failed(String),
}

/// A picture of a page ready for recognition: its gray pixels, their resolution, and the
/// matrix that puts a pixel coordinate on the page (points, top-left origin).
pub struct Raster {
    pub image: Gray,
    pub dpi: f64,
    pub to_page: Matrix,
}

/// The text layer of a JPEG or PNG upload: one page, the photo as EXIF says to show it.
/// Its size in points takes the picture's long edge as an A4 page's (842 pt).
pub fn read_image(bytes: &[u8], format: DocFormat, t: &Tesseract) -> Result<TextLayer, OcrError> {
    let decoded = match format {
        DocFormat::Jpeg => image::decode_jpeg(bytes)?,
        DocFormat::Png => image::decode_png(bytes)?,
        DocFormat::Pdf => return Err(ImageError::Malformed("a PDF is not an image".into()).into()),
    };
    let upright = image::apply_orientation(&decoded.image, decoded.orientation);
    drop(decoded);
    let dpi = photo_dpi(&upright);
    let pt = 72.0 / dpi;
    let (width, height) = ((upright.width as f64 * pt) as f32, (upright.height as f64 * pt) as f32);
    let raster = Raster {
        image: upright,
        dpi,
        to_page: Matrix([pt, 0.0, 0.0, pt, 0.0, 0.0]),
    };
    let page = read_page(0, width, height, raster, t)?;
    Ok(TextLayer {
        assembler_version: ASSEMBLER_VERSION,
        pages: vec![page],
    })
}

/// The resolution we take a photo or image upload to have: its long edge is an A4 page's.
pub fn photo_dpi(upright: &Gray) -> f64 {
    (upright.width.max(upright.height) as f64 / 11.69).clamp(72.0, 1200.0)
}

/// Replaces the text of every scanned page of a read PDF (little text of its own, a large
/// image) with what OCR reads on that image. Without OCR on this machine a document that
/// has other readable pages keeps them, its scanned pages marked [`ReadMethod::Unread`] so the
/// case goes to review; one that is only scans is `Unavailable`.
pub fn read_scanned_pages(ex: &mut Extraction, bytes: &[u8], t: &Tesseract, limits: &Limits) -> Result<(), OcrError> {
    let mut unavailable = None;
    for (page, placements) in ex.layer.pages.iter_mut().zip(&ex.images) {
        if page.visible_chars() >= MIN_TEXT_CHARS {
            continue;
        }
        let Some(raster) = pdf_images::page_raster(&ex.doc, page, placements, bytes, limits)? else {
            continue;
        };
        if unavailable.is_some() {
            page.method = ReadMethod::Unread;
            continue;
        }
        match read_page(page.index, page.width, page.height, raster, t) {
            Ok(read) => *page = read,
            Err(OcrError::Unavailable(why)) => {
                page.method = ReadMethod::Unread;
                unavailable = Some(why);
            }
            Err(e) => return Err(e),
        }
    }
    match unavailable {
        Some(why) if !ex.layer.pages.iter().any(|p| p.visible_chars() >= MIN_TEXT_CHARS) => {
            Err(OcrError::Unavailable(why))
        }
        _ => Ok(()),
    }
}

/// Recognizes one page picture and assembles its text.
pub fn read_page(index: usize, width: f32, height: f32, raster: Raster, t: &Tesseract) -> Result<PageText, OcrError> {
    let (words, to_page) = recognize(raster, t)?;
    Ok(page_text(index, width, height, &words, &to_page))
}

/// The words on a picture, and the map from the pixels they were found on to the page.
fn recognize(raster: Raster, t: &Tesseract) -> Result<(Vec<Word>, Homography), OcrError> {
    let Raster {
        mut image,
        mut dpi,
        to_page,
    } = raster;
    let mut to_page = Homography::from(&to_page);
    if dpi > MAX_DPI {
        let (small, back) = image::downscale(&image, TARGET_DPI / dpi);
        image = small;
        to_page = Homography::from(&back).then(&to_page);
        dpi = TARGET_DPI;
    }
    let (image, dpi, to_page) = readable(&image, dpi, to_page);
    let (image, to_page) = straighten(image, to_page, dpi);
    let dpi_arg = dpi.round() as u32;
    let words = tesseract::recognize(t, &image, dpi_arg, PSM_AUTO)?;
    if !looks_unreadable(&words) {
        return Ok((words, to_page));
    }
    let Some(quarters) = way_up(&image, dpi, t)? else {
        return Ok((words, to_page));
    };
    let (turned, back) = image::rotate_quarters(&image, quarters);
    let (turned, turned_to_page) = straighten(turned, Homography::from(&back).then(&to_page), dpi);
    let again = tesseract::recognize(t, &turned, dpi_arg, PSM_AUTO)?;
    if score(&again) > score(&words) {
        Ok((again, turned_to_page))
    } else {
        Ok((words, to_page))
    }
}

/// The page as tesseract reads it best: a photographed page cut out of its background and
/// warped upright (its perspective undone), its light evened out, and text too small for
/// tesseract (a page photographed whole at a phone's 1600 pixels is ~120 dpi) enlarged to
/// about [`TARGET_DPI`] and sharpened against the camera's blur (a scan as it is: sharpening
/// read dev scans worse). Word positions go back to the picture through the returned map, so
/// evidence boxes still land on the photo.
fn readable(image: &Gray, dpi: f64, to_page: Homography) -> (Gray, f64, Homography) {
    let (w, h) = (image.width as f64, image.height as f64);
    let found = image::find_page(image);
    let (quad, page_w, page_h, page_dpi) = match found {
        Some(quad) => {
            let edge = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).hypot(a[1] - b[1]);
            let page_w = edge(quad[0], quad[1]).max(edge(quad[3], quad[2]));
            let page_h = edge(quad[0], quad[3]).max(edge(quad[1], quad[2]));
            // The page's long edge is an A4 page's, as for a whole photo.
            (quad, page_w, page_h, (page_w.max(page_h) / 11.69).max(36.0))
        }
        None => ([[0.0, 0.0], [w, 0.0], [w, h], [0.0, h]], w, h, dpi),
    };
    // Before enlarging: the same light on fewer pixels.
    let image = match found {
        Some(_) => image::flatten_light(image, (page_dpi / 4.0) as usize),
        None => {
            // A scan's black margins hold no paper to even the light by.
            let mut cleared = image.clone();
            image::clear_dark_border(&mut cleared);
            image::flatten_light(&cleared, (page_dpi / 4.0) as usize)
        }
    };
    let scale = if page_dpi < MIN_DPI {
        let cap = (MAX_OCR_PIXELS / (page_w * page_h).max(1.0)).sqrt();
        (TARGET_DPI / page_dpi).min(MAX_UPSCALE).min(cap).max(1.0)
    } else {
        1.0
    };
    if found.is_none() && scale < 1.05 {
        return (image, dpi, to_page);
    }
    let size = |v: f64| ((v * scale).round() as usize).max(1);
    match image::rectify(&image, &quad, size(page_w), size(page_h)) {
        Some((upright, back)) => {
            let dpi = page_dpi * scale;
            // Edges steepened over about the width of the camera's blur, enlarged.
            let radius = (dpi / 50.0).round().max(1.0) as usize;
            (image::sharpen(&upright, radius, SHARPEN), dpi, back.then(&to_page))
        }
        None => (image, dpi, to_page),
    }
}

/// Undoes a measured tilt of more than a trace, then whitens ruling lines longer than half
/// an inch.
fn straighten(image: Gray, to_page: Homography, dpi: f64) -> (Gray, Homography) {
    // Measured without the lines that are straight already (the edge of a photographed
    // page against the table): they would outweigh the tilted text.
    let rule = (dpi / 2.0).max(20.0) as usize;
    let mut measured = image.clone();
    image::remove_rules(&mut measured, rule);
    let angle = image::skew_angle(&measured);
    drop(measured);
    let (mut straight, to_page) = if angle.abs() < 0.15 {
        (image, to_page)
    } else {
        let (straight, back) = image::deskew(&image, angle);
        (straight, Homography::from(&back).then(&to_page))
    };
    image::remove_rules(&mut straight, rule);
    (straight, to_page)
}

/// Words that are real words: confidently read, at least two letters or digits.
fn good_words(words: &[Word]) -> impl Iterator<Item = &Word> {
    words
        .iter()
        .filter(|w| w.conf >= 60.0 && w.text.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
}

fn score(words: &[Word]) -> f64 {
    good_words(words).map(|w| f64::from(w.conf)).sum()
}

/// Few good words, or a low mean confidence: the page may be sideways or upside down.
fn looks_unreadable(words: &[Word]) -> bool {
    let mean = words.iter().map(|w| f64::from(w.conf)).sum::<f64>() / words.len().max(1) as f64;
    good_words(words).count() < 12 || mean < 55.0
}

/// Which quarter turn (clockwise) reads best, tried on a smaller copy; `None` when upright
/// is as good as any.
fn way_up(image: &Gray, dpi: f64, t: &Tesseract) -> Result<Option<u8>, OcrError> {
    let factor = (150.0 / dpi).min(1.0);
    let (small, _) = image::downscale(image, factor);
    let small_dpi = (dpi * factor).round() as u32;
    let mut scores = [0.0; 4];
    for (q, slot) in scores.iter_mut().enumerate() {
        let (turned, _) = image::rotate_quarters(&small, q as u8);
        *slot = score(&tesseract::recognize(t, &turned, small_dpi, PSM_AUTO)?);
    }
    let (best, best_score) = (1..4)
        .map(|q| (q, scores[q]))
        .fold((0, scores[0]), |acc, (q, s)| if s > acc.1 { (q, s) } else { acc });
    Ok((best != 0 && best_score > 1.3 * scores[0] + 100.0).then_some(best as u8))
}

/// Assembles recognized words into page text like born-digital glyphs: each word is a glyph
/// on its line's baseline. Words are numbered row by row, left to right (rows as the
/// assembler forms them), so a table row whose label and value tesseract put in different
/// blocks still reads as one line with a tab between the cells.
pub fn page_text(index: usize, width: f32, height: f32, words: &[Word], to_page: &Homography) -> PageText {
    // Baseline (lowest word bottom) and top of every line, in tesseract's order.
    let mut lines: Vec<Line> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        match lines.iter_mut().find(|l| l.id == w.line) {
            Some(l) => {
                l.base = l.base.max(w.bottom());
                l.top = l.top.min(w.top);
                l.left = l.left.min(w.left);
                l.words.push(i);
            }
            None => lines.push(Line {
                id: w.line,
                base: w.bottom(),
                top: w.top,
                left: w.left,
                words: vec![i],
            }),
        }
    }
    lines.sort_by(|a, b| a.base.total_cmp(&b.base));
    let mut rows: Vec<Vec<Line>> = Vec::new();
    let mut anchor = (f64::NEG_INFINITY, 0.0);
    for line in lines {
        let size = line.size();
        match rows.last_mut() {
            Some(row) if (line.base - anchor.0).abs() <= 0.35 * size.max(anchor.1) => row.push(line),
            _ => {
                anchor = (line.base, size);
                rows.push(vec![line]);
            }
        }
    }
    let mut ordered: Vec<(&Word, f64, f64)> = Vec::with_capacity(words.len());
    for mut row in rows {
        row.sort_by(|a, b| a.left.total_cmp(&b.left));
        for line in &row {
            ordered.extend(line.words.iter().map(|&i| (&words[i], line.base, line.size())));
        }
    }
    let glyphs: Vec<Glyph> = ordered
        .iter()
        .enumerate()
        .map(|(seq, &(w, base, size))| (seq, w, base, size, seq > 0 && joins(ordered[seq - 1].0, w)))
        .map(|(seq, w, base, size, joined)| Glyph {
            text: w.text.clone(),
            origin: [w.left, base],
            adv: [w.width, 0.0],
            up: [0.0, w.top - base],
            down: [0.0, w.bottom() - base],
            dir: [1.0, 0.0],
            size,
            seq: u32::try_from(seq).unwrap_or(u32::MAX),
            // Each word is its own run with a space before it: tesseract has already told
            // words apart, and a line's height taken from its tallest word (a box border
            // read as part of it, a stamp) made a normal word gap look too small to be a
            // space ("JamesHall"). Only the halves of an e-mail address tesseract split at
            // its `@` are joined.
            run_start: !joined,
            space_before: !joined,
        })
        .collect();
    let (text, boxes, sources) = assemble_traced(&glyphs);
    let mut chars: Vec<char> = text.chars().collect();
    repair::repair_ibans(&mut chars);
    repair::repair_plates(&mut chars);
    repair::repair_roads(&mut chars);
    repair::repair_mail_domains(&mut chars);
    let text: String = chars.into_iter().collect();
    let boxes = boxes.iter().map(|b| map_box(b, to_page)).collect();
    let confidences = sources
        .iter()
        .map(|s| {
            s.and_then(|i| ordered.get(i as usize))
                .map_or(1.0, |(w, ..)| w.conf / 100.0)
        })
        .collect();
    PageText {
        index,
        width,
        height,
        text,
        boxes,
        method: ReadMethod::Ocr,
        confidences,
    }
}

/// Whether `next` continues `word` without a space: tesseract splits addresses at the `@`.
fn joins(word: &Word, next: &Word) -> bool {
    word.line == next.line
        && (word.text.ends_with('@') || next.text.starts_with('@'))
        && next.left - (word.left + word.width) < 0.6 * word.height
}

/// One tesseract line: its words, baseline, top and left edge, in pixels.
struct Line {
    id: (u32, u32, u32),
    base: f64,
    top: f64,
    left: f64,
    words: Vec<usize>,
}

impl Line {
    fn size(&self) -> f64 {
        (self.base - self.top).max(1.0)
    }
}

/// The page box covering a pixel box.
fn map_box(b: &[f32; 4], m: &Homography) -> [f32; 4] {
    let [x0, y0, x1, y1] = b.map(f64::from);
    let corners = [m.apply(x0, y0), m.apply(x1, y0), m.apply(x0, y1), m.apply(x1, y1)];
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for [x, y] in corners {
        lo = [lo[0].min(x), lo[1].min(y)];
        hi = [hi[0].max(x), hi[1].max(y)];
    }
    if !(lo.iter().chain(&hi).all(|v| v.is_finite())) {
        return [0.0; 4];
    }
    [lo[0] as f32, lo[1] as f32, hi[0] as f32, hi[1] as f32]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(line: u32, left: f64, top: f64, width: f64, conf: f32, text: &str) -> Word {
        Word {
            line: (1, 1, line),
            left,
            top,
            width,
            height: 30.0,
            conf,
            text: text.into(),
        }
    }

    #[test]
    fn words_become_page_text_with_a_box_and_a_confidence_per_character() {
        let words = [
            word(1, 100.0, 100.0, 240.0, 96.0, "Schadedatum:"),
            word(1, 360.0, 100.0, 20.0, 91.0, "3"),
            word(1, 390.0, 100.0, 100.0, 40.0, "februari"),
            word(2, 100.0, 150.0, 200.0, 90.0, "Kenteken:"),
            word(2, 1400.0, 150.0, 200.0, 88.0, "AB-123-C"),
            word(3, 100.0, 200.0, 200.0, 90.0, "jan.jansen"),
            word(3, 310.0, 200.0, 200.0, 90.0, "@gmail.com"),
        ];
        // 200 dpi pixels to points.
        let s = 72.0 / 200.0;
        let page = page_text(
            0,
            595.0,
            842.0,
            &words,
            &Homography::from(&Matrix([s, 0.0, 0.0, s, 0.0, 0.0])),
        );

        assert_eq!(
            page.text,
            "Schadedatum: 3 februari\nKenteken:\tAB-123-C\njan.jansen@gmail.com"
        );
        assert_eq!(page.method, ReadMethod::Ocr);
        assert_eq!(page.boxes.len(), page.text.chars().count());
        assert_eq!(page.confidences.len(), page.boxes.len());
        let first = page.boxes[0];
        assert!(
            (first[0] - 36.0).abs() < 0.01 && (first[1] - 36.0).abs() < 0.01,
            "{first:?}"
        );
        assert!(
            (first[2] - (100.0 + 20.0) * s as f32).abs() < 0.01,
            "a twelfth of the word"
        );
        let feb = page.text.find("februari").expect("februari");
        assert!((page.confidences[feb] - 0.40).abs() < 1e-6);
        assert!((page.confidences[feb - 1] - 1.0).abs() < 1e-6, "the space is synthetic");
        assert_eq!(page.ocr_confidence(0, feb + 8), Some(0.40));
        assert_eq!(page.ocr_confidence(0, 12), Some(0.96));
    }

    #[test]
    fn boxes_follow_the_matrix_through_a_quarter_turn() {
        // A 100 x 50 picture turned clockwise: its pixel (0, 0) is the old (0, 50).
        let (_, back) = image::rotate_quarters(&Gray::new(100, 50, 255), 1);
        assert_eq!(
            map_box(&[0.0, 0.0, 10.0, 20.0], &Homography::from(&back)),
            [0.0, 40.0, 20.0, 50.0]
        );
    }
}
