//! The application: shared state, the router, start-up and graceful shutdown.
//!
//! `App::build` does everything production does before serving (database, migrations,
//! messages, case types, the demo organization, binding the listener), so tests boot exactly
//! what production boots, on port 0.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use axum::routing::get;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::blobs::Blobs;
use crate::case_types::{CaseTypeError, CaseTypes};
use crate::cases::cache::CaseCache;
use crate::config::Config;
use crate::db::{Backend, Db, Pools};
use crate::error::{AppError, Code, Kind};
use crate::l10n::{L10n, L10nError};
use crate::orgs::{self, Environment, Scope};
use crate::sandbox::SandboxLimits;
use crate::web;

pub use crate::state::{AppState, Shared};

/// Largest JSON body the API accepts.
pub const API_BODY_LIMIT: usize = 1024 * 1024;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("messages: {0}")]
    Messages(#[from] L10nError),
    #[error("case type {0}")]
    CaseType(#[from] CaseTypeError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("{0}")]
    Setup(String),
}

impl AppState {
    /// Connects, migrates and loads everything the server and the admin commands need.
    pub async fn load(config: Config) -> Result<Self, StartError> {
        let db = Db::connect(&config.database_url).await?;
        db.migrate().await?;
        let cases = Arc::new(match db.backend() {
            Backend::Sqlite => CaseCache::local(config.case_cache_max_age),
            Backend::Postgres => CaseCache::shared(config.case_cache_max_age),
        });
        db.listen_for_changes(Arc::new(crate::cases::cache::Listener(cases.clone())));
        let new_cases = Some(crate::cases::batch::Queue::start(&db));
        let l10n = L10n::load(config.case_types_dir.as_deref())?;
        let case_types = CaseTypes::load(config.case_types_dir.as_deref(), &l10n)?;
        let sandbox = SandboxLimits {
            tesseract: config.tesseract.clone(),
            ..SandboxLimits::default()
        };
        let key_cache = Arc::new(crate::orgs::keycache::KeyCache::new(config.key_cache_max_age));
        let blobs = Blobs::open(&config.blob_url).map_err(|e| StartError::Setup(format!("KLAREFI_BLOB_URL: {e}")))?;
        tracing::debug!(blobs = %blobs.describe(), "document bytes");
        Ok(Self::new(Shared {
            db,
            cases,
            new_cases,
            blobs,
            config: Arc::new(config),
            l10n: Arc::new(l10n),
            case_types: Arc::new(case_types),
            sandbox,
            jobs_ready: Arc::new(tokio::sync::Notify::new()),
            rate_limiter: Arc::default(),
            key_cache,
            metrics: Arc::default(),
        }))
    }
}

/// The demo organization made on a new database.
#[derive(Debug, Clone)]
pub struct Demo {
    pub org_id: String,
    pub api_key: String,
    /// A ready applicant link for a `motor_claim` session.
    pub applicant_url: Option<String>,
}

/// Connections the operations address holds at once (probes and scrapers are few).
const OPS_CONNECTIONS: usize = 64;

pub struct App {
    state: AppState,
    listener: TcpListener,
    /// Health, readiness and metrics only (`KLAREFI_OPS_BIND`).
    ops_listener: Option<TcpListener>,
    demo: Option<Demo>,
}

impl App {
    /// Prepares everything and binds the listener (port 0 picks a free port).
    pub async fn build(mut config: Config) -> Result<Self, StartError> {
        let bind = config.bind;
        let listener = crate::server::bind(bind).map_err(|source| StartError::Bind { addr: bind, source })?;
        let ops_listener = match config.ops_bind {
            Some(addr) => Some(crate::server::bind(addr).map_err(|source| StartError::Bind { addr, source })?),
            None => None,
        };
        if config.public_url_from_bind
            && let Ok(addr) = listener.local_addr()
        {
            config.public_url = format!("http://{addr}");
        }
        let state = AppState::load(config).await?;
        state.db.open_pool().await?;
        if state.config.allow_private_urls {
            tracing::warn!(
                "KLAREFI_ALLOW_PRIVATE_URLS is on: plain http and private addresses are allowed (development and tests only)"
            );
        }
        let demo = if state.config.demo {
            create_demo(&state).await?
        } else {
            None
        };
        Ok(Self {
            state,
            listener,
            ops_listener,
            demo,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The operations address, when `KLAREFI_OPS_BIND` asked for one.
    pub fn ops_addr(&self) -> Option<SocketAddr> {
        self.ops_listener.as_ref().and_then(|l| l.local_addr().ok())
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The demo organization, when this start created it.
    pub fn demo(&self) -> Option<&Demo> {
        self.demo.as_ref()
    }

    /// Serves until `shutdown` resolves, then finishes in-flight requests.
    pub async fn serve(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let maintenance = tokio::spawn(maintenance(self.state.clone(), stop_rx.clone()));
        // A `web` process leaves documents and webhooks to the `worker` processes.
        let mut background = Vec::new();
        if self.state.config.role.works() {
            background.push(tokio::spawn(crate::pipeline::run_workers(
                self.state.workers(),
                self.state.config.workers,
                self.state.config.shutdown_grace,
                stop_rx.clone(),
            )));
            background.push(tokio::spawn(crate::webhooks::run_deliveries(
                self.state.sender(),
                stop_rx,
            )));
        }
        // On PostgreSQL instances tell each other which cases they changed, and the case cache
        // is used while this one hears the others. These tasks stop after the workers, so
        // the workers' last commits are announced too.
        let (cache_stop, cache_stop_rx) = tokio::sync::watch::channel(false);
        let mut case_cache_tasks = Vec::new();
        if let Pools::Postgres(pool) = &self.state.db.pools
            && self.state.cases.enabled()
        {
            let cache = &self.state.cases;
            case_cache_tasks.push(tokio::spawn(crate::cases::cache::follow(
                pool.clone(),
                cache.clone(),
                cache_stop_rx.clone(),
            )));
            case_cache_tasks.push(tokio::spawn(crate::cases::cache::announce_changes(
                pool.clone(),
                cache.clone(),
                cache_stop_rx,
            )));
        }
        let limits = crate::server::Limits {
            header_timeout: self.state.config.header_timeout,
            max_connections: self.state.config.max_connections,
        };
        // The operations address has its own accept queue, connection slots and thread, so a
        // probe gets through while the public address is flooded; it stops with the public one.
        let (ops_stop, ops_stopped) = tokio::sync::watch::channel(false);
        let ops = match self.ops_listener {
            Some(listener) => {
                let ops_limits = crate::server::Limits {
                    header_timeout: limits.header_timeout,
                    max_connections: OPS_CONNECTIONS,
                };
                let mut stopped = ops_stopped;
                Some(crate::server::serve_on_own_thread(
                    listener,
                    ops_router(self.state.clone()),
                    ops_limits,
                    async move {
                        let _ = stopped.wait_for(|s| *s).await;
                    },
                )?)
            }
            None => None,
        };
        let result = crate::server::serve(self.listener, router(self.state.clone()), limits, shutdown).await;
        let _ = ops_stop.send(true);
        if let Some(ops) = ops
            && let Err(err) = ops.await
        {
            tracing::warn!(error = %err, "the operations address stopped with an error");
        }
        // In-flight requests are done; let workers finish their current job.
        let _ = stop_tx.send(true);
        let _ = maintenance.await;
        for task in background {
            let _ = task.await;
        }
        let _ = cache_stop.send(true);
        for task in case_cache_tasks {
            let _ = task.await;
        }
        self.state.db.close().await;
        result
    }
}

/// Housekeeping on a timer: old rate-limit windows and idempotency records go.
async fn maintenance(state: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(300));
    loop {
        tokio::select! {
            _ = tick.tick() => {
                state.rate_limiter.prune(crate::ids::now_ms());
                let before = crate::ids::now_ms() - 10 * 60_000;
                if let Err(err) = orgs::store::prune_rate_windows(&state.db, before).await {
                    tracing::warn!(error = %err, "pruning rate-limit windows failed");
                }
                if let Err(err) = crate::websession::prune(&state.db, crate::ids::now_ms()).await {
                    tracing::warn!(error = %err, "pruning web sessions failed");
                }
                let before = crate::ids::now_ms() - crate::idempotency::RETENTION_MS;
                if let Err(err) = crate::idempotency::prune(&state.db, before).await {
                    tracing::warn!(error = %err, "pruning idempotency keys failed");
                }
            }
            _ = stop.changed() => return,
        }
    }
}

/// Creates the demo organization and its test key on a database without organizations.
async fn create_demo(state: &AppState) -> Result<Option<Demo>, StartError> {
    let setup = |e: AppError| StartError::Setup(format!("creating the demo organization: {e}"));
    if orgs::store::count_orgs(&state.db).await.map_err(setup)? > 0 {
        return Ok(None);
    }
    let now = crate::ids::now_ms();
    let org = orgs::store::create_org(&state.db, "Demo Insurance", true, None, now)
        .await
        .map_err(setup)?;
    let key = orgs::generate_key(Environment::Test);
    orgs::store::create_key(
        &state.db,
        &org.id,
        Environment::Test,
        Scope::ALL,
        &key.hash,
        &key.hint,
        now,
    )
    .await
    .map_err(setup)?;
    let applicant_url = demo_session(state, &org.id, now).await.map_err(setup)?;
    Ok(Some(Demo {
        org_id: org.id,
        api_key: key.secret,
        applicant_url,
    }))
}

/// A `motor_claim` session for the demo organization, so a new install has a link to click.
async fn demo_session(state: &AppState, org_id: &str, now: i64) -> Result<Option<String>, AppError> {
    use crate::sessions::{self, CreateSessionRequest, NewSession};
    if state.case_types.get("motor_claim").is_none() {
        return Ok(None);
    }
    let request = CreateSessionRequest {
        case_type_id: Some("motor_claim".into()),
        external_case_id: Some("DEMO-1".into()),
        ..CreateSessionRequest::default()
    };
    let session = NewSession::parse(request, &state.case_types, true)?;
    let caller = orgs::Caller {
        org_id: org_id.to_string(),
        key_id: "demo".into(),
        environment: Environment::Test,
        scopes: Scope::ALL.to_vec(),
        processing_enabled: true,
    };
    let created = sessions::create(
        &state.db,
        state.new_cases.as_ref(),
        &state.config,
        &caller,
        "demo-applicant-link",
        session,
        now,
    )
    .await?;
    Ok(Some(created.signed_url))
}

async fn openapi(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    let case_types: Vec<String> = state.case_types.all().map(|ct| ct.id.clone()).collect();
    axum::Json(crate::openapi::document(&state.config.public_url, &case_types))
}

async fn health() -> impl IntoResponse {
    axum::Json(serde_json::json!({ "status": "ok" }))
}

/// Every route, with the layers in the order a request meets them: request id, security
/// headers, error rendering, panic catching, then the route.
pub fn router(state: AppState) -> Router {
    if !state.config.role.serves() {
        return ops_router(state);
    }
    let authenticated = Router::new()
        .merge(orgs::routes::router())
        .merge(crate::sessions::routes::router())
        .merge(crate::cases::routes::router())
        .merge(crate::processing::routes::router())
        .merge(crate::documents::routes::router())
        .merge(crate::webhooks::routes::router())
        .merge(crate::review::routes::router())
        .route_layer(from_fn_with_state(state.clone(), orgs::routes::authenticate));
    // Every routed request is measured under its route pattern (`ops::measure`): a route
    // layer on each group of routes, where the pattern is known.
    let measure = from_fn_with_state(state.clone(), crate::ops::measure);
    let api = crate::openapi::route(Router::new(), "GET", "/health", get(health));
    let api = crate::openapi::route(api, "GET", "/ready", get(crate::ops::ready));
    let api = crate::openapi::route(api, "GET", "/openapi.json", get(openapi))
        .merge(authenticated)
        .route_layer(measure.clone())
        .layer(DefaultBodyLimit::max(API_BODY_LIMIT));

    // The applicant's and the handler's pages share one cookie-session layer.
    let secure = state.config.public_url.starts_with("https://");
    let pages = crate::intake::routes::router()
        .merge(crate::review::clarify::router())
        .merge(crate::casefile::router())
        .route_layer(measure.clone())
        .layer(crate::websession::layer(state.db.clone(), secure));

    // The MCP server (`/mcp`): its own authentication (a key is optional there) and limits.
    let mcp = crate::mcp::router(&state).route_layer(measure.clone());

    let mut root = Router::new()
        .route("/static/app.css", get(web::stylesheet))
        .route("/static/intake.js", get(crate::intake::routes::script))
        .route("/metrics", get(crate::ops::metrics))
        .merge(orgs::routes::brand_router());
    if state.config.demo {
        root = root.route("/demo/claim-form.pdf", get(crate::sample::claim_form));
    }
    Router::new()
        .nest("/api/v1", api)
        .merge(pages)
        .merge(mcp)
        .merge(root.route_layer(measure))
        .fallback(web::not_found)
        .layer(from_fn(web::refuse_control_characters))
        .layer(CatchPanicLayer::custom(|_| {
            AppError::new(Kind::Internal, Code::Internal).into_response()
        }))
        .layer(from_fn_with_state(state.clone(), web::render_errors))
        // A client that stops sending a body is answered (400 `timeout`) and its connection
        // closed.
        .layer(RequestBodyTimeoutLayer::new(state.config.body_timeout))
        .layer(from_fn_with_state(state.clone(), web::security_headers))
        .layer(from_fn(web::request_id))
        // The path only: a query string may hold a link token, which is never logged at any
        // level (tower-http's default span records the whole URI at debug).
        .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<axum::body::Body>| {
            tracing::debug_span!("http", method = %request.method(), path = %request.uri().path())
        }))
        .with_state(state)
}

/// What a `worker` process serves: liveness, readiness and metrics, nothing else.
fn ops_router(state: AppState) -> Router {
    let measure = from_fn_with_state(state.clone(), crate::ops::measure);
    // Readiness and metrics ask the database and the bucket, whose connections belong to the
    // main runtime; health answers wherever it is served (`server::serve_on_own_thread`).
    let main = tokio::runtime::Handle::current();
    let on_main = from_fn(move |request, next| on_main_runtime(main.clone(), request, next));
    let api =
        crate::openapi::route(Router::new(), "GET", "/ready", get(crate::ops::ready)).route_layer(on_main.clone());
    let api = crate::openapi::route(api, "GET", "/health", get(health)).route_layer(measure.clone());
    Router::new()
        .nest("/api/v1", api)
        .merge(
            Router::new()
                .route("/metrics", get(crate::ops::metrics))
                .route_layer(on_main)
                .route_layer(measure),
        )
        .fallback(web::not_found)
        .layer(from_fn_with_state(state.clone(), web::render_errors))
        .layer(from_fn_with_state(state.clone(), web::security_headers))
        .layer(from_fn(web::request_id))
        .with_state(state)
}

/// Runs the rest of a request on the main runtime, however it arrived.
async fn on_main_runtime(
    main: tokio::runtime::Handle,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    match main.spawn(next.run(request)).await {
        Ok(response) => response,
        // A panic there, or the runtime shutting down.
        Err(err) => AppError::internal(err).into_response(),
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
