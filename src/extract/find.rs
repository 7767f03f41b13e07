//! `find_facts`: candidates for each requested fact on one page.
//!
//! Two routes, by fact type:
//! * shaped values (dates, amounts, plates, IBAN, email, phone, postcode) are found by the
//!   scanners wherever they are, then scored by the label that governs them;
//! * shapeless values (policy numbers, names, free text, yes/no, choices) are read from the
//!   slot after one of the fact's own labels and are never proposed without one.

use std::collections::HashSet;

use super::labels::{
    Anchor, LabelIndex, Labelled, Relation, Side, Speaker, is_separator, looks_like_label, only_separators,
};
use super::lexicon::Lexicon;
use super::normalize::{normalize_name, normalize_policy};
use super::parse::yes_no_word;
use super::scan::{Pattern, scan};
use super::text::{collapse_ws, is_space, tick_box};
use super::types::{FactSpec, FactType, Found, How, label_anchored};

/// A page rarely holds more than a couple of plausible values for one fact; more would
/// only be noise for the reviewer.
const MAX_PER_FACT: usize = 3;

/// Confidence factor when a weak shape (amount without currency, undashed plate) is
/// carried by a label.
const WEAK_SHAPE: f64 = 0.9;
/// Confidence factor when another value of the same type sits between the label and this
/// one ("Kenteken: AB-123-C (tegenpartij: 12-ABC-3)"): the label announces the first one,
/// so the later one ends below a typical review threshold instead of forcing a conflict.
const NOT_FIRST: f64 = 0.4;
/// Confidence factor when the nearest label announces something of another type, or
/// when an unlabelled date is a letter's dateline ("Amsterdam, 16 mei 2025").
const FOREIGN_LABEL: f64 = 0.5;
/// Confidence of the name of a business document's addressee.
const ADDRESSEE: f64 = 0.7;
/// Confidence of a choice named somewhere on the page without a label.
const NAMED_CHOICE: f64 = 0.6;
/// Confidence of a value whose sentence names its fact ("Het ongeval gebeurde op 7 juli
/// 2022"): a statement in words, less certain than a form's label.
const PROSE_OWN: f64 = 0.82;
/// Confidence of a weak shape (an undashed plate) after a label word in running prose:
/// the word says what it is, not whose.
const PROSE_WEAK_SHAPE: f64 = 0.2;

/// True when a date is a letter's dateline: alone on its line after a place and a comma
/// ("Amsterdam, 16 mei 2025", "'s-Hertogenbosch, 25th September 2024").
///
/// Reads outwards from the date and stops at the first char that rules it out, so a page
/// that is one long line of dates stays linear.
fn dateline(t: &[char], start: usize, end: usize) -> bool {
    let mut rest = t[end..].iter().take_while(|&&c| c != '\n');
    if !rest.clone().all(|&c| is_separator(c)) && !rest.all(|&c| is_space(c) || c == '.') {
        return false;
    }
    // Backwards on the line: blanks, a comma, then one to three words of a place name.
    let blank = |i: usize| i > 0 && t[i - 1] != '\n' && t[i - 1].is_whitespace();
    let mut i = start;
    while blank(i) {
        i -= 1;
    }
    if i == 0 || t[i - 1] != ',' {
        return false;
    }
    i -= 1;
    let (mut words, mut upper) = (0, false);
    loop {
        while blank(i) {
            i -= 1;
        }
        if i == 0 || t[i - 1] == '\n' {
            return words > 0 && upper;
        }
        if words == 3 {
            return false;
        }
        words += 1;
        while i > 0 && !t[i - 1].is_whitespace() {
            let c = t[i - 1];
            if !(c.is_alphabetic() || matches!(c, '-' | '\'' | '.')) {
                return false;
            }
            upper |= c.is_uppercase();
            i -= 1;
        }
    }
}

#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    normalized: String,
    confidence: f64,
    /// Announced by one of the fact's own labels.
    labelled: bool,
    /// Chars between the announcing label and the value (ties go to the nearest).
    dist: usize,
    how: How,
    /// A shape that only a label makes a value (an undashed plate, a two-digit year).
    weak_shape: bool,
    /// The announcing label names the claimant ("Telefoon klant").
    claimants_label: bool,
}

/// Finds candidates for every fact in `specs` on one page of text.
///
/// Each returned [`Found`] satisfies `value_raw == page_text.chars().skip(char_start)
/// .take(char_end - char_start)`. Per fact: when any value is announced by one of the
/// fact's own labels, unlabelled values are dropped; equal normalized values are reported
/// once (the best-placed occurrence); at most three candidates, best first.
pub fn find_facts(page_text: &str, specs: &[FactSpec<'_>]) -> Vec<Found> {
    let lexicon = Lexicon::for_specs(specs, &[], &[]);
    find_facts_with(page_text, specs, &lexicon)
}

/// [`find_facts`] with a case type's vocabulary (its synonyms and words for other parties),
/// built once per case type with [`Lexicon::for_specs`].
pub fn find_facts_with(page_text: &str, specs: &[FactSpec<'_>], lexicon: &Lexicon) -> Vec<Found> {
    let t: Vec<char> = page_text.chars().collect();
    let mut index = LabelIndex::new(specs, lexicon);
    let page = Labelled::new(&t, &mut index);
    let patterns = if specs.iter().any(|s| !label_anchored(s.fact_type)) {
        scan(&t)
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    for (s, spec) in specs.iter().enumerate() {
        let cands = if spec.fact_type == FactType::Choice && !spec.options.is_empty() {
            let labelled = anchored(&page, &index, s, spec.fact_type, spec.options);
            if labelled.is_empty() {
                named_choice(&page, spec.options)
            } else {
                labelled
            }
        } else if label_anchored(spec.fact_type) {
            let labelled = anchored(&page, &index, s, spec.fact_type, spec.options);
            if !labelled.is_empty() {
                labelled
            } else if index.narrative_fact() == Some(s) {
                narrative(&page, &patterns)
            } else if spec.fact_type == FactType::Text {
                let by_shape = prose_address(&page, &index, s, &patterns);
                if by_shape.is_empty() {
                    prose_place(&page, &index, spec, &patterns)
                } else {
                    by_shape
                }
            } else {
                labelled
            }
        } else {
            shaped(&page, &index, s, spec.fact_type, &patterns)
        };
        // An account of what happened is told, not named: a short answer that names an
        // option of a choice ("Wat is er gebeurd? ⇥ Hagelschade", "Single-vehicle
        // accident") answers that choice.
        let cands = if index.narrative_fact() == Some(s) {
            cands
                .into_iter()
                .filter(|c| !names_an_option(&t, c.start, c.end, specs))
                .collect()
        } else {
            cands
        };
        out.extend(select(cands).into_iter().map(|c| Found {
            fact_id: spec.id.to_string(),
            ragged: match spec.fact_type {
                FactType::Text => ragged_text(&t, c.start),
                FactType::PersonName => !t[c.start..c.end].iter().any(|&ch| is_space(ch)),
                _ => false,
            },
            value_raw: t[c.start..c.end].iter().collect(),
            value_normalized: c.normalized,
            confidence: c.confidence,
            char_start: c.start,
            char_end: c.end,
            labelled: c.labelled,
            how: c.how,
            weak_shape: c.weak_shape,
            claimants_label: c.claimants_label,
        }));
    }
    out
}

/// True when free text starting at `start` was cut from its context: it opens with
/// punctuation (", straat) Nederland …"), or in lower case right after a word on the same
/// line ("… woning aan de Laan …"); lower case at a cell's start ("kruising …") is fine.
fn ragged_text(t: &[char], start: usize) -> bool {
    let Some(&first) = t.get(start) else {
        return false;
    };
    let mut i = start;
    while i > 0 && t[i - 1] == ' ' {
        i -= 1;
    }
    let after_word = i < start && i > 0 && (t[i - 1].is_alphabetic() || t[i - 1] == ',');
    first.is_ascii_punctuation() || (first.is_lowercase() && after_word)
}

/// Keeps the labelled candidates if there are any, one per normalized value, best first.
fn select(mut cands: Vec<Cand>) -> Vec<Cand> {
    if cands.iter().any(|c| c.labelled) {
        cands.retain(|c| c.labelled);
    }
    for c in &mut cands {
        // Two decimals are all the precision these heuristics have.
        c.confidence = (c.confidence.clamp(0.0, 1.0) * 100.0).round() / 100.0;
    }
    cands.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.dist.cmp(&b.dist))
            .then(a.start.cmp(&b.start))
    });
    let mut seen: HashSet<String> = HashSet::new();
    cands.retain(|c| seen.insert(c.normalized.clone()));
    cands.truncate(MAX_PER_FACT);
    // Equal confidences would leave the choice to resolution, which orders ties by value
    // (the earlier date would win): the value nearest its label, then earliest on the
    // page, is preferred by a hundredth.
    for i in 1..cands.len() {
        if cands[i].confidence >= cands[i - 1].confidence && cands[i].confidence > 0.0 {
            cands[i].confidence = ((cands[i - 1].confidence - 0.01).max(0.0) * 100.0).round() / 100.0;
        }
    }
    cands
}

/// Shaped values of the fact's type, scored by their governing label.
fn shaped(
    page: &Labelled<'_>,
    index: &LabelIndex<'_>,
    spec: usize,
    fact_type: FactType,
    patterns: &[Pattern],
) -> Vec<Cand> {
    let mut out = Vec::new();
    let contact = matches!(
        fact_type,
        FactType::Email | FactType::Phone | FactType::Iban | FactType::Postcode
    );
    for p in patterns.iter().filter(|p| p.fact_type == fact_type) {
        // A garage's letterhead or footer holds the garage's contact details, never the
        // claimant's.
        if contact && page.in_company(p.start) && !index.is_b_side(spec) {
            continue;
        }
        // A witness's or broker's section holds their details.
        if contact && page.in_others_section(p.start) && !index.is_b_side(spec) {
            continue;
        }
        let mut prose_typed = false;
        let mut in_prose = false;
        // In an A/B grid the row's label governs the B cell too, for the B side.
        let row_b = page.governing(p.start).is_none() && page.row_label_of_b_cell(p.start).is_some();
        let governing = page
            .governing(p.start)
            .or_else(|| page.row_label_of_b_cell(p.start).map(|h| (h, Anchor::NextCell)));
        let governing = governing.and_then(|(h, anchor)| {
            if !page.in_prose(h) {
                return Some((h, anchor));
            }
            in_prose = true;
            // A label word inside a sentence ("… de auto met kenteken 36-ZR-SR gaf …")
            // says little about whose value it is, unless the sentence says "my". It does
            // say what the value is, so a weak shape after it is still a (bare) value.
            prose_typed = index.relation(page.hits[h].key, spec) != Relation::Unrelated;
            // "… met kenteken …" after "de bestuurder van de andere auto": the other
            // party's, read on vehicle B's side below.
            let speaker = page.speaker_before(index, page.hits[h].start);
            ((page.possessive_before(h) && matches!(speaker, Speaker::Claimant | Speaker::Writer))
                || speaker == Speaker::OtherParty)
                .then_some((h, Anchor::Near))
        });
        // Whom the sentence speaks of before the value's label (or the value): a witness's
        // or a garage's number in a letter is theirs, the other driver's plate is vehicle B's.
        let speaker = match governing {
            _ if !personal(fact_type) => Speaker::Unknown,
            Some((h, _)) if in_prose => page.speaker_before(index, page.hits[h].start),
            Some((h, _)) => page.speaker_before_label(index, h),
            None => page.speaker_before(index, p.start),
        };
        if personal(fact_type) && !index.is_b_side(spec) && speaker == Speaker::Someone {
            continue;
        }
        // A row headed by someone else ("Getuigen: namen, adressen, tel. ⇥ M. Bos, tel.
        // 06-…") holds their details, whatever labels stand inside its cells; a label in a
        // cell of its own ("… ⇥ E-mail ⇥ …") still speaks for itself.
        let own_cell_label = governing.is_some_and(|(_, a)| matches!(a, Anchor::NextCell | Anchor::Above));
        if personal(fact_type) && !index.is_b_side(spec) && !own_cell_label && row_about_other(page, index, p.start) {
            continue;
        }
        // No label governs it: what does its sentence say ("Het ongeval gebeurde op 7 juli
        // 2022", "… over te maken op rekeningnummer NL65 INGB …")?
        // A label word of an impersonal fact inside the sentence ("The contractor estimates the
        // cost at EUR 6,783.00") is what the sentence reading is for.
        let sentence =
            if governing.is_none() && (!personal(fact_type) || (!prose_typed && page.possessive_near(p.start))) {
                let (a, b) = page.sentence_around(p.start, p.end);
                let words = index.words_of(page.t, &[(a, p.start), (p.end, b)]);
                let (owners, excluded) = index.read_sentence(&words, fact_type);
                // A sentence says what a value is only when it has a value's full shape: a bare
                // number near "schade" is a post box or a day count, not the damage amount.
                if owners.contains(&spec) && !p.needs_label {
                    Some(Relation::Own)
                } else if excluded.contains(&spec) {
                    Some(Relation::Excluded)
                } else {
                    None
                }
            } else {
                None
            };
        let claimants_label = governing.is_some_and(|(h, _)| {
            let hit = page.hits[h];
            index.names_claimant(&index.words_of(page.t, &[(hit.start, hit.end)]))
        });
        let (confidence, labelled, dist, how) = match governing {
            Some((h, anchor)) => {
                let hit = page.hits[h];
                let side = match page.side_at(if row_b { p.start } else { hit.start }) {
                    Side::Neutral if speaker == Speaker::OtherParty => Side::B,
                    side => side,
                };
                match index.relation_on(hit.key, spec, side) {
                    Relation::Own
                        if fact_type == FactType::Money && anchor == Anchor::Above && column_header(page, h) =>
                    {
                        continue;
                    }
                    // A shape that only a label makes a value needs that label right
                    // before it, not words away ("het totaalbedrag binnen 30 dagen").
                    Relation::Own if p.needs_label && anchor == Anchor::Near && !in_prose => continue,
                    Relation::Own => {
                        let mut c = anchor.confidence();
                        if p.needs_label {
                            c *= WEAK_SHAPE;
                        }
                        if anchor != Anchor::Above && !row_b && value_between(patterns, fact_type, hit.end, p.start) {
                            c *= NOT_FIRST;
                        }
                        let how = if in_prose { How::Prose } else { anchor.how() };
                        (c, true, p.start.saturating_sub(hit.end), how)
                    }
                    Relation::Excluded => continue,
                    Relation::Unrelated if p.needs_label => continue,
                    Relation::Unrelated => (p.bare * FOREIGN_LABEL, false, usize::MAX, How::Bare),
                }
            }
            None if sentence == Some(Relation::Own) => {
                let mut c = PROSE_OWN;
                if p.needs_label {
                    c *= WEAK_SHAPE;
                }
                (c, true, 0, How::Prose)
            }
            None if sentence == Some(Relation::Excluded) => continue,
            None if speaker == Speaker::OtherParty && !index.is_b_side(spec) => continue,
            // "De auto van de tegenpartij had kenteken 71-GNB-4.": the other party's.
            None if speaker == Speaker::OtherParty && !p.needs_label => (PROSE_OWN, true, 0, How::Prose),
            // "U kunt mij bereiken op 06-…", "mijn Mazda CX-5 (3-GVG-86)": a value of a
            // full shape the writer gives as their own.
            None if (speaker == Speaker::Claimant || (speaker == Speaker::Writer && prose_typed))
                && !p.needs_label
                && !index.is_b_side(spec)
                && fact_type != FactType::PersonName
                && page.side_at(p.start) != Side::B =>
            {
                (PROSE_OWN, true, 0, How::Prose)
            }
            // After a label word in prose only an undashed plate is still a (bare) value;
            // a bare number there is a count or a code.
            None if p.needs_label && !(prose_typed && fact_type == FactType::LicencePlate) => continue,
            None => {
                // Bare values on the other party's side are not the claimant's.
                if page.side_at(p.start) == Side::B && !index.is_b_side(spec) {
                    continue;
                }
                let bare = if p.needs_label { PROSE_WEAK_SHAPE } else { p.bare };
                let bare = if fact_type == FactType::Date && dateline(page.t, p.start, p.end) {
                    bare * FOREIGN_LABEL
                } else {
                    bare
                };
                (bare, false, usize::MAX, How::Bare)
            }
        };
        out.push(Cand {
            start: p.start,
            end: p.end,
            normalized: p.normalized.clone(),
            confidence,
            labelled,
            dist,
            how,
            weak_shape: p.needs_label && labelled,
            claimants_label,
        });
    }
    out
}

/// True when the first cell of the line holding `pos` (not the value's own cell) names
/// someone other than the claimant.
fn row_about_other(page: &Labelled<'_>, index: &LabelIndex<'_>, pos: usize) -> bool {
    let line = page.layout.line_of(pos);
    let Some(first) = page.layout.lines[line].cells.first() else {
        return false;
    };
    if first.end > pos {
        return false;
    }
    index.names_other(&index.words_of(page.t, &[(first.start, first.end)]))
}

/// True when label hit `h` continues a sentence: it starts in lower case right after a
/// word ("Het gebeurde op …", "… met de opgegeven toedracht.").
fn mid_sentence(page: &Labelled<'_>, h: usize) -> bool {
    let t = page.t;
    let hit = page.hits[h];
    if !t[hit.start].is_lowercase() {
        return false;
    }
    let mut i = hit.start;
    while i > 0 && t[i - 1] == ' ' {
        i -= 1;
    }
    i < hit.start && i > 0 && (t[i - 1].is_alphabetic() || t[i - 1] == ',')
}

/// True when a value of `fact_type` that needs no label lies within `from..to`.
/// `patterns` is sorted by start, so only the patterns starting in the range are read.
fn value_between(patterns: &[Pattern], fact_type: FactType, from: usize, to: usize) -> bool {
    let first = patterns.partition_point(|q| q.start < from);
    patterns[first..]
        .iter()
        .take_while(|q| q.start < to)
        .any(|q| q.fact_type == fact_type && !q.needs_label && q.end <= to)
}

/// Where the value announced by label hit `h` may be: the rest of the label's cell, the
/// next cell, or the aligned cell on the line below. Returned in that order of preference;
/// only the first that exists is tried by the caller, except that a same-line slot that
/// fails to parse falls through to the line below. `prose`: the value is free text, whose
/// next cell may end in a colon ("Omschrijving: ⇥ Eenzijdig ongeval: ⇥ bij gladheid …").
fn slots(page: &Labelled<'_>, h: usize, prose: bool) -> Vec<(usize, usize, Anchor)> {
    let hit = page.hits[h];
    let layout = &page.layout;
    let line_idx = layout.line_of(hit.start);
    let line = &layout.lines[line_idx];
    let Some(cell_idx) = layout.cell_of(line_idx, hit.end.saturating_sub(1)) else {
        return Vec::new();
    };
    let cell = line.cells[cell_idx];
    let mut out = Vec::new();
    let mut rest = hit.end;
    // A label inside the brackets of a hint ("Toelichting (wat is er gebeurd?)") ends
    // with them.
    let open_bracket = page.t[cell.start..hit.end].iter().rposition(|&c| c == '(');
    let closed = open_bracket.is_some_and(|o| page.t[cell.start + o..hit.end].contains(&')'));
    while rest < cell.end
        && (only_separators(&page.t[rest..rest + 1]) || (page.t[rest] == ')' && open_bracket.is_some() && !closed))
    {
        rest += 1;
    }
    // A hint in brackets belongs to the label ("Plaats (land, plaats, straat)"), also when
    // it wraps onto the next line: the value follows it.
    if rest < cell.end
        && page.t[rest] == '('
        && let Some(close) = page.t[rest..page.t.len().min(rest + MAX_HINT)]
            .iter()
            .position(|&c| c == ')')
            .map(|p| rest + p)
    {
        let close_line = layout.line_of(close);
        let close_cell = layout.cell_of(close_line, close);
        let mut after = close + 1;
        let close_end = close_cell.map_or(after, |c| layout.lines[close_line].cells[c].end);
        while after < close_end && only_separators(&page.t[after..after + 1]) {
            after += 1;
        }
        if after < close_end {
            out.push((after, close_end, Anchor::Adjacent));
            return out;
        }
        if close_line != line_idx {
            let next = close_cell.and_then(|c| layout.lines[close_line].cells.get(c + 1));
            if let Some(next) = next.filter(|n| !page.label_starts_at(n.start)) {
                out.push((next.start, next.end, Anchor::NextCell));
            }
            if let Some(below) = layout.line_below(close_line)
                && let Some(c) = layout.lines[below].cells.first()
                && !page.label_starts_at(c.start)
            {
                out.push((c.start, c.end, Anchor::Above));
            }
            return out;
        }
        rest = cell.end;
    }
    // The label goes on in its cell with a clause of its own ("Adres waar de schade is ⇥
    // Prinses Beatrixlaan 233b", "Address where the damage occurred ⇥ …"): lower-case
    // words without a digit or a colon, and the value in the next cell.
    let qualified = rest < cell.end
        && rest > hit.end
        && page.t[hit.end..rest].iter().all(|&c| c == ' ')
        && (page.t[rest].is_lowercase() || (page.t[rest] == '/' && rest + 1 < cell.end && is_space(page.t[rest + 1])))
        && cell.end - rest <= super::labels::MAX_COMPOUND_REST
        && !page.t[rest..cell.end]
            .iter()
            .any(|c| c.is_ascii_digit() || matches!(c, ':' | ',' | '.'))
        && line
            .cells
            .get(cell_idx + 1)
            .is_some_and(|next| !page.label_starts_at(next.start) && !looks_like_label(&page.t[next.start..next.end]));
    if qualified && let Some(next) = line.cells.get(cell_idx + 1) {
        out.push((next.start, next.end, Anchor::NextCell));
        return out;
    }
    // A label whose clause wraps onto a line of its own ("Adres van de woning waar de
    // schade ⏎ is ⏎ Hoofdweg 106b, …"): the value is the line after the clause's tail.
    if rest < cell.end
        && rest > hit.end
        && page.t[hit.end..rest].iter().all(|&c| c == ' ')
        && page.t[rest].is_lowercase()
        && cell.end - rest <= super::labels::MAX_COMPOUND_REST
        && !page.t[rest..cell.end]
            .iter()
            .any(|c| c.is_ascii_digit() || matches!(c, ':' | ',' | '.'))
        && line.cells.len() == cell_idx + 1
        && let Some(tail) = layout.line_below(line_idx)
        && let [only] = layout.lines[tail].cells.as_slice()
        && page.t[only.start..only.end]
            .iter()
            .all(|&c| c.is_lowercase() || c == ' ')
        && page.t[only.start..only.end]
            .split(|&c| c == ' ')
            .filter(|w| !w.is_empty())
            .count()
            <= 2
        && let Some(below) = layout.line_below(tail)
        && let Some(c) = layout.lines[below].cells.first()
        && !page.label_starts_at(c.start)
    {
        out.push((c.start, c.end, Anchor::Above));
        return out;
    }
    // A question with a note after it in its cell ("What happened? Please describe in
    // detail. ⇥ …"): the answer is the next cell, the note is no value.
    if rest < cell.end
        && page.t[hit.end..rest].contains(&'?')
        && let Some(next) = line.cells.get(cell_idx + 1)
        && !page.label_starts_at(next.start)
    {
        out.push((next.start, next.end, Anchor::NextCell));
        return out;
    }
    // … and when the note wraps onto a line of its own ("What happened? Please describe
    // in ⏎ detail. ⏎ <answer>"), the answer is the line after the note's sentence.
    if rest < cell.end
        && page.t[hit.end..rest].contains(&'?')
        && line.cells.len() == cell_idx + 1
        && let Some(stop) = page.t[rest..page.t.len().min(rest + MAX_HINT)]
            .iter()
            .position(|&c| c == '.' || c == '\t')
            .map(|p| rest + p)
        && page.t[stop] == '.'
        && page.t.get(stop + 1).is_none_or(|&c| c == '\n')
        && let Some(below) = layout.line_below(layout.line_of(stop))
        && let Some(c) = layout.lines[below].cells.first()
        && !page.label_starts_at(c.start)
    {
        out.push((c.start, c.end, Anchor::Above));
        return out;
    }
    if rest < cell.end {
        // Something follows the label in its own cell: that is the value, nothing else.
        out.push((rest, cell.end, Anchor::Adjacent));
        return out;
    }
    if let Some(next) = line.cells.get(cell_idx + 1)
        && !page.label_starts_at(next.start)
        && next_cell_is_value(&page.t[next.start..next.end], prose && cell_idx + 2 < line.cells.len())
    {
        out.push((next.start, next.end, Anchor::NextCell));
    }
    // Label over value: the cell below in the label's column.
    if let Some(below) = layout.line_below(line_idx) {
        let below_line = &layout.lines[below];
        let found = match page.paired_unit_of_header(line_idx, below, hit.start) {
            Some(Some(start)) => below_line.cells.iter().find(|c| c.start == start).copied(),
            Some(None) => None,
            None => {
                let start_cell = layout.cell_of(line_idx, hit.start).unwrap_or(cell_idx);
                let from = (line.cells[start_cell].start - line.start).saturating_sub(2);
                let to = line
                    .cells
                    .get(cell_idx + 1)
                    .map_or(usize::MAX, |c| c.start - line.start);
                below_line
                    .cells
                    .iter()
                    .find(|c| (from..to).contains(&(c.start - below_line.start)))
                    .copied()
            }
        };
        if let Some(c) = found
            && !page.label_starts_at(c.start)
        {
            out.push((c.start, c.end, Anchor::Above));
        }
    }
    out
}

/// True when the cell after a label can be its value: not a label itself. Free text may
/// hold a colon-ended cell when more text follows on the line.
fn next_cell_is_value(cell: &[char], prose: bool) -> bool {
    if !looks_like_label(cell) {
        return true;
    }
    prose && cell.last() == Some(&':') && !looks_like_label(&cell[..cell.len() - 1])
}

/// True when the label at hit `h` heads a column of a table (its line holds at least
/// two other cells, all of them labels: "Omschrijving ⇥ Aantal ⇥ Prijs ⇥ Bedrag"). Free
/// text is not read from under such a header: its column holds line items.
fn table_header(page: &Labelled<'_>, h: usize) -> bool {
    let line_idx = page.layout.line_of(page.hits[h].start);
    let units = page.units(line_idx);
    units.len() >= 3
        && units
            .iter()
            .all(|&(s, e)| page.label_starts_at(s) || looks_like_label(&page.t[s..e]))
}

/// True when label hit `h` heads a column of a table of several columns whose header
/// holds no values ("Omschrijving | Aantal | Prijs | Totaal"): amounts under it are the
/// lines of an invoice or quote, not its total.
fn column_header(page: &Labelled<'_>, h: usize) -> bool {
    let line_idx = page.layout.line_of(page.hits[h].start);
    let units = page.units(line_idx);
    units.len() >= 3
        && units
            .iter()
            .all(|&(s, e)| !page.t[s..e].iter().any(char::is_ascii_digit))
}

/// First position in `start..end` where another field begins: a label hit in upper case
/// or followed by a colon ("Sarah Clarke Geboortedatum …", "Zwolle Schadenummer …"), or
/// a capitalised word with a colon ("Tijd: 14:40"). Readers stop there.
fn field_start(page: &Labelled<'_>, start: usize, end: usize) -> usize {
    let t = page.t;
    let end = end.min(start + MAX_SLOT);
    let first = page.hits.partition_point(|hit| hit.start <= start);
    for (h, hit) in page.hits.iter().enumerate().skip(first) {
        if hit.start >= end {
            break;
        }
        let upper = t[hit.start].is_uppercase();
        let colon = t.get(super::text::skip_spaces(t, hit.end)) == Some(&':');
        // A label word that ends its line after a value in the same cell is the value's
        // last word ("Poppy Price", "Jan Datum"): no field follows it.
        // (Not a heading: "C. TOEDRACHT", "B. HET MOTORRIJTUIG".)
        let cell_from = t[..hit.start]
            .iter()
            .rposition(|&c| matches!(c, '\t' | '\n'))
            .map_or(0, |p| p + 1);
        let before = &t[cell_from..hit.start];
        let mid_cell = hit.start > start
            && before.iter().any(|c| c.is_lowercase())
            && before.split(|c| !c.is_alphabetic()).any(|w| w.len() >= 2);
        let ends_line = t[hit.end..].iter().take_while(|&&c| c != '\n').all(|&c| is_space(c));
        if (upper || colon) && !page.in_prose(h) && !(mid_cell && ends_line && !colon) {
            return hit.start;
        }
    }
    let mut i = start + 1;
    while i < end {
        if is_space(t[i - 1]) && t[i].is_uppercase() {
            let mut w = i;
            while w < end && (t[w].is_alphabetic() || t[w] == '-') {
                w += 1;
            }
            if w < end && t[w] == ':' && w - i >= 3 {
                return i;
            }
        }
        i += 1;
    }
    end
}

/// Values of shapeless types, read after the fact's own labels.
fn anchored(
    page: &Labelled<'_>,
    index: &LabelIndex<'_>,
    spec: usize,
    fact_type: FactType,
    options: &[(String, Vec<String>)],
) -> Vec<Cand> {
    let mut out = Vec::new();
    for (h, hit) in page.hits.iter().enumerate() {
        if index.relation_on(hit.key, spec, page.side_at(hit.start)) != Relation::Own {
            continue;
        }
        // In a section about someone else (a contractor, a witness) an address or an
        // account is theirs, as their phone is.
        if (personal(fact_type) || fact_type == FactType::Text)
            && !index.is_b_side(spec)
            && page.in_others_section(hit.start)
        {
            continue;
        }
        // The subject line of a letter or e-mail ("Betreft: schade aan mijn woning",
        // "Subject: damage to my car") names a topic: it announces no text below it.
        if fact_type == FactType::Text && subject_line(page, hit.start) {
            continue;
        }
        // A text fact's label word inside a running sentence ("… verenigbaar met de
        // opgegeven toedracht. Herstel is …", "Het ongeval gebeurde op …") announces no
        // value after it.
        if fact_type == FactType::Text && (table_header(page, h) || page.in_prose(h) || mid_sentence(page, h)) {
            continue;
        }
        // An earlier e-mail below the message is someone else's: its question ("Wilt u
        // beschrijven hoe de schade is ontstaan?") announces no account of the claimant's.
        if fact_type == FactType::Text && page.in_earlier_message(hit.start) {
            continue;
        }
        // "Het gebeurde op Parallelweg 14", "It happened on 5th November": the account's
        // label word goes on with its sentence, where a label would end at a colon, a
        // tab or the line's end.
        if index.narrative_fact() == Some(spec) && sentence_goes_on(page.t, hit.end) {
            continue;
        }
        // A question answered by ticking a box ("Wat voor schade is het? ☐ Parkeerschade
        // ☒ Eenzijdig ongeval"): the ticked option is the value.
        if matches!(fact_type, FactType::Choice | FactType::YesNo)
            && let Some(boxes) = ticked_option(page, h)
        {
            if let Some((s, e)) = boxes
                && let Some((s, e, normalized, quality)) = read_slot(page.t, s, e, fact_type, options)
            {
                out.push(Cand {
                    start: s,
                    end: e,
                    normalized,
                    confidence: TICKED * quality,
                    labelled: true,
                    dist: s.saturating_sub(hit.end),
                    how: How::Ticked,
                    weak_shape: false,
                    claimants_label: false,
                });
            }
            continue;
        }
        for (start, end, anchor) in slots(page, h, fact_type == FactType::Text) {
            // "Mijn polisnummer is KXP8799716.": the verb is no part of the value.
            let start = skip_copula(page.t, start, end);
            let end = if fact_type == FactType::Text && index.narrative_fact() == Some(spec) {
                extend_text(page, start, end, false)
            } else if fact_type == FactType::Text {
                // A place or an address is one phrase: it ends with its sentence ("Place of
                // the accident: Weteringkade, Eindhoven. It concerns …") or at the next
                // numbered item ("Plataanstraat 41, Breda⇥3. Injuries …").
                short_text_end(page.t, start, extend_text(page, start, end, true))
            } else if fact_type == FactType::PersonName {
                name_slot_end(page, start, end)
            } else {
                let mut e = field_start(page, start, end);
                while e > start && is_space(page.t[e - 1]) {
                    e -= 1;
                }
                e
            };
            // An address has a number: "Home insurance claim form", "X" are no address.
            if fact_type == FactType::Text
                && index.address_fact(spec)
                && !page.t[start..end].iter().any(char::is_ascii_digit)
            {
                continue;
            }
            if fact_type == FactType::Text && asks(page, end) {
                // "Where can the⇥vehicle be inspected?": the rest of a wrapped question.
                continue;
            }
            // The label went on past its line's end ("Plaats van het ⏎ ongeval: N201 …"):
            // the value starts after the colon that ends it.
            let start = if fact_type == FactType::Text {
                label_rest_end(page.t, start, end).unwrap_or(start)
            } else {
                start
            };
            // A place or an address holds no date: a slot that does ("Den Bosch,
            // 10-01-2025", "June 24, 2026") is a dated signature or another field's value.
            if fact_type == FactType::Text
                && index.narrative_fact() != Some(spec)
                && start < end
                && scan(&page.t[start..end])
                    .iter()
                    .any(|q| q.fact_type == FactType::Date && !q.needs_label)
            {
                continue;
            }
            // A row of options with no tick to be seen ("Yes ⇥ No", "Collision ⇥ Damage
            // while parked"): boxes drawn as graphics, ticked or not; the row says nothing.
            if matches!(fact_type, FactType::Choice | FactType::YesNo) && option_row(page, start, fact_type, options) {
                break;
            }
            if let Some((s, e, normalized, quality)) = read_slot(page.t, start, end, fact_type, options) {
                // A single word on a line of its own under a name's label is a title or a
                // heading the slot ran into ("Begroting", "Item"), not a person: people are
                // named with an initial or two words. On the label's own line ("Naam: Jan")
                // it is the answer.
                if fact_type == FactType::PersonName && anchor == Anchor::Above && !two_part_name(&page.t[s..e]) {
                    continue;
                }
                out.push(Cand {
                    start: s,
                    end: e,
                    normalized,
                    confidence: anchor.confidence() * quality,
                    labelled: true,
                    dist: s.saturating_sub(hit.end),
                    how: anchor.how(),
                    weak_shape: false,
                    claimants_label: false,
                });
                break;
            }
        }
    }
    if fact_type == FactType::PersonName && index.signatory_fact() == Some(spec) {
        let sender = sender_name(page);
        out.extend(signatory(page));
        if let Some(from) = &sender {
            // "Mvg, Annelies" under a message from "Annelies Visser <…>": the same person,
            // by first name.
            let from_raw: String = page.t[from.start..from.end].iter().collect();
            out.retain(|c| {
                let raw: String = page.t[c.start..c.end].iter().collect();
                c.how != How::Signed || raw.contains(char::is_whitespace) || !from_raw.starts_with(&format!("{raw} "))
            });
        }
        out.extend(sender);
        if out.is_empty() {
            out.extend(addressee(page));
        }
    }
    out
}

/// End of the rest of a label at the start of a text slot: lower-case words up to a colon
/// within [`super::labels::MAX_COMPOUND_REST`] chars ("van het ongeval: N201 …"), and the
/// spaces after it.
fn label_rest_end(t: &[char], start: usize, end: usize) -> Option<usize> {
    let limit = end.min(start + super::labels::MAX_COMPOUND_REST);
    let colon = (start..limit).find(|&i| t[i] == ':')?;
    let words_only = t[start..colon].iter().all(|&c| c.is_lowercase() || c.is_whitespace());
    let value = skip_blank(t, colon + 1, end);
    (words_only && colon > start && value < end).then_some(value)
}

/// The first index from `i` up to `end` that is no whitespace (spaces and line breaks).
fn skip_blank(t: &[char], i: usize, end: usize) -> usize {
    (i..end).find(|&k| !t[k].is_whitespace()).unwrap_or(end.max(i))
}

/// Words that carry a sentence on after its verb: a place or a time follows.
const SENTENCE_LINKS: &[&str] = &[
    "op", "om", "in", "bij", "aan", "rond", "rondom", "tijdens", "at", "on", "around", "near", "during", "while",
];

/// True when a single space or line break and a linking word in lower case follow `end`.
fn sentence_goes_on(t: &[char], end: usize) -> bool {
    if !matches!(t.get(end), Some(' ' | '\n')) {
        return false;
    }
    let (word, _) = super::text::letters_at(t, end + 1);
    t.get(end + 1).is_some_and(|c| c.is_lowercase()) && SENTENCE_LINKS.contains(&word.as_str())
}

/// True when the line holding `pos` is a row of options: two or more of its cells each
/// read as a different answer on their own.
fn option_row(page: &Labelled<'_>, pos: usize, fact_type: FactType, options: &[(String, Vec<String>)]) -> bool {
    let l = page.layout.line_of(pos);
    let mut answers: Vec<String> = Vec::new();
    for cell in &page.layout.lines[l].cells {
        if let Some((_, _, v, _)) = read_slot(page.t, cell.start, cell.end, fact_type, options)
            && !answers.contains(&v)
        {
            answers.push(v);
        }
    }
    answers.len() >= 2
}

/// Confidence of the name on an e-mail's first sender line ("Van: Annelies Visser
/// <…>"): the writer of the printed message, as sure as a signature.
const SENDER_NAME: f64 = 0.8;

/// Lines of an e-mail's header block besides the sender's.
const MAIL_HEADERS: &[&str] = &[
    "aan",
    "to",
    "verzonden",
    "sent",
    "datum",
    "date",
    "onderwerp",
    "subject",
    "cc",
    "bcc",
];

/// The key of a header line ("Van:", "Sent:"), lower case, when the line opens with one.
fn header_key(page: &Labelled<'_>, line: usize) -> Option<String> {
    let first = page.layout.lines[line].cells.first()?;
    let (word, after) = super::text::letters_at(page.t, first.start);
    let colon = super::text::skip_spaces(page.t, after);
    (page.t.get(colon) == Some(&':') && !word.is_empty()).then_some(word)
}

/// The name on the first sender line of an e-mail printout ("Van: Annelies Visser
/// <anneliesvisser97@live.nl>", "From: S. van der Meer <…>"), when other header lines
/// follow it and it is not an earlier message quoted below.
fn sender_name(page: &Labelled<'_>) -> Option<Cand> {
    let layout = &page.layout;
    let l = (0..layout.lines.len()).find(|&l| header_key(page, l).is_some_and(|k| k == "van" || k == "from"))?;
    let next = layout.line_below(l)?;
    if !header_key(page, next).is_some_and(|k| MAIL_HEADERS.contains(&k.as_str())) {
        return None;
    }
    let first = layout.lines[l].cells.first()?;
    if page.in_company(first.start) {
        return None;
    }
    let t = page.t;
    let colon = (first.start..t.len()).find(|&i| t[i] == ':')?;
    let line_end = layout.lines[l].cells.last().map_or(colon, |c| c.end);
    let start = (colon + 1..line_end).find(|&i| !is_space(t[i]))?;
    let end = (start..line_end)
        .find(|&i| matches!(t[i], '<' | '[' | '('))
        .unwrap_or(line_end);
    let mut end_trim = end;
    while end_trim > start && (is_space(t[end_trim - 1]) || t[end_trim - 1] == '"') {
        end_trim -= 1;
    }
    let start = if t[start] == '"' { start + 1 } else { start };
    // Only a name before the address: "From: a@b.nl" names no one.
    if end == line_end && t[start..end_trim].contains(&'@') {
        return None;
    }
    let (s, e, normalized, _) = read_name(t, start, end_trim)?;
    (e == end_trim && s == start).then_some(Cand {
        start: s,
        end: e,
        normalized,
        confidence: SENDER_NAME,
        labelled: true,
        dist: usize::MAX,
        how: How::Signed,
        weak_shape: false,
        claimants_label: false,
    })
}

/// Particles inside Dutch street names ("Laan van Nieuw Guinea", "Plein 1944").
const STREET_PARTICLES: &[&str] = &["van", "de", "der", "den", "het", "'t", "ter", "ten", "op", "aan", "in"];

/// A postal address in running text around the postcode at `pc_start..pc_end`: the
/// street and number before it ("… aan de Laan van Nieuw Guinea 92, 3513 JK Utrecht."),
/// the town after it. `None` when no street and number stand right before it.
fn address_around(t: &[char], pc_start: usize, pc_end: usize) -> Option<(usize, usize)> {
    // Backwards: optional comma, a house number, then capitalised words and particles.
    let mut i = pc_start;
    while i > 0 && is_space(t[i - 1]) {
        i -= 1;
    }
    if i > 0 && t[i - 1] == ',' {
        i -= 1;
    }
    let word_before = |end: usize| {
        let mut a = end;
        while a > 0 && !t[a - 1].is_whitespace() {
            a -= 1;
        }
        a
    };
    let num_start = word_before(i);
    if num_start == i || !t[num_start].is_ascii_digit() {
        return None;
    }
    let mut start = num_start;
    let mut words = 0;
    loop {
        let mut e = start;
        while e > 0 && is_space(t[e - 1]) {
            e -= 1;
        }
        if e == start || e == 0 || t[e - 1] == '\n' {
            break;
        }
        let a = word_before(e);
        let word: String = t[a..e].iter().collect();
        let capital = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'');
        let particle = STREET_PARTICLES.contains(&word.to_lowercase().as_str())
            && word.chars().next().is_some_and(char::is_lowercase);
        if !(capital || particle) || words >= 6 {
            break;
        }
        start = a;
        words += 1;
    }
    // Leading particles belong to the sentence ("aan de Laan …").
    loop {
        let (w, after) = super::text::letters_at(t, start);
        if after > start && t[start].is_lowercase() && STREET_PARTICLES.contains(&w.as_str()) {
            start = super::text::skip_spaces(t, after);
        } else {
            break;
        }
    }
    if start >= num_start || !t[start].is_uppercase() {
        return None;
    }
    // Forwards: the town, capitalised words up to punctuation or a lower-case word.
    let mut end = pc_end;
    let mut j = super::text::skip_spaces(t, pc_end);
    let mut towns = 0;
    while j < t.len() && towns < 3 && (t[j].is_uppercase() || (towns > 0 && t[j] == '\'')) {
        let mut e = j;
        while e < t.len() && (t[e].is_alphabetic() || matches!(t[e], '-' | '\'')) {
            e += 1;
        }
        end = e;
        towns += 1;
        j = super::text::skip_spaces(t, e);
    }
    (towns > 0).then_some((start, end))
}

/// A text fact's address in a sentence that names the fact ("Hierbij meld ik schade aan
/// onze woning aan de Laan van Nieuw Guinea 92, 3513 JK Utrecht.", "On 2026-01-21 our
/// house at Van Goghstraat 103b, 6250 KN Maastricht was damaged."): read by the shape of
/// a postal address (street and number, postcode, town) and the sentence's words.
fn prose_address(page: &Labelled<'_>, index: &LabelIndex<'_>, spec: usize, patterns: &[Pattern]) -> Vec<Cand> {
    let mut out = Vec::new();
    for p in patterns.iter().filter(|p| p.fact_type == FactType::Postcode) {
        if page.in_company(p.start) {
            continue;
        }
        let Some((a, b)) = address_around(page.t, p.start, p.end) else {
            continue;
        };
        let (sa, sb) = page.sentence_around(a, b);
        // A sentence, not an address block: words before the address on its line.
        if page.t[sa..a].iter().filter(|c| c.is_alphabetic()).count() < 8 {
            continue;
        }
        let words = index.words_of(page.t, &[(sa, a), (b, sb)]);
        let (owners, _) = index.read_sentence(&words, FactType::Text);
        if owners.contains(&spec) {
            out.push(prose_text(page.t, a, b));
        }
    }
    out
}

/// Most words of a short answer that names a choice's option rather than tells.
const MAX_OPTION_WORDS: usize = 4;

/// True when `t[start..end]` is a few words that read as an option of a choice fact.
fn names_an_option(t: &[char], start: usize, end: usize, specs: &[FactSpec<'_>]) -> bool {
    let words = t[start..end]
        .split(|c| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .count();
    words <= MAX_OPTION_WORDS
        && specs.iter().any(|spec| {
            spec.fact_type == FactType::Choice
                && !spec.options.is_empty()
                && read_choice(t, start, end, spec.options).is_some()
        })
}

/// Words that open a place after "it happened".
const PLACE_LINKS: &[&str] = &["op", "at", "in", "bij", "near", "aan"];
/// Articles a place may open with in a sentence ("op de Beukenlaan"): no part of it.
const ARTICLES: &[&str] = &["de", "het", "the", "een", "a", "an"];
/// Longest place read from a sentence.
const MAX_PROSE_PLACE: usize = 120;

/// The place of a fact labelled "where it happened" ("waar gebeurd", "plaats gebeuren")
/// in a sentence that says it happened there ("Het gebeurde op Parallelweg 14,
/// Amersfoort.", "It happened at multi-storey car park, Zwolle."): the words after the
/// event word and its preposition, to the sentence's end or a bracket. A date or a time
/// there ("happened on 12 May") is no place.
fn prose_place(page: &Labelled<'_>, index: &LabelIndex<'_>, spec: &FactSpec<'_>, patterns: &[Pattern]) -> Vec<Cand> {
    let t = page.t;
    let where_it_happened = spec.labels.iter().any(|l| {
        let chars: Vec<char> = l.chars().collect();
        let words = index.words_of(&chars, &[(0, chars.len())]);
        words.iter().any(|w| w == "gebeuren") && words.iter().any(|w| w == "plaats")
    });
    if !where_it_happened {
        return Vec::new();
    }
    let words = super::lexicon::tokens(t, 0, t.len());
    for (i, w) in words.iter().enumerate() {
        let Some(link) = words.get(i + 1) else {
            break;
        };
        if page.in_company(w.start)
            || !PLACE_LINKS.contains(&link.folded.as_str())
            || !t[w.end..link.start].iter().all(|c| c.is_whitespace())
            || index.words_of(t, &[(w.start, w.end)]) != ["gebeuren"]
        {
            continue;
        }
        let mut start = skip_blank(t, link.end, t.len());
        let (article, after) = super::text::letters_at(t, start);
        if ARTICLES.contains(&article.as_str()) && t.get(after) == Some(&' ') {
            start = after + 1;
        }
        if start >= t.len() || !t[start].is_alphabetic() {
            continue;
        }
        let limit = t.len().min(start + MAX_PROSE_PLACE);
        let mut end = start;
        while end < limit {
            let c = t[end];
            let stop = matches!(c, '(' | ';' | '?' | '!')
                || (c == '.' && t.get(end + 1).is_none_or(|n| n.is_whitespace()) && !abbreviation(t, end))
                || (c == '\n' && t.get(end + 1) == Some(&'\n'));
            if stop {
                break;
            }
            end += 1;
        }
        while end > start && (t[end - 1].is_whitespace() || t[end - 1] == ',') {
            end -= 1;
        }
        let first = patterns.partition_point(|q| q.start < start);
        let dated = patterns[first..]
            .iter()
            .take_while(|q| q.start < end)
            .any(|q| q.fact_type == FactType::Date && !q.needs_label);
        if end <= start || end == limit || dated {
            continue;
        }
        return vec![prose_text(t, start, end)];
    }
    Vec::new()
}

/// A text value read from a sentence of the claimant's own: `t[start..end]`, whitespace collapsed.
fn prose_text(t: &[char], start: usize, end: usize) -> Cand {
    Cand {
        start,
        end,
        normalized: collapse_ws(&t[start..end].iter().collect::<String>()),
        confidence: PROSE_OWN,
        labelled: true,
        dist: 0,
        how: How::Prose,
        weak_shape: false,
        claimants_label: false,
    }
}

/// True when the dot at `i` ends an abbreviation ("nr. 95", "ca. 10"): a short word in
/// lower case before it and no capital after it.
fn abbreviation(t: &[char], i: usize) -> bool {
    let mut a = i;
    while a > 0 && t[a - 1].is_alphabetic() {
        a -= 1;
    }
    let next = (i + 1..t.len()).find(|&k| !t[k].is_whitespace());
    i - a <= 3 && t[a..i].iter().all(|c| c.is_lowercase()) && next.is_some_and(|k| !t[k].is_uppercase())
}

/// Confidence of a letter's or e-mail's account of what happened, read without a label.
const NARRATIVE: f64 = 0.75;
/// Words a paragraph needs to be an account of what happened.
const MIN_NARRATIVE_WORDS: usize = 10;

/// The account of what happened in a letter or e-mail that has no label for it: the
/// paragraph right after the one that dates the incident ("Op 10.02.2024 heb ik schade
/// opgelopen …" then "Op de rotonde werd ik …"; the letter's own dateline dates nothing),
/// when it is prose of its own: whole
/// sentences, no value of any shape (no date, amount, number, address), no question, no
/// greeting or closing, not someone else's text.
fn narrative(page: &Labelled<'_>, patterns: &[Pattern]) -> Vec<Cand> {
    let t = page.t;
    let layout = &page.layout;
    let paragraphs = paragraphs(page);
    let holds = |a: usize, b: usize, date_only: bool| {
        let first = patterns.partition_point(|q| q.start < a);
        patterns[first..]
            .iter()
            .take_while(|q| q.start < b)
            .any(|q| !date_only || (q.fact_type == FactType::Date && !q.needs_label && !dateline(t, q.start, q.end)))
    };
    let words = |a: usize, b: usize| {
        t[a..b]
            .split(|c| c.is_whitespace())
            .filter(|w| w.iter().any(|c| c.is_alphabetic()))
            .count()
    };
    for pair in paragraphs.windows(2) {
        let ((da, db), (a, b)) = (pair[0], pair[1]);
        if !holds(da, db, true) || words(da, db) < 6 || page.in_company(da) {
            continue;
        }
        let last = t[a..b].iter().rev().find(|c| !c.is_whitespace());
        let closing = {
            let line = layout.line_of(a);
            let cells = &layout.lines[line].cells;
            let text: String = cells
                .first()
                .map_or(String::new(), |c| t[c.start..c.end].iter().collect());
            let text = collapse_ws(&text).to_lowercase();
            CLOSINGS.iter().any(|c| text.starts_with(c))
        };
        if !t[a].is_uppercase()
            || !matches!(last, Some('.' | '!'))
            || t[a..b].contains(&'?')
            || t[a..b].contains(&'@')
            || words(a, b) < MIN_NARRATIVE_WORDS
            || holds(a, b, false)
            || closing
            || page.in_company(a)
            || page
                .label_prefix_end(a, layout.lines[layout.line_of(a)].cells.first().map_or(a, |c| c.end))
                .is_some()
        {
            return Vec::new();
        }
        let mut end = b;
        while end > a && t[end - 1].is_whitespace() {
            end -= 1;
        }
        return vec![Cand {
            start: a,
            end,
            normalized: collapse_ws(&t[a..end].iter().collect::<String>()),
            confidence: NARRATIVE,
            labelled: false,
            dist: usize::MAX,
            how: How::Prose,
            weak_shape: false,
            claimants_label: false,
        }];
    }
    Vec::new()
}

/// Paragraphs of running text (start, end): lines that go on while the previous one ends
/// mid-sentence or the next one starts in lower case; a blank line, a line of several
/// cells or a line opening with a label ends one.
fn paragraphs(page: &Labelled<'_>) -> Vec<(usize, usize)> {
    let t = page.t;
    let layout = &page.layout;
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for line in &layout.lines {
        let (Some(first), Some(last)) = (line.cells.first(), line.cells.last()) else {
            out.extend(open.take());
            continue;
        };
        // Justified prose has double spaces inside a line; a table row has a wide gap.
        let table = line.cells.windows(2).any(|w| t[w[0].end..w[1].start].contains(&'\t'));
        let labelled = page
            .label_prefix_end(first.start, first.end)
            .is_some_and(|e| t.get(e.saturating_sub(1)) == Some(&':'))
            || header_key(page, layout.line_of(first.start)).is_some();
        if table || labelled {
            out.extend(open.take());
            continue;
        }
        match open {
            Some((a, b)) => {
                let prev = t[a..b].iter().rev().find(|c| !c.is_whitespace()).copied();
                // A comma ends a salutation ("Geachte heer, mevrouw,") but not a line of a
                // wrapped sentence ("Plaats van het ongeval: parkeerplaats Kwantum, ⏎
                // Biltstraat, Leiden.").
                let salutation =
                    prev == Some(',') && t[a..b].split(|c| c.is_whitespace()).filter(|w| !w.is_empty()).count() <= 5;
                let continues = !matches!(prev, Some('.' | '!' | '?' | ':' | ','))
                    || t[first.start].is_lowercase()
                    || (prev == Some(',') && !salutation);
                if continues && !salutation {
                    open = Some((a, last.end));
                } else {
                    out.push((a, b));
                    open = Some((first.start, last.end));
                }
            }
            None => open = Some((first.start, last.end)),
        }
    }
    out.extend(open);
    out
}

/// Confidence of the one ticked option among the boxes after a question.
const TICKED: f64 = 0.92;
/// Lines after a question that its boxes may take.
const MAX_BOX_LINES: usize = 6;

/// The last line of the option lines under the question on `first_line`: the lines right
/// below while they are not empty, open no new label and ask nothing, up to the last of
/// them that holds a box. Boxes drawn as rectangles leave unticked options without a
/// mark, so a line of options need not hold one.
fn last_box_line(page: &Labelled<'_>, first_line: usize) -> usize {
    let t = page.t;
    let layout = &page.layout;
    let mut last = first_line;
    for l in first_line + 1..layout.lines.len().min(first_line + 1 + MAX_BOX_LINES) {
        let line = &layout.lines[l];
        let (Some(a), Some(b)) = (line.cells.first(), line.cells.last()) else {
            break;
        };
        if page.label_starts_at(a.start) && tick_box(t, a.start).is_none() {
            break;
        }
        if matches!(t[b.end - 1], '?' | ':') {
            break;
        }
        if (a.start..b.end).any(|i| tick_box(t, i).is_some()) || column_mark(page, l).is_some() {
            last = l;
        }
    }
    last
}

/// An option ticked in a column of its own ("Storm ⇥ X"): a line of the option's words
/// and, in its last cell, only a mark. The span of the option's words.
fn column_mark(page: &Labelled<'_>, l: usize) -> Option<(usize, usize)> {
    let t = page.t;
    let cells = &page.layout.lines[l].cells;
    let (first, last) = (cells.first()?, cells.last()?);
    if cells.len() < 2 {
        return None;
    }
    let mark = &t[last.start..last.end];
    let marked = mark.len() == 1 && matches!(mark[0], 'X' | 'x' | '✓' | '✔' | '☒' | '☑' | '●' | '✗' | '✘');
    let words_end = cells[cells.len() - 2].end;
    let wordy = t[first.start..words_end].iter().any(|c| c.is_alphabetic()) && !matches!(t[words_end - 1], '?' | ':');
    (marked && wordy).then_some((first.start, words_end))
}

/// The boxes that answer the question of label hit `h`: on the rest of its line and the
/// lines right below while they hold boxes. `None`: no boxes there (the answer is written
/// out); `Some(None)`: boxes, but not exactly one ticked (an unfilled form says nothing);
/// `Some(Some(span))`: the ticked option's words, up to the next box or cell.
fn ticked_option(page: &Labelled<'_>, h: usize) -> Option<Option<(usize, usize)>> {
    let t = page.t;
    let layout = &page.layout;
    let hit = page.hits[h];
    let first_line = layout.line_of(hit.start);
    let mut ticked = Vec::new();
    let mut boxes = 0;
    let last_boxes = last_box_line(page, first_line);
    for l in first_line..layout.lines.len().min(first_line + 1 + MAX_BOX_LINES) {
        let line = &layout.lines[l];
        let (Some(a), Some(b)) = (line.cells.first(), line.cells.last()) else {
            if l == first_line {
                continue;
            }
            break;
        };
        let from = if l == first_line {
            after_hint(t, hit.end, b.end)
        } else {
            a.start
        };
        // On the question's line, a later question ends its boxes.
        let line_end = match page.hits.get(h + 1) {
            Some(next) if l == first_line && next.start < b.end => next.start,
            _ => b.end,
        };
        let mut found_here = 0;
        let mut i = from;
        while i < line_end {
            let Some((on, after)) = tick_box(t, i) else {
                i += 1;
                continue;
            };
            found_here += 1;
            let start = super::text::skip_spaces(t, after);
            let mut end = start;
            while end < line_end && t[end] != '\t' && tick_box(t, end).is_none() {
                end += 1;
            }
            while end > start && is_space(t[end - 1]) {
                end -= 1;
            }
            if on && end > start {
                ticked.push((start, end));
            } else if on && start >= line_end && l + 1 < layout.lines.len() {
                // A box at a line's end: its option's words open the next line.
                if let Some(c) = layout.lines[l + 1].cells.first() {
                    let mut e = c.start;
                    while e < c.end && tick_box(t, e).is_none() {
                        e += 1;
                    }
                    while e > c.start && is_space(t[e - 1]) {
                        e -= 1;
                    }
                    if e > c.start {
                        ticked.push((c.start, e));
                    }
                }
            }
            i = end.max(after);
        }
        if found_here == 0
            && l > first_line
            && only_separators(
                &t[after_hint(
                    t,
                    hit.end,
                    layout.lines[first_line].cells.last().map_or(hit.end, |c| c.end),
                )..layout.lines[first_line].cells.last().map_or(hit.end, |c| c.end)],
            )
            && let Some(span) = column_mark(page, l)
        {
            found_here = 1;
            ticked.push(span);
        }
        if found_here == 0 && l > first_line && l >= last_boxes {
            break;
        }
        if found_here == 0 && l == first_line && !only_separators(&t[from.min(line_end)..line_end]) {
            // The question's own line holds its written answer.
            return None;
        }
        boxes += found_here;
        // A later question on the same line ends this one's boxes.
        if l > first_line && page.label_starts_at(a.start) {
            break;
        }
    }
    if boxes == 0 {
        return None;
    }
    Some(match ticked.as_slice() {
        [one] => Some(*one),
        _ => None,
    })
}

/// Index after a hint in brackets that follows a label ("Soort schade (aankruisen)",
/// "Type of claim (tick one)"), or `from` when none follows before `end`.
fn after_hint(t: &[char], from: usize, end: usize) -> usize {
    let start = super::text::skip_spaces(t, from);
    if start < end
        && t[start] == '('
        && let Some(close) = t[start..end].iter().position(|&c| c == ')')
    {
        return start + close + 1;
    }
    from
}

/// True when the text slot ending at `end` is part of a question: it ends in a question
/// mark, or its line goes on to one.
fn asks(page: &Labelled<'_>, end: usize) -> bool {
    let t = page.t;
    let mut last = end;
    while last > 0 && is_space(t[last - 1]) {
        last -= 1;
    }
    if last > 0 && t[last - 1] == '?' {
        return true;
    }
    t[end..]
        .iter()
        .take_while(|&&c| c != '\n' && c != '\t')
        .any(|&c| c == '?')
}

/// The addressee of a business's letter, quote or invoice: a name after a salutation
/// ("Mevr. P. Dekker", "Dhr. J. de Vries") on a line of its own, with a street and number
/// on the line below. Only read when no label names anyone.
fn addressee(page: &Labelled<'_>) -> Vec<Cand> {
    let layout = &page.layout;
    for (l, line) in layout.lines.iter().enumerate() {
        let [cell] = line.cells.as_slice() else {
            continue;
        };
        let (word, _) = super::text::letters_at(page.t, cell.start);
        let salutation = matches!(
            word.as_str(),
            "dhr" | "mevr" | "mw" | "mr" | "mrs" | "ms" | "de" | "mevrouw" | "heer"
        );
        let Some(below) = layout.line_below(l) else { continue };
        let below_cells = &layout.lines[below].cells;
        let street = below_cells.first().is_some_and(|c| {
            let (first_word, _) = super::text::letters_at(page.t, c.start);
            page.t[c.start..c.end].iter().any(char::is_ascii_digit)
                && page.t[c.start].is_alphabetic()
                && !POST_BOXES.contains(&first_word.as_str())
        });
        // A company's own address block names no addressee: it is followed by the
        // company's registration lines ("KvK …", "Btw-id …").
        let before_company = layout
            .line_below(below)
            .and_then(|l2| layout.line_below(l2))
            .is_some_and(|l3| page.in_company(layout.lines[l3].start));
        if !street || page.in_company(cell.start) || before_company {
            continue;
        }
        // Without a salutation, the whole block says it is an address: name, street and
        // number, then postcode and town ("M. Peters / Schoolstraat 41 / 2038 VB Haarlem").
        let postcode_below = layout
            .line_below(below)
            .and_then(|l2| layout.lines[l2].cells.first().copied())
            .is_some_and(|c| postcode_start(page.t, c.start, c.end));
        if !salutation && !postcode_below {
            continue;
        }
        if let Some((s, e, normalized, _)) = read_name(page.t, cell.start, cell.end)
            && e == cell.end
            && (s > cell.start || !salutation)
            && page.t[s..e].iter().filter(|c| is_space(**c)).count() <= 4
        {
            return vec![addressed(s, e, normalized)];
        }
    }
    two_column_addressee(page)
}

/// The name a document is addressed to, as a candidate for the claimant's name.
fn addressed(start: usize, end: usize, normalized: String) -> Cand {
    Cand {
        start,
        end,
        normalized,
        confidence: ADDRESSEE,
        labelled: false,
        dist: usize::MAX,
        how: How::Addressed,
        weak_shape: false,
        claimants_label: false,
    }
}

/// The customer's block of a quote's or invoice's two address blocks printed side by side
/// ("Nadia Veenstra ⇥ Carrosserie Jansen & Zonen ⏎ Industrieweg 212 ⇥ Prinses Beatrixlaan
/// 217 ⏎ 3311 GB Dordrecht ⇥ 1811 NP Alkmaar"): in one column a person's name, a street
/// and number under it and a postcode and town under that; in the other a company.
fn two_column_addressee(page: &Labelled<'_>) -> Vec<Cand> {
    let layout = &page.layout;
    let t = page.t;
    for (l, line) in layout.lines.iter().enumerate() {
        if line.cells.len() != 2 {
            continue;
        }
        let (Some(l1), Some(l2)) = (
            layout.line_below(l),
            layout.line_below(l).and_then(|b| layout.line_below(b)),
        ) else {
            continue;
        };
        let (c1, c2) = (&layout.lines[l1].cells, &layout.lines[l2].cells);
        if c1.len() != 2 || c2.len() != 2 {
            continue;
        }
        for k in 0..2 {
            let (name, other) = (line.cells[k], line.cells[1 - k]);
            let (street, pc) = (c1[k], c2[k]);
            let (first_word, _) = super::text::letters_at(t, street.start);
            let is_street = t[street.start].is_alphabetic()
                && t[street.start..street.end].iter().any(char::is_ascii_digit)
                && !POST_BOXES.contains(&first_word.as_str());
            if !is_street
                || !postcode_start(t, pc.start, pc.end)
                || super::labels::company_line(t, name.start, name.end)
                || !super::labels::company_line(t, other.start, other.end)
            {
                continue;
            }
            if let Some((s, e, normalized, _)) = read_name(t, name.start, name.end)
                && e == name.end
                && s == name.start
                && t[s..e].iter().filter(|c| is_space(**c)).count() <= 4
            {
                return vec![addressed(s, e, normalized)];
            }
        }
    }
    Vec::new()
}

/// End of a short text value (a place, an address) in `start..end`: before a full stop
/// that ends a sentence (a word of three or more letters before it, a capital after it)
/// or before a numbered item after a cell break.
fn short_text_end(t: &[char], start: usize, end: usize) -> usize {
    let mut i = start + 1;
    while i < end {
        let c = t[i];
        if c == '.' {
            let mut w = i;
            while w > start && t[w - 1].is_alphabetic() {
                w -= 1;
            }
            let next = super::text::skip_spaces(t, i + 1);
            if i - w >= 3 && next > i + 1 && next < end && t[next].is_uppercase() {
                return i;
            }
        }
        if c == '\t' && numbered_item(t, i + 1, end) {
            let mut e = i;
            while e > start && is_space(t[e - 1]) {
                e -= 1;
            }
            return e;
        }
        i += 1;
    }
    end
}

/// True when a numbered item ("3. Injuries", "14 Mijn opmerkingen") starts at `i`.
fn numbered_item(t: &[char], i: usize, end: usize) -> bool {
    let n = super::text::digit_run(t, i);
    let j = i + n;
    (1..=2).contains(&n)
        && j + 2 < end
        && t[j] == '.'
        && is_space(t[j + 1])
        && t.get(super::text::skip_spaces(t, j + 1))
            .is_some_and(|c| c.is_uppercase())
}

/// True when `pos` is on a subject line ("Betreft: …", "Onderwerp: …", "Subject: …",
/// "Re: …", "Inzake …").
fn subject_line(page: &Labelled<'_>, pos: usize) -> bool {
    let line = page.layout.line_of(pos);
    let Some(first) = page.layout.lines[line].cells.first() else {
        return false;
    };
    let (word, _) = super::text::letters_at(page.t, first.start);
    matches!(
        word.as_str(),
        "betreft" | "onderwerp" | "subject" | "re" | "inzake" | "betreffende"
    )
}

/// Verbs that link a label in a sentence to its value ("Mijn polisnummer is …", "my name
/// is …", "het kenteken luidt …").
const COPULAS: &[&str] = &["is", "was", "luidt", "are", "reads", "bedraagt"];

/// `start` moved past a copula and the blanks after it, when a value follows.
fn skip_copula(t: &[char], start: usize, end: usize) -> usize {
    let (word, after) = super::text::letters_at(t, start);
    let next = super::text::skip_spaces(t, after);
    if COPULAS.contains(&word.as_str()) && next > after && next < end {
        next
    } else {
        start
    }
}

/// First words of a postal address that is no street: a post box is a company's.
const POST_BOXES: &[&str] = &["postbus", "antwoordnummer", "po", "p", "freepost", "pobox"];

/// True when a cell opens with a Dutch or Belgian postcode ("2038 VB Haarlem", "2038VB",
/// "9000 Gent").
fn postcode_start(t: &[char], start: usize, end: usize) -> bool {
    let digits = super::text::digit_run(t, start);
    if digits != 4 {
        return false;
    }
    let i = super::text::skip_spaces(t, start + 4);
    i < end && t[i].is_uppercase()
}

/// End of a name slot. Word-positioned text layers can put a tab inside a name
/// ("Driver name: Mohamed⇥Jansen"): a single word followed, after one tab, by a cell that
/// is no label and reads as a name continues into that cell.
fn name_slot_end(page: &Labelled<'_>, start: usize, end: usize) -> usize {
    let t = page.t;
    let cut = |e: usize| {
        let mut e = field_start(page, start, e);
        while e > start && is_space(t[e - 1]) {
            e -= 1;
        }
        e
    };
    let end = cut(end);
    let one_word = !t[start..end].iter().any(|c| is_space(*c));
    if !one_word || end + 1 >= t.len() || t[end] != '\t' || is_space(t[end + 1]) || t[end + 1] == '\n' {
        return end;
    }
    let line = page.layout.line_of(start);
    let Some(c) = page.layout.cell_of(line, end + 1) else {
        return end;
    };
    let next = page.layout.lines[line].cells[c];
    if page.label_starts_at(next.start) || looks_like_label(&t[next.start..next.end]) {
        return end;
    }
    match read_name(t, start, next.end) {
        Some((_, e, _, _)) if e == cut(next.end) && e > end => e,
        _ => end,
    }
}

/// Closing formulas of a letter; the next line is the writer's name.
const CLOSINGS: &[&str] = &[
    "met vriendelijke groet",
    "met vriendelijke groeten",
    "vriendelijke groet",
    "hoogachtend",
    "met hartelijke groet",
    "kind regards",
    "best regards",
    "yours sincerely",
    "yours faithfully",
    "sincerely",
    "regards",
];

/// Confidence of a name read under a closing formula: the writer of a claim letter is
/// normally the claimant, but nothing on the page says so.
const SIGNATORY: f64 = 0.7;

/// The name signed under a letter's closing formula ("Met vriendelijke groet," then
/// "Anouk Vos").
fn signatory(page: &Labelled<'_>) -> Vec<Cand> {
    let mut out = Vec::new();
    let layout = &page.layout;
    for (l, line) in layout.lines.iter().enumerate() {
        let (Some(first), Some(last)) = (line.cells.first(), line.cells.last()) else {
            continue;
        };
        let text: String = page.t[first.start..last.end].iter().collect();
        let text = collapse_ws(&text).to_lowercase();
        let text = text.trim_end_matches([',', '.', '!']);
        if !CLOSINGS.contains(&text) {
            continue;
        }
        let Some(below) = layout.line_below(l) else { continue };
        let cells = &layout.lines[below].cells;
        let (Some(a), Some(b)) = (cells.first(), cells.last()) else {
            continue;
        };
        if page.in_company(a.start) {
            continue;
        }
        if let Some((s, e, normalized, _)) = read_name(page.t, a.start, b.end)
            && e == b.end
        {
            out.push(Cand {
                start: s,
                end: e,
                normalized,
                confidence: SIGNATORY,
                labelled: true,
                dist: usize::MAX,
                how: How::Signed,
                weak_shape: false,
                claimants_label: false,
            });
        }
    }
    out
}

/// Free text is prose, and justified prose in a PDF text layer has double spaces (and
/// word-positioned layers tabs) that look like cell breaks: a text slot runs on over the
/// following cells of its line until one that opens with a label, and over the following
/// lines while the sentence is unfinished and the next line is no label line.
///
/// `phrase`: the value is one phrase (a place, an address), not an account: it goes on to
/// the next line only where it is plainly unfinished (a trailing comma) or the next line
/// carries on in lower case or with a number ("… ter hoogte van ⏎ afrit 13"). A capital
/// there opens the next field, often a label wrapped over lines of its own ("Gewonden, ook
/// ⏎ licht").
fn extend_text(page: &Labelled<'_>, start: usize, end: usize, phrase: bool) -> usize {
    let layout = &page.layout;
    let mut line_idx = layout.line_of(end.saturating_sub(1));
    let mut end = extend_on_line(page, line_idx, end);
    loop {
        let last = page.t[start..end].iter().rev().find(|c| !is_space(**c));
        if matches!(last, Some('.' | '!' | '?')) || end - start > MAX_TEXT {
            break;
        }
        let next = line_idx + 1;
        let Some(first) = layout.lines.get(next).and_then(|l| l.cells.first()).copied() else {
            break;
        };
        if page.label_starts_at(first.start)
            || looks_like_label(&page.t[first.start..first.end])
            || page.label_prefix_end(first.start, first.end).is_some()
            || page.side_at(first.start) != page.side_at(start)
            || starts_numbered(page.t, first.start)
            || heading_line(page, next)
            || (phrase && page.t[first.start].is_uppercase() && last != Some(&','))
        {
            break;
        }
        line_idx = next;
        end = extend_on_line(page, line_idx, first.end);
    }
    let mut end = field_start(page, start, end);
    while end > start && is_space(page.t[end - 1]) {
        end -= 1;
    }
    end
}

/// Values that belong to a person: a sentence says whose only with "mijn", "my", "ik"
/// before them ("op mijn rekening NL…", not "de auto met kenteken …").
fn personal(fact_type: FactType) -> bool {
    matches!(
        fact_type,
        FactType::LicencePlate | FactType::Iban | FactType::Phone | FactType::Email | FactType::PersonName
    )
}

/// A line that asks or heads rather than continues a value: it ends in a question mark
/// or colon ("Wat voor schade is het?"), or it is written in capitals ("AARD VAN DE
/// SCHADE"), or it opens with a tick box.
fn heading_line(page: &Labelled<'_>, line: usize) -> bool {
    let cells = &page.layout.lines[line].cells;
    let (Some(a), Some(b)) = (cells.first(), cells.last()) else {
        return false;
    };
    let text = &page.t[a.start..b.end];
    let letters: Vec<char> = text.iter().copied().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase());
    matches!(text.last(), Some('?' | ':'))
        || capitals
        || matches!(text.first(), Some('☐' | '☒' | '☑' | '■' | '□' | '[' | '✔' | '✓'))
}

/// Longest bracketed hint after a label, in chars.
const MAX_HINT: usize = 60;
/// Longest free text read, in chars.
const MAX_TEXT: usize = 600;
/// Longest stretch after a label that readers look at. Every value is far shorter (free
/// text over 300 chars is refused), and the bound keeps a page that is one long line of
/// labels linear.
const MAX_SLOT: usize = 1_000;

/// "5. Ondertekening": a numbered heading.
fn starts_numbered(t: &[char], i: usize) -> bool {
    let mut j = i;
    while j < t.len() && t[j].is_ascii_digit() {
        j += 1;
    }
    j > i && t.get(j) == Some(&'.') && t.get(j + 1).is_some_and(|c| is_space(*c))
}

/// Runs a text slot ending at `end` on over the following cells of line `line_idx`.
fn extend_on_line(page: &Labelled<'_>, line_idx: usize, end: usize) -> usize {
    let cells = &page.layout.lines[line_idx].cells;
    let reach = end + MAX_SLOT;
    let mut end = end;
    for cell in &cells[cells.partition_point(|c| c.start < end)..] {
        if cell.start > reach {
            break;
        }
        let first_word_colon = page.t[cell.start].is_uppercase()
            && page.t[cell.start..cell.end]
                .iter()
                .take_while(|c| !is_space(**c))
                .last()
                == Some(&':');
        let cell_text = &page.t[cell.start..cell.end];
        // "accident:" in lower case inside a sentence is prose, not a label.
        let lower_colon = page.t[cell.start].is_lowercase() && cell_text.last() == Some(&':');
        if page.label_starts_at(cell.start) || (looks_like_label(cell_text) && !lower_colon) || first_word_colon {
            break;
        }
        end = cell.end;
    }
    end
}

/// Reads a value of a shapeless type from a slot: (start, end, normalized, quality).
fn read_slot(
    t: &[char],
    start: usize,
    end: usize,
    fact_type: FactType,
    options: &[(String, Vec<String>)],
) -> Option<(usize, usize, String, f64)> {
    match fact_type {
        FactType::PolicyNumber => read_policy(t, start, end),
        FactType::PersonName => read_name(t, start, end),
        FactType::YesNo => read_yes_no(t, start, end),
        FactType::Choice if !options.is_empty() => read_choice(t, start, end, options),
        FactType::Text | FactType::Choice => {
            let limit = if fact_type == FactType::Text { 300 } else { 80 };
            let raw: String = t[start..end].iter().collect();
            let ok = end - start <= limit && raw.chars().any(char::is_alphanumeric);
            let normalized = if fact_type == FactType::Text {
                collapse_ws(&raw)
            } else {
                raw.trim().to_string()
            };
            ok.then_some((start, end, normalized, 1.0))
        }
        _ => None,
    }
}

/// A choice no label announces: the one option whose words the page uses ("Betreft:
/// herstel stormschade dak", "de waterschade in de badkamer"), quoting its first mention.
/// Pages that name two options say nothing, and neither does a row of options printed
/// for ticking.
fn named_choice(page: &Labelled<'_>, options: &[(String, Vec<String>)]) -> Vec<Cand> {
    let t = page.t;
    let words = super::lexicon::tokens(t, 0, t.len());
    let mut first: Vec<Option<usize>> = vec![None; options.len()];
    for (o, (_, names)) in options.iter().enumerate() {
        for name in names {
            let want: Vec<String> = name.split_whitespace().map(super::lexicon::fold).collect();
            if want.is_empty() {
                continue;
            }
            // A damage compound names its kind too: "lekkageschade", "inbraakschade".
            let compound = |a: &super::lexicon::Token| {
                let raw = token_lowercase(t, a);
                want.len() == 1 && raw.strip_suffix("schade").is_some_and(|stem| stem == want[0])
            };
            if let Some(i) = words.windows(want.len()).enumerate().position(|(i, w)| {
                (w.iter().zip(&want).all(|(a, b)| a.folded == *b) || (w.len() == 1 && compound(&w[0])))
                    && names_a_kind(t, &words, i, want.len())
                    && !option_row(page, w[0].start, FactType::Choice, options)
            }) {
                first[o] = Some(first[o].map_or(i, |f| f.min(i)));
            }
        }
    }
    // The catch-all option is no kind of its own: "the other car" names nothing.
    let named: Vec<usize> = (0..options.len())
        .filter(|&o| first[o].is_some() && options[o].0 != "other")
        .collect();
    let [o] = named.as_slice() else {
        return Vec::new();
    };
    let Some(i) = first[*o] else {
        return Vec::new();
    };
    vec![Cand {
        start: words[i].start,
        end: words[i].end,
        normalized: options[*o].0.clone(),
        confidence: NAMED_CHOICE,
        labelled: false,
        dist: usize::MAX,
        how: How::Bare,
        weak_shape: false,
        claimants_label: false,
    }]
}

/// A token's own characters in lower case (no other folding).
fn token_lowercase(t: &[char], token: &super::lexicon::Token) -> String {
    t[token.start..token.end]
        .iter()
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// True when the option's words at `words[i..i + n]` name the kind of damage or event
/// rather than tell a story in which it occurs: a damage noun ("waterschade",
/// "lekkageschade", "fire damage", "Storm damage roof repair"), or the whole answer in the
/// cell after a question or label ("Wat voor schade is het? ⇥ Vernieling"). "werd ik
/// aangereden", "mijn geparkeerde auto", "a pan fire in the kitchen" are accounts, which
/// may mention anything.
fn names_a_kind(t: &[char], words: &[super::lexicon::Token], i: usize, n: usize) -> bool {
    let last = &words[i + n - 1];
    let word = token_lowercase(t, last);
    let word = word.trim_end_matches('.');
    let damage = |w: &str| w.ends_with("schade") || w == "damage" || w == "damages";
    if damage(word) {
        return true;
    }
    if let Some(next) = words.get(i + n) {
        let between = &t[last.end..next.start];
        let next_word = token_lowercase(t, next);
        if between.iter().all(|&c| c == ' ') && damage(next_word.trim_end_matches('.')) {
            return true;
        }
    }
    // The whole cell after a question or a label: nothing but the option's words and
    // a few more ("Aanrijding met ander voertuig").
    let first = &words[i];
    let cell_start = t[..first.start]
        .iter()
        .rposition(|&c| c == '\t' || c == '\n')
        .map_or(0, |p| p + 1);
    let cell_end = t[last.end..]
        .iter()
        .position(|&c| c == '\t' || c == '\n')
        .map_or(t.len(), |p| last.end + p);
    let opens_cell = t[cell_start..first.start].iter().all(|&c| is_space(c));
    let short = words
        .iter()
        .filter(|w| w.start >= cell_start && w.end <= cell_end)
        .count()
        <= 5
        && !t[last.end..cell_end].iter().any(|&c| matches!(c, '.' | ',' | ';'));
    let after_question = cell_start >= 2
        && t[cell_start - 1] == '\t'
        && t[..cell_start - 1]
            .iter()
            .rev()
            .find(|c| !is_space(**c))
            .is_some_and(|&c| matches!(c, '?' | ':'));
    let ends_line = t.get(cell_end).is_none_or(|&c| c == '\n');
    opens_cell && short && after_question && ends_line
}

/// A choice: the option whose words stand in the slot ("Lekkage door een gesprongen
/// leiding" is `water`); the quote is the slot's first line. Words that name two options
/// leave it undecided.
fn read_choice(
    t: &[char],
    start: usize,
    end: usize,
    options: &[(String, Vec<String>)],
) -> Option<(usize, usize, String, f64)> {
    let end = t[start..end].iter().position(|&c| c == '\n').map_or(end, |p| start + p);
    let slot: Vec<String> = super::lexicon::tokens(t, start, end)
        .into_iter()
        .map(|w| w.folded)
        .collect();
    // Each option scores the words of its phrases the slot holds, so "Aanrijding met een
    // ander voertuig" is a collision more than anything else; a tie says nothing.
    let named = |words: &Vec<String>| -> usize {
        words
            .iter()
            .map(|w| {
                let want: Vec<String> = w.split_whitespace().map(super::lexicon::fold).collect();
                if !want.is_empty() && slot.windows(want.len()).any(|x| x == want.as_slice()) {
                    want.len()
                } else {
                    0
                }
            })
            .sum()
    };
    let mut scored: Vec<(usize, &String)> = options
        .iter()
        .map(|(id, words)| (named(words), id))
        .filter(|(n, _)| *n > 0)
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    let (best, id) = *scored.first()?;
    if scored.get(1).is_some_and(|second| second.0 == best) {
        return None;
    }
    // The options printed one after another with none marked (the chosen one set in bold
    // or circled, which the text does not keep): a list, no answer.
    if scored.len() >= 2 {
        let below_from = (end + 1).min(t.len());
        let below_to = t[below_from..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(t.len(), |p| below_from + p);
        let below: Vec<String> = super::lexicon::tokens(t, below_from, below_to)
            .into_iter()
            .map(|w| w.folded)
            .collect();
        let more = options.iter().any(|(oid, words)| {
            scored.iter().all(|(_, s)| *s != oid)
                && words.iter().any(|w| {
                    let want: Vec<String> = w.split_whitespace().map(super::lexicon::fold).collect();
                    !want.is_empty() && below.windows(want.len()).any(|x| x == want.as_slice())
                })
        });
        if scored.len() >= 3 || (end < t.len() && t[end] == '\n' && more) {
            return None;
        }
    }
    let mut e = end;
    while e > start && is_space(t[e - 1]) {
        e -= 1;
    }
    (e > start).then(|| (start, e, id.clone(), 1.0))
}

fn is_policy_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.')
}

/// A policy number: one token of letters, digits, `-` and `/`, optionally continued by
/// space-separated digit groups ("123 456 789").
fn read_policy(t: &[char], start: usize, end: usize) -> Option<(usize, usize, String, f64)> {
    let mut e = start;
    while e < end && is_policy_char(t[e]) {
        e += 1;
    }
    loop {
        // Continue over " 456" when the next chunk is all digits.
        if e < end && t[e] == ' ' {
            let mut k = e + 1;
            while k < end && t[k].is_ascii_digit() {
                k += 1;
            }
            // A full stop after the chunk ends the sentence, not the number.
            let full_stop = k < end && t[k] == '.' && t.get(k + 1).is_none_or(|c| c.is_whitespace());
            if k > e + 1 && (k == end || !is_policy_char(t[k]) || full_stop) {
                e = k;
                continue;
            }
        }
        break;
    }
    while e > start && matches!(t[e - 1], '-' | '/' | '.') {
        e -= 1;
    }
    if e < end && t[e].is_alphanumeric() {
        return None;
    }
    let normalized = normalize_policy(&t[start..e]).ok()?;
    Some((start, e, normalized, 1.0))
}

const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "in", "op", "la", "le", "du", "da", "di", "von", "zu",
    "el", "al", "y",
];

/// A person's name: capitalised words, initials and Dutch particles ("J.P. van der Berg"),
/// stopping at the first word that is none of those (a town, a digit, an email).
/// True when a name has two parts: two words, or an initial ("E.J. Schouten", "J.Jansen").
fn two_part_name(name: &[char]) -> bool {
    name.iter().any(|&c| is_space(c) || c == '.')
}

fn read_name(t: &[char], start: usize, end: usize) -> Option<(usize, usize, String, f64)> {
    let start = skip_salutation(t, start, end);
    let mut i = start;
    let mut name_end = start;
    let mut words = 0;
    let mut strong = false;
    while i < end && words < 8 {
        let mut w = i;
        while w < end && (t[w].is_alphabetic() || matches!(t[w], '.' | '-' | '\'' | '’')) {
            w += 1;
        }
        if w == i || (w < end && !is_space(t[w]) && t[w] != ',') {
            break;
        }
        // Nothing but particles before a cell break ("TEN NAME VAN⇥Eva Dijkstra"): the
        // particles end a label, they do not start a name.
        if words > 0 && !strong && t[name_end.max(start)..i].contains(&'\t') {
            return None;
        }
        let word: String = t[i..w].iter().collect();
        let first_upper = word.chars().next().is_some_and(char::is_uppercase);
        let lower_word = word.to_lowercase();
        if first_upper {
            // A particle in capitals ("VAN") or a form's field name ("ADRES") is not what
            // makes a name.
            let particle = PARTICLES.contains(&lower_word.as_str());
            if words == 0 && looks_like_label(&t[i..w]) {
                break;
            }
            if word.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !word.ends_with('.')
                && !particle
                && !looks_like_label(&t[i..w])
            {
                strong = true;
            }
            name_end = w;
        } else if !PARTICLES.contains(&lower_word.as_str()) {
            break;
        }
        words += 1;
        if w < end && t[w] == ',' {
            break;
        }
        i = w;
        while i < end && is_space(t[i]) {
            i += 1;
        }
    }
    // "Zuiderland Verzekeringen", "Autoschade Rijnland B.V.": a company, not a person.
    if !strong || name_end == start || super::labels::company_line(t, start, name_end) {
        return None;
    }
    let normalized = normalize_name(&t[start..name_end].iter().collect::<String>()).ok()?;
    // Text left over in the slot means we had to guess where the name ends.
    let rest = &t[name_end..end];
    let quality = if only_separators(rest) { 1.0 } else { 0.9 };
    Some((start, name_end, normalized, quality))
}

const SALUTATIONS: &[&str] = &[
    "dhr", "dhr.", "mevr", "mevr.", "mw", "mw.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mevrouw",
];

/// The word starting at `i` (up to a space or `end`) and the index after it.
fn word_from(t: &[char], i: usize, end: usize) -> (String, usize) {
    let mut w = i;
    while w < end && !is_space(t[w]) {
        w += 1;
    }
    (t[i..w].iter().collect::<String>().to_lowercase(), w)
}

fn skip_spaces_to(t: &[char], mut i: usize, end: usize) -> usize {
    while i < end && is_space(t[i]) {
        i += 1;
    }
    i
}

/// Skips leading salutations ("dhr.", "Mevr.", "de heer", "Mrs"): they are not part of
/// the name, and in lower case they would otherwise stop the name reader at once.
fn skip_salutation(t: &[char], start: usize, end: usize) -> usize {
    let mut i = start;
    while i < end {
        let (word, w) = word_from(t, i, end);
        let next = skip_spaces_to(t, w, end);
        if SALUTATIONS.contains(&word.as_str()) {
            i = next;
            continue;
        }
        // "de heer" is two words; "de" alone is a particle of the name ("de Vries").
        let (second, w2) = word_from(t, next, end);
        if word == "de" && second == "heer" {
            i = skip_spaces_to(t, w2, end);
            continue;
        }
        break;
    }
    i
}

/// "Ja", "Nee", "Yes", "No" as the whole slot; "Ja / Nee" (an unfilled form) is nothing.
fn read_yes_no(t: &[char], start: usize, end: usize) -> Option<(usize, usize, String, f64)> {
    let mut e = start;
    while e < end && t[e].is_alphabetic() {
        e += 1;
    }
    let word: String = t[start..e].iter().collect();
    let value = yes_no_word(&word)?;
    let rest = &t[e..end];
    if !rest.iter().all(|&c| is_space(c) || c == '.' || c == ',') {
        return None;
    }
    Some((start, e, value.to_string(), 1.0))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A fact for tests: (id, type, labels, distractors).
    pub(crate) type SpecDef = (&'static str, FactType, &'static [&'static str], &'static [&'static str]);

    /// Calls `f` with the specs `defs` describe.
    fn with_specs<R>(defs: &[SpecDef], f: impl FnOnce(&[FactSpec<'_>]) -> R) -> R {
        let owned: Vec<(Vec<String>, Vec<String>)> = defs
            .iter()
            .map(|(_, _, l, d)| {
                (
                    l.iter().map(std::string::ToString::to_string).collect(),
                    d.iter().map(std::string::ToString::to_string).collect(),
                )
            })
            .collect();
        let specs: Vec<FactSpec<'_>> = defs
            .iter()
            .zip(&owned)
            .map(|((id, ty, _, _), (l, d))| FactSpec {
                id,
                fact_type: *ty,
                labels: l,
                distractors: d,
                options: &[],
            })
            .collect();
        f(&specs)
    }

    /// Runs `find_facts` and checks the evidence invariant on every result.
    pub(crate) fn run(text: &str, defs: &[SpecDef]) -> Vec<Found> {
        let found = with_specs(defs, |specs| find_facts(text, specs));
        for f in &found {
            let slice: String = text
                .chars()
                .skip(f.char_start)
                .take(f.char_end - f.char_start)
                .collect();
            assert_eq!(slice, f.value_raw, "evidence slice mismatch in {text:?}");
            assert!((0.0..=1.0).contains(&f.confidence));
        }
        found
    }

    /// Expected: fact id, raw, normalized, minimum and maximum confidence.
    type Want = (&'static str, &'static str, &'static str, f64, f64);

    fn check(defs: &[SpecDef], rows: &[(&str, &[Want], &str)]) {
        for (text, want, msg) in rows {
            let found = run(text, defs);
            let got: Vec<(&str, &str, &str)> = found
                .iter()
                .map(|f| (f.fact_id.as_str(), f.value_raw.as_str(), f.value_normalized.as_str()))
                .collect();
            let expect: Vec<(&str, &str, &str)> = want.iter().map(|w| (w.0, w.1, w.2)).collect();
            assert_eq!(got, expect, "{text:?}: {msg}\n{found:#?}");
            for (f, w) in found.iter().zip(want.iter()) {
                assert!(
                    f.confidence >= w.3 && f.confidence <= w.4,
                    "{text:?}: {msg}: confidence {} not in {}..={}",
                    f.confidence,
                    w.3,
                    w.4
                );
            }
        }
    }

    const HIGH: (f64, f64) = (0.88, 1.0);

    const DATE: &[SpecDef] = &[(
        "incident_date",
        FactType::Date,
        &[
            "schadedatum",
            "datum van het ongeval",
            "date of incident",
            "incident date",
        ],
        &["geboortedatum", "datum ondertekening", "date of birth", "ingangsdatum"],
    )];

    #[test]
    fn dates() {
        let h = HIGH;
        check(
            DATE,
            &[
                (
                    "Schadedatum: 3 februari 2023",
                    &[("incident_date", "3 februari 2023", "2023-02-03", h.0, h.1)],
                    "label colon",
                ),
                (
                    "SCHADEDATUM 03-02-2023",
                    &[("incident_date", "03-02-2023", "2023-02-03", h.0, h.1)],
                    "upper-case label",
                ),
                (
                    "Datum van het ongeval\n03-02-2023",
                    &[("incident_date", "03-02-2023", "2023-02-03", h.0, h.1)],
                    "label above",
                ),
                (
                    "Datum  van het\tongeval: vrijdag 3 februari 2023",
                    &[("incident_date", "vrijdag 3 februari 2023", "2023-02-03", h.0, h.1)],
                    "whitespace-tolerant label, weekday",
                ),
                (
                    "Date of incident:\tFriday, 3 February 2023",
                    &[("incident_date", "Friday, 3 February 2023", "2023-02-03", h.0, h.1)],
                    "English, next cell",
                ),
                (
                    "Incident date: February 3, 2023",
                    &[("incident_date", "February 3, 2023", "2023-02-03", h.0, h.1)],
                    "US order",
                ),
                (
                    "Schadedatum   3rd February 2023",
                    &[("incident_date", "3rd February 2023", "2023-02-03", h.0, h.1)],
                    "ordinal",
                ),
                (
                    "Schadedatum: 3.2.2023",
                    &[("incident_date", "3.2.2023", "2023-02-03", h.0, h.1)],
                    "dots",
                ),
                (
                    "Schadedatum: 2023-02-03",
                    &[("incident_date", "2023-02-03", "2023-02-03", h.0, h.1)],
                    "ISO",
                ),
                ("Geboortedatum: 12-05-1980", &[], "distractor rules it out"),
                ("Date of birth 12/05/1980", &[], "English distractor"),
                (
                    "Ingangsdatum 01-01-2020   Schadedatum 03-02-2023",
                    &[("incident_date", "03-02-2023", "2023-02-03", h.0, h.1)],
                    "distractor cell, then real label",
                ),
                (
                    "Brief van 1 maart 2023",
                    &[("incident_date", "1 maart 2023", "2023-03-01", 0.2, 0.5)],
                    "bare date stays low",
                ),
                ("Schadedatum: 31-02-2023", &[], "impossible date"),
                (
                    "Schadedatum: 03-02-23",
                    &[("incident_date", "03-02-23", "2023-02-03", 0.8, 0.9)],
                    "two-digit year after its label",
                ),
                ("Rapport 03-02-23", &[], "a two-digit year needs a label"),
                ("Telefoon 06-12345678", &[], "phone number"),
                ("IBAN NL91ABNA0417164300", &[], "IBAN digits"),
                ("Polisnummer PL-03-02-2023", &[], "inside a policy number"),
                (
                    "Schadedatum: 3 februari 2023 om 14:30 uur",
                    &[("incident_date", "3 februari 2023", "2023-02-03", h.0, h.1)],
                    "time after it",
                ),
            ],
        );
    }

    const MONEY: &[SpecDef] = &[(
        "repair_amount",
        FactType::Money,
        &[
            "totaal incl. btw",
            "totaalbedrag",
            "reparatiekosten",
            "total amount",
            "bedrag",
        ],
        &["eigen risico", "totaal excl. btw", "btw", "excess"],
    )];

    #[test]
    fn amounts() {
        let h = HIGH;
        check(
            MONEY,
            &[
                (
                    "Totaal incl. BTW € 1.234,56",
                    &[("repair_amount", "€ 1.234,56", "1234.56", h.0, h.1)],
                    "total",
                ),
                (
                    "Totaalbedrag:\t€1.234,56",
                    &[("repair_amount", "€1.234,56", "1234.56", h.0, h.1)],
                    "no space",
                ),
                (
                    "Reparatiekosten EUR 1.234,56",
                    &[("repair_amount", "EUR 1.234,56", "1234.56", h.0, h.1)],
                    "EUR",
                ),
                (
                    "Bedrag: 1.234,56 euro",
                    &[("repair_amount", "1.234,56 euro", "1234.56", h.0, h.1)],
                    "suffix",
                ),
                (
                    "Bedrag: € 850,-",
                    &[("repair_amount", "€ 850,-", "850.00", h.0, h.1)],
                    "whole euros",
                ),
                (
                    "Bedrag: € 850,--",
                    &[("repair_amount", "€ 850,--", "850.00", h.0, h.1)],
                    "double dash",
                ),
                (
                    "Total amount: €1,234.56",
                    &[("repair_amount", "€1,234.56", "1234.56", h.0, h.1)],
                    "English",
                ),
                (
                    "Bedrag € 1234",
                    &[("repair_amount", "€ 1234", "1234.00", h.0, h.1)],
                    "plain",
                ),
                (
                    "Totaalbedrag  1.234,56 EUR",
                    &[("repair_amount", "1.234,56 EUR", "1234.56", h.0, h.1)],
                    "suffix EUR, next cell",
                ),
                (
                    "Totaalbedrag  1.234,56",
                    &[("repair_amount", "1.234,56", "1234.56", 0.8, 0.9)],
                    "bare number with label",
                ),
                ("Artikel 1.234,56", &[], "bare number without label"),
                ("Eigen risico: € 250,00", &[], "distractor"),
                (
                    "Totaal excl. BTW € 1.020,29",
                    &[],
                    "the excl. VAT total is a distractor",
                ),
                (
                    "Totaal incl. BTW € 1.234,56 (eigen risico € 250,00)",
                    &[("repair_amount", "€ 1.234,56", "1234.56", h.0, h.1)],
                    "excess in the same cell, nearer to its amount",
                ),
                (
                    "Kosten € 99,95",
                    &[("repair_amount", "€ 99,95", "99.95", 0.2, 0.5)],
                    "unlabelled amount is low",
                ),
                ("Bedrag: 12-05-1980", &[], "a date is not an amount"),
                ("Bedrag: 06-12345678", &[], "a phone number is not an amount"),
            ],
        );
    }

    const PLATES: &[SpecDef] = &[
        (
            "licence_plate",
            FactType::LicencePlate,
            &["kenteken", "licence plate", "registration"],
            &["kenteken tegenpartij"],
        ),
        (
            "counterparty_licence_plate",
            FactType::LicencePlate,
            &["kenteken tegenpartij", "kenteken wederpartij"],
            &[],
        ),
    ];

    #[test]
    fn plates() {
        let h = HIGH;
        check(
            PLATES,
            &[
                (
                    "Kenteken   AB-123-C   Kenteken tegenpartij   12-ABC-3",
                    &[
                        ("licence_plate", "AB-123-C", "AB-123-C", h.0, h.1),
                        ("counterparty_licence_plate", "12-ABC-3", "12-ABC-3", h.0, h.1),
                    ],
                    "own plate and counterparty plate on one row",
                ),
                (
                    "Kenteken tegenpartij: 12-ABC-3",
                    &[("counterparty_licence_plate", "12-ABC-3", "12-ABC-3", h.0, h.1)],
                    "only counterparty",
                ),
                (
                    "Kenteken: ab123c",
                    &[("licence_plate", "ab123c", "AB-123-C", 0.8, 0.9)],
                    "undashed lower case with label",
                ),
                (
                    "Kenteken: GB-01-BK",
                    &[("licence_plate", "GB-01-BK", "GB-01-BK", h.0, h.1)],
                    "sidecode 4",
                ),
                (
                    "Licence plate\n1-ABC-23",
                    &[("licence_plate", "1-ABC-23", "1-ABC-23", h.0, h.1)],
                    "label above",
                ),
                (
                    "Voertuig GB-01-BK",
                    &[
                        ("licence_plate", "GB-01-BK", "GB-01-BK", 0.3, 0.5),
                        ("counterparty_licence_plate", "GB-01-BK", "GB-01-BK", 0.3, 0.5),
                    ],
                    "bare plate is low for both facts",
                ),
                ("Postcode 3511 AB", &[], "postcode"),
                (
                    "Kenteken: 1234AB",
                    &[("licence_plate", "1234AB", "12-34-AB", 0.8, 0.9)],
                    "labelled compact shape is a plate",
                ),
                ("3511AB Utrecht", &[], "compact postcode without label"),
                ("om 12:30 uur", &[], "time"),
                ("Datum 03-02-2023", &[], "date"),
                ("Bedrag € 1.234,56", &[], "amount"),
                ("ABCDEF en AB1234", &[], "words and codes without label"),
            ],
        );
    }

    const MISC: &[SpecDef] = &[
        ("iban", FactType::Iban, &["iban", "rekeningnummer", "bank account"], &[]),
        ("email", FactType::Email, &["e-mail", "e-mailadres", "email"], &[]),
        (
            "phone",
            FactType::Phone,
            &["telefoon", "telefoonnummer", "phone"],
            &["fax"],
        ),
        ("postcode", FactType::Postcode, &["postcode"], &[]),
    ];

    #[test]
    fn ibans_emails_phones_postcodes() {
        let h = HIGH;
        check(
            MISC,
            &[
                (
                    "IBAN: NL91 ABNA 0417 1643 00",
                    &[("iban", "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", h.0, h.1)],
                    "grouped",
                ),
                (
                    "Rekeningnummer NL91ABNA0417164300",
                    &[("iban", "NL91ABNA0417164300", "NL91ABNA0417164300", h.0, h.1)],
                    "compact",
                ),
                ("IBAN: NL91ABNA0417164301", &[], "bad checksum"),
                (
                    "Betaal naar BE68 5390 0754 7034.",
                    &[("iban", "BE68 5390 0754 7034", "BE68539007547034", 0.4, 0.5)],
                    "bare IBAN ≤ 0.5",
                ),
                (
                    "E-mail: Jan.Jansen@Example.NL",
                    &[("email", "Jan.Jansen@Example.NL", "Jan.Jansen@example.nl", h.0, h.1)],
                    "email",
                ),
                (
                    "Telefoon: 06 12345678",
                    &[("phone", "06 12345678", "+31612345678", h.0, h.1)],
                    "mobile",
                ),
                (
                    "Telefoonnummer   020-1234567",
                    &[("phone", "020-1234567", "+31201234567", h.0, h.1)],
                    "landline",
                ),
                (
                    "Phone: +32 2 123 45 67",
                    &[("phone", "+32 2 123 45 67", "+3221234567", h.0, h.1)],
                    "Belgian",
                ),
                ("Fax: 020-7654321", &[], "fax is a distractor"),
                (
                    "Postcode: 3511 AB",
                    &[("postcode", "3511 AB", "3511 AB", h.0, h.1)],
                    "postcode",
                ),
                ("Postcode: 3511 SS", &[], "SS not issued"),
            ],
        );
    }

    const ANCHORED: &[SpecDef] = &[
        (
            "policy_number",
            FactType::PolicyNumber,
            &["polisnummer", "policy number"],
            &["schadenummer", "klantnummer"],
        ),
        (
            "policyholder_name",
            FactType::PersonName,
            &["naam", "naam verzekeringnemer", "name"],
            &["naam tegenpartij"],
        ),
        ("description", FactType::Text, &["omschrijving", "description"], &[]),
        (
            "police_involved",
            FactType::YesNo,
            &["politie ter plaatse", "police present"],
            &[],
        ),
    ];

    #[test]
    fn label_anchored_values() {
        let h = HIGH;
        check(
            ANCHORED,
            &[
                (
                    "Polisnummer: ab-123456",
                    &[("policy_number", "ab-123456", "AB-123456", h.0, h.1)],
                    "policy",
                ),
                (
                    "Polisnummer\n123 456 789",
                    &[("policy_number", "123 456 789", "123456789", h.0, h.1)],
                    "below, digit groups",
                ),
                (
                    "Polisnummer   2023/0042-X   Schadenummer   SN-998877",
                    &[("policy_number", "2023/0042-X", "2023/0042-X", h.0, h.1)],
                    "claim number is not the policy",
                ),
                ("Schadenummer: 12345678", &[], "claim number alone"),
                ("Polisnummer: onbekend", &[], "no digit"),
                ("Uw polis 12345678", &[], "no label, no policy number"),
                (
                    "Naam: J.P. van der Berg",
                    &[("policyholder_name", "J.P. van der Berg", "J.P. van der Berg", h.0, h.1)],
                    "initials and particles",
                ),
                (
                    "Naam: J.P. van der  Berg",
                    &[],
                    "a double space is a cell break: 'J.P. van der' is no name",
                ),
                ("Naam tegenpartij: P. de Vries", &[], "counterparty name"),
                (
                    "Naam: dhr. J. Jansen",
                    &[("policyholder_name", "J. Jansen", "J. Jansen", h.0, h.1)],
                    "salutation skipped",
                ),
                (
                    "Naam: de heer de Vries",
                    &[("policyholder_name", "de Vries", "de Vries", h.0, h.1)],
                    "two-word salutation, particle kept",
                ),
                ("Naam: Mevr.", &[], "salutation only"),
                (
                    "Name:\tJohn O'Neill-Smith   Utrecht",
                    &[(
                        "policyholder_name",
                        "John O'Neill-Smith",
                        "John O'Neill-Smith",
                        h.0,
                        h.1,
                    )],
                    "cell stops the name",
                ),
                (
                    "Naam: Jan Jansen, Utrecht",
                    &[("policyholder_name", "Jan Jansen", "Jan Jansen", 0.8, 0.9)],
                    "comma stops the name",
                ),
                ("Jan Jansen", &[], "no label, no name"),
                (
                    "Naam   Adres\nJan Jansen   Dorpsstraat 1",
                    &[("policyholder_name", "Jan Jansen", "Jan Jansen", h.0, h.1)],
                    "header row",
                ),
                ("Naam: 12345", &[], "digits are not a name"),
                (
                    "Omschrijving: Aanrijding  op de   kruising   Datum: 3-2-2023",
                    &[(
                        "description",
                        "Aanrijding  op de   kruising",
                        "Aanrijding op de kruising",
                        h.0,
                        h.1,
                    )],
                    "text runs over double spaces, stops at the next label",
                ),
                (
                    "Omschrijving: Aanrijding op de kruising.",
                    &[(
                        "description",
                        "Aanrijding op de kruising.",
                        "Aanrijding op de kruising.",
                        h.0,
                        h.1,
                    )],
                    "text",
                ),
                (
                    "Politie ter plaatse: Ja",
                    &[("police_involved", "Ja", "yes", h.0, h.1)],
                    "yes",
                ),
                (
                    "Police present   No",
                    &[("police_involved", "No", "no", h.0, h.1)],
                    "no",
                ),
                ("Politie ter plaatse: Ja / Nee", &[], "unfilled form"),
            ],
        );
    }

    /// The motor-claim facts with their labels and distractors (a subset of the case type).
    const MOTOR: &[SpecDef] = &[
        (
            "claimant_name",
            FactType::PersonName,
            &[
                "naam verzekerde",
                "verzekeringnemer",
                "naam",
                "name",
                "policyholder",
                "driver name",
            ],
            &["naam tegenpartij", "other party name", "naam getuige"],
        ),
        (
            "claimant_email",
            FactType::Email,
            &["e-mail", "email"],
            &["e-mail garage"],
        ),
        (
            "claimant_phone",
            FactType::Phone,
            &["telefoon", "telefoonnummer", "tel."],
            &["telefoon tegenpartij"],
        ),
        (
            "policy_number",
            FactType::PolicyNumber,
            &["polisnummer", "polisnr."],
            &["schadenummer", "klantnummer"],
        ),
        (
            "licence_plate",
            FactType::LicencePlate,
            &["kenteken", "uw kenteken", "registration"],
            &["kenteken tegenpartij", "kenteken voertuig b"],
        ),
        (
            "incident_date",
            FactType::Date,
            &["schadedatum", "datum schade"],
            &["geboortedatum", "datum ondertekening"],
        ),
        (
            "incident_location",
            FactType::Text,
            &["plaats ongeval", "plaats"],
            &["woonplaats", "plaats ondertekening"],
        ),
        (
            "incident_description",
            FactType::Text,
            &["toedracht", "omschrijving"],
            &["omschrijving werkzaamheden"],
        ),
        (
            "counterparty_licence_plate",
            FactType::LicencePlate,
            &["kenteken tegenpartij", "kenteken voertuig b"],
            &["uw kenteken"],
        ),
        ("iban", FactType::Iban, &["iban", "rekeningnummer"], &["iban garage"]),
    ];

    #[test]
    fn motor_layouts() {
        let h = HIGH;
        check(
            MOTOR,
            &[
                // 1. Readers stop at the next field on the line.
                (
                    "Naam Sarah Clarke Geboortedatum 8 maart 1988",
                    &[("claimant_name", "Sarah Clarke", "Sarah Clarke", 0.8, 0.95)],
                    "a name stops at a distractor label",
                ),
                (
                    "Plaats ongeval Zwolle Schadenummer 2019-338568",
                    &[("incident_location", "Zwolle", "Zwolle", h.0, h.1)],
                    "a location stops at another fact's label",
                ),
                (
                    "Plaats: Utrecht Tijd: 14:40",
                    &[("incident_location", "Utrecht", "Utrecht", h.0, h.1)],
                    "a location stops at a generic 'Word:' label",
                ),
                (
                    "Plaats ongeval\tRotterdam\tMerk en type\tOpel Corsa",
                    &[("incident_location", "Rotterdam", "Rotterdam", h.0, h.1)],
                    "a location stops at a generic label cell",
                ),
                (
                    "Driver name: Mohamed\tJansen\tOther party name: Pieter O'Neill",
                    &[("claimant_name", "Mohamed\tJansen", "Mohamed Jansen", h.0, h.1)],
                    "a word-positioned tab inside a name",
                ),
                (
                    "Naam:\tJan\t\tUtrecht",
                    &[("claimant_name", "Jan", "Jan", h.0, h.1)],
                    "one word and a double tab: the name does not run on over a cell break",
                ),
                // 2. Two-column label rows over two-column value rows pair by column.
                (
                    "Polisnr.\tUw kenteken\n2018-9131-X\tDD740D",
                    &[
                        ("policy_number", "2018-9131-X", "2018-9131-X", h.0, h.1),
                        ("licence_plate", "DD740D", "DD-740-D", 0.8, 0.9),
                    ],
                    "stacked pairs: the second column keeps its value",
                ),
                (
                    "Naam verzekerde\tGeboortedatum\nAnouk 't Hart\t1963-07-19\nDatum schade\tTelefoonnummer\ndonderdag 2 oktober 2025\t+31 (0)6 7876 1763",
                    &[
                        ("claimant_name", "Anouk 't Hart", "Anouk 't Hart", h.0, h.1),
                        ("claimant_phone", "+31 (0)6 7876 1763", "+31678761763", h.0, h.1),
                        ("incident_date", "donderdag 2 oktober 2025", "2025-10-02", h.0, h.1),
                    ],
                    "birth date under its own header is not the incident date",
                ),
                // 3. Accident statements: vehicle B belongs to the other party.
                (
                    "Voertuig A\tVoertuig B\nNaam: Bram Jansen\tNaam: Fleur de Boer\nKenteken: BSK-04-D\tKenteken: 3-DRG-21\nTel.: 010-8840977\tTel.: 06-90189677",
                    &[
                        ("claimant_name", "Bram Jansen", "Bram Jansen", h.0, h.1),
                        ("claimant_phone", "010-8840977", "+31108840977", h.0, h.1),
                        ("licence_plate", "BSK-04-D", "BSK-04-D", h.0, h.1),
                        ("counterparty_licence_plate", "3-DRG-21", "3-DRG-21", h.0, h.1),
                    ],
                    "A and B columns",
                ),
                (
                    "Vehicle A\nName: J. Bakker\nRegistration: FX-98-LJ\nVehicle B\nName: Emily Ramdin\nRegistration: 9-BHH-01\n14. My remarks\nRear-end collision.",
                    &[
                        ("claimant_name", "J. Bakker", "J. Bakker", h.0, h.1),
                        ("licence_plate", "FX-98-LJ", "FX-98-LJ", h.0, h.1),
                        ("counterparty_licence_plate", "9-BHH-01", "9-BHH-01", h.0, h.1),
                    ],
                    "A and B sections",
                ),
                (
                    "Naam: Bram Jansen\tNaam: Fleur de Boer",
                    &[
                        ("claimant_name", "Bram Jansen", "Bram Jansen", 0.95, 0.95),
                        ("claimant_name", "Fleur de Boer", "Fleur de Boer", 0.94, 0.94),
                    ],
                    "without a vehicle header a repeated label is just another candidate",
                ),
                // 4. A plate label inside prose is weak, unless the writer says "my".
                (
                    "Kenteken: RK-66-XF\nToedracht: De bestuurder van de auto met kenteken 36-ZR-SR gaf geen voorrang.",
                    &[
                        ("licence_plate", "RK-66-XF", "RK-66-XF", h.0, h.1),
                        (
                            "incident_description",
                            "De bestuurder van de auto met kenteken 36-ZR-SR gaf geen voorrang.",
                            "De bestuurder van de auto met kenteken 36-ZR-SR gaf geen voorrang.",
                            h.0,
                            h.1,
                        ),
                        ("counterparty_licence_plate", "36-ZR-SR", "36-ZR-SR", 0.3, 0.5),
                    ],
                    "the other car's plate in a description",
                ),
                (
                    "De bestuurder van de auto met kenteken hp99ls gaf geen voorrang.",
                    &[
                        ("licence_plate", "hp99ls", "HP-99-LS", 0.1, 0.3),
                        ("counterparty_licence_plate", "hp99ls", "HP-99-LS", 0.1, 0.3),
                    ],
                    "an undashed plate after a label word in prose stays very low",
                ),
                (
                    "Op 3 mei ben ik met mijn Kia Niro met kenteken 0-GRR-04 aangereden.",
                    &[("licence_plate", "0-GRR-04", "0-GRR-04", 0.75, 0.85)],
                    "'mijn' makes the prose plate the claimant's",
                ),
                // 5. A garage's letterhead and footer are not the claimant's contact details.
                (
                    "Autobedrijf Smit & Zn.\nMolenstraat 75, Utrecht\nTel. 06-33223454 E-mail: info@smit.nl\nFACTUUR\nIBAN NL91 ABNA 0417 1643 00 t.n.v. Autobedrijf Smit & Zn.",
                    &[],
                    "letterhead and footer",
                ),
                (
                    "Jan Jansen\nDorpsstraat 1\nTel. 06-33223454\nIBAN: NL91ABNA0417164300 t.n.v. J. Jansen",
                    &[
                        ("claimant_phone", "06-33223454", "+31633223454", h.0, h.1),
                        ("iban", "NL91ABNA0417164300", "NL91ABNA0417164300", h.0, h.1),
                    ],
                    "a private sender's block and account are the claimant's",
                ),
                (
                    "Omschrijving\tAantal\tPrijs\tBedrag\nUitlijnen\t1\t65,00\t65,00",
                    &[],
                    "an invoice's line-item header is not a description",
                ),
                // 6. Wrapped free text.
                (
                    "Toedracht:\tBij het afslaan werd ik aangereden door de tegenpartij,\ndie te laat remde.\n5. Ondertekening",
                    &[(
                        "incident_description",
                        "Bij het afslaan werd ik aangereden door de tegenpartij,\ndie te laat remde.",
                        "Bij het afslaan werd ik aangereden door de tegenpartij, die te laat remde.",
                        h.0,
                        h.1,
                    )],
                    "text continues onto the next line",
                ),
                (
                    "Omschrijving:\tEenzijdig ongeval:\tbij gladheid tegen de vangrail\ngegleden.",
                    &[(
                        "incident_description",
                        "Eenzijdig ongeval:\tbij gladheid tegen de vangrail\ngegleden.",
                        "Eenzijdig ongeval: bij gladheid tegen de vangrail gegleden.",
                        h.0,
                        h.1,
                    )],
                    "a colon inside word-positioned prose",
                ),
                (
                    "Toedracht: Aanrijding op de kruising.\nDit is een andere zin.",
                    &[(
                        "incident_description",
                        "Aanrijding op de kruising.",
                        "Aanrijding op de kruising.",
                        h.0,
                        h.1,
                    )],
                    "a finished sentence does not continue",
                ),
                (
                    "Toedracht: Aanrijding op de\nSchadedatum: 03-02-2023",
                    &[
                        ("incident_date", "03-02-2023", "2023-02-03", h.0, h.1),
                        ("incident_description", "Aanrijding op de", "Aanrijding op de", h.0, h.1),
                    ],
                    "a label line ends the text",
                ),
                // 7. Ties: the value nearest its label, then the earliest, is preferred.
                (
                    "Schadedatum: 5 maart 2023\nSchadedatum: 1 maart 2023",
                    &[
                        ("incident_date", "5 maart 2023", "2023-03-05", 0.95, 0.95),
                        ("incident_date", "1 maart 2023", "2023-03-01", 0.94, 0.94),
                    ],
                    "equal labels: page order, by a hundredth",
                ),
                // Letters: the dateline is the letter's date; the signatory is the writer.
                (
                    "Amsterdam, 16 mei 2025\nOp 7 mei 2025 werd mijn auto geraakt.",
                    &[
                        ("incident_date", "7 mei 2025", "2025-05-07", 0.3, 0.4),
                        ("incident_date", "16 mei 2025", "2025-05-16", 0.1, 0.2),
                    ],
                    "a dateline ranks below a date in the text",
                ),
                (
                    "Met vriendelijke groet,\nAnouk Vos",
                    &[("claimant_name", "Anouk Vos", "Anouk Vos", 0.65, 0.75)],
                    "the signatory of a letter",
                ),
                (
                    "Met vriendelijke groet,\nAutobedrijf Smit B.V.",
                    &[],
                    "a company signing is no claimant",
                ),
            ],
        );
    }

    #[test]
    fn offsets_are_chars_not_bytes() {
        let text = "Ééé €€ — Schadedatum: 3 février? nee: 3 februari 2023 ✓";
        let found = run(text, DATE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value_raw, "3 februari 2023");
        let byte_start = text.find("3 februari").unwrap_or(0);
        assert!(
            found[0].char_start < byte_start,
            "char offsets are smaller than byte offsets here"
        );
    }

    #[test]
    fn at_most_three_candidates_and_deduplicated() {
        let text = "1 maart 2023, 2 maart 2023, 3 maart 2023, 4 maart 2023, 1 maart 2023";
        let found = run(text, DATE);
        assert_eq!(found.len(), 3);
        let values: Vec<&str> = found.iter().map(|f| f.value_normalized.as_str()).collect();
        assert_eq!(
            values,
            ["2023-03-01", "2023-03-02", "2023-03-03"],
            "same confidence: page order"
        );
    }

    #[test]
    fn labelled_value_suppresses_bare_ones() {
        let text = "Brief van 1 maart 2023\nSchadedatum: 3 februari 2023";
        let found = run(text, DATE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value_normalized, "2023-02-03");
    }

    const LETTER: &[SpecDef] = &[
        ("claimant_name", FactType::PersonName, &["naam", "name"], &[]),
        ("claimant_phone", FactType::Phone, &["telefoon", "phone"], &[]),
        (
            "policy_number",
            FactType::PolicyNumber,
            &["polisnummer", "policy number"],
            &[],
        ),
        ("incident_date", FactType::Date, &["datum schade", "schadedatum"], &[]),
        (
            "incident_description",
            FactType::Text,
            &["toedracht", "omschrijving toedracht"],
            &[],
        ),
        ("property_address", FactType::Text, &["woning", "adres woning"], &[]),
        (
            "counterparty_involved",
            FactType::YesNo,
            &["tegenpartij betrokken"],
            &[],
        ),
        ("licence_plate", FactType::LicencePlate, &["kenteken"], &[]),
    ];

    /// [`run`] with a case type's words for other people.
    fn run_with_others(text: &str, defs: &[SpecDef], others: &[&str]) -> Vec<Found> {
        let others: Vec<String> = others.iter().map(std::string::ToString::to_string).collect();
        with_specs(defs, |specs| {
            let lexicon = Lexicon::for_specs(specs, &[], &others);
            find_facts_with(text, specs, &lexicon)
        })
    }

    const WHOSE: &[SpecDef] = &[
        (
            "claimant_name",
            FactType::PersonName,
            &["naam", "verzekerde", "opdrachtgever"],
            &[],
        ),
        ("claimant_phone", FactType::Phone, &["telefoon", "bereikbaar"], &[]),
        (
            "damage_amount",
            FactType::Money,
            &["herstelkosten"],
            &["btw", "dagwaarde"],
        ),
    ];

    #[test]
    fn a_role_word_after_a_label_says_whose_value_it_is() {
        let text = "Verzekerde\tMaaike Vermeulen\nTelefoon verzekerde\t06-85927715\n\
                    Expert: I. Verhoeven, bereikbaar op 06-62272380\n";
        let found = run(text, WHOSE);
        let phones: Vec<&Found> = found.iter().filter(|f| f.fact_id == "claimant_phone").collect();
        assert_eq!(
            phones.first().map(|f| f.value_raw.as_str()),
            Some("06-85927715"),
            "{found:#?}"
        );
        assert!(phones[0].claimants_label, "{found:#?}");
    }

    #[test]
    fn incl_vat_qualifies_an_amounts_label_instead_of_naming_the_vat() {
        let text = "Dagwaarde\tEUR 7.137,56\nHerstelkosten incl. btw\tEUR 2.273,17\nBtw\tEUR 394,52\n";
        let found = run(text, WHOSE);
        assert_eq!(values(&found, "damage_amount"), ["EUR 2.273,17"], "{found:#?}");
    }

    #[test]
    fn a_numbered_section_about_a_witness_holds_the_witnesss_details() {
        let text = "1. Uw gegevens\nNaam\nMarloes Kuipers\nTelefoon\n06-94979651\n\
                    4. Getuige\nNaam\nHanneke Brouwer\nTelefoon\n06-50318451\n";
        let found = run_with_others(text, WHOSE, &["getuige"]);
        assert_eq!(values(&found, "claimant_name"), ["Marloes Kuipers"], "{found:#?}");
        assert_eq!(values(&found, "claimant_phone"), ["06-94979651"], "{found:#?}");
    }

    /// Home-claim facts whose form labels may be bare ("Datum", "Omschrijving", "Bedrag").
    const SECTIONS: &[SpecDef] = &[
        ("claimant_phone", FactType::Phone, &["telefoon"], &[]),
        (
            "incident_date",
            FactType::Date,
            &["schadedatum", "datum schade", "date of loss", "date of incident"],
            &["datum melding"],
        ),
        (
            "incident_description",
            FactType::Text,
            &["toedracht", "description of the incident"],
            &["omschrijving schade", "omschrijving werkzaamheden"],
        ),
        ("damage_amount", FactType::Money, &["bedrag schade"], &["btw"]),
    ];

    #[test]
    fn a_bare_label_under_a_section_heading_reads_with_the_headings_words() {
        let rows: &[(&str, &str, &[&str], &str)] = &[
            (
                "3 De schade\nDatum\t28-03-2025\nOmschrijving\tDe storm blies de schoorsteenkap\nomlaag.\nBedrag\t805,12\n",
                "incident_date",
                &["28-03-2025"],
                "the damage section's date",
            ),
            (
                "3 De schade\nDatum\t28-03-2025\nOmschrijving\tDe storm blies de schoorsteenkap\nomlaag.\nBedrag\t805,12\n",
                "damage_amount",
                &["805,12"],
                "a wrapped description's last line keeps the section",
            ),
            (
                "Details of the incident\nDate\t4-8-2025\nDescription\tI scraped the gatepost.\n",
                "incident_description",
                &["I scraped the gatepost."],
                "the incident section's description is its account",
            ),
            (
                "2 Betaling\nDatum\t28-03-2025\n",
                "incident_date",
                &[],
                "a payment section's date is not labelled as the incident's",
            ),
            (
                "3 De schade\nOmschrijving\tAankoopjaar\tBedrag\nTelevisie\t2015\t800,00\n",
                "incident_description",
                &[],
                "a table's header row is no label and value",
            ),
        ];
        for (text, fact, want, msg) in rows {
            let found = run(text, SECTIONS);
            let labelled: Vec<&str> = found
                .iter()
                .filter(|f| f.fact_id == *fact && f.labelled)
                .map(|f| f.value_raw.as_str())
                .collect();
            assert_eq!(labelled, *want, "{msg}: {found:#?}");
        }
    }

    #[test]
    fn a_one_word_heading_naming_someone_else_holds_the_rows_under_it() {
        let text =
            "Telefoonnummer\n06 48 05 01 71\nHersteller\nBedrijf\tGlashandel Helder B.V.\nTelefoon\t050 708 4551\n";
        let found = run_with_others(text, SECTIONS, &["hersteller"]);
        assert!(
            !values(&found, "claimant_phone").contains(&"050 708 4551"),
            "{found:#?}"
        );
    }

    #[test]
    fn numbered_boxes_under_each_vehicle_belong_to_that_vehicle() {
        let text = "Voertuig A\n12. Opmerkingen\nIk stond stil.\n7. Kenteken\nBKJ-02-S\n6. Telefoon\n050 306 6833\n\
                    Voertuig B\n6. Telefoon\n06-19412800\n7. Kenteken\nSH-VT-37\n";
        let found = run(text, MOTOR);
        assert_eq!(values(&found, "licence_plate"), ["BKJ-02-S"], "{found:#?}");
        assert_eq!(values(&found, "counterparty_licence_plate"), ["SH-VT-37"], "{found:#?}");
    }

    #[test]
    fn an_insurer_or_a_company_is_no_persons_name() {
        let text = "Opdrachtgever\tZuiderland Verzekeringen\nVerzekerde\tMaaike Vermeulen\n";
        let found = run(text, WHOSE);
        assert_eq!(values(&found, "claimant_name"), ["Maaike Vermeulen"], "{found:#?}");
    }

    fn values<'f>(found: &'f [Found], fact: &str) -> Vec<&'f str> {
        found
            .iter()
            .filter(|f| f.fact_id == fact)
            .map(|f| f.value_raw.as_str())
            .collect()
    }

    #[test]
    fn an_emails_first_sender_is_its_writer_and_the_earlier_message_below_is_someone_elses() {
        let text = "Van:\tAnnelies Visser <a.visser@live.nl>\nAan:\tclaims@zeeuwse.nl\nOnderwerp:\tschade\n\
                    Beste heer,\nHierbij stuur ik de gevraagde foto's van de auto.\nMvg,\nAnnelies\nTel. 06-12345678\n\
                    -----Oorspronkelijk bericht-----\nVan:\tDe Zeeuwse <claims@zeeuwse.nl>\n\
                    Verzonden:\tmaandag 1 april 2024\nMet vriendelijke groet,\nMarieke Jansen\nT 088-1234567\n";
        let found = run(text, LETTER);
        assert_eq!(values(&found, "claimant_name"), ["Annelies Visser"], "{found:#?}");
        assert_eq!(values(&found, "claimant_phone"), ["06-12345678"], "{found:#?}");
    }

    #[test]
    fn a_letters_account_of_what_happened_is_the_paragraph_after_the_one_that_dates_it() {
        let text = "Geachte heer, mevrouw,\nOp 10 februari 2024 heb ik schade opgelopen met mijn auto.\n\
                    Op de rotonde werd ik van opzij aangereden door een bestelbus die geen voorrang gaf. Er zijn geen\n\
                    gewonden.\nMijn polisnummer is KXP8799716.\nMet vriendelijke groet,\nA. Visser\n";
        let found = run(text, LETTER);
        assert_eq!(
            values(&found, "incident_description"),
            [
                "Op de rotonde werd ik van opzij aangereden door een bestelbus die geen voorrang gaf. Er zijn geen\ngewonden."
            ]
        );
        assert_eq!(
            values(&found, "policy_number"),
            ["KXP8799716"],
            "the verb is no part of it"
        );
        assert_eq!(values(&found, "incident_date"), ["10 februari 2024"]);
        // A paragraph that holds a value, or asks something, is no account.
        let text = "Op 10 februari 2024 heb ik schade opgelopen met mijn auto.\n\
                    De garage schat de kosten op € 1.250,00 en de auto staat daar nog steeds.\n";
        assert!(values(&run(text, LETTER), "incident_description").is_empty());
    }

    #[test]
    fn an_address_in_a_sentence_about_the_home_is_read_by_its_shape() {
        let text = "Hierbij meld ik schade aan onze woning aan de Laan van Nieuw Guinea 92, 3513 JK Utrecht. Op 1\n\
                    aug. 2025 hebben wij waterschade opgelopen.\n";
        let found = run(text, LETTER);
        assert_eq!(
            values(&found, "property_address"),
            ["Laan van Nieuw Guinea 92, 3513 JK Utrecht"]
        );
        // The claimant's own address block is no sentence about the home.
        let found = run("A. Visser\nSchoolstraat 41\n2038 VB Haarlem\n", LETTER);
        assert!(values(&found, "property_address").is_empty(), "{found:#?}");
    }

    #[test]
    fn an_invoices_address_block_names_its_customer_without_a_salutation() {
        let text = "Garage Oosterhout B.V.\nKoningsweg 50\n7336 PC Apeldoorn\n\nM. Peters\nSchoolstraat 41\n\
                    2038 VB Haarlem\nFactuur\n";
        assert_eq!(values(&run(text, LETTER), "claimant_name"), ["M. Peters"]);
        // An insurer's post box is no one's home.
        let text = "Lindeveld Verzekeringen\nPostbus 123\n2038 VB Haarlem\nFactuur\n";
        assert!(values(&run(text, LETTER), "claimant_name").is_empty());
    }

    #[test]
    fn a_numbered_heading_printed_per_column_keeps_the_statements_columns() {
        let text = "VOERTUIG A\tVOERTUIG B\n6. Verzekeringnemer\t6. Verzekeringnemer\n\
                    Naam\tJ. de Vries\tNaam\tS. Mulder\nKenteken\tGX-904-K\tKenteken\t12-ABC-3\n";
        let found = run(text, LETTER);
        assert_eq!(values(&found, "claimant_name"), ["J. de Vries"], "{found:#?}");
        assert_eq!(values(&found, "licence_plate"), ["GX-904-K"]);
    }

    #[test]
    fn a_place_in_a_letter_ends_with_its_sentence() {
        let defs: &[SpecDef] = &[("incident_location", FactType::Text, &["plaats ongeval"], &[])];
        let found = run(
            "Plaats van het ongeval: Weteringkade, Eindhoven. It concerns a collision.\n",
            defs,
        );
        assert_eq!(values(&found, "incident_location"), ["Weteringkade, Eindhoven"]);
        let found = run("Plaats ongeval\tPlataanstraat 41, Breda\t3. Gewonden\tnee\n", defs);
        assert_eq!(values(&found, "incident_location"), ["Plataanstraat 41, Breda"]);
    }

    #[test]
    fn a_label_in_brackets_inside_a_sentence_speaks_for_no_one() {
        let defs: &[SpecDef] = &[("claimant_phone", FactType::Phone, &["telefoon"], &[])];
        let found = run("Mijn buurman P. Bos heeft alles gezien (telefoon 06-87654321).\n", defs);
        assert!(found.iter().all(|f| f.confidence < 0.9), "{found:#?}");
    }
}
