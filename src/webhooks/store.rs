//! SQL for webhook endpoints and deliveries.

use sqlx::FromRow;

use crate::db::{Backend, Db};
use crate::error::AppError;
use crate::on_db;
use crate::orgs::Environment;

#[derive(Debug, Clone, FromRow)]
pub struct EndpointRow {
    pub id: String,
    pub org_id: String,
    #[sqlx(try_from = "String")]
    pub environment: Environment,
    pub url: String,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<i64>,
    pub events: String,
    pub enabled: bool,
    pub created_at: i64,
}

const ENDPOINT_COLUMNS: &str =
    "id, org_id, environment, url, secret, previous_secret, previous_secret_until, events, enabled, created_at";

pub struct NewEndpoint<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub environment: Environment,
    pub url: &'a str,
    pub secret: &'a str,
    pub events: &'a str,
    pub now: i64,
}

pub async fn insert_endpoint(db: &Db, e: &NewEndpoint<'_>) -> Result<(), AppError> {
    on_db!(
        db,
        write
            | pool
            | {
                sqlx::query(
            "INSERT INTO webhook_endpoints (id, org_id, environment, url, secret, events, enabled, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $7)",
        )
        .bind(e.id)
        .bind(e.org_id)
        .bind(e.environment.as_str())
        .bind(e.url)
        .bind(e.secret)
        .bind(e.events)
        .bind(e.now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
            }
    )?;
    Ok(())
}

pub async fn find_endpoint(db: &Db, id: &str) -> Result<Option<EndpointRow>, AppError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1"
    ));
    let row = on_db!(
        db,
        read | pool
            | sqlx::query_as::<_, EndpointRow>(sql)
                .bind(id)
                .fetch_optional(pool)
                .await
    )?;
    Ok(row)
}

pub async fn list_endpoints(db: &Db, org_id: &str) -> Result<Vec<EndpointRow>, AppError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE org_id = $1 ORDER BY created_at, id"
    ));
    let rows = on_db!(
        db,
        read | pool | sqlx::query_as::<_, EndpointRow>(sql).bind(org_id).fetch_all(pool).await
    )?;
    Ok(rows)
}

pub async fn set_enabled(db: &Db, id: &str, enabled: bool, now: i64) -> Result<bool, AppError> {
    let n = on_db!(
        db,
        write | pool | {
            sqlx::query("UPDATE webhook_endpoints SET enabled = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(enabled)
                .bind(now)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        }
    )?;
    Ok(n == 1)
}

/// Replaces the secret; the old one keeps signing alongside until `overlap_until`.
pub async fn rotate_secret(db: &Db, id: &str, secret: &str, overlap_until: i64, now: i64) -> Result<bool, AppError> {
    let n = on_db!(
        db,
        write
            | pool
            | {
                sqlx::query(
            "UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until = $3, secret = $2, updated_at = $4
             WHERE id = $1",
        )
        .bind(id)
        .bind(secret)
        .bind(overlap_until)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
            }
    )?;
    Ok(n == 1)
}

/// What a worker needs to send one delivery.
#[derive(Debug, Clone, FromRow)]
pub struct DueDelivery {
    pub id: String,
    pub endpoint_id: String,
    pub attempts: i32,
    pub url: String,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<i64>,
    pub event_id: String,
    pub event_type: String,
    pub event_data: String,
    pub event_created_at: i64,
    pub case_id: String,
    pub case_type_id: String,
    pub org_id: String,
    #[sqlx(try_from = "String")]
    pub environment: Environment,
    #[sqlx(try_from = "String")]
    pub mode: crate::cases::Mode,
    pub external_case_id: Option<String>,
    pub external_applicant_id: Option<String>,
    pub external_customer_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub trace_id: Option<String>,
    /// The case's metadata as stored (a JSON object of strings).
    pub metadata: String,
}

/// Claims up to `limit` due deliveries for `owner` (pending and due, or with an expired lease).
pub async fn claim_due(
    db: &Db,
    owner: &str,
    lease_ms: i64,
    limit: i64,
    now: i64,
) -> Result<Vec<DueDelivery>, AppError> {
    let pick = match db.backend() {
        Backend::Sqlite => {
            "SELECT id FROM webhook_deliveries
             WHERE (status = 'pending' AND next_attempt_at <= $3 AND (lease_expires_at IS NULL OR lease_expires_at < $3))
             ORDER BY next_attempt_at LIMIT $4"
        }
        Backend::Postgres => {
            "SELECT id FROM webhook_deliveries
             WHERE (status = 'pending' AND next_attempt_at <= $3 AND (lease_expires_at IS NULL OR lease_expires_at < $3))
             ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED"
        }
    };
    let claim = sqlx::AssertSqlSafe(format!(
        "UPDATE webhook_deliveries SET lease_owner = $1, lease_expires_at = $2, updated_at = $3
         WHERE id IN ({pick}) RETURNING id"
    ));
    let ids: Vec<String> = on_db!(
        db,
        write | pool | {
            sqlx::query_scalar::<_, String>(claim)
                .bind(owner)
                .bind(now + lease_ms)
                .bind(now)
                .bind(limit)
                .fetch_all(pool)
                .await
        }
    )?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let row = on_db!(
            db,
            read | pool
                | {
                    sqlx::query_as::<_, DueDelivery>(
                "SELECT d.id, d.endpoint_id, d.attempts, e.url, e.secret, e.previous_secret, e.previous_secret_until,
                        v.event_id, v.event_type, v.data AS event_data, v.created_at AS event_created_at,
                        c.id AS case_id, c.case_type_id, c.org_id, c.environment, c.mode, c.external_case_id, c.external_applicant_id,
                        c.external_customer_id, c.idempotency_key, c.trace_id, c.metadata
                 FROM webhook_deliveries d
                 JOIN webhook_endpoints e ON e.id = d.endpoint_id
                 JOIN case_events v ON v.event_id = d.event_id
                 JOIN cases c ON c.id = d.case_id
                 WHERE d.id = $1 AND d.lease_owner = $2",
            )
            .bind(&id)
            .bind(owner)
            .fetch_optional(pool)
            .await
                }
        )?;
        out.extend(row);
    }
    Ok(out)
}

/// Records an attempt's outcome if the lease is still ours: delivered, retried at
/// `next_attempt_at`, or failed for good. Returns false when the lease was lost.
#[expect(clippy::too_many_arguments, reason = "one row's outcome, written in one statement")]
pub async fn record_attempt(
    db: &Db,
    id: &str,
    owner: &str,
    status: &str,
    status_code: Option<u16>,
    error: Option<&str>,
    next_attempt_at: i64,
    now: i64,
) -> Result<bool, AppError> {
    let n = on_db!(
        db,
        write | pool | {
            sqlx::query(
                "UPDATE webhook_deliveries
             SET status = $3, attempts = attempts + 1, last_status_code = $4, last_error = $5, next_attempt_at = $6,
                 delivered_at = CASE WHEN $3 = 'delivered' THEN $7 ELSE delivered_at END,
                 lease_owner = NULL, lease_expires_at = NULL, updated_at = $7
             WHERE id = $1 AND lease_owner = $2",
            )
            .bind(id)
            .bind(owner)
            .bind(status)
            .bind(status_code.map(i32::from))
            .bind(error)
            .bind(next_attempt_at)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        }
    )?;
    Ok(n == 1)
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct DeliveryRow {
    pub id: String,
    pub endpoint_id: String,
    pub case_id: String,
    pub event_id: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: i64,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<i64>,
    pub acknowledged_at: Option<i64>,
    pub acknowledgement_id: Option<String>,
}

const DELIVERY_COLUMNS: &str = "id, endpoint_id, case_id, event_id, status, attempts, next_attempt_at, last_status_code, \
     last_error, delivered_at, acknowledged_at, acknowledgement_id";

pub async fn list_deliveries(db: &Db, endpoint_id: &str, failed_only: bool) -> Result<Vec<DeliveryRow>, AppError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = $1 AND ($2 = FALSE OR status = 'failed')
         ORDER BY created_at, id"
    ));
    let rows = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, DeliveryRow>(sql)
                .bind(endpoint_id)
                .bind(failed_only)
                .fetch_all(pool)
                .await
        }
    )?;
    Ok(rows)
}

pub async fn find_delivery(db: &Db, id: &str) -> Result<Option<DeliveryRow>, AppError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1"
    ));
    let row = on_db!(
        db,
        read | pool
            | sqlx::query_as::<_, DeliveryRow>(sql)
                .bind(id)
                .fetch_optional(pool)
                .await
    )?;
    Ok(row)
}

/// A delivery of this organization and environment.
pub async fn find_delivery_scoped(
    db: &Db,
    org_id: &str,
    env: Environment,
    id: &str,
) -> Result<Option<DeliveryRow>, AppError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT d.{} FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
         WHERE d.id = $1 AND e.org_id = $2 AND e.environment = $3",
        DELIVERY_COLUMNS.replace(", ", ", d.")
    ));
    let row = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, DeliveryRow>(sql)
                .bind(id)
                .bind(org_id)
                .bind(env.as_str())
                .fetch_optional(pool)
                .await
        }
    )?;
    Ok(row)
}

/// Sends a delivery again at once, keeping its id (a new attempt, not a new delivery).
pub async fn redeliver(db: &Db, id: &str, now: i64) -> Result<bool, AppError> {
    let n = on_db!(
        db,
        write | pool | {
            sqlx::query(
                "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $2, lease_owner = NULL,
                    lease_expires_at = NULL, updated_at = $2
             WHERE id = $1",
            )
            .bind(id)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        }
    )?;
    Ok(n == 1)
}

/// Records an acknowledgement once; later calls change nothing.
pub async fn acknowledge(db: &Db, id: &str, acknowledgement_id: Option<&str>, now: i64) -> Result<(), AppError> {
    on_db!(
        db,
        write | pool | {
            sqlx::query(
                "UPDATE webhook_deliveries SET acknowledged_at = $2, acknowledgement_id = $3, updated_at = $2
             WHERE id = $1 AND acknowledged_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .bind(acknowledgement_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        }
    )?;
    Ok(())
}

/// Deliveries not delivered yet, for `/metrics`: how many are pending and failed, and how
/// late the most overdue pending one is (0 when none is due).
#[derive(Debug, Clone, Default)]
pub struct DeliveryGauges {
    pub by_status: Vec<(String, i64)>,
    pub lag_ms: i64,
}

pub async fn gauges(db: &Db, now: i64) -> Result<DeliveryGauges, AppError> {
    let by_status = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, (String, i64)>(
                "SELECT status, COUNT(*) FROM webhook_deliveries WHERE status IN ('pending', 'failed') GROUP BY status",
            )
            .fetch_all(pool)
            .await
        }
    )?;
    let oldest: Option<i64> = on_db!(
        db,
        read | pool
            | {
                sqlx::query_scalar::<_, Option<i64>>(
                "SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1",
            )
            .bind(now)
            .fetch_one(pool)
            .await
            }
    )?;
    Ok(DeliveryGauges {
        by_status,
        lag_ms: oldest.map_or(0, |t| (now - t).max(0)),
    })
}
