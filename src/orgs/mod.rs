//! Organizations and their API keys: environments, scopes, key format and hashing.
//!
//! A key is `sk_<env>_<40 base62>`; only its SHA-256 is stored (keys are random and long, so a
//! fast hash is the right one and lookups by hash leak nothing). The key's environment is part
//! of every later query, so a test key never sees live data. An organization's branding (the
//! name, logo, colour and support contact the applicant sees) is validated here ([`Brand`]).
//! This module never sees HTTP.

pub mod keycache;
pub mod ratelimit;
pub mod routes;
pub mod store;

use std::fmt;

use crate::error::{AppError, Code, Kind};

/// Test and live data never mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Test,
    Live,
}

impl Environment {
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Test => "test",
            Environment::Live => "live",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "test" => Some(Environment::Test),
            "live" => Some(Environment::Live),
            _ => None,
        }
    }
}

impl TryFrom<String> for Environment {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s).ok_or_else(|| format!("unknown environment {s:?}"))
    }
}

macro_rules! scopes {
    ($($variant:ident => $name:literal),* $(,)?) => {
        /// What an API key may do (SPEC §2).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Scope { $($variant),* }

        impl Scope {
            pub const ALL: &'static [Scope] = &[$(Scope::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Scope::$variant => $name),* }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($name => Some(Scope::$variant),)* _ => None }
            }
        }
    };
}

scopes! {
    SessionsCreate => "intake:sessions:create",
    CasesRead => "cases:read",
    CasesProcess => "cases:process",
    PrivacyErase => "privacy:erase",
    WebhooksTest => "webhooks:test",
    WebhooksAcknowledge => "webhooks:acknowledge",
    CasesReview => "cases:review",
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses a space-separated scope list as stored; unknown names are dropped.
pub fn parse_scope_list(s: &str) -> Vec<Scope> {
    let mut scopes: Vec<Scope> = s.split_whitespace().filter_map(Scope::parse).collect();
    scopes.sort();
    scopes.dedup();
    scopes
}

pub fn format_scope_list(scopes: &[Scope]) -> String {
    scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
}

/// A freshly made key: the secret exists only here and in the one response that shows it.
pub struct NewKey {
    pub secret: String,
    pub hash: String,
    /// Safe to show later: `sk_test_AbC…wxyz`.
    pub hint: String,
}

pub fn generate_key(env: Environment) -> NewKey {
    let secret = format!("sk_{}_{}", env.as_str(), crate::ids::random_base62(40));
    let hint = format!("{}…{}", &secret[..12], &secret[secret.len() - 4..]);
    NewKey {
        hash: hash_key(&secret),
        secret,
        hint,
    }
}

pub fn hash_key(secret: &str) -> String {
    crate::ids::sha256_hex(secret.as_bytes())
}

/// The environment a presented key claims by its prefix, before any lookup.
pub fn key_environment(secret: &str) -> Option<Environment> {
    if secret.starts_with("sk_test_") {
        Some(Environment::Test)
    } else if secret.starts_with("sk_live_") {
        Some(Environment::Live)
    } else {
        None
    }
}

/// Who is calling: established by the auth middleware for every `/api/v1` route but health.
#[derive(Debug, Clone)]
pub struct Caller {
    pub org_id: String,
    pub key_id: String,
    pub environment: Environment,
    pub scopes: Vec<Scope>,
    pub processing_enabled: bool,
}

impl Caller {
    /// 403 unless the key has `scope`.
    pub fn require(&self, scope: Scope) -> Result<(), AppError> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(AppError::new(Kind::Authorization, Code::InsufficientScope)
                .with_detail(format!("this endpoint requires the {scope} scope")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_carry_their_environment_and_are_stored_only_as_a_hash() {
        let k = generate_key(Environment::Live);
        assert!(k.secret.starts_with("sk_live_") && k.secret.len() == 48, "{}", k.secret);
        assert_eq!(key_environment(&k.secret), Some(Environment::Live));
        assert_eq!(k.hash, hash_key(&k.secret));
        assert!(!k.hint.contains(&k.secret[12..44]));
        assert_eq!(key_environment("sk_prod_x"), None);
    }

    #[test]
    fn scope_lists_round_trip_and_ignore_unknown_names() {
        let all = format_scope_list(Scope::ALL);
        assert_eq!(parse_scope_list(&all), Scope::ALL.to_vec());
        assert_eq!(parse_scope_list("cases:read bogus cases:read"), vec![Scope::CasesRead]);
    }
}

/// How an organization appears to its applicants: on every applicant page, in its title, and
/// in the case file's header. Unset parts fall back to the product's own.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Brand {
    pub org_id: String,
    pub display_name: Option<String>,
    /// `#rrggbb`, with a contrast of at least 4.5:1 against white.
    pub color: Option<String>,
    pub support_contact: Option<String>,
    /// The logo's content type, when there is a logo.
    pub logo_type: Option<String>,
    /// Changes with every change of the branding (for the logo's and colour's URLs).
    pub version: i64,
    /// The IANA time zone its handlers read times in; `None`: [`DEFAULT_TIME_ZONE`].
    pub time_zone: Option<String>,
}

impl Brand {
    /// `/brand/{org}/logo?v=…` when there is a logo.
    pub fn logo_url(&self) -> Option<String> {
        self.logo_type
            .as_ref()
            .map(|_| format!("/brand/{}/logo?v={}", self.org_id, self.version))
    }

    /// `/brand/{org}/style.css?v=…` when there is a colour.
    pub fn style_url(&self) -> Option<String> {
        self.color
            .as_ref()
            .map(|_| format!("/brand/{}/style.css?v={}", self.org_id, self.version))
    }
}

/// The largest logo we keep.
pub const MAX_LOGO_BYTES: usize = 256 * 1024;
/// WCAG 2.2 AA for normal text: the brand colour carries button and link text on white.
pub const MIN_CONTRAST: f64 = 4.5;

/// A display name or support contact: trimmed, 1 to `max` characters, one line.
pub fn parse_brand_text(what: &str, raw: &str, max: usize) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() || value.chars().count() > max {
        return Err(format!("{what} must be 1 to {max} characters"));
    }
    if crate::text::first_refused(value, crate::text::Place::Line).is_some() {
        return Err(format!("{what} must be one line without control characters"));
    }
    Ok(value.to_string())
}

/// The time zone of an organization that has not chosen one.
pub const DEFAULT_TIME_ZONE: &str = "Europe/Amsterdam";

/// An IANA time zone name (`Europe/London`, `america/new_york`) as the time zone database
/// spells it; the database is built in, so every instance reads times alike.
pub fn parse_time_zone(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    match jiff::tz::db().get(name) {
        Ok(tz) => Ok(tz.iana_name().unwrap_or(name).to_string()),
        Err(_) => Err(format!(
            "time zone {raw:?} is not in the time zone database; use an IANA name such as Europe/Amsterdam"
        )),
    }
}

impl Brand {
    /// The time zone its handlers read times in.
    pub fn tz(&self) -> jiff::tz::TimeZone {
        self.time_zone
            .as_deref()
            .and_then(|name| jiff::tz::db().get(name).ok())
            .unwrap_or_else(default_tz)
    }
}

/// [`DEFAULT_TIME_ZONE`] from the built-in database.
pub fn default_tz() -> jiff::tz::TimeZone {
    jiff::tz::db().get(DEFAULT_TIME_ZONE).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// `#rrggbb` (or `rrggbb`, any case) with enough contrast against white, as `#rrggbb`.
pub fn parse_brand_color(raw: &str) -> Result<String, String> {
    let hex = raw.trim().trim_start_matches('#');
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("colour {raw:?} must be #rrggbb"));
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    let ratio = contrast_on_white([channel(0), channel(2), channel(4)]);
    if ratio < MIN_CONTRAST {
        return Err(format!(
            "colour #{hex} has a contrast of {ratio:.2}:1 against white; at least {MIN_CONTRAST}:1 is needed for its text"
        ));
    }
    Ok(format!("#{}", hex.to_ascii_lowercase()))
}

/// The WCAG contrast ratio of an sRGB colour against white.
pub fn contrast_on_white(rgb: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
    1.05 / (l + 0.05)
}

/// A logo's content type from its bytes: PNG or JPEG, at most [`MAX_LOGO_BYTES`]. SVG is
/// refused: it can carry script.
pub fn logo_content_type(bytes: &[u8]) -> Result<&'static str, String> {
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(format!(
            "the logo has {} bytes; at most {MAX_LOGO_BYTES} are allowed",
            bytes.len()
        ));
    }
    match crate::vocab::sniff(bytes) {
        Some(crate::vocab::DocFormat::Png) => Ok("image/png"),
        Some(crate::vocab::DocFormat::Jpeg) => Ok("image/jpeg"),
        _ => Err("the logo must be a PNG or JPEG image".into()),
    }
}

#[cfg(test)]
mod brand_tests {
    use super::*;

    #[test]
    fn brand_colours_need_enough_contrast_against_white() {
        for (raw, expected) in [("#0b5cad", "#0b5cad"), ("0B5CAD", "#0b5cad"), ("#000000", "#000000")] {
            assert_eq!(parse_brand_color(raw).as_deref(), Ok(expected), "{raw}");
        }
        for (raw, why) in [
            ("#ffcc00", "yellow on white is unreadable"),
            ("#777777", "mid grey is 4.48:1, just under"),
            ("#12345", "five digits"),
            ("red", "a name"),
            ("#gg0000", "not hex"),
        ] {
            assert!(parse_brand_color(raw).is_err(), "{raw}: {why}");
        }
        assert!((contrast_on_white([0, 0, 0]) - 21.0).abs() < 1e-9);
        assert!((contrast_on_white([255, 255, 255]) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn logos_are_png_or_jpeg_and_small() {
        assert_eq!(logo_content_type(b"\x89PNG\r\n\x1a\nrest"), Ok("image/png"));
        assert_eq!(logo_content_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok("image/jpeg"));
        assert!(
            logo_content_type(b"<svg onload=alert(1)>").is_err(),
            "SVG can carry script"
        );
        assert!(logo_content_type(b"%PDF-1.7").is_err());
        let big = [b"\x89PNG\r\n\x1a\n".as_slice(), &vec![0u8; MAX_LOGO_BYTES]].concat();
        assert!(logo_content_type(&big).is_err(), "too big");
    }

    #[test]
    fn brand_texts_are_one_trimmed_line_of_bounded_length() {
        assert_eq!(parse_brand_text("name", "  Acme  ", 10), Ok("Acme".into()));
        assert!(parse_brand_text("name", "   ", 10).is_err());
        assert!(parse_brand_text("name", "a\nb", 10).is_err());
        assert!(parse_brand_text("name", &"x".repeat(11), 10).is_err());
    }
}
