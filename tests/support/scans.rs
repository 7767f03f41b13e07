//! Scans and photos of generated claim PDFs, for the OCR tests and `benches/ocr.rs`.
//!
//! A page is rendered with hayro (at 200 dpi for a scan), tilted by a degree or two, and
//! given paper noise and specks; a scan is that picture as the only thing on an image-only
//! PDF page (a FlateDecode DeviceGray image XObject drawn over the whole page, written with
//! lopdf), a phone photo is a colour JPEG of the page lying on a darker table under uneven
//! light, optionally stored sideways with an EXIF Orientation that says how to turn it.

#![expect(clippy::expect_used, reason = "a fixture that cannot be built should fail loudly")]

use klarefi::ocr::image::{self, Gray};
use lopdf::{Document, Object, Stream, dictionary};

use super::claims::Rng;

/// Renders page `index` of `pdf` to gray at `dpi`.
pub fn rasterize(pdf: &[u8], index: usize, dpi: f32) -> Gray {
    use hayro::hayro_interpret::InterpreterSettings;
    use hayro::hayro_syntax::Pdf;
    use hayro::vello_cpu::color::palette::css::WHITE;
    use hayro::{PixmapSettings, RenderCache, RenderSettings};

    let doc = Pdf::new(pdf.to_vec()).expect("a PDF hayro reads");
    let pages = doc.pages();
    let page = pages.get(index).expect("the page");
    let settings = PixmapSettings {
        x_scale: dpi / 72.0,
        y_scale: dpi / 72.0,
        bg_color: WHITE,
    };
    let pixmap = hayro::render(
        page,
        &RenderCache::new(),
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &settings,
    );
    let pixels = pixmap
        .data_as_u8_slice()
        .chunks_exact(4)
        .map(|p| image::luma(p[0], p[1], p[2]))
        .collect();
    Gray {
        width: usize::from(pixmap.width()),
        height: usize::from(pixmap.height()),
        pixels,
    }
}

/// What a flatbed scanner adds: a small tilt, gray paper with grain, a few specks.
pub fn scanner(page: &Gray, degrees: f64, rng: &mut Rng) -> Gray {
    let (tilted, _) = image::deskew(page, -degrees);
    let mut out = Gray::new(page.width, page.height, 255);
    // Back onto the page's own size, centred: the scanner bed does not grow.
    let (dx, dy) = ((tilted.width - page.width) / 2, (tilted.height - page.height) / 2);
    for y in 0..page.height {
        for x in 0..page.width {
            let v = f64::from(tilted.pixels[(y + dy) * tilted.width + x + dx]);
            let grain = (rng.below(41) as f64 - 20.0) * 0.6;
            let paper = 0.94 * v + grain;
            out.pixels[y * page.width + x] = paper.clamp(0.0, 255.0) as u8;
        }
    }
    for _ in 0..(page.width * page.height / 4000) {
        let (x, y) = (rng.below(page.width), rng.below(page.height));
        out.pixels[y * page.width + x] = rng.below(90) as u8;
    }
    out
}

/// An image-only PDF: each picture drawn over a whole `width` × `height` pt page.
pub fn image_pdf(pictures: &[Gray], width: f64, height: f64) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for picture in pictures {
        let mut image = Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => picture.width as i64,
                "Height" => picture.height as i64,
                "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8,
            },
            picture.pixels.clone(),
        );
        image.compress().expect("deflate");
        let image_id = doc.add_object(image);
        let content = format!("q {width} 0 0 {height} 0 0 cm /Scan Do Q");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(width as f32), Object::Real(height as f32)],
            "Contents" => content_id,
            "Resources" => dictionary! { "XObject" => dictionary! { "Scan" => image_id } },
        });
        kids.push(Object::Reference(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

/// Two pages: a born-digital cover page with `text` in Helvetica, then a scan of `picture`.
pub fn cover_then_scan_pdf(text: &str, picture: &Gray, width: f64, height: f64) -> Vec<u8> {
    let mut doc = Document::load_mem(&image_pdf(std::slice::from_ref(picture), width, height)).expect("scan");
    let pages_id = doc
        .catalog()
        .expect("catalog")
        .get(b"Pages")
        .and_then(Object::as_reference)
        .expect("pages");
    let font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let content = format!("BT /F1 12 Tf 72 760 Td ({text}) Tj ET");
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let cover = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), Object::Real(width as f32), Object::Real(height as f32)],
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    let pages = doc.get_dictionary_mut(pages_id).expect("pages dict");
    let mut kids = pages.get(b"Kids").and_then(Object::as_array).expect("kids").clone();
    kids.insert(0, Object::Reference(cover));
    pages.set("Kids", kids);
    pages.set("Count", 2);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

/// A scanned version of a claim PDF: every page at 200 dpi, tilted by ±1–2°, with noise.
pub fn scanned_pdf(pdf: &[u8], rng: &mut Rng) -> Vec<u8> {
    let doc = Document::load_mem(pdf).expect("load");
    let pages: Vec<Gray> = (0..doc.get_pages().len())
        .map(|i| {
            let page = rasterize(pdf, i, 200.0);
            let degrees = (1.0 + rng.below(11) as f64 / 10.0) * if rng.chance(0.5) { 1.0 } else { -1.0 };
            scanner(&page, degrees, rng)
        })
        .collect();
    let (w, h) = page_size(&doc);
    image_pdf(&pages, w, h)
}

fn page_size(doc: &Document) -> (f64, f64) {
    let first = doc.get_pages().into_values().next().expect("a page");
    let media = doc
        .get_dictionary(first)
        .ok()
        .and_then(|d| d.get(b"MediaBox").ok())
        .and_then(|m| m.as_array().ok())
        .map(|a| a.iter().filter_map(|o| o.as_float().ok()).collect::<Vec<f32>>())
        .unwrap_or_default();
    match media[..] {
        [x0, y0, x1, y1] => (f64::from(x1 - x0), f64::from(y1 - y0)),
        _ => (595.0, 842.0),
    }
}

/// A phone photo of page 0: the page at ~250 dpi on a darker table, tilted, lit unevenly,
/// colour JPEG. With `sideways`, stored turned a quarter anticlockwise with EXIF
/// Orientation 6 ("turn clockwise to show"), as phones do.
pub fn phone_photo(pdf: &[u8], rng: &mut Rng, sideways: bool) -> Vec<u8> {
    let page = rasterize(pdf, 0, 250.0);
    let (tilted, _) = image::deskew(&page, 1.5);
    let margin = 120;
    let (w, h) = (tilted.width + 2 * margin, tilted.height + 2 * margin);
    let mut rgb = Vec::with_capacity(w * h * 3);
    for y in 0..h {
        for x in 0..w {
            let inside = (margin..margin + tilted.width).contains(&x) && (margin..margin + tilted.height).contains(&y);
            let v = if inside {
                f64::from(tilted.pixels[(y - margin) * tilted.width + x - margin])
            } else {
                70.0
            };
            // Light falls from the top left.
            let light = 1.0 - 0.22 * (x as f64 / w as f64 + y as f64 / h as f64) / 2.0;
            let noise = rng.below(25) as f64 - 12.0;
            let v = (v * light + noise).clamp(0.0, 255.0);
            rgb.extend_from_slice(&[v as u8, (v * 0.97) as u8, (v * 0.9) as u8]);
        }
    }
    let (pixels, width, height) = if sideways {
        // Stored a quarter turn anticlockwise: pixel (u, v) of the stored image is (w-1-v, u).
        let mut turned = Vec::with_capacity(rgb.len());
        for v in 0..w {
            for u in 0..h {
                let (x, y) = (w - 1 - v, u);
                turned.extend_from_slice(&rgb[(y * w + x) * 3..(y * w + x) * 3 + 3]);
            }
        }
        (turned, h, w)
    } else {
        (rgb, w, h)
    };
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 82);
    if sideways {
        encoder.add_app_segment(1, &exif_orientation(6)).expect("exif");
    }
    encoder
        .encode(
            &pixels,
            u16::try_from(width).expect("width"),
            u16::try_from(height).expect("height"),
            jpeg_encoder::ColorType::Rgb,
        )
        .expect("jpeg");
    out
}

/// An APP1 EXIF payload holding only the Orientation tag.
pub fn exif_orientation(value: u16) -> Vec<u8> {
    let mut d = b"Exif\0\0II*\0".to_vec();
    d.extend_from_slice(&8u32.to_le_bytes());
    d.extend_from_slice(&1u16.to_le_bytes());
    d.extend_from_slice(&0x0112u16.to_le_bytes());
    d.extend_from_slice(&3u16.to_le_bytes());
    d.extend_from_slice(&1u32.to_le_bytes());
    d.extend_from_slice(&value.to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    d.extend_from_slice(&0u32.to_le_bytes());
    d
}

/// Whether tesseract with Dutch and English is installed. Without it the OCR tests skip with
/// a message, unless `KLAREFI_REQUIRE_OCR=1` (CI) makes that a failure.
pub fn ocr_available(test: &str) -> bool {
    let program = std::env::var("KLAREFI_TESSERACT").unwrap_or_else(|_| "tesseract".into());
    let langs = std::process::Command::new(&program)
        .arg("--list-langs")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let ok = langs.lines().any(|l| l.trim() == "nld") && langs.lines().any(|l| l.trim() == "eng");
    if !ok {
        assert!(
            std::env::var("KLAREFI_REQUIRE_OCR").as_deref() != Ok("1"),
            "{test}: KLAREFI_REQUIRE_OCR=1 but `{program}` with nld and eng is not installed"
        );
        eprintln!(
            "skipping {test}: `{program}` with nld and eng language data is not installed \
             (apt-get install tesseract-ocr tesseract-ocr-nld tesseract-ocr-eng)"
        );
    }
    ok
}
