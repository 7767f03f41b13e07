//! `/s/{id}/clarification`: a handler's question to the claimant, asked first when the
//! claimant opens their link again (`intake::routes::show` sends them here), and their answer.
//! The claimant's cookie session and CSRF token are the intake's; the rules are
//! `review::answer`'s.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Extension, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use tower_sessions::Session;

use super::Answered;
use super::store::ClarificationRow;
use crate::error::AppError;
use crate::ids::now_ms;
use crate::intake::context::{Ctx, check_csrf, context};
use crate::state::AppState;
use crate::web::{PageForm, RequestId};

/// The claimant's route; `app` puts it behind the cookie-session layer with the intake's.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/s/{id}/clarification", get(show).post(answer))
        .layer(DefaultBodyLimit::max(64 * 1024))
        .route_layer(axum::middleware::from_fn(crate::intake::context::bound_before_body))
}

#[derive(Template)]
#[template(path = "casefile_clarification.html")]
struct ClarificationPage<'a> {
    page: &'a crate::web::PageCtx,
    title: String,
    case_id: String,
    csrf: String,
    clarification_id: String,
    question: String,
    label: String,
    hint: String,
    value: String,
    error: String,
}

fn render(ctx: &Ctx, c: &ClarificationRow, value: &str, error: &str, status: StatusCode) -> Result<Response, AppError> {
    let ct = &ctx.case_type;
    let fact_label = c.fact_id.as_deref().map(|f| ctx.page.t(&format!("{}-fact-{f}", ct.id)));
    let label = match (&c.question, &fact_label) {
        (Some(_), _) => ctx.page.t("review-clarify-your-answer"),
        (None, Some(fact)) => ctx.page.ta("review-clarify-fact", &[("fact", fact.clone())]),
        (None, None) => ctx.page.t("review-clarify-your-answer"),
    };
    let hint = match (&c.question, fact_label) {
        (Some(_), Some(fact)) => ctx.page.ta("review-clarify-about", &[("fact", fact)]),
        _ => String::new(),
    };
    let html = ClarificationPage {
        page: &ctx.page,
        title: ctx.page.t(&format!("{}-title", ct.id)),
        case_id: ctx.case.id.clone(),
        csrf: ctx.csrf.clone(),
        clarification_id: c.id.clone(),
        question: c.question.clone().unwrap_or_default(),
        label,
        hint,
        value: value.to_string(),
        error: error.to_string(),
    }
    .render()
    .map_err(AppError::internal)?;
    Ok((status, [(header::CACHE_CONTROL, "private, no-store")], Html(html)).into_response())
}

/// `GET /s/{id}/clarification`: the open question, or back to the case's own page.
async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let ctx = context(&state, &session, &id, &headers, rid.0).await?;
    match super::open_clarification(&state.db, &ctx.case).await? {
        Some(c) => render(&ctx, &c, "", "", StatusCode::OK),
        None => Ok(Redirect::to(&ctx.base()).into_response()),
    }
}

/// `POST /s/{id}/clarification`: the claimant's answer.
async fn answer(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
    PageForm(form): PageForm,
) -> Result<Response, AppError> {
    let ctx = context(&state, &session, &id, &headers, rid.0).await?;
    check_csrf(&ctx, form.get("csrf").map(String::as_str))?;
    let clarification = form.get("clarification").map(String::as_str).unwrap_or_default();
    let value = form.get("value").map(String::as_str).unwrap_or_default();
    let outcome = super::answer(&state.db, &ctx.case, &ctx.case_type, clarification, value, now_ms()).await?;
    match outcome {
        Answered::Recorded | Answered::NothingOpen => {
            Ok(Redirect::to(&format!("{}/clarification", ctx.base())).into_response())
        }
        Answered::Invalid(message_id) => {
            let Some(c) = super::open_clarification(&state.db, &ctx.case).await? else {
                return Ok(Redirect::to(&ctx.base()).into_response());
            };
            render(
                &ctx,
                &c,
                value.trim(),
                &ctx.page.t(&message_id),
                StatusCode::BAD_REQUEST,
            )
        }
    }
}
