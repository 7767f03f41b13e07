//! The one error type of the application and its mapping to HTTP.
//!
//! A handler returns `AppError`; its `Kind` says what went wrong in domain terms and one
//! mapping gives the status and the seeds' `type`. The `Code` is a stable snake_case name that
//! integrators can branch on, and also the Fluent id (`error-<code>`) of its localized message.
//! Turning the error into the JSON envelope or an HTML page happens in one place,
//! `web::render_errors`, which knows the request id and the locale. Internal causes are logged
//! there once and never sent.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// What went wrong, in domain terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Validation,
    Authentication,
    Authorization,
    NotFound,
    MethodNotAllowed,
    PayloadTooLarge,
    UnsupportedMediaType,
    Precondition,
    RateLimited,
    Unavailable,
    Internal,
}

impl Kind {
    /// The HTTP status and the seeds' error `type`.
    pub fn status_and_type(self) -> (StatusCode, &'static str) {
        match self {
            Kind::Validation => (StatusCode::BAD_REQUEST, "validation_error"),
            Kind::Authentication => (StatusCode::UNAUTHORIZED, "authentication_error"),
            Kind::Authorization => (StatusCode::FORBIDDEN, "authorization_error"),
            Kind::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            Kind::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "validation_error"),
            Kind::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "validation_error"),
            Kind::UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "validation_error"),
            Kind::Precondition => (StatusCode::PRECONDITION_REQUIRED, "precondition_error"),
            Kind::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "rate_limit_error"),
            Kind::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "internal_error"),
            Kind::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal_error"),
        }
    }

    /// The kind an unexplained error status (from a layer, not a handler) stands for.
    pub fn from_status(status: StatusCode) -> (Kind, Code) {
        match status.as_u16() {
            401 => (Kind::Authentication, Code::InvalidApiKey),
            403 => (Kind::Authorization, Code::Forbidden),
            404 => (Kind::NotFound, Code::RouteNotFound),
            405 => (Kind::MethodNotAllowed, Code::MethodNotAllowed),
            408 => (Kind::Unavailable, Code::Timeout),
            413 => (Kind::PayloadTooLarge, Code::BodyTooLarge),
            415 => (Kind::UnsupportedMediaType, Code::UnsupportedMediaType),
            429 => (Kind::RateLimited, Code::RateLimited),
            400..=499 => (Kind::Validation, Code::InvalidRequest),
            503 => (Kind::Unavailable, Code::Unavailable),
            _ => (Kind::Internal, Code::Internal),
        }
    }
}

macro_rules! codes {
    ($($variant:ident => $name:literal),* $(,)?) => {
        /// Every stable error code. Each has an `error-<code>` message in every locale.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name),* }
            }
        }
    };
}

codes! {
    InvalidRequest => "invalid_request",
    InvalidJson => "invalid_json",
    MissingField => "missing_field",
    InvalidField => "invalid_field",
    InvalidCharacters => "invalid_characters",
    UnknownField => "unknown_field",
    MissingApiKey => "missing_api_key",
    InvalidApiKey => "invalid_api_key",
    RevokedApiKey => "revoked_api_key",
    InsufficientScope => "insufficient_scope",
    Forbidden => "forbidden",
    RouteNotFound => "route_not_found",
    NotFound => "not_found",
    MethodNotAllowed => "method_not_allowed",
    BodyTooLarge => "body_too_large",
    UnsupportedMediaType => "unsupported_media_type",
    RateLimited => "rate_limited",
    Timeout => "timeout",
    Unavailable => "unavailable",
    Internal => "internal",
    MissingIdempotencyKey => "missing_idempotency_key",
    IdempotencyKeyConflict => "idempotency_key_conflict",
    UnknownCaseType => "unknown_case_type",
    UnsupportedLocale => "unsupported_locale",
    CaseNotFound => "case_not_found",
    SessionNotFound => "session_not_found",
    DocumentNotFound => "document_not_found",
    MissingDocumentUrl => "missing_document_url",
    InvalidDocumentUrl => "invalid_document_url",
    ProcessingNotEnabled => "processing_not_enabled",
    CaseNotProcessing => "case_not_processing",
    CaseMismatch => "case_mismatch",
    InvalidWebhookUrl => "invalid_webhook_url",
    DeliveryNotFound => "delivery_not_found",
    LinkInvalid => "link_invalid",
    LinkRequired => "link_required",
    CsrfFailed => "csrf_failed",
    IntakeClosed => "intake_closed",
    ReviewCommandNotFound => "review_command_not_found",
    ReviewNotAllowed => "review_not_allowed",
}

/// An error on its way to becoming a response.
#[derive(Debug, Clone)]
pub struct AppError {
    pub kind: Kind,
    pub code: Code,
    /// A developer-facing English explanation; when absent the code's message is used.
    pub detail: Option<String>,
    /// Seconds for `Retry-After` (rate limits).
    pub retry_after: Option<u64>,
    /// The internal cause, logged once and never sent.
    pub cause: Option<Arc<dyn std::error::Error + Send + Sync>>,
    /// The organization whose page this is, when an authentic link or a bound session proves
    /// it (an expired or closed link of a real case): its error page carries that insurer's
    /// name, logo and support contact. A link that proves nothing gets the neutral page, which
    /// never tells whose a case id is.
    pub org_id: Option<String>,
}

impl AppError {
    pub fn new(kind: Kind, code: Code) -> Self {
        Self {
            kind,
            code,
            detail: None,
            retry_after: None,
            cause: None,
            org_id: None,
        }
    }

    /// This error on a page of `org_id`'s (see [`AppError::org_id`]).
    #[must_use]
    pub fn on_page_of(mut self, org_id: &str) -> Self {
        self.org_id = Some(org_id.to_string());
        self
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn validation(code: Code, detail: impl Into<String>) -> Self {
        Self::new(Kind::Validation, code).with_detail(detail)
    }

    pub fn not_found(code: Code) -> Self {
        Self::new(Kind::NotFound, code)
    }

    pub fn internal(cause: impl std::error::Error + Send + Sync + 'static) -> Self {
        let mut e = Self::new(Kind::Internal, Code::Internal);
        e.cause = Some(Arc::new(cause));
        e
    }
}

/// `Kind/code: detail: cause`, for logs and the operator (a job's `last_error`, the admin
/// commands); never sent to a client, whose message is the detail or the code's text.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}/{}", self.kind, self.code.as_str())?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        if let Some(cause) = &self.cause {
            write!(f, ": {cause}")?;
        }
        Ok(())
    }
}

impl std::error::Error for AppError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_deref().map(|c| c as &(dyn std::error::Error + 'static))
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::PoolTimedOut => {
                let mut e = AppError::new(Kind::Unavailable, Code::Unavailable);
                e.cause = Some(Arc::new(err));
                e
            }
            other => AppError::internal(other),
        }
    }
}

impl IntoResponse for AppError {
    /// The status now and the error itself as an extension; `web::render_errors` writes the
    /// body, because only it knows the request id and whether this is the API or a page.
    fn into_response(self) -> Response {
        let (status, _) = self.kind.status_and_type();
        let mut response = status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_says_its_cause_in_logs() {
        let err = AppError::internal(std::io::Error::other("the blob store is full"));
        assert_eq!(err.to_string(), "Internal/internal: the blob store is full");
        let err = AppError::validation(Code::InvalidField, "ttl_hours is too big");
        assert_eq!(err.to_string(), "Validation/invalid_field: ttl_hours is too big");
    }

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} appears twice");
            assert!(
                s.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{s} is not snake_case"
            );
        }
    }

    #[test]
    fn every_kind_maps_to_a_seed_type() {
        let seed_types = [
            "validation_error",
            "authentication_error",
            "authorization_error",
            "not_found",
            "rate_limit_error",
            "internal_error",
            "precondition_error",
        ];
        for kind in [
            Kind::Validation,
            Kind::Authentication,
            Kind::Authorization,
            Kind::NotFound,
            Kind::MethodNotAllowed,
            Kind::PayloadTooLarge,
            Kind::UnsupportedMediaType,
            Kind::Precondition,
            Kind::RateLimited,
            Kind::Unavailable,
            Kind::Internal,
        ] {
            let (_, ty) = kind.status_and_type();
            assert!(seed_types.contains(&ty), "{kind:?} -> {ty}");
        }
    }
}
