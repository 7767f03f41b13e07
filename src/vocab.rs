//! The vocabulary every layer speaks: the formats a document can have (checked from its
//! bytes, once, where the bytes enter), the kinds of fact the reader knows, and the limits on
//! what is accepted. It imports nothing of the crate.

use serde::Deserialize;

/// The kinds of fact the evidence engine knows how to find and normalize.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    Date,
    Money,
    Text,
    LicencePlate,
    Iban,
    PolicyNumber,
    PersonName,
    Email,
    Phone,
    Postcode,
    YesNo,
    Choice,
}

impl FactType {
    /// Stable snake_case name, as used in case-type definitions.
    pub fn as_str(self) -> &'static str {
        match self {
            FactType::Date => "date",
            FactType::Money => "money",
            FactType::Text => "text",
            FactType::LicencePlate => "licence_plate",
            FactType::Iban => "iban",
            FactType::PolicyNumber => "policy_number",
            FactType::PersonName => "person_name",
            FactType::Email => "email",
            FactType::Phone => "phone",
            FactType::Postcode => "postcode",
            FactType::YesNo => "yes_no",
            FactType::Choice => "choice",
        }
    }
}

/// Document formats an applicant may upload, checked from the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocFormat {
    Pdf,
    Jpeg,
    Png,
}

impl DocFormat {
    /// `pdf`, `jpeg`, `png`: how the format is named on a worker's command line.
    pub fn as_str(self) -> &'static str {
        match self {
            DocFormat::Pdf => "pdf",
            DocFormat::Jpeg => "jpeg",
            DocFormat::Png => "png",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [DocFormat::Pdf, DocFormat::Jpeg, DocFormat::Png]
            .into_iter()
            .find(|f| f.as_str() == s)
    }

    /// The format a stored document's content type names (as [`content_type`] wrote it).
    pub fn from_content_type(content_type: &str) -> Option<Self> {
        [DocFormat::Pdf, DocFormat::Jpeg, DocFormat::Png]
            .into_iter()
            .find(|f| self::content_type(*f) == content_type)
    }
}

/// The largest document accepted from any source.
pub const MAX_DOCUMENT_BYTES: u64 = 25 * 1024 * 1024;

/// The format of a document, from its first bytes; the name a client sent is never trusted.
pub fn sniff(bytes: &[u8]) -> Option<DocFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(DocFormat::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(DocFormat::Png);
    }
    // PDF readers accept the header anywhere in the first KiB; so do we.
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-").then_some(DocFormat::Pdf)
}

pub fn content_type(format: DocFormat) -> &'static str {
    match format {
        DocFormat::Pdf => "application/pdf",
        DocFormat::Jpeg => "image/jpeg",
        DocFormat::Png => "image/png",
    }
}

/// A JSON number that is a whole number, as an integer: 3 and 3.0 alike (JSON does not tell
/// them apart, and Python's `json.dumps` of a float writes `3.0`). A float past 2^53 is no
/// longer exact and is refused.
pub fn whole_number(v: &serde_json::Value) -> Option<i64> {
    v.as_i64().or_else(|| {
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_991.0)
            .and_then(|f| format!("{f:.0}").parse::<i64>().ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_with_or_without_a_zero_fraction() {
        use serde_json::json;
        for (v, want) in [
            (json!(3), Some(3)),
            (json!(3.0), Some(3)),
            (json!(-2.0), Some(-2)),
            (json!(3.5), None),
            (json!(1e300), None),
            (json!("3"), None),
            (json!(null), None),
        ] {
            assert_eq!(whole_number(&v), want, "{v}");
        }
    }

    #[test]
    fn formats_come_from_the_bytes() {
        let late_header = [vec![b' '; 2000], b"%PDF-1.4".to_vec()].concat();
        let cases: &[(&[u8], Option<DocFormat>, &str)] = &[
            (b"%PDF-1.7\n...", Some(DocFormat::Pdf), "plain header"),
            (
                b"\r\n%PDF-1.4",
                Some(DocFormat::Pdf),
                "header after junk within the first KiB",
            ),
            (&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], Some(DocFormat::Jpeg), "JPEG"),
            (b"\x89PNG\r\n\x1a\n\0\0", Some(DocFormat::Png), "PNG"),
            (b"GIF89a", None, "GIF"),
            (b"<html>%PDF", None, "no version dash"),
            (&late_header, None, "header after the first KiB"),
            (b"", None, "empty"),
        ];
        for (bytes, expected, why) in cases {
            assert_eq!(sniff(bytes), *expected, "{why}");
        }
    }
}
