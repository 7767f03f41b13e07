//! What every handler and background loop shares: the database, settings, messages, case
//! types, the blob store and the limits. Its own module, so the transports (API routes, pages,
//! CLI) depend on the state and not on `app`, which wires them together.

use std::sync::Arc;

use crate::blobs::Blobs;
use crate::case_types::CaseTypes;
use crate::cases::batch::Queue;
use crate::cases::cache::CaseCache;
use crate::config::Config;
use crate::db::Db;
use crate::l10n::L10n;
use crate::sandbox::SandboxLimits;

/// Everything a handler may need. Axum clones it for every request, so it is one shared
/// allocation: a clone is a reference count, not a copy of each pool, path and limit.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] shares.
pub struct Shared {
    pub db: Db,
    /// Rendered case views; every committed change to a case makes it forget that case
    /// (wired as the database's change listener).
    pub cases: Arc<CaseCache>,
    /// The writer of new cases, which writes those that arrive together at once
    /// (`cases::batch`).
    pub new_cases: Option<Queue>,
    pub config: Arc<Config>,
    pub l10n: Arc<L10n>,
    pub case_types: Arc<CaseTypes>,
    pub blobs: Blobs,
    pub sandbox: SandboxLimits,
    /// Woken when a job is enqueued, so an idle worker starts at once.
    pub jobs_ready: Arc<tokio::sync::Notify>,
    pub rate_limiter: Arc<crate::orgs::ratelimit::RateLimiter>,
    /// Keys that authenticated within the last `KLAREFI_KEY_CACHE_MS`.
    pub key_cache: Arc<crate::orgs::keycache::KeyCache>,
    /// This instance's counters (`/metrics`).
    pub metrics: Arc<crate::metrics::Metrics>,
}

impl AppState {
    /// Wraps what [`crate::app`] loaded.
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }

    /// What the document workers use (`pipeline`).
    pub fn workers(&self) -> crate::pipeline::Workers {
        crate::pipeline::Workers {
            db: self.db.clone(),
            blobs: self.blobs.clone(),
            case_types: self.case_types.clone(),
            sandbox: self.sandbox.clone(),
            worker_exe: self.config.worker_exe.clone(),
            fetch_policy: self.fetch_policy(),
            jobs_ready: self.jobs_ready.clone(),
            metrics: self.metrics.clone(),
            lease_ms: i64::try_from(self.config.job_lease.as_millis()).unwrap_or(crate::pipeline::LEASE_MS),
        }
    }

    /// What the webhook delivery loop uses (`webhooks`).
    pub fn sender(&self) -> crate::webhooks::Sender {
        let mut policy = crate::fetch::FetchPolicy::webhook(self.config.allow_private_urls);
        policy.timeout = self.config.webhook_timeout;
        crate::webhooks::Sender {
            db: self.db.clone(),
            case_types: self.case_types.clone(),
            policy,
            backoff_scale: self.config.webhook_backoff_scale,
            metrics: self.metrics.clone(),
        }
    }

    /// The rules for fetching integrator-supplied documents.
    pub fn fetch_policy(&self) -> crate::fetch::FetchPolicy {
        crate::fetch::FetchPolicy::document(self.config.allow_private_urls)
    }
}
