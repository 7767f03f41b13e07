//! Repairs of OCR misreads where the format says which character was meant: only on OCR
//! text, and only when a check proves the repair (an IBAN's mod-97 checksum).

use crate::extract::parse::{iban_checksum_ok, iban_length};

/// What a misread digit looks like, and the digit it stands for.
fn as_digit(c: char) -> Option<char> {
    Some(match c {
        '0'..='9' => c,
        'O' | 'o' | 'D' | 'Q' => '0',
        'l' | 'I' | 'i' => '1',
        'Z' | 'z' => '2',
        'S' | 's' => '5',
        'G' => '6',
        'B' => '8',
        _ => return None,
    })
}

/// What a misread letter looks like, and the letter it stands for.
fn as_letter(c: char) -> Option<char> {
    Some(match c {
        'A'..='Z' => c,
        'a'..='z' => c.to_ascii_uppercase(),
        '0' => 'O',
        '1' => 'I',
        '5' => 'S',
        '8' => 'B',
        _ => return None,
    })
}

/// Whether position `k` of a compact IBAN of `country` must be a digit (`Some(true)`), a
/// letter (`Some(false)`), or may be either (`None`). Check digits everywhere; the BBAN
/// layout for the countries claims mostly involve.
fn kind_at(country: &str, k: usize) -> Option<bool> {
    match (country, k) {
        (_, 2..=3) => Some(true),
        ("NL", 4..=7) => Some(false),
        ("NL", _) | ("BE" | "DE" | "AT" | "PL" | "DK" | "FI" | "NO", _) if k >= 4 => Some(true),
        _ => None,
    }
}

/// Finds IBANs in OCR text (country letters, then groups separated by single spaces or tabs)
/// whose checksum fails as read, and rewrites in place the characters that the country's
/// layout says must be digits or letters (`NLO5` → `NL05`, `BE4B` → `BE48`) when the
/// repaired number passes the checksum. One character for one: offsets do not move.
pub fn repair_ibans(t: &mut [char]) {
    let mut i = 0;
    while i + 4 <= t.len() {
        if let Some(end) = repair_at(t, i) {
            i = end;
        } else {
            i += 1;
        }
    }
}

/// Repairs the IBAN starting at `i`, if there is one there; returns its end.
fn repair_at(t: &mut [char], i: usize) -> Option<usize> {
    if i > 0 && t[i - 1].is_alphanumeric() {
        return None;
    }
    let country: String = t[i..i + 2].iter().collect();
    if !country.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let len = iban_length(&country)?;
    // The positions of the IBAN's characters in the text.
    let mut at: Vec<usize> = Vec::with_capacity(len);
    let mut j = i;
    while at.len() < len && j < t.len() {
        if t[j].is_alphanumeric() {
            at.push(j);
            j += 1;
        } else if matches!(t[j], ' ' | '\t') && j > i && t[j - 1].is_alphanumeric() {
            j += 1;
        } else {
            break;
        }
    }
    if at.len() < len || t.get(j).is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    let read: Vec<char> = at.iter().map(|&p| t[p].to_ascii_uppercase()).collect();
    if iban_checksum_ok(&read) {
        return None;
    }
    let mut repaired = Vec::with_capacity(len);
    for (k, &p) in at.iter().enumerate() {
        let c = t[p];
        let fixed = match kind_at(&country, k) {
            Some(true) => as_digit(c)?,
            Some(false) => as_letter(c)?,
            None if c.is_ascii_alphanumeric() => c.to_ascii_uppercase(),
            None => return None,
        };
        repaired.push(fixed);
    }
    if !iban_checksum_ok(&repaired) {
        return None;
    }
    for (&p, &c) in at.iter().zip(&repaired) {
        if t[p].to_ascii_uppercase() != c {
            t[p] = c;
        }
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(s: &str) -> String {
        let mut t: Vec<char> = s.chars().collect();
        repair_ibans(&mut t);
        t.into_iter().collect()
    }

    #[test]
    fn misread_ibans_are_repaired_when_the_checksum_proves_it() {
        let cases = [
            (
                "Account number: NLO5 KNAB 2924 0559 88",
                "Account number: NL05 KNAB 2924 0559 88",
                "O for 0 in the check digits",
            ),
            (
                "IBAN\tNL05 KNA8 2924 O559 88\tx",
                "IBAN\tNL05 KNAB 2924 0559 88\tx",
                "8 for B in the bank code, O in the account",
            ),
            (
                "BE48\t1978\t5O47\t5927",
                "BE48\t1978\t5047\t5927",
                "tab-separated groups",
            ),
            (
                "IBAN: NL05KNAB292405S988",
                "IBAN: NL05KNAB2924055988",
                "compact, S for 5",
            ),
        ];
        for (input, want, why) in cases {
            assert_eq!(repaired(input), want, "{why}");
        }
    }

    #[test]
    fn text_that_no_repair_makes_valid_is_left_alone() {
        let cases = [
            ("NL05 KNAB 2924 0559 88", "valid already"),
            (
                "NL06 KNAB 2924 0559 88",
                "a wrong digit, not a look-alike: the checksum fails",
            ),
            ("NLO5 KNAB 2924 0559 8", "too short"),
            ("XNLO5 KNAB 2924 0559 88", "inside a word"),
            ("Nederland is een land", "words"),
            ("NL05 KNAB 2924 0559 88X", "runs on into a letter"),
        ];
        for (input, why) in cases {
            assert_eq!(repaired(input), input, "{why}");
        }
    }
}
