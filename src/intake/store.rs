//! SQL for the hosted intake: answers, consent and submission.

use std::collections::BTreeMap;

use crate::db::{Conn, Tx};
use crate::error::AppError;
use crate::{on_conn, on_tx};

/// One stored answer: a step's answer, or (`check:<fact>`) a reaction in the check phase.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub item: String,
    pub value_raw: String,
    pub value_normalized: String,
    pub observation_id: Option<String>,
    pub answered_at: i64,
}

/// A case's answers by item.
pub type Answers = BTreeMap<String, Answer>;

type AnswerRow = (String, String, String, Option<String>, i64);

fn to_answers(rows: Vec<AnswerRow>) -> Answers {
    rows.into_iter()
        .map(|(item, value_raw, value_normalized, observation_id, answered_at)| {
            (
                item.clone(),
                Answer {
                    item,
                    value_raw,
                    value_normalized,
                    observation_id,
                    answered_at,
                },
            )
        })
        .collect()
}

const SELECT: &str = "SELECT item, value_raw, value_normalized, observation_id, answered_at
     FROM intake_answers WHERE case_id = $1";

pub async fn answers(conn: impl Into<Conn<'_>>, case_id: &str) -> Result<Answers, AppError> {
    let rows: Vec<AnswerRow> = on_conn!(conn.into(), |ex| sqlx::query_as(SELECT)
        .bind(case_id)
        .fetch_all(ex)
        .await)?;
    Ok(to_answers(rows))
}

/// Stores an answer, replacing an earlier one for the same item.
pub async fn upsert(tx: &mut Tx, case_id: &str, a: &Answer) -> Result<(), AppError> {
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO intake_answers (case_id, item, value_raw, value_normalized, observation_id, answered_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (case_id, item) DO UPDATE SET value_raw = excluded.value_raw,
                value_normalized = excluded.value_normalized, observation_id = excluded.observation_id,
                answered_at = excluded.answered_at",
        )
        .bind(case_id)
        .bind(&a.item)
        .bind(&a.value_raw)
        .bind(&a.value_normalized)
        .bind(&a.observation_id)
        .bind(a.answered_at)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn delete(tx: &mut Tx, case_id: &str, item: &str) -> Result<(), AppError> {
    on_tx!(tx, |conn| {
        sqlx::query("DELETE FROM intake_answers WHERE case_id = $1 AND item = $2")
            .bind(case_id)
            .bind(item)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Removes one observation an answer had made (a changed or withdrawn answer).
pub async fn delete_observation(tx: &mut Tx, case_id: &str, observation_id: &str) -> Result<(), AppError> {
    tx.changed(case_id);
    on_tx!(tx, |conn| {
        sqlx::query("DELETE FROM observations WHERE case_id = $1 AND id = $2 AND source = 'applicant_answer'")
            .bind(case_id)
            .bind(observation_id)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn record_consent(tx: &mut Tx, case_id: &str, notice_version: &str, now: i64) -> Result<(), AppError> {
    tx.changed(case_id);
    on_tx!(tx, |conn| {
        sqlx::query("UPDATE cases SET consented_at = $2, privacy_notice_version = $3, updated_at = $2 WHERE id = $1")
            .bind(case_id)
            .bind(now)
            .bind(notice_version)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Marks the case submitted; false when it already was (a double click).
/// Locks the case row for the rest of the transaction (a row lock on PostgreSQL; SQLite
/// serializes writers) and says whether the applicant may still change the case: not
/// submitted, link neither revoked nor expired. Every applicant write starts with it, so a
/// slow upload or a second tab cannot add to a case after its submission.
pub async fn lock_open(tx: &mut Tx, case_id: &str, now: i64) -> Result<bool, AppError> {
    let row = on_tx!(tx, |conn| {
        sqlx::query_as::<_, (Option<i64>, Option<i64>, String)>(
            "UPDATE cases SET updated_at = updated_at WHERE id = $1 AND submitted_at IS NULL
             RETURNING link_expires_at, link_revoked_at, status",
        )
        .bind(case_id)
        .fetch_optional(&mut **conn)
        .await
    })?;
    Ok(row.is_some_and(|(expires, revoked, status)| {
        revoked.is_none() && expires.is_some_and(|t| t > now) && status != "expired"
    }))
}

pub async fn mark_submitted(tx: &mut Tx, case_id: &str, now: i64) -> Result<bool, AppError> {
    tx.changed(case_id);
    let n = on_tx!(tx, |conn| {
        sqlx::query("UPDATE cases SET submitted_at = $2, updated_at = $2 WHERE id = $1 AND submitted_at IS NULL")
            .bind(case_id)
            .bind(now)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}
