//! Normalizers for applicant answers and prefill values.
//!
//! They accept what a person would type (with or without dashes, spaces, currency signs)
//! and produce the normalized forms of SPEC §2, the same strings the extractors emit, so
//! that resolution can compare an answer with a document value by plain equality.

use std::fmt;

use super::parse::{
    amount_at, cents_to_string, date_at, domain_ok, iban_checksum_ok, iban_length, local_ok, phone_at,
    plate_from_compact, postcode_at, yes_no_word,
};
use super::text::collapse_ws;
use super::types::FactType;

/// Why a value could not be normalized. [`NormalizeError::code`] is stable and meant for
/// API error bodies and for picking a localized message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NormalizeError {
    Empty,
    InvalidDate,
    InvalidAmount,
    InvalidLicencePlate,
    InvalidIban,
    InvalidIbanLength,
    InvalidIbanChecksum,
    InvalidPolicyNumber,
    InvalidPersonName,
    InvalidEmail,
    InvalidPhone,
    InvalidPostcode,
    InvalidYesNo,
}

impl NormalizeError {
    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            NormalizeError::Empty => "empty",
            NormalizeError::InvalidDate => "invalid_date",
            NormalizeError::InvalidAmount => "invalid_amount",
            NormalizeError::InvalidLicencePlate => "invalid_licence_plate",
            NormalizeError::InvalidIban => "invalid_iban",
            NormalizeError::InvalidIbanLength => "invalid_iban_length",
            NormalizeError::InvalidIbanChecksum => "invalid_iban_checksum",
            NormalizeError::InvalidPolicyNumber => "invalid_policy_number",
            NormalizeError::InvalidPersonName => "invalid_person_name",
            NormalizeError::InvalidEmail => "invalid_email",
            NormalizeError::InvalidPhone => "invalid_phone",
            NormalizeError::InvalidPostcode => "invalid_postcode",
            NormalizeError::InvalidYesNo => "invalid_yes_no",
        }
    }
}

impl fmt::Display for NormalizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::error::Error for NormalizeError {}

/// Normalizes one value of the given type. Surrounding whitespace is ignored; an empty
/// value is [`NormalizeError::Empty`] for every type.
pub fn normalize(fact_type: FactType, raw: &str) -> Result<String, NormalizeError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(NormalizeError::Empty);
    }
    let t: Vec<char> = trimmed.chars().collect();
    match fact_type {
        FactType::Date => date_at(&t, 0)
            .filter(|m| m.end == t.len())
            .map(|m| m.iso())
            .ok_or(NormalizeError::InvalidDate),
        FactType::Money => amount_at(&t, 0)
            .filter(|m| m.end == t.len())
            .map(|m| cents_to_string(m.cents))
            .ok_or(NormalizeError::InvalidAmount),
        FactType::LicencePlate => normalize_plate(&t),
        FactType::Iban => normalize_iban(&t),
        FactType::PolicyNumber => normalize_policy(&t),
        FactType::PersonName => normalize_name(trimmed),
        FactType::Email => normalize_email(&t),
        FactType::Phone => phone_at(&t, 0)
            .filter(|(end, _)| *end == t.len())
            .map(|(_, e)| e)
            .ok_or(NormalizeError::InvalidPhone),
        FactType::Postcode => postcode_at(&t, 0, true)
            .filter(|(end, _)| *end == t.len())
            .map(|(_, p)| p)
            .ok_or(NormalizeError::InvalidPostcode),
        FactType::YesNo => yes_no_word(trimmed)
            .map(str::to_string)
            .ok_or(NormalizeError::InvalidYesNo),
        FactType::Text => Ok(collapse_ws(trimmed)),
        FactType::Choice => Ok(trimmed.to_string()),
    }
}

/// Plates: dashes and spaces are the applicant's business; the side code decides where
/// the dashes go.
fn normalize_plate(t: &[char]) -> Result<String, NormalizeError> {
    let compact: Vec<char> = t.iter().copied().filter(|&c| c != '-' && !c.is_whitespace()).collect();
    plate_from_compact(&compact)
        .map(|(_, p)| p)
        .ok_or(NormalizeError::InvalidLicencePlate)
}

fn normalize_iban(t: &[char]) -> Result<String, NormalizeError> {
    let compact: Vec<char> = t
        .iter()
        .filter(|c| !c.is_whitespace())
        .map(char::to_ascii_uppercase)
        .collect();
    if compact.len() < 5
        || !compact[..2].iter().all(char::is_ascii_uppercase)
        || !compact[2..4].iter().all(char::is_ascii_digit)
        || !compact.iter().all(char::is_ascii_alphanumeric)
    {
        return Err(NormalizeError::InvalidIban);
    }
    let country: String = compact[..2].iter().collect();
    let length_ok = match iban_length(&country) {
        Some(n) => compact.len() == n,
        None => (15..=34).contains(&compact.len()),
    };
    if !length_ok {
        return Err(NormalizeError::InvalidIbanLength);
    }
    if !iban_checksum_ok(&compact) {
        return Err(NormalizeError::InvalidIbanChecksum);
    }
    Ok(compact.into_iter().collect())
}

/// Policy numbers: upper case, spaces removed; letters, digits, `-` and `/`; 5–30
/// characters; at least one digit (a word is never a policy number).
pub(crate) fn normalize_policy(t: &[char]) -> Result<String, NormalizeError> {
    let compact: String = t
        .iter()
        .filter(|c| !c.is_whitespace())
        .map(char::to_ascii_uppercase)
        .collect();
    let n = compact.chars().count();
    let ok = (5..=30).contains(&n)
        && compact
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.'))
        && !compact.contains("..")
        && compact.chars().any(|c| c.is_ascii_digit())
        && compact.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && compact.chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
    if ok {
        Ok(compact)
    } else {
        Err(NormalizeError::InvalidPolicyNumber)
    }
}

/// Names are kept as written (no re-casing: "van der Berg" is correct), whitespace
/// collapsed. Digits and `@` mean someone typed something else into the field.
pub(crate) fn normalize_name(s: &str) -> Result<String, NormalizeError> {
    let name = collapse_ws(s);
    let ok = name.chars().any(char::is_alphabetic)
        && name.chars().count() <= 120
        && name
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\'' | '’' | ','));
    if ok {
        Ok(name)
    } else {
        Err(NormalizeError::InvalidPersonName)
    }
}

/// Email: the local part is kept as written (it may be case-sensitive in theory), the
/// domain is lower-cased. Syntax only; deliverability is not our business here.
fn normalize_email(t: &[char]) -> Result<String, NormalizeError> {
    let at = t.iter().position(|&c| c == '@').ok_or(NormalizeError::InvalidEmail)?;
    let local = &t[..at];
    let domain: Vec<char> = t[at + 1..].iter().map(char::to_ascii_lowercase).collect();
    if !local_ok(local) || !domain_ok(&domain) {
        return Err(NormalizeError::InvalidEmail);
    }
    Ok(format!(
        "{}@{}",
        local.iter().collect::<String>(),
        domain.iter().collect::<String>()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ty: FactType, rows: &[(&str, Result<&str, &str>, &str)]) {
        for (input, want, msg) in rows {
            let got = normalize(ty, input);
            match want {
                Ok(v) => assert_eq!(got.as_deref(), Ok(*v), "{ty:?} {input:?}: {msg}"),
                Err(code) => assert_eq!(
                    got.map_err(super::NormalizeError::code),
                    Err(*code),
                    "{ty:?} {input:?}: {msg}"
                ),
            }
        }
    }

    #[test]
    fn two_digit_years_take_the_nearest_century() {
        use super::super::parse::full_year;
        assert_eq!(full_year(24, 2026), 2024);
        assert_eq!(full_year(36, 2026), 2036, "up to ten years ahead");
        assert_eq!(full_year(37, 2026), 1937);
        assert_eq!(full_year(85, 2026), 1985);
        assert_eq!(full_year(0, 2026), 2000);
    }

    #[test]
    fn dates() {
        check(
            FactType::Date,
            &[
                ("3 februari 2023", Ok("2023-02-03"), "Dutch long form"),
                ("3 feb. 2023", Ok("2023-02-03"), "abbreviation with full stop"),
                ("3 feb 2023", Ok("2023-02-03"), "abbreviation"),
                ("vrijdag 3 februari 2023", Ok("2023-02-03"), "with weekday"),
                ("03-02-2023", Ok("2023-02-03"), "day first"),
                ("3-2-2023", Ok("2023-02-03"), "single digits"),
                ("03/02/2023", Ok("2023-02-03"), "slashes"),
                ("3.2.2023", Ok("2023-02-03"), "dots"),
                ("2023-02-03", Ok("2023-02-03"), "ISO"),
                ("3 February 2023", Ok("2023-02-03"), "English"),
                ("February 3, 2023", Ok("2023-02-03"), "US order"),
                ("Friday, 3 February 2023", Ok("2023-02-03"), "weekday and comma"),
                ("3rd February 2023", Ok("2023-02-03"), "ordinal"),
                ("1st of August 2025", Ok("2025-08-01"), "ordinal with of"),
                ("12 mrt 2024", Ok("2024-03-12"), "Dutch abbreviation mrt"),
                ("29-02-2024", Ok("2024-02-29"), "leap day"),
                ("  1 okt. 2022 ", Ok("2022-10-01"), "surrounding spaces"),
                ("31-02-2023", Err("invalid_date"), "impossible date"),
                ("29-02-2023", Err("invalid_date"), "not a leap year"),
                ("08-03-24", Ok("2024-03-08"), "two-digit year"),
                ("03/02/85", Ok("1985-02-03"), "two-digit year, last century"),
                ("3.2.23", Ok("2023-02-03"), "two-digit year with dots"),
                ("13-13-2023", Err("invalid_date"), "month 13"),
                ("03-02/2023", Err("invalid_date"), "mixed separators"),
                ("3 februari", Err("invalid_date"), "no year"),
                ("gisteren", Err("invalid_date"), "words"),
                ("03-02-2023 extra", Err("invalid_date"), "trailing text"),
                ("", Err("empty"), "empty"),
            ],
        );
    }

    #[test]
    fn money() {
        check(
            FactType::Money,
            &[
                ("€ 1.234,56", Ok("1234.56"), "Dutch with sign"),
                ("€1.234,56", Ok("1234.56"), "no space"),
                ("EUR 1.234,56", Ok("1234.56"), "EUR"),
                ("1.234,56 euro", Ok("1234.56"), "suffix"),
                ("€ 850,-", Ok("850.00"), "whole euros"),
                ("€ 850,--", Ok("850.00"), "whole euros double dash"),
                ("€1,234.56", Ok("1234.56"), "English separators"),
                ("€ 1234", Ok("1234.00"), "no separators"),
                ("1.234,56 EUR", Ok("1234.56"), "suffix EUR"),
                ("1234,5", Ok("1234.50"), "one decimal"),
                ("1.234", Ok("1234.00"), "three digits after the dot: thousands"),
                ("0,99", Ok("0.99"), "cents"),
                ("1.234.567,00", Ok("1234567.00"), "millions"),
                ("12,34,56", Err("invalid_amount"), "bad grouping"),
                ("1.23.456", Err("invalid_amount"), "bad grouping 2"),
                ("1,234,5", Err("invalid_amount"), "mark equals thousands separator"),
                ("-12", Err("invalid_amount"), "negative"),
                ("twaalf", Err("invalid_amount"), "words"),
                ("€", Err("invalid_amount"), "sign only"),
            ],
        );
    }

    #[test]
    fn plates() {
        let rows: Vec<(&str, Result<&str, &str>, &str)> = vec![
            ("AB-12-34", Ok("AB-12-34"), "side code 1"),
            ("12-34-AB", Ok("12-34-AB"), "side code 2"),
            ("12-AB-34", Ok("12-AB-34"), "side code 3"),
            ("AB-12-CD", Ok("AB-12-CD"), "side code 4"),
            ("AB-CD-12", Ok("AB-CD-12"), "side code 5"),
            ("12-AB-CD", Ok("12-AB-CD"), "side code 6"),
            ("12-ABC-3", Ok("12-ABC-3"), "side code 7"),
            ("1-ABC-23", Ok("1-ABC-23"), "side code 8"),
            ("AB-123-C", Ok("AB-123-C"), "side code 9"),
            ("A-123-BC", Ok("A-123-BC"), "side code 10"),
            ("ABC-12-D", Ok("ABC-12-D"), "side code 11"),
            ("A-12-BCD", Ok("A-12-BCD"), "side code 12"),
            ("1-AB-234", Ok("1-AB-234"), "side code 13"),
            ("123-AB-4", Ok("123-AB-4"), "side code 14"),
            ("gb01bk", Ok("GB-01-BK"), "lower case undashed"),
            ("ab 123 c", Ok("AB-123-C"), "spaces"),
            ("AB123C", Ok("AB-123-C"), "compact"),
            ("ABC123", Err("invalid_licence_plate"), "not a side code"),
            ("123456", Err("invalid_licence_plate"), "digits only"),
            ("AB-123-CD", Err("invalid_licence_plate"), "seven characters"),
            ("ÄB-123-C", Err("invalid_licence_plate"), "non-ASCII letter"),
        ];
        check(FactType::LicencePlate, &rows);
    }

    #[test]
    fn ibans() {
        check(
            FactType::Iban,
            &[
                ("NL91ABNA0417164300", Ok("NL91ABNA0417164300"), "NL compact"),
                ("nl91 abna 0417 1643 00", Ok("NL91ABNA0417164300"), "grouped lower"),
                ("BE68539007547034", Ok("BE68539007547034"), "Belgium"),
                ("DE89 3704 0044 0532 0130 00", Ok("DE89370400440532013000"), "Germany"),
                ("GB29 NWBK 6016 1331 9268 19", Ok("GB29NWBK60161331926819"), "UK"),
                (
                    "FR14 2004 1010 0505 0001 3M02 606",
                    Ok("FR1420041010050500013M02606"),
                    "France",
                ),
                ("LU28 0019 4006 4475 0000", Ok("LU280019400644750000"), "Luxembourg"),
                ("ES91 2100 0418 4502 0005 1332", Ok("ES9121000418450200051332"), "Spain"),
                (
                    "IT60 X054 2811 1010 0000 0123 456",
                    Ok("IT60X0542811101000000123456"),
                    "Italy",
                ),
                ("NL91ABNA0417164301", Err("invalid_iban_checksum"), "one digit off"),
                ("NL91ABNA041716430", Err("invalid_iban_length"), "too short for NL"),
                ("NL91-ABNA-0417", Err("invalid_iban"), "dashes"),
                ("1234", Err("invalid_iban"), "digits"),
            ],
        );
    }

    #[test]
    fn policy_numbers() {
        check(
            FactType::PolicyNumber,
            &[
                ("ab-123456", Ok("AB-123456"), "upper-cased"),
                ("123 456 789", Ok("123456789"), "spaces removed"),
                ("2023/0042-X", Ok("2023/0042-X"), "slash and dash"),
                ("09.032.226", Ok("09.032.226"), "dotted groups"),
                ("ABCDEF", Err("invalid_policy_number"), "no digit"),
                ("1234", Err("invalid_policy_number"), "too short"),
                ("PL#12345", Err("invalid_policy_number"), "bad char"),
                ("-12345", Err("invalid_policy_number"), "leading dash"),
            ],
        );
    }

    #[test]
    fn names_text_choice() {
        check(
            FactType::PersonName,
            &[
                ("  Jan   van der  Berg ", Ok("Jan van der Berg"), "collapsed, case kept"),
                ("J.P. de Vries-O'Neill", Ok("J.P. de Vries-O'Neill"), "punctuation"),
                ("Jan 2", Err("invalid_person_name"), "digits"),
                ("jan@example.nl", Err("invalid_person_name"), "email in name field"),
            ],
        );
        check(
            FactType::Text,
            &[
                (
                    "  Aanrijding \n op de   kruising ",
                    Ok("Aanrijding op de kruising"),
                    "collapsed",
                ),
                ("   ", Err("empty"), "blank"),
            ],
        );
        check(FactType::Choice, &[(" rear_end ", Ok("rear_end"), "trimmed")]);
    }

    #[test]
    fn emails() {
        check(
            FactType::Email,
            &[
                (
                    "Jan.Jansen@Example.NL",
                    Ok("Jan.Jansen@example.nl"),
                    "domain lower-cased",
                ),
                ("a+b@sub.example.co.uk", Ok("a+b@sub.example.co.uk"), "plus, subdomains"),
                ("jan@example", Err("invalid_email"), "no TLD"),
                ("jan@@example.nl", Err("invalid_email"), "double at"),
                ("@example.nl", Err("invalid_email"), "no local part"),
                ("jan..j@example.nl", Err("invalid_email"), "double dot"),
                ("jan@-example.nl", Err("invalid_email"), "label starts with dash"),
                ("jan @example.nl", Err("invalid_email"), "space"),
            ],
        );
    }

    #[test]
    fn phones() {
        check(
            FactType::Phone,
            &[
                ("06 12345678", Ok("+31612345678"), "mobile with space"),
                ("06-12345678", Ok("+31612345678"), "mobile with dash"),
                ("0612345678", Ok("+31612345678"), "compact"),
                ("020-1234567", Ok("+31201234567"), "landline"),
                ("(020) 123 45 67", Ok("+31201234567"), "bracketed area code"),
                ("+31 6 12345678", Ok("+31612345678"), "international"),
                ("+31 (0)6 1234 5678", Ok("+31612345678"), "bracketed trunk zero"),
                ("0031 6 12345678", Ok("+31612345678"), "00 prefix"),
                ("+32 2 123 45 67", Ok("+3221234567"), "Belgian landline"),
                ("+44 20 7946 0958", Ok("+442079460958"), "UK"),
                ("12345678", Err("invalid_phone"), "no trunk zero"),
                ("06 1234567", Err("invalid_phone"), "too short"),
                ("06 123456789", Err("invalid_phone"), "too long"),
                ("+31 06 12345678", Err("invalid_phone"), "trunk zero after country code"),
                ("03-02-2023", Err("invalid_phone"), "a date"),
            ],
        );
    }

    #[test]
    fn postcodes_and_yes_no() {
        check(
            FactType::Postcode,
            &[
                ("1234 AB", Ok("1234 AB"), "canonical"),
                ("1234ab", Ok("1234 AB"), "compact lower"),
                ("1234 SA", Err("invalid_postcode"), "SA not issued"),
                ("1234 SD", Err("invalid_postcode"), "SD not issued"),
                ("1234 SS", Err("invalid_postcode"), "SS not issued"),
                ("0123 AB", Err("invalid_postcode"), "leading zero"),
                ("123 AB", Err("invalid_postcode"), "three digits"),
                ("1234 ABC", Err("invalid_postcode"), "three letters"),
            ],
        );
        check(
            FactType::YesNo,
            &[
                ("Ja", Ok("yes"), "Dutch yes"),
                ("nee", Ok("no"), "Dutch no"),
                ("YES", Ok("yes"), "English"),
                ("n", Ok("no"), "single letter"),
                ("j", Ok("yes"), "single letter j"),
                ("misschien", Err("invalid_yes_no"), "maybe"),
            ],
        );
    }

    #[test]
    fn codes_are_snake_case() {
        for e in [
            NormalizeError::Empty,
            NormalizeError::InvalidIbanChecksum,
            NormalizeError::InvalidLicencePlate,
        ] {
            assert!(e.code().chars().all(|c| c.is_ascii_lowercase() || c == '_'));
            assert_eq!(e.to_string(), e.code());
        }
    }
}
