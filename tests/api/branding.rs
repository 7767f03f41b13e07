//! An organization's branding (issue 22): set with the admin command, validated, and shown on
//! every applicant page, in each page title and in the case file; another organization's
//! pages keep their own.

use serde_json::json;

use crate::applicant::{Applicant, create_session};
use crate::fixtures::complete_claim_pdf;
use crate::helpers::TestApp;

/// A 1×1 PNG.
const LOGO: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0xf8, 0xcf, 0x50, 0x0f, 0x00, 0x03, 0x86, 0x01, 0x80, 0x5a, 0x34, 0x7d,
    0x6b, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[tokio::test]
async fn branding_is_validated_and_shown_on_every_applicant_page_and_the_case_file() {
    let app = TestApp::spawn_with(&[("KLAREFI_ALLOW_PRIVATE_URLS", "true")]).await;
    let (org, key) = app.org_with_key().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let logo = dir.path().join("logo.png");
    std::fs::write(&logo, LOGO).expect("logo");
    let svg = dir.path().join("logo.svg");
    std::fs::write(&svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>").expect("svg");
    let logo = logo.display().to_string();
    let svg = svg.display().to_string();

    for (args, why, says) in [
        (vec!["--color", "#ffcc00"], "too little contrast on white", "contrast"),
        (vec!["--color", "blue"], "not #rrggbb", "#rrggbb"),
        (vec!["--logo", svg.as_str()], "SVG can carry script", "PNG or JPEG"),
        (vec!["--display-name", "   "], "empty name", "1 to 100"),
        (vec![], "nothing to change", "at least one"),
    ] {
        let mut all = vec!["orgs", "brand", "--org", org.as_str()];
        all.extend(args);
        let (code, out) = app.cli(&all);
        assert_eq!(code, 1, "{why}: {out}");
        assert!(out.to_string().contains(says), "{why}: {out}");
    }
    let (code, out) = app.cli(&["orgs", "brand", "--org", "org_nosuchorg", "--color", "#0b5cad"]);
    assert_eq!(code, 1, "{out}");

    let (code, out) = app.cli(&[
        "orgs",
        "brand",
        "--org",
        &org,
        "--display-name",
        "Acme Verzekeringen",
        "--color",
        "#0B5CAD",
        "--logo",
        &logo,
        "--support",
        "088 123 45 67 of schade@acme.example",
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out["color"], "#0b5cad");
    assert_eq!(out["logo"], "image/png");

    // Every applicant page: the insurer's name in the header and the title, its logo, its
    // colour, its support contact.
    let (id, url) = create_session(&app, &key, json!({})).await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);
    let mut pages = 0;
    let mut check = |a: &Applicant| {
        pages += 1;
        assert!(a.title().ends_with(" · Acme Verzekeringen"), "{}", a.title());
        assert!(!a.title().contains("Klarefi"), "{}", a.title());
        assert!(
            a.sees("<span class=\"brand\"><img class=\"brand-logo\" src=\"/brand/"),
            "{}",
            a.last_body
        );
        assert!(a.sees("/style.css?v="), "the colour's stylesheet");
        assert!(a.sees("schade@acme.example"), "the support contact");
    };
    a.get(&url).await;
    check(&a);
    a.post(&format!("{base}/step/consent"), &[]).await; // an error page is branded too
    check(&a);
    a.post(&format!("{base}/step/consent"), &[("value", "yes")]).await;
    check(&a);
    a.upload_and_continue(
        &format!("{base}/step/damage_report/upload"),
        &[("schade.pdf", &complete_claim_pdf())],
    )
    .await;
    check(&a);
    while a.sees("enctype=\"multipart/form-data\"") {
        a.continue_documents().await;
        check(&a);
    }
    crate::intake::wait_for_reading(&mut a, &base).await;
    check(&a);
    a.post(&a.action(), &[]).await; // the claim form's page
    check(&a);
    // An expired link is still ours, so its page is the insurer's, with the support contact
    // the applicant now needs; a tampered one proves nothing and gets the neutral page, which
    // never tells whose a case is.
    let past = klarefi::ids::now_ms() / 1000 - 1;
    let expired = app
        .state
        .config
        .signing_keys
        .sign(klarefi::links::Purpose::Intake, &id, past);
    let mut c = Applicant::new(&app);
    assert_eq!(c.get(&format!("{base}?token={expired}")).await, 403);
    check(&c);
    let tampered = format!("{}x", &expired[..expired.len() - 1]);
    assert_eq!(c.get(&format!("{base}?token={tampered}")).await, 403);
    assert!(c.title().ends_with(" · Klarefi") && !c.sees("Acme"), "{}", c.last_body);

    let marker = "src=\"/brand/";
    let start = a.last_body.find(marker).expect("logo") + "src=\"".len();
    let end = a.last_body[start..].find('"').expect("end") + start;
    let logo_url = a.last_body[start..end].to_string();
    let served = app.get(&logo_url, None).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.expect("bytes").as_ref(), LOGO);
    let css = app.get(&format!("/brand/{org}/style.css"), None).await;
    assert_eq!(css.status(), 200);
    assert!(css.text().await.expect("css").contains("--accent: #0b5cad"));
    assert!(pages >= 7);

    // Another organization's applicant keeps the product's own look; unknown brands are 404.
    let (_, other_key) = app.org_with_key().await;
    let (_, other_url) = create_session(&app, &other_key, json!({})).await;
    let mut b = Applicant::new(&app);
    b.get(&other_url).await;
    assert!(b.title().ends_with(" · Klarefi") && !b.sees("Acme"), "{}", b.title());
    for path in [
        "/brand/org_nosuchorg/logo",
        "/brand/org_nosuchorg/style.css",
        "/brand/x'y/logo",
    ] {
        assert_eq!(app.get(path, None).await.status(), 404, "{path}");
    }

    // The case file's header and title carry the brand too.
    let (case_id, _, case_file) = crate::casefile::processed_case(&app, &key, complete_claim_pdf()).await;
    let mut h = Applicant::new(&app);
    h.get(&case_file).await;
    assert_eq!(h.get(&format!("/case-file/{case_id}")).await, 200);
    assert!(h.title().ends_with(" · Acme Verzekeringen"), "{}", h.title());
    assert!(h.sees("brand-logo"));
    // And so does the page of its expired link, but not of a forged one.
    let expired = app
        .state
        .config
        .signing_keys
        .sign(klarefi::links::Purpose::CaseFile, &case_id, past);
    let mut h = Applicant::new(&app);
    assert_eq!(h.get(&format!("/case-file/{case_id}?token={expired}")).await, 403);
    assert!(h.title().ends_with(" · Acme Verzekeringen"), "{}", h.title());
    assert_eq!(h.get(&format!("/case-file/{case_id}?token={expired}x")).await, 403);
    assert!(h.title().ends_with(" · Klarefi") && !h.sees("Acme"), "{}", h.title());
}
