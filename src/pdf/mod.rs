//! The PDF text layer of the evidence engine.
//!
//! Turns PDF bytes into per-page text that we assemble ourselves, with exactly one
//! box per Unicode scalar, so extracted facts can point at exact character offsets.
//! Modules: [`document`] (document access and limits), [`content`] (content-stream
//! interpreter), [`fonts`], [`encodings`] and [`cmap`] (code → Unicode and widths),
//! [`assemble`] (reading order).

pub mod assemble;
pub mod cmap;
pub mod content;
pub mod document;
pub mod encodings;
pub mod fonts;
mod tables;

use std::fmt;

use content::{FontCache, Interpreter, Matrix};

/// Version of the assembly rules; stored with every text layer so offsets can be
/// trusted only against the text they were computed on.
pub const ASSEMBLER_VERSION: u32 = 2;

/// Resource limits for one extraction.
#[derive(Clone, Debug)]
pub struct Limits {
    pub max_pages: usize,
    /// Operators plus shown glyphs, counted across a page including its forms.
    pub max_ops_per_page: usize,
    pub max_xobject_depth: usize,
    /// Per stream, for streams decoded while loading and for content/font streams.
    pub max_decompressed_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pages: 2000,
            max_ops_per_page: 2_000_000,
            max_xobject_depth: 12,
            max_decompressed_bytes: 64 * 1024 * 1024,
        }
    }
}

/// The assembled text of a document.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TextLayer {
    pub assembler_version: u32,
    pub pages: Vec<PageText>,
}

/// How a page's text was read. The names are the evidence `method` values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReadMethod {
    /// From the PDF's own text (fonts and content streams).
    #[default]
    #[serde(rename = "born_digital_text")]
    Text,
    /// Recognized from the page's image by OCR.
    #[serde(rename = "ocr")]
    Ocr,
    /// A scanned page left unread because OCR is not available on this machine.
    #[serde(rename = "ocr_unavailable")]
    Unread,
}

impl ReadMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            ReadMethod::Text => "born_digital_text",
            ReadMethod::Ocr => "ocr",
            ReadMethod::Unread => "ocr_unavailable",
        }
    }
}

/// The assembled text of one page.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageText {
    /// 0-based page index.
    pub index: usize,
    /// Size of the visible (crop) box after `/Rotate`, in points.
    pub width: f32,
    pub height: f32,
    /// The assembled page text.
    pub text: String,
    /// One box per Unicode scalar of `text`: x0, y0, x1, y1 in points, top-left origin
    /// of the rotated, cropped page. Synthetic spaces span the gap they stand for;
    /// synthetic newlines sit on the end edge of the preceding glyph (zero width).
    pub boxes: Vec<[f32; 4]>,
    /// How `text` was read.
    #[serde(default)]
    pub method: ReadMethod,
    /// OCR pages only: one recognition confidence (0–1) per Unicode scalar of `text`, that of
    /// the word the character belongs to; synthetic separators carry 1. Empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confidences: Vec<f32>,
}

impl PageText {
    /// Characters other than whitespace: a page with only a few has no usable text layer.
    pub fn visible_chars(&self) -> usize {
        self.text.chars().filter(|c| !c.is_whitespace()).count()
    }

    /// The lowest OCR confidence over the characters `start..end`; `None` on a page that
    /// was not read by OCR.
    pub fn ocr_confidence(&self, start: usize, end: usize) -> Option<f32> {
        if self.method != ReadMethod::Ocr {
            return None;
        }
        let covered = self.confidences.get(start..end.min(self.confidences.len()))?;
        covered.iter().copied().reduce(f32::min)
    }
}

/// Why no text layer could be produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextError {
    /// Encrypted and the empty user password does not open it.
    Encrypted,
    /// Not a PDF we can read.
    Malformed(String),
    /// A [`Limits`] bound was hit.
    LimitExceeded(String),
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Encrypted => write!(f, "the PDF is encrypted with a password"),
            TextError::Malformed(m) => write!(f, "malformed PDF: {m}"),
            TextError::LimitExceeded(m) => write!(f, "limit exceeded: {m}"),
        }
    }
}

impl std::error::Error for TextError {}

/// Maps default user space to display space: crop box origin moved to the top-left
/// corner, y pointing down, and the page's clockwise `/Rotate` applied.
fn display_matrix(crop: [f64; 4], rotate: i64) -> (Matrix, f64, f64) {
    let [x0, y0, x1, y1] = crop;
    let (w, h) = (x1 - x0, y1 - y0);
    match rotate {
        90 => (Matrix([0.0, 1.0, 1.0, 0.0, -y0, -x0]), h, w),
        180 => (Matrix([-1.0, 0.0, 0.0, 1.0, x1, -y0]), w, h),
        270 => (Matrix([0.0, -1.0, -1.0, 0.0, y1, x1]), h, w),
        _ => (Matrix([1.0, 0.0, 0.0, -1.0, -x0, y1]), w, h),
    }
}

/// A read PDF: its text layer, the images drawn on each page and the document they are in.
pub struct Extraction {
    pub doc: lopdf::Document,
    pub layer: TextLayer,
    /// Per page (same order as `layer.pages`): image XObjects drawn, in display coordinates.
    pub images: Vec<Vec<content::ImagePlacement>>,
}

/// Extracts the text layer of a PDF.
pub fn extract_text_layer(bytes: &[u8], limits: &Limits) -> Result<TextLayer, TextError> {
    extract(bytes, limits).map(|e| e.layer)
}

/// Extracts the text layer of a PDF and where each page draws its images.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extraction, TextError> {
    let doc = document::load(bytes, limits)?;
    let mut page_ids = Vec::new();
    for id in doc.page_iter() {
        if page_ids.len() >= limits.max_pages {
            return Err(TextError::LimitExceeded(format!(
                "more than {} pages",
                limits.max_pages
            )));
        }
        page_ids.push(id);
    }
    let mut fonts = FontCache::new();
    let mut pages = Vec::with_capacity(page_ids.len());
    let mut images = Vec::with_capacity(page_ids.len());
    for (index, id) in page_ids.into_iter().enumerate() {
        let Some(info) = document::page_info(&doc, id) else {
            pages.push(PageText {
                index,
                ..PageText::default()
            });
            images.push(Vec::new());
            continue;
        };
        let (base, width, height) = display_matrix(info.crop, info.rotate);
        let content = document::page_content(&doc, info.dict, limits.max_decompressed_bytes)?;
        let mut interp = Interpreter::new(&doc, limits, &mut fonts, base);
        interp.run(&content, info.resources, 0)?;
        for (form, placement) in document::annotation_appearances(&doc, info.dict) {
            interp.set_ctm(placement.then(&base));
            interp.run_form(form, info.resources, 0)?;
        }
        // Text outside the media box is on no page (shared content streams placed
        // differently per page rely on this). Like poppler we keep text outside the
        // crop box but inside the media box: producers set odd crop boxes.
        let [mx0, my0, mx1, my1] = info.media;
        let a = base.apply(mx0, my0);
        let b = base.apply(mx1, my1);
        let (lx, hx) = (a[0].min(b[0]) - 1.0, a[0].max(b[0]) + 1.0);
        let (ly, hy) = (a[1].min(b[1]) - 1.0, a[1].max(b[1]) + 1.0);
        let visible: Vec<content::Glyph> = interp
            .glyphs
            .into_iter()
            .filter(|g| {
                let cx = g.origin[0] + g.adv[0] / 2.0 + (g.up[0] + g.down[0]) / 2.0;
                let cy = g.origin[1] + g.adv[1] / 2.0 + (g.up[1] + g.down[1]) / 2.0;
                (lx..=hx).contains(&cx) && (ly..=hy).contains(&cy)
            })
            .collect();
        let (text, boxes) = assemble::assemble(&visible);
        pages.push(PageText {
            index,
            width: width as f32,
            height: height as f32,
            text,
            boxes,
            method: ReadMethod::Text,
            confidences: Vec::new(),
        });
        images.push(interp.images);
    }
    Ok(Extraction {
        layer: TextLayer {
            assembler_version: ASSEMBLER_VERSION,
            pages,
        },
        images,
        doc,
    })
}
