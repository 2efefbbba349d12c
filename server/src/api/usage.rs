//! Usage of an offering's plans (SPEC §11): records reported by the provider's metering
//! (`POST …/usage`: at most 100 a call, each answered on its own: 201 stored, 409 duplicate,
//! 422 refused with reasons; the call answers 201 when all were stored, 409 when all were
//! duplicates, 422 when none could be stored for other reasons, else 207), and the usage
//! replay of one plan, which rates a month without charging anyone.

use super::{Api, ApiError, Body};
use app::domain::usage::{Pattern, UsageRecord};
use app::plans::server::{ReplayOutcome, ReplayView};
use app::plans::service;
use app::plans::usage::RecordResult;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct UsageResponse {
    pub stored: usize,
    /// One answer per record, in order: `status` 201, 409 or 422 with reasons.
    pub results: Vec<RecordResult>,
}

/// Reports usage records (at most 100 a call) for the offering's plans.
#[utoipa::path(post, path = "/api/v1/offerings/{id}/usage", tag = "usage", params(("id" = String, Path)),
    request_body = Vec<UsageRecord>,
    responses((status = 201, body = UsageResponse, description = "All stored"),
        (status = 207, body = UsageResponse, description = "Some stored"),
        (status = 409, body = UsageResponse, description = "All duplicates"),
        (status = 422, body = UsageResponse, description = "None could be stored"),
        (status = 400, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn post_usage(
    api: Api,
    Path(id): Path<String>,
    Body(records): Body<Vec<UsageRecord>>,
) -> Result<Response, ApiError> {
    let results = service::report_usage(&api.cx(), &id, &records).await?;
    let stored = results.iter().filter(|r| r.stored()).count();
    let all = |status: u16| results.iter().all(|r| r.status == status);
    let status = if all(201) {
        StatusCode::CREATED
    } else if all(409) {
        StatusCode::CONFLICT
    } else if all(422) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::MULTI_STATUS
    };
    Ok((status, Json(UsageResponse { stored, results })).into_response())
}

/// A plan's replayed usage and how it rates (what a month would cost).
#[utoipa::path(get, path = "/api/v1/offerings/{id}/plans/{plan_id}/replay", tag = "usage",
    params(("id" = String, Path), ("plan_id" = String, Path)),
    responses((status = 200, body = ReplayView), (status = 404, body = ApiError)))]
pub async fn get_replay(
    api: Api,
    Path((id, plan_id)): Path<(String, String)>,
) -> Result<Json<ReplayView>, ApiError> {
    Ok(Json(service::load_replay(&api.cx(), &id, &plan_id).await?))
}

/// Replays usage records of one plan (drafts and limited offerings; nobody is charged).
#[utoipa::path(post, path = "/api/v1/offerings/{id}/plans/{plan_id}/replay", tag = "usage",
    params(("id" = String, Path), ("plan_id" = String, Path)),
    request_body = Vec<UsageRecord>,
    responses((status = 200, body = ReplayOutcome), (status = 404, body = ApiError),
        (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn post_replay(
    api: Api,
    Path((id, plan_id)): Path<(String, String)>,
    Body(records): Body<Vec<UsageRecord>>,
) -> Result<Json<ReplayOutcome>, ApiError> {
    Ok(Json(
        service::replay(&api.cx(), &id, &plan_id, records).await?,
    ))
}

/// Generates and replays a month of records from a pattern.
#[utoipa::path(post, path = "/api/v1/offerings/{id}/replay/pattern", tag = "usage",
    params(("id" = String, Path)), request_body = Pattern,
    responses((status = 200, body = ReplayOutcome), (status = 404, body = ApiError),
        (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn post_replay_pattern(
    api: Api,
    Path(id): Path<String>,
    Body(pattern): Body<Pattern>,
) -> Result<Json<ReplayOutcome>, ApiError> {
    Ok(Json(
        service::replay_pattern(&api.cx(), &id, pattern).await?,
    ))
}

/// How many replayed records were cleared.
#[derive(Serialize, ToSchema)]
pub struct ClearedOut {
    pub cleared: u64,
}

/// Clears a plan's replayed records (reported usage is never touched).
#[utoipa::path(delete, path = "/api/v1/offerings/{id}/plans/{plan_id}/replay", tag = "usage",
    params(("id" = String, Path), ("plan_id" = String, Path)),
    responses((status = 200, body = ClearedOut), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn delete_replay(
    api: Api,
    Path((id, plan_id)): Path<(String, String)>,
) -> Result<Json<ClearedOut>, ApiError> {
    let cleared = service::clear_replay(&api.cx(), &id, &plan_id).await?;
    Ok(Json(ClearedOut { cleared }))
}
