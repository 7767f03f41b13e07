//! Page images for the case file: one PDF page rendered to PNG with the evidence boxes
//! highlighted.
//!
//! Rendering parses untrusted bytes, so like the text layer it runs in the isolated worker
//! (`klarefi worker render --page N --scale S --boxes JSON`, PDF on stdin, PNG on stdout) under
//! the same memory, CPU and wall-clock limits. The renderer is hayro: pure Rust (no C library to
//! build or patch, so the 2-core build and `unsafe_code = "forbid"` stay as they are), it draws
//! the standard 14 fonts from its own embedded font programs, and its page transform is the one
//! our text layer uses (crop box, `/Rotate`, top-left origin), so a box from the text layer lands
//! on its glyphs. A photo upload is drawn from its own pixels, upright, in its OCR page's points.

use std::io::Write as _;
use std::path::Path;

use crate::sandbox::{Failure, SandboxLimits};
use crate::vocab::DocFormat;
use crate::worker;

/// The largest image edge we render, in pixels.
pub const MAX_EDGE_PX: f32 = 2000.0;

/// The scale that renders a page of `width` × `height` points at about `target_px` wide,
/// never above 3× and never past [`MAX_EDGE_PX`].
pub fn scale_for(width: f32, height: f32, target_px: f32) -> f32 {
    let longest = width.max(height).max(1.0);
    (target_px / width.max(1.0)).min(3.0).min(MAX_EDGE_PX / longest)
}

/// Renders page `page` (0-based) of `pdf` at `scale` with `boxes` (points, top-left origin)
/// highlighted, in the sandboxed worker.
pub async fn page_png(
    exe: &Path,
    pdf: &[u8],
    format: DocFormat,
    page: usize,
    scale: f32,
    boxes: &[[f32; 4]],
    limits: &SandboxLimits,
) -> Result<Vec<u8>, Failure> {
    let boxes = serde_json::to_string(boxes).map_err(|e| Failure::Unavailable(e.to_string()))?;
    let spawn = worker::Spawn {
        args: [
            "worker",
            "render",
            "--page",
            &page.to_string(),
            "--scale",
            &scale.to_string(),
            "--boxes",
            &boxes,
        ]
        .map(String::from)
        .to_vec(),
        memory_bytes: limits.memory_bytes,
        cpu_seconds: limits.cpu_seconds,
        tesseract: None,
        deadline: limits.deadline(pdf, format),
        max_output: MAX_PNG_BYTES,
    };
    let exit = worker::run(exe, &spawn, pdf).await?;
    if exit.status.success() && exit.out.len() <= MAX_PNG_BYTES && exit.out.starts_with(b"\x89PNG") {
        Ok(exit.out)
    } else {
        Err(Failure::Malformed("the page could not be rendered".into()))
    }
}

/// The largest page image read back from the worker.
const MAX_PNG_BYTES: usize = 64 * 1024 * 1024;

/// The child side: caps itself, renders, writes the PNG. Returns the exit code.
pub fn worker_main(page: usize, scale: f32, boxes: &str, format: Option<DocFormat>) -> i32 {
    let defaults = SandboxLimits::default();
    if !worker::cap_self(defaults.memory_bytes, defaults.cpu_seconds) {
        return 2;
    }
    let Ok(boxes) = serde_json::from_str::<Vec<[f32; 4]>>(boxes) else {
        return 2;
    };
    let Ok(bytes) = worker::read_input(crate::vocab::MAX_DOCUMENT_BYTES) else {
        return 2;
    };
    let format = format.or_else(|| crate::vocab::sniff(&bytes)).unwrap_or(DocFormat::Pdf);
    match render(bytes, format, page, scale, &boxes) {
        Some(png) => {
            let mut out = std::io::stdout().lock();
            if out.write_all(&png).is_err() || out.flush().is_err() {
                return 2;
            }
            0
        }
        None => 1,
    }
}

fn render(bytes: Vec<u8>, format: DocFormat, page: usize, scale: f32, boxes: &[[f32; 4]]) -> Option<Vec<u8>> {
    if let DocFormat::Jpeg | DocFormat::Png = format {
        return render_photo(&bytes, format, scale, boxes);
    }
    use hayro::hayro_interpret::InterpreterSettings;
    use hayro::hayro_syntax::Pdf;
    use hayro::vello_cpu::color::palette::css::WHITE;
    use hayro::{PixmapSettings, RenderCache, RenderSettings};

    let pdf = Pdf::new(bytes).ok()?;
    let pages = pdf.pages();
    let page = pages.get(page)?;
    let (w, h) = page.render_dimensions();
    let scale = scale.clamp(0.1, 3.0).min(MAX_EDGE_PX / w.max(h).max(1.0));
    let cache = RenderCache::new();
    let settings = PixmapSettings {
        x_scale: scale,
        y_scale: scale,
        bg_color: WHITE,
    };
    let mut pixmap = hayro::render(
        page,
        &cache,
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &settings,
    );
    let (pw, ph) = (usize::from(pixmap.width()), usize::from(pixmap.height()));
    highlight(pixmap.data_as_u8_slice_mut(), pw, ph, scale, boxes);
    pixmap.into_png().ok()
}

/// A photo or image upload as its OCR page: upright, in the page's points (see
/// `ocr::read_image`) times `scale`, decoded under the same limits as for OCR.
fn render_photo(bytes: &[u8], format: DocFormat, scale: f32, boxes: &[[f32; 4]]) -> Option<Vec<u8>> {
    use crate::ocr::image;
    let decoded = match format {
        DocFormat::Jpeg => image::decode_jpeg(bytes).ok()?,
        _ => image::decode_png(bytes).ok()?,
    };
    let upright = image::apply_orientation(&decoded.image, decoded.orientation);
    drop(decoded);
    let page_width = upright.width as f64 * 72.0 / crate::ocr::photo_dpi(&upright);
    let wanted = (page_width * f64::from(scale.clamp(0.1, 3.0))) / upright.width as f64;
    let (shown, _) = image::downscale(
        &upright,
        wanted.min(MAX_EDGE_PX as f64 / upright.width.max(upright.height) as f64),
    );
    let px_per_pt = (shown.width as f64 / page_width) as f32;
    let mut rgba: Vec<u8> = shown.pixels.iter().flat_map(|&g| [g, g, g, 255]).collect();
    highlight(&mut rgba, shown.width, shown.height, px_per_pt, boxes);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(
        &mut out,
        u32::try_from(shown.width).ok()?,
        u32::try_from(shown.height).ok()?,
    );
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header().ok()?.write_image_data(&rgba).ok()?;
    Some(out)
}

/// Tints each box yellow and outlines the whole quote, on opaque RGBA pixels.
fn highlight(rgba: &mut [u8], width: usize, height: usize, scale: f32, boxes: &[[f32; 4]]) {
    let to_px = |v: f32, max: usize| ((v * scale).round().max(0.0) as usize).min(max);
    let mut outline: Option<[usize; 4]> = None;
    for b in boxes {
        let (x0, y0, x1, y1) = (
            to_px(b[0], width),
            to_px(b[1], height),
            to_px(b[2], width),
            to_px(b[3], height),
        );
        if x1 <= x0 || y1 <= y0 {
            continue;
        }
        outline = Some(match outline {
            None => [x0, y0, x1, y1],
            Some(o) => [o[0].min(x0), o[1].min(y0), o[2].max(x1), o[3].max(y1)],
        });
        for y in y0..y1 {
            for x in x0..x1 {
                let i = (y * width + x) * 4;
                if let Some(px) = rgba.get_mut(i..i + 3) {
                    // Multiply with yellow: dark ink stays dark, paper turns yellow.
                    px[2] = (u16::from(px[2]) * 80 / 255) as u8;
                }
            }
        }
    }
    if let Some([x0, y0, x1, y1]) = outline {
        let (x0, y0) = (x0.saturating_sub(3), y0.saturating_sub(3));
        let (x1, y1) = (
            (x1 + 3).min(width.saturating_sub(1)),
            (y1 + 3).min(height.saturating_sub(1)),
        );
        for t in 0..2 {
            for x in x0..=x1 {
                paint(rgba, width, x, y0 + t);
                paint(rgba, width, x, y1.saturating_sub(t));
            }
            for y in y0..=y1 {
                paint(rgba, width, x0 + t, y);
                paint(rgba, width, x1.saturating_sub(t), y);
            }
        }
    }
}

fn paint(rgba: &mut [u8], width: usize, x: usize, y: usize) {
    let i = (y * width + x) * 4;
    if let Some(px) = rgba.get_mut(i..i + 4) {
        px.copy_from_slice(&[0xb3, 0x26, 0x1e, 0xff]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_fit_the_target_width_and_the_edge_limit() {
        assert!((scale_for(595.0, 842.0, 1190.0) - 2.0).abs() < 1e-6);
        assert!((scale_for(100.0, 100.0, 1200.0) - 3.0).abs() < 1e-6, "capped at 3x");
        let s = scale_for(595.0, 20_000.0, 1190.0);
        assert!(20_000.0 * s <= MAX_EDGE_PX + 0.5);
    }

    #[test]
    fn a_photo_upload_is_drawn_upright_with_its_evidence_highlighted() {
        // A 600 x 400 white PNG: too small to be an A4 page, so 72 dpi, a 600 x 400 pt page.
        let mut png_bytes = Vec::new();
        {
            let mut e = png::Encoder::new(&mut png_bytes, 600, 400);
            e.set_color(png::ColorType::Grayscale);
            e.set_depth(png::BitDepth::Eight);
            let mut w = e.write_header().expect("header");
            w.write_image_data(&vec![255u8; 600 * 400]).expect("data");
        }
        let out = render_photo(&png_bytes, DocFormat::Png, 0.5, &[[100.0, 100.0, 200.0, 150.0]]).expect("png");
        let mut reader = png::Decoder::new(std::io::Cursor::new(out)).read_info().expect("info");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("frame");
        assert_eq!((info.width, info.height), (300, 200), "the page at half scale");
        let at = |x: usize, y: usize| &buf[(y * 300 + x) * 4..(y * 300 + x) * 4 + 4];
        assert_eq!(at(75, 62), &[255, 255, 80, 255], "the box at half scale is yellow");
        assert_eq!(at(250, 150), &[255, 255, 255, 255]);
    }

    #[test]
    fn highlights_tint_the_boxes_and_outline_the_quote() {
        let (w, h) = (40usize, 20usize);
        let mut rgba = vec![255u8; w * h * 4];
        highlight(&mut rgba, w, h, 1.0, &[[10.0, 5.0, 20.0, 15.0]]);
        let at = |x: usize, y: usize| &rgba[(y * w + x) * 4..(y * w + x) * 4 + 4];
        assert_eq!(at(15, 10), &[255, 255, 80, 255], "inside: yellow");
        assert_eq!(at(35, 2), &[255, 255, 255, 255], "outside: untouched");
        assert_eq!(at(7, 10), &[0xb3, 0x26, 0x1e, 0xff], "outline");
    }
}
