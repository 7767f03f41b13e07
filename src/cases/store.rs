//! SQL for cases and their event feed. Reads are scoped by organization and environment, so
//! another organization's case and a live case seen with a test key are simply not found.

use sqlx::FromRow;

use super::{CaseStatus, EventType, Mode};
use crate::db::{Backend, Conn, Db, Pools, Tx};
use crate::error::AppError;
use crate::facts::Observation;
use crate::facts::store::{JOINED_COLUMNS, JoinedObservation};
use crate::idempotency;
use crate::orgs::Environment;
use crate::{on_conn, on_db, on_tx};

#[derive(Debug, Clone, FromRow)]
pub struct CaseRow {
    pub id: String,
    pub org_id: String,
    #[sqlx(try_from = "String")]
    pub environment: Environment,
    #[sqlx(try_from = "String")]
    pub mode: Mode,
    pub case_type_id: String,
    #[sqlx(try_from = "String")]
    pub status: CaseStatus,
    pub locale: Option<String>,
    pub return_url: Option<String>,
    pub external_case_id: Option<String>,
    pub external_applicant_id: Option<String>,
    pub external_customer_id: Option<String>,
    pub trace_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub prefill: String,
    pub link_expires_at: Option<i64>,
    pub link_revoked_at: Option<i64>,
    pub last_cursor: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// Hosted intake: when the applicant consented, to which notice version, and when they
    /// submitted.
    pub consented_at: Option<i64>,
    pub privacy_notice_version: Option<String>,
    pub submitted_at: Option<i64>,
    /// The integrator's key/value pairs, a JSON object of strings (`cases::Metadata`).
    pub metadata: String,
}

impl CaseRow {
    /// Whether a hosted case's link still opens its pages at `now`: not revoked, not expired.
    pub fn link_active(&self, now: i64) -> bool {
        self.mode == Mode::Hosted
            && self.link_revoked_at.is_none()
            && self.link_expires_at.is_some_and(|t| t > now)
            && self.status != CaseStatus::Expired
    }
}

const CASE_COLUMNS: &str = "id, org_id, environment, mode, case_type_id, status, locale, return_url, \
     external_case_id, external_applicant_id, external_customer_id, trace_id, idempotency_key, prefill, \
     link_expires_at, link_revoked_at, last_cursor, created_at, updated_at, consented_at, \
     privacy_notice_version, submitted_at, metadata";

/// The values of a new case row.
pub struct NewCase {
    pub id: String,
    pub org_id: String,
    pub environment: Environment,
    pub mode: Mode,
    pub case_type_id: String,
    pub status: CaseStatus,
    pub locale: Option<&'static str>,
    pub return_url: Option<String>,
    pub external_case_id: Option<String>,
    pub external_applicant_id: Option<String>,
    pub external_customer_id: Option<String>,
    pub trace_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub prefill: String,
    pub link_expires_at: Option<i64>,
    /// The integrator's key/value pairs as a JSON object (`cases::Metadata::to_json`).
    pub metadata: String,
    pub now: i64,
}

/// Claims the request's idempotency key and, when this request is the first with it,
/// inserts the case with its first event (cursor 1), which says how it came to be, and that
/// event's webhook deliveries: all in one round trip. When the key was taken, nothing is
/// written and the stored answer (or the conflict) comes back instead.
pub async fn insert_case(
    tx: &mut Tx,
    c: &NewCase,
    first_event: EventType,
    data: &serde_json::Value,
    claim: &idempotency::Claiming,
) -> Result<idempotency::Claim, AppError> {
    if write_event(Target::Tx(tx), &first_event_of(c, first_event), data, Some((c, claim)))
        .await?
        .claimed
    {
        Ok(idempotency::Claim::Fresh)
    } else {
        idempotency::stored(tx, &claim.scope, &claim.fingerprint).await
    }
}

/// `batch::create_case` for one case, in a transaction of its own. On PostgreSQL a case without
/// observations is one statement: one round trip instead of three (`BEGIN`, the statement,
/// `COMMIT`).
pub(super) async fn create_case_alone(
    db: &Db,
    c: &NewCase,
    first_event: EventType,
    data: &serde_json::Value,
    claim: &idempotency::Claiming,
    observations: &[Observation],
) -> Result<idempotency::Claim, AppError> {
    if let (Pools::Postgres(pool), true) = (&db.pools, observations.is_empty()) {
        let event = first_event_of(c, first_event);
        let written = write_event(Target::Postgres(pool), &event, data, Some((c, claim))).await?;
        if written.claimed {
            if written.deliveries > 0 {
                db.raise(crate::outbox::DELIVERIES_QUEUED);
            }
            return Ok(idempotency::Claim::Fresh);
        }
        let mut tx = db.begin().await?;
        return idempotency::stored(&mut tx, &claim.scope, &claim.fingerprint).await;
    }
    let mut tx = db.begin().await?;
    let claimed = insert_case(&mut tx, c, first_event, data, claim).await?;
    if let idempotency::Claim::Fresh = claimed {
        crate::facts::store::insert(&mut tx, &c.id, observations, c.now).await?;
        tx.commit().await?;
    }
    Ok(claimed)
}

/// The event a new case starts with (cursor 1).
pub(super) fn first_event_of(c: &NewCase, event_type: EventType) -> NewEvent<'_> {
    NewEvent {
        case_id: &c.id,
        org_id: &c.org_id,
        environment: c.environment.as_str(),
        cursor: 1,
        status: c.status.as_str(),
        event_type,
        except_endpoint: None,
        now: c.now,
    }
}

/// Appends an event with the case's next cursor. The cursor comes from an update of the
/// case row, which PostgreSQL locks and SQLite serializes, so cursors never skip or repeat.
pub async fn append_event(
    tx: &mut Tx,
    case_id: &str,
    event_type: EventType,
    data: &serde_json::Value,
    now: i64,
) -> Result<i64, AppError> {
    append_event_except(tx, case_id, event_type, data, None, now).await
}

/// `append_event`, leaving one webhook endpoint out of the outbox (the one whose failure the
/// event reports). Every event writes its webhook deliveries in the same transaction.
pub async fn append_event_except(
    tx: &mut Tx,
    case_id: &str,
    event_type: EventType,
    data: &serde_json::Value,
    except_endpoint: Option<&str>,
    now: i64,
) -> Result<i64, AppError> {
    tx.changed(case_id);
    let (cursor, status, org_id, environment) = on_tx!(tx, |conn| {
        sqlx::query_as::<_, (i64, String, String, String)>(
            "UPDATE cases SET last_cursor = last_cursor + 1, updated_at = $2 WHERE id = $1
             RETURNING last_cursor, status, org_id, environment",
        )
        .bind(case_id)
        .bind(now)
        .fetch_one(&mut **conn)
        .await
    })?;
    let event = NewEvent {
        case_id,
        org_id: &org_id,
        environment: &environment,
        cursor,
        status: &status,
        event_type,
        except_endpoint,
        now,
    };
    write_event(Target::Tx(tx), &event, data, None).await?;
    Ok(cursor)
}

/// An event about to be written, and what its webhook deliveries need.
pub(super) struct NewEvent<'a> {
    pub(super) case_id: &'a str,
    pub(super) org_id: &'a str,
    pub(super) environment: &'a str,
    pub(super) cursor: i64,
    /// The case's status once the event happened.
    pub(super) status: &'a str,
    pub(super) event_type: EventType,
    /// The webhook endpoint left out of the outbox (the one whose failure the event reports).
    pub(super) except_endpoint: Option<&'a str>,
    pub(super) now: i64,
}

/// Where [`write_event`] writes: in a transaction, or as a statement of its own.
enum Target<'a> {
    Tx(&'a mut Tx),
    Postgres(&'a sqlx::PgPool),
}

impl Target<'_> {
    fn backend(&self) -> Backend {
        match self {
            Target::Tx(tx) => tx.backend(),
            Target::Postgres(_) => Backend::Postgres,
        }
    }
}

/// What [`write_event`] wrote.
struct Written {
    /// False only when a new case's key was already claimed (then nothing was written).
    claimed: bool,
    /// Webhook deliveries queued.
    deliveries: usize,
}

/// An event's data as stored: as given, plus where the case stands when it happened.
pub(super) fn event_data(e: &NewEvent<'_>, data: &serde_json::Value) -> String {
    let mut data = data.clone();
    if let Some(object) = data.as_object_mut() {
        object
            .entry("case_status")
            .or_insert(serde_json::Value::String(e.status.to_string()));
    }
    data.to_string()
}

/// Binds the values of [`event_sql`]'s statements to `$query`, on either kind of connection:
/// the event (`$1`–`$9`), then with `Some((case, claim))` the new case and its claim
/// (`$10`–`$27`).
macro_rules! bind_event {
    ($query:expr, $e:expr, $event_id:expr, $data:expr, $new_case:expr) => {{
        let e: &NewEvent<'_> = $e;
        let query = $query
            .bind(e.case_id)
            .bind($event_id)
            .bind(e.event_type.as_str())
            .bind(e.now)
            .bind(e.except_endpoint)
            .bind(e.cursor)
            .bind($data)
            .bind(e.org_id)
            .bind(e.environment);
        match $new_case {
            None => query,
            Some((c, claim)) => query
                .bind(c.mode.as_str())
                .bind(&c.case_type_id)
                .bind(c.status.as_str())
                .bind(c.locale)
                .bind(c.return_url.as_deref())
                .bind(c.external_case_id.as_deref())
                .bind(c.external_applicant_id.as_deref())
                .bind(c.external_customer_id.as_deref())
                .bind(c.trace_id.as_deref())
                .bind(c.idempotency_key.as_deref())
                .bind(&c.prefill)
                .bind(c.link_expires_at)
                .bind(&claim.scope.org_id)
                .bind(claim.scope.environment.as_str())
                .bind(claim.scope.endpoint)
                .bind(&claim.scope.key)
                .bind(&claim.fingerprint)
                .bind(claim.response.to_string())
                .bind(&c.metadata),
        }
    }};
}
pub(super) use bind_event;

/// Writes one event row and its webhook deliveries (the outbox) in one round trip, after
/// the idempotency claim and the new case row when `new_case` is given: statements in one
/// call on SQLite, one statement with the inserts as CTEs on PostgreSQL (which checks the
/// event's reference to the case at the end of the statement). In a transaction, its
/// deliveries wake the delivery loop when it commits.
async fn write_event(
    target: Target<'_>,
    e: &NewEvent<'_>,
    data: &serde_json::Value,
    new_case: Option<(&NewCase, &idempotency::Claiming)>,
) -> Result<Written, AppError> {
    let event_id = crate::ids::sortable("evt");
    let data = event_data(e, data);
    let sql = sqlx::AssertSqlSafe(event_sql(target.backend(), new_case.is_some()));
    // All rows, not the first: on SQLite that would stop before the later statements. A row
    // for the new case when the claim was this request's, then one per delivery.
    let (rows, tx) = match target {
        Target::Tx(tx) => (
            on_tx!(tx, |conn| bind_event!(sqlx::query(sql), e, &event_id, &data, new_case)
                .fetch_all(&mut **conn)
                .await
                .map(|rows| rows.len()))?,
            Some(tx),
        ),
        Target::Postgres(pool) => (
            bind_event!(sqlx::query(sql), e, &event_id, &data, new_case)
                .fetch_all(pool)
                .await
                .map(|rows| rows.len())?,
            None,
        ),
    };
    let written = match new_case {
        None => Written {
            claimed: true,
            deliveries: rows,
        },
        Some(_) => Written {
            claimed: rows > 0,
            deliveries: rows.saturating_sub(1),
        },
    };
    if let Some(tx) = tx {
        crate::outbox::queued(tx, written.deliveries);
    }
    Ok(written)
}

/// The statements that claim a key and write a new case with its first event and outbox,
/// on SQLite (for `batch`).
pub(super) fn new_case_sql() -> &'static str {
    event_sql(Backend::Sqlite, true)
}

/// The statement [`write_event`] runs on `backend`, with or without the claim and the new
/// case row; each of the four is built once, not on every event.
fn event_sql(backend: Backend, with_case: bool) -> &'static str {
    // Numbered as `outbox::outbox_insert_sql` expects.
    const INSERT_EVENT: &str = "INSERT INTO case_events (case_id, cursor, event_id, event_type, data, created_at)";
    const EVENT_VALUES: &str = "$1, $6, $2, $3, $7, $4";
    // The case shares the event's id ($1), time ($4), org ($8) and environment ($9).
    const INSERT_CASE: &str = "INSERT INTO cases (id, org_id, environment, mode, case_type_id, status, locale,
             return_url, external_case_id, external_applicant_id, external_customer_id, trace_id, idempotency_key,
             prefill, link_expires_at, created_at, updated_at, last_cursor, metadata)";
    const CASE_VALUES: &str = "$1, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $4, $4, 1, $28";
    // The idempotency record: scope ($22–$25), fingerprint ($26), response ($27), time ($4).
    // On PostgreSQL a request whose key a transaction in flight has claimed waits for it on
    // the unique index; SQLite serializes writers.
    const CLAIM: &str = "INSERT INTO idempotency_keys (org_id, environment, endpoint, key, fingerprint, response,
             created_at)
         VALUES ($22, $23, $24, $25, $26, $27, $4)
         ON CONFLICT (org_id, environment, endpoint, key) DO NOTHING";
    static SQL: std::sync::LazyLock<[String; 4]> = std::sync::LazyLock::new(|| {
        use crate::outbox::outbox_insert_sql;
        // Each statement after the claim writes only if the one before it did (SQLite's
        // `changes()` counts the last finished statement); PostgreSQL selects from the claim.
        let sqlite_claimed = format!(
            "{CLAIM}; {INSERT_CASE} SELECT {CASE_VALUES} WHERE changes() = 1 RETURNING id;
             {INSERT_EVENT} SELECT {EVENT_VALUES} WHERE changes() = 1; {}",
            outbox_insert_sql(Backend::Sqlite, "AND changes() = 1")
        );
        let postgres_claimed = format!(
            "WITH claim AS ({CLAIM} RETURNING 1),
                  new_case AS ({INSERT_CASE} SELECT {CASE_VALUES} FROM claim RETURNING id),
                  event AS ({INSERT_EVENT} SELECT {EVENT_VALUES} FROM claim),
                  outbox AS ({})
             SELECT 1 FROM new_case UNION ALL SELECT 1 FROM outbox",
            outbox_insert_sql(Backend::Postgres, "AND EXISTS (SELECT 1 FROM claim)")
        );
        [
            format!(
                "{INSERT_EVENT} VALUES ({EVENT_VALUES}); {}",
                outbox_insert_sql(Backend::Sqlite, "")
            ),
            sqlite_claimed,
            format!(
                "WITH event AS ({INSERT_EVENT} VALUES ({EVENT_VALUES})) {}",
                outbox_insert_sql(Backend::Postgres, "")
            ),
            postgres_claimed,
        ]
    });
    let backend = match backend {
        Backend::Sqlite => 0,
        Backend::Postgres => 2,
    };
    &SQL[backend + usize::from(with_case)]
}

/// Moves a case to `status` and records the matching event, in the caller's transaction.
pub async fn set_status(
    tx: &mut Tx,
    case_id: &str,
    status: CaseStatus,
    event: EventType,
    data: &serde_json::Value,
    now: i64,
) -> Result<i64, AppError> {
    on_tx!(tx, |conn| {
        sqlx::query("UPDATE cases SET status = $2, updated_at = $3 WHERE id = $1")
            .bind(case_id)
            .bind(status.as_str())
            .bind(now)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected())
    })?;
    append_event(tx, case_id, event, data, now).await
}

/// Revokes the applicant link at once (keeps the first revocation time).
pub async fn revoke_link(tx: &mut Tx, case_id: &str, now: i64) -> Result<(), AppError> {
    tx.changed(case_id);
    on_tx!(tx, |conn| {
        sqlx::query("UPDATE cases SET link_revoked_at = COALESCE(link_revoked_at, $2), updated_at = $2 WHERE id = $1")
            .bind(case_id)
            .bind(now)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// What `GET /api/v1/cases/{id}` shows: the case, its documents' ids (oldest first) and its
/// observations (oldest first).
pub struct CaseRead {
    pub case: CaseRow,
    pub document_ids: Vec<String>,
    pub observations: Vec<Observation>,
}

#[derive(FromRow)]
struct CaseReadRow {
    #[sqlx(flatten)]
    case: CaseRow,
    /// Comma-separated (document ids are `doc_` and base62, never a comma).
    document_ids: Option<String>,
    #[sqlx(flatten)]
    observation: JoinedObservation,
}

/// A case of this organization and environment with its document ids and observations, in one
/// query (one row per observation, or one row without): the API's busiest read.
pub async fn read_case(db: &Db, org_id: &str, env: Environment, id: &str) -> Result<Option<CaseRead>, AppError> {
    // Built once: the case columns qualified with `c.`, since observations share their names.
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let columns = CASE_COLUMNS.replace(", ", ", c.");
        format!(
            "SELECT c.{columns}, {JOINED_COLUMNS},
                (SELECT string_agg(d.id, ',' ORDER BY d.created_at, d.id) FROM documents d WHERE d.case_id = c.id)
                    AS document_ids
             FROM cases c LEFT JOIN observations o ON o.case_id = c.id
             WHERE c.id = $1 AND c.org_id = $2 AND c.environment = $3
             ORDER BY o.seq"
        )
    });
    let sql = sqlx::AssertSqlSafe(SQL.as_str());
    let rows = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, CaseReadRow>(sql)
                .bind(id)
                .bind(org_id)
                .bind(env.as_str())
                .fetch_all(pool)
                .await
        }
    )?;
    let mut rows = rows.into_iter();
    let Some(first) = rows.next() else { return Ok(None) };
    let document_ids = first
        .document_ids
        .map(|s| s.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let observations = std::iter::once(first.observation)
        .chain(rows.map(|r| r.observation))
        .filter_map(JoinedObservation::into_observation)
        .collect();
    Ok(Some(CaseRead {
        case: first.case,
        document_ids,
        observations,
    }))
}

/// A case of this organization and environment (another's is not found); inside a
/// transaction for decisions that must see the latest state.
pub async fn find_case(
    conn: impl Into<Conn<'_>>,
    org_id: &str,
    env: Environment,
    id: &str,
) -> Result<Option<CaseRow>, AppError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {CASE_COLUMNS} FROM cases WHERE id = $1 AND org_id = $2 AND environment = $3"
    ));
    let row = on_conn!(conn.into(), |ex| {
        sqlx::query_as::<_, CaseRow>(sql)
            .bind(id)
            .bind(org_id)
            .bind(env.as_str())
            .fetch_optional(ex)
            .await
    })?;
    Ok(row)
}

/// The newest processing-API case of this organization and environment that the integrator
/// named `external_case_id`, inside the transaction that will add to it. On PostgreSQL it
/// first takes a transaction lock on that name, so two requests naming a new case wait for
/// each other instead of both creating one (SQLite serializes writers already).
pub async fn find_processing_by_external(
    tx: &mut Tx,
    org_id: &str,
    env: Environment,
    external_case_id: &str,
) -> Result<Option<CaseRow>, AppError> {
    if let crate::db::TxConn::Postgres(conn) = &mut tx.conn {
        let name = format!(
            "external_case_id\u{1f}{org_id}\u{1f}{}\u{1f}{external_case_id}",
            env.as_str()
        );
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(name)
            .execute(&mut **conn)
            .await?;
    }
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {CASE_COLUMNS} FROM cases
         WHERE org_id = $1 AND environment = $2 AND mode = 'processing' AND external_case_id = $3
         ORDER BY created_at DESC, id DESC LIMIT 1"
    ));
    let row = on_tx!(tx, |conn| {
        sqlx::query_as::<_, CaseRow>(sql)
            .bind(org_id)
            .bind(env.as_str())
            .bind(external_case_id)
            .fetch_optional(&mut **conn)
            .await
    })?;
    Ok(row)
}

/// A case by id alone, for callers that proved their right to it another way (a signed link,
/// a job).
pub async fn find_case_by_id(conn: impl Into<Conn<'_>>, id: &str) -> Result<Option<CaseRow>, AppError> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = $1"));
    let row = on_conn!(conn.into(), |ex| {
        sqlx::query_as::<_, CaseRow>(sql).bind(id).fetch_optional(ex).await
    })?;
    Ok(row)
}

#[derive(Debug, Clone, FromRow)]
pub struct EventRow {
    pub cursor: i64,
    pub event_id: String,
    pub event_type: String,
    pub data: String,
    pub created_at: i64,
}

/// Events after `after_cursor`, ascending, at most `limit`.
pub async fn list_events(db: &Db, case_id: &str, after_cursor: i64, limit: i64) -> Result<Vec<EventRow>, AppError> {
    let rows = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, EventRow>(
                "SELECT cursor, event_id, event_type, data, created_at FROM case_events
             WHERE case_id = $1 AND cursor > $2 ORDER BY cursor LIMIT $3",
            )
            .bind(case_id)
            .bind(after_cursor)
            .bind(limit)
            .fetch_all(pool)
            .await
        }
    )?;
    Ok(rows)
}

/// The timeline a person reads: a case's events but its case-file views, oldest first, at most
/// `limit`; and how often and when last the case file was viewed (every view is an event, so
/// a busy case file would otherwise fill its own timeline).
pub async fn timeline(db: &Db, case_id: &str, limit: i64) -> Result<(Vec<EventRow>, i64, Option<i64>), AppError> {
    let opened = EventType::CaseFileOpened.as_str();
    let rows = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, EventRow>(
                "SELECT cursor, event_id, event_type, data, created_at FROM case_events
                 WHERE case_id = $1 AND event_type <> $2 ORDER BY cursor LIMIT $3",
            )
            .bind(case_id)
            .bind(opened)
            .bind(limit)
            .fetch_all(pool)
            .await
        }
    )?;
    let (views, last) = on_db!(
        db,
        read | pool | {
            sqlx::query_as::<_, (i64, Option<i64>)>(
                "SELECT count(*), max(created_at) FROM case_events WHERE case_id = $1 AND event_type = $2",
            )
            .bind(case_id)
            .bind(opened)
            .fetch_one(pool)
            .await
        }
    )?;
    Ok((rows, views, last))
}
