//! Repairs of OCR misreads where the format says which character was meant: only on OCR
//! text, and only when a check proves the repair (an IBAN's mod-97 checksum) or exactly one
//! reading fits (a Dutch plate's side code, a road number). Every repair rewrites one
//! character for one, so offsets and boxes still line up.

use crate::extract::parse::{PLATE_LETTERS, SIDECODES, iban_checksum_ok, iban_length};

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

// ---------------------------------------------------------------------------------------
// Mail domains
// ---------------------------------------------------------------------------------------

/// Mail domains most Dutch and British claimants write from: a domain one look-alike away
/// from one of these (`gmall.com`, `xs4alt.nl`) is that domain misread.
const MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "hotmail.com",
    "hotmail.nl",
    "outlook.com",
    "outlook.nl",
    "live.nl",
    "live.com",
    "yahoo.com",
    "yahoo.co.uk",
    "icloud.com",
    "me.com",
    "msn.com",
    "ziggo.nl",
    "kpnmail.nl",
    "kpnplanet.nl",
    "planet.nl",
    "xs4all.nl",
    "home.nl",
    "hetnet.nl",
    "telfort.nl",
    "upcmail.nl",
    "quicknet.nl",
    "zeelandnet.nl",
    "casema.nl",
    "chello.nl",
    "tele2.nl",
    "online.nl",
    "protonmail.com",
    "btinternet.com",
];

/// Characters tesseract takes for one another in a domain: thin uprights, and round ones.
fn look_alike(a: char, b: char) -> bool {
    const THIN: &str = "il1It|";
    const ROUND: &str = "oO0";
    (THIN.contains(a) && THIN.contains(b)) || (ROUND.contains(a) && ROUND.contains(b))
}

/// Rewrites the domain of an e-mail address in OCR text that is one look-alike character
/// away from a common mail domain (`name@gmall.com` → `name@gmail.com`), and a Dutch domain
/// read as `.ni` or `.n1` to `.nl`. One character for one: offsets do not move.
pub fn repair_mail_domains(t: &mut [char]) {
    for at in 0..t.len() {
        if t[at] != '@' {
            continue;
        }
        let start = at + 1;
        let end = (start..t.len())
            .find(|&j| !(t[j].is_alphanumeric() || t[j] == '.' || t[j] == '-' || t[j] == '|'))
            .unwrap_or(t.len());
        let mut domain_end = end;
        while domain_end > start && matches!(t[domain_end - 1], '.' | '-') {
            domain_end -= 1;
        }
        let domain = &t[start..domain_end];
        let near = MAIL_DOMAINS.iter().find(|d| {
            let d: Vec<char> = d.chars().collect();
            d.len() == domain.len()
                && d.iter().zip(domain).filter(|(a, b)| a != b).count() == 1
                && d.iter().zip(domain).all(|(a, b)| a == b || look_alike(*a, *b))
        });
        if let Some(d) = near {
            for (slot, c) in t[start..domain_end].iter_mut().zip(d.chars()) {
                *slot = c;
            }
        } else if domain.len() > 3
            && domain[domain.len() - 3] == '.'
            && domain[domain.len() - 2] == 'n'
            && matches!(domain[domain.len() - 1], 'i' | '1' | 'I' | '|')
        {
            t[domain_end - 1] = 'l';
        }
    }
}

// ---------------------------------------------------------------------------------------
// Dutch licence plates
// ---------------------------------------------------------------------------------------

/// Finds plate-like tokens in OCR text (six letters and digits, dashed or not, standing
/// alone, with a letter) that are no valid plate as read, and swaps look-alikes (`O`↔`0`, `I`/`l`↔`1`,
/// `S`↔`5`, `B`↔`8`, `Z`↔`2`, `G`↔`6`) where the side codes need a digit or a letter
/// (`48tdsO` → `48tds0`, `O5DZDF` → `05DZDF`). The repair with the fewest swaps wins, and
/// only if it is the only one with that few. A token must hold a letter, and a digit or
/// dashes: a date (`12-11-85`) is no plate, and a word that would make one with enough swaps
/// (`GHOSTS` → `GH05TS`) is left alone.
pub fn repair_plates(t: &mut [char]) {
    let mut i = 0;
    while i < t.len() {
        if !t[i].is_ascii_alphanumeric() || !starts_token(t, i) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < t.len()
            && (t[end].is_ascii_alphanumeric()
                || (t[end] == '-' && t.get(end + 1).is_some_and(char::is_ascii_alphanumeric)))
        {
            end += 1;
        }
        if ends_token(t, end) {
            repair_plate(&mut t[i..end]);
        }
        i = end.max(i + 1);
    }
}

/// Whether a token may start at `i`: at the start, after white space or an opening mark;
/// not inside an e-mail address, a path or a longer word.
fn starts_token(t: &[char], i: usize) -> bool {
    i == 0 || t[i - 1].is_whitespace() || matches!(t[i - 1], '(' | ':' | '"' | '\'' | '‘' | '“')
}

/// Whether a token may end before `end`: at the end, before white space or a closing mark
/// (a full stop or comma only when a space follows: `ab12cd.nl` is a domain).
fn ends_token(t: &[char], end: usize) -> bool {
    match t.get(end) {
        None => true,
        Some(c) if c.is_whitespace() => true,
        Some(')' | ';' | ':' | '"' | '\'' | '’' | '”') => true,
        Some('.' | ',') => t.get(end + 1).is_none_or(|c| c.is_whitespace()),
        Some(_) => false,
    }
}

/// Whether `c` may stand as a plate letter at position `k`: the letters of modern plates,
/// and an `O` in front (semi-trailers).
fn plate_letter(c: char, k: usize) -> bool {
    let c = c.to_ascii_uppercase();
    PLATE_LETTERS.contains(c) || (c == 'O' && k == 0)
}

/// The digit a misread letter stands for on a plate.
fn plate_digit_for(c: char) -> Option<char> {
    Some(match c {
        'O' | 'o' => '0',
        'I' | 'l' => '1',
        'Z' | 'z' => '2',
        'S' | 's' => '5',
        'G' => '6',
        'B' => '8',
        _ => return None,
    })
}

/// The plate letter a misread digit stands for.
fn plate_letter_for(c: char) -> Option<char> {
    Some(match c {
        '2' => 'Z',
        '5' => 'S',
        '6' => 'G',
        '8' => 'B',
        _ => return None,
    })
}

/// At most this many characters of a plate are taken for their look-alikes; a token that
/// needs more is more likely something else than a badly read plate.
const MAX_PLATE_SWAPS: usize = 2;

/// Repairs one token (its characters and dashes) when exactly one plate needs the fewest
/// swaps, at most `MAX_PLATE_SWAPS`, and the token holds a letter but is no plate as read.
fn repair_plate(token: &mut [char]) {
    let at: Vec<usize> = (0..token.len()).filter(|&p| token[p].is_ascii_alphanumeric()).collect();
    let dashed = at.len() < token.len();
    let letters = token.iter().any(char::is_ascii_alphabetic);
    if at.len() != 6 || !letters || !(dashed || token.iter().any(char::is_ascii_digit)) {
        return;
    }
    // Each position's readings: (character, is a digit, swapped).
    let options: Vec<Vec<(char, bool, bool)>> = at
        .iter()
        .enumerate()
        .map(|(k, &p)| {
            let c = token[p];
            let mut o = Vec::with_capacity(2);
            if c.is_ascii_digit() {
                o.push((c, true, false));
                o.extend(plate_letter_for(c).map(|l| (l, false, true)));
            } else {
                if plate_letter(c, k) {
                    o.push((c, false, false));
                }
                o.extend(plate_digit_for(c).map(|d| (d, true, true)));
            }
            o
        })
        .collect();
    // Side codes as the token's dashes allow them, as digit-or-not per position.
    let fits: Vec<Vec<bool>> = SIDECODES
        .iter()
        .filter(|code| !dashed || shape_with_dashes(token, code))
        .map(|code| code.chars().filter(|&c| c != '-').map(|c| c == 'D').collect())
        .collect();
    let mut best: Option<(usize, Vec<char>)> = None;
    let mut tied = false;
    for kinds in &fits {
        let mut chosen = Vec::with_capacity(6);
        let mut swaps = 0;
        for (o, &digit) in options.iter().zip(kinds) {
            let Some(&(c, _, swapped)) = o.iter().find(|r| r.1 == digit) else {
                break;
            };
            chosen.push(c);
            swaps += usize::from(swapped);
        }
        if chosen.len() < 6 {
            continue;
        }
        match &best {
            Some((least, _)) if swaps > *least => {}
            Some((least, _)) if swaps == *least => tied = true,
            _ => {
                best = Some((swaps, chosen));
                tied = false;
            }
        }
    }
    if let Some((swaps, chosen)) = best
        && (1..=MAX_PLATE_SWAPS).contains(&swaps)
        && !tied
    {
        for (&p, c) in at.iter().zip(chosen) {
            token[p] = c;
        }
    }
}

/// Whether the token's dashes stand where side code `code` puts them.
fn shape_with_dashes(token: &[char], code: &str) -> bool {
    token.len() == code.len() && token.iter().zip(code.chars()).all(|(&t, c)| (t == '-') == (c == '-'))
}

// ---------------------------------------------------------------------------------------
// Road numbers
// ---------------------------------------------------------------------------------------

/// Rewrites look-alikes in road numbers (`A` or `N` and one to three digits, standing
/// alone): `Al2` → `A12`, `N3O2` → `N302`. The token must hold a digit as read, and its
/// number may not start with 0, so words (`Als`, `NOS`) stay as they are.
pub fn repair_roads(t: &mut [char]) {
    for i in 0..t.len() {
        if !matches!(t[i], 'A' | 'N') || !starts_token(t, i) {
            continue;
        }
        let end = (i + 1..t.len())
            .find(|&j| !t[j].is_ascii_alphanumeric())
            .unwrap_or(t.len());
        let number = &t[i + 1..end];
        if !(1..=3).contains(&number.len()) || !number.iter().any(char::is_ascii_digit) || !ends_token(t, end) {
            continue;
        }
        let Some(digits) = number.iter().map(|&c| road_digit(c)).collect::<Option<Vec<char>>>() else {
            continue;
        };
        if digits[0] == '0' {
            continue;
        }
        t[i + 1..end].copy_from_slice(&digits);
    }
}

/// The digit a road number's character stands for.
fn road_digit(c: char) -> Option<char> {
    Some(match c {
        '0'..='9' => c,
        'O' | 'o' => '0',
        'l' | 'I' => '1',
        'Z' => '2',
        'S' => '5',
        'B' => '8',
        _ => return None,
    })
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

    fn plates_repaired(s: &str) -> String {
        let mut t: Vec<char> = s.chars().collect();
        repair_plates(&mut t);
        t.into_iter().collect()
    }

    fn roads_repaired(s: &str) -> String {
        let mut t: Vec<char> = s.chars().collect();
        repair_roads(&mut t);
        t.into_iter().collect()
    }

    #[test]
    fn misread_plates_are_repaired_when_one_side_code_needs_the_fewest_swaps() {
        let cases = [
            (
                "met kenteken 48tdsO betrokken",
                "met kenteken 48tds0 betrokken",
                "O is never a plate letter: 48-TDS-0 (side code 7) with one swap",
            ),
            (
                "Licence plate:\tO5DZDF\n",
                "Licence plate:\t05DZDF\n",
                "O for 0 in front",
            ),
            ("Kenteken: 5-DRG-2l", "Kenteken: 5-DRG-21", "l for 1, dashes kept"),
            ("kenteken 8T-SB-0l.", "kenteken BT-SB-01.", "8 for B before a full stop"),
            ("(GB-Ol-BK)", "(GB-01-BK)", "two swaps in brackets"),
        ];
        for (input, want, why) in cases {
            assert_eq!(plates_repaired(input), want, "{why}");
        }
    }

    #[test]
    fn words_numbers_and_valid_plates_are_not_taken_for_plates() {
        let cases = [
            ("48-TDS-0", "valid already"),
            ("kenteken 48tds0", "valid already, lower case"),
            ("1234AB", "a postcode (valid plate shape, side code 2)"),
            ("Postcode 2511OS", "a postcode with a vowel: no side code fits"),
            ("The GHOSTS of BLOODS past", "words: no digit and no dash"),
            ("12-11-85", "a date: no letter"),
            (
                "registration SOSJBB",
                "no digit: 50-SJ-BB and S-05-JBB both need two swaps",
            ),
            ("x 48tdsO@mail.nl", "part of an e-mail address"),
            ("xs4all.nl", "part of a domain"),
            ("48tdsOx 9", "seven characters"),
            ("ref 2SB-OOl", "three swaps at least"),
            ("MTR-5576831", "a policy number"),
        ];
        for (input, why) in cases {
            assert_eq!(plates_repaired(input), input, "{why}");
        }
    }

    #[test]
    fn misread_mail_domains_are_repaired() {
        let rows = [
            ("mail: mehmet.hendriks@gmall.com.", "mail: mehmet.hendriks@gmail.com."),
            ("fkok@xs4alt.nl\tTel.", "fkok@xs4all.nl\tTel."),
            ("yara96@xs4all.ni", "yara96@xs4all.nl"),
            ("info@schade-noord.n1 ", "info@schade-noord.nl "),
            ("jan@gmail.com", "jan@gmail.com"),
            ("jan@gmaxl.com", "jan@gmaxl.com"),
            ("jan@bedrijf.nI", "jan@bedrijf.nl"),
            ("jan@omni", "jan@omni"),
        ];
        for (read, repaired) in rows {
            let mut t: Vec<char> = read.chars().collect();
            repair_mail_domains(&mut t);
            assert_eq!(t.iter().collect::<String>(), repaired, "{read}");
        }
    }

    #[test]
    fn misread_road_numbers_are_repaired() {
        let cases = [
            (
                "Plaats: Al2 ter hoogte van Utrecht",
                "Plaats: A12 ter hoogte van Utrecht",
                "l for 1",
            ),
            ("N3O2 bij Harderwijk", "N302 bij Harderwijk", "O for 0"),
            ("\tA2O, afrit 5", "\tA20, afrit 5", "O for 0 before a comma"),
        ];
        for (input, want, why) in cases {
            assert_eq!(roads_repaired(input), want, "{why}");
        }
    }

    #[test]
    fn words_and_other_codes_are_not_taken_for_road_numbers() {
        let cases = [
            ("A12 ter hoogte van Utrecht", "valid already"),
            ("Als het regent, NOS", "words: no digit"),
            ("AI in claims", "no digit: AI may be meant"),
            ("NO5 and AO1", "a number cannot start with 0"),
            ("Al2345", "too long"),
            ("NL05 KNAB 2924 0559 88", "an IBAN"),
            ("Bal2 and xAl2", "inside a word"),
            ("aI2", "lower-case a"),
        ];
        for (input, why) in cases {
            assert_eq!(roads_repaired(input), input, "{why}");
        }
    }
}
