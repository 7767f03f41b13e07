//! Settings, read once from `KLAREFI_*` environment variables at start-up.
//!
//! Owns parsing and validating every setting; a bad value stops start-up with a message that
//! names the variable. Nothing else in the crate reads the environment.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use crate::links::SigningKeys;

/// Where the server runs: production refuses insecure shortcuts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunMode {
    Development,
    Production,
}

/// What a `klarefi serve` process does: the pages and the API (`web`), the background work —
/// reading documents and delivering webhooks (`worker`, which serves only health, readiness
/// and metrics) — or both (`all`, the default). Split roles share one PostgreSQL database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Web,
    Worker,
    All,
}

impl Role {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "web" => Some(Role::Web),
            "worker" => Some(Role::Worker),
            "all" => Some(Role::All),
            _ => None,
        }
    }

    /// Whether this process serves the pages and the API.
    pub fn serves(self) -> bool {
        matches!(self, Role::Web | Role::All)
    }

    /// Whether this process runs the document workers and the webhook deliveries.
    pub fn works(self) -> bool {
        matches!(self, Role::Worker | Role::All)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub mode: RunMode,
    pub data_dir: PathBuf,
    /// Where document bytes are kept (`KLAREFI_BLOB_URL`).
    pub blob_url: BlobUrl,
    pub database_url: String,
    pub bind: SocketAddr,
    /// A second address serving only health, readiness and metrics (`KLAREFI_OPS_BIND`), for
    /// probes and scrapers that must get through while the public address is flooded.
    pub ops_bind: Option<SocketAddr>,
    /// Base of every signed link, without a trailing slash.
    pub public_url: String,
    /// True when `public_url` was derived from `bind`; it then follows the bound port.
    pub public_url_from_bind: bool,
    pub signing_keys: SigningKeys,
    pub demo: bool,
    pub allow_private_urls: bool,
    pub log_format: LogFormat,
    /// Extra case-type definitions beside the built-in ones (`*.toml`, with `locales/<lang>/*.ftl`).
    pub case_types_dir: Option<PathBuf>,
    /// Requests a minute for organizations without their own limit.
    pub default_rate_limit: u32,
    /// The `klarefi` binary that parses untrusted documents as `klarefi worker pdf`.
    pub worker_exe: PathBuf,
    /// The `tesseract` the worker runs for OCR (`None`: `tesseract` on the `PATH`).
    pub tesseract: Option<PathBuf>,
    /// Background workers per instance.
    pub workers: usize,
    /// How long a webhook receiver may take to answer.
    pub webhook_timeout: std::time::Duration,
    /// Multiplies the webhook retry schedule (tests use a small value).
    pub webhook_backoff_scale: f64,
    /// How long an authenticated key is trusted before it is looked up again.
    pub key_cache_max_age: std::time::Duration,
    /// How long a rendered case view may be served from memory (`cases::cache`).
    pub case_cache_max_age: std::time::Duration,
    /// How long the server waits for a request's head, from the moment it starts waiting: a
    /// new connection that sends nothing, a half-sent head, and a kept-alive connection idle
    /// between requests are closed after it.
    pub header_timeout: std::time::Duration,
    /// The longest wait for the next piece of a request body.
    pub body_timeout: std::time::Duration,
    /// Connections served at once; more are closed as they arrive.
    pub max_connections: usize,
    /// SHA-256 (hex) of the bearer token `/metrics` asks for (`KLAREFI_METRICS_TOKEN`); the
    /// token itself is not kept. `None`: `/metrics` is open.
    pub metrics_token_sha256: Option<String>,
    /// What `serve` runs (`KLAREFI_ROLE`, or `serve --role`).
    pub role: Role,
    /// At shutdown, how long a document job in hand may still run before it is handed back to
    /// the queue for another instance.
    pub shutdown_grace: std::time::Duration,
    /// How long a claimed document job stays one worker's without a heartbeat
    /// (`KLAREFI_JOB_LEASE_MS`): a worker that dies (kill -9, a lost machine) leaves its job
    /// to another after this long. Workers renew it every third of it while they fetch or read.
    pub job_lease: std::time::Duration,
}

/// Where document bytes are kept (`KLAREFI_BLOB_URL`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobUrl {
    /// A local folder: `<data dir>/blobs` by default, or `file:///absolute/path`.
    Folder(PathBuf),
    /// An S3-compatible bucket: `s3://bucket/prefix?endpoint=…&region=…&payload=…`.
    S3 {
        bucket: String,
        prefix: String,
        endpoint: Option<String>,
        region: Option<String>,
        payload: Payload,
    },
}

/// How an upload's bytes are vouched for to the bucket (`payload=` in `KLAREFI_BLOB_URL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    /// The SigV4 signature covers the bytes' SHA-256 (sent again as `x-amz-checksum-sha256`):
    /// nobody on the way can change them unnoticed, even over plain HTTP. The default for an
    /// `http://` endpoint.
    Signed,
    /// `UNSIGNED-PAYLOAD` with an `x-amz-checksum-crc64nvme`: the bucket still refuses bytes
    /// damaged on the way, TLS keeps them from being changed, and no second SHA-256 is
    /// computed (we hash every upload once already). What AWS's own SDKs do over HTTPS; the
    /// default for AWS and `https://` endpoints.
    Unsigned,
}

impl BlobUrl {
    /// Parses `KLAREFI_BLOB_URL`; `data_dir` gives the default folder.
    pub fn parse(value: Option<&str>, data_dir: &Path) -> Result<Self, ConfigError> {
        const NAME: &str = "KLAREFI_BLOB_URL";
        let Some(value) = value.map(str::trim) else {
            return Ok(Self::Folder(data_dir.join("blobs")));
        };
        if let Some(path) = value.strip_prefix("file://") {
            if !path.starts_with('/') || path.len() < 2 {
                return Err(bad(NAME, format!("expected file:///absolute/path, got {value:?}")));
            }
            return Ok(Self::Folder(PathBuf::from(path)));
        }
        let Some(rest) = value.strip_prefix("s3://") else {
            return Err(bad(
                NAME,
                format!("expected s3://bucket/prefix?endpoint=…&region=… or file:///path, got {value:?}"),
            ));
        };
        let (location, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (bucket, prefix) = location.split_once('/').unwrap_or((location, ""));
        // S3 bucket names: 3–63 lowercase letters, digits, dots and hyphens.
        let bucket_ok = (3..=63).contains(&bucket.len())
            && bucket
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
        if !bucket_ok {
            return Err(bad(NAME, format!("{bucket:?} is not a bucket name")));
        }
        let prefix = prefix.trim_matches('/');
        let prefix_ok = prefix
            .split('/')
            .all(|p| p != ".." && p != "." && p.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)))
            && !prefix.contains("//");
        if !prefix_ok {
            return Err(bad(
                NAME,
                format!("{prefix:?} is not a usable prefix (letters, digits, - _ . and /)"),
            ));
        }
        let (mut endpoint, mut region, mut payload) = (None, None, None);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("endpoint", v)) if v.starts_with("http://") || v.starts_with("https://") => {
                    endpoint = Some(v.trim_end_matches('/').to_string());
                }
                Some(("region", v)) if !v.is_empty() => region = Some(v.to_string()),
                Some(("payload", "signed")) => payload = Some(Payload::Signed),
                Some(("payload", "unsigned")) => payload = Some(Payload::Unsigned),
                _ => {
                    return Err(bad(
                        NAME,
                        format!(
                            "unknown or bad parameter {pair:?} (expected endpoint=http(s)://…, region=… \
                             or payload=signed|unsigned)"
                        ),
                    ));
                }
            }
        }
        let over_plain_http = endpoint.as_deref().is_some_and(|e| e.starts_with("http://"));
        let payload = payload.unwrap_or(if over_plain_http {
            Payload::Signed
        } else {
            Payload::Unsigned
        });
        Ok(Self::S3 {
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
            endpoint,
            region,
            payload,
        })
    }
}

/// A setting that could not be used; the message names the variable.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {reason}")]
pub struct ConfigError {
    pub name: &'static str,
    pub reason: String,
}

/// A duration setting in whole milliseconds within `range`, `default` when unset.
fn millis(
    value: Option<String>,
    name: &'static str,
    range: std::ops::RangeInclusive<u64>,
    default: u64,
) -> Result<std::time::Duration, ConfigError> {
    let ms = match value {
        Some(v) => v
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| {
                bad(
                    name,
                    format!("expected {} to {}, got {v:?}", range.start(), range.end()),
                )
            })?,
        None => default,
    };
    Ok(std::time::Duration::from_millis(ms))
}

fn bad(name: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError {
        name,
        reason: reason.into(),
    }
}

fn parse_bool(name: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        other => Err(bad(name, format!("expected true or false, got {other:?}"))),
    }
}

impl Config {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup`, so tests can pass their own values.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());

        let mode = match get("KLAREFI_ENV").as_deref().map(str::trim) {
            None | Some("development" | "dev") => RunMode::Development,
            Some("production" | "prod") => RunMode::Production,
            Some(other) => {
                return Err(bad(
                    "KLAREFI_ENV",
                    format!("expected development or production, got {other:?}"),
                ));
            }
        };
        let data_dir = PathBuf::from(get("KLAREFI_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let blob_url = BlobUrl::parse(get("KLAREFI_BLOB_URL").as_deref(), &data_dir)?;
        let database_url = match get("KLAREFI_DATABASE_URL") {
            Some(url) => {
                if !(url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                    return Err(bad(
                        "KLAREFI_DATABASE_URL",
                        "must start with sqlite:, postgres:// or postgresql://",
                    ));
                }
                url
            }
            None => default_sqlite_url(&data_dir),
        };
        let bind: SocketAddr = get("KLAREFI_BIND")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .trim()
            .parse()
            .map_err(|e| bad("KLAREFI_BIND", format!("not a socket address ({e})")))?;
        let ops_bind = match get("KLAREFI_OPS_BIND") {
            Some(v) => {
                let addr: SocketAddr = v
                    .trim()
                    .parse()
                    .map_err(|e| bad("KLAREFI_OPS_BIND", format!("not a socket address ({e})")))?;
                if addr == bind && addr.port() != 0 {
                    return Err(bad("KLAREFI_OPS_BIND", "must differ from KLAREFI_BIND".to_string()));
                }
                Some(addr)
            }
            None => None,
        };
        let (public_url, public_url_from_bind) = match get("KLAREFI_PUBLIC_URL") {
            Some(url) => (parse_public_url(&url)?, false),
            None => (format!("http://{bind}"), true),
        };
        let signing_keys = match get("KLAREFI_SIGNING_SECRET") {
            Some(spec) => SigningKeys::parse(&spec).map_err(|e| bad("KLAREFI_SIGNING_SECRET", e))?,
            None if mode == RunMode::Production => {
                return Err(bad(
                    "KLAREFI_SIGNING_SECRET",
                    "must be set when KLAREFI_ENV=production (links must survive restarts and be shared by every instance)",
                ));
            }
            None => SigningKeys::load_or_create(&data_dir.join("signing_secret")).map_err(|e| {
                bad(
                    "KLAREFI_SIGNING_SECRET",
                    format!("could not keep a generated secret in the data dir: {e}"),
                )
            })?,
        };
        let demo = match get("KLAREFI_DEMO") {
            Some(v) => parse_bool("KLAREFI_DEMO", &v)?,
            None => mode == RunMode::Development,
        };
        let allow_private_urls = match get("KLAREFI_ALLOW_PRIVATE_URLS") {
            Some(v) => parse_bool("KLAREFI_ALLOW_PRIVATE_URLS", &v)?,
            None => false,
        };
        if allow_private_urls && mode == RunMode::Production {
            return Err(bad(
                "KLAREFI_ALLOW_PRIVATE_URLS",
                "is for development and tests only and cannot be used with KLAREFI_ENV=production",
            ));
        }
        let log_format = match get("KLAREFI_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(bad(
                    "KLAREFI_LOG_FORMAT",
                    format!("expected text or json, got {other:?}"),
                ));
            }
        };
        let case_types_dir = get("KLAREFI_CASE_TYPES_DIR").map(PathBuf::from);
        let default_rate_limit = match get("KLAREFI_RATE_LIMIT") {
            Some(v) => v.trim().parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                bad(
                    "KLAREFI_RATE_LIMIT",
                    format!("expected a positive whole number, got {v:?}"),
                )
            })?,
            None => 100,
        };

        let worker_exe = match get("KLAREFI_WORKER_EXE") {
            Some(p) => PathBuf::from(p),
            None => std::env::current_exe().map_err(|e| {
                bad(
                    "KLAREFI_WORKER_EXE",
                    format!("cannot find the running binary ({e}); set it"),
                )
            })?,
        };
        let tesseract = get("KLAREFI_TESSERACT")
            .filter(|v| !v.trim().is_empty())
            .map(PathBuf::from);
        let workers = match get("KLAREFI_WORKERS") {
            Some(v) => v
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=64).contains(n))
                .ok_or_else(|| bad("KLAREFI_WORKERS", format!("expected 1 to 64, got {v:?}")))?,
            None => 2,
        };

        let webhook_timeout = millis(
            get("KLAREFI_WEBHOOK_TIMEOUT_MS"),
            "KLAREFI_WEBHOOK_TIMEOUT_MS",
            1..=300_000,
            30_000,
        )?;
        let webhook_backoff_scale = match get("KLAREFI_WEBHOOK_BACKOFF_SCALE") {
            Some(v) => v
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n > 0.0 && *n <= 10.0)
                .ok_or_else(|| {
                    bad(
                        "KLAREFI_WEBHOOK_BACKOFF_SCALE",
                        format!("expected a number above 0 and at most 10, got {v:?}"),
                    )
                })?,
            None => 1.0,
        };
        let key_cache_max_age = millis(get("KLAREFI_KEY_CACHE_MS"), "KLAREFI_KEY_CACHE_MS", 0..=60_000, 2_000)?;
        let case_cache_max_age = millis(get("KLAREFI_CASE_CACHE_MS"), "KLAREFI_CASE_CACHE_MS", 0..=60_000, 2_000)?;
        let header_timeout = millis(
            get("KLAREFI_HEADER_TIMEOUT_MS"),
            "KLAREFI_HEADER_TIMEOUT_MS",
            50..=600_000,
            10_000,
        )?;
        let body_timeout = millis(
            get("KLAREFI_BODY_TIMEOUT_MS"),
            "KLAREFI_BODY_TIMEOUT_MS",
            50..=600_000,
            30_000,
        )?;
        let max_connections = match get("KLAREFI_MAX_CONNECTIONS") {
            Some(v) => v
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=1_000_000).contains(n))
                .ok_or_else(|| bad("KLAREFI_MAX_CONNECTIONS", format!("expected 1 to 1000000, got {v:?}")))?,
            None => 10_000,
        };

        let metrics_token_sha256 = match get("KLAREFI_METRICS_TOKEN") {
            Some(v) if v.trim().len() >= 16 => Some(crate::ids::sha256_hex(v.trim().as_bytes())),
            Some(_) => return Err(bad("KLAREFI_METRICS_TOKEN", "use at least 16 characters".to_string())),
            None => None,
        };

        let shutdown_grace = millis(
            get("KLAREFI_SHUTDOWN_GRACE_MS"),
            "KLAREFI_SHUTDOWN_GRACE_MS",
            0..=600_000,
            10_000,
        )?;
        let job_lease = millis(
            get("KLAREFI_JOB_LEASE_MS"),
            "KLAREFI_JOB_LEASE_MS",
            1_000..=3_600_000,
            120_000,
        )?;
        let role = match get("KLAREFI_ROLE") {
            Some(v) => {
                Role::parse(&v).ok_or_else(|| bad("KLAREFI_ROLE", format!("expected web, worker or all, got {v:?}")))?
            }
            None => Role::All,
        };

        let config = Self {
            mode,
            data_dir,
            blob_url,
            database_url,
            bind,
            ops_bind,
            public_url,
            public_url_from_bind,
            signing_keys,
            demo,
            allow_private_urls,
            log_format,
            case_types_dir,
            default_rate_limit,
            worker_exe,
            tesseract,
            workers,
            webhook_timeout,
            webhook_backoff_scale,
            key_cache_max_age,
            case_cache_max_age,
            header_timeout,
            body_timeout,
            max_connections,
            metrics_token_sha256,
            role: Role::All,
            shutdown_grace,
            job_lease,
        };
        config.with_role(role)
    }

    /// This configuration with `role` (`serve --role` overrides `KLAREFI_ROLE`). Split roles
    /// need PostgreSQL: processes on one SQLite file would not hear each other's changes.
    pub fn with_role(mut self, role: Role) -> Result<Self, ConfigError> {
        if role != Role::All && self.database_url.starts_with("sqlite:") {
            return Err(bad(
                "KLAREFI_ROLE",
                "web and worker run as separate processes on one PostgreSQL database; with SQLite run one process (all)",
            ));
        }
        self.role = role;
        Ok(self)
    }
}

/// One setting of the client commands, which talk to a server and need nothing else.
pub fn client_setting(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// `KLAREFI_CASE_TYPES_DIR` alone, for commands that need no other setting.
pub fn case_types_dir_from_env() -> Option<PathBuf> {
    std::env::var("KLAREFI_CASE_TYPES_DIR")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(PathBuf::from)
}

/// `sqlite://<dir>/klarefi.db?mode=rwc`: the file is created when missing.
pub fn default_sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("klarefi.db").display())
}

fn parse_public_url(url: &str) -> Result<String, ConfigError> {
    let trimmed = url.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(|| bad("KLAREFI_PUBLIC_URL", "must start with http:// or https://"))?;
    if rest.is_empty() || rest.contains(['?', '#', ' ']) {
        return Err(bad(
            "KLAREFI_PUBLIC_URL",
            "must be a base URL such as https://intake.example.com (no query or fragment)",
        ));
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().to_string_lossy().into_owned();
        let mut vars: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        vars.entry("KLAREFI_DATA_DIR".into()).or_insert(data);
        Config::from_lookup(|k| vars.get(k).cloned())
    }

    #[test]
    fn defaults_serve_sqlite_on_localhost_with_the_demo() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
        assert!(c.database_url.starts_with("sqlite://"));
        assert!(c.demo);
        assert!(!c.allow_private_urls);
        assert_eq!(c.default_rate_limit, 100);
        assert_eq!(c.key_cache_max_age, std::time::Duration::from_secs(2));
        assert_eq!(c.case_cache_max_age, std::time::Duration::from_secs(2));
    }

    #[test]
    fn bad_settings_name_the_variable() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("KLAREFI_BIND", "nowhere")], "KLAREFI_BIND"),
            (&[("KLAREFI_OPS_BIND", "nowhere")], "KLAREFI_OPS_BIND"),
            (
                &[
                    ("KLAREFI_BIND", "127.0.0.1:9000"),
                    ("KLAREFI_OPS_BIND", "127.0.0.1:9000"),
                ],
                "KLAREFI_OPS_BIND",
            ),
            (&[("KLAREFI_DATABASE_URL", "mysql://x")], "KLAREFI_DATABASE_URL"),
            (&[("KLAREFI_PUBLIC_URL", "intake.example.com")], "KLAREFI_PUBLIC_URL"),
            (&[("KLAREFI_DEMO", "maybe")], "KLAREFI_DEMO"),
            (&[("KLAREFI_LOG_FORMAT", "xml")], "KLAREFI_LOG_FORMAT"),
            (&[("KLAREFI_ENV", "staging")], "KLAREFI_ENV"),
            (&[("KLAREFI_ENV", "production")], "KLAREFI_SIGNING_SECRET"),
            (&[("KLAREFI_RATE_LIMIT", "0")], "KLAREFI_RATE_LIMIT"),
            (&[("KLAREFI_WORKERS", "0")], "KLAREFI_WORKERS"),
            (&[("KLAREFI_KEY_CACHE_MS", "forever")], "KLAREFI_KEY_CACHE_MS"),
            (&[("KLAREFI_KEY_CACHE_MS", "600000")], "KLAREFI_KEY_CACHE_MS"),
            (&[("KLAREFI_CASE_CACHE_MS", "-1")], "KLAREFI_CASE_CACHE_MS"),
            (&[("KLAREFI_SIGNING_SECRET", "k1:short")], "KLAREFI_SIGNING_SECRET"),
            (&[("KLAREFI_ROLE", "cron")], "KLAREFI_ROLE"),
            (&[("KLAREFI_ROLE", "web")], "KLAREFI_ROLE"),
            (&[("KLAREFI_METRICS_TOKEN", "short")], "KLAREFI_METRICS_TOKEN"),
            (&[("KLAREFI_SHUTDOWN_GRACE_MS", "soon")], "KLAREFI_SHUTDOWN_GRACE_MS"),
            (&[("KLAREFI_JOB_LEASE_MS", "500")], "KLAREFI_JOB_LEASE_MS"),
            (
                &[
                    ("KLAREFI_ENV", "production"),
                    ("KLAREFI_SIGNING_SECRET", "0123456789abcdef0123456789abcdef"),
                    ("KLAREFI_ALLOW_PRIVATE_URLS", "1"),
                ],
                "KLAREFI_ALLOW_PRIVATE_URLS",
            ),
        ];
        for (pairs, name) in cases {
            let err = config(pairs).expect_err(&format!("{pairs:?} should be refused"));
            assert_eq!(err.name, *name, "{pairs:?}: {err}");
            assert!(err.to_string().starts_with(name), "message names the variable: {err}");
        }
    }

    #[test]
    fn production_turns_the_demo_off_and_keeps_the_given_secret() {
        let c = config(&[
            ("KLAREFI_ENV", "production"),
            (
                "KLAREFI_SIGNING_SECRET",
                "k2:0123456789abcdef0123456789abcdef,k1:fedcba9876543210fedcba9876543210",
            ),
            ("KLAREFI_PUBLIC_URL", "https://intake.example.com/"),
        ])
        .expect("valid production settings");
        assert!(!c.demo);
        assert_eq!(c.public_url, "https://intake.example.com");
        assert_eq!(c.signing_keys.current_id(), "k2");
    }

    #[test]
    fn a_generated_secret_is_kept_across_starts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().to_string_lossy().into_owned();
        let read = || Config::from_lookup(|k| (k == "KLAREFI_DATA_DIR").then(|| data.clone())).expect("valid");
        let (a, b) = (read(), read());
        assert_eq!(a.signing_keys, b.signing_keys);
    }
}
