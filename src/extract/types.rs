//! The public data types shared by the extractors and the server.

pub(crate) use crate::vocab::FactType;

/// Types whose values have no recognisable shape of their own: a policy number, a name
/// or free text is only a value because a label says so, so they are read from the
/// slot after a label instead of being scanned for.
pub(crate) fn label_anchored(ty: FactType) -> bool {
    matches!(
        ty,
        FactType::Text | FactType::PolicyNumber | FactType::PersonName | FactType::YesNo | FactType::Choice
    )
}

/// What the caller wants found on a page: one fact of the case type.
#[derive(Debug, Clone, Copy)]
pub struct FactSpec<'a> {
    pub id: &'a str,
    pub fact_type: FactType,
    /// Labels that announce the fact, all languages merged (case and a trailing colon
    /// do not matter).
    pub labels: &'a [String],
    /// Look-alike labels that announce something else ("geboortedatum" for an incident
    /// date); a value governed by one of these is not a candidate for this fact.
    pub distractors: &'a [String],
    /// For a choice: each option id with the words that name it on a document
    /// ("lekkage", "leaking pipe" for `water`); a label's value is read as the option whose
    /// words it holds.
    pub options: &'a [(String, Vec<String>)],
}

/// One candidate value found on a page.
///
/// `char_start`/`char_end` are Unicode-scalar offsets into the page text, end exclusive,
/// and `value_raw` is exactly that slice of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub fact_id: String,
    pub value_raw: String,
    pub value_normalized: String,
    pub confidence: f64,
    pub char_start: usize,
    pub char_end: usize,
    /// Announced by one of the fact's own labels (or a letter's closing formula), not
    /// just recognised by its shape.
    pub labelled: bool,
    /// How the page put it: after which kind of label, in which kind of text.
    pub how: How,
    /// A value cut from its context rather than read whole: free text that starts as no
    /// field value does, in lower case or with punctuation ("aan de Laan …", ", straat)
    /// Nederland …"), or a name of one word ("Fatima").
    pub ragged: bool,
    /// A shape that only a label makes a value: an undashed plate, a date with a two-digit
    /// year, an amount without a currency.
    pub weak_shape: bool,
    /// The label that announced it names the claimant besides the fact ("Telefoon klant").
    pub claimants_label: bool,
}

/// How a value stands on its page, one of the confidence model's features.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum How {
    /// After its label, only separators between ("Schadedatum: 3 februari 2023").
    Adjacent,
    /// In the cell after its label's cell.
    NextCell,
    /// Under its label, in the label's column.
    Above,
    /// After its label with words between, or a compound label cell.
    Near,
    /// In a sentence that names its fact ("Het ongeval gebeurde op 7 juli 2022") or says
    /// whose it is ("mijn auto met kenteken …").
    Prose,
    /// The one ticked box after a question.
    Ticked,
    /// The name under a letter's closing formula.
    Signed,
    /// The addressee of a business's letter, quote or invoice.
    Addressed,
    /// By its shape alone, or a choice's words somewhere on the page.
    #[default]
    Bare,
}
