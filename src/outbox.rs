//! The outbox: the webhook deliveries an event queues, written by the same statement that
//! writes the event, so an event and its deliveries commit together or not at all. Below both
//! `cases` (which writes events) and `webhooks` (which sends what is queued here).

use crate::db::{Backend, Tx};

/// The signal (`db::Db::signal`) a commit raises when it queued deliveries; the delivery loop
/// (`webhooks::run_deliveries`) waits on it, so a queued delivery goes out at once.
pub const DELIVERIES_QUEUED: &str = "outbox.deliveries_queued";

/// Records that `tx` queued `n` deliveries: its commit wakes the delivery loop.
pub fn queued(tx: &mut Tx, n: usize) {
    if n > 0 {
        tx.signal(DELIVERIES_QUEUED);
    }
}

/// The outbox: one delivery per enabled endpoint of the case's organization and environment
/// subscribed to the event's type, written by the statement that writes the event
/// (`cases::store::write_event`). Its parameters are the event's: `$1` case id, `$2` event id,
/// `$3` event type, `$4` now, `$5` the endpoint to leave out (the one whose failure the event
/// reports) or NULL, `$8` organization and `$9` environment. `guard` is one more condition
/// (`AND …`) or empty. It returns a row (`1`) for each delivery it queued.
pub fn outbox_insert_sql(backend: Backend, guard: &str) -> String {
    outbox_sql(backend, &OutboxSource::PARAMETERS, guard)
}

/// Where the outbox insert takes an event's values from: expressions for each, and a table
/// to read them from (empty for parameters).
pub struct OutboxSource<'a> {
    pub from: &'a str,
    pub case_id: &'a str,
    pub event_id: &'a str,
    pub event_type: &'a str,
    pub now: &'a str,
    pub except_endpoint: &'a str,
    pub org_id: &'a str,
    pub environment: &'a str,
}

impl OutboxSource<'static> {
    /// The parameters `outbox_insert_sql` documents.
    pub const PARAMETERS: Self = OutboxSource {
        from: "",
        case_id: "$1",
        event_id: "$2",
        event_type: "$3",
        now: "$4",
        except_endpoint: "$5",
        org_id: "$8",
        environment: "$9",
    };
}

/// The outbox insert for the events `source` names (one per row of its table).
pub fn outbox_sql(backend: Backend, source: &OutboxSource<'_>, guard: &str) -> String {
    let OutboxSource {
        from,
        case_id,
        event_id,
        event_type,
        now,
        except_endpoint,
        org_id,
        environment,
    } = source;
    // The same statement on both backends but for how random characters are made. A delivery's
    // id starts with its event's millisecond (an event id is `ids::sortable`), so new
    // deliveries are appended to the id index as new events are.
    let random = match backend {
        Backend::Sqlite => "lower(hex(randomblob(8)))",
        Backend::Postgres => "substr(md5(random()::text || clock_timestamp()::text || e.id), 1, 16)",
    };
    let id = format!("'whd_' || substr({event_id}, 5, 8) || {random}");
    let from = if from.is_empty() {
        String::new()
    } else {
        format!("{from}, ")
    };
    format!(
        "INSERT INTO webhook_deliveries (id, endpoint_id, org_id, case_id, event_id, status, attempts, next_attempt_at,
            created_at, updated_at)
         SELECT {id}, e.id, e.org_id, {case_id}, {event_id}, 'pending', 0, {now}, {now}, {now}
         FROM {from}webhook_endpoints e
         WHERE e.org_id = {org_id} AND e.environment = {environment} AND e.enabled
           AND (e.events = '*' OR (' ' || e.events || ' ') LIKE ('% ' || {event_type} || ' %'))
           AND ({except_endpoint} IS NULL OR e.id <> {except_endpoint}) {guard}
         ON CONFLICT (event_id, endpoint_id) DO NOTHING
         RETURNING 1"
    )
}
