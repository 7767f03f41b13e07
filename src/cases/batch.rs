//! New cases on SQLite, written in groups.
//!
//! SQLite has one writer, so concurrent session creates wait for each other's transactions,
//! and every statement is a round trip to the connection's thread. Here one task writes new
//! cases: the ones that arrive while a group is being written make up the next group, which
//! costs one `BEGIN`, one call holding every case's claim, row, first event and outbox (the
//! statements `insert_case` runs for one case, numbered on), and one `COMMIT`. A request that
//! finds its key taken reads the stored answer in the same transaction; prefilled values
//! follow their case. Each request is answered once the group has committed. When anything in
//! a group fails, the group is rolled back and each of its cases is written on its own, so one
//! bad request never costs another its answer.
//!
//! PostgreSQL needs none of this: its session create is one statement that commits on its own,
//! and its writers run in parallel.

use std::collections::HashSet;
use std::sync::LazyLock;

use sqlx::Row;
use tokio::sync::{mpsc, oneshot};

use super::EventType;
use super::store::{self, NewCase, NewEvent, bind_event};
use crate::db::{Db, Tx, TxConn};
use crate::error::{AppError, Code};
use crate::facts::Observation;
use crate::idempotency::{self, Claim, Claiming};

/// The parameters one case takes in [`store::new_case_sql`].
const PARAMS_PER_CASE: usize = 27;

/// Calls hold 32, 16, 8, 4, 2 or 1 cases, so a connection prepares at most six of them; a
/// group is split into those sizes.
const SIZES: [usize; 6] = [32, 16, 8, 4, 2, 1];

/// At most this many cases share a transaction, so a long burst still commits as it goes.
const MAX_GROUP: usize = 64;

/// A new case waiting to be written, and where its answer goes.
pub struct Pending {
    pub case: NewCase,
    pub first_event: EventType,
    pub data: serde_json::Value,
    pub claim: Claiming,
    pub observations: Vec<Observation>,
    answer: oneshot::Sender<Result<Claim, AppError>>,
}

/// The writer's queue.
#[derive(Debug, Clone)]
pub struct Queue(mpsc::Sender<Pending>);

impl Queue {
    /// Starts the writer for `db` (a handle without a queue of its own); it stops once every
    /// clone of the queue is gone.
    pub fn start(db: Db) -> Self {
        let (send, receive) = mpsc::channel(4 * MAX_GROUP);
        tokio::spawn(run(db, receive));
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
            answer,
        };
        if let Err(mpsc::error::SendError(pending)) = self.0.send(pending).await {
            // The writer is gone (it panicked): this case is written on its own.
            return alone(db, &pending).await;
        }
        answered
            .await
            .map_err(|_| AppError::internal(std::io::Error::other("the case writer stopped before answering")))?
    }
}

async fn run(db: Db, mut queue: mpsc::Receiver<Pending>) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    while queue.recv_many(&mut group, MAX_GROUP).await > 0 {
        let answers = match write_group(&db, &group).await {
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
                    answers.push(alone(&db, pending).await);
                }
                answers
            }
        };
        tracing::debug!(cases = group.len(), "wrote a group of new cases");
        for (pending, answer) in group.drain(..).zip(answers) {
            // The requester may have gone away; its case is written all the same.
            let _ = pending.answer.send(answer);
        }
    }
}

/// Writes a group in one transaction. `Err` when the group as a whole failed (nothing of it
/// is written); otherwise one answer per case, in order.
async fn write_group(db: &Db, group: &[Pending]) -> Result<Vec<Result<Claim, AppError>>, AppError> {
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
            answers.push(Ok(Claim::Fresh));
            continue;
        }
        // The key was taken, before or earlier in this group: the stored answer, or the
        // conflict, which is this request's own.
        match idempotency::stored(&mut tx, &pending.claim.scope, &pending.claim.fingerprint).await {
            Err(err) if err.code != Code::IdempotencyKeyConflict => return Err(err),
            answer => answers.push(answer),
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
            (event, crate::ids::prefixed("evt"), data)
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
    tx.queued_deliveries(deliveries);
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

/// A case written in a transaction of its own.
async fn alone(db: &Db, p: &Pending) -> Result<Claim, AppError> {
    let mut tx = db.begin().await?;
    let claimed = store::insert_case(&mut tx, &p.case, p.first_event, &p.data, &p.claim).await?;
    if let Claim::Fresh = claimed {
        crate::facts::store::insert(&mut tx, &p.case.id, &p.observations, p.case.now).await?;
        tx.commit().await?;
    }
    Ok(claimed)
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
