//! New cases written in groups.
//!
//! One task writes new cases: the ones that arrive while a group is being written make up the
//! next group. Each request is answered once its group is written; when anything in a group
//! fails, each of its cases is written on its own, so one bad request never costs another its
//! answer.
//!
//! - SQLite has one writer, so concurrent session creates wait for each other's transactions,
//!   and every statement is a round trip to the connection's thread. A group costs one
//!   `BEGIN`, one call holding every case's claim, row, first event and outbox (the statements
//!   `insert_case` runs for one case, numbered on), and one `COMMIT`; prefilled values follow
//!   their case.
//! - PostgreSQL spends most of a lone session create starting up its statement and committing
//!   it. A group (of cases without prefilled values) is a statement over arrays, one row per
//!   case; a group too big for one statement is several in one transaction, so it waits for
//!   one commit. It claims its keys in byte order, so two instances' groups never wait on each
//!   other in a cycle. A key that comes twice in one group is left to the second request's own
//!   statement, after the group.
//!
//! A request whose key was taken (before, or earlier in its group) reads the stored answer
//! itself once its group has committed, so a burst of retries never holds up the writer.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use sqlx::Row;
use tokio::sync::{Mutex, mpsc, oneshot};

use super::EventType;
use super::store::{self, NewCase, NewEvent, bind_event};
use crate::db::{Backend, Db, Pools, Tx, TxConn};
use crate::error::AppError;
use crate::facts::Observation;
use crate::idempotency::{self, Claim, Claiming};

/// The parameters one case takes in [`store::new_case_sql`].
const PARAMS_PER_CASE: usize = 28;

/// Calls hold 32, 16, 8, 4, 2 or 1 cases, so a connection prepares at most six of them; a
/// group is split into those sizes.
const SIZES: [usize; 6] = [32, 16, 8, 4, 2, 1];

/// How many groups PostgreSQL writes at once.
const POSTGRES_WRITERS: usize = 4;

/// At most this many cases share a transaction, so a long burst still commits as it goes.
const MAX_GROUP: usize = 64;

/// A new case waiting to be written, and where its answer goes.
pub struct Pending {
    pub case: NewCase,
    pub first_event: EventType,
    pub data: serde_json::Value,
    pub claim: Claiming,
    pub observations: Vec<Observation>,
    /// Taken once the answer is sent.
    answer: Option<oneshot::Sender<Result<Answer, AppError>>>,
}

/// What the writer did with one case.
enum Outcome {
    /// Answered in full: written with its fresh key, or by a transaction of its own.
    Done(Claim),
    /// Its key was taken: nothing was written, and the requester reads the stored answer.
    Taken,
}

/// What the requester gets back: [`Outcome::Taken`] returns the case, in case the record
/// that took its key is gone by the time it is read.
enum Answer {
    Done(Claim),
    Taken(Box<Pending>),
}

/// A new case with its first `observations` (prefilled values; often none), as
/// `store::insert_case` does it but committed on its own. New cases that arrive together are
/// written together (`cases::batch`): on SQLite all of them, on PostgreSQL those without
/// observations.
pub async fn create_case(
    db: &Db,
    batch: Option<&Queue>,
    c: NewCase,
    first_event: EventType,
    data: serde_json::Value,
    claim: idempotency::Claiming,
    observations: Vec<Observation>,
) -> Result<idempotency::Claim, AppError> {
    if let Some(queue) = batch
        && (db.backend() == Backend::Sqlite || observations.is_empty())
    {
        return queue.create(db, c, first_event, data, claim, observations).await;
    }
    store::create_case_alone(db, &c, first_event, &data, &claim, &observations).await
}

/// The writer's queue.
#[derive(Debug, Clone)]
pub struct Queue(mpsc::Sender<Pending>);

impl Queue {
    /// Starts the writer for `db` (a handle without a queue of its own); it stops once every
    /// clone of the queue is gone.
    pub fn start(db: &Db) -> Self {
        let (send, receive) = mpsc::channel(4 * MAX_GROUP);
        // SQLite writes one transaction at a time anyway; PostgreSQL writes several groups at
        // once, and the next group gathers while they wait on their commits.
        let writers = match db.pools {
            Pools::Sqlite { .. } => 1,
            Pools::Postgres(_) => POSTGRES_WRITERS,
        };
        let receive = Arc::new(Mutex::new(receive));
        for _ in 0..writers {
            tokio::spawn(run(db.clone(), receive.clone()));
        }
        Queue(send)
    }

    /// Writes a new case with its group and answers as `insert_case` does.
    pub async fn create(
        &self,
        db: &Db,
        case: NewCase,
        first_event: EventType,
        data: serde_json::Value,
        claim: Claiming,
        observations: Vec<Observation>,
    ) -> Result<Claim, AppError> {
        let (answer, answered) = oneshot::channel();
        let pending = Pending {
            case,
            first_event,
            data,
            claim,
            observations,
            answer: Some(answer),
        };
        if let Err(mpsc::error::SendError(pending)) = self.0.send(pending).await {
            // The writer is gone (it panicked): this case is written on its own.
            return alone(db, &pending).await;
        }
        let answer = answered
            .await
            .map_err(|_| AppError::internal(std::io::Error::other("the case writer stopped before answering")))??;
        let pending = match answer {
            Answer::Done(claim) => return Ok(claim),
            Answer::Taken(pending) => pending,
        };
        // The stored answer, or the conflict, which is this request's own. A record pruned in
        // the meantime (it was about to expire) leaves the key free: the case is written alone.
        let claim = &pending.claim;
        match idempotency::stored_committed(db, &claim.scope, &claim.fingerprint).await? {
            Some(answer) => Ok(answer),
            None => alone(db, &pending).await,
        }
    }
}

async fn run(db: Db, queue: Arc<Mutex<mpsc::Receiver<Pending>>>) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    // The lock is held while waiting, so one writer gathers the next group at a time.
    while queue.lock().await.recv_many(&mut group, MAX_GROUP).await > 0 {
        let written = match &db.pools {
            Pools::Sqlite { .. } => write_group(&db, &group).await,
            Pools::Postgres(pool) => postgres::write_group(&db, pool, &group).await,
        };
        let answers = match written {
            Ok(answers) => answers,
            Err(err) => {
                tracing::warn!(
                    error = %err,
                    cause = ?err.cause,
                    cases = group.len(),
                    "a group of new cases failed; writing each alone"
                );
                let mut answers = Vec::with_capacity(group.len());
                for pending in &group {
                    answers.push(alone(&db, pending).await.map(Outcome::Done));
                }
                answers
            }
        };
        tracing::debug!(cases = group.len(), "wrote a group of new cases");
        for (mut pending, outcome) in group.drain(..).zip(answers) {
            let Some(answer) = pending.answer.take() else { continue };
            let reply = outcome.map(|outcome| match outcome {
                Outcome::Done(claim) => Answer::Done(claim),
                Outcome::Taken => Answer::Taken(Box::new(pending)),
            });
            // The requester may have gone away; its case is written all the same.
            let _ = answer.send(reply);
        }
    }
}

/// Writes a group in one transaction. `Err` when the group as a whole failed (nothing of it
/// is written); otherwise one answer per case, in order.
async fn write_group(db: &Db, group: &[Pending]) -> Result<Vec<Result<Outcome, AppError>>, AppError> {
    let mut tx = db.begin().await?;
    let mut claimed = HashSet::with_capacity(group.len());
    let mut rest = group;
    for size in SIZES {
        while rest.len() >= size {
            let (chunk, later) = rest.split_at(size);
            insert_cases(&mut tx, chunk, &mut claimed).await?;
            rest = later;
        }
    }
    let mut answers = Vec::with_capacity(group.len());
    for pending in group {
        if claimed.contains(pending.case.id.as_str()) {
            crate::facts::store::insert(&mut tx, &pending.case.id, &pending.observations, pending.case.now).await?;
            answers.push(Ok(Outcome::Done(Claim::Fresh)));
        } else {
            answers.push(Ok(Outcome::Taken));
        }
    }
    tx.commit().await?;
    Ok(answers)
}

/// One call writing `chunk` (one of [`SIZES`] long); adds the ids of the cases whose keys
/// it claimed to `claimed`.
async fn insert_cases(tx: &mut Tx, chunk: &[Pending], claimed: &mut HashSet<String>) -> Result<(), AppError> {
    let events: Vec<(NewEvent<'_>, String, String)> = chunk
        .iter()
        .map(|p| {
            let event = store::first_event_of(&p.case, p.first_event);
            let data = store::event_data(&event, &p.data);
            (event, crate::ids::sortable("evt"), data)
        })
        .collect();
    let sql = sqlx::AssertSqlSafe(sql_for(chunk.len()));
    let mut query = sqlx::query(sql);
    for ((event, event_id, data), p) in events.iter().zip(chunk) {
        query = bind_event!(query, event, event_id, data, Some((&p.case, &p.claim)));
    }
    let TxConn::Sqlite(conn) = &mut tx.conn else {
        return Err(AppError::internal(std::io::Error::other(
            "cases are written in groups on SQLite only",
        )));
    };
    let rows = query.fetch_all(&mut **conn).await?;
    // The new cases' rows carry their id; the rest are webhook deliveries.
    let mut deliveries = 0;
    for row in rows {
        match row.try_get::<String, _>("id") {
            Ok(id) => {
                claimed.insert(id);
            }
            Err(_) => deliveries += 1,
        }
    }
    crate::outbox::queued(tx, deliveries);
    Ok(())
}

/// The statements for `n` cases: the one-case statements again for each, their parameters
/// numbered on by [`PARAMS_PER_CASE`].
fn sql_for(n: usize) -> &'static str {
    static SQL: LazyLock<Vec<String>> = LazyLock::new(|| {
        let one = store::new_case_sql();
        SIZES
            .iter()
            .map(|&size| {
                (0..size)
                    .map(|k| renumber(one, k * PARAMS_PER_CASE))
                    .collect::<Vec<_>>()
                    .join(";\n")
            })
            .collect()
    });
    let index = SIZES.iter().position(|&size| size == n).unwrap_or(SIZES.len() - 1);
    SQL.get(index).map_or("", String::as_str)
}

/// `sql` with every `$N` placeholder moved up by `offset`.
fn renumber(sql: &str, offset: usize) -> String {
    let mut out = String::with_capacity(sql.len() + 64);
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c != '$' {
            continue;
        }
        let mut digits = String::new();
        while let Some(d) = chars.next_if(char::is_ascii_digit) {
            digits.push(d);
        }
        match digits.parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&digits),
        }
    }
    out
}

/// A case written on its own.
async fn alone(db: &Db, p: &Pending) -> Result<Claim, AppError> {
    store::create_case_alone(db, &p.case, p.first_event, &p.data, &p.claim, &p.observations).await
}

mod postgres {
    use std::collections::HashSet;
    use std::sync::LazyLock;

    use sqlx::{PgPool, Row};

    use super::{Outcome, Pending, alone, store};
    use crate::db::{Backend, Db};
    use crate::error::AppError;
    use crate::idempotency::Claim;
    use crate::outbox::{OutboxSource, outbox_sql};

    /// The most values one statement carries. sqlx 0.9.0 leaves Nagle's algorithm on for TCP
    /// (sqlx issue 4335): a message bigger than what a new socket's send buffer takes in one
    /// write (16 KiB by Linux's default) goes out in two, and the second waits up to 40 ms for
    /// the server's delayed acknowledgement. A group of 30 cases took 47 ms instead of 3.
    const MAX_BYTES: usize = 12 * 1024;

    /// The group's statement: the cases as arrays, unnested into rows, then what
    /// `insert_case` writes for one case, for every row whose key it claimed.
    pub(super) static SQL: LazyLock<String> = LazyLock::new(|| {
        let outbox = outbox_sql(
            Backend::Postgres,
            &OutboxSource {
                from: "claimed c",
                case_id: "c.case_id",
                event_id: "c.event_id",
                event_type: "c.event_type",
                now: "c.now",
                except_endpoint: "NULL::text",
                org_id: "c.org_id",
                environment: "c.environment",
            },
            "",
        );
        format!(
            "WITH input AS (
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[],
                     $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                     $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::bigint[], $20::text[],
                     $21::text[], $22::text[], $23::text[], $24::text[], $25::text[], $26::text[])
                 AS i (case_id, event_id, event_type, now, data, org_id, environment, mode, case_type_id, status,
                     locale, return_url, external_case_id, external_applicant_id, external_customer_id, trace_id,
                     idempotency_key, prefill, link_expires_at, key_org_id, key_environment, endpoint, key,
                     fingerprint, response, metadata)
             ),
             claim AS (
                 INSERT INTO idempotency_keys (org_id, environment, endpoint, key, fingerprint, response, created_at)
                 SELECT key_org_id, key_environment, endpoint, key, fingerprint, response, now FROM input
                 ORDER BY key_org_id COLLATE \"C\", key_environment COLLATE \"C\", endpoint COLLATE \"C\", key COLLATE \"C\"
                 ON CONFLICT (org_id, environment, endpoint, key) DO NOTHING
                 RETURNING org_id, environment, endpoint, key
             ),
             claimed AS (
                 SELECT input.* FROM input JOIN claim ON claim.org_id = input.key_org_id
                     AND claim.environment = input.key_environment AND claim.endpoint = input.endpoint
                     AND claim.key = input.key
             ),
             new_case AS (
                 INSERT INTO cases (id, org_id, environment, mode, case_type_id, status, locale, return_url,
                     external_case_id, external_applicant_id, external_customer_id, trace_id, idempotency_key,
                     prefill, link_expires_at, created_at, updated_at, last_cursor, metadata)
                 SELECT case_id, org_id, environment, mode, case_type_id, status, locale, return_url,
                     external_case_id, external_applicant_id, external_customer_id, trace_id, idempotency_key,
                     prefill, link_expires_at, now, now, 1, metadata
                 FROM claimed
                 RETURNING id
             ),
             event AS (
                 INSERT INTO case_events (case_id, cursor, event_id, event_type, data, created_at)
                 SELECT case_id, 1, event_id, event_type, data, now FROM claimed
             ),
             outbox AS ({outbox})
             SELECT id FROM new_case UNION ALL SELECT NULL FROM outbox"
        )
    });

    /// The values of one statement, one array per column.
    #[derive(Default)]
    struct Columns {
        case_id: Vec<String>,
        event_id: Vec<String>,
        event_type: Vec<&'static str>,
        now: Vec<i64>,
        data: Vec<String>,
        org_id: Vec<String>,
        environment: Vec<&'static str>,
        mode: Vec<&'static str>,
        case_type_id: Vec<String>,
        status: Vec<&'static str>,
        locale: Vec<Option<&'static str>>,
        return_url: Vec<Option<String>>,
        external_case_id: Vec<Option<String>>,
        external_applicant_id: Vec<Option<String>>,
        external_customer_id: Vec<Option<String>>,
        trace_id: Vec<Option<String>>,
        idempotency_key: Vec<Option<String>>,
        prefill: Vec<String>,
        link_expires_at: Vec<Option<i64>>,
        key_org_id: Vec<String>,
        key_environment: Vec<&'static str>,
        endpoint: Vec<&'static str>,
        key: Vec<String>,
        fingerprint: Vec<String>,
        response: Vec<String>,
        metadata: Vec<String>,
    }

    impl Columns {
        /// About how many bytes a case's values take: their text, and a length or a number for
        /// each of the 26 columns.
        fn size(p: &Pending) -> usize {
            let c = &p.case;
            let optional = [
                &c.return_url,
                &c.external_case_id,
                &c.external_applicant_id,
                &c.external_customer_id,
                &c.trace_id,
                &c.idempotency_key,
            ];
            let text = c.id.len() * 2
                + c.org_id.len() * 2
                + c.case_type_id.len()
                + c.prefill.len()
                + c.metadata.len()
                + p.data.to_string().len()
                + p.claim.scope.key.len()
                + p.claim.fingerprint.len()
                + p.claim.response.to_string().len()
                + optional
                    .iter()
                    .map(|v| v.as_ref().map_or(0, String::len))
                    .sum::<usize>();
            text + 26 * 8 + 96
        }

        fn push(&mut self, p: &Pending) {
            let c = &p.case;
            let event = store::first_event_of(c, p.first_event);
            self.data.push(store::event_data(&event, &p.data));
            self.case_id.push(c.id.clone());
            self.event_id.push(crate::ids::sortable("evt"));
            self.event_type.push(p.first_event.as_str());
            self.now.push(c.now);
            self.org_id.push(c.org_id.clone());
            self.environment.push(c.environment.as_str());
            self.mode.push(c.mode.as_str());
            self.case_type_id.push(c.case_type_id.clone());
            self.status.push(c.status.as_str());
            self.locale.push(c.locale);
            self.return_url.push(c.return_url.clone());
            self.external_case_id.push(c.external_case_id.clone());
            self.external_applicant_id.push(c.external_applicant_id.clone());
            self.external_customer_id.push(c.external_customer_id.clone());
            self.trace_id.push(c.trace_id.clone());
            self.idempotency_key.push(c.idempotency_key.clone());
            self.prefill.push(c.prefill.clone());
            self.link_expires_at.push(c.link_expires_at);
            let scope = &p.claim.scope;
            self.key_org_id.push(scope.org_id.clone());
            self.key_environment.push(scope.environment.as_str());
            self.endpoint.push(scope.endpoint);
            self.key.push(scope.key.clone());
            self.fingerprint.push(p.claim.fingerprint.clone());
            self.response.push(p.claim.response.to_string());
            self.metadata.push(c.metadata.clone());
        }
    }

    /// Runs the statement for `columns`; adds the ids of the cases whose keys it claimed to
    /// `claimed` and returns how many webhook deliveries it queued.
    async fn insert(
        conn: impl sqlx::PgExecutor<'_>,
        columns: Columns,
        claimed: &mut HashSet<String>,
    ) -> Result<usize, AppError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(SQL.as_str()))
            .bind(columns.case_id)
            .bind(columns.event_id)
            .bind(columns.event_type)
            .bind(columns.now)
            .bind(columns.data)
            .bind(columns.org_id)
            .bind(columns.environment)
            .bind(columns.mode)
            .bind(columns.case_type_id)
            .bind(columns.status)
            .bind(columns.locale)
            .bind(columns.return_url)
            .bind(columns.external_case_id)
            .bind(columns.external_applicant_id)
            .bind(columns.external_customer_id)
            .bind(columns.trace_id)
            .bind(columns.idempotency_key)
            .bind(columns.prefill)
            .bind(columns.link_expires_at)
            .bind(columns.key_org_id)
            .bind(columns.key_environment)
            .bind(columns.endpoint)
            .bind(columns.key)
            .bind(columns.fingerprint)
            .bind(columns.response)
            .bind(columns.metadata)
            .fetch_all(conn)
            .await?;
        // The new cases' rows carry their id; the rest are webhook deliveries.
        let mut deliveries = 0;
        for row in rows {
            match row.try_get::<Option<String>, _>("id") {
                Ok(Some(id)) => {
                    claimed.insert(id);
                }
                _ => deliveries += 1,
            }
        }
        Ok(deliveries)
    }

    /// Writes a group: the cases whose keys are the first of their kind in the group together;
    /// the others, and cases with prefilled values, then on their own. Never fails as a whole:
    /// when the cases written together fail, each of them is written alone.
    ///
    /// The cases together go in statements of at most `MAX_BYTES` of values. One statement
    /// commits on its own; several share a transaction, so the group waits for one commit
    /// (one flush of the write-ahead log), not one per statement. Their keys are claimed in
    /// byte order across the statements, so two instances' groups never wait on each other in
    /// a cycle.
    pub(super) async fn write_group(
        db: &Db,
        pool: &PgPool,
        group: &[Pending],
    ) -> Result<Vec<Result<Outcome, AppError>>, AppError> {
        let mut keys = HashSet::with_capacity(group.len());
        let mut together: Vec<bool> = group
            .iter()
            .map(|p| {
                let s = &p.claim.scope;
                p.observations.is_empty() && keys.insert((&s.org_id, s.environment, s.endpoint, &s.key))
            })
            .collect();
        let mut order: Vec<usize> = (0..group.len()).filter(|&i| together[i]).collect();
        order.sort_by_key(|&i| {
            let s = &group[i].claim.scope;
            (&s.org_id, s.environment.as_str(), s.endpoint, &s.key)
        });
        let mut chunks: Vec<Columns> = Vec::new();
        let mut bytes = MAX_BYTES;
        for i in order {
            let size = Columns::size(&group[i]);
            if bytes + size > MAX_BYTES {
                chunks.push(Columns::default());
                bytes = 0;
            }
            bytes += size;
            if let Some(chunk) = chunks.last_mut() {
                chunk.push(&group[i]);
            }
        }
        let mut claimed = HashSet::with_capacity(group.len());
        match insert_all(pool, chunks, &mut claimed).await {
            Ok(0) => {}
            Ok(_) => db.raise(crate::outbox::DELIVERIES_QUEUED),
            Err(err) => {
                tracing::warn!(error = %err, cause = ?err.cause, cases = group.len(), "a group of new cases failed; writing each alone");
                together.fill(false);
            }
        }
        let mut answers = Vec::with_capacity(group.len());
        for (p, together) in group.iter().zip(together) {
            answers.push(if !together {
                alone(db, p).await.map(Outcome::Done)
            } else if claimed.contains(&p.case.id) {
                Ok(Outcome::Done(Claim::Fresh))
            } else {
                Ok(Outcome::Taken)
            });
        }
        Ok(answers)
    }

    /// Runs the statements for `chunks`, in one transaction when there are several; returns
    /// how many webhook deliveries they queued. On `Err` nothing of them is written.
    async fn insert_all(pool: &PgPool, chunks: Vec<Columns>, claimed: &mut HashSet<String>) -> Result<usize, AppError> {
        if chunks.len() <= 1 {
            return match chunks.into_iter().next() {
                Some(columns) => insert(pool, columns, claimed).await,
                None => Ok(0),
            };
        }
        let mut tx = pool.begin().await?;
        let mut deliveries = 0;
        for columns in chunks {
            deliveries += insert(&mut *tx, columns, claimed).await?;
        }
        tx.commit().await?;
        Ok(deliveries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_on() {
        assert_eq!(renumber("VALUES ($1, $27); x = $9", 27), "VALUES ($28, $54); x = $36");
        assert_eq!(renumber("'$' || $2", 0), "'$' || $2");
    }

    #[test]
    fn each_size_has_its_statements_with_distinct_parameters() {
        for size in SIZES {
            let sql = sql_for(size);
            let highest = (1..=size * PARAMS_PER_CASE)
                .rev()
                .find(|n| sql.contains(&format!("${n}")));
            assert_eq!(highest, Some(size * PARAMS_PER_CASE), "size {size}");
            assert!(!sql.contains(&format!("${}", size * PARAMS_PER_CASE + 1)));
        }
    }
}
