//! A minimal HTTP/1.1 responder on loopback for the fetcher tests. One request per
//! connection (`Connection: close`), enough to exercise redirects, size limits and timeouts
//! without pulling a server framework into the crate.
#![allow(dead_code)] // each test binary uses a different subset

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub fn install_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub enum Reply {
    /// Status, extra headers, body (sent with Content-Length).
    Fixed(u16, Vec<(String, String)>, Vec<u8>),
    /// 302 with this Location.
    Redirect(String),
    /// 200, chunked, an endless body.
    ChunkedForever,
    /// 200 declaring this Content-Length, then a few bytes, then silence.
    DeclaredThenHang(u64),
    /// Reads the request and never answers.
    Hang,
}

pub struct Server {
    pub addr: SocketAddr,
    pub requests: Arc<Mutex<Vec<Request>>>,
    /// Body bytes written by `ChunkedForever` replies.
    pub streamed: Arc<AtomicU64>,
    accept: JoinHandle<()>,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn hits(&self) -> usize {
        self.requests.lock().expect("request log poisoned").len()
    }

    pub fn paths(&self) -> Vec<String> {
        self.requests
            .lock()
            .expect("request log poisoned")
            .iter()
            .map(|r| r.path.clone())
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

type Handler = dyn Fn(&Request, SocketAddr) -> Reply + Send + Sync;

/// Serves on `ip` (any free port) with `handler(request, own_address)`.
pub async fn serve(ip: &str, handler: impl Fn(&Request, SocketAddr) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind((ip, 0)).await.expect("bind test server");
    let addr = listener.local_addr().expect("test server address");
    let requests = Arc::new(Mutex::new(Vec::new()));
    let streamed = Arc::new(AtomicU64::new(0));
    let handler: Arc<Handler> = Arc::new(handler);
    let (reqs, stream_count) = (requests.clone(), streamed.clone());
    let accept = tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let (handler, reqs, stream_count) = (handler.clone(), reqs.clone(), stream_count.clone());
            tokio::spawn(async move {
                let _ = handle(socket, addr, handler, reqs, stream_count).await;
            });
        }
    });
    Server {
        addr,
        requests,
        streamed,
        accept,
    }
}

async fn handle(
    mut socket: TcpStream,
    own: SocketAddr,
    handler: Arc<Handler>,
    reqs: Arc<Mutex<Vec<Request>>>,
    streamed: Arc<AtomicU64>,
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut socket).await? else {
        return Ok(());
    };
    reqs.lock().expect("request log poisoned").push(request.clone());
    match handler(&request, own) {
        Reply::Fixed(status, headers, body) => {
            let mut head = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (n, v) in headers {
                head.push_str(&format!("{n}: {v}\r\n"));
            }
            head.push_str("\r\n");
            socket.write_all(head.as_bytes()).await?;
            socket.write_all(&body).await?;
        }
        Reply::Redirect(location) => {
            let head =
                format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket.write_all(head.as_bytes()).await?;
        }
        Reply::ChunkedForever => {
            socket
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nTransfer-Encoding: chunked\r\n\r\n")
                .await?;
            let chunk = vec![b'x'; 16 * 1024];
            loop {
                socket.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await?;
                socket.write_all(&chunk).await?;
                socket.write_all(b"\r\n").await?;
                streamed.fetch_add(chunk.len() as u64, Ordering::SeqCst);
            }
        }
        Reply::DeclaredThenHang(len) => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {len}\r\n\r\nabc");
            socket.write_all(head.as_bytes()).await?;
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        Reply::Hang => tokio::time::sleep(Duration::from_secs(3600)).await,
    }
    socket.flush().await?;
    Ok(())
}

async fn read_request(socket: &mut TcpStream) -> std::io::Result<Option<Request>> {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        let n = socket.read(&mut tmp).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&tmp[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_owned();
    let path = first.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = socket.read(&mut tmp).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&tmp[..n]);
    }
    Ok(Some(Request {
        method,
        path,
        headers,
        body,
    }))
}
