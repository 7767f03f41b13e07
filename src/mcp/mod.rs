//! The MCP server (issue 24): Klarefi's two planes as tools for an assistant, over stdio
//! (`klarefi mcp`) and over Streamable HTTP at `/mcp` on the running server.
//!
//! The customer plane ([`customer`]) calls what the API routes call — sessions, cases, the
//! package, review — with the API key's scopes and environment checked the same way
//! (`orgs::routes::caller_for_key`, `Caller::require`), so another organization's case is
//! "not found" here too. The applicant plane ([`applicant`]) drives the intake engine
//! (`intake::engine`) that the hosted pages drive, authorized by the signed link instead of a
//! key, so a claim started in a browser can be finished by an assistant and the other way
//! round; each of its tools answers with the next action in a structured form.
//!
//! Transport only: no rule lives here that the API or the pages would need again. It never
//! logs a link's token, an API key or a document's text; failures reach the assistant as
//! tool errors (`isError`) with a stable code and an English message.

mod applicant;
mod customer;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, Implementation, ServerCapabilities, ServerConfig};
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt as _, tool, tool_handler, tool_router};
use serde_json::{Value, json};

use crate::error::{AppError, Kind};
use crate::l10n::Locale;
use crate::orgs::Caller;
use crate::state::AppState;

pub use applicant::{
    AnswerFields, AnswerQuestion, GiveConsent, LinkOnly, UploadDocument, WaitForNextAction, parse_link,
};
pub use customer::{CaseOnly, CreateSession, QueueFilters, ReviewCommandRef, SubmitReview};

/// The largest message either transport takes: one upload of the largest document a step may
/// accept, as base64, plus the rest of the call.
pub const MAX_MESSAGE_BYTES: usize = (crate::vocab::MAX_DOCUMENT_BYTES as usize).div_ceil(3) * 4 + 64 * 1024;

/// What the assistant is told when it connects.
const INSTRUCTIONS: &str = "Klarefi: hosted insurance-claim intake. Two kinds of tools. \
Applicant tools (open_intake, give_intake_consent, answer_fields, answer_question, upload_document, \
submit_intake, wait_for_next_action) help a claimant finish their claim; they take the claimant's \
signed link (https://…/s/{case_id}?token=…) in `link` (over stdio, a link given at start or opened \
with open_intake is used when `link` is left out). Every applicant tool answers with `next_action`: \
do what it says (its `tool` names the tool to call next) and show the claimant what it asks; never \
invent answers the claimant did not give. Customer tools (create_intake_session, get_case, \
get_case_package, get_case_workspace, list_operator_queue, submit_case_review, get_review_command) \
are for the insurer and need an API key (KLAREFI_API_KEY over stdio, `Authorization: Bearer` over HTTP) \
with the scope each names.";

/// One MCP connection's view of Klarefi: the shared state, and over stdio the key and link it
/// was started with.
#[derive(Clone)]
pub struct Klarefi {
    state: AppState,
    /// Over stdio: the API key `klarefi mcp` was started with, authenticated again on every
    /// call (a revoked key stops working within the key cache's age, as on the API).
    api_key: Option<Arc<str>>,
    /// Over stdio: the link given at start or opened last, used when a tool leaves out
    /// `link`. `None` over HTTP, where every call stands alone.
    link: Option<Arc<Mutex<Option<String>>>>,
    tool_router: ToolRouter<Self>,
}

/// A refusal as the assistant reads it: a stable code and an English message.
#[derive(Debug, Clone)]
pub struct ToolError {
    pub code: &'static str,
    pub message: String,
    /// Where the claim stands, when the refusal came from an applicant tool.
    pub next: Option<Value>,
}

impl ToolError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            next: None,
        }
    }

    #[must_use]
    pub fn with_next(mut self, next: Value) -> Self {
        self.next = Some(next);
        self
    }

    /// `error` as the API would say it: its code, and its detail or its code's English message.
    /// An internal cause is logged here, once, and never sent.
    pub fn from_app(state: &AppState, error: &AppError) -> Self {
        if error.kind == Kind::Internal {
            match &error.cause {
                Some(cause) => tracing::error!(code = error.code.as_str(), error = %cause, "mcp tool failed"),
                None => tracing::error!(code = error.code.as_str(), "mcp tool failed"),
            }
        }
        let message = error.detail.clone().unwrap_or_else(|| {
            state
                .l10n
                .tr(Locale::En, &format!("error-{}", error.code.as_str()), None)
        });
        Self::new(error.code.as_str(), message)
    }

    fn into_result(self) -> CallToolResult {
        let mut body = json!({ "error": { "code": self.code, "message": self.message } });
        if let Some(next) = self.next {
            body["intake"] = next;
        }
        CallToolResult::structured_error(body)
    }
}

/// A tool's answer: its JSON as structured content, or its refusal as a tool error.
fn answer(result: Result<Value, ToolError>) -> Result<CallToolResult, ErrorData> {
    Ok(match result {
        Ok(value) => CallToolResult::structured(value),
        Err(e) => e.into_result(),
    })
}

impl Klarefi {
    fn new(state: AppState, api_key: Option<String>, link: Option<Option<String>>) -> Self {
        Self {
            state,
            api_key: api_key.map(Arc::from),
            link: link.map(|l| Arc::new(Mutex::new(l))),
            tool_router: Self::tool_router(),
        }
    }

    /// The server `klarefi mcp` runs over stdio.
    pub fn stdio(state: AppState, api_key: Option<String>, link: Option<String>) -> Self {
        Self::new(state, api_key, Some(link))
    }

    /// The server behind `/mcp`: the key comes with each request, the link with each call.
    pub fn http(state: AppState) -> Self {
        Self::new(state, None, None)
    }

    /// The tools this server offers, for the tests and the README.
    pub fn tools(&self) -> Vec<rmcp::model::Tool> {
        self.tool_router.list_all()
    }

    /// The API key's caller: from the HTTP request (authenticated and counted by
    /// [`authenticate`]) or from the key `klarefi mcp` was started with.
    async fn caller(&self, ctx: &RequestContext<RoleServer>) -> Result<Caller, ToolError> {
        if let Some(parts) = ctx.extensions.get::<axum::http::request::Parts>() {
            return parts.extensions.get::<Caller>().cloned().ok_or_else(|| {
                ToolError::new(
                    "missing_api_key",
                    "customer tools need an API key: send `Authorization: Bearer sk_test_…` (or sk_live_…) with the /mcp request",
                )
            });
        }
        let Some(secret) = self.api_key.as_deref() else {
            return Err(ToolError::new(
                "missing_api_key",
                "customer tools need an API key: start `klarefi mcp` with KLAREFI_API_KEY set",
            ));
        };
        let state = &self.state;
        let (caller, limit) = crate::orgs::routes::caller_for_key(state, secret)
            .await
            .map_err(|e| ToolError::from_app(state, &e))?;
        crate::orgs::routes::count_request(state, &caller, limit)
            .await
            .map_err(|e| ToolError::from_app(state, &e))?;
        Ok(caller)
    }

    /// The link a call names, else (over stdio) the one given at start or opened last.
    fn link_of(&self, given: Option<&str>) -> Result<String, ToolError> {
        if let Some(link) = given.map(str::trim).filter(|l| !l.is_empty()) {
            return Ok(link.to_string());
        }
        let remembered = self
            .link
            .as_ref()
            .and_then(|l| l.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone());
        remembered.ok_or_else(|| {
            ToolError::new(
                "missing_link",
                "give the claimant's signed link in `link` (https://…/s/{case_id}?token=…)",
            )
        })
    }

    /// Over stdio, remembers `link` for the calls that leave it out.
    fn remember(&self, link: &str) {
        if let Some(slot) = &self.link {
            *slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(link.to_string());
        }
    }
}

#[tool_router]
impl Klarefi {
    // ---- the applicant plane -----------------------------------------------------------

    #[tool(
        description = "Open a claimant's claim with their signed link and see where it stands. Returns the claim's reference and status and `next_action`: what to do next (its `kind` is consent, documents, questions, wait, confirm_document, check, summary, clarification or done; its `tool` names the tool to call). Opening a link a browser also uses is fine: both see the same claim. Refused with link_invalid (not a Klarefi link or tampered) or link_expired (expired or withdrawn by the insurer)."
    )]
    async fn open_intake(&self, Parameters(args): Parameters<LinkOnly>) -> Result<CallToolResult, ErrorData> {
        let result = async {
            let link = self.link_of(args.link.as_deref())?;
            let view = applicant::open_intake(&self.state, &link).await?;
            self.remember(&link);
            Ok(view)
        }
        .await;
        answer(result)
    }

    #[tool(
        description = "Record the claimant's consent to the privacy notice shown by open_intake (next_action.kind = consent). Only call this after the claimant has read the notice and agreed; `agree` must be true. Returns the next action."
    )]
    async fn give_intake_consent(
        &self,
        Parameters(args): Parameters<GiveConsent>,
    ) -> Result<CallToolResult, ErrorData> {
        let result = async {
            let link = self.link_of(args.link.as_deref())?;
            applicant::give_consent(&self.state, &link, args.agree).await
        }
        .await;
        answer(result)
    }

    #[tool(
        description = "Answer one or more question steps at once (next_action.kind = questions lists them in `fields`, each with its step_id, input type, options and format hint). `answers` maps step_id to the claimant's answer as text: dates as YYYY-MM-DD or as the claimant wrote them, amounts like 697.00, yes_no as \"yes\" or \"no\", choice as one of the option values. Also finishes a documents step when no more files are coming: give its step_id with \"done\". Answers are applied in the claim's step order; the first one refused stops the call with a tool error naming the step and why (the ones before it are kept). Returns the next action."
    )]
    async fn answer_fields(&self, Parameters(args): Parameters<AnswerFields>) -> Result<CallToolResult, ErrorData> {
        let result = async {
            let link = self.link_of(args.link.as_deref())?;
            applicant::answer_fields(&self.state, &link, &args.answers).await
        }
        .await;
        answer(result)
    }

    #[tool(
        description = "React to what was read from the claimant's documents. For next_action.kind = confirm_document: give `document_id` and choice \"yes\" when every value shown is right; to correct one of them instead, give its `fact_id`, choice \"other\" and the right `value`. For next_action.kind = check: give `fact_id` and a choice from `choices` — \"yes\" (the value shown is right), \"value:<value>\" (one of the values offered), \"other\" with `value` (the claimant's own), or \"unknown\" (the claimant does not know; only where offered). For next_action.kind = clarification (a case handler's question, also after submitting): give `clarification_id`, choice \"other\" and the claimant's answer in `value`. Returns the next action."
    )]
    async fn answer_question(&self, Parameters(args): Parameters<AnswerQuestion>) -> Result<CallToolResult, ErrorData> {
        let result = async {
            let link = self.link_of(args.link.as_deref())?;
            applicant::answer_question(&self.state, &link, &args).await
        }
        .await;
        answer(result)
    }

    #[tool(
        description = "Upload one document for a documents step (next_action.kind = documents): a PDF, JPEG or PNG as base64 in `content_base64`, at most the step's `max_bytes` (25 MiB at most) and within its `accept` list. Set `finish_step` to true when this is the last file for the step (it then moves on, as the page's \"Continue\" button does). The tool waits up to `wait_seconds` (default 20) for the documents to be read, so the answer usually already shows what was read. Refused with too_big, unsupported_type, too_many, wrong_step or intake_closed. Returns the upload's document_id and the next action."
    )]
    async fn upload_document(&self, Parameters(args): Parameters<UploadDocument>) -> Result<CallToolResult, ErrorData> {
        let result = async {
            let link = self.link_of(args.link.as_deref())?;
            applicant::upload_document(&self.state, &link, &args).await
        }
        .await;
        answer(result)
    }

    #[tool(
        description = "Submit the claim once next_action.kind = summary (every step answered and every check settled). Returns the claim's final status (completed or needs_review) and its reference for the claimant. Refused with not_ready (and the next action) when something is still open."
    )]
    async fn submit_intake(&self, Parameters(args): Parameters<LinkOnly>) -> Result<CallToolResult, ErrorData> {
        let result = async {
            let link = self.link_of(args.link.as_deref())?;
            applicant::submit(&self.state, &link).await
        }
        .await;
        answer(result)
    }

    #[tool(
        description = "Wait until the claim needs the claimant again — the uploaded documents are read (next_action.kind = wait) or something changed in the claimant's browser — up to `wait_seconds` (default 30, at most 60), then return the next action."
    )]
    async fn wait_for_next_action(
        &self,
        Parameters(args): Parameters<WaitForNextAction>,
    ) -> Result<CallToolResult, ErrorData> {
        let result = async {
            let link = self.link_of(args.link.as_deref())?;
            applicant::wait(&self.state, &link, args.wait_seconds).await
        }
        .await;
        answer(result)
    }

    // ---- the customer plane --------------------------------------------------------------

    #[tool(
        description = "Create a hosted intake session (POST /api/v1/sessions; scope intake:sessions:create). Returns session_id, signed_url (the claimant's link: give it to the claimant, or to open_intake) and expires_at. `idempotency_key` is required: a retry with the same key and body returns the same session."
    )]
    async fn create_intake_session(
        &self,
        Parameters(args): Parameters<CreateSession>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let result = async {
            let caller = self.caller(&ctx).await?;
            customer::create_session(&self.state, &caller, args).await
        }
        .await;
        answer(result)
    }

    #[tool(
        description = "Read a case (GET /api/v1/cases/{id}; scope cases:read): its status, mode, documents and each fact's value with its decision. A case of another organization or environment is case_not_found."
    )]
    async fn get_case(
        &self,
        Parameters(args): Parameters<CaseOnly>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let result = async {
            let caller = self.caller(&ctx).await?;
            customer::get_case(&self.state, &caller, &args.case_id).await
        }
        .await;
        answer(result)
    }

    #[tool(
        description = "Read a case's package (GET /api/v1/cases/{id}/package, case_package.v1; scope cases:read): every fact with its value, decision, confidence and evidence (document, page, quote), the documents, the claimant's answers, the review, and a signed link to the handler's case file."
    )]
    async fn get_case_package(
        &self,
        Parameters(args): Parameters<CaseOnly>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let result = async {
            let caller = self.caller(&ctx).await?;
            customer::get_case_package(&self.state, &caller, &args.case_id).await
        }
        .await;
        answer(result)
    }

    #[tool(
        description = "A case handler's review workspace for one case (scope cases:review): `needs_attention` (the facts a handler must decide, as on the case file page), the review (its `review_version` for submit_case_review's expected_version, each fact's state, clarifications, every command with its handler), and each fact's candidates and evidence."
    )]
    async fn get_case_workspace(
        &self,
        Parameters(args): Parameters<CaseOnly>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let result = async {
            let caller = self.caller(&ctx).await?;
            customer::get_case_workspace(&self.state, &caller, &args.case_id).await
        }
        .await;
        answer(result)
    }

    #[tool(
        description = "The operator queue (GET /api/v1/review-queue; scope cases:review): cases that need a handler (status needs_review, or applicant_blocked), oldest first, with why. Pages with `cursor` (next_cursor of the previous page) while has_more is true."
    )]
    async fn list_operator_queue(
        &self,
        Parameters(args): Parameters<QueueFilters>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let result = async {
            let caller = self.caller(&ctx).await?;
            customer::list_queue(&self.state, &caller, args).await
        }
        .await;
        answer(result)
    }

    #[tool(
        description = "Run a review command on a case (POST /api/v1/cases/{id}/review-commands; scope cases:review) as a named handler. command_type and payload: accept_fact {fact_id, candidate_id?}; correct_fact {fact_id, value}; dispute_evidence {evidence_id}; request_clarification {fact_id?, question?} (asks the claimant); escalate {}; complete_review {}. `rationale` is required for correct_fact, dispute_evidence and escalate. `expected_version` is the workspace's review_version: a command decided on stale information is rejected rather than applied. Returns outcome applied, rejected (with the reason and the fresh review) or replayed, and the command."
    )]
    async fn submit_case_review(
        &self,
        Parameters(args): Parameters<SubmitReview>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let result = async {
            let caller = self.caller(&ctx).await?;
            customer::submit_review(&self.state, &caller, args).await
        }
        .await;
        answer(result)
    }

    #[tool(
        description = "Read one review command of a case (GET /api/v1/cases/{id}/review-commands/{command_id}; scope cases:review): its status, result or rejection reason, and its handler."
    )]
    async fn get_review_command(
        &self,
        Parameters(args): Parameters<ReviewCommandRef>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let result = async {
            let caller = self.caller(&ctx).await?;
            customer::get_review_command(&self.state, &caller, &args.case_id, &args.command_id).await
        }
        .await;
        answer(result)
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Klarefi {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("klarefi", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }
}

/// Serves the tools over stdin and stdout until the client closes them. Logs go to stderr.
pub async fn serve_stdio(server: Klarefi) -> Result<(), String> {
    let (stdin, stdout) = rmcp::transport::stdio();
    let transport =
        rmcp::transport::async_rw::AsyncRwTransport::new_server(stdin, stdout).with_max_line_length(MAX_MESSAGE_BYTES);
    let running = server
        .serve(transport)
        .await
        .map_err(|e| format!("the MCP client did not start a session: {e}"))?;
    running
        .waiting()
        .await
        .map(|_| ())
        .map_err(|e| format!("the MCP session ended with an error: {e}"))
}

/// `/mcp`: Streamable HTTP, stateless (every call carries its link or key), behind
/// [`authenticate`]. Hosts other than the public URL's and loopback are refused (DNS
/// rebinding), bodies are capped at [`MAX_MESSAGE_BYTES`].
pub fn router(state: &AppState) -> Router<AppState> {
    let for_service = state.clone();
    let mut hosts = vec!["localhost".to_string(), "127.0.0.1".to_string(), "::1".to_string()];
    hosts.extend(public_hosts(&state.config.public_url));
    let config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(None)
        .with_allowed_hosts(hosts)
        .with_max_request_body_bytes(MAX_MESSAGE_BYTES);
    let service = StreamableHttpService::new(
        move || Ok(Klarefi::http(for_service.clone())),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    Router::new()
        .route_service("/mcp", service)
        .layer(from_fn_with_state(state.clone(), authenticate))
}

/// The public URL's authority and host name (`example.com:8443`, `example.com`).
fn public_hosts(public_url: &str) -> Vec<String> {
    let rest = public_url.split_once("://").map_or(public_url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or_default();
    let host = authority
        .rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(authority, |(h, _)| h);
    [authority, host]
        .into_iter()
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .collect()
}

/// Before `/mcp`: a request with `Authorization: Bearer <key>` is authenticated and counted
/// against its organization's limit exactly as the API does, and carries its `Caller` to the
/// tools; a bad key is refused at once (401, the API's envelope). Without the header the
/// request goes on: the applicant tools need only the link they are given.
pub async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(value) = request.headers().get(axum::http::header::AUTHORIZATION) else {
        return next.run(request).await;
    };
    let secret = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_string());
    let Some(secret) = secret.filter(|s| !s.is_empty()) else {
        let e = AppError::new(Kind::Authentication, crate::error::Code::InvalidApiKey)
            .with_detail("use the Authorization header as: Bearer sk_test_… or Bearer sk_live_…");
        return refuse(&state, &e);
    };
    let caller = match crate::orgs::routes::caller_for_key(&state, &secret).await {
        Ok((caller, limit)) => match crate::orgs::routes::count_request(&state, &caller, limit).await {
            Ok(()) => caller,
            Err(e) => return refuse(&state, &e),
        },
        Err(e) => return refuse(&state, &e),
    };
    request.extensions_mut().insert(caller);
    next.run(request).await
}

/// The API's JSON envelope for a refusal before the MCP layer (`/mcp` is not under `/api`,
/// so `web::render_errors` would answer with a page).
fn refuse(state: &AppState, error: &AppError) -> Response {
    let (status, kind) = error.kind.status_and_type();
    let e = ToolError::from_app(state, error);
    let body = json!({ "error": { "type": kind, "code": e.code, "message": e.message } });
    let mut response = (status, axum::Json(body)).into_response();
    if let Some(secs) = error.retry_after {
        response
            .headers_mut()
            .insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(secs));
    }
    if status == axum::http::StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            axum::http::header::WWW_AUTHENTICATE,
            axum::http::HeaderValue::from_static("Bearer"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{Klarefi, public_hosts};

    /// Each tool and the arguments a model must give it.
    const TOOLS: &[(&str, &[&str])] = &[
        ("open_intake", &[]),
        ("give_intake_consent", &["agree"]),
        ("answer_fields", &["answers"]),
        ("answer_question", &["choice"]),
        ("upload_document", &["content_base64", "filename"]),
        ("submit_intake", &[]),
        ("wait_for_next_action", &[]),
        ("create_intake_session", &["case_type_id", "idempotency_key"]),
        ("get_case", &["case_id"]),
        ("get_case_package", &["case_id"]),
        ("get_case_workspace", &["case_id"]),
        ("list_operator_queue", &[]),
        (
            "submit_case_review",
            &[
                "case_id",
                "command_type",
                "expected_version",
                "handler_id",
                "idempotency_key",
            ],
        ),
        ("get_review_command", &["case_id", "command_id"]),
    ];

    #[test]
    fn every_tool_is_described_and_its_schema_names_what_it_requires_and_nothing_else() {
        let listed: BTreeMap<String, serde_json::Value> = Klarefi::tool_router()
            .list_all()
            .into_iter()
            .map(|t| (t.name.to_string(), serde_json::to_value(&t).expect("a tool as JSON")))
            .collect();
        let names: Vec<&str> = listed.keys().map(String::as_str).collect();
        let mut want: Vec<&str> = TOOLS.iter().map(|(n, _)| *n).collect();
        want.sort_unstable();
        assert_eq!(names, want);
        for (name, required) in TOOLS {
            let tool = &listed[*name];
            let description = tool["description"].as_str().unwrap_or_default();
            assert!(description.len() > 80, "{name}: {description:?}");
            let schema = &tool["inputSchema"];
            assert_eq!(schema["type"], "object", "{name}: {schema}");
            assert_eq!(
                schema["additionalProperties"], false,
                "{name}: unknown arguments are refused"
            );
            let mut got: Vec<&str> = schema["required"]
                .as_array()
                .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
                .unwrap_or_default();
            got.sort_unstable();
            assert_eq!(got, *required, "{name}: {schema}");
            for (field, spec) in schema["properties"].as_object().into_iter().flatten() {
                assert!(
                    spec["description"].as_str().is_some_and(|d| !d.is_empty()),
                    "{name}.{field} says what it is: {spec}"
                );
            }
        }
    }

    #[test]
    fn the_public_urls_host_is_allowed_with_and_without_its_port() {
        assert_eq!(
            public_hosts("https://claims.example.com:8443/base"),
            vec!["claims.example.com:8443", "claims.example.com"]
        );
        assert_eq!(
            public_hosts("https://claims.example.com"),
            vec!["claims.example.com", "claims.example.com"]
        );
    }
}
