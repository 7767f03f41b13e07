//! `TestApp`: the real application on 127.0.0.1:0 with a fresh database — a SQLite file in a
//! temporary directory, or a uniquely named PostgreSQL database when
//! `KLAREFI_TEST_POSTGRES_URL` is set (created here, dropped when the test ends).

use std::collections::HashMap;

use klarefi::config::Config;
use klarefi::orgs::{self, Environment, Scope};
use klarefi::{App, AppState};
use serde_json::Value;

pub struct TestApp {
    pub base: String,
    /// `http://…` of the operations address, when `KLAREFI_OPS_BIND` asked for one.
    pub ops_base: Option<String>,
    pub client: reqwest::Client,
    pub state: AppState,
    pub database_url: String,
    pub data_dir: tempfile::TempDir,
    pg: Option<PgDatabase>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

/// A test's own PostgreSQL database, dropped (with FORCE) when this is.
pub struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs inside the test's runtime; use a thread with its own to await the drop.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                return;
            };
            rt.block_on(async move {
                if let Ok(pool) = sqlx::postgres::PgPoolOptions::new()
                    .max_connections(1)
                    .connect(&admin_url)
                    .await
                {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await;
                    pool.close().await;
                }
            });
        })
        .join();
    }
}

pub fn init() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A fresh, empty database URL for one test, and the handle that drops it.
pub async fn fresh_database(data_dir: &std::path::Path) -> (String, Option<PgDatabase>) {
    match std::env::var("KLAREFI_TEST_POSTGRES_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let name = format!("klarefi_test_{}", klarefi::ids::random_hex(8));
            let pool = sqlx::postgres::PgPoolOptions::new()
                .max_connections(1)
                .connect(&admin_url)
                .await
                .expect("connect to KLAREFI_TEST_POSTGRES_URL");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&pool)
                .await
                .expect("create test database");
            pool.close().await;
            let (base, _) = admin_url.rsplit_once('/').expect("database URL has a path");
            (format!("{base}/{name}"), Some(PgDatabase { admin_url, name }))
        }
        _ => (klarefi::config::default_sqlite_url(data_dir), None),
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(&[]).await
    }

    /// Spawns with extra `KLAREFI_*` settings.
    pub async fn spawn_with(settings: &[(&str, &str)]) -> Self {
        init();
        let data_dir = tempfile::tempdir().expect("tempdir");
        let (database_url, pg) = fresh_database(data_dir.path()).await;
        let mut vars: HashMap<String, String> = HashMap::from([
            ("KLAREFI_DATA_DIR".into(), data_dir.path().display().to_string()),
            ("KLAREFI_DATABASE_URL".into(), database_url.clone()),
            ("KLAREFI_BIND".into(), "127.0.0.1:0".into()),
            ("KLAREFI_DEMO".into(), "false".into()),
            ("KLAREFI_WORKER_EXE".into(), env!("CARGO_BIN_EXE_klarefi").into()),
        ]);
        for (k, v) in settings {
            vars.insert((*k).into(), (*v).into());
        }
        let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test settings are valid");
        Self::start(config, data_dir, database_url, pg).await
    }

    async fn start(config: Config, data_dir: tempfile::TempDir, database_url: String, pg: Option<PgDatabase>) -> Self {
        let app = App::build(config).await.expect("app builds");
        let addr = app.local_addr().expect("bound");
        let ops_base = app.ops_addr().map(|a| format!("http://{a}"));
        let state = app.state().clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(app.serve(async move {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self {
            base: format!("http://{addr}"),
            ops_base,
            client,
            state,
            database_url,
            data_dir,
            pg,
            stop: Some(stop),
            server: Some(server),
        }
    }

    /// A second instance on the same database and blob store, as behind a load balancer.
    pub async fn spawn_sharing(other: &TestApp) -> Self {
        Self::spawn_sharing_as(other, klarefi::config::Role::All).await
    }

    /// [`Self::spawn_sharing`] in `role` (split roles need PostgreSQL).
    pub async fn spawn_sharing_as(other: &TestApp, role: klarefi::config::Role) -> Self {
        init();
        let data_dir = tempfile::tempdir().expect("tempdir");
        let mut config = (*other.state.config)
            .clone()
            .with_role(role)
            .expect("a role this database allows");
        config.data_dir = other.data_dir.path().to_path_buf();
        config.bind = "127.0.0.1:0".parse().expect("address");
        config.public_url_from_bind = true;
        Self::start(config, data_dir, other.database_url.clone(), None).await
    }

    /// Stops the server as production does (in-flight work finishes); the database stays.
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn create_org(&self, processing: bool, rate_limit: Option<i32>) -> String {
        orgs::store::create_org(
            &self.state.db,
            "Test Org",
            processing,
            rate_limit,
            klarefi::ids::now_ms(),
        )
        .await
        .expect("create org")
        .id
    }

    pub async fn create_key(&self, org_id: &str, env: Environment, scopes: &[Scope]) -> (String, String) {
        let key = orgs::generate_key(env);
        let row = orgs::store::create_key(
            &self.state.db,
            org_id,
            env,
            scopes,
            &key.hash,
            &key.hint,
            klarefi::ids::now_ms(),
        )
        .await
        .expect("create key");
        (row.id, key.secret)
    }

    /// An organization with a test key holding every scope.
    pub async fn org_with_key(&self) -> (String, String) {
        let org = self.create_org(true, None).await;
        let (_, key) = self.create_key(&org, Environment::Test, Scope::ALL).await;
        (org, key)
    }

    pub async fn get(&self, path: &str, key: Option<&str>) -> reqwest::Response {
        let mut req = self.client.get(self.url(path));
        if let Some(key) = key {
            req = req.bearer_auth(key);
        }
        req.send().await.expect("request")
    }

    /// `get`, answered with JSON (any status): the body as a `Value`.
    pub async fn get_json(&self, path: &str, key: Option<&str>) -> Value {
        self.get(path, key).await.json().await.expect("json")
    }

    /// Runs the real `klarefi` binary against this test's database.
    pub fn cli(&self, args: &[&str]) -> (i32, Value) {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_klarefi"))
            .args(args)
            .env("KLAREFI_DATABASE_URL", &self.database_url)
            .env("KLAREFI_DATA_DIR", self.data_dir.path())
            .env("KLAREFI_DEMO", "false")
            .env(
                "KLAREFI_ALLOW_PRIVATE_URLS",
                self.state.config.allow_private_urls.to_string(),
            )
            .env("KLAREFI_LOG", "error")
            .output()
            .expect("run klarefi");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let json = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!(
                "klarefi {args:?} printed no single JSON object ({e}): {stdout}\n{}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
        (output.status.code().unwrap_or(-1), json)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // The PostgreSQL database is dropped (with FORCE) by `PgDatabase`'s own Drop.
        let _ = &self.pg;
    }
}

/// The string `field` of every item of the JSON array `list`, in order; panics when `list` is
/// no array or an item's `field` is no string.
pub fn strings<'a>(list: &'a Value, field: &str) -> Vec<&'a str> {
    list.as_array()
        .unwrap_or_else(|| panic!("not an array: {list}"))
        .iter()
        .map(|item| {
            item[field]
                .as_str()
                .unwrap_or_else(|| panic!("no string {field:?} in {item}"))
        })
        .collect()
}

/// Reads a JSON error envelope and checks its shape; returns (type, code).
pub async fn error_of(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let header_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .expect("X-Request-Id header");
    let body: Value = response.json().await.expect("error body is JSON");
    let error = &body["error"];
    assert_eq!(
        error["request_id"],
        Value::String(header_id),
        "request_id matches the header: {body}"
    );
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "message: {body}"
    );
    (
        status,
        error["type"].as_str().expect("type").to_string(),
        error["code"].as_str().expect("code").to_string(),
    )
}
