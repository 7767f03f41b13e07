//! Label matching and "which label governs this value".
//!
//! Every label and distractor of every requested fact is searched on the page
//! (case-insensitive, any run of spaces between words, word boundaries at both ends, a
//! trailing colon in the configured label ignored). Overlapping hits are resolved
//! longest-first, so "Kenteken tegenpartij" is one hit for the longer label and never also
//! a hit for "kenteken".
//!
//! A value is governed by the nearest label before it on its line if that label sits in
//! the same cell or in the cell directly before it; failing that, by a label that stands
//! alone in the aligned column of the line above (label-over-value layouts and table
//! headers). The relation of that label to a fact (its own label, its distractor, another
//! fact's label) then sets the confidence.

use super::lexicon::{Lexicon, Token, fold, tokens};
use super::text::{Layout, is_space, lower, tick_box};
use super::types::{FactSpec, FactType};

/// How a label relates to one fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    /// One of the fact's own labels.
    Own,
    /// One of the fact's distractors, or an own label of another fact of the same type
    /// ("kenteken tegenpartij" for the applicant's plate): the value belongs elsewhere.
    Excluded,
    /// A label of something of another type: probably not our value, but not proof.
    Unrelated,
}

/// How a governing label stands relative to the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// "Schadedatum: 3 februari 2023" — only separators between label and value.
    Adjacent,
    /// Label in the cell right before the value ("Kenteken   AB-123-C").
    NextCell,
    /// Label alone on the line above, in the value's column.
    Above,
    /// Same cell, some words in between ("Totaal (zie bijlage) € 1.234,56" for "totaal").
    Near,
}

impl Anchor {
    pub fn how(self) -> super::types::How {
        use super::types::How;
        match self {
            Anchor::Adjacent => How::Adjacent,
            Anchor::NextCell => How::NextCell,
            Anchor::Above => How::Above,
            Anchor::Near => How::Near,
        }
    }

    /// Confidence of a well-formed value announced this way by one of its own labels.
    pub fn confidence(self) -> f64 {
        match self {
            Anchor::Adjacent => 0.95,
            Anchor::NextCell => 0.92,
            Anchor::Above => 0.9,
            Anchor::Near => 0.8,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LabelHit {
    pub start: usize,
    /// Exclusive end of the label words (a colon after them is not included).
    pub end: usize,
    /// Index into [`LabelIndex::keys`].
    pub key: usize,
}

#[derive(Debug)]
struct Key {
    /// Facts (by index into the specs) that the label announces.
    owners: Vec<usize>,
    /// Facts it rules out (their distractor, or a reading about someone else).
    distracted: Vec<usize>,
}

/// One label or distractor of the case type, as canonical words.
#[derive(Debug)]
struct Concept {
    words: Vec<String>,
    fact: usize,
    own: bool,
}

/// Canonical words that only name the kind of a value: a sentence may leave them out
/// because the value itself shows what it is.
const TYPE_WORDS: &[&str] = &[
    "datum", "bedrag", "nummer", "naam", "adres", "telefoon", "email", "totaal", "kosten",
];

/// Longest label, in words, looked for on a page.
const MAX_LABEL_WORDS: usize = 9;
/// Longest cell (in chars) read as one label when it ends in a colon or question mark.
const MAX_LABEL_CELL: usize = 80;

/// All labels of all requested facts, read by meaning (see `lexicon`), and the label
/// readings found on the current page (`keys`).
#[derive(Debug)]
pub(crate) struct LabelIndex<'l> {
    lexicon: &'l Lexicon,
    concepts: Vec<Concept>,
    keys: Vec<Key>,
    types: Vec<FactType>,
    /// Per fact: its labels name the other party ("kenteken tegenpartij", "kenteken
    /// voertuig b"), so it is the fact a claimant's label stands for in a B section.
    b_side: Vec<bool>,
}

fn label_words(label: &str) -> Vec<Vec<char>> {
    let trimmed = label.trim().trim_end_matches(':').trim_end();
    trimmed
        .split_whitespace()
        .map(|w| w.chars().map(lower).collect())
        .collect()
}

/// True when `small` (sorted) is a subset of `big` (sorted).
fn subset(small: &[String], big: &[String]) -> bool {
    small.iter().all(|w| big.binary_search(w).is_ok())
}

impl<'l> LabelIndex<'l> {
    pub fn new(specs: &[FactSpec<'_>], lexicon: &'l Lexicon) -> LabelIndex<'l> {
        let mut concepts = Vec::new();
        for (s, spec) in specs.iter().enumerate() {
            let all = spec
                .labels
                .iter()
                .map(|l| (l, true))
                .chain(spec.distractors.iter().map(|l| (l, false)));
            for (label, own) in all {
                let folded: Vec<String> = label.split_whitespace().map(fold).filter(|w| !w.is_empty()).collect();
                let words = lexicon.canonical_lenient(&folded);
                if !words.is_empty() {
                    concepts.push(Concept { words, fact: s, own });
                }
            }
        }
        LabelIndex {
            lexicon,
            concepts,
            keys: Vec::new(),
            types: specs.iter().map(|s| s.fact_type).collect(),
            b_side: specs
                .iter()
                .map(|s| s.labels.iter().any(|l| names_other_party(&label_words(l))))
                .collect(),
        }
    }

    /// True when `words` (canonical) name someone other than the claimant (a witness,
    /// the other party, a garage).
    pub fn names_other(&self, words: &[String]) -> bool {
        self.lexicon.others_in(words).next().is_some()
    }

    /// True when the page label `words` (canonical) names the claimant besides its fact
    /// ("Telefoon klant", "IBAN verzekerde"): a word that is on its own a label of the
    /// claimant's name (other than a word for a kind of value, such as "naam").
    pub fn names_claimant(&self, words: &[String]) -> bool {
        let Some(who) = self.signatory_fact() else {
            return false;
        };
        self.concepts.iter().any(|c| {
            c.fact == who
                && c.own
                && matches!(c.words.as_slice(), [w] if !TYPE_WORDS.contains(&w.as_str()) && words.contains(w))
        })
    }

    /// The fact a letter's signatory names: the first person-name fact that is not about
    /// the other party.
    pub fn signatory_fact(&self) -> Option<usize> {
        (0..self.types.len()).find(|&s| self.types[s] == FactType::PersonName && !self.is_b_side(s))
    }

    /// The text fact that tells what happened: the one a form announces with "toedracht"
    /// ("circumstances", "what happened" fold to it). A letter's account of the incident
    /// is read for it without a label.
    pub fn narrative_fact(&self) -> Option<usize> {
        self.concepts
            .iter()
            .find(|c| c.own && self.types[c.fact] == FactType::Text && c.words == ["toedracht"])
            .map(|c| c.fact)
    }

    /// True when fact `spec` is an address: "adres" alone is one of its own labels.
    pub fn address_fact(&self, spec: usize) -> bool {
        self.concepts
            .iter()
            .any(|c| c.own && c.fact == spec && c.words == ["adres"])
    }

    /// True when fact `spec` is about the other party (vehicle B, the counterparty).
    pub fn is_b_side(&self, spec: usize) -> bool {
        self.b_side.get(spec).copied().unwrap_or(false)
    }

    /// [`LabelIndex::relation`] for a label printed on side `side` of an accident
    /// statement. In the B column or section the claimant's labels ("Kenteken", "Naam")
    /// announce the other party's values: they count as the own label of the B-side fact
    /// of the same type, and exclude the value from the claimant's facts.
    pub fn relation_on(&self, key: usize, spec: usize, side: Side) -> Relation {
        let rel = self.relation(key, spec);
        if side != Side::B {
            return rel;
        }
        let k = &self.keys[key];
        let owned_by_b = k.owners.iter().any(|&o| self.is_b_side(o));
        if self.is_b_side(spec) {
            if rel != Relation::Own
                && k.owners
                    .iter()
                    .any(|&o| !self.is_b_side(o) && self.types[o] == self.types[spec])
            {
                return Relation::Own;
            }
            return rel;
        }
        if rel == Relation::Own && !owned_by_b {
            return Relation::Excluded;
        }
        rel
    }

    /// How the label reading `key` relates to fact `spec`.
    pub fn relation(&self, key: usize, spec: usize) -> Relation {
        let k = &self.keys[key];
        if k.owners.contains(&spec) {
            Relation::Own
        } else if k.distracted.contains(&spec) || k.owners.iter().any(|&o| self.types[o] == self.types[spec]) {
            Relation::Excluded
        } else {
            Relation::Unrelated
        }
    }

    /// What a phrase of canonical words announces: per fact Own or Excluded, or `None`
    /// when no label of the case type is in it.
    ///
    /// The most specific own label (most words) is the reading; a distractor at least as
    /// specific, another fact of the same type with a more specific own label, or a word for
    /// another party that the own label lacks ("telefoon getuige" for "telefoon") rule the
    /// fact out.
    fn read(&self, words: &[String]) -> Option<Key> {
        // "incl. btw", "including VAT" qualify an amount: the VAT is in it, it is not the
        // VAT ("Herstelkosten incl. btw", "Repair costs incl. VAT").
        let including = words.iter().any(|w| w == "inclusief");
        let tax = |w: &String| matches!(w.as_str(), "btw" | "vat");
        self.decide(
            words,
            |c| subset(&c.words, words) && !(including && !c.own && c.words.iter().all(tax)),
            |_| true,
        )
    }

    /// The reading of `words` from the concepts that `fits` lets count: the most specific
    /// own label per fact, ruled out by a distractor as specific, a more specific own label
    /// of another fact of the same type, or a word for another party it lacks.
    fn decide(&self, words: &[String], fits: impl Fn(&Concept) -> bool, whose: impl Fn(&str) -> bool) -> Option<Key> {
        let n = self.types.len();
        let mut own = vec![0usize; n];
        let mut own_concept: Vec<Option<&Concept>> = vec![None; n];
        let mut dis = vec![0usize; n];
        let mut any = false;
        for c in self.concepts.iter().filter(|c| fits(c)) {
            any = true;
            let len = c.words.len();
            if c.own {
                if len > own[c.fact] {
                    own[c.fact] = len;
                    own_concept[c.fact] = Some(c);
                }
            } else {
                dis[c.fact] = dis[c.fact].max(len);
            }
        }
        if !any {
            return None;
        }
        // A role word beside another kind of fact's label says whose that fact is
        // ("Telefoon verzekerde"); it announces no name.
        if let Some(who) = self.signatory_fact()
            && own_concept[who].is_some_and(|c| self.role_word(c))
            && (0..n).any(|g| own[g] > 0 && self.types[g] != self.types[who])
        {
            own[who] = 0;
        }
        let others: Vec<&String> = self.lexicon.others_in(words).filter(|w| whose(w)).collect();
        let mut key = Key {
            owners: Vec::new(),
            distracted: Vec::new(),
        };
        for f in 0..n {
            if own[f] == 0 {
                if dis[f] > 0 {
                    key.distracted.push(f);
                }
                continue;
            }
            let concept = own_concept[f].map_or(&[][..], |c| c.words.as_slice());
            let someone_else = others.iter().any(|o| !concept.contains(o));
            let outdone =
                |same: bool| (0..n).any(|g| g != f && (self.types[g] == self.types[f]) == same && own[g] > own[f]);
            if someone_else || dis[f] >= own[f] || outdone(true) {
                key.distracted.push(f);
            } else if !outdone(false) {
                // A more specific label of another type ("Wanneer is de schade ontstaan?"
                // for a date, not the "ontstaan" of a description) leaves this fact out.
                key.owners.push(f);
            }
        }
        (!key.owners.is_empty() || !key.distracted.is_empty()).then_some(key)
    }

    /// What a sentence says about a value of type `value_type` in it: the facts of that
    /// type whose label the sentence holds, where a label's word that only names the kind
    /// of value ("datum", "bedrag", "nummer") may be left out, since the value shows it
    /// ("Het ongeval gebeurde op 7 juli 2022" states the accident's date). Only facts of the
    /// value's type compete; a word for another party rules a fact out as on forms.
    pub fn read_sentence(&self, words: &[String], value_type: FactType) -> (Vec<usize>, Vec<usize>) {
        let fits = |c: &Concept| {
            if self.types[c.fact] != value_type {
                return false;
            }
            let missing: Vec<&String> = c.words.iter().filter(|w| words.binary_search(w).is_err()).collect();
            match missing.as_slice() {
                [] => true,
                [m] => c.words.len() >= 2 && TYPE_WORDS.contains(&m.as_str()),
                _ => false,
            }
        };
        // The garage, contractor or expert who estimates or charges the cost in a sentence
        // ("De garage schat de kosten op € 4.230,00") states the claimant's damage; only
        // the other party's name makes an amount someone else's.
        let whose = |w: &str| value_type != FactType::Money || names_other_party(&[w.chars().collect()]);
        self.decide(words, fits, whose)
            .map_or_else(|| (Vec::new(), Vec::new()), |k| (k.owners, k.distracted))
    }

    /// Canonical words of the text in `ranges` (unknown words kept as they are), sorted.
    pub fn words_of(&self, t: &[char], ranges: &[(usize, usize)]) -> Vec<String> {
        let folded: Vec<String> = ranges
            .iter()
            .flat_map(|&(a, b)| tokens(t, a, b))
            .map(|w| w.folded)
            .collect();
        self.lexicon.canonical_lenient(&folded)
    }

    /// True when `words` hold own labels of two facts of different types, neither part of
    /// the other ("de bestuurder van de auto met kenteken": a driver and a plate): a
    /// sentence, not one label.
    fn names_two_things(&self, words: &[String]) -> bool {
        let found: Vec<&Concept> = self
            .concepts
            .iter()
            .filter(|c| c.own && subset(&c.words, words))
            .collect();
        // A word for the claimant qualifies another fact's label ("Telefoon verzekerde",
        // "IBAN verzekeringnemer"): one thing, whose it is said.
        let found: Vec<&Concept> = if found.iter().any(|c| !self.role_word(c)) {
            found.into_iter().filter(|c| !self.role_word(c)).collect()
        } else {
            found
        };
        found.iter().any(|a| {
            found.iter().any(|b| {
                self.types[a.fact] != self.types[b.fact] && !subset(&a.words, &b.words) && !subset(&b.words, &a.words)
            })
        })
    }

    /// True when concept `c` is a one-word label of the claimant's name that names a role,
    /// not a kind of value ("verzekerde", "klant", "policyholder"; not "naam").
    fn role_word(&self, c: &Concept) -> bool {
        c.own
            && Some(c.fact) == self.signatory_fact()
            && matches!(c.words.as_slice(), [w] if !TYPE_WORDS.contains(&w.as_str()))
    }

    /// Words of the longest label or distractor of the case type found in `words`.
    fn best_concept_len(&self, words: &[String]) -> usize {
        self.concepts
            .iter()
            .filter(|c| subset(&c.words, words))
            .map(|c| c.words.len())
            .max()
            .unwrap_or(0)
    }

    fn key_for(&mut self, key: Key) -> usize {
        if let Some(i) = self
            .keys
            .iter()
            .position(|k| k.owners == key.owners && k.distracted == key.distracted)
        {
            return i;
        }
        self.keys.push(key);
        self.keys.len() - 1
    }

    /// All label readings on the page, overlaps resolved longest-first, sorted by position.
    ///
    /// A label is a run of words (on one line, single-spaced, not across a colon or a
    /// question mark) that the lexicon fully explains and in which some label of the case
    /// type is found; it starts and ends with a word that is not a function word.
    pub fn hits(&mut self, t: &[char]) -> Vec<LabelHit> {
        let toks = tokens(t, 0, t.len());
        let mut all = Vec::new();
        let mut run_start = 0;
        for k in 0..=toks.len() {
            let breaks = k == toks.len() || (k > run_start && !joined(t, toks[k - 1].end, toks[k].start));
            if !breaks {
                continue;
            }
            let run = &toks[run_start..k];
            let explained: Vec<Option<Vec<String>>> = run
                .iter()
                .map(|w| {
                    // "No" is an answer; only "No." abbreviates "number".
                    if w.folded == "no" && t[w.end - 1] != '.' {
                        return None;
                    }
                    self.lexicon.canonical_of(std::slice::from_ref(&w.folded))
                })
                .collect();
            for i in 0..run.len() {
                if self.lexicon.is_stop(&run[i].folded) || explained[i].is_none() {
                    continue;
                }
                // The VAT of "incl. btw" is no label of its own: the amount includes it.
                let vat = |k: usize| explained[k].as_deref().is_some_and(|w| w == ["btw"]);
                let incl = |k: usize| explained[k].as_deref().is_some_and(|w| w == ["inclusief"]);
                if i > 0 && vat(i) && incl(i - 1) {
                    continue;
                }
                let mut j = i;
                while j < run.len() && j - i < MAX_LABEL_WORDS && explained[j].is_some() {
                    j += 1;
                }
                // Longest window first; phrases ("other party") need the folded words.
                for end in (i + 1..=j).rev() {
                    if self.lexicon.is_stop(&run[end - 1].folded) {
                        continue;
                    }
                    let folded: Vec<String> = run[i..end].iter().map(|w| w.folded.clone()).collect();
                    let Some(words) = self.lexicon.canonical_of(&folded) else {
                        continue;
                    };
                    // A label is tight: the reading's words are all but at most one of
                    // its words ("Kenteken van uw auto"), so a sentence ("de bestuurder
                    // van de auto met kenteken") is not read as one long label.
                    // Inside a line of text (the value follows after one space) every
                    // word must be the label's; a label that fills its cell or ends in a
                    // colon may carry one word more ("Kenteken van uw auto:").
                    let best = self.best_concept_len(&words);
                    // Across a tab every word must be the label's ("Kenteken⇥tegenpartij",
                    // not "schade⇥Telefoonnummer" from two stacked header cells).
                    let spans_tab = t[run[i].start..run[end - 1].end].contains(&'\t');
                    let slack = usize::from(ends_cell(t, run[end - 1].end) && !spans_tab);
                    let either = words.len() == 2 && end > i + 1 && alternatives(t, run[i].end, run[end - 1].start);
                    // "incl. btw" after a label qualifies it ("Herstelkosten incl. btw").
                    let qualified = if words.iter().any(|w| w == "inclusief") && words.iter().any(|w| w == "btw") {
                        2
                    } else {
                        0
                    };
                    if best + slack + qualified < words.len() || (self.names_two_things(&words) && !either) {
                        continue;
                    }
                    if let Some(key) = self.read(&words) {
                        let key = self.key_for(key);
                        // Function words before it are part of the label ("Uw kenteken").
                        let mut first = i;
                        while first > 0 && self.lexicon.is_stop(&run[first - 1].folded) {
                            first -= 1;
                        }
                        all.push(LabelHit {
                            start: run[first].start,
                            end: run[end - 1].end,
                            key,
                        });
                        break;
                    }
                }
            }
            run_start = k;
        }
        // A cell that ends in a colon or question mark is a label as a whole, whatever
        // words it has besides ("NAAM EN VOORLETTERS:", "E-mail (privé):", "Wat is de
        // oorzaak van de schade?"), when a label of the case type is in it.
        for (c, &ch) in t.iter().enumerate() {
            if !matches!(ch, ':' | '?') {
                continue;
            }
            let mut a = c;
            loop {
                while a > 0 && c - a < MAX_LABEL_CELL {
                    let p = t[a - 1];
                    if p == '\n'
                        || p == '\t'
                        || matches!(p, ':' | '?' | '!')
                        || (is_space(p) && a >= 2 && is_space(t[a - 2]))
                    {
                        break;
                    }
                    a -= 1;
                }
                // "Datum  van het⇥ongeval:": a label broken by a wide gap goes on before
                // it when that stretch is label words only.
                let mut b = a;
                while b > 0 && is_space(t[b - 1]) && t[b - 1] != '\n' {
                    b -= 1;
                }
                if b == a || b == 0 || c - b >= MAX_LABEL_CELL {
                    break;
                }
                let mut s0 = b;
                while s0 > 0
                    && !matches!(t[s0 - 1], '\n' | '\t' | ':' | '?' | '!')
                    && !(is_space(t[s0 - 1]) && s0 >= 2 && is_space(t[s0 - 2]))
                {
                    s0 -= 1;
                }
                let before: Vec<String> = tokens(t, s0, b).into_iter().map(|w| w.folded).collect();
                let only_words = t[s0..b]
                    .iter()
                    .all(|ch| ch.is_alphabetic() || is_space(*ch) || matches!(ch, '.' | '-'));
                if before.is_empty() || !only_words || self.lexicon.canonical_of(&before).is_none() {
                    break;
                }
                a = s0;
            }
            if c - a >= MAX_LABEL_CELL {
                continue;
            }
            let cell_words: Vec<Token> = tokens(t, a, c);
            // Function words open a question ("How much is the damage?") and may start a
            // phrase of the lexicon ("how much"), so they are read; the label starts after them.
            let folded: Vec<String> = cell_words.iter().map(|w| w.folded.clone()).collect();
            let opening = cell_words.first().map(|w| w.start);
            let words: Vec<Token> = cell_words
                .into_iter()
                .skip_while(|w| self.lexicon.is_stop(&w.folded))
                .collect();
            if words.is_empty() || words.len() > MAX_LABEL_WORDS {
                continue;
            }
            let canonical = self.lexicon.canonical_lenient(&folded);
            if let Some(key) = self.read(&canonical) {
                let key = self.key_for(key);
                let last = &words[words.len() - 1];
                // Up to the closing bracket of "(privé)" when it stands before the colon.
                let mut end = last.end;
                while end < c && !t[end].is_alphanumeric() && t[end] != '\n' {
                    end += 1;
                }
                while end > last.end && is_space(t[end - 1]) {
                    end -= 1;
                }
                // Function words opening the cell belong to the label ("Op welk nummer …?"),
                // as they do in a run of label words ("Uw kenteken").
                all.push(LabelHit {
                    start: opening.unwrap_or(words[0].start),
                    end,
                    key,
                });
            }
        }
        // A bare label under a section heading ("3 De schade" ⏎ "Datum ⇥ …"): the
        // heading's words complete it ("datum schade").
        let under = self.heading_hits(t);
        all.retain(|h| !under.iter().any(|u| u.start <= h.start && h.end <= u.end));
        all.extend(under);
        // Longest first; ties by position, then key, for determinism.
        all.sort_by(|a, b| {
            (b.end - b.start)
                .cmp(&(a.end - a.start))
                .then(a.start.cmp(&b.start))
                .then(a.key.cmp(&b.key))
        });
        let mut kept: Vec<LabelHit> = Vec::new();
        let mut taken = vec![false; t.len()];
        for h in all {
            if !taken[h.start..h.end].contains(&true) {
                taken[h.start..h.end].fill(true);
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| (h.start, h.key));
        kept
    }
}

impl LabelIndex<'_> {
    /// Labels that announce a fact only with the words of the section heading above them:
    /// a form's "Datum", "Omschrijving" or "Bedrag" cell under "3 De schade" or "Details of
    /// the incident". A heading is a line of a few words with no cell break and no digit
    /// past a section number; a line that is neither a heading nor a row of cells ends
    /// the section.
    fn heading_hits(&mut self, t: &[char]) -> Vec<LabelHit> {
        let mut out = Vec::new();
        let mut heading: Option<Vec<String>> = None;
        let mut from = 0;
        while from < t.len() {
            let to = t[from..].iter().position(|&c| c == '\n').map_or(t.len(), |p| from + p);
            let mut cell_end = from;
            while cell_end < to
                && !matches!(t[cell_end], '\t' | ':')
                && !(is_space(t[cell_end]) && cell_end + 1 < to && is_space(t[cell_end + 1]))
            {
                cell_end += 1;
            }
            // A label and its value: one cell after the label (a row of several cells
            // is a table's header, "Omschrijving ⇥ Aankoopjaar ⇥ Bedrag").
            let mut v = cell_end;
            while v < to && (is_separator(t[v]) || is_space(t[v])) {
                v += 1;
            }
            let one_value = v < to
                && !t[v..to]
                    .windows(2)
                    .any(|w| w[0] == '\t' || w[1] == '\t' || (is_space(w[0]) && is_space(w[1])));
            if cell_end == to {
                // A field name alone on its line, its value in the lines below (a form's
                // cell that wraps): a label of the section, not a heading of its own.
                if let Some(h) = &heading
                    && let Some(hit) = self.completed_label(t, from, to, h, single_cell_below(t, to))
                {
                    out.push(hit);
                    from = to + 1;
                    continue;
                }
                match self.heading_words(t, from, to) {
                    Some(w) if w.is_empty() => {}
                    // A question with tick boxes under it ("Oorzaak", "Soort schade
                    // (aankruisen)") and the lines of boxes stay in the section.
                    _ if heading.is_some() && (has_tick_box(t, from, to) || tick_box_below(t, to)) => {}
                    h => heading = h,
                }
            } else if let Some(h) = &heading
                && let Some(hit) = self.completed_label(t, from, cell_end, h, one_value)
            {
                out.push(hit);
            }
            from = to + 1;
        }
        out
    }

    /// The canonical words of a section heading on `from..to`, `None` when the line is
    /// no heading and ends the section, empty when it goes on with the value above.
    fn heading_words(&self, t: &[char], from: usize, to: usize) -> Option<Vec<String>> {
        let mut i = from;
        while i < to && (t[i].is_ascii_digit() || matches!(t[i], '.' | ')') || is_space(t[i])) {
            i += 1;
        }
        // A section letter ("B. De schade", "C ")
        if i + 2 < to && t[i].is_ascii_uppercase() && (t[i + 1] == '.' || is_space(t[i + 1])) && is_space(t[i + 2]) {
            i += 2;
        }
        if t[i..to]
            .iter()
            .any(|c| c.is_ascii_digit() || matches!(c, '@' | ',' | '?'))
        {
            return None;
        }
        // A wrapped value's last line ("gevallen.") goes on in lower case or ends a
        // sentence: no heading, and it keeps the section it is in (an empty reading).
        if i >= to || t[i].is_lowercase() || t[..to].last() == Some(&'.') {
            return Some(Vec::new());
        }
        let folded: Vec<String> = tokens(t, i, to).into_iter().map(|w| w.folded).collect();
        if folded.is_empty() || folded.len() > 6 {
            return None;
        }
        // A compound with a word the vocabulary lacks keeps its known head
        // ("Schadegegevens": "schade").
        let mut words: Vec<String> = Vec::new();
        for w in &folded {
            let one = std::slice::from_ref(w);
            match self.lexicon.canonical_of(one).or_else(|| self.lexicon.known_head(w)) {
                Some(c) => words.extend(c),
                None => words.push(w.clone()),
            }
        }
        words.retain(|w| !self.lexicon.is_stop(w));
        words.sort();
        words.dedup();
        (!words.is_empty()).then_some(words)
    }

    /// True when a heading is about the incident: with a date's word it is the label of
    /// a date fact ("De schade" + "datum", "Details of the incident" + "date").
    fn about_incident(&self, heading: &[String]) -> bool {
        let Some(date) = self.lexicon.canonical_of(&["datum".to_string()]) else {
            return false;
        };
        let mut both: Vec<String> = heading.iter().chain(&date).cloned().collect();
        both.sort();
        both.dedup();
        self.read(&both)
            .is_some_and(|k| k.owners.iter().any(|&o| self.types[o] == FactType::Date))
    }

    /// A label cell `from..end` of one to three known words that on its own announces no
    /// fact, read again with the heading's words. `one_value`: a single cell follows it on
    /// its line (not a table's header row).
    fn completed_label(
        &mut self,
        t: &[char],
        from: usize,
        end: usize,
        heading: &[String],
        one_value: bool,
    ) -> Option<LabelHit> {
        let toks = tokens(t, from, end);
        if !(1..=3).contains(&toks.len()) {
            return None;
        }
        let folded: Vec<String> = toks.iter().map(|w| w.folded.clone()).collect();
        if !GENERIC_LABELS.contains(&folded.join(" ").as_str()) {
            return None;
        }
        let words = self.lexicon.canonical_of(&folded)?;
        if self.read(&words).is_some_and(|k| !k.owners.is_empty()) {
            return None;
        }
        // The description in the section about the incident is the account of it.
        let description = self.lexicon.canonical_of(&["omschrijving".to_string()]);
        if one_value
            && description.as_ref() == Some(&words)
            && let Some(story) = self.narrative_fact()
            && self.about_incident(heading)
        {
            let key = self.key_for(Key {
                owners: vec![story],
                distracted: Vec::new(),
            });
            return Some(LabelHit {
                start: toks[0].start,
                end: toks[toks.len() - 1].end,
                key,
            });
        }
        let mut both: Vec<String> = words.iter().chain(heading).cloned().collect();
        both.sort();
        both.dedup();
        let mut key = self.read(&both)?;
        // The heading must not name the fact on its own ("Vastgestelde schade" over a
        // table of items): the cell's word is what makes it a label.
        let alone = self.read(heading).map(|k| k.owners).unwrap_or_default();
        key.owners.retain(|o| !alone.contains(o));
        if key.owners.is_empty() {
            return None;
        }
        let key = self.key_for(key);
        Some(LabelHit {
            start: toks[0].start,
            end: toks[toks.len() - 1].end,
            key,
        })
    }
}

/// The line after the one ending at `to`, as `(start, end)`; `None` at the page's end.
fn line_after(t: &[char], to: usize) -> Option<(usize, usize)> {
    let from = to + 1;
    (from < t.len()).then(|| {
        (
            from,
            t[from..].iter().position(|&c| c == '\n').map_or(t.len(), |p| from + p),
        )
    })
}

/// True when the line after the one ending at `to` is a single cell (a value running over
/// lines, not a row of a table).
fn single_cell_below(t: &[char], to: usize) -> bool {
    line_after(t, to).is_some_and(|(from, end)| end > from && !t[from..end].contains(&'\t'))
}

/// True when the line after the one ending at `to` holds a tick box.
fn tick_box_below(t: &[char], to: usize) -> bool {
    line_after(t, to).is_some_and(|(from, end)| has_tick_box(t, from, end))
}

/// True when `from..to` holds a tick box ("☐", "☒", "[ ]", "[X]", "X Storm").
fn has_tick_box(t: &[char], from: usize, to: usize) -> bool {
    (from..to).any(|i| tick_box(t, i).is_some())
}

/// True when a label ending at `end` ends its cell: a colon, a tab, a wide gap, the end of
/// the line or page follows.
fn ends_cell(t: &[char], end: usize) -> bool {
    let mut i = end;
    let mut spaces = 0;
    while i < t.len() && t[i] == ' ' {
        i += 1;
        spaces += 1;
    }
    spaces >= 2 || i >= t.len() || matches!(t[i], ':' | '\t' | '\n' | '?')
}

/// True when the dot at `i` ends a short abbreviation ("jul.", "nr.", "incl.") rather than
/// a sentence: a word of at most four letters before it, followed by a lower-case word or
/// a digit.
fn abbreviation_dot(t: &[char], i: usize) -> bool {
    let mut j = i;
    while j > 0 && t[j - 1].is_alphabetic() {
        j -= 1;
    }
    let word = i - j;
    let mut k = i + 1;
    while k < t.len() && is_space(t[k]) {
        k += 1;
    }
    (1..=4).contains(&word) && t.get(k).is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
}

/// True when the text between two label words offers a choice ("Tel. of e-mail", "Phone
/// or e-mail", "Telefoon / e-mail"): one label for two facts, whose value's shape tells
/// which one it is.
fn alternatives(t: &[char], from: usize, to: usize) -> bool {
    let between: String = t[from..to].iter().map(|&c| lower(c)).collect();
    let words: Vec<&str> = between
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    matches!(words.as_slice(), ["of" | "or" | "/" | "en/of" | "and/or"])
}

/// True when two words are part of one phrase: only a single space (or a hyphen or
/// slash) between them, on one line.
fn joined(t: &[char], end: usize, next: usize) -> bool {
    let gap = &t[end..next];
    // Up to two spaces (justified text) or one tab (a label whose words a text layer set
    // apart: "Kenteken⇥tegenpartij"); a wider gap is a cell boundary. Two labels in
    // neighbouring cells joined this way name two things and are split again by
    // `names_two_things`.
    let glue = |c: char| is_space(c) || matches!(c, '-' | '–' | '/' | '&');
    let tabs = gap.iter().filter(|&&c| c == '\t').count();
    gap.iter().all(|&c| glue(c))
        && gap.iter().filter(|&&c| !is_space(c)).count() <= 1
        && (tabs == 1 && gap.len() == 1 || tabs == 0 && gap.iter().filter(|&&c| is_space(c)).count() <= 2)
}

/// Common form field names that are not facts of the case type. A cell holding one of
/// these (or any cell ending in a colon) is a label, not a value; this is what tells a
/// header row "Naam   Adres" from a key/value row "Naam   Jan Jansen".
const GENERIC_LABELS: &[&str] = &[
    "adres",
    "address",
    "woonplaats",
    "plaats",
    "place",
    "city",
    "datum",
    "date",
    "handtekening",
    "signature",
    "postcode",
    "telefoon",
    "phone",
    "e-mail",
    "email",
    "merk",
    "make",
    "type",
    "model",
    "bouwjaar",
    "year",
    "kenteken",
    "naam",
    "name",
    "voorletters",
    "initials",
    "achternaam",
    "surname",
    "voornaam",
    "first name",
    "straat",
    "street",
    "huisnummer",
    "land",
    "country",
    "geslacht",
    "gender",
    "bedrag",
    "amount",
    "omschrijving",
    "description",
    "toelichting",
    "korte omschrijving",
    "beschrijving",
    "details",
    "explanation",
    "opmerkingen",
    "remarks",
    "nummer",
    "number",
    "polisnummer",
    "klantnummer",
    "schadenummer",
    "iban",
    "rekeningnummer",
    "merk en type",
    "make and model",
    "merk/type",
    "kleur",
    "colour",
    "color",
    "verzekeraar",
    "insurer",
    // Column headers of invoice line items.
    "aantal",
    "prijs",
    "stuksprijs",
    "eenheidsprijs",
    "qty",
    "quantity",
    "price",
    "unit price",
    "totaal",
    "total",
    "btw",
    "vat",
    "korting",
    "discount",
    "tijd",
    "time",
];

/// Words of a label that name the other party of an accident.
fn names_other_party(words: &[Vec<char>]) -> bool {
    let w: Vec<String> = words.iter().map(|w| w.iter().collect()).collect();
    let one = ["tegenpartij", "wederpartij", "counterparty", "tegenpartijen"];
    if w.iter().any(|x| one.contains(&x.as_str())) {
        return true;
    }
    w.windows(2).any(|p| {
        matches!(
            (p[0].as_str(), p[1].as_str()),
            (
                "voertuig" | "vehicle" | "bestuurder" | "driver" | "partij" | "party",
                "b"
            ) | ("other" | "third", "party" | "vehicle" | "driver")
                | ("andere", "partij" | "voertuig" | "bestuurder")
        )
    })
}

/// Whom a sentence speaks of right before a value or a label in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Speaker {
    /// The writer, as owner or object: "U kunt mij bereiken op …", "my car, registration …".
    Claimant,
    /// The writer as the subject only ("Op 3 februari reed ik met de auto (GB-01-BK)"):
    /// what follows is not said to be theirs unless a label word says what it is.
    Writer,
    /// The other party of the accident: "De bestuurder van de andere auto … met kenteken …".
    OtherParty,
    /// Someone else: a witness, a neighbour, a garage, "he", "they".
    Someone,
    /// The sentence does not say.
    Unknown,
}

/// Words for the writer of a letter or e-mail.
const FIRST_PERSON: &[&str] = &["mij", "me", "my", "mijn"];
/// The writer as a sentence's subject.
const FIRST_SUBJECT: &[&str] = &["ik", "i"];
/// Words for "we": the writer's household ("ons huis") as often as a business ("onze
/// klantenservice", "call our helpdesk"), so they say nothing.
const FIRST_PLURAL: &[&str] = &["wij", "we", "ons", "onze", "our", "us"];
/// Words for a third person.
const THIRD_PERSON: &[&str] = &[
    "hij", "zij", "ze", "hem", "haar", "hun", "he", "she", "they", "them", "him", "her", "his", "their",
];
/// How many words back a sentence is read for whom it speaks of.
const SPEAKER_REACH: usize = 12;

/// Which party of an accident statement a stretch of the page is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// An ordinary page, or outside the vehicle sections.
    Neutral,
    /// Vehicle A: the claimant.
    A,
    /// Vehicle B: the other party.
    B,
}

/// Side of one line: the side its start is on, and where a two-column line switches to
/// the B column.
#[derive(Debug, Clone, Copy)]
struct LineSide {
    side: Side,
    b_from: Option<usize>,
}

/// Lower-cased words of a line, a leading section number ("4.", "14.") dropped.
fn line_words(t: &[char], from: usize, to: usize) -> Vec<String> {
    let text: String = t[from..to].iter().map(|&c| lower(c)).collect();
    let mut words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ':')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    // A section's number or letter ("4.", "D. WEDERPARTIJ").
    if words.first().is_some_and(|w| {
        let bare = w.trim_end_matches('.');
        w.ends_with('.') && (bare.chars().all(|c| c.is_ascii_digit()) || (bare.chars().count() == 1 && words.len() > 1))
    }) {
        words.remove(0);
    }
    words
}

/// "Voertuig A", "Vehicle B", "Tegenpartij", "Other party": a section header of an
/// accident statement, as the words of a whole line (or of one column of it).
fn side_marker(words: &[String]) -> Option<Side> {
    let mut w: Vec<&str> = words.iter().map(String::as_str).collect();
    // "The other party", "De tegenpartij": an article before the heading's noun.
    if w.len() > 1 && matches!(w[0], "the" | "de" | "het") {
        w.remove(0);
    }
    let party = |x: &str| matches!(x, "voertuig" | "vehicle" | "bestuurder" | "driver" | "partij" | "party");
    match w.as_slice() {
        ["andere", "partij" | "bestuurder" | "voertuig"] => Some(Side::B),
        [p, "a"] if party(p) => Some(Side::A),
        [p, "b"] if party(p) => Some(Side::B),
        ["tegenpartij" | "wederpartij" | "counterparty"]
        | ["gegevens", "tegenpartij" | "wederpartij"]
        | ["other" | "third", "party"]
        | ["counterparty" | "other party", "details"]
        | ["other", "party", "details"] => Some(Side::B),
        _ => None,
    }
}

/// True when `t` is only a box's number before its label ("7. ", "12) ", "3a. ").
fn box_number(t: &[char]) -> bool {
    let digits = t.iter().take_while(|c| c.is_ascii_digit()).count();
    let rest = &t[digits..];
    let rest = rest
        .strip_prefix(&['a'][..])
        .or_else(|| rest.strip_prefix(&['b'][..]))
        .unwrap_or(rest);
    (1..=2).contains(&digits)
        && matches!(rest.first(), Some('.' | ')'))
        && rest.len() >= 2
        && rest[1..].iter().all(|&c| super::text::is_space(c))
}

/// True when the line opens a numbered section ("14. Mijn opmerkingen", "5. Signature").
fn numbered_heading(t: &[char], from: usize, to: usize) -> bool {
    // A lettered heading in capitals ("E. SCHADE"); "J. Jansen" is a name.
    if to > from + 3
        && t[from].is_ascii_uppercase()
        && t[from + 1] == '.'
        && super::text::is_space(t[from + 2])
        && t[from + 3..to].iter().all(|c| !c.is_lowercase())
        && t[from + 3..to].iter().filter(|c| c.is_alphabetic()).count() >= 3
    {
        return true;
    }
    let mut i = from;
    while i < to && t[i].is_ascii_digit() {
        i += 1;
    }
    i > from && i - from <= 2 && i + 1 < to && t[i] == '.' && super::text::is_space(t[i + 1])
}

/// Words that mark a company (a garage's letterhead or footer), lower case.
const COMPANY_WORDS: &[&str] = &[
    "b.v.",
    "bv",
    "b.v",
    "v.o.f.",
    "vof",
    "n.v.",
    "kvk",
    "kvk-nummer",
    "kvk-nr",
    "kvk-nr.",
    "btw-nr",
    "btw-nr.",
    "btw-nummer",
    "zn.",
    "ltd",
    "ltd.",
    "gmbh",
    "inc.",
    "vat-no",
    "vat-no.",
    // Insurers, adjusters and their like name themselves so.
    "verzekeringen",
    "verzekeraar",
    "assuradeuren",
    "assurantien",
    "assurantiën",
    "insurance",
    "insurers",
    "taxaties",
    "schade-expertise",
    "expertisebureau",
    "expertiseburo",
];
/// Word prefixes that mark a company name ("Autobedrijf Smit", "Carrosseriebedrijf De Groot").
const COMPANY_STEMS: &[&str] = &[
    "autobedrijf",
    "garage",
    "schadeherstel",
    "autoherstel",
    "autoschade",
    "carrosserie",
    "herstelbedrijf",
    "bodyshop",
    "autoservice",
    // Brokers' offices ("Assurantiekantoor Van Dam", "De Zekerheid Adviesgroep").
    "assurantie",
    "advies",
];

/// Local parts of e-mail addresses that a business gives out, not a person
/// ("schade@…", "info@…", "claims@…").
const ROLE_MAILBOXES: &[&str] = &[
    "info",
    "schade",
    "schades",
    "claims",
    "claim",
    "kantoor",
    "administratie",
    "admin",
    "service",
    "klantenservice",
    "contact",
    "planning",
    "office",
    "mail",
    "post",
    "support",
    "helpdesk",
    "receptie",
    "verkoop",
    "sales",
    "noreply",
    "no-reply",
    "expertise",
    "offerte",
    "offertes",
    "facturen",
    "factuur",
    "billing",
    "accounts",
    "team",
    "werkplaats",
    "afspraken",
    "secretariaat",
];

/// True when the line names a company.
pub(crate) fn company_line(t: &[char], from: usize, to: usize) -> bool {
    let text: String = t[from..to].iter().map(|&c| lower(c)).collect();
    text.split_whitespace().any(|w| {
        let bare = w.trim_matches(|c: char| matches!(c, ',' | ';' | '|' | '(' | ')'));
        COMPANY_WORDS.contains(&bare)
            || COMPANY_STEMS.iter().any(|s| bare.starts_with(s))
            || (bare.len() > "bedrijf".len() && bare.ends_with("bedrijf"))
            || (bare.len() > "werken".len() + 2 && bare.ends_with("werken"))
    })
}

/// True when the line gives a business's mailbox ("Tel. 043 … · schade@…": the contact
/// line of a letterhead, an e-mail's "Aan: claims@…").
fn mailbox_line(t: &[char], from: usize, to: usize) -> bool {
    let text: String = t[from..to].iter().map(|&c| lower(c)).collect();
    text.split_whitespace().any(|w| {
        let bare = w.trim_matches(|c: char| matches!(c, ',' | ';' | '|' | '(' | ')' | '<' | '>' | '·' | ':'));
        bare.split_once('@')
            .is_some_and(|(local, domain)| domain.contains('.') && ROLE_MAILBOXES.contains(&local))
    })
}

/// True when the cell text reads as a field label rather than a value.
pub(crate) fn looks_like_label(cell: &[char]) -> bool {
    if cell.last() == Some(&':') {
        return true;
    }
    let text: String = cell.iter().map(|&c| lower(c)).collect();
    GENERIC_LABELS.contains(&text.as_str())
}

/// Separator characters allowed between a label and its value: spaces, a colon, and the
/// punctuation forms use ("Polisnr.: ", "Kenteken - AB-123-C", "Bedrag = € 5"), and the
/// question mark that ends a question asked as a label ("Is er een andere partij
/// betrokken?⇥Nee").
pub(crate) fn is_separator(c: char) -> bool {
    is_space(c) || matches!(c, ':' | '-' | '–' | '=' | '#' | '.' | '>' | '?')
}

pub(crate) fn only_separators(t: &[char]) -> bool {
    t.iter().all(|&c| is_separator(c))
}

/// The page with its label hits, ready to answer "which label governs position p".
pub(crate) struct Labelled<'t> {
    pub t: &'t [char],
    pub layout: Layout,
    pub hits: Vec<LabelHit>,
    /// Hit indices per line.
    per_line: Vec<Vec<usize>>,
    /// Accident-statement side per line.
    sides: Vec<LineSide>,
    /// Lines that belong to a company's letterhead or footer.
    company: Vec<bool>,
    /// Lines of a section about someone other than the claimant ("4. Getuige", "Uw
    /// tussenpersoon"): the names and contact details there are theirs.
    others: Vec<bool>,
    /// First line of an earlier e-mail printed below the message (someone else's).
    earlier: Option<usize>,
}

/// Longest stretch of words allowed between a label and a value in the same cell.
const MAX_NEAR_GAP: usize = 40;
/// Longest wording after a label in a compound label cell.
pub(crate) const MAX_COMPOUND_REST: usize = 25;
/// How far back on a line prose checks look for their words.
const PROSE_REACH: usize = 160;

impl<'t> Labelled<'t> {
    pub fn new(t: &'t [char], index: &mut LabelIndex<'_>) -> Labelled<'t> {
        let layout = Layout::new(t);
        let hits = index.hits(t);
        let mut per_line = vec![Vec::new(); layout.lines.len()];
        for (h, hit) in hits.iter().enumerate() {
            per_line[layout.line_of(hit.start)].push(h);
        }
        let mut page = Labelled {
            t,
            layout,
            hits,
            per_line,
            sides: Vec::new(),
            company: Vec::new(),
            others: Vec::new(),
            earlier: None,
        };
        page.sides = page.find_sides();
        page.earlier = page.earlier_message();
        page.company = page.find_company();
        page.others = page.find_others(index);
        page
    }

    fn line_end(&self, line: usize) -> usize {
        self.layout.lines[line]
            .cells
            .last()
            .map_or(self.layout.lines[line].start, |c| c.end)
    }

    /// Sides of an accident statement, per line. "Voertuig A ⇥ Voertuig B" on one line
    /// opens two columns: on each following line the B column starts at the first label
    /// after a value ("Kenteken: AB-12-CD ⇥ Kenteken: 12-ABC-3"). "Voertuig B" (or
    /// "Tegenpartij") alone on a line opens a B section. Both end at a numbered heading
    /// ("14. Mijn opmerkingen") or the next side header.
    fn find_sides(&self) -> Vec<LineSide> {
        let mut out = Vec::with_capacity(self.layout.lines.len());
        let mut side = Side::Neutral;
        let mut columns = false;
        // A header row of cells ("Rubriek ⇥ Voertuig A ⇥ Voertuig B"): its cell count and
        // the index of the B cell; rows with as many cells have B there.
        let mut grid: Option<(usize, usize)> = None;
        // Labels read so far in the A column of a two-column statement: the same label
        // again starts the B column, wherever the text layer put it ("Adres ⇥ … ⏎ Leeuwarden
        // ⏎ Adres ⇥ …" when the A value wraps onto a line of its own).
        let mut seen_a: Vec<Vec<String>> = Vec::new();
        let mut last_heading = String::new();
        let boxes = self.boxes_of_both_vehicles();
        for (l, line) in self.layout.lines.iter().enumerate() {
            let (Some(first), Some(last)) = (line.cells.first(), line.cells.last()) else {
                out.push(LineSide { side, b_from: None });
                continue;
            };
            let words = line_words(self.t, first.start, last.end);
            let marker = side_marker(&words);
            let half = words.len() / 2;
            let two = words.len().is_multiple_of(2)
                && half > 0
                && side_marker(&words[..half]) == Some(Side::A)
                && side_marker(&words[half..]) == Some(Side::B);
            let cell_markers: Vec<Option<Side>> = line
                .cells
                .iter()
                .map(|c| side_marker(&line_words(self.t, c.start, c.end)))
                .collect();
            let a_cell = cell_markers.iter().position(|m| *m == Some(Side::A));
            let b_cell = cell_markers.iter().position(|m| *m == Some(Side::B));
            if let (Some(a), Some(b)) = (a_cell, b_cell)
                && a < b
            {
                side = Side::A;
                columns = true;
                grid = Some((line.cells.len(), b));
                out.push(LineSide { side, b_from: None });
                continue;
            }
            if two {
                side = Side::A;
                columns = true;
                grid = None;
                out.push(LineSide { side, b_from: None });
                continue;
            }
            if let Some(m) = marker {
                side = m;
                columns = false;
                grid = None;
                out.push(LineSide { side, b_from: None });
                continue;
            }
            // A numbered row of the A/B grid ("6. Verzekeringnemer ⇥ … ⇥ …") stays in it,
            // and so does a numbered heading printed once per column ("7. Vehicle ⇥ 7.
            // Vehicle").
            let grid_row = grid.filter(|&(n, _)| columns && line.cells.len() == n);
            // Boxes numbered in another order per column ("12. Opmerkingen ⇥ 5. Bestuurder")
            // are a row of the two columns as well.
            let per_column = columns
                && line
                    .cells
                    .iter()
                    .skip(1)
                    .any(|c| numbered_heading(self.t, c.start, c.end));
            // A numbered box that both vehicles' sections have ("7. Kenteken" under
            // "Voertuig A" and again under "Voertuig B") is part of its vehicle's section.
            let vehicle_box = side != Side::Neutral
                && !columns
                && (boxes.contains(&words) || boxes.contains(&line_words(self.t, first.start, first.end)));
            if numbered_heading(self.t, first.start, last.end)
                && grid_row.is_none()
                && !per_column
                && !vehicle_box
                && !(columns && self.heading_repeated(l))
            {
                side = Side::Neutral;
                columns = false;
                grid = None;
            }
            // Each numbered section of the form is printed once per column: its labels may
            // come again in the A column of the next section.
            let heading: String = self.t[first.start..first.end].iter().map(|&c| lower(c)).collect();
            if !columns || (numbered_heading(self.t, first.start, last.end) && heading != last_heading) {
                seen_a.clear();
                last_heading = heading;
            }
            let b_from = match grid_row {
                Some((_, b)) => Some(line.cells[b].start),
                None if columns => self.b_column(l).or_else(|| self.repeated_label(l, &seen_a)),
                None => None,
            };
            if columns {
                self.note_labels(l, b_from, &mut seen_a);
            }
            out.push(LineSide { side, b_from });
        }
        out
    }

    /// Words of the numbered boxes (number dropped) that stand both in a "Voertuig A"
    /// section and in the "Voertuig B" section after it, each on a line of its own (or
    /// as a line's first cell, its value beside it): the boxes of the form printed once
    /// per vehicle, in whatever order.
    fn boxes_of_both_vehicles(&self) -> Vec<Vec<String>> {
        let mut a_boxes: Vec<Vec<String>> = Vec::new();
        let mut both = Vec::new();
        let mut side = Side::Neutral;
        for line in &self.layout.lines {
            let (Some(first), Some(last)) = (line.cells.first(), line.cells.last()) else {
                continue;
            };
            let words = line_words(self.t, first.start, last.end);
            if line.cells.len() == 1
                && let Some(m) = side_marker(&words)
            {
                side = m;
                continue;
            }
            if !numbered_heading(self.t, first.start, last.end) {
                continue;
            }
            // The box's label alone when its value stands beside it ("7. Kenteken ⇥
            // 60-XHT-0"): the values differ per vehicle, the label does not.
            let words = if line.cells.len() > 1 {
                line_words(self.t, first.start, first.end)
            } else {
                words
            };
            match side {
                Side::A => a_boxes.push(words),
                Side::B if a_boxes.contains(&words) && !both.contains(&words) => both.push(words),
                _ => {}
            }
        }
        both
    }

    /// True when the numbered heading on line `l` is printed again, as the same words,
    /// within three lines of it: one heading per column of a two-column statement
    /// whose text layer put each on a line of its own ("6. Verzekeringnemer (zie ⏎
    /// verzekeringsbewijs) ⏎ 6. Verzekeringnemer (zie").
    fn heading_repeated(&self, l: usize) -> bool {
        let words = |k: usize| {
            let line = &self.layout.lines[k];
            match (line.cells.first(), line.cells.last()) {
                (Some(a), Some(b)) => self.t[a.start..b.end].iter().map(|&c| lower(c)).collect::<String>(),
                _ => String::new(),
            }
        };
        let here = words(l);
        let n = self.layout.lines.len();
        (l.saturating_sub(3)..n.min(l + 4)).any(|k| k != l && words(k) == here)
    }

    /// The label words (lower case) of each cell of line `l` that opens with a label hit.
    fn cell_labels(&self, l: usize) -> Vec<(usize, Vec<String>)> {
        let line = &self.layout.lines[l];
        line.cells
            .iter()
            .filter_map(|c| {
                let h = self.hit_at(c.start)?;
                let hit = self.hits[h];
                Some((c.start, line_words(self.t, hit.start, hit.end)))
            })
            .collect()
    }

    /// Start of the B column on line `l` when a cell opens with a label already read in
    /// the A column of this statement.
    fn repeated_label(&self, l: usize, seen_a: &[Vec<String>]) -> Option<usize> {
        self.cell_labels(l)
            .into_iter()
            .find(|(_, words)| seen_a.contains(words))
            .map(|(start, _)| start)
    }

    /// Remembers the labels that open cells of the A column on line `l` (before `b_from`).
    fn note_labels(&self, l: usize, b_from: Option<usize>, seen_a: &mut Vec<Vec<String>>) {
        for (start, words) in self.cell_labels(l) {
            if b_from.is_none_or(|b| start < b) && !seen_a.contains(&words) {
                seen_a.push(words);
            }
        }
    }

    /// Start of the B column on a line of a two-column statement: a cell that opens with
    /// a label after a value has been seen, or the first cell when the line is indented
    /// by a tab (the A column is empty).
    fn b_column(&self, l: usize) -> Option<usize> {
        let line = &self.layout.lines[l];
        let first = line.cells.first()?;
        if self.t[line.start..first.start].contains(&'\t') {
            return Some(first.start);
        }
        let mut covered = line.start;
        let mut seen_value = false;
        for cell in &line.cells {
            if cell.start >= covered
                && let Some(end) = self.label_prefix_end(cell.start, cell.end)
            {
                if seen_value {
                    return Some(cell.start);
                }
                covered = end;
            }
            let from = covered.max(cell.start).min(cell.end);
            if !only_separators(&self.t[from..cell.end]) {
                seen_value = true;
            }
        }
        None
    }

    /// End of the label a cell opens with: a label hit at its start, or up to four
    /// capitalised words and a colon ("Make and model:").
    pub fn label_prefix_end(&self, start: usize, end: usize) -> Option<usize> {
        if let Some(h) = self.hit_at(start) {
            return Some(self.hits[h].end);
        }
        if !self.t[start].is_uppercase() {
            return None;
        }
        let colon = self.t[start..end].iter().position(|&c| c == ':')?;
        let head = &self.t[start..start + colon];
        let words = head.split(|&c| is_space(c)).filter(|w| !w.is_empty()).count();
        (words <= 4 && !head.iter().any(char::is_ascii_digit)).then_some(start + colon + 1)
    }

    /// Company lines: a line naming a company (a garage, "B.V.", "KvK", "t.n.v.
    /// Autobedrijf …") or giving a business's mailbox, and the contact lines of a letterhead that opens with one (up to
    /// three lines, ending at a blank line or an upper-case title such as "FACTUUR").
    fn find_company(&self) -> Vec<bool> {
        let n = self.layout.lines.len();
        let earlier = self.earlier;
        let mut out: Vec<bool> = (0..n)
            .map(|l| {
                company_line(self.t, self.layout.lines[l].start, self.line_end(l))
                    || self.quoted(l)
                    || earlier.is_some_and(|e| l >= e)
            })
            .collect();
        if let Some(top) = (0..n).find(|&l| !self.layout.lines[l].cells.is_empty())
            && out[top]
        {
            for (l, flag) in out.iter_mut().enumerate().take(n.min(top + 4)).skip(top + 1) {
                let (from, to) = (self.layout.lines[l].start, self.line_end(l));
                let letters: Vec<char> = self.t[from..to].iter().copied().filter(|c| c.is_alphabetic()).collect();
                let title = letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase());
                if self.layout.lines[l].cells.is_empty() || (title && !*flag) {
                    break;
                }
                *flag = true;
            }
        }
        for (l, flag) in out.iter_mut().enumerate() {
            *flag = *flag || mailbox_line(self.t, self.layout.lines[l].start, self.line_end(l));
        }
        out
    }

    /// Sections about someone other than the claimant: from a numbered or lettered heading
    /// on a line of its own that names a witness, a broker, … ("4. Getuige", "C. WITNESS")
    /// and announces no fact itself, to the next numbered heading or side header.
    /// (Unnumbered headings were tried: a garage's name or "Getuigen" above the payment
    /// details is no section heading often enough to cost more than it gained.)
    fn find_others(&self, index: &LabelIndex<'_>) -> Vec<bool> {
        let n = self.layout.lines.len();
        let mut out = vec![false; n];
        let heading = |l: usize| -> Option<(bool, bool)> {
            let line = &self.layout.lines[l];
            let (first, last) = (line.cells.first()?, line.cells.last()?);
            let words = line_words(self.t, first.start, last.end);
            // A lettered heading in mixed case ("D. Hersteller / aannemer", "E. Uitbetaling")
            // opens a section like a numbered one (it must still name someone else).
            let lettered = last.end > first.start + 3
                && self.t[first.start].is_ascii_uppercase()
                && self.t[first.start + 1] == '.'
                && super::text::is_space(self.t[first.start + 2])
                && self.t[first.start + 3].is_uppercase()
                && line.cells.len() == 1
                && words.len() <= 5
                && !self.t[first.start..last.end].iter().any(char::is_ascii_digit);
            let numbered = numbered_heading(self.t, first.start, last.end) || lettered;
            let text = &self.t[first.start..last.end];
            let plain = line.cells.len() == 1
                && (1..=5).contains(&words.len())
                && !text.iter().skip(if numbered { 3 } else { 0 }).any(char::is_ascii_digit)
                && !text.iter().any(|c| matches!(c, '@' | ',' | '?'))
                && text.last() != Some(&':');
            if !plain {
                return Some((numbered, false));
            }
            let announces = self.per_line[l]
                .iter()
                .any(|&h| !index.keys[self.hits[h].key].owners.is_empty());
            let canonical = index.words_of(self.t, &[(first.start, last.end)]);
            Some((
                numbered,
                !announces && index.names_other(&canonical) && !index.names_claimant(&canonical),
            ))
        };
        // An unnumbered heading of one word ("Hersteller", "Repairer") opens a section
        // only of the label ⇥ value rows right under it (a title such as "Loss
        // Assessor's Report" or "Bank details" opens none).
        let mut open = None;
        let mut rows_only = false;
        for (l, flag) in out.iter_mut().enumerate() {
            let Some((numbered, other)) = heading(l) else {
                continue;
            };
            let one_word = || line_words(self.t, self.layout.lines[l].start, self.line_end(l)).len() == 1;
            if other && (numbered || ((open.is_none() || rows_only) && one_word())) {
                open = Some(l);
                rows_only = !numbered;
                continue;
            }
            let single = self.layout.lines[l].cells.len() < 2;
            let ends = open.is_some()
                && (numbered || (rows_only && single) || self.sides.get(l).is_some_and(|s| s.side != Side::Neutral));
            if ends {
                open = None;
                rows_only = false;
            }
            // A question on a line of its own answered by rows that start with someone
            // else's name ("Where can the car be inspected? ⏎ Company ⇥ … ⏎ Phone ⇥ …"):
            // those rows are about them.
            let cells = &self.layout.lines[l].cells;
            if open.is_none()
                && cells.len() == 2
                && l > 0
                && self.layout.lines[l - 1].cells.len() == 1
                && self.t[self.line_end(l - 1).saturating_sub(1)] == '?'
            {
                let words = index.words_of(self.t, &[(cells[0].start, cells[0].end)]);
                if index.names_other(&words) && !index.names_claimant(&words) {
                    open = Some(l);
                    rows_only = true;
                }
            }
            *flag = open.is_some();
        }
        out
    }

    /// True when `pos` is in an earlier e-mail printed below the message: someone else
    /// wrote it (a claims handler's question is no account of the claimant's).
    pub fn in_earlier_message(&self, pos: usize) -> bool {
        self.earlier.is_some_and(|e| self.layout.line_of(pos) >= e)
    }

    /// True when `pos` is in a section about someone other than the claimant.
    pub fn in_others_section(&self, pos: usize) -> bool {
        self.others.get(self.layout.line_of(pos)).copied().unwrap_or(false)
    }

    /// First line of an earlier e-mail printed below the message without `>` marks (the
    /// Outlook way): a separator line ("-----Oorspronkelijk bericht-----", "-----Original
    /// Message-----", "---------- Forwarded message ---------") or a second header block (a
    /// "Van:"/"From:" line with a "Verzonden:"/"Sent:"/"Datum:"/"Date:" line right under it)
    /// after the message's own text. What stands below it is someone else's, unless its
    /// sender line holds the address of the page's first sender (a message of the same
    /// person).
    fn earlier_message(&self) -> Option<usize> {
        let lines = &self.layout.lines;
        let text = |l: usize| -> String {
            lines[l].cells.first().map_or(String::new(), |c| {
                self.t[c.start..self.line_end(l)].iter().map(|&ch| lower(ch)).collect()
            })
        };
        let header = |l: usize| -> Option<bool> {
            let t = text(l);
            let key = t.split(':').next().unwrap_or("").trim().to_string();
            t.contains(':').then_some(())?;
            Some(matches!(key.as_str(), "van" | "from"))
        };
        let when = |l: usize| {
            let t = text(l);
            let key = t.split(':').next().unwrap_or("").trim().to_string();
            t.contains(':') && matches!(key.as_str(), "verzonden" | "sent" | "datum" | "date" | "aan" | "to")
        };
        let address = |l: usize| -> Option<String> {
            let t = text(l);
            let at = t.find('@')?;
            let start = t[..at]
                .rfind(|c: char| c.is_whitespace() || c == '<' || c == ':')
                .map_or(0, |i| i + 1);
            let end = t[at..]
                .find(|c: char| c.is_whitespace() || c == '>')
                .map_or(t.len(), |i| at + i);
            Some(t[start..end].to_string())
        };
        let mut first_from: Option<usize> = None;
        let mut body = false;
        for l in 0..lines.len() {
            if lines[l].cells.is_empty() {
                continue;
            }
            let t = text(l);
            let dashes = t.starts_with("---") || t.starts_with("___");
            let separator = dashes
                && [
                    "oorspronkelijk bericht",
                    "original message",
                    "forwarded message",
                    "doorgestuurd bericht",
                ]
                .iter()
                .any(|w| t.contains(w));
            let second_header = header(l) == Some(true) && self.layout.line_below(l).is_some_and(when);
            if separator || (second_header && body) {
                // The sender of the earlier message: this line, or the first "Van:" under
                // the separator.
                let from = (l..lines.len().min(l + 3)).find(|&k| header(k) == Some(true));
                let same = match (first_from.and_then(address), from.and_then(address)) {
                    (Some(a), Some(b)) => a == b,
                    _ => false,
                };
                return (!same).then_some(l);
            }
            if header(l) == Some(true) && first_from.is_none() {
                first_from = Some(l);
            } else if first_from.is_some() && !when(l) && !t.contains(':') {
                body = true;
            }
        }
        None
    }

    /// True when line `l` quotes someone else's e-mail: it opens with `>`, or it is the
    /// "… wrote:" line right above such a line.
    fn quoted(&self, l: usize) -> bool {
        let opens_quote = |l: usize| {
            self.layout.lines[l]
                .cells
                .first()
                .is_some_and(|c| self.t[c.start] == '>')
        };
        if opens_quote(l) {
            return true;
        }
        let ends_colon = self.layout.lines[l]
            .cells
            .last()
            .is_some_and(|c| self.t[c.end - 1] == ':');
        ends_colon && self.layout.line_below(l).is_some_and(opens_quote)
    }

    /// The accident-statement side of position `pos`.
    pub fn side_at(&self, pos: usize) -> Side {
        let l = self.layout.line_of(pos);
        match self.sides.get(l) {
            Some(LineSide { b_from: Some(b), .. }) if pos >= *b => Side::B,
            Some(s) => s.side,
            None => Side::Neutral,
        }
    }

    /// The label that heads the row of an A/B grid when `pos` starts its B cell
    /// ("Kenteken ⇥ D-750-KB ⇥ PF-153-K": "Kenteken" for the B plate).
    pub fn row_label_of_b_cell(&self, pos: usize) -> Option<usize> {
        let l = self.layout.line_of(pos);
        let b = self.sides.get(l)?.b_from?;
        let cell = self.layout.cell_of(l, pos)?;
        if self.layout.lines[l].cells[cell].start != b || b != pos {
            return None;
        }
        let first = self.layout.lines[l].cells.first()?;
        let h = self.hit_at(first.start)?;
        self.label_ends_cell(l, &self.hits[h]).then_some(h)
    }

    /// True when `pos` is on a company's letterhead or footer line, or in an e-mail's
    /// quoted reply: contact details there are someone else's.
    pub fn in_company(&self, pos: usize) -> bool {
        self.company.get(self.layout.line_of(pos)).copied().unwrap_or(false)
    }

    /// True when label hit `h` is a word inside running prose ("… van de auto met kenteken
    /// 36-ZR-SR gaf …"): in lower case, after at least two words of the same line (since
    /// its last colon), with a letter (not a colon or comma) right before it. Cell breaks
    /// do not count: word-positioned text layers put tabs inside sentences.
    /// The sentence around `pos` (`start..end` of the value excluded): from the previous
    /// full stop, question or exclamation mark, or the start of a paragraph, to the next,
    /// at most [`PROSE_REACH`] chars each way and never across an empty line.
    pub fn sentence_around(&self, start: usize, end: usize) -> (usize, usize) {
        let t = self.t;
        let stop = |i: usize| {
            matches!(t[i], '.' | '!' | '?' | ';')
                && t.get(i + 1).is_none_or(|c| c.is_whitespace())
                && !(i > 0 && t[i - 1].is_ascii_digit() && t.get(i + 1).is_some_and(char::is_ascii_digit))
        };
        let mut a = start;
        let floor = start.saturating_sub(PROSE_REACH);
        while a > floor {
            let c = t[a - 1];
            let new_line = c == '\n' && (t[a] == '\n' || t[a].is_uppercase() || (a >= 2 && t[a - 2] == '\n'));
            if new_line || c == '\t' || (stop(a - 1) && !abbreviation_dot(t, a - 1)) {
                break;
            }
            a -= 1;
        }
        let mut b = end;
        let ceil = (end + PROSE_REACH).min(t.len());
        while b < ceil {
            let c = t[b];
            let new_line = c == '\n' && t.get(b + 1).is_none_or(|n| *n == '\n' || n.is_uppercase());
            if new_line || c == '\t' || (stop(b) && !abbreviation_dot(t, b)) {
                break;
            }
            b += 1;
        }
        (a, b)
    }

    pub fn in_prose(&self, h: usize) -> bool {
        let hit = self.hits[h];
        if !self.t[hit.start].is_lowercase() {
            return false;
        }
        let before = self.text_before(hit.start);
        let segment = before.rsplit(':').next().unwrap_or(&before);
        // Numbering ("5. Daytime phone") is no word of a sentence.
        let words = segment
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        let prev = segment.chars().rev().find(|c| !c.is_whitespace());
        // A label in brackets inside a sentence ("Mijn buurman … heeft alles gezien
        // (telefoon 06-…)") is a word of the sentence too.
        words >= 2 && prev.is_some_and(|c| c.is_alphabetic() || c == '(')
    }

    /// The text of the line before `pos`, preceded by the previous line when `pos` is
    /// near the start of its line and the previous line is an unfinished sentence (prose
    /// wraps: "… van de auto\nmet kenteken GS-415-L gaf …").
    /// At most [`PROSE_REACH`] chars of each line: enough for the few words the callers
    /// read, and linear on a page that is one long line.
    fn text_before(&self, pos: usize) -> String {
        let l = self.layout.line_of(pos);
        let here: String = self.t[self.layout.lines[l].start.max(pos.saturating_sub(PROSE_REACH))..pos]
            .iter()
            .collect();
        if here.split_whitespace().count() >= 2 || l == 0 {
            return here;
        }
        let prev_end = self.line_end(l - 1);
        let prev_start = self.layout.lines[l - 1].start.max(prev_end.saturating_sub(PROSE_REACH));
        let prev: String = self.t[prev_start..prev_end].iter().collect();
        let last = prev.chars().rev().find(|c| !c.is_whitespace());
        if last.is_some_and(char::is_alphabetic) {
            format!("{prev} {here}")
        } else {
            here
        }
    }

    /// Whom the sentence around `pos` speaks of before it: the nearest word for a person,
    /// read backwards at most [`SPEAKER_REACH`] words ("Mijn buurman … (telefoon …)" is the
    /// neighbour's, "U kunt mij bereiken op …" the writer's, "De bestuurder van de andere
    /// auto … met kenteken …" the other party's). A form's row starts a sentence of its
    /// own, so labels in cells are not read so.
    pub fn speaker_before(&self, index: &LabelIndex<'_>, pos: usize) -> Speaker {
        let (a, _) = self.sentence_around(pos, pos);
        let words = tokens(self.t, a, pos);
        self.speaker_in(index, &words)
    }

    /// [`Labelled::speaker_before`] for a label hit outside prose: the words of the label's
    /// own phrase ("Bank account (IBAN)", "Telefoon getuige") are the label's business, so
    /// the sentence is read before the phrase, from its last comma, colon or semicolon
    /// back ("Gegevens van de wederpartij: Ingrid Meijer, kenteken …").
    pub fn speaker_before_label(&self, index: &LabelIndex<'_>, h: usize) -> Speaker {
        let pos = self.hits[h].start;
        let (a, _) = self.sentence_around(pos, pos);
        let Some(cut) = self.t[a..pos].iter().rposition(|c| matches!(c, ',' | ':' | ';')) else {
            // No phrase of its own to skip: a word for someone else may qualify the
            // label ("Bank account (IBAN)"); only the other party speaks for vehicle B
            // ("De auto van de tegenpartij had kenteken …").
            let words = tokens(self.t, a, pos);
            return match self.speaker_in(index, &words) {
                Speaker::OtherParty => Speaker::OtherParty,
                _ => Speaker::Unknown,
            };
        };
        let words = tokens(self.t, a, a + cut);
        self.speaker_in(index, &words)
    }

    fn speaker_in(&self, index: &LabelIndex<'_>, words: &[Token]) -> Speaker {
        let from = words.len().saturating_sub(SPEAKER_REACH);
        for i in (from..words.len()).rev() {
            let w = words[i].folded.as_str();
            if FIRST_PERSON.contains(&w) {
                return Speaker::Claimant;
            }
            if FIRST_SUBJECT.contains(&w) {
                return Speaker::Writer;
            }
            if FIRST_PLURAL.contains(&w) {
                return Speaker::Unknown;
            }
            if THIRD_PERSON.contains(&w) {
                return Speaker::Someone;
            }
            let mut spans = vec![(words[i].start, words[i].end)];
            if i > from {
                spans.push((words[i - 1].start, words[i].end));
            }
            for (s, e) in spans {
                let canonical = index.words_of(self.t, &[(s, e)]);
                let chars: Vec<Vec<char>> = canonical.iter().map(|w| w.chars().collect()).collect();
                if names_other_party(&chars) {
                    return Speaker::OtherParty;
                }
                if index.names_other(&canonical) {
                    return Speaker::Someone;
                }
            }
        }
        Speaker::Unknown
    }

    /// True when a possessive or the first person ("mijn", "my", "ik", "I", "onze", "our")
    /// stands among the eight words before `pos` in its sentence.
    pub fn possessive_near(&self, pos: usize) -> bool {
        let before = self.text_before(pos).to_lowercase();
        let sentence = before.rsplit(['.', '!', '?', ';']).next().unwrap_or("");
        sentence
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .rev()
            .take(8)
            .any(|w| {
                matches!(
                    w,
                    "mijn" | "my" | "ik" | "i" | "onze" | "our" | "wij" | "we" | "me" | "mij"
                )
            })
    }

    /// True when a possessive ("mijn", "my", "onze", "our") stands among the six words
    /// before hit `h` in its sentence: "mijn Volkswagen Golf met kenteken XH-VL-18".
    pub fn possessive_before(&self, h: usize) -> bool {
        let before = self.text_before(self.hits[h].start).to_lowercase();
        let sentence = before.rsplit(['.', '!', '?', ';']).next().unwrap_or("");
        sentence.split_whitespace().rev().take(6).any(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphabetic()),
                "mijn" | "my" | "onze" | "our" | "ons"
            )
        })
    }

    /// Cell index of the last char of a hit.
    fn hit_cell(&self, line: usize, h: &LabelHit) -> Option<usize> {
        self.layout.cell_of(line, h.end.saturating_sub(1))
    }

    /// True when nothing but separators follows the label inside its cell.
    pub fn label_ends_cell(&self, line: usize, h: &LabelHit) -> bool {
        match self.hit_cell(line, h) {
            Some(c) => {
                let cell = self.layout.lines[line].cells[c];
                only_separators(&self.t[h.end..cell.end.max(h.end)])
            }
            None => false,
        }
    }

    /// True when the label starts its cell (so the cell is a label cell, not prose).
    fn label_starts_cell(&self, line: usize, h: &LabelHit) -> bool {
        self.layout.cell_of(line, h.start).is_some_and(|c| {
            let start = self.layout.lines[line].cells[c].start;
            start == h.start || box_number(&self.t[start..h.start])
        })
    }

    /// True when the cell after the label holds something value-like (a digit or an
    /// `@`): then the label already has its value on its own line ("Schadedatum
    /// 03-02-2023") and must not claim the line below as well. Header texts rarely
    /// contain digits.
    fn next_cell_has_value(&self, line: usize, h: &LabelHit) -> bool {
        let Some(c) = self.hit_cell(line, h) else {
            return false;
        };
        self.layout.lines[line].cells.get(c + 1).is_some_and(|next| {
            self.t[next.start..next.end]
                .iter()
                .any(|ch| ch.is_ascii_digit() || *ch == '@')
        })
    }

    /// Is there a label hit starting exactly at `pos`?
    pub fn label_starts_at(&self, pos: usize) -> bool {
        self.hit_at(pos).is_some()
    }

    /// The label hit starting exactly at `pos`. Hits are disjoint and sorted by start, so
    /// this is a binary search, as are all position lookups here: a page that is one long
    /// line of labels must not turn them quadratic.
    fn hit_at(&self, pos: usize) -> Option<usize> {
        let h = self.hits.partition_point(|hit| hit.start < pos);
        (self.hits.get(h)?.start == pos).then_some(h)
    }

    /// The last label hit on line `line` that ends at or before `pos`.
    fn last_hit_before(&self, line: usize, pos: usize) -> Option<usize> {
        let h = self.hits.partition_point(|hit| hit.end <= pos).checked_sub(1)?;
        (self.hits[h].start >= self.layout.lines[line].start).then_some(h)
    }

    /// Label hits on the line that stand alone in their cell, as in a form header row or a
    /// label printed above its value.
    pub fn header_hits(&self, line: usize) -> Vec<usize> {
        self.per_line[line]
            .iter()
            .copied()
            .filter(|&h| {
                let hit = &self.hits[h];
                self.label_starts_cell(line, hit)
                    && self.label_ends_cell(line, hit)
                    && !self.next_cell_has_value(line, hit)
            })
            .collect()
    }

    /// Columns of a line: its cells, with cells that one label spans merged
    /// ("Kenteken⇥tegenpartij" is one column). (start, end) char ranges.
    pub fn units(&self, line: usize) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        let mut covered = 0;
        for cell in &self.layout.lines[line].cells {
            match out.last_mut() {
                Some(last) if cell.start < covered => last.1 = cell.end,
                _ => out.push((cell.start, cell.end)),
            }
            if let Some(h) = self.hit_at(cell.start) {
                covered = covered.max(self.hits[h].end);
            }
        }
        out
    }

    /// The column of `value_line` that holds `pos`, paired with a column of `header_line`
    /// when both lines have the same number of columns (more than one): a two-column
    /// label row over a two-column value row pairs by position, whatever the widths.
    pub fn paired_unit(&self, header_line: usize, value_line: usize, pos: usize) -> Option<(usize, usize)> {
        let head = self.units(header_line);
        let vals = self.units(value_line);
        if head.len() < 2 || head.len() != vals.len() {
            return None;
        }
        let i = vals.iter().position(|&(s, e)| (s..e.max(s + 1)).contains(&pos))?;
        Some(head[i])
    }

    /// The value column under the header column holding `pos` (a label's start), when the
    /// two lines pair by column index: `None` when they do not pair, `Some(None)` when
    /// they pair but the column has no value cell.
    pub fn paired_unit_of_header(&self, header_line: usize, value_line: usize, pos: usize) -> Option<Option<usize>> {
        let head = self.units(header_line);
        let vals = self.units(value_line);
        if head.len() < 2 || head.len() != vals.len() {
            return None;
        }
        let i = head.iter().position(|&(s, e)| (s..e.max(s + 1)).contains(&pos))?;
        Some(vals.get(i).map(|u| u.0))
    }

    /// The header (among `headers` on `header_line`) whose column holds `pos` on
    /// `value_line`: paired by column index when the lines have as many columns, else by
    /// char column, from the header cell's start to the start of the next cell. A little
    /// slack to the left absorbs right-aligned numbers and proportional fonts.
    pub fn column_owner(&self, header_line: usize, value_line: usize, pos: usize, headers: &[usize]) -> Option<usize> {
        if let Some((s, e)) = self.paired_unit(header_line, value_line, pos) {
            return headers.iter().copied().find(|&h| (s..e).contains(&self.hits[h].start));
        }
        let col = pos - self.layout.lines[value_line].start;
        let line = &self.layout.lines[header_line];
        let mut best = None;
        for &h in headers {
            let hit = &self.hits[h];
            let cell_idx = self.layout.cell_of(header_line, hit.start)?;
            let from = (line.cells[cell_idx].start - line.start).saturating_sub(2);
            let last_idx = self
                .layout
                .cell_of(header_line, hit.end.saturating_sub(1))
                .unwrap_or(cell_idx);
            let to = line
                .cells
                .get(last_idx + 1)
                .map_or(usize::MAX, |c| c.start - line.start);
            if (from..to).contains(&col) {
                best = Some(h);
            }
        }
        best
    }

    /// The label governing a value that starts at `pos`, with how it is placed.
    pub fn governing(&self, pos: usize) -> Option<(usize, Anchor)> {
        let line_idx = self.layout.line_of(pos);
        let value_cell = self.layout.cell_of(line_idx, pos)?;
        // Nearest label before the value on its own line.
        if let Some(h) = self.last_hit_before(line_idx, pos) {
            let hit = &self.hits[h];
            let hit_cell = self.hit_cell(line_idx, hit)?;
            if hit_cell == value_cell {
                let gap = &self.t[hit.end..pos];
                if only_separators(gap) {
                    return Some((h, Anchor::Adjacent));
                }
                if gap.len() <= MAX_NEAR_GAP {
                    return Some((h, Anchor::Near));
                }
                return None;
            }
            if hit_cell + 1 == value_cell {
                if self.label_ends_cell(line_idx, hit) {
                    return Some((h, Anchor::NextCell));
                }
                // A compound label cell ("Postcode / Woonplaats   3511 AB Utrecht"): short
                // wording after the label, but no value of its own (no digits).
                let cell = self.layout.lines[line_idx].cells[hit_cell];
                let rest = &self.t[hit.end..cell.end];
                if rest.len() <= MAX_COMPOUND_REST && !rest.iter().any(char::is_ascii_digit) {
                    return Some((h, Anchor::Near));
                }
            }
            // A label earlier on the line that does not govern the value: the line is a
            // label/value row, so do not look for a header above.
            return None;
        }
        // Label over value: the value must open its cell.
        let cell = self.layout.lines[line_idx].cells[value_cell];
        if !only_separators(&self.t[cell.start..pos]) {
            return None;
        }
        let mut above = self.layout.line_above(line_idx)?;
        // A bracketed hint printed under its label ("Inschrijvingsnummer ⏎ (kenteken) ⏎
        // RB-ZH-63") stands between the label and the value.
        if self.hint_line(above) {
            above = self.layout.line_above(above)?;
        }
        let headers = self.header_hits(above);
        if let Some(h) = self.column_owner(above, line_idx, pos, &headers) {
            return Some((h, Anchor::Above));
        }
        // A label that ends the line above, and a value alone on the next line: the text
        // layer wrote the value right after its label, in reading order, though the
        // columns of the two lines do not align (a label cell of the B column followed by
        // the value under it).
        let last = self.layout.lines[above].cells.last()?;
        let single = self.layout.lines[line_idx].cells.len() == 1 && value_cell == 0;
        headers
            .iter()
            .copied()
            .find(|&h| {
                single
                    && self.hit_cell(above, &self.hits[h]) == Some(self.layout.lines[above].cells.len() - 1)
                    && self.hits[h].end <= last.end
            })
            .map(|h| (h, Anchor::Above))
    }

    /// True when line `l` is one bracketed hint ("(kenteken)", "(zie verzekeringsbewijs)").
    fn hint_line(&self, l: usize) -> bool {
        match self.layout.lines[l].cells.as_slice() {
            [c] => self.t[c.start] == '(' && self.t[c.end - 1] == ')' && c.end - c.start <= 40,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(std::string::ToString::to_string).collect()
    }

    #[test]
    fn longest_label_wins_and_relations() {
        let own = strings(&["Kenteken:"]);
        let other = strings(&["kenteken tegenpartij"]);
        let none: Vec<String> = Vec::new();
        let specs = [
            FactSpec {
                id: "licence_plate",
                fact_type: FactType::LicencePlate,
                labels: &own,
                distractors: &none,
                options: &[],
            },
            FactSpec {
                id: "counterparty_licence_plate",
                fact_type: FactType::LicencePlate,
                labels: &other,
                distractors: &none,
                options: &[],
            },
        ];
        let lexicon = Lexicon::for_specs(&specs, &[], &[]);
        let mut index = LabelIndex::new(&specs, &lexicon);
        let t: Vec<char> = "KENTEKEN   AB-123-C   Kenteken  tegenpartij:   12-ABC-3"
            .chars()
            .collect();
        let hits = index.hits(&t);
        assert_eq!(hits.len(), 2, "{hits:?}");
        let words: Vec<String> = hits.iter().map(|h| t[h.start..h.end].iter().collect()).collect();
        assert_eq!(words, ["KENTEKEN", "Kenteken  tegenpartij"]);
        assert_eq!(index.relation(hits[0].key, 0), Relation::Own);
        assert_eq!(
            index.relation(hits[1].key, 0),
            Relation::Excluded,
            "same type, other fact"
        );
        assert_eq!(index.relation(hits[1].key, 1), Relation::Own);

        let page = Labelled::new(&t, &mut index);
        let g = |p: usize| page.governing(p).map(|(h, a)| (page.hits[h].key, a));
        assert_eq!(g(11), Some((hits[0].key, Anchor::NextCell)));
        assert_eq!(g(48), Some((hits[1].key, Anchor::NextCell)));
    }

    #[test]
    fn governing_rules() {
        let labels = strings(&["schadedatum", "datum van het ongeval", "totaal"]);
        let none: Vec<String> = Vec::new();
        let specs = [FactSpec {
            id: "x",
            fact_type: FactType::Date,
            labels: &labels,
            distractors: &none,
            options: &[],
        }];
        let lexicon = Lexicon::for_specs(&specs, &[], &[]);
        let mut index = LabelIndex::new(&specs, &lexicon);
        let rows: [(&str, &str, Option<Anchor>, &str); 11] = [
            (
                "Schadedatum   03-02-2023\n12-05-1980",
                "12",
                None,
                "label above already has its own value",
            ),
            ("Schadedatum: 03-02-2023", "03", Some(Anchor::Adjacent), "colon"),
            (
                "Datum van het ongeval\n03-02-2023",
                "03",
                Some(Anchor::Above),
                "label above",
            ),
            (
                "Datum van het ongeval\n\n03-02-2023",
                "03",
                Some(Anchor::Above),
                "one blank line",
            ),
            // Inside a line every word of a label must be the label's: "incl. BTW" are
            // words between this case type's label "totaal" and the value.
            ("Totaal te zien € 5", "€", Some(Anchor::Near), "words in between"),
            (
                "Totaal incl. BTW € 5",
                "€",
                Some(Anchor::Adjacent),
                "incl. BTW qualifies the label",
            ),
            (
                "Totaal volgens offerte € 5",
                "€",
                Some(Anchor::Near),
                "words in between",
            ),
            (
                "Schadedatum: 03-02-2023   12-05-1980",
                "12",
                None,
                "label's cell has a value",
            ),
            ("Schadedatum: x\n03-02-2023", "03", None, "label above is not alone"),
            (
                "Naam   Schadedatum\nJan    03-02-2023",
                "03",
                Some(Anchor::Above),
                "header column",
            ),
            (
                "Schadedatum   Naam\n03-02-2023   Jan   12-05-1980",
                "12",
                None,
                "outside column",
            ),
        ];
        for (text, needle, want, msg) in rows {
            let t: Vec<char> = text.chars().collect();
            let page = Labelled::new(&t, &mut index);
            let byte = text.rfind(needle).unwrap_or(0);
            let pos = text[..byte].chars().count();
            assert_eq!(page.governing(pos).map(|g| g.1), want, "{text:?}: {msg}");
        }
    }

    #[test]
    fn sides_prose_and_companies() {
        let plate = strings(&["kenteken", "registration"]);
        let other = strings(&["kenteken voertuig b", "kenteken tegenpartij"]);
        let none: Vec<String> = Vec::new();
        let specs = [
            FactSpec {
                id: "licence_plate",
                fact_type: FactType::LicencePlate,
                labels: &plate,
                distractors: &none,
                options: &[],
            },
            FactSpec {
                id: "counterparty_licence_plate",
                fact_type: FactType::LicencePlate,
                labels: &other,
                distractors: &none,
                options: &[],
            },
        ];
        let lexicon = Lexicon::for_specs(&specs, &[], &[]);
        let mut index = LabelIndex::new(&specs, &lexicon);
        assert!(!index.is_b_side(0) && index.is_b_side(1));
        let at = |text: &str, needle: &str| text[..text.rfind(needle).unwrap_or(0)].chars().count();

        let text = "Voertuig A\tVoertuig B\nKenteken: AB-12-CD\tKenteken: 12-ABC-3\n\tMerk: Kia\n14. Opmerkingen\nx";
        let t: Vec<char> = text.chars().collect();
        let page = Labelled::new(&t, &mut index);
        assert_eq!(page.side_at(at(text, "AB-12")), Side::A);
        assert_eq!(page.side_at(at(text, "12-ABC")), Side::B);
        assert_eq!(page.side_at(at(text, "Merk")), Side::B, "empty A column");
        assert_eq!(
            page.side_at(at(text, "x")),
            Side::Neutral,
            "numbered heading ends the sides"
        );
        let b_hit = page
            .hits
            .iter()
            .position(|h| h.start == at(text, "Kenteken: 12"))
            .unwrap_or(0);
        let key = page.hits[b_hit].key;
        assert_eq!(index.relation_on(key, 0, Side::B), Relation::Excluded);
        assert_eq!(index.relation_on(key, 1, Side::B), Relation::Own);
        assert_eq!(index.relation_on(key, 1, Side::A), Relation::Excluded);

        let text = "Vehicle B\nRegistration: 9-BHH-01\nRegistration number: x";
        let t: Vec<char> = text.chars().collect();
        let page = Labelled::new(&t, &mut index);
        assert_eq!(page.side_at(at(text, "9-BHH")), Side::B, "B section");

        let text =
            "De bestuurder van de auto\nmet kenteken GS-415-L gaf\nmijn Kia met kenteken 0-GRR-04\nKenteken: AB-12-CD";
        let t: Vec<char> = text.chars().collect();
        let page = Labelled::new(&t, &mut index);
        let prose: Vec<(bool, bool)> = (0..page.hits.len())
            .map(|h| (page.in_prose(h), page.possessive_before(h)))
            .collect();
        assert_eq!(
            prose,
            [(true, false), (true, true), (false, false)],
            "wrapped prose, possessive, a form label"
        );

        let text = "Garage Jansen B.V.\nTel. 030-1234567\nFACTUUR\nTel. 06-12345678\nIBAN NL91 t.n.v. Autobedrijf Smit";
        let t: Vec<char> = text.chars().collect();
        let page = Labelled::new(&t, &mut index);
        let company: Vec<bool> = ["030-", "FACTUUR", "06-", "NL91"]
            .iter()
            .map(|n| page.in_company(at(text, n)))
            .collect();
        assert_eq!(company, [true, false, false, true]);
    }
}
