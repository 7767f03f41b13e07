//! SQL for organizations, API keys and rate-limit windows.

use sqlx::FromRow;

use super::{Environment, Scope, format_scope_list, parse_scope_list};
use crate::db::{Db, Pools};
use crate::error::AppError;
use crate::on_db;

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct OrgRow {
    pub id: String,
    pub name: String,
    pub processing_enabled: bool,
    pub rate_limit: Option<i32>,
    pub created_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct KeyRow {
    pub id: String,
    pub org_id: String,
    #[sqlx(try_from = "String")]
    pub environment: Environment,
    pub hint: String,
    pub scopes: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

impl KeyRow {
    pub fn scopes(&self) -> Vec<Scope> {
        parse_scope_list(&self.scopes)
    }
}

/// What authentication needs in one query: the key and its organization.
#[derive(Debug, Clone, FromRow)]
pub struct KeyWithOrg {
    pub key_id: String,
    pub org_id: String,
    #[sqlx(try_from = "String")]
    pub environment: Environment,
    pub scopes: String,
    pub revoked_at: Option<i64>,
    pub processing_enabled: bool,
    pub rate_limit: Option<i32>,
}

pub async fn create_org(
    db: &Db,
    name: &str,
    processing_enabled: bool,
    rate_limit: Option<i32>,
    now: i64,
) -> Result<OrgRow, AppError> {
    let id = crate::ids::prefixed("org");
    let row = on_db!(
        db,
        write | pool | {
            sqlx::query_as::<_, OrgRow>(
                "INSERT INTO organizations (id, name, processing_enabled, rate_limit, created_at)
             VALUES ($1, $2, $3, $4, $5)
             RETURNING id, name, processing_enabled, rate_limit, created_at",
            )
            .bind(&id)
            .bind(name)
            .bind(processing_enabled)
            .bind(rate_limit)
            .bind(now)
            .fetch_one(pool)
            .await
        }
    )?;
    Ok(row)
}

pub async fn find_org(db: &Db, id: &str) -> Result<Option<OrgRow>, AppError> {
    let row = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, OrgRow>(
                "SELECT id, name, processing_enabled, rate_limit, created_at FROM organizations WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
        }
    )?;
    Ok(row)
}

/// Every organization, oldest first (the operator's `klarefi orgs list`).
pub async fn list_orgs(db: &Db) -> Result<Vec<OrgRow>, AppError> {
    let rows = on_db!(
        db,
        read | pool
            | {
                sqlx::query_as::<_, OrgRow>(
                "SELECT id, name, processing_enabled, rate_limit, created_at FROM organizations ORDER BY created_at, id",
            )
            .fetch_all(pool)
            .await
            }
    )?;
    Ok(rows)
}

pub async fn count_orgs(db: &Db) -> Result<i64, AppError> {
    let n = on_db!(
        db,
        read | pool | {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM organizations")
                .fetch_one(pool)
                .await
        }
    )?;
    Ok(n)
}

pub async fn create_key(
    db: &Db,
    org_id: &str,
    env: Environment,
    scopes: &[Scope],
    key_hash: &str,
    hint: &str,
    now: i64,
) -> Result<KeyRow, AppError> {
    let id = crate::ids::prefixed("key");
    let row = on_db!(
        db,
        write | pool | {
            sqlx::query_as::<_, KeyRow>(
                "INSERT INTO api_keys (id, org_id, environment, key_hash, hint, scopes, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             RETURNING id, org_id, environment, hint, scopes, created_at, revoked_at",
            )
            .bind(&id)
            .bind(org_id)
            .bind(env.as_str())
            .bind(key_hash)
            .bind(hint)
            .bind(format_scope_list(scopes))
            .bind(now)
            .fetch_one(pool)
            .await
        }
    )?;
    Ok(row)
}

pub async fn list_keys(db: &Db, org_id: &str) -> Result<Vec<KeyRow>, AppError> {
    let rows = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, KeyRow>(
                "SELECT id, org_id, environment, hint, scopes, created_at, revoked_at
             FROM api_keys WHERE org_id = $1 ORDER BY created_at, id",
            )
            .bind(org_id)
            .fetch_all(pool)
            .await
        }
    )?;
    Ok(rows)
}

/// Revokes a key; returns it, or `None` when there is no such key. Revoking twice keeps the
/// first time.
pub async fn revoke_key(db: &Db, key_id: &str, now: i64) -> Result<Option<KeyRow>, AppError> {
    let row = on_db!(
        db,
        write | pool | {
            sqlx::query_as::<_, KeyRow>(
                "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1
             RETURNING id, org_id, environment, hint, scopes, created_at, revoked_at",
            )
            .bind(key_id)
            .bind(now)
            .fetch_optional(pool)
            .await
        }
    )?;
    Ok(row)
}

pub async fn find_key_by_hash(db: &Db, key_hash: &str) -> Result<Option<KeyWithOrg>, AppError> {
    let row = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, KeyWithOrg>(
                "SELECT k.id AS key_id, k.org_id, k.environment, k.scopes, k.revoked_at,
                    o.processing_enabled, o.rate_limit
             FROM api_keys k JOIN organizations o ON o.id = k.org_id
             WHERE k.key_hash = $1",
            )
            .bind(key_hash)
            .fetch_optional(pool)
            .await
        }
    )?;
    Ok(row)
}

/// Adds `hits` requests to the organization's current one-minute window and returns the count
/// so far. One atomic upsert, so every instance on the same database shares the window.
///
/// On PostgreSQL every request of an organization updates the same row, so the commit's WAL
/// flush would serialize them; this one write commits asynchronously (`synchronous_commit =
/// off` for its transaction only). A crash can lose the last few counts, which is acceptable
/// for a rate limit and nothing else is written that way.
pub async fn hit_rate_window(db: &Db, org_id: &str, window_start: i64, hits: i64) -> Result<i64, AppError> {
    const UPSERT: &str = "INSERT INTO rate_limit_windows (org_id, window_start, hits) VALUES ($1, $2, $3)
         ON CONFLICT (org_id, window_start) DO UPDATE SET hits = rate_limit_windows.hits + $3
         RETURNING CAST(hits AS BIGINT)";
    let hits = match &db.pools {
        Pools::Sqlite { write, .. } => {
            sqlx::query_scalar::<_, i64>(UPSERT)
                .bind(org_id)
                .bind(window_start)
                .bind(hits)
                .fetch_one(write)
                .await?
        }
        Pools::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            sqlx::query("SET LOCAL synchronous_commit = off")
                .execute(&mut *tx)
                .await?;
            let hits = sqlx::query_scalar::<_, i64>(UPSERT)
                .bind(org_id)
                .bind(window_start)
                .bind(hits)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            hits
        }
    };
    Ok(hits)
}

/// Drops windows that ended before `before`.
pub async fn prune_rate_windows(db: &Db, before: i64) -> Result<u64, AppError> {
    let n = on_db!(
        db,
        write | pool | {
            sqlx::query("DELETE FROM rate_limit_windows WHERE window_start < $1")
                .bind(before)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        }
    )?;
    Ok(n)
}

#[derive(Debug, Clone, FromRow)]
struct BrandRow {
    id: String,
    display_name: Option<String>,
    brand_color: Option<String>,
    support_contact: Option<String>,
    logo_type: Option<String>,
    brand_updated_at: Option<i64>,
    time_zone: Option<String>,
}

/// An organization's branding; `None` when there is no such organization.
pub async fn brand(db: &Db, org_id: &str) -> Result<Option<super::Brand>, AppError> {
    let row = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, BrandRow>(
                "SELECT id, display_name, brand_color, support_contact, logo_type, brand_updated_at, time_zone
                 FROM organizations WHERE id = $1",
            )
            .bind(org_id)
            .fetch_optional(pool)
            .await
        }
    )?;
    Ok(row.map(|r| super::Brand {
        org_id: r.id,
        display_name: r.display_name,
        color: r.brand_color,
        support_contact: r.support_contact,
        logo_type: r.logo_type,
        version: r.brand_updated_at.unwrap_or(0),
        time_zone: r.time_zone,
    }))
}

/// The logo's content type and bytes, when the organization has one.
pub async fn logo(db: &Db, org_id: &str) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let row = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, (Option<String>, Option<Vec<u8>>)>(
                "SELECT logo_type, logo FROM organizations WHERE id = $1",
            )
            .bind(org_id)
            .fetch_optional(pool)
            .await
        }
    )?;
    Ok(row.and_then(|(t, bytes)| t.zip(bytes)))
}

/// What `klarefi orgs brand` changes; `None` leaves a part as it is. Values are validated
/// by the caller (`orgs::parse_brand_*`, `orgs::logo_content_type`).
#[derive(Debug, Default)]
pub struct BrandChange<'a> {
    pub display_name: Option<&'a str>,
    pub color: Option<&'a str>,
    pub support_contact: Option<&'a str>,
    pub logo: Option<(&'a str, &'a [u8])>,
    /// An IANA time zone name, checked by the caller (`orgs::parse_time_zone`).
    pub time_zone: Option<&'a str>,
}

/// Applies a branding change; false when there is no such organization.
pub async fn set_brand(db: &Db, org_id: &str, change: &BrandChange<'_>, now: i64) -> Result<bool, AppError> {
    let (logo_type, logo) = change.logo.map_or((None, None), |(t, b)| (Some(t), Some(b.to_vec())));
    let n = on_db!(
        db,
        write | pool | {
            sqlx::query(
                "UPDATE organizations SET
                    display_name = COALESCE($2, display_name),
                    brand_color = COALESCE($3, brand_color),
                    support_contact = COALESCE($4, support_contact),
                    logo_type = COALESCE($5, logo_type),
                    logo = COALESCE($6, logo),
                    brand_updated_at = $7,
                    time_zone = COALESCE($8, time_zone)
                 WHERE id = $1",
            )
            .bind(org_id)
            .bind(change.display_name)
            .bind(change.color)
            .bind(change.support_contact)
            .bind(logo_type)
            .bind(logo.clone())
            .bind(now)
            .bind(change.time_zone)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        }
    )?;
    Ok(n == 1)
}
