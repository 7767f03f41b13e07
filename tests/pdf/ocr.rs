//! OCR: scanned versions of generated claim PDFs and phone photos of them are read by the
//! sandboxed worker with tesseract and yield their facts, with evidence pointing into the OCR
//! text; image bombs are refused before they are decoded; without tesseract, scans are
//! `ocr_unavailable` and born-digital pages still read.
//!
//! Tests that need tesseract skip with a message when it is missing (`KLAREFI_REQUIRE_OCR=1`
//! turns that into a failure).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use klarefi::ocr::tesseract::Tesseract;
use klarefi::pdf::{ReadMethod, TextLayer};
use klarefi::sandbox::{self, Failure, SandboxLimits};

use crate::support::claims::{self, LabelledDoc, Rng};
use crate::support::evaluate::{self, CaseSpec, DocResult};
use crate::support::scans;

const SEED: u64 = 20_240_601;

fn exe() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_klarefi"))
}

fn spec() -> CaseSpec {
    CaseSpec::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("case_types/motor_claim.toml")).expect("case type")
}

/// The first `n` generated documents a scanner could see: the generator's custom TrueType
/// font carries private codes without glyph outlines, so its pages render as boxes.
fn renderable(n: usize) -> Vec<LabelledDoc> {
    claims::generate(SEED, 4 * n)
        .into_iter()
        .filter(|d| d.font != "truetype-tounicode")
        .take(n)
        .collect()
}

async fn read(bytes: &[u8]) -> Result<TextLayer, Failure> {
    let format = klarefi::vocab::sniff(bytes).expect("a PDF, JPEG or PNG");
    sandbox::text_layer(exe(), bytes, format, &SandboxLimits::default()).await
}

/// Every OCR page is well formed, and every fact found quotes its page slice over boxes
/// that lie on the page.
fn assert_ocr_evidence(doc: &LabelledDoc, layer: &TextLayer, result: &DocResult) {
    for page in &layer.pages {
        assert_eq!(page.method, ReadMethod::Ocr, "{}: page {}", doc.name, page.index);
        let chars = page.text.chars().count();
        assert_eq!(page.boxes.len(), chars, "{}: one box per char", doc.name);
        assert_eq!(page.confidences.len(), chars, "{}: one confidence per char", doc.name);
    }
    assert!(result.defects.is_empty(), "{}: {:?}", doc.name, result.defects);
    for (index, f) in &result.found {
        let page = &layer.pages[*index];
        for b in &page.boxes[f.char_start..f.char_end] {
            assert!(
                b[0] >= -5.0 && b[1] >= -5.0 && b[2] <= page.width + 5.0 && b[3] <= page.height + 5.0,
                "{}: {} box {b:?} off the page",
                doc.name,
                f.fact_id
            );
        }
    }
}

/// Facts whose predicted value is the truth, of those the document states.
fn recall(result: &DocResult) -> (usize, usize) {
    let correct = result
        .truth
        .iter()
        .filter(|(fact, value)| result.predictions.get(*fact).is_some_and(|p| &&p.value == value))
        .count();
    (correct, result.truth.len())
}

/// Where the born-digital text has the value's first character, and where the OCR text has it.
fn same_place(
    digital: &TextLayer,
    digital_result: &DocResult,
    ocr: &TextLayer,
    ocr_result: &DocResult,
    fact: &str,
) -> f32 {
    let at = |layer: &TextLayer, r: &DocResult| {
        let p = r.predictions.get(fact)?;
        let b = layer.pages.get(p.page)?.boxes.get(p.char_start)?;
        Some([(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0])
    };
    match (at(digital, digital_result), at(ocr, ocr_result)) {
        (Some(a), Some(b)) => f32::hypot(a[0] - b[0], a[1] - b[1]),
        _ => f32::INFINITY,
    }
}

#[tokio::test]
async fn scanned_claims_yield_their_facts_with_evidence_in_the_ocr_text() {
    if !scans::ocr_available("scanned_claims_yield_their_facts") {
        return;
    }
    let spec = spec();
    let mut rng = Rng::new(7);
    let (mut correct, mut stated) = (0, 0);
    for doc in renderable(claims::LAYOUTS.len()) {
        let scan = scans::scanned_pdf(&doc.pdf, &mut rng);
        let layer = read(&scan).await.unwrap_or_else(|e| panic!("{}: {e}", doc.name));
        let result = evaluate::run_layer(&doc, Ok(layer.clone()), &spec);
        assert_ocr_evidence(&doc, &layer, &result);

        let digital = klarefi::pdf::extract_text_layer(&doc.pdf, &klarefi::pdf::Limits::default()).expect("digital");
        let digital_result = evaluate::run_layer(&doc, Ok(digital.clone()), &spec);
        for (fact, p) in &result.predictions {
            if doc.truth.get(fact) == Some(&p.value) {
                // A 2° tilt moves a point at most ~15 pt; the evidence is on the same words.
                let d = same_place(&digital, &digital_result, &layer, &result, fact);
                assert!(
                    d < 25.0,
                    "{}: {fact} evidence {d} pt from the born-digital one",
                    doc.name
                );
            }
        }
        let (c, n) = recall(&result);
        correct += c;
        stated += n;
    }
    assert!(
        correct as f64 >= 0.85 * stated as f64,
        "{correct} of {stated} facts read from the scans"
    );
}

#[tokio::test]
async fn phone_photos_are_read_upright_even_when_stored_sideways() {
    if !scans::ocr_available("phone_photos_are_read_upright") {
        return;
    }
    let spec = spec();
    let mut rng = Rng::new(11);
    let doc = renderable(1).remove(0);
    for sideways in [false, true] {
        let photo = scans::phone_photo(&doc.pdf, &mut rng, sideways);
        assert_eq!(klarefi::vocab::sniff(&photo), Some(klarefi::vocab::DocFormat::Jpeg));
        let layer = read(&photo).await.expect("photo read");
        let page = &layer.pages[0];
        assert!(
            page.height > page.width,
            "EXIF turned it upright (sideways: {sideways})"
        );
        let result = evaluate::run_layer(&doc, Ok(layer.clone()), &spec);
        assert_ocr_evidence(&doc, &layer, &result);
        let (c, n) = recall(&result);
        assert!(c as f64 >= 0.75 * n as f64, "sideways {sideways}: {c} of {n} facts");
    }
}

#[tokio::test]
async fn a_page_turned_upside_down_is_found_the_right_way_up() {
    if !scans::ocr_available("a_page_turned_upside_down") {
        return;
    }
    let doc = renderable(2).remove(1);
    let page = scans::rasterize(&doc.pdf, 0, 200.0);
    let (upside_down, _) = klarefi::ocr::image::rotate_quarters(&page, 2);
    let layer = read(&scans::image_pdf(&[upside_down], 595.0, 842.0))
        .await
        .expect("read");
    let result = evaluate::run_layer(&doc, Ok(layer), &spec());
    let (c, n) = recall(&result);
    assert!(c as f64 >= 0.75 * n as f64, "{c} of {n} facts");
}

/// A PNG whose header declares `width` × `height` and nothing after it.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut encoder_out = Vec::new();
    {
        let mut e = png::Encoder::new(&mut encoder_out, 1, 1);
        e.set_color(png::ColorType::Grayscale);
        e.set_depth(png::BitDepth::Eight);
        let mut w = e.write_header().expect("header");
        w.write_image_data(&[255]).expect("data");
    }
    // Rewrite IHDR's size (bytes 16..24) and its CRC.
    encoder_out[16..20].copy_from_slice(&width.to_be_bytes());
    encoder_out[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32fast::hash(&encoder_out[12..29]);
    encoder_out[29..33].copy_from_slice(&crc.to_be_bytes());
    encoder_out
}

/// An image-only PDF page drawing one image XObject with this dictionary and stream.
fn pdf_with_image(width: i64, height: i64, samples: Vec<u8>) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => width, "Height" => height,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        samples,
    );
    image.compress().expect("deflate");
    let image_id = doc.add_object(image);
    let content = doc.add_object(Stream::new(dictionary! {}, b"q 595 0 0 842 0 0 cm /I Do Q".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content, "Resources" => dictionary! { "XObject" => dictionary! { "I" => image_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

#[tokio::test]
async fn image_bombs_are_refused_quickly_and_never_decoded() {
    // SOI, then a baseline SOF0 declaring 60000 x 60000, one component.
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8];
    jpeg.extend_from_slice(&60_000u16.to_be_bytes());
    jpeg.extend_from_slice(&60_000u16.to_be_bytes());
    jpeg.extend_from_slice(&[1, 1, 0x11, 0]);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a 20000 x 20000 PNG", png_header(20_000, 20_000)),
        ("a 60000 x 60000 JPEG", jpeg),
        (
            "a scanned page declaring 100000 x 100000 pixels",
            pdf_with_image(100_000, 100_000, vec![255; 16]),
        ),
        // 2000 x 2000 gray is 4 MB of samples; this stream inflates to 64 MiB of zeros.
        (
            "a scanned page whose samples inflate far past their size",
            pdf_with_image(2000, 2000, vec![0; 64 << 20]),
        ),
    ];
    for (why, bytes) in cases {
        let started = Instant::now();
        let got = read(&bytes).await;
        assert!(matches!(got, Err(Failure::TooComplex(_))), "{why}: {got:?}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{why}: took {:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn a_scan_finer_than_the_decoding_limit_is_rendered_smaller_instead_of_refused() {
    if !scans::ocr_available("a_scan_finer_than_the_decoding_limit") {
        return;
    }
    // 9000 x 7000 = 63 MP, beyond the 50 MP we decode ourselves, within twice that.
    let fine = pdf_with_image(9000, 7000, vec![255; 9000 * 7000]);
    let layer = read(&fine).await.expect("rendered and read");
    assert_eq!(layer.pages.len(), 1);
    assert_eq!(layer.pages[0].method, ReadMethod::Ocr);
}

#[test]
fn without_tesseract_scans_are_ocr_unavailable_and_text_pages_still_read() {
    let none = Tesseract {
        program: PathBuf::from("/nonexistent/tesseract"),
        ..Tesseract::from_env()
    };
    let mut rng = Rng::new(3);
    let doc = claims::generate_one(SEED, 2);
    let page = scans::rasterize(&doc.pdf, 0, 100.0);
    let scan = scans::image_pdf(std::slice::from_ref(&page), 595.0, 842.0);
    assert_eq!(sandbox::read(&scan, &none), Err(Failure::OcrUnavailable));
    let photo = scans::phone_photo(&doc.pdf, &mut rng, false);
    assert_eq!(sandbox::read(&photo, &none), Err(Failure::OcrUnavailable));
    // A document with a text page and a scan keeps the text page; the scan is marked unread.
    let mixed = scans::cover_then_scan_pdf("Schadeformulier, bijlage: gescande pagina", &page, 595.0, 842.0);
    let layer = sandbox::read(&mixed, &none).expect("mixed");
    assert_eq!(layer.pages.len(), 2);
    assert_eq!(layer.pages[0].method, ReadMethod::Text);
    assert!(
        layer.pages[0].text.contains("gescande pagina"),
        "{}",
        layer.pages[0].text
    );
    assert_eq!(layer.pages[1].method, ReadMethod::Unread);
    assert!(layer.pages[1].text.is_empty());
    // A born-digital PDF needs no OCR at all.
    let digital = sandbox::read(&doc.pdf, &none).expect("born-digital");
    assert!(digital.pages.iter().all(|p| p.method == ReadMethod::Text));
    assert!(digital.pages[0].text.chars().count() > 100);
}
