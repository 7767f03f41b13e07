//! An applicant's browser without a browser: one cookie jar, redirects followed by hand,
//! forms posted with the CSRF token of the last page, files sent as multipart.

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::{Value, json};

use crate::helpers::TestApp;

#[derive(Clone)]
pub struct Applicant {
    /// The server walked, as `http://host:port`, and the client that walks it.
    base: String,
    client: reqwest::Client,
    pub cookie: Option<String>,
    pub last_body: String,
    pub last_status: u16,
    pub last_headers: reqwest::header::HeaderMap,
}

/// Creates a hosted session and returns (session id, signed url).
pub async fn create_session(app: &TestApp, key: &str, extra: Value) -> (String, String) {
    let mut body = json!({
        "case_type_id": "motor_claim",
        "idempotency_key": klarefi::ids::random_hex(8),
        "external_case_id": "CLM-SECRET-77",
        "locale": "nl",
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    let response = app
        .client
        .post(app.url("/api/v1/sessions"))
        .bearer_auth(key)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.expect("json");
    (
        created["session_id"].as_str().expect("id").to_string(),
        created["signed_url"].as_str().expect("url").to_string(),
    )
}

/// `application/x-www-form-urlencoded`, as a browser sends a form.
fn form_post(client: &reqwest::Client, url: String, fields: &[(&str, &str)]) -> reqwest::RequestBuilder {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => (b as char).to_string(),
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    let body = fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    client
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
}

impl Applicant {
    pub fn new(app: &TestApp) -> Self {
        Self::at(&app.base, app.client.clone())
    }

    /// An applicant of the server at `base` (`http://host:port`), such as a `klarefi serve`
    /// process; `client` must not follow redirects.
    pub fn at(base: &str, client: reqwest::Client) -> Self {
        Self {
            base: base.trim_end_matches('/').to_string(),
            client,
            cookie: None,
            last_body: String::new(),
            last_status: 0,
            last_headers: reqwest::header::HeaderMap::new(),
        }
    }

    fn absolute(&self, path_or_url: &str) -> String {
        if path_or_url.starts_with("http") {
            path_or_url.to_string()
        } else {
            format!("{}{path_or_url}", self.base)
        }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> reqwest::Response {
        let request = match &self.cookie {
            Some(c) => request.header(COOKIE, c.clone()),
            None => request,
        };
        let response = request.send().await.expect("request");
        if let Some(set) = response.headers().get(SET_COOKIE).and_then(|v| v.to_str().ok()) {
            let pair = set.split(';').next().unwrap_or_default().to_string();
            self.cookie = if set.contains("Max-Age=0") { None } else { Some(pair) };
        }
        response
    }

    /// Follows redirects from `response` and keeps the final page.
    async fn land(&mut self, mut response: reqwest::Response) -> u16 {
        for _ in 0..10 {
            if !response.status().is_redirection() {
                break;
            }
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .expect("redirect has a location")
                .to_string();
            response = self.send(self.client.get(self.absolute(&location))).await;
        }
        self.last_status = response.status().as_u16();
        self.last_headers = response.headers().clone();
        self.last_body = response.text().await.expect("body");
        self.last_status
    }

    /// The raw first response (no redirects followed).
    pub async fn get_raw(&mut self, path_or_url: &str) -> reqwest::Response {
        let url = self.absolute(path_or_url);
        self.send(self.client.get(url)).await
    }

    pub async fn get(&mut self, path_or_url: &str) -> u16 {
        let response = self.get_raw(path_or_url).await;
        self.land(response).await
    }

    pub fn csrf(&self) -> String {
        let marker = "name=\"csrf\" value=\"";
        let start = self
            .last_body
            .find(marker)
            .expect("the page has a form with a CSRF token")
            + marker.len();
        let end = self.last_body[start..].find('"').expect("token ends") + start;
        self.last_body[start..end].to_string()
    }

    /// Posts a form (with the last page's CSRF token) and follows the redirect.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> u16 {
        let csrf = self.csrf();
        let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf)];
        form.extend_from_slice(fields);
        let response = self.send(form_post(&self.client, self.absolute(path), &form)).await;
        self.land(response).await
    }

    /// Posts without a CSRF token.
    pub async fn post_without_csrf(&mut self, path: &str, fields: &[(&str, &str)]) -> u16 {
        let response = self.send(form_post(&self.client, self.absolute(path), fields)).await;
        self.land(response).await
    }

    /// Uploads files as the document step's form does with its "Upload" button.
    pub async fn upload(&mut self, path: &str, files: &[(&str, &[u8])]) -> u16 {
        self.send_files(path, files, None).await
    }

    /// The documents step's primary button, "Verder": the chosen files (maybe none) are
    /// uploaded and the step is finished. `path` is the step's upload action.
    pub async fn upload_and_continue(&mut self, path: &str, files: &[(&str, &[u8])]) -> u16 {
        self.send_files(path, files, Some("continue")).await
    }

    /// "Verder" on the documents step on screen, with no file chosen.
    pub async fn continue_documents(&mut self) -> u16 {
        let action = self.action();
        assert!(action.ends_with("/upload"), "a documents step is on screen: {action}");
        self.send_files(&action, &[], Some("continue")).await
    }

    async fn send_files(&mut self, path: &str, files: &[(&str, &[u8])], go: Option<&str>) -> u16 {
        let csrf = self.csrf();
        let boundary = format!("----klarefi{}", klarefi::ids::random_hex(8));
        let mut body: Vec<u8> = Vec::new();
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n").as_bytes(),
        );
        for (name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        if let Some(go) = go {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"go\"\r\n\r\n{go}\r\n").as_bytes(),
            );
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let request = self
            .client
            .post(self.absolute(path))
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body);
        let response = self.send(request).await;
        self.land(response).await
    }

    pub fn sees(&self, text: &str) -> bool {
        self.last_body.contains(text)
    }

    /// The `<h1>` of the current page.
    pub fn heading(&self) -> String {
        let start = self
            .last_body
            .find("<h1")
            .map(|i| i + self.last_body[i..].find('>').unwrap_or(0) + 1);
        let Some(start) = start else { return String::new() };
        let end = self.last_body[start..]
            .find("</h1>")
            .map_or(self.last_body.len(), |e| e + start);
        let inner = &self.last_body[start..end];
        // Strip nested tags (labels, spans).
        let mut out = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The `<title>` of the current page.
    pub fn title(&self) -> String {
        let start = self.last_body.find("<title>").map_or(0, |i| i + "<title>".len());
        let end = self.last_body[start..].find("</title>").map_or(start, |e| e + start);
        self.last_body[start..end].to_string()
    }

    /// The progress line of the current page ("Stap 3 van 7"), if it has one.
    pub fn progress(&self) -> Option<String> {
        let marker = "<p id=\"progress-label\">";
        let start = self.last_body.find(marker)? + marker.len();
        let end = self.last_body[start..].find("</p>")? + start;
        Some(self.last_body[start..end].to_string())
    }

    /// The form action of the current screen's main form (the last form on the page).
    pub fn action(&self) -> String {
        let marker = "<form method=\"post\" action=\"";
        let start = self.last_body.rfind(marker).expect("a form") + marker.len();
        let end = self.last_body[start..].find('"').expect("action ends") + start;
        self.last_body[start..end].to_string()
    }
}
