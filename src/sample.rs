//! A sample claim form for trying the processing API on a development server: served at
//! `/demo/claim-form.pdf` when the demo is on, so the README's `POST /process` example works
//! as written against `cargo run` (with `KLAREFI_ALLOW_PRIVATE_URLS=true`). Written here with
//! lopdf; made-up data only.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

/// The lines of the sample form: every required `motor_claim` fact, labelled, with distractors.
const LINES: &[&str] = &[
    "Schadeformulier motorrijtuigen (voorbeeld)",
    "Naam verzekeringnemer: Jan de Vries",
    "E-mailadres: jan.devries@example.nl",
    "Telefoonnummer: 06 12345678",
    "Polisnummer: AUTO-2023-44871",
    "Kenteken: AB-123-C",
    "Kenteken tegenpartij: 12-XYZ-3",
    "Schadedatum: 3 februari 2023",
    "Plaats van het ongeval: Utrecht",
    "Toedracht: Bij het achteruit rijden raakte de tegenpartij mijn achterbumper.",
    "Totaal incl. BTW: \u{20ac} 1.234,56",
    "Eigen risico: \u{20ac} 250,00",
    "IBAN: NL91 ABNA 0417 1643 00",
];

/// The sample form as a one-page PDF (Helvetica, WinAnsi).
pub fn claim_form_pdf() -> Result<Vec<u8>, lopdf::Error> {
    text_pdf(LINES)
}

/// A one-page PDF with Helvetica (WinAnsi) text, one line per entry (the tests' fixtures
/// are written with it too).
pub fn text_pdf(lines: &[&str]) -> Result<Vec<u8>, lopdf::Error> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 11.into()]),
        Operation::new("TL", vec![16.into()]),
        Operation::new("Td", vec![60.into(), 780.into()]),
    ];
    for line in lines {
        // WinAnsi: the euro sign is 0x80; the rest of these lines is Latin-1.
        let encoded: Vec<u8> = line
            .chars()
            .map(|c| {
                if c == '\u{20ac}' {
                    0x80
                } else {
                    u8::try_from(u32::from(c)).unwrap_or(b'?')
                }
            })
            .collect();
        ops.push(Operation::new("Tj", vec![Object::string_literal(encoded)]));
        ops.push(Operation::new("T*", vec![]));
    }
    ops.push(Operation::new("ET", vec![]));
    let content = Content { operations: ops }.encode()?;
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

/// `GET /demo/claim-form.pdf` (only routed when the demo is on).
pub async fn claim_form() -> Response {
    match claim_form_pdf() {
        Ok(pdf) => (StatusCode::OK, [(header::CONTENT_TYPE, "application/pdf")], pdf).into_response(),
        Err(e) => crate::error::AppError::internal(e).into_response(),
    }
}
