//! Documents: what was received (bytes in the blob store, type checked from the bytes, sha256),
//! their processing status, and the text layer each page yields.

pub mod erase;
pub mod receive;
pub mod routes;
pub mod store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    /// Named by the processing API, waiting to be fetched: no bytes yet.
    Queued,
    /// Stored, waiting to be read.
    Received,
    Processed,
    Failed,
    /// Kept as received with nothing to read (photos of the damage, say).
    Stored,
}

impl DocStatus {
    /// Not read yet: a case with such a document is still being processed.
    pub fn pending(self) -> bool {
        matches!(self, DocStatus::Queued | DocStatus::Received)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Queued => "queued",
            DocStatus::Received => "received",
            DocStatus::Processed => "processed",
            DocStatus::Failed => "failed",
            DocStatus::Stored => "stored",
        }
    }
}

impl std::fmt::Display for DocStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for DocStatus {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.as_str() {
            "queued" => Ok(DocStatus::Queued),
            "received" => Ok(DocStatus::Received),
            "processed" => Ok(DocStatus::Processed),
            "failed" => Ok(DocStatus::Failed),
            "stored" => Ok(DocStatus::Stored),
            _ => Err(format!("unknown document status {s:?}")),
        }
    }
}
