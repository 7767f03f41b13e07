//! The applicant's browser session: a signed link is exchanged for a cookie session bound to
//! one case; every page and form checks that binding (in constant time) and a CSRF token, and
//! picks the page's language. HTTP only: the conversation itself is the engine's.

use std::sync::Arc;

use axum::http::HeaderMap;
use tower_sessions::Session;

use crate::case_types::CaseType;
use crate::cases::store::CaseRow;
use crate::error::{AppError, Code, Kind};
use crate::l10n::Locale;
use crate::state::AppState;
use crate::web::PageCtx;

/// Session keys.
pub(super) const CASE_KEY: &str = "intake_case";
pub(super) const CSRF_KEY: &str = "csrf";
pub(super) const LANG_KEY: &str = "lang";
/// The hour of the last page view: changing it once an hour makes tower-sessions save the
/// session (it saves only changed ones), which moves its inactivity expiry, in the database
/// and on the cookie, while the applicant is active.
const SEEN_KEY: &str = "seen_hour";

pub(super) fn session_error(e: impl std::fmt::Display) -> AppError {
    AppError::internal(std::io::Error::other(e.to_string()))
}

/// Before a form or an upload is read: the browser must hold a cookie session bound to the
/// case in the path, or the answer is the `link_required` page at once and not a byte of the
/// body is buffered (a flood of half-sent, cookie-less posts then costs nothing). The full
/// check (case state, CSRF token in the body) follows in the handler.
pub async fn bound_before_body(
    session: Session,
    axum::extract::Path(params): axum::extract::Path<std::collections::HashMap<String, String>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Result<axum::response::Response, AppError> {
    let id = params.get("id").map(String::as_str).unwrap_or_default();
    crate::web::known_shape(crate::ids::IdKind::Case, id, Code::RouteNotFound)?;
    if *request.method() == axum::http::Method::POST {
        let bound: Option<String> = session.get(CASE_KEY).await.map_err(session_error)?;
        if !bound.is_some_and(|b| crate::links::constant_time_eq(b.as_bytes(), id.as_bytes())) {
            return Err(AppError::new(Kind::Authorization, Code::LinkRequired));
        }
    }
    Ok(next.run(request).await)
}

/// Everything a page of one case needs, after the cookie was checked.
pub struct Ctx {
    pub case: CaseRow,
    pub case_type: Arc<CaseType>,
    pub csrf: String,
    pub page: PageCtx,
}

impl Ctx {
    /// Whether the applicant may still change anything.
    pub fn is_open(&self) -> bool {
        super::engine::is_open(&self.case, crate::ids::now_ms())
    }

    pub fn require_open(&self) -> Result<(), AppError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(AppError::new(Kind::Authorization, Code::IntakeClosed).on_page_of(&self.case.org_id))
        }
    }

    pub fn base(&self) -> String {
        format!("/s/{}", self.case.id)
    }
}

/// The page locale: the applicant's own choice, then the session's `locale`, then the
/// browser's `Accept-Language`, then Dutch.
pub fn locale(chosen: Option<&str>, case_locale: Option<&str>, headers: &HeaderMap) -> Locale {
    chosen
        .and_then(Locale::parse)
        .or_else(|| case_locale.and_then(Locale::parse))
        .or_else(|| {
            headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or(Locale::DEFAULT)
}

/// Loads the case the cookie is bound to, refusing any other.
pub async fn context(
    state: &AppState,
    session: &Session,
    case_id: &str,
    headers: &HeaderMap,
    request_id: String,
) -> Result<Ctx, AppError> {
    crate::web::known_shape(crate::ids::IdKind::Case, case_id, Code::RouteNotFound)?;
    let bound: Option<String> = session.get(CASE_KEY).await.map_err(session_error)?;
    let csrf: Option<String> = session.get(CSRF_KEY).await.map_err(session_error)?;
    let (Some(bound), Some(csrf)) = (bound, csrf) else {
        return Err(AppError::new(Kind::Authorization, Code::LinkRequired));
    };
    if !crate::links::constant_time_eq(bound.as_bytes(), case_id.as_bytes()) {
        return Err(AppError::new(Kind::Authorization, Code::LinkRequired));
    }
    let hour = crate::ids::now_ms() / 3_600_000;
    if session.get::<i64>(SEEN_KEY).await.map_err(session_error)? != Some(hour) {
        session.insert(SEEN_KEY, hour).await.map_err(session_error)?;
    }
    let case = super::engine::find_case(&state.db, case_id)
        .await?
        .ok_or_else(|| AppError::new(Kind::Authorization, Code::LinkRequired))?;
    // A revoked or expired link closes the pages too, unless the applicant already submitted:
    // then they keep a read-only confirmation.
    if case.submitted_at.is_none() && !case.link_active(crate::ids::now_ms()) {
        return Err(AppError::new(Kind::Authorization, Code::LinkInvalid).on_page_of(&case.org_id));
    }
    let case_type = state
        .case_types
        .get(&case.case_type_id)
        .ok_or_else(|| AppError::internal(std::io::Error::other("case type no longer loaded")))?;
    let chosen: Option<String> = session.get(LANG_KEY).await.map_err(session_error)?;
    let locale = locale(chosen.as_deref(), case.locale.as_deref(), headers);
    let brand = crate::orgs::store::brand(&state.db, &case.org_id).await?;
    Ok(Ctx {
        page: PageCtx::new(state.l10n.clone(), locale, request_id).with_brand(brand),
        case,
        case_type,
        csrf,
    })
}

/// Checks a form's CSRF token against the session's, in constant time.
pub fn check_csrf(ctx: &Ctx, sent: Option<&str>) -> Result<(), AppError> {
    crate::web::check_csrf(Some(&ctx.csrf), sent)
}
