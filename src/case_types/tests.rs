//! Case-type definitions: the shipped one is valid, and each broken definition is reported
//! with the line and a reason a person can act on.

use super::*;

const HEAD: &str = "id = \"t\"\nversion = 1\nprivacy_notice_version = \"1\"\n[thresholds]\nkeep = 0.8\nreview = 0.4\n";
const CONSENT: &str = "[[steps]]\nid = \"consent\"\nkind = \"consent\"\n";
const DATE_FACT: &str = "[[facts]]\nid = \"when\"\ntype = \"date\"\nrequired = true\nlabels.nl = [\"schadedatum\"]\n";
const YES_NO_FACT: &str = "[[facts]]\nid = \"other\"\ntype = \"yes_no\"\nrequired = false\n";
/// The line of the first table after `{HEAD}{DATE_FACT}{YES_NO_FACT}{CONSENT}`.
const LINE_AFTER_CONSENT: usize = 19;

#[test]
fn the_shipped_motor_claim_is_valid_and_has_its_messages() {
    let l10n = L10n::load(None).expect("messages");
    let types = CaseTypes::load(None, &l10n).expect("shipped case types are valid");
    let motor = types.get("motor_claim").expect("motor_claim ships");
    assert!(matches!(motor.steps[0].kind, StepKind::Consent));
    assert_eq!(
        motor.fact("damage_amount").and_then(|f| f.currency.clone()).as_deref(),
        Some("EUR")
    );
    let plate = motor.fact("counterparty_licence_plate").expect("fact");
    assert!(plate.labels[&Locale::Nl].contains(&"kenteken tegenpartij".to_string()));
    let cond = motor
        .step("counterparty_licence_plate")
        .and_then(|s| s.when.clone())
        .expect("conditional");
    assert_eq!(
        cond,
        Condition {
            step: "counterparty_involved".into(),
            one_of: vec!["yes".into()]
        }
    );
}

#[test]
fn broken_definitions_are_reported_with_line_and_reason() {
    let cases: Vec<(String, usize, &str)> = vec![
        (
            format!("{HEAD}{DATE_FACT}{CONSENT}bogus = 1\n"),
            15,
            "unknown field `bogus`",
        ),
        ("id = \"t\"\nversion = \"one\"\n".into(), 2, "invalid type"),
        (
            format!("{HEAD}{DATE_FACT}[[facts]]\nid = \"x\"\ntype = \"colour\"\n{CONSENT}"),
            14,
            "unknown variant `colour`",
        ),
        (
            format!("{HEAD}{DATE_FACT}{DATE_FACT}{CONSENT}"),
            13,
            "fact \"when\" is defined twice",
        ),
        (
            HEAD.replace("review = 0.4", "review = 0.9"),
            4,
            "0 < review < keep <= 1",
        ),
        (format!("{HEAD}{DATE_FACT}"), 1, "first step must be the consent step"),
        (
            format!("{HEAD}{DATE_FACT}[[steps]]\nid = \"q\"\nkind = \"question\"\nfact = \"when\"\n{CONSENT}"),
            17,
            "consent step must come first",
        ),
        (
            format!("{HEAD}{DATE_FACT}{CONSENT}[[steps]]\nid = \"q\"\nkind = \"question\"\nfact = \"whenn\"\n"),
            18,
            "unknown fact \"whenn\"",
        ),
        (
            format!(
                "{HEAD}{DATE_FACT}{CONSENT}[[steps]]\nid = \"q\"\nkind = \"question\"\nfact = \"when\"\ninput = \"iban\"\n"
            ),
            16,
            "does not fit fact type",
        ),
        (
            format!(
                "{HEAD}{DATE_FACT}{CONSENT}[[steps]]\nid = \"q\"\nkind = \"question\"\nfact = \"when\"\n[[steps]]\nid = \"r\"\nkind = \"question\"\nfact = \"when\"\n"
            ),
            22,
            "asked by two steps",
        ),
        (
            format!("{HEAD}{DATE_FACT}{CONSENT}[[steps]]\nid = \"q\"\nkind = \"question\"\n"),
            16,
            "needs a fact or an input",
        ),
        (
            format!(
                "{HEAD}{DATE_FACT}{CONSENT}[[steps]]\nid = \"q\"\nkind = \"question\"\nfact = \"when\"\nwhen = {{ step = \"consent\", equals = \"yes\" }}\n"
            ),
            19,
            "must be a yes/no or choice question",
        ),
        (
            format!(
                "{HEAD}{DATE_FACT}{CONSENT}[[steps]]\nid = \"yn\"\nkind = \"question\"\ninput = \"yes_no\"\n[[steps]]\nid = \"q\"\nkind = \"question\"\nfact = \"when\"\nwhen = {{ step = \"yn\", equals = \"maybe\" }}\n"
            ),
            23,
            "\"maybe\" is not an answer",
        ),
        (
            format!("{HEAD}{DATE_FACT}{CONSENT}[[steps]]\nid = \"d\"\nkind = \"documents\"\nmax_files = 50\n"),
            16,
            "max_files must be between 1 and 10",
        ),
        (
            format!("{HEAD}{DATE_FACT}{CONSENT}[[steps]]\nid = \"d\"\nkind = \"documents\"\nfacts = [\"nope\"]\n"),
            18,
            "unknown fact \"nope\"",
        ),
        (
            format!("{HEAD}[[facts]]\nid = \"c\"\ntype = \"choice\"\n{CONSENT}"),
            8,
            "needs options",
        ),
        (
            format!("{HEAD}[[facts]]\nid = \"m\"\ntype = \"money\"\ncurrency = \"euro\"\n{CONSENT}"),
            8,
            "not an ISO 4217 code",
        ),
        (
            format!("{HEAD}[[facts]]\nid = \"d\"\ntype = \"text\"\nvalidation.not_in_future = true\n{CONSENT}"),
            8,
            "date facts only",
        ),
        (
            format!("{HEAD}[[facts]]\nid = \"d\"\ntype = \"date\"\nlabels.de = [\"datum\"]\n{CONSENT}"),
            10,
            "unknown language \"de\"",
        ),
        (
            format!("{HEAD}[[facts]]\nid = \"Bad-Id\"\ntype = \"date\"\n{CONSENT}"),
            8,
            "must be lower-case",
        ),
        (
            format!(
                "{HEAD}{DATE_FACT}{YES_NO_FACT}{CONSENT}[[implied]]\nkind = \"fax\"\nwhen = \"when\"\nfacts = {{ other = \"yes\" }}\n"
            ),
            LINE_AFTER_CONSENT,
            "unknown document kind \"fax\"",
        ),
        (
            format!(
                "{HEAD}{DATE_FACT}{YES_NO_FACT}{CONSENT}[[implied]]\nkind = \"letter\"\nwhen = \"nope\"\nfacts = {{ other = \"yes\" }}\n"
            ),
            LINE_AFTER_CONSENT,
            "`when` names no fact",
        ),
        (
            format!(
                "{HEAD}{DATE_FACT}{YES_NO_FACT}{CONSENT}[[implied]]\nkind = \"letter\"\nwhen = \"when\"\nfacts = {{ other = \"maybe\" }}\n"
            ),
            LINE_AFTER_CONSENT,
            "\"maybe\" is not a value of \"other\"",
        ),
        (
            format!(
                "{HEAD}{DATE_FACT}{YES_NO_FACT}{CONSENT}[[implied]]\nkind = \"letter\"\nwhen = \"when\"\nfacts = {{ when = \"2024-01-01\" }}\n"
            ),
            LINE_AFTER_CONSENT,
            "cannot imply itself",
        ),
        (
            format!(
                "{HEAD}{DATE_FACT}{YES_NO_FACT}{CONSENT}[[implied]]\nkind = \"letter\"\nwhen = \"when\"\nfacts = {{}}\n"
            ),
            LINE_AFTER_CONSENT,
            "`facts` is empty",
        ),
        (
            format!(
                "{HEAD}{DATE_FACT}{YES_NO_FACT}{CONSENT}[[kind_labels]]\nkind = \"unknown\"\nfact = \"when\"\nlabels = [\"x\"]\n"
            ),
            LINE_AFTER_CONSENT,
            "unknown document kind \"unknown\"",
        ),
        (
            format!(
                "{HEAD}{DATE_FACT}{YES_NO_FACT}{CONSENT}[[kind_labels]]\nkind = \"letter\"\nfact = \"nope\"\nlabels = [\"x\"]\n"
            ),
            LINE_AFTER_CONSENT,
            "kind_labels: no fact \"nope\"",
        ),
        (
            format!(
                "{HEAD}{DATE_FACT}{YES_NO_FACT}{CONSENT}[[kind_labels]]\nkind = \"letter\"\nfact = \"when\"\nlabels = [\" \"]\n"
            ),
            LINE_AFTER_CONSENT,
            "none of them empty",
        ),
    ];
    for (text, line, reason) in cases {
        let err = parse("t.toml", &text).expect_err(&format!("should be refused:\n{text}"));
        assert!(err.reason.contains(reason), "expected {reason:?}, got {err}\n{text}");
        assert_eq!(err.line, line, "line for {reason:?}: {err}\n{text}");
        assert!(err.to_string().starts_with("t.toml:"), "{err}");
    }
}

#[test]
fn missing_messages_are_reported_per_locale() {
    let l10n = L10n::load(None).expect("messages");
    let ct = parse("t.toml", &format!("{HEAD}{DATE_FACT}{CONSENT}")).expect("valid definition");
    let err = check_messages("t.toml", &ct, &l10n).expect_err("no messages for case type t");
    assert!(
        err.reason.contains("t-title") && err.reason.contains("t-step-consent-notice"),
        "{err}"
    );
}

#[test]
fn defaults_fill_in_what_a_definition_leaves_out() {
    let text = format!(
        "{HEAD}{DATE_FACT}[[facts]]\nid = \"amount\"\ntype = \"money\"\n{CONSENT}[[steps]]\nid = \"docs\"\nkind = \"documents\"\n[[steps]]\nid = \"q\"\nkind = \"question\"\nfact = \"when\"\n"
    );
    let ct = parse("t.toml", &text).expect("valid");
    assert_eq!(ct.fact("amount").and_then(|f| f.currency.as_deref()), Some("EUR"));
    let StepKind::Documents {
        accept,
        max_files,
        max_bytes,
        required,
        ..
    } = &ct.steps[1].kind
    else {
        panic!("documents step")
    };
    assert_eq!(
        (accept.len(), *max_files, *max_bytes, *required),
        (3, DEFAULT_MAX_FILES, DEFAULT_MAX_BYTES, false)
    );
    let StepKind::Question { input, required, .. } = &ct.steps[2].kind else {
        panic!("question step")
    };
    assert_eq!(
        (*input, *required),
        (InputKind::Date, true),
        "a question inherits the fact's input and requiredness"
    );
}

#[test]
fn what_a_kind_of_document_says_is_read_from_the_definition() {
    let text = format!(
        "{HEAD}{DATE_FACT}{YES_NO_FACT}{CONSENT}[[implied]]\nkind = \"accident_statement\"\nwhen = \"when\"\nfacts = {{ other = \"ja\" }}\n[[kind_labels]]\nkind = \"letter\"\nfact = \"when\"\nlabels = [\"geschreven op\"]\n"
    );
    let ct = parse("t.toml", &text).expect("valid");
    assert_eq!(
        ct.implied,
        vec![Implied {
            kind: DocKind::AccidentStatement,
            when: "when".into(),
            facts: vec![("other".into(), "ja".into())],
        }]
    );
    let when = ct.fact("when").expect("fact");
    let (labels, _) = ct.labels_on(when, DocKind::Letter);
    assert!(labels.contains(&"geschreven op".to_string()), "{labels:?}");
    let (labels, _) = ct.labels_on(when, DocKind::ClaimForm);
    assert!(
        !labels.contains(&"geschreven op".to_string()),
        "only on letters: {labels:?}"
    );
}
