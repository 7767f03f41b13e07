//! Blob storage for original document bytes: a local folder (`<data dir>/blobs`, the default)
//! or an S3-compatible bucket, chosen by `KLAREFI_BLOB_URL` (`config::BlobUrl`).
//!
//! Blobs are named by document id (never by a client's file name) and nothing is visible under
//! an id until it is whole: in the folder a file is written to a temporary name and renamed
//! into place; in a bucket small blobs are one `PUT` and large ones a multipart upload that
//! only appears when completed. Uploads stream both ways, so memory does not grow with file
//! size. Every request to a bucket carries the SHA-256 of its bytes, which the store checks,
//! and has a timeout and bounded retries. Erasure removes the blob and then proves it: a read
//! afterwards must find nothing.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use object_store::aws::{AmazonS3, AmazonS3Builder, Checksum};
use object_store::path::Path as Key;
use object_store::{
    BackoffConfig, ClientOptions, ObjectStoreExt as _, PutPayload, PutPayloadMut, RetryConfig, WriteMultipart,
};

use crate::config::{BlobUrl, Payload};

/// Blobs up to this size go to a bucket as one `PUT`; above it, as a multipart upload in parts
/// of this size (S3 needs parts of at least 5 MiB).
pub const MULTIPART_THRESHOLD: usize = 8 * 1024 * 1024;
/// Parts of one multipart upload in flight at once (bounds memory: about this many parts, plus
/// the one being filled).
const PARTS_IN_FLIGHT: usize = 2;

/// A blob's bytes, chunk by chunk ([`Blobs::stream`]).
pub type ByteStream = std::pin::Pin<Box<dyn futures_util::Stream<Item = std::io::Result<bytes::Bytes>> + Send>>;

#[derive(Debug, Clone)]
pub struct Blobs {
    backend: Backend,
}

#[derive(Debug, Clone)]
enum Backend {
    Folder(PathBuf),
    Bucket { store: Arc<AmazonS3>, prefix: String },
}

/// Ids are ours (`doc_` + base62); anything else is refused before any storage is touched.
fn valid(doc_id: &str) -> bool {
    doc_id.starts_with("doc_")
        && doc_id.len() > 6
        && doc_id.len() <= 64
        && doc_id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn invalid() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a document id")
}

/// A store error as an I/O error; a missing object is `NotFound`, like a missing file.
fn io(e: object_store::Error) -> std::io::Error {
    match e {
        object_store::Error::NotFound { .. } => std::io::Error::new(std::io::ErrorKind::NotFound, e),
        other => std::io::Error::other(other),
    }
}

impl Blobs {
    /// Blobs in a local folder.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            backend: Backend::Folder(root.into()),
        }
    }

    /// Blobs where `url` says. A bucket takes its credentials from the usual AWS environment
    /// variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`); nothing is
    /// contacted here (readiness does that).
    pub fn open(url: &BlobUrl) -> std::io::Result<Self> {
        let (bucket, prefix, endpoint, region, payload) = match url {
            BlobUrl::Folder(root) => return Ok(Self::new(root.clone())),
            BlobUrl::S3 {
                bucket,
                prefix,
                endpoint,
                region,
                payload,
            } => (bucket, prefix, endpoint, region, *payload),
        };
        let client = ClientOptions::new()
            .with_connect_timeout(Duration::from_secs(5))
            .with_timeout(Duration::from_secs(60));
        let retry = RetryConfig {
            backoff: BackoffConfig::default(),
            max_retries: 3,
            retry_timeout: Duration::from_secs(120),
        };
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .with_client_options(client)
            .with_retry(retry);
        builder = match payload {
            Payload::Signed => builder.with_checksum_algorithm(Checksum::SHA256),
            Payload::Unsigned => builder
                .with_unsigned_payload(true)
                .with_checksum_algorithm(Checksum::CRC64NVME),
        };
        if let Some(endpoint) = endpoint {
            builder = builder
                .with_allow_http(endpoint.starts_with("http://"))
                .with_endpoint(endpoint)
                .with_virtual_hosted_style_request(false);
        }
        if let Some(region) = region {
            builder = builder.with_region(region);
        }
        let store = builder.build().map_err(io)?;
        Ok(Self {
            backend: Backend::Bucket {
                store: Arc::new(store),
                prefix: prefix.trim_matches('/').to_string(),
            },
        })
    }

    /// Where the blobs are, for logs: the folder, or the bucket and prefix (no credentials).
    pub fn describe(&self) -> String {
        match &self.backend {
            Backend::Folder(root) => format!("folder {}", root.display()),
            Backend::Bucket { store, prefix } => format!("{store} prefix {prefix:?}"),
        }
    }

    fn path(&self, doc_id: &str) -> Option<PathBuf> {
        // Files sit in folders named by the id's first two characters, which are random
        // (document ids are `ids::prefixed`, not `ids::sortable`), so folders stay small.
        match &self.backend {
            Backend::Folder(root) if valid(doc_id) => Some(root.join(&doc_id[4..6]).join(doc_id)),
            _ => None,
        }
    }

    /// The object key of `doc_id` under `prefix`, spread like the folder's files.
    fn key(prefix: &str, doc_id: &str) -> Option<Key> {
        valid(doc_id).then(|| {
            let name = format!("{}/{doc_id}", &doc_id[4..6]);
            if prefix.is_empty() {
                Key::from(name)
            } else {
                Key::from(format!("{prefix}/{name}"))
            }
        })
    }

    pub async fn put(&self, doc_id: &str, bytes: &[u8]) -> std::io::Result<()> {
        match &self.backend {
            Backend::Folder(_) => {
                let path = self.path(doc_id).ok_or_else(invalid)?;
                if let Some(dir) = path.parent() {
                    tokio::fs::create_dir_all(dir).await?;
                }
                let tmp = path.with_extension(format!("tmp{}", crate::ids::random_hex(4)));
                tokio::fs::write(&tmp, bytes).await?;
                tokio::fs::rename(&tmp, &path).await
            }
            Backend::Bucket { .. } => {
                let mut w = self.writer(doc_id).await?;
                if let Err(e) = w.write(bytes::Bytes::copy_from_slice(bytes)).await {
                    w.discard().await;
                    return Err(e);
                }
                w.commit().await
            }
        }
    }

    /// Starts writing a blob piece by piece (uploads stream through here, so memory does not
    /// grow with file size). Nothing is visible under `doc_id` until `commit`.
    pub async fn writer(&self, doc_id: &str) -> std::io::Result<BlobWriter> {
        match &self.backend {
            Backend::Folder(_) => {
                let path = self.path(doc_id).ok_or_else(invalid)?;
                if let Some(dir) = path.parent() {
                    tokio::fs::create_dir_all(dir).await?;
                }
                let tmp = path.with_extension(format!("tmp{}", crate::ids::random_hex(4)));
                let file = tokio::fs::File::create(&tmp).await?;
                Ok(BlobWriter(Writer::Folder { file, tmp, path }))
            }
            Backend::Bucket { store, prefix } => Ok(BlobWriter(Writer::Bucket {
                store: store.clone(),
                key: Self::key(prefix, doc_id).ok_or_else(invalid)?,
                buffer: PutPayloadMut::new(),
                upload: None,
            })),
        }
    }

    pub async fn get(&self, doc_id: &str) -> std::io::Result<Vec<u8>> {
        match &self.backend {
            Backend::Folder(_) => tokio::fs::read(self.path(doc_id).ok_or_else(invalid)?).await,
            Backend::Bucket { store, prefix } => {
                let key = Self::key(prefix, doc_id).ok_or_else(invalid)?;
                let bytes = store.get(&key).await.map_err(io)?.bytes().await.map_err(io)?;
                Ok(bytes.to_vec())
            }
        }
    }

    /// A blob's bytes as a stream of chunks (64 KiB from the folder, as they arrive from a
    /// bucket), for a download that is never held whole in memory. A missing blob is
    /// `NotFound` here, before the first chunk; a failure later ends the stream with an error.
    pub async fn stream(&self, doc_id: &str) -> std::io::Result<ByteStream> {
        use futures_util::StreamExt as _;
        match &self.backend {
            Backend::Folder(_) => {
                let file = tokio::fs::File::open(self.path(doc_id).ok_or_else(invalid)?).await?;
                let chunks = futures_util::stream::try_unfold(file, |mut file| async move {
                    let mut chunk = vec![0u8; 64 * 1024];
                    let n = tokio::io::AsyncReadExt::read(&mut file, &mut chunk).await?;
                    if n == 0 {
                        return Ok(None);
                    }
                    chunk.truncate(n);
                    Ok(Some((bytes::Bytes::from(chunk), file)))
                });
                Ok(Box::pin(chunks))
            }
            Backend::Bucket { store, prefix } => {
                let key = Self::key(prefix, doc_id).ok_or_else(invalid)?;
                let got = store.get(&key).await.map_err(io)?;
                Ok(Box::pin(got.into_stream().map(|chunk| chunk.map_err(io))))
            }
        }
    }

    /// Removes a blob; a missing blob is not an error (erasure is idempotent). From a bucket
    /// the object is deleted and then looked up again: anything but "not found" is an error,
    /// so an erasure that did not take is never reported as done.
    pub async fn delete(&self, doc_id: &str) -> std::io::Result<()> {
        match &self.backend {
            Backend::Folder(_) => match tokio::fs::remove_file(self.path(doc_id).ok_or_else(invalid)?).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
            Backend::Bucket { store, prefix } => {
                let key = Self::key(prefix, doc_id).ok_or_else(invalid)?;
                match store.delete(&key).await {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                    Err(e) => return Err(io(e)),
                }
                match store.head(&key).await {
                    Err(object_store::Error::NotFound { .. }) => Ok(()),
                    Err(e) => Err(io(e)),
                    Ok(_) => Err(std::io::Error::other("the blob is still readable after its deletion")),
                }
            }
        }
    }

    /// Whether the store takes and gives back bytes: a small probe is written, read and
    /// removed (readiness).
    pub async fn check(&self) -> std::io::Result<()> {
        let probe = format!(".ready-{}", crate::ids::random_hex(8));
        let read = match &self.backend {
            Backend::Folder(root) => {
                tokio::fs::create_dir_all(root).await?;
                let probe = root.join(probe);
                tokio::fs::write(&probe, b"ready").await?;
                let read = tokio::fs::read(&probe).await;
                tokio::fs::remove_file(&probe).await?;
                read?
            }
            Backend::Bucket { store, prefix } => {
                let key = if prefix.is_empty() {
                    Key::from(probe)
                } else {
                    Key::from(format!("{prefix}/{probe}"))
                };
                store.put(&key, PutPayload::from_static(b"ready")).await.map_err(io)?;
                let read = match store.get(&key).await {
                    Ok(got) => got.bytes().await.map_err(io),
                    Err(e) => Err(io(e)),
                };
                store.delete(&key).await.map_err(io)?;
                read?.to_vec()
            }
        };
        if read != b"ready" {
            return Err(std::io::Error::other("the probe read back differently"));
        }
        Ok(())
    }

    pub async fn exists(&self, doc_id: &str) -> bool {
        match &self.backend {
            Backend::Folder(_) => match self.path(doc_id) {
                Some(p) => tokio::fs::try_exists(p).await.unwrap_or(false),
                None => false,
            },
            Backend::Bucket { store, prefix } => match Self::key(prefix, doc_id) {
                Some(key) => store.head(&key).await.is_ok(),
                None => false,
            },
        }
    }
}

/// A blob being written; dropped without `commit`, call `discard` to remove what was written.
pub struct BlobWriter(Writer);

enum Writer {
    Folder {
        file: tokio::fs::File,
        tmp: PathBuf,
        path: PathBuf,
    },
    /// Chunks are gathered up to `MULTIPART_THRESHOLD`; past it a multipart upload starts and
    /// takes them part by part. Chunks are kept as they arrived, never copied into a part buffer.
    Bucket {
        store: Arc<AmazonS3>,
        key: Key,
        buffer: PutPayloadMut,
        upload: Option<WriteMultipart>,
    },
}

impl BlobWriter {
    /// Takes the next chunk. A bucket keeps the chunk itself until its part is sent (no copy:
    /// an upload's chunks are the request body's own buffers).
    pub async fn write(&mut self, chunk: bytes::Bytes) -> std::io::Result<()> {
        match &mut self.0 {
            Writer::Folder { file, .. } => {
                use tokio::io::AsyncWriteExt as _;
                file.write_all(&chunk).await
            }
            Writer::Bucket {
                store,
                key,
                buffer,
                upload,
            } => {
                if upload.is_none() && buffer.content_length() + chunk.len() <= MULTIPART_THRESHOLD {
                    buffer.push(chunk);
                    return Ok(());
                }
                let parts = match upload {
                    Some(parts) => parts,
                    None => {
                        let started = store.put_multipart(key).await.map_err(io)?;
                        let mut parts = WriteMultipart::new_with_chunk_size(started, MULTIPART_THRESHOLD);
                        for gathered in std::mem::take(buffer).freeze() {
                            parts.put(gathered);
                        }
                        upload.insert(parts)
                    }
                };
                // Waits while enough parts are on their way, so a fast client cannot fill memory.
                parts.wait_for_capacity(PARTS_IN_FLIGHT).await.map_err(io)?;
                parts.put(chunk);
                Ok(())
            }
        }
    }

    /// Flushes and makes the blob visible under its id.
    pub async fn commit(self) -> std::io::Result<()> {
        match self.0 {
            Writer::Folder { mut file, tmp, path } => {
                use tokio::io::AsyncWriteExt as _;
                file.flush().await?;
                file.sync_all().await?;
                drop(file);
                tokio::fs::rename(&tmp, &path).await
            }
            Writer::Bucket {
                store,
                key,
                buffer,
                upload,
            } => match upload {
                Some(parts) => parts.finish().await.map(drop).map_err(io),
                None => store.put(&key, buffer.freeze()).await.map(drop).map_err(io),
            },
        }
    }

    /// Removes what was written (a partial file, or an unfinished multipart upload).
    pub async fn discard(self) {
        match self.0 {
            Writer::Folder { file, tmp, .. } => {
                drop(file);
                let _ = tokio::fs::remove_file(&tmp).await;
            }
            Writer::Bucket {
                upload: Some(parts), ..
            } => {
                if let Err(e) = parts.abort().await {
                    tracing::warn!(error = %e, "could not abort an unfinished multipart upload");
                }
            }
            // Nothing reached the bucket yet: dropping the buffer is all.
            Writer::Bucket { upload: None, .. } => {}
        }
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
        w.write(bytes::Bytes::from_static(b"%PDF")).await.expect("write");
        assert!(!blobs.exists("doc_streamed").await, "invisible until committed");
        w.write(bytes::Bytes::from_static(b"-1.7")).await.expect("write");
        w.commit().await.expect("commit");
        assert_eq!(blobs.get("doc_streamed").await.expect("get"), b"%PDF-1.7");
        let mut w = blobs.writer("doc_dropped").await.expect("writer");
        w.write(bytes::Bytes::from_static(b"x")).await.expect("write");
        w.discard().await;
        assert!(!blobs.exists("doc_dropped").await);
        for bad in ["../etc/passwd", "doc_../../x", "doc_a/b", "x"] {
            assert!(blobs.put(bad, b"x").await.is_err(), "{bad}");
        }
    }
}
