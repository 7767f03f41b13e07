//! Images for OCR: JPEG and PNG decoded to 8-bit gray under size and allocation limits, EXIF
//! orientation, and the few pixel operations OCR needs (quarter turns, downscaling, deskew).
//!
//! Sizes are checked from the headers before a pixel is decoded: a 20000 × 20000 PNG or a
//! JPEG that declares 60000 × 60000 is refused in microseconds, and the decoders get an
//! allocation budget on top. Every geometric operation returns, beside the new image, the
//! matrix that maps its pixel coordinates back to the image it was made from, so word boxes
//! found on the transformed image land on the original page.

use std::io::Cursor;

use crate::pdf::content::Matrix;

/// The most pixels we decode (about a 600 dpi A4 scan, or a 48 MP phone photo).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The longest edge we decode.
pub const MAX_EDGE: u32 = 16_384;

/// Why an image was not decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("the image is too large: {0}")]
    TooLarge(String),
    #[error("the image cannot be decoded: {0}")]
    Malformed(String),
}

/// An 8-bit gray image, row-major, 0 black, 255 white.
#[derive(Clone, PartialEq, Eq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl std::fmt::Debug for Gray {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gray({}x{})", self.width, self.height)
    }
}

impl Gray {
    pub fn new(width: usize, height: usize, fill: u8) -> Gray {
        Gray {
            width,
            height,
            pixels: vec![fill; width * height],
        }
    }

    fn at(&self, x: usize, y: usize) -> u8 {
        self.pixels[y * self.width + x]
    }

    /// Binary PGM (P5), what tesseract reads on stdin.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.pixels);
        out
    }
}

/// Refuses sizes past the limits, before anything is allocated for them.
pub fn check_size(width: u64, height: u64) -> Result<(), ImageError> {
    if width == 0 || height == 0 {
        return Err(ImageError::Malformed("the image has no pixels".into()));
    }
    if width > u64::from(MAX_EDGE) || height > u64::from(MAX_EDGE) || width.saturating_mul(height) > MAX_PIXELS {
        return Err(ImageError::TooLarge(format!(
            "{width} x {height} pixels (at most {MAX_PIXELS} pixels, {MAX_EDGE} on an edge)"
        )));
    }
    Ok(())
}

/// A decoded upload: its pixels as stored and the EXIF orientation (1–8) to display them.
pub struct Decoded {
    pub image: Gray,
    pub orientation: u8,
}

/// Decodes a JPEG to gray with limits, and reads its EXIF orientation.
pub fn decode_jpeg(bytes: &[u8]) -> Result<Decoded, ImageError> {
    use zune_jpeg::JpegDecoder;
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;

    let options = DecoderOptions::default()
        .set_max_width(MAX_EDGE as usize)
        .set_max_height(MAX_EDGE as usize)
        .jpeg_set_out_colorspace(ColorSpace::Luma);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(|e| jpeg_error(&e))?;
    let info = decoder
        .info()
        .ok_or_else(|| ImageError::Malformed("no JPEG frame header".into()))?;
    let (width, height) = (usize::from(info.width), usize::from(info.height));
    check_size(width as u64, height as u64)?;
    let orientation = decoder.exif().map_or(1, |tiff| exif_orientation(tiff));
    let pixels = decoder.decode().map_err(|e| jpeg_error(&e))?;
    if pixels.len() != width * height {
        return Err(ImageError::Malformed("unexpected JPEG output size".into()));
    }
    Ok(Decoded {
        image: Gray { width, height, pixels },
        orientation,
    })
}

fn jpeg_error(e: &zune_jpeg::errors::DecodeErrors) -> ImageError {
    let message = e.to_string();
    if message.contains("limit") {
        ImageError::TooLarge(message)
    } else {
        ImageError::Malformed(message)
    }
}

/// Decodes a PNG to gray (alpha composed on white) with limits.
pub fn decode_png(bytes: &[u8]) -> Result<Decoded, ImageError> {
    let malformed = |e: png::DecodingError| ImageError::Malformed(e.to_string());
    // The budget covers the decoder's own buffers; the output is checked against MAX_PIXELS.
    let limits = png::Limits {
        bytes: 64 * 1024 * 1024,
    };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    let (w, h) = {
        let info = decoder.read_header_info().map_err(malformed)?;
        (info.width, info.height)
    };
    check_size(u64::from(w), u64::from(h))?;
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| match e {
        png::DecodingError::LimitsExceeded => ImageError::TooLarge("PNG decoder budget".into()),
        other => ImageError::Malformed(other.to_string()),
    })?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| ImageError::TooLarge("PNG output size".into()))?;
    let mut buf = vec![0u8; size];
    let frame = reader.next_frame(&mut buf).map_err(malformed)?;
    let (width, height) = (frame.width as usize, frame.height as usize);
    let channels = frame.color_type.samples();
    let line = frame.line_size;
    let mut pixels = Vec::with_capacity(width * height);
    for y in 0..height {
        let row = buf
            .get(y * line..y * line + width * channels)
            .ok_or_else(|| ImageError::Malformed("short PNG frame".into()))?;
        pixels.extend(row.chunks_exact(channels).map(|px| match px {
            [g] => *g,
            [g, a] => over_white(*g, *a),
            [r, g, b] => luma(*r, *g, *b),
            [r, g, b, a] => over_white(luma(*r, *g, *b), *a),
            _ => 255,
        }));
    }
    Ok(Decoded {
        image: Gray { width, height, pixels },
        orientation: 1,
    })
}

/// ITU-R BT.601 luma.
pub fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b) + 500) / 1000) as u8
}

fn over_white(v: u8, alpha: u8) -> u8 {
    let (v, a) = (u32::from(v), u32::from(alpha));
    ((v * a + 255 * (255 - a) + 127) / 255) as u8
}

/// The Orientation tag (0x0112) of EXIF data that starts at its TIFF header; 1 when absent
/// or unreadable.
pub fn exif_orientation(tiff: &[u8]) -> u8 {
    let little = match tiff.get(..4) {
        Some(b"II*\0") => true,
        Some(b"MM\0*") => false,
        _ => return 1,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let found = (|| {
        let ifd = u32_at(4)? as usize;
        let count = usize::from(u16_at(ifd)?);
        (0..count.min(512)).find_map(|i| {
            let entry = ifd + 2 + 12 * i;
            (u16_at(entry)? == 0x0112).then(|| u16_at(entry + 8)).flatten()
        })
    })();
    match found {
        Some(v @ 1..=8) => v as u8,
        _ => 1,
    }
}

/// The image as it is meant to be seen: EXIF orientation applied.
pub fn apply_orientation(image: &Gray, orientation: u8) -> Gray {
    match orientation {
        2 => remap(image, image.width, image.height, |u, v| (image.width - 1 - u, v)),
        3 => rotate_quarters(image, 2).0,
        4 => remap(image, image.width, image.height, |u, v| (u, image.height - 1 - v)),
        5 => remap(image, image.height, image.width, |u, v| (v, u)),
        6 => rotate_quarters(image, 1).0,
        7 => remap(image, image.height, image.width, |u, v| {
            (image.width - 1 - v, image.height - 1 - u)
        }),
        8 => rotate_quarters(image, 3).0,
        _ => image.clone(),
    }
}

/// A new `width` × `height` image whose pixel (u, v) is `source(u, v)` of `image`.
fn remap(image: &Gray, width: usize, height: usize, source: impl Fn(usize, usize) -> (usize, usize)) -> Gray {
    let mut out = Vec::with_capacity(width * height);
    for v in 0..height {
        for u in 0..width {
            let (x, y) = source(u, v);
            out.push(image.at(x, y));
        }
    }
    Gray {
        width,
        height,
        pixels: out,
    }
}

/// Turns the image clockwise by `quarters` quarter turns. The matrix maps the new image's
/// coordinates to the old one's.
pub fn rotate_quarters(image: &Gray, quarters: u8) -> (Gray, Matrix) {
    let (w, h) = (image.width, image.height);
    let (wf, hf) = (w as f64, h as f64);
    match quarters % 4 {
        1 => (
            remap(image, h, w, |u, v| (v, h - 1 - u)),
            Matrix([0.0, -1.0, 1.0, 0.0, 0.0, hf]),
        ),
        2 => (
            remap(image, w, h, |u, v| (w - 1 - u, h - 1 - v)),
            Matrix([-1.0, 0.0, 0.0, -1.0, wf, hf]),
        ),
        3 => (
            remap(image, h, w, |u, v| (w - 1 - v, u)),
            Matrix([0.0, 1.0, -1.0, 0.0, wf, 0.0]),
        ),
        _ => (image.clone(), Matrix::IDENTITY),
    }
}

/// Shrinks the image by `factor` (< 1) averaging the pixels each new pixel covers.
pub fn downscale(image: &Gray, factor: f64) -> (Gray, Matrix) {
    if !(factor > 0.0 && factor < 1.0) {
        return (image.clone(), Matrix::IDENTITY);
    }
    let width = ((image.width as f64 * factor).round() as usize).max(1);
    let height = ((image.height as f64 * factor).round() as usize).max(1);
    let sx = image.width as f64 / width as f64;
    let sy = image.height as f64 / height as f64;
    let span = |i: usize, s: f64, max: usize| {
        let a = ((i as f64 * s) as usize).min(max - 1);
        let b = (((i + 1) as f64 * s) as usize).clamp(a + 1, max);
        (a, b)
    };
    let mut out = Vec::with_capacity(width * height);
    for v in 0..height {
        let (y0, y1) = span(v, sy, image.height);
        for u in 0..width {
            let (x0, x1) = span(u, sx, image.width);
            let mut sum = 0u32;
            for y in y0..y1 {
                let row = &image.pixels[y * image.width..];
                sum += row[x0..x1].iter().map(|&p| u32::from(p)).sum::<u32>();
            }
            let n = ((y1 - y0) * (x1 - x0)) as u32;
            out.push((sum / n.max(1)) as u8);
        }
    }
    (
        Gray {
            width,
            height,
            pixels: out,
        },
        Matrix([sx, 0.0, 0.0, sy, 0.0, 0.0]),
    )
}

/// The angle (degrees, positive when lines descend to the right) by which the text lines of
/// the image are tilted, within ±5°: the angle whose projection of dark pixels onto rows
/// gives the sharpest profile.
pub fn skew_angle(image: &Gray) -> f64 {
    // Work on at most ~1000 pixels across: the angle does not need more.
    let factor = (1000.0 / image.width.max(image.height) as f64).min(1.0);
    let small;
    let img = if factor < 1.0 {
        small = downscale(image, factor).0;
        &small
    } else {
        image
    };
    let mut dark: Vec<(f64, f64)> = Vec::new();
    for y in 0..img.height {
        for x in 0..img.width {
            if img.at(x, y) < 128 {
                dark.push((x as f64, y as f64));
            }
        }
    }
    if dark.len() < 50 {
        return 0.0;
    }
    // Every other dark pixel is plenty on a busy page.
    let step = (dark.len() / 100_000).max(1);
    let rows = img.width + img.height;
    let score = |deg: f64| -> f64 {
        let (s, c) = deg.to_radians().sin_cos();
        let mut hist = vec![0u32; 2 * rows + 1];
        for &(x, y) in dark.iter().step_by(step) {
            let r = (y * c - x * s + rows as f64) as usize;
            if let Some(h) = hist.get_mut(r) {
                *h += 1;
            }
        }
        hist.iter().map(|&n| f64::from(n) * f64::from(n)).sum()
    };
    let best = |from: f64, to: f64, by: f64| -> f64 {
        let mut best = (f64::NEG_INFINITY, 0.0);
        let mut a = from;
        while a <= to + 1e-9 {
            let s = score(a);
            if s > best.0 {
                best = (s, a);
            }
            a += by;
        }
        best.1
    };
    let coarse = best(-5.0, 5.0, 0.5);
    best(coarse - 0.5, coarse + 0.5, 0.05)
}

/// Rotates the image by `-degrees` (undoing a tilt of `degrees`) onto a canvas that holds
/// all of it, paper white where nothing was. Bilinear.
pub fn deskew(image: &Gray, degrees: f64) -> (Gray, Matrix) {
    let (s, c) = degrees.to_radians().sin_cos();
    let (w, h) = (image.width as f64, image.height as f64);
    let width = (w * c.abs() + h * s.abs()).ceil() as usize;
    let height = (w * s.abs() + h * c.abs()).ceil() as usize;
    // old = center_old + R(new - center_new), R = rotation by +degrees.
    let (cx, cy) = (w / 2.0, h / 2.0);
    let (nx, ny) = (width as f64 / 2.0, height as f64 / 2.0);
    let e = cx - (nx * c - ny * s);
    let f = cy - (nx * s + ny * c);
    let to_old = Matrix([c, s, -s, c, e, f]);
    let mut out = Vec::with_capacity(width * height);
    for v in 0..height {
        for u in 0..width {
            let [x, y] = to_old.apply(u as f64 + 0.5, v as f64 + 0.5);
            out.push(bilinear(image, x - 0.5, y - 0.5));
        }
    }
    (
        Gray {
            width,
            height,
            pixels: out,
        },
        to_old,
    )
}

/// Whitens ruling lines: dark runs at least `min_len` pixels long, across or down. Table
/// borders and form underlines make tesseract read `|` and `_` and split cells into blocks;
/// letters never run that long.
pub fn remove_rules(image: &mut Gray, min_len: usize) {
    // Paper with grain stays above this; thin anti-aliased rules fall below it.
    const DARK: u8 = 200;
    // Gaps a rule may have (grain, a residual tilt) and still be one rule.
    const BRIDGE: usize = 2;
    let (w, h) = (image.width, image.height);
    let mut rules: Vec<usize> = Vec::new();
    let mut scan = |line: &[usize], pixels: &[u8]| {
        let (mut start, mut last_dark, mut gap) = (None::<usize>, 0, 0);
        for (k, &i) in line.iter().enumerate() {
            if pixels[i] < DARK {
                start.get_or_insert(k);
                last_dark = k;
                gap = 0;
            } else if let Some(s) = start {
                gap += 1;
                if gap > BRIDGE {
                    if last_dark + 1 - s >= min_len {
                        rules.extend_from_slice(&line[s..=last_dark]);
                    }
                    start = None;
                }
            }
        }
        if let Some(s) = start
            && last_dark + 1 - s >= min_len
        {
            rules.extend_from_slice(&line[s..=last_dark]);
        }
    };
    let mut line = Vec::with_capacity(w.max(h));
    for y in 0..h {
        line.clear();
        line.extend(y * w..(y + 1) * w);
        scan(&line, &image.pixels);
    }
    for x in 0..w {
        line.clear();
        line.extend((0..h).map(|y| y * w + x));
        scan(&line, &image.pixels);
    }
    for i in rules {
        image.pixels[i] = 255;
    }
}

/// Evens out the light: every pixel divided by the paper brightness around it (the bright
/// end of its `block` × `block` neighbourhood, smoothed over the neighbours), so paper
/// becomes white under a shadow or a lamp and ink keeps its contrast. A photo's dark table
/// around the page turns light too, which keeps it from swamping the tilt measurement and
/// tesseract's global threshold.
pub fn flatten_light(image: &Gray, block: usize) -> Gray {
    let block = block.max(8);
    let (w, h) = (image.width, image.height);
    let (gw, gh) = (w.div_ceil(block), h.div_ceil(block));
    // The 90th percentile of each block: paper, not grain or a speck of ink.
    let mut grid = vec![255u8; gw * gh];
    let mut hist = [0u32; 256];
    for gy in 0..gh {
        for gx in 0..gw {
            hist.fill(0);
            let (x0, x1) = (gx * block, ((gx + 1) * block).min(w));
            let (y0, y1) = (gy * block, ((gy + 1) * block).min(h));
            for y in y0..y1 {
                for &p in &image.pixels[y * w + x0..y * w + x1] {
                    hist[usize::from(p)] += 1;
                }
            }
            let n = ((x1 - x0) * (y1 - y0)) as u32;
            let mut above = 0;
            for v in (0..256).rev() {
                above += hist[v];
                if above * 10 >= n {
                    grid[gy * gw + gx] = v as u8;
                    break;
                }
            }
        }
    }
    // A block that is all ink (a bold heading) takes its brightest neighbour's paper.
    let paper: Vec<f64> = (0..gw * gh)
        .map(|i| {
            let (gx, gy) = (i % gw, i / gw);
            let mut best = 0u8;
            for ny in gy.saturating_sub(1)..(gy + 2).min(gh) {
                for nx in gx.saturating_sub(1)..(gx + 2).min(gw) {
                    best = best.max(grid[ny * gw + nx]);
                }
            }
            f64::from(best.max(16))
        })
        .collect();
    // Block centres interpolated bilinearly.
    let at = |gx: f64, gy: f64| -> f64 {
        let (gx, gy) = (gx.clamp(0.0, (gw - 1) as f64), gy.clamp(0.0, (gh - 1) as f64));
        let (x0, y0) = (gx.floor() as usize, gy.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(gw - 1), (y0 + 1).min(gh - 1));
        let (fx, fy) = (gx - x0 as f64, gy - y0 as f64);
        let top = paper[y0 * gw + x0] * (1.0 - fx) + paper[y0 * gw + x1] * fx;
        let bottom = paper[y1 * gw + x0] * (1.0 - fx) + paper[y1 * gw + x1] * fx;
        top * (1.0 - fy) + bottom * fy
    };
    let b = block as f64;
    let mut pixels = Vec::with_capacity(w * h);
    for y in 0..h {
        let gy = (y as f64 + 0.5) / b - 0.5;
        for x in 0..w {
            let bg = at((x as f64 + 0.5) / b - 0.5, gy);
            let v = 255.0 * f64::from(image.pixels[y * w + x]) / bg;
            pixels.push(v.round().clamp(0.0, 255.0) as u8);
        }
    }
    Gray {
        width: w,
        height: h,
        pixels,
    }
}

fn bilinear(image: &Gray, x: f64, y: f64) -> u8 {
    if x < -1.0 || y < -1.0 || x >= image.width as f64 || y >= image.height as f64 {
        return 255;
    }
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let px = |xi: f64, yi: f64| -> f64 {
        if xi < 0.0 || yi < 0.0 || xi >= image.width as f64 || yi >= image.height as f64 {
            255.0
        } else {
            f64::from(image.at(xi as usize, yi as usize))
        }
    };
    let top = px(x0, y0) * (1.0 - fx) + px(x0 + 1.0, y0) * fx;
    let bottom = px(x0, y0 + 1.0) * (1.0 - fx) + px(x0 + 1.0, y0 + 1.0) * fx;
    (top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(width: usize, height: usize) -> Gray {
        Gray {
            width,
            height,
            pixels: (0..width * height).map(|i| (i % 251) as u8).collect(),
        }
    }

    /// A minimal PNG: signature and an IHDR declaring the size, nothing decodable after it.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
        let crc = crc32fast::hash(&ihdr);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        out.extend_from_slice(&13u32.to_be_bytes());
        out.extend_from_slice(&ihdr);
        out.extend_from_slice(&crc.to_be_bytes());
        out
    }

    #[test]
    fn oversized_images_are_refused_from_their_headers() {
        // Only headers, no pixel data: TooLarge (not a truncation error) shows the size
        // was refused before any decoding.
        let png = decode_png(&png_header(20_000, 20_000));
        assert!(matches!(png, Err(ImageError::TooLarge(_))), "{:?}", png.err());
        // SOI, then a baseline SOF0 declaring 60000 x 60000, one component.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8];
        jpeg.extend_from_slice(&60_000u16.to_be_bytes());
        jpeg.extend_from_slice(&60_000u16.to_be_bytes());
        jpeg.extend_from_slice(&[1, 1, 0x11, 0]);
        let jpeg = decode_jpeg(&jpeg);
        assert!(matches!(jpeg, Err(ImageError::TooLarge(_))), "{:?}", jpeg.err());
        assert!(check_size(8000, 6000).is_ok());
        assert!(check_size(10_000, 6000).is_err(), "60 MP");
        assert!(check_size(20_000, 10).is_err(), "edge");
        assert!(matches!(check_size(0, 10), Err(ImageError::Malformed(_))));
    }

    #[test]
    fn exif_orientation_is_read_in_both_byte_orders() {
        let tiff = |little: bool, value: u16| {
            let u16b = |v: u16| if little { v.to_le_bytes() } else { v.to_be_bytes() };
            let u32b = |v: u32| if little { v.to_le_bytes() } else { v.to_be_bytes() };
            let mut t: Vec<u8> = if little { b"II*\0".to_vec() } else { b"MM\0*".to_vec() };
            t.extend_from_slice(&u32b(8));
            t.extend_from_slice(&u16b(2));
            // An unrelated tag first (ImageWidth), then Orientation (SHORT, count 1).
            for (tag, v) in [(0x0100u16, 640u16), (0x0112, value)] {
                t.extend_from_slice(&u16b(tag));
                t.extend_from_slice(&u16b(3));
                t.extend_from_slice(&u32b(1));
                t.extend_from_slice(&u16b(v));
                t.extend_from_slice(&[0, 0]);
            }
            t
        };
        assert_eq!(exif_orientation(&tiff(true, 6)), 6);
        assert_eq!(exif_orientation(&tiff(false, 8)), 8);
        assert_eq!(exif_orientation(&tiff(true, 42)), 1, "out of range");
        assert_eq!(exif_orientation(b"II*\0\xff\xff\xff\xff"), 1, "bad offset");
        assert_eq!(exif_orientation(b""), 1);
    }

    #[test]
    fn quarter_turns_move_pixels_and_their_matrices_map_back() {
        let img = sample(5, 3);
        for q in 0..4u8 {
            let (turned, to_old) = rotate_quarters(&img, q);
            for v in 0..turned.height {
                for u in 0..turned.width {
                    let [x, y] = to_old.apply(u as f64 + 0.5, v as f64 + 0.5);
                    assert_eq!(
                        turned.at(u, v),
                        img.at(x as usize, y as usize),
                        "quarter turns {q} at {u},{v}"
                    );
                }
            }
        }
        let (four, _) = rotate_quarters(
            &rotate_quarters(&rotate_quarters(&rotate_quarters(&img, 1).0, 1).0, 1).0,
            1,
        );
        assert_eq!(four, img);
        assert_eq!(apply_orientation(&img, 6), rotate_quarters(&img, 1).0);
        assert_eq!(apply_orientation(&apply_orientation(&img, 2), 2), img);
        assert_eq!(apply_orientation(&img, 5).width, 3);
        let t = apply_orientation(&img, 7);
        assert_eq!(t.at(0, 0), img.at(4, 2));
    }

    #[test]
    fn a_tilt_is_measured_and_undone() {
        // Horizontal dark bars, tilted by 2 degrees.
        let mut img = Gray::new(800, 600, 255);
        for y in 0..600 {
            for x in 0..800 {
                if (y / 12) % 3 == 0 && (100..700).contains(&x) && (100..500).contains(&y) {
                    img.pixels[y * 800 + x] = 0;
                }
            }
        }
        let (tilted, _) = deskew(&img, -2.0);
        let angle = skew_angle(&tilted);
        assert!((angle - 2.0).abs() < 0.2, "measured {angle}");
        let (straight, to_old) = deskew(&tilted, angle);
        assert!(skew_angle(&straight).abs() < 0.2);
        // The canvas centre maps onto the tilted image's centre.
        let [x, y] = to_old.apply(straight.width as f64 / 2.0, straight.height as f64 / 2.0);
        assert!((x - tilted.width as f64 / 2.0).abs() < 1e-6 && (y - tilted.height as f64 / 2.0).abs() < 1e-6);
    }

    #[test]
    fn ruling_lines_are_whitened_and_letters_kept() {
        let mut img = Gray::new(300, 100, 255);
        for x in 10..290 {
            img.pixels[50 * 300 + x] = 20;
        }
        for y in 5..95 {
            img.pixels[y * 300 + 150] = 30;
        }
        // A "letter": a short stroke.
        for x in 20..40 {
            img.pixels[20 * 300 + x] = 0;
        }
        remove_rules(&mut img, 80);
        assert_eq!(img.pixels[50 * 300 + 100], 255);
        assert_eq!(img.pixels[70 * 300 + 150], 255);
        assert_eq!(img.pixels[20 * 300 + 30], 0);
    }

    #[test]
    fn flattening_whitens_paper_in_shadow_and_keeps_ink_dark() {
        // Paper lit from 240 on the left down to 160 on the right, a dark table band at the
        // bottom, and one ink stroke (a third of the paper's brightness) in the shadow.
        let (w, h) = (400, 400);
        let mut g = Gray::new(w, h, 0);
        for y in 0..h {
            for x in 0..w {
                let paper = 240.0 - 80.0 * x as f64 / w as f64;
                let v = if y >= 250 {
                    60.0
                } else if (300..304).contains(&x) && (100..140).contains(&y) {
                    paper / 3.0
                } else {
                    paper
                };
                g.pixels[y * w + x] = v as u8;
            }
        }

        let flat = flatten_light(&g, 32);

        assert_eq!((flat.width, flat.height), (w, h));
        assert!(flat.at(20, 50) >= 235, "lit paper: {}", flat.at(20, 50));
        assert!(flat.at(380, 50) >= 235, "shaded paper: {}", flat.at(380, 50));
        assert!(flat.at(302, 120) < 110, "ink stays dark: {}", flat.at(302, 120));
        assert!(flat.at(200, 390) >= 200, "the table far from the page turns light");
    }

    #[test]
    fn downscaling_averages_and_maps_back() {
        let img = Gray {
            width: 4,
            height: 2,
            pixels: vec![0, 255, 0, 0, 255, 0, 0, 0],
        };
        let (half, to_old) = downscale(&img, 0.5);
        assert_eq!((half.width, half.height), (2, 1));
        assert_eq!(half.pixels, vec![127, 0]);
        assert_eq!(to_old.apply(1.0, 1.0), [2.0, 2.0]);
        assert!(Gray::new(2, 1, 7).to_pgm().starts_with(b"P5\n2 1\n255\n"));
    }
}
