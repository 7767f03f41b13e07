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

use std::collections::HashMap;

use super::text::{Layout, is_space, lower};
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
    /// Same cell, some words in between ("Totaal incl. BTW € 1.234,56" for "totaal").
    Near,
}

impl Anchor {
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
    /// Lower-cased words of the label.
    words: Vec<Vec<char>>,
    /// Facts (by index into the specs) that own the label.
    owners: Vec<usize>,
    /// Facts that list it as a distractor.
    distracted: Vec<usize>,
}

/// All labels of all requested facts, deduplicated.
#[derive(Debug)]
pub(crate) struct LabelIndex {
    keys: Vec<Key>,
    types: Vec<FactType>,
    /// First lower-cased char → keys starting with it, to avoid trying every label at
    /// every position.
    by_first: HashMap<char, Vec<usize>>,
}

fn label_words(label: &str) -> Vec<Vec<char>> {
    let trimmed = label.trim().trim_end_matches(':').trim_end();
    trimmed
        .split_whitespace()
        .map(|w| w.chars().map(lower).collect())
        .collect()
}

impl LabelIndex {
    pub fn new(specs: &[FactSpec<'_>]) -> LabelIndex {
        let mut keys: Vec<Key> = Vec::new();
        let mut lookup: HashMap<Vec<Vec<char>>, usize> = HashMap::new();
        for (s, spec) in specs.iter().enumerate() {
            let all = spec
                .labels
                .iter()
                .map(|l| (l, true))
                .chain(spec.distractors.iter().map(|l| (l, false)));
            for (label, own) in all {
                let words = label_words(label);
                if words.is_empty() {
                    continue;
                }
                let k = *lookup.entry(words.clone()).or_insert_with(|| {
                    keys.push(Key {
                        words,
                        owners: Vec::new(),
                        distracted: Vec::new(),
                    });
                    keys.len() - 1
                });
                let list = if own {
                    &mut keys[k].owners
                } else {
                    &mut keys[k].distracted
                };
                if !list.contains(&s) {
                    list.push(s);
                }
            }
        }
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (k, key) in keys.iter().enumerate() {
            if let Some(&c) = key.words.first().and_then(|w| w.first()) {
                by_first.entry(c).or_default().push(k);
            }
        }
        LabelIndex {
            keys,
            types: specs.iter().map(|s| s.fact_type).collect(),
            by_first,
        }
    }

    /// How the label `key` relates to fact `spec`. Own beats distractor if a case type
    /// lists a label as both (a configuration slip we should not punish).
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

    /// End index of label `key` matched at `i`, if it matches there.
    fn match_at(&self, t: &[char], i: usize, key: usize) -> Option<usize> {
        let words = &self.keys[key].words;
        let mut j = i;
        for (w, word) in words.iter().enumerate() {
            if w > 0 {
                let k = super::text::skip_spaces(t, j);
                if k == j {
                    return None;
                }
                j = k;
            }
            for &c in word {
                if j >= t.len() || lower(t[j]) != c {
                    return None;
                }
                j += 1;
            }
        }
        // Word boundary at the end, unless the label itself ends in punctuation
        // ("incl.").
        let last_alnum = t[j - 1].is_alphanumeric();
        if last_alnum && t.get(j).is_some_and(|c| c.is_alphanumeric()) {
            return None;
        }
        Some(j)
    }

    /// All label hits on the page, overlaps resolved longest-first, sorted by position.
    pub fn hits(&self, t: &[char]) -> Vec<LabelHit> {
        let mut all = Vec::new();
        for i in 0..t.len() {
            if i > 0 && t[i - 1].is_alphanumeric() && t[i].is_alphanumeric() {
                continue;
            }
            let Some(keys) = self.by_first.get(&lower(t[i])) else {
                continue;
            };
            for &key in keys {
                if let Some(end) = self.match_at(t, i, key) {
                    all.push(LabelHit { start: i, end, key });
                }
            }
        }
        // Longest first; ties by position, then key, for determinism.
        all.sort_by(|a, b| {
            (b.end - b.start)
                .cmp(&(a.end - a.start))
                .then(a.start.cmp(&b.start))
                .then(a.key.cmp(&b.key))
        });
        let mut kept: Vec<LabelHit> = Vec::new();
        for h in all {
            if kept.iter().all(|k| h.end <= k.start || k.end <= h.start) {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| (h.start, h.key));
        kept
    }
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
    "opmerkingen",
    "remarks",
    "nummer",
    "number",
    "polisnummer",
    "klantnummer",
    "schadenummer",
    "iban",
    "rekeningnummer",
];

/// True when the cell text reads as a field label rather than a value.
pub(crate) fn looks_like_label(cell: &[char]) -> bool {
    if cell.last() == Some(&':') {
        return true;
    }
    let text: String = cell.iter().map(|&c| lower(c)).collect();
    GENERIC_LABELS.contains(&text.as_str())
}

/// Separator characters allowed between a label and its value: spaces, a colon, and the
/// punctuation forms use ("Polisnr.: ", "Kenteken - AB-123-C", "Bedrag = € 5").
fn is_separator(c: char) -> bool {
    is_space(c) || matches!(c, ':' | '-' | '–' | '=' | '#' | '.' | '>')
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
}

/// Longest stretch of words allowed between a label and a value in the same cell.
const MAX_NEAR_GAP: usize = 40;
/// Longest wording after a label in a compound label cell.
const MAX_COMPOUND_REST: usize = 25;

impl<'t> Labelled<'t> {
    pub fn new(t: &'t [char], index: &LabelIndex) -> Labelled<'t> {
        let layout = Layout::new(t);
        let hits = index.hits(t);
        let mut per_line = vec![Vec::new(); layout.lines.len()];
        for (h, hit) in hits.iter().enumerate() {
            per_line[layout.line_of(hit.start)].push(h);
        }
        Labelled {
            t,
            layout,
            hits,
            per_line,
        }
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
        self.layout
            .cell_of(line, h.start)
            .is_some_and(|c| self.layout.lines[line].cells[c].start == h.start)
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
        let line = self.layout.line_of(pos);
        self.per_line[line].iter().any(|&h| self.hits[h].start == pos)
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

    /// Column range of a header cell on `line`: from its start to the start of the next
    /// cell, so a value below belongs to the header whose column it falls into. A little
    /// slack to the left absorbs right-aligned numbers and proportional fonts.
    pub fn column_owner(&self, header_line: usize, col: usize, headers: &[usize]) -> Option<usize> {
        let line = &self.layout.lines[header_line];
        let mut best = None;
        for &h in headers {
            let hit = &self.hits[h];
            let cell_idx = self.layout.cell_of(header_line, hit.start)?;
            let from = (line.cells[cell_idx].start - line.start).saturating_sub(2);
            let to = line
                .cells
                .get(cell_idx + 1)
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
        let before = self.per_line[line_idx]
            .iter()
            .copied()
            .rfind(|&h| self.hits[h].end <= pos);
        if let Some(h) = before {
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
        let above = self.layout.line_above(line_idx)?;
        let headers = self.header_hits(above);
        let col = pos - self.layout.lines[line_idx].start;
        self.column_owner(above, col, &headers).map(|h| (h, Anchor::Above))
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
            },
            FactSpec {
                id: "counterparty_licence_plate",
                fact_type: FactType::LicencePlate,
                labels: &other,
                distractors: &none,
            },
        ];
        let index = LabelIndex::new(&specs);
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

        let page = Labelled::new(&t, &index);
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
        }];
        let index = LabelIndex::new(&specs);
        let rows: [(&str, &str, Option<Anchor>, &str); 9] = [
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
            ("Totaal incl. BTW € 5", "€", Some(Anchor::Near), "words in between"),
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
            let page = Labelled::new(&t, &index);
            let byte = text.rfind(needle).unwrap_or(0);
            let pos = text[..byte].chars().count();
            assert_eq!(page.governing(pos).map(|g| g.1), want, "{text:?}: {msg}");
        }
    }
}
