//! Hosted intake sessions: creating one (validated, idempotent, with its signed link),
//! reading it, and revoking its link. A session's id is its case id.

pub mod routes;

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::case_types::CaseTypes;
use crate::cases::Metadata;
use crate::cases::store::{self as case_store, CaseRow, NewCase};
use crate::cases::{CaseStatus, EventType};
use crate::config::Config;
use crate::db::Db;
use crate::error::{AppError, Code};
use crate::idempotency::{self, Claim};
use crate::l10n::Locale;
use crate::links::applicant_url;
use crate::orgs::Caller;

pub const DEFAULT_TTL_HOURS: u32 = 168;
pub const MAX_TTL_HOURS: u32 = 720;
const MAX_ID_LEN: usize = 255;

/// `POST /api/v1/sessions` as sent. Fields this version does not know are ignored (the seeds
/// ask clients to be tolerant, so we are too); `webhook_url` is refused on purpose.
#[derive(Debug, Default, Deserialize)]
pub struct CreateSessionRequest {
    pub case_type_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub ttl_hours: Option<Value>,
    pub return_url: Option<String>,
    pub locale: Option<String>,
    pub external_case_id: Option<String>,
    pub external_applicant_id: Option<String>,
    pub external_customer_id: Option<String>,
    pub trace_id: Option<String>,
    #[serde(default, deserialize_with = "prefill_object")]
    pub prefill: Option<Prefill>,
    /// The integrator's own key/value pairs (`cases::Metadata`).
    pub metadata: Option<Value>,
    /// Accepted by the parser only to be refused with a clear message.
    pub webhook_url: Option<Value>,
}

#[derive(Debug, Deserialize, serde::Serialize, Default, Clone)]
pub struct Prefill {
    #[serde(default)]
    pub field_values: BTreeMap<String, String>,
}

/// `prefill` must be an object (or null): serde would read `[]` as an empty struct.
fn prefill_object<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Prefill>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(value @ Value::Object(_)) => serde_json::from_value(value)
            .map(Some)
            .map_err(serde::de::Error::custom),
        Some(_) => Err(serde::de::Error::custom(
            "prefill must be an object such as {\"field_values\": {\"claimant_name\": \"…\"}}",
        )),
    }
}

/// A session request that passed validation.
#[derive(Debug, serde::Serialize)]
pub struct NewSession {
    pub case_type_id: String,
    pub ttl_hours: u32,
    pub return_url: Option<String>,
    pub locale: Option<Locale>,
    /// The locale asked for when it is not supported and `locale` is its fallback.
    pub locale_requested: Option<String>,
    pub external_case_id: Option<String>,
    pub external_applicant_id: Option<String>,
    pub external_customer_id: Option<String>,
    pub trace_id: Option<String>,
    pub prefill: Prefill,
    pub metadata: Metadata,
    /// The type of each prefilled fact, from the case type.
    #[serde(skip)]
    pub fact_types: BTreeMap<String, crate::vocab::FactType>,
}

fn field_error(field: &str, message: &str) -> AppError {
    AppError::validation(Code::InvalidField, format!("{field} {message}"))
}

/// An optional identifier from the integrator: trimmed, 1–255 characters, no control characters.
pub fn external_id(field: &str, value: Option<String>) -> Result<Option<String>, AppError> {
    let Some(value) = value else { return Ok(None) };
    let value = value.trim().to_string();
    if value.is_empty() || value.chars().count() > MAX_ID_LEN || value.chars().any(char::is_control) {
        return Err(field_error(
            field,
            "must be 1 to 255 characters without control characters",
        ));
    }
    Ok(Some(value))
}

fn parse_return_url(value: Option<String>, allow_http: bool) -> Result<Option<String>, AppError> {
    let Some(value) = value else { return Ok(None) };
    let url = reqwest::Url::parse(value.trim()).map_err(|_| field_error("return_url", "must be an absolute URL"))?;
    let scheme_ok = url.scheme() == "https" || (allow_http && url.scheme() == "http");
    if !scheme_ok || url.host_str().is_none() || !url.username().is_empty() || url.password().is_some() {
        return Err(field_error(
            "return_url",
            "must be an https URL without credentials (http is allowed only with KLAREFI_ALLOW_PRIVATE_URLS)",
        ));
    }
    if value.len() > 2048 {
        return Err(field_error("return_url", "must be at most 2048 characters"));
    }
    Ok(Some(url.to_string()))
}

/// A whole number of hours; `168.0` counts as `168` (what a JSON encoder of a float sends).
fn parse_ttl(value: Option<Value>) -> Result<u32, AppError> {
    let Some(value) = value else {
        return Ok(DEFAULT_TTL_HOURS);
    };
    crate::vocab::whole_number(&value)
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| (1..=MAX_TTL_HOURS).contains(n))
        .ok_or_else(|| {
            field_error(
                "ttl_hours",
                &format!("must be a whole number of hours from 1 to {MAX_TTL_HOURS}"),
            )
        })
}

impl NewSession {
    pub fn parse(req: CreateSessionRequest, case_types: &CaseTypes, allow_http: bool) -> Result<Self, AppError> {
        if req.webhook_url.is_some() {
            return Err(AppError::validation(
                Code::UnknownField,
                "per-request webhook_url is rejected; register webhook endpoints and subscribe them to event types",
            ));
        }
        let case_type_id = req
            .case_type_id
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| AppError::validation(Code::MissingField, "case_type_id is required and must be a string"))?;
        let case_type = case_types.get(&case_type_id).ok_or_else(|| {
            AppError::validation(
                Code::UnknownCaseType,
                format!("case_type_id {case_type_id:?} is not a known case type"),
            )
        })?;
        // A supported language in any regional form is used; another well-formed language
        // tag falls back to the default (nl), which the response says; anything else is refused.
        let (locale, locale_requested) = match req.locale {
            None => (None, None),
            Some(l) => match Locale::parse(&l) {
                Some(locale) => (Some(locale), None),
                None if is_language_tag(&l) => (Some(Locale::DEFAULT), Some(l.trim().to_string())),
                None => {
                    return Err(AppError::validation(
                        Code::UnsupportedLocale,
                        format!("locale {l:?} is not a language tag; use nl or en"),
                    ));
                }
            },
        };
        let prefill = req.prefill.unwrap_or_default();
        for (fact_id, value) in &prefill.field_values {
            let Some(fact) = case_type.fact(fact_id) else {
                return Err(field_error(
                    "prefill.field_values",
                    &format!("names {fact_id:?}, which is not a fact of {case_type_id}"),
                ));
            };
            if value.trim().is_empty() || value.chars().count() > 4000 {
                return Err(field_error(
                    "prefill.field_values",
                    &format!("{fact_id} must be 1 to 4000 characters"),
                ));
            }
            // A prefilled value becomes a candidate, so it must pass what an answer must pass
            // (its fact's type, length, date and amount limits).
            let normalized = crate::intake::engine::validate_fact(fact, value).map_err(|reason| {
                field_error(
                    &format!("prefill.field_values.{fact_id}"),
                    &format!(
                        "is not accepted as a {} ({})",
                        fact.fact_type.as_str(),
                        reason.trim_start_matches("intake-error-")
                    ),
                )
            })?;
            if fact.fact_type == crate::vocab::FactType::Choice && !fact.options.contains(&normalized) {
                return Err(field_error(
                    &format!("prefill.field_values.{fact_id}"),
                    &format!("must be one of {}", fact.options.join(", ")),
                ));
            }
        }
        let fact_types = prefill
            .field_values
            .keys()
            .filter_map(|id| Some((id.clone(), case_type.fact(id)?.fact_type)))
            .collect();
        Ok(Self {
            fact_types,
            case_type_id,
            ttl_hours: parse_ttl(req.ttl_hours)?,
            return_url: parse_return_url(req.return_url, allow_http)?,
            locale,
            locale_requested,
            external_case_id: external_id("external_case_id", req.external_case_id)?,
            external_applicant_id: external_id("external_applicant_id", req.external_applicant_id)?,
            external_customer_id: external_id("external_customer_id", req.external_customer_id)?,
            trace_id: external_id("trace_id", req.trace_id)?,
            prefill,
            metadata: Metadata::parse(req.metadata).map_err(|m| AppError::validation(Code::InvalidField, m))?,
        })
    }
}

/// `de`, `pt-BR`, `zh_Hant_TW`: a language tag (letters, then letter-or-digit subtags).
fn is_language_tag(s: &str) -> bool {
    let mut parts = s.trim().split(['-', '_']);
    let first = parts.next().unwrap_or_default();
    (2..=8).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A requested locale that fell back to one we have.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LocaleFallback {
    pub requested: String,
    pub used: String,
}

fn locale_fallback(session: &NewSession) -> Option<LocaleFallback> {
    let requested = session.locale_requested.as_ref()?;
    Some(LocaleFallback {
        requested: requested.clone(),
        used: session.locale.unwrap_or(Locale::DEFAULT).as_str().to_string(),
    })
}

/// The answer to `POST /api/v1/sessions`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CreatedSession {
    pub session_id: String,
    pub signed_url: String,
    pub expires_at: String,
    /// A script that sends the browser to the link.
    pub snippet: String,
    /// Whether this answer repeats an earlier one for the same idempotency key.
    #[serde(default)]
    pub idempotent_replay: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale_fallback: Option<LocaleFallback>,
}

/// What the idempotency record keeps to rebuild a create's answer: not the signed link itself
/// (a bearer token at rest), which is a function of the id, the purpose and the expiry.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct StoredCreate {
    session_id: String,
    expires_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    locale_fallback: Option<LocaleFallback>,
}

impl CreatedSession {
    fn new(config: &Config, stored: StoredCreate, idempotent_replay: bool) -> Self {
        let url = applicant_url(
            &config.signing_keys,
            &config.public_url,
            &stored.session_id,
            stored.expires_ms,
        );
        // The URL is inside a JS string in a script tag: JSON-encode it and keep `</` out.
        let js_string = serde_json::to_string(&url).unwrap_or_default().replace("</", "<\\/");
        CreatedSession {
            session_id: stored.session_id,
            signed_url: url,
            expires_at: crate::ids::rfc3339_ms(stored.expires_ms),
            snippet: format!("<script>window.location.href={js_string};</script>"),
            idempotent_replay,
            locale_fallback: stored.locale_fallback,
        }
    }

    /// The answer again from an idempotency record.
    fn replayed(config: &Config, stored: Value) -> Result<Self, AppError> {
        if let Ok(stored) = StoredCreate::deserialize(&stored) {
            return Ok(Self::new(config, stored, true));
        }
        // A record written before links were left out of it: the stored answer itself.
        let mut body: CreatedSession = serde_json::from_value(stored).map_err(AppError::internal)?;
        body.idempotent_replay = true;
        Ok(body)
    }
}

/// Creates a session, or replays the stored response for a repeated key. Returns the body and
/// whether it was a replay.
pub async fn create(
    db: &Db,
    batch: Option<&crate::cases::batch::Queue>,
    config: &Config,
    caller: &Caller,
    key: &str,
    session: NewSession,
    now: i64,
) -> Result<CreatedSession, AppError> {
    let params = serde_json::to_value(&session).map_err(AppError::internal)?;
    let fingerprint = idempotency::fingerprint(&params);
    let scope = idempotency::Scope {
        org_id: caller.org_id.clone(),
        environment: caller.environment,
        endpoint: "sessions.create",
        key: key.to_string(),
    };
    let id = crate::ids::case_uuid();
    let expires_at = now + i64::from(session.ttl_hours) * 3_600_000;
    // The idempotency record keeps what rebuilds the answer, not the signed link itself (a
    // bearer token at rest): the token is a function of the id, the purpose and the expiry.
    let stored = StoredCreate {
        session_id: id.clone(),
        expires_ms: expires_at,
        locale_fallback: locale_fallback(&session),
    };
    let response = serde_json::to_value(&stored).map_err(AppError::internal)?;
    let prefill = serde_json::to_string(&session.prefill).map_err(AppError::internal)?;
    let claim = idempotency::Claiming {
        scope,
        fingerprint,
        response,
    };
    let prefilled = prefill_observations(&session);
    let data = json!({ "case_status": CaseStatus::Created.as_str(), "case_type_id": session.case_type_id });
    let case = NewCase {
        id: id.clone(),
        org_id: caller.org_id.clone(),
        environment: caller.environment,
        mode: crate::cases::Mode::Hosted,
        case_type_id: session.case_type_id,
        status: CaseStatus::Created,
        locale: session.locale.map(Locale::as_str),
        return_url: session.return_url,
        external_case_id: session.external_case_id,
        external_applicant_id: session.external_applicant_id,
        external_customer_id: session.external_customer_id,
        trace_id: session.trace_id,
        idempotency_key: Some(key.to_string()),
        prefill,
        link_expires_at: Some(expires_at),
        metadata: session.metadata.to_json(),
        now,
    };
    let claimed =
        crate::cases::batch::create_case(db, batch, case, EventType::SessionCreated, data, claim, prefilled).await?;
    match claimed {
        Claim::Replay(stored) => CreatedSession::replayed(config, stored),
        Claim::Fresh => Ok(CreatedSession::new(config, stored, false)),
    }
}

/// How much a value from the insurer's own system counts on its own: enough to show and ask
/// the applicant to confirm, not enough to keep without that.
pub const PREFILL_CONFIDENCE: f64 = 0.6;

/// Prefilled values as `prefill` observations (validated and normalizable by `parse`).
fn prefill_observations(session: &NewSession) -> Vec<crate::facts::Observation> {
    session
        .prefill
        .field_values
        .iter()
        .filter_map(|(fact_id, raw)| {
            let fact_type = session.fact_types.get(fact_id)?;
            let normalized = crate::extract::normalize(*fact_type, raw).ok()?;
            Some(crate::facts::Observation {
                id: crate::ids::sortable("ev"),
                fact_id: fact_id.clone(),
                value_raw: raw.trim().to_string(),
                value_normalized: normalized,
                confidence: PREFILL_CONFIDENCE,
                source: crate::extract::Source::Prefill,
                doc_id: None,
                page_index: None,
                char_start: None,
                char_end: None,
                quote: raw.trim().to_string(),
                method: crate::facts::METHOD_PREFILL.to_string(),
                reacts_to: None,
                disputed: false,
            })
        })
        .collect()
}

/// `GET /api/v1/sessions/{id}`: the session as the integrator sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SessionView {
    pub session_id: String,
    pub case_id: String,
    pub case_type_id: String,
    pub status: CaseStatus,
    pub locale: Option<String>,
    pub link_active: bool,
    /// The link while it works; `null` once revoked or expired.
    pub signed_url: Option<String>,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    pub return_url: Option<String>,
    pub external_case_id: Option<String>,
    pub external_applicant_id: Option<String>,
    pub external_customer_id: Option<String>,
    pub trace_id: Option<String>,
    pub metadata: Metadata,
    pub created_at: String,
    pub updated_at: String,
}

pub fn session_view(config: &Config, case: &CaseRow, now: i64) -> SessionView {
    let active = case.link_active(now);
    SessionView {
        session_id: case.id.clone(),
        case_id: case.id.clone(),
        case_type_id: case.case_type_id.clone(),
        status: case.status,
        locale: case.locale.clone(),
        link_active: active,
        signed_url: case
            .link_expires_at
            .filter(|_| active)
            .map(|t| applicant_url(&config.signing_keys, &config.public_url, &case.id, t)),
        expires_at: case.link_expires_at.map(crate::ids::rfc3339_ms),
        revoked_at: case.link_revoked_at.map(crate::ids::rfc3339_ms),
        return_url: case.return_url.clone(),
        external_case_id: case.external_case_id.clone(),
        external_applicant_id: case.external_applicant_id.clone(),
        external_customer_id: case.external_customer_id.clone(),
        trace_id: case.trace_id.clone(),
        metadata: Metadata::from_json(&case.metadata),
        created_at: crate::ids::rfc3339_ms(case.created_at),
        updated_at: crate::ids::rfc3339_ms(case.updated_at),
    }
}

/// Revokes the link at once. A session the applicant has not submitted becomes `expired`
/// with a `session.expired` event; calling it again changes nothing.
pub async fn expire(db: &Db, caller: &Caller, id: &str, now: i64) -> Result<CaseRow, AppError> {
    let mut tx = db.begin().await?;
    let case = case_store::find_case(&mut tx, &caller.org_id, caller.environment, id)
        .await?
        .filter(|c| c.mode == crate::cases::Mode::Hosted)
        .ok_or_else(|| AppError::not_found(Code::SessionNotFound))?;
    if case.link_revoked_at.is_none() {
        case_store::revoke_link(&mut tx, id, now).await?;
        if case.status.is_open_to_applicant() {
            let data = json!({ "case_status": CaseStatus::Expired.as_str(), "reason": "revoked" });
            case_store::set_status(&mut tx, id, CaseStatus::Expired, EventType::SessionExpired, &data, now).await?;
        }
    }
    let case = case_store::find_case(&mut tx, &caller.org_id, caller.environment, id)
        .await?
        .ok_or_else(|| AppError::not_found(Code::SessionNotFound))?;
    tx.commit().await?;
    Ok(case)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_must_be_whole_hours_in_range() {
        assert_eq!(parse_ttl(None).ok(), Some(168));
        assert_eq!(parse_ttl(Some(json!(1))).ok(), Some(1));
        assert_eq!(parse_ttl(Some(json!(168.0))).ok(), Some(168));
        for bad in [json!(0), json!(721), json!(1.5), json!("24"), json!(-1)] {
            assert!(parse_ttl(Some(bad.clone())).is_err(), "{bad}");
        }
    }

    #[test]
    fn return_urls_must_be_https_without_credentials() {
        assert!(parse_return_url(Some("https://claims.example.com/claim_48392".into()), false).is_ok());
        for bad in [
            "http://claims.example.com",
            "javascript:alert(1)",
            "/relative",
            "https://user:pw@example.com/",
        ] {
            assert!(parse_return_url(Some(bad.into()), false).is_err(), "{bad}");
        }
        assert!(parse_return_url(Some("http://127.0.0.1:9/back".into()), true).is_ok());
    }
}
