//! The per-organization rate limit, shared by every instance through the database.
//!
//! Writing the shared counter on every request would put one contended row write on every
//! authenticated request. Instead each instance counts locally and adds its count to the
//! shared window row at most every `SYNC_EVERY`; once an organization is within `EXACT_WITHIN`
//! requests of its limit, every request syncs, so the limit is enforced exactly where it
//! matters. Between syncs another instance's requests are seen late, so with N instances an
//! organization far below its limit can briefly run ahead by at most about N × `EXACT_WITHIN`
//! before every instance counts exactly.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::store;
use crate::db::Db;
use crate::error::AppError;

pub const WINDOW_MS: i64 = 60_000;
const SYNC_EVERY: Duration = Duration::from_millis(200);
const EXACT_WITHIN: i64 = 50;

#[derive(Debug)]
struct Local {
    window_start: i64,
    /// The shared count at the last sync (all instances).
    synced: i64,
    /// This instance's requests not yet added to the shared count.
    pending: i64,
    last_sync: Option<Instant>,
}

/// What one request learned about its organization's window.
#[derive(Debug, Clone, Copy)]
pub struct Verdict {
    pub count: i64,
    pub window_start: i64,
}

#[derive(Debug, Default)]
pub struct RateLimiter {
    orgs: Mutex<HashMap<String, Local>>,
}

impl RateLimiter {
    /// Counts one request of `org_id` at `now_ms`; returns the window count including it.
    pub async fn hit(&self, db: &Db, org_id: &str, limit: i64, now_ms: i64) -> Result<Verdict, AppError> {
        let window_start = now_ms - now_ms.rem_euclid(WINDOW_MS);
        let flush = {
            let mut orgs = self.orgs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let local = orgs.entry(org_id.to_string()).or_insert(Local {
                window_start,
                synced: 0,
                pending: 0,
                last_sync: None,
            });
            if local.window_start != window_start {
                *local = Local {
                    window_start,
                    synced: 0,
                    pending: 0,
                    last_sync: None,
                };
            }
            local.pending += 1;
            let estimate = local.synced + local.pending;
            let due = local.last_sync.is_none_or(|t| t.elapsed() >= SYNC_EVERY);
            if due || estimate + EXACT_WITHIN >= limit {
                let flush = local.pending;
                local.pending = 0;
                local.last_sync = Some(Instant::now());
                flush
            } else {
                return Ok(Verdict {
                    count: estimate,
                    window_start,
                });
            }
        };
        let total = match store::hit_rate_window(db, org_id, window_start, flush).await {
            Ok(total) => total,
            Err(err) => {
                // Put the count back so it is flushed with the next sync.
                let mut orgs = self.orgs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                if let Some(local) = orgs.get_mut(org_id).filter(|l| l.window_start == window_start) {
                    local.pending += flush;
                }
                return Err(err);
            }
        };
        let mut orgs = self.orgs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut count = total;
        if let Some(local) = orgs.get_mut(org_id).filter(|l| l.window_start == window_start) {
            // Requests counted locally while this sync was in flight are not in `total` yet.
            local.synced = local.synced.max(total);
            count = total + local.pending;
        }
        Ok(Verdict { count, window_start })
    }

    /// Forgets organizations whose window has passed.
    pub fn prune(&self, now_ms: i64) {
        let current = now_ms - now_ms.rem_euclid(WINDOW_MS);
        let mut orgs = self.orgs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        orgs.retain(|_, l| l.window_start >= current);
    }
}
