//! Idempotency keys for create endpoints: a retried request returns the stored response; the
//! same key with other parameters is refused; concurrent requests with one key create one
//! resource.
//!
//! The record is claimed by the statement that creates the resource
//! (`cases::store::insert_case`): the claiming insert waits on PostgreSQL's unique index
//! (SQLite serializes writers), so the second of two concurrent requests creates nothing and
//! sees the first one's committed response. Records are scoped per organization,
//! environment and endpoint and kept at least seven days.

use axum::http::HeaderMap;

use crate::db::{Db, Tx};
use crate::error::{AppError, Code};
use crate::orgs::Environment;
use crate::{on_db, on_tx};

/// How long records are kept before the maintenance task removes them.
pub const RETENTION_MS: i64 = 8 * 24 * 3600 * 1000;

/// The key from the body, else the `Idempotency-Key` header; required, 1–255 visible ASCII.
/// A header that is sent is checked even when the body's key wins: bad input is refused, not
/// ignored.
pub fn key_from(body_key: Option<&str>, headers: &HeaderMap) -> Result<String, AppError> {
    let header = match headers.get("idempotency-key") {
        None => None,
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .map(str::trim)
                .filter(|k| well_formed(k))
                .ok_or_else(|| {
                    AppError::validation(
                        Code::InvalidField,
                        "the Idempotency-Key header must be 1 to 255 visible ASCII characters",
                    )
                })?,
        ),
    };
    let key = body_key.or(header).map(str::trim).unwrap_or_default();
    if key.is_empty() {
        return Err(AppError::validation(
            Code::MissingIdempotencyKey,
            "idempotency_key is required (in the body or the Idempotency-Key header)",
        ));
    }
    if !well_formed(key) {
        return Err(AppError::validation(
            Code::InvalidField,
            "idempotency_key must be 1 to 255 visible ASCII characters",
        ));
    }
    Ok(key.to_string())
}

fn well_formed(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.chars().all(|c| c.is_ascii_graphic())
}

/// A canonical fingerprint of the request's parameters (object keys sorted).
pub fn fingerprint(params: &serde_json::Value) -> String {
    crate::ids::sha256_hex(params.to_string().as_bytes())
}

/// What claiming a key found.
pub enum Claim {
    /// The key was new: it is now claimed with this request's response, and the resource was
    /// created with it.
    Fresh,
    /// A request with this key already succeeded: here is its stored response.
    Replay(serde_json::Value),
}

pub struct Scope {
    pub org_id: String,
    pub environment: Environment,
    pub endpoint: &'static str,
    pub key: String,
}

/// A request claiming its key: the scope, the fingerprint of its parameters and `response`,
/// the answer it gives once its writes commit (ids are chosen before the claim, so the
/// response is known).
pub struct Claiming {
    pub scope: Scope,
    pub fingerprint: String,
    pub response: serde_json::Value,
}

/// The answer for a request whose key was already claimed (and committed): the stored
/// response, or `idempotency_key_conflict` when the parameters differ.
pub async fn stored(tx: &mut Tx, scope: &Scope, fingerprint: &str) -> Result<Claim, AppError> {
    let row = on_tx!(tx, |conn| {
        sqlx::query_as::<_, (String, String)>(STORED_SQL)
            .bind(&scope.org_id)
            .bind(scope.environment.as_str())
            .bind(scope.endpoint)
            .bind(&scope.key)
            .fetch_one(&mut **conn)
            .await
    })?;
    replay(row, fingerprint)
}

/// Claims `claiming`'s key in the caller's transaction, for a write that is not a case insert
/// (those claim inside `cases::store::insert_case`): `Fresh` when the key was new, else the
/// stored answer or the conflict.
pub async fn claim(tx: &mut Tx, claiming: &Claiming, now: i64) -> Result<Claim, AppError> {
    let scope = &claiming.scope;
    let inserted = on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO idempotency_keys (org_id, environment, endpoint, key, fingerprint, response, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (org_id, environment, endpoint, key) DO NOTHING",
        )
        .bind(&scope.org_id)
        .bind(scope.environment.as_str())
        .bind(scope.endpoint)
        .bind(&scope.key)
        .bind(&claiming.fingerprint)
        .bind(claiming.response.to_string())
        .bind(now)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    if inserted == 1 {
        Ok(Claim::Fresh)
    } else {
        stored(tx, scope, &claiming.fingerprint).await
    }
}

/// [`stored`] read outside a transaction, for a claim that has committed; `None` when the
/// record is gone (pruned since).
pub async fn stored_committed(db: &Db, scope: &Scope, fingerprint: &str) -> Result<Option<Claim>, AppError> {
    let row = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, (String, String)>(STORED_SQL)
                .bind(&scope.org_id)
                .bind(scope.environment.as_str())
                .bind(scope.endpoint)
                .bind(&scope.key)
                .fetch_optional(pool)
                .await
        }
    )?;
    row.map(|row| replay(row, fingerprint)).transpose()
}

const STORED_SQL: &str = "SELECT fingerprint, response FROM idempotency_keys
     WHERE org_id = $1 AND environment = $2 AND endpoint = $3 AND key = $4";

fn replay((stored_fingerprint, response): (String, String), fingerprint: &str) -> Result<Claim, AppError> {
    if stored_fingerprint != fingerprint {
        return Err(AppError::validation(
            Code::IdempotencyKeyConflict,
            "this idempotency_key was already used with different parameters",
        ));
    }
    let stored: serde_json::Value = serde_json::from_str(&response).map_err(AppError::internal)?;
    Ok(Claim::Replay(stored))
}

pub async fn prune(db: &Db, before: i64) -> Result<u64, AppError> {
    let n = on_db!(
        db,
        write | pool | {
            sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
                .bind(before)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        }
    )?;
    Ok(n)
}
