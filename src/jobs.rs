//! The durable job queue: background work (reading a document, fetching one) lives in the
//! database so it survives restarts and is shared by every instance.
//!
//! A worker claims a due job with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's
//! single writer serializes claims). A job whose lease expires is claimable again, so a worker
//! that dies mid-job is replaced. A job's effects are written in the same transaction as its
//! completion, and completion checks the lease: a worker that lost its lease writes nothing,
//! so each job's effects happen once.

use sqlx::FromRow;

use crate::db::{Db, Pools, Tx};
use crate::error::AppError;
use crate::{on_db, on_tx};

pub const KIND_FETCH_DOCUMENT: &str = "fetch_document";
/// Read a stored document (hosted uploads): payload `{"doc_id"}`.
pub const KIND_PROCESS_DOCUMENT: &str = "process_document";

#[derive(Debug, Clone, FromRow)]
pub struct Job {
    pub id: String,
    pub kind: String,
    pub case_id: Option<String>,
    pub payload: String,
    pub attempts: i32,
    pub max_attempts: i32,
}

pub async fn enqueue(
    tx: &mut Tx,
    id: &str,
    kind: &str,
    case_id: Option<&str>,
    payload: &serde_json::Value,
    now: i64,
) -> Result<(), AppError> {
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO jobs (id, kind, case_id, payload, status, attempts, max_attempts, run_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, 'queued', 0, 5, $5, $5, $5)",
        )
        .bind(id)
        .bind(kind)
        .bind(case_id)
        .bind(payload.to_string())
        .bind(now)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Claims one due job (queued and due, or running with an expired lease) for `owner`.
pub async fn claim(db: &Db, owner: &str, lease_ms: i64, now: i64) -> Result<Option<Job>, AppError> {
    let job = match &db.pools {
        Pools::Sqlite { write, .. } => {
            sqlx::query_as::<_, Job>(
                "UPDATE jobs SET status = 'running', lease_owner = $1, lease_expires_at = $2,
                        attempts = attempts + 1, updated_at = $3
                 WHERE id = (SELECT id FROM jobs
                             WHERE (status = 'queued' AND run_at <= $3) OR (status = 'running' AND lease_expires_at < $3)
                             ORDER BY run_at, id LIMIT 1)
                 RETURNING id, kind, case_id, payload, attempts, max_attempts",
            )
            .bind(owner)
            .bind(now + lease_ms)
            .bind(now)
            .fetch_optional(write)
            .await?
        }
        Pools::Postgres(pool) => {
            sqlx::query_as::<_, Job>(
                "UPDATE jobs SET status = 'running', lease_owner = $1, lease_expires_at = $2,
                        attempts = attempts + 1, updated_at = $3
                 WHERE id = (SELECT id FROM jobs
                             WHERE (status = 'queued' AND run_at <= $3) OR (status = 'running' AND lease_expires_at < $3)
                             ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
                 RETURNING id, kind, case_id, payload, attempts, max_attempts",
            )
            .bind(owner)
            .bind(now + lease_ms)
            .bind(now)
            .fetch_optional(pool)
            .await?
        }
    };
    Ok(job)
}

/// Keeps a running job ours until `until` (a heartbeat for long work). False when the lease
/// was already lost to another worker.
pub async fn extend_lease(db: &Db, job_id: &str, owner: &str, until: i64, now: i64) -> Result<bool, AppError> {
    let n = on_db!(
        db,
        write | pool | {
            sqlx::query(
                "UPDATE jobs SET lease_expires_at = $3, updated_at = $4
                 WHERE id = $1 AND lease_owner = $2 AND status = 'running'",
            )
            .bind(job_id)
            .bind(owner)
            .bind(until)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        }
    )?;
    Ok(n == 1)
}

/// Hands a job this worker holds back to the queue, due at once, without counting the attempt
/// (the worker is shutting down; the job did not fail). False when the lease was not ours.
pub async fn release(db: &Db, job_id: &str, owner: &str, now: i64) -> Result<bool, AppError> {
    let n = on_db!(
        db,
        write | pool | {
            sqlx::query(
                "UPDATE jobs SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, run_at = $3,
                        attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, updated_at = $3
                 WHERE id = $1 AND lease_owner = $2 AND status = 'running'",
            )
            .bind(job_id)
            .bind(owner)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        }
    )?;
    Ok(n == 1)
}

/// Marks the job done inside the transaction that wrote its effects. Returns false when the
/// lease was lost (another worker took over): the caller must then roll back.
pub async fn complete(tx: &mut Tx, job_id: &str, owner: &str, now: i64) -> Result<bool, AppError> {
    let n = on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE jobs SET status = 'done', lease_owner = NULL, lease_expires_at = NULL, updated_at = $3
             WHERE id = $1 AND lease_owner = $2 AND status = 'running'",
        )
        .bind(job_id)
        .bind(owner)
        .bind(now)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Records a failed attempt: back to the queue after `retry_in_ms`, or `failed` for good.
pub async fn retry_later(
    db: &Db,
    job_id: &str,
    owner: &str,
    error: &str,
    retry_in_ms: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    let (status, run_at) = match retry_in_ms {
        Some(delay) => ("queued", now + delay),
        None => ("failed", now),
    };
    on_db!(
        db,
        write | pool | {
            sqlx::query(
            "UPDATE jobs SET status = $3, run_at = $4, last_error = $5, lease_owner = NULL, lease_expires_at = NULL,
                    updated_at = $6
             WHERE id = $1 AND lease_owner = $2",
        )
        .bind(job_id)
        .bind(owner)
        .bind(status)
        .bind(run_at)
        .bind(error)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
        }
    )?;
    Ok(())
}

/// Backoff before attempt `attempt + 1`: 5 s, 30 s, 2 min, 10 min.
pub fn backoff_ms(attempt: i32) -> i64 {
    match attempt {
        ..=1 => 5_000,
        2 => 30_000,
        3 => 120_000,
        _ => 600_000,
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct JobStatus {
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
}

pub async fn status(db: &Db, job_id: &str) -> Result<Option<JobStatus>, AppError> {
    let row = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, JobStatus>("SELECT status, attempts, last_error FROM jobs WHERE id = $1")
                .bind(job_id)
                .fetch_optional(pool)
                .await
        }
    )?;
    Ok(row)
}

/// What the job queue holds now, for `/metrics`: jobs per unfinished status, and how long the
/// oldest job that is due has waited (0 when none waits).
#[derive(Debug, Clone, Default)]
pub struct QueueGauges {
    pub by_status: Vec<(String, i64)>,
    pub oldest_due_ms: i64,
}

pub async fn gauges(db: &Db, now: i64) -> Result<QueueGauges, AppError> {
    // `status IN (…)` walks `jobs_due` for the unfinished jobs only; done jobs are not read.
    let by_status = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, (String, i64)>(
                "SELECT status, COUNT(*) FROM jobs WHERE status IN ('queued', 'running', 'failed') GROUP BY status",
            )
            .fetch_all(pool)
            .await
        }
    )?;
    let oldest: Option<i64> = on_db!(
        db,
        read | pool | {
            sqlx::query_scalar::<_, Option<i64>>(
                "SELECT MIN(run_at) FROM jobs WHERE status = 'queued' AND run_at <= $1",
            )
            .bind(now)
            .fetch_one(pool)
            .await
        }
    )?;
    Ok(QueueGauges {
        by_status,
        oldest_due_ms: oldest.map_or(0, |t| (now - t).max(0)),
    })
}
