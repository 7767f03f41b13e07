//! Keys this instance authenticated a moment ago, so a busy integration's requests skip the key
//! lookup (one query, most of the cost of a small API request).
//!
//! An entry is trusted for `max_age` (`KLAREFI_KEY_CACHE_MS`, 2 s by default) and then looked
//! up again, so a key revoked with `klarefi keys revoke`, or an organization whose settings
//! changed, takes effect within that time on every instance. Only keys that authenticated are
//! kept, by their hash: a new key works at once, and guessing cannot fill the cache.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::store::KeyWithOrg;

/// At most this many keys are kept; past it, expired ones are dropped and new ones wait.
const CAPACITY: usize = 10_000;

#[derive(Debug)]
pub struct KeyCache {
    max_age: Duration,
    entries: Mutex<HashMap<String, (Instant, KeyWithOrg)>>,
}

impl KeyCache {
    /// A cache trusting entries for `max_age`; `Duration::ZERO` keeps nothing.
    pub fn new(max_age: Duration) -> Self {
        Self {
            max_age,
            entries: Mutex::default(),
        }
    }

    /// The key with this hash, if it authenticated within `max_age`.
    pub fn get(&self, key_hash: &str) -> Option<KeyWithOrg> {
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries
            .get(key_hash)
            .filter(|(at, _)| at.elapsed() < self.max_age)
            .map(|(_, row)| row.clone())
    }

    /// Remembers a key that just authenticated (never a revoked one).
    pub fn put(&self, key_hash: &str, row: &KeyWithOrg) {
        if self.max_age.is_zero() || row.revoked_at.is_some() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() >= CAPACITY && !entries.contains_key(key_hash) {
            let max_age = self.max_age;
            entries.retain(|_, (at, _)| at.elapsed() < max_age);
            if entries.len() >= CAPACITY {
                return;
            }
        }
        entries.insert(key_hash.to_string(), (Instant::now(), row.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(revoked_at: Option<i64>) -> KeyWithOrg {
        KeyWithOrg {
            key_id: "key_1".into(),
            org_id: "org_1".into(),
            environment: crate::orgs::Environment::Test,
            scopes: "cases:read".into(),
            revoked_at,
            processing_enabled: false,
            rate_limit: None,
        }
    }

    #[test]
    fn an_entry_is_trusted_for_its_max_age_only() {
        let cache = KeyCache::new(Duration::from_millis(50));
        assert!(cache.get("h").is_none());
        cache.put("h", &key(None));
        assert_eq!(cache.get("h").map(|k| k.key_id), Some("key_1".to_string()));
        assert!(cache.get("other").is_none());
        std::thread::sleep(Duration::from_millis(60));
        assert!(cache.get("h").is_none(), "an expired entry must be looked up again");
    }

    #[test]
    fn revoked_keys_and_a_zero_max_age_keep_nothing() {
        let cache = KeyCache::new(Duration::from_secs(60));
        cache.put("h", &key(Some(1)));
        assert!(cache.get("h").is_none());
        let off = KeyCache::new(Duration::ZERO);
        off.put("h", &key(None));
        assert!(off.get("h").is_none());
    }

    #[test]
    fn a_full_cache_drops_expired_entries_and_otherwise_refuses_new_ones() {
        // Filling 10,000 entries must end before the first expires: 30 ms was too short on
        // a loaded 2-core machine (unoptimized build), so the entries live 500 ms here.
        let cache = KeyCache::new(Duration::from_millis(500));
        for i in 0..CAPACITY {
            cache.put(&format!("h{i}"), &key(None));
        }
        cache.put("new", &key(None));
        assert!(cache.get("new").is_none(), "a full cache of live entries takes no more");
        assert!(cache.get("h0").is_some());
        std::thread::sleep(Duration::from_millis(550));
        cache.put("new", &key(None));
        assert!(cache.get("new").is_some(), "expired entries make room");
        let len = cache.entries.lock().map(|e| e.len()).unwrap_or_default();
        assert_eq!(len, 1);
    }
}
