//! SQL for observations (the stored form of facts and their evidence).

use sqlx::FromRow;

use super::{Observation, Reaction, source_from_str};
use crate::db::{Conn, Tx};
use crate::error::AppError;
use crate::{on_conn, on_tx};

#[derive(FromRow)]
struct ObservationRow {
    id: String,
    fact_id: String,
    value_raw: String,
    value_normalized: String,
    confidence: f64,
    source: String,
    doc_id: Option<String>,
    page_index: Option<i32>,
    char_start: Option<i32>,
    char_end: Option<i32>,
    quote: String,
    method: String,
    reacts_to: Option<String>,
    disputed_at: Option<i64>,
}

impl From<ObservationRow> for Observation {
    fn from(r: ObservationRow) -> Self {
        Observation {
            id: r.id,
            fact_id: r.fact_id,
            value_raw: r.value_raw,
            value_normalized: r.value_normalized,
            confidence: r.confidence,
            source: source_from_str(&r.source),
            doc_id: r.doc_id,
            page_index: r.page_index.map(i64::from),
            char_start: r.char_start.map(i64::from),
            char_end: r.char_end.map(i64::from),
            quote: r.quote,
            method: r.method,
            reacts_to: r.reacts_to.as_deref().and_then(Reaction::parse),
            disputed: r.disputed_at.is_some(),
        }
    }
}

fn narrow(v: Option<i64>) -> Option<i32> {
    v.and_then(|n| i32::try_from(n).ok())
}

pub async fn insert(tx: &mut Tx, case_id: &str, observations: &[Observation], now: i64) -> Result<(), AppError> {
    if !observations.is_empty() {
        tx.changed(case_id);
    }
    for o in observations {
        on_tx!(tx, |conn| {
            sqlx::query(
                "INSERT INTO observations (id, case_id, fact_id, value_raw, value_normalized, confidence, source,
                    doc_id, page_index, char_start, char_end, quote, method, reacts_to, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            )
            .bind(&o.id)
            .bind(case_id)
            .bind(&o.fact_id)
            .bind(&o.value_raw)
            .bind(&o.value_normalized)
            .bind(o.confidence)
            .bind(o.source.as_str())
            .bind(&o.doc_id)
            .bind(narrow(o.page_index))
            .bind(narrow(o.char_start))
            .bind(narrow(o.char_end))
            .bind(&o.quote)
            .bind(&o.method)
            .bind(o.reacts_to.map(Reaction::as_str))
            .bind(now)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

const COLUMNS: &str = "id, fact_id, value_raw, value_normalized, confidence, source, doc_id, page_index, \
     char_start, char_end, quote, method, reacts_to, disputed_at";

/// The columns of an observation `o` joined to another table (a case read), prefixed `o_`.
pub const JOINED_COLUMNS: &str = "o.id AS o_id, o.fact_id AS o_fact_id, o.value_raw AS o_value_raw, \
     o.value_normalized AS o_value_normalized, o.confidence AS o_confidence, o.source AS o_source, \
     o.doc_id AS o_doc_id, o.page_index AS o_page_index, o.char_start AS o_char_start, \
     o.char_end AS o_char_end, o.quote AS o_quote, o.method AS o_method, o.reacts_to AS o_reacts_to, \
     o.disputed_at AS o_disputed_at";

/// An observation read through `JOINED_COLUMNS` of an outer join: all `None` where the row
/// joined none.
#[derive(FromRow)]
pub struct JoinedObservation {
    o_id: Option<String>,
    o_fact_id: Option<String>,
    o_value_raw: Option<String>,
    o_value_normalized: Option<String>,
    o_confidence: Option<f64>,
    o_source: Option<String>,
    o_doc_id: Option<String>,
    o_page_index: Option<i32>,
    o_char_start: Option<i32>,
    o_char_end: Option<i32>,
    o_quote: Option<String>,
    o_method: Option<String>,
    o_reacts_to: Option<String>,
    o_disputed_at: Option<i64>,
}

impl JoinedObservation {
    pub fn into_observation(self) -> Option<Observation> {
        Some(Observation::from(ObservationRow {
            id: self.o_id?,
            fact_id: self.o_fact_id?,
            value_raw: self.o_value_raw?,
            value_normalized: self.o_value_normalized?,
            confidence: self.o_confidence?,
            source: self.o_source?,
            doc_id: self.o_doc_id,
            page_index: self.o_page_index,
            char_start: self.o_char_start,
            char_end: self.o_char_end,
            quote: self.o_quote?,
            method: self.o_method?,
            reacts_to: self.o_reacts_to,
            disputed_at: self.o_disputed_at,
        }))
    }
}

/// Every observation of a case, oldest first.
pub async fn list(conn: impl Into<Conn<'_>>, case_id: &str) -> Result<Vec<Observation>, AppError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM observations WHERE case_id = $1 ORDER BY seq"
    ));
    let rows = on_conn!(conn.into(), |ex| {
        sqlx::query_as::<_, ObservationRow>(sql)
            .bind(case_id)
            .fetch_all(ex)
            .await
    })?;
    Ok(rows.into_iter().map(Observation::from).collect())
}

/// Deletes what a document contributed; returns how many observations went.
pub async fn delete_for_document(tx: &mut Tx, doc_id: &str) -> Result<u64, AppError> {
    let cases = on_tx!(tx, |conn| {
        sqlx::query_scalar::<_, String>("DELETE FROM observations WHERE doc_id = $1 RETURNING case_id")
            .bind(doc_id)
            .fetch_all(&mut **conn)
            .await
    })?;
    for case_id in &cases {
        tx.changed(case_id);
    }
    Ok(cases.len() as u64)
}

/// Marks evidence `evidence_id` of `case_id` disputed by a case handler (keeps the first
/// time); returns whether the case has such evidence.
pub async fn dispute(tx: &mut Tx, case_id: &str, evidence_id: &str, now: i64) -> Result<bool, AppError> {
    tx.changed(case_id);
    let n = on_tx!(tx, |conn| {
        sqlx::query("UPDATE observations SET disputed_at = COALESCE(disputed_at, $3) WHERE case_id = $1 AND id = $2")
            .bind(case_id)
            .bind(evidence_id)
            .bind(now)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(n > 0)
}

/// Every observation of the cases `case_ids` (one query), as (case id, observation), each
/// case's oldest first.
pub async fn list_for_cases(
    conn: impl Into<Conn<'_>>,
    case_ids: &[&str],
) -> Result<Vec<(String, Observation)>, AppError> {
    if case_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=case_ids.len()).map(|i| format!("${i}")).collect();
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT case_id, {COLUMNS} FROM observations WHERE case_id IN ({}) ORDER BY case_id, seq",
        placeholders.join(", ")
    ));
    #[derive(FromRow)]
    struct Row {
        case_id: String,
        #[sqlx(flatten)]
        observation: ObservationRow,
    }
    let rows = on_conn!(conn.into(), |ex| {
        let mut q = sqlx::query_as::<_, Row>(sql);
        for id in case_ids {
            q = q.bind(*id);
        }
        q.fetch_all(ex).await
    })?;
    Ok(rows
        .into_iter()
        .map(|r| (r.case_id, Observation::from(r.observation)))
        .collect())
}
