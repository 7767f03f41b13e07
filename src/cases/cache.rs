//! Rendered case views: the bodies of `GET /api/v1/cases/{id}` and of its event feed pages,
//! kept in memory so that a repeated read of an unchanged case asks the database nothing.
//! Events are only ever appended, and every append changes the case (`Tx::changed`), so a
//! feed page is forgotten exactly when the case is.
//!
//! A cached view is only as good as its invalidation, so the rules are strict:
//! - On this instance, every transaction records the cases whose view it changes
//!   (`Tx::changed`), and its commit holds them out of the cache from just before the
//!   `COMMIT` until it has taken effect (`hold`): no reader here is served, or caches, the
//!   state a commit replaces.
//! - On PostgreSQL, instances tell each other: after the commit, the changed ids are queued
//!   (`announce`) and `announce_changes` sends them on the channel `klarefi_case_changed`,
//!   in batches and outside the writing transaction (a transaction that notifies takes a
//!   cluster-wide lock until its commit is flushed, which would make every case write wait
//!   for the one before it). `follow` listens and forgets each id. Until it listens, and
//!   whenever its connection drops (notifications are lost then), the cache is cleared and
//!   unused. Another instance's change is seen late by the time to send and deliver the
//!   notification, a few milliseconds; if the writing instance dies between its commit and
//!   the notification, others see the change when their entry expires.
//! - On SQLite one server process owns the database, so its own commits are all the changes.
//! - A view read from the database is cached only if no case was forgotten meanwhile (the
//!   `epoch`), so a read racing a commit never stores the older state.
//! - Each entry is trusted for `KLAREFI_CASE_CACHE_MS` at most (2 s; 0 turns the cache off),
//!   which also bounds how stale a read can be where changes go unheard: a second server
//!   process on one SQLite file (unsupported: several instances need PostgreSQL). The cache
//!   holds `MAX_BYTES` at most.
//!
//! In debug builds (the tests) every hit is checked against a fresh read (`cases::routes`),
//! so a write path that forgets to call `Tx::changed` fails the test suite.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use crate::orgs::Environment;

pub const MAX_BYTES: usize = 32 << 20;

/// The PostgreSQL notification channel instances announce changed case ids on.
pub const CHANNEL: &str = "klarefi_case_changed";

#[derive(Debug)]
pub struct CaseCache {
    inner: Mutex<Inner>,
    /// False while changes made elsewhere could go unseen (PostgreSQL without a listener).
    usable: AtomicBool,
    max_age: Duration,
    /// PostgreSQL: cases this instance changed, waiting to be announced to the others.
    announcing: Option<Announcing>,
}

#[derive(Debug, Default)]
struct Announcing {
    pending: Mutex<Vec<String>>,
    ready: tokio::sync::Notify,
}

/// At most this many ids wait to be announced; beyond it they are dropped (and other
/// instances see those changes when their entries expire), so a stalled announcer cannot
/// grow memory without bound.
const MAX_PENDING: usize = 100_000;

/// Which rendering of a case an entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// `GET /api/v1/cases/{id}`.
    Case,
    /// `GET /api/v1/cases/{id}/events?after_cursor=…&limit=…`.
    Events { after: i64, limit: i64 },
}

/// A case keeps at most this many feed pages (they are asked for with many cursors); its case
/// view is kept besides.
const MAX_PAGES: usize = 16;

#[derive(Debug, Default)]
struct Inner {
    /// The cached views of each case.
    entries: HashMap<String, Entry>,
    /// Cases a commit on this instance is changing right now, with how many commits.
    held: HashMap<String, u32>,
    /// Counts every forgetting; a read that saw another epoch does not store its view.
    epoch: u64,
    bytes: usize,
    /// When a full cache last dropped its expired entries: at most once per half an entry's
    /// life, not on every read that finds it full.
    swept: Option<Instant>,
}

#[derive(Debug)]
struct Entry {
    org_id: String,
    environment: Environment,
    views: HashMap<View, Stored>,
}

#[derive(Debug)]
struct Stored {
    body: Bytes,
    at: Instant,
}

impl CaseCache {
    /// The cache of the one server process that owns a SQLite database: its own commits are
    /// all the changes there are, so it is usable from the start.
    pub fn local(max_age: Duration) -> Self {
        Self {
            inner: Mutex::default(),
            usable: AtomicBool::new(true),
            max_age,
            announcing: None,
        }
    }

    /// The cache of one of several instances on a PostgreSQL database: usable once `follow`
    /// listens for the others' changes; this instance's changes go out through
    /// `announce_changes`.
    pub fn shared(max_age: Duration) -> Self {
        Self {
            inner: Mutex::default(),
            usable: AtomicBool::new(false),
            max_age,
            announcing: Some(Announcing::default()),
        }
    }

    /// Whether the cache is on at all (`KLAREFI_CASE_CACHE_MS` above 0).
    pub fn enabled(&self) -> bool {
        !self.max_age.is_zero()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The epoch to pass to `put` with the view read after this call.
    pub fn epoch(&self) -> u64 {
        self.lock().epoch
    }

    /// The cached `view` of `case_id`, if it is the caller's (organization and environment),
    /// fresh, and not being changed.
    pub fn get(&self, case_id: &str, view: View, org_id: &str, environment: Environment) -> Option<Bytes> {
        if !self.usable.load(Ordering::Acquire) {
            return None;
        }
        let inner = self.lock();
        if inner.held.contains_key(case_id) {
            return None;
        }
        inner
            .entries
            .get(case_id)
            .filter(|e| e.org_id == org_id && e.environment == environment)
            .and_then(|e| e.views.get(&view))
            .filter(|s| s.at.elapsed() < self.max_age)
            .map(|s| s.body.clone())
    }

    /// Stores a view read from the database after `epoch()` returned `epoch`, unless a case
    /// was forgotten since (the read may have seen the state before that change).
    pub fn put(&self, case_id: &str, view: View, org_id: &str, environment: Environment, body: Bytes, epoch: u64) {
        if !self.usable.load(Ordering::Acquire) || !self.enabled() {
            return;
        }
        let mut inner = self.lock();
        if inner.epoch != epoch || inner.held.contains_key(case_id) {
            return;
        }
        let max_age = self.max_age;
        if inner.bytes_after(case_id, view, body.len()) > MAX_BYTES {
            if inner.swept.is_some_and(|t| t.elapsed() < max_age / 2) {
                return;
            }
            inner.swept = Some(Instant::now());
            let Inner { entries, bytes, .. } = &mut *inner;
            entries.retain(|_, e| {
                drop_expired(&mut e.views, max_age, bytes);
                !e.views.is_empty()
            });
            if inner.bytes_after(case_id, view, body.len()) > MAX_BYTES {
                return;
            }
        }
        let Inner { entries, bytes, .. } = &mut *inner;
        let entry = entries.entry(case_id.to_string()).or_insert_with(|| Entry {
            org_id: org_id.to_string(),
            environment,
            views: HashMap::new(),
        });
        if entry.org_id != org_id || entry.environment != environment {
            // Case ids are unique; a case is only ever read as its own organization's.
            return;
        }
        let pages = |views: &HashMap<View, Stored>| views.keys().filter(|v| **v != View::Case).count();
        if view != View::Case && pages(&entry.views) >= MAX_PAGES && !entry.views.contains_key(&view) {
            drop_expired(&mut entry.views, max_age, bytes);
            if pages(&entry.views) >= MAX_PAGES {
                return;
            }
        }
        let size = body.len();
        if let Some(old) = entry.views.insert(
            view,
            Stored {
                body,
                at: Instant::now(),
            },
        ) {
            *bytes -= old.body.len();
        }
        *bytes += size;
    }

    /// Forgets `case_id` (another instance changed it).
    pub fn forget(&self, case_id: &str) {
        let mut inner = self.lock();
        inner.forget(case_id);
    }

    /// Keeps `case_ids` out of the cache until the returned guard drops: taken just before a
    /// commit, dropped just after it (or when the commit fails or is cancelled).
    pub fn hold(self: &Arc<Self>, case_ids: Vec<String>) -> Held {
        let mut inner = self.lock();
        for id in &case_ids {
            inner.forget(id);
            *inner.held.entry(id.clone()).or_default() += 1;
        }
        Held {
            cache: self.clone(),
            case_ids,
        }
    }

    /// Queues committed changes for the other instances (PostgreSQL; nothing on SQLite).
    pub fn announce(&self, case_ids: &[String]) {
        let Some(announcing) = self.announcing.as_ref().filter(|_| self.enabled()) else {
            return;
        };
        let mut pending = announcing.pending.lock().unwrap_or_else(PoisonError::into_inner);
        if pending.len() + case_ids.len() <= MAX_PENDING {
            pending.extend_from_slice(case_ids);
        }
        drop(pending);
        announcing.ready.notify_one();
    }

    /// Stops using the cache (changes elsewhere may go unseen) and empties it.
    pub fn suspend(&self) {
        self.usable.store(false, Ordering::Release);
        self.clear();
    }

    /// Empties the cache and uses it again (changes elsewhere are seen from now on).
    pub fn resume(&self) {
        self.clear();
        self.usable.store(true, Ordering::Release);
    }

    fn clear(&self) {
        let mut inner = self.lock();
        inner.entries.clear();
        inner.bytes = 0;
        inner.epoch += 1;
    }
}

impl Inner {
    /// The cache's size once `view` of `case_id` holds `len` bytes.
    fn bytes_after(&self, case_id: &str, view: View, len: usize) -> usize {
        let replaced = self
            .entries
            .get(case_id)
            .and_then(|e| e.views.get(&view))
            .map_or(0, |s| s.body.len());
        self.bytes - replaced + len
    }

    fn forget(&mut self, case_id: &str) {
        if let Some(old) = self.entries.remove(case_id) {
            self.bytes -= old.views.values().map(|s| s.body.len()).sum::<usize>();
        }
        self.epoch += 1;
    }
}

/// Drops the views older than `max_age`, taking their size off `bytes`.
fn drop_expired(views: &mut HashMap<View, Stored>, max_age: Duration, bytes: &mut usize) {
    views.retain(|_, s| {
        let fresh = s.at.elapsed() < max_age;
        if !fresh {
            *bytes -= s.body.len();
        }
        fresh
    });
}

/// Cases held out of the cache while a commit changes them.
#[derive(Debug)]
pub struct Held {
    cache: Arc<CaseCache>,
    case_ids: Vec<String>,
}

/// The cache as the database's [`crate::db::ChangeListener`]: a commit's changed cases are held
/// out of it until the `COMMIT` took effect, then announced to the other instances.
pub struct Listener(pub Arc<CaseCache>);

impl crate::db::ChangeListener for Listener {
    fn hold(&self, changed: Vec<String>) -> Box<dyn crate::db::Held> {
        Box::new(self.0.hold(changed))
    }
}

impl crate::db::Held for Held {
    fn committed(self: Box<Self>) {
        self.cache.announce(&self.case_ids);
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut inner = self.cache.lock();
        for id in &self.case_ids {
            inner.forget(id);
            if let Some(n) = inner.held.get_mut(id) {
                *n -= 1;
                if *n == 0 {
                    inner.held.remove(id);
                }
            }
        }
    }
}

/// Sends this instance's committed changes to the others on PostgreSQL until `stop`, a batch
/// per statement (its own transaction, so its notification lock holds up no case write);
/// at `stop` it sends what is left and returns.
pub async fn announce_changes(pool: sqlx::PgPool, cache: Arc<CaseCache>, mut stop: tokio::sync::watch::Receiver<bool>) {
    let Some(announcing) = cache.announcing.as_ref() else {
        return;
    };
    let take = || std::mem::take(&mut *announcing.pending.lock().unwrap_or_else(PoisonError::into_inner));
    loop {
        let batch = take();
        if batch.is_empty() {
            tokio::select! {
                _ = stop.changed() => {
                    let _ = notify(&pool, &take()).await;
                    return;
                }
                () = announcing.ready.notified() => continue,
            }
        }
        if notify(&pool, &batch).await.is_err() {
            tokio::select! {
                _ = stop.changed() => return,
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    }
}

async fn notify(pool: &sqlx::PgPool, case_ids: &[String]) -> Result<(), sqlx::Error> {
    if case_ids.is_empty() {
        return Ok(());
    }
    let sent = sqlx::query("SELECT pg_notify($1, id) FROM unnest($2::text[]) AS id")
        .bind(CHANNEL)
        .bind(case_ids)
        .execute(pool)
        .await;
    if let Err(err) = &sent {
        // The others see these changes when their entries expire.
        tracing::warn!(error = %err, cases = case_ids.len(), "case cache: could not announce changes");
    }
    sent.map(|_| ())
}

/// Listens for other instances' changes on PostgreSQL until `stop`: the cache is usable while
/// the listening connection is up, and cleared and unused while it is not.
pub async fn follow(pool: sqlx::PgPool, cache: Arc<CaseCache>, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        let listening = async {
            let mut listener = sqlx::postgres::PgListener::connect_with(&pool).await?;
            listener.listen(CHANNEL).await?;
            Ok::<_, sqlx::Error>(listener)
        };
        let mut listener = tokio::select! {
            _ = stop.changed() => return,
            listening = listening => match listening {
                Ok(listener) => listener,
                Err(err) => {
                    tracing::warn!(error = %err, "case cache: cannot listen for changes; retrying in 1 s");
                    tokio::select! {
                        _ = stop.changed() => return,
                        () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    }
                }
            },
        };
        cache.resume();
        loop {
            tokio::select! {
                _ = stop.changed() => {
                    cache.suspend();
                    return;
                }
                got = listener.try_recv() => match got {
                    Ok(Some(notification)) => cache.forget(notification.payload()),
                    Ok(None) | Err(_) => {
                        tracing::warn!("case cache: the listening connection dropped; not caching until it is back");
                        cache.suspend();
                        break;
                    }
                },
            }
        }
        tokio::select! {
            _ = stop.changed() => return,
            () = tokio::time::sleep(Duration::from_millis(200)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORG: &str = "org_1";
    const ENV: Environment = Environment::Test;
    const AGE: Duration = Duration::from_secs(60);

    fn body(s: &str) -> Bytes {
        Bytes::copy_from_slice(s.as_bytes())
    }

    #[test]
    fn a_view_is_served_to_its_own_organization_and_environment_only() {
        let cache = CaseCache::local(AGE);
        cache.put("c1", View::Case, ORG, ENV, body("v1"), cache.epoch());
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), Some(body("v1")));
        assert_eq!(cache.get("c1", View::Case, "org_2", ENV), None);
        assert_eq!(cache.get("c1", View::Case, ORG, Environment::Live), None);
        assert_eq!(cache.get("c2", View::Case, ORG, ENV), None);
    }

    #[test]
    fn entries_expire_and_a_zero_age_keeps_nothing() {
        let cache = CaseCache::local(Duration::ZERO);
        cache.put("c1", View::Case, ORG, ENV, body("v1"), cache.epoch());
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), None);
        let cache = CaseCache::local(Duration::from_millis(30));
        cache.put("c1", View::Case, ORG, ENV, body("v1"), cache.epoch());
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), Some(body("v1")));
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), None);
    }

    #[test]
    fn a_read_that_raced_a_change_is_not_stored() {
        let cache = CaseCache::local(AGE);
        let epoch = cache.epoch();
        cache.forget("c9");
        cache.put("c1", View::Case, ORG, ENV, body("old"), epoch);
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), None);
    }

    #[test]
    fn a_held_case_is_neither_served_nor_stored_until_its_commit_is_over() {
        let cache = Arc::new(CaseCache::local(AGE));
        cache.put("c1", View::Case, ORG, ENV, body("v1"), cache.epoch());
        let held = cache.hold(vec!["c1".to_string()]);
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), None);
        let epoch = cache.epoch();
        cache.put("c1", View::Case, ORG, ENV, body("during"), epoch);
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), None);
        // A read that began during the commit may have seen either state.
        drop(held);
        cache.put("c1", View::Case, ORG, ENV, body("during"), epoch);
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), None);
        cache.put("c1", View::Case, ORG, ENV, body("v2"), cache.epoch());
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), Some(body("v2")));
    }

    #[test]
    fn a_suspended_cache_serves_and_stores_nothing_and_resumes_empty() {
        let cache = CaseCache::shared(AGE);
        cache.put("c1", View::Case, ORG, ENV, body("v1"), cache.epoch());
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), None);
        cache.resume();
        cache.put("c1", View::Case, ORG, ENV, body("v1"), cache.epoch());
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), Some(body("v1")));
        cache.suspend();
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), None);
        cache.resume();
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), None);
    }

    #[test]
    fn changes_are_queued_for_other_instances_on_postgresql_only_while_the_cache_is_on() {
        let pending = |cache: &CaseCache| {
            cache
                .announcing
                .as_ref()
                .map(|a| a.pending.lock().unwrap_or_else(PoisonError::into_inner).clone())
        };
        let ids = ["c1".to_string(), "c2".to_string()];
        let local = CaseCache::local(AGE);
        local.announce(&ids);
        assert_eq!(pending(&local), None);
        let shared = CaseCache::shared(AGE);
        shared.announce(&ids);
        assert_eq!(pending(&shared), Some(ids.to_vec()));
        let off = CaseCache::shared(Duration::ZERO);
        off.announce(&ids);
        assert_eq!(pending(&off), Some(Vec::new()));
    }

    #[test]
    fn a_case_keeps_its_view_and_feed_pages_and_forgets_them_together() {
        let cache = CaseCache::local(AGE);
        let page = |after| View::Events { after, limit: 100 };
        cache.put("c1", View::Case, ORG, ENV, body("case"), cache.epoch());
        cache.put("c1", page(0), ORG, ENV, body("events"), cache.epoch());
        cache.put("c2", page(0), ORG, ENV, body("other"), cache.epoch());
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), Some(body("case")));
        assert_eq!(cache.get("c1", page(0), ORG, ENV), Some(body("events")));
        assert_eq!(cache.get("c1", page(1), ORG, ENV), None);
        cache.forget("c1");
        assert_eq!(cache.get("c1", View::Case, ORG, ENV), None);
        assert_eq!(cache.get("c1", page(0), ORG, ENV), None);
        assert_eq!(cache.get("c2", page(0), ORG, ENV), Some(body("other")));
        assert_eq!(cache.lock().bytes, "other".len());

        for after in 0..(MAX_PAGES as i64 + 4) {
            cache.put("c3", page(after), ORG, ENV, body("p"), cache.epoch());
        }
        let kept = (0..(MAX_PAGES as i64 + 4))
            .filter(|a| cache.get("c3", page(*a), ORG, ENV).is_some())
            .count();
        assert_eq!(kept, MAX_PAGES);
        // The case view is kept beside a full set of pages.
        cache.put("c3", View::Case, ORG, ENV, body("case"), cache.epoch());
        assert_eq!(cache.get("c3", View::Case, ORG, ENV), Some(body("case")));
        assert_eq!(cache.lock().bytes, "other".len() + MAX_PAGES + "case".len());
    }

    #[test]
    fn a_full_cache_makes_room_from_expired_entries_at_most_once_per_half_life() {
        let cache = CaseCache::local(Duration::from_millis(400));
        let big = || Bytes::from(vec![b'x'; MAX_BYTES / 2 + 1]);
        cache.put("c1", View::Case, ORG, ENV, big(), cache.epoch());
        // Full, nothing expired: refused (and swept).
        cache.put("c2", View::Case, ORG, ENV, big(), cache.epoch());
        assert!(cache.get("c2", View::Case, ORG, ENV).is_none());
        std::thread::sleep(Duration::from_millis(420));
        // c1 has expired and the last sweep is half a life old: swept, stored.
        cache.put("c2", View::Case, ORG, ENV, big(), cache.epoch());
        assert!(cache.get("c2", View::Case, ORG, ENV).is_some());
        // Full again right after a sweep: refused without another sweep.
        cache.put("c3", View::Case, ORG, ENV, big(), cache.epoch());
        assert!(cache.get("c3", View::Case, ORG, ENV).is_none());
        assert!(cache.lock().entries.contains_key("c2"));
    }

    #[test]
    fn the_cache_stops_storing_at_its_byte_limit() {
        let cache = CaseCache::local(AGE);
        let big = Bytes::from(vec![b'x'; MAX_BYTES / 2 + 1]);
        cache.put("c1", View::Case, ORG, ENV, big.clone(), cache.epoch());
        cache.put("c2", View::Case, ORG, ENV, big.clone(), cache.epoch());
        assert!(cache.get("c1", View::Case, ORG, ENV).is_some());
        assert!(cache.get("c2", View::Case, ORG, ENV).is_none());
        // Replacing an entry counts its bytes once.
        let other = Bytes::from(vec![b'y'; MAX_BYTES / 2 + 1]);
        cache.put("c1", View::Case, ORG, ENV, other, cache.epoch());
        let first_byte = |b: Option<Bytes>| b.and_then(|b| b.first().copied());
        assert_eq!(first_byte(cache.get("c1", View::Case, ORG, ENV)), Some(b'y'));
        cache.forget("c1");
        cache.put("c2", View::Case, ORG, ENV, body("small"), cache.epoch());
        assert_eq!(cache.get("c2", View::Case, ORG, ENV), Some(body("small")));
    }
}
