//! What kind of document this is: a claim form, a European accident statement, a repair
//! quote, an invoice, an expert report, the claimant's letter or e-mail, an insurer portal's
//! confirmation, or unknown.
//!
//! Read from cue words and phrases (folded like labels: case, accents and punctuation do
//! not matter), each with a weight; cues in the first lines of the first page (a title, a
//! letterhead, an e-mail's header) count double. The kind with the highest score wins;
//! its confidence is its share of the two best scores, so a document that reads as both an
//! invoice and a quote is not claimed to be either with certainty.

use super::lexicon::fold;

/// The kinds of claim documents the reader knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    ClaimForm,
    AccidentStatement,
    RepairQuote,
    Invoice,
    ExpertReport,
    Letter,
    Email,
    PortalConfirmation,
    Unknown,
}

impl DocKind {
    pub const ALL: [DocKind; 9] = [
        DocKind::ClaimForm,
        DocKind::AccidentStatement,
        DocKind::RepairQuote,
        DocKind::Invoice,
        DocKind::ExpertReport,
        DocKind::Letter,
        DocKind::Email,
        DocKind::PortalConfirmation,
        DocKind::Unknown,
    ];

    /// Stable snake_case name (API, database, case file).
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::ClaimForm => "claim_form",
            DocKind::AccidentStatement => "accident_statement",
            DocKind::RepairQuote => "repair_quote",
            DocKind::Invoice => "invoice",
            DocKind::ExpertReport => "expert_report",
            DocKind::Letter => "letter",
            DocKind::Email => "email",
            DocKind::PortalConfirmation => "portal_confirmation",
            DocKind::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Written by someone other than the claimant for their own business (a garage, a
    /// contractor, an expert): its letterhead, footer and bank details are the issuer's.
    pub fn issued_by_business(self) -> bool {
        matches!(self, DocKind::RepairQuote | DocKind::Invoice | DocKind::ExpertReport)
    }

    /// Written in the claimant's own words.
    pub fn in_own_words(self) -> bool {
        matches!(self, DocKind::Letter | DocKind::Email)
    }
}

/// True when char `pos` of `text` is on an e-mail's sender line ("Van: …", "From: …",
/// "Afzender: …"): in the claimant's e-mail, that address is the claimant's.
pub fn on_sender_line(text: &str, pos: usize) -> bool {
    let start = text
        .char_indices()
        .take_while(|(i, _)| text[..*i].chars().count() < pos)
        .filter(|(_, c)| *c == '\n')
        .last()
        .map_or(0, |(i, _)| i + 1);
    let line: String = text[start..].chars().take(12).collect::<String>().to_lowercase();
    ["van:", "from:", "afzender:", "sender:"]
        .iter()
        .any(|p| line.trim_start().starts_with(p))
}

/// A document's kind and how sure the reader is of it (0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Classified {
    pub kind: DocKind,
    pub confidence: f64,
}

/// (kind, folded cue, weight). A cue of several words matches those words in a row.
const CUES: &[(DocKind, &str, f64)] = &[
    // Claim forms.
    (DocKind::ClaimForm, "schadeaangifte", 3.0),
    (DocKind::ClaimForm, "schadeaangifteformulier", 4.0),
    (DocKind::ClaimForm, "schademeldingsformulier", 4.0),
    (DocKind::ClaimForm, "schadeformulier", 2.0),
    (DocKind::ClaimForm, "aangifteformulier", 3.0),
    (DocKind::ClaimForm, "meldingsformulier", 3.0),
    (DocKind::ClaimForm, "claim form", 4.0),
    (DocKind::ClaimForm, "claims form", 4.0),
    (DocKind::ClaimForm, "damage report form", 3.0),
    (DocKind::ClaimForm, "loss report", 2.0),
    (DocKind::ClaimForm, "gegevens verzekeringnemer", 2.0),
    (DocKind::ClaimForm, "gegevens verzekerde", 2.0),
    (DocKind::ClaimForm, "policyholder details", 2.0),
    (DocKind::ClaimForm, "details of the insured", 2.0),
    (DocKind::ClaimForm, "naar waarheid", 1.5),
    (DocKind::ClaimForm, "truthfully", 1.5),
    (DocKind::ClaimForm, "in te vullen", 1.0),
    (DocKind::ClaimForm, "invullen", 1.0),
    (DocKind::ClaimForm, "formulier", 1.0),
    (DocKind::ClaimForm, "form", 1.0),
    // What a form asks of whoever fills it in, and its sections.
    (DocKind::ClaimForm, "claim notification", 3.0),
    (DocKind::ClaimForm, "damage notification", 3.0),
    (DocKind::ClaimForm, "schadegegevens", 2.0),
    (DocKind::ClaimForm, "claim details", 2.0),
    (DocKind::ClaimForm, "klantgegevens", 1.5),
    (DocKind::ClaimForm, "client details", 1.5),
    (DocKind::ClaimForm, "aankruisen", 2.0),
    (DocKind::ClaimForm, "tick one", 2.0),
    (DocKind::ClaimForm, "uw naam", 1.5),
    (DocKind::ClaimForm, "your name", 1.5),
    (DocKind::ClaimForm, "beschrijf", 1.0),
    (DocKind::ClaimForm, "please describe", 1.0),
    // European accident statements.
    (DocKind::AccidentStatement, "europees schadeformulier", 6.0),
    (DocKind::AccidentStatement, "european accident statement", 6.0),
    (DocKind::AccidentStatement, "aanrijdingsformulier", 5.0),
    (DocKind::AccidentStatement, "accident statement", 4.0),
    (DocKind::AccidentStatement, "voertuig a", 2.0),
    (DocKind::AccidentStatement, "voertuig b", 2.0),
    (DocKind::AccidentStatement, "vehicle a", 2.0),
    (DocKind::AccidentStatement, "vehicle b", 2.0),
    (DocKind::AccidentStatement, "bestuurder a", 1.0),
    (DocKind::AccidentStatement, "bestuurder b", 1.0),
    (DocKind::AccidentStatement, "driver a", 1.0),
    (DocKind::AccidentStatement, "driver b", 1.0),
    (DocKind::AccidentStatement, "omstandigheden", 1.0),
    (DocKind::AccidentStatement, "situatieschets", 2.0),
    (DocKind::AccidentStatement, "sketch", 1.5),
    // Repair quotes.
    (DocKind::RepairQuote, "offerte", 4.0),
    (DocKind::RepairQuote, "offertenummer", 3.0),
    (DocKind::RepairQuote, "quote", 3.0),
    (DocKind::RepairQuote, "quotation", 4.0),
    (DocKind::RepairQuote, "prijsopgave", 4.0),
    (DocKind::RepairQuote, "kostenraming", 3.0),
    (DocKind::RepairQuote, "kostenbegroting", 3.0),
    (DocKind::RepairQuote, "begroting", 2.0),
    (DocKind::RepairQuote, "estimate", 3.0),
    (DocKind::RepairQuote, "geldig tot", 2.0),
    (DocKind::RepairQuote, "valid until", 2.0),
    (DocKind::RepairQuote, "geldigheid", 2.0),
    (DocKind::RepairQuote, "validity", 2.0),
    (DocKind::RepairQuote, "calculatie", 1.5),
    // Invoices.
    (DocKind::Invoice, "factuur", 4.0),
    (DocKind::Invoice, "factuurnummer", 3.0),
    (DocKind::Invoice, "factuurdatum", 3.0),
    (DocKind::Invoice, "invoice", 4.0),
    (DocKind::Invoice, "invoice number", 2.0),
    (DocKind::Invoice, "vervaldatum", 2.0),
    (DocKind::Invoice, "due date", 2.0),
    (DocKind::Invoice, "betalingstermijn", 2.0),
    (DocKind::Invoice, "payment terms", 2.0),
    (DocKind::Invoice, "gelieve", 1.0),
    (DocKind::Invoice, "please pay", 1.5),
    (DocKind::Invoice, "nota", 2.0),
    // Expert reports.
    (DocKind::ExpertReport, "expertiserapport", 6.0),
    (DocKind::ExpertReport, "expertise rapport", 6.0),
    (DocKind::ExpertReport, "expertise", 2.0),
    (DocKind::ExpertReport, "rapport", 2.0),
    (DocKind::ExpertReport, "report", 1.0),
    (DocKind::ExpertReport, "expert report", 6.0),
    (DocKind::ExpertReport, "loss adjuster", 3.0),
    (DocKind::ExpertReport, "schade expert", 3.0),
    (DocKind::ExpertReport, "schadeexpert", 3.0),
    (DocKind::ExpertReport, "taxatie", 2.0),
    (DocKind::ExpertReport, "taxatierapport", 5.0),
    (DocKind::ExpertReport, "vastgestelde schade", 3.0),
    (DocKind::ExpertReport, "assessed damage", 3.0),
    (DocKind::ExpertReport, "dagwaarde", 2.0),
    (DocKind::ExpertReport, "conclusie", 1.5),
    (DocKind::ExpertReport, "conclusion", 1.5),
    (DocKind::ExpertReport, "bevindingen", 2.0),
    (DocKind::ExpertReport, "findings", 2.0),
    (DocKind::ExpertReport, "inspectie", 1.0),
    (DocKind::ExpertReport, "inspection", 1.0),
    // The claimant's letters.
    (DocKind::Letter, "geachte", 3.0),
    (DocKind::Letter, "dear", 3.0),
    (DocKind::Letter, "met vriendelijke groet", 3.0),
    (DocKind::Letter, "met vriendelijke groeten", 3.0),
    (DocKind::Letter, "hoogachtend", 3.0),
    (DocKind::Letter, "kind regards", 3.0),
    (DocKind::Letter, "yours sincerely", 3.0),
    (DocKind::Letter, "yours faithfully", 3.0),
    (DocKind::Letter, "betreft", 1.5),
    (DocKind::Letter, "onderwerp", 0.5),
    (DocKind::Letter, "hierbij", 1.0),
    (DocKind::Letter, "ik", 0.3),
    (DocKind::Letter, "mijn", 0.3),
    (DocKind::Letter, "my", 0.3),
    // E-mails.
    (DocKind::Email, "van", 0.5),
    (DocKind::Email, "from", 1.0),
    (DocKind::Email, "onderwerp", 1.5),
    (DocKind::Email, "subject", 2.0),
    (DocKind::Email, "verzonden", 2.0),
    (DocKind::Email, "sent", 1.5),
    (DocKind::Email, "cc", 1.5),
    (DocKind::Email, "aan", 0.3),
    (DocKind::Email, "to", 0.2),
    (DocKind::Email, "reply", 1.0),
    (DocKind::Email, "forwarded message", 3.0),
    (DocKind::Email, "doorgestuurd bericht", 3.0),
    (DocKind::Email, "oorspronkelijk bericht", 3.0),
    (DocKind::Email, "original message", 3.0),
    (DocKind::Email, "wrote", 1.5),
    (DocKind::Email, "schreef", 1.5),
    // Portal confirmations.
    (DocKind::PortalConfirmation, "bevestiging", 3.0),
    (DocKind::PortalConfirmation, "confirmation", 3.0),
    (DocKind::PortalConfirmation, "ontvangen", 1.5),
    (DocKind::PortalConfirmation, "received", 1.5),
    (DocKind::PortalConfirmation, "ingediend", 2.0),
    (DocKind::PortalConfirmation, "submitted", 2.0),
    (DocKind::PortalConfirmation, "schademelding", 1.5),
    (DocKind::PortalConfirmation, "mijn omgeving", 3.0),
    (DocKind::PortalConfirmation, "my account", 2.0),
    (DocKind::PortalConfirmation, "online", 1.0),
    (DocKind::PortalConfirmation, "samenvatting", 2.0),
    (DocKind::PortalConfirmation, "summary", 2.0),
    (DocKind::PortalConfirmation, "referentienummer", 1.5),
    (DocKind::PortalConfirmation, "reference number", 1.5),
    (DocKind::PortalConfirmation, "uw melding", 2.0),
    (DocKind::PortalConfirmation, "your claim has been", 3.0),
    (DocKind::PortalConfirmation, "wat gebeurt er nu", 3.0),
    (DocKind::PortalConfirmation, "what happens next", 3.0),
    (DocKind::PortalConfirmation, "volgende stappen", 2.0),
    (DocKind::PortalConfirmation, "next steps", 2.0),
];

/// Header fields of an e-mail printout.
const EMAIL_FIELDS: &[&str] = &[
    "van",
    "from",
    "aan",
    "to",
    "onderwerp",
    "subject",
    "verzonden",
    "sent",
    "cc",
    "datum",
    "date",
];

/// Lines at the top of the first page whose cues count double.
const HEAD_LINES: usize = 8;
/// Below this score the kind is unknown.
const MIN_SCORE: f64 = 3.0;

/// Folded words of a text, per line.
fn folded_lines(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| {
            l.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
                .map(fold)
                .filter(|w| !w.is_empty())
                .collect()
        })
        .collect()
}

/// Classifies a document from the text of its pages.
pub fn classify(pages: &[&str]) -> Classified {
    let cues: Vec<(DocKind, Vec<String>, f64)> = CUES
        .iter()
        .map(|(k, c, w)| (*k, c.split(' ').map(fold).collect(), *w))
        .collect();
    let mut score = [0.0f64; 9];
    let mut seen = vec![0usize; cues.len()];
    for (p, page) in pages.iter().enumerate().take(3) {
        for (l, words) in folded_lines(page).iter().enumerate() {
            let head = p == 0 && l < HEAD_LINES;
            // An e-mail header line: "Van: …", "Subject: …".
            for (i, (kind, cue, weight)) in cues.iter().enumerate() {
                let hits = words.windows(cue.len()).filter(|w| *w == cue.as_slice()).count();
                if hits == 0 {
                    continue;
                }
                // A cue counts at most three times: a long letter is not more of a letter.
                let n = hits.min(3usize.saturating_sub(seen[i]));
                seen[i] += n;
                let k = DocKind::ALL.iter().position(|x| x == kind).unwrap_or(8);
                // A business names its document in its heading; in a letter's body
                // "the quote" or "the invoice" is only mentioned.
                let place = if head {
                    2.0
                } else if kind.issued_by_business() {
                    0.4
                } else {
                    1.0
                };
                score[k] += weight * n as f64 * place;
            }
        }
    }
    // An e-mail printout's header: "Van:", "Aan:", "Onderwerp:" … at the start of lines.
    // Letters quote no such block, so each field counts heavily (once).
    let mut fields: Vec<&str> = Vec::new();
    for page in pages.iter().take(1) {
        for line in page.lines().take(40) {
            let head: String = line.trim_start().chars().take(12).collect::<String>().to_lowercase();
            for f in EMAIL_FIELDS {
                if head.starts_with(f) && head[f.len()..].trim_start().starts_with(':') && !fields.contains(f) {
                    fields.push(f);
                }
            }
        }
    }
    if fields.len() >= 2 {
        score[6] += 3.0 * fields.len() as f64;
    }
    let mut order: Vec<usize> = (0..8).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]));
    let (best, second) = (score[order[0]], score[order[1]]);
    if best < MIN_SCORE {
        return Classified {
            kind: DocKind::Unknown,
            confidence: 1.0 - best / MIN_SCORE * 0.5,
        };
    }
    Classified {
        kind: DocKind::ALL[order[0]],
        confidence: ((best - second) / best * 0.5 + 0.5).clamp(0.0, 1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typical_documents() {
        let rows = [
            (
                "FACTUUR\nFactuurnummer: 2024-118\nFactuurdatum 3-8-2024\nTotaal incl. BTW € 1.750,00",
                DocKind::Invoice,
            ),
            (
                "Offerte schadeherstel\nGeldig tot 1 september 2024\nTotaal € 980,00",
                DocKind::RepairQuote,
            ),
            (
                "EUROPEES SCHADEFORMULIER\nVoertuig A\tVoertuig B",
                DocKind::AccidentStatement,
            ),
            (
                "Van: Jan <jan@example.nl>\nAan: schade@verzekeraar.nl\nOnderwerp: schade\nVerzonden: 3 augustus",
                DocKind::Email,
            ),
            (
                "Amsterdam, 3 augustus 2024\n\nGeachte heer, mevrouw,\n\nHierbij meld ik ...\nMet vriendelijke groet,\nJan",
                DocKind::Letter,
            ),
            (
                "Expertiserapport\nVastgestelde schade € 2.100,00\nConclusie",
                DocKind::ExpertReport,
            ),
            (
                "Bevestiging van uw schademelding\nWe hebben uw melding ontvangen.\nSamenvatting",
                DocKind::PortalConfirmation,
            ),
            (
                "Schadeaangifteformulier motorrijtuigen\nGegevens verzekeringnemer\nNaam:",
                DocKind::ClaimForm,
            ),
            ("Boodschappen: melk, brood en kaas", DocKind::Unknown),
        ];
        for (text, kind) in rows {
            let c = classify(&[text]);
            assert_eq!(c.kind, kind, "{text:?}: {c:?}");
            assert!((0.0..=1.0).contains(&c.confidence));
        }
    }
}
