//! SQL for reviews: the command log (also the API's idempotency record), each case's review
//! record with its version, handler links to the case file, the claimant's clarifications and
//! the review queue. Knows rows and strings, no rules.

use sqlx::FromRow;

use crate::db::{Conn, Db, Tx};
use crate::error::AppError;
use crate::orgs::Environment;
use crate::{on_conn, on_db, on_tx};

/// One recorded review command.
#[derive(Debug, Clone, FromRow)]
pub struct CommandRow {
    pub id: String,
    pub case_id: String,
    pub org_id: String,
    pub environment: String,
    pub command_type: String,
    pub fact_id: Option<String>,
    /// The command's payload as JSON.
    pub payload: String,
    pub rationale: Option<String>,
    pub handler_id: String,
    pub handler_name: Option<String>,
    /// The handler link the command came through (`None`: the API).
    pub link_id: Option<String>,
    pub idempotency_key: String,
    pub fingerprint: String,
    /// `applied` | `rejected`.
    pub status: String,
    /// Why it was rejected (a stable code).
    pub reason: Option<String>,
    /// What it did, or (rejected) the review as it stood, as JSON.
    pub result: String,
    /// The review's version after the command (rejected: as it stood).
    pub review_version: i64,
    pub created_at: i64,
}

const COMMAND_COLUMNS: &str = "id, case_id, org_id, environment, command_type, fact_id, payload, rationale, \
     handler_id, handler_name, link_id, idempotency_key, fingerprint, status, reason, result, review_version, created_at";

/// Inserts `row` unless its idempotency key is taken in its organization and environment;
/// returns whether it was inserted. On PostgreSQL a key claimed by a transaction in flight
/// waits for it on the unique index; SQLite serializes writers.
pub async fn claim_command(tx: &mut Tx, row: &CommandRow) -> Result<bool, AppError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "INSERT INTO review_commands ({COMMAND_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT (org_id, environment, idempotency_key) DO NOTHING"
    ));
    let n = on_tx!(tx, |conn| {
        sqlx::query(sql)
            .bind(&row.id)
            .bind(&row.case_id)
            .bind(&row.org_id)
            .bind(&row.environment)
            .bind(&row.command_type)
            .bind(&row.fact_id)
            .bind(&row.payload)
            .bind(&row.rationale)
            .bind(&row.handler_id)
            .bind(&row.handler_name)
            .bind(&row.link_id)
            .bind(&row.idempotency_key)
            .bind(&row.fingerprint)
            .bind(&row.status)
            .bind(&row.reason)
            .bind(&row.result)
            .bind(row.review_version)
            .bind(row.created_at)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(n > 0)
}

/// Records what a claimed command did.
pub async fn finish_command(
    tx: &mut Tx,
    id: &str,
    status: &str,
    reason: Option<&str>,
    result: &str,
    review_version: i64,
) -> Result<(), AppError> {
    on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE review_commands SET status = $2, reason = $3, result = $4, review_version = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(status)
        .bind(reason)
        .bind(result)
        .bind(review_version)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// The command recorded under an idempotency key.
pub async fn command_by_key(
    conn: impl Into<Conn<'_>>,
    org_id: &str,
    env: Environment,
    key: &str,
) -> Result<Option<CommandRow>, AppError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COMMAND_COLUMNS} FROM review_commands WHERE org_id = $1 AND environment = $2 AND idempotency_key = $3"
    ));
    let row = on_conn!(conn.into(), |ex| {
        sqlx::query_as::<_, CommandRow>(sql)
            .bind(org_id)
            .bind(env.as_str())
            .bind(key)
            .fetch_optional(ex)
            .await
    })?;
    Ok(row)
}

/// A command of a case.
pub async fn command(db: &Db, case_id: &str, id: &str) -> Result<Option<CommandRow>, AppError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COMMAND_COLUMNS} FROM review_commands WHERE case_id = $1 AND id = $2"
    ));
    let row = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, CommandRow>(sql)
                .bind(case_id)
                .bind(id)
                .fetch_optional(pool)
                .await
        }
    )?;
    Ok(row)
}

/// Every command of a case, oldest first.
pub async fn commands(conn: impl Into<Conn<'_>>, case_id: &str) -> Result<Vec<CommandRow>, AppError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COMMAND_COLUMNS} FROM review_commands WHERE case_id = $1 ORDER BY created_at, id"
    ));
    let rows = on_conn!(conn.into(), |ex| {
        sqlx::query_as::<_, CommandRow>(sql).bind(case_id).fetch_all(ex).await
    })?;
    Ok(rows)
}

/// A case's review record (none until the first applied command).
#[derive(Debug, Clone, Default, FromRow)]
pub struct ReviewRow {
    pub version: i64,
    pub escalated_at: Option<i64>,
    pub escalated_by: Option<String>,
    pub escalation_note: Option<String>,
    pub completed_at: Option<i64>,
    pub completed_by: Option<String>,
}

pub async fn review(conn: impl Into<Conn<'_>>, case_id: &str) -> Result<Option<ReviewRow>, AppError> {
    let row = on_conn!(conn.into(), |ex| {
        sqlx::query_as::<_, ReviewRow>(
            "SELECT version, escalated_at, escalated_by, escalation_note, completed_at, completed_by
             FROM case_reviews WHERE case_id = $1",
        )
        .bind(case_id)
        .fetch_optional(ex)
        .await
    })?;
    Ok(row)
}

/// Moves the review's version from `expected` to the next; `None` when it is not at
/// `expected` (another handler acted first). On PostgreSQL a concurrent command waits on the
/// row (or the key of the first row) and then finds the version moved; SQLite serializes.
pub async fn bump_version(tx: &mut Tx, case_id: &str, expected: i64, now: i64) -> Result<Option<i64>, AppError> {
    // A review without a record is at version 0: the first command creates it, and a second
    // one on version 0 meets that row (waiting for it on PostgreSQL) and updates nothing.
    let sql = if expected == 0 {
        "INSERT INTO case_reviews (case_id, version, updated_at) VALUES ($1, 1, $3)
         ON CONFLICT (case_id) DO UPDATE SET version = case_reviews.version + 1, updated_at = $3
             WHERE case_reviews.version = $2
         RETURNING version"
    } else {
        "UPDATE case_reviews SET version = version + 1, updated_at = $3 WHERE case_id = $1 AND version = $2
         RETURNING version"
    };
    let version = on_tx!(tx, |conn| {
        sqlx::query_scalar::<_, i64>(sql)
            .bind(case_id)
            .bind(expected)
            .bind(now)
            .fetch_optional(&mut **conn)
            .await
    })?;
    Ok(version)
}

pub async fn escalate(tx: &mut Tx, case_id: &str, handler_id: &str, note: &str, now: i64) -> Result<(), AppError> {
    on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE case_reviews SET escalated_at = $2, escalated_by = $3, escalation_note = $4 WHERE case_id = $1",
        )
        .bind(case_id)
        .bind(now)
        .bind(handler_id)
        .bind(note)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn complete(tx: &mut Tx, case_id: &str, handler_id: &str, now: i64) -> Result<(), AppError> {
    on_tx!(tx, |conn| {
        sqlx::query("UPDATE case_reviews SET completed_at = $2, completed_by = $3 WHERE case_id = $1")
            .bind(case_id)
            .bind(now)
            .bind(handler_id)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// A handler's link to a case file.
#[derive(Debug, Clone, FromRow)]
pub struct LinkRow {
    pub id: String,
    pub case_id: String,
    pub handler_id: String,
    pub handler_name: Option<String>,
    /// `view` | `review`.
    pub access: String,
    pub expires_at: i64,
    pub created_at: i64,
}

pub async fn insert_link(db: &Db, link: &LinkRow) -> Result<(), AppError> {
    on_db!(
        db,
        write | pool | {
            sqlx::query(
                "INSERT INTO case_file_links (id, case_id, handler_id, handler_name, access, expires_at, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&link.id)
            .bind(&link.case_id)
            .bind(&link.handler_id)
            .bind(&link.handler_name)
            .bind(&link.access)
            .bind(link.expires_at)
            .bind(link.created_at)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        }
    )?;
    Ok(())
}

pub async fn link(db: &Db, case_id: &str, id: &str) -> Result<Option<LinkRow>, AppError> {
    let row = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, LinkRow>(
                "SELECT id, case_id, handler_id, handler_name, access, expires_at, created_at
                 FROM case_file_links WHERE case_id = $1 AND id = $2",
            )
            .bind(case_id)
            .bind(id)
            .fetch_optional(pool)
            .await
        }
    )?;
    Ok(row)
}

/// A handler's question to the claimant.
#[derive(Debug, Clone, FromRow)]
pub struct ClarificationRow {
    pub id: String,
    pub case_id: String,
    pub command_id: String,
    pub fact_id: Option<String>,
    pub question: Option<String>,
    pub answer: Option<String>,
    pub evidence_id: Option<String>,
    pub asked_at: i64,
    pub answered_at: Option<i64>,
}

pub async fn insert_clarification(tx: &mut Tx, c: &ClarificationRow) -> Result<(), AppError> {
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO clarifications (id, case_id, command_id, fact_id, question, asked_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&c.id)
        .bind(&c.case_id)
        .bind(&c.command_id)
        .bind(&c.fact_id)
        .bind(&c.question)
        .bind(c.asked_at)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Every clarification of a case, oldest first.
pub async fn clarifications(conn: impl Into<Conn<'_>>, case_id: &str) -> Result<Vec<ClarificationRow>, AppError> {
    let rows = on_conn!(conn.into(), |ex| {
        sqlx::query_as::<_, ClarificationRow>(
            "SELECT id, case_id, command_id, fact_id, question, answer, evidence_id, asked_at, answered_at
             FROM clarifications WHERE case_id = $1 ORDER BY asked_at, id",
        )
        .bind(case_id)
        .fetch_all(ex)
        .await
    })?;
    Ok(rows)
}

/// Records the claimant's answer; false when it was answered already (a second tab).
pub async fn answer_clarification(
    tx: &mut Tx,
    id: &str,
    answer: &str,
    evidence_id: Option<&str>,
    now: i64,
) -> Result<bool, AppError> {
    let n = on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE clarifications SET answer = $2, evidence_id = $3, answered_at = $4
             WHERE id = $1 AND answered_at IS NULL",
        )
        .bind(id)
        .bind(answer)
        .bind(evidence_id)
        .bind(now)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(n > 0)
}

/// Keeps the applicant's link working until at least `until` (a clarification reopens it).
pub async fn extend_link(tx: &mut Tx, case_id: &str, until: i64, now: i64) -> Result<(), AppError> {
    tx.changed(case_id);
    on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE cases SET link_expires_at = CASE WHEN link_expires_at IS NULL OR link_expires_at < $2 THEN $2
                 ELSE link_expires_at END, updated_at = $3
             WHERE id = $1",
        )
        .bind(case_id)
        .bind(until)
        .bind(now)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// One case of the review queue.
#[derive(Debug, Clone, FromRow)]
pub struct QueueRow {
    pub id: String,
    pub case_type_id: String,
    pub status: String,
    pub external_case_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub escalated_at: Option<i64>,
    pub version: Option<i64>,
}

/// What the queue is asked for.
pub struct QueueQuery<'a> {
    pub org_id: &'a str,
    pub environment: Environment,
    pub status: &'a str,
    pub case_type_id: Option<&'a str>,
    /// Only cases created at or before this time (an age filter).
    pub created_before: i64,
    /// After this (created_at, id), exclusive: the cursor.
    pub after: Option<(i64, String)>,
    pub limit: i64,
}

/// The queue's statement: by the `cases_review_queue` index (organization, environment,
/// status, then oldest first), never a scan of the organization's cases.
pub const QUEUE_SQL: &str = "SELECT c.id, c.case_type_id, c.status, c.external_case_id, c.created_at, c.updated_at,
        r.escalated_at, r.version
     FROM cases c LEFT JOIN case_reviews r ON r.case_id = c.id
     WHERE c.org_id = $1 AND c.environment = $2 AND c.status = $3
       AND (CAST($4 AS TEXT) IS NULL OR c.case_type_id = $4)
       AND c.created_at <= $5
       AND (c.created_at > $6 OR (c.created_at = $6 AND c.id > $7))
     ORDER BY c.created_at, c.id
     LIMIT $8";

pub async fn queue(db: &Db, q: &QueueQuery<'_>) -> Result<Vec<QueueRow>, AppError> {
    let (after_at, after_id) = q.after.clone().unwrap_or((i64::MIN, String::new()));
    let rows = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, QueueRow>(QUEUE_SQL)
                .bind(q.org_id)
                .bind(q.environment.as_str())
                .bind(q.status)
                .bind(q.case_type_id)
                .bind(q.created_before)
                .bind(after_at)
                .bind(&after_id)
                .bind(q.limit)
                .fetch_all(pool)
                .await
        }
    )?;
    Ok(rows)
}
