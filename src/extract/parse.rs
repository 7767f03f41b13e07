//! Hand-written parsers that recognise one value starting at a given char index.
//!
//! The extractors call them at every plausible start position of a page; the
//! normalizers call them at index 0 of an answer and require that they consume it
//! completely. Sharing them keeps "what the extractor reads" and "what an applicant may
//! type" the same language.

use super::text::{digit_run, digits_value, ends_clean, is_space, letters_at, skip_spaces};

// ---------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------

/// A calendar date read from text, with the end index of the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateMatch {
    pub end: usize,
    pub year: u32,
    pub month: u32,
    pub day: u32,
    /// Written with a two-digit year ("08-03-24"): a weak shape on its own.
    pub short_year: bool,
}

impl DateMatch {
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

const MONTHS: &[(&str, u32)] = &[
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("april", 4),
    ("mei", 5),
    ("juni", 6),
    ("juli", 7),
    ("augustus", 8),
    ("september", 9),
    ("oktober", 10),
    ("november", 11),
    ("december", 12),
    ("mrt", 3),
    ("okt", 10),
    // English (april, september, november, december are shared)
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("october", 10),
    // Abbreviations used by both
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const WEEKDAYS: &[&str] = &[
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn is_leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Years outside this window are almost certainly not dates in a motor claim (and it keeps
/// four-digit numbers such as "0417" from passing as years).
fn plausible(y: u32, m: u32, d: u32) -> bool {
    (1900..=2100).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

fn date(end: usize, year: u32, month: u32, day: u32) -> Option<DateMatch> {
    plausible(year, month, day).then_some(DateMatch {
        end,
        year,
        month,
        day,
        short_year: false,
    })
}

/// Month name (full or abbreviated, optional full stop after an abbreviation) at `i`.
fn month_at(t: &[char], i: usize) -> Option<(u32, usize)> {
    let (word, end) = letters_at(t, i);
    let &(name, month) = MONTHS.iter().find(|(name, _)| *name == word)?;
    // A full stop is part of an abbreviation ("3 feb. 2023"), never of a full name.
    let full = name.len() > 4 || name == "mei" || name == "may" || name == "juni";
    let end = if !full && t.get(end) == Some(&'.') {
        end + 1
    } else {
        end
    };
    Some((month, end))
}

/// Day number with an optional English ordinal suffix ("3rd").
fn day_at(t: &[char], i: usize) -> Option<(u32, usize)> {
    let n = digit_run(t, i);
    if n == 0 || n > 2 {
        return None;
    }
    let day = digits_value(t, i, n) as u32;
    let mut end = i + n;
    let (suffix, suffix_end) = letters_at(t, end);
    if matches!(suffix.as_str(), "st" | "nd" | "rd" | "th") {
        end = suffix_end;
    }
    Some((day, end))
}

fn year_at(t: &[char], i: usize) -> Option<(u32, usize)> {
    (digit_run(t, i) == 4).then(|| (digits_value(t, i, 4) as u32, i + 4))
}

/// Skips `,` and spaces between date parts; requires at least one space unless the
/// caller allows none.
fn sep_at(t: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if t.get(j) == Some(&',') {
        j += 1;
    }
    let k = skip_spaces(t, j);
    // A date in running text wrapped at the line's end ("op 13 augustus ⏎ 2026").
    if t.get(k) == Some(&'\n') && t.get(k + 1).is_some_and(char::is_ascii_digit) {
        return Some(k + 1);
    }
    (k > j && k - j <= 3).then_some(k)
}

/// "3 februari 2023", "3rd February, 2023", "1st of August 2025"
fn day_month_year(t: &[char], i: usize) -> Option<DateMatch> {
    let (day, day_end) = day_at(t, i)?;
    let mut j = skip_spaces(t, day_end);
    if j == day_end || j - day_end > 3 || !t.get(j).is_some_and(|c| c.is_alphabetic()) {
        return None;
    }
    // "the 1st of August": "of" only after an ordinal day.
    let ordinal = t[i..day_end].iter().any(|c| c.is_alphabetic());
    let (word, after) = letters_at(t, j);
    if ordinal && word == "of" {
        let k = skip_spaces(t, after);
        if k == after {
            return None;
        }
        j = k;
    }
    let (month, j) = month_at(t, j)?;
    let j = sep_at(t, j)?;
    let (year, j) = year_at(t, j)?;
    date(j, year, month, day)
}

/// "February 3, 2023", "feb. 3rd 2023"
fn month_day_year(t: &[char], i: usize) -> Option<DateMatch> {
    let (month, j) = month_at(t, i)?;
    let k = skip_spaces(t, j);
    if k == j {
        return None;
    }
    let (day, j) = day_at(t, k)?;
    let j = sep_at(t, j)?;
    let (year, j) = year_at(t, j)?;
    date(j, year, month, day)
}

/// The century of a two-digit year: the latest year ending in `yy` that is at most ten
/// years after `this_year` ("24" is 2024 and "85" is 1985 in 2026).
pub(crate) fn full_year(yy: u32, this_year: u32) -> u32 {
    let century = this_year / 100 * 100;
    let candidate = century + yy;
    if candidate <= this_year + 10 {
        candidate
    } else {
        candidate - 100
    }
}

fn this_year() -> u32 {
    u32::try_from(time::OffsetDateTime::now_utc().year()).unwrap_or(2026)
}

/// "03-02-2023", "3.2.2023", "03/02/2023" (day first, as in Dutch and British usage),
/// ISO "2023-02-03", and two-digit years ("03-02-23", "08/03/24") with the century of
/// [`full_year`]; those are marked `short_year`, since such a shape is also a reference.
fn numeric(t: &[char], i: usize) -> Option<DateMatch> {
    let a = digit_run(t, i);
    let sep = *t.get(i + a)?;
    if !matches!(sep, '-' | '/' | '.') {
        return None;
    }
    let j = i + a + 1;
    let b = digit_run(t, j);
    if t.get(j + b) != Some(&sep) || !(1..=2).contains(&b) {
        return None;
    }
    let k = j + b + 1;
    let c = digit_run(t, k);
    let end = k + c;
    match (a, c) {
        (1 | 2, 4) => date(
            end,
            digits_value(t, k, 4) as u32,
            digits_value(t, j, b) as u32,
            digits_value(t, i, a) as u32,
        ),
        (1 | 2, 2) => date(
            end,
            full_year(digits_value(t, k, 2) as u32, this_year()),
            digits_value(t, j, b) as u32,
            digits_value(t, i, a) as u32,
        )
        .map(|m| DateMatch { short_year: true, ..m }),
        (4, 1 | 2) if sep != '.' => date(
            end,
            digits_value(t, i, 4) as u32,
            digits_value(t, j, b) as u32,
            digits_value(t, k, c) as u32,
        ),
        _ => None,
    }
}

/// A date starting exactly at `i`, optionally preceded by a weekday ("vrijdag 3 februari
/// 2023", "Friday, 3 February 2023"). The caller checks the start boundary; the end
/// boundary is checked here.
pub(crate) fn date_at(t: &[char], i: usize) -> Option<DateMatch> {
    let first = *t.get(i)?;
    let found = if first.is_ascii_digit() {
        numeric(t, i).or_else(|| day_month_year(t, i))
    } else if first.is_alphabetic() {
        let (word, end) = letters_at(t, i);
        if WEEKDAYS.contains(&word.as_str()) {
            let j = sep_at(t, end)?;
            day_month_year(t, j)
                .or_else(|| month_day_year(t, j))
                .or_else(|| numeric(t, j))
        } else {
            month_day_year(t, i)
        }
    } else {
        None
    };
    found.filter(|m| ends_clean(t, m.end))
}

// ---------------------------------------------------------------------------------------
// Amounts
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AmountMatch {
    pub end: usize,
    pub cents: u64,
    /// "€", "EUR" or "euro" was part of the match.
    pub currency: bool,
}

pub(crate) fn cents_to_string(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Currency word or sign at `i`, returning the index after it.
fn currency_at(t: &[char], i: usize) -> Option<usize> {
    match t.get(i) {
        Some('€') => Some(i + 1),
        Some(_) => {
            let (word, end) = letters_at(t, i);
            matches!(word.as_str(), "eur" | "euro" | "euros").then_some(end)
        }
        None => None,
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—')
}

/// A number such as "1.234,56", "1,234.56", "1234", "850,-". Decimal versus thousands
/// separator is decided by position: a last separator followed by one or two digits is the
/// decimal mark; followed by exactly three digits it groups thousands; anything else is
/// not an amount.
pub(crate) fn number_at(t: &[char], i: usize) -> Option<(u64, usize)> {
    let mut groups: Vec<(usize, usize)> = Vec::new(); // (start, len)
    let mut seps: Vec<char> = Vec::new();
    let mut j = i;
    loop {
        let n = digit_run(t, j);
        // More than five groups is a list of numbers, not an amount.
        if n == 0 || groups.len() >= 5 {
            return None;
        }
        groups.push((j, n));
        j += n;
        match t.get(j) {
            Some(&c @ ('.' | ',')) if t.get(j + 1).is_some_and(char::is_ascii_digit) => {
                seps.push(c);
                j += 1;
            }
            _ => break,
        }
    }
    // Dutch whole-euro notation: "850,-" / "850,--" / "850.-".
    let mut whole = false;
    if matches!(t.get(j), Some(',' | '.')) && t.get(j + 1).is_some_and(|c| is_dash(*c)) {
        whole = true;
        j += 2;
        if t.get(j).is_some_and(|c| is_dash(*c)) {
            j += 1;
        }
    }

    let value = |(s, n): (usize, usize)| digits_value(t, s, n);
    let (int_groups, frac) = match (seps.last(), groups.last()) {
        (Some(_), Some(&(s, n))) if !whole && n <= 2 => {
            let frac = value((s, n)) * if n == 1 { 10 } else { 1 };
            (&groups[..groups.len() - 1], Some((frac, seps[seps.len() - 1])))
        }
        _ => (&groups[..], None),
    };
    // Separators before the decimal mark group thousands: one kind only, different from
    // the decimal mark, 1–3 leading digits, then groups of exactly three.
    let thousands = &seps[..int_groups.len() - 1];
    if let Some(&first) = thousands.first()
        && (thousands.iter().any(|&c| c != first)
            || frac.is_some_and(|(_, mark)| mark == first)
            || int_groups[0].1 > 3
            || int_groups[1..].iter().any(|g| g.1 != 3))
    {
        return None;
    }
    let digits: usize = int_groups.iter().map(|g| g.1).sum();
    if digits > 12 {
        return None;
    }
    let euros = int_groups
        .iter()
        .fold(0u64, |acc, &(s, n)| acc * 10u64.pow(n as u32) + value((s, n)));
    Some((euros * 100 + frac.map_or(0, |f| f.0), j))
}

/// An amount at `i`: "€ 1.234,56", "EUR 1.234,56", "1.234,56 euro", "€ 850,-" or a bare
/// number (then `currency` is false and the extractor demands a label).
pub(crate) fn amount_at(t: &[char], i: usize) -> Option<AmountMatch> {
    if let Some(j) = currency_at(t, i) {
        let k = skip_spaces(t, j);
        if k - j > 3 {
            return None;
        }
        let (cents, end) = number_at(t, k)?;
        return ends_clean(t, end).then_some(AmountMatch {
            end,
            cents,
            currency: true,
        });
    }
    let (cents, end) = number_at(t, i)?;
    // Suffix currency, at most a few spaces away.
    let k = skip_spaces(t, end);
    if k - end <= 2
        && let Some(after) = currency_at(t, k)
        && ends_clean(t, after)
    {
        return Some(AmountMatch {
            end: after,
            cents,
            currency: true,
        });
    }
    ends_clean(t, end).then_some(AmountMatch {
        end,
        cents,
        currency: false,
    })
}

// ---------------------------------------------------------------------------------------
// Dutch licence plates
// ---------------------------------------------------------------------------------------

/// Dutch side codes 1–14, `L` a letter and `D` a digit. Every pattern is unique even
/// without dashes, which lets us place the dashes in undashed input.
pub(crate) const SIDECODES: [&str; 14] = [
    "LL-DD-DD", // 1
    "DD-DD-LL", // 2
    "DD-LL-DD", // 3
    "LL-DD-LL", // 4
    "LL-LL-DD", // 5
    "DD-LL-LL", // 6
    "DD-LLL-D", // 7
    "D-LLL-DD", // 8
    "LL-DDD-L", // 9
    "L-DDD-LL", // 10
    "LLL-DD-L", // 11
    "L-DD-LLL", // 12
    "D-LL-DDD", // 13
    "DDD-LL-D", // 14
];

/// Letters that appear on modern Dutch plates: no vowels (I and O never), no C or Q.
pub(crate) const PLATE_LETTERS: &str = "BDFGHJKLNMPRSTVXZ";

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PlateMatch {
    pub end: usize,
    pub normalized: String,
    /// 1-based side code.
    pub sidecode: usize,
    pub dashed: bool,
    pub upper: bool,
}

fn class(c: char) -> char {
    if c.is_ascii_digit() { 'D' } else { 'L' }
}

/// Side code of a compact (dash-free) plate, with the dashed upper-case form.
pub(crate) fn plate_from_compact(compact: &[char]) -> Option<(usize, String)> {
    if compact.len() != 6 || !compact.iter().all(char::is_ascii_alphanumeric) {
        return None;
    }
    let shape: String = compact.iter().map(|&c| class(c)).collect();
    let idx = SIDECODES.iter().position(|p| p.replace('-', "") == shape)?;
    let mut out = String::with_capacity(8);
    let mut k = 0;
    for p in SIDECODES[idx].chars() {
        if p == '-' {
            out.push('-');
        } else {
            out.push(compact[k].to_ascii_uppercase());
            k += 1;
        }
    }
    Some((idx + 1, out))
}

/// A plate at `i`, either with dashes exactly where its side code puts them or as six
/// undashed characters.
pub(crate) fn plate_at(t: &[char], i: usize) -> Option<PlateMatch> {
    let mut j = i;
    let mut compact = Vec::new();
    let mut shape = String::new();
    while j < t.len() && compact.len() <= 6 {
        let c = t[j];
        if c.is_ascii_alphanumeric() {
            compact.push(c);
            shape.push(class(c));
        } else if c == '-' && t.get(j + 1).is_some_and(char::is_ascii_alphanumeric) {
            shape.push('-');
        } else {
            break;
        }
        j += 1;
    }
    if !ends_clean(t, j) {
        return None;
    }
    let dashed = shape.contains('-');
    if dashed && !SIDECODES.contains(&shape.as_str()) {
        return None;
    }
    let (sidecode, normalized) = plate_from_compact(&compact)?;
    Some(PlateMatch {
        end: j,
        normalized,
        sidecode,
        dashed,
        upper: compact.iter().all(|c| !c.is_ascii_lowercase()),
    })
}

// ---------------------------------------------------------------------------------------
// IBAN
// ---------------------------------------------------------------------------------------

/// IBAN lengths for the countries claims mostly involve; other countries get 15–34.
pub(crate) fn iban_length(country: &str) -> Option<usize> {
    Some(match country {
        "NL" => 18,
        "BE" => 16,
        "DE" => 22,
        "FR" => 27,
        "GB" => 22,
        "LU" => 20,
        "ES" => 24,
        "IT" => 27,
        "AT" => 20,
        "CH" => 21,
        "DK" => 18,
        "FI" => 18,
        "IE" => 22,
        "NO" => 15,
        "PL" => 28,
        "PT" => 25,
        "SE" => 24,
        _ => return None,
    })
}

/// Mod-97 check (ISO 13616) on an upper-case compact IBAN.
pub(crate) fn iban_checksum_ok(iban: &[char]) -> bool {
    if iban.len() < 5 {
        return false;
    }
    let mut rem: u32 = 0;
    for &c in iban[4..].iter().chain(&iban[..4]) {
        let Some(v) = c.to_digit(36) else { return false };
        rem = if v < 10 {
            (rem * 10 + v) % 97
        } else {
            (rem * 100 + v) % 97
        };
    }
    rem == 1
}

/// Shape check before the checksum: country letters, check digits, alphanumeric BBAN,
/// and the length for the country.
pub(crate) fn iban_shape_ok(iban: &[char]) -> bool {
    if iban.len() < 4
        || !iban[..2].iter().all(char::is_ascii_uppercase)
        || !iban[2..4].iter().all(char::is_ascii_digit)
        || !iban.iter().all(char::is_ascii_alphanumeric)
    {
        return false;
    }
    let country: String = iban[..2].iter().collect();
    match iban_length(&country) {
        Some(n) => iban.len() == n,
        None => (15..=34).contains(&iban.len()),
    }
}

/// An IBAN at `i`, compact ("NL91ABNA0417164300") or printed in groups of four
/// ("NL91 ABNA 0417 1643 00"). Returns the end and the compact upper-case form; only
/// checksum-valid numbers are returned.
pub(crate) fn iban_at(t: &[char], i: usize) -> Option<(usize, String)> {
    let head = t.get(i..i + 4)?;
    if !head[..2].iter().all(char::is_ascii_alphabetic) || !head[2..].iter().all(char::is_ascii_digit) {
        return None;
    }
    let mut compact: Vec<char> = Vec::new();
    let mut ends: Vec<(usize, usize)> = Vec::new(); // (compact length, char end)
    let mut j = i;
    while j < t.len() && compact.len() <= 34 {
        let c = t[j];
        if c.is_ascii_alphanumeric() {
            compact.push(c.to_ascii_uppercase());
            j += 1;
            continue;
        }
        ends.push((compact.len(), j));
        // A single space (a tab where OCR saw a wide gap) may separate groups of four;
        // anything else ends the IBAN.
        if (c == ' ' || c == '\t')
            && compact.len().is_multiple_of(4)
            && t.get(j + 1).is_some_and(char::is_ascii_alphanumeric)
        {
            j += 1;
            continue;
        }
        break;
    }
    if j == t.len() || compact.len() > 34 {
        ends.push((compact.len(), j));
    }
    // Longest valid reading first, so a trailing group is not dropped.
    ends.iter().rev().find_map(|&(len, end)| {
        let cand = &compact[..len.min(compact.len())];
        (ends_clean(t, end) && iban_shape_ok(cand) && iban_checksum_ok(cand)).then(|| (end, cand.iter().collect()))
    })
}

// ---------------------------------------------------------------------------------------
// Email
// ---------------------------------------------------------------------------------------

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// Syntactic check of a domain: dot-separated labels of letters, digits and inner
/// hyphens, and an alphabetic top-level label of two or more letters.
pub(crate) fn domain_ok(domain: &[char]) -> bool {
    let s: String = domain.iter().collect();
    let labels: Vec<&str> = s.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

pub(crate) fn local_ok(local: &[char]) -> bool {
    !local.is_empty()
        && local.len() <= 64
        && local.iter().all(|&c| is_local_char(c))
        && local.first() != Some(&'.')
        && local.last() != Some(&'.')
        && !local.windows(2).any(|w| w == ['.', '.'])
}

/// The email whose `@` is at index `at`: returns (start, end).
pub(crate) fn email_around(t: &[char], at: usize) -> Option<(usize, usize)> {
    // Bounded scans (local part ≤ 64, domain ≤ 255) keep "a@a@a@…" pages linear.
    let mut s = at;
    while s > 0 && at - s < 64 && is_local_char(t[s - 1]) {
        s -= 1;
    }
    if s > 0 && is_local_char(t[s - 1]) {
        return None;
    }
    // Leading punctuation belongs to the sentence, not the address.
    while s < at && !t[s].is_ascii_alphanumeric() {
        s += 1;
    }
    let mut e = at + 1;
    while e < t.len() && e - at <= 255 && is_domain_char(t[e]) {
        e += 1;
    }
    if e < t.len() && is_domain_char(t[e]) {
        return None;
    }
    // A trailing full stop or hyphen ends the sentence.
    while e > at + 1 && matches!(t[e - 1], '.' | '-') {
        e -= 1;
    }
    (s < at && local_ok(&t[s..at]) && domain_ok(&t[at + 1..e])).then_some((s, e))
}

// ---------------------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------------------

/// Turns the digits of a phone number into E.164. `international` means the digits were
/// written after "+" or "00" and start with a country code; otherwise they are a Dutch
/// national number with its trunk "0".
pub(crate) fn e164(digits: &[u8], international: bool) -> Option<String> {
    let s: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    if international {
        if let Some(nsn) = s.strip_prefix("31") {
            // Dutch numbers: nine digits after the country code, no trunk zero.
            return (nsn.len() == 9 && !nsn.starts_with('0')).then(|| format!("+{s}"));
        }
        if let Some(nsn) = s.strip_prefix("32") {
            return ((8..=9).contains(&nsn.len()) && !nsn.starts_with('0')).then(|| format!("+{s}"));
        }
        return ((8..=15).contains(&s.len()) && !s.starts_with('0')).then(|| format!("+{s}"));
    }
    let national = s.strip_prefix('0')?;
    (national.len() == 9 && !national.starts_with('0')).then(|| format!("+31{national}"))
}

/// A phone number at `i`: "06 12345678", "06-12345678", "020-1234567", "(020) 123 45 67",
/// "+31 6 12345678", "+31 (0)6 1234 5678", "0031 6 12345678", "+32 2 123 45 67".
/// Groups are separated by single spaces and at most one dash or slash, which keeps dates
/// ("03-02-2023") and amounts out.
pub(crate) fn phone_at(t: &[char], i: usize) -> Option<(usize, String)> {
    let mut j = i;
    let mut international = false;
    let paren_area = t.get(j) == Some(&'(');
    if t.get(j) == Some(&'+') {
        international = true;
        j += 1;
    } else if paren_area {
        j += 1;
    }
    if !t.get(j).is_some_and(char::is_ascii_digit) {
        return None;
    }
    if !international && t[j] != '0' {
        return None;
    }
    let mut digits: Vec<u8> = Vec::new();
    let mut ends: Vec<(usize, usize)> = Vec::new(); // (digit count, char end)
    let mut dashes = 0;
    let mut open_paren = paren_area;
    while j < t.len() && digits.len() <= 16 {
        let c = t[j];
        if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            digits.push(d as u8);
            j += 1;
            continue;
        }
        // Only a digit can end a number; a trailing space or bracket is not part of it.
        if t[j - 1].is_ascii_digit() {
            ends.push((digits.len(), j));
        }
        let next_digit = |k: usize| t.get(k).is_some_and(char::is_ascii_digit);
        match c {
            ')' if open_paren => {
                open_paren = false;
                j += 1;
                if t.get(j) == Some(&' ') {
                    j += 1;
                }
                if !next_digit(j) {
                    break;
                }
            }
            // "+31 (0)6 …": the trunk zero in brackets is not dialled from abroad.
            '(' if international && t.get(j + 1) == Some(&'0') && t.get(j + 2) == Some(&')') => {
                j += 3;
                if t.get(j) == Some(&' ') {
                    j += 1;
                }
                if !next_digit(j) {
                    break;
                }
            }
            ' ' if next_digit(j + 1) || t.get(j + 1) == Some(&'(') => j += 1,
            ' ' if matches!(t.get(j + 1), Some('-')) && t.get(j + 2) == Some(&' ') && dashes == 0 => {
                dashes += 1;
                j += 3;
            }
            '-' | '/' if next_digit(j + 1) && dashes == 0 => {
                dashes += 1;
                j += 1;
            }
            _ => break,
        }
    }
    if j >= t.len() {
        ends.push((digits.len(), j));
    }
    if open_paren {
        return None;
    }
    ends.iter().rev().find_map(|&(n, end)| {
        if !ends_clean(t, end) || n > digits.len() {
            return None;
        }
        let d = &digits[..n];
        let formatted = match (international, d) {
            (true, _) => e164(d, true),
            (false, [0, 0, rest @ ..]) => e164(rest, true),
            (false, _) => e164(d, false),
        }?;
        Some((end, formatted))
    })
}

// ---------------------------------------------------------------------------------------
// Postcodes
// ---------------------------------------------------------------------------------------

/// Dutch postcode letters: SA, SD and SS were never issued (historical connotations).
pub(crate) fn postcode_letters_ok(a: char, b: char) -> bool {
    let pair = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
    !matches!(pair, ['S', 'A'] | ['S', 'D'] | ['S', 'S'])
}

/// A Dutch postcode at `i`: "1234 AB" or "1234AB" (upper case letters in documents).
pub(crate) fn postcode_at(t: &[char], i: usize, allow_lower: bool) -> Option<(usize, String)> {
    if digit_run(t, i) != 4 || t[i] == '0' {
        return None;
    }
    let mut j = i + 4;
    if t.get(j).is_some_and(|&c| is_space(c)) {
        j += 1;
    }
    let letters = t.get(j..j + 2)?;
    let ok = |c: &char| c.is_ascii_uppercase() || (allow_lower && c.is_ascii_lowercase());
    if !letters.iter().all(ok) || !postcode_letters_ok(letters[0], letters[1]) {
        return None;
    }
    let end = j + 2;
    if !ends_clean(t, end) {
        return None;
    }
    let digits: String = t[i..i + 4].iter().collect();
    Some((
        end,
        format!(
            "{digits} {}{}",
            letters[0].to_ascii_uppercase(),
            letters[1].to_ascii_uppercase()
        ),
    ))
}

// ---------------------------------------------------------------------------------------
// Yes / no
// ---------------------------------------------------------------------------------------

pub(crate) fn yes_no_word(word: &str) -> Option<&'static str> {
    match word.to_lowercase().as_str() {
        "ja" | "j" | "yes" | "y" => Some("yes"),
        "nee" | "n" | "no" => Some("no"),
        _ => None,
    }
}
