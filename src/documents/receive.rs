//! Taking a document in: the one way a document enters a case, whether the applicant uploaded
//! it or the processing API fetched it. Its bytes are already in the blob store and its format
//! was sniffed from them where they arrived; this writes its row and `document.uploaded`, in
//! the caller's transaction.

use serde_json::json;

use super::store::{self, NewDocument};
use crate::cases::{EventType, store as case_store};
use crate::db::Tx;
use crate::error::AppError;
use crate::vocab::{self, DocFormat};

/// A document that arrived.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    pub id: &'a str,
    pub case_id: &'a str,
    /// The documents step it was uploaded on; `None` for the processing API's.
    pub step_id: Option<&'a str>,
    /// The name the applicant's file had, if any (shown back, never used as a path).
    pub filename: Option<&'a str>,
    pub format: DocFormat,
    pub byte_size: u64,
    pub sha256: &'a str,
}

/// Records `doc` on its case with its `document.uploaded` event.
pub async fn receive(tx: &mut Tx, doc: &Document<'_>, now: i64) -> Result<(), AppError> {
    let content_type = vocab::content_type(doc.format);
    let row = NewDocument {
        id: doc.id,
        case_id: doc.case_id,
        step_id: doc.step_id,
        filename: doc.filename,
        content_type,
        byte_size: i64::try_from(doc.byte_size).unwrap_or(i64::MAX),
        sha256: doc.sha256,
        now,
    };
    store::insert(tx, &row).await?;
    uploaded(tx, doc, content_type, now).await
}

/// Records the bytes of a document the processing API named at accept (`queued`) and fetched
/// since, with its `document.uploaded` event; false (nothing written) when the document is no
/// longer waiting: it was erased, or an earlier attempt recorded it.
pub async fn fetched(tx: &mut Tx, doc: &Document<'_>, now: i64) -> Result<bool, AppError> {
    let content_type = vocab::content_type(doc.format);
    let size = i64::try_from(doc.byte_size).unwrap_or(i64::MAX);
    if !store::mark_fetched(tx, doc.id, doc.case_id, content_type, size, doc.sha256, now).await? {
        return Ok(false);
    }
    uploaded(tx, doc, content_type, now).await?;
    Ok(true)
}

async fn uploaded(tx: &mut Tx, doc: &Document<'_>, content_type: &str, now: i64) -> Result<(), AppError> {
    let mut data = json!({
        "doc_id": doc.id,
        "content_type": content_type,
        "byte_size": doc.byte_size,
        "sha256": doc.sha256,
    });
    if let Some(step_id) = doc.step_id {
        data["step_id"] = json!(step_id);
    }
    case_store::append_event(tx, doc.case_id, EventType::DocumentUploaded, &data, now)
        .await
        .map(|_| ())
}
