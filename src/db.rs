//! The database: SQLite or PostgreSQL behind one `Db`, chosen by the URL scheme.
//!
//! Owns connecting, tuning, migrating, and the two macros every `store.rs` uses to run one
//! query body on whichever pool is live. SQL is written once with `$N` placeholders, which both
//! backends accept; where the dialects really differ, a store writes both arms side by side.
//! SQLite writes go through a single writer connection that opens its transactions with
//! `BEGIN IMMEDIATE`, so two writers never deadlock upgrading a read lock; reads use a pool,
//! and a connection of its own checkpoints the write-ahead log in the background.
//! Timestamps are unix milliseconds (`BIGINT`) and JSON is text on both backends.
//!
//! A commit can tell the rest of the instance what it changed, without this layer knowing
//! what that means: a transaction marks the keys it changed (`Tx::changed`), which a
//! registered [`ChangeListener`] hears around the `COMMIT` (the case cache, `cases::cache`),
//! and names the signals to raise once it has committed (`Tx::signal`; the webhook outbox's
//! "deliveries queued", `outbox`). Both are wired at start-up (`app`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use tokio::sync::Notify;

/// A pooled PostgreSQL connection idle for longer than this is pinged before it is handed out.
const PING_IF_IDLE_FOR: Duration = Duration::from_secs(10);

/// Connections an instance keeps open to PostgreSQL; a LISTEN connection (the case cache's) is
/// one of them.
pub const PG_CONNECTIONS: u32 = 16;

#[derive(Clone, Debug)]
pub struct Db {
    pub pools: Pools,
    hooks: Arc<Hooks>,
}

/// What commits tell: shared by every clone of a `Db`, filled in at start-up.
#[derive(Default)]
struct Hooks {
    listener: RwLock<Option<Arc<dyn ChangeListener>>>,
    signals: Mutex<HashMap<&'static str, Arc<Notify>>>,
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks").finish_non_exhaustive()
    }
}

/// Hears which keys a transaction changed, around its `COMMIT`.
pub trait ChangeListener: Send + Sync {
    /// Called just before the `COMMIT` of a transaction that marked `changed`; the returned
    /// guard is told [`Held::committed`] once the `COMMIT` took effect, and is dropped without
    /// that when it failed or was cancelled.
    fn hold(&self, changed: Vec<String>) -> Box<dyn Held>;
}

/// What a [`ChangeListener`] keeps while a `COMMIT` is under way.
pub trait Held: Send {
    /// The `COMMIT` took effect.
    fn committed(self: Box<Self>);
}

#[derive(Clone, Debug)]
pub enum Pools {
    Sqlite { read: SqlitePool, write: SqlitePool },
    Postgres(PgPool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs `$body` with `$pool` bound to the live pool (the writer pool on SQLite when `write`).
///
/// ```ignore
/// let n: i64 = on_db!(db, read |pool| sqlx::query_scalar("SELECT 1").fetch_one(pool).await)?;
/// ```
#[macro_export]
macro_rules! on_db {
    ($db:expr, read |$pool:ident| $body:expr) => {
        match &$db.pools {
            $crate::db::Pools::Sqlite { read: $pool, .. } => $body,
            $crate::db::Pools::Postgres($pool) => $body,
        }
    };
    ($db:expr, write |$pool:ident| $body:expr) => {
        match &$db.pools {
            $crate::db::Pools::Sqlite { write: $pool, .. } => $body,
            $crate::db::Pools::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` with `$conn` bound to the open transaction of a `Tx` (a
/// `&mut Transaction`; pass `&mut **$conn` to queries).
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match &mut $tx.conn {
            $crate::db::TxConn::Sqlite($conn) => $body,
            $crate::db::TxConn::Postgres($conn) => $body,
        }
    };
}

/// Runs `$body` with `$ex` bound to an executor for a [`Conn`]: the read pool, or the open
/// transaction (pass `$ex` to queries as it is).
///
/// ```ignore
/// let rows = on_conn!(conn.into(), |ex| sqlx::query_as(SQL).bind(id).fetch_all(ex).await)?;
/// ```
#[macro_export]
macro_rules! on_conn {
    ($conn:expr, |$ex:ident| $body:expr) => {
        match $conn {
            $crate::db::Conn::Db(db) => match &db.pools {
                $crate::db::Pools::Sqlite { read: $ex, .. } => $body,
                $crate::db::Pools::Postgres($ex) => $body,
            },
            $crate::db::Conn::Tx(tx) => match &mut tx.conn {
                $crate::db::TxConn::Sqlite(c) => {
                    let $ex = &mut **c;
                    $body
                }
                $crate::db::TxConn::Postgres(c) => {
                    let $ex = &mut **c;
                    $body
                }
            },
        }
    };
}

/// Where a read runs: the pool (SQLite's readers), or an open transaction, whose own writes
/// and locks it then sees. Every read function takes `impl Into<Conn>`, so one function serves
/// both (`list(&db, …)`, `list(&mut tx, …)`).
pub enum Conn<'a> {
    Db(&'a Db),
    Tx(&'a mut Tx),
}

impl Conn<'_> {
    /// The same place again, for one more read.
    pub fn reborrow(&mut self) -> Conn<'_> {
        match self {
            Conn::Db(db) => Conn::Db(db),
            Conn::Tx(tx) => Conn::Tx(tx),
        }
    }
}

impl<'a> From<&'a Db> for Conn<'a> {
    fn from(db: &'a Db) -> Self {
        Conn::Db(db)
    }
}

impl<'a> From<&'a mut Tx> for Conn<'a> {
    fn from(tx: &'a mut Tx) -> Self {
        Conn::Tx(tx)
    }
}

/// An open transaction on either backend. Dropping it without `commit` rolls back, so an
/// early `?` return never leaves half a state change behind.
pub struct Tx {
    pub conn: TxConn,
    /// The keys (case ids) this transaction changes, for the [`ChangeListener`].
    changed: Vec<String>,
    /// The signals to raise once this transaction has committed.
    signals: Vec<&'static str>,
    hooks: Arc<Hooks>,
}

pub enum TxConn {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Tx {
    pub fn backend(&self) -> Backend {
        match self.conn {
            TxConn::Sqlite(_) => Backend::Sqlite,
            TxConn::Postgres(_) => Backend::Postgres,
        }
    }

    /// Records that this transaction changes what `GET /api/v1/cases/{case_id}` shows: the
    /// case row, which documents it has, or its observations. Every store function that writes
    /// one of those calls it (a document's status is not part of the view).
    pub fn changed(&mut self, case_id: &str) {
        if !self.changed.iter().any(|c| c == case_id) {
            self.changed.push(case_id.to_string());
        }
    }

    /// Raises the signal `name` ([`Db::signal`]) once this transaction has committed.
    pub fn signal(&mut self, name: &'static str) {
        if !self.signals.contains(&name) {
            self.signals.push(name);
        }
    }

    /// Commits. The listener holds the changed keys from just before the `COMMIT` until it has
    /// taken effect (the case cache keeps them out, so no reader on this instance caches or is
    /// served the state it replaces). That part runs as a task of its own, so a caller dropped
    /// mid-commit (a client that went away) cannot end the hold early while the `COMMIT` still
    /// lands. Then the signals are raised.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        let Tx {
            conn,
            changed,
            signals,
            hooks,
        } = self;
        let listener = hooks.listener.read().unwrap_or_else(PoisonError::into_inner).clone();
        match listener {
            Some(listener) if !changed.is_empty() => {
                tokio::spawn(async move {
                    let held = listener.hold(changed);
                    conn.commit().await?;
                    held.committed();
                    Ok::<_, sqlx::Error>(())
                })
                .await
                .map_err(|err| sqlx::Error::Io(std::io::Error::other(err)))??;
            }
            _ => conn.commit().await?,
        }
        for name in signals {
            hooks.signal(name).notify_one();
        }
        Ok(())
    }
}

impl Hooks {
    fn signal(&self, name: &'static str) -> Arc<Notify> {
        let mut signals = self.signals.lock().unwrap_or_else(PoisonError::into_inner);
        signals.entry(name).or_default().clone()
    }
}

impl TxConn {
    async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            TxConn::Sqlite(tx) => tx.commit().await,
            TxConn::Postgres(tx) => tx.commit().await,
        }
    }
}

/// Every migration: version, name, SQLite DDL, PostgreSQL DDL. A test checks this list
/// against the two folders; never edit an applied migration, add a new one.
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../migrations/sqlite/0001_foundation.sql"),
        include_str!("../migrations/postgres/0001_foundation.sql"),
    ),
    (
        2,
        "cases",
        include_str!("../migrations/sqlite/0002_cases.sql"),
        include_str!("../migrations/postgres/0002_cases.sql"),
    ),
    (
        3,
        "documents",
        include_str!("../migrations/sqlite/0003_documents.sql"),
        include_str!("../migrations/postgres/0003_documents.sql"),
    ),
    (
        4,
        "webhooks",
        include_str!("../migrations/sqlite/0004_webhooks.sql"),
        include_str!("../migrations/postgres/0004_webhooks.sql"),
    ),
    (
        5,
        "intake",
        include_str!("../migrations/sqlite/0005_intake.sql"),
        include_str!("../migrations/postgres/0005_intake.sql"),
    ),
    (
        6,
        "drop_cases_org",
        include_str!("../migrations/sqlite/0006_drop_cases_org.sql"),
        include_str!("../migrations/postgres/0006_drop_cases_org.sql"),
    ),
    (
        7,
        "document_kind",
        include_str!("../migrations/sqlite/0007_document_kind.sql"),
        include_str!("../migrations/postgres/0007_document_kind.sql"),
    ),
    (
        8,
        "case_metadata",
        include_str!("../migrations/sqlite/0008_case_metadata.sql"),
        include_str!("../migrations/postgres/0008_case_metadata.sql"),
    ),
    (
        9,
        "org_branding",
        include_str!("../migrations/sqlite/0009_org_branding.sql"),
        include_str!("../migrations/postgres/0009_org_branding.sql"),
    ),
    (
        10,
        "review",
        include_str!("../migrations/sqlite/0010_review.sql"),
        include_str!("../migrations/postgres/0010_review.sql"),
    ),
    (
        11,
        "cases_external_id",
        include_str!("../migrations/sqlite/0011_cases_external_id.sql"),
        include_str!("../migrations/postgres/0011_cases_external_id.sql"),
    ),
    (
        12,
        "org_time_zone",
        include_str!("../migrations/sqlite/0012_org_time_zone.sql"),
        include_str!("../migrations/postgres/0012_org_time_zone.sql"),
    ),
];

/// The migration list as `(version, name)` pairs, for the parity test.
pub fn migration_names() -> Vec<(i64, &'static str)> {
    MIGRATIONS.iter().map(|(v, name, _, _)| (*v, *name)).collect()
}

fn migrator(backend: Backend) -> Migrator {
    let migrations = MIGRATIONS
        .iter()
        .map(|(version, name, sqlite, postgres)| {
            let sql = match backend {
                Backend::Sqlite => sqlite,
                Backend::Postgres => postgres,
            };
            Migration::new(
                *version,
                Cow::Borrowed(*name),
                MigrationType::Simple,
                sqlx::SqlStr::from_static(sql),
                false,
            )
        })
        .collect::<Vec<_>>();
    Migrator {
        migrations: Cow::Owned(migrations),
        ..Migrator::DEFAULT
    }
}

impl Db {
    /// Connects to `url` (`sqlite:…` or `postgres://…`) and tunes the connection.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        if url.starts_with("sqlite:") {
            let base = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            if let Some(dir) = base.get_filename().parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
            }
            // A connection to a local file cannot drop, so the pool does not ping it before
            // every use (sqlx's default, a round trip through the connection's worker thread).
            // The writer never checkpoints: copying the log into the database file (and its
            // fsync) would stall whichever commit crossed the threshold, and every writer
            // queued behind it. A connection of its own does it in the background.
            let write = SqlitePoolOptions::new()
                .max_connections(1)
                .test_before_acquire(false)
                .connect_with(base.clone().pragma("wal_autocheckpoint", "0"))
                .await?;
            let checkpointer = SqlitePoolOptions::new()
                .max_connections(1)
                .test_before_acquire(false)
                .connect_with(base.clone())
                .await?;
            tokio::spawn(run_checkpoints(checkpointer, write.clone()));
            let read = SqlitePoolOptions::new()
                .max_connections(8)
                .test_before_acquire(false)
                .connect_with(base.read_only(true))
                .await?;
            Ok(Db {
                pools: Pools::Sqlite { read, write },
                hooks: Arc::default(),
            })
        } else {
            // sqlx pings a connection before every use by default: a second round trip for
            // each query. A connection used within the last few seconds is known to be alive;
            // only one that sat idle longer (a firewall or a restart may have cut it) is pinged.
            // The server opens the whole pool before it serves (`open_pool`) and keeps it open
            // (a connection past its lifetime is replaced in the background).
            let pool = PgPoolOptions::new()
                .max_connections(PG_CONNECTIONS)
                .min_connections(PG_CONNECTIONS)
                .acquire_timeout(Duration::from_secs(10))
                .test_before_acquire(false)
                .before_acquire(|conn, meta| {
                    Box::pin(async move {
                        if meta.idle_for > PING_IF_IDLE_FOR {
                            sqlx::Connection::ping(conn).await?;
                        }
                        Ok(true)
                    })
                })
                .connect_lazy_with(url.parse()?);
            // One connection now, so a wrong URL or an unreachable server fails here.
            drop(pool.acquire().await?);
            Ok(Db {
                pools: Pools::Postgres(pool),
                hooks: Arc::default(),
            })
        }
    }

    /// Opens every pooled PostgreSQL connection at once (SQLite's are open already): the server
    /// does this before it serves, the admin commands do not. Opening one takes ~90 ms over TLS
    /// here (4 ms without; psql's TLS adds ~7 ms, so likely sqlx's Nagle setting, issue 4335);
    /// opened on demand, the connections a burst needed were opened during it, and a cold
    /// server's slowest session create took 148-162 ms against 46-69 ms.
    pub async fn open_pool(&self) -> Result<(), sqlx::Error> {
        let Pools::Postgres(pool) = &self.pools else {
            return Ok(());
        };
        let mut opening = tokio::task::JoinSet::new();
        for _ in 0..PG_CONNECTIONS {
            let pool = pool.clone();
            opening.spawn(async move { pool.acquire().await });
        }
        // Each is held until all are open, so every acquire but one opens a connection.
        let opened: Vec<_> = opening.join_all().await.into_iter().collect::<Result<_, _>>()?;
        drop(opened);
        Ok(())
    }

    /// Connections per pool, open and idle: `(pool, size, idle)` with pool `read`, `write`
    /// (SQLite) or `postgres`.
    pub fn pool_use(&self) -> Vec<(&'static str, u32, usize)> {
        match &self.pools {
            Pools::Sqlite { read, write } => vec![
                ("read", read.size(), read.num_idle()),
                ("write", write.size(), write.num_idle()),
            ],
            Pools::Postgres(pool) => vec![("postgres", pool.size(), pool.num_idle())],
        }
    }

    /// Answers a trivial query: the database is reachable and serving.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        match &self.pools {
            Pools::Sqlite { read, .. } => sqlx::query("SELECT 1").execute(read).await.map(|_| ()),
            Pools::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()),
        }
    }

    /// Opens a transaction; on SQLite with `BEGIN IMMEDIATE` on the writer, so it holds the
    /// write lock from the start and never deadlocks upgrading a read.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        let conn = match &self.pools {
            Pools::Sqlite { write, .. } => TxConn::Sqlite(write.begin_with("BEGIN IMMEDIATE").await?),
            Pools::Postgres(pool) => TxConn::Postgres(pool.begin().await?),
        };
        Ok(Tx {
            conn,
            changed: Vec::new(),
            signals: Vec::new(),
            hooks: self.hooks.clone(),
        })
    }

    /// Makes `listener` hear every commit's changed keys, on every clone of this `Db`.
    pub fn listen_for_changes(&self, listener: Arc<dyn ChangeListener>) {
        *self.hooks.listener.write().unwrap_or_else(PoisonError::into_inner) = Some(listener);
    }

    /// The signal `name`, raised by every commit that asked for it ([`Tx::signal`]) and by
    /// [`Db::raise`]; shared by every clone of this `Db`.
    pub fn signal(&self, name: &'static str) -> Arc<Notify> {
        self.hooks.signal(name)
    }

    /// Raises `name` for a write committed without a [`Tx`] (a single statement).
    pub fn raise(&self, name: &'static str) {
        self.hooks.signal(name).notify_one();
    }

    pub fn backend(&self) -> Backend {
        match self.pools {
            Pools::Sqlite { .. } => Backend::Sqlite,
            Pools::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies pending migrations; safe to call from several processes at once.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        let migrator = migrator(self.backend());
        match &self.pools {
            Pools::Sqlite { write, .. } => migrator.run(write).await,
            Pools::Postgres(pool) => migrator.run(pool).await,
        }
    }

    pub async fn close(&self) {
        match &self.pools {
            Pools::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Pools::Postgres(pool) => pool.close().await,
        }
    }
}

/// How often the checkpointer copies SQLite's write-ahead log into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// A log longer than this many pages (256 MiB at 4 KiB) is restarted even though writers
/// wait for that: under writes that never pause, a passive checkpoint copies the log but a
/// writer never finds it all copied, which is when SQLite starts the log over.
const WAL_RESTART_PAGES: i64 = 65_536;

/// SQLite's checkpointer: a passive checkpoint every [`CHECKPOINT_EVERY`], which neither waits
/// for nor blocks readers and the writer; it stops when the writer's pool is closed.
async fn run_checkpoints(pool: SqlitePool, write: SqlitePool) {
    let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while !write.is_closed() {
        tick.tick().await;
        let done = sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(&pool)
            .await;
        match done {
            Ok((_, log_pages, _)) if log_pages > WAL_RESTART_PAGES => {
                let started = std::time::Instant::now();
                let restarted = sqlx::query("PRAGMA wal_checkpoint(RESTART)").execute(&pool).await;
                let ms = started.elapsed().as_millis();
                tracing::info!(
                    log_pages,
                    ms,
                    ok = restarted.is_ok(),
                    "restarted a long write-ahead log"
                );
            }
            Ok(_) => {}
            Err(err) if write.is_closed() => tracing::debug!(error = %err, "checkpointer stopping"),
            Err(err) => tracing::warn!(error = %err, "checkpoint failed"),
        }
    }
    pool.close().await;
}

/// True when `err` is a unique-constraint violation: the one place that knows how each
/// backend reports it, so stores turn it into a meaningful error instead of matching strings.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_checkpointer_copies_the_log_into_the_database_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("checkpoints.db");
        let db = Db::connect(&format!("sqlite://{}?mode=rwc", path.display()))
            .await
            .expect("connect");
        let write = |sql: &'static str| {
            let db = db.clone();
            async move { on_db!(db, write | pool | sqlx::query(sql).execute(pool).await.map(|_| ())) }
        };
        write("CREATE TABLE t (b BLOB)").await.expect("table");
        for _ in 0..8 {
            write("INSERT INTO t VALUES (randomblob(262144))")
                .await
                .expect("insert");
        }
        // The writer never checkpoints: only the checkpointer moves the 2 MiB into the file.
        let mut size = 0;
        for _ in 0..100 {
            size = std::fs::metadata(&path).expect("database file").len();
            if size >= 2 << 20 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(size >= 2 << 20, "the database file holds {size} bytes");
        db.close().await;
    }

    #[test]
    fn both_migration_folders_hold_the_same_versions_and_names_as_the_list() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let listed: Vec<String> = migration_names()
            .into_iter()
            .map(|(v, name)| format!("{v:04}_{name}.sql"))
            .collect();
        for backend in ["sqlite", "postgres"] {
            let mut files: Vec<String> = std::fs::read_dir(root.join(backend))
                .expect("migrations folder")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            files.sort();
            assert_eq!(files, listed, "migrations/{backend} must match the list in db.rs");
        }
    }
}
