//! Cookie sessions for the applicant and handler pages, stored in our database.
//!
//! A signed link is exchanged for one of these (see `intake::engine::open_link` and `intake::routes::open_link`), so the token
//! never stays in the address bar. The record is tower-sessions' JSON map; the cookie holds only
//! the random session id. Every instance on the same database shares them, and expired rows
//! are removed by the maintenance loop.

use async_trait::async_trait;
use time::OffsetDateTime;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::db::Db;
use crate::on_db;

/// How long a cookie session lives without use.
pub const IDLE_HOURS: i64 = 24;

#[derive(Debug, Clone)]
pub struct DbStore {
    db: Db,
}

impl DbStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

/// The layer the page routers use: our store, `HttpOnly`, `SameSite=Lax`, `Secure` when the
/// public URL is https.
pub fn layer(db: Db, secure: bool) -> SessionManagerLayer<DbStore> {
    SessionManagerLayer::new(DbStore::new(db))
        .with_name("klarefi_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(IDLE_HOURS)))
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn expiry_ms(record: &Record) -> i64 {
    i64::try_from(record.expiry_date.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

fn encode(record: &Record) -> session_store::Result<String> {
    serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))
}

#[async_trait]
impl SessionStore for DbStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let data = encode(record)?;
        // A colliding random id is astronomically unlikely; if it happens, draw again.
        for _ in 0..8 {
            let id = record.id.to_string();
            let inserted = on_db!(&self.db, write |pool| {
                sqlx::query("INSERT INTO web_sessions (id, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING")
                    .bind(&id)
                    .bind(&data)
                    .bind(expiry_ms(record))
                    .execute(pool)
                    .await
                    .map(|r| r.rows_affected())
            })
            .map_err(backend)?;
            if inserted == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
        Err(backend("no free session id"))
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = encode(record)?;
        on_db!(
            &self.db,
            write | pool | {
                sqlx::query(
                    "INSERT INTO web_sessions (id, data, expires_at) VALUES ($1, $2, $3)
                 ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
                )
                .bind(record.id.to_string())
                .bind(&data)
                .bind(expiry_ms(record))
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
            }
        )
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = crate::ids::now_ms();
        let row: Option<(String, i64)> = on_db!(
            &self.db,
            read | pool | {
                sqlx::query_as("SELECT data, expires_at FROM web_sessions WHERE id = $1 AND expires_at > $2")
                    .bind(id.to_string())
                    .bind(now)
                    .fetch_optional(pool)
                    .await
            }
        )
        .map_err(backend)?;
        let Some((data, expires_at)) = row else {
            return Ok(None);
        };
        let data = serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp_nanos(i128::from(expires_at) * 1_000_000)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        on_db!(
            &self.db,
            write | pool | {
                sqlx::query("DELETE FROM web_sessions WHERE id = $1")
                    .bind(id.to_string())
                    .execute(pool)
                    .await
                    .map(|r| r.rows_affected())
            }
        )
        .map_err(backend)?;
        Ok(())
    }
}

/// Removes expired sessions; returns how many.
pub async fn prune(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    on_db!(
        db,
        write | pool | {
            sqlx::query("DELETE FROM web_sessions WHERE expires_at <= $1")
                .bind(now)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        }
    )
}
