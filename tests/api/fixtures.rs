//! Fixtures: PDFs written with `klarefi::sample::text_pdf` or by hand (never copied from
//! the corpus), and small local HTTP servers standing in for an integrator's storage or
//! webhook receiver.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};

/// A one-page PDF with Helvetica (WinAnsi) text, one line per entry.
pub fn text_pdf(lines: &[&str]) -> Vec<u8> {
    klarefi::sample::text_pdf(lines).expect("a PDF of text lines")
}

/// A complete Dutch claim form: every required motor_claim fact, labelled, with distractors.
pub fn complete_claim_pdf() -> Vec<u8> {
    text_pdf(&[
        "Schadeformulier motorrijtuigen",
        "Naam verzekeringnemer: Jan de Vries",
        "E-mailadres: jan.devries@example.nl",
        "Telefoonnummer: 06 12345678",
        "Polisnummer: AUTO-2023-44871",
        "Kenteken: AB-123-C",
        "Kenteken tegenpartij: 12-XYZ-3",
        "Schadedatum: 3 februari 2023",
        "Geboortedatum: 12-05-1980",
        "Plaats van het ongeval: Utrecht",
        "Toedracht: Bij het achteruit rijden raakte de tegenpartij mijn achterbumper.",
        "Totaal incl. BTW: \u{20ac} 1.234,56",
        "Eigen risico: \u{20ac} 250,00",
        "IBAN: NL91 ABNA 0417 1643 00",
    ])
}

/// What a fixture server saw.
#[derive(Clone, Default)]
pub struct Seen {
    pub requests: Arc<Mutex<Vec<(HeaderMap, Bytes)>>>,
}

async fn serve(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind fixture server");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    addr
}

/// Serves `body` at `/doc.pdf`, a 404 at `/missing.pdf`, and a redirect at `/moved`.
pub async fn document_server(body: Vec<u8>) -> SocketAddr {
    let body = Bytes::from(body);
    let router = Router::new()
        .route(
            "/doc.pdf",
            get(move || async move { (StatusCode::OK, [("content-type", "application/pdf")], body.clone()) }),
        )
        .route("/missing.pdf", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/moved",
            get(|| async { (StatusCode::FOUND, [("location", "/doc.pdf")]) }),
        );
    serve(router).await
}

/// A webhook receiver answering `status` and remembering every request.
pub async fn receiver(status: StatusCode) -> (SocketAddr, Seen) {
    let seen = Seen::default();
    let log = seen.clone();
    let router = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: Bytes| {
            let log = log.clone();
            async move {
                log.requests.lock().expect("lock").push((headers, body));
                status
            }
        }),
    );
    (serve(router).await, seen)
}

/// A webhook receiver that answers request n with `plan[n]` (status, delay in ms), then
/// `(200, 0)`, and remembers every request.
pub async fn programmable_receiver(plan: Vec<(u16, u64)>) -> (SocketAddr, Seen) {
    let seen = Seen::default();
    let log = seen.clone();
    let plan = Arc::new(plan);
    let router = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: Bytes| {
            let (log, plan) = (log.clone(), plan.clone());
            async move {
                let n = {
                    let mut requests = log.requests.lock().expect("lock");
                    requests.push((headers, body));
                    requests.len() - 1
                };
                let (status, delay) = plan.get(n).copied().unwrap_or((200, 0));
                tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
                StatusCode::from_u16(status).expect("status")
            }
        }),
    );
    (serve(router).await, seen)
}

impl Seen {
    pub fn count(&self) -> usize {
        self.requests.lock().expect("lock").len()
    }

    /// The JSON bodies received so far.
    pub fn bodies(&self) -> Vec<serde_json::Value> {
        self.requests
            .lock()
            .expect("lock")
            .iter()
            .map(|(_, b)| serde_json::from_slice(b).expect("json body"))
            .collect()
    }

    /// Waits until at least `n` requests arrived (or panics after `secs`).
    pub async fn wait_for(&self, n: usize, secs: u64) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        while self.count() < n {
            assert!(
                std::time::Instant::now() < deadline,
                "expected {n} requests, got {}",
                self.count()
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

/// A PDF encrypted with a user password (the empty password does not open it).
pub fn encrypted_pdf() -> Vec<u8> {
    let content = b"BT /F1 12 Tf 72 720 Td (secret) Tj ET";
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        [
            format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(),
            content.as_slice(),
            b"\nendstream",
        ]
        .concat(),
        format!(
            "<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <{}> /U <{}> >>",
            "4f".repeat(32),
            "55".repeat(32)
        )
        .into_bytes(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    let id = "0123456789abcdef0123456789abcdef";
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Encrypt 5 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
