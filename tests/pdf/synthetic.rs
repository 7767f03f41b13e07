//! PDFs built in the test with lopdf's writer, one feature each, asserting the exact
//! page text and one box per char.

// Tests may panic on broken fixtures; the no-expect rule is for library code.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a broken fixture should fail the test loudly"
)]

use klarefi::pdf::{Limits, PageText, TextError, extract_text_layer};
use lopdf::{Dictionary, Document, Object, Stream, dictionary};

/// Builds a one-page PDF (more pages if `contents` has more) with the given font
/// resources, XObjects and page attributes.
fn build(
    fonts: Vec<(&str, Dictionary, Option<Vec<u8>>)>,
    contents: &[&[u8]],
    extra: impl Fn(&mut Document, &mut Dictionary),
) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut font_dict = Dictionary::new();
    for (name, mut fd, to_unicode) in fonts {
        if let Some(tu) = to_unicode {
            let id = doc.add_object(Stream::new(Dictionary::new(), tu));
            fd.set("ToUnicode", id);
        }
        let id = doc.add_object(fd);
        font_dict.set(name, id);
    }
    let mut resources = dictionary! { "Font" => font_dict };
    extra(&mut doc, &mut resources);
    let resources_id = doc.add_object(resources);
    let mut kids = Vec::new();
    for c in contents {
        let content_id = doc.add_object(Stream::new(Dictionary::new(), c.to_vec()));
        let page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => resources_id,
        };
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

fn helvetica() -> Dictionary {
    dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" }
}

fn page(bytes: &[u8]) -> PageText {
    let layer = extract_text_layer(bytes, &Limits::default()).expect("extract");
    assert_eq!(layer.assembler_version, klarefi::pdf::ASSEMBLER_VERSION);
    let p = layer.pages.into_iter().next().expect("one page");
    assert_eq!(p.boxes.len(), p.text.chars().count(), "one box per char");
    p
}

fn box_of(p: &PageText, ch: char) -> [f32; 4] {
    let i = p.text.chars().position(|c| c == ch).expect("char present");
    p.boxes[i]
}

#[test]
fn standard_font_winansi_with_euro_and_eacute() {
    let pdf = build(
        vec![("F1", helvetica(), None)],
        &[b"BT /F1 12 Tf 72 700 Td (Caf\\351 kost \\200 5,00) Tj ET"],
        |_, _| {},
    );
    let p = page(&pdf);
    assert_eq!(p.text, "Café kost € 5,00");
    assert_eq!((p.width, p.height), (612.0, 792.0));
    // Helvetica 'C' is 722/1000 em wide: at 12 pt the box spans 8.664 pt from x=72,
    // and the baseline sits at 792 - 700 = 92 pt from the top.
    let c = box_of(&p, 'C');
    assert!((c[0] - 72.0).abs() < 0.01 && (c[2] - 80.664).abs() < 0.01, "{c:?}");
    assert!(c[1] < 92.0 && c[3] > 92.0, "{c:?}");
}

const TO_UNICODE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <00> <FF> endcodespacerange
4 beginbfchar <01> <0048> <02> <00E9> <03> <00660069> <04> <0020> endbfchar
1 beginbfrange <05> <06> [<006C> <006F>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

#[test]
fn embedded_truetype_with_tounicode_and_ligature() {
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "ABCDEF+Custom",
        "FirstChar" => 1, "LastChar" => 6,
        "Widths" => vec![700.into(), 550.into(), 560.into(), 250.into(), 220.into(), 550.into()],
    };
    // H é fi l o <space> é : "Héfilo é"
    let pdf = build(
        vec![("F1", font, Some(TO_UNICODE.to_vec()))],
        &[b"BT /F1 10 Tf 100 500 Td <0102030506040102> Tj ET"],
        |_, _| {},
    );
    let p = page(&pdf);
    assert_eq!(p.text, "Héfilo Hé");
    // The ligature glyph (560/1000 em at 10 pt = 5.6 pt) is shared by 'f' and 'i'.
    let f = p.boxes[2];
    let i = p.boxes[3];
    assert!((f[0] - 112.5).abs() < 0.01 && (f[2] - 115.3).abs() < 0.01, "{f:?}");
    assert!((i[0] - 115.3).abs() < 0.01 && (i[2] - 118.1).abs() < 0.01, "{i:?}");
}

#[test]
fn type0_identity_h_with_widths() {
    let cmap: &[u8] = b"begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar <0001> <0050> <0002> <0020> <0003> <20AC> endbfchar
1 beginbfrange <0010> <0012> <0061> endbfrange endcmap";
    let descendant = dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "ABCDEF+DejaVuSans",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "DW" => 1000,
        "W" => vec![1.into(), vec![600.into(), 300.into(), 640.into()].into(), 16.into(), 18.into(), 500.into()],
    };
    let pdf = build(
        vec![],
        &[b"BT /F0 20 Tf 50 400 Td <0001001000110012000200030002> Tj ET"],
        move |doc, res| {
            let d = doc.add_object(descendant.clone());
            let f = doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+DejaVuSans",
                "Encoding" => "Identity-H", "DescendantFonts" => vec![d.into()],
            });
            let tu = doc.add_object(Stream::new(Dictionary::new(), cmap.to_vec()));
            if let Ok(Object::Dictionary(fd)) = doc.get_object_mut(f) {
                fd.set("ToUnicode", tu);
            }
            res.set("Font", dictionary! { "F0" => f });
        },
    );
    let p = page(&pdf);
    assert_eq!(p.text, "Pabc €");
    // P is 600/1000 em at 20 pt; a, b, c are 500 each: c starts at 50 + 12 + 20 = 82.
    let c = box_of(&p, 'c');
    assert!((c[0] - 82.0).abs() < 0.01 && (c[2] - 92.0).abs() < 0.01, "{c:?}");
}

#[test]
fn form_xobject_text_is_included_with_its_matrix() {
    let pdf = build(
        vec![("F1", helvetica(), None)],
        &[b"BT /F1 12 Tf 72 720 Td (Voor het formulier) Tj ET q 1 0 0 1 100 0 cm /Fm1 Do Q"],
        |doc, res| {
            let form = Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 500.into(), 500.into()], "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), 100.into()] },
                b"BT /F1 12 Tf 0 500 Td (In het formulier) Tj ET".to_vec(),
            );
            let id = doc.add_object(form);
            res.set("XObject", dictionary! { "Fm1" => id });
        },
    );
    let p = page(&pdf);
    assert_eq!(p.text, "Voor het formulier\nIn het formulier");
    // Form origin: 100 (cm) + 0, 100 (Matrix) + 500 = y 600 → 192 from the top.
    let i = box_of(&p, 'I');
    assert!((i[0] - 100.0).abs() < 0.01, "{i:?}");
    assert!(i[1] < 192.0 && i[3] > 192.0, "{i:?}");
}

#[test]
fn glyphs_positioned_one_by_one_get_word_spaces_from_gaps() {
    // "Ja nee": each glyph its own Td; the word gap is a Helvetica space (2.78 pt).
    let content = b"BT /F1 10 Tf 100 700 Td (J) Tj 5 0 Td (a) Tj 5.56 0 Td ET
BT /F1 10 Tf 113.34 700 Td (n) Tj 5.56 0 Td (e) Tj 5.56 0 Td (e) Tj ET";
    let pdf = build(vec![("F1", helvetica(), None)], &[content], |_, _| {});
    assert_eq!(page(&pdf).text, "Ja nee");
}

#[test]
fn tj_kerning_and_word_gaps() {
    let content = b"BT /F1 10 Tf 72 700 Td [(W) 80 (ereld) -300 (schade) 20 (claim)] TJ ET";
    let pdf = build(vec![("F1", helvetica(), None)], &[content], |_, _| {});
    assert_eq!(page(&pdf).text, "Wereld schadeclaim");
}

#[test]
fn rotated_page_swaps_size_and_coordinates() {
    let content = b"BT /F1 10 Tf 72 700 Td (Gedraaid) Tj ET";
    let pdf = build(vec![("F1", helvetica(), None)], &[content], |_, _| {});
    // Set /Rotate 90 on the page after the fact.
    let mut doc = Document::load_mem(&pdf).expect("reload");
    let page_id = doc.page_iter().next().expect("page");
    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(page_id) {
        d.set("Rotate", 90);
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    let p = page(&out);
    assert_eq!((p.width, p.height), (792.0, 612.0));
    assert_eq!(p.text, "Gedraaid");
    // Rotated clockwise: user-space y becomes display x, user-space x display y.
    let g = box_of(&p, 'G');
    assert!((g[1] - 72.0).abs() < 0.01, "{g:?}");
    assert!(g[0] < 700.0 && g[2] > 700.0, "{g:?}");
}

#[test]
fn columns_stay_apart_and_table_rows_stay_together() {
    // Left column written first, then the right column; rows share baselines. Cells of one
    // row stay on one line, separated by a tab.
    let content = b"BT /F1 10 Tf 50 700 Td (Links een) Tj 0 -12 Td (Links twee) Tj ET
BT /F1 10 Tf 300 700 Td (Rechts een) Tj 0 -12 Td (Rechts twee) Tj ET
BT /F1 10 Tf 50 600 Td (Bedrag) Tj ET BT /F1 10 Tf 400 600 Td (12,50) Tj ET";
    let pdf = build(vec![("F1", helvetica(), None)], &[content], |_, _| {});
    assert_eq!(
        page(&pdf).text,
        "Links een\nLinks twee\nRechts een\nRechts twee\nBedrag\t12,50"
    );
}

#[test]
fn rotated_text_goes_on_its_own_line() {
    let content = b"BT /F1 10 Tf 50 700 Td (Boven) Tj ET
q 0.7071 0.7071 -0.7071 0.7071 300 400 cm BT /F1 40 Tf 0 0 Td (KOPIE) Tj ET Q
BT /F1 10 Tf 50 380 Td (Onder) Tj ET";
    let pdf = build(vec![("F1", helvetica(), None)], &[content], |_, _| {});
    assert_eq!(page(&pdf).text, "Boven\nOnder\nKOPIE");
}

#[test]
fn empty_page_and_limits_and_garbage() {
    let pdf = build(
        vec![("F1", helvetica(), None)],
        &[b"0 0 m 10 10 l S", b"BT /F1 10 Tf 1 0 0 1 50 50 Tm (x) Tj ET"],
        |_, _| {},
    );
    let layer = extract_text_layer(&pdf, &Limits::default()).expect("extract");
    assert_eq!(layer.pages.len(), 2);
    assert_eq!(layer.pages[0].text, "");
    assert!(layer.pages[0].boxes.is_empty());
    assert_eq!(layer.pages[1].index, 1);
    let few_pages = Limits {
        max_pages: 1,
        ..Limits::default()
    };
    assert!(matches!(
        extract_text_layer(&pdf, &few_pages),
        Err(TextError::LimitExceeded(_))
    ));
    let few_ops = Limits {
        max_ops_per_page: 3,
        ..Limits::default()
    };
    assert!(matches!(
        extract_text_layer(&pdf, &few_ops),
        Err(TextError::LimitExceeded(_))
    ));
    assert!(matches!(
        extract_text_layer(b"not a pdf", &Limits::default()),
        Err(TextError::Malformed(_))
    ));
}

#[test]
fn self_referencing_form_terminates() {
    let pdf = build(vec![("F1", helvetica(), None)], &[b"/Fm1 Do"], |doc, res| {
        let id = doc.new_object_id();
        let form_res = dictionary! { "XObject" => dictionary! { "Fm1" => id }, "Font" => dictionary! { "F1" => doc.add_object(helvetica()) } };
        let form = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()], "Resources" => form_res },
            b"BT /F1 10 Tf 20 20 Td (lus) Tj ET /Fm1 Do".to_vec(),
        );
        doc.objects.insert(id, Object::Stream(form));
        res.set("XObject", dictionary! { "Fm1" => id });
    });
    assert_eq!(page(&pdf).text, "lus");
}

#[test]
fn large_page_with_mixed_sizes_stays_fast() {
    // 400 rows of 250 glyphs alternating normal and raised small text (1 pt type on
    // 1.8 pt leading so it fits the page): assembly must stay near-linear.
    let mut content = Vec::new();
    for row in 0..400 {
        let y = 780.0 - f64::from(row) * 1.8;
        content.extend_from_slice(format!("BT /F1 1 Tf 10 {y} Td ").as_bytes());
        for k in 0..125 {
            let (size, rise) = if k % 2 == 0 { ("1", "0") } else { ("0.6", "0.3") };
            content.extend_from_slice(format!("/F1 {size} Tf {rise} Ts (ab) Tj ").as_bytes());
        }
        content.extend_from_slice(b"ET\n");
    }
    let pdf = build(vec![("F1", helvetica(), None)], &[&content], |_, _| {});
    let start = std::time::Instant::now();
    let p = page(&pdf);
    assert_eq!(p.text.chars().filter(|c| !c.is_whitespace()).count(), 400 * 250);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
}
