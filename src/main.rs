//! The `klarefi` binary: parse the command line, read settings, start logging, run.

use clap::Parser as _;
use klarefi::cli::{self, Cli};
use klarefi::config::{Config, LogFormat};
use tracing_subscriber::EnvFilter;

#[global_allocator]
static ALLOCATOR: klarefi_allocator::MiMalloc = klarefi_allocator::MiMalloc;

fn init_tracing(format: LogFormat) {
    let filter =
        EnvFilter::try_from_env("KLAREFI_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    // The MCP SDK logs whole requests and results at debug (a link's token, a document's bytes
    // and values): never, whatever KLAREFI_LOG asks for.
    let filter = match "rmcp=warn".parse() {
        Ok(directive) => filter.add_directive(directive),
        Err(_) => filter,
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // After a burst the idle threads give the freed memory back (`klarefi_allocator`).
        .on_thread_park(klarefi_allocator::collect_when_idle)
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("klarefi: cannot start the async runtime: {err}");
            std::process::exit(1);
        }
    }
}

fn main() {
    let cli = Cli::parse();
    if cli.runs_without_settings() {
        // The sandboxed worker and `extract` read no settings and touch no data dir.
        if let Some(klarefi::cli::Command::Worker(klarefi::cli::WorkerCommand::Pdf { format })) = &cli.command {
            let format = format.as_deref().and_then(klarefi::vocab::DocFormat::parse);
            std::process::exit(klarefi::sandbox::worker_main(format));
        }
        std::process::exit(runtime().block_on(cli::run_standalone(cli)));
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("klarefi: bad setting {err}");
            std::process::exit(2);
        }
    };
    init_tracing(config.log_format);
    // sqlx brings rustls with ring; reqwest is built without a provider, so pick ring once.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let code = runtime().block_on(cli::run(cli, config));
    std::process::exit(code);
}
