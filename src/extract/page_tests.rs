//! Realistic page texts (as a PDF text layer renders them) with the distractors that
//! matter in motor claims: date of birth next to the incident date, the excess next to the
//! repair total, the counterparty's plate next to ours, the claim number next to the
//! policy number. Then the found candidates go through resolution with an applicant answer.

use super::find::tests::{SpecDef, run};
use super::resolve::{ApplicantChoice, CandidateIn, DecisionKind, Reason, Source, Thresholds, resolve};
use super::types::{FactType, Found};

const MOTOR_CLAIM: &[SpecDef] = &[
    (
        "incident_date",
        FactType::Date,
        &[
            "schadedatum",
            "datum van het ongeval",
            "datum ongeval",
            "date of incident",
            "incident date",
            "date of accident",
        ],
        &[
            "geboortedatum",
            "datum ondertekening",
            "ingangsdatum",
            "date of birth",
            "date signed",
            "policy start date",
            "eigen risico",
            "kenteken tegenpartij",
            "naam tegenpartij",
            "klantnummer",
            "schadenummer",
        ],
    ),
    (
        "repair_amount",
        FactType::Money,
        &["totaal incl. btw", "totaalbedrag", "total incl. vat", "total amount"],
        &[
            "eigen risico",
            "excess",
            "totaal excl. btw",
            "total excl. vat",
            "btw",
            "vat",
        ],
    ),
    (
        "licence_plate",
        FactType::LicencePlate,
        &["kenteken", "kenteken verzekerde", "registration", "licence plate"],
        &["kenteken tegenpartij", "registration third party"],
    ),
    (
        "counterparty_licence_plate",
        FactType::LicencePlate,
        &["kenteken tegenpartij", "registration third party"],
        &[],
    ),
    (
        "policy_number",
        FactType::PolicyNumber,
        &["polisnummer", "policy number"],
        &["schadenummer", "klantnummer", "claim number", "customer number"],
    ),
    (
        "policyholder_name",
        FactType::PersonName,
        &["naam verzekeringnemer", "naam", "policyholder", "name"],
        &["naam tegenpartij", "third party name"],
    ),
    ("iban", FactType::Iban, &["iban", "rekeningnummer", "bank account"], &[]),
    (
        "phone",
        FactType::Phone,
        &["telefoon", "telefoonnummer", "phone", "telephone"],
        &[],
    ),
    ("email", FactType::Email, &["e-mail", "e-mailadres", "email"], &[]),
    ("postcode", FactType::Postcode, &["postcode", "postal code"], &[]),
];

fn best<'a>(found: &'a [Found], id: &str) -> Option<&'a Found> {
    found.iter().find(|f| f.fact_id == id)
}

fn all<'a>(found: &'a [Found], id: &str) -> Vec<&'a str> {
    found
        .iter()
        .filter(|f| f.fact_id == id)
        .map(|f| f.value_normalized.as_str())
        .collect()
}

const NL_PAGE: &str = "\
Schadeaangifteformulier Motorrijtuigen                         Pagina 1 van 2

Polisnummer:      AV-2023-004512          Schadenummer:   SCH-88123
Klantnummer       778899

Gegevens verzekeringnemer
Naam verzekeringnemer:   Jan van der Berg
Geboortedatum:           12-05-1980
Adres                    Dorpsstraat 12
Postcode / Woonplaats    3511 AB Utrecht
Telefoon                 06-12345678
E-mail                   jan.vdberg@Voorbeeld.NL
IBAN                     NL91 ABNA 0417 1643 00

Schadedatum: vrijdag 3 februari 2023        Tijd: 14:30
Kenteken   AB-123-C   Kenteken tegenpartij   12-ABC-3
Naam tegenpartij: P. de Vries

Herstelkosten (offerte Autoschade Utrecht B.V.)
Arbeid                                   € 612,40
Onderdelen                               € 407,89
Totaal excl. BTW                         € 1.020,29
BTW 21%                                  € 214,27
Totaal incl. BTW                         € 1.234,56
Eigen risico                             € 250,00

Datum ondertekening: 06-02-2023          Handtekening: ____________
";

#[test]
fn dutch_claim_form() {
    let found = run(NL_PAGE, MOTOR_CLAIM);
    let f = |id: &str| best(&found, id).map(|f| (f.value_normalized.as_str(), f.confidence));
    let high = |id: &str, want: &str| {
        let (v, c) = f(id).unwrap_or(("<none>", 0.0));
        assert_eq!(v, want, "{id}: {found:#?}");
        assert!(c >= 0.9, "{id} confidence {c}");
    };
    high("incident_date", "2023-02-03");
    assert_eq!(
        all(&found, "incident_date"),
        ["2023-02-03"],
        "birth/signing dates are out"
    );
    high("repair_amount", "1234.56");
    assert_eq!(
        all(&found, "repair_amount"),
        ["1234.56"],
        "excess and subtotals are out"
    );
    high("licence_plate", "AB-123-C");
    assert_eq!(all(&found, "licence_plate"), ["AB-123-C"]);
    high("counterparty_licence_plate", "12-ABC-3");
    high("policy_number", "AV-2023-004512");
    assert_eq!(all(&found, "policy_number"), ["AV-2023-004512"], "claim number is out");
    high("policyholder_name", "Jan van der Berg");
    assert_eq!(
        all(&found, "policyholder_name"),
        ["Jan van der Berg"],
        "counterparty name is out"
    );
    high("iban", "NL91ABNA0417164300");
    high("phone", "+31612345678");
    high("email", "jan.vdberg@voorbeeld.nl");
    // "Postcode / Woonplaats   3511 AB Utrecht": a compound label cell before the value's
    // cell counts, a little lower.
    let (pc, c) = f("postcode").unwrap_or(("<none>", 0.0));
    assert_eq!(pc, "3511 AB");
    assert!((0.75..0.9).contains(&c), "{c}");
}

const EN_PAGE: &str = "\
MOTOR CLAIM FORM

Policy number: PN 7781 2290          Claim number: CL-2023-0099
Policyholder:  Sarah O'Connor        Date of birth: 14/07/1975
Phone: +44 20 7946 0958              Email: s.oconnor@example.co.uk

Date of accident
Friday, 3 February 2023

Registration             Registration third party
GB-01-BK                 1-KBB-23

Repair estimate
  Total excl. VAT                £/€ 1,020.29
  VAT                            € 214.27
  Total incl. VAT                €1,234.56
  Excess                         € 250.00

Bank account: GB29 NWBK 6016 1331 9268 19
Date signed: 6 February 2023
";

#[test]
fn english_claim_form() {
    let found = run(EN_PAGE, MOTOR_CLAIM);
    let one = |id: &str| all(&found, id);
    assert_eq!(one("incident_date"), ["2023-02-03"], "{found:#?}");
    assert_eq!(one("repair_amount"), ["1234.56"], "{found:#?}");
    assert_eq!(one("licence_plate"), ["GB-01-BK"], "{found:#?}");
    assert_eq!(one("counterparty_licence_plate"), ["1-KBB-23"], "{found:#?}");
    assert_eq!(one("policy_number"), ["PN77812290"], "{found:#?}");
    assert_eq!(one("policyholder_name"), ["Sarah O'Connor"], "{found:#?}");
    assert_eq!(one("iban"), ["GB29NWBK60161331926819"]);
    assert_eq!(one("phone"), ["+442079460958"]);
    assert_eq!(one("email"), ["s.oconnor@example.co.uk"]);
    for id in [
        "incident_date",
        "repair_amount",
        "licence_plate",
        "counterparty_licence_plate",
        "policy_number",
    ] {
        let c = best(&found, id).map_or(0.0, |f| f.confidence);
        assert!(c >= 0.88, "{id}: {c}");
    }
}

/// A page without labels: values are proposed, but low, so they go to review.
#[test]
fn unlabelled_page_stays_low() {
    let text = "Op 3 februari 2023 reed ik met de auto (GB-01-BK) naar huis. Schade € 1.234,56.";
    let found = run(text, MOTOR_CLAIM);
    assert!(!found.is_empty());
    for f in &found {
        assert!(f.confidence <= 0.5, "{f:?}");
    }
    assert!(best(&found, "policy_number").is_none(), "never without a label");
    assert!(best(&found, "policyholder_name").is_none(), "never without a label");
}

fn to_candidate(f: &Found, key: &str) -> CandidateIn {
    CandidateIn {
        key: key.to_string(),
        value_raw: f.value_raw.clone(),
        value_normalized: f.value_normalized.clone(),
        confidence: f.confidence,
        source: Source::Document,
    }
}

#[test]
fn document_then_applicant_end_to_end() {
    let th = Thresholds { keep: 0.8, review: 0.4 };
    let found = run(NL_PAGE, MOTOR_CLAIM);
    let date = best(&found, "incident_date").map(|f| to_candidate(f, "doc1"));
    let mut cands: Vec<CandidateIn> = date.into_iter().collect();

    // The document alone is enough.
    let (_, d) = resolve(&cands, &th, None);
    assert_eq!((d.decision, d.reason), (DecisionKind::Keep, Reason::SingleSource));

    // The applicant typed another date: conflict until they choose.
    let answer = super::normalize(FactType::Date, "4-2-2023").unwrap_or_default();
    cands.push(CandidateIn {
        key: "ans1".into(),
        value_raw: "4-2-2023".into(),
        value_normalized: answer,
        confidence: 0.9,
        source: Source::ApplicantAnswer,
    });
    let (merged, d) = resolve(&cands, &th, None);
    assert_eq!((d.decision, d.reason), (DecisionKind::Review, Reason::Conflict));
    assert_eq!(merged.len(), 2);

    // Shown the quote, they confirm the document's date.
    let (merged, d) = resolve(&cands, &th, Some(&ApplicantChoice::Confirmed("doc1".into())));
    assert_eq!(d.reason, Reason::ConfirmedByApplicant);
    assert_eq!(
        d.selected.map(|i| merged[i].value_normalized.as_str()),
        Some("2023-02-03")
    );
}

/// A cheap deterministic fuzz: random pages built from the characters and words the
/// parsers care about must never panic, and every result must satisfy the evidence
/// invariant (checked inside `run`); normalize must never panic either.
#[test]
fn random_pages_never_panic() {
    const PIECES: &[&str] = &[
        "0",
        "1",
        "2",
        "3",
        "9",
        "06",
        "31",
        "2023",
        "-",
        ".",
        ",",
        ":",
        "/",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "@",
        "+",
        "(",
        ")",
        "(0)",
        "€",
        "EUR",
        "euro",
        ",-",
        "AB",
        "C",
        "NL91",
        "ABNA",
        "feb",
        "februari",
        "vrijdag",
        "3rd",
        "mei",
        "Schadedatum",
        "kenteken",
        "tegenpartij",
        "Polisnummer",
        "Naam",
        "Jan",
        "van",
        "de",
        "é",
        "ß",
        "İ",
        "x.y",
        "nl",
        "SS",
        "Totaal incl. BTW",
        "Eigen risico",
        "ja",
        "Nee",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3_000 {
        let len = (next() % 40) as usize;
        let page: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let _ = run(&page, MOTOR_CLAIM);
        for ty in [
            FactType::Date,
            FactType::Money,
            FactType::LicencePlate,
            FactType::Iban,
            FactType::PolicyNumber,
            FactType::PersonName,
            FactType::Email,
            FactType::Phone,
            FactType::Postcode,
            FactType::YesNo,
            FactType::Text,
            FactType::Choice,
        ] {
            if let Ok(v) = super::normalize(ty, &page) {
                // Normalized values are fixed points.
                assert_eq!(super::normalize(ty, &v).as_deref(), Ok(v.as_str()), "{ty:?} {page:?}");
            }
        }
    }
}
