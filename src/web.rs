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

use crate::app::AppState;
use crate::error::{AppError, Code, Kind};
use crate::l10n::{L10n, Locale};

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
            if already_json || (!is_api && response.headers().contains_key(CONTENT_TYPE)) {
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
        let page = PageCtx::new(state.l10n.clone(), locale, request_id.clone());
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
/// is ever served.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
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
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
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

/// What every page template gets: the locale, the translator and the request id.
pub struct PageCtx {
    pub locale: Locale,
    pub l10n: Arc<L10n>,
    pub request_id: String,
}

impl PageCtx {
    pub fn new(l10n: Arc<L10n>, locale: Locale, request_id: String) -> Self {
        Self {
            locale,
            l10n,
            request_id,
        }
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
