//! The `klarefi` binary: parse the command line, read settings, start logging, run.

use clap::Parser as _;
use klarefi::cli::{self, Cli};
use klarefi::config::{Config, LogFormat};
use tracing_subscriber::EnvFilter;

/// glibc's allocator spent over a quarter of a case read's CPU in malloc, free and arena
/// locks (blocks move between the runtime's threads and the database's); mimalloc keeps
/// per-thread heaps. BENCHMARKS.md, HTTP section.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("klarefi: cannot start the async runtime: {err}");
            std::process::exit(1);
        }
    }
}

/// mimalloc hands freed pages back to the system only after its purge delay (1 s), and only
/// when a thread next calls into it: a server whose threads go idle after a burst (a flood
/// of slow clients) would keep its peak for good. A server therefore purges at once. mimalloc
/// reads `MIMALLOC_PURGE_DELAY` when the process starts, before `main`, so `serve` starts
/// itself again with it set (same pid, arguments and environment); an operator's own value
/// is kept. What it costs the request rate is measured in BENCHMARKS.md ("Slow clients").
fn purge_freed_memory_at_once(cli: &Cli) {
    use std::os::unix::process::CommandExt as _;
    if !cli.serves() || std::env::var_os(PURGE_DELAY).is_some() {
        return;
    }
    // /proc/self/exe still runs a binary that was replaced on disk since it started.
    let exe = std::path::Path::new("/proc/self/exe");
    let mut args = std::env::args_os();
    let mut command = std::process::Command::new(exe);
    if let Some(arg0) = args.next() {
        command.arg0(arg0);
    }
    let err = command.args(args).env(PURGE_DELAY, "0").exec();
    // `exec` returns only when it failed: serve on with the allocator's defaults.
    eprintln!("klarefi: could not restart with {PURGE_DELAY}=0 ({err}); freed memory is returned lazily");
}

const PURGE_DELAY: &str = "MIMALLOC_PURGE_DELAY";

fn main() {
    let cli = Cli::parse();
    purge_freed_memory_at_once(&cli);
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
