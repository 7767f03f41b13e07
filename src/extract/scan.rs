//! Pattern scanners: every date, amount, plate, IBAN, email, phone number and postcode on
//! a page, whatever labels say. Overlaps between kinds are settled here by specificity
//! (an IBAN is never also a phone number; a date is never also an amount), so the
//! per-fact logic in `find` can trust each span to be one thing.

use super::parse::{
    PLATE_LETTERS, amount_at, cents_to_string, date_at, email_around, iban_at, phone_at, plate_at, postcode_at,
};
use super::text::starts_clean;
use super::types::FactType;

/// One value recognised by its shape.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pattern {
    pub fact_type: FactType,
    pub start: usize,
    pub end: usize,
    pub normalized: String,
    /// Confidence when no label says anything about it (kept ≤ 0.5 by contract, and
    /// mostly below a typical review threshold so stray values do not cause conflicts).
    pub bare: f64,
    /// The shape alone is too weak (an amount without a currency, an undashed plate):
    /// only counts when one of the fact's own labels governs it.
    pub needs_label: bool,
    /// Overlap priority; lower wins.
    rank: u8,
}

/// Whether every letter is one of modern Dutch plates' (`PLATE_LETTERS`); undashed text using
/// only these in a late side code is distinctive enough to propose without a label.
fn plate_letters(s: &str) -> bool {
    s.chars()
        .filter(char::is_ascii_alphabetic)
        .all(|c| PLATE_LETTERS.contains(c))
}

/// Every shaped value on the page, in page order. All kinds are scanned even if no fact
/// asks for them, because each kind can shadow another (a phone number is not an amount).
pub(crate) fn scan(t: &[char]) -> Vec<Pattern> {
    let mut out: Vec<Pattern> = Vec::new();
    let mut push = |fact_type, start, end, normalized: String, bare, needs_label, rank| {
        out.push(Pattern {
            fact_type,
            start,
            end,
            normalized,
            bare,
            needs_label,
            rank,
        });
    };
    for i in 0..t.len() {
        let c = t[i];
        if c == '@' {
            if let Some((s, e)) = email_around(t, i) {
                let local: String = t[s..i].iter().collect();
                let domain: String = t[i + 1..e].iter().collect::<String>().to_ascii_lowercase();
                push(FactType::Email, s, e, format!("{local}@{domain}"), 0.45, false, 1);
            }
            continue;
        }
        if !(c.is_alphanumeric() || matches!(c, '€' | '+' | '(')) || !starts_clean(t, i) {
            continue;
        }
        if let Some((end, iban)) = iban_at(t, i) {
            // The checksum makes a bare IBAN strong, but the contract caps unlabelled
            // values at 0.5.
            push(FactType::Iban, i, end, iban, 0.5, false, 0);
        }
        if let Some(m) = date_at(t, i) {
            if m.short_year {
                push(FactType::Date, i, m.end, m.iso(), 0.0, true, 2);
            } else {
                push(FactType::Date, i, m.end, m.iso(), 0.35, false, 2);
            }
        }
        if let Some(m) = amount_at(t, i) {
            let (bare, needs_label, rank) = if m.currency { (0.35, false, 3) } else { (0.0, true, 8) };
            // A bare number of more than nine digits is an account or reference number.
            let digits = t[i..m.end].iter().filter(|c| c.is_ascii_digit()).count();
            // "3. Gewonden": a numbered field, not an amount.
            let numbering = !m.currency
                && digits <= 2
                && t.get(m.end) == Some(&'.')
                && t.get(m.end + 1).is_none_or(|c| c.is_whitespace());
            if (m.currency || digits <= 9) && !numbering {
                push(
                    FactType::Money,
                    i,
                    m.end,
                    cents_to_string(m.cents),
                    bare,
                    needs_label,
                    rank,
                );
            }
        }
        if let Some(p) = plate_at(t, i) {
            let raw: String = t[i..p.end].iter().collect();
            let strong = p.upper && p.sidecode >= 7 && plate_letters(&raw);
            let (bare, needs_label, rank) = match (p.dashed, p.upper) {
                (true, true) => (0.4, false, 4),
                (false, true) if strong => (0.2, false, 7),
                _ => (0.0, true, 7),
            };
            push(FactType::LicencePlate, i, p.end, p.normalized, bare, needs_label, rank);
        }
        if let Some((end, e164)) = phone_at(t, i) {
            push(FactType::Phone, i, end, e164, 0.35, false, 5);
        }
        if let Some((end, pc)) = postcode_at(t, i, false) {
            push(FactType::Postcode, i, end, pc, 0.3, false, 6);
        }
    }
    // Settle overlaps: a span survives only if no better span overlaps it. Better means a
    // more specific kind, or the same kind and longer ("vrijdag 3 februari 2023" beats
    // "3 februari 2023"), or the same length and earlier. Spans are short, so a sweep over
    // neighbours by start keeps this linear on number-dense pages.
    out.sort_by_key(|p| (p.start, p.end, p.rank));
    let widest = out.iter().map(|p| p.end - p.start).max().unwrap_or(0);
    let order = |p: &Pattern| (p.rank, usize::MAX - (p.end - p.start), p.start);
    let beaten = |i: usize| {
        let p = &out[i];
        let lo = out.partition_point(|q| q.start + widest < p.start);
        out[lo..].iter().take_while(|q| q.start < p.end).any(|q| {
            // "1234AB" is a postcode or an undashed plate; only the label can tell, so
            // both survive (each is weak without its own label).
            let ambiguous = matches!(
                (q.fact_type, p.fact_type),
                (FactType::Postcode, FactType::LicencePlate) | (FactType::LicencePlate, FactType::Postcode)
            );
            !ambiguous && order(q) < order(p) && q.start < p.end && p.start < q.end
        })
    };
    let keep: Vec<bool> = (0..out.len()).map(|i| !beaten(i)).collect();
    out.into_iter().zip(keep).filter_map(|(p, k)| k.then_some(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, expected (type, raw, normalized) list, message)
    type Row<'a> = (&'a str, Vec<(FactType, &'a str, &'a str)>, &'a str);

    fn run(rows: Vec<Row<'_>>) {
        for (text, want, msg) in rows {
            let t: Vec<char> = text.chars().collect();
            let got: Vec<(FactType, String, String)> = scan(&t)
                .into_iter()
                .filter(|p| !p.needs_label)
                .map(|p| (p.fact_type, t[p.start..p.end].iter().collect(), p.normalized))
                .collect();
            let want: Vec<(FactType, String, String)> = want
                .into_iter()
                .map(|(ty, r, n)| (ty, r.to_string(), n.to_string()))
                .collect();
            assert_eq!(got, want, "{text:?}: {msg}");
        }
    }

    use FactType::*;

    #[test]
    fn dates_in_text() {
        run(vec![
            (
                "op 3 februari 2023 om",
                vec![(Date, "3 februari 2023", "2023-02-03")],
                "long",
            ),
            ("3 feb. 2023", vec![(Date, "3 feb. 2023", "2023-02-03")], "abbrev"),
            (
                "vrijdag 3 februari 2023",
                vec![(Date, "vrijdag 3 februari 2023", "2023-02-03")],
                "weekday included in the span",
            ),
            (
                "Friday, 3 February 2023.",
                vec![(Date, "Friday, 3 February 2023", "2023-02-03")],
                "en",
            ),
            (
                "on February 3, 2023",
                vec![(Date, "February 3, 2023", "2023-02-03")],
                "US",
            ),
            (
                "3rd February 2023",
                vec![(Date, "3rd February 2023", "2023-02-03")],
                "ordinal",
            ),
            ("(03-02-2023)", vec![(Date, "03-02-2023", "2023-02-03")], "brackets"),
            ("3.2.2023", vec![(Date, "3.2.2023", "2023-02-03")], "dots"),
            ("2023-02-03T10:00", vec![], "ISO glued to a time is not clean"),
            ("31-02-2023", vec![], "impossible"),
            ("03-02-23", vec![], "two-digit year"),
            ("12-34", vec![], "junk"),
            ("PL-03-02-2023", vec![], "inside a policy number"),
            ("103-02-2023", vec![], "inside a longer digit run"),
            ("03-02-20234", vec![], "year too long"),
            ("mei 2023", vec![], "no day"),
        ]);
    }

    #[test]
    fn amounts_in_text() {
        run(vec![
            ("Totaal € 1.234,56", vec![(Money, "€ 1.234,56", "1234.56")], "nl"),
            ("€1.234,56", vec![(Money, "€1.234,56", "1234.56")], "no space"),
            ("EUR 1.234,56", vec![(Money, "EUR 1.234,56", "1234.56")], "EUR"),
            (
                "1.234,56 euro",
                vec![(Money, "1.234,56 euro", "1234.56")],
                "suffix euro",
            ),
            ("€ 850,- totaal", vec![(Money, "€ 850,-", "850.00")], "whole euros"),
            ("€ 850,--", vec![(Money, "€ 850,--", "850.00")], "double dash"),
            ("€1,234.56", vec![(Money, "€1,234.56", "1234.56")], "English"),
            ("€ 1234", vec![(Money, "€ 1234", "1234.00")], "plain"),
            ("1.234,56 EUR", vec![(Money, "1.234,56 EUR", "1234.56")], "suffix EUR"),
            ("€\u{a0}250,00", vec![(Money, "€\u{a0}250,00", "250.00")], "NBSP"),
            ("1.234,56", vec![], "no currency: needs a label"),
            ("Europa 12", vec![], "a word starting with eur"),
        ]);
    }

    #[test]
    fn plates_in_text() {
        run(vec![
            ("AB-123-C", vec![(LicencePlate, "AB-123-C", "AB-123-C")], "sidecode 9"),
            ("12-ABC-3.", vec![(LicencePlate, "12-ABC-3", "12-ABC-3")], "sidecode 7"),
            ("GB-01-BK", vec![(LicencePlate, "GB-01-BK", "GB-01-BK")], "sidecode 4"),
            (
                "auto 1-KBB-23 rood",
                vec![(LicencePlate, "1-KBB-23", "1-KBB-23")],
                "sidecode 8",
            ),
            ("GZ123X", vec![(LicencePlate, "GZ123X", "GZ-123-X")], "strong undashed"),
            ("AB123C", vec![], "undashed with vowel: needs a label"),
            (
                "1234 AB",
                vec![(Postcode, "1234 AB", "1234 AB")],
                "postcode, not a plate",
            ),
            (
                "1234AB",
                vec![(Postcode, "1234AB", "1234 AB")],
                "compact postcode (plate reading needs a label)",
            ),
            ("12:30", vec![], "time"),
            ("ab-123-c", vec![], "lower case needs a label"),
            ("AB-1234-C", vec![], "wrong group length"),
            ("X-AB-123-C", vec![], "inside a longer code"),
            ("AB-12-3C", vec![], "dashes not where the side code puts them"),
        ]);
    }

    #[test]
    fn ibans_in_text() {
        run(vec![
            (
                "NL91ABNA0417164300",
                vec![(Iban, "NL91ABNA0417164300", "NL91ABNA0417164300")],
                "compact",
            ),
            (
                "IBAN NL91 ABNA 0417 1643 00 t.n.v. J. Jansen",
                vec![(Iban, "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300")],
                "grouped, followed by words",
            ),
            (
                "DE89 3704 0044 0532 0130 00.",
                vec![(Iban, "DE89 3704 0044 0532 0130 00", "DE89370400440532013000")],
                "German grouped",
            ),
            (
                "IBAN\tBE48\t1978\t5047\t5927\tKenteken",
                vec![(Iban, "BE48\t1978\t5047\t5927", "BE48197850475927")],
                "groups OCR set apart with tabs, then the next cell",
            ),
            ("NL91ABNA0417164301", vec![], "bad checksum"),
            ("NL91ABNA04171643001", vec![], "too long"),
        ]);
    }

    #[test]
    fn emails_phones_postcodes_in_text() {
        run(vec![
            (
                "mail: Jan.Jansen@Example.NL.",
                vec![(Email, "Jan.Jansen@Example.NL", "Jan.Jansen@example.nl")],
                "trailing full stop",
            ),
            ("a@b", vec![], "no domain"),
            (
                "Tel. 06-12345678",
                vec![(Phone, "06-12345678", "+31612345678")],
                "mobile",
            ),
            (
                "020 123 45 67 (kantoor)",
                vec![(Phone, "020 123 45 67", "+31201234567")],
                "grouped",
            ),
            (
                "+31 (0)6 1234 5678",
                vec![(Phone, "+31 (0)6 1234 5678", "+31612345678")],
                "intl",
            ),
            (
                "0031 20 1234567",
                vec![(Phone, "0031 20 1234567", "+31201234567")],
                "00",
            ),
            (
                "03-02-2023 12:00",
                vec![(Date, "03-02-2023", "2023-02-03")],
                "date, not phone",
            ),
            (
                "03-02-2023 1234",
                vec![(Date, "03-02-2023", "2023-02-03")],
                "date + number",
            ),
            ("3511 AB Utrecht", vec![(Postcode, "3511 AB", "3511 AB")], "postcode"),
            ("1234 SS", vec![], "SS"),
            ("in 2023 en daarna", vec![], "year followed by a lower-case word"),
            ("1234 ABC", vec![], "three letters"),
            // Known weak spot: "2023 EN" in capitals has the postcode shape; only its low
            // bare confidence (0.3) protects against it.
            (
                "in 2023 EN",
                vec![(Postcode, "2023 EN", "2023 EN")],
                "shape-alike, low confidence",
            ),
        ]);
    }
}
