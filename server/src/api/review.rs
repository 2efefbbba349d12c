//! Visibility (the lifecycle: make limited, request public, withdraw, …), test accounts, and
//! the reviewers' side: queue, request, comments, approve or reject.

use super::{Api, ApiError, Body};
use app::error::AppError;
use app::review::service;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct VisibilityEventIn {
    /// make_limited, back_to_draft, request_public, withdraw, submit_change,
    /// request_deprecate, request_retire (approve and reject: see /reviews).
    pub event: String,
    /// The note of a request, or the comment of a rejection.
    pub text: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct TestAccountIn {
    pub email: String,
}

#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct CommentIn {
    /// A document field (e.g. `texts.en.display_name`) for a per-field note; absent for
    /// the discussion.
    pub field: Option<String>,
    pub body: String,
}

#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct DecisionIn {
    /// `approve` or `reject`.
    pub decision: String,
    /// Required for a rejection.
    pub comment: Option<String>,
}

async fn visibility(api: &Api, id: String) -> Result<Response, ApiError> {
    let view = service::load_visibility(&api.cx(), &id).await?;
    Ok(Json(view).into_response())
}

/// Where the offering stands: state, pending request, checklist and readiness, the actions the
/// caller may take, test accounts, requests and open comments.
#[utoipa::path(get, path = "/api/v1/offerings/{id}/visibility", tag = "visibility", params(("id" = String, Path)),
    responses((status = 200, body = app::review::server::VisibilityView), (status = 404, body = ApiError)))]
pub async fn get_visibility(api: Api, Path(id): Path<String>) -> Result<Response, ApiError> {
    visibility(&api, id).await
}

/// Moves the offering through its lifecycle; answers where it stands afterwards.
#[utoipa::path(post, path = "/api/v1/offerings/{id}/visibility", tag = "visibility", params(("id" = String, Path)),
    request_body = VisibilityEventIn,
    responses((status = 200, body = app::review::server::VisibilityView), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn post_visibility(
    api: Api,
    Path(id): Path<String>,
    Body(e): Body<VisibilityEventIn>,
) -> Result<Response, ApiError> {
    if matches!(e.event.as_str(), "approve" | "reject") {
        return Err(AppError::invalid(
            "event",
            "Reviewers approve and reject through /api/v1/reviews/{request_id}/decision.",
        )
        .into());
    }
    let event = service::parse_event(&e.event, e.text)?;
    service::change_visibility(&api.cx(), &id, event).await?;
    visibility(&api, id).await
}

/// Names an account (e-mail) that sees the offering while it is limited.
#[utoipa::path(post, path = "/api/v1/offerings/{id}/test-accounts", tag = "visibility", params(("id" = String, Path)),
    request_body = TestAccountIn,
    responses((status = 204), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_test_account(
    api: Api,
    Path(id): Path<String>,
    Body(t): Body<TestAccountIn>,
) -> Result<StatusCode, ApiError> {
    service::add_test_account(&api.cx(), &id, &t.email).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a test account.
#[utoipa::path(delete, path = "/api/v1/offerings/{id}/test-accounts/{email}", tag = "visibility",
    params(("id" = String, Path), ("email" = String, Path)),
    responses((status = 204), (status = 404, body = ApiError)))]
pub async fn remove_test_account(
    api: Api,
    Path((id, email)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    service::remove_test_account(&api.cx(), &id, &email).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The review queue (reviewers only): pending requests, oldest first.
#[utoipa::path(get, path = "/api/v1/reviews", tag = "reviews",
    responses((status = 200, body = Vec<app::review::server::QueueEntry>), (status = 403, body = ApiError)))]
pub async fn review_queue(api: Api) -> Result<Response, ApiError> {
    let queue = service::review_queue(&api.cx()).await?;
    Ok(Json(queue).into_response())
}

/// A request: its snapshot, the changes against the live version, readiness and comments.
#[utoipa::path(get, path = "/api/v1/reviews/{request_id}", tag = "reviews", params(("request_id" = String, Path)),
    responses((status = 200, body = app::review::server::RequestView), (status = 404, body = ApiError)))]
pub async fn get_request(api: Api, Path(request_id): Path<String>) -> Result<Response, ApiError> {
    let view = service::load_request(&api.cx(), &request_id).await?;
    Ok(Json(view).into_response())
}

/// Comments on a pending request (reviewers; the provider's editors in the discussion).
#[utoipa::path(post, path = "/api/v1/reviews/{request_id}/comments", tag = "reviews", params(("request_id" = String, Path)),
    request_body = CommentIn,
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn post_comment(
    api: Api,
    Path(request_id): Path<String>,
    Body(c): Body<CommentIn>,
) -> Result<StatusCode, ApiError> {
    service::post_comment(&api.cx(), &request_id, c.field, &c.body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Approves or rejects a pending request (a reviewer outside the owning organisation).
#[utoipa::path(post, path = "/api/v1/reviews/{request_id}/decision", tag = "reviews", params(("request_id" = String, Path)),
    request_body = DecisionIn,
    responses((status = 200, body = app::review::server::RequestView, description = "The request after the decision"), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn decide(
    api: Api,
    Path(request_id): Path<String>,
    Body(d): Body<DecisionIn>,
) -> Result<Response, ApiError> {
    if !matches!(d.decision.as_str(), "approve" | "reject") {
        return Err(AppError::invalid("decision", "Choose approve or reject.").into());
    }
    let event = service::parse_event(&d.decision, d.comment)?;
    let view = service::decide(&api.cx(), &request_id, event).await?;
    Ok(Json(view).into_response())
}

/// The provider marks a reviewer's per-field comment resolved (editors and owners).
#[utoipa::path(post, path = "/api/v1/offerings/{id}/comments/{comment_id}/resolve", tag = "visibility",
    params(("id" = String, Path), ("comment_id" = i64, Path)),
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn resolve_comment(
    api: Api,
    Path((id, comment_id)): Path<(String, i64)>,
) -> Result<StatusCode, ApiError> {
    service::resolve_comment(&api.cx(), &id, comment_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
