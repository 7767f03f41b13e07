//! HTTP plumbing shared by every route: request ids, the one place errors are rendered,
//! security headers, JSON and query extraction with the seeds' error envelope, the page
//! context templates use, and the stylesheet.

use std::sync::Arc;

use askama::Template;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::header::{self, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument as _;

use crate::error::{AppError, Code, Kind};
use crate::l10n::{L10n, Locale};
use crate::state::AppState;
use crate::text::Place;

/// The id of one request: in logs, in every error body and in `X-Request-Id`.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Gives every request an id, a tracing span, and the `X-Request-Id` response header.
/// An id sent by the client is not trusted: ours is always fresh.
pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id = format!("req_{}", crate::ids::random_hex(12));
    request.extensions_mut().insert(RequestId(id.clone()));
    let span =
        tracing::info_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path());
    let mut response = next.run(request).instrument(span).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

#[derive(Serialize)]
struct Envelope<'a> {
    error: EnvelopeBody<'a>,
}

#[derive(Serialize)]
struct EnvelopeBody<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    code: &'a str,
    message: &'a str,
    request_id: &'a str,
}

/// Renders every error response: the seeds' JSON envelope under `/api`, a localized page
/// elsewhere, both with the request id. Errors raised by handlers arrive as an `AppError`
/// extension; bare error statuses from layers (body limits, timeouts, panics) are wrapped too,
/// so no error leaves without the envelope.
pub async fn render_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api");
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .map_or_else(String::new, |r| r.0.clone());
    let accept_language = request.headers().get(header::ACCEPT_LANGUAGE).cloned();
    let mut response = next.run(request).await;

    let error = match response.extensions_mut().remove::<AppError>() {
        Some(error) => error,
        None if response.status().is_client_error() || response.status().is_server_error() => {
            let already_json = response
                .headers()
                .get(CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
            // A page that rendered its own error (HTML) stands; anything else, such as the
            // `text/plain` a framework rejection or a failed `Location` header answers with,
            // becomes the envelope or the localized page.
            let own_page = response
                .headers()
                .get(CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
            if already_json || (!is_api && own_page) {
                return response;
            }
            let (kind, code) = Kind::from_status(response.status());
            AppError::new(kind, code)
        }
        None => return response,
    };

    if let Some(cause) = &error.cause {
        tracing::error!(request_id = %request_id, code = error.code.as_str(), error = %cause, "request failed");
    } else if error.kind == Kind::Internal {
        tracing::error!(request_id = %request_id, code = error.code.as_str(), "request failed");
    }

    let (status, kind) = error.kind.status_and_type();
    let mut headers = std::mem::take(response.headers_mut());
    headers.remove(CONTENT_TYPE);
    headers.remove(header::CONTENT_LENGTH);

    let mut out = if is_api {
        let message = match &error.detail {
            Some(detail) => detail.clone(),
            None => state
                .l10n
                .tr(Locale::En, &format!("error-{}", error.code.as_str()), None),
        };
        let body = Envelope {
            error: EnvelopeBody {
                kind,
                code: error.code.as_str(),
                message: &message,
                request_id: &request_id,
            },
        };
        (status, axum::Json(body)).into_response()
    } else {
        let locale = accept_language
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .and_then(Locale::from_accept_language)
            .unwrap_or(Locale::DEFAULT);
        let brand = match &error.org_id {
            // A page that cannot be branded is still an error page: it falls back to the neutral one.
            Some(org_id) => crate::orgs::store::brand(&state.db, org_id).await.ok().flatten(),
            None => None,
        };
        let page = PageCtx::new(state.l10n.clone(), locale, request_id.clone()).with_brand(brand);
        let message = page.t(&format!("error-{}", error.code.as_str()));
        let html = ErrorPage {
            page: &page,
            message: &message,
        }
        .render()
        .unwrap_or_else(|_| message.clone());
        (status, Html(html)).into_response()
    };
    for (name, value) in &headers {
        out.headers_mut().entry(name).or_insert(value.clone());
    }
    out
}

/// Security headers on every response; pages tighten nothing further because nothing inline
/// is ever served. The applicant's and the handler's pages are never stored by a browser or a
/// proxy (`no-store`: they show personal data and a form token), and with an https public URL
/// browsers are told to use https only (HSTS).
pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let private_page = path.starts_with("/s/") || path.starts_with("/case-file/");
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if private_page && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.config.public_url.starts_with("https://") {
        h.entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static("max-age=31536000"));
    }
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "no-referrer");
    set(h, "x-frame-options", "DENY");
    set(
        h,
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    set(h, "cross-origin-opener-policy", "same-origin");
    set(h, "permissions-policy", "camera=(), microphone=(), geolocation=()");
    response
}

/// Refuses a request whose path or query string decodes to a control character (NUL, a line
/// break, DEL, …) with a 400 `invalid_characters`, before routing: no handler, query or header
/// ever sees one. Bodies are checked where they are read (`ApiJson`, `PageForm`).
pub async fn refuse_control_characters(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let path = crate::text::percent_decode(uri.path(), false);
    let query = uri.query().map(|q| crate::text::percent_decode(q, true));
    let refused = crate::text::first_refused(&path, Place::Line)
        .map(|_| "path")
        .or_else(|| {
            query
                .as_deref()
                .and_then(|q| crate::text::first_refused(q, Place::Line))
                .map(|_| "query string")
        });
    if let Some(part) = refused {
        return invalid_characters(part).into_response();
    }
    next.run(request).await
}

/// The error for text holding a control character, naming where it was.
pub fn invalid_characters(place: &str) -> AppError {
    AppError::validation(
        Code::InvalidCharacters,
        format!("the {place} contains a control character (such as NUL); send text without them"),
    )
}

/// A form's CSRF token checked against the one its session holds, in constant time: the one
/// check behind every page form (the applicant's and the handler's). No token in the session
/// or none sent is a refusal.
pub fn check_csrf(expected: Option<&str>, sent: Option<&str>) -> Result<(), AppError> {
    match (expected, sent) {
        (Some(expected), Some(sent))
            if !expected.is_empty() && crate::links::constant_time_eq(sent.as_bytes(), expected.as_bytes()) =>
        {
            Ok(())
        }
        _ => Err(AppError::new(Kind::Authorization, Code::CsrfFailed)),
    }
}

/// A 404 with `code` when `id` cannot be a `kind` id: checked before any query.
pub fn known_shape(kind: crate::ids::IdKind, id: &str, code: Code) -> Result<(), AppError> {
    if crate::ids::well_formed(kind, id) {
        Ok(())
    } else {
        Err(AppError::not_found(code))
    }
}

/// The unknown-route handler: a 404 in the envelope or as a page.
pub async fn not_found() -> AppError {
    AppError::not_found(Code::RouteNotFound)
}

/// The wrong-method handler.
pub async fn method_not_allowed() -> AppError {
    AppError::new(Kind::MethodNotAllowed, Code::MethodNotAllowed)
}

/// `Json<T>` whose rejections are `AppError`s, so malformed bodies get the envelope.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !json_content_type(request.headers()) {
            return Err(AppError::new(Kind::UnsupportedMediaType, Code::UnsupportedMediaType)
                .with_detail("send the body with Content-Type: application/json"));
        }
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|rejection| body_error(rejection.status(), &rejection))?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// The error for a body that could not be read: too large, sent too slowly
/// (`KLAREFI_BODY_TIMEOUT_MS`, code `timeout`), or broken off.
pub fn body_error(status: StatusCode, error: &(dyn std::error::Error + 'static)) -> AppError {
    let mut source = Some(error);
    while let Some(e) = source {
        if e.is::<tower_http::timeout::TimeoutError>() {
            return AppError::new(Kind::Validation, Code::Timeout)
                .with_detail("the request body did not arrive in time; send it without pauses");
        }
        source = e.source();
    }
    let (kind, code) = Kind::from_status(status);
    AppError::new(kind, code)
}

/// A JSON body as `T`, with the envelope's codes for what is wrong with it; a string holding
/// a control character is refused before anything reads it.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    if crate::text::json_has_refused_text(bytes) {
        return Err(invalid_characters("body"));
    }
    match axum::Json::<T>::from_bytes(bytes) {
        Ok(axum::Json(value)) => Ok(value),
        Err(rejection) => Err(json_rejection(&rejection)),
    }
}

/// `application/json` or `application/…+json`, as `axum::Json` accepts.
fn json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mime = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

fn json_rejection(rejection: &JsonRejection) -> AppError {
    let text = rejection.body_text();
    match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            AppError::new(Kind::UnsupportedMediaType, Code::UnsupportedMediaType)
                .with_detail("send the body with Content-Type: application/json")
        }
        JsonRejection::JsonSyntaxError(_) => AppError::validation(Code::InvalidJson, text),
        JsonRejection::JsonDataError(_) => {
            let code = if text.contains("missing field") {
                Code::MissingField
            } else if text.contains("unknown field") {
                Code::UnknownField
            } else {
                Code::InvalidField
            };
            AppError::validation(code, text)
        }
        _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::new(Kind::PayloadTooLarge, Code::BodyTooLarge)
        }
        _ => AppError::validation(Code::InvalidRequest, text),
    }
}

/// `Query<T>` whose rejections are `AppError`s.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(query_rejection(&rejection)),
        }
    }
}

fn query_rejection(rejection: &QueryRejection) -> AppError {
    AppError::validation(Code::InvalidField, rejection.body_text())
}

/// A page's form (`application/x-www-form-urlencoded`) as field name → value, with every name
/// and value checked for control characters (line breaks and tabs are allowed: text areas).
/// Rejections are `AppError`s, so the applicant sees the localized page.
pub struct PageForm(pub std::collections::HashMap<String, String>);

impl<S: Send + Sync> FromRequest<S> for PageForm {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Form(fields) = axum::Form::<Vec<(String, String)>>::from_request(request, state)
            .await
            .map_err(|rejection| body_error(rejection.status(), &rejection))?;
        if fields.iter().any(|(name, value)| {
            crate::text::first_refused(name, Place::Multiline).is_some()
                || crate::text::first_refused(value, Place::Multiline).is_some()
        }) {
            return Err(invalid_characters("form"));
        }
        Ok(PageForm(fields.into_iter().collect()))
    }
}

/// What every page template gets: the locale, the translator, the request id, and the
/// organization's branding on pages that belong to one case (applicant pages, case file).
pub struct PageCtx {
    pub locale: Locale,
    pub l10n: Arc<L10n>,
    pub request_id: String,
    pub brand: Option<crate::orgs::Brand>,
    /// The organization's time zone, looked up on first use ([`PageCtx::time_zone`]).
    time_zone: std::sync::OnceLock<jiff::tz::TimeZone>,
}

impl PageCtx {
    pub fn new(l10n: Arc<L10n>, locale: Locale, request_id: String) -> Self {
        Self {
            locale,
            l10n,
            request_id,
            brand: None,
            time_zone: std::sync::OnceLock::new(),
        }
    }

    /// The page as `brand`'s organization shows it.
    #[must_use]
    pub fn with_brand(mut self, brand: Option<crate::orgs::Brand>) -> Self {
        self.brand = brand;
        self.time_zone = std::sync::OnceLock::new();
        self
    }

    /// The time zone the organization reads times in (Europe/Amsterdam unless it chose one),
    /// looked up once per page however many times the page shows.
    pub fn time_zone(&self) -> jiff::tz::TimeZone {
        self.time_zone
            .get_or_init(|| {
                self.brand
                    .as_ref()
                    .map_or_else(crate::orgs::default_tz, crate::orgs::Brand::tz)
            })
            .clone()
    }

    /// The name in the header and every page title: the insurer's, else the product's.
    pub fn site_name(&self) -> String {
        self.brand
            .as_ref()
            .and_then(|b| b.display_name.clone())
            .unwrap_or_else(|| self.t("product-name"))
    }

    pub fn logo_url(&self) -> Option<String> {
        self.brand.as_ref().and_then(crate::orgs::Brand::logo_url)
    }

    pub fn style_url(&self) -> Option<String> {
        self.brand.as_ref().and_then(crate::orgs::Brand::style_url)
    }

    /// "Questions? Contact …" with the organization's support contact, when it gave one.
    pub fn support_text(&self) -> Option<String> {
        let contact = self.brand.as_ref()?.support_contact.clone()?;
        Some(self.ta("brand-support", &[("contact", contact), ("name", self.site_name())]))
    }

    /// A message in the page's locale.
    pub fn t(&self, id: &str) -> String {
        self.l10n.tr(self.locale, id, None)
    }

    /// A message with one string argument called `name`.
    pub fn t1(&self, id: &str, name: &str) -> String {
        self.l10n.tr_args(self.locale, id, &[("name", name.to_string())])
    }

    /// A message with named string arguments.
    pub fn ta(&self, id: &str, args: &[(&str, String)]) -> String {
        self.l10n.tr_args(self.locale, id, args)
    }

    /// Whether the page is in `lang` (for the language switcher).
    pub fn is_lang(&self, lang: &str) -> bool {
        self.locale.as_str() == lang
    }

    pub fn lang(&self) -> &'static str {
        self.locale.as_str()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    page: &'a PageCtx,
    message: &'a str,
}

const STYLESHEET: &str = include_str!("../static/app.css");

/// `GET /static/app.css`
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

#[cfg(test)]
mod tests {
    use super::check_csrf;

    #[test]
    fn a_form_passes_only_with_the_sessions_own_token() {
        let cases = [
            (Some("tok_abc"), Some("tok_abc"), true, "the session's token"),
            (Some("tok_abc"), Some("tok_abd"), false, "another token"),
            (Some("tok_abc"), None, false, "none sent"),
            (None, Some("tok_abc"), false, "no token in the session"),
            (Some(""), Some(""), false, "an empty token matches nothing"),
        ];
        for (expected, sent, ok, what) in cases {
            assert_eq!(check_csrf(expected, sent).is_ok(), ok, "{what}");
        }
    }
}
