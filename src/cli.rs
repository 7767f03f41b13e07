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

#[derive(Parser, Debug)]
#[command(name = "klarefi", version, about = "Hosted intake with evidence-backed facts", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the API and the pages (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Manage organizations.
    #[command(subcommand)]
    Orgs(OrgsCommand),
    /// Manage API keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Inspect and check case-type definitions.
    #[command(subcommand, name = "case-types")]
    CaseTypes(CaseTypesCommand),
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
}

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// Create an API key; the secret is printed once.
    Create(CreateKey),
    /// Revoke an API key at once.
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
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => match serve(config).await {
            Ok(()) => 0,
            Err(err) => {
                eprintln!("klarefi: {err}");
                1
            }
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

async fn serve(config: Config) -> Result<(), StartError> {
    let app = App::build(config).await?;
    let addr = app.local_addr().map_err(|e| StartError::Setup(e.to_string()))?;
    if let Some(demo) = app.demo() {
        // Printed, not logged: the key is shown once, to the operator's terminal.
        println!(
            "{}",
            demo_banner(&app.state().config.public_url, &demo.org_id, &demo.api_key)
        );
    }
    tracing::info!(%addr, public_url = %app.state().config.public_url, backend = ?app.state().db.backend(), "listening");
    app.serve(shutdown_signal())
        .await
        .map_err(|e| StartError::Setup(e.to_string()))
}

fn demo_banner(public_url: &str, org_id: &str, api_key: &str) -> String {
    format!(
        "\n  Demo organization {org_id} created.\n  Test API key (shown once): {api_key}\n\n  Try it:\n    export KLAREFI_API_BASE_URL={public_url}\n    export KLAREFI_API_KEY={api_key}\n    curl \"$KLAREFI_API_BASE_URL/api/v1/me\" -H \"Authorization: Bearer $KLAREFI_API_KEY\"\n"
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
        Command::Serve | Command::Migrate | Command::CaseTypes(CaseTypesCommand::Check { .. }) => {
            Err("not an admin command".into())
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
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
    );
}

fn fail(message: &str) -> i32 {
    print_json(&json!({ "error": { "message": message } }));
    1
}
