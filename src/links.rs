//! Signed links: the tokens in applicant (`/s/{id}`) and case-file (`/case-file/{id}`) URLs.
//! The one place links are made ([`applicant_url`], [`case_file_url`]) and checked
//! ([`verify_applicant`], [`verify_case_file`]).
//!
//! A token is `<key id>.<expiry unix seconds>.<base64url HMAC-SHA256>` over the purpose, the
//! resource id, the expiry and the key id, so a token for one purpose or resource never opens
//! another. Several keys can be configured: the first signs, all verify, which lets an operator
//! rotate the secret without breaking links already handed out. Verification compares MACs in
//! constant time. Revocation is not decided here: callers check the resource's state.

use std::fmt;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// What a link opens; part of the signed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Intake,
    CaseFile,
    /// A link minted for one handler (`POST /cases/{id}/case-file-links`): signs the case and
    /// the link's id, whose record says who the handler is and what the link allows.
    HandlerCaseFile,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Intake => "intake",
            Purpose::CaseFile => "case_file",
            Purpose::HandlerCaseFile => "handler_case_file",
        }
    }
}

/// An applicant's link to their intake: `{public_url}/s/{case_id}?token=…`, valid until
/// `expires_ms`. The same session and expiry always give the same link.
pub fn applicant_url(keys: &SigningKeys, public_url: &str, case_id: &str, expires_ms: i64) -> String {
    let token = keys.sign(Purpose::Intake, case_id, expires_ms / 1000);
    format!("{public_url}/s/{case_id}?token={token}")
}

/// A handler's link to a case file: `{public_url}/case-file/{case_id}?token=…`.
pub fn case_file_url(keys: &SigningKeys, public_url: &str, case_id: &str, expires_ms: i64) -> String {
    let token = keys.sign(Purpose::CaseFile, case_id, expires_ms / 1000);
    format!("{public_url}/case-file/{case_id}?token={token}")
}

/// A handler's own link to a case file: `{public_url}/case-file/{case_id}?link={link_id}&token=…`.
pub fn handler_case_file_url(
    keys: &SigningKeys,
    public_url: &str,
    case_id: &str,
    link_id: &str,
    expires_ms: i64,
) -> String {
    let token = keys.sign(
        Purpose::HandlerCaseFile,
        &format!("{case_id}/{link_id}"),
        expires_ms / 1000,
    );
    format!("{public_url}/case-file/{case_id}?link={link_id}&token={token}")
}

/// Checks the token of a handler's link `link_id` to `case_id` at `now_ms`.
pub fn verify_handler_case_file(
    keys: &SigningKeys,
    case_id: &str,
    link_id: &str,
    token: &str,
    now_ms: i64,
) -> Result<(), LinkError> {
    keys.verify(
        Purpose::HandlerCaseFile,
        &format!("{case_id}/{link_id}"),
        token,
        now_ms / 1000,
    )
    .map(|_| ())
}

/// Checks the token of an applicant link to `case_id` at `now_ms`.
pub fn verify_applicant(keys: &SigningKeys, case_id: &str, token: &str, now_ms: i64) -> Result<(), LinkError> {
    keys.verify(Purpose::Intake, case_id, token, now_ms / 1000).map(|_| ())
}

/// Checks the token of a case-file link to `case_id` at `now_ms`.
pub fn verify_case_file(keys: &SigningKeys, case_id: &str, token: &str, now_ms: i64) -> Result<(), LinkError> {
    keys.verify(Purpose::CaseFile, case_id, token, now_ms / 1000)
        .map(|_| ())
}

#[derive(Clone, PartialEq, Eq)]
struct SigningKey {
    id: String,
    secret: Vec<u8>,
}

/// The configured signing secrets; the first one signs.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKeys(Vec<SigningKey>);

impl fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.0.iter().map(|k| k.id.as_str()).collect();
        f.debug_tuple("SigningKeys").field(&ids).finish()
    }
}

/// Why a token was refused. Callers show one page for all of them; the variants are for logs
/// and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("malformed token")]
    Malformed,
    #[error("unknown key id")]
    UnknownKey,
    #[error("bad signature")]
    BadSignature,
    #[error("expired")]
    Expired,
}

const MIN_SECRET_LEN: usize = 32;

impl SigningKeys {
    /// Parses `KLAREFI_SIGNING_SECRET`: `secret` or `kid:secret[,kid:secret…]`, newest first.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut keys = Vec::new();
        for (n, part) in spec.split(',').map(str::trim).filter(|p| !p.is_empty()).enumerate() {
            let (id, secret) = match part.split_once(':') {
                Some((id, secret)) => (id.trim().to_string(), secret.trim()),
                None if n == 0 => ("k1".to_string(), part),
                None => return Err("every key after the first needs an id: kid:secret".into()),
            };
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                return Err(format!("key id {id:?} must be letters, digits, - or _"));
            }
            if secret.len() < MIN_SECRET_LEN {
                return Err(format!(
                    "the secret for key {id:?} must be at least {MIN_SECRET_LEN} characters"
                ));
            }
            if keys.iter().any(|k: &SigningKey| k.id == id) {
                return Err(format!("key id {id:?} appears twice"));
            }
            keys.push(SigningKey {
                id,
                secret: secret.as_bytes().to_vec(),
            });
        }
        if keys.is_empty() {
            return Err("no secret given".into());
        }
        Ok(Self(keys))
    }

    /// A random key, for tests and for development without a configured secret.
    pub fn generate() -> Self {
        Self(vec![SigningKey {
            id: "k1".into(),
            secret: crate::ids::random_hex(32).into_bytes(),
        }])
    }

    /// Reads the secret kept in the data dir, or generates and keeps one (mode 0600).
    pub fn load_or_create(path: &Path) -> std::io::Result<Self> {
        if let Ok(text) = std::fs::read_to_string(path) {
            return Self::parse(text.trim()).map_err(std::io::Error::other);
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let secret = crate::ids::random_hex(32);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(path) {
            Ok(mut file) => {
                use std::io::Write;
                file.write_all(format!("k1:{secret}\n").as_bytes())?;
                Self::parse(&format!("k1:{secret}")).map_err(std::io::Error::other)
            }
            // Another process created it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Self::parse(std::fs::read_to_string(path)?.trim()).map_err(std::io::Error::other)
            }
            Err(e) => Err(e),
        }
    }

    pub fn current_id(&self) -> &str {
        &self.0[0].id
    }

    /// Signs a link for `resource` valid until `expires_unix`.
    pub fn sign(&self, purpose: Purpose, resource: &str, expires_unix: i64) -> String {
        let key = &self.0[0];
        let mac = mac(key, purpose, resource, expires_unix).finalize().into_bytes();
        format!("{}.{}.{}", key.id, expires_unix, URL_SAFE_NO_PAD.encode(mac))
    }

    /// Checks a token for `resource`; returns its expiry.
    pub fn verify(&self, purpose: Purpose, resource: &str, token: &str, now_unix: i64) -> Result<i64, LinkError> {
        let mut parts = token.splitn(3, '.');
        let (Some(kid), Some(expiry), Some(sig)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(LinkError::Malformed);
        };
        let expires: i64 = expiry.parse().map_err(|_| LinkError::Malformed)?;
        let sig = URL_SAFE_NO_PAD.decode(sig).map_err(|_| LinkError::Malformed)?;
        let key = self.0.iter().find(|k| k.id == kid).ok_or(LinkError::UnknownKey)?;
        mac(key, purpose, resource, expires)
            .verify_slice(&sig)
            .map_err(|_| LinkError::BadSignature)?;
        if expires <= now_unix {
            return Err(LinkError::Expired);
        }
        Ok(expires)
    }
}

/// Compares two byte strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn mac(key: &SigningKey, purpose: Purpose, resource: &str, expires_unix: i64) -> HmacSha256 {
    // Any byte string is a valid HMAC key, so this cannot fail.
    let mut m = <HmacSha256 as KeyInit>::new_from_slice(&key.secret).unwrap_or_else(|_| unreachable!());
    // Length-prefixed fields: no two different inputs produce the same message.
    for field in [purpose.as_str(), resource, &expires_unix.to_string(), &key.id] {
        m.update(&(field.len() as u64).to_be_bytes());
        m.update(field.as_bytes());
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn a_signed_link_verifies_until_it_expires() {
        let keys = SigningKeys::generate();
        let token = keys.sign(Purpose::Intake, "abc", NOW + 60);
        assert_eq!(keys.verify(Purpose::Intake, "abc", &token, NOW), Ok(NOW + 60));
        assert_eq!(
            keys.verify(Purpose::Intake, "abc", &token, NOW + 60),
            Err(LinkError::Expired)
        );
    }

    #[test]
    fn tokens_do_not_cross_purposes_resources_or_keys() {
        let keys = SigningKeys::generate();
        let token = keys.sign(Purpose::Intake, "abc", NOW + 60);
        assert_eq!(
            keys.verify(Purpose::CaseFile, "abc", &token, NOW),
            Err(LinkError::BadSignature)
        );
        assert_eq!(
            keys.verify(Purpose::Intake, "abd", &token, NOW),
            Err(LinkError::BadSignature)
        );
        assert_eq!(
            SigningKeys::generate().verify(Purpose::Intake, "abc", &token, NOW),
            Err(LinkError::BadSignature)
        );
        let stretched = token.replacen(&(NOW + 60).to_string(), &(NOW + 6000).to_string(), 1);
        assert_eq!(
            keys.verify(Purpose::Intake, "abc", &stretched, NOW),
            Err(LinkError::BadSignature)
        );
        for junk in ["", "k1", "k1.x.y", "k1.123", "k9.123.abc", "k1.123.@@@"] {
            assert!(keys.verify(Purpose::Intake, "abc", junk, NOW).is_err(), "{junk:?}");
        }
    }

    #[test]
    fn rotated_keys_keep_old_links_working() {
        let old = SigningKeys::parse("k1:0123456789abcdef0123456789abcdef").expect("valid");
        let token = old.sign(Purpose::Intake, "abc", NOW + 60);
        let rotated = SigningKeys::parse("k2:fedcba9876543210fedcba9876543210, k1:0123456789abcdef0123456789abcdef")
            .expect("valid");
        assert_eq!(rotated.verify(Purpose::Intake, "abc", &token, NOW), Ok(NOW + 60));
        assert!(rotated.sign(Purpose::Intake, "abc", NOW + 60).starts_with("k2."));
    }

    #[test]
    fn weak_or_ambiguous_secrets_are_refused() {
        for spec in [
            "",
            "short",
            "k1:short",
            "k1:0123456789abcdef0123456789abcdef,0123456789abcdef0123456789abcdef",
            "a b:0123456789abcdef0123456789abcdef",
        ] {
            assert!(SigningKeys::parse(spec).is_err(), "{spec:?}");
        }
    }
}
