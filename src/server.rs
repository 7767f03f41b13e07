//! Serving connections with the limits `axum::serve` does not have: a deadline for every
//! request's head (which also closes connections that stay idle), a cap on connections served
//! at once, and a graceful shutdown that lets requests in flight finish.
//!
//! Body timeouts are a layer on the router (`app::router`); checks that need no body (link,
//! cookie) run before a form is read (`intake::routes`). This module must never read a
//! request: it only accepts, limits and hands connections to hyper.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// What one instance allows its clients.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// From the moment the server waits for a request's head until the head is complete.
    pub header_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
}

/// Connections the kernel may hold for us before we accept them. tokio's `bind` asks for
/// 1,024: a flood of thousands arriving at once filled that queue, and a health check's own
/// connection then waited out a SYN retry (1 s, then 3 s). The kernel caps it at
/// `net.core.somaxconn` (4,096 on current Linux).
const ACCEPT_BACKLOG: u32 = 8192;

/// Binds `addr` with a long accept queue ([`ACCEPT_BACKLOG`]) and address reuse, so a
/// restarted server binds at once.
pub fn bind(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(ACCEPT_BACKLOG)
}

/// Serves `router` on a thread of its own, with a single-threaded runtime, until `shutdown`
/// resolves; the returned future ends when that thread has stopped. Its accepts and requests
/// are not queued behind the main runtime's tasks, so a health probe on the operations address
/// is answered while thousands of connections keep the main runtime busy. Handlers that need
/// the main runtime's connections (the database, the bucket) hop back to it themselves
/// (`app::on_main_runtime`).
pub fn serve_on_own_thread(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<impl Future<Output = std::io::Result<()>>> {
    // Taken off the main runtime's reactor here and registered with the thread's own there.
    let listener = listener.into_std()?;
    let (done, stopped) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("klarefi-ops".to_string())
        .spawn(move || {
            let result = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .and_then(|runtime| {
                    runtime.block_on(async move {
                        let listener = TcpListener::from_std(listener)?;
                        serve(listener, router, limits, shutdown).await
                    })
                });
            let _ = done.send(result);
        })?;
    Ok(async move {
        stopped
            .await
            .unwrap_or_else(|_| Err(std::io::Error::other("the operations thread ended without a result")))
    })
}

/// Serves `router` on `listener` until `shutdown` resolves, then stops accepting and waits for
/// the requests in flight (idle connections close at once).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut refused: u64 = 0;
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // Out of file descriptors, or a connection reset while queued: wait a
                    // moment instead of spinning on the error.
                    tracing::warn!(error = %err, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            // Over the cap: closed at once, so the connections already open are still served
            // and a flood costs no memory beyond the cap.
            refused += 1;
            if refused.is_power_of_two() {
                tracing::warn!(
                    refused,
                    max = limits.max_connections,
                    "connection cap reached; closing new connections"
                );
            }
            drop(stream);
            continue;
        };
        let connection = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(router.clone()));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // Timeouts and clients that go away end here as errors; nothing to report.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
