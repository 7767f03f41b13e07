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

/// Memory freed by another thread than the one that allocated it (a connection's buffers,
/// when its task moved between the runtime's threads) waits in the allocating thread's
/// lists until that thread next allocates, and freed pages go back to the system only when
/// some thread next asks mimalloc to collect. After a burst the threads go idle and neither
/// happens: the peak stayed resident. A runtime thread about to sleep therefore collects
/// its own heap, at most once a second (BENCHMARKS.md, "Slow clients").
fn collect_when_idle() {
    use std::cell::Cell;
    use std::time::{Duration, Instant};
    thread_local! {
        static LAST: Cell<Option<Instant>> = const { Cell::new(None) };
    }
    let now = Instant::now();
    let due = LAST.with(|last| {
        let due = last
            .get()
            .is_none_or(|at| now.duration_since(at) >= Duration::from_secs(1));
        if due {
            last.set(Some(now));
        }
        due
    });
    if due {
        // SAFETY: `mi_collect` takes no pointers and has no preconditions: it walks the calling
        // thread's own heap and the shared arenas under mimalloc's own locks, and only frees
        // what no block is using. It is the allocator the binary runs on (`ALLOCATOR`).
        #[allow(unsafe_code)]
        unsafe {
            libmimalloc_sys::mi_collect(false);
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .on_thread_park(collect_when_idle)
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
