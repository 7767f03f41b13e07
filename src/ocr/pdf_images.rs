//! A scanned PDF page's picture, taken out of the document with lopdf.
//!
//! The page's largest image (where the content stream draws it, from `pdf::content`) is
//! decoded when it is plain: DCT (JPEG) or Flate/LZW samples of 8-bit gray, RGB or CMYK and
//! 1-bit gray or masks. Anything else (CCITT, JBIG2, JPEG 2000, indexed colours, odd depths)
//! is drawn by rendering the whole page with hayro instead. Either way the image's declared
//! size is checked first and its decompression is bounded, so a bomb is refused, not decoded.

use lopdf::{Document, Object, Stream};

use super::image::{self, Gray, ImageError, MAX_PIXELS};
use super::{OcrError, Raster};
use crate::pdf::content::{ImagePlacement, Matrix};
use crate::pdf::document::{get, get_array, get_f64, numbers, resolve, stream_bytes};
use crate::pdf::{Limits, PageText, TextError};

/// An image covering less of the page than this is a logo or a photo in a born-digital
/// page, not a scan.
const MIN_IMAGE_SHARE: f64 = 0.25;
/// Resolution of a page rendered for OCR when its image cannot be decoded directly.
const RENDER_DPI: f64 = 200.0;

/// The page area an image placement covers, in square points.
fn covered_area(m: &Matrix) -> f64 {
    let [a, b, c, d, _, _] = m.0;
    (a * d - b * c).abs()
}

/// The picture of a scanned page, or `None` when no image covers enough of it.
pub fn page_raster(
    doc: &Document,
    page: &PageText,
    placements: &[ImagePlacement],
    pdf: &[u8],
    limits: &Limits,
) -> Result<Option<Raster>, OcrError> {
    let page_area = f64::from(page.width) * f64::from(page.height);
    let Some(largest) = placements
        .iter()
        .max_by(|a, b| covered_area(&a.ctm).total_cmp(&covered_area(&b.ctm)))
    else {
        return Ok(None);
    };
    if page_area <= 0.0 || covered_area(&largest.ctm) < MIN_IMAGE_SHARE * page_area {
        return Ok(None);
    }
    let Ok(object) = doc.get_object(largest.id) else {
        return Ok(None);
    };
    let Object::Stream(stream) = object else {
        return Ok(None);
    };
    let dim = |key: &[u8]| get_f64(doc, &stream.dict, key).filter(|v| *v >= 1.0).map(|v| v as u64);
    let (Some(w), Some(h)) = (dim(b"Width"), dim(b"Height")) else {
        return Err(ImageError::Malformed("an image without a size".into()).into());
    };
    if let Err(too_large) = image::check_size(w, h) {
        // A fine scan (a 600 dpi A3 page is 70 MP) is rendered smaller by hayro, inside the
        // worker's memory limit; anything beyond twice our own decoding limit is refused.
        let within = w.saturating_mul(h) <= 2 * image::MAX_PIXELS && w.max(h) <= 2 * u64::from(image::MAX_EDGE);
        return if within {
            Ok(Some(render(pdf, page)?))
        } else {
            Err(too_large.into())
        };
    }
    let (w, h) = (w as usize, h as usize);
    let picture = match decode(doc, object, stream, w, h, limits)? {
        Some(gray) => {
            // Pixel (x, y) is at (x / w, 1 - y / h) in the image's unit square.
            let to_page = Matrix([1.0 / w as f64, 0.0, 0.0, -1.0 / h as f64, 0.0, 1.0]).then(&largest.ctm);
            let [a, b, ..] = largest.ctm.0;
            let inches = f64::hypot(a, b) / 72.0;
            Raster {
                image: gray,
                dpi: (w as f64 / inches.max(1e-3)).clamp(50.0, 1200.0),
                to_page,
            }
        }
        None => render(pdf, page)?,
    };
    Ok(Some(picture))
}

fn names(doc: &Document, o: Option<&Object>) -> Vec<Vec<u8>> {
    match o.map(|o| resolve(doc, o)) {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a
            .iter()
            .filter_map(|x| match resolve(doc, x) {
                Object::Name(n) => Some(n.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Colour components of an image colour space we convert ourselves.
fn components(doc: &Document, cs: Option<&Object>) -> Option<usize> {
    let by_name = |n: &[u8]| match n {
        b"DeviceGray" | b"G" | b"CalGray" => Some(1),
        b"DeviceRGB" | b"RGB" | b"CalRGB" => Some(3),
        b"DeviceCMYK" | b"CMYK" => Some(4),
        _ => None,
    };
    match resolve(doc, cs?) {
        Object::Name(n) => by_name(n),
        Object::Array(a) => match a.first().map(|x| resolve(doc, x)) {
            Some(Object::Name(n)) if n == b"ICCBased" => {
                let Some(Object::Stream(s)) = a.get(1).map(|x| resolve(doc, x)) else {
                    return None;
                };
                get_f64(doc, &s.dict, b"N")
                    .map(|n| n as usize)
                    .filter(|n| [1, 3, 4].contains(n))
            }
            Some(Object::Name(n)) => by_name(n),
            _ => None,
        },
        _ => None,
    }
}

/// Decodes an image XObject to gray; `None` when its encoding is one we leave to the renderer.
fn decode(
    doc: &Document,
    object: &Object,
    stream: &Stream,
    w: usize,
    h: usize,
    limits: &Limits,
) -> Result<Option<Gray>, OcrError> {
    let dict = &stream.dict;
    let filters = names(doc, dict.get(b"Filter").ok());
    if filters.last().is_some_and(|f| f == b"DCTDecode" || f == b"DCT") {
        if filters.len() != 1 {
            return Ok(None);
        }
        return match image::decode_jpeg(&stream.content) {
            Ok(d) if d.image.width == w && d.image.height == h => Ok(Some(d.image)),
            Err(ImageError::TooLarge(m)) => Err(ImageError::TooLarge(m).into()),
            _ => Ok(None),
        };
    }
    let plain = [
        b"FlateDecode".as_slice(),
        b"Fl",
        b"LZWDecode",
        b"LZW",
        b"ASCII85Decode",
        b"A85",
        b"ASCIIHexDecode",
        b"AHx",
    ];
    if !filters.iter().all(|f| plain.contains(&f.as_slice())) {
        return Ok(None);
    }
    let mask = matches!(get(doc, dict, b"ImageMask"), Some(Object::Boolean(true)));
    let bpc = if mask {
        1
    } else {
        get_f64(doc, dict, b"BitsPerComponent").map_or(8, |v| v as usize)
    };
    let comps = if mask {
        1
    } else {
        match components(doc, get(doc, dict, b"ColorSpace")) {
            Some(n) => n,
            None => return Ok(None),
        }
    };
    if !matches!((bpc, comps), (8, 1 | 3 | 4) | (1, 1)) {
        return Ok(None);
    }
    let row = (w * comps * bpc).div_ceil(8);
    let expected = row * h;
    if expected as u64 > MAX_PIXELS * 4 || expected > limits.max_decompressed_bytes {
        return Err(ImageError::TooLarge(format!("{expected} bytes of samples")).into());
    }
    // A little slack for producers that pad; a stream that inflates past it is refused.
    let data = match stream_bytes(doc, object, expected + 64 * 1024) {
        Ok(Some(data)) => data,
        Ok(None) => return Ok(None),
        Err(TextError::LimitExceeded(m)) => return Err(ImageError::TooLarge(m).into()),
        Err(_) => return Ok(None),
    };
    let inverted = get_array(doc, dict, b"Decode")
        .map(|a| numbers(doc, a))
        .is_some_and(|d| d.first().zip(d.get(1)).is_some_and(|(a, b)| a > b));
    Ok(Some(to_gray(&data, w, h, row, comps, bpc, inverted)))
}

/// Samples to gray. A 1-bit sample of 1 is white, for gray data and for image masks alike
/// (a mask paints where the bit is 0); `flip` (a `/Decode [1 0]`) turns gray around.
fn to_gray(data: &[u8], w: usize, h: usize, row: usize, comps: usize, bpc: usize, flip: bool) -> Gray {
    let mut out = Gray::new(w, h, 255);
    for y in 0..h {
        let Some(line) = data.get(y * row..(y + 1) * row) else {
            break;
        };
        let dst = &mut out.pixels[y * w..(y + 1) * w];
        if bpc == 1 {
            for (x, px) in dst.iter_mut().enumerate() {
                let bit = line[x / 8] >> (7 - x % 8) & 1 == 1;
                *px = if bit != flip { 255 } else { 0 };
            }
            continue;
        }
        for (px, s) in dst.iter_mut().zip(line.chunks_exact(comps)) {
            *px = match *s {
                [g] => {
                    if flip {
                        255 - g
                    } else {
                        g
                    }
                }
                [r, g, b] => image::luma(r, g, b),
                [c, m, y, k] => {
                    let ink =
                        (0.3 * f64::from(c) + 0.59 * f64::from(m) + 0.11 * f64::from(y) + f64::from(k)).min(255.0);
                    (255.0 - ink) as u8
                }
                _ => 255,
            };
        }
    }
    out
}

/// The page rendered by hayro at about [`RENDER_DPI`], for images we do not decode ourselves.
fn render(pdf: &[u8], page: &PageText) -> Result<Raster, OcrError> {
    use hayro::hayro_interpret::InterpreterSettings;
    use hayro::hayro_syntax::Pdf;
    use hayro::vello_cpu::color::palette::css::WHITE;
    use hayro::{PixmapSettings, RenderCache, RenderSettings};

    let unreadable = || OcrError::Image(ImageError::Malformed("the scanned page cannot be rendered".into()));
    let doc = Pdf::new(pdf.to_vec()).map_err(|_| unreadable())?;
    let pages = doc.pages();
    let hp = pages.get(page.index).ok_or_else(unreadable)?;
    let (pw, ph) = hp.render_dimensions();
    let area = f64::from(pw.max(1.0)) * f64::from(ph.max(1.0));
    let scale = (RENDER_DPI / 72.0).min((MAX_PIXELS as f64 / 4.0 / area).sqrt()) as f32;
    let settings = PixmapSettings {
        x_scale: scale,
        y_scale: scale,
        bg_color: WHITE,
    };
    let pixmap = hayro::render(
        hp,
        &RenderCache::new(),
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &settings,
    );
    let (width, height) = (usize::from(pixmap.width()), usize::from(pixmap.height()));
    let pixels = pixmap
        .data_as_u8_slice()
        .chunks_exact(4)
        .map(|p| image::luma(p[0], p[1], p[2]))
        .collect();
    let s = 1.0 / f64::from(scale);
    Ok(Raster {
        image: Gray { width, height, pixels },
        dpi: 72.0 * f64::from(scale),
        to_page: Matrix([s, 0.0, 0.0, s, 0.0, 0.0]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_become_gray() {
        // 1-bit: a set bit is white unless the Decode array inverts it.
        let bits = [0b1010_0000u8];
        assert_eq!(to_gray(&bits, 4, 1, 1, 1, 1, false).pixels, vec![255, 0, 255, 0]);
        assert_eq!(to_gray(&bits, 4, 1, 1, 1, 1, true).pixels, vec![0, 255, 0, 255]);
        assert_eq!(to_gray(&[10, 200], 2, 1, 2, 1, 8, false).pixels, vec![10, 200]);
        assert_eq!(
            to_gray(&[255, 255, 255, 0, 0, 0], 2, 1, 6, 3, 8, false).pixels,
            vec![255, 0]
        );
        assert_eq!(
            to_gray(&[0, 0, 0, 255], 1, 1, 4, 4, 8, false).pixels,
            vec![0],
            "CMYK black"
        );
        assert_eq!(
            to_gray(&[], 2, 2, 2, 1, 8, false).pixels,
            vec![255; 4],
            "missing rows stay white"
        );
    }

    #[test]
    fn only_large_images_make_a_page_a_scan() {
        assert!((covered_area(&Matrix([595.0, 0.0, 0.0, -842.0, 0.0, 842.0])) - 595.0 * 842.0).abs() < 1e-6);
        assert!((covered_area(&Matrix([0.0, 100.0, 50.0, 0.0, 0.0, 0.0])) - 5000.0).abs() < 1e-6);
    }
}
