//! Labels by meaning: words folded to a canonical vocabulary, so that a label is recognised
//! however it is worded on the page.
//!
//! A label on a page ("Polis nr.", "POLISNUMMER:", "2. Uw polisnummer", "Kenteken van uw
//! auto", "Op welk rekeningnummer wilt u de uitkering ontvangen?") and a label in a case type
//! ("polisnummer", "kenteken", "rekeningnummer") are both read as a set of canonical words:
//!
//! 1. words are case- and accent-folded, with their dots, hyphens and apostrophes removed
//!    ("E-mail" → `email`, "incl." → `incl`);
//! 2. abbreviations of form vocabulary are expanded (`nr`, `no` → `nummer`; `tel` →
//!    `telefoon`; `incl` → `inclusief`), and a case type's `[synonyms]` map its words and
//!    phrases onto one canonical word ("registration", "reg", "plate" → `kenteken`; "other
//!    party", "wederpartij" → `tegenpartij`);
//! 3. Dutch compounds are split into known words ("schadedatum" → `schade` `datum`,
//!    "ongevalsdatum" → `ongeval` `datum`, "bankrekeningnr" → `bank` `rekening` `nummer`);
//! 4. function words ("de", "van", "uw", "the", "of", "your", "is", "wilt", …) are dropped.
//!
//! A case-type label matches a page phrase when all of its canonical words are in the
//! phrase, in any order; the label with the most words is the most specific reading. Words
//! in a case type's `others` list name someone other than the claimant (the other party, a
//! witness, a garage): a phrase that has one its matched label lacks is about them.

use std::collections::{HashMap, HashSet};

/// Function words of Dutch and English forms: they never decide what a label means.
const STOPWORDS: &[&str] = &[
    // When to call: "Telefoon overdag", "Daytime telephone".
    "overdag",
    "avonds",
    "daytime",
    "evening",
    // Dutch
    "de",
    "het",
    "een",
    "van",
    "der",
    "den",
    "des",
    "uw",
    "je",
    "jouw",
    "jullie",
    "u",
    "wij",
    "we",
    "ik",
    "mijn",
    "ons",
    "onze",
    "zijn",
    "haar",
    "hun",
    "is",
    "was",
    "wordt",
    "werd",
    "zijn",
    "heeft",
    "hebt",
    "heb",
    "had",
    "wilt",
    "wil",
    "kunt",
    "kan",
    "moet",
    "mag",
    "zou",
    "welk",
    "welke",
    "wat",
    "hoe",
    "op",
    "in",
    "bij",
    "voor",
    "naar",
    "met",
    "aan",
    "om",
    "over",
    "uit",
    "en",
    "of",
    "als",
    "dit",
    "deze",
    "die",
    "dat",
    "er",
    "hier",
    "graag",
    "svp",
    "gelieve",
    "a.u.b",
    "aub",
    "s.v.p",
    "t.b.v",
    "tbv",
    "te",
    "tot",
    "per",
    "ook",
    "nog",
    "al",
    "alle",
    "eventueel",
    "evt",
    "indien",
    "wie",
    "door",
    // English
    "the",
    "a",
    "an",
    "of",
    "your",
    "my",
    "our",
    "his",
    "her",
    "their",
    "its",
    "to",
    "in",
    "on",
    "at",
    "for",
    "from",
    "with",
    "by",
    "and",
    "or",
    "as",
    "this",
    "that",
    "these",
    "those",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "which",
    "what",
    "how",
    "please",
    "would",
    "should",
    "you",
    "we",
    "i",
    "it",
    "if",
    "any",
    "all",
    "who",
];

/// Abbreviations and spellings of general form vocabulary (not of any case type), folded.
const GENERAL: &[(&str, &str)] = &[
    ("nr", "nummer"),
    ("no", "nummer"),
    ("num", "nummer"),
    ("nummers", "nummer"),
    ("number", "nummer"),
    ("tel", "telefoon"),
    ("telephone", "telefoon"),
    ("phone", "telefoon"),
    ("mob", "mobiel"),
    ("telefoonnummer", "telefoon"),
    ("incl", "inclusief"),
    ("inc", "inclusief"),
    ("including", "inclusief"),
    ("inclusive", "inclusief"),
    ("excl", "exclusief"),
    ("ex", "exclusief"),
    ("excluding", "exclusief"),
    ("exclusive", "exclusief"),
    ("vat", "btw"),
    ("date", "datum"),
    ("dd", "datum"),
    ("name", "naam"),
    ("namen", "naam"),
    ("address", "adres"),
    ("adr", "adres"),
    ("amount", "bedrag"),
    ("total", "totaal"),
    ("tot", "totaal"),
    ("mail", "email"),
    ("emailadres", "email"),
    ("mailadres", "email"),
    ("ref", "referentie"),
    ("reference", "referentie"),
    ("kenmerk", "referentie"),
    ("subtotal", "subtotaal"),
    ("sub", "subtotaal"),
];

/// Links between the parts of a Dutch compound ("ongeval-s-datum", "schade-n-…").
const LINKS: &[&str] = &["", "s", "e", "en", "n"];

/// Folds one word: lower case, accents removed, only letters and digits kept.
pub(crate) fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        for l in c.to_lowercase() {
            let base = match l {
                'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                'ç' => 'c',
                'ñ' => 'n',
                'ĳ' => 'y',
                other => other,
            };
            if base.is_alphanumeric() {
                out.push(base);
            }
        }
    }
    out
}

/// A word of a page with its char span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    /// Exclusive end; a dot that abbreviates the word ("nr.") is included.
    pub end: usize,
    pub folded: String,
}

/// Words of `t[from..to]`: runs of letters, joined by inner hyphens, dots and apostrophes
/// ("e-mail", "t.n.v.", "'s-Hertogenbosch"). Anything with a digit is not a word.
pub(crate) fn tokens(t: &[char], from: usize, to: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        if !t[i].is_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        let mut digit = false;
        while j < to {
            let c = t[j];
            if c.is_alphabetic() {
                j += 1;
            } else if c.is_ascii_digit() {
                digit = true;
                j += 1;
            } else if matches!(c, '-' | '.' | '\'' | '’') && j + 1 < to && t[j + 1].is_alphabetic() {
                j += 1;
            } else {
                break;
            }
        }
        let mut end = j;
        if end < to && t[end] == '.' {
            end += 1;
        }
        if !digit {
            // An English possessive names its owner: "Insured's telephone" is the
            // insured's.
            let stem = if j >= start + 3 && matches!(t[j - 2], '\'' | '’') && matches!(t[j - 1], 's' | 'S') {
                j - 2
            } else {
                j
            };
            let word: String = t[start..stem].iter().collect();
            out.push(Token {
                start,
                end,
                folded: fold(&word),
            });
        }
        i = j.max(i + 1);
    }
    out
}

/// The canonical vocabulary of one case type.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Folded word → canonical word.
    words: HashMap<String, String>,
    /// Folded multi-word phrases → canonical word, longest first.
    phrases: Vec<(Vec<String>, String)>,
    /// Canonical words (targets of `words`, words of labels).
    known: HashSet<String>,
    stop: HashSet<&'static str>,
    /// Canonical words naming someone other than the claimant.
    others: HashSet<String>,
}

impl Lexicon {
    /// `synonyms`: canonical word → its variants (single words or phrases); `others`:
    /// words for other parties; `labels`: every label and distractor, so their words are
    /// known parts of compounds.
    pub fn new<'a>(
        synonyms: impl IntoIterator<Item = (&'a str, &'a [String])>,
        others: &[String],
        labels: impl IntoIterator<Item = &'a str>,
    ) -> Lexicon {
        let mut lx = Lexicon {
            stop: STOPWORDS.iter().copied().collect(),
            ..Lexicon::default()
        };
        for (from, to) in GENERAL {
            lx.words.insert((*from).to_string(), (*to).to_string());
            lx.known.insert((*to).to_string());
        }
        for (canon, variants) in synonyms {
            let canon = fold(canon);
            lx.known.insert(canon.clone());
            for v in variants {
                let parts: Vec<String> = v.split_whitespace().map(fold).filter(|w| !w.is_empty()).collect();
                match parts.len() {
                    0 => {}
                    1 => {
                        lx.words.insert(parts[0].clone(), canon.clone());
                    }
                    _ => lx.phrases.push((parts, canon.clone())),
                }
            }
        }
        lx.phrases.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        for label in labels {
            for w in label.split_whitespace().map(fold) {
                if !w.is_empty() && !lx.stop.contains(w.as_str()) && !lx.words.contains_key(&w) {
                    lx.known.insert(w);
                }
            }
        }
        // Known words that are themselves compounds of known words ("schadedatum" listed as
        // a label) are read as their parts, so "datum schade" and "schadedatum" agree.
        let listed: Vec<String> = lx.known.iter().cloned().collect();
        for w in listed {
            if let Some(parts) = lx.split(&w, true)
                && parts.len() > 1
            {
                lx.known.remove(&w);
                lx.words.insert(w, parts.join(" "));
            }
        }
        lx.others = others
            .iter()
            .flat_map(|o| lx.canonical_lenient(&o.split_whitespace().map(fold).collect::<Vec<_>>()))
            .collect();
        lx
    }

    /// The lexicon of a case type: its synonyms and other-party words, and the words of
    /// every label and distractor of `specs`.
    pub fn for_specs(specs: &[super::FactSpec<'_>], synonyms: &[(String, Vec<String>)], others: &[String]) -> Lexicon {
        let labels = specs
            .iter()
            .flat_map(|s| s.labels.iter().chain(s.distractors.iter()))
            .map(String::as_str);
        Lexicon::new(synonyms.iter().map(|(k, v)| (k.as_str(), v.as_slice())), others, labels)
    }

    fn is_known(&self, w: &str) -> bool {
        self.known.contains(w) || self.words.contains_key(w)
    }

    /// The canonical words of the known first part of a compound whose rest the
    /// vocabulary lacks ("schade|gegevens"), longest first; parts of three letters or more.
    pub fn known_head(&self, w: &str) -> Option<Vec<String>> {
        let chars: Vec<char> = w.chars().collect();
        (3..=chars.len().saturating_sub(3)).rev().find_map(|cut| {
            let head: String = chars[..cut].iter().collect();
            if self.is_known(&head) { self.word(&head) } else { None }
        })
    }

    /// Canonical words of one folded word; a compound is split into known parts.
    fn word(&self, w: &str) -> Option<Vec<String>> {
        if self.stop.contains(w) {
            return Some(Vec::new());
        }
        if let Some(c) = self.words.get(w) {
            return Some(c.split(' ').map(str::to_string).collect());
        }
        if self.known.contains(w) {
            return Some(vec![w.to_string()]);
        }
        self.split(w, false)
    }

    /// Splits `w` into two or more known words (each at least three letters), joined by
    /// the usual Dutch links. `exclude_self`: `w` itself does not count as a part.
    fn split(&self, w: &str, exclude_self: bool) -> Option<Vec<String>> {
        let chars: Vec<char> = w.chars().collect();
        if chars.len() < 6 {
            return None;
        }
        // Longest head first: "bankrekening|nummer" before "bank|rekeningnummer" both end
        // in the same parts.
        for cut in (3..=chars.len() - 2).rev() {
            let head: String = chars[..cut].iter().collect();
            if !(self.is_known(&head) && !(exclude_self && head == w)) {
                continue;
            }
            for link in LINKS {
                let rest: String = chars[cut..].iter().collect();
                let Some(tail) = rest.strip_prefix(link) else {
                    continue;
                };
                if tail.chars().count() < 2 {
                    continue;
                }
                let tail_parts = if self.is_known(tail) {
                    self.word(tail)
                } else {
                    self.split(tail, false)
                };
                if let Some(mut parts) = tail_parts {
                    let mut out = self.word(&head).unwrap_or_default();
                    out.append(&mut parts);
                    return Some(out);
                }
            }
        }
        None
    }

    /// Canonical words of a phrase, or `None` when a word is not part of the vocabulary.
    pub fn canonical_of(&self, folded: &[String]) -> Option<Vec<String>> {
        self.canonical(folded, false)
    }

    /// Like [`Lexicon::canonical_of`], unknown words kept as they are.
    pub fn canonical_lenient(&self, folded: &[String]) -> Vec<String> {
        self.canonical(folded, true).unwrap_or_default()
    }

    fn canonical(&self, folded: &[String], keep_unknown: bool) -> Option<Vec<String>> {
        let mut out = Vec::new();
        let mut i = 0;
        'outer: while i < folded.len() {
            for (p, canon) in &self.phrases {
                if folded[i..].starts_with(p) {
                    out.push(canon.clone());
                    i += p.len();
                    continue 'outer;
                }
            }
            match self.word(&folded[i]) {
                Some(ws) => out.extend(ws),
                None if keep_unknown => out.push(folded[i].clone()),
                None => return None,
            }
            i += 1;
        }
        out.sort();
        out.dedup();
        Some(out)
    }

    /// True when the folded word can be part of a label (known, a stopword or a compound
    /// of known words).
    pub fn explains(&self, w: &str) -> bool {
        self.word(w).is_some() || self.phrases.iter().any(|(p, _)| p.iter().any(|x| x == w))
    }

    pub fn is_stop(&self, w: &str) -> bool {
        self.stop.contains(w)
    }

    /// Canonical words of `words` that name another party.
    pub fn others_in<'w>(&self, words: &'w [String]) -> impl Iterator<Item = &'w String> {
        words.iter().filter(|w| self.others.contains(*w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lx() -> Lexicon {
        let syn: Vec<(String, Vec<String>)> = vec![
            (
                "kenteken".into(),
                vec!["registration".into(), "reg".into(), "licence plate".into()],
            ),
            ("tegenpartij".into(), vec!["wederpartij".into(), "other party".into()]),
            ("ongeval".into(), vec!["accident".into(), "aanrijding".into()]),
            ("voertuig".into(), vec!["auto".into(), "car".into()]),
        ];
        let labels = [
            "schadedatum",
            "polis",
            "polisnummer",
            "rekening",
            "rekeningnummer",
            "bank",
            "datum ongeval",
            "schade",
        ];
        Lexicon::new(
            syn.iter().map(|(k, v)| (k.as_str(), v.as_slice())),
            &["tegenpartij".to_string(), "getuige".to_string()],
            labels,
        )
    }

    fn canon(lx: &Lexicon, s: &str) -> Option<Vec<String>> {
        let t: Vec<char> = s.chars().collect();
        let words: Vec<String> = tokens(&t, 0, t.len()).into_iter().map(|w| w.folded).collect();
        lx.canonical_of(&words)
    }

    fn v(words: &[&str]) -> Option<Vec<String>> {
        let mut w: Vec<String> = words.iter().map(|s| (*s).to_string()).collect();
        w.sort();
        Some(w)
    }

    #[test]
    fn wordings_fold_to_the_same_words() {
        let lx = lx();
        assert_eq!(canon(&lx, "Polis nr."), v(&["nummer", "polis"]));
        assert_eq!(canon(&lx, "POLISNUMMER"), v(&["nummer", "polis"]));
        assert_eq!(canon(&lx, "Polisnr"), v(&["nummer", "polis"]));
        assert_eq!(canon(&lx, "Datum van het ongeval"), v(&["datum", "ongeval"]));
        assert_eq!(canon(&lx, "Ongevalsdatum"), v(&["datum", "ongeval"]));
        assert_eq!(canon(&lx, "Date of the accident"), v(&["datum", "ongeval"]));
        assert_eq!(canon(&lx, "Schadedatum"), v(&["datum", "schade"]));
        assert_eq!(canon(&lx, "Bankrekeningnr."), v(&["bank", "nummer", "rekening"]));
        assert_eq!(canon(&lx, "Reg. no."), v(&["kenteken", "nummer"]));
        assert_eq!(canon(&lx, "Kenteken van uw auto"), v(&["kenteken", "voertuig"]));
        assert_eq!(
            canon(&lx, "Licence plate of the other party"),
            v(&["kenteken", "tegenpartij"])
        );
        assert_eq!(canon(&lx, "E-mail"), v(&["email"]));
        assert_eq!(canon(&lx, "Hoogte van de schade onbekendwoord"), None);
    }

    #[test]
    fn tokens_keep_offsets_and_skip_numbers() {
        let t: Vec<char> = "2. Plaats: Stationsweg 150".chars().collect();
        let w = tokens(&t, 0, t.len());
        let words: Vec<&str> = w.iter().map(|x| x.folded.as_str()).collect();
        assert_eq!(words, ["plaats", "stationsweg"]);
        assert_eq!((w[0].start, w[0].end), (3, 9));
        let t: Vec<char> = "Polisnr.: AB-123".chars().collect();
        let w = tokens(&t, 0, t.len());
        assert_eq!(
            (w[0].start, w[0].end),
            (0, 8),
            "the abbreviating dot belongs to the word"
        );
        assert_eq!(w.len(), 2, "AB is a word, 123 not: {w:?}");
    }

    #[test]
    fn others_are_found() {
        let lx = lx();
        let words = lx.canonical_lenient(&["naam".into(), "wederpartij".into()]);
        assert_eq!(lx.others_in(&words).collect::<Vec<_>>(), [&"tegenpartij".to_string()]);
    }
}
