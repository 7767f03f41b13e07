//! Images for OCR: JPEG and PNG decoded to 8-bit gray under size and allocation limits, EXIF
//! orientation, and the few pixel operations OCR needs (quarter turns, downscaling, deskew,
//! finding a photographed page and warping it upright at a readable resolution).
//!
//! Sizes are checked from the headers before a pixel is decoded: a 20000 × 20000 PNG or a
//! JPEG that declares 60000 × 60000 is refused in microseconds, and the decoders get an
//! allocation budget on top. Every geometric operation returns, beside the new image, the
//! matrix (a [`Homography`] for the perspective warp) that maps its pixel coordinates back to
//! the image it was made from, so word boxes found on the transformed image land on the
//! original page.

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
/// the image are tilted, within ±10°: the angle whose projection of dark pixels onto rows
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
    let coarse = best(-10.0, 10.0, 0.5);
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

/// Whitens ruling lines: dark runs at least `min_len` pixels long, across or down, with
/// paper on both sides a little way off. Table borders and form underlines make tesseract
/// read `|` and `_` and split cells into blocks; letters never run that long, except where
/// blur (a photo, a page enlarged) joins a word's letters: such a run is evenly dark only
/// where the strokes are (the gaps between letters stay lighter), or has ink beside it, and
/// is kept.
pub fn remove_rules(image: &mut Gray, min_len: usize) {
    // Paper with grain stays above this; thin anti-aliased rules fall below it.
    const DARK: u8 = 200;
    // Gaps a rule may have (grain, a residual tilt) and still be one rule.
    const BRIDGE: usize = 2;
    // How far off a rule's sides are looked at: past a blurred rule, within a word's letters.
    let reach = (min_len / 12).max(3);
    let (w, h) = (image.width, image.height);
    let mut rules: Vec<usize> = Vec::new();
    let pixels = &image.pixels;
    // Most of a run's length is paper at `offset` pixels across it.
    let paper_at = |run: &[usize], across: &dyn Fn(usize) -> Option<usize>| {
        let dark = run
            .iter()
            .filter(|&&i| across(i).is_some_and(|j| pixels[j] < DARK))
            .count();
        dark * 5 < run.len() * 2
    };
    // A rule is about as dark all along; a word's middle is dark at its strokes only.
    let even = |run: &[usize]| {
        let mean = run.iter().map(|&i| u32::from(pixels[i])).sum::<u32>() / run.len().max(1) as u32;
        let light = run.iter().filter(|&&i| u32::from(pixels[i]) > mean + 30).count();
        light * 100 < run.len() * 15
    };
    let mut scan = |line: &[usize], sides: [&dyn Fn(usize) -> Option<usize>; 2]| {
        let mut keep = |run: &[usize]| {
            if run.len() >= min_len && even(run) && sides.iter().all(|side| paper_at(run, side)) {
                rules.extend_from_slice(run);
            }
        };
        let (mut start, mut last_dark, mut gap) = (None::<usize>, 0, 0);
        for (k, &i) in line.iter().enumerate() {
            if pixels[i] < DARK {
                start.get_or_insert(k);
                last_dark = k;
                gap = 0;
            } else if let Some(s) = start {
                gap += 1;
                if gap > BRIDGE {
                    keep(&line[s..=last_dark]);
                    start = None;
                }
            }
        }
        if let Some(s) = start {
            keep(&line[s..=last_dark]);
        }
    };
    let up = |i: usize| i.checked_sub(reach * w);
    let down = |i: usize| Some(i + reach * w).filter(|&j| j < w * h);
    let left = |i: usize| (i % w >= reach).then(|| i - reach);
    let right = |i: usize| (i % w + reach < w).then(|| i + reach);
    let mut line = Vec::with_capacity(w.max(h));
    for y in 0..h {
        line.clear();
        line.extend(y * w..(y + 1) * w);
        scan(&line, [&up, &down]);
    }
    for x in 0..w {
        line.clear();
        line.extend((0..h).map(|y| y * w + x));
        scan(&line, [&left, &right]);
    }
    for i in rules {
        image.pixels[i] = 255;
    }
}

/// Unsharp masking: every pixel pushed away from the mean of the `(2 radius + 1)²` square
/// around it by `amount` times the difference, which steepens the edges a blurred photo
/// softened (more so once it is enlarged).
pub fn sharpen(image: &Gray, radius: usize, amount: f64) -> Gray {
    let (w, h) = (image.width, image.height);
    if w == 0 || h == 0 || radius == 0 {
        return image.clone();
    }
    // Box means by running sums, across then down.
    let mut across = vec![0u32; w * h];
    for y in 0..h {
        let row = &image.pixels[y * w..(y + 1) * w];
        let mut sum: u32 = 0;
        let (mut lo, mut hi) = (0usize, 0usize);
        for x in 0..w {
            let (a, b) = (x.saturating_sub(radius), (x + radius + 1).min(w));
            while hi < b {
                sum += u32::from(row[hi]);
                hi += 1;
            }
            while lo < a {
                sum -= u32::from(row[lo]);
                lo += 1;
            }
            across[y * w + x] = sum * 64 / (b - a) as u32;
        }
    }
    let k = (amount * 256.0).round() as i64;
    let mut out = image.pixels.clone();
    for x in 0..w {
        let mut sum: u64 = 0;
        let (mut lo, mut hi) = (0usize, 0usize);
        for y in 0..h {
            let (a, b) = (y.saturating_sub(radius), (y + radius + 1).min(h));
            while hi < b {
                sum += u64::from(across[hi * w + x]);
                hi += 1;
            }
            while lo < a {
                sum -= u64::from(across[lo * w + x]);
                lo += 1;
            }
            let mean = (sum / (b - a) as u64) as i64; // 64 × the mean
            let p = i64::from(image.pixels[y * w + x]);
            let v = p + (k * (64 * p - mean)) / (256 * 64);
            out[y * w + x] = v.clamp(0, 255) as u8;
        }
    }
    Gray {
        width: w,
        height: h,
        pixels: out,
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

/// Whitens the near-black areas that reach the picture's edge: a scanner's open lid or the
/// corners a tilted sheet leaves uncovered. Light evening cannot lift them (they hold no
/// paper), and where they cut across text tesseract reads their slanted edges as letters.
/// Only large areas go: a letter cut by the edge, or a rule running off it, is too small.
pub fn clear_dark_border(image: &mut Gray) {
    const BLACK: u8 = 70;
    let (w, h) = (image.width, image.height);
    if w < 3 || h < 3 {
        return;
    }
    let min_area = w * h / 200;
    let mut seen = vec![false; w * h];
    let mut area = Vec::new();
    let border = (0..w)
        .flat_map(|x| [x, (h - 1) * w + x])
        .chain((0..h).flat_map(|y| [y * w, y * w + w - 1]));
    for start in border.collect::<Vec<_>>() {
        if seen[start] || image.pixels[start] >= BLACK {
            continue;
        }
        seen[start] = true;
        let pixels = &image.pixels;
        flood(w, h, start, &mut area, |j| {
            let joins = !seen[j] && pixels[j] < BLACK;
            seen[j] |= joins;
            joins
        });
        if area.len() >= min_area {
            for &i in &area {
                image.pixels[i] = 255;
            }
        }
    }
}

/// A projective map of the plane: what a camera's perspective does to a flat page. Row-major
/// 3 × 3, applied to the column (x, y, 1). Word boxes found on a rectified page go back to the
/// photo through one of these, as they go back through a [`Matrix`] after a turn or a deskew.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Homography(pub [f64; 9]);

impl Homography {
    pub const IDENTITY: Homography = Homography([1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]);

    pub fn apply(&self, x: f64, y: f64) -> [f64; 2] {
        let [a, b, c, d, e, f, g, h, i] = self.0;
        let w = g * x + h * y + i;
        [(a * x + b * y + c) / w, (d * x + e * y + f) / w]
    }

    /// Apply `self` first, then `other`.
    pub fn then(&self, other: &Homography) -> Homography {
        let (p, q) = (&other.0, &self.0);
        let mut out = [0.0; 9];
        for r in 0..3 {
            for c in 0..3 {
                out[r * 3 + c] = (0..3).map(|k| p[r * 3 + k] * q[k * 3 + c]).sum();
            }
        }
        Homography(out)
    }

    /// The homography that takes each of `from` to the `to` at the same place; `None` when
    /// three of the points lie on one line.
    pub fn from_points(from: &[[f64; 2]; 4], to: &[[f64; 2]; 4]) -> Option<Homography> {
        // h0 x + h1 y + h2 - h6 x X - h7 y X = X, and the same for Y; h8 = 1.
        let mut m = [[0.0f64; 9]; 8];
        for (k, ([x, y], [tx, ty])) in from.iter().zip(to).enumerate() {
            m[2 * k] = [*x, *y, 1.0, 0.0, 0.0, 0.0, -x * tx, -y * tx, *tx];
            m[2 * k + 1] = [0.0, 0.0, 0.0, *x, *y, 1.0, -x * ty, -y * ty, *ty];
        }
        // Gaussian elimination with partial pivoting.
        for col in 0..8 {
            let pivot = (col..8).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
            if m[pivot][col].abs() < 1e-9 {
                return None;
            }
            m.swap(col, pivot);
            let pivot_row = m[col];
            for (row, r) in m.iter_mut().enumerate() {
                if row != col {
                    let f = r[col] / pivot_row[col];
                    for (a, b) in r[col..].iter_mut().zip(&pivot_row[col..]) {
                        *a -= f * b;
                    }
                }
            }
        }
        let mut h = [1.0; 9];
        for (k, slot) in h.iter_mut().take(8).enumerate() {
            *slot = m[k][8] / m[k][k];
        }
        // A map that folds the plane onto a line (the points of `to` on one line) is none.
        let [a, b, c, d, e, f, g, i, j] = h;
        let det = a * (e * j - f * i) - b * (d * j - f * g) + c * (d * i - e * g);
        let norm = h.iter().fold(0.0f64, |n, v| n.max(v.abs()));
        (h.iter().all(|v| v.is_finite()) && det.abs() > 1e-12 * norm.powi(3)).then_some(Homography(h))
    }
}

impl From<&Matrix> for Homography {
    fn from(m: &Matrix) -> Homography {
        let [a, b, c, d, e, f] = m.0;
        Homography([a, c, e, b, d, f, 0.0, 0.0, 1.0])
    }
}

/// The corners of a page photographed on a darker background (a table, a lap), clockwise
/// from the top left, in pixels; `None` when no such page stands out: a scan that is all
/// page, a page on a table as light as it, a page cut off by the frame on more than one side.
///
/// The page is the largest bright region (Otsu's threshold on a copy at most 512 pixels
/// across); its corners are first its extreme points along the diagonals, then the
/// intersections of straight lines fitted to each side's edge pixels, so a dog-ear, a thumb
/// or a shadow at one corner moves a corner little. Corners that make no sheet (see
/// `page_shaped`), or that leave ink on paper outside them, are no page either: warping by
/// them would lose text that reading the picture as it is keeps.
pub fn find_page(image: &Gray) -> Option<[[f64; 2]; 4]> {
    let factor = (512.0 / image.width.max(image.height) as f64).min(1.0);
    let (small, to_full) = if factor < 1.0 {
        downscale(image, factor)
    } else {
        (image.clone(), Matrix::IDENTITY)
    };
    let (w, h) = (small.width, small.height);
    if w < 32 || h < 32 {
        return None;
    }
    let cut = otsu(&small.pixels);
    let bright: Vec<bool> = small.pixels.iter().map(|&p| p > cut).collect();
    let page = largest_region(&bright, w, h)?;
    let inside = |x: usize, y: usize| page[y * w + x];
    let area = page.iter().filter(|&&p| p).count();
    // Not a page on a background: the region is (nearly) all of the picture, or a speck.
    if area * 10 > w * h * 9 || area * 5 < w * h {
        return None;
    }
    let (mut sum_in, mut sum_out) = (0u64, 0u64);
    for (p, &is) in small.pixels.iter().zip(&page) {
        if is {
            sum_in += u64::from(*p);
        } else {
            sum_out += u64::from(*p);
        }
    }
    let contrast = sum_in as f64 / area as f64 - sum_out as f64 / (w * h - area) as f64;
    if contrast < 40.0 {
        return None;
    }
    // Edge pixels: in the page, with a neighbour outside it (or the frame).
    let mut edge: Vec<[f64; 2]> = Vec::new();
    for y in 0..h {
        for x in 0..w {
            if inside(x, y)
                && (x == 0
                    || y == 0
                    || x + 1 == w
                    || y + 1 == h
                    || !inside(x - 1, y)
                    || !inside(x + 1, y)
                    || !inside(x, y - 1)
                    || !inside(x, y + 1))
            {
                edge.push([x as f64 + 0.5, y as f64 + 0.5]);
            }
        }
    }
    let extreme = |key: &dyn Fn(&[f64; 2]) -> f64| -> Option<[f64; 2]> {
        edge.iter().copied().max_by(|a, b| key(a).total_cmp(&key(b)))
    };
    let mut corners = [
        extreme(&|p| -p[0] - p[1])?,
        extreme(&|p| p[0] - p[1])?,
        extreme(&|p| p[0] + p[1])?,
        extreme(&|p| p[1] - p[0])?,
    ];
    let tolerance = (0.02 * ((w * w + h * h) as f64).sqrt()).max(3.0);
    for pass in 0..2 {
        let tol = if pass == 0 { tolerance } else { 1.5 };
        let lines: Vec<Option<Line>> = (0..4)
            .map(|k| fit_side(&edge, corners[k], corners[(k + 1) % 4], tol))
            .collect();
        let mut refined = corners;
        for k in 0..4 {
            if let (Some(a), Some(b)) = (&lines[(k + 3) % 4], &lines[k])
                && let Some(p) = a.meet(b)
            {
                refined[k] = p;
            }
        }
        corners = refined;
    }
    let margin = 0.1 * w.max(h) as f64;
    let in_frame = corners
        .iter()
        .all(|&[x, y]| x > -margin && y > -margin && x < w as f64 + margin && y < h as f64 + margin);
    if !in_frame || !convex(&corners) || quad_area(&corners) > 0.92 * (w * h) as f64 || !page_shaped(&corners) {
        return None;
    }
    // Sides fitted to something else than the page's edges (a shadow across a corner, a
    // second sheet under the page joined to it) can cut off part of the page: when ink on
    // paper (a dark pixel with the region on both sides of it) lies outside the quad, warping
    // it would cut text off, so the picture is read as it is. A blank sheet sticking out
    // from under the page does not count.
    let on_paper = |x: usize, y: usize| {
        !inside(x, y)
            && ((x >= 2 && x + 2 < w && inside(x - 2, y) && inside(x + 2, y))
                || (y >= 2 && y + 2 < h && inside(x, y - 2) && inside(x, y + 2)))
    };
    let (mut ink_in, mut ink_out) = (0usize, 0usize);
    for y in 0..h {
        for x in 0..w {
            if on_paper(x, y) {
                if in_quad(&corners, x as f64 + 0.5, y as f64 + 0.5, 1.5) {
                    ink_in += 1;
                } else {
                    ink_out += 1;
                }
            }
        }
    }
    if ink_out * 20 > ink_in.max(1) {
        return None;
    }
    Some(corners.map(|[x, y]| to_full.apply(x, y)))
}

/// A straight line through `point` along the unit vector `dir`.
struct Line {
    point: [f64; 2],
    dir: [f64; 2],
}

impl Line {
    fn meet(&self, other: &Line) -> Option<[f64; 2]> {
        let ([px, py], [dx, dy]) = (self.point, self.dir);
        let ([qx, qy], [ex, ey]) = (other.point, other.dir);
        let det = dx * ey - dy * ex;
        if det.abs() < 0.2 {
            return None;
        }
        let t = ((qx - px) * ey - (qy - py) * ex) / det;
        Some([px + t * dx, py + t * dy])
    }
}

/// The line fitted (total least squares) to the edge pixels near the side from `a` to `b`,
/// leaving out a tenth at each end where the neighbouring sides bend in.
fn fit_side(edge: &[[f64; 2]], a: [f64; 2], b: [f64; 2], tolerance: f64) -> Option<Line> {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 8.0 {
        return None;
    }
    let (ux, uy) = (dx / len, dy / len);
    let near: Vec<[f64; 2]> = edge
        .iter()
        .copied()
        .filter(|&[x, y]| {
            let (rx, ry) = (x - a[0], y - a[1]);
            let along = (rx * ux + ry * uy) / len;
            (0.1..=0.9).contains(&along) && (rx * uy - ry * ux).abs() <= tolerance
        })
        .collect();
    if near.len() < 8 {
        return None;
    }
    let n = near.len() as f64;
    let (mx, my) = near
        .iter()
        .fold((0.0, 0.0), |(sx, sy), p| (sx + p[0] / n, sy + p[1] / n));
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for &[x, y] in &near {
        sxx += (x - mx) * (x - mx);
        sxy += (x - mx) * (y - my);
        syy += (y - my) * (y - my);
    }
    let angle = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    Some(Line {
        point: [mx, my],
        dir: [angle.cos(), angle.sin()],
    })
}

/// A sheet as a phone sees it: every corner between 60° and 120°, and opposite sides of
/// like length (a page is never foreshortened to less than 60 % of its far side). A quad
/// fitted to a lamp's light falling off across a scan is neither.
fn page_shaped(q: &[[f64; 2]; 4]) -> bool {
    let side = |k: usize| {
        let (a, b) = (q[k], q[(k + 1) % 4]);
        (b[0] - a[0]).hypot(b[1] - a[1])
    };
    let like = |a: f64, b: f64| a.min(b) >= 0.6 * a.max(b);
    let corner = |k: usize| {
        let (a, b, c) = (q[(k + 3) % 4], q[k], q[(k + 1) % 4]);
        let (u, v) = ([a[0] - b[0], a[1] - b[1]], [c[0] - b[0], c[1] - b[1]]);
        let cos = (u[0] * v[0] + u[1] * v[1]) / (u[0].hypot(u[1]) * v[0].hypot(v[1])).max(1e-9);
        cos.abs() <= 0.5
    };
    like(side(0), side(2)) && like(side(1), side(3)) && (0..4).all(corner)
}

/// Whether a point lies inside the convex quad (corners clockwise in pixel coordinates),
/// or within `slack` pixels outside it.
fn in_quad(q: &[[f64; 2]; 4], x: f64, y: f64, slack: f64) -> bool {
    (0..4).all(|k| {
        let (a, b) = (q[k], q[(k + 1) % 4]);
        let len = (b[0] - a[0]).hypot(b[1] - a[1]).max(1e-9);
        // Positive on the inner side of a clockwise (y down) edge.
        ((b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0])) / len >= -slack
    })
}

fn convex(q: &[[f64; 2]; 4]) -> bool {
    let cross = |k: usize| {
        let (a, b, c) = (q[k], q[(k + 1) % 4], q[(k + 2) % 4]);
        (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
    };
    (0..4).all(|k| cross(k) > 0.0)
}

fn quad_area(q: &[[f64; 2]; 4]) -> f64 {
    0.5 * (0..4)
        .map(|k| q[k][0] * q[(k + 1) % 4][1] - q[(k + 1) % 4][0] * q[k][1])
        .sum::<f64>()
        .abs()
}

/// Otsu's threshold: the gray level that best splits the pixels into two classes.
fn otsu(pixels: &[u8]) -> u8 {
    let mut hist = [0u64; 256];
    for &p in pixels {
        hist[usize::from(p)] += 1;
    }
    let total = pixels.len() as f64;
    let sum: f64 = hist.iter().enumerate().map(|(v, &n)| v as f64 * n as f64).sum();
    let (mut below, mut sum_below, mut best) = (0.0, 0.0, (f64::NEG_INFINITY, 0u8));
    for (v, &n) in hist.iter().enumerate() {
        below += n as f64;
        sum_below += v as f64 * n as f64;
        let above = total - below;
        if below == 0.0 || above == 0.0 {
            continue;
        }
        let between = below * above * (sum_below / below - (sum - sum_below) / above).powi(2);
        if between > best.0 {
            best = (between, v as u8);
        }
    }
    best.1
}

/// The largest 4-connected region of `set` pixels, as a mask.
fn largest_region(set: &[bool], w: usize, h: usize) -> Option<Vec<bool>> {
    let mut label = vec![0u32; w * h];
    let (mut best, mut best_size, mut next) = (0u32, 0usize, 0u32);
    let mut region = Vec::new();
    for start in 0..w * h {
        if !set[start] || label[start] != 0 {
            continue;
        }
        next += 1;
        label[start] = next;
        flood(w, h, start, &mut region, |j| {
            let joins = set[j] && label[j] == 0;
            if joins {
                label[j] = next;
            }
            joins
        });
        if region.len() > best_size {
            (best, best_size) = (next, region.len());
        }
    }
    (best_size > 0).then(|| label.iter().map(|&l| l == best).collect())
}

/// The 4-connected region of a `w` × `h` image around pixel `start` (already taken), into
/// `region`: every neighbour that `take` accepts joins it (`take` marks what it accepts, so
/// no pixel is visited twice).
fn flood(w: usize, h: usize, start: usize, region: &mut Vec<usize>, mut take: impl FnMut(usize) -> bool) {
    region.clear();
    let mut stack = vec![start];
    while let Some(i) = stack.pop() {
        region.push(i);
        let (x, y) = (i % w, i / w);
        if x > 0 && take(i - 1) {
            stack.push(i - 1);
        }
        if x + 1 < w && take(i + 1) {
            stack.push(i + 1);
        }
        if y > 0 && take(i - w) {
            stack.push(i - w);
        }
        if y + 1 < h && take(i + w) {
            stack.push(i + w);
        }
    }
}

/// The page inside `quad` (corners clockwise from the top left, in pixels of `image`) drawn
/// upright on a `width` × `height` canvas, bicubic; the homography maps the canvas's pixel
/// coordinates back to `image`'s. With the image's own corners as `quad` it is a resize.
pub fn rectify(image: &Gray, quad: &[[f64; 2]; 4], width: usize, height: usize) -> Option<(Gray, Homography)> {
    let (wf, hf) = (width as f64, height as f64);
    let canvas = [[0.0, 0.0], [wf, 0.0], [wf, hf], [0.0, hf]];
    let to_old = Homography::from_points(&canvas, quad)?;
    let taps = CubicTaps::new();
    let [a, b, c, d, e, f, g, h, i] = to_old.0;
    let mut out = Vec::with_capacity(width * height);
    for v in 0..height {
        let y = v as f64 + 0.5;
        // Along a row the numerators and the denominator grow by a constant step.
        let (mut nx, mut ny, mut den) = (a * 0.5 + b * y + c, d * 0.5 + e * y + f, g * 0.5 + h * y + i);
        for _ in 0..width {
            out.push(taps.sample(image, nx / den - 0.5, ny / den - 0.5));
            nx += a;
            ny += d;
            den += g;
        }
    }
    Some((
        Gray {
            width,
            height,
            pixels: out,
        },
        to_old,
    ))
}

/// Catmull-Rom interpolation with its weights tabled for 1/64 pixel steps (12-bit fixed
/// point): a rectified page at 300 dpi is millions of samples.
struct CubicTaps([[i32; 4]; 65]);

impl CubicTaps {
    const ONE: i32 = 1 << 12;

    fn new() -> CubicTaps {
        let mut table = [[0i32; 4]; 65];
        for (k, row) in table.iter_mut().enumerate() {
            let t = k as f64 / 64.0;
            let (t2, t3) = (t * t, t * t * t);
            let w = [
                0.5 * (-t3 + 2.0 * t2 - t),
                0.5 * (3.0 * t3 - 5.0 * t2 + 2.0),
                0.5 * (-3.0 * t3 + 4.0 * t2 + t),
                0.5 * (t3 - t2),
            ];
            *row = w.map(|w| (w * f64::from(Self::ONE)).round() as i32);
        }
        CubicTaps(table)
    }

    /// The value at (x, y); the edge pixels repeat outward, far outside is paper white.
    fn sample(&self, image: &Gray, x: f64, y: f64) -> u8 {
        let (w, h) = (image.width as f64, image.height as f64);
        if !(x > -2.0 && y > -2.0 && x < w + 1.0 && y < h + 1.0) {
            return 255;
        }
        let (fx, fy) = (x.floor(), y.floor());
        let wx = &self.0[((x - fx) * 64.0).round() as usize];
        let wy = &self.0[((y - fy) * 64.0).round() as usize];
        let (x0, y0) = (fx as isize - 1, fy as isize - 1);
        let (max_x, max_y) = (image.width as isize - 1, image.height as isize - 1);
        let mut sum: i64 = 0;
        if x0 >= 0 && y0 >= 0 && x0 + 3 <= max_x && y0 + 3 <= max_y {
            let mut at = y0 as usize * image.width + x0 as usize;
            for wyj in wy {
                let p = &image.pixels[at..at + 4];
                let row = wx[0] * i32::from(p[0])
                    + wx[1] * i32::from(p[1])
                    + wx[2] * i32::from(p[2])
                    + wx[3] * i32::from(p[3]);
                sum += i64::from(row) * i64::from(*wyj);
                at += image.width;
            }
        } else {
            for (j, wyj) in wy.iter().enumerate() {
                let row = (y0 + j as isize).clamp(0, max_y) as usize * image.width;
                let mut acc = 0i32;
                for (k, wxk) in wx.iter().enumerate() {
                    acc += wxk * i32::from(image.pixels[row + (x0 + k as isize).clamp(0, max_x) as usize]);
                }
                sum += i64::from(acc) * i64::from(*wyj);
            }
        }
        let one = i64::from(Self::ONE);
        ((sum + one * one / 2).div_euclid(one * one)).clamp(0, 255) as u8
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
    fn blurred_words_are_not_taken_for_rules() {
        // A line of blurred letters 200 pixels long: strokes (40) every 8 pixels, the gaps
        // between them gray (170), never paper; and a thin rule below it.
        let (w, h) = (300, 120);
        let mut img = Gray::new(w, h, 255);
        for y in 20..44 {
            for x in 50..250 {
                img.pixels[y * w + x] = if x % 8 < 3 { 40 } else { 170 };
            }
        }
        for x in 20..280 {
            img.pixels[90 * w + x] = 60;
        }

        remove_rules(&mut img, 80);

        assert_eq!(img.pixels[32 * w + 56], 40, "a stroke of the word");
        assert_eq!(img.pixels[32 * w + 60], 170, "a gap of the word");
        assert_eq!(img.pixels[90 * w + 150], 255, "the rule");
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
    fn only_a_sheet_as_a_phone_sees_it_is_page_shaped() {
        let rows: [(&str, [[f64; 2]; 4], bool); 4] = [
            (
                "a page in perspective",
                [[60.0, 40.0], [420.0, 70.0], [450.0, 620.0], [30.0, 600.0]],
                true,
            ),
            (
                "a wedge of light (one side a third of the other)",
                [[0.0, 0.0], [600.0, 0.0], [600.0, 200.0], [0.0, 600.0]],
                false,
            ),
            (
                "a sliver (corners of 30 degrees)",
                [[0.0, 0.0], [400.0, 230.0], [800.0, 460.0], [400.0, 230.5]],
                false,
            ),
            (
                "a rhombus leaning 45 degrees",
                [[0.0, 0.0], [300.0, 0.0], [600.0, 300.0], [300.0, 300.0]],
                false,
            ),
        ];
        for (what, quad, shaped) in rows {
            assert_eq!(page_shaped(&quad), shaped, "{what}");
        }
        let q = [[10.0, 10.0], [110.0, 10.0], [110.0, 60.0], [10.0, 60.0]];
        assert!(in_quad(&q, 50.0, 30.0, 0.0));
        assert!(in_quad(&q, 111.0, 30.0, 1.5), "within the slack");
        assert!(!in_quad(&q, 50.0, 70.0, 1.5));
    }

    #[test]
    fn black_margins_reaching_the_edge_turn_white_and_letters_stay() {
        // A black corner wedge (an open lid), a dark letter touching the left edge, and ink
        // in the middle of the page.
        let (w, h) = (200, 200);
        let mut g = Gray::new(w, h, 230);
        for y in 0..h {
            for x in 0..w {
                if x + y < 60 {
                    g.pixels[y * w + x] = 10;
                }
            }
        }
        for y in 100..106 {
            for x in 0..4 {
                g.pixels[y * w + x] = 20;
            }
        }
        g.pixels[150 * w + 150] = 5;

        clear_dark_border(&mut g);

        assert_eq!(g.at(5, 5), 255, "the wedge is gone");
        assert_eq!(g.at(1, 102), 20, "a letter cut by the edge stays");
        assert_eq!(g.at(150, 150), 5, "ink inside the page stays");
        assert_eq!(g.at(100, 100), 230);
    }

    /// A 500 × 700 page (paper 235, black bars every 40 pixels across its middle) seen
    /// through `quad` on a `w` × `h` background of `table`, lit unevenly from the top left.
    fn photographed(w: usize, h: usize, quad: &[[f64; 2]; 4], table: u8) -> Gray {
        let page = [[0.0, 0.0], [500.0, 0.0], [500.0, 700.0], [0.0, 700.0]];
        let to_page = Homography::from_points(quad, &page).expect("a page");
        let mut img = Gray::new(w, h, table);
        for y in 0..h {
            for x in 0..w {
                let [px, py] = to_page.apply(x as f64 + 0.5, y as f64 + 0.5);
                let light = 1.0 - 0.3 * (x + y) as f64 / (w + h) as f64;
                let v = if (0.0..500.0).contains(&px) && (0.0..700.0).contains(&py) {
                    let bar = (60.0..440.0).contains(&px)
                        && (100.0..600.0).contains(&py)
                        && (py as usize / 20).is_multiple_of(2);
                    if bar { 20.0 } else { 235.0 * light }
                } else {
                    f64::from(table) * light
                };
                img.pixels[y * w + x] = v as u8;
            }
        }
        img
    }

    #[test]
    fn a_homography_takes_four_points_where_they_should_go_and_composes() {
        let from = [[0.0, 0.0], [100.0, 0.0], [100.0, 50.0], [0.0, 50.0]];
        let to = [[10.0, 5.0], [120.0, 12.0], [108.0, 70.0], [3.0, 61.0]];
        let h = Homography::from_points(&from, &to).expect("four points in general position");
        for (a, b) in from.iter().zip(&to) {
            let [x, y] = h.apply(a[0], a[1]);
            assert!(
                (x - b[0]).abs() < 1e-6 && (y - b[1]).abs() < 1e-6,
                "{a:?} went to {x},{y}"
            );
        }
        let back = Homography::from_points(&to, &from).expect("and back");
        let [x, y] = h.then(&back).apply(37.0, 21.0);
        assert!((x - 37.0).abs() < 1e-6 && (y - 21.0).abs() < 1e-6);
        let m = Matrix([0.0, -1.0, 1.0, 0.0, 0.0, 50.0]);
        assert_eq!(Homography::from(&m).apply(3.0, 4.0), m.apply(3.0, 4.0));
        let line = [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]];
        assert!(Homography::from_points(&line, &to).is_none(), "points on one line");
    }

    #[test]
    fn a_photographed_page_is_found_and_warped_upright() {
        // Perspective: the top edge shorter than the bottom, the left side leaning in.
        let quad = [[212.0, 143.0], [655.0, 171.0], [742.0, 905.0], [121.0, 872.0]];
        let photo = photographed(860, 1040, &quad, 80);

        let found = find_page(&photo).expect("the page");

        for (got, want) in found.iter().zip(&quad) {
            let off = (got[0] - want[0]).hypot(got[1] - want[1]);
            assert!(off < 4.0, "corner {got:?}, want {want:?}");
        }
        let (upright, to_photo) = rectify(&photo, &found, 500, 700).expect("rectified");
        assert_eq!((upright.width, upright.height), (500, 700));
        // The bars are back on their rows: dark at their middle, paper between them.
        for row in [130, 170, 330, 570] {
            assert!(upright.at(250, row) < 80, "bar at {row}: {}", upright.at(250, row));
            assert!(
                upright.at(250, row + 20) > 150,
                "paper at {}: {}",
                row + 20,
                upright.at(250, row + 20)
            );
        }
        // A point of the upright page goes back onto the photo where the page has it.
        let [x, y] = to_photo.apply(500.0, 700.0);
        assert!((x - 742.0).abs() < 4.0 && (y - 905.0).abs() < 4.0, "{x},{y}");
    }

    #[test]
    fn no_page_is_found_where_none_stands_out() {
        // A scan is all page; a page on a table as light as itself does not stand out.
        let quad = [[212.0, 143.0], [655.0, 171.0], [742.0, 905.0], [121.0, 872.0]];
        assert!(find_page(&photographed(860, 1040, &quad, 225)).is_none());
        let scan = photographed(500, 700, &[[0.0, 0.0], [500.0, 0.0], [500.0, 700.0], [0.0, 700.0]], 80);
        assert!(find_page(&scan).is_none());
        for odd in [
            Gray::new(1, 1, 0),
            Gray::new(1, 1, 255),
            Gray::new(5000, 1, 128),
            Gray::new(3, 4000, 10),
            Gray::new(300, 300, 0),
            Gray::new(300, 300, 255),
        ] {
            assert!(find_page(&odd).is_none(), "{odd:?}");
        }
        // Noise: whatever it finds, it does not panic.
        let _ = find_page(&sample(301, 97));
    }

    #[test]
    fn rectifying_odd_sizes_does_not_panic() {
        let quad = |w: f64, h: f64| [[0.0, 0.0], [w, 0.0], [w, h], [0.0, h]];
        let (one, _) = rectify(&Gray::new(1, 1, 9), &quad(1.0, 1.0), 3, 3).expect("a resize");
        assert_eq!(one.pixels, vec![9; 9]);
        let (wide, back) = rectify(&sample(700, 2), &quad(700.0, 2.0), 1400, 4).expect("a resize");
        assert_eq!((wide.width, wide.height), (1400, 4));
        assert_eq!(back.apply(1400.0, 4.0), [700.0, 2.0]);
        // A quad far outside the picture reads as paper.
        let (away, _) = rectify(
            &sample(10, 10),
            &[[100.0, 100.0], [110.0, 100.0], [110.0, 110.0], [100.0, 110.0]],
            4,
            4,
        )
        .expect("a quad");
        assert!(away.pixels.iter().all(|&p| p == 255));
        let flat = [[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [3.0, 0.0]];
        assert!(rectify(&sample(10, 10), &flat, 4, 4).is_none());
    }

    #[test]
    fn sharpening_steepens_an_edge_and_keeps_flat_areas() {
        // A soft edge from paper (230) down to ink (40) over 8 pixels.
        let (w, h) = (40, 5);
        let mut img = Gray::new(w, h, 230);
        for y in 0..h {
            for x in 0..w {
                img.pixels[y * w + x] = match x {
                    0..16 => 230,
                    16..24 => (230 - (x - 15) * 190 / 9) as u8,
                    _ => 40,
                };
            }
        }

        let sharp = sharpen(&img, 3, 1.5);

        assert_eq!(sharp.at(3, 2), 230, "flat paper stays");
        assert_eq!(sharp.at(36, 2), 40, "flat ink stays");
        assert!(sharp.at(17, 2) > img.at(17, 2), "the light side lighter");
        assert!(sharp.at(22, 2) < img.at(22, 2), "the dark side darker");
        for odd in [Gray::new(1, 1, 7), Gray::new(500, 1, 0), Gray::new(1, 300, 255)] {
            assert_eq!(sharpen(&odd, 3, 1.5), odd);
        }
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
