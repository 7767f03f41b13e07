//! Blob storage for original document bytes, on local disk under `<data dir>/blobs`.
//!
//! Files are named by document id (never by a client's file name), written to a temporary
//! name and renamed into place so a reader never sees half a file, and removed on erasure.

use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Blobs {
    root: PathBuf,
}

impl Blobs {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, doc_id: &str) -> Option<PathBuf> {
        // Ids are ours (`doc_` + base62); refuse anything else rather than touch the disk.
        // Files sit in folders named by the id's first two characters, which are random
        // (document ids are `ids::prefixed`, not `ids::sortable`), so folders stay small.
        let valid = doc_id.starts_with("doc_")
            && doc_id.len() <= 64
            && doc_id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        valid.then(|| self.root.join(&doc_id[4..6.min(doc_id.len())]).join(doc_id))
    }

    fn invalid() -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a document id")
    }

    pub async fn put(&self, doc_id: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path(doc_id).ok_or_else(Self::invalid)?;
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        let tmp = path.with_extension(format!("tmp{}", crate::ids::random_hex(4)));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await
    }

    /// Starts writing a blob piece by piece (uploads stream through here, so memory does not
    /// grow with file size). Nothing is visible under `doc_id` until `commit`.
    pub async fn writer(&self, doc_id: &str) -> std::io::Result<BlobWriter> {
        let path = self.path(doc_id).ok_or_else(Self::invalid)?;
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        let tmp = path.with_extension(format!("tmp{}", crate::ids::random_hex(4)));
        let file = tokio::fs::File::create(&tmp).await?;
        Ok(BlobWriter { file, tmp, path })
    }

    pub async fn get(&self, doc_id: &str) -> std::io::Result<Vec<u8>> {
        tokio::fs::read(self.path(doc_id).ok_or_else(Self::invalid)?).await
    }

    /// Removes a blob; a missing blob is not an error (erasure is idempotent).
    pub async fn delete(&self, doc_id: &str) -> std::io::Result<()> {
        match tokio::fs::remove_file(self.path(doc_id).ok_or_else(Self::invalid)?).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Whether the store takes and gives back bytes: a small probe file is written, read and
    /// removed (readiness).
    pub async fn check(&self) -> std::io::Result<()> {
        tokio::fs::create_dir_all(&self.root).await?;
        let probe = self.root.join(format!(".ready-{}", crate::ids::random_hex(8)));
        tokio::fs::write(&probe, b"ready").await?;
        let read = tokio::fs::read(&probe).await;
        let removed = tokio::fs::remove_file(&probe).await;
        if read? != b"ready" {
            return Err(std::io::Error::other("the probe read back differently"));
        }
        removed
    }

    pub async fn exists(&self, doc_id: &str) -> bool {
        match self.path(doc_id) {
            Some(p) => tokio::fs::try_exists(p).await.unwrap_or(false),
            None => false,
        }
    }
}

/// A blob being written; dropped without `commit`, call `discard` to remove the partial file.
pub struct BlobWriter {
    file: tokio::fs::File,
    tmp: PathBuf,
    path: PathBuf,
}

impl BlobWriter {
    pub async fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        use tokio::io::AsyncWriteExt as _;
        self.file.write_all(chunk).await
    }

    /// Flushes and moves the blob into place.
    pub async fn commit(mut self) -> std::io::Result<()> {
        use tokio::io::AsyncWriteExt as _;
        self.file.flush().await?;
        self.file.sync_all().await?;
        drop(self.file);
        tokio::fs::rename(&self.tmp, &self.path).await
    }

    /// Removes the partial file.
    pub async fn discard(self) {
        drop(self.file);
        let _ = tokio::fs::remove_file(&self.tmp).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_documents_spread_over_folders() {
        let blobs = Blobs::new("/blobs");
        let folders: std::collections::HashSet<_> = (0..20)
            .filter_map(|_| {
                blobs
                    .path(&crate::ids::prefixed("doc"))?
                    .parent()
                    .map(std::path::Path::to_path_buf)
            })
            .collect();
        // 20 random ids in one of 3,844 folders each: all in one would be a broken id.
        assert!(folders.len() > 1, "{folders:?}");
    }

    #[tokio::test]
    async fn blobs_round_trip_and_refuse_foreign_names() {
        let dir = tempfile::tempdir().expect("tempdir");
        let blobs = Blobs::new(dir.path());
        blobs.put("doc_abc123", b"%PDF-1.7").await.expect("put");
        assert_eq!(blobs.get("doc_abc123").await.expect("get"), b"%PDF-1.7");
        assert!(blobs.exists("doc_abc123").await);
        blobs.delete("doc_abc123").await.expect("delete");
        blobs.delete("doc_abc123").await.expect("deleting twice is fine");
        assert!(!blobs.exists("doc_abc123").await);
        let mut w = blobs.writer("doc_streamed").await.expect("writer");
        w.write(b"%PDF").await.expect("write");
        assert!(!blobs.exists("doc_streamed").await, "invisible until committed");
        w.write(b"-1.7").await.expect("write");
        w.commit().await.expect("commit");
        assert_eq!(blobs.get("doc_streamed").await.expect("get"), b"%PDF-1.7");
        let mut w = blobs.writer("doc_dropped").await.expect("writer");
        w.write(b"x").await.expect("write");
        w.discard().await;
        assert!(!blobs.exists("doc_dropped").await);
        for bad in ["../etc/passwd", "doc_../../x", "doc_a/b", "x"] {
            assert!(blobs.put(bad, b"x").await.is_err(), "{bad}");
        }
    }
}
