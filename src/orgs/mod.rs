//! Organizations and their API keys: environments, scopes, key format and hashing.
//!
//! A key is `sk_<env>_<40 base62>`; only its SHA-256 is stored (keys are random and long, so a
//! fast hash is the right one and lookups by hash leak nothing). The key's environment is part
//! of every later query, so a test key never sees live data. This module never sees HTTP.

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
