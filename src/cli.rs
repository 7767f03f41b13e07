//! The `klarefi` command line: `serve` (the default), `migrate`, and the operator's admin
//! commands, which work on the configured database directly, also while the server runs.
//! Every admin command prints exactly one JSON object on stdout; a failure prints
//! `{"error": …}` and exits 1.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use serde_json::{Value, json};

use crate::app::{App, AppState, StartError, shutdown_signal};
use crate::case_types;
use crate::config::Config;
use crate::l10n::L10n;
use crate::orgs::{self, Environment, Scope};
use crate::vocab::DocFormat;

#[derive(Parser, Debug)]
#[command(name = "klarefi", version, about = "Hosted intake with evidence-backed facts", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the API and the pages, and do the background work (the default).
    Serve {
        /// web: pages and API only; worker: documents and webhooks only (serves health,
        /// readiness and metrics); all: both. Split roles need PostgreSQL. Default: KLAREFI_ROLE, else all.
        #[arg(long)]
        role: Option<String>,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Manage organizations.
    #[command(subcommand)]
    Orgs(OrgsCommand),
    /// Manage API keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Manage webhook endpoints and their deliveries.
    #[command(subcommand)]
    Webhooks(WebhooksCommand),
    /// Inspect and check case-type definitions.
    #[command(subcommand, name = "case-types")]
    CaseTypes(CaseTypesCommand),
    /// Create hosted intake sessions on a running server (KLAREFI_API_BASE_URL, KLAREFI_API_KEY).
    #[command(subcommand)]
    Sessions(SessionsCommand),
    /// Read cases from a running server (KLAREFI_API_BASE_URL, KLAREFI_API_KEY).
    #[command(subcommand)]
    Cases(CasesCommand),
    /// Serve the MCP tools over stdin and stdout, on the configured database (the same
    /// settings as `serve`): the customer plane with KLAREFI_API_KEY, the applicant plane with
    /// KLAREFI_INTAKE_LINK or a link given to the tools. Documents are read in this process too.
    Mcp,
    /// Read a PDF, JPEG or PNG as the server would and print its pages and facts as JSON.
    Extract {
        file: PathBuf,
        /// The case type whose facts to look for.
        #[arg(long, default_value = "motor_claim")]
        case_type: String,
        /// Print only the page texts, separated by form feeds.
        #[arg(long)]
        text: bool,
    },
    /// Internal: parse one untrusted document from stdin under limits.
    #[command(hide = true, subcommand)]
    Worker(WorkerCommand),
}

#[derive(Subcommand, Debug)]
pub enum WebhooksCommand {
    /// Register an endpoint; its signing secret is printed once.
    Add {
        #[arg(long)]
        org: String,
        #[arg(long)]
        url: String,
        #[arg(long, value_parser = ["test", "live"], default_value = "test")]
        env: String,
        /// An event type to subscribe to, e.g. case.completed (repeat; default: every event).
        #[arg(long = "event")]
        events: Vec<String>,
    },
    /// List an organization's endpoints (never their secrets).
    List {
        #[arg(long)]
        org: String,
    },
    /// Stop sending to an endpoint.
    Disable { endpoint_id: String },
    /// Send to an endpoint again.
    Enable { endpoint_id: String },
    /// Make a new secret; the old one keeps signing alongside it for the overlap.
    RotateSecret {
        endpoint_id: String,
        #[arg(long, default_value_t = 24)]
        overlap_hours: u32,
    },
    /// An endpoint's delivery log.
    Deliveries {
        #[arg(long)]
        endpoint: String,
        #[arg(long)]
        failed: bool,
    },
    /// Send a delivery again (same delivery id).
    Redeliver { delivery_id: String },
}

#[derive(Subcommand, Debug)]
pub enum SessionsCommand {
    /// POST /api/v1/sessions; prints the response, or only the signed URL with --url-only.
    Create {
        #[arg(long)]
        case_type: String,
        #[arg(long)]
        external_case_id: Option<String>,
        #[arg(long)]
        external_applicant_id: Option<String>,
        #[arg(long)]
        external_customer_id: Option<String>,
        #[arg(long)]
        return_url: Option<String>,
        #[arg(long)]
        locale: Option<String>,
        #[arg(long)]
        ttl_hours: Option<u32>,
        #[arg(long)]
        trace_id: Option<String>,
        /// Default: a fresh random key, so a retried command makes a new session.
        #[arg(long)]
        idempotency_key: Option<String>,
        #[arg(long)]
        url_only: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum CasesCommand {
    /// GET /api/v1/cases/{id}
    Get { case_id: String },
    /// GET /api/v1/cases/{id}/events
    Events {
        case_id: String,
        #[arg(long, default_value_t = 0)]
        after_cursor: i64,
    },
    /// GET /api/v1/cases/{id}/package
    Package { case_id: String },
}

#[derive(Subcommand, Debug)]
pub enum WorkerCommand {
    /// Text layer of a PDF, JPEG or PNG on stdin (OCR for scans and photos), as JSON on stdout.
    Pdf {
        /// The document's format as sniffed where it arrived (`pdf`, `jpeg`, `png`); without
        /// it, the worker tells from the bytes.
        #[arg(long)]
        format: Option<String>,
    },
    /// One page of a PDF on stdin as PNG on stdout, with boxes highlighted.
    Render {
        #[arg(long)]
        page: usize,
        #[arg(long)]
        scale: f32,
        /// JSON array of [x0, y0, x1, y1] boxes in points.
        #[arg(long, default_value = "[]")]
        boxes: String,
        /// The document's format (`pdf`, `jpeg`, `png`); without it, told from the bytes.
        #[arg(long)]
        format: Option<String>,
    },
}

impl Cli {
    /// Commands that must run without reading settings (the sandboxed worker, `extract`).
    pub fn runs_without_settings(&self) -> bool {
        matches!(
            self.command,
            Some(Command::Worker(_) | Command::Extract { .. } | Command::Sessions(_) | Command::Cases(_))
        )
    }
}

/// Runs the commands that need no settings; returns the exit code.
pub async fn run_standalone(cli: Cli) -> i32 {
    match cli.command {
        Some(Command::Worker(WorkerCommand::Pdf { format })) => {
            crate::sandbox::worker_main(format.as_deref().and_then(DocFormat::parse))
        }
        Some(Command::Worker(WorkerCommand::Render {
            page,
            scale,
            boxes,
            format,
        })) => crate::render::worker_main(page, scale, &boxes, format.as_deref().and_then(DocFormat::parse)),
        Some(Command::Extract { file, case_type, text }) => extract(&file, &case_type, text).await,
        Some(Command::Sessions(command)) => client(ClientCall::Session(command)).await,
        Some(Command::Cases(command)) => client(ClientCall::Case(command)).await,
        _ => fail("not a standalone command"),
    }
}

/// `klarefi extract`: the same isolated reading and the same JSON the API stores.
async fn extract(file: &std::path::Path, case_type_id: &str, text_only: bool) -> i32 {
    let extra = crate::config::case_types_dir_from_env();
    let loaded = L10n::load(extra.as_deref())
        .map_err(|e| e.to_string())
        .and_then(|l10n| case_types::CaseTypes::load(extra.as_deref(), &l10n).map_err(|e| e.to_string()));
    let types = match loaded {
        Ok(types) => types,
        Err(e) => return fail(&e),
    };
    let Some(case_type) = types.get(case_type_id) else {
        return fail(&format!("unknown case type {case_type_id:?}"));
    };
    let bytes = match std::fs::metadata(file) {
        Ok(m) if m.len() > crate::vocab::MAX_DOCUMENT_BYTES => return fail("the file is larger than 25 MiB"),
        Ok(_) => match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(e) => return fail(&format!("{}: {e}", file.display())),
        },
        Err(e) => return fail(&format!("{}: {e}", file.display())),
    };
    let Some(format) = crate::vocab::sniff(&bytes) else {
        return fail_code("unsupported_type", "the file is not a PDF, JPEG or PNG");
    };
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return fail(&e.to_string()),
    };
    let layer = match crate::sandbox::text_layer(&exe, &bytes, format, &crate::sandbox::SandboxLimits::default()).await
    {
        Ok(layer) => layer,
        Err(failure) => return fail_code(failure.code(), &failure.to_string()),
    };
    if text_only {
        let pages: Vec<&str> = layer.pages.iter().map(|p| p.text.as_str()).collect();
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), "{}", pages.join("\u{c}"));
        return 0;
    }
    let doc_id = format!("doc_{}", &crate::ids::sha256_hex(&bytes)[..20]);
    let reading = crate::facts::read_document(&case_type, &doc_id, &layer, None);
    let observations = reading.observations;
    print_json(&json!({
        "doc_id": doc_id,
        "kind": reading.kind.kind.as_str(),
        "kind_confidence": (reading.kind.confidence * 1000.0).round() / 1000.0,
        "assembler_version": layer.assembler_version,
        "pages": layer.pages.iter().map(|p| json!({ "index": p.index, "method": p.method.as_str(), "text": p.text })).collect::<Vec<_>>(),
        "features": crate::facts::features_json("", &case_type, &observations),
    }));
    0
}

enum ClientCall {
    Session(SessionsCommand),
    Case(CasesCommand),
}

/// The client commands: one request to a running server, its JSON printed as it came.
async fn client(call: ClientCall) -> i32 {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (Some(base), Some(key)) = (
        crate::config::client_setting("KLAREFI_API_BASE_URL"),
        crate::config::client_setting("KLAREFI_API_KEY"),
    ) else {
        return fail("set KLAREFI_API_BASE_URL and KLAREFI_API_KEY");
    };
    let base = base.trim_end_matches('/').to_string();
    let http = match reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()
    {
        Ok(http) => http,
        Err(e) => return fail(&e.to_string()),
    };
    let mut url_only = false;
    let request = match call {
        ClientCall::Session(SessionsCommand::Create {
            case_type,
            external_case_id,
            external_applicant_id,
            external_customer_id,
            return_url,
            locale,
            ttl_hours,
            trace_id,
            idempotency_key,
            url_only: only,
        }) => {
            url_only = only;
            let mut body = serde_json::Map::new();
            body.insert("case_type_id".into(), json!(case_type));
            body.insert(
                "idempotency_key".into(),
                json!(idempotency_key.unwrap_or_else(|| format!("cli_{}", crate::ids::random_hex(12)))),
            );
            for (name, value) in [
                ("external_case_id", external_case_id),
                ("external_applicant_id", external_applicant_id),
                ("external_customer_id", external_customer_id),
                ("return_url", return_url),
                ("locale", locale),
                ("trace_id", trace_id),
            ] {
                if let Some(v) = value {
                    body.insert(name.into(), json!(v));
                }
            }
            if let Some(ttl) = ttl_hours {
                body.insert("ttl_hours".into(), json!(ttl));
            }
            http.post(format!("{base}/api/v1/sessions")).json(&Value::Object(body))
        }
        ClientCall::Case(CasesCommand::Get { case_id }) => http.get(format!("{base}/api/v1/cases/{case_id}")),
        ClientCall::Case(CasesCommand::Events { case_id, after_cursor }) => http.get(format!(
            "{base}/api/v1/cases/{case_id}/events?after_cursor={after_cursor}"
        )),
        ClientCall::Case(CasesCommand::Package { case_id }) => {
            http.get(format!("{base}/api/v1/cases/{case_id}/package"))
        }
    };
    let response = match request.bearer_auth(key).send().await {
        Ok(r) => r,
        Err(e) => return fail(&format!("request failed: {}", e.without_url())),
    };
    let ok = response.status().is_success();
    let body: Value = match response.json().await {
        Ok(v) => v,
        Err(e) => return fail(&format!("the server did not answer JSON: {}", e.without_url())),
    };
    if ok && url_only {
        match body["signed_url"].as_str() {
            Some(url) => {
                use std::io::Write as _;
                let _ = writeln!(std::io::stdout().lock(), "{url}");
            }
            None => return fail("the response has no signed_url"),
        }
        return 0;
    }
    print_json(&body);
    i32::from(!ok)
}

fn fail_code(code: &str, message: &str) -> i32 {
    print_json(&json!({ "error": { "code": code, "message": message } }));
    1
}

#[derive(Subcommand, Debug)]
pub enum OrgsCommand {
    /// Create an organization.
    Create {
        #[arg(long)]
        name: String,
        /// Allow this organization to use POST /api/v1/process.
        #[arg(long)]
        enable_processing: bool,
        /// Requests a minute (default: KLAREFI_RATE_LIMIT, 100).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        rate_limit: Option<u32>,
    },
    /// List every organization (with the demo organization, after a restart, to make it a key).
    List,
    /// Set how the organization appears to its applicants: the name they know, a logo (PNG or
    /// JPEG, at most 256 KiB), a primary colour (#rrggbb, contrast at least 4.5:1 on white)
    /// and a support contact; and the time zone its handlers read times in (an IANA name,
    /// Europe/Amsterdam until set). Parts left out stay as they are.
    Brand {
        #[arg(long)]
        org: String,
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long)]
        logo: Option<std::path::PathBuf>,
        #[arg(long)]
        color: Option<String>,
        #[arg(long)]
        support: Option<String>,
        #[arg(long)]
        time_zone: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// Create an API key; the secret is printed once.
    Create(CreateKey),
    /// Revoke an API key; running servers refuse it within KLAREFI_KEY_CACHE_MS (2 s).
    Revoke { key_id: String },
    /// List an organization's keys (never their secrets).
    List {
        #[arg(long)]
        org: String,
    },
}

#[derive(Args, Debug)]
pub struct CreateKey {
    #[arg(long)]
    org: String,
    #[arg(long, value_parser = ["test", "live"])]
    env: String,
    /// A scope to grant; repeat for several (default: every scope).
    #[arg(long = "scope")]
    scopes: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum CaseTypesCommand {
    /// List the case types the server loads.
    List,
    /// Check one definition file; its messages come from the shipped locales and from
    /// `locales/<lang>/*.ftl` beside the file.
    Check { file: PathBuf },
}

/// Runs the command line; returns the process exit code.
pub async fn run(cli: Cli, config: Config) -> i32 {
    match cli.command.unwrap_or(Command::Serve { role: None }) {
        Command::Serve { role } => match with_role(config, role.as_deref()) {
            Ok(config) => match serve(config).await {
                Ok(()) => 0,
                Err(err) => {
                    eprintln!("klarefi: {err}");
                    1
                }
            },
            Err(message) => fail(&message),
        },
        Command::Migrate => match AppState::load(config).await {
            Ok(state) => {
                state.db.close().await;
                print_json(&json!({ "migrated": true }));
                0
            }
            Err(err) => fail(&err.to_string()),
        },
        Command::CaseTypes(CaseTypesCommand::Check { file }) => check_case_type(&file),
        Command::Mcp => match mcp(config).await {
            Ok(()) => 0,
            Err(message) => {
                eprintln!("klarefi mcp: {message}");
                1
            }
        },
        other => match AppState::load(config).await {
            Ok(state) => {
                let result = admin(&state, other).await;
                state.db.close().await;
                match result {
                    Ok(value) => {
                        print_json(&value);
                        0
                    }
                    Err(message) => fail(&message),
                }
            }
            Err(err) => fail(&err.to_string()),
        },
    }
}

/// `klarefi mcp`: the tools over stdio, in this process, with the document readers and
/// webhook deliveries of a `serve` running beside them (a claim's uploads are read even when
/// no server runs on this database). Nothing but MCP messages goes to stdout.
async fn mcp(config: Config) -> Result<(), String> {
    let state = AppState::load(config).await.map_err(|e| e.to_string())?;
    state.db.open_pool().await.map_err(|e| e.to_string())?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut background = Vec::new();
    if state.config.role.works() {
        background.push(tokio::spawn(crate::pipeline::run_workers(
            state.workers(),
            state.config.workers,
            state.config.shutdown_grace,
            stop_rx.clone(),
        )));
        background.push(tokio::spawn(crate::webhooks::run_deliveries(state.sender(), stop_rx)));
    }
    let api_key = crate::config::client_setting("KLAREFI_API_KEY");
    let link = crate::config::client_setting("KLAREFI_INTAKE_LINK");
    let server = crate::mcp::Klarefi::stdio(state.clone(), api_key, link);
    let served = crate::mcp::serve_stdio(server).await;
    let _ = stop_tx.send(true);
    for task in background {
        let _ = task.await;
    }
    state.db.close().await;
    served
}

/// `config` with the role `serve --role` names, if any.
fn with_role(config: Config, role: Option<&str>) -> Result<Config, String> {
    let Some(role) = role else { return Ok(config) };
    let role =
        crate::config::Role::parse(role).ok_or_else(|| format!("--role: expected web, worker or all, got {role:?}"))?;
    config.with_role(role).map_err(|e| e.to_string())
}

async fn serve(config: Config) -> Result<(), StartError> {
    let app = App::build(config).await?;
    let addr = app.local_addr().map_err(|e| StartError::Setup(e.to_string()))?;
    if let Some(demo) = app.demo() {
        // Printed, not logged: the key is shown once, to the operator's terminal.
        print_out(&demo_banner(&app.state().config.public_url, demo));
    } else if app.state().config.demo {
        // A restart: the key was shown once, at the first start; say how to get another.
        print_out(
            "\n  Demo: the organization exists already (its key was shown at the first start).\n  Find it with `klarefi orgs list`, then make a key with\n  `klarefi keys create --org org_… --env test`.\n",
        );
    }
    tracing::info!(%addr, public_url = %app.state().config.public_url, backend = ?app.state().db.backend(), "listening");
    app.serve(shutdown_signal())
        .await
        .map_err(|e| StartError::Setup(e.to_string()))
}

fn demo_banner(public_url: &str, demo: &crate::app::Demo) -> String {
    let (org_id, api_key) = (&demo.org_id, &demo.api_key);
    let link = demo
        .applicant_url
        .as_deref()
        .map(|url| format!("\n  Applicant link (motor_claim, test): {url}\n"))
        .unwrap_or_default();
    format!(
        "\n  Demo organization {org_id} created.\n  Test API key (shown once): {api_key}\n{link}\n  Try it:\n    export KLAREFI_API_BASE_URL={public_url}\n    export KLAREFI_API_KEY={api_key}\n    curl \"$KLAREFI_API_BASE_URL/api/v1/me\" -H \"Authorization: Bearer $KLAREFI_API_KEY\"\n"
    )
}

async fn admin(state: &AppState, command: Command) -> Result<Value, String> {
    let db = &state.db;
    let now = crate::ids::now_ms();
    let err = |e: crate::error::AppError| e.to_string();
    match command {
        Command::Orgs(OrgsCommand::Create {
            name,
            enable_processing,
            rate_limit,
        }) => {
            let name = name.trim();
            if name.is_empty() || name.len() > 200 {
                return Err("--name must be 1 to 200 characters".into());
            }
            let limit = rate_limit.and_then(|n| i32::try_from(n).ok());
            let org = orgs::store::create_org(db, name, enable_processing, limit, now)
                .await
                .map_err(err)?;
            Ok(json!({
                "org_id": org.id,
                "name": org.name,
                "processing_enabled": org.processing_enabled,
                "rate_limit": org.rate_limit.map_or(i64::from(state.config.default_rate_limit), i64::from),
                "created_at": crate::ids::rfc3339_ms(org.created_at),
            }))
        }
        Command::Orgs(OrgsCommand::Brand {
            org,
            display_name,
            logo,
            color,
            support,
            time_zone,
        }) => {
            let time_zone = time_zone
                .map(|z| orgs::parse_time_zone(&z))
                .transpose()
                .map_err(|e| format!("--time-zone: {e}"))?;
            let display_name = display_name
                .map(|n| orgs::parse_brand_text("--display-name", &n, 100))
                .transpose()?;
            let support = support
                .map(|n| orgs::parse_brand_text("--support", &n, 200))
                .transpose()?;
            let color = color.map(|c| orgs::parse_brand_color(&c)).transpose()?;
            let logo_bytes = match &logo {
                Some(path) => {
                    // Read at most one byte past the limit: a huge file is refused, not loaded.
                    let file = std::fs::File::open(path).map_err(|e| format!("--logo {}: {e}", path.display()))?;
                    let mut bytes = Vec::new();
                    std::io::Read::read_to_end(
                        &mut std::io::Read::take(file, orgs::MAX_LOGO_BYTES as u64 + 1),
                        &mut bytes,
                    )
                    .map_err(|e| format!("--logo {}: {e}", path.display()))?;
                    Some(bytes)
                }
                None => None,
            };
            let logo_type = logo_bytes
                .as_deref()
                .map(orgs::logo_content_type)
                .transpose()
                .map_err(|e| format!("--logo: {e}"))?;
            if display_name.is_none()
                && support.is_none()
                && color.is_none()
                && logo_type.is_none()
                && time_zone.is_none()
            {
                return Err("give at least one of --display-name, --logo, --color, --support, --time-zone".into());
            }
            let change = orgs::store::BrandChange {
                display_name: display_name.as_deref(),
                color: color.as_deref(),
                support_contact: support.as_deref(),
                logo: logo_type.zip(logo_bytes.as_deref()),
                time_zone: time_zone.as_deref(),
            };
            if !orgs::store::set_brand(db, &org, &change, now).await.map_err(err)? {
                return Err(format!("no organization {org}"));
            }
            let brand = orgs::store::brand(db, &org)
                .await
                .map_err(err)?
                .ok_or_else(|| format!("no organization {org}"))?;
            Ok(json!({
                "org_id": brand.org_id,
                "display_name": brand.display_name,
                "color": brand.color,
                "support_contact": brand.support_contact,
                "logo": brand.logo_type,
                "time_zone": brand.time_zone.as_deref().unwrap_or(orgs::DEFAULT_TIME_ZONE),
            }))
        }
        Command::Orgs(OrgsCommand::List) => {
            let orgs = orgs::store::list_orgs(db).await.map_err(err)?;
            let default_limit = i64::from(state.config.default_rate_limit);
            Ok(json!({
                "orgs": orgs.iter().map(|org| json!({
                    "org_id": org.id,
                    "name": org.name,
                    "processing_enabled": org.processing_enabled,
                    "rate_limit": org.rate_limit.map_or(default_limit, i64::from),
                    "created_at": crate::ids::rfc3339_ms(org.created_at),
                })).collect::<Vec<_>>(),
            }))
        }
        Command::Keys(KeysCommand::Create(args)) => {
            let env = Environment::parse(&args.env).ok_or("--env must be test or live")?;
            let scopes = if args.scopes.is_empty() {
                Scope::ALL.to_vec()
            } else {
                let mut scopes = Vec::new();
                for s in &args.scopes {
                    let scope = Scope::parse(s).ok_or_else(|| {
                        let known: Vec<&str> = Scope::ALL.iter().map(|s| s.as_str()).collect();
                        format!("unknown scope {s:?}; known scopes: {}", known.join(", "))
                    })?;
                    scopes.push(scope);
                }
                scopes.sort();
                scopes.dedup();
                scopes
            };
            if orgs::store::find_org(db, &args.org).await.map_err(err)?.is_none() {
                return Err(format!("no organization {:?}", args.org));
            }
            let key = orgs::generate_key(env);
            let row = orgs::store::create_key(db, &args.org, env, &scopes, &key.hash, &key.hint, now)
                .await
                .map_err(err)?;
            Ok(json!({
                "key_id": row.id,
                "org_id": row.org_id,
                "api_key": key.secret,
                "environment": env,
                "scopes": scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            }))
        }
        Command::Keys(KeysCommand::Revoke { key_id }) => {
            let row = orgs::store::revoke_key(db, &key_id, now)
                .await
                .map_err(err)?
                .ok_or_else(|| format!("no API key {key_id:?}"))?;
            Ok(json!({
                "key_id": row.id,
                "revoked": true,
                "revoked_at": row.revoked_at.map(crate::ids::rfc3339_ms),
                // Servers trust a key they authenticated for KLAREFI_KEY_CACHE_MS.
                "refused_everywhere_within_ms": u64::try_from(state.config.key_cache_max_age.as_millis()).unwrap_or(u64::MAX),
            }))
        }
        Command::Keys(KeysCommand::List { org }) => {
            if orgs::store::find_org(db, &org).await.map_err(err)?.is_none() {
                return Err(format!("no organization {org:?}"));
            }
            let keys: Vec<Value> = orgs::store::list_keys(db, &org)
                .await
                .map_err(err)?
                .into_iter()
                .map(|k| {
                    json!({
                        "key_id": k.id,
                        "environment": k.environment,
                        "hint": k.hint,
                        "scopes": k.scopes().iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                        "created_at": crate::ids::rfc3339_ms(k.created_at),
                        "revoked_at": k.revoked_at.map(crate::ids::rfc3339_ms),
                    })
                })
                .collect();
            Ok(json!({ "org_id": org, "keys": keys }))
        }
        Command::Webhooks(command) => webhooks_admin(state, command, now).await,
        Command::CaseTypes(CaseTypesCommand::List) => {
            let list: Vec<Value> = state
                .case_types
                .all()
                .map(|ct| {
                    json!({
                        "case_type_id": ct.id,
                        "version": ct.version,
                        "facts": ct.facts.iter().map(|f| json!({"id": f.id, "type": f.fact_type, "required": f.required})).collect::<Vec<_>>(),
                        "steps": ct.steps.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            Ok(json!({ "case_types": list }))
        }
        Command::Serve { .. }
        | Command::Mcp
        | Command::Migrate
        | Command::CaseTypes(CaseTypesCommand::Check { .. })
        | Command::Extract { .. }
        | Command::Sessions(_)
        | Command::Cases(_)
        | Command::Worker(_) => Err("not an admin command".into()),
    }
}

fn endpoint_json(e: &crate::webhooks::store::EndpointRow) -> Value {
    json!({
        "endpoint_id": e.id,
        "org_id": e.org_id,
        "environment": e.environment,
        "url": e.url,
        "events": e.events.split_whitespace().collect::<Vec<_>>(),
        "enabled": e.enabled,
        "rotation_overlap_until": e.previous_secret_until.map(crate::ids::rfc3339_ms),
        "created_at": crate::ids::rfc3339_ms(e.created_at),
    })
}

async fn webhooks_admin(state: &AppState, command: WebhooksCommand, now: i64) -> Result<Value, String> {
    use crate::webhooks::store;
    let db = &state.db;
    let err = |e: crate::error::AppError| e.to_string();
    let new_secret = || format!("whsec_{}", crate::ids::random_base62(40));
    match command {
        WebhooksCommand::Add { org, url, env, events } => {
            if orgs::store::find_org(db, &org).await.map_err(err)?.is_none() {
                return Err(format!("no organization {org:?}"));
            }
            let policy = crate::fetch::FetchPolicy::webhook(state.config.allow_private_urls);
            let url = crate::fetch::check_url(&url, &policy)
                .map_err(|e| format!("--url: {e}"))?
                .to_string();
            let env = Environment::parse(&env).ok_or("--env must be test or live")?;
            let mut names = Vec::new();
            for event in &events {
                let name = crate::webhooks::semantic_name(event.trim());
                if name == "*" {
                    names.clear();
                    break;
                }
                if !crate::cases::EventType::ALL.iter().any(|t| t.as_str() == name) {
                    let known: Vec<&str> = crate::cases::EventType::ALL.iter().map(|t| t.as_str()).collect();
                    return Err(format!("unknown event {event:?}; known events: {}", known.join(", ")));
                }
                names.push(name.to_string());
            }
            names.sort();
            names.dedup();
            let subscribed = if names.is_empty() {
                "*".to_string()
            } else {
                names.join(" ")
            };
            let id = crate::ids::prefixed("we");
            let secret = new_secret();
            store::insert_endpoint(
                db,
                &store::NewEndpoint {
                    id: &id,
                    org_id: &org,
                    environment: env,
                    url: &url,
                    secret: &secret,
                    events: &subscribed,
                    now,
                },
            )
            .await
            .map_err(err)?;
            Ok(json!({
                "endpoint_id": id,
                "signing_secret": secret,
                "url": url,
                "environment": env,
                "events": subscribed.split_whitespace().collect::<Vec<_>>(),
            }))
        }
        WebhooksCommand::List { org } => {
            let endpoints = store::list_endpoints(db, &org).await.map_err(err)?;
            Ok(json!({ "org_id": org, "endpoints": endpoints.iter().map(endpoint_json).collect::<Vec<_>>() }))
        }
        WebhooksCommand::Disable { endpoint_id } | WebhooksCommand::Enable { endpoint_id }
            if store::find_endpoint(db, &endpoint_id).await.map_err(err)?.is_none() =>
        {
            Err(format!("no webhook endpoint {endpoint_id:?}"))
        }
        WebhooksCommand::Disable { endpoint_id } => {
            store::set_enabled(db, &endpoint_id, false, now).await.map_err(err)?;
            Ok(json!({ "endpoint_id": endpoint_id, "enabled": false }))
        }
        WebhooksCommand::Enable { endpoint_id } => {
            store::set_enabled(db, &endpoint_id, true, now).await.map_err(err)?;
            Ok(json!({ "endpoint_id": endpoint_id, "enabled": true }))
        }
        WebhooksCommand::RotateSecret {
            endpoint_id,
            overlap_hours,
        } => {
            let secret = new_secret();
            let until = now + i64::from(overlap_hours) * 3_600_000;
            if !store::rotate_secret(db, &endpoint_id, &secret, until, now)
                .await
                .map_err(err)?
            {
                return Err(format!("no webhook endpoint {endpoint_id:?}"));
            }
            Ok(json!({
                "endpoint_id": endpoint_id,
                "signing_secret": secret,
                "previous_secret_valid_until": crate::ids::rfc3339_ms(until),
            }))
        }
        WebhooksCommand::Deliveries { endpoint, failed } => {
            if store::find_endpoint(db, &endpoint).await.map_err(err)?.is_none() {
                return Err(format!("no webhook endpoint {endpoint:?}"));
            }
            let rows = store::list_deliveries(db, &endpoint, failed).await.map_err(err)?;
            let rows: Vec<Value> = rows
                .iter()
                .map(|d| {
                    json!({
                        "delivery_id": d.id,
                        "case_id": d.case_id,
                        "event_id": d.event_id,
                        "status": d.status,
                        "attempts": d.attempts,
                        "next_attempt_at": (d.status == "pending").then(|| crate::ids::rfc3339_ms(d.next_attempt_at)),
                        "last_status_code": d.last_status_code,
                        "last_error": d.last_error,
                        "delivered_at": d.delivered_at.map(crate::ids::rfc3339_ms),
                        "acknowledged_at": d.acknowledged_at.map(crate::ids::rfc3339_ms),
                    })
                })
                .collect();
            Ok(json!({ "endpoint_id": endpoint, "deliveries": rows }))
        }
        WebhooksCommand::Redeliver { delivery_id } => {
            if !store::redeliver(db, &delivery_id, now).await.map_err(err)? {
                return Err(format!("no delivery {delivery_id:?}"));
            }
            Ok(json!({ "delivery_id": delivery_id, "status": "pending" }))
        }
    }
}

fn check_case_type(file: &std::path::Path) -> i32 {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => return fail(&format!("{}: {e}", file.display())),
    };
    let name = file.display().to_string();
    let l10n = match L10n::load(file.parent()) {
        Ok(l10n) => l10n,
        Err(e) => return fail(&e.to_string()),
    };
    match case_types::parse(&name, &text).and_then(|ct| case_types::check_messages(&name, &ct, &l10n).map(|()| ct)) {
        Ok(ct) => {
            print_json(&json!({
                "ok": true,
                "case_type_id": ct.id,
                "version": ct.version,
                "facts": ct.facts.len(),
                "steps": ct.steps.len(),
            }));
            0
        }
        Err(e) => {
            print_json(&json!({
                "ok": false,
                "error": { "file": e.file, "line": e.line, "reason": e.reason, "message": e.to_string() },
            }));
            1
        }
    }
}

fn print_json(value: &Value) {
    print_out(&serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string()));
}

/// One line (or block) on stdout. A closed pipe (`klarefi cases get … | head`) is not an
/// error worth a panic: the reader has what it wanted, so the write is dropped quietly.
fn print_out(text: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

fn fail(message: &str) -> i32 {
    print_json(&json!({ "error": { "message": message } }));
    1
}
