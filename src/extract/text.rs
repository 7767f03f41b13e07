//! Character helpers and the page layout (lines and cells).
//!
//! A page is held as `&[char]` so that every index we compute is already the
//! Unicode-scalar offset the evidence contract asks for; no byte/char conversions
//! can go wrong later.

/// Horizontal whitespace. Newlines are structure (they separate lines), so they are
/// deliberately not "space" here. Includes NBSP and thin spaces, which PDF text layers
/// use between "€" and the amount.
pub(crate) fn is_space(c: char) -> bool {
    c != '\n' && c != '\r' && c.is_whitespace()
}

/// Lower-cases one char for comparisons. Characters whose lower case is more than one
/// scalar (rare, not in Dutch or English) keep only the first, which is fine for matching.
pub(crate) fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Characters that glue alphanumerics into one code ("PL-2023-03-02", "1.234", "a/b").
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '/' | '.' | ',' | '_' | '@')
}

/// True when a value may start at `i`: not in the middle of a word or number, and not the
/// tail of a longer code such as a policy number "PL-03-02-2023" or a phone number.
pub(crate) fn starts_clean(t: &[char], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let p = t[i - 1];
    if p.is_alphanumeric() {
        return false;
    }
    !(is_joiner(p) && i >= 2 && t[i - 2].is_alphanumeric())
}

/// Mirror of [`starts_clean`] for the end of a value (exclusive end index).
pub(crate) fn ends_clean(t: &[char], end: usize) -> bool {
    if end >= t.len() {
        return true;
    }
    let n = t[end];
    if n.is_alphanumeric() {
        return false;
    }
    !(is_joiner(n) && end + 1 < t.len() && t[end + 1].is_alphanumeric())
}

/// Number of consecutive ASCII digits starting at `i`.
pub(crate) fn digit_run(t: &[char], i: usize) -> usize {
    t.get(i..)
        .map(|s| s.iter().take_while(|c| c.is_ascii_digit()).count())
        .unwrap_or(0)
}

/// Value of `n` ASCII digits starting at `i` (caller guarantees they are digits; at most
/// 18 so it fits).
pub(crate) fn digits_value(t: &[char], i: usize, n: usize) -> u64 {
    t[i..i + n]
        .iter()
        .fold(0u64, |acc, c| acc * 10 + u64::from(c.to_digit(10).unwrap_or(0)))
}

/// Index just past a run of horizontal spaces starting at `i`.
pub(crate) fn skip_spaces(t: &[char], mut i: usize) -> usize {
    while i < t.len() && is_space(t[i]) {
        i += 1;
    }
    i
}

/// Collects the run of letters starting at `i` in lower case, with its end index.
pub(crate) fn letters_at(t: &[char], i: usize) -> (String, usize) {
    let mut j = i;
    let mut s = String::new();
    while j < t.len() && t[j].is_alphabetic() {
        s.push(lower(t[j]));
        j += 1;
    }
    (s, j)
}

/// A tick box at `i`: `Some(true)` when ticked ("☒", "☑", "[x]"), `Some(false)` when
/// empty ("☐", "[ ]"), and the index after it.
pub(crate) fn tick_box(t: &[char], i: usize) -> Option<(bool, usize)> {
    match t[i] {
        '☒' | '☑' | '■' | '✔' | '✓' | '⊠' | '✗' | '✘' => Some((true, i + 1)),
        '☐' | '□' => Some((false, i + 1)),
        // A box drawn as a rectangle leaves no glyph: only the cross typed into it stands
        // in the text, alone before the option's words ("X Vandalisme", "Ja ⇥ X Nee").
        'X' | 'x' | '✕' | '×' if lone_mark(t, i) => Some((true, i + 1)),
        '[' | '(' => {
            let close = if t[i] == '[' { ']' } else { ')' };
            match (t.get(i + 1), t.get(i + 2)) {
                (Some('x' | 'X' | '✓' | '✔'), Some(&c)) if c == close => Some((true, i + 3)),
                (Some(' '), Some(&c)) if c == close => Some((false, i + 3)),
                (Some(&c), _) if c == close => Some((false, i + 2)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// True when the cross at `i` stands alone: at a line's or cell's start or after a space,
/// one space or tab after it and then a word.
fn lone_mark(t: &[char], i: usize) -> bool {
    let before = i == 0 || t[i - 1].is_whitespace();
    let after = matches!(t.get(i + 1), Some(' ' | '\t'));
    let next = t.get(i + 2).is_some_and(|c| c.is_alphanumeric());
    before && after && next
}

/// Collapses runs of whitespace (any, including newlines) into one space and trims.
pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One "cell": a stretch of a line separated from its neighbours by a tab or by two or
/// more spaces, which is how PDF text layers render table columns and label/value pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub start: usize,
    pub cells: Vec<Cell>,
}

/// Lines and cells of a page, by char index.
#[derive(Debug)]
pub(crate) struct Layout {
    pub lines: Vec<Line>,
}

impl Layout {
    pub fn new(t: &[char]) -> Layout {
        let mut lines = Vec::new();
        let mut start = 0;
        for i in 0..=t.len() {
            if i == t.len() || t[i] == '\n' {
                let mut end = i;
                if end > start && t[end - 1] == '\r' {
                    end -= 1;
                }
                lines.push(Line {
                    start,
                    cells: split_cells(t, start, end),
                });
                start = i + 1;
            }
        }
        Layout { lines }
    }

    /// Index of the line containing char index `pos`.
    pub fn line_of(&self, pos: usize) -> usize {
        // `lines` is sorted by start; the containing line is the last one starting at or
        // before `pos`.
        self.lines.partition_point(|l| l.start <= pos).saturating_sub(1)
    }

    /// Index of the cell of line `line` that contains `pos`, if any.
    pub fn cell_of(&self, line: usize, pos: usize) -> Option<usize> {
        let cells = &self.lines.get(line)?.cells;
        // Cells are sorted and disjoint: the candidate is the last one starting at or
        // before `pos`.
        let i = cells.partition_point(|c| c.start <= pos).checked_sub(1)?;
        (pos < cells[i].end).then_some(i)
    }

    /// The nearest non-blank line above `line`, skipping at most one blank line (PDF text
    /// layers often put an empty line between a label and its value).
    pub fn line_above(&self, line: usize) -> Option<usize> {
        let mut l = line;
        for _ in 0..2 {
            l = l.checked_sub(1)?;
            if !self.lines[l].cells.is_empty() {
                return Some(l);
            }
        }
        None
    }

    /// Mirror of [`Layout::line_above`].
    pub fn line_below(&self, line: usize) -> Option<usize> {
        let mut l = line;
        for _ in 0..2 {
            l += 1;
            let candidate = self.lines.get(l)?;
            if !candidate.cells.is_empty() {
                return Some(l);
            }
        }
        None
    }
}

fn split_cells(t: &[char], start: usize, end: usize) -> Vec<Cell> {
    let mut cells = Vec::new();
    let mut i = start;
    while i < end {
        // Skip the separator run.
        while i < end && is_space(t[i]) {
            i += 1;
        }
        if i >= end {
            break;
        }
        let cell_start = i;
        let mut last_non_space = i;
        while i < end {
            if t[i] == '\t' {
                break;
            }
            if is_space(t[i]) {
                // A single space stays inside the cell; two or more end it.
                let run_end = skip_spaces(t, i);
                if run_end - i >= 2 || run_end >= end || t[i..run_end].contains(&'\t') {
                    break;
                }
                i = run_end;
                continue;
            }
            last_non_space = i;
            i += 1;
        }
        cells.push(Cell {
            start: cell_start,
            end: last_non_space + 1,
        });
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn cell_texts(s: &str) -> Vec<Vec<String>> {
        let t = chars(s);
        let layout = Layout::new(&t);
        layout
            .lines
            .iter()
            .map(|l| l.cells.iter().map(|c| t[c.start..c.end].iter().collect()).collect())
            .collect()
    }

    #[test]
    fn cells_split_on_tabs_and_double_spaces() {
        let rows = [
            (
                "Kenteken   AB-123-C   Kenteken tegenpartij   12-ABC-3",
                vec![vec!["Kenteken", "AB-123-C", "Kenteken tegenpartij", "12-ABC-3"]],
                "double spaces separate cells, single spaces do not",
            ),
            (
                "Naam:\tJan Jansen\t\tUtrecht ",
                vec![vec!["Naam:", "Jan Jansen", "Utrecht"]],
                "tabs separate cells, trailing space is trimmed",
            ),
            (
                "a\r\n\r\n  b  c",
                vec![vec!["a"], vec![], vec!["b", "c"]],
                "CRLF lines and a blank line",
            ),
        ];
        for (input, want, msg) in rows {
            assert_eq!(cell_texts(input), want, "{msg}");
        }
    }

    #[test]
    fn line_lookup_and_neighbours() {
        let t = chars("ab\n\ncd\nef");
        let layout = Layout::new(&t);
        assert_eq!(layout.line_of(0), 0);
        assert_eq!(layout.line_of(4), 2);
        assert_eq!(layout.line_of(8), 3);
        assert_eq!(layout.line_above(2), Some(0), "skips one blank line");
        assert_eq!(layout.line_below(0), Some(2));
        assert_eq!(layout.line_above(0), None);
    }

    #[test]
    fn clean_boundaries() {
        let t = chars("PL-03-02-2023 x 03-02-2023.");
        assert!(!starts_clean(&t, 3), "tail of a code");
        assert!(starts_clean(&t, 16));
        assert!(ends_clean(&t, 26), "sentence full stop is fine");
        assert!(!ends_clean(&t, 5), "joined by a dash to more digits");
    }
}
