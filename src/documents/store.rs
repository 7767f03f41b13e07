//! SQL for documents and their pages. Reads are scoped through the case's organization and
//! environment.

use sqlx::FromRow;

use super::DocStatus;
use crate::db::{Conn, Db, Tx};
use crate::error::AppError;
use crate::extract::Classified;
use crate::orgs::Environment;
use crate::pdf::TextLayer;
use crate::{on_conn, on_db, on_tx};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct DocumentRow {
    pub id: String,
    pub case_id: String,
    pub step_id: Option<String>,
    pub filename: Option<String>,
    pub content_type: String,
    pub byte_size: i64,
    pub sha256: String,
    pub page_count: Option<i32>,
    #[sqlx(try_from = "String")]
    pub status: DocStatus,
    pub failure_reason: Option<String>,
    /// The kind of document the reader took it for (`extract::DocKind`), once read.
    pub kind: Option<String>,
    pub kind_confidence: Option<f64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "d.id, d.case_id, d.step_id, d.filename, d.content_type, d.byte_size, d.sha256, d.page_count, \
     d.status, d.failure_reason, d.kind, d.kind_confidence, d.created_at, d.updated_at";

pub struct NewDocument<'a> {
    pub id: &'a str,
    pub case_id: &'a str,
    pub step_id: Option<&'a str>,
    pub filename: Option<&'a str>,
    pub content_type: &'a str,
    pub byte_size: i64,
    pub sha256: &'a str,
    pub now: i64,
}

pub async fn insert(tx: &mut Tx, d: &NewDocument<'_>) -> Result<(), AppError> {
    tx.changed(d.case_id);
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO documents (id, case_id, step_id, filename, content_type, byte_size, sha256, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        )
        .bind(d.id)
        .bind(d.case_id)
        .bind(d.step_id)
        .bind(d.filename)
        .bind(d.content_type)
        .bind(d.byte_size)
        .bind(d.sha256)
        .bind(DocStatus::Received.as_str())
        .bind(d.now)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Names a document the processing API will fetch: its row, `queued`, with no type, size or
/// checksum until the bytes arrive ([`mark_fetched`]). Listed on its case from now on, and
/// erasable like any other.
pub async fn insert_queued(tx: &mut Tx, doc_id: &str, case_id: &str, now: i64) -> Result<(), AppError> {
    tx.changed(case_id);
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO documents (id, case_id, content_type, byte_size, sha256, status, created_at, updated_at)
             VALUES ($1, $2, '', 0, '', $3, $4, $4)",
        )
        .bind(doc_id)
        .bind(case_id)
        .bind(DocStatus::Queued.as_str())
        .bind(now)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Records the fetched bytes of a `queued` document; false when it is no longer queued (it was
/// erased meanwhile, or an earlier attempt recorded it).
pub async fn mark_fetched(
    tx: &mut Tx,
    doc_id: &str,
    case_id: &str,
    content_type: &str,
    byte_size: i64,
    sha256: &str,
    now: i64,
) -> Result<bool, AppError> {
    tx.changed(case_id);
    let n = on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE documents SET content_type = $2, byte_size = $3, sha256 = $4, status = $5, updated_at = $6
             WHERE id = $1 AND status = $7",
        )
        .bind(doc_id)
        .bind(content_type)
        .bind(byte_size)
        .bind(sha256)
        .bind(DocStatus::Received.as_str())
        .bind(now)
        .bind(DocStatus::Queued.as_str())
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// A document of this organization and environment.
pub async fn find(db: &Db, org_id: &str, env: Environment, doc_id: &str) -> Result<Option<DocumentRow>, AppError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM documents d JOIN cases c ON c.id = d.case_id
         WHERE d.id = $1 AND c.org_id = $2 AND c.environment = $3"
    ));
    let row = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, DocumentRow>(sql)
                .bind(doc_id)
                .bind(org_id)
                .bind(env.as_str())
                .fetch_optional(pool)
                .await
        }
    )?;
    Ok(row)
}

/// A document by id alone, for background jobs that already hold its case.
pub async fn get(conn: impl Into<Conn<'_>>, doc_id: &str) -> Result<Option<DocumentRow>, AppError> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM documents d WHERE d.id = $1"));
    let row = on_conn!(conn.into(), |ex| {
        sqlx::query_as::<_, DocumentRow>(sql)
            .bind(doc_id)
            .fetch_optional(ex)
            .await
    })?;
    Ok(row)
}

/// A case's documents, oldest first (inside a transaction after `intake::store::lock_open`,
/// an exact view of the case).
pub async fn list_for_case(conn: impl Into<Conn<'_>>, case_id: &str) -> Result<Vec<DocumentRow>, AppError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM documents d WHERE d.case_id = $1 ORDER BY d.created_at, d.id"
    ));
    let rows = on_conn!(conn.into(), |ex| {
        sqlx::query_as::<_, DocumentRow>(sql).bind(case_id).fetch_all(ex).await
    })?;
    Ok(rows)
}

/// Records a read document: its pages (each with how it was read), its kind and status.
pub async fn mark_processed(
    tx: &mut Tx,
    doc_id: &str,
    layer: &TextLayer,
    kind: Option<Classified>,
    now: i64,
) -> Result<(), AppError> {
    for page in &layer.pages {
        let boxes: Vec<[f32; 4]> = page
            .boxes
            .iter()
            .map(|b| b.map(|v| (v * 100.0).round() / 100.0))
            .collect();
        let boxes = serde_json::to_string(&boxes).map_err(AppError::internal)?;
        let index = i32::try_from(page.index).map_err(AppError::internal)?;
        on_tx!(tx, |conn| {
            sqlx::query(
                "INSERT INTO document_pages (doc_id, page_index, method, width, height, text, boxes)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(doc_id)
            .bind(index)
            .bind(page.method.as_str())
            .bind(f64::from(page.width))
            .bind(f64::from(page.height))
            .bind(&page.text)
            .bind(&boxes)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected())
        })?;
    }
    let pages = i32::try_from(layer.pages.len()).unwrap_or(i32::MAX);
    let version = i32::try_from(layer.assembler_version).unwrap_or(i32::MAX);
    on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE documents SET status = $2, page_count = $3, assembler_version = $4, failure_reason = NULL, updated_at = $5,
                 kind = $6, kind_confidence = $7
             WHERE id = $1",
        )
        .bind(doc_id)
        .bind(DocStatus::Processed.as_str())
        .bind(pages)
        .bind(version)
        .bind(now)
        .bind(kind.map(|k| k.kind.as_str()))
        .bind(kind.map(|k| k.confidence))
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// A document that is kept but not read.
pub async fn mark_stored(tx: &mut Tx, doc_id: &str, now: i64) -> Result<(), AppError> {
    on_tx!(tx, |conn| {
        sqlx::query("UPDATE documents SET status = $2, updated_at = $3 WHERE id = $1")
            .bind(doc_id)
            .bind(DocStatus::Stored.as_str())
            .bind(now)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn mark_failed(tx: &mut Tx, doc_id: &str, reason: &str, now: i64) -> Result<(), AppError> {
    on_tx!(tx, |conn| {
        sqlx::query("UPDATE documents SET status = $2, failure_reason = $3, updated_at = $4 WHERE id = $1")
            .bind(doc_id)
            .bind(DocStatus::Failed.as_str())
            .bind(reason)
            .bind(now)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct PageRow {
    pub page_index: i32,
    pub method: String,
    pub text: String,
}

pub async fn pages(db: &Db, doc_id: &str) -> Result<Vec<PageRow>, AppError> {
    let rows = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, PageRow>(
                "SELECT page_index, method, text FROM document_pages WHERE doc_id = $1 ORDER BY page_index",
            )
            .bind(doc_id)
            .fetch_all(pool)
            .await
        }
    )?;
    Ok(rows)
}

/// A page's size and per-character boxes (JSON), for drawing evidence on its image.
pub async fn page_geometry(db: &Db, doc_id: &str, page_index: i32) -> Result<Option<(f32, f32, String)>, AppError> {
    let row: Option<(f64, f64, String)> = on_db!(
        db,
        read | pool | {
            sqlx::query_as("SELECT width, height, boxes FROM document_pages WHERE doc_id = $1 AND page_index = $2")
                .bind(doc_id)
                .bind(page_index)
                .fetch_optional(pool)
                .await
        }
    )?;
    Ok(row.map(|(w, h, b)| (w as f32, h as f32, b)))
}

/// Deletes the document row and its pages (observations go first, through facts::store).
pub async fn delete(tx: &mut Tx, doc_id: &str) -> Result<u64, AppError> {
    on_tx!(tx, |conn| {
        sqlx::query("DELETE FROM document_pages WHERE doc_id = $1")
            .bind(doc_id)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected())
    })?;
    let case_id = on_tx!(tx, |conn| {
        sqlx::query_scalar::<_, String>("DELETE FROM documents WHERE id = $1 RETURNING case_id")
            .bind(doc_id)
            .fetch_optional(&mut **conn)
            .await
    })?;
    if let Some(case_id) = &case_id {
        tx.changed(case_id);
    }
    Ok(u64::from(case_id.is_some()))
}

/// One audit record: ids and counts only, never document text.
pub struct Audit<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub environment: Environment,
    pub actor: &'a str,
    pub action: &'a str,
    pub resource_id: &'a str,
    pub details: &'a serde_json::Value,
}

pub async fn insert_audit(tx: &mut Tx, a: &Audit<'_>, now: i64) -> Result<(), AppError> {
    crate::on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO audit_records (id, org_id, environment, actor, action, resource_id, details, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(a.id)
        .bind(a.org_id)
        .bind(a.environment.as_str())
        .bind(a.actor)
        .bind(a.action)
        .bind(a.resource_id)
        .bind(a.details.to_string())
        .bind(now)
        .execute(&mut **conn)
        .await
        .map(|_| ())
    })?;
    Ok(())
}
